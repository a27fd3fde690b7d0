"""What runs inside a reused kernel: warm it once, then give every chapter a fresh session.

The build executes the chapters of a year in a few kernels that it starts once (see
:mod:`.kernels`): a kernel's start-up and the package's imports (about 1.5 s of CPU each) are
paid once per kernel instead of once per chapter. A chapter must still see what a new kernel
shows it, so before each chapter :func:`fresh` puts back:

- the user namespace (``In``, ``Out``, ``_``, every name a chapter defined or imported):
  IPython's own reset, as a new kernel has it;
- the execution count (the first cell of every chapter is [1]) and a new history session;
- the working directory, the environment variables, ``sys.path`` and the warning filters as
  they were when the kernel was warmed, and the memory of warnings already shown (a warning an
  earlier chapter printed is printed again);
- every memo of the package (``functools.lru_cache`` and the year caches of ``selfeval.*``:
  whatever a module holds that has ``cache_clear``), so that no chapter
  receives an object an earlier chapter held (and could have changed) — each computes its
  year again, as in a new kernel.

What cannot be put back is the set of imported modules: that is the point (the chapters'
``import`` lines then cost nothing); nor the chart engine, which a thread starts while the
package is imported (vl-convert's JavaScript engine, 0.45 s of CPU outside the interpreter
lock; started, it draws as a new one would). Importing a module of the package changes nothing a
chapter can see; only ``selfeval`` modules are warmed, because another module's import could
print, and that output belongs in the chapter that imports it.
"""

from __future__ import annotations

import gc
import importlib
import os
import sys
import threading
import warnings
from typing import Any

CHART_IMAGES = "selfeval.presentation.chart_images"
_start: dict[str, Any] = {}  # the kernel's state after warming, restored before every chapter


def warm(modules: list[str]) -> list[str]:
    """Import the package modules the chapters import; remember the state to restore. Returns
    the modules that failed to import (their chapters then report the error where it happens)."""
    failed = []
    engine_started = False
    for name in modules:
        if name == "selfeval" or name.startswith("selfeval."):
            try:
                importlib.import_module(name)
            except Exception:
                failed.append(name)
        if not engine_started and CHART_IMAGES in sys.modules:  # a chapter draws charts: their engine starts meanwhile
            engine_started = True
            threading.Thread(target=sys.modules[CHART_IMAGES].start_engine, name="chart-engine", daemon=True).start()
    _start.update(cwd=os.getcwd(), environ=dict(os.environ), path=list(sys.path), filters=list(warnings.filters))
    # The modules' objects stay for the kernel's life: out of the garbage collector's sight, the
    # full collection of every fresh session (IPython's reset) takes 0.004 s instead of 0.06 s.
    gc.collect()
    gc.freeze()
    return failed


def _forget_package_memos() -> None:
    """Clear every memo a module of the package holds: its ``lru_cache`` functions and the
    instances of its cache classes (:class:`selfeval.evaluation.year_cache.FreshCache`, which
    another module may hold), each once."""
    cleared: set[int] = set()
    for name, module in list(sys.modules.items()):
        if module is None or not (name == "selfeval" or name.startswith("selfeval.")):
            continue
        for value in list(vars(module).values()):
            if isinstance(value, type) or id(value) in cleared:
                continue  # a memo's class: its instances are the memos
            clear = getattr(value, "cache_clear", None)
            if callable(clear) and str(getattr(value, "__module__", "")).startswith("selfeval."):
                clear()
                cleared.add(id(value))


def fresh() -> None:
    """The state of a new, warmed kernel, before the next chapter's first cell."""
    from IPython import get_ipython

    shell = get_ipython()
    shell.reset(new_session=True)  # namespace, In/Out and _ names, execution count back to 1
    os.chdir(_start["cwd"])
    os.environ.clear()
    os.environ.update(_start["environ"])
    sys.path[:] = _start["path"]
    warnings.filters[:] = _start["filters"]  # type: ignore[index]
    warnings._filters_mutated()  # type: ignore[attr-defined]  # also forgets which warnings were shown ("once", "default")
    _forget_package_memos()
