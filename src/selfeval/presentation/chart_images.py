"""Chart images drawn once per distinct input: an SVG per Vega-Lite spec, a PNG per SVG and size.

Drawing costs: vl-convert starts a JavaScript engine in each process on its first chart
(~0.45 s of CPU) and then draws each chart (~0.05 s); a PNG at 300 dpi for the Word report
takes ~0.07 s. A rebuild after an edit that leaves a chart's data as it was (a text, a
heading, another chapter) draws it again for nothing, in every kernel. So when the build
names a cache folder (``SELFEVAL_CHART_CACHE``, set for its kernels and for its own process),
images are kept there under the digest of what they are drawn from, verified on every read
(:mod:`selfeval.content_store`); without it (JupyterLab, nbval, tests) every image is drawn.
``--force`` draws everything again: the build then also names the time it started
(``SELFEVAL_CHART_CACHE_SINCE``, ns), and only images drawn since are taken (the Word
report's PNGs drawn while the notebooks ran, a chart two chapters share).

The key covers the whole input (the spec, with its data and fonts, or the SVG, the scale and
the resolution) and the vl-convert version that draws it.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable
from contextlib import suppress
from pathlib import Path

import vl_convert as vlc

from ..content_store import VerifiedStore

CACHE_ENV = "SELFEVAL_CHART_CACHE"
SINCE_ENV = "SELFEVAL_CHART_CACHE_SINCE"


def _cached(suffix: str, parts: tuple, draw: Callable[[], bytes]) -> bytes:
    folder = os.environ.get(CACHE_ENV)
    if not folder:
        return draw()
    store = VerifiedStore(Path(folder), suffix)
    drawer = vlc.__version__  # type: ignore[attr-defined]
    key = hashlib.sha256(json.dumps([drawer, *parts], sort_keys=True, ensure_ascii=False).encode()).hexdigest()
    found = store.read(key, int(os.environ.get(SINCE_ENV) or 0))
    if found is None:
        found = draw()
        with suppress(OSError):  # a read-only or full cache only costs drawing it again
            store.store(key, found)
    return found


# the smallest chart: drawing it starts vl-convert's engine and nothing else
_FIRST = {"data": {"values": [{"x": 0}]}, "mark": "point", "encoding": {"x": {"field": "x", "type": "quantitative"}}}


def start_engine() -> None:
    """Start vl-convert's JavaScript engine now (~0.45 s of CPU, outside the interpreter lock: a
    thread can do it while the interpreter imports or runs cells), so that the first chart finds
    it started. Nothing is cached or returned, and nothing is raised or printed (run on a thread
    of a kernel, a traceback would land in whichever cell runs then): the first chart reports a
    broken engine itself."""
    with suppress(Exception):
        vlc.vegalite_to_svg(_FIRST)


def svg(spec: dict) -> str:
    """The SVG vl-convert draws for a Vega-Lite spec."""
    return _cached(".svg", ("svg", spec), lambda: vlc.vegalite_to_svg(spec).encode("utf-8")).decode("utf-8")


def png(svg_text: str, scale: float, ppi: int) -> bytes:
    """An SVG as PNG (vl-convert): ``scale`` times its size, at ``ppi``."""
    return _cached(".png", ("png", svg_text, repr(scale), ppi), lambda: vlc.svg_to_png(svg_text, scale=scale, ppi=ppi))
