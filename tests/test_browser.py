"""Headless Chromium (Debian) with every outside host blocked: charts draw, search works,
and no request leaves the book."""

from __future__ import annotations

import functools
import http.server
import shutil
import threading
from pathlib import Path
from urllib.parse import urlparse

import pytest

from book_fixtures import run_build

pytestmark = [pytest.mark.book, pytest.mark.browser]
CHROMIUM = shutil.which("chromium")


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    out = tmp_path_factory.mktemp("public")
    proc = run_build(out, "--year", "2021", "--no-pdf")
    assert proc.returncode == 0, proc.stderr
    root = out / "2021" / "html"
    handler = functools.partial(_Quiet, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield root, f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def browser():
    if CHROMIUM is None:
        pytest.fail("Debian chromium is not installed: run `make setup` (scripts/system-deps.sh)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                  "--disable-sync", "--no-first-run", "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1"],
        )
        yield b
        b.close()


def _open(browser, url: str, outside: list[str], errors: list[str]):
    page = browser.new_page()
    page.on("request", lambda r: outside.append(r.url) if urlparse(r.url).hostname not in ("127.0.0.1", None) and not r.url.startswith("data:") else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(url, wait_until="networkidle")
    return page


def test_every_chart_draws_an_svg_offline(site, browser):
    root, base = site
    outside, errors, drawn = [], [], 0
    for html in sorted(root.rglob("*.html")):
        rel = html.relative_to(root).as_posix()
        if rel.startswith(("_static", "genindex", "search")):
            continue
        page = _open(browser, f"{base}/{rel}", outside, errors)
        charts = page.locator(".selfeval-chart").count()
        if charts:
            page.wait_for_function(
                "n => document.querySelectorAll('.selfeval-chart svg.marks').length >= n", arg=charts, timeout=15000
            )
            drawn += charts
        page.close()
    assert drawn >= 4  # budget, attainment, scores, volume
    assert outside == [], outside
    assert errors == [], errors


def test_chinese_search_finds_answer_rate(site, browser):
    _, base = site
    outside, errors = [], []
    page = _open(browser, f"{base}/search.html?q=接通率", outside, errors)
    page.wait_for_selector("#search-results ul.search li", timeout=15000)
    hits = page.locator("#search-results ul.search li a").all_inner_texts()
    assert any("基本情况" in h or "自评表" in h for h in hits), hits
    assert outside == [] and errors == []
