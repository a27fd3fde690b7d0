"""Service volume across the years present in data/: growth and multiple of contract.

Every earlier year in the data folder is loaded and validated like the current one:
a bad earlier year is an error, never silently skipped.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

from ..contract.sources import available_years
from ..evaluation.year_cache import evaluate_year
from ..figures import q2


@dataclass(frozen=True)
class YearVolume:
    year: int
    volume: int
    unit: str
    contracted: int | None
    multiple: Decimal | None  # volume / contracted, 2 decimals
    growth: Decimal | None  # % vs previous year present, 2 decimals half-up
    previous_year: int | None


def volume_history(data_dir: str | Path, up_to: int | None = None) -> list[YearVolume]:
    """Volumes of every year ≤ ``up_to`` (default: all) that has a service volume, oldest first.

    The one loader of multi-year volumes: the growth table and the forecast both use it.
    """
    years = [y for y in available_years(data_dir) if up_to is None or y <= up_to]
    out: list[YearVolume] = []
    for y in years:
        e = evaluate_year(data_dir, y)
        ops = e.data.operations
        if ops is None or ops.service_volume is None:
            continue
        contracted = e.data.contract.contracted_volume
        prev = out[-1] if out else None
        growth = q2(Fraction(ops.service_volume - prev.volume, prev.volume) * 100) if prev and prev.volume else None
        out.append(YearVolume(y, ops.service_volume, ops.volume_unit, contracted, e.derived.volume_multiple, growth, prev.year if prev else None))
    return out


def cumulative_multiple(history: list[YearVolume]) -> Decimal | None:
    """The last year's volume as a multiple of the first year's (2 decimals half-up); None when
    there is a single year or the first year's volume is 0."""
    if len(history) < 2 or not history[0].volume:
        return None
    return q2(Fraction(history[-1].volume, history[0].volume))
