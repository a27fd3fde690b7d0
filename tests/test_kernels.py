"""Reused kernels (selfeval.bookbuild.kernels, chapter_session): a chapter sees what a new kernel shows it.

Two chapters run one after the other on one kernel (one lane). The first leaves behind all it
can (names, imports, the last result, the working directory, environment variables, sys.path,
a warning filter, a warning already shown, a changed object from the package's memo); the
second asserts, cell by cell, that none of it is there, that its cells are counted from 1, and
that it did run in the same kernel process. Without the fresh session before each chapter the
second chapter fails, and so does this test.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from selfeval.bookbuild.execute import Job, run_jobs
from selfeval.bookbuild.kernels import chapter_imports
from selfeval.bookbuild.plan import Chapter
from selfeval.errors import BuildError

ROOT = Path(__file__).resolve().parents[1]

WARNS = "import warnings\n\ndef warn():\n    warnings.warn('shown in every chapter that calls it', UserWarning)\n"


def leave_behind(tmp: Path) -> list[str]:
    return [
        "import json as leaked_module\nleaked_name = 41",
        "leaked_name + 1",  # an Out/_ value
        "from selfeval.api import open_year\nev = open_year('data', 2021)\nobject.__setattr__(ev, 'leaked_attribute', True)",
        "import os, sys, warnings\n"
        "os.environ['SELFEVAL_TEST_LEAK'] = '1'\n"
        "warnings.filterwarnings('ignore', message='selfeval leak test')\n"
        "os.chdir('notebooks')\n"
        "sys.selfeval_test_kernel = os.getpid()",
        f"import sys\nsys.path.insert(0, {str(tmp)!r})\nimport leak_warns\nleak_warns.warn()",  # shown here, remembered by the module (after the last filter change)
    ]


CHECK = [
    "import os, sys, warnings\n"
    "assert sys.selfeval_test_kernel == os.getpid(), 'not the same kernel: the test would prove nothing'\n"
    "for name in ('leaked_name', 'leaked_module', 'ev', 'open_year', 'leak_warns'):\n"
    "    assert name not in globals(), name\n"
    "assert globals().get('_', '') == '' and len(Out) == 0 and len(In) == 2, (Out, In)",
    "assert 'SELFEVAL_TEST_LEAK' not in os.environ\n"
    "assert not any('leak' in p for p in sys.path), sys.path\n"
    "assert os.path.isdir('notebooks'), os.getcwd()\n"
    "assert not any(f[1] is not None and f[1].pattern == 'selfeval leak test' for f in warnings.filters), warnings.filters",
    "import leak_warns\nleak_warns.warn()",  # imported already (modules stay); its warning must be shown again
    "from selfeval.api import open_year\nassert not hasattr(open_year('data', 2021), 'leaked_attribute'), 'the package memo kept an object the previous chapter changed'",
]


def _notebook(path: Path, cells: list[str]) -> Path:
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(c) for c in cells]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, path)
    return path


def _jobs(tmp_path: Path, *notebooks: Path) -> list[Job]:
    (tmp_path / "work" / "executed").mkdir(parents=True, exist_ok=True)
    return [Job(2021, Chapter(nb), f"key-{nb.stem}", tmp_path / "work" / "executed" / nb.name, {}, 120) for nb in notebooks]


@pytest.mark.book
def test_a_reused_kernel_gives_each_chapter_a_fresh_session(tmp_path):
    (tmp_path / "leak_warns.py").write_text(WARNS, encoding="utf-8")
    first = _notebook(tmp_path / "a_first.ipynb", leave_behind(tmp_path))
    second = _notebook(tmp_path / "b_second.ipynb", CHECK)
    jobs = _jobs(tmp_path, first, second)
    run_jobs(jobs, ROOT, tmp_path / "cache", lambda year: tmp_path / "failed", workers=1)  # one lane: one kernel for both
    executed = json.loads(jobs[1].target.read_text(encoding="utf-8"))
    counts = [c["execution_count"] for c in executed["cells"] if c["cell_type"] == "code"]
    assert counts == list(range(1, len(CHECK) + 1)), counts  # counted from 1, as in a new kernel
    cells = [c for c in executed["cells"] if c["cell_type"] == "code"]
    assert all(o["output_type"] != "error" for c in cells for o in c.get("outputs", []))
    shown = [o for o in cells[2]["outputs"] if o["output_type"] == "stream" and o["name"] == "stderr"]
    assert shown and "shown in every chapter that calls it" in "".join(shown[0]["text"]), cells[2]["outputs"]


@pytest.mark.book
def test_a_failed_chapter_names_its_cell_and_the_next_chapter_gets_a_new_kernel(tmp_path):
    failing = _notebook(tmp_path / "a_failing.ipynb", ["import os, sys\nsys.selfeval_test_kernel = os.getpid()", "1 / 0"])
    after = _notebook(tmp_path / "b_after.ipynb", ["import os, sys\nassert getattr(sys, 'selfeval_test_kernel', None) != os.getpid()"])
    jobs = _jobs(tmp_path, failing, after)
    with pytest.raises(BuildError) as err:
        run_jobs(jobs, ROOT, tmp_path / "cache", lambda year: tmp_path / "failed", workers=1)
    assert "a_failing.ipynb 出错：第2个单元格（`1 / 0`）：ZeroDivisionError" in str(err.value)
    assert "另有" not in str(err.value)  # the chapter after it ran, on a new kernel, and passed


def test_chapters_imports_are_what_the_kernels_warm(tmp_path):
    nb = _notebook(
        tmp_path / "c.ipynb",
        ["from selfeval.presentation import charts, narrate\nimport selfeval.api\nfrom . import nothing", "%time x = 1", "def f():\n    import os"],
    )
    assert chapter_imports([nb]) == ["selfeval.presentation", "selfeval.presentation.charts", "selfeval.presentation.narrate", "selfeval.api"]


def test_no_chapter_module_is_imported_by_warming_that_is_not_the_package(tmp_path):
    """Only selfeval modules are warmed: importing another module could print, and its output belongs to its chapter."""
    from selfeval.bookbuild import chapter_session

    code = "import sys; from selfeval.bookbuild import chapter_session as s; print(s.warm(['json', 'selfeval.figures', 'selfeval.no_such']), 'json' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split(maxsplit=1)
    assert out == ["['selfeval.no_such']", "False\n"], out
    assert chapter_session.warm.__doc__
