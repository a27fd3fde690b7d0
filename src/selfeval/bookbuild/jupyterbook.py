"""Run Jupyter Book 1 on an assembled source folder, with warnings as errors.

``-W -n --keep-going``: every warning (a broken reference, an unknown output type) fails the
build, and all of them are collected first. The message is one line without colour codes;
the full log is kept beside the build.

Jupyter Book runs in its own process (this module run as ``python -m``: Jupyter Book's own
command line, in a process that imports selfeval first, so that its deferred imports apply,
and that ends when the build does, :func:`.children.end_with_parent`). The build starts it
(:class:`JupyterBook`) before the notebooks run, so that its imports are done by the time the
book's folder is assembled, and writes the PDF, the .xlsx and the .docx while it builds: the
two cores work at once. Run in the build's own process instead, Sphinx would save ~0.2 s of
imports but hold the interpreter lock while WeasyPrint needs it.
"""

from __future__ import annotations

import re
import sys
from contextlib import suppress
from pathlib import Path

from ..errors import BuildError
from . import children

# Jupyter Book is never the longest wait: while it imports, the kernel runs the chapters; while it
# builds, WeasyPrint lays out the PDF (1.4 s of CPU against its 1.0). On two cores the three share,
# so it runs at a lower priority and takes what they leave (A/B, 4 alternating runs each: a prose
# edit 2.90 s against 3.08 s at the same priority, a cold build 5.92 s against 6.04 s).
NICE = 10
ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
MAX_DETAIL = 300


class JupyterBook:
    """A Jupyter Book process, started before its folder exists: it imports Jupyter Book, Sphinx and
    the book's extensions (~0.7 s of CPU) while the notebooks run, then builds what :meth:`build`
    gives it. :meth:`wait` for the HTML folder, or :meth:`stop` it."""

    def __init__(self, config: Path):
        """``config``: the project's _config.yml (its Sphinx extensions are imported ahead)."""
        quiet = {"NO_COLOR": "1", "TERM": "dumb", "FORCE_COLOR": "0", "PY_COLORS": "0"}
        self.process = children.AheadProcess("selfeval.bookbuild.jupyterbook", str(config), env=quiet)
        self.src: Path | None = None

    def build(self, src: Path) -> None:
        """Build the assembled folder ``src`` (into ``src/_build/html``)."""
        self.src = src
        args = ["build", str(src), "--path-output", str(src), "--config", str(src / "_config.yml"), "--toc", str(src / "_toc.yml")]
        self.process.send([*args, "-W", "-n", "--keep-going", "--quiet"])

    def wait(self) -> Path:
        assert self.src is not None, "build() first"
        code, stdout, stderr = self.process.wait()
        out_dir = self.src / "_build" / "html"
        if code != 0 or not (out_dir / "index.html").exists():
            output = ANSI.sub("", stdout + stderr)
            log_file = self.src.parent / "jupyter-book.log"
            log_file.write_text(output, encoding="utf-8")
            lines = [line.strip() for line in output.splitlines() if line.strip()]
            problems = [line for line in lines if "WARNING" in line or "ERROR" in line]
            detail = (problems or lines or ["no output"])[0 if problems else -1]
            if len(detail) > MAX_DETAIL:
                detail = detail[:MAX_DETAIL] + "…"
            more = f"（另有{len(problems) - 1}条）" if len(problems) > 1 else ""
            raise BuildError(f"Jupyter Book 生成失败：{detail}{more}——完整日志：{log_file}")
        return out_dir

    def stop(self) -> None:
        self.process.stop()


# What a build imports, imported ahead. Besides Jupyter Book and Sphinx, the modules the extensions
# import only in their setup() or on the first page (MyST-NB's Sphinx part pulls in jupyter-cache and
# SQLAlchemy, and IPython for its lexer; MyST's Markdown parser; the builders Sphinx registers; the
# theme's code styles): 0.65 s of CPU that was paid after the notebooks, when the PDF needs the cores.
A11Y_STYLES = (  # the theme's code styles, which it looks up by name
    "a11y_dark",
    "a11y_high_contrast_dark",
    "a11y_high_contrast_light",
    "a11y_light",
    "blinds_dark",
    "blinds_light",
    "github_dark",
    "github_dark_colorblind",
    "github_dark_high_contrast",
    "github_light",
    "github_light_colorblind",
    "github_light_high_contrast",
    "gotthard_dark",
    "gotthard_light",
    "greative",
    "pitaya_smoothie",
)
AHEAD = [
    "jupyter_book.cli.main",
    "jupyter_book.sphinx",
    "jupyter_book.config",
    "sphinx.application",
    "sphinx.builders.html",
    "sphinx.builders.epub3",
    "sphinx.builders.gettext",
    "sphinx.builders.changes",
    "sphinx.builders.dummy",
    "sphinx.builders.dirhtml",
    "sphinx.builders.singlehtml",
    "sphinx.builders.latex",
    "sphinx.builders.texinfo",
    "sphinx.builders.text",
    "sphinx.builders.manpage",
    "sphinx.builders.xml",
    "sphinx.builders.linkcheck",
    "sphinxcontrib.applehelp",
    "sphinxcontrib.devhelp",
    "sphinxcontrib.htmlhelp",
    "sphinxcontrib.qthelp",
    "sphinxcontrib.serializinghtml",
    "myst_nb.sphinx_ext",
    "myst_nb.core.render",
    "myst_nb.core.read",
    "myst_nb.core.execute",
    "myst_parser.parsers.sphinx_",
    "myst_parser.mdit_to_docutils.sphinx_",
    "myst_parser.sphinx_ext.directives",
    "myst_parser.sphinx_ext.mathjax",
    "myst_parser.sphinx_ext.myst_refs",
    "myst_nb.ext.glue",
    "myst_nb.ext.execution_tables",
    "sphinx_external_toc.events",
    "sphinx_multitoc_numbering",
    "alabaster",
    "mdit_py_plugins.colon_fence",
    "mdit_py_plugins.dollarmath",
    "mdit_py_plugins.tasklists",
    "linkify_it",
    "IPython.lib.lexers",
    "nbformat",
    "docutils.parsers.rst.directives.admonitions",
    "docutils.parsers.rst.directives.misc",
    "docutils.parsers.rst.directives.tables",
    "sphinx_design.extension",
    "pydata_sphinx_theme",
    *(f"a11y_pygments.{style}.style" for style in A11Y_STYLES),
]


def _import_ahead(config: Path) -> None:
    """What building will import: Jupyter Book's command line and Sphinx, and the book's extensions."""
    import importlib

    import yaml

    try:
        extensions = yaml.safe_load(config.read_text(encoding="utf-8"))["sphinx"]["config"]["extensions"]
    except Exception:
        extensions = []  # the build reports a broken configuration
    for name in [*AHEAD, *map(str, extensions)]:
        with suppress(Exception):
            importlib.import_module(name)


def _run(argv: list[str]) -> None:
    from jupyter_book.cli.main import main

    sys.argv = ["jupyter-book", *argv]
    main()


if __name__ == "__main__":  # the process JupyterBook starts
    import os

    os.nice(NICE)
    config = Path(sys.argv[1])
    children.serve(lambda: _import_ahead(config), _run)
