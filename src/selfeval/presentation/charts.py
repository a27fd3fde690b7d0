"""Altair charts of the book, and their offline rendering.

Charts are built from the Evaluation (floats only here, for drawing). :func:`bundle`
turns a chart into a notebook output with two representations: ``text/html`` (a div and
a call to the locally shipped vega-embed, interactive, no network) for the HTML book, and
``image/svg+xml`` (vl-convert, vector, CJK font) for the PDF. Element ids derive from the
chart's name so executed notebooks are byte-stable.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import altair as alt

from ..analyses.history import YearVolume
from ..analyses.monthly import monthly_rates
from ..contract.crosscheck import answer_rate_indicator
from ..evaluation.indicators import margin, target_text
from ..evaluation.results import BUDGET_LEVEL1, BUDGET_NAME, Evaluation
from ..figures import amount, fixed, in_wan, month_label, pct, plain, score
from . import chart_images
from .chart_output import mimebundle

FONT = "Noto Sans CJK SC, Source Han Sans SC, Microsoft YaHei, PingFang SC, sans-serif"
SVG_FONT = "Noto Sans CJK SC"
MET, MISSED, TARGET, NEUTRAL = "#2e7d32", "#c62828", "#333333", "#1f5fa8"


def _config(chart: alt.TopLevelMixin, font: str = FONT) -> alt.TopLevelMixin:
    # aria=False: vega would otherwise describe every mark and axis in English for screen readers;
    # each chart's Chinese description (its title) labels the whole figure instead
    # y-axis titles read horizontally above the axis (Chinese set sideways is hard to read)
    return (
        chart.configure(font=font, aria=False)
        .configure_axis(labelFont=font, titleFont=font, labelFontSize=12, titleFontSize=12)
        .configure_axisY(titleAngle=0, titleAlign="right", titleBaseline="bottom", titleX=0, titleY=-8)
        .configure_legend(labelFont=font, titleFont=font, labelFontSize=12, orient="bottom", title=None)
        .configure_title(font=font, fontSize=14, offset=18)
        .configure_view(stroke=None)
    )


def rows_data(rows: list[dict]) -> alt.InlineData:
    """Rows of a chart as its data, without pandas: a DataFrame would cost every kernel the pandas
    import (0.4 s of CPU). altair stores these rows as it stores a DataFrame's records (a named
    dataset, the name a digest of the values), so the spec is the same; what a DataFrame let
    altair infer, each encoding states (``"指标:N"``)."""
    return alt.InlineData(values=rows)


def _reference(label: str) -> alt.StrokeDash:
    """A reference line's legend entry: a dashed line symbol with its label (targets, limits)."""
    return alt.StrokeDash("参考线:N", scale=alt.Scale(domain=[label], range=[[6, 3]]), legend=alt.Legend(title=None, symbolType="stroke"))


def _signed(value: Decimal) -> str:
    """+18.79 / −0.93 / 0.00: a margin as printed beside its bar (true minus sign)."""
    text = fixed(abs(value))
    return ("+" if value > 0 else "−" if value < 0 else "") + text


def attainment_chart(ev: Evaluation) -> alt.LayerChart | ChartOmitted | None:
    """Each %-indicator's margin over its target in percentage points (0 = exactly on target).

    On a 0–100 axis a 0.93-point miss is invisible; on the margin axis it is a red bar left of
    the target line with its exact value beside it, while 18.79 points above target stays a
    long green bar. The margin is exact (Decimal) and printed as text; floats only draw.
    """
    rows = []
    gaps: list[Decimal] = []  # each row's exact margin
    omitted = []  # numeric indicators in another unit (页, 天): named under the title, never silently missing
    for it in ev.items:
        gap = margin(it.value)
        if gap is None:
            continue
        if it.indicator.target.unit != "%":  # type: ignore[union-attr]
            omitted.append(f"{it.indicator.name}（{'达标' if it.met else '未达标'}）")
            continue
        gaps.append(gap)
        rows.append(
            {
                "指标": it.indicator.name,
                "差值": float(gap),
                "差值文本": _signed(gap),
                "完成值": it.value.reported_text,
                "目标值": target_text(it.indicator),
                "与目标之差": f"{_signed(gap)}个百分点",
                "是否达标": "达标" if it.met else "未达标",
            }
        )
    if not rows:
        return None
    if all(g == 0 for g in gaps) and not omitted:
        return ChartOmitted(f"以百分比计量的{len(rows)}个指标完成值均与年度指标值持平（差值均为0.00个百分点），不另绘图。")
    if len(rows) == 1:  # one bar under a list of what is not drawn: say it in words
        r, gap = rows[0], gaps[0]
        where = f"高于年度指标值{fixed(gap)}个百分点" if gap > 0 else f"低于年度指标值{fixed(-gap)}个百分点" if gap < 0 else "与年度指标值持平"
        return ChartOmitted(f"以百分比计量的指标仅“{r['指标']}”1个，完成值{r['完成值']}，{where}（年度指标值{r['目标值']}），不另绘图。")
    df = rows_data(rows)
    names = [str(r["指标"]) for r in rows]
    drawn = [float(g) for g in gaps]
    low, high = min(0.0, *drawn), max(0.0, *drawn)
    pad = max(high - low, 1.0) * 0.14  # room for the value labels right of the longest bar
    span = alt.Scale(domain=[low - pad / 3, high + pad], nice=False)
    x = alt.X("差值:Q", title="完成值与目标值之差（百分点）", scale=span)
    y = alt.Y("指标:N", sort=names, title="绩效指标", axis=alt.Axis(labelLimit=240))
    tooltip = ["指标:N", "完成值:N", "目标值:N", "与目标之差:N", "是否达标:N"]
    shown = [(s, c) for s, c in (("达标", MET), ("未达标", MISSED)) if s in {r["是否达标"] for r in rows}]  # the legend lists what is drawn
    bars = (
        alt.Chart(df)
        .mark_bar(height=14)
        .encode(
            x=x,
            y=y,
            color=alt.Color("是否达标:N", scale=alt.Scale(domain=[s for s, _ in shown], range=[c for _, c in shown]), legend=alt.Legend(title=None)),
            tooltip=tooltip,
        )
    )
    # the value beside each bar, right of the target line for a miss too (left of it sit the names)
    at = alt.X("标签位置:Q", scale=span)
    above = (
        alt.Chart(df)
        .transform_filter("datum.差值 >= 0")
        .transform_calculate(标签位置="datum.差值")
        .mark_text(align="left", dx=4, fontSize=11, color=TARGET)
        .encode(x=at, y=y, text="差值文本:N", tooltip=tooltip)
    )
    below = (
        alt.Chart(df)
        .transform_filter("datum.差值 < 0")
        .transform_calculate(标签位置="0")
        .mark_text(align="left", dx=5, fontSize=12, fontWeight="bold", color=MISSED)
        .encode(x=at, y=y, text="差值文本:N", tooltip=tooltip)
    )
    target = (
        alt.Chart(rows_data([{"差值": 0.0, "参考线": "目标值"}])).mark_rule(color=TARGET, strokeWidth=2).encode(x="差值:Q", strokeDash=_reference("目标值"))
    )
    title = "绩效指标完成值与目标值之差（百分点）"
    # a subtitle does not wrap: two names per line
    lines = ["以百分比计量的指标；未列入：", *("、".join(omitted[i : i + 2]) for i in range(0, len(omitted), 2))]
    heading = alt.Title(title, subtitle=lines) if omitted else title
    return alt.LayerChart(layer=[bars, above, below, target]).properties(
        width=320, height=alt.Step(26), title=heading, description="绩效指标完成值与目标值之差"
    )


def score_chart(ev: Evaluation) -> alt.Chart | ChartOmitted:
    """Score obtained and points lost per item (budget line first), in 自评表 order; one sentence
    instead when no item lost a point (every bar would be full)."""
    if ev.lost == 0:
        return ChartOmitted(f"预算完成率及各项指标均得满分，总分{score(ev.total)}分，不另绘得分图。")
    b = ev.budget
    items = [(BUDGET_NAME, BUDGET_LEVEL1, b.score, b.lost, b.weight)]
    items += [(it.indicator.name, it.indicator.level1, it.score.score, it.lost, it.indicator.weight) for it in ev.form_items()]
    rows = []
    for name, level1, got, lost, weight in items:
        rows.append({"指标": name, "类别": level1, "部分": "得分", "序": 0, "分值": float(got), "分数": score(got), "满分": plain(weight)})
        rows.append({"指标": name, "类别": level1, "部分": "扣分", "序": 1, "分值": float(lost), "分数": score(lost), "满分": plain(weight)})
    df = rows_data(rows)
    return (
        alt.Chart(df)
        .mark_bar()
        .encode(
            x=alt.X("sum(分值):Q", title="分值"),
            y=alt.Y("指标:N", sort=[name for name, *_ in items], title="指标", axis=alt.Axis(labelLimit=240)),
            color=alt.Color("部分:N", scale=alt.Scale(domain=["得分", "扣分"], range=[NEUTRAL, MISSED]), legend=alt.Legend(title=None)),
            order=alt.Order("序:Q"),
            tooltip=["类别:N", "指标:N", "部分:N", "分数:N", "满分:N"],
        )
        .properties(width=320, height=alt.Step(24), title=f"各指标得分（总分{score(ev.total)}分）", description="各指标得分与扣分")
    )


def level_chart(ev: Evaluation) -> alt.Chart | ChartOmitted:
    """Subtotal against weight per 一级指标 (and the budget line): where the points were lost;
    left out when none was (the score chart's sentence says so)."""
    if ev.lost == 0:
        return ChartOmitted("")
    rows = [(BUDGET_LEVEL1, ev.budget.score, ev.budget.lost, ev.budget.weight)]
    lost = ev.level_lost
    for level1, subtotal in ev.subtotals.items():
        rows.append((level1, subtotal, lost[level1], ev.level_weights[level1]))
    df = rows_data(
        [
            {"类别": k, "部分": part, "序": n, "分值": float(v), "分数": score(v), "满分": plain(w)}
            for k, got, gone, w in rows
            for n, (part, v) in enumerate((("得分", got), ("扣分", gone)))
        ]
    )
    return (
        alt.Chart(df)
        .mark_bar(size=20)
        .encode(
            x=alt.X("sum(分值):Q", title="分值"),
            y=alt.Y("类别:N", sort=[k for k, *_ in rows], title="一级指标"),
            color=alt.Color("部分:N", scale=alt.Scale(domain=["得分", "扣分"], range=[NEUTRAL, MISSED]), legend=alt.Legend(title=None)),
            order=alt.Order("序:Q"),
            tooltip=["类别:N", "部分:N", "分数:N", "满分:N"],
        )
        .properties(width=340, height=alt.Step(30), title="按一级指标汇总的得分", description="按一级指标汇总的得分与扣分")
    )


def budget_chart(ev: Evaluation) -> alt.LayerChart | None:
    """Per funding source with money: the budget (grey track), the executed amount (bar inside
    it) and the execution rate at the bar's end; 总额 first when there are several sources."""
    lines = [line for line in ev.budget.lines if line.budget or line.executed]
    if not lines:
        return None
    b = ev.budget
    entries: list[tuple[str, Decimal, Decimal, Decimal | None]] = [("总额", b.budget, b.executed, b.rate)] if len(lines) > 1 else []
    entries += [(line.label, line.budget, line.executed, line.rate) for line in lines]
    unit, scale = b.unit, (10000 if b.unit == "元" else 1)  # drawn in the data's own unit, as the tables print it
    top = float(max(max(budget, executed) for _, budget, executed, _ in entries) * scale)
    df = rows_data(
        [
            {
                "资金来源": label,
                "年度预算数（金额）": float(budget * scale),
                "预算完成数（金额）": float(executed * scale),
                "标签位置": float(max(budget, executed) * scale),
                "年度预算数": f"{amount(budget, unit)}{unit}",
                "预算完成数": f"{amount(executed, unit)}{unit}",
                "执行率": pct(rate) if rate is not None else "—",
                "标签": f"执行率{pct(rate)}" if rate is not None else "无预算",
            }
            for label, budget, executed, rate in entries
        ]
    )
    order = [label for label, *_ in entries]
    y = alt.Y("资金来源:N", sort=order, title="资金来源", axis=alt.Axis(labelLimit=200))
    tooltip = ["资金来源:N", "年度预算数:N", "预算完成数:N", "执行率:N"]
    parts = alt.Scale(domain=["年度预算数", "预算完成数"], range=["#c9d3df", NEUTRAL])
    extent = alt.Scale(domain=[0, top * 1.4], nice=False)  # room for the rate right of the longest bar
    track = (
        alt.Chart(df)
        .transform_calculate(项目="'年度预算数'")
        .mark_bar(height=24)
        .encode(
            x=alt.X("年度预算数（金额）:Q", title=f"金额（{unit}）", scale=extent, axis=alt.Axis(tickCount=4)),
            y=y,
            color=alt.Color("项目:N", scale=parts, legend=alt.Legend(title=None)),
            tooltip=tooltip,
        )
    )
    done = (
        alt.Chart(df)
        .transform_calculate(项目="'预算完成数'")
        .mark_bar(height=10)
        .encode(x=alt.X("预算完成数（金额）:Q", scale=extent), y=y, color=alt.Color("项目:N", scale=parts, legend=alt.Legend(title=None)), tooltip=tooltip)
    )
    rate = (
        alt.Chart(df).mark_text(align="left", dx=6, fontSize=12, color=TARGET).encode(x=alt.X("标签位置:Q", scale=extent), y=y, text="标签:N", tooltip=tooltip)
    )
    return alt.LayerChart(layer=[track, done, rate]).properties(
        width=340, height=alt.Step(44), title=f"预算执行情况（{unit}，执行率{pct(b.rate)}）", description="各资金来源年度预算数、预算完成数与执行率"
    )


def volume_points(history: list[YearVolume]) -> list[dict]:
    """Floats for the chart only."""
    return [
        {
            "年度": str(h.year),
            "服务量（万件）": float(in_wan(h.volume)),
            "合同约定服务量（万件）": float(in_wan(h.contracted)) if h.contracted else None,
            "倍数": float(h.multiple) if h.multiple is not None else None,
        }
        for h in history
    ]


@dataclass(frozen=True)
class ChartOmitted:
    """A chart left out because it would carry no information (one bar, nothing to compare), and
    the sentence the page prints in its place. Any chart function may return it instead of a
    chart; :func:`selfeval.presentation.notebook_display.chart` then prints the sentence."""

    sentence: str


def volume_chart(history: list[YearVolume]) -> alt.LayerChart | ChartOmitted:
    """Service volume per year (bars) against the contracted volume (a mark per year), in 万件;
    with one year there is nothing to compare, so a sentence instead of a single bar."""
    if len(history) < 2:
        only = history[0].year if history else None
        years = f"只有{only}年一个年度" if only else "没有服务量数据"
        return ChartOmitted(f"{years}，无历年变化可比，不另作图。")
    df = rows_data(volume_points(history))
    series = alt.Scale(domain=["实际服务量", "合同约定服务量"], range=[NEUTRAL, MISSED])
    base = alt.Chart(df).encode(x=alt.X("年度:O", title="年度", axis=alt.Axis(labelAngle=0)))
    tooltip = ["年度:N", "服务量（万件）:Q", "合同约定服务量（万件）:Q", "倍数:Q"]
    bars = (
        base.transform_calculate(系列="'实际服务量'")
        .mark_bar(size=36)
        .encode(y=alt.Y("服务量（万件）:Q", title="服务量（万件）"), color=alt.Color("系列:N", scale=series, legend=alt.Legend(title=None)), tooltip=tooltip)
    )
    contract = (
        base.transform_calculate(系列="'合同约定服务量'")
        .mark_tick(thickness=3, size=48)
        .encode(
            y=alt.Y("合同约定服务量（万件）:Q", title="服务量（万件）"), color=alt.Color("系列:N", scale=series, legend=alt.Legend(title=None)), tooltip=tooltip
        )
    )
    return alt.LayerChart(layer=[bars, contract]).properties(
        width=380, height=260, title="年度服务量与合同约定服务量", description="年度服务量与合同约定服务量"
    )


def spec(chart: alt.TopLevelMixin, font: str = FONT) -> dict:
    """The Vega-Lite spec, not validated against the Vega-Lite schema: the specs are the package's
    own, and tests/test_charts.py validates every one (in a build it cost ~0.02 s a chart)."""
    return _config(chart, font).to_dict(validate=False)


def with_font(book_spec: dict, font: str) -> dict:
    """A spec of :func:`spec` (in FONT) in another font: only its config names fonts (:func:`_config`),
    so this is ``spec(chart, font)`` without converting the chart again."""

    def swap(value):
        if isinstance(value, dict):
            return {k: swap(v) for k, v in value.items()}
        return font if value == FONT else value

    return {**book_spec, "config": swap(book_spec["config"])}


def svg(chart: alt.TopLevelMixin) -> str:
    return chart_images.svg(spec(chart, SVG_FONT))


def bundle(chart: alt.TopLevelMixin, name: str, target: str = "book") -> tuple[dict, dict]:
    """(data, metadata) of one chart's output: see :mod:`.chart_output` (book HTML or JupyterLab Vega, + SVG)."""
    book = spec(chart)
    return mimebundle(book, chart_images.svg(with_font(book, SVG_FONT)), name, target)


def monthly_chart(data) -> alt.LayerChart | None:
    """Monthly 接通率 (bars coloured met/missed) with the target as a rule; None without monthly data."""
    rates = monthly_rates(data)
    if not rates:
        return None
    indicator = answer_rate_indicator(data)
    assert indicator is not None  # a monthly series is checked against the answer-rate indicator
    target = float(indicator.target.value)
    target_label = f"目标值{target_text(indicator)}"
    df = rows_data(
        [
            {"月份": month_label(r.month), "序": r.month, "接通率（%）": float(r.reported), "是否达标": "达标" if r.met else "未达标", "接通率": r.text}
            for r in rates
        ]
    )
    low = max(0.0, min(min(float(r.reported) for r in rates), target) - 3)
    bars = (
        alt.Chart(df)
        .mark_bar(size=20)
        .encode(
            x=alt.X("月份:N", sort=alt.SortField("序"), title="月份", axis=alt.Axis(labelAngle=0)),
            y=alt.Y("接通率（%）:Q", title="接通率（%）", scale=alt.Scale(domain=[low, 100], clamp=True)),
            color=alt.Color("是否达标:N", scale=alt.Scale(domain=["达标", "未达标"], range=[MET, MISSED]), legend=alt.Legend(title=None)),
            tooltip=["月份:N", "接通率:N", "是否达标:N"],
        )
    )
    rule = (
        alt.Chart(rows_data([{"目标": target, "参考线": target_label}]))
        .mark_rule(color=TARGET, strokeWidth=2)
        .encode(y=alt.Y("目标:Q", title="接通率（%）"), strokeDash=_reference(target_label))
    )
    return alt.LayerChart(layer=[bars, rule]).properties(width=400, height=240, title="月度话务接通率", description="月度话务接通率与目标值")


def capacity_curve_chart(result) -> alt.LayerChart | None:
    """Erlang A answer rate against agents on duty in the busy hour; target, need and seats marked."""
    if result is None:
        return None
    df = rows_data([{"在岗话务员（人）": p.agents, "接通率（%）": float(p.answer_rate)} for p in result.curve])
    x_title, y_title = "忙时在岗话务员（人）", "接通率（%）"
    line = (
        alt.Chart(df)
        .mark_line(color=NEUTRAL, strokeWidth=2)
        .encode(
            x=alt.X("在岗话务员（人）:Q", title=x_title, scale=alt.Scale(zero=False)),
            y=alt.Y("接通率（%）:Q", title=y_title, scale=alt.Scale(zero=False)),
            tooltip=["在岗话务员（人）:Q", "接通率（%）:Q"],
        )
    )
    target_label = f"目标接通率{plain(result.target)}%"
    target = (
        alt.Chart(rows_data([{"目标": float(result.target), "参考线": target_label}]))
        .mark_rule(color=TARGET)
        .encode(y=alt.Y("目标:Q", title=y_title), strokeDash=_reference(target_label), tooltip=["参考线:N"])
    )
    marks = [{"标记": f"忙时所需在岗 {result.busy_agents}人", "x": result.busy_agents}]
    if result.actual_seats is not None:
        marks.append({"标记": f"坐席上限 {result.actual_seats}个", "x": result.actual_seats})
    rules = (
        alt.Chart(rows_data(marks))
        .mark_rule(strokeWidth=2)
        .encode(
            x=alt.X("x:Q", title=x_title), color=alt.Color("标记:N", scale=alt.Scale(range=[MISSED, MET]), legend=alt.Legend(title=None)), tooltip=["标记:N"]
        )
    )
    return alt.LayerChart(layer=[line, target, rules]).properties(
        width=400, height=260, title="高峰小时接通率与在岗话务员人数（Erlang A 模型）", description="高峰小时接通率与在岗话务员人数"
    )


def forecast_chart(fc) -> alt.LayerChart | None:
    """Observed volumes (bars) and next year's forecast with its interval, in 万件; None without a forecast."""
    if fc.point is None:
        return None
    hist = [{"年度": str(p.year), "服务量（万件）": float(in_wan(p.volume)), "类别": "实际"} for p in fc.history]
    point = {
        "年度": str(fc.next_year),
        "服务量（万件）": float(in_wan(fc.point)),
        "下限": float(in_wan(fc.lower)),
        "上限": float(in_wan(fc.upper)),
        "类别": "预测区间",
    }
    series = alt.Scale(domain=["实际", "预测", "预测区间"], range=[NEUTRAL, "#9bb7d9", TARGET])
    x = alt.X("年度:O", title="年度", axis=alt.Axis(labelAngle=0))
    bars_data = [*hist, {"年度": point["年度"], "服务量（万件）": point["服务量（万件）"], "类别": "预测"}]
    bars = (
        alt.Chart(rows_data(bars_data))
        .mark_bar(size=30)
        .encode(
            x=x,
            y=alt.Y("服务量（万件）:Q", title="服务量（万件）"),
            color=alt.Color("类别:N", scale=series, legend=alt.Legend(title=None)),
            tooltip=["年度:N", "服务量（万件）:Q", "类别:N"],
        )
    )
    band = (
        alt.Chart(rows_data([point]))
        .mark_errorbar(thickness=2, ticks=True)
        .encode(
            x=x,
            y=alt.Y("下限:Q", title="服务量（万件）"),
            y2="上限:Q",
            color=alt.Color("类别:N", scale=series, legend=alt.Legend(title=None)),
            tooltip=["年度:N", "下限:Q", "上限:Q"],
        )
    )
    return alt.LayerChart(layer=[bars, band]).properties(width=400, height=260, title="年度服务量与下一年度预测", description="年度服务量与下一年度预测区间")
