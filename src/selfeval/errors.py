"""One error type for everything an analyst can get wrong in ``data/``.

The message is always one line: file, field (and row), what is wrong, how to fix it.
"""

from __future__ import annotations


class DataError(Exception):
    """Bad input. ``str()`` is the one-line message shown to the analyst."""

    def __init__(self, file: str, field: str, problem: str, fix: str = ""):
        self.file, self.field, self.problem, self.fix = file, field, problem, fix
        super().__init__(self.line())

    def line(self) -> str:
        where = f"{self.file}: {self.field}" if self.field else self.file
        text = f"{where}: {self.problem}"
        if self.fix:
            text += f" — fix: {self.fix}"
        return " ".join(text.split())


class BuildError(Exception):
    """A build step failed (notebook, Jupyter Book, PDF). One-line message."""
