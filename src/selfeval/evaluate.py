"""The whole evaluation of one year: indicators, scores, budget, totals, derived figures.

This is the single place where a figure of the book is computed; narrate/tables/charts
only format what is here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from typing import Optional

from . import model as m
from .indicators import IndicatorValue, evaluate_indicator
from .numbers import TEN_THOUSAND, q2, round_fraction
from .scoring import ItemScore, budget_score, grade, score_indicator


@dataclass(frozen=True)
class ScoredIndicator:
    value: IndicatorValue
    score: ItemScore

    @property
    def indicator(self) -> m.Indicator:
        return self.value.indicator

    @property
    def met(self) -> bool:
        return self.value.met


@dataclass(frozen=True)
class FundingLine:
    source: str
    label: str
    budget: Decimal  # 万元, exact
    executed: Decimal


@dataclass(frozen=True)
class BudgetResult:
    lines: list[FundingLine]
    budget: Decimal  # 万元 (年度预算数 / full-year)
    executed: Decimal  # 万元 (预算完成数)
    allocated: Optional[Decimal]
    rate: Decimal  # reported %, 2 decimals
    weight: Decimal
    score: Decimal
    categories: list[m.ExpenseCategory]


@dataclass(frozen=True)
class Derived:
    volume_multiple: Optional[Decimal] = None  # service volume / contracted, 2 decimals half-up
    cost_per_item_yuan: Optional[Decimal] = None  # 元/件
    cost_per_seat: Optional[Decimal] = None  # 万元/席
    cost_per_agent: Optional[Decimal] = None  # 万元/人
    lines_added: Optional[int] = None  # total − prior_year_total


@dataclass(frozen=True)
class Evaluation:
    data: m.YearData
    items: list[ScoredIndicator]
    budget: BudgetResult
    subtotals: dict[str, Decimal]  # 一级指标 → sum of rounded item scores, in first-seen order
    total: Decimal
    grade: str
    derived: Derived
    warnings: list[str] = field(default_factory=list)

    @property
    def year(self) -> int:
        return self.data.year

    @property
    def met(self) -> list[ScoredIndicator]:
        return [i for i in self.items if i.met]

    @property
    def missed(self) -> list[ScoredIndicator]:
        return [i for i in self.items if not i.met]

    def item(self, indicator_id: str) -> ScoredIndicator:
        for i in self.items:
            if i.indicator.id == indicator_id:
                return i
        raise KeyError(indicator_id)

    def form_items(self) -> list[ScoredIndicator]:
        """Indicators in 自评表 order: by 一级指标 as first seen, then form_order, then file order."""
        level1 = list(self.subtotals)
        pos = {id(x): n for n, x in enumerate(self.items)}
        return sorted(
            self.items,
            key=lambda s: (level1.index(s.indicator.level1), s.indicator.form_order if s.indicator.form_order is not None else 10**6, pos[id(s)]),
        )


def to_wan(amount: Decimal, unit: str) -> Decimal:
    """Amounts are shown in 万元; data in 元 is converted exactly."""
    return amount / TEN_THOUSAND if unit == "元" else amount


def evaluate_budget(data: m.YearData) -> BudgetResult:
    unit = data.money_unit
    lines = [
        FundingLine(r.source, m.FUNDING_LABELS[r.source], to_wan(r.budget, unit), to_wan(r.executed, unit))
        for r in sorted(data.funding, key=lambda r: list(m.FUNDING_LABELS).index(r.source))
    ]
    total = sum((line.budget for line in lines), Decimal(0))
    executed = sum((line.executed for line in lines), Decimal(0))
    rate = round_fraction(Fraction(executed) / Fraction(total) * 100, 2, data.budget.rounding) if total else Decimal(0)
    allocated = to_wan(data.budget.allocated, unit) if data.budget.allocated is not None else None
    return BudgetResult(lines, total, executed, allocated, rate, data.budget.weight, budget_score(data.budget.weight, rate), list(data.budget.categories))


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
    return Derived(multiple, per_item, per_seat, per_agent, lines_added)


def evaluate(data: m.YearData) -> Evaluation:
    items = []
    for ind in data.indicators:
        value = evaluate_indicator(ind)
        items.append(ScoredIndicator(value, score_indicator(value)))
    subtotals: dict[str, Decimal] = {}
    for it in items:
        subtotals[it.indicator.level1] = subtotals.get(it.indicator.level1, Decimal(0)) + it.score.score
    budget = evaluate_budget(data)
    total = budget.score + sum(subtotals.values(), Decimal(0))
    from .checks import consistency_warnings

    ev = Evaluation(data, items, budget, subtotals, total, grade(total), derive(data, budget))
    ev.warnings.extend(consistency_warnings(ev))
    return ev
