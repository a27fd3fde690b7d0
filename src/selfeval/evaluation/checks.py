"""Consistency checks beyond types: reported as warnings (build log and appendix), not errors."""

from __future__ import annotations

from decimal import Decimal

from ..contract.labels import field_name
from ..contract.model import RatioIndicator
from ..errors import FIX_MARK, SEP
from ..figures import money, to_wan
from .results import Evaluation


def consistency_warnings(ev: Evaluation) -> list[str]:
    data = ev.data
    out: list[str] = []

    def at(name: str, loc: tuple, text: str) -> str:
        """'file：position' of a warning: a CSV/YAML field as named in messages, or a workbook cell."""
        file, field = data.place(name, loc, text)
        return f"{file}{SEP}{field}" if field else file

    b = ev.budget
    rows: list[str] = [r.source for r in data.funding]
    for line in b.lines:
        if line.executed > line.budget:
            out.append(
                f"{at('funding.csv', (rows.index(line.source), 'executed'), f'{line.label}（{line.source}）的预算完成数（executed）')}"
                f"{SEP}预算完成数{money(line.executed)}万元超过年度预算数{money(line.budget)}万元"
                f"（评分时预算执行率按100%计）{FIX_MARK}核对数字，或记录预算调整"
            )
    if b.allocated is not None and b.allocated > b.budget:
        out.append(
            f"{at('budget.yaml', ('allocated',), '已下达金额（allocated）')}{SEP}"
            f"已下达金额{money(b.allocated)}万元超过年度预算数{money(b.budget)}万元{FIX_MARK}核对数字"
        )
    cats = [c.amount for c in b.categories if c.amount is not None]
    if cats and len(cats) == len(b.categories):
        total = sum((to_wan(a, data.money_unit) for a in cats), Decimal(0))
        if total != b.executed:
            out.append(
                f"{at('budget.yaml', ('categories',), '开支内容（categories）')}{SEP}各项开支金额合计{money(total)}万元"
                f"，不等于预算完成数{money(b.executed)}万元{FIX_MARK}核对各项开支金额"
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
                f"{at('operations.yaml', ('lines', 'total'), '专线总数（lines.total）')}{SEP}上年末专线数{lines.prior_year_total} + 本年整合专线数"
                f"{lines.merged_this_year} ≠ 专线总数{lines.total}{FIX_MARK}核对这三个数"
            )
        seats = ops.seats
        if seats and seats.full_outsourced is not None and seats.half_outsourced is not None and seats.full_outsourced + seats.half_outsourced != seats.total:
            out.append(
                f"{at('operations.yaml', ('seats', 'total'), '坐席规模（seats.total）')}{SEP}全外包坐席{seats.full_outsourced} + 半外包坐席"
                f"{seats.half_outsourced} ≠ 坐席规模{seats.total}{FIX_MARK}核对这三个数"
            )
    for n, item in enumerate(ev.items):
        ind = item.indicator
        if isinstance(ind, RatioIndicator) and ind.formula == "ratio":
            equal = ind.numerator.value == ind.denominator.value
            if equal != (item.value.reported == 100):
                out.append(
                    f"{at('indicators.yaml', ('indicators', n, 'rounding'), f'修约方式（indicators[{n}].rounding，指标 {ind.id}）')}"
                    f"{SEP}完成值为{item.value.reported}%，但分子"
                    f"{'=' if equal else '≠'}分母：只有两个计数相等时比率才恰为100%{FIX_MARK}核对修约方式"
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
        f"{at('project.yaml', loc, field_name('project.yaml', loc))}{SEP}日期{day.isoformat()}早于本年度项目实施时段的结束日{end.isoformat()}，"
        f"多半是从上一年度复制而来{FIX_MARK}请改为本报告实际的编制（填报）日期，或删去此项（封面和自评表将留出空白日期待手写）"
        for loc, day in dates
        if day is not None and day < end
    ]
