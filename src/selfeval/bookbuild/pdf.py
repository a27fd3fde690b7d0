"""The print PDF: executed notebooks → one print HTML (cover, 目录, chapters) → WeasyPrint.

Why this route: WeasyPrint uses the system pango/fontconfig, embeds CJK fonts as CID fonts
with extractable text, honours CSS paged media (A4, page numbers, repeated table headers, a
landscape page for the 自评表, target-counter for the 目录), and renders in seconds. It
renders the same executed notebooks the HTML book shows, picking each chart's SVG instead of
its JavaScript.

Nothing is fetched: the document is self-contained (inline CSS and SVG, system fonts), so the
URL fetcher refuses every URL — no network, no file elsewhere on the disk, no attachment
(:mod:`.pdf_render`, where WeasyPrint runs). No data reaches the CSS: the running title is taken from the cover's title element
(``string-set``), which the template escaped.

The printed report carries only what a filed report carries: no build information in the
pages or footers. The build record goes into the PDF's document properties instead
(:func:`document_properties`).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..errors import BuildError
from ..evaluation.results import Evaluation
from ..presentation import narrate
from ..presentation.book_pages import cover_html, print_chart_html
from ..presentation.html_templates import render
from ..presentation.printed import MARKDOWN, ChartSvg, Markdown, is_form, printed_pieces
from . import children

MAX_DETAIL = 300

STATIC = Path(__file__).resolve().parents[1] / "presentation" / "static"
PRINT_CSS = STATIC / "print.css"
BOOK_CSS = STATIC / "selfeval.css"


@dataclass(frozen=True)
class TocEntry:
    level: int
    anchor: str
    text: str


@dataclass(frozen=True)
class Chapter:
    css: str
    html: str


def _markdown(source: str, chapter_no: int, toc: list[TocEntry], counter: list[int]) -> str:
    """Render a Markdown cell; headings h1–h3 get anchors and h1–h2 enter the 目录."""
    tokens = MARKDOWN.parse(source)
    for i, tok in enumerate(tokens):
        if tok.type == "heading_open" and tok.tag in ("h1", "h2", "h3"):
            counter[0] += 1
            anchor = f"c{chapter_no}-{counter[0]}"
            tok.attrSet("id", anchor)
            if tok.tag in ("h1", "h2"):
                toc.append(TocEntry(int(tok.tag[1]), anchor, tokens[i + 1].content))
    return MARKDOWN.renderer.render(tokens, MARKDOWN.options, {})


def notebook_chapter(path: Path, chapter_no: int, toc: list[TocEntry]) -> Chapter:
    """One executed notebook as a chapter of the print HTML, from the pieces the Word report prints too."""
    parts: list[str] = []
    counter = [0]
    for piece in printed_pieces(path):
        if isinstance(piece, Markdown):
            parts.append(_markdown(piece.source, chapter_no, toc, counter))
        elif isinstance(piece, ChartSvg):
            parts.append(print_chart_html(piece.svg))
        else:
            parts.append(piece.html)
    body = "\n".join(parts)
    return Chapter("chapter form-chapter" if is_form(body) else "chapter", body)


@dataclass(frozen=True)
class Property:
    name: str
    content: str


def document_properties(ev: Evaluation, man: dict, warnings: list[str]) -> list[Property]:
    """The PDF's document properties, as <meta> elements WeasyPrint reads.

    Author is the 实施单位, the unit that files the report; Subject says what the document is
    in one line, as viewers and archives show it. The build record (build id, commit, input
    digests, the data checks' warnings) goes into custom keys (``pdfinfo -custom``), one fact per key, so that it stays
    machine-readable and out of the fields people read; WeasyPrint keeps only letters and
    digits of a key name.
    """
    d = ev.data.project
    built = man["built_at"]
    commit = man["git_commit"] + (" (uncommitted changes)" if man["git_dirty"] else "")
    inputs = "; ".join(f"{name} sha256:{digest}" for name, digest in man["inputs"].items())
    return [
        Property("author", d.implementer),
        Property("description", f"{ev.year}年度项目支出绩效自评报告：自评总分{ev.total}分，自评等级{ev.grade}"),
        Property("keywords", ", ".join(["项目支出绩效自评报告", f"{ev.year}年度", d.name, d.department])),
        Property("generator", f"selfeval {man['versions'].get('selfeval', '')} (Jupyter Book, WeasyPrint)"),
        Property("dcterms.created", built),
        Property("dcterms.modified", built),
        Property("selfevalbuild", man["build_id"]),
        Property("selfevalcommit", commit),
        Property("selfevalinputs", inputs),
        Property("selfevalwarnings", "; ".join(warnings) or "none"),
    ]


def document(ev: Evaluation, executed: list[Path], man: dict, warnings: list[str]) -> str:
    toc: list[TocEntry] = []
    chapters = [notebook_chapter(p, n, toc) for n, p in enumerate(executed, start=1)]
    css = BOOK_CSS.read_text(encoding="utf-8") + PRINT_CSS.read_text(encoding="utf-8")
    return render(
        "print.html.j2",
        title=narrate.report_title(ev),
        properties=document_properties(ev, man, warnings),
        css=css,
        cover=cover_html(ev),
        toc=toc,
        chapters=chapters,
    )


def write_pdf(ev: Evaluation, executed: list[Path], man: dict, target: Path, warnings: list[str]) -> Path:
    """The PDF, rendered in this process (the build renders in a process of its own: :class:`PdfProcess`)."""
    from .pdf_render import render_pdf  # WeasyPrint, 0.5 s

    return render_pdf(document(ev, executed, man, warnings), target)


class PdfProcess:
    """The PDF rendered in a process of its own, started when the notebooks start.

    WeasyPrint's layout (~1.3 s of CPU) is the longest step after the notebooks, and GIL-bound
    Python: in the build's process it would run after the Word report while Jupyter Book's
    process builds the HTML. Its process (:mod:`.pdf_render`) imports WeasyPrint while the
    notebooks run, then renders the document this process writes: the HTML, the PDF and the
    Word report are made at once. :meth:`render` a document written to a file, then :meth:`wait`."""

    def __init__(self) -> None:
        self.process = children.AheadProcess("selfeval.bookbuild.pdf_render")
        self.target: Path | None = None

    def render(self, document: Path, target: Path) -> None:
        self.target = target
        self.process.send({"document": str(document), "target": str(target)})

    def wait(self) -> Path:
        assert self.target is not None, "render() first"
        code, _, stderr = self.process.wait()
        if code != 0 or not self.target.exists():
            lines = [line.strip() for line in stderr.splitlines() if line.strip()]
            detail = (lines or [f"退出码 {code}"])[-1][:MAX_DETAIL]
            raise BuildError(f"PDF 生成失败：{detail}")
        return self.target

    def stop(self) -> None:
        self.process.stop()
