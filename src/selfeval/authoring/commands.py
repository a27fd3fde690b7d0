"""The analyst's subcommands of ``python -m selfeval``: lab, new-chapter, strip.

Kept here so that :mod:`selfeval.cli` only registers and dispatches them.
"""

from __future__ import annotations

import argparse
from pathlib import Path

NAMES = ("lab", "new-chapter", "strip")


def add_parsers(sub: argparse._SubParsersAction) -> None:
    lab = sub.add_parser("lab", help="open JupyterLab on notebooks/ (offline, 127.0.0.1; prints the address)")
    lab.add_argument("--port", type=int, default=None, help="TCP port (default: 8888, else a free one)")
    new = sub.add_parser("new-chapter", help="write a chapter notebook from the template and add it to book/chapters.yml")
    new.add_argument("title", help='the chapter title, e.g. "专题分析：话务量高峰"')
    new.add_argument("--name", default=None, help="file name part in ASCII (default: from the title, else 'special'): notebooks/NN_<name>.ipynb")
    strip = sub.add_parser("strip", help="remove outputs, execution counts and editor metadata from notebooks (keeps nbval check outputs)")
    strip.add_argument("paths", nargs="*", default=["notebooks"], help="notebooks or folders (default: notebooks)")
    strip.add_argument("--check", action="store_true", help="change nothing; exit 1 if a notebook is not clean")
    for parser in (lab, new):
        parser.add_argument("--project", default=None, help="project folder (default: this checkout)")


def run(args: argparse.Namespace, root: Path) -> int:
    if args.cmd == "lab":
        from .lab import run as run_lab

        return run_lab(root, args.port)
    if args.cmd == "new-chapter":
        from .new_chapter import new_chapter

        path = new_chapter(root, args.title, args.name)
        rel = path.relative_to(root)
        print(f"wrote {rel} and added it to book/chapters.yml (before the appendices)")
        print(f"next: open it with `make lab`, write the analysis, then `make book` (or nbval: pytest {rel})")
        return 0
    from . import strip

    files = strip.notebooks([Path(p) for p in args.paths])
    if args.check:
        dirty = [f for f in files if not strip.is_clean(f)]
        for f in dirty:
            print(f"not clean: {f} — fix: make strip")
        return 1 if dirty else 0
    changed = [f for f in files if strip.clean_file(f)]
    for f in changed:
        print(f"stripped {f}")
    print(f"{len(files)} notebook(s) checked, {len(changed)} changed")
    return 0
