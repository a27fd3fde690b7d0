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
from .labels import column_name, field_name
from .raw import RawSource, date_problem, loc_text, rel
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
                        f"键“{key_node.value}”在同一映射中出现了两次",
                        key_node.start_mark,
                        f"只保留一个“{key_node.value}”（否则后一个会悄悄覆盖前一个）",
                    )
                seen.add(key)
        return super().construct_mapping(node, deep=deep)

    def construct_yaml_timestamp(self, node: yaml.Node) -> Any:
        try:
            return super().construct_yaml_timestamp(node)
        except ValueError as exc:
            raise _ValueProblem(f"“{node.value}”不是有效日期（{date_problem(exc)}）", node.start_mark, "按 YYYY-MM-DD 填写实际存在的日期") from None


def _decimal_float(loader: yaml.SafeLoader, node: yaml.Node) -> Decimal:
    text = loader.construct_scalar(node).replace("_", "")
    try:
        value: Decimal | None = Decimal(text)
    except InvalidOperation:
        value = None
    if value is None or not value.is_finite():
        raise _ValueProblem(f"“{node.value}”不是有限的数", node.start_mark, "用阿拉伯数字填写，如 95 或 13410.06")
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
        raise DataError(rel(path), "", f"是指向数据文件夹 {root} 之外的 {real} 的链接", "把文件本身放进数据文件夹（复制，而不是链接）")
    try:
        fd = os.open(real, os.O_RDONLY | os.O_NONBLOCK | os.O_NOFOLLOW | os.O_CLOEXEC)
    except OSError as exc:
        raise DataError(rel(path), "", f"无法读取（{exc.strerror or exc}）", "改为可读取的文本文件") from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise DataError(rel(path), "", "无法读取：这是文件夹，不是文件", "改为可读取的文本文件（不是文件夹）")
        if not stat.S_ISREG(info.st_mode):
            raise DataError(rel(path), "", "无法读取：不是普通文件（是管道、套接字或设备）", "换成数据文件本身")
        if info.st_size > MAX_FILE_BYTES:
            raise DataError(rel(path), "", f"有{info.st_size:,}字节，超过数据文件的上限（{MAX_FILE_BYTES:,}字节）", "确认这是正确的文件")
        with os.fdopen(os.dup(fd), "rb") as f:
            return f.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise DataError(rel(path), "", f"无法读取（{exc.strerror or exc}）", "改为可读取的文本文件") from None
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
            problem = "不是 UTF-8 编码（看来是 Excel 或 WPS 保存的 GBK/GB18030 编码）"
        except UnicodeDecodeError:
            problem = "不是有效的 UTF-8 文本"
        line = raw[: exc.start].count(b"\n") + 1
        raise DataError(rel(path), f"第{line}行（第{exc.start}字节）", problem, "另存为 UTF-8 编码（Excel：“CSV UTF-8”；WPS 或编辑器：编码选 UTF-8）") from None


def _yaml_line_breaks(text: str, path: Path) -> None:
    """YAML reads U+0085, U+2028 and U+2029 as line breaks, so one inside a value breaks the
    file's syntax far from where it sits; name it and its position instead."""
    found = re.search("[\x85\u2028\u2029]", text)
    if found:
        from .fieldtypes import code_point  # pydantic (0.2 s): imported for this message only, not by every importer of this module

        before = text[: found.start()]
        line = len(re.findall("\r\n|[\r\n]", before)) + 1
        column = found.start() - max(before.rfind("\n"), before.rfind("\r"))

        raise DataError(
            rel(path),
            f"第{line}行第{column}列",
            f"含有{code_point(found.group())}，YAML 会把它当作换行",
            "删除它（它不可见，来自从网页或 Word 复制的内容）",
        )


def read_yaml(path: Path) -> Any:
    """A YAML mapping with exact decimals; one-line DataError for anything else."""
    text = read_text(path)
    _yaml_line_breaks(text, path)
    try:
        data = yaml.load(text, Loader=_DecimalLoader)
    except _ValueProblem as exc:
        mark = exc.problem_mark
        raise DataError(rel(path), f"第{mark.line + 1}行第{mark.column + 1}列", exc.problem or "值有误", exc.fix) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"第{mark.line + 1}行第{mark.column + 1}列" if mark else "?"
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        line = text.splitlines()[mark.line] if mark and mark.line < len(text.splitlines()) else ""
        fix = '删除值前的 ! 标记，或给整个值加引号（"…"）' if "constructor for the tag" in problem else _yaml_fix(line)
        raise DataError(rel(path), where, f"YAML 格式有误（{_yaml_problem(problem)}）", fix) from None
    except Exception as exc:  # e.g. a float that Decimal rejects
        raise DataError(rel(path), "", f"无法按 YAML 读取（{exc}）", "改正该值") from None
    if data is None:
        raise DataError(rel(path), "", "为空", "填写内容（见 data/README.md）")
    if not isinstance(data, dict):
        raise DataError(rel(path), "", "顶层应为“字段: 值”的映射", "按 data/README.md 的格式填写")
    return data


_YAML_PROBLEMS = (
    (re.compile(r"found character '\\t' that cannot start any token"), "含有制表符（Tab）：YAML 的缩进只能用空格"),
    (re.compile(r"found character '(.+)' that cannot start any token"), "“{0}”不能作为值的开头"),
    (re.compile(r"expected ',' or '([\]}])', but got '(.*)'"), "缺少“,”或右括号“{0}”"),
    (re.compile(r"could not determine a constructor for the tag '(.*)'"), "不支持的标记“{0}”（值前的 ! 号）"),
    (re.compile(r"found duplicate YAML directive"), "重复的 %YAML 指令"),
    (re.compile(r"expected <block end>, but found '.*'"), "缩进不一致"),
    (re.compile(r"expected chomping or indentation indicators, but found '(.*)'"), "“>”或“|”之后出现了“{0}”"),
    (re.compile(r"mapping values are not allowed here"), "此处不能出现“:”（含冒号的值要加引号）"),
    (re.compile(r"could not find expected ':'"), "缺少“:”"),
    (re.compile(r"found unexpected end of stream"), "文件在引号或括号闭合前结束"),
    (re.compile(r"did not find expected key"), "缺少键，或缩进不一致"),
    (re.compile(r"did not find expected ',' or '[\]}]'"), "缺少“,”或右括号"),
    (re.compile(r"found undefined alias '(.*)'"), "未定义的别名“{0}”"),
    (re.compile(r"expected alphabetic or numeric character, but found '(.*)'"), "“{0}”不能出现在此处"),
    (re.compile(r"found unknown escape character '(.*)'"), "未知的转义字符“{0}”"),
)


def _yaml_problem(problem: str) -> str:
    """PyYAML's reason, in Chinese where it is one of the common ones; else as the parser said it."""
    for pattern, text in _YAML_PROBLEMS:
        found = pattern.search(problem)
        if found:
            return text.format(*found.groups())
    return f"语法错误：{problem}"


_UNQUOTED_SYMBOL = re.compile(r"""(?:^|[:,{\[-])\s*(>=|<=|==|[>%@`|!&*])(?=[^"'\w]|$)""")


def _yaml_fix(line: str) -> str:
    """The fix for a YAML syntax error; an unquoted operator or % gets "quote it" with the value."""
    if "\t" in line[: len(line) - len(line.lstrip())]:
        return "把行首的制表符（Tab）换成空格，与同级的行对齐"
    found = _UNQUOTED_SYMBOL.search(line.split("#", 1)[0])
    if found:
        value = found.group(1)
        if value in (">=", "<=", "==", ">"):
            return f'给运算符加引号：op: "{value}"（或不加引号写 ≥ / ≤）；不加引号时 YAML 把 {value[0]} 当作语法'
        if value == "%":
            return '给单位加引号：unit: "%"（不加引号时 YAML 把 % 当作指令）'
        return f'给该值加引号（"…"）：不加引号时 YAML 把开头的 {value} 当作语法'
    return "改正该处的格式（缩进、缺少的“:”或引号）"


def yaml_source(path: Path) -> RawSource:
    data = read_yaml(path)
    return RawSource(rel(path), data, lambda loc: field_name(path.name, loc, data))


# --------------------------------------------------------------------------- CSV


def read_csv_rows(path: Path, columns: tuple[str, ...], required: tuple[str, ...]) -> list[tuple[int, dict[str, str]]]:
    """(row number in the file, row as dict) pairs; the header is row 1 and blank lines still count."""
    text = read_text(path)
    if "\r" in text and "\n" not in text:
        raise DataError(
            rel(path),
            "",
            "行尾只有 CR（旧式 Mac 换行），无法区分各行",
            "以标准换行重新保存（Excel：“CSV UTF-8”；编辑器：换行选 LF 或 CRLF）",
        )
    lone_cr = re.search("\r(?!\n)", text)
    if lone_cr:
        line = text[: lone_cr.start()].count("\n") + 1
        raise DataError(
            rel(path),
            f"第{line}行",
            "行内有单独的换行符（CR）：文件混用了不同的换行",
            "以标准换行重新保存（Excel：“CSV UTF-8”；编辑器：LF 或 CRLF）",
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
                f"第{start}行",
                "未加引号的单元格内有换行符（CR）：文件混用了不同的换行",
                "以标准换行重新保存（Excel：“CSV UTF-8”；编辑器：LF 或 CRLF）",
            ) from None
        raise DataError(rel(path), f"第{start}行", f"无法按 CSV 读取（{exc}）", "重新输入这一行（多余的引号或控制字符）") from None
    if not rows:
        raise DataError(rel(path), "", "为空", f"写标题行（{','.join(columns)}）和数据行")
    header = [h.strip() for h in rows[0][1]]
    for name in header:
        if name not in columns:
            raise DataError(rel(path), f"列“{name}”", "不是已知的列", f"只用 {'、'.join(column_name(path.name, c) for c in columns)}（检查拼写）")
    for name in required:
        if name not in header:
            raise DataError(rel(path), f"列“{name}”", f"缺少{column_name(path.name, name)}列", f"添加“{name}”列")
    if len(set(header)) != len(header):
        raise DataError(rel(path), "标题行", "同一列出现了两次", "每列只保留一个")
    out = []
    for lineno, row in rows[1:]:
        if len(row) != len(header):
            raise DataError(
                rel(path),
                f"第{lineno}行",
                f"有{len(row)}个单元格，但标题行有{len(header)}列",
                "每行每列一个单元格（值中含逗号时要加引号）",
            )
        out.append((lineno, {k: v.strip() for k, v in zip(header, row) if v.strip() != ""}))
    if not out:
        raise DataError(rel(path), "", "只有标题行，没有数据行", "添加数据行")
    return out


def csv_source(path: Path, name: str) -> RawSource:
    """A CSV table: rows as mappings; ``where((i, column))`` → ``row N, column C`` (file row numbers)."""
    columns, required = TABLES[name]
    rows = read_csv_rows(path, columns, required)
    numbers = [n for n, _ in rows]

    def where(loc: tuple) -> str:
        if loc and isinstance(loc[0], int):
            column = loc_text(loc[1:])
            return f"第{numbers[loc[0]]}行，{column_name(name, column)}" if column else f"第{numbers[loc[0]]}行"
        return f"{column_name(name, loc_text(loc))}列" if loc else ""

    return RawSource(rel(path), [r for _, r in rows], where)


# --------------------------------------------------------------------------- a year folder


def year_files(folder: Path) -> dict[str, Path]:
    """The data files of a year folder by name; an unknown, missing or non-regular file is an error."""
    label = rel(folder)
    if not folder.is_dir():
        parent = folder.parent
        years = sorted(p.name for p in parent.iterdir() if p.is_dir() and _is_year_name(p.name)) if parent.is_dir() else []
        fix = f"现有年度：{'、'.join(years)}" if years else f"新建 {label}/，放入 data/README.md 列出的文件"
        raise DataError(label, "", "没有这个年度文件夹", fix)
    root = folder.parent.resolve()
    if not folder.resolve().is_relative_to(root):
        raise DataError(label, "", f"是指向数据文件夹 {root} 之外的 {folder.resolve()} 的链接", "把该年度的文件放进数据文件夹本身")
    present = {p.name: p for p in folder.iterdir() if not p.name.startswith("~$")}  # ~$…: Excel's lock file of an open workbook
    known = set(REQUIRED) | set(OPTIONAL) | {"README.md"}
    spreadsheets = sorted(n for n in set(present) - known if n.lower().endswith((".xlsx", ".xlsm", ".xls", ".et")) and not n.startswith("."))
    if spreadsheets:  # before 'missing files': a misnamed workbook explains them
        raise DataError(
            f"{label}/{spreadsheets[0]}",
            "",
            "不是已知的数据文件",
            "年度工作簿应命名为 自评数据.xlsx，它代替全部 YAML/CSV 文件（python -m selfeval template 可生成）；"
            f"否则把数据存为 {'、'.join(REQUIRED + OPTIONAL)}，或把它移出年度文件夹",
        )
    if not set(present) & set(REQUIRED):
        raise DataError(label, "", "为空（没有数据文件）", f"添加 {'、'.join(REQUIRED)}，或工作簿 自评数据.xlsx（见 data/README.md）")
    for name in REQUIRED:
        if name not in present:
            raise DataError(f"{label}/{name}", "", "缺少必需的文件", "新建该文件（见 data/README.md，示例见 data/2021/）")
    if CALLS_DIR in present:  # call records: read by selfeval.analyses.calls, not here (they can be a gigabyte)
        calls_folder(folder)  # a link or a pipe in its place is refused before anything else
        if not present[CALLS_DIR].is_dir():
            problem = "是文件，但 calls 应是存放话单文件的文件夹"
            raise DataError(f"{label}/{CALLS_DIR}", "", problem, "把 calls/ 改为文件夹（见 data/README.md“calls”）")
        if "monthly.csv" in present:
            problem = "与 calls/ 同时存在，而分月计数由 calls/ 的话单得出"
            raise DataError(f"{label}/monthly.csv", "", problem, "删除 monthly.csv（或删除 calls/，改用分月计数）")
        known.add(CALLS_DIR)
    for name in sorted(set(present) - known):
        if not name.startswith("."):
            raise DataError(f"{label}/{name}", "", "不是已知的数据文件", f"改名为 {'、'.join(OPTIONAL)} 之一，或把它移出年度文件夹")
    return {name: path for name, path in present.items() if name in set(REQUIRED) | set(OPTIONAL)}


def data_files_in(folder: Path) -> list[str]:
    """The names of the YAML/CSV data files a year folder holds (a workbook year holds none)."""
    return sorted(p.name for p in folder.iterdir() if p.name in set(REQUIRED) | set(OPTIONAL))


def read_year(folder: Path) -> dict[str, RawSource]:
    """Every data file of a year folder, read but not validated, keyed by file name.

    A year folder holds either the workbook 自评数据.xlsx or the YAML/CSV files, never both.
    """
    workbook = folder / WORKBOOK_NAME
    if workbook.is_file() or workbook.is_symlink():
        others = data_files_in(folder)
        if others:
            raise DataError(
                rel(folder),
                "",
                f"同时有 {WORKBOOK_NAME} 和 {'、'.join(others)}",
                f"年度数据只保留一种来源：把 {'、'.join(others)} 移出文件夹，或把 {WORKBOOK_NAME} 移出",
            )
        read_bytes(workbook)  # a regular file inside the data root: not a link elsewhere, not a pipe
        from .workbook import read_workbook  # its checks import the field types (pydantic): not for the build's up-to-date check

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
    """The files of a year's ``calls/`` folder (call records and their column map), for digests and
    provenance; checked by ``lstat`` only (:func:`calls_entries`) — records can be a gigabyte, and their
    content is read by DuckDB (selfeval.analyses.calls), never here."""
    calls = folder / CALLS_DIR
    if not os.path.lexists(calls):
        return []
    return calls_entries(calls)


CALLS_SKIPPED = ("README.md",)  # in calls/ besides hidden files: never read, never hashed


def _lstat(path: Path) -> os.stat_result:
    try:
        return os.lstat(path)
    except OSError as exc:
        raise DataError(rel(path), "", f"无法读取（{exc.strerror or exc}）", "检查该文件是否存在、是否可读") from None


def calls_folder(year_folder: Path) -> Path:
    """``<year>/calls`` when it is a real folder. A link (to a folder anywhere on the machine), a pipe or a
    file in its place is refused before anything in it is opened: the records are read and published
    only from the data folder itself."""
    calls = year_folder / CALLS_DIR
    info = _lstat(calls)
    if stat.S_ISLNK(info.st_mode):
        raise DataError(
            rel(calls), "", "是符号链接：通话记录只从数据文件夹本身读取，不跟随链接", "把通话记录文件复制到年度文件夹中真实的 calls/ 文件夹里（不要用链接）"
        )
    if not stat.S_ISDIR(info.st_mode) and not stat.S_ISREG(info.st_mode):
        raise DataError(rel(calls), "", "不是文件夹（是命名管道、设备或套接字）", "calls/ 应是存放通话记录文件的文件夹（见 data/README.md 的 calls 一节）")
    return calls


def calls_entries(calls: Path) -> list[Path]:
    """Every entry of a ``calls/`` folder that is read (all but hidden files and README.md), in name
    order, each a regular file by ``lstat``: a symbolic link (to /etc/passwd, to records outside the
    data folder, or even to a file beside it), a named pipe, a device, a socket or a sub-folder is
    refused up front, by name, without opening it — so no error can quote a file the build should not read."""
    calls_folder(calls.parent)
    out = []
    for p in sorted(calls.iterdir()):
        if p.name.startswith(".") or p.name in CALLS_SKIPPED:
            continue
        info = _lstat(p)
        if stat.S_ISLNK(info.st_mode):
            raise DataError(rel(p), "", "是符号链接：通话记录只读取数据文件夹中的普通文件，不跟随链接", "把文件本身复制到 calls/ 里（不要用链接）")
        if stat.S_ISDIR(info.st_mode):
            raise DataError(rel(p), "", "是 calls/ 里的子文件夹", "把每个通话记录文件直接放在 calls/ 里")
        if not stat.S_ISREG(info.st_mode):
            raise DataError(rel(p), "", "不是普通文件（是命名管道、设备或套接字），不会被打开", "换成通话记录文件本身（.csv、.csv.gz 或 .parquet）")
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
    "calls_entries",
    "calls_folder",
    "data_files_in",
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
