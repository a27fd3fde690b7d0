"""Where a book came from: inputs (sha256), code (git commit, dirty), tools (versions), time."""

from __future__ import annotations

import datetime as dt
import hashlib
import platform
import subprocess
from importlib import metadata
from pathlib import Path

KEY_PACKAGES = ("selfeval", "jupyter-book", "sphinx", "myst-nb", "papermill", "pandas", "altair", "vl-convert-python", "pydantic", "weasyprint")


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def git_state(root: Path) -> tuple[str, bool]:
    try:
        commit = subprocess.run(["git", "rev-parse", "HEAD"], cwd=root, capture_output=True, text=True, check=True).stdout.strip()
        dirty = bool(subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=root, capture_output=True, text=True, check=True).stdout.strip())
        return commit, dirty
    except (OSError, subprocess.CalledProcessError):
        return "unknown", True


def versions() -> dict[str, str]:
    out = {"python": platform.python_version()}
    for name in KEY_PACKAGES:
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = "not installed"
    return out


def manifest(root: Path, inputs: list[Path], year: int, build_id: str) -> dict:
    commit, dirty = git_state(root)
    return {
        "fiscal_year": year,
        "build_id": build_id,
        "built_at": dt.datetime.now(dt.timezone(dt.timedelta(hours=8))).isoformat(timespec="seconds"),
        "git_commit": commit,
        "git_dirty": dirty,
        "inputs": {str(p.relative_to(root)) if p.is_relative_to(root) else str(p): sha256(p) for p in inputs},
        "versions": versions(),
    }


def appendix_md(man: dict, notebooks: list[str], warnings: list[str], downloads: bool = True) -> str:
    """The MyST page 附录 数据来源与构建信息 (not a notebook: it carries the build time)."""
    lines = ["# 附录　数据来源与构建信息", "", "## 构建信息", "", "| 项目 | 内容 |", "|---|---|"]
    lines += [
        f"| 年度 | {man['fiscal_year']} |",
        f"| 构建时间 | {man['built_at']} |",
        f"| 构建编号 | `{man['build_id']}` |",
        f"| 代码版本（git） | `{man['git_commit'][:12]}`{'（工作区有未提交修改）' if man['git_dirty'] else ''} |",
    ]
    lines += ["", "## 输入文件（SHA-256）", "", "| 文件 | SHA-256 |", "|---|---|"]
    lines += [f"| `{k}` | `{v}` |" for k, v in man["inputs"].items()]
    lines += ["", "## 软件版本", "", "| 软件 | 版本 |", "|---|---|"]
    lines += [f"| {k} | {v} |" for k, v in man["versions"].items()]
    lines += ["", "## 数据一致性检查", ""]
    if warnings:
        lines += [f"- {_md_escape(w)}" for w in warnings]
    else:
        lines.append("未发现问题。")
    lines += ["", "## 已执行的笔记本（审计记录）", ""]
    if downloads:
        lines += [f"- {{download}}`{n} <executed/{n}>`" for n in notebooks]
    else:  # the PDF names them; the HTML book and public/<year>/notebooks/ carry the files
        lines += [f"- `{n}`" for n in notebooks]
    return "\n".join(lines) + "\n"


def _md_escape(text: str) -> str:
    import html

    return html.escape(text).replace("|", "\\|").replace("`", "\\`").replace("*", "\\*").replace("_", "\\_")


def footer_html(man: dict) -> str:
    return (
        f"<p class=\"selfeval-provenance\">{man['fiscal_year']}年度 · 构建于 {man['built_at']} · "
        f"代码 {man['git_commit'][:12]}{'（有未提交修改）' if man['git_dirty'] else ''} · 构建编号 {man['build_id']}</p>"
    )
