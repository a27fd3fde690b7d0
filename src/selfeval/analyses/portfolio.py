"""A department's roll-up (部门整体支出绩效自评): its projects' own results of one year, added up exactly.

Every input is a figure a project's evaluation computed and its book printed (budget and
executed in 万元, the execution rate, the total on the 100-point scale of the grades, the grade,
the indicators met and missed, the open review findings by 审核要点); nothing is re-derived here
from the data. What is computed here, once, with exact arithmetic:

* total budget and total executed (万元: every project's amounts were converted exactly by its
  evaluation, 元 ÷ 10000), and the overall execution rate (half-up to 2 decimals);
* the budget-weighted average score Σ(budget × score) ÷ Σ budget (half-up to 2 decimals), on the
  100-point scale (a form of 40 or 110 points counts with its scaled total, as its grade does);
* the count of each grade, the projects below 90 and below 80 (the floors of 优 and 良);
* indicators missed in several projects: grouped by their 一级/二级指标 (projects name their
  indicators differently: 群众满意度, 用水户满意度 …), and by identical 三级指标 name;
* the most common open review findings, by 审核要点;
* each figure's change against the previous year's roll-up.

Values only: the sentences are :mod:`selfeval.presentation.department_pages`'.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from ..evaluation.scoring import GRADES, LOWEST_GRADE
from ..figures import percent, q2

GRADE_NAMES: tuple[str, ...] = (*(name for _, name in GRADES), LOWEST_GRADE)
FLOORS: tuple[Decimal, Decimal] = (GRADES[0][0], GRADES[1][0])  # 90 and 80: below 优, below 良
SEVERAL = 2  # "several projects": at least two


@dataclass(frozen=True)
class MissedIndicator:
    level1: str
    level2: str
    name: str


@dataclass(frozen=True)
class ProjectResult:
    """One project-year as its book states it (from the published manifest)."""

    project: str  # the project id (its folder)
    year: int
    name: str  # the project as the book names it (region and name)
    unit: str  # 实施单位
    department: str  # 主管部门
    budget: Decimal  # 年度预算数, 万元
    executed: Decimal  # 预算完成数, 万元
    rate: Decimal  # 预算执行率 as printed, %
    total: Decimal  # 自评总分 on the form
    scaled_total: Decimal  # on the 100-point scale of the grades
    grade: str
    met: int
    indicators: int
    missed: tuple[MissedIndicator, ...] = ()
    open_findings: tuple[tuple[str, int], ...] = ()  # (审核要点, open findings), as the book counted them

    @property
    def open_count(self) -> int:
        return sum(n for _, n in self.open_findings)


@dataclass(frozen=True)
class MissGroup:
    """Indicators missed in several projects: a 一级/二级指标 group or one 三级指标 name."""

    key: tuple[str, ...]  # (level1, level2) or (name,)
    misses: tuple[tuple[str, str], ...]  # (project id, indicator name), by project

    @property
    def projects(self) -> int:
        return len({p for p, _ in self.misses})


@dataclass(frozen=True)
class FindingCount:
    check: str  # 审核要点
    findings: int
    projects: int


@dataclass(frozen=True)
class Rollup:
    year: int
    results: tuple[ProjectResult, ...]  # by project id
    budget: Decimal
    executed: Decimal
    rate: Decimal | None  # None without a budget
    weighted_score: Decimal | None
    grades: tuple[tuple[str, int], ...]  # every grade, best first, with its count (0 included)
    below: tuple[tuple[Decimal, tuple[ProjectResult, ...]], ...]  # (floor, projects below it, lowest first)
    missed_groups: tuple[MissGroup, ...]  # 二级指标 groups missed in several projects, most projects first
    missed_names: tuple[MissGroup, ...]  # identical 三级指标 names missed in several projects
    findings: tuple[FindingCount, ...]  # open findings by 审核要点, most projects first
    met: int
    indicators: int

    @property
    def projects(self) -> int:
        return len(self.results)

    @property
    def open_findings(self) -> int:
        return sum(f.findings for f in self.findings)

    def grade_count(self, grade: str) -> int:
        return dict(self.grades)[grade]

    def below_count(self, floor: Decimal) -> int:
        return len(dict(self.below)[floor])


def _groups(misses: list[tuple[tuple[str, ...], str, str]]) -> tuple[MissGroup, ...]:
    by_key: dict[tuple[str, ...], list[tuple[str, str]]] = {}
    for key, project, name in misses:
        by_key.setdefault(key, []).append((project, name))
    groups = [MissGroup(key, tuple(sorted(entries))) for key, entries in by_key.items()]
    several = [g for g in groups if g.projects >= SEVERAL]
    return tuple(sorted(several, key=lambda g: (-g.projects, -len(g.misses), g.key)))


def rollup(year: int, results: list[ProjectResult]) -> Rollup:
    """The department's figures of ``year`` from its projects' results of that year."""
    assert all(r.year == year for r in results), "one year's results"
    results = sorted(results, key=lambda r: r.project)
    budget = sum((r.budget for r in results), Decimal(0))
    executed = sum((r.executed for r in results), Decimal(0))
    weights = sum((Fraction(r.budget) for r in results), Fraction(0))
    weighted = sum((Fraction(r.budget) * Fraction(r.scaled_total) for r in results), Fraction(0))
    grades = Counter(r.grade for r in results)
    below = tuple((floor, tuple(sorted((r for r in results if r.scaled_total < floor), key=lambda r: (r.scaled_total, r.project)))) for floor in FLOORS)
    missed: list[tuple[tuple[str, ...], str, str]] = [((m.level1, m.level2), r.project, m.name) for r in results for m in r.missed]
    named: list[tuple[tuple[str, ...], str, str]] = [((m.name,), r.project, m.name) for r in results for m in r.missed]
    by_check: dict[str, list[tuple[str, int]]] = {}
    for r in results:
        for check, n in r.open_findings:
            if n > 0:
                by_check.setdefault(check, []).append((r.project, n))
    findings = [FindingCount(check, sum(n for _, n in entries), len({p for p, _ in entries})) for check, entries in by_check.items()]
    return Rollup(
        year=year,
        results=tuple(results),
        budget=budget,
        executed=executed,
        rate=percent(Fraction(executed) / Fraction(budget)) if budget else None,
        weighted_score=q2(weighted / weights) if weights else None,
        grades=tuple((g, grades.get(g, 0)) for g in GRADE_NAMES),
        below=below,
        missed_groups=_groups(missed),
        missed_names=_groups(named),
        findings=tuple(sorted(findings, key=lambda f: (-f.projects, -f.findings, f.check))),
        met=sum(r.met for r in results),
        indicators=sum(r.indicators for r in results),
    )


@dataclass(frozen=True)
class RollupChange:
    """Each roll-up figure of a year against the previous year's: differences (rates in
    percentage points, scores in points), and the growth of the money in per cent."""

    previous: Rollup
    projects: int
    budget: Decimal
    executed: Decimal
    budget_growth: Decimal | None  # %, None when last year had no budget
    executed_growth: Decimal | None
    rate: Decimal | None  # percentage points
    weighted_score: Decimal | None  # points
    grades: tuple[tuple[str, int], ...]
    below: tuple[tuple[Decimal, int], ...]
    met: int
    indicators: int
    open_findings: int

    def grade_change(self, grade: str) -> int:
        return dict(self.grades)[grade]

    def below_change(self, floor: Decimal) -> int:
        return dict(self.below)[floor]

    def group_before(self, group: MissGroup, by_name: bool = False) -> int:
        """How many projects missed an indicator of the same group (or name) the previous year."""
        return _projects_missing(self.previous, group.key, by_name)

    def findings_before(self, check: str) -> FindingCount | None:
        return next((f for f in self.previous.findings if f.check == check), None)


def _projects_missing(r: Rollup, key: tuple[str, ...], by_name: bool) -> int:
    """Projects of ``r`` that missed an indicator of ``key`` (counted whether or not the group was listed there)."""
    return len({p.project for p in r.results for m in p.missed if ((m.name,) if by_name else (m.level1, m.level2)) == key})


def _growth(now: Decimal, before: Decimal) -> Decimal | None:
    return percent((Fraction(now) - Fraction(before)) / Fraction(before)) if before else None


def _diff(now: Decimal | None, before: Decimal | None) -> Decimal | None:
    return now - before if now is not None and before is not None else None


def change(now: Rollup, previous: Rollup) -> RollupChange:
    return RollupChange(
        previous=previous,
        projects=now.projects - previous.projects,
        budget=now.budget - previous.budget,
        executed=now.executed - previous.executed,
        budget_growth=_growth(now.budget, previous.budget),
        executed_growth=_growth(now.executed, previous.executed),
        rate=_diff(now.rate, previous.rate),
        weighted_score=_diff(now.weighted_score, previous.weighted_score),
        grades=tuple((g, now.grade_count(g) - previous.grade_count(g)) for g in GRADE_NAMES),
        below=tuple((floor, now.below_count(floor) - previous.below_count(floor)) for floor in FLOORS),
        met=now.met - previous.met,
        indicators=now.indicators - previous.indicators,
        open_findings=now.open_findings - previous.open_findings,
    )
