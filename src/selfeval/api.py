"""What notebooks and the CLI call: a year's checked Evaluation in one call.

``open_year`` = load and validate (contract) → evaluate (evaluation) → fill every prose
placeholder once and check that the 自评表's cells fit a spreadsheet cell (presentation), so
that a bad ``{{name}}`` or an over-long cell fails before any page is written.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from .evaluation.results import Evaluation
from .evaluation.year_cache import evaluate_year
from .presentation.form import check_cell_lengths
from .presentation.narrate import check_all_prose


@lru_cache(maxsize=16)
def _open(data_dir: str, year: int) -> Evaluation:
    ev = evaluate_year(data_dir, year)
    check_all_prose(ev)
    check_cell_lengths(ev)  # the 自评表's joined cells fit an .xlsx cell: refused now, never cut when written
    return ev


def open_year(data_dir: str | Path, year: int) -> Evaluation:
    """Load, validate, evaluate and check the prose of ``data_dir/year``."""
    return _open(str(data_dir), year)
