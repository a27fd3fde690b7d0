"""What notebooks call: a year's checked Evaluation in one call.

``open_year`` = load and validate (contract) → evaluate (evaluation) → fill every prose
placeholder once and check that the 自评表's cells fit a spreadsheet cell (presentation), so
that a bad ``{{name}}`` or an over-long cell fails before any page is written. The stages do the
work (:func:`selfeval.presentation.checked_year.checked_year`, cached while the year's files are
unchanged); this module is the last stage, the name chapters and analysts import, so nothing in
the package depends on it.
"""

from __future__ import annotations

from pathlib import Path

from .evaluation.results import Evaluation
from .presentation.checked_year import checked_year


def open_year(data_dir: str | Path, year: int) -> Evaluation:
    """Load, validate, evaluate and check the prose of ``data_dir/year``."""
    return checked_year(data_dir, year)
