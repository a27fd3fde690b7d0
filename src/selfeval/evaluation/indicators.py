"""Indicator values: exact value from the raw counts, then the reported (displayed) value.

Every later judgment uses the *reported* value, so the printed table can be re-checked
with a calculator.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from ..contract.model import (
    OP_SYMBOL,
    ComplementIndicator,
    CountIndicator,
    IndicatorType,
    NumericIndicator,
    QualitativeIndicator,
    RatioIndicator,
    Target,
    ValueIndicator,
)
from ..figures import fixed, pct, plain, round_fraction


@dataclass(frozen=True)
class IndicatorValue:
    indicator: IndicatorType
    exact: Fraction | None  # in the indicator's unit (% for rates); None for qualitative
    reported: Decimal | None  # exact rounded per the display rule; None for qualitative
    met: bool

    @property
    def reported_text(self) -> str:
        ind = self.indicator
        if isinstance(ind, QualitativeIndicator) or self.reported is None:
            return ind.reported_text if isinstance(ind, QualitativeIndicator) else ""
        return format_value(self.reported, ind.target.unit, ind.decimals)


def exact_value(ind: NumericIndicator) -> Fraction:
    """ratio = n/d; complement = 1 − n/d (both in %); value/count as given."""
    if isinstance(ind, ComplementIndicator):
        return (1 - Fraction(ind.numerator.value, ind.denominator.value)) * 100
    if isinstance(ind, RatioIndicator):
        return Fraction(ind.numerator.value, ind.denominator.value) * 100
    if isinstance(ind, ValueIndicator):
        return Fraction(ind.value)
    raise TypeError(f"no exact value for {type(ind).__name__}")


def is_met(reported: Decimal, target: Target) -> bool:
    if target.op == ">=":
        return reported >= target.value
    if target.op == "<=":
        return reported <= target.value
    return reported == target.value


def evaluate_indicator(ind: IndicatorType) -> IndicatorValue:
    if isinstance(ind, QualitativeIndicator):
        return IndicatorValue(ind, None, None, ind.scoring.band == "达成")
    exact = exact_value(ind)
    places = 0 if isinstance(ind, CountIndicator) else ind.decimals
    reported = round_fraction(exact, places, ind.rounding)
    return IndicatorValue(ind, exact, reported, is_met(reported, ind.target))


MONEY_UNITS = ("元", "万元", "亿元")  # an indicator in money prints as money does: 2 decimals, separators


def format_value(value: Decimal, unit: str, decimals: int = 2) -> str:
    """'94.07%' for rates, '12120000件' for counts, '215,457.60元' for money (a 成本指标)."""
    if unit == "%":
        return pct(value, decimals)
    if unit in MONEY_UNITS:
        return f"{fixed(value, 2, grouping=True)}{unit}"
    return f"{plain(value)}{unit}"


def target_text(ind: IndicatorType) -> str:
    """The 年度指标值 column: '≥95%', '100%', '≤5天', or the qualitative text."""
    if isinstance(ind, QualitativeIndicator):
        return ind.target.text
    t = ind.target
    return f"{OP_SYMBOL[t.op]}{target_value_text(ind)}"


def target_value_text(ind: NumericIndicator) -> str:
    """The target's figure and unit without the operator: '95%', '2天', '250,000.00元'."""
    t = ind.target
    return format_value(t.value, t.unit, 2) if t.unit in MONEY_UNITS else f"{plain(t.value)}{t.unit}"


def margin(value: IndicatorValue) -> Decimal | None:
    """The reported value's distance from the target, signed so that more is better, in the unit:
    ≥ target: value − target; ≤ target: target − value; = target: −|value − target| (never above 0)."""
    ind = value.indicator
    if value.reported is None or isinstance(ind, QualitativeIndicator):
        return None
    t = ind.target
    return value.reported - t.value if t.op == ">=" else t.value - value.reported if t.op == "<=" else -abs(t.value - value.reported)


def shortfall(value: IndicatorValue) -> Decimal | None:
    """How far the reported value is on the wrong side of the target (≥ 0), in the unit."""
    m = margin(value)
    return None if m is None else max(-m, Decimal(0))
