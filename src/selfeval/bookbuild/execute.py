"""Notebook execution with papermill: one kernel per notebook, several notebooks at once.

Failures name the notebook and the cell as the analyst counts them (the source notebook's
cells, from 1), keep the failed executed notebook for inspection, and never touch the
published book. A kernel that dies while starting (two kernels racing for the same TCP port)
is started again; a failing cell is never retried. Every cell has a timeout that names it.
"""

from __future__ import annotations

import os
import shutil
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import nbformat

from ..errors import BuildError
from . import cache
from .plan import Chapter
from .progress import log

KERNEL_START_ATTEMPTS = 3


@dataclass
class Job:
    """One notebook of one year to execute (or to take from the cache)."""

    year: int
    chapter: Chapter
    key: str
    target: Path
    params: dict
    timeout: int  # seconds per cell


def _injected_index(path: str) -> int:
    try:
        nb = nbformat.read(path, as_version=4)
    except Exception:
        return -1
    for i, c in enumerate(nb.cells):
        if "injected-parameters" in c.get("metadata", {}).get("tags", []):
            return i
    return -1


def _execute_one(job: tuple[str, str, dict, str, int]) -> tuple[str, float, str | None]:
    """Run one notebook with papermill in this worker process; return (name, seconds, error)."""
    src, out, params, cwd, timeout = job
    import papermill as pm  # in the worker process only (1.4 s)

    os.environ["SELFEVAL_DISPLAY"] = "book"  # the kernel inherits it: book chart outputs even when built from inside JupyterLab

    # Kernels inherit this process's stderr; their transport chatter goes to a log, not the console.
    log_path = Path(out).with_suffix(".kernel.log")
    fd = os.open(log_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    os.dup2(fd, 2)
    os.close(fd)

    t = time.perf_counter()
    try:
        for attempt in range(1, KERNEL_START_ATTEMPTS + 1):
            try:
                pm.execute_notebook(
                    src,
                    out,
                    parameters=params,
                    cwd=cwd,
                    progress_bar=False,
                    log_output=False,
                    kernel_name="python3",
                    language="python",
                    report_mode=False,
                    execution_timeout=timeout,
                )
                break
            except RuntimeError as exc:
                # jupyter_client picks free ports, then binds them later: two kernels starting at
                # once can collide and the kernel dies before it answers. Not the notebook's fault.
                if "Kernel died before replying" not in str(exc) or attempt == KERNEL_START_ATTEMPTS:
                    raise
    except pm.PapermillExecutionError as exc:
        src_line = exc.source.strip().splitlines()[-1] if exc.source.strip() else ""
        # papermill numbers the executed copy's cells, which include the injected-parameters cell
        position = exc.cell_index + 1 - (1 if exc.cell_index > _injected_index(out) >= 0 else 0)
        evalue = str(exc.evalue).splitlines()[0] if exc.evalue else ""
        if exc.ename in ("CellTimeoutError", "TimeoutError") or "timed out" in evalue.lower():
            return out, time.perf_counter() - t, f"第{position}个单元格（`{src_line[:80]}`）：{timeout} 秒内没有结果（单元格超时）"
        return out, time.perf_counter() - t, f"第{position}个单元格（`{src_line[:80]}`）：{exc.ename}: {evalue}"
    except Exception as exc:  # kernel died, bad notebook JSON, a cell timeout, ...
        text = str(exc).splitlines()[0] if str(exc) else ""
        if type(exc).__name__ in ("CellTimeoutError", "TimeoutError"):
            text = f"有单元格在 {timeout} 秒内没有结果（单元格超时）"
        return out, time.perf_counter() - t, f"{type(exc).__name__}: {text}"
    _relative_paths(out, src, cwd)
    return out, time.perf_counter() - t, None


def _relative_paths(out: str, src: str, root: str) -> None:
    """papermill records absolute input and output paths; a published notebook names no path of the build machine."""
    nb = nbformat.read(out, as_version=4)
    meta = nb.metadata.get("papermill", {})
    source = Path(src)
    meta["input_path"] = str(source.relative_to(root)) if source.is_relative_to(root) else source.name
    meta["output_path"] = Path(out).name
    nbformat.write(nb, out)


def run_jobs(jobs: list[Job], root: Path, cache_dir: Path, failed_dir_of, workers: int) -> None:
    """Execute notebooks of every year together, ``workers`` at a time; store successes in the cache.

    ``failed_dir_of(year)`` is where a failed executed notebook is kept for inspection.
    """
    if not jobs:
        return
    log(f"    执行{len(jobs)}个笔记本，每次{min(workers, len(jobs))}个")
    work = [(str(j.chapter.notebook), str(j.target), j.params, str(root), j.timeout) for j in jobs]
    with ProcessPoolExecutor(max_workers=min(workers, len(work))) as pool:
        outcomes = list(pool.map(_execute_one, work))
    failures = []
    for job, (_, secs, err) in zip(jobs, outcomes):
        if err:
            failures.append((job, err))
            log(f"    {job.year} {job.chapter.notebook.name}：{secs:.1f} 秒后失败")
        else:
            cache.store(cache_dir, job.key, job.target)
            log(f"    {job.year} {job.chapter.notebook.name}：执行完成，用时 {secs:.1f} 秒")
    if failures:
        job, err = failures[0]
        failed_dir = failed_dir_of(job.year)
        failed_dir.mkdir(parents=True, exist_ok=True)
        kept = failed_dir / job.target.name
        if job.target.exists():
            shutil.copyfile(job.target, kept)
        rel = job.chapter.notebook.relative_to(root) if job.chapter.notebook.is_relative_to(root) else job.chapter.notebook
        more = f"（另有{len(failures) - 1}个笔记本失败）" if len(failures) > 1 else ""
        shown = kept.relative_to(root) if kept.is_relative_to(root) else kept
        raise BuildError(f"笔记本 {rel} 出错：{err}{more}——执行过的笔记本保存在 {shown}")
