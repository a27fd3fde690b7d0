"""The 自评表's column widths in the Word report and the .xlsx: the official form's, widened where a figure would not fit.

A figure broken across two lines (100.00 / %, 500,000.0 / 0 in Word) or shown as ##### (Excel, a
number wider than its column) is not what a clerk signs. So each narrow column grows to hold its
longest figure on one line, and the last column (偏差原因分析及改进措施, whose text wraps) gives up
the room, down to a floor. Only single-column cells whose text cannot wrap (no Chinese, no space)
count: labels such as 预算完成率 may wrap.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from ..presentation.form import FormGrid

HAN = re.compile(r"[\u3000-\u30ff\u3400-\u9fff\uff00-\uffef]")  # Chinese characters and full-width forms


def widened(grid: FormGrid, base: tuple[float, ...], need: Callable[[str], float], floor: float) -> list[float]:
    """``base`` widths, each column but the last at least ``need(text)`` of its unbreakable figures;
    the last column takes what is left of ``sum(base)``, and at least ``floor``."""
    widths = list(base)
    last = len(widths) - 1
    for p in grid.sheet_cells():
        text = p.cell.text
        if p.col == p.last_col < last and text and not HAN.search(text) and not any(ch.isspace() for ch in text):
            widths[p.col] = max(widths[p.col], need(text))
    widths[last] = max(floor, sum(base) - sum(widths[:last]))
    return widths
