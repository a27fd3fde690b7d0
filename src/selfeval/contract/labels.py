"""Fields named as the analyst knows them: the workbook's and the form's names, with the
machine name in brackets — ``项目级次（project.level）``, ``目标值（indicators[1].target.value，指标 answer_rate）``.

The Chinese names come from :mod:`.workbook_layout` (the workbook's headings and items), so a
message about a YAML file and one about the workbook use the same words. Groups that are not
a column themselves (``contract.year_period``, ``target``) have their names here.
"""

from __future__ import annotations

from typing import Any

from .raw import loc_text
from .workbook_layout import SHEETS, Field

GROUPS: dict[str, dict[tuple[str, ...], str]] = {
    "project.yaml": {
        ("project",): "项目",
        ("contract",): "合同",
        ("contract", "period"): "合同期限",
        ("contract", "year_period"): "本年度实施时段",
    },
    "indicators.yaml": {
        ("target",): "目标",
        ("numerator",): "分子",
        ("denominator",): "分母",
        ("scoring",): "评分",
        ("indicators",): "绩效指标",
    },
    "budget.yaml": {("categories",): "开支内容"},
    "operations.yaml": {("seats",): "坐席", ("lines",): "专线", ("assessment",): "考核指标数"},
    "review.yaml": {("intended",): "复核记录"},
}
ROWS_KEY = {"indicators.yaml": "indicators", "review.yaml": "intended"}


def _fields(file: str) -> list[Field]:
    """Every column or item that stands for a field of ``file`` (an item may live on another file's sheet)."""
    out = []
    for sheet in SHEETS:
        for f in sheet.fields:
            if (f.file or sheet.file) == file:
                out.append(f)
    return out


def label(file: str, path: tuple) -> str | None:
    """The Chinese name of a field path inside one record of ``file`` (list positions ignored), or None."""
    names = tuple(p for p in path if isinstance(p, str))
    fields = {f.path: f.label for f in _fields(file)}
    if names in fields:
        return fields[names]
    return GROUPS.get(file, {}).get(names)


def field_name(file: str, loc: tuple, data: Any = None) -> str:
    """How a message names the position ``loc`` of ``file``: ``名称（machine.path）``, the indicator's id added."""
    machine = loc_text(loc)
    rows = ROWS_KEY.get(file)
    inner: tuple = loc
    ident = ""
    if rows and len(loc) >= 2 and loc[0] == rows and isinstance(loc[1], int):
        inner = loc[2:]
        items = data.get(rows) if isinstance(data, dict) else None
        item = items[loc[1]] if isinstance(items, list) and loc[1] < len(items) else None
        if file == "indicators.yaml":
            ident = f"，指标 {item.get('id', '?') if isinstance(item, dict) else '?'}"
    name = label(file, inner) if inner else GROUPS.get(file, {}).get((rows,) if rows else ())
    if not machine:
        return ""
    if name is None:
        return f"{machine}（{ident.lstrip('，')}）" if ident else machine
    return f"{name}（{machine}{ident}）"


def column_name(file: str, column: str) -> str:
    """A CSV column as messages name it: ``年度预算数（budget）``."""
    name = label(file, (column,))
    return f"{name}（{column}）" if name else column
