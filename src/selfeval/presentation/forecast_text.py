"""The service-volume forecast of Appendix 二 in words: which method the years allow, the
forecast with its band, and the contract volume that would cover it.

The figures come from :mod:`selfeval.analyses.forecast`; this module only words them.
"""

from __future__ import annotations

from decimal import Decimal

from ..analyses.forecast import Forecast
from ..figures import fixed, in_wan, plain, wan

_TWO_YEARS = {
    False: "仅有两年数据，无法进行统计推断，按两年间的年增长率外推；区间取“增长停止”至“年增长率翻倍”，为经验性宽区间，不是统计置信区间。",
    True: "仅有两年数据，无法进行统计推断，按两年间的年变化率外推；区间取“年降幅翻倍”至“下降停止”，为经验性宽区间，不是统计置信区间。",
}


def wan2(volume: int) -> str:
    """件 → 万件 with 2 decimals (half-up): 28717436 → '2871.74'."""
    return fixed(in_wan(volume), 2)


def reason_sentence(fc: Forecast) -> str:
    """Which case the number of years allows: no forecast (and why), two years, or a fitted trend."""
    if fc.method == "none":
        if fc.none_because == "zero_year":
            return f"{fc.zero_year}年服务量为0，无法按增长率建模，不作预测。"
        if fc.none_because == "one_year":
            return f"仅有{fc.history[0].year}年一年的服务量数据，无法估计增长趋势，不作下一年度服务量预测；积累两年及以上数据后可预测。"
        return "各年度均未填报年度服务量（operations.yaml service_volume），无法预测下一年度服务量。"
    if fc.method == "growth_rate":
        return _TWO_YEARS[fc.declining]
    n = fc.years
    return f"按{fc.history[0].year}—{fc.history[-1].year}年共{n}年数据拟合对数线性趋势（服务量按固定百分比增长），给出{plain(fc.level_percent)}%预测区间" + (  # type: ignore[arg-type]
        "；年份少，区间较宽。" if n < 6 else "。"
    )


def forecast_sentences(fc: Forecast) -> list[str]:
    """Generated Chinese sentences: method, forecast with its band, and the contract volume it implies."""
    if fc.method == "none" or fc.point is None:
        return [reason_sentence(fc)]
    last = fc.history[-1]
    band = f"{plain(fc.level_percent)}%预测区间" if fc.level_percent is not None else "外推区间"
    trend = "年均增长" if fc.annual_growth is not None and fc.annual_growth >= 0 else "年均变化"
    return [
        reason_sentence(fc),
        f"{last.year}年服务量{wan(last.volume)}万件，{trend}{fixed(fc.annual_growth)}%；"  # type: ignore[arg-type]
        f"预计{fc.next_year}年服务量约{wan2(fc.point)}万件（{band}{wan2(fc.lower)}万—{wan2(fc.upper)}万件）。",  # type: ignore[arg-type]
        f"为使{fc.next_year}年服务量不超过合同约定服务量（倍数不高于1），"
        f"合同约定服务量宜不低于{wan(Decimal(fc.contracted_volume_needed))}万件（区间上限向上取整到万件）。",  # type: ignore[arg-type]
    ]
