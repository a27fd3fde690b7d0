"""scripts/synth_portfolio.py: a synthetic portfolio the product reads as it reads real years.

A small portfolio (6 projects × 2 years, 2 of them broken) is generated into tmp. Every good
project-year loads and evaluates through the package API with the results the generator meant
(the indicators it made miss, the under-spending, the unit, the level) and raises exactly the
review findings it planned, no more: so no text it wrote states a figure, a year or a verdict that
the computed results contradict. Every broken year fails with a one-line error naming the file the
generator broke. The same seed writes the same bytes. The variety issue #26 asks for is there.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from portfolio_fixtures import load_generator
from selfeval.api import open_year
from selfeval.errors import DataError
from selfeval.presentation.review import year_findings

ROOT = Path(__file__).resolve().parents[1]
SEED, PROJECTS, YEARS, BROKEN = 7, 6, 2, 2


sp = load_generator()


def _tree(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def portfolio(tmp_path_factory):
    out = tmp_path_factory.mktemp("portfolio")
    pf = sp.generate(PROJECTS, YEARS, SEED, broken=BROKEN)
    sp.write(pf, out, SEED)
    return pf, out


def _good(pf):
    return [e for e in pf.entries if not e.broken]


def test_layout_projects_and_years(portfolio):
    pf, out = portfolio
    assert len(pf.entries) == PROJECTS * YEARS
    projects = sorted({e.project for e in pf.entries})
    assert len(projects) == PROJECTS
    assert sorted(p.name for p in out.iterdir()) == projects
    for pid in projects:
        assert all(c in "abcdefghijklmnopqrstuvwxyz0123456789-" for c in pid) and "-" in pid
        assert sorted(p.name for p in (out / pid).iterdir()) == ["2022", "2023"]
    for e in pf.entries:
        names = sorted(p.name for p in Path(e.path).iterdir())
        if e.format == "xlsx" and not e.broken:
            assert names == [sp.WORKBOOK]
        elif e.format == "yaml" and not e.broken:
            assert {"project.yaml", "funding.csv", "budget.yaml", "indicators.yaml", "prose.yaml"} <= set(names)


def test_good_years_evaluate_as_planned(portfolio):
    pf, _ = portfolio
    for e in _good(pf):
        ev = open_year(Path(e.path).parent, e.year)
        where = f"{e.project}/{e.year}"
        assert sorted(i.indicator.id for i in ev.missed) == sorted(e.missed), where
        assert [i.indicator.id for i in ev.items] == e.indicators, where
        assert ev.budget.under_executed is e.under_executed, where
        assert ev.budget.budget * 10000 == Decimal(e.budget_yuan), where
        assert ev.budget.executed * 10000 == Decimal(e.executed_yuan), where
        assert ev.data.money_unit == e.money_unit, where
        assert ev.data.project.level == e.level, where
        assert ev.total_weight == e.weights_total, where


def test_good_years_raise_exactly_the_planned_findings(portfolio):
    pf, _ = portfolio
    for e in _good(pf):
        ev = open_year(Path(e.path).parent, e.year)
        found = sorted([f.check, f.file, f.field, f.accepted is not None] for f in year_findings(ev))
        assert found == e.findings, f"{e.project}/{e.year}: {[f.line() for f in year_findings(ev)]}"


def test_broken_years_fail_with_one_line_naming_the_file(portfolio):
    pf, _ = portfolio
    broken = [e for e in pf.entries if e.broken]
    assert len(broken) == BROKEN
    assert len({e.project for e in broken}) == BROKEN  # distinct projects
    assert {e.year for e in broken} == {2023}  # the latest year: no good year builds on a broken one
    for e in broken:
        with pytest.raises(DataError) as caught:
            open_year(Path(e.path).parent, e.year)
        message = str(caught.value)
        assert "\n" not in message and len(message) <= 1000
        assert e.broken_file in message, (e.broken, message)
        assert e.findings == []


def test_every_kind_of_error_fails_as_described(tmp_path):
    """All broken kinds, YAML and workbook: each a one-line DataError naming its file."""
    pf = sp.generate(8, 1, 3, broken=8, workbooks="some")
    sp.write(pf, tmp_path, 3)
    seen = set()
    for e in pf.entries:
        seen.add(e.broken.split(":")[0])
        with pytest.raises(DataError) as caught:
            open_year(Path(e.path).parent, e.year)
        assert e.broken_file in str(caught.value) and "\n" not in str(caught.value), (e.broken, str(caught.value))
    assert len(seen) >= 4


def test_same_seed_same_bytes_other_seed_other_bytes(portfolio, tmp_path):
    _, out = portfolio
    again = tmp_path / "again"
    sp.write(sp.generate(PROJECTS, YEARS, SEED, broken=BROKEN), again, SEED)
    assert _tree(again) == _tree(out)
    other = tmp_path / "other"
    sp.write(sp.generate(PROJECTS, YEARS, SEED + 1, broken=BROKEN), other, SEED + 1)
    assert _tree(other) != _tree(out)


def test_variety(portfolio):
    pf, _ = portfolio
    good = _good(pf)
    assert {e.money_unit for e in pf.entries} == {"元", "万元"}
    assert len({e.government for e in pf.entries}) >= 3
    assert any(e.format == "xlsx" for e in good) and any(e.format == "yaml" for e in good)
    kinds = {k for e in good for k in e.kinds.values()}
    assert {"count", "value", "ratio", "qual", "date"} <= kinds
    assert {"≥", "≤"} <= {op for e in good for op in e.ops}
    assert any(e.missed_with_reason for e in good)  # a miss with its reason
    assert any(set(e.missed) - set(e.missed_with_reason) for e in good)  # and one without
    assert any(e.under_executed and e.budget_reason for e in good)
    assert any(e.under_executed and not e.budget_reason for e in good)
    assert any(e.partial_form for e in good)
    assert any(e.blank_sections for e in good)
    assert any(not f[3] for e in good for f in e.findings)  # open findings for the review page
    assert any(f[3] for e in good for f in e.findings)  # and accepted ones, with their reasons


def test_budgets_and_levels_span_a_department(portfolio):
    """Forty projects (in memory): every level of government, budgets from 万 to 亿 of 元."""
    entries = sp.generate(40, 1, SEED).entries
    budgets = [Decimal(e.budget_yuan) for e in entries]
    assert min(budgets) < 100_000 and max(budgets) > 100_000_000
    assert {e.government for e in entries} == set(sp.GOVERNMENT)
    assert any(e.level in ("一级", "二级") for e in entries)  # a city's form, which prints its budget level


def test_consecutive_years_are_related(portfolio):
    """Same unit and indicator ids both years; now and then one added or dropped; targets drift."""
    pf, _ = portfolio
    changed = drifted = 0
    for pid in {e.project for e in pf.entries}:
        y1, y2 = (pf.years[(pid, y)].files for y in (2022, 2023))
        for key in ("name", "level", "department", "implementer", "region"):
            assert y1["project.yaml"]["project"][key] == y2["project.yaml"]["project"][key], (pid, key)
        first, second = y1["indicators.yaml"]["indicators"], y2["indicators.yaml"]["indicators"]
        ids1, ids2 = [d["id"] for d in first], [d["id"] for d in second]
        assert len(set(ids1) ^ set(ids2)) <= 1, pid
        changed += ids1 != ids2
        targets1 = {d["id"]: d["target"] for d in first}
        drifted += sum(1 for d in second if d["id"] in targets1 and d["target"] != targets1[d["id"]])
    assert changed >= 1 and drifted >= 1


def test_second_years_compare_with_the_first(portfolio):
    """Every good second year is compared with its first (与上年度对比): kept, added and dropped ids as generated."""
    from selfeval.analyses.compare import compare_with_previous

    pf, _ = portfolio
    by_key = {(e.project, e.year): e for e in pf.entries}
    compared = 0
    for e in _good(pf):
        before = by_key.get((e.project, e.year - 1))
        if before is None or before.broken:
            continue
        comparison = compare_with_previous(Path(e.path).parent, e.year)
        assert comparison is not None and comparison.previous.year == before.year
        assert sorted(c.id for c in comparison.kept) == sorted(set(e.indicators) & set(before.indicators))
        assert sorted(c.id for c in comparison.added) == sorted(set(e.indicators) - set(before.indicators))
        assert sorted(c.id for c in comparison.dropped) == sorted(set(before.indicators) - set(e.indicators))
        compared += 1
    assert compared == PROJECTS - BROKEN


def test_cli_single_layout_manifest_and_refusals(tmp_path, capsys):
    out = tmp_path / "one"
    manifest = tmp_path / "m.json"
    assert sp.main(["--projects", "1", "--years", "2", "--seed", "5", "--out", str(out), "--layout", "single", "--manifest", str(manifest)]) == 0
    assert sorted(p.name for p in out.iterdir()) == ["2022", "2023"]
    entries = json.loads(manifest.read_text(encoding="utf-8"))
    assert [e["year"] for e in entries] == [2022, 2023]
    assert open_year(out, 2023).year == 2023
    printed = capsys.readouterr().out
    assert "2 project-years of 1 projects" in printed
    with pytest.raises(SystemExit):  # never into data/
        sp.main(["--projects", "1", "--years", "1", "--seed", "5", "--out", str(ROOT / "data" / "synthetic")])
    with pytest.raises(SystemExit):  # the folder is there: --force to replace
        sp.main(["--projects", "1", "--years", "2", "--seed", "5", "--out", str(out), "--layout", "single"])
    broken_out = tmp_path / "b"
    sp.main(["--projects", "3", "--years", "1", "--seed", "5", "--out", str(broken_out), "--broken", "1"])
    assert capsys.readouterr().out.count("broken: ") == 1
