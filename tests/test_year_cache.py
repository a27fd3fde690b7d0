"""A cached year is reused only while its files are unchanged (the lab's kernel lives on while the
analyst edits data/<year>/): an edit, a file added or removed, is seen by the next open_year."""

from __future__ import annotations

import os
import shutil

import pytest

from selfeval.api import open_year
from selfeval.errors import DataError
from selfeval.evaluation.year_cache import evaluate_year


def _edit(path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_unchanged_year_is_reused(year_copy):
    year = year_copy()
    first = open_year(year.parent, 2021)
    assert open_year(year.parent, 2021) is first
    assert evaluate_year(year.parent, 2021) is evaluate_year(year.parent, 2021)


def test_an_edit_of_the_same_size_is_seen(year_copy):
    year = year_copy()
    assert str(open_year(year.parent, 2021).total) == "99.70"
    before = os.stat(year / "indicators.yaml")
    _edit(year / "indicators.yaml", "value: 10975138,", "value: 10000000,")  # same number of bytes
    os.utime(year / "indicators.yaml", ns=(before.st_atime_ns, before.st_mtime_ns))  # even with the old mtime
    ev = open_year(year.parent, 2021)
    assert ev.item("answer_rate").value.reported_text == "85.71%"  # 10000000 / 11666777
    assert str(ev.total) == "97.00"
    assert str(evaluate_year(year.parent, 2021).total) == "97.00"


def test_a_file_added_or_removed_is_seen(year_copy):
    year = year_copy()
    open_year(year.parent, 2021)
    (year / "notes.txt").write_text("x", encoding="utf-8")
    with pytest.raises(DataError) as err:
        open_year(year.parent, 2021)
    assert err.value.file.endswith("notes.txt")
    (year / "notes.txt").unlink()
    assert str(open_year(year.parent, 2021).total) == "99.70"


def test_a_folder_replaced_by_another_is_seen(year_copy, tmp_path):
    year = year_copy()
    open_year(year.parent, 2021)
    other = tmp_path / "other"
    shutil.copytree(year, other)
    _edit(other / "indicators.yaml", "value: 10975138,", "value: 10000000,")
    shutil.rmtree(year)
    other.rename(year)
    assert str(open_year(year.parent, 2021).total) == "97.00"
