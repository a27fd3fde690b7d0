"""Read a year's files into :class:`RawSource` objects, before any validation.

A RawSource is what the validator needs from any input format: a label for messages
(``data/2021/indicators.yaml``), the parsed content (a mapping for YAML-like files, a list
of row mappings for tables), and ``where``, which names a position inside the file from a
validation location (``('indicators', 1, 'target', 'value')`` → ``indicators[1] (id
answer_rate).target.value``; a table row ``(2, 'budget')`` → ``row 4, column budget``).
The YAML/CSV reader lives here; another format (a workbook) provides the same objects, so
validation and its messages are written once.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, Callable

import yaml

from ..errors import DataError

Where = Callable[[tuple], str]

REQUIRED = ("project.yaml", "funding.csv", "budget.yaml", "indicators.yaml", "prose.yaml")
OPTIONAL = ("operations.yaml", "monthly.csv", "capacity.yaml")
CALLS_DIR = "calls"  # optional folder of call records (selfeval.analyses.calls)
FUNDING_COLUMNS = ("source", "budget", "executed", "initial_budget")
MONTHLY_COLUMNS = ("month", "calls_offered", "calls_answered", "service_volume")
TABLES = {"funding.csv": (FUNDING_COLUMNS, ("source", "budget", "executed")), "monthly.csv": (MONTHLY_COLUMNS, ("month", "calls_offered", "calls_answered"))}


@dataclass(frozen=True)
class RawSource:
    """One data file as read: label for messages, parsed content, and how to name a position in it."""

    file: str
    data: Any  # dict for YAML-like files; list[dict[str, str]] for tables
    where: Where


def loc_text(loc: tuple, prefix: str = "") -> str:
    """A validation location as the analyst reads it: ``indicators[1].target.value``."""
    parts: list[str] = []
    for item in loc:
        if isinstance(item, int):
            parts.append(f"[{item}]")
        else:
            parts.append(("." if parts else "") + str(item))
    text = "".join(parts)
    return (prefix + ("." if prefix and text and not text.startswith("[") else "") + text) or prefix


def rel(path: Path) -> str:
    """A path as messages show it: relative to the working directory when inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


# --------------------------------------------------------------------------- YAML


class _ValueProblem(yaml.constructor.ConstructorError):
    """A value YAML parsed but we cannot accept; carries its own fix and the value's position."""

    def __init__(self, problem: str, mark: Any, fix: str):
        super().__init__(None, None, problem, mark)
        self.fix = fix


class _DecimalLoader(yaml.SafeLoader):
    """YAML floats become Decimal, so 99.99 stays exactly 99.99; a key repeated in a mapping is an error."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict:  # type: ignore[override]
        seen: set[tuple[str, str]] = set()
        for key_node, _ in node.value:
            if isinstance(key_node, yaml.ScalarNode) and key_node.tag != "tag:yaml.org,2002:merge":
                key = (key_node.tag, key_node.value)
                if key in seen:
                    raise _ValueProblem(
                        f"key '{key_node.value}' appears twice in the same mapping",
                        key_node.start_mark,
                        f"keep one '{key_node.value}' (the second would silently replace the first)",
                    )
                seen.add(key)
        return super().construct_mapping(node, deep=deep)

    def construct_yaml_timestamp(self, node: yaml.Node) -> Any:
        try:
            return super().construct_yaml_timestamp(node)  # type: ignore[arg-type]
        except ValueError as exc:
            raise _ValueProblem(f"'{node.value}' is not a valid date ({exc})", node.start_mark, "write a real date as YYYY-MM-DD") from None


def _decimal_float(loader: yaml.SafeLoader, node: yaml.Node) -> Decimal:
    text = loader.construct_scalar(node).replace("_", "")  # type: ignore[arg-type]
    try:
        value: Decimal | None = Decimal(text)
    except InvalidOperation:
        value = None
    if value is None or not value.is_finite():
        raise _ValueProblem(f"'{node.value}' is not a finite number", node.start_mark, "write a number with digits, e.g. 95 or 13410.06")
    return value


_DecimalLoader.add_constructor("tag:yaml.org,2002:float", _decimal_float)
# YAML 1.1 reads a bare `=` as its "value" type; analysts mean the equals operator
_DecimalLoader.add_constructor("tag:yaml.org,2002:value", lambda loader, node: loader.construct_scalar(node))  # type: ignore[arg-type]
_DecimalLoader.add_constructor("tag:yaml.org,2002:timestamp", _DecimalLoader.construct_yaml_timestamp)


def read_text(path: Path) -> str:
    """A data file's text: UTF-8 (a BOM is accepted); GBK and other encodings are refused clearly."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise DataError(rel(path), "", f"cannot be read ({exc.strerror or exc})", "make it a readable text file (not a folder)") from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        try:
            raw.decode("gb18030")
            problem = "is not UTF-8 (it looks GBK/GB18030-encoded, as saved by Excel or WPS)"
        except UnicodeDecodeError:
            problem = "is not valid UTF-8 text"
        line = raw[: exc.start].count(b"\n") + 1
        raise DataError(rel(path), f"line {line} (byte {exc.start})", problem, "save it as UTF-8 (Excel: 'CSV UTF-8'; WPS/editors: encoding UTF-8)") from None


def read_yaml(path: Path) -> Any:
    """A YAML mapping with exact decimals; one-line DataError for anything else."""
    text = read_text(path)
    try:
        data = yaml.load(text, Loader=_DecimalLoader)  # noqa: S506 - a SafeLoader subclass
    except _ValueProblem as exc:
        mark = exc.problem_mark
        raise DataError(rel(path), f"line {mark.line + 1}, column {mark.column + 1}", exc.problem or "bad value", exc.fix) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else "?"
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise DataError(rel(path), where, f"malformed YAML ({problem})", "correct the syntax there (indentation, a missing ':' or quote)") from None
    except Exception as exc:  # e.g. a float that Decimal rejects
        raise DataError(rel(path), "", f"cannot be read as YAML ({exc})", "correct the value") from None
    if data is None:
        raise DataError(rel(path), "", "is empty", "fill it in (see data/README.md)")
    if not isinstance(data, dict):
        raise DataError(rel(path), "", "must be a mapping of field: value at the top level", "see data/README.md for the layout")
    return data


def yaml_source(path: Path) -> RawSource:
    data = read_yaml(path)
    return RawSource(rel(path), data, lambda loc: loc_text(loc))


# --------------------------------------------------------------------------- CSV


def read_csv_rows(path: Path, columns: tuple[str, ...], required: tuple[str, ...]) -> list[tuple[int, dict[str, str]]]:
    """(row number in the file, row as dict) pairs; the header is row 1 and blank lines still count."""
    text = read_text(path)
    reader = csv.reader(io.StringIO(text))
    rows: list[tuple[int, list[str]]] = []
    start = 1
    try:
        for r in reader:
            if any(cell.strip() for cell in r):
                rows.append((start, r))
            start = reader.line_num + 1
    except csv.Error as exc:
        raise DataError(rel(path), f"row {start}", f"cannot be read as CSV ({exc})", "retype that row (stray quote or control character)") from None
    if not rows:
        raise DataError(rel(path), "", "is empty", f"write a header row ({','.join(columns)}) and data rows")
    header = [h.strip() for h in rows[0][1]]
    for name in header:
        if name not in columns:
            raise DataError(rel(path), f"column '{name}'", "is not a known column", f"use only {', '.join(columns)} (check the spelling)")
    for name in required:
        if name not in header:
            raise DataError(rel(path), f"column '{name}'", "is missing", f"add a '{name}' column")
    if len(set(header)) != len(header):
        raise DataError(rel(path), "header", "names a column twice", "keep one of each")
    out = []
    for lineno, row in rows[1:]:
        if len(row) != len(header):
            raise DataError(rel(path), f"row {lineno}", f"has {len(row)} cells but the header has {len(header)}", "make every row have one cell per column (a comma inside a value needs quotes)")
        out.append((lineno, {k: v.strip() for k, v in zip(header, row) if v.strip() != ""}))
    if not out:
        raise DataError(rel(path), "", "has a header but no data rows", "add the rows")
    return out


def csv_source(path: Path, name: str) -> RawSource:
    """A CSV table: rows as mappings; ``where((i, column))`` → ``row N, column C`` (file row numbers)."""
    columns, required = TABLES[name]
    rows = read_csv_rows(path, columns, required)
    numbers = [n for n, _ in rows]

    def where(loc: tuple) -> str:
        if loc and isinstance(loc[0], int):
            column = loc_text(loc[1:])
            return f"row {numbers[loc[0]]}, column {column}" if column else f"row {numbers[loc[0]]}"
        return f"column {loc_text(loc)}" if loc else ""

    return RawSource(rel(path), [r for _, r in rows], where)


# --------------------------------------------------------------------------- a year folder


def year_files(folder: Path) -> dict[str, Path]:
    """The data files of a year folder by name; an unknown, missing or non-regular file is an error."""
    label = rel(folder)
    if not folder.is_dir():
        parent = folder.parent
        years = sorted(p.name for p in parent.iterdir() if p.is_dir() and _is_year_name(p.name)) if parent.is_dir() else []
        fix = f"years available: {', '.join(years)}" if years else f"create {label}/ with the files listed in data/README.md"
        raise DataError(label, "", "no such year folder", fix)
    present = {p.name: p for p in folder.iterdir()}
    if not set(present) & set(REQUIRED):
        raise DataError(label, "", "is empty (no data files)", f"add {', '.join(REQUIRED)} (see data/README.md)")
    for name in REQUIRED:
        if name not in present:
            raise DataError(f"{label}/{name}", "", "required file is missing", "create it (see data/README.md and data/2021/ for an example)")
    known = set(REQUIRED) | set(OPTIONAL) | {"README.md"}
    if CALLS_DIR in present:  # call records: read by selfeval.analyses.calls, not here (they can be a gigabyte)
        if not present[CALLS_DIR].is_dir():
            problem = "is a file, but calls must be a folder of record files"
            raise DataError(f"{label}/{CALLS_DIR}", "", problem, "make calls/ a folder (see data/README.md, calls)")
        if "monthly.csv" in present:
            problem = "is given together with calls/, from which the monthly counts are derived"
            raise DataError(f"{label}/monthly.csv", "", problem, "remove monthly.csv (or calls/, to use the monthly counts instead)")
        known.add(CALLS_DIR)
    for name in sorted(set(present) - known):
        if not name.startswith("."):
            raise DataError(f"{label}/{name}", "", "is not a known data file", f"rename it to one of {', '.join(OPTIONAL)} or move it out of the year folder")
    return {name: path for name, path in present.items() if name in set(REQUIRED) | set(OPTIONAL)}


def read_year(folder: Path) -> dict[str, RawSource]:
    """Every data file of a year folder, read but not validated, keyed by file name."""
    out: dict[str, RawSource] = {}
    for name, path in year_files(folder).items():
        out[name] = csv_source(path, name) if name in TABLES else yaml_source(path)
    return out


def _is_year_name(name: str) -> bool:
    return len(name) == 4 and name.isascii() and name.isdigit()


def available_years(data_root: Path | str) -> list[int]:
    """Fiscal years with a folder in ``data_root`` (four ASCII digits; other names are not years)."""
    root = Path(data_root)
    return sorted(int(p.name) for p in root.iterdir() if p.is_dir() and _is_year_name(p.name)) if root.is_dir() else []


__all__ = ["RawSource", "read_year", "year_files", "available_years", "read_yaml", "read_text", "rel", "loc_text", "REQUIRED", "OPTIONAL"]
