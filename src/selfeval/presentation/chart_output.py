"""One chart → the notebook output that draws it offline, for the book or for JupyterLab.

Two places show the same executed chart, and they pick outputs differently:

- **The book** (Jupyter Book / MyST-NB, then the PDF) picks by ``nb_mime_priority_overrides``
  in ``_config.yml``: ``text/html`` (a div and a call to the ``vegaEmbed`` the book ships in
  ``_static/vega-bundle.js``) for the HTML, ``image/svg+xml`` (vl-convert) for the PDF.
- **JupyterLab** picks by renderer rank, and ``text/html`` (rank 50) beats everything else, but
  the lab has no ``_static/vega-bundle.js``: that HTML would draw nothing. The lab does draw
  ``application/vnd.vega.v5+json`` with the Vega it bundles (JupyterLab 4.6: vega 5.33,
  vega-lite 5.6, vega-embed 6.21; mime types vega v5 and vega-lite v3–v5). Altair 6 writes
  Vega-Lite **v6** specs, which the lab has no renderer for, so the spec is compiled to Vega by
  vl-convert, the same compiler that draws the SVG. nbformat accepts the key as JSON
  (``application/…+json``), so papermill's validation passes.

So a chart has two output forms, and :func:`mimebundle` writes the one asked for:
``"book"`` = ``text/html`` + SVG (as before), ``"jupyter"`` = Vega JSON + SVG, without HTML.
Element ids derive from the chart's name, never from a counter or a random number, so executed
notebooks are byte-stable (nbval, the determinism test).
"""

from __future__ import annotations

import json
import re

import vl_convert as vlc

from .html_templates import render

VEGA_MIME = "application/vnd.vega.v5+json"
VEGA_V5_SCHEMA = "https://vega.github.io/schema/vega/v5.json"
TARGETS = ("book", "jupyter")
NAME = re.compile(r"[a-z0-9][a-z0-9_-]{0,62}")
# In the lab: SVG as in the book; export as SVG/PNG yes; "open in the Vega editor" needs the internet, so no.
EMBED_OPTIONS = {"renderer": "svg", "actions": {"export": True, "source": False, "compiled": False, "editor": False}}

_SCRIPT_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def script_json(value: object) -> str:
    """JSON that is safe inside ``<script>``: a label ``</script>`` cannot end the script.

    ``<``, ``>``, ``&`` and the JavaScript line terminators U+2028/U+2029 are written as
    ``\\uXXXX`` escapes, which JSON and JavaScript read back as the same characters.
    """
    text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    return re.sub("[<>&\u2028\u2029]", lambda m: _SCRIPT_ESCAPES[m.group(0)], text)


def check_name(name: str) -> str:
    """Chart names become element ids and parts of a script: lower-case ASCII only."""
    if not isinstance(name, str) or not NAME.fullmatch(name):
        raise ValueError(f'图表名称 {name!r} 不可用——修改：用1–63个小写 ASCII 字母、数字、“-”或“_”（如 "volume_by_district"），同一页内不重复')
    return name


def vega_spec(vegalite: dict) -> dict:
    """The Vega spec of a Vega-Lite spec, compiled by vl-convert (deterministic: data names are hashes)."""

    vega = vlc.vegalite_to_vega(vegalite)
    # vl-convert labels its output with the Vega 6 schema; the grammar Vega-Lite compiles to is
    # the one Vega 5 draws (checked in JupyterLab by tests/test_lab_browser.py), and the label
    # keeps vega-embed from warning about a version mismatch on every chart.
    vega["$schema"] = VEGA_V5_SCHEMA
    return vega


def book_html(vegalite: dict, name: str) -> str:
    """A div and a script that waits for the book's vega-embed and draws into the div (templates/chart.html.j2)."""
    return render("chart.html.j2", element=f"chart-{check_name(name)}", spec=script_json(vegalite))


def mimebundle(vegalite: dict, svg: str, name: str, target: str = "book") -> tuple[dict, dict]:
    """(data, metadata) of the display output of one chart, for ``target`` "book" or "jupyter"."""
    check_name(name)
    if target == "book":
        return {"text/html": book_html(vegalite, name), "image/svg+xml": svg}, {}
    if target == "jupyter":
        data = {VEGA_MIME: vega_spec(vegalite), "image/svg+xml": svg, "text/plain": f"<chart {name}>"}
        return data, {VEGA_MIME: {"embed_options": EMBED_OPTIONS}}
    raise ValueError(f"图表输出目标 {target!r} 不可用——修改：使用 {'、'.join(TARGETS)} 之一")
