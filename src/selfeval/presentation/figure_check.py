"""Review check 数字与计算不符: a figure typed in prose that contradicts the computed one.

"预算执行率95%" in a year whose computed rate is 86.18%, "实际支出21.5万元" beside a computed
215,457.60元, "设置8个绩效指标" when the data holds 7. A figure is read as a statement about a
computed quantity when a word that names the quantity (its anchor: 预算执行率, 实际支出, an
indicator's name or short_name) stands just before it in the same clause, and the unit after it
fits (元/万元/亿元, %, 分, the indicator's unit). Figures that do not claim the current value are
not read: after 约, 近, 超过, 由, 上年, 目标, 不低于, …, or before 余, 多, 左右, 以上, 以下.
A figure equal to the computed one is the other check's (数字应写占位符).

Every scan is bounded: anchors are looked for in the :data:`WINDOW` characters before a number.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from ..contract.model import QualitativeIndicator
from ..evaluation.results import Evaluation
from ..figures import TEN_THOUSAND, pct, plain, score, wan
from .narrate import money_text
from .textcheck import NUMBER, YEAR, Hit, Text, plain_text

WINDOW = 16  # characters before a number searched for the name of a quantity
GAP = 6  # at most this many characters between that name and the number (为, 达到, 共计, …)
CLAUSE_BREAKS = "，,。；;！？!?\n、（）()"
HEDGES = ("约", "近", "超过", "逾", "由", "上年", "去年", "同比", "目标", "计划", "不低于", "不高于", "不少于", "≥", "≤", "以上", "以下", "至少", "最高")
AFTER_HEDGES = ("余", "多", "左右", "以上", "以下", "以内")
MONEY_UNITS = {"亿元": Decimal(10000), "万元": Decimal(1), "元": Decimal("0.0001")}  # → 万元
COUNT = re.compile(r"(\d{1,4})\s{0,2}[个项](绩效目标指标|绩效指标|绩效量化指标|量化指标|定量指标|定性指标|指标)")


@dataclass(frozen=True)
class Quantity:
    """A computed quantity the prose may state, and how the book prints it."""

    label: str  # 预算执行率, 年度预算资金, 月度话务接通率
    anchors: tuple[str, ...]  # words that name it, longest first wins
    value: Decimal  # in 万元 for money, in % for rates, else in ``kind``
    kind: str  # money | % | 分 | an indicator's unit (页, 天, 件)
    shown: str  # as the book prints it: 215,457.60元
    placeholder: str | None  # the {{name}} that prints it


def quantities(ev: Evaluation) -> list[Quantity]:
    """The quantities of the year that prose states most often: money, the rate, the total, each indicator."""
    b = ev.budget
    out = [
        Quantity(
            "年度预算资金",
            ("年度预算资金", "预算资金", "年度预算数", "年度预算", "预算总额", "预算金额"),
            b.budget,
            "money",
            money_text(ev, b.budget),
            "budget",
        ),
        Quantity(
            "实际支出金额",
            ("预算执行资金", "执行资金", "实际支出金额", "实际支出", "支出金额", "预算完成数", "累计支出", "已支出"),
            b.executed,
            "money",
            money_text(ev, b.executed),
            "executed",
        ),
        Quantity("预算执行率", ("预算执行率", "预算完成率", "资金执行率", "执行率", "支出进度"), b.rate, "%", pct(b.rate), None),
        Quantity("自评总分", ("绩效自评分值", "自评分值", "自评总分", "自评得分", "总分"), ev.total, "分", score(ev.total), "total_score"),
    ]
    if b.allocated is not None:
        out.append(
            Quantity(
                "已下达预算金额", ("已下达项目预算金额", "已下达预算金额", "已下达资金", "已下达"), b.allocated, "money", money_text(ev, b.allocated), None
            )
        )
    ops = ev.data.operations
    if ops is not None and ops.service_volume is not None:
        out.append(
            Quantity(
                "年度服务量",
                ("年度服务量", "服务量"),
                Decimal(ops.service_volume),
                ops.volume_unit,
                f"{wan(ops.service_volume)}万{ops.volume_unit}",
                "service_volume",
            )
        )
    for item in ev.items:
        ind = item.indicator
        if isinstance(ind, QualitativeIndicator) or item.value.reported is None:
            continue
        names = tuple(sorted({n for n in (ind.name, ind.short_name) if n}, key=len, reverse=True))
        out.append(Quantity(ind.name, names, item.value.reported, ind.target.unit, item.value.reported_text, f"{ind.id}_value"))
    return out


def _number(token: str) -> Decimal | None:
    try:
        return Decimal(token.replace(",", ""))
    except InvalidOperation:
        return None


def _anchor(window: str, quantities: list[Quantity]) -> tuple[Quantity, int] | None:
    """The quantity named nearest before the number (a longer name beats one inside it), and where its name ends."""
    best: tuple[int, int, Quantity] | None = None
    for q in quantities:
        for anchor in q.anchors:
            pos = window.rfind(anchor)
            if pos == -1:
                continue
            end = pos + len(anchor)
            if best is None or (end, len(anchor)) > (best[0], best[1]):
                best = (end, len(anchor), q)
    return (best[2], best[0]) if best else None


def _typed_value(q: Quantity, after: str, number: Decimal) -> Decimal | None:
    """The typed figure in the quantity's own scale, or None when the unit after it does not fit."""
    if q.kind == "money":
        unit = next((u for u in MONEY_UNITS if after.startswith(u)), None)
        return number * MONEY_UNITS[unit] if unit else None
    if q.kind == "%":
        return number if after.startswith("%") or after.startswith("％") else None
    if after.startswith("万" + q.kind):
        return number * TEN_THOUSAND
    return number if after.startswith(q.kind) else None


def contradicting_figures(ev: Evaluation, t: Text) -> Iterator[Hit]:
    """数字与计算不符: an amount, rate, score, indicator value or count typed in prose that differs from the computed one."""
    if t.kind != "prose":
        return
    text = plain_text(t.text)
    known = quantities(ev)
    for m in NUMBER.finditer(text):
        token = m.group(0)
        after = text[m.end() : m.end() + 4]
        if YEAR.fullmatch(token) and after.startswith("年"):
            continue
        number = _number(token)
        if number is None or after.startswith(AFTER_HEDGES):
            continue
        window = text[max(0, m.start() - WINDOW) : m.start()]
        cut = max(window.rfind(ch) for ch in CLAUSE_BREAKS)
        window = window[cut + 1 :]
        found = _anchor(window, known)
        if found is None:
            continue
        q, end = found
        gap = window[end:]
        if len(gap) > GAP or any(h in window for h in HEDGES) or any(ch.isdigit() for ch in gap):
            continue  # too far from its name, hedged (约, 上年, 目标 … anywhere in the clause), or after another figure
        typed = _typed_value(q, after, number)
        if typed is None or typed == q.value:
            continue
        fix = f"改写为 {{{{{q.placeholder}}}}}（自动填入{q.shown}）" if q.placeholder else f"改为计算结果{q.shown}"
        yield Hit(
            "数字与计算不符",
            m.start(),
            m.end() + len(_unit_text(q, after)),
            f"“{{phrase}}”中的{q.label}{token}{_unit_text(q, after)}与计算结果{q.shown}不符",
            f"{fix}，或核对数据",
        )
    yield from _counts(ev, t, text)


def _unit_text(q: Quantity, after: str) -> str:
    if q.kind == "money":
        return next(u for u in MONEY_UNITS if after.startswith(u))
    if q.kind == "%":
        return after[0]
    return ("万" + q.kind) if after.startswith("万" + q.kind) else q.kind


def _counts(ev: Evaluation, t: Text, text: str) -> Iterator[Hit]:
    """'设置8个绩效指标', '6个指标达标', '1个指标未达标' against the year's counts."""
    n = len(ev.items)
    qualitative = sum(isinstance(i.indicator, QualitativeIndicator) for i in ev.items)
    for m in COUNT.finditer(text):
        typed, noun = int(m.group(1)), m.group(2)
        after = text[m.end() : m.end() + 6]
        before = text[max(0, m.start() - 4) : m.start()]
        if any(h in before for h in HEDGES):
            continue
        if "未达" in after or "未完成" in after:
            label, actual = "未达标指标数", len(ev.missed)
        elif any(w in after for w in ("达到", "达标", "完成")):
            label, actual = "达标指标数", len(ev.met)
        elif noun == "定量指标":
            label, actual = "定量指标数", n - qualitative
        elif noun == "定性指标":
            label, actual = "定性指标数", qualitative
        elif noun != "指标":
            label, actual = "绩效指标数", n
        else:
            continue  # '28个指标开展月度考核': not the report's indicators
        if typed != actual:
            yield Hit(
                "数字与计算不符",
                m.start(),
                m.end(),
                f"“{{phrase}}”中的{label}{typed}与数据中的{actual}个不符",
                f"改为{plain(Decimal(actual))}，或核对 indicators.yaml",
            )
