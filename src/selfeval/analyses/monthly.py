"""Monthly 接通率 from the optional ``monthly.csv``: which months missed the target.

Why this exists: the 2021 report explains the missed 月度话务接通率 (94.07% against ≥95%)
with "导致部分月份接通率不达标" but never says *which* months. When a year supplies its
twelve monthly counts the book can name them, in one generated sentence.

Why the load refuses a monthly.csv that does not add up: the annual rate on the 自评表 is
computed from the answer-rate indicator's counts (indicators.yaml). If the twelve months
summed to anything else, the book would print two different 接通率 for one year, and a
reader could not tell which is right. So the months must add up exactly to that indicator's
numerator (calls answered) and denominator (calls offered), and — when the monthly
``service_volume`` column is used — to ``operations.yaml`` ``service_volume``.

``monthly.csv`` columns: ``month`` (1–12, each exactly once), ``calls_offered``,
``calls_answered``, optional ``service_volume`` (all twelve months or none).

Which indicator is "the answer rate": ``operations.yaml`` ``answer_rate_indicator`` names
its id; without it, the indicator with id ``answer_rate`` (if the year has one).

Monthly rates are exact Fractions, reported with the indicator's own display rule (2
decimals, half-up, unless indicators.yaml says otherwise), so a month and the year are
rounded the same way and compared with the same target.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from ..contract import model as m
from ..contract.crosscheck import answer_rate_indicator
from ..evaluation.indicators import format_value, is_met, target_value_text
from ..figures import round_fraction

# --------------------------------------------------------------------------- monthly rates


@dataclass(frozen=True)
class MonthRate:
    """One month's 接通率: exact value, reported value (the indicator's rounding) and verdict."""

    month: int
    calls_offered: int
    calls_answered: int
    exact: Fraction  # in %
    reported: Decimal  # e.g. 94.07
    met: bool
    decimals: int = 2  # the indicator's display precision

    @property
    def text(self) -> str:
        return format_value(self.reported, "%", self.decimals)

    @property
    def label(self) -> str:
        return f"{self.month}月"


def month_rate(row: m.MonthRow, ind: m.Indicator) -> MonthRate:
    """A month's rate, rounded and judged exactly as the annual indicator is."""
    exact = Fraction(row.calls_answered, row.calls_offered) * 100
    reported = round_fraction(exact, ind.decimals, ind.rounding)
    met = is_met(reported, ind.target)  # type: ignore[arg-type]
    return MonthRate(row.month, row.calls_offered, row.calls_answered, exact, reported, met, ind.decimals)


def monthly_rates(data: m.YearData) -> list[MonthRate]:
    """The twelve monthly rates in month order; [] when the year has no monthly.csv."""
    ind = answer_rate_indicator(data)
    if data.monthly is None or ind is None:
        return []
    return [month_rate(r, ind) for r in sorted(data.monthly, key=lambda r: r.month)]


def months_below_target(data: m.YearData) -> list[int]:
    """Months whose reported rate misses the indicator's target (e.g. below 95%), in order."""
    return [r.month for r in monthly_rates(data) if not r.met]


# --------------------------------------------------------------------------- sentences

_MISS = {">=": "低于", "<=": "高于", "=": "未达到"}
_ALL_MET = {">=": "均不低于", "<=": "均不高于", "=": "均达到"}


def no_monthly_sentence(data: m.YearData) -> str:
    """The one sentence for a year without monthly.csv (the chapter shows no monthly chart)."""
    return f"{data.year}年未提供分月话务数据，本报告不作逐月接通率分析。"


def monthly_sentence(data: m.YearData) -> str:
    """One generated sentence: the months below target, or that all months met it.

    e.g. "2021年1月、2月、8月接通率低于95%目标（最低为2月，88.40%），其余9个月达标。"
    Without monthly data: :func:`no_monthly_sentence`.
    """
    rates = monthly_rates(data)
    ind = answer_rate_indicator(data)
    if not rates or ind is None:
        return no_monthly_sentence(data)
    op = ind.target.op
    target = target_value_text(ind)
    missed = [r for r in rates if not r.met]
    if not missed:
        return f"{data.year}年12个月接通率{_ALL_MET[op]}{target}的目标。"
    if len(missed) == len(rates):
        return f"{data.year}年全部12个月接通率均{_MISS[op]}{target}目标。"
    names = "、".join(r.label for r in missed)
    worst = _worst(missed, op, ind.target.value)
    return (
        f"{data.year}年{names}接通率{_MISS[op]}{target}目标（最{'低' if op != '<=' else '高'}"
        f"为{worst.label}，{worst.text}），其余{len(rates) - len(missed)}个月达标。"
    )


def _worst(missed: list[MonthRate], op: str, target: Decimal) -> MonthRate:
    if op == "<=":
        return max(missed, key=lambda r: (r.exact, -r.month))
    if op == "=":
        return max(missed, key=lambda r: (abs(r.exact - Fraction(target)), -r.month))
    return min(missed, key=lambda r: (r.exact, r.month))
