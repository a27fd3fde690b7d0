"""The 自评表's layout model, the form as .xlsx and the report as .docx: read back and checked.

The grid is checked against the book's HTML form (same cells, same merges) and the 2021
reference form; the files are read back with openpyxl / python-docx and their figures, merged
ranges, headings, fonts, page setup and determinism asserted.
"""

from __future__ import annotations

import json
import re
import shutil
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
from selfeval.presentation.score_summary import score_rows

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def copy_year(root: Path, year: int, data: Path) -> Path:
    """A copy of a fixture year to change."""
    shutil.copytree(root / str(year), data / str(year))
    return data / str(year)


@pytest.fixture(scope="module")
def ev():
    return open_year(ROOT / "data", 2021)


@pytest.fixture(scope="module")
def ev2023():
    return open_year(FIXTURES / "other", 2023)


# --------------------------------------------------------------------------- the layout model


def html_form(markup: str) -> dict:
    """The book's HTML form read back as data: heading labels, per table its class, column classes
    and, for the <thead> and the <tbody>, every row's cells (tag, text with <br> as a line break,
    spans, class), and the sign-off row's items (label, value, whether it is left blank)."""
    from lxml import html as lxml_html

    root = lxml_html.fragment_fromstring(markup, create_parent="div")

    def text(el) -> str:
        parts = [el.text or ""]
        for child in el:
            parts.append("\n" if child.tag == "br" else child.text_content())
            parts.append(child.tail or "")
        return "".join(parts)

    def row(tr) -> tuple:
        return tuple(
            (
                td.tag,
                text(td),
                int(td.get("rowspan", 1)),
                int(td.get("colspan", 1)),
                td.get("class", ""),
            )
            for td in tr.findall("./*")
        )

    return {
        "head": [p.text_content() for p in root.findall("./div[@class='form-head']/p")],
        "tables": [
            {
                "class": t.get("class"),
                "columns": [c.get("class") for c in t.findall("./colgroup/col")],
                "head": [row(tr) for tr in t.findall("./thead/tr")],
                "body": [row(tr) for tr in t.findall("./tbody/tr")],
            }
            for t in root.findall("./table")
        ],
        "sign_off": [
            (item.text.removesuffix("："), item.find("span").text_content(), "blank" not in item.find("span").get("class", ""))
            for item in root.findall("./p[@class='form-sign']/span[@class='sign-item']")
        ],
    }


def grid_form(grid) -> dict:
    """The same, from the layout model: what the book's form must show."""

    def row(cells) -> tuple:
        return tuple((c.tag, c.text, c.rowspan, c.colspan, c.css) for c in cells)

    return {
        "head": [grid.year_label, grid.unit_label],
        "tables": [
            {"class": f"selfeval-form {t.css}", "columns": list(grid.columns), "head": [row(r) for r in t.head], "body": [row(r) for r in t.body]}
            for t in grid.tables
        ],
        "sign_off": [(i.label, i.text, bool(i.value)) for i in grid.sign_off],
    }


@pytest.mark.parametrize("which", ["ev", "ev2023"])
def test_grid_is_the_books_form(which, request):
    """Every cell, text, span and class of the book's HTML form comes out of the grid (read back from the HTML)."""
    e = request.getfixturevalue(which)
    grid = form_grid(e)
    shown = html_form(tables.self_eval_form(e))
    assert shown == grid_form(grid)
    cells = [c for t in shown["tables"] for r in (*t["head"], *t["body"]) for c in r]
    assert len(shown["tables"]) == len(grid.tables) >= 2 and len(cells) == sum(len(r) for r in grid.rows()) > 40
    assert any(c[2] > 1 for c in cells) and any(c[3] > 1 for c in cells) and any("\n" in c[1] for c in cells)  # spans and line breaks are read
    assert len(shown["sign_off"]) == len(grid.sign_off) > 0


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
    (18, 1, 18, 8),  # 存在问题, 改进措施
    (19, 0, 19, 5),  # 总分 over six columns, then the total weight, the total score and the grade in their own cells
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
    assert at[(19, 0)].text == "总分"
    weights, total, grade = at[(19, 6)], at[(19, 7)], at[(19, 8)]
    assert (weights.text, weights.figure, weights.role) == ("100", D("100"), "total_weight")
    assert (total.text, total.figure, total.number_format, total.role) == ("99.70", D("99.70"), "0.00", "total")
    assert (grade.text, grade.figure, grade.role) == ("自评等级：优", None, "grade")
    assert [at[(r, 7)].figure for r in range(10, 17)] == [D(x) for x in ("13.00", "13.00", "12.00", "11.70", "15.00", "10.00", "15.00")]
    # what a spreadsheet sums: every score and weight with its item (the budget's line and each indicator)
    assert [(at[(r, 7)].role, at[(r, 7)].key) for r in (10, 13)] == [("score", "platform_availability"), ("score", "answer_rate")]
    assert (at[(3, 8)].role, at[(3, 8)].key, at[(3, 6)].role) == ("score", "预算完成率", "weight")
    # the sign-off row: 2021's data gives none of it, so every entry is a line to fill in by hand
    assert grid.sign_off_text() == "填报人：____________　　联系电话：____________　　填报日期：____年__月__日　　单位（盖章）：____________"


def test_grid_non_hotline(ev2023):
    """Amounts in 元 shown in 元 (the data's unit), a value in 天, a count in 场, a qualitative indicator as text."""
    at = {p.cell.text: p.cell for p in form_grid(ev2023).sheet_cells()}
    assert at["500,000.00"].figure == D("500000.00") and at["487,500.00"].number_format == "#,##0.00"  # every amount as #,##0.00
    assert at["项目资金\n（元）"].kind == "label" and form_grid(ev2023).unit_label == "单位：元"
    assert at["97.50%"].stored == D("0.975")
    assert at["2.5天"].figure == D("2.5") and at["2.5天"].number_format == '0.0"天"'
    assert at["26场"].figure == D("26") and at["26场"].number_format == '0"场"'
    assert at["基本及时"].figure is None and at["基本及时"].kind == "figure"
    assert at["92.75"].role == "total" and at["自评等级：优"].role == "grade"
    # the sign-off row from project.yaml sign_off; 填报日期 from report_date; no unit given: a line for the seal
    assert [(i.label, i.text) for i in form_grid(ev2023).sign_off] == [
        ("填报人", "李明"),
        ("联系电话", "020-12345678"),
        ("填报日期", "2024年3月15日"),
        ("单位（盖章）", "____________"),
    ]


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
    assert wb.sheetnames == ["自评表", "绩效自评得分"]
    ws = wb["自评表"]
    assert (ws["A1"].value, ws["A2"].value, ws["A3"].value) == ("项目支出绩效自评表", "（2021年度）", "单位：万元")
    merged = {str(m) for m in ws.merged_cells.ranges}
    expected = {f"{_ref(r, c)}:{_ref(r2, c2)}" for r, c, r2, c2 in MERGES_2021} | {"A1:I1", "A2:I2", "A3:I3", "A24:I24"}
    assert merged == expected
    assert "A13:A20" in merged and ws["A13"].value == "绩效指标"  # the side column is one cell with its heading
    # numbers stored as numbers, with the format that prints the book's text: money and scores with
    # 2 decimals, a value with its indicator's decimals, a weight as printed
    cells = {
        _ref(3, 4): (13410.06, "#,##0.00"),
        _ref(3, 6): (10, "0"),
        _ref(3, 7): (1, "0.00%"),
        _ref(3, 8): (10, "0.00"),
        _ref(5, 4): (0, "#,##0.00"),
        _ref(13, 5): (0.9407, "0.00%"),
        _ref(13, 7): (11.7, "0.00"),
        _ref(10, 5): (0.9999, "0.00%"),
    }
    for ref, (value, fmt) in cells.items():
        assert isinstance(ws[ref].value, (int, float)) and ws[ref].value == pytest.approx(value, abs=0), ref
        assert ws[ref].number_format == fmt, ref
    assert ws[_ref(13, 4)].value == "≥95%" and ws[_ref(13, 3)].value == "月度话务接通率"
    # 总分, its 分值 and the grade are formulas over the item cells (the budget's line in row 7, the indicators in rows 14–20)
    assert ws[_ref(19, 0)].value == "总分"
    assert ws[_ref(19, 6)].value == "=SUM(G7,G14:G20)"
    assert ws[_ref(19, 7)].value == "=ROUND(SUM(I7,H14:H20),2)" and ws[_ref(19, 7)].number_format == "0.00"
    assert ws[_ref(19, 8)].value == '="自评等级："&IF(H23>=90,"优",IF(H23>=80,"良",IF(H23>=60,"中","差")))'
    assert ws[_ref(17, 1)].value == "月度话务接通率未达标"
    assert ws["A24"].value == "填报人：____________　　　联系电话：____________　　　填报日期：____年__月__日　　　单位（盖章）：____________"
    # print: A4 landscape on one page; borders; Chinese font
    assert ws.page_setup.orientation == "landscape" and int(ws.page_setup.paperSize) == 9
    with zipfile.ZipFile(target) as z:
        sheet = z.read("xl/worksheets/sheet1.xml").decode()
    assert '<pageSetUpPr fitToPage="1"/>' in sheet and "fitToWidth" not in sheet and "fitToHeight" not in sheet  # 1 × 1 pages (the defaults)
    assert ws[_ref(3, 4)].border.left.style == "thin" and ws[_ref(19, 1)].border.bottom.style == "thin"
    assert ws[_ref(0, 1)].font.name == "宋体" and ws["A1"].font.b
    assert ws.print_area == "'自评表'!$A$1:$I$24"
    # 绩效自评得分: the items from the 自评表, 小计 and 总分 as sums, in bold
    scores = wb["绩效自评得分"]
    table = [[c.value for c in row] for row in scores.iter_rows(min_row=2)]
    assert table[0] == ["类别", "指标", "实际完成值", "分值", "得分"]
    assert table[1] == ["预算执行", "预算完成率", "='自评表'!H7", "='自评表'!G7", "='自评表'!I7"]
    assert table[5] == [None, "月度话务接通率", "='自评表'!F17", "='自评表'!G17", "='自评表'!H17"]
    assert table[6] == [None, "小计", "", "=SUM(D4:D7)", "=ROUND(SUM(E4:E7),2)"]
    assert table[10] == [None, "小计", "", "=SUM(D9:D11)", "=ROUND(SUM(E9:E11),2)"]
    assert table[11] == ["总分", None, "", "=SUM(D3,D8,D12)", "=ROUND(SUM(E3,E8,E12),2)"]
    assert table[12][0] == "自评等级" and table[12][4] == '=IF(E13>=90,"优",IF(E13>=80,"良",IF(E13>=60,"中","差")))'
    assert {str(m) for m in scores.merged_cells.ranges} == {"A1:E1", "A4:A8", "A9:A12", "A13:B13", "A14:B14"}
    assert scores["E8"].font.b and scores["E13"].font.b and not scores["E7"].font.b


def _formula_cells(path: Path) -> list[tuple[str, str]]:
    """(sheet, cell) of every formula in the workbook."""
    wb = openpyxl.load_workbook(path)
    return [(ws.title, c.coordinate) for ws in wb for row in ws.iter_rows() for c in row if c.data_type == "f"]


def _evaluator(path: Path):
    """A formula evaluator over the workbook (pycel) with every formula evaluated once, as a spreadsheet
    does on opening: pycel recalculates after ``set_value`` only what it has evaluated before."""
    from pycel import ExcelCompiler

    xl = ExcelCompiler(filename=str(path))
    for sheet, cell in _formula_cells(path):
        xl.evaluate(f"'{sheet}'!{cell}")
    return xl


@pytest.mark.parametrize("which", ["ev", "ev2023"])
def test_form_xlsx_gives_the_books_figures_when_recalculated(tmp_path, which, request):
    """Every formula, evaluated (pycel, as a spreadsheet does on opening), gives the figure the book
    prints and the value stored with it for viewers that do not recalculate."""
    e = request.getfixturevalue(which)
    target = write_form_xlsx(e, tmp_path / "f.xlsx")
    xl = _evaluator(target)
    cached = openpyxl.load_workbook(target, data_only=True)
    cells = _formula_cells(target)
    for sheet, cell in cells:
        value, stored = xl.evaluate(f"'{sheet}'!{cell}"), cached[sheet][cell].value
        assert value == pytest.approx(stored) if isinstance(stored, float) else value == stored, (sheet, cell, value, stored)
    assert len(cells) > 10
    total_at = _ref(len(form_grid(e).rows()) - 1, 7)
    assert xl.evaluate(f"'自评表'!{total_at}") == pytest.approx(float(e.total))
    assert xl.evaluate(f"'绩效自评得分'!E{len(score_rows(e)) + 2}") == e.grade  # the grade row, last (title and heading rows above)


def test_form_xlsx_recalculates_after_a_score_is_corrected(tmp_path, ev):
    """A filer corrects a score on the 自评表: 总分, the 小计 and the grade follow."""
    xl = _evaluator(write_form_xlsx(ev, tmp_path / "f.xlsx"))
    assert xl.evaluate("'自评表'!H23") == 99.7 and xl.evaluate("'自评表'!I23") == "自评等级：优"
    xl.set_value("'自评表'!H17", 0.7)  # 月度话务接通率: 11.70 → 0.70
    assert xl.evaluate("'自评表'!H23") == pytest.approx(88.7)
    assert xl.evaluate("'自评表'!I23") == "自评等级：良"
    assert xl.evaluate("'绩效自评得分'!E8") == pytest.approx(38.7)  # 产出指标 小计
    assert xl.evaluate("'绩效自评得分'!E13") == pytest.approx(88.7) and xl.evaluate("'绩效自评得分'!E14") == "良"
    xl.set_value("'自评表'!I7", 0)  # the budget's score
    assert xl.evaluate("'自评表'!H23") == pytest.approx(78.7) and xl.evaluate("'自评表'!I23") == "自评等级：中"
    # exactly at a threshold: sums of 2-decimal scores are rounded, so 89.99… never falls below 90
    xl.set_value("'自评表'!I7", 0.3)
    xl.set_value("'自评表'!H17", 11.7)
    assert xl.evaluate("'自评表'!H23") == 90 and xl.evaluate("'自评表'!I23") == "自评等级：优"


_SAFE_FORMULA = re.compile(r"""^=(?:'(?:自评表|绩效自评得分)'!|[A-Z]{1,2}\d+|[(),:&.<>=]|\d+|SUM|ROUND|IF|"(?:自评等级：|优|良|中|差)")+$""")


def test_form_xlsx_never_turns_data_into_a_formula(tmp_path):
    """Data is untrusted text: names that look like formulas are written as text, and every formula
    of the workbook is built from cell references, numbers and the grade words only."""
    hostile = ["=1+1", '=HYPERLINK("http://example.com","x")', "+SUM(A1:A9)", "@cmd", "-2+3", "=IF(1,2,3)"]
    year = copy_year(FIXTURES / "other", 2023, tmp_path / "data")
    project = year / "project.yaml"
    text = project.read_text(encoding="utf-8")
    text = text.replace("name: 社区公益讲座项目", f"name: '{hostile[0]}'").replace("department: 某市文化广电旅游局", f"department: '{hostile[1]}'")
    text = text.replace("implementer: 某市图书馆", f"implementer: '{hostile[2]}'").replace("preparer: 李明", f"preparer: '{hostile[3]}'")
    project.write_text(text, encoding="utf-8")
    indicators = year / "indicators.yaml"
    indicators.write_text(indicators.read_text(encoding="utf-8").replace("name: 举办讲座场次", f"name: '{hostile[4]}'"), encoding="utf-8")
    e = open_year(tmp_path / "data", 2023)
    wb = openpyxl.load_workbook(write_form_xlsx(e, tmp_path / "f.xlsx"))
    cells = [c for ws in wb for row in ws.iter_rows() for c in row if c.value is not None]
    formulas = [c.value for c in cells if c.data_type == "f"]
    assert formulas and all(_SAFE_FORMULA.match(f) for f in formulas), [f for f in formulas if not _SAFE_FORMULA.match(f)]
    texts = "\n".join(c.value for c in cells if c.data_type == "s")
    for h in hostile[:5]:
        assert h in texts  # printed as the data says, as text
    assert not any(h in f for f in formulas for h in hostile[:5])
    with zipfile.ZipFile(tmp_path / "f.xlsx") as z:
        xml = "".join(z.read(n).decode() for n in z.namelist() if n.startswith("xl/worksheets/"))
    assert xml.count("<f>") == len(formulas)  # no formula besides those


def test_form_xlsx_number_formats(ev, ev2023, tmp_path):
    """Money and scores with 2 decimals, a value with its indicator's own decimals, on every row."""
    for e in (ev, ev2023):
        grid = form_grid(e)
        money_cells = [p.cell for p in grid.sheet_cells() if p.col in (4, 5) and p.row in range(3, 3 + 1 + len(e.budget.lines))]
        assert money_cells and {c.number_format for c in money_cells} == {"#,##0.00"}
        scores = [c for c in grid.cells() if c.role in ("score", "total")]
        assert {c.number_format for c in scores} == {"0.00"}
        values = {c.key: c.number_format for c in grid.cells() if c.role == "value" and c.key != "预算完成率" and c.number_format}
        for it in e.items:
            if it.indicator.id in values:
                fmt = values[it.indicator.id]
                decimals = len(fmt.split(".")[1].rstrip('%"场天件次页')) if "." in fmt.split('"')[0] else 0
                places = 0 if it.indicator.formula == "count" else it.indicator.decimals
                assert decimals <= places, (it.indicator.id, fmt)


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


W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _spacers_after_tables(d) -> list[int]:
    """Tables of the body followed by a paragraph with no text, no picture and no section break."""
    body = d.element.body
    out = []
    for n, tbl in enumerate(body.iterchildren(f"{W}tbl")):
        nxt = tbl.getnext()
        if nxt is None or nxt.tag != f"{W}p":
            continue
        if not "".join(nxt.itertext()).strip() and next(nxt.iter(f"{W}drawing"), None) is None and nxt.find(f"{W}pPr/{W}sectPr") is None:
            out.append(n)
    return out


def test_report_docx(tmp_path, ev, small_book):
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
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
    body = next(p for p in d.paragraphs if p.text.startswith("广州市政务服务数据管理局（下文简称“我局”）"))
    assert body.style.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY and body.alignment is None  # 两端对齐, from Normal
    # tables: the cover's, the indicator table (heading row repeated), the form (merged as the book)
    cover, indicator, form = d.tables[0], d.tables[1], d.tables[2]
    cover_rows = [[c.text for c in row.cells] for row in cover.rows]
    assert ["自评总分：", "99.70分（优）"] in cover_rows and ["编制单位：", "广州市政务服务数据管理局"] in cover_rows
    assert ["编制日期：", "____年__月__日"] in cover_rows  # 2021's data gives no report date: a line to fill in, not the build date
    assert [c.text for c in indicator.rows[2].cells][:3] == ["2", "月度话务接通率", "≥95%"]
    assert indicator.rows[0]._tr.trPr.find(f"{W}tblHeader") is not None
    assert indicator.cell(2, 2).paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.RIGHT  # a figure column
    assert indicator.cell(2, 4).text == "否" and indicator.cell(2, 4).paragraphs[0].runs[0].bold  # 否 stands out
    assert len(form.columns) == 9 and len(form.rows) == 20
    assert form.cell(0, 1).text == "2021年12345政府服务热线人工坐席服务外包项目工作经费" and same(form.cell(0, 1), form.cell(0, 5))
    assert form.cell(2, 0).text == "项目资金\n（万元）" and same(form.cell(2, 0), form.cell(6, 0))
    assert form.cell(9, 0).text == "绩效指标" and same(form.cell(9, 0), form.cell(16, 0))
    assert form.cell(10, 1).text == "产出指标" and same(form.cell(10, 1), form.cell(13, 1)) and form.cell(14, 1).text == "效益指标"
    answer = [form.cell(13, c).text for c in range(3, 8)]
    assert answer == ["月度话务接通率", "≥95%", "94.07%", "12", "11.70"]
    assert form.cell(3, 4).text == "13,410.06" and form.cell(3, 7).text == "100.00%"
    assert [form.cell(19, c).text for c in (0, 6, 7, 8)] == ["总分", "100", "99.70", "自评等级：优"] and same(form.cell(19, 0), form.cell(19, 5))
    sign = texts[texts.index("（2021年度）", 5) + 2 :]  # after the form's year and unit lines … the sign-off line follows the form
    assert any(t.startswith("填报人：____________") and "单位（盖章）：____________" in t for t in sign)
    # no empty spacer paragraph after a table: what follows holds text or a chart, or carries a section break
    assert not _spacers_after_tables(d)
    # sections: cover, 目录, the chapters (portrait), the form (landscape); pages numbered from the first chapter
    sections = d.sections
    cm = lambda length: round(length / Cm(1), 1)  # noqa: E731 (stored in twips)
    assert len(sections) == 4
    assert [(cm(s.page_width), cm(s.page_height)) for s in sections] == [(21.0, 29.7), (21.0, 29.7), (21.0, 29.7), (29.7, 21.0)]
    parts = _docx_parts(target)
    document = parts["word/document.xml"]
    assert document.count('w:start="1"') == 1 and document.count("<w:pgNumType") == 2  # restarts once, at the first chapter
    assert [s.header.is_linked_to_previous for s in sections] == [True, True, False, False]  # cover and 目录: no header, no footer
    assert [s.footer.is_linked_to_previous for s in sections] == [True, True, False, False]
    assert sections[2].header.paragraphs[0].text == "广州市2021年12345政府服务热线人工坐席服务外包项目绩效自评报告"  # the running title
    assert sections[3].header.paragraphs[0].text == ""  # none over the landscape form, as in the PDF
    # …and that empty header fits inside the form page's top margin, so it takes no room from the form
    empty = sections[3].header.paragraphs[0].paragraph_format
    assert sections[3].header_distance + empty.line_spacing <= sections[3].top_margin
    footers = [v for k, v in parts.items() if k.startswith("word/footer")]
    assert len(footers) == 2 and all('w:instr=" PAGE "' in f for f in footers)
    # 目录: a TOC field over headings 1–2, updated by Word and WPS on opening, listing the headings until then
    assert 'TOC \\o "1-2" \\h \\z \\u' in document and 'w:fldCharType="begin" w:dirty="true"' in document
    assert '<w:updateFields w:val="true"/>' in parts["word/settings.xml"]
    toc = [(p.style.name, p.text) for p in d.paragraphs if p.style.name.startswith("toc")]
    assert toc == [("toc 1", "一、基本情况"), ("toc 2", "（一）项目实施情况"), ("toc 1", "项目支出绩效自评表")]
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
    # no blank preview picture; properties fixed, from the data
    with zipfile.ZipFile(target) as z:
        assert not [n for n in z.namelist() if "thumbnail" in n] and "thumbnail" not in z.read("_rels/.rels").decode()
    assert d.core_properties.title == "广州市2021年12345政府服务热线人工坐席服务外包项目绩效自评报告"
    assert d.core_properties.created.year == 2022 and d.core_properties.modified == d.core_properties.created


def test_report_docx_is_deterministic(tmp_path, ev, small_book):
    a = write_report_docx(ev, small_book, tmp_path / "a.docx").read_bytes()
    b = write_report_docx(ev, small_book, tmp_path / "b.docx").read_bytes()
    assert a == b
    with zipfile.ZipFile(tmp_path / "a.docx") as z:
        assert {i.date_time for i in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}


def test_report_docx_cover_and_sign_off_from_the_data(tmp_path, ev2023):
    """编制单位 and 编制日期 on the cover and the sign-off row under the form, from project.yaml."""
    import docx

    form = _notebook(tmp_path / "04.ipynb", [nbformat.v4.new_markdown_cell("# 项目支出绩效自评表"), _display({"text/html": tables.self_eval_form(ev2023)})])
    d = docx.Document(str(write_report_docx(ev2023, [form], tmp_path / "r.docx")))
    cover = [[c.text for c in row.cells] for row in d.tables[0].rows]
    assert ["编制单位：", "某市图书馆"] in cover and ["编制日期：", "2024年3月15日"] in cover
    texts = [p.text for p in d.paragraphs]
    assert "填报人：李明　　　　联系电话：020-12345678　　　　填报日期：2024年3月15日　　　　单位（盖章）：____________" in texts


@pytest.mark.book
def test_report_docx_from_the_real_notebooks(book2021):
    """End to end: the .docx that `selfeval build` published for 2021, written from the chapters it executed."""
    import docx

    manifest = json.loads((book2021.folder / "manifest.json").read_text(encoding="utf-8"))
    d = docx.Document(str(book2021.folder / manifest["docx"]))
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
    assert not _spacers_after_tables(d)
    toc = [p.text for p in d.paragraphs if p.style.name == "toc 1"]
    assert toc == h1  # the 目录 lists the chapters (until Word or WPS fills in its page numbers)


def test_the_word_forms_figures_keep_to_one_line(ev, ev2023, tmp_path):
    """100.00% broke after its digits in the 1.6 cm 预算完成率 column and 500,000.00 after 500,000.0 in
    年度预算数 (LibreOffice, 8 points). A column widens to its longest figure, the last column gives it up."""
    from selfeval.office.report_docx import FORM_WIDTHS, form_widths

    hotline, other = form_widths(form_grid(ev)), form_widths(form_grid(ev2023))
    # 13,410.06: 7 digits × 0.6 em + 2 × 0.3 em = 4.8 em at 8 pt (1.35 cm) + 0.6 cm; 100.00%: 4.3 em (1.21 cm) + 0.6
    assert hotline == [2.0, 1.6, 1.6, 3.5, 1.95, 2.2, 1.7, 1.81, pytest.approx(10.54)]
    assert other[4] == 2.12 and other[7] == 1.64  # 500,000.00: 5.4 em; 97.50%
    assert sum(hotline) == pytest.approx(sum(FORM_WIDTHS)) == sum(other)
    shutil.copytree(FIXTURES / "other" / "2023", tmp_path / "2023")
    funding = tmp_path / "2023" / "funding.csv"
    funding.write_text(funding.read_text(encoding="utf-8").replace("500000.00", "50000000.00").replace("487500.00", "48750000.00"), encoding="utf-8")
    big = open_year(tmp_path, 2023)
    wide = form_widths(form_grid(big))  # 50,000,000.00 元: 6.9 em (1.95 cm) + 0.6
    assert wide[4] == 2.55 and wide[5] == 2.55 and wide[8] == pytest.approx(sum(FORM_WIDTHS) - sum(wide[:8]))
    # the .xlsx: a number wider than its column shows as #####; 13 characters need 15 units, 10 were given
    from selfeval.office.form_xlsx import COLUMN_WIDTHS, column_widths

    assert column_widths(form_grid(ev2023))[4] == 12.0 > COLUMN_WIDTHS[4]  # 500,000.00: 10 characters and 2
    write_form_xlsx(big, tmp_path / "big.xlsx")
    sheet = openpyxl.load_workbook(tmp_path / "big.xlsx")["自评表"]
    e = sheet.column_dimensions["E"]  # E and F, 年度预算数 and 预算完成数, one range of the same width
    assert e.width == pytest.approx(15.0 + 0.71, abs=0.01) and (e.min, e.max) == (5, 6)  # (xlsxwriter adds the padding Excel does)
    assert sheet.column_dimensions["I"].width < COLUMN_WIDTHS[8] + 0.72


def test_a_date_from_last_year_is_a_warning(tmp_path):
    """编制日期 and 填报日期 are printed for signing: one before the year has ended was copied forward."""
    year = copy_year(FIXTURES / "other", 2023, tmp_path / "data")
    project = year / "project.yaml"
    text = project.read_text(encoding="utf-8").replace("report_date: 2024-03-15", "report_date: 2023-03-15")
    project.write_text(text.replace('phone: "020-12345678"', 'phone: "020-12345678"\n  date: 2024-03-20'), encoding="utf-8")
    warnings = open_year(tmp_path / "data", 2023).warnings
    assert [w.split("：", 2)[1] for w in warnings] == ["编制日期（project.report_date）"]  # 填报日期 2024-03-20 is after the year: fine
    assert "日期2023-03-15早于本年度项目实施时段的结束日2023-12-31" in warnings[0] and "请改为本报告实际的编制（填报）日期" in warnings[0]
    assert open_year(FIXTURES / "other", 2023).warnings == []
