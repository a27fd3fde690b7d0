"""A department's two pages: 部门项目绩效自评汇总 (the landing page, one row per project-year) and
部门整体支出绩效自评 (the roll-up of a year, HTML and PDF), from templates.

The figures are the projects' own (each row's from its book, the roll-up's from
:mod:`selfeval.analyses.portfolio`); this module formats them — money with 2 decimals, exact, in
万元 when every amount of the page has at most 2 decimals there and else in 元 (a department mixes
projects kept in 元 and in 万元; :func:`selfeval.figures.money_unit_of`), rates and scores with
2 decimals, changes in words (增加/减少/持平) — and never adds or divides. Data is text: every value reaches the page through autoescaping templates, links are
built by the caller from checked names. The landing table sorts and filters in the browser with
a small script of the package (``static/department.js``), inlined: no network, no other file.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

from markupsafe import Markup

from ..analyses.portfolio import FLOORS, MissGroup, ProjectResult, Rollup, RollupChange
from ..evaluation.scoring import GRADES, LOWEST_GRADE
from ..figures import amount, money_unit_of, pct, plain, score
from .html_templates import render

STATIC = Path(__file__).resolve().parent / "static"
LANDING_TITLE = "部门项目绩效自评汇总"
ROLLUP_TITLE = "部门整体支出绩效自评"
MONEY_NOTES = {
    "万元": "金额单位：万元。合计数为各项目金额之和，不作舍入；",
    "元": "金额单位：元。以万元填报的项目按1万元=10000元精确折算，合计数为各项目金额之和，不作舍入；",
}
RATE_NOTE = (
    "预算执行率为预算完成数合计除以年度预算数合计，得分的加权平均以各项目年度预算数为权数，均四舍五入保留两位小数；"
    "自评表满分不是100分的项目按折合百分制的得分计入加权平均和等级。"
)


def money_note(unit: str) -> str:
    return MONEY_NOTES[unit] + RATE_NOTE


def _results_unit(results: list[ProjectResult]) -> str:
    """The unit of a page's amounts: one for the whole page, so that its sums can be checked by hand."""
    return money_unit_of([v for p in results for v in (p.budget, p.executed)])


# 优（90分及以上） … 差（60分以下）: each grade with the range of the 100-point scale it covers
GRADE_LABELS = {
    name: f"{name}（{plain(floor)}分及以上）" if n == 0 else f"{name}（{plain(floor)}分及以上、不足{plain(GRADES[n - 1][0])}分）"
    for n, (floor, name) in enumerate(GRADES)
} | {LOWEST_GRADE: f"{LOWEST_GRADE}（{plain(GRADES[-1][0])}分以下）"}
STATUS_TEXT = {"built": "已生成", "current": "已是最新", "data": "数据有误", "build": "生成失败", "crashed": "生成时工作进程退出"}


@lru_cache(maxsize=4)
def _static(name: str) -> Markup:
    """A static file of the package, inlined into a page (our own script and style, never data)."""
    return Markup(STATIC.joinpath(name).read_text(encoding="utf-8"))


def rollup_title(year: int) -> str:
    return f"{year}年度{ROLLUP_TITLE}"


# --------------------------------------------------------------------------- the landing page


@dataclass(frozen=True)
class Link:
    label: str
    href: str  # relative to the department's output folder, percent-encoded


@dataclass(frozen=True)
class RowInput:
    """One project-year as the department stage found it."""

    project: str  # the id
    year: int
    result: ProjectResult | None  # its published book's figures (None: no book, or none readable)
    links: list[Link]  # the book, its PDF, Word and Excel files, the project's years
    status: str | None = None  # the last build's outcome (STATUS_TEXT's keys); None when never built by a department build
    error: str | None = None  # the last build's one-line error


@dataclass(frozen=True)
class Row:
    project: str
    year: int
    name: str
    unit: str
    budget: str
    executed: str
    rate: str
    total: str
    scale: str  # （折合96.25） for a form that does not total 100
    grade: str
    met: str
    findings: str
    links: list[Link]
    status: str
    error: str | None
    stale: bool  # the figures are the last good book's: the last build failed
    sort: dict[str, str]  # column → sort key (plain numbers)

    @property
    def problem(self) -> bool:
        return self.error is not None or self.findings not in ("0", "—")


def row(r: RowInput, unit: str) -> Row:
    p = r.result
    failed = r.error is not None
    status = STATUS_TEXT.get(r.status or "", "已发布")
    if p is None:
        blank = "—"
        return Row(r.project, r.year, r.project, blank, blank, blank, blank, blank, "", blank, blank, blank, r.links, status, r.error, False, {})
    return Row(
        project=r.project,
        year=r.year,
        name=p.name,
        unit=p.unit,
        budget=amount(p.budget, unit),
        executed=amount(p.executed, unit),
        rate=pct(p.rate),
        total=score(p.total),
        scale=f"（折合{score(p.scaled_total)}）" if p.scaled_total != p.total else "",
        grade=p.grade,
        met=f"{p.met}/{p.indicators}",
        findings=str(p.open_count),
        links=r.links,
        status=status + ("（下列数字与链接为上次成功生成的报告）" if failed else ""),
        error=r.error,
        stale=failed,
        sort={"budget": plain(p.budget), "executed": plain(p.executed), "rate": plain(p.rate), "total": plain(p.scaled_total), "met": str(p.met)},
    )


@dataclass(frozen=True)
class RollupLink:
    year: int
    html: str
    pdf: str | None


def landing_html(rows: list[RowInput], rollups: list[RollupLink], departments: list[str]) -> str:
    """``public/index.html`` of a department: the table of every project-year, newest year first."""
    unit = _results_unit([r.result for r in rows if r.result is not None])
    shown = [row(r, unit) for r in sorted(rows, key=lambda r: (-r.year, r.project))]
    years = sorted({r.year for r in rows}, reverse=True)
    failed = sum(1 for r in shown if r.error)
    return render(
        "department.html.j2",
        title=LANDING_TITLE,
        rows=shown,
        years=years,
        grades=sorted({r.grade for r in shown if r.grade != "—"}, key="优良中差".find),
        rollups=rollups,
        departments="、".join(departments),
        projects=len({r.project for r in rows}),
        failed=failed,
        money_unit=unit,
        money_note=money_note(unit),
        style=_static("department.css"),
        script=_static("department.js"),
    )


# --------------------------------------------------------------------------- the roll-up


def _money_change(d: Decimal, growth: Decimal | None, unit: str) -> str:
    if d == 0:
        return "持平"
    word = "增加" if d > 0 else "减少"
    grown = f"（{'增长' if d > 0 else '下降'}{pct(abs(growth))}）" if growth is not None else ""
    return f"{word}{amount(abs(d), unit)}{unit}{grown}"


def _points_change(d: Decimal | None, unit: str) -> str:
    if d is None:
        return "—"
    if d == 0:
        return "持平"
    return f"{'提高' if d > 0 else '降低'}{score(abs(d))}{unit}"


def _count_change(d: int, unit: str = "个") -> str:
    if d == 0:
        return "持平"
    return f"{'增加' if d > 0 else '减少'}{abs(d)}{unit}"


@dataclass(frozen=True)
class Figure:
    label: str
    value: str
    before: str  # the previous year's ('—' without one)
    change: str


@dataclass(frozen=True)
class ProjectLine:
    name: str
    unit: str
    score: str  # the total as the book prints it
    grade: str
    href: str | None
    budget: str = ""
    executed: str = ""
    rate: str = ""
    scale: str = ""  # （折合98.13）: its 100-point equivalent when the form is not of 100


def project_line(p: ProjectResult, href: str | None, unit: str) -> ProjectLine:
    scale = f"（折合{score(p.scaled_total)}）" if p.scaled_total != p.total else ""
    return ProjectLine(p.name, p.unit, score(p.total), p.grade, href, amount(p.budget, unit), amount(p.executed, unit), pct(p.rate), scale)


@dataclass(frozen=True)
class GroupLine:
    label: str
    projects: int
    before: str
    misses: str  # 项目：指标；…


@dataclass(frozen=True)
class FindingLine:
    check: str
    projects: int
    findings: int
    before: str


@dataclass(frozen=True)
class Excluded:
    project: str
    year: int
    reason: str


def _rate(v: Decimal | None) -> str:
    return pct(v) if v is not None else "—"


def _score(v: Decimal | None) -> str:
    return score(v) if v is not None else "—"


def overview(r: Rollup, c: RollupChange | None, unit: str) -> list[Figure]:
    """一、总体情况: each figure of the year, the previous year's and the change."""
    p = c.previous if c is not None else None

    def fig(label: str, now: str, before: str | None, change: str | None) -> Figure:
        return Figure(label, now, before if before is not None else "—", change if change is not None else "—")

    return [
        fig("纳入汇总的项目数", f"{r.projects}个", f"{p.projects}个" if p else None, _count_change(c.projects) if c else None),
        fig(
            f"年度预算数合计（{unit}）",
            amount(r.budget, unit),
            amount(p.budget, unit) if p else None,
            _money_change(c.budget, c.budget_growth, unit) if c else None,
        ),
        fig(
            f"预算完成数合计（{unit}）",
            amount(r.executed, unit),
            amount(p.executed, unit) if p else None,
            _money_change(c.executed, c.executed_growth, unit) if c else None,
        ),
        fig("总体预算执行率", _rate(r.rate), _rate(p.rate) if p else None, _points_change(c.rate, "个百分点") if c else None),
        fig("预算加权平均得分（分）", _score(r.weighted_score), _score(p.weighted_score) if p else None, _points_change(c.weighted_score, "分") if c else None),
        fig("绩效指标达标", f"{r.met}/{r.indicators}", f"{p.met}/{p.indicators}" if p else None, _count_change(c.met, "项") if c else None),
        fig("待处理复核提示（条）", str(r.open_findings), str(p.open_findings) if p else None, _count_change(c.open_findings, "条") if c else None),
    ]


def grades(r: Rollup, c: RollupChange | None) -> list[Figure]:
    """二、自评等级分布, and the projects below 90 and below 80."""
    out = []
    for g, n in r.grades:
        before = f"{c.previous.grade_count(g)}个" if c else "—"
        out.append(Figure(GRADE_LABELS.get(g, g), f"{n}个", before, _count_change(c.grade_change(g)) if c else "—"))
    for floor in FLOORS:
        before = f"{c.previous.below_count(floor)}个" if c else "—"
        out.append(Figure(f"得分低于{plain(floor)}分", f"{r.below_count(floor)}个", before, _count_change(c.below_change(floor)) if c else "—"))
    return out


def _misses(g: MissGroup, names: dict[str, str]) -> str:
    return "；".join(f"{names.get(p, p)}：{name}" for p, name in g.misses)


def rollup_html(
    r: Rollup,
    c: RollupChange | None,
    hrefs: dict[str, str],
    excluded: list[Excluded],
    departments: list[str],
    pdf_href: str | None = None,
    for_print: bool = False,
) -> str:
    """部门整体支出绩效自评 of one year: HTML for the browser, or (``for_print``) the PDF's document.
    ``hrefs``: project id → its book of the year, relative to the page."""
    names = {p.project: p.name for p in r.results}
    unit = _results_unit([*r.results, *(c.previous.results if c else ())])
    before_year = c.previous.year if c else None
    below = [
        (number, plain(floor), [project_line(p, hrefs.get(p.project), unit) for p in projects])
        for number, (floor, projects) in zip(("（一）", "（二）"), r.below)
    ]
    groups = [GroupLine(f"{g.key[0]}—{g.key[1]}", g.projects, f"{c.group_before(g)}个" if c else "—", _misses(g, names)) for g in r.missed_groups]
    same_names = [GroupLine(g.key[0], g.projects, f"{c.group_before(g, by_name=True)}个" if c else "—", _misses(g, names)) for g in r.missed_names]
    findings = []
    for f in r.findings:
        earlier = c.findings_before(f.check) if c else None
        before = (f"{earlier.projects}个项目{earlier.findings}条" if earlier else "无") if c else "—"
        findings.append(FindingLine(f.check, f.projects, f.findings, before))
    return render(
        "rollup.html.j2",
        title=rollup_title(r.year),
        year=r.year,
        before_year=before_year,
        departments="、".join(departments),
        projects=[project_line(p, hrefs.get(p.project), unit) for p in r.results],
        overview=overview(r, c, unit),
        grades=grades(r, c),
        below=below,
        groups=groups,
        same_names=same_names,
        findings=findings,
        excluded=excluded,
        money_unit=unit,
        money_note=money_note(unit),
        pdf_href=pdf_href,
        for_print=for_print,
        style=_static("department.css"),
    )
