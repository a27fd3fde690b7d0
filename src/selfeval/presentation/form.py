"""The 项目支出绩效自评表 as a layout model: rows of cells on the official 9-column grid.

One model, several renderings that therefore cannot diverge: the book's HTML table, the
.xlsx the unit files (:mod:`selfeval.office.form_xlsx`) and the Word table of the report
(:mod:`selfeval.office.report_docx`). A cell carries exactly the text the form prints, its
colspan/rowspan, its kind (a heading, a short centred cell, a figure, a long text), and where
it prints a number, the exact figure and the spreadsheet number format that prints it as
that same text, so a spreadsheet stores 94.07% as the number 0.9407, not as text. A cell that
adds up others carries its ``role`` (an item's score or weight, the total, the grade), so that
a spreadsheet can write the sum as a formula over the cells it adds; the grid itself holds no
formula. Under the table, the sign-off row (填报人, 联系电话, 填报日期, 单位（盖章）): the data's
values, or blank lines to fill in by hand.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Literal

from ..evaluation.indicators import target_text
from ..evaluation.results import BUDGET_NAME, Evaluation
from ..figures import amount, pct, plain, score, stored_share
from . import narrate
from .score_summary import BUDGET_KEY

__all__ = [
    "BLANK_DATE",
    "FormCell",
    "FormGrid",
    "FormTable",
    "Placed",
    "SignOffItem",
    "check_cell_lengths",
    "form_grid",
    "number_format_for",
    "sign_off_items",
]

Kind = Literal["label", "cell", "figure", "text", "side", "total"]
# what a cell is, for a spreadsheet's formulas: an item's (budget or indicator) value, score or
# weight, the total score and the total weight (their sums), the grade (from the total)
Role = Literal["", "value", "score", "weight", "total", "total_weight", "grade"]
BLANK_DATE = "____年__月__日"  # a date left to fill in by hand (cover, sign-off row)
COLUMNS = ("c-head", "c-l1", "c-l2", "c-name", "c-target", "c-value", "c-weight", "c-score", "c-text")
WIDTH = len(COLUMNS)


@dataclass(frozen=True)
class FormCell:
    """One cell of the form.

    ``kind``: ``label`` a heading (HTML ``th``); ``cell`` a short centred text; ``figure`` a
    number column's cell (a figure, or a text such as ≥95% or 基本及时); ``text`` a long
    left-aligned text; ``side`` the empty side column of the indicator block, under its
    heading 绩效指标; ``total`` a cell of the 总分 row (the total weight, the total score, the grade).
    """

    text: str
    kind: Kind = "cell"
    colspan: int = 1
    rowspan: int = 1
    figure: Decimal | None = None  # the number the cell prints, exact: 94.07 for 94.07%, 13410.06 for 13,410.06
    number_format: str | None = None  # spreadsheet format that prints ``figure`` as ``text``: 0.00%, #,##0.00
    role: Role = ""
    key: str = ""  # a score's or a weight's item: the indicator id, or the budget's key (score_summary.BUDGET_KEY)

    @property
    def tag(self) -> str:
        return "th" if self.kind == "label" else "td"

    @property
    def css(self) -> str:
        return {"figure": "num", "text": "text", "side": "form-side", "total": "total"}.get(self.kind, "")

    @property
    def stored(self) -> Decimal | None:
        """What a spreadsheet stores: a percentage as its share (94.07% → 0.9407), else the figure."""
        if self.figure is None:
            return None
        return stored_share(self.figure) if self.number_format and self.number_format.endswith("%") else self.figure


@dataclass(frozen=True)
class FormTable:
    """One HTML table of the form: ``head`` rows repeat on every printed page (``<thead>``)."""

    css: str
    head: tuple[tuple[FormCell, ...], ...]
    body: tuple[tuple[FormCell, ...], ...]


@dataclass(frozen=True)
class Placed:
    row: int  # 0-based, over all the form's rows in print order
    col: int  # 0-based, on the 9-column grid
    cell: FormCell

    @property
    def last_row(self) -> int:
        return self.row + self.cell.rowspan - 1

    @property
    def last_col(self) -> int:
        return self.col + self.cell.colspan - 1


@dataclass(frozen=True)
class SignOffItem:
    """One entry of the sign-off row: its label and the data's value, or ``blank`` when not given."""

    label: str  # 填报人
    value: str  # 张三; '' when the data gives none
    blank: str  # what is printed to fill in by hand: a line of underscores, or ____年__月__日

    @property
    def text(self) -> str:
        return self.value or self.blank


@dataclass(frozen=True)
class FormGrid:
    year: int
    title: str  # 项目支出绩效自评表
    year_label: str  # （2021年度）
    unit_label: str  # 单位：万元 (the data's money_unit: 单位：元 for a year kept in 元)
    tables: tuple[FormTable, ...]
    sign_off: tuple[SignOffItem, ...] = ()
    columns: tuple[str, ...] = COLUMNS

    def rows(self) -> list[tuple[FormCell, ...]]:
        """Every row in print order: each table's heading rows, then its body."""
        return [row for t in self.tables for row in (*t.head, *t.body)]

    def placed(self) -> list[Placed]:
        """Cells with their grid position, as an HTML table lays them out (row by row, skipping covered slots)."""
        covered: set[tuple[int, int]] = set()
        out: list[Placed] = []
        for r, row in enumerate(self.rows()):
            c = 0
            for cell in row:
                while (r, c) in covered:
                    c += 1
                out.append(Placed(r, c, cell))
                for dr in range(cell.rowspan):
                    for dc in range(cell.colspan):
                        covered.add((r + dr, c + dc))
                c += cell.colspan
            if c > WIDTH or any((r, k) not in covered for k in range(WIDTH)):
                raise AssertionError(f"form row {r} does not fill the {WIDTH} columns")  # a layout bug, not bad data
        return out

    def sheet_cells(self) -> list[Placed]:
        """The form as one sheet (spreadsheet, Word): the side column joins its heading 绩效指标 above
        it in one merged cell, as on the official form; everything else as :meth:`placed`."""
        placed = self.placed()
        out: list[Placed] = []
        for p in placed:
            if p.cell.kind == "side":
                continue
            below = next((s for s in placed if s.cell.kind == "side" and s.col == p.col and s.row == p.last_row + 1), None)
            if below is not None and p.cell.kind == "label" and p.cell.colspan == below.cell.colspan:
                p = Placed(p.row, p.col, FormCell(p.cell.text, "label", p.cell.colspan, p.cell.rowspan + below.cell.rowspan))
            out.append(p)
        return out

    def merges(self) -> list[tuple[int, int, int, int]]:
        """(first row, first column, last row, last column) of every cell spanning more than one slot, as :meth:`sheet_cells`."""
        return [(p.row, p.col, p.last_row, p.last_col) for p in self.sheet_cells() if p.cell.rowspan > 1 or p.cell.colspan > 1]

    def texts(self) -> list[list[str]]:
        """Each row's cell texts: for comparing forms."""
        return [[c.text for c in row] for row in self.rows()]

    def sign_off_text(self, gap: str = "　　") -> str:
        """The sign-off row as one line of text (填报人：张三　　联系电话：____ …)."""
        return gap.join(f"{item.label}：{item.text}" for item in self.sign_off)

    def cells(self) -> Iterator[FormCell]:
        for row in self.rows():
            yield from row


# --------------------------------------------------------------------------- number formats


_NUMBER_TEXT = re.compile(r"^(-?)(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?(%?)(.*)$", re.S)


def number_format_for(figure: Decimal, text: str, grouped: bool = False) -> str | None:
    """The spreadsheet format that prints ``figure`` exactly as ``text``, or None when none does.

    Derived from the printed text (grouping, decimals, %, a unit suffix such as 天), then
    checked by printing the figure with it, so a cell never shows other digits than the book.
    ``grouped``: a column of amounts, formatted with thousands separators whether or not this
    one needs them (0.00 and 13,410.06 both as #,##0.00), so the column has one format.
    """
    m = _NUMBER_TEXT.match(text)
    if not m:
        return None
    _, whole, decimals, percent, suffix = m.groups()
    if '"' in suffix or "\\" in suffix or any(ch in suffix for ch in "\r\n\t"):
        return None
    places = len(decimals or "")
    grouping = "," in whole or (grouped and _render(figure, places, True, percent, suffix) == text)
    code = ("#,##0" if grouping else "0") + ("." + "0" * places if places else "") + percent + (f'"{suffix}"' if suffix else "")
    if len(code) > 200:  # spreadsheets refuse format codes over 255 characters; a long unit stays text
        return None
    return code if _render(figure, places, grouping, percent, suffix) == text else None


def _render(figure: Decimal, places: int, grouping: bool, percent: str, suffix: str) -> str:
    """``figure`` printed as a spreadsheet prints it with the format: rounded half away from zero."""
    shown = figure.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    return format(shown, ",f" if grouping else "f") + percent + suffix


def _figure(figure: Decimal, text: str, kind: Kind = "figure", colspan: int = 1, role: Role = "", key: str = "") -> FormCell:
    fmt = number_format_for(figure, text)
    return FormCell(text, kind, colspan, figure=figure if fmt else None, number_format=fmt, role=role, key=key)


def _amount(value: Decimal, unit: str) -> FormCell:
    """An amount of money (``value`` in 万元) as the book prints it, in the data's own unit with 2
    decimals, formatted like every other amount of the form (#,##0.00); the figure is in that unit."""
    text = amount(value, unit)
    figure = Decimal(text.replace(",", ""))
    fmt = number_format_for(figure, text, grouped=True)
    return FormCell(text, "figure", figure=figure if fmt else None, number_format=fmt)


# --------------------------------------------------------------------------- the sign-off row

BLANK_LINE = "_" * 12  # a name or a number written by hand


def sign_off_items(ev: Evaluation) -> tuple[SignOffItem, ...]:
    """填报人, 联系电话, 填报日期, 单位（盖章）: from ``project.yaml`` ``sign_off`` where given, the
    填报日期 else from ``report_date``; a blank line to fill in by hand otherwise."""
    s = ev.data.project_file.sign_off
    day = (s.date if s else None) or ev.data.project.report_date
    return (
        SignOffItem("填报人", (s.preparer if s else None) or "", BLANK_LINE),
        SignOffItem("联系电话", (s.phone if s else None) or "", BLANK_LINE),
        SignOffItem("填报日期", narrate.cn_date(day) if day else "", BLANK_DATE),
        SignOffItem("单位（盖章）", (s.unit if s else None) or "", BLANK_LINE),
    )


# --------------------------------------------------------------------------- the form


def _runs(values: list) -> dict[int, int]:
    """Start index → length of each run of equal adjacent values (a repeated name later starts a new run)."""
    out: dict[int, int] = {}
    start = 0
    for i in range(1, len(values) + 1):
        if i == len(values) or values[i] != values[start]:
            out[start] = i - start
            start = i
    return out


HIERARCHY = ("一级", "二级")  # the Guangzhou form's 项目级次 checkboxes


def level_text(level: str) -> str:
    """项目级次 as the form prints it: the checkboxes '一级 ☐ 二级 ☑' for a project of the budget's
    hierarchy (三级 adds its own box); a level of government (区级, 镇级) as written."""
    if level in (*HIERARCHY, "三级"):
        names = (*HIERARCHY, "三级") if level == "三级" else HIERARCHY
        return " ".join(f"{name} {'☑' if level == name else '☐'}" for name in names)
    return level


def form_grid(ev: Evaluation) -> FormGrid:
    """项目支出绩效自评表 of a year, laid out like the official form (9 columns, merged cells)."""
    d, b = ev.data, ev.budget
    L = lambda text, **span: FormCell(text, "label", **span)  # noqa: E731
    C = lambda text, **span: FormCell(text, "cell", **span)  # noqa: E731
    budget_note = narrate.budget_deviation_cell(ev)
    top: list[tuple[FormCell, ...]] = [
        (L("项目名称"), C(d.project.form_name or d.project.name, colspan=5), L("项目级次"), C(level_text(d.project.level), colspan=2)),
        (L("主管部门"), C(d.project.department, colspan=3), L("实施单位", colspan=2), C(d.project.implementer, colspan=3)),
        (
            L(f"项目资金\n（{b.unit}）", rowspan=2 + len(b.lines) + (budget_note is not None)),
            L("资金来源", colspan=3),
            L("年度预算数"),
            L("预算完成数"),
            L("分值"),
            L(BUDGET_NAME),
            L("得分"),
        ),
        (
            C("总额", colspan=3),
            _amount(b.budget, b.unit),
            _amount(b.executed, b.unit),
            _figure(b.weight, plain(b.weight), role="weight", key=BUDGET_KEY),
            _figure(b.rate, pct(b.rate), role="value", key=BUDGET_KEY),
            _figure(b.score, score(b.score), role="score", key=BUDGET_KEY),
        ),
    ]
    for n, line in enumerate(b.lines):
        label = ("其中：" if n == 0 else "") + line.label
        top.append((C(label, colspan=3), _amount(line.budget, b.unit), _amount(line.executed, b.unit), C("", colspan=3)))
    if budget_note is not None:  # the 预算完成率 row's 偏差原因分析及改进措施 (below 100%, or the analyst wrote one)
        top.append((L("偏差原因分析及改进措施", colspan=3), FormCell(budget_note, "text", colspan=5)))
    top.append((L("绩效目标\n情况（概述）", rowspan=2), L("年度预期绩效目标", colspan=4), L("目标实际完成情况", colspan=4)))
    top.append((FormCell(narrate.project_text(ev, "goal"), "text", colspan=4), FormCell(narrate.goal_achieved(ev), "text", colspan=4)))

    items = ev.form_items()
    head = (
        tuple(
            L(t) for t in ("绩效指标", "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成指标值", "分值（权重）", "自评得分", "偏差原因分析及改进措施")
        ),
    )
    l1_runs = _runs([i.indicator.level1 for i in items])
    l2_runs = _runs([(i.indicator.level1, i.indicator.level2) for i in items])
    body: list[tuple[FormCell, ...]] = []
    for n, it in enumerate(items):
        ind = it.indicator
        cells: list[FormCell] = []
        if n == 0:
            cells.append(FormCell("", "side", rowspan=len(items)))
        if n in l1_runs:
            cells.append(C(ind.level1, rowspan=l1_runs[n]))
        if n in l2_runs:
            cells.append(C(ind.level2, rowspan=l2_runs[n]))
        reported = it.value.reported
        cells += [
            C(ind.name),
            FormCell(target_text(ind), "figure"),
            _figure(reported, it.value.reported_text, role="value", key=ind.id)
            if reported is not None
            else FormCell(it.value.reported_text, "figure", role="value", key=ind.id),
            _figure(ind.weight, plain(ind.weight), role="weight", key=ind.id),
            _figure(it.score.score, score(it.score.score), role="score", key=ind.id),
            FormCell(narrate.deviation_cell(ev, it), "text"),
        ]
        body.append(tuple(cells))
    body.append((L("存在问题"), FormCell(narrate.problems_cell(ev), "text", colspan=8)))
    body.append((L("改进措施"), FormCell(narrate.measures_cell(ev), "text", colspan=8)))
    # 总分 under the 分值 and 自评得分 columns, the grade in its own cell beside them (a form that does
    # not total 100 says first what the grade is read from: 本表满分40分，折合百分制99.55分)
    scale = f"（{narrate.scale_note(ev)}）" if ev.partial_form else ""
    body.append(
        (
            L("总分", colspan=6),
            _figure(ev.total_weight, plain(ev.total_weight), "total", role="total_weight"),
            _figure(ev.total, score(ev.total), "total", role="total"),
            FormCell(f"{scale}{GRADE_LABEL}{ev.grade}", "total", role="grade"),
        )
    )
    return FormGrid(
        year=ev.year,
        title="项目支出绩效自评表",
        year_label=f"（{ev.year}年度）",
        unit_label=f"单位：{b.unit}",
        tables=(FormTable("form-top", (), tuple(top)), FormTable("form-indicators", head, tuple(body))),
        sign_off=sign_off_items(ev),
    )


GRADE_LABEL = "自评等级："  # the grade cell prints this, then the grade


# --------------------------------------------------------------------------- cells that fit a spreadsheet


def check_cell_lengths(ev: Evaluation) -> None:
    """DataError when a cell of the 自评表 is longer than one .xlsx cell holds (32,767 characters).

    Every text field is at most that long (:data:`~selfeval.contract.fieldtypes.MAX_TEXT`), but some
    cells join several (偏差原因 + 改进措施; 目标实际完成情况 with every indicator's value; the
    measures one after the other). Such a cell is refused here, before any notebook runs, naming the
    fields it joins: the spreadsheet would otherwise cut it silently while the book and the .docx keep it.
    """
    from ..contract.fieldtypes import MAX_TEXT
    from ..errors import DataError

    sources: dict[str, tuple[str, tuple, str]] = {
        narrate.deviation_cell(ev, it): (
            "indicators.yaml",
            ("indicators", ev.items.index(it), "deviation_reason"),
            f"偏差原因和改进措施（{it.indicator.id}.deviation_reason + improvement）",
        )
        for it in ev.form_items()
    }
    sources[narrate.goal_achieved(ev)] = ("project.yaml", ("project", "goal_achieved"), "目标实际完成情况（project.goal_achieved）")
    sources[narrate.project_text(ev, "goal")] = ("project.yaml", ("project", "goal"), "年度预期绩效目标（project.goal）")
    sources[narrate.measures_cell(ev)] = ("prose.yaml", ("measures",), "改进措施（measures）")
    budget_note = narrate.budget_deviation_cell(ev)
    if budget_note is not None:
        sources[budget_note] = ("budget.yaml", ("deviation_reason",), "执行偏差原因与执行改进措施（deviation_reason + improvement）")
    sources[narrate.problems_cell(ev)] = ("indicators.yaml", ("indicators",), "未达标指标的三级指标名称（indicators）")
    for p in form_grid(ev).sheet_cells():
        text = p.cell.text
        if len(text) > MAX_TEXT:
            name, loc, field = sources.get(p.cell.text, ("indicators.yaml", (), "自评表"))
            file, where = ev.data.place(name, loc, field)
            raise DataError(
                file,
                where,
                f"写入自评表的这一格共 {len(text):,} 个字符，超过 {MAX_TEXT:,}（Excel 一个单元格的上限；.xlsx 不截断文字）",
                "缩短这些文字，使它们合起来不超过上限（细节可写进报告正文）",
            )
