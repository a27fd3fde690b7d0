"""Content-addressed cache of executed notebooks (and of whole books, through their keys).

A key covers everything that can change an output: the notebook's bytes, its parameters,
the data files of the year and of every earlier year (the volume chapter reads them), the
package's source, the pinned requirements and the book's configuration. A hit can
therefore never serve a stale result; ``--force`` ignores the cache.

Entries are verified on reuse: each stores the SHA-256 of its content beside it, and an
entry whose content no longer matches (a damaged disk, a half-copied file, a hand edit) is
deleted, reported and rebuilt — never published.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from collections.abc import Iterable
from pathlib import Path

from ..analyses.calls.digests import digests
from ..contract.sources import input_files

PACKAGE = Path(__file__).resolve().parents[1]  # the whole selfeval package


def _hash_files(h: hashlib._Hash, files: Iterable[Path], base: Path) -> None:
    for f in sorted(files):
        h.update(str(f.relative_to(base)).encode())
        h.update(b"\0")
        h.update(f.read_bytes())
        h.update(b"\0")


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def source_fingerprint(root: Path, pkg: Path = PACKAGE) -> str:
    """The package's code and assets, requirements and project metadata."""
    h = hashlib.sha256()
    _hash_files(h, (p for p in pkg.rglob("*") if p.is_file() and "__pycache__" not in p.parts), pkg)
    _hash_files(h, [p for p in (root / "requirements.txt", root / "pyproject.toml") if p.exists()], root)
    return h.hexdigest()


def _year_dirs(data_dir: Path, year: int) -> list[Path]:
    return sorted(p for p in data_dir.iterdir() if p.is_dir() and len(p.name) == 4 and p.name.isascii() and p.name.isdigit() and int(p.name) <= year)


def data_fingerprint(data_dir: Path, year: int, memo: Path | None = None) -> str:
    """Names and sha256 of every input file of the year and earlier years (call records included).

    Only what the loader reads (no hidden file, no link out of the data root). Digests are
    remembered by file identity in ``memo`` (:mod:`selfeval.analyses.calls.digests`), so an
    unchanged gigabyte of call records is not re-read for every notebook key.
    """
    h = hashlib.sha256()
    for d in _year_dirs(data_dir, year):
        for f, digest in digests(input_files(d), memo).items():
            h.update(f"{f.relative_to(data_dir)}\0{digest}\0".encode())
    return h.hexdigest()


def notebook_key(root: Path, notebook: Path, params: dict, data_dir: Path, year: int, pkg: Path = PACKAGE) -> str:
    h = hashlib.sha256()
    h.update(notebook.read_bytes())
    h.update(json.dumps(params, sort_keys=True, ensure_ascii=False).encode())
    h.update(data_fingerprint(data_dir, year, root / ".cache").encode())
    h.update(source_fingerprint(root, pkg).encode())
    return h.hexdigest()


def book_key(root: Path, chapters, params: dict, data_dir: Path, year: int, pdf: bool) -> str:
    h = hashlib.sha256()
    for ch in chapters:
        h.update(notebook_key(root, ch.notebook, params, data_dir, year).encode())
    _hash_files(h, [p for p in (root / "book").rglob("*") if p.is_file()] + [root / "_config.yml"], root)
    h.update(b"pdf" if pdf else b"nopdf")
    return h.hexdigest()


def _dir(cache_dir: Path) -> Path:
    return cache_dir / "notebooks"


def lookup(cache_dir: Path, key: str) -> tuple[Path | None, bool]:
    """(the verified cached notebook or None, whether a damaged entry was found and removed)."""
    path, digest = _dir(cache_dir) / f"{key}.ipynb", _dir(cache_dir) / f"{key}.sha256"
    if not path.exists():
        return None, False
    try:
        ok = digest.read_text(encoding="ascii").strip() == sha256_file(path)
    except (OSError, UnicodeDecodeError):
        ok = False
    if ok:
        return path, False
    for p in (path, digest):
        p.unlink(missing_ok=True)
    return None, True


def store(cache_dir: Path, key: str, executed: Path) -> None:
    """Copy then rename, content first and digest last: a reader never sees half an entry."""
    d = _dir(cache_dir)
    d.mkdir(parents=True, exist_ok=True)
    tmp = d / f".{key}.{os.getpid()}.tmp"
    shutil.copyfile(executed, tmp)
    digest = sha256_file(tmp)
    os.replace(tmp, d / f"{key}.ipynb")
    tmp.write_text(digest, encoding="ascii")
    os.replace(tmp, d / f"{key}.sha256")


def remove_stale_temporaries(cache_dir: Path) -> int:
    """Delete ``.<name>.<pid>.tmp`` files left by killed builds (their process is gone). The part
    before ``.tmp`` is read as a pid only when it can be one: a name written otherwise (a thread
    id there, any number) is a leftover like the others, never an error."""
    removed = 0
    for tmp in cache_dir.rglob(".*.tmp") if cache_dir.is_dir() else []:
        pid = tmp.name.rsplit(".", 2)[-2] if tmp.name.count(".") >= 3 else ""
        if pid.isascii() and pid.isdigit() and _alive(int(pid)):
            continue
        tmp.unlink(missing_ok=True)
        removed += 1
    return removed


PID_MAX = 1 << 22  # Linux's largest pid_max (4,194,304): a larger number is not a process


def _alive(pid: int) -> bool:
    if not 0 < pid <= PID_MAX:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def published_key(published: Path) -> str | None:
    from .publish import read_manifest  # bounded, never through a link: the output folder is untrusted

    real = published.resolve()
    inside = real.parent == (published.parent / ".releases").resolve()  # a year links to its release; a link elsewhere is not read
    man = read_manifest(real) if inside and real.is_dir() else None
    key = man.get("book_key") if man is not None else None
    return key if isinstance(key, str) else None
