"""Analyst prose → safe HTML (through the one Markdown configuration, :mod:`selfeval.markdown_config`).

Prose is text with a small Markdown subset on purpose (emphasis, lists, paragraphs, links):
raw HTML such as ``<script>`` is shown literally, an image is never rendered (the book loads
nothing from the network or the disk), and a link becomes a link only to http(s) or mailto;
any other target is shown as text. The validator refuses images earlier with a message
naming the field; this module does not rely on it.
"""

from __future__ import annotations

import html
from collections.abc import Iterable

from ..markdown_config import RENDERER as _MD
from .html_templates import render


def esc(text: object) -> str:
    return html.escape(str(text), quote=True)


def prose_html(text: str) -> str:
    """Markdown without HTML or images: '<b>x</b>' renders as the literal characters."""
    return _MD.render(text or "").strip()


def inline_html(text: str) -> str:
    return _MD.renderInline(text or "")


def paragraphs_html(texts: Iterable[str], css: str = "prose") -> str:
    return render("prose.html.j2", css=css, blocks=[prose_html(t) for t in texts if t])


def ordered_html(items: Iterable[str], css: str = "prose") -> str:
    """A numbered list written as the report does: (1) …; the numbers are generated."""
    return render("points.html.j2", css=css, items=[inline_html(t) for t in items])
