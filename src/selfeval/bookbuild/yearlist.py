"""The published years of an output folder, for reviewers who move between years.

Three things come from the same per-year record, which each build stores in its year's
``manifest.json`` (:func:`manifest_fields`) at publish time:

* ``years.js`` at the top of the output folder, the one list every book's year switcher
  reads (``presentation/static/year-switcher.js``). A book built earlier shows a year
  published later because the list is outside the books. It is a script defining
  ``window.SELFEVAL_YEARS`` because a page opened from disk (file://) may not fetch JSON;
* the landing page's cards (total, grade, indicators met, execution rate, links, 编制日期);
* the landing page's trend charts (totals and indicators over the years).

Manifests are read back as untrusted text: every value is checked or escaped before it
reaches a link, the script or the page, and read with the bounds of data (a figure is at
most 10^15 with at most 10 decimals, a count at most 10^12, a text at most 32,767
characters): a forged ``1E+999999999`` is shown as "—" and left out of the trend, with a
warning naming the year, never an error that stops the landing page.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any
from urllib.parse import quote

from ..analyses.compare import IndicatorPoint, TotalPoint
from ..contract.fieldtypes import MAX_AMOUNT, MAX_COUNT, MAX_DECIMAL_PLACES, MAX_TEXT
from ..contract.model import QualitativeIndicator
from ..evaluation.results import Evaluation
from ..figures import pct, plain, score
from ..presentation.book_pages import LandingCard, LandingChart, LandingLink, landing_html
from ..presentation.narrate import cn_date
from .names import REVIEW_PAGE

FIRST_PAGE = "intro.html"  # the book's root page (assemble.py: toc root "intro")

PAGE = re.compile(r"^[A-Za-z0-9_-]+(/[A-Za-z0-9_-]+)*\.html$")
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}")
ATTACHMENTS = (("pdf", "PDF", ".pdf"), ("xlsx", "自评表（Excel）", ".xlsx"), ("docx", "报告（Word）", ".docx"))  # labels as on the cover


# --------------------------------------------------------------------------- written at publish time


def manifest_fields(ev: Evaluation, html_dir: Path) -> dict[str, Any]:
    """What the landing page and the switcher need of this year, stored in its manifest.

    ``pages``: every HTML page of the book (relative to ``html/``), so another year's switcher
    knows whether the same chapter exists here. ``summary``: the card's figures as exact
    decimal strings, and each numeric indicator for the trend chart.
    """
    items = []
    for it in ev.items:
        ind = it.indicator
        if isinstance(ind, QualitativeIndicator) or it.value.reported is None:
            continue
        target = ind.target
        items.append(
            {"id": ind.id, "name": ind.name, "unit": target.unit, "value": str(it.value.reported), "target": str(target.value), "op": target.op, "met": it.met}
        )
    report_date = ev.data.project.report_date
    pages = sorted(p.relative_to(html_dir).as_posix() for p in html_dir.rglob("*.html") if "_static" not in p.relative_to(html_dir).parts)
    return {
        "pages": pages,
        "summary": {
            "project": f"{ev.data.project.region or ''}{ev.data.project.name}",
            "total": str(ev.total),
            "weights_total": str(ev.total_weight),
            "grade": ev.grade,
            "met": len(ev.met),
            "indicators": len(ev.items),
            "execution_rate": str(ev.budget.rate),
            "report_date": report_date.isoformat() if report_date else None,
            "items": items,
            **department_fields(ev),
        },
    }


def department_fields(ev: Evaluation) -> dict[str, Any]:
    """What a department's landing page and roll-up read of the year (selfeval.department):
    who runs the project, its money in 万元 (exact, whatever unit the data keeps), the total on
    the grades' 100-point scale, and the indicators it missed."""
    d = ev.data.project
    return {
        "unit": d.implementer,
        "department": d.department,
        "budget": str(ev.budget.budget),
        "executed": str(ev.budget.executed),
        "money_unit": ev.data.money_unit,
        "scaled_total": str(ev.scaled_total),
        "missed": [{"level1": i.indicator.level1, "level2": i.indicator.level2, "name": i.indicator.name} for i in ev.form_items() if not i.met],
    }


# --------------------------------------------------------------------------- read back


def safe_file_name(name: object, suffix: str) -> str | None:
    """A file name from a manifest is linked only if it is a plain name with the expected suffix."""
    if not isinstance(name, str) or not name or "/" in name or "\\" in name or name.startswith(".") or not name.lower().endswith(suffix):
        return None
    if any(ord(ch) < 32 for ch in name):
        return None
    return name


def _decimal(value: object) -> Decimal | None:
    """A figure as data's bounds allow it (|x| ≤ 10^15, ≤ 10 decimals), else None."""
    if isinstance(value, bool) or not isinstance(value, (str, int, float)) or len(str(value)) > 40:
        return None
    try:
        d = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None
    exponent = d.as_tuple().exponent
    if not d.is_finite() or d.copy_abs() > MAX_AMOUNT or (isinstance(exponent, int) and -exponent > MAX_DECIMAL_PLACES):
        return None
    return d


def _count(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= MAX_COUNT else None


def _text(value: object) -> str:
    return value if isinstance(value, str) and len(value) <= MAX_TEXT else ""


def manifest_problems(year: int, man: dict) -> list[str]:
    """What of a year's manifest is out of bounds and so not shown (the landing page shows "—" there)."""
    summary = man.get("summary")
    s: dict = summary if isinstance(summary, dict) else {}
    figures = [("summary.total", s.get("total", man.get("total"))), ("summary.execution_rate", s.get("execution_rate"))]
    listed = s.get("items")
    items: list = listed if isinstance(listed, list) else []
    figures += [(f"summary.items[{n}].{k}", item.get(k)) for n, item in enumerate(items) if isinstance(item, dict) for k in ("value", "target")]
    out = [f"{name} '{str(value)[:40]}'" for name, value in figures if value is not None and _decimal(value) is None]
    out += [f"summary.{k} '{str(s.get(k))[:40]}'" for k in ("met", "indicators") if s.get(k) is not None and _count(s.get(k)) is None]
    texts = (("title", man.get("title")), ("summary.project", s.get("project")))
    out += [f"{k}（{len(v):,} 个字符）" for k, v in texts if isinstance(v, str) and len(v) > MAX_TEXT]
    if not out:
        return []
    return [f"{year}/manifest.json: {'、'.join(out[:5])} 超出数据的范围（或不是数），落地页上不显示" + (f"（另有 {len(out) - 5} 处）" if len(out) > 5 else "")]


@dataclass
class PublishedYear:
    """One published year as read back from its manifest (checked)."""

    year: int
    manifest: dict
    pages: list[str] = field(default_factory=list)
    files: dict[str, str] = field(default_factory=dict)  # 'pdf' | 'xlsx' | 'docx' → file name

    @classmethod
    def read(cls, year: int, man: dict) -> PublishedYear:
        pages = man.get("pages")
        good_pages = [p for p in pages if isinstance(p, str) and PAGE.match(p) and ".." not in p] if isinstance(pages, list) else []
        files = {}
        for key, _, suffix in ATTACHMENTS:
            name = safe_file_name(man.get(key), suffix)
            if name is not None:
                files[key] = name
        return cls(year, man, good_pages, files)

    @property
    def summary(self) -> dict:
        s = self.manifest.get("summary")
        return s if isinstance(s, dict) else {}

    def href(self, name: str) -> str:
        """A link relative to the output folder, percent-encoded (the names hold Chinese)."""
        return f"{self.year}/{quote(name)}"

    @property
    def first_page(self) -> str:
        return FIRST_PAGE if FIRST_PAGE in self.pages or not self.pages else self.pages[0]


# --------------------------------------------------------------------------- years.js


def _js_json(value: Any) -> str:
    """JSON that is safe inside a script: ASCII only (U+2028/9 escaped), and no <, > or &."""
    text = json.dumps(value, ensure_ascii=True, sort_keys=True)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def years_js(years: list[PublishedYear]) -> str:
    """``public/years.js``: the years in ascending order with their pages and PDF, for the switchers."""
    entries = [
        {
            "year": y.year,
            "title": _text(y.manifest.get("title")),
            "first": y.first_page,
            "pages": y.pages,
            "pdf": y.href(y.files["pdf"]) if "pdf" in y.files else None,
        }
        for y in sorted(years, key=lambda y: y.year)
    ]
    data = {"landing": "index.html", "years": entries}
    return (
        "/* The published years of this folder, written by `selfeval build` together with index.html.\n"
        "   Every book's year switcher reads it (file:// allows scripts, not fetch). Do not edit. */\n"
        f"window.SELFEVAL_YEARS = {_js_json(data)};\n"
    )


# --------------------------------------------------------------------------- landing page


NO_DATE = "未注明"  # the data gives no report date: the card says so, and never shows the build date instead


def _date(y: PublishedYear) -> str:
    """编制日期 in Chinese form: the report's own date (project.yaml report_date), else 未注明."""
    report = _text(y.summary.get("report_date"))
    if DATE.match(report):
        try:
            return cn_date(dt.date.fromisoformat(report[:10]))
        except ValueError:
            pass
    return NO_DATE


def _review(y: PublishedYear) -> tuple[str, LandingLink | None]:
    """The card's 复核提示: '3条待处理（已接受2条）' and the link to the year's 复核提示 page."""
    counts = y.manifest.get("review")
    counts = counts if isinstance(counts, dict) else {}
    pending, done = _count(counts.get("open")), _count(counts.get("accepted"))
    if pending is None or done is None:
        return "—", None
    text = f"{pending}条待处理" if pending else "无待处理"
    text += f"（已接受{done}条）" if done else ""
    link = LandingLink(text, f"{y.year}/html/{REVIEW_PAGE}.html") if f"{REVIEW_PAGE}.html" in y.pages else None
    return text, link


def card(y: PublishedYear) -> LandingCard:
    s = y.summary
    total = _decimal(s.get("total", y.manifest.get("total")))
    full = _decimal(s.get("weights_total"))
    rate = _decimal(s.get("execution_rate"))
    met, n = _count(s.get("met")), _count(s.get("indicators"))
    review, review_link = _review(y)
    links = [LandingLink("HTML 报告", f"{y.year}/html/index.html")]
    links += [LandingLink(label, y.href(y.files[key])) for key, label, _ in ATTACHMENTS if key in y.files]
    return LandingCard(
        year=y.year,
        title=_text(y.manifest.get("title")),
        total=score(total) if total is not None else "—",
        full=f"满分{plain(full)}分" if full is not None and full != 100 else "",
        grade=_text(s.get("grade", y.manifest.get("grade"))) or "—",
        met=f"{met}/{n}" if met is not None and n is not None else "—",
        execution_rate=pct(rate) if rate is not None else "—",
        date=_date(y),
        links=links,
        review=review,
        review_link=review_link,
    )


def trend_points(years: list[PublishedYear]) -> tuple[list[TotalPoint], list[IndicatorPoint]]:
    """The figures stored in the manifests, back as chart points (a value that does not parse is left out)."""
    totals, indicators = [], []
    for y in sorted(years, key=lambda y: y.year):
        s = y.summary
        total = _decimal(s.get("total"))
        if total is not None:
            totals.append(TotalPoint(y.year, total, _text(s.get("grade"))))
        for item in s.get("items", []) if isinstance(s.get("items"), list) else []:
            if not isinstance(item, dict):
                continue
            value, target = _decimal(item.get("value")), _decimal(item.get("target"))
            ident, name, unit = _text(item.get("id")), _text(item.get("name")), _text(item.get("unit"))
            if value is None or target is None or not ident or not name:
                continue
            indicators.append(IndicatorPoint(y.year, ident, name, unit, value, target, item.get("met") is True))
    return totals, indicators


def _data_uri(svg: str) -> str:
    """An SVG drawn at build time as a data: URI: shown as an image (no script, no network)."""
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")


def landing_charts(years: list[PublishedYear]) -> list[LandingChart]:
    """The totals by year, and the indicators' small multiples (one per row on a phone, where three
    to a row made their labels unreadable).

    The phone layout is the same spec with ``columns`` changed, drawn without building the chart again.
    """

    totals, indicators = trend_points(years)
    if len({p.year for p in totals} | {p.year for p in indicators}) < 2:
        return []  # a trend needs two years: no chart, and none of the chart libraries (~0.8 s) imported
    from ..presentation import chart_images, charts, compare_charts

    out = []
    total = compare_charts.total_chart(totals)
    if total is not None:
        out.append(LandingChart(_data_uri(charts.svg(total)), "历年自评总分折线图：" + "，".join(f"{p.year}年{score(p.total)}分" for p in totals)))
    panels = compare_charts.indicator_history_chart(indicators, columns=3)
    if panels is not None:
        spec = charts.spec(panels, charts.SVG_FONT)
        wide, narrow = chart_images.svg(spec), chart_images.svg({**spec, "columns": 1})
        out.append(LandingChart(_data_uri(wide), "主要绩效指标历年完成值与年度指标值小图", _data_uri(narrow)))
    return out


def landing_page(years: list[PublishedYear], in_department: bool = False) -> str:
    """``public/index.html``: the cards newest first, under the project's name as its newest year
    states it; in a department's folder, with a link up to the department's page."""
    newest = sorted(years, key=lambda y: y.year, reverse=True)
    project = _text(newest[0].summary.get("project")) if newest else ""
    return landing_html([card(y) for y in newest], landing_charts(years), project, in_department)
