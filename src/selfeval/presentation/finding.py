"""A review finding (复核提示): one Chinese line saying where, what, and what to do.

Every review check of `selfeval check` (:mod:`.review_checks`, :mod:`.textcheck`) produces
findings of this one kind, so the terminal, the build log and the 复核提示 page print them
alike, and review.yaml accepts any of them the same way (:func:`apply_marks`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Literal

from ..contract.model import IntendedPhrase
from ..evaluation.results import Evaluation

Severity = Literal["问题", "提示"]  # 提示: a note (a weight split other than the usual one); 问题: everything else
NO_REASON = "（未注明理由）"


@dataclass(frozen=True)
class Span:
    """The flagged words inside a text field, for review.yaml marks that keep a phrase."""

    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Finding:
    check: str  # 审核要点 (contract.model.REVIEW_CHECKS), or 数据一致性 / 复核记录年度
    file: str  # the data file as review.yaml names it (prose.yaml); '' for a data-consistency warning
    field: str  # the field as review.yaml names it (background, answer_rate.deviation_reason)
    where: str  # where the analyst finds it: 'data/2024/prose.yaml background', 'data/2024/自评数据.xlsx 文字材料!B3（background）'
    what: str  # what is wrong, in Chinese (quoting the flagged phrase)
    todo: str  # what to do, in Chinese
    severity: Severity = "问题"
    span: Span | None = None
    accepted: str | None = None  # the reason of the review.yaml mark that accepts it

    def line(self) -> str:
        """The finding as one line: where：【审核要点】what；处理：todo."""
        head = f"{self.where}：" if self.where else ""
        todo = f"；处理：{self.todo}" if self.todo else ""
        return f"{head}【{self.check}】{self.what}{todo}"


def place(ev: Evaluation, file: str, loc: tuple, field: str) -> str:
    """Where a field is, as the analyst finds it: file and field, or the workbook's cell (with the field)."""
    label, position = ev.data.place(file, loc, field)
    if position == field or not field:
        return f"{label} {position}".rstrip()
    return f"{label} {position}（{field}）"


def finding(ev: Evaluation, check: str, file: str, loc: tuple, field: str, what: str, todo: str, severity: Severity = "问题") -> Finding:
    return Finding(check, file, field, place(ev, file, loc, field), what, todo, severity)


def _mark_accepts(mark: IntendedPhrase, f: Finding) -> bool:
    if mark.file != f.file or mark.field != f.field:
        return False
    if mark.check is not None and mark.check != f.check:
        return False
    if not mark.phrase:
        return True
    if f.span is None:
        return False
    pos = f.span.text.find(mark.phrase)
    while pos != -1:  # the flagged words lie inside an occurrence of the phrase
        if pos <= f.span.start and f.span.end <= pos + len(mark.phrase):
            return True
        pos = f.span.text.find(mark.phrase, pos + 1)
    return False


def apply_marks(ev: Evaluation, findings: Iterable[Finding]) -> list[Finding]:
    """The findings with the review.yaml marks of this fiscal year applied (``accepted`` set)."""
    review = ev.data.review
    marks = review.marks_for(ev.year) if review is not None else []
    out = []
    for f in findings:
        mark = next((m for m in marks if _mark_accepts(m, f)), None)
        out.append(replace(f, accepted=(mark.reason.strip() or NO_REASON)) if mark is not None else f)
    return out
