"""Hour-by-hour staffing from the records: Erlang A need against the agents available.

Why per hour and per day: the annual average day hides the peaks where the 接通率 was lost.
For each month this module takes two real days — the busiest (most calls offered) and a
typical one (the median day) — and for each of their 24 hours computes the agents on duty
that Erlang A (:mod:`selfeval.analyses.erlang`) says the answer-rate target needs, from that
hour's measured arrivals, the month's measured handle time and the year's measured patience.

Against what: with agent ids in the records, the agents who answered calls in that hour
(实测; an agent on duty who answered nothing is not counted, so in quiet hours this is a
lower bound). Without them, the most that can be on duty at once: the seats, or the
话务员 × (1 − 非接线时间占比) if fewer (假设: shrinkage is not in the data), and the day's
budget of productive agent-hours, 话务员 × (1 − 非接线时间占比) × 年工作小时 ÷ days.

The need is for the answer-rate target alone (no occupancy cap): it answers "how many would
have had to be on duty for 95%", which is what a missed 接通率 is judged against.

Also here: the capacity model of :mod:`selfeval.analyses.capacity` re-run with the measured
handle time, patience and hourly profile in place of its assumptions (:func:`measured_capacity`).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from functools import lru_cache
from typing import Literal

from ...contract import model as m
from ...contract.crosscheck import answer_rate_indicator
from ...figures import round_fraction
from ..capacity import CapacityResult, capacity_for_year, scenario_assumptions
from ..erlang import erlang_a, required_agents, share_pct
from .records import CallRecords, Cell
from .stats import CallStats, typical_day

Kind = Literal["busiest", "typical"]
Basis = Literal["measured", "assumed"]  # worded 实测 / 假设 by the presentation
MEASURED: Basis = "measured"


@dataclass(frozen=True)
class HourNeed:
    hour: int
    offered: int
    answered: int
    load: Decimal  # Erlangs, 2 decimals
    need: int  # agents on duty for the answer-rate target (Erlang A)
    available: int | None  # agents on duty: measured, or the assumed ceiling
    model_rate: Decimal | None  # % Erlang A predicts with `available` agents

    @property
    def short(self) -> bool:
        return self.available is not None and self.need > self.available

    @property
    def rate(self) -> Fraction | None:
        """The hour's measured 接通率 in %."""
        return Fraction(self.answered * 100, self.offered) if self.offered else None

    @property
    def gap(self) -> int:
        """Agents missing on duty (need − available; 0 when the available number is unknown)."""
        return self.need - (self.available or 0)


@dataclass(frozen=True)
class DayStaffing:
    month: int
    kind: Kind
    day: dt.date
    offered: int
    answered: int
    aht_seconds: Decimal  # the month's measured handle time used, 1 decimal
    hours: list[HourNeed]  # 0–23

    @property
    def need_agent_hours(self) -> int:
        return sum(h.need for h in self.hours)

    @property
    def short_hours(self) -> list[HourNeed]:
        return [h for h in self.hours if h.short]

    @property
    def peak(self) -> HourNeed:
        return max(self.hours, key=lambda h: (h.need, -h.hour))

    @property
    def unanswered_in_short_hours(self) -> int:
        return sum(h.offered - h.answered for h in self.short_hours)

    @property
    def rate(self) -> Fraction:
        """The day's measured 接通率 in % (a picked day always has calls)."""
        return Fraction(self.answered * 100, self.offered)


@dataclass(frozen=True)
class KindSummary:
    """The busiest (or typical) days of all months taken together: where agents fell short."""

    days: list[DayStaffing]
    short_days: list[DayStaffing]  # days with at least one hour short of agents
    short_hours: int  # hours short of agents, over those days
    unanswered_in_short_hours: int
    peak: DayStaffing  # the day whose peak hour needs the most agents (the later day among equals)
    worst: tuple[DayStaffing, HourNeed] | None  # the hour with the largest gap (on the later day among equals)


@dataclass(frozen=True)
class Staffing:
    target: Decimal  # % (e.g. 95)
    patience_seconds: Decimal  # used, 1 decimal
    patience_source: Basis  # measured, or assumed when no call was abandoned
    available_source: Basis | None  # measured (agent ids), assumed (seats / agents × (1 − shrinkage)), None (unknown)
    ceiling: int | None  # the assumed most on duty at once (without agent ids)
    daily_agent_hours: Decimal | None  # productive agent-hours a day (agents × (1 − shrinkage) × paid hours ÷ days), 1 decimal
    days: list[DayStaffing]  # per month: busiest, then typical

    def of(self, kind: Kind) -> list[DayStaffing]:
        return [d for d in self.days if d.kind == kind]

    @property
    def short_days(self) -> list[DayStaffing]:
        return [d for d in self.days if d.short_hours]

    def summary(self, kind: Kind) -> KindSummary:
        days = self.of(kind)
        short = [d for d in days if d.short_hours]
        gaps = [(d, h) for d in short for h in d.short_hours]
        return KindSummary(
            days,
            short,
            sum(len(d.short_hours) for d in short),
            sum(d.unanswered_in_short_hours for d in short),
            max(days, key=lambda d: (d.peak.need, d.day)),
            max(gaps, key=lambda x: (x[1].gap, x[0].day)) if gaps else None,
        )

    @property
    def busiest_agent_hours(self) -> tuple[int, int]:
        """The fewest and the most agent-hours a month's busiest day needs."""
        need = [d.need_agent_hours for d in self.of("busiest")]
        return min(need), max(need)

    @property
    def busiest_over_daily(self) -> list[DayStaffing]:
        """Busiest days needing more agent-hours than all agents can give in a day (none when unknown)."""
        limit = self.daily_agent_hours
        return [] if limit is None else [d for d in self.of("busiest") if d.need_agent_hours > limit]


def _one_decimal(value: Fraction) -> Decimal:
    return round_fraction(value, 1, "half_up")


@lru_cache(maxsize=8192)
def _need(load: float, target: float, aht: float, patience: float) -> int:
    return required_agents(load, target, aht, patience).agents if load > 0 else 0


def _available(cell: Cell | None, has_agents: bool, ceiling: int | None) -> int | None:
    """Agents on duty in the hour: measured (agent ids that answered), else the assumed ceiling (or unknown)."""
    if has_agents:
        return cell.agents if cell is not None and cell.agents is not None else 0
    return ceiling


def _hours(cells: list[Cell], aht: float, patience: float, target: float, has_agents: bool, ceiling: int | None) -> list[HourNeed]:
    by_hour = {c.hour: c for c in cells}
    out = []
    for hour in range(24):
        c = by_hour.get(hour)
        offered, answered = (c.offered, c.answered) if c else (0, 0)
        load = offered * aht / 3600
        available = _available(c, has_agents, ceiling)
        model = share_pct(erlang_a(available, load, aht, patience).answered) if available is not None and load > 0 else None
        out.append(HourNeed(hour, offered, answered, round_fraction(Fraction(load), 2, "half_up"), _need(load, target, aht, patience), available, model))
    return out


def staffing(rec: CallRecords, stats: CallStats, data: m.YearData) -> Staffing | None:
    """Busiest and typical day of every month, hour by hour; None without an answer-rate indicator."""
    ind = answer_rate_indicator(data)
    if ind is None:
        return None
    target_pct = ind.target.value
    target = float(Fraction(target_pct) / 100)
    a = scenario_assumptions(data)
    measured_patience = stats.total.patience_seconds
    patience = _one_decimal(measured_patience) if measured_patience else a.patience_seconds
    ops = data.operations
    ceiling: int | None = None
    daily: Decimal | None = None
    source: Basis | None = MEASURED if rec.has_agents else None
    if not rec.has_agents and ops is not None and (ops.agents is not None or ops.seats is not None):
        limits = [ops.seats.total] if ops.seats else []
        if ops.agents is not None:
            limits.append(math.floor(ops.agents * (1 - Fraction(a.shrinkage))))
        ceiling, source = min(limits), "assumed"
    if ops is not None and ops.agents is not None:
        yp = data.contract.year_period
        days_in_year = (yp.end - yp.start).days + 1
        daily = _one_decimal(ops.agents * (1 - Fraction(a.shrinkage)) * Fraction(a.paid_hours_per_agent_year) / days_in_year)
    by_day: dict[dt.date, list[Cell]] = {}
    for c in rec.cells:
        by_day.setdefault(c.day, []).append(c)
    days: list[DayStaffing] = []
    for month in sorted(stats.by_month):
        month_days = [d for d in stats.days if d.day.month == month]
        aht = _one_decimal(stats.by_month[month].aht_seconds or Fraction(0))
        if not month_days or aht <= 0:
            continue
        busiest = max(month_days, key=lambda d: (d.offered, -d.day.toordinal()))
        for kind, pick in (("busiest", busiest), ("typical", typical_day(month_days))):
            hours = _hours(by_day[pick.day], float(aht), float(patience), target, rec.has_agents, ceiling)
            days.append(DayStaffing(month, kind, pick.day, pick.offered, pick.answered, aht, hours))  # type: ignore[arg-type]
    return Staffing(target_pct, patience, MEASURED if measured_patience else "assumed", source, ceiling, daily, days)


# --------------------------------------------------------------------------- the annual model with measured inputs


def measured_overrides(stats: CallStats) -> dict:
    """Capacity-model inputs the records measure: handle time, patience, service hours and hourly profile."""
    out: dict = {}
    if stats.total.aht_seconds:
        out["aht_seconds"] = _one_decimal(stats.total.aht_seconds)
    if stats.total.patience_seconds:
        out["patience_seconds"] = _one_decimal(stats.total.patience_seconds)
    hours = stats.operating_hours
    if hours:
        out["operating_hours_per_day"] = len(hours)
        out["hourly_profile"] = [Decimal(stats.by_hour[h].offered) for h in hours]
        out["busy_hour_share"] = None  # the measured profile replaces a share given in capacity.yaml
    return out


def measured_capacity(data: m.YearData, stats: CallStats) -> CapacityResult | None:
    """:func:`capacity_for_year` with the measured inputs, each labelled measured instead of scenario."""
    overrides = measured_overrides(stats)
    result = capacity_for_year(data, overrides)
    if result is None:
        return None
    sources = {k: (MEASURED if overrides.get(k) is not None else v) for k, v in result.sources.items()}
    return dataclasses.replace(result, sources=sources)  # type: ignore[arg-type]
