"""The print PDF: executed notebooks → one print HTML (cover, 目录, chapters) → WeasyPrint.

Why this route (see docs/pdf.md): WeasyPrint uses the system pango/fontconfig, embeds CJK
fonts as CID fonts with extractable text, honours CSS paged media (A4, page numbers,
repeated table headers, a landscape page for the 自评表, target-counter for the 目录), and
renders in seconds. It renders the same executed notebooks the HTML book shows, picking
each chart's SVG instead of its JavaScript.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import nbformat
from markdown_it import MarkdownIt

from ..presentation import narrate
from ..evaluation.results import Evaluation
from ..presentation.render import esc

_MD = MarkdownIt("commonmark", {"html": False}).enable("table")
STATIC = Path(__file__).resolve().parents[1] / "presentation" / "static"
PRINT_CSS = STATIC / "print.css"
BOOK_CSS = STATIC / "selfeval.css"


def _output_html(out: dict) -> str:
    if out.get("output_type") not in ("display_data", "execute_result"):
        return ""  # streams are the nbval check cells; errors cannot reach a published book
    data = out.get("data", {})
    if "image/svg+xml" in data:
        svg = data["image/svg+xml"]
        svg = re.sub(r"^<\?xml[^>]*>", "", svg if isinstance(svg, str) else "".join(svg)).strip()
        return f'<div class="chart">{svg}</div>'
    if "text/html" in data:
        value = data["text/html"]
        return value if isinstance(value, str) else "".join(value)
    return ""


def notebook_html(path: Path, chapter_no: int) -> str:
    nb = nbformat.read(path, as_version=4)
    parts = []
    for cell in nb.cells:
        tags = cell.get("metadata", {}).get("tags", [])
        if "remove-cell" in tags:
            continue
        if cell.cell_type == "markdown":
            parts.append(_MD.render(cell.source))
        elif cell.cell_type == "code" and "remove-output" not in tags:
            parts.extend(_output_html(o) for o in cell.get("outputs", []))
    body = "\n".join(parts)
    counter = {"n": 0}

    def anchor(m: re.Match) -> str:
        counter["n"] += 1
        return f'<{m.group(1)} id="c{chapter_no}-{counter["n"]}">'

    body = re.sub(r"<(h[1-3])>", anchor, body)
    css = "chapter form-chapter" if "selfeval-form" in body else "chapter"
    return f'<section class="{css}">{body}</section>'


def _toc(body: str) -> str:
    items = []
    for level, ident, text in re.findall(r'<h([12]) id="([^"]+)">(.*?)</h\1>', body):
        plain = re.sub(r"<[^>]+>", "", text)
        items.append(f'<li class="toc-h{level}"><a href="#{ident}">{plain}</a></li>')
    return '<nav class="toc"><h1 class="toc-title">目　录</h1><ul>' + "".join(items) + "</ul></nav>"


def provenance_html(ev: Evaluation, executed: list[Path], man: dict, chapter_no: int) -> str:
    """The same 附录 数据来源与构建信息 as the HTML book, from the same function."""
    from .provenance import appendix_md

    body = _MD.render(appendix_md(man, [p.name for p in executed], ev.warnings, downloads=False))
    counter = iter(range(1, 1000))
    body = re.sub(r"<(h[1-3])>", lambda m: f'<{m.group(1)} id="c{chapter_no}-{next(counter)}">', body)
    return f'<section class="chapter provenance">{body}</section>'


def document(ev: Evaluation, executed: list[Path], man: dict) -> str:
    chapters = "\n".join(notebook_html(p, n) for n, p in enumerate(executed, start=1))
    chapters += provenance_html(ev, executed, man, len(executed) + 1)
    d = ev.data
    built = d.project.report_date or dt.date.fromisoformat(man["built_at"][:10])
    title = narrate.report_title(ev)
    # broken where a reader would break it, not wherever the line fills up
    cover_title = "<br>".join(esc(part) for part in narrate.title_lines(ev))
    cover = (
        '<section class="cover">'
        f'<p class="cover-kind">项目支出绩效自评报告</p><h1 class="cover-title">{cover_title}</h1>'
        f'<p class="cover-year">（{ev.year}年度）</p><table class="cover-meta">'
        f"<tr><th>主管部门</th><td>{esc(d.project.department)}</td></tr>"
        f"<tr><th>实施单位</th><td>{esc(d.project.implementer)}</td></tr>"
        f"<tr><th>自评总分</th><td>{ev.total}分（{esc(ev.grade)}）</td></tr>"
        f'</table><p class="cover-date">{narrate.cn_date(built)}</p></section>'
    )
    css = BOOK_CSS.read_text(encoding="utf-8") + PRINT_CSS.read_text(encoding="utf-8")
    css = css.replace("__RUNNING_TITLE__", title.replace('"', ""))
    footer = f"构建编号 {man['build_id']}"  # short: the full provenance is the last appendix
    css = css.replace("__FOOTER__", footer.replace('"', ""))
    return (
        f'<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>{esc(title)}</title>'
        f"<style>{css}</style></head><body>{cover}{_toc(chapters)}{chapters}</body></html>"
    )


def write_pdf(ev: Evaluation, executed: list[Path], man: dict, target: Path) -> Path:
    from weasyprint import HTML

    html = document(ev, executed, man)
    target.with_suffix(".print.html").write_text(html, encoding="utf-8")
    HTML(string=html, base_url=str(target.parent)).write_pdf(target)
    target.with_suffix(".print.html").unlink()
    return target
