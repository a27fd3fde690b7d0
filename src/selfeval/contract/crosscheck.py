"""Checks across a year's files, after each file validated on its own.

The rules between files of one year: the fiscal year matches the folder and contains the
implementation period; the budget is not all zero; indicator ids are unique; the weights add
up to the form's total; the twelve months add up to the annual counts; the answer-rate
indicator is a rate; the capacity model stays within its limit. ``validate_year``
(:mod:`.load`) calls each as soon as the files it needs are validated.

Why here, in the contract layer: these are facts about the data (the twelve months add up to
the annual counts, a named answer-rate indicator exists and is a rate), so a year that breaks
them never reaches evaluation. Messages name the file the analyst must correct.

Which indicator is "the answer rate": ``operations.yaml`` ``answer_rate_indicator`` names its
id; without it, the indicator with id ``answer_rate`` (if the year has one).
"""

from __future__ import annotations

import math
import re
from fractions import Fraction

from ..errors import DataError
from ..figures import grouped, plain
from . import model as m
from .labels import column_name, field_name
from .raw import RawSource

ANSWER_RATE_ID = "answer_rate"
RATE_FIELD = "接通率指标编号（answer_rate_indicator）"
CAPACITY_MAX_AGENTS = 50_000  # agents on duty in one hour: the capacity model's documented limit (data/README.md)
MONTHS = tuple(range(1, 13))


def check_fiscal_year(project: m.ProjectFile, src: RawSource, folder_name: str) -> None:
    """年度 (fiscal_year) is the year folder's name."""
    if folder_name.isdigit() and project.fiscal_year != int(folder_name):
        raise DataError(src.file, src.where(("fiscal_year",)), f"为{project.fiscal_year}，但年度文件夹是{folder_name}", "两者改为同一年度")


def check_year_period(project: m.ProjectFile, src: RawSource) -> None:
    """The year's implementation period (本年度实施起/止) lies within the fiscal year."""
    yp, year = project.contract.year_period, project.fiscal_year
    if yp.start.year != year or yp.end.year != year:
        raise DataError(
            src.file, src.where(("contract", "year_period")), f"{yp.start}至{yp.end}不在{year}财政年度内", f"填写{year}-01-01至{year}-12-31之间的日期"
        )


def check_budget_total(funding: list[m.FundingRow], src: RawSource) -> None:
    """Some 年度预算数 is not 0: the execution rate divides by it."""
    if sum(row.budget for row in funding) == 0:
        raise DataError(src.file, src.where(("budget",)), "各来源的年度预算数都是0，无法计算预算执行率（预算完成数÷年度预算数）", "填写本年度的预算数")


def check_indicator_ids(indicators: m.IndicatorsFile, src: RawSource) -> None:
    """Every 指标编号 (id) is used once: years are compared and placeholders resolved by id."""
    ids: dict[str, int] = {}
    for i, ind in enumerate(indicators.indicators):
        if ind.id in ids:
            raise DataError(
                src.file,
                src.where(("indicators", i, "id")),
                f"“{ind.id}”已被第{ids[ind.id] + 1}个指标（indicators[{ids[ind.id]}]）使用",
                "每个指标使用不同的指标编号",
            )
        ids[ind.id] = i


def check_weights(indicators: m.IndicatorsFile, budget: m.Budget, src: RawSource) -> None:
    """预算完成率分值 + the indicators' 分值 = 分值合计 (weights_total, 100 unless set)."""
    weights = sum(i.weight for i in indicators.indicators)
    if budget.weight + weights != indicators.weights_total:
        explicit = isinstance(src.data, dict) and "weights_total" in src.data
        raise DataError(
            src.file,
            src.where(("weight",)) if src.cells else "分值（weight）",
            f"各指标分值{plain(weights)} + 预算完成率分值{plain(budget.weight)} = {plain(budget.weight + weights)}"
            f"，不等于分值合计{plain(indicators.weights_total)}",
            "改正各项分值" + ("" if explicit else "；如本项目自评表的总分确实不是100，设置分值合计（weights_total）"),
        )


def _named_id(data: m.YearData) -> str | None:
    return data.operations.answer_rate_indicator if data.operations else None


def _resolve(data: m.YearData, strict: bool) -> m.RatioIndicator | None:
    """The answer-rate indicator; with ``strict`` a named or needed one that is unusable is a DataError."""
    named = _named_id(data)
    ident = named or ANSWER_RATE_ID
    ind = next((i for i in data.indicators if i.id == ident), None)
    if ind is None:
        if named:
            ids = "、".join(i.id for i in data.indicators)
            raise DataError(
                *data.place("operations.yaml", ("answer_rate_indicator",), RATE_FIELD),
                f"“{named}”不是 indicators.yaml（绩效指标）中的指标编号",
                f"填写 {ids} 之一",
            )
        return None
    if not isinstance(ind, m.RatioIndicator) or ind.formula != "ratio":
        if not strict:
            return None
        if named:
            file, field = data.place("operations.yaml", ("answer_rate_indicator",), RATE_FIELD)
        else:
            file, field = data.place("indicators.yaml", ("indicators", data.indicators.index(ind), "formula"), f"计算公式（formula，指标 {ind.id}）")
        raise DataError(
            file,
            field,
            f"指标“{ind.id}”的计算公式是“{ind.formula}”，但接通率是接通数÷呼入数",
            "把它的计算公式改为比率（ratio），分子为接通数、分母为呼入数；或指明正确的接通率指标",
        )
    return ind


def answer_rate_indicator(data: m.YearData) -> m.RatioIndicator | None:
    """The indicator whose numerator/denominator are calls answered/offered, or None if the year has none.

    Loading has already rejected a named indicator that is missing or not a ratio, so here
    None simply means "this year has no answer-rate indicator" (e.g. a non-hotline project).
    """
    return _resolve(data, strict=False)


def check_monthly(data: m.YearData) -> None:
    """Raise DataError unless monthly.csv (if any) adds up to the year's annual counts.

    Also checks a named ``answer_rate_indicator`` even when there is no monthly.csv, so a
    typo there is caught at load time rather than when a chapter is built. Positions come
    from ``data.place`` (a CSV's "month 3, column calls_offered", or a workbook cell).
    """
    rows = data.monthly
    ind = _resolve(data, strict=rows is not None or _named_id(data) is not None)
    if rows is None:
        return
    if ind is None:
        raise DataError(
            *data.place("monthly.csv", (), ""),
            "有分月话务，但本年度没有可与之核对的接通率指标",
            f"在 indicators.yaml（绩效指标）中添加指标编号为“{ANSWER_RATE_ID}”的指标（分子为接通数，分母为呼入数），"
            f"或在 operations.yaml（运营情况）的接通率指标编号（answer_rate_indicator）中指明",
        )
    _check_months(data, rows)
    n = data.indicators.index(ind)
    _check_total(
        data, rows, "calls_offered", ind.denominator, _annual(data, "indicators.yaml", ("indicators", n, "denominator", "value"), f"指标 {ind.id} 的分母数值")
    )
    _check_total(
        data, rows, "calls_answered", ind.numerator, _annual(data, "indicators.yaml", ("indicators", n, "numerator", "value"), f"指标 {ind.id} 的分子数值")
    )
    _check_service_volume(data, rows)


def _check_months(data: m.YearData, rows: list[m.MonthRow]) -> None:
    seen: set[int] = set()
    for n, r in enumerate(rows):
        if r.month in seen:
            raise DataError(*data.place("monthly.csv", (n, "month"), f"{r.month}月"), "出现了两次", "每月只保留一行")
        seen.add(r.month)
    missing = [mo for mo in MONTHS if mo not in seen]
    if missing:
        names = "、".join(f"{mo}月" for mo in missing)
        raise DataError(*data.place("monthly.csv", ("month",), "月份（month）列"), f"缺少{names}：12个月应各有一行", "为1–12月每月添加一行")
    for n, r in enumerate(rows):
        if r.calls_offered == 0:
            field = data.place("monthly.csv", (n, "calls_offered"), f"{r.month}月，呼入数（calls_offered）")
            raise DataError(*field, "为0，该月无法计算接通率", "填写该月实际的呼入数")


def _annual(data: m.YearData, name: str, loc: tuple, what: str) -> str:
    """The annual figure a monthly sum is checked against, as a message names it: the file and
    field (``indicators.yaml 指标 answer_rate 的分母数值``), or the workbook cell (``绩效指标!J3 指标 answer_rate 的分母数值``)."""
    text = f"{name} {what}"
    _, field = data.place(name, loc, text)
    return text if field == text else f"{field} {what}"


def _check_total(data: m.YearData, rows: list[m.MonthRow], column: str, count: m.Count, annual: str) -> None:
    total = sum(getattr(r, column) for r in rows)
    if total != count.value:
        raise DataError(
            *data.place("monthly.csv", (column,), f"{column_name('monthly.csv', column)}列"),
            f"12个月合计{grouped(total)}，但{annual}（{count.label}）为{grouped(count.value)}（相差{total - count.value:+,}）",
            "改正分月数或年度计数，使两者一致",
        )


def _check_service_volume(data: m.YearData, rows: list[m.MonthRow]) -> None:
    given = [r for r in rows if r.service_volume is not None]
    if not given:
        return
    if len(given) != len(rows):
        n, empty = next((n, r) for n, r in enumerate(rows) if r.service_volume is None)
        field = data.place("monthly.csv", (n, "service_volume"), f"{empty.month}月，服务量（service_volume）")
        raise DataError(*field, "为空，而其他月份有服务量", "每月都填写，或删去这一列")
    annual = data.operations.service_volume if data.operations else None
    here = data.place("monthly.csv", ("service_volume",), "服务量（service_volume）列")
    if annual is None:
        raise DataError(*here, "有分月服务量，但 operations.yaml（运营情况）没有可核对的年度服务量（service_volume）", "在 operations.yaml 中填写年度服务量")
    total = sum(r.service_volume for r in given if r.service_volume is not None)
    if total != annual:
        raise DataError(
            *here,
            f"12个月合计{grouped(total)}，但{_annual(data, 'operations.yaml', ('service_volume',), '年度服务量（service_volume）')}"
            f"为{grouped(annual)}（相差{total - annual:+,}）",
            "改正分月数或年度服务量，使两者一致",
        )


def reported_hours_per_day(operations: m.Operations | None) -> int | None:
    """Hours per day from operations.yaml service_hours such as "7×24小时" (a real figure), else None."""
    text = operations.service_hours if operations else None
    match = re.search(r"\d+\s*[×xX*]\s*(\d+)", text or "")
    hours = int(match.group(1)) if match else None
    return hours if hours is not None and 1 <= hours <= 24 else None


def check_capacity(data: m.YearData) -> None:
    """Refuse a year whose capacity model would need more than :data:`CAPACITY_MAX_AGENTS`
    agents on duty in the busiest hour, before any notebook runs.

    Why at load time: the staffing search is bounded (:mod:`selfeval.analyses.erlang`), but
    an analyst should learn which figure is out of range, with the file to correct, rather
    than see a notebook fail. The bound used here is exact and cheap: at the required
    staffing the answer rate is at least the target, the agents carry at most one call each
    (n ≥ target × load) and their occupancy stays under the cap (n ≥ target × load ÷ cap).
    A 100% target is not modelled (callers hang up, so it is never reached) and not checked.
    """
    ind = _resolve(data, strict=False)
    a = data.assumptions
    if ind is None or a is None or ind.target.value >= 100:
        return
    yp = data.contract.year_period
    days = (yp.end - yp.start).days + 1
    offered = ind.denominator.value
    busy = a.busy_share
    load = Fraction(offered, days) * Fraction(a.day_factor) * busy * Fraction(a.aht_seconds) / 3600
    target = Fraction(ind.target.value) / 100
    for_rate = math.ceil(target * load)
    for_cap = math.ceil(target * load / Fraction(a.occupancy_cap))
    if for_cap <= CAPACITY_MAX_AGENTS:
        return
    figures = (
        f"{days}天呼入{grouped(offered)}次，忙时话务量达{grouped(math.ceil(load))}爱尔兰"
        f"（平均处理时长{a.aht_seconds}秒，忙时话务占比{float(busy):.1%}，设计日系数{a.day_factor}）"
    )
    if for_rate > CAPACITY_MAX_AGENTS or "occupancy_cap" not in (data.capacity or {}):
        index = data.indicators.index(ind)
        raise DataError(
            *data.place("indicators.yaml", ("indicators", index, "denominator", "value"), f"分母数值（indicators[{index}].denominator.value，指标 {ind.id}）"),
            f"{figures}，至少需要{grouped(for_cap)}名话务员同时在岗，超出话务员测算模型的上限{grouped(CAPACITY_MAX_AGENTS)}",
            "核对年度计数（呼入数、接通数：是否多了位数？）和 capacity.yaml（测算假设）中的假设",
        )
    raise DataError(
        *data.place("capacity.yaml", ("occupancy_cap",), "占用率上限（occupancy_cap）"),
        f"{a.occupancy_cap}意味着忙时至少需要{grouped(for_cap)}名话务员同时在岗（{figures}），超出话务员测算模型的上限{grouped(CAPACITY_MAX_AGENTS)}",
        "填写实际的在岗接线时间占比，如默认值0.85",
    )


MONEY_PLACES = 2  # money prints in the data's own unit with 2 decimals: 万元 to 百元, 元 to 分


def check_money_places(data: m.YearData) -> None:
    """Refuse an amount with more than 2 decimals in the year's ``money_unit``.

    Why: the book prints money in the data's own unit with exactly 2 decimals (data/README.md,
    "Money"), so that every printed sum adds up and every printed rate can be recomputed from
    the printed amounts. 207.4538 (万元) would print as 207.45 and no longer be the figure the
    rate was computed from; in 元 it is 2074538.00 exactly.
    """
    unit = data.money_unit
    amounts: list[tuple[tuple[str, str], object]] = []
    for n, row in enumerate(data.funding):
        for column in ("budget", "executed", "initial_budget"):
            amounts.append((data.row_place("funding.csv", (n, column)), getattr(row, column)))
    amounts.append((data.place("budget.yaml", ("allocated",), field_name("budget.yaml", ("allocated",))), data.budget.allocated))
    for n, cat in enumerate(data.budget.categories):
        loc = ("categories", n, "amount")
        amounts.append((data.place("budget.yaml", loc, field_name("budget.yaml", loc)), cat.amount))
    for place, value in amounts:
        if value is None:
            continue
        exponent = value.normalize().as_tuple().exponent  # type: ignore[attr-defined]
        places = -exponent if isinstance(exponent, int) and exponent < 0 else 0
        if places > MONEY_PLACES:
            fix = "金额保留两位小数"
            if unit == "万元":
                in_yuan = f"{value * 10000:f}".rstrip("0").rstrip(".")  # type: ignore[operator]
                fix += f"；需要更精确时，把项目信息的金额单位（money_unit）改为元，并以元填写全部金额（{value}万元即{in_yuan}元）"
            raise DataError(
                *place,
                f"金额{value}有{places}位小数，超过以{unit}为单位的两位小数（报告按数据的金额单位保留两位小数打印金额）",
                fix,
            )
