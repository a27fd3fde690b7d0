"""DuckDB over the record files: one pass that checks every row and sums them per (date, hour).

Why DuckDB, embedded: a year of a large hotline is ten million rows or more. DuckDB reads
CSV, gzip and Parquet itself, streams them through a hash aggregation in C++ on every core,
and spills to ``temp_directory`` instead of failing when a year is larger than
``memory_limit``. No server runs, and no row ever becomes a Python or pandas object: what
comes back is one row per (date, hour) — 8,760 for a year — of whole-number counts and sums.

Why one pass: reading is the cost (a single gzip stream decompresses on one core), so the
row checks are folded into the aggregation as a ``problem`` code per row; rows with a problem
are counted per file and code, never summed. Only when a count is not zero does a second,
slow query look for the first offending rows and their numbers (:func:`first_rows`). The
duplicate-call-id check needs its own hash table over every id; it runs at the same time on
a second cursor, so that for a single gzip file the otherwise idle second core does it.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ...errors import DataError
from .columns import ColumnMap
from .files import RecordFile

TS_FIX = "按 YYYY-MM-DD HH:MM:SS 填写本地日期和时间（不带时区），或在 calls/columns.yaml 中给出时间格式（timestamp_format）"

# problem code → (column, what is wrong, fix); checked in this order, the first that applies counts
PROBLEMS: dict[int, tuple[str, str, str]] = {
    1: ("arrival_time", "为空", "每个呼入的呼叫都要有来电时间；删除不是呼叫的行"),
    2: ("arrival_time", "不是日期时间", TS_FIX),
    3: ("answer_time", "不是日期时间（放弃的呼叫应为空）", TS_FIX),
    4: ("end_time", "为空", "每个呼叫都要有挂机时间（放弃的呼叫：来电者挂断的时间）"),
    5: ("end_time", "不是日期时间", TS_FIX),
    6: ("arrival_time", "不在财政年度 {period} 内", "只导出本年度的呼叫，或改正 project.yaml 中的本年度实施时段（contract.year_period）"),
    7: ("answer_time", "早于来电时间（arrival_time）", "改正导出数据：呼叫先到达、后接通"),
    8: (
        "end_time",
        "早于接通时间（放弃的呼叫：早于来电时间），时长为负",
        "改正导出数据：呼叫先接通、后结束",
    ),
    9: ("wrap_up_seconds", "不是秒数", "用数字填写秒数，如 35 或 35.5"),
    10: ("wrap_up_seconds", "为负数", "改正导出数据：话后处理时长为0秒或以上"),
    11: ("wrap_up_seconds", "接通的呼叫为空", "没有话后处理的填0，或在 calls/columns.yaml 中设置 wrap_up_seconds: false"),
    12: (
        "agent_id",
        "接通的呼叫为空",
        "填写接听的坐席工号，或在 calls/columns.yaml 中设置 agent_id: false（报告将按在岗话务员估计）",
    ),
}
TIMESTAMP_TYPES = ("TIMESTAMP", "TIMESTAMP_S", "TIMESTAMP_MS", "TIMESTAMP_NS", "TIMESTAMP WITH TIME ZONE", "DATETIME")
NUMBER_TYPES = ("TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "UTINYINT", "USMALLINT", "UINTEGER", "UBIGINT", "FLOAT", "DOUBLE", "REAL")
TIME_COLUMNS = ("arrival_time", "answer_time", "end_time")
# DuckDB's memory before it spills to the cache folder. With 11.67 M records (docs/benchmark.md)
# 1GB let the pass and the duplicate count's sort peak at 640–690 MB of the build's process;
# 400MB peaks at 475–490 MB for 0.6 s more (the sort and the aggregation spill a little).
DEFAULT_MEMORY = "400MB"


@dataclass(frozen=True)
class Engine:
    """DuckDB resources: worker threads, memory before spilling, and the spill folder."""

    threads: int
    memory_limit: str
    temp_directory: Path

    @classmethod
    def default(cls, cache_dir: Path) -> Engine:
        """Every core (or SELFEVAL_DUCKDB_THREADS), DEFAULT_MEMORY (or SELFEVAL_DUCKDB_MEMORY), spilling under the cache."""
        threads = int(os.environ.get("SELFEVAL_DUCKDB_THREADS") or os.cpu_count() or 1)
        return cls(max(1, threads), os.environ.get("SELFEVAL_DUCKDB_MEMORY") or DEFAULT_MEMORY, cache_dir / "calls" / "spill")


def connect(engine: Engine, time_zone: str = "Asia/Shanghai"):
    import duckdb  # imported here: loading the year must not pay for the engine

    engine.temp_directory.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(
        ":memory:",
        config={
            "threads": engine.threads,
            "memory_limit": engine.memory_limit,
            "temp_directory": str(engine.temp_directory),
            "preserve_insertion_order": False,
            "autoinstall_known_extensions": False,
            "autoload_known_extensions": False,
        },
    )
    # not a start-up option; a terminal would otherwise get a bar on stdout. Inside Jupyter the
    # setting demands ipywidgets, and no bar is drawn there anyway.
    with contextlib.suppress(duckdb.Error):
        con.execute("SET enable_progress_bar = false")
    con.execute(f"SET TimeZone = {_lit(time_zone)}")
    return con


def _lit(text: str) -> str:
    """A SQL string literal (quotes doubled; DuckDB string literals have no other escapes)."""
    if "\0" in text:
        raise ValueError("NUL in a SQL literal")
    return "'" + text.replace("'", "''") + "'"


def _ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


# --------------------------------------------------------------------------- per-file-group SELECTs


def _groups(files: list[RecordFile]) -> list[list[RecordFile]]:
    """Files read by one table function call: same format, compression, header (and Parquet types)."""
    groups: dict[tuple, list[RecordFile]] = {}
    for f in files:
        key = (f.kind, f.path.name.lower().endswith(".gz"), f.header, f.types)
        groups.setdefault(key, []).append(f)
    return list(groups.values())


def _reader(group: list[RecordFile], cmap: ColumnMap, numbered: bool) -> str:
    paths = "[" + ", ".join(_lit(str(f.path)) for f in group) + "]"
    first = group[0]
    if first.kind == "parquet":
        return f"read_parquet({paths}, filename=true{', file_row_number=true' if numbered else ''})"
    columns = "{" + ", ".join(f"'c{i}': 'VARCHAR'" for i in range(len(first.header))) + "}"
    compression = "'gzip'" if first.path.name.lower().endswith(".gz") else "'none'"
    return (
        f"read_csv({paths}, header=true, auto_detect=false, columns={columns}, delim={_lit(cmap.delimiter)}, quote='\"', escape='\"', "
        f"compression={compression}, filename=true, strict_mode=true, null_padding=false" + (", parallel=false" if numbered else "") + ")"
    )


def _ref(f: RecordFile, name: str) -> str:
    i = f.columns[name]
    return f"c{i}" if f.kind == "csv" else _ident(f.header[i])


def _type(f: RecordFile, name: str) -> str:
    return "VARCHAR" if f.kind == "csv" else f.types[f.columns[name]].upper()


def _timestamp(f: RecordFile, name: str, cmap: ColumnMap) -> tuple[str, str]:
    """(given, parsed) SQL expressions of a time column; text is parsed strictly (see module docstring of records)."""
    ref, typ = _ref(f, name), _type(f, name)
    if typ == "VARCHAR":
        given = f"({ref} IS NOT NULL AND {ref} <> '')"
        if cmap.timestamp_format:
            return given, f"try_strptime({ref}, {_lit(cmap.timestamp_format)})"
        # 'YYYY-MM-DD HH:MM:SS' (or with T, or .ffffff): the cast alone would also take a bare date as midnight
        # and silently drop a zone suffix (Z, +08). Byte-length and one character test cost next to nothing.
        strict = f"(strlen({ref}) = 19 OR (strlen({ref}) BETWEEN 21 AND 26 AND {ref}[20] = '.'))"
        return given, f"CASE WHEN {strict} THEN TRY_CAST({ref} AS TIMESTAMP) END"
    if typ.startswith("TIMESTAMP") or typ == "DATETIME":
        return f"({ref} IS NOT NULL)", f"CAST({ref} AS TIMESTAMP)"
    raise DataError(
        f.label,
        f"{f.header[f.columns[name]]}列（{name}）",
        f"类型为 {typ}，不是日期时间",
        "存为 Parquet 时间戳，或 YYYY-MM-DD HH:MM:SS 格式的文本",
    )


def _select(f: RecordFile, group: list[RecordFile], cmap: ColumnMap, cols: frozenset[str], numbered: bool) -> str:
    out = ["filename AS file"]
    if numbered:
        out.append("file_row_number + 1 AS rec" if f.kind == "parquet" else "row_number() OVER () AS rec")
    for name, short in zip(TIME_COLUMNS, ("arrival", "answer", "fin")):
        given, parsed = _timestamp(f, name, cmap)
        out += [f"{given} AS {short}_given", f"{parsed} AS {short}"]
        if numbered:
            out.append(f"CAST({_ref(f, name)} AS VARCHAR) AS {short}_text")
    if "wrap_up_seconds" in cols:
        ref, typ = _ref(f, "wrap_up_seconds"), _type(f, "wrap_up_seconds")
        if typ == "VARCHAR":
            out += [f"({ref} IS NOT NULL AND {ref} <> '') AS wrap_given", f"TRY_CAST({ref} AS DECIMAL(18,3)) AS wrap"]
        elif typ in NUMBER_TYPES or typ.startswith("DECIMAL"):
            out += [f"({ref} IS NOT NULL) AS wrap_given", f"CAST({ref} AS DECIMAL(18,3)) AS wrap"]
        else:
            raise DataError(f.label, f"{f.header[f.columns['wrap_up_seconds']]}列（wrap_up_seconds）", f"类型为 {typ}，不是数字", "秒数存为数字")
        if numbered:
            out.append(f"CAST({ref} AS VARCHAR) AS wrap_text")
    for name, short in (("agent_id", "agent"), ("call_id", "call_id")):
        if name in cols:
            out.append(f"NULLIF(CAST({_ref(f, name)} AS VARCHAR), '') AS {short}")
    return f"SELECT {', '.join(out)} FROM {_reader(group, cmap, numbered)}"


def source_sql(files: list[RecordFile], cmap: ColumnMap, numbered: bool = False) -> str:
    """One relation over all files with typed columns (and, when numbered, row numbers and raw text)."""
    cols = frozenset(files[0].columns)
    groups = [[f] for f in files] if numbered else _groups(files)  # row numbers count within one file
    parts = [_select(g[0], g, cmap, cols, numbered) for g in groups]
    return " UNION ALL BY NAME ".join(f"({p})" for p in parts)


def problem_sql(cols: frozenset[str], start: dt.date, end: dt.date) -> str:
    """The CASE giving each row its first problem code (0 = a good row)."""
    lo, hi = f"TIMESTAMP '{start.isoformat()}'", f"TIMESTAMP '{(end + dt.timedelta(days=1)).isoformat()}'"
    whens = [
        "WHEN NOT arrival_given THEN 1",
        "WHEN arrival IS NULL THEN 2",
        "WHEN answer_given AND answer IS NULL THEN 3",
        "WHEN NOT fin_given THEN 4",
        "WHEN fin IS NULL THEN 5",
        f"WHEN arrival < {lo} OR arrival >= {hi} THEN 6",
        "WHEN answer < arrival THEN 7",
        "WHEN fin < coalesce(answer, arrival) THEN 8",
    ]
    if "wrap_up_seconds" in cols:
        whens += ["WHEN wrap_given AND wrap IS NULL THEN 9", "WHEN wrap < 0 THEN 10", "WHEN answer IS NOT NULL AND NOT wrap_given THEN 11"]
    if "agent_id" in cols:
        whens.append("WHEN answer IS NOT NULL AND agent IS NULL THEN 12")
    return "CASE " + " ".join(whens) + " ELSE 0 END"


# --------------------------------------------------------------------------- the pass


@dataclass(frozen=True)
class ScanResult:
    cells: list[tuple]  # (day, hour, offered, answered, answered_20s, wait_answered_us, wait_abandoned_us, talk_us, wrap_ms, agents)
    file_rows: dict[str, int]  # file path → rows (all, good or not)
    problems: dict[tuple[str, int], int]  # (file path, code) → rows
    duplicate_ids: int  # rows whose call_id repeats an earlier row's (by 64-bit hash; confirmed by :func:`duplicates`)


def aggregate_sql(files: list[RecordFile], cmap: ColumnMap, start: dt.date, end: dt.date) -> str:
    cols = frozenset(files[0].columns)
    agent = "CASE WHEN problem = 0 AND answer IS NOT NULL THEN agent END" if "agent_id" in cols else "NULL::VARCHAR"
    wrap = "sum(CAST(wrap * 1000 AS BIGINT)) FILTER (WHERE answer IS NOT NULL)" if "wrap_up_seconds" in cols else "NULL::BIGINT"
    agents = "count(DISTINCT agent)" if "agent_id" in cols else "NULL::BIGINT"
    wrap_sum = "coalesce(sum(wrap_ms), 0)" if "wrap_up_seconds" in cols else "NULL::HUGEINT"
    return f"""
WITH t AS (SELECT *, {problem_sql(cols, start, end)} AS problem FROM ({source_sql(files, cmap)})),
g AS (
  SELECT file, problem,
    CASE WHEN problem = 0 THEN CAST(arrival AS DATE) END AS day,
    CASE WHEN problem = 0 THEN hour(arrival) END AS hr,
    {agent} AS agent,
    count(*) AS offered,
    count(*) FILTER (WHERE answer IS NOT NULL) AS answered,
    count(*) FILTER (WHERE answer IS NOT NULL AND epoch_us(answer) - epoch_us(arrival) <= 20000000) AS answered_20s,
    sum(epoch_us(answer) - epoch_us(arrival)) FILTER (WHERE answer IS NOT NULL) AS wait_answered_us,
    sum(epoch_us(fin) - epoch_us(arrival)) FILTER (WHERE answer IS NULL) AS wait_abandoned_us,
    sum(epoch_us(fin) - epoch_us(answer)) FILTER (WHERE answer IS NOT NULL) AS talk_us,
    {wrap} AS wrap_ms
  FROM t GROUP BY ALL)
SELECT GROUPING(file) AS by_cell, file, problem, day, hr,
  sum(offered), sum(answered), sum(answered_20s), coalesce(sum(wait_answered_us), 0), coalesce(sum(wait_abandoned_us), 0),
  coalesce(sum(talk_us), 0), {wrap_sum}, {agents}
FROM g GROUP BY GROUPING SETS ((problem, day, hr), (file, problem))
"""


def duplicates_sql(files: list[RecordFile], cmap: ColumnMap) -> str:
    """Rows whose call id's 64-bit hash equals the previous one in hash order: a sort of 8-byte keys
    (measured about half the CPU of a GROUP BY or count(DISTINCT) over the same ids)."""
    ids = f"SELECT hash(call_id) AS h FROM ({source_sql(files, cmap)}) WHERE call_id IS NOT NULL"
    return f"SELECT count(*) FROM (SELECT h, lag(h) OVER (ORDER BY h) AS previous FROM ({ids})) WHERE h = previous"


def run(con, files: list[RecordFile], cmap: ColumnMap, start: dt.date, end: dt.date) -> ScanResult:
    """The single pass (and, with call ids, the concurrent duplicate count)."""
    dup: dict[str, Any] = {}
    worker = cursor = None
    if "call_id" in files[0].columns:
        cursor = con.cursor()

        def count_duplicates() -> None:
            try:
                dup["n"] = cursor.execute(duplicates_sql(files, cmap)).fetchone()[0]
            except Exception as exc:  # re-raised in the caller's thread
                dup["error"] = exc

        worker = threading.Thread(target=count_duplicates, name="calls-duplicates")
        worker.start()
    try:
        rows = con.execute(aggregate_sql(files, cmap, start, end)).fetchall()
    except BaseException:
        if cursor is not None:
            cursor.interrupt()  # the pass failed: do not wait for the duplicate count to finish reading
        raise
    finally:
        if worker is not None:
            worker.join()
    if "error" in dup:
        raise dup["error"]
    cells: list[tuple] = []
    file_rows: dict[str, int] = {}
    problems: dict[tuple[str, int], int] = {}
    for by_cell, file, problem, day, hr, *sums in rows:
        if by_cell:  # grouping set (problem, day, hr)
            if problem == 0:
                cells.append((day, hr, *(None if v is None else int(v) for v in sums)))
        else:
            file_rows[file] = file_rows.get(file, 0) + int(sums[0])
            if problem:
                problems[(file, problem)] = int(sums[0])
    cells.sort(key=lambda c: (c[0], c[1]))
    return ScanResult(cells, file_rows, problems, int(dup.get("n") or 0))


# --------------------------------------------------------------------------- the slow path: which rows


def first_rows(con, f: RecordFile, cmap: ColumnMap, code: int, start: dt.date, end: dt.date, limit: int = 3) -> list[dict]:
    """The first ``limit`` rows of one file with problem ``code``: row number and raw text, in file order."""
    cols = frozenset(f.columns)
    con.execute("SET threads = 1")
    con.execute("SET preserve_insertion_order = true")
    rows = f"SELECT *, {problem_sql(cols, start, end)} AS problem FROM ({source_sql([f], cmap, numbered=True)})"
    sql = f"SELECT * FROM ({rows}) WHERE problem = {int(code)} ORDER BY rec LIMIT {int(limit)}"
    cur = con.execute(sql)
    names = [d[0] for d in cur.description]
    return [dict(zip(names, r)) for r in cur.fetchall()]


def duplicates(con, files: list[RecordFile], cmap: ColumnMap, limit: int = 3) -> tuple[int, list[tuple[str, list[tuple[str, int]]]]]:
    """(rows that repeat an id, up to ``limit`` repeated ids with their (file, row) places), by exact comparison."""
    con.execute("SET threads = 1")
    con.execute("SET preserve_insertion_order = true")
    numbered = f"SELECT file, rec, call_id FROM ({source_sql(files, cmap, numbered=True)}) WHERE call_id IS NOT NULL"
    con.execute(f"CREATE OR REPLACE TEMP TABLE ids AS {numbered}")
    total = con.execute("SELECT coalesce(sum(n - 1), 0) FROM (SELECT count(*) AS n FROM ids GROUP BY call_id HAVING count(*) > 1)").fetchone()[0]
    rows = con.execute(
        "SELECT call_id, list(struct_pack(file := file, rec := rec) ORDER BY file, rec) FROM ids GROUP BY call_id HAVING count(*) > 1 "
        f"ORDER BY min(file), min(rec) LIMIT {int(limit)}"
    ).fetchall()
    return int(total), [(cid, [(p["file"], int(p["rec"])) for p in places]) for cid, places in rows]
