"""Capacity model: how many 话务员 would have kept the 接通率 at its target at the year's volume.

Why this exists: the 2021 report says the 接通率 (94.07%) missed ≥95% because the service
volume reached 2.37× the contract, "超出项目立项预期和话务员承载能力". Whether 858 agents
on 567 seats were really short — and by how many — is a queueing question, so the book
answers it with the standard call-centre models instead of leaving it as an assertion:

* **Erlang A** (M/M/n+M; Palm 1943, Garnett–Mandelbaum–Reiman 2002) is the model used for
  the answer: callers queue when all agents are busy and hang up after an exponentially
  distributed patience. The 接通率 is the share who are answered, ``1 − P(abandon)``.
* **Erlang C** (M/M/n, nobody hangs up) is the textbook comparison: probability of waiting,
  service level, average speed of answer, and an answer-rate *approximation*
  (a caller is answered if the Erlang C wait is shorter than their patience), which is
  pessimistic because it ignores that abandoning callers shorten the queue.
* **Erlang B** is the building block: every formula above is evaluated through the Erlang B
  recursion ``B(k) = A·B(k−1) / (k + A·B(k−1))``, which stays in [0, 1] at every step and
  so never overflows, unlike the textbook ``Aⁿ/n!`` sums.

Everything the data does not say is an assumption, named in the optional
``data/<year>/capacity.yaml`` (validated by :class:`CapacityAssumptions`; a bad value is a
DataError naming capacity.yaml and the field). Every field has a default, documented below
and in :data:`ASSUMPTION_INFO`, and the book labels a default as 假设.

The model, in order: calls offered (the answer-rate indicator's denominator — real) spread
evenly over the days of the fiscal year (× ``day_factor``), then over the operating hours by
the busy-hour share (the busy hour takes ``busy_hour_share``, the other hours share the rest
evenly) or by an explicit ``hourly_profile``; for every hour the fewest agents on duty whose
Erlang A answer rate reaches the target *and* whose occupancy stays under
``occupancy_cap``; the agent-hours of a day, scaled to a headcount by paid hours per agent
and shrinkage. The busy hour's requirement is compared with the seats, the headcount with
the agents.

Floats are used inside the queueing maths (it is a model, not money); every figure the book
prints is rounded here, through Decimal (:func:`selfeval.numbers.round_fraction`).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, replace
from decimal import Decimal
from fractions import Fraction
from functools import lru_cache
from typing import Any, Iterable, Literal, Optional

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator

from . import model as m
from .monthly import answer_rate_indicator
from .numbers import fixed, grouped, plain, round_fraction

# =========================================================================== queueing core


def erlang_b(agents: int, load: float) -> float:
    """Erlang B blocking probability of M/M/n/n with ``load`` Erlangs offered to ``agents`` servers.

    Computed by the recursion B(0) = 1, B(k) = A·B(k−1)/(k + A·B(k−1)): each step is a
    probability, so the result is accurate for any n and A (no factorials, no overflow).
    """
    if agents < 0 or load < 0:
        raise ValueError(f"agents {agents} and load {load} must be ≥ 0")
    b = 1.0
    for k in range(1, agents + 1):
        b = load * b / (k + load * b)
    return b


def erlang_c(agents: int, load: float) -> float:
    """Erlang C probability that a caller waits (M/M/n, nobody abandons).

    1.0 when ``load ≥ agents``: the queue then grows without bound, every caller waits.
    Uses C = n·B / (n − A·(1 − B)) with B from :func:`erlang_b`.
    """
    if load <= 0:
        return 0.0
    if agents <= load:
        return 1.0
    b = erlang_b(agents, load)
    return agents * b / (agents - load * (1 - b))


def erlang_c_service_level(agents: int, load: float, aht: float, answer_within: float) -> float:
    """Erlang C share of callers answered within ``answer_within`` seconds: 1 − C·exp(−(n−A)·t/AHT)."""
    if agents <= load:
        return 0.0
    return 1 - erlang_c(agents, load) * math.exp(-(agents - load) * answer_within / aht)


def erlang_c_asa(agents: int, load: float, aht: float) -> float:
    """Erlang C average speed of answer (mean wait, seconds) = C·AHT/(n − A); inf if overloaded."""
    if agents <= load:
        return math.inf
    return erlang_c(agents, load) * aht / (agents - load)


def erlang_c_answer_rate(agents: int, load: float, aht: float, patience: float) -> Optional[float]:
    """Answer-rate approximation from Erlang C: P(Erlang C wait < an exponential patience).

    Given that a caller waits, the Erlang C wait is exponential with rate (n − A)/AHT, so
    E[exp(−W/patience)] = 1 − C·θ/(r + θ) with θ = 1/patience, r = (n − A)/AHT. Callers who
    hang up do not shorten the queue here, so this is below the Erlang A answer rate.
    None when ``load ≥ agents`` (Erlang C has no steady state).
    """
    if agents <= load:
        return None
    theta = 1 / patience
    rate = (agents - load) / aht
    return 1 - erlang_c(agents, load) * theta / (rate + theta)


@dataclass(frozen=True)
class ErlangA:
    """Steady state of M/M/n+M (Erlang A) for one hour's load."""

    agents: int
    load: float  # offered Erlangs = calls per second × AHT
    p_wait: float  # P(a caller finds every agent busy)
    p_abandon: float  # P(a caller hangs up before being answered)

    @property
    def answered(self) -> float:
        """The answer rate (接通率) the model predicts: 1 − P(abandon)."""
        return 1 - self.p_abandon

    @property
    def occupancy(self) -> float:
        """Share of on-duty time agents spend handling calls: carried load / agents."""
        return self.load * self.answered / self.agents if self.agents else 0.0


_TAIL_EPS = 40.0  # stop summing once terms fall e^-40 ≈ 4e-18 below the largest
_MAX_TERMS = 5_000_000


def _logsumexp(logs: list[float]) -> float:
    top = max(logs)
    return top + math.log(math.fsum(math.exp(x - top) for x in logs))


def erlang_a(agents: int, load: float, aht: float, patience: float) -> ErlangA:
    """Erlang A (M/M/n+M): ``load`` Erlangs, handle time ``aht`` s, mean patience ``patience`` s.

    Birth–death chain with arrival rate λ = A/AHT, service μ = 1/AHT per busy agent and
    abandonment θ = 1/patience per waiting caller. With π_n the probability that exactly n
    callers are present, Σ_{k≤n} π_k = π_n / B(n, A) (Erlang B recursion) and
    Σ_{k>n} π_k = π_n·T with T = Σ_{j≥1} Π_{i≤j} λ/(nμ + iθ). The terms of T are summed in
    log space, so neither huge loads nor tiny probabilities overflow. Then
    P(wait) = π_n(1 + T) and P(abandon) = θ·E[queue]/λ.
    """
    if agents < 0 or load < 0 or aht <= 0 or patience <= 0:
        raise ValueError("agents, load ≥ 0 and aht, patience > 0 are required")
    if load == 0:
        return ErlangA(agents, load, 0.0, 0.0)
    b = erlang_b(agents, load)
    if b == 0.0:  # agents ≫ load: nobody waits (B underflowed below 1e-308)
        return ErlangA(agents, load, 0.0, 0.0)
    lam, mu, theta = load / aht, 1 / aht, 1 / patience
    if (lam - agents * mu) / theta > _MAX_TERMS:
        raise ValueError("patience too long for an overloaded hour; use a shorter patience or Erlang C")
    log_t: list[float] = []  # log of the j-th term of T
    log_jt: list[float] = []  # log of j × the j-th term (for the mean queue)
    running, top, j = 0.0, -math.inf, 0
    while True:
        j += 1
        ratio = lam / (agents * mu + j * theta)
        running += math.log(ratio)
        log_t.append(running)
        log_jt.append(running + math.log(j))
        top = max(top, running)
        if ratio < 1 and running < top - _TAIL_EPS:
            break
    log_tail = _logsumexp(log_t)
    log_pi_n = -_logsumexp([-math.log(b), log_tail])
    p_wait = math.exp(log_pi_n + _logsumexp([0.0, log_tail]))
    p_abandon = math.exp(log_pi_n + _logsumexp(log_jt)) * theta / lam
    return ErlangA(agents, load, min(p_wait, 1.0), min(p_abandon, 1.0))


@dataclass(frozen=True)
class Staffing:
    """Agents on duty needed for one hour, and why."""

    agents: int  # meets the answer-rate target and the occupancy cap
    agents_for_rate: int  # the answer-rate target alone
    binding: Literal["answer_rate", "occupancy"]
    at_agents: ErlangA
    at_rate_only: ErlangA


def required_agents(load: float, target: float, aht: float, patience: float, occupancy_cap: Optional[float] = None) -> Staffing:
    """Fewest agents on duty with Erlang A answer rate ≥ ``target`` (and occupancy ≤ the cap).

    The answer rate rises with every added agent, so a bisection finds the first n. It
    cannot be below target × A (carried load ≤ n), which bounds the search from below.
    The occupancy (carried load / n) falls as agents are added, so the cap is met by
    walking up from the answer-rate solution.
    """
    if not 0 < target < 1:
        raise ValueError(f"target {target} must be a share between 0 and 1 (exclusive)")
    if load == 0:
        zero = erlang_a(0, 0.0, aht, patience)
        return Staffing(0, 0, "answer_rate", zero, zero)

    def perf(n: int) -> ErlangA:
        return erlang_a(n, load, aht, patience)

    lo = max(0, math.floor(target * load) - 1)  # answer rate < target here
    hi = max(lo + 1, math.ceil(load) + 1)
    while perf(hi).answered < target:
        lo, hi = hi, hi * 2
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if perf(mid).answered >= target:
            hi = mid
        else:
            lo = mid
    n_rate = hi
    at_rate = perf(n_rate)
    n = n_rate
    if occupancy_cap is not None:
        n = max(n, math.ceil(load * at_rate.answered / occupancy_cap) - 1)
        while perf(n).occupancy > occupancy_cap:
            n += 1
    binding: Literal["answer_rate", "occupancy"] = "answer_rate" if n == n_rate else "occupancy"
    return Staffing(n, n_rate, binding, perf(n), at_rate)


@dataclass(frozen=True)
class CurvePoint:
    """One point of the answer-rate curve (all rates and shares in %, 2 decimals half-up)."""

    agents: int
    answer_rate: Decimal  # Erlang A
    erlang_c_answer_rate: Optional[Decimal]  # Erlang C approximation; None when overloaded
    p_wait: Decimal  # Erlang A
    occupancy: Decimal


def pct(share: float) -> Decimal:
    """A model share (float) as a reported percentage: 0.940712… → 94.07 (half-up, via Fraction)."""
    return round_fraction(Fraction(share) * 100, 2, "half_up")


def answer_rate_curve(load: float, aht: float, patience: float, agents: Iterable[int]) -> list[CurvePoint]:
    """Answer rate against agents on duty for one hour's load, for a chart or table."""
    points = []
    for n in sorted(set(agents)):
        a = erlang_a(n, load, aht, patience)
        approx = erlang_c_answer_rate(n, load, aht, patience)
        points.append(CurvePoint(n, pct(a.answered), None if approx is None else pct(approx), pct(a.p_wait), pct(a.occupancy)))
    return points


# =========================================================================== assumptions

DEFAULT_BUSY_HOUR_SHARE = Decimal("0.09")


class CapacityAssumptions(BaseModel):
    """``capacity.yaml``: every input of the capacity model that the data does not contain.

    Defaults (all ASSUMPTIONS, labelled 假设 in the book):

    * ``aht_seconds`` 300 — average handle time, talk + after-call work (recording the
      工单), per answered call. Not in the report; a round 5 minutes, and the result is
      most sensitive to it (the result reports the AHT at which the actual agents suffice).
    * ``patience_seconds`` 120 — mean time a caller waits before hanging up. Not in the report.
    * ``operating_hours_per_day`` 24 — taken from operations.yaml ``service_hours`` when it
      reads like "7×24小时" (the 2021 report's figure; then not an assumption).
    * ``busy_hour_share`` 0.09 — share of a day's calls in the busiest hour; the other
      operating hours share the rest evenly. (A line open fewer than 12 hours a day cannot
      have a 9% peak; its default is then an even spread, 1/hours.) Alternatively ``hourly_profile``: one weight
      per operating hour (any scale; normalised), which replaces ``busy_hour_share``.
    * ``day_factor`` 1 — design day ÷ average day; 1 staffs the year's average day.
    * ``occupancy_cap`` 0.85 — highest sustainable share of on-duty time on calls.
    * ``shrinkage`` 0.30 — share of paid hours not available for calls (breaks, training,
      meetings, leave, other channels such as 微信/网页).
    * ``paid_hours_per_agent_year`` 2000 — 250 working days × 8 h (the statutory working
      year, 劳社部发〔2008〕3号); assumes agents work standard hours.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    aht_seconds: Decimal = Field(default=Decimal(300), gt=0, le=3600)
    patience_seconds: Decimal = Field(default=Decimal(120), gt=0, le=3600)
    operating_hours_per_day: int = Field(default=24, ge=1, le=24)
    busy_hour_share: Optional[Decimal] = Field(default=None, gt=0, le=1)
    hourly_profile: Optional[list[Decimal]] = None
    day_factor: Decimal = Field(default=Decimal(1), gt=0, le=10)
    occupancy_cap: Decimal = Field(default=Decimal("0.85"), gt=0, le=1)
    shrinkage: Decimal = Field(default=Decimal("0.30"), ge=0, lt=1)
    paid_hours_per_agent_year: Decimal = Field(default=Decimal(2000), gt=0, le=8784)

    @field_validator("busy_hour_share")
    @classmethod
    def _busiest(cls, v: Optional[Decimal], info: ValidationInfo) -> Optional[Decimal]:
        hours = info.data.get("operating_hours_per_day", 24)
        if v is not None and v * hours < 1:
            raise ValueError(
                f"busy_hour_share {plain(v)} is below an even spread over {hours} operating hours (1/{hours}), so it cannot be the busiest hour; "
                f"set busy_hour_share to at least {plain(round_fraction(Fraction(1, hours), 4, 'half_up'))} or give an hourly_profile"
            )
        return v

    @property
    def busy_share(self) -> Fraction:
        """The busy hour's share: given, or from the profile, or the default (see class docstring)."""
        if self.hourly_profile is not None:
            return self.shares()[0]
        if self.busy_hour_share is not None:
            return Fraction(self.busy_hour_share)
        return max(Fraction(DEFAULT_BUSY_HOUR_SHARE), Fraction(1, self.operating_hours_per_day))

    @field_validator("hourly_profile")
    @classmethod
    def _profile(cls, v: Optional[list[Decimal]], info: ValidationInfo) -> Optional[list[Decimal]]:
        if v is None:
            return v
        if info.data.get("busy_hour_share") is not None:
            raise ValueError("both busy_hour_share and hourly_profile are given; keep one (the profile implies its busy hour)")
        hours = info.data.get("operating_hours_per_day", 24)
        if len(v) != hours:
            raise ValueError(f"has {len(v)} values but operating_hours_per_day is {hours}; give one weight per operating hour")
        if any(w < 0 for w in v):
            raise ValueError("has a negative weight; weights are shares of the day's calls, 0 or more")
        if sum(v) == 0:
            raise ValueError("weights are all 0; give each hour's share of the day's calls")
        return v

    def shares(self) -> list[Fraction]:
        """Each operating hour's share of the day's calls, busiest first (exact)."""
        if self.hourly_profile is not None:
            total = Fraction(sum(self.hourly_profile))
            return sorted((Fraction(w) / total for w in self.hourly_profile), reverse=True)
        busy, rest = self.busy_share, self.operating_hours_per_day - 1
        return [busy] + ([(1 - busy) / rest] * rest if rest else [])


@dataclass(frozen=True)
class AssumptionInfo:
    label: str  # 中文 name for the book's table
    unit: str
    basis: str  # why the default


ASSUMPTION_INFO: dict[str, AssumptionInfo] = {
    "aht_seconds": AssumptionInfo("平均处理时长（通话+话后处理）", "秒", "报告未载明；取5分钟（通话及工单记录）作为测算假设，结果对此最敏感"),
    "patience_seconds": AssumptionInfo("来电者平均耐心时长", "秒", "报告未载明；排队超过该时长的来电者逐步放弃"),
    "operating_hours_per_day": AssumptionInfo("每日人工服务时长", "小时", "取自服务时间（如“7×24小时”）；未载明时默认24小时"),
    "busy_hour_share": AssumptionInfo("忙时话务量占全天比例", "", "报告未载明；其余时段平均分摊"),
    "hourly_profile": AssumptionInfo("各小时话务分布", "", "各小时权重，按比例归一"),
    "day_factor": AssumptionInfo("设计日话务量/年日均话务量", "倍", "取1即按全年日均话务测算，不含月度高峰"),
    "occupancy_cap": AssumptionInfo("话务员占用率上限", "", "在岗时间中处理来电的比例上限，超过难以持续"),
    "shrinkage": AssumptionInfo("非接线时间占比", "", "休息、培训、会议、休假及处理其他渠道等"),
    "paid_hours_per_agent_year": AssumptionInfo("每名话务员年工作时间", "小时", "法定年工作日250天×8小时"),
}

_SHARE_FIELDS = ("busy_hour_share", "occupancy_cap", "shrinkage")  # shown as %


Source = Literal["假设", "capacity.yaml", "operations.yaml", "情景"]


@dataclass(frozen=True)
class Assumption:
    """One row of the book's assumptions table."""

    name: str
    label: str
    value: str
    source: Source  # 假设 = the documented default; otherwise the file (or scenario) it came from
    basis: str

    @property
    def is_default(self) -> bool:
        return self.source == "假设"


def load_assumptions(data: m.YearData, overrides: Optional[dict[str, Any]] = None) -> CapacityAssumptions:
    """The year's capacity.yaml (or defaults), optionally with scenario ``overrides`` on top.

    Raises DataError naming capacity.yaml and the field when a value is invalid.
    """
    from .load import _validate  # late import: load calls this at the end of load_year

    raw: dict[str, Any] = dict(data.capacity or {})
    raw.update(overrides or {})
    reported = reported_hours_per_day(data)
    if reported is not None:
        raw.setdefault("operating_hours_per_day", reported)
    return _validate(CapacityAssumptions, raw, f"{data.folder}/capacity.yaml")


def reported_hours_per_day(data: m.YearData) -> Optional[int]:
    """Hours per day from operations.yaml service_hours such as "7×24小时" (a real figure), else None."""
    text = data.operations.service_hours if data.operations else None
    match = re.search(r"\d+\s*[×xX*]\s*(\d+)", text or "")
    hours = int(match.group(1)) if match else None
    return hours if hours is not None and 1 <= hours <= 24 else None


def _format_assumption(name: str, value: Any) -> str:
    if name == "hourly_profile":
        return "、".join(plain(w) for w in value)
    if name in _SHARE_FIELDS:
        return f"{plain(round_fraction(Fraction(value) * 100, 2, 'half_up'))}%"
    return plain(value)


def assumption_rows(data: m.YearData, a: CapacityAssumptions, overrides: Optional[dict[str, Any]] = None) -> list[Assumption]:
    """The assumptions table: value, where it came from (假设 = default), and its basis."""
    from_file = set(data.capacity or {})
    from_override = set(overrides or {})
    rows = []
    for name, info in ASSUMPTION_INFO.items():
        if name == "hourly_profile" and a.hourly_profile is None:
            continue
        if name == "busy_hour_share" and a.hourly_profile is not None:
            continue
        value = a.busy_share if name == "busy_hour_share" else getattr(a, name)
        source: Source = "情景" if name in from_override else "capacity.yaml" if name in from_file else "假设"
        if source == "假设" and name == "operating_hours_per_day" and reported_hours_per_day(data) is not None:
            source = "operations.yaml"
        text = _format_assumption(name, value) + ("" if name in _SHARE_FIELDS or not info.unit else info.unit)
        rows.append(Assumption(name, info.label, text, source, info.basis))
    return rows


# =========================================================================== the year's result


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
    assumptions: CapacityAssumptions
    rows: list[Assumption]
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
    actual_agents: Optional[int]
    actual_seats: Optional[int]
    headcount_gap: Optional[int]  # required − actual (> 0: short of agents)
    seat_gap: Optional[int]  # busy-hour agents − seats (> 0: short of seats)
    answer_rate_at_seats: Optional[Decimal]  # % in the busy hour with every seat staffed
    break_even_aht_seconds: Optional[int]  # longest AHT (whole s) at which the actual agents suffice
    hours: list[HourRow]
    curve: list[CurvePoint]
    sentences: list[str]


def calls_offered(data: m.YearData) -> Optional[int]:
    """The year's calls offered: the answer-rate indicator's denominator (None without one)."""
    ind = answer_rate_indicator(data)
    return ind.denominator.value if ind is not None and ind.denominator is not None else None


def unavailable_reason(data: m.YearData) -> Optional[str]:
    """Why the capacity model cannot run for this year (a sentence), or None if it can."""
    if calls_offered(data) is None:
        return f"{data.year}年未设置以呼入、接通数计算的接通率指标，不作话务员需求测算。"
    return None


def _days(data: m.YearData) -> int:
    yp = data.contract.year_period
    return (yp.end - yp.start).days + 1


@lru_cache(maxsize=4096)
def _staff(load: float, target: float, aht: float, patience: float, cap: float) -> Staffing:
    return required_agents(load, target, aht, patience, cap)


def _plan(daily_calls: Fraction, a: CapacityAssumptions, target: float, days: int, aht: Optional[float] = None) -> _DayPlan:
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


def _break_even_aht(daily_calls: Fraction, a: CapacityAssumptions, target: float, days: int, agents: int) -> Optional[int]:
    """Longest whole-second AHT whose required headcount is ≤ the actual agents (others fixed)."""
    if _plan(daily_calls, a, target, days, 1.0).headcount > agents:
        return None
    lo, hi = 1, 3600
    if _plan(daily_calls, a, target, days, float(hi)).headcount <= agents:
        return hi
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if _plan(daily_calls, a, target, days, float(mid)).headcount <= agents:
            lo = mid
        else:
            hi = mid
    return lo


def _curve_agents(load: float, required: int, seats: Optional[int]) -> list[int]:
    """About 60 evenly spaced agent counts from 80% of the load to past the larger of need and seats."""
    lo = max(0, math.floor(0.8 * load))
    top = max(required, seats or 0)
    hi = top + max(5, math.ceil(0.05 * top))
    step = max(1, math.ceil((hi - lo) / 60))
    points = set(range(lo, hi + 1, step)) | {required, hi}
    if seats is not None:
        points.add(seats)
    return sorted(points)


def capacity_for_year(data: m.YearData, overrides: Optional[dict[str, Any]] = None) -> Optional[CapacityResult]:
    """The capacity result for a year, or None when it has no answer-rate indicator.

    ``overrides`` replace capacity.yaml values for a scenario (e.g. ``{"aht_seconds": 360}``);
    they are validated like the file and labelled 情景 in the assumptions table.
    """
    offered = calls_offered(data)
    ind = answer_rate_indicator(data)
    if offered is None or ind is None:
        return None
    a = load_assumptions(data, overrides)
    target_pct = ind.target.value  # type: ignore[union-attr]
    target = float(Fraction(target_pct) / 100)
    days = _days(data)
    daily = Fraction(offered, days) * Fraction(a.day_factor)
    plan = _plan(daily, a, target, days)
    busy_share, busy_load, busy = plan.hours[0]
    ops = data.operations
    agents = ops.agents if ops else None
    seats = ops.seats.total if ops and ops.seats else None
    aht, patience = float(a.aht_seconds), float(a.patience_seconds)
    at_seats = pct(erlang_a(seats, busy_load, aht, patience).answered) if seats is not None else None
    result = CapacityResult(
        year=data.year,
        assumptions=a,
        rows=assumption_rows(data, a, overrides),
        target=target_pct,
        calls_offered=offered,
        days=days,
        daily_calls=round_fraction(daily, 0, "half_up"),
        busy_hour_calls=round_fraction(daily * busy_share, 0, "half_up"),
        busy_hour_load=round_fraction(Fraction(busy_load), 2, "half_up"),
        busy_agents_for_rate=busy.agents_for_rate,
        busy_occupancy_for_rate=pct(busy.at_rate_only.occupancy),
        busy_agents=busy.agents,
        busy_answer_rate=pct(busy.at_agents.answered),
        busy_occupancy=pct(busy.at_agents.occupancy),
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
            HourRow(round_fraction(share * 100, 2, "half_up"), round_fraction(daily * share, 0, "half_up"), round_fraction(Fraction(load), 2, "half_up"), s.agents)
            for share, load, s in plan.hours
        ],
        curve=answer_rate_curve(busy_load, aht, patience, _curve_agents(busy_load, busy.agents, seats)),
        sentences=[],
    )
    return replace(result, sentences=capacity_sentences(result))


# =========================================================================== sentences

MODEL_NOTE = "模型假定来电随机到达、处理时长与耐心时长服从指数分布，未计入重拨、其他渠道工作量和月度波动，结果用于判断量级，不是排班方案。"


def _tag(r: CapacityResult, name: str) -> str:
    row = next((x for x in r.rows if x.name == name), None)
    return "（假设）" if row is not None and row.is_default else ""


def _value(r: CapacityResult, name: str) -> str:
    return next(x.value for x in r.rows if x.name == name)


def _more_less(diff: int, unit: str) -> str:
    if diff > 0:
        return f"多{diff}{unit}"
    if diff < 0:
        return f"少{-diff}{unit}"
    return "持平"


def capacity_sentences(r: CapacityResult) -> list[str]:
    """Generated Chinese sentences; defaults are marked （假设） where they are used."""
    a = r.assumptions
    target = f"{plain(r.target)}%"
    spread = (
        f"按各小时话务分布{_tag(r, 'hourly_profile')}（忙时占全天{plain(r.hours[0].share)}%）"
        if a.hourly_profile is not None
        else f"按忙时话务量占全天{_value(r, 'busy_hour_share')}{_tag(r, 'busy_hour_share')}"
    )
    day = "" if a.day_factor == 1 else f"按设计日话务量为日均的{plain(a.day_factor)}倍{_tag(r, 'day_factor')}、"
    out = [
        f"采用排队论Erlang A模型（来电者排队过久会挂断）测算：{r.year}年总呼入{grouped(r.calls_offered)}次，{day}日均{grouped(r.daily_calls)}次；"
        f"{spread}、平均处理时长{plain(a.aht_seconds)}秒{_tag(r, 'aht_seconds')}、来电者平均耐心{plain(a.patience_seconds)}秒{_tag(r, 'patience_seconds')}计，"
        f"忙时呼入约{grouped(r.busy_hour_calls)}次，话务负荷{fixed(r.busy_hour_load)}爱尔兰。"
    ]
    cap = f"{_value(r, 'occupancy_cap')}{_tag(r, 'occupancy_cap')}"
    if r.binding == "occupancy":
        out.append(
            f"忙时在岗话务员达到{r.busy_agents_for_rate}人即可使接通率达到{target}，但占用率将高达{fixed(r.busy_occupancy_for_rate)}%，难以持续；"
            f"按占用率不超过{cap}计，忙时需在岗{r.busy_agents}人。"
        )
    else:
        out.append(f"忙时需在岗话务员{r.busy_agents}人方可使接通率达到{target}（占用率{fixed(r.busy_occupancy)}%，未超过{cap}的上限）。")
    staff = (
        f"按非接线时间占比{_value(r, 'shrinkage')}{_tag(r, 'shrinkage')}、每名话务员年工作{plain(a.paid_hours_per_agent_year)}小时{_tag(r, 'paid_hours_per_agent_year')}折算，"
        f"全年需话务员约{r.required_headcount}人"
    )
    if r.actual_agents is not None and r.headcount_gap is not None:
        staff += f"，比实际{r.actual_agents}人{_more_less(r.headcount_gap, '人')}"
    out.append(staff + "。")
    if r.headcount_gap is not None and r.headcount_gap <= 0:
        out.append(
            "该结果按全年日均话务量测算，不反映月度和日内高峰：全年人手总量与日均需求相当时，"
            "接通率仍可能在话务高峰月份和时段低于目标，需结合分月、分时段数据评估高峰期的人手缺口。"
        )
    if r.actual_seats is not None and r.seat_gap is not None and r.answer_rate_at_seats is not None:
        relation = f"超出现有坐席{r.actual_seats}个{r.seat_gap}个" if r.seat_gap > 0 else f"未超过现有坐席{r.actual_seats}个"
        out.append(f"忙时在岗需求{r.busy_agents}人，{relation}；若{r.actual_seats}个坐席在忙时全部有人在岗，按日均话务量测算的忙时接通率为{fixed(r.answer_rate_at_seats)}%。")
    if r.actual_agents is not None:
        if r.break_even_aht_seconds is None:
            out.append(f"即使平均处理时长仅1秒，{r.actual_agents}名话务员也不足以满足测算需要。")
        else:
            out.append(
                f"其他条件不变时，平均处理时长不超过{r.break_even_aht_seconds}秒，{r.actual_agents}名话务员即可满足测算需要；超过该值则人手不足。"
            )
    out.append(MODEL_NOTE)
    return out


def capacity_summary(data: m.YearData, overrides: Optional[dict[str, Any]] = None) -> list[str]:
    """The chapter's sentences: the model's, or the one sentence saying why there is no model."""
    reason = unavailable_reason(data)
    if reason is not None:
        return [reason]
    result = capacity_for_year(data, overrides)
    assert result is not None
    return result.sentences
