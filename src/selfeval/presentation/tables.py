"""HTML tables of the book: indicator table, score table, funding table, the 自评表 form.

Tables are built as HTML (not DataFrame reprs) so that the HTML book and the PDF show the
same real tables with merged cells; every cell text is escaped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING

from ..analyses.history import YearVolume
from ..analyses.monthly import monthly_rates
from ..evaluation.indicators import target_text
from ..evaluation.results import Evaluation
from ..figures import amount, month_label, pct, plain, round_fraction, score, wan
from . import narrate
from .capacity_text import SOURCE_LABELS, assumption_rows
from .form import form_grid
from .html_templates import render
from .score_summary import score_rows

if TYPE_CHECKING:
    import pandas


@dataclass(frozen=True)
class Cell:
    """A body cell: its text, whether it is a figure (right-aligned), its row span and an extra class."""

    text: str
    num: bool = False
    rowspan: int = 1
    colspan: int = 1
    css: str = ""  # "missed": a 否 in a 是否达标 column, highlighted; "text": a name after a merged cell
    key: bool = False  # the row's name: stays in view while a wide table scrolls sideways on a phone

    @property
    def classes(self) -> str:
        return " ".join(c for c in ("num" if self.num else "", self.css, "key" if self.key else "") if c)


@dataclass(frozen=True)
class Row:
    cells: tuple[Cell, ...]
    css: str = ""  # "sum": a 小计 or 总分 row, in bold


# a figure as the book prints it: a sign, an operator, digits (grouped), decimals, a count of a
# count (6/7), a short unit (%, 万元, 个百分点, 件 …); not a sentence
_FIGURE = re.compile(r"^[+\-−]?[≥≤=]?\d[\d,]*(?:\.\d+)?(?:/\d+)?[^\d\s，。；、：（）()/]{0,5}$")
_EMPTY = ("", "—")


def is_figure(text: str) -> bool:
    return bool(_FIGURE.match(text))


def figure_columns(rows: list[list[str]]) -> list[bool]:
    """Which columns hold figures: those where most filled cells are figures (a 优 or 新增指标 among
    scores stays aligned with them)."""
    width = max((len(r) for r in rows), default=0)
    out = []
    for c in range(width):
        filled = [r[c] for r in rows if c < len(r) and r[c] not in _EMPTY]
        out.append(bool(filled) and 2 * sum(map(is_figure, filled)) > len(filled))
    return out


def html_table(head: list[str], rows: list[list[str]] | list[Row], css: str = "selfeval", caption: str = "", key: int = 0) -> str:
    """A table of text cells: figure columns right-aligned (plain rows), or rows laid out by the caller.

    ``key``: the column that names a row (its heading and, in plain rows, its cells are marked),
    kept in view while the table scrolls sideways on a phone."""
    if rows and not isinstance(rows[0], Row):
        plain_rows: list[list[str]] = rows
        numeric = figure_columns(plain_rows)
        rows = [Row(tuple(Cell(text, numeric[c], key=c == key) for c, text in enumerate(r))) for r in plain_rows]
    return render("table.html.j2", head=head, rows=rows, css=css, caption=caption, key=key)


def _met_cell(met: bool) -> Cell:
    """是 / 否 of a 是否达标 column, 否 highlighted."""
    return Cell("是") if met else Cell("否", css="missed")


def cell_text(value: object) -> str:
    """A DataFrame value as the report prints it: exact Decimals as they are, 是/否, — for missing."""
    if value is None or (not isinstance(value, (str, bytes, Decimal, Fraction)) and _is_missing(value)):
        return "—"
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, Fraction):
        return format(round_fraction(value, 4), "f")  # an unrounded value, shown to 4 decimals
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)


def _is_missing(value: object) -> bool:
    import pandas as pd  # where a DataFrame's cells are shown (pandas is then imported already); not on every chapter's path

    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def frame_table(df: pandas.DataFrame, headers: list[str] | None = None, caption: str = "", css: str = "selfeval") -> str:
    """A DataFrame as the book's table (same class as the package's tables): every cell is text.

    ``headers`` replaces the column names (same count); the index is not shown. Number
    columns (and exact Decimal/Fraction values) are right-aligned as figures.
    """
    names = [str(c) for c in df.columns] if headers is None else [str(h) for h in headers]
    if len(names) != len(df.columns):
        raise ValueError(f"表头：给了{len(names)}个，但表格有{len(df.columns)}列——修改：每列给一个表头")
    numeric = [str(t).lower().startswith(("int", "uint", "float")) for t in df.dtypes]
    rows = [
        [(cell_text(v), numeric[i] or (isinstance(v, (Decimal, Fraction)) and not isinstance(v, bool))) for i, v in enumerate(values)]
        for values in df.itertuples(index=False, name=None)
    ]
    return render("frame.html.j2", head=names, rows=rows, css=css, caption=caption)


def indicator_table(ev: Evaluation) -> str:
    """项目主要绩效指标数量一览表: 序号, 指标, 年度指标值, 指标完成情况, 是否达标 (否 highlighted)."""
    rows = [
        Row((Cell(str(n)), Cell(it.indicator.name, key=True), Cell(target_text(it.indicator), True), Cell(narrate.indicator_detail(it, ev)), _met_cell(it.met)))
        for n, it in enumerate(ev.items, start=1)
    ]
    head = ["序号", "项目主要绩效指标", "年度指标值(达到)", "指标完成情况", "是否达标"]
    return html_table(head, rows, caption="项目主要绩效指标数量一览表", key=1)


def score_table(ev: Evaluation) -> str:
    """Scores per item with 一级指标 subtotals and the total, in 自评表 order; each 类别 one merged
    cell over its rows, the 小计, 总分 and 自评等级 rows in bold."""
    summary = score_rows(ev)
    rows = []
    for n, r in enumerate(summary):
        span = 1
        while n + span < len(summary) and summary[n + span].group == r.group:
            span += 1
        first = n == 0 or summary[n - 1].group != r.group
        weight = Cell(plain(r.weight) if r.weight is not None else "", True)
        result = Cell(score(r.score) if r.score is not None else r.grade, True)
        if r.kind in ("total", "grade"):  # 总分, 自评等级: one label over 类别 and 指标, kept in view on a phone
            cells: tuple[Cell, ...] = (Cell(r.group, colspan=2, key=True), Cell(r.value, True), weight, result)
        else:
            cells = ((Cell(r.group, rowspan=span),) if first else ()) + (Cell(r.name, css="text", key=True), Cell(r.value, True), weight, result)
        rows.append(Row(cells, "" if r.kind == "item" else "sum"))
    return html_table(["类别", "指标", "实际完成值", "分值", "得分"], rows, caption="绩效自评得分", key=1)


def funding_table(ev: Evaluation) -> str:
    """项目资金执行情况, amounts in the data's own unit (万元 or 元) with 2 decimals."""
    b = ev.budget
    rows = [["总额", amount(b.budget, b.unit), amount(b.executed, b.unit), pct(b.rate)]]
    rows += [[line.label, amount(line.budget, b.unit), amount(line.executed, b.unit), pct(line.rate) if line.rate is not None else "—"] for line in b.lines]
    return html_table(["资金来源", f"年度预算数（{b.unit}）", f"预算完成数（{b.unit}）", "执行率"], rows, caption="项目资金执行情况")


def self_eval_form(ev: Evaluation) -> str:
    """项目支出绩效自评表, laid out like the official form (9 columns, merged cells), from the one layout grid."""
    return render("form.html.j2", grid=form_grid(ev))


def assumptions_table(result) -> str:
    """The capacity model's inputs: value, where it came from (假设 = default), basis ('' without a model)."""
    if result is None:
        return ""
    body = [[r.label, r.value, SOURCE_LABELS.get(r.source, r.source), r.basis] for r in assumption_rows(result)]
    return html_table(["参数", "取值", "来源", "依据"], body, caption="容量测算参数（“假设”为未在数据中给出、采用默认值的参数）")


def monthly_table(data) -> str:
    """Monthly counts and 接通率 ('' when the year has no monthly series)."""
    rates = monthly_rates(data)
    if not rates:
        return ""
    body = [
        Row((Cell(month_label(r.month), key=True), Cell(str(r.calls_offered), True), Cell(str(r.calls_answered), True), Cell(r.text, True), _met_cell(r.met)))
        for r in rates
    ]
    return html_table(["月份", "呼入数（次）", "接通数（次）", "接通率", "是否达标"], body, caption="月度话务接通率")


def history_table(history: list[YearVolume]) -> str:
    """年度服务量: volume, contracted volume, multiple and growth per year."""
    rows = [
        [
            str(h.year),
            wan(h.volume),
            wan(h.contracted) if h.contracted else "—",
            f"{h.multiple}倍" if h.multiple is not None else "—",
            f"{h.growth}%" if h.growth is not None else "—",
        ]
        for h in history
    ]
    unit = history[-1].unit if history else "件"
    return html_table(["年度", f"服务量（万{unit}）", f"合同约定服务量（万{unit}）", "服务量/合同量", "同比增长"], rows, caption="年度服务量")
