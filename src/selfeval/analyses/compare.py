"""This year against the nearest earlier year of the same data root, and every year's key figures.

Reviewers judge a project by how it moves from year to year. The comparison matches
indicators by ``id`` (names may be reworded from one year to the next; the id is the
analyst's promise that it is the same indicator), and every difference is computed exactly
from the *reported* values (the figures the two books print), so a reviewer who subtracts
the printed numbers gets the printed change.

Earlier years are loaded with the same validation as the year itself
(:func:`~selfeval.evaluation.year_cache.evaluate_year`): a broken earlier year is an error, never
skipped. The build checks every earlier year before any notebook runs (``bookbuild.pipeline``).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Literal

from ..contract.model import QualitativeIndicator
from ..contract.sources import available_years
from ..contract.text_years import rolled_forward
from ..evaluation.indicators import target_text
from ..evaluation.results import Evaluation, ScoredIndicator
from ..evaluation.year_cache import evaluate_year

TargetDirection = Literal["raised", "lowered", "changed"]
TargetDemand = Literal["more", "less"]  # what a moved bound asks: ≥ raised or ≤ lowered asks more, the reverse less
Transition = Literal["became_met", "became_missed", "still_met", "still_missed"]


def previous_year(data_dir: str | Path, year: int) -> int | None:
    """The nearest earlier fiscal year with a folder in ``data_dir`` (None when there is none)."""
    earlier = [y for y in available_years(data_dir) if y < year]
    return earlier[-1] if earlier else None


@dataclass(frozen=True)
class Change:
    """A figure in both years and the exact difference (after − before)."""

    before: Decimal
    after: Decimal

    @property
    def diff(self) -> Decimal:
        return self.after - self.before


def _change(before: Decimal | None, after: Decimal | None) -> Change | None:
    return Change(before, after) if before is not None and after is not None else None


@dataclass(frozen=True)
class TargetChange:
    """A 年度指标值 that differs between the years, as both tables print it."""

    before: str  # '≥90%'
    after: str  # '≥95%'
    direction: TargetDirection  # raised/lowered: same operator and unit, value up/down; changed: operator, unit or text
    demand: TargetDemand | None = None  # for a bound (≥, ≤) moved: does it ask more or less; None for = and changed


def _unit(item: ScoredIndicator) -> str | None:
    """The unit of the reported value ('%', '件', …); None for a qualitative indicator."""
    ind = item.indicator
    return None if isinstance(ind, QualitativeIndicator) else ind.target.unit


def target_change(before: ScoredIndicator, after: ScoredIndicator, years: int = 1) -> TargetChange | None:
    """The 年度指标值's change, ``years`` apart; None when it is the same, or a date that only moved on
    with the fiscal year (2022年12月底前 → 2023年12月底前: the same deadline, one year later)."""
    a, b = before.indicator, after.indicator
    old, new = target_text(a), target_text(b)
    if isinstance(a, QualitativeIndicator) or isinstance(b, QualitativeIndicator):
        same = old == new or rolled_forward(old, new, years)
        return None if same and type(a) is type(b) else TargetChange(old, new, "changed")
    ta, tb = a.target, b.target
    if ta.op != tb.op or ta.unit != tb.unit:
        return TargetChange(old, new, "changed")
    if tb.value == ta.value:
        return None
    direction: TargetDirection = "raised" if tb.value > ta.value else "lowered"
    demand: TargetDemand | None = None
    if ta.op == ">=":
        demand = "more" if direction == "raised" else "less"
    elif ta.op == "<=":  # a ceiling (a cost, a duration): raising it asks less
        demand = "less" if direction == "raised" else "more"
    return TargetChange(old, new, direction, demand)


@dataclass(frozen=True)
class IndicatorComparison:
    """One indicator id in the two years; ``before`` or ``after`` is None when it was added or dropped."""

    id: str
    before: ScoredIndicator | None
    after: ScoredIndicator | None
    years: int = 1  # fiscal years between the two (the nearest earlier year may be further back)

    @property
    def name(self) -> str:
        return (self.after or self.before).indicator.name  # type: ignore[union-attr]

    @property
    def status(self) -> Literal["kept", "added", "dropped"]:
        return "added" if self.before is None else "dropped" if self.after is None else "kept"

    @property
    def target(self) -> TargetChange | None:
        return target_change(self.before, self.after, self.years) if self.before and self.after else None

    @property
    def rolled(self) -> bool:
        """A judgement or 年度指标值 that differs from last year's only by its years, moved on with the fiscal
        year (评价 2022年10月 → 2023年10月, 2022年12月底前 → 2023年12月底前): the same result, not a change."""
        if not (self.before and self.after):
            return False
        pairs = [(self.before.value.reported_text, self.after.value.reported_text)] if self.unit is None else []
        pairs.append((target_text(self.before.indicator), target_text(self.after.indicator)))
        return any(rolled_forward(old, new, self.years) for old, new in pairs)

    @property
    def value_rolled(self) -> bool:
        """The judgement alone moved on with the year (the book says so instead of 评价由…变为…)."""
        if not (self.before and self.after) or self.unit is not None:
            return False
        return rolled_forward(self.before.value.reported_text, self.after.value.reported_text, self.years)

    @property
    def unit(self) -> str | None:
        """The unit both years report in; None when qualitative, added, dropped or the units differ."""
        if not (self.before and self.after):
            return None
        a, b = _unit(self.before), _unit(self.after)
        return a if a == b else None

    @property
    def value(self) -> Change | None:
        """Reported value before and after (percentage points for %), when both are numbers in one unit."""
        if self.unit is None:
            return None
        return _change(self.before.value.reported, self.after.value.reported)  # type: ignore[union-attr]

    @property
    def decimals(self) -> int:
        """Places to print the change with: the finer of the two reported values (a count has 0)."""
        places = [-int(i.value.reported.as_tuple().exponent) for i in (self.before, self.after) if i and i.value.reported is not None]
        return max(places, default=0)

    @property
    def score(self) -> Change | None:
        return _change(self.before.score.score, self.after.score.score) if self.before and self.after else None

    @property
    def transition(self) -> Transition | None:
        if not (self.before and self.after):
            return None
        if self.before.met:
            return "still_met" if self.after.met else "became_missed"
        return "became_met" if self.after.met else "still_missed"

    @property
    def unchanged(self) -> bool:
        """Same reported value (or judgement), same target, same status: nothing to say beyond '与上年相同'."""
        if self.status != "kept" or self.target is not None:
            return False
        same_value = self.value.diff == 0 if self.value is not None else self.before.value.reported_text == self.after.value.reported_text  # type: ignore[union-attr]
        return (same_value or self.value_rolled) and self.transition in ("still_met", "still_missed")


UnitCostKind = Literal["per_item", "per_seat", "per_agent"]  # 元 per service item; 万元 per seat; 万元 per agent


@dataclass(frozen=True)
class UnitCost:
    """A unit cost of a hotline (按项目总支出简单平均) in both years."""

    kind: UnitCostKind
    volume_unit: str | None  # the unit of service (件, per_item), None for the others
    change: Change


@dataclass(frozen=True)
class YearComparison:
    previous: Evaluation
    current: Evaluation
    indicators: list[IndicatorComparison]  # this year's order, then the dropped ones in last year's order
    total: Change
    budget: Change  # 年度预算数, 万元
    executed: Change  # 预算完成数, 万元
    execution_rate: Change  # %, as reported
    unit_costs: list[UnitCost]  # only those both years have
    budget_score: Change  # the 预算完成率 line's score
    met: Change  # indicators met (a count)

    @property
    def kept(self) -> list[IndicatorComparison]:
        return [c for c in self.indicators if c.status == "kept"]

    @property
    def added(self) -> list[IndicatorComparison]:
        return [c for c in self.indicators if c.status == "added"]

    @property
    def dropped(self) -> list[IndicatorComparison]:
        return [c for c in self.indicators if c.status == "dropped"]


def _unit_costs(prev: Evaluation, cur: Evaluation) -> list[UnitCost]:
    ops = cur.data.operations
    volume_unit = ops.volume_unit if ops is not None else None
    pairs: list[tuple[UnitCostKind, Decimal | None, Decimal | None]] = [
        ("per_item", prev.derived.cost_per_item_yuan, cur.derived.cost_per_item_yuan),
        ("per_seat", prev.derived.cost_per_seat, cur.derived.cost_per_seat),
        ("per_agent", prev.derived.cost_per_agent, cur.derived.cost_per_agent),
    ]
    same_unit = prev.data.operations is not None and ops is not None and prev.data.operations.volume_unit == ops.volume_unit
    out = []
    for kind, before, after in pairs:
        change = _change(before, after)
        if change is not None and (kind != "per_item" or same_unit):
            out.append(UnitCost(kind, volume_unit if kind == "per_item" else None, change))
    return out


def compare_years(prev: Evaluation, cur: Evaluation) -> YearComparison:
    """The two evaluations side by side, indicators matched by id."""
    before = {i.indicator.id: i for i in prev.items}
    after_ids = {i.indicator.id for i in cur.items}
    years = cur.year - prev.year
    indicators = [IndicatorComparison(i.indicator.id, before.get(i.indicator.id), i, years) for i in cur.items]
    indicators += [IndicatorComparison(i.indicator.id, i, None, years) for i in prev.items if i.indicator.id not in after_ids]
    return YearComparison(
        prev,
        cur,
        indicators,
        Change(prev.total, cur.total),
        Change(prev.budget.budget, cur.budget.budget),
        Change(prev.budget.executed, cur.budget.executed),
        Change(prev.budget.rate, cur.budget.rate),
        _unit_costs(prev, cur),
        Change(prev.budget.score, cur.budget.score),
        Change(Decimal(len(prev.met)), Decimal(len(cur.met))),
    )


def compare_with_previous(data_dir: str | Path, year: int) -> YearComparison | None:
    """``year`` against the nearest earlier year of ``data_dir``; None when there is no earlier year."""
    prev = previous_year(data_dir, year)
    if prev is None:
        return None
    return compare_years(evaluate_year(data_dir, prev), evaluate_year(data_dir, year))


# --------------------------------------------------------------------------- every year, for the charts


@dataclass(frozen=True)
class TotalPoint:
    year: int
    total: Decimal
    grade: str


@dataclass(frozen=True)
class IndicatorPoint:
    """One numeric indicator in one year: what the trend charts draw (book chapter and landing page)."""

    year: int
    id: str
    name: str
    unit: str
    value: Decimal  # reported
    target: Decimal  # 年度指标值
    met: bool


def year_history(data_dir: str | Path, up_to: int) -> list[Evaluation]:
    """Every year of ``data_dir`` up to ``up_to``, oldest first, each loaded with the full validation."""
    return [evaluate_year(data_dir, y) for y in available_years(data_dir) if y <= up_to]


def total_points(history: list[Evaluation]) -> list[TotalPoint]:
    return [TotalPoint(ev.year, ev.total, ev.grade) for ev in history]


def indicator_points(history: list[Evaluation]) -> list[IndicatorPoint]:
    """Numeric indicators of every year (qualitative ones have no number to draw)."""
    out = []
    for ev in history:
        for it in ev.items:
            ind = it.indicator
            if isinstance(ind, QualitativeIndicator) or it.value.reported is None:
                continue
            out.append(IndicatorPoint(ev.year, ind.id, ind.name, ind.target.unit, it.value.reported, ind.target.value, it.met))
    return out
