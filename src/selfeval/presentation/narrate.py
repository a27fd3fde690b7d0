"""Generated Chinese sentences and analyst prose with {{placeholders}}.

Sentences that depend on results (which indicators met their targets, by how much one
missed, the deduction and why, the grade, volume against contract) are written here from
the :class:`~selfeval.evaluate.Evaluation`, so another year's data gives correct, different
text. Analyst prose comes from data/<year>/prose.yaml; its {{name}} placeholders are
filled from :func:`facts`, so no figure is typed twice.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal

from ..contract.labels import field_name, label
from ..contract.model import QualitativeIndicator, RatioIndicator, StepDeduction
from ..errors import DataError
from ..evaluation.indicators import shortfall, target_text, target_value_text
from ..evaluation.judgement import attainment, majority, positive_grade, spending_on_track
from ..evaluation.results import Evaluation, ScoredIndicator
from ..figures import amount, count, fixed, pct, plain, score, wan
from . import gaps

# bounded: a name is short; an unclosed "{{" followed by a megabyte of text must not be scanned
# to its end from every "{{" (quadratic). A longer "{{…}}" stays in the text, where `selfeval
# check` reports it as a placeholder left over (review check 占位文字).
PLACEHOLDER = re.compile(r"\{\{([^{}\n]{0,100}?)\}\}")
NUMERALS = "一二三四五六七八九十"


def cn_date(d) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def title_lines(ev: Evaluation) -> tuple[str, str, str]:
    """The report's title in the three parts a reader breaks it at (cover page)."""
    return (f"{ev.data.project.region or ''}{ev.year}年", ev.data.project.name, "绩效自评报告")


def report_title(ev: Evaluation) -> str:
    """广州市2021年12345…项目绩效自评报告 — the one title of book, PDF and landing page."""
    return "".join(title_lines(ev))


def money_text(ev: Evaluation, value) -> str:
    """An amount with its unit, in the data's own unit: '13,410.06万元'; '215,457.60元' (data/README.md, "Money")."""
    return f"{amount(value, ev.budget.unit)}{ev.budget.unit}"


def facts(ev: Evaluation) -> dict[str, str]:
    """Formatted figures that analyst prose may cite as {{name}}. Only what the data has."""
    data, c = ev.data, ev.data.contract
    out: dict[str, str] = {
        "fiscal_year": str(ev.year),
        "next_year": str(ev.year + 1),
        "year_end": f"{ev.year}年12月31日",
        "project_name": data.project.name,
        "department": data.project.department,
        "implementer": data.project.implementer,
        "year_period": f"{cn_date(c.year_period.start)}至{cn_date(c.year_period.end)}",
        "budget": money_text(ev, ev.budget.budget),
        "executed": money_text(ev, ev.budget.executed),
        "total_score": score(ev.total),
        "grade": ev.grade,
    }
    optional = {
        "contractor": c.contractor,
        "supervisor": c.supervisor,
        "contract_signed": c.signed,
        "contract_period": f"{cn_date(c.period.start)}至{cn_date(c.period.end)}" if c.period else None,
        "contracted_volume": f"{wan(c.contracted_volume)}万{c.volume_unit}" if c.contracted_volume else None,
        "volume_multiple": f"{ev.derived.volume_multiple}倍" if ev.derived.volume_multiple is not None else None,
    }
    ops = data.operations
    if ops is not None:
        optional.update(
            service_volume=f"{wan(ops.service_volume)}万{ops.volume_unit}" if ops.service_volume is not None else None,
            service_hours=ops.service_hours,
            agents=str(ops.agents) if ops.agents is not None else None,
            seats_total=str(ops.seats.total) if ops.seats else None,
            monthly_indicators=_opt(ops.assessment and ops.assessment.monthly_indicators),
            annual_indicators=_opt(ops.assessment and ops.assessment.annual_indicators),
        )
        if ops.lines:
            optional.update(
                lines_total=str(ops.lines.total),
                lines_prior_year=_opt(ops.lines.prior_year_total),
                lines_merged=_opt(ops.lines.merged_this_year),
                districts=_opt(ops.lines.districts),
                departments=_opt(ops.lines.departments),
            )
    out.update({k: v for k, v in optional.items() if v is not None})
    for item in ev.items:  # each indicator's result and target: {{answer_rate_value}} → 94.07%
        out[f"{item.indicator.id}_value"] = item.value.reported_text
        out[f"{item.indicator.id}_target"] = target_text(item.indicator)
    return out


def _opt(v) -> str | None:
    return None if v is None else str(v)


def fill(text: str, known: dict[str, str], file: str, field: str) -> str:
    """Replace {{name}}; an unknown or unavailable name is a DataError (never left as is)."""

    def sub(match: re.Match) -> str:
        name = match.group(1).strip()
        if name not in known:
            raise DataError(
                file,
                field,
                f"占位符 {{{{{name}}}}} 在本年度没有值",
                f"使用 {'、'.join(sorted(known))} 之一（或在数据中补充它所需的数字）",
            )
        return known[name]

    return PLACEHOLDER.sub(sub, text)


def prose(ev: Evaluation, field: str) -> str | list[str]:
    """An analyst prose field of prose.yaml with its placeholders filled."""
    value = getattr(ev.data.prose, field)
    known = facts(ev)
    if isinstance(value, list):
        return [fill(v, known, *ev.data.place("prose.yaml", (field, i), field_name("prose.yaml", (field, i)))) for i, v in enumerate(value)]
    return fill(value, known, *ev.data.place("prose.yaml", (field,), field_name("prose.yaml", (field,))))


def prose_text(ev: Evaluation, field: str) -> str:
    value = prose(ev, field)
    assert isinstance(value, str), field
    return value


def prose_list(ev: Evaluation, field: str) -> list[str]:
    value = prose(ev, field)
    assert isinstance(value, list), field
    return [v for v in value if v.strip()]


def section_text(ev: Evaluation, field: str) -> str:
    """A prose field that is a whole numbered section (1.项目单位基本情况…): its text; when blank,
    a visible 【待补充】, or 无。 once the analyst accepted the blank in review.yaml."""
    return prose_text(ev, field).strip() or blank_section(ev, field)


def blank_section(ev: Evaluation, field: str) -> str:
    """What a blank headed section prints: 【待补充】 (a finding of 章节未填写), or 无。 when accepted."""
    return gaps.pending(ev, "章节未填写", "prose.yaml", field, FALLBACK)


def indicator_text(ev: Evaluation, item: ScoredIndicator, field: str) -> str:
    n = ev.items.index(item)
    shown = f"{label('indicators.yaml', (field,))}（{item.indicator.id}.{field}）"
    return fill(getattr(item.indicator, field), facts(ev), *ev.data.place("indicators.yaml", ("indicators", n, field), shown))


def project_text(ev: Evaluation, field: str) -> str:
    """project.goal / project.goal_achieved with placeholders filled ('' when absent)."""
    value = getattr(ev.data.project, field) or ""
    return fill(value, facts(ev), *ev.data.place("project.yaml", ("project", field), field_name("project.yaml", ("project", field))))


def budget_text(ev: Evaluation, field: str) -> str:
    """budget.yaml deviation_reason / improvement with placeholders filled ('' when blank)."""
    return fill(getattr(ev.data.budget, field), facts(ev), *ev.data.place("budget.yaml", (field,), field))


def check_all_prose(ev: Evaluation) -> None:
    """Fill every placeholder once, so a bad one fails before any notebook runs."""
    for name in type(ev.data.prose).model_fields:
        prose(ev, name)
    project_text(ev, "goal")
    project_text(ev, "goal_achieved")
    budget_text(ev, "deviation_reason")
    budget_text(ev, "improvement")
    for item in ev.items:
        indicator_text(ev, item, "deviation_reason")
        indicator_text(ev, item, "improvement")
        indicator_text(ev, item, "evidence")


def quote(name: str) -> str:
    """“name”, with quotation marks inside the name turned into single ones (GB/T 15834: “…‘…’…”)."""
    return "“" + name.replace("“", "‘").replace("”", "’") + "”"


def quoted(names: Iterable[str]) -> str:
    """Quoted names run together with no 顿号 between them, as the reference report writes them."""
    return "".join(quote(n) for n in names)


def numbered(points: list[str]) -> list[str]:
    """['a', 'b'] → ['一是a', '二是b'] as the report writes lists of points."""
    return [f"{NUMERALS[i] if i < 10 else i + 1}是{p}" for i, p in enumerate(points)]


_MISS_WORDS = {("below", True): "略低于", ("below", False): "低于", ("above", True): "略高于", ("above", False): "高于"}
DATE_LIKE = re.compile(r"\d{4}\s*[年\-/.]")  # a result that starts with a date: 2023年10月, 2023-10-31


def date_like(text: str) -> bool:
    """A qualitative result that is a date (项目完工时限: 2023年10月): it is a fact, not an evaluation."""
    return DATE_LIKE.match(text) is not None


def judged(item: ScoredIndicator) -> str:
    """A qualitative result as a clause: '评价为“基本及时”', or for a date '实际为2023年10月'."""
    result = item.value.reported_text
    return f"实际为{result}" if date_like(result) else f"评价为{quote(result)}"


def qualitative_phrase(item: ScoredIndicator, with_target: bool = True) -> str:
    """What a qualitative indicator's result says happened, never a tautology.

    '全市安全度汛评价为“安全度汛”' says nothing and '项目完工时限评价为“2023年10月”' calls a date an
    evaluation. Instead: '项目完工时限实际为2023年10月（年度指标值：2023年12月前，达成）';
    '全市安全度汛达到年度指标值' (the name ends with what was reached); '档案信息安全为“无安全事故”
    （达到年度指标值）'; '加工进度及时性评价为“基本及时”（年度指标值“及时”，部分达成）'.
    ``with_target=False`` leaves out the 年度指标值 where a column beside it prints it (一览表).
    """
    ind = item.indicator
    assert isinstance(ind, QualitativeIndicator)
    result, target, band = ind.reported_text, ind.target.text, ind.scoring.band
    if date_like(result):
        aim = f"年度指标值：{target}，" if with_target else ""
        return f"{ind.name}实际为{result}（{aim}{band}）"
    if result == target and band == "达成":
        return f"{ind.name}达到年度指标值" if ind.name.endswith(target) else f"{ind.name}为{quote(result)}（达到年度指标值）"
    aim = f"年度指标值{quote(target)}，" if with_target else ""
    return f"{ind.name}评价为{quote(result)}（{aim}{band}）"


def miss_clause(item: ScoredIndicator) -> str:
    """How one indicator missed, in the one wording every chapter uses for it.

    '完成值略低于全年指标目标' (within 1 point or 1%), '完成值低于全年指标目标', '…高于…' for a ≤
    target or an overshot = target; a qualitative one: '评价为“基本及时”，部分达成全年指标目标'.
    """
    miss = item.miss
    if miss is None:
        return "达到全年指标目标值"
    if miss.direction == "judged":
        return f"{judged(item)}，{miss.band}全年指标目标"
    return f"完成值{_MISS_WORDS[(miss.direction, miss.slight)]}全年指标目标"


def missed_clauses(ev: Evaluation) -> str:
    """'仅“A”完成值略低于全年指标目标' or '“A”完成值低于全年指标目标，“B”…' — each miss in its own words."""
    lead = "仅" if len(ev.missed) == 1 and len(ev.items) > 1 else ""
    return lead + "，".join(quote(i.indicator.name) + miss_clause(i) for i in ev.missed)


def value_phrase(item: ScoredIndicator) -> str:
    """An indicator and its result inside a list: '月度话务接通率94.07%', or a qualitative result as
    :func:`qualitative_phrase` words it ('档案信息安全为“无安全事故”（达到年度指标值）')."""
    if isinstance(item.indicator, QualitativeIndicator):
        return qualitative_phrase(item)
    return f"{item.indicator.name}{item.value.reported_text}"


def indicator_count_sentence(ev: Evaluation) -> str:
    """'具体设置7个绩效量化指标' — or, with qualitative ones, how many of each kind."""
    qualitative = sum(isinstance(i.indicator, QualitativeIndicator) for i in ev.items)
    n = len(ev.items)
    if not qualitative:
        return f"根据{ev.year}年度本项目预算申报表及项目实施方案要求，具体设置{n}个绩效量化指标。"
    if qualitative == n:
        return f"根据{ev.year}年度本项目预算申报表及项目实施方案要求，具体设置{n}个定性绩效指标。"
    return f"根据{ev.year}年度本项目预算申报表及项目实施方案要求，具体设置{n}个绩效指标，其中定量指标{n - qualitative}个、定性指标{qualitative}个。"


def attainment_sentence(ev: Evaluation) -> str:
    """Which indicators met their targets and which missed, and how."""
    met, missed = ev.met, ev.missed
    parts = []
    if met:
        both = "均" if len(met) > 1 else ""
        parts.append(f"{quoted(i.indicator.name for i in met)}{len(met)}个指标{both}达到全年指标目标值")
    if missed:
        parts.append("，".join(quote(i.indicator.name) + miss_clause(i) for i in missed))
    tail = "，全部指标达标。" if not missed else "。"
    return "通过全年的监控材料来看，" + "，".join(parts) + tail


def indicator_detail(item: ScoredIndicator, ev: Evaluation | None = None) -> str:
    """The 指标完成情况 cell: raw counts, then the reported value (a qualitative result in words
    that say what happened), then the analyst's ``evidence`` when given (``ev`` fills its placeholders)."""
    ind = item.indicator
    value = item.value.reported_text
    if isinstance(ind, QualitativeIndicator):
        text = f"{qualitative_phrase(item, with_target=False)}。"
    elif isinstance(ind, RatioIndicator):
        n, d = ind.numerator, ind.denominator
        text = f"{d.label}{count(d.value)}{d.unit}，{n.label}{count(n.value)}{n.unit}，{ind.name}为{value}。"
    else:
        text = f"{ind.name}为{value}。"
    evidence = indicator_text(ev, item, "evidence").strip() if ev is not None else ""
    return text + _sentence_end(evidence) if evidence else text


def met_summary(ev: Evaluation) -> str:
    n, k = len(ev.items), len(ev.met)
    if k == n:
        return f"{ev.year}年度该项目年初设定的{n}个绩效目标指标全部达到全年指标目标值"
    if k == 0:
        return f"{ev.year}年度该项目年初设定的{n}个绩效目标指标均未达到全年指标目标值，{missed_clauses(ev)}"
    return f"{ev.year}年度该项目年初设定的{n}个绩效目标指标中，有{k}个指标达到全年指标目标值，{missed_clauses(ev)}"


_ATTAINMENT_HEAD = {"all": "实施步骤紧凑合理，指标全部达成。", "most": "实施步骤紧凑合理，指标达成情况较好。", "some": "指标达成情况有待提升。"}


def attainment_point(ev: Evaluation) -> str:
    """The generated point of the 自评结论 after the analyst's own points."""
    return f"{_ATTAINMENT_HEAD[attainment(len(ev.met), len(ev.items))]}通过项目单位评价材料来看，{met_summary(ev)}。"


_GRADE_WORD = {"优": "整体较好", "良": "总体良好", "中": "总体一般", "差": "与预期存在较大差距"}
_SHARE_WORD = {"all": "全部指标达到", "majority": "大部分指标达到", "minority": "部分指标达到"}


def loss_clause(ev: Evaluation) -> str:
    """Where the points went: '共扣16.00分（预算执行率60.00%扣16.00分）', each part only when points were lost there."""
    parts = [
        (ev.lost_missed, "未达标指标扣{}分"),
        (ev.lost_met, "达标指标未得满分扣{}分"),
        (ev.budget.lost, f"预算执行率{pct(ev.budget.rate)}扣{{}}分"),
    ]
    shown = "、".join(text.format(score(points)) for points, text in parts if points > 0)
    return f"共扣{score(ev.lost)}分（{shown}）"


def verdict_phrase(ev: Evaluation, full: str = "达到") -> str:
    """'基本达到预期绩效目标'; when every indicator met and still the verdict is not 达到, why:
    '绩效指标全部达标，但共扣4.00分（预算执行扣4.00分），基本达到预期绩效目标'.
    ``full`` is how 达到 reads in the sentence (全部达到 in the 项目效益分析)."""
    verdict = full if ev.verdict == "达到" else ev.verdict
    if not ev.missed and ev.verdict != "达到":
        return f"绩效指标全部达标，但{loss_clause(ev)}，{verdict}预期绩效目标"
    return f"{verdict}预期绩效目标"


def overall_sentence(ev: Evaluation) -> str:
    """The opening judgement of 二、: the grade's word, then how many indicators met — agreeing with
    each other and with the verdict for every grade, share of indicators met and form total."""
    share = majority(len(ev.met), len(ev.items))
    head = f"{quote(ev.data.project.name)}在{ev.year}年度实施情况{_GRADE_WORD[ev.grade]}，"
    if share == "all":
        tail = "全部指标达到预期绩效目标" if ev.verdict == "达到" else verdict_phrase(ev)
    elif share == "none" and positive_grade(ev.grade):
        tail = f"各项指标均未完全达到年度指标值，但差距不大，{loss_clause(ev)}，{ev.verdict}预期绩效目标"
    elif share == "none":
        tail = f"各项指标均未达到年度指标值，{loss_clause(ev)}，{ev.verdict}预期绩效目标"
    elif share == "majority" and not positive_grade(ev.grade):
        tail = f"大部分指标达到年度指标值，但{loss_clause(ev)}，{ev.verdict}预期绩效目标"
    else:
        tail = f"{_SHARE_WORD[share]}预期绩效目标"
    return head + tail + "。"


def scale_note(ev: Evaluation) -> str:
    """'本表满分40分，折合百分制100.00分' for a form that does not total 100 ('' otherwise)."""
    if not ev.partial_form:
        return ""
    return f"本表满分{plain(ev.total_weight)}分，折合百分制{score(ev.scaled_total)}分"


def score_summary(ev: Evaluation) -> str:
    parts = [f"预算完成率{score(ev.budget.score)}分"]
    for level1, subtotal in ev.subtotals.items():
        names = "、".join(i.indicator.name for i in ev.form_items() if i.indicator.level1 == level1)
        parts.append(f"{level1}（{names}）{score(subtotal)}分")
    scale = f"（{scale_note(ev)}）" if ev.partial_form else ""
    return f"{ev.year}年度{quote(ev.data.project.name)}绩效自评分值为{score(ev.total)}分{scale}，其中" + "，".join(parts) + f"。自评等级为“{ev.grade}”。"


def budget_sentence(ev: Evaluation) -> str:
    b = ev.budget
    return (
        f"{quote(ev.data.project.name)}{ev.year}年度预算资金为{money_text(ev, b.budget)}，截至{ev.year}年12月31日，"
        f"本项目年度预算执行资金为{money_text(ev, b.executed)}，预算执行率{pct(b.rate)}。"
    )


def spending_sentence(ev: Evaluation) -> str:
    b = ev.budget
    allocated = f"截至12月31日已下达项目预算金额为{money_text(ev, b.allocated)}，" if b.allocated is not None else ""
    quality = "资金使用情况良好" if spending_on_track(b.rate) else "资金使用进度偏慢"
    return (
        f"{quote(ev.data.project.name)}{ev.year}年度预算资金为{money_text(ev, b.budget)}，{allocated}"
        f"截至12月31日实际支出金额为{money_text(ev, b.executed)}，支出进度{pct(b.rate)}，{quality}。"
    )


def benefits_figures(ev: Evaluation) -> str:
    """Every indicator's reported value, the volume, and the met count with the verdict."""
    values = [value_phrase(i) for i in ev.items]
    ops = ev.data.operations
    if ops is not None and ops.service_volume is not None:
        values.insert(min(4, len(values)), f"年度服务量{wan(ops.service_volume)}万{ops.volume_unit}")
    tail = f"截至{ev.year}年12月31日，项目本年度主要绩效指标数量{len(ev.items)}个，指标达标数量{len(ev.met)}个，{verdict_phrase(ev, '全部达到')}"
    tail += f"，{missed_clauses(ev)}。" if ev.missed else "。"
    return "，".join(values) + "。" + tail


def budget_problem(ev: Evaluation) -> str | None:
    """三、's paragraph on under-execution: the rate, the unspent amount, the points lost, the reason.

    'None' when the reported rate is 100% or more. A blank reason prints 【待补充】 until the analyst
    writes budget.yaml ``deviation_reason`` (or accepts the finding in review.yaml).
    """
    b = ev.budget
    if not b.under_executed:
        return None
    lost = f"，扣{score(b.lost)}分" if b.lost > 0 else ""
    text = (
        f"在评价过程中发现预算执行率为{pct(b.rate)}，未达到100%，年度预算{money_text(ev, b.budget)}中尚有{money_text(ev, b.unspent)}未支出，"
        f"预算完成率得分{score(b.score)}分（分值{plain(b.weight)}分）{lost}"
    )
    reason = budget_text(ev, "deviation_reason").strip()
    if not reason:
        reason = gaps.pending(ev, "预算执行缺原因", "budget.yaml", "deviation_reason")
    return text + (f"，执行偏差的主要原因为：{_sentence_end(reason)}" if reason else "。")


def problem_paragraphs(ev: Evaluation) -> list[str]:
    """Under-execution first, then one paragraph per missed indicator: figure, target and the
    analyst's reason (【待补充】 while a missed indicator has none)."""
    out = [p for p in (budget_problem(ev),) if p]
    for item in ev.missed:
        reason = indicator_text(ev, item, "deviation_reason").strip()
        if not reason:
            reason = gaps.pending(ev, "未达标缺偏差原因", "indicators.yaml", f"{item.indicator.id}.deviation_reason")
        if isinstance(item.indicator, QualitativeIndicator):
            figure = f"（{judged(item)}，目标{quote(target_text(item.indicator))}）"
        else:
            figure = f"（完成值{item.value.reported_text}，目标{target_text(item.indicator)}）"
        text = f"在评价过程中发现{quote(item.indicator.name)}未达到目标值{figure}"
        out.append(text + (f"，不达标的主要原因为：{_sentence_end(reason)}" if reason else "。"))
    if not out:
        out.append(f"{ev.year}年度各项绩效指标均达到目标值。")
    return out


def rule_explanation(item: ScoredIndicator) -> str:
    """How a missed indicator was scored, with the arithmetic a reviewer can redo."""
    ind, s = item.indicator, item.score
    if item.met and (s.score == ind.weight or not isinstance(ind, QualitativeIndicator)):
        return ""  # met with full marks; a qualitative 达成 below its weight still says how it was scored
    if isinstance(ind, QualitativeIndicator):
        return f"按定性评价记分：{judged(item)}（{ind.scoring.band}），得{score(s.score)}分（分值{plain(ind.weight)}分）。"
    t = ind.target
    target = target_value_text(ind)  # as the 年度指标值 column prints it: 95%, 100%, 2天
    if s.method == "step_deduction" and isinstance(ind.scoring, StepDeduction):
        unitword = "%" if t.unit == "%" else t.unit
        gap = shortfall(item.value) or Decimal(0)
        step, pts = plain(ind.scoring.step), plain(ind.scoring.points)
        direction = "下降" if t.op == ">=" else "上升"
        gap_text = f"{fixed(gap, 2)}个百分点" if t.unit == "%" else f"{plain(gap)}{t.unit}"
        return (
            f"按{ind.name}每{direction}{step}{unitword}（不足{step}{unitword}按{step}{unitword}计算）扣{pts}分计算，"
            f"完成值{item.value.reported_text}较目标{target_text(ind)}相差{gap_text}，计{s.steps}档，即本指标需扣减{score(s.deduction)}分。"
        )
    if s.method == "reverse":
        return f"按指标值与完成值的比例记分：{plain(ind.weight)}×{target}÷{item.value.reported_text}={score(s.score)}分。"
    return f"按完成值与指标值的比例记分：{plain(ind.weight)}×{item.value.reported_text}÷{target}={score(s.score)}分。"


def deviation_cell(ev: Evaluation, item: ScoredIndicator) -> str:
    """The 自评表's 偏差原因分析及改进措施 cell: '无' when met and nothing to say; for a missed
    indicator 【待补充】 where its reason, or a measure that addresses it, is still missing."""
    ident = item.indicator.id
    reason = indicator_text(ev, item, "deviation_reason")
    if gaps.reason_missing(item):
        reason = gaps.pending(ev, "未达标缺偏差原因", "indicators.yaml", f"{ident}.deviation_reason")
    improvement = indicator_text(ev, item, "improvement")
    if not item.met and not gaps.indicator_addressed(ev, item):
        improvement = gaps.pending(ev, "未达标缺改进措施", "indicators.yaml", f"{ident}.improvement")
    return _deviation_text(rule_explanation(item), reason, improvement)


def _deviation_text(rule: str, reason: str, improvement: str) -> str:
    parts = [rule] if rule else []
    if reason:
        parts.append(f"偏差原因：{_pending_end(reason)}")
    if improvement:
        parts.append(f"改进措施：{_pending_end(improvement)}")
    return "".join(parts) or "无"


def _pending_end(text: str) -> str:
    """The 【待补充】 marker closes its sentence (the analyst's own text is printed as written)."""
    return text + "。" if text == gaps.PENDING else text


def budget_deviation_cell(ev: Evaluation) -> str | None:
    """The 自评表's 偏差原因分析及改进措施 for the 预算完成率 row: how it was scored, the reason and
    the measure (【待补充】 while missing); None when the rate is 100% and the analyst wrote nothing."""
    b = ev.budget
    reason, improvement = budget_text(ev, "deviation_reason"), budget_text(ev, "improvement")
    if not b.under_executed and not reason and not improvement:
        return None
    rule = f"按预算完成率记分：{plain(b.weight)}×{pct(b.rate)}={score(b.score)}分。" if b.under_executed else ""
    if gaps.budget_reason_missing(ev):
        reason = gaps.pending(ev, "预算执行缺原因", "budget.yaml", "deviation_reason")
    if b.under_executed and not gaps.budget_addressed(ev):
        improvement = gaps.pending(ev, "预算执行缺改进措施", "budget.yaml", "improvement")
    return _deviation_text(rule, reason, improvement)


def goal_achieved(ev: Evaluation) -> str:
    """自评表 目标实际完成情况: operations facts, every indicator's value, overall verdict."""
    data, ops = ev.data, ev.data.operations
    parts = []
    if data.project.goal_achieved:
        parts.append(_sentence_end(project_text(ev, "goal_achieved")))
    elif ops is not None:
        region = data.project.region or ""
        bits = []
        if ops.lines:
            scope = "、".join(
                x
                for x in (
                    f"{ops.lines.districts}个区" if ops.lines.districts is not None else "",
                    f"{ops.lines.departments}个市直部门" if ops.lines.departments is not None else "",
                )
                if x
            )
            bits.append(f"共整合{scope}的{ops.lines.total}条非紧急类政府服务专线" if scope else f"共整合{ops.lines.total}条专线")
        if ops.seats:
            bits.append(f"坐席规模{_change_verb(ev.derived.seats_change)}{ops.seats.total}个")
        if ops.agents is not None:
            bits.append(f"话务员{ops.agents}人")
        if bits:
            parts.append(f"截至{ev.year}年12月31日，{_our(region)}" + "，".join(bits) + "。")
        if ops.seats and ops.seats.full_outsourced is not None and ops.seats.half_outsourced is not None:
            parts.append(f"话务坐席分为全外包、半外包两种类型，全外包坐席{ops.seats.full_outsourced}个，半外包坐席{ops.seats.half_outsourced}个。")
    parts.append("，".join(value_phrase(i) for i in ev.form_items()) + "。")
    parts.append(f"本项目{verdict_phrase(ev)}。")
    return "".join(parts)


def _change_verb(change: int | None) -> str:
    """保持 only when the previous year had the same number; 增至/减至 otherwise; nothing when unknown."""
    if change is None:
        return ""
    return "保持" if change == 0 else "增至" if change > 0 else "减至"


SENTENCE_ENDS = ("。", "！", "？", "；", ".", "!", "?", "…", "”", "）")


def _sentence_end(text: str) -> str:
    """Analyst text that continues with generated text must end its sentence first."""
    text = text.rstrip()
    return text if not text or text.endswith(SENTENCE_ENDS) else text + "。"


def _our(region: str) -> str:
    """'广州市' → '我市', '广东省' → '我省'; otherwise nothing (never a wrong 我市)."""
    for suffix in ("市", "省", "区", "县"):
        if region.endswith(suffix):
            return "我" + suffix
    return ""


def problems_cell(ev: Evaluation) -> str:
    """自评表 存在问题: under-execution (rate and unspent amount), then each missed indicator."""
    lines = []
    b = ev.budget
    if b.under_executed:
        lines.append(f"预算执行率{pct(b.rate)}，尚有{money_text(ev, b.unspent)}未支出")
    lines += [f"{i.indicator.name}未达标" for i in ev.missed]
    return "；".join(lines) or "无"


CN_COUNT = "零一两三四五六七八九十"


FALLBACK = "无。"  # a section the analyst left blank (documented in data/README.md, prose.yaml)


def measures_paragraph(ev: Evaluation) -> str:
    """四、下一步改进措施: '针对上述问题，我局将从四方面改进：一是…；二是…' (count generated).

    One measure has no count and no 一是: '针对上述问题，我馆将加强设备日常维护。' None: 无。
    """
    measures = prose_list(ev, "measures")
    unit = ev.data.project.unit_self_name
    if not measures:
        return blank_section(ev, "measures")
    if len(measures) == 1:
        return f"针对上述问题，{unit}将{_one_measure(measures[0])}"
    n = len(measures)
    how_many = CN_COUNT[n] if n <= 10 else str(n)
    return f"针对上述问题，{unit}将从{how_many}方面改进：" + "".join(numbered(measures))


def measures_cell(ev: Evaluation) -> str:
    """自评表 改进措施: the measures (一是… when several), or 无."""
    measures = prose_list(ev, "measures")
    if not measures:
        return gaps.pending(ev, "章节未填写", "prose.yaml", "measures", "无")
    return _one_measure(measures[0]) if len(measures) == 1 else "".join(numbered(measures))


def _one_measure(text: str) -> str:
    return text.rstrip().rstrip("；;，,") + ("" if text.rstrip().endswith(("。", "！", ".")) else "。")


def goal_sentence(ev: Evaluation) -> str:
    return f"本项目设置的年度绩效目标是：{project_text(ev, 'goal')}"


def funds_use_sentence(ev: Evaluation) -> str | None:
    cats = ev.budget.categories
    if not cats:
        return None
    return "项目经费开支内容包括：" + "、".join(c.name for c in cats) + "。"


def conclusion_points(ev: Evaluation) -> list[str]:
    """The analyst's points, then the generated attainment point, numbered 一是… when there are
    several; a lone point is not numbered (a 一是 with no 二是 reads as a list cut short)."""
    points = [*prose_list(ev, "conclusions"), attainment_point(ev)]
    return numbered(points) if len(points) > 1 else points


def conclusions_intro(ev: Evaluation) -> str:
    return prose_text(ev, "conclusions_intro")


def unit_cost_sentence(ev: Evaluation) -> str | None:
    d, ops = ev.derived, ev.data.operations
    parts = []
    if d.cost_per_item_yuan is not None and ops is not None:
        parts.append(f"按年度服务量计，平均每{ops.volume_unit}服务支出{d.cost_per_item_yuan}元")
    if d.cost_per_seat is not None:
        parts.append(f"按坐席规模计，每席年均支出{d.cost_per_seat}万元")
    if d.cost_per_agent is not None:
        parts.append(f"按话务员人数计，每人年均支出{d.cost_per_agent}万元")
    return ("按项目总支出简单平均（含平台、场地、通信等全部费用，并非人均薪酬）：" + "，".join(parts) + "。") if parts else None
