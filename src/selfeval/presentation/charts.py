"""Altair charts of the book, and their offline rendering.

Charts are built from the Evaluation (floats only here, for drawing). :func:`bundle`
turns a chart into a notebook output with two representations: ``text/html`` (a div and
a call to the locally shipped vega-embed, interactive, no network) for the HTML book, and
``image/svg+xml`` (vl-convert, vector, CJK font) for the PDF. Element ids derive from the
chart's name so executed notebooks are byte-stable.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Optional

import altair as alt
import pandas as pd

from ..analyses.history import YearVolume
from ..analyses.monthly import monthly_rates
from ..contract.crosscheck import answer_rate_indicator
from ..evaluation.results import Evaluation

FONT = "Noto Sans CJK SC, Source Han Sans SC, Microsoft YaHei, PingFang SC, sans-serif"
SVG_FONT = "Noto Sans CJK SC"
MET, MISSED, TARGET, NEUTRAL = "#2e7d32", "#c62828", "#333333", "#1f5fa8"


def _config(chart: alt.TopLevelMixin, font: str = FONT) -> alt.TopLevelMixin:
    return chart.configure(font=font).configure_axis(labelFont=font, titleFont=font, labelFontSize=12, titleFontSize=12).configure_legend(
        labelFont=font, titleFont=font
    ).configure_title(font=font, fontSize=14).configure_view(stroke=None)


def attainment_chart(ev: Evaluation) -> Optional[alt.LayerChart]:
    """Reported value against target per %-indicator: bars coloured met/missed, target ticks."""
    rows = [
        {
            "指标": it.indicator.name,
            "完成值": float(it.value.reported),
            "目标值": float(it.indicator.target.value),  # type: ignore[union-attr]
            "完成值文本": it.value.reported_text,
            "是否达标": "达标" if it.met else "未达标",
        }
        for it in ev.items
        if it.value.reported is not None and it.indicator.target.unit == "%"  # type: ignore[union-attr]
    ]
    if not rows:
        return None
    df = pd.DataFrame(rows)
    x = alt.X("完成值:Q", title="完成值（%）", scale=alt.Scale(domain=[0, 100]))  # from 0: no magnified gaps
    y = alt.Y("指标:N", sort=None, title=None, axis=alt.Axis(labelLimit=260))
    bars = alt.Chart(df).mark_bar(height=16).encode(
        x=x, y=y,
        color=alt.Color("是否达标:N", scale=alt.Scale(domain=["达标", "未达标"], range=[MET, MISSED]), legend=alt.Legend(title=None, orient="bottom")),
        tooltip=["指标", "完成值文本", "目标值", "是否达标"],
    )
    ticks = alt.Chart(df).mark_tick(color=TARGET, thickness=3, size=26).encode(x=alt.X("目标值:Q", title="完成值（%）"), y=y, tooltip=["指标", "目标值"])
    labels = alt.Chart(df).mark_text(align="right", dx=-6, color="white", fontSize=11).encode(x="完成值:Q", y=y, text="完成值文本:N")
    return alt.layer(bars, labels, ticks).properties(width=460, height=alt.Step(28), title="绩效指标完成值与目标值（黑线为目标）")


def score_chart(ev: Evaluation) -> alt.Chart:
    """Score obtained and points lost per item (budget line first), in 自评表 order."""
    items = [("预算完成率", "预算执行", ev.budget.score, ev.budget.weight)]
    items += [(it.indicator.name, it.indicator.level1, it.score.score, it.indicator.weight) for it in ev.form_items()]
    rows = []
    for name, level1, got, weight in items:
        rows.append({"指标": name, "类别": level1, "部分": "得分", "序": 0, "分值": float(got)})
        rows.append({"指标": name, "类别": level1, "部分": "扣分", "序": 1, "分值": float(weight - got)})
    df = pd.DataFrame(rows)
    return alt.Chart(df).mark_bar().encode(
        x=alt.X("sum(分值):Q", title="分值"),
        y=alt.Y("指标:N", sort=[name for name, *_ in items], title=None, axis=alt.Axis(labelLimit=260)),
        color=alt.Color("部分:N", scale=alt.Scale(domain=["得分", "扣分"], range=[NEUTRAL, MISSED]), legend=alt.Legend(title=None, orient="bottom")),
        order=alt.Order("序:Q"),
        tooltip=["类别", "指标", "部分", "分值"],
    ).properties(width=460, height=alt.Step(26), title=f"各指标得分（总分{ev.total}分）")


def level_chart(ev: Evaluation) -> alt.Chart:
    """Subtotal against weight per 一级指标 (and the budget line): where the points were lost."""
    rows = [("预算执行", ev.budget.score, ev.budget.weight)]
    for level1, subtotal in ev.subtotals.items():
        weight = sum(i.indicator.weight for i in ev.items if i.indicator.level1 == level1)
        rows.append((level1, subtotal, weight))
    df = pd.DataFrame(
        [{"类别": k, "部分": part, "序": n, "分值": float(v)} for k, got, w in rows for n, (part, v) in enumerate((("得分", got), ("扣分", w - got)))]
    )
    return alt.Chart(df).mark_bar(size=22).encode(
        x=alt.X("sum(分值):Q", title="分值"),
        y=alt.Y("类别:N", sort=[k for k, *_ in rows], title=None),
        color=alt.Color("部分:N", scale=alt.Scale(domain=["得分", "扣分"], range=[NEUTRAL, MISSED]), legend=alt.Legend(title=None, orient="bottom")),
        order=alt.Order("序:Q"),
        tooltip=["类别", "部分", "分值"],
    ).properties(width=460, height=alt.Step(30), title="按一级指标汇总的得分")


def budget_chart(ev: Evaluation) -> Optional[alt.Chart]:
    """Budget against executed amount per funding source that has money, in 万元."""
    lines = [line for line in ev.budget.lines if line.budget or line.executed]
    if not lines:
        return None
    rows = []
    for line in lines:
        rows.append({"资金来源": line.label, "项目": "年度预算数", "金额（万元）": float(line.budget)})
        rows.append({"资金来源": line.label, "项目": "预算完成数", "金额（万元）": float(line.executed)})
    df = pd.DataFrame(rows)
    return alt.Chart(df).mark_bar(height=18).encode(
        x=alt.X("金额（万元）:Q"),
        y=alt.Y("资金来源:N", title=None, sort=[line.label for line in lines], axis=alt.Axis(labelLimit=200)),
        yOffset=alt.YOffset("项目:N"),
        color=alt.Color("项目:N", scale=alt.Scale(domain=["年度预算数", "预算完成数"], range=[NEUTRAL, MET]), legend=alt.Legend(title=None, orient="bottom")),
        tooltip=["资金来源", "项目", "金额（万元）"],
    ).properties(width=420, height=alt.Step(22), title=f"预算数与完成数（万元），执行率{ev.budget.rate}%")


def volume_points(history: list[YearVolume]) -> list[dict]:
    """Floats for the chart only."""
    return [
        {
            "年度": str(h.year),
            "服务量（万件）": float(Decimal(h.volume) / 10000),
            "合同约定服务量（万件）": float(Decimal(h.contracted) / 10000) if h.contracted else None,
            "倍数": float(h.multiple) if h.multiple is not None else None,
        }
        for h in history
    ]


def volume_chart(history: list[YearVolume]) -> alt.LayerChart:
    """Service volume per year (bars) against the contracted volume (line), in 万件."""
    df = pd.DataFrame(volume_points(history))
    base = alt.Chart(df).encode(x=alt.X("年度:O", title=None, axis=alt.Axis(labelAngle=0)))
    bars = base.mark_bar(color=NEUTRAL, size=36).encode(y=alt.Y("服务量（万件）:Q", title="服务量（万件）"), tooltip=["年度", "服务量（万件）", "合同约定服务量（万件）", "倍数"])
    contract = base.mark_tick(color=MISSED, thickness=3, size=48).encode(
        y=alt.Y("合同约定服务量（万件）:Q", title="服务量（万件）"), tooltip=["年度", "合同约定服务量（万件）"]
    )
    return alt.layer(bars, contract).properties(width=420, height=260, title="年度服务量与合同约定服务量（红线）")


def spec(chart: alt.TopLevelMixin, font: str = FONT) -> dict:
    return _config(chart, font).to_dict()


def svg(chart: alt.TopLevelMixin) -> str:
    import vl_convert as vlc

    return vlc.vegalite_to_svg(spec(chart, SVG_FONT))


def bundle(chart: alt.TopLevelMixin, name: str, target: str = "book") -> tuple[dict, dict]:
    """(data, metadata) of one chart's output: see :mod:`.chart_output` (book HTML or JupyterLab Vega, + SVG)."""
    from .chart_output import mimebundle

    return mimebundle(spec(chart), svg(chart), name, target)


def monthly_chart(data) -> Optional[alt.LayerChart]:
    """Monthly 接通率 (bars coloured met/missed) with the target as a rule; None without monthly data."""
    rates = monthly_rates(data)
    if not rates:
        return None
    target = float(answer_rate_indicator(data).target.value)
    df = pd.DataFrame(
        [{"月份": r.label, "序": r.month, "接通率（%）": float(r.reported), "是否达标": "达标" if r.met else "未达标", "接通率": r.text} for r in rates]
    )
    low = max(0.0, min(min(df["接通率（%）"]), target) - 3)
    bars = alt.Chart(df).mark_bar(size=22).encode(
        x=alt.X("月份:N", sort=alt.SortField("序"), title=None, axis=alt.Axis(labelAngle=0)),
        y=alt.Y("接通率（%）:Q", scale=alt.Scale(domain=[low, 100], clamp=True)),
        color=alt.Color("是否达标:N", scale=alt.Scale(domain=["达标", "未达标"], range=[MET, MISSED]), legend=alt.Legend(title=None, orient="bottom")),
        tooltip=["月份", "接通率", "是否达标"],
    )
    rule = alt.Chart(pd.DataFrame([{"目标": target}])).mark_rule(color=TARGET, strokeDash=[6, 3], strokeWidth=2).encode(y=alt.Y("目标:Q", title="接通率（%）"))
    return alt.layer(bars, rule).properties(width=460, height=240, title=f"月度话务接通率（虚线为{target:g}%目标）")


def capacity_curve_chart(result) -> Optional[alt.LayerChart]:
    """Erlang A answer rate against agents on duty in the busy hour; target, need and seats marked."""
    if result is None:
        return None
    df = pd.DataFrame([{"在岗话务员（人）": p.agents, "接通率（%）": float(p.answer_rate)} for p in result.curve])
    line = alt.Chart(df).mark_line(color=NEUTRAL, strokeWidth=2).encode(
        x=alt.X("在岗话务员（人）:Q", scale=alt.Scale(zero=False)),
        y=alt.Y("接通率（%）:Q", scale=alt.Scale(zero=False)),
        tooltip=["在岗话务员（人）", "接通率（%）"],
    )
    target = alt.Chart(pd.DataFrame([{"目标": float(result.target)}])).mark_rule(color=TARGET, strokeDash=[6, 3]).encode(y=alt.Y("目标:Q", title="接通率（%）"))
    marks = [{"标记": f"忙时所需在岗 {result.busy_agents}人", "x": result.busy_agents}]
    if result.actual_seats is not None:
        marks.append({"标记": f"坐席上限 {result.actual_seats}个", "x": result.actual_seats})
    rules = alt.Chart(pd.DataFrame(marks)).mark_rule(strokeWidth=2).encode(
        x=alt.X("x:Q", title="在岗话务员（人）"), color=alt.Color("标记:N", scale=alt.Scale(range=[MISSED, MET]), legend=alt.Legend(title=None, orient="bottom")), tooltip=["标记"]
    )
    return alt.layer(line, target, rules).properties(width=460, height=260, title="高峰小时接通率与在岗话务员人数（Erlang A 模型）")


def forecast_chart(fc) -> Optional[alt.LayerChart]:
    """Observed volumes (bars) and next year's forecast with its interval, in 万件; None without a forecast."""
    if fc.point is None:
        return None
    hist = pd.DataFrame([{"年度": str(p.year), "服务量（万件）": p.volume / 10000, "类别": "实际"} for p in fc.history])
    point = pd.DataFrame(
        [{"年度": str(fc.next_year), "服务量（万件）": fc.point / 10000, "下限": fc.lower / 10000, "上限": fc.upper / 10000, "类别": "预测"}]
    )
    x = alt.X("年度:O", title=None, axis=alt.Axis(labelAngle=0))
    bars = alt.Chart(pd.concat([hist, point[["年度", "服务量（万件）", "类别"]]])).mark_bar(size=30).encode(
        x=x, y=alt.Y("服务量（万件）:Q"),
        color=alt.Color("类别:N", scale=alt.Scale(domain=["实际", "预测"], range=[NEUTRAL, "#9bb7d9"]), legend=alt.Legend(title=None, orient="bottom")),
        tooltip=["年度", "服务量（万件）", "类别"],
    )
    band = alt.Chart(point).mark_errorbar(color=TARGET, thickness=2, ticks=True).encode(x=x, y=alt.Y("下限:Q", title="服务量（万件）"), y2="上限:Q")
    return alt.layer(bars, band).properties(width=420, height=260, title="年度服务量与下一年度预测（误差线为预测区间）")
