"""Robustness of reading, modelling and reporting (issue 16), beyond the one-line catalogue of
tests/test_bad_inputs.py: values that must load *and* print right, limits that must hold
without hanging, messages that must stay one readable line, and the command line.

The catalogue cases (each a DataError with its message) are in tests/test_bad_inputs.py and
docs/bad-inputs.md; here are the behaviours that are not an error, or not only one.
"""

from __future__ import annotations

import math
import os
import shutil
import signal
import subprocess
import sys
from decimal import Decimal as D
from html.parser import HTMLParser
from pathlib import Path

import pytest
from pydantic import ValidationError

from selfeval.analyses import erlang
from selfeval.analyses.capacity import capacity_for_year
from selfeval.contract import model as m
from selfeval.contract.load import load_year
from selfeval.errors import BuildError, DataError, one_line, visible
from selfeval.evaluation.evaluate import evaluate
from selfeval.figures import fixed, grouped, money, pct, plain, q2
from selfeval.presentation.capacity_text import capacity_summary
from test_bad_inputs import ANSWER_TARGET, sub, write

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def no_hang():
    """Fail instead of hanging: these tests guard against searches that never end (not a speed goal)."""

    def hung(signum, frame):
        raise AssertionError("did not finish within 120 s: the search is not bounded")

    old = signal.signal(signal.SIGALRM, hung)
    signal.alarm(120)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, old)


# --------------------------------------------------------------------------- booleans, YAML number forms


@pytest.mark.parametrize(
    "model, data, field",
    [
        (m.Seats, {"total": True}, "total"),
        (m.FundingRow, {"source": "municipal", "budget": True, "executed": 1}, "budget"),
        (m.MonthRow, {"month": 1, "calls_offered": 10, "calls_answered": False}, "calls_answered"),
        (m.Budget, {"weight": True}, "weight"),
    ],
)
def test_a_boolean_is_never_a_number(model, data, field):
    """A workbook cell (or any reader) may hand over a Python bool: it is refused, never read as 1 or 0."""
    with pytest.raises(ValidationError) as err:
        model.model_validate(data)
    assert err.value.errors()[0]["loc"] == (field,)
    assert "是“是/否”值，不是数字" in str(err.value)


def test_yaml_yes_no_words_stay_text(year_copy):
    """No contract field is a boolean, so a yes/no word in a text field is the word typed."""
    year = year_copy()
    sub("project.yaml", "  unit_self_name: 我局", "  unit_self_name: on")(year)
    assert load_year(year).project.unit_self_name == "on"


def test_yaml_leading_zero_is_decimal_not_octal(year_copy):
    """YAML 1.1 reads 0123 as octal 83; the analyst meant 123."""
    year = year_copy()
    sub("operations.yaml", "agents: 858", "agents: 0123")(year)
    assert load_year(year).operations.agents == 123


# --------------------------------------------------------------------------- negative zero, large numbers


@pytest.mark.parametrize("value", ["-0", "-0.00", "-0.001", "-0.004"])
def test_negative_zero_never_prints_a_sign(value):
    d = D(value)
    assert fixed(d) == "0.00" and pct(d) == "0.00%" and str(q2(d)) == "0.00"
    if d == 0:  # money is exact (never rounded), so only a zero is printed as 0.00
        assert money(d) == "0.00" and plain(d) == "0" and grouped(d) == "0"


def test_negative_zero_in_data_is_zero(year_copy):
    year = year_copy()
    sub("funding.csv", "transfer,0.00,0.00", "transfer,-0,-0.00")(year)
    ev = evaluate(load_year(year))
    transfer = next(line for line in ev.budget.lines if line.source == "transfer")
    assert not transfer.budget.is_signed() and not transfer.executed.is_signed()
    assert money(transfer.budget) == "0.00"


def test_formatting_does_not_fail_on_wide_numbers():
    """Decimal's 28-digit context would raise InvalidOperation; formatting widens it."""
    assert money(D("1e27")) == "1,000,000,000,000,000,000,000,000,000.00"
    assert plain(D("1e30")) == "1" + "0" * 30


def test_largest_accepted_amount_loads_and_prints(year_copy):
    year = year_copy()
    sub("funding.csv", "municipal,13410.06,13410.06", "municipal,1000000000000000,999999999999999.99")(year)
    ev = evaluate(load_year(year))
    assert money(ev.budget.budget) == "1,000,000,000,000,000.00"
    assert ev.budget.rate == D("100.00")  # 99.99999999999999999…% half-up


# --------------------------------------------------------------------------- text normalisation


def test_label_spaces_at_the_ends_do_not_split_groups(year_copy):
    """A quoted level with a trailing (no-break) space is the same group as the others."""
    year = year_copy()
    sub(
        "indicators.yaml",
        "    level1: 产出指标\n    level2: 产出数量\n    formula: ratio\n    numerator: {label: 总接通数",
        '    level1: "产出指标\u00a0"\n    level2: 产出数量\n    formula: ratio\n    numerator: {label: 总接通数',
    )(year)
    ev = evaluate(load_year(year))
    assert ev.data.indicators[1].level1 == "产出指标"
    assert list(ev.subtotals) == ["产出指标", "效益指标"] and ev.total == D("99.70")


def test_prose_keeps_line_and_paragraph_separators_written_as_escapes(year_copy):
    """U+2028 is refused in one-line names but is a line break in prose, where it is allowed."""
    year = year_copy()
    sub("prose.yaml", "problems: 项目在取得良好成效的同时，", 'problems: "项目在取得良好成效的同时，\\u2028')(year)
    path = year / "prose.yaml"
    text = path.read_text(encoding="utf-8")
    line = next(x for x in text.splitlines() if x.startswith('problems: "'))
    path.write_text(text.replace(line, line + '"'), encoding="utf-8")
    assert "\u2028" in load_year(year).prose.problems


# --------------------------------------------------------------------------- messages


def test_invisible_characters_are_shown_escaped():
    err = DataError("data/2021/project.yaml", "project.\ufefflevel", "is a \u200b\u202e\x07 value", "fix \u2028 it")
    assert "project.<U+FEFF>level" in str(err) and "<U+200B><U+202E><U+0007>" in str(err) and "fix <U+2028> it" in str(err)
    assert visible("附录\u3000一 a b") == "附录\u3000一 a b"  # ideographic and ordinary spaces stay


def test_a_huge_message_is_cut_to_one_line():
    """An OSError on a full disk once printed a 20 KB 'one-line' message."""
    long = "No space left on device: " + "\n".join(f"/tmp/x/{n}" for n in range(3000))
    assert len(one_line(long)) <= 1000 and "\n" not in one_line(long) and "个字符未显示" in one_line(long)
    data = DataError("data/2021/funding.csv", "第2行", long, "清理磁盘空间")
    assert len(str(data)) <= 1000 and str(data).endswith("——修改：清理磁盘空间")
    assert len(str(BuildError(long))) <= 1000


def test_cli_prints_an_unexpected_error_on_one_short_line(monkeypatch, capsys):
    from selfeval import cli
    from selfeval.bookbuild import pipeline

    def full_disk(*args, **kwargs):
        raise OSError(28, "No space left on device: " + "/tmp/x/" * 3000)

    monkeypatch.setattr(pipeline, "build_years", full_disk)
    assert cli.main(["build", "--year", "2021", "--out", "/tmp/never-written"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and len(err) < 700 and "No space left on device" in err


# --------------------------------------------------------------------------- capacity model limits


def test_capacity_result_unchanged_by_the_bounded_search(year_copy, no_hang):
    """Counts ×10: the bisection finds what the former one-by-one walk found (2821 on duty, 8172 agents,
    break-even AHT 31 s, measured with the unbounded code), in a fraction of the time."""
    year = year_copy()
    sub("indicators.yaml", "value: 10975138", "value: 109751380")(year)
    sub("indicators.yaml", "value: 11666777", "value: 116667770")(year)
    r = capacity_for_year(load_year(year))
    assert (r.busy_agents, r.required_headcount, r.break_even_aht_seconds) == (2821, 8172, 31)


def test_staffing_search_stops_at_its_limit(no_hang):
    with pytest.raises(erlang.BeyondModel, match="50,000 agents on duty"):
        erlang.required_agents(239.73, 0.95, 300, 120, occupancy_cap=1e-9)
    with pytest.raises(erlang.BeyondModel):
        erlang.required_agents(60_000, 0.95, 300, 120, occupancy_cap=0.85)


def test_a_100_percent_target_is_not_modelled_and_says_why(year_copy, no_hang):
    """Erlang A never answers every caller (some hang up), so no staffing reaches 100%."""
    year = year_copy()
    sub("indicators.yaml", ANSWER_TARGET, ANSWER_TARGET.replace("value: 95", "value: 100"))(year)
    ev = evaluate(load_year(year))
    assert capacity_for_year(ev.data) is None
    assert "接通率目标为100%" in capacity_summary(ev.data)[0] and "不作话务员需求测算" in capacity_summary(ev.data)[0]
    with pytest.raises(ValueError, match="100% is never reached"):
        erlang.required_agents(239.73, 1.0, 300, 120)


def test_erlang_b_ends_early_for_any_number_of_agents(no_hang):
    assert erlang.erlang_b(10**12, 240.0) == 0.0


def test_huge_seat_count_is_modelled(year_copy, no_hang):
    year = year_copy()
    sub("operations.yaml", "  total: 567", "  total: 1000000000")(year)
    sub("operations.yaml", "  full_outsourced: 61", "  full_outsourced: 999999494")(year)
    r = capacity_for_year(load_year(year))
    assert r.answer_rate_at_seats == D("100.00") and r.seat_gap == 282 - 1_000_000_000


@pytest.mark.parametrize("agents", [0, 1000, 9000, 9900])
def test_overloaded_queue_sums_closed_form_matches_the_series(agents):
    """The closed form (incomplete gamma) used for long queues agrees with the exact series."""
    load, aht, patience = 10_000.0, 30.0, 600.0
    saved = erlang._SERIES_UP_TO
    try:
        erlang._SERIES_UP_TO = math.inf
        series = erlang.erlang_a(agents, load, aht, patience)
        erlang._SERIES_UP_TO = 0.0
        closed = erlang.erlang_a(agents, load, aht, patience)
    finally:
        erlang._SERIES_UP_TO = saved
    assert closed.p_abandon == pytest.approx(series.p_abandon, rel=1e-9)
    assert closed.p_wait == pytest.approx(series.p_wait, rel=1e-9)


# --------------------------------------------------------------------------- funding.csv with fewer rows


class _Grid(HTMLParser):
    """Columns covered by each row of the first table, honouring rowspan and colspan."""

    def __init__(self):
        super().__init__()
        self.rows: list[int] = []
        self.tables = 0
        self.carry: dict[int, int] = {}

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "table":
            self.tables += 1
        if self.tables != 1:
            return
        if tag == "tr":
            row = len(self.rows)
            self.rows.append(sum(cols for r, cols in self.carry.items() if r == row))
        if tag in ("td", "th") and self.rows:
            row = len(self.rows) - 1
            cols, span = int(a.get("colspan", 1)), int(a.get("rowspan", 1))
            self.rows[row] += cols
            for later in range(row + 1, row + span):
                self.carry[later] = self.carry.get(later, 0) + cols


@pytest.mark.parametrize("sources", [["municipal"], ["municipal", "other"], ["municipal", "transfer", "other"]])
def test_form_lays_out_any_number_of_funding_rows(year_copy, sources):
    """Every row of the form's top table covers its 9 columns, whatever funding.csv lists (the
    sources given, in the fixed order), and no warning: one source is a legitimate project."""
    from selfeval.presentation.tables import self_eval_form

    year = year_copy()
    rows = {"municipal": "municipal,13410.06,13410.06", "transfer": "transfer,0,0", "other": "other,0,0"}
    write("funding.csv", "source,budget,executed\n" + "\n".join(rows[s] for s in sources) + "\n")(year)
    ev = evaluate(load_year(year))
    grid = _Grid()
    grid.feed(self_eval_form(ev))
    assert grid.rows and set(grid.rows) == {9}, grid.rows
    assert [line.source for line in ev.budget.lines] == sources
    assert ev.warnings == []


# --------------------------------------------------------------------------- the command line


def _cli(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    return subprocess.run([sys.executable, "-m", "selfeval", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=300)


@pytest.mark.parametrize("year", ["²⁰²¹", "２０２１", "21", "2021a"])
def test_year_must_be_four_ascii_digits(tmp_path, year):
    proc = _cli("score", "--year", year, cwd=tmp_path)
    assert proc.returncode == 2, proc.stderr
    assert proc.stderr.count("\n") == 1 and "不是年度" in proc.stderr and "阿拉伯数字0-9" in proc.stderr


def test_score_runs_from_another_directory(tmp_path):
    """The project is found from the package, not from the working directory."""
    proc = _cli("score", "--year", "2021", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "总分 99.70  等级 优" in proc.stdout


def test_stray_folders_in_the_data_root_break_no_command(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data" / "2021", data / "2021")
    for name in ("¹", "２０２０", "2020x", ".hidden", "٢٠٢٠"):
        (data / name).mkdir()
    proc = _cli("score", "--year", "2021", "--data", str(data), cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    proc = _cli("score", "--year", "2020", "--data", str(data), cwd=tmp_path)
    assert proc.returncode == 2 and "现有年度：2021" in proc.stderr


@pytest.mark.book
def test_build_from_another_directory_with_stray_folders(tmp_path, warm_project):
    """A build run from elsewhere, with folders named like years in the data root: exit 0, and
    nothing of the build lands in the working directory (the project's cache is warm: what is
    tested here is where the build runs, not the notebooks)."""
    proj = warm_project(tmp_path / "proj")
    for name in ("¹", "２０２０"):
        (proj / "data" / name).mkdir()
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    proc = _cli("build", "--year", "2021", "--no-pdf", "--data", str(proj / "data"), "--out", "out", cwd=elsewhere)
    assert proc.returncode == 0, proc.stderr
    assert (elsewhere / "out" / "2021" / "html" / "index.html").exists()
    assert sorted(p.name for p in elsewhere.iterdir()) == ["out"]
    assert (proj / "build").is_dir() and (proj / ".cache").is_dir()


@pytest.mark.parametrize("command", [["calls"], ["score"], ["check"]])
def test_a_closed_pipe_is_a_normal_end(tmp_path, command):
    """`selfeval calls | head` ended in "unexpected BrokenPipeError … exit 1". Here the reader of stdout
    is gone before anything is written: the command ends with exit 0 and says nothing on stderr."""
    from book_fixtures import project_copy
    from test_calls import clean_rows, csv_text, make_year

    proj = project_copy(tmp_path / "proj")
    shutil.rmtree(proj / "data" / "2021")
    make_year(proj / "data", {"calls.csv": csv_text(clean_rows(40))})
    read, write = os.pipe()
    os.close(read)
    try:
        proc = subprocess.run(
            [sys.executable, "-m", "selfeval", *command, "--year", "2021", "--data", str(proj / "data")],
            stdout=write,
            stderr=subprocess.PIPE,
            text=True,
            cwd=tmp_path,
            timeout=300,
        )
    finally:
        os.close(write)
    assert proc.returncode == 0 and proc.stderr == "", proc.stderr


def test_the_build_log_goes_on_after_its_reader_is_gone(tmp_path):
    """`selfeval build | head`: once head has exited, the build's progress lines go nowhere and the build continues."""
    code = "import sys\nfrom selfeval.bookbuild.progress import log\nfor n in range(3):\n    log(f'[{n}] step')\nprint('build went on', file=sys.stderr)\n"
    read, write = os.pipe()
    os.close(read)
    try:
        proc = subprocess.run([sys.executable, "-c", code], stdout=write, stderr=subprocess.PIPE, text=True, cwd=tmp_path, timeout=60)
    finally:
        os.close(write)
    assert proc.returncode == 0 and proc.stderr == "build went on\n", proc.stderr
