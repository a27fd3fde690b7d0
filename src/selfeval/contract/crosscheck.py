"""Checks across a year's files, after each file validated on its own.

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
from ..figures import grouped
from . import model as m

ANSWER_RATE_ID = "answer_rate"
CAPACITY_MAX_AGENTS = 50_000  # agents on duty in one hour: the capacity model's documented limit (data/README.md)
MONTHS = tuple(range(1, 13))


def _named_id(data: m.YearData) -> str | None:
    return data.operations.answer_rate_indicator if data.operations else None


def _resolve(data: m.YearData, strict: bool) -> m.RatioIndicator | None:
    """The answer-rate indicator; with ``strict`` a named or needed one that is unusable is a DataError."""
    named = _named_id(data)
    ident = named or ANSWER_RATE_ID
    ind = next((i for i in data.indicators if i.id == ident), None)
    if ind is None:
        if named:
            ids = ", ".join(i.id for i in data.indicators)
            raise DataError(
                *data.place("operations.yaml", ("answer_rate_indicator",), "answer_rate_indicator"),
                f"'{named}' is not an indicator id in indicators.yaml",
                f"use one of {ids}",
            )
        return None
    if not isinstance(ind, m.RatioIndicator) or ind.formula != "ratio":
        if not strict:
            return None
        if named:
            file, field = data.place("operations.yaml", ("answer_rate_indicator",), "answer_rate_indicator")
        else:
            file, field = data.place("indicators.yaml", ("indicators", data.indicators.index(ind), "formula"), f"indicator {ind.id}")
        raise DataError(
            file,
            field,
            f"indicator '{ind.id}' has formula '{ind.formula}', but an answer rate is calls answered / calls offered",
            "give it formula: ratio with numerator = calls answered and denominator = calls offered, or name the right indicator",
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
            "has monthly calls but the year has no answer-rate indicator to add them up to",
            f"add an indicator with id '{ANSWER_RATE_ID}' (numerator calls answered, "
            f"denominator calls offered) to indicators.yaml, or name it in operations.yaml answer_rate_indicator",
        )
    _check_months(data, rows)
    n = data.indicators.index(ind)
    _check_total(
        data, rows, "calls_offered", ind.denominator, _annual(data, "indicators.yaml", ("indicators", n, "denominator", "value"), f"{ind.id} denominator")
    )
    _check_total(data, rows, "calls_answered", ind.numerator, _annual(data, "indicators.yaml", ("indicators", n, "numerator", "value"), f"{ind.id} numerator"))
    _check_service_volume(data, rows)


def _check_months(data: m.YearData, rows: list[m.MonthRow]) -> None:
    seen: set[int] = set()
    for n, r in enumerate(rows):
        if r.month in seen:
            raise DataError(*data.place("monthly.csv", (n, "month"), f"month {r.month}"), "appears twice", "keep exactly one row per month")
        seen.add(r.month)
    missing = [mo for mo in MONTHS if mo not in seen]
    if missing:
        names = "、".join(f"{mo}月" for mo in missing)
        raise DataError(
            *data.place("monthly.csv", ("month",), "column month"), f"{names} missing: the 12 months must each appear once", "add a row for every month 1–12"
        )
    for n, r in enumerate(rows):
        if r.calls_offered == 0:
            field = data.place("monthly.csv", (n, "calls_offered"), f"month {r.month}, column calls_offered")
            raise DataError(*field, "is 0, so the month has no 接通率", "enter the month's real calls offered")


def _annual(data: m.YearData, name: str, loc: tuple, what: str) -> str:
    """The annual figure a monthly sum is checked against, as a message names it: the file and
    field (``indicators.yaml answer_rate denominator``), or the workbook cell (``answer_rate denominator at 绩效指标!J3``)."""
    text = f"{name} {what}"
    _, field = data.place(name, loc, text)
    return text if field == text else f"{what} at {field}"


def _check_total(data: m.YearData, rows: list[m.MonthRow], column: str, count: m.Count, annual: str) -> None:
    total = sum(getattr(r, column) for r in rows)
    if total != count.value:
        raise DataError(
            *data.place("monthly.csv", (column,), f"column {column}"),
            f"the 12 months add up to {grouped(total)} but {annual} ({count.label}) is {grouped(count.value)} (difference {total - count.value:+,})",
            "correct the monthly figures or the annual count so that they agree",
        )


def _check_service_volume(data: m.YearData, rows: list[m.MonthRow]) -> None:
    given = [r for r in rows if r.service_volume is not None]
    if not given:
        return
    if len(given) != len(rows):
        n, empty = next((n, r) for n, r in enumerate(rows) if r.service_volume is None)
        field = data.place("monthly.csv", (n, "service_volume"), f"month {empty.month}, column service_volume")
        raise DataError(*field, "is empty while other months have it", "fill it in for every month, or leave the column out")
    annual = data.operations.service_volume if data.operations else None
    here = data.place("monthly.csv", ("service_volume",), "column service_volume")
    if annual is None:
        raise DataError(
            *here, "has monthly service volumes but operations.yaml has no annual service_volume to check them against", "add service_volume to operations.yaml"
        )
    total = sum(r.service_volume for r in given if r.service_volume is not None)
    if total != annual:
        raise DataError(
            *here,
            f"the 12 months add up to {grouped(total)} but {_annual(data, 'operations.yaml', ('service_volume',), 'service_volume')}"
            f" is {grouped(annual)} (difference {total - annual:+,})",
            "correct the monthly figures or the annual service_volume so that they agree",
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
        f"{grouped(offered)} calls offered in {days} days make a busiest hour of {grouped(math.ceil(load))} Erlangs "
        f"(handle time {a.aht_seconds} s, busy-hour share {float(busy):.1%}, day factor {a.day_factor})"
    )
    if for_rate > CAPACITY_MAX_AGENTS or "occupancy_cap" not in (data.capacity or {}):
        index = data.indicators.index(ind)
        raise DataError(
            *data.place("indicators.yaml", ("indicators", index, "denominator", "value"), f"indicator {ind.id} denominator"),
            f"{figures}, which needs at least {grouped(for_cap)} agents on duty: beyond the capacity model's limit of {grouped(CAPACITY_MAX_AGENTS)}",
            "check the annual counts (calls offered and answered: extra digits?) and the assumptions in capacity.yaml",
        )
    raise DataError(
        *data.place("capacity.yaml", ("occupancy_cap",), "occupancy_cap"),
        f"{a.occupancy_cap} means at least {grouped(for_cap)} agents on duty in the busiest hour ({figures}): "
        f"beyond the capacity model's limit of {grouped(CAPACITY_MAX_AGENTS)}",
        "use a realistic share of on-duty time spent on calls, such as the default 0.85",
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
    amounts: list[tuple[str, tuple, str, object]] = []
    for n, row in enumerate(data.funding):
        for column in ("budget", "executed", "initial_budget"):
            amounts.append(("funding.csv", (n, column), f"row {n + 2}, column {column}", getattr(row, column)))
    amounts.append(("budget.yaml", ("allocated",), "allocated", data.budget.allocated))
    for n, cat in enumerate(data.budget.categories):
        amounts.append(("budget.yaml", ("categories", n, "amount"), f"categories[{n}].amount", cat.amount))
    for name, loc, text, value in amounts:
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
                *data.place(name, loc, text),
                f"金额{value}有{places}位小数，超过以{unit}为单位的两位小数（报告按数据的金额单位保留两位小数打印金额）",
                fix,
            )
