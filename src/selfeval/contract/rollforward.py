"""Start a new year from the last one: ``selfeval template --year 2022 --from 2021``.

What rolls forward is written into the new workbook: the fiscal year, the year's
implementation period (项目实施时段) and the report date moved by the years between, the
上年末 counts (seats, lines) taken from last year's year-end figures, and a fiscal year named
in a text (``2021年``) written as ``{{fiscal_year}}年`` where the text takes placeholders (else
as the new year). What is the year's own result is *not* copied: each such figure
(:data:`YEAR_FIGURES`: amounts, counts, reported values, qualitative results) is left empty
and marked, with last year's value beside it as a reference (a column the reader skips, or
the 说明 column of a record sheet). Texts that describe the year are kept and marked for review.

After the analyst has filled the workbook, :func:`unchanged_figures` names every such figure
still identical to last year's (``selfeval check``): a question to confirm, not an error —
a figure can repeat (567 seats two years running), but a copied cell must not pass unseen.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from ..errors import DataError
from . import model as m
from .raw import rel
from .sources import available_years, data_files_in
from .workbook_layout import BY_FILE, WORKBOOK_NAME
from .workbook_template import Rolled, value_at, write_template, year_files_content

# The year's own figures: never carried over, always asked for again. (file, field path); in a
# table file the path is inside each row (indicators.yaml: inside each indicator).
YEAR_FIGURES: dict[str, tuple[tuple[str, ...], ...]] = {
    "funding.csv": (("budget",), ("executed",), ("initial_budget",)),
    "budget.yaml": (("allocated",),),
    "indicators.yaml": (("numerator", "value"), ("denominator", "value"), ("value",), ("reported_text",), ("scoring", "band"), ("scoring", "score")),
    "operations.yaml": (
        ("service_volume",),
        ("seats", "total"),
        ("seats", "full_outsourced"),
        ("seats", "half_outsourced"),
        ("agents",),
        ("lines", "total"),
        ("lines", "districts"),
        ("lines", "departments"),
        ("lines", "merged_this_year"),
    ),
    "monthly.csv": (("calls_offered",), ("calls_answered",), ("service_volume",)),
}
# 上年末 figures: this year's starting point is last year's year-end figure
CARRIED: dict[str, tuple[tuple[tuple[str, ...], tuple[str, ...]], ...]] = {
    "operations.yaml": ((("seats", "prior_year_total"), ("seats", "total")), (("lines", "prior_year_total"), ("lines", "total"))),
}
# Texts that describe the year: kept as a draft, marked for review
YEAR_TEXTS: dict[str, tuple[tuple[str, ...], ...]] = {
    "project.yaml": (("project", "goal_achieved"), ("contract", "signed"), ("project", "report_date")),
    "indicators.yaml": (("deviation_reason",), ("improvement",)),
}
# Fields that take {{placeholders}} (presentation.narrate.check_all_prose fills them)
PLACEHOLDER_FIELDS: dict[str, tuple[tuple[str, ...], ...] | None] = {
    "prose.yaml": None,  # every field
    "project.yaml": (("project", "goal"), ("project", "goal_achieved")),
    "indicators.yaml": (("deviation_reason",), ("improvement",)),
}
ROW_KEYS = {"funding.csv": "source", "monthly.csv": "month", "indicators.yaml": "id"}


def _pop(data: Any, path: tuple[str, ...]) -> Any:
    parent = value_at(data, path[:-1]) if len(path) > 1 else data
    return parent.pop(path[-1], None) if isinstance(parent, dict) else None


def _put(data: dict, path: tuple[str, ...], value: Any) -> None:
    for key in path[:-1]:
        data = data.setdefault(key, {})
    data[path[-1]] = value


def _rows(name: str, content: Any) -> list[dict] | None:
    """The rows of a table file (indicators inside indicators.yaml), else None."""
    if name == "indicators.yaml":
        return content.get("indicators", []) if isinstance(content, dict) else []
    return content if isinstance(content, list) else None


def _records(name: str, content: Any) -> Iterator[tuple[int | None, dict]]:
    rows = _rows(name, content)
    if rows is None:
        yield None, content
    else:
        yield from enumerate(rows)


def _shift(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February into a common year
        return day.replace(year=day.year + years, day=28)


def _year_words(text: str, old: int, new: str) -> str:
    """``2021年`` → ``new年`` where 2021 stands alone (not inside 〔2021〕 or 12021)."""
    return re.sub(rf"(?<![0-9〔\[(（]){old}(?=年)", new, text)


def _texts(name: str, content: Any, old: int, new: int, rolled: Rolled) -> None:
    """A fiscal year named in a text rolls forward: ``{{fiscal_year}}`` where the field takes placeholders."""
    placeholders = PLACEHOLDER_FIELDS.get(name, ())
    for row, record in _records(name, content):
        for path, value in _strings(record, ()):
            takes = placeholders is None or path in (placeholders or ()) or path[:1] in (placeholders or ())
            rolled_text = _year_words(value, old, "{{fiscal_year}}" if takes else str(new))
            if rolled_text != value:
                _put_text(record, path, rolled_text)
                rolled.to_review.add((name, row, path[:1] if isinstance(path[-1], int) else path))


def _strings(data: Any, path: tuple) -> Iterator[tuple[tuple, str]]:
    if isinstance(data, str):
        yield path, data
    elif isinstance(data, dict):
        for k, v in data.items():
            yield from _strings(v, (*path, k))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            yield from _strings(v, (*path, i))


def _put_text(data: Any, path: tuple, value: str) -> None:
    for key in path[:-1]:
        data = data[key]
    data[path[-1]] = value


def roll_forward(source: m.YearData, year: int) -> Rolled:
    """The files of ``year`` as rolled forward from ``source`` (a validated earlier year)."""
    previous = year_files_content(source)
    files = year_files_content(source)
    years = year - source.year
    rolled = Rolled(files, previous, source.year)
    project = files["project.yaml"]
    project["fiscal_year"] = year
    yp = project["contract"]["year_period"]
    yp["start"], yp["end"] = _shift(yp["start"], years), _shift(yp["end"], years)
    if "report_date" in project.get("project", {}):
        project["project"]["report_date"] = _shift(project["project"]["report_date"], years)
    for name, pairs in CARRIED.items():
        content = files.get(name)
        for target, origin in pairs:
            value = value_at(previous.get(name), origin)
            if content is not None and value is not None:
                _put(content, target, value)
    for name, paths in YEAR_FIGURES.items():
        content = files.get(name)
        if content is None:
            continue
        for row, record in _records(name, content):
            for path in paths:
                if _pop(record, path) is not None:
                    rolled.to_fill.add((name, row, path))
    for name, content in files.items():
        if name != "review.yaml":  # the review marks name phrases of last year's texts, as they were
            _texts(name, content, source.year, year, rolled)
    for name, paths in YEAR_TEXTS.items():
        for row, record in _records(name, files.get(name)):
            for path in paths:
                if value_at(record, path) is not None:
                    rolled.to_review.add((name, row, path))
    return rolled


def write_year_template(data: Path, year: int, source_year: int | None, out: str | None, force: bool) -> list[str]:
    """Write ``data/<year>/自评数据.xlsx`` (or ``out``), empty or rolled forward; the lines to print."""
    from .load import load_year

    folder = data / str(year)
    target = Path(out).absolute() if out else folder / WORKBOOK_NAME
    if not out and folder.is_dir():
        others = data_files_in(folder)
        if others:
            raise DataError(
                rel(folder),
                "",
                f"已有 {'、'.join(others)}；一个年度文件夹只能放这些文件或 {WORKBOOK_NAME} 之一",
                "用 --out 文件 把工作簿写到别处（再把 YAML/CSV 文件移出、工作簿移入），或换一个 --year",
            )
    if source_year is not None and source_year >= year:
        raise DataError("--from", "", f"{source_year}年度不早于{year}年度", "用 --from 指定较早的年度，如上一年度")
    rolled = roll_forward(load_year(data / str(source_year)), year) if source_year is not None else None
    write_template(target, year, rolled=rolled, overwrite=force)
    data_arg = f" --data {rel(data)}" if rel(data) != "data" else ""
    lines = [f"已写入 {rel(target)}"]
    if rolled is not None:
        lines.append(
            f"由{source_year}年度结转：年度、实施时段已顺延；黄色单元格（{len(rolled.to_fill)}个）须填写{year}年度的数值，旁边列出上年数值供参考；"
            f"橙色单元格（{len(rolled.to_review)}个）为沿用的文字，请复核"
        )
    lines.append(
        f"检查：python -m selfeval score --year {year}{data_arg}；核对文字与上年相同的数字：python -m selfeval check --year {year}{data_arg}"
        f"；生成：make book YEAR={year}"
    )
    return lines


# --------------------------------------------------------------------------- after filling: figures identical to last year's


def unchanged_figures(data: m.YearData, previous: m.YearData) -> list[str]:
    """Each year figure (:data:`YEAR_FIGURES`) equal to last year's, as a question naming its place."""
    now, then = year_files_content(data), year_files_content(previous)
    out = []
    for name, paths in YEAR_FIGURES.items():
        if name not in now or name not in then:
            continue
        key = ROW_KEYS.get(name)
        before = {value_at(r, (key,)): r for _, r in _records(name, then[name])} if key else {None: then[name]}
        for row, record in _records(name, now[name]):
            old = before.get(value_at(record, (key,)) if key else None)
            for path in paths:
                value = value_at(record, path)
                if value is None or old is None or value_at(old, path) != value or _zero(value):
                    continue  # (a 0 again, a fund source or a count that stays empty, is not a sign of a copied cell)
                loc = (*(("indicators", row) if name == "indicators.yaml" else (row,) if row is not None else ()), *path)
                label = BY_FILE[name].field_for_path(path)
                what = f"{label.label}（{'.'.join(path)}" + (f"，{key} {value_at(record, (key,))}" if key else "") + "）" if label else ".".join(path)
                file, where = data.place(name, loc, what)
                place = where if where == what else f"{where}（{what}）"
                out.append(f"{file}：{place}：与{previous.year}年度相同（{value}），是否确为{data.year}年度的数值？——确认无误可不改")
    return out


def _zero(value: object) -> bool:
    try:
        return Decimal(str(value)) == 0
    except (InvalidOperation, ValueError):
        return False


def same_as_last_year(data_dir: Path, data: m.YearData) -> list[str]:
    """:func:`unchanged_figures` against the latest earlier year in ``data_dir`` (none: nothing to ask)."""
    from .load import load_year

    earlier = [y for y in available_years(data_dir) if y < data.year]
    return unchanged_figures(data, load_year(data_dir / str(max(earlier)))) if earlier else []
