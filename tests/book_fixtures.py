"""Build helpers shared by the book tests: run the real CLI into a temporary public folder."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def run_build(out: Path, *args: str, data: Path | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess:
    """Run the real CLI. Without ``cwd``, in a throw-away copy of the project beside ``out``, so the
    build has its own .cache/ and build/ and never reuses (or fills) the repository's."""
    if cwd is None:
        cwd = out.parent / f"project-{out.name}"
        if not cwd.exists():
            project_copy(cwd)
    # the CLI does not take the project from the working directory: name the copy
    cmd = [sys.executable, "-m", "selfeval", "build", "--out", str(out), "--project", str(cwd), *args]
    if data is not None:
        cmd += ["--data", str(data)]
    return subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, timeout=600)


def cli_in_process(capsys, *args: str) -> subprocess.CompletedProcess:
    """The CLI run in this process (no interpreter start-up, 1–2 s less per call): its exit code and
    what it printed. The subprocess path (`python -m selfeval`) is covered by tests/test_robustness.py."""
    from selfeval.cli import main

    capsys.readouterr()
    code = main(list(args))
    printed = capsys.readouterr()
    return subprocess.CompletedProcess(["selfeval", *args], code, printed.out, printed.err)


def html_text(page: Path) -> str:
    """Visible text of a built page (tags stripped, scripts dropped)."""
    import re

    raw = page.read_text(encoding="utf-8")
    raw = re.sub(r"<script.*?</script>", "", raw, flags=re.S)
    raw = re.sub(r"<style.*?</style>", "", raw, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", raw))


def project_copy(dst: Path) -> Path:
    """A throw-away copy of the project's book inputs (data, notebooks, book, config) to build from."""
    import shutil

    dst.mkdir(parents=True, exist_ok=True)
    for name in ("data", "notebooks", "book"):
        shutil.copytree(ROOT / name, dst / name)
    shutil.copyfile(ROOT / "_config.yml", dst / "_config.yml")
    return dst


def tree_digest(folder: Path) -> dict[str, str]:
    """sha256 of every file below folder (following the published symlink)."""
    import hashlib

    folder = folder.resolve()
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.rglob("*")) if p.is_file()}
