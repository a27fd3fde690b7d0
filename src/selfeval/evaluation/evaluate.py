"""The whole evaluation of one year: indicators, scores, budget, totals, derived figures.

This is the single place where a figure of the book is computed; narrate/tables/charts
only format what is here.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from fractions import Fraction

from ..contract import model as m
from ..figures import q2, round_fraction, to_wan
from .checks import consistency_warnings
from .indicators import evaluate_indicator
from .judgement import miss_of, verdict
from .results import BudgetResult, Derived, Evaluation, FundingLine, ScoredIndicator
from .scoring import budget_score, grade, scaled, score_indicator


def evaluate_budget(data: m.YearData) -> BudgetResult:
    unit = data.money_unit
    lines = [
        FundingLine(
            r.source,
            m.funding_label(r.source, data.project),
            to_wan(r.budget, unit),
            to_wan(r.executed, unit),
            round_fraction(Fraction(r.executed) / Fraction(r.budget) * 100, 2, data.budget.rounding) if r.budget else None,
        )
        for r in sorted(data.funding, key=lambda r: list(m.FUNDING_LABELS).index(r.source))
    ]
    total = sum((line.budget for line in lines), Decimal(0))
    executed = sum((line.executed for line in lines), Decimal(0))
    rate = round_fraction(Fraction(executed) / Fraction(total) * 100, 2, data.budget.rounding) if total else Decimal(0)
    allocated = to_wan(data.budget.allocated, unit) if data.budget.allocated is not None else None
    return BudgetResult(lines, total, executed, allocated, rate, data.budget.weight, budget_score(data.budget.weight, rate), list(data.budget.categories), unit)


def derive(data: m.YearData, budget: BudgetResult) -> Derived:
    ops = data.operations
    if ops is None:
        return Derived()
    vol, contracted = ops.service_volume, data.contract.contracted_volume
    multiple = q2(Fraction(vol, contracted)) if vol is not None and contracted else None
    per_item = q2(Fraction(budget.executed) * 10000 / vol) if vol else None
    per_seat = q2(Fraction(budget.executed) / ops.seats.total) if ops.seats and ops.seats.total else None
    per_agent = q2(Fraction(budget.executed) / ops.agents) if ops.agents else None
    lines_added = None
    if ops.lines and ops.lines.prior_year_total is not None:
        lines_added = ops.lines.total - ops.lines.prior_year_total
    seats_change = None
    if ops.seats and ops.seats.prior_year_total is not None:
        seats_change = ops.seats.total - ops.seats.prior_year_total
    return Derived(multiple, per_item, per_seat, per_agent, lines_added, seats_change)


def evaluate(data: m.YearData) -> Evaluation:
    items = []
    for ind in data.indicators:
        value = evaluate_indicator(ind)
        items.append(ScoredIndicator(value, score_indicator(value), miss_of(value)))
    subtotals: dict[str, Decimal] = {}
    level_weights: dict[str, Decimal] = {}
    for it in items:
        level1 = it.indicator.level1
        subtotals[level1] = subtotals.get(level1, Decimal(0)) + it.score.score
        level_weights[level1] = level_weights.get(level1, Decimal(0)) + it.indicator.weight
    budget = evaluate_budget(data)
    total = budget.score + sum(subtotals.values(), Decimal(0))
    total_weight = budget.weight + sum(level_weights.values(), Decimal(0))
    the_grade = grade(scaled(total, total_weight))  # a form of 40 points is graded on its share of them
    all_met = all(it.value.met for it in items)
    ev = Evaluation(data, items, budget, subtotals, total, the_grade, verdict(the_grade, all_met), derive(data, budget), level_weights, total_weight)
    return replace(ev, warnings=consistency_warnings(ev))
