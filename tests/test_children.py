"""A build killed with SIGTERM or SIGKILL takes its processes with it (selfeval.bookbuild.children).

Before, the notebooks ran in a process pool whose workers outlived a killed build (PPID 1)
and kept the caller's stdout open, so ``selfeval build … | cat`` never ended. Here the build's
output is a pipe the test reads, as ``| cat`` does: after the kill the pipe must end within
seconds, and every process the build had started (kernels, Jupyter Book) must be gone.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import psutil
import pytest

from book_fixtures import project_copy

pytestmark = pytest.mark.book

KERNEL = "ipykernel_launcher"
JUPYTER_BOOK = "selfeval.bookbuild.jupyterbook"


@pytest.fixture(scope="module")
def proj(tmp_path_factory):
    """A project copy whose notebooks are executed and cached (HTML only): the Jupyter Book phase comes quickly."""
    proj = project_copy(tmp_path_factory.mktemp("children") / "proj")
    done = subprocess.run(_cmd(proj, proj.parent / "public"), capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    return proj


def _cmd(proj: Path, out: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "selfeval", "build", "--year", "2021", "--project", str(proj), "--out", str(out), "--no-pdf", *args]


def _cmdline(p: psutil.Process) -> str:
    try:
        return " ".join(p.cmdline())
    except psutil.Error:
        return ""


def _wait_for(main: psutil.Process, marker: str, ready=lambda: True, timeout: float = 300) -> list[psutil.Process]:
    """The build's descendants, once one of them runs ``marker`` and ``ready()``."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            procs = main.children(recursive=True)
        except psutil.Error:
            break
        if any(marker in _cmdline(p) for p in procs) and ready():
            return procs
        time.sleep(0.05)
    pytest.fail(f"the build never started {marker}")


def _kill_and_check(proc: subprocess.Popen, descendants: list[psutil.Process], sig: int) -> None:
    ended = threading.Event()

    def read_to_end() -> None:  # what `| cat` does
        assert proc.stdout is not None
        proc.stdout.read()
        ended.set()

    reader = threading.Thread(target=read_to_end, daemon=True)
    reader.start()
    os.kill(proc.pid, sig)
    proc.wait(timeout=30)
    assert ended.wait(timeout=10), "the build's output pipe stayed open after the build was killed"
    _, alive = psutil.wait_procs(descendants, timeout=10)
    assert not alive, f"left running after {signal.Signals(sig).name}: {[(p.pid, _cmdline(p)[:80]) for p in alive]}"
    if sig == signal.SIGTERM:
        assert proc.returncode == 128 + signal.SIGTERM, proc.returncode


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM], ids=["SIGKILL", "SIGTERM"])
def test_a_build_killed_while_notebooks_run_leaves_no_process_and_ends_its_output(proj, tmp_path, sig):
    proc = subprocess.Popen(_cmd(proj, tmp_path / "public", "--force"), stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    descendants = _wait_for(psutil.Process(proc.pid), KERNEL)
    assert any(KERNEL in _cmdline(p) for p in descendants)
    _kill_and_check(proc, descendants, sig)


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM], ids=["SIGKILL", "SIGTERM"])
def test_a_build_killed_while_jupyter_book_runs_leaves_no_process_and_ends_its_output(proj, tmp_path, sig):
    (proj / "book" / "children-test.txt").write_text(f"{sig} {time.time()}\n", encoding="utf-8")  # a new book, notebooks cached
    proc = subprocess.Popen(_cmd(proj, tmp_path / "public"), stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    building = lambda: any(proj.glob("build/2021/*/book/_build"))  # noqa: E731  (Sphinx has started writing)
    descendants = _wait_for(psutil.Process(proc.pid), JUPYTER_BOOK, building)
    _kill_and_check(proc, descendants, sig)
    assert not list((tmp_path / "public").glob("2021")), "a killed build published nothing"
