"""Is the published book of a year up to date? Answered from file identities, before anything is loaded.

The book's key (:func:`.cache.book_key`) hashes everything a book is made from; computing it
means loading and checking the year (pydantic, 0.3 s) and hashing the package. Most builds
find the book up to date (``make book`` again, a build of several years where one changed),
so after each build that ends with a published key, the build writes a stamp: the identity
of every file under the folders that key reads, with the options the key covers, and the key.

The next build compares identities only (a directory walk and ``stat`` calls, no reading):
the same files with the same identities, the same options, and a published manifest that
still carries the stamped key mean the same key, so the book is up to date. Anything else
(a file added, removed or touched, other options, a stamp missing or unreadable, the
published book replaced) sends the build to the full check; a stamp is never a reason to
skip more than the full check would.

A file's identity is its path, size, modification and change times (ns) and inode, as for
the data digests (:mod:`selfeval.contract.file_digests` explains why this catches every
rewrite); a file changed in the last two seconds is not trusted, so no stamp is written then.
The folders are whole folders, a superset of what the key reads: the year's and earlier
years' data, the notebooks, ``book/``, the package, and the project's ``_config.yml``,
``requirements.txt`` and ``pyproject.toml``.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from pathlib import Path

from . import cache

RACY_NS = 2_000_000_000


def _chapter_notebooks(root: Path) -> list[Path]:
    """The notebooks book/chapters.yml lists (they may lie outside notebooks/); [] when it does not parse."""
    import yaml

    try:
        raw = yaml.safe_load((root / "book" / "chapters.yml").read_text(encoding="utf-8"))
        return [root / str(c["notebook"]) for c in raw["chapters"]]
    except Exception:
        return []  # the full check reports it


def _files(root: Path, data_dir: Path, year: int) -> list[Path]:
    folders = [root / "notebooks", root / "book", cache.PACKAGE]
    if data_dir.is_dir():
        folders += [p for p in data_dir.iterdir() if p.is_dir() and len(p.name) == 4 and p.name.isdigit() and int(p.name) <= year]
    files = [root / "_config.yml", root / "requirements.txt", root / "pyproject.toml", *_chapter_notebooks(root)]
    for folder in folders:
        for dirpath, dirnames, filenames in os.walk(folder):
            dirnames[:] = sorted(d for d in dirnames if d != "__pycache__")
            files += [Path(dirpath, f) for f in sorted(filenames)]
    return files


def identities(root: Path, data_dir: Path, year: int) -> dict[str, str] | None:
    """path → identity of every file the stamp covers; None when one changed too recently to trust."""
    now = time.time_ns()
    out = {}
    for f in _files(root, data_dir, year):
        try:
            st = f.stat()
        except OSError:
            out[str(f)] = "missing"
            continue
        if now - max(st.st_mtime_ns, st.st_ctime_ns) < RACY_NS:
            return None
        out[str(f)] = f"{st.st_size}|{st.st_mtime_ns}|{st.st_ctime_ns}|{st.st_ino}"
    return out


def _path(cache_dir: Path, public: Path, year: int, options: dict) -> Path:
    tag = hashlib.sha256(json.dumps({"public": str(public), **options}, sort_keys=True, ensure_ascii=False).encode()).hexdigest()[:16]
    return cache_dir / "stamps" / f"{year}-{tag}.json"


def up_to_date(root: Path, data_dir: Path, year: int, public: Path, options: dict, cache_dir: Path) -> bool:
    """True only when the stamp proves the published book's key is still the key of these inputs."""
    try:
        stamp = json.loads(_path(cache_dir, public, year, options).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    if not isinstance(stamp, dict) or not stamp.get("key") or stamp.get("key") != cache.published_key(public / str(year)):
        return False
    return stamp.get("files") == identities(root, data_dir, year)


def write(root: Path, data_dir: Path, year: int, public: Path, options: dict, cache_dir: Path, key: str) -> None:
    """Remember that these inputs give ``key`` (nothing when a file is too recent to trust)."""
    files = identities(root, data_dir, year)
    if files is None:
        return
    path = _path(cache_dir, public, year, options)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        tmp.write_text(json.dumps({"key": key, "files": files}, ensure_ascii=False), encoding="utf-8")
        os.replace(tmp, path)
    except OSError:
        pass  # a read-only cache only costs the full check next time
