"""Kernels that the build starts once and reuses, chapter after chapter (one per lane).

Why: a new kernel for every chapter paid its start-up and the package's imports (pandas,
altair, pydantic models: 1.5 s of CPU) again for each of the year's chapters, which was most
of a cold build. A lane's kernel is started once, warmed with the modules its chapters import
(:func:`.chapter_session.warm`), and before each chapter given a fresh session
(:func:`.chapter_session.fresh`: namespace, execution count, working directory, environment,
the package's memos). The chapters stay real notebooks: papermill injects their parameters
and executes them cell by cell, through :class:`.reused_engine.ReusedKernelEngine`, a papermill
engine that runs papermill's own notebook client on this kernel instead of starting one.

The kernel talks over IPC sockets in a private folder (no TCP ports, so kernels starting at
once cannot race for one), writes its own output to a log file (it never holds the caller's
terminal or pipe), is killed at once when the build gets SIGTERM, and exits by itself within a
second when the build process dies (ipykernel's parent poller: ``JPY_PARENT_PID``); see
:mod:`.children`.
"""

from __future__ import annotations

import ast
import itertools
import json
import os
import queue
import shutil
import tempfile
import threading
import time
from pathlib import Path

from jupyter_client.asynchronous import AsyncKernelClient
from jupyter_client.manager import AsyncKernelManager
from jupyter_core.utils import run_sync

from . import children

# papermill and nbformat (0.15 s) are imported where a chapter is executed (.reused_engine), not
# where a kernel is started: kernels started ahead are launched before the build imports them
START_TIMEOUT = 60  # seconds for a kernel to answer after it was started
# IPython's input history in memory, not in ~/.ipython's SQLite file: every chapter's fresh session
# would otherwise wait for commits to the disk (and no chapter reads another's history)
KERNEL_ARGUMENTS = ["--HistoryManager.hist_file=:memory:"]
MAX_SOCKET_DIR = 90  # an IPC socket path must stay under ~107 bytes (sun_path); the kernel adds "/k-<n>"
_numbers = itertools.count(1)  # each kernel's log file in the work folder
_launch = threading.Lock()  # jupyter_client's provisioner factory is a shared singleton


def chapter_imports(notebooks: list[Path]) -> list[str]:
    """The modules named by the chapters' import statements, in order of first use (for warming)."""
    names: list[str] = []
    for path in notebooks:
        try:
            cells = [c for c in json.loads(path.read_text(encoding="utf-8"))["cells"] if c.get("cell_type") == "code"]
            sources = [c["source"] if isinstance(c["source"], str) else "".join(c["source"]) for c in cells]
        except Exception:
            continue  # the chapter's own execution reports an unreadable notebook
        for source in sources:
            try:
                tree = ast.parse(source)
            except SyntaxError:
                continue  # IPython syntax (magics) or an error the chapter reports itself
            for node in tree.body:
                if isinstance(node, ast.Import):
                    names += [a.name for a in node.names]
                elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                    names += [node.module] + [f"{node.module}.{a.name}" for a in node.names]
    return list(dict.fromkeys(names))


class KernelError(Exception):
    """The kernel could not be started or did not answer: not the chapter's fault."""


class ChapterKernel:
    """One warm kernel. Use from a single thread (its client lives on that thread's event loop)."""

    def __init__(self, cwd: Path, env: dict[str, str], workdir: Path, warm_modules: list[str]):
        """``workdir``: the build's work folder (the kernel's log and, when its path is short enough, its sockets)."""
        self.cwd, self.env, self.workdir, self.warm_modules = cwd, env, workdir, warm_modules
        self.log_path = workdir / f"kernel-{next(_numbers)}.log"
        self.km: AsyncKernelManager | None = None
        self.kc: AsyncKernelClient | None = None
        self.pid: int | None = None
        self._sockets: str | None = None

    def start(self) -> None:
        # in the work folder, which the next build removes if this one is killed; in the system's
        # temporary folder when the work folder's path is too long for a socket
        base = str(self.workdir) if len(str(self.workdir)) < MAX_SOCKET_DIR - 20 else None
        self._sockets = tempfile.mkdtemp(prefix="kernel-", dir=base)
        self.km = AsyncKernelManager(kernel_name="python3", transport="ipc", ip=os.path.join(self._sockets, "k"))
        self.km.connection_file = os.path.join(self._sockets, "connection.json")
        log = open(self.log_path, "ab")  # noqa: SIM115  (the kernel holds it; closed after launch)
        try:
            with _launch:
                run_sync(self.km.start_kernel)(cwd=str(self.cwd), env=self.env, stdout=log, stderr=log, extra_arguments=KERNEL_ARGUMENTS)
        except Exception as exc:
            raise KernelError(f"笔记本内核未能启动：{type(exc).__name__}: {exc}") from exc
        finally:
            log.close()
        self.pid = getattr(self.km.provisioner, "pid", None)  # a LocalProvisioner's process
        if self.pid:
            children.register(self.pid)
        self.kc = self.km.client()
        self.kc.start_channels()
        try:
            run_sync(self.kc.wait_for_ready)(timeout=START_TIMEOUT)
        except Exception as exc:
            raise KernelError(f"笔记本内核在 {START_TIMEOUT} 秒内没有响应（{type(exc).__name__}；日志：{self.log_path}）") from exc
        self._run(f"__import__('selfeval.bookbuild.chapter_session', fromlist=['warm']).warm({self.warm_modules!r})")

    def fresh(self) -> None:
        """A fresh session for the next chapter (:func:`.chapter_session.fresh`)."""
        self._run("__import__('selfeval.bookbuild.chapter_session', fromlist=['fresh']).fresh()")

    def _run(self, code: str) -> None:
        """Run code silently (no output, no history, no execution count) and wait for its reply."""
        assert self.kc is not None
        msg_id = self.kc.execute(code, silent=True, store_history=False)
        deadline = time.monotonic() + START_TIMEOUT
        while True:  # a second at a time: a kernel killed meanwhile (SIGTERM, Ctrl-C) ends the wait at once
            try:
                reply = run_sync(self.kc._async_get_shell_msg)(timeout=1)
            except queue.Empty:
                if time.monotonic() < deadline and self.km is not None and run_sync(self.km.is_alive)():
                    continue
                raise KernelError(f"笔记本内核没有响应（日志：{self.log_path}）") from None
            except Exception as exc:
                raise KernelError(f"笔记本内核没有响应（{type(exc).__name__}；日志：{self.log_path}）") from exc
            if reply["parent_header"].get("msg_id") == msg_id:
                break
        content = reply["content"]
        if content.get("status") != "ok":
            raise KernelError(f"笔记本内核未能为下一章做好准备：{content.get('ename')}: {content.get('evalue')}（日志：{self.log_path}）")

    def execute(self, src: str, out: str, params: dict, timeout: int) -> None:
        """Execute one chapter with papermill on this kernel (raises papermill's errors)."""
        import papermill as pm

        from .reused_engine import ENGINE

        pm.execute_notebook(
            src,
            out,
            parameters=params,
            engine_name=ENGINE,
            chapter_kernel=self,
            request_save_on_cell_execute=False,  # written once at the end (or on a failure), not twice per cell, validated each time
            progress_bar=False,
            log_output=False,
            kernel_name="python3",
            language="python",
            report_mode=False,
            execution_timeout=timeout,
        )

    def shutdown(self) -> None:
        try:
            if self.kc is not None:
                self.kc.stop_channels()
            if self.km is not None and self.km.has_kernel:
                run_sync(self.km.shutdown_kernel)(now=True)
        except Exception:
            pass  # already gone; the kernel also exits when this process does
        finally:
            self.kc = None
            if self.pid:
                children.unregister(self.pid)
            if self._sockets:
                shutil.rmtree(self._sockets, ignore_errors=True)
