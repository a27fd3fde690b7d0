"""Benchmark of the call-record path (prints numbers; not a test).

    PYTHONPATH=src .venv/bin/python bench/calls.py [--runs 3] [--rows 11666777] [--threads 2] [--skip-build]

What it measures, on a full synthetic 2021 (scripts/synth_calls.py: 11,666,777 calls whose
totals equal the report's answer-rate counts), each run in a fresh process with an empty
aggregate cache:

- cold aggregation (content key + check + aggregate + duplicate check), for Parquet (one file),
  CSV.gz (one file), CSV.gz (twelve monthly files) and plain CSV (one file): seconds, CPU
  seconds, time per million rows, and the peak memory (max RSS) of the process;
- the same with a 256 MB DuckDB memory limit, to show that a year larger than the memory
  given still runs (it spills to the temp directory);
- a second load with nothing changed (aggregate cache hit);
- the book: a no-change rebuild of a year with records (`selfeval build`, whole command).

Generated files are kept in ``.cache/bench-calls/`` (not committed) and reused while the
generator and its arguments are unchanged; generating the CSV.gz takes a few minutes.
Run it when the machine is otherwise quiet: the load average is printed with every number.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PY = sys.executable
WORK = ROOT / ".cache" / "bench-calls"
GENERATOR = ROOT / "scripts" / "synth_calls.py"

CHILD = r"""
import json, os, resource, sys, time
from pathlib import Path
t0 = time.perf_counter()
from selfeval.analyses import calls
from selfeval.analyses.calls import scan
data, cache = Path(sys.argv[1]), Path(sys.argv[2])
engine = scan.Engine(int(sys.argv[3]), sys.argv[4], cache / "calls" / "spill")
t1 = time.perf_counter()
u1 = resource.getrusage(resource.RUSAGE_SELF)
rec = calls.year_calls(data, 2021, cache_dir=cache, engine=engine)
t2 = time.perf_counter()
u2 = resource.getrusage(resource.RUSAGE_SELF)
again = calls.year_calls(data, 2021, cache_dir=cache, engine=engine)
t3 = time.perf_counter()
assert again == rec
cpu = (u2.ru_utime + u2.ru_stime) - (u1.ru_utime + u1.ru_stime)
print(json.dumps({"offered": rec.offered, "answered": rec.answered, "import_s": t1 - t0, "load_s": t2 - t1, "cached_s": t3 - t2, "cpu_s": cpu,
                  "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def load_avg() -> str:
    return "/".join(f"{x:.1f}" for x in os.getloadavg())


def generate(rows: int, fmt: str, files: int) -> Path:
    """The records of one format, generated once per generator version and arguments."""
    key = hashlib.sha256(GENERATOR.read_bytes() + f"{rows}-{fmt}-{files}-seed0".encode()).hexdigest()[:12]
    out = WORK / f"records-{fmt}-{files}-{rows}-{key}"
    if not (out / ".done").exists():
        shutil.rmtree(out, ignore_errors=True)
        print(f"generating {rows:,} rows as {fmt} ({files} file(s)) into {out} ...", flush=True)
        t = time.perf_counter()
        subprocess.run(
            [PY, str(GENERATOR), "--year", "2021", "--rows", str(rows), "--out", str(out), "--format", fmt, "--files", str(files)], check=True, cwd=ROOT
        )
        print(f"  generated in {time.perf_counter() - t:.0f} s", flush=True)
        (out / ".done").write_text("ok")
    return out


def year_root(records: Path, rows: int) -> Path:
    """WORK/root-*/2021: data/2021 (answer-rate counts scaled to ``rows``) with the records hard-linked into calls/."""
    sys.path.insert(0, str(ROOT / "scripts"))
    import synth_calls

    root = WORK / f"root-{records.name}"
    year = root / "2021"
    if not year.exists():
        shutil.copytree(ROOT / "data" / "2021", year)
        counts = synth_calls.year_counts(year)
        synth_calls.set_answer_counts(year, rows, synth_calls.scaled_answered(rows, counts.offered, counts.answered))
        (year / "calls").mkdir()
        for f in sorted(records.iterdir()):
            if f.name.startswith("."):
                continue
            try:
                os.link(f, year / "calls" / f.name)
            except OSError:
                shutil.copyfile(f, year / "calls" / f.name)
    return root


def child(root: Path, threads: int, memory: str) -> dict:
    with tempfile.TemporaryDirectory(prefix="bench-calls-") as cache:
        env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
        proc = subprocess.run([PY, "-c", CHILD, str(root), cache, str(threads), memory], capture_output=True, text=True, env=env, cwd=ROOT)
        if proc.returncode != 0:
            raise SystemExit(f"benchmark child failed:\n{proc.stderr}")
        return json.loads(proc.stdout.strip().splitlines()[-1])


def rebuild(root: Path) -> tuple[float, float, str]:
    """(first build s, no-change rebuild s, its log) of the year with records, whole CLI command."""
    out = WORK / "public"
    cmd = [PY, "-m", "selfeval", "build", "--year", "2021", "--data", str(root), "--out", str(out)]
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    t = time.perf_counter()
    subprocess.run(cmd, check=True, cwd=ROOT, env=env, capture_output=True, text=True)
    first = time.perf_counter() - t
    t = time.perf_counter()
    proc = subprocess.run(cmd, check=True, cwd=ROOT, env=env, capture_output=True, text=True)
    return first, time.perf_counter() - t, proc.stdout


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--rows", type=int, default=11666777)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--memory", default="1GB")
    ap.add_argument("--skip-build", action="store_true", help="leave out the book rebuild")
    ap.add_argument("--only", choices=("parquet", "csv.gz", "csv.gz-12", "csv"), action="append")
    args = ap.parse_args()
    WORK.mkdir(parents=True, exist_ok=True)
    cases = {"parquet": ("parquet", 1), "csv.gz": ("csv.gz", 1), "csv.gz-12": ("csv.gz", 12), "csv": ("csv", 1)}
    results: dict[str, dict] = {}
    print(f"{args.rows:,} rows, {args.threads} threads, DuckDB memory_limit {args.memory}, median of {args.runs} runs (fresh process, empty cache)")
    for name in args.only or list(cases):
        fmt, files = cases[name]
        root = year_root(generate(args.rows, fmt, files), args.rows)
        size = sum(f.stat().st_size for f in (root / "2021" / "calls").iterdir())
        runs = []
        for _ in range(args.runs):
            r = child(root, args.threads, args.memory)
            r["load"] = load_avg()
            assert (r["offered"], r["answered"]) == (args.rows, r["answered"])
            runs.append(r)
            print(
                f"  {name:10s} {r['load_s']:6.2f} s  cpu {r['cpu_s']:6.2f} s  peak {r['peak_rss_mb']:5.0f} MB  cached {r['cached_s'] * 1000:4.0f} ms"
                f"  (load avg {r['load']})",
                flush=True,
            )
        secs = statistics.median(r["load_s"] for r in runs)
        results[name] = {
            "cpu": statistics.median(r["cpu_s"] for r in runs),
            "seconds": secs,
            "best": min(r["load_s"] for r in runs),
            "s_per_million": secs / args.rows * 1e6,
            "peak_rss_mb": max(r["peak_rss_mb"] for r in runs),
            "cached_ms": statistics.median(r["cached_s"] for r in runs) * 1000,
            "size_mb": size / 2**20,
        }
    spill_root = year_root(generate(args.rows, "parquet", 1), args.rows)
    spill = child(spill_root, args.threads, "256MB")
    print(f"  parquet with memory_limit 256MB: {spill['load_s']:.2f} s, peak {spill['peak_rss_mb']:.0f} MB (load avg {load_avg()})")
    print()
    print(
        f"{'input':12s} {'size MB':>8s} {'seconds':>8s} {'best':>6s} {'s/M rows':>9s} {'peak MB':>8s} {'cache hit':>10s} {'cpu s':>6s}"
        "   target ≤ 10 s, ≤ 2048 MB"
    )
    for name, r in results.items():
        ok = "met" if r["seconds"] <= 10 and r["peak_rss_mb"] <= 2048 else "MISSED"
        print(
            f"{name:12s} {r['size_mb']:8.0f} {r['seconds']:8.2f} {r['best']:6.2f} {r['s_per_million']:9.3f} {r['peak_rss_mb']:8.0f}"
            f" {r['cached_ms']:8.0f} ms {r['cpu']:6.1f}   {ok}"
        )
    if not args.skip_build:
        first, again, log = rebuild(spill_root)
        print(f"book with records: first build {first:.1f} s, no-change rebuild {again:.2f} s (target ≤ 2 s: {'met' if again <= 2 else 'MISSED'})")
        assert "已是最新" in log, log


if __name__ == "__main__":
    main()
