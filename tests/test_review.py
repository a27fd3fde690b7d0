"""Issue 21: review checks (复核提示) and a report that fits any project.

* three fixture projects unlike 2021, their sentences asserted in full: a 元-based district
  project that under-spends (tests/fixtures/district), a partial form of 40 points
  (tests/fixtures/partial), only qualitative and date-like indicators (tests/fixtures/qualitative);
* grade, verdict and attainment sentences for every grade × misses × form total;
* every review check, each with a test that fails without it, and review.yaml accepting one;
* 【待补充】 exactly where a finding says a needed field is blank; labels from the level of
  government; money in the data's own unit; charts of nothing left out; bounded regexes.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from decimal import Decimal as D
from pathlib import Path

import pytest
import yaml

from selfeval.api import open_year
from selfeval.cli import main
from selfeval.contract.load import load_year
from selfeval.errors import DataError
from selfeval.evaluation.evaluate import evaluate
from selfeval.presentation import charts, gaps, narrate
from selfeval.presentation.book_pages import review_html
from selfeval.presentation.form import form_grid
from selfeval.presentation.review import open_findings, year_findings
from test_rules import direct, write_year

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"


def fresh(folder: Path):
    """The evaluation of a folder written by the test (open_year caches by folder)."""
    return evaluate(load_year(folder))


def copy_fixture(tmp_path: Path, name: str, year: int) -> Path:
    dst = tmp_path / "data" / str(year)
    shutil.copytree(FIXTURES / name / str(year), dst)
    return dst


def edit_yaml(path: Path, change) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def indicator(data: dict, ident: str) -> dict:
    return next(i for i in data["indicators"] if i["id"] == ident)


def lines(ev) -> list[str]:
    return [f.line() for f in open_findings(year_findings(ev))]


# =========================================================================== the district project (元, under-spends)


@pytest.fixture(scope="module")
def district():
    return open_year(FIXTURES / "district", 2022)


def test_district_figures(district):
    ev = district
    assert (ev.budget.rate, ev.budget.score, ev.budget.lost, ev.budget.unspent) == (D("86.18"), D("8.62"), D("1.38"), D("3.454240"))
    assert (ev.total, ev.grade, ev.verdict) == (D("98.00"), "优", "基本达到")
    assert [(line.label, line.budget, line.executed) for line in ev.budget.lines] == [
        ("财政拨款（区本级支出）", D("5.0000"), D("3.5457600")),  # 本级 of a district: 项目级次 区级
        ("财政拨款（转移支付）", D("20.0000"), D("18.0000")),
        ("其他资金", D("0"), D("0")),
    ]


def test_district_sentences(district):
    ev = district
    assert narrate.overall_sentence(ev) == "“化肥减量增效示范项目”在2022年度实施情况整体较好，大部分指标达到预期绩效目标。"
    # money in the data's own unit (元), 2 decimals: 215,457.60 ÷ 250,000.00 = 86.18304% → 86.18%
    assert narrate.budget_sentence(ev) == (
        "“化肥减量增效示范项目”2022年度预算资金为250,000.00元，截至2022年12月31日，本项目年度预算执行资金为215,457.60元，预算执行率86.18%。"
    )
    assert narrate.spending_sentence(ev) == (
        "“化肥减量增效示范项目”2022年度预算资金为250,000.00元，截至12月31日实际支出金额为215,457.60元，支出进度86.18%，资金使用进度偏慢。"
    )
    # under-execution is a problem the report owns: 三 (rate, unspent amount, points lost), the 自评表's 存在问题
    assert narrate.problem_paragraphs(ev) == [
        "在评价过程中发现预算执行率为86.18%，未达到100%，年度预算250,000.00元中尚有34,542.40元未支出，预算完成率得分8.62分（分值10分），"
        "扣1.38分，执行偏差的主要原因为：【待补充】。",
        "在评价过程中发现“示范区配方肥到位率”未达到目标值（完成值75.00%，目标≥80%），不达标的主要原因为：【待补充】。",
    ]
    assert narrate.problems_cell(ev) == "预算执行率86.18%，尚有34,542.40元未支出；示范区配方肥到位率未达标"
    assert narrate.budget_deviation_cell(ev) == "按预算完成率记分：10×86.18%=8.62分。偏差原因：【待补充】。改进措施：【待补充】。"
    assert narrate.deviation_cell(ev, ev.item("formula_fertilizer")) == (
        "按完成值与指标值的比例记分：10×75.00%÷80%=9.38分。偏差原因：【待补充】。改进措施：【待补充】。"
    )
    assert narrate.score_summary(ev) == (
        "2022年度“化肥减量增效示范项目”绩效自评分值为98.00分，其中预算完成率8.62分，产出指标（示范区建立面积、化肥减量增效田间试验、"
        "农户施肥情况调查、示范区配方肥到位率、项目按时完成率、项目总成本）49.38分，效益指标（受益农户数、化肥利用率提高）30.00分，"
        "满意度指标（受益农户满意度）10.00分。自评等级为“优”。"
    )
    assert narrate.attainment_point(ev) == (
        "实施步骤紧凑合理，指标达成情况较好。通过项目单位评价材料来看，2022年度该项目年初设定的9个绩效目标指标中，有8个指标达到全年指标目标值，"
        "仅“示范区配方肥到位率”完成值低于全年指标目标。"
    )
    assert narrate.goal_achieved(ev) == (
        "示范区建立面积20000亩，化肥减量增效田间试验15组，农户施肥情况调查300户，示范区配方肥到位率75.00%，项目按时完成率100.00%，"
        "项目总成本215,457.60元，受益农户数5000户，化肥利用率提高2.3个百分点，受益农户满意度93.5%。本项目基本达到预期绩效目标。"
    )
    assert narrate.measures_paragraph(ev) == (
        "针对上述问题，我站将从两方面改进：一是加强技术指导，扩大侧深施肥和种肥同播技术覆盖面；二是做好田间试验数据的汇总分析，形成可推广的施肥技术模式。"
    )
    assert [narrate.indicator_detail(i, ev) for i in ev.items][3:6] == [
        "示范区配方肥计划面积18500亩，配方肥到位面积13875亩，示范区配方肥到位率为75.00%。",
        "计划任务数4项，按时完成任务数4项，项目按时完成率为100.00%。",
        "项目总成本为215,457.60元。",  # a 成本指标 in 元 prints as money
    ]


def test_district_findings(district):
    folder = "tests/fixtures/district/2022"
    assert lines(district) == [
        f"{folder}/budget.yaml：执行偏差原因（deviation_reason）：【预算执行缺原因】预算执行率86.18%，尚有34,542.40元未支出，预算完成率扣1.38分，但没有说明原因，"
        "报告中显示【待补充】——修改：在预算执行偏差原因（budget.yaml deviation_reason，工作簿“预算”表“执行偏差原因”）写明未执行的原因",
        f"{folder}/budget.yaml：执行改进措施（improvement）：【预算执行缺改进措施】预算执行率86.18%低于100%，但预算执行改进措施（improvement）为空，"
        "四、下一步改进措施中也没有提到预算执行、执行率、支出进度等——修改：在预算执行改进措施（budget.yaml improvement，工作簿“预算”表“执行改进措施”）"
        "写明加快执行的措施，或在改进措施（measures）中写一条",
        f"{folder}/indicators.yaml：偏差原因（formula_fertilizer.deviation_reason）：【未达标缺偏差原因】“示范区配方肥到位率”未达到年度指标值（完成值75.00%，目标≥80%），"
        "偏差原因为空，报告中显示【待补充】——修改：在该指标的偏差原因（deviation_reason）写明未达标的原因",
        f"{folder}/indicators.yaml：改进措施（formula_fertilizer.improvement）：【未达标缺改进措施】“示范区配方肥到位率”未达到年度指标值，但没有针对它的改进措施："
        "该指标的改进措施（improvement）为空，四、下一步改进措施中也没有一条提到“示范区配方肥到位率”"
        "——修改：填写该指标的改进措施（improvement），或在改进措施（measures）中写一条写明指标名称（或简称 short_name）的措施",
    ]
    accepted = [f for f in year_findings(district) if f.accepted]
    assert [(f.check, f.field, f.accepted) for f in accepted] == [("非本年度年份", "project.form_name", "资金名称：2021年下达的中央补助资金，2022年度实施")]


def test_district_form(district):
    grid = form_grid(district)
    texts = grid.texts()
    assert grid.unit_label == "单位：元"
    assert texts[0] == ["项目名称", "隆阳区2021年中央化肥减量增效示范县项目补助资金", "项目级次", "区级"]
    assert texts[2:8] == [
        ["项目资金\n（元）", "资金来源", "年度预算数", "预算完成数", "分值", "预算完成率", "得分"],
        ["总额", "250,000.00", "215,457.60", "10", "86.18%", "8.62"],
        ["其中：财政拨款（区本级支出）", "50,000.00", "35,457.60", ""],
        ["财政拨款（转移支付）", "200,000.00", "180,000.00", ""],
        ["其他资金", "0.00", "0.00", ""],
        # the 预算完成率 row's 偏差原因分析及改进措施
        ["偏差原因分析及改进措施", "按预算完成率记分：10×86.18%=8.62分。偏差原因：【待补充】。改进措施：【待补充】。"],
    ]
    assert texts[-3:-1] == [["存在问题", "预算执行率86.18%，尚有34,542.40元未支出；示范区配方肥到位率未达标"], ["改进措施", texts[-2][1]]]
    figures = {c.text: c for c in grid.cells() if c.figure is not None}
    assert figures["215,457.60"].figure == D("215457.60") and figures["215,457.60"].number_format == "#,##0.00"


def test_printed_amounts_add_up_and_give_the_printed_rate(district):
    """Every printed sum adds up and the printed rate is recomputable from the printed amounts."""
    rows = form_grid(district).texts()[3:7]
    amount = lambda text: D(text.replace(",", ""))  # noqa: E731
    total, parts = rows[0], rows[1:]
    assert amount(total[1]) == sum(amount(r[1]) for r in parts) and amount(total[2]) == sum(amount(r[2]) for r in parts)
    rate = (amount(total[2]) / amount(total[1]) * 100).quantize(D("0.01"))
    assert f"{rate}%" == total[4]


def test_under_execution_with_every_indicator_met(tmp_path):
    """The issue's first case: all met, 86.18% spent. 三 no longer says 各项绩效指标均达到目标值 alone."""
    folder = copy_fixture(tmp_path, "district", 2022)
    edit_yaml(folder / "indicators.yaml", lambda d: indicator(d, "formula_fertilizer")["numerator"].update(value=15000))  # 81.08%
    ev = fresh(folder)
    assert not ev.missed and ev.budget.under_executed
    assert narrate.problem_paragraphs(ev) == [
        "在评价过程中发现预算执行率为86.18%，未达到100%，年度预算250,000.00元中尚有34,542.40元未支出，预算完成率得分8.62分（分值10分），"
        "扣1.38分，执行偏差的主要原因为：【待补充】。"
    ]
    assert narrate.problems_cell(ev) == "预算执行率86.18%，尚有34,542.40元未支出"
    edit_yaml(folder / "budget.yaml", lambda d: d.update(deviation_reason="部分物化补助待验收后拨付。", improvement="加快验收和拨付进度。"))
    ev = fresh(folder)
    assert narrate.problem_paragraphs(ev)[0].endswith("扣1.38分，执行偏差的主要原因为：部分物化补助待验收后拨付。")
    assert narrate.budget_deviation_cell(ev) == "按预算完成率记分：10×86.18%=8.62分。偏差原因：部分物化补助待验收后拨付。改进措施：加快验收和拨付进度。"
    assert lines(ev) == []


# =========================================================================== the partial form (40 points)


@pytest.fixture(scope="module")
def partial():
    return open_year(FIXTURES / "partial", 2021)


def test_partial_form_sentences(partial):
    ev = partial
    assert (ev.total, ev.total_weight, ev.scaled_total, ev.grade, ev.verdict) == (D("39.82"), D("40"), D("99.55"), "优", "基本达到")
    assert narrate.score_summary(ev) == (
        "2021年度“国家基本公共卫生服务项目”绩效自评分值为39.82分（本表满分40分，折合百分制99.55分），其中预算完成率10.00分，产出指标（居民健康档案建档人数、"
        "发放健康教育资料种类、举办健康教育宣传咨询活动次数、建立预防接种证人数、适龄儿童国家免疫规划疫苗接种率、0-6岁儿童健康管理人数、新生儿访视人数、"
        "孕产妇产后访视人数、老年人健康管理人数、高血压患者规范管理人数、糖尿病患者规范管理人数、严重精神障碍患者管理人数、肺结核患者健康管理人数、"
        "家庭医生签约人数）29.82分。自评等级为“优”。"
    )
    assert narrate.overall_sentence(ev) == "“国家基本公共卫生服务项目”在2021年度实施情况整体较好，大部分指标达到预期绩效目标。"
    assert narrate.attainment_point(ev) == (
        "实施步骤紧凑合理，指标达成情况较好。通过项目单位评价材料来看，2021年度该项目年初设定的14个绩效目标指标中，有12个指标达到全年指标目标值，"
        "“居民健康档案建档人数”完成值低于全年指标目标，“孕产妇产后访视人数”完成值低于全年指标目标。"
    )
    assert narrate.goal_achieved(ev).endswith("肺结核患者健康管理人数8例，家庭医生签约人数22584人。本项目基本达到预期绩效目标。")
    assert narrate.budget_sentence(ev) == (
        "“国家基本公共卫生服务项目”2021年度预算资金为2,074,538.00元，截至2021年12月31日，本项目年度预算执行资金为2,074,538.00元，预算执行率100.00%。"
    )
    assert narrate.problem_paragraphs(ev) == [
        "在评价过程中发现“居民健康档案建档人数”未达到目标值（完成值37442人，目标≥38508人），不达标的主要原因为：部分外出务工人员全年不在辖区居住，无法入户建档。",
        "在评价过程中发现“孕产妇产后访视人数”未达到目标值（完成值203人，目标≥214人），不达标的主要原因为：11名产妇产后回外地娘家休养，未能在辖区内完成访视。",
    ]
    assert narrate.problems_cell(ev) == "居民健康档案建档人数未达标；孕产妇产后访视人数未达标"
    assert narrate.budget_deviation_cell(ev) is None  # 100% executed and nothing written: no row
    cells = {c.role: c.text for c in form_grid(ev).cells() if c.role in ("total_weight", "total", "grade")}
    assert cells == {"total_weight": "40", "total": "39.82", "grade": "（本表满分40分，折合百分制99.55分）自评等级：优"}
    assert form_grid(ev).texts()[4][0] == "其中：财政拨款（县本级支出）"  # 县 from region 稷山县
    findings = year_findings(ev)
    assert lines(ev) == [] and [(f.check, f.accepted) for f in findings] == [("一级指标分值", "本表只含预算执行和数量指标（满分40分），其余指标另表评价")]


# =========================================================================== qualitative and date-like only


@pytest.fixture(scope="module")
def qualitative():
    return open_year(FIXTURES / "qualitative", 2023)


def test_qualitative_sentences_say_what_happened(qualitative):
    ev = qualitative
    assert (ev.total, ev.grade, ev.verdict) == (D("88.00"), "良", "部分达到")
    assert narrate.indicator_count_sentence(ev) == "根据2023年度本项目预算申报表及项目实施方案要求，具体设置6个定性绩效指标。"
    assert narrate.overall_sentence(ev) == "“小型水库安全运行管护项目”在2023年度实施情况总体良好，大部分指标达到预期绩效目标。"
    # never “全县小型水库安全度汛评价为“安全度汛”” nor “项目完工时限评价为“2023年10月””
    assert narrate.goal_achieved(ev) == (
        "工程验收合格情况为“验收合格”（达到年度指标值），项目完工时限实际为2023年10月（年度指标值：2023年12月前，达成），"
        "水标尺安装完成时间实际为2023年8月（年度指标值：2023年6月底前，部分达成），全县小型水库安全度汛达到年度指标值，"
        "群众生产生活条件改善状况评价为“明显改善”（年度指标值“显著提升”，部分达成），受益群众满意度为“满意”（达到年度指标值）。本项目部分达到预期绩效目标。"
    )
    assert [narrate.indicator_detail(i, ev) for i in ev.items] == [
        "工程验收合格情况为“验收合格”（达到年度指标值）。2023年10月县水利局组织竣工验收，32座水库的水标尺全部验收合格。",
        "项目完工时限实际为2023年10月（达成）。水标尺制作安装于2023年10月全部完工，早于计划。",
        "水标尺安装完成时间实际为2023年8月（部分达成）。",
        "全县小型水库安全度汛达到年度指标值。汛期全县32座小型水库无垮坝、无人员伤亡，水位观测和预警信息报送及时。",
        "群众生产生活条件改善状况评价为“明显改善”（部分达成）。",
        "受益群众满意度为“满意”（达到年度指标值）。",
    ]
    assert narrate.attainment_sentence(ev) == (
        "通过全年的监控材料来看，“工程验收合格情况”“项目完工时限”“全县小型水库安全度汛”“受益群众满意度”4个指标均达到全年指标目标值，"
        "“水标尺安装完成时间”实际为2023年8月，部分达成全年指标目标，“群众生产生活条件改善状况”评价为“明显改善”，部分达成全年指标目标。"
    )
    assert narrate.problem_paragraphs(ev) == [
        "在评价过程中发现“水标尺安装完成时间”未达到目标值（实际为2023年8月，目标“2023年6月底前”），不达标的主要原因为：主汛期前部分库区道路损毁，材料无法运抵，安装推迟至汛后。",
        "在评价过程中发现“群众生产生活条件改善状况”未达到目标值（评价为“明显改善”，目标“显著提升”），不达标的主要原因为：项目区灌溉计量设施尚未全部配套，改善效果尚未完全显现。",
    ]
    assert {i.indicator.id: narrate.deviation_cell(ev, i) for i in ev.items if narrate.deviation_cell(ev, i) != "无"} == {
        "gauge_install": "按定性评价记分：实际为2023年8月（部分达成），得9.00分（分值15分）。偏差原因：主汛期前部分库区道路损毁，材料无法运抵，安装推迟至汛后。"
        "改进措施：提前在枯水期完成材料运输和基础施工。",
        "living_conditions": "按定性评价记分：评价为“明显改善”（部分达成），得10.00分（分值15分）。偏差原因：项目区灌溉计量设施尚未全部配套，改善效果尚未完全显现。"
        "改进措施：结合农业水价综合改革，配套完善灌溉计量设施。",
        "satisfaction": "按定性评价记分：评价为“满意”（达成），得9.00分（分值10分）。",  # met, yet a point lost: said how
    }
    assert narrate.budget_sentence(ev) == (
        "“小型水库安全运行管护项目”2023年度预算资金为20.00万元，截至2023年12月31日，本项目年度预算执行资金为20.00万元，预算执行率100.00%。"
    )
    assert [f.check for f in open_findings(year_findings(ev))] == ["定性指标缺完成说明"] * 3
    assert all(f.severity == "提示" for f in open_findings(year_findings(ev)))


# =========================================================================== grade × misses × form total


# (budget weight, rate %, three indicators (weight, value against ≥100%)) on a form of 100; × 0.4 on one of 40
CASES = {
    ("优", "none"): (10, 100, [(30, 100), (30, 100), (30, 100)]),
    ("良", "none"): (40, 60, [(20, 100), (20, 100), (20, 100)]),
    ("中", "none"): (40, 25, [(20, 100), (20, 100), (20, 100)]),
    ("差", "none"): (70, 30, [(10, 100), (10, 100), (10, 100)]),
    ("优", "some"): (10, 100, [(30, 94), (30, 100), (30, 100)]),
    ("良", "some"): (10, 100, [(30, 50), (30, 100), (30, 100)]),
    ("中", "some"): (10, 100, [(30, 0), (30, 100), (30, 100)]),
    ("差", "some"): (40, 0, [(20, 0), (20, 100), (20, 100)]),
    ("优", "all"): (10, 100, [(30, 94), (30, 94), (30, 94)]),
    ("良", "all"): (10, 100, [(30, 85), (30, 85), (30, 85)]),
    ("中", "all"): (10, 100, [(30, 70), (30, 70), (30, 70)]),
    ("差", "all"): (10, 100, [(30, 40), (30, 40), (30, 40)]),
}


@pytest.mark.parametrize(
    "grade, misses, total, overall, verdict, score, form_total",
    [
        ("优", "none", 100, "整体较好，全部指标达到预期绩效目标。", "本项目达到预期绩效目标。", "100.00分", "100.00自评等级：优"),
        (
            "良",
            "none",
            100,
            "总体良好，绩效指标全部达标，但共扣16.00分（预算执行率60.00%扣16.00分），基本达到预期绩效目标。",
            "本项目绩效指标全部达标，但共扣16.00分（预算执行率60.00%扣16.00分），基本达到预期绩效目标。",
            "84.00分",
            "84.00自评等级：良",
        ),
        (
            "中",
            "none",
            100,
            "总体一般，绩效指标全部达标，但共扣30.00分（预算执行率25.00%扣30.00分），部分达到预期绩效目标。",
            "本项目绩效指标全部达标，但共扣30.00分（预算执行率25.00%扣30.00分），部分达到预期绩效目标。",
            "70.00分",
            "70.00自评等级：中",
        ),
        (
            "差",
            "none",
            100,
            "与预期存在较大差距，绩效指标全部达标，但共扣49.00分（预算执行率30.00%扣49.00分），未达到预期绩效目标。",
            "本项目绩效指标全部达标，但共扣49.00分（预算执行率30.00%扣49.00分），未达到预期绩效目标。",
            "51.00分",
            "51.00自评等级：差",
        ),
        ("优", "some", 100, "整体较好，大部分指标达到预期绩效目标。", "本项目基本达到预期绩效目标。", "98.20分", "98.20自评等级：优"),
        ("良", "some", 100, "总体良好，大部分指标达到预期绩效目标。", "本项目部分达到预期绩效目标。", "85.00分", "85.00自评等级：良"),
        (
            "中",
            "some",
            100,
            "总体一般，大部分指标达到年度指标值，但共扣30.00分（未达标指标扣30.00分），部分达到预期绩效目标。",
            "本项目部分达到预期绩效目标。",
            "70.00分",
            "70.00自评等级：中",
        ),
        (
            "差",
            "some",
            100,
            "与预期存在较大差距，大部分指标达到年度指标值，但共扣60.00分（未达标指标扣20.00分、预算执行率0.00%扣40.00分），未达到预期绩效目标。",
            "本项目未达到预期绩效目标。",
            "40.00分",
            "40.00自评等级：差",
        ),
        (
            "优",
            "all",
            100,
            "整体较好，各项指标均未完全达到年度指标值，但差距不大，共扣5.40分（未达标指标扣5.40分），基本达到预期绩效目标。",
            "本项目基本达到预期绩效目标。",
            "94.60分",
            "94.60自评等级：优",
        ),
        (
            "良",
            "all",
            100,
            "总体良好，各项指标均未完全达到年度指标值，但差距不大，共扣13.50分（未达标指标扣13.50分），部分达到预期绩效目标。",
            "本项目部分达到预期绩效目标。",
            "86.50分",
            "86.50自评等级：良",
        ),
        (
            "中",
            "all",
            100,
            "总体一般，各项指标均未达到年度指标值，共扣27.00分（未达标指标扣27.00分），部分达到预期绩效目标。",
            "本项目部分达到预期绩效目标。",
            "73.00分",
            "73.00自评等级：中",
        ),
        (
            "差",
            "all",
            100,
            "与预期存在较大差距，各项指标均未达到年度指标值，共扣54.00分（未达标指标扣54.00分），未达到预期绩效目标。",
            "本项目未达到预期绩效目标。",
            "46.00分",
            "46.00自评等级：差",
        ),
        (
            "优",
            "none",
            40,
            "整体较好，全部指标达到预期绩效目标。",
            "本项目达到预期绩效目标。",
            "40.00分（本表满分40分，折合百分制100.00分）",
            "40.00（本表满分40分，折合百分制100.00分）自评等级：优",
        ),
        (
            "良",
            "none",
            40,
            "总体良好，绩效指标全部达标，但共扣6.40分（预算执行率60.00%扣6.40分），基本达到预期绩效目标。",
            "本项目绩效指标全部达标，但共扣6.40分（预算执行率60.00%扣6.40分），基本达到预期绩效目标。",
            "33.60分（本表满分40分，折合百分制84.00分）",
            "33.60（本表满分40分，折合百分制84.00分）自评等级：良",
        ),
        (
            "中",
            "none",
            40,
            "总体一般，绩效指标全部达标，但共扣12.00分（预算执行率25.00%扣12.00分），部分达到预期绩效目标。",
            "本项目绩效指标全部达标，但共扣12.00分（预算执行率25.00%扣12.00分），部分达到预期绩效目标。",
            "28.00分（本表满分40分，折合百分制70.00分）",
            "28.00（本表满分40分，折合百分制70.00分）自评等级：中",
        ),
        (
            "差",
            "none",
            40,
            "与预期存在较大差距，绩效指标全部达标，但共扣19.60分（预算执行率30.00%扣19.60分），未达到预期绩效目标。",
            "本项目绩效指标全部达标，但共扣19.60分（预算执行率30.00%扣19.60分），未达到预期绩效目标。",
            "20.40分（本表满分40分，折合百分制51.00分）",
            "20.40（本表满分40分，折合百分制51.00分）自评等级：差",
        ),
        (
            "优",
            "some",
            40,
            "整体较好，大部分指标达到预期绩效目标。",
            "本项目基本达到预期绩效目标。",
            "39.28分（本表满分40分，折合百分制98.20分）",
            "39.28（本表满分40分，折合百分制98.20分）自评等级：优",
        ),
        (
            "良",
            "some",
            40,
            "总体良好，大部分指标达到预期绩效目标。",
            "本项目部分达到预期绩效目标。",
            "34.00分（本表满分40分，折合百分制85.00分）",
            "34.00（本表满分40分，折合百分制85.00分）自评等级：良",
        ),
        (
            "中",
            "some",
            40,
            "总体一般，大部分指标达到年度指标值，但共扣12.00分（未达标指标扣12.00分），部分达到预期绩效目标。",
            "本项目部分达到预期绩效目标。",
            "28.00分（本表满分40分，折合百分制70.00分）",
            "28.00（本表满分40分，折合百分制70.00分）自评等级：中",
        ),
        (
            "差",
            "some",
            40,
            "与预期存在较大差距，大部分指标达到年度指标值，但共扣24.00分（未达标指标扣8.00分、预算执行率0.00%扣16.00分），未达到预期绩效目标。",
            "本项目未达到预期绩效目标。",
            "16.00分（本表满分40分，折合百分制40.00分）",
            "16.00（本表满分40分，折合百分制40.00分）自评等级：差",
        ),
        (
            "优",
            "all",
            40,
            "整体较好，各项指标均未完全达到年度指标值，但差距不大，共扣2.16分（未达标指标扣2.16分），基本达到预期绩效目标。",
            "本项目基本达到预期绩效目标。",
            "37.84分（本表满分40分，折合百分制94.60分）",
            "37.84（本表满分40分，折合百分制94.60分）自评等级：优",
        ),
        (
            "良",
            "all",
            40,
            "总体良好，各项指标均未完全达到年度指标值，但差距不大，共扣5.40分（未达标指标扣5.40分），部分达到预期绩效目标。",
            "本项目部分达到预期绩效目标。",
            "34.60分（本表满分40分，折合百分制86.50分）",
            "34.60（本表满分40分，折合百分制86.50分）自评等级：良",
        ),
        (
            "中",
            "all",
            40,
            "总体一般，各项指标均未达到年度指标值，共扣10.80分（未达标指标扣10.80分），部分达到预期绩效目标。",
            "本项目部分达到预期绩效目标。",
            "29.20分（本表满分40分，折合百分制73.00分）",
            "29.20（本表满分40分，折合百分制73.00分）自评等级：中",
        ),
        (
            "差",
            "all",
            40,
            "与预期存在较大差距，各项指标均未达到年度指标值，共扣21.60分（未达标指标扣21.60分），未达到预期绩效目标。",
            "本项目未达到预期绩效目标。",
            "18.40分（本表满分40分，折合百分制46.00分）",
            "18.40（本表满分40分，折合百分制46.00分）自评等级：差",
        ),
    ],
)
def test_grade_verdict_and_attainment_agree(tmp_path, grade, misses, total, overall, verdict, score, form_total):
    """The grade word, the indicators met, the verdict and the form's total never contradict each other."""
    s = D(total) / 100
    budget_weight, rate, items = CASES[(grade, misses)]
    folder = write_year(
        tmp_path,
        [direct(f"i{n}", v, target="100", weight=str(D(w) * s)) for n, (w, v) in enumerate(items)],
        funding=f"source,budget,executed\nmunicipal,100,{rate}\n",
        budget={"weight": D(budget_weight) * s},
    )
    ev = fresh(folder)
    assert ev.grade == grade and len(ev.missed) == {"none": 0, "some": 1, "all": 3}[misses]
    assert narrate.overall_sentence(ev) == f"“测试项目”在2023年度实施情况{overall}"
    assert narrate.goal_achieved(ev).endswith(verdict)
    assert narrate.score_summary(ev).startswith(f"2023年度“测试项目”绩效自评分值为{score}，其中")
    cells = {c.role: c.text for c in form_grid(ev).cells() if c.role in ("total", "grade")}
    assert cells["total"] + cells["grade"] == form_total  # 总分, then the grade (after its scale on a partial form)
    head = narrate.attainment_point(ev).split("。")[0]
    assert head == {"none": "实施步骤紧凑合理，指标全部达成", "some": "指标达成情况有待提升", "all": "指标达成情况有待提升"}[misses]


def test_no_indicator_met_is_never_counted_as_none_met(tmp_path):
    ev = fresh(write_year(tmp_path, [direct(f"i{n}", "94", target="100", weight="30") for n in range(3)]))
    assert narrate.attainment_point(ev) == (
        "指标达成情况有待提升。通过项目单位评价材料来看，2023年度该项目年初设定的3个绩效目标指标均未达到全年指标目标值，"
        "“i0”完成值低于全年指标目标，“i1”完成值低于全年指标目标，“i2”完成值低于全年指标目标。"
    )


# =========================================================================== the checks, one by one


def checks_of(ev) -> set[tuple[str, str]]:
    return {(f.check, f.field) for f in open_findings(year_findings(ev))}


@pytest.fixture
def archive(tmp_path):
    """The archive fixture (元, 86.25% spent, two misses, blank sections), to edit."""
    return copy_fixture(tmp_path, "archive", 2024)


def test_missed_indicator_without_reason(archive):
    ev = fresh(archive)
    assert ("未达标缺偏差原因", "timeliness.deviation_reason") in checks_of(ev)
    assert ("未达标缺偏差原因", "pages.deviation_reason") not in checks_of(ev)  # it has one
    edit_yaml(archive / "indicators.yaml", lambda d: indicator(d, "timeliness").update(deviation_reason="部分批次档案需先修裱。"))
    assert ("未达标缺偏差原因", "timeliness.deviation_reason") not in checks_of(fresh(archive))


def test_missed_indicator_without_measure_unless_a_measure_names_it(archive):
    assert {("未达标缺改进措施", "pages.improvement"), ("未达标缺改进措施", "timeliness.improvement")} <= checks_of(fresh(archive))
    # a measure of 四 that names the indicator (or its short_name) addresses it
    edit_yaml(archive / "prose.yaml", lambda d: d.update(measures=["提高数字化加工页数的日均产能；", "加强加工进度及时性的周调度。"]))
    assert not any(check == "未达标缺改进措施" for check, _ in checks_of(fresh(archive)))
    edit_yaml(archive / "prose.yaml", lambda d: d.update(measures=["提高日均扫描产能。"]))
    edit_yaml(archive / "indicators.yaml", lambda d: indicator(d, "pages").update(short_name="扫描"))
    assert ("未达标缺改进措施", "pages.improvement") not in checks_of(fresh(archive))


def test_execution_below_100_without_reason_or_measure(archive):
    ev = fresh(archive)
    assert {("预算执行缺原因", "deviation_reason"), ("预算执行缺改进措施", "improvement")} <= checks_of(ev)
    edit_yaml(archive / "prose.yaml", lambda d: d["measures"].append("按月通报预算执行进度。"))
    ev = fresh(archive)
    assert ("预算执行缺改进措施", "improvement") not in checks_of(ev) and ("预算执行缺原因", "deviation_reason") in checks_of(ev)
    edit_yaml(archive / "funding.csv", lambda d: None) if False else None
    (archive / "funding.csv").write_text("source,budget,executed\nmunicipal,500000.00,500000.00\n", encoding="utf-8")
    assert not any(check.startswith("预算执行") for check, _ in checks_of(fresh(archive)))  # 100%: nothing to explain


def test_every_blank_section_by_name(archive):
    found = [f for f in open_findings(year_findings(fresh(archive))) if f.check == "章节未填写"]
    assert [f.what for f in found] == [
        "“一、（一）2.项目实施背景”未填写，报告中显示【待补充】",
        "“一、（一）3.主要依据”未填写，报告中显示【待补充】",
        "“一、（一）4.实施年度、实施范围、实施程序”未填写，报告中显示【待补充】",
        "“一、（三）项目管理情况”未填写，报告中显示【待补充】",
    ]
    edit_yaml(archive / "prose.yaml", lambda d: d.update(unit_overview="", measures=[]))
    fields = [f.field for f in open_findings(year_findings(fresh(archive))) if f.check == "章节未填写"]
    assert fields == ["unit_overview", "background", "legal_basis", "implementation", "project_management", "measures"]


def test_weight_split_is_a_note(archive, district):
    [note] = [f for f in year_findings(fresh(archive)) if f.check == "一级指标分值"]
    assert note.severity == "提示" and note.what == (
        "一级指标分值为产出指标50、满意度指标20、效益指标20、预算执行10（合计100分），与常规分配产出指标50、效益指标30、满意度指标10、预算执行10不同"
    )
    assert not any(f.check == "一级指标分值" for f in year_findings(district))  # 50/30/10/10: no note


@pytest.mark.parametrize(
    "value, name, what",
    [
        ("260000", "项目总成本", "成本指标“项目总成本”完成值260,000.00元，超过项目实际支出215,457.60元"),
        ("200000", "项目总成本", "成本指标“项目总成本”完成值200,000.00元，与项目实际支出215,457.60元不符"),
        ("200000", "物化补助成本", None),  # a part of the cost below the total: consistent
    ],
)
def test_cost_indicator_against_the_executed_amount(tmp_path, value, name, what):
    folder = copy_fixture(tmp_path, "district", 2022)
    edit_yaml(folder / "indicators.yaml", lambda d: indicator(d, "total_cost").update(value=float(value), name=name))
    found = [f.what for f in year_findings(fresh(folder)) if f.check == "成本指标与支出不符"]
    assert found == ([what] if what else [])


def test_cost_indicators_adding_up_beyond_the_spending(tmp_path):
    folder = copy_fixture(tmp_path, "district", 2022)

    def two_costs(d):
        cost = indicator(d, "total_cost")
        cost.update(name="物化补助成本", value=150000.0, weight=3)
        d["indicators"].append({**cost, "id": "trial_cost", "name": "田间试验成本", "value": 100000.0, "weight": 2})

    edit_yaml(folder / "indicators.yaml", two_costs)
    found = [f.what for f in year_findings(fresh(folder)) if f.check == "成本指标与支出不符"]
    assert found == ["成本指标“物化补助成本”“田间试验成本”合计250,000.00元，超过项目实际支出215,457.60元"]


@pytest.mark.parametrize(
    "written, flagged",
    [
        ("占位", "占位"),
        ("待补充", "待补充"),
        ("待定", "待定"),
        ("XX", "XX"),
        ("xx", "xx"),
        ("××", "××"),
        ("TODO", "TODO"),
        ("todo", "todo"),
        ("……", "……"),
        ("某某", "某某"),
        ("{{未闭合", "{{"),
    ],
)
def test_placeholder_text(archive, written, flagged):
    edit_yaml(archive / "prose.yaml", lambda d: d.update(unit_overview=f"某市档案馆负责{written}档案的保管。"))
    found = [f.what for f in year_findings(fresh(archive)) if f.check == "占位文字" and f.field == "unit_overview"]
    assert found == [f"“某市档案馆负责{written}档案的保管”含占位文字“{flagged}”"]


@pytest.mark.parametrize(
    "text, what",
    [
        ("全年预算执行率为95%。", "“全年预算执行率为95%”中的预算执行率95%与计算结果86.25%不符"),
        ("实际支出43.1万元。", "“实际支出43.1万元”中的实际支出金额43.1万元与计算结果431,234.50元不符"),
        ("年度预算资金为600000元。", "“年度预算资金为600000元”中的年度预算资金600000元与计算结果500,000.00元不符"),
        ("图像质量抽检合格率达到99.1%。", "“图像质量抽检合格率达到99.1%”中的图像质量抽检合格率99.1%与计算结果98.70%不符"),
        ("全年设置6个绩效指标。", "“全年设置6个绩效指标”中的绩效指标数6与数据中的5个不符"),
        ("其中4个指标达标。", "“其中4个指标达标”中的达标指标数4与数据中的3个不符"),
        ("绩效自评分值为96分。", "“绩效自评分值为96分”中的自评总分96分与计算结果95.30不符"),
    ],
)
def test_typed_figure_that_contradicts_the_computed_one(archive, text, what):
    edit_yaml(archive / "prose.yaml", lambda d: d.update(benefits_closing=text))
    found = [f.what for f in year_findings(fresh(archive)) if f.check == "数字与计算不符"]
    assert found == [what]


@pytest.mark.parametrize(
    "text",
    [
        "预算执行率约87%。",  # approximate
        "上年预算执行率为95%。",  # another year's
        "目标执行率不低于90%。",  # a target, not the result
        "每月对28个指标开展考核。",  # not the report's indicators
        "年度预算资金为500000元。",  # equal: the other check's (数字应写占位符)
    ],
)
def test_figures_that_do_not_state_the_result_are_not_contradictions(archive, text):
    edit_yaml(archive / "prose.yaml", lambda d: d.update(benefits_closing=text))
    assert not any(f.check == "数字与计算不符" for f in year_findings(fresh(archive)))


def test_typed_figure_equal_to_the_computed_one_suggests_the_placeholder(archive):
    edit_yaml(archive / "prose.yaml", lambda d: d.update(benefits_closing="抽检合格率98.70%。"))
    [f] = [f for f in year_findings(fresh(archive)) if f.check == "数字应写占位符"]
    assert (f.what, f.todo) == ("“抽检合格率98.70%”中的98.70是计算结果{{quality_value}}，手写的数字不会随下一年度的数据更新", "改写为 {{quality_value}}")


def test_qualitative_without_evidence_is_a_note(archive):
    found = [(f.field, f.severity) for f in year_findings(fresh(archive)) if f.check == "定性指标缺完成说明"]
    assert found == [("timeliness.evidence", "提示"), ("security.evidence", "提示")]
    edit_yaml(archive / "indicators.yaml", lambda d: indicator(d, "security").update(evidence="全年未发生档案信息泄露和数据丢失事件。"))
    ev = fresh(archive)
    assert [f.field for f in year_findings(ev) if f.check == "定性指标缺完成说明"] == ["timeliness.evidence"]
    assert narrate.indicator_detail(ev.item("security"), ev) == "档案信息安全为“无安全事故”（达到年度指标值）。全年未发生档案信息泄露和数据丢失事件。"


# =========================================================================== review.yaml, --strict, the page


def test_accepting_a_finding_needs_a_reason_and_shows_it(archive):
    (archive / "review.yaml").write_text(
        "fiscal_year: 2024\nintended:\n  - {file: prose.yaml, field: background, check: 章节未填写, reason: 新设项目，无立项背景材料}\n", encoding="utf-8"
    )
    ev = fresh(archive)
    [f] = [f for f in year_findings(ev) if f.field == "background"]
    assert f.accepted == "新设项目，无立项背景材料"
    assert narrate.section_text(ev, "background") == "无。"
    page = review_html(ev, year_findings(ev))
    assert "接受理由：新设项目，无立项背景材料" in page and "<code>data/2024/prose.yaml：项目实施背景（background）</code>" in page  # not the machine's path
    (archive / "review.yaml").write_text("fiscal_year: 2024\nintended:\n  - {file: prose.yaml, field: background, check: 章节未填写}\n", encoding="utf-8")
    with pytest.raises(DataError) as err:
        load_year(archive)
    assert (err.value.field, err.value.problem) == ("复核记录（intended[0]）", "接受审核要点“章节未填写”，但没有写理由（reason）")
    assert err.value.fix == "写明接受的理由，复核提示页会显示它"
    (archive / "review.yaml").write_text("fiscal_year: 2024\nintended:\n  - {file: prose.yaml, field: background}\n", encoding="utf-8")
    with pytest.raises(DataError) as err:
        load_year(archive)
    assert err.value.problem == "既没有短语（phrase）也没有审核要点（check）"


def test_unknown_check_name_is_refused(archive):
    (archive / "review.yaml").write_text(
        "fiscal_year: 2024\nintended:\n  - {file: prose.yaml, field: background, check: 章节为空, reason: 测试}\n", encoding="utf-8"
    )
    with pytest.raises(DataError) as err:
        load_year(archive)
    assert err.value.field == "审核要点（intended[0].check）" and err.value.problem == "“章节为空”不是允许的值" and "“章节未填写”" in err.value.fix


def test_check_strict_refuses_while_a_finding_is_open(capsys):
    assert main(["check", "--year", "2021", "--data", str(FIXTURES / "partial"), "--strict"]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "2021年度：无待处理的复核提示，1条已接受"
    assert main(["check", "--year", "2022", "--data", str(FIXTURES / "district"), "--strict"]) == 2
    captured = capsys.readouterr()
    assert captured.out.splitlines()[-1] == "2022年度：复核提示4条待处理，1条已接受"
    assert captured.out.startswith("问题：tests/fixtures/district/2022/budget.yaml：执行偏差原因（deviation_reason）：【预算执行缺原因】")
    assert "复核提示4条待处理，--strict 不予通过" in captured.err and captured.err.count("\n") == 1


def test_pending_marks_exactly_the_open_gaps(archive):
    """Each 【待补充】 the report prints stands for an open finding of a blank needed field, and back."""
    ev = fresh(archive)
    printed = [narrate.section_text(ev, f) for f in ("unit_overview", "background", "implementation", "project_management")]
    printed += [narrate.blank_section(ev, "legal_basis"), *narrate.problem_paragraphs(ev), narrate.budget_deviation_cell(ev) or ""]
    printed += [narrate.deviation_cell(ev, i) for i in ev.items]
    gaps_open = [
        f for f in open_findings(year_findings(ev)) if f.check in ("章节未填写", "未达标缺偏差原因", "未达标缺改进措施", "预算执行缺原因", "预算执行缺改进措施")
    ]
    # the budget's and a missed indicator's reason print twice (三 and the 自评表): count distinct places
    assert sum(text.count(gaps.PENDING) for text in printed) == len(gaps_open) + 2


# =========================================================================== labels, money, charts


@pytest.mark.parametrize(
    "level, region, label",
    [
        ("二级", "广州市", "财政拨款（市本级支出）"),
        ("区级", "某市", "财政拨款（区本级支出）"),
        ("二级", "某市某区", "财政拨款（区本级支出）"),
        ("镇级", None, "财政拨款（镇本级支出）"),
        ("一级", "稷山县", "财政拨款（县本级支出）"),
        ("二级", None, "财政拨款（本级支出）"),
    ],
)
def test_funding_label_from_the_level_of_government(tmp_path, level, region, label):
    folder = copy_fixture(tmp_path, "district", 2022)

    def set_level(d):
        d["project"]["level"] = level
        d["project"].pop("region")
        if region:
            d["project"]["region"] = region

    edit_yaml(folder / "project.yaml", set_level)
    assert fresh(folder).budget.lines[0].label == label


@pytest.mark.parametrize("level, printed", [("一级", "一级 ☑ 二级 ☐"), ("二级", "一级 ☐ 二级 ☑"), ("三级", "一级 ☐ 二级 ☐ 三级 ☑"), ("镇级", "镇级")])
def test_project_level_beyond_the_first_two(tmp_path, level, printed):
    folder = copy_fixture(tmp_path, "district", 2022)
    edit_yaml(folder / "project.yaml", lambda d: d["project"].update(level=level))
    assert form_grid(fresh(folder)).texts()[0][3] == printed


def test_2021_reads_as_before(ev2021):
    grid = form_grid(ev2021)
    assert grid.texts()[0][3] == "一级 ☐ 二级 ☑" and grid.texts()[4][0] == "其中：财政拨款（市本级支出）" and grid.unit_label == "单位：万元"
    assert narrate.budget_sentence(ev2021).endswith("预算资金为13,410.06万元，截至2021年12月31日，本项目年度预算执行资金为13,410.06万元，预算执行率100.00%。")
    assert narrate.budget_deviation_cell(ev2021) is None and narrate.problems_cell(ev2021) == "月度话务接通率未达标"


def test_money_with_more_than_two_decimals_in_its_unit_is_refused(tmp_path):
    folder = copy_fixture(tmp_path, "qualitative", 2023)
    (folder / "funding.csv").write_text("source,budget,executed\nmunicipal,207.4538,207.4538\n", encoding="utf-8")
    with pytest.raises(DataError) as err:
        load_year(folder)
    assert err.value.field == "第2行，年度预算数（budget）"
    assert err.value.problem == "金额207.4538有4位小数，超过以万元为单位的两位小数（报告按数据的金额单位保留两位小数打印金额）"
    assert "把项目信息的金额单位（money_unit）改为元，并以元填写全部金额（207.4538万元即2074538元）" in err.value.fix


def test_chart_of_nothing_becomes_one_sentence(tmp_path):
    folder = write_year(tmp_path, [direct("a", "100", target="100", weight="45"), direct("b", "100", target="100", weight="45")])
    ev = fresh(folder)
    assert charts.attainment_chart(ev) == charts.ChartOmitted("以百分比计量的2个指标完成值均与年度指标值持平（差值均为0.00个百分点），不另绘图。")
    assert charts.score_chart(ev) == charts.ChartOmitted("预算完成率及各项指标均得满分，总分100.00分，不另绘得分图。")
    assert charts.level_chart(ev) == charts.ChartOmitted("")
    # a chart that does carry information stays a chart
    two = [direct("a", "96", weight="45"), direct("b", "94", weight="45")]
    assert not isinstance(charts.attainment_chart(fresh(write_year(tmp_path, two))), charts.ChartOmitted)


def test_show_chart_prints_the_sentence_instead(capsys, monkeypatch):
    from selfeval.presentation import notebook_display as show

    shown = []
    monkeypatch.setattr(show, "display", lambda data, **kw: shown.append(data))
    show.chart(charts.ChartOmitted("不另绘图。"), "x")
    show.chart(charts.ChartOmitted(""), "y")
    assert shown == [{"text/html": '<div class="prose"><p>不另绘图。</p>\n</div>'}]


# =========================================================================== regular expressions are bounded


CHECK_IN_A_PROCESS = """
import sys, time
from selfeval.api import open_year
from selfeval.presentation.figure_check import typed_figures
from selfeval.presentation.textcheck import TEXT_CHECKS, Text
ev = open_year(sys.argv[1], 2024)
for char in ("〔", "《", "{{"):
    text = Text("prose.yaml", "background", char * (1_000_000 // len(char)), "prose", ("background",))
    start = time.process_time()
    for check in (*TEXT_CHECKS, typed_figures):
        list(check(ev, text))
    print(time.process_time() - start)
"""


def test_a_million_brackets_are_read_in_linear_time():
    """DOCUMENT_NUMBER (〔[^〕]*〕), 《[^》]*》 and {{(.*?)}} once scanned to the end of the text from
    every opening bracket: quadratic, 7.4 s for 100,000 〔, ten minutes for a million. Bounded, every
    check reads a million in about a second. (The loader now refuses a text field longer than an
    .xlsx cell, 32,767 characters, so the checks are run on the text directly.) They run in a process
    of their own, so that a regression fails on the timeout instead of stalling the test run."""
    proc = subprocess.run([sys.executable, "-c", CHECK_IN_A_PROCESS, str(FIXTURES / "archive")], capture_output=True, text=True, timeout=240, check=True)
    assert len(proc.stdout.split()) == 3 and all(float(seconds) < 10 for seconds in proc.stdout.split()), proc.stdout


def test_data_consistency_warnings_are_findings(tmp_path):
    """The evaluation's consistency warnings (executed above budget …) are listed first, as findings that stay open."""
    folder = copy_fixture(tmp_path, "qualitative", 2023)
    (folder / "funding.csv").write_text("source,budget,executed\nmunicipal,20.00,21.00\n", encoding="utf-8")
    ev = fresh(folder)
    first = year_findings(ev)[0]
    assert (first.check, first.what) == ("数据一致性", ev.warnings[0]) and first.accepted is None
    assert first.line() == f"【数据一致性】{ev.warnings[0]}"


def test_a_chart_of_one_bar_becomes_one_sentence(partial):
    """13 of 14 indicators are counts: the target-gap chart would draw one bar under a list of the rest."""
    assert charts.attainment_chart(partial) == charts.ChartOmitted(
        "以百分比计量的指标仅“适龄儿童国家免疫规划疫苗接种率”1个，完成值97.30%，高于年度指标值2.30个百分点（年度指标值≥95%），不另绘图。"
    )


def test_score_table_of_a_partial_form_gives_the_share(partial, district):
    from selfeval.presentation.tables import score_table

    assert '<td colspan="2" class="key">自评等级</td><td class="num">折合百分制99.55分</td><td class="num"></td><td class="num">优</td>' in score_table(partial)
    assert "折合百分制" not in score_table(district)


def test_findings_of_a_workbook_year_name_the_cell(tmp_path):
    """A workbook year's findings point at the sheet and cell (with the field), never at a YAML file."""
    from test_workbook import workbook_year

    folder = workbook_year(tmp_path, FIXTURES / "district" / "2022")
    found = {f.check: f.where for f in open_findings(year_findings(fresh(folder)))}
    book = f"{folder}/自评数据.xlsx"
    assert found["预算执行缺原因"].startswith(f"{book}：预算!B") and found["预算执行缺原因"].endswith("（deviation_reason）")
    assert found["未达标缺偏差原因"].startswith(f"{book}：绩效指标!") and found["未达标缺偏差原因"].endswith("5（formula_fertilizer.deviation_reason）")
    assert not any(".yaml" in where for where in found.values())


def test_landing_card_counts_the_findings_and_names_the_form_total():
    from selfeval.bookbuild.yearlist import PublishedYear, card

    man = {
        "title": "稷山县2021年国家基本公共卫生服务项目绩效自评报告",
        "pages": ["intro.html", "review.html"],
        "review": {"open": 3, "accepted": 1},
        "summary": {"total": "39.82", "weights_total": "40", "grade": "优", "met": 12, "indicators": 14, "execution_rate": "100.00"},
    }
    c = card(PublishedYear.read(2021, man))
    assert (c.total, c.full, c.grade, c.review) == ("39.82", "满分40分", "优", "3条待处理（已接受1条）")
    assert c.review_link is not None and c.review_link.href == "2021/html/review.html"
    # a manifest of a book built before the checks (or tampered with): no count, no link
    old = card(PublishedYear.read(2021, {**man, "review": {"open": True}, "pages": ["intro.html"]}))
    assert (old.review, old.review_link, card(PublishedYear.read(2021, {**man, "summary": {"total": "99.70"}})).full) == ("—", None, "")


def test_xlsx_of_a_partial_form_grades_its_share_when_recalculated(tmp_path, partial):
    """The .xlsx's grade is a formula: on a form of 40 points it reads the share (39.82 of 40 → 99.55, 优),
    as the book does, never 差 from 39.82 taken as a total out of 100."""
    import openpyxl

    from selfeval.office.form_xlsx import write_form_xlsx
    from selfeval.presentation.score_summary import score_rows
    from test_office import _evaluator, _formula_cells

    target = write_form_xlsx(partial, tmp_path / "f.xlsx")
    xl = _evaluator(target)
    cached = openpyxl.load_workbook(target, data_only=True)
    for sheet, cell in _formula_cells(target):
        value, stored = xl.evaluate(f"'{sheet}'!{cell}"), cached[sheet][cell].value
        assert value == pytest.approx(stored) if isinstance(stored, float) else value == stored, (sheet, cell, value, stored)
    grades = [v for sheet, cell in _formula_cells(target) if isinstance(v := xl.evaluate(f"'{sheet}'!{cell}"), str)]
    assert "（本表满分40分，折合百分制99.55分）自评等级：优" in grades
    row = len(score_rows(partial)) + 2  # the grade row of 绩效自评得分
    assert (xl.evaluate(f"'绩效自评得分'!C{row}"), xl.evaluate(f"'绩效自评得分'!E{row}")) == ("折合百分制99.55分", "优")


# =========================================================================== found by the synthetic portfolio (#26)


def test_build_log_names_the_data_folder_given(tmp_path, monkeypatch, capsys):
    """The build's first step said 读取并检查 data/2024 whatever --data named, and its hint sent the
    analyst to `selfeval check` on the default folder: both name the folder given, relative to the
    working directory. (--strict stops the build after the step, before any notebook runs.)"""
    from book_fixtures import project_copy

    project_copy(tmp_path / "project")
    shutil.copytree(FIXTURES / "archive" / "2024", tmp_path / "elsewhere" / "2024")
    monkeypatch.chdir(tmp_path)
    code = main(["build", "--year", "2024", "--data", "elsewhere", "--root", "project", "--out", "pub", "--strict"])
    out = capsys.readouterr().out.splitlines()
    assert code == 2
    assert out[0] == "[1] 读取并检查 elsewhere/2024…"
    assert out[-1] == "    2024年度：复核提示12条待处理（selfeval check --year 2024 --data elsewhere 列出全部；书中“复核提示”页）"


def test_preview_names_the_folders_it_watches(tmp_path, monkeypatch):
    from selfeval.authoring.preview import watching_line

    monkeypatch.chdir(tmp_path)
    assert watching_line(tmp_path / "project", tmp_path / "elsewhere") == (
        "正在监视 elsewhere/、project/notebooks/ 与 project/book/ 的改动；保存后自动重新生成并刷新页面。停止：Ctrl-C"
    )
    (tmp_path / "project").mkdir()
    monkeypatch.chdir(tmp_path / "project")
    assert watching_line(tmp_path / "project", tmp_path / "project" / "data") == (
        "正在监视 data/、notebooks/ 与 book/ 的改动；保存后自动重新生成并刷新页面。停止：Ctrl-C"
    )


def _other_years(archive, text):
    edit_yaml(archive / "prose.yaml", lambda d: d.update(benefits_closing=text))
    return [f.what for f in year_findings(fresh(archive)) if f.check == "非本年度年份" and f.field == "benefits_closing"]


@pytest.mark.parametrize(
    "text",
    [
        "国家级公益林管护面积不少于2010万亩",  # a number before its unit is a figure, not a year
        "补助标准为每人每年2019元",
        "全年服务2020人次",
        "办结群众诉求2021件",
        "受益农户2022户",
        "清运生活垃圾2023吨",
        "完成率达到2024%",  # absurd, but a figure
        "档案编号为120190号",  # part of a longer number
        "新增面积2019.5万亩",  # a number with decimals before a unit
        "全年共接听来电2,019次",
    ],
)
def test_a_number_before_a_unit_is_not_a_year(archive, text):
    assert _other_years(archive, text + "。") == []


@pytest.mark.parametrize(
    "text, years",
    [
        ("项目于2019年立项", [2019]),
        ("已纳入2019年度决算", [2019]),
        ("合同于2019-12-31到期", [2019]),
        ("自2019/1/1起施行", [2019]),
        ("自2019.1起施行", [2019]),
        ("执行《2019-2020年实施方案》", [2019, 2020]),
        ("2019、2020年连续两年完成", [2019, 2020]),
        ("本年度即2024年", []),  # the fiscal year itself
    ],
)
def test_a_year_is_a_number_before_nian_or_in_a_date(archive, text, years):
    assert _other_years(archive, text + "。") == [f"“{text}”写的是{y}年，不是本报告的2024年度" for y in years]


# --------------------------------------------------------------------------- typed figures: the figure the sentence names


def _figure_findings(folder, text):
    edit_yaml(folder / "prose.yaml", lambda d: d.update(benefits_closing=text))
    return [
        (f.check, f.what, f.todo) for f in year_findings(fresh(folder)) if f.check in ("数字应写占位符", "数字与计算不符") and f.field == "benefits_closing"
    ]


@pytest.fixture
def two_at_100(archive):
    """The archive year with two indicators at 100%: 图像质量抽检合格率 (10000 of 10000) and 档案利用满意度 (100.0%)."""
    edit_yaml(archive / "indicators.yaml", lambda d: indicator(d, "quality")["numerator"].update(value=10000))
    edit_yaml(archive / "indicators.yaml", lambda d: indicator(d, "satisfaction").update(value=100))
    return archive


@pytest.mark.parametrize(
    "text, expected",
    [
        # the budget rate is named: it is 86.25%, whatever else equals 100% (was: also "100是计算结果{{quality_value}}")
        ("全年预算执行率为100%。", [("数字与计算不符", "“全年预算执行率为100%”中的预算执行率100%与计算结果86.25%不符", "改为计算结果86.25%，或核对数据")]),
        ("预算执行率86.25%。", []),  # equal, and the rate has no placeholder
        (
            "图像质量抽检合格率为100%。",
            [
                (
                    "数字应写占位符",
                    "“图像质量抽检合格率为100%”中的100是计算结果{{quality_value}}，手写的数字不会随下一年度的数据更新",
                    "改写为 {{quality_value}}",
                )
            ],
        ),
        (
            "抽检合格率为100%。",
            [("数字应写占位符", "“抽检合格率为100%”中的100是计算结果{{quality_value}}，手写的数字不会随下一年度的数据更新", "改写为 {{quality_value}}")],
        ),
        (
            "档案利用满意度为99%。",
            [
                (
                    "数字与计算不符",
                    "“档案利用满意度为99%”中的档案利用满意度99%与计算结果100.0%不符",
                    "改写为 {{satisfaction_value}}（自动填入100.0%），或核对数据",
                )
            ],
        ),
        ("各项工作完成100%。", []),  # names no computed figure: two equal 100%, neither is claimed
        ("水质合格率为100%。", []),  # 合格率 of something else: not 图像质量抽检合格率
        ("预算完成率得分8.63分。", []),  # a score beside the rate's name is not the rate
        (
            "绩效自评分值为96分。",
            [("数字与计算不符", "“绩效自评分值为96分”中的自评总分96分与计算结果95.30不符", "改写为 {{total_score}}（自动填入95.30），或核对数据")],
        ),
    ],
)
def test_a_typed_figure_is_read_against_the_figure_its_sentence_names(two_at_100, text, expected):
    assert _figure_findings(two_at_100, text) == expected


def test_an_ambiguous_name_claims_nothing(archive):
    """满意度 ends two indicators' names (93.2% and 98.70%): the sentence does not say which, so nothing is claimed."""
    edit_yaml(archive / "indicators.yaml", lambda d: indicator(d, "quality").update(name="图像质量满意度"))
    assert _figure_findings(archive, "满意度为95%。") == []
    assert _figure_findings(archive, "满意度为93.2%。") == []
    assert _figure_findings(archive, "档案利用满意度为95%。") == [
        ("数字与计算不符", "“档案利用满意度为95%”中的档案利用满意度95%与计算结果93.2%不符", "改写为 {{satisfaction_value}}（自动填入93.2%），或核对数据")
    ]


def test_never_two_fixes_for_one_typed_figure(two_at_100):
    """Each number of a text full of figures is read once, against the figure its words name: one
    finding at most, never a placeholder and a contradiction for the same figure."""
    sentences = ["全年预算执行率为100%", "预算执行率为86.25%", "图像质量抽检合格率为100%", "合格率100%", "满意度为100%"]
    sentences += ["年度预算资金为500000元", "年度预算资金为50万元", "实际支出431234.50元", "实际支出50万元", "自评总分95.30分", "自评总分100分", "完成100%"]
    sentences += ["数字化加工页数为1180000页", "图像质量抽检合格率为100.00%", "档案利用满意度为100.0%"]
    edit_yaml(two_at_100 / "prose.yaml", lambda d: d.update(benefits_closing="；".join(sentences) + "。"))
    found = [f for f in year_findings(fresh(two_at_100)) if f.field == "benefits_closing" and f.check in ("数字应写占位符", "数字与计算不符")]
    assert [(f.check, f.span.text[f.span.start : f.span.end], f.todo) for f in found] == [
        ("数字与计算不符", "100%", "改为计算结果86.25%，或核对数据"),
        ("数字应写占位符", "100", "改写为 {{quality_value}}"),
        ("数字应写占位符", "100", "改写为 {{quality_value}}"),
        ("数字应写占位符", "100", "改写为 {{satisfaction_value}}"),
        ("数字应写占位符", "500000", "改写为 {{budget}}"),
        ("数字应写占位符", "50", "改写为 {{budget}}"),
        ("数字应写占位符", "431234.50", "改写为 {{executed}}"),
        ("数字与计算不符", "50万元", "改写为 {{executed}}（自动填入431,234.50元），或核对数据"),
        ("数字应写占位符", "95.30", "改写为 {{total_score}}"),
        ("数字与计算不符", "100分", "改写为 {{total_score}}（自动填入95.30），或核对数据"),
        ("数字应写占位符", "1180000", "改写为 {{pages_value}}"),
        ("数字应写占位符", "100.00", "改写为 {{quality_value}}"),
        ("数字应写占位符", "100.0", "改写为 {{satisfaction_value}}"),
    ]
    assert len({f.span.start for f in found}) == len(found)


def test_a_name_with_brackets_or_a_hedge_character_inside_is_still_read(archive):
    """维修（维护）所需成本 holds a clause mark, 签约服务覆盖率 holds 约 (约95% hedges, 签约 does not), and a
    name longer than the window (17 characters) is still found whole."""
    name = "签约服务（档案利用）满意度调查结果"
    edit_yaml(archive / "indicators.yaml", lambda d: indicator(d, "satisfaction").update(name=name))
    assert _figure_findings(archive, f"{name}为95%。") == [
        ("数字与计算不符", f"“案利用）满意度调查结果为95%”中的{name}95%与计算结果93.2%不符", "改写为 {{satisfaction_value}}（自动填入93.2%），或核对数据")
    ]  # the phrase quoted is the 12 characters each side of the figure
    assert _figure_findings(archive, f"{name}约为95%。") == []


@pytest.mark.parametrize(
    "text, expected",
    [
        ("档案利用满意度每下降1%扣1分。", []),  # a scoring rule (the reference report's 接通率每下降1%), not the value
        ("档案利用满意度提高2%。", []),  # a change, not the value
        ("档案利用满意度提高了2%。", []),
        ("档案利用满意度较上年降低0.5%。", []),
        (
            "档案利用满意度提高至95%。",
            [
                (
                    "数字与计算不符",
                    "“档案利用满意度提高至95%”中的档案利用满意度95%与计算结果93.2%不符",
                    "改写为 {{satisfaction_value}}（自动填入93.2%），或核对数据",
                )
            ],
        ),
    ],
)
def test_a_change_or_a_rule_beside_a_name_is_not_its_value(archive, text, expected):
    assert _figure_findings(archive, text) == expected
