"""Where the tasks run: a Dask cluster of this machine (the default, no set-up) or an existing one.

**This machine** (no ``--scheduler``): a ``LocalCluster`` of worker *processes* sized to the
machine: one per core, fewer when memory is short (a worker building books peaks at about 1.25 GB
with its kernels, ``docs/scale.md``) or when there are fewer tasks, each running one
task at a time. Its scheduler listens on 127.0.0.1 only, without dashboard. Worker processes are
not daemons (a build starts processes of its own), and a task whose worker died twice while
running it is reported as failed rather than tried on every worker in turn
(``allowed-failures`` 1). The workers' own output goes to a log file in the work folder, not the
console, which shows the department's progress.

**An existing cluster** (``--scheduler tcp://HOST:PORT``): its workers are used as they are
(their number, threads and settings are the cluster's); :mod:`.shared` checks first that they see
the data and output folders and run the same code. ``docs/scale.md`` says how to start one.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import dask
from distributed import Client, LocalCluster
from distributed.diagnostics.plugin import WorkerPlugin

from ..errors import DataError

BOOK_MEMORY = 1280 * 1024 * 1024  # bytes a worker building a book holds at its peak, kernels included (docs/scale.md: 2.5 GB for two)
LOCAL_CONFIG = {
    "distributed.worker.daemon": False,
    "distributed.scheduler.allowed-failures": 1,
    "distributed.worker.memory.terminate": False,  # a build's memory is mostly its kernels'; never restart a worker for it
}
CONNECT_SECONDS = 20


def machine_workers(tasks: int, cores: int | None = None, available: int | None = None) -> int:
    """Workers for this machine: one per core, as many as memory allows, no more than tasks (at least one)."""
    import psutil

    cores = cores if cores is not None else len(os.sched_getaffinity(0))
    available = available if available is not None else psutil.virtual_memory().available
    return max(1, min(cores, available // BOOK_MEMORY, tasks))


class _WorkerOutputToLog(WorkerPlugin):
    """A worker plugin: the worker process's stdout and stderr go to a file (the console is the client's)."""

    def __init__(self, log_dir: str):
        self.log_dir = log_dir

    def setup(self, worker: Any) -> None:
        os.makedirs(self.log_dir, exist_ok=True)
        fd = os.open(os.path.join(self.log_dir, f"worker-{os.getpid()}.log"), os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
        os.dup2(fd, 1)
        os.dup2(fd, 2)
        os.close(fd)


@contextmanager
def _quiet_distributed(log_file: Path) -> Iterator[None]:
    """Dask's own warnings (a worker lost, keys recomputed) go to a log file, not the console: the
    department's progress says the same in Chinese, per project-year. Dask gives each of its loggers
    (distributed, distributed.client, …) a handler of its own; each is swapped for the file's."""
    log_file.parent.mkdir(parents=True, exist_ok=True)
    handler = logging.FileHandler(log_file, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(name)s %(levelname)s %(message)s"))
    names = ["distributed", *(n for n in logging.root.manager.loggerDict if n.startswith("distributed."))]
    loggers = [logging.getLogger(n) for n in names]
    saved = [(lg.handlers[:], lg.propagate) for lg in loggers]
    for lg in loggers:
        lg.handlers[:] = [handler] if lg.handlers or lg.name == "distributed" else []
        lg.propagate = lg.propagate and not lg.handlers
    try:
        yield
    finally:
        for lg, (handlers, propagate) in zip(loggers, saved):
            lg.handlers[:], lg.propagate = handlers, propagate
        handler.close()


@contextmanager
def open_cluster(scheduler: str | None, tasks: int, log_dir: Path, workers: int | None = None) -> Iterator[tuple[Any, str]]:
    """(a connected ``distributed.Client``, a description in Chinese for the console)."""
    with _quiet_distributed(log_dir / "dask.log"):
        if scheduler is not None:
            try:
                client = Client(scheduler, timeout=CONNECT_SECONDS)
            except (OSError, TimeoutError, ValueError) as exc:
                raise DataError(
                    "--scheduler",
                    "",
                    f"无法连接调度器 {scheduler}（{exc}）",
                    "确认调度器已启动、地址为 tcp://主机:端口，且本机可以访问（见 docs/scale.md“集群”）",
                ) from None
            with client:
                yield client, f"集群 {scheduler}"
            return
        n = workers or machine_workers(tasks)
        with dask.config.set(LOCAL_CONFIG):
            cluster = LocalCluster(
                n_workers=n,
                threads_per_worker=1,
                processes=True,
                host="127.0.0.1",
                dashboard_address=None,
                silence_logs=logging.CRITICAL,
                local_directory=str(log_dir / "dask-worker-space"),
            )
            with cluster, Client(cluster) as client:
                client.register_plugin(_WorkerOutputToLog(str(log_dir)), name="selfeval-output")
                yield client, f"本机集群：{n}个工作进程"
