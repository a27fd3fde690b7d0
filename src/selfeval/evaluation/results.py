"""The results of a year's evaluation, as plain frozen records.

:mod:`.evaluate` fills them, :mod:`.checks` reads them; both import this module, so neither
imports the other. Their only arithmetic is what the pages state directly about them (points
lost, the budget left unspent, the total on a 100-point scale), defined once here for the
tables, the charts, the sentences and the data frames.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from ..contract import model as m
from .indicators import IndicatorValue
from .judgement import Miss, Verdict
from .scoring import ItemScore, scaled

# the 自评表's budget line: its name and the group it is summed under (before the indicators' 一级指标)
BUDGET_NAME = "预算完成率"
BUDGET_LEVEL1 = "预算执行"


@dataclass(frozen=True)
class ScoredIndicator:
    value: IndicatorValue
    score: ItemScore
    miss: Miss | None = None  # how it missed (None when met)

    @property
    def indicator(self) -> m.IndicatorType:
        return self.value.indicator

    @property
    def met(self) -> bool:
        return self.value.met

    @property
    def lost(self) -> Decimal:
        """Points the indicator lost: 分值 − 得分."""
        return self.indicator.weight - self.score.score


@dataclass(frozen=True)
class FundingLine:
    source: str
    label: str
    budget: Decimal  # 万元, exact
    executed: Decimal
    rate: Decimal | None  # executed ÷ budget, reported % (the budget's rounding); None without a budget


@dataclass(frozen=True)
class BudgetResult:
    lines: list[FundingLine]
    budget: Decimal  # 万元 (年度预算数 / full-year)
    executed: Decimal  # 万元 (预算完成数)
    allocated: Decimal | None
    rate: Decimal  # reported %, 2 decimals
    weight: Decimal
    score: Decimal
    categories: list[m.ExpenseCategory]
    unit: str = "万元"  # the data's money_unit: amounts print in it (figures.amount), computed in 万元

    @property
    def unspent(self) -> Decimal:
        """年度预算数 − 预算完成数, 万元 (negative when more was spent than budgeted)."""
        return self.budget - self.executed

    @property
    def lost(self) -> Decimal:
        """Points the budget line lost: 分值 − 得分."""
        return self.weight - self.score

    @property
    def under_executed(self) -> bool:
        """The reported execution rate is below 100%: a problem the report owns (三、, 自评表 存在问题)."""
        return self.rate < 100


@dataclass(frozen=True)
class Derived:
    volume_multiple: Decimal | None = None  # service volume / contracted, 2 decimals half-up
    cost_per_item_yuan: Decimal | None = None  # 元/件
    cost_per_seat: Decimal | None = None  # 万元/席
    cost_per_agent: Decimal | None = None  # 万元/人
    lines_added: int | None = None  # total − prior_year_total
    seats_change: int | None = None  # seats total − the previous year's (None when not given)


@dataclass(frozen=True)
class Evaluation:
    data: m.YearData
    items: list[ScoredIndicator]
    budget: BudgetResult
    subtotals: dict[str, Decimal]  # 一级指标 → sum of rounded item scores, in first-seen order
    total: Decimal
    grade: str
    verdict: Verdict  # 达到 / 基本达到 / 部分达到 / 未达到 预期绩效目标 (judgement.verdict)
    derived: Derived
    level_weights: dict[str, Decimal]  # 一级指标 → sum of its indicators' weights, in subtotal order
    total_weight: Decimal  # budget weight + every indicator weight (the form's 满分)
    warnings: list[str] = field(default_factory=list)

    @property
    def scaled_total(self) -> Decimal:
        """The total on a 100-point scale, which the grade is read from: the total itself on a
        form of 100 points; total × 100 ÷ 满分 (half-up, 2 decimals) on a form that totals otherwise."""
        return scaled(self.total, self.total_weight)

    @property
    def lost(self) -> Decimal:
        """Points lost on the whole form: 满分 − 总分."""
        return self.total_weight - self.total

    @property
    def lost_missed(self) -> Decimal:
        """Points lost on the indicators that missed their targets."""
        return sum((i.lost for i in self.missed), Decimal(0))

    @property
    def lost_met(self) -> Decimal:
        """Points lost on indicators that met their targets (a qualitative 达成 scored below its weight)."""
        return sum((i.lost for i in self.met), Decimal(0))

    @property
    def partial_form(self) -> bool:
        """The form's weights total other than 100 (a form that covers part of the indicators, or totals 110)."""
        return self.total_weight != 100

    @property
    def year(self) -> int:
        return self.data.year

    @property
    def level_lost(self) -> dict[str, Decimal]:
        """一级指标 → its weight less its subtotal, in subtotal order."""
        return {level1: self.level_weights[level1] - subtotal for level1, subtotal in self.subtotals.items()}

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
