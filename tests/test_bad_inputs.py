"""The bad-input catalogue: every way an analyst can get data/<year>/ wrong.

Each case copies data/2021 into tmp_path, breaks one thing, and checks that loading (or
evaluating) raises DataError with a ONE-line message that names the file, the field (and
the row for CSV), says what is wrong and carries a "fix:". Nothing under data/ is touched.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from decimal import Decimal as D
from pathlib import Path

import pytest

from selfeval.contract.load import load_year
from selfeval.errors import DataError, visible
from selfeval.evaluation.evaluate import evaluate

DATA2021 = Path(__file__).resolve().parents[1] / "data" / "2021"

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
    pytest.param(_no_such_year, "2022", ["no such year folder", "years available: 2021"], id="missing-year-folder"),
    pytest.param(_empty_year_folder, "2023", ["is empty (no data files)", "project.yaml"], id="empty-year-folder"),
    pytest.param(_empty_data_root, "2021", ["no such year folder", "create"], id="empty-data-folder"),
    pytest.param(_remove("funding.csv"), "funding.csv", ["required file is missing"], id="missing-required-file"),
    pytest.param(_remove("indicators.yaml"), "indicators.yaml", ["required file is missing"], id="missing-indicators-file"),
    pytest.param(write("notes.txt", "备注"), "notes.txt", ["is not a known data file", "operations.yaml"], id="unknown-extra-file"),
    pytest.param(write("monthly.xlsx", b"PK"), "monthly.xlsx", ["is not a known data file", "monthly.csv"], id="unknown-file-excel"),
    pytest.param(_folder_named("monthly.csv"), "monthly.csv", ["cannot be read"], id="folder-named-like-a-file"),
    # ---- YAML syntax and shape
    pytest.param(
        sub("project.yaml", "  level: 二级", "  level: 二级\n bad: x"),
        "project.yaml",
        [f"line {line_of('project.yaml', '  level: 二级') + 1}, column", "malformed YAML"],
        id="malformed-yaml-indentation",
    ),
    pytest.param(
        sub("project.yaml", "  category: 经常性专项", "\tcategory: 经常性专项"),
        "project.yaml",
        [f"line {line_of('project.yaml', '  category: 经常性专项')}, column", "malformed YAML"],
        id="malformed-yaml-tab",
    ),
    pytest.param(write("budget.yaml", ""), "budget.yaml", ["is empty"], id="empty-yaml"),
    pytest.param(write("budget.yaml", "# 预算执行\n# nothing yet\n"), "budget.yaml", ["is empty"], id="comments-only-yaml"),
    pytest.param(
        write("budget.yaml", "- weight: 10\n- rounding: half_up\n"),
        "budget.yaml",
        ["must be a mapping of field: value at the top level"],
        id="yaml-top-level-list",
    ),
    pytest.param(write("prose.yaml", "只有一句话\n"), "prose.yaml", ["must be a mapping of field: value at the top level"], id="yaml-top-level-text"),
    pytest.param(
        sub("budget.yaml", "weight: 10 ", "weight: 10\nweight: 20 "),
        "budget.yaml",
        [f"line {line_of('budget.yaml', 'weight: 10') + 1}, column 1", "key 'weight' appears twice"],
        id="yaml-duplicate-key",
    ),
    pytest.param(
        sub("budget.yaml", "weight: 10 ", "weight: .nan "),
        "budget.yaml",
        [f"line {line_of('budget.yaml', 'weight: 10')}, column", "'.nan' is not a finite number"],
        id="yaml-nan",
    ),
    pytest.param(
        sub("project.yaml", "end: 2021-12-31}", "end: 2021-13-31}"),
        "project.yaml",
        [f"line {line_of('project.yaml', 'year_period:')}, column", "'2021-13-31' is not a valid date"],
        id="yaml-impossible-date",
    ),
    # ---- encodings
    pytest.param(
        write("funding.csv", "source,budget,executed\nmunicipal,13410.06,13410.06\n其他,0,0\n".encode("gbk")),
        "funding.csv",
        ["line 3 (byte", "is not UTF-8", "GBK", "save it as UTF-8"],
        id="gbk-csv",
    ),
    pytest.param(
        write("prose.yaml", (DATA2021 / "prose.yaml").read_text(encoding="utf-8").encode("gbk", errors="replace")),
        "prose.yaml",
        ["line 1 (byte", "is not UTF-8", "GBK", "save it as UTF-8"],
        id="gbk-yaml",
    ),
    # ---- CSV shape
    pytest.param(
        sub("funding.csv", "transfer,0.00,0.00", "transfer,0.00,0.00,1"),
        "funding.csv",
        ["row 3", "has 4 cells but the header has 3"],
        id="csv-wrong-column-count",
    ),
    pytest.param(
        sub("funding.csv", "transfer,0.00,0.00", "\ntransfer,0,0,0,0"),
        "funding.csv",
        ["row 4", "has 5 cells but the header has 3"],
        id="csv-wrong-column-count-after-blank-line",
    ),
    pytest.param(
        sub("funding.csv", "source,budget,executed", "source,budjet,executed"),
        "funding.csv",
        ["column 'budjet'", "is not a known column", "budget"],
        id="csv-unknown-column",
    ),
    pytest.param(write("funding.csv", "source,budget\nmunicipal,13410.06\n"), "funding.csv", ["column 'executed'", "is missing"], id="csv-missing-column"),
    pytest.param(write("funding.csv", "source,budget,executed\n"), "funding.csv", ["has a header but no data rows"], id="csv-header-only"),
    pytest.param(write("funding.csv", ""), "funding.csv", ["is empty", "source,budget,executed"], id="csv-empty"),
    # ---- funding.csv values
    pytest.param(
        sub("funding.csv", "transfer,0.00,0.00", "transfer,九十五,0.00"),
        "funding.csv",
        ["row 3, column budget", "'九十五' is not a number"],
        id="csv-wrong-type",
    ),
    pytest.param(
        sub("funding.csv", "transfer,0.00,0.00", "transfer,-5,0.00"),
        "funding.csv",
        ["row 3, column budget", "must be ≥ 0", "cannot be negative"],
        id="csv-negative-amount",
    ),
    pytest.param(
        sub("funding.csv", "municipal,13410.06,13410.06", "municipal,NaN,13410.06"),
        "funding.csv",
        ["row 2, column budget", "'NaN' is not a finite number"],
        id="csv-nan",
    ),
    pytest.param(
        sub("funding.csv", "other,0.00,0.00", "city,0.00,0.00"),
        "funding.csv",
        ["row 4, column source", "'city' is not allowed", "'municipal'"],
        id="csv-unknown-source",
    ),
    pytest.param(
        sub("funding.csv", "transfer,0.00,0.00", "municipal,0.00,0.00"),
        "funding.csv",
        ["row 3, column source", "'municipal' appears twice"],
        id="funding-duplicate-source",
    ),
    pytest.param(
        write("funding.csv", "source,budget,executed\nmunicipal,0,0\n"), "funding.csv", ["column budget", "every budget is 0"], id="funding-zero-budget"
    ),
    # ---- project.yaml
    pytest.param(
        sub("project.yaml", "  department: 广州市政务服务数据管理局     # 主管部门\n", ""),
        "project.yaml",
        ["project.department", "is missing"],
        id="missing-required-field",
    ),
    pytest.param(
        sub("project.yaml", "fiscal_year: 2021", "fiscal_year: 2022"),
        "project.yaml",
        ["fiscal_year", "is 2022 but the folder is 2021"],
        id="fiscal-year-not-folder",
    ),
    pytest.param(
        sub("project.yaml", "fiscal_year: 2021", "fiscal_year: 二〇二一"),
        "project.yaml",
        ["fiscal_year", "'二〇二一' is not a whole number", "digits 0-9"],
        id="fiscal-year-wrong-type",
    ),
    pytest.param(
        sub("project.yaml", "end: 2021-12-31}", "end: 2022-01-31}"),
        "project.yaml",
        ["contract.year_period", "outside fiscal year 2021", "2021-01-01..2021-12-31"],
        id="year-period-outside-fiscal-year",
    ),
    pytest.param(
        sub("project.yaml", "year_period: {start: 2021-01-01, end: 2021-12-31}", "year_period: {start: 2021-12-31, end: 2021-01-01}"),
        "project.yaml",
        ["contract.year_period", "end 2021-01-01 is before start 2021-12-31"],
        id="year-period-reversed",
    ),
    pytest.param(
        sub("project.yaml", "money_unit: 万元", "money_unit: 千元"), "project.yaml", ["money_unit", "'千元' is not allowed", "'万元'"], id="unknown-money-unit"
    ),
    pytest.param(
        sub("project.yaml", "  level: 二级", "  levle: 二级"),
        "project.yaml",
        ["project.levle", "is not a known field", "did you mean 'level'"],
        id="project-unknown-field",
    ),
    # ---- budget.yaml
    pytest.param(sub("budget.yaml", "weight: 10 ", "weight: 十 "), "budget.yaml", ["weight", "'十' is not a number"], id="budget-wrong-type"),
    pytest.param(
        sub("budget.yaml", "rounding: half_up", "rounding: up"), "budget.yaml", ["rounding", "'up' is not allowed", "'floor'"], id="budget-unknown-rounding"
    ),
    # ---- indicators.yaml
    pytest.param(
        sub("indicators.yaml", "    weight: 12\n    form_order: 3", "    wieght: 12\n    form_order: 3"),
        "indicators.yaml",
        ["indicators[0] (id dispatch_timeliness).wieght", "is not a known field", "did you mean 'weight'"],
        id="unknown-field-typo",
    ),
    pytest.param(
        sub("indicators.yaml", "    form_order: 3", "    form_order: 3\n    colour: red"),
        "indicators.yaml",
        ["indicators[0] (id dispatch_timeliness).colour", "is not a known field"],
        id="unknown-field",
    ),
    pytest.param(
        sub(
            "indicators.yaml",
            "    level2: 产出数量\n    formula: ratio\n    numerator: {label: 及时转派",
            "    formula: ratio\n    numerator: {label: 及时转派",
        ),
        "indicators.yaml",
        ["indicators[0] (id dispatch_timeliness).level2", "is missing"],
        id="indicator-missing-field",
    ),
    pytest.param(
        sub("indicators.yaml", ANSWER_TARGET, ANSWER_TARGET.replace("value: 95", "value: 九十五")),
        "indicators.yaml",
        ["indicators[1] (id answer_rate).target.value", "'九十五' is not a number"],
        id="wrong-type-chinese-numeral",
    ),
    pytest.param(
        sub("indicators.yaml", ANSWER_TARGET, "target: 95%\n    weight: 12"),
        "indicators.yaml",
        ["indicators[1] (id answer_rate).target", "must be a mapping of field: value (got '95%')"],
        id="target-not-a-mapping",
    ),
    pytest.param(
        sub("indicators.yaml", "value: 10975138", "value: -10975138"),
        "indicators.yaml",
        ["indicators[1] (id answer_rate).numerator.value", "must be ≥ 0 (got -10975138)", "cannot be negative"],
        id="negative-count",
    ),
    pytest.param(
        sub("indicators.yaml", LEADERSHIP, 'formula: count\n    value: -1\n    target: {op: ">=", value: 80, unit: 项}'),
        "indicators.yaml",
        ["indicators[5] (id leadership_tasks)", "value -1 is a negative count"],
        id="negative-count-formula",
    ),
    pytest.param(
        sub("indicators.yaml", LEADERSHIP, 'formula: count\n    value: 226.5\n    target: {op: ">=", value: 80, unit: 项}'),
        "indicators.yaml",
        ["indicators[5] (id leadership_tasks)", "needs a whole number, got 226.5"],
        id="count-not-whole",
    ),
    pytest.param(
        sub("indicators.yaml", "value: 10975138", "value: 11666778"),
        "indicators.yaml",
        ["indicators[1] (id answer_rate)", "numerator.value 11666778 > denominator.value 11666777"],
        id="numerator-above-denominator",
    ),
    pytest.param(
        sub("indicators.yaml", "value: 11666777", "value: 0"),
        "indicators.yaml",
        ["indicators[1] (id answer_rate)", "denominator.value is 0"],
        id="zero-denominator",
    ),
    pytest.param(
        sub("indicators.yaml", "value: 24095656", "value: 0"),
        "indicators.yaml",
        ["indicators[4] (id first_contact_resolution)", "denominator.value is 0"],
        id="zero-denominator-complement",
    ),
    pytest.param(
        sub("indicators.yaml", "numerator: {label: 按时回访, value: 474924, unit: 件}", "numerator: {label: 按时回访, value: 474924, unit: 次}"),
        "indicators.yaml",
        ["indicators[2] (id callback_rate)", "numerator unit '次' differs from denominator unit '件'"],
        id="numerator-denominator-units-differ",
    ),
    pytest.param(
        sub("indicators.yaml", "id: callback_rate", "id: answer_rate"),
        "indicators.yaml",
        ["indicators[2].id", "'answer_rate' is already used by indicators[1]"],
        id="duplicate-indicator-id",
    ),
    pytest.param(
        sub("indicators.yaml", "id: callback_rate", "id: Callback-Rate"),
        "indicators.yaml",
        ["indicators[2] (id Callback-Rate).id", "lower-case letters"],
        id="indicator-id-pattern",
    ),
    pytest.param(
        sub("indicators.yaml", "formula: complement", "formula: complment"),
        "indicators.yaml",
        ["indicators[4] (id first_contact_resolution).formula", "'complment' is not allowed", "'complement'"],
        id="unknown-formula",
    ),
    pytest.param(
        sub("indicators.yaml", "rule: step_deduction", "rule: step"),
        "indicators.yaml",
        ["indicators[1] (id answer_rate).scoring", "rule 'step' is not a known scoring rule", "step_deduction"],
        id="unknown-scoring-rule",
    ),
    pytest.param(
        sub("indicators.yaml", "{rule: step_deduction, points", "{points"),
        "indicators.yaml",
        ["indicators[1] (id answer_rate).scoring", "has no 'rule'", "step_deduction"],
        id="scoring-without-rule",
    ),
    pytest.param(
        sub("indicators.yaml", "points: 0.3, step: 1", "points: 0.3, step: 0"),
        "indicators.yaml",
        ["indicators[1] (id answer_rate).scoring.step", "must be > 0"],
        id="step-size-zero",
    ),
    pytest.param(
        sub("indicators.yaml", ANSWER_TARGET, ANSWER_TARGET.replace('op: ">="', 'op: ">>"')),
        "indicators.yaml",
        ["indicators[1] (id answer_rate).target.op", "'>>' is not a target operator", "≥, =, ≤"],
        id="bad-target-operator",
    ),
    pytest.param(
        sub("indicators.yaml", ANSWER_TARGET, 'target: {value: 95, unit: "%"}\n    weight: 12'),
        "indicators.yaml",
        ["indicators[1] (id answer_rate).target.op", "is missing"],
        id="target-operator-missing",
    ),
    pytest.param(
        sub("indicators.yaml", LEADERSHIP, 'formula: count\n    value: 227\n    target: {op: ">=", value: 80, unit: "%"}'),
        "indicators.yaml",
        ["indicators[5] (id leadership_tasks)", "target.unit '%' does not fit formula 'count'"],
        id="percent-target-on-count",
    ),
    pytest.param(
        sub("indicators.yaml", ANSWER_TARGET, ANSWER_TARGET.replace('unit: "%"', "unit: 件")),
        "indicators.yaml",
        ["indicators[1] (id answer_rate)", "target.unit '件' does not match the indicator's value unit '%'"],
        id="count-unit-target-on-rate",
    ),
    pytest.param(
        sub("indicators.yaml", ANSWER_TARGET, ANSWER_TARGET.replace("value: 95", "value: 101")),
        "indicators.yaml",
        ["indicators[1] (id answer_rate)", "target.value 101% is not a rate between 0 and 100"],
        id="rate-target-above-100",
    ),
    pytest.param(
        sub(
            "indicators.yaml",
            "    weight: 12\n    form_order: 3",
            "    weight: 12\n    scoring: {rule: step_deduction, points: 0.3, step: 1}\n    form_order: 3",
        ),
        "indicators.yaml",
        ["indicators[0] (id dispatch_timeliness)", "step_deduction needs a ≥ or ≤ target"],
        id="step-deduction-on-equals-target",
    ),
    pytest.param(
        sub("indicators.yaml", "weight: 13\n    form_order: 2", "weight: 14\n    form_order: 2"),
        "indicators.yaml",
        ["weight", "indicator weights 91 + budget weight 10 = 101, not 100", "set weights_total"],
        id="weights-not-100",
    ),
    pytest.param(
        sub("indicators.yaml", "indicators:\n", "weights_total: 101\nindicators:\n"),
        "indicators.yaml",
        ["weight", "indicator weights 90 + budget weight 10 = 100, not 101"],
        id="weights-total-explicit-mismatch",
    ),
    pytest.param(
        sub(
            "indicators.yaml",
            LEADERSHIP,
            "formula: qualitative\n    target: {text: 及时}\n    reported_text: 基本及时\n    scoring: {rule: qualitative, band: 部分达成, score: 12}",
        ),
        "indicators.yaml",
        ["indicators[5] (id leadership_tasks)", "score 12 is outside band 部分达成 [9, 12) of weight 15", "change the score or the band"],
        id="qualitative-score-outside-band",
    ),
    pytest.param(
        sub("indicators.yaml", LEADERSHIP, "formula: qualitative\n    target: {text: 及时}\n    scoring: {rule: qualitative, band: 达成, score: 15}"),
        "indicators.yaml",
        ["indicators[5] (id leadership_tasks)", "needs reported_text"],
        id="qualitative-without-reported-text",
    ),
    pytest.param(
        sub(
            "indicators.yaml",
            LEADERSHIP,
            'formula: qualitative\n    target: {op: ">=", value: 80, unit: "%"}\n    reported_text: 及时\n    scoring: {rule: qualitative, band: 达成, score: 15}',
        ),
        "indicators.yaml",
        ["indicators[5] (id leadership_tasks)", "needs target: {text: ...}"],
        id="qualitative-with-numeric-target",
    ),
    pytest.param(write("indicators.yaml", "indicators: []\n"), "indicators.yaml", ["indicators", "add at least one entry"], id="no-indicators"),
    # ---- optional files
    pytest.param(
        write("monthly.csv", "month,calls_offered,calls_answered\n1,100,90\n1,100,95\n"),
        "monthly.csv",
        ["row 3, column month", "month 1 appears twice"],
        id="monthly-duplicate-month",
    ),
    pytest.param(
        write("monthly.csv", "month,calls_offered,calls_answered\n1,100,120\n"),
        "monthly.csv",
        ["monthly.csv: row 2: calls_answered 120 > calls_offered 100"],
        id="monthly-answered-above-offered",
    ),
    pytest.param(
        write("monthly.csv", "month,calls_offered,calls_answered\n13,100,90\n"),
        "monthly.csv",
        ["row 2, column month", "must be ≤ 12"],
        id="monthly-month-13",
    ),
    pytest.param(
        sub("operations.yaml", "agents: 858", "agents: 八百五十八"),
        "operations.yaml",
        ["agents", "'八百五十八' is not a whole number"],
        id="operations-wrong-type",
    ),
    pytest.param(
        sub("operations.yaml", "  total: 567", "  totl: 567"),
        "operations.yaml",
        ["seats.totl", "is not a known field", "did you mean 'total'"],
        id="operations-typo",
    ),
    # ---- robustness (issue 16): files that are not files, or not inside the data root
    pytest.param(_fifo("monthly.csv"), "monthly.csv", ["cannot be read", "not a regular file"], id="fifo-instead-of-file"),
    pytest.param(_link_out("prose.yaml"), "prose.yaml", ["is a link to /etc/passwd, outside the data folder", "copy it"], id="link-out-of-data-root"),
    pytest.param(_year_folder_linked_out, "2021", ["is a link to", "outside the data folder"], id="year-folder-linked-out"),
    # ---- YAML booleans and YAML 1.1 number forms are never numbers
    pytest.param(
        sub("indicators.yaml", "    weight: 12\n    form_order: 3", "    weight: 12\n    decimals: yes\n    form_order: 3"),
        "indicators.yaml",
        ["indicators[0] (id dispatch_timeliness).decimals", "'yes' is not a whole number"],
        id="yaml-boolean-decimals-yes",
    ),
    pytest.param(sub("operations.yaml", "agents: 858", "agents: on"), "operations.yaml", ["agents", "'on' is not a whole number"], id="yaml-boolean-agents-on"),
    pytest.param(sub("budget.yaml", "weight: 10 ", "weight: true "), "budget.yaml", ["weight", "'true' is not a number"], id="yaml-boolean-weight-true"),
    pytest.param(
        sub("operations.yaml", "agents: 858", "agents: 8:58"), "operations.yaml", ["agents", "'8:58' is not a whole number"], id="yaml-base-60-number"
    ),
    pytest.param(sub("operations.yaml", "agents: 858", "agents: 0x35A"), "operations.yaml", ["agents", "'0x35A' is not a whole number"], id="yaml-hex-number"),
    # ---- bounded numbers
    pytest.param(
        sub("funding.csv", "municipal,13410.06,13410.06", "municipal,1e27,13410.06"),
        "funding.csv",
        ["row 2, column budget", "1E+27 is beyond the largest number accepted (10^15)"],
        id="amount-1e27",
    ),
    pytest.param(
        sub("funding.csv", "municipal,13410.06,13410.06", "municipal,1E+999999999,13410.06"),
        "funding.csv",
        ["row 2, column budget", "1E+999999999 is beyond the largest number accepted (10^15)"],
        id="amount-1e999999999",
    ),
    pytest.param(
        sub("funding.csv", "municipal,13410.06,13410.06", "municipal,13410.06,1e-11"),
        "funding.csv",
        ["row 2, column executed", "has 11 decimal places, more than 10"],
        id="amount-too-many-decimals",
    ),
    pytest.param(
        sub("indicators.yaml", "value: 11666777", "value: 11666777000000000"),
        "indicators.yaml",
        ["indicators[1] (id answer_rate).denominator.value", "beyond the largest whole number accepted", "10^12"],
        id="count-above-10-to-12",
    ),
    # ---- invisible characters: refused with the code point named, shown escaped
    pytest.param(
        sub("indicators.yaml", ANSWER_LEVELS, ANSWER_LEVELS.replace("level1: 产出指标", "level1: 产出\u200b指标")),
        "indicators.yaml",
        ["indicators[1] (id answer_rate).level1", "contains U+200B ZERO WIDTH SPACE", "'产出<U+200B>指标'", "delete it"],
        id="zero-width-space-in-level1",
    ),
    pytest.param(
        sub("prose.yaml", "problems: 项目", "problems: \u202e项目"),
        "prose.yaml",
        ["problems", "contains U+202E RIGHT-TO-LEFT OVERRIDE, a bidirectional control", "<U+202E>"],
        id="bidi-override-in-prose",
    ),
    pytest.param(
        sub("project.yaml", "  level: 二级", "  \ufefflevel: 二级"),
        "project.yaml",
        ["project.<U+FEFF>level", "is not a known field", "did you mean 'level'"],
        id="bom-inside-a-field-name",
    ),
    pytest.param(
        sub("indicators.yaml", "name: 月度话务接通率", "name: 月度话务\u2028接通率"),
        "indicators.yaml",
        ["line 18, column 15", "contains U+2028 LINE SEPARATOR, which YAML reads as a line break"],
        id="line-separator-in-yaml",
    ),
    pytest.param(
        sub("indicators.yaml", "name: 月度话务接通率", 'name: "月度话务\\u2028接通率"'),
        "indicators.yaml",
        ["indicators[1] (id answer_rate).name", "contains a line break (U+2028 LINE SEPARATOR)", "write it on one line"],
        id="line-break-in-a-name",
    ),
    pytest.param(
        sub("project.yaml", "  region: 广州市", "  region: 12345"),
        "project.yaml",
        ["project.region", "is the number 12345, not text", "put it in quotes"],
        id="number-where-text-is-due",
    ),
    pytest.param(
        sub("project.yaml", "  department: 广州市政务服务数据管理局     # 主管部门", "  department:"),
        "project.yaml",
        ["project.department", "is empty"],
        id="required-text-left-empty",
    ),
    # ---- messages that point at the real mistake
    pytest.param(
        _bytes_sub("funding.csv", b"\n", b"\r"),
        "funding.csv",
        ["ends its lines with CR only (old Mac line endings)", "line endings"],
        id="csv-cr-only-line-endings",
    ),
    pytest.param(
        _bytes_sub("funding.csv", b"transfer,0.00", b"trans\rfer,0.00"),
        "funding.csv",
        ["line 3", "has a line break (CR) on its own, inside a row", "line endings"],
        id="csv-stray-cr",
    ),
    pytest.param(_only_year_period_in_contract, "project.yaml", ["contract.year_period", "is missing"], id="contract-left-empty"),
    pytest.param(
        sub(
            "indicators.yaml",
            LEADERSHIP,
            "formula: qualitative\n    target: 及时\n    reported_text: 及时\n    scoring: {rule: qualitative, band: 达成, score: 15}",
        ),
        "indicators.yaml",
        ["indicators[5] (id leadership_tasks)", "target: must be a mapping of field: value (got '及时')", "fix: write target: {text: 及时}"],
        id="qualitative-target-as-bare-text",
    ),
    pytest.param(
        sub("indicators.yaml", ANSWER_TARGET, "target: 及时\n    weight: 12"),
        "indicators.yaml",
        ["indicators[1] (id answer_rate).target", "(got '及时')", "{text: 及时} needs formula: qualitative"],
        id="text-target-on-a-rate",
    ),
    pytest.param(
        sub("indicators.yaml", ANSWER_TARGET, ANSWER_TARGET.replace('op: ">="', "op: >=")),
        "indicators.yaml",
        ["malformed YAML", 'put the operator in quotes: op: ">="'],
        id="unquoted-operator-flow",
    ),
    pytest.param(
        sub("indicators.yaml", ANSWER_TARGET, 'target:\n      op: >=\n      value: 95\n      unit: "%"\n    weight: 12'),
        "indicators.yaml",
        ["malformed YAML", 'put the operator in quotes: op: ">="'],
        id="unquoted-operator-block",
    ),
    pytest.param(
        sub("indicators.yaml", ANSWER_TARGET, ANSWER_TARGET.replace('unit: "%"', "unit: %")),
        "indicators.yaml",
        ["malformed YAML", 'put the unit in quotes: unit: "%"'],
        id="unquoted-percent-unit",
    ),
    # ---- prose is Markdown without images, links only to http(s)/mailto
    pytest.param(
        sub("prose.yaml", "problems: 项目", "problems: >-\n  ![x](http://192.0.2.1/x.png)项目"),
        "prose.yaml",
        ["problems", "contains a Markdown image ('http://192.0.2.1/x.png')", "loads nothing from the network or the disk"],
        id="markdown-image-in-prose",
    ),
    pytest.param(
        sub("prose.yaml", "problems: 项目", "problems: |-\n  ![x][a]\n\n  [a]: ../../../etc/passwd\n  项目"),
        "prose.yaml",
        ["problems", "contains a Markdown image ('../../../etc/passwd')"],
        id="markdown-image-reference-style",
    ),
    pytest.param(
        sub("indicators.yaml", "improvement: >-\n      一是", "improvement: >-\n      ![a](x.png)一是"),
        "indicators.yaml",
        ["indicators[1] (id answer_rate).improvement", "contains a Markdown image ('x.png')"],
        id="markdown-image-in-indicator-text",
    ),
    pytest.param(
        sub("prose.yaml", "problems: 项目", "problems: >-\n  [点此](javascript:alert(1))项目"),
        "prose.yaml",
        ["problems", "contains a link to 'javascript:alert(1)'", "only go to http://, https:// or mailto:"],
        id="markdown-link-javascript",
    ),
    pytest.param(
        sub("prose.yaml", "problems: 项目", "problems: >-\n  [点此](../../etc/passwd)项目"),
        "prose.yaml",
        ["problems", "contains a link to '../../etc/passwd'"],
        id="markdown-link-relative",
    ),
    # ---- digits: full-width 0-9 are read, other scripts' digits refused (data/README.md, "Numbers"; issue 27)
    pytest.param(
        sub("budget.yaml", "weight: 10 ", "weight: '١٠' "),
        "budget.yaml",
        ["weight: ", "含有其他文字的数字 U+0661 ARABIC-INDIC DIGIT ONE（第 1 个字符）", "0-9"],
        id="arabic-indic-digits-in-yaml",
    ),
    pytest.param(
        write("funding.csv", FUNDING.replace("municipal,13410.06,13410.06", "municipal,١٣٤١٠.٠٦,13410.06")),
        "funding.csv",
        ["row 2, column budget", "含有其他文字的数字 U+0661 ARABIC-INDIC DIGIT ONE"],
        id="arabic-indic-digits-in-csv",
    ),
    pytest.param(
        sub("project.yaml", "end: 2021-12-31}", "end: '२०२१-12-31'}"),
        "project.yaml",
        ["contract.year_period.end", "含有其他文字的数字 U+0968 DEVANAGARI DIGIT TWO"],
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
        ["indicators[1] (id answer_rate).name", "Unicode 非字符 U+FFFF"],
        id="noncharacter-ffff-in-indicator-name",
    ),
    pytest.param(
        sub("indicators.yaml", "    deviation_reason: >-\n      受新冠疫情", "    deviation_reason: >-\n      " + "原因" * 20_400 + "受新冠疫情"),
        "indicators.yaml",
        ["indicators[1] (id answer_rate).deviation_reason", "超过 32,767（Excel 一个单元格的上限", "缩短这段文字"],
        id="deviation-reason-longer-than-a-cell",
    ),
    # ---- the capacity model's documented limit (data/README.md, capacity.yaml)
    pytest.param(
        write("capacity.yaml", "occupancy_cap: 0.000000001\n"),
        "capacity.yaml",
        ["occupancy_cap", "agents on duty in the busiest hour", "beyond the capacity model's limit of 50,000", "0.85"],
        id="capacity-occupancy-cap-near-zero",
    ),
    pytest.param(
        ANSWER_COUNTS_X1000,
        "indicators.yaml",
        ["indicator answer_rate denominator", "11,666,777,000 calls offered", "beyond the capacity model's limit of 50,000", "check the annual counts"],
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
    assert f"{file}:" in msg, msg
    for fragment in expected:
        assert fragment in msg, f"{fragment!r} not in: {msg}"
    assert " — fix: " in msg and msg.split(" — fix: ", 1)[1].strip(), msg
    assert "more problem" not in msg, f"one broken thing must be reported as one problem: {msg}"


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
    assert "executed 13,500.00 exceeds budget 13,410.06万元" in warning


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
    assert "row 5, column budget" in str(err.value)
