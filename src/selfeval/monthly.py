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
from typing import Optional

from . import model as m
from .errors import DataError
from .indicators import format_value, is_met, target_value_text
from .numbers import grouped, round_fraction

ANSWER_RATE_ID = "answer_rate"
MONTHS = tuple(range(1, 13))


# --------------------------------------------------------------------------- which indicator


def _named_id(data: m.YearData) -> Optional[str]:
    return data.operations.answer_rate_indicator if data.operations else None


def _resolve(data: m.YearData, strict: bool) -> Optional[m.Indicator]:
    """The answer-rate indicator; with ``strict`` a named or needed one that is unusable is a DataError."""
    named = _named_id(data)
    ident = named or ANSWER_RATE_ID
    ind = next((i for i in data.indicators if i.id == ident), None)
    if ind is None:
        if named:
            ids = ", ".join(i.id for i in data.indicators)
            raise DataError(f"{data.folder}/operations.yaml", "answer_rate_indicator", f"'{named}' is not an indicator id in indicators.yaml", f"use one of {ids}")
        return None
    if ind.formula != "ratio" or not isinstance(ind.target, m.Target):
        if not strict:
            return None
        file, field = (f"{data.folder}/operations.yaml", "answer_rate_indicator") if named else (f"{data.folder}/indicators.yaml", f"indicator {ind.id}")
        raise DataError(
            file,
            field,
            f"indicator '{ind.id}' has formula '{ind.formula}', but an answer rate is calls answered / calls offered",
            "give it formula: ratio with numerator = calls answered and denominator = calls offered, or name the right indicator",
        )
    return ind


def answer_rate_indicator(data: m.YearData) -> Optional[m.Indicator]:
    """The indicator whose numerator/denominator are calls answered/offered, or None if the year has none.

    Loading has already rejected a named indicator that is missing or not a ratio, so here
    None simply means "this year has no answer-rate indicator" (e.g. a non-hotline project).
    """
    return _resolve(data, strict=False)


# --------------------------------------------------------------------------- validation


def check_monthly(data: m.YearData) -> None:
    """Raise DataError unless monthly.csv (if any) adds up to the year's annual counts.

    Called at the end of :func:`selfeval.load.load_year`. Also checks a named
    ``answer_rate_indicator`` even when there is no monthly.csv, so a typo there is caught
    at load time rather than when a chapter is built.
    """
    rows = data.monthly
    ind = _resolve(data, strict=rows is not None or _named_id(data) is not None)
    if rows is None:
        return
    file = f"{data.folder}/monthly.csv"
    if ind is None:
        raise DataError(
            file,
            "",
            "has monthly calls but the year has no answer-rate indicator to add them up to",
            f"add an indicator with id '{ANSWER_RATE_ID}' (numerator calls answered, denominator calls offered) to indicators.yaml, or name it in operations.yaml answer_rate_indicator",
        )
    _check_months(rows, file)
    _check_total(rows, "calls_offered", ind.denominator, f"{ind.id} denominator", file)  # type: ignore[arg-type]
    _check_total(rows, "calls_answered", ind.numerator, f"{ind.id} numerator", file)  # type: ignore[arg-type]
    _check_service_volume(data, rows, file)


def _check_months(rows: list[m.MonthRow], file: str) -> None:
    seen: set[int] = set()
    for r in rows:
        if r.month in seen:
            raise DataError(file, f"month {r.month}", "appears twice", "keep exactly one row per month")
        seen.add(r.month)
    missing = [mo for mo in MONTHS if mo not in seen]
    if missing:
        names = "、".join(f"{mo}月" for mo in missing)
        raise DataError(file, "column month", f"{names} missing: the 12 months must each appear once", "add a row for every month 1–12")
    for r in rows:
        if r.calls_offered == 0:
            raise DataError(file, f"month {r.month}, column calls_offered", "is 0, so the month has no 接通率", "enter the month's real calls offered")


def _check_total(rows: list[m.MonthRow], column: str, count: m.Count, what: str, file: str) -> None:
    total = sum(getattr(r, column) for r in rows)
    if total != count.value:
        raise DataError(
            file,
            f"column {column}",
            f"the 12 months add up to {grouped(total)} but indicators.yaml {what} ({count.label}) is {grouped(count.value)} (difference {total - count.value:+,})",
            "correct the monthly figures or the annual count so that they agree",
        )


def _check_service_volume(data: m.YearData, rows: list[m.MonthRow], file: str) -> None:
    given = [r for r in rows if r.service_volume is not None]
    if not given:
        return
    if len(given) != len(rows):
        empty = next(r for r in rows if r.service_volume is None)
        raise DataError(file, f"month {empty.month}, column service_volume", "is empty while other months have it", "fill it in for every month, or leave the column out")
    annual = data.operations.service_volume if data.operations else None
    if annual is None:
        raise DataError(file, "column service_volume", "has monthly service volumes but operations.yaml has no annual service_volume to check them against", "add service_volume to operations.yaml")
    total = sum(r.service_volume for r in given)  # type: ignore[misc]
    if total != annual:
        raise DataError(
            file,
            "column service_volume",
            f"the 12 months add up to {grouped(total)} but operations.yaml service_volume is {grouped(annual)} (difference {total - annual:+,})",
            "correct the monthly figures or the annual service_volume so that they agree",
        )


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
    op = ind.target.op  # type: ignore[union-attr]
    target = target_value_text(ind)
    missed = [r for r in rates if not r.met]
    if not missed:
        return f"{data.year}年12个月接通率{_ALL_MET[op]}{target}的目标。"
    if len(missed) == len(rates):
        return f"{data.year}年全部12个月接通率均{_MISS[op]}{target}目标。"
    names = "、".join(r.label for r in missed)
    worst = _worst(missed, op, ind.target.value)  # type: ignore[union-attr]
    return f"{data.year}年{names}接通率{_MISS[op]}{target}目标（最{'低' if op != '<=' else '高'}为{worst.label}，{worst.text}），其余{len(rates) - len(missed)}个月达标。"


def _worst(missed: list[MonthRate], op: str, target: Decimal) -> MonthRate:
    if op == "<=":
        return max(missed, key=lambda r: (r.exact, -r.month))
    if op == "=":
        return max(missed, key=lambda r: (abs(r.exact - Fraction(target)), -r.month))
    return min(missed, key=lambda r: (r.exact, r.month))
