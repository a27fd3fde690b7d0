"""The department's landing table in a browser: it sorts and filters with the page's own inlined
script, offline (every outside host unresolvable), from disk; data in it stays text."""

from __future__ import annotations

from decimal import Decimal

import pytest

from offline_browser import offline_chromium
from selfeval.analyses.portfolio import ProjectResult
from selfeval.presentation.department_pages import Link, RowInput, landing_html

pytestmark = pytest.mark.browser

HOSTILE = "<img src=x onerror=\"document.title='pwned'\">"


def _row(project: str, year: int, total: str, grade: str, findings: int, name: str = "", error: str | None = None) -> RowInput:
    result = ProjectResult(
        project, year, name or f"{project}项目", "某单位", "某局", Decimal("10.5"), Decimal("9"), Decimal("85.71"), Decimal(total), Decimal(total), grade, 3, 4,
        open_findings=(("占位文字", findings),) if findings else (),
    )  # fmt: skip
    return RowInput(project, year, result, [Link("报告", f"{project}/{year}/html/index.html")], "built", error)


@pytest.fixture
def page(tmp_path):
    rows = [
        _row("alpha", 2023, "95.50", "优", 0),
        _row("beta", 2023, "82.00", "良", 2, name=HOSTILE),
        _row("gamma", 2022, "99.00", "优", 0),
        RowInput("delta", 2023, None, [], "data", "错误：data/delta/2023/funding.csv：第2行……"),
    ]
    path = tmp_path / "index.html"
    path.write_text(landing_html(rows, [], ["某局"]), encoding="utf-8")
    return path


def _order(p) -> list[str]:
    return p.eval_on_selector_all("#projects tbody tr:not([hidden]) .pid", "els => els.map(e => e.textContent)")


def test_the_landing_table_sorts_and_filters_offline(page):
    with offline_chromium() as browser:
        p = browser.new_page()
        requests, dialogs = [], []
        p.on("request", lambda r: requests.append(r.url))
        p.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        p.goto(page.as_uri())
        assert _order(p) == ["alpha", "beta", "delta", "gamma"]  # newest year first, then by id
        assert p.text_content("#filter-count") == "显示 4 / 4 行"
        p.click("th:has-text('自评')")
        assert _order(p) == ["beta", "alpha", "gamma", "delta"]  # ascending by score; no score last
        assert p.get_attribute("th:has-text('自评')", "aria-sort") == "ascending"
        p.click("th:has-text('自评')")
        assert _order(p) == ["gamma", "alpha", "beta", "delta"]
        p.fill("#filter-text", "beta")
        assert _order(p) == ["beta"] and p.text_content("#filter-count") == "显示 1 / 4 行"
        p.fill("#filter-text", "")
        p.select_option("#filter-year", "2023")
        p.select_option("#filter-grade", "优")
        assert _order(p) == ["alpha"]
        p.select_option("#filter-grade", "")
        p.check("#filter-problem")
        assert sorted(_order(p)) == ["beta", "delta"]  # open findings, or an error
        assert HOSTILE in p.inner_text("#projects") and p.title() == "部门项目绩效自评汇总"
        assert dialogs == [] and requests == [page.as_uri()]
