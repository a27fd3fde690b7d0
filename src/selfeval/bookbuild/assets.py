"""Static files every book ships: the offline vega bundle, CSS, the light-theme script.

(Chinese search needs no dictionary: :mod:`.sphinxext` indexes characters and pairs.)
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import vl_convert as vlc

from ..content_store import sha256_file
from ..evaluation.results import Evaluation
from .progress import log

ASSETS = Path(__file__).resolve().parents[1] / "presentation" / "static"


def vega_bundle(cache: Path) -> Path:
    """vega + vega-lite + vega-embed in one file, wrapped so its names do not leak.

    Generated once by vl-convert (same versions as the SVG renderer) and cached with its
    digest; a cached bundle that no longer matches its digest is regenerated, not shipped.
    """

    path = cache / f"vega-bundle-{vlc.get_vega_embed_version()}-{vlc.get_vegalite_versions()[-1]}.js"
    digest = path.with_suffix(".js.sha256")
    if path.exists():
        try:
            if digest.read_text(encoding="ascii").strip() == sha256_file(path):
                return path
        except (OSError, UnicodeDecodeError):
            pass
        log(f"    缓存：{path.name} 与记录的摘要不符，已重新生成")
    cache.mkdir(parents=True, exist_ok=True)
    body = vlc.javascript_bundle("window.vegaEmbed = vegaEmbed;")
    tmp = cache / f".{path.name}.{os.getpid()}.tmp"
    tmp.write_text("(function(){\n" + body + "\n})();\n", encoding="utf-8")
    value = sha256_file(tmp)
    os.replace(tmp, path)
    tmp.write_text(value, encoding="ascii")
    os.replace(tmp, digest)
    return path


def install_static(static: Path, ev: Evaluation, cache: Path) -> None:
    static.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(vega_bundle(cache), static / "vega-bundle.js")
    for name in ("selfeval.css", "selfeval.js"):
        shutil.copyfile(ASSETS / name, static / name)
