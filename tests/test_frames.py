"""analyses.frames: the evaluation as tidy DataFrames, exact values exact, figures as in the report."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pandas as pd
import pytest

from conftest import DATA, FIXTURES
from selfeval.analyses import frames
from selfeval.api import open_year


@pytest.fixture(scope="module")
def ev():
    return open_year(DATA, 2021)


def test_indicator_frame_has_the_reports_figures_exactly(ev):
    df = frames.indicators(ev).set_index("id")
    assert list(df.index) == [it.indicator.id for it in ev.items]  # the 一览表's order
    answer = df.loc["answer_rate"]
    assert answer["name"] == "月度话务接通率" and answer["level1"] == "产出指标" and answer["level2"] == "产出数量"
    assert (answer["target_op"], answer["target_value"], answer["target_unit"], answer["target_text"]) == (">=", Decimal(95), "%", "≥95%")
    assert (answer["numerator"], answer["denominator"]) == (10975138, 11666777)
    assert answer["exact"] == Fraction(10975138, 11666777) * 100
    assert answer["reported"] == Decimal("94.07") and answer["reported_text"] == "94.07%"
    assert not answer["met"]
    assert (answer["weight"], answer["score"], answer["points_lost"]) == (Decimal(12), Decimal("11.70"), Decimal("0.30"))
    assert (answer["scoring_rule"], answer["steps"], answer["deduction"]) == ("step_deduction", 1, Decimal("0.3"))
    # floor rounding: 525585/525600 = 99.997…% is reported 99.99%, not 100.00%
    assert df.loc["platform_availability", "reported"] == Decimal("99.99")
    assert df.loc["first_contact_resolution", "reported_text"] == "98.79%"
    assert df.loc["satisfaction", "reported_text"] == "97.52%"
    assert int(df["met"].sum()) == 6
    assert df.loc["platform_availability", "form_position"] == 1 and df.loc["answer_rate", "form_position"] == 4
    assert pd.isna(df.loc["satisfaction", "steps"])


def test_no_float_outside_for_chart(ev):
    for df in (frames.indicators(ev), frames.scores(ev), frames.funding(ev), frames.volume_history_frame(DATA, 2021), frames.monthly(ev)):
        assert "float64" not in {str(t) for t in df.dtypes}, df.dtypes
        exact = [v for col in df.columns for v in df[col] if isinstance(v, float)]
        assert exact == []
    chart = frames.for_chart(frames.indicators(ev))
    assert chart["reported"].dtype == "float64" and chart.loc[1, "reported"] == 94.07
    assert chart["exact"].dtype == "float64" and chart["target_value"].dtype == "float64"
    assert chart["name"].dtype == object  # text is left alone


def test_scores_add_up_to_the_total(ev):
    df = frames.scores(ev)
    assert df.loc[0, "item"] == "budget" and df.loc[0, "name"] == "预算完成率" and df.loc[0, "score"] == Decimal("10.00")
    assert list(df["item"][1:]) == [it.indicator.id for it in ev.form_items()]
    assert sum(df["score"]) == ev.total == Decimal("99.70")
    assert sum(df["weight"]) == Decimal(100)
    by_level = {k: sum(g["score"]) for k, g in df.groupby("level1", sort=False)}
    assert by_level == {"预算执行": Decimal("10.00"), "产出指标": Decimal("49.70"), "效益指标": Decimal("40.00")}


def test_funding_lines_in_wan_yuan(ev):
    df = frames.funding(ev)
    assert list(df["source"]) == ["municipal", "transfer", "other"]
    assert df.loc[0, "label"] == "财政拨款（市本级支出）"
    assert (df.loc[0, "budget"], df.loc[0, "executed"], df.loc[0, "rate"]) == (Decimal("13410.06"), Decimal("13410.06"), Decimal("100.00"))
    assert df.loc[1, "rate"] is None  # no budget, no rate (never 0%)


def test_funding_in_yuan_is_converted_exactly():
    ev = open_year(FIXTURES / "other", 2023)
    df = frames.funding(ev)
    assert (df.loc[0, "budget"], df.loc[0, "executed"], df.loc[0, "rate"]) == (Decimal("50.00"), Decimal("48.75"), Decimal("97.50"))


def test_volume_history_of_all_years():
    df = frames.volume_history_frame(FIXTURES / "years")
    assert list(df["year"]) == [2019, 2020, 2021]
    assert list(df["volume"]) == [12000000, 20000000, 28717436]
    assert df.loc[2, "volume_wan"] == Decimal("2871.7436") and df.loc[2, "contracted_wan"] == Decimal(1212)
    assert list(df["multiple"]) == [Decimal("0.99"), Decimal("1.65"), Decimal("2.37")]
    assert df.loc[0, "growth"] is None and df.loc[1, "growth"] == Decimal("66.67") and df.loc[2, "growth"] == Decimal("43.59")
    assert pd.isna(df.loc[0, "previous_year"]) and df.loc[2, "previous_year"] == 2020
    assert list(frames.volume_history_frame(FIXTURES / "years", up_to=2020)["year"]) == [2019, 2020]


def test_monthly_series_when_present():
    ev = open_year(FIXTURES / "years", 2021)
    df = frames.monthly(ev)
    assert list(df["month"]) == list(range(1, 13)) and df.loc[0, "label"] == "1月"
    assert list(df.loc[~df["met"], "month"]) == [1, 2, 7, 8, 12]
    assert sum(df["calls_offered"]) == 11666777 and sum(df["calls_answered"]) == 10975138
    assert sum(df["service_volume"]) == 28717436
    assert df.loc[0, "reported"] == Decimal("90.50") and df.loc[0, "exact"] == Fraction(971375 * 100, 1073343)
    assert set(df["target_value"]) == {Decimal(95)}


def test_monthly_is_empty_without_monthly_csv(ev):
    df = frames.monthly(ev)
    assert df.empty and list(df.columns) == list(frames.MONTHLY_COLUMNS)


def test_qualitative_indicator_has_no_numbers():
    df = frames.indicators(open_year(FIXTURES / "other", 2023)).set_index("id")
    q = df.loc["timeliness"]
    assert q["target_op"] is None and q["target_value"] is None and q["exact"] is None and q["reported"] is None
    assert q["target_text"] == "及时" and q["reported_text"] == "基本及时" and not q["met"] and q["score"] == Decimal("7.00")
    assert pd.isna(q["numerator"])
    assert df.loc["repair_days", "exact"] == Fraction(5, 2) and df.loc["repair_days", "reported_text"] == "2.5天"
