"""One project-year, built on a Dask worker: the task every department build is made of.

A task builds one project's year with the same entry point as ``selfeval build --year Y``
(:func:`selfeval.bookbuild.pipeline.build_years`), with the project's own data folder
(``data/<project>``) and output folder (``public/<project>``): notebooks, Jupyter Book, PDF,
Word and Excel, then the atomic publish under that folder's lock, which also rewrites the
project's year list (its books' year switcher) and its own landing page. Tasks of different
projects share nothing but the project checkout's caches (content-addressed, written by atomic
renames); two years of one project take turns at the project's lock.

A task never raises for bad data or a failed step: it returns an :class:`Outcome` with the
one-line error, so one project's failure is one row of the department's page, not the end of
the run. What a task cannot report — its worker process killed, a segfault, ``os._exit`` — the
scheduler sees as a lost worker; :mod:`.run` reports that as the project-year's error.

``SELFEVAL_FAULT_TASK=<project>/<year>`` (tests only, as ``SELFEVAL_FAULT`` is for a single
build) makes that task end its worker process at once, as a crash would.
"""

from __future__ import annotations

import io
import os
import resource
import socket
import time
from contextlib import redirect_stdout
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from ..bookbuild.pipeline import Options, build_years
from ..errors import ERROR_MARK, BuildError, DataError, one_line

Status = Literal["built", "current", "data", "build", "crashed"]
FAULT_ENV = "SELFEVAL_FAULT_TASK"
EVENTS = "selfeval-department"  # the Dask event topic a task announces its start on


@dataclass(frozen=True)
class Task:
    project: str
    year: int
    root: str  # the project checkout (notebooks, book; its build/ and .cache/)
    data: str  # the department's data folder (data/<project>/<year>/ inside)
    public: str  # the department's output folder (public/<project>/ inside)
    force: bool = False
    pdf: bool = True
    strict: bool = False
    params: dict = field(default_factory=dict)
    workers_per_host: dict[str, int] = field(default_factory=dict)  # how many workers share each machine's cores
    since: float = 0.0  # when the department build started (time.time()): a book published since was built by it

    @property
    def name(self) -> str:
        return f"{self.project}/{self.year}"


@dataclass(frozen=True)
class Outcome:
    project: str
    year: int
    status: Status
    error: str | None  # the one-line message (错误：…) when it failed
    seconds: float = 0.0
    cpu_seconds: float = 0.0  # this task's process and the children it waited for (kernels, Jupyter Book)
    peak_rss_mb: float = 0.0  # the largest resident set of the worker or one of its children so far
    worker: str = ""
    log: str = ""  # what the build printed

    @property
    def failed(self) -> bool:
        return self.status in ("data", "build", "crashed")


def notebook_jobs(task: Task) -> int:
    """Notebooks at once for this task: the machine's cores shared by the workers on it (at least one)."""
    sharing = task.workers_per_host.get(socket.gethostname(), 1)
    return max(1, (os.cpu_count() or 1) // max(1, sharing))


def _published_release(public: Path, year: int) -> str | None:
    link = public / str(year)
    return os.readlink(link) if link.is_symlink() else None


def _built_since(public: Path, year: int, since: float) -> bool:
    """The year's published release was made after ``since``: by this department build, even when
    this is the task's second run (a worker that held its first result died and Dask ran it again)."""
    release = _published_release(public, year)
    try:
        return release is not None and os.stat(public / release).st_mtime >= since
    except OSError:
        return False


def public_paths(text: str, task: Task) -> str:
    """A message as the department's page may show it: no path of the building machine, only the
    data and output folders' own names (``data/p1/2023/funding.csv``), as the book's 构建信息 names inputs."""
    for prefix in (Path(task.root), Path(task.data).parent, Path(task.public).parent):
        text = text.replace(f"{prefix}/", "")
    return text


def _cpu() -> float:
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def _peak_mb() -> float:
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return max(me.ru_maxrss, kids.ru_maxrss) / 1024  # Linux: kilobytes


def _announce(task: Task) -> str:
    """Tell the client the task started (the console's 进行中); the worker's address."""
    try:
        from distributed import get_worker

        worker = get_worker()
    except (ImportError, ValueError):  # run outside a worker (tests call run_task directly)
        return ""
    worker.log_event(EVENTS, {"task": task.name, "worker": worker.address})
    return str(worker.address)


def run_task(task: Task) -> Outcome:
    """Build one project-year; every failure that the process survives comes back as an Outcome."""
    worker = _announce(task)
    if os.environ.get(FAULT_ENV) == task.name:
        os._exit(70)  # a crash: the worker process ends without a word
    public = Path(task.public) / task.project
    opts = Options(
        root=Path(task.root),
        year=task.year,
        data_dir=Path(task.data) / task.project,
        public=public,
        force=task.force,
        pdf=task.pdf,
        params=dict(task.params),
        strict=task.strict,
        jobs=notebook_jobs(task),
        in_department=True,
    )
    before = _published_release(public, task.year)
    printed = io.StringIO()
    started, cpu = time.perf_counter(), _cpu()
    status: Status
    error = None
    try:
        with redirect_stdout(printed):  # the build's progress goes to the task's log, not the worker's terminal
            build_years([opts])
        changed = _published_release(public, task.year) != before
        status = "built" if changed or _built_since(public, task.year, task.since) else "current"
    except DataError as exc:
        status, error = "data", str(exc)
    except BuildError as exc:
        status, error = "build", str(exc)
    except Exception as exc:  # a bug, not bad input: still one line, and the other projects go on
        status, error = "build", f"意外错误 {type(exc).__name__}：{exc}"
    line = ERROR_MARK + one_line(public_paths(error, task)) if error is not None else None
    return Outcome(task.project, task.year, status, line, time.perf_counter() - started, _cpu() - cpu, _peak_mb(), worker, printed.getvalue())
