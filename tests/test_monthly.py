"""Monthly 接通率: reconciliation with the annual counts, the months below target, the sentence.

Uses the SYNTHETIC fixture tests/fixtures/years/2021 (data/2021 + invented months that add
up to the report's annual counts); data/2021 itself has no monthly figures.
"""

from __future__ import annotations

import shutil
from decimal import Decimal as D
from fractions import Fraction
from pathlib import Path

import pytest

from selfeval.analyses.monthly import monthly_rates, months_below_target
from selfeval.contract.crosscheck import answer_rate_indicator
from selfeval.contract.load import load_year
from selfeval.errors import DataError
from selfeval.evaluation.evaluate import evaluate
from selfeval.presentation.monthly_text import monthly_sentence, no_monthly_sentence

DATA = Path(__file__).resolve().parents[1] / "data"
FIXTURE = Path(__file__).resolve().parent / "fixtures" / "years" / "2021"
HEADER = "month,calls_offered,calls_answered,service_volume"


@pytest.fixture
def year(tmp_path):
    """A writable copy of the fixture year (with monthly.csv)."""
    dst = tmp_path / "data" / "2021"
    shutil.copytree(FIXTURE, dst)
    return dst


def read_rows(folder: Path) -> list[list[int]]:
    lines = (folder / "monthly.csv").read_text(encoding="utf-8").split()
    return [[int(c) for c in line.split(",")] for line in lines[1:]]


def write_rows(folder: Path, rows: list[list], header: str = HEADER) -> None:
    body = "\n".join(",".join(str(c) for c in r) for r in rows)
    (folder / "monthly.csv").write_text(f"{header}\n{body}\n", encoding="utf-8")


def set_annual_counts(folder: Path, offered: int, answered: int) -> None:
    text = (folder / "indicators.yaml").read_text(encoding="utf-8")
    text = text.replace("value: 10975138", f"value: {answered}").replace("value: 11666777", f"value: {offered}")
    (folder / "indicators.yaml").write_text(text, encoding="utf-8")


def load_error(folder: Path) -> DataError:
    with pytest.raises(DataError) as exc:
        load_year(folder)
    assert "\n" not in str(exc.value)
    return exc.value


# ----------------------------------------------------------------------------- the fixture year


def test_months_add_up_to_the_annual_indicator():
    data = load_year(FIXTURE)
    rates = monthly_rates(data)
    assert [r.month for r in rates] == list(range(1, 13))
    ind = answer_rate_indicator(data)
    assert sum(r.calls_offered for r in rates) == ind.denominator.value == 11666777
    assert sum(r.calls_answered for r in rates) == ind.numerator.value == 10975138
    # the annual rate is the indicator's, unchanged by the months
    assert evaluate(data).item("answer_rate").value.reported == D("94.07")


def test_monthly_rates_are_exact_and_rounded_half_up():
    rates = {r.month: r for r in monthly_rates(load_year(FIXTURE))}
    aug = rates[8]
    assert aug.exact == Fraction(1033583, 1143344) * 100
    assert aug.reported == D("90.40") and aug.text == "90.40%" and not aug.met
    assert rates[5].reported == D("97.00") and rates[5].met


def test_months_below_target_and_sentence():
    data = load_year(FIXTURE)
    assert months_below_target(data) == [1, 2, 7, 8, 12]
    assert monthly_sentence(data) == "2021年1月、2月、7月、8月、12月接通率低于95%目标（最低为8月，90.40%），其余7个月达标。"


def test_no_monthly_csv_gives_the_one_sentence():
    data = load_year(DATA / "2021")
    assert data.monthly is None
    assert monthly_rates(data) == [] and months_below_target(data) == []
    assert monthly_sentence(data) == no_monthly_sentence(data) == "2021年未提供分月话务数据，本报告不作逐月接通率分析。"


def test_all_months_met(year):
    rows = [[m, 100000, 96000] for m in range(1, 13)]
    write_rows(year, rows, "month,calls_offered,calls_answered")
    set_annual_counts(year, 1200000, 1152000)
    data = load_year(year)
    assert months_below_target(data) == []
    assert monthly_sentence(data) == "2021年12个月接通率均不低于95%的目标。"


def test_all_months_missed(year):
    rows = [[m, 100000, 90000 + m] for m in range(1, 13)]
    write_rows(year, rows, "month,calls_offered,calls_answered")
    set_annual_counts(year, 1200000, sum(r[2] for r in rows))
    data = load_year(year)
    assert months_below_target(data) == list(range(1, 13))
    assert monthly_sentence(data) == "2021年全部12个月接通率均低于95%目标。"


def test_rows_in_any_order(year):
    rows = read_rows(year)
    write_rows(year, list(reversed(rows)))
    assert months_below_target(load_year(year)) == [1, 2, 7, 8, 12]


# ----------------------------------------------------------------------------- reconciliation errors


def test_missing_month(year):
    write_rows(year, [r for r in read_rows(year) if r[0] != 6])
    err = load_error(year)
    assert err.file.endswith("monthly.csv") and "缺少6月" in err.problem


def test_duplicate_month(year):
    rows = read_rows(year)
    rows[5][0] = 5  # month 6 relabelled as a second month 5
    write_rows(year, rows)
    err = load_error(year)
    assert err.file.endswith("monthly.csv") and "月份（month）" in err.field and "出现了两次" in err.problem


def test_offered_do_not_add_up(year):
    rows = read_rows(year)
    rows[0][1] += 10
    write_rows(year, rows)
    err = load_error(year)
    assert err.field == "呼入数（calls_offered）列"
    assert "11,666,787" in err.problem and "11,666,777" in err.problem and "+10" in err.problem


def test_answered_do_not_add_up(year):
    rows = read_rows(year)
    rows[3][2] -= 1
    write_rows(year, rows)
    err = load_error(year)
    assert err.field == "接通数（calls_answered）列" and "指标 answer_rate 的分子数值" in err.problem and "-1" in err.problem


def test_service_volume_must_match_operations(year):
    rows = read_rows(year)
    rows[11][3] += 5
    write_rows(year, rows)
    err = load_error(year)
    assert err.field == "服务量（service_volume）列" and "operations.yaml 年度服务量（service_volume）" in err.problem


def test_service_volume_all_or_none(year):
    rows = [r[:3] + ([r[3]] if r[0] != 4 else [""]) for r in read_rows(year)]
    write_rows(year, rows)
    err = load_error(year)
    assert err.field == "4月，服务量（service_volume）" and "为空" in err.problem


def test_service_volume_optional(year):
    write_rows(year, [r[:3] for r in read_rows(year)], "month,calls_offered,calls_answered")
    assert months_below_target(load_year(year)) == [1, 2, 7, 8, 12]


def test_zero_calls_in_a_month(year):
    rows = read_rows(year)
    rows[2][1] += rows[1][1]  # February's calls moved to March: the totals still agree
    rows[2][2] += rows[1][2]
    rows[1][1] = rows[1][2] = 0
    write_rows(year, rows)
    err = load_error(year)
    assert err.field == "2月，呼入数（calls_offered）" and "为0" in err.problem


# ----------------------------------------------------------------------------- which indicator


def test_named_answer_rate_indicator(year):
    ind = (year / "indicators.yaml").read_text(encoding="utf-8").replace("id: answer_rate", "id: connect_rate")
    (year / "indicators.yaml").write_text(ind, encoding="utf-8")
    with (year / "operations.yaml").open("a", encoding="utf-8") as f:
        f.write("answer_rate_indicator: connect_rate\n")
    data = load_year(year)
    assert answer_rate_indicator(data).id == "connect_rate"
    assert months_below_target(data) == [1, 2, 7, 8, 12]


def test_monthly_without_an_answer_rate_indicator(year):
    ind = (year / "indicators.yaml").read_text(encoding="utf-8").replace("id: answer_rate", "id: connect_rate")
    (year / "indicators.yaml").write_text(ind, encoding="utf-8")
    err = load_error(year)
    assert err.file.endswith("monthly.csv") and "没有可与之核对的接通率指标" in err.problem


def test_unknown_named_indicator_is_caught_even_without_monthly(tmp_path):
    dst = tmp_path / "data" / "2021"
    shutil.copytree(DATA / "2021", dst)
    with (dst / "operations.yaml").open("a", encoding="utf-8") as f:
        f.write("answer_rate_indicator: answer_ratio\n")
    err = load_error(dst)
    assert err.file.endswith("operations.yaml") and err.field == "接通率指标编号（answer_rate_indicator）"
    assert "“answer_ratio”不是 indicators.yaml（绩效指标）中的指标编号" in err.problem and "answer_rate" in err.fix


def test_named_indicator_must_be_a_ratio(year):
    with (year / "operations.yaml").open("a", encoding="utf-8") as f:
        f.write("answer_rate_indicator: first_contact_resolution\n")  # a complement
    err = load_error(year)
    assert err.field == "接通率指标编号（answer_rate_indicator）" and "计算公式是“complement”" in err.problem
