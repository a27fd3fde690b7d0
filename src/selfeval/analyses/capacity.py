"""Capacity of a year: how many 话务员 would have kept the 接通率 at its target at the year's volume.

Why this exists: the 2021 report says the 接通率 (94.07%) missed ≥95% because the service
volume reached 2.37× the contract, "超出项目立项预期和话务员承载能力". Whether 858 agents on
567 seats were really short — and by how many — is a queueing question (:mod:`.erlang`).

Everything the data does not say is an assumption, named in the optional
``data/<year>/capacity.yaml`` (validated by :class:`~selfeval.contract.model.CapacityAssumptions`).
The model, in order: calls offered (the answer-rate indicator's denominator — real) spread
evenly over the days of the fiscal year (× ``day_factor``), then over the operating hours by
the busy-hour share or an explicit ``hourly_profile``; for every hour the fewest agents on
duty whose Erlang A answer rate reaches the target *and* whose occupancy stays under
``occupancy_cap``; the agent-hours of a day, scaled to a headcount by paid hours per agent
and shrinkage. The busy hour's requirement is compared with the seats, the headcount with
the agents. Every figure is rounded here, through Decimal; the wording is in
:mod:`selfeval.presentation.capacity_text`.

Two questions have no answer, and the model then says so rather than computing for ever:
a target of 100% (in Erlang A some callers always hang up, so no number of agents reaches
it: :func:`capacity_for_year` returns None and :func:`target_reachable` is False), and a
staffing beyond :data:`~selfeval.analyses.erlang.MAX_AGENTS` agents on duty in one hour
(:class:`~selfeval.analyses.erlang.BeyondModel`; the loader refuses such data first).
"""

from __future__ import annotations

import math
from bisect import bisect_left
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from functools import lru_cache
from typing import Any, Literal

from ..contract import model as m
from ..contract.crosscheck import answer_rate_indicator, reported_hours_per_day
from ..contract.load import validate_assumptions
from ..figures import round_fraction
from .erlang import BeyondModel, CurvePoint, Staffing, answer_rate_curve, erlang_a, required_agents, share_pct

UNREACHABLE_TARGET = Decimal(100)  # % answered: Erlang A (callers hang up) never gets there

# where an assumption's value came from: the documented default (worded 假设), the year's files, a
# scenario override (情景) or call records (实测, set by :func:`selfeval.analyses.calls.staffing.measured_capacity`)
Source = Literal["default", "capacity.yaml", "operations.yaml", "scenario", "measured"]


def scenario_assumptions(data: m.YearData, overrides: dict[str, Any] | None = None) -> m.CapacityAssumptions:
    """The year's validated assumptions, or with scenario ``overrides`` on top (validated like the file)."""
    if not overrides:
        assert data.assumptions is not None  # set by the loader
        return data.assumptions
    raw: dict[str, Any] = dict(data.capacity or {})
    raw.update(overrides)
    return validate_assumptions(raw, data.operations, f"{data.folder}/capacity.yaml")


def assumption_sources(data: m.YearData, overrides: dict[str, Any] | None = None) -> dict[str, Source]:
    """For every assumption: scenario (an override), capacity.yaml, operations.yaml (service hours) or default."""
    from_file, from_override = set(data.capacity or {}), set(overrides or {})
    out: dict[str, Source] = {}
    for name in m.CapacityAssumptions.model_fields:
        source: Source = "scenario" if name in from_override else "capacity.yaml" if name in from_file else "default"
        if source == "default" and name == "operating_hours_per_day" and reported_hours_per_day(data.operations) is not None:
            source = "operations.yaml"
        out[name] = source
    return out


@dataclass(frozen=True)
class HourRow:
    """One operating hour of the design day (busiest first)."""

    share: Decimal  # % of the day's calls
    calls: Decimal  # calls offered in the hour (whole calls)
    load: Decimal  # Erlangs, 2 decimals
    agents: int  # on duty, required


@dataclass(frozen=True)
class _DayPlan:
    hours: list[tuple[Fraction, float, Staffing]]  # (share, load, staffing), busiest first
    agent_hours: int
    headcount: int


@dataclass(frozen=True)
class CapacityResult:
    """How many agents the year's calls needed, under stated assumptions, against the actual."""

    year: int
    assumptions: m.CapacityAssumptions
    sources: dict[str, Source]  # where each assumption's value came from (default = the documented default)
    target: Decimal  # the answer-rate target, % (e.g. 95)
    calls_offered: int  # the answer-rate indicator's denominator
    days: int  # days of the fiscal year's implementation period
    daily_calls: Decimal  # design-day calls offered, whole calls
    busy_hour_calls: Decimal  # whole calls
    busy_hour_load: Decimal  # Erlangs, 2 decimals
    busy_agents_for_rate: int  # on duty in the busy hour for the answer-rate target alone
    busy_occupancy_for_rate: Decimal  # % occupancy at that staffing
    busy_agents: int  # on duty in the busy hour, answer rate and occupancy cap
    busy_answer_rate: Decimal  # % at busy_agents
    busy_occupancy: Decimal  # % at busy_agents
    binding: Literal["answer_rate", "occupancy"]
    agent_hours_per_day: int
    required_headcount: int
    actual_agents: int | None
    actual_seats: int | None
    headcount_gap: int | None  # required − actual (> 0: short of agents)
    seat_gap: int | None  # busy-hour agents − seats (> 0: short of seats)
    answer_rate_at_seats: Decimal | None  # % in the busy hour with every seat staffed
    break_even_aht_seconds: int | None  # longest AHT (whole s) at which the actual agents suffice
    hours: list[HourRow]
    curve: list[CurvePoint]


def calls_offered(data: m.YearData) -> int | None:
    """The year's calls offered: the answer-rate indicator's denominator (None without one)."""
    ind = answer_rate_indicator(data)
    return ind.denominator.value if ind is not None and ind.denominator is not None else None


def _days(data: m.YearData) -> int:
    yp = data.contract.year_period
    return (yp.end - yp.start).days + 1


@lru_cache(maxsize=4096)
def _staff(load: float, target: float, aht: float, patience: float, cap: float) -> Staffing:
    return required_agents(load, target, aht, patience, cap)


def _plan(daily_calls: Fraction, a: m.CapacityAssumptions, target: float, days: int, aht: float | None = None) -> _DayPlan:
    """Every operating hour's staffing for the design day, and the headcount it implies."""
    aht_s = float(a.aht_seconds) if aht is None else aht
    hours = []
    for share in a.shares():
        load = float(daily_calls * share) * aht_s / 3600
        hours.append((share, load, _staff(load, target, aht_s, float(a.patience_seconds), float(a.occupancy_cap))))
    agent_hours = sum(s.agents for _, _, s in hours)
    productive = Fraction(a.paid_hours_per_agent_year) * (1 - Fraction(a.shrinkage))
    headcount = math.ceil(Fraction(agent_hours * days) / productive)
    return _DayPlan(hours, agent_hours, headcount)


def _break_even_aht(daily_calls: Fraction, a: m.CapacityAssumptions, target: float, days: int, agents: int) -> int | None:
    """Longest whole-second AHT whose required headcount is ≤ the actual agents (others fixed).

    An AHT whose staffing lies beyond the model's limit counts as one the agents do not
    cover (the search stays within the model)."""

    def suffices(aht: int) -> bool:
        try:
            return _plan(daily_calls, a, target, days, float(aht)).headcount <= agents
        except BeyondModel:
            return False

    if not suffices(1):
        return None
    if suffices(3600):
        return 3600
    return bisect_left(range(1, 3601), True, key=lambda aht: not suffices(aht))  # the first AHT too long, less 1


def _curve_agents(load: float, required: int, seats: int | None) -> list[int]:
    """About 60 evenly spaced agent counts from 80% of the load to past the larger of need and seats."""
    lo = max(0, math.floor(0.8 * load))
    top = max(required, seats or 0)
    hi = top + max(5, math.ceil(0.05 * top))
    step = max(1, math.ceil((hi - lo) / 60))
    points = set(range(lo, hi + 1, step)) | {required, hi}
    if seats is not None:
        points.add(seats)
    return sorted(points)


def target_reachable(data: m.YearData) -> bool:
    """False when the answer-rate target is 100%, which no staffing reaches in Erlang A."""
    ind = answer_rate_indicator(data)
    return ind is None or not isinstance(ind.target, m.Target) or ind.target.value < UNREACHABLE_TARGET


def capacity_for_year(data: m.YearData, overrides: dict[str, Any] | None = None) -> CapacityResult | None:
    """The capacity result for a year, or None when it has no answer-rate indicator or its
    target is 100% (unreachable: see :func:`target_reachable`).

    ``overrides`` replace capacity.yaml values for a scenario (e.g. ``{"aht_seconds": 360}``);
    they are validated like the file and labelled 情景 in the assumptions table.
    """
    offered = calls_offered(data)
    ind = answer_rate_indicator(data)
    if offered is None or ind is None or not target_reachable(data):
        return None
    a = scenario_assumptions(data, overrides)
    target_pct = ind.target.value
    target = float(Fraction(target_pct) / 100)
    days = _days(data)
    daily = Fraction(offered, days) * Fraction(a.day_factor)
    plan = _plan(daily, a, target, days)
    busy_share, busy_load, busy = plan.hours[0]
    ops = data.operations
    agents = ops.agents if ops else None
    seats = ops.seats.total if ops and ops.seats else None
    aht, patience = float(a.aht_seconds), float(a.patience_seconds)
    try:
        at_seats = share_pct(erlang_a(seats, busy_load, aht, patience).answered) if seats is not None else None
    except BeyondModel:  # a busy hour far beyond the seats: no rate to state
        at_seats = None
    return CapacityResult(
        year=data.year,
        assumptions=a,
        sources=assumption_sources(data, overrides),
        target=target_pct,
        calls_offered=offered,
        days=days,
        daily_calls=round_fraction(daily, 0, "half_up"),
        busy_hour_calls=round_fraction(daily * busy_share, 0, "half_up"),
        busy_hour_load=round_fraction(Fraction(busy_load), 2, "half_up"),
        busy_agents_for_rate=busy.agents_for_rate,
        busy_occupancy_for_rate=share_pct(busy.at_rate_only.occupancy),
        busy_agents=busy.agents,
        busy_answer_rate=share_pct(busy.at_agents.answered),
        busy_occupancy=share_pct(busy.at_agents.occupancy),
        binding=busy.binding,
        agent_hours_per_day=plan.agent_hours,
        required_headcount=plan.headcount,
        actual_agents=agents,
        actual_seats=seats,
        headcount_gap=None if agents is None else plan.headcount - agents,
        seat_gap=None if seats is None else busy.agents - seats,
        answer_rate_at_seats=at_seats,
        break_even_aht_seconds=None if agents is None else _break_even_aht(daily, a, target, days, agents),
        hours=[
            HourRow(
                round_fraction(share * 100, 2, "half_up"), round_fraction(daily * share, 0, "half_up"), round_fraction(Fraction(load), 2, "half_up"), s.agents
            )
            for share, load, s in plan.hours
        ],
        curve=answer_rate_curve(busy_load, aht, patience, _curve_agents(busy_load, busy.agents, seats)),
    )
