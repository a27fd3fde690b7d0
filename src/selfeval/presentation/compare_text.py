"""Sentences and tables of the chapter 与上年度对比, from a :class:`~selfeval.analyses.compare.YearComparison`.

Wording rules, one per kind of figure so the chapter reads the same every year:

* scores and rates: 由…提高至/降低至…, and the difference 提高/降低 … (分, 个百分点);
* an indicator, in the pattern “与2021年相比，月度话务接通率提高2.12个百分点，由未达标转为达标”:
  the change in percentage points for a % value, in its unit otherwise (增加/减少 2场), then the
  status: 由未达标转为达标, 由达标转为未达标, 保持达标 or 仍未达标; a changed 年度指标值 is said
  between them by what it asks (≥90%提高至≥95%, ≥降低至; a ceiling ≤30万元放宽至≤35万元 or 收紧至≤25万元);
  a date that only moved on with the fiscal year (2022年12月底前 → 2023年12月底前) is no change;
* money and unit costs: 由…增至/降至…, 增加/减少 ….

Indicators whose value, target and status did not change are named together in one sentence.
Every figure is formatted from the exact Decimals of the two evaluations; nothing is recomputed.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from ..analyses.compare import Change, IndicatorComparison, UnitCost, YearComparison
from ..contract.model import QualitativeIndicator
from ..evaluation.indicators import format_value, target_text
from ..evaluation.results import BUDGET_NAME, ScoredIndicator
from ..figures import amount, fixed, money, pct, plain, score
from .narrate import date_like, quote, quoted
from .tables import html_table

GRADE_ORDER = ("差", "中", "良", "优")
_STATUS_TEXT = {"became_met": "由未达标转为达标", "became_missed": "由达标转为未达标", "still_met": "保持达标", "still_missed": "仍未达标"}
_STATUS_CELL = {"became_met": "未达标→达标", "became_missed": "达标→未达标", "still_met": "保持达标", "still_missed": "仍未达标"}
# a target's change by what it asks: a floor (≥) raised or a ceiling (≤) lowered asks more, the reverse less
_TARGET_VERB = {
    ("raised", "more"): "提高至",
    ("lowered", "less"): "降低至",
    ("raised", "less"): "放宽至",  # ≤: a higher ceiling (a cost, a duration) is easier to meet
    ("lowered", "more"): "收紧至",
    ("raised", None): "提高至",  # =: the value moved
    ("lowered", None): "降低至",
    ("changed", None): "调整为",
}
_TARGET_FLAG = {key: f"（{verb[:2]}）" for key, verb in _TARGET_VERB.items()}
_ROLLED_NOTE = "（日期按年度顺延）"


# --------------------------------------------------------------------------- small formatters


def _pp(diff: Decimal, places: int = 2) -> str:
    return f"{fixed(abs(diff), places)}个百分点"


def _rate_move(label: str, c: Change, fmt: Callable[[Decimal], str], by: Callable[[Decimal], str]) -> str:
    """'预算执行率由99.17%提高至100.00%，提高0.83个百分点' (or 持平)."""
    if c.diff == 0:
        return f"{label}持平（均为{fmt(c.after)}）"
    verb = "提高" if c.diff > 0 else "降低"
    return f"{label}由{fmt(c.before)}{verb}至{fmt(c.after)}，{verb}{by(c.diff)}"


def unit_cost_label(u: UnitCost) -> str:
    """平均每件服务支出, 每席年均支出, 每人年均支出."""
    return {"per_item": f"平均每{u.volume_unit}服务支出", "per_seat": "每席年均支出", "per_agent": "每人年均支出"}[u.kind]


def unit_cost_unit(u: UnitCost) -> str:
    return "元" if u.kind == "per_item" else "万元"


def _amount_move(label: str, c: Change, fmt: Callable[[Decimal], str]) -> str:
    """'年度预算数由12,000.00万元增至13,410.06万元，增加1,410.06万元' (or 持平)."""
    if c.diff == 0:
        return f"{label}持平（均为{fmt(c.after)}）"
    up = c.diff > 0
    return f"{label}由{fmt(c.before)}{'增至' if up else '降至'}{fmt(c.after)}，{'增加' if up else '减少'}{fmt(abs(c.diff))}"


def _signed(diff: Decimal, fmt: Callable[[Decimal], str]) -> str:
    """A table's change cell: '+1,410.06', '-0.22', or 持平."""
    if diff == 0:
        return "持平"
    return ("+" if diff > 0 else "-") + fmt(abs(diff))


def _with_unit(unit: str) -> Callable[[Decimal], str]:
    """An amount with its unit: '4.67元', '23.65万元' (exact, separators)."""
    return lambda value: f"{money(value)}{unit}"


def _result_text(item: ScoredIndicator) -> str:
    """'完成值98.50%' or '评价为“及时”' (a qualitative indicator)."""
    if isinstance(item.indicator, QualitativeIndicator):
        return f"评价为{quote(item.value.reported_text)}"
    return f"完成值{item.value.reported_text}"


def _met_word(item: ScoredIndicator) -> str:
    return "达标" if item.met else "未达标"


# --------------------------------------------------------------------------- sentences


def basis_sentence(cmp: YearComparison | None, year: int) -> str:
    """What is compared with what, and how indicators are matched."""
    if cmp is None:
        return f"数据中没有{year}年以前的年度，不作对比。"
    p, c = cmp.previous.year, cmp.current.year
    gap = f"（数据中没有{c - 1}年度，与最近的{p}年度对比）" if p != c - 1 else ""
    return f"本章将{c}年度与{p}年度逐项对比{gap}。绩效指标按指标编号对应，完成值、得分与资金的变化均按两个年度报告所列数值计算，百分比指标的变化以百分点计。"


def overview_sentence(cmp: YearComparison | None) -> str:
    """Total score, grade and the number of indicators met, both years."""
    if cmp is None:
        return ""
    p, c = cmp.previous, cmp.current
    total = _rate_move("自评总分", cmp.total, lambda v: f"{score(v)}分", lambda d: f"{score(abs(d))}分")
    if p.grade == c.grade:
        grade = f"自评等级均为“{c.grade}”"
    else:
        verb = "升为" if GRADE_ORDER.index(c.grade) > GRADE_ORDER.index(p.grade) else "降为"
        grade = f"自评等级由“{p.grade}”{verb}“{c.grade}”"

    def met(ev) -> str:
        n, k = len(ev.items), len(ev.met)
        return f"{ev.year}年度{n}个绩效指标" + ("全部达标" if k == n else f"中{k}个达标")

    return f"与{p.year}年相比，{total}，{grade}。{met(c)}，{met(p)}。"


def _value_phrase(c: IndicatorComparison) -> str:
    """'提高2.12个百分点', '增加2场', '完成值持平', '评价由“及时”变为“基本及时”', '实际由2022年10月变为2023年9月'."""
    b, a = c.before, c.after
    assert b is not None and a is not None
    if isinstance(b.indicator, QualitativeIndicator) and isinstance(a.indicator, QualitativeIndicator):
        t0, t1 = b.value.reported_text, a.value.reported_text
        if date_like(t0) and date_like(t1):  # a date is a fact, not an evaluation (as narrate.judged says it)
            if t0 == t1:
                return f"实际均为{t1}"
            if c.value_rolled:  # 2022年10月 → 2023年10月: the same month, one year on
                return f"实际时间按年度顺延（由{t0}至{t1}）"
            return f"实际由{t0}变为{t1}"
        if t0 == t1:
            return f"评价均为{quote(t1)}"
        if c.value_rolled:
            return f"评价按年度顺延（由{quote(t0)}至{quote(t1)}）"
        return f"评价由{quote(t0)}变为{quote(t1)}"
    if c.value is None:  # a number against a judgement, or two different units
        return f"完成值由{b.value.reported_text}变为{a.value.reported_text}（计量单位不同，不作增减比较）"
    diff = c.value.diff
    if diff == 0:
        return "完成值持平"
    if c.unit == "%":
        return f"{'提高' if diff > 0 else '降低'}{_pp(diff, c.decimals)}"
    return f"{'增加' if diff > 0 else '减少'}{format_value(abs(diff), c.unit or '')}"


# an indicator named by what it should achieve (“服务质量明显提升”, “问题按时整改到位”) is not a noun the
# change can follow: “…提升提高0.9个百分点” reads as a stutter, so such a name is quoted and its 完成值 named
_VERB_ENDINGS = ("提高", "提升", "增加", "增长", "减少", "降低", "下降", "上升", "改善", "完成", "达到", "实现", "到位", "落实", "达标", "推进")


def _subject(name: str, phrase: str) -> str:
    """'月度话务接通率' + phrase, or for a name ending in a verb '“服务质量明显提升”指标的完成值' + phrase."""
    if not name.endswith(_VERB_ENDINGS):
        return name + phrase
    if phrase.startswith(("完成值", "评价", "实际")):
        return f"{quote(name)}指标的{phrase}"
    return f"{quote(name)}指标的完成值{phrase}"


def indicator_sentence(c: IndicatorComparison, prev_year: int) -> str:
    """One kept indicator: '与2021年相比，月度话务接通率提高2.12个百分点，由未达标转为达标。'"""
    target = c.target
    parts = [f"与{prev_year}年相比，{_subject(c.name, _value_phrase(c))}"]
    if target is not None:
        parts.append(f"年度指标值由{target.before}{_TARGET_VERB[target.direction, target.demand]}{target.after}")
    parts.append(_STATUS_TEXT[c.transition])  # type: ignore[index]
    return "，".join(parts) + "。"


def indicator_sentences(cmp: YearComparison | None) -> list[str]:
    """Changed indicators one by one, the unchanged ones together, then the added and the dropped ones."""
    if cmp is None:
        return []
    out = [indicator_sentence(c, cmp.previous.year) for c in cmp.kept if not c.unchanged]
    for transition, status in (("still_met", "保持达标"), ("still_missed", "仍未达标")):
        same = [c for c in cmp.kept if c.unchanged and c.transition == transition]
        if same:
            count = f"{len(same)}个指标" if len(same) > 1 else ""
            note = _ROLLED_NOTE if any(c.rolled for c in same) else ""
            out.append(f"{quoted(c.name for c in same)}{count}完成值和年度指标值均与上年相同{note}，{status}。")
    p, y = cmp.previous.year, cmp.current.year
    for c in cmp.added:
        a = c.after
        assert a is not None
        out.append(f"{y}年度新增{quote(c.name)}指标（年度指标值{target_text(a.indicator)}，{_result_text(a)}，{_met_word(a)}）。")
    for c in cmp.dropped:
        b = c.before
        assert b is not None
        out.append(f"{p}年度设置的{quote(c.name)}指标{y}年度不再设置（{p}年度{_result_text(b)}，{_met_word(b)}）。")
    return out


def money_unit(cmp: YearComparison) -> str:
    """The unit both years' amounts print in: 万元 when both years keep 万元, else 元 (exact in both)."""
    units = {cmp.previous.budget.unit, cmp.current.budget.unit}
    return "万元" if units == {"万元"} else "元"


def _money(cmp: YearComparison) -> Callable[[Decimal], str]:
    unit = money_unit(cmp)
    return lambda value: amount(value, unit)


def budget_sentence(cmp: YearComparison | None) -> str:
    if cmp is None:
        return ""
    unit, fmt = money_unit(cmp), _money(cmp)
    with_unit = lambda value: fmt(value) + unit  # noqa: E731
    parts = [
        _amount_move("年度预算数", cmp.budget, with_unit),
        _amount_move("预算完成数", cmp.executed, with_unit),
        _rate_move("预算执行率", cmp.execution_rate, pct, _pp),
    ]
    return f"与{cmp.previous.year}年相比，" + "；".join(parts) + "。"


def unit_cost_sentence(cmp: YearComparison | None) -> str:
    """Hotlines: the unit costs both years have ('' otherwise)."""
    if cmp is None or not cmp.unit_costs:
        return ""
    parts = [_amount_move(unit_cost_label(u), u.change, _with_unit(unit_cost_unit(u))) for u in cmp.unit_costs]
    return "按项目总支出简单平均（含平台、场地、通信等全部费用），" + "；".join(parts) + "。"


# --------------------------------------------------------------------------- tables


def _value_cell(c: IndicatorComparison) -> str:
    if c.status == "added":
        return "新增指标"
    if c.status == "dropped":
        return "不再设置"
    if c.value is None:  # two judgements (their texts are in the row), or a number against another unit or a judgement
        both_judged = isinstance(c.before.indicator, QualitativeIndicator) and isinstance(c.after.indicator, QualitativeIndicator)  # type: ignore[union-attr]
        return "—" if both_judged else "不可比"
    if c.unit == "%":
        return _signed(c.value.diff, lambda d: _pp(d, c.decimals))
    return _signed(c.value.diff, lambda d: format_value(d, c.unit or ""))


def _target_cell(c: IndicatorComparison) -> str:
    """'≥95%' when unchanged, '≥90%→≥95%（提高）' when changed; an added or dropped indicator shows its own year's."""
    b, a = c.before, c.after
    if b is None or a is None:
        return target_text((a or b).indicator)  # type: ignore[union-attr]
    change = c.target
    if change is None:
        return target_text(a.indicator)
    return f"{change.before}→{change.after}{_TARGET_FLAG[change.direction, change.demand]}"


def indicator_table(cmp: YearComparison | None) -> str:
    """Every indicator, both years: target (a change flagged), reported values, the change, the status."""
    if cmp is None:
        return ""
    p, y = cmp.previous.year, cmp.current.year
    rows = []
    for c in cmp.indicators:
        b, a = c.before, c.after
        if c.status == "kept":
            status = _STATUS_CELL[c.transition]  # type: ignore[index]
        else:
            status = _met_word(a) if a else "—"
        rows.append([c.name, _target_cell(c), b.value.reported_text if b else "—", a.value.reported_text if a else "—", _value_cell(c), status])
    head = ["指标", "年度指标值", f"{p}年完成值", f"{y}年完成值", "完成值变化", "达标情况"]
    return html_table(head, rows, caption=f"主要绩效指标{p}年与{y}年对比")


def score_table(cmp: YearComparison | None) -> str:
    """分值 and 得分 of the budget line, every indicator and the total, both years."""
    if cmp is None:
        return ""
    p, c = cmp.previous, cmp.current
    budget_change = _signed(cmp.budget_score.diff, score)
    rows = [[BUDGET_NAME, plain(p.budget.weight), score(p.budget.score), plain(c.budget.weight), score(c.budget.score), budget_change]]
    for x in cmp.indicators:
        b, a = x.before, x.after
        before = [plain(b.indicator.weight), score(b.score.score)] if b else ["—", "—"]
        after = [plain(a.indicator.weight), score(a.score.score)] if a else ["—", "—"]
        change = _signed(x.score.diff, score) if x.score else ("新增指标" if x.status == "added" else "不再设置")
        rows.append([x.name, *before, *after, change])
    rows.append(["总分", plain(p.total_weight), score(p.total), plain(c.total_weight), score(c.total), _signed(cmp.total.diff, score)])
    head = ["项目", f"{p.year}年分值", f"{p.year}年得分", f"{c.year}年分值", f"{c.year}年得分", "得分变化"]
    return html_table(head, rows, caption=f"绩效自评得分{p.year}年与{c.year}年对比")


def summary_table(cmp: YearComparison | None) -> str:
    """Total, grade, indicators met, budget, executed, execution rate and (hotlines) unit costs."""
    if cmp is None:
        return ""
    p, c = cmp.previous, cmp.current
    unit, fmt = money_unit(cmp), _money(cmp)
    g0, g1 = GRADE_ORDER.index(p.grade), GRADE_ORDER.index(c.grade)
    rows = [
        ["自评总分", score(p.total), score(c.total), _signed(cmp.total.diff, score)],
        ["自评等级", p.grade, c.grade, "相同" if g0 == g1 else "上升" if g1 > g0 else "下降"],
        ["达标指标数", f"{len(p.met)}/{len(p.items)}", f"{len(c.met)}/{len(c.items)}", _signed(cmp.met.diff, lambda d: f"{d}个")],
        [f"年度预算数（{unit}）", fmt(cmp.budget.before), fmt(cmp.budget.after), _signed(cmp.budget.diff, fmt)],
        [f"预算完成数（{unit}）", fmt(cmp.executed.before), fmt(cmp.executed.after), _signed(cmp.executed.diff, fmt)],
        ["预算执行率", pct(cmp.execution_rate.before), pct(cmp.execution_rate.after), _signed(cmp.execution_rate.diff, _pp)],
    ]
    rows += [
        [f"{unit_cost_label(u)}（{unit_cost_unit(u)}）", money(u.change.before), money(u.change.after), _signed(u.change.diff, money)] for u in cmp.unit_costs
    ]
    return html_table(["项目", f"{p.year}年", f"{c.year}年", "变化"], rows, caption=f"总体情况与资金{p.year}年与{c.year}年对比")
