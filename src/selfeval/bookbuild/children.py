"""The processes a build starts (notebook kernels, the Jupyter Book and PDF processes) end with it.

A build killed with SIGTERM or SIGKILL must not leave processes running: an orphan goes on
using the machine and, if it shares the caller's stdout, keeps ``selfeval build … | cat``
from ever ending. So:

- no child shares the build's stdout or stderr: kernels write to a log file, the other
  children to pipes the build reads;
- each child ends by itself when the build process is gone: kernels through ipykernel's
  parent poller (``JPY_PARENT_PID``, checked every second), the others through
  :func:`end_with_parent`;
- on SIGTERM or SIGINT (Ctrl-C, or ``kill -INT``) the build kills the children it registered
  here at once, then unwinds as on any error (the partial release is discarded, the lock
  released; nothing is published after the signal): :func:`signals_end_children`.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from typing import Any

PARENT_ENV = "SELFEVAL_BUILD_PID"  # set for the children that call end_with_parent
POLL_SECONDS = 0.1

_live: set[int] = set()
_lock = threading.Lock()
stopping = threading.Event()  # set by a stop signal: the year threads must not publish after it


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
def signals_end_children() -> Iterator[None]:
    """While the build runs (main thread only): SIGTERM or SIGINT kills its children at once, then
    raises SystemExit(143) or KeyboardInterrupt in the main thread.

    Why SIGINT too: Python's own KeyboardInterrupt reaches only the main thread. A year's book is
    finished on another thread, which would go on waiting for its Jupyter Book and PDF processes
    (alive after ``kill -INT``, which reaches the build alone) and publish when they are done."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def on_signal(signum: int, frame: object) -> None:
        stopping.set()
        kill_all()
        if signum == signal.SIGINT:
            raise KeyboardInterrupt
        raise SystemExit(128 + signum)

    stopping.clear()
    previous = {sig: signal.signal(sig, on_signal) for sig in (signal.SIGTERM, signal.SIGINT)}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


class AheadProcess:
    """A child started before its work is known (``python -m module *args``): it imports what the
    work needs while the build does other things, then does the work that :meth:`send` describes
    in one line of JSON (:func:`serve` on its side). :meth:`wait` for it, or :meth:`stop` it."""

    def __init__(self, module: str, *args: str, env: dict[str, str] | None = None):
        env = {**os.environ, **(env or {}), PARENT_ENV: str(os.getpid())}
        cmd = [sys.executable, "-m", module, *args]
        self.proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
        register(self.proc.pid)
        self._output: tuple[str, str] | None = None

    def send(self, work: object) -> None:
        assert self.proc.stdin is not None
        with suppress(OSError):  # it has ended already: wait() says what it printed
            self.proc.stdin.write(json.dumps(work, ensure_ascii=False) + "\n")
            self.proc.stdin.flush()  # (communicate() closes it)

    def wait(self) -> tuple[int, str, str]:
        """(exit code, stdout, stderr), once it has ended."""
        if self._output is None:
            try:
                self._output = self.proc.communicate()
            finally:
                unregister(self.proc.pid)
        return self.proc.returncode, *self._output

    def stop(self) -> None:
        """End it if it still runs (nothing to do, or the build failed elsewhere)."""
        if self._output is None and self.proc.poll() is None:
            self.proc.kill()
        self.wait()


def serve(import_ahead: Callable[[], None], work: Callable[[Any], None]) -> None:
    """The child's side of :class:`AheadProcess`: end with the build, import ahead, then do the
    work of the first line of stdin (none, at the end of stdin: nothing to do)."""
    end_with_parent()
    import_ahead()
    line = sys.stdin.readline()
    if line.strip():
        work(json.loads(line))


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
