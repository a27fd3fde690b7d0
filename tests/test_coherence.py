"""Any year, any project: the generated text never contradicts its own figures (issue #10).

Three fixture years, each with its generated sentences asserted in full:
- a hotline year where four of seven indicators miss slightly but the total is 99.61 (优);
- tests/fixtures/archive/2024: a non-hotline project in 元 with qualitative indicators, one
  measure and blank prose fields;
- data/2021 copied forward to 2022 without edits, where `selfeval check` names every stale phrase.
"""

from __future__ import annotations

import shutil
from decimal import Decimal as D
from pathlib import Path

import pytest
import yaml

from selfeval.api import open_year
from selfeval.cli import main
from selfeval.contract.load import load_year
from selfeval.evaluation.evaluate import evaluate
from selfeval.evaluation.judgement import verdict
from selfeval.presentation import narrate
from selfeval.presentation.form import form_grid
from selfeval.presentation.review import open_findings, year_findings


def text_warnings(ev):
    """The open findings of the wording checks and the rest, as `selfeval check` lists them."""
    return open_findings(year_findings(ev))


ROOT = Path(__file__).resolve().parents[1]
ARCHIVE = ROOT / "tests" / "fixtures" / "archive"


def _copy_2021(tmp_path: Path, year: int = 2021) -> Path:
    dst = tmp_path / "data" / str(year)
    shutil.copytree(ROOT / "data" / "2021", dst)
    if year != 2021:
        path = dst / "project.yaml"
        text = path.read_text(encoding="utf-8")
        text = text.replace("fiscal_year: 2021", f"fiscal_year: {year}")
        text = text.replace("year_period: {start: 2021-01-01, end: 2021-12-31}", f"year_period: {{start: {year}-01-01, end: {year}-12-31}}")
        path.write_text(text, encoding="utf-8")
    return dst


def _counts(folder: Path, **numerators: int) -> None:
    """Set the numerator of indicators (by id), as an analyst entering a new year's counts would."""
    path = folder / "indicators.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    for ind in data["indicators"]:
        if ind["id"] in numerators:
            ind["numerator"]["value"] = numerators[ind["id"]]
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


# --------------------------------------------------------------------------- the verdict rule


@pytest.mark.parametrize(
    "grade, all_met, expected",
    [
        ("优", True, "达到"),
        ("优", False, "基本达到"),
        ("良", True, "基本达到"),
        ("良", False, "部分达到"),
        ("中", True, "部分达到"),
        ("中", False, "部分达到"),
        ("差", True, "未达到"),
        ("差", False, "未达到"),
    ],
)
def test_verdict_follows_the_grade(grade, all_met, expected):
    assert verdict(grade, all_met) == expected


def test_2021_still_reads_basically_achieved():
    ev = open_year(ROOT / "data", 2021)
    assert ev.verdict == "基本达到"
    assert narrate.goal_achieved(ev).endswith("领导接电交办重点事项完成率100.00%。本项目基本达到预期绩效目标。")
    assert "坐席规模保持567个" in narrate.goal_achieved(ev)


# --------------------------------------------------------------------------- a hotline year: most missed, high score


@pytest.fixture
def most_missed(tmp_path):
    folder = _copy_2021(tmp_path)
    # 99.97%, 99.81% against =100%; 94.38% against ≥95%; the answer rate stays 94.07%
    _counts(folder, dispatch_timeliness=2949000, callback_rate=474000, satisfaction=3500000)
    return open_year(folder.parent, 2021)


def test_most_missed_high_score_sentences(most_missed):
    ev = most_missed
    assert (ev.total, ev.grade, ev.verdict, len(ev.met)) == (D("99.61"), "优", "基本达到", 3)
    assert [str(i.score.score) for i in ev.missed] == ["12.00", "11.70", "12.98", "9.93"]
    misses = (
        "“工单转派及时率”完成值略低于全年指标目标，“月度话务接通率”完成值略低于全年指标目标，"
        "“对群众办理结果不满意的回访率”完成值略低于全年指标目标，“话务服务市民满意度”完成值略低于全年指标目标"
    )
    assert narrate.attainment_sentence(ev) == (
        "通过全年的监控材料来看，“话务平台可用率”“群众咨询事项一次性解答率”“领导接电交办重点事项完成率”3个指标均达到全年指标目标值，" + misses + "。"
    )
    assert narrate.overall_sentence(ev) == "“12345政府服务热线人工坐席服务外包项目”在2021年度实施情况整体较好，部分指标达到预期绩效目标。"
    assert narrate.attainment_point(ev) == (
        "指标达成情况有待提升。通过项目单位评价材料来看，2021年度该项目年初设定的7个绩效目标指标中，有3个指标达到全年指标目标值，" + misses + "。"
    )
    assert narrate.benefits_figures(ev).endswith("截至2021年12月31日，项目本年度主要绩效指标数量7个，指标达标数量3个，基本达到预期绩效目标，" + misses + "。")
    assert narrate.goal_achieved(ev).endswith("本项目基本达到预期绩效目标。")  # beside 自评等级：优, never 未能达到
    pending = "偏差原因：【待补充】。改进措施：【待补充】。"  # missed now, with nothing written for them
    assert narrate.deviation_cell(ev, ev.item("dispatch_timeliness")) == "按完成值与指标值的比例记分：12×99.97%÷100%=12.00分。" + pending
    assert narrate.deviation_cell(ev, ev.item("satisfaction")) == "按完成值与指标值的比例记分：10×94.38%÷95%=9.93分。" + pending
    assert narrate.problems_cell(ev) == "工单转派及时率未达标；月度话务接通率未达标；对群众办理结果不满意的回访率未达标；话务服务市民满意度未达标"


def test_one_wording_per_miss_everywhere(tmp_path):
    folder = _copy_2021(tmp_path)
    _counts(folder, answer_rate=10500000, satisfaction=3500000)  # 90.00% (clearly) and 94.38% (slightly) below
    ev = open_year(folder.parent, 2021)
    clause = "“月度话务接通率”完成值低于全年指标目标，“话务服务市民满意度”完成值略低于全年指标目标"
    for text in (narrate.attainment_sentence(ev), narrate.attainment_point(ev), narrate.benefits_figures(ev)):
        assert clause in text, text


# --------------------------------------------------------------------------- a non-hotline project


@pytest.fixture(scope="module")
def archive():
    return open_year(ARCHIVE, 2024)


def test_archive_scores(archive):
    ev = archive
    assert (ev.budget.rate, ev.budget.score, ev.total, ev.grade, ev.verdict) == (D("86.25"), D("8.63"), D("95.30"), "优", "基本达到")
    assert ev.subtotals == {"产出指标": D("46.67"), "满意度指标": D("20.00"), "效益指标": D("20.00")}


def test_archive_sentences(archive):
    ev = archive
    assert narrate.indicator_count_sentence(ev) == "根据2024年度本项目预算申报表及项目实施方案要求，具体设置5个绩效指标，其中定量指标3个、定性指标2个。"
    assert narrate.attainment_sentence(ev) == (
        "通过全年的监控材料来看，“图像质量抽检合格率”“档案利用满意度”“档案信息安全”3个指标均达到全年指标目标值，"
        "“数字化加工页数”完成值低于全年指标目标，“加工进度及时性”评价为“基本及时”，部分达成全年指标目标。"
    )
    # amounts in the data's own unit (元), 2 decimals: 431,234.50 ÷ 500,000.00 = 86.2469% → the printed 86.25%
    assert narrate.budget_sentence(ev) == (
        "“档案数字化加工项目”2024年度预算资金为500,000.00元，截至2024年12月31日，本项目年度预算执行资金为431,234.50元，预算执行率86.25%。"
    )
    assert narrate.spending_sentence(ev) == (
        "“档案数字化加工项目”2024年度预算资金为500,000.00元，截至12月31日实际支出金额为431,234.50元，支出进度86.25%，资金使用进度偏慢。"
    )
    assert narrate.measures_paragraph(ev) == "针对上述问题，我馆将加快数字化加工进度，按月通报完成情况。"
    assert narrate.measures_cell(ev) == "加快数字化加工进度，按月通报完成情况。"
    assert narrate.goal_achieved(ev) == (
        "全年完成馆藏档案数字化加工，档案利用服务水平进一步提升。数字化加工页数1180000页，图像质量抽检合格率98.70%，"
        "加工进度及时性评价为“基本及时”（年度指标值“及时”，部分达成），档案利用满意度93.2%，档案信息安全为“无安全事故”（达到年度指标值）。"
        "本项目基本达到预期绩效目标。"
    )
    assert narrate.overall_sentence(ev) == "“档案数字化加工项目”在2024年度实施情况整体较好，大部分指标达到预期绩效目标。"
    assert [narrate.indicator_detail(i, ev) for i in ev.items] == [
        "数字化加工页数为1180000页。",
        "抽检页数10000页，抽检合格9870页，图像质量抽检合格率为98.70%。",
        "加工进度及时性评价为“基本及时”（部分达成）。",
        "档案利用满意度为93.2%。",
        "档案信息安全为“无安全事故”（达到年度指标值）。",
    ]
    # what the analyst has not written shows as 【待补充】: a missed indicator's reason and measure
    assert narrate.deviation_cell(ev, ev.item("pages")) == (
        "按完成值与指标值的比例记分：20×1180000页÷1200000页=19.67分。偏差原因：部分档案纸张老化，需先行修裱后再扫描。改进措施：【待补充】。"
    )
    assert narrate.deviation_cell(ev, ev.item("timeliness")) == (
        "按定性评价记分：评价为“基本及时”（部分达成），得7.00分（分值10分）。偏差原因：【待补充】。改进措施：【待补充】。"
    )
    assert narrate.problem_paragraphs(ev) == [
        "在评价过程中发现预算执行率为86.25%，未达到100%，年度预算500,000.00元中尚有68,765.50元未支出，预算完成率得分8.63分（分值10分），"
        "扣1.37分，执行偏差的主要原因为：【待补充】。",
        "在评价过程中发现“数字化加工页数”未达到目标值（完成值1180000页，目标≥1200000页），不达标的主要原因为：部分档案纸张老化，需先行修裱后再扫描。",
        "在评价过程中发现“加工进度及时性”未达到目标值（评价为“基本及时”，目标“及时”），不达标的主要原因为：【待补充】。",
    ]
    assert narrate.problems_cell(ev) == "预算执行率86.25%，尚有68,765.50元未支出；数字化加工页数未达标；加工进度及时性未达标"


def test_archive_lone_points_are_not_numbered(archive):
    """One conclusion point and one measure: no 一是 without a 二是, in the chapter and in the form
    (the form, its .xlsx and its Word table once numbered the lone measure: 一是…；)."""
    assert narrate.conclusion_points(archive) == [
        "指标达成情况有待提升。通过项目单位评价材料来看，2024年度该项目年初设定的5个绩效目标指标中，有3个指标达到全年指标目标值，"
        "“数字化加工页数”完成值低于全年指标目标，“加工进度及时性”评价为“基本及时”，部分达成全年指标目标。"
    ]
    cells = {row[0].text: row[1].text for table in form_grid(archive).tables for row in table.body if len(row) == 2}
    assert cells["改进措施"] == "加快数字化加工进度，按月通报完成情况。"


def test_2021_points_stay_numbered():
    ev = open_year(ROOT / "data", 2021)
    assert [p[:2] for p in narrate.conclusion_points(ev)] == ["一是", "二是", "三是"]
    cells = {row[0].text: row[1].text for table in form_grid(ev).tables for row in table.body if len(row) == 2}
    assert cells["改进措施"].startswith("一是督促承建单位进一步加强资源协调调度")
    assert cells["改进措施"].endswith("四是面对服务量激增情况在年中及时进行预期指标值调整，使项目绩效指标更加贴合项目实施情况。")


def test_blank_sections_print_pending(archive):
    """A blank section prints a visible 【待补充】, never a silent 无。 (issue 21)."""
    for field in ("background", "implementation", "project_management"):
        assert narrate.section_text(archive, field) == "【待补充】"
    assert narrate.blank_section(archive, "legal_basis") == "【待补充】"  # the list's otherwise
    assert narrate.section_text(archive, "unit_overview") == "某市档案馆负责馆藏档案的保管和利用。"
    assert narrate.prose_list(archive, "legal_basis") == []


def _accept(folder: Path, *marks: str) -> None:
    (folder / "review.yaml").write_text(f"fiscal_year: {folder.name}\nintended:\n" + "".join(marks), encoding="utf-8")


def test_accepted_blank_section_prints_none(tmp_path):
    folder = tmp_path / "data" / "2024"
    shutil.copytree(ARCHIVE / "2024", folder)
    _accept(folder, "  - {file: prose.yaml, field: background, check: 章节未填写, reason: 新设项目，无立项背景材料}\n")
    ev = open_year(folder.parent, 2024)
    assert narrate.section_text(ev, "background") == "无。"
    assert narrate.section_text(ev, "implementation") == "【待补充】"  # only what was accepted


def test_no_measures_reads_pending_then_none_once_accepted(tmp_path):
    folder = tmp_path / "data" / "2024"
    shutil.copytree(ARCHIVE / "2024", folder)
    path = folder / "prose.yaml"
    path.write_text(path.read_text(encoding="utf-8").split("measures:")[0] + "measures: []\n", encoding="utf-8")
    ev = open_year(folder.parent, 2024)
    assert narrate.measures_paragraph(ev) == "【待补充】" and narrate.measures_cell(ev) == "【待补充】"
    _accept(folder, "  - {file: prose.yaml, field: measures, check: 章节未填写, reason: 测试}\n")
    ev = evaluate(load_year(folder))  # open_year caches by folder
    assert narrate.measures_paragraph(ev) == "无。" and narrate.measures_cell(ev) == "无"


def test_nested_quotes_become_single():
    assert narrate.quote("评价“满意”率") == "“评价‘满意’率”"
    assert narrate.quoted(["A", "B"]) == "“A”“B”"


@pytest.mark.parametrize("prior, expected", [(567, "坐席规模保持567个"), (500, "坐席规模增至567个"), (600, "坐席规模减至567个"), (None, "坐席规模567个")])
def test_seats_verb_follows_the_previous_year(tmp_path, prior, expected):
    folder = _copy_2021(tmp_path)
    path = folder / "operations.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["seats"].pop("prior_year_total")
    if prior is not None:
        data["seats"]["prior_year_total"] = prior
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    assert expected + "，" in narrate.goal_achieved(open_year(folder.parent, 2021))


# --------------------------------------------------------------------------- selfeval check


def test_2021_is_clean_with_its_review_marks():
    findings = year_findings(open_year(ROOT / "data", 2021))
    assert open_findings(findings) == []
    assert len(findings) == 12 and all(f.accepted for f in findings)


def test_copied_forward_year_names_every_stale_phrase(tmp_path, capsys):
    folder = _copy_2021(tmp_path, 2022)
    assert main(["check", "--year", "2022", "--data", str(folder.parent)]) == 0
    out = capsys.readouterr().out.splitlines()
    findings = open_findings(year_findings(open_year(folder.parent, 2022)))
    assert out == [f"{f.severity}：{f.line()}" for f in findings] + ["2022年度：复核提示20条待处理"]
    assert {(f.file, f.field, f.check) for f in findings} == {
        ("review.yaml", "fiscal_year", "复核记录年度"),  # the 2021 marks no longer apply
        ("indicators.yaml", "weight", "一级指标分值"),  # the 2021 acceptance of the split with them
        ("project.yaml", "project.form_name", "非本年度年份"),  # 2021年…工作经费
        ("project.yaml", "project.goal", "非本年度年份"),  # 2020年-2022年
        ("project.yaml", "contract.signed", "非本年度年份"),  # 2020年12月
        ("prose.yaml", "background", "非本年度年份"),
        ("prose.yaml", "background", "数字应写占位符"),  # 11个区、40个市直部门 (2020's, marked in 2021)
        ("prose.yaml", "legal_basis", "非本年度年份"),  # 《2021年广州市政务服务数据管理局部门预算》
        ("prose.yaml", "implementation", "非本年度年份"),  # 《2021年…合同》
        ("prose.yaml", "project_management", "非本年度年份"),  # 《2021年…实施方案》
        ("prose.yaml", "conclusions_intro", "达标用语与结果不符"),  # 较理想 with one indicator missed
        ("prose.yaml", "spending", "非本年度年份"),  # five 《2021年…》 documents
    }
    text = "\n".join(out)
    assert (
        f"问题：{folder}/project.yaml：自评表项目名称（project.form_name）：【非本年度年份】“2021年12345政府服务热线”写的是2021年，不是本报告的2022年度"
        "——修改：指本年度的改写为 {{fiscal_year}}；引用的文件或日期请更新；确属原文的，在 review.yaml（复核记录）中标记保留"
    ) in text
    assert text.count("prose.yaml：支出效益分析开头（spending）：") == 5
    assert "（implementation）：【非本年度年份】“tractor}}签订《2021年广州12345政府服务”写的是2021年" in text
    assert main(["check", "--year", "2022", "--data", str(folder.parent), "--strict"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "复核提示20条待处理，--strict 不予通过" in err


def test_kept_reason_on_a_met_indicator_and_problem_words_are_named(tmp_path):
    folder = _copy_2021(tmp_path, 2022)
    _counts(folder, answer_rate=11222000)  # 96.19%: every indicator now meets its target
    ev = open_year(folder.parent, 2022)
    assert not ev.missed
    lines = [w.line() for w in text_warnings(ev)]
    assert (
        f"{folder}/indicators.yaml：偏差原因（answer_rate.deviation_reason）：【达标仍有偏差说明】偏差原因“受新冠疫情和群众服务需求自然增长的影响，{{{{fiscal_year}}}}年”"
        "会打印在自评表上，但“月度话务接通率”已达到年度指标值（96.19%）——修改：清空该指标的偏差原因（deviation_reason），或在 review.yaml（复核记录）中标记保留"
    ) in lines
    assert any("（answer_rate.improvement）：【达标仍有偏差说明】" in w for w in lines)
    assert (
        f"{folder}/prose.yaml：存在的主要问题开头（problems）：【问题用语与结果不符】“在取得良好成效的同时，仍存在一定的问题，需要在后续的工作中进行”"
        "说存在问题或未达标，但本年度各项指标均达到年度指标值，预算执行率100.00%——修改：按本年度结果改写三、存在的主要问题，或在 review.yaml（复核记录）中标记保留"
    ) in lines
    assert not any("较理想" in w for w in lines)  # all met: the word is now true


def test_all_met_words_with_most_missed(most_missed):
    findings = text_warnings(most_missed)
    # the 2021 mark on 较理想 was reviewed for 6 of 7 met; it still silences the phrase in 2021
    assert not any(f.check == "达标用语与结果不符" for f in findings)
    # what is open: the three indicators that now miss, without reason or measure
    assert {(f.field, f.check) for f in findings} == {
        (f"{i}.{field}", check)
        for i in ("dispatch_timeliness", "callback_rate", "satisfaction")
        for field, check in (("deviation_reason", "未达标缺偏差原因"), ("improvement", "未达标缺改进措施"))
    }


def test_all_met_words_flagged_in_another_year(tmp_path):
    folder = _copy_2021(tmp_path, 2022)
    _counts(folder, dispatch_timeliness=2949000, callback_rate=474000, satisfaction=3500000)
    lines = [w.line() for w in text_warnings(open_year(folder.parent, 2022))]
    assert any(
        "（conclusions_intro）：【达标用语与结果不符】“行项目支出，指标完成情况较理想”称全部达标或情况理想，但7个指标中有4个未达到年度指标值" in w
        for w in lines
    )


def test_all_met_words_about_a_task_are_not_a_claim_about_the_results(tmp_path):
    """全部完成招标 says a task was done; 各项任务全部完成 claims the year's results (4 of 7 missed here)."""
    folder = _copy_2021(tmp_path, 2022)
    _counts(folder, dispatch_timeliness=2949000, callback_rate=474000, satisfaction=3500000)
    prose_file = folder / "prose.yaml"
    prose = yaml.safe_load(prose_file.read_text(encoding="utf-8"))
    prose["background"] = prose["background"] + "项目已全部完成招标采购和合同签订。年度各项任务全部完成。全年目标全部完成"
    prose_file.write_text(yaml.safe_dump(prose, allow_unicode=True, sort_keys=False), encoding="utf-8")
    hits = [w.line() for w in text_warnings(open_year(folder.parent, 2022)) if "（background）：【达标用语与结果不符】" in w.line()]
    assert len(hits) == 2, hits
    assert "各项任务全部完成" in hits[0] and "全年目标全部完成" in hits[1] and not any("招标" in h for h in hits)


def test_literal_figure_suggests_its_placeholder(tmp_path):
    folder = _copy_2021(tmp_path)
    path = folder / "prose.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["benefits_closing"] = "全年预算13,410.06万元，接通率94.07%。"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    lines = [w.line() for w in text_warnings(open_year(folder.parent, 2021))]
    assert (
        f"{folder}/prose.yaml：项目效益分析结尾（benefits_closing）：【数字应写占位符】“全年预算13,410.06万元，接通率94.07%”中的13,410.06是计算结果{{{{budget}}}}，"
        in "\n".join(lines)
    )
    assert any("benefits_closing" in w and "改写为 {{answer_rate_value}}" in w for w in lines), lines


def test_marks_silence_only_their_phrase_and_year(tmp_path):
    folder = _copy_2021(tmp_path, 2022)
    path = folder / "review.yaml"
    path.write_text(
        "fiscal_year: 2022\nintended:\n  - {file: project.yaml, field: contract.signed, phrase: 2020年12月, reason: 测试}\n",
        encoding="utf-8",
    )
    lines = [w.line() for w in text_warnings(open_year(folder.parent, 2022))]
    assert not any("contract.signed" in w for w in lines)
    assert not any("review.yaml：复核年度（fiscal_year）" in w for w in lines)
    assert any("project.form_name" in w for w in lines)
