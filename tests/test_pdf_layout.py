"""The 2021 PDF prints like the official report (issue 12): chapters flow, pages are filled,
the 自评表 is one landscape page at 9 pt with unbroken headings, and build information lives
only in the document properties."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
from PIL import Image

from book_fixtures import ROOT

pytestmark = pytest.mark.book

PORTRAIT_MARGINS_MM = (22, 20)  # top, bottom of @page in print.css
LANDSCAPE_MARGINS_MM = (8, 9)  # @page form
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
    """One rule for chapter starts: every chapter, 附录 included, runs on after the one before; a page
    breaks only for the cover, the 目录 and where the orientation changes (the landscape 自评表)."""
    pages = _text(_pdf(book)).split("\f")
    # 三 begins on the page where 二 ends, 四 right after 三: no chapter is alone on a page
    assert any("（三）支出效益分析" in p and "三、存在的主要问题" in p for p in pages), "三 does not follow 二 on its page"
    assert any("三、存在的主要问题" in p and "四、下一步改进措施" in p for p in pages), "四 does not follow 三 on its page"
    # 附录一 starts the page after the landscape form; 附录二 follows it on the same page, as every chapter does
    assert any("附录一" in p and "服务量增长分析" in p and "附录二" in p for p in pages[2:]), "附录二 does not follow 附录一 on its page"


def test_pages_are_numbered_from_the_first_chapter(book):
    """The cover and the 目录 carry no number and are not counted: the body starts at — 1 —, as in the
    Word report, and the 目录 gives those numbers."""
    pdf = _pdf(book)
    pages = _text(pdf).split("\f")[:-1]  # pdftotext ends every page with a form feed
    numbers = [re.findall(r"—\s*(\d+)\s*—", p) for p in pages]
    assert numbers[0] == [] and numbers[1] == []  # cover, 目录
    assert [int(n[-1]) for n in numbers[2:] if n] == list(range(1, len(pages) - 1))
    toc = re.sub(r"[ .]+", " ", pages[1])
    assert "一、基本情况 1" in toc and "（一）项目实施情况 1" in toc
    form_page = next(n for n, p in enumerate(pages) if "项目支出绩效自评表" in p and "偏差原因分析及改进措施" in p)
    assert f"项目支出绩效自评表 {form_page - 1}" in toc  # the 目录's number is the number printed on the page


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
    from selfeval.bookbuild.pdf import document
    from selfeval.bookbuild.pdf_render import refuse_all

    ev = open_year(ROOT / "data", 2021)
    man = json.loads((book / "manifest.json").read_text(encoding="utf-8"))
    executed = sorted((book / "notebooks").glob("*.ipynb"))
    doc = HTML(string=document(ev, executed, man, []), url_fetcher=refuse_all()).render()
    return ev, doc


def _boxes(box):
    yield box
    for child in getattr(box, "children", []):
        yield from _boxes(child)


def _page_text(page) -> str:
    return "".join(b.text for b in _boxes(page._page_box) if type(b).__name__ == "TextBox")


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


def test_cover_prints_the_unit_and_a_date_line(book):
    cover = _text(_pdf(book), 1, 1)
    assert re.search(r"编制单位\s+广州市政务服务数据管理局", cover)
    assert re.search(r"编制日期\s+____年__月__日", cover)  # 2021 gives no report date: a line to fill in, never the build date


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
    assert "填报人：____________" in _page_text(page) and "单位（盖章）：____________" in _page_text(page)  # the sign-off row, same page


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
    from selfeval.bookbuild.pdf import BOOK_CSS, PRINT_CSS
    from selfeval.bookbuild.pdf_render import refuse_all
    from selfeval.presentation import tables

    ev = open_year(data, year)
    css = BOOK_CSS.read_text(encoding="utf-8") + PRINT_CSS.read_text(encoding="utf-8")
    html = (
        f'<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><style>{css}</style></head><body>'
        f'<section class="chapter form-chapter"><h1>项目支出绩效自评表</h1>{tables.self_eval_form(ev)}</section></body></html>'
    )
    return ev, HTML(string=html, url_fetcher=refuse_all()).render()


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


def _longer_year(data: Path, extra: int) -> Path:
    """The synthetic 2021 hotline year (tests/fixtures/years) with ``extra`` more indicators, the first
    with a 偏差原因: a form one page cannot hold, as a 2022 hotline year's was."""
    shutil.copytree(ROOT / "tests" / "fixtures" / "years" / "2021", data / "2021")
    path = data / "2021" / "indicators.yaml"
    text = path.read_text(encoding="utf-8").replace("indicators:\n", f"weights_total: {100 + 5 * extra}\nindicators:\n", 1)
    for n in range(1, extra + 1):
        reason = (
            "    deviation_reason: 受服务量大幅增长影响，部分时段话务员在岗不足，抽检发现答复不规范的工单较上年增多，未达到年度指标值。\n" if n == 1 else ""
        )
        text += (
            f"\n  - id: extra_{n}\n    name: 热线服务质量抽检合格率（第{n}项）\n    level1: 满意度指标\n    level2: 服务对象满意度\n"
            f'    formula: value\n    value: 93.5\n    target: {{op: ">=", value: 95, unit: "%"}}\n    weight: 5\n{reason}'
        )
    path.write_text(text, encoding="utf-8")
    return data


@pytest.mark.parametrize("extra", [1, 3])
def test_a_form_longer_than_a_page_never_leaves_the_total_alone(tmp_path, extra):
    """A 自评表 one page cannot hold continues with its heading row repeated, and 总分 keeps company:
    the last indicator, 存在问题, 改进措施, 总分 and the sign-off row go over together. (With one more
    indicator, the page used to break right before 总分: its second page held the heading row and 总分.)"""
    ev, doc = _form_only(_longer_year(tmp_path / "data", extra), 2021)
    pages = [p for p in doc.pages if any(_cells(p))]
    assert len(pages) == 2
    first, second = ([t for tag, t, _, _ in _cells(p)] for p in pages)
    heading = ["绩效指标", "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成指标值", "分值（权重）", "自评得分", "偏差原因分析及改进措施"]
    assert second[:9] == heading and "项目名称" in first  # the heading row repeated, not the form's top
    last = ev.form_items()[-1].indicator.name
    assert last in second and last not in first
    assert [t for t in second if t in ("存在问题", "改进措施", "总分")] == ["存在问题", "改进措施", "总分"]
    assert "填报人：" in _page_text(pages[1]) and "填报人：" not in _page_text(pages[0])
    # the first page is used, not cut short: its body is filled to at least three quarters
    page = pages[0]
    bottom = max(b.position_y + b.height for b in _boxes(page._page_box) if type(b).__name__ == "TableCellBox")
    assert bottom / (page.height - page._page_box.margin_bottom) > 0.75


def test_a_form_that_fits_is_one_page_with_its_sign_off(tmp_path):
    _, doc = _form_only(ROOT / "tests" / "fixtures" / "years", 2021)
    pages = [p for p in doc.pages if any(_cells(p))]
    assert len(doc.pages) == 1 and len(pages) == 1 and "填报人：" in _page_text(pages[0])
