"""What the analyst still owes the report: blank sections, reasons and measures a problem needs.

Decided once, here, for the two places that must agree: the report prints a visible
【待补充】 where such a field is blank (:mod:`.narrate`), and `selfeval check` reports the same
gap as a finding (:mod:`.review_checks`). Where the analyst accepted the finding in
review.yaml (a section left blank on purpose, with a reason), the report prints 无 instead.
"""

from __future__ import annotations

from ..contract.model import IntendedPhrase
from ..evaluation.results import Evaluation, ScoredIndicator

PENDING = "【待补充】"  # printed where the analyst left a needed field blank (never "无")

# The analyst's sections that have a numbered heading of their own (prose.yaml field → heading).
SECTIONS = {
    "unit_overview": "项目单位基本情况",
    "background": "项目实施背景",
    "legal_basis": "主要依据",
    "implementation": "实施年度、实施范围、实施程序",
    "project_management": "项目管理情况",
    "measures": "下一步改进措施",
}

# A measure that mentions one of these addresses under-execution (data/README.md, "Review checks").
BUDGET_WORDS = ("预算执行", "执行率", "支出进度", "执行进度", "资金使用", "资金支付", "支付进度", "资金拨付")


def accepted(ev: Evaluation, check: str, file: str, field: str) -> IntendedPhrase | None:
    """The review.yaml mark (made for this fiscal year) that accepts ``check`` on ``file``/``field``."""
    review = ev.data.review
    if review is None:
        return None
    return next((m for m in review.marks_for(ev.year) if not m.phrase and m.check == check and m.file == file and m.field == field), None)


def pending(ev: Evaluation, check: str, file: str, field: str, accepted_text: str = "") -> str:
    """【待补充】 for a blank field the report needs; ``accepted_text`` (无, or nothing) once accepted."""
    return accepted_text if accepted(ev, check, file, field) else PENDING


def blank(text: str | list[str]) -> bool:
    if isinstance(text, list):
        return all(blank(t) for t in text)
    return not text.strip()


def blank_sections(ev: Evaluation) -> list[str]:
    """The headed sections (prose.yaml fields) the analyst left blank, in report order."""
    return [f for f in SECTIONS if blank(getattr(ev.data.prose, f))]


def _measures(ev: Evaluation) -> list[str]:
    return [m for m in ev.data.prose.measures if m.strip()]


def names_of(item: ScoredIndicator) -> tuple[str, ...]:
    """How a measure may name an indicator: its name, or its short_name (接通率 for 月度话务接通率)."""
    ind = item.indicator
    return tuple(n for n in (ind.name, ind.short_name) if n)


def reason_missing(item: ScoredIndicator) -> bool:
    """A missed indicator without 偏差原因."""
    return not item.met and blank(item.indicator.deviation_reason)


def indicator_addressed(ev: Evaluation, item: ScoredIndicator) -> bool:
    """A missed indicator has a measure: its own ``improvement``, or a measure of 四 that names it."""
    if not blank(item.indicator.improvement):
        return True
    return any(name in m for m in _measures(ev) for name in names_of(item))


def budget_reason_missing(ev: Evaluation) -> bool:
    """Execution below 100% without 偏差原因 (budget.yaml deviation_reason)."""
    return ev.budget.under_executed and blank(ev.data.budget.deviation_reason)


def budget_addressed(ev: Evaluation) -> bool:
    """Under-execution has a measure: budget.yaml ``improvement``, or a measure of 四 about spending pace."""
    if not blank(ev.data.budget.improvement):
        return True
    return any(word in m for m in _measures(ev) for word in BUDGET_WORDS)
