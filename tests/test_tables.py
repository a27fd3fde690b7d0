"""The report's tables as a reader scans them: figures right-aligned, 小计/总分 in bold, 类别 merged,
否 highlighted, and the column that names the rows marked to stay in view on a phone."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from selfeval.api import open_year
from selfeval.presentation import tables

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def ev():
    return open_year(ROOT / "data", 2021)


def cells(table_html: str) -> list[list[tuple[str, str]]]:
    """Each row's cells as (attributes, text), heading row first."""
    return [re.findall(r"<t[hd]([^>]*)>(.*?)</t[hd]>", row) for row in re.findall(r"<tr[^>]*>(.*?)</tr>", table_html)]


def test_score_table_merges_bolds_and_aligns(ev):
    html = tables.score_table(ev)
    rows = cells(html)
    assert rows[0][1] == (' class="key"', "指标")
    assert rows[1] == [("", "预算执行"), (' class="text key"', "预算完成率"), (' class="num"', "100.00%"), (' class="num"', "10"), (' class="num"', "10.00")]
    assert rows[2][0] == (' rowspan="5"', "产出指标")  # four indicators and their 小计 under one 类别 cell
    assert rows[3][0] == (' class="text key"', "对群众办理结果不满意的回访率")  # no repeated 产出指标
    assert rows[7][0] == (' rowspan="4"', "效益指标")
    assert rows[11] == [(' colspan="2" class="key"', "总分"), (' class="num"', ""), (' class="num"', "100"), (' class="num"', "99.70")]
    assert rows[12][0][1] == "自评等级" and rows[12][-1][1] == "优"
    sums = re.findall(r'<tr class="sum">(.*?)</tr>', html)
    assert [re.findall(r">([^<]*)</td>", row)[0] for row in sums] == ["小计", "小计", "总分", "自评等级"]  # the rows set in bold


def test_indicator_table_highlights_a_miss_and_keeps_the_name_in_view(ev):
    rows = cells(tables.indicator_table(ev))
    assert rows[0][1] == (' class="key"', "项目主要绩效指标")
    answer = next(r for r in rows if r[1][1] == "月度话务接通率")
    assert answer[1][0] == ' class="key"' and answer[2] == (' class="num"', "≥95%") and answer[-1] == (' class="missed"', "否")
    assert all(r[-1] == ("", "是") for r in rows[1:] if r[1][1] != "月度话务接通率")


def test_plain_tables_right_align_their_figure_columns(ev):
    rows = cells(tables.funding_table(ev))
    assert rows[1] == [(' class="key"', "总额"), (' class="num"', "13,410.06"), (' class="num"', "13,410.06"), (' class="num"', "100.00%")]
    assert rows[3][-1] == (' class="num"', "—")  # a dash in a figure column stays aligned with the figures
    assert tables.figure_columns([["自评总分", "99.70", "+0.22分"], ["自评等级", "优", "相同"], ["达标指标数", "6/7", "-1个"]]) == [False, True, True]
    assert [tables.is_figure(t) for t in ("13,410.06", "≥95%", "+2.00个百分点", "2.37倍", "—", "达标", "降低2.12个百分点")] == [
        True,
        True,
        True,
        True,
        False,
        False,
        False,
    ]
