"""Service volume across the years present in data/: growth and multiple of contract.

Every earlier year in the data folder is loaded and validated like the current one:
a bad earlier year is an error, never silently skipped.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Optional

from ..contract.sources import available_years
from ..numbers import q2, wan
from ..evaluation.year import evaluate_year


@dataclass(frozen=True)
class YearVolume:
    year: int
    volume: int
    unit: str
    contracted: Optional[int]
    multiple: Optional[Decimal]  # volume / contracted, 2 decimals
    growth: Optional[Decimal]  # % vs previous year present, 2 decimals half-up
    previous_year: Optional[int]


def volume_history(data_dir: str | Path, up_to: Optional[int] = None) -> list[YearVolume]:
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
        out.append(
            YearVolume(y, ops.service_volume, ops.volume_unit, contracted, e.derived.volume_multiple, growth, prev.year if prev else None)
        )
    return out


def growth_sentences(history: list[YearVolume]) -> list[str]:
    if not history:
        return []
    last = history[-1]
    out = [f"{last.year}年服务量为{wan(last.volume)}万{last.unit}" + (f"，为合同约定服务量（{wan(last.contracted)}万{last.unit}）的{last.multiple}倍。" if last.multiple is not None else "。")]
    if len(history) == 1:
        out.append(f"仅有{last.year}年一个年度的服务量数据，暂无法计算同比增长。")
        return out
    for h in history[1:]:
        word = "增长" if h.growth >= 0 else "下降"  # type: ignore[operator]
        out.append(f"{h.year}年服务量较{h.previous_year}年{word}{abs(h.growth)}%（{wan(h.volume)}万{h.unit}，上年{wan(next(x.volume for x in history if x.year == h.previous_year))}万{h.unit}）。")  # type: ignore[arg-type]
    first = history[0]
    total = q2(Fraction(last.volume, first.volume)) if first.volume else None
    if total is not None:
        out.append(f"{first.year}年至{last.year}年，服务量累计增长至{total}倍。")
    return out
