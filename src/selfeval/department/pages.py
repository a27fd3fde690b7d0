"""Write a department's pages into its output folder: the landing page, each year's roll-up (HTML
and PDF) and the state file, from what is published there and the outcomes of this build.

Rows and roll-ups are read back from the published books (:mod:`.published`), so they show what
the books show. A project-year whose last build failed keeps its row (the error, and its last
good book's figures and links, marked as such) but is left out of the roll-up, which names it;
so is one without a readable book. Each roll-up is compared with the nearest earlier year that
has one, as each book compares with its nearest earlier year.

Written with the output folder's own publisher (:meth:`OutputFolder.write_pages`): every file to
a temporary, then renamed, the landing page last, under the folder's lock.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from ..analyses.portfolio import Rollup, RollupChange, change, rollup
from ..bookbuild.publish import OutputFolder
from ..bookbuild.yearlist import ATTACHMENTS, PublishedYear
from ..contract.projects import ProjectFolder
from ..presentation.department_pages import Excluded, Link, RollupLink, RowInput, landing_html, rollup_html, rollup_title
from .published import STATE, LastOutcome, project_books, project_result, read_state, state_json
from .tasks import Outcome

OLD_BOOK = "报告缺少部门汇总所需的数字（由较早版本的本工具生成）——修改：用 --force 重新生成该项目年度"
NOT_BUILT = "尚未生成报告——修改：运行 selfeval build --all（或 --project）生成"


@dataclass(frozen=True)
class DepartmentPages:
    landing: Path
    rollups: dict[int, tuple[Path, Path | None]]  # year → (HTML, PDF)


def rollup_names(year: int) -> tuple[str, str]:
    """(HTML, PDF) file names of a year's roll-up at the top of the output folder (never a project id: ids have no '.')."""
    return f"rollup-{year}.html", f"{rollup_title(year)}.pdf"


def _links(project: str, book: PublishedYear | None) -> list[Link]:
    links = []
    if book is not None:
        links.append(Link("报告", f"{project}/{book.year}/html/index.html"))
        links += [Link(label, f"{project}/{book.href(book.files[key])}") for key, label, _ in ATTACHMENTS if key in book.files]
        links.append(Link("历年", f"{project}/index.html"))
    return links


def _pdf(html: str) -> bytes:
    """The roll-up's PDF, by the books' PDF route: WeasyPrint on a self-contained document, nothing fetched."""
    from ..bookbuild.pdf_render import refuse_all

    fetcher = refuse_all()  # imports WeasyPrint (0.3 s, paid by the roll-up only)
    from weasyprint import HTML

    pdf: bytes = HTML(string=html, base_url=".", url_fetcher=fetcher).write_pdf()
    return pdf


def _last(state: dict[tuple[str, int], LastOutcome], outcomes: list[Outcome]) -> dict[tuple[str, int], LastOutcome]:
    merged = dict(state)
    for o in outcomes:
        merged[(o.project, o.year)] = LastOutcome(o.status, o.error, "")
    return merged


def write_pages(out: OutputFolder, projects: list[ProjectFolder], outcomes: list[Outcome], pdf: bool = True) -> DepartmentPages:
    """Every page of the department from the output folder's books and this build's outcomes."""
    public = out.public
    state = read_state(public)
    last = _last(state, outcomes)
    rows: list[RowInput] = []
    results: dict[int, list] = {}
    excluded: dict[int, list[Excluded]] = {}
    hrefs: dict[int, dict[str, str]] = {}
    for project in projects:
        books = project_books(public, project.id)
        for year in project.years:
            book = books.get(year)
            result = project_result(project.id, book) if book is not None else None
            outcome = last.get((project.id, year))
            error = outcome.error if outcome is not None and outcome.failed else None
            rows.append(RowInput(project.id, year, result, _links(project.id, book), outcome.status if outcome else None, error))
            if result is not None and error is None:
                results.setdefault(year, []).append(result)
                hrefs.setdefault(year, {})[project.id] = f"{project.id}/{year}/html/index.html"
            else:
                reason = error or (OLD_BOOK if book is not None else NOT_BUILT)
                excluded.setdefault(year, []).append(Excluded(project.id, year, reason))
    rollups: dict[int, Rollup] = {year: rollup(year, found) for year, found in sorted(results.items())}
    files: dict[str, str | bytes] = {}
    links, written = [], {}
    for year, r in rollups.items():
        earlier = [y for y in rollups if y < year]
        c: RollupChange | None = change(r, rollups[max(earlier)]) if earlier else None
        departments = sorted({p.department for p in r.results if p.department})
        html_name, pdf_name = rollup_names(year)
        pdf_href = quote(pdf_name) if pdf else None
        files[html_name] = rollup_html(r, c, hrefs.get(year, {}), excluded.get(year, []), departments, pdf_href=pdf_href)
        if pdf:
            files[pdf_name] = _pdf(rollup_html(r, c, hrefs.get(year, {}), excluded.get(year, []), departments, for_print=True))
        links.append(RollupLink(year, html_name, pdf_href))
        written[year] = (public / html_name, public / pdf_name if pdf else None)
    departments = sorted({p.department for found in results.values() for p in found if p.department})
    files[STATE] = state_json(state, outcomes)
    files["index.html"] = landing_html(rows, sorted(links, key=lambda link: -link.year), departments)
    out.write_pages(files)
    if not pdf:  # a roll-up PDF of an earlier build no longer matches its page
        for year in rollups:
            (public / rollup_names(year)[1]).unlink(missing_ok=True)
    for year in {int(p.name[7:11]) for p in public.glob("rollup-*.html") if p.name[7:11].isdigit()} - set(rollups):
        for stale in (public / rollup_names(year)[0], public / rollup_names(year)[1]):  # a year no longer rolled up
            if stale.is_file() and not stale.is_symlink():
                stale.unlink()
    return DepartmentPages(public / "index.html", written)
