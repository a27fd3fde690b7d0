"""Scoring rules of the 自评表 (财预〔2020〕10号 and the project's own rules).

All inputs are *reported* values; every item score is rounded half-up to 2 decimals,
and subtotals/total are sums of the rounded item scores so the printed form adds up.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from .indicators import IndicatorValue, shortfall
from ..contract.model import StepDeduction, Target
from ..numbers import q2

GRADES = ((Decimal(90), "优"), (Decimal(80), "良"), (Decimal(60), "中"))


@dataclass(frozen=True)
class ItemScore:
    score: Decimal  # rounded, 2 decimals
    steps: int = 0  # step_deduction: started steps below target
    deduction: Decimal = Decimal(0)


def score_indicator(value: IndicatorValue) -> ItemScore:
    ind = value.indicator
    weight = ind.weight
    rule = ind.scoring
    if rule.rule == "qualitative":
        return ItemScore(q2(rule.score))  # type: ignore[union-attr]
    if value.met:
        return ItemScore(q2(weight))
    target = ind.target
    assert isinstance(target, Target) and value.reported is not None
    if isinstance(rule, StepDeduction):
        gap = Fraction(shortfall(value))  # type: ignore[arg-type]
        ratio = gap / Fraction(rule.step)
        steps = -((-ratio.numerator) // ratio.denominator)  # ceil: 不足一档按一档
        deduction = Decimal(steps) * rule.points
        return ItemScore(q2(max(Fraction(weight) - Fraction(deduction), Fraction(0))), steps, deduction)
    # proportional
    reported, goal = Fraction(value.reported), Fraction(target.value)
    if target.op == "<=" or (target.op == "=" and reported > goal):
        # reverse: missed ≤, or an = target overshot (120 against =100 earns 100/120 of the weight);
        # a non-positive reported value then means a negative goal
        share = goal / reported if reported > 0 else Fraction(0)
    else:
        # missed ≥/=: a zero or negative goal cannot be scored as a proportion, so nothing is earned
        share = reported / goal if goal > 0 else Fraction(0)
    share = min(max(share, Fraction(0)), Fraction(1))  # never negative, never above the weight
    return ItemScore(q2(Fraction(weight) * share))


def budget_score(weight: Decimal, rate_reported: Decimal) -> Decimal:
    """weight × min(rate, 100%), using the reported rate (in %)."""
    return q2(Fraction(weight) * min(Fraction(rate_reported) / 100, Fraction(1)))


def grade(total: Decimal) -> str:
    for floor, name in GRADES:
        if total >= floor:
            return name
    return "差"
