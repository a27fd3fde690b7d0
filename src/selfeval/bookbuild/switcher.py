"""The year switcher on every HTML page: two static files and their place in the book's Sphinx config.

The script finds ``public/years.js`` relative to its own URL and builds the switcher from it
(see ``presentation/static/year-switcher.js``); nothing about other years is baked into a book.
"""

from __future__ import annotations

import shutil
from pathlib import Path

STATIC = Path(__file__).resolve().parents[1] / "presentation" / "static"
SCRIPT, STYLE = "year-switcher.js", "year-switcher.css"


def install(static_dir: Path, sphinx_config: dict) -> None:
    """Copy the switcher into the book's ``_static`` and load it on every page."""
    static_dir.mkdir(parents=True, exist_ok=True)
    for name in (SCRIPT, STYLE):
        shutil.copyfile(STATIC / name, static_dir / name)
    sphinx_config["html_js_files"] = [*sphinx_config.get("html_js_files", []), SCRIPT]
    sphinx_config["html_css_files"] = [*sphinx_config.get("html_css_files", []), STYLE]
