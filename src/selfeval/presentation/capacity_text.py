"""Words and labels of the capacity appendix: the parameter table and the generated sentences.

The figures come from :mod:`selfeval.analyses.capacity` (and, with call records, from
:mod:`selfeval.analyses.calls`); this module only labels and words them, marking every
default value as （假设） and every value measured from call records as （实测）.

Why the wording differs with and without records: the report says the 接通率 missed because
the volume exceeded 话务员承载能力. Without records, the model's key inputs are assumptions,
so its result is presented as a sensitivity — where the verdict would flip
(:mod:`selfeval.analyses.capacity_sensitivity`) — never as a bare verdict that the staff was
enough. With records the inputs are measured and the hour-by-hour analysis of the busiest
days says where the staff fell short.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..analyses.calls.analysis import CallsAnalysis
from ..analyses.capacity import CapacityResult, Source, capacity_for_year, target_reachable
from ..analyses.capacity_sensitivity import Sensitivity, sensitivity
from ..contract import model as m
from ..figures import fixed, percent, plain
from .html_templates import render


@dataclass(frozen=True)
class AssumptionInfo:
    label: str  # 中文 name for the book's table
    unit: str
    basis: str  # why the default


ASSUMPTION_INFO: dict[str, AssumptionInfo] = {
    "aht_seconds": AssumptionInfo("平均处理时长（通话+话后处理）", "秒", "报告未载明；取5分钟（通话及工单记录）作为测算假设，结果对此最敏感"),
    "patience_seconds": AssumptionInfo("来电者平均耐心时长", "秒", "报告未载明；排队超过该时长的来电者逐步放弃"),
    "operating_hours_per_day": AssumptionInfo("每日人工服务时长", "小时", "取自服务时间（如“7×24小时”）；未载明时默认24小时"),
    "busy_hour_share": AssumptionInfo("忙时话务量占全天比例", "", "报告未载明；其余时段平均分摊"),
    "hourly_profile": AssumptionInfo("各小时话务分布", "", "各小时权重，按比例归一"),
    "day_factor": AssumptionInfo("设计日话务量/年日均话务量", "倍", "取1即按全年日均话务测算，不含月度高峰"),
    "occupancy_cap": AssumptionInfo("话务员占用率上限", "", "在岗时间中处理来电的比例上限，超过难以持续"),
    "shrinkage": AssumptionInfo("非接线时间占比", "", "休息、培训、会议、休假及处理其他渠道等"),
    "paid_hours_per_agent_year": AssumptionInfo("每名话务员年工作时间", "小时", "法定年工作日250天×8小时"),
}

_SHARE_FIELDS = ("busy_hour_share", "occupancy_cap", "shrinkage")  # shown as %
MEASURED: Source = "measured"
# how the book names where an assumption came from (table column 来源, and the tags in the sentences)
SOURCE_LABELS: dict[str, str] = {"default": "假设", "capacity.yaml": "分析人员设定", "operations.yaml": "运营数据", "scenario": "情景", "measured": "实测"}
MEASURED_BASIS: dict[str, str] = {
    "aht_seconds": "话务平台通话记录实测：接通来电的（通话时长+话后处理时长）÷接通数",
    "patience_seconds": "话务平台通话记录实测：全部来电者等待总时长÷放弃数（指数分布耐心时长的极大似然估计）",
    "operating_hours_per_day": "话务平台通话记录实测：有来电的小时数",
    "hourly_profile": "话务平台通话记录实测：全年各小时呼入量",
}


@dataclass(frozen=True)
class Assumption:
    """One row of the book's assumptions table."""

    name: str
    label: str
    value: str
    source: Source  # default = the documented default; otherwise the file (or scenario, or call records) it came from
    basis: str

    @property
    def is_default(self) -> bool:
        return self.source == "default"


def _format_assumption(name: str, value: Any, a: m.CapacityAssumptions, source: str = "") -> str:
    if name == "hourly_profile":
        if source == MEASURED:
            return f"{len(value)}个小时的实测分布（最忙小时占全天{plain(percent(a.busy_share))}%）"
        return "、".join(plain(w) for w in value)
    if name in _SHARE_FIELDS:
        return f"{plain(percent(value))}%"
    return plain(value)


def assumption_rows(r: CapacityResult) -> list[Assumption]:
    """The parameter table: value, where it came from (假设 = default, 实测 = call records), and its basis."""
    a = r.assumptions
    rows = []
    for name, info in ASSUMPTION_INFO.items():
        if name == "hourly_profile" and a.hourly_profile is None:
            continue
        if name == "busy_hour_share" and a.hourly_profile is not None:
            continue
        value = a.busy_share if name == "busy_hour_share" else getattr(a, name)
        source = r.sources[name]
        unit = "" if name in _SHARE_FIELDS or name == "hourly_profile" or not info.unit else info.unit
        basis = MEASURED_BASIS.get(name, info.basis) if source == MEASURED else info.basis
        rows.append(Assumption(name, info.label, _format_assumption(name, value, a, source) + unit, source, basis))
    return rows


MODEL_NOTE = "模型假定来电随机到达、处理时长与耐心时长服从指数分布，未计入重拨、其他渠道工作量和月度波动，结果用于判断量级，不是排班方案。"


def _tag(r: CapacityResult, name: str) -> str:
    source = r.sources.get(name)
    return f"（{SOURCE_LABELS[source]}）" if source in ("default", MEASURED) else ""


def _value(r: CapacityResult, name: str) -> str:
    return next(x.value for x in assumption_rows(r) if x.name == name)


def _model_sentences(r: CapacityResult) -> list[str]:
    """What the model was given and what the busy hour of the design day needs (no verdict)."""
    a = r.assumptions
    target = f"{plain(r.target)}%"
    profile = r.sources.get("hourly_profile", "")
    profile_source = f"{SOURCE_LABELS[profile]}，" if profile in ("default", MEASURED) else ""
    spread = (
        f"按各小时话务分布（{profile_source}忙时占全天{plain(r.hours[0].share)}%）"
        if a.hourly_profile is not None
        else f"按忙时话务量占全天{_value(r, 'busy_hour_share')}{_tag(r, 'busy_hour_share')}"
    )
    day = "" if a.day_factor == 1 else f"按设计日话务量为日均的{plain(a.day_factor)}倍{_tag(r, 'day_factor')}、"
    out = [
        f"采用排队论Erlang A模型（来电者排队过久会挂断）测算：{r.year}年总呼入{plain(r.calls_offered)}次，{day}日均{plain(r.daily_calls)}次；"
        f"{spread}、平均处理时长{plain(a.aht_seconds)}秒{_tag(r, 'aht_seconds')}、来电者平均耐心{plain(a.patience_seconds)}秒{_tag(r, 'patience_seconds')}计，"
        f"忙时呼入约{plain(r.busy_hour_calls)}次，话务负荷{fixed(r.busy_hour_load)}爱尔兰。"
    ]
    cap = f"{_value(r, 'occupancy_cap')}{_tag(r, 'occupancy_cap')}"
    if r.binding == "occupancy":
        out.append(
            f"忙时在岗话务员达到{r.busy_agents_for_rate}人即可使接通率达到{target}，但占用率将高达{fixed(r.busy_occupancy_for_rate)}%，难以持续；"
            f"按占用率不超过{cap}计，忙时需在岗{r.busy_agents}人。"
        )
    else:
        out.append(f"忙时需在岗话务员{r.busy_agents}人方可使接通率达到{target}（占用率{fixed(r.busy_occupancy)}%，未超过{cap}的上限）。")
    staff = (
        f"按非接线时间占比{_value(r, 'shrinkage')}{_tag(r, 'shrinkage')}、"
        f"每名话务员年工作{plain(a.paid_hours_per_agent_year)}小时{_tag(r, 'paid_hours_per_agent_year')}折算，"
        f"按全年日均话务量需话务员约{r.required_headcount}人"
    )
    out.append(staff + (f"（现有{r.actual_agents}人）。" if r.actual_agents is not None else "。"))
    if r.actual_seats is not None and r.seat_gap is not None:
        relation = f"超出现有坐席{r.actual_seats}个" if r.seat_gap > 0 else f"未超过现有坐席{r.actual_seats}个"
        out.append(f"忙时在岗需求{r.busy_agents}人，{relation}。")
    return out


def sensitivity_sentences(s: Sensitivity) -> list[str]:
    """Where the verdict flips, for a year whose inputs are assumed: a sensitivity, not a conclusion."""
    r, a = s.result, s.result.assumptions
    target = f"{plain(r.target)}%"
    flips = []
    if s.break_even_aht_seconds is not None:
        flips.append(f"平均处理时长超过{s.break_even_aht_seconds}秒（假设{plain(a.aht_seconds)}秒）")
    if s.break_even_day_factor is not None:
        excess = plain(s.break_even_day_excess)  # type: ignore[arg-type]
        flips.append(f"某一时期的话务量比全年日均高出{excess}%以上（设计日系数超过{plain(s.break_even_day_factor)}）")
    if not flips:
        head = f"即使按最有利的假设，{s.agents}名话务员也不足以使接通率达到{target}。"
    else:
        head = f"这一结果取决于假设：{'，或'.join(flips)}时，{s.agents}名话务员即不足以使接通率达到{target}。"
    out = [head]
    if s.seat_limit_share is not None and s.seats is not None:
        out.append(f"忙时话务量占全天比例超过{plain(s.seat_limit_share)}%（假设{_value(r, 'busy_hour_share')}）时，忙时所需在岗人数将超过{s.seats}个坐席。")
    out.append(
        "全年日均是平均数，话务量高于日均的月份、日子和时段所需人手更多，因此全年人手总量与日均需求相当，并不能说明高峰期话务员承载能力足够；"
        "平均处理时长、忙时话务占比和高峰期话务量需以话务平台通话记录实测，方能判断各月、各时段的实际人手缺口。"
    )
    return out


def capacity_result(data: m.YearData, analysis: CallsAnalysis | None = None) -> CapacityResult | None:
    """The capacity model: with call records on the measured inputs (实测), else on the year's assumptions."""
    if analysis is not None:
        return analysis.capacity
    return capacity_for_year(data)


def capacity_sentences(r: CapacityResult, s: Sensitivity | None = None) -> list[str]:
    """Generated sentences: measured inputs marked （实测）, defaults （假设）; with assumed inputs, the sensitivity."""
    measured = MEASURED in r.sources.values()
    out = []
    if not measured:
        out.append(
            f"{r.year}年未提供话务平台通话记录，以下为话务员需求的敏感性分析，而非人手是否充足的结论：平均处理时长、来电者耐心、忙时话务占比等关键参数未经实测（见下表）。"
        )
    out += _model_sentences(r)
    if s is not None:
        out += sensitivity_sentences(s)
    elif not measured and r.break_even_aht_seconds is not None and r.actual_agents is not None:
        out.append(
            f"其他条件不变时，平均处理时长超过{r.break_even_aht_seconds}秒，{r.actual_agents}名话务员即不足以按全年日均话务量使接通率达到{plain(r.target)}%。"
        )
    if measured:
        out.append("全年日均掩盖了月度和日内高峰，下文按各月最繁忙日和典型日逐小时测算在岗人数缺口。")
    out.append(MODEL_NOTE)
    return out


def capacity_summary(data: m.YearData, overrides: dict[str, Any] | None = None, analysis: CallsAnalysis | None = None) -> list[str]:
    """The chapter's sentences: measured (with records), the sensitivity (without), or why there is no model."""
    result = capacity_for_year(data, overrides) if overrides else capacity_result(data, analysis)
    if result is None and not target_reachable(data):
        return [f"{data.year}年接通率目标为100%。排队模型中总有来电者因等待而挂断，任何话务员人数都不能保证全部接通，故不作话务员需求测算。"]
    if result is None:
        return [f"{data.year}年未设置以呼入、接通数计算的接通率指标，不作话务员需求测算。"]
    measured = MEASURED in result.sources.values()
    return capacity_sentences(result, None if measured or overrides else sensitivity(data))


def sensitivity_table(data: m.YearData, analysis: CallsAnalysis | None = None) -> str:
    """Required headcount over handle time × day factor, cells above the agents on hand marked 不足 ('' with records)."""
    if analysis is not None:
        return ""
    s = sensitivity(data)
    if s is None:
        return ""
    base = s.result.assumptions.aht_seconds
    rows = [
        {
            "label": f"{aht}秒" + ("（假设值）" if aht == base else ""),
            "cells": [{"agents": s.grid[(aht, f)], "short": s.grid[(aht, f)] > s.agents} for f in s.day_factors],
        }
        for aht in s.aht_values
    ]
    caption = f"所需话务员人数的敏感性（现有{s.agents}人；列为设计日话务量与全年日均之比，行为平均处理时长，其余参数同上表）"
    return render("sensitivity.html.j2", caption=caption, factors=[fixed(f) for f in s.day_factors], rows=rows)
