"""``selfeval check``: analyst text that contradicts the computed results or names another year.

The documented way to start a year is to copy the last one, so the analyst's text arrives
stale: a 2022 folder still says 《2021年…合同》, keeps a 偏差原因 on an indicator that now met
its target, or calls results 较理想 when four of seven indicators missed. The figures are
recomputed every year; this module reads the words against them. Each warning is one line:
file, field, the phrase, why it is suspect, and the fix.

Checks:

* another year written in a text field (placeholders such as ``{{fiscal_year}}`` are fine);
* ``deviation_reason`` / ``improvement`` kept on an indicator that met its target;
* all-met words (均达到, 全部达标, 较理想, …) while some indicator missed, and problem words
  (存在一定的问题, 未达标, …) while none did;
* a literal figure equal to a computed one (suggesting the ``{{placeholder}}`` to write).

A phrase the analyst reviewed and keeps is listed in ``review.yaml`` with the fiscal year it
was reviewed for; a copied ``review.yaml`` of another year silences nothing.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from ..contract.labels import label
from ..errors import FIX_MARK, SEP
from ..evaluation.results import Evaluation
from .narrate import PLACEHOLDER, facts

YEAR = re.compile(r"(?<![0-9０-９])(19[5-9][0-9]|20[0-9]{2})(?![0-9０-９])")
NUMBER = re.compile(r"(?<![0-9.,])\d{1,3}(?:,\d{3})+(?:\.\d+)?|(?<![0-9.,])\d+(?:\.\d+)?")
DOCUMENT_NUMBER = re.compile(r"〔[^〕]*〕\s*\d+\s*号|[（(]\d{4}[）)]\s*\d+\s*号|第\s*\d+\s*号")
ALL_MET_WORDS = ("均达到", "均已达到", "全部达到", "全部达标", "均达标", "均已达标", "较理想", "圆满完成", "全部完成")
PROBLEM_WORDS = ("存在一定的问题", "存在的问题", "存在问题", "未达标", "不达标", "未达到", "未完成", "有待提升", "有待提高")
DOCUMENT_YEAR = re.compile(r"〔[0-9]{4}〕")  # the year of a document number (国办发〔2020〕53号) is the issue year, never stale
CONTEXT = 12  # characters shown each side of what was flagged
REWORD = "按本年度结果改写，或在 review.yaml（复核记录）中标明保留"
_FIELD_NAMES = {"deviation_reason": "偏差原因（deviation_reason）", "improvement": "改进措施（improvement）"}


@dataclass(frozen=True)
class TextWarning:
    file: str
    field: str
    phrase: str
    why: str
    fix: str

    def line(self) -> str:
        return f"{self.file}{SEP}{self.field}{SEP}“{self.phrase}”{self.why}{FIX_MARK}{self.fix}"


@dataclass(frozen=True)
class _Text:
    file: str  # data file name, e.g. prose.yaml
    field: str  # stable key, e.g. background, legal_basis, answer_rate.deviation_reason
    text: str
    prose: bool  # the analyst's narrative (checked for all-met and problem words)
    loc: tuple  # where in that file: a workbook year's warning names the cell from it


def _texts(ev: Evaluation) -> Iterator[_Text]:
    d = ev.data
    p, c = d.project, d.contract
    for field, value in (("project.name", p.name), ("project.form_name", p.form_name), ("project.goal", p.goal), ("project.goal_achieved", p.goal_achieved)):
        if value:
            yield _Text("project.yaml", field, value, field == "project.goal_achieved", tuple(field.split(".")))
    for field, value in (("contract.signed", c.signed), ("contract.contractor", c.contractor), ("contract.supervisor", c.supervisor)):
        if value:
            yield _Text("project.yaml", field, value, False, tuple(field.split(".")))
    for name, value in d.prose:
        if isinstance(value, list):
            for i, text in enumerate(value):
                if text:
                    yield _Text("prose.yaml", name, text, True, (name, i))
        elif value:
            yield _Text("prose.yaml", name, value, True, (name,))
    for n, ind in enumerate(d.indicators):
        yield _Text("indicators.yaml", f"{ind.id}.name", ind.name, False, ("indicators", n, "name"))
        for field in ("deviation_reason", "improvement"):
            if getattr(ind, field):
                yield _Text("indicators.yaml", f"{ind.id}.{field}", getattr(ind, field), True, ("indicators", n, field))
    for n, cat in enumerate(d.budget.categories):
        yield _Text("budget.yaml", "categories", cat.name, False, ("categories", n, "name"))


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


def _blank_placeholders(text: str) -> str:
    """Placeholders are the right way to cite a figure: blank them out (same length) before reading."""
    return PLACEHOLDER.sub(lambda m: " " * len(m.group(0)), text)


# placeholders that print a figure (a number and its unit); the others print names, dates or periods
NUMERIC_FACTS = (
    "budget",
    "executed",
    "total_score",
    "contracted_volume",
    "volume_multiple",
    "service_volume",
    "agents",
    "seats_total",
    "monthly_indicators",
    "annual_indicators",
    "lines_total",
    "lines_prior_year",
    "lines_merged",
    "districts",
    "departments",
)
FIGURE = re.compile(r"(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(%|[^\d\s]{0,2})")


def _figures(ev: Evaluation) -> dict[Decimal, str]:
    """Numeric value → the placeholder that prints it (the first one, in facts order).

    Only figures of two or more digits (or with decimals): a 1 or a 3 in prose is too common
    to mean a computed figure.
    """
    known = facts(ev)
    names = [n for n in NUMERIC_FACTS if n in known] + [n for n in known if n.endswith("_value")]
    out: dict[Decimal, str] = {}
    for name in names:
        match = FIGURE.fullmatch(known[name])
        if match is None:
            continue
        token = match.group(1)
        value = _number(token)
        if value is not None and value not in out and (len(token.replace(",", "").replace(".", "")) >= 2 or "." in token):
            out[value] = name
    return out


def _number(token: str) -> Decimal | None:
    try:
        return Decimal(token.replace(",", ""))
    except InvalidOperation:
        return None


def _raw_warnings(ev: Evaluation) -> Iterator[tuple[_Text, int, int, str, str]]:
    """(text, start, end, why, fix) for everything suspect, before review.yaml is applied."""
    year = ev.year
    missed = len(ev.missed)
    figures = _figures(ev)
    met_ids = {i.indicator.id for i in ev.met}
    for t in _texts(ev):
        text = _blank_placeholders(t.text)
        for m in YEAR.finditer(DOCUMENT_YEAR.sub(lambda d: " " * len(d.group(0)), text)):
            other = int(m.group(1))
            if other != year:
                fix = "如指本年度，写 {{fiscal_year}}" + ("（下一年度写 {{next_year}}）" if other == year + 1 else "")
                yield (
                    t,
                    m.start(),
                    m.end(),
                    f"提到{other}年，不是本财政年度{year}年",
                    fix + "；或更新文件名、日期；或在 review.yaml（复核记录）中标明保留",
                )
        if t.prose and missed:
            for word in ALL_MET_WORDS:
                for m in re.finditer(re.escape(word), text):
                    yield (
                        t,
                        m.start(),
                        m.end(),
                        f"说一切顺利，但{len(ev.items)}个指标中有{missed}个未达到目标",
                        REWORD,
                    )
        if t.prose and not missed and t.field != "problems":
            for word in PROBLEM_WORDS:
                for m in re.finditer(re.escape(word), text):
                    yield (
                        t,
                        m.start(),
                        m.end(),
                        "提到问题或未达标，但各指标均已达到目标",
                        REWORD,
                    )
        if t.field == "problems" and not missed:
            for word in PROBLEM_WORDS:
                for m in re.finditer(re.escape(word), text):
                    yield (
                        t,
                        m.start(),
                        m.end(),
                        "提到问题，但本年度各指标均已达到目标",
                        "按本年度情况改写“三、存在的主要问题”，或在 review.yaml（复核记录）中标明保留",
                    )
        ident, _, field = t.field.partition(".")
        if t.file == "indicators.yaml" and field in ("deviation_reason", "improvement") and ident in met_ids:
            ind = ev.item(ident)
            shown = ind.value.reported_text
            yield (
                t,
                0,
                min(len(text), 2 * CONTEXT),
                f"会印在自评表上，但{ind.indicator.name}已达到目标（{shown}）",
                f"清空{_FIELD_NAMES.get(field, field)}，或在 review.yaml（复核记录）中标明保留",
            )
        plain_text = DOCUMENT_NUMBER.sub(lambda m: " " * len(m.group(0)), text)
        plain_text = re.sub(r"《[^》]*》", lambda m: " " * len(m.group(0)), plain_text)
        for m in NUMBER.finditer(plain_text):
            token = m.group(0)
            if YEAR.fullmatch(token):
                continue
            value = _number(token)
            if value is not None and value in figures:
                name = figures[value]
                yield (
                    t,
                    m.start(),
                    m.end(),
                    f"是计算得出的数字 {{{{{name}}}}}，直接写成数字，下一年度的数据变化时不会随之更新",
                    f"改写为 {{{{{name}}}}}",
                )


def text_warnings(ev: Evaluation) -> list[TextWarning]:
    """Every suspect phrase of the year's analyst text, minus those marked intended in review.yaml."""
    review = ev.data.review
    folder = ev.data.folder
    out: list[TextWarning] = []
    marks = review.intended if review is not None and review.fiscal_year == ev.year else []
    if review is not None and review.fiscal_year != ev.year:
        out.append(
            TextWarning(
                f"{folder}/review.yaml",
                "复核年度（fiscal_year）",
                str(review.fiscal_year),
                f"这些标记是为{review.fiscal_year}年度做的，对{ev.year}年度都不适用",
                f"阅读本年度的提示，再把复核年度（fiscal_year）改为{ev.year}，只保留仍然成立的标记",
            )
        )
    seen: set[tuple[str, str, str, str]] = set()
    for t, start, end, why, fix in _raw_warnings(ev):
        if _intended(t, start, end, marks):
            continue
        phrase = _context(t.text, start, end)
        key = (t.file, t.field, phrase, why)
        if key in seen:
            continue
        seen.add(key)
        out.append(TextWarning(*ev.data.place(t.file, t.loc, _shown_field(t)), phrase, why, fix))
    return out


def _shown_field(t: _Text) -> str:
    """``项目实施背景（background）``: the workbook's name, and the key review.yaml's 字段 takes."""
    inner = t.loc[2:] if t.file == "indicators.yaml" and len(t.loc) > 2 else t.loc
    name = label(t.file, inner)
    return f"{name}（{t.field}）" if name else t.field


def _intended(t: _Text, start: int, end: int, marks) -> bool:
    for mark in marks:
        if mark.file != t.file or mark.field != t.field:
            continue
        pos = t.text.find(mark.phrase)
        while pos != -1:
            if pos <= start and end <= pos + len(mark.phrase):
                return True
            pos = t.text.find(mark.phrase, pos + 1)
    return False


def year_warnings(ev: Evaluation) -> list[str]:
    """Every warning of a year as one line each: data consistency first, then the analyst's text."""
    return list(ev.warnings) + [w.line() for w in text_warnings(ev)]
