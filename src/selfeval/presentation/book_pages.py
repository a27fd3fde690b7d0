"""HTML of the book's own pages (cover, 构建信息, footer, landing page), from templates.

Everything here is text from data or from the build record, rendered through autoescaping
templates (:mod:`.html_templates`); no value ever becomes markup, Markdown or a template.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import PurePath
from urllib.parse import quote

from ..evaluation.results import Evaluation
from ..figures import pct, score
from . import narrate, review
from .department_pages import LANDING_TITLE
from .finding import Finding
from .form import BLANK_DATE
from .html_templates import render


@dataclass(frozen=True)
class Cover:
    """What a cover prints (the book's, the PDF's and the Word report's): the title, the key
    figures, and who prepared the report when: 编制单位 and 编制日期 from the data, the date a
    blank ____年__月__日 line when the data gives none (never the build date)."""

    title_lines: tuple[str, ...]
    year: int
    rows: tuple[tuple[str, str], ...]  # (label, value) before the score; money in the data's own unit
    total: str
    grade: str
    prepared_by: str  # 编制单位
    date: str  # 编制日期: 2022年3月31日, or BLANK_DATE
    scale: str = ""  # a form that does not total 100: 本表满分40分，折合百分制99.55分

    @property
    def score_line(self) -> str:
        """'98.00分（优）', or '39.82分（本表满分40分，折合百分制99.55分，优）'."""
        return f"{self.total}分（{self.scale + '，' if self.scale else ''}{self.grade}）"


@dataclass(frozen=True)
class ReviewLink:
    """The cover's link to the 复核提示 page (HTML only): where, and how many findings are open."""

    href: str
    open: int
    accepted: int

    @property
    def label(self) -> str:
        done = f"，已接受{self.accepted}条" if self.accepted else ""
        return f"复核提示：{self.open}条待处理{done}" if self.open else f"复核提示：无待处理事项{done}"


def cover(ev: Evaluation) -> Cover:
    d = ev.data
    rows = (
        ("主管部门", d.project.department),
        ("实施单位", d.project.implementer),
        ("年度预算数", narrate.money_text(ev, ev.budget.budget)),
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
        scale=narrate.scale_note(ev),
    )


def cover_html(ev: Evaluation, review: ReviewLink | None = None) -> str:
    """The cover of the HTML book and of the PDF; in the HTML book only, the link to the 复核提示
    page (``review``; the PDF's cover never has it)."""
    return render("cover.html.j2", c=cover(ev), review=review)


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


def provenance_html(man: dict, review_summary: str, review_href: str, notebooks: list[NotebookLink], downloads: bool) -> str:
    """构建信息: the build record (inputs relative to the data folder, code, tools), the count of
    复核提示 with a link to that page, and the executed notebooks."""
    return render("provenance.html.j2", man=man, review_summary=review_summary, review_href=review_href, notebooks=notebooks, downloads=downloads)


def review_html(ev: Evaluation, findings: list[Finding]) -> str:
    """复核提示: the open findings, the accepted ones with their reasons, and what each check reads.

    Places are shown relative to the data folder (archive/2024/prose.yaml), as the 构建信息 page
    names the inputs: never the building machine's path.
    """
    folder = PurePath(ev.data.folder)
    shown = f"{folder.parent.name}/{folder.name}" if folder.parent.name else folder.name
    published = [replace(f, where=shown + f.where[len(ev.data.folder) :]) if f.where.startswith(ev.data.folder) else f for f in findings]
    return render(
        "review.html.j2",
        summary=review.summary(ev.year, published),
        pending=review.open_findings(published),
        accepted=review.accepted_findings(published),
        checks=list(review.CHECKS.items()),
    )


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
    full: str = ""  # 满分40分 for a form that does not total 100
    review: str = "—"  # 复核提示: 3条待处理（已接受2条）
    review_link: LandingLink | None = None  # to the year's 复核提示 page


@dataclass(frozen=True)
class LandingChart:
    src: str  # a data: URI of an SVG drawn at build time
    alt: str
    narrow: str = ""  # the same chart laid out for a phone ('' when one layout fits both)


def landing_html(cards: list[LandingCard], charts: list[LandingChart], project: str, in_department: bool = False) -> str:
    """The reviewers' start page: one card per year, newest first, and the trend charts; a
    project's inside a department's output links up to the department's page (``../index.html``)."""
    return render("landing.html.j2", cards=cards, charts=charts, project=project, up=LANDING_TITLE if in_department else None)
