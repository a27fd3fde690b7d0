"""The 项目支出绩效自评表 as an .xlsx, in the official layout, from :func:`~selfeval.presentation.form.form_grid`.

Merged cells as in the book (the side column 绩效指标 as one cell, as on the paper form),
单位：万元, borders, A4 landscape scaled to print on one page, Chinese fonts (宋体, GB2312
charset), and every figure stored as a number with the format that prints the book's text
(94.07% is 0.9407 formatted 0.00%; 13,410.06 is 13410.06 formatted #,##0.00; scores 0.00).

The sums are formulas, so a filer who corrects a score sees 总分 and 自评等级 follow: on the
自评表, 总分 = ROUND(SUM(item scores), 2), the 分值 total = SUM(item weights) and the grade cell
derives 优/良/中/差 from 总分 with the thresholds of :data:`~selfeval.evaluation.scoring.GRADES`.
A second sheet, 绩效自评得分 (the book's table), takes each item from its cell on the 自评表 and
adds the 小计 of every 一级指标 and the 总分 by formulas. Each formula also stores the book's
result, so a viewer that does not recalculate shows the book's figures. A formula is built
only from cell positions and the grade thresholds, never from data text: data is written with
``write_string`` and xlsxwriter's conversion of strings to formulas is off.

Written with xlsxwriter: page setup (fit to one page, landscape, centring) and merged cells
with formats are first-class there, and its zip entries carry a fixed timestamp; the document
date is fixed by :func:`~selfeval.office.package.document_date`.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

import xlsxwriter
from xlsxwriter.utility import xl_rowcol_to_cell

from ..errors import BuildError
from ..evaluation.results import Evaluation
from ..evaluation.scoring import GRADES, LOWEST_GRADE
from ..figures import plain
from ..presentation.form import GRADE_LABEL, FormCell, FormGrid, form_grid
from ..presentation.score_summary import ScoreRow, score_rows
from .form_columns import widened
from .package import document_date, normalize_zip

__all__ = ["COLUMN_WIDTHS", "FIRST_ROW", "FORM_SHEET", "SCORES_SHEET", "write_form_xlsx"]

FORM_SHEET = "自评表"
SCORES_SHEET = "绩效自评得分"
# widths of the 9 columns in character units (landscape A4; the 偏差原因 column takes the room)
COLUMN_WIDTHS = (9.0, 8.0, 9.0, 18.0, 10.0, 11.0, 10.0, 8.0, 60.0)
SCORE_WIDTHS = (12.0, 30.0, 12.0, 8.0, 8.0)  # 类别, 指标, 实际完成值, 分值, 得分
FIRST_ROW = 3  # rows 1–3: title, （年度）, 单位：万元; the grid starts on row 4
FONT = "宋体"
FONT_SIZE = 10
LINE_POINTS = 13.5  # height of one 10-point line
CJK_UNITS = 1.9  # a CJK character at 10 points is about 1.9 character units wide
SCORE_FORMAT = "0.00"


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
        plain_font = {"font_name": FONT, "font_charset": 134, "valign": "vcenter"}
        self.title = wb.add_format({**plain_font, "font_size": 16, "bold": True, "align": "center"})
        self.year = wb.add_format({**plain_font, "font_size": 11, "align": "center"})
        self.unit = wb.add_format({**plain_font, "font_size": 10, "align": "right"})
        self.sign = wb.add_format({**plain_font, "font_size": FONT_SIZE, "align": "left"})

    def get(self, kind: str, number_format: str | None = None, bold: bool = False, align: str = "") -> Any:
        key = (kind, number_format, bold, align)
        if key not in self.cache:
            spec = dict(self.kinds[kind])
            if number_format:
                spec["num_format"] = number_format
            if bold:
                spec["bold"] = True
            if align:
                spec["align"] = align
            self.cache[key] = self.wb.add_format(spec)
        return self.cache[key]

    def of(self, cell: FormCell) -> Any:
        return self.get(cell.kind, cell.number_format)


TEXT_FLOOR_UNITS = 40.0  # the 偏差原因 column keeps at least this


def column_widths(grid: FormGrid) -> list[float]:
    """COLUMN_WIDTHS widened to the figures (:mod:`.form_columns`; 50,000,000.00 元 showed as #####):
    a digit is a character unit, and 2 more for the padding."""
    return widened(grid, COLUMN_WIDTHS, lambda text: len(text) + 2.0, TEXT_FLOOR_UNITS)


def _lines(text: str, width_units: float) -> int:
    per_line = max(int(width_units / CJK_UNITS), 1)
    return sum(-(-max(len(part), 1) // per_line) for part in (text or "").split("\n"))


def _row_heights(grid: FormGrid) -> dict[int, float]:
    """Row heights that show every wrapped text whole (xlsxwriter cannot autofit, and Excel never
    autofits merged cells): a cell's lines are shared by the rows it spans."""
    need: dict[int, float] = {}
    widths = column_widths(grid)
    for p in grid.sheet_cells():
        width = sum(widths[p.col : p.last_col + 1])
        height = _lines(p.cell.text, width) * LINE_POINTS + 4
        per_row = height / p.cell.rowspan
        for r in range(p.row, p.last_row + 1):
            need[r] = max(need.get(r, 18.0), per_row)
    return need


def _write_text(ws: Any, r: int, c: int, text: str, style: Any) -> None:
    """Data text, always as a string (never a formula); a text longer than a cell holds stops the build
    (xlsxwriter would cut it to 32,767 characters)."""
    if ws.write_string(r, c, text, style) == -2:
        raise BuildError(f"{ws.name} {xl_rowcol_to_cell(r, c)}：{len(text):,} 个字符超过 .xlsx 单元格的上限 32,767，不能截断写入")


# --------------------------------------------------------------------------- formulas


def _ranges(cells: Iterable[tuple[int, int]]) -> str:
    """Cell references for a SUM: runs of adjacent rows in one column become ranges (I7,H14:H20)."""
    out: list[str] = []
    run: list[tuple[int, int]] = []
    for r, c in sorted(cells, key=lambda rc: (rc[1], rc[0])):
        if run and (c != run[-1][1] or r != run[-1][0] + 1):
            out.append(_span(run))
            run = []
        run.append((r, c))
    if run:
        out.append(_span(run))
    # a SUM's arguments keep their order on the sheet (top to bottom, then left to right)
    return ",".join(sorted(out, key=_ref_key))


def _span(run: list[tuple[int, int]]) -> str:
    first, last = xl_rowcol_to_cell(*run[0]), xl_rowcol_to_cell(*run[-1])
    return first if first == last else f"{first}:{last}"


def _ref_key(ref: str) -> tuple[int, str]:
    head = ref.split(":")[0]
    letters = head.rstrip("0123456789")
    return int(head[len(letters) :]), letters


def _grade_formula(total_ref: str, weight_ref: str | None = None) -> str:
    """优/良/中/差 of the total, with the evaluation's thresholds (best first); on a form that does
    not total 100 (``weight_ref``: its 分值 total), of the total on the 100-point scale (scoring.scaled)."""
    graded = f"ROUND({total_ref}*100/{weight_ref},2)" if weight_ref else total_ref
    expr = f'"{LOWEST_GRADE}"'
    for floor, name in reversed(GRADES):
        expr = f'IF({graded}>={plain(floor)},"{name}",{expr})'
    return expr


def _scale_formula(total_ref: str, weight_ref: str) -> str:
    """'（本表满分40分，折合百分制99.55分）' as a formula over the form's totals (narrate.scale_note)."""
    return f'"（本表满分"&{weight_ref}&"分，折合百分制"&TEXT(ROUND({total_ref}*100/{weight_ref},2),"0.00")&"分）"'


def _sheet_ref(sheet: str, row: int, col: int) -> str:
    return f"'{sheet}'!{xl_rowcol_to_cell(row, col)}"


# --------------------------------------------------------------------------- the sheets


def _form_sheet(ws: Any, grid: FormGrid, fmt: _Formats) -> dict[tuple[str, str], tuple[int, int, FormCell]]:
    """The 自评表; returns where each item's value, weight and score went: (role, key) → (row, col, cell)."""
    for c, width in enumerate(column_widths(grid)):
        ws.set_column(c, c, width)
    last = len(COLUMN_WIDTHS) - 1
    ws.merge_range(0, 0, 0, last, grid.title, fmt.title)
    ws.merge_range(1, 0, 1, last, grid.year_label, fmt.year)
    ws.merge_range(2, 0, 2, last, grid.unit_label, fmt.unit)
    ws.set_row(0, 26)
    placed = [(p.row + FIRST_ROW, p.col, p.last_row + FIRST_ROW, p.last_col, p.cell) for p in grid.sheet_cells()]
    items: dict[tuple[str, str], tuple[int, int, FormCell]] = {(c.role, c.key): (r, col, c) for r, col, _r2, _c2, c in placed if c.key}
    scores = [(r, c) for (role, _), (r, c, _cell) in items.items() if role == "score"]
    weights = [(r, c) for (role, _), (r, c, _cell) in items.items() if role == "weight"]
    total_at = next((r, c) for r, c, _r2, _c2, cell in placed if cell.role == "total")
    weight_cell = next(cell for *_, cell in placed if cell.role == "total_weight")
    weight_at = next((r, c) for r, c, _r2, _c2, cell in placed if cell.role == "total_weight")
    partial = weight_cell.figure is not None and weight_cell.figure != 100
    for r, c, r2, c2, cell in placed:
        style = fmt.of(cell)
        if (r, c) != (r2, c2):
            ws.merge_range(r, c, r2, c2, "", style)
        if cell.role == "total":
            ws.write_formula(r, c, f"=ROUND(SUM({_ranges(scores)}),2)", style, float(cell.figure) if cell.figure is not None else cell.text)
        elif cell.role == "total_weight":
            ws.write_formula(r, c, f"=SUM({_ranges(weights)})", style, float(cell.figure) if cell.figure is not None else cell.text)
        elif cell.role == "grade":
            total_ref, weight_ref = xl_rowcol_to_cell(*total_at), xl_rowcol_to_cell(*weight_at)
            if partial:  # graded on the form's share of its 满分, as the book says beside it
                formula = f'={_scale_formula(total_ref, weight_ref)}&"{GRADE_LABEL}"&{_grade_formula(total_ref, weight_ref)}'
            else:
                formula = f'="{GRADE_LABEL}"&{_grade_formula(total_ref)}'
            ws.write_formula(r, c, formula, style, cell.text)
        elif cell.stored is not None:
            ws.write_number(r, c, float(cell.stored), style)
        else:
            _write_text(ws, r, c, cell.text, style)
    for r, height in _row_heights(grid).items():
        ws.set_row(r + FIRST_ROW, height)
    sign_row = FIRST_ROW + len(grid.rows())
    if grid.sign_off:
        ws.merge_range(sign_row, 0, sign_row, last, "", fmt.sign)
        _write_text(ws, sign_row, 0, grid.sign_off_text("　　　"), fmt.sign)
        ws.set_row(sign_row, 24)
    ws.set_paper(9)  # A4
    ws.set_landscape()
    ws.fit_to_pages(1, 1)
    ws.center_horizontally()
    ws.set_margins(left=0.4, right=0.4, top=0.5, bottom=0.5)
    ws.print_area(0, 0, sign_row if grid.sign_off else sign_row - 1, last)
    ws.hide_gridlines(2)
    return items


def _scores_sheet(ws: Any, rows: list[ScoreRow], items: dict[tuple[str, str], tuple[int, int, FormCell]], fmt: _Formats, year_label: str) -> None:
    """绩效自评得分: each item from its cells on the 自评表; 小计 per 一级指标, 总分 and the grade as formulas."""
    for c, width in enumerate(SCORE_WIDTHS):
        ws.set_column(c, c, width)
    last = len(SCORE_WIDTHS) - 1
    ws.merge_range(0, 0, 0, last, f"绩效自评得分{year_label}", fmt.title)
    ws.set_row(0, 26)
    head = ("类别", "指标", "实际完成值", "分值", "得分")
    for c, text in enumerate(head):
        ws.write_string(1, c, text, fmt.get("label"))
    first = 2
    group_rows: list[int] = []  # this 一级指标's item rows, for its 小计
    sums: list[int] = []  # rows the 总分 adds: the budget's item and every 小计
    total_row = None
    for n, row in enumerate(rows):
        r = first + n
        bold = row.kind != "item"
        if row.kind in ("total", "grade"):  # 总分, 自评等级: one label over 类别 and 指标, as in the book
            ws.merge_range(r, 0, r, 1, "", fmt.get("cell", bold=True))
            _write_text(ws, r, 0, row.group, fmt.get("cell", bold=True))
        else:
            if n == 0 or rows[n - 1].group != row.group:
                group_rows = []
                span = 1
                while n + span < len(rows) and rows[n + span].group == row.group:
                    span += 1
                style = fmt.get("cell", bold=bold)
                if span > 1:
                    ws.merge_range(r, 0, r + span - 1, 0, "", style)
                _write_text(ws, r, 0, row.group, style)
            _write_text(ws, r, 1, row.name, fmt.get("text", bold=bold))
        if row.kind == "item":
            for c, role in ((2, "value"), (3, "weight"), (4, "score")):
                at = items.get((role, row.key))
                if at is None:  # a value the form prints as text only
                    ws.write_string(r, c, "", fmt.get("figure"))
                    continue
                fr, fc, cell = at
                cached: float | str = float(cell.stored) if cell.stored is not None else cell.text
                ws.write_formula(r, c, f"={_sheet_ref(FORM_SHEET, fr, fc)}", fmt.get("figure", cell.number_format, align="right"), cached)
            group_rows.append(r)
            if n == 0:  # the budget's line: no 小计 of its own, the 总分 adds it
                sums.append(r)
        elif row.kind == "subtotal":
            ws.write_string(r, 2, "", fmt.get("figure", bold=True))
            _sum(ws, r, 3, group_rows, "SUM", row.weight, fmt)
            _sum(ws, r, 4, group_rows, "ROUND", row.score, fmt)
            sums.append(r)
        elif row.kind == "total":
            ws.write_string(r, 2, "", fmt.get("figure", bold=True))
            _sum(ws, r, 3, sums, "SUM", row.weight, fmt)
            _sum(ws, r, 4, sums, "ROUND", row.score, fmt)
            total_row = r
        else:  # the grade (on a form that does not total 100, of its share: the row says so in 实际完成值)
            total_at = total_row if total_row is not None else r - 1
            ref, weight = xl_rowcol_to_cell(total_at, 4), xl_rowcol_to_cell(total_at, 3)
            scaled = row.value != ""
            if scaled:
                ws.write_formula(r, 2, f'="折合百分制"&TEXT(ROUND({ref}*100/{weight},2),"0.00")&"分"', fmt.get("figure", bold=True), row.value)
            else:
                ws.write_string(r, 2, "", fmt.get("figure", bold=True))
            ws.write_string(r, 3, "", fmt.get("figure", bold=True))
            ws.write_formula(r, 4, f"={_grade_formula(ref, weight if scaled else None)}", fmt.get("figure", bold=True, align="right"), row.grade)
    ws.set_paper(9)
    ws.fit_to_pages(1, 0)
    ws.center_horizontally()
    ws.repeat_rows(1)
    ws.print_area(0, 0, first + len(rows) - 1, last)
    ws.hide_gridlines(2)


def _sum(ws: Any, r: int, c: int, rows: list[int], how: str, cached: Any, fmt: _Formats) -> None:
    refs = _ranges((x, c) for x in rows)
    formula = f"=ROUND(SUM({refs}),2)" if how == "ROUND" else f"=SUM({refs})"
    number_format = SCORE_FORMAT if how == "ROUND" else "General"  # a weight prints as the book's: 50, 12.5
    ws.write_formula(r, c, formula, fmt.get("figure", number_format, bold=True, align="right"), float(cached))


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
    fmt = _Formats(wb)
    items = _form_sheet(wb.add_worksheet(FORM_SHEET), grid, fmt)
    _scores_sheet(wb.add_worksheet(SCORES_SHEET), score_rows(ev), items, fmt, grid.year_label)
    wb.close()
    normalize_zip(target)
    return target
