"""The monthly 接通率 sentence of Appendix 二: which months missed the target, or that none did.

The rates, verdicts and the worst month come from :mod:`selfeval.analyses.monthly`; this
module only words them.
"""

from __future__ import annotations

from ..analyses.monthly import monthly_rates, worst_month
from ..contract import model as m
from ..contract.crosscheck import answer_rate_indicator
from ..evaluation.indicators import target_value_text
from ..figures import month_label

_MISS = {">=": "低于", "<=": "高于", "=": "未达到"}
_ALL_MET = {">=": "均不低于", "<=": "均不高于", "=": "均达到"}


def no_monthly_sentence(data: m.YearData) -> str:
    """The one sentence for a year without monthly.csv (the chapter shows no monthly chart)."""
    return f"{data.year}年未提供分月话务数据，本报告不作逐月接通率分析。"


def monthly_sentence(data: m.YearData) -> str:
    """One generated sentence: the months below target, or that all months met it.

    e.g. "2021年1月、2月、8月接通率低于95%目标（最低为2月，88.40%），其余9个月达标。"
    Without monthly data: :func:`no_monthly_sentence`.
    """
    rates = monthly_rates(data)
    ind = answer_rate_indicator(data)
    if not rates or ind is None:
        return no_monthly_sentence(data)
    op = ind.target.op
    target = target_value_text(ind)
    missed = [r for r in rates if not r.met]
    if not missed:
        return f"{data.year}年12个月接通率{_ALL_MET[op]}{target}的目标。"
    if len(missed) == len(rates):
        return f"{data.year}年全部12个月接通率均{_MISS[op]}{target}目标。"
    names = "、".join(month_label(r.month) for r in missed)
    worst = worst_month(missed, ind)
    return (
        f"{data.year}年{names}接通率{_MISS[op]}{target}目标（最{'低' if op != '<=' else '高'}"
        f"为{month_label(worst.month)}，{worst.text}），其余{len([r for r in rates if r.met])}个月达标。"
    )
