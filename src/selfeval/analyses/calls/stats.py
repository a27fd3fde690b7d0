"""Exact figures derived from a year's per-(date, hour) call table.

Every figure is a ratio of whole-number sums (:class:`Totals`), kept as a Fraction and rounded
only for display, through :func:`selfeval.figures.round_fraction`. Definitions (the book and
data/README.md state the same):

* 接通率 = answered ÷ offered; 放弃率 = abandoned ÷ offered (its complement).
* 20秒服务水平 = calls answered within 20 s of arrival ÷ calls offered.
* 平均处理时长 (AHT) = (talk + wrap-up) ÷ answered; talk = end − answer of answered calls.
* 平均应答等待 (ASA) = Σ (answer − arrival) ÷ answered.
* 平均耐心时长: for exponentially distributed patience with rate θ, the maximum-likelihood
  estimate from calls that either hung up while waiting or were answered (censored) is
  θ̂ = abandons ÷ total waiting time of *all* callers (answered callers waited too, without
  hanging up). The mean patience is 1/θ̂ = total waiting time ÷ abandons.
* The busiest day has the most calls offered; a month's typical day is its median day by
  calls offered (the lower median when the month has an even number of days with calls).
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass, field
from fractions import Fraction

from ...contract import model as m
from ...evaluation.indicators import is_met
from ...figures import round_fraction
from .records import CallRecords, Cell

US, MS = 1_000_000, 1_000


@dataclass(frozen=True)
class Totals:
    """Sums over any set of cells; every rate and average is an exact Fraction."""

    offered: int = 0
    answered: int = 0
    answered_20s: int = 0
    wait_answered_us: int = 0
    wait_abandoned_us: int = 0
    talk_us: int = 0
    wrap_ms: int | None = None

    @classmethod
    def of(cls, cells: Iterable[Cell]) -> Totals:
        cells = list(cells)
        wraps = [c.wrap_ms for c in cells]
        return cls(
            sum(c.offered for c in cells),
            sum(c.answered for c in cells),
            sum(c.answered_20s for c in cells),
            sum(c.wait_answered_us for c in cells),
            sum(c.wait_abandoned_us for c in cells),
            sum(c.talk_us for c in cells),
            None if not cells or any(w is None for w in wraps) else sum(w for w in wraps if w is not None),
        )

    @property
    def abandoned(self) -> int:
        return self.offered - self.answered

    @property
    def answer_share(self) -> Fraction | None:
        return Fraction(self.answered, self.offered) if self.offered else None

    @property
    def rate(self) -> Fraction | None:
        """接通率 in %: answered ÷ offered × 100."""
        return Fraction(self.answered * 100, self.offered) if self.offered else None

    @property
    def abandon_share(self) -> Fraction | None:
        return Fraction(self.abandoned, self.offered) if self.offered else None

    @property
    def service_level_share(self) -> Fraction | None:
        return Fraction(self.answered_20s, self.offered) if self.offered else None

    @property
    def talk_seconds(self) -> Fraction | None:
        return Fraction(self.talk_us, self.answered * US) if self.answered else None

    @property
    def wrap_seconds(self) -> Fraction | None:
        return Fraction(self.wrap_ms, self.answered * MS) if self.answered and self.wrap_ms is not None else None

    @property
    def aht_seconds(self) -> Fraction | None:
        """Talk + wrap-up per answered call (talk only when the records have no wrap-up column)."""
        if not self.answered:
            return None
        return (self.talk_seconds or Fraction(0)) + (self.wrap_seconds or Fraction(0))

    @property
    def asa_seconds(self) -> Fraction | None:
        return Fraction(self.wait_answered_us, self.answered * US) if self.answered else None

    @property
    def patience_seconds(self) -> Fraction | None:
        """Mean patience (exponential MLE): total waiting time of all callers ÷ abandons."""
        return Fraction(self.wait_answered_us + self.wait_abandoned_us, self.abandoned * US) if self.abandoned else None


def pct(share: Fraction | None) -> Fraction | None:
    return None if share is None else share * 100


def shown(value: Fraction | None, places: int = 2):
    """Half-up to ``places`` decimals for display (None stays None)."""
    return None if value is None else round_fraction(value, places, "half_up")


@dataclass(frozen=True)
class DayCount:
    day: dt.date
    offered: int
    answered: int

    @property
    def rate(self) -> Fraction:
        """The day's 接通率 in % (a day is listed only when it has calls)."""
        return Fraction(self.answered * 100, self.offered)


@dataclass(frozen=True)
class HourCount:
    day: dt.date
    hour: int
    offered: int
    answered: int


@dataclass(frozen=True)
class CallStats:
    """A year's measured figures: totals, and the same sums by month, hour of day, weekday, month × hour."""

    year: int
    total: Totals
    by_month: dict[int, Totals]
    by_hour: dict[int, Totals]  # hour of day 0–23 over the year
    by_weekday: dict[int, Totals]  # 0 = Monday
    by_month_hour: dict[tuple[int, int], Totals]
    days: list[DayCount]  # every day with calls, in date order
    busiest_days: list[DayCount]  # most offered first (ties: earlier day first)
    busiest_hours: list[HourCount]
    files: tuple[tuple[str, int], ...]
    has_wrap: bool
    has_agents: bool
    operating_hours: list[int] = field(default_factory=list)  # hours of day with any call

    @property
    def peak_month(self) -> int:
        return max(self.by_month, key=lambda mo: (self.by_month[mo].offered, -mo))

    @property
    def peak_hour(self) -> int:
        return max(self.by_hour, key=lambda h: (self.by_hour[h].offered, -h))

    @property
    def peak_weekday(self) -> int:
        return max(self.by_weekday, key=lambda d: (self.by_weekday[d].offered, -d))

    def hour_share(self, hour: int) -> Fraction:
        """Share of the year's calls that arrive in this hour of day."""
        return Fraction(self.by_hour[hour].offered, self.total.offered)

    def month_share(self, month: int) -> Fraction:
        """Share of the year's calls that arrive in this month."""
        return Fraction(self.by_month[month].offered, self.total.offered)

    @property
    def busiest_day_factor(self) -> Fraction:
        """The busiest day's calls ÷ the average day's (over the days with calls)."""
        return Fraction(self.busiest_days[0].offered * len(self.days), self.total.offered)


def _group(cells: Iterable[Cell], key) -> dict:
    out: dict = {}
    for c in cells:
        out.setdefault(key(c), []).append(c)
    return {k: Totals.of(v) for k, v in sorted(out.items())}


def call_stats(rec: CallRecords, year: int, top: int = 5) -> CallStats:
    cells = rec.cells
    by_day = _group(cells, lambda c: c.day)
    days = [DayCount(d, t.offered, t.answered) for d, t in by_day.items()]
    hours = [HourCount(c.day, c.hour, c.offered, c.answered) for c in cells]
    by_hour = _group(cells, lambda c: c.hour)
    return CallStats(
        year=year,
        total=Totals.of(cells),
        by_month=_group(cells, lambda c: c.day.month),
        by_hour=by_hour,
        by_weekday=_group(cells, lambda c: c.day.weekday()),
        by_month_hour=_group(cells, lambda c: (c.day.month, c.hour)),
        days=days,
        busiest_days=sorted(days, key=lambda d: (-d.offered, d.day))[:top],
        busiest_hours=sorted(hours, key=lambda h: (-h.offered, h.day, h.hour))[:top],
        files=rec.files,
        has_wrap=rec.has_wrap,
        has_agents=rec.has_agents,
        operating_hours=sorted(h for h, t in by_hour.items() if t.offered),
    )


def month_rows(rec: CallRecords) -> list[m.MonthRow]:
    """The months that have calls, as monthly.csv rows (offered, answered): replaces monthly.csv."""
    by_month = _group(rec.cells, lambda c: c.day.month)
    return [m.MonthRow(month=mo, calls_offered=t.offered, calls_answered=t.answered) for mo, t in by_month.items() if t.offered]


def typical_day(days: list[DayCount]) -> DayCount:
    """The median day by calls offered (lower median; ties by date)."""
    ordered = sorted(days, key=lambda d: (d.offered, d.day))
    return ordered[(len(ordered) - 1) // 2]


# --------------------------------------------------------------------------- where the 接通率 was lost


def min_answered(offered: int, ind: m.Indicator) -> int:
    """Fewest answered calls out of ``offered`` whose reported rate meets the indicator's target (its own rounding)."""

    def meets(answered: int) -> bool:
        return is_met(round_fraction(Fraction(answered, offered) * 100, ind.decimals, ind.rounding), ind.target)  # type: ignore[arg-type]

    if not offered or meets(0):
        return 0
    if not meets(offered):
        return offered + 1  # unreachable (a target above 100%)
    return bisect_left(range(offered + 1), True, key=meets)  # meets(0) is False, meets(offered) True


@dataclass(frozen=True)
class Loss:
    """Calls not answered in a period, and how many more answers it needed to meet the target.

    The period is the year (no month, no hour), a month, an hour of day over the year, or a
    month × hour cell."""

    month: int | None
    hour: int | None
    offered: int
    answered: int
    shortfall: int  # answers missing to reach the target (0 when met)

    @property
    def abandoned(self) -> int:
        return self.offered - self.answered

    @property
    def rate(self) -> Fraction:
        return Fraction(self.answered, self.offered) * 100


def _loss(month: int | None, hour: int | None, t: Totals, ind: m.Indicator) -> Loss:
    return Loss(month, hour, t.offered, t.answered, max(0, min_answered(t.offered, ind) - t.answered))


def losses(stats: CallStats, ind: m.Indicator) -> dict[str, list[Loss]]:
    """Year, months, hours of day and month × hour cells, each with its unanswered calls and shortfall."""
    return {
        "year": [_loss(None, None, stats.total, ind)],
        "month": [_loss(mo, None, t, ind) for mo, t in stats.by_month.items()],
        "hour": [_loss(None, h, t, ind) for h, t in stats.by_hour.items()],
        "cell": [_loss(mo, h, t, ind) for (mo, h), t in stats.by_month_hour.items()],
    }


@dataclass(frozen=True)
class ShortPeriods:
    """The months (or hours of day) that missed the target, and what they add up to."""

    periods: list[Loss]  # those with a shortfall, in period order
    of: int  # how many months (hours) there are in all
    abandoned: int  # unanswered calls in them
    shortfall: int  # answers missing to bring each of them to the target
    abandoned_share: Fraction | None  # their share of the year's unanswered calls (None: none unanswered)

    @property
    def every(self) -> bool:
        return len(self.periods) == self.of

    @property
    def worst(self) -> Loss:
        """The period short of the most answers (the earliest of equals)."""
        return max(self.periods, key=lambda x: (x.shortfall, -(x.month or 0), -(x.hour or 0)))

    def top(self, n: int) -> list[Loss]:
        """The ``n`` periods short of the most answers (earlier first among equals)."""
        return sorted(self.periods, key=lambda x: (-x.shortfall, x.month or 0, x.hour or 0))[:n]


def short_periods(all_losses: dict[str, list[Loss]], kind: str) -> ShortPeriods:
    """The ``kind`` ("month" or "hour") periods of :func:`losses` that missed the target."""
    periods = [x for x in all_losses[kind] if x.shortfall]
    year = all_losses["year"][0]
    lost = sum(x.abandoned for x in periods)
    share = Fraction(lost, year.abandoned) if year.abandoned else None
    return ShortPeriods(periods, len(all_losses[kind]), lost, sum(x.shortfall for x in periods), share)


def worst_cells(all_losses: dict[str, list[Loss]], n: int) -> list[Loss]:
    """The ``n`` month × hour cells with the most unanswered calls (earlier first among equals)."""
    return sorted(all_losses["cell"], key=lambda x: (-x.abandoned, x.month or 0, x.hour or 0))[:n]
