"""绩效自评得分: the scores by 一级指标 with their 小计, the 总分 and the grade, as rows.

One model for the book's table (:func:`selfeval.presentation.tables.score_table`) and the
spreadsheet's second sheet (:mod:`selfeval.office.form_xlsx`), where each item's score refers
to its cell on the 自评表 and every 小计 and the 总分 is a formula over the items. The figures are
the evaluation's (nothing is added up here); ``kind`` says what each row is, so that a
spreadsheet knows what to sum and a page what to set in bold.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from itertools import groupby
from typing import Literal

from ..evaluation.results import BUDGET_LEVEL1, BUDGET_NAME, Evaluation
from ..figures import pct, score

__all__ = ["BUDGET_KEY", "ScoreRow", "score_rows"]

RowKind = Literal["item", "subtotal", "total", "grade"]
BUDGET_KEY = BUDGET_NAME  # the key of the budget's row (an indicator's key is its id)


@dataclass(frozen=True)
class ScoreRow:
    kind: RowKind
    group: str  # 类别: 预算执行, an 一级指标, 总分, 自评等级
    name: str  # 指标 (an item), 小计, or ''
    value: str  # 实际完成值 as printed ('' for sums)
    weight: Decimal | None  # 分值
    score: Decimal | None  # 得分
    key: str = ""  # an item's key: its indicator id, or BUDGET_KEY
    grade: str = ""  # the grade row's 优/良/中/差


def score_rows(ev: Evaluation) -> list[ScoreRow]:
    """The budget, each 一级指标's items and 小计 in 自评表 order, the 总分, the grade."""
    b = ev.budget
    rows = [ScoreRow("item", BUDGET_LEVEL1, BUDGET_NAME, pct(b.rate), b.weight, b.score, BUDGET_KEY)]
    for level1, group in groupby(ev.form_items(), key=lambda i: i.indicator.level1):
        for it in group:
            rows.append(ScoreRow("item", level1, it.indicator.name, it.value.reported_text, it.indicator.weight, it.score.score, it.indicator.id))
        rows.append(ScoreRow("subtotal", level1, "小计", "", ev.level_weights[level1], ev.subtotals[level1]))
    rows.append(ScoreRow("total", "总分", "", "", ev.total_weight, ev.total))
    # a form that does not total 100 is graded on its share: the grade row says of what
    scale = f"折合百分制{score(ev.scaled_total)}分" if ev.partial_form else ""
    rows.append(ScoreRow("grade", "自评等级", "", scale, None, None, grade=ev.grade))
    return rows
