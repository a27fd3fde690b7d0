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


def cell_text(value: object) -> str:
    """A DataFrame value as the report prints it: exact Decimals as they are, 是/否, — for missing."""
    from decimal import Decimal
    from fractions import Fraction

    from ..numbers import round_fraction

    if value is None or (not isinstance(value, (str, bytes, Decimal, Fraction)) and _is_missing(value)):
        return "—"
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, Fraction):
        return format(round_fraction(value, 4), "f")  # an unrounded value, shown to 4 decimals
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)


def _is_missing(value: object) -> bool:
    try:
        import pandas as pd

        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def frame_html(df, headers: list[str] | None = None, caption: str = "", css: str = "selfeval") -> str:
    """A DataFrame as the book's table (same class as the package's tables): every cell escaped.

    ``headers`` replaces the column names (same count); the index is not shown.
    """
    names = [str(c) for c in df.columns] if headers is None else [str(h) for h in headers]
    if len(names) != len(df.columns):
        raise ValueError(f"headers: {len(names)} given for {len(df.columns)} columns; give one per column")
    numeric = [str(t).lower().startswith(("int", "uint", "float")) for t in df.dtypes]
    cap = f"<caption>{esc(caption)}</caption>" if caption else ""
    head = "".join(f"<th>{esc(h)}</th>" for h in names)
    rows = []
    for values in df.itertuples(index=False, name=None):
        cells = "".join(f'<td class="num">{esc(cell_text(v))}</td>' if numeric[i] or _exact(v) else f"<td>{esc(cell_text(v))}</td>" for i, v in enumerate(values))
        rows.append(f"<tr>{cells}</tr>")
    return f'<table class="{css}">{cap}<thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>'


def _exact(value: object) -> bool:
    from decimal import Decimal
    from fractions import Fraction

    return isinstance(value, (Decimal, Fraction)) and not isinstance(value, bool)
