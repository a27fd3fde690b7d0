"""The two layouts of a data folder: one project (``data/<year>/``) or a department's projects
(``data/<project>/<year>/``), told apart from the folder itself, never mixed.

A department files a self-evaluation for each of its projects; each project keeps its years in
its own folder, named by a short id (``jishan-health``) that becomes part of the published
addresses (``public/<project>/<year>/``). Folder names are untrusted text: an id is refused
unless it is lower-case ASCII letters, digits and single hyphens, so no name can climb out of
the output folder (``..``), hide (``.x``), look like a year, or differ from another only in
case or in characters nobody can see. A project folder that is a link to a folder outside the
data folder is refused (the build would read and publish files from anywhere).

Which layout: year folders (four ASCII digits) at the top are the single-project layout, as
before; then a folder beside them that holds year folders is a project, and the two layouts
mixed are refused in one line. Without year folders at the top, every visible sub-folder is a
project and must be a good one. Hidden entries and files (``README.md``) are not looked at.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from ..errors import DataError
from .raw import rel

Layout = Literal["single", "department"]
PROJECT_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
MAX_ID = 64  # a folder name and part of every address of the project's books
ID_RULE = "项目标识只能用小写英文字母a-z、数字0-9和连字符-（不在开头或结尾，不连用），至多64个字符，且不能是四位数字（那是年度）"
LAYOUT_HELP = "data/README.md“多个项目”"


@dataclass(frozen=True)
class ProjectFolder:
    """One project of a department: its id, its folder (``data/<id>``) and its years, ascending."""

    id: str
    path: Path
    years: tuple[int, ...]


def is_year_name(name: str) -> bool:
    return len(name) == 4 and name.isascii() and name.isdigit()


def id_problem(text: str) -> str | None:
    """Why ``text`` is not a project id (None when it is one)."""
    if is_year_name(text):
        return f"“{text}”是年度，不是项目标识"
    if len(text) > MAX_ID:
        return f"项目标识有{len(text)}个字符，超过{MAX_ID}个"
    if not PROJECT_ID.fullmatch(text):
        return f"“{text}”不是有效的项目标识"
    return None


def check_project_id(text: str, where: str = "--project") -> str:
    """``text`` when it is a project id; otherwise a one-line DataError naming ``where``."""
    problem = id_problem(text)
    if problem is not None:
        raise DataError(where, "", problem, ID_RULE + "，如 --project jishan-health")
    return text


def _year_folders(folder: Path) -> list[int]:
    try:
        return sorted(int(p.name) for p in folder.iterdir() if is_year_name(p.name) and p.is_dir())
    except OSError:
        return []


def _visible_folders(data: Path) -> list[Path]:
    return sorted(p for p in data.iterdir() if not p.name.startswith(".") and p.is_dir())


def layout(data: Path) -> Layout:
    """``single`` (years at the top, or nothing yet) or ``department`` (projects at the top).

    Refuses the two mixed: a year folder beside a folder that holds year folders.
    """
    if not data.is_dir():
        return "single"
    folders = _visible_folders(data)
    years = [p for p in folders if is_year_name(p.name)]
    projects = [p for p in folders if not is_year_name(p.name) and _year_folders(p)]
    if years and projects:
        inner = _year_folders(projects[0])[0]
        raise DataError(
            rel(projects[0]),
            "",
            f"是项目文件夹（其中有年度文件夹 {inner}/），而数据文件夹中还有单项目布局的年度文件夹 {years[0].name}/：两种布局不能混用",
            f"单项目：只保留 {rel(data)}/<年度>/；多项目：把 {years[0].name}/ 移入项目文件夹 {rel(data)}/<项目标识>/{years[0].name}/（见 {LAYOUT_HELP}）",
        )
    return "department" if folders and not years else "single"


def department_projects(data: Path) -> list[ProjectFolder]:
    """Every project of a department's data folder, checked: a good id, inside the data folder, with years."""
    root = data.resolve()
    out = []
    for folder in _visible_folders(data):
        shown = f"{rel(data)}/{folder.name}"  # the folder as listed, not where a link leads
        problem = id_problem(folder.name)
        if problem is not None:
            raise DataError(shown, "", f"文件夹名{problem}", f"把文件夹改名：{ID_RULE}（见 {LAYOUT_HELP}）")
        real = folder.resolve()
        if not real.is_relative_to(root) or real == root:
            raise DataError(shown, "", f"是指向数据文件夹 {root} 之外的 {real} 的链接", "把该项目的年度文件夹放进数据文件夹本身（复制，而不是链接）")
        years = _year_folders(folder)
        if not years:
            fix = f"放入 {shown}/<年度>/（如 {shown}/2023/，文件见 data/README.md），或把它移出数据文件夹"
            raise DataError(shown, "", "项目文件夹中没有年度文件夹", fix)
        out.append(ProjectFolder(folder.name, folder, tuple(years)))
    return out


def project_data(data: Path, project: str) -> Path:
    """The data folder of one project of a department (``data/<project>``), checked, for the
    commands that work on one project's years (score, check, calls, template, preview)."""
    check_project_id(project)
    if layout(data) != "department":
        raise DataError(rel(data), "", f"是单项目布局（{rel(data)}/<年度>/），没有项目 {project}", f"去掉 --project；多项目的布局见 {LAYOUT_HELP}")
    found = {p.id: p for p in department_projects(data)}
    if project not in found:
        have = "、".join(found) or "无"
        raise DataError(rel(data / project), "", "没有这个项目", f"现有项目：{have}；新建 {rel(data / project)}/<年度>/（见 {LAYOUT_HELP}）")
    return found[project].path
