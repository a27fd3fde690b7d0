"""Where a book came from: inputs (sha256), code (git commit, dirty), tools (versions), time."""

from __future__ import annotations

import datetime as dt
import platform
import subprocess
from importlib import metadata
from pathlib import Path

from ..contract.file_digests import digests

KEY_PACKAGES = ("selfeval", "jupyter-book", "sphinx", "myst-nb", "papermill", "pandas", "altair", "vl-convert-python", "pydantic", "weasyprint")


def git_state(root: Path) -> tuple[str, bool]:
    try:
        commit = subprocess.run(["git", "rev-parse", "HEAD"], cwd=root, capture_output=True, text=True, check=True).stdout.strip()
        status = ["git", "status", "--porcelain", "--untracked-files=no"]
        dirty = bool(subprocess.run(status, cwd=root, capture_output=True, text=True, check=True).stdout.strip())
        return commit, dirty
    except (OSError, subprocess.CalledProcessError):
        return "unknown", True


def versions() -> dict[str, str]:
    out = {"python": platform.python_version()}
    for name in KEY_PACKAGES:
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = "未安装"
    return out


def input_name(path: Path, data_dir: Path) -> str:
    """An input as the 构建信息 page names it: relative to the data folder, under that folder's name
    (data/2021/project.yaml, archive/2024/budget.yaml), never the building machine's absolute path."""
    data = Path(data_dir).absolute()
    path = Path(path).absolute()
    if path.is_relative_to(data):
        return (Path(data.name) / path.relative_to(data)).as_posix()
    return path.name


def manifest(root: Path, inputs: list[Path], year: int, build_id: str, memo: Path | None = None, data_dir: Path | None = None) -> dict:
    commit, dirty = git_state(root)
    data = Path(data_dir) if data_dir is not None else root / "data"
    return {
        "fiscal_year": year,
        "build_id": build_id,
        "built_at": dt.datetime.now(dt.timezone(dt.timedelta(hours=8))).isoformat(timespec="seconds"),
        "git_commit": commit,
        "git_dirty": dirty,
        "inputs": {input_name(p, data): d for p, d in digests(inputs, memo).items()},
        "versions": versions(),
    }
