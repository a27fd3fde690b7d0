"""Display helpers for the notebooks: the only way notebooks put content on a page.

Keeping display here means notebooks stay thin (parameters, calls) and every output is
escaped and deterministic (stable element ids, no timestamps), which nbval relies on.
"""

from __future__ import annotations

from typing import Iterable

from IPython.display import display

from . import charts, render


def html(fragment: str) -> None:
    """An HTML fragment built by the package; an empty one (a section without data) shows nothing."""
    if fragment:
        display({"text/html": fragment}, raw=True)


def prose(*texts: str | None) -> None:
    """Paragraphs of (analyst or generated) text; Markdown allowed, HTML escaped. No text, no output."""
    given = [t for t in texts if t]
    if given:
        html(render.paragraphs_html(given))


def points(items: Iterable[str]) -> None:
    """A numbered list written (1) … (n)."""
    html(render.ordered_html(items))


def chart(chart_obj, name: str) -> None:
    if chart_obj is None:
        return
    display(charts.bundle(chart_obj, name), raw=True)


def figures(**named: object) -> None:
    """Key figures as plain text, one per line: the cells nbval checks."""
    print("\n".join(f"{k}: {v}" for k, v in named.items()))
