"""The output folder's entries are untrusted (issue 27): no link is followed, killed writes leave
nothing that stops the next build, and the build's own folders are no place to publish.

These tests drive :class:`selfeval.bookbuild.publish.OutputFolder` and the clean-up directly
(no book is built): what a build does first, under its lock, before anything is written.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path

import pytest

from book_fixtures import cli_in_process, project_copy
from selfeval.bookbuild import cache, publish
from selfeval.bookbuild.publish import OutputFolder
from selfeval.errors import DataError

ROOT = Path(__file__).resolve().parents[1]


@contextmanager
def within(seconds: int):
    """Fail instead of hanging: reading a pipe blocks until someone writes to it."""

    def fail(signum, frame):
        pytest.fail(f"blocked for {seconds} s (a pipe was opened for reading?)")

    old = signal.signal(signal.SIGALRM, fail)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


def folder(tmp_path: Path) -> OutputFolder:
    out = tmp_path / "public"
    out.mkdir()
    return OutputFolder(out, protected=[])


def test_a_lock_planted_as_a_link_is_never_followed(tmp_path):
    """public/.lock → a file outside: it was truncated and overwritten through the link."""
    out = folder(tmp_path)
    precious = tmp_path / "precious.txt"
    precious.write_text("keep me", encoding="utf-8")
    os.symlink(precious, out.public / ".lock")
    with pytest.raises(DataError) as err:
        out.check()
    assert err.value.file.endswith("public/.lock") and "是符号链接" in err.value.problem and "删除这个链接" in err.value.fix
    with pytest.raises(DataError), out.lock():  # the lock itself, even without check(): never opened through the link
        pass
    assert precious.read_text(encoding="utf-8") == "keep me"


def test_a_lock_that_is_a_pipe_is_refused(tmp_path):
    out = folder(tmp_path)
    os.mkfifo(out.public / ".lock")
    with within(10), pytest.raises(DataError) as err, out.lock():
        pass
    assert "不是普通文件" in err.value.problem


def test_a_releases_link_is_refused_not_cleaned_through(tmp_path):
    """public/.releases → another folder: the clean-up deleted every sub-folder there no year pointed to."""
    out = folder(tmp_path)
    elsewhere = tmp_path / "elsewhere"
    for name in ("projects", "photos"):
        (elsewhere / name).mkdir(parents=True)
        (elsewhere / name / "keep.txt").write_text(name, encoding="utf-8")
    os.symlink(elsewhere, out.public / ".releases")
    with pytest.raises(DataError) as err:
        out.check()
    assert err.value.file.endswith("public/.releases") and "是符号链接" in err.value.problem
    with pytest.raises(DataError):
        out.remove_leftovers()
    with pytest.raises(DataError):
        out.new_release(2021, "abc")
    assert sorted(p.name for p in elsewhere.iterdir()) == ["photos", "projects"]
    assert (elsewhere / "photos" / "keep.txt").read_text(encoding="utf-8") == "photos"


def test_landing_temporaries_are_never_written_through_a_link(tmp_path):
    """A link planted where write_landing puts its temporary (the name holds the pid) is replaced, not followed."""
    out = folder(tmp_path)
    precious = tmp_path / "precious.txt"
    precious.write_text("keep me", encoding="utf-8")
    tmp = out.public / f".years.js.{os.getpid()}.tmp"
    os.symlink(precious, tmp)
    publish._write_new(tmp, "new")
    assert precious.read_text(encoding="utf-8") == "keep me" and not tmp.is_symlink() and tmp.read_text(encoding="utf-8") == "new"


def test_a_year_linked_outside_the_releases_is_not_read_for_the_landing_page(tmp_path):
    out = folder(tmp_path)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "manifest.json").write_text(json.dumps({"title": "planted", "total": "1"}), encoding="utf-8")
    os.symlink(elsewhere, out.public / "2020")
    release = out.public / ".releases" / "2021-x"
    release.mkdir(parents=True)
    (release / "manifest.json").write_text(json.dumps({"title": "ours", "total": "99.70"}), encoding="utf-8")
    os.symlink(".releases/2021-x", out.public / "2021")
    assert out.published() == [(2021, {"title": "ours", "total": "99.70"})]


def test_a_manifest_that_is_a_link_or_a_pipe_is_no_manifest(tmp_path):
    out = folder(tmp_path)
    for year, make in ((2020, lambda p: os.symlink("/etc/passwd", p)), (2019, os.mkfifo)):
        release = out.public / ".releases" / f"{year}-x"
        release.mkdir(parents=True)
        make(release / "manifest.json")
        os.symlink(f".releases/{year}-x", out.public / str(year))
    with within(10):
        assert out.published() == []


KILLED_WRITER = """
import os, signal, sys
from pathlib import Path
from selfeval.contract import file_digests as digests
os.replace = lambda *a: os.kill(os.getpid(), signal.SIGKILL)  # killed between writing the temporary and renaming it
digests._write_memo(Path(sys.argv[1]), {"k": "v"})
"""


def test_a_kill_while_writing_the_digest_memo_does_not_stop_later_builds(tmp_path):
    """A build killed while writing .cache/digests.json left a temporary whose name held a thread id
    where the clean-up read a pid: every later build then failed with OverflowError."""
    cache_dir = tmp_path / ".cache"
    proc = subprocess.run([sys.executable, "-c", KILLED_WRITER, str(cache_dir)], capture_output=True, text=True, timeout=60)
    assert proc.returncode == -9, proc.stderr
    left = [p.name for p in cache_dir.iterdir()]
    assert len(left) == 1 and left[0].startswith(".digests.json.") and left[0].endswith(".tmp")
    # the name an older build wrote (pid, then thread id) is a leftover too
    (cache_dir / f".digests.json.12345.{2**63 - 1}.tmp").write_text("{}", encoding="utf-8")
    assert cache.remove_stale_temporaries(cache_dir) == 2
    assert list(cache_dir.iterdir()) == []


def test_a_live_writer_keeps_its_temporary(tmp_path):
    cache_dir = tmp_path / ".cache"
    cache_dir.mkdir()
    mine = cache_dir / f".digests.json.t{2**60}.{os.getpid()}.tmp"
    mine.write_text("{}", encoding="utf-8")
    assert cache.remove_stale_temporaries(cache_dir) == 0 and mine.exists()


@pytest.mark.parametrize("where", [".cache", ".cache/out", "build", "build/2021"])
def test_out_in_the_build_s_own_folders_is_refused(tmp_path, capsys, monkeypatch, where):
    """--out equal to (or inside) the project's .cache/ or build/ was accepted; the build cleans both up."""
    proj = project_copy(tmp_path / "proj")
    (proj / ".cache").mkdir()

    def no_build(self):  # if the folder were accepted, stop before building anything
        raise AssertionError(f"--out {where} was accepted")

    monkeypatch.setattr(OutputFolder, "lock", no_build)
    done = cli_in_process(capsys, "build", "--year", "2021", "--root", str(proj), "--out", str(proj / where))
    assert done.returncode == 2, done.stderr
    assert "--out" in done.stderr and str(proj / where.split("/")[0]) in done.stderr


def _release(out: OutputFolder, year: int, man: dict) -> None:
    release = out.public / ".releases" / f"{year}-x"
    release.mkdir(parents=True)
    (release / "manifest.json").write_text(json.dumps(man, ensure_ascii=False), encoding="utf-8")
    os.symlink(f".releases/{year}-x", out.public / str(year))


def _summary(total: str, value: str, met: int = 6) -> dict:
    item = {"id": "answer_rate", "name": "月度话务接通率", "unit": "%", "value": value, "target": "95", "op": ">=", "met": False}
    return {"total": total, "grade": "优", "met": met, "indicators": 7, "execution_rate": "100.00", "report_date": None, "items": [item], "project": "12345"}


def test_a_forged_earlier_manifest_does_not_stop_the_landing_page(tmp_path, capsys):
    """A 2020 manifest with 1E+999999999 made every later build fail to write index.html. Manifests are
    read with the bounds of data: the forged figures are shown as —, left out of the trend, and named."""
    out = folder(tmp_path)
    _release(out, 2021, {"title": "2021年度报告", "summary": _summary("99.70", "94.07")})
    _release(out, 2020, {"title": "2020年度报告", "summary": _summary("1E+999999999", "1E+999999999", met=10**30)})
    out.write_landing()
    page = (out.public / "index.html").read_text(encoding="utf-8")
    assert "99.70" in page and "2020年度报告" in page and "1E+999999999" not in page and str(10**30) not in page
    logged = capsys.readouterr().out
    assert "2020/manifest.json: summary.total '1E+999999999'、summary.items[0].value '1E+999999999'、summary.met" in logged, logged
    assert "2021/manifest.json" not in logged
