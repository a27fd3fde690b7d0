"""The volume paragraph of Appendix 一: this year against its contract, each year against the one before.

The figures come from :mod:`selfeval.analyses.history` (volumes, growth, multiples); this
module only words them.
"""

from __future__ import annotations

from ..analyses.history import YearVolume, cumulative_multiple
from ..figures import wan


def growth_sentences(history: list[YearVolume]) -> list[str]:
    """The last year against its contract, each year against the one before, first to last."""
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
    total = cumulative_multiple(history)
    if total is not None:
        first = history[0]
        change = f"累计增长至{total}倍" if total >= 1 else f"降至{first.year}年的{total}倍"
        out.append(f"{first.year}年至{last.year}年，服务量{change}。")
    return out
