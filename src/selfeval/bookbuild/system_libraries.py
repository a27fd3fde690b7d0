"""WeasyPrint's system libraries found by one read of the dynamic linker's cache.

WeasyPrint opens Pango, HarfBuzz, fontconfig and GObject with cffi under several names each,
for several platforms (``gobject-2.0-0``, ``libgobject-2.0-0``, ``libgobject-2.0.so.0`` …).
For every name cffi cannot open directly it calls :func:`ctypes.util.find_library`, which on
Linux runs ``ldconfig -p`` and, for a name that is not there, ``gcc`` and ``ld`` as well: some
60 processes, 0.2–0.3 s of the PDF process's start (measured 0.50–0.72 s → 0.31–0.38 s for
``import weasyprint``), on the way to every PDF. Here the cache is read once and each name
looked up in it as :func:`ctypes.util.find_library` itself does (the same pattern, the same
ABI tag); when WeasyPrint does not find its libraries that way, it is imported again with
Python's own lookup, so nothing that worked before stops working.
"""

from __future__ import annotations

import ctypes.util
import os
import re
import struct
import subprocess
import sys
from collections.abc import Callable
from contextlib import suppress

# ctypes.util's table: the ABI tag of a 64-bit machine's libraries in ``ldconfig -p``
_ABI = {"x86_64-64": "libc6,x86-64", "ppc64-64": "libc6,64bit", "sparc64-64": "libc6,64bit", "s390x-64": "libc6,64bit", "ia64-64": "libc6,IA-64"}


def _abi_tag() -> str:
    machine = os.uname().machine + ("-32" if struct.calcsize("l") == 4 else "-64")
    return _ABI.get(machine, "libc6")


def linker_cache() -> str | None:
    """``ldconfig -p``'s listing, or None (no ldconfig: not Linux, or not where it is looked for)."""
    for ldconfig in ("/sbin/ldconfig", "/usr/sbin/ldconfig"):
        with suppress(OSError, subprocess.SubprocessError):
            done = subprocess.run([ldconfig, "-p"], capture_output=True, text=True, timeout=10, env={"LC_ALL": "C", "LANG": "C"})
            if done.returncode == 0:
                return done.stdout
    return None


def finder(listing: str) -> Callable[[str], str | None]:
    """``find_library(name)`` answered from ``listing`` (the soname, or None), as ctypes.util does with ldconfig's output."""
    abi = _abi_tag()

    def find_library(name: str) -> str | None:
        found = re.search(rf"\s+(lib{re.escape(name)}\.[^\s]+)\s+\({abi}", listing)
        return found.group(1) if found else None

    return find_library


def import_weasyprint() -> None:
    """Import WeasyPrint (once per process), its libraries looked up in the linker's cache."""
    if "weasyprint" in sys.modules:
        return
    listing = linker_cache() if sys.platform.startswith("linux") else None
    if listing is None:
        import weasyprint

        return
    original = ctypes.util.find_library
    ctypes.util.find_library = finder(listing)  # type: ignore[assignment]
    try:
        import weasyprint
    except OSError:  # a library the cache does not list: Python's lookup (gcc, ld) may still find it
        for name in [m for m in sys.modules if m == "weasyprint" or m.startswith("weasyprint.")]:
            del sys.modules[name]
        ctypes.util.find_library = original
        import weasyprint  # noqa: F401
    finally:
        ctypes.util.find_library = original
