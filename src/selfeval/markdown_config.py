"""The one Markdown configuration: analyst prose and the chapters' Markdown cells.

CommonMark with pipe tables, never raw HTML (``<script>`` is shown as its characters), no
linkify or typographic replacements. Two instances share it:

* :data:`RENDERER` turns Markdown into HTML for the book's prose, the PDF and the Word
  report. It renders no image (the book loads nothing from the network or the disk) and
  makes a link only to http(s) or mailto; any other target stays text.
* :func:`parse` sees every image and link as written, for the validator
  (:func:`selfeval.contract.fieldtypes.check_markdown`) to refuse them with a message naming
  the field before anything is rendered.
"""

from __future__ import annotations

from markdown_it import MarkdownIt
from markdown_it.token import Token

LINK_SCHEMES = ("http://", "https://", "mailto:")


def _configured() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).enable("table")


def _web_link(url: str) -> bool:
    return url.strip().lower().startswith(LINK_SCHEMES)


RENDERER = _configured().disable("image")
RENDERER.validateLink = _web_link  # type: ignore[method-assign]

_INSPECTOR = _configured()
_INSPECTOR.validateLink = lambda url: True  # type: ignore[method-assign]  # every link as written, for the validator to judge


def parse(text: str) -> list[Token]:
    """Block tokens of ``text`` with every image and link kept, whatever its target."""
    return _INSPECTOR.parse(text)
