"""Read ``data/<year>/自评数据.xlsx`` into the same :class:`RawSource` objects the YAML/CSV reader gives.

The layout (sheets, columns, items) is declared once in :mod:`.workbook_layout`. This module
turns cells into the data files' YAML-like structure, so validation and its messages are the
ones the YAML/CSV path uses; each source's ``where`` names the cell (``绩效指标!F5``).

Why openpyxl reads (see README "Excel and Word"): it is the one reader here that exposes what
exactness needs: a cell's number format (95% is stored as 0.95), whether a cell holds a formula,
an error value, merged ranges, hidden sheets, rows and columns.

Exact figures. A number in an .xlsx is a binary double written as text; Excel writes at most
15 significant digits of what was typed. A double becomes a Decimal through its shortest
round-trip representation (``repr``): 13410.06 typed is stored as the double nearest 13410.06,
whose shortest repr is ``13410.06``, so it is read as ``Decimal('13410.06')``. A cell formatted
as a percentage is read as the number shown before the % sign where the contract's value is in
per cent (目标值 95% → 95) and as the share where it is a share (忙时话务占比 9% → 0.09). Text
that holds a number (``'13410.06``) is accepted as written; a count must be a whole number.

Refused, each with a one-line message naming the cell: formulas (a computed double is not an
exact figure, and a file not saved by Excel has no computed value), error values (#DIV/0!),
TRUE/FALSE, merged cells, an empty row between data rows, data in hidden rows or columns,
hidden, unknown or missing sheets, unknown, repeated or missing columns.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import warnings
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from ..errors import FIX_SEPARATOR, DataError
from .fieldtypes import ascii_digits
from .raw import RawSource, date_problem, rel
from .workbook_bounds import check_bounds
from .workbook_layout import BY_NAME, GUIDE, OPERATOR_SPELLINGS, RECORD_HEAD, RECORD_NOTE, REFERENCE_SUFFIX, SHEETS, Field, Sheet

__all__ = ["cell_decimal", "is_percent_format", "read_workbook"]

NUMBER_AS_TEXT_FIX = "只填数字，如 95 或 13410.06（不带千分位和单位）"
TEMPLATE_FIX = "可对照新生成的模板：python -m selfeval template --year 年度"


# --------------------------------------------------------------------------- cell values


def cell_decimal(value: float | int) -> Decimal:
    """A stored number as an exact Decimal: ints as they are, doubles by their shortest round-trip repr."""
    if isinstance(value, int):
        return Decimal(value)
    return Decimal(repr(value))


def is_percent_format(number_format: str | None) -> bool:
    """True when a number format shows a percentage (a % outside quotes and escapes): '0.00%', '0%'."""
    text = re.sub(r'"[^"]*"|\\.', "", number_format or "")
    return "%" in text


_TEXT_DATE = (  # after ascii_digits: [0-9] only (\d would also match ١٣ and other scripts' digits)
    re.compile(r"^([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})$"),
    re.compile(r"^([0-9]{4})/([0-9]{1,2})/([0-9]{1,2})$"),
    re.compile(r"^([0-9]{4})\.([0-9]{1,2})\.([0-9]{1,2})$"),
    re.compile(r"^([0-9]{4})年([0-9]{1,2})月([0-9]{1,2})日$"),
)


@dataclass
class _Ctx:
    """Where a value came from, for messages."""

    file: str
    sheet: str

    def fail(self, ref: str, problem: str, fix: str) -> DataError:
        return DataError(self.file, f"{self.sheet}!{ref}", problem, fix)


def _shown(value: Any) -> str:
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, (dt.datetime, dt.date)):
        return value.isoformat()[:10] if not isinstance(value, dt.datetime) or value.time() == dt.time() else value.isoformat(sep=" ")
    return str(value)


def convert(cell: Any, f: Field, ctx: _Ctx) -> Any:
    """One cell → the contract value for field ``f`` (None when empty); DataError naming the cell otherwise."""
    ref = cell.coordinate
    value = cell.value
    kind = cell.data_type
    if kind == "f" or (isinstance(value, str) and kind != "s" and value.startswith("=")) or type(value).__name__ in ("ArrayFormula", "DataTableFormula"):
        formula = value if isinstance(value, str) else "公式"
        raise ctx.fail(ref, f"是公式（{formula}），不是输入的值", "直接输入数值（复制该单元格，再“选择性粘贴 → 数值”）")
    if kind == "e":
        raise ctx.fail(ref, f"是错误值 {value}", "换成数值本身（输入的值，不是公式）")
    if value is None:
        return None
    if isinstance(value, bool):
        raise ctx.fail(ref, f"是逻辑值 {'TRUE' if value else 'FALSE'}，不是{_KIND_NAMES[f.kind]}", f"改为输入{f.label}")
    if isinstance(value, str):
        text = _unescape_controls(value).replace("\r\n", "\n").replace("\r", "\n").strip()
        if not text:
            return None
        return _from_text(text, f, ref, ctx)
    if isinstance(value, (dt.datetime, dt.date)):
        return _from_date(value, f, ref, ctx)
    if isinstance(value, (dt.time, dt.timedelta)):
        raise ctx.fail(ref, f"是时间（{value}），不是{_KIND_NAMES[f.kind]}", "把单元格格式设为“常规”或“文本”，重新输入")
    if isinstance(value, (int, float)):
        return _from_number(value, cell.number_format, f, ref, ctx)
    raise ctx.fail(ref, f"是不支持的值（{type(value).__name__}）", "重新输入该值")


_KIND_NAMES = {"text": "文字", "decimal": "数值", "int": "整数", "date": "日期", "enum": "下拉列表中的选项"}


def _tidy(number: Decimal) -> Decimal:
    """A scaled percentage without trailing zeros or exponent: 0.95 → 95, 1.00 → 100 (not 1E+2)."""
    if number == number.to_integral_value():
        return Decimal(int(number))
    return number.normalize()


_ESCAPED_CONTROL = re.compile(r"_x(00[01][0-9A-Fa-f]|007[Ff])_")


def _unescape_controls(text: str) -> str:
    """Decode OOXML's escapes of control characters, which XML cannot hold: Excel writes a pasted
    carriage return as _x000D_, and openpyxl hands it over as those seven characters. Only control
    characters are decoded: a printable one is never escaped, so _x0041_ in a cell is text."""
    return _ESCAPED_CONTROL.sub(lambda m: chr(int(m.group(1), 16)), text) if "_x" in text else text


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _from_text(text: str, f: Field, ref: str, ctx: _Ctx) -> Any:
    bad = _CONTROL.search(text)
    if bad:
        code = f"U+{ord(bad.group()):04X}"
        raise ctx.fail(ref, f"第{bad.start() + 1}个字符是不可见的控制字符（{code}）", "重新输入文字，或以纯文本粘贴（Ctrl+Shift+V）")
    if f.kind == "text":
        return text
    if f.kind == "enum":
        return _choice(text, f, ref, ctx)
    if f.kind in ("date", "int", "decimal"):  # the digits rule of every number (contract.fieldtypes.ascii_digits)
        try:
            text = ascii_digits(text)
        except ValueError as exc:
            problem, _, fix = str(exc).partition(FIX_SEPARATOR)
            raise ctx.fail(ref, problem, fix) from None
    if f.kind == "date":
        for pattern in _TEXT_DATE:
            m = pattern.match(text)
            if m:
                try:
                    return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
                except ValueError as exc:
                    raise ctx.fail(ref, f"“{text}”不是有效日期（{date_problem(exc)}）", "填写实际存在的日期，如 2022-01-01") from None
        raise ctx.fail(ref, f"“{text}”不是日期", "输入日期（2022-01-01、2022/1/1 或 2022年1月1日），或在日期格式的单元格中选择")
    # a number stored as text: accepted exactly as written (percent sign where the column allows one)
    body = text
    if body.endswith("%") and f.percent:
        number = _text_number(body[:-1].strip(), f, ref, ctx)
        return number if f.percent == "points" else _tidy(number.scaleb(-2))
    number = _text_number(body, f, ref, ctx)
    if f.kind == "int":
        if number != number.to_integral_value():
            raise ctx.fail(ref, f"“{text}”不是整数", "计数是整数，输入不带小数的计数")
        return int(number)
    return number


def _text_number(text: str, f: Field, ref: str, ctx: _Ctx) -> Decimal:
    try:
        number = Decimal(text)
    except InvalidOperation:
        number = None
    if number is None or not number.is_finite() or not re.fullmatch(r"[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?", text):
        what = "整数" if f.kind == "int" else "数字"
        raise ctx.fail(ref, f"“{text}”不是{what}", NUMBER_AS_TEXT_FIX)
    return number


def _from_number(value: int | float, number_format: str, f: Field, ref: str, ctx: _Ctx) -> Any:
    if isinstance(value, float) and (value != value or value in (float("inf"), float("-inf"))):
        raise ctx.fail(ref, f"{value!r}不是有限的数", "输入数值")
    number = cell_decimal(value)
    percent = is_percent_format(number_format)
    if percent:
        if f.percent == "points":
            number = number.scaleb(2)
        elif f.percent != "fraction":
            shown = format(number.scaleb(2).normalize(), "f")
            raise ctx.fail(
                ref,
                f"设成了百分比格式（{shown}%），但{f.label}不是百分比",
                "把单元格格式设为“常规”，输入数值本身",
            )
    if f.kind == "text":
        # a text item typed as a number (a name such as 12345): its digits, as shown
        return format(number.normalize(), "f") if number != number.to_integral_value() else str(int(number))
    if f.kind == "enum":
        return _choice(format(number.normalize(), "f"), f, ref, ctx)
    if f.kind == "date":
        raise ctx.fail(ref, f"是数字{_shown(value)}，不是日期", "把单元格格式设为“日期”，或按 2022-01-01 输入日期")
    if f.kind == "int":
        if number != number.to_integral_value():
            shown = format(number.normalize(), "f")
            raise ctx.fail(ref, f"{shown}不是整数", "计数是整数，输入不带小数的计数")
        return int(number)
    return _tidy(number) if percent else number


def _from_date(value: dt.date, f: Field, ref: str, ctx: _Ctx) -> Any:
    if isinstance(value, dt.datetime):
        if value.time() != dt.time():
            raise ctx.fail(ref, f"是日期和时间（{_shown(value)}）", "只输入日期，如 2022-01-01")
        value = value.date()
    if f.kind == "date":
        return value
    if f.kind == "text":
        raise ctx.fail(ref, f"被转换成了日期（{value.isoformat()}），但{f.label}是文字", "把单元格格式设为“文本”，重新输入（如 2021年12月）")
    raise ctx.fail(ref, f"是日期（{value.isoformat()}），不是{_KIND_NAMES[f.kind]}", "把单元格格式设为“常规”，重新输入数值")


def _choice(text: str, f: Field, ref: str, ctx: _Ctx) -> str:
    if f.path[-1] == "op" and text in OPERATOR_SPELLINGS:  # ≥ or >=, as in YAML
        return OPERATOR_SPELLINGS[text]
    for c in f.choices:
        if text in c.names():
            return c.code
    allowed = "、".join(c.label for c in f.choices)
    raise ctx.fail(ref, f"“{text}”不是{f.label}的可选值", f"从下拉列表中选择：{allowed}")


# --------------------------------------------------------------------------- sheets


def _column_letter(n: int) -> str:
    from openpyxl.utils import get_column_letter  # openpyxl (0.15 s) only for workbook years

    return get_column_letter(n)


def _is_blank(cell: Any) -> bool:
    v = cell.value
    return v is None or (isinstance(v, str) and not v.strip())


@dataclass
class _SheetScan:
    """A sheet's cells after the checks every sheet gets (merges, hidden data, empty rows between rows)."""

    ws: Any
    ctx: _Ctx
    header: dict[int, str]  # column number → heading text
    rows: list[int] = field(default_factory=list)  # data rows (1-based), in order

    @property
    def last_column(self) -> int:
        return max(self.header) if self.header else 1


def _scan(ws: Any, ctx: _Ctx, read_columns: Callable[[dict[int, str]], set[int]]) -> _SheetScan:
    for merged in ws.merged_cells.ranges:
        raise ctx.fail(str(merged), "是合并的单元格", "取消合并单元格，每个单元格填一个值")
    header = {c.column: str(c.value).strip() for c in ws[1] if not _is_blank(c)} if ws.max_row >= 1 else {}
    columns = read_columns(header)
    scan = _SheetScan(ws, ctx, header)
    empty_run: list[int] = []
    for r in range(2, ws.max_row + 1):
        cells = [ws.cell(row=r, column=c) for c in columns]
        if all(_is_blank(c) for c in cells):
            empty_run.append(r)
            continue
        if empty_run:
            first = empty_run[0]
            raise ctx.fail(
                f"A{first}",
                f"第{first}行为空，但其下的第{r}行有数据",
                "删除空行（右键 → 删除），或填写它；空行之后不能再有数据",
            )
        scan.rows.append(r)
    _check_hidden(ws, ctx, scan.rows, columns)
    return scan


def _check_hidden(ws: Any, ctx: _Ctx, rows: list[int], columns: set[int]) -> None:
    for r in rows:
        dim = ws.row_dimensions.get(r) if hasattr(ws.row_dimensions, "get") else None
        if dim is not None and dim.hidden:
            raise ctx.fail(f"A{r}", f"第{r}行被隐藏，但有数据", "取消隐藏并核对，或删除该行")
    for c in columns:
        letter = _column_letter(c)
        dim = ws.column_dimensions.get(letter) if hasattr(ws.column_dimensions, "get") else None
        if dim is not None and dim.hidden and any(not _is_blank(ws.cell(row=r, column=c)) for r in rows):
            raise ctx.fail(f"{letter}1", f"{letter}列被隐藏，但有数据", "取消隐藏并核对，或删除该列")


def _guess(name: str, known: list[str]) -> str:
    close = difflib.get_close_matches(name, known, n=1, cutoff=0.5)
    return f"是否应为“{close[0]}”？" if close else ""


# ---- tables


def _read_table(ws: Any, sheet: Sheet, file: str) -> tuple[list[dict], Callable[[tuple], str]]:
    """Rows as mappings (nested by field path); ``where`` for a loc (row index, *path)."""
    ctx = _Ctx(file, sheet.name)
    labels = [f.label for f in sheet.fields]
    columns: dict[tuple[str, ...], int] = {}

    def heading_columns(header: dict[int, str]) -> set[int]:
        for col, name in sorted(header.items()):
            if name.endswith(REFERENCE_SUFFIX) and sheet.field_for(name.removesuffix(REFERENCE_SUFFIX)) is not None:
                continue  # last year's values beside the cells to fill (selfeval template --from): never read
            f = sheet.field_for(name)
            if f is None:
                raise ctx.fail(
                    f"{_column_letter(col)}1",
                    f"“{name}”不是已知的列",
                    f"{_guess(name, labels)}使用模板的列标题（{'、'.join(labels)}）",
                )
            if f.path in columns:
                raise ctx.fail(f"{_column_letter(col)}1", f"列“{name}”出现了两次", "只保留一列")
            columns[f.path] = col
        return set(range(1, max(max(header, default=0), ws.max_column) + 1))

    scan = _scan(ws, ctx, heading_columns)
    for f in sheet.fields:
        if f.required and f.path not in columns:
            raise ctx.fail("1:1", f"缺少列“{f.label}”", f"添加标题为“{f.label}”的列（{TEMPLATE_FIX}）")
    for r in scan.rows:
        for c in range(1, ws.max_column + 1):
            if c not in scan.header and not _is_blank(ws.cell(row=r, column=c)):
                raise ctx.fail(
                    f"{_column_letter(c)}{r}",
                    "有值，但该列没有标题",
                    "删除该值，或给该列加上模板中的列标题",
                )
    records: list[dict] = []
    for r in scan.rows:
        record: dict = {}
        for f in sheet.fields:
            col = columns.get(f.path)
            if col is None:
                continue
            value = convert(ws.cell(row=r, column=col), f, ctx)
            if value is not None:
                _put(record, f.path, value)
        records.append(record)
    if sheet.file == "indicators.yaml":
        _check_percent_units(ws, sheet, columns, scan.rows, records, ctx)

    by_path = sorted(columns.items(), key=lambda kv: kv[1])
    last = _column_letter(max(scan.header) if scan.header else 1)

    def cell_of(path: tuple, row: int | None) -> str:
        col = _best_column(path, by_path)
        if col is None:
            f = next((f for f in sheet.fields if f.path[: len(path)] == path or path[: len(f.path)] == f.path), None)
            name = f.label if f else ".".join(map(str, path))
            return f"{sheet.name}（没有“{name}”列）" + (f"第{row}行" if row else "")
        letter = _column_letter(col)
        if row is not None:
            return f"{sheet.name}!{letter}{row}"
        first, final = (scan.rows[0], scan.rows[-1]) if scan.rows else (2, 2)
        return f"{sheet.name}!{letter}{first}:{letter}{final}"

    def where(loc: tuple) -> str:
        if loc and isinstance(loc[0], int):
            row = scan.rows[loc[0]] if loc[0] < len(scan.rows) else None
            rest = tuple(x for x in loc[1:] if isinstance(x, str))
            if not rest:
                return f"{sheet.name}!A{row}:{last}{row}" if row else sheet.name
            return cell_of(rest, row)
        return cell_of(tuple(x for x in loc if isinstance(x, str)), None) if loc else sheet.name

    return records, where


def _best_column(path: tuple, by_path: list[tuple[tuple[str, ...], int]]) -> int | None:
    """The column of ``path``: exact, else the field under it (target → 目标运算符), else the field above it."""
    for p, col in by_path:
        if p == path:
            return col
    for p, col in by_path:
        if p[: len(path)] == path:
            return col
    for p, col in by_path:
        if path[: len(p)] == p:
            return col
    return None


def _check_percent_units(ws: Any, sheet: Sheet, columns: dict, rows: list[int], records: list[dict], ctx: _Ctx) -> None:
    """A percentage-formatted 目标值/填报值/档距 is a per-cent figure, so the row's 目标单位 must be %."""
    for n, r in enumerate(rows):
        unit = (records[n].get("target") or {}).get("unit")
        for f in sheet.fields:
            if f.percent != "points" or f.path not in columns:
                continue
            cell = ws.cell(row=r, column=columns[f.path])
            if isinstance(cell.value, (int, float)) and not isinstance(cell.value, bool) and is_percent_format(cell.number_format) and unit != "%":
                raise ctx.fail(
                    cell.coordinate,
                    f"设成了百分比格式，但本行的目标单位是“{unit}”" if unit else "设成了百分比格式，但本行没有目标单位",
                    "比率的目标单位填 %；其他单位的数值请把单元格格式设为“常规”",
                )


def _put(target: dict, path: tuple[str, ...], value: Any) -> None:
    for key in path[:-1]:
        target = target.setdefault(key, {})
    target[path[-1]] = value


# ---- records


@dataclass
class _RecordOut:
    data: dict[str, dict]  # data file → mapping
    rows: dict[tuple[str, tuple], list[int]]  # (file, field path) → rows holding it (a list: one per entry)


def _read_record(ws: Any, sheet: Sheet, file: str) -> _RecordOut:
    ctx = _Ctx(file, sheet.name)
    head = tuple(str(c.value).strip() if c.value is not None else "" for c in ws[1][: len(RECORD_HEAD) + 2])
    expected = _record_head(sheet)
    if head[: len(expected)] != expected:
        raise ctx.fail(
            "A1",
            f"标题行是“{'、'.join(h for h in head[: len(expected)] if h) or '（空）'}”，不是“{'、'.join(expected)}”",
            f"在第1行恢复标题 {'、'.join(expected)}（{TEMPLATE_FIX}）",
        )
    value_cols = len(expected)  # column A is the item name; B (and C for 开支内容) hold values
    scan = _scan(ws, ctx, lambda header: set(range(1, value_cols + 1)))
    note_col = value_cols + 1  # 说明: never read; anything right of it would be silently lost
    for r in range(2, ws.max_row + 1):
        for c in range(note_col + 1, ws.max_column + 1):
            if not _is_blank(ws.cell(row=r, column=c)):
                ref = f"{_column_letter(c)}{r}"
                raise ctx.fail(ref, f"在{RECORD_NOTE}列右侧有值，这些值不会被读取", "移到该项目所在行的B列，或删除")
    labels = [f.label for f in sheet.fields]
    out = _RecordOut({}, {})
    seen: dict[str, int] = {}
    for r in scan.rows:
        name_cell = ws.cell(row=r, column=1)
        name = convert(name_cell, Field(("item",), "项目", "text", ""), ctx)
        if name is None:
            raise ctx.fail(f"B{r}", "有值，但A列没有项目名称", f"在A{r}填写项目名称（{'、'.join(labels[:4])}等）")
        f = sheet.field_for(name)
        if f is None:
            raise ctx.fail(f"A{r}", f"“{name}”不是{sheet.name}的已知项目", f"{_guess(name, labels)}使用模板中的项目名称")
        if not f.repeat and name in seen:
            raise ctx.fail(f"A{r}", f"项目“{name}”出现了两次（第{seen[name]}行和第{r}行）", "每个项目只保留一行（只有主要依据等列表项可以重复）")
        seen[name] = r
        target_file = f.file or sheet.file
        data = out.data.setdefault(target_file, {})
        value = convert(ws.cell(row=r, column=2), f, ctx)
        second = convert(ws.cell(row=r, column=3), f.second, ctx) if f.second is not None else None
        if f.second is None and value_cols > 2:
            extra = ws.cell(row=r, column=3)
            if not _is_blank(extra):
                raise ctx.fail(extra.coordinate, f"{f.label}没有金额", "删除它（只有开支内容行有金额）")
        if f.repeat:
            if value is None and second is None:
                continue  # an unused list row
            item: Any = value
            if f.second is not None:
                item = {"name": value} if value is not None else {}
                if second is not None:
                    item[f.second.path[-1]] = second
            _list_at(data, f.path).append(item)
            out.rows.setdefault((target_file, f.path), []).append(r)
        elif value is not None:
            _put(data, f.path, value)
            out.rows[(target_file, f.path)] = [r]
        else:
            out.rows.setdefault((target_file, f.path), [r])
    for f in sheet.fields:  # rows of items left blank, so a 'missing' message can name them
        if f.label in seen:
            out.rows.setdefault((f.file or sheet.file, f.path), [seen[f.label]])
    return out


def _record_head(sheet: Sheet) -> tuple[str, ...]:
    if any(f.second is not None for f in sheet.fields):
        return (*RECORD_HEAD, "金额")
    return RECORD_HEAD


def _list_at(data: dict, path: tuple[str, ...]) -> list:
    for key in path[:-1]:
        data = data.setdefault(key, {})
    return data.setdefault(path[-1], [])


def _record_where(sheet: Sheet, file: str, rows: dict[tuple[str, tuple], list[int]]) -> Callable[[tuple], str]:
    fields = [f for f in sheet.fields if (f.file or sheet.file) == file]

    def where(loc: tuple) -> str:
        path = tuple(loc)
        best: Field | None = None
        for f in fields:  # the field the location is in (its path is a prefix of loc) …
            if path[: len(f.path)] == f.path:
                best = f
        if best is None:  # … or the first field under the location (contract → 承建单位)
            best = next((f for f in fields if f.path[: len(path)] == path), None)
        if best is None:
            return sheet.name
        found = rows.get((file, best.path))
        if not found:
            return f"{sheet.name}（没有“{best.label}”行）"
        rest = path[len(best.path) :]
        if best.repeat and rest and isinstance(rest[0], int):
            index = rest[0]
            r = found[index] if index < len(found) else found[-1]
            column = "C" if best.second is not None and rest[1:] and rest[1] == best.second.path[-1] else "B"
            return f"{sheet.name}!{column}{r}"
        return f"{sheet.name}!B{found[0]}"

    return where


# --------------------------------------------------------------------------- the workbook


def _open(path: Path, label: str) -> Any:
    from openpyxl import load_workbook  # openpyxl (0.15 s) only for workbook years

    if not zipfile.is_zipfile(path):
        raise DataError(
            label,
            "",
            "无法作为 .xlsx 工作簿读取（不是 OOXML 格式的文件：可能是旧的 .xls、改了扩展名的 CSV，或已加密）",
            "在 Excel 或 WPS 中另存为“Excel 工作簿 (*.xlsx)”",
        )
    check_bounds(path, label)  # rows, columns, cells and text length, on the streaming XML: before openpyxl materialises them
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # unsupported extensions (e.g. WPS's) are not data
            return load_workbook(path, data_only=False, keep_links=False)
    except Exception as exc:  # openpyxl raises many types for broken files
        raise DataError(label, "", f"无法作为 .xlsx 工作簿读取（{type(exc).__name__}：{exc}）", "用 Excel 或 WPS 打开，另存为“Excel 工作簿 (*.xlsx)”") from None


def _check_sheets(wb: Any, label: str) -> None:
    known = [s.name for s in SHEETS]
    for ws in wb.worksheets + list(getattr(wb, "chartsheets", [])):
        name = ws.title
        if name != GUIDE and name not in BY_NAME:
            raise DataError(label, f"工作表“{name}”", "不是已知的工作表", f"{_guess(name, known)}改名为 {'、'.join(known)} 之一，或删除它")
        if name != GUIDE and getattr(ws, "sheet_state", "visible") != "visible":  # the guide is never read
            raise DataError(label, f"工作表“{name}”", "被隐藏", "取消隐藏（右键 → 取消隐藏）并核对，或删除它：隐藏的数据会在看不见的情况下被读取")


def _has_values(data: Any) -> bool:
    return bool(data)


def read_workbook(path: Path | str) -> dict[str, RawSource]:
    """Every data file of a year's workbook, read but not validated, keyed by data file name."""
    path = Path(path)
    label = rel(path)
    wb = _open(path, label)
    _check_sheets(wb, label)
    names = set(wb.sheetnames)
    out: dict[str, RawSource] = {}
    record_rows: dict[tuple[str, tuple], list[int]] = {}
    record_data: dict[str, dict] = {}
    record_sheet: dict[str, Sheet] = {}
    for sheet in SHEETS:
        if sheet.name not in names:
            if sheet.required:
                raise DataError(
                    label,
                    f"工作表“{sheet.name}”",
                    "缺少该工作表",
                    "添加该工作表（格式见模板：python -m selfeval template --year 年度），或检查工作表名称",
                )
            continue
        ws = wb[sheet.name]
        if sheet.layout == "table":
            records, where = _read_table(ws, sheet, label)
            if not records:
                if sheet.required:
                    raise DataError(
                        label,
                        f"工作表“{sheet.name}”",
                        "没有数据行",
                        "每" + ("个资金来源" if sheet.file == "funding.csv" else "个指标") + "填一行",
                    )
                continue
            data: Any = _file_of_rows(sheet, records, where, label) if sheet.rows_key else records
            out[sheet.file] = RawSource(label, data, _table_where(sheet, where), cells=True)
        else:
            got = _read_record(ws, sheet, label)
            for file, mapping in got.data.items():
                record_data.setdefault(file, {}).update(mapping)
                record_sheet.setdefault(file, sheet)
            record_rows.update(got.rows)
            record_sheet.setdefault(sheet.file, sheet)
    for sheet in SHEETS:
        if sheet.layout != "record" or sheet.name not in names:
            continue
        mapping = record_data.get(sheet.file, {})
        if not _has_values(mapping):
            if sheet.required:
                raise DataError(label, f"工作表“{sheet.name}”", "为空", "填写内容（见 data/README.md）")
            continue
        out[sheet.file] = RawSource(label, mapping, _record_where(sheet, sheet.file, record_rows), cells=True)
    _merge_cross_items(out, record_data, record_rows, label)
    return out


def _file_of_rows(sheet: Sheet, records: list[dict], where: Callable[[tuple], str], label: str) -> dict:
    """A file whose rows are one of its lists (indicators.yaml → indicators): the rows under that key,
    and a shared column (复核年度) as the file's own field, which every row must agree on."""
    out: dict[str, Any] = {sheet.rows_key: records}
    for f in sheet.fields:
        if not f.shared:
            continue
        values = [r.pop(f.path[0], None) for r in records]
        first = values[0]
        for n, value in enumerate(values[1:], start=1):
            if value != first:
                raise DataError(
                    label,
                    where((n, *f.path)),
                    f"{f.label}{value}与{where((0, *f.path))}的{first}不同",
                    f"每张工作表只有一个{f.label}：各行填同一值，或删除其他年度的行",
                )
        if first is not None:
            out[f.path[0]] = first
    return out


def _table_where(sheet: Sheet, table_where: Callable[[tuple], str]) -> Callable[[tuple], str]:
    if not sheet.rows_key:
        return table_where
    shared = {f.path[0] for f in sheet.fields if f.shared}

    def where(loc: tuple) -> str:
        if loc and loc[0] == sheet.rows_key:
            return table_where(tuple(loc[1:])) if len(loc) > 1 else table_where(())
        if loc and loc[0] in shared:  # the file's own field: its cell on the first row
            return table_where((0, *loc))
        return table_where(tuple(loc))

    return where


def _merge_cross_items(out: dict[str, RawSource], record_data: dict[str, dict], record_rows: dict, label: str) -> None:
    """Items kept on another file's sheet (预算 → 分值合计 is indicators.yaml weights_total)."""
    for sheet in SHEETS:
        for f in sheet.fields:
            if not f.file or f.file not in out:
                continue
            value = record_data.get(f.file, {}).get(f.path[0])
            src = out[f.file]
            here = _record_where(sheet, f.file, record_rows)

            def where(loc: tuple, inner=src.where, here=here, key=f.path[0]) -> str:
                return here(loc) if loc and loc[0] == key else inner(loc)

            data = dict(src.data)
            if value is not None:
                data[f.path[0]] = value
            out[f.file] = RawSource(label, data, where, cells=True)
