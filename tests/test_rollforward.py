"""selfeval template --year 2022 --from 2021: what rolls forward is rolled, the year's own figures are
left empty beside last year's values (a reference the reader skips), and after the analyst fills
only those cells the year loads; `check` then asks about every figure still equal to last year's."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import openpyxl
import pytest

from selfeval.cli import main as cli
from selfeval.contract.load import load_year
from selfeval.contract.rollforward import YEAR_FIGURES, same_as_last_year
from selfeval.contract.workbook_layout import REFERENCE_SUFFIX, WORKBOOK_NAME
from selfeval.contract.workbook_template import FILL_COLOUR, REVIEW_COLOUR
from selfeval.errors import DataError

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def rolled(tmp_path, capsys):
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data" / "2021", data / "2021")
    assert cli(["template", "--year", "2022", "--from", "2021", "--data", str(data)]) == 0
    printed = capsys.readouterr().out
    return data, data / "2022" / WORKBOOK_NAME, printed


def _fill(cell) -> str:
    return (cell.fill.fgColor.rgb or "")[-6:] if cell.fill and cell.fill.fill_type else ""


def _marked(ws, colour: str) -> list:
    return [c for row in ws.iter_rows() for c in row if _fill(c) == colour.lstrip("#")]


def test_the_period_and_the_year_in_texts_roll_forward(rolled):
    _, book, printed = rolled
    assert "黄色单元格（" in printed and "须填写2022年度的数值" in printed
    wb = openpyxl.load_workbook(book)
    items = {ws_row[0].value: ws_row[1].value for ws_row in wb["项目信息"].iter_rows(min_row=2) if ws_row[0].value}
    assert items["年度"] == 2022
    assert items["本年度实施起"].date() == dt.date(2022, 1, 1) and items["本年度实施止"].date() == dt.date(2022, 12, 31)
    assert items["合同期限起"].date() == dt.date(2020, 1, 1)  # the whole contract's period does not move
    assert items["自评表项目名称"] == "2022年12345政府服务热线人工坐席服务外包项目工作经费"  # no placeholders here: the year itself
    prose = {r[0].value: r[1].value for r in wb["文字材料"].iter_rows(min_row=2) if r[0].value}
    assert "《{{fiscal_year}}年广州12345政府服务热线服务外包项目实施方案》" in prose["项目管理情况"]
    assert any("（穗府办函〔2021〕59号）" in str(v) for v in prose.values())  # a document number is not a year to roll
    assert "2019年7月" in prose["项目实施背景"]


def test_figures_are_empty_and_marked_with_last_years_value_beside(rolled):
    data, book, _ = rolled
    wb = openpyxl.load_workbook(book)
    ws = wb["绩效指标"]
    head = [c.value for c in ws[1]]
    numerator = head.index("分子数值") + 1
    assert head[numerator] == "分子数值" + REFERENCE_SUFFIX  # the reference sits right of the cell to fill
    answer = next(r for r in range(2, ws.max_row + 1) if ws.cell(r, head.index("指标编号") + 1).value == "answer_rate")
    assert ws.cell(answer, numerator).value is None and _fill(ws.cell(answer, numerator)) == FILL_COLOUR.lstrip("#")
    assert ws.cell(answer, numerator + 1).value == 10975138
    assert ws.cell(answer, head.index("目标值") + 1).value == 95  # targets are the contract's: kept
    funding = wb["项目资金"]
    assert [c.value for c in funding[2]][:5] == ["财政拨款（本级支出）", None, 13410.06, None, 13410.06]  # 本级: the level comes from the project
    ops = {r[0].value: r for r in wb["运营情况"].iter_rows(min_row=2) if r[0].value}
    assert ops["年度服务量"][1].value is None and "2021年度：28717436" in ops["年度服务量"][2].value
    assert ops["上年末坐席规模"][1].value == 567 and ops["上年末专线数"][1].value == 91  # last year's year-end figures
    assert len(_marked(ws, REVIEW_COLOUR)) >= 1  # 偏差原因 of answer_rate: a text to review
    with pytest.raises(DataError) as err:  # nothing filled yet: the first empty figure is named
        load_year(data / "2022")
    assert err.value.file.endswith(WORKBOOK_NAME) and err.value.field.startswith("项目资金!B")


def _fill_from_reference(book: Path, change: dict[str, int]) -> tuple[int, int]:
    """What the analyst does: type the year's figures into the yellow cells (here last year's, from
    the reference beside them or in the 说明 column; ``change`` gives other values by indicator id).
    Returns the cells filled and how many of them got 0."""
    wb = openpyxl.load_workbook(book)
    filled = zeros = 0
    for ws in wb.worksheets:
        head = [c.value for c in ws[1]]
        for row in ws.iter_rows(min_row=2):
            for c, cell in enumerate(row):
                if _fill(cell) != FILL_COLOUR.lstrip("#"):
                    continue
                if ws.title in ("项目信息", "预算", "运营情况", "文字材料", "测算假设"):
                    note = row[-1].value
                    old = note.split("年度：", 1)[1].split("】", 1)[0]
                    cell.value = int(old) if old.isdigit() else float(old)
                else:
                    assert head[c + 1] == f"{head[c]}{REFERENCE_SUFFIX}"
                    cell.value = row[c + 1].value
                    ident = row[head.index("指标编号")].value if "指标编号" in head else None
                    if (ident, head[c]) in change:
                        cell.value = change[(ident, head[c])]
                filled += 1
                zeros += cell.value in (0, "0")
    wb.save(book)
    return filled, zeros


def test_filled_with_the_years_figures_it_loads_and_check_asks_about_repeats(rolled, capsys):
    data, book, _ = rolled
    filled, zeros = _fill_from_reference(book, {("answer_rate", "分子数值"): 11000000})
    year = load_year(data / "2022")
    assert year.year == 2022 and year.contract.year_period.start == dt.date(2022, 1, 1)
    assert next(i for i in year.indicators if i.id == "answer_rate").numerator.value == 11000000
    questions = same_as_last_year(data, year)
    assert zeros > 0  # (2021 has 0 for 上级转移支付 and 其他资金: a 0 again is not asked about)
    assert len(questions) == filled - 1 - zeros  # every figure copied unchanged, not the one changed, not a 0
    assert all("与2021年度相同" in q and "是否确为2022年度的数值" in q for q in questions)
    assert any("绩效指标!" in q and "分母数值（denominator.value，id answer_rate）" in q and "（11666777）" in q for q in questions)
    assert not any("分子数值（numerator.value，id answer_rate）" in q for q in questions)
    assert cli(["check", "--year", "2022", "--data", str(data)]) == 0  # a question, not an error
    out = capsys.readouterr().out
    assert out.count("请确认：") == len(questions)
    assert set(YEAR_FIGURES) >= {"funding.csv", "indicators.yaml", "operations.yaml"}
