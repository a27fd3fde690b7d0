"""A department's build measured (prints numbers; not a test): ``selfeval build --all`` of a synthetic
portfolio on this machine's Dask cluster, from empty caches.

    .venv/bin/python bench/portfolio.py [--projects 20] [--years 2] [--workers N] [--seed 1]

In a throw-away project copy (notebooks, book, config; empty ``.cache/``), with the portfolio of
``scripts/synth_portfolio.py``. Reports the wall time, the CPU seconds of the whole process tree
(the CLI, the Dask workers and every kernel and Jupyter Book process they waited for), the peak
memory of that tree (summed RSS, sampled), each book's time from the console's lines, and the load
average around and during the run, since other work on the machine changes the wall time, not the
CPU seconds. Docs: docs/scale.md.
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from run import PeakRSS  # bench/run.py: the summed RSS of a process tree

ROOT = Path(__file__).resolve().parents[1]
BOOK_LINE = re.compile(r"^  已生成：(\S+)（(?:(\d+)分)?(\d+)秒）", re.M)


def _children_cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


class LoadSampler:
    """The 1-minute load average every 5 s while the build runs."""

    def __init__(self) -> None:
        self.samples: list[float] = []
        self._stop = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        while not self._stop.wait(5):
            self.samples.append(os.getloadavg()[0])

    def stop(self) -> list[float]:
        self._stop.set()
        self.thread.join()
        return self.samples


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--projects", type=int, default=20)
    ap.add_argument("--years", type=int, default=2)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--workers", type=int, default=None, help="this machine's cluster size (default: the build's choice)")
    ap.add_argument("--keep", type=Path, default=None, help="work here and keep it (default: a temporary folder)")
    args = ap.parse_args()
    base = args.keep or Path(tempfile.mkdtemp(prefix="portfolio-bench-"))
    proj, data, out = base / "proj", base / "data", base / "public"
    for name in ("notebooks", "book"):
        shutil.copytree(ROOT / name, proj / name)
    shutil.copyfile(ROOT / "_config.yml", proj / "_config.yml")
    gen = [sys.executable, str(ROOT / "scripts" / "synth_portfolio.py"), "--projects", str(args.projects), "--years", str(args.years)]
    subprocess.run([*gen, "--seed", str(args.seed), "--out", str(data)], check=True, capture_output=True)
    cmd = [sys.executable, "-m", "selfeval", "build", "--all", "--data", str(data), "--out", str(out), "--root", str(proj)]
    if args.workers:
        cmd += ["--workers", str(args.workers)]
    load_before, cpu_before, started = os.getloadavg(), _children_cpu(), time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=base, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    peak, loads = PeakRSS(proc.pid), LoadSampler()
    printed, _ = proc.communicate()
    wall, cpu = time.perf_counter() - started, _children_cpu() - cpu_before
    peak_bytes, during = peak.stop(), loads.stop()
    books = [int(m or 0) * 60 + int(s) for _, m, s in BOOK_LINE.findall(printed)]
    print(printed[-2000:])
    tasks = args.projects * args.years
    print(f"| portfolio | {args.projects} projects × {args.years} years = {tasks} books (seed {args.seed}), {os.cpu_count()} cores |")
    print("|---|---|")
    print(f"| exit status | {proc.returncode} |")
    print(f"| wall time | {wall:.0f} s ({wall / 60:.1f} min) |")
    print(f"| CPU time (whole tree) | {cpu:.0f} CPU-s, {cpu / max(1, len(books)):.1f} CPU-s per book built |")
    if books:
        print(f"| time per book (task wall) | median {statistics.median(books):.0f} s, min {min(books)} s, max {max(books)} s ({len(books)} built) |")
        print(f"| throughput | {len(books) / wall * 3600:.0f} books/hour |")
    print(f"| peak memory (summed RSS of the tree) | {peak_bytes / 2**20:.0f} MB |")
    mean = f"{statistics.mean(during):.1f}" if during else "—"
    print(f"| load average (1 min) | before {load_before[0]:.1f}, during mean {mean}, after {os.getloadavg()[0]:.1f} |")
    print(f"| work folder | {base} |")
    if args.keep is None:
        shutil.rmtree(base, ignore_errors=True)
    return proc.returncode


if __name__ == "__main__":
    sys.exit(main())
