"""What processes of the build import: rfc3987_syntax deferred (selfeval.lazy_imports), and an
up-to-date build that loads nothing (selfeval.bookbuild.stamp).

Each check runs in a fresh interpreter: what a process has imported is the point.
"""

from __future__ import annotations

import json
import subprocess
import sys

IRIS = ["http://例子.测试/路径?查询=1#片段", "urn:isbn:0451450523", "http://exa mple.com/<>", "not an iri at all", "https://example.com/%zz"]

PROBE = """
import json, sys
{setup}
import jsonschema
checker = jsonschema.FormatChecker()
before = "rfc3987_syntax.syntax_helpers" in sys.modules
results = [checker.conforms(i, "iri") for i in {iris!r}]
print(json.dumps({{"imported_before_use": before, "iri": results, "formats": sorted(checker.checkers)}}))
"""


def _probe(setup: str) -> dict:
    code = PROBE.format(setup=setup, iris=IRIS)
    return json.loads(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout)


def test_jsonschema_does_not_compile_the_iri_grammar_until_an_iri_is_checked_and_checks_it_the_same():
    deferred = _probe("import selfeval")
    real = _probe("")
    assert deferred["imported_before_use"] is False
    assert real["imported_before_use"] is True  # without selfeval, importing jsonschema compiles it (1.2 s)
    assert deferred["iri"] == real["iri"] and True in real["iri"] and False in real["iri"]
    assert deferred["formats"] == real["formats"] and "iri" in real["formats"]


def test_the_chapters_imports_do_not_compile_the_iri_grammar():
    code = (
        "import sys\n"
        "from selfeval.presentation import charts, narrate, tables, notebook_display\n"
        "from selfeval.api import open_year\n"
        "print('rfc3987_syntax.syntax_helpers' in sys.modules)"
    )
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip() == "False"
