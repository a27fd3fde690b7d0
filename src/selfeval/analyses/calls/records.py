"""A year's call records as an exact per-(date, hour) table, checked once and cached by content.

Input: ``data/<year>/calls/``, one or more ``.parquet``, ``.csv`` or ``.csv.gz`` files with one
row per offered call (columns and their Chinese header aliases: :mod:`.columns`; the folder's
optional ``columns.yaml`` maps other headers). Output: :class:`CallRecords`, one :class:`Cell`
per (date, hour) with whole-number counts and sums (waits and talk in microseconds, wrap-up in
milliseconds), so that every figure derived from it (:mod:`.stats`) is exact.

Why cached by content key: scanning ten million rows takes seconds; the build, the CLI and
every notebook ask for the same table. The key is the sha256 of every record file (remembered
by file identity, :mod:`.digests`, so an unchanged gigabyte is not re-read), the column map,
the fiscal-year window and this package's scan code. A cache entry can therefore never be
stale. Bad records are cached too (as their one-line error), so a broken year fails at once.

Why the totals are checked on every load, not cached: they are compared with the answer-rate
indicator in indicators.yaml, which can change while the records do not. The records and the
indicator must agree exactly (offered = its denominator, answered = its numerator), or the
book would print two 接通率 for one year.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
from dataclasses import dataclass
from pathlib import Path

from ...contract import file_digests as digests
from ...contract import model as m
from ...contract.crosscheck import ANSWER_RATE_ID, answer_rate_indicator
from ...contract.sources import rel
from ...errors import DataError
from ...figures import grouped
from . import columns as colmod
from . import files as filemod
from . import scan

FOLDER = "calls"
FORMAT = 1  # bump when the cached layout changes
_CODE = tuple(Path(__file__).with_name(n) for n in ("records.py", "scan.py", "columns.py", "files.py"))


@dataclass(frozen=True)
class Cell:
    """One hour of one day, summed over its calls (only hours with calls are kept)."""

    day: dt.date
    hour: int
    offered: int
    answered: int
    answered_20s: int  # answered within 20 s of arrival
    wait_answered_us: int  # Σ (answer − arrival) over answered calls
    wait_abandoned_us: int  # Σ (end − arrival) over abandoned calls: how long they waited before hanging up
    talk_us: int  # Σ (end − answer) over answered calls
    wrap_ms: int | None  # Σ wrap-up over answered calls (None without the column)
    agents: int | None  # distinct agent ids that answered in the hour (None without the column)

    @property
    def abandoned(self) -> int:
        return self.offered - self.answered


@dataclass(frozen=True)
class CallRecords:
    """The checked, aggregated records of a year."""

    folder: str  # label for messages, e.g. data/2021/calls
    key: str  # content key of files + map + window + code
    files: tuple[tuple[str, int], ...]  # (file name, rows)
    columns: tuple[str, ...]  # canonical columns present
    cells: tuple[Cell, ...]  # sorted by (day, hour)

    @property
    def offered(self) -> int:
        return sum(c.offered for c in self.cells)

    @property
    def answered(self) -> int:
        return sum(c.answered for c in self.cells)

    @property
    def has_wrap(self) -> bool:
        return "wrap_up_seconds" in self.columns

    @property
    def has_agents(self) -> bool:
        return "agent_id" in self.columns


def folder_of(data_dir: Path | str, year: int) -> Path:
    return Path(data_dir) / str(year) / FOLDER


def default_cache_dir() -> Path:
    """Where aggregates are cached: $SELFEVAL_CACHE, else ./.cache (the build runs notebooks from the project root)."""
    return Path(os.environ.get("SELFEVAL_CACHE") or Path.cwd() / ".cache")


# --------------------------------------------------------------------------- content key and cache


def content_key(record_files: list[Path], folder: Path, start: dt.date, end: dt.date, memo: Path) -> str:
    h = hashlib.sha256(f"calls-format-{FORMAT}\0{start}\0{end}\0".encode())
    for code in _CODE:
        h.update(code.read_bytes())
    map_file = folder / colmod.MAP_FILE
    inputs = record_files + ([map_file] if map_file.exists() else [])
    for p, d in digests.digests(inputs, memo).items():
        h.update(f"{p.name}\0{d}\0".encode())
    return h.hexdigest()


def _cache_path(cache_dir: Path, key: str) -> Path:
    return cache_dir / FOLDER / f"{key}.json"


def _store(cache_dir: Path, key: str, payload: dict) -> None:
    path = _cache_path(cache_dir, key)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{key}.{os.getpid()}.tmp")
        tmp.write_text(json.dumps(payload, ensure_ascii=False), encoding="utf-8")
        os.replace(tmp, path)
    except OSError:
        pass  # an unwritable cache only means scanning again next time


def _load(cache_dir: Path, key: str) -> dict | None:
    try:
        payload = json.loads(_cache_path(cache_dir, key).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return payload if isinstance(payload, dict) and payload.get("format") == FORMAT else None


def _to_payload(rec: CallRecords) -> dict:
    return {
        "format": FORMAT,
        "folder": rec.folder,
        "files": [list(f) for f in rec.files],
        "columns": list(rec.columns),
        "cells": [
            [c.day.toordinal(), c.hour, c.offered, c.answered, c.answered_20s, c.wait_answered_us, c.wait_abandoned_us, c.talk_us, c.wrap_ms, c.agents]
            for c in rec.cells
        ],
    }


def _from_payload(key: str, folder: str, p: dict) -> CallRecords:
    cells = tuple(Cell(dt.date.fromordinal(c[0]), *c[1:]) for c in p["cells"])
    return CallRecords(folder, key, tuple((n, r) for n, r in p["files"]), tuple(p["columns"]), cells)


# --------------------------------------------------------------------------- scanning and its errors


def _where(rows: list[dict], kind: str) -> str:
    nums = "、".join(str(r["rec"] + (1 if kind == "csv" else 0)) for r in rows)
    return f"第{nums}行"


def _sample(code: int, row: dict, cmap: colmod.ColumnMap) -> str:
    column = scan.PROBLEMS[code][0]
    texts = {
        "arrival_time": row.get("arrival_text"),
        "answer_time": row.get("answer_text"),
        "end_time": row.get("fin_text"),
        "wrap_up_seconds": row.get("wrap_text"),
    }
    if code in (7, 8):
        parts = [f"{c} {texts[c]}" for c in ("arrival_time", "answer_time", "end_time") if texts[c] is not None]
        return "；".join(parts)
    value = texts.get(column)
    return "空" if value in (None, "") else f"“{value}”"


def _problem_error(con, result: scan.ScanResult, record_files: list[filemod.RecordFile], cmap: colmod.ColumnMap, start: dt.date, end: dt.date) -> DataError:
    """The first problem (in code order) as one line: first file, its first rows, the counts, the fix."""
    code = min(c for _, c in result.problems)
    with_code = {f: n for (f, c), n in result.problems.items() if c == code}
    by_path = {str(f.path): f for f in record_files}
    first = next(f for f in record_files if str(f.path) in with_code)
    rows = scan.first_rows(con, first, cmap, code, start, end)
    column, what, fix = scan.PROBLEMS[code]
    header = first.header[first.columns[column]]
    field = (f"{header}列" if header == column else f"{header}列（{column}）") + (f"，{_where(rows, first.kind)}" if rows else "")
    total = sum(with_code.values())
    in_files = f"，分布在{len(with_code)}个文件中" if len(with_code) > 1 else ""
    sample = f"（第一处：{_sample(code, rows[0], cmap)}）" if rows else ""
    others = [by_path[f].name for f in with_code if f != str(first.path)]
    more = f"；共{grouped(total)}行{in_files}" + (f"，另见 {'、'.join(others[:3])}" if others else "")
    return DataError(first.label, field, what.format(period=f"{start}至{end}") + sample + more, fix)


def _duplicate_error(con, record_files: list[filemod.RecordFile], cmap: colmod.ColumnMap) -> DataError | None:
    total, ids = scan.duplicates(con, record_files, cmap)
    if not total:
        return None  # the 64-bit hashes collided; the ids are in fact distinct
    by_path = {str(f.path): f for f in record_files}
    cid, places = ids[0]
    f0 = by_path[places[0][0]]
    header = f0.header[f0.columns["call_id"]]
    where = "、".join(f"{by_path[p].name} 第{r + (1 if by_path[p].kind == 'csv' else 0)}行" for p, r in places[:4])
    return DataError(
        f0.label,
        f"{header}列" if header == "call_id" else f"{header}列（call_id）",
        f"呼叫流水号“{cid}”出现了{len(places)}次（{where}）；共{grouped(total)}行与前面的行重复",
        "每个呼叫只保留一行：删除重复导出的行或文件",
    )


def _scan(folder: Path, data: m.YearData, cache_dir: Path, engine: scan.Engine | None) -> CallRecords:
    label = rel(folder)
    paths = filemod.list_files(folder)
    cmap = colmod.read_map(folder)
    yp = data.contract.year_period
    key = content_key(paths, folder, yp.start, yp.end, cache_dir)
    cached = _load(cache_dir, key)
    if cached is not None:
        if "error" in cached:
            raise DataError(*cached["error"])
        return _from_payload(key, label, cached)
    con = scan.connect(engine or scan.Engine.default(cache_dir), cmap.time_zone)
    try:
        record_files = filemod.describe(paths, cmap, label, con)
        import duckdb  # only with call records (see scan.connect)

        try:
            result = scan.run(con, record_files, cmap, yp.start, yp.end)
            error = _empty_files(record_files, result)
            if error is None and result.problems:
                error = _problem_error(con, result, record_files, cmap, yp.start, yp.end)
            elif error is None and result.duplicate_ids:
                error = _duplicate_error(con, record_files, cmap)
        except duckdb.Error as exc:
            raise _engine_error(exc, label, record_files) from None
    finally:
        con.close()
    if error is not None:
        _store(cache_dir, key, {"format": FORMAT, "error": [error.file, error.field, error.problem, error.fix]})
        raise error
    names = {str(f.path): f.name for f in record_files}
    rec = CallRecords(
        label,
        key,
        tuple((names[p], n) for p, n in sorted(result.file_rows.items(), key=lambda kv: names[kv[0]])),
        tuple(c for c in (col.name for col in colmod.COLUMNS) if c in record_files[0].columns),
        tuple(Cell(*c) for c in result.cells),
    )
    _store(cache_dir, key, _to_payload(rec))
    return rec


def _empty_files(record_files: list[filemod.RecordFile], result: scan.ScanResult) -> DataError | None:
    """A file that gave no row at all: only a header, or damaged in a way the engine reads as nothing
    (a .csv.gz whose body is one 2 GiB line reads as 0 rows). Never silently a year with a file less."""
    empty = [f for f in record_files if not result.file_rows.get(str(f.path))]
    if not empty:
        return None
    also = f"；{', '.join(f.name for f in empty[1:4])} 也是如此" if len(empty) > 1 else ""
    return DataError(
        empty[0].label,
        "",
        f"读不出任何通话记录（只有表头，或文件已损坏）{also}",
        "重新导出该文件（表头一行，每个通话一行）；确实没有通话的文件请从 calls/ 中删除",
    )


_CSV_LINE = re.compile(r"CSV Error on Line: (\d+)")
# DuckDB's reasons for a CSV row it cannot read, in Chinese: (its words, the problem, the fix)
_CSV_REASONS = (
    (
        re.compile(r"Expected Number of Columns: (\d+) Found: (\d+)"),
        # DuckDB stops counting at the first cell too many: "Found" is then expected + 1, whatever the row has
        lambda expected, found: f"单元格多于表头的{expected}列" if int(found) > int(expected) else f"只有{found}个单元格，但表头有{expected}列",
        "每行每列一个单元格（值中含分隔符时要加引号）；重新导出该文件，或导出为 Parquet",
    ),
    (re.compile(r"unterminated quote", re.I), lambda: "引号没有闭合（这一行起的内容被当作一个值）", "补上缺少的引号，或删去值中多余的引号；重新导出该文件"),
    (re.compile(r"not utf-8 encoded|invalid unicode", re.I), lambda: "不是 UTF-8 编码", "另存为 UTF-8 编码（Excel：“CSV UTF-8”），或导出为 Parquet"),
)


def _csv_reason(message: str) -> tuple[int | None, str, str] | None:
    """(the file's line, the problem, the fix) for one of DuckDB's common CSV errors; None for another."""
    for pattern, problem, fix in _CSV_REASONS:
        found = pattern.search(message)
        if found:
            line = _CSV_LINE.search(message)
            return (int(line.group(1)) if line else None), problem(*found.groups()), fix
    return None


def _engine_error(exc: Exception, label: str, record_files: list[filemod.RecordFile] | None = None) -> DataError:
    """A row the engine itself could not read (bad quoting, a row with too many cells, invalid UTF-8, a
    truncated gzip stream); named by the file when the engine says which, without the machine's path."""
    message = str(exc)
    named = None
    for f in record_files or []:
        if str(f.path) in message:
            named = named or f
            message = message.replace(str(f.path), f.name)
    lines = [x.strip() for x in message.splitlines() if x.strip()]
    text = lines[0] if lines else type(exc).__name__
    if named is not None and "GZIP" in text.upper():
        ending = "数据在结尾前中断（文件被截断）" if "end of" in text.lower() else "不是完整的 gzip 数据"
        return DataError(named.label, "", f"是损坏的 gzip 文件：{ending}", "重新压缩或重新导出该文件（gzip -t 可检查压缩文件是否完整）")
    said = _csv_reason(message)
    if named is not None and said is not None:
        line, problem, fix = said
        return DataError(named.label, f"第{line}行" if line else "", problem, fix)
    detail = next((x for x in lines[1:] if x.lower().startswith(("line", "file", "original line"))), "")
    where = next((x for x in lines if ".csv" in x or ".parquet" in x), "")
    problem = f"无法读取：{text}" + (f"（{detail}）" if detail else "") + (f"［{where[:160]}］" if where and where != text else "")
    return DataError(label, "", problem, "重新导出其中提到的文件（UTF-8 CSV，每列一个单元格，含分隔符的值加引号），或导出为 Parquet")


# --------------------------------------------------------------------------- the year


def reconcile(rec: CallRecords, data: m.YearData, indicators_file: str) -> None:
    """Offered and answered must equal the answer-rate indicator's counts exactly."""
    ind = answer_rate_indicator(data)
    if ind is None or ind.denominator is None or ind.numerator is None:
        raise DataError(
            rec.folder,
            "",
            "有话单，但本年度没有可与之核对的接通率指标",
            f"在 indicators.yaml（绩效指标）中添加指标编号为“{ANSWER_RATE_ID}”的指标（分子为接通数，分母为呼入数），"
            "或在 operations.yaml（运营情况）的接通率指标编号（answer_rate_indicator）中指明",
        )
    for what, got, count, part in (
        ("呼入数", rec.offered, ind.denominator, "分母数值"),
        ("接通数", rec.answered, ind.numerator, "分子数值"),
    ):
        if got != count.value:
            raise DataError(
                rec.folder,
                "",
                f"话单中{what}为{grouped(got)}，但 {indicators_file} 中指标 {ind.id} 的{part}（{count.label}）为{grouped(count.value)}"
                f"（相差{got - count.value:+,}）",
                "导出本年度的全部呼叫（检查是否缺少或多出文件），或改正年度计数，使两者一致",
            )


def load_records(data: m.YearData, year_dir: Path, cache_dir: Path | None = None, engine: scan.Engine | None = None) -> CallRecords | None:
    """The year's records, checked and reconciled with its answer-rate indicator; None without a calls/ folder.

    (Loading the year already refuses calls/ beside monthly.csv; months from any other source are refused here.)
    """
    folder = year_dir / FOLDER
    if not folder.exists():
        return None
    if data.monthly is not None:  # monthly.csv is refused when the year is loaded; this also covers other sources of months
        problem = "与分月计数同时存在，而分月数由话单得出"
        raise DataError(rel(folder), "", problem, "删除分月计数（或删除 calls/）")
    rec = _scan(folder, data, cache_dir or default_cache_dir(), engine)
    reconcile(rec, data, rel(year_dir / "indicators.yaml"))
    return rec
