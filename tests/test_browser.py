"""Headless Chromium (Debian) with every outside host blocked, on the built 2021 book: charts
draw and fit, search finds what the report prints (from disk and over HTTP), no English in the
page chrome, one search box, light theme only, phone-width layout, build information outside
the report (issue 12)."""

from __future__ import annotations

import contextlib
import functools
import http.server
import json
import re
import threading
from pathlib import Path
from urllib.parse import quote, urlparse

import pytest

from book_fixtures import ROOT
from offline_browser import offline_chromium

pytestmark = [pytest.mark.book, pytest.mark.browser]
ENGLISH = re.compile(r"[A-Za-z]{2,}")
TOOLTIP_ATTRIBUTES = ("title", "aria-label", "placeholder", "alt", "data-bs-title", "data-bs-original-title", "aria-description", "aria-roledescription")
# the words, and the page that must be among the hits
REPORT_WORDS = {
    "改进措施": "四、下一步改进措施",
    "存在问题": "项目支出绩效自评表",
    "预算执行率": "一、基本情况",
    "自评得分": "项目支出绩效自评表",
    "新冠": "三、存在的主要问题",
    "94.07": "一、基本情况",
    "接通率": "一、基本情况",
    "话务员": "三、存在的主要问题",
}


@pytest.fixture(scope="module")
def site(book2021):
    """The session's shared 2021 book, served over HTTP from 127.0.0.1 (and read from disk)."""
    root = book2021.html
    handler = functools.partial(_Quiet, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield root, f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def handle(self):  # a browser closing a connection early is not a test failure
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            super().handle()


@pytest.fixture(scope="module")
def browser():
    with offline_chromium("--allow-file-access-from-files") as b:
        yield b


def _open(browser, url: str, outside: list[str], errors: list[str], **context):
    page = browser.new_context(**context).new_page()
    page.on(
        "request", lambda r: outside.append(r.url) if urlparse(r.url).hostname not in ("127.0.0.1", None) and not r.url.startswith(("data:", "file:")) else None
    )
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(url, wait_until="networkidle")
    return page


def _close(page):
    page.context.close()


def _report_pages(root: Path) -> list[str]:
    return ["intro.html", *sorted(p.relative_to(root).as_posix() for p in (root / "executed").glob("*.html"))]


def _wait_for_charts(page) -> int:
    charts = page.locator(".selfeval-chart").count()
    if charts:
        page.wait_for_function("n => document.querySelectorAll('.selfeval-chart svg.marks').length >= n", arg=charts, timeout=15000)
    return charts


def test_every_chart_draws_titled_axes_and_a_legend_offline(site, browser):
    root, base = site
    outside, errors, drawn = [], [], 0
    for rel in _report_pages(root):
        page = _open(browser, f"{base}/{rel}", outside, errors)
        drawn += _wait_for_charts(page)
        for chart in page.locator(".selfeval-chart").all():
            name = chart.get_attribute("id")
            # every axis with labels has a title (vega draws grid lines as extra, unlabelled axes)
            untitled = chart.locator("g.role-axis").evaluate_all(
                "axes => axes.filter(a => a.querySelector('.role-axis-label text') && !a.querySelector('.role-axis-title text')).length"
            )
            assert untitled == 0, (rel, name)
            assert chart.locator("g.role-legend").count() >= 1, (rel, name)  # series and reference lines named
        _close(page)
    assert drawn >= 5  # budget, attainment, scores, levels, capacity (2021 has one year of volume: a sentence, not a chart)
    assert outside == [], outside
    assert errors == [], errors


def _search(page, word: str) -> list[str]:
    page.goto(re.sub(r"\?.*", "", page.url) + f"?q={quote(word)}")
    page.wait_for_function(
        "() => { const s = document.querySelector('#search-results p.search-summary'); return s && !/准备|正在/.test(s.textContent); }", timeout=15000
    )
    return page.locator("#search-results ul.search li > a").all_inner_texts()


@pytest.mark.parametrize("over", ["file", "http"])
def test_search_finds_the_report_words(site, browser, over):
    root, base = site
    start = (root / "search.html").as_uri() if over == "file" else f"{base}/search.html"
    outside, errors = [], []
    page = _open(browser, start, outside, errors)
    for word, expected in REPORT_WORDS.items():
        hits = _search(page, word)
        assert expected in hits, (word, hits)
        assert "构建信息" not in hits, (word, hits)
    _close(page)
    assert outside == [] and errors == []


def _findable(ev, root: Path) -> set[str]:
    """Every heading (without its numbering), every indicator name, and the printed figures."""
    words: set[str] = set()
    for rel in _report_pages(root):
        raw = (root / rel).read_text(encoding="utf-8")
        raw = raw[raw.index('<article class="bd-article"') :]
        for heading in re.findall(r"<h[1-3][^>]*>(.*?)</h[1-3]>", raw, flags=re.S):
            text = re.sub(r"<[^>]+>", "", heading).replace("#", "").strip()
            text = re.sub(r"^(附录[一二三四五六七八九十]|[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|\d+\.)\s*", "", text)
            if text:
                words.add(text)
    for it in ev.items:
        words.add(it.indicator.name)
        if it.value.reported is not None:
            words.add(it.value.reported_text.rstrip("%"))
    words |= {str(ev.total), f"{ev.budget.budget:,}"}
    return words


@pytest.mark.parametrize("over", ["file", "http"])
def test_search_finds_every_heading_indicator_and_figure(site, browser, over, ev2021):
    """Sphinx's own query path (the page's parse and search functions) for each word; and the
    browser's query splitter cuts exactly as the Python tokenizer that built the index."""
    from selfeval.bookbuild.sphinxext import query_terms

    root, base = site
    words = _findable(ev2021, root)
    assert {"存在的主要问题", "下一步改进措施", "月度话务接通率", "94.07", "99.70", "13,410.06"} <= words
    start = (root / "search.html").as_uri() if over == "file" else f"{base}/search.html"
    outside, errors = [], []
    page = _open(browser, start, outside, errors)
    page.wait_for_function("() => typeof Search !== 'undefined' && Search._index !== null", timeout=15000)
    missing = []
    for word in sorted(words):
        assert page.evaluate("w => splitQuery(w)", word) == query_terms(word), word
        hits = page.evaluate("w => { const q = Search._parseQuery(w); return Search._performSearch(...q).map(r => r[1]); }", word)
        if not hits:
            missing.append(word)
    _close(page)
    assert missing == [], missing
    assert outside == [] and errors == []


def _english(page) -> list[str]:
    """English in tooltips and labels anywhere, and in visible text outside the report's own
    content (generated outputs and <code>), which is Chinese by construction."""
    return page.evaluate(
        r"""([attrs]) => {
          const re = /[A-Za-z]{2,}/, out = [];
          for (const el of document.querySelectorAll('*')) {
            for (const a of attrs) { const v = el.getAttribute(a); if (v && re.test(v)) out.push(`${el.tagName}@${a}=${v}`); }
          }
          const walk = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
          let t;
          while ((t = walk.nextNode())) {
            const p = t.parentElement;
            if (!p || !re.test(t.data) || p.closest('script, style, noscript, code, .cell_output')) continue;
            if (p.getClientRects().length && getComputedStyle(p).visibility !== 'hidden') out.push(`${p.tagName}: ${t.data.trim()}`);
          }
          return out;
        }""",
        [list(TOOLTIP_ATTRIBUTES)],
    )


def test_no_english_in_the_page_chrome(site, browser):
    root, base = site
    outside, errors, found = [], [], {}
    for rel in [*_report_pages(root), "provenance.html", "search.html?q=接通率"]:
        page = _open(browser, f"{base}/{rel}", outside, errors)
        _wait_for_charts(page)
        if rel.startswith("search"):
            page.wait_for_selector("#search-results ul.search li")
        button = page.locator("button.search-button-field:visible")
        if button.count():  # the search dialog is chrome too (the search page has its own field instead)
            button.first.click()
        english = _english(page)
        if english:
            found[rel] = english
        _close(page)
    assert found == {}, found
    assert errors == []


def test_one_search_box_no_index_page_no_colour_switch(site, browser):
    root, base = site
    assert not (root / "genindex.html").exists()
    outside, errors = [], []
    for rel in [*_report_pages(root), "search.html"]:
        assert "genindex" not in (root / rel).read_text(encoding="utf-8"), rel
        page = _open(browser, f"{base}/{rel}", outside, errors)
        boxes = page.locator("input[type=search], .search-button-field, .search-button").evaluate_all(
            "els => els.filter(e => e.getClientRects().length && getComputedStyle(e).visibility !== 'hidden').length"
        )
        assert boxes == 1, (rel, boxes)
        assert page.locator(".theme-switch-button").count() == 0, rel
        _close(page)


def test_light_theme_even_when_dark_is_stored_or_preferred(site, browser):
    _, base = site
    for rel in ("executed/01_basic.html", "executed/04_form.html"):
        page = browser.new_context(color_scheme="dark").new_page()
        page.add_init_script("localStorage.setItem('mode', 'dark'); localStorage.setItem('theme', 'dark');")
        page.goto(f"{base}/{rel}", wait_until="networkidle")
        _wait_for_charts(page)
        assert page.evaluate("document.documentElement.dataset.theme") == "light", rel
        background = page.evaluate("getComputedStyle(document.body).backgroundColor")
        assert background in ("rgb(255, 255, 255)", "rgba(0, 0, 0, 0)"), (rel, background)
        text = page.evaluate("getComputedStyle(document.querySelector('.bd-article p')).color")
        assert sum(int(v) for v in re.findall(r"\d+", text)[:3]) < 3 * 100, (rel, text)  # dark text on light paper
        _close(page)


def test_phone_width_nothing_clipped_or_scrolling_sideways(site, browser):
    root, base = site
    outside, errors = [], []
    for rel in _report_pages(root):
        page = _open(browser, f"{base}/{rel}", outside, errors, viewport={"width": 390, "height": 844})
        _wait_for_charts(page)
        assert page.evaluate("document.documentElement.scrollWidth") <= 390, rel
        # charts fit their container
        for overflow in page.locator(".selfeval-chart").evaluate_all(
            "els => els.map(e => { const s = e.querySelector('svg').getBoundingClientRect(), c = e.parentElement.getBoundingClientRect();"
            " return s.right - c.right; })"
        ):
            assert overflow <= 1, (rel, overflow)
        # a table wider than the column scrolls inside its own box
        for table in page.locator("table.selfeval, table.selfeval-form").all():
            box = table.evaluate("t => { const o = t.closest('.output'); return [t.scrollWidth, o.clientWidth, getComputedStyle(o).overflowX]; }")
            if box[0] > box[1]:
                assert box[2] in ("auto", "scroll"), (rel, box)
            # its caption stays inside the box (it once centred over the table's hidden width, cut off)
            caption = table.evaluate(
                "t => { const c = t.querySelector('caption'); return c ? c.getBoundingClientRect().right - t.closest('.output').getBoundingClientRect().right : 0; }"
            )
            assert caption <= 1, (rel, caption)
            cells = table.evaluate("t => Array.from(t.querySelectorAll('td')).map(c => c.getBoundingClientRect().width)")
            assert min(cells) >= 24, (rel, min(cells))  # no column one character wide
        # ~20 characters a line: prose is not justified (it spread a line before 100.00%，达标） wide apart)
        assert page.evaluate("Array.from(document.querySelectorAll('.prose p')).every(p => getComputedStyle(p).textAlign !== 'justify')"), rel
        # cover and form labels on one line each
        for label in page.locator(".cover-meta th, table.selfeval-form th:not([rowspan])").all():
            lines = label.evaluate(
                "e => { const r = document.createRange(); r.selectNodeContents(e); return new Set(Array.from(r.getClientRects()).map(x => Math.round(x.top))).size; }"
            )
            assert lines == 1, (rel, label.inner_text())
        _close(page)
    assert errors == []


# the JavaScript that measures every table against the box it scrolls in (the notebook output)
TABLES_WIDER_THAN_THEIR_BOX = """() => Array.from(document.querySelectorAll('table.selfeval, table.selfeval-form'))
  .map(t => [(t.querySelector('caption') || t).textContent.slice(0, 20), t.scrollWidth, (t.closest('.output') || t.parentElement).clientWidth])
  .filter(([, table, box]) => table > box)"""


def test_desktop_width_every_table_shows_whole(site, browser):
    """At 1280 px, the most common desktop width, no table hides a column behind a scroll bar: the
    自评表 once needed 1030 px of a 960 px column and cut 偏差原因分析及改进措施 off; the 构建信息
    digests widened their table past the column."""
    root, base = site
    outside, errors = [], []
    for rel in [*_report_pages(root), "provenance.html"]:
        page = _open(browser, f"{base}/{rel}", outside, errors, viewport={"width": 1280, "height": 900})
        assert page.evaluate(TABLES_WIDER_THAN_THEIR_BOX) == [], rel
        _close(page)
    assert errors == []


def test_build_information_is_one_footer_link_away(site, browser):
    root, base = site
    outside, errors = [], []
    page = _open(browser, f"{base}/executed/03_problems.html", outside, errors)
    assert page.locator("nav.bd-docs-nav a", has_text="构建信息").count() == 0
    page.locator(".selfeval-provenance a", has_text="构建信息").click()
    page.wait_for_load_state("networkidle")
    assert page.url.endswith("/provenance.html")
    text = page.locator("article").inner_text()
    assert "构建编号" in text and "SHA-256" in text and "01_basic.ipynb" in text
    assert page.locator(".prev-next-area a").count() == 0  # not in the report's page sequence
    _close(page)
    man = json.loads((root.parent / "manifest.json").read_text(encoding="utf-8"))
    for rel in _report_pages(root):
        raw = (root / rel).read_text(encoding="utf-8")
        assert not any(digest in raw for digest in man["inputs"].values()), rel  # no input digest on a report page
        assert man["build_id"] not in raw and man["git_commit"] not in raw, rel


def test_phone_width_wide_tables_say_they_scroll_and_keep_the_row_names_in_view(site, browser):
    """On a phone the 一览表 scrolls in its box: a line says so, and when scrolled the indicator's name
    stays at the box's left edge while 序号 and the figures move out of view."""
    _, base = site
    outside, errors = [], []
    page = _open(browser, f"{base}/executed/01_basic.html", outside, errors, viewport={"width": 390, "height": 844})
    box = page.locator(".output.selfeval-scrolls", has=page.locator("caption", has_text="项目主要绩效指标数量一览表"))
    assert box.count() == 1
    assert "表格较宽，可左右滑动查看" in box.evaluate("b => getComputedStyle(b, '::before').content")
    where = """b => { const o = b.getBoundingClientRect().left, row = b.querySelectorAll('tbody tr')[1];
      return [row.cells[0].getBoundingClientRect().left - o, row.cells[1].getBoundingClientRect().left - o, row.cells[1].textContent]; }"""
    number, name, text = box.evaluate(where)
    assert text == "月度话务接通率" and name > number >= 0
    box.evaluate("b => { b.scrollLeft = 300; }")
    number, name, _ = box.evaluate(where)
    assert number < 0 and abs(name) <= 1, (number, name)  # 序号 scrolled away, the name held at the edge
    _close(page)
    # on a desktop every table fits its column: none says it scrolls
    page = _open(browser, f"{base}/executed/01_basic.html", outside, errors, viewport={"width": 1366, "height": 900})
    assert page.locator(".output.selfeval-scrolls").count() == 0
    _close(page)
    assert errors == [] and outside == []


def test_phone_width_small_multiples_one_per_row(site, browser):
    """The comparison chapter's small multiples (three to a row on a desktop) are one per row on a phone."""
    from selfeval.analyses.compare import indicator_points, year_history
    from selfeval.presentation import charts, compare_charts
    from selfeval.presentation.chart_output import book_html

    root, base = site
    chart = compare_charts.indicator_history_chart(indicator_points(year_history(ROOT / "tests" / "fixtures" / "years", 2021)))
    (root / "executed" / "_multiples.html").write_text(
        f'<!DOCTYPE html><html><head><meta charset="utf-8"><script src="../_static/vega-bundle.js"></script></head><body>'
        f"{book_html(charts.spec(chart), 'multiples')}</body></html>",
        encoding="utf-8",
    )
    titles = [c["title"]["text"] for c in chart.to_dict()["concat"]]
    # the panels' title centres: one x per column
    centres = """names => new Set(Array.from(document.querySelectorAll('#chart-multiples text')).filter(t => names.includes(t.textContent))
      .map(t => { const r = t.getBoundingClientRect(); return Math.round(r.left + r.width / 2); })).size"""
    outside, errors = [], []
    for width, columns in ((1366, 3), (390, 1)):
        page = _open(browser, f"{base}/executed/_multiples.html", outside, errors, viewport={"width": width, "height": 900})
        page.wait_for_function("() => document.querySelector('#chart-multiples svg.marks')", timeout=15000)
        assert page.evaluate(centres, titles) == columns, width
        _close(page)
    assert errors == [] and outside == []
