"""The text review checks of ``selfeval check``: analyst text that contradicts the results,
names another year, types a computed figure, or still holds a placeholder.

The documented way to start a year is to copy the last one, so the analyst's text arrives
stale: a 2022 folder still says 《2021年…合同》, keeps a 偏差原因 on an indicator that now met
its target, calls results 较理想 when four of seven indicators missed, or says 预算执行率95%
when the computed rate is 86.18%. The figures are recomputed every year; this module reads the
words against them, one check per function, each yielding :class:`Hit` s that become
:class:`~selfeval.presentation.finding.Finding` s (one Chinese line: where, what, what to do).

Every regular expression here reads data, so each is bounded: no quantifier runs over more
than a few dozen characters, and none can backtrack over a field (a prose field of a million
``〔`` is read in linear time; tests/test_review.py).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from ..contract.model import QualitativeIndicator
from ..contract.text_years import year_spans
from ..evaluation.results import Evaluation
from ..figures import pct
from .finding import Finding, Span, place
from .narrate import PLACEHOLDER

NUMBER = re.compile(r"(?<![0-9.,])\d{1,3}(?:,\d{3}){1,6}(?:\.\d{1,10})?(?![0-9])|(?<![0-9.,])\d{1,20}(?:\.\d{1,10})?(?![0-9])")
# a document number (国办发〔2020〕53号, 粤办函(2021)216号, 第3号) and a document title 《…》 cite, never state
DOCUMENT_NUMBER = re.compile(r"〔[^〕\n]{0,20}〕\s{0,3}\d{1,6}\s{0,3}号|[（(]\d{4}[）)]\s{0,3}\d{1,6}\s{0,3}号|第\s{0,3}\d{1,6}\s{0,3}号")
DOCUMENT_YEAR = re.compile(r"〔[0-9]{4}〕")  # the year of a document number is its issue year, never stale
TITLE = re.compile(r"《[^》\n]{0,100}》")
ALL_MET_WORDS = ("均达到", "均已达到", "全部达到", "全部达标", "均达标", "均已达标", "较理想", "圆满完成", "全部完成")
# what follows a word for it to claim the year's results: 全部完成 before a task (全部完成招标, 全部完成验收) says
# a piece of work was done, not that every target was met; at a clause's end or before 任务/目标/指标/计划 it does
ALL_MET_FOLLOWED = {"全部完成": r"(?=$|[，。；、！？,.;!?\s）)”]|了?(?:年度|全年|各项|既定|预定|预期)?(?:绩效)?(?:任务|目标|指标|计划|工作))"}
PROBLEM_WORDS = ("存在一定的问题", "存在的问题", "存在问题", "未达标", "不达标", "未达到", "未完成", "有待提升", "有待提高")
PLACEHOLDER_WORDS = ("占位", "待补充", "待定", "待填", "待完善", "TODO", "TBD", "某某", "……", "...", "{{", "}}")
PLACEHOLDER_MARKS = re.compile(r"(?<![A-Za-z])[Xx]{2,8}(?![A-Za-z])|×{2,8}|＊{2,8}|○{2,8}|□{2,8}")
CONTEXT = 12  # characters shown each side of what was flagged
MARK = "或在 review.yaml（复核记录）中标记保留"


@dataclass(frozen=True)
class Text:
    """One text field of the year's data, as the checks read it."""

    file: str  # data file name, e.g. prose.yaml
    field: str  # stable key, e.g. background, legal_basis, answer_rate.deviation_reason
    text: str
    kind: str  # "prose" (the analyst's narrative: every check) or "label" (a name or short value: years, placeholders)
    loc: tuple  # where in that file: a workbook year's finding names the cell from it


@dataclass(frozen=True)
class Hit:
    """What one check flagged in one text: the words (start, end), why, and what to do."""

    check: str
    start: int
    end: int
    what: str  # may hold {phrase}: the flagged words in their sentence
    todo: str


def texts(ev: Evaluation) -> Iterator[Text]:
    """Every text field of project.yaml, prose.yaml, indicators.yaml and budget.yaml."""
    d = ev.data
    p, c = d.project, d.contract
    for field in ("name", "form_name", "department", "implementer", "unit_self_name", "region"):
        value = getattr(p, field)
        if value:
            yield Text("project.yaml", f"project.{field}", value, "label", ("project", field))
    for field in ("goal", "goal_achieved"):
        value = getattr(p, field)
        if value:
            yield Text("project.yaml", f"project.{field}", value, "prose" if field == "goal_achieved" else "label", ("project", field))
    for field in ("signed", "contractor", "supervisor"):
        value = getattr(c, field)
        if value:
            yield Text("project.yaml", f"contract.{field}", value, "label", ("contract", field))
    for name, value in d.prose:
        if isinstance(value, list):
            for i, text in enumerate(value):
                if text:
                    yield Text("prose.yaml", name, text, "prose", (name, i))
        elif value:
            yield Text("prose.yaml", name, value, "prose", (name,))
    for n, ind in enumerate(d.indicators):
        yield Text("indicators.yaml", f"{ind.id}.name", ind.name, "label", ("indicators", n, "name"))
        for field in ("deviation_reason", "improvement", "evidence"):
            if getattr(ind, field):
                yield Text("indicators.yaml", f"{ind.id}.{field}", getattr(ind, field), "prose", ("indicators", n, field))
        if isinstance(ind, QualitativeIndicator):
            yield Text("indicators.yaml", f"{ind.id}.reported_text", ind.reported_text, "label", ("indicators", n, "reported_text"))
            yield Text("indicators.yaml", f"{ind.id}.target", ind.target.text, "label", ("indicators", n, "target", "text"))
    for field in ("deviation_reason", "improvement"):
        if getattr(d.budget, field):
            yield Text("budget.yaml", field, getattr(d.budget, field), "prose", (field,))
    for n, cat in enumerate(d.budget.categories):
        yield Text("budget.yaml", "categories", cat.name, "label", ("categories", n, "name"))


def _context(text: str, start: int, end: int) -> str:
    left = max(0, start - CONTEXT)
    right = min(len(text), end + CONTEXT)
    for stop in "。；;\n":  # stay within the sentence
        cut = text.rfind(stop, left, start)
        if cut != -1:
            left = cut + 1
        cut = text.find(stop, end, right)
        if cut != -1:
            right = cut
    return text[left:right].strip()


def _blank(pattern: re.Pattern, text: str) -> str:
    """``text`` with every match of ``pattern`` replaced by as many spaces (positions stay)."""
    return pattern.sub(lambda m: " " * len(m.group(0)), text)


def without_placeholders(text: str) -> str:
    """Placeholders are the right way to cite a figure: blanked out (same length) before reading."""
    return _blank(PLACEHOLDER, text)


def plain_text(text: str) -> str:
    """Placeholders, document numbers and 《titles》 blanked: what is left states figures."""
    return _blank(TITLE, _blank(DOCUMENT_NUMBER, without_placeholders(text)))


# --------------------------------------------------------------------------- the checks, one per function


def other_years(ev: Evaluation, t: Text) -> Iterator[Hit]:
    """非本年度年份: a year written literally that is not the fiscal year (a document number's year is not
    read; a number before a unit, 2010万亩, is a figure: :mod:`selfeval.contract.text_years`)."""
    year = ev.year
    for start, end, other in year_spans(_blank(DOCUMENT_YEAR, without_placeholders(t.text))):
        if other == year:
            continue
        which = "{{fiscal_year}}" + ("（下一年度写 {{next_year}}）" if other == year + 1 else "")
        yield Hit(
            "非本年度年份",
            start,
            end,
            f"“{{phrase}}”写的是{other}年，不是本报告的{year}年度",
            f"指本年度的改写为 {which}；引用的文件或日期请更新；确属原文的，在 review.yaml（复核记录）中标记保留",
        )


def all_met_words(ev: Evaluation, t: Text) -> Iterator[Hit]:
    """达标用语与结果不符: 均达到, 较理想, … while some indicator missed its target."""
    missed = len(ev.missed)
    if t.kind != "prose" or not missed:
        return
    text = without_placeholders(t.text)
    for word in ALL_MET_WORDS:
        for m in re.finditer(re.escape(word) + ALL_MET_FOLLOWED.get(word, ""), text):
            yield Hit(
                "达标用语与结果不符",
                m.start(),
                m.end(),
                f"“{{phrase}}”称全部达标或情况理想，但{len(ev.items)}个指标中有{missed}个未达到年度指标值",
                f"按本年度结果改写，{MARK}",
            )


def problem_words(ev: Evaluation, t: Text) -> Iterator[Hit]:
    """问题用语与结果不符: 存在问题, 未达标, … while every indicator met its target and the budget was spent."""
    if t.kind != "prose" or ev.missed or ev.budget.under_executed:
        return
    text = without_placeholders(t.text)
    where = "三、存在的主要问题" if t.field == "problems" else "该段"
    for word in PROBLEM_WORDS:
        for m in re.finditer(re.escape(word), text):
            yield Hit(
                "问题用语与结果不符",
                m.start(),
                m.end(),
                f"“{{phrase}}”说存在问题或未达标，但本年度各项指标均达到年度指标值，预算执行率{pct(ev.budget.rate)}",
                f"按本年度结果改写{where}，{MARK}",
            )


def kept_reason_on_met(ev: Evaluation, t: Text) -> Iterator[Hit]:
    """达标仍有偏差说明: a deviation_reason / improvement kept on an indicator that met its target."""
    ident, _, field = t.field.partition(".")
    if t.file != "indicators.yaml" or field not in ("deviation_reason", "improvement"):
        return
    item = next((i for i in ev.met if i.indicator.id == ident), None)
    if item is None:
        return
    label = "偏差原因" if field == "deviation_reason" else "改进措施"
    yield Hit(
        "达标仍有偏差说明",
        0,
        min(len(t.text), 2 * CONTEXT),
        f"{label}“{{phrase}}”会打印在自评表上，但“{item.indicator.name}”已达到年度指标值（{item.value.reported_text}）",
        f"清空该指标的{label}（{field}），{MARK}",
    )


def placeholder_text(ev: Evaluation, t: Text) -> Iterator[Hit]:
    """占位文字: 占位, 待补充, 待定, XX, ××, TODO, ……, a {{ left open — text written to be replaced."""
    text = without_placeholders(t.text)
    found = [(m.start(), m.end()) for m in PLACEHOLDER_MARKS.finditer(text)]
    upper = text.upper()
    for word in PLACEHOLDER_WORDS:
        pos = upper.find(word)
        while pos != -1:
            found.append((pos, pos + len(word)))
            pos = upper.find(word, pos + len(word))
    for start, end in sorted(found):
        yield Hit(
            "占位文字",
            start,
            end,
            f"“{{phrase}}”含占位文字“{t.text[start:end]}”",
            "写入正式内容后再发布",
        )


TextCheck = Callable[[Evaluation, Text], Iterator[Hit]]
# the checks of this module; selfeval.presentation.review adds the figure checks (figure_check.py)
TEXT_CHECKS: tuple[TextCheck, ...] = (placeholder_text, other_years, all_met_words, problem_words, kept_reason_on_met)


def text_findings(ev: Evaluation, checks: tuple[TextCheck, ...] = TEXT_CHECKS) -> list[Finding]:
    """Every text check over every text field, one finding per flagged phrase (before review.yaml)."""
    out: list[Finding] = []
    seen: set[tuple[str, str, str, str]] = set()
    for t in texts(ev):
        where = place(ev, t.file, t.loc, t.field)
        for check in checks:
            for hit in check(ev, t):
                phrase = _context(t.text, hit.start, hit.end)
                what = hit.what.replace("{phrase}", phrase)
                key = (t.file, t.field, hit.check, what)
                if key in seen:
                    continue
                seen.add(key)
                out.append(Finding(hit.check, t.file, t.field, where, what, hit.todo, span=Span(t.text, hit.start, hit.end)))
    return out
