"""One call from a data folder to a year's Evaluation, cached while the year's files are unchanged.

Notebooks and the multi-year analyses open the same years many times in one process, so a
year is evaluated once. But a kernel lives on while the analyst edits ``data/<year>/`` (the lab,
the preview): a cached year is reused only while the fingerprint of its files
(:func:`selfeval.contract.sources.year_state`: names, sizes, mtimes, inodes; ``stat`` only) is
the one it was computed from. Each earlier year that an analysis opens is checked on its own.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path
from typing import Generic, TypeVar

from ..contract.load import load_year
from ..contract.sources import year_state
from .evaluate import evaluate
from .results import Evaluation

T = TypeVar("T")


class FreshCache(Generic[T]):
    """Values computed from a year folder, kept (least recently used first out) while its files are unchanged."""

    def __init__(self, compute: Callable[[Path], T], size: int = 16):
        self._compute, self._size = compute, size
        self._items: OrderedDict[str, tuple[tuple, T]] = OrderedDict()

    def get(self, folder: Path) -> T:
        key = str(folder)
        state = year_state(folder)  # taken before reading: an edit during the load is seen next time
        hit = self._items.get(key)
        if hit is not None and hit[0] == state:
            self._items.move_to_end(key)
            return hit[1]
        value = self._compute(folder)
        self._items[key] = (state, value)
        self._items.move_to_end(key)
        while len(self._items) > self._size:
            self._items.popitem(last=False)
        return value

    def cache_clear(self) -> None:
        self._items.clear()


_years: FreshCache[Evaluation] = FreshCache(lambda folder: evaluate(load_year(folder)))


def evaluate_year(data_dir: str | Path, year: int) -> Evaluation:
    """Load, validate and evaluate ``data_dir/year`` (warnings included); cached while its files are unchanged."""
    return _years.get(Path(data_dir) / str(year))


def cache_clear() -> None:
    """Forget every cached year (tests that rebuild a folder in place within one mtime tick)."""
    _years.cache_clear()
