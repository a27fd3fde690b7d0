"""Imports that every process of the build would pay at start-up, deferred until first use.

jsonschema, which altair, nbformat, papermill and Jupyter Book all import, imports
``rfc3987_syntax`` whenever it is installed (JupyterLab's ``jupyter-events`` installs it),
only to check the JSON Schema string format "iri". That module compiles a Lark grammar when
it is imported: 1.2 s on the 2-core machine, more than the rest of altair, paid again by the
build process, the Jupyter Book process and every notebook kernel. Nothing the build
validates uses the "iri" format.

:func:`defer_rfc3987_syntax` puts a stand-in under that name before jsonschema is imported.
The stand-in has the one function jsonschema takes from it; its first call (a schema that
does check "iri") imports the real module and delegates to it, so validation is unchanged,
only the cost moves to the first use. ``selfeval/__init__`` installs it, so every process
that imports the package before jsonschema (the CLI, the kernels, the Jupyter Book process
the build starts) gets it.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
import types

RFC3987 = "rfc3987_syntax"


def defer_rfc3987_syntax() -> None:
    """Register the stand-in, unless the module is already imported or not installed."""
    if RFC3987 in sys.modules or importlib.util.find_spec(RFC3987) is None:
        return
    stand_in = types.ModuleType(RFC3987, "Stand-in for rfc3987_syntax: imports the real module on first use (selfeval.lazy_imports).")

    def real() -> types.ModuleType:
        if sys.modules.get(RFC3987) is stand_in:
            del sys.modules[RFC3987]
        return importlib.import_module(RFC3987)

    def is_valid_syntax(*args: object, **kwargs: object) -> bool:
        return real().is_valid_syntax(*args, **kwargs)

    def other(name: str) -> object:  # any other public name: from the real module (PEP 562)
        if name.startswith("__"):  # the import system asks for __path__, __spec__ …: not a use
            raise AttributeError(name)
        return getattr(real(), name)

    stand_in.is_valid_syntax = is_valid_syntax  # type: ignore[attr-defined]
    stand_in.__getattr__ = other  # type: ignore[method-assign]
    sys.modules[RFC3987] = stand_in
