"""Command line: ``python -m selfeval build --year 2021`` (wrapped by ``make book``).

Exit codes: 0 ok, 2 bad data or arguments (one-line message), 1 a build step failed.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from .errors import BuildError, DataError


def _param(text: str) -> tuple[str, object]:
    name, sep, value = text.partition("=")
    if not sep or not name:
        raise argparse.ArgumentTypeError(f"'{text}' is not NAME=VALUE")
    import yaml

    return name, yaml.safe_load(value)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="selfeval", description="项目支出绩效自评报告 builder")
    sub = p.add_subparsers(dest="cmd", required=True)
    b = sub.add_parser("build", help="build one or more years' books (HTML + PDF)")
    b.add_argument("--year", action="append", required=True, help="fiscal year; repeat for several")
    b.add_argument("--data", default="data", help="data folder (default: data)")
    b.add_argument("--out", default="public", help="where books are published (default: public)")
    b.add_argument("--force", action="store_true", help="ignore caches and rebuild everything")
    b.add_argument("--no-pdf", action="store_true", help="HTML only")
    b.add_argument("--jobs", type=int, default=None, help="notebooks executed at once (default: cores)")
    b.add_argument("-p", "--param", action="append", type=_param, default=[], help="extra notebook parameter NAME=VALUE")
    s = sub.add_parser("score", help="validate a year and print its score table")
    s.add_argument("--year", required=True)
    s.add_argument("--data", default="data")
    c = sub.add_parser("calls", help="check a year's call records (data/<year>/calls/) and print what the book derives from them")
    c.add_argument("--year", required=True)
    c.add_argument("--data", default="data")
    args = p.parse_args(argv)
    root = Path.cwd()
    try:
        if args.cmd == "score":
            return _score(root, Path(args.data), _year(args.year, Path(args.data)))
        if args.cmd == "calls":
            return _calls(root, Path(args.data), _year(args.year, Path(args.data)))
        from .build.pipeline import Options, build_years

        years = [_year(y, Path(args.data)) for y in args.year]
        all_opts = []
        for year in dict.fromkeys(years):
            opts = Options(root=root, year=year, data_dir=Path(args.data), public=Path(args.out), force=args.force, pdf=not args.no_pdf, params=dict(args.param))
            if args.jobs:
                opts.jobs = args.jobs
            all_opts.append(opts)
        build_years(all_opts)
        return 0
    except DataError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except BuildError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("error: interrupted — the published book was left as it was", file=sys.stderr)
        return 130
    except Exception as exc:  # a bug, not bad input: still one line, traceback on request
        if os.environ.get("SELFEVAL_DEBUG"):
            raise
        print(f"error: unexpected {type(exc).__name__}: {exc} — the published book was left as it was; rerun with SELFEVAL_DEBUG=1 for the traceback", file=sys.stderr)
        return 1


def _year(text: str, data: Path) -> int:
    from .contract.sources import available_years

    if not text.isdigit():
        raise DataError("--year", "", f"'{text}' is not a year", "give a four-digit fiscal year, e.g. --year 2021")
    year = int(text)
    years = available_years(data)
    if year not in years:
        have = ", ".join(map(str, years)) or "none"
        raise DataError(f"{data}/{year}", "", f"no data for fiscal year {year}", f"years available: {have}; create {data}/{year}/ (see data/README.md)")
    return year


def _score(root: Path, data: Path, year: int) -> int:
    from .api import open_year
    from .numbers import plain, score

    ev = open_year(data, year)
    print(f"{ev.year}年度 {ev.data.project.name}")
    print(f"  预算完成率 {ev.budget.rate}%  分值 {plain(ev.budget.weight)}  得分 {score(ev.budget.score)}")
    for it in ev.form_items():
        mark = "达标" if it.met else "未达标"
        print(f"  {it.indicator.name}  {it.value.reported_text}  {mark}  分值 {plain(it.indicator.weight)}  得分 {score(it.score.score)}")
    for k, v in ev.subtotals.items():
        print(f"  {k}小计 {score(v)}")
    print(f"  总分 {score(ev.total)}  等级 {ev.grade}")
    for w in ev.warnings:
        print(f"  warning: {w}")
    return 0


def _calls(root: Path, data: Path, year: int) -> int:
    """The build's own code path: check (or take from the cache) the records, then print the derived table."""
    from .analyses import calls
    from .api import open_year
    from .presentation.calls_text import text_report

    ev = open_year(data, year)
    records = calls.check_year(data, year, root / ".cache")
    analysis = calls.analyse(ev.data, records)
    if analysis is None:
        print(f"{year}: no call records ({calls.folder_of(data, year)}/ does not exist); the book uses the annual counts and assumptions")
        return 0
    print("\n".join(text_report(analysis)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
