"""One error type for everything an analyst can get wrong in ``data/``, and the one-line rule.

The message is always one line, in Chinese (the analyst's language): file, field (and row),
what is wrong, how to fix it — ``data/2021/project.yaml：项目级次（project.level）：“三级”不是允许的值——修改：填写一级或二级``;
the CLI prints it after ``错误：``. The frame (``：`` between the parts, :data:`FIX_MARK` before the
fix) is written here only; callers give the four parts. It is
also *readable* whatever the data held: a character nobody can see (BOM, zero-width space,
control, bidirectional override, line separator) is shown as ``<U+200B>``, and a message
that would run on (an OSError listing thousands of paths, a full disk) is cut to
:data:`MAX_MESSAGE` characters, keeping its fix.
"""

from __future__ import annotations

import unicodedata

SEP = "："  # between file, field and problem
FIX_MARK = "——修改："  # before the fix
ERROR_MARK = "错误："  # what the CLI and the preview print before an error's line
WARNING_MARK = "提示："  # before a warning: text or data to correct or mark as reviewed
QUESTION_MARK = "请确认："  # before a question: a figure that may be right as it is (same as last year's)
MAX_MESSAGE = 1000  # characters of a one-line message: a terminal screen's width several times over, never 20 KB
FIX_SEPARATOR = "\x00"  # between problem and fix inside a validator's message (data never holds NUL here)

_SHOWN_AS_IS = {" ", "\u3000"}  # the space and the ideographic space are visible enough


def _hidden(ch: str) -> bool:
    if ch in _SHOWN_AS_IS:
        return False
    cat = unicodedata.category(ch)
    if cat in ("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp", "Zs"):
        return True
    code = ord(ch)
    return 0xFE00 <= code <= 0xFE0F or 0xE0100 <= code <= 0xE01EF or code in (0x034F, 0x115F, 0x1160, 0x3164, 0xFFA0)


def visible(text: str) -> str:
    """``text`` with every character a reader cannot see written as ``<U+XXXX>``; tabs and
    line breaks become one space (a message is one line)."""
    out = []
    for ch in text:
        if ch in "\t\n\r":
            out.append(" ")
        elif _hidden(ch):
            out.append(f"<U+{ord(ch):04X}>")
        else:
            out.append(ch)
    return "".join(out)


def one_line(text: str, limit: int = MAX_MESSAGE) -> str:
    """Visible, whitespace collapsed, at most ``limit`` characters (the cut says how much went)."""
    line = " ".join(visible(text).split())
    if len(line) > limit:
        cut = len(line) - (limit - 40)
        line = line[: limit - 40].rstrip() + f"…（另有{cut}个字符未显示）"
    return line


class DataError(Exception):
    """Bad input. ``str()`` is the one-line message shown to the analyst."""

    def __init__(self, file: str, field: str, problem: str, fix: str = ""):
        self.file, self.field, self.problem, self.fix = file, field, problem, fix
        super().__init__(self.line())

    def line(self) -> str:
        where = f"{self.file}{SEP}{self.field}" if self.field else self.file
        fix = one_line(self.fix, MAX_MESSAGE - 200) if self.fix else ""  # the fix is what the analyst acts on: it keeps most room
        head = one_line(f"{where}{SEP}{self.problem}", MAX_MESSAGE - len(fix) - len(FIX_MARK))
        return f"{head}{FIX_MARK}{fix}" if fix else head


class BuildError(Exception):
    """A build step failed (notebook, Jupyter Book, PDF). ``str()`` is one line."""

    def __str__(self) -> str:
        return one_line(super().__str__())
