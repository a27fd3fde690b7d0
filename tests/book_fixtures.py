"""Books the test session shares, and helpers to run the real CLI.

**Use a shared book** when a test only reads a book. Each distinct book is built once per test
session, from nothing (its own project copy, its own empty ``.cache/``), by the real CLI; the
tests that read it share it (session fixtures in ``conftest.py``)::

    def test_my_check(book2021):                 # data/2021: HTML, PDF, .xlsx, .docx, notebooks
        assert "94.07%" in book2021.page("01_basic")
        pdf = book2021.pdf                         # book2021.folder is public/2021 (the release)

    def test_other_years(years_site): ...          # tests/fixtures/years: 2020 + 2021, then 2019
    def test_my_data(shared_books):                # any other book, built once per session:
        book = shared_books.book("archive", "--year", "2024", data=FIXTURES / "archive")

Never write into a shared book's folders (``project``, ``public``): every test after you reads them.

**Use a warm project** when a test changes something (data, notebooks, the output folder, the
cache) and builds: ``warm_project(tmp_path / "proj")`` is a fresh project copy whose ``.cache/``
holds the executed notebooks of the shared 2021 build, so a build there executes only what the
change affects. Sharing stays honest: cache entries are keyed by the notebook, its parameters,
the data, the package source and the requirements, and verified by content on every reuse.

**Build from nothing** only where execution itself is under test (a failing cell, determinism,
a new chapter): give the project no cache (``project_copy``), or ``--force``.

Under pytest-xdist the workers share the books too: the first worker that needs one builds it
under a lock in the session's shared temporary folder, the others wait for it and read it.
"""

from __future__ import annotations

import fcntl
import json
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def run_build(out: Path, *args: str, data: Path | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess:
    """Run the real CLI. Without ``cwd``, in a throw-away copy of the project beside ``out``, so the
    build has its own .cache/ and build/ and never reuses (or fills) the repository's."""
    if cwd is None:
        cwd = out.parent / f"project-{out.name}"
        if not cwd.exists():
            project_copy(cwd)
    # the CLI does not take the project from the working directory: name the copy
    cmd = [sys.executable, "-m", "selfeval", "build", "--out", str(out), "--root", str(cwd), *args]
    if data is not None:
        cmd += ["--data", str(data)]
    return subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, timeout=600)


def cli_in_process(capsys, *args: str) -> subprocess.CompletedProcess:
    """The CLI run in this process (no interpreter start-up, 1–2 s less per call): its exit code and
    what it printed. The subprocess path (`python -m selfeval`) is covered by tests/test_robustness.py."""
    from selfeval.cli import main

    capsys.readouterr()
    code = main(list(args))
    printed = capsys.readouterr()
    return subprocess.CompletedProcess(["selfeval", *args], code, printed.out, printed.err)


def html_text(page: Path) -> str:
    """Visible text of a built page (tags stripped, scripts dropped)."""
    import re

    raw = page.read_text(encoding="utf-8")
    raw = re.sub(r"<script.*?</script>", "", raw, flags=re.S)
    raw = re.sub(r"<style.*?</style>", "", raw, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", raw))


def project_copy(dst: Path) -> Path:
    """A throw-away copy of the project's book inputs (data, notebooks, book, config) to build from."""
    dst.mkdir(parents=True, exist_ok=True)
    for name in ("data", "notebooks", "book"):
        shutil.copytree(ROOT / name, dst / name)
    shutil.copyfile(ROOT / "_config.yml", dst / "_config.yml")
    return dst


def tree_digest(folder: Path) -> dict[str, str]:
    """sha256 of every file below folder (following the published symlink)."""
    import hashlib

    folder = folder.resolve()
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.rglob("*")) if p.is_file()}


# --------------------------------------------------------------------------- shared books


@dataclass(frozen=True)
class Book:
    """A book built once for the session: its project copy, output folder and the build's output."""

    project: Path
    public: Path
    year: int
    returncode: int
    stdout: str
    stderr: str
    info: dict = field(default_factory=dict)  # what the build step recorded besides (see Shelf.once)

    @property
    def folder(self) -> Path:
        """public/<year>: the published release (a symlink)."""
        return self.public / str(self.year)

    @property
    def html(self) -> Path:
        return self.folder / "html"

    @property
    def pdf(self) -> Path:
        return next(self.folder.glob("*.pdf"))

    @property
    def notebooks(self) -> list[Path]:
        """The published executed notebooks, in name order."""
        return sorted((self.folder / "notebooks").glob("*.ipynb"))

    def page(self, chapter: str, year: int | None = None) -> str:
        """Visible text of a chapter's HTML page (e.g. "01_basic")."""
        return html_text(self.chapter_path(chapter, year))

    def chapter_path(self, chapter: str, year: int | None = None) -> Path:
        return self.public / str(year or self.year) / "html" / "executed" / f"{chapter}.html"


@contextmanager
def _locked(path: Path) -> Iterator[None]:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)  # released when the file closes
        yield


class Shelf:
    """The session's books: each built once, by the first test (or xdist worker) that asks for it."""

    def __init__(self, root: Path):
        self.root = root

    def once(self, name: str, make: Callable[[Path], dict]) -> dict:
        """Run ``make(folder)`` once per session for ``name`` and return what it recorded (JSON)."""
        folder = self.root / name
        record = folder / "record.json"
        with _locked(self.root / f"{name}.lock"):
            if not record.exists():
                if folder.exists():
                    shutil.rmtree(folder)  # a build interrupted earlier in this session
                folder.mkdir(parents=True)
                record.write_text(json.dumps(make(folder), ensure_ascii=False), encoding="utf-8")
        return json.loads(record.read_text(encoding="utf-8"))

    def book(self, name: str, *args: str, data: Path | None = None) -> Book:
        """A book built by ``selfeval build <args>`` (``--year`` among them) into a fresh project copy;
        the last ``--year`` is the book's year. Asserts the build succeeded."""

        def make(folder: Path) -> dict:
            project = project_copy(folder / "project")
            proc = run_build(folder / "public", *args, data=data, cwd=project)
            return {"returncode": proc.returncode, "stdout": proc.stdout, "stderr": proc.stderr}

        got = self.once(name, make)
        assert got["returncode"] == 0, f"the shared book {name!r} did not build: {got['stderr']}"
        years = [int(args[i + 1]) for i, a in enumerate(args) if a == "--year"]
        folder = self.root / name
        return Book(folder / "project", folder / "public", years[-1], got["returncode"], got["stdout"], got["stderr"])


def shelf_root(tmp_path_factory) -> Path:
    """The session's folder for shared books: one per session, shared by all xdist workers."""
    import os

    base = tmp_path_factory.getbasetemp()
    return (base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base) / "shared-books"


def warm_copy(book: Book, dst: Path) -> Path:
    """A project copy at ``dst`` whose .cache/ is a copy of ``book``'s (see the module docstring)."""
    project_copy(dst)
    shutil.copytree(book.project / ".cache", dst / ".cache")
    return dst


def years_site(shelf: Shelf) -> Book:
    """tests/fixtures/years: 2020 and 2021 built together (with PDFs), then 2019 on its own (no PDF),
    into one output folder. ``info`` holds the two earlier years' links and file digests, and
    years.js, as they were before 2019 was published."""
    import os

    years = ROOT / "tests" / "fixtures" / "years"

    def make(folder: Path) -> dict:
        project = project_copy(folder / "project")
        public = folder / "public"
        first = run_build(public, "--year", "2020", "--year", "2021", data=years, cwd=project)
        if first.returncode != 0:
            return {"returncode": first.returncode, "stdout": first.stdout, "stderr": first.stderr}
        before = {str(y): [os.readlink(public / str(y)), tree_digest(public / str(y))] for y in (2020, 2021)}
        years_js = (public / "years.js").read_text(encoding="utf-8")
        later = run_build(public, "--year", "2019", "--no-pdf", data=years, cwd=project)
        return {
            "returncode": later.returncode,
            "stdout": later.stdout,
            "stderr": later.stderr,
            "first_stdout": first.stdout,
            "before": before,
            "years_js_before": years_js,
        }

    got = shelf.once("years", make)
    assert got["returncode"] == 0, f"the shared fixture-years site did not build: {got['stderr']}"
    folder = shelf.root / "years"
    return Book(folder / "project", folder / "public", 2021, 0, got["stdout"], got["stderr"], info=got)
