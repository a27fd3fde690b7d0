"""The 自评表's layout model, the form as .xlsx and the report as .docx: read back and checked.

The grid is checked against the book's HTML form (same cells, same merges) and the 2021
reference form; the files are read back with openpyxl / python-docx and their figures, merged
ranges, headings, fonts, page setup and determinism asserted.
"""

from __future__ import annotations

import zipfile
from decimal import Decimal as D
from pathlib import Path

import nbformat
import openpyxl
import pytest

from selfeval.api import open_year
from selfeval.office import write_form_xlsx, write_report_docx
from selfeval.office.blocks import Chart, FormBlock, Heading, Paragraph, Table, html_blocks, notebook_blocks
from selfeval.office.form_xlsx import FIRST_ROW
from selfeval.presentation import charts, narrate, prose_html, tables
from selfeval.presentation.form import form_grid, number_format_for
from selfeval.presentation.prose_html import esc

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(scope="module")
def ev():
    return open_year(ROOT / "data", 2021)


@pytest.fixture(scope="module")
def ev2023():
    return open_year(FIXTURES / "other", 2023)


# --------------------------------------------------------------------------- the layout model


def grid_html(grid) -> str:
    """The book's form markup written from the grid (what the jinja2 template will do)."""

    def cell(c) -> str:
        attrs = (
            (f' rowspan="{c.rowspan}"' if c.rowspan > 1 else "") + (f' colspan="{c.colspan}"' if c.colspan > 1 else "") + (f' class="{c.css}"' if c.css else "")
        )
        inner = "<br>".join(esc(part) for part in c.text.split("\n")) + (f'<span class="grade">{esc(c.aside)}</span>' if c.aside else "")
        return f"<{c.tag}{attrs}>{inner}</{c.tag}>"

    def rows(rs) -> str:
        return "".join("<tr>" + "".join(cell(c) for c in r) + "</tr>" for r in rs)

    cols = "<colgroup>" + "".join(f'<col class="{k}">' for k in grid.columns) + "</colgroup>"
    out = f'<div class="form-head"><p class="form-year">{esc(grid.year_label)}</p><p class="form-unit">{esc(grid.unit_label)}</p></div>'
    for t in grid.tables:
        head = f"<thead>{rows(t.head)}</thead>" if t.head else ""
        out += f'<table class="selfeval-form {t.css}">{cols}{head}<tbody>{rows(t.body)}</tbody></table>'
    return out


@pytest.mark.parametrize("which", ["ev", "ev2023"])
def test_grid_is_the_books_form(which, request):
    """Every cell, text, span and class of the book's HTML form comes out of the grid."""
    e = request.getfixturevalue(which)
    assert grid_html(form_grid(e)) == tables.self_eval_form(e).replace(' rowspan="1"', "")  # the book spells out a span of 1


# (first row, first col, last row, last col) on the sheet grid, 0-based: the 2021 reference form
MERGES_2021 = [
    (0, 1, 0, 5),
    (0, 7, 0, 8),  # 项目名称 | 项目级次
    (1, 1, 1, 3),
    (1, 4, 1, 5),
    (1, 6, 1, 8),  # 主管部门 | 实施单位
    (2, 0, 6, 0),  # 项目资金（万元）: heading + 总额 + 3 sources
    (2, 1, 2, 3),
    (3, 1, 3, 3),
    (4, 1, 4, 3),
    (4, 6, 4, 8),
    (5, 1, 5, 3),
    (5, 6, 5, 8),
    (6, 1, 6, 3),
    (6, 6, 6, 8),
    (7, 0, 8, 0),
    (7, 1, 7, 4),
    (7, 5, 7, 8),
    (8, 1, 8, 4),
    (8, 5, 8, 8),  # 绩效目标情况（概述）
    (9, 0, 16, 0),  # 绩效指标: heading row + 7 indicators (the side column joined to its heading)
    (10, 1, 13, 1),
    (10, 2, 13, 2),
    (14, 1, 16, 1),
    (14, 2, 16, 2),  # 产出指标/产出数量 ×4, 效益指标/社会效益 ×3
    (17, 1, 17, 8),
    (18, 1, 18, 8),
    (19, 1, 19, 8),  # 存在问题, 改进措施, 总分
]


def test_grid_merges_and_figures_2021(ev):
    grid = form_grid(ev)
    assert grid.merges() == MERGES_2021
    assert grid.year_label == "（2021年度）" and grid.unit_label == "单位：万元"
    at = {(p.row, p.col): p.cell for p in grid.sheet_cells()}
    assert at[(0, 1)].text == "2021年12345政府服务热线人工坐席服务外包项目工作经费" and at[(0, 7)].text == "一级 ☐ 二级 ☑"
    assert at[(9, 0)].text == "绩效指标" and at[(9, 0)].rowspan == 8
    budget = at[(3, 4)]
    assert (budget.text, budget.figure, budget.number_format, budget.stored) == ("13,410.06", D("13410.06"), "#,##0.00", D("13410.06"))
    rate = at[(3, 7)]
    assert (rate.text, rate.figure, rate.number_format, rate.stored) == ("100.00%", D("100.00"), "0.00%", D("1"))
    assert (at[(3, 6)].text, at[(3, 6)].number_format) == ("10", "0") and at[(3, 8)].text == "10.00"
    assert [(at[(5, 4)].text, at[(5, 4)].figure)] == [("0.00", D("0.00"))]
    rows = {at[(r, 3)].text: r for r in range(10, 17)}
    assert list(rows) == [
        "话务平台可用率",
        "对群众办理结果不满意的回访率",
        "工单转派及时率",
        "月度话务接通率",
        "群众咨询事项一次性解答率",
        "话务服务市民满意度",
        "领导接电交办重点事项完成率",
    ]
    answer = rows["月度话务接通率"]
    assert [at[(answer, c)].text for c in range(4, 8)] == ["≥95%", "94.07%", "12", "11.70"]
    assert at[(answer, 4)].figure is None  # the target is text (an operator and a unit)
    assert at[(answer, 5)].stored == D("0.9407") and at[(answer, 5)].number_format == "0.00%"
    platform = rows["话务平台可用率"]
    assert (at[(platform, 5)].text, at[(platform, 5)].stored) == ("99.99%", D("0.9999"))  # floor: never 100.00%
    assert at[(answer, 8)].text.startswith("按月度话务接通率每下降1%（不足1%按1%计算）扣0.3分计算") and at[(answer, 8)].kind == "text"
    total = at[(19, 1)]
    assert (total.text, total.figure, total.aside) == ("99.70", D("99.70"), "自评等级：优")
    assert [at[(r, 7)].figure for r in range(10, 17)] == [D(x) for x in ("13.00", "13.00", "12.00", "11.70", "15.00", "10.00", "15.00")]


def test_grid_non_hotline(ev2023):
    """Amounts in 元 shown in 元 (the data's unit), a value in 天, a count in 场, a qualitative indicator as text."""
    at = {p.cell.text: p.cell for p in form_grid(ev2023).sheet_cells()}
    assert at["500,000.00"].figure == D("500000.00") and at["487,500.00"].number_format == "#,##0.00"
    assert at["项目资金\n（元）"].kind == "label" and form_grid(ev2023).unit_label == "单位：元"
    assert at["97.50%"].stored == D("0.975")
    assert at["2.5天"].figure == D("2.5") and at["2.5天"].number_format == '0.0"天"'
    assert at["26场"].figure == D("26") and at["26场"].number_format == '0"场"'
    assert at["基本及时"].figure is None and at["基本及时"].kind == "figure"
    assert at["92.75"].aside == "自评等级：优"


@pytest.mark.parametrize(
    "figure, text, fmt",
    [
        ("13410.06", "13,410.06", "#,##0.00"),
        ("0", "0.00", "0.00"),
        ("94.07", "94.07%", "0.00%"),
        ("95", "95%", "0%"),
        ("11.7", "11.70", "0.00"),
        ("2.5", "2.5天", '0.0"天"'),
        ("12120000", "12120000件", '0"件"'),
        ("99.997", "99.99%", None),  # floor-rounded text: a format would print 100.00%
        ("2.5", '2.5"天', None),  # a quote would break the format: stored as text
        ("1", "及时", None),
    ],
)
def test_number_format_prints_the_text(figure, text, fmt):
    assert number_format_for(D(figure), text) == fmt


# --------------------------------------------------------------------------- the form as .xlsx


def _ref(r: int, c: int) -> str:
    from openpyxl.utils import get_column_letter

    return f"{get_column_letter(c + 1)}{r + FIRST_ROW + 1}"


def test_form_xlsx(tmp_path, ev):
    target = write_form_xlsx(ev, tmp_path / "form.xlsx")
    wb = openpyxl.load_workbook(target)
    assert wb.sheetnames == ["自评表"]
    ws = wb["自评表"]
    assert (ws["A1"].value, ws["A2"].value, ws["A3"].value) == ("项目支出绩效自评表", "（2021年度）", "单位：万元")
    merged = {str(m) for m in ws.merged_cells.ranges}
    expected = {f"{_ref(r, c)}:{_ref(r2, c2)}" for r, c, r2, c2 in MERGES_2021} | {"A1:I1", "A2:I2", "A3:I3"}
    assert merged == expected
    assert "A13:A20" in merged and ws["A13"].value == "绩效指标"  # the side column is one cell with its heading
    # numbers stored as numbers, with the format that prints the book's text
    cells = {
        _ref(3, 4): (13410.06, "#,##0.00"),
        _ref(3, 6): (10, "0"),
        _ref(3, 7): (1, "0.00%"),
        _ref(3, 8): (10, "0.00"),
        _ref(5, 4): (0, "0.00"),
        _ref(13, 5): (0.9407, "0.00%"),
        _ref(13, 7): (11.7, "0.00"),
        _ref(10, 5): (0.9999, "0.00%"),
    }
    for ref, (value, fmt) in cells.items():
        assert isinstance(ws[ref].value, (int, float)) and ws[ref].value == pytest.approx(value, abs=0), ref
        assert ws[ref].number_format == fmt, ref
    assert ws[_ref(13, 4)].value == "≥95%" and ws[_ref(13, 3)].value == "月度话务接通率"
    total = ws[_ref(19, 1)]
    assert total.value == 99.7 and total.number_format == '0.00"　　自评等级：优"'
    assert ws[_ref(17, 1)].value == "月度话务接通率未达标"
    # print: A4 landscape on one page; borders; Chinese font
    assert ws.page_setup.orientation == "landscape" and int(ws.page_setup.paperSize) == 9
    with zipfile.ZipFile(target) as z:
        sheet = z.read("xl/worksheets/sheet1.xml").decode()
    assert '<pageSetUpPr fitToPage="1"/>' in sheet and "fitToWidth" not in sheet and "fitToHeight" not in sheet  # 1 × 1 pages (the defaults)
    assert ws[_ref(3, 4)].border.left.style == "thin" and ws[_ref(19, 1)].border.bottom.style == "thin"
    assert ws[_ref(0, 1)].font.name == "宋体" and ws["A1"].font.b
    assert ws.print_area == "'自评表'!$A$1:$I$23"


def test_form_xlsx_is_deterministic(tmp_path, ev):
    a = write_form_xlsx(ev, tmp_path / "a.xlsx").read_bytes()
    b = write_form_xlsx(ev, tmp_path / "b.xlsx").read_bytes()
    assert a == b
    with zipfile.ZipFile(tmp_path / "a.xlsx") as z:
        assert {i.date_time for i in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        assert '<dcterms:created xsi:type="dcterms:W3CDTF">2022-01-01T00:00:00Z' in z.read("docProps/core.xml").decode()


def test_form_xlsx_non_hotline(tmp_path, ev2023):
    ws = openpyxl.load_workbook(write_form_xlsx(ev2023, tmp_path / "f.xlsx"))["自评表"]
    values = {c.value: c.number_format for row in ws.iter_rows() for c in row if c.value is not None}
    assert values[2.5] == '0.0"天"' and values[26] == '0"场"' and values[0.975] == "0.00%"
    assert "基本及时" in values


# --------------------------------------------------------------------------- notebooks → blocks → .docx


def _notebook(path: Path, cells: list) -> Path:
    nb = nbformat.v4.new_notebook()
    nb.cells = cells
    nbformat.write(nb, path)
    return path


def _display(data: dict):
    cell = nbformat.v4.new_code_cell("show(...)")
    cell.outputs = [nbformat.v4.new_output("display_data", data=data)]
    return cell


@pytest.fixture(scope="module")
def small_book(tmp_path_factory, ev):
    """Executed-notebook look-alikes with the package's real outputs (prose, tables, a chart, the form)."""
    folder = tmp_path_factory.mktemp("nb")
    check = nbformat.v4.new_code_cell("figures()", metadata={"tags": ["remove-cell"]})
    check.outputs = [nbformat.v4.new_output("stream", name="stdout", text="total: 99.70\n")]
    first = _notebook(
        folder / "01.ipynb",
        [
            nbformat.v4.new_code_cell("year = 2021", metadata={"tags": ["parameters"]}),
            nbformat.v4.new_markdown_cell("# 一、基本情况"),
            nbformat.v4.new_markdown_cell("## （一）项目实施情况\n\n### 1.项目单位基本情况"),
            _display({"text/html": prose_html.paragraphs_html([narrate.prose(ev, "unit_overview"), "**重点** <b>不是标签</b>"])}),
            _display({"text/html": prose_html.ordered_html(narrate.prose(ev, "legal_basis"))}),
            _display({"text/html": tables.indicator_table(ev)}),
            _display(charts.bundle(charts.attainment_chart(ev), "attainment")[0]),
            check,
        ],
    )
    form = _notebook(folder / "04.ipynb", [nbformat.v4.new_markdown_cell("# 项目支出绩效自评表"), _display({"text/html": tables.self_eval_form(ev)})])
    return [first, form]


def test_blocks_from_notebooks(small_book):
    blocks = notebook_blocks(small_book[0])
    headings = [(b.level, b.text) for b in blocks if isinstance(b, Heading)]
    assert headings == [(1, "一、基本情况"), (2, "（一）项目实施情况"), (3, "1.项目单位基本情况")]
    paragraphs = [b for b in blocks if isinstance(b, Paragraph)]
    assert paragraphs[0].text.startswith("广州市政务服务数据管理局（下文简称“我局”）是2021年")
    assert any(r.bold and r.text == "重点" for r in paragraphs[1].runs) and "<b>不是标签</b>" in paragraphs[1].text
    assert paragraphs[2].text.startswith("(1) 中央、省、市有关财政资金管理")
    table = next(b for b in blocks if isinstance(b, Table))
    assert table.caption == "项目主要绩效指标数量一览表" and table.head_rows == 1 and len(table.rows) == 8
    assert [c.text for c in table.rows[2]][:3] == ["2", "月度话务接通率", "≥95%"]
    assert sum(isinstance(b, Chart) for b in blocks) == 1  # the SVG, not the script
    assert "total: 99.70" not in str(blocks)  # removed cells and streams are not printed
    assert notebook_blocks(small_book[1]) == [Heading(1, "项目支出绩效自评表"), FormBlock()]
    assert html_blocks('<table class="selfeval"><tr><td colspan="2">a<br>b</td></tr></table>')[0].rows[0][0].text == "a\nb"


def same(a, b) -> bool:
    """Two positions of a Word table in one (merged) cell."""
    return a._tc is b._tc


def _docx_parts(path: Path) -> dict[str, str]:
    with zipfile.ZipFile(path) as z:
        return {n: z.read(n).decode("utf-8", "replace") for n in z.namelist() if n.endswith(".xml") or n.endswith(".rels")}


def test_report_docx(tmp_path, ev, small_book):
    import docx
    from docx.shared import Cm

    target = write_report_docx(ev, small_book, tmp_path / "report.docx")
    d = docx.Document(str(target))
    styled = [(p.style.name, p.text) for p in d.paragraphs if p.style.name.startswith("Heading")]
    assert styled == [
        ("Heading 1", "一、基本情况"),
        ("Heading 2", "（一）项目实施情况"),
        ("Heading 3", "1.项目单位基本情况"),
        ("Heading 1", "项目支出绩效自评表"),
    ]
    texts = [p.text for p in d.paragraphs]
    assert texts[:2] == ["项目支出绩效自评报告", "广州市2021年"] and "（2021年度）" in texts
    assert any(t.startswith("广州市政务服务数据管理局（下文简称“我局”）") for t in texts)
    # tables: the cover's, the indicator table (heading row repeated), the form (merged as the book)
    indicator, form = d.tables[1], d.tables[2]
    assert [c.text for c in indicator.rows[2].cells][:3] == ["2", "月度话务接通率", "≥95%"]
    assert indicator.rows[0]._tr.trPr.find("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}tblHeader") is not None
    assert len(form.columns) == 9 and len(form.rows) == 20
    assert form.cell(0, 1).text == "2021年12345政府服务热线人工坐席服务外包项目工作经费" and same(form.cell(0, 1), form.cell(0, 5))
    assert form.cell(2, 0).text == "项目资金\n（万元）" and same(form.cell(2, 0), form.cell(6, 0))
    assert form.cell(9, 0).text == "绩效指标" and same(form.cell(9, 0), form.cell(16, 0))
    assert form.cell(10, 1).text == "产出指标" and same(form.cell(10, 1), form.cell(13, 1)) and form.cell(14, 1).text == "效益指标"
    answer = [form.cell(13, c).text for c in range(3, 8)]
    assert answer == ["月度话务接通率", "≥95%", "94.07%", "12", "11.70"]
    assert form.cell(3, 4).text == "13,410.06" and form.cell(3, 7).text == "100.00%"
    assert form.cell(19, 1).text == "99.70　　自评等级：优"
    # the form on a landscape A4 page; the other pages A4 portrait; pages numbered from the first chapter
    sections = d.sections
    cm = lambda length: round(length / Cm(1), 1)  # noqa: E731 (stored in twips)
    assert (cm(sections[-1].page_width), cm(sections[-1].page_height)) == (29.7, 21.0)
    assert (cm(sections[0].page_width), cm(sections[1].page_height)) == (21.0, 29.7)
    parts = _docx_parts(target)
    footers = [v for k, v in parts.items() if k.startswith("word/footer")]
    assert footers and all('w:instr=" PAGE "' in f for f in footers)
    assert parts["word/document.xml"].count('w:start="1"') == 1  # numbering restarts once, at the first chapter
    # fonts named for WPS and Word: east-Asian font on every style used, no theme font left
    styles = parts["word/styles.xml"]
    assert 'w:eastAsia="仿宋"' in styles and 'w:eastAsia="黑体"' in styles and 'w:eastAsia="楷体"' in styles and 'w:eastAsia="宋体"' in styles
    assert "asciiTheme" not in styles and "eastAsiaTheme" not in styles
    assert 'w:eastAsia="zh-CN"' in styles and "ja-JP" not in styles and "ja-JP" not in parts["word/settings.xml"]
    # the chart as a PNG at print resolution
    images = [s for s in d.inline_shapes]
    assert len(images) == 1
    blip = d.part.related_parts[images[0]._inline.graphic.graphicData.pic.blipFill.blip.embed]
    import io

    from PIL import Image

    png = Image.open(io.BytesIO(blip.blob))
    inches = images[0].width / 914400
    assert png.format == "PNG" and round(png.width / inches) in range(295, 306)
    # properties: fixed, from the data
    assert d.core_properties.title == "广州市2021年12345政府服务热线人工坐席服务外包项目绩效自评报告"
    assert d.core_properties.created.year == 2022 and d.core_properties.modified == d.core_properties.created


def test_report_docx_is_deterministic(tmp_path, ev, small_book):
    a = write_report_docx(ev, small_book, tmp_path / "a.docx").read_bytes()
    b = write_report_docx(ev, small_book, tmp_path / "b.docx").read_bytes()
    assert a == b
    with zipfile.ZipFile(tmp_path / "a.docx") as z:
        assert {i.date_time for i in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}


def test_report_docx_cover_date(tmp_path, ev, small_book):
    import datetime as dt

    import docx

    d = docx.Document(str(write_report_docx(ev, small_book, tmp_path / "r.docx", cover_date=dt.date(2022, 3, 5))))
    assert "2022年3月5日" in [p.text for p in d.paragraphs]


@pytest.mark.book
def test_report_docx_from_the_real_notebooks(tmp_path, ev):
    """End to end: the 2021 chapters executed with papermill as the build does, then the .docx."""
    import docx
    import papermill as pm

    from selfeval.bookbuild.plan import chapters_for, read_plan

    executed = []
    for ch in chapters_for(ev, read_plan(ROOT)):
        out = tmp_path / ch.notebook.name
        pm.execute_notebook(
            str(ch.notebook),
            str(out),
            parameters={"year": 2021, "data_dir": str(ROOT / "data")},
            cwd=str(ROOT / "notebooks"),
            progress_bar=False,
            kernel_name="python3",
        )
        executed.append(out)
    d = docx.Document(str(write_report_docx(ev, executed, tmp_path / "report.docx")))
    h1 = [p.text for p in d.paragraphs if p.style.name == "Heading 1"]
    assert h1 == [
        "一、基本情况",
        "二、综合评价分析",
        "三、存在的主要问题",
        "四、下一步改进措施",
        "项目支出绩效自评表",
        "附录一　服务量增长分析",
        "附录二　接通率月度分析、坐席容量测算与服务量预测",
    ]
    h2 = [p.text for p in d.paragraphs if p.style.name == "Heading 2"]
    assert h2[:4] == ["（一）项目实施情况", "（二）财政支出情况", "（三）项目管理情况", "（四）项目绩效管理情况"]
    assert len(d.inline_shapes) >= 5
    assert any("“12345政府服务热线人工坐席服务外包项目”2021年度预算资金为13,410.06万元" in p.text for p in d.paragraphs)
    assert any(t.cell(13, 5).text == "94.07%" for t in d.tables if len(t.columns) == 9)
