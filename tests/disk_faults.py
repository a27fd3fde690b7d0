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


def full_disk(proj: Path, work: Path) -> dict:
    disk = work / "small"
    disk.mkdir()
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=48m", "tmpfs", str(disk)], check=True)
    out = disk / "public"
    _copy_book(proj, out)
    before = digest(out / "2021")
    free = os.statvfs(disk).f_bavail * os.statvfs(disk).f_frsize
    with open(disk / "filler", "wb") as f:  # leave about 2 MB: less than a release
        f.write(b"\0" * max(0, free - 2 * 1024 * 1024))
    free_mb = os.statvfs(disk).f_bavail * os.statvfs(disk).f_frsize / 2**20
    published_inputs = new_book(proj)
    full = build(proj, out, "--no-pdf")
    after_full, complete_after_full = digest(out / "2021"), complete(out)
    (disk / "filler").unlink()
    back_to(proj, published_inputs)  # the next build has the published book's inputs: it only cleans up
    again = build(proj, out, "--no-pdf")
    return {
        "free_mb": free_mb,
        "before": before,
        "full": _proc(full),
        "after_full": after_full,
        "complete_after_full": complete_after_full,
        "again": _proc(again),
        "complete": complete(out),
        "orphans": orphans(out, proj),
    }


def read_only(proj: Path, work: Path) -> dict:
    out = work / "public"
    _copy_book(proj, out)
    before = digest(out / "2021")
    subprocess.run(["mount", "--bind", str(out), str(out)], check=True)
    subprocess.run(["mount", "-o", "remount,bind,ro", str(out)], check=True)
    probe_failed = subprocess.run(["touch", str(out / "probe")], capture_output=True).returncode != 0
    published_inputs = new_book(proj)
    ro = build(proj, out, "--no-pdf")
    after = digest(out / "2021")
    subprocess.run(["umount", str(out)], check=True)
    back_to(proj, published_inputs)
    again = build(proj, out, "--no-pdf")
    return {
        "probe_failed": probe_failed,
        "before": before,
        "read_only": _proc(ro),
        "after": after,
        "again": _proc(again),
        "complete": complete(out),
        "orphans": orphans(out, proj),
    }


SCENARIOS = {"full-disk": full_disk, "read-only": read_only}

if __name__ == "__main__":
    print(json.dumps(SCENARIOS[sys.argv[1]](Path(sys.argv[2]), Path(sys.argv[3]))))
