"""Scoring rules of the 自评表 (财预〔2020〕10号 and the project's own rules).

All inputs are *reported* values; every item score is rounded half-up to 2 decimals,
and subtotals/total are sums of the rounded item scores so the printed form adds up.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Literal

from ..contract.model import QualitativeIndicator, StepDeduction
from ..figures import q2
from .indicators import IndicatorValue, shortfall

GRADES = ((Decimal(90), "优"), (Decimal(80), "良"), (Decimal(60), "中"))  # (lowest total, grade), best first
LOWEST_GRADE = "差"  # below every floor of GRADES


Method = Literal["full", "qualitative", "step_deduction", "proportional", "reverse"]


@dataclass(frozen=True)
class ItemScore:
    score: Decimal  # rounded, 2 decimals
    method: Method = "full"  # how the score was obtained: the explanation on the form follows it
    steps: int = 0  # step_deduction: started steps below target
    deduction: Decimal = Decimal(0)


def score_indicator(value: IndicatorValue) -> ItemScore:
    ind = value.indicator
    if isinstance(ind, QualitativeIndicator):
        return ItemScore(q2(ind.scoring.score), "qualitative")
    weight = ind.weight
    if value.met or value.reported is None:
        return ItemScore(q2(weight))
    rule, target = ind.scoring, ind.target
    if isinstance(rule, StepDeduction):
        gap = Fraction(shortfall(value) or 0)
        ratio = gap / Fraction(rule.step)
        steps = -((-ratio.numerator) // ratio.denominator)  # ceil: 不足一档按一档
        deduction = Decimal(steps) * rule.points
        return ItemScore(q2(max(Fraction(weight) - Fraction(deduction), Fraction(0))), "step_deduction", steps, deduction)
    # proportional
    reported, goal = Fraction(value.reported), Fraction(target.value)
    if target.op == "<=" or (target.op == "=" and reported > goal):
        # reverse: missed ≤, or an = target overshot (120 against =100 earns 100/120 of the weight);
        # a non-positive reported value then means a negative goal
        share = goal / reported if reported > 0 else Fraction(0)
        method: Method = "reverse"
    else:
        # missed ≥/=: a zero or negative goal cannot be scored as a proportion, so nothing is earned
        share = reported / goal if goal > 0 else Fraction(0)
        method = "proportional"
    share = min(max(share, Fraction(0)), Fraction(1))  # never negative, never above the weight
    return ItemScore(q2(Fraction(weight) * share), method)


def budget_score(weight: Decimal, rate_reported: Decimal) -> Decimal:
    """weight × min(rate, 100%), using the reported rate (in %)."""
    return q2(Fraction(weight) * min(Fraction(rate_reported) / 100, Fraction(1)))


def scaled(total: Decimal, total_weight: Decimal) -> Decimal:
    """A form's total on the 100-point scale of the grades: unchanged on a form of 100 points,
    total × 100 ÷ 满分 (half-up, 2 decimals) otherwise (40.00 of 40 → 100.00; 97.64 of 110 → 88.76)."""
    if total_weight == 100:
        return total
    return q2(Fraction(total) * 100 / Fraction(total_weight))


def grade(total: Decimal) -> str:
    for floor, name in GRADES:
        if total >= floor:
            return name
    return LOWEST_GRADE
