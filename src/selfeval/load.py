"""Read ``data/<year>/`` into a validated :class:`~selfeval.model.YearData`.

Files (see data/README.md): project.yaml, funding.csv, budget.yaml, indicators.yaml,
prose.yaml (required); operations.yaml, monthly.csv, capacity.yaml (optional).
Any problem raises :class:`~selfeval.errors.DataError` naming file, field and fix.
"""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from pathlib import Path
from typing import Any, Callable, Optional

import yaml
from pydantic import BaseModel, ValidationError

from . import model as m
from .errors import DataError

REQUIRED = ("project.yaml", "funding.csv", "budget.yaml", "indicators.yaml", "prose.yaml")
OPTIONAL = ("operations.yaml", "monthly.csv", "capacity.yaml")
FUNDING_COLUMNS = ("source", "budget", "executed", "initial_budget")
MONTHLY_COLUMNS = ("month", "calls_offered", "calls_answered", "service_volume")


class _DecimalLoader(yaml.SafeLoader):
    """YAML floats become Decimal, so 99.99 stays exactly 99.99."""


def _decimal_float(loader: yaml.SafeLoader, node: yaml.Node) -> Decimal:
    text = loader.construct_scalar(node).replace("_", "")
    return Decimal(text)


_DecimalLoader.add_constructor("tag:yaml.org,2002:float", _decimal_float)


def _rel(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def _read_text(path: Path) -> str:
    raw = path.read_bytes()
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        try:
            raw.decode("gb18030")
            hint = "it looks GBK/GB18030-encoded (saved by Excel or WPS?); save it as UTF-8 (CSV UTF-8)"
        except UnicodeDecodeError:
            hint = "save it as UTF-8"
        raise DataError(_rel(path), f"byte {exc.start}", "is not valid UTF-8", hint) from None


def read_yaml(path: Path) -> Any:
    text = _read_text(path)
    try:
        data = yaml.load(text, Loader=_DecimalLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else "?"
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise DataError(_rel(path), where, f"malformed YAML ({problem})", "correct the syntax there (indentation, a missing ':' or quote)") from None
    except Exception as exc:  # e.g. a float that Decimal rejects
        raise DataError(_rel(path), "", f"cannot be read as YAML ({exc})", "correct the value") from None
    if data is None:
        raise DataError(_rel(path), "", "is empty", "fill it in (see data/README.md)")
    if not isinstance(data, dict):
        raise DataError(_rel(path), "", "must be a mapping of field: value at the top level", "see data/README.md for the layout")
    return data


def read_csv(path: Path, columns: tuple[str, ...], required: tuple[str, ...]) -> list[dict[str, str]]:
    """Rows as dicts; empty cells are left out so model defaults apply."""
    text = _read_text(path)
    rows = list(csv.reader(io.StringIO(text)))
    rows = [r for r in rows if any(cell.strip() for cell in r)]
    if not rows:
        raise DataError(_rel(path), "", "is empty", f"write a header row ({','.join(columns)}) and data rows")
    header = [h.strip() for h in rows[0]]
    for name in header:
        if name not in columns:
            raise DataError(_rel(path), f"column '{name}'", "is not a known column", f"use only {', '.join(columns)} (check the spelling)")
    for name in required:
        if name not in header:
            raise DataError(_rel(path), f"column '{name}'", "is missing", f"add a '{name}' column")
    if len(set(header)) != len(header):
        raise DataError(_rel(path), "header", "names a column twice", "keep one of each")
    out = []
    for lineno, row in enumerate(rows[1:], start=2):
        if len(row) != len(header):
            raise DataError(_rel(path), f"row {lineno}", f"has {len(row)} cells but the header has {len(header)}", "make every row have one cell per column (a comma inside a value needs quotes)")
        out.append({k: v.strip() for k, v in zip(header, row) if v.strip() != ""})
    if not out:
        raise DataError(_rel(path), "", "has a header but no data rows", "add the rows")
    return out


_FIXES = {
    "missing": "add this field (see data/README.md)",
    "extra_forbidden": "remove it or correct its spelling (see data/README.md for the field names)",
    "decimal_parsing": "write a number with digits, e.g. 95 or 13410.06",
    "decimal_type": "write a number with digits, e.g. 95 or 13410.06",
    "int_parsing": "write a whole number with digits, e.g. 858",
    "int_type": "write a whole number with digits, e.g. 858",
    "int_from_float": "write a whole number, without decimals",
    "greater_than_equal": "counts and amounts cannot be negative; enter the real figure",
    "greater_than": "enter a positive figure",
    "less_than_equal": "enter a value within the allowed range",
    "literal_error": "use one of the allowed values",
    "union_tag_invalid": "use one of: proportional, step_deduction, qualitative",
    "date_from_datetime_parsing": "write a date as YYYY-MM-DD",
    "date_parsing": "write a date as YYYY-MM-DD",
    "date_type": "write a date as YYYY-MM-DD",
    "string_type": "write text",
    "string_too_short": "fill it in",
    "too_short": "add at least one entry",
    "list_type": "write a list (lines starting with '- ')",
    "model_type": "write a mapping of field: value",
    "string_pattern_mismatch": "use lower-case letters, digits and _ (e.g. answer_rate)",
}


def _loc(loc: tuple, prefix: str = "") -> str:
    parts: list[str] = []
    for item in loc:
        if isinstance(item, int):
            parts.append(f"[{item}]")
        elif item in ("step_deduction", "proportional", "qualitative", "Target", "QualitativeTarget") or "[" in str(item):
            continue  # union branch names add nothing for the analyst
        else:
            parts.append(("." if parts else "") + str(item))
    text = "".join(parts)
    return (prefix + ("." if prefix and text and not text.startswith("[") else "") + text) or prefix


def _validate(cls: type[BaseModel], data: Any, file: str, prefix: str = "", describe: Optional[Callable[[tuple], str]] = None) -> Any:
    try:
        return cls.model_validate(data)
    except ValidationError as exc:
        errors = exc.errors()
        first = _pick(errors)
        where = describe(first["loc"]) if describe else _loc(first["loc"], prefix)
        msg = first["msg"]
        etype = first["type"]
        fix = _FIXES.get(etype, "")
        if etype == "value_error":
            msg = msg.removeprefix("Value error, ")
            problem, _, fix = msg.partition("; ")
        elif etype == "literal_error":
            expected = first.get("ctx", {}).get("expected", "")
            problem = f"{first.get('input')!r} is not allowed"
            fix = f"use one of {expected}"
        elif etype == "extra_forbidden":
            problem = "is not a known field"
        elif etype == "missing":
            problem = "is missing"
        else:
            problem = f"{msg} (got {first.get('input')!r})" if "input" in first and not isinstance(first.get("input"), dict) else msg
        more = f" (and {len(errors) - 1} more problem(s))" if len(errors) > 1 else ""
        raise DataError(file, where, problem + more, fix) from None


def _pick(errors: list[dict]) -> dict:
    """Prefer the most specific error (a union reports one per branch)."""
    for e in errors:
        if e["type"] not in ("union_tag_invalid", "model_type", "model_attributes_type"):
            return e
    return errors[0]


def _indicator_loc(data: dict) -> Callable[[tuple], str]:
    def describe(loc: tuple) -> str:
        if len(loc) >= 2 and loc[0] == "indicators" and isinstance(loc[1], int):
            items = data.get("indicators") or []
            ident = items[loc[1]].get("id", "?") if loc[1] < len(items) and isinstance(items[loc[1]], dict) else "?"
            return f"indicators[{loc[1]}] (id {ident})" + (("." + _loc(loc[2:])) if len(loc) > 2 else "")
        return _loc(loc)

    return describe


def load_year(year_dir: Path | str) -> m.YearData:
    """Load and validate one year's folder. Raises DataError on the first problem."""
    folder = Path(year_dir)
    rel = _rel(folder)
    if not folder.is_dir():
        parent = folder.parent
        years = sorted(p.name for p in parent.iterdir() if p.is_dir() and p.name.isdigit()) if parent.is_dir() else []
        fix = f"years available: {', '.join(years)}" if years else f"create {rel}/ with the files listed in data/README.md"
        raise DataError(rel, "", "no such year folder", fix)
    present = {p.name for p in folder.iterdir()}
    if not present & set(REQUIRED):
        raise DataError(rel, "", "is empty (no data files)", f"add {', '.join(REQUIRED)} (see data/README.md)")
    for name in REQUIRED:
        if name not in present:
            raise DataError(f"{rel}/{name}", "", "required file is missing", "create it (see data/README.md and data/2021/ for an example)")
    known = set(REQUIRED) | set(OPTIONAL) | {"README.md"}
    for name in sorted(present - known):
        if not name.startswith("."):
            raise DataError(f"{rel}/{name}", "", "is not a known data file", f"rename it to one of {', '.join(OPTIONAL)} or move it out of the year folder")

    def f(name: str) -> str:
        return f"{rel}/{name}"

    project = _validate(m.ProjectFile, read_yaml(folder / "project.yaml"), f("project.yaml"))
    if folder.name.isdigit() and project.fiscal_year != int(folder.name):
        raise DataError(f("project.yaml"), "fiscal_year", f"is {project.fiscal_year} but the folder is {folder.name}", "make them the same year")
    yp = project.contract.year_period
    if yp.start.year != project.fiscal_year or yp.end.year != project.fiscal_year:
        raise DataError(f("project.yaml"), "contract.year_period", f"{yp.start}..{yp.end} is outside fiscal year {project.fiscal_year}", f"use dates within {project.fiscal_year}-01-01..{project.fiscal_year}-12-31")

    funding_rows = read_csv(folder / "funding.csv", FUNDING_COLUMNS, ("source", "budget", "executed"))
    funding = [
        _validate(m.FundingRow, row, f("funding.csv"), describe=lambda loc, i=i: f"row {i + 2}, column {_loc(loc)}")
        for i, row in enumerate(funding_rows)
    ]
    seen: set[str] = set()
    for i, row in enumerate(funding):
        if row.source in seen:
            raise DataError(f("funding.csv"), f"row {i + 2}, column source", f"'{row.source}' appears twice", "keep one row per source")
        seen.add(row.source)

    budget = _validate(m.Budget, read_yaml(folder / "budget.yaml"), f("budget.yaml"))

    ind_raw = read_yaml(folder / "indicators.yaml")
    indicators = _validate(m.IndicatorsFile, ind_raw, f("indicators.yaml"), describe=_indicator_loc(ind_raw))
    ids: dict[str, int] = {}
    for i, ind in enumerate(indicators.indicators):
        if ind.id in ids:
            raise DataError(f("indicators.yaml"), f"indicators[{i}].id", f"'{ind.id}' is already used by indicators[{ids[ind.id]}]", "give every indicator its own id")
        ids[ind.id] = i
    total_weight = budget.weight + sum(i.weight for i in indicators.indicators)
    if total_weight != indicators.weights_total:
        explicit = "weights_total" in ind_raw
        raise DataError(
            f("indicators.yaml"),
            "weight",
            f"indicator weights {sum(i.weight for i in indicators.indicators).normalize()} + budget weight {budget.weight.normalize()} = {total_weight.normalize()}, not {indicators.weights_total.normalize()}",
            "correct the weights" + ("" if explicit else ", or set weights_total if this project's form really totals otherwise"),
        )

    prose = _validate(m.Prose, read_yaml(folder / "prose.yaml"), f("prose.yaml"))
    operations = None
    if (folder / "operations.yaml").exists():
        operations = _validate(m.Operations, read_yaml(folder / "operations.yaml"), f("operations.yaml"))
    monthly = None
    if (folder / "monthly.csv").exists():
        rows = read_csv(folder / "monthly.csv", MONTHLY_COLUMNS, ("month", "calls_offered", "calls_answered"))
        monthly = [
            _validate(m.MonthRow, row, f("monthly.csv"), describe=lambda loc, i=i: f"row {i + 2}, column {_loc(loc)}")
            for i, row in enumerate(rows)
        ]
    capacity = read_yaml(folder / "capacity.yaml") if (folder / "capacity.yaml").exists() else None

    return m.YearData(
        folder=rel,
        project_file=project,
        funding=funding,
        budget=budget,
        indicators_file=indicators,
        prose=prose,
        operations=operations,
        monthly=monthly,
        capacity=capacity,
    )


def available_years(data_root: Path | str) -> list[int]:
    root = Path(data_root)
    return sorted(int(p.name) for p in root.iterdir() if p.is_dir() and p.name.isdigit()) if root.is_dir() else []
