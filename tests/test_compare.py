"""与上年度对比 (issue #13): the comparison with the nearest earlier year, exact, without building a book.

The figures are those of tests/fixtures/years (README there) and of a variant of the non-hotline
fixture (tests/fixtures/other/2023 with an invented 2022 written below); each expected value was
worked out by hand from the fixture files, e.g. 月度话务接通率 2021: 10975138 ÷ 11666777 = 94.07%,
2020: 8176150 ÷ 8500000 = 96.19%, change −2.12 points.
"""

from __future__ import annotations

import json
import re
import shutil
from decimal import Decimal as D
from pathlib import Path

import pytest
import yaml

from book_fixtures import ROOT, cli_in_process, project_copy
from selfeval.analyses.compare import compare_with_previous, indicator_points, previous_year, total_points, year_history
from selfeval.bookbuild import yearlist
from selfeval.bookbuild.plan import REQUIREMENTS
from selfeval.errors import DataError
from selfeval.evaluation.year_cache import evaluate_year
from selfeval.presentation import compare_charts, compare_text

YEARS = ROOT / "tests" / "fixtures" / "years"
OTHER = ROOT / "tests" / "fixtures" / "other"


def rows(table_html: str) -> list[list[str]]:
    """The cells of an html_table, row by row (header row first)."""
    return [re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row) for row in re.findall(r"<tr[^>]*>(.*?)</tr>", table_html)]


# --------------------------------------------------------------------------- the hotline fixture years


def test_2021_against_2020_sentences():
    cmp = compare_with_previous(YEARS, 2021)
    assert cmp is not None and cmp.previous.year == 2020
    assert compare_text.basis_sentence(cmp, 2021) == (
        "本章将2021年度与2020年度逐项对比。绩效指标按指标编号对应，完成值、得分与资金的变化均按两个年度报告所列数值计算，百分比指标的变化以百分点计。"
    )
    assert compare_text.overview_sentence(cmp) == (
        "与2020年相比，自评总分由99.92分降低至99.70分，降低0.22分，自评等级均为“优”。2021年度7个绩效指标中6个达标，2020年度7个绩效指标全部达标。"
    )
    assert compare_text.indicator_sentences(cmp) == [
        "与2020年相比，月度话务接通率降低2.12个百分点，由达标转为未达标。",
        "与2020年相比，群众咨询事项一次性解答率提高0.79个百分点，保持达标。",
        "与2020年相比，话务服务市民满意度提高3.23个百分点，年度指标值由≥90%提高至≥95%，保持达标。",
        "“工单转派及时率”“对群众办理结果不满意的回访率”“话务平台可用率”3个指标完成值和年度指标值均与上年相同，保持达标。",
        "2021年度新增“领导接电交办重点事项完成率”指标（年度指标值≥80%，完成值100.00%，达标）。",
        "2020年度设置的“投诉按时办结率”指标2021年度不再设置（2020年度完成值98.50%，达标）。",
    ]
    assert compare_text.budget_sentence(cmp) == (
        "与2020年相比，年度预算数由12,000.00万元增至13,410.06万元，增加1,410.06万元；预算完成数由11,900.00万元增至13,410.06万元，"
        "增加1,510.06万元；预算执行率由99.17%提高至100.00%，提高0.83个百分点。"
    )
    # 2021: 134,100,600元 ÷ 28,717,436件 = 4.6697 → 4.67; 13,410.06 ÷ 567 = 23.65; ÷ 858 = 15.63
    # 2020: 119,000,000元 ÷ 20,000,000件 = 5.95; 11,900 ÷ 567 = 20.99; ÷ 800 = 14.875 → 14.88
    assert compare_text.unit_cost_sentence(cmp) == (
        "按项目总支出简单平均（含平台、场地、通信等全部费用），平均每件服务支出由5.95元降至4.67元，减少1.28元；"
        "每席年均支出由20.99万元增至23.65万元，增加2.66万元；每人年均支出由14.88万元增至15.63万元，增加0.75万元。"
    )


def test_2021_against_2020_tables():
    cmp = compare_with_previous(YEARS, 2021)
    assert rows(compare_text.indicator_table(cmp)) == [
        ["指标", "年度指标值", "2020年完成值", "2021年完成值", "完成值变化", "达标情况"],
        ["工单转派及时率", "100%", "100.00%", "100.00%", "持平", "保持达标"],
        ["月度话务接通率", "≥95%", "96.19%", "94.07%", "-2.12个百分点", "达标→未达标"],
        ["对群众办理结果不满意的回访率", "100%", "100.00%", "100.00%", "持平", "保持达标"],
        ["话务平台可用率", "≥99.99%", "99.99%", "99.99%", "持平", "保持达标"],
        ["群众咨询事项一次性解答率", "≥80%", "98.00%", "98.79%", "+0.79个百分点", "保持达标"],
        ["领导接电交办重点事项完成率", "≥80%", "—", "100.00%", "新增指标", "达标"],
        ["话务服务市民满意度", "≥90%→≥95%（提高）", "94.29%", "97.52%", "+3.23个百分点", "保持达标"],
        ["投诉按时办结率", "≥95%", "98.50%", "—", "不再设置", "—"],
    ]
    assert rows(compare_text.score_table(cmp)) == [
        ["项目", "2020年分值", "2020年得分", "2021年分值", "2021年得分", "得分变化"],
        ["预算完成率", "10", "9.92", "10", "10.00", "+0.08"],
        ["工单转派及时率", "12", "12.00", "12", "12.00", "持平"],
        ["月度话务接通率", "12", "12.00", "12", "11.70", "-0.30"],
        ["对群众办理结果不满意的回访率", "13", "13.00", "13", "13.00", "持平"],
        ["话务平台可用率", "13", "13.00", "13", "13.00", "持平"],
        ["群众咨询事项一次性解答率", "15", "15.00", "15", "15.00", "持平"],
        ["领导接电交办重点事项完成率", "—", "—", "15", "15.00", "新增指标"],
        ["话务服务市民满意度", "10", "10.00", "10", "10.00", "持平"],
        ["投诉按时办结率", "15", "15.00", "—", "—", "不再设置"],
        ["总分", "100", "99.92", "100", "99.70", "-0.22"],
    ]
    assert rows(compare_text.summary_table(cmp)) == [
        ["项目", "2020年", "2021年", "变化"],
        ["自评总分", "99.92", "99.70", "-0.22"],
        ["自评等级", "优", "优", "相同"],
        ["达标指标数", "7/7", "6/7", "-1个"],
        ["年度预算数（万元）", "12,000.00", "13,410.06", "+1,410.06"],
        ["预算完成数（万元）", "11,900.00", "13,410.06", "+1,510.06"],
        ["预算执行率", "99.17%", "100.00%", "+0.83个百分点"],
        ["平均每件服务支出（元）", "5.95", "4.67", "-1.28"],
        ["每席年均支出（万元）", "20.99", "23.65", "+2.66"],
        ["每人年均支出（万元）", "14.88", "15.63", "+0.75"],
    ]


def test_2020_against_2019():
    cmp = compare_with_previous(YEARS, 2020)
    assert compare_text.overview_sentence(cmp) == (
        "与2019年相比，自评总分由98.74分提高至99.92分，提高1.18分，自评等级均为“优”。2020年度7个绩效指标全部达标，2019年度7个绩效指标中5个达标。"
    )
    assert compare_text.indicator_sentences(cmp) == [
        "与2019年相比，月度话务接通率提高2.69个百分点，由未达标转为达标。",  # 96.19 − 93.50
        "与2019年相比，群众咨询事项一次性解答率提高2.00个百分点，年度指标值由≥85%降低至≥80%，保持达标。",  # 98.00 − 96.00
        "与2019年相比，投诉按时办结率提高4.50个百分点，由未达标转为达标。",  # 98.50 − 94.00
        "与2019年相比，话务服务市民满意度提高2.29个百分点，保持达标。",  # 94.29 − 92.00
        "“工单转派及时率”“对群众办理结果不满意的回访率”“话务平台可用率”3个指标完成值和年度指标值均与上年相同，保持达标。",
    ]
    assert compare_text.budget_sentence(cmp) == (
        "与2019年相比，年度预算数由10,000.00万元增至12,000.00万元，增加2,000.00万元；预算完成数由9,500.00万元增至11,900.00万元，"
        "增加2,400.00万元；预算执行率由95.00%提高至99.17%，提高4.17个百分点。"
    )
    assert rows(compare_text.score_table(cmp))[3] == ["月度话务接通率", "12", "11.40", "12", "12.00", "+0.60"]  # 2 steps × 0.3 in 2019
    assert rows(compare_text.score_table(cmp))[-1] == ["总分", "100", "98.74", "100", "99.92", "+1.18"]
    assert rows(compare_text.indicator_table(cmp))[5] == ["群众咨询事项一次性解答率", "≥85%→≥80%（降低）", "96.00%", "98.00%", "+2.00个百分点", "保持达标"]


def test_first_year_has_nothing_to_compare():
    assert previous_year(YEARS, 2019) is None
    assert compare_with_previous(YEARS, 2019) is None
    assert compare_text.basis_sentence(None, 2019) == "数据中没有2019年以前的年度，不作对比。"
    assert compare_text.indicator_sentences(None) == [] and compare_text.indicator_table(None) == "" and compare_text.overview_sentence(None) == ""


def test_the_chapter_is_planned_only_with_an_earlier_year(tmp_path):
    need = REQUIREMENTS["previous_year"]
    assert need(evaluate_year(YEARS, 2021)) and need(evaluate_year(YEARS, 2020))
    assert not need(evaluate_year(YEARS, 2019))
    assert not need(evaluate_year(ROOT / "data", 2021))  # the real data has one year


def test_a_missing_year_compares_with_the_nearest_earlier_one(tmp_path):
    root = tmp_path / "data"
    for y in (2019, 2021):
        shutil.copytree(YEARS / str(y), root / str(y))
    cmp = compare_with_previous(root, 2021)
    assert cmp.previous.year == 2019
    assert compare_text.basis_sentence(cmp, 2021).startswith("本章将2021年度与2019年度逐项对比（数据中没有2020年度，与最近的2019年度对比）。")
    assert compare_text.indicator_sentences(cmp)[0] == "与2019年相比，月度话务接通率提高0.57个百分点，仍未达标。"  # 94.07 − 93.50


def test_a_broken_earlier_year_is_an_error_naming_it(tmp_path):
    root = tmp_path / "data"
    for y in (2020, 2021):
        shutil.copytree(YEARS / str(y), root / str(y))
    (root / "2020" / "funding.csv").write_text("source,budget,executed\nmunicipal,abc,1\ntransfer,0,0\nother,0,0\n", encoding="utf-8")
    with pytest.raises(DataError, match=r"2020/funding\.csv：第2行，年度预算数（budget）"):
        compare_with_previous(root, 2021)


# --------------------------------------------------------------------------- another project: units, judgements, 元, grade


def _other_2022(tmp_path: Path) -> Path:
    """tests/fixtures/other/2023 plus an invented 2022 (same project) that differs in every way the comparison words."""
    root = tmp_path / "data"
    shutil.copytree(OTHER / "2023", root / "2023")
    dst = root / "2022"
    shutil.copytree(OTHER / "2023", dst)
    project = (dst / "project.yaml").read_text(encoding="utf-8").replace("2023", "2022")
    (dst / "project.yaml").write_text(project, encoding="utf-8")
    (dst / "funding.csv").write_text("source,budget,executed\nmunicipal,400000.00,400000.00\ntransfer,0,0\nother,0,0\n", encoding="utf-8")
    data = yaml.safe_load((dst / "indicators.yaml").read_text(encoding="utf-8"))
    by_id = {i["id"]: i for i in data["indicators"]}
    by_id["lectures"]["value"] = 10  # 20 × 10 ÷ 24 = 8.33
    by_id["repair_days"]["value"] = 3.0  # 10 × 2 ÷ 3 = 6.67
    by_id["timeliness"].update(reported_text="及时", scoring={"rule": "qualitative", "band": "达成", "score": 10})
    by_id["coverage"]["target"]["value"] = 85
    (dst / "indicators.yaml").write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return root


def test_units_judgements_and_grade_of_another_project(tmp_path):
    root = _other_2022(tmp_path)
    assert evaluate_year(root, 2022).total == D("83.00")  # 10 + 8.33 + 6.67 + 10 + 30 + 18 → 良
    cmp = compare_with_previous(root, 2023)
    assert compare_text.overview_sentence(cmp) == (
        "与2022年相比，自评总分由83.00分提高至92.75分，提高9.75分，自评等级由“良”升为“优”。2023年度5个绩效指标中2个达标，2022年度5个绩效指标中2个达标。"
    )
    assert compare_text.indicator_sentences(cmp) == [
        "与2022年相比，举办讲座场次增加16场，由未达标转为达标。",
        "与2022年相比，设备故障平均修复时长减少0.5天，仍未达标。",
        "与2022年相比，讲座按计划完成及时性评价由“及时”变为“基本及时”，由达标转为未达标。",
        "与2022年相比，街道覆盖率完成值持平，年度指标值由≥85%提高至≥90%，保持达标。",
        "“听众满意度”完成值和年度指标值均与上年相同，仍未达标。",
    ]
    assert compare_text.budget_sentence(cmp) == (
        "与2022年相比，年度预算数由400,000.00元增至500,000.00元，增加100,000.00元；预算完成数由400,000.00元增至487,500.00元，增加87,500.00元；"
        "预算执行率由100.00%降低至97.50%，降低2.50个百分点。"
    )
    assert compare_text.unit_cost_sentence(cmp) == ""  # not a hotline
    table = rows(compare_text.indicator_table(cmp))
    assert table[1] == ["举办讲座场次", "≥24场", "10场", "26场", "+16场", "未达标→达标"]
    assert table[2] == ["设备故障平均修复时长", "≤2天", "3天", "2.5天", "-0.5天", "仍未达标"]
    assert table[3] == ["讲座按计划完成及时性", "及时", "及时", "基本及时", "—", "达标→未达标"]
    assert rows(compare_text.summary_table(cmp))[2] == ["自评等级", "良", "优", "上升"]


# --------------------------------------------------------------------------- found by the synthetic portfolio (#26)


def _edit(root: Path, year: int, ident: str, **fields) -> None:
    path = root / str(year) / "indicators.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    next(i for i in data["indicators"] if i["id"] == ident).update(fields)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def _deadline(root: Path, year: int, target: str, done: str, met: bool = True) -> None:
    """The other project's 讲座按计划完成时限 as a date-like indicator: a deadline and the month it was done."""
    band = {"rule": "qualitative", "band": "达成", "score": 10} if met else {"rule": "qualitative", "band": "部分达成", "score": 7}
    _edit(root, year, "timeliness", name="讲座按计划完成时限", target={"text": target}, reported_text=done, scoring=band)


def test_a_deadline_that_only_moved_on_with_the_year_is_not_a_change(tmp_path):
    """2022年12月底前 → 2023年12月底前, done 2022年10月 → 2023年10月: the same deadline and the same month,
    one year on. It was '年度指标值由2022年12月底前调整为2023年12月底前' and '评价由“2022年10月”变为“2023年10月”'."""
    root = _other_2022(tmp_path)
    _deadline(root, 2022, "2022年12月底前", "2022年10月")
    _deadline(root, 2023, "2023年12月底前", "2023年10月")
    cmp = compare_with_previous(root, 2023)
    timeliness = next(c for c in cmp.indicators if c.id == "timeliness")
    assert (timeliness.target, timeliness.rolled, timeliness.unchanged) == (None, True, True)
    sentences = compare_text.indicator_sentences(cmp)
    assert "“讲座按计划完成时限”完成值和年度指标值均与上年相同（日期按年度顺延），保持达标。" in sentences
    assert not any("调整为" in s or "变为" in s for s in sentences if "时限" in s), sentences
    assert rows(compare_text.indicator_table(cmp))[3] == ["讲座按计划完成时限", "2023年12月底前", "2022年10月", "2023年10月", "—", "保持达标"]


def test_a_deadline_rolled_forward_with_a_month_that_changed(tmp_path):
    root = _other_2022(tmp_path)
    _deadline(root, 2022, "2022年12月底前", "2022年10月")
    _deadline(root, 2023, "2023年12月底前", "2023年9月")  # done a month earlier: a real change; the deadline only moved on
    sentences = compare_text.indicator_sentences(compare_with_previous(root, 2023))
    assert "与2022年相比，讲座按计划完成时限实际由2022年10月变为2023年9月，保持达标。" in sentences  # a date: not an 评价
    root = _other_2022(tmp_path / "again")
    _deadline(root, 2022, "2022年12月底前", "2022年10月")
    _deadline(root, 2023, "2023年9月底前", "2023年10月", met=False)  # the deadline was brought forward: adjusted
    cmp = compare_with_previous(root, 2023)
    assert (
        "与2022年相比，讲座按计划完成时限实际时间按年度顺延（由2022年10月至2023年10月），年度指标值由2022年12月底前调整为2023年9月底前，由达标转为未达标。"
        in (compare_text.indicator_sentences(cmp))
    )
    assert rows(compare_text.indicator_table(cmp))[3][1] == "2022年12月底前→2023年9月底前（调整）"


@pytest.mark.parametrize(
    "before, after, years, rolled",
    [
        ("2022年12月底前", "2023年12月底前", 1, True),
        ("2021年12月底前", "2023年12月底前", 2, True),  # against the nearest earlier year, two years back
        ("2022年12月底前", "2023年12月底前", 2, False),
        ("2022年12月底前", "2023年11月底前", 1, False),
        ("2022年12月底前", "2022年12月底前", 1, False),  # nothing moved
        ("2019年起至2022年底", "2019年起至2023年底", 1, True),  # the start stays, the end moves on
        ("2022-12-31前", "2023-12-31前", 1, True),
        ("不少于2010万亩", "不少于2011万亩", 1, False),  # a figure, not a year
        ("及时", "基本及时", 1, False),
    ],
)
def test_rolled_forward(before, after, years, rolled):
    from selfeval.contract.text_years import rolled_forward

    assert rolled_forward(before, after, years) is rolled


@pytest.mark.parametrize(
    "op, before, after, said, flag, status",
    [
        ("≤", 3, 2, "年度指标值由≤3天收紧至≤2天", "≤3天→≤2天（收紧）", "由达标转为未达标"),  # a ceiling lowered asks more
        ("≤", 1.5, 2, "年度指标值由≤1.5天放宽至≤2天", "≤1.5天→≤2天（放宽）", "仍未达标"),  # a ceiling raised asks less
        ("≥", 1, 2, "年度指标值由≥1天提高至≥2天", "≥1天→≥2天（提高）", "保持达标"),
        ("≥", 3, 2, "年度指标值由≥3天降低至≥2天", "≥3天→≥2天（降低）", "保持达标"),  # 3.0 and 2.5 days: met both years
    ],
)
def test_a_target_change_is_worded_by_its_operator(tmp_path, op, before, after, said, flag, status):
    root = _other_2022(tmp_path)
    _edit(root, 2022, "repair_days", target={"op": op, "value": before, "unit": "天"})
    _edit(root, 2023, "repair_days", target={"op": op, "value": after, "unit": "天"})
    cmp = compare_with_previous(root, 2023)
    assert compare_text.indicator_sentences(cmp)[1] == f"与2022年相比，设备故障平均修复时长减少0.5天，{said}，{status}。"
    assert rows(compare_text.indicator_table(cmp))[2][1] == flag


@pytest.mark.parametrize(
    "name, value_2022, ceiling_2022, expected",
    [
        ("讲座场地租赁费", 57400.5, 60000, "与2022年相比，讲座场地租赁费减少2,400.50元，保持达标。"),  # a noun: the change follows it
        ("场地租赁费用明显降低", 57400.5, 60000, "与2022年相比，“场地租赁费用明显降低”指标的完成值减少2,400.50元，保持达标。"),
        ("场地租赁费用控制到位", 55000, 62000, "与2022年相比，“场地租赁费用控制到位”指标的完成值持平，年度指标值由≤62,000.00元收紧至≤60,000.00元，保持达标。"),
    ],
)
def test_an_indicator_named_by_a_verb_gets_its_value_named(tmp_path, name, value_2022, ceiling_2022, expected):
    """'…明显降低减少2,400.50元' read as a stutter: a name that ends in what it should achieve is quoted."""
    root = _other_2022(tmp_path)
    for year, value, ceiling in ((2022, value_2022, ceiling_2022), (2023, 55000, 60000)):
        _edit(root, year, "coverage", name=name, value=value, target={"op": "≤", "value": ceiling, "unit": "元"})
    assert expected in compare_text.indicator_sentences(compare_with_previous(root, 2023))


def test_a_change_in_money_prints_as_the_amounts_do(tmp_path):
    """An indicator in 元 prints 57,400.50元; its change printed 2400.5元 beside it."""
    root = _other_2022(tmp_path)
    for year, value in ((2022, 57400.5), (2023, 55000)):
        _edit(root, year, "coverage", name="讲座场地租赁费", value=value, target={"op": "≤", "value": 60000, "unit": "元"})
    cmp = compare_with_previous(root, 2023)
    assert compare_text.indicator_sentences(cmp)[3] == "与2022年相比，讲座场地租赁费减少2,400.50元，保持达标。"
    assert rows(compare_text.indicator_table(cmp))[4] == ["讲座场地租赁费", "≤60,000.00元", "57,400.50元", "55,000.00元", "-2,400.50元", "保持达标"]


# --------------------------------------------------------------------------- charts


def test_trend_charts_draw_every_year_and_the_reference_lines():
    history = year_history(YEARS, 2021)
    assert [(p.year, p.total) for p in total_points(history)] == [(2019, D("98.74")), (2020, D("99.92")), (2021, D("99.70"))]
    spec = compare_charts.total_chart(total_points(history)).to_dict()
    text = json.dumps(spec, ensure_ascii=False)
    assert "优等级线（90分）" in text and '"title": "年度"' in text and '"title": "自评总分（分）"' in text
    # the whole 0–100 axis: from 88 up, a 2-point change looked like a collapse
    assert [lay["encoding"]["y"]["scale"] for lay in spec["layer"]] == [{"domain": [0, 100]}] * 4
    points = indicator_points(history)
    answer = [(p.year, p.value, p.met) for p in points if p.id == "answer_rate"]
    assert answer == [(2019, D("93.50"), False), (2020, D("96.19"), True), (2021, D("94.07"), False)]
    panels = compare_charts.indicator_history_chart(points).to_dict()
    titles = [c["title"]["text"] for c in panels["concat"]]
    assert titles[:7] == [
        "工单转派及时率",
        "月度话务接通率",
        "对群众办理结果不满意的回访率",
        "话务平台可用率",
        "群众咨询事项一次性解答率",
        "领导接电交办重点事项完成率",
        "话务服务市民满意度",
    ]
    assert titles[7:] == ["投诉按时办结率"]  # dropped in 2021, still drawn for the years it had
    assert "年度指标值" in json.dumps(panels, ensure_ascii=False)
    assert compare_charts.total_chart(total_points(history[:1])) is None


# --------------------------------------------------------------------------- years.js and the landing page


def _published(year: int, **extra) -> yearlist.PublishedYear:
    ev = evaluate_year(YEARS, year)
    man = {"fiscal_year": year, "title": f"{year}年报告", "built_at": f"{year + 1}-03-02T10:00:00+08:00", "total": str(ev.total), "grade": ev.grade}
    html = Path(__file__).parent  # any folder: pages are listed relative to it
    man.update(yearlist.manifest_fields(ev, html), pages=["intro.html", "executed/05_compare.html"], pdf=f"{year}年报告.pdf")
    man.update(extra)
    return yearlist.PublishedYear.read(year, man)


def test_manifest_summary_holds_the_card_figures():
    fields = yearlist.manifest_fields(evaluate_year(YEARS, 2021), ROOT / "tests" / "fixtures")
    s = fields["summary"]
    assert (s["total"], s["grade"], s["met"], s["indicators"], s["execution_rate"]) == ("99.70", "优", 6, 7, "100.00")
    assert s["project"] == "广州市12345政府服务热线人工坐席服务外包项目" and s["report_date"] is None
    assert {"id": "answer_rate", "name": "月度话务接通率", "unit": "%", "value": "94.07", "target": "95", "op": ">=", "met": False} in s["items"]
    assert fields["pages"] == []  # no HTML under tests/fixtures


def test_years_js_is_data_only_and_safe():
    hostile = "</script><script>alert(1)</script>&\u2028\u2029"
    years = [_published(2021, title=hostile), _published(2020)]
    js = yearlist.years_js(years)
    payload = js[js.index("window.SELFEVAL_YEARS = ") + len("window.SELFEVAL_YEARS = ") : js.rindex(";")]
    for bad in ("<", ">", "&", "\u2028", "\u2029"):
        assert bad not in payload
    data = json.loads(payload)
    assert [y["year"] for y in data["years"]] == [2020, 2021]  # ascending, whatever the input order
    assert data["years"][1]["title"] == hostile  # the text survives as text
    assert data["years"][0]["pdf"] == "2020/2020%E5%B9%B4%E6%8A%A5%E5%91%8A.pdf"
    assert data["years"][0]["pages"] == ["intro.html", "executed/05_compare.html"] and data["years"][0]["first"] == "intro.html"


def test_manifest_values_that_are_not_plain_names_are_not_linked():
    y = _published(
        2021, pdf="../../etc/passwd.pdf", pages=["intro.html", "../x.html", "javascript:alert(1).html", "a/b.html"], xlsx="自评表.xlsx", docx="x.exe"
    )
    assert y.files == {"xlsx": "自评表.xlsx"}
    assert y.pages == ["intro.html", "a/b.html"]


def test_landing_cards_newest_first_with_figures_dates_and_links():
    years = [_published(2019), _published(2021, xlsx="2021年自评表.xlsx", docx="2021年报告.docx"), _published(2020)]
    years[0].manifest["summary"]["report_date"] = "2020-02-15"
    html = yearlist.landing_page(years)
    cards = re.findall(r'<li class="card" id="year-(\d{4})">(.*?)</li>', html, re.S)
    assert [y for y, _ in cards] == ["2021", "2020", "2019"]
    text = {y: re.sub(r"<[^>]+>", "|", body) for y, body in cards}
    assert "99.70|分|优" in text["2021"] and "|6/7|" in text["2021"] and "|100.00%|" in text["2021"]
    assert "|99.92|分|优" in text["2020"] and "|7/7|" in text["2020"] and "|99.17%|" in text["2020"]
    assert "|98.74|分|优" in text["2019"] and "|5/7|" in text["2019"] and "|95.00%|" in text["2019"]
    # 编制日期 is the report's own date; without one the card says 未注明, never the build date (2022-03-02)
    assert "|编制日期||未注明|" in text["2021"] and "|编制日期||2020年2月15日|" in text["2019"]
    assert "2022年3月2日" not in html and "构建日期" not in html
    assert 'href="2021/html/index.html"' in html and 'href="2021/2021%E5%B9%B4%E6%8A%A5%E5%91%8A.pdf"' in html
    assert "||HTML 报告||PDF||自评表（Excel）||报告（Word）||" in text["2021"] and "||HTML 报告||PDF||" in text["2020"]
    assert 'href="2021/2021%E5%B9%B4%E8%87%AA%E8%AF%84%E8%A1%A8.xlsx"' in html and 'href="2021/2021%E5%B9%B4%E6%8A%A5%E5%91%8A.docx"' in html
    assert html.count('<img src="data:image/svg+xml;base64,') == 2 and "<script" not in html
    assert "广州市12345政府服务热线人工坐席服务外包项目 · 已发布3个年度" in html
    # the note points where the build information is (the footer link of every page), not to an 附录
    assert "见其报告页脚的“构建信息”" in html and "附录" not in html


def test_landing_page_escapes_manifest_text():
    y = _published(2021, title="<img src=x onerror=alert(1)>")
    html = yearlist.landing_page([y])
    assert "<img src=x" not in html and "&lt;img src=x onerror=alert(1)&gt;" in html


def test_broken_earlier_year_stops_the_build_before_any_notebook(tmp_path, capsys):
    data = tmp_path / "data"
    for y in (2020, 2021):
        shutil.copytree(YEARS / str(y), data / str(y))
    (data / "2020" / "indicators.yaml").write_text(
        (data / "2020" / "indicators.yaml").read_text(encoding="utf-8").replace("weight: 12\n", "wieght: 12\n", 1), encoding="utf-8"
    )
    project = project_copy(tmp_path / "project")
    proc = cli_in_process(capsys, "build", "--out", str(tmp_path / "public"), "--root", str(project), "--year", "2021", "--data", str(data))
    assert proc.returncode == 2, proc.stdout
    err = proc.stderr.strip().splitlines()
    assert len(err) == 1 and "2020/indicators.yaml" in err[0] and "wieght" in err[0] and "——修改：" in err[0], err
    assert "个笔记本，用" not in proc.stdout and not (tmp_path / "public" / "2021").exists()
