"""The processes a build starts (notebook kernels, the Jupyter Book process) end with it.

A build killed with SIGTERM or SIGKILL must not leave processes running: an orphan goes on
using the machine and, if it shares the caller's stdout, keeps ``selfeval build … | cat``
from ever ending. So:

- no child shares the build's stdout or stderr: kernels write to a log file, Jupyter Book
  to a pipe the build reads;
- each child ends by itself when the build process is gone: kernels through ipykernel's
  parent poller (``JPY_PARENT_PID``, checked every second), the Jupyter Book process through
  :func:`end_with_parent`;
- on SIGTERM the build kills the children it registered here at once, then unwinds as on any
  error (the partial release is discarded, the lock released): :func:`sigterm_ends_children`.
"""

from __future__ import annotations

import os
import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress

PARENT_ENV = "SELFEVAL_BUILD_PID"  # set for the children that call end_with_parent
POLL_SECONDS = 0.1

_live: set[int] = set()
_lock = threading.Lock()


def register(pid: int) -> None:
    with _lock:
        _live.add(pid)


def unregister(pid: int) -> None:
    with _lock:
        _live.discard(pid)


def kill_all() -> None:
    """SIGKILL every registered child that is still running."""
    with _lock:
        pids = list(_live)
    for pid in pids:
        with suppress(OSError):  # already gone
            os.kill(pid, signal.SIGKILL)


@contextmanager
def sigterm_ends_children() -> Iterator[None]:
    """While the build runs (main thread only): SIGTERM kills its children, then raises SystemExit(143)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def on_term(signum: int, frame: object) -> None:
        kill_all()
        raise SystemExit(128 + signum)

    previous = signal.signal(signal.SIGTERM, on_term)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def end_with_parent() -> None:
    """In a child the build started: exit as soon as the build process is gone (a SIGKILL leaves
    it no chance to stop us), checked every 0.1 s on a daemon thread."""
    parent = int(os.environ.get(PARENT_ENV, "0") or 0)
    if parent <= 1:
        return

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(POLL_SECONDS)
        os._exit(1)

    threading.Thread(target=watch, name="end-with-parent", daemon=True).start()
