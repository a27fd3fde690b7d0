"""WeasyPrint on the print document (:mod:`.pdf` writes it), in the build's PDF process.

Run as ``python -m`` by :class:`.pdf.PdfProcess`: it imports WeasyPrint (0.5 s) while the
notebooks run, then renders the document the build hands it. It needs nothing of the package
but this module: the document is self-contained.

Nothing is fetched: the document carries its CSS and SVG inline and uses system fonts, so the
URL fetcher refuses every URL — no network, no file elsewhere on the disk, no attachment.
"""

from __future__ import annotations

from pathlib import Path

from weasyprint.urls import URLFetcher, URLFetcherResponse

from . import children


class RefuseAll(URLFetcher):
    """WeasyPrint's URL fetcher: the print document needs no resource, so none is loaded."""

    def fetch(self, url: str, headers: object = None) -> URLFetcherResponse:
        raise ValueError(f"the print document loads nothing (refused {url[:80]})")


def render_pdf(html: str, target: Path) -> Path:
    """The PDF of a print document (document properties from its <meta> elements)."""
    from weasyprint import HTML

    HTML(string=html, base_url=str(target.parent), url_fetcher=RefuseAll()).write_pdf(target, custom_metadata=True)
    return target


def _render_job(work: dict) -> None:
    render_pdf(Path(work["document"]).read_text(encoding="utf-8"), Path(work["target"]))


def _import_ahead() -> None:
    import weasyprint  # noqa: F401


if __name__ == "__main__":  # the process PdfProcess starts
    children.serve(_import_ahead, _render_job)
