"""Performance benchmark of the book build (prints numbers; not a test).

    make bench            # or: .venv/bin/python bench/run.py [--runs 3]

Each scenario runs in a throw-away copy of the project (data, notebooks, book, config) so
that "cold" really means empty caches, and reports the median of --runs runs:

- cold build of one year (HTML + PDF, empty caches)
- rebuild with nothing changed (`make book`, whole command, in the repository)
- rebuild after editing one data file of the year (notebooks executed: the year's only)
- rebuild after editing one notebook (notebooks executed: that one only)
- cold build of three years (synthetic fixture years from tests/fixtures/years)
- landing page and years.js rewrite for those three years (trend charts drawn by vl-convert)
- peak memory (RSS of the whole process tree, sampled every 50 ms)
- orchestration ratio: our HTML build with notebooks already executed vs a bare
  `jupyter-book build` of the same executed notebooks, measured in the same run
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]
PY = sys.executable
FIXTURE_YEARS = ROOT / "tests" / "fixtures" / "years"


def copy_project(dst: Path, data: Path = ROOT / "data") -> Path:
    shutil.copytree(data, dst / "data")
    for name in ("notebooks", "book"):
        shutil.copytree(ROOT / name, dst / name)
    shutil.copyfile(ROOT / "_config.yml", dst / "_config.yml")
    return dst


class PeakRSS:
    """Samples the summed RSS of a process and its children."""

    def __init__(self, pid: int):
        self.proc, self.peak, self._stop = psutil.Process(pid), 0, threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                procs = [self.proc, *self.proc.children(recursive=True)]
                self.peak = max(self.peak, sum(p.memory_info().rss for p in procs if p.is_running()))
            except psutil.Error:
                pass
            time.sleep(0.05)

    def stop(self) -> int:
        self._stop.set()
        self.thread.join()
        return self.peak


def run(cmd: list[str], cwd: Path) -> tuple[float, int, str]:
    if cmd[1:3] == ["-m", "selfeval"]:
        cmd = [*cmd, "--root", str(cwd)]  # the CLI takes the project checkout from --root, not from the working directory
    t = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    sampler = PeakRSS(proc.pid)
    out, _ = proc.communicate()
    peak = sampler.stop()
    secs = time.perf_counter() - t
    if proc.returncode != 0:
        raise SystemExit(f"benchmark command failed ({' '.join(cmd)}):\n{out}")
    return secs, peak, out


def build_cmd(*years: int, pdf: bool = True) -> list[str]:
    cmd = [PY, "-m", "selfeval", "build", "--out", "public"]
    for y in years:
        cmd += ["--year", str(y)]
    return cmd + ([] if pdf else ["--no-pdf"])


def executed(out: str) -> int:
    return len(re.findall(r": executed in ", out))


def median(xs: list[float]) -> float:
    return statistics.median(xs)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    results: dict[str, object] = {}
    peaks: list[int] = []

    cold, hot_make, data_edit, nb_edit, three, ours_html, bare_html, landing = [], [], [], [], [], [], [], []
    data_exec, nb_exec = [], []
    for i in range(args.runs):
        with tempfile.TemporaryDirectory() as tmp:
            proj = copy_project(Path(tmp))
            secs, peak, _ = run(build_cmd(2021), proj)
            cold.append(secs)
            peaks.append(peak)
            # edit one data file of the year
            with open(proj / "data" / "2021" / "prose.yaml", "a", encoding="utf-8") as f:
                f.write(f"\n# bench edit {i}\n")
            secs, peak, out = run(build_cmd(2021), proj)
            data_edit.append(secs)
            data_exec.append(executed(out))
            # edit one notebook
            nb = proj / "notebooks" / "04_form.ipynb"
            nb.write_text(nb.read_text(encoding="utf-8").replace("# 项目支出绩效自评表", "# 项目支出绩效自评表 "), encoding="utf-8")
            secs, peak, out = run(build_cmd(2021), proj)
            nb_edit.append(secs)
            nb_exec.append(executed(out))
            # orchestration: our HTML build with every notebook cached vs bare jupyter-book
            shutil.rmtree(proj / "public")
            secs, _, _ = run(build_cmd(2021, pdf=False), proj)
            ours_html.append(secs)
            bare = Path(tmp) / "bare"
            shutil.copytree(proj / "public" / "2021" / "notebooks", bare / "executed")
            (bare / "intro.md").write_text("# 封面\n", encoding="utf-8")
            toc = {"format": "jb-book", "root": "intro", "chapters": [{"file": f"executed/{p.stem}"} for p in sorted((bare / "executed").glob("*.ipynb"))]}
            (bare / "_toc.yml").write_text(json.dumps(toc, ensure_ascii=False), encoding="utf-8")
            shutil.copyfile(ROOT / "_config.yml", bare / "_config.yml")
            shutil.copytree(proj / "public" / "2021" / "html" / "_static", bare / "_static")
            jb = str(Path(PY).with_name("jupyter-book"))
            secs, _, _ = run([jb, "build", str(bare), "--quiet"], bare)
            bare_html.append(secs)
        with tempfile.TemporaryDirectory() as tmp:
            proj = copy_project(Path(tmp), FIXTURE_YEARS)
            secs, peak, _ = run(build_cmd(2019, 2020, 2021), proj)
            three.append(secs)
            peaks.append(peak)
            # the landing page alone (imports excluded): what every publishing build adds
            code = (
                "import time; from pathlib import Path; from selfeval.bookbuild.publish import OutputFolder; "
                "t = time.perf_counter(); OutputFolder(Path('public'), []).write_landing(); print(time.perf_counter() - t)"
            )
            _, _, out = run([PY, "-c", code], proj)
            landing.append(float(out.strip().splitlines()[-1]))
    # nothing changed: the whole `make book` in the repository (built once first)
    run(["make", "-s", "book"], ROOT)
    for _ in range(args.runs):
        secs, _, out = run(["make", "-s", "book"], ROOT)
        hot_make.append(secs)
        assert executed(out) == 0, out

    results = {
        "date": time.strftime("%Y-%m-%d"),
        "cores": psutil.cpu_count(),
        "runs": args.runs,
        "cold_one_year_html_pdf_s": round(median(cold), 2),
        "nothing_changed_make_book_s": round(median(hot_make), 2),
        "data_edit_rebuild_s": round(median(data_edit), 2),
        "data_edit_notebooks_executed": data_exec,
        "notebook_edit_rebuild_s": round(median(nb_edit), 2),
        "notebook_edit_notebooks_executed": nb_exec,
        "cold_three_years_s": round(median(three), 2),
        "landing_page_three_years_s": round(median(landing), 2),
        "peak_memory_mb": round(max(peaks) / 2**20),
        "our_html_build_cached_notebooks_s": round(median(ours_html), 2),
        "bare_jupyter_book_s": round(median(bare_html), 2),
        "orchestration_ratio": round(median(ours_html) / median(bare_html), 2),
    }
    targets = {
        "cold_one_year_html_pdf_s": 30,
        "nothing_changed_make_book_s": 2,
        "peak_memory_mb": 1024,
        "orchestration_ratio": 1.5,
    }
    for k, v in results.items():
        mark = ""
        if k in targets:
            mark = f"  (target ≤ {targets[k]}: {'met' if v <= targets[k] else 'MISSED'})"
        print(f"{k:40s} {v}{mark}")


if __name__ == "__main__":
    main()
