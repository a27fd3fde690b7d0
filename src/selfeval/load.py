"""Read ``data/<year>/`` into a validated :class:`~selfeval.model.YearData`.

Files (see data/README.md): project.yaml, funding.csv, budget.yaml, indicators.yaml,
prose.yaml (required); operations.yaml, monthly.csv, capacity.yaml (optional).
Any problem raises :class:`~selfeval.errors.DataError` naming file, field and fix.
"""

from __future__ import annotations

import csv
import io
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, Callable, Optional

import yaml
from pydantic import BaseModel, ValidationError

from . import model as m
from .errors import DataError
from .numbers import plain

REQUIRED = ("project.yaml", "funding.csv", "budget.yaml", "indicators.yaml", "prose.yaml")
OPTIONAL = ("operations.yaml", "monthly.csv", "capacity.yaml")
FUNDING_COLUMNS = ("source", "budget", "executed", "initial_budget")
MONTHLY_COLUMNS = ("month", "calls_offered", "calls_answered", "service_volume")


class _ValueProblem(yaml.constructor.ConstructorError):
    """A value YAML parsed but we cannot accept; carries its own fix and the value's position."""

    def __init__(self, problem: str, mark: Any, fix: str):
        super().__init__(None, None, problem, mark)
        self.fix = fix


class _DecimalLoader(yaml.SafeLoader):
    """YAML floats become Decimal, so 99.99 stays exactly 99.99; a key repeated in a mapping is an error."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict:
        seen: set[tuple[str, str]] = set()
        for key_node, _ in node.value:
            if isinstance(key_node, yaml.ScalarNode) and key_node.tag != "tag:yaml.org,2002:merge":
                key = (key_node.tag, key_node.value)
                if key in seen:
                    raise _ValueProblem(f"key '{key_node.value}' appears twice in the same mapping", key_node.start_mark, f"keep one '{key_node.value}' (the second would silently replace the first)")
                seen.add(key)
        return super().construct_mapping(node, deep=deep)

    def construct_yaml_timestamp(self, node: yaml.Node) -> Any:
        try:
            return super().construct_yaml_timestamp(node)
        except ValueError as exc:
            raise _ValueProblem(f"'{node.value}' is not a valid date ({exc})", node.start_mark, "write a real date as YYYY-MM-DD") from None


def _decimal_float(loader: yaml.SafeLoader, node: yaml.Node) -> Decimal:
    text = loader.construct_scalar(node).replace("_", "")
    try:
        value = Decimal(text)
    except InvalidOperation:
        value = None
    if value is None or not value.is_finite():
        raise _ValueProblem(f"'{node.value}' is not a finite number", node.start_mark, "write a number with digits, e.g. 95 or 13410.06")
    return value


_DecimalLoader.add_constructor("tag:yaml.org,2002:float", _decimal_float)
# YAML 1.1 reads a bare `=` as its "value" type; analysts mean the equals operator
_DecimalLoader.add_constructor("tag:yaml.org,2002:value", lambda loader, node: loader.construct_scalar(node))
_DecimalLoader.add_constructor("tag:yaml.org,2002:timestamp", _DecimalLoader.construct_yaml_timestamp)


def _rel(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def _read_text(path: Path) -> str:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise DataError(_rel(path), "", f"cannot be read ({exc.strerror or exc})", "make it a readable text file (not a folder)") from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        try:
            raw.decode("gb18030")
            problem = "is not UTF-8 (it looks GBK/GB18030-encoded, as saved by Excel or WPS)"
        except UnicodeDecodeError:
            problem = "is not valid UTF-8 text"
        line = raw[: exc.start].count(b"\n") + 1
        raise DataError(_rel(path), f"line {line} (byte {exc.start})", problem, "save it as UTF-8 (Excel: 'CSV UTF-8'; WPS/editors: encoding UTF-8)") from None


def read_yaml(path: Path) -> Any:
    text = _read_text(path)
    try:
        data = yaml.load(text, Loader=_DecimalLoader)
    except _ValueProblem as exc:
        mark = exc.problem_mark
        raise DataError(_rel(path), f"line {mark.line + 1}, column {mark.column + 1}", exc.problem or "bad value", exc.fix) from None
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


def read_csv_rows(path: Path, columns: tuple[str, ...], required: tuple[str, ...]) -> list[tuple[int, dict[str, str]]]:
    """(row number in the file, row as dict) pairs; the header is row 1 and blank lines still count."""
    text = _read_text(path)
    reader = csv.reader(io.StringIO(text))
    rows: list[tuple[int, list[str]]] = []
    start = 1
    try:
        for r in reader:
            if any(cell.strip() for cell in r):
                rows.append((start, r))
            start = reader.line_num + 1
    except csv.Error as exc:
        raise DataError(_rel(path), f"row {start}", f"cannot be read as CSV ({exc})", "retype that row (stray quote or control character)") from None
    if not rows:
        raise DataError(_rel(path), "", "is empty", f"write a header row ({','.join(columns)}) and data rows")
    header = [h.strip() for h in rows[0][1]]
    for name in header:
        if name not in columns:
            raise DataError(_rel(path), f"column '{name}'", "is not a known column", f"use only {', '.join(columns)} (check the spelling)")
    for name in required:
        if name not in header:
            raise DataError(_rel(path), f"column '{name}'", "is missing", f"add a '{name}' column")
    if len(set(header)) != len(header):
        raise DataError(_rel(path), "header", "names a column twice", "keep one of each")
    out = []
    for lineno, row in rows[1:]:
        if len(row) != len(header):
            raise DataError(_rel(path), f"row {lineno}", f"has {len(row)} cells but the header has {len(header)}", "make every row have one cell per column (a comma inside a value needs quotes)")
        out.append((lineno, {k: v.strip() for k, v in zip(header, row) if v.strip() != ""}))
    if not out:
        raise DataError(_rel(path), "", "has a header but no data rows", "add the rows")
    return out


_FIXES = {
    "missing": "add this field (see data/README.md)",
    "extra_forbidden": "remove it or correct its spelling (see data/README.md for the field names)",
    "decimal_parsing": "write a number with digits, e.g. 95 or 13410.06",
    "decimal_type": "write a number with digits, e.g. 95 or 13410.06",
    "int_parsing": "write a whole number with the digits 0-9",
    "int_type": "write a whole number with the digits 0-9",
    "int_from_float": "write a whole number, without decimals",
    "greater_than_equal": "counts and amounts cannot be negative; enter the real figure",
    "greater_than": "enter a positive figure",
    "less_than_equal": "enter a value within the allowed range",
    "literal_error": "use one of the allowed values",
    "union_tag_invalid": "use one of: proportional, step_deduction, qualitative",
    "union_tag_not_found": "add rule: proportional, step_deduction or qualitative",
    "float_parsing": "write a number with digits, e.g. 95 or 13410.06",
    "finite_number": "write a number with digits, e.g. 95 or 13410.06",
    "dict_type": "write a mapping of field: value",
    "less_than": "enter a smaller value",
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


_BRANCH_NAMES = ("step_deduction", "proportional", "qualitative", "Target", "QualitativeTarget")
_VAGUE = ("union_tag_invalid", "model_type", "model_attributes_type")


def _is_branch(item: object) -> bool:
    return isinstance(item, str) and (item in _BRANCH_NAMES or "[" in item)


def _problem(e: dict) -> str:
    """What is wrong, in the analyst's words (the location is printed separately)."""
    etype, ctx, msg = e["type"], e.get("ctx") or {}, e["msg"]
    got = e.get("input")
    if etype == "value_error":
        return msg.removeprefix("Value error, ")
    if etype == "literal_error":
        return f"{got!r} is not allowed"
    if etype == "extra_forbidden":
        return "is not a known field"
    if etype == "missing":
        return "is missing"
    if etype == "union_tag_not_found":
        return "has no 'rule'"
    if etype == "union_tag_invalid":
        return f"rule {ctx.get('tag')!r} is not a known scoring rule"
    if etype in ("decimal_parsing", "decimal_type", "float_parsing", "float_type"):
        return f"{got!r} is not a number"
    if etype in ("int_parsing", "int_type", "int_from_float"):
        return f"{got!r} is not a whole number"
    if etype == "finite_number":
        return f"{got!r} is not a finite number"
    if etype in ("greater_than_equal", "greater_than", "less_than_equal", "less_than"):
        sign = {"greater_than_equal": "≥", "greater_than": ">", "less_than_equal": "≤", "less_than": "<"}[etype]
        bound = next(iter(ctx.values()), "?")
        return f"must be {sign} {bound} (got {got!r})"
    if etype in ("model_type", "dict_type", "model_attributes_type"):
        return f"must be a mapping of field: value (got {got!r})"
    if "input" in e and not isinstance(got, dict):
        return f"{msg} (got {got!r})"
    return msg


def _fix(e: dict) -> str:
    etype, ctx = e["type"], e.get("ctx") or {}
    if etype == "literal_error":
        return f"use one of {ctx.get('expected', 'the allowed values')}"
    if etype == "greater_than_equal" and str(ctx.get("ge")) != "0":
        return f"enter a value of at least {ctx.get('ge')}"
    if etype == "less_than_equal":
        return f"enter a value of at most {ctx.get('le')}"
    return _FIXES.get(etype, "") or "correct the value (see data/README.md)"


def _validate(cls: type[BaseModel], data: Any, file: str, prefix: str = "", describe: Optional[Callable[[tuple], str]] = None) -> Any:
    try:
        return cls.model_validate(data)
    except ValidationError as exc:
        errors = _real_problems(exc.errors())
        first = _pick(errors)
        where = describe(first["loc"]) if describe else _loc(first["loc"], prefix)
        problem, fix = _problem(first), _fix(first)
        if first["type"] == "value_error":
            problem, _, own_fix = problem.partition("; ")
            fix = own_fix or fix
        elif first["type"] == "extra_forbidden":
            guess = _misspelt(first, errors)
            if guess is not None:
                errors = [e for e in errors if e is not guess]
                fix = f"did you mean '{guess['loc'][-1]}'? correct the spelling (see data/README.md for the field names)"
        more = f" (and {len(errors) - 1} more problem(s))" if len(errors) > 1 else ""
        raise DataError(file, where, problem + more, fix) from None


def _real_problems(errors: list[dict]) -> list[dict]:
    """Drop the errors of union branches the value was evidently not meant for.

    ``target: {op: ">>", value: 95, unit: "%"}`` fails as Target (bad op) *and* as
    QualitativeTarget (no text, three unknown fields); only the branch with the fewest
    errors is the analyst's intent, the others are noise.
    """
    groups: dict[tuple, dict[str, list[dict]]] = {}
    for e in errors:
        loc = e["loc"]
        pos = next((i for i, item in enumerate(loc) if _is_branch(item)), None)
        if pos is not None:
            groups.setdefault(tuple(loc[:pos]), {}).setdefault(str(loc[pos]), []).append(e)
    dropped: set[int] = set()
    for branches in groups.values():
        if len(branches) > 1:
            best = min(branches.values(), key=len)  # first-seen wins a tie
            dropped.update(id(e) for errs in branches.values() if errs is not best for e in errs)
    return [e for e in errors if id(e) not in dropped] or errors


def _pick(errors: list[dict]) -> dict:
    """The error to report: a specific one over a vague union/type one; a misspelt field
    over the 'missing' it causes (``wieght`` explains why ``weight`` is missing)."""
    specific = [e for e in errors if e["type"] not in _VAGUE] or errors
    for e in specific:
        if e["type"] == "extra_forbidden":
            return e
    return specific[0]


def _misspelt(extra: dict, errors: list[dict]) -> Optional[dict]:
    """The 'missing' sibling field that an unknown field is probably a misspelling of."""
    import difflib

    parent, name = tuple(extra["loc"][:-1]), str(extra["loc"][-1])
    missing = {str(e["loc"][-1]): e for e in errors if e["type"] == "missing" and tuple(e["loc"][:-1]) == parent}
    close = difflib.get_close_matches(name, list(missing), n=1, cutoff=0.6)
    return missing[close[0]] if close else None


def _csv_where(row: int, loc: tuple) -> str:
    """'row 3, column budget'; just 'row 3' for a problem of the whole row (e.g. answered > offered)."""
    column = _loc(loc)
    return f"row {row}, column {column}" if column else f"row {row}"


def _indicator_loc(data: dict) -> Callable[[tuple], str]:
    def describe(loc: tuple) -> str:
        if len(loc) >= 2 and loc[0] == "indicators" and isinstance(loc[1], int):
            items = data.get("indicators") or []
            ident = items[loc[1]].get("id", "?") if loc[1] < len(items) and isinstance(items[loc[1]], dict) else "?"
            return f"indicators[{loc[1]}] (id {ident})" + (("." + _loc(loc[2:])) if len(loc) > 2 else "")
        return _loc(loc)

    return describe


def _csv_models(path: Path, columns: tuple[str, ...], required: tuple[str, ...], model: type[BaseModel], key: str) -> list:
    """Validate every row of a CSV table into ``model``; the ``key`` column must not repeat."""
    rows = read_csv_rows(path, columns, required)
    file = _rel(path)
    out = [_validate(model, row, file, describe=lambda loc, n=n: _csv_where(n, loc)) for n, row in rows]
    seen: set = set()
    for (n, _), item in zip(rows, out):
        value = getattr(item, key)
        if value in seen:
            raise DataError(file, f"row {n}, column {key}", f"{key} {value!r} appears twice", f"keep one row per {key}")
        seen.add(value)
    return out


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

    funding = _csv_models(folder / "funding.csv", FUNDING_COLUMNS, ("source", "budget", "executed"), m.FundingRow, "source")
    if sum(row.budget for row in funding) == 0:
        raise DataError(f("funding.csv"), "column budget", "every budget is 0, so the execution rate (executed / budget) cannot be computed", "enter the year's budget")

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
            f"indicator weights {plain(sum(i.weight for i in indicators.indicators))} + budget weight {plain(budget.weight)} = {plain(total_weight)}, not {plain(indicators.weights_total)}",
            "correct the weights" + ("" if explicit else ", or set weights_total if this project's form really totals otherwise"),
        )

    prose = _validate(m.Prose, read_yaml(folder / "prose.yaml"), f("prose.yaml"))
    operations = None
    if (folder / "operations.yaml").exists():
        operations = _validate(m.Operations, read_yaml(folder / "operations.yaml"), f("operations.yaml"))
    monthly = None
    if (folder / "monthly.csv").exists():
        monthly = _csv_models(folder / "monthly.csv", MONTHLY_COLUMNS, ("month", "calls_offered", "calls_answered"), m.MonthRow, "month")
    capacity = read_yaml(folder / "capacity.yaml") if (folder / "capacity.yaml").exists() else None

    year = m.YearData(
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
    # cross-file checks of the optional files (late imports: those modules build on this one)
    from .capacity import load_assumptions
    from .monthly import check_monthly

    check_monthly(year)  # the 12 months add up to the annual answer-rate counts
    load_assumptions(year)  # capacity.yaml, if present, is valid
    return year


def available_years(data_root: Path | str) -> list[int]:
    root = Path(data_root)
    return sorted(int(p.name) for p in root.iterdir() if p.is_dir() and p.name.isdigit()) if root.is_dir() else []
