"""Charts of the call-record analysis: the month × hour 接通率 heat map and the need-vs-available staffing curves.

Built from :class:`~selfeval.analyses.calls.analysis.CallsAnalysis` (floats only here, for
drawing); rendered offline like every chart of the book through ``show.chart`` (fonts and
colours from :mod:`.charts`). Each returns None without records, so the notebook has no branches.
"""

from __future__ import annotations

import altair as alt

from ..analyses.calls.analysis import CallsAnalysis
from .charts import MET, MISSED, NEUTRAL, rows_data


def heatmap_chart(a: CallsAnalysis | None) -> alt.Chart | None:
    """接通率 per month (rows) and hour of day (columns); red below the target, green above, white at it."""
    if a is None:
        return None
    target = float(a.indicator.target.value)
    cells = [(mo, h, t, float(t.rate)) for (mo, h), t in a.stats.by_month_hour.items() if t.offered]  # type: ignore[arg-type]
    rows = [{"月份": f"{mo}月", "序": mo, "时段": h, "接通率（%）": rate, "呼入（次）": t.offered, "未接通（次）": t.abandoned} for mo, h, t, rate in cells]
    df = rows_data(rows)
    low = min(min(rate for *_, rate in cells), target - 5)
    color = alt.Color(
        "接通率（%）:Q",
        scale=alt.Scale(domain=[low, target, 100], range=[MISSED, "#f7f7f7", MET], clamp=True),
        legend=alt.Legend(title=f"接通率（%），目标{target:g}%", orient="bottom", gradientLength=300),
    )
    base = alt.Chart(df).encode(
        x=alt.X("时段:O", title="时段（时）", axis=alt.Axis(labelAngle=0)),
        y=alt.Y("月份:N", sort=alt.SortField("序"), title=None),
    )
    rects = base.mark_rect().encode(color=color, tooltip=["月份:N", "时段:Q", "呼入（次）:Q", "未接通（次）:Q", alt.Tooltip("接通率（%）:Q", format=".2f")])
    return rects.properties(width=560, height=alt.Step(20), title="各月分时段接通率（红色低于目标）")


SERIES = ("所需在岗（最繁忙日）", "实际在岗（最繁忙日）", "所需在岗（典型日）", "实际在岗（典型日）")


def staffing_chart(a: CallsAnalysis | None) -> alt.FacetChart | None:
    """For each month, agents needed (Erlang A) and available, hour by hour, on its busiest and typical day."""
    if a is None:
        return None
    st = a.staffing
    rows = []
    for d in st.days:
        kind = "最繁忙日" if d.kind == "busiest" else "典型日"
        for h in d.hours:
            rows.append({"月份": f"{d.month}月", "序": d.month, "时段": h.hour, "人数": h.need, "序列": f"所需在岗（{kind}）", "日期": d.day.isoformat()})
            if h.available is not None:
                rows.append(
                    {"月份": f"{d.month}月", "序": d.month, "时段": h.hour, "人数": h.available, "序列": f"实际在岗（{kind}）", "日期": d.day.isoformat()}
                )
    df = rows_data(rows)
    domain = [s for s in SERIES if s in {r["序列"] for r in rows}]
    colors = {SERIES[0]: MISSED, SERIES[1]: MET, SERIES[2]: NEUTRAL, SERIES[3]: "#7fbf7f"}
    dashes = {SERIES[0]: [1, 0], SERIES[1]: [1, 0], SERIES[2]: [5, 3], SERIES[3]: [5, 3]}
    available = "实际在岗" if st.available_source == "measured" else f"同时在岗上限{st.ceiling}人（假设）" if st.ceiling is not None else None
    lines = (
        alt.Chart(df)
        .mark_line(strokeWidth=1.6)
        .encode(
            x=alt.X("时段:Q", title="时段（时）", scale=alt.Scale(domain=[0, 23]), axis=alt.Axis(tickCount=6)),
            y=alt.Y("人数:Q", title="在岗人数"),
            color=alt.Color(
                "序列:N", scale=alt.Scale(domain=domain, range=[colors[s] for s in domain]), legend=alt.Legend(title=None, orient="bottom", columns=2)
            ),
            strokeDash=alt.StrokeDash("序列:N", scale=alt.Scale(domain=domain, range=[dashes[s] for s in domain]), legend=None),
            tooltip=["日期:N", "时段:Q", "序列:N", "人数:Q"],
        )
        .properties(width=118, height=90)
    )
    title = "各月最繁忙日与典型日：所需在岗人数（Erlang A）与" + (available or "在岗人数")
    return lines.facet(facet=alt.Facet("月份:N", sort=alt.SortField("序"), title=None), columns=4).properties(title=title)


__all__ = ["heatmap_chart", "staffing_chart"]
