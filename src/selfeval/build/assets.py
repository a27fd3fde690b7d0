"""Static files every book ships: the offline vega bundle, CSS, the search dictionary."""

from __future__ import annotations

import os
import shutil
import threading
from pathlib import Path

from ..evaluation.results import Evaluation

ASSETS = Path(__file__).resolve().parents[1] / "presentation" / "static"


def vega_bundle(cache: Path) -> Path:
    """vega + vega-lite + vega-embed in one file, wrapped so its names do not leak.

    Generated once by vl-convert (same versions as the SVG renderer) and cached.
    """
    import vl_convert as vlc

    path = cache / f"vega-bundle-{vlc.get_vega_embed_version()}-{vlc.get_vegalite_versions()[-1]}.js"
    if not path.exists():
        cache.mkdir(parents=True, exist_ok=True)
        body = vlc.javascript_bundle("window.vegaEmbed = vegaEmbed;")
        tmp = path.with_suffix(f".{os.getpid()}.{threading.get_ident()}.tmp")  # concurrent builds
        tmp.write_text("(function(){\n" + body + "\n})();\n", encoding="utf-8")
        tmp.replace(path)
    return path


def search_dictionary(ev: Evaluation) -> str:
    """A jieba user dictionary so Chinese search finds indicator terms such as 接通率.

    jieba's search cut emits the 2- and 3-character words it knows; indicator names are
    domain words it does not, so each name and its 2-/3-character pieces are added.
    """
    words: set[str] = set()
    for it in ev.items:
        name = it.indicator.name
        words.add(name)
        for size in (2, 3, 4):
            words.update(name[i : i + size] for i in range(len(name) - size + 1))
    return "".join(f"{w} 1000\n" for w in sorted(words))


def install_static(static: Path, ev: Evaluation, cache: Path) -> None:
    static.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(vega_bundle(cache), static / "vega-bundle.js")
    shutil.copyfile(ASSETS / "selfeval.css", static / "selfeval.css")
    (static / "search-dict.txt").write_text(search_dictionary(ev), encoding="utf-8")

