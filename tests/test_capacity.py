"""Capacity model: Erlang B/C against published tables, Erlang A against independent
computations and its limits, the answer-rate curve, capacity.yaml validation, and 2021 end to end.

Every published value below was re-derived here by an exact rational computation
(:func:`exact_b`, :func:`exact_c`) before being used, so a failure points at the code, not at
the table.
"""

from __future__ import annotations

import math
import shutil
from decimal import Decimal as D
from fractions import Fraction
from math import factorial
from pathlib import Path

import numpy as np
import pytest
from scipy.special import gammainc, gammaln

from selfeval.analyses.capacity import capacity_for_year, scenario_assumptions
from selfeval.analyses.erlang import (
    answer_rate_curve,
    erlang_a,
    erlang_b,
    erlang_c,
    erlang_c_answer_rate,
    erlang_c_asa,
    erlang_c_service_level,
    required_agents,
)
from selfeval.contract.load import load_year
from selfeval.errors import DataError
from selfeval.presentation.capacity_text import assumption_rows, capacity_sentences, capacity_summary

DATA = Path(__file__).resolve().parents[1] / "data"


# ----------------------------------------------------------------------------- independent references


def exact_b(n: int, a: Fraction) -> Fraction:
    """Erlang B from its definition, (Aⁿ/n!) / Σ Aᵏ/k!, in exact rationals."""
    terms = [a**k / factorial(k) for k in range(n + 1)]
    return terms[-1] / sum(terms)


def exact_c(n: int, a: Fraction) -> Fraction:
    """Erlang C from its definition, in exact rationals (needs a < n)."""
    top = a**n / factorial(n) * Fraction(n) / (n - a)
    return top / (sum(a**k / factorial(k) for k in range(n)) + top)


def closed_form_erlang_a(n: int, load: float, aht: float, patience: float) -> tuple[float, float]:
    """Erlang A by Mandelbaum & Zeltyn's closed form with the incomplete gamma function.

    A(x, y) = x·eʸ·y⁻ˣ·γ(x, y) with x = nμ/θ, y = λ/θ; π_n = B/(1 + (A(x,y) − 1)·B);
    P(wait) = A(x,y)·π_n; P(abandon) = (1/ρ + (1 − 1/ρ)·A(x,y))·π_n with ρ = load/n.
    A different route from the code's birth–death tail sum, computed with scipy.
    """
    lam, mu, theta = load / aht, 1 / aht, 1 / patience
    x, y = n * mu / theta, lam / theta
    log_ax = math.log(x) + y - x * math.log(y) + gammaln(x) + math.log(gammainc(x, y))
    ax = math.exp(log_ax)
    b = float(exact_b(n, Fraction(load)))
    pi_n = b / (1 + (ax - 1) * b)
    rho = load / n
    return ax * pi_n, (1 / rho + (1 - 1 / rho) * ax) * pi_n


def ctmc_erlang_a(n: int, load: float, aht: float, patience: float, cap: int = 400) -> tuple[float, float]:
    """Erlang A by solving the truncated birth–death chain's balance equations with numpy."""
    lam, mu, theta = load / aht, 1 / aht, 1 / patience
    size = cap + 1
    q = np.zeros((size, size))
    for k in range(size):
        if k + 1 < size:
            q[k, k + 1] = lam
        if k > 0:
            q[k, k - 1] = min(k, n) * mu + max(k - n, 0) * theta
        q[k, k] = -q[k].sum()
    a = np.vstack([q.T, np.ones(size)])
    rhs = np.zeros(size + 1)
    rhs[-1] = 1
    pi = np.linalg.lstsq(a, rhs, rcond=None)[0]
    p_wait = pi[n:].sum()
    queue = sum(max(k - n, 0) * pi[k] for k in range(size))
    return float(p_wait), float(theta * queue / lam)


# ----------------------------------------------------------------------------- Erlang B


def test_erlang_b_published_values():
    # A = 10 Erl on 10 circuits: 0.2146 (standard Erlang B tables); exact: 0.214582…
    assert float(exact_b(10, Fraction(10))) == pytest.approx(0.2146, abs=5e-5)
    assert erlang_b(10, 10.0) == pytest.approx(0.2146, abs=5e-5)
    # erlang.com calculator manual: 15 lines at 1% blocking carry 8.108 Erl (exact B = 0.0099996)
    assert erlang_b(15, 8.108) == pytest.approx(0.0100, abs=5e-5)


@pytest.mark.parametrize("lines, traffic", [(5, 1.36), (10, 4.46), (15, 8.11), (20, 12.03), (30, 20.34), (50, 37.90), (100, 84.06)])
def test_erlang_b_one_percent_table(lines, traffic):
    """The standard 1%-blocking Erlang B table, printed to 2 decimals: the true traffic at
    B = 1% rounds to the printed value, i.e. it lies within ±0.005 Erl of it."""
    assert erlang_b(lines, traffic - 0.005) < 0.01 < erlang_b(lines, traffic + 0.005)


@pytest.mark.parametrize("n, a", [(1, "0.5"), (3, "2"), (10, "10"), (12, "7.5"), (40, "35.2"), (80, "95")])
def test_erlang_b_matches_exact_definition(n, a):
    assert erlang_b(n, float(a)) == pytest.approx(float(exact_b(n, Fraction(a))), rel=1e-12)


def test_erlang_b_is_stable_where_factorials_overflow():
    b = erlang_b(2000, 1900.0)  # 1900^2000 / 2000! overflows a float; the recursion does not
    assert 0 < b < 1
    assert erlang_b(1000, 1.0) == 0.0  # underflows gracefully to 0, never NaN
    assert erlang_b(0, 5.0) == 1.0


# ----------------------------------------------------------------------------- Erlang C


def test_erlang_c_published_values():
    # 10 Erl offered to 12 agents: P(wait) = 0.4494 (exact 0.449388…)
    assert float(exact_c(12, Fraction(10))) == pytest.approx(0.4494, abs=5e-5)
    assert erlang_c(12, 10.0) == pytest.approx(0.4494, abs=5e-5)
    # Call Centre Helper's worked example: 100 calls per 30 min, AHT 180 s → A = 10 Erl.
    # 11 agents: P(wait) 0.6821; 14 agents: P(wait) 0.1741, 80/20 service level 88.8%, occupancy 71.4%.
    assert erlang_c(11, 10.0) == pytest.approx(0.6821, abs=5e-5)
    assert erlang_c(14, 10.0) == pytest.approx(0.1741, abs=5e-5)
    assert round(erlang_c_service_level(14, 10.0, 180, 20), 3) == 0.888
    assert round(erlang_a(14, 10.0, 180, 1e9).occupancy, 3) == 0.714


@pytest.mark.parametrize("n, a", [(2, "1"), (12, "10"), (14, "10"), (55, "48"), (120, "110.5")])
def test_erlang_c_matches_exact_definition(n, a):
    c = float(exact_c(n, Fraction(a)))
    assert erlang_c(n, float(a)) == pytest.approx(c, rel=1e-12)
    assert erlang_c_asa(n, float(a), 240) == pytest.approx(c * 240 / (n - float(a)), rel=1e-12)


def test_erlang_c_overloaded_conventions():
    assert erlang_c(10, 10.0) == 1.0 and erlang_c(5, 12.0) == 1.0
    assert erlang_c_service_level(10, 12.0, 300, 20) == 0.0
    assert erlang_c_asa(10, 10.0, 300) == math.inf
    assert erlang_c_answer_rate(10, 12.0, 300, 120) is None
    assert erlang_c(10, 0.0) == 0.0


# ----------------------------------------------------------------------------- Erlang A


@pytest.mark.parametrize(
    "n, load, aht, patience",
    [(14, 10.0, 180, 300), (12, 10.0, 300, 60), (8, 10.0, 300, 120), (30, 28.5, 240, 90), (100, 110.0, 300, 120), (5, 2.0, 200, 1000)],
)
def test_erlang_a_matches_incomplete_gamma_closed_form(n, load, aht, patience):
    p_wait, p_ab = closed_form_erlang_a(n, load, aht, patience)
    got = erlang_a(n, load, aht, patience)
    assert got.p_wait == pytest.approx(p_wait, rel=1e-9)
    assert got.p_abandon == pytest.approx(p_ab, rel=1e-9)


@pytest.mark.parametrize("n, load, aht, patience", [(14, 10.0, 180, 300), (8, 10.0, 300, 120), (20, 25.0, 240, 60)])
def test_erlang_a_matches_numerical_markov_chain(n, load, aht, patience):
    p_wait, p_ab = ctmc_erlang_a(n, load, aht, patience)
    got = erlang_a(n, load, aht, patience)
    assert got.p_wait == pytest.approx(p_wait, abs=1e-9)
    assert got.p_abandon == pytest.approx(p_ab, abs=1e-9)


def test_erlang_a_matches_an_independent_implementation():
    """pyworkforce's ErlangA regression values (100 calls / 30 min, AHT 3 min, patience 5 min, 14 agents)."""
    got = erlang_a(14, 10.0, 180, 300)
    assert round(got.p_wait, 5) == 0.14526
    assert round(got.p_abandon, 6) == 0.013984
    assert round(got.occupancy, 6) == 0.704297


@pytest.mark.parametrize("n, load", [(12, 10.0), (14, 10.0), (60, 55.0)])
def test_erlang_a_tends_to_erlang_c_as_patience_grows(n, load):
    got = erlang_a(n, load, 300, 1e9)
    assert got.p_wait == pytest.approx(erlang_c(n, load), abs=1e-6)
    assert got.p_abandon == pytest.approx(0, abs=1e-6)
    assert got.occupancy == pytest.approx(load / n, abs=1e-6)


@pytest.mark.parametrize("n, load", [(5, 4.0), (10, 10.0), (20, 30.0)])
def test_erlang_a_tends_to_erlang_b_as_patience_vanishes(n, load):
    """Callers who hang up at once: a loss system, P(abandon) → Erlang B blocking."""
    assert erlang_a(n, load, 300, 1e-6).p_abandon == pytest.approx(erlang_b(n, load), abs=1e-6)


def test_erlang_a_zero_agents_everyone_abandons():
    got = erlang_a(0, 50.0, 300, 120)
    assert got.p_wait == pytest.approx(1.0) and got.p_abandon == pytest.approx(1.0)
    assert got.answered == pytest.approx(0.0, abs=1e-12) and got.occupancy == 0.0


def test_erlang_a_no_calls_and_huge_systems():
    assert erlang_a(10, 0.0, 300, 120).answered == 1.0
    big = erlang_a(700, 650.0, 300, 120)
    assert 0 < big.p_abandon < big.p_wait < 1
    heavy = erlang_a(300, 600.0, 300, 600)  # overloaded: about half the callers hang up
    assert heavy.answered == pytest.approx(0.5, abs=0.01)
    assert erlang_a(5000, 10.0, 300, 120).p_abandon == 0.0


def test_erlang_c_approximation_is_pessimistic():
    for n in (11, 12, 14, 20):
        approx = erlang_c_answer_rate(n, 10.0, 180, 120)
        assert approx is not None and approx <= erlang_a(n, 10.0, 180, 120).answered + 1e-12


# ----------------------------------------------------------------------------- staffing and the curve


def test_required_agents_is_the_fewest_that_meet_the_target():
    s = required_agents(239.7, 0.95, 300, 120)
    assert s.binding == "answer_rate" and s.agents == s.agents_for_rate
    assert erlang_a(s.agents, 239.7, 300, 120).answered >= 0.95 > erlang_a(s.agents - 1, 239.7, 300, 120).answered


def test_occupancy_cap_adds_agents_when_it_binds():
    s = required_agents(239.7, 0.95, 300, 120, occupancy_cap=0.85)
    assert s.binding == "occupancy" and s.agents > s.agents_for_rate
    assert s.at_agents.occupancy <= 0.85 < erlang_a(s.agents - 1, 239.7, 300, 120).occupancy
    loose = required_agents(5.0, 0.95, 300, 120, occupancy_cap=0.99)
    assert loose.binding == "answer_rate"


def test_required_agents_no_calls():
    assert required_agents(0.0, 0.95, 300, 120).agents == 0


def test_answer_rate_curve_is_monotone():
    curve = answer_rate_curve(239.7, 300, 120, range(150, 400, 5))
    rates = [p.answer_rate for p in curve]
    assert rates == sorted(rates)
    assert [p.occupancy for p in curve] == sorted((p.occupancy for p in curve), reverse=True)
    assert curve[0].answer_rate < D(95) < curve[-1].answer_rate
    for p in curve:
        assert p.erlang_c_answer_rate is None or p.erlang_c_answer_rate <= p.answer_rate


# ----------------------------------------------------------------------------- 2021 end to end


@pytest.fixture(scope="module")
def result2021():
    return capacity_for_year(load_year(DATA / "2021"))


def test_2021_inputs_come_from_the_data(result2021):
    r = result2021
    assert r.calls_offered == 11666777 and r.days == 365 and r.target == D(95)
    assert (r.actual_agents, r.actual_seats) == (858, 567)
    assert r.daily_calls == D(31964)  # 11,666,777 / 365 = 31,963.8…
    sources = dict(r.sources)
    assert sources.pop("operating_hours_per_day") == "operations.yaml"  # "7×24小时"
    assert set(sources.values()) == {"default"}  # no capacity.yaml: everything else is a labelled default


def test_2021_busy_hour_requirement(result2021):
    r = result2021
    assert r.busy_hour_calls == D(2877) and r.busy_hour_load == D("239.73")
    assert (r.busy_agents_for_rate, r.busy_agents, r.binding) == (233, 282, "occupancy")
    load = 31963.8 * 0.09 * 300 / 3600
    assert erlang_a(282, load, 300, 120).occupancy <= 0.85 < erlang_a(281, load, 300, 120).occupancy
    assert erlang_a(233, load, 300, 120).answered >= 0.95 > erlang_a(232, load, 300, 120).answered
    assert r.seat_gap == 282 - 567
    assert r.answer_rate_at_seats == D("100.00")


def test_2021_headcount_against_858(result2021):
    r = result2021
    assert r.agent_hours_per_day == sum(h.agents for h in r.hours)
    assert r.required_headcount == math.ceil(Fraction(r.agent_hours_per_day * 365) / (2000 * Fraction(7, 10)))
    assert (r.required_headcount, r.headcount_gap) == (818, -40)
    assert r.break_even_aht_seconds == 315
    text = "".join(capacity_sentences(r))
    for fragment in ("11666777", "858人", "567个", "（假设）", "Erlang A", "315秒"):
        assert fragment in text


def test_2021_break_even_is_where_the_verdict_flips():
    data = load_year(DATA / "2021")
    at = capacity_for_year(data, {"aht_seconds": 315})
    over = capacity_for_year(data, {"aht_seconds": 316})
    assert at.required_headcount <= 858 < over.required_headcount
    assert over.sources["aht_seconds"] == "scenario"


def test_2021_curve_spans_need_and_seats(result2021):
    agents = [p.agents for p in result2021.curve]
    assert 282 in agents and 567 in agents and agents == sorted(agents)
    assert [p.answer_rate for p in result2021.curve] == sorted(p.answer_rate for p in result2021.curve)


# ----------------------------------------------------------------------------- capacity.yaml


@pytest.fixture
def year2021(tmp_path):
    dst = tmp_path / "data" / "2021"
    shutil.copytree(DATA / "2021", dst)
    return dst


@pytest.mark.parametrize(
    "text, field, words",
    [
        ("shrinkage: 1.2\n", "非接线时间占比（shrinkage）", "应 < 1（填的是1.2）"),
        ("aht: 300\n", "aht", "不是已知的字段"),
        ("aht_seconds: abc\n", "平均处理时长（aht_seconds）", "“abc”不是数字"),
        ("hourly_profile: [1, 2, 3]\n", "各小时话务分布（hourly_profile）", "有3个值，但每日人工服务时长（operating_hours_per_day）为24小时"),
        ("busy_hour_share: 0.1\nhourly_profile: [" + ", ".join(["1"] * 24) + "]\n", "各小时话务分布（hourly_profile）", "只保留一项"),
        ("busy_hour_share: 0.02\n", "忙时话务占比（busy_hour_share）", "不可能是最忙的小时"),
        ("operating_hours_per_day: 8\nbusy_hour_share: 0.1\n", "忙时话务占比（busy_hour_share）", "1/8"),
        ("occupancy_cap: 0\n", "占用率上限（occupancy_cap）", "应 > 0"),
    ],
)
def test_bad_capacity_yaml_is_a_one_line_data_error(year2021, text, field, words):
    (year2021 / "capacity.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(DataError) as exc:
        load_year(year2021)
    assert exc.value.file.endswith("capacity.yaml")
    assert exc.value.field == field
    assert words in str(exc.value) and "\n" not in str(exc.value)


def test_capacity_yaml_values_are_used_and_not_labelled_as_defaults(year2021):
    (year2021 / "capacity.yaml").write_text("aht_seconds: 360\nshrinkage: 0.35\n", encoding="utf-8")
    data = load_year(year2021)
    r = capacity_for_year(data)
    sources = dict(r.sources)
    assert sources["aht_seconds"] == sources["shrinkage"] == "capacity.yaml"
    assert sources["patience_seconds"] == "default"
    assert r.required_headcount > 858
    assert "平均处理时长360秒、" in "".join(capacity_sentences(r))  # no （假设） after a value from the file


def test_hourly_profile_sets_the_busy_hour(year2021):
    weights = [1] * 23 + [3]  # the last hour takes 3/26 of the calls
    (year2021 / "capacity.yaml").write_text(f"hourly_profile: {weights}\n", encoding="utf-8")
    a = scenario_assumptions(load_year(year2021))
    assert a.shares()[0] == Fraction(3, 26) and sum(a.shares()) == 1
    r = capacity_for_year(load_year(year2021))
    assert r.hours[0].share == D("11.54") and "各小时话务分布" in "".join(capacity_sentences(r))


def test_short_service_day_from_operations_yaml(year2021):
    """service_hours "5×8小时": 8 operating hours (a real figure); a 9% peak is impossible, so the
    default spreads the calls evenly — and a year without capacity.yaml still loads."""
    ops = (year2021 / "operations.yaml").read_text(encoding="utf-8").replace("7×24小时", "5×8小时")
    (year2021 / "operations.yaml").write_text(ops, encoding="utf-8")
    data = load_year(year2021)
    a = scenario_assumptions(data)
    assert a.operating_hours_per_day == 8 and a.shares() == [Fraction(1, 8)] * 8
    rows = {row.name: row for row in assumption_rows(capacity_for_year(data))}
    assert rows["operating_hours_per_day"].source == "operations.yaml" and rows["operating_hours_per_day"].value == "8小时"
    assert rows["busy_hour_share"].value == "12.5%" and rows["busy_hour_share"].source == "default"


def test_no_answer_rate_indicator_gives_one_sentence(year2021):
    ind = (year2021 / "indicators.yaml").read_text(encoding="utf-8").replace("id: answer_rate", "id: connect_rate")
    (year2021 / "indicators.yaml").write_text(ind, encoding="utf-8")
    data = load_year(year2021)
    assert capacity_for_year(data) is None
    assert capacity_summary(data) == ["2021年未设置以呼入、接通数计算的接通率指标，不作话务员需求测算。"]
