"""Entry point for notebooks and the CLI: one call gives a year's checked Evaluation."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from . import narrate
from .evaluate import Evaluation, evaluate
from .load import load_year


@lru_cache(maxsize=8)
def _open(folder: str) -> Evaluation:
    ev = evaluate(load_year(Path(folder)))
    narrate.check_all_prose(ev)
    return ev


def open_year(data_dir: str | Path, year: int) -> Evaluation:
    """Load, validate, evaluate and check the prose of ``data_dir/year``."""
    return _open(str(Path(data_dir) / str(year)))
