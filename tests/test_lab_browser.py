"""JupyterLab as `make lab` starts it, used in Chromium with every outside host blocked.

Every chapter runs top to bottom against data/2021 as it is, its charts draw (JupyterLab's
own Vega renders an SVG), tables carry the book's styles, nothing is fetched from outside;
then one chapter runs for another year by changing only `year`, and a saved notebook is
stripped. The lab runs in a throw-away copy of the project, so nothing here touches the repo.
"""

from __future__ import annotations

import json
import re
import shutil
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlparse

import pytest
import yaml
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from book_fixtures import ROOT, project_copy
from conftest import FIXTURES
from offline_browser import offline_chromium
from test_lab_private import running_lab

pytestmark = pytest.mark.browser

# Charts each chapter draws for data/2021 as committed (no monthly.csv; one year: no volume chart, no forecast).
CHARTS_2021 = {"01_basic": 2, "02_evaluation": 2, "03_problems": 0, "03b_measures": 0, "04_form": 0, "05_compare": 0, "a1_volume": 0, "a2_capacity": 1}
CURRENT = ".jp-NotebookPanel:not(.lm-mod-hidden)"


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    root = project_copy(tmp_path_factory.mktemp("lab") / "project")
    with running_lab(root) as (port, token):  # what `make lab` runs after setting up; the token is the one it prints
        yield root, port, token


@pytest.fixture(scope="module")
def browser():
    with offline_chromium() as b:
        yield b


class Session:
    """One notebook opened in the lab, with what left the page and what broke in it."""

    def __init__(self, browser, port: int, token: str, notebook: str):
        self.port, self.token, self.notebook = port, token, notebook
        self.outside: list[str] = []
        self.errors: list[str] = []
        self.page = browser.new_page(viewport={"width": 1400, "height": 1000})
        self.page.on("request", self._request)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        # reset: a fresh workspace, so only this notebook is open
        self.page.goto(f"http://127.0.0.1:{port}/lab/tree/{notebook}?token={token}&reset")
        self.ready()

    def ready(self, timeout: float = 180.0) -> None:
        """Wait until the notebook's kernel is connected and idle (the status bar says so)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            self.accept_dialog()
            status = self.page.locator(".jp-StatusBar-Widget").all_inner_texts()
            if any("(selfeval)" in t and "Idle" in t for t in status):
                return
            self.page.wait_for_timeout(300)
        raise AssertionError(f"{self.notebook}: the kernel was not idle within {timeout:.0f} s; status bar {status}")

    def accept_dialog(self) -> None:
        """A "Select Kernel" dialog (shown when the lab opens a notebook before it knows the kernels): take the proposed one."""
        if self.page.locator(".jp-Dialog .jp-mod-accept").count():
            self.page.locator(".jp-Dialog .jp-mod-accept").click()

    def _request(self, request) -> None:
        if urlparse(request.url).hostname not in ("127.0.0.1", None) and not request.url.startswith(("data:", "blob:")):
            self.outside.append(request.url)

    def run_all(self) -> None:
        """Run ▸ Run All Cells (clicked again if the first click found the notebook not ready), then wait for the last cell."""
        started = "sel => [...document.querySelectorAll(sel + ' .jp-CodeCell .jp-InputPrompt')].some(e => e.textContent.trim() !== '[ ]:')"
        for _attempt in range(3):
            self.ready()
            self.page.locator(".lm-MenuBar-itemLabel", has_text="Run").first.click()
            self.page.locator(".lm-Menu-itemLabel", has_text="Run All Cells").first.click()
            try:
                self.page.wait_for_function(started, arg=CURRENT, timeout=20000)
                break
            except PlaywrightTimeout:
                self.page.keyboard.press("Escape")
        try:
            self.page.wait_for_function(
                "sel => { const p = [...document.querySelectorAll(sel + ' .jp-CodeCell .jp-InputPrompt')].map(e => e.textContent.trim());"
                " return p.length > 0 && p.every(x => /^\\[\\d+\\]:$/.test(x)); }",
                arg=CURRENT,
                timeout=180000,
            )
        except PlaywrightTimeout:
            prompts = self.page.locator(f"{CURRENT} .jp-CodeCell .jp-InputPrompt").all_inner_texts()
            raise AssertionError(f"{self.notebook}: not every cell ran within 180 s; prompts {prompts}") from None
        self.ready()

    def count(self, selector: str) -> int:
        return self.page.locator(f"{CURRENT} {selector}").count()

    def failures(self) -> list[str]:
        return self.page.locator(f"{CURRENT} .jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']").all_inner_texts()

    def wait_for_charts(self, n: int) -> None:
        if n:
            self.page.wait_for_function(
                "([sel, n]) => document.querySelectorAll(sel + ' .jp-RenderedVega5 svg.marks').length >= n", arg=[CURRENT, n], timeout=30000
            )

    def close(self) -> None:
        """Close the page and shut its kernel down (two cores: no idle kernels piling up)."""
        self.page.close()
        base = f"http://127.0.0.1:{self.port}/api/sessions"
        with urllib.request.urlopen(f"{base}?token={self.token}") as resp:
            sessions = json.load(resp)
        for s in sessions:
            if s["path"] == self.notebook:
                urllib.request.urlopen(urllib.request.Request(f"{base}/{s['id']}?token={self.token}", method="DELETE")).close()


def test_lab_serves_notebooks_with_the_project_kernel(lab):
    root, port, token = lab
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/kernelspecs?token={token}") as resp:
        specs = json.load(resp)
    assert list(specs["kernelspecs"]) == ["python3"]
    assert specs["kernelspecs"]["python3"]["spec"]["argv"][0] == sys.executable
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/contents?token={token}") as resp:
        listing = {item["name"] for item in json.load(resp)["content"]}
    assert {"01_basic.ipynb", "a2_capacity.ipynb"} <= listing  # the root is notebooks/
    with pytest.raises(urllib.error.HTTPError):
        urllib.request.urlopen(f"http://127.0.0.1:{port}/api/contents")  # no token, no access
    settings = root / ".lab" / "config" / "lab" / "user-settings" / "@jupyterlab" / "apputils-extension" / "notification.jupyterlab-settings"
    assert json.loads(settings.read_text(encoding="utf-8")) == {"fetchNews": "false", "checkForUpdates": False}  # no news prompt, no fetch


def test_every_chapter_runs_and_draws_offline(lab, browser, tmp_path):
    root, port, token = lab
    chapters = [Path(c["notebook"]).name for c in yaml.safe_load((root / "book" / "chapters.yml").read_text(encoding="utf-8"))["chapters"]]
    assert {Path(c).stem for c in chapters} == set(CHARTS_2021)
    drawn = {}
    for notebook in chapters:
        s = Session(browser, port, token, notebook)
        try:
            s.run_all()
            expected = CHARTS_2021[Path(notebook).stem]
            s.wait_for_charts(expected)
            assert s.failures() == [], (notebook, s.failures())
            drawn[notebook] = s.count(".jp-RenderedVega5 svg.marks")
            for i in range(drawn[notebook]):  # each chart has drawn marks, not an empty frame
                marks = s.page.locator(f"{CURRENT} .jp-RenderedVega5 svg.marks").nth(i).locator("g[class*='mark-'] path, g[class*='mark-'] line")
                assert marks.count() > 0, (notebook, i)
            assert s.count(".jp-RenderedHTMLCommon .prose p") + s.count("table.selfeval, table.selfeval-form") > 0, notebook
            if notebook == "01_basic.ipynb":
                _check_book_styles(s)
                for i in range(drawn[notebook]):
                    chart = s.page.locator(f"{CURRENT} .jp-RenderedVega5").nth(i)
                    chart.scroll_into_view_if_needed()
                    chart.screenshot(path=str(tmp_path / f"lab-chart-{i}.png"))
                s.page.screenshot(path=str(tmp_path / "lab-01_basic.png"))
                print(f"screenshots: {tmp_path}")
            assert s.outside == [], (notebook, s.outside)
            assert s.errors == [], (notebook, s.errors)
        finally:
            s.close()
    assert drawn == {f"{k}.ipynb": v for k, v in CHARTS_2021.items() if f"{k}.ipynb" in drawn}


def _check_book_styles(s: Session) -> None:
    """Tables look as in the book (custom.css = selfeval.css + lab.css), not like JupyterLab's defaults."""
    cell = s.page.locator(f"{CURRENT} table.selfeval td:not(.num):not(:first-child)").first  # a text cell: left in the book, right by the lab's default
    style = cell.evaluate("e => { const c = getComputedStyle(e); return [c.textAlign, c.borderTopWidth, c.borderTopStyle]; }")
    assert style == ["left", "1px", "solid"], style
    head = s.page.locator(f"{CURRENT} table.selfeval thead th").first.evaluate("e => getComputedStyle(e).backgroundColor")
    assert head == "rgb(238, 242, 247)"  # #eef2f7, the book's heading colour
    indent = s.page.locator(f"{CURRENT} .prose p").first.evaluate("e => getComputedStyle(e).textIndent")
    assert indent != "0px"


def test_another_year_by_changing_only_year(lab, browser):
    root, port, token = lab
    for year in ("2019", "2020"):  # synthetic years (tests/fixtures), in the copy's data/ only
        shutil.copytree(FIXTURES / "years" / year, root / "data" / year)
    s = Session(browser, port, token, "a1_volume.ipynb")
    try:
        first_line = s.page.locator(f"{CURRENT} .jp-Cell").first.locator(".cm-line").first
        assert first_line.inner_text() == "year: int = 2021"
        first_line.click()
        s.page.keyboard.press("End")
        for _ in range(4):
            s.page.keyboard.press("Backspace")
        s.page.keyboard.type("2020")
        assert first_line.inner_text() == "year: int = 2020"
        s.run_all()
        s.wait_for_charts(1)
        assert s.failures() == []
        text = s.page.locator(f"{CURRENT} .jp-OutputArea").all_inner_texts()
        joined = re.sub(r"\s+", "", "".join(text))
        assert "2020年服务量为2000万件，为合同约定服务量（1212万件）的1.65倍。" in joined
        assert "2020年服务量较2019年增长66.67%（2000万件，上年1200万件）。" in joined
        assert s.outside == [] and s.errors == []
    finally:
        s.close()


def test_saving_in_the_lab_strips_the_notebook(lab, browser):
    root, port, token = lab
    path = root / "notebooks" / "04_form.ipynb"
    committed = (ROOT / "notebooks" / "04_form.ipynb").read_bytes()
    before = path.stat().st_mtime_ns
    s = Session(browser, port, token, "04_form.ipynb")
    try:
        s.run_all()
        assert s.count("table.selfeval-form") == 2  # the form is shown …
        s.page.locator(f"{CURRENT} .jp-Notebook").click()
        s.page.keyboard.press("Control+s")
        deadline = time.monotonic() + 30
        while path.stat().st_mtime_ns == before and time.monotonic() < deadline:
            time.sleep(0.2)
        assert path.stat().st_mtime_ns != before, "the notebook was not saved"
    finally:
        s.close()
    assert path.read_bytes() == committed  # … but what is saved is the committed, stripped notebook


def test_an_edited_year_is_seen_when_the_chapter_runs_again(lab, browser):
    """Run a chapter, change a count in data/2021/indicators.yaml, run it again in the same kernel:
    the new total, not the one cached from the first run (open_year is cached while the files are unchanged)."""
    root, port, token = lab
    path = root / "data" / "2021" / "indicators.yaml"
    committed = path.read_text(encoding="utf-8")
    s = Session(browser, port, token, "02_evaluation.ipynb")
    try:
        s.run_all()

        def total_sentence() -> str:
            text = re.sub(r"\s+", "", "".join(s.page.locator(f"{CURRENT} .jp-OutputArea").all_inner_texts()))
            found = re.search(r"绩效自评分值为([\d.]+)分", text)
            assert found, text[:300]
            return found.group(1)

        assert total_sentence() == "99.70"
        assert "value: 10975138," in committed
        path.write_text(committed.replace("value: 10975138,", "value: 10000000,"), encoding="utf-8")  # 接通率 numerator
        s.run_all()  # the same kernel: no restart
        assert total_sentence() == "97.00"
        assert s.failures() == [] and s.outside == [] and s.errors == []
    finally:
        path.write_text(committed, encoding="utf-8")
        s.close()
