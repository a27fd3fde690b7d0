"""HTML tables of the book: indicator table, score table, funding table, the 自评表 form.

Tables are built as HTML (not DataFrame reprs) so that the HTML book and the PDF show the
same real tables with merged cells; every cell text is escaped.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from itertools import groupby

import pandas as pd

from ..analyses.history import YearVolume
from ..analyses.monthly import monthly_rates
from ..evaluation.indicators import target_text
from ..evaluation.results import Evaluation
from ..figures import money, pct, plain, round_fraction, score, wan
from . import narrate
from .capacity_text import assumption_rows
from .form import form_grid
from .html_templates import render


def html_table(head: list[str], rows: list[list[str]], css: str = "selfeval", caption: str = "") -> str:
    """A plain table: every cell is text."""
    return render("table.html.j2", head=head, rows=rows, css=css, caption=caption)


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
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def frame_table(df: pd.DataFrame, headers: list[str] | None = None, caption: str = "", css: str = "selfeval") -> str:
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
    """项目主要绩效指标数量一览表: 序号, 指标, 年度指标值, 指标完成情况, 是否达标."""
    rows = [
        [str(n), it.indicator.name, target_text(it.indicator), narrate.indicator_detail(it), "是" if it.met else "否"] for n, it in enumerate(ev.items, start=1)
    ]
    return html_table(["序号", "项目主要绩效指标", "年度指标值(达到)", "指标完成情况", "是否达标"], rows, caption="项目主要绩效指标数量一览表")


def score_table(ev: Evaluation) -> str:
    """Scores per item with 一级指标 subtotals and the total, in 自评表 order."""
    rows = [["预算执行", "预算完成率", pct(ev.budget.rate), plain(ev.budget.weight), score(ev.budget.score)]]
    for level1, group in groupby(ev.form_items(), key=lambda i: i.indicator.level1):
        for it in group:
            rows.append([level1, it.indicator.name, it.value.reported_text, plain(it.indicator.weight), score(it.score.score)])
        rows.append([level1, "小计", "", plain(ev.level_weights[level1]), score(ev.subtotals[level1])])
    rows.append(["总分", "", "", plain(ev.total_weight), score(ev.total)])
    rows.append(["自评等级", "", "", "", ev.grade])
    return html_table(["类别", "指标", "实际完成值", "分值", "得分"], rows, caption="绩效自评得分")


def funding_table(ev: Evaluation) -> str:
    b = ev.budget
    rows = [["总额", money(b.budget), money(b.executed), pct(b.rate)]]
    rows += [[line.label, money(line.budget), money(line.executed), pct(line.rate) if line.rate is not None else "—"] for line in b.lines]
    return html_table(["资金来源", "年度预算数（万元）", "预算完成数（万元）", "执行率"], rows, caption="项目资金执行情况")


def self_eval_form(ev: Evaluation) -> str:
    """项目支出绩效自评表, laid out like the official form (9 columns, merged cells), from the one layout grid."""
    return render("form.html.j2", grid=form_grid(ev))


SOURCE_LABELS = {"假设": "假设", "capacity.yaml": "分析人员设定", "operations.yaml": "运营数据", "情景": "情景"}


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
    body = [[r.label, str(r.calls_offered), str(r.calls_answered), r.text, "是" if r.met else "否"] for r in rates]
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
