"""Call records (``data/<year>/calls/``): measured peaks instead of assumptions.

The report blames the missed 接通率 on volume beyond 话务员承载能力, and the annual totals
cannot show where that happened. A year's call-detail export can: this package turns it into
an exact per-(date, hour) table (:mod:`.records`, DuckDB, cached by content), derives the
measured figures from it (:mod:`.stats`) and the hour-by-hour Erlang A staffing need
(:mod:`.staffing`).

What callers use:

* :func:`year_calls` — a year's records (checked, reconciled, cached) or None; the build and
  the notebooks call it, the build first, so bad records fail before any notebook runs.
* :func:`check_year` — the same, named for the build step.
* :func:`with_monthly` — the year's data with its monthly counts taken from the records, so
  the monthly 接通率 analysis runs unchanged.
* :func:`analyse` — every derived figure of the appendix at once (:class:`CallsAnalysis`).
"""

from __future__ import annotations

from pathlib import Path

from ...contract import model as m
from .analysis import CallsAnalysis, analyse
from .records import CallRecords, folder_of, load_records
from .scan import Engine
from .stats import month_rows

__all__ = ["CallRecords", "CallsAnalysis", "Engine", "analyse", "check_year", "folder_of", "has_records", "with_monthly", "year_calls"]


def has_records(data_dir: Path | str, year: int) -> bool:
    return folder_of(data_dir, year).exists()


def year_calls(data_dir: Path | str, year: int, cache_dir: Path | None = None, engine: Engine | None = None) -> CallRecords | None:
    """The checked records of ``data_dir/year`` (None when it has no calls/ folder); DataError when they are bad."""
    if not has_records(data_dir, year):
        return None
    from ...evaluation.year_cache import evaluate_year  # evaluation imports this package

    data = evaluate_year(data_dir, year).data
    return load_records(data, Path(data_dir) / str(year), cache_dir, engine)


def check_year(data_dir: Path | str, year: int, cache_dir: Path) -> CallRecords | None:
    """What the build calls before executing notebooks: validates (or takes from the cache) and reconciles."""
    return year_calls(data_dir, year, cache_dir)


def with_monthly(data: m.YearData, records: CallRecords | None) -> m.YearData:
    """``data`` with ``monthly`` from the records (months that have calls); unchanged without records."""
    if records is None:
        return data
    return data.model_copy(update={"monthly": month_rows(records)})
