"""Charts of several years: the total score by year, and each indicator over the years (small multiples).

Drawn from plain year points (:class:`~selfeval.analyses.compare.TotalPoint`,
:class:`~selfeval.analyses.compare.IndicatorPoint`), so the chapter 与上年度对比 (points from the
evaluations) and the landing page (points stored in each year's manifest) draw the same chart
from the same figures. Floats only here, for drawing; every printed figure is a label made
from the exact Decimal. Reference lines (the 优 threshold, the 年度指标值) have legend entries.
"""

from __future__ import annotations

import altair as alt

from ..analyses.compare import IndicatorPoint, TotalPoint
from ..evaluation.scoring import GRADES
from ..figures import pct, plain, score
from .charts import MET, MISSED, NEUTRAL, TARGET, rows_data

GRADE_LINE = f"优等级线（{plain(next(floor for floor, name in GRADES if name == '优'))}分）"
VALUE, TARGET_SERIES = "完成值", "年度指标值"


def total_chart(points: list[TotalPoint]) -> alt.TopLevelMixin | None:
    """自评总分 by year with its grade, and the 优 threshold as a dashed reference line; None for one year.

    The axis runs from 0 to the full 100 points: a truncated axis made a 2-point change look like a
    collapse. The printed labels carry the exact totals."""
    if len(points) < 2:
        return None
    threshold = next(floor for floor, name in GRADES if name == "优")
    df = rows_data([{"年度": str(p.year), "自评总分": float(p.total), "标签": f"{score(p.total)}（{p.grade}）", "系列": "自评总分"} for p in points])
    colour = alt.Color("系列:N", scale=alt.Scale(domain=["自评总分", GRADE_LINE], range=[NEUTRAL, MET]), legend=alt.Legend(title=None, orient="bottom"))
    dash = alt.StrokeDash("系列:N", scale=alt.Scale(domain=["自评总分", GRADE_LINE], range=[[1, 0], [6, 3]]), legend=alt.Legend(title=None, orient="bottom"))
    x = alt.X("年度:O", title="年度", axis=alt.Axis(labelAngle=0))
    y_scale = alt.Scale(domain=[0, 100])
    y = alt.Y("自评总分:Q", title="自评总分（分）", scale=y_scale)
    base = alt.Chart(df).encode(x=x, y=y)
    line = base.mark_line(strokeWidth=2).encode(color=colour, strokeDash=dash)
    dots = base.mark_point(filled=True, size=70, color=NEUTRAL).encode(tooltip=["年度:N", "标签:N"])
    labels = base.mark_text(dy=-12, fontSize=12, color=TARGET).encode(text="标签:N")
    rule_df = rows_data([{"分": float(threshold), "系列": GRADE_LINE}])
    rule = alt.Chart(rule_df).mark_rule(strokeWidth=1.5).encode(y=alt.Y("分:Q", title="自评总分（分）", scale=y_scale), color=colour, strokeDash=dash)
    return alt.LayerChart(layer=[rule, line, dots, labels]).properties(width=420, height=220, title="历年自评总分")


def indicator_history_chart(points: list[IndicatorPoint], columns: int = 3) -> alt.ConcatChart | None:
    """One small panel per indicator (matched by id, named as in its latest year): the reported value by
    year (dots coloured met/missed) and the 年度指标值 (dashed, a tick per year). None with fewer than two years."""
    years = sorted({p.year for p in points})
    if len(years) < 2:
        return None
    newest = [p.id for p in points if p.year == years[-1]]
    order = newest + [i for i in dict.fromkeys(p.id for p in points) if i not in newest]
    panels = []
    for ind_id in order:
        mine = sorted((p for p in points if p.id == ind_id), key=lambda p: p.year)
        panels.append(_panel(mine, years))
    return (
        alt.concat(*panels, columns=columns)
        .resolve_scale(color="shared", strokeDash="shared", fill="shared")
        .properties(title="主要绩效指标历年完成值与年度指标值（定量指标，按指标编号对应）")
    )


def _panel(mine: list[IndicatorPoint], years: list[int]) -> alt.LayerChart:
    last = mine[-1]
    rows = []
    for p in mine:
        text = pct(p.value) if p.unit == "%" else f"{plain(p.value)}{p.unit}"
        target = f"{plain(p.target)}{p.unit}"
        rows.append({"年度": str(p.year), "系列": VALUE, "数值": float(p.value), "是否达标": "达标" if p.met else "未达标", "文本": text})
        rows.append({"年度": str(p.year), "系列": TARGET_SERIES, "数值": float(p.target), "是否达标": "", "文本": target})
    df = rows_data(rows)
    x = alt.X("年度:O", title="年度", axis=alt.Axis(labelAngle=0), scale=alt.Scale(domain=[str(y) for y in years]))
    y = alt.Y("数值:Q", title=f"数值（{last.unit}）", scale=alt.Scale(zero=False, nice=True))
    colour = alt.Color("系列:N", scale=alt.Scale(domain=[VALUE, TARGET_SERIES], range=[NEUTRAL, TARGET]), legend=alt.Legend(title=None, orient="bottom"))
    dash = alt.StrokeDash("系列:N", scale=alt.Scale(domain=[VALUE, TARGET_SERIES], range=[[1, 0], [5, 3]]), legend=alt.Legend(title=None, orient="bottom"))
    base = alt.Chart(df).encode(x=x, y=y)
    value_line = base.transform_filter(alt.datum["系列"] == VALUE).mark_line(strokeWidth=2).encode(color=colour, strokeDash=dash)
    target_line = base.transform_filter(alt.datum["系列"] == TARGET_SERIES).mark_line(strokeWidth=1.5).encode(color=colour, strokeDash=dash)
    target_ticks = (
        base.transform_filter(alt.datum["系列"] == TARGET_SERIES)
        .mark_tick(thickness=2, size=14, color=TARGET)
        .encode(tooltip=[alt.Tooltip("年度:O"), alt.Tooltip("文本:N", title=TARGET_SERIES)])
    )
    dots = (
        base.transform_filter(alt.datum["系列"] == VALUE)
        .mark_point(filled=True, size=60, opacity=1, stroke=NEUTRAL, strokeWidth=1)
        .encode(
            fill=alt.Fill("是否达标:N", scale=alt.Scale(domain=["达标", "未达标"], range=[MET, MISSED]), legend=alt.Legend(title=None, orient="bottom")),
            tooltip=[alt.Tooltip("年度:O"), alt.Tooltip("文本:N", title=VALUE), alt.Tooltip("是否达标:N")],
        )
    )
    return alt.LayerChart(layer=[value_line, target_line, target_ticks, dots]).properties(width=170, height=110, title=alt.Title(last.name, fontSize=12))
