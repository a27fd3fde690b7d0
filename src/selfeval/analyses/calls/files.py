"""The record files of a year's ``calls/`` folder: which they are, what format, and their headers.

Why checked here, before any scan: a renamed Excel workbook, a GBK-encoded export or a file
without an 接通时间 column should fail in a second with its file name and the fix, not after
a minute of scanning with an engine message. Only the first bytes of each file are read.
"""

from __future__ import annotations

import csv
import io
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from ...contract.sources import calls_entries, rel
from ...errors import DataError
from .columns import MAP_FILE, ColumnMap, resolve

Kind = Literal["csv", "parquet"]
SUFFIXES: dict[str, Kind] = {".parquet": "parquet", ".csv": "csv", ".csv.gz": "csv"}
GLOB_CHARS = set("*?[]{}")
HEAD_BYTES = 1 << 20
_XLSX, _OLE, _GZIP, _PAR1 = b"PK\x03\x04", b"\xd0\xcf\x11\xe0", b"\x1f\x8b", b"PAR1"
EXPORT_FIX = "把话单导出为 CSV（UTF-8，可压缩为 .csv.gz）或 Parquet"


@dataclass(frozen=True)
class RecordFile:
    """One record file: its path, label for messages, format, header and where each canonical column is."""

    path: Path
    label: str
    kind: Kind
    header: tuple[str, ...]
    columns: dict[str, int]  # canonical name → position in header
    types: tuple[str, ...] = ()  # Parquet: DuckDB type of each header column

    @property
    def name(self) -> str:
        return self.path.name


def _suffix(name: str) -> str:
    lower = name.lower()
    return ".csv.gz" if lower.endswith(".csv.gz") else Path(lower).suffix


def list_files(folder: Path) -> list[Path]:
    """The record files of ``folder`` in name order; anything that is not CSV or Parquet is an error.

    Every entry is checked by ``lstat`` first (:func:`~selfeval.contract.sources.calls_entries`): a
    link, a pipe, a device or a sub-folder is refused by name before any file is opened.
    """
    label = rel(folder)
    files = []
    for p in calls_entries(folder):
        if p.name == MAP_FILE:
            continue
        suffix = _suffix(p.name)
        if suffix not in SUFFIXES or p.name != p.name.strip():
            raise DataError(rel(p), "", "不是 CSV 或 Parquet 文件（文件名应以 .csv、.csv.gz 或 .parquet 结尾）", EXPORT_FIX)
        if GLOB_CHARS & set(p.name) or "'" in p.name:
            raise DataError(rel(p), "", "文件名含有读取时会被当作通配符的字符（* ? [ ] { } '）", "改用字母、数字、- 和 _ 命名")
        files.append(p)
    if not files:
        raise DataError(label, "", "没有话单文件", "添加本年度的话单（.csv、.csv.gz 或 .parquet），或删除这个空文件夹")
    return files


def _head(path: Path) -> bytes:
    with open(path, "rb") as f:
        return f.read(HEAD_BYTES)


def _not_a(kind: str, head: bytes) -> str:
    if head.startswith(_XLSX):
        return f"不是{kind}：是 zip 压缩包（Excel .xlsx 工作簿？）"
    if head.startswith(_OLE):
        return f"不是{kind}：是旧的 Excel .xls 工作簿"
    if head.startswith(_PAR1):
        return f"不是{kind}：是 Parquet 文件"
    if head.startswith(_GZIP):
        return f"不是{kind}：是 gzip 压缩文件"
    return f"不是{kind}"


def _gunzip_head(raw: bytes, limit: int) -> bytes:
    """The first ``limit`` decompressed bytes of gzip data, across members: a .csv.gz may be several
    gzip members one after the other (as ``cat a.gz b.gz`` makes), and its body may start in the second."""
    out = b""
    while raw and len(out) < limit:
        member = zlib.decompressobj(wbits=31)
        out += member.decompress(raw, limit - len(out))
        if not member.eof:
            break
        raw = member.unused_data
    return out


def csv_header(path: Path, delimiter: str) -> tuple[str, ...]:
    """The header row of a CSV or CSV.gz file, from its first bytes."""
    label = rel(path)
    raw = _head(path)
    if path.name.lower().endswith(".gz"):
        if not raw.startswith(_GZIP):
            raise DataError(label, "", _not_a("gzip 文件", raw), EXPORT_FIX + "；未压缩的文件改名为 .csv")
        try:
            raw = _gunzip_head(raw, HEAD_BYTES)
        except zlib.error as exc:
            raise DataError(label, "", f"是损坏的 gzip 文件（{exc}）", "重新压缩导出文件") from None
    elif raw.startswith((_XLSX, _OLE, _PAR1, _GZIP)):
        raise DataError(label, "", _not_a("CSV 文本", raw), EXPORT_FIX + ("（命名为 .csv.gz）" if raw.startswith(_GZIP) else ""))
    first, newline, rest = raw.partition(b"\n")
    if len(raw) >= HEAD_BYTES and (not newline or b"\n" not in rest):  # a record is a short line; a megabyte without a line end is not
        row = 1 if not newline else 2
        raise DataError(
            label,
            f"第{row}行",
            f"前 {HEAD_BYTES:,} 字节内没有换行：不是逐行的通话记录（文件已损坏，或{'解压后' if path.name.lower().endswith('.gz') else ''}是一整行数据）",
            "重新导出该文件（表头一行，每个通话一行）",
        )
    line = first.rstrip(b"\r")
    if not line.strip():
        raise DataError(label, "第1行", "为空：文件没有标题行", "导出话单时在第一行写列名")
    try:
        text = line.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            line.decode("gb18030")
            problem = "标题行不是 UTF-8 编码（看来是 Excel 或 WPS 默认保存的 GBK/GB18030 编码）"
        except UnicodeDecodeError:
            problem = "标题行不是 UTF-8 文本"
        raise DataError(label, "第1行", problem, "以 UTF-8 编码保存或导出（Excel：“CSV UTF-8”）") from None
    header = next(csv.reader(io.StringIO(text), delimiter=delimiter))
    if len(header) < 2:
        raise DataError(label, "第1行", f"只有一列（“{text[:60]}”）", f"用“{delimiter}”分隔各列，或在 calls/{MAP_FILE} 中设置分隔符（delimiter）")
    return tuple(h.strip() for h in header)


def parquet_schema(path: Path, con) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Column names and DuckDB types of a Parquet file."""
    label = rel(path)
    raw = _head(path)
    with open(path, "rb") as f:
        f.seek(0, 2)
        size = f.tell()
        f.seek(max(0, size - 4))
        tail = f.read(4)
    if not raw.startswith(_PAR1) or tail != _PAR1:
        raise DataError(label, "", _not_a("Parquet 文件", raw), EXPORT_FIX)
    import duckdb  # only with call records (see scan.connect)

    try:
        rows = con.execute("DESCRIBE SELECT * FROM read_parquet(?)", [str(path)]).fetchall()
    except duckdb.Error as exc:
        raise DataError(label, "", f"无法作为 Parquet 读取（{str(exc).splitlines()[0]}）", EXPORT_FIX) from None
    return tuple(r[0] for r in rows), tuple(str(r[1]) for r in rows)


def describe(paths: list[Path], cmap: ColumnMap, folder: str, con) -> list[RecordFile]:
    """Every file with its header resolved to canonical columns; optional columns must be in all files or none."""
    out = []
    for p in paths:
        kind = SUFFIXES[_suffix(p.name)]
        types: tuple[str, ...] = ()
        if kind == "csv":
            header = csv_header(p, cmap.delimiter)
            dupes = sorted({h for h in header if header.count(h) > 1 and h})
            if dupes:
                raise DataError(rel(p), "第1行", f"列名“{dupes[0]}”出现了两次", "每列使用不同的列标题")
        else:
            header, types = parquet_schema(p, con)
        out.append(RecordFile(p, rel(p), kind, header, resolve(list(header), cmap, rel(p), folder), types))
    first = out[0]
    for f in out[1:]:
        for name in set(first.columns) ^ set(f.columns):
            has, lacks = (first, f) if name in first.columns else (f, first)
            raise DataError(
                lacks.label,
                f"{name}列",
                f"缺少该列，而 {has.name} 有（选填的列要么每个文件都有，要么都没有）",
                f"每个文件导出相同的列，或在 {folder}/{MAP_FILE} 中设置 {name}: false",
            )
    return out
