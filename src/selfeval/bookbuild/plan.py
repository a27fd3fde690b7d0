"""Which notebooks a year's book runs, from book/chapters.yml, and their parameters.

Papermill only warns about unknown parameters or a missing ``parameters`` cell; here both
are errors, checked before any kernel starts.
"""

from __future__ import annotations

import ast
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from ..contract.sources import available_years
from ..errors import BuildError

if TYPE_CHECKING:  # the plan is read before the data model is imported (a build's kernels start meanwhile)
    from ..evaluation.results import Evaluation


def _has_answer_rate(ev: Evaluation) -> bool:
    from ..contract.crosscheck import answer_rate_indicator

    return answer_rate_indicator(ev.data) is not None


REQUIREMENTS: dict[str, Callable[[Evaluation], bool]] = {
    "service_volume": lambda ev: ev.data.operations is not None and ev.data.operations.service_volume is not None,
    "answer_rate": _has_answer_rate,
    # an earlier fiscal year's folder beside this one (the build loads and checks it before any notebook runs)
    "previous_year": lambda ev: any(y < ev.year for y in available_years(Path(ev.data.folder).parent)),
}


@dataclass(frozen=True)
class Chapter:
    notebook: Path
    requires: str | None = None

    @property
    def name(self) -> str:
        return self.notebook.stem


def read_plan(root: Path) -> list[Chapter]:
    """The chapters of book/chapters.yml, checked: known requirements, existing notebooks."""
    path = root / "book" / "chapters.yml"
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    chapters = []
    for i, c in enumerate(raw["chapters"]):
        req = c.get("requires")
        if req is not None and req not in REQUIREMENTS:
            raise BuildError(f"book/chapters.yml：chapters[{i}].requires：未知的条件“{req}”——修改：填写 {'、'.join(REQUIREMENTS)} 之一")
        nb = root / c["notebook"]
        if not nb.exists():
            raise BuildError(f"book/chapters.yml：chapters[{i}].notebook：{c['notebook']} 不存在——修改：改正路径")
        chapters.append(Chapter(nb, req))
    return chapters


def chapters_for(ev: Evaluation, chapters: list[Chapter]) -> list[Chapter]:
    return [c for c in chapters if c.requires is None or REQUIREMENTS[c.requires](ev)]


def check_parameters(notebook: Path, values: dict[str, Any], root: Path) -> None:
    """The notebook must have a tagged parameters cell declaring every value, with its type."""
    import nbformat  # 1 s (jsonschema), and papermill 1.4 s: a build with nothing to run needs neither
    from papermill.translators import papermill_translators

    rel = notebook.relative_to(root) if notebook.is_relative_to(root) else notebook
    try:
        nb = nbformat.read(notebook, as_version=4)
    except Exception as exc:
        raise BuildError(f"{rel}：不是可读取的笔记本（{type(exc).__name__}）——修改：从 git 恢复，或在 Jupyter 中重新保存") from None
    cells = [c for c in nb.cells if "parameters" in c.get("metadata", {}).get("tags", [])]
    if not cells:
        raise BuildError(f"{rel}：没有标记为 parameters 的单元格——修改：给第一个代码单元格加标签 parameters（其中须给 {'、'.join(values)} 赋值）")
    kernel = nb.metadata.get("kernelspec", {}).get("name", "python3")
    language = nb.metadata.get("kernelspec", {}).get("language", "python")
    declared = {p.name: p for p in papermill_translators.find_translator(kernel, language).inspect(cells[0])}
    for name, value in values.items():
        if name not in declared:
            raise BuildError(f"{rel}：参数“{name}”没有在 parameters 单元格中声明——修改：在那里加上 `{name} = ...`，或不再传入该参数")
        inferred = _declared_type(declared[name])
        expected = type(value).__name__
        if inferred not in (None, "None") and inferred != expected:
            raise BuildError(f"{rel}：参数“{name}”是 {expected}（{value!r}），但笔记本声明为 {inferred}——修改：传入 {inferred}，或修改声明")


def _declared_type(param) -> str | None:
    """The annotation (``year: int = 2021``), else the type of the default literal."""

    if param.inferred_type_name not in (None, "None"):
        return param.inferred_type_name
    try:
        return type(ast.literal_eval(param.default)).__name__
    except (ValueError, SyntaxError):
        return None
