"""A data file as read, before validation, whatever its format (YAML, CSV or a workbook sheet).

A RawSource is what the validator needs from any input format: a label for messages
(``data/2021/indicators.yaml``), the parsed content (a mapping for YAML-like files, a list of
row mappings for tables), and ``where``, which names a position inside the file from a
validation location (``('indicators', 1, 'target', 'value')`` → ``indicators[1] (id
answer_rate).target.value``; a table row ``(2, 'budget')`` → ``row 4, column budget``; in a
workbook, the cell ``绩效指标!F5``). Readers (:mod:`.sources`, :mod:`.workbook`) make them;
:mod:`.load` validates them, so validation and its messages are written once.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

Where = Callable[[tuple], str]


@dataclass(frozen=True)
class RawSource:
    """One data file as read: label for messages, parsed content, and how to name a position in it."""

    file: str
    data: Any  # dict for YAML-like files; list[dict[str, str]] for tables
    where: Where
    cells: bool = False  # ``where`` names spreadsheet cells: cross-file checks then name the cell too


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


_DATE_PROBLEMS = {"month must be in 1..12": "月份应在1到12之间", "day is out of range for month": "该月没有这一天", "year": "年份超出范围"}


def date_problem(exc: Exception) -> str:
    """Python's reason a date does not exist, in Chinese."""
    text = str(exc)
    return next((zh for en, zh in _DATE_PROBLEMS.items() if text.startswith(en)), text)
