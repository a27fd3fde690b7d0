"""Queueing maths of call centres: Erlang B, C and A, staffing search and answer-rate curves.

* **Erlang A** (M/M/n+M; Palm 1943, Garnett–Mandelbaum–Reiman 2002): callers queue when all
  agents are busy and hang up after an exponentially distributed patience. The 接通率 is the
  share who are answered, ``1 − P(abandon)``.
* **Erlang C** (M/M/n, nobody hangs up) is the textbook comparison: probability of waiting,
  service level, average speed of answer, and an answer-rate *approximation*.
* **Erlang B** is the building block: every formula is evaluated through the Erlang B
  recursion ``B(k) = A·B(k−1) / (k + A·B(k−1))``, which stays in [0, 1] at every step and so
  never overflows, unlike the textbook ``Aⁿ/n!`` sums.

Floats are used here (it is a model, not money); :func:`share_pct` turns a model share into
a reported percentage through exact rounding. Nothing here knows about a year's data.

**Limits.** Every evaluation costs time in proportion to the agents (the Erlang B recursion)
and to the queue's length, so the staffing search is bounded: it never looks beyond
:data:`MAX_AGENTS` agents on duty in one hour, and an overloaded hour is summed over at most
:data:`MAX_TERMS` queue lengths. Beyond either, :class:`BeyondModel` says so instead of
computing for minutes (an ``occupancy_cap`` of 1e-9 would need some 10¹¹ agents). Bad data
is normally stopped earlier, when the year is loaded (:mod:`selfeval.contract.crosscheck`).
"""

from __future__ import annotations

import math
from bisect import bisect_left
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Literal

from ..contract.crosscheck import CAPACITY_MAX_AGENTS
from ..figures import round_fraction

MAX_AGENTS = CAPACITY_MAX_AGENTS  # agents on duty in one hour: the staffing search stops here (2021's busy hour needs 282)
MAX_TERMS = 5_000_000  # queue lengths summed for one overloaded hour


class BeyondModel(ValueError):
    """The question asked of the model lies beyond its documented limits."""


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
        if b == 0.0:  # underflowed: every further step stays 0 (agents ≫ load)
            break
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


def erlang_c_answer_rate(agents: int, load: float, aht: float, patience: float) -> float | None:
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
_SERIES_UP_TO = 1_000.0  # excess arrivals per patience time (x − y) above which the closed form is used


def _logsumexp(logs: list[float]) -> float:
    top = max(logs)
    return top + math.log(math.fsum(math.exp(x - top) for x in logs))


def _queue_sums_closed(x: float, y: float) -> tuple[float, float] | None:
    """log T and log Σ j·t_j in closed form, or None where it would lose precision.

    With t_j = Π_{i≤j} x/(y + i) (x = λ/θ, y = nμ/θ) and S = 1 + T = Σ_{j≥0} t_j, the lower
    incomplete gamma function gives S = Γ(y+1)·eˣ·x^(−y)·P(y, x) (P regularised), and
    t_{j+1}(y + j + 1) = x·t_j gives Σ j·t_j = x·S − y·(S − 1). This costs the same for any
    queue, where the series needs about x − y + √(80x) terms. It is used for overloaded hours
    only (x − y large): there S(x − y) + y has no cancellation; below, the series is short.
    """
    from scipy.special import gammainc, gammaln  # 0.25 s, only for overloaded hours

    if y == 0:
        log_s = x
    else:
        p = float(gammainc(y, x))
        if not p > 1e-250:  # P underflows where the queue is short: the series is exact and quick there
            return None
        log_s = float(gammaln(y + 1)) + x - y * math.log(x) + math.log(p)
    if log_s < 1e-6:
        return None
    log_tail = log_s + math.log(-math.expm1(-log_s))
    log_jt = log_s + math.log((x - y) + y * math.exp(-log_s)) if (x - y) + y * math.exp(-log_s) > 0 else None
    return None if log_jt is None else (log_tail, log_jt)


def erlang_a(agents: int, load: float, aht: float, patience: float, b: float | None = None) -> ErlangA:
    """Erlang A (M/M/n+M): ``load`` Erlangs, handle time ``aht`` s, mean patience ``patience`` s.

    Birth–death chain with arrival rate λ = A/AHT, service μ = 1/AHT per busy agent and
    abandonment θ = 1/patience per waiting caller. With π_n the probability that exactly n
    callers are present, Σ_{k≤n} π_k = π_n / B(n, A) (Erlang B recursion) and
    Σ_{k>n} π_k = π_n·T with T = Σ_{j≥1} Π_{i≤j} λ/(nμ + iθ). The terms of T are summed in
    log space, so neither huge loads nor tiny probabilities overflow; where the sum would be
    long (many callers arrive within one patience time) it is taken in closed form
    (:func:`_queue_sums_closed`). Then P(wait) = π_n(1 + T) and P(abandon) = θ·E[queue]/λ.
    ``b`` is B(n, A) when the caller already has it (a staffing search keeps a table).
    """
    if agents < 0 or load < 0 or aht <= 0 or patience <= 0:
        raise ValueError("agents, load ≥ 0 and aht, patience > 0 are required")
    if load == 0:
        return ErlangA(agents, load, 0.0, 0.0)
    if b is None:
        b = erlang_b(agents, load)
    if b == 0.0:  # agents ≫ load: nobody waits (B underflowed below 1e-308)
        return ErlangA(agents, load, 0.0, 0.0)
    lam, mu, theta = load / aht, 1 / aht, 1 / patience
    x, y = lam / theta, agents * mu / theta
    closed = _queue_sums_closed(x, y) if x - y > _SERIES_UP_TO else None  # overloaded: a long series, no cancellation
    if closed is not None:
        log_tail, log_jt_sum = closed
        log_pi_n = -_logsumexp([-math.log(b), log_tail])
        p_wait = math.exp(log_pi_n + _logsumexp([0.0, log_tail]))
        p_abandon = math.exp(log_pi_n + log_jt_sum) * theta / lam
        return ErlangA(agents, load, min(p_wait, 1.0), min(p_abandon, 1.0))
    if x - y > MAX_TERMS:
        raise BeyondModel(
            f"an hour of {load:,.0f} Erlangs with {agents:,} agents and {patience:g} s patience queues beyond the model's limit "
            f"({MAX_TERMS:,} waiting callers); use a shorter patience or check the figures"
        )
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


class _BlockingTable:
    """B(k, A) for k = 0, 1, … of one load, by the recursion of :func:`erlang_b`, kept: a
    staffing search asks for many n of the same load, and each would redo the recursion."""

    def __init__(self, load: float):
        self.load, self.values = load, [1.0]

    def __call__(self, agents: int) -> float:
        values, load = self.values, self.load
        while len(values) <= agents:
            b = values[-1]
            values.append(load * b / (len(values) + load * b))
        return values[agents]


def _first(ok: Callable[[int], bool], lo: int, hi: int, limit: int, what: str) -> int:
    """The smallest n in (lo, …] with ``ok(n)``, for ``ok`` false then true as n grows.

    ``hi`` is a first guess; it doubles until ``ok`` holds, never past ``limit``
    (:class:`BeyondModel`), then a bisection finds the first n.
    """
    if lo >= limit:
        raise BeyondModel(f"{what} needs more than {limit:,} agents on duty in one hour, the capacity model's limit")
    hi = min(max(hi, lo + 1), limit)
    while not ok(hi):
        if hi >= limit:
            raise BeyondModel(f"{what} needs more than {limit:,} agents on duty in one hour, the capacity model's limit")
        lo, hi = hi, min(hi * 2, limit)
    return lo + 1 + bisect_left(range(lo + 1, hi + 1), True, key=ok)  # ok(hi) holds


def required_agents(load: float, target: float, aht: float, patience: float, occupancy_cap: float | None = None, max_agents: int = MAX_AGENTS) -> Staffing:
    """Fewest agents on duty with Erlang A answer rate ≥ ``target`` (and occupancy ≤ the cap).

    The answer rate rises with every added agent, so a bisection finds the first n. It
    cannot be below target × A (carried load ≤ n), which bounds the search from below.
    The occupancy (carried load / n) falls as agents are added, so the cap is met by a
    second search upwards from the answer-rate solution. Neither search goes past
    ``max_agents`` (:class:`BeyondModel`). A target of 1 (100%) is refused: callers who
    hang up make it unreachable with any number of agents.
    """
    if not 0 <= target < 1:
        raise ValueError(f"target {target} must be a share from 0 up to (not including) 1: with callers who hang up, 100% is never reached")
    if load == 0:
        zero = erlang_a(0, 0.0, aht, patience)
        return Staffing(0, 0, "answer_rate", zero, zero)

    blocking = _BlockingTable(load)

    def perf(n: int) -> ErlangA:
        return erlang_a(n, load, aht, patience, blocking(n))

    what = f"an answer rate of {target:.2%} at {load:,.2f} Erlangs"
    lo = max(0, math.floor(target * load) - 1)  # answer rate < target here
    n_rate = _first(lambda n: perf(n).answered >= target, lo, math.ceil(load) + 1, max_agents, what)
    at_rate = perf(n_rate)
    n = n_rate
    if occupancy_cap is not None and at_rate.occupancy > occupancy_cap:
        start = max(n_rate, math.ceil(load * at_rate.answered / occupancy_cap) - 1)
        what = f"an occupancy of at most {occupancy_cap:.2%} at {load:,.2f} Erlangs"
        n = _first(lambda k: perf(k).occupancy <= occupancy_cap, start - 1, start, max_agents, what)
    binding: Literal["answer_rate", "occupancy"] = "answer_rate" if n == n_rate else "occupancy"
    return Staffing(n, n_rate, binding, perf(n), at_rate)


@dataclass(frozen=True)
class CurvePoint:
    """One point of the answer-rate curve (all rates and shares in %, 2 decimals half-up)."""

    agents: int
    answer_rate: Decimal  # Erlang A
    erlang_c_answer_rate: Decimal | None  # Erlang C approximation; None when overloaded
    p_wait: Decimal  # Erlang A
    occupancy: Decimal


def share_pct(share: float) -> Decimal:
    """A model share (float) as a reported percentage: 0.940712… → 94.07 (half-up, via Fraction)."""
    return round_fraction(Fraction(share) * 100, 2, "half_up")


def answer_rate_curve(load: float, aht: float, patience: float, agents: Iterable[int]) -> list[CurvePoint]:
    """Answer rate against agents on duty for one hour's load, for a chart or table (points
    beyond the model's limits are left out)."""
    points = []
    for n in sorted(set(agents)):
        try:
            a = erlang_a(n, load, aht, patience)
        except BeyondModel:  # an hour too overloaded to sum: the curve starts further up
            continue
        approx = erlang_c_answer_rate(n, load, aht, patience)
        points.append(CurvePoint(n, share_pct(a.answered), None if approx is None else share_pct(approx), share_pct(a.p_wait), share_pct(a.occupancy)))
    return points
