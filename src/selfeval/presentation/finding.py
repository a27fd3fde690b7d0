"""A review finding (复核提示): one Chinese line saying where, what, and what to do.

Every review check of `selfeval check` (:mod:`.review_checks`, :mod:`.textcheck`) produces
findings of this one kind, so the terminal, the build log and the 复核提示 page print them
alike, and review.yaml accepts any of them the same way (:func:`apply_marks`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Literal

from ..contract.labels import label
from ..contract.model import IntendedPhrase
from ..errors import FIX_MARK, SEP
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
    check: str  # 审核要点 (contract.vocabulary.REVIEW_CHECKS), or 数据一致性 / 复核记录年度
    file: str  # the data file as review.yaml names it (prose.yaml); '' for a data-consistency warning
    field: str  # the field as review.yaml names it (background, answer_rate.deviation_reason)
    where: str  # where the analyst finds it: 'data/2024/prose.yaml background', 'data/2024/自评数据.xlsx 文字材料!B3（background）'
    what: str  # what is wrong, in Chinese (quoting the flagged phrase)
    todo: str  # what to do, in Chinese
    severity: Severity = "问题"
    span: Span | None = None
    accepted: str | None = None  # the reason of the review.yaml mark that accepts it

    def line(self) -> str:
        """The finding as one line, in the messages' frame: where：【审核要点】what——修改：todo."""
        head = f"{self.where}{SEP}" if self.where else ""
        todo = f"{FIX_MARK}{self.todo}" if self.todo else ""
        return f"{head}【{self.check}】{self.what}{todo}"


def place(ev: Evaluation, file: str, loc: tuple, field: str) -> str:
    """Where a field is, as the analyst finds it: the file and the field by its workbook name with the
    key review.yaml takes (prose.yaml：项目实施背景（background）), or the workbook's cell with that key
    (自评数据.xlsx：文字材料!B3（background）)."""
    inner = loc[2:] if file == "indicators.yaml" and len(loc) > 2 and loc[0] == "indicators" else loc
    name = label(file, inner) if field else None
    shown = f"{name}（{field}）" if name else field
    where_file, position = ev.data.place(file, loc, shown)
    if not position:
        return where_file
    if position == shown:
        return f"{where_file}{SEP}{position}"
    return f"{where_file}{SEP}{position}（{field}）"


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
