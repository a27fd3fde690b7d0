"""Scoring and display rules on made-up years, every boundary with exact Decimal values.

Each test writes a small synthetic year folder (project.yaml, funding.csv, budget.yaml,
indicators.yaml, prose.yaml) into tmp_path from Python dicts, then loads and evaluates it
exactly as the book does. Nothing here depends on data/2021.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D
from fractions import Fraction
from itertools import count
from pathlib import Path

import pytest
import yaml

from selfeval.contract.load import load_year
from selfeval.errors import DataError
from selfeval.evaluation.evaluate import evaluate
from selfeval.evaluation.results import Derived
from selfeval.evaluation.scoring import grade

YEAR = 2023


class _Dumper(yaml.SafeDumper):
    """Decimals are written as YAML numbers (the loader reads them back as exact Decimals)."""


_Dumper.add_representer(D, lambda d, v: d.represent_scalar("tag:yaml.org,2002:float", format(v, "f")))


def _dump(data: object) -> str:
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False)


def project(money_unit: str = "万元") -> dict:
    return {
        "fiscal_year": YEAR,
        "money_unit": money_unit,
        "project": {
            "name": "测试项目",
            "level": "二级",
            "department": "某市某局",
            "implementer": "某市某中心",
            "goal": "完成年度任务。",
        },
        "contract": {"year_period": {"start": dt.date(YEAR, 1, 1), "end": dt.date(YEAR, 12, 31)}},
    }


def rate(ident, num, den, *, op=">=", target="95", weight="10", formula="ratio", level1="产出指标", unit="件", **extra) -> dict:
    """A ratio/complement indicator computed from raw counts."""
    return {
        "id": ident,
        "name": f"{ident}率",
        "level1": level1,
        "level2": "产出数量",
        "formula": formula,
        "numerator": {"label": "分子", "value": num, "unit": unit},
        "denominator": {"label": "分母", "value": den, "unit": unit},
        "target": {"op": op, "value": D(target), "unit": "%"},
        "weight": D(weight),
        **extra,
    }


def direct(ident, value, *, op=">=", target="95", unit="%", weight="10", formula="value", level1="产出指标", **extra) -> dict:
    """A 'value' or 'count' indicator: the reported figure is given, no raw counts."""
    return {
        "id": ident,
        "name": ident,
        "level1": level1,
        "level2": "产出数量",
        "formula": formula,
        "value": D(value) if formula == "value" else int(value),
        "target": {"op": op, "value": D(target), "unit": unit},
        "weight": D(weight),
        **extra,
    }


def qual(ident, band, score, *, weight="15", level1="产出指标", text="及时") -> dict:
    return {
        "id": ident,
        "name": ident,
        "level1": level1,
        "level2": "产出时效",
        "formula": "qualitative",
        "target": {"text": text},
        "reported_text": text if band == "达成" else f"基本{text}",
        "weight": D(weight),
        "scoring": {"rule": "qualitative", "band": band, "score": D(score)},
    }


def step(points: str, size: str) -> dict:
    return {"rule": "step_deduction", "points": D(points), "step": D(size)}


_n = count()


def write_year(
    root: Path,
    indicators: list[dict],
    *,
    funding: str = "source,budget,executed\nmunicipal,100,100\n",
    budget: dict | None = None,
    money_unit: str = "万元",
    weights_total: object = "auto",
    operations: dict | None = None,
) -> Path:
    """A complete synthetic year folder. weights_total='auto' adds it only when the weights do not total 100."""
    folder = root / f"case{next(_n)}" / str(YEAR)
    folder.mkdir(parents=True)
    budget = {"weight": D(10), **(budget or {})}
    ind_file: dict = {"indicators": indicators}
    total = D(budget["weight"]) + sum(D(i["weight"]) for i in indicators)
    if weights_total == "auto":
        if total != 100:
            ind_file = {"weights_total": total, **ind_file}
    elif weights_total is not None:
        ind_file = {"weights_total": weights_total, **ind_file}
    (folder / "project.yaml").write_text(_dump(project(money_unit)), encoding="utf-8")
    (folder / "funding.csv").write_text(funding, encoding="utf-8")
    (folder / "budget.yaml").write_text(_dump(budget), encoding="utf-8")
    (folder / "indicators.yaml").write_text(_dump(ind_file), encoding="utf-8")
    (folder / "prose.yaml").write_text(_dump({"problems": "无"}), encoding="utf-8")
    if operations is not None:
        (folder / "operations.yaml").write_text(_dump(operations), encoding="utf-8")
    return folder


@pytest.fixture
def run(tmp_path):
    """run(indicators, **write_year options) → Evaluation of a fresh synthetic year."""

    def go(indicators: list[dict], **opts):
        return evaluate(load_year(write_year(tmp_path, indicators, **opts)))

    return go


@pytest.fixture
def one(run):
    """one(indicator, **opts) → the ScoredIndicator of a year with just that indicator."""

    def go(indicator: dict, **opts):
        return run([indicator], **opts).item(indicator["id"])

    return go


@pytest.fixture
def rejects(tmp_path):
    """rejects(indicators, **opts) → the DataError's one-line message."""

    def go(indicators: list[dict], **opts) -> str:
        with pytest.raises(DataError) as err:
            evaluate(load_year(write_year(tmp_path, indicators, **opts)))
        return str(err.value)

    return go


# ---------------------------------------------------------------- formulas


def test_ratio_is_numerator_over_denominator_in_percent(one):
    it = one(rate("r", 12345, 100000, target="10"))
    assert it.value.exact == Fraction(12345, 1000)  # 12.345% exactly
    assert it.value.reported == D("12.35")
    assert it.value.reported_text == "12.35%"
    assert it.met and it.score.score == D("10.00")


def test_complement_is_one_minus_ratio(one):
    it = one(rate("c", 12345, 100000, formula="complement", target="80"))
    assert it.value.exact == Fraction(87655, 1000)  # (1 − 0.12345) × 100
    assert it.value.reported == D("87.66")  # half-up at .xx5
    assert it.met and it.score.score == D("10.00")


def test_complement_floor(one):
    it = one(rate("c", 12345, 100000, formula="complement", target="80", rounding="floor"))
    assert it.value.reported == D("87.65")


def test_value_formula_uses_the_given_figure(one):
    it = one(direct("v", "98.765", target="95"))
    assert not hasattr(it.indicator, "numerator") and not hasattr(it.indicator, "denominator")  # a value indicator has no counts
    assert it.value.exact == Fraction(98765, 1000)
    assert it.value.reported == D("98.77")
    assert it.value.reported_text == "98.77%"
    assert it.met and it.score.score == D("10.00")


@pytest.mark.parametrize(
    "value, decimals, unit, reported, text",
    [
        ("98.75", 1, "%", D("98.8"), "98.8%"),
        ("98.74", 1, "%", D("98.7"), "98.7%"),
        ("2.5", 0, "天", D("3"), "3天"),
        ("2.49", 0, "天", D("2"), "2天"),
    ],
)
def test_value_formula_decimals(one, value, decimals, unit, reported, text):
    it = one(direct("v", value, target="0", unit=unit, decimals=decimals))
    assert it.value.reported == reported
    assert it.value.reported_text == text


def test_count_formula_met(one):
    it = one(direct("n", 227, formula="count", target="200", unit="项"))
    assert it.value.exact == 227
    assert it.value.reported == D("227")
    assert it.value.reported_text == "227项"
    assert it.met and it.score.score == D("10.00")


def test_count_formula_missed_is_proportional(one):
    it = one(direct("n", 150, formula="count", target="200", unit="项", weight="20"))
    assert not it.met
    assert it.score.score == D("15.00")  # 20 × 150/200


def test_count_formula_needs_a_whole_number(rejects):
    msg = rejects([direct("n", "5.5", formula="value", target="3", unit="项") | {"formula": "count"}])
    assert "需要整数" in msg


# ---------------------------------------------------------------- qualitative


@pytest.mark.parametrize(
    "band, score, expected, met",
    [
        ("达成", "15", D("15.00"), True),
        ("达成", "12", D("12.00"), True),  # exactly 80% of 15: still 达成
        ("达成", "12.345", D("12.35"), True),  # item score shown half-up
        ("部分达成", "11.99", D("11.99"), False),
        ("部分达成", "9", D("9.00"), False),  # exactly 60%: 部分达成
        ("未达成", "8.99", D("8.99"), False),
        ("未达成", "0", D("0.00"), False),
    ],
)
def test_qualitative_band_and_score(one, band, score, expected, met):
    it = one(qual("q", band, score, weight="15"))
    assert it.value.exact is None and it.value.reported is None
    assert it.value.reported_text == ("及时" if band == "达成" else "基本及时")
    assert it.score.score == expected
    assert it.met is met


@pytest.mark.parametrize(
    "band, score, shown",
    [
        ("达成", "11.99", "定性得分11.99不在分值15的“达成”等级范围[12, 15]内"),
        ("达成", "15.01", "定性得分15.01不在分值15的“达成”等级范围[12, 15]内"),
        ("部分达成", "12", "定性得分12不在分值15的“部分达成”等级范围[9, 12)内"),  # 80% belongs to 达成
        ("部分达成", "8.99", "定性得分8.99不在分值15的“部分达成”等级范围[9, 12)内"),
        ("未达成", "9", "定性得分9不在分值15的“未达成”等级范围[0, 9)内"),  # 60% belongs to 部分达成
    ],
)
def test_qualitative_score_must_lie_in_its_band(rejects, band, score, shown):
    msg = rejects([qual("q", band, score, weight="15")])
    assert shown in msg
    assert "——修改：修改定性得分或定性等级" in msg


def test_qualitative_band_bounds_without_exponents(rejects):
    # weight 100: 80% of it is printed 80, not '8E+1'
    msg = rejects([qual("q", "部分达成", "85", weight="100")], budget={"weight": D(0)})
    assert "定性得分85不在分值100的“部分达成”等级范围[60, 80)内——修改：" in msg


# ---------------------------------------------------------------- display rounding


def test_rate_tie_rounds_half_up(one):
    assert one(rate("r", 12345, 100000, target="10")).value.reported == D("12.35")


def test_rate_tie_floor(one):
    assert one(rate("r", 12345, 100000, target="10", rounding="floor")).value.reported == D("12.34")


def test_item_score_tie_rounds_half_up_proportional(one):
    it = one(rate("r", 775, 1000, op="=", target="100", weight="15"))
    assert it.value.reported == D("77.50")
    assert it.score.score == D("11.63")  # 15 × 77.5/100 = 11.625 → 11.63, not 11.62


def test_item_score_tie_rounds_half_up_step(one):
    it = one(rate("r", 9450, 10000, target="95", weight="12", scoring=step("0.375", "1")))
    assert it.score.steps == 1 and it.score.deduction == D("0.375")
    assert it.score.score == D("11.63")  # 12 − 0.375 = 11.625


def test_floor_display_never_shows_100(one):
    it = one(rate("avail", 525585, 525600, target="99.99", unit="分钟", rounding="floor"))
    assert it.value.exact == Fraction(525585, 525600) * 100  # 99.99714…
    assert it.value.reported == D("99.99")
    assert it.value.reported_text == "99.99%"
    assert it.met and it.score.score == D("10.00")


def test_half_up_display_can_show_100_and_is_flagged(run):
    ev = run([rate("avail", 525585, 525600, target="99.99", unit="分钟")])
    assert ev.item("avail").value.reported == D("100.00")
    assert len(ev.warnings) == 1
    assert "indicators.yaml" in ev.warnings[0] and "avail" in ev.warnings[0] and "rounding" in ev.warnings[0]


# ---------------------------------------------------------------- judgment on the reported value


def test_judgment_uses_reported_value_half_up(one):
    it = one(rate("r", 94996, 100000, target="95", weight="12", scoring=step("0.3", "1")))
    assert it.value.exact < 95
    assert it.value.reported == D("95.00")
    assert it.met and it.score.score == D("12.00") and it.score.steps == 0


def test_judgment_uses_reported_value_floor(one):
    it = one(rate("r", 94996, 100000, target="95", weight="12", scoring=step("0.3", "1"), rounding="floor"))
    assert it.value.reported == D("94.99")
    assert not it.met
    assert it.score.steps == 1 and it.score.score == D("11.70")


def test_target_reached_exactly_is_met(one):
    it = one(rate("r", 95, 100, target="95"))
    assert it.value.reported == D("95.00") and it.met


def test_reported_value_below_target_by_rounding(one):
    it = one(rate("r", 12345, 100000, target="12.35"))
    assert it.value.exact < D("12.35") and it.met  # 12.345 → 12.35 meets ≥12.35


# ---------------------------------------------------------------- proportional scoring


def test_proportional_ge_missed(one):
    it = one(rate("r", 90, 100, target="95", weight="12"))
    assert not it.met
    assert it.score.score == D("11.37")  # 12 × 90/95 = 11.368…


def test_proportional_eq_missed(one):
    it = one(rate("r", 9, 10, op="=", target="100", weight="13"))
    assert not it.met
    assert it.score.score == D("11.70")  # 13 × 90/100


def test_proportional_eq_overshoot_is_reverse(one):
    it = one(direct("v", "120", op="=", target="100", unit="件", weight="10"))
    assert not it.met  # '=' missed from above is a miss too: 10 × 100/120
    assert it.score.score == D("8.33")


def test_proportional_never_above_weight(one):
    it = one(direct("v", "125", op=">=", target="100", unit="件", weight="10"))
    assert it.met and it.score.score == D("10.00")


def test_proportional_le_missed_is_reverse(one):
    it = one(direct("d", "8", op="<=", target="5", unit="天", weight="10"))
    assert not it.met
    assert it.score.score == D("6.25")  # 10 × 5/8


def test_proportional_le_uses_reported_value(one):
    it = one(direct("d", "7.999", op="<=", target="5", unit="天", weight="10"))
    assert it.value.reported == D("8.00")
    assert it.score.score == D("6.25")


def test_proportional_le_met_at_target(one):
    it = one(direct("d", "5", op="<=", target="5", unit="天", weight="10"))
    assert it.met and it.score.score == D("10.00")


def test_proportional_le_zero_target_missed_scores_zero(one):
    it = one(direct("d", "2", op="<=", target="0", unit="起", weight="10"))
    assert not it.met and it.score.score == D("0.00")


def test_proportional_eq_zero_target_missed_scores_zero(one):
    # '= 0' (e.g. 安全事故 0 起) missed cannot earn the full weight
    it = one(direct("d", "3", op="=", target="0", unit="起", weight="10"))
    assert not it.met and it.score.score == D("0.00")


def test_proportional_negative_value_scores_zero_not_negative(one):
    it = one(direct("g", "-5", op=">=", target="10", unit="%", weight="10"))
    assert not it.met and it.score.score == D("0.00")


# ---------------------------------------------------------------- step deduction


def test_step_partial_step_counts_as_one(one):
    it = one(rate("r", 9407, 10000, target="95", weight="12", scoring=step("0.3", "1")))
    assert it.value.reported == D("94.07")  # shortfall 0.93
    assert it.score.steps == 1 and it.score.deduction == D("0.3")
    assert it.score.score == D("11.70")


def test_step_exact_whole_steps(one):
    it = one(rate("r", 93, 100, target="95", weight="12", scoring=step("0.3", "1")))
    assert it.value.reported == D("93.00")  # shortfall exactly 2.00
    assert it.score.steps == 2 and it.score.deduction == D("0.6")
    assert it.score.score == D("11.40")


def test_step_just_over_whole_steps(one):
    it = one(rate("r", 9299, 10000, target="95", weight="12", scoring=step("0.3", "1")))
    assert it.score.steps == 3 and it.score.score == D("11.10")  # shortfall 2.01


def test_step_size_half(one):
    it = one(rate("r", 9407, 10000, target="95", weight="12", scoring=step("0.3", "0.5")))
    assert it.score.steps == 2 and it.score.score == D("11.40")  # 0.93 / 0.5 = 1.86 → 2


def test_step_size_half_exact(one):
    it = one(rate("r", 94, 100, target="95", weight="12", scoring=step("0.3", "0.5")))
    assert it.score.steps == 2 and it.score.score == D("11.40")  # 1.00 / 0.5 = 2 exactly


def test_step_never_below_zero(one):
    it = one(rate("r", 90, 100, target="95", weight="2", scoring=step("1", "1")))
    assert it.score.steps == 5 and it.score.deduction == D("5")
    assert it.score.score == D("0.00")


def test_step_with_le_target(one):
    it = one(direct("d", "7.5", op="<=", target="5", unit="天", weight="10", scoring=step("2", "1")))
    assert not it.met
    assert it.score.steps == 3 and it.score.deduction == D("6")  # 2.5 days over → 3 steps
    assert it.score.score == D("4.00")


def test_step_with_le_target_exact_steps(one):
    it = one(direct("d", "7", op="<=", target="5", unit="天", weight="10", scoring=step("2", "1")))
    assert it.score.steps == 2 and it.score.score == D("6.00")


def test_step_met_no_deduction(one):
    it = one(rate("r", 96, 100, target="95", weight="12", scoring=step("0.3", "1")))
    assert it.met and it.score.steps == 0 and it.score.deduction == 0 and it.score.score == D("12.00")


def test_step_needs_a_ge_or_le_target(rejects):
    msg = rejects([rate("r", 96, 100, op="=", target="100", scoring=step("0.3", "1"))])
    assert "按档扣分（step_deduction）需要 ≥ 或 ≤ 的目标" in msg


# ---------------------------------------------------------------- budget line


def test_budget_rate_reported_then_scored(run):
    ev = run([rate("r", 1, 1, target="95", weight="90")], funding="source,budget,executed\nmunicipal,100000,12345\n")
    assert ev.budget.rate == D("12.35")  # 12.345% half-up
    assert ev.budget.score == D("1.24")  # 10 × 12.35% = 1.235 → 1.24 (the exact rate would give 1.23)


def test_budget_rate_floor(run):
    ev = run(
        [rate("r", 1, 1, target="95", weight="90")],
        funding="source,budget,executed\nmunicipal,100000,12345\n",
        budget={"weight": D(10), "rounding": "floor"},
    )
    assert ev.budget.rate == D("12.34") and ev.budget.score == D("1.23")


def test_budget_lines_summed_in_form_order(run):
    ev = run(
        [rate("r", 1, 1, target="95", weight="90")],
        funding="source,budget,executed\nother,0,0\ntransfer,100,50\nmunicipal,300,250\n",
    )
    assert [(line.source, line.budget, line.executed) for line in ev.budget.lines] == [
        ("municipal", D("300"), D("250")),
        ("transfer", D("100"), D("50")),
        ("other", D("0"), D("0")),
    ]
    assert ev.budget.budget == D("400") and ev.budget.executed == D("300")
    assert ev.budget.rate == D("75.00") and ev.budget.score == D("7.50")
    assert ev.warnings == []


def test_budget_executed_over_budget_is_capped_and_warned(run):
    ev = run([rate("r", 1, 1, target="95", weight="85")], funding="source,budget,executed\nmunicipal,100,110\n", budget={"weight": D(15)})
    assert ev.budget.rate == D("110.00")
    assert ev.budget.score == D("15.00")  # weight × min(rate, 100%)
    assert len(ev.warnings) == 1
    assert "funding.csv" in ev.warnings[0] and "municipal" in ev.warnings[0] and "超过年度预算数" in ev.warnings[0]


def test_amounts_in_yuan_converted_to_wan_exactly(run):
    ev = run(
        [rate("r", 1, 1, target="95", weight="90")],
        money_unit="元",
        funding="source,budget,executed\nmunicipal,200000000,123456789\ntransfer,1,1\n",
        budget={"weight": D(10), "allocated": D(200000001)},
    )
    municipal, transfer = ev.budget.lines
    assert municipal.budget == D("20000") and municipal.executed == D("12345.6789")
    assert transfer.budget == D("0.0001") and transfer.executed == D("0.0001")
    assert ev.budget.budget == D("20000.0001") and ev.budget.executed == D("12345.679")
    assert ev.budget.allocated == D("20000.0001")
    assert ev.budget.rate == D("61.73")  # 12345.679 / 20000.0001 = 61.728…%
    assert ev.budget.score == D("6.17")


def test_reference_amount_in_yuan(run):
    ev = run([rate("r", 1, 1, target="95", weight="90")], money_unit="元", funding="source,budget,executed\nmunicipal,134100600,134100600\n")
    assert ev.budget.budget == D("13410.06") and ev.budget.executed == D("13410.06")
    assert ev.budget.rate == D("100.00") and ev.budget.score == D("10.00")


# ---------------------------------------------------------------- subtotals, total, grade


def test_subtotals_and_total_are_sums_of_rounded_scores(run):
    ev = run(
        [
            rate("b1", 1, 1, target="95", weight="30", level1="效益指标"),
            rate("a1", 775, 1000, op="=", target="100", weight="15"),
            rate("a2", 775, 1000, op="=", target="100", weight="15"),
            qual("b2", "达成", "30", weight="30", level1="效益指标"),
        ],
        weights_total=None,  # 10 + 30 + 15 + 15 + 30 = 100: no weights_total needed
    )
    assert [ev.item(i).score.score for i in ("a1", "a2")] == [D("11.63"), D("11.63")]  # each 11.625 exact
    assert list(ev.subtotals) == ["效益指标", "产出指标"]  # first-seen order
    assert ev.subtotals == {"效益指标": D("60.00"), "产出指标": D("23.26")}  # not 23.25
    assert ev.budget.score == D("10.00")
    assert ev.total == D("93.26")
    assert ev.grade == "优"


@pytest.mark.parametrize(
    "total, expected",
    [("100", "优"), ("90", "优"), ("90.00", "优"), ("89.99", "良"), ("80", "良"), ("79.99", "中"), ("60", "中"), ("59.99", "差"), ("0", "差")],
)
def test_grade_boundaries(total, expected):
    assert grade(D(total)) == expected


@pytest.mark.parametrize(
    "band, score, total, expected",
    [
        ("达成", "80", D("90.00"), "优"),
        ("达成", "79.99", D("89.99"), "良"),
        ("部分达成", "70", D("80.00"), "良"),
        ("部分达成", "69.99", D("79.99"), "中"),
        ("未达成", "50", D("60.00"), "中"),
        ("未达成", "49.99", D("59.99"), "差"),
    ],
)
def test_grade_boundaries_end_to_end(run, band, score, total, expected):
    ev = run([qual("q", band, score, weight="90")], weights_total=None)
    assert ev.total == total
    assert ev.grade == expected


def test_explicit_weights_total(run):
    ev = run([rate("r", 1, 1, target="95", weight="50")], weights_total=D(60))
    # a form of 60 points graded on its share of them (60 of 60 = 100.00), not as 60 of 100 (中)
    assert ev.total == D("60.00") and ev.scaled_total == D("100.00") and ev.grade == "优"


# ---------------------------------------------------------------- zero denominators


@pytest.mark.parametrize("formula", ["ratio", "complement"])
def test_zero_denominator_rejected(rejects, formula):
    msg = rejects([rate("r", 0, 0, formula=formula)])
    assert "indicators.yaml" in msg and "指标 r" in msg and "分母数值（denominator.value）为0" in msg and "——修改：" in msg


def test_zero_total_budget_rejected(rejects):
    msg = rejects([rate("r", 1, 1, weight="90")], funding="source,budget,executed\nmunicipal,0,0\n")
    assert "funding.csv" in msg and "年度预算数（budget）列" in msg and "各来源的年度预算数都是0" in msg and "——修改：" in msg


# ---------------------------------------------------------------- a project that is not a hotline


def test_non_hotline_project(run):
    ev = run(
        [
            qual("acceptance", "达成", "20", weight="20", text="及时"),
            direct("coverage", "92.5", target="90", unit="%", weight="30", level1="效益指标"),
            direct("sessions", 10, formula="count", target="12", unit="场", weight="30"),
        ],
        money_unit="元",
        funding="source,budget,executed\nmunicipal,500000,487500\n",
        budget={"weight": D(20)},
        weights_total=None,
    )
    assert ev.data.operations is None and ev.data.money_unit == "元"
    assert ev.derived == Derived()
    assert (ev.derived.volume_multiple, ev.derived.cost_per_item_yuan, ev.derived.cost_per_seat, ev.derived.cost_per_agent, ev.derived.lines_added) == (
        None,
    ) * 5
    assert ev.budget.budget == D("50") and ev.budget.executed == D("48.75")
    assert ev.budget.rate == D("97.50") and ev.budget.score == D("19.50")

    acceptance = ev.item("acceptance")
    assert acceptance.value.reported is None and acceptance.value.reported_text == "及时"
    assert acceptance.met and acceptance.score.score == D("20.00")
    coverage = ev.item("coverage")
    assert coverage.indicator.formula == "value" and coverage.value.reported == D("92.50") and coverage.met
    sessions = ev.item("sessions")
    assert sessions.value.reported == D("10") and not sessions.met
    assert sessions.score.score == D("25.00")  # 30 × 10/12

    assert ev.subtotals == {"产出指标": D("45.00"), "效益指标": D("30.00")}
    assert ev.total == D("94.50") and ev.grade == "优"
    assert [i.indicator.id for i in ev.missed] == ["sessions"]
    assert ev.warnings == []


def test_hotline_operations_fill_derived(run):
    ev = run(
        [rate("r", 1, 1, target="95", weight="90")],
        funding="source,budget,executed\nmunicipal,1000,1000\n",
        operations={"service_volume": 2000000, "seats": {"total": 400}, "agents": 600, "lines": {"total": 91, "prior_year_total": 76}},
    )
    d = ev.derived
    assert d.volume_multiple is None  # no contracted volume in this project.yaml
    assert d.cost_per_item_yuan == D("5.00")  # 10,000,000 元 / 2,000,000 件
    assert d.cost_per_seat == D("2.50") and d.cost_per_agent == D("1.67")
    assert d.lines_added == 15
