"""Read ``data/<year>/`` into a validated :class:`~selfeval.contract.model.YearData`.

Files (see data/README.md): project.yaml, funding.csv, budget.yaml, indicators.yaml,
prose.yaml (required); operations.yaml, monthly.csv, capacity.yaml (optional). The files are
read into format-neutral :class:`~selfeval.contract.sources.RawSource` objects, then each is
validated against its model, then the files are checked against each other. Any problem
raises :class:`~selfeval.errors.DataError` naming file, field and fix.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from ..errors import DataError
from . import model as m
from .crosscheck import (
    check_budget_total,
    check_capacity,
    check_fiscal_year,
    check_indicator_ids,
    check_money_places,
    check_monthly,
    check_weights,
    check_year_period,
    reported_hours_per_day,
)
from .labels import column_name
from .sources import OPTIONAL, REQUIRED, RawSource, available_years, loc_text, read_year, rel
from .validate import validate
from .workbook_layout import BY_FILE

__all__ = ["available_years", "load_year", "validate_assumptions", "validate_year"]


def _one(src: RawSource, cls: type[BaseModel]) -> Any:
    return validate(cls, src.data, src.file, src.where)


def _row_where(src: RawSource, row: int, loc: tuple) -> str:
    """Where a field of row ``row`` is, for ``validate``'s messages."""
    return src.where((row, *loc))


def _rows(src: RawSource, cls: type[BaseModel], key: str) -> list:
    """Validate every row of a table into ``cls``; the ``key`` column must not repeat."""
    out = [validate(cls, row, src.file, functools.partial(_row_where, src, n)) for n, row in enumerate(src.data)]
    seen: set = set()
    for n, item in enumerate(out):
        value = getattr(item, key)
        if value in seen:
            raise DataError(src.file, src.where((n, key)), f"“{value}”出现了两次", f"每个{column_name(src.file.rsplit('/', 1)[-1], key)}只保留一行")
        seen.add(value)
    return out


def validate_assumptions(raw: dict | None, operations: m.Operations | None, file: str, where=None) -> m.CapacityAssumptions:
    """capacity.yaml (or {}) as CapacityAssumptions; the service hours of operations.yaml apply unless it sets its own."""
    values: dict[str, Any] = dict(raw or {})
    hours = reported_hours_per_day(operations)
    if hours is not None:
        values.setdefault("operating_hours_per_day", hours)
    return validate(m.CapacityAssumptions, values, file, where or (lambda loc: loc_text(loc)))


def validate_year(sources: dict[str, RawSource], folder_name: str, folder_label: str) -> m.YearData:
    """Validate a year's sources file by file, each checked against the files before it (:mod:`.crosscheck`)."""
    project_src = sources["project.yaml"]
    project: m.ProjectFile = _one(project_src, m.ProjectFile)
    check_fiscal_year(project, project_src, folder_name)
    check_year_period(project, project_src)

    funding_src = sources["funding.csv"]
    funding = _rows(funding_src, m.FundingRow, "source")
    check_budget_total(funding, funding_src)

    budget: m.Budget = _one(sources["budget.yaml"], m.Budget)

    ind_src = sources["indicators.yaml"]  # a YAML position names the indicator's id too (labels.field_name)
    indicators: m.IndicatorsFile = _one(ind_src, m.IndicatorsFile)
    check_indicator_ids(indicators, ind_src)
    check_weights(indicators, budget, ind_src)

    prose: m.Prose = _one(sources["prose.yaml"], m.Prose)
    operations = _one(sources["operations.yaml"], m.Operations) if "operations.yaml" in sources else None
    monthly = _rows(sources["monthly.csv"], m.MonthRow, "month") if "monthly.csv" in sources else None
    capacity_src = sources.get("capacity.yaml")
    assumptions = validate_assumptions(
        capacity_src.data if capacity_src else None,
        operations,
        capacity_src.file if capacity_src else f"{folder_label}/capacity.yaml",
        capacity_src.where if capacity_src else None,
    )

    review = _one(sources["review.yaml"], m.Review) if "review.yaml" in sources else None

    year = m.YearData(
        folder=folder_label,
        project_file=project,
        funding=funding,
        budget=budget,
        indicators_file=indicators,
        prose=prose,
        operations=operations,
        monthly=monthly,
        capacity=capacity_src.data if capacity_src else None,
        assumptions=assumptions,
        review=review,
    )

    year._places = _places(sources, folder_label)
    check_monthly(year)  # the 12 months add up to the annual answer-rate counts
    check_capacity(year)  # the capacity model stays within its documented limit
    check_money_places(year)  # amounts print in their own unit with 2 decimals: no more in the data
    return year


def _sheet_place(sheet: str) -> Callable[[tuple], str]:
    return lambda loc: f"工作表“{sheet}”"


def _places(sources: dict[str, RawSource], folder_label: str) -> dict[str, tuple]:
    """Where each data file's positions are, for messages after validation (cross-file checks,
    warnings, placeholders). A file the year lacks is named as the year would hold it: a sheet of
    the year's workbook, or a file in its folder."""
    places = {name: (src.file, src.where, src.cells) for name, src in sources.items()}
    workbook = next((src.file for src in sources.values() if src.cells), None)
    for name in (*REQUIRED, *OPTIONAL):
        if name not in places:
            if workbook:
                sheet = BY_FILE[name].name
                places[name] = (workbook, _sheet_place(sheet), True)
            else:
                places[name] = (f"{folder_label}/{name}", loc_text, False)
    return places


def load_year(year_dir: Path | str) -> m.YearData:
    """Load and validate one year's folder. Raises DataError on the first problem."""
    folder = Path(year_dir)
    return validate_year(read_year(folder), folder.name, rel(folder))
