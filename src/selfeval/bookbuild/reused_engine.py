"""The papermill engine that executes a chapter on a kernel the build started and reuses (:mod:`.kernels`).

papermill's own notebook client (cell metadata, error markers, the injected parameters) runs on
the :class:`.kernels.ChapterKernel` passed as ``chapter_kernel``, instead of starting a kernel.
Imported where a chapter is executed (papermill and nbclient, ~0.1 s), not where kernels start.
"""

from __future__ import annotations

from typing import Any

from papermill.clientwrap import PapermillNotebookClient
from papermill.engines import NBClientEngine, papermill_engines

ENGINE = "selfeval-reused-kernel"


class ReusedKernelClient(PapermillNotebookClient):
    """papermill's client (cell metadata, error markers, autosave) on an already running kernel."""

    def __init__(self, nb_man, kernel: Any, **kw):  # a kernels.ChapterKernel (which imports this module)
        super().__init__(nb_man, km=kernel.km, **kw)
        self.kc = kernel.kc  # nbclient starts a client only when it has none; this one it does not own or stop


class ReusedKernelEngine(NBClientEngine):
    """papermill engine: ``execute_notebook(..., engine_name=ENGINE, chapter_kernel=kernel)``."""

    @classmethod
    def execute_managed_notebook(
        cls, nb_man, kernel_name, log_output=False, stdout_file=None, stderr_file=None, start_timeout=60, execution_timeout=None, **kw
    ):
        kernel = kw.pop("chapter_kernel")
        client = ReusedKernelClient(
            nb_man,
            kernel,
            timeout=execution_timeout,
            startup_timeout=start_timeout,
            kernel_name=kernel_name,
            log_output=log_output,
            stdout_file=stdout_file,
            stderr_file=stderr_file,
        )
        return client.execute()


papermill_engines.register(ENGINE, ReusedKernelEngine)
