"""Write a year's Jupyter Book source folder: executed notebooks, cover, 构建信息, toc, config, static files.

Data never becomes MyST: MyST evaluates ``{{ … }}`` substitutions and directives, so the
pages this module writes itself (the cover, the build record) are notebooks whose only
Markdown is fixed text and whose content is an HTML output rendered by an autoescaping
template. The book's title goes to the theme only through a value the theme prints as HTML,
so it is escaped first; Sphinx's own title (``<title>``, search page) is data-free.
"""

from __future__ import annotations

import html
import shutil
from pathlib import Path

import nbformat
import yaml

from ..evaluation.results import Evaluation
from ..presentation import narrate
from ..presentation.book_pages import (
    Downloads,
    NotebookLink,
    ReviewLink,
    cover_html,
    downloads_html,
    footer_html,
    intro_note_html,
    provenance_html,
    review_html,
)
from ..presentation.finding import Finding
from ..presentation.printed import is_form
from ..presentation.review import accepted_findings, open_findings, summary
from . import assets, switcher
from .names import REVIEW_PAGE

PROVENANCE_TITLE = "构建信息"
REVIEW_TITLE = "复核提示"
THEME = Path(__file__).resolve().parents[1] / "presentation" / "booktheme"
# MyST extensions of the book: Jupyter Book's defaults without `substitution` (which evaluates {{ }}).
MYST_EXTENSIONS = ["colon_fence", "dollarmath", "linkify", "tasklist"]


def html_page(heading: str, body_html: str, orphan: bool = False) -> nbformat.NotebookNode:
    """A page as a notebook: a fixed Markdown heading and one HTML output (never parsed as MyST).

    An orphan page is built and linked but stands outside the table of contents, the page
    sequence and the numbering (MyST-NB passes notebook metadata on as Sphinx file metadata).
    """
    nb = nbformat.v4.new_notebook()
    out = nbformat.v4.new_output("display_data", data={"text/html": body_html})
    # MyST-NB drops code cells with no source, outputs included: the source is a comment (never shown)
    cell = nbformat.v4.new_code_cell("# generated page content", outputs=[out], metadata={"tags": ["remove-input"]})
    nb.cells = [nbformat.v4.new_markdown_cell(f"# {heading}"), cell]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    if orphan:
        nb.metadata["orphan"] = True
    return nb


def _offer_form_xlsx(folder: Path, files: Downloads) -> None:
    """Beside the 自评表 in the HTML book, a link to the .xlsx (an output after the form's, in the
    book's copy of the notebook only: the PDF, the .docx and the published notebooks print the
    notebooks as executed)."""
    link = downloads_html(Downloads(pdf=None, xlsx=files.xlsx, docx=None), "../../")
    for path in sorted(folder.glob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        for cell in nb.cells:
            outputs = cell.get("outputs", []) if cell.cell_type == "code" else []
            if any(is_form(_html_of(o)) for o in outputs):
                outputs.append(nbformat.v4.new_output("display_data", data={"text/html": link}))
                nbformat.write(nb, path)
                return


def _html_of(output: dict) -> str:
    value = output.get("data", {}).get("text/html", "")
    return value if isinstance(value, str) else "".join(value)


def book_title(ev: Evaluation) -> str:
    """Sphinx's title (browser tab, search page): data-free, so no theme template can misuse it."""
    return f"项目支出绩效自评报告（{ev.year}年度）"


def assemble(
    root: Path,
    ev: Evaluation,
    executed: list[Path],
    workdir: Path,
    man: dict,
    cache_dir: Path,
    findings: list[Finding],
    files: Downloads,
) -> Path:
    src = workdir / "book"
    if src.exists():
        shutil.rmtree(src)
    (src / "executed").mkdir(parents=True)
    for nb in executed:
        shutil.copyfile(nb, src / "executed" / nb.name)
    if files.xlsx:
        _offer_form_xlsx(src / "executed", files)
    assets.install_static(src / "_static", ev, cache_dir)
    shutil.copytree(THEME / "templates", src / "_templates")
    shutil.copytree(THEME / "locale", src / "_locale")
    review_link = ReviewLink(f"{REVIEW_PAGE}.html", len(open_findings(findings)), len(accepted_findings(findings)))
    cover = cover_html(ev, review_link)  # the HTML cover links the 复核提示 page; the PDF's never does
    intro = cover + downloads_html(files, "../") + intro_note_html(ev)
    nbformat.write(html_page("封面", intro), src / "intro.ipynb")
    links = [NotebookLink(p.name, f"../notebooks/{p.name}") for p in executed]
    # build information and review findings are not report content: orphan pages, outside the
    # numbering, the PDF and Word; 构建信息 is linked from every page's footer, 复核提示 from the cover
    record = provenance_html(man, summary(ev.year, findings), f"{REVIEW_PAGE}.html", links, downloads=True)
    nbformat.write(html_page(PROVENANCE_TITLE, record, orphan=True), src / "provenance.ipynb")
    nbformat.write(html_page(REVIEW_TITLE, review_html(ev, findings), orphan=True), src / f"{REVIEW_PAGE}.ipynb")
    toc = {"format": "jb-book", "root": "intro", "chapters": [{"file": f"executed/{p.stem}"} for p in executed]}
    (src / "_toc.yml").write_text(yaml.safe_dump(toc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    config = yaml.safe_load((root / "_config.yml").read_text(encoding="utf-8"))
    config["title"] = book_title(ev)
    sphinx = config["sphinx"]["config"]
    switcher.install(src / "_static", sphinx)  # year switcher on every page (reads public/years.js)
    options = sphinx["html_theme_options"]
    # the theme prints logo.text as HTML: give it the escaped title
    options["logo"] = {"text": html.escape(narrate.report_title(ev))}
    # html.extra_footer would be lost: our sphinx html_theme_options replace Jupyter Book's
    options["extra_footer"] = footer_html(man)
    sphinx["myst_enable_extensions"] = MYST_EXTENSIONS
    (src / "_config.yml").write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return src
