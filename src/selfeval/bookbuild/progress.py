"""Progress on the console: numbered steps with their durations, so the analyst sees what
runs and where the time goes. One Progress per command; nothing global."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager


def log(msg: str) -> None:
    print(msg, flush=True)


class Progress:
    """Prints '[n] what…' then '    完成，用时 1.23 秒' around each step."""

    def __init__(self) -> None:
        self.count = 0
        self.started = time.perf_counter()

    @contextmanager
    def step(self, what: str) -> Iterator[None]:
        self.count += 1
        t = time.perf_counter()
        log(f"[{self.count}] {what}…")
        yield
        log(f"    完成，用时 {time.perf_counter() - t:.2f} 秒")

    def elapsed(self) -> float:
        return time.perf_counter() - self.started
