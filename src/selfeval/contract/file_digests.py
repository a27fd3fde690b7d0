"""sha256 of data files, remembered by their file-system identity so that an unchanged file is never re-read.

Why: the build keys its caches by the content of every data file, and call records can be a
gigabyte. Re-hashing them for every notebook key (and every build) would cost seconds each
time. A file whose path, size, modification time, change time and inode are all unchanged
has unchanged content for any ordinary editor or copy tool: rewriting a file changes its
mtime; ``touch -d``, ``cp -p`` or ``rsync -t`` can restore an old mtime, but never the change
time (ctime), which the kernel sets on every write or metadata change. So those five values
are the memo key, and the digest is recomputed whenever any of them differs.

A file changed in the last two seconds is hashed every time and not remembered ("racily
clean", as git calls it): the kernel's file timestamps are coarse (a few milliseconds), so
two same-size writes within one tick could otherwise share a key.

The memo lives in memory for the process and in ``<cache>/digests.json`` between processes;
it is only an accelerator: a missing, unreadable or concurrently rewritten memo means the
files are hashed again, never that a stale digest is used.
"""

from __future__ import annotations

import hashlib
import json
import os
import threading
import time
from pathlib import Path

MEMO_FILE = "digests.json"
MAX_ENTRIES = 20_000
RACY_NS = 2_000_000_000  # files changed more recently than this are not remembered
_CHUNK = 1 << 20

_memory: dict[str, str] = {}
_lock = threading.Lock()


def stat_key(path: Path) -> str | None:
    """Path, size, mtime, ctime (ns) and inode: the identity under which a digest is remembered;
    None for a file changed too recently to be remembered safely."""
    st = path.stat()
    if time.time_ns() - max(st.st_mtime_ns, st.st_ctime_ns) < RACY_NS:
        return None
    return f"{path.resolve()}|{st.st_size}|{st.st_mtime_ns}|{st.st_ctime_ns}|{st.st_ino}"


def sha256_file(path: Path) -> str:
    """The file's sha256, read in 1 MiB chunks (a 1 GB file never sits in memory)."""
    h = hashlib.sha256()
    with open(path, "rb") as f:
        while chunk := f.read(_CHUNK):
            h.update(chunk)
    return h.hexdigest()


def _read_memo(memo_dir: Path) -> dict[str, str]:
    try:
        data = json.loads((memo_dir / MEMO_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {k: v for k, v in data.items() if isinstance(k, str) and isinstance(v, str)} if isinstance(data, dict) else {}


def _write_memo(memo_dir: Path, entries: dict[str, str]) -> None:
    try:
        memo_dir.mkdir(parents=True, exist_ok=True)
        # .<name>.t<thread>.<pid>.tmp: the pid just before .tmp, where the build's clean-up reads it
        tmp = memo_dir / f".{MEMO_FILE}.t{threading.get_ident()}.{os.getpid()}.tmp"
        tmp.write_text(json.dumps(entries, sort_keys=True), encoding="utf-8")
        os.replace(tmp, memo_dir / MEMO_FILE)
    except OSError:
        pass  # a read-only cache only costs re-hashing next time


def digests(paths: list[Path], memo_dir: Path | None = None) -> dict[Path, str]:
    """sha256 of each path; files whose stat key is remembered (in memory or in ``memo_dir``) are not read."""
    keys = {p: stat_key(p) for p in paths}
    out = {p: sha256_file(p) for p, k in keys.items() if k is None}
    known = {p: k for p, k in keys.items() if k is not None}
    with _lock:
        missing = [p for p, k in known.items() if k not in _memory]
        if missing and memo_dir is not None:
            stored = _read_memo(memo_dir)
            _memory.update({known[p]: stored[known[p]] for p in missing if known[p] in stored})
            missing = [p for p in missing if known[p] not in _memory]
        for p in missing:
            _memory[known[p]] = sha256_file(p)
        if missing and memo_dir is not None:
            merged = _read_memo(memo_dir)
            merged.update({known[p]: _memory[known[p]] for p in missing})
            if len(merged) > MAX_ENTRIES:  # forget the oldest-inserted entries
                merged = dict(list(merged.items())[-MAX_ENTRIES:])
            _write_memo(memo_dir, merged)
        out.update({p: _memory[k] for p, k in known.items()})
    return {p: out[p] for p in paths}


def digest(path: Path, memo_dir: Path | None = None) -> str:
    return digests([path], memo_dir)[path]
