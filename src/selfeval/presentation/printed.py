"""What a printed document shows of an executed notebook: one walker for the PDF and the Word report.

The PDF (:mod:`selfeval.bookbuild.pdf`) and the .docx (:mod:`selfeval.office.blocks`) print the
same cells, so which cells and which outputs count is decided here, once: Markdown cells, and
each code cell's display outputs, a chart by its ``image/svg+xml`` (vl-convert's drawing; the
``text/html`` beside it is the book's script) and anything else by its ``text/html`` (the
package's own escaped HTML, :mod:`.notebook_display`). Cells tagged ``remove-cell`` and the
outputs of ``remove-output`` cells are left out, as are streams (the nbval check cells) and
errors (which cannot reach a published book). Each writer then renders the pieces its own way.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import nbformat

from ..markdown_config import RENDERER as MARKDOWN  # CommonMark with tables, no raw HTML: the one configuration

__all__ = ["MARKDOWN", "ChartSvg", "Html", "Markdown", "Piece", "is_form", "printed_pieces"]


@dataclass(frozen=True)
class Markdown:
    source: str


@dataclass(frozen=True)
class ChartSvg:
    svg: str  # without the XML declaration


@dataclass(frozen=True)
class Html:
    html: str


Piece = Markdown | ChartSvg | Html

FORM_CLASS = "selfeval-form"  # the class of the 自评表's tables (templates/form.html.j2)


def is_form(html: str) -> bool:
    """Whether an HTML output is the 自评表, which each writer renders from the form's layout model."""
    return FORM_CLASS in html


def _text(value: str | list[str]) -> str:
    return value if isinstance(value, str) else "".join(value)


def output_piece(output: dict) -> Piece | None:
    """The printed form of one output, or None when it prints nothing."""
    if output.get("output_type") not in ("display_data", "execute_result"):
        return None
    data = output.get("data", {})
    if "image/svg+xml" in data:
        return ChartSvg(re.sub(r"^<\?xml[^>]*\?>", "", _text(data["image/svg+xml"])).strip())
    if "text/html" in data:
        return Html(_text(data["text/html"]))
    return None


def printed_pieces(path: Path | str) -> Iterator[Piece]:
    """The printed pieces of one executed notebook, in order."""
    nb = nbformat.read(Path(path), as_version=4)
    for cell in nb.cells:
        tags = cell.get("metadata", {}).get("tags", [])
        if "remove-cell" in tags:
            continue
        if cell.cell_type == "markdown":
            yield Markdown(cell.source)
        elif cell.cell_type == "code" and "remove-output" not in tags:
            for output in cell.get("outputs", []):
                piece = output_piece(output)
                if piece is not None:
                    yield piece
