"""What the analyst reads from the command line is Chinese: every command's --help, argparse's own
words, and an argument error (one line, with the fix)."""

from __future__ import annotations

import re

import pytest

from selfeval.cli import COMMANDS, main

# three English words in a row (option names, file names and values are single tokens)
ENGLISH = re.compile(r"\b[A-Za-z]{2,}\b(?: [A-Za-z]{2,}\b){2,}")


@pytest.mark.parametrize("argv", [[], *[[name] for name in COMMANDS]], ids=lambda a: " ".join(a) or "selfeval")
def test_help_is_chinese(argv, capsys):
    with pytest.raises(SystemExit) as stop:
        main([*argv, "--help"])
    assert stop.value.code == 0
    text = capsys.readouterr().out
    assert text.startswith("用法：selfeval") and "选项：" in text and "显示本帮助并退出" in text
    assert not ENGLISH.search(text), ENGLISH.search(text)


def test_a_missing_argument_is_one_chinese_line_with_the_fix(capsys):
    with pytest.raises(SystemExit) as stop:
        main(["score"])
    assert stop.value.code == 2
    err = capsys.readouterr().err.splitlines()
    assert err[-1] == "错误：selfeval score：缺少必需的参数：--year——修改：运行 selfeval score --help 查看用法"
