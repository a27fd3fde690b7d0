"""What a department's output folder holds: each project's published books, and the last outcome
of every project-year a department build tried.

The landing page and the roll-up are written from these, not from the data: a row shows the
figures its book printed (the book's manifest, written at its publish), so the page and the
books cannot disagree, and a project-year whose last build failed still links to its last good
book. Everything here is read as untrusted text, with the bounds the project's own landing page
uses (:mod:`selfeval.bookbuild.yearlist`): a figure out of bounds, a link planted for a project
folder, a forged state file are left out and said, never followed.

``department.json`` keeps the last outcome of each project-year (built, up to date, or the
one-line error), so a later build of one project (``--project``) keeps the others' errors on
the page until they are built again.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from ..analyses.portfolio import MissedIndicator, ProjectResult
from ..bookbuild.progress import log
from ..bookbuild.publish import OutputFolder, read_json
from ..bookbuild.yearlist import PublishedYear, _count, _decimal, _text
from ..contract.projects import id_problem, is_year_name
from ..errors import WARNING_MARK, one_line
from .tasks import Outcome

STATE = "department.json"
STATE_STATUSES = ("built", "current", "data", "build", "crashed")


@dataclass(frozen=True)
class LastOutcome:
    status: str
    error: str | None
    at: str  # when, ISO 8601 (UTC+8, as the books' build time)

    @property
    def failed(self) -> bool:
        return self.status in ("data", "build", "crashed")


def project_books(public: Path, project: str) -> dict[int, PublishedYear]:
    """The published books of one project (``public/<project>/<year>``), by year."""
    folder = public / project
    if folder.is_symlink():
        log(f"    {WARNING_MARK}{folder} 是链接，不是本工具发布的项目文件夹，汇总页不读取它")
        return {}
    if not folder.is_dir():
        return {}
    return {year: PublishedYear.read(year, man) for year, man in OutputFolder(folder, protected=[]).published()}


def _figures(s: dict, *names: str) -> list[Decimal] | None:
    values = [_decimal(s.get(n)) for n in names]
    return None if any(v is None for v in values) else [v for v in values if v is not None]


def project_result(project: str, book: PublishedYear) -> ProjectResult | None:
    """The book's figures as the roll-up adds them; None when the manifest lacks one or holds one
    out of bounds (a book published by an earlier version of the tool: build it again)."""
    s = book.summary
    figures = _figures(s, "budget", "executed", "execution_rate", "total", "scaled_total")
    met, n = _count(s.get("met")), _count(s.get("indicators"))
    review = book.manifest.get("review")
    checks = review.get("open_checks") if isinstance(review, dict) else None
    missed = s.get("missed")
    if figures is None or met is None or n is None or not isinstance(checks, dict) or not isinstance(missed, list):
        return None
    budget, executed, rate, total, scaled = figures
    counts = [(_text(k), _count(v)) for k, v in checks.items()]
    if any(not k or v is None for k, v in counts):
        return None
    misses = [MissedIndicator(_text(m.get("level1")), _text(m.get("level2")), _text(m.get("name"))) for m in missed if isinstance(m, dict)]
    return ProjectResult(
        project=project,
        year=book.year,
        name=_text(s.get("project")),
        unit=_text(s.get("unit")),
        department=_text(s.get("department")),
        budget=budget,
        executed=executed,
        rate=rate,
        total=total,
        scaled_total=scaled,
        grade=_text(s.get("grade")),
        met=met,
        indicators=n,
        missed=tuple(m for m in misses if m.name),
        open_findings=tuple(sorted((k, v) for k, v in counts if v is not None)),
    )


def read_state(public: Path) -> dict[tuple[str, int], LastOutcome]:
    """``department.json``: the last outcome of each project-year (entries that do not check out are dropped)."""
    raw = read_json(public / STATE)
    entries = raw.get("outcomes") if raw is not None else None
    out: dict[tuple[str, int], LastOutcome] = {}
    for key, value in entries.items() if isinstance(entries, dict) else []:
        project, _, year = str(key).partition("/")
        if id_problem(project) is not None or not is_year_name(year) or not isinstance(value, dict):
            continue
        status, error, at = value.get("status"), value.get("error"), value.get("at")
        if status not in STATE_STATUSES or not (error is None or isinstance(error, str)):
            continue
        out[(project, int(year))] = LastOutcome(str(status), one_line(error) if error else None, _text(at))
    return out


def state_json(state: dict[tuple[str, int], LastOutcome], outcomes: list[Outcome]) -> str:
    """The state after this build: its outcomes replace the earlier ones of the same project-years."""
    now = dt.datetime.now(dt.timezone(dt.timedelta(hours=8))).isoformat(timespec="seconds")
    merged = dict(state)
    for o in outcomes:
        merged[(o.project, o.year)] = LastOutcome(o.status, o.error, now)
    entries = {f"{p}/{y}": {"status": v.status, "error": v.error, "at": v.at} for (p, y), v in sorted(merged.items())}
    return json.dumps({"outcomes": entries}, ensure_ascii=False, indent=1)
