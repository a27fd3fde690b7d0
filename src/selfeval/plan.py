"""Which notebooks a year's book runs, from book/chapters.yml, and their parameters.

Papermill only warns about unknown parameters or a missing ``parameters`` cell; here both
are errors, checked before any kernel starts.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

import yaml

from .errors import BuildError
from .evaluate import Evaluation

REQUIREMENTS: dict[str, Callable[[Evaluation], bool]] = {
    "service_volume": lambda ev: ev.data.operations is not None and ev.data.operations.service_volume is not None,
    "monthly": lambda ev: ev.data.monthly is not None,
    "capacity": lambda ev: ev.data.operations is not None and ev.data.operations.agents is not None,
}
TYPES = {"int": int, "str": str, "float": float, "bool": bool}


@dataclass(frozen=True)
class Chapter:
    notebook: Path
    requires: str | None = None

    @property
    def name(self) -> str:
        return self.notebook.stem


def read_plan(root: Path) -> tuple[dict[str, type], list[Chapter]]:
    path = root / "book" / "chapters.yml"
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    params = {k: TYPES[v] for k, v in raw["parameters"].items()}
    chapters = []
    for i, c in enumerate(raw["chapters"]):
        req = c.get("requires")
        if req is not None and req not in REQUIREMENTS:
            raise BuildError(f"book/chapters.yml: chapters[{i}].requires: unknown requirement '{req}' — fix: use one of {', '.join(REQUIREMENTS)}")
        nb = root / c["notebook"]
        if not nb.exists():
            raise BuildError(f"book/chapters.yml: chapters[{i}].notebook: {c['notebook']} does not exist — fix: correct the path")
        chapters.append(Chapter(nb, req))
    return params, chapters


def chapters_for(ev: Evaluation, chapters: list[Chapter]) -> list[Chapter]:
    return [c for c in chapters if c.requires is None or REQUIREMENTS[c.requires](ev)]


def check_parameters(notebook: Path, values: dict[str, Any], root: Path) -> None:
    """The notebook must have a tagged parameters cell declaring every value, with its type."""
    import papermill as pm

    rel = notebook.relative_to(root) if notebook.is_relative_to(root) else notebook
    import nbformat

    nb = nbformat.read(notebook, as_version=4)
    if not any("parameters" in c.get("metadata", {}).get("tags", []) for c in nb.cells):
        raise BuildError(f"{rel}: no cell tagged 'parameters' — fix: tag the first code cell 'parameters' (it must assign {', '.join(values)})")
    declared = pm.inspect_notebook(str(notebook))
    for name, value in values.items():
        if name not in declared:
            raise BuildError(f"{rel}: parameter '{name}' is not declared in the parameters cell — fix: add `{name} = ...` there or remove it from the build")
        inferred = declared[name].get("inferred_type_name")
        expected = type(value).__name__
        if inferred not in (None, "None") and inferred != expected:
            raise BuildError(f"{rel}: parameter '{name}' is {expected} ({value!r}) but the notebook declares {inferred} — fix: pass a {inferred} or change the declaration")
