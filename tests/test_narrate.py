"""Generated sentences follow the results: another year's data gives different, correct text."""

from __future__ import annotations

import pytest
import yaml

from selfeval.contract.load import load_year
from selfeval.errors import DataError
from selfeval.evaluation.evaluate import evaluate
from selfeval.presentation import narrate, tables


def _edit_indicator(folder, ident, **changes):
    path = folder / "indicators.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    for ind in data["indicators"]:
        if ind["id"] == ident:
            for k, v in changes.items():
                if isinstance(v, dict) and isinstance(ind.get(k), dict):
                    ind[k].update(v)
                else:
                    ind[k] = v
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def test_all_met_wording(year_copy):
    folder = year_copy()
    _edit_indicator(folder, "answer_rate", numerator={"value": 11166777})  # 95.71%
    ev = evaluate(load_year(folder))
    assert not ev.missed and ev.total.to_eng_string() == "100.00"
    assert narrate.attainment_sentence(ev).endswith("7个指标均达到全年指标目标值，全部指标达标。")
    assert narrate.problem_paragraphs(ev) == ["2021年度各项绩效指标均达到目标值。"]
    assert narrate.problems_cell(ev) == "无"
    assert narrate.goal_achieved(ev).endswith("本项目达到预期绩效目标。")
    assert "全部达到预期绩效目标" in narrate.benefits_figures(ev)


def test_large_miss_is_not_slight_and_two_misses_listed(year_copy):
    folder = year_copy()
    _edit_indicator(folder, "answer_rate", numerator={"value": 10500000})  # 90.00%: 5 steps
    _edit_indicator(folder, "satisfaction", numerator={"value": 3500000})  # 94.38%
    ev = evaluate(load_year(folder))
    text = narrate.attainment_sentence(ev)
    assert "“月度话务接通率”完成值低于全年指标目标" in text
    assert "“话务服务市民满意度”完成值略低于全年指标目标" in text
    assert "5个指标均达到" in text
    item = ev.item("answer_rate")
    assert item.value.reported.to_eng_string() == "90.00" and item.score.steps == 5
    assert "相差5.00个百分点，计5档，即本指标需扣减1.50分" in narrate.deviation_cell(ev, item)
    assert narrate.problems_cell(ev) == "月度话务接通率未达标；话务服务市民满意度未达标"
    assert len(narrate.problem_paragraphs(ev)) == 2


def test_majority_missed_verdict_is_consistent(year_copy):
    folder = year_copy()
    for ident in ("answer_rate", "satisfaction", "first_contact_resolution", "leadership_tasks"):
        _edit_indicator(folder, ident, numerator={"value": 0} if ident != "first_contact_resolution" else {"value": 24095656})
    ev = evaluate(load_year(folder))
    assert len(ev.met) == 3
    assert ev.total.to_eng_string() == "48.00" and ev.grade == "差"  # 100 − 12 − 10 − 15 − 15
    assert ev.verdict == "未达到"
    assert "未达到预期绩效目标" in narrate.benefits_figures(ev)
    assert narrate.goal_achieved(ev).endswith("本项目未达到预期绩效目标。")


def test_measures_count_in_chinese(year_copy):
    folder = year_copy()
    path = folder / "prose.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["measures"] = data["measures"][:2]
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    ev = evaluate(load_year(folder))
    assert narrate.measures_paragraph(ev).startswith("针对上述问题，我局将从两方面改进：一是")


@pytest.mark.parametrize("region, expected", [("广州市", "我市"), ("广东省", "我省"), ("", "")])
def test_region_wording(year_copy, region, expected):
    folder = year_copy()
    path = folder / "project.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("region: 广州市", f"region: '{region}'"), encoding="utf-8")
    ev = evaluate(load_year(folder))
    assert narrate.goal_achieved(ev).startswith(f"截至2021年12月31日，{expected}共整合")


@pytest.mark.parametrize("bad", ["{{Fiscal_Year}}", "{{x1}}", "{{ no_such_fact }}"])
def test_unknown_placeholder_is_an_error(year_copy, bad):
    folder = year_copy()
    path = folder / "prose.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["problems"] = bad + data["problems"]
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    ev = evaluate(load_year(folder))
    with pytest.raises(DataError) as err:
        narrate.check_all_prose(ev)
    assert "prose.yaml：存在的主要问题开头（problems）" in str(err.value) and "——修改：使用" in str(err.value)


def test_goal_placeholders_checked_before_build(year_copy):
    folder = year_copy()
    path = folder / "project.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("  goal: >-\n", "  goal_achieved: '{{nope}}'\n  goal: >-\n"), encoding="utf-8")
    ev = evaluate(load_year(folder))
    with pytest.raises(DataError, match=r"project\.goal_achieved"):
        narrate.check_all_prose(ev)


def test_placeholders_filled_from_figures(ev2021):
    text = narrate.indicator_text(ev2021, ev2021.item("answer_rate"), "deviation_reason")
    assert "2021年服务量增长至2871.7436万件，达到合同约定服务量（1212万件）的2.37倍" in text


def test_form_rowspans_follow_runs(ev2021):
    html = tables.self_eval_form(ev2021)
    assert '<th rowspan="5">项目资金' in html  # header + 总额 + 3 sources
    assert '<td rowspan="4">产出指标</td>' in html and '<td rowspan="3">效益指标</td>' in html
    assert html.count("<td rowspan=") == 5  # + the 绩效指标 side cell
    assert html.count("<thead>") == 1  # the indicator block's headings repeat across pages


def test_prose_html_is_escaped():
    from selfeval.presentation.prose_html import prose_html

    assert prose_html("<script>alert(1)</script> **重点**") == "<p>&lt;script&gt;alert(1)&lt;/script&gt; <strong>重点</strong></p>"
