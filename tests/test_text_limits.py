"""Digits and texts the office files can hold (issue 27): one rule on every input path.

* Digits: full-width ０-９ and ． (typed in Chinese input mode) are read as the number they show, on
  the YAML, CSV and workbook paths alike; other scripts' digits are refused naming the field (those
  cases are in the catalogues of tests/test_bad_inputs.py and tests/test_workbook.py).
* Text: a Unicode noncharacter (U+FFFE, U+FFFF, …) is refused when the year is loaded, in every
  text and label field; no text, and no cell of the 自评表 that joins several, is longer than an
  .xlsx cell (32,767 characters) — refused before any notebook runs, never cut when written.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D
from pathlib import Path

import openpyxl
import pytest
from pydantic import TypeAdapter, ValidationError

from selfeval.api import open_year
from selfeval.contract.fieldtypes import MAX_TEXT, Date, Int, Label, Number, Text
from selfeval.contract.load import load_year
from selfeval.contract.workbook_layout import WORKBOOK_NAME
from selfeval.errors import BuildError, DataError
from selfeval.evaluation.evaluate import evaluate
from selfeval.office.form_xlsx import write_form_xlsx
from test_bad_inputs import FUNDING, sub, write
from test_workbook import find_row, workbook_year

ROOT = Path(__file__).resolve().parents[1]


# --------------------------------------------------------------------------- digits


@pytest.mark.parametrize(
    "kind, typed, read",
    [
        (Int, "１０９７５１３８", 10975138),
        (Number, "１３４１０．０６", D("13410.06")),
        (Number, "９5.５", D("95.5")),
        (Date, "２０２１-０１-０１", dt.date(2021, 1, 1)),
    ],
)
def test_full_width_digits_are_read_as_the_number_they_show(kind, typed, read):
    assert TypeAdapter(kind).validate_python(typed) == read


@pytest.mark.parametrize("typed", ["١٣٤١٠.٠٦", "۱۲", "१२", "１2٣", "²"])
def test_other_scripts_digits_are_refused_in_every_number_type(typed):
    for kind in (Int, Number, Date):
        with pytest.raises(ValidationError, match="其他文字的数字"):
            TypeAdapter(kind).validate_python(typed)


def test_full_width_digits_in_yaml_and_csv(year_copy):
    year = year_copy()
    sub("budget.yaml", "weight: 10 ", "weight: １０ ")(year)
    sub("project.yaml", "end: 2021-12-31}", "end: '２０２１-１２-３１'}")(year)
    write("funding.csv", FUNDING.replace("municipal,13410.06,13410.06", "municipal,１３４１０．０６,１３４１０．０６"))(year)
    ev = evaluate(load_year(year))
    assert ev.budget.weight == D("10") and ev.budget.budget == D("13410.06") and ev.data.contract.year_period.end == dt.date(2021, 12, 31)
    assert ev.total == D("99.70")


def _set_cells(folder: Path, values: dict[tuple[str, str], object]) -> None:
    path = folder / WORKBOOK_NAME
    wb = openpyxl.load_workbook(path)
    for (sheet, ref), value in values.items():
        ws = wb[sheet]
        wb[sheet][ref if ref[0].isalpha() and ref[1:].isdigit() else f"B{find_row(ws, ref)}"] = value
    wb.save(path)


def test_full_width_digits_in_the_workbook(tmp_path):
    folder = workbook_year(tmp_path)
    _set_cells(folder, {("项目资金", "B2"): "１３４１０．０６", ("项目信息", "本年度实施止"): "２０２１年１２月３１日"})
    ev = evaluate(load_year(folder))
    assert ev.budget.budget == D("13410.06") and ev.data.contract.year_period.end == dt.date(2021, 12, 31)


# --------------------------------------------------------------------------- what XML and a cell can hold


@pytest.mark.parametrize("char", ["\ufffe", "\uffff", "\ufdd0", "\U0001fffe", "\U0010ffff"])
def test_noncharacters_are_refused_in_text_and_labels(char):
    for kind in (Text, Label):
        with pytest.raises(ValidationError, match=f"Unicode 非字符 U\\+{ord(char):04X}"):
            TypeAdapter(kind).validate_python(f"话务{char}接通率")


def test_texts_hold_at_most_what_a_cell_holds():
    assert TypeAdapter(Text).validate_python("长" * MAX_TEXT) == "长" * MAX_TEXT
    for kind in (Text, Label):
        with pytest.raises(ValidationError, match="有 32,768 个字符，超过 32,767"):
            TypeAdapter(kind).validate_python("长" * (MAX_TEXT + 1))


def test_a_form_cell_joining_texts_longer_than_a_cell_is_refused_before_any_notebook(year_copy):
    """偏差原因 and 改进措施 of 20,000 characters each are one 自评表 cell of 40,000+: refused when the
    year is opened (what the build does before notebooks run), naming the fields; no file is written."""
    year = year_copy()
    sub("indicators.yaml", "    deviation_reason: >-\n      受新冠疫情", "    deviation_reason: >-\n      " + "因" * 20_000 + "受新冠疫情")(year)
    sub("indicators.yaml", "    improvement: >-\n      一是督促", "    improvement: >-\n      " + "措" * 20_000 + "一是督促")(year)
    with pytest.raises(DataError) as err:
        open_year(year.parent, 2021)
    e = err.value
    assert e.file.endswith("2021/indicators.yaml") and e.field == "偏差原因和改进措施（answer_rate.deviation_reason + improvement）", str(e)
    assert "写入自评表的这一格共" in e.problem and "超过 32,767" in e.problem and "\n" not in str(e)


def test_the_xlsx_writer_never_cuts_a_cell(ev2021, tmp_path, monkeypatch):
    """Had an over-long cell reached the writer, xlsxwriter would have cut it to 32,767 characters
    silently (it did, for a 40,800-character 偏差原因): the writer stops instead."""
    from selfeval.presentation import narrate

    monkeypatch.setattr(narrate, "problems_cell", lambda ev: "问" * (MAX_TEXT + 10))
    with pytest.raises(BuildError, match=r"超过 \.xlsx 单元格的上限 32,767"):
        write_form_xlsx(ev2021, tmp_path / "form.xlsx")
