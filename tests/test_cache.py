"""A cache hit must never serve a stale result: every input of a notebook changes its key."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from selfeval.bookbuild import cache

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def world(tmp_path):
    """A root with requirements, data for 2020 and 2021, a notebook and a copy of the package."""
    root = tmp_path / "proj"
    shutil.copytree(ROOT / "data", root / "data")
    shutil.copytree(root / "data" / "2021", root / "data" / "2020")
    shutil.copytree(root / "data" / "2021", root / "data" / "2022")
    (root / "notebooks").mkdir()
    shutil.copyfile(ROOT / "notebooks" / "04_form.ipynb", root / "notebooks" / "04_form.ipynb")
    shutil.copyfile(ROOT / "requirements.txt", root / "requirements.txt")
    shutil.copyfile(ROOT / "pyproject.toml", root / "pyproject.toml")
    pkg = tmp_path / "pkg"
    shutil.copytree(cache.PACKAGE, pkg, ignore=shutil.ignore_patterns("__pycache__"))
    return root, pkg


def key(root, pkg, params=None, year=2021):
    return cache.notebook_key(root, root / "notebooks" / "04_form.ipynb", params or {"year": year, "data_dir": "data"}, root / "data", year, pkg)


def test_same_inputs_same_key(world):
    root, pkg = world
    assert key(root, pkg) == key(root, pkg)


def test_notebook_code_edit_invalidates(world):
    root, pkg = world
    before = key(root, pkg)
    nb = root / "notebooks" / "04_form.ipynb"
    nb.write_text(
        nb.read_text(encoding="utf-8").replace("show.html(tables.self_eval_form(ev))", "show.html(tables.self_eval_form(ev))  # edit"), encoding="utf-8"
    )
    assert key(root, pkg) != before


def test_a_markdown_edit_keeps_the_execution_and_changes_the_book(world):
    """Markdown is never executed: the execution's key stays, the book's key (which shows the Markdown) changes."""
    from selfeval.bookbuild.plan import Chapter

    root, pkg = world
    (root / "_config.yml").write_text("title: t\n", encoding="utf-8")
    nb = root / "notebooks" / "04_form.ipynb"
    params = {"year": 2021, "data_dir": "data"}
    book_before = cache.book_key(root, [Chapter(nb)], params, root / "data", 2021, True)
    before = key(root, pkg)
    nb.write_text(nb.read_text(encoding="utf-8").replace("# 项目支出绩效自评表", "# 项目支出绩效自评表（修订）"), encoding="utf-8")
    assert key(root, pkg) == before
    assert cache.book_key(root, [Chapter(nb)], params, root / "data", 2021, True) != book_before


def test_a_reused_execution_carries_the_current_markdown_and_the_cached_outputs(tmp_path):
    import nbformat

    def notebook(markdown: list[str], code: list[str], outputs: bool) -> nbformat.NotebookNode:
        nb = nbformat.v4.new_notebook()
        cells = [nbformat.v4.new_code_cell("year = 2021", metadata={"tags": ["parameters"]})]
        if outputs:
            cells.append(nbformat.v4.new_code_cell("year = 2022", metadata={"tags": ["injected-parameters"]}))
        for m, c in zip(markdown, code):
            cells.append(nbformat.v4.new_markdown_cell(m))
            out = [nbformat.v4.new_output("stream", name="stdout", text=f"{c} ran\n")] if outputs else []
            cells.append(nbformat.v4.new_code_cell(c, outputs=out, execution_count=len(cells)))
        nb.cells = cells
        return nb

    cached, source, target = tmp_path / "cached.ipynb", tmp_path / "source.ipynb", tmp_path / "target.ipynb"
    nbformat.write(notebook(["# 一、旧标题", "## 旧小节"], ["print(1)", "print(2)"], True), cached)
    nbformat.write(notebook(["# 一、新标题", "## 新小节\n\n新的一段。"], ["print(1)", "print(2)"], False), source)
    assert cache.execution_digest(cached) != cache.execution_digest(source)  # the injected cell is code
    assert cache.reuse(cached, source, target)
    got = nbformat.read(target, as_version=4)
    assert [c.source for c in got.cells] == ["year = 2021", "year = 2022", "# 一、新标题", "print(1)", "## 新小节\n\n新的一段。", "print(2)"]
    assert [o.text for c in got.cells if c.cell_type == "code" for o in c.outputs] == ["print(1) ran\n", "print(2) ran\n"]
    nbformat.write(notebook(["# 一、新标题"], ["print(3)"], False), source)
    assert not cache.reuse(cached, source, tmp_path / "other.ipynb") and not (tmp_path / "other.ipynb").exists()


def test_parameters_invalidate(world):
    root, pkg = world
    assert key(root, pkg, {"year": 2021, "data_dir": "data"}) != key(root, pkg, {"year": 2021, "data_dir": "other"})


@pytest.mark.parametrize("name", ["prose.yaml", "funding.csv", "indicators.yaml"])
def test_year_input_edit_invalidates(world, name):
    root, pkg = world
    before = key(root, pkg)
    with open(root / "data" / "2021" / name, "a", encoding="utf-8") as f:
        f.write("\n")
    assert key(root, pkg) != before


def test_new_input_file_invalidates(world):
    root, pkg = world
    before = key(root, pkg)
    (root / "data" / "2021" / "monthly.csv").write_text("month\n", encoding="utf-8")
    assert key(root, pkg) != before


def test_earlier_year_edit_invalidates_but_later_year_does_not(world):
    root, pkg = world
    before = key(root, pkg)
    with open(root / "data" / "2022" / "prose.yaml", "a", encoding="utf-8") as f:
        f.write("\n")
    assert key(root, pkg) == before  # 2022 cannot change the 2021 book
    with open(root / "data" / "2020" / "prose.yaml", "a", encoding="utf-8") as f:
        f.write("\n")
    assert key(root, pkg) != before  # the volume history reads earlier years


def test_package_source_edit_invalidates(world):
    root, pkg = world
    before = key(root, pkg)
    with open(pkg / "presentation" / "narrate.py", "a", encoding="utf-8") as f:
        f.write("\n# changed\n")
    assert key(root, pkg) != before


def test_package_asset_edit_invalidates(world):
    root, pkg = world
    before = key(root, pkg)
    with open(pkg / "presentation" / "static" / "print.css", "a", encoding="utf-8") as f:
        f.write("\n")
    assert key(root, pkg) != before


def test_requirements_edit_invalidates(world):
    root, pkg = world
    before = key(root, pkg)
    req = root / "requirements.txt"
    req.write_text(req.read_text(encoding="utf-8").replace("pandas==", "pandas==0.0.0+"), encoding="utf-8")
    assert key(root, pkg) != before


def test_store_and_lookup_roundtrip(world, tmp_path):
    root, pkg = world
    k = key(root, pkg)
    assert cache.lookup(root / ".cache", k) == (None, False)
    src = tmp_path / "x.ipynb"
    src.write_text("{}", encoding="utf-8")
    cache.store(root / ".cache", k, src)
    hit, damaged = cache.lookup(root / ".cache", k)
    assert hit.read_text(encoding="utf-8") == "{}" and not damaged


def test_damaged_entry_is_removed_and_reported(world, tmp_path):
    root, pkg = world
    k = key(root, pkg)
    src = tmp_path / "x.ipynb"
    src.write_text('{"cells": []}', encoding="utf-8")
    cache.store(root / ".cache", k, src)
    entry = root / ".cache" / "notebooks" / f"{k}.ipynb"
    entry.write_text('{"cells": [1]}', encoding="utf-8")  # same place, other content
    assert cache.lookup(root / ".cache", k) == (None, True)
    assert not entry.exists()
    assert cache.lookup(root / ".cache", k) == (None, False)  # gone, so rebuilt next time


# --------------------------------------------------------------------------- the vega bundle


@pytest.fixture
def bundles(tmp_path, monkeypatch):
    """The bundle's two homes in tmp_path, and a generator that counts its calls (vl-convert's takes 1.7 s)."""
    from selfeval.bookbuild import assets

    made = []
    monkeypatch.setattr(assets, "installed_bundles", lambda: tmp_path / "env" / "share" / "selfeval")
    monkeypatch.setattr(assets.vlc, "javascript_bundle", lambda snippet: made.append(snippet) or f"/* bundle {len(made)} */")
    return assets, tmp_path, made


def test_a_new_project_copies_the_bundle_kept_with_the_environment(bundles):
    assets, tmp, made = bundles
    first = assets.vega_bundle(tmp / "one" / ".cache")
    second = assets.vega_bundle(tmp / "two" / ".cache")
    assert len(made) == 1, "generated once for the environment, not once per project"
    assert first.read_text(encoding="utf-8") == second.read_text(encoding="utf-8") == "(function(){\n/* bundle 1 */\n})();\n"
    assert second.parent == tmp / "two" / ".cache"
    assert (assets.installed_bundles() / first.name).read_text(encoding="utf-8") == first.read_text(encoding="utf-8")


def test_a_damaged_bundle_is_replaced_wherever_it_is_kept(bundles):
    assets, tmp, made = bundles
    kept = assets.vega_bundle(tmp / "one" / ".cache")
    shared = assets.installed_bundles() / kept.name
    shared.write_text(shared.read_text(encoding="utf-8") + "alert('damaged')", encoding="utf-8")
    again = assets.vega_bundle(tmp / "two" / ".cache")
    assert len(made) == 2 and "damaged" not in again.read_text(encoding="utf-8"), "a damaged copy is generated again, never copied"
    assert "damaged" not in shared.read_text(encoding="utf-8")
    kept.write_text("alert('damaged')", encoding="utf-8")
    assert "damaged" not in assets.vega_bundle(tmp / "one" / ".cache").read_text(encoding="utf-8")
    assert len(made) == 2, "the project's damaged copy is replaced from the environment's"


def test_outside_a_virtual_environment_each_project_keeps_its_own_bundle(bundles, monkeypatch):
    assets, tmp, made = bundles
    monkeypatch.setattr(assets, "installed_bundles", lambda: None)  # a system Python
    assets.vega_bundle(tmp / "one" / ".cache")
    assets.vega_bundle(tmp / "two" / ".cache")
    assert len(made) == 2 and not (tmp / "env").exists()
