"""Files stored under a key, verified on every read: the build's caches (executed notebooks, chart images).

An entry is two files, ``<key><suffix>`` and ``<key>.sha256`` (the content's digest), written
content first and digest last, each by a rename, so a reader never sees half an entry. An
entry whose content no longer matches its digest (a damaged disk, a half-copied file, a hand
edit) is deleted and reported as damaged, never returned: the caller computes the value again.
The key is the caller's: a digest of everything the value is computed from.
"""

from __future__ import annotations

import hashlib
import os
import threading
from pathlib import Path


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


class VerifiedStore:
    def __init__(self, folder: Path, suffix: str):
        self.folder, self.suffix = Path(folder), suffix

    def lookup(self, key: str) -> tuple[Path | None, bool]:
        """(the verified entry or None, whether a damaged entry was found and removed)."""
        path, digest = self.folder / f"{key}{self.suffix}", self.folder / f"{key}.sha256"
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

    def has(self, key: str) -> bool:
        """Whether an entry is stored (not verified: :meth:`lookup` does that, and reports damage)."""
        return (self.folder / f"{key}{self.suffix}").exists() and (self.folder / f"{key}.sha256").exists()

    def read(self, key: str, since_ns: int = 0) -> bytes | None:
        """The verified content, or None (missing, damaged, or stored before ``since_ns``)."""
        path, _ = self.lookup(key)
        try:
            return path.read_bytes() if path is not None and path.stat().st_mtime_ns >= since_ns else None
        except OSError:
            return None

    def store_file(self, key: str, source: Path) -> None:
        self._store(key, lambda tmp: tmp.write_bytes(source.read_bytes()))

    def store(self, key: str, content: bytes) -> None:
        self._store(key, lambda tmp: tmp.write_bytes(content))

    def _store(self, key: str, write) -> None:
        """Content then digest, each by a rename (a temporary named by thread and, last, the process's
        pid: :func:`selfeval.bookbuild.cache.remove_stale_temporaries` removes those of dead processes)."""
        self.folder.mkdir(parents=True, exist_ok=True)
        tmp = self.folder / f".{key}-{threading.get_ident()}.{os.getpid()}.tmp"
        write(tmp)
        digest = sha256_file(tmp)
        os.replace(tmp, self.folder / f"{key}{self.suffix}")
        tmp.write_text(digest, encoding="ascii")
        os.replace(tmp, self.folder / f"{key}.sha256")
