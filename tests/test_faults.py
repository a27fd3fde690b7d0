"""Faults during a build (issue 16): the published book is unchanged or complete, the next
build leaves no orphan behind, and the message is one line.

Faults: two builds of the same year at once; a kill (SIGKILL) at every named step
(``SELFEVAL_FAULT=<point>`` makes the build kill itself there, see
:mod:`selfeval.bookbuild.faults`): the steps of the build on a real (warm) build, the steps inside
publishing on a small release published by the output folder's own code; a full disk (a small
tmpfs mounted as ``--out``); a read-only output folder (a read-only bind mount); damaged cache
entries (a cached executed notebook truncated or altered, the cached vega bundle altered).

Orphans are: ``.releases/*.partial``, releases no year links to, ``.<year>.link-*`` and
``.index.html.*.tmp`` temporaries in the output folder, ``build/<year>/<id>`` work folders,
and ``.*.tmp`` files in ``.cache/``.

The builds share one project copy whose cache starts with the session's 2021 notebooks
(``warm_project``), so executed notebooks come from the cache: a new book is forced by a file in
``book/`` (part of the book's key) rather than by changing data. The disk faults run in a private
mount namespace (``unshare``: a user namespace needs no root; as root, a mount namespace), so no
mount is left on the machine; where neither is possible the tests are skipped saying why, and
fail under CI (``CI`` set), which must run them.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from book_fixtures import warm_copy

HERE = Path(__file__).resolve().parent

pytestmark = pytest.mark.book


def build(proj: Path, out: Path, *args: str, fault: str | None = None, timeout: int = 600) -> subprocess.CompletedProcess:
    env = dict(os.environ)
    env.pop("SELFEVAL_FAULT", None)
    if fault:
        env["SELFEVAL_FAULT"] = fault
    cmd = [sys.executable, "-m", "selfeval", "build", "--year", "2021", "--root", str(proj), "--out", str(out), *args]
    return subprocess.run(cmd, cwd=proj.parent, env=env, capture_output=True, text=True, timeout=timeout)


def start(proj: Path, out: Path, *args: str) -> subprocess.Popen:
    cmd = [sys.executable, "-m", "selfeval", "build", "--year", "2021", "--root", str(proj), "--out", str(out), *args]
    return subprocess.Popen(cmd, cwd=proj.parent, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


_edits = iter(range(1, 10**6))


def new_book(proj: Path) -> str:
    """Make the next build produce a new book (a file of book/ is part of the book's key) while
    its executed notebooks stay cached; returns what the file held, to go back to that book."""
    path = proj / "book" / "fault-test.txt"
    before = path.read_text(encoding="utf-8") if path.exists() else ""
    path.write_text(f"edit {next(_edits)} {time.time()}\n", encoding="utf-8")
    return before


def back_to(proj: Path, before: str) -> None:
    """The book's inputs as they were: the next build finds the published book up to date, so
    it only does what every build does first, removing what killed builds left."""
    path = proj / "book" / "fault-test.txt"
    if before:
        path.write_text(before, encoding="utf-8")
    else:
        path.unlink(missing_ok=True)


def digest(folder: Path) -> dict[str, str]:
    """sha256 of every file of a published year (through its symlink); {} when there is none."""
    if not folder.exists():
        return {}
    real = folder.resolve()
    return {str(p.relative_to(real)): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(real.rglob("*")) if p.is_file()}


def complete(out: Path, year: int = 2021) -> list[str]:
    """What is missing from the published year: it must be a whole release."""
    link = out / str(year)
    problems = []
    if not link.is_symlink():
        return [f"{link} is not the published symlink"]
    real = link.resolve()
    if real.parent != (out / ".releases").resolve() or real.name.endswith(".partial"):
        problems.append(f"{link} points at {real}, not at a finished release")
    try:
        man = json.loads((link / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        return [*problems, f"manifest.json unreadable: {exc}"]
    if not (link / "html" / "index.html").exists() or not list((link / "notebooks").glob("*.ipynb")):
        problems.append("html or notebooks missing")
    if man.get("pdf") and not (link / man["pdf"]).exists():
        problems.append(f"the manifest names {man['pdf']} but it is missing")
    return problems


def orphans(out: Path, proj: Path) -> list[str]:
    found = []
    releases = out / ".releases"
    published = {p.resolve() for p in out.iterdir() if p.is_symlink() and re.fullmatch(r"[0-9]{4}", p.name)} if out.is_dir() else set()
    if releases.is_dir():
        for rel in releases.iterdir():
            if rel.name.endswith(".partial") or rel.resolve() not in published:
                found.append(f"release {rel.name}")
    found += [f"temporary {p.name}" for p in out.glob(".*.link-*")] if out.is_dir() else []
    found += [f"temporary {p.name}" for p in out.glob(".index.html.*")] if out.is_dir() else []
    found += [f"temporary {p.name}" for p in out.glob(".years.js.*")] if out.is_dir() else []
    work = proj / "build" / "2021"
    if work.is_dir():
        found += [f"work folder build/2021/{p.name}" for p in work.iterdir() if p.name != "failed"]
    cache = proj / ".cache"
    if cache.is_dir():
        found += [f"cache temporary {p.relative_to(cache)}" for p in cache.rglob("*.tmp")]
    return found


def one_line(proc: subprocess.CompletedProcess) -> str:
    err = proc.stderr
    assert err.count("\n") == 1 and err.startswith("错误："), f"not one line: {err[:2000]!r}"
    assert len(err) <= 1020, f"{len(err)} characters: {err[:300]}…"
    return err


@pytest.fixture(scope="module")
def proj(tmp_path_factory, book2021):
    """A project copy with a warm cache: one good book built (HTML only) into ``public/`` beside it."""
    proj = warm_copy(book2021, tmp_path_factory.mktemp("faults") / "proj")
    proc = build(proj, proj.parent / "public", "--no-pdf")
    assert proc.returncode == 0, proc.stderr
    return proj


@pytest.fixture(scope="module")
def out(proj):
    """The output folder the kill tests publish into, with a good book."""
    return proj.parent / "public"


# --------------------------------------------------------------------------- kills


def _points(publishing: bool) -> list[str]:
    from selfeval.bookbuild.faults import POINTS, PUBLISHING

    return [p for p in POINTS if (p in PUBLISHING) == publishing]


PUBLISHED_BY = ("publish-swapped", "before-landing")  # killed after the year's symlink switched


def _after_the_kill(proj: Path, out: Path, point: str, before: dict, published_inputs: str | None) -> None:
    """The book is whole (the old one, or the new one once the symlink switched); the next build
    (nothing to build: the published book is up to date) removes what the killed one left."""
    assert complete(out) == [], f"after a kill at {point}: {complete(out)}"
    if point not in PUBLISHED_BY:
        assert digest(out / "2021") == before, f"a kill at {point} changed the published book"
    if published_inputs is not None:
        back_to(proj, published_inputs)
    nxt = build(proj, out, "--no-pdf")
    assert nxt.returncode == 0, nxt.stderr
    assert "已是最新" in nxt.stdout, nxt.stdout  # it built nothing: what is checked below is its clean-up
    assert complete(out) == []
    assert orphans(out, proj) == [], f"left behind after a kill at {point} and the next build: {orphans(out, proj)}"
    assert (out / "index.html").exists() and "2021" in (out / "index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("point", _points(publishing=False))
def test_a_kill_at_every_step_of_the_build_leaves_the_book_whole_and_the_next_build_cleans_up(proj, out, point):
    before = digest(out / "2021")
    assert before and complete(out) == []
    published_inputs = new_book(proj)
    killed = build(proj, out, *(() if point == "after-pdf" else ("--no-pdf",)), fault=point)
    assert killed.returncode == -9, f"the build did not reach fault point {point!r} (exit {killed.returncode}): {killed.stderr[-500:]}"
    _after_the_kill(proj, out, point, before, published_inputs)


@pytest.mark.parametrize("point", _points(publishing=True))
def test_a_kill_at_every_step_of_publishing_leaves_the_book_whole_and_the_next_build_cleans_up(proj, out, point):
    """The small release carries the published book's manifest, so once it is published the next
    real build finds the book up to date and only cleans up."""
    before, link = digest(out / "2021"), os.readlink(out / "2021")
    assert before and complete(out) == []
    manifest = proj.parent / "manifest-of-the-book.json"
    manifest.write_bytes((out / "2021" / "manifest.json").read_bytes())
    env = {k: v for k, v in os.environ.items() if k != "SELFEVAL_FAULT"} | {"SELFEVAL_FAULT": point}
    killed = subprocess.run([sys.executable, str(HERE / "small_release.py"), str(out), str(manifest)], env=env, capture_output=True, text=True, timeout=120)
    assert killed.returncode == -9, f"publishing did not reach fault point {point!r} (exit {killed.returncode}): {killed.stderr[-500:]}"
    if point in PUBLISHED_BY:
        assert os.readlink(out / "2021") != link and (out / "2021" / "html" / "index.html").read_text(encoding="utf-8").endswith("small release</title>")
    _after_the_kill(proj, out, point, before, None)


def test_every_fault_point_is_driven():
    from selfeval.bookbuild.faults import POINTS

    assert sorted(_points(publishing=False) + _points(publishing=True)) == sorted(POINTS) and len(_points(publishing=True)) == 4


def test_leftovers_of_killed_builds_are_removed_by_the_next_build(proj, out):
    """Leftovers as a kill inside a step (not at a named point) leaves them: a partial release,
    a link temporary, a work folder and a cache temporary of processes that are gone."""
    dead = 4_000_000  # above the kernel's pid_max: no such process
    (out / ".releases" / "2021-deadbeef0001.partial" / "html").mkdir(parents=True)
    (out / ".releases" / "2021-deadbeef0002" / "html").mkdir(parents=True)  # finished, never published
    os.symlink(".releases/2021-deadbeef0002", out / ".2021.link-deadbeef")
    work = proj / "build" / "2021" / "deadbeef0003"
    (work / "executed").mkdir(parents=True)
    (work / "pid").write_text(str(dead), encoding="ascii")
    (proj / ".cache" / "notebooks").mkdir(parents=True, exist_ok=True)
    (proj / ".cache" / "notebooks" / f".0123abcd.{dead}.tmp").write_text("half", encoding="utf-8")
    assert len(orphans(out, proj)) >= 5
    proc = build(proj, out, "--no-pdf")
    assert proc.returncode == 0, proc.stderr
    assert orphans(out, proj) == []


# --------------------------------------------------------------------------- concurrency


def test_builds_at_the_same_time_wait_for_each_other(proj, out, tmp_path):
    """Two builds of the same year into the same folder (and a third into another folder of the
    same project): all succeed; the second says who holds the lock; nothing is left behind."""
    new_book(proj)
    other = tmp_path / "other-public"
    procs = [start(proj, out, "--no-pdf"), start(proj, out, "--no-pdf"), start(proj, other, "--no-pdf")]
    results = [(p.wait(timeout=900), p.stdout.read(), p.stderr.read()) for p in procs]
    for code, _, err in results:
        assert code == 0, err
    said = [o for _, o, _ in results[:2] if "等待：" in o and "正在写入" in o]
    assert len(said) == 1, "one of two builds into the same folder waits and says who holds the lock"
    assert "生成进程" in said[0]
    assert complete(out) == [] and complete(other) == []
    assert orphans(out, proj) == [] and orphans(other, proj) == []


# --------------------------------------------------------------------------- the disk


def in_mount_namespace(scenario: str, proj: Path, work: Path) -> dict:
    """Run a scenario of tests/disk_faults.py in a private mount namespace; what it found (JSON)."""
    prefix = next(
        (
            p
            for p in (["unshare", "--user", "--map-root-user", "--mount"], ["unshare", "--mount"])
            if subprocess.run([*p, "true"], capture_output=True).returncode == 0
        ),
        None,
    )
    if prefix is None:
        why = "no private mount namespace here (unshare: user namespaces disabled, and not root)"
        if os.environ.get("CI"):
            pytest.fail(f"{why}: CI must run the disk-fault tests")
        pytest.skip(why)
    proc = subprocess.run([*prefix, sys.executable, str(HERE / "disk_faults.py"), scenario, str(proj), str(work)], capture_output=True, text=True, timeout=900)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return json.loads(proc.stdout)


def test_a_full_disk_leaves_the_book_and_says_so_in_one_line(proj, tmp_path):
    """A copy of the published book on a 48 MB tmpfs; filled to 2 MB free (less than a release),
    a build of a new book fails in one line and leaves the book; with the space back, the next
    build removes what the failed one left."""
    got = in_mount_namespace("full-disk", proj, tmp_path)
    assert got["free_mb"] < 3 and got["before"]
    full = got["failed"]
    assert full["returncode"] not in (0, -9), full
    err = one_line(subprocess.CompletedProcess([], full["returncode"], "", full["stderr"]))
    assert "No space left on device" in err or "disk" in err.lower(), err
    assert got["after"] == got["before"] and got["complete_after"] == []
    assert got["again"]["returncode"] == 0, got["again"]["stderr"]
    assert got["complete"] == [] and got["orphans"] == []


def test_a_read_only_output_folder_leaves_the_book_and_says_so_in_one_line(proj, tmp_path):
    got = in_mount_namespace("read-only", proj, tmp_path)
    assert got["probe_failed"], "the bind mount is not read-only"
    ro = got["failed"]
    assert ro["returncode"] not in (0, -9), ro
    err = one_line(subprocess.CompletedProcess([], ro["returncode"], "", ro["stderr"]))
    assert "Read-only file system" in err or "read-only" in err.lower(), err
    assert got["after"] == got["before"] and got["before"] and got["complete_after"] == []
    assert got["again"]["returncode"] == 0, got["again"]["stderr"]
    assert got["complete"] == [] and got["orphans"] == []


# --------------------------------------------------------------------------- the cache


def test_damaged_cache_entries_are_rebuilt_reported_and_never_published(proj, tmp_path):
    out = tmp_path / "public"
    assert build(proj, out, "--no-pdf").returncode == 0
    cached = sorted((proj / ".cache" / "notebooks").glob("*.ipynb"), key=lambda p: p.stat().st_mtime)[-7:]
    form = next(
        p for p in cached if "04_form" in json.dumps(json.loads(p.read_text(encoding="utf-8")).get("metadata", {})) or "自评表" in p.read_text(encoding="utf-8")
    )
    others = [p for p in cached if p != form]
    truncated = others[0]
    truncated.write_bytes(truncated.read_bytes()[: truncated.stat().st_size // 2])
    form.write_text(form.read_text(encoding="utf-8").replace("99.70", "12.34"), encoding="utf-8")
    bundle = next((proj / ".cache").glob("vega-bundle-*.js"))
    bundle.write_text(bundle.read_text(encoding="utf-8") + "\nalert('damaged cache');\n", encoding="utf-8")
    new_book(proj)
    proc = build(proj, out, "--no-pdf")
    assert proc.returncode == 0, proc.stderr
    reported = [line for line in proc.stdout.splitlines() if "已损坏" in line or "与记录的摘要不符" in line]
    assert len(reported) >= 3, proc.stdout
    published = (out / "2021").resolve()
    text = "".join(p.read_text(encoding="utf-8") for p in published.rglob("*.html")) + "".join(
        p.read_text(encoding="utf-8") for p in published.rglob("*.ipynb")
    )
    assert "12.34" not in text and "99.70" in text
    assert "damaged cache" not in "".join(p.read_text(encoding="utf-8", errors="replace") for p in published.rglob("*.js"))
    assert orphans(out, proj) == []


def test_a_build_without_pdf_publishes_none_and_says_so(proj, tmp_path, book2021):
    """A rebuild with --no-pdf once made the earlier PDF disappear silently: now the release
    without a PDF says so in the build's output and in its manifest. The book with a PDF is a copy
    of the session's 2021 book."""
    out = tmp_path / "public"
    shutil.copytree(book2021.public, out, symlinks=True)
    assert len(list((out / "2021").glob("*.pdf"))) == 1
    new_book(proj)
    proc = build(proj, out, "--no-pdf")
    assert proc.returncode == 0, proc.stderr
    assert list((out / "2021").glob("*.pdf")) == []
    assert "PDF：本次未生成（--no-pdf；2021年度先前的 PDF 不再发布）" in proc.stdout, proc.stdout
    assert json.loads((out / "2021" / "manifest.json").read_text(encoding="utf-8"))["pdf"] is None
