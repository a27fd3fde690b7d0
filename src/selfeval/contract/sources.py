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
import os
import re
import stat
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import yaml

from ..errors import DataError
from .fieldtypes import code_point
from .raw import RawSource, loc_text, rel
from .workbook import read_workbook
from .workbook_layout import WORKBOOK_NAME

REQUIRED = ("project.yaml", "funding.csv", "budget.yaml", "indicators.yaml", "prose.yaml")
OPTIONAL = ("operations.yaml", "monthly.csv", "capacity.yaml", "review.yaml")
CALLS_DIR = "calls"  # optional folder of call records (selfeval.analyses.calls)
FUNDING_COLUMNS = ("source", "budget", "executed", "initial_budget")
MONTHLY_COLUMNS = ("month", "calls_offered", "calls_answered", "service_volume")
TABLES = {"funding.csv": (FUNDING_COLUMNS, ("source", "budget", "executed")), "monthly.csv": (MONTHLY_COLUMNS, ("month", "calls_offered", "calls_answered"))}
MAX_FILE_BYTES = 10 * 1024 * 1024  # a year's data files are a few KB; more is not a data file


# --------------------------------------------------------------------------- YAML


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
                    raise _ValueProblem(
                        f"key '{key_node.value}' appears twice in the same mapping",
                        key_node.start_mark,
                        f"keep one '{key_node.value}' (the second would silently replace the first)",
                    )
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
        value: Decimal | None = Decimal(text)
    except InvalidOperation:
        value = None
    if value is None or not value.is_finite():
        raise _ValueProblem(f"'{node.value}' is not a finite number", node.start_mark, "write a number with digits, e.g. 95 or 13410.06")
    return value


_DECIMAL_INT = re.compile(r"[-+]?[0-9][0-9_]*")


def _plain_int(loader: yaml.SafeLoader, node: yaml.Node) -> int | str:
    """A YAML 1.1 integer, but only in decimal digits: ``0123`` is 123 (not octal 83), and
    ``0x1F``, ``0b101`` or ``1:30`` (base 60 = 90) stay the text typed, which a number field refuses."""
    text = loader.construct_scalar(node)
    if _DECIMAL_INT.fullmatch(text):
        return int(text.replace("_", ""), 10)
    return text


def _bool_as_text(loader: yaml.SafeLoader, node: yaml.Node) -> str:
    """YAML 1.1 reads yes/no/on/off/true/false as booleans. No field of the contract is a
    boolean, so the word stays the text typed: a number field then says ``'yes' is not a
    number`` instead of silently reading 1, and a text field keeps the word."""
    return loader.construct_scalar(node)


_DecimalLoader.add_constructor("tag:yaml.org,2002:float", _decimal_float)
_DecimalLoader.add_constructor("tag:yaml.org,2002:int", _plain_int)
_DecimalLoader.add_constructor("tag:yaml.org,2002:bool", _bool_as_text)
# YAML 1.1 reads a bare `=` as its "value" type; analysts mean the equals operator
_DecimalLoader.add_constructor("tag:yaml.org,2002:value", lambda loader, node: loader.construct_scalar(node))
_DecimalLoader.add_constructor("tag:yaml.org,2002:timestamp", _DecimalLoader.construct_yaml_timestamp)


def read_bytes(path: Path, root: Path | None = None) -> bytes:
    """The bytes of a regular file inside ``root`` (default: the file's folder's parent, the data root).

    Why not ``path.read_bytes()``: a FIFO or a device in place of a data file would block the
    build for ever, and a symbolic link could make the build read (and publish) a file from
    anywhere on the machine. A link whose target lies inside the data root is followed; the
    file is opened without blocking and checked to be a regular file before it is read.
    """
    root = (root if root is not None else path.parent.parent).resolve()
    real = path.resolve()
    if not real.is_relative_to(root):
        raise DataError(
            rel(path), "", f"is a link to {real}, outside the data folder {root}", "put the file itself in the data folder (copy it instead of linking to it)"
        )
    try:
        fd = os.open(real, os.O_RDONLY | os.O_NONBLOCK | os.O_NOFOLLOW | os.O_CLOEXEC)
    except OSError as exc:
        raise DataError(rel(path), "", f"cannot be read ({exc.strerror or exc})", "make it a readable text file") from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise DataError(rel(path), "", "cannot be read: it is a folder, not a file", "make it a readable text file (not a folder)")
        if not stat.S_ISREG(info.st_mode):
            raise DataError(rel(path), "", "cannot be read: it is not a regular file (a pipe, socket or device)", "replace it by the data file itself")
        if info.st_size > MAX_FILE_BYTES:
            raise DataError(rel(path), "", f"is {info.st_size:,} bytes, more than a data file can be ({MAX_FILE_BYTES:,})", "check that this is the right file")
        with os.fdopen(os.dup(fd), "rb") as f:
            return f.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise DataError(rel(path), "", f"cannot be read ({exc.strerror or exc})", "make it a readable text file") from None
    finally:
        os.close(fd)


def read_text(path: Path, root: Path | None = None) -> str:
    """A data file's text: UTF-8 (a BOM is accepted); GBK and other encodings are refused clearly."""
    raw = read_bytes(path, root)
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


def _yaml_line_breaks(text: str, path: Path) -> None:
    """YAML reads U+0085, U+2028 and U+2029 as line breaks, so one inside a value breaks the
    file's syntax far from where it sits; name it and its position instead."""
    found = re.search("[\x85\u2028\u2029]", text)
    if found:
        before = text[: found.start()]
        line = len(re.findall("\r\n|[\r\n]", before)) + 1
        column = found.start() - max(before.rfind("\n"), before.rfind("\r"))

        raise DataError(
            rel(path),
            f"line {line}, column {column}",
            f"contains {code_point(found.group())}, which YAML reads as a line break",
            "delete it (it is invisible; it comes from copying out of web pages or Word)",
        )


def read_yaml(path: Path) -> Any:
    """A YAML mapping with exact decimals; one-line DataError for anything else."""
    text = read_text(path)
    _yaml_line_breaks(text, path)
    try:
        data = yaml.load(text, Loader=_DecimalLoader)
    except _ValueProblem as exc:
        mark = exc.problem_mark
        raise DataError(rel(path), f"line {mark.line + 1}, column {mark.column + 1}", exc.problem or "bad value", exc.fix) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else "?"
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        line = text.splitlines()[mark.line] if mark and mark.line < len(text.splitlines()) else ""
        raise DataError(rel(path), where, f"malformed YAML ({problem})", _yaml_fix(line)) from None
    except Exception as exc:  # e.g. a float that Decimal rejects
        raise DataError(rel(path), "", f"cannot be read as YAML ({exc})", "correct the value") from None
    if data is None:
        raise DataError(rel(path), "", "is empty", "fill it in (see data/README.md)")
    if not isinstance(data, dict):
        raise DataError(rel(path), "", "must be a mapping of field: value at the top level", "see data/README.md for the layout")
    return data


_UNQUOTED_SYMBOL = re.compile(r"""(?:^|[:,{\[-])\s*(>=|<=|==|[>%@`|!&*])(?=[^"'\w]|$)""")


def _yaml_fix(line: str) -> str:
    """The fix for a YAML syntax error; an unquoted operator or % gets "quote it" with the value."""
    found = _UNQUOTED_SYMBOL.search(line.split("#", 1)[0])
    if found:
        value = found.group(1)
        if value in (">=", "<=", "==", ">"):
            return f'put the operator in quotes: op: "{value}" (or write ≥ / ≤ without quotes); unquoted, YAML reads {value[0]} as syntax'
        if value == "%":
            return 'put the unit in quotes: unit: "%" (unquoted, YAML reads % as a directive)'
        return f'put the value in quotes ("…"): unquoted, YAML reads a leading {value} as syntax'
    return "correct the syntax there (indentation, a missing ':' or quote)"


def yaml_source(path: Path) -> RawSource:
    data = read_yaml(path)
    return RawSource(rel(path), data, lambda loc: loc_text(loc))


# --------------------------------------------------------------------------- CSV


def read_csv_rows(path: Path, columns: tuple[str, ...], required: tuple[str, ...]) -> list[tuple[int, dict[str, str]]]:
    """(row number in the file, row as dict) pairs; the header is row 1 and blank lines still count."""
    text = read_text(path)
    if "\r" in text and "\n" not in text:
        raise DataError(
            rel(path),
            "",
            "ends its lines with CR only (old Mac line endings), so the rows cannot be told apart",
            "save it again with standard line endings (Excel: 'CSV UTF-8'; editors: line endings LF or CRLF)",
        )
    lone_cr = re.search("\r(?!\n)", text)
    if lone_cr:
        line = text[: lone_cr.start()].count("\n") + 1
        raise DataError(
            rel(path),
            f"line {line}",
            "has a line break (CR) on its own, inside a row: the file mixes line endings",
            "save it again with standard line endings (Excel: 'CSV UTF-8'; editors: LF or CRLF)",
        )
    reader = csv.reader(io.StringIO(text, newline=""))
    rows: list[tuple[int, list[str]]] = []
    start = 1
    try:
        for r in reader:
            if any(cell.strip() for cell in r):
                rows.append((start, r))
            start = reader.line_num + 1
    except csv.Error as exc:
        if "new-line character" in str(exc):
            raise DataError(
                rel(path),
                f"row {start}",
                "has a line break (CR) inside an unquoted cell: the file mixes line endings",
                "save it again with standard line endings (Excel: 'CSV UTF-8'; editors: LF or CRLF)",
            ) from None
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
            raise DataError(
                rel(path),
                f"row {lineno}",
                f"has {len(row)} cells but the header has {len(header)}",
                "make every row have one cell per column (a comma inside a value needs quotes)",
            )
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
    root = folder.parent.resolve()
    if not folder.resolve().is_relative_to(root):
        raise DataError(label, "", f"is a link to {folder.resolve()}, outside the data folder {root}", "put the year's files in the data folder itself")
    present = {p.name: p for p in folder.iterdir() if not p.name.startswith("~$")}  # ~$…: Excel's lock file of an open workbook
    known = set(REQUIRED) | set(OPTIONAL) | {"README.md"}
    spreadsheets = sorted(n for n in set(present) - known if n.lower().endswith((".xlsx", ".xlsm", ".xls", ".et")) and not n.startswith("."))
    if spreadsheets:  # before 'missing files': a misnamed workbook explains them
        raise DataError(
            f"{label}/{spreadsheets[0]}",
            "",
            "is not a known data file",
            "a year's workbook is named 自评数据.xlsx and replaces all the YAML/CSV files (python -m selfeval template makes one); "
            f"otherwise save the data as {', '.join(REQUIRED + OPTIONAL)}, or move it out of the year folder",
        )
    if not set(present) & set(REQUIRED):
        raise DataError(label, "", "is empty (no data files)", f"add {', '.join(REQUIRED)}, or the workbook 自评数据.xlsx (see data/README.md)")
    for name in REQUIRED:
        if name not in present:
            raise DataError(f"{label}/{name}", "", "required file is missing", "create it (see data/README.md and data/2021/ for an example)")
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
    """Every data file of a year folder, read but not validated, keyed by file name.

    A year folder holds either the workbook 自评数据.xlsx or the YAML/CSV files, never both.
    """
    workbook = folder / WORKBOOK_NAME
    if workbook.is_file() or workbook.is_symlink():
        others = sorted(p.name for p in folder.iterdir() if p.name in set(REQUIRED) | set(OPTIONAL))
        if others:
            raise DataError(
                rel(folder),
                "",
                f"holds both {WORKBOOK_NAME} and {', '.join(others)}",
                f"keep one source of the year's data: move {', '.join(others)} out of the folder, or move {WORKBOOK_NAME} out",
            )
        read_bytes(workbook)  # a regular file inside the data root: not a link elsewhere, not a pipe
        return read_workbook(workbook)
    out: dict[str, RawSource] = {}
    for name, path in year_files(folder).items():
        out[name] = csv_source(path, name) if name in TABLES else yaml_source(path)
    return out


def input_files(folder: Path) -> list[Path]:
    """The files a build reads from a year folder (for digests and provenance): the known data
    files, checked to be regular files inside the data root. Hidden files, README.md and
    sub-folders are not inputs: they are never read, hashed or named in the book. A workbook
    year's one input is its workbook."""
    workbook = folder / WORKBOOK_NAME
    if workbook.is_file() or workbook.is_symlink():
        read_bytes(workbook)
        return [workbook]
    files = year_files(folder)
    for path in files.values():
        read_bytes(path)  # refuses a link out of the data root, a FIFO, a device
    return [files[name] for name in sorted(files)] + record_files(folder)


def record_files(folder: Path) -> list[Path]:
    """The files of a year's ``calls/`` folder (call records and their column map), regular and
    inside the data root; checked by stat only — records can be a gigabyte, and their content is
    read by DuckDB (selfeval.analyses.calls), never here."""
    calls = folder / CALLS_DIR
    if not calls.is_dir():
        return []
    root = folder.parent.resolve()
    out = []
    for p in sorted(calls.iterdir()):
        if p.name.startswith("."):
            continue
        if not p.resolve().is_relative_to(root):
            raise DataError(rel(p), "", f"is a link to {p.resolve()}, outside the data folder {root}", "put the file itself in the data folder")
        if p.is_file():
            out.append(p)
    return out


def year_state(folder: Path) -> tuple:
    """A cheap fingerprint of what loading ``folder`` reads: every entry of the year folder and
    of its ``calls/`` folder with its size, mtime, ctime and inode (``stat`` only, nothing read).

    Why every entry, not only the known files: a file added or removed changes what loading
    says (an unknown file is an error, a new ``monthly.csv`` is read), so it must change the
    fingerprint too. Why ctime and the inode beside mtime: an editor that saves by writing a new
    file and renaming it, or a tool that restores mtime, still changes one of them.
    """

    def entries(path: Path) -> list[tuple]:
        try:
            names = sorted(os.listdir(path))
        except OSError as exc:
            return [(str(path), "unreadable", exc.errno)]
        out: list[tuple] = []
        for name in names:
            try:
                st = os.stat(path / name)
            except OSError as exc:
                out.append((name, "unreadable", exc.errno))
                continue
            out.append((name, st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, st.st_dev, stat.S_IFMT(st.st_mode)))
        return out

    return (str(folder), tuple(entries(folder)), tuple(entries(folder / CALLS_DIR)) if (folder / CALLS_DIR).is_dir() else ())


def _is_year_name(name: str) -> bool:
    return len(name) == 4 and name.isascii() and name.isdigit()


def available_years(data_root: Path | str) -> list[int]:
    """Fiscal years with a folder in ``data_root`` (four ASCII digits; other names are not years)."""
    root = Path(data_root)
    return sorted(int(p.name) for p in root.iterdir() if p.is_dir() and _is_year_name(p.name)) if root.is_dir() else []


__all__ = [
    "CALLS_DIR",
    "OPTIONAL",
    "REQUIRED",
    "RawSource",
    "available_years",
    "input_files",
    "loc_text",
    "read_bytes",
    "read_text",
    "read_yaml",
    "read_year",
    "record_files",
    "rel",
    "year_files",
    "year_state",
]
