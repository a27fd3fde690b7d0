"""Notebook execution with papermill: a few reused kernels (:mod:`.kernels`), one per lane, several lanes at once.

Failures name the notebook and the cell as the analyst counts them (the source notebook's
cells, from 1), keep the failed executed notebook for inspection, and never touch the
published book. A failing cell is never retried; the kernel it ran in is replaced before its
lane's next chapter. Every cell has a timeout that names it.
"""

from __future__ import annotations

import os
import queue
import shutil
import signal
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import BuildError
from . import cache, children
from .kernels import ChapterKernel, KernelError, chapter_imports
from .plan import Chapter
from .progress import log

# A kernel for every 4 chapters, as many as there are cores: a year of 7 chapters on 2 cores runs on
# two kernels started ahead. The second costs its start (~0.7 s of CPU) but the chapters then share
# both cores, which one kernel leaves half idle: 4 alternating cold builds, 6.03 s against 6.78 s
# (10.0 against 9.3 CPU-s on a busy moment of the machine).
CHAPTERS_PER_KERNEL = 4


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
    import nbformat

    try:
        nb = nbformat.read(path, as_version=4)
    except Exception:
        return -1
    for i, c in enumerate(nb.cells):
        if "injected-parameters" in c.get("metadata", {}).get("tags", []):
            return i
    return -1


def _execute_one(kernel: ChapterKernel, job: Job, root: Path) -> str | None:
    """Run one chapter on a warm kernel; None, or the failure as the analyst counts cells."""
    import papermill as pm

    src, out, timeout = str(job.chapter.notebook), str(job.target), job.timeout
    try:
        kernel.fresh()
        kernel.execute(src, out, job.params, timeout)
    except KernelError:
        raise
    except pm.PapermillExecutionError as exc:
        src_line = exc.source.strip().splitlines()[-1] if exc.source.strip() else ""
        # papermill numbers the executed copy's cells, which include the injected-parameters cell
        position = exc.cell_index + 1 - (1 if exc.cell_index > _injected_index(out) >= 0 else 0)
        evalue = str(exc.evalue).splitlines()[0] if exc.evalue else ""
        if exc.ename in ("CellTimeoutError", "TimeoutError") or "timed out" in evalue.lower():
            return f"第{position}个单元格（`{src_line[:80]}`）：{timeout} 秒内没有结果（单元格超时）"
        return f"第{position}个单元格（`{src_line[:80]}`）：{exc.ename}: {evalue}"
    except Exception as exc:  # kernel died, bad notebook JSON, a cell timeout, ...
        text = str(exc).splitlines()[0] if str(exc) else ""
        if type(exc).__name__ in ("CellTimeoutError", "TimeoutError"):
            text = f"有单元格在 {timeout} 秒内没有结果（单元格超时）"
        return f"{type(exc).__name__}: {text}"
    _relative_paths(out, src, str(root))
    return None


def _relative_paths(out: str, src: str, root: str) -> None:
    """papermill records absolute input and output paths; a published notebook names no path of the build machine."""
    import nbformat

    nb = nbformat.read(out, as_version=4)
    meta = nb.metadata.get("papermill", {})
    source = Path(src)
    meta["input_path"] = str(source.relative_to(root)) if source.is_relative_to(root) else source.name
    meta["output_path"] = Path(out).name
    nbformat.write(nb, out)


Outcomes = dict[int, tuple[float, str | None]]  # id(job) → (seconds, error)


@dataclass
class Lanes:
    """What the lanes share: the chapters still to run, their outcomes, and the stop signal."""

    pending: list[Job]
    root: Path
    env: dict[str, str]
    workdir: Path
    warm: list[str]
    outcomes: Outcomes = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)
    stop: threading.Event = field(default_factory=threading.Event)
    finished: queue.Queue[Job | None] = field(default_factory=queue.Queue)  # each chapter done well; None when a lane ends

    def next_job(self) -> Job | None:
        with self.lock:
            return None if self.stop.is_set() or not self.pending else self.pending.pop(0)


def _lane(lanes: Lanes, kernel: ChapterKernel | None = None) -> None:
    """One kernel, started once (``kernel``: already started, :class:`KernelAhead`): take the next
    chapter until none is left. After a failed chapter the kernel is replaced (a timed-out cell
    may still be running in it)."""
    root = lanes.root
    try:
        while (job := lanes.next_job()) is not None:
            if kernel is None:
                kernel = ChapterKernel(root, lanes.env, lanes.workdir, lanes.warm)
                kernel.start()
                if lanes.stop.is_set():  # the build was stopped while this kernel started
                    break
            t = time.perf_counter()
            err = _execute_one(kernel, job, root)
            lanes.outcomes[id(job)] = (time.perf_counter() - t, err)
            if err:
                kernel.shutdown()
                kernel = None
            else:
                lanes.finished.put(job)
    finally:
        if kernel is not None:
            kernel.shutdown()
        lanes.finished.put(None)


def kernel_env() -> dict[str, str]:
    """A chapter kernel's environment: this process's, and book chart outputs even when built from inside JupyterLab."""
    return {**os.environ, "SELFEVAL_DISPLAY": "book"}


class KernelAhead:
    """A lane's kernel started before the year's chapters are planned, when it is known that some
    will run: the build still checks the year, imports papermill and checks each chapter's
    parameters (~0.5 s) while this kernel starts and imports the package (~1.2 s). Its own thread
    starts it, then runs the lane that :func:`run_jobs` hands it (a kernel's client lives on the
    event loop of the thread that started it). :meth:`stop` when no lane comes (the year turned
    out up to date, or was refused): the kernel is shut down."""

    def __init__(self, root: Path, env: dict[str, str], workdir: Path, warm: list[str]):
        self.result: Future[None] = Future()
        self.ready = threading.Event()  # started (or failed to start)
        self._lanes: queue.Queue[Lanes | None] = queue.Queue(maxsize=1)
        self._handed = False
        self._kernel = ChapterKernel(root, env, workdir, warm)
        self._thread = threading.Thread(target=self._main, args=(self._kernel,), name="kernel-ahead", daemon=True)
        self._thread.start()

    def _main(self, kernel: ChapterKernel) -> None:
        try:
            kernel.start()
        except KernelError:
            kernel.shutdown()  # the lane starts one again, and reports it when that fails too
            started = None
        else:
            started = kernel
        self.ready.set()
        lanes = self._lanes.get()
        if lanes is None:
            if started is not None:
                started.shutdown()
            self.result.set_result(None)
            return
        try:
            _lane(lanes, started)
        except BaseException as exc:
            self.result.set_exception(exc)
        else:
            self.result.set_result(None)

    def run(self, lanes: Lanes) -> Future[None]:
        """Run ``lanes``' chapters on this kernel (once); the future ends with the lane."""
        self._handed = True
        self._lanes.put(lanes)
        return self.result

    def stop(self) -> None:
        """No chapter for it: end the kernel (killed if it is still starting, so that a refused
        year's error is not kept waiting). Nothing once a lane was handed."""
        if not self._handed:
            self._handed = True
            if self._kernel.pid:
                with suppress(OSError):
                    os.kill(self._kernel.pid, signal.SIGKILL)
            self._lanes.put(None)
            self._thread.join()


def lanes_for(jobs: int, workers: int) -> int:
    """How many kernels: one per CHAPTERS_PER_KERNEL chapters, at most ``workers``. A kernel costs
    its start-up, the package's imports and vl-convert's engine (~1.2 s of CPU), paid once; this
    process meanwhile does what does not need the chapters (``meanwhile``, ``on_done``)."""
    return max(1, min(workers, -(-jobs // CHAPTERS_PER_KERNEL)))


def run_jobs(
    jobs: list[Job],
    root: Path,
    cache_dir: Path,
    failed_dir_of: Callable[[int], Path],
    workers: int,
    meanwhile: Callable[[], None] = lambda: None,
    on_done: Callable[[Job], None] = lambda job: None,
    ahead: list[KernelAhead] | None = None,
    on_lane_end: Callable[[], None] = lambda: None,
) -> None:
    """Execute notebooks of every year together on reused kernels (:func:`lanes_for`); store successes in the cache.

    ``failed_dir_of(year)`` is where a failed executed notebook is kept for inspection. While the
    kernels work, this thread runs ``meanwhile()`` (what does not need the notebooks), then
    ``on_done(job)`` for each chapter executed well, as it finishes (an error there only costs
    doing that work later). ``ahead``: kernels started already (:class:`KernelAhead`), which
    run lanes. ``on_lane_end()``: when the first lane has ended (its kernel's memory is free).
    """
    ahead = ahead or []
    if not jobs:  # (nothing to overlap: ``meanwhile``'s work is done where it is needed, after the PDF is handed its document)
        for kernel in ahead:
            kernel.stop()
        return
    lanes = lanes_for(len(jobs), workers)
    log(f"    执行{len(jobs)}个笔记本，用{lanes}个内核（每个只启动一次）")
    warm = chapter_imports(sorted({j.chapter.notebook for j in jobs}))
    shared = Lanes(list(jobs), root, kernel_env(), jobs[0].target.parent.parent, warm)
    pool = ThreadPoolExecutor(max_workers=lanes)
    try:
        running = [kernel.run(shared) for kernel in ahead]
        running += [pool.submit(_lane, shared) for _ in range(lanes - len(running))]
        with suppress(Exception):  # as on_done: work done again, and any error reported, later
            meanwhile()
        ended = 0
        while ended < lanes:
            job = shared.finished.get()
            if job is None:
                ended += 1
                if ended == 1:
                    with suppress(Exception):  # only an early start of later work: done, and any error reported, later
                        on_lane_end()
                continue
            with suppress(Exception):  # only an early start of later work: it is done again, and any error reported, later
                on_done(job)
        for done in running:
            done.result()
    except KernelError as exc:
        shared.stop.set()
        raise BuildError(str(exc)) from exc
    except BaseException:  # SIGTERM (SystemExit), Ctrl-C: no lane starts another chapter
        shared.stop.set()
        children.kill_all()
        raise
    finally:
        pool.shutdown(wait=True)
        for kernel in ahead:
            kernel.stop()  # (not handed a lane: an error before it was)
            with suppress(BaseException):
                kernel.result.exception()  # its lane has ended too
    failures = []
    for job in jobs:
        secs, err = shared.outcomes[id(job)]
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
