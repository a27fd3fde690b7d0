"""Everything the book derives from a year's call records, computed once for the appendix.

The notebook asks for one :class:`CallsAnalysis` (or None without records) and hands it to
the sentence, table and chart helpers, so that no figure is derived twice.
"""

from __future__ import annotations

from dataclasses import dataclass

from ...contract import model as m
from ...contract.crosscheck import answer_rate_indicator
from ..capacity import CapacityResult
from .records import CallRecords
from .staffing import Staffing, measured_capacity, staffing
from .stats import CallStats, Loss, call_stats, losses


@dataclass(frozen=True)
class CallsAnalysis:
    data: m.YearData  # with monthly counts from the records
    indicator: m.RatioIndicator  # the answer-rate indicator the records reconcile with
    records: CallRecords
    stats: CallStats
    losses: dict[str, list[Loss]]  # year, month, hour, cell
    staffing: Staffing
    capacity: CapacityResult | None  # the capacity model with measured inputs


def analyse(data: m.YearData, records: CallRecords | None) -> CallsAnalysis | None:
    """The analysis of a year's records; None without records (loading already required an answer-rate indicator)."""
    if records is None:
        return None
    from . import with_monthly  # the package imports this module

    ind = answer_rate_indicator(data)
    assert ind is not None  # reconcile() refuses records without one
    data = with_monthly(data, records)
    stats = call_stats(records, data.year)
    plan = staffing(records, stats, data)
    assert plan is not None
    return CallsAnalysis(data, ind, records, stats, losses(stats, ind), plan, measured_capacity(data, stats))
