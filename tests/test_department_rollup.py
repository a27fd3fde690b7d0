"""The department's roll-up (部门整体支出绩效自评), recomputed independently.

A synthetic portfolio (6 projects × 2 years, money in 元 and 万元, forms of 100 points and not)
is evaluated; each project-year's book record is made as a build makes it (the manifest's fields)
and read back as the department build reads it (bounded, from JSON); the roll-up of each year is
then compared with figures this test computes its own way: the money from the generator's record
of what it wrote (in 元, ÷ 10000 here), scores and grades from each project's own evaluation,
with this file's own sums, divisions and half-up rounding. No book is built.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

import pytest

from portfolio_fixtures import write_portfolio
from selfeval.analyses.portfolio import MissedIndicator, ProjectResult, change, rollup
from selfeval.bookbuild.pipeline import review_counts
from selfeval.bookbuild.yearlist import PublishedYear, manifest_fields
from selfeval.department.published import project_result
from selfeval.presentation.checked_year import checked_year
from selfeval.presentation.department_pages import RowInput, landing_html, rollup_html
from selfeval.presentation.review import open_findings, year_findings

SEED, PROJECTS, YEARS = 1, 6, 2
manifests: dict = {}  # (project, year) → the book record the module fixture made


def half_up(value: Fraction) -> Decimal:
    """This test's own rounding: 2 decimals, half away from zero (Decimal's, not the package's)."""
    return (Decimal(value.numerator) / Decimal(value.denominator)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


@pytest.fixture(scope="module")
def portfolio(tmp_path_factory):
    base = tmp_path_factory.mktemp("department")
    data = base / "data"
    pf = write_portfolio(data, PROJECTS, YEARS, SEED)
    html = base / "html"
    html.mkdir()
    records = {}
    for e in pf.entries:
        ev = checked_year(data / e.project, e.year)
        findings = year_findings(ev)
        man = json.loads(json.dumps({"review": review_counts(findings), **manifest_fields(ev, html)}, ensure_ascii=False))
        result = project_result(e.project, PublishedYear.read(e.year, man))
        records[(e.project, e.year)] = (e, ev, findings, result)
        manifests[(e.project, e.year)] = man
    return records


def _year(records, year):
    return [v for (_, y), v in sorted(records.items()) if y == year]


def test_the_portfolio_mixes_units_and_form_sizes(portfolio):
    units = Counter(ev.data.money_unit for _, ev, _, _ in portfolio.values())
    sizes = {ev.total_weight for _, ev, _, _ in portfolio.values()}
    assert units["元"] >= 2 and units["万元"] >= 2
    assert len(sizes) >= 2 and Decimal(100) in sizes  # a form of 110 (or 40) is counted on its 100-point scale


@pytest.mark.parametrize("year", [2022, 2023])
def test_rollup_figures_recomputed_independently(portfolio, year):
    entries = _year(portfolio, year)
    r = rollup(year, [res for _, _, _, res in entries])
    budget_yuan = sum(Fraction(e.budget_yuan) for e, _, _, _ in entries)
    executed_yuan = sum(Fraction(e.executed_yuan) for e, _, _, _ in entries)
    assert r.projects == PROJECTS
    assert Fraction(r.budget) == budget_yuan / 10000 and Fraction(r.executed) == executed_yuan / 10000  # 万元, exact
    assert r.rate == half_up(executed_yuan / budget_yuan * 100)
    weighted = sum(Fraction(e.budget_yuan) * Fraction(ev.scaled_total) for e, ev, _, _ in entries) / budget_yuan
    assert r.weighted_score == half_up(weighted)
    grades = Counter(ev.grade for _, ev, _, _ in entries)
    assert dict(r.grades) == {g: grades.get(g, 0) for g in ("优", "良", "中", "差")}
    for floor in (90, 80):
        below = sorted(e.project for e, ev, _, _ in entries if ev.scaled_total < floor)
        assert sorted(p.project for p in dict(r.below)[Decimal(floor)]) == below
    assert (r.met, r.indicators) == (sum(len(ev.met) for _, ev, _, _ in entries), sum(len(ev.items) for _, ev, _, _ in entries))
    # indicators missed in several projects: the generator's record of the misses, grouped here by 一级/二级指标
    groups: dict[tuple[str, str], set[str]] = {}
    for e, ev, _, _ in entries:
        for ident in e.missed:
            ind = ev.item(ident).indicator
            groups.setdefault((ind.level1, ind.level2), set()).add(e.project)
    assert {g.key: g.projects for g in r.missed_groups} == {k: len(v) for k, v in groups.items() if len(v) >= 2}
    # open review findings by 审核要点, from each project's own findings
    by_check: dict[str, Counter] = {}
    for e, _, findings, _ in entries:
        for f in open_findings(findings):
            by_check.setdefault(f.check, Counter())[e.project] += 1
    assert {f.check: (f.projects, f.findings) for f in r.findings} == {c: (len(n), sum(n.values())) for c, n in by_check.items()}
    assert [f.projects for f in r.findings] == sorted((f.projects for f in r.findings), reverse=True)


def test_changes_against_the_previous_year(portfolio):
    now, before = (rollup(y, [res for _, _, _, res in _year(portfolio, y)]) for y in (2023, 2022))
    c = change(now, before)
    b23, b22 = (sum(Fraction(e.budget_yuan) for e, _, _, _ in _year(portfolio, y)) for y in (2023, 2022))
    assert Fraction(c.budget) == (b23 - b22) / 10000
    assert c.budget_growth == half_up((b23 - b22) / b22 * 100)
    assert c.rate == now.rate - before.rate and c.weighted_score == now.weighted_score - before.weighted_score
    assert dict(c.grades) == {g: now.grade_count(g) - before.grade_count(g) for g in ("优", "良", "中", "差")}
    assert c.open_findings == now.open_findings - before.open_findings


def test_the_rollup_page_prints_the_figures(portfolio):
    now, before = (rollup(y, [res for _, _, _, res in _year(portfolio, y)]) for y in (2023, 2022))
    page = rollup_html(now, change(now, before), {}, [], ["某部门"])
    assert "2023年度部门整体支出绩效自评" in page and "与2022年度的汇总对比" in page
    assert f"{now.rate:.2f}%" in page and f"{now.weighted_score:.2f}" in page
    for p in now.results:
        assert p.name in page


def _result(project, budget, executed, rate, total, scaled, grade, missed=(), findings=()):
    return ProjectResult(
        project, 2023, project, "单位", "部门", Decimal(budget), Decimal(executed), Decimal(rate), Decimal(total), Decimal(scaled), grade, 3, 4,
        tuple(MissedIndicator("产出指标", "数量指标", n) for n in missed), tuple(findings),
    )  # fmt: skip


def test_a_hand_checked_rollup():
    """Two projects whose figures a reader can check by hand: one kept in 元 (12,345.67元 = 1.234567万元)."""
    a = _result("a", "100.00", "90.00", "90.00", "95.00", "95.00", "优", ["培训人次"], [("未达标缺偏差原因", 1)])
    b = _result("b", "1.234567", "1.234567", "100.00", "38.00", "95.00", "优", ["培训人次"], [("未达标缺偏差原因", 2), ("占位文字", 1)])
    r = rollup(2023, [b, a])
    assert r.budget == Decimal("101.234567") and r.executed == Decimal("91.234567")
    assert r.rate == Decimal("90.12")  # 91.234567 / 101.234567 = 90.1220…%
    assert r.weighted_score == Decimal("95.00")  # both 95 on the 100-point scale (b: 38 of 40)
    assert [(g.key, g.projects) for g in r.missed_groups] == [(("产出指标", "数量指标"), 2)]
    assert [(g.key, g.projects) for g in r.missed_names] == [(("培训人次",), 2)]
    assert [(f.check, f.projects, f.findings) for f in r.findings] == [("未达标缺偏差原因", 2, 3), ("占位文字", 1, 1)]
    assert [p.project for p in r.results] == ["a", "b"] and dict(r.grades)["优"] == 2


def _cells(page: str, *labels: str) -> list[str]:
    text = re.sub(r"<[^>]+>", " ", page)
    return [" ".join(re.search(rf"{label}(?:\s|&nbsp;)*([\d,.]+)", text).group(1).split()) for label in labels]


def test_amounts_print_with_two_decimals_in_one_unit_for_the_page():
    """Issue 21's rule on the department's pages: 1.234567万元 (12,345.67元) never prints as a data dump.
    With a project kept in 元 beside one in 万元, the whole page prints 元, exact; with 万元 only, 万元."""
    a = _result("a", "100.00", "90.00", "90.00", "95.00", "95.00", "优")
    b = _result("b", "1.234567", "1.234567", "100.00", "38.00", "95.00", "优")
    mixed = rollup_html(rollup(2023, [a, b]), None, {}, [], ["部门"])
    assert "1.234567" not in mixed and "101.234567" not in mixed
    assert _cells(mixed, "年度预算数合计（元）", "预算完成数合计（元）") == ["1,012,345.67", "912,345.67"]
    assert "金额单位：元。以万元填报的项目按1万元=10000元精确折算" in mixed
    landing = landing_html([RowInput("a", 2023, a, []), RowInput("b", 2023, b, [])], [], ["部门"])
    assert "年度预算数<br>（元）" in landing and ">1,000,000.00<" in landing and ">12,345.67<" in landing
    wan_only = rollup_html(rollup(2023, [a]), None, {}, [], ["部门"])
    assert _cells(wan_only, "年度预算数合计（万元）", "预算完成数合计（万元）") == ["100.00", "90.00"]
    assert "金额单位：万元。合计数为各项目金额之和" in wan_only


def test_a_manifest_without_the_department_fields_is_no_result(portfolio):
    """A book published by an earlier version (no budget in its manifest) or a forged figure is no result, never a guess."""
    key, (e, ev, _, result) = next(iter(portfolio.items()))
    assert result is not None
    old = {"summary": {"total": str(ev.total), "grade": ev.grade}, "review": {"open": 0, "accepted": 0}}
    assert project_result(e.project, PublishedYear.read(e.year, old)) is None
    man = manifests[key]
    forged = {**man, "summary": {**man["summary"], "budget": "1E+999999999"}}
    assert project_result(e.project, PublishedYear.read(e.year, forged)) is None


def test_the_book_record_of_2021_holds_what_the_department_reads(ev2021):
    """What every build now stores in its manifest for the department's pages: the real 2021 report's figures."""
    from selfeval.bookbuild.yearlist import department_fields

    assert department_fields(ev2021) == {
        "unit": "广州市政务服务数据管理局",
        "department": "广州市政务服务数据管理局",
        "budget": "13410.06",
        "executed": "13410.06",
        "money_unit": "万元",
        "scaled_total": "99.70",
        "missed": [{"level1": "产出指标", "level2": "产出数量", "name": "月度话务接通率"}],
    }
    counts = review_counts(year_findings(ev2021))
    assert counts["open"] == sum(counts["open_checks"].values())


@pytest.mark.parametrize(
    ("amounts", "unit"),
    [
        (["242.77", "13410.06", "0"], "万元"),
        (["242.770000", "1E+3"], "万元"),  # trailing zeros and exponents are not decimals
        (["242.77", "1.295767"], "元"),  # 12,957.67元 beside 万元
        (["0.001"], "元"),
        ([], "万元"),
    ],
)
def test_the_unit_of_a_page_of_amounts(amounts, unit):
    from selfeval.figures import money_unit_of

    assert money_unit_of([Decimal(a) for a in amounts]) == unit
