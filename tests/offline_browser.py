"""Headless Debian Chromium with every host but 127.0.0.1 unresolvable: the browser tests' one launcher."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest

CHROMIUM = shutil.which("chromium")

# no background traffic, and every host name but the test server's resolves to nothing
OFFLINE_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1",
]


@contextmanager
def offline_chromium(*extra_args: str) -> Iterator[Any]:
    """A launched browser (playwright); fails the test, with the fix, when chromium is missing."""
    if CHROMIUM is None:
        pytest.fail("Debian chromium is not installed: run `make setup` (scripts/system-deps.sh)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=[*OFFLINE_ARGS, *extra_args])
        try:
            yield browser
        finally:
            browser.close()
