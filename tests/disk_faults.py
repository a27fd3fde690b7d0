"""The disk-fault scenarios of tests/test_faults.py, run inside a private mount namespace (its caller
starts this under ``unshare``): ``python disk_faults.py full-disk|read-only PROJECT WORK``.

Each mounts what it needs (a small tmpfs; a read-only bind mount) where only this process and its
children see it, runs the real builds, checks the output folder before the namespace (and its
mounts) go away, and prints what it found as JSON for the test to assert on.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from test_faults import back_to, build, complete, digest, new_book, orphans


def _proc(p: subprocess.CompletedProcess) -> dict:
    return {"returncode": p.returncode, "stdout": p.stdout, "stderr": p.stderr}


def _copy_book(proj: Path, out: Path) -> None:
    """The project's published output folder, copied with its links (a published book to protect)."""
    shutil.copytree(proj.parent / "public", out, symlinks=True)


def _fail_then_recover(proj: Path, out: Path, undo) -> dict:
    """A build of a new book into ``out`` (which the scenario broke), then ``undo()`` and the next
    build, which has the published book's inputs (it only cleans up); what each left."""
    before = digest(out / "2021")
    published_inputs = new_book(proj)
    failed = build(proj, out, "--no-pdf")
    after, complete_after = digest(out / "2021"), complete(out)
    undo()
    back_to(proj, published_inputs)
    again = build(proj, out, "--no-pdf")
    return {
        "before": before,
        "failed": _proc(failed),
        "after": after,
        "complete_after": complete_after,
        "again": _proc(again),
        "complete": complete(out),
        "orphans": orphans(out, proj),
    }


def full_disk(proj: Path, work: Path) -> dict:
    """The book on a 48 MB tmpfs filled to 2 MB free (less than a release)."""
    disk = work / "small"
    disk.mkdir()
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=48m", "tmpfs", str(disk)], check=True)
    out = disk / "public"
    _copy_book(proj, out)
    free = os.statvfs(disk).f_bavail * os.statvfs(disk).f_frsize
    with open(disk / "filler", "wb") as f:
        f.write(b"\0" * max(0, free - 2 * 1024 * 1024))
    free_mb = os.statvfs(disk).f_bavail * os.statvfs(disk).f_frsize / 2**20
    return {"free_mb": free_mb, **_fail_then_recover(proj, out, (disk / "filler").unlink)}


def read_only(proj: Path, work: Path) -> dict:
    """The book's output folder bind-mounted read-only onto itself."""
    out = work / "public"
    _copy_book(proj, out)
    subprocess.run(["mount", "--bind", str(out), str(out)], check=True)
    subprocess.run(["mount", "-o", "remount,bind,ro", str(out)], check=True)
    probe_failed = subprocess.run(["touch", str(out / "probe")], capture_output=True).returncode != 0
    return {"probe_failed": probe_failed, **_fail_then_recover(proj, out, lambda: subprocess.run(["umount", str(out)], check=True))}


SCENARIOS = {"full-disk": full_disk, "read-only": read_only}

if __name__ == "__main__":
    print(json.dumps(SCENARIOS[sys.argv[1]](Path(sys.argv[2]), Path(sys.argv[3]))))
