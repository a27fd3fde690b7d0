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
from ..figures import q2, wan


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


def growth_sentences(history: list[YearVolume]) -> list[str]:
    """The volume paragraph: the last year against its contract, each year against the one before, first to last."""
    if not history:
        return []
    last = history[-1]
    volume = f"{last.year}年服务量为{wan(last.volume)}万{last.unit}"
    if last.contracted is not None and last.multiple is not None:
        volume += f"，为合同约定服务量（{wan(last.contracted)}万{last.unit}）的{last.multiple}倍"
    out = [volume + "。"]
    if len(history) == 1:
        out.append(f"仅有{last.year}年一个年度的服务量数据，暂无法计算同比增长。")
        return out
    by_year = {h.year: h.volume for h in history}
    for h in history[1:]:
        if h.previous_year is None:
            continue
        before = f"上年{wan(by_year[h.previous_year])}万{h.unit}"
        if h.growth is None:
            out.append(f"{h.year}年服务量{wan(h.volume)}万{h.unit}（{h.previous_year}年服务量为0，无法计算增长率）。")
            continue
        word = "增长" if h.growth >= 0 else "下降"
        out.append(f"{h.year}年服务量较{h.previous_year}年{word}{abs(h.growth)}%（{wan(h.volume)}万{h.unit}，{before}）。")
    first = history[0]
    if first.volume:
        total = q2(Fraction(last.volume, first.volume))
        change = f"累计增长至{total}倍" if total >= 1 else f"降至{first.year}年的{total}倍"
        out.append(f"{first.year}年至{last.year}年，服务量{change}。")
    return out
