"""The output folder: what a build may touch there, one build at a time, atomic releases.

Layout of an output folder (``public/`` by default)::

    public/index.html            landing page (every year published)
    public/years.js              the published years, read by every book's year switcher
    public/<year>  →  .releases/<year>-<build id>/   (a symlink, switched by one rename)
    public/.releases/<year>-<build id>.partial/       a release being written
    public/.lock                 held by the build that writes here

Guarantees (tested in tests/test_faults.py and tests/test_publish.py):

* A release becomes visible only complete: it is written as ``*.partial``, renamed, and the
  year's symlink is replaced by ``os.replace`` — a reader sees the old book or the new one.
* The build deletes only inside ``public/.releases`` and only what it can prove is its own
  (resolved inside that folder); a ``public/<year>`` symlink pointing elsewhere is replaced,
  never followed, and a real folder in its place is refused.
* An output folder that is, contains or lies inside the data or the project's sources is
  refused before anything is written.
* One build writes into an output folder at a time (``.lock``); the next waits and says
  who holds it. Leftovers of a killed build are removed by the next one.
* Every entry of the output folder is untrusted (anyone who can write there may have planted
  it): no link is followed. ``.lock`` is opened with ``O_NOFOLLOW`` and must be a regular file;
  ``.releases`` must be a real folder (a link to another folder is refused, never cleaned
  through); temporaries are created with ``O_EXCL | O_NOFOLLOW``; a year's link is read only
  when it points to a release inside ``.releases``, and its manifest only as a regular file of
  bounded size.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import stat
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ..errors import WARNING_MARK, BuildError, DataError
from . import faults
from .progress import log

LOCK_WAIT_SECONDS = 1800
MAX_MANIFEST_BYTES = 10 * 1024 * 1024  # the bound of a data file: a manifest is a few KB
_NEW_FILE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or path.is_relative_to(folder)


class OutputFolder:
    def __init__(self, public: Path, protected: list[Path], in_department: bool = False):
        """``in_department``: the folder of one project inside a department's (its landing page links up)."""
        self.public = public.resolve()
        self.in_department = in_department
        self.protected = [p.resolve() for p in protected]
        self.releases = self.public / ".releases"

    # ----------------------------------------------------------------- safety

    def check(self) -> None:
        """Refuse an output folder that is, contains or lies inside the inputs or sources."""
        for p in self.protected:
            if _inside(self.public, p) or _inside(p, self.public):
                raise DataError(
                    str(self.public),
                    "--out",
                    f"与生成时读取的 {p} 相同、包含它或位于其中",
                    "换一个 --out（默认为项目中的 public/）",
                )
        if self.public.exists() and not self.public.is_dir():
            raise DataError(str(self.public), "--out", "已存在且不是文件夹", "换一个 --out")
        self._check_entry(self.public / ".lock", regular=True)
        self._check_entry(self.releases, regular=False)

    @staticmethod
    def _check_entry(path: Path, regular: bool) -> None:
        """``.lock`` (a regular file) or ``.releases`` (a folder), when present, must be what this tool
        makes: a link planted there would make the build write or delete through it."""
        try:
            info = os.lstat(path)
        except FileNotFoundError:
            return
        what = "普通文件" if regular else "文件夹"
        if stat.S_ISLNK(info.st_mode):
            problem = f"是符号链接（指向 {os.readlink(path)}）：输出文件夹中的链接一律不跟随"
            raise DataError(str(path), "", problem, f"删除这个链接（构建会自己创建{what} {path.name}），再构建")
        if (stat.S_ISREG(info.st_mode) if regular else stat.S_ISDIR(info.st_mode)) is False:
            raise DataError(str(path), "", f"不是{what}（不是本工具创建的）", f"把它移走或删除（构建会自己创建{what} {path.name}），再构建")

    @contextmanager
    def lock(self) -> Iterator[None]:
        """Hold ``public/.lock`` for the whole build; wait (saying who holds it) if another build does."""
        self.public.mkdir(parents=True, exist_ok=True)
        path = self.public / ".lock"
        self._check_entry(path, regular=True)
        try:  # never through a link (O_NOFOLLOW), never blocking on a pipe (O_NONBLOCK)
            fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC, 0o644)
        except OSError as exc:  # ELOOP: a link planted between the check and the open
            raise DataError(str(path), "", f"无法作为锁文件打开（{exc.strerror or exc}）", "删除它（构建会自己创建普通文件 .lock），再构建") from None
        try:
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                raise DataError(str(path), "", "不是普通文件（不是本工具创建的）", "把它移走或删除（构建会自己创建普通文件 .lock），再构建")
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                holder = _holder(fd)
                log(f"    等待：{holder} 正在写入 {self.public}（锁 {path}）")
                deadline = time.monotonic() + LOCK_WAIT_SECONDS
                while True:
                    try:
                        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                        break
                    except BlockingIOError:
                        if time.monotonic() > deadline:
                            raise BuildError(f"{holder} 持有 {path} 已超过 {LOCK_WAIT_SECONDS} 秒——修改：等它结束，或停止它") from None
                        time.sleep(0.5)
            os.ftruncate(fd, 0)
            os.pwrite(fd, f"生成进程 {os.getpid()}（{time.strftime('%Y-%m-%d %H:%M:%S')} 开始）".encode(), 0)
            yield
        finally:
            os.close(fd)  # releases the lock

    # ----------------------------------------------------------------- releases

    def new_release(self, year: int, build_id: str) -> Path:
        self._check_entry(self.releases, regular=False)
        self.releases.mkdir(exist_ok=True)
        stage = self.releases / f"{year}-{build_id}.partial"
        stage.mkdir()
        return stage

    def discard(self, stage: Path) -> None:
        self._remove_release(stage)

    def _remove_release(self, path: Path) -> None:
        """Delete a release folder, only if it provably lies inside .releases (never what a link points to elsewhere)."""
        if path.is_symlink() and path.parent.resolve() == self.releases.resolve():
            path.unlink()
            return
        real = path.resolve()
        if real.parent == self.releases.resolve() and real.is_dir():
            shutil.rmtree(real, ignore_errors=True)

    def publish(self, year: int, stage: Path) -> Path:
        """Make ``stage`` (complete) the published book of ``year`` with one atomic rename of a symlink."""
        faults.point("before-publish")
        link = self.public / str(year)
        if link.exists() and not link.is_symlink():
            raise BuildError(f"{link} 是本工具没有创建的文件夹（本工具在此处发布符号链接）——修改：把它移走，再重新生成")
        final = stage.with_name(stage.name.removesuffix(".partial"))
        os.replace(stage, final)
        faults.point("publish-renamed")
        old = Path(os.readlink(link)) if link.is_symlink() else None
        tmp = self.public / f".{year}.link-{uuid.uuid4().hex[:8]}"
        os.symlink(os.path.relpath(final, self.public), tmp)
        os.replace(tmp, link)
        faults.point("publish-swapped")
        if old is not None:
            old_path = (self.public / old) if not old.is_absolute() else old
            if old_path.resolve() != final.resolve():
                self._remove_release(old_path)
        return link

    def remove_leftovers(self) -> list[str]:
        """Remove what killed builds left here: partial releases, unpublished releases, link temporaries."""
        removed: list[str] = []
        if not self.public.is_dir():
            return removed
        for tmp in self.public.glob(".*.link-*"):
            if tmp.is_symlink():
                tmp.unlink()
                removed.append(tmp.name)
        for tmp in self.public.glob(".*.tmp"):  # write_pages' temporaries (we hold the lock: none is being written)
            if tmp.is_file() and not tmp.is_symlink():
                tmp.unlink()
                removed.append(tmp.name)
        self._check_entry(self.releases, regular=False)  # never cleaned through a link to another folder
        if not self.releases.is_dir():
            return removed
        published = {(self.public / os.readlink(p)).resolve() for p in self.public.iterdir() if p.is_symlink() and _is_year(p.name)}
        for rel in self.releases.iterdir():
            if rel.is_symlink():
                rel.unlink()
                removed.append(rel.name)
            elif rel.is_dir() and rel.resolve() not in published:
                shutil.rmtree(rel, ignore_errors=True)
                removed.append(rel.name)
        return removed

    # ----------------------------------------------------------------- landing page

    def published(self) -> list[tuple[int, dict]]:
        """(year, manifest) of every published year, newest first."""
        out = []
        for link in self.public.iterdir() if self.public.is_dir() else []:
            if not (link.is_symlink() and _is_year(link.name)):
                continue
            release = self._release_of(link)
            man = read_manifest(release) if release is not None else None
            if man is not None:
                out.append((int(link.name), man))
        return sorted(out, key=lambda x: x[0], reverse=True)

    def _release_of(self, link: Path) -> Path | None:
        """The release a year's link points to, when it is a real folder directly inside ``.releases``
        (what :meth:`publish` makes); a link planted to a folder elsewhere is not read."""
        target = link.parent / os.readlink(link)
        if target.parent.resolve() != self.releases.resolve() or target.is_symlink() or not target.is_dir():
            log(f"    {WARNING_MARK}{link} 不指向 .releases 中的版本，落地页不读取它")
            return None
        return target

    def write_landing(self) -> Path:
        """Rewrite ``index.html`` and ``years.js`` from the manifests of every published year.

        Both are written to temporaries first and then renamed, the list first: a page never sees
        a half-written file, and the landing page never lists a year the switchers do not know.
        """
        from . import yearlist  # altair and vl-convert: not for a build with nothing to publish

        faults.point("before-landing")
        published = self.published()
        for year, man in published:  # a forged or damaged manifest: said, shown as "—", never an error
            for problem in yearlist.manifest_problems(year, man):
                log(f"    {WARNING_MARK}{self.public}/{problem}")
        years = [yearlist.PublishedYear.read(year, man) for year, man in published]
        self.write_pages({"years.js": yearlist.years_js(years), "index.html": yearlist.landing_page(years, self.in_department)})
        return self.public / "index.html"

    def write_pages(self, files: dict[str, str | bytes]) -> None:
        """Write files at the top of the output folder (the landing page, a department's pages):
        each to a temporary first, then all renamed in the order given, so a reader never sees a
        half-written file. The caller holds the lock; names are the tool's own, never data."""
        temps = {}
        for name, content in files.items():
            assert "/" not in name and not name.startswith("."), name
            tmp = self.public / f".{name}.{os.getpid()}.tmp"
            _write_new(tmp, content)
            temps[name] = tmp
        for name, tmp in temps.items():
            os.replace(tmp, self.public / name)


def _holder(fd: int) -> str:
    """Who holds the lock, as it wrote into the lock file; the holder writes just after taking the
    lock, so an empty file is read again for up to a second before it is called 另一次生成 (another build)."""
    deadline = time.monotonic() + 1.0
    while True:
        holder = os.pread(fd, 300, 0).decode("utf-8", "replace").strip()
        if holder or time.monotonic() > deadline:
            return holder or "另一次生成"
        time.sleep(0.05)


def _is_year(name: str) -> bool:
    return len(name) == 4 and name.isascii() and name.isdigit()


def _write_new(path: Path, content: str | bytes) -> None:
    """Write a temporary that no one else made: a file or link already at ``path`` is removed (we
    hold the lock; it is a killed build's leftover or planted), then it is created exclusively,
    never through a link."""
    if os.path.lexists(path):
        os.unlink(path)
    fd = os.open(path, _NEW_FILE, 0o644)
    with os.fdopen(fd, "wb") as f:
        f.write(content.encode("utf-8") if isinstance(content, str) else content)


def read_manifest(release: Path) -> dict | None:
    """A release's manifest.json: a regular file (not a link, not a pipe) of at most
    :data:`MAX_MANIFEST_BYTES`, as JSON; anything else is no manifest."""
    return read_json(release / "manifest.json")


def read_json(path: Path) -> dict | None:
    """A JSON object the tool wrote into the output folder, read as untrusted: a regular file (not a
    link, not a pipe) of at most :data:`MAX_MANIFEST_BYTES`; anything else is None."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError:
        return None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_MANIFEST_BYTES:
            return None
        with os.fdopen(os.dup(fd), "rb") as f:
            man = json.loads(f.read(MAX_MANIFEST_BYTES + 1).decode("utf-8"))
    except (OSError, ValueError, RecursionError):  # RecursionError: JSON nested thousands deep
        return None
    finally:
        os.close(fd)
    return man if isinstance(man, dict) else None
