"""Generate synthetic call-detail records (one row per offered call) for tests and benchmarks.

    PYTHONPATH=src python scripts/synth_calls.py --year 2021 --rows 11666777 --out /tmp/calls [--seed 1]
        [--format parquet|csv.gz] [--files 1|12] [--headers en|zh] [--data data] [--year-root ROOT]

Why synthetic: the real 2021 report has no call records, and its book must stay free of
invented ones. Tests and ``bench/calls.py`` still need records whose totals behave like the
real year's, so:

* ``--rows`` equal to the year's calls offered (2021: 11,666,777) gives exactly the
  answer-rate indicator's counts: offered = rows, answered = the indicator's numerator
  (10,975,138). A smaller ``--rows`` scales answered in proportion (half-up), and the script
  prints both counts; ``--year-root ROOT`` then also writes ``ROOT/<year>/``, a copy of the
  year folder whose answer-rate counts are set to those numbers, with the records in its
  ``calls/`` folder — a consistent small test year.
* Shapes are plausible, not real: months (a February dip, summer and January peaks), weekdays
  (Monday highest), 24 service hours (morning and afternoon peaks), a few surge days; agents
  are scheduled for the average day, so abandonment concentrates in busy months and hours.
  Talk time is log-normal, wrap-up gamma, waits exponential; times are whole seconds.

Nothing here is product code; it is only imported by tests and the benchmark.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import math
import shutil
import sys
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pyarrow.parquet as pq
import yaml

ROOT = Path(__file__).resolve().parents[1]

MONTH_WEIGHT = (1.10, 0.84, 0.98, 0.96, 0.98, 1.05, 1.06, 1.12, 0.98, 0.95, 0.94, 1.00)
WEEKDAY_WEIGHT = (1.12, 1.06, 1.03, 1.02, 1.00, 0.90, 0.87)  # Monday first
HOUR_WEIGHT = (0.6, 0.35, 0.25, 0.2, 0.2, 0.3, 0.8, 2.0, 4.6, 6.6, 7.0, 6.6, 5.0, 4.6, 6.2, 6.6, 6.3, 5.6, 4.3, 3.8, 3.6, 3.2, 2.4, 1.4)
QUEUES = ("综合咨询", "政策咨询", "投诉举报", "求助", "外语服务")
QUEUE_WEIGHT = (0.55, 0.22, 0.14, 0.08, 0.01)
ROSTER = 858  # agent ids A0001…A0858
SEATS = 567
MEAN_HANDLE = 270.0  # talk ≈ 240 s + wrap-up ≈ 30 s, for scheduling only

EN = ("call_id", "arrival_time", "answer_time", "end_time", "wrap_up_seconds", "queue", "agent_id")
ZH = ("呼叫流水号", "来电时间", "接通时间", "挂机时间", "话后处理时长", "技能组", "坐席工号")


@dataclass(frozen=True)
class Plan:
    """Calls per (day, hour): offered, abandoned, agents on duty; exact totals."""

    days: list[dt.date]
    offered: np.ndarray  # (days, 24) int64
    abandoned: np.ndarray  # (days, 24) int64
    on_duty: np.ndarray  # (24,) agents scheduled per hour of day
    rho: np.ndarray  # (days, 24) utilisation used for waits


def scaled_answered(rows: int, offered: int, answered: int) -> int:
    """Answered calls for ``rows`` offered at the year's answer rate (half-up); exact when rows == offered."""
    return int(Fraction(rows * answered, offered) + Fraction(1, 2))


def plan(start: dt.date, end: dt.date, offered: int, answered: int, seed: int) -> Plan:
    rng = np.random.default_rng(seed)
    days = [start + dt.timedelta(d) for d in range((end - start).days + 1)]
    w = np.array([MONTH_WEIGHT[d.month - 1] * WEEKDAY_WEIGHT[d.weekday()] for d in days])
    w *= rng.lognormal(0.0, 0.06, len(days))
    surge = rng.choice(len(days), size=min(6, len(days)), replace=False)
    w[surge] *= rng.uniform(1.2, 1.5, len(surge))
    per_day = rng.multinomial(offered, w / w.sum())
    hour_p = np.array(HOUR_WEIGHT) / sum(HOUR_WEIGHT)
    cells = np.stack([rng.multinomial(n, hour_p) for n in per_day]).astype(np.int64)
    load = cells * MEAN_HANDLE / 3600
    on_duty = np.minimum(np.ceil(load.mean(axis=0) * 1.06) + 3, SEATS).astype(np.int64)
    rho = load / on_duty
    # overloaded hours lose about 1 − 1/ρ of their callers (fluid limit of Erlang A); a small base elsewhere
    propensity = 0.03 + np.clip(1 - 1 / np.maximum(rho, 1e-9), 0, None)
    expected = _scaled(propensity.ravel(), cells.ravel(), offered - answered)
    abandoned = _allocate(offered - answered, expected, cells.ravel(), rng).reshape(cells.shape)
    return Plan(days, cells, abandoned, on_duty, rho)


def _scaled(propensity: np.ndarray, calls: np.ndarray, total: int) -> np.ndarray:
    """Expected abandons per cell, calls × min(0.9, s × propensity), with s chosen so they add up to ``total``."""
    lo, hi = 0.0, 1.0
    while (calls * np.minimum(0.9, hi * propensity)).sum() < total and hi < 1e9:
        hi *= 2
    for _ in range(60):
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if (calls * np.minimum(0.9, mid * propensity)).sum() < total else (lo, mid)
    return calls * np.minimum(0.9, hi * propensity)


def _allocate(total: int, weight: np.ndarray, cap: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """``total`` abandons over cells in proportion to ``weight``, never more than 90% of a cell's calls."""
    limit = (cap * 9) // 10
    if total > limit.sum():
        raise SystemExit(f"cannot place {total} abandoned calls: the answer rate is too low for this generator")
    out = np.zeros_like(cap)
    left = total
    while left:
        room = limit - out
        w = np.where(room > 0, weight + 1e-12, 0.0)
        add = np.minimum(rng.multinomial(left, w / w.sum()), room)
        out += add
        left = total - int(out.sum())
    return out


def _month_calls(p: Plan, month_days: np.ndarray, first_seq: int, year: int, rng: np.random.Generator) -> pa.Table:
    """Every call of the given day indices, sorted by arrival, as an Arrow table."""
    counts = p.offered[month_days].ravel()
    abandon = p.abandoned[month_days].ravel()
    rho = p.rho[month_days].ravel()
    n = int(counts.sum())
    cell = np.repeat(np.arange(len(counts)), counts)
    start = np.repeat(np.cumsum(counts) - counts, counts)
    is_abandoned = (np.arange(n) - start) < abandon[cell]  # the first a calls of a cell (arrivals are random)
    day_idx = month_days[cell // 24]
    hour = cell % 24
    epoch0 = (p.days[0] - dt.date(1970, 1, 1)).days * 86400  # naive wall-clock seconds, no time zone
    arrival = epoch0 + day_idx.astype(np.int64) * 86400 + hour * 3600 + rng.integers(0, 3600, n)
    wait_mean = 2.0 + 45.0 * np.clip(rho[cell] - 0.8, 0, None)
    wait = np.floor(rng.exponential(1.0, n) * wait_mean).astype(np.int64)
    patience = np.maximum(1, np.floor(rng.exponential(55.0, n))).astype(np.int64)
    talk = np.maximum(10, np.round(rng.lognormal(math.log(200), 0.6, n))).astype(np.int64)
    wrap = np.round(rng.gamma(2.0, 15.0, n)).astype(np.int64)
    answer = arrival + wait
    end = np.where(is_abandoned, arrival + patience, answer + talk)
    rot = (day_idx.astype(np.int64) * 137 + hour * 53) % ROSTER
    agent = (rot + rng.integers(0, 1 << 30, n) % p.on_duty[hour]) % ROSTER + 1
    queue = rng.choice(len(QUEUES), size=n, p=np.array(QUEUE_WEIGHT))
    order = np.argsort(arrival, kind="stable")
    seq = np.arange(first_seq, first_seq + n, dtype=np.int64)
    ts = pa.timestamp("s")
    abandoned_mask = pa.array(is_abandoned[order])
    call_id = pc.binary_join_element_wise(pa.scalar(f"{year}"), pc.utf8_lpad(pc.cast(pa.array(seq), pa.string()), 9, "0"), "")
    agent_str = pc.binary_join_element_wise(pa.scalar("A"), pc.utf8_lpad(pc.cast(pa.array(agent[order]), pa.string()), 4, "0"), "")
    return pa.table(
        {
            "call_id": call_id,
            "arrival_time": pa.array(arrival[order], pa.int64()).cast(ts),
            "answer_time": pc.if_else(abandoned_mask, pa.scalar(None, ts), pa.array(answer[order], pa.int64()).cast(ts)),
            "end_time": pa.array(end[order], pa.int64()).cast(ts),
            "wrap_up_seconds": pc.if_else(abandoned_mask, pa.scalar(None, pa.int32()), pa.array(wrap[order], pa.int32())),
            "queue": pa.DictionaryArray.from_arrays(pa.array(queue[order], pa.int8()), pa.array(QUEUES)),
            "agent_id": pc.if_else(abandoned_mask, pa.scalar(None, pa.string()), agent_str),
        }
    )


def _csv_table(t: pa.Table) -> pa.Table:
    cols = {}
    for name in t.column_names:
        col = t[name]
        if pa.types.is_timestamp(col.type):
            col = pc.strftime(col, format="%Y-%m-%d %H:%M:%S")
        elif pa.types.is_dictionary(col.type):
            col = col.cast(pa.string())
        cols[name] = col
    return pa.table(cols)


def write(p: Plan, out: Path, year: int, fmt: str = "parquet", files: int = 1, headers: str = "en", seed: int = 0) -> list[Path]:
    """Write the plan's calls into ``out`` as one file or one file per month; returns the files."""
    if fmt not in ("parquet", "csv.gz", "csv"):
        raise SystemExit(f"--format {fmt}: use parquet, csv.gz or csv")
    if files not in (1, 12):
        raise SystemExit("--files: 1 (one file) or 12 (one per month)")
    out.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(seed + 1)
    names = ZH if headers == "zh" else EN
    months = sorted({(d.year, d.month) for d in p.days})
    written: list[Path] = []
    writer = None
    seq = 1
    for ym in months:
        idx = np.array([i for i, d in enumerate(p.days) if (d.year, d.month) == ym])
        table = _month_calls(p, idx, seq, year, rng).rename_columns(list(names))
        seq += table.num_rows
        path = out / (f"calls-{year}.{fmt}" if files == 1 else f"calls-{ym[0]}-{ym[1]:02d}.{fmt}")
        if writer is None or files == 12:
            if writer is not None:
                writer.close()
            writer = _Writer(path, fmt, table.schema if fmt == "parquet" else _csv_table(table.slice(0, 0)).schema)
            written.append(path)
        writer.write(table)
    if writer is not None:
        writer.close()
    return written


class _Writer:
    def __init__(self, path: Path, fmt: str, schema: pa.Schema):
        self.fmt = fmt
        if fmt == "parquet":
            self.w = pq.ParquetWriter(path, schema, compression="zstd")
        else:
            # gzip level 6 (the gzip tool's default) through Python's zlib: Arrow's gzip stream is ~50× slower here
            self.sink = gzip.open(path, "wb", compresslevel=6) if fmt == "csv.gz" else open(path, "wb")  # noqa: SIM115 - closed in close()
            self.schema, self.header = schema, True

    def write(self, table: pa.Table) -> None:
        if self.fmt == "parquet":
            self.w.write_table(table)
            return
        buf = pa.BufferOutputStream()
        pacsv.write_csv(_csv_table(table), buf, write_options=pacsv.WriteOptions(include_header=self.header, quoting_style="none"))
        self.header = False
        self.sink.write(buf.getvalue().to_pybytes())

    def close(self) -> None:
        (self.w if self.fmt == "parquet" else self.sink).close()


# --------------------------------------------------------------------------- a year's counts


@dataclass(frozen=True)
class YearCounts:
    year: int
    start: dt.date
    end: dt.date
    offered: int
    answered: int


def year_counts(year_dir: Path) -> YearCounts:
    """The year's implementation period and answer-rate counts, read through the product's loader."""
    sys.path.insert(0, str(ROOT / "src"))
    from selfeval.contract.crosscheck import answer_rate_indicator
    from selfeval.contract.load import load_year

    data = load_year(year_dir)
    ind = answer_rate_indicator(data)
    if ind is None or ind.numerator is None or ind.denominator is None:
        raise SystemExit(f"{year_dir}: the year has no answer-rate indicator with counts")
    yp = data.contract.year_period
    return YearCounts(data.year, yp.start, yp.end, ind.denominator.value, ind.numerator.value)


def set_answer_counts(year_dir: Path, offered: int, answered: int) -> None:
    """Rewrite the answer-rate indicator's counts in ``year_dir/indicators.yaml`` (a test copy)."""
    path = year_dir / "indicators.yaml"
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    ops_path = year_dir / "operations.yaml"
    named = (yaml.safe_load(ops_path.read_text(encoding="utf-8")) or {}).get("answer_rate_indicator") if ops_path.exists() else None
    ind = next(i for i in doc["indicators"] if i["id"] == (named or "answer_rate"))
    ind["numerator"]["value"] = answered
    ind["denominator"]["value"] = offered
    path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")


def fixture_year(src_year: Path, root: Path, rows: int, seed: int = 0, fmt: str = "parquet", files: int = 1, headers: str = "en") -> tuple[Path, YearCounts]:
    """``root/<year>/``: a copy of ``src_year`` with ``rows`` call records whose totals match its answer-rate counts."""
    counts = year_counts(src_year)
    answered = scaled_answered(rows, counts.offered, counts.answered)
    dst = root / src_year.name
    shutil.copytree(src_year, dst, ignore=shutil.ignore_patterns("calls", "monthly.csv"))
    set_answer_counts(dst, rows, answered)
    write(plan(counts.start, counts.end, rows, answered, seed), dst / "calls", counts.year, fmt, files, headers, seed)
    return dst, YearCounts(counts.year, counts.start, counts.end, rows, answered)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--year", type=int, required=True)
    ap.add_argument("--rows", type=int, required=True, help="calls offered to generate")
    ap.add_argument("--out", type=Path, help="folder for the record files (e.g. a year's calls/)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--format", default="parquet", choices=("parquet", "csv.gz", "csv"))
    ap.add_argument("--files", type=int, default=1, choices=(1, 12), help="one file, or one per month")
    ap.add_argument("--headers", default="en", choices=("en", "zh"), help="column names: English or a Chinese ACD export's")
    ap.add_argument("--data", type=Path, default=ROOT / "data", help="where the year folder is (default: data)")
    ap.add_argument("--year-root", type=Path, help="also write ROOT/<year>/: the year folder with its answer-rate counts set to the records'")
    args = ap.parse_args(argv)
    if args.out is None and args.year_root is None:
        ap.error("give --out, --year-root or both")
    src = args.data / str(args.year)
    if args.year_root is not None:
        dst, counts = fixture_year(src, args.year_root, args.rows, args.seed, args.format, args.files, args.headers)
        print(f"year folder {dst} with {len(list((dst / 'calls').iterdir()))} record file(s)")
    else:
        counts = year_counts(src)
        answered = scaled_answered(args.rows, counts.offered, counts.answered)
        counts = YearCounts(counts.year, counts.start, counts.end, args.rows, answered)
    if args.out is not None:
        p = plan(counts.start, counts.end, counts.offered, counts.answered, args.seed)
        files = write(p, args.out, counts.year, args.format, args.files, args.headers, args.seed)
        print(f"wrote {len(files)} file(s) to {args.out}")
    print(f"offered {counts.offered} answered {counts.answered}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
