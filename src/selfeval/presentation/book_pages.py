"""HTML of the book's own pages (cover, 构建信息, footer, landing page), from templates.

Everything here is text from data or from the build record, rendered through autoescaping
templates (:mod:`.templating`); no value ever becomes markup, Markdown or a template.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote

from ..evaluation.results import Evaluation
from ..figures import money, pct, score
from . import narrate
from .form import BLANK_DATE
from .html_templates import render


@dataclass(frozen=True)
class Cover:
    """What a cover prints (the book's, the PDF's and the Word report's): the title, the key
    figures, and who prepared the report when: 编制单位 and 编制日期 from the data, the date a
    blank ____年__月__日 line when the data gives none (never the build date)."""

    title_lines: tuple[str, ...]
    year: int
    rows: tuple[tuple[str, str], ...]  # (label, value) before the score
    total: str
    grade: str
    prepared_by: str  # 编制单位
    date: str  # 编制日期: 2022年3月31日, or BLANK_DATE


def cover(ev: Evaluation) -> Cover:
    d = ev.data
    rows = (
        ("主管部门", d.project.department),
        ("实施单位", d.project.implementer),
        ("年度预算数", f"{money(ev.budget.budget)}万元"),
        ("预算执行率", pct(ev.budget.rate)),
        ("指标达标", f"{len(ev.met)}/{len(ev.items)}"),
    )
    day = d.project.report_date
    return Cover(
        title_lines=narrate.title_lines(ev),
        year=ev.year,
        rows=rows,
        total=score(ev.total),
        grade=ev.grade,
        prepared_by=d.project.prepared_by or d.project.implementer,
        date=narrate.cn_date(day) if day else BLANK_DATE,
    )


def cover_html(ev: Evaluation) -> str:
    """The cover of the HTML book and of the PDF."""
    return render("cover.html.j2", c=cover(ev))


@dataclass(frozen=True)
class Downloads:
    """File names of a release's documents (sanitised by the build); None when not produced."""

    pdf: str | None
    xlsx: str | None
    docx: str | None


def downloads_html(files: Downloads, prefix: str) -> str:
    """下载: links to the release's PDF, 自评表 (Excel) and report (Word), relative to a book page."""
    links = [(label, prefix + quote(name)) for label, name in (("PDF", files.pdf), ("自评表（Excel）", files.xlsx), ("报告（Word）", files.docx)) if name]
    return render("downloads.html.j2", links=links)


@dataclass(frozen=True)
class NotebookLink:
    name: str
    href: str


def provenance_html(man: dict, warnings: list[str], notebooks: list[NotebookLink], downloads: bool) -> str:
    return render("provenance.html.j2", man=man, warnings=warnings, notebooks=notebooks, downloads=downloads)


def footer_html(man: dict) -> str:
    return render("footer.html.j2", man=man)


@dataclass(frozen=True)
class LandingLink:
    label: str
    href: str  # relative to the output folder, percent-encoded


@dataclass(frozen=True)
class LandingCard:
    """One year on the landing page (figures already formatted; "—" where its manifest lacks them)."""

    year: int
    title: str
    total: str
    grade: str
    met: str  # "6/7"
    execution_rate: str
    date: str  # 编制日期: 2022年3月1日 (project.report_date), or 未注明 (never the build's date)
    links: list[LandingLink]


@dataclass(frozen=True)
class LandingChart:
    src: str  # a data: URI of an SVG drawn at build time
    alt: str
    narrow: str = ""  # the same chart laid out for a phone ('' when one layout fits both)


def landing_html(cards: list[LandingCard], charts: list[LandingChart], project: str) -> str:
    """The reviewers' start page: one card per year, newest first, and the trend charts."""
    return render("landing.html.j2", cards=cards, charts=charts, project=project)
