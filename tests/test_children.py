"""A build killed with SIGTERM, SIGKILL or SIGINT (Ctrl-C) takes its processes with it (selfeval.bookbuild.children).

Before, the notebooks ran in a process pool whose workers outlived a killed build (PPID 1)
and kept the caller's stdout open, so ``selfeval build … | cat`` never ended. Here the build's
output is a pipe the test reads, as ``| cat`` does: after the kill the pipe must end within
seconds, and every process the build had started (kernels, Jupyter Book, the PDF process)
must be gone. Ctrl-C in a terminal signals the whole process group (the kernels and the other
children too); ``kill -INT`` signals the build alone: both are tried.
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
PDF = "selfeval.bookbuild.pdf_render"
CTRL_C = "Ctrl-C"  # SIGINT to the build's process group, as a terminal sends it
STOPS = [signal.SIGKILL, signal.SIGTERM, signal.SIGINT, CTRL_C]
STOP_IDS = ["SIGKILL", "SIGTERM", "SIGINT", "Ctrl-C"]


@pytest.fixture(scope="module")
def proj(tmp_path_factory):
    """A project copy whose notebooks are executed and cached (HTML only): the Jupyter Book phase comes quickly."""
    proj = project_copy(tmp_path_factory.mktemp("children") / "proj")
    done = subprocess.run(_cmd(proj, proj.parent / "public"), capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    return proj


def _cmd(proj: Path, out: Path, *args: str, pdf: bool = False) -> list[str]:
    return [sys.executable, "-m", "selfeval", "build", "--year", "2021", "--root", str(proj), "--out", str(out), *([] if pdf else ["--no-pdf"]), *args]


def _start(cmd: list[str]) -> subprocess.Popen:
    """The build in a session of its own (a process group the test can signal as a terminal does)."""
    return subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True)


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


def _kill_and_check(proc: subprocess.Popen, descendants: list[psutil.Process], sig: int | str) -> None:
    ended = threading.Event()
    output: list[bytes] = []

    def read_to_end() -> None:  # what `| cat` does
        assert proc.stdout is not None
        output.append(proc.stdout.read())
        ended.set()

    reader = threading.Thread(target=read_to_end, daemon=True)
    reader.start()
    if sig == CTRL_C:
        os.killpg(proc.pid, signal.SIGINT)
    else:
        assert isinstance(sig, signal.Signals)
        os.kill(proc.pid, sig)
    proc.wait(timeout=30)
    assert ended.wait(timeout=10), "the build's output pipe stayed open after the build was killed"
    _, alive = psutil.wait_procs(descendants, timeout=10)
    assert not alive, f"left running after {sig}: {[(p.pid, _cmdline(p)[:80]) for p in alive]}"
    if sig == signal.SIGTERM:
        assert proc.returncode == 128 + signal.SIGTERM, proc.returncode
    if sig in (signal.SIGINT, CTRL_C):  # 已中断, exit 130 (it was -2 now and then: Python's shutdown ended by the signal)
        told = b"".join(output).decode("utf-8", "replace")
        assert proc.returncode == 130 and "已中断" in told, (proc.returncode, told[-2000:])


@pytest.mark.parametrize("sig", STOPS, ids=STOP_IDS)
def test_a_build_killed_while_notebooks_run_leaves_no_process_and_ends_its_output(proj, tmp_path, sig):
    proc = _start(_cmd(proj, tmp_path / "public", "--force"))
    descendants = _wait_for(psutil.Process(proc.pid), KERNEL)
    assert any(KERNEL in _cmdline(p) for p in descendants)
    _kill_and_check(proc, descendants, sig)


@pytest.mark.parametrize("sig", STOPS, ids=STOP_IDS)
def test_a_build_killed_while_jupyter_book_and_the_pdf_run_leaves_no_process_and_ends_its_output(proj, tmp_path, sig):
    (proj / "book" / "children-test.txt").write_text(f"{sig} {time.time()}\n", encoding="utf-8")  # a new book, notebooks cached
    proc = _start(_cmd(proj, tmp_path / "public", pdf=True))
    main = psutil.Process(proc.pid)
    # the print document handed to the PDF process, which still renders (Jupyter Book, at a lower
    # priority, may not have started writing yet: the PDF can end first)
    rendering = lambda: any(proj.glob("build/2021/*/print.html")) and any(PDF in _cmdline(p) for p in main.children(recursive=True))  # noqa: E731
    descendants = _wait_for(main, JUPYTER_BOOK, rendering)
    assert any(PDF in _cmdline(p) for p in descendants), [_cmdline(p)[:80] for p in descendants]
    _kill_and_check(proc, descendants, sig)
    assert not list((tmp_path / "public").glob("2021")), "a killed build published nothing"
