"""Content-addressed cache of executed notebooks (and of whole books, through their keys).

A key covers everything that can change an output: the notebook's code (its code cells and
their tags, its kernel), its parameters, the data files of the year and of every earlier
year (the volume chapter reads them), the package's source, the pinned requirements and the
book's configuration. A hit can therefore never serve a stale result; ``--force`` ignores
the cache.

A notebook's Markdown is never executed, so it is not part of the execution's key: after an
edit of a heading or of a chapter's text the cached execution is reused with the notebook's
current Markdown cells (:func:`reuse`), and only the book is built again (the book's key
covers the notebooks' every byte).

Entries are verified on reuse: each stores the SHA-256 of its content beside it, and an
entry whose content no longer matches (a damaged disk, a half-copied file, a hand edit) is
deleted, reported and rebuilt — never published.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable
from pathlib import Path

from ..content_store import VerifiedStore

PACKAGE = Path(__file__).resolve().parents[1]  # the whole selfeval package


def _hash_files(h: hashlib._Hash, files: Iterable[Path], base: Path) -> None:
    for f in sorted(files):
        h.update(str(f.relative_to(base)).encode())
        h.update(b"\0")
        h.update(f.read_bytes())
        h.update(b"\0")


_fingerprints: dict[tuple, str] = {}  # by the files' paths, sizes and times: each key of a build hashes the same package


def source_fingerprint(root: Path, pkg: Path = PACKAGE) -> str:
    """The package's code and assets, requirements and project metadata."""
    files = sorted(p for p in pkg.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
    extra = [p for p in (root / "requirements.txt", root / "pyproject.toml") if p.exists()]
    memo = tuple((str(p), st.st_size, st.st_mtime_ns, st.st_ctime_ns) for p in files + extra for st in [p.stat()])
    if memo not in _fingerprints:
        h = hashlib.sha256()
        _hash_files(h, files, pkg)
        _hash_files(h, extra, root)
        _fingerprints[memo] = h.hexdigest()
    return _fingerprints[memo]


def _year_dirs(data_dir: Path, year: int) -> list[Path]:
    return sorted(p for p in data_dir.iterdir() if p.is_dir() and len(p.name) == 4 and p.name.isascii() and p.name.isdigit() and int(p.name) <= year)


def data_fingerprint(data_dir: Path, year: int, memo: Path | None = None) -> str:
    """Names and sha256 of every input file of the year and earlier years (call records included).

    Only what the loader reads (no hidden file, no link out of the data root). Digests are
    remembered by file identity in ``memo`` (:mod:`selfeval.contract.file_digests`), so an
    unchanged gigabyte of call records is not re-read for every notebook key.
    """
    from ..contract.file_digests import digests  # not the data model (0.3 s): kernels started ahead start before it is imported
    from ..contract.sources import input_files  # its field labels import the data model too

    h = hashlib.sha256()
    for d in _year_dirs(data_dir, year):
        for f, digest in digests(input_files(d), memo).items():
            h.update(f"{f.relative_to(data_dir)}\0{digest}\0".encode())
    return h.hexdigest()


def _tags(cell: dict) -> list:
    return cell.get("metadata", {}).get("tags", [])


def _text(source: str | list[str]) -> str:
    return source if isinstance(source, str) else "".join(source)


def execution_digest(notebook: Path) -> str:
    """What executing a notebook depends on in the notebook itself: its code cells (source and
    tags) in order, its kernel and format version; not its Markdown."""
    raw = notebook.read_bytes()
    try:
        nb = json.loads(raw)
        code = [(_text(c.get("source", "")), _tags(c)) for c in nb["cells"] if c.get("cell_type") == "code"]
        what = {"code": code, "kernelspec": nb.get("metadata", {}).get("kernelspec"), "nbformat": [nb.get("nbformat"), nb.get("nbformat_minor")]}
    except (ValueError, KeyError, TypeError, AttributeError):
        return hashlib.sha256(raw).hexdigest()  # not a notebook: executing it reports why
    return hashlib.sha256(json.dumps(what, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def reuse(cached: Path, source: Path, target: Path) -> bool:
    """Write to ``target`` the cached execution with ``source``'s Markdown and raw cells in place of
    its own. False (nothing written) when the two do not have the same code cells."""
    executed, current = json.loads(cached.read_text(encoding="utf-8")), json.loads(source.read_text(encoding="utf-8"))
    code = [c for c in executed["cells"] if c.get("cell_type") == "code"]
    cells, i = [], 0
    for cell in current["cells"]:
        if cell.get("cell_type") != "code":
            cells.append(cell)
            continue
        if i >= len(code) or _text(code[i].get("source", "")) != _text(cell.get("source", "")):
            return False
        cells.append(code[i])
        i += 1
        while i < len(code) and "injected-parameters" in _tags(code[i]):  # papermill's, right after the parameters cell
            cells.append(code[i])
            i += 1
    if i != len(code):
        return False
    executed["cells"] = cells
    target.write_text(json.dumps(executed, sort_keys=True, indent=1, ensure_ascii=False, separators=(",", ": ")) + "\n", encoding="utf-8")  # as nbformat writes
    return True


def notebook_key(root: Path, notebook: Path, params: dict, data_dir: Path, year: int, pkg: Path = PACKAGE) -> str:
    h = hashlib.sha256()
    h.update(execution_digest(notebook).encode())
    h.update(json.dumps(params, sort_keys=True, ensure_ascii=False).encode())
    h.update(data_fingerprint(data_dir, year, root / ".cache").encode())
    h.update(source_fingerprint(root, pkg).encode())
    return h.hexdigest()


def book_key(root: Path, chapters, params: dict, data_dir: Path, year: int, pdf: bool) -> str:
    h = hashlib.sha256()
    for ch in chapters:
        h.update(notebook_key(root, ch.notebook, params, data_dir, year).encode())
        h.update(hashlib.sha256(ch.notebook.read_bytes()).digest())  # its Markdown too: the book shows it
    _hash_files(h, [p for p in (root / "book").rglob("*") if p.is_file()] + [root / "_config.yml"], root)
    h.update(b"pdf" if pdf else b"nopdf")
    return h.hexdigest()


def _notebooks(cache_dir: Path) -> VerifiedStore:
    return VerifiedStore(cache_dir / "notebooks", ".ipynb")


def lookup(cache_dir: Path, key: str) -> tuple[Path | None, bool]:
    """(the verified cached notebook or None, whether a damaged entry was found and removed)."""
    return _notebooks(cache_dir).lookup(key)


def cached(cache_dir: Path, key: str) -> bool:
    """Whether an execution is stored under ``key`` (unverified; :func:`lookup` verifies it)."""
    return _notebooks(cache_dir).has(key)


def store(cache_dir: Path, key: str, executed: Path) -> None:
    """Copy then rename, content first and digest last: a reader never sees half an entry."""
    _notebooks(cache_dir).store_file(key, executed)


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


def _published_manifest(published: Path) -> dict:
    from .publish import read_manifest  # bounded, never through a link: the output folder is untrusted

    real = published.resolve()
    inside = real.parent == (published.parent / ".releases").resolve()  # a year links to its release; a link elsewhere is not read
    man = read_manifest(real) if inside and real.is_dir() else None
    return man if man is not None else {}


def published_key(published: Path) -> str | None:
    key = _published_manifest(published).get("book_key")
    return key if isinstance(key, str) else None


def published_warnings(published: Path) -> list[str]:
    """The warnings the published book was built with (its manifest records them)."""
    warnings = _published_manifest(published).get("warnings")
    return [str(w) for w in warnings] if isinstance(warnings, list) else []
