"""The 2021 PDF prints like the official report (issue 12): chapters flow, pages are filled,
the 自评表 is one landscape page at 9 pt with unbroken headings, and build information lives
only in the document properties."""

from __future__ import annotations

import json
import re
import subprocess
import tempfile
from pathlib import Path

import pytest
from PIL import Image

from book_fixtures import ROOT

pytestmark = pytest.mark.book

PORTRAIT_MARGINS_MM = (22, 20)  # top, bottom of @page in print.css
LANDSCAPE_MARGINS_MM = (9, 9)  # @page form
MIN_FILL = 0.5


@pytest.fixture(scope="module")
def book(book2021):
    return book2021.folder


def _pdf(book: Path) -> Path:
    return next(book.glob("*.pdf"))


def page_fill(pdf: Path) -> list[tuple[bool, float]]:
    """(landscape, fill) per page: the last non-white row of the page's body area (between the
    running header and the footer margins) over that area's height, at 20 dpi in grey."""
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["pdftoppm", "-r", "20", "-gray", "-png", str(pdf), f"{tmp}/p"], check=True)
        out = []
        for png in sorted(Path(tmp).glob("p-*.png")):
            im = Image.open(png).convert("L")
            width, height = im.size
            landscape = width > height
            top, bottom = LANDSCAPE_MARGINS_MM if landscape else PORTRAIT_MARGINS_MM
            page_mm = 210 if landscape else 297
            y0, y1 = round(height * top / page_mm), round(height * (1 - bottom / page_mm))
            px = im.load()
            last = next((y for y in range(y1 - 1, y0 - 1, -1) if any(px[x, y] < 200 for x in range(width))), None)
            out.append((landscape, 0.0 if last is None else (last - y0 + 1) / (y1 - y0)))
        return out


def test_body_pages_are_at_least_half_full(book):
    pages = page_fill(_pdf(book))
    landscape = [n for n, (is_landscape, _) in enumerate(pages) if is_landscape]
    assert len(landscape) == 1, pages  # the 自评表, alone
    exempt = {0, 1, landscape[0] - 1, len(pages) - 1}  # cover, 目录, the page before the landscape page, the last page
    thin = [(n + 1, round(fill, 2)) for n, (_, fill) in enumerate(pages) if n not in exempt and fill < MIN_FILL]
    assert thin == [], f"pages under half full (page, fill): {thin}; all: {[round(f, 2) for _, f in pages]}"
    assert len(pages) <= 15, len(pages)  # 17 when every chapter began a new page


def _text(pdf: Path, first: int | None = None, last: int | None = None) -> str:
    cmd = ["pdftotext", "-layout"]
    if first:
        cmd += ["-f", str(first), "-l", str(last or first)]
    return subprocess.run([*cmd, str(pdf), "-"], capture_output=True, text=True, check=True).stdout


def test_chapters_run_on_like_the_reference(book):
    pages = _text(_pdf(book)).split("\f")
    # 三 begins on the page where 二 ends, 四 right after 三: no chapter is alone on a page
    assert any("（三）支出效益分析" in p and "三、存在的主要问题" in p for p in pages), "三 does not follow 二 on its page"
    assert any("三、存在的主要问题" in p and "四、下一步改进措施" in p for p in pages), "四 does not follow 三 on its page"


def test_no_build_information_in_the_printed_report(book):
    pdf = _pdf(book)
    man = json.loads((book / "manifest.json").read_text(encoding="utf-8"))
    text = _text(pdf)
    flat = text.replace("\n", "").replace(" ", "")
    assert man["build_id"] not in flat and man["git_commit"][:12] not in flat
    for digest in man["inputs"].values():
        assert digest[:16] not in flat
    for word in (".ipynb", "构建信息", "数据来源与构建信息", "SHA-256", "weasyprint", "jupyter", "papermill"):
        assert word.lower() not in text.lower(), word


def test_build_record_in_document_properties(book):
    pdf = _pdf(book)
    man = json.loads((book / "manifest.json").read_text(encoding="utf-8"))
    info = subprocess.run(["pdfinfo", "-custom", str(pdf)], capture_output=True, text=True, check=True).stdout
    fields = dict(re.findall(r"^(\w+):\s*(.*)$", info, flags=re.M))
    assert fields["Title"] == "广州市2021年12345政府服务热线人工坐席服务外包项目绩效自评报告"
    assert fields["Author"] == "广州市政务服务数据管理局"  # 实施单位
    assert "2021年度" in fields["Keywords"] and "项目支出绩效自评报告" in fields["Keywords"]
    assert fields["Subject"] == "2021年度项目支出绩效自评报告：自评总分99.70分，自评等级优"
    assert fields["CreationDate"] and fields["ModDate"]
    assert fields["selfevalbuild"] == man["build_id"]
    assert fields["selfevalcommit"].startswith(man["git_commit"])
    assert f"data/2021/indicators.yaml sha256:{man['inputs']['data/2021/indicators.yaml']}" in fields["selfevalinputs"]


# --------------------------------------------------------------------------- the 自评表


@pytest.fixture(scope="module")
def form_layout(book):
    """The print document laid out by WeasyPrint: the 自评表's cells with their text lines."""
    from weasyprint import HTML

    from selfeval.api import open_year
    from selfeval.bookbuild.pdf import RefuseAll, document

    ev = open_year(ROOT / "data", 2021)
    man = json.loads((book / "manifest.json").read_text(encoding="utf-8"))
    executed = sorted((book / "notebooks").glob("*.ipynb"))
    doc = HTML(string=document(ev, executed, man, ev.data.project.report_date, []), url_fetcher=RefuseAll()).render()
    return ev, doc


def _boxes(box):
    yield box
    for child in getattr(box, "children", []):
        yield from _boxes(child)


def _cells(page):
    """(tag, text, line count, box) of every cell of the 自评表's tables on a page."""
    out = []
    for table in _boxes(page._page_box):
        if type(table).__name__ != "TableBox" or "selfeval-form" not in (table.element.get("class") or ""):
            continue
        for box in _boxes(table):
            if type(box).__name__ == "TableCellBox":
                lines = [b for b in _boxes(box) if type(b).__name__ == "LineBox"]
                text = "".join(b.text for b in _boxes(box) if type(b).__name__ == "TextBox")
                out.append((box.element.tag, text, len(lines), box))
    return out


def test_form_is_one_landscape_page_at_nine_points_and_nothing_clipped(form_layout):
    _, doc = form_layout
    pages = [p for p in doc.pages if any(_cells(p))]
    assert len(pages) == 1
    page = pages[0]
    assert page.width > page.height  # landscape
    sizes = {b.style["font_size"] for b in _boxes(page._page_box) if type(b).__name__ == "TextBox"}
    assert min(sizes) >= 12, sizes  # 12 px = 9 pt
    right = page.width - page._page_box.margin_right
    bottom = page.height - page._page_box.margin_bottom
    for _tag, text, _lines, cell in _cells(page):
        for b in _boxes(cell):
            if type(b).__name__ == "TextBox":
                assert b.position_x + b.width <= cell.position_x + cell.border_width() + 0.5, (text, b.text)
                assert b.position_y + b.height <= bottom + 0.5, (text, b.text)
        assert cell.position_x + cell.border_width() <= right + 0.5, text
    texts = "".join(text for _, text, _, _ in _cells(page))
    assert "99.70" in texts and "合理确定年度服务量目标值并预测发展趋势" in texts and "使项目绩效指标更加贴合项目实施情况" in texts


def test_form_headings_never_break_inside_a_word(form_layout):
    _, doc = form_layout
    (page,) = [p for p in doc.pages if any(_cells(p))]
    heads = {text: lines for tag, text, lines, _ in _cells(page) if tag == "th"}
    for head in (
        "预算完成率",
        "预算完成数",
        "年度预算数",
        "实际完成指标值",
        "分值（权重）",
        "自评得分",
        "三级指标",
        "偏差原因分析及改进措施",
        "项目名称",
        "实施单位",
    ):
        assert heads[head] == 1, (head, heads[head])
    assert heads["绩效目标情况（概述）"] == 2 and heads["项目资金（万元）"] == 2  # their <br> only


def test_form_indicator_names_take_at_most_two_lines(form_layout):
    ev, doc = form_layout
    (page,) = [p for p in doc.pages if any(_cells(p))]
    lines = {text: n for tag, text, n, _ in _cells(page) if tag == "td"}
    for it in ev.items:
        assert lines[it.indicator.name] <= 2, (it.indicator.name, lines[it.indicator.name])


def _form_only(data: Path, year: int):
    """The 自评表 of a year laid out by WeasyPrint with the book's print CSS, without a build."""
    from weasyprint import HTML

    from selfeval.api import open_year
    from selfeval.bookbuild.pdf import BOOK_CSS, PRINT_CSS, RefuseAll
    from selfeval.presentation import tables

    ev = open_year(data, year)
    css = BOOK_CSS.read_text(encoding="utf-8") + PRINT_CSS.read_text(encoding="utf-8")
    html = (
        f'<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><style>{css}</style></head><body>'
        f'<section class="chapter form-chapter"><h1>项目支出绩效自评表</h1>{tables.self_eval_form(ev)}</section></body></html>'
    )
    return ev, HTML(string=html, url_fetcher=RefuseAll()).render()


def test_archive_form_keeps_every_figure_and_level_name_inside_its_cell():
    """The non-hotline 自评表: ≥1200000页 once ran over the 年度指标值 border (figures were kept on one
    line), and 满意度指标 broke as 满意度指 / 标 in a 15 mm 一级指标 column."""
    _, doc = _form_only(ROOT / "tests" / "fixtures" / "archive", 2024)
    (page,) = [p for p in doc.pages if any(_cells(p))]
    cells = _cells(page)
    for _tag, text, _lines, cell in cells:
        for b in _boxes(cell):
            if type(b).__name__ == "TextBox":
                assert b.position_x + b.width <= cell.position_x + cell.border_width() + 0.5, (text, b.text)
    lines = {text: n for tag, text, n, _ in cells if tag == "td"}
    assert lines["满意度指标"] == 1 and lines["产出指标"] == 1
    assert lines["图像质量抽检合格率"] == 1  # the 三级指标 column kept its width
