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
from ..figures import plain
from . import model as m
from .crosscheck import check_capacity, check_money_places, check_monthly, reported_hours_per_day
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
            raise DataError(src.file, src.where((n, key)), f"{key} {value!r} appears twice", f"keep one row per {key}")
        seen.add(value)
    return out


def _indicator_where(src: RawSource) -> RawSource:
    """Locations inside indicators name the indicator's id too: ``indicators[1] (id answer_rate).target``."""
    items = src.data.get("indicators") if isinstance(src.data, dict) else None

    def where(loc: tuple) -> str:
        if len(loc) >= 2 and loc[0] == "indicators" and isinstance(loc[1], int) and isinstance(items, list):
            item = items[loc[1]] if loc[1] < len(items) else None
            ident = item.get("id", "?") if isinstance(item, dict) else "?"
            inner = src.where(loc)
            head = src.where(loc[:2])
            return inner.replace(head, f"{head} (id {ident})", 1)
        return src.where(loc)

    return RawSource(src.file, src.data, where, src.cells)


def validate_assumptions(raw: dict | None, operations: m.Operations | None, file: str, where=None) -> m.CapacityAssumptions:
    """capacity.yaml (or {}) as CapacityAssumptions; the service hours of operations.yaml apply unless it sets its own."""
    values: dict[str, Any] = dict(raw or {})
    hours = reported_hours_per_day(operations)
    if hours is not None:
        values.setdefault("operating_hours_per_day", hours)
    return validate(m.CapacityAssumptions, values, file, where or (lambda loc: loc_text(loc)))


def validate_year(sources: dict[str, RawSource], folder_name: str, folder_label: str) -> m.YearData:
    """Validate a year's sources file by file, then across files."""
    project_src = sources["project.yaml"]
    project: m.ProjectFile = _one(project_src, m.ProjectFile)
    if folder_name.isdigit() and project.fiscal_year != int(folder_name):
        raise DataError(
            project_src.file, project_src.where(("fiscal_year",)), f"is {project.fiscal_year} but the folder is {folder_name}", "make them the same year"
        )
    yp = project.contract.year_period
    if yp.start.year != project.fiscal_year or yp.end.year != project.fiscal_year:
        raise DataError(
            project_src.file,
            project_src.where(("contract", "year_period")),
            f"{yp.start}..{yp.end} is outside fiscal year {project.fiscal_year}",
            f"use dates within {project.fiscal_year}-01-01..{project.fiscal_year}-12-31",
        )

    funding_src = sources["funding.csv"]
    funding = _rows(funding_src, m.FundingRow, "source")
    if sum(row.budget for row in funding) == 0:
        raise DataError(
            funding_src.file,
            funding_src.where(("budget",)),
            "every budget is 0, so the execution rate (executed / budget) cannot be computed",
            "enter the year's budget",
        )

    budget: m.Budget = _one(sources["budget.yaml"], m.Budget)

    ind_src = _indicator_where(sources["indicators.yaml"])
    indicators: m.IndicatorsFile = _one(ind_src, m.IndicatorsFile)
    ids: dict[str, int] = {}
    for i, ind in enumerate(indicators.indicators):
        if ind.id in ids:
            raise DataError(
                ind_src.file,
                sources["indicators.yaml"].where(("indicators", i, "id")),
                f"'{ind.id}' is already used by indicators[{ids[ind.id]}]",
                "give every indicator its own id",
            )
        ids[ind.id] = i
    weights = sum(i.weight for i in indicators.indicators)
    if budget.weight + weights != indicators.weights_total:
        explicit = isinstance(ind_src.data, dict) and "weights_total" in ind_src.data
        raise DataError(
            ind_src.file,
            ind_src.where(("weight",)) if ind_src.cells else "weight",
            f"indicator weights {plain(weights)} + budget weight {plain(budget.weight)}"
            f" = {plain(budget.weight + weights)}, not {plain(indicators.weights_total)}",
            "correct the weights" + ("" if explicit else ", or set weights_total if this project's form really totals otherwise"),
        )

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
    return lambda loc: f"sheet '{sheet}'"


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
