"""The 项目支出绩效自评表 as an .xlsx, in the official layout, from :func:`~selfeval.presentation.form.form_grid`.

Merged cells as in the book (the side column 绩效指标 as one cell, as on the paper form),
单位：万元, borders, A4 landscape scaled to print on one page, Chinese fonts (宋体, GB2312
charset), and every figure stored as a number with the format that prints the book's text
(94.07% is 0.9407 formatted 0.00%; 13,410.06 is 13410.06 formatted #,##0.00).

Written with xlsxwriter: page setup (fit to one page, landscape, centring) and merged cells
with formats are first-class there, and its zip entries carry a fixed timestamp; the document
date is fixed by :func:`~selfeval.office.package.document_date`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import xlsxwriter
from xlsxwriter.utility import xl_rowcol_to_cell

from ..errors import BuildError
from ..evaluation.results import Evaluation
from ..presentation.form import FormCell, FormGrid, form_grid
from .package import document_date, normalize_zip

__all__ = ["COLUMN_WIDTHS", "FIRST_ROW", "write_form_xlsx"]

# widths of the 9 columns in character units (landscape A4; the 偏差原因 column takes the room)
COLUMN_WIDTHS = (9.0, 8.0, 9.0, 18.0, 10.0, 11.0, 10.0, 8.0, 60.0)
FIRST_ROW = 3  # rows 1–3: title, （年度）, 单位：万元; the grid starts on row 4
FONT = "宋体"
FONT_SIZE = 10
LINE_POINTS = 13.5  # height of one 10-point line
CJK_UNITS = 1.9  # a CJK character at 10 points is about 1.9 character units wide


class _Formats:
    def __init__(self, wb: Any):
        base = {"font_name": FONT, "font_size": FONT_SIZE, "font_charset": 134, "border": 1, "text_wrap": True, "valign": "vcenter"}
        self.wb = wb
        self.base = base
        self.kinds = {
            "label": {**base, "bold": True, "align": "center"},
            "cell": {**base, "align": "center"},
            "figure": {**base, "align": "center"},
            "side": {**base, "align": "center"},
            "text": {**base, "align": "left"},
            "total": {**base, "bold": True, "align": "center"},
        }
        self.cache: dict[tuple, Any] = {}
        self.title = wb.add_format({"font_name": FONT, "font_charset": 134, "font_size": 16, "bold": True, "align": "center", "valign": "vcenter"})
        self.year = wb.add_format({"font_name": FONT, "font_charset": 134, "font_size": 11, "align": "center", "valign": "vcenter"})
        self.unit = wb.add_format({"font_name": FONT, "font_charset": 134, "font_size": 10, "align": "right", "valign": "vcenter"})

    def of(self, cell: FormCell) -> Any:
        key = (cell.kind, cell.number_format)
        if key not in self.cache:
            spec = dict(self.kinds[cell.kind])
            if cell.number_format:
                fmt = cell.number_format
                if cell.aside:  # the total: the grade printed after the figure, the cell still a number
                    fmt += '"' + "　　" + cell.aside.replace('"', "") + '"'
                spec["num_format"] = fmt
            self.cache[key] = self.wb.add_format(spec)
        return self.cache[key]


def _lines(text: str, width_units: float) -> int:
    per_line = max(int(width_units / CJK_UNITS), 1)
    return sum(-(-max(len(part), 1) // per_line) for part in (text or "").split("\n"))


def _row_heights(grid: FormGrid) -> dict[int, float]:
    """Row heights that show every wrapped text whole (xlsxwriter cannot autofit, and Excel never
    autofits merged cells): a cell's lines are shared by the rows it spans."""
    need: dict[int, float] = {}
    for p in grid.sheet_cells():
        width = sum(COLUMN_WIDTHS[p.col : p.last_col + 1])
        text = p.cell.text + p.cell.aside
        height = _lines(text, width) * LINE_POINTS + 4
        per_row = height / p.cell.rowspan
        for r in range(p.row, p.last_row + 1):
            need[r] = max(need.get(r, 18.0), per_row)
    return need


def write_form_xlsx(ev: Evaluation, target: Path | str) -> Path:
    """Write the year's 自评表 to ``target`` (.xlsx); the same evaluation gives the same bytes."""

    target = Path(target)
    grid = form_grid(ev)
    wb = xlsxwriter.Workbook(str(target), {"strings_to_numbers": False, "strings_to_formulas": False, "strings_to_urls": False})
    wb.set_properties(
        {
            "title": f"{grid.title}{grid.year_label}",
            "subject": ev.data.project.form_name or ev.data.project.name,
            "created": document_date(ev),
            "author": ev.data.project.implementer,
        }
    )
    ws = wb.add_worksheet("自评表")
    fmt = _Formats(wb)
    for c, width in enumerate(COLUMN_WIDTHS):
        ws.set_column(c, c, width)
    last = len(COLUMN_WIDTHS) - 1
    ws.merge_range(0, 0, 0, last, grid.title, fmt.title)
    ws.merge_range(1, 0, 1, last, grid.year_label, fmt.year)
    ws.merge_range(2, 0, 2, last, grid.unit_label, fmt.unit)
    ws.set_row(0, 26)
    for p in grid.sheet_cells():
        r, c, r2, c2 = p.row + FIRST_ROW, p.col, p.last_row + FIRST_ROW, p.last_col
        style = fmt.of(p.cell)
        value = p.cell.stored
        if (r, c) != (r2, c2):
            ws.merge_range(r, c, r2, c2, "", style)
        if value is not None:
            ws.write_number(r, c, float(value), style)
        elif ws.write_string(r, c, p.cell.text + p.cell.aside, style) == -2:  # xlsxwriter cut it to 32,767 characters
            raise BuildError(f"自评表 {xl_rowcol_to_cell(r, c)}：{len(p.cell.text + p.cell.aside):,} 个字符超过 .xlsx 单元格的上限 32,767，不能截断写入")
    for r, height in _row_heights(grid).items():
        ws.set_row(r + FIRST_ROW, height)
    ws.set_paper(9)  # A4
    ws.set_landscape()
    ws.fit_to_pages(1, 1)
    ws.center_horizontally()
    ws.set_margins(left=0.4, right=0.4, top=0.5, bottom=0.5)
    ws.print_area(0, 0, FIRST_ROW + len(grid.rows()) - 1, last)
    ws.hide_gridlines(2)
    wb.close()
    normalize_zip(target)
    return target
