"""Bounds of ``自评数据.xlsx``, checked on the file's XML while it streams, before openpyxl loads it.

Why before openpyxl, and why not its read-only mode: the reader needs what only a full load
exposes (merged ranges, hidden rows and columns, number formats), and a full load materialises
every cell, every cell of a merged range, and every shared string, then the reader walks each
sheet up to its last used cell. An .xlsx is a zip of XML, so a small file can hold anything:

* 340 KB whose 单位自称 is a 100-million-character shared string (300 MB of XML);
* a 分月话务 sheet of 1,048,576 rows in 100 KB (27 MB of XML);
* one value in XFD1048576, which makes the reader visit 17 billion cells.

Each ran for minutes and gigabytes before. Here every worksheet and the shared-string table are
read through expat in 64 KB pieces while counting; the first bound exceeded stops the read at
once, and the message names the sheet (and the cell). The other parts are bounded by the sizes
the zip declares, which are also all that :mod:`zipfile` (and so openpyxl) will ever read of them.

The bounds are far above any year's workbook (the widest sheet, 绩效指标, has 29 columns; a year
has a few dozen indicators and rows) and far below what would cost seconds. A text longer than
Excel's own limit of 32,767 characters per cell cannot have been typed in Excel or WPS.
"""

from __future__ import annotations

import functools
import posixpath
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.parsers import expat

from ..errors import DataError

MAX_ROWS = 2_000  # rows of a sheet (a year has tens of indicators, 12 months, a few list items)
MAX_COLUMNS = 52  # columns of a sheet: A to AZ (the widest, 绩效指标, has 29)
MAX_CELLS = 50_000  # cell elements of a sheet, empty formatted cells included
MAX_TEXT = 32_767  # characters of one cell: Excel's and WPS's own limit
MAX_STRINGS = 200_000  # entries of the shared-string table
MAX_PART_BYTES = 8 * 1024 * 1024  # uncompressed XML of one part (a sheet of 50,000 cells is about 3 MB)
MAX_PARTS = 1_000  # entries of the zip
_CHUNK = 64 * 1024

_MAIN = "application/vnd.openxmlformats-officedocument.spreadsheetml"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_REF = re.compile(r"^\$?([A-Z]{1,3})\$?([0-9]{1,7})$")
DOCTYPE = "DOCTYPE"  # the problem of a part that declares one (worded in check_bounds)
FIX_EXTRA = "删除数据区以外的内容和格式（选中多余的行或列 → 右键 → 删除），在 Excel/WPS 中保存后再试"

__all__ = ["MAX_COLUMNS", "MAX_ROWS", "MAX_TEXT", "check_bounds"]


class _Stop(Exception):
    """Raised inside an expat handler: the bound it names was exceeded, stop reading."""

    def __init__(self, error: DataError):
        super().__init__(str(error))
        self.error = error


def column_number(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n


def column_letters(n: int) -> str:
    out = ""
    while n:
        n, rest = divmod(n - 1, 26)
        out = chr(65 + rest) + out
    return out


def _local(name: str) -> str:
    return name.rsplit(" ", 1)[-1]  # expat with namespace_separator=" ": "uri local"


def _parser() -> Any:
    p = expat.ParserCreate(namespace_separator=" ")
    p.buffer_text = True

    def no_doctype(*args: object) -> None:  # entity expansion ("billion laughs") needs a DOCTYPE; no part has one
        raise _Stop(DataError("", "", DOCTYPE, ""))

    p.StartDoctypeDeclHandler = no_doctype
    return p


def _stream(z: zipfile.ZipFile, name: str, parser: Any, too_big: Callable[[], DataError]) -> None:
    """Feed one part to ``parser`` piece by piece; stop after :data:`MAX_PART_BYTES`."""
    read = 0
    with z.open(name) as f:
        while chunk := f.read(_CHUNK):
            read += len(chunk)
            if read > MAX_PART_BYTES:
                raise _Stop(too_big())
            parser.Parse(chunk, False)
    parser.Parse(b"", True)


@dataclass
class _Sheet:
    """What streaming one worksheet found, and the bound checks on it."""

    name: str
    label: str
    shared: dict[int, str]  # shared-string index → first cell that shows it (all sheets)
    row: int = 0
    col: int = 0
    rows: int = 0
    cells: int = 0
    ref: str = ""  # the open cell; "" outside a cell
    kind: str = ""
    text: int = 0  # characters of the open cell's <v> and <t> elements so far
    inside: str = ""  # "v" or "t" while inside one of them
    value: list[str] = field(default_factory=list)  # the open <v> of a shared-string cell: the index

    def fail(self, where: str, problem: str, fix: str) -> _Stop:
        return _Stop(DataError(self.label, where, problem, fix))

    def start(self, tag: str, attrs: dict[str, str]) -> None:
        name = _local(tag)
        if name == "row":
            self.rows += 1
            self.row = int(attrs["r"]) if attrs.get("r", "").isdigit() else self.row + 1
            self.col = 0
            if self.rows > MAX_ROWS:
                raise self.fail(f"工作表“{self.name}”", f"有超过 {MAX_ROWS:,} 行：一个年度的自评数据用不到这么多行", FIX_EXTRA)
        elif name == "c":
            self.cells += 1
            m = _REF.match(attrs.get("r", ""))
            if m:
                self.col, self.row = column_number(m.group(1)), int(m.group(2))
            else:  # positions may be left out: the next column of the row
                self.col += 1
            self.ref = f"{column_letters(self.col)}{self.row}"
            self._within(self.row, self.col, self.ref)
            if self.cells > MAX_CELLS:
                raise self.fail(f"工作表“{self.name}”", f"有超过 {MAX_CELLS:,} 个单元格（含只有格式的空单元格）", FIX_EXTRA)
            self.kind, self.text = attrs.get("t", "n"), 0
        elif name in ("v", "t") and self.ref:
            self.inside, self.value = name, []
        elif name == "mergeCell":
            for part in attrs.get("ref", "").split(":"):
                m = _REF.match(part)
                if m:
                    self._within(int(m.group(2)), column_number(m.group(1)), attrs.get("ref", ""), merged=True)

    def _within(self, row: int, col: int, ref: str, merged: bool = False) -> None:
        if row > MAX_ROWS or col > MAX_COLUMNS:
            what = "合并单元格区域" if merged else "单元格"
            raise self.fail(
                f"{self.name}!{ref}",
                f"{what}超出了工作簿读取的范围（每张表最多 {MAX_ROWS:,} 行、{column_letters(MAX_COLUMNS)} 列）",
                "删除该处的内容和格式（选中 → 清除 → 全部清除），在 Excel/WPS 中保存后再试",
            )

    def data(self, text: str) -> None:
        if not self.inside:
            return
        self.text += len(text)
        if self.inside == "v" and self.kind == "s" and len(self.value) < 16:
            self.value.append(text)
        if self.text > MAX_TEXT:
            raise self.fail(
                f"{self.name}!{self.ref}",
                f"文字超过 {MAX_TEXT:,} 个字符（Excel 一个单元格的上限），不会是在 Excel 或 WPS 中输入的",
                "缩短这段文字（或分成几个条目），在 Excel/WPS 中保存后再试",
            )

    def end(self, tag: str) -> None:
        name = _local(tag)
        if name == "v" and self.inside == "v" and self.kind == "s":
            index = "".join(self.value).strip()
            if index.isascii() and index.isdigit() and len(index) < 10 and len(self.shared) < MAX_STRINGS:
                self.shared.setdefault(int(index), f"{self.name}!{self.ref}")
        if name in ("v", "t"):
            self.inside = ""
        elif name == "c":
            self.ref = ""


def _shared_strings(z: zipfile.ZipFile, part: str, label: str, shown_in: dict[int, str]) -> None:
    """Stream the shared-string table: each string at most :data:`MAX_TEXT` characters (named by the
    first cell that shows it), at most :data:`MAX_STRINGS` strings."""
    state = {"index": -1, "length": 0, "inside": 0}
    p = _parser()

    def start(tag: str, attrs: dict[str, str]) -> None:
        name = _local(tag)
        if name == "si":
            state["index"] += 1
            state["length"] = 0
            if state["index"] >= MAX_STRINGS:
                raise _Stop(DataError(label, "", f"共享字符串表有超过 {MAX_STRINGS:,} 个字符串", "在 Excel/WPS 中打开后另存为新的 .xlsx 再试"))
        elif name == "t":
            state["inside"] += 1

    def end(tag: str) -> None:
        if _local(tag) == "t":
            state["inside"] -= 1

    def data(text: str) -> None:
        if state["inside"] <= 0:
            return
        state["length"] += len(text)
        if state["length"] > MAX_TEXT:
            where = shown_in.get(state["index"], "")
            problem = f"文字超过 {MAX_TEXT:,} 个字符（Excel 一个单元格的上限），不会是在 Excel 或 WPS 中输入的"
            if not where:
                where, problem = "", f"共享字符串表的第 {state['index'] + 1:,} 个字符串" + problem.removeprefix("文字")
            raise _Stop(DataError(label, where, problem, "缩短这段文字（或分成几个条目），在 Excel/WPS 中保存后再试"))

    p.StartElementHandler, p.EndElementHandler, p.CharacterDataHandler = start, end, data
    _stream(z, part, p, lambda: DataError(label, "", f"共享字符串表解压后超过 {MAX_PART_BYTES // 2**20} MB", "在 Excel/WPS 中打开后另存为新的 .xlsx 再试"))


def _same(error: DataError) -> DataError:
    return error


def _small_xml(z: zipfile.ZipFile, name: str, label: str) -> list[tuple[str, dict[str, str]]]:
    """(local tag, attributes) of every element of a small part (content types, the workbook, its relations)."""
    out: list[tuple[str, dict[str, str]]] = []
    p = _parser()
    p.StartElementHandler = lambda tag, attrs: out.append((_local(tag), attrs))
    too_big = f"其中的 {name} 解压后超过 {MAX_PART_BYTES // 2**20} MB"
    _stream(z, name, p, lambda: DataError(label, "", too_big, "在 Excel/WPS 中打开后另存为新的 .xlsx 再试"))
    return out


def _target(base: str, target: str) -> str:
    """A relation's target as a zip entry name (absolute '/xl/…', or relative to the source part's folder)."""
    if target.startswith("/"):
        return target.lstrip("/")
    return posixpath.normpath(posixpath.join(posixpath.dirname(base), target))


def _parts(z: zipfile.ZipFile, names: set[str], label: str) -> tuple[dict[str, str], list[str]]:
    """Worksheet part → sheet name, and the shared-string parts, as the workbook declares them."""
    workbook = "xl/workbook.xml"
    if "[Content_Types].xml" in names:
        for tag, attrs in _small_xml(z, "[Content_Types].xml", label):
            if tag == "Override" and attrs.get("ContentType", "").startswith(_MAIN) and attrs.get("ContentType", "").endswith(".main+xml"):
                workbook = attrs.get("PartName", "").lstrip("/") or workbook
    sheets: dict[str, str] = {}
    strings: list[str] = []
    if workbook not in names:
        return sheets, strings
    ids = {attrs.get(f"{_REL} id", ""): attrs.get("name", "") for tag, attrs in _small_xml(z, workbook, label) if tag == "sheet"}
    rels = posixpath.join(posixpath.dirname(workbook), "_rels", posixpath.basename(workbook) + ".rels")
    if rels in names:
        for tag, attrs in _small_xml(z, rels, label):
            if tag != "Relationship":
                continue
            part, kind = _target(workbook, attrs.get("Target", "")), attrs.get("Type", "")
            if kind.endswith("/worksheet"):
                sheets[part] = ids.get(attrs.get("Id", ""), part)
            elif kind.endswith("/sharedStrings"):
                strings.append(part)
    return sheets, strings


def check_bounds(path: Path, label: str) -> None:
    """DataError (one line naming the sheet, and the cell where there is one) when the workbook at
    ``path`` exceeds a bound; returns quickly otherwise (the XML of a year's workbook is a few hundred KB)."""
    try:
        with zipfile.ZipFile(path) as z:
            infos = z.infolist()
            if len(infos) > MAX_PARTS:
                raise DataError(label, "", f"由 {len(infos):,} 个部件组成，不是正常的 .xlsx 工作簿", "在 Excel/WPS 中打开后另存为新的 .xlsx 再试")
            names = {i.filename for i in infos}
            sheets, strings = _parts(z, names, label)
            for part in sorted(n for n in names if n.startswith("xl/worksheets/") and n.endswith(".xml") and n not in sheets):
                sheets[part] = part  # a worksheet the relations do not name is still bounded
            strings += [n for n in ("xl/sharedStrings.xml",) if n in names and n not in strings]
            shown_in: dict[int, str] = {}
            for part, name in sheets.items():
                if part not in names:
                    continue
                sheet = _Sheet(name, label, shown_in)
                p = _parser()
                p.StartElementHandler, p.EndElementHandler, p.CharacterDataHandler = sheet.start, sheet.end, sheet.data
                too_big = DataError(label, f"工作表“{name}”", f"解压后超过 {MAX_PART_BYTES // 2**20} MB", FIX_EXTRA)
                try:
                    _stream(z, part, p, functools.partial(_same, too_big))
                except _Stop as stop:
                    if not stop.error.file:  # a DOCTYPE: name the sheet it is in
                        stop.error.file, stop.error.field = label, f"工作表“{name}”"
                    raise
            for part in strings:
                _shared_strings(z, part, label, shown_in)
            for info in infos:
                if info.filename not in sheets and info.filename not in strings and info.file_size > MAX_PART_BYTES:
                    raise DataError(
                        label,
                        "",
                        f"其中的 {info.filename} 解压后有 {info.file_size:,} 字节（上限 {MAX_PART_BYTES:,}）",
                        "在 Excel/WPS 中打开后另存为新的 .xlsx 再试（大图片等请移出工作簿）",
                    )
    except _Stop as stop:
        err = stop.error
        if err.problem == DOCTYPE:
            raise DataError(
                label, err.field, "含有 XML 文档类型声明（DOCTYPE），Excel 和 WPS 保存的工作簿没有", "在 Excel/WPS 中打开后另存为新的 .xlsx 再试"
            ) from None
        raise err from None
    except (zipfile.BadZipFile, expat.ExpatError, OSError, EOFError, ValueError) as exc:
        raise DataError(label, "", f"无法作为 .xlsx 工作簿读取（{type(exc).__name__}：{exc}）", "用 Excel 或 WPS 打开，另存为“Excel 工作簿 (*.xlsx)”") from None
