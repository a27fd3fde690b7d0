"""The console during a department build: one line per finished project-year and a progress
line over all tasks — done, running, failed, elapsed and the time left.

The time left is the work left at the pace so far: the mean time of a finished task × tasks left
÷ tasks at once (finished tasks include the fast ones that were already up to date, which is
what the rest will be like too on a rebuild; a task stopped by bad data, in a second, is not
counted). Until the first task ends it says 计算中. A line is printed on every start
and end, and at least every ``HEARTBEAT`` seconds while nothing changes, so a long build shows
it is alive. Nothing here is a figure of a report: these are seconds for the console.
"""

from __future__ import annotations

import threading
import time

from ..bookbuild.progress import log
from .tasks import Outcome

HEARTBEAT = 30.0
STATUS_WORDS = {"built": "已生成", "current": "已是最新", "data": "数据有误", "build": "生成失败", "crashed": "工作进程退出"}


def duration(seconds: float) -> str:
    """'42秒', '3分05秒', '1小时02分'."""
    s = int(seconds + 0.5)
    if s < 60:
        return f"{s}秒"
    if s < 3600:
        return f"{s // 60}分{s % 60:02d}秒"
    return f"{s // 3600}小时{s % 3600 // 60:02d}分"


class Tracker:
    """Counts over the tasks of one department build; safe to call from Dask's event thread."""

    def __init__(self, total: int, slots: int = 1, clock=time.monotonic):
        self.total = total
        self.slots = slots  # tasks that run at once (the workers' threads)
        self.worked: list[float] = []  # seconds of each task that built or checked a book
        self.clock = clock
        self.started = clock()
        self.running: set[str] = set()
        self.done = 0
        self.failed = 0
        self._lock = threading.Lock()
        self._last_line = self.started

    def start(self, task: str) -> None:
        with self._lock:
            self.running.add(task)
        self.line()

    def finish(self, outcome: Outcome) -> None:
        name = f"{outcome.project}/{outcome.year}"
        with self._lock:
            self.running.discard(name)
            self.done += 1
            self.failed += outcome.failed
            if outcome.status != "data":
                self.worked.append(outcome.seconds)
        word = STATUS_WORDS[outcome.status]
        log(f"  {word}：{name}（{duration(outcome.seconds)}）" + (f"  {outcome.error}" if outcome.error else ""))
        self.line()

    def left(self) -> str:
        """Tasks left × the mean time of the tasks that did a build's work so far (a data error ends in a
        second and says nothing of the others), over the tasks that run at once; 计算中 until one ended."""
        with self._lock:
            times, slots = list(self.worked), max(1, self.slots)
            left = self.total - self.done
        if not times:
            return "计算中"
        return duration(sum(times) / len(times) * left / slots)

    def text(self) -> str:
        with self._lock:
            done, running, failed = self.done, len(self.running), self.failed
        elapsed = duration(self.clock() - self.started)
        return f"进度：完成 {done}/{self.total}，进行中 {running}，失败 {failed}，已用 {elapsed}，预计剩余 {self.left()}"

    def line(self) -> None:
        self._last_line = self.clock()
        log(self.text())

    def heartbeat(self) -> None:
        """The progress line again when nothing was printed for HEARTBEAT seconds."""
        if self.clock() - self._last_line >= HEARTBEAT:
            self.line()
