"""Words and labels of the capacity appendix: the assumptions table and the generated sentences.

The figures come from :mod:`selfeval.analyses.capacity`; this module only labels and words
them, marking every default value as （假设）.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any, Optional

from ..analyses.capacity import CapacityResult, Source, capacity_for_year, target_reachable
from ..contract import model as m
from ..numbers import fixed, grouped, plain, round_fraction

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


@dataclass(frozen=True)
class Assumption:
    """One row of the book's assumptions table."""

    name: str
    label: str
    value: str
    source: Source  # 假设 = the documented default; otherwise the file (or scenario) it came from
    basis: str

    @property
    def is_default(self) -> bool:
        return self.source == "假设"


def _format_assumption(name: str, value: Any) -> str:
    if name == "hourly_profile":
        return "、".join(plain(w) for w in value)
    if name in _SHARE_FIELDS:
        return f"{plain(round_fraction(Fraction(value) * 100, 2, 'half_up'))}%"
    return plain(value)


def assumption_rows(r: CapacityResult) -> list[Assumption]:
    """The assumptions table: value, where it came from (假设 = default), and its basis."""
    a = r.assumptions
    rows = []
    for name, info in ASSUMPTION_INFO.items():
        if name == "hourly_profile" and a.hourly_profile is None:
            continue
        if name == "busy_hour_share" and a.hourly_profile is not None:
            continue
        value = a.busy_share if name == "busy_hour_share" else getattr(a, name)
        text = _format_assumption(name, value) + ("" if name in _SHARE_FIELDS or not info.unit else info.unit)
        rows.append(Assumption(name, info.label, text, r.sources[name], info.basis))
    return rows


MODEL_NOTE = "模型假定来电随机到达、处理时长与耐心时长服从指数分布，未计入重拨、其他渠道工作量和月度波动，结果用于判断量级，不是排班方案。"


def _tag(r: CapacityResult, name: str) -> str:
    return "（假设）" if r.sources.get(name) == "假设" else ""


def _value(r: CapacityResult, name: str) -> str:
    return next(x.value for x in assumption_rows(r) if x.name == name)


def _more_less(diff: int, unit: str) -> str:
    if diff > 0:
        return f"多{diff}{unit}"
    if diff < 0:
        return f"少{-diff}{unit}"
    return "持平"


def capacity_sentences(r: CapacityResult) -> list[str]:
    """Generated Chinese sentences; defaults are marked （假设） where they are used."""
    a = r.assumptions
    target = f"{plain(r.target)}%"
    spread = (
        f"按各小时话务分布{_tag(r, 'hourly_profile')}（忙时占全天{plain(r.hours[0].share)}%）"
        if a.hourly_profile is not None
        else f"按忙时话务量占全天{_value(r, 'busy_hour_share')}{_tag(r, 'busy_hour_share')}"
    )
    day = "" if a.day_factor == 1 else f"按设计日话务量为日均的{plain(a.day_factor)}倍{_tag(r, 'day_factor')}、"
    out = [
        f"采用排队论Erlang A模型（来电者排队过久会挂断）测算：{r.year}年总呼入{grouped(r.calls_offered)}次，{day}日均{grouped(r.daily_calls)}次；"
        f"{spread}、平均处理时长{plain(a.aht_seconds)}秒{_tag(r, 'aht_seconds')}、来电者平均耐心{plain(a.patience_seconds)}秒{_tag(r, 'patience_seconds')}计，"
        f"忙时呼入约{grouped(r.busy_hour_calls)}次，话务负荷{fixed(r.busy_hour_load)}爱尔兰。"
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
        f"按非接线时间占比{_value(r, 'shrinkage')}{_tag(r, 'shrinkage')}、每名话务员年工作{plain(a.paid_hours_per_agent_year)}小时{_tag(r, 'paid_hours_per_agent_year')}折算，"
        f"全年需话务员约{r.required_headcount}人"
    )
    if r.actual_agents is not None and r.headcount_gap is not None:
        staff += f"，比实际{r.actual_agents}人{_more_less(r.headcount_gap, '人')}"
    out.append(staff + "。")
    if r.headcount_gap is not None and r.headcount_gap <= 0:
        out.append(
            "该结果按全年日均话务量测算，不反映月度和日内高峰：全年人手总量与日均需求相当时，"
            "接通率仍可能在话务高峰月份和时段低于目标，需结合分月、分时段数据评估高峰期的人手缺口。"
        )
    if r.actual_seats is not None and r.seat_gap is not None and r.answer_rate_at_seats is not None:
        relation = f"超出现有坐席{r.actual_seats}个{r.seat_gap}个" if r.seat_gap > 0 else f"未超过现有坐席{r.actual_seats}个"
        out.append(f"忙时在岗需求{r.busy_agents}人，{relation}；若{r.actual_seats}个坐席在忙时全部有人在岗，按日均话务量测算的忙时接通率为{fixed(r.answer_rate_at_seats)}%。")
    if r.actual_agents is not None:
        if r.break_even_aht_seconds is None:
            out.append(f"即使平均处理时长仅1秒，{r.actual_agents}名话务员也不足以满足测算需要。")
        else:
            out.append(
                f"其他条件不变时，平均处理时长不超过{r.break_even_aht_seconds}秒，{r.actual_agents}名话务员即可满足测算需要；超过该值则人手不足。"
            )
    out.append(MODEL_NOTE)
    return out


def capacity_summary(data: m.YearData, overrides: Optional[dict[str, Any]] = None) -> list[str]:
    """The chapter's sentences: the model's, or the one sentence saying why there is no model."""
    result = capacity_for_year(data, overrides)
    if result is None and not target_reachable(data):
        return [
            f"{data.year}年接通率目标为100%。排队模型中总有来电者因等待而挂断，任何话务员人数都不能保证全部接通，"
            "故不作话务员需求测算。"
        ]
    if result is None:
        return [f"{data.year}年未设置以呼入、接通数计算的接通率指标，不作话务员需求测算。"]
    return capacity_sentences(result)
