"""Call-record files that are not what they claim (issue 27): links, pipes, devices, damaged gzip.

The records in ``data/<year>/calls/`` obey the rule of every other data file: only regular files
inside the data folder are read. Each case builds a year whose answer-rate counts match a valid
``a.csv`` (so a file silently dropped would go unnoticed), adds one hostile entry, and checks
that loading the records — what ``selfeval calls`` and the build do before any notebook runs —
stops with one line naming the entry, never quoting what the entry points to. The cases are
listed in docs/bad-inputs.md (scripts/bad_input_catalogue.py).
"""

from __future__ import annotations

import gzip
import os
import shutil
import signal
import stat
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

import pytest

from selfeval.analyses import calls
from selfeval.analyses.calls.records import FOLDER
from selfeval.contract.sources import input_files
from selfeval.errors import DataError
from selfeval.evaluation.year_cache import cache_clear
from test_calls import HEADER, clean_rows, csv_text, make_year

GOOD = csv_text(clean_rows(40))
PASSWD_LINE = "root:x:0:0"


@pytest.fixture(autouse=True)
def _fresh_years():
    cache_clear()
    yield
    cache_clear()


def good_year(root: Path) -> Path:
    """root/data/2021 with calls/a.csv, 40 valid calls that the answer-rate indicator agrees with."""
    return make_year(root / "data", {"a.csv": GOOD})


def _link(name: str, target: Callable[[Path], Path]) -> Callable[[Path], None]:
    def add(year: Path) -> None:
        os.symlink(target(year), year / FOLDER / name)

    return add


def _elsewhere_records(year: Path) -> Path:
    """Valid records outside the data folder (their figures would agree with the indicator)."""
    path = year.parents[1] / "elsewhere" / "b.csv"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(GOOD, encoding="utf-8")
    return path


def _inside_records(year: Path) -> Path:
    path = year.parent / "records.csv"  # in the data folder, not in calls/
    path.write_text(GOOD, encoding="utf-8")
    return path


def _calls_folder_linked(year: Path) -> None:
    """calls/ moved out of the data folder (with its valid a.csv) and linked back."""
    elsewhere = year.parents[1] / "elsewhere" / "calls"
    elsewhere.parent.mkdir(parents=True, exist_ok=True)
    os.rename(year / FOLDER, elsewhere)
    os.symlink(elsewhere, year / FOLDER)


def _fifo(year: Path) -> None:
    os.mkfifo(year / FOLDER / "b.csv")


def _device(year: Path) -> None:
    """A character device named like records: /dev/zero's numbers (1, 5). Making a device node needs root."""
    if os.geteuid() != 0:
        pytest.fail("this case needs root (mknod of a character device); CI runs the tests as root")
    os.mknod(year / FOLDER / "b.csv", stat.S_IFCHR | 0o644, os.makedev(1, 5))


def _gzip_member(data: bytes) -> bytes:
    co = zlib.compressobj(9, zlib.DEFLATED, 31)
    return co.compress(data) + co.flush()


def _one_huge_line(year: Path) -> None:
    """b.csv.gz: a header, then a body that is one 2 GiB line (2 MB compressed: 128 gzip members of
    16 MiB of 'a'). DuckDB reads such a file as 0 rows without an error."""
    member = _gzip_member(b"a" * (1 << 24))
    with open(year / FOLDER / "b.csv.gz", "wb") as f:
        f.write(_gzip_member((",".join(HEADER) + "\n").encode()))
        for _ in range(128):
            f.write(member)


def _truncated_gzip(year: Path) -> None:
    whole = gzip.compress(csv_text(clean_rows(40)[:5]).encode())
    (year / FOLDER / "b.csv.gz").write_bytes(whole[: len(whole) - 20])


def _header_only(year: Path) -> None:
    (year / FOLDER / "b.csv").write_text(",".join(HEADER) + "\n", encoding="utf-8")


def _unterminated_quote(year: Path) -> None:
    lines = csv_text(clean_rows(40)[:5]).splitlines()
    lines[2] = lines[2].replace(",", ',"', 1)  # the second record's second value opens a quote that never closes
    (year / FOLDER / "b.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")


def _not_utf8(year: Path) -> None:
    lines = csv_text(clean_rows(40)[:5]).splitlines()
    (year / FOLDER / "b.csv").write_bytes(("\n".join(lines) + "\n").replace(lines[1], lines[1] + "坐席").encode("gbk"))


class RecordCase(NamedTuple):
    add: Callable[[Path], None]  # breaks the good year
    file: str  # what the message's file must end with
    expected: list[str]


def record_case(id: str, add: Callable[[Path], None], file: str, expected: list[str]):
    return pytest.param(RecordCase(add, file, expected), id=id)


RECORD_CASES = [
    record_case("calls-file-linked-to-etc-passwd", _link("b.csv", lambda y: Path("/etc/passwd")), "calls/b.csv", ["是符号链接", "不跟随链接"]),
    record_case("calls-file-linked-to-records-elsewhere", _link("b.csv", _elsewhere_records), "calls/b.csv", ["是符号链接"]),
    record_case("calls-file-linked-inside-the-data-folder", _link("b.csv", _inside_records), "calls/b.csv", ["是符号链接"]),
    record_case("calls-folder-linked-elsewhere", _calls_folder_linked, "2021/calls", ["是符号链接", "不跟随链接"]),
    record_case("calls-columns-yaml-linked", _link("columns.yaml", lambda y: Path("/etc/passwd")), "calls/columns.yaml", ["是符号链接"]),
    record_case("calls-fifo", _fifo, "calls/b.csv", ["不是普通文件", "命名管道"]),
    record_case("calls-character-device", _device, "calls/b.csv", ["不是普通文件", "设备"]),
    record_case("calls-gzip-body-one-2-gib-line", _one_huge_line, "calls/b.csv.gz", ["第2行", "没有换行"]),
    record_case("calls-gzip-truncated", _truncated_gzip, "calls/b.csv.gz", ["损坏的 gzip 文件", "截断"]),
    record_case("calls-header-only", _header_only, "calls/b.csv", ["读不出任何通话记录"]),
    record_case("calls-unterminated-quote", _unterminated_quote, "calls/b.csv", ["第3行", "引号没有闭合"]),
    record_case("calls-not-utf-8", _not_utf8, "calls/b.csv", ["第2行", "不是 UTF-8 编码", "另存为 UTF-8 编码"]),
]


class _Timeout(Exception):
    pass


def _alarm(signum, frame):
    raise _Timeout


def record_error(case: RecordCase, root: Path) -> DataError:
    """The error loading the broken year's records (as `selfeval calls` and the build do), within 20 s."""
    year = good_year(root)
    case.add(year)
    old = signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(20)  # a pipe opened for reading would block for ever; a 2 GiB scan takes ~10 s of CPU
    try:
        with pytest.raises(DataError) as err:
            calls.year_calls(year.parent, 2021, cache_dir=root / "cache")
    except _Timeout:
        pytest.fail("loading the records did not end within 20 s")
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)
    return err.value


@pytest.mark.parametrize("case", RECORD_CASES)
def test_bad_record_file(tmp_path, case: RecordCase):
    err = record_error(case, tmp_path)
    msg = str(err)
    assert "\n" not in msg and len(msg) <= 1000, msg
    assert err.file.endswith(case.file), msg
    for fragment in case.expected:
        assert fragment in msg, f"{fragment!r} not in: {msg}"
    assert err.fix, msg
    assert PASSWD_LINE not in msg and "/bin/bash" not in msg, f"the message quotes a file that must not be read: {msg}"


def test_the_good_year_of_the_cases_loads(tmp_path):
    """The base every case breaks loads, so each case's error is the one entry it adds."""
    rec = calls.year_calls(good_year(tmp_path).parent, 2021, cache_dir=tmp_path / "cache")
    assert rec is not None and rec.offered == 40 and rec.files == (("a.csv", 40),)


def test_the_build_refuses_a_linked_record_file_before_hashing_it(tmp_path):
    """The build lists the year's inputs (digests, manifest) by the same rule: a link is not even hashed."""
    year = good_year(tmp_path)
    os.symlink("/etc/passwd", year / FOLDER / "b.csv")
    with pytest.raises(DataError) as err:
        input_files(year)
    assert err.value.file.endswith("calls/b.csv") and "是符号链接" in err.value.problem


def test_cli_calls_and_build_do_not_print_a_linked_file(tmp_path, capsys):
    """`selfeval calls` and `selfeval build` printed /etc/passwd's first line for calls/x.csv → /etc/passwd."""
    from book_fixtures import cli_in_process, project_copy

    proj = project_copy(tmp_path / "proj")
    shutil.rmtree(proj / "data" / "2021")
    year = make_year(proj / "data", {"a.csv": GOOD})
    os.symlink("/etc/passwd", year / FOLDER / "x.csv")
    for args in (["calls"], ["build", "--root", str(proj), "--out", str(tmp_path / "public")]):
        done = cli_in_process(capsys, *args, "--year", "2021", "--data", str(proj / "data"))
        assert done.returncode == 2, (args, done.stderr)
        assert "calls/x.csv" in done.stderr and "是符号链接" in done.stderr and PASSWD_LINE not in done.stderr + done.stdout
    assert not (tmp_path / "public" / "2021").exists()
