"""A year's Evaluation as every page needs it: loaded, validated, evaluated and checked.

Checked: every prose placeholder filled once, and the 自评表's cells fit a spreadsheet cell, so
that a bad ``{{name}}`` or an over-long cell fails before any page is written. Cached like
:func:`~selfeval.evaluation.year_cache.evaluate_year`: while the year's files are unchanged, so a
chapter run again in the same kernel after an edit shows the edited figures.

Notebooks open a year through :func:`selfeval.api.open_year` (the last stage, the name chapters
import); the build checks every year it needs here first.
"""

from __future__ import annotations

from pathlib import Path

from ..evaluation.results import Evaluation
from ..evaluation.year_cache import FreshCache, evaluate_year
from .form import check_cell_lengths
from .narrate import check_all_prose


def _checked(folder: Path) -> Evaluation:
    ev = evaluate_year(folder.parent, int(folder.name))
    check_all_prose(ev)
    check_cell_lengths(ev)  # the 自评表's joined cells fit an .xlsx cell: refused now, never cut when written
    return ev


_opened: FreshCache[Evaluation] = FreshCache(_checked)


def checked_year(data_dir: str | Path, year: int) -> Evaluation:
    """Load, validate, evaluate and check the prose and the form's cells of ``data_dir/year``."""
    return _opened.get(Path(data_dir) / str(year))
