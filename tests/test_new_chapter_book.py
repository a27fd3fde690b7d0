"""An analyst's chapter end to end: `new-chapter`, a DataFrame table and an altair chart in it, `selfeval build`.

The chapter must appear in the HTML book (chart drawn by Chromium with every outside host
blocked) and in the PDF (chart drawn from its SVG), be cached and validated like the other
chapters, name the notebook and cell when a cell fails, and pass nbval.
"""

from __future__ import annotations

import functools
import http.server
import subprocess
import sys
import threading
from pathlib import Path
from urllib.parse import urlparse

import nbformat
import pytest

from book_fixtures import html_text, run_build, tree_digest, warm_copy
from offline_browser import offline_chromium
from selfeval.authoring import strip

pytestmark = pytest.mark.book

TITLE = "专题分析：指标得分情况"
ANALYSIS = """df = frames.indicators(ev)
show.prose(f"本年度共设置{len(df)}项绩效指标，其中{int(df['met'].sum())}项达标。")
show.table(df[["name", "target_text", "reported_text", "met", "score"]], headers=["指标", "年度指标值", "实际完成值", "是否达标", "得分"], caption="专题：各指标得分表")
chart = alt.Chart(frames.for_chart(df)).mark_bar().encode(
    x=alt.X("score:Q", title="得分"), y=alt.Y("name:N", sort=None, title=None)
).properties(width=420, title="专题：各指标得分图")
show.chart(chart, "special_scores")"""


def _cli(root: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "selfeval", *args], cwd=root, capture_output=True, text=True, timeout=600, check=False)


def _add_cell(path: Path, source: str) -> None:
    nb = nbformat.read(path, as_version=4)
    cell = nbformat.v4.new_code_cell(source)
    cell.id = f"cell-{len(nb.cells):02d}"
    nb.cells.append(cell)
    path.write_text(strip.dumps(nb), encoding="utf-8")


@pytest.fixture(scope="module")
def book(tmp_path_factory, book2021):
    """The 2021 project with the new chapter, built: the chapter executes, the others come from the
    session's cache (tests/book_fixtures.py)."""
    root = warm_copy(book2021, tmp_path_factory.mktemp("analyst") / "project")
    made = _cli(root, "new-chapter", TITLE)
    assert made.returncode == 0, made.stderr
    notebook = root / "notebooks" / "06_special.ipynb"
    _add_cell(notebook, ANALYSIS)
    out = root / "public"
    proc = run_build(out, "--year", "2021", cwd=root)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return root, out / "2021", proc


def test_chapter_is_executed_and_in_the_html_book(book):
    _, published, proc = book
    assert "2021 06_special.ipynb：执行完成" in proc.stdout
    index = html_text(published / "html" / "intro.html")  # its navigation lists every chapter
    assert index.index("项目支出绩效自评表") < index.index(TITLE) < index.index("附录一")  # before the appendices
    text = html_text(published / "html" / "executed" / "06_special.html")
    assert TITLE in text
    assert "本年度共设置7项绩效指标，其中6项达标。" in text
    assert "专题：各指标得分表" in text
    assert "月度话务接通率 ≥95% 94.07% 否 11.70" in text  # the frame's exact values, printed as the report does
    assert "话务平台可用率 ≥99.99% 99.99% 是 13.00" in text
    assert (published / "notebooks" / "06_special.ipynb").exists()


def test_chapter_is_in_the_pdf_with_its_chart(book, tmp_path):
    _, published, _ = book
    pdf = next(published.glob("*.pdf"))
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert TITLE in text  # in the 目录 and as the chapter heading
    assert text.count(TITLE) >= 2
    assert "本年度共设置7项绩效指标，其中6项达标。" in text
    assert "专题：各指标得分图" in text  # the chart's title: drawn from the SVG output
    page = next(n for n, p in enumerate(text.split("\f"), start=1) if "专题：各指标得分图" in p)
    subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", str(page), "-l", str(page), str(pdf), str(tmp_path / "special")], check=True)
    shot = next(tmp_path.glob("special*.png"))
    import numpy as np
    from PIL import Image

    pixels = np.asarray(Image.open(shot).convert("RGB")).astype(int)
    # the chart's bars are #4c78a8 (vega's default blue): a drawn chart has many of those pixels
    blue = int((np.abs(pixels - np.array([76, 120, 168])) < 25).all(axis=2).sum())
    assert blue > 500, f"no chart bars on PDF page {page} ({shot})"


@pytest.mark.browser
def test_chart_draws_offline_in_chromium(book, tmp_path):
    _, published, _ = book
    handler = functools.partial(_Quiet, directory=str(published / "html"))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    outside, errors = [], []
    try:
        with offline_chromium() as browser:
            page = browser.new_page(viewport={"width": 1280, "height": 1000})
            page.on(
                "request", lambda r: outside.append(r.url) if urlparse(r.url).hostname not in ("127.0.0.1", None) and not r.url.startswith("data:") else None
            )
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.goto(f"http://127.0.0.1:{server.server_address[1]}/executed/06_special.html", wait_until="networkidle")
            page.wait_for_selector("#chart-special_scores svg.marks", timeout=15000)
            bars = page.locator("#chart-special_scores svg.marks g.mark-rect path").count()
            chart = page.locator("#chart-special_scores")
            chart.scroll_into_view_if_needed()
            page.screenshot(path=str(tmp_path / "special-chapter.png"), full_page=True)
            print(f"screenshot: {tmp_path / 'special-chapter.png'}")
    finally:
        server.shutdown()
    assert bars == 7
    assert outside == [] and errors == []


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def test_failing_cell_names_notebook_and_cell_and_cache_serves_the_rest(book):
    root, published, _ = book
    notebook = root / "notebooks" / "06_special.ipynb"
    good = notebook.read_bytes()
    before = tree_digest(published)
    _add_cell(notebook, "share = 1 / 0")
    failed = run_build(root / "public", "--year", "2021", cwd=root)
    notebook.write_bytes(good)
    assert failed.returncode == 1
    assert "错误：笔记本 notebooks/06_special.ipynb 出错：第6个单元格（`share = 1 / 0`）：ZeroDivisionError: division by zero" in failed.stderr
    assert "2021 01_basic.ipynb：使用缓存" in failed.stdout and "2021 a2_capacity.ipynb：使用缓存" in failed.stdout
    assert tree_digest(published) == before  # the last good book is untouched

    again = run_build(root / "public", "--year", "2021", "--no-pdf", cwd=root)  # another book, same notebooks
    assert again.returncode == 0, again.stderr
    assert "2021 06_special.ipynb：使用缓存" in again.stdout and "执行完成" not in again.stdout


def test_nbval_runs_the_new_chapter(book):
    root, _, _ = book
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "--nbval-lax", "--nbval-current-env", "-p", "no:cacheprovider", "notebooks/06_special.ipynb"],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout[-2000:]
    assert "4 passed" in proc.stdout  # one item per code cell: parameters, imports, guide, analysis
