"""Charts say what a reviewer looks for: misses against target, budget against executed, and
every reference line and axis named (issue 12)."""

from __future__ import annotations

from pathlib import Path

import pytest

from selfeval.analyses import capacity, forecast, history
from selfeval.presentation import charts

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"
REFERENCE_MARKS = {"rule", "tick", "errorbar"}


def _layers(spec: dict) -> list[dict]:
    return spec.get("layer", [spec])


def _mark(layer: dict) -> str:
    mark = layer["mark"]
    return mark if isinstance(mark, str) else mark["type"]


def _data(spec: dict) -> list[dict]:
    return next(iter(spec["datasets"].values()))


def made_charts(ev):
    """Every chart of the book for the 2021 data and, for the monthly and forecast charts, the
    synthetic years that have the data."""
    from selfeval.api import open_year

    years = FIXTURES / "years"
    ev_years = open_year(years, 2021)
    made = {
        "attainment": charts.attainment_chart(ev),
        "budget": charts.budget_chart(ev),
        "scores": charts.score_chart(ev),
        "levels": charts.level_chart(ev),
        "volume": charts.volume_chart(history.volume_history(years, 2021)),
        "capacity": charts.capacity_curve_chart(capacity.capacity_for_year(ev.data)),
        "monthly": charts.monthly_chart(ev_years.data),
        "forecast": charts.forecast_chart(forecast.forecast_for(years, up_to=2021)),
    }
    assert all(c is not None for c in made.values()), [k for k, c in made.items() if c is None]
    return made


def all_charts(ev):
    return {name: charts.spec(c) for name, c in made_charts(ev).items()}


def test_every_chart_is_valid_vega_lite_and_its_svg_spec_differs_only_in_font(ev2021):
    """The build converts charts without validating them against the Vega-Lite schema (issue 22):
    this test validates every one, and checks that the SVG's spec is the book's in the SVG font."""
    from selfeval.analyses import compare
    from selfeval.presentation import compare_charts

    history = compare.year_history(FIXTURES / "years", 2021)
    made = {
        **made_charts(ev2021),
        "compare-total": compare_charts.total_chart(compare.total_points(history)),
        "compare-indicators": compare_charts.indicator_history_chart(compare.indicator_points(history)),
    }
    for name, chart in made.items():
        validated = charts._config(chart).to_dict(validate=True)  # raises on a spec the schema refuses
        assert charts.spec(chart) == validated, name
        assert charts.with_font(charts.spec(chart), charts.SVG_FONT) == charts.spec(chart, charts.SVG_FONT), name


@pytest.fixture(scope="module")
def specs(ev2021):
    return all_charts(ev2021)


def test_every_axis_has_a_title(specs):
    for name, spec in specs.items():
        for layer in _layers(spec):
            for channel in ("x", "y"):
                enc = layer.get("encoding", {}).get(channel)
                if enc is None or "field" not in enc:
                    continue
                axis = enc.get("axis", {})
                title = enc.get("title", axis.get("title") if axis else None)
                shared = [lay["encoding"][channel].get("title") for lay in _layers(spec) if channel in lay.get("encoding", {})]
                assert title or any(shared), (name, channel, enc)


def test_every_reference_line_is_in_a_legend(specs):
    lines = {name: [layer for layer in _layers(spec) if _mark(layer) in REFERENCE_MARKS] for name, spec in specs.items()}
    # the target, contract, seat and interval lines of the book's charts, all looked at
    assert {name: len(found) for name, found in lines.items() if found} == {"attainment": 1, "volume": 1, "capacity": 2, "monthly": 1, "forecast": 1}
    unnamed = []
    for name, found in lines.items():
        for layer in found:
            enc = layer["encoding"]
            keyed = [enc[ch] for ch in ("color", "strokeDash") if ch in enc and "field" in enc[ch]]
            if not keyed or any(e.get("legend", {}) is None for e in keyed):
                unnamed.append((name, layer["mark"]))
    assert unnamed == []


def test_charts_describe_themselves_in_chinese_not_in_vega_english(specs):
    for name, spec in specs.items():
        assert spec["config"]["aria"] is False, name
        assert spec.get("description") and not any(c.isascii() and c.isalpha() for c in spec["description"]), name


def test_attainment_shows_the_margin_over_target(specs):
    rows = {r["指标"]: r for r in _data(specs["attainment"])}
    answer = rows["月度话务接通率"]
    assert answer["差值文本"] == "−0.93" and answer["与目标之差"] == "−0.93个百分点" and answer["是否达标"] == "未达标"
    assert answer["完成值"] == "94.07%" and answer["目标值"] == "≥95%"
    assert abs(answer["差值"] + 0.93) < 1e-9
    assert rows["群众咨询事项一次性解答率"]["差值文本"] == "+18.79"
    assert rows["话务平台可用率"]["差值文本"] == "0.00"  # 99.99% against ≥99.99%
    assert sum(r["是否达标"] == "未达标" for r in rows.values()) == 1


def test_attainment_names_what_it_leaves_out_and_lists_only_drawn_statuses(specs):
    """2021: every numeric indicator is in %, both statuses drawn. The archive year: its missed
    count (页) cannot sit on a percentage-point axis, so the subtitle names it with its status,
    and the legend does not offer a red 未达标 that no bar has."""
    from selfeval.api import open_year

    spec2021 = specs["attainment"]
    assert spec2021["title"] == "绩效指标完成值与目标值之差（百分点）"
    assert _layers(spec2021)[0]["encoding"]["color"]["scale"]["domain"] == ["达标", "未达标"]
    archive = charts.spec(charts.attainment_chart(open_year(FIXTURES / "archive", 2024)))
    assert [r["指标"] for r in _data(archive)] == ["图像质量抽检合格率", "档案利用满意度"]
    assert archive["title"] == {"text": "绩效指标完成值与目标值之差（百分点）", "subtitle": ["以百分比计量的指标；未列入：", "数字化加工页数（未达标）"]}
    assert _layers(archive)[0]["encoding"]["color"]["scale"] == {"domain": ["达标"], "range": [charts.MET]}


def test_budget_chart_shows_budget_executed_and_rate(specs):
    (row,) = _data(specs["budget"])  # 2021: one source has money
    assert row["资金来源"] == "财政拨款（市本级支出）"
    assert row["年度预算数"] == "13,410.06万元" and row["预算完成数"] == "13,410.06万元" and row["执行率"] == "100.00%"
    assert row["标签"] == "执行率100.00%"
    marks = [_mark(layer) for layer in _layers(specs["budget"])]
    assert marks.count("bar") == 2 and "text" in marks  # the budget track, the executed bar inside it, the rate


def test_a_chart_with_nothing_to_compare_is_a_sentence():
    """附录一 with one year of volume: one bar compares nothing, so the page says so in a sentence."""
    one = charts.volume_chart(history.volume_history(ROOT / "data", 2021))
    assert one == charts.ChartOmitted("只有2021年一个年度，无历年变化可比，不另作图。")
    assert not isinstance(charts.volume_chart(history.volume_history(FIXTURES / "years", 2021)), charts.ChartOmitted)


def test_a_left_out_chart_prints_its_sentence(monkeypatch):
    from selfeval.presentation import notebook_display, prose_html

    shown = []
    monkeypatch.setattr(notebook_display, "display", lambda data, **kw: shown.append(data))
    notebook_display.chart(charts.ChartOmitted("没有可比的年度。"), "volume")
    assert shown == [{"text/html": prose_html.paragraphs_html(["没有可比的年度。"])}]
