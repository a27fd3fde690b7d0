"""The judgements the report's text states, decided once from the figures.

Sentences in several chapters say whether the project reached its goals, how each missed
indicator missed, whether spending kept pace. Deciding these here, once, is what keeps the
chapters from contradicting each other or the grade.

The verdict rule (documented in data/README.md, "Totals and grade"): the grade decides,
the indicator counts refine it, so the verdict never contradicts the grade printed beside it:

========  =====================  ==========================
grade     every indicator met     some indicator missed
========  =====================  ==========================
优        达到                    基本达到
良        基本达到                部分达到
中        部分达到                部分达到
差        未达到                  未达到
========  =====================  ==========================
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from ..contract.model import QualitativeIndicator
from .indicators import IndicatorValue, shortfall

Verdict = Literal["达到", "基本达到", "部分达到", "未达到"]
SLIGHT_POINTS = Decimal(1)  # a % indicator within 1 percentage point of its target missed it slightly
SLIGHT_SHARE = Decimal("0.01")  # any other unit: within 1% of the target
SPENDING_ON_TRACK = Decimal(95)  # execution rate (%) from which spending kept pace
MOST = Decimal("0.8")  # share of indicators met from which attainment reads 较好


def verdict(grade: str, all_met: bool) -> Verdict:
    if grade == "优":
        return "达到" if all_met else "基本达到"
    if grade == "良":
        return "基本达到" if all_met else "部分达到"
    if grade == "中":
        return "部分达到"
    return "未达到"


@dataclass(frozen=True)
class Miss:
    """How an indicator missed its target."""

    direction: Literal["below", "above", "judged"]  # below/above a numeric target, or a qualitative judgment
    slight: bool  # within 1 point (or 1% of the target)
    band: str | None = None  # 部分达成 / 未达成 for a qualitative indicator


def miss_of(value: IndicatorValue) -> Miss | None:
    if value.met:
        return None
    ind = value.indicator
    if isinstance(ind, QualitativeIndicator):
        return Miss("judged", False, ind.scoring.band)
    gap = shortfall(value) or Decimal(0)
    t = ind.target
    slight = gap <= SLIGHT_POINTS if t.unit == "%" else bool(t.value) and abs(gap / t.value) <= SLIGHT_SHARE
    assert value.reported is not None
    if t.op == ">=":
        direction: Literal["below", "above"] = "below"
    elif t.op == "<=":
        direction = "above"
    else:
        direction = "above" if value.reported > t.value else "below"
    return Miss(direction, slight)


def attainment(met: int, total: int) -> Literal["all", "most", "some"]:
    """all met; at least 80% met (较好); fewer (有待提升)."""
    if met == total:
        return "all"
    return "most" if Decimal(met) >= MOST * total else "some"


def majority(met: int, total: int) -> Literal["all", "majority", "minority", "none"]:
    """all met; more than half; at least one; none."""
    if met == total:
        return "all"
    if met == 0:
        return "none"
    return "majority" if met * 2 > total else "minority"


def positive_grade(grade: str) -> bool:
    """优 and 良 read as a project that went well; 中 and 差 as one that fell short."""
    return grade in ("优", "良")


def spending_on_track(rate: Decimal) -> bool:
    return rate >= SPENDING_ON_TRACK
