"""Consistency checks beyond types: reported as warnings (build log and appendix), not errors."""

from __future__ import annotations

from decimal import Decimal

from ..contract.model import RatioIndicator
from ..figures import money, to_wan
from .results import Evaluation


def consistency_warnings(ev: Evaluation) -> list[str]:
    data = ev.data
    out: list[str] = []

    def at(name: str, loc: tuple, text: str) -> str:
        """'file: position' of a warning: a CSV/YAML field as worded before, or a workbook cell."""
        file, field = data.place(name, loc, text)
        return f"{file}: {field}" if field else file

    b = ev.budget
    rows: list[str] = [r.source for r in data.funding]
    for line in b.lines:
        if line.executed > line.budget:
            out.append(
                f"{at('funding.csv', (rows.index(line.source), 'executed'), line.source)}"
                f": executed {money(line.executed)} exceeds budget {money(line.budget)}万元 "
                "— the execution rate is capped at 100% for scoring; check the figures or record the budget adjustment"
            )
    if b.allocated is not None and b.allocated > b.budget:
        out.append(f"{at('budget.yaml', ('allocated',), '')}: allocated {money(b.allocated)} exceeds the budget {money(b.budget)}万元 — check the figures")
    cats = [c.amount for c in b.categories if c.amount is not None]
    if cats and len(cats) == len(b.categories):
        total = sum((to_wan(a, data.money_unit) for a in cats), Decimal(0))
        if total != b.executed:
            out.append(
                f"{at('budget.yaml', ('categories',), '')}: categories add up to {money(total)}"
                f", not the executed {money(b.executed)}万元 — check the category amounts"
            )
    ops = data.operations
    if ops is not None:
        lines = ops.lines
        if (
            lines
            and lines.prior_year_total is not None
            and lines.merged_this_year is not None
            and lines.prior_year_total + lines.merged_this_year != lines.total
        ):
            out.append(
                f"{at('operations.yaml', ('lines', 'total'), 'lines')}: prior_year_total {lines.prior_year_total} + merged_this_year "
                f"{lines.merged_this_year} ≠ total {lines.total} — check the three figures"
            )
        seats = ops.seats
        if seats and seats.full_outsourced is not None and seats.half_outsourced is not None and seats.full_outsourced + seats.half_outsourced != seats.total:
            out.append(
                f"{at('operations.yaml', ('seats', 'total'), 'seats')}: full_outsourced {seats.full_outsourced} + half_outsourced "
                f"{seats.half_outsourced} ≠ total {seats.total} — check the three figures"
            )
    for n, item in enumerate(ev.items):
        ind = item.indicator
        if isinstance(ind, RatioIndicator) and ind.formula == "ratio":
            equal = ind.numerator.value == ind.denominator.value
            if equal != (item.value.reported == 100):
                out.append(
                    f"{at('indicators.yaml', ('indicators', n, 'rounding'), ind.id)}: reported {item.value.reported}% but numerator "
                    f"{'=' if equal else '≠'} denominator — a rate is exactly 100% only when the counts are equal; check the rounding rule"
                )
    out.extend(_dates_before_the_year_ends(ev, at))
    return out


def _dates_before_the_year_ends(ev: Evaluation, at) -> list[str]:
    """编制日期 and 填报日期 are printed on the cover and the 自评表 a clerk signs; a report is written
    after its year, so a date before the year's end is most likely last year's, copied forward."""
    data = ev.data
    end = data.contract.year_period.end
    sign_off = data.project_file.sign_off
    dates = (("project", "report_date"), data.project.report_date), (("sign_off", "date"), sign_off.date if sign_off else None)
    return [
        f"{at('project.yaml', loc, '.'.join(loc))}: 日期{day.isoformat()}早于本年度项目实施时段的结束日{end.isoformat()}，"
        "多半是从上一年度复制而来 — 请改为本报告实际的编制（填报）日期，或删去此项（封面和自评表将留出空白日期待手写）"
        for loc, day in dates
        if day is not None and day < end
    ]
