"""Progress on the console: numbered steps with their durations, so the analyst sees what
runs and where the time goes. One Progress per command; nothing global.

Each step also reports the CPU time it used, this process's and its finished children's
(kernels, Jupyter Book): on a shared machine the wall time says how busy the others were, the
CPU time what the step costs (the benchmark compares it)."""

from __future__ import annotations

import os
import resource
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager


def log(msg: str) -> None:
    try:
        print(msg, flush=True)
    except BrokenPipeError:  # `selfeval build | head`: the reader is gone, the build goes on
        quiet_stdout()


def quiet_stdout() -> None:
    """Send what is still to be printed to /dev/null once the reader of stdout has gone (``| head``):
    a closed pipe is a normal end, not an error, and Python must not complain when it flushes at exit."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):  # stdout already closed or not a file descriptor
        pass


def cpu_seconds() -> float:
    """User + system CPU of this process and of its children that have ended."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


class Progress:
    """Prints "[n] what…" then "    完成，用时 1.23 秒（CPU 1.10 秒）" around each step."""

    def __init__(self) -> None:
        self.count = 0
        self.started, self.cpu_started = time.perf_counter(), cpu_seconds()

    @contextmanager
    def step(self, what: str) -> Iterator[None]:
        self.count += 1
        t, c = time.perf_counter(), cpu_seconds()
        log(f"[{self.count}] {what}…")
        yield
        log(f"    完成，用时 {time.perf_counter() - t:.2f} 秒（CPU {cpu_seconds() - c:.2f} 秒）")

    def elapsed(self) -> float:
        return time.perf_counter() - self.started

    def cpu(self) -> float:
        return cpu_seconds() - self.cpu_started
