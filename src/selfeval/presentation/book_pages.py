"""HTML of the book's own pages (cover, 构建信息, footer, landing page), from templates.

Everything here is text from data or from the build record, rendered through autoescaping
templates (:mod:`.html_templates`); no value ever becomes markup, Markdown or a template.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from urllib.parse import quote

from ..evaluation.results import Evaluation
from ..figures import money, pct, score
from . import narrate
from .html_templates import render


def cover_html(ev: Evaluation, date: dt.date | None) -> str:
    """The cover of the HTML book and of the PDF: title, units, key figures, 编制日期 if known."""
    d = ev.data
    rows = [
        ("主管部门", d.project.department),
        ("实施单位", d.project.implementer),
        ("年度预算数", f"{money(ev.budget.budget)}万元"),
        ("预算执行率", pct(ev.budget.rate)),
        ("指标达标", f"{len(ev.met)}/{len(ev.items)}"),
    ]
    return render(
        "cover.html.j2",
        title_lines=narrate.title_lines(ev),
        year=ev.year,
        rows=rows,
        total=score(ev.total),
        grade=ev.grade,
        date=narrate.cn_date(date) if date else None,
    )


INTRO_NOTE = "本报告各项数据、得分及据此生成的文字均由{year}年度数据计算得出，数据来源与构建信息见页脚“构建信息”。"


def intro_note_html(ev: Evaluation) -> str:
    """The note under the cover of the HTML book: where the figures come from and where the build record is."""
    return render("intro_note.html.j2", note=INTRO_NOTE.format(year=ev.year))


def print_chart_html(svg: str) -> str:
    """A chart of the print document: the SVG vl-convert drew from the chart's own spec (the package's output, not data)."""
    return render("print_chart.html.j2", svg=svg)


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
    date: str  # 2022年3月1日
    date_kind: str  # 报告日期 (project.report_date) or 构建日期 (the build's date)
    links: list[LandingLink]


@dataclass(frozen=True)
class LandingChart:
    src: str  # a data: URI of an SVG drawn at build time
    alt: str
    narrow: str = ""  # the same chart laid out for a phone ('' when one layout fits both)


def landing_html(cards: list[LandingCard], charts: list[LandingChart], project: str) -> str:
    """The reviewers' start page: one card per year, newest first, and the trend charts."""
    return render("landing.html.j2", cards=cards, charts=charts, project=project)
