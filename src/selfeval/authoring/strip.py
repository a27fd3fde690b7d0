"""Notebooks that diff: no outputs, no execution counts, no editor metadata in git.

A committed notebook is source: cells and their tags. Outputs belong to an execution (the
build keeps them in ``public/<year>/notebooks/``), so they never go into git, with one
exception: the reference output of an nbval check cell (``# NBVAL_CHECK_OUTPUT`` or the tag
``nbval-check-output``), which nbval compares the next run with, and that cell's execution
count (nbval refuses a reference output of a cell that has none).

Three ways in, one function (:func:`clean`):
- JupyterLab started by ``make lab`` strips on save (:func:`pre_save_hook`), so what an
  analyst saves is what git gets; the check cells keep the reference output already in the
  file unless their code changed (running a chapter for another year must not rewrite it);
- ``make strip`` (``python -m selfeval strip``) cleans notebooks saved by another editor;
- ``tests/test_notebooks_clean.py`` fails when a committed notebook is not clean.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import nbformat

CHECK_MARKER = "NBVAL_CHECK_OUTPUT"
CHECK_TAG = "nbval-check-output"
CELL_METADATA_KEPT = ("tags", "mystnb")  # Jupyter Book reads these; the rest is editor state
NOTEBOOK_METADATA_KEPT = ("kernelspec", "language_info", "mystnb")
KERNELSPEC = {"display_name": "Python 3", "language": "python", "name": "python3"}


def is_check_cell(cell: dict) -> bool:
    """nbval's rule: a comment line ``# NBVAL_CHECK_OUTPUT`` anywhere in the cell, or the tag."""
    if cell.get("cell_type") != "code":
        return False
    if CHECK_TAG in cell.get("metadata", {}).get("tags", []):
        return True
    source = cell.get("source", "")
    source = "".join(source) if isinstance(source, list) else source
    return any(line.strip().startswith("#") and line.strip().lstrip("#").strip() == CHECK_MARKER for line in source.splitlines())


def _source(cell: dict) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else source


def _clean_output(output: dict) -> dict:
    out = {k: v for k, v in output.items() if k != "execution_count"}
    if out.get("output_type") == "execute_result":
        out["execution_count"] = None
    if "metadata" in out:
        out["metadata"] = {}
    return out


def clean(nb: dict, previous: dict | None = None) -> nbformat.NotebookNode:
    """The notebook as it should be committed.

    ``previous`` is the version on disk: a check cell whose code is unchanged keeps the
    reference output from there (matched by cell id), else the output it has now.
    """
    out: nbformat.NotebookNode = nbformat.from_dict(json.loads(json.dumps(nb)))  # a deep copy; the caller's model is not touched
    references = {}
    for cell in (previous or {}).get("cells", []):
        if is_check_cell(cell) and cell.get("id"):
            references[cell["id"]] = (_source(cell), cell.get("outputs", []), cell.get("execution_count"))
    for cell in out.cells:
        cell["metadata"] = {k: v for k, v in cell.get("metadata", {}).items() if k in CELL_METADATA_KEPT and v}
        if cell.cell_type != "code":
            cell.pop("outputs", None)
            cell.pop("execution_count", None)
            continue
        if is_check_cell(cell):
            ref = references.get(cell.get("id"))
            if ref is not None and ref[0] == _source(cell):
                count, outputs = ref[2], ref[1]
            else:
                count, outputs = cell.get("execution_count"), cell.get("outputs", [])
            cell["outputs"] = [_clean_output(o) for o in outputs]
            # nbval refuses a reference output of an "unrun" cell: a check cell keeps a count
            cell["execution_count"] = (count or 1) if outputs else None
        else:
            cell["execution_count"] = None
            cell["outputs"] = []
    meta = {k: v for k, v in out.metadata.items() if k in NOTEBOOK_METADATA_KEPT}
    if meta.get("kernelspec", {}).get("name", "python3") == "python3":
        meta["kernelspec"] = dict(KERNELSPEC)
    if "language_info" in meta:
        meta["language_info"] = {"name": meta["language_info"].get("name", "python")}
    out.metadata = nbformat.from_dict(meta)
    return out


def dumps(nb: dict) -> str:
    """Jupyter's own layout (1-space indent, sorted keys, UTF-8 text), with a final newline."""
    return nbformat.writes(nbformat.from_dict(nb)) + "\n"


def clean_file(path: Path) -> bool:
    """Rewrite ``path`` clean (its own check outputs kept); True when it changed."""
    text = path.read_text(encoding="utf-8")
    nb = json.loads(text)
    new = dumps(clean(nb, previous=nb))
    if new == text:
        return False
    tmp = path.with_name(f".{path.name}.strip-tmp")
    tmp.write_text(new, encoding="utf-8")
    os.replace(tmp, path)
    return True


def is_clean(path: Path) -> bool:
    text = path.read_text(encoding="utf-8")
    nb = json.loads(text)
    return dumps(clean(nb, previous=nb)) == text


def notebooks(paths: list[Path]) -> list[Path]:
    """The .ipynb files named or inside the named folders (checkpoints left out)."""
    found: list[Path] = []
    for p in paths:
        if p.is_dir():
            found += sorted(q for q in p.rglob("*.ipynb") if ".ipynb_checkpoints" not in q.parts)
        else:
            found.append(p)
    return found


def pre_save_hook(model: dict[str, Any], path: str, contents_manager: Any, **kwargs: Any) -> None:
    """jupyter_server ``ContentsManager.pre_save_hook``: strip a notebook before JupyterLab writes it."""
    if model.get("type") != "notebook" or not isinstance(model.get("content"), dict):
        return
    previous = None
    on_disk = Path(contents_manager.root_dir) / path.lstrip("/")
    if on_disk.is_file():
        try:
            previous = json.loads(on_disk.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            previous = None
    model["content"] = clean(model["content"], previous)
