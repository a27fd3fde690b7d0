"""The up-to-date check by file identities (selfeval.bookbuild.stamp): it says "up to date" only
when nothing the book's key reads can have changed, and never otherwise."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from selfeval.bookbuild import stamp

OPTIONS = {"data": "data", "params": {}, "pdf": True, "strict": False}


@pytest.fixture
def project(tmp_path, monkeypatch):
    monkeypatch.setattr(stamp, "RACY_NS", 0)  # files written by the test are seconds old at most
    root = tmp_path / "proj"
    for path, text in {
        "notebooks/01_a.ipynb": "{}",
        "elsewhere/02_b.ipynb": "{}",
        "book/chapters.yml": "chapters:\n  - notebook: notebooks/01_a.ipynb\n  - notebook: elsewhere/02_b.ipynb\n",
        "_config.yml": "title: t\n",
        "data/2020/project.yaml": "a: 1\n",
        "data/2021/project.yaml": "a: 2\n",
        "data/2021/calls/records.parquet": "x",
        "data/2022/project.yaml": "a: 3\n",
        "public/.releases/2021-a/manifest.json": json.dumps({"book_key": "k1", "warnings": ["注意"]}),
    }.items():
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text(text, encoding="utf-8")
    (root / "public" / "2021").symlink_to(".releases/2021-a")  # a published year links to its release
    return root


def _write(root: Path, key: str = "k1", **options) -> None:
    stamp.write(root, root / "data", 2021, root / "public", {**OPTIONS, **options}, root / ".cache", key)


def _fresh(root: Path, **options) -> bool:
    return stamp.up_to_date(root, root / "data", 2021, root / "public", {**OPTIONS, **options}, root / ".cache")


def test_a_stamp_says_up_to_date_only_for_the_same_files_options_and_published_key(project):
    assert not _fresh(project)  # no stamp yet
    _write(project)
    assert _fresh(project)
    assert not _fresh(project, pdf=False) and not _fresh(project, params={"x": 1}) and not _fresh(project, strict=True)


@pytest.mark.parametrize(
    "change",
    [
        "data/2021/project.yaml",  # the year's data, rewritten with the same size
        "data/2020/project.yaml",  # an earlier year's
        "data/2021/calls/records.parquet",  # call records
        "notebooks/01_a.ipynb",
        "elsewhere/02_b.ipynb",  # a chapter outside notebooks/
        "book/chapters.yml",
        "_config.yml",
    ],
)
def test_any_rewritten_input_sends_the_build_to_the_full_check(project, change):
    _write(project)
    path = project / change
    text = path.read_text(encoding="utf-8")
    path.write_text(text[::-1] if len(text) > 1 else "y", encoding="utf-8")  # same size, new content
    assert not _fresh(project)


def test_a_touched_file_an_added_file_or_a_removed_file_sends_it_to_the_full_check(project):
    _write(project)
    os.utime(project / "data/2021/project.yaml")  # touched: new change time
    assert not _fresh(project)
    _write(project)
    (project / "data/2021/review.yaml").write_text("x: 1\n", encoding="utf-8")
    assert not _fresh(project)
    _write(project)
    (project / "data/2021/review.yaml").unlink()
    assert not _fresh(project)


def test_a_later_year_and_the_output_do_not_matter_but_a_replaced_published_book_does(project):
    _write(project)
    (project / "data/2022/project.yaml").write_text("a: 4\n", encoding="utf-8")
    (project / "public/2021/other.txt").write_text("x", encoding="utf-8")
    assert _fresh(project)
    (project / "public/.releases/2021-a/manifest.json").write_text(json.dumps({"book_key": "k2"}), encoding="utf-8")
    assert not _fresh(project)


def test_no_stamp_is_written_while_a_file_is_too_recent_to_trust(project, monkeypatch):
    monkeypatch.setattr(stamp, "RACY_NS", 60 * 10**9)
    _write(project)
    assert not (project / ".cache" / "stamps").exists() or not list((project / ".cache" / "stamps").iterdir())
    assert not _fresh(project)


def test_an_up_to_date_check_by_stamp_imports_neither_the_data_model_nor_the_build_libraries(project):
    """What makes `make book` with nothing changed fast: the CLI answers before pydantic, papermill or WeasyPrint are imported."""
    code = (
        "import sys\n"
        "from selfeval.bookbuild import pipeline, stamp\n"
        "stamp.RACY_NS = 0\n"
        "from pathlib import Path\n"
        f"root = Path({str(project)!r})\n"
        "opts = pipeline.Options(root=root, year=2021, data_dir=root / 'data', public=root / 'public')\n"
        "stamp.write(root, opts.data_dir, 2021, opts.public, pipeline._stamp_options(opts), opts.cache_dir, 'k1')\n"
        "print(pipeline.stamped(opts), sorted(m for m in ('pydantic', 'papermill', 'weasyprint', 'altair', 'nbformat') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.splitlines()
    assert out[-1] == "True []", out
    assert "    复核提示：注意" in out  # the published book's open review findings are repeated


def test_the_whole_command_with_nothing_changed_imports_neither_the_data_model_nor_the_build_libraries(project):
    """`selfeval build` itself, not only the stamp: its year check (the data folder's years) once
    imported the data model through the field labels (0.2 s of the 0.3 s a no-op build took)."""
    (project / "public" / "index.html").write_text("<html></html>", encoding="utf-8")  # the landing page is there
    (project / "public" / "years.js").write_text("", encoding="utf-8")
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from selfeval.bookbuild import pipeline, stamp\n"
        "from selfeval.cli import main\n"
        "stamp.RACY_NS = 0\n"
        f"root = Path({str(project)!r})\n"
        "opts = pipeline.Options(root=root, year=2021, data_dir=root / 'data', public=root / 'public')\n"
        "stamp.write(root, opts.data_dir, 2021, opts.public, pipeline._stamp_options(opts), opts.cache_dir, 'k1')\n"
        "code = main(['build', '--year', '2021', '--root', str(root), '--out', str(root / 'public')])\n"
        "print(code, sorted(m for m in ('pydantic', 'papermill', 'weasyprint', 'altair', 'nbformat') if m in sys.modules))"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=project)
    out = proc.stdout.splitlines()
    assert out and out[-1] == "0 []", (proc.stdout, proc.stderr)
    assert any("已是最新" in line for line in out), out
