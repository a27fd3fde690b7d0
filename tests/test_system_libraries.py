"""WeasyPrint's libraries looked up in the linker's cache (selfeval.bookbuild.system_libraries).

The lookup must answer as Python's own does for every library WeasyPrint loads, start one
process (ldconfig) where Python's started some 60 (ldconfig, gcc, ld for each name tried), and
fall back to Python's lookup when the cache does not list a library.
"""

from __future__ import annotations

import ctypes.util
import subprocess
import sys

import pytest

from selfeval.bookbuild.system_libraries import finder, linker_cache

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="ldconfig's cache is Linux's")

# the names WeasyPrint's cffi modules ask for that exist here, and the other platforms' names it tries first
PRESENT = ["gobject-2.0", "pango-1.0", "harfbuzz", "harfbuzz-subset", "fontconfig", "pangoft2-1.0", "c", "m"]
ABSENT = ["gobject-2.0-0", "libgobject-2.0-0", "libpango-1.0-0", "harfbuzz-0.0", "no-such-library-selfeval"]

COUNT_PROCESSES = """
import subprocess, sys
started = []
real = subprocess.Popen.__init__
def counting(self, args, *a, **k):
    started.append(args[0] if isinstance(args, (list, tuple)) else args)
    real(self, args, *a, **k)
subprocess.Popen.__init__ = counting
{setup}
from selfeval.bookbuild.system_libraries import import_weasyprint
import_weasyprint()
import weasyprint
print(len(started), started[:3])
"""


def test_the_cache_answers_as_python_does():
    listing = linker_cache()
    assert listing is not None and "libc.so.6" in listing
    find = finder(listing)
    for name in PRESENT + ABSENT:
        assert find(name) == ctypes.util.find_library(name), name
    assert find("pango-1.0") and find("libpango-1.0-0") is None


def _processes_started(setup: str = "") -> tuple[int, str]:
    done = subprocess.run([sys.executable, "-c", COUNT_PROCESSES.format(setup=setup)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    count, names = done.stdout.split(" ", 1)
    return int(count), names


def test_importing_weasyprint_starts_ldconfig_once_and_nothing_else():
    count, names = _processes_started()
    assert count == 1 and "ldconfig" in names, names
    plain, _ = _processes_started("import weasyprint")  # Python's own lookup, for comparison: many
    assert plain > 10


FAIL_ONCE = """
class FailOnce:  # WeasyPrint's first import fails as it does when cffi cannot open a library
    def find_spec(self, name, path=None, target=None):
        if name == "weasyprint":
            sys.meta_path.remove(self)
            raise OSError("cannot load library 'pango-1.0'")
sys.meta_path.insert(0, FailOnce())
"""


def test_a_library_the_cache_lookup_cannot_give_is_found_by_pythons_lookup():
    count, names = _processes_started(FAIL_ONCE)
    assert count > 10, names  # imported again with Python's lookup (ldconfig, gcc, ld)
