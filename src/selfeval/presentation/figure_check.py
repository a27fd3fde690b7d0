"""Review checks on figures typed in prose: 数字与计算不符 and 数字应写占位符.

"预算执行率95%" in a year whose computed rate is 86.18%, "实际支出21.5万元" beside a computed
215,457.60元, "设置8个绩效指标" when the data holds 7 contradict the results; "抽检合格率98.70%"
equal to the computed figure is right today but will not follow next year's data.

Each number of a text is read once, against the one computed figure its words name
(:func:`reading`): a name standing just before it in the same clause (预算执行率, 实际支出, an
indicator's name or short_name, or the last characters of an indicator's name where they begin
the phrase: 接通率 for 月度话务接通率), or for a bare count the noun after it (11个区, 40个市直部门).
The unit after the figure must fit (元/万元/亿元, %, 分, the indicator's unit). Then the figure is
either equal (write the placeholder, when there is one) or different (a contradiction) — never
both, and never tied to another figure that merely has the same value: "预算执行率为100%" is about
the budget rate even when three indicators reached 100%. A number whose words name no computed
figure, or several (满意度 when two indicators end in it), is not read. Figures that do not
claim the current value are not read either: after 约, 近, 超过, 由, 上年, 目标, 不低于, …, before
余, 多, 左右, 以上, 以下, a score (得分) beside an indicator's name, and years
(:mod:`selfeval.contract.text_years`).

Every scan is bounded: names are looked for in the :data:`WINDOW` characters before a number
and nouns in the :data:`AFTER` characters after it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from ..contract.model import QualitativeIndicator
from ..contract.text_years import year_spans
from ..evaluation.results import Evaluation
from ..figures import TEN_THOUSAND, pct, plain, score, wan
from .narrate import money_text
from .textcheck import NUMBER, Hit, Text, plain_text

WINDOW = 16  # characters before a number searched for the name of a quantity
GAP = 6  # at most this many characters between that name and the number (为, 达到, 共计, …)
AFTER = 12  # characters after a number searched for the noun of a count (个区, 条非紧急类政府服务专线)
PARTIAL = 3  # the last characters of an indicator's name that may stand for it (接通率)
CLAUSE_BREAKS = "，,。；;！？!?\n、（）()"
HEDGES = ("超过", "上年", "去年", "同比", "目标", "计划", "不低于", "不高于", "不少于", "≥", "≤", "以上", "以下", "至少", "最高")
# hedges of one character only just before the figure: 约95%, 约为95%, 由95%; 签约服务覆盖率 and 近年来 hedge nothing
JUST_BEFORE = ("约", "约为", "大约", "近", "逾", "由")
AFTER_HEDGES = ("余", "多", "左右", "以上", "以下", "以内")
NOT_THE_VALUE = ("得分", "分值", "权重", "扣", "每")  # between an item's name and a figure: its score or a rule (每下降1%), not its value
CHANGES = re.compile(r"(?:提高|降低|增加|减少|增长|下降|上升)(?![至到为])")  # 提高2%, 提高了2%: a change; 提高至95%: the value
# words before a shortened name that still begin its phrase: 全年接通率, 平台的可用率
QUALIFIERS = ("全年", "年度", "本年度", "本年", "全市", "全区", "全县", "全镇", "平均", "整体", "总体", "的")
MEASURE_WORDS = "个名条家所座处席位人"
MONEY_UNITS = {"亿元": Decimal(10000), "万元": Decimal(1), "元": Decimal("0.0001")}  # → 万元
COUNT = re.compile(r"(\d{1,4})\s{0,2}[个项](绩效目标指标|绩效指标|绩效量化指标|量化指标|定量指标|定性指标|指标)")
HAN = re.compile(r"[\u3400-\u9fff]")

# the bare counts placeholders print, and the nouns that name them after the figure (or before: 话务员858人)
COUNT_FACTS = {
    "agents": (("话务员",), ("话务员",)),
    "seats_total": (("坐席规模", "坐席"), ("坐席", "席")),
    "lines_total": ((), ("专线",)),
    "lines_prior_year": ((), ("专线",)),
    "lines_merged": ((), ("专线",)),
    "districts": ((), ("区",)),
    "departments": ((), ("部门",)),
}


@dataclass(frozen=True)
class Quantity:
    """A computed quantity the prose may state, and how the book prints it."""

    label: str  # 预算执行率, 年度预算资金, 月度话务接通率
    anchors: tuple[str, ...]  # words before the figure that name it
    value: Decimal  # in 万元 for money, in % for rates, else in ``kind``
    kind: str  # money | % | 分 | an indicator's unit (页, 天, 件) | "" (a bare count, named by its noun)
    shown: str  # as the book prints it: 215,457.60元
    placeholder: str | None  # the {{name}} that prints it
    names: tuple[str, ...] = ()  # names whose last characters may stand for it (an indicator's name)
    nouns: tuple[str, ...] = ()  # words after the figure that name it (11个区)
    claims: bool = True  # a different figure contradicts it (False: a count of other years' text too; only an equal one is read)


def quantities(ev: Evaluation) -> list[Quantity]:
    """The quantities of the year that prose states: money, the rate, the total, each indicator, the counts placeholders print."""
    b = ev.budget
    out = [
        Quantity(
            "年度预算资金",
            ("年度预算资金", "预算资金", "年度预算数", "年度预算", "预算总额", "预算金额", "预算"),
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
    c, ops = ev.data.contract, ev.data.operations
    if ops is not None and ops.service_volume is not None:
        shown = f"{wan(ops.service_volume)}万{ops.volume_unit}"
        out.append(Quantity("年度服务量", ("年度服务量", "服务量"), Decimal(ops.service_volume), ops.volume_unit, shown, "service_volume"))
    if c.contracted_volume:
        shown = f"{wan(c.contracted_volume)}万{c.volume_unit}"
        named = ("合同约定服务量", "约定服务量", "合同服务量")
        out.append(Quantity("合同约定服务量", named, Decimal(c.contracted_volume), c.volume_unit, shown, "contracted_volume"))
    if ev.derived.volume_multiple is not None:
        m = ev.derived.volume_multiple
        out.append(Quantity("服务量倍数", (), m, "倍", f"{m}倍", "volume_multiple", nouns=("倍",), claims=False))
    counts = {
        "agents": ops.agents if ops else None,
        "seats_total": ops.seats.total if ops and ops.seats else None,
        "lines_total": ops.lines.total if ops and ops.lines else None,
        "lines_prior_year": ops.lines.prior_year_total if ops and ops.lines else None,
        "lines_merged": ops.lines.merged_this_year if ops and ops.lines else None,
        "districts": ops.lines.districts if ops and ops.lines else None,
        "departments": ops.lines.departments if ops and ops.lines else None,
    }
    for name, value in counts.items():
        if value is not None:
            anchors, nouns = COUNT_FACTS[name]
            out.append(Quantity(name, anchors, Decimal(value), "", str(value), name, nouns=nouns, claims=False))
    for item in ev.items:
        ind = item.indicator
        if isinstance(ind, QualitativeIndicator) or item.value.reported is None:
            continue
        names = tuple(sorted({n for n in (ind.name, ind.short_name) if n}, key=len, reverse=True))
        out.append(Quantity(ind.name, names, item.value.reported, ind.target.unit, item.value.reported_text, f"{ind.id}_value", names=(ind.name,)))
    return out


def _number(token: str) -> Decimal | None:
    try:
        return Decimal(token.replace(",", ""))
    except InvalidOperation:
        return None


def _begins_phrase(text: str, at: int) -> bool:
    """Whether a shortened name at ``at`` begins its phrase: clause start, not after another Han character, or after 全年, 的, …"""
    return at == 0 or text[at - 1] in CLAUSE_BREAKS or not HAN.match(text[at - 1]) or text[:at].endswith(QUALIFIERS)


def _named_before(text: str, start: int, known: list[Quantity]) -> tuple[list[Quantity], str] | None:
    """The quantities named nearest before the number at ``start`` (the best-placed, longest name), and the gap after the name.

    The window is as long as the longest name needs (a name may hold brackets: 维修（维护）所需成本); the gap
    between the name and the number stays within the clause."""
    lo = max(0, start - max([WINDOW, *(len(a) + GAP for q in known for a in (*q.anchors, *q.names))]))
    window = text[lo:start]
    found: list[tuple[int, int, Quantity]] = []
    for q in known:
        for anchor in q.anchors:
            pos = window.rfind(anchor)
            if pos != -1:
                found.append((pos + len(anchor), len(anchor), q))
        for name in q.names:
            for k in range(len(name) - 1, PARTIAL - 1, -1):
                pos = window.rfind(name[-k:])
                if pos != -1 and _begins_phrase(text, lo + pos):
                    found.append((pos + k, k, q))
                    break
    found = [f for f in found if len(window) - f[0] <= GAP and not any(ch.isdigit() or ch in CLAUSE_BREAKS for ch in window[f[0] :])]
    if not found:
        return None
    best = max((end, length) for end, length, _ in found)
    named = list({id(q): q for end, length, q in found if (end, length) == best}.values())
    return named, window[best[0] :]


def _named_after(after: str, known: list[Quantity]) -> list[Quantity]:
    """Counts whose noun follows the number in its clause: 个区, 个市直部门, 条非紧急类政府服务专线."""
    for i, ch in enumerate(after):
        if ch in CLAUSE_BREAKS:
            after = after[:i]
            break
    if not after or (after[0] not in MEASURE_WORDS and not any(after.startswith(n) for q in known for n in q.nouns)):
        return []
    return [q for q in known if any(n in after for n in q.nouns)]


def _typed_value(q: Quantity, after: str, number: Decimal) -> Decimal | None:
    """The typed figure in the quantity's own scale, or None when the unit after it does not fit."""
    if q.kind == "money":
        unit = next((u for u in MONEY_UNITS if after.startswith(u)), None)
        return number * MONEY_UNITS[unit] if unit else None
    if q.kind == "%":
        return number if after.startswith("%") or after.startswith("％") else None
    if q.kind == "":  # a bare count, named by the noun after it
        return None if after.startswith(("%", "％", "‰", "万", "亿", "元")) else number
    if after.startswith("万" + q.kind):
        return number * TEN_THOUSAND
    return number if after.startswith(q.kind) else None


def _unit_text(q: Quantity, after: str) -> str:
    if q.kind == "money":
        return next(u for u in MONEY_UNITS if after.startswith(u))
    if q.kind == "%":
        return after[0]
    return ("万" + q.kind) if after.startswith("万" + q.kind) else q.kind


@dataclass(frozen=True)
class Reading:
    """What one typed number states: the quantity its words name, and whether it equals it."""

    start: int
    end: int  # the number's end; a contradiction's flagged words run on over the unit
    token: str
    quantity: Quantity
    unit: str  # the unit typed after the number, as matched
    equal: bool


def readings(ev: Evaluation, text: str) -> Iterator[Reading]:
    """Every number of ``text`` (placeholders, titles and document numbers blanked) that states a computed figure."""
    known = quantities(ev)
    years = {start for start, _, _ in year_spans(text)}
    counted = {m.start(1) for m in COUNT.finditer(text)}  # N个指标: read by _counts against the indicators
    for m in NUMBER.finditer(text):
        token = m.group(0)
        if m.start() in years or m.start() in counted:
            continue
        after = text[m.end() : m.end() + AFTER]
        number = _number(token)
        if number is None or after.startswith(AFTER_HEDGES):
            continue
        clause = text[max(0, m.start() - WINDOW) : m.start()]
        clause = clause[max(clause.rfind(ch) for ch in CLAUSE_BREAKS) + 1 :]
        if any(h in clause for h in HEDGES) or clause.rstrip().endswith(JUST_BEFORE):
            continue  # 上年, 目标 … anywhere in the clause, 约 just before: not a statement of this year's result
        before = _named_before(text, m.start(), known)
        if before is not None:
            named, gap = before
            if len({(q.value, q.kind) for q in named}) > 1:
                continue  # the words name several figures (满意度 of two indicators): which one is not said
            q = next((q for q in named if q.placeholder), named[0])
            if (q.label != "自评总分" and any(w in gap for w in NOT_THE_VALUE)) or CHANGES.search(gap):
                continue  # 接通率得分9.38分, 每下降1%, 提高2%: a score, a rule or a change, not the value
            typed = _typed_value(q, after, number)
            if typed is not None and (typed == q.value or q.claims):
                yield Reading(m.start(), m.end(), token, q, _unit_text(q, after), typed == q.value)
            continue
        equal = [q for q in _named_after(after, known) if _typed_value(q, after, number) == q.value]
        if len({q.placeholder for q in equal}) == 1:
            yield Reading(m.start(), m.end(), token, equal[0], "", True)


def typed_figures(ev: Evaluation, t: Text) -> Iterator[Hit]:
    """数字应写占位符 and 数字与计算不符: each typed figure read against the computed one its words name."""
    if t.kind != "prose":
        return
    text = plain_text(t.text)
    for r in readings(ev, text):
        q = r.quantity
        if r.equal and q.placeholder and (len(r.token.replace(",", "").replace(".", "")) >= 2 or "." in r.token):
            yield Hit(
                "数字应写占位符",
                r.start,
                r.end,
                f"“{{phrase}}”中的{r.token}是计算结果{{{{{q.placeholder}}}}}，手写的数字不会随下一年度的数据更新",
                f"改写为 {{{{{q.placeholder}}}}}",
            )
        elif not r.equal:
            fix = f"改写为 {{{{{q.placeholder}}}}}（自动填入{q.shown}）" if q.placeholder else f"改为计算结果{q.shown}"
            yield Hit(
                "数字与计算不符",
                r.start,
                r.end + len(r.unit),
                f"“{{phrase}}”中的{q.label}{r.token}{r.unit}与计算结果{q.shown}不符",
                f"{fix}，或核对数据",
            )
    yield from _counts(ev, t, text)


def _counts(ev: Evaluation, t: Text, text: str) -> Iterator[Hit]:
    """'设置8个绩效指标', '6个指标达标', '1个指标未达标' against the year's counts."""
    n = len(ev.items)
    qualitative = sum(isinstance(i.indicator, QualitativeIndicator) for i in ev.items)
    for m in COUNT.finditer(text):
        typed, noun = int(m.group(1)), m.group(2)
        after = text[m.end() : m.end() + 6]
        before = text[max(0, m.start() - 4) : m.start()]
        if any(h in before for h in HEDGES) or before.rstrip().endswith(JUST_BEFORE):
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
