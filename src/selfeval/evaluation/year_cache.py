"""One call from a data folder to a year's Evaluation, cached: notebooks and the multi-year
analyses open the same years many times in one process."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from ..contract.load import load_year
from .evaluate import evaluate
from .results import Evaluation


@lru_cache(maxsize=16)
def _evaluate(folder: str) -> Evaluation:
    return evaluate(load_year(Path(folder)))


def evaluate_year(data_dir: str | Path, year: int) -> Evaluation:
    """Load, validate and evaluate ``data_dir/year`` (warnings included)."""
    return _evaluate(str(Path(data_dir) / str(year)))
