"""The review checks (审核要点) that read the year's results, not its wording.

A 绩效处 reviewer's first pass is mechanical: does every problem the figures show have a
reason and a measure, is every section written, do the weights follow the usual split, can a
成本指标 be true of the money spent. Each function here is one such check and yields
:class:`~selfeval.presentation.finding.Finding` s; the wording checks are in :mod:`.textcheck`
and :mod:`.figure_check`. What counts as a gap (a blank reason, a measure that names the
indicator) is decided in :mod:`.gaps`, which the report's 【待补充】 follows too.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from decimal import Decimal

from ..contract.model import NumericIndicator, QualitativeIndicator
from ..evaluation.indicators import target_text
from ..evaluation.results import Evaluation, ScoredIndicator
from ..figures import pct, plain, score
from . import gaps
from .finding import Finding, finding
from .narrate import judged, money_text, quote, quoted

# The split of the form's 100 points that 财预〔2020〕10号 sets as the default (一级指标 → 分值).
DEFAULT_SPLIT = {"产出": Decimal(50), "效益": Decimal(30), "满意度": Decimal(10)}
DEFAULT_BUDGET_WEIGHT = Decimal(10)
MONEY_UNITS = {"元": Decimal("0.0001"), "万元": Decimal(1), "亿元": Decimal(10000)}  # → 万元
TOTAL_WORDS = ("总投资", "总成本", "总费用", "总支出", "总额", "总经费")


def _indicator(ev: Evaluation, item: ScoredIndicator, check: str, field: str, what: str, todo: str, severity="问题") -> Finding:
    n = ev.items.index(item)
    return finding(ev, check, "indicators.yaml", ("indicators", n, field), f"{item.indicator.id}.{field}", what, todo, severity)


def _target(item: ScoredIndicator) -> str:
    text = target_text(item.indicator)
    return f"“{text}”" if isinstance(item.indicator, QualitativeIndicator) else text


def _result(item: ScoredIndicator) -> str:
    if isinstance(item.indicator, QualitativeIndicator):
        return judged(item)
    return f"完成值{item.value.reported_text}"


def missed_without_reason(ev: Evaluation) -> Iterator[Finding]:
    """未达标缺偏差原因: a missed indicator whose 偏差原因 is blank (the report prints 【待补充】)."""
    for item in ev.missed:
        if gaps.reason_missing(item):
            yield _indicator(
                ev,
                item,
                "未达标缺偏差原因",
                "deviation_reason",
                f"“{item.indicator.name}”未达到年度指标值（{_result(item)}，目标{_target(item)}），偏差原因为空，报告中显示{gaps.PENDING}",
                "在该指标的偏差原因（deviation_reason）写明未达标的原因",
            )


def missed_without_measure(ev: Evaluation) -> Iterator[Finding]:
    """未达标缺改进措施: a missed indicator with no improvement of its own and no measure of 四 naming it."""
    for item in ev.missed:
        if not gaps.indicator_addressed(ev, item):
            names = "或".join(quote(n) for n in gaps.names_of(item))
            yield _indicator(
                ev,
                item,
                "未达标缺改进措施",
                "improvement",
                f"“{item.indicator.name}”未达到年度指标值，但没有针对它的改进措施：该指标的改进措施（improvement）为空，四、下一步改进措施中也没有一条提到{names}",
                "填写该指标的改进措施（improvement），或在改进措施（measures）中写一条写明指标名称（或简称 short_name）的措施",
            )


def _budget(ev: Evaluation, check: str, field: str, what: str, todo: str) -> Finding:
    return finding(ev, check, "budget.yaml", (field,), field, what, todo)


def execution_without_reason(ev: Evaluation) -> Iterator[Finding]:
    """预算执行缺原因: the execution rate is below 100% and budget.yaml gives no reason."""
    b = ev.budget
    if gaps.budget_reason_missing(ev):
        lost = f"，预算完成率扣{score(b.lost)}分" if b.lost > 0 else ""
        yield _budget(
            ev,
            "预算执行缺原因",
            "deviation_reason",
            f"预算执行率{pct(b.rate)}，尚有{money_text(ev, b.unspent)}未支出{lost}，但没有说明原因，报告中显示{gaps.PENDING}",
            "在预算执行偏差原因（budget.yaml deviation_reason，工作簿“预算”表“执行偏差原因”）写明未执行的原因",
        )


def execution_without_measure(ev: Evaluation) -> Iterator[Finding]:
    """预算执行缺改进措施: the execution rate is below 100% and nothing says how spending will keep pace."""
    b = ev.budget
    if b.under_executed and not gaps.budget_addressed(ev):
        words = "、".join(gaps.BUDGET_WORDS[:3])
        yield _budget(
            ev,
            "预算执行缺改进措施",
            "improvement",
            f"预算执行率{pct(b.rate)}低于100%，但预算执行改进措施（improvement）为空，四、下一步改进措施中也没有提到{words}等",
            "在预算执行改进措施（budget.yaml improvement，工作簿“预算”表“执行改进措施”）写明加快执行的措施，或在改进措施（measures）中写一条",
        )


def blank_sections(ev: Evaluation) -> Iterator[Finding]:
    """章节未填写: every headed section of the analyst left blank, by name (the report prints 【待补充】)."""
    numbers = {"unit_overview": "一、（一）1.", "background": "一、（一）2.", "legal_basis": "一、（一）3.", "implementation": "一、（一）4."}
    numbers |= {"project_management": "一、（三）", "measures": "四、"}
    for field in gaps.blank_sections(ev):
        heading = f"{numbers[field]}{gaps.SECTIONS[field]}"
        yield finding(
            ev,
            "章节未填写",
            "prose.yaml",
            (field,),
            field,
            f"“{heading}”未填写，报告中显示{gaps.PENDING}",
            f"补写该节（prose.yaml {field}）；确实无内容的，在 review.yaml（复核记录）中接受此提示并写明理由，报告即显示“无”",
        )


def _level_name(level1: str) -> str:
    return level1[:-2] if level1.endswith("指标") else level1


def weight_split(ev: Evaluation) -> Iterator[Finding]:
    """一级指标分值 (a note): the 一级指标 weights differ from 产出50/效益30/满意度10/预算执行10."""
    split = {_level_name(k): v for k, v in ev.level_weights.items()}
    if split == DEFAULT_SPLIT and ev.budget.weight == DEFAULT_BUDGET_WEIGHT:
        return
    actual = "、".join(f"{k}{plain(v)}" for k, v in ev.level_weights.items()) + f"、预算执行{plain(ev.budget.weight)}"
    yield finding(
        ev,
        "一级指标分值",
        "indicators.yaml",
        ("weight",),
        "weight",
        f"一级指标分值为{actual}（合计{plain(ev.total_weight)}分），与常规分配产出指标50、效益指标30、满意度指标10、预算执行10不同",
        "核对分值是否与批复的绩效目标一致；确属如此的，在 review.yaml（复核记录）中接受此提示并写明依据",
        "提示",
    )


def _money(ind: NumericIndicator) -> Decimal | None:
    return MONEY_UNITS.get(ind.target.unit)


def cost_indicators(ev: Evaluation) -> Iterator[Finding]:
    """成本指标与支出不符: a 成本指标 in money that exceeds what was spent, or a total cost that differs from it."""
    costs = []
    for item in ev.items:
        ind = item.indicator
        if isinstance(ind, QualitativeIndicator) or item.value.reported is None:
            continue
        scale = _money(ind)
        if scale is None or "成本" not in ind.level2 + ind.level1:
            continue
        costs.append((item, item.value.reported * scale))
    executed = ev.budget.executed
    spent = money_text(ev, executed)
    for item, value in costs:
        name = item.indicator.name
        if value > executed:
            what = f"成本指标“{name}”完成值{item.value.reported_text}，超过项目实际支出{spent}"
        elif any(w in name for w in TOTAL_WORDS) and value != executed:
            what = f"成本指标“{name}”完成值{item.value.reported_text}，与项目实际支出{spent}不符"
        else:
            continue
        yield _indicator(ev, item, "成本指标与支出不符", "value", what, "核对该成本指标的完成值与项目资金的预算完成数（funding.csv executed）")
    total = sum((v for _, v in costs), Decimal(0))
    if len(costs) > 1 and total > executed and all(v <= executed for _, v in costs):
        names = quoted(i.indicator.name for i, _ in costs)
        yield _indicator(  # named at the first of them
            ev,
            costs[0][0],
            "成本指标与支出不符",
            "value",
            f"成本指标{names}合计{money_text(ev, total)}，超过项目实际支出{spent}",
            "核对各成本指标的完成值与项目资金的预算完成数（funding.csv executed）",
        )


def qualitative_without_evidence(ev: Evaluation) -> Iterator[Finding]:
    """定性指标缺完成说明 (a note): a qualitative result with no evidence says only the judgement."""
    for item in ev.items:
        if isinstance(item.indicator, QualitativeIndicator) and gaps.blank(item.indicator.evidence):
            yield _indicator(
                ev,
                item,
                "定性指标缺完成说明",
                "evidence",
                f"定性指标“{item.indicator.name}”（{judged(item)}）没有完成情况说明，报告只能写出评价结果",
                "在完成情况说明（evidence，绩效指标表“完成情况说明”列）写明完成的事实与评判依据",
                "提示",
            )


RESULT_CHECKS: tuple[Callable[[Evaluation], Iterator[Finding]], ...] = (
    execution_without_reason,
    execution_without_measure,
    missed_without_reason,
    missed_without_measure,
    blank_sections,
    weight_split,
    cost_indicators,
    qualitative_without_evidence,
)
