"""Call records (data/<year>/calls/): generator, exact aggregation, every bad input, cache, analysis, text, CLI, build.

Records are generated small (a few dozen rows written here, or ~20,000 from
scripts/synth_calls.py) into tmp data roots whose answer-rate counts are set to match; the
real data/2021 is never given records. Expected values are computed independently (Python's
csv and datetime over the same rows), or are the reference report's own figures.
"""

from __future__ import annotations

import csv
import datetime as dt
import gzip
import importlib.util
import io
import math
import os
import shutil
import sys
import time
from collections import defaultdict
from decimal import Decimal as D
from fractions import Fraction
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from book_fixtures import cli_in_process, project_copy
from selfeval.analyses import calls
from selfeval.analyses.calls import scan
from selfeval.analyses.calls.records import FOLDER
from selfeval.analyses.calls.stats import Totals, call_stats, min_answered, month_rows, typical_day
from selfeval.analyses.erlang import erlang_a, required_agents
from selfeval.contract import file_digests as digests
from selfeval.contract.load import load_year
from selfeval.errors import DataError
from selfeval.evaluation.year_cache import cache_clear

ROOT = Path(__file__).resolve().parents[1]
DATA2021 = ROOT / "data" / "2021"
HEADER = ["call_id", "arrival_time", "answer_time", "end_time", "wrap_up_seconds", "agent_id"]
T0 = dt.datetime(2021, 3, 1, 8, 0, 0)


def _synth():
    spec = importlib.util.spec_from_file_location("synth_calls", ROOT / "scripts" / "synth_calls.py")
    mod = importlib.util.module_from_spec(spec)
    sys.modules["synth_calls"] = mod  # dataclasses look their module up there
    spec.loader.exec_module(mod)  # type: ignore[union-attr]
    return mod


synth = _synth()


@pytest.fixture(autouse=True)
def _fresh_years():
    """Years are cached per folder in a process; tests rewrite folders, so start clean."""
    cache_clear()
    yield
    cache_clear()


def ts(t: dt.datetime) -> str:
    return t.strftime("%Y-%m-%d %H:%M:%S")


def clean_rows(n: int = 40) -> list[dict]:
    """n calls from 2021-03-01 08:00, 90 s apart; every 10th abandoned after 30 s; waits 0–24 s; 4 agents."""
    rows = []
    for i in range(n):
        arrival = T0 + dt.timedelta(seconds=90 * i)
        if i % 10 == 9:
            rows.append(
                {
                    "call_id": str(i + 1),
                    "arrival_time": ts(arrival),
                    "answer_time": "",
                    "end_time": ts(arrival + dt.timedelta(seconds=30)),
                    "wrap_up_seconds": "",
                    "agent_id": "",
                }
            )
        else:
            answer = arrival + dt.timedelta(seconds=i % 25)
            rows.append(
                {
                    "call_id": str(i + 1),
                    "arrival_time": ts(arrival),
                    "answer_time": ts(answer),
                    "end_time": ts(answer + dt.timedelta(seconds=120 + i)),
                    "wrap_up_seconds": "10",
                    "agent_id": f"A{i % 4}",
                }
            )
    return rows


def csv_text(rows: list[dict], header: list[str] = HEADER) -> str:
    out = io.StringIO()
    w = csv.DictWriter(out, fieldnames=header, lineterminator="\n", extrasaction="ignore")
    w.writeheader()
    w.writerows(rows)
    return out.getvalue()


def make_year(root: Path, files: dict[str, str | bytes], offered: int | None = None, answered: int | None = None, columns_yaml: str | None = None) -> Path:
    """root/2021: data/2021 with calls/ holding ``files``; answer-rate counts set (default: from the first CSV's rows)."""
    year = root / "2021"
    shutil.copytree(DATA2021, year)
    folder = year / FOLDER
    folder.mkdir()
    for name, content in files.items():
        data = content.encode("utf-8") if isinstance(content, str) else content
        (folder / name).write_bytes(gzip.compress(data) if name.endswith(".gz") and isinstance(content, str) else data)
    if columns_yaml is not None:
        (folder / "columns.yaml").write_text(columns_yaml, encoding="utf-8")
    if offered is None:
        first = next(c for c in files.values() if isinstance(c, str))
        body = list(csv.DictReader(io.StringIO(first)))
        offered, answered = len(body), sum(1 for r in body if (r.get("answer_time") or r.get("接通时间") or r.get("应答时刻")))
    synth.set_answer_counts(year, offered, answered)
    return year


def load(year: Path, tmp_path: Path):
    return calls.year_calls(year.parent, 2021, cache_dir=tmp_path / "cache")


def error_of(year: Path, tmp_path: Path) -> DataError:
    with pytest.raises(DataError) as exc:
        load(year, tmp_path)
    err = exc.value
    assert "\n" not in str(err), str(err)
    assert err.fix, str(err)
    return err


# ----------------------------------------------------------------------------- the generator


def test_generator_full_year_counts_equal_the_2021_indicator():
    counts = synth.year_counts(DATA2021)
    assert (counts.offered, counts.answered) == (11666777, 10975138)
    assert synth.scaled_answered(11666777, 11666777, 10975138) == 10975138
    p = synth.plan(counts.start, counts.end, counts.offered, counts.answered, seed=0)
    assert int(p.offered.sum()) == 11666777
    assert int(p.offered.sum() - p.abandoned.sum()) == 10975138
    assert p.offered.shape == (365, 24) and (p.abandoned <= p.offered).all()
    months = defaultdict(int)
    for d, row in zip(p.days, p.offered):
        months[d.month] += int(row.sum())
    assert months[2] < months[1] and months[8] == max(months.values())  # February dip, August peak
    hours = p.offered.sum(axis=0)
    assert hours.argmax() == 10 and hours[3] < hours[10] / 20  # morning peak, quiet night


def test_small_fixture_year_is_consistent(tmp_path):
    _, counts = synth.fixture_year(DATA2021, tmp_path / "data", rows=20000, seed=1, fmt="parquet")
    assert (counts.offered, counts.answered) == (20000, 18814)  # 20000 × 10975138 / 11666777 = 18814.4 → 18814
    rec = calls.year_calls(tmp_path / "data", 2021, cache_dir=tmp_path / "cache")
    assert (rec.offered, rec.answered) == (20000, 18814)
    assert rec.files == (("calls-2021.parquet", 20000),)
    assert set(rec.columns) == {"call_id", "arrival_time", "answer_time", "end_time", "wrap_up_seconds", "queue", "agent_id"}
    assert not (DATA2021 / FOLDER).exists()  # the real year stays free of synthetic records


# ----------------------------------------------------------------------------- exact aggregation


def python_cells(path: Path) -> dict:
    """The per-(date, hour) table computed independently with csv + datetime over a CSV.gz."""
    out: dict = defaultdict(lambda: [0, 0, 0, 0, 0, 0, 0, set()])
    with gzip.open(path, "rt", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            a = dt.datetime.fromisoformat(r["arrival_time"])
            e = dt.datetime.fromisoformat(r["end_time"])
            c = out[(a.date(), a.hour)]
            c[0] += 1
            if r["answer_time"]:
                b = dt.datetime.fromisoformat(r["answer_time"])
                wait = int((b - a).total_seconds())
                c[1] += 1
                c[2] += wait <= 20
                c[3] += wait * 10**6
                c[5] += int((e - b).total_seconds()) * 10**6
                c[6] += int(r["wrap_up_seconds"]) * 1000
                c[7].add(r["agent_id"])
            else:
                c[4] += int((e - a).total_seconds()) * 10**6
    return out


def test_aggregate_equals_an_independent_python_count(tmp_path):
    year, _ = synth.fixture_year(DATA2021, tmp_path / "data", rows=20000, seed=2, fmt="csv.gz")
    rec = calls.year_calls(tmp_path / "data", 2021, cache_dir=tmp_path / "cache")
    expected = python_cells(next((year / FOLDER).glob("*.csv.gz")))
    got = {(c.day, c.hour): [c.offered, c.answered, c.answered_20s, c.wait_answered_us, c.wait_abandoned_us, c.talk_us, c.wrap_ms, c.agents] for c in rec.cells}
    assert got.keys() == expected.keys()
    for key, e in expected.items():
        assert got[key] == [*e[:7], len(e[7])], key


def test_parquet_csv_and_csv_gz_give_the_same_table(tmp_path):
    rows = clean_rows(60)
    table = pa.table({k: [r[k] or None for r in rows] for k in HEADER})
    buf = io.BytesIO()
    pq.write_table(table, buf)
    tables = []
    for name, content in (("c.csv", csv_text(rows)), ("c.csv.gz", csv_text(rows)), ("c.parquet", buf.getvalue())):
        year = make_year(tmp_path / name, {name: content}, 60, 54)
        tables.append(load(year, tmp_path / name).cells)
    assert tables[0] == tables[1] == tables[2]


def test_stats_of_a_hand_checked_set(tmp_path):
    year = make_year(tmp_path / "d", {"calls.csv": csv_text(clean_rows(40))})
    rec = load(year, tmp_path)
    s = call_stats(rec, 2021)
    t = s.total
    answered = [i for i in range(40) if i % 10 != 9]
    assert (t.offered, t.answered, t.abandoned) == (40, 36, 4)
    assert t.answered_20s == sum(1 for i in answered if i % 25 <= 20)
    assert t.asa_seconds == Fraction(sum(i % 25 for i in answered), 36)
    assert t.talk_seconds == Fraction(sum(120 + i for i in answered), 36)
    assert t.wrap_seconds == 10 and t.aht_seconds == t.talk_seconds + 10
    # patience (exponential MLE): every caller's waiting time ÷ abandons
    assert t.patience_seconds == Fraction(sum(i % 25 for i in answered) + 4 * 30, 4)
    assert t.service_level_share == Fraction(t.answered_20s, 40) and t.abandon_share == Fraction(4, 40)
    # 40 calls 90 s apart from 08:00: 40 in 08:00–08:59 … 08:00 + 39×90 s = 08:58:30
    assert [(c.hour, c.offered, c.agents) for c in rec.cells] == [(8, 40, 4)]
    assert month_rows(rec)[0].calls_offered == 40 and month_rows(rec)[0].month == 3


def test_min_answered_uses_the_indicators_rounding():
    ind = next(i for i in load_year(DATA2021).indicators if i.id == "answer_rate")
    # half-up to 2 decimals: 94.995% already reports as 95.00%
    assert min_answered(11666777, ind) == math.ceil(Fraction(11666777 * 94995, 100000))
    assert min_answered(100, ind) == 95
    assert min_answered(0, ind) == 0


def test_typical_day_is_the_lower_median():
    from selfeval.analyses.calls.stats import DayCount

    days = [DayCount(dt.date(2021, 1, d), n, n) for d, n in ((1, 50), (2, 10), (3, 30), (4, 20))]
    assert typical_day(days).day == dt.date(2021, 1, 4)  # 10, 20, 30, 50 → 20


def test_totals_without_wrap_up_use_talk_only():
    t = Totals(offered=2, answered=2, talk_us=300 * 10**6, wrap_ms=None)
    assert t.wrap_seconds is None and t.aht_seconds == 150


# ----------------------------------------------------------------------------- column map


def test_chinese_export_headers_are_recognised(tmp_path):
    _, counts = synth.fixture_year(DATA2021, tmp_path / "data", rows=3000, seed=4, fmt="csv", headers="zh")
    rec = calls.year_calls(tmp_path / "data", 2021, cache_dir=tmp_path / "cache")
    assert (rec.offered, rec.answered) == (counts.offered, counts.answered)
    assert rec.has_wrap and rec.has_agents


def test_columns_yaml_maps_other_headers_and_timestamp_format(tmp_path):
    rows = [
        {
            "流水": r["call_id"],
            "呼入时刻": r["arrival_time"].replace("-", "/"),
            "应答时刻": r["answer_time"].replace("-", "/"),
            "释放时刻": r["end_time"].replace("-", "/"),
        }
        for r in clean_rows(20)
    ]
    text = csv_text(rows, ["流水", "呼入时刻", "应答时刻", "释放时刻"])
    mapping = "call_id: 流水\narrival_time: 呼入时刻\nanswer_time: 应答时刻\nend_time: 释放时刻\ntimestamp_format: '%Y/%m/%d %H:%M:%S'\n"
    year = make_year(tmp_path / "d", {"export.csv": text}, 20, 18, columns_yaml=mapping)
    rec = load(year, tmp_path)
    assert (rec.offered, rec.answered) == (20, 18) and not rec.has_wrap and not rec.has_agents


def test_columns_yaml_can_switch_a_column_off(tmp_path):
    year = make_year(tmp_path / "d", {"calls.csv": csv_text(clean_rows(20))}, columns_yaml="agent_id: false\n")
    assert not load(year, tmp_path).has_agents


# ----------------------------------------------------------------------------- bad input: one line each


def with_row(n: int, index: int, **changes) -> str:
    rows = clean_rows(n)
    rows[index].update(changes)
    return csv_text(rows)


def test_missing_column(tmp_path):
    rows = clean_rows(10)
    year = make_year(tmp_path / "d", {"calls.csv": csv_text(rows, [h for h in HEADER if h != "answer_time"])}, 10, 9)
    err = error_of(year, tmp_path)
    assert err.file.endswith("calls/calls.csv") and err.field == "answer_time列"
    assert "缺少该列" in err.problem and "接通时间" in err.problem and "columns.yaml" in err.fix


@pytest.mark.parametrize(
    "value, note",
    [
        ("2021/13/45 25:00:00", "not a date"),
        ("2021-03-01", "date without a time"),
        ("2021-03-01 08:00:00Z", "UTC suffix"),
        ("2021-03-01 08:00:00+08", "zone offset"),
        ("soon", "text"),
    ],
)
def test_unparseable_timestamps(tmp_path, value, note):
    year = make_year(tmp_path / "d", {"calls.csv": with_row(30, 6, arrival_time=value)}, 30, 27)
    err = error_of(year, tmp_path)
    # data row 7 of the file is its line 8 (the header is row 1)
    assert err.field == "arrival_time列，第8行", note
    assert "不是日期时间" in err.problem and f"“{value}”" in err.problem
    assert "YYYY-MM-DD HH:MM:SS" in err.fix


def test_unparseable_answer_time_counts_every_row(tmp_path):
    rows = clean_rows(30)
    for i in (3, 4, 5, 22):
        rows[i]["answer_time"] = "n/a"
    year = make_year(tmp_path / "d", {"calls.csv": csv_text(rows)}, 30, 27)
    err = error_of(year, tmp_path)
    assert err.field == "answer_time列，第5、6、7行" and "共4行" in err.problem


def test_rows_outside_the_fiscal_year(tmp_path):
    year = make_year(
        tmp_path / "d",
        {"calls.csv": with_row(30, 0, arrival_time="2020-12-31 23:59:58", answer_time="2020-12-31 23:59:59", end_time="2021-01-01 00:02:00")},
        30,
        27,
    )
    err = error_of(year, tmp_path)
    assert err.field == "arrival_time列，第2行"
    assert "不在财政年度 2021-01-01至2021-12-31 内" in err.problem and "year_period" in err.fix


def test_answer_before_arrival(tmp_path):
    year = make_year(tmp_path / "d", {"calls.csv": with_row(30, 11, answer_time=ts(T0))}, 30, 27)
    err = error_of(year, tmp_path)
    assert err.field == "answer_time列，第13行" and "早于来电时间（arrival_time）" in err.problem
    assert "arrival_time 2021-03-01 08:16:30" in err.problem


def test_negative_talk_time(tmp_path):
    year = make_year(tmp_path / "d", {"calls.csv": with_row(30, 2, end_time=ts(T0))}, 30, 27)
    err = error_of(year, tmp_path)
    assert err.field == "end_time列，第4行" and "时长为负" in err.problem


def test_abandoned_call_ending_before_it_arrived(tmp_path):
    year = make_year(tmp_path / "d", {"calls.csv": with_row(30, 9, end_time=ts(T0))}, 30, 27)
    assert error_of(year, tmp_path).field == "end_time列，第11行"


@pytest.mark.parametrize("value, words", [("-5", "为负数"), ("abc", "不是秒数"), ("", "接通的呼叫为空")])
def test_bad_wrap_up(tmp_path, value, words):
    year = make_year(tmp_path / "d", {"calls.csv": with_row(30, 1, wrap_up_seconds=value)}, 30, 27)
    err = error_of(year, tmp_path)
    assert err.field == "wrap_up_seconds列，第3行" and words in err.problem


def test_answered_call_without_agent(tmp_path):
    year = make_year(tmp_path / "d", {"calls.csv": with_row(30, 1, agent_id="")}, 30, 27)
    err = error_of(year, tmp_path)
    assert err.field == "agent_id列，第3行" and "agent_id: false" in err.fix


def test_duplicate_call_ids_in_one_file(tmp_path):
    year = make_year(tmp_path / "d", {"calls.csv": with_row(30, 20, call_id="5")}, 30, 27)
    err = error_of(year, tmp_path)
    assert err.field == "call_id列"
    assert "呼叫流水号“5”出现了2次（calls.csv 第6行、calls.csv 第22行）；共1行与前面的行重复" in err.problem


def test_duplicate_call_ids_across_files(tmp_path):
    text = csv_text(clean_rows(20))
    year = make_year(tmp_path / "d", {"a.csv": text, "b.csv": text}, 40, 36)
    err = error_of(year, tmp_path)
    assert "a.csv 第2行、b.csv 第2行" in err.problem and "共20行与前面的行重复" in err.problem


@pytest.mark.parametrize(
    "name, content, words",
    [
        ("calls.xlsx", b"PK\x03\x04rest", "不是 CSV 或 Parquet 文件"),
        ("calls.txt", b"call_id,arrival_time\n", "不是 CSV 或 Parquet 文件"),
        ("calls.csv", b"PK\x03\x04\x14\x00", "Excel .xlsx 工作簿"),
        ("calls.parquet", b"call_id,arrival_time\n1,2\n", "不是Parquet 文件"),
        ("calls.csv.gz", b"call_id,arrival_time\n", "不是gzip 文件"),
        ("calls.csv", "来电时间,接通时间,挂机时间\n".encode("gbk"), "GBK"),
        ("calls.csv", b"", "没有标题行"),
    ],
)
def test_files_that_are_not_csv_or_parquet(tmp_path, name, content, words):
    year = make_year(tmp_path / "d", {name: content}, 1, 1)
    err = error_of(year, tmp_path)
    assert err.file.endswith(f"calls/{name}") and words in err.problem


def test_totals_that_do_not_reconcile_name_both_numbers(tmp_path):
    year = make_year(tmp_path / "d", {"calls.csv": csv_text(clean_rows(40))}, 41, 36)
    err = error_of(year, tmp_path)
    assert err.file.endswith("2021/calls")
    assert "话单中呼入数为40，但" in err.problem and "指标 answer_rate 的分母数值（总呼入数）为41（相差-1）" in err.problem
    synth.set_answer_counts(year, 40, 35)
    assert "呼入数为40" not in error_of(year, tmp_path).problem  # offered agree now; answered 36 vs 35
    assert "话单中接通数为36" in error_of(year, tmp_path).problem


def test_monthly_csv_and_calls_together_are_an_error(tmp_path):
    year = make_year(tmp_path / "d", {"calls.csv": csv_text(clean_rows(10))})
    shutil.copyfile(ROOT / "tests" / "fixtures" / "years" / "2021" / "monthly.csv", year / "monthly.csv")
    with pytest.raises(DataError) as exc:
        load_year(year)
    assert exc.value.file.endswith("2021/monthly.csv") and "与 calls/ 同时存在" in exc.value.problem and "\n" not in str(exc.value)


def test_monthly_counts_from_elsewhere_and_records_are_an_error(tmp_path):
    from selfeval.analyses.calls.records import load_records

    year = make_year(tmp_path / "d", {"calls.csv": csv_text(clean_rows(10))})
    data = load_year(year)
    with_months = data.model_copy(update={"monthly": load_year(ROOT / "tests" / "fixtures" / "years" / "2021").monthly})
    with pytest.raises(DataError, match="与分月计数同时存在"):
        load_records(with_months, year, tmp_path / "cache")


def test_calls_must_be_a_folder_with_files(tmp_path):
    year = tmp_path / "d" / "2021"
    shutil.copytree(DATA2021, year)
    (year / FOLDER).write_text("x", encoding="utf-8")
    with pytest.raises(DataError, match="是文件，但 calls 应是存放话单文件的文件夹"):
        load_year(year)
    (year / FOLDER).unlink()
    (year / FOLDER).mkdir()
    (year / FOLDER / "README.md").write_text("notes", encoding="utf-8")
    assert error_of(year, tmp_path).problem == "没有话单文件"


def test_optional_column_in_some_files_only(tmp_path):
    rows = clean_rows(20)
    year = make_year(tmp_path / "d", {"a.csv": csv_text(rows[:10]), "b.csv": csv_text(rows[10:], [h for h in HEADER if h != "agent_id"])}, 20, 18)
    err = error_of(year, tmp_path)
    assert err.file.endswith("b.csv") and err.field == "agent_id列" and "而 a.csv 有" in err.problem


def test_ambiguous_and_mis_mapped_headers(tmp_path):
    rows = [{**r, "呼入时间": r["arrival_time"]} for r in clean_rows(10)]
    year = make_year(tmp_path / "a", {"calls.csv": csv_text(rows, [*HEADER, "呼入时间"])}, 10, 9)
    err = error_of(year, tmp_path)
    assert err.field == "arrival_time列" and "不明确" in err.problem and "arrival_time" in err.problem and "呼入时间" in err.problem
    year = make_year(tmp_path / "b", {"calls.csv": csv_text(clean_rows(10))}, 10, 9, columns_yaml="arrival_time: 来电时刻\n")
    assert "文件中没有这一列" in error_of(year, tmp_path / "b").problem


def test_columns_yaml_typo_is_named(tmp_path):
    year = make_year(tmp_path / "d", {"calls.csv": csv_text(clean_rows(10))}, 10, 9, columns_yaml="arival_time: 来电时间\n")
    err = error_of(year, tmp_path)
    assert err.file.endswith("calls/columns.yaml") and err.field == "arival_time" and "不是已知的字段" in err.problem


def test_a_row_the_engine_cannot_read(tmp_path):
    text = csv_text(clean_rows(10)) + "99,2021-03-01 09:00:00,,2021-03-01 09:01:00,,,extra,cells\n"
    year = make_year(tmp_path / "d", {"calls.csv": text}, 11, 9)
    err = error_of(year, tmp_path)  # DuckDB: "CSV Error on Line: 12 … Expected Number of Columns: 6 Found: 7" (it stops at the 7th of 8)
    assert err.file.endswith("2021/calls/calls.csv") and err.field == "第12行" and err.problem == "单元格多于表头的6列", err


# ----------------------------------------------------------------------------- cache


def test_unchanged_records_are_not_scanned_again(tmp_path, monkeypatch):
    year = make_year(tmp_path / "d", {"calls.csv": csv_text(clean_rows(40))})
    first = load(year, tmp_path)

    def no_scan(*args, **kwargs):
        raise AssertionError("scanned again")

    monkeypatch.setattr(scan, "run", no_scan)
    assert load(year, tmp_path) == first
    os.utime(year / FOLDER / "calls.csv", (time.time() - 10, time.time() - 10))  # touched, same content: same key
    assert load(year, tmp_path) == first


def test_changed_records_are_scanned_and_bad_ones_fail_from_the_cache(tmp_path, monkeypatch):
    year = make_year(tmp_path / "d", {"calls.csv": csv_text(clean_rows(40))})
    load(year, tmp_path)
    (year / FOLDER / "calls.csv").write_text(with_row(40, 3, answer_time="bad"), encoding="utf-8")
    first = error_of(year, tmp_path)
    monkeypatch.setattr(scan, "run", lambda *a, **k: (_ for _ in ()).throw(AssertionError("scanned again")))
    assert str(error_of(year, tmp_path)) == str(first)


def test_digests_are_remembered_but_never_for_fresh_files(tmp_path, monkeypatch):
    f = tmp_path / "x.bin"
    f.write_bytes(b"a" * 100)
    fresh = digests.digest(f, tmp_path / "memo")
    f.write_bytes(b"b" * 100)  # same size, same tick: must not reuse the first digest
    assert digests.digest(f, tmp_path / "memo") != fresh
    old = time.time() - 60
    os.utime(f, (old, old))
    monkeypatch.setattr(digests, "RACY_NS", 0)
    d = digests.digest(f, tmp_path / "memo")
    assert (tmp_path / "memo" / digests.MEMO_FILE).exists()
    digests._memory.clear()
    monkeypatch.setattr(digests, "sha256_file", lambda p: "not read")
    assert digests.digest(f, tmp_path / "memo") == d  # from the memo file, the file was not read


def test_build_data_fingerprint_covers_records(tmp_path):
    from selfeval.bookbuild import cache

    year = make_year(tmp_path / "d", {"calls.csv": csv_text(clean_rows(40))})
    before = cache.data_fingerprint(year.parent, 2021, tmp_path / "memo")
    (year / FOLDER / "calls.csv").write_text(with_row(40, 3, agent_id="A9"), encoding="utf-8")
    assert cache.data_fingerprint(year.parent, 2021, tmp_path / "memo") != before


def test_engine_settings_come_from_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("SELFEVAL_DUCKDB_THREADS", "1")
    monkeypatch.setenv("SELFEVAL_DUCKDB_MEMORY", "300MB")
    engine = scan.Engine.default(tmp_path)
    assert (engine.threads, engine.memory_limit, engine.temp_directory) == (1, "300MB", tmp_path / "calls" / "spill")
    con = scan.connect(engine)
    assert con.execute("SELECT current_setting('threads'), current_setting('temp_directory')").fetchone() == (1, str(tmp_path / "calls" / "spill"))


# ----------------------------------------------------------------------------- analysis


@pytest.fixture(scope="module")
def mid_year(tmp_path_factory):
    """A consistent 30,000-call year (Parquet, agent ids) and its analysis."""
    root = tmp_path_factory.mktemp("mid") / "data"
    synth.fixture_year(DATA2021, root, rows=30000, seed=5)
    cache_clear()
    rec = calls.year_calls(root, 2021, cache_dir=root.parent / "cache")
    from selfeval.evaluation.year_cache import evaluate_year

    return root, calls.analyse(evaluate_year(root, 2021).data, rec)


def test_monthly_counts_come_from_the_records(mid_year):
    from selfeval.analyses.monthly import monthly_rates

    _, a = mid_year
    rates = monthly_rates(a.data)
    assert len(rates) == 12 and sum(r.calls_offered for r in rates) == 30000
    assert sum(r.calls_answered for r in rates) == a.stats.total.answered == synth.scaled_answered(30000, 11666777, 10975138)


def test_hourly_need_is_erlang_a_on_the_measured_inputs(mid_year):
    _, a = mid_year
    st = a.staffing
    assert st.available_source == "measured" and st.patience_source == "measured"
    assert st.patience_seconds == round(D(float(a.stats.total.patience_seconds)), 1)
    assert [d.kind for d in st.days] == ["busiest", "typical"] * 12
    for d in st.days:
        month_days = [x for x in a.stats.days if x.day.month == d.month]
        if d.kind == "busiest":
            assert d.offered == max(x.offered for x in month_days)
        else:
            assert d.day == typical_day(month_days).day
        assert sum(h.offered for h in d.hours) == d.offered
    day = st.days[0]
    peak = day.peak
    load = peak.offered * float(day.aht_seconds) / 3600
    assert peak.need == required_agents(load, 0.95, float(day.aht_seconds), float(st.patience_seconds)).agents
    cell = next(c for c in a.records.cells if c.day == day.day and c.hour == peak.hour)
    assert peak.available == cell.agents
    assert peak.short == (peak.need > cell.agents)
    expected_rate = erlang_a(cell.agents, load, float(day.aht_seconds), float(st.patience_seconds)).answered
    assert abs(float(peak.model_rate) - 100 * expected_rate) <= 0.005


def test_without_agent_ids_the_ceiling_is_seats_or_agents_after_shrinkage(tmp_path):
    year = make_year(tmp_path / "d", {"calls.csv": csv_text(clean_rows(40))}, columns_yaml="agent_id: false\n")
    from selfeval.evaluation.year_cache import evaluate_year

    a = calls.analyse(evaluate_year(year.parent, 2021).data, load(year, tmp_path))
    # min(567 seats, floor(858 × 0.7) = 600) = 567; 858 × 0.7 × 2000 ÷ 365 = 3290.96 agent-hours a day
    assert (a.staffing.available_source, a.staffing.ceiling, a.staffing.daily_agent_hours) == ("assumed", 567, D("3291.0"))
    assert all(h.available == 567 for d in a.staffing.days for h in d.hours)


def test_capacity_model_takes_the_measured_inputs(mid_year):
    _, a = mid_year
    r = a.capacity
    s = a.stats.total
    measured = {k for k, v in r.sources.items() if v == "measured"}
    assert measured == {"aht_seconds", "patience_seconds", "operating_hours_per_day", "hourly_profile"}
    assert {r.sources[k] for k in ("occupancy_cap", "shrinkage", "paid_hours_per_agent_year", "day_factor")} == {"default"}
    assert r.assumptions.aht_seconds == round(D(float(s.aht_seconds)), 1)
    assert r.assumptions.hourly_profile == [D(a.stats.by_hour[h].offered) for h in range(24)]


def test_measured_inputs_replace_capacity_yaml(tmp_path):
    year = make_year(tmp_path / "d", {"calls.csv": csv_text(clean_rows(40))})
    (year / "capacity.yaml").write_text("aht_seconds: 400\nbusy_hour_share: 0.2\nshrinkage: 0.25\n", encoding="utf-8")
    from selfeval.evaluation.year_cache import evaluate_year

    a = calls.analyse(evaluate_year(year.parent, 2021).data, load(year, tmp_path))
    r = a.capacity
    assert r.assumptions.aht_seconds == round(D(float(a.stats.total.aht_seconds)), 1) and r.sources["aht_seconds"] == "measured"
    assert r.assumptions.busy_hour_share is None and r.assumptions.hourly_profile == [D(40)] and r.sources["hourly_profile"] == "measured"
    assert r.assumptions.shrinkage == D("0.25") and r.sources["shrinkage"] == "capacity.yaml"


def test_losses_add_up(mid_year):
    _, a = mid_year
    L = a.losses
    assert L["year"][0].abandoned == a.stats.total.abandoned
    assert sum(x.abandoned for x in L["month"]) == sum(x.abandoned for x in L["hour"]) == sum(x.abandoned for x in L["cell"]) == a.stats.total.abandoned
    ind = a.indicator
    for x in L["month"]:
        assert x.shortfall == max(0, min_answered(x.offered, ind) - x.answered)


# ----------------------------------------------------------------------------- text


def test_sentences_with_records(mid_year):
    from selfeval.presentation import calls_text, capacity_text

    _, a = mid_year
    t = a.stats.total
    text = "".join(calls_text.records_sentences(a))
    assert f"呼入{t.offered}次、接通{t.answered}次、未接通{t.abandoned}次" in text
    assert "与“月度话务接通率”的总呼入数、总接通数一致" in text
    assert f"全年未接通{t.abandoned}次，接通率94.07%" in text  # scaled counts keep the year's rate
    cap = "".join(capacity_text.capacity_summary(a.data, analysis=a))
    assert "（实测）" in cap and "敏感性分析" not in cap and "（假设）" in cap
    staff = "".join(calls_text.staffing_sentences(a))
    assert "实测" in staff and "Erlang A" in staff
    table = calls_text.measured_table(a)
    assert f"{t.offered}次" in table and "极大似然估计" in table


def test_without_records_the_chapter_is_a_sensitivity_not_a_verdict():
    from selfeval.presentation import capacity_text

    data = load_year(DATA2021)
    text = "".join(capacity_text.capacity_summary(data))
    assert "敏感性分析，而非人手是否充足的结论" in text
    assert "平均处理时长超过315秒（假设300秒）" in text
    assert "比全年日均高出5%以上（设计日系数超过1.05）" in text
    assert "忙时话务量占全天比例超过18.1%（假设9%）时，忙时所需在岗人数将超过567个坐席" in text
    assert "少40人" not in text and "比实际" not in text  # no bare "enough" verdict
    table = capacity_text.sensitivity_table(data)
    assert '<td class="num">818</td>' in table and "857</td>" in table and "870" not in table
    assert '<td class="num short">903（不足）</td>' in table  # 330 s on the average day


def test_sensitivity_break_even_points():
    from selfeval.analyses.capacity import capacity_for_year
    from selfeval.analyses.capacity_sensitivity import sensitivity

    data = load_year(DATA2021)
    s = sensitivity(data)
    assert (s.break_even_aht_seconds, s.break_even_day_factor, s.seat_limit_share) == (315, D("1.05"), D("18.1"))
    assert capacity_for_year(data, {"day_factor": D("1.05")}).required_headcount <= 858 < capacity_for_year(data, {"day_factor": D("1.06")}).required_headcount
    assert capacity_for_year(data, {"busy_hour_share": D("0.181")}).busy_agents > 567 >= capacity_for_year(data, {"busy_hour_share": D("0.180")}).busy_agents
    assert s.grid[(300, D("1.00"))] == 818


# ----------------------------------------------------------------------------- CLI and build


def test_cli_prints_the_derived_table(mid_year, capsys):
    root, a = mid_year
    out = cli_in_process(capsys, "calls", "--year", "2021", "--data", str(root))
    assert out.returncode == 0, out.stderr
    assert f"呼入 {a.stats.total.offered:,}  接通 {a.stats.total.answered:,}" in out.stdout
    assert "Erlang A 逐小时" in out.stdout and out.stdout.count("最忙") == 12
    none = cli_in_process(capsys, "calls", "--year", "2021", "--data", str(ROOT / "data"))
    assert none.returncode == 0 and "没有话单" in none.stdout


def test_cli_and_build_stop_on_bad_records_before_any_notebook(tmp_path, capsys):
    year = make_year(tmp_path / "d", {"calls.csv": with_row(30, 6, arrival_time="bad")}, 30, 27)
    out = cli_in_process(capsys, "calls", "--year", "2021", "--data", str(year.parent))
    assert out.returncode == 2 and out.stderr.startswith("错误：") and out.stderr.count("\n") == 1
    assert "arrival_time列，第8行" in out.stderr
    project = project_copy(tmp_path / "project")
    build = cli_in_process(capsys, "build", "--year", "2021", "--data", str(year.parent), "--out", str(tmp_path / "public"), "--no-pdf", "--root", str(project))
    assert build.returncode == 2 and "arrival_time列，第8行" in build.stderr
    assert "个笔记本，用" not in build.stdout and not (tmp_path / "public" / "2021").exists()


@pytest.mark.book
def test_appendix_notebook_with_records(mid_year, tmp_path):
    import json

    import papermill as pm

    root, a = mid_year
    out = tmp_path / "a2.ipynb"
    env_cache = os.environ.get("SELFEVAL_CACHE")
    os.environ["SELFEVAL_CACHE"] = str(root.parent / "cache")
    try:
        pm.execute_notebook(
            str(ROOT / "notebooks" / "a2_capacity.ipynb"),
            str(out),
            parameters={"year": 2021, "data_dir": str(root)},
            cwd=str(ROOT),
            progress_bar=False,
            kernel_name="python3",
        )
    finally:
        if env_cache is None:
            os.environ.pop("SELFEVAL_CACHE", None)
        else:
            os.environ["SELFEVAL_CACHE"] = env_cache
    nb = json.loads(out.read_text(encoding="utf-8"))
    html = "".join("".join(o.get("data", {}).get("text/html", "")) for c in nb["cells"] for o in c.get("outputs", []))
    figures = "".join("".join(o.get("text", "")) for c in nb["cells"] for o in c.get("outputs", []) if o.get("output_type") == "stream")
    assert 'id="chart-calls-heatmap"' in html and 'id="chart-calls-staffing"' in html
    assert "话务平台通话记录实测指标" in html and "<td>实测</td>" in html and "敏感性" not in html
    assert f"records: {a.stats.total.offered}" in figures
    assert f"required: {a.capacity.required_headcount}" in figures
