"""Content-addressed cache of executed notebooks and of whole books.

A key covers everything that can change an output: the notebook's bytes, its parameters,
the data files of the year and of every earlier year (the volume chapter reads them), the
package's source, the pinned requirements and the book's configuration. A hit can
therefore never serve a stale result; ``--force`` ignores the cache.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from pathlib import Path
from typing import Iterable


def _hash_files(h: "hashlib._Hash", files: Iterable[Path], base: Path) -> None:
    for f in sorted(files):
        h.update(str(f.relative_to(base)).encode())
        h.update(b"\0")
        h.update(f.read_bytes())
        h.update(b"\0")


PACKAGE = Path(__file__).resolve().parents[1]  # the whole selfeval package


def source_fingerprint(root: Path, pkg: Path = PACKAGE) -> str:
    """The package's code and assets, requirements and project metadata."""
    h = hashlib.sha256()
    _hash_files(h, (p for p in pkg.rglob("*") if p.is_file() and "__pycache__" not in p.parts), pkg)
    _hash_files(h, [p for p in (root / "requirements.txt", root / "pyproject.toml") if p.exists()], root)
    return h.hexdigest()


def data_fingerprint(data_dir: Path, year: int, memo: Path | None = None) -> str:
    """Names and sha256 of every data file of the year and earlier years (call records included).

    Digests are remembered by file identity (path, size, mtime, ctime, inode) in ``memo``, so an
    unchanged gigabyte of call records is not re-read for every notebook key.
    """
    from ..analyses.calls.digests import digests

    h = hashlib.sha256()
    for d in sorted(p for p in data_dir.iterdir() if p.is_dir() and p.name.isdigit() and int(p.name) <= year):
        files = sorted(p for p in d.rglob("*") if p.is_file())
        for f, digest in digests(files, memo).items():
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


def _dir(root: Path) -> Path:
    return root / ".cache" / "notebooks"


def lookup(root: Path, key: str) -> Path | None:
    path = _dir(root) / f"{key}.ipynb"
    return path if path.exists() else None


def store(root: Path, key: str, executed: Path) -> None:
    d = _dir(root)
    d.mkdir(parents=True, exist_ok=True)
    tmp = d / f".{key}.{os.getpid()}.tmp"
    shutil.copyfile(executed, tmp)
    os.replace(tmp, d / f"{key}.ipynb")


def published_key(published: Path) -> str | None:
    man = published / "manifest.json"
    if not man.exists():
        return None
    try:
        return json.loads(man.read_text(encoding="utf-8")).get("book_key")
    except (OSError, ValueError):
        return None
