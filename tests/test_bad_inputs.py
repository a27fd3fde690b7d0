"""The bad-input catalogue: every way an analyst can get data/<year>/ wrong.

Each case copies data/2021 into tmp_path, breaks one thing, and checks that loading (or
evaluating) raises DataError with a ONE-line message that names the file, the field (and
the row for CSV), says what is wrong and carries a fix (after “——修改：”), in Chinese. Nothing under data/ is touched.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from decimal import Decimal as D
from pathlib import Path

import pytest

from selfeval.contract.load import load_year
from selfeval.errors import FIX_MARK, DataError, visible
from selfeval.evaluation.evaluate import evaluate

DATA2021 = Path(__file__).resolve().parents[1] / "data" / "2021"
# three English words in a row outside brackets and quotes: a message left untranslated
ENGLISH = re.compile(r"(?<![（(“'\w.])\b[A-Za-z]{2,}\b(?: [A-Za-z]{2,}\b){2,}")

Mutate = Callable[[Path], Path | None]


def line_of(name: str, needle: str) -> int:
    """1-based line of the first line containing needle in data/2021/<name>."""
    for n, line in enumerate((DATA2021 / name).read_text(encoding="utf-8").splitlines(), start=1):
        if needle in line:
            return n
    raise AssertionError(f"{needle!r} not in data/2021/{name}")


def sub(name: str, old: str, new: str) -> Mutate:
    """Replace text that occurs exactly once in the copied file."""

    def mutate(year: Path) -> None:
        path = year / name
        text = path.read_text(encoding="utf-8")
        assert text.count(old) == 1, f"{old!r} must occur once in {name}; data/2021 changed?"
        path.write_text(text.replace(old, new), encoding="utf-8")

    return mutate


def write(name: str, content: str | bytes) -> Mutate:
    def mutate(year: Path) -> None:
        path = year / name
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))

    return mutate


# indicators.yaml anchors (data/2021): answer_rate is indicators[1], leadership_tasks indicators[5]
ANSWER_TARGET = 'target: {op: ">=", value: 95, unit: "%"}\n    weight: 12'
LEADERSHIP = (
    "formula: ratio\n"
    "    numerator: {label: 完成销账, value: 227, unit: 项}\n"
    "    denominator: {label: 交办重点事项数, value: 227, unit: 项}\n"
    '    target: {op: ">=", value: 80, unit: "%"}'
)
FUNDING = "source,budget,executed\nmunicipal,13410.06,13410.06\ntransfer,0.00,0.00\nother,0.00,0.00\n"


def _no_such_year(year: Path) -> Path:
    return year.parent / "2022"


def _empty_year_folder(year: Path) -> Path:
    (year.parent / "2023").mkdir()
    return year.parent / "2023"


def _empty_data_root(year: Path) -> Path:
    root = year.parent.parent / "empty_data"
    root.mkdir()
    return root / "2021"


def _remove(name: str) -> Mutate:
    return lambda year: (year / name).unlink()


def _folder_named(name: str) -> Mutate:
    return lambda year: (year / name).mkdir()


def _fifo(name: str) -> Mutate:
    """A named pipe where a data file should be: reading it would block for ever."""
    return lambda year: os.mkfifo(year / name)


def _link_out(name: str, target: str = "/etc/passwd") -> Mutate:
    """A data file replaced by a symbolic link to a file outside the data root."""

    def mutate(year: Path) -> None:
        (year / name).unlink()
        os.symlink(target, year / name)

    return mutate


def _year_folder_linked_out(year: Path) -> Path:
    """data/2021 is a link to a copy of the year elsewhere on the disk."""
    elsewhere = year.parent.parent / "elsewhere"
    elsewhere.mkdir()
    os.rename(year, elsewhere / "2021")
    os.symlink(elsewhere / "2021", year)
    return year


def _bytes_sub(name: str, old: bytes, new: bytes) -> Mutate:
    def mutate(year: Path) -> None:
        path = year / name
        path.write_bytes(path.read_bytes().replace(old, new))

    return mutate


def _both(*mutations: Mutate) -> Mutate:
    def mutate(year: Path) -> None:
        for m in mutations:
            m(year)

    return mutate


def _only_year_period_in_contract(year: Path) -> None:
    """Delete every line of `contract:` (year_period was the last one standing)."""
    path = year / "project.yaml"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    start = next(i for i, line in enumerate(lines) if line.startswith("contract:"))
    end = next((i for i in range(start + 1, len(lines)) if lines[i].strip() and not lines[i].startswith(" ")), len(lines))
    path.write_text("".join(lines[: start + 1] + lines[end:]), encoding="utf-8")


ANSWER_LEVELS = "    level1: 产出指标\n    level2: 产出数量\n    formula: ratio\n    numerator: {label: 总接通数"
ANSWER_COUNTS_X1000 = _both(sub("indicators.yaml", "value: 10975138", "value: 10975138000"), sub("indicators.yaml", "value: 11666777", "value: 11666777000"))


CASES = [
    # ---- folders and files
    pytest.param(_no_such_year, "2022", ["没有这个年度文件夹", "现有年度：2021"], id="missing-year-folder"),
    pytest.param(_empty_year_folder, "2023", ["为空（没有数据文件）", "project.yaml"], id="empty-year-folder"),
    pytest.param(_empty_data_root, "2021", ["没有这个年度文件夹", "新建 "], id="empty-data-folder"),
    pytest.param(_remove("funding.csv"), "funding.csv", ["缺少必需的文件"], id="missing-required-file"),
    pytest.param(_remove("indicators.yaml"), "indicators.yaml", ["缺少必需的文件"], id="missing-indicators-file"),
    pytest.param(write("notes.txt", "备注"), "notes.txt", ["不是已知的数据文件", "operations.yaml"], id="unknown-extra-file"),
    pytest.param(write("monthly.xlsx", b"PK"), "monthly.xlsx", ["不是已知的数据文件", "monthly.csv"], id="unknown-file-excel"),
    pytest.param(_folder_named("monthly.csv"), "monthly.csv", ["无法读取：这是文件夹，不是文件"], id="folder-named-like-a-file"),
    # ---- YAML syntax and shape
    pytest.param(
        sub("project.yaml", "  level: 二级", "  level: 二级\n bad: x"),
        "project.yaml",
        [f"第{line_of('project.yaml', '  level: 二级') + 1}行第", "YAML 格式有误"],
        id="malformed-yaml-indentation",
    ),
    pytest.param(
        sub("project.yaml", "  category: 经常性专项", "\tcategory: 经常性专项"),
        "project.yaml",
        [
            f"第{line_of('project.yaml', '  category: 经常性专项')}行第",
            "YAML 格式有误（含有制表符（Tab）：YAML 的缩进只能用空格）",
            "把行首的制表符（Tab）换成空格",
        ],
        id="malformed-yaml-tab",
    ),
    pytest.param(write("budget.yaml", "weight: [10, 20\nrounding: half_up\n"), "budget.yaml", ["YAML 格式有误（缺少“,”或右括号“]”）"], id="unclosed-yaml-list"),
    pytest.param(
        write("budget.yaml", "weight: !foo 10\n"),
        "budget.yaml",
        ["第1行第9列", "YAML 格式有误（不支持的标记“!foo”（值前的 ! 号））", "删除值前的 ! 标记"],
        id="yaml-tag",
    ),
    pytest.param(write("budget.yaml", ""), "budget.yaml", ["为空"], id="empty-yaml"),
    pytest.param(write("budget.yaml", "# 预算执行\n# nothing yet\n"), "budget.yaml", ["为空"], id="comments-only-yaml"),
    pytest.param(
        write("budget.yaml", "- weight: 10\n- rounding: half_up\n"),
        "budget.yaml",
        ["顶层应为“字段: 值”的映射"],
        id="yaml-top-level-list",
    ),
    pytest.param(write("prose.yaml", "只有一句话\n"), "prose.yaml", ["顶层应为“字段: 值”的映射"], id="yaml-top-level-text"),
    pytest.param(
        sub("budget.yaml", "weight: 10 ", "weight: 10\nweight: 20 "),
        "budget.yaml",
        [f"第{line_of('budget.yaml', 'weight: 10') + 1}行第1列", "键“weight”在同一映射中出现了两次"],
        id="yaml-duplicate-key",
    ),
    pytest.param(
        sub("budget.yaml", "weight: 10 ", "weight: .nan "),
        "budget.yaml",
        [f"第{line_of('budget.yaml', 'weight: 10')}行第", "“.nan”不是有限的数"],
        id="yaml-nan",
    ),
    pytest.param(
        sub("project.yaml", "end: 2021-12-31}", "end: 2021-13-31}"),
        "project.yaml",
        [f"第{line_of('project.yaml', 'year_period:')}行第", "“2021-13-31”不是有效日期（月份应在1到12之间）"],
        id="yaml-impossible-date",
    ),
    # ---- encodings
    pytest.param(
        write("funding.csv", "source,budget,executed\nmunicipal,13410.06,13410.06\n其他,0,0\n".encode("gbk")),
        "funding.csv",
        ["第3行（第51字节）", "不是 UTF-8 编码（看来是 Excel 或 WPS 保存的 GBK/GB18030 编码）", "GBK", "另存为 UTF-8 编码（Excel：“CSV UTF-8”"],
        id="gbk-csv",
    ),
    pytest.param(
        write("prose.yaml", (DATA2021 / "prose.yaml").read_text(encoding="utf-8").encode("gbk", errors="replace")),
        "prose.yaml",
        ["第1行（第2字节）", "不是 UTF-8 编码（看来是 Excel 或 WPS 保存的 GBK/GB18030 编码）", "GBK", "另存为 UTF-8 编码（Excel：“CSV UTF-8”"],
        id="gbk-yaml",
    ),
    # ---- CSV shape
    pytest.param(
        sub("funding.csv", "transfer,0.00,0.00", "transfer,0.00,0.00,1"),
        "funding.csv",
        ["第3行", "有4个单元格，但标题行有3列"],
        id="csv-wrong-column-count",
    ),
    pytest.param(
        sub("funding.csv", "transfer,0.00,0.00", "\ntransfer,0,0,0,0"),
        "funding.csv",
        ["第4行", "有5个单元格，但标题行有3列"],
        id="csv-wrong-column-count-after-blank-line",
    ),
    pytest.param(
        sub("funding.csv", "source,budget,executed", "source,budjet,executed"),
        "funding.csv",
        ["列“budjet”", "不是已知的列", "budget"],
        id="csv-unknown-column",
    ),
    pytest.param(
        write("funding.csv", "source,budget\nmunicipal,13410.06\n"), "funding.csv", ["列“executed”", "缺少预算完成数（executed）列"], id="csv-missing-column"
    ),
    pytest.param(write("funding.csv", "source,budget,executed\n"), "funding.csv", ["只有标题行，没有数据行"], id="csv-header-only"),
    pytest.param(write("funding.csv", ""), "funding.csv", ["为空", "source,budget,executed"], id="csv-empty"),
    # ---- funding.csv values
    pytest.param(
        sub("funding.csv", "transfer,0.00,0.00", "transfer,九十五,0.00"),
        "funding.csv",
        ["第3行，年度预算数（budget）", "“九十五”不是数字"],
        id="csv-wrong-type",
    ),
    pytest.param(
        sub("funding.csv", "transfer,0.00,0.00", "transfer,-5,0.00"),
        "funding.csv",
        ["第3行，年度预算数（budget）", "应 ≥ 0（填的是“-5”）", "计数和金额不能为负，填写实际数值"],
        id="csv-negative-amount",
    ),
    pytest.param(
        sub("funding.csv", "municipal,13410.06,13410.06", "municipal,NaN,13410.06"),
        "funding.csv",
        ["第2行，年度预算数（budget）", "“NaN”不是有限的数"],
        id="csv-nan",
    ),
    pytest.param(
        sub("funding.csv", "other,0.00,0.00", "city,0.00,0.00"),
        "funding.csv",
        ["第4行，资金来源（source）", "“city”不是允许的值", "填写“municipal”、“transfer”或“other”"],
        id="csv-unknown-source",
    ),
    pytest.param(
        sub("funding.csv", "transfer,0.00,0.00", "municipal,0.00,0.00"),
        "funding.csv",
        ["第3行，资金来源（source）", "“municipal”出现了两次"],
        id="funding-duplicate-source",
    ),
    pytest.param(
        write("funding.csv", "source,budget,executed\nmunicipal,0,0\n"),
        "funding.csv",
        ["年度预算数（budget）列", "各来源的年度预算数都是0，无法计算预算执行率（预算完成数÷年度预算数）"],
        id="funding-zero-budget",
    ),
    # ---- project.yaml
    pytest.param(
        sub("project.yaml", "  department: 广州市政务服务数据管理局     # 主管部门\n", ""),
        "project.yaml",
        ["project.department", "缺少该项"],
        id="missing-required-field",
    ),
    pytest.param(
        sub("project.yaml", "fiscal_year: 2021", "fiscal_year: 2022"),
        "project.yaml",
        ["fiscal_year", "为2022，但年度文件夹是2021"],
        id="fiscal-year-not-folder",
    ),
    pytest.param(
        sub("project.yaml", "fiscal_year: 2021", "fiscal_year: 二〇二一"),
        "project.yaml",
        ["fiscal_year", "“二〇二一”不是整数", "用阿拉伯数字0-9填写整数"],
        id="fiscal-year-wrong-type",
    ),
    pytest.param(
        sub("project.yaml", "end: 2021-12-31}", "end: 2022-01-31}"),
        "project.yaml",
        ["contract.year_period", "2021-01-01至2022-01-31不在2021财政年度内", "填写2021-01-01至2021-12-31之间的日期"],
        id="year-period-outside-fiscal-year",
    ),
    pytest.param(
        sub("project.yaml", "year_period: {start: 2021-01-01, end: 2021-12-31}", "year_period: {start: 2021-12-31, end: 2021-01-01}"),
        "project.yaml",
        ["contract.year_period", "结束日期2021-01-01早于开始日期2021-12-31"],
        id="year-period-reversed",
    ),
    pytest.param(
        sub("project.yaml", "money_unit: 万元", "money_unit: 千元"),
        "project.yaml",
        ["money_unit", "“千元”不是允许的值", "填写“元”或“万元”"],
        id="unknown-money-unit",
    ),
    pytest.param(
        sub("project.yaml", "  level: 二级", "  levle: 二级"),
        "project.yaml",
        ["project.levle", "不是已知的字段", "是否应为“level”？改正拼写（字段名见 data/README.md）"],
        id="project-unknown-field",
    ),
    # ---- budget.yaml
    pytest.param(sub("budget.yaml", "weight: 10 ", "weight: 十 "), "budget.yaml", ["weight", "“十”不是数字"], id="budget-wrong-type"),
    pytest.param(
        sub("budget.yaml", "rounding: half_up", "rounding: up"),
        "budget.yaml",
        ["rounding", "“up”不是允许的值", "填写“half_up”或“floor”"],
        id="budget-unknown-rounding",
    ),
    # ---- indicators.yaml
    pytest.param(
        sub("indicators.yaml", "    weight: 12\n    form_order: 3", "    wieght: 12\n    form_order: 3"),
        "indicators.yaml",
        ["indicators[0].wieght（指标 dispatch_timeliness）", "不是已知的字段", "是否应为“weight”？改正拼写（字段名见 data/README.md）"],
        id="unknown-field-typo",
    ),
    pytest.param(
        sub("indicators.yaml", "    form_order: 3", "    form_order: 3\n    colour: red"),
        "indicators.yaml",
        ["indicators[0].colour（指标 dispatch_timeliness）", "不是已知的字段"],
        id="unknown-field",
    ),
    pytest.param(
        sub(
            "indicators.yaml",
            "    level2: 产出数量\n    formula: ratio\n    numerator: {label: 及时转派",
            "    formula: ratio\n    numerator: {label: 及时转派",
        ),
        "indicators.yaml",
        ["二级指标（indicators[0].level2，指标 dispatch_timeliness）", "缺少该项"],
        id="indicator-missing-field",
    ),
    pytest.param(
        sub("indicators.yaml", ANSWER_TARGET, ANSWER_TARGET.replace("value: 95", "value: 九十五")),
        "indicators.yaml",
        ["目标值（indicators[1].target.value，指标 answer_rate）", "“九十五”不是数字"],
        id="wrong-type-chinese-numeral",
    ),
    pytest.param(
        sub("indicators.yaml", ANSWER_TARGET, "target: 95%\n    weight: 12"),
        "indicators.yaml",
        ["目标（indicators[1].target，指标 answer_rate）", "应为“字段: 值”的映射（填的是“95%”）"],
        id="target-not-a-mapping",
    ),
    pytest.param(
        sub("indicators.yaml", "value: 10975138", "value: -10975138"),
        "indicators.yaml",
        ["分子数值（indicators[1].numerator.value，指标 answer_rate）", "应 ≥ 0（填的是-10975138）", "计数和金额不能为负，填写实际数值"],
        id="negative-count",
    ),
    pytest.param(
        sub("indicators.yaml", LEADERSHIP, 'formula: count\n    value: -1\n    target: {op: ">=", value: 80, unit: 项}'),
        "indicators.yaml",
        ["绩效指标（indicators[5]，指标 leadership_tasks）", "填报值（value）-1是负数，计数不能为负"],
        id="negative-count-formula",
    ),
    pytest.param(
        sub("indicators.yaml", LEADERSHIP, 'formula: count\n    value: 226.5\n    target: {op: ">=", value: 80, unit: 项}'),
        "indicators.yaml",
        ["绩效指标（indicators[5]，指标 leadership_tasks）", "计算公式“计数”（count）需要整数，填的是226.5"],
        id="count-not-whole",
    ),
    pytest.param(
        sub("indicators.yaml", "value: 10975138", "value: 11666778"),
        "indicators.yaml",
        ["绩效指标（indicators[1]，指标 answer_rate）", "分子数值（numerator.value）11666778 大于分母数值"],
        id="numerator-above-denominator",
    ),
    pytest.param(
        sub("indicators.yaml", "value: 11666777", "value: 0"),
        "indicators.yaml",
        ["绩效指标（indicators[1]，指标 answer_rate）", "分母数值（denominator.value）为0，无法计算比率"],
        id="zero-denominator",
    ),
    pytest.param(
        sub("indicators.yaml", "value: 24095656", "value: 0"),
        "indicators.yaml",
        ["绩效指标（indicators[4]，指标 first_contact_resolution）", "分母数值（denominator.value）为0，无法计算比率"],
        id="zero-denominator-complement",
    ),
    pytest.param(
        sub("indicators.yaml", "numerator: {label: 按时回访, value: 474924, unit: 件}", "numerator: {label: 按时回访, value: 474924, unit: 次}"),
        "indicators.yaml",
        ["绩效指标（indicators[2]，指标 callback_rate）", "分子单位“次”与分母单位“件”不同"],
        id="numerator-denominator-units-differ",
    ),
    pytest.param(
        sub("indicators.yaml", "id: callback_rate", "id: answer_rate"),
        "indicators.yaml",
        ["indicators[2].id", "“answer_rate”已被第2个指标（indicators[1]）使用"],
        id="duplicate-indicator-id",
    ),
    pytest.param(
        sub("indicators.yaml", "id: callback_rate", "id: Callback-Rate"),
        "indicators.yaml",
        ["指标编号（indicators[2].id，指标 Callback-Rate）", "只用小写字母、数字和下划线，字母开头（如 answer_rate）"],
        id="indicator-id-pattern",
    ),
    pytest.param(
        sub("indicators.yaml", "formula: complement", "formula: complment"),
        "indicators.yaml",
        ["计算公式（indicators[4].formula，指标 first_contact_resolution）", "“complment”不是允许的计算公式", "填写 ratio、complement、value、count、qualitat"],
        id="unknown-formula",
    ),
    pytest.param(
        sub("indicators.yaml", "rule: step_deduction", "rule: step"),
        "indicators.yaml",
        ["评分（indicators[1].scoring，指标 answer_rate）", "“step”不是已知的评分规则", "step_deduction"],
        id="unknown-scoring-rule",
    ),
    pytest.param(
        sub("indicators.yaml", "{rule: step_deduction, points", "{points"),
        "indicators.yaml",
        ["评分（indicators[1].scoring，指标 answer_rate）", "缺少评分规则（rule）", "step_deduction"],
        id="scoring-without-rule",
    ),
    pytest.param(
        sub("indicators.yaml", "points: 0.3, step: 1", "points: 0.3, step: 0"),
        "indicators.yaml",
        ["档距（indicators[1].scoring.step，指标 answer_rate）", "应 > 0（填的是0）"],
        id="step-size-zero",
    ),
    pytest.param(
        sub("indicators.yaml", ANSWER_TARGET, ANSWER_TARGET.replace('op: ">="', 'op: ">>"')),
        "indicators.yaml",
        ["目标运算符（indicators[1].target.op，指标 answer_rate）", "“>>”不是目标运算符", "填写 ≥、= 或 ≤（也可写 >=、=、<=）"],
        id="bad-target-operator",
    ),
    pytest.param(
        sub("indicators.yaml", ANSWER_TARGET, 'target: {value: 95, unit: "%"}\n    weight: 12'),
        "indicators.yaml",
        ["目标运算符（indicators[1].target.op，指标 answer_rate）", "缺少该项"],
        id="target-operator-missing",
    ),
    pytest.param(
        sub("indicators.yaml", LEADERSHIP, 'formula: count\n    value: 227\n    target: {op: ">=", value: 80, unit: "%"}'),
        "indicators.yaml",
        ["绩效指标（indicators[5]，指标 leadership_tasks）", "目标单位（target.unit）“%”不适用于计算公式“计数”（count：件、项等的整数）"],
        id="percent-target-on-count",
    ),
    pytest.param(
        sub("indicators.yaml", ANSWER_TARGET, ANSWER_TARGET.replace('unit: "%"', "unit: 件")),
        "indicators.yaml",
        ["绩效指标（indicators[1]，指标 answer_rate）", "目标单位（target.unit）“件”与指标完成值的单位“%”不一致"],
        id="count-unit-target-on-rate",
    ),
    pytest.param(
        sub("indicators.yaml", ANSWER_TARGET, ANSWER_TARGET.replace("value: 95", "value: 101")),
        "indicators.yaml",
        ["绩效指标（indicators[1]，指标 answer_rate）", "目标值（target.value）101% 不是0到100之间的比率"],
        id="rate-target-above-100",
    ),
    pytest.param(
        sub(
            "indicators.yaml",
            "    weight: 12\n    form_order: 3",
            "    weight: 12\n    scoring: {rule: step_deduction, points: 0.3, step: 1}\n    form_order: 3",
        ),
        "indicators.yaml",
        ["绩效指标（indicators[0]，指标 dispatch_timeliness）", "按档扣分（step_deduction）需要 ≥ 或 ≤ 的目标"],
        id="step-deduction-on-equals-target",
    ),
    pytest.param(
        sub("indicators.yaml", "weight: 13\n    form_order: 2", "weight: 14\n    form_order: 2"),
        "indicators.yaml",
        ["weight", "各指标分值91 + 预算完成率分值10 = 101，不等于分值合计100", "改正各项分值；如本项目自评表的总分确实不是100"],
        id="weights-not-100",
    ),
    pytest.param(
        sub("indicators.yaml", "indicators:\n", "weights_total: 101\nindicators:\n"),
        "indicators.yaml",
        ["weight", "各指标分值90 + 预算完成率分值10 = 100，不等于分值合计101"],
        id="weights-total-explicit-mismatch",
    ),
    pytest.param(
        sub(
            "indicators.yaml",
            LEADERSHIP,
            "formula: qualitative\n    target: {text: 及时}\n    reported_text: 基本及时\n    scoring: {rule: qualitative, band: 部分达成, score: 12}",
        ),
        "indicators.yaml",
        ["绩效指标（indicators[5]，指标 leadership_tasks）", "定性得分12不在分值15的“部分达成”等级范围[9, 12)内", "修改定性得分或定性等级"],
        id="qualitative-score-outside-band",
    ),
    pytest.param(
        sub("indicators.yaml", LEADERSHIP, "formula: qualitative\n    target: {text: 及时}\n    scoring: {rule: qualitative, band: 达成, score: 15}"),
        "indicators.yaml",
        ["绩效指标（indicators[5]，指标 leadership_tasks）", "定性指标需要定性完成情况（reported_text）"],
        id="qualitative-without-reported-text",
    ),
    pytest.param(
        sub(
            "indicators.yaml",
            LEADERSHIP,
            'formula: qualitative\n    target: {op: ">=", value: 80, unit: "%"}\n    reported_text: 及时\n    scoring: {rule: qualitative, band: 达成, score: 15}',
        ),
        "indicators.yaml",
        ["绩效指标（indicators[5]，指标 leadership_tasks）", "定性指标需要定性目标（target: {text: …}）"],
        id="qualitative-with-numeric-target",
    ),
    pytest.param(write("indicators.yaml", "indicators: []\n"), "indicators.yaml", ["indicators", "至少填写一项"], id="no-indicators"),
    # ---- optional files
    pytest.param(
        write("monthly.csv", "month,calls_offered,calls_answered\n1,100,90\n1,100,95\n"),
        "monthly.csv",
        ["第3行，月份（month）", "“1”出现了两次"],
        id="monthly-duplicate-month",
    ),
    pytest.param(
        write("monthly.csv", "month,calls_offered,calls_answered\n1,100,120\n"),
        "monthly.csv",
        ["第2行"],
        id="monthly-answered-above-offered",
    ),
    pytest.param(
        write("monthly.csv", "month,calls_offered,calls_answered\n13,100,90\n"),
        "monthly.csv",
        ["第2行，月份（month）", "应 ≤ 12（填的是“13”）"],
        id="monthly-month-13",
    ),
    pytest.param(
        sub("operations.yaml", "agents: 858", "agents: 八百五十八"),
        "operations.yaml",
        ["agents", "“八百五十八”不是整数"],
        id="operations-wrong-type",
    ),
    pytest.param(
        sub("operations.yaml", "  total: 567", "  totl: 567"),
        "operations.yaml",
        ["seats.totl", "不是已知的字段", "是否应为“total”？改正拼写（字段名见 data/README.md）"],
        id="operations-typo",
    ),
    # ---- robustness (issue 16): files that are not files, or not inside the data root
    pytest.param(
        _fifo("monthly.csv"),
        "monthly.csv",
        ["无法读取：不是普通文件（是管道、套接字或设备）"],
        id="fifo-instead-of-file",
    ),
    pytest.param(
        _link_out("prose.yaml"),
        "prose.yaml",
        ["是指向数据文件夹", "之外的 /etc/passwd 的链接", "把文件本身放进数据文件夹（复制，而不是链接）"],
        id="link-out-of-data-root",
    ),
    pytest.param(
        _year_folder_linked_out,
        "2021",
        ["是指向数据文件夹", "elsewhere/2021 的链接", "把该年度的文件放进数据文件夹本身"],
        id="year-folder-linked-out",
    ),
    # ---- YAML booleans and YAML 1.1 number forms are never numbers
    pytest.param(
        sub("indicators.yaml", "    weight: 12\n    form_order: 3", "    weight: 12\n    decimals: yes\n    form_order: 3"),
        "indicators.yaml",
        ["小数位数（indicators[0].decimals，指标 dispatch_timeliness）", "“yes”不是整数"],
        id="yaml-boolean-decimals-yes",
    ),
    pytest.param(sub("operations.yaml", "agents: 858", "agents: on"), "operations.yaml", ["agents", "“on”不是整数"], id="yaml-boolean-agents-on"),
    pytest.param(sub("budget.yaml", "weight: 10 ", "weight: true "), "budget.yaml", ["weight", "“true”不是数字"], id="yaml-boolean-weight-true"),
    pytest.param(sub("operations.yaml", "agents: 858", "agents: 8:58"), "operations.yaml", ["agents", "“8:58”不是整数"], id="yaml-base-60-number"),
    pytest.param(sub("operations.yaml", "agents: 858", "agents: 0x35A"), "operations.yaml", ["agents", "“0x35A”不是整数"], id="yaml-hex-number"),
    # ---- bounded numbers
    pytest.param(
        sub("funding.csv", "municipal,13410.06,13410.06", "municipal,1e27,13410.06"),
        "funding.csv",
        ["第2行，年度预算数（budget）", "1E+27超过允许的最大数（10^15）"],
        id="amount-1e27",
    ),
    pytest.param(
        sub("funding.csv", "municipal,13410.06,13410.06", "municipal,1E+999999999,13410.06"),
        "funding.csv",
        ["第2行，年度预算数（budget）", "1E+999999999超过允许的最大数（10^15）"],
        id="amount-1e999999999",
    ),
    pytest.param(
        sub("funding.csv", "municipal,13410.06,13410.06", "municipal,13410.06,1e-11"),
        "funding.csv",
        ["第2行，预算完成数（executed）", "1E-11有11位小数，超过10位"],
        id="amount-too-many-decimals",
    ),
    pytest.param(
        sub("indicators.yaml", "value: 11666777", "value: 11666777000000000"),
        "indicators.yaml",
        ["分母数值（indicators[1].denominator.value，指标 answer_rate）", "11666777000000000超过允许的最大整数（1,000,000,000,000 = 10^12）", "10^12"],
        id="count-above-10-to-12",
    ),
    # ---- invisible characters: refused with the code point named, shown escaped
    pytest.param(
        sub("indicators.yaml", ANSWER_LEVELS, ANSWER_LEVELS.replace("level1: 产出指标", "level1: 产出\u200b指标")),
        "indicators.yaml",
        ["一级指标（indicators[1].level1，指标 answer_rate）", "第3个字符是不可见字符U+200B（零宽空格）：“产出<U+200B>指标”", "删除它（在该处重新输入文字"],
        id="zero-width-space-in-level1",
    ),
    pytest.param(
        sub("prose.yaml", "problems: 项目", "problems: \u202e项目"),
        "prose.yaml",
        ["problems", "第1个字符是双向控制字符U+202E（从右到左覆盖符）：“<U+202E>项目在取得良好成…”", "<U+202E>"],
        id="bidi-override-in-prose",
    ),
    pytest.param(
        sub("project.yaml", "  level: 二级", "  \ufefflevel: 二级"),
        "project.yaml",
        ["project.<U+FEFF>level", "不是已知的字段", "是否应为“level”？改正拼写（字段名见 data/README.md）"],
        id="bom-inside-a-field-name",
    ),
    pytest.param(
        sub("indicators.yaml", "name: 月度话务接通率", "name: 月度话务\u2028接通率"),
        "indicators.yaml",
        ["第18行第15列"],
        id="line-separator-in-yaml",
    ),
    pytest.param(
        sub("indicators.yaml", "name: 月度话务接通率", 'name: "月度话务\\u2028接通率"'),
        "indicators.yaml",
        ["三级指标（indicators[1].name，指标 answer_rate）", "写在一行内"],
        id="line-break-in-a-name",
    ),
    pytest.param(
        sub("project.yaml", "  region: 广州市", "  region: 12345"),
        "project.yaml",
        ["project.region", "是数字12345，不是文字", "如果是文字，加上引号：'12345'"],
        id="number-where-text-is-due",
    ),
    pytest.param(
        sub("project.yaml", "  department: 广州市政务服务数据管理局     # 主管部门", "  department:"),
        "project.yaml",
        ["project.department", "为空"],
        id="required-text-left-empty",
    ),
    # ---- messages that point at the real mistake
    pytest.param(
        _bytes_sub("funding.csv", b"\n", b"\r"),
        "funding.csv",
        ["行尾只有 CR（旧式 Mac 换行），无法区分各行"],
        id="csv-cr-only-line-endings",
    ),
    pytest.param(
        _bytes_sub("funding.csv", b"transfer,0.00", b"trans\rfer,0.00"),
        "funding.csv",
        ["第3行"],
        id="csv-stray-cr",
    ),
    pytest.param(_only_year_period_in_contract, "project.yaml", ["contract.year_period", "缺少该项"], id="contract-left-empty"),
    pytest.param(
        sub(
            "indicators.yaml",
            LEADERSHIP,
            "formula: qualitative\n    target: 及时\n    reported_text: 及时\n    scoring: {rule: qualitative, band: 达成, score: 15}",
        ),
        "indicators.yaml",
        ["绩效指标（indicators[5]，指标 leadership_tasks）", "目标（target）应为“字段: 值”的映射（填的是“及时”）"],
        id="qualitative-target-as-bare-text",
    ),
    pytest.param(
        sub("indicators.yaml", ANSWER_TARGET, "target: 及时\n    weight: 12"),
        "indicators.yaml",
        ["目标（indicators[1].target，指标 answer_rate）", "应为“字段: 值”的映射（填的是“及时”）", '填写 target: {op: ">=", value: 95, unit: "'],
        id="text-target-on-a-rate",
    ),
    pytest.param(
        sub("indicators.yaml", ANSWER_TARGET, ANSWER_TARGET.replace('op: ">="', "op: >=")),
        "indicators.yaml",
        ["YAML 格式有误（“>”不能作为值的开头）", '给运算符加引号：op: ">="（或不加引号写 ≥ / ≤）'],
        id="unquoted-operator-flow",
    ),
    pytest.param(
        sub("indicators.yaml", ANSWER_TARGET, 'target:\n      op: >=\n      value: 95\n      unit: "%"\n    weight: 12'),
        "indicators.yaml",
        ["YAML 格式有误", '给运算符加引号：op: ">="（或不加引号写 ≥ / ≤）'],
        id="unquoted-operator-block",
    ),
    pytest.param(
        sub("indicators.yaml", ANSWER_TARGET, ANSWER_TARGET.replace('unit: "%"', "unit: %")),
        "indicators.yaml",
        ["YAML 格式有误（“%”不能作为值的开头）", '给单位加引号：unit: "%"（不加引号时 YAML 把 % 当作指令）'],
        id="unquoted-percent-unit",
    ),
    # ---- prose is Markdown without images, links only to http(s)/mailto
    pytest.param(
        sub("prose.yaml", "problems: 项目", "problems: >-\n  ![x](http://192.0.2.1/x.png)项目"),
        "prose.yaml",
        ["problems", "含有 Markdown 图片（“http://192.0.2.1/x.png”）：报告不从网络或磁盘加载任何内容"],
        id="markdown-image-in-prose",
    ),
    pytest.param(
        sub("prose.yaml", "problems: 项目", "problems: |-\n  ![x][a]\n\n  [a]: ../../../etc/passwd\n  项目"),
        "prose.yaml",
        ["problems", "含有 Markdown 图片（“../../../etc/passwd”）：报告不从网络或磁盘加载任何内容"],
        id="markdown-image-reference-style",
    ),
    pytest.param(
        sub("indicators.yaml", "improvement: >-\n      一是", "improvement: >-\n      ![a](x.png)一是"),
        "indicators.yaml",
        ["改进措施（indicators[1].improvement，指标 answer_rate）", "含有 Markdown 图片（“x.png”）：报告不从网络或磁盘加载任何内容"],
        id="markdown-image-in-indicator-text",
    ),
    pytest.param(
        sub("prose.yaml", "problems: 项目", "problems: >-\n  [点此](javascript:alert(1))项目"),
        "prose.yaml",
        ["problems", "含有指向“javascript:alert(1)”的链接"],
        id="markdown-link-javascript",
    ),
    pytest.param(
        sub("prose.yaml", "problems: 项目", "problems: >-\n  [点此](../../etc/passwd)项目"),
        "prose.yaml",
        ["problems", "含有指向“../../etc/passwd”的链接"],
        id="markdown-link-relative",
    ),
    # ---- digits: full-width 0-9 are read, other scripts' digits refused (data/README.md, "Numbers"; issue 27)
    pytest.param(
        sub("budget.yaml", "weight: 10 ", "weight: '١٠' "),
        "budget.yaml",
        ["预算完成率分值（weight）：", "第 1 个字符是其他文字的数字 U+0661", "0-9"],
        id="arabic-indic-digits-in-yaml",
    ),
    pytest.param(
        write("funding.csv", FUNDING.replace("municipal,13410.06,13410.06", "municipal,١٣٤١٠.٠٦,13410.06")),
        "funding.csv",
        ["第2行，年度预算数（budget）", "第 1 个字符是其他文字的数字 U+0661"],
        id="arabic-indic-digits-in-csv",
    ),
    pytest.param(
        sub("project.yaml", "end: 2021-12-31}", "end: '२०२१-12-31'}"),
        "project.yaml",
        ["本年度实施止（contract.year_period.end）", "其他文字的数字 U+0968"],
        id="devanagari-digits-in-a-date",
    ),
    # ---- what .docx/.xlsx (XML 1.0) cannot hold, and what one .xlsx cell cannot hold (issue 27)
    pytest.param(
        sub("project.yaml", "  name: 12345政府服务热线人工坐席服务外包项目\n", '  name: "12345政府服务热线\\uFFFE人工坐席服务外包项目"\n'),
        "project.yaml",
        ["project.name", "Unicode 非字符 U+FFFE", "Word、Excel 文件（XML）不能容纳"],
        id="noncharacter-fffe-in-project-name",
    ),
    pytest.param(
        sub("indicators.yaml", "    name: 月度话务接通率\n", '    name: "月度话务接通率\\uFFFF"\n'),
        "indicators.yaml",
        ["三级指标（indicators[1].name，指标 answer_rate）", "Unicode 非字符 U+FFFF"],
        id="noncharacter-ffff-in-indicator-name",
    ),
    pytest.param(
        sub("indicators.yaml", "    deviation_reason: >-\n      受新冠疫情", "    deviation_reason: >-\n      " + "原因" * 20_400 + "受新冠疫情"),
        "indicators.yaml",
        ["偏差原因（indicators[1].deviation_reason，指标 answer_rate）", "超过 32,767（Excel 一个单元格的上限", "缩短这段文字"],
        id="deviation-reason-longer-than-a-cell",
    ),
    # ---- the capacity model's documented limit (data/README.md, capacity.yaml)
    pytest.param(
        write("capacity.yaml", "occupancy_cap: 0.000000001\n"),
        "capacity.yaml",
        ["occupancy_cap", "1E-9意味着忙时至少需要227,741,879,795名话务员同时在岗（365天呼入11,666,777次", "0.85"],
        id="capacity-occupancy-cap-near-zero",
    ),
    pytest.param(
        ANSWER_COUNTS_X1000,
        "indicators.yaml",
        ["365天呼入11,666,777,000次，忙时话务量达239,729爱尔兰（平均处理时长300秒", "核对年度计数（呼入数、接通数：是否多了位数？）和 capacity.yaml"],
        id="capacity-counts-times-1000",
    ),
]


@pytest.mark.parametrize("mutate, file, expected", CASES)
def test_bad_input(year_copy, mutate: Mutate, file: str, expected: list[str]):
    year = year_copy()
    target = mutate(year) or year
    with pytest.raises(DataError) as err:
        evaluate(load_year(target))
    msg = str(err.value)
    assert "\n" not in msg and "\r" not in msg, msg
    assert visible(msg) == msg, f"an invisible character is printed raw: {msg!r}"
    assert len(msg) <= 1000, msg
    assert err.value.file.endswith(file), msg
    assert f"{file}：" in msg, msg
    for fragment in expected:
        assert fragment in msg, f"{fragment!r} not in: {msg}"
    assert FIX_MARK in msg and msg.split(FIX_MARK, 1)[1].strip(), msg
    assert "另有" not in msg, f"one broken thing must be reported as one problem: {msg}"
    assert not ENGLISH.search(msg.split(FIX_MARK)[0].split("：", 1)[-1].replace("data/README.md", "")), f"English words in: {msg}"


def test_reference_copy_is_valid(year_copy):
    """The base every case breaks must itself load cleanly (else the cases prove nothing)."""
    ev = evaluate(load_year(year_copy()))
    assert ev.total == D("99.70") and ev.warnings == []


def test_weights_total_explicit_and_matching_is_accepted(year_copy):
    year = year_copy()
    sub("indicators.yaml", "weight: 13\n    form_order: 2", "weight: 14\n    form_order: 2")(year)
    sub("indicators.yaml", "indicators:\n", "weights_total: 101\nindicators:\n")(year)
    ev = evaluate(load_year(year))
    assert ev.item("callback_rate").score.score == D("14.00")
    assert ev.total == D("100.70")


def test_weights_explicit_mismatch_does_not_suggest_weights_total(year_copy):
    year = year_copy()
    sub("indicators.yaml", "indicators:\n", "weights_total: 101\nindicators:\n")(year)
    with pytest.raises(DataError) as err:
        load_year(year)
    assert "set weights_total" not in str(err.value)


def test_executed_above_budget_is_a_warning_not_an_error(year_copy):
    year = year_copy()
    write("funding.csv", FUNDING.replace("municipal,13410.06,13410.06", "municipal,13410.06,13500.00"))(year)
    ev = evaluate(load_year(year))
    assert ev.budget.executed == D("13500.00")
    assert ev.budget.rate == D("100.67")  # 13500 / 13410.06 = 100.6706…%
    assert ev.budget.score == D("10.00")  # capped at the weight
    assert ev.total == D("99.70")
    assert len(ev.warnings) == 1
    warning = ev.warnings[0]
    assert "\n" not in warning
    assert "funding.csv" in warning and "municipal" in warning
    assert "预算完成数13,500.00万元超过年度预算数13,410.06万元" in warning


def test_utf8_bom_csv_is_accepted(year_copy):
    """Excel's 'CSV UTF-8' writes a BOM: the fix we suggest for GBK files must then load."""
    year = year_copy()
    write("funding.csv", b"\xef\xbb\xbf" + FUNDING.encode("utf-8"))(year)
    assert evaluate(load_year(year)).budget.budget == D("13410.06")


def test_blank_lines_in_csv_are_accepted(year_copy):
    year = year_copy()
    write("funding.csv", FUNDING.replace("\ntransfer", "\n\ntransfer") + "\n\n")(year)
    ev = evaluate(load_year(year))
    assert [line.source for line in ev.budget.lines] == ["municipal", "transfer", "other"]


def test_row_number_counts_blank_lines(year_copy):
    year = year_copy()
    write("funding.csv", "source,budget,executed\n\nmunicipal,13410.06,13410.06\n\ntransfer,x,0\n")(year)
    with pytest.raises(DataError) as err:
        load_year(year)
    assert "第5行，年度预算数（budget）" in str(err.value)
