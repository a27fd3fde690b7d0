"""Benchmark of the book build: every figure beside the last recorded one, and a flag when it got worse.

    make bench                                   # = .venv/bin/python bench/run.py
    .venv/bin/python bench/run.py --runs 3 --compare c4ecad4 --compare f92b562 --calls --record

Scenarios, each in a throw-away copy of the project (data, notebooks, book, config) so that
"cold" means empty caches, run ``--runs`` times (median):

- cold: the first build of 2021 (HTML + PDF + Word + Excel), empty caches;
- nothing changed: the same command again (whole process);
- data edit: a comment appended to data/2021/indicators.yaml (every chapter's key changes);
- prose edit: one word of a chapter's Markdown (a heading of 04_form) changed;
- calls (``--calls``): the first build of a 2021 with 11,666,777 call records (Parquet,
  generated once into .cache/bench-calls/ by bench/calls.py);
- three years (``--three-years``): the first build of the synthetic 2019–2021 of
  tests/fixtures/years (21 notebooks, three books);
- peer: Jupyter Book 1 executing the same chapters itself (``execute_notebooks: force``,
  HTML only), measured in the same run; the ratio says how much faster our build is.

This tree is measured as ``make book`` runs it, in a venv of requirements.txt alone (made once
under .cache/bench/runtime-<digest>; ``--dev-venv``: in this venv, which also holds the lab and
development sets).

Figures: wall seconds, CPU seconds (the build and every process it waited for: kernels,
Jupyter Book), peak memory (RSS of the whole process tree, sampled every 50 ms) and the
notebooks executed. On a shared machine the CPU seconds are the figure to compare: the wall
time says how busy the others were, so the load average is printed with each scenario.

``--compare REV`` runs the same scenarios, in the same runs (alternating, so that load hits
all alike), on another commit: its tree is extracted into .cache/bench/REV with its own
virtual environment from its own requirements.txt (made once), or, when this tree's environment
has every package it pins (same versions) and its pyproject.toml is this tree's, this tree's
environment with its package first on PYTHONPATH. Every build runs with the bytecode cached per environment (PYTHONPYCACHEPREFIX,
as ``make book`` does). ``--only cold`` (repeatable) measures some scenarios only, e.g. to
measure the contribution of each commit of a change.

The record is docs/benchmark.json (committed): ``--record`` appends this run as a table
(date, commit, machine, load, figures) and rewrites the generated table of
docs/benchmark.md. Without ``--record`` nothing is written; each figure is printed beside
the last recorded one and flagged ``WORSE`` when it is more than 20% worse.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import platform
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]
RECORD = ROOT / "docs" / "benchmark.json"
REPORT = ROOT / "docs" / "benchmark.md"
REFS = ROOT / ".cache" / "bench"
WORSE_BY = 1.20  # a figure more than 20% worse than the last recorded one is flagged
TARGETS = {  # issue 22: the figures a build must meet on 2 idle cores
    "cold.wall_s": 6.0,
    "cold.cpu_s": 10.0,
    "data_edit.wall_s": 6.0,
    "prose_edit.wall_s": 3.0,
    "nothing_changed.wall_s": 0.3,
    "calls.wall_s": 15.0,
    "cold.peak_mb": 600,
}
MIN_PEER_RATIO = 4.0
HIGHER_IS_BETTER = {"peer.ratio_wall", "peer.ratio_cpu"}
TABLE_START, TABLE_END = "<!-- bench:table:start -->", "<!-- bench:table:end -->"


# --------------------------------------------------------------------------- one command, measured


class PeakRSS:
    """Samples the summed RSS of a process and its descendants every 50 ms."""

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


# a chapter executed, as the build logs it (in Chinese since the messages were translated; in English by older commits)
EXECUTED = re.compile(r"(: executed in |：执行完成，用时)")


@dataclass
class Measure:
    wall_s: float
    cpu_s: float
    peak_mb: float
    executed: int
    log: str = ""


def _children_cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def measure(cmd: list[str], cwd: Path, env: dict[str, str]) -> Measure:
    """Run a command to its end: wall, CPU of it and every descendant it waited for, peak RSS of the tree."""
    cpu0, t = _children_cpu(), time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    sampler = PeakRSS(proc.pid)
    out, _ = proc.communicate()
    peak = sampler.stop()
    wall, cpu = time.perf_counter() - t, _children_cpu() - cpu0
    if proc.returncode != 0:
        raise SystemExit(f"benchmark command failed ({' '.join(cmd)} in {cwd}):\n{out[-3000:]}")
    return Measure(round(wall, 2), round(cpu, 2), round(peak / 2**20), len(EXECUTED.findall(out)), out)


# --------------------------------------------------------------------------- the trees measured


@dataclass
class Tree:
    """A checkout to measure: its project files and its Python."""

    label: str
    root: Path
    python: Path
    shared_venv: bool = False  # this tree's venv, the tree's src first on PYTHONPATH

    def env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if k not in ("PYTHONDONTWRITEBYTECODE", "SELFEVAL_FAULT", "PYTHONPATH")}
        if self.shared_venv:
            env["PYTHONPATH"] = str(self.root / "src")
        return {**env, "PYTHONPYCACHEPREFIX": str(self.python.parent.parent / "pycache")}

    def project_copy(self, dst: Path, data: Path | None = None) -> Path:
        dst.mkdir(parents=True)
        if data is None:
            shutil.copytree(self.root / "data", dst / "data")
        else:
            shutil.copytree(data, dst / "data", copy_function=_link_or_copy)
        for name in ("notebooks", "book"):
            shutil.copytree(self.root / name, dst / name)
        shutil.copyfile(self.root / "_config.yml", dst / "_config.yml")
        return dst

    def build(self, proj: Path, years: tuple[int, ...] = (2021,)) -> Measure:
        # the project is the working directory (every version of the command line finds it there)
        cmd = [str(self.python), "-m", "selfeval", "build", "--out", "public", *(a for y in years for a in ("--year", str(y)))]
        return measure(cmd, proj, self.env())


def _label(rev: str, commit: str) -> str:
    return rev if commit.startswith(rev) else f"{rev} ({commit[:7]})"


def _name(requirement: str) -> str:
    """A pinned requirement (``Foo_Bar==1.0``) in the normalized form of its distribution name (``foo-bar==1.0``)."""
    name, _, version = requirement.partition("==")
    return f"{re.sub(r'[-_.]+', '-', name.strip()).lower()}=={version.strip()}"


def _pins(text: bytes | None) -> set[str]:
    lines = (text or b"").decode("utf-8", "replace").splitlines()
    return {_name(line.split("#")[0]) for line in lines if "==" in line.split("#")[0] and not line.strip().startswith("#")}


def _installed() -> set[str]:
    """Every distribution this venv has, as ``name==version`` (make bench installs all three requirement sets)."""
    from importlib.metadata import distributions

    return {_name(f"{d.metadata['Name']}=={d.version}") for d in distributions() if d.metadata["Name"]}


def _project_table(text: bytes | None) -> object:
    import tomllib

    try:
        return tomllib.loads((text or b"").decode("utf-8"))["project"]
    except (ValueError, KeyError):
        return None


def _covered(commit: str) -> bool:
    """This venv has every package the commit pins, at the same version, and the same project
    metadata (the ``[project]`` table: name, dependencies, entry points); the tree's own sources
    then run from its src/ folder first on PYTHONPATH."""
    same_project = _project_table(_git_show(commit, "pyproject.toml")) == _project_table((ROOT / "pyproject.toml").read_bytes())
    return same_project and _pins(_git_show(commit, "requirements.txt")) <= _installed()


def _git_show(commit: str, name: str) -> bytes | None:
    proc = subprocess.run(["git", "show", f"{commit}:{name}"], cwd=ROOT, capture_output=True)
    return proc.stdout if proc.returncode == 0 else None


def _link_or_copy(src: str, dst: str) -> None:
    try:
        os.link(src, dst)
    except OSError:
        shutil.copy2(src, dst)


def current_tree(dev_venv: bool = False) -> Tree:
    """This tree as ``make book`` runs it: in a venv of requirements.txt alone (what ``make book``
    installs), made once under .cache/bench/runtime-<digest>. Why not this venv: it holds the
    lab and development sets too, and a build pays for some of what is installed (papermill
    imports pyarrow when it can: 0.2 s of CPU that no analyst's ``make book`` pays).
    ``dev_venv``: measure in this venv instead (no venv to make)."""
    if dev_venv:
        return Tree("this tree", ROOT, Path(sys.executable))
    pins = (ROOT / "requirements.txt").read_bytes() + (ROOT / "pyproject.toml").read_bytes()
    where = REFS / f"runtime-{hashlib.sha256(pins).hexdigest()[:12]}"
    python = where / ".venv" / "bin" / "python"
    if not (where / ".ready").exists():
        print(f"== preparing a venv of requirements.txt alone (as make book installs it) in {where}", flush=True)
        shutil.rmtree(where, ignore_errors=True)
        where.mkdir(parents=True)
        subprocess.run([sys.executable, "-m", "venv", str(where / ".venv")], check=True)
        pip = [str(python), "-m", "pip", "install", "-q"]
        subprocess.run([*pip, "--upgrade", "pip"], check=True)
        subprocess.run([*pip, "-r", str(ROOT / "requirements.txt")], check=True)
        subprocess.run([*pip, "--no-build-isolation", "--no-deps", "-e", str(ROOT)], check=True)
        (where / ".ready").write_text("runtime")
    return Tree("this tree", ROOT, python)


def reference_tree(rev: str) -> Tree:
    """REV's files extracted into .cache/bench/<commit>, with a venv from its own requirements (made once)."""
    commit = subprocess.run(["git", "rev-parse", "--verify", f"{rev}^{{commit}}"], cwd=ROOT, capture_output=True, text=True, check=True).stdout.strip()
    where = REFS / commit[:12]
    python = where / ".venv" / "bin" / "python"
    if _covered(commit) and not python.exists():
        if not (where / ".ready").exists():
            shutil.rmtree(where, ignore_errors=True)
            where.mkdir(parents=True)
            archive = subprocess.run(["git", "archive", commit], cwd=ROOT, capture_output=True, check=True).stdout
            subprocess.run(["tar", "-x", "-C", str(where)], input=archive, check=True)
            (where / ".ready").write_text(commit)
        return Tree(_label(rev, commit), where, Path(sys.executable), shared_venv=True)
    if not (where / ".ready").exists():
        print(f"== preparing {rev} ({commit[:12]}) in {where}: its files and a venv from its requirements.txt", flush=True)
        shutil.rmtree(where, ignore_errors=True)
        where.mkdir(parents=True)
        archive = subprocess.run(["git", "archive", commit], cwd=ROOT, capture_output=True, check=True).stdout
        subprocess.run(["tar", "-x", "-C", str(where)], input=archive, check=True)
        subprocess.run([sys.executable, "-m", "venv", str(where / ".venv")], check=True)
        pip = [str(python), "-m", "pip", "install", "-q"]
        subprocess.run([*pip, "--upgrade", "pip"], check=True)
        subprocess.run([*pip, "-r", str(where / "requirements.txt")], check=True)
        subprocess.run([*pip, "--no-build-isolation", "--no-deps", "-e", str(where)], check=True)
        (where / ".ready").write_text(commit)
    return Tree(_label(rev, commit), where, python)


# --------------------------------------------------------------------------- scenarios


def edit_data(proj: Path, i: int) -> None:
    with open(proj / "data" / "2021" / "indicators.yaml", "a", encoding="utf-8") as f:
        f.write(f"\n# benchmark edit {i}\n")


def edit_prose(proj: Path, i: int) -> None:
    nb = proj / "notebooks" / "04_form.ipynb"
    text = nb.read_text(encoding="utf-8")
    heading = "# 项目支出绩效自评表"
    assert heading in text, "the prose edit changes the heading of 04_form"
    nb.write_text(text.replace(heading, f"{heading}（修订{i + 1}）", 1), encoding="utf-8")


SCENARIOS = ("cold", "nothing_changed", "data_edit", "prose_edit")


def one_run(tree: Tree, tmp: Path, i: int, only: tuple[str, ...] = SCENARIOS) -> dict[str, Measure]:
    """cold → nothing changed → data edit → prose edit, in one fresh project copy (``only`` those named)."""
    proj = tree.project_copy(tmp / "proj")
    out = {"cold": tree.build(proj)}
    if "nothing_changed" in only:
        time.sleep(2.1)  # files changed within 2 s are not trusted by the up-to-date check (a rebuild would be right, but slower)
        out["nothing_changed"] = tree.build(proj)
    if "data_edit" in only:
        edit_data(proj, i)
        out["data_edit"] = tree.build(proj)
    if "prose_edit" in only:
        edit_prose(proj, i)
        out["prose_edit"] = tree.build(proj)
    return {k: v for k, v in out.items() if k in only}


def three_years_run(tree: Tree, tmp: Path) -> Measure:
    return tree.build(tree.project_copy(tmp / "proj", tree.root / "tests" / "fixtures" / "years"), (2019, 2020, 2021))


def calls_run(tree: Tree, tmp: Path) -> Measure:
    sys.path.insert(0, str(ROOT / "bench"))
    import calls as calls_bench  # bench/calls.py: the generated 11.67 M records, made once

    rows = 11_666_777
    data = calls_bench.year_root(calls_bench.generate(rows, "parquet", 1), rows)
    return tree.build(tree.project_copy(tmp / "proj", data))


PEER_CONFIG = """title: peer
only_build_toc_files: true
execute:
  execute_notebooks: force
  timeout: 600
sphinx:
  config:
    language: zh_CN
"""


def peer_run(tree: Tree, tmp: Path, chapters: list[str]) -> Measure:
    """Jupyter Book 1 executing the year's chapters itself (their default parameters: 2021, ../data), HTML only."""
    peer = tmp / "peer"
    (peer / "notebooks").mkdir(parents=True)
    shutil.copytree(tree.root / "data", peer / "data")
    for name in chapters:
        shutil.copyfile(tree.root / "notebooks" / f"{name}.ipynb", peer / "notebooks" / f"{name}.ipynb")
    (peer / "intro.md").write_text("# peer\n", encoding="utf-8")
    toc = {"format": "jb-book", "root": "intro", "chapters": [{"file": f"notebooks/{n}"} for n in chapters]}
    (peer / "_toc.yml").write_text(json.dumps(toc), encoding="utf-8")
    (peer / "_config.yml").write_text(PEER_CONFIG, encoding="utf-8")
    jb = str(tree.python.with_name("jupyter-book"))
    return measure([jb, "build", str(peer), "--quiet"], peer, tree.env())


def executed_chapters(log: str) -> list[str]:
    return [name for name, _ in re.findall(r"2021 (\S+)\.ipynb" + EXECUTED.pattern, log)]


# --------------------------------------------------------------------------- figures


def load_avg() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


def summarize(runs: list[dict[str, Measure]]) -> dict[str, float]:
    figures: dict[str, float] = {}
    for scenario in runs[0]:
        for name in ("wall_s", "cpu_s", "peak_mb", "executed"):
            values = [getattr(r[scenario], name) for r in runs]
            figures[f"{scenario}.{name}"] = max(values) if name == "peak_mb" else statistics.median(values)
    return figures


def steps_of(log: str) -> list[tuple[str, float, float]]:
    """(step, wall s, CPU s) from a build's log, when it reports CPU per step."""
    found = re.findall(r"\[\d+\] (.+?)(?: \.\.\.|…)\n(?:.*\n)*?\s+(?:done in ([\d.]+) s \(CPU ([\d.]+) s\)|完成，用时 ([\d.]+) 秒（CPU ([\d.]+) 秒）)", log)
    found = [(what, w or w2, c or c2) for what, w, c, w2, c2 in found]
    return [(what, float(w), float(c)) for what, w, c in found]


def git_state() -> tuple[str, bool]:
    commit = subprocess.run(["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout.strip() or "unknown"
    dirty = bool(subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=ROOT, capture_output=True, text=True).stdout.strip())
    return commit, dirty


def last_table() -> dict | None:
    try:
        tables = json.loads(RECORD.read_text(encoding="utf-8"))["tables"]
    except (OSError, ValueError, KeyError):
        return None
    return tables[-1] if tables else None


def worse(name: str, new: float, old: float) -> bool:
    if name in HIGHER_IS_BETTER:
        return new * WORSE_BY < old
    if name.endswith(".executed"):
        return new > old
    return new > old * WORSE_BY and new - old > 0.05  # hundredths of a second are noise


def fmt(value: float | None) -> str:
    if value is None:
        return "—"
    return f"{value:.2f}" if isinstance(value, float) and not float(value).is_integer() else f"{value:g}"


def target_note(name: str, value: float) -> str:
    if name in TARGETS:
        return f"≤ {TARGETS[name]:g}: {'met' if value <= TARGETS[name] else 'MISSED'}"
    if name == "peer.ratio_wall":
        return f"≥ {MIN_PEER_RATIO:g}×: {'met' if value >= MIN_PEER_RATIO else 'MISSED'}"
    return ""


def print_comparison(figures: dict[str, float], previous: dict | None) -> int:
    """Each figure beside the last recorded one; returns how many are flagged."""
    old = previous["figures"] if previous else {}
    when = f"{previous['date']} {previous['commit'][:7]}" if previous else "none recorded"
    print(f"\n{'figure':28s} {'now':>9s} {'recorded':>9s}  ({when})")
    flagged = 0
    for name, value in figures.items():
        before = old.get(name)
        flag = ""
        if before is not None and worse(name, value, before):
            flag = "  WORSE (>20%)" if not name.endswith("wall_s") else "  WORSE (>20%; wall: see the load)"
            flagged += 1
        print(f"{name:28s} {fmt(value):>9s} {fmt(before):>9s}  {target_note(name, value)}{flag}")
    return flagged


# --------------------------------------------------------------------------- the record and docs/benchmark.md


ROWS = [
    ("cold year, HTML + PDF + Word + Excel: wall s", "cold.wall_s"),
    ("cold year: CPU s", "cold.cpu_s"),
    ("cold year: peak memory MB", "cold.peak_mb"),
    ("cold year: notebooks executed", "cold.executed"),
    ("data edit (every chapter's key): wall s", "data_edit.wall_s"),
    ("data edit: CPU s", "data_edit.cpu_s"),
    ("prose edit (a chapter's heading): wall s", "prose_edit.wall_s"),
    ("prose edit: CPU s", "prose_edit.cpu_s"),
    ("prose edit: notebooks executed", "prose_edit.executed"),
    ("nothing changed: wall s", "nothing_changed.wall_s"),
    ("nothing changed: CPU s", "nothing_changed.cpu_s"),
    ("three synthetic years (21 notebooks), first build: wall s", "three_years.wall_s"),
    ("three years: CPU s", "three_years.cpu_s"),
    ("11.67 M call records (Parquet), first build: wall s", "calls.wall_s"),
    ("11.67 M call records: CPU s", "calls.cpu_s"),
    ("11.67 M call records: peak memory MB", "calls.peak_mb"),
    ("peer: Jupyter Book 1 executing the chapters: wall s", "peer.wall_s"),
    ("peer: CPU s", "peer.cpu_s"),
    ("our cold year faster than the peer (wall)", "peer.ratio_wall"),
    ("our cold year faster than the peer (CPU)", "peer.ratio_cpu"),
]


def markdown_table(table: dict) -> str:
    cols = [("this tree", table["figures"])] + [(label, figs) for label, figs in table.get("compare", {}).items()]
    head = f"| figure | {' | '.join(c for c, _ in cols)} | target |"
    lines = [head, "|---" * (len(cols) + 2) + "|"]
    for label, key in ROWS:
        if not any(key in figs for _, figs in cols):
            continue
        cells = [fmt(figs.get(key)) for _, figs in cols]
        target = f"≤ {TARGETS[key]:g}" if key in TARGETS else (f"≥ {MIN_PEER_RATIO:g}" if key == "peer.ratio_wall" else "")
        lines.append(f"| {label} | {' | '.join(cells)} | {target} |")
    return "\n".join(lines)


def table_header(table: dict) -> str:
    dirty = " (with uncommitted changes)" if table.get("dirty") else ""
    load = table["load"]
    return (
        f"Measured {table['date']} at commit {table['commit'][:7]}{dirty}, {table['machine']}, median of {table['runs']} run(s); "
        f"load average {load['start']} at the start, {load['end']} at the end (1, 5, 15 min). "
        + "; ".join(f"{label}: commit {c[:12]}" for label, c in table.get("compare_commits", {}).items())
    )


def write_record(table: dict) -> None:
    try:
        record = json.loads(RECORD.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        record = {"tables": []}
    record["tables"].append(table)
    RECORD.write_text(json.dumps(record, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    text = REPORT.read_text(encoding="utf-8")
    if TABLE_START in text and TABLE_END in text:
        block = f"{TABLE_START}\n{table_header(table)}\n\n{markdown_table(table)}\n{TABLE_END}"
        text = text[: text.index(TABLE_START)] + block + text[text.index(TABLE_END) + len(TABLE_END) :]
        REPORT.write_text(text, encoding="utf-8")


# --------------------------------------------------------------------------- main


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--compare", action="append", default=[], metavar="REV", help="also measure this commit (repeatable)")
    ap.add_argument("--calls", action="store_true", help="also the first build with 11.67 M call records (generated once, minutes)")
    ap.add_argument("--three-years", action="store_true", help="also the first build of three synthetic years (21 notebooks)")
    ap.add_argument("--only", action="append", choices=SCENARIOS, help="measure these scenarios only (repeatable)")
    ap.add_argument("--no-peer", action="store_true", help="leave out Jupyter Book 1 executing the chapters")
    ap.add_argument("--dev-venv", action="store_true", help="measure this tree in this venv (lab and dev sets too), not in one of requirements.txt alone")
    ap.add_argument("--record", action="store_true", help="append this table to docs/benchmark.json and docs/benchmark.md")
    args = ap.parse_args()

    trees = [current_tree(args.dev_venv), *(reference_tree(rev) for rev in args.compare)]
    load_start = load_avg()
    print(f"{len(trees)} tree(s), {args.runs} run(s) each, load average {load_start}", flush=True)
    runs: dict[str, list[dict[str, Measure]]] = {t.label: [] for t in trees}
    peers: list[Measure] = []
    for i in range(args.runs):
        for tree in trees:  # alternating: each run measures every tree once
            with tempfile.TemporaryDirectory(prefix="selfeval-bench-") as tmp:
                if i == 0:
                    tree.build(tree.project_copy(Path(tmp) / "warm"))  # untimed: fills the environment's bytecode cache
                result = one_run(tree, Path(tmp), i, tuple(args.only or SCENARIOS))
                if args.calls and (tree.root / "src" / "selfeval" / "analyses" / "calls").is_dir():
                    result["calls"] = calls_run(tree, Path(tmp) / "calls")
                if args.three_years and (tree.root / "tests" / "fixtures" / "years" / "2019").is_dir():
                    result["three_years"] = three_years_run(tree, Path(tmp) / "three")
            runs[tree.label].append(result)
            said = ", ".join(f"{k} {m.wall_s:.2f} s / CPU {m.cpu_s:.2f} s" for k, m in result.items())
            print(f"run {i + 1} {tree.label}: {said} (load {load_avg()})", flush=True)
        if not args.no_peer and "cold" in runs[trees[0].label][-1]:
            chapters = executed_chapters(runs[trees[0].label][-1]["cold"].log)
            with tempfile.TemporaryDirectory(prefix="selfeval-peer-") as tmp:
                peers.append(peer_run(trees[0], Path(tmp), chapters))
            print(f"run {i + 1} peer (Jupyter Book 1 executing {len(chapters)} chapters): {peers[-1].wall_s:.2f} s / CPU {peers[-1].cpu_s:.2f} s", flush=True)

    all_figures = {label: summarize(r) for label, r in runs.items()}
    figures = all_figures[trees[0].label]
    if peers:
        figures["peer.wall_s"] = statistics.median(p.wall_s for p in peers)
        figures["peer.cpu_s"] = statistics.median(p.cpu_s for p in peers)
        figures["peer.ratio_wall"] = round(figures["peer.wall_s"] / figures["cold.wall_s"], 2)
        figures["peer.ratio_cpu"] = round(figures["peer.cpu_s"] / figures["cold.cpu_s"], 2)
    cold = [r["cold"] for r in runs[trees[0].label] if "cold" in r]
    cold_log = cold[len(cold) // 2].log if cold else ""
    print("\nwhere a cold build's time goes (one run; CPU includes the kernels and Jupyter Book):")
    for what, wall, cpu in steps_of(cold_log):
        print(f"  {what[:70]:70s} {wall:6.2f} s  CPU {cpu:6.2f} s")
    commit, dirty = git_state()
    table = {
        "date": dt.date.today().isoformat(),
        "commit": commit,
        "dirty": dirty,
        "machine": f"{psutil.cpu_count()} cores, {round(psutil.virtual_memory().total / 2**30)} GiB, {platform.system()}, Python {platform.python_version()}",
        "runs": args.runs,
        "load": {"start": load_start, "end": load_avg()},
        "figures": figures,
        "compare": {t.label: all_figures[t.label] for t in trees[1:]},
        "compare_commits": {t.label: (t.root / ".ready").read_text().strip() for t in trees[1:]},
    }
    flagged = print_comparison(figures, last_table())
    for tree in trees[1:]:
        print(f"\n{tree.label}:")
        for name, value in all_figures[tree.label].items():
            print(f"  {name:28s} {fmt(value):>9s}")
    print("\n" + markdown_table(table))
    if args.record:
        write_record(table)
        print(f"\nrecorded in {RECORD.relative_to(ROOT)} and {REPORT.relative_to(ROOT)}")
    if flagged:
        print(f"\n{flagged} figure(s) more than 20% worse than the last recorded table")
    return 0


if __name__ == "__main__":
    sys.exit(main())
