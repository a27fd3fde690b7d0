"""Run Jupyter Book 1 on an assembled source folder, with warnings as errors.

``-W -n --keep-going``: every warning (a broken reference, an unknown output type) fails the
build, and all of them are collected first. The message is one line without colour codes;
the full log is kept beside the build.

Jupyter Book runs in its own process (this module run as ``python -m``: Jupyter Book's own
command line, in a process that imports selfeval first, so that its deferred imports apply,
and that ends when the build does, :func:`.children.end_with_parent`). The build starts it
with :func:`start_html` and writes the PDF, the .xlsx and the .docx while it runs: the two
cores work at once. Run in the build's own process instead, Sphinx would save ~0.2 s of
imports but hold the interpreter lock while WeasyPrint needs it.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from ..errors import BuildError
from . import children

ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
MAX_DETAIL = 300


class HtmlBuild:
    """A running Jupyter Book build: :meth:`wait` for the HTML folder, or :meth:`stop` it."""

    def __init__(self, src: Path, proc: subprocess.Popen):
        self.src, self.proc = src, proc

    def wait(self) -> Path:
        try:
            stdout, stderr = self.proc.communicate()
        finally:
            children.unregister(self.proc.pid)
        out_dir = self.src / "_build" / "html"
        if self.proc.returncode != 0 or not (out_dir / "index.html").exists():
            output = ANSI.sub("", stdout + stderr)
            log_file = self.src.parent / "jupyter-book.log"
            log_file.write_text(output, encoding="utf-8")
            lines = [line.strip() for line in output.splitlines() if line.strip()]
            problems = [line for line in lines if "WARNING" in line or "ERROR" in line]
            detail = (problems or lines or ["no output"])[0 if problems else -1]
            if len(detail) > MAX_DETAIL:
                detail = detail[:MAX_DETAIL] + "…"
            more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
            raise BuildError(f"Jupyter Book failed: {detail}{more} — full log: {log_file}")
        return out_dir

    def stop(self) -> None:
        """Kill it if it still runs (the build failed elsewhere)."""
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.communicate()
        children.unregister(self.proc.pid)


def start_html(src: Path) -> HtmlBuild:
    """Start Jupyter Book on the assembled folder ``src``; it writes ``src/_build/html``."""
    cmd = [
        sys.executable,
        "-m",
        "selfeval.bookbuild.jupyterbook",
        "build",
        str(src),
        "--path-output",
        str(src),
        "--config",
        str(src / "_config.yml"),
        "--toc",
        str(src / "_toc.yml"),
        "-W",
        "-n",
        "--keep-going",
        "--quiet",
    ]
    env = {**os.environ, "NO_COLOR": "1", "TERM": "dumb", "FORCE_COLOR": "0", "PY_COLORS": "0", children.PARENT_ENV: str(os.getpid())}
    proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    children.register(proc.pid)
    return HtmlBuild(src, proc)


def build_html(src: Path) -> Path:
    """Jupyter Book on ``src``, waited for."""
    return start_html(src).wait()


if __name__ == "__main__":  # the Jupyter Book process started by start_html
    children.end_with_parent()
    from jupyter_book.cli.main import main

    sys.argv[0] = "jupyter-book"
    main()
