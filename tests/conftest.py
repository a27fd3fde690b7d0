"""Shared fixtures: the real 2021 data, a factory for synthetic years under tests/, and the books
the session builds once and shares (see tests/book_fixtures.py for when to use which)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from book_fixtures import Book, Shelf, shelf_root, warm_copy
from book_fixtures import years_site as _years_site

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


# --------------------------------------------------------------------------- books built once per session


@pytest.fixture(scope="session")
def shared_books(tmp_path_factory) -> Shelf:
    """Any book, built once per session: ``shared_books.book(name, "--year", "2024", data=...)``."""
    return Shelf(shelf_root(tmp_path_factory))


@pytest.fixture(scope="session")
def book2021(shared_books) -> Book:
    """data/2021 built from nothing by ``selfeval build --year 2021``: HTML, PDF, .xlsx, .docx. Read only."""
    return shared_books.book("2021", "--year", "2021")


@pytest.fixture(scope="session")
def years_site(shared_books) -> Book:
    """tests/fixtures/years: 2020 + 2021 built together, then 2019 published on its own. Read only."""
    return _years_site(shared_books)


@pytest.fixture
def warm_project(book2021):
    """``warm_project(dst)``: a project copy at ``dst`` with the shared 2021 build's cache."""
    return lambda dst: warm_copy(book2021, dst)
