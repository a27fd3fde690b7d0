"""Reliability of publishing: atomic replacement, escaping of analyst prose, determinism,
and the build-time errors papermill alone would only warn about.

The module's project starts with the session's 2021 cache (``warm_project``); the determinism
test compares those executed notebooks with a build from nothing (``--force``). Analyst prose
with markup is shown as text: tests/test_security.py (every field of a hostile year)."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time

import nbformat
import pytest
import yaml

from book_fixtures import run_build, tree_digest, warm_copy

pytestmark = pytest.mark.book


@pytest.fixture(scope="module")
def proj(tmp_path_factory, book2021):
    """A project copy with the session's 2021 cache, and its book published in its public/."""
    root = warm_copy(book2021, tmp_path_factory.mktemp("proj") / "project")
    proc = run_build(root / "public", "--year", "2021", cwd=root)
    assert proc.returncode == 0, proc.stderr
    return root


def _add_chapter(root, name: str, source: str, tags=("parameters",)):
    nb = nbformat.v4.new_notebook()
    cells = []
    if tags:
        cells.append(nbformat.v4.new_code_cell('year = 2021\ndata_dir = "../data"', metadata={"tags": list(tags)}))
    cells += [nbformat.v4.new_markdown_cell("# 测试"), nbformat.v4.new_code_cell(source)]
    nb.cells = cells
    nbformat.write(nb, root / "notebooks" / name)
    plan = yaml.safe_load((root / "book" / "chapters.yml").read_text(encoding="utf-8"))
    plan["chapters"].append({"notebook": f"notebooks/{name}"})
    (root / "book" / "chapters.yml").write_text(yaml.safe_dump(plan, allow_unicode=True), encoding="utf-8")


def _restore_plan(root):
    import shutil

    from book_fixtures import ROOT

    shutil.copyfile(ROOT / "book" / "chapters.yml", root / "book" / "chapters.yml")


def test_failing_notebook_names_cell_keeps_notebook_and_leaves_book_untouched(proj):
    before = tree_digest(proj / "public" / "2021")
    _add_chapter(proj, "zz_fail.ipynb", "x = 1\nraise ValueError('boom')")
    try:
        proc = run_build(proj / "public", "--year", "2021", cwd=proj)
    finally:
        _restore_plan(proj)
    assert proc.returncode == 1
    err = proc.stderr.strip().splitlines()
    assert len(err) == 1, err
    assert "笔记本 notebooks/zz_fail.ipynb 出错：第3个单元格（`raise ValueError('boom')`）" in err[0] and "ValueError: boom" in err[0]
    assert (proj / "build" / "2021" / "failed" / "zz_fail.ipynb").exists()
    assert tree_digest(proj / "public" / "2021") == before


def test_build_killed_halfway_leaves_book_untouched(proj):
    before = tree_digest(proj / "public" / "2021")
    proc = subprocess.Popen(
        [sys.executable, "-m", "selfeval", "build", "--year", "2021", "--force", "--out", str(proj / "public"), "--root", str(proj)],
        cwd=proj,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        start_new_session=True,
    )
    for line in proc.stdout:  # kill once notebooks are running
        if line.strip().startswith("执行") and "个笔记本" in line:  # "执行7个笔记本，用1个内核（每个只启动一次）"
            time.sleep(1.5)
            break
    import os

    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    assert tree_digest(proj / "public" / "2021") == before


def test_bad_data_publishes_nothing(proj):
    before = tree_digest(proj / "public" / "2021")
    path = proj / "data" / "2021" / "budget.yaml"
    good = path.read_text(encoding="utf-8")
    path.write_text(good.replace("weight: 10", "weight: 十"), encoding="utf-8")
    try:
        proc = run_build(proj / "public", "--year", "2021", cwd=proj)
    finally:
        path.write_text(good, encoding="utf-8")
    assert proc.returncode == 2
    assert proc.stderr.count("\n") == 1 and "budget.yaml：预算完成率分值（weight）" in proc.stderr and "——修改：" in proc.stderr
    assert tree_digest(proj / "public" / "2021") == before


def test_notebook_without_parameters_cell_is_an_error(proj):
    _add_chapter(proj, "zz_noparams.ipynb", "print(1)", tags=())
    try:
        proc = run_build(proj / "public", "--year", "2021", cwd=proj)
    finally:
        _restore_plan(proj)
    assert proc.returncode == 1
    assert "notebooks/zz_noparams.ipynb：没有标记为 parameters 的单元格" in proc.stderr and "——修改：" in proc.stderr


@pytest.mark.parametrize(
    "param, message",
    [("colour=red", "参数“colour”没有在 parameters 单元格中声明"), ("data_dir=5", "参数“data_dir”是 int")],
)
def test_unknown_or_mistyped_parameter_is_an_error(proj, param, message):
    proc = run_build(proj / "public", "--year", "2021", "-p", param, cwd=proj)
    assert proc.returncode == 1, proc.stdout
    assert message in proc.stderr and "——修改：" in proc.stderr and proc.stderr.count("\n") == 1


def test_unknown_year_is_an_error(proj):
    proc = run_build(proj / "public", "--year", "2030", cwd=proj)
    assert proc.returncode == 2
    assert "没有2030年度的数据" in proc.stderr and "现有年度：2021" in proc.stderr


def _outputs(nb_path):
    nb = nbformat.read(nb_path, as_version=4)
    return [(c.get("source"), c.get("outputs")) for c in nb.cells if c.cell_type == "code"]


def test_two_builds_are_identical_apart_from_declared_timestamps(proj, tmp_path):
    first = {p.name: _outputs(p) for p in (proj / "public" / "2021" / "notebooks").glob("*.ipynb")}
    proc = run_build(tmp_path / "public2", "--year", "2021", "--force", cwd=proj)
    assert proc.returncode == 0, proc.stderr
    second = {p.name: _outputs(p) for p in (tmp_path / "public2" / "2021" / "notebooks").glob("*.ipynb")}
    assert first == second
    m1 = json.loads((proj / "public" / "2021" / "manifest.json").read_text(encoding="utf-8"))
    m2 = json.loads((tmp_path / "public2" / "2021" / "manifest.json").read_text(encoding="utf-8"))
    assert m1.pop("build_id") != m2.pop("build_id")
    m1.pop("built_at"), m2.pop("built_at")  # the declared timestamp
    assert m1 == m2
    for page in ("01_basic", "02_evaluation", "04_form"):
        t1 = _article(proj / "public" / "2021" / "html" / "executed" / f"{page}.html")
        t2 = _article(tmp_path / "public2" / "2021" / "html" / "executed" / f"{page}.html")
        assert t1 == t2, page


def _article(path):
    import re

    raw = path.read_text(encoding="utf-8")
    return re.search(r"<article.*?</article>", raw, flags=re.S).group(0)
