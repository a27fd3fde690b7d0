"""Monthly 接通率 from the optional ``monthly.csv``: which months missed the target.

Why this exists: the 2021 report explains the missed 月度话务接通率 (94.07% against ≥95%)
with "导致部分月份接通率不达标" but never says *which* months. When a year supplies its
twelve monthly counts the book can name them, in one generated sentence
(:mod:`selfeval.presentation.monthly_text`).

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
from ..evaluation.indicators import format_value, is_met
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


def worst_month(missed: list[MonthRate], ind: m.Indicator) -> MonthRate:
    """The month furthest from the target among ``missed``: the lowest rate under a ≥ target, the
    highest under a ≤ target, the furthest away under an = target (the earlier month among equals)."""
    op = ind.target.op  # type: ignore[union-attr]
    if op == "<=":
        return max(missed, key=lambda r: (r.exact, -r.month))
    if op == "=":
        target = Fraction(ind.target.value)  # type: ignore[union-attr]
        return max(missed, key=lambda r: (abs(r.exact - target), -r.month))
    return min(missed, key=lambda r: (r.exact, r.month))
