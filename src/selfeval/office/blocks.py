"""Executed notebooks → a list of document blocks (headings, paragraphs, tables, charts, the form).

The same pieces the PDF prints, from the one walker both use
(:func:`~selfeval.presentation.printed.printed_pieces`). HTML is the package's own (prose
rendered by markdown-it with HTML off, escaped tables), parsed here into plain blocks so that
a Word writer never handles markup. The 自评表 output becomes a
:class:`FormBlock`: writers render it from the form's layout model instead.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from lxml import html as lxml_html

from ..presentation.printed import MARKDOWN, ChartSvg, Markdown, is_form, printed_pieces


@dataclass(frozen=True)
class Run:
    text: str
    bold: bool = False
    italic: bool = False
    code: bool = False
    line_break: bool = False  # a <br>: ``text`` is empty


@dataclass(frozen=True)
class Heading:
    level: int  # 1 一、… 2 （一）… 3 1.…
    text: str


@dataclass(frozen=True)
class Paragraph:
    runs: tuple[Run, ...]
    indent: int = 0  # list items and quotes: levels of indentation

    @property
    def text(self) -> str:
        return "".join("\n" if r.line_break else r.text for r in self.runs)


@dataclass(frozen=True)
class TableCell:
    text: str
    header: bool = False
    colspan: int = 1
    rowspan: int = 1
    align: str = ""  # "num" for a figure column
    bold: bool = False  # a 小计/总分 row, or a highlighted 否


@dataclass(frozen=True)
class Table:
    caption: str
    head_rows: int
    rows: tuple[tuple[TableCell, ...], ...]


@dataclass(frozen=True)
class Chart:
    svg: str


@dataclass(frozen=True)
class FormBlock:
    """The 自评表: rendered from :func:`selfeval.presentation.form.form_grid`."""


Block = Heading | Paragraph | Table | Chart | FormBlock


def notebook_blocks(path: Path) -> list[Block]:
    """One executed notebook's printed content, in order (the pieces the PDF prints: :mod:`~selfeval.presentation.printed`)."""
    out: list[Block] = []
    for piece in printed_pieces(path):
        if isinstance(piece, Markdown):
            out.extend(html_blocks(MARKDOWN.render(piece.source)))
        elif isinstance(piece, ChartSvg):
            out.append(Chart(piece.svg))
        else:
            out.extend(html_blocks(piece.html))
    return out


# --------------------------------------------------------------------------- HTML → blocks

_BLOCK_TAGS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "table", "blockquote", "pre", "div", "hr", "section"}


def html_blocks(fragment: str) -> list[Block]:
    """The package's HTML (prose, tables, the form) as blocks; unknown tags contribute their text."""
    if not fragment.strip():
        return []
    if is_form(fragment):
        return [FormBlock()]
    root = lxml_html.fragment_fromstring(fragment, create_parent="div")
    out: list[Block] = []
    _walk(root, out, indent=0)
    return out


def _walk(el, out: list[Block], indent: int) -> None:
    loose: list[Run] = []

    def flush() -> None:
        if loose and "".join(r.text for r in loose).strip():
            out.append(Paragraph(tuple(loose), indent))
        loose.clear()

    if el.text and el.text.strip():
        loose.append(Run(el.text.strip()))
    for child in el:
        tag = child.tag if isinstance(child.tag, str) else ""
        if tag in _BLOCK_TAGS:
            flush()
            _block(child, tag, out, indent)
        else:
            loose.extend(_runs(child))
        if child.tail and child.tail.strip():
            loose.append(Run(child.tail))
    flush()


def _block(el, tag: str, out: list[Block], indent: int) -> None:
    if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
        out.append(Heading(min(int(tag[1]), 3), _text(el)))
    elif tag == "p":
        runs = _inline(el)
        if "".join(r.text for r in runs).strip():
            out.append(Paragraph(runs, indent))
    elif tag in ("ul", "ol"):
        start = int(el.get("start", "1")) if tag == "ol" and (el.get("start") or "1").isdigit() else 1
        for n, li in enumerate(el.findall("li"), start=start):
            mark = f"{n}. " if tag == "ol" else "• "
            items: list[Block] = []
            _walk(li, items, indent + 1)
            first = True
            for block in items:
                if first and isinstance(block, Paragraph):
                    block = Paragraph((Run(mark), *block.runs), block.indent)
                    first = False
                out.append(block)
    elif tag == "table":
        out.append(_table(el))
    elif tag == "blockquote":
        _walk(el, out, indent + 1)
    elif tag == "pre":
        out.append(Paragraph((Run(el.text_content().rstrip("\n"), code=True),), indent))
    elif tag == "hr":
        return
    else:  # div, section
        _walk(el, out, indent)


def _inline(el) -> tuple[Run, ...]:
    runs: list[Run] = []
    if el.text:
        runs.append(Run(el.text))
    for child in el:
        runs.extend(_runs(child))
        if child.tail:
            runs.append(Run(child.tail))
    return tuple(runs)


def _runs(el, bold: bool = False, italic: bool = False, code: bool = False) -> list[Run]:
    tag = el.tag if isinstance(el.tag, str) else ""
    if tag == "br":
        return [Run("", line_break=True)]
    if tag == "img":
        alt = el.get("alt") or ""
        return [Run(alt, bold, italic, code)] if alt else []  # images are never fetched
    bold = bold or tag in ("strong", "b")
    italic = italic or tag in ("em", "i")
    code = code or tag == "code"
    out: list[Run] = []
    if el.text:
        out.append(Run(el.text, bold, italic, code))
    for child in el:
        out.extend(_runs(child, bold, italic, code))
        if child.tail:
            out.append(Run(child.tail, bold, italic, code))
    return out


def _text(el) -> str:
    return re.sub(r"[ \t\r\n]+", " ", el.text_content()).strip(" \t\r\n")  # ASCII white space only: keep 　 (U+3000)


def _cell_text(el) -> str:
    """A table cell's text; <br> becomes a line break."""
    for br in el.iter("br"):
        br.tail = "\n" + (br.tail or "")
    return "\n".join(line.strip() for line in el.text_content().split("\n")).strip()


def _table(el) -> Table:
    caption_el = el.find("caption")
    caption = _text(caption_el) if caption_el is not None else ""
    head = el.find("thead")
    head_rows = [tr for tr in head.findall("tr")] if head is not None else []
    bodies = el.findall("tbody") or [el]
    body_rows = [tr for b in bodies for tr in b.findall("tr")]
    rows = tuple(tuple(_cell(td, "sum" in _classes(tr)) for td in tr if isinstance(td.tag, str) and td.tag in ("td", "th")) for tr in (*head_rows, *body_rows))
    return Table(caption, len(head_rows), rows)


def _classes(el) -> list[str]:
    return (el.get("class") or "").split()


def _cell(td, sum_row: bool = False) -> TableCell:
    def span(name: str) -> int:
        value = td.get(name, "1")
        return int(value) if value.isdigit() and int(value) > 0 else 1

    classes = _classes(td)
    return TableCell(_cell_text(td), td.tag == "th", span("colspan"), span("rowspan"), "num" if "num" in classes else "", sum_row or "missed" in classes)


def blocks_of(paths: Iterable[Path]) -> list[list[Block]]:
    """Each notebook's blocks (one list per chapter)."""
    return [notebook_blocks(Path(p)) for p in paths]
