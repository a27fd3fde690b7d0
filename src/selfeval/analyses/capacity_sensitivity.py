"""How sensitive the capacity model's verdict is to the assumptions a year without call records must make.

Why this exists: without records, the capacity model (:mod:`.capacity`) runs on the annual
average day with assumed handle time, busy-hour share and day factor. On those defaults it
finds the 2021 staff sufficient (818 needed against 858), while the report says the volume
exceeded 话务员承载能力. A bare verdict from assumed inputs would contradict the report on
no evidence. What the model *can* say is where the verdict flips: the handle time, the
day's volume above the annual average, and the busy-hour share at which the staff on hand
would no longer be enough. That is what this module computes (others held at their values).

* handle time: the longest AHT at which the required headcount is ≤ the agents (from the
  capacity result itself);
* day factor: the largest design day ÷ average day (2 decimals) at which it still is — a
  month or day busier than that needed more agents than the year had;
* busy-hour share: the smallest share of a day's calls in its busiest hour (0.1 % steps) at
  which the busy hour needs more agents on duty than there are seats. (The headcount barely
  moves with the share — the day's agent-hours stay about the same — so seats are the limit.)
* a grid of required headcounts over handle time × day factor, for the book's table.

It uses the capacity module's own day plan, so every figure is computed in one place.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Any

from ..contract import model as m
from ..figures import round_fraction
from .capacity import CapacityResult, _plan, calls_offered, capacity_for_year, scenario_assumptions

AHT_STEPS = (Fraction(-20, 100), Fraction(-10, 100), Fraction(0), Fraction(10, 100), Fraction(20, 100))
DAY_FACTORS = (Decimal("1.00"), Decimal("1.05"), Decimal("1.10"), Decimal("1.20"))


@dataclass(frozen=True)
class Sensitivity:
    result: CapacityResult  # the model on the year's assumptions
    agents: int
    seats: int | None
    break_even_aht_seconds: int | None  # longest AHT (s) with enough agents; None if none is
    break_even_day_factor: Decimal | None  # largest day factor (2 decimals) with enough agents; None if not even 1.00
    seat_limit_share: Decimal | None  # smallest busy-hour share (%, 1 decimal) whose busy hour needs more than the seats
    aht_values: list[int]
    day_factors: list[Decimal]
    grid: dict[tuple[int, Decimal], int]  # (AHT s, day factor) → required headcount

    @property
    def break_even_day_excess(self) -> Decimal | None:
        """How far (whole %) a day's volume may exceed the annual daily average before the agents fall short."""
        factor = self.break_even_day_factor
        return None if factor is None else round_fraction((Fraction(factor) - 1) * 100, 0, "half_up")


def _headcount(data: m.YearData, target: float, days: int, overrides: dict[str, Any]) -> tuple[int, int]:
    """(required headcount, busy-hour agents) for the year's assumptions with ``overrides`` on top."""
    a = scenario_assumptions(data, overrides)
    daily = Fraction(calls_offered(data) or 0, days) * Fraction(a.day_factor)
    plan = _plan(daily, a, target, days)
    return plan.headcount, plan.hours[0][2].agents


def _break_even_factor(data: m.YearData, target: float, days: int, agents: int) -> Decimal | None:
    def enough(hundredths: int) -> bool:
        return _headcount(data, target, days, {"day_factor": Decimal(hundredths) / 100})[0] <= agents

    if not enough(100):
        return None
    lo, hi = 100, 200
    while enough(hi):
        lo, hi = hi, hi * 2
        if hi > 1000:
            return Decimal(10)
    while hi - lo > 1:
        mid = (lo + hi) // 2
        lo, hi = (mid, hi) if enough(mid) else (lo, mid)
    return Decimal(lo) / 100


def _seat_limit_share(data: m.YearData, target: float, days: int, seats: int, hours: int) -> Decimal | None:
    """Smallest busy-hour share, in tenths of a percent, whose busy hour needs more agents on duty than the seats."""

    def over(tenths: int) -> bool:
        return _headcount(data, target, days, {"busy_hour_share": Decimal(tenths) / 1000, "hourly_profile": None})[1] > seats

    lo = -(-1000 // hours)  # an even spread, rounded up to 0.1 %
    if over(lo):
        return Decimal(lo) / 10
    if not over(1000):
        return None
    hi = 1000
    while hi - lo > 1:
        mid = (lo + hi) // 2
        lo, hi = (lo, mid) if over(mid) else (mid, hi)
    return Decimal(hi) / 10


def sensitivity(data: m.YearData) -> Sensitivity | None:
    """Where the capacity verdict flips; None without an answer-rate indicator or without the agents on hand."""
    result = capacity_for_year(data)
    if result is None or result.actual_agents is None:
        return None
    target = float(result.target / 100)
    days, agents, seats = result.days, result.actual_agents, result.actual_seats
    base = Fraction(result.assumptions.aht_seconds)
    aht_values = sorted({round(base * (1 + step)) for step in AHT_STEPS})
    grid = {(aht, f): _headcount(data, target, days, {"aht_seconds": aht, "day_factor": f})[0] for aht in aht_values for f in DAY_FACTORS}
    share = None
    if seats is not None and result.assumptions.hourly_profile is None:
        share = _seat_limit_share(data, target, days, seats, result.assumptions.operating_hours_per_day)
    return Sensitivity(
        result=result,
        agents=agents,
        seats=seats,
        break_even_aht_seconds=result.break_even_aht_seconds,
        break_even_day_factor=_break_even_factor(data, target, days, agents),
        seat_limit_share=share,
        aht_values=aht_values,
        day_factors=list(DAY_FACTORS),
        grid=grid,
    )
