"""The workbook 自评数据.xlsx: template, exact reading, round trip, and the bad-input catalogue.

Every case copies a template written from a year's data into tmp_path, breaks one thing with
openpyxl (as an analyst would in Excel), and checks the ONE-line message: it names the
workbook, the sheet and cell, what is wrong and the fix. Nothing under data/ is touched.
"""

from __future__ import annotations

import datetime as dt
import shutil
import zipfile
from collections.abc import Callable
from decimal import Decimal as D
from pathlib import Path
from typing import NamedTuple

import openpyxl
import pytest
from openpyxl.utils import get_column_letter

from selfeval.cli import main as cli
from selfeval.contract.load import load_year, validate_year
from selfeval.contract.workbook import cell_decimal, is_percent_format, read_workbook
from selfeval.contract.workbook_layout import INDICATORS, PROJECT, SHEETS, WORKBOOK_NAME
from selfeval.contract.workbook_template import write_template
from selfeval.errors import FIX_MARK, DataError
from selfeval.evaluation.evaluate import evaluate
from selfeval.presentation.narrate import check_all_prose
from test_bad_inputs import ENGLISH

ROOT = Path(__file__).resolve().parents[1]
DATA2021 = ROOT / "data" / "2021"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
# data/2021 and every fixture year (tests/fixtures/<set>/<year>/)
YEARS = [DATA2021, *sorted(p for p in FIXTURES.glob("*/*") if p.is_dir() and p.name.isdigit() and len(p.name) == 4)]


# --------------------------------------------------------------------------- positions in the template


def col(sheet, label: str) -> str:
    """Column letter of a table sheet's heading, as the template writes it (layout order)."""
    return get_column_letter([f.label for f in sheet.fields].index(label) + 1)


def ind(label: str, n: int) -> str:
    """Cell of indicator n (0-based, file order) in column ``label`` of 绩效指标."""
    return f"{col(INDICATORS, label)}{n + 2}"


def item_row(label: str) -> int:
    """Row of a 项目信息 item (the sheet has no lists, so rows follow the layout)."""
    return [f.label for f in PROJECT.fields].index(label) + 2


def find_row(ws, label: str) -> int:
    return next(c.row for c in ws["A"] if c.value == label)


LAST = get_column_letter(len(INDICATORS.fields))


# --------------------------------------------------------------------------- mutations


Mutate = Callable[[Path], None]


def book(fn: Callable[[openpyxl.Workbook], None]) -> Mutate:
    """A change made in the workbook (loaded and saved with openpyxl, as a user's edit)."""

    def mutate(folder: Path) -> None:
        path = folder / WORKBOOK_NAME
        wb = openpyxl.load_workbook(path)
        fn(wb)
        wb.save(path)

    return mutate


def cell(sheet: str, ref: str, value, fmt: str | None = None) -> Mutate:
    def fn(wb):
        c = wb[sheet][ref]
        c.value = value
        if fmt:
            c.number_format = fmt

    return book(fn)


def item(sheet: str, label: str, value, column: str = "B", fmt: str | None = None) -> Mutate:
    def fn(wb):
        ws = wb[sheet]
        c = ws[f"{column}{find_row(ws, label)}"]
        c.value = value
        if fmt:
            c.number_format = fmt

    return book(fn)


def _rename(wb):
    wb["绩效指标"].title = "绩效指标表"


def _delete_column(wb):
    wb["绩效指标"].delete_cols(INDICATORS.fields.index(INDICATORS.field_for("分值")) + 1)


def _insert_empty_row(wb):
    wb["绩效指标"].insert_rows(4)


def _hide_row(wb):
    wb["绩效指标"].row_dimensions[5].hidden = True


def _clear_prose(wb):
    for row in wb["文字材料"].iter_rows(min_row=2, min_col=2, max_col=2):
        row[0].value = None


def _write_file(name: str, content: bytes) -> Mutate:
    return lambda folder: (folder / name).write_bytes(content)


def _both(fn1: Mutate, fn2: Mutate) -> Mutate:
    def mutate(folder: Path) -> None:
        fn1(folder)
        fn2(folder)

    return mutate


# ---- unbounded workbooks (issue 27): written into the zip's XML directly, as no spreadsheet program would


def _rewrite_part(part: Callable[[zipfile.ZipFile], str], write: Callable[[Callable[[bytes], object], bytes], None]) -> Mutate:
    """Copy the workbook's zip with one part (chosen by ``part``) streamed anew by ``write(out, old)``."""

    def mutate(folder: Path) -> None:
        path = folder / WORKBOOK_NAME
        tmp = path.with_name("rewrite.tmp")
        with zipfile.ZipFile(path) as zin, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as zout:
            name = part(zin)
            for info in zin.infolist():
                if info.filename == name:
                    with zout.open(name, "w", force_zip64=True) as f:
                        write(f.write, zin.read(name))
                else:
                    zout.writestr(info, zin.read(info.filename))
        tmp.replace(path)

    return mutate


def sheet_part(title: str) -> Callable[[zipfile.ZipFile], str]:
    """The zip entry of a sheet, by its title (through workbook.xml and its relations)."""
    import posixpath
    import xml.etree.ElementTree as ET

    rel = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"

    def find(z: zipfile.ZipFile) -> str:
        rid = next(e.get(rel) for e in ET.fromstring(z.read("xl/workbook.xml")).iter() if e.tag.endswith("}sheet") and e.get("name") == title)
        target = next(e.get("Target") for e in ET.fromstring(z.read("xl/_rels/workbook.xml.rels")) if e.get("Id") == rid)
        return target.lstrip("/") if target.startswith("/") else posixpath.join("xl", target)

    return find


def _huge_shared_string(out, old: bytes) -> None:
    """单位自称 (我局 in the 2021 template) as a 100-million-character shared string: 300 MB of XML, 0.3 MB zipped."""
    head, tail = old.split("<t>我局</t>".encode(), 1)
    out(head + b"<t>")
    chunk = "我".encode() * (1 << 20)
    for _ in range(100_000_000 >> 20):
        out(chunk)
    out("我".encode() * (100_000_000 % (1 << 20)) + b"</t>" + tail)


def _million_rows(out, old: bytes) -> None:
    """分月话务 with 1,048,576 rows (positions left out, as the format allows): 27 MB of XML, 0.1 MB zipped."""
    text = old.decode()
    out(text[: text.index("<sheetData")].encode() + b"<sheetData>")
    for _ in range(1_048_576 // 4096):
        out(b"<row><c><v>1</v></c></row>" * 4096)
    out(b"</sheetData>" + text[text.index("</sheetData>") + len("</sheetData>") :].encode())


def _merge_to_the_last_cell(out, old: bytes) -> None:
    text = old.decode()
    at = text.index("</sheetData>") + len("</sheetData>")
    out((text[:at] + '<mergeCells count="1"><mergeCell ref="A40:XFD1048576"/></mergeCells>' + text[at:]).encode())


def _long_inline_string(out, old: bytes) -> None:
    text = old.decode()
    at = text.index("</sheetData>")
    row = f'<row r="40"><c r="B40" t="inlineStr"><is><r><t>{"长" * 20_000}</t></r><r><t>{"长" * 20_000}</t></r></is></c></row>'
    out((text[:at] + row + text[at:]).encode())


def _entity_expansion(out, old: bytes) -> None:
    """A DOCTYPE with nested entities ("billion laughs"): no part of a saved workbook has one."""
    lol = '<!DOCTYPE lolz [<!ENTITY a "lol">' + "".join(f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(8)) + "]>"
    text = old.decode()
    at = text.index("?>") + 2 if text.startswith("<?xml") else 0
    out((text[:at] + lol + text[at:]).encode())


def _corner_value(wb):
    wb["项目资金"]["XFD1048576"] = 1


class Case(NamedTuple):
    mutate: Mutate
    expected: list[str]
    file: str = WORKBOOK_NAME  # what the message's file must end with
    base: Path = DATA2021  # the year the template is filled from


def case(id: str, mutate: Mutate, expected: list[str], **kw) -> pytest.param:
    return pytest.param(Case(mutate, expected, **kw), id=id)


T, G, IDC = item_row("本年度实施起"), item_row("合同签订时间"), item_row("主管部门")
WORKBOOK_CASES = [
    # ---- sheets
    case(
        "unknown-sheet-name",
        book(_rename),
        ["工作表“绩效指标表”", "不是已知的工作表", "是否应为“绩效指标”？改名为 项目信息、项目资金、预算、绩效指标、文字材料、运营"],
    ),
    case("missing-sheet", book(lambda wb: wb.remove(wb["项目资金"])), ["工作表“项目资金”", "缺少该工作表"]),
    case("hidden-sheet", book(lambda wb: setattr(wb["预算"], "sheet_state", "hidden")), ["工作表“预算”", "被隐藏", "取消隐藏（右键 → 取消隐藏）并核对"]),
    case("required-sheet-empty", book(_clear_prose), ["工作表“文字材料”", "为空"]),
    case("table-without-rows", book(lambda wb: wb["项目资金"].delete_rows(2, 3)), ["工作表“项目资金”", "没有数据行"]),
    # ---- headings and layout
    case("missing-column", book(_delete_column), ["绩效指标!1:1", "缺少列“分值”"]),
    case(
        "unknown-column",
        cell("绩效指标", f"{col(INDICATORS, '分子数值')}1", "分子数"),
        [f"绩效指标!{col(INDICATORS, '分子数值')}1", "“分子数”不是已知的列", "是否应为“分子数值”？使用模板的列标题"],
    ),
    case("column-twice", cell("绩效指标", f"{LAST}1", "分值"), [f"绩效指标!{LAST}1"]),
    case("record-heading-changed", cell("预算", "A1", "名称"), ["预算!A1"]),
    case(
        "value-right-of-the-note-column",
        cell("项目信息", f"D{item_row('主管部门')}", "广州市政务服务数据管理局"),
        [f"项目信息!D{item_row('主管部门')}", "项目信息!D8"],
    ),
    case("value-in-column-without-heading", cell("项目资金", "F2", 5), ["项目资金!F2"]),
    case(
        "merged-cells-in-data", book(lambda wb: wb["绩效指标"].merge_cells("C2:C5")), ["绩效指标!C2:C5", "是合并的单元格", "取消合并单元格，每个单元格填一个值"]
    ),
    case(
        "empty-row-in-the-middle",
        book(_insert_empty_row),
        ["绩效指标!A4", "第4行为空，但其下的第5行有数据", "删除空行（右键 → 删除），或填写它；空行之后不能再有数据"],
    ),
    case("hidden-row-with-data", book(_hide_row), ["绩效指标!A5", "第5行被隐藏，但有数据"]),
    case(
        "unknown-item",
        cell("项目信息", f"A{item_row('项目名称')}", "项目名"),
        [f"项目信息!A{item_row('项目名称')}", "“项目名”不是项目信息的已知项目", "是否应为“项目名称”？使用模板中的项目名称"],
    ),
    case(
        "item-twice",
        cell("项目信息", f"A{item_row('实施单位')}", "主管部门"),
        [f"项目信息!A{item_row('实施单位')}", "项目“主管部门”出现了两次（第8行和第9行）"],
    ),
    case(
        "value-without-item-name",
        cell("项目信息", f"B{len(PROJECT.fields) + 2}", "额外内容"),
        [f"项目信息!B{len(PROJECT.fields) + 2}", "有值，但A列没有项目名称"],
    ),
    # ---- cell contents
    case("formula-cell", cell("项目资金", "B2", "=13000+410.06"), ["项目资金!B2", "是公式（=13000+410.06），不是输入的值", "选择性粘贴"]),
    case("error-value", cell("绩效指标", ind("分子数值", 1), "#DIV/0!"), [f"绩效指标!{ind('分子数值', 1)}", "绩效指标!G3"]),
    case("boolean-cell", cell("项目资金", "C2", True), ["项目资金!C2", "是逻辑值 TRUE，不是数值"]),
    case(
        "control-character-in-text",
        item("文字材料", "项目实施背景", "2019年7月，_x000B_我局向市财政局提交"),
        ["文字材料!B3", "第9个字符是不可见的控制字符（U+000B）"],
    ),
    case("arabic-indic-digits-in-text", cell("项目资金", "B2", "١٣٤١٠.٠٦"), ["项目资金!B2", "第 1 个字符是其他文字的数字 U+0661", "0-9"]),
    case(
        "thousands-separator-in-text",
        cell("项目资金", "B2", "13,410.06"),
        ["项目资金!B2", "“13,410.06”不是数字", "只填数字，如 95 或 13410.06（不带千分位和单位）"],
    ),
    case("count-with-decimals", cell("绩效指标", ind("分子数值", 1), 10975138.5), [f"绩效指标!{ind('分子数值', 1)}", "10975138.5不是整数"]),
    case(
        "count-with-decimals-as-text",
        cell("绩效指标", ind("分子数值", 1), "10975138.5"),
        [f"绩效指标!{ind('分子数值', 1)}", "“10975138.5”不是整数"],
    ),
    case(
        "percentage-in-plain-column",
        cell("绩效指标", ind("分值", 1), 0.12, "0%"),
        [f"绩效指标!{ind('分值', 1)}", "设成了百分比格式（12%），但分值不是百分比"],
    ),
    case(
        "percentage-target-with-other-unit",
        _both(cell("绩效指标", ind("目标单位", 5), "项"), cell("绩效指标", ind("目标值", 5), 0.8, "0%")),
        [f"绩效指标!{ind('目标值', 5)}", "设成了百分比格式，但本行的目标单位是“项”"],
    ),
    case(
        "not-a-choice",
        cell("绩效指标", ind("计算公式", 0), "比例"),
        [f"绩效指标!{ind('计算公式', 0)}", "“比例”不是计算公式的可选值", "比率 ratio"],
    ),
    case("impossible-text-date", cell("项目信息", f"B{T}", "2021-02-30"), [f"项目信息!B{T}", "“2021-02-30”不是有效日期（该月没有这一天）"]),
    case("unreadable-text-date", cell("项目信息", f"B{T}", "2021年一月一日"), [f"项目信息!B{T}", "“2021年一月一日”不是日期"]),
    case("number-in-date-cell", cell("项目信息", f"B{T}", 44197, "General"), [f"项目信息!B{T}", "是数字44197，不是日期"]),
    case(
        "date-with-time",
        cell("项目信息", f"B{T}", dt.datetime(2021, 1, 1, 9, 30), "yyyy-mm-dd hh:mm"),
        [f"项目信息!B{T}", "是日期和时间（2021-01-01 09:30:00）"],
    ),
    case(
        "text-item-turned-into-date",
        cell("项目信息", f"B{G}", dt.datetime(2020, 12, 1), 'yyyy"年"m"月"'),
        [f"项目信息!B{G}", "被转换成了日期（2020-12-01），但合同签订时间是文字", "文本"],
    ),
    # ---- validation, through the same code as YAML/CSV, naming the cell
    case("required-value-empty", cell("项目信息", f"B{IDC}", None), [f"项目信息!B{IDC}", "缺少该项"]),
    case(
        "numerator-above-denominator",
        cell("绩效指标", ind("分子数值", 1), 11666778),
        [f"绩效指标!A3:{LAST}3", "分子数值（numerator.value）11666778 大于分母数值"],
    ),
    case(
        "weights-not-100",
        cell("绩效指标", ind("分值", 2), 14),
        [f"绩效指标!{col(INDICATORS, '分值')}2:{col(INDICATORS, '分值')}8", "各指标分值91 + 预算完成率分值10 = 101，不等于分值合计100"],
    ),
    case("year-period-outside-year", cell("项目信息", f"B{T}", dt.datetime(2020, 12, 31)), [f"项目信息!B{T}", "2020-12-31至2021-12-31不在2021财政年度内"]),
    case("negative-amount", cell("项目资金", "B3", -5), ["项目资金!B3", "应 ≥ 0（填的是-5）"]),
    case(
        "monthly-sum-differs",
        cell("分月话务", "B2", 1073344),
        ["分月话务!B2:B13", "12个月合计11,666,778"],
        base=FIXTURES / "years" / "2021",
    ),
    case("unknown-placeholder", item("文字材料", "项目单位基本情况", "{{nope}}"), ["文字材料!B2", "占位符 {{nope}} 在本年度没有值"]),
    case("review-years-differ", cell("复核记录", "A3", 2020), ["复核记录!A3"]),
    case(
        "review-year-out-of-range",
        book(lambda wb: [setattr(c[0], "value", 1999) for c in wb["复核记录"].iter_rows(min_row=2)]),
        ["复核记录!A2", "应 ≥ 2000（填的是1999）"],
    ),
    # ---- bounds (issue 27): checked on the streaming XML, each ends within seconds naming the sheet
    case(
        "text-of-100-million-characters",
        _rewrite_part(lambda z: "xl/sharedStrings.xml", _huge_shared_string),
        [f"项目信息!B{item_row('单位自称')}", "文字超过 32,767 个字符"],
    ),
    case("million-rows", _rewrite_part(sheet_part("分月话务"), _million_rows), ["工作表“分月话务”", "有超过 2,000 行"]),
    case("value-in-the-last-cell", book(_corner_value), ["项目资金!XFD1048576", "超出了工作簿读取的范围"]),
    case("merged-range-to-the-last-cell", _rewrite_part(sheet_part("绩效指标"), _merge_to_the_last_cell), ["绩效指标!A40:XFD1048576", "合并单元格区域"]),
    case("inline-text-longer-than-a-cell", _rewrite_part(sheet_part("文字材料"), _long_inline_string), ["文字材料!B40", "文字超过 32,767 个字符"]),
    case("xml-entity-expansion", _rewrite_part(sheet_part("项目资金"), _entity_expansion), ["工作表“项目资金”", "DOCTYPE"]),
    # ---- the year folder
    case(
        "workbook-and-yaml-files",
        _write_file("project.yaml", (DATA2021 / "project.yaml").read_bytes()),
        ["同时有 自评数据.xlsx 和 project.yaml", "年度数据只保留一种来源：把 project.yaml 移出文件夹"],
        file="2021",
    ),
    case(
        "not-an-xlsx-file",
        _write_file(WORKBOOK_NAME, "年度,2021\n".encode()),
        ["无法作为 .xlsx 工作簿读取（不是 OOXML 格式的文件", "Excel 工作簿"],
    ),
    case(
        "workbook-misnamed",
        lambda f: (f / WORKBOOK_NAME).rename(f / "自评数据(1).xlsx"),
        ["不是已知的数据文件", "年度工作簿应命名为 自评数据.xlsx"],
        file="自评数据(1).xlsx",
    ),
]


_TEMPLATES: dict[Path, bytes] = {}


def template_bytes(base: Path) -> bytes:
    """The workbook filled from ``base`` (written once per base and test session)."""
    if base not in _TEMPLATES:
        import tempfile

        with tempfile.TemporaryDirectory() as tmp:
            target = Path(tmp) / WORKBOOK_NAME
            write_template(target, load_year(base).year, load_year(base))
            _TEMPLATES[base] = target.read_bytes()
    return _TEMPLATES[base]


def workbook_year(tmp: Path, base: Path = DATA2021) -> Path:
    """tmp/data/<year>/自评数据.xlsx filled from ``base``; returns the year folder."""
    folder = tmp / "data" / base.name
    folder.mkdir(parents=True)
    (folder / WORKBOOK_NAME).write_bytes(template_bytes(base))
    return folder


def open_checked(folder: Path):
    """What a build does before any notebook runs: load, validate, evaluate, fill every placeholder."""
    ev = evaluate(load_year(folder))
    check_all_prose(ev)
    return ev


def run_case(c: Case, tmp: Path) -> DataError:
    folder = workbook_year(tmp, c.base)
    c.mutate(folder)
    with pytest.raises(DataError) as err:
        open_checked(folder)
    return err.value


@pytest.mark.parametrize("c", WORKBOOK_CASES)
def test_bad_workbook(tmp_path, c: Case):
    err = run_case(c, tmp_path)
    msg = str(err)
    assert "\n" not in msg and "\r" not in msg, msg
    assert err.file.endswith(c.file), msg
    for fragment in c.expected:
        assert fragment in msg, f"{fragment!r} not in: {msg}"
    assert FIX_MARK in msg and msg.split(FIX_MARK, 1)[1].strip(), msg
    assert "另有" not in msg, msg
    assert not ENGLISH.search(msg.split(FIX_MARK)[0].split("：", 1)[-1]), f"English words in: {msg}"


@pytest.mark.parametrize("c", [p for p in WORKBOOK_CASES if p.id in ("text-of-100-million-characters", "million-rows", "value-in-the-last-cell")])
def test_unbounded_workbooks_end_within_seconds(tmp_path, c: Case):
    """Each took minutes (and gigabytes) in openpyxl; the bounds stop them in well under a second of CPU."""
    import time

    folder = workbook_year(tmp_path, c.base)
    c.mutate(folder)
    started = time.process_time()
    with pytest.raises(DataError):
        open_checked(folder)
    assert time.process_time() - started < 3.0


def test_catalogue_is_long_enough():
    assert len(WORKBOOK_CASES) >= 15


# --------------------------------------------------------------------------- exact figures


def test_shortest_repr_keeps_typed_decimals():
    assert cell_decimal(13410.06) == D("13410.06") and str(cell_decimal(13410.06)) == "13410.06"
    assert cell_decimal(0.1 + 0.2) == D("0.30000000000000004")  # a computed double is not rounded away
    assert cell_decimal(2949950) == D(2949950)
    assert is_percent_format("0.00%") and is_percent_format("0%") and not is_percent_format('0.00"%"') and not is_percent_format("General")


def test_base_workbook_is_valid(tmp_path):
    """The base every case breaks loads cleanly and scores as the report (else the cases prove nothing)."""
    ev = open_checked(workbook_year(tmp_path))
    assert ev.total == D("99.70") and ev.warnings == []
    assert ev.budget.budget == D("13410.06") and str(ev.budget.budget) == "13410.06"


def test_percent_typed_and_text_numbers_and_dates(tmp_path):
    """95% typed (stored 0.95, format 0%), a number stored as text and text dates read as documented."""
    folder = workbook_year(tmp_path)
    cell("绩效指标", ind("目标值", 1), 0.95, "0%")(folder)
    cell("绩效指标", ind("目标值", 3), 0.9999, "0.00%")(folder)
    cell("绩效指标", ind("档距", 1), 0.01, "0%")(folder)
    cell("项目资金", "B2", "13410.06")(folder)  # a number stored as text
    cell("绩效指标", ind("分母数值", 1), " 11666777 ")(folder)
    cell("项目信息", f"B{item_row('本年度实施起')}", "2021/1/1")(folder)
    cell("项目信息", f"B{item_row('本年度实施止')}", "2021年12月31日")(folder)
    data = load_year(folder)
    answer = data.indicators[1]
    assert answer.target.value == D("95") and answer.scoring.step == D("1")
    assert data.indicators[3].target.value == D("99.99")
    assert data.funding[0].budget == D("13410.06")
    assert answer.denominator.value == 11666777
    assert data.contract.year_period.start == dt.date(2021, 1, 1) and data.contract.year_period.end == dt.date(2021, 12, 31)
    assert evaluate(data).total == D("99.70")


def test_share_typed_as_percentage(tmp_path):
    """测算假设 holds shares: 9% typed is 0.09, and a plain 0.09 too."""
    folder = workbook_year(tmp_path, FIXTURES / "years" / "2021")
    item("测算假设", "忙时话务占比", 0.09, fmt="0%")(folder)
    item("测算假设", "占用率上限", "85%")(folder)
    data = load_year(folder)
    assert data.capacity["busy_hour_share"] == D("0.09") and data.assumptions.busy_hour_share == D("0.09")
    assert data.assumptions.occupancy_cap == D("0.85")


def test_escaped_carriage_return_is_a_line_break(tmp_path):
    """Text pasted from Word carries CR LF, which Excel stores as _x000D_ before the line feed."""
    folder = workbook_year(tmp_path)
    item("文字材料", "项目实施背景", "第一段。_x000D_\n_x000D_\n第二段，_x0041_ 照原样。")(folder)
    assert load_year(folder).prose.background == "第一段。\n\n第二段，_x0041_ 照原样。"


def test_text_like_an_escape_round_trips(tmp_path):
    base = tmp_path / "yaml" / "2021"
    shutil.copytree(DATA2021, base)
    path = base / "prose.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("problems: ", "problems: 编号_x0041_照录。"), encoding="utf-8")
    target = tmp_path / WORKBOOK_NAME
    write_template(target, 2021, load_year(base))
    assert validate_year(read_workbook(target), "2021", str(tmp_path)).prose.problems.startswith("编号_x0041_照录。")


def test_hundred_percent_reads_as_100(tmp_path):
    folder = workbook_year(tmp_path)
    cell("绩效指标", ind("目标值", 0), 1, "0%")(folder)
    target = load_year(folder).indicators[0].target.value
    assert target == 100 and str(target) == "100"


def test_capacity_sheet_round_trip(tmp_path):
    """测算假设 with every kind of item, an hourly profile as a list of rows, read back exactly."""
    base = tmp_path / "yaml" / "2021"
    shutil.copytree(FIXTURES / "years" / "2021", base)
    profile = ", ".join(str(x) for x in [1, 0.5, 0.5, 0.5, 0.5, 1, 2, 4, 6, 7, 7.5, 7, 6, 6.5, 7, 7, 6.5, 6, 5, 4, 3.5, 3, 2.5, 1.5])
    (base / "capacity.yaml").write_text(f"aht_seconds: 360\npatience_seconds: 90.5\nhourly_profile: [{profile}]\nshrinkage: 0.35\n", encoding="utf-8")
    original = load_year(base)
    target = tmp_path / WORKBOOK_NAME
    write_template(target, 2021, original)
    again = validate_year(read_workbook(target), "2021", str(tmp_path))
    assert again.capacity == original.capacity and again.assumptions == original.assumptions
    assert again.capacity["hourly_profile"][10] == D("7.5") and len(again.capacity["hourly_profile"]) == 24


def test_guide_sheet_may_be_hidden_or_deleted(tmp_path):
    folder = workbook_year(tmp_path)
    book(lambda wb: setattr(wb["填写说明"], "sheet_state", "hidden"))(folder)
    assert open_checked(folder).total == D("99.70")
    book(lambda wb: wb.remove(wb["填写说明"]))(folder)
    assert open_checked(folder).total == D("99.70")


def test_excel_lock_file_is_ignored(tmp_path):
    folder = workbook_year(tmp_path)
    (folder / f"~${WORKBOOK_NAME}").write_bytes(b"\0" * 165)  # Excel's lock file while the workbook is open
    assert open_checked(folder).total == D("99.70")


# --------------------------------------------------------------------------- round trip


def _figures(ev) -> list:
    """Every figure and verdict of an evaluation, in print form and exact."""
    out: list = [
        ev.total,
        ev.grade,
        ev.budget.rate,
        ev.budget.score,
        ev.budget.budget,
        ev.budget.executed,
        ev.budget.allocated,
        dict(ev.subtotals),
        ev.warnings,
    ]
    out += [(line.source, line.budget, line.executed) for line in ev.budget.lines]
    for it in ev.items:
        out.append((it.indicator.id, it.value.reported, it.value.reported_text, it.met, it.score.score))
    out.append(ev.derived)
    return out


@pytest.mark.parametrize("base", YEARS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_round_trip_gives_the_same_evaluation(tmp_path, base):
    """YAML/CSV year → template filled from it → read_workbook + validate_year: the same data and figures."""
    from selfeval.analyses.capacity import capacity_for_year
    from selfeval.analyses.monthly import monthly_rates
    from selfeval.presentation.form import form_grid

    original = load_year(base)
    target = tmp_path / WORKBOOK_NAME
    write_template(target, original.year, original)
    sources = read_workbook(target)
    assert set(sources) == {
        name
        for name in (
            "project.yaml",
            "funding.csv",
            "budget.yaml",
            "indicators.yaml",
            "prose.yaml",
            "operations.yaml",
            "monthly.csv",
            "capacity.yaml",
            "review.yaml",
        )
        if (base / name).exists()
    }
    assert all(src.file.endswith(WORKBOOK_NAME) for src in sources.values())
    again = validate_year(sources, base.name, str(tmp_path))
    assert again.model_dump(exclude={"folder"}) == original.model_dump(exclude={"folder"})
    ev1, ev2 = evaluate(original), evaluate(again)
    assert _figures(ev1) == _figures(ev2)
    assert form_grid(ev1).texts() == form_grid(ev2).texts()
    assert monthly_rates(original) == monthly_rates(again)
    r1, r2 = capacity_for_year(original), capacity_for_year(again)
    assert (r1 and r1.required_headcount) == (r2 and r2.required_headcount)


def test_where_names_cells(tmp_path):
    sources = read_workbook(workbook_year(tmp_path) / WORKBOOK_NAME)
    assert sources["indicators.yaml"].where(("indicators", 1, "target", "value")) == f"绩效指标!{ind('目标值', 1)}"
    assert sources["indicators.yaml"].where(("indicators", 1, "scoring")) == f"绩效指标!{ind('评分规则', 1)}"
    assert sources["indicators.yaml"].where(("weights_total",)).startswith("预算!B")
    assert sources["funding.csv"].where((2, "executed")) == "项目资金!C4"
    assert sources["project.yaml"].where(("contract", "year_period")) == f"项目信息!B{item_row('本年度实施起')}"
    assert sources["prose.yaml"].where(("legal_basis", 2)).startswith("文字材料!B")
    budget = sources["budget.yaml"]
    assert budget.where(("categories", 1, "amount")) == f"预算!C{int(budget.where(('categories', 1, 'name'))[4:])}"


# --------------------------------------------------------------------------- a workbook not written by openpyxl (as WPS/Excel save it)


@pytest.mark.parametrize("inline_strings", [False, True], ids=["shared-strings", "inline-strings"])
def test_workbook_written_by_another_writer(tmp_path, inline_strings):
    """Rewrite the 2021 workbook cell by cell with xlsxwriter, as another application would save it:
    shared strings (or inline strings), styles, real Excel dates, 95% as a percentage, a number as text."""
    import xlsxwriter

    src = openpyxl.load_workbook(workbook_year(tmp_path / "src") / WORKBOOK_NAME)
    folder = tmp_path / "data" / "2021"
    folder.mkdir(parents=True)
    out = xlsxwriter.Workbook(str(folder / WORKBOOK_NAME), {"constant_memory": inline_strings, "strings_to_numbers": False, "strings_to_formulas": False})
    percent = out.add_format({"num_format": "0.00%", "font_name": "宋体"})
    date = out.add_format({"num_format": "yyyy/m/d"})
    plain = out.add_format({"font_name": "微软雅黑", "bold": False})
    target_col = INDICATORS.fields.index(INDICATORS.field_for("目标值")) + 1
    unit_col = INDICATORS.fields.index(INDICATORS.field_for("目标单位")) + 1
    for ws in src.worksheets:
        dst = out.add_worksheet(ws.title)
        for row in ws.iter_rows():
            for c in row:
                r, k, v = c.row - 1, c.column - 1, c.value
                if v is None:
                    continue
                if ws.title == "绩效指标" and c.column == target_col and c.row > 1 and ws.cell(c.row, unit_col).value == "%":
                    dst.write_number(r, k, float(cell_decimal(v) / 100), percent)
                elif isinstance(v, dt.datetime):
                    dst.write_datetime(r, k, v, date)
                elif isinstance(v, (int, float)):
                    dst.write_number(r, k, v, plain)
                elif ws.title == "项目资金" and c.column == 2 and c.row == 2:
                    dst.write_string(r, k, "13410.06")
                else:
                    dst.write_string(r, k, str(v), plain)
    out.close()
    with zipfile.ZipFile(folder / WORKBOOK_NAME) as z:
        names = z.namelist()
        sheet_xml = z.read("xl/worksheets/sheet1.xml").decode()
    assert ("xl/sharedStrings.xml" in names) != inline_strings and ("inlineStr" in sheet_xml) == inline_strings
    ev = open_checked(folder)
    assert ev.total == D("99.70") and ev.item("answer_rate").indicator.target.value == D("95")
    assert _figures(ev) == _figures(evaluate(load_year(DATA2021)))


# --------------------------------------------------------------------------- the layout covers the contract


def _leaf_paths(annotation, prefix: tuple = ()) -> set[tuple]:
    """Every field path a data file can hold, from its pydantic model (unions: all members; lists of
    models: the model's fields under the list's path)."""
    import typing

    from pydantic import BaseModel

    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _leaf_paths(typing.get_args(annotation)[0], prefix)
    if origin in (typing.Union, __import__("types").UnionType):
        return set().union(*(_leaf_paths(a, prefix) for a in typing.get_args(annotation) if a is not type(None)))
    if origin is list:
        (item,) = typing.get_args(annotation)
        return _leaf_paths(item, prefix)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        out: set[tuple] = set()
        for name, info in annotation.model_fields.items():
            out |= _leaf_paths(info.annotation, (*prefix, name))
        return out
    return {prefix}


def test_layout_covers_every_field_of_the_contract():
    """A field the model gains must get a column or item, or the workbook would silently drop it."""
    from selfeval.contract import model as m

    models = {
        "project.yaml": m.ProjectFile,
        "funding.csv": m.FundingRow,
        "budget.yaml": m.Budget,
        "indicators.yaml": m.IndicatorsFile,
        "prose.yaml": m.Prose,
        "operations.yaml": m.Operations,
        "monthly.csv": m.MonthRow,
        "capacity.yaml": m.CapacityAssumptions,
        "review.yaml": m.Review,
    }
    layout: dict[str, set[tuple]] = {name: set() for name in models}
    for sheet in SHEETS:
        for f in sheet.fields:
            base = (sheet.rows_key, *f.path) if sheet.rows_key and not f.shared else f.path
            layout[f.file or sheet.file].add(f.path if f.file else base)
            if f.second is not None:  # a list of pairs: 开支内容 → name, amount
                layout[sheet.file] |= {(*f.path, "name"), (*f.path, *f.second.path)}
    for name, model in models.items():
        missing = _leaf_paths(model) - layout[name]
        assert not missing, f"{name}: no column or item for {sorted(missing)}"


# --------------------------------------------------------------------------- the template itself


def test_template_layout(tmp_path):
    """Chinese sheets in order, a drop-down list on every enumerated column, an input message on
    every column and item, headings frozen, text columns formatted as text."""
    target = tmp_path / WORKBOOK_NAME
    write_template(target, 2022)
    wb = openpyxl.load_workbook(target)
    assert wb.sheetnames == ["填写说明", "项目信息", "项目资金", "预算", "绩效指标", "文字材料", "运营情况", "分月话务", "测算假设", "复核记录"]
    for sheet in SHEETS:
        ws = wb[sheet.name]
        assert ws.freeze_panes in ("B2", "C2"), sheet.name
        validations = ws.data_validations.dataValidation
        if sheet.layout == "table":
            for n, f in enumerate(sheet.fields, start=1):
                letter = get_column_letter(n)
                assert ws[f"{letter}1"].value == f.label
                here = [v for v in validations if f"{letter}2" in v.sqref]
                assert here and here[0].prompt and here[0].showInputMessage, (sheet.name, f.label)
                if f.choices:
                    assert here[0].type == "list" and here[0].showDropDown is not True, (sheet.name, f.label)
                    assert all(c.label in here[0].formula1 for c in f.choices)
                    assert here[0].errorStyle in (None, "stop")
                if f.kind in ("text", "enum"):  # typed text stays text (2021年12月 is not turned into a date)
                    dim = next(d for d in ws.column_dimensions.values() if d.min <= n <= d.max)
                    assert dim.number_format == "@", (sheet.name, f.label)
        else:
            for f in sheet.fields:
                r = find_row(ws, f.label)
                here = [v for v in validations if f"B{r}" in v.sqref]
                assert here and here[0].prompt, (sheet.name, f.label)
                if f.choices:
                    assert here[0].type == "list", (sheet.name, f.label)
    assert wb["项目信息"][f"B{item_row('年度')}"].value == 2022
    # 本级: the level of government (市, 区, 镇…) comes from the project (contract.model.funding_label)
    assert [wb["项目资金"][f"A{r}"].value for r in (2, 3, 4)] == ["财政拨款（本级支出）", "财政拨款（转移支付）", "其他资金"]
    # every enumerated column of the issue has its list
    listed = {f.label for s in SHEETS for f in s.fields if f.choices}
    assert {"计算公式", "目标运算符", "评分规则", "修约方式", "资金来源", "定性等级", "项目级次", "金额单位", "预算完成率修约"} <= listed


def test_template_is_deterministic(tmp_path):
    a, b = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    data = load_year(DATA2021)
    write_template(a, 2021, data)
    write_template(b, 2021, data)
    assert a.read_bytes() == b.read_bytes()


def test_template_command(tmp_path, capsys):
    data = tmp_path / "data"
    shutil.copytree(DATA2021, data / "2021")
    assert cli(["template", "--year", "2022", "--from", "2021", "--data", str(data)]) == 0
    target = data / "2022" / WORKBOOK_NAME
    assert target.is_file()
    filled = openpyxl.load_workbook(target)
    assert filled["项目信息"][f"B{item_row('年度')}"].value == 2022
    assert filled["绩效指标"][ind("三级指标", 1)].value == "月度话务接通率"
    assert filled["复核记录"]["A2"].value == 2021  # review marks keep their year: they do not apply to 2022
    before = target.read_bytes()
    assert cli(["template", "--year", "2022", "--data", str(data)]) == 2
    assert "已存在" in capsys.readouterr().err and target.read_bytes() == before
    assert cli(["template", "--year", "2022", "--data", str(data), "--force"]) == 0
    assert openpyxl.load_workbook(target)["绩效指标"][ind("三级指标", 1)].value is None
    assert cli(["template", "--year", "2021", "--data", str(data)]) == 2  # the folder holds YAML/CSV files
    assert "已有 budget.yaml" in capsys.readouterr().err
    # rolled forward from 2021, the 2022 workbook asks for the year's figures first: the message names the cell
    cli(["template", "--year", "2022", "--from", "2021", "--data", str(data), "--force"])
    assert cli(["score", "--year", "2022", "--data", str(data)]) == 2
    err = capsys.readouterr().err
    assert "自评数据.xlsx：项目资金!B2：缺少该项" in err


def test_text_warnings_name_the_workbook_cell(tmp_path):
    """`selfeval check` on a workbook year points at the sheet and cell, not at a YAML file the year does not have."""
    from selfeval.presentation.review import open_findings, year_findings

    folder = workbook_year(tmp_path)
    path = folder / WORKBOOK_NAME
    wb = openpyxl.load_workbook(path)
    background = load_year(DATA2021).prose.background
    [ref] = [c.coordinate for row in wb["文字材料"].iter_rows() for c in row if c.value == background]
    wb["文字材料"][ref] = "2019年起，" + background
    wb.save(path)
    findings = year_findings(evaluate(load_year(folder)))
    lines = [f.line() for f in open_findings(findings)]
    stale = [line for line in lines if "2019年" in line]
    assert len(stale) == 1
    assert stale[0].startswith(f"{folder}/{WORKBOOK_NAME}：文字材料!{ref}（background）：【非本年度年份】“2019年起，")
    assert not any(".yaml" in f.where for f in findings)
    # the marks of 复核记录 (phrases and an accepted check) apply as review.yaml's do
    assert len(findings) - len(lines) == 12
