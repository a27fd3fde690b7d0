"""Shared fixtures: the real 2021 data and a factory for synthetic years under tests/."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(scope="session")
def ev2021():
    from selfeval.contract.load import load_year
    from selfeval.evaluation.evaluate import evaluate

    return evaluate(load_year(DATA / "2021"))


@pytest.fixture
def year_copy(tmp_path):
    """Copy data/2021 into tmp_path/data/2021 (or another source) for mutation tests."""

    def make(src: Path = DATA / "2021", year: str = "2021") -> Path:
        dst = tmp_path / "data" / year
        shutil.copytree(src, dst)
        return dst

    return make
