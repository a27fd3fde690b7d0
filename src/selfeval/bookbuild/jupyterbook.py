"""Run Jupyter Book 1 on an assembled source folder, with warnings as errors.

``-W -n --keep-going``: every warning (a broken reference, an unknown output type) fails the
build, and all of them are collected first. The message is one line without colour codes;
the full log is kept beside the build.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from ..errors import BuildError

ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
MAX_DETAIL = 300


def build_html(src: Path) -> Path:
    exe = Path(sys.executable).with_name("jupyter-book")
    cmd = [
        str(exe),
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
    env = {**os.environ, "NO_COLOR": "1", "TERM": "dumb", "FORCE_COLOR": "0", "PY_COLORS": "0"}
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env)
    out_dir = src / "_build" / "html"
    if proc.returncode != 0 or not (out_dir / "index.html").exists():
        output = ANSI.sub("", proc.stdout + proc.stderr)
        log_file = src.parent / "jupyter-book.log"
        log_file.write_text(output, encoding="utf-8")
        lines = [line.strip() for line in output.splitlines() if line.strip()]
        problems = [line for line in lines if "WARNING" in line or "ERROR" in line]
        detail = (problems or lines or ["no output"])[0 if problems else -1]
        if len(detail) > MAX_DETAIL:
            detail = detail[:MAX_DETAIL] + "…"
        more = f"（另有{len(problems) - 1}条）" if len(problems) > 1 else ""
        raise BuildError(f"Jupyter Book 生成失败：{detail}{more}——完整日志：{log_file}")
    return out_dir
