"""WeasyPrint on the print document (:mod:`.pdf` writes it), in the build's PDF process.

Run as ``python -m`` by :class:`.pdf.PdfProcess`: it imports WeasyPrint (0.3 s, its libraries
found by :mod:`.system_libraries`) while the notebooks run, then renders the document the build
hands it. It needs nothing else of the package: the document is self-contained.

Nothing is fetched: the document carries its CSS and SVG inline and uses system fonts, so the
URL fetcher refuses every URL — no network, no file elsewhere on the disk, no attachment.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from . import children
from .system_libraries import import_weasyprint


def refuse_all() -> Any:
    """WeasyPrint's URL fetcher for documents that need no resource: every URL is refused."""
    import_weasyprint()
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class RefuseAll(URLFetcher):
        def fetch(self, url: str, headers: object = None) -> URLFetcherResponse:
            raise ValueError(f"the print document loads nothing (refused {url[:80]})")

    return RefuseAll()


def render_pdf(html: str, target: Path) -> Path:
    """The PDF of a print document (document properties from its <meta> elements)."""
    import_weasyprint()
    from weasyprint import HTML

    HTML(string=html, base_url=str(target.parent), url_fetcher=refuse_all()).write_pdf(target, custom_metadata=True)
    return target


def _render_job(work: dict) -> None:
    render_pdf(Path(work["document"]).read_text(encoding="utf-8"), Path(work["target"]))


def _import_ahead() -> None:
    import_weasyprint()


if __name__ == "__main__":  # the process PdfProcess starts
    children.serve(_import_ahead, _render_job)
