"""The chapter kernel a build starts ahead (selfeval.bookbuild.pipeline._kernel_ahead, execute.KernelAhead).

A build that will run chapters starts a kernel before it loads the year, so that the kernel's
start-up and imports overlap the loading, the review and the plan. That must cost nothing when
no chapter runs (a Markdown-only edit: no kernel at all), and leave nothing behind when the year
is refused after the kernel was started (no kernel process, no work folder).
"""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

from book_fixtures import ROOT, project_copy
from selfeval.bookbuild.execute import KernelAhead, kernel_env
from selfeval.bookbuild.kernels import chapter_imports

pytestmark = pytest.mark.book

KERNEL = "ipykernel_launcher"


def _cmdline(p: psutil.Process) -> str:
    try:
        return " ".join(p.cmdline())
    except psutil.Error:
        return ""


def _build_watching_kernels(proj: Path, out: Path, *args: str) -> tuple[subprocess.CompletedProcess, bool, int]:
    """Run a build, looking at its processes every 10 ms: (its result, whether a kernel was ever seen, its pid)."""
    cmd = [sys.executable, "-m", "selfeval", "build", "--year", "2021", "--root", str(proj), "--out", str(out), "--no-pdf", *args]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    main, seen = psutil.Process(proc.pid), False
    while proc.poll() is None:
        with contextlib.suppress(psutil.Error):
            seen = seen or any(KERNEL in _cmdline(p) for p in main.children(recursive=True))
        time.sleep(0.01)
    stdout, stderr = proc.communicate()
    return subprocess.CompletedProcess(cmd, proc.returncode, stdout, stderr), seen, proc.pid


def _children_of_build(pid: int) -> list[psutil.Process]:
    """Processes still running that the build (pid) started: kernels name it in JPY_PARENT_PID."""
    left = []
    for p in psutil.process_iter():
        try:
            env = p.environ()
        except psutil.Error:
            continue
        if str(pid) in (env.get("JPY_PARENT_PID"), env.get("SELFEVAL_BUILD_PID")):
            left.append(p)
    return left


def test_a_markdown_only_edit_starts_no_kernel(tmp_path, warm_project):
    proj = warm_project(tmp_path / "proj")  # every chapter's execution is in the cache
    form = proj / "notebooks" / "04_form.ipynb"
    nb = json.loads(form.read_text(encoding="utf-8"))
    heading = next(c for c in nb["cells"] if c["cell_type"] == "markdown")
    heading["source"] = "".join(heading["source"]) + "\n\n（标题改动）"
    form.write_text(json.dumps(nb, ensure_ascii=False), encoding="utf-8")
    done, seen, _ = _build_watching_kernels(proj, tmp_path / "public")
    assert done.returncode == 0, done.stderr
    assert "执行完成" not in done.stdout + done.stderr
    assert not seen, "a kernel was started for a build that runs no chapter"


def test_a_year_refused_after_its_kernel_started_leaves_no_kernel_and_no_work_folder(tmp_path):
    proj = project_copy(tmp_path / "proj")  # nothing cached: the kernel starts before the data is loaded
    indicators = proj / "data" / "2021" / "indicators.yaml"
    indicators.write_text(indicators.read_text(encoding="utf-8") + "\nbroken: [unclosed\n", encoding="utf-8")
    done, _, pid = _build_watching_kernels(proj, tmp_path / "public")
    assert done.returncode == 2, (done.returncode, done.stderr)
    errors = [line for line in done.stderr.splitlines() if line.startswith("错误")]
    assert len(errors) == 1 and "indicators.yaml" in errors[0], done.stderr
    _, alive = psutil.wait_procs(_children_of_build(pid), timeout=5)
    assert not alive, [_cmdline(p) for p in alive]
    assert not [p for p in (proj / "build").glob("2021/*") if p.name != "failed"], "the work folder of the kernel started ahead was left"


def _kernel_pid_gone(pid: int | None) -> bool:
    return pid is None or not psutil.pid_exists(pid) or psutil.Process(pid).status() == psutil.STATUS_ZOMBIE


@pytest.mark.parametrize("when", ["while it starts", "once it is ready"])
def test_a_kernel_started_ahead_and_not_needed_is_ended(tmp_path, when):
    notebooks = sorted((ROOT / "notebooks").glob("*.ipynb"))
    env = {**kernel_env(), "JPY_PARENT_PID": str(os.getpid())}
    ahead = KernelAhead(ROOT, env, tmp_path, chapter_imports(notebooks))
    if when == "once it is ready":
        assert ahead.ready.wait(timeout=120)
        assert ahead._kernel.pid and psutil.pid_exists(ahead._kernel.pid)
    ahead.stop()
    assert ahead.result.done() and ahead.result.exception() is None
    assert _kernel_pid_gone(ahead._kernel.pid)
    ahead.stop()  # again: nothing to do
