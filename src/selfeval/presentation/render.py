"""Analyst prose → safe HTML.

Prose is text, not markup: Markdown formatting (emphasis, lists, paragraphs) is supported
on purpose; raw HTML such as ``<script>`` is escaped and shows literally. Every string
that reaches a page goes through :func:`prose_html` or :func:`esc`.
"""

from __future__ import annotations

import html
from typing import Iterable

from markdown_it import MarkdownIt

_MD = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})


def esc(text: object) -> str:
    return html.escape(str(text), quote=True)


def prose_html(text: str) -> str:
    """Markdown without HTML: '<b>x</b>' renders as the literal characters."""
    return _MD.render(text or "").strip()


def paragraphs_html(texts: Iterable[str], css: str = "prose") -> str:
    body = "\n".join(prose_html(t) for t in texts if t)
    return f'<div class="{css}">{body}</div>'


def ordered_html(items: Iterable[str], css: str = "prose") -> str:
    """A numbered list written as the report does: (1) …; the numbers are generated."""
    rows = "".join(f"<p>({n}) {_inline(t)}</p>" for n, t in enumerate(items, start=1))
    return f'<div class="{css}">{rows}</div>'


def _inline(text: str) -> str:
    return _MD.renderInline(text or "")
