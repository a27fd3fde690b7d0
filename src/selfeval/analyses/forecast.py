"""Next year's service volume, with an interval, and the contract volume that would cover it.

Why this exists: the 2021 report's own improvement measures ask to "科学评估热线发展，合理确定
年度服务量目标值并预测发展趋势": the contract assumed 1212万件 while the year brought
2871.7436万件 (2.37×), and that gap is the report's explanation of the missed 接通率. This
module turns the years in ``data/`` into a forecast and says which contracted volume would
have kept the multiple (service volume ÷ contracted volume) at or below 1 — taken as the
*upper* end of the interval, because planning to the central figure misses half the time.

How much can be said depends on how many years there are, and the book says which case it is
(:mod:`selfeval.presentation.forecast_text` words the result):

* ≥ 3 years: a log-linear trend (volume grows by a constant percentage a year) fitted by
  least squares to ln(volume), with the classical prediction interval for a new year
  (Student t, n − 2 degrees of freedom). With few years the interval is honestly wide.
* 2 years: the one observed growth rate extrapolated; no statistics are possible, so the band
  is a stated rule, not a confidence interval: from "growth stops" to "growth doubles"
  (in log terms, 0× to 2× the observed growth).
* 1 year (or none with a service volume): no trend can be estimated, so no forecast.

Inputs are the annual ``service_volume`` of each ``data/<year>/operations.yaml`` (loaded and
validated through :func:`selfeval.load.load_year`). Floats inside the fit; volumes reported as
whole 件 (half-up) and in 万件 through Decimal.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Literal

from ..figures import TEN_THOUSAND, round_fraction
from .history import volume_history as _years

Method = Literal["log_linear", "growth_rate", "none"]
NoForecast = Literal["zero_year", "no_volume", "one_year"]  # why there is none
DEFAULT_LEVEL = Decimal("0.95")


@dataclass(frozen=True)
class VolumePoint:
    year: int
    volume: int  # 件


@dataclass(frozen=True)
class Forecast:
    """A next-year service-volume forecast (or the reason there is none)."""

    history: list[VolumePoint]
    next_year: int | None
    method: Method
    point: int | None = None  # 件, central forecast
    lower: int | None = None  # 件
    upper: int | None = None  # 件
    level: Decimal | None = None  # prediction-interval level (log_linear only)
    annual_growth: Decimal | None = None  # %, 2 decimals: the trend's (or observed) growth a year
    contracted_volume_needed: int | None = None  # 件, whole 万件 at or above `upper`
    declining: bool = False  # growth_rate: the two years' volume fell (the band runs the other way)
    none_because: NoForecast | None = None  # method "none": why
    zero_year: int | None = None  # none_because "zero_year": the year whose volume is 0

    @property
    def years(self) -> int:
        return len(self.history)

    @property
    def level_percent(self) -> Decimal | None:
        """The interval's level in % (95 for 0.95)."""
        return None if self.level is None else self.level * 100


def volume_points(data_root: Path | str, up_to: int | None = None) -> list[VolumePoint]:
    """(year, service_volume) of every year in ``data_root`` (≤ ``up_to``) that records one."""
    return [VolumePoint(h.year, h.volume) for h in _years(data_root, up_to)]


def forecast_for(data_root: Path | str, up_to: int | None = None, level: Decimal = DEFAULT_LEVEL) -> Forecast:
    """Forecast the year after ``up_to`` (default: the last year) from the years in ``data_root``."""
    return forecast_volume(volume_points(data_root, up_to), level, None if up_to is None else up_to + 1)


def forecast_volume(history: list[VolumePoint], level: Decimal = DEFAULT_LEVEL, next_year: int | None = None) -> Forecast:
    """Pick the method the number of years allows and forecast ``next_year`` (default: last + 1)."""
    history = sorted(history, key=lambda p: p.year)
    if not 0 < level < 1:
        raise ValueError(f"level {level} must be between 0 and 1, e.g. 0.95")
    target = next_year if next_year is not None else (history[-1].year + 1 if history else None)
    zero = next((p for p in history if p.volume == 0), None)
    if len(history) < 2 or zero is not None or target is None:
        return _no_forecast(history, target, zero)
    if len(history) == 2:
        return _growth_rate(history, target)
    return _log_linear(history, target, level)


# --------------------------------------------------------------------------- the three cases


def _no_forecast(history: list[VolumePoint], target: int | None, zero: VolumePoint | None) -> Forecast:
    if zero is not None:
        return Forecast(history, target, "none", none_because="zero_year", zero_year=zero.year)
    return Forecast(history, target, "none", none_because="one_year" if history else "no_volume")


def _growth_rate(history: list[VolumePoint], target: int) -> Forecast:
    """Two years: extrapolate the observed annual growth rate r; the band runs from "growth stops"
    (the last volume) to "the growth rate doubles" (2r a year) — for a decline, from "the decline
    doubles" to "the decline stops". The label and the figures are the same rule."""
    first, last = history
    years = last.year - first.year
    rate = (last.volume / first.volume) ** (1 / years) - 1  # geometric mean annual growth
    steps = target - last.year
    point = last.volume * (1 + rate) ** steps
    doubled = last.volume * max(1 + 2 * rate, 0.0) ** steps
    ends = sorted((float(last.volume), doubled))
    return _finish(history, target, "growth_rate", point, ends[0], ends[1], None, math.log1p(rate), declining=rate < 0)


def _log_linear(history: list[VolumePoint], target: int, level: Decimal) -> Forecast:
    """≥ 3 years: least squares on ln(volume) against year, with a Student-t prediction interval."""
    from scipy.stats import t as student_t  # 0.7 s, only for three or more years

    n = len(history)
    xs = [float(p.year) for p in history]
    ys = [math.log(p.volume) for p in history]
    x_bar, y_bar = sum(xs) / n, sum(ys) / n
    sxx = sum((x - x_bar) ** 2 for x in xs)
    slope = sum((x - x_bar) * (y - y_bar) for x, y in zip(xs, ys)) / sxx
    intercept = y_bar - slope * x_bar
    residual = sum((y - intercept - slope * x) ** 2 for x, y in zip(xs, ys))
    s = math.sqrt(residual / (n - 2))
    y_hat = intercept + slope * target
    se = s * math.sqrt(1 + 1 / n + (target - x_bar) ** 2 / sxx)
    t = float(student_t.ppf((1 + float(level)) / 2, n - 2))
    return _finish(history, target, "log_linear", math.exp(y_hat), math.exp(y_hat - t * se), math.exp(y_hat + t * se), level, slope)


def _finish(
    history: list[VolumePoint],
    target: int,
    method: Method,
    point: float,
    lower: float,
    upper: float,
    level: Decimal | None,
    log_rate: float,
    declining: bool = False,
) -> Forecast:
    """Round the floats once and derive the contract figure."""
    p, lo, hi = (int(round_fraction(Fraction(v), 0, "half_up")) for v in (point, lower, upper))
    needed = math.ceil(Fraction(hi, int(TEN_THOUSAND))) * int(TEN_THOUSAND)
    growth = round_fraction(Fraction(math.expm1(log_rate)) * 100, 2, "half_up")
    return Forecast(history, target, method, p, lo, hi, level, growth, needed, declining)
