"""Indicator values: exact value from the raw counts, then the reported (displayed) value.

Every later judgment uses the *reported* value, so the printed table can be re-checked
with a calculator.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Optional

from ..contract.model import OP_SYMBOL, Indicator, QualitativeTarget, Target
from ..numbers import HUNDRED, pct, plain, round_fraction


@dataclass(frozen=True)
class IndicatorValue:
    indicator: Indicator
    exact: Optional[Fraction]  # in the indicator's unit (% for rates); None for qualitative
    reported: Optional[Decimal]  # exact rounded per the display rule
    met: bool

    @property
    def reported_text(self) -> str:
        ind = self.indicator
        if self.reported is None:
            return ind.reported_text or ""
        return format_value(self.reported, ind.target.unit, ind.decimals)  # type: ignore[union-attr]


def exact_value(ind: Indicator) -> Optional[Fraction]:
    """ratio = n/d; complement = 1 − n/d (both in %); value/count as given."""
    if ind.formula == "ratio":
        return Fraction(ind.numerator.value, ind.denominator.value) * 100  # type: ignore[union-attr]
    if ind.formula == "complement":
        return (1 - Fraction(ind.numerator.value, ind.denominator.value)) * 100  # type: ignore[union-attr]
    if ind.formula in ("value", "count"):
        return Fraction(ind.value)  # type: ignore[arg-type]
    return None


def is_met(reported: Decimal, target: Target) -> bool:
    if target.op == ">=":
        return reported >= target.value
    if target.op == "<=":
        return reported <= target.value
    return reported == target.value


def evaluate_indicator(ind: Indicator) -> IndicatorValue:
    exact = exact_value(ind)
    if exact is None:
        assert ind.scoring.rule == "qualitative"
        return IndicatorValue(ind, None, None, ind.scoring.band == "达成")  # type: ignore[union-attr]
    places = 0 if ind.formula == "count" else ind.decimals
    reported = round_fraction(exact, places, ind.rounding)
    assert isinstance(ind.target, Target)
    return IndicatorValue(ind, exact, reported, is_met(reported, ind.target))


def format_value(value: Decimal, unit: str, decimals: int = 2) -> str:
    """'94.07%' for rates, '12120000件' for counts."""
    if unit == "%":
        return pct(value, decimals)
    return f"{plain(value)}{unit}"


def target_text(ind: Indicator) -> str:
    """The 年度指标值 column: '≥95%', '100%', '≤5天', or the qualitative text."""
    t = ind.target
    if isinstance(t, QualitativeTarget):
        return t.text
    return f"{OP_SYMBOL[t.op]}{plain(t.value)}{t.unit}"


def target_value_text(ind: Indicator) -> str:
    t = ind.target
    assert isinstance(t, Target)
    return f"{plain(t.value)}{t.unit}"


def shortfall(value: IndicatorValue) -> Optional[Decimal]:
    """How far the reported value is on the wrong side of the target (≥ 0), in the unit."""
    t = value.indicator.target
    if value.reported is None or not isinstance(t, Target):
        return None
    gap = t.value - value.reported if t.op == ">=" else value.reported - t.value if t.op == "<=" else abs(t.value - value.reported)
    return max(gap, Decimal(0))


__all__ = ["IndicatorValue", "evaluate_indicator", "exact_value", "format_value", "target_text", "shortfall", "HUNDRED"]
