"""A year's evaluation as tidy pandas DataFrames: what analysts explore and what tables and charts draw.

One row per observation, one column per variable, English column names (documented with
their report terms in ``docs/frames.md``). Values are copied from the evaluation, never
recomputed: a score here is the score on the 自评表.

Exact values stay exact: money, rates, weights and scores are ``Decimal`` columns, the
unrounded indicator value is a ``Fraction`` column, counts are integers (``Int64`` where a
value may be missing). Floats exist only in the copy :func:`for_chart` makes for drawing.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pandas as pd

from ..contract.crosscheck import answer_rate_indicator
from ..contract.model import QualitativeTarget
from ..evaluation.indicators import target_text
from ..evaluation.results import BUDGET_LEVEL1, BUDGET_NAME, Evaluation
from ..figures import TEN_THOUSAND, month_label, round_fraction
from .history import YearVolume, volume_history
from .monthly import monthly_rates

BUDGET_ITEM = "budget"  # the item of the 自评表's budget line in :func:`scores`

# Column → kind, in column order. Kinds: "str" text; "int" whole number; "Int64" whole number
# or <NA>; "bool"; "exact" Decimal/Fraction objects (or None), never floats.
INDICATOR_COLUMNS = {
    "id": "str",
    "name": "str",
    "level1": "str",
    "level2": "str",
    "formula": "str",
    "target_op": "str",
    "target_value": "exact",
    "target_unit": "str",
    "target_text": "str",
    "numerator_label": "str",
    "numerator": "Int64",
    "denominator_label": "str",
    "denominator": "Int64",
    "count_unit": "str",
    "exact": "exact",
    "reported": "exact",
    "reported_text": "str",
    "met": "bool",
    "weight": "exact",
    "score": "exact",
    "points_lost": "exact",
    "scoring_rule": "str",
    "steps": "Int64",
    "deduction": "exact",
    "form_position": "int",
}
SCORE_COLUMNS = {"item": "str", "name": "str", "level1": "str", "reported_text": "str", "weight": "exact", "score": "exact", "points_lost": "exact"}
FUNDING_COLUMNS = {"source": "str", "label": "str", "budget": "exact", "executed": "exact", "rate": "exact"}
VOLUME_COLUMNS = {
    "year": "int",
    "volume": "int",
    "unit": "str",
    "volume_wan": "exact",
    "contracted": "Int64",
    "contracted_wan": "exact",
    "multiple": "exact",
    "growth": "exact",
    "previous_year": "Int64",
}
MONTHLY_COLUMNS = {
    "month": "int",
    "label": "str",
    "calls_offered": "int",
    "calls_answered": "int",
    "service_volume": "Int64",
    "exact": "exact",
    "reported": "exact",
    "reported_text": "str",
    "met": "bool",
    "target_value": "exact",
}
_DTYPES = {"str": object, "int": "int64", "Int64": "Int64", "bool": bool, "exact": object}


def _frame(rows: list[dict], columns: dict[str, str]) -> pd.DataFrame:
    """A DataFrame with the declared dtypes: Decimal/Fraction objects kept as they are, counts as integers."""
    df = pd.DataFrame(rows, columns=list(columns), dtype=object)  # no inference: None stays None
    return df.astype({name: _DTYPES[kind] for name, kind in columns.items()})


def indicators(ev: Evaluation) -> pd.DataFrame:
    """One row per indicator, in indicators.yaml order (the 一览表's order); ``form_position`` is the 自评表's.

    ``exact`` is the unrounded value (a Fraction; None for qualitative), ``reported`` the value
    as printed (Decimal, rounded by the indicator's rule); ``met``, ``score`` and the rest
    are the evaluation's own results.
    """
    position = {it.indicator.id: n for n, it in enumerate(ev.form_items(), start=1)}
    rows = []
    for it in ev.items:
        ind, value, sc = it.indicator, it.value, it.score
        target = ind.target
        numeric = not isinstance(target, QualitativeTarget)
        num, den = getattr(ind, "numerator", None), getattr(ind, "denominator", None)
        rows.append(
            {
                "id": ind.id,
                "name": ind.name,
                "level1": ind.level1,
                "level2": ind.level2,
                "formula": ind.formula,
                "target_op": target.op if numeric else None,  # type: ignore[union-attr]
                "target_value": target.value if numeric else None,  # type: ignore[union-attr]
                "target_unit": target.unit if numeric else None,  # type: ignore[union-attr]
                "target_text": target_text(ind),
                "numerator_label": num.label if num else None,
                "numerator": num.value if num else None,
                "denominator_label": den.label if den else None,
                "denominator": den.value if den else None,
                "count_unit": num.unit if num else None,
                "exact": value.exact,
                "reported": value.reported,
                "reported_text": value.reported_text,
                "met": it.met,
                "weight": ind.weight,
                "score": sc.score,
                "points_lost": it.lost,
                "scoring_rule": ind.scoring.rule,
                "steps": sc.steps if ind.scoring.rule == "step_deduction" else None,
                "deduction": sc.deduction if ind.scoring.rule == "step_deduction" else None,
                "form_position": position[ind.id],
            }
        )
    return _frame(rows, INDICATOR_COLUMNS)


def scores(ev: Evaluation) -> pd.DataFrame:
    """The 自评表's scored items in its order: the budget line (item "budget") first, then the indicators.

    ``level1`` groups them as the form's subtotals do (the budget line is 预算执行); the
    subtotals and the total stay in ``ev.subtotals`` and ``ev.total`` (sums of these rounded scores).
    """
    b = ev.budget
    rows = [
        {
            "item": BUDGET_ITEM,
            "name": BUDGET_NAME,
            "level1": BUDGET_LEVEL1,
            "reported_text": f"{b.rate}%",
            "weight": b.weight,
            "score": b.score,
            "points_lost": b.lost,
        }
    ]
    for it in ev.form_items():
        ind = it.indicator
        rows.append(
            {
                "item": ind.id,
                "name": ind.name,
                "level1": ind.level1,
                "reported_text": it.value.reported_text,
                "weight": ind.weight,
                "score": it.score.score,
                "points_lost": it.lost,
            }
        )
    return _frame(rows, SCORE_COLUMNS)


def funding(ev: Evaluation) -> pd.DataFrame:
    """One row per funding source (市本级 → 转移支付 → 其他资金), amounts in 万元.

    ``rate`` is executed ÷ budget in %, rounded to 2 decimals like the total rate (budget.yaml
    ``rounding``); None when the source has no budget. The totals are ``ev.budget.budget``,
    ``ev.budget.executed`` and ``ev.budget.rate``.
    """
    mode = ev.data.budget.rounding
    rows = [
        {
            "source": line.source,
            "label": line.label,
            "budget": line.budget,
            "executed": line.executed,
            "rate": round_fraction(Fraction(line.executed) / Fraction(line.budget) * 100, 2, mode) if line.budget else None,
        }
        for line in ev.budget.lines
    ]
    return _frame(rows, FUNDING_COLUMNS)


def volumes(history: Iterable[YearVolume]) -> pd.DataFrame:
    """Service volume per year, oldest first, from :func:`selfeval.analyses.history.volume_history`.

    ``volume_wan``/``contracted_wan`` are the same counts in 万 (exact Decimals: 2871.7436);
    ``multiple`` = volume ÷ contracted volume, ``growth`` = % against ``previous_year``.
    """
    rows = [
        {
            "year": h.year,
            "volume": h.volume,
            "unit": h.unit,
            "volume_wan": Decimal(h.volume) / TEN_THOUSAND,
            "contracted": h.contracted,
            "contracted_wan": Decimal(h.contracted) / TEN_THOUSAND if h.contracted else None,
            "multiple": h.multiple,
            "growth": h.growth,
            "previous_year": h.previous_year,
        }
        for h in history
    ]
    return _frame(rows, VOLUME_COLUMNS)


def volume_history_frame(data_dir: str | Path, up_to: int | None = None) -> pd.DataFrame:
    """:func:`volumes` of every year in ``data_dir`` up to ``up_to`` that has a service volume."""
    return volumes(volume_history(data_dir, up_to))


def monthly(ev: Evaluation) -> pd.DataFrame:
    """The twelve months of monthly.csv with their 接通率, judged like the annual indicator.

    Empty (same columns, no rows) when the year has no monthly.csv or no answer-rate indicator.
    """
    by_month = {row.month: row for row in (ev.data.monthly or [])}
    ind = answer_rate_indicator(ev.data)
    target = None if ind is None or isinstance(ind.target, QualitativeTarget) else ind.target.value
    rows = [
        {
            "month": r.month,
            "label": month_label(r.month),
            "calls_offered": r.calls_offered,
            "calls_answered": r.calls_answered,
            "service_volume": getattr(by_month.get(r.month), "service_volume", None),
            "exact": r.exact,
            "reported": r.reported,
            "reported_text": r.text,
            "met": r.met,
            "target_value": target,
        }
        for r in monthly_rates(ev.data)
    ]
    return _frame(rows, MONTHLY_COLUMNS)


def for_chart(df: pd.DataFrame, *columns: str) -> pd.DataFrame:
    """A copy for drawing: the named Decimal/Fraction columns (default: every one) as float64.

    Altair cannot serialise Decimal or Fraction; charts need floats, tables and decisions never do.
    """
    out = df.copy()
    names = columns or [c for c in out.columns if out[c].map(lambda v: isinstance(v, (Decimal, Fraction))).any()]
    for col in names:
        out[col] = out[col].map(lambda v: float(v) if v is not None and not pd.isna(v) else float("nan")).astype("float64")
    return out
