"""Years side by side, end to end (issue #13): the three fixture years built into one output folder.

2020 and 2021 are built together; 2019 is published afterwards on its own (without a PDF), so
the module also shows that a year published later reaches the switcher of books built before
it, which are not rebuilt. Browser tests run Debian Chromium with every outside host blocked,
from disk (file://) and from a local server.
"""

from __future__ import annotations

import functools
import http.server
import os
import re
import subprocess
import threading
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import unquote, urlparse

import pytest

from book_fixtures import ROOT, html_text, tree_digest
from offline_browser import offline_chromium

pytestmark = pytest.mark.book
YEARS = ROOT / "tests" / "fixtures" / "years"


@pytest.fixture(scope="module")
def site(years_site):
    """The session's shared fixture-years site (tests/book_fixtures.years_site)."""
    info = years_site.info
    before = {int(y): (link, digest) for y, (link, digest) in info["before"].items()}
    return SimpleNamespace(public=years_site.public, later=years_site, before=before, years_js_before=info["years_js_before"])


def chapter(site, year: int) -> Path:
    return site.public / str(year) / "html" / "executed" / "05_compare.html"


def tables(page: Path) -> list[list[list[str]]]:
    raw = page.read_text(encoding="utf-8")
    return [
        [re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row) for row in re.findall(r"<tr[^>]*>(.*?)</tr>", table)]
        for table in re.findall(r'<table class="selfeval">(.*?)</table>', raw, re.S)
    ]


# --------------------------------------------------------------------------- the chapter


def test_2021_chapter_sentences(site):
    text = html_text(chapter(site, 2021))
    for sentence in (
        "本章将2021年度与2020年度逐项对比。",
        "与2020年相比，自评总分由99.92分降低至99.70分，降低0.22分，自评等级均为“优”。2021年度7个绩效指标中6个达标，2020年度7个绩效指标全部达标。",
        "(1) 与2020年相比，月度话务接通率降低2.12个百分点，由达标转为未达标。",
        "(2) 与2020年相比，群众咨询事项一次性解答率提高0.79个百分点，保持达标。",
        "(3) 与2020年相比，话务服务市民满意度提高3.23个百分点，年度指标值由≥90%提高至≥95%，保持达标。",
        "(4) “工单转派及时率”“对群众办理结果不满意的回访率”“话务平台可用率”3个指标完成值和年度指标值均与上年相同，保持达标。",
        "(5) 2021年度新增“领导接电交办重点事项完成率”指标（年度指标值≥80%，完成值100.00%，达标）。",
        "(6) 2020年度设置的“投诉按时办结率”指标2021年度不再设置（2020年度完成值98.50%，达标）。",
        "预算执行率由99.17%提高至100.00%，提高0.83个百分点。",
        "平均每件服务支出由5.95元降至4.67元，减少1.28元",
    ):
        assert sentence in text, sentence


def test_2021_chapter_tables(site):
    summary, indicators, scores = tables(chapter(site, 2021))
    assert summary[0] == ["项目", "2020年", "2021年", "变化"] and summary[1] == ["自评总分", "99.92", "99.70", "-0.22"]
    assert summary[6] == ["预算执行率", "99.17%", "100.00%", "+0.83个百分点"]
    assert indicators[2] == ["月度话务接通率", "≥95%", "96.19%", "94.07%", "-2.12个百分点", "达标→未达标"]
    assert indicators[7] == ["话务服务市民满意度", "≥90%→≥95%（提高）", "94.29%", "97.52%", "+3.23个百分点", "保持达标"]
    assert indicators[8] == ["投诉按时办结率", "≥95%", "98.50%", "—", "不再设置", "—"]
    assert scores[-1] == ["总分", "100", "99.92", "100", "99.70", "-0.22"]
    raw = chapter(site, 2021).read_text(encoding="utf-8")
    assert 'id="chart-compare-total"' in raw and 'id="chart-compare-indicators"' in raw


def test_2020_chapter_compares_with_2019(site):
    text = html_text(chapter(site, 2020))
    assert "(1) 与2019年相比，月度话务接通率提高2.69个百分点，由未达标转为达标。" in text
    assert "(2) 与2019年相比，群众咨询事项一次性解答率提高2.00个百分点，年度指标值由≥85%降低至≥80%，保持达标。" in text


def test_first_year_has_no_comparison_chapter(site):
    book = site.public / "2019" / "html"
    assert "因缺少数据而略去：05_compare" in site.later.stdout
    assert not (book / "executed" / "05_compare.html").exists()
    assert "与上年度对比" not in html_text(book / "intro.html")  # not in the navigation either: no empty section


def test_pdf_carries_the_chapter(site):
    pdf = next((site.public / "2021").glob("*.pdf"))
    text = re.sub(r"\s+", "", subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout)
    assert "与上年度对比" in text and "与2020年相比，月度话务接通率降低2.12个百分点，由达标转为未达标。" in text


@pytest.mark.parametrize("year", [2020, 2021])
def test_pdf_chapter_after_the_form_starts_on_a_portrait_page(site, year):
    """The 自评表 is a landscape page of its own: 2020's form left room, and 与上年度对比 once began
    on it (heading and first paragraph in landscape, under the form)."""
    pdf = next((site.public / str(year)).glob("*.pdf"))
    pages = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout.split("\f")
    info = subprocess.run(["pdfinfo", "-f", "1", "-l", str(len(pages)), str(pdf)], capture_output=True, text=True, check=True).stdout
    sizes = {int(n): float(w) > float(h) for n, w, h in re.findall(r"Page\s+(\d+) size:\s+([\d.]+) x ([\d.]+)", info)}
    form = [n for n, text in enumerate(pages, start=1) if "偏差原因分析及改进措施" in text]
    chapter = [n for n, text in enumerate(pages, start=1) if f"本章将{year}年度与{year - 1}年度逐项对比" in text]
    assert len(form) == 1 and sizes[form[0]] and len(chapter) == 1
    assert chapter[0] == form[0] + 1 and not sizes[chapter[0]]


def test_word_report_carries_the_chapter(site):
    import docx

    paragraphs = [p.text for p in docx.Document(str(next((site.public / "2021").glob("*.docx")))).paragraphs]
    assert "与上年度对比" in paragraphs and "(1) 与2020年相比，月度话务接通率降低2.12个百分点，由达标转为未达标。" in paragraphs


# --------------------------------------------------------------------------- the list of years


def test_a_year_published_later_leaves_the_other_books_untouched(site):
    assert set(site.before) == {2020, 2021}
    for year, (link, digest) in site.before.items():
        assert os.readlink(site.public / str(year)) == link, year  # not republished
        assert tree_digest(site.public / str(year)) == digest, year
    assert '"year": 2019' not in site.years_js_before
    now = (site.public / "years.js").read_text(encoding="utf-8")
    assert [int(y) for y in re.findall(r'"year": (\d{4})', now)] == [2019, 2020, 2021]
    assert '"pdf": null' in now  # 2019 was published without a PDF


def test_every_page_loads_the_switcher(site):
    checked, missing = {}, []
    for year in (2019, 2020, 2021):
        html = site.public / str(year) / "html"
        pages = [p for p in html.rglob("*.html") if "_static" not in p.relative_to(html).parts]  # theme files are not pages
        redirects = [p for p in pages if 'http-equiv="Refresh"' in p.read_text(encoding="utf-8")]
        assert [p.relative_to(html).as_posix() for p in redirects] == ["index.html"]  # it only redirects to intro.html
        checked[year] = {p.stem for p in pages if p not in redirects}
        missing += [str(p) for p in pages if p not in redirects and "_static/year-switcher.js" not in p.read_text(encoding="utf-8")]
    assert missing == []
    chapters = {"01_basic", "02_evaluation", "03_problems", "03b_measures", "04_form", "a1_volume", "a2_capacity"}
    assert checked[2019] >= {"intro", "provenance", "search", *chapters}
    assert checked[2020] >= checked[2019] | {"05_compare"} and checked[2021] >= checked[2019] | {"05_compare"}


# --------------------------------------------------------------------------- in a browser, no network


@pytest.fixture(scope="module")
def browser():
    with offline_chromium() as b:
        yield b


class Watch:
    """Every request a page makes that is not the disk, data: or the local server; and script errors."""

    def __init__(self, page):
        self.outside: list[str] = []
        self.errors: list[str] = []
        page.on("request", self._request)
        page.on("pageerror", lambda e: self.errors.append(str(e)))

    def _request(self, r):
        url = urlparse(r.url)
        if url.scheme not in ("file", "data") and url.hostname != "127.0.0.1":
            self.outside.append(r.url)


def _switcher(page) -> dict:
    page.wait_for_selector("nav.selfeval-years", timeout=15000)
    nav = page.locator("nav.selfeval-years")
    return {
        "years": nav.locator(".selfeval-year").all_inner_texts(),
        "current": nav.locator(".selfeval-year.current").inner_text(),
        "pdf": nav.locator("a.selfeval-years-pdf").get_attribute("href") if nav.locator("a.selfeval-years-pdf").count() else None,
        "home": nav.locator("a.selfeval-years-home").get_attribute("href"),
    }


def _file(url: str) -> Path:
    return Path(unquote(urlparse(url).path))


@pytest.mark.browser
def test_switcher_from_disk_reaches_the_same_chapter_and_the_pdf(site, browser):
    page = browser.new_page()
    watch = Watch(page)
    page.goto(chapter(site, 2020).as_uri())
    s = _switcher(page)
    assert s["years"] == ["2019", "2020", "2021"] and s["current"] == "2020"
    page.locator("nav.selfeval-years a.selfeval-year", has_text="2021").click()
    page.wait_for_url("**/2021/html/executed/05_compare.html")
    assert page.locator("h1").first.inner_text().startswith("与上年度对比")
    s = _switcher(page)
    assert s["current"] == "2021"
    pdf = _file(s["pdf"])
    assert pdf.parent == site.public / "2021" and pdf.is_file() and pdf.read_bytes()[:5] == b"%PDF-"
    assert _file(s["home"]) == site.public / "index.html"
    assert watch.outside == [] and watch.errors == []
    page.close()


@pytest.mark.browser
def test_a_year_without_the_chapter_opens_at_its_first_page(site, browser):
    page = browser.new_page()
    watch = Watch(page)
    page.goto(chapter(site, 2021).as_uri())
    _switcher(page)
    page.locator("nav.selfeval-years a.selfeval-year", has_text="2019").click()
    page.wait_for_url("**/2019/html/intro.html")
    s = _switcher(page)
    assert s["current"] == "2019" and s["pdf"] is None  # 2019 was published without a PDF
    assert watch.outside == [] and watch.errors == []
    page.close()


@pytest.mark.browser
def test_comparison_tables_show_whole_on_a_desktop(site, browser):
    """At 1280 px the comparison tables fit the text column (their indicator names wrap): they once
    hid 达标情况 and 得分变化 behind a scroll bar, the names being kept on one line."""
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(chapter(site, 2021).as_uri())
    widths = page.evaluate(
        "() => Array.from(document.querySelectorAll('table.selfeval')).map(t => [t.querySelector('caption').textContent, t.scrollWidth, t.closest('.output').clientWidth])"
    )
    assert len(widths) == 3
    assert [w for w in widths if w[1] > w[2]] == []
    page.close()


@pytest.mark.browser
def test_books_built_earlier_list_the_year_published_later(site, browser):
    for year in (2020, 2021):
        page = browser.new_page()
        page.goto((site.public / str(year) / "html" / "intro.html").as_uri())
        assert _switcher(page)["years"] == ["2019", "2020", "2021"], year
        page.close()


@pytest.mark.browser
def test_landing_page_from_disk(site, browser):
    page = browser.new_page()
    watch = Watch(page)
    page.goto((site.public / "index.html").as_uri(), wait_until="load")
    cards = page.locator("li.card h2").all_inner_texts()
    assert cards == ["2021年度", "2020年度", "2019年度"]
    assert page.locator("#year-2021 .score").inner_text() == "99.70" and page.locator("#year-2019 .score").inner_text() == "98.74"
    widths = page.eval_on_selector_all(".chart img", "imgs => imgs.map(i => i.complete ? i.naturalWidth : 0)")
    assert len(widths) == 2 and all(w > 0 for w in widths), widths
    for a in page.locator("li.card a").all():
        assert _file(a.evaluate("a => a.href")).exists(), a.get_attribute("href")
    page.locator("#year-2020 a", has_text="HTML 报告").click()
    page.wait_for_url("**/2020/html/intro.html")
    assert _switcher(page)["current"] == "2020"
    assert watch.outside == [] and watch.errors == []
    page.close()


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.mark.browser
def test_switcher_from_a_server(site, browser):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site.public)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        page = browser.new_page()
        watch = Watch(page)
        page.goto(f"{base}/2021/html/executed/02_evaluation.html")
        s = _switcher(page)
        assert s["pdf"].startswith(f"{base}/2021/")
        response = page.request.get(s["pdf"])
        assert response.status == 200 and response.body()[:5] == b"%PDF-"
        page.locator("nav.selfeval-years a.selfeval-year", has_text="2020").click()
        page.wait_for_url(f"{base}/2020/html/executed/02_evaluation.html")
        assert watch.outside == [] and watch.errors == []
        page.close()
    finally:
        server.shutdown()
