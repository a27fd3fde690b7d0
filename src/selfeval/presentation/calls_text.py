"""Sentences and tables of the call-record analysis in Appendix 二 (empty without records).

Figures come from :class:`selfeval.analyses.calls.analysis.CallsAnalysis`; this module only
words and lays them out. A rate is shown with the answer-rate indicator's own rounding, so a
month's or an hour's 接通率 reads like the annual 94.07%. Every function accepts None (a
year without call records) and then returns nothing, so the notebook needs no branches.
"""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

from ..analyses.calls.analysis import CallsAnalysis
from ..analyses.calls.staffing import Basis
from ..analyses.calls.stats import Loss, short_periods, worst_cells
from ..evaluation.indicators import format_value, target_value_text
from ..figures import fixed, grouped, hour_label, month_label, percent, plain, round_fraction
from .tables import html_table

WEEKDAYS = ("周一", "周二", "周三", "周四", "周五", "周六", "周日")
BASIS = {"measured": "实测", "assumed": "假设"}


def basis_word(basis: Basis) -> str:
    return BASIS[basis]


def period_label(loss: Loss) -> str:
    """1月, 8时 or 1月8时 (a month, an hour of day, a month × hour cell)."""
    return (month_label(loss.month) if loss.month is not None else "") + (hour_label(loss.hour) if loss.hour is not None else "")


def _date(d: dt.date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def _rate(a: CallsAnalysis, pct: Fraction | int) -> str:
    """A 接通率 in % with the indicator's rounding and decimals (e.g. 94.07%)."""
    return format_value(round_fraction(pct, a.indicator.decimals, a.indicator.rounding), "%", a.indicator.decimals)


def _pct(share: Fraction | None, places: int = 2) -> str:
    return "—" if share is None else f"{fixed(percent(share, places), places)}%"


def _sec(value: Fraction | None) -> str:
    return "—" if value is None else fixed(round_fraction(value, 1, "half_up"), 1)


def _hour_ranges(hours: list[int]) -> str:
    """[8, 9, 10, 14] → '8时至11时、14时至15时' (each hour h is the interval h:00–h+1:00)."""
    runs: list[list[int]] = []
    for h in sorted(hours):
        if runs and runs[-1][-1] == h - 1:
            runs[-1].append(h)
        else:
            runs.append([h])
    return "、".join(f"{r[0]}时至{r[-1] + 1}时" for r in runs)


# --------------------------------------------------------------------------- sentences


def records_sentences(a: CallsAnalysis | None) -> list[str]:
    """What the records are and that they reconcile; the peaks; where and when the 接通率 was lost."""
    if a is None:
        return []
    return [intro_sentence(a), peaks_sentence(a), *lost_sentences(a)]


def measured_sentences(a: CallsAnalysis | None) -> list[str]:
    """The measured handle time, waits, service level, abandonment and patience."""
    return [] if a is None else [measured_sentence(a)]


def intro_sentence(a: CallsAnalysis) -> str:
    s, ind = a.stats, a.indicator
    n_files = len(s.files)
    assert ind.numerator is not None and ind.denominator is not None
    return (
        f"{s.year}年话务平台通话记录共{plain(s.total.offered)}条（{n_files}个文件），逐条核验后按日、按小时汇总："
        f"呼入{plain(s.total.offered)}次、接通{plain(s.total.answered)}次、未接通{plain(s.total.abandoned)}次，"
        f"与“{ind.name}”的{ind.denominator.label}、{ind.numerator.label}一致，以下各项均据此实测。"
    )


def measured_sentence(a: CallsAnalysis) -> str:
    t = a.stats.total
    handle = (
        f"平均处理时长{_sec(t.aht_seconds)}秒（通话{_sec(t.talk_seconds)}秒、话后处理{_sec(t.wrap_seconds)}秒）"
        if a.stats.has_wrap
        else f"平均通话时长{_sec(t.talk_seconds)}秒（记录未含话后处理时长，平均处理时长按通话时长计）"
    )
    patience = (
        f"；按放弃数除以全部来电者等待总时长估计（假定耐心时长服从指数分布），来电者平均耐心约{_sec(t.patience_seconds)}秒"
        if t.patience_seconds is not None
        else "；全年无放弃来电，无法估计来电者耐心时长"
    )
    return (
        f"实测{handle}，平均应答等待{_sec(t.asa_seconds)}秒，20秒内接通的来电占呼入量的{_pct(t.service_level_share)}，放弃率{_pct(t.abandon_share)}{patience}。"
    )


def peaks_sentence(a: CallsAnalysis) -> str:
    s = a.stats
    mo, h, wd = s.peak_month, s.peak_hour, s.peak_weekday
    day, hour = s.busiest_days[0], s.busiest_hours[0]
    ratio = fixed(round_fraction(s.busiest_day_factor, 2, "half_up"))
    return (
        f"呼入最多的是{mo}月（{plain(s.by_month[mo].offered)}次，占全年的{_pct(s.month_share(mo))}），"
        f"一周中{WEEKDAYS[wd]}最多，一天中{h}时至{h + 1}时最多（占全天的{_pct(s.hour_share(h))}）。"
        f"全年呼入最多的一天是{_date(day.day)}（{plain(day.offered)}次，为日均的{ratio}倍，接通率{_rate(a, day.rate)}），"
        f"最繁忙的一个小时是{_date(hour.day)}{hour.hour}时（{plain(hour.offered)}次）。"
    )


def _months(months: list[int], of: int) -> str:
    return f"全部{of}个月" if len(months) == of and of > 1 else "、".join(f"{mo}月" for mo in months)


def lost_sentences(a: CallsAnalysis) -> list[str]:
    """Which months and hours lost the 接通率, and how many calls (the months themselves are named by the monthly sentence)."""
    ind = a.indicator
    target = target_value_text(ind)
    year = a.losses["year"][0]
    out = []
    gap = f"，距{target}的目标差{plain(year.shortfall)}次接通" if year.shortfall else f"，达到{target}的目标"
    out.append(f"全年未接通{plain(year.abandoned)}次，接通率{_rate(a, year.rate)}{gap}。")
    months = short_periods(a.losses, "month")
    if months.periods:
        worst = months.worst
        part = "" if months.every else f"，占全年未接通的{_pct(months.abandoned_share)}"
        out.append(
            f"未达标的{len(months.periods)}个月共未接通{plain(months.abandoned)}次{part}，各月均达标需多接通{plain(months.shortfall)}次，"
            f"其中{period_label(worst)}差得最多（{plain(worst.shortfall)}次）。"
        )
    hours = short_periods(a.losses, "hour")
    if hours.periods:
        if hours.every:
            top = hours.top(3)
            out.append(f"按时段看，全天各时段接通率均未达到{target}，差距最大的是{'、'.join(f'{period_label(x)}（差{plain(x.shortfall)}次）' for x in top)}。")
        else:
            ranges = _hour_ranges([x.hour for x in hours.periods if x.hour is not None])
            out.append(f"按时段看，全年{ranges}的接通率未达到{target}，这些时段未接通{plain(hours.abandoned)}次，占全年未接通的{_pct(hours.abandoned_share)}。")
    top_cells = worst_cells(a.losses, 3)
    if top_cells:
        cells = "、".join(f"{period_label(x)}（未接通{plain(x.abandoned)}次，接通率{_rate(a, x.rate)}）" for x in top_cells)
        out.append(f"月份与时段交叉看，未接通最集中的是{cells}。")
    return out


def staffing_sentences(a: CallsAnalysis | None) -> list[str]:
    """The hour-by-hour need of each month's busiest and typical day against the agents available."""
    if a is None:
        return []
    st, target = a.staffing, target_value_text(a.indicator)
    basis = (
        f"按Erlang A模型逐小时测算：各小时呼入量、各月平均处理时长和全年来电者平均耐心{plain(st.patience_seconds)}秒均为{basis_word(st.patience_source)}，"
        f"所需在岗人数为使该小时接通率达到{target}的最少人数（不计占用率上限）。"
    )
    if st.available_source == "measured":
        basis += "在岗人数为该小时内有接听记录的不同坐席工号数（实测；未接听来电的在岗人员不计入，故为下限）。"
    elif st.available_source == "assumed" and st.ceiling is not None:
        basis += f"通话记录无坐席工号，按坐席数与话务员×（1−非接线时间占比）的较小者，以同时在岗最多{st.ceiling}人计（假设）。"
    out = [basis]
    for kind, name in (("busiest", "最繁忙日"), ("typical", "典型日（呼入量居中的一天）")):
        summary = st.summary(kind)  # type: ignore[arg-type]
        if st.available_source is None:
            peak = summary.peak
            out.append(f"各月{name}中，需求最高的是{_date(peak.day)}{peak.peak.hour}时，需在岗{peak.peak.need}人。")
            continue
        if summary.worst is None:
            out.append(f"各月{name}的每个小时，在岗人数均不低于所需人数。")
            continue
        months = _months([d.month for d in summary.short_days], len(summary.days))
        worst_day, worst = summary.worst
        out.append(
            f"各月{name}中，{months}共{summary.short_hours}个小时在岗人数低于所需，这些小时未接通{plain(summary.unanswered_in_short_hours)}次；"
            f"缺口最大的是{_date(worst_day.day)}{worst.hour}时，呼入{plain(worst.offered)}次，需在岗{worst.need}人，实际{worst.available}人，"
            f"接通率{_rate(a, worst.rate or 0)}。"
        )
    if st.daily_agent_hours is not None:
        busiest = st.of("busiest")
        over = st.busiest_over_daily
        lo, hi = st.busiest_agent_hours
        tail = (
            f"其中{_months([d.month for d in over], len(busiest))}的最繁忙日超过全体话务员每日可投入的约{fixed(st.daily_agent_hours, 0)}个在岗人时（假设）"
            if over
            else f"均未超过全体话务员每日可投入的约{fixed(st.daily_agent_hours, 0)}个在岗人时（假设）"
        )
        out.append(f"各月最繁忙日全天所需在岗人时为{plain(lo)}至{plain(hi)}，{tail}。")
    return out


# --------------------------------------------------------------------------- tables


def _table(head: list[str], rows: list[list[str]], caption: str) -> str:

    return html_table(head, rows, caption=caption)


def measured_table(a: CallsAnalysis | None) -> str:
    """The measured figures with their definitions."""
    if a is None:
        return ""
    t, s = a.stats.total, a.stats
    rows = [
        ["呼入量", f"{plain(t.offered)}次", "通话记录条数（每条一次来电）"],
        ["接通量", f"{plain(t.answered)}次", "有接通时间的来电"],
        ["接通率", _rate(a, t.rate or 0), "接通量÷呼入量"],
        ["放弃率", _pct(t.abandon_share), "未接通量÷呼入量"],
        ["20秒服务水平", _pct(t.service_level_share), "20秒内接通的来电÷呼入量"],
        ["平均应答等待", f"{_sec(t.asa_seconds)}秒", "（接通时间−来电时间）之和÷接通量"],
        ["平均通话时长", f"{_sec(t.talk_seconds)}秒", "（挂机时间−接通时间）之和÷接通量"],
    ]
    if s.has_wrap:
        rows.append(["平均话后处理时长", f"{_sec(t.wrap_seconds)}秒", "话后处理时长之和÷接通量"])
    rows.append(["平均处理时长", f"{_sec(t.aht_seconds)}秒", "平均通话时长+平均话后处理时长" if s.has_wrap else "记录无话后处理时长，按平均通话时长计"])
    rows.append(["来电者平均耐心时长", f"{_sec(t.patience_seconds)}秒", "全部来电者等待时间之和÷放弃数（指数分布假定下的极大似然估计）"])
    h = s.peak_hour
    rows.append(["最忙小时占全天比例", _pct(s.hour_share(h)), f"全年{h}时至{h + 1}时呼入量÷全年呼入量"])
    rows.append(["最繁忙日", f"{_date(s.busiest_days[0].day)}，{plain(s.busiest_days[0].offered)}次", "呼入量最多的一天"])
    return _table(["项目", "实测值", "口径"], rows, "话务平台通话记录实测指标")


def worst_cells_table(a: CallsAnalysis | None, n: int = 10) -> str:
    if a is None:
        return ""
    rows = [[period_label(x), plain(x.offered), plain(x.answered), plain(x.abandoned), _rate(a, x.rate)] for x in worst_cells(a.losses, n)]
    return _table(["月份·时段", "呼入（次）", "接通（次）", "未接通（次）", "接通率"], rows, f"未接通最多的{len(rows)}个月份·时段（全年合计）")


def staffing_table(a: CallsAnalysis | None, kind: str = "busiest") -> str:
    """Per month, the busiest (or typical) day: calls, 接通率, handle time, peak-hour need against agents, hours short."""
    if a is None:
        return ""
    st = a.staffing
    rows = []
    for d in st.of(kind):  # type: ignore[arg-type]
        peak = d.peak
        avail = "—" if peak.available is None else str(peak.available)
        rows.append(
            [
                f"{d.month}月",
                f"{d.day.month}月{d.day.day}日",
                plain(d.offered),
                _rate(a, d.rate),
                fixed(d.aht_seconds, 1),
                f"{peak.hour}时：{peak.need}/{avail}",
                "—" if st.available_source is None else str(len(d.short_hours)),
            ]
        )
    name = "最繁忙日" if kind == "busiest" else "典型日（呼入量居中的一天）"
    head = ["月份", "日期", "呼入（次）", "接通率", "平均处理时长（秒）", "峰值小时：需求/在岗", "缺口小时数"]
    return _table(head, rows, f"各月{name}逐小时在岗人数测算（Erlang A）")


# --------------------------------------------------------------------------- plain text (selfeval calls)


def text_report(a: CallsAnalysis) -> list[str]:
    """The derived table as plain text lines for ``selfeval calls``: the same figures the book prints."""
    s, t, st = a.stats, a.stats.total, a.staffing
    files = "、".join(f"{name}（{grouped(n)}行）" for name, n in s.files)
    out = [
        f"{s.year}年 通话记录 {a.records.folder}：{len(s.files)}个文件，{grouped(t.offered)}行——{files}",
        f"  呼入 {grouped(t.offered)}  接通 {grouped(t.answered)}  未接通 {grouped(t.abandoned)}  接通率 {_rate(a, t.rate or 0)}"
        f"  放弃率 {_pct(t.abandon_share)}  20秒服务水平 {_pct(t.service_level_share)}",
        f"  平均处理时长 {_sec(t.aht_seconds)}秒 (通话 {_sec(t.talk_seconds)} + 话后 {_sec(t.wrap_seconds)})  平均应答等待 {_sec(t.asa_seconds)}秒"
        f"  平均耐心(估计) {_sec(t.patience_seconds)}秒",
        "",
        "  月份      呼入      接通    未接通   接通率  差额(达标)  处理时长",
    ]
    for loss, mt in zip(a.losses["month"], s.by_month.values()):
        counts = f"{loss.offered:>9,} {loss.answered:>9,} {loss.abandoned:>9,}"
        out.append(f"  {period_label(loss):>4} {counts} {_rate(a, loss.rate):>8} {loss.shortfall:>10,} {_sec(mt.aht_seconds):>9}")
    out += ["", "  时段      呼入   占全天    接通率  未接通"]
    for loss in a.losses["hour"]:
        assert loss.hour is not None
        out.append(f"  {period_label(loss):>4} {loss.offered:>9,} {_pct(s.hour_share(loss.hour)):>8} {_rate(a, loss.rate):>9} {loss.abandoned:>7,}")
    out += ["", "  星期      呼入    接通率"]
    for wd, wt in s.by_weekday.items():
        out.append(f"  {WEEKDAYS[wd]:>4} {wt.offered:>9,} {_rate(a, wt.rate or 0):>9}")
    out += ["", "  最繁忙日: " + "; ".join(f"{d.day} {d.offered:,}次 {_rate(a, d.rate)}" for d in s.busiest_days)]
    out.append("  最繁忙小时: " + "; ".join(f"{h.day} {h.hour}时 {h.offered:,}次" for h in s.busiest_hours))
    avail = {"measured": "按坐席工号实测", "assumed": f"按假设上限{st.ceiling}"}.get(st.available_source or "", "未知")
    out += [
        "",
        f"  Erlang A 逐小时（目标 {plain(st.target)}%，耐心 {st.patience_seconds}秒 {basis_word(st.patience_source)}，在岗：{avail}）",
        "  月份  日别   日期          呼入   接通率  峰值(时 需/在岗)  缺口小时  需求人时",
    ]
    for d in st.days:
        peak = d.peak
        kind = "最忙" if d.kind == "busiest" else "典型"
        avail_peak = "-" if peak.available is None else peak.available
        short = len(d.short_hours) if st.available_source else "-"
        out.append(
            f"  {d.month:>3}月 {kind}  {d.day}  {d.offered:>8,} {_rate(a, d.rate):>8}"
            f"  {peak.hour:>2}时 {peak.need:>4}/{avail_peak:<5}  {short:>7}  {d.need_agent_hours:>8,}"
        )
    return out
