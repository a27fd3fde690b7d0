"""Publish a small release into an output folder as a build does, for the fault tests' kill points
inside publishing (``SELFEVAL_FAULT`` set by the caller): ``python small_release.py PUBLIC MANIFEST``.

The release is a copy of a real release's manifest (so the next real build of that project finds
it up to date and only cleans up) with one HTML page and one notebook. The output folder's own
code publishes it and rewrites the landing page, in the build's order (``bookbuild.pipeline``:
``OutputFolder.publish`` at the end of ``finish``, then ``write_landing``), under its lock.
"""

from __future__ import annotations

import shutil
import sys
import uuid
from pathlib import Path

from selfeval.bookbuild.publish import OutputFolder


def main(public: Path, manifest: Path) -> None:
    out = OutputFolder(public, protected=[])
    with out.lock():
        out.remove_leftovers()
        stage = out.new_release(2021, uuid.uuid4().hex[:12])
        (stage / "html").mkdir()
        (stage / "html" / "index.html").write_text("<!DOCTYPE html><title>small release</title>", encoding="utf-8")
        (stage / "notebooks").mkdir()
        (stage / "notebooks" / "01_basic.ipynb").write_text('{"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}', encoding="utf-8")
        shutil.copyfile(manifest, stage / "manifest.json")
        out.publish(2021, stage)
        out.write_landing()


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
