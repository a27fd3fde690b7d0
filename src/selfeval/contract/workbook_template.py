"""Write ``自评数据.xlsx``: the year's data as a workbook an analyst fills in Excel or WPS.

Laid out by :mod:`.workbook_layout` (the reader uses the same declaration): one sheet per data
file, Chinese headings, a drop-down list on every enumerated column, an input message (what
goes in, unit, example) on every column or item, the heading row frozen, text columns
formatted as text so Excel does not turn 2021年12月 into a date. Filled from a validated year
(``--from``), every figure is written so that it reads back exactly (see :mod:`.workbook`).

Why xlsxwriter (README "Excel and Word"): complete data validation with input messages,
column formats and print setup, fixed zip timestamps and document dates (the same inputs give
the same bytes); and the file the reader is tested on most is thereby not written by openpyxl.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import xlsxwriter

from ..errors import DataError
from . import model as m
from .raw import rel
from .workbook_layout import BUDGET_HEAD, GUIDE, RECORD_HEAD, RECORD_NOTE, REFERENCE_SUFFIX, SHEETS, Field, Sheet

__all__ = ["Rolled", "value_at", "write_template", "year_files_content"]

TABLE_ROWS = 500  # rows of a table sheet that carry the column's validation and input message
FIXED_DATE = dt.datetime(2000, 1, 1)
FILL_COLOUR = "#FFF2CC"  # a cell that needs this year's value (selfeval template --from)
REVIEW_COLOUR = "#FCE4D6"  # a text kept from last year: review it
REFERENCE_COLOUR = (
    "#EDEDED"  # last year's value beside a cell to fill: read-only reference  # document properties: fixed, so the same inputs give the same bytes
)


@dataclass
class Rolled:
    """A year rolled forward (:mod:`.rollforward`): its files, last year's, and the cells to fill or review."""

    files: dict[str, Any]
    previous: dict[str, Any]  # last year's files, for the reference beside each emptied figure
    source_year: int
    to_fill: set[tuple[str, int | None, tuple[str, ...]]] = field(default_factory=set)  # (file, row or None, path): emptied figures
    to_review: set[tuple[str, int | None, tuple[str, ...]]] = field(default_factory=set)  # kept texts that describe the year


def year_files_content(data: m.YearData) -> dict[str, Any]:
    """The year's data files as the analyst gave them (defaults not spelled out), in the contract's shape."""
    out: dict[str, Any] = {
        "project.yaml": data.project_file.model_dump(exclude_unset=True),
        "funding.csv": [row.model_dump(exclude_unset=True) for row in data.funding],
        "budget.yaml": data.budget.model_dump(exclude_unset=True),
        "indicators.yaml": data.indicators_file.model_dump(exclude_unset=True),
        "prose.yaml": data.prose.model_dump(exclude_unset=True),
    }
    if data.operations is not None:
        out["operations.yaml"] = data.operations.model_dump(exclude_unset=True)
    if data.monthly is not None:
        out["monthly.csv"] = [row.model_dump(exclude_unset=True) for row in data.monthly]
    if data.capacity:
        out["capacity.yaml"] = dict(data.capacity)
    if data.review is not None:
        out["review.yaml"] = data.review.model_dump(exclude_unset=True)
    return out


class _Styles:
    """The workbook's cell formats, created once."""

    def __init__(self, wb: Any):
        base = {"font_name": "宋体", "font_size": 11, "valign": "top"}
        self.head = wb.add_format({**base, "bold": True, "bg_color": "#DDEBF7", "border": 1, "text_wrap": True, "valign": "vcenter", "align": "center"})
        self.item = wb.add_format({**base, "bold": True, "bg_color": "#F2F2F2", "border": 1})
        self.note = wb.add_format({**base, "font_color": "#595959", "text_wrap": True, "font_size": 9})
        self.text = wb.add_format({**base, "num_format": "@", "text_wrap": True})
        self.number = wb.add_format({**base})
        self.date = wb.add_format({**base, "num_format": "yyyy-mm-dd"})
        self.title = wb.add_format({"font_name": "黑体", "font_size": 14, "bold": True})
        self.para = wb.add_format({**base, "text_wrap": True})
        self._marked: dict[tuple[str, str], Any] = {}
        specs: dict[str, dict[str, Any]] = {"text": {"num_format": "@", "text_wrap": True}, "date": {"num_format": "yyyy-mm-dd"}, "number": {}}
        for mark, colour in (("fill", FILL_COLOUR), ("review", REVIEW_COLOUR), ("reference", REFERENCE_COLOUR)):
            for kind, spec in specs.items():
                extra = {"font_color": "#595959", "italic": True} if mark == "reference" else {}
                self._marked[(kind, mark)] = wb.add_format({**base, **spec, **extra, "bg_color": colour, "border": 1, "border_color": "#BFBFBF"})

    @staticmethod
    def _kind(f: Field) -> str:
        return "text" if f.kind in ("text", "enum") else "date" if f.kind == "date" else "number"

    def for_field(self, f: Field, mark: str = "") -> Any:
        if mark:
            return self._marked[(self._kind(f), mark)]
        return {"text": self.text, "date": self.date, "number": self.number}[self._kind(f)]


def _validation(f: Field) -> dict:
    """Drop-down list, type check and input message of a column or item."""
    title = f.label[:32]
    v: dict[str, Any] = {"input_title": title, "input_message": f.message()}
    if f.choices:
        v.update(
            validate="list", source=[c.label for c in f.choices], error_title="请从下拉列表选择", error_message="可选：" + "、".join(c.label for c in f.choices)
        )
    elif f.suggest:
        v.update(validate="list", source=list(f.suggest), error_type="information", error_title=title, error_message="不在常用列表中；确认无误可继续。")
    elif f.kind == "int":
        low = f.minimum if f.minimum is not None else -(10**15)
        high = f.maximum if f.maximum is not None else 10**15
        v.update(
            validate="integer",
            criteria="between",
            minimum=low,
            maximum=high,
            error_title="请输入整数",
            error_message=f"{f.label}须为{low}到{high}之间的整数（不要用公式或文本）。",
        )
    elif f.kind == "decimal":
        v.update(
            validate="decimal",
            criteria="between",
            minimum=-(10**15),
            maximum=10**15,
            error_title="请输入数值",
            error_message=f"{f.label}须为数值（不带千分位、单位，不要用公式）。",
        )
    elif f.kind == "date":
        v.update(
            validate="date",
            criteria="between",
            minimum=dt.date(2000, 1, 1),
            maximum=dt.date(2100, 12, 31),
            error_title="请输入日期",
            error_message="请输入日期，如 2022-01-01。",
        )
    else:
        v.update(validate="any")
    return v


def _cell_value(f: Field, value: Any) -> tuple[str, Any]:
    """How to write a contract value: ('string'|'number'|'date', value)."""
    if value is None:
        return "blank", None
    if f.kind == "enum":
        code = str(value)
        label = next((c.label for c in f.choices if c.code == code), None)
        if f.path[-1] == "op":
            label = {">=": "≥", "=": "=", "<=": "≤"}.get(code, label)
        return "string", label if label is not None else code
    if f.kind == "date":
        return "date", dt.datetime.combine(value, dt.time())
    if f.kind == "text":
        return "string", str(value)
    if f.kind == "int" or isinstance(value, int):
        return "number", int(value)
    d = Decimal(value)
    as_float = float(d)
    # a double carries 15 significant digits exactly; a longer figure goes in as text, still exact
    if Decimal(repr(as_float)) == d:
        return "number", as_float
    return "string", format(d, "f")


def _write(ws: Any, row: int, col: int, f: Field, value: Any, styles: _Styles, mark: str = "") -> None:
    how, v = _cell_value(f, value)
    style = styles.for_field(f, mark)
    if how == "string":
        ws.write_string(row, col, v, style)  # xlsxwriter escapes text that reads like an OOXML escape (_x0041_)
    elif how == "number":
        ws.write_number(row, col, v, style)
    elif how == "date":
        ws.write_datetime(row, col, v, style)
    else:
        ws.write_blank(row, col, None, style)


def value_at(data: Any, path: tuple[str, ...]) -> Any:
    """The value at a field path of a data file's content, or None."""
    for key in path:
        if not isinstance(data, dict) or key not in data:
            return None
        data = data[key]
    return data


def _mark(rolled: Rolled | None, file: str, row: int | None, path: tuple[str, ...]) -> str:
    if rolled is None:
        return ""
    if (file, row, path) in rolled.to_fill:
        return "fill"
    return "review" if (file, row, path) in rolled.to_review else ""


def _table_sheet(wb: Any, sheet: Sheet, rows: list[dict], styles: _Styles, rolled: Rolled | None = None, previous: list[dict] | None = None) -> None:
    """One row per record; with ``rolled``, each emptied figure has a column of last year's values right of it."""
    ws = wb.add_worksheet(sheet.name)
    emptied = {path for file, _, path in (rolled.to_fill if rolled else ()) if file == sheet.file}
    columns: list[tuple[Field, bool]] = []  # (field, is the reference column)
    for f in sheet.fields:
        columns.append((f, False))
        if f.path in emptied:
            columns.append((f, True))
    for c, (f, reference) in enumerate(columns):
        if reference:
            label = f"{f.label}{REFERENCE_SUFFIX}"
            ws.write_string(0, c, label, styles.head)
            ws.set_column(c, c, max(f.width, 12), styles.for_field(f))
            note = f"{rolled.source_year if rolled else ''}年度的{f.label}，仅供参考，不读取；请在左侧黄色单元格填写本年度的数值"
            ws.data_validation(0, c, TABLE_ROWS, c, {"validate": "any", "input_title": label[:32], "input_message": note})
            continue
        ws.write_string(0, c, f.label, styles.head)
        ws.set_column(c, c, f.width, styles.for_field(f))
        ws.data_validation(1, c, TABLE_ROWS, c, _validation(f))
        ws.data_validation(0, c, 0, c, {"validate": "any", "input_title": f.label[:32], "input_message": f.message()})
    for r, record in enumerate(rows, start=1):
        for c, (f, reference) in enumerate(columns):
            if reference:
                old = value_at(previous[r - 1], f.path) if previous is not None and r - 1 < len(previous) else None
                _write(ws, r, c, f, old, styles, "reference")
            else:
                _write(ws, r, c, f, value_at(record, f.path), styles, _mark(rolled, sheet.file, r - 1, f.path))
        ws.set_row(r, _height((value_at(record, f.path), f.width) for f in sheet.fields if f.kind == "text"))
    ws.set_row(0, 30)
    ws.freeze_panes(1, 2 if sheet.file == "indicators.yaml" else 1)
    _print_setup(ws)


def _rows_of_file(sheet: Sheet, content: dict) -> list[dict]:
    """The rows of a file kept as one of its lists, each with the file's shared fields (复核年度)."""
    shared = {f.path[0]: content.get(f.path[0]) for f in sheet.fields if f.shared}
    return [{**row, **shared} for row in content.get(sheet.rows_key, [])]


def _record_sheet(wb: Any, sheet: Sheet, files: dict[str, Any], styles: _Styles, rolled: Rolled | None = None) -> None:
    ws = wb.add_worksheet(sheet.name)
    pair = any(f.second is not None for f in sheet.fields)
    head = (*BUDGET_HEAD, RECORD_NOTE) if pair else (*RECORD_HEAD, RECORD_NOTE)
    for c, text in enumerate(head):
        ws.write_string(0, c, text, styles.head)
    value_width = max(f.width for f in sheet.fields)
    ws.set_column(0, 0, 20)
    ws.set_column(1, 1, max(value_width, 30))
    if pair:
        ws.set_column(2, 2, 14)
    ws.set_column(len(head) - 1, len(head) - 1, 48)
    ws.data_validation(
        0, 0, 0, len(head) - 1, {"validate": "any", "input_title": sheet.name, "input_message": "A列为项目（请勿修改），B列填写内容；说明列不读取。"}
    )
    row = 1
    for f in sheet.fields:
        data = files.get(f.file or sheet.file) or {}
        value = value_at(data, f.path)
        entries = list(value) if f.repeat and isinstance(value, list) else ([] if f.repeat else [value])
        if f.repeat and not entries:
            entries = [None]  # one empty row to fill in; add rows with the same name for more
        mark = _mark(rolled, f.file or sheet.file, None, f.path)
        note = f.message() + ("（可多行：复制本行）" if f.repeat else "")
        if mark == "fill" and rolled is not None:
            old = value_at(rolled.previous.get(f.file or sheet.file) or {}, f.path)
            note = f"【须填写本年度数值；{rolled.source_year}年度：{_cell_value(f, old)[1]}】{note}"
        elif mark == "review":
            note = f"【沿用上年文字，请复核】{note}"
        for entry in entries:
            ws.write_string(row, 0, f.label, styles.item)
            first = entry.get("name") if f.second is not None and isinstance(entry, dict) else entry
            _write(ws, row, 1, f, first, styles, mark)
            ws.data_validation(row, 1, row, 1, _validation(f))
            ws.data_validation(
                row,
                0,
                row,
                0,
                {"validate": "any", "input_title": f.label[:32], "input_message": "本行的项目，请勿修改；列表项（如主要依据）可复制本行插入以增加一条。"},
            )
            if f.second is not None:
                _write(ws, row, 2, f.second, entry.get(f.second.path[-1]) if isinstance(entry, dict) else None, styles)
                ws.data_validation(row, 2, row, 2, _validation(f.second))
            elif pair:
                ws.write_blank(row, 2, None, styles.number)
            ws.write_string(row, len(head) - 1, note, styles.note)
            ws.set_row(row, _height([(first, max(value_width, 30)), (f.message(), 48 * 1.8)]))
            row += 1
    ws.freeze_panes(1, 1)
    _print_setup(ws)


def _height(texts: Any) -> float | None:
    """A row height that shows wrapped text whole (xlsxwriter cannot autofit): 15 points a line,
    a CJK character taking two width units; None (the default height) for one line."""
    lines = 1
    for text, width in texts:
        if isinstance(text, str) and text:
            per_line = max(int(width // 2), 1)
            lines = max(lines, sum(-(-max(len(p), 1) // per_line) for p in text.split("\n")))
    return None if lines == 1 else min(15.0 * lines, 409.0)


def _print_setup(ws: Any) -> None:
    """A4 landscape, as wide as one page, headings repeated: the workbook prints legibly too."""
    ws.set_paper(9)
    ws.set_landscape()
    ws.fit_to_pages(1, 0)
    ws.repeat_rows(0)


GUIDE_LINES = (
    "本工作簿是 {year} 年度自评报告的全部数据，放在 data/{year}/自评数据.xlsx，代替 YAML/CSV 文件（二者不能同时存在）。",
    "工作表：项目信息、项目资金、预算、绩效指标、文字材料（必填）；运营情况、分月话务、测算假设（选填：留空或删除该表即为没有）。",
    "每个单元格选中时会显示填写说明（内容、单位、示例）；带下拉箭头的列请从列表选择。各字段的含义见 data/README.md。",
    "数值直接输入，不要使用公式，不带千分位和单位；百分比指标填 95 或 95%；计数填整数；日期填 2022-01-01。",
    "不要合并单元格，表格中间不要留空行，不要隐藏工作表、行或列；工作表名和标题行请勿修改。",
    "主要依据、开支内容、改进措施等列表：复制该行并插入，A列名称保持相同，每行一条。",
    "检查数据：python -m selfeval score --year {year}；生成报告：make book YEAR={year}。出错时的提示会指出工作表和单元格，如 绩效指标!F5。",
    "复核提示：python -m selfeval check --year {year} 逐条列出审核要点检查发现的问题（未达标指标缺偏差原因、预算执行率低于100%未说明原因、章节未填写等），"
    "每条注明单元格和处理办法；确属如此的，在“复核记录”表填审核要点、字段和理由即为接受。",
)
ROLLED_LINES = (
    "本工作簿由{source}年度结转：年度与实施时段已顺延，文字中的“{source}年”已改为本年度。",
    "黄色单元格须填写{year}年度的数值（上年数值不会带入）；表格中标题为“…（上年参考）”的灰色列、以及说明列中的【{source}年度：…】为上年数值，仅供参考，不读取。",
    "橙色单元格为沿用的上年文字，请逐一复核。填写后运行 python -m selfeval check --year {year}：仍与上年相同的数字会列出，请确认。",
)


def _guide(wb: Any, year: int, styles: _Styles, source_year: int | None = None) -> None:
    ws = wb.add_worksheet(GUIDE)
    ws.set_column(0, 0, 120)
    _print_setup(ws)
    ws.write_string(0, 0, f"{year}年度项目支出绩效自评数据 填写说明", styles.title)
    lines = GUIDE_LINES + (ROLLED_LINES if source_year is not None else ())
    for n, line in enumerate(lines, start=2):
        ws.write_string(n, 0, line.format(year=year, source=source_year), styles.para)


def write_template(target: Path, year: int, source: m.YearData | None = None, overwrite: bool = False, rolled: Rolled | None = None) -> Path:
    """Write the year's workbook to ``target``: empty, filled from ``source`` as it is (its fiscal year
    set to ``year``: a YAML/CSV year converted), or ``rolled`` forward from an earlier year (:mod:`.rollforward`)."""

    target = Path(target)
    if target.exists() and not overwrite:
        raise DataError(rel(target), "", "已存在", "保留它，或加 --force 覆盖（其内容将丢失）")
    files: dict[str, Any]
    if rolled is not None:
        files = rolled.files
    elif source is not None:
        files = year_files_content(source)
    else:
        files = {"funding.csv": [{"source": s} for s in ("municipal", "transfer", "other")]}
    files.setdefault("project.yaml", {})["fiscal_year"] = year
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    wb = xlsxwriter.Workbook(str(partial), {"strings_to_numbers": False, "strings_to_formulas": False, "strings_to_urls": False})
    wb.set_properties({"title": f"{year}年度项目支出绩效自评数据", "created": FIXED_DATE, "author": "selfeval"})
    styles = _Styles(wb)
    _guide(wb, year, styles, rolled.source_year if rolled else None)
    for sheet in SHEETS:
        if sheet.layout == "table":
            content: Any = files.get(sheet.file)
            rows = _rows_of_file(sheet, content or {}) if sheet.rows_key else list(content or [])
            before: Any = rolled.previous.get(sheet.file) if rolled else None
            previous = (_rows_of_file(sheet, before or {}) if sheet.rows_key else list(before or [])) if rolled else None
            _table_sheet(wb, sheet, rows, styles, rolled, previous)
        else:
            _record_sheet(wb, sheet, files, styles, rolled)
    wb.close()
    partial.replace(target)
    return target
