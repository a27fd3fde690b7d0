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
EXPORT_FIX = "export the call records as CSV (UTF-8, optionally .csv.gz) or Parquet"


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
            raise DataError(rel(p), "", "is not a CSV or Parquet file (names must end in .csv, .csv.gz or .parquet)", EXPORT_FIX)
        if GLOB_CHARS & set(p.name) or "'" in p.name:
            raise DataError(rel(p), "", "has a character (* ? [ ] { } ') that the scan would read as a pattern", "rename it with letters, digits, - and _")
        files.append(p)
    if not files:
        raise DataError(label, "", "has no record files", "add the year's call records (.csv, .csv.gz or .parquet), or remove the empty folder")
    return files


def _head(path: Path) -> bytes:
    with open(path, "rb") as f:
        return f.read(HEAD_BYTES)


def _not_a(kind: str, head: bytes) -> str:
    if head.startswith(_XLSX):
        return f"is not {kind}: it is a zip archive (an Excel .xlsx workbook?)"
    if head.startswith(_OLE):
        return f"is not {kind}: it is an old Excel .xls workbook"
    if head.startswith(_PAR1):
        return f"is not {kind}: it is a Parquet file"
    if head.startswith(_GZIP):
        return f"is not {kind}: it is gzip-compressed"
    return f"is not {kind}"


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
            raise DataError(label, "", _not_a("a gzip file", raw), EXPORT_FIX + ", or rename it to .csv if it is not compressed")
        try:
            raw = _gunzip_head(raw, HEAD_BYTES)
        except zlib.error as exc:
            raise DataError(label, "", f"is a damaged gzip file ({exc})", "compress the export again") from None
    elif raw.startswith((_XLSX, _OLE, _PAR1, _GZIP)):
        raise DataError(label, "", _not_a("CSV text", raw), EXPORT_FIX + (" (name it .csv.gz)" if raw.startswith(_GZIP) else ""))
    first, newline, rest = raw.partition(b"\n")
    if len(raw) >= HEAD_BYTES and (not newline or b"\n" not in rest):  # a record is a short line; a megabyte without a line end is not
        row = 1 if not newline else 2
        raise DataError(
            label,
            f"row {row}",
            f"前 {HEAD_BYTES:,} 字节内没有换行：不是逐行的通话记录（文件已损坏，或{'解压后' if path.name.lower().endswith('.gz') else ''}是一整行数据）",
            "重新导出该文件（表头一行，每个通话一行）",
        )
    line = first.rstrip(b"\r")
    if not line.strip():
        raise DataError(label, "row 1", "is empty: the file has no header row", "export the records with their column names in the first row")
    try:
        text = line.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            line.decode("gb18030")
            problem = "header is not UTF-8 (it looks GBK/GB18030-encoded, as Excel or WPS save by default)"
        except UnicodeDecodeError:
            problem = "header is not UTF-8 text"
        raise DataError(label, "row 1", problem, "save or export the file as UTF-8 (Excel: 'CSV UTF-8')") from None
    header = next(csv.reader(io.StringIO(text), delimiter=delimiter))
    if len(header) < 2:
        raise DataError(
            label, "row 1", f"has one column only ('{text[:60]}')", f"separate the columns with '{delimiter}', or set delimiter in calls/{MAP_FILE}"
        )
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
        raise DataError(label, "", _not_a("a Parquet file", raw), EXPORT_FIX)
    import duckdb  # only with call records (see scan.connect)

    try:
        rows = con.execute("DESCRIBE SELECT * FROM read_parquet(?)", [str(path)]).fetchall()
    except duckdb.Error as exc:
        raise DataError(label, "", f"cannot be read as Parquet ({str(exc).splitlines()[0]})", EXPORT_FIX) from None
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
                raise DataError(rel(p), "row 1", f"names the column '{dupes[0]}' twice", "give every column its own header")
        else:
            header, types = parquet_schema(p, con)
        out.append(RecordFile(p, rel(p), kind, header, resolve(list(header), cmap, rel(p), folder), types))
    first = out[0]
    for f in out[1:]:
        for name in set(first.columns) ^ set(f.columns):
            has, lacks = (first, f) if name in first.columns else (f, first)
            raise DataError(
                lacks.label,
                f"column {name}",
                f"is missing while {has.name} has it (optional columns must be in every file or in none)",
                f"export the same columns for every file, or set {name}: false in {folder}/{MAP_FILE}",
            )
    return out
