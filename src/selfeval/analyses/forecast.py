"""Next year's service volume, with an interval, and the contract volume that would cover it.

Why this exists: the 2021 report's own improvement measures ask to "科学评估热线发展，合理确定
年度服务量目标值并预测发展趋势": the contract assumed 1212万件 while the year brought
2871.7436万件 (2.37×), and that gap is the report's explanation of the missed 接通率. This
module turns the years in ``data/`` into a forecast and says which contracted volume would
have kept the multiple (service volume ÷ contracted volume) at or below 1 — taken as the
*upper* end of the interval, because planning to the central figure misses half the time.

How much can be said depends on how many years there are, and every sentence says which case
it is:

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
from dataclasses import dataclass, field, replace
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Literal

from ..figures import TEN_THOUSAND, fixed, plain, round_fraction, wan
from .history import volume_history as _years

Method = Literal["log_linear", "growth_rate", "none"]
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
    reason: str = ""
    sentences: list[str] = field(default_factory=list)


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
        reason = f"{zero.year}年服务量为0，无法按增长率建模，不作预测。"
    elif not history:
        reason = "各年度均未填报年度服务量（operations.yaml service_volume），无法预测下一年度服务量。"
    else:
        reason = f"仅有{history[0].year}年一年的服务量数据，无法估计增长趋势，不作下一年度服务量预测；积累两年及以上数据后可预测。"
    return Forecast(history, target, "none", reason=reason, sentences=[reason])


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
    if rate >= 0:
        reason = "仅有两年数据，无法进行统计推断，按两年间的年增长率外推；区间取“增长停止”至“年增长率翻倍”，为经验性宽区间，不是统计置信区间。"
    else:
        reason = "仅有两年数据，无法进行统计推断，按两年间的年变化率外推；区间取“年降幅翻倍”至“下降停止”，为经验性宽区间，不是统计置信区间。"
    return _finish(history, target, "growth_rate", point, ends[0], ends[1], None, math.log1p(rate), reason)


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
    reason = f"按{history[0].year}—{history[-1].year}年共{n}年数据拟合对数线性趋势（服务量按固定百分比增长），给出{plain(level * 100)}%预测区间" + (
        "；年份少，区间较宽。" if n < 6 else "。"
    )
    return _finish(history, target, "log_linear", math.exp(y_hat), math.exp(y_hat - t * se), math.exp(y_hat + t * se), level, slope, reason)


def _finish(
    history: list[VolumePoint], target: int, method: Method, point: float, lower: float, upper: float, level: Decimal | None, log_rate: float, reason: str
) -> Forecast:
    """Round the floats once, derive the contract figure, write the sentences."""
    p, lo, hi = (int(round_fraction(Fraction(v), 0, "half_up")) for v in (point, lower, upper))
    needed = math.ceil(Fraction(hi, int(TEN_THOUSAND))) * int(TEN_THOUSAND)
    growth = round_fraction(Fraction(math.expm1(log_rate)) * 100, 2, "half_up")
    fc = Forecast(history, target, method, p, lo, hi, level, growth, needed, reason)
    return replace(fc, sentences=forecast_sentences(fc))


# --------------------------------------------------------------------------- sentences


def wan2(volume: int) -> str:
    """件 → 万件 with 2 decimals (half-up): 28717436 → '2871.74'."""
    return fixed(Decimal(volume) / TEN_THOUSAND, 2)


def forecast_sentences(fc: Forecast) -> list[str]:
    """Generated Chinese sentences: method, forecast with its band, and the contract volume it implies."""
    if fc.method == "none" or fc.point is None:
        return [fc.reason]
    last = fc.history[-1]
    band = f"{plain(fc.level * 100)}%预测区间" if fc.level is not None else "外推区间"
    trend = "年均增长" if fc.annual_growth is not None and fc.annual_growth >= 0 else "年均变化"
    return [
        fc.reason,
        f"{last.year}年服务量{wan(last.volume)}万件，{trend}{fixed(fc.annual_growth)}%；"  # type: ignore[arg-type]
        f"预计{fc.next_year}年服务量约{wan2(fc.point)}万件（{band}{wan2(fc.lower)}万—{wan2(fc.upper)}万件）。",  # type: ignore[arg-type]
        f"为使{fc.next_year}年服务量不超过合同约定服务量（倍数不高于1），"
        f"合同约定服务量宜不低于{plain(Decimal(fc.contracted_volume_needed) / TEN_THOUSAND)}万件（区间上限向上取整到万件）。",  # type: ignore[arg-type]
    ]
