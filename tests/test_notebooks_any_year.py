"""Every chapter runs as an analyst runs it in JupyterLab — from notebooks/, with its own parameters
cell — for another year, when only `year` is changed; its charts are the lab's Vega outputs and
the executed notebook is valid (papermill validates it against nbformat's schema)."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import nbformat
import pytest
import yaml

from book_fixtures import project_copy
from conftest import FIXTURES
from selfeval.presentation.chart_output import VEGA_MIME

pytestmark = pytest.mark.book

# Charts per chapter for the synthetic 2020 (volume history 2019–2020: a forecast; no monthly.csv; 与上年度对比 with 2019: totals and indicators).
CHARTS_2020 = {"01_basic": 2, "02_evaluation": 2, "03_problems": 0, "03b_measures": 0, "04_form": 0, "05_compare": 2, "a1_volume": 1, "a2_capacity": 2}


def test_every_chapter_runs_for_another_year_by_changing_year_only(tmp_path):
    root = project_copy(tmp_path / "project")
    for year in ("2019", "2020"):  # synthetic years, in the copy's data/ only
        shutil.copytree(FIXTURES / "years" / year, root / "data" / year)
    chapters = [root / c["notebook"] for c in yaml.safe_load((root / "book" / "chapters.yml").read_text(encoding="utf-8"))["chapters"]]
    assert {c.stem for c in chapters} == set(CHARTS_2020)
    for notebook in chapters:
        text = notebook.read_text(encoding="utf-8")
        changed = text.replace('"year: int = 2021\\n"', '"year: int = 2020\\n"', 1)
        assert changed != text and _diff_lines(text, changed) == 1, notebook.name  # the one edit an analyst makes
        notebook.write_text(changed, encoding="utf-8")
    # what jupyter_server gives its kernels: outputs for JupyterLab
    env = {k: v for k, v in os.environ.items() if k != "SELFEVAL_DISPLAY"} | {"JPY_SESSION_NAME": "lab"}

    def run(notebook: Path) -> subprocess.CompletedProcess:  # papermill's own command, no parameters passed
        out = tmp_path / f"{notebook.stem}.out.ipynb"
        cmd = [sys.executable, "-m", "papermill", str(notebook), str(out), "--cwd", str(notebook.parent), "-k", "python3", "--no-progress-bar"]
        return subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=600)

    with ThreadPoolExecutor(max_workers=2) as pool:  # two kernels at a time, as the build runs them
        runs = dict(zip(chapters, pool.map(run, chapters)))
    assert {n.name: r.stderr[-800:] for n, r in runs.items() if r.returncode != 0} == {}
    for notebook in chapters:
        nb = nbformat.read(tmp_path / f"{notebook.stem}.out.ipynb", as_version=4)
        nbformat.validate(nb)
        outputs = [o for c in nb.cells for o in c.get("outputs", [])]
        assert not [o for o in outputs if o.get("output_type") == "error" or o.get("name") == "stderr"], notebook.name
        charts = [o for o in outputs if VEGA_MIME in o.get("data", {})]
        assert len(charts) == CHARTS_2020[notebook.stem], notebook.name
        assert not any("text/html" in o["data"] for o in charts)
        html = "".join(o["data"].get("text/html", "") for o in outputs if "data" in o)
        if notebook.stem == "a1_volume":
            assert "2020年服务量较2019年增长66.67%（2000万件，上年1200万件）。" in html
            assert "2021" not in json.dumps(charts[0]["data"][VEGA_MIME], ensure_ascii=False)  # 2019 and 2020 only
        if notebook.stem == "02_evaluation":
            assert "2020年度" in html and "2021年度" not in html


def _diff_lines(a: str, b: str) -> int:
    return sum(1 for x, y in zip(a.splitlines(), b.splitlines()) if x != y) + abs(len(re.findall("\n", a)) - len(re.findall("\n", b)))
