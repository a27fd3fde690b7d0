"""Committed notebooks diff: no outputs, no execution counts, no editor metadata (nbval's reference outputs excepted)."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import nbformat

from conftest import ROOT
from selfeval.authoring import strip

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


def test_committed_notebooks_carry_no_outputs_or_counts():
    assert len(NOTEBOOKS) >= 7
    problems = []
    for path in NOTEBOOKS:
        nb = json.loads(path.read_text(encoding="utf-8"))
        for n, cell in enumerate(nb["cells"], start=1):
            if cell["cell_type"] != "code":
                continue
            if strip.is_check_cell(cell):  # nbval's reference: outputs and a count (nbval refuses "unrun" references)
                if bool(cell.get("outputs")) != (cell.get("execution_count") is not None):
                    problems.append(f"{path.name} cell {n}: a check cell needs both its reference output and a count, or neither")
                continue
            if cell.get("execution_count") is not None:
                problems.append(f"{path.name} cell {n}: execution_count {cell['execution_count']}")
            if cell.get("outputs"):
                problems.append(f"{path.name} cell {n}: {len(cell['outputs'])} output(s)")
            for out in cell.get("outputs", []):
                if out.get("execution_count") is not None:
                    problems.append(f"{path.name} cell {n}: an output with execution_count")
        if not strip.is_clean(path):
            problems.append(f"{path.name}: not in the stripped form (metadata or layout)")
    assert problems == [], "run `make strip`: " + "; ".join(problems)


def test_check_cells_keep_their_reference_outputs():
    checked = {p.name: [c for c in json.loads(p.read_text(encoding="utf-8"))["cells"] if strip.is_check_cell(c)] for p in NOTEBOOKS}
    assert {name for name, cells in checked.items() if cells} >= {
        "01_basic.ipynb",
        "02_evaluation.ipynb",
        "04_form.ipynb",
        "a1_volume.ipynb",
        "a2_capacity.ipynb",
    }
    form = checked["04_form.ipynb"][0]["outputs"][0]
    assert form["output_type"] == "stream" and "total: 99.70" in "".join(form["text"])


def _executed(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """What an editor saves after a run: counts, outputs, timing and UI metadata everywhere."""
    nb = copy.deepcopy(nb)
    for n, cell in enumerate(nb.cells, start=1):
        cell.metadata["collapsed"] = False
        cell.metadata["execution"] = {"iopub.execute_input": "2026-11-28T05:00:00Z"}
        if cell.cell_type == "code":
            cell.execution_count = n
            cell.outputs = [nbformat.v4.new_output("display_data", data={"text/html": f"<p>{n}</p>"}, metadata={"isolated": True})]
    nb.metadata["language_info"] = {"name": "python", "version": "3.11.7", "mimetype": "text/x-python"}
    nb.metadata["kernelspec"] = {"display_name": "Python 3 (selfeval)", "language": "python", "name": "python3"}
    nb.metadata["widgets"] = {"state": {}}
    return nb


def test_clean_strips_a_run_and_restores_the_committed_bytes():
    path = ROOT / "notebooks" / "04_form.ipynb"
    committed = path.read_text(encoding="utf-8")
    original = nbformat.reads(committed, as_version=4)
    cleaned = strip.clean(_executed(original), previous=json.loads(committed))
    assert strip.dumps(cleaned) == committed  # the check cell got its reference output back


def test_a_changed_check_cell_takes_its_new_output():
    nb = nbformat.reads((ROOT / "notebooks" / "04_form.ipynb").read_text(encoding="utf-8"), as_version=4)
    run = _executed(nb)
    check = next(c for c in run.cells if strip.is_check_cell(c))
    check.source += "\nprint('more')"
    cleaned = strip.clean(run, previous=nb)
    new_check = next(c for c in cleaned.cells if strip.is_check_cell(c))
    assert new_check.outputs[0]["data"]["text/html"].startswith("<p>") and new_check.execution_count == len(run.cells)
    assert new_check.outputs[0]["metadata"] == {}
    assert all(c.outputs == [] for c in cleaned.cells if c.cell_type == "code" and not strip.is_check_cell(c))


def test_strip_command_and_check(tmp_path):
    from selfeval.cli import main

    dirty = tmp_path / "dirty.ipynb"
    nb = nbformat.reads((ROOT / "notebooks" / "01_basic.ipynb").read_text(encoding="utf-8"), as_version=4)
    dirty.write_text(nbformat.writes(_executed(nb)), encoding="utf-8")
    assert main(["strip", "--check", str(tmp_path)]) == 1
    assert main(["strip", str(tmp_path)]) == 0
    assert main(["strip", "--check", str(tmp_path)]) == 0
    saved = json.loads(dirty.read_text(encoding="utf-8"))
    counts = [(strip.is_check_cell(c), c.get("execution_count")) for c in saved["cells"] if c["cell_type"] == "code"]
    assert all(count is None for check, count in counts if not check) and [count for check, count in counts if check] == [19]
    assert saved["metadata"] == {"kernelspec": strip.KERNELSPEC, "language_info": {"name": "python"}}


class _Contents:
    def __init__(self, root: Path):
        self.root_dir = str(root)


def test_pre_save_hook_strips_what_jupyterlab_saves(tmp_path):
    """The hook `make lab` installs: a notebook saved after running for another year keeps the 2021 reference output."""
    committed = (ROOT / "notebooks" / "04_form.ipynb").read_text(encoding="utf-8")
    (tmp_path / "04_form.ipynb").write_text(committed, encoding="utf-8")
    run = _executed(nbformat.reads(committed, as_version=4))
    model = {"type": "notebook", "format": "json", "content": json.loads(nbformat.writes(run))}
    strip.pre_save_hook(model=model, path="04_form.ipynb", contents_manager=_Contents(tmp_path))
    assert strip.dumps(model["content"]) == committed
    untouched = {"type": "file", "format": "text", "content": "x"}
    strip.pre_save_hook(model=untouched, path="a.txt", contents_manager=_Contents(tmp_path))
    assert untouched["content"] == "x"
