"""Display helpers for the notebooks: the only way notebooks put content on a page.

Keeping display here means notebooks stay thin (parameters, calls) and every output is
escaped and deterministic (stable element ids, no timestamps), which nbval relies on.
"""

from __future__ import annotations

import os
from collections.abc import Iterable

from IPython.display import display

from . import charts, prose_html, tables


def html(fragment: str) -> None:
    """An HTML fragment built by the package; an empty one (a section without data) shows nothing."""
    if fragment:
        display({"text/html": fragment}, raw=True)


def prose(*texts: str | None) -> None:
    """Paragraphs of (analyst or generated) text; Markdown allowed, HTML escaped. No text, no output."""
    given = [t for t in texts if t]
    if given:
        html(prose_html.paragraphs_html(given))


def table(df, headers: list[str] | None = None, caption: str = "") -> None:
    """A pandas DataFrame as a book table (escaped; Decimals exact, True/False as 是/否, missing as —).

    ``headers``: the printed column headings, one per column (default: the column names).
    """
    html(tables.frame_table(df, headers, caption))


def points(items: Iterable[str], otherwise: str = "") -> None:
    """A numbered list written (1) … (n); ``otherwise`` (e.g. 无。) when there are no items."""
    items = list(items)
    if items:
        html(prose_html.ordered_html(items))
    elif otherwise:
        prose(otherwise)


DISPLAY_ENV = "SELFEVAL_DISPLAY"


def frontend() -> str:
    """Who will show this kernel's outputs: "book" (papermill for the build, nbval) or "jupyter".

    A kernel started by a Jupyter server (JupyterLab, Notebook 7: ``make lab``) has
    ``JPY_SESSION_NAME`` in its environment; papermill and nbval kernels do not.
    ``SELFEVAL_DISPLAY=book|jupyter`` overrides the guess (the build sets "book").
    """
    chosen = os.environ.get(DISPLAY_ENV, "")
    if chosen:
        if chosen not in ("book", "jupyter"):
            raise ValueError(f"{DISPLAY_ENV}={chosen!r} 不可用——修改：设为 book 或 jupyter（或不设置）")
        return chosen
    return "jupyter" if os.environ.get("JPY_SESSION_NAME") else "book"


def chart(chart_obj, name: str) -> None:
    """An altair chart, drawn offline: in the book (HTML + SVG for the PDF) or in JupyterLab.

    ``name`` (lower-case ASCII, unique on the page) makes the element id, so outputs are stable.
    A chart function's :class:`~selfeval.presentation.charts.ChartOmitted` (a chart that would
    carry no information) prints its sentence instead.
    """
    if chart_obj is None:
        return
    if isinstance(chart_obj, charts.ChartOmitted):
        prose(chart_obj.sentence)
        return
    data, metadata = charts.bundle(chart_obj, name, frontend())
    display(data, metadata=metadata, raw=True)


def figures(**named: object) -> None:
    """Key figures as plain text, one per line: the cells nbval checks."""
    print("\n".join(f"{k}: {v}" for k, v in named.items()))
