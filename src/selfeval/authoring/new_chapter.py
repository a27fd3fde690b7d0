"""``python -m selfeval new-chapter "专题分析：…"``: a chapter of the analyst's own, ready to build.

Writes ``notebooks/NN_<name>.ipynb`` from a template (the typed parameters cell every chapter
needs, the standard imports, a first cell that opens the year, the title as the page heading)
and adds it to ``book/chapters.yml`` before the appendices, by inserting one line so the
file's comments stay. The new chapter is then built, cached, validated and tested (nbval)
like every other one, because it is an ordinary chapter.

The title becomes a Markdown heading that Jupyter Book renders (MyST evaluates ``{{ }}``), so
it must be plain text; a title that another chapter already has is refused, and so is a file
name that exists.
"""

from __future__ import annotations

import os
import re
import unicodedata
from pathlib import Path

import nbformat
import yaml

from ..bookbuild import plan
from ..contract.fieldtypes import LINE_BREAKS, code_point, is_invisible
from ..contract.sources import available_years
from ..errors import BuildError, DataError
from .strip import dumps

MAX_TITLE = 60
# Characters with a meaning in Markdown, MyST or HTML inside a heading.
MARKUP = set("{}<>[]`*_#$~^&|\\")
NAME = re.compile(r"[a-z][a-z0-9_]{0,39}")
DEFAULT_NAME = "special"
APPENDIX_PREFIX = "附录"

PARAMETERS = 'year: int = {year}\ndata_dir: str = "../data"  # relative to notebooks/; the build passes its own'
IMPORTS = """import altair as alt
import pandas as pd

from selfeval.analyses import frames
from selfeval.api import open_year
from selfeval.presentation import charts, narrate, tables
from selfeval.presentation import notebook_display as show

ev = open_year(data_dir, year)"""
GUIDE = """# 在这里写本专题的分析：每个 show.* 调用在报告中显示一项内容，代码本身不出现在报告中。
# 数字一律由数据计算（frames.* 给出指标、得分、资金、服务量、月度数据），不要手写。示例：
# df = frames.indicators(ev)
# show.prose(f"本年度共设置{len(df)}项绩效指标，其中{int(df['met'].sum())}项达标。")
# show.table(df[["name", "target_text", "reported_text", "met"]], headers=["指标", "年度指标值", "实际完成值", "是否达标"], caption="指标完成情况")
# show.chart(alt.Chart(frames.for_chart(df)).mark_bar().encode(x=alt.X("score:Q", title="得分"), y=alt.Y("name:N", title=None)), "special_scores")"""


def _key(title: str) -> str:
    """Titles compared as a reader sees them: full-width = half-width, spaces and case ignored."""
    return "".join(unicodedata.normalize("NFKC", title).casefold().split())


def check_title(title: str) -> str:
    text = title.strip()
    if not text:
        raise DataError("new-chapter", "章标题", "标题为空", '给出章标题，如 "专题分析：话务量高峰"')
    if len(text) > MAX_TITLE:
        raise DataError("new-chapter", "章标题", f"标题有{len(text)}个字符，超过{MAX_TITLE}个", "缩短标题，细节写在章内")
    bad_char = next((ch for ch in text if unicodedata.category(ch)[0] == "C" or ch in LINE_BREAKS or is_invisible(ch, allow="")), None)
    if bad_char is not None:  # U+2028/U+2029 (Zl, Zp) break a Markdown heading as \n does; invisible ones hide in it
        raise DataError("new-chapter", "章标题", f"标题含有换行或控制字符（{code_point(bad_char)}）", "写在一行内")
    bad = sorted(set(text) & MARKUP)
    if bad:
        raise DataError("new-chapter", "章标题", f"标题含有 {' '.join(bad)}，这些字符在标题中表示标记", "使用纯文字（全角的（）【】：可以用）")
    return text


def notebook_title(path: Path) -> str | None:
    """The first Markdown heading of a notebook (its page title in the book), without the #s."""
    try:
        nb = nbformat.read(path, as_version=4)
    except (OSError, ValueError):  # unreadable or not JSON: it has no title to clash with
        return None
    for cell in nb.cells:
        if cell.cell_type != "markdown":
            continue
        for line in cell.source.splitlines():
            if line.startswith("#"):
                return line.lstrip("#").strip()
    return None


def _file_name(root: Path, title: str, name: str | None) -> str:
    if name is not None:
        if not NAME.fullmatch(name):
            raise DataError(
                "new-chapter",
                "--name",
                f"“{name}”不是安全的文件名",
                "只用小写 ASCII 字母、数字和 _，以字母开头，如 peak_hours",
            )
        slug = name
    else:
        words = re.findall(r"[a-z0-9]+", unicodedata.normalize("NFKC", title).lower())
        slug = "_".join(words)[:40].strip("_")
        slug = slug if slug and slug[0].isalpha() else DEFAULT_NAME
    numbers = [int(m.group(1)) for p in (root / "notebooks").glob("*.ipynb") if (m := re.match(r"(\d+)", p.name))]
    return f"{max(numbers, default=0) + 1:02d}_{slug}.ipynb"


def _default_year(root: Path, chapters: list[plan.Chapter]) -> int:
    """The ``year`` default of the first chapter, so every notebook runs the same year under nbval."""
    if chapters:
        nb = nbformat.read(chapters[0].notebook, as_version=4)
        for cell in nb.cells:
            if "parameters" in cell.get("metadata", {}).get("tags", []):
                m = re.search(r"^year\s*(?::\s*int)?\s*=\s*(\d{4})\s*$", cell.source, re.MULTILINE)
                if m:
                    return int(m.group(1))
    years = available_years(root / "data")
    if not years:
        raise DataError("data/", "", "没有年度文件夹", "先添加 data/<年度>/（见 data/README.md）")
    return years[-1]


def template(title: str, year: int) -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    nb.metadata = {"kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"}, "language_info": {"name": "python"}}
    nb.cells = [
        nbformat.v4.new_code_cell(PARAMETERS.format(year=year), metadata={"tags": ["parameters"]}),
        nbformat.v4.new_code_cell(IMPORTS),
        nbformat.v4.new_markdown_cell(f"# {title}"),
        nbformat.v4.new_code_cell(GUIDE),
    ]
    for n, cell in enumerate(nb.cells):
        cell.id = f"cell-{n:02d}"
    return nb


def insert_chapter(text: str, new: str, before: str | None) -> str:
    """chapters.yml with ``- notebook: new`` inserted before the entry of ``before`` (or at the end).

    A text edit, so comments and layout stay; comment lines right above ``before`` stay with it.
    """
    lines = text.splitlines(keepends=True)
    entry = re.compile(r"^(\s*)-\s+notebook:\s*[\"']?(.+?)[\"']?\s*(#.*)?$")
    entries = [(i, m) for i, line in enumerate(lines) if (m := entry.match(line.rstrip("\n")))]
    if not entries:
        raise BuildError("book/chapters.yml：找不到“- notebook: …”条目——修改：从 git 恢复该文件")
    indent = entries[0][1].group(1)
    at = len(lines)
    for i, m in entries:
        if m.group(2) == before:
            at = i
            while at > 0 and lines[at - 1].strip().startswith("#") and lines[at - 1].startswith(indent):
                at -= 1
            break
    if at == len(lines) and lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    lines.insert(at, f"{indent}- notebook: {new}\n")
    return "".join(lines)


def new_chapter(root: Path, title: str, name: str | None = None) -> Path:
    """Write the notebook and register it; returns the notebook's path."""
    title = check_title(title)
    if not (root / "book" / "chapters.yml").is_file() or not (root / "notebooks").is_dir():
        raise DataError(str(root), "", "不是项目文件夹（没有 book/chapters.yml 或 notebooks/）", "在项目文件夹中运行 new-chapter")
    chapters = plan.read_plan(root)
    key = _key(title)
    for nb_path in sorted((root / "notebooks").glob("*.ipynb")):
        existing = notebook_title(nb_path)
        if existing is not None and _key(existing) == key:
            raise DataError("new-chapter", "章标题", f"“{title}”已是 notebooks/{nb_path.name} 的标题", "换一个标题，或编辑那一章")
    file_name = _file_name(root, title, name)
    target = root / "notebooks" / file_name
    rel = f"notebooks/{file_name}"
    if target.exists() or any(c.notebook.resolve() == target.resolve() for c in chapters):
        raise DataError("new-chapter", "--name", f"{rel} 已存在", "换一个 --name")
    appendix = next((c for c in chapters if (notebook_title(c.notebook) or "").startswith(APPENDIX_PREFIX)), None)
    before = appendix.notebook.relative_to(root).as_posix() if appendix else None

    yml = root / "book" / "chapters.yml"
    old_text = yml.read_text(encoding="utf-8")
    new_text = insert_chapter(old_text, rel, before)
    expected = [c.notebook.relative_to(root).as_posix() for c in chapters]
    expected.insert(expected.index(before) if before else len(expected), rel)
    got = [c["notebook"] for c in yaml.safe_load(new_text)["chapters"]]
    if got != expected:
        raise BuildError(f"book/chapters.yml：无法通过文本编辑加入 {rel}（得到 {got}）——修改：手工加入“- notebook: {rel}”")

    target.write_text(dumps(template(title, _default_year(root, chapters))), encoding="utf-8")
    try:
        tmp = yml.with_name(".chapters.yml.tmp")
        tmp.write_text(new_text, encoding="utf-8")
        os.replace(tmp, yml)
    except BaseException:
        target.unlink(missing_ok=True)
        raise
    return target
