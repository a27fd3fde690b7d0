"""Command line: ``python -m selfeval build --year 2021`` (wrapped by ``make book``).

Exit codes: 0 ok, 2 bad data or arguments (one-line message), 1 a build step failed.

The working directory does not matter. The project (``book/chapters.yml``, ``_config.yml``,
``notebooks/``; it also holds ``build/`` and ``.cache/``) is ``--project`` if given, else the
folder that holds ``--data`` when that folder is a project, else the checkout this package was
imported from; ``--data`` and ``--out`` default to its ``data/`` and ``public/``. Paths given
on the command line are read relative to the working directory, as any command reads them,
and handed to the build as absolute paths.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from .authoring import commands as authoring
from .errors import BuildError, DataError, one_line

PACKAGE_PROJECT = Path(__file__).resolve().parents[2]  # src/selfeval/cli.py → the checkout (editable install or PYTHONPATH=src)


def _is_project(folder: Path) -> bool:
    return (folder / "book" / "chapters.yml").is_file() and (folder / "_config.yml").is_file()


def project_root(data: Path | None, project: Path | None = None) -> Path:
    """The project whose notebooks and book build the data: --project; else --data's parent if it is a project;
    else the working directory if it is one; else the package's checkout (so the CLI works from any folder)."""
    if project is not None:
        if not _is_project(project):
            raise DataError("--project", "", f"{project} has no book/chapters.yml and _config.yml", "name the folder of a project checkout")
        return project
    if data is not None and _is_project(data.parent):
        return data.parent
    if _is_project(Path.cwd()):
        return Path.cwd().absolute()
    if _is_project(PACKAGE_PROJECT):
        return PACKAGE_PROJECT
    where = f"{data.parent} (the folder of --data)" if data is not None else "the installed package"
    raise DataError(
        "--data",
        "",
        f"cannot find the project (book/chapters.yml and _config.yml) in {where}",
        "pass --data <project>/data, or run the selfeval of a project checkout",
    )


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
    b.add_argument("--data", default=None, help="data folder (default: the project's data/)")
    b.add_argument("--out", default=None, help="where books are published (default: the project's public/)")
    b.add_argument("--project", default=None, help="project folder: notebooks, book, build/ and .cache/ (default: from --data, else this checkout)")
    b.add_argument("--force", action="store_true", help="ignore caches and rebuild everything")
    b.add_argument("--no-pdf", action="store_true", help="HTML only")
    b.add_argument("--jobs", type=int, default=None, help="notebooks executed at once (default: cores)")
    b.add_argument("-p", "--param", action="append", type=_param, default=[], help="extra notebook parameter NAME=VALUE")
    b.add_argument("--strict", action="store_true", help="有待处理的复核提示时不予发布（退出代码2）")
    s = sub.add_parser("score", help="validate a year and print its score table")
    s.add_argument("--year", required=True)
    s.add_argument("--data", default=None, help="data folder (default: the project's data/)")
    s.add_argument("--project", default=None, help="project folder (default: from --data, else this checkout)")
    c = sub.add_parser("check", help="复核提示：逐条列出审核要点检查发现的问题（见 data/README.md）")
    c.add_argument("--year", required=True)
    c.add_argument("--data", default=None, help="data folder (default: the project's data/)")
    c.add_argument("--strict", action="store_true", help="有待处理的复核提示时以代码2退出")
    t = sub.add_parser("template", help="write the year's workbook 自评数据.xlsx to fill in (optionally filled from another year)")
    t.add_argument("--year", required=True, help="fiscal year the workbook is for")
    t.add_argument("--from", dest="from_year", help="fill it from this year's data")
    t.add_argument("--data", default=None, help="data folder (default: the project's data/)")
    t.add_argument("--out", help="write the workbook here instead of DATA/YEAR/自评数据.xlsx")
    t.add_argument("--force", action="store_true", help="replace an existing workbook")
    k = sub.add_parser("calls", help="check a year's call records (data/<year>/calls/) and print what the book derives from them")
    k.add_argument("--year", required=True)
    k.add_argument("--data", default=None, help="data folder (default: the project's data/)")
    authoring.add_parsers(sub)
    args = p.parse_args(argv)
    try:
        given = Path(args.data).absolute() if getattr(args, "data", None) else None
        project = getattr(args, "project", None)
        root = project_root(given, Path(project).absolute() if project else None)
        data = given or root / "data"
        if args.cmd in authoring.NAMES:
            return authoring.run(args, root)
        if args.cmd == "score":
            return _score(root, data, _year(args.year, data))
        if args.cmd == "check":
            return _check(data, _year(args.year, data), args.strict)
        if args.cmd == "template":
            return _template(data, args.year, args.from_year, args.out, args.force)
        if args.cmd == "calls":
            return _calls(root, data, _year(args.year, data))
        from .bookbuild.pipeline import Options, build_years

        public = Path(args.out).absolute() if args.out else root / "public"
        years = [_year(y, data) for y in args.year]
        all_opts = []
        for year in dict.fromkeys(years):
            opts = Options(
                root=root, year=year, data_dir=data, public=public, force=args.force, pdf=not args.no_pdf, params=dict(args.param), strict=args.strict
            )
            if args.jobs:
                opts.jobs = args.jobs
            all_opts.append(opts)
        build_years(all_opts)
        return 0
    except DataError as exc:
        print(f"error: {one_line(str(exc))}", file=sys.stderr)
        return 2
    except BuildError as exc:
        print(f"error: {one_line(str(exc))}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("error: interrupted — the published book was left as it was", file=sys.stderr)
        return 130
    except BrokenPipeError:  # `selfeval calls | head`: the reader has what it wanted; a closed pipe is a normal end
        from .bookbuild.progress import quiet_stdout

        quiet_stdout()
        return 0
    except Exception as exc:  # a bug, not bad input: still one line, traceback on request
        if os.environ.get("SELFEVAL_DEBUG"):
            raise
        detail = one_line(f"unexpected {type(exc).__name__}: {exc}", 400)
        print(f"error: {detail} — the published book was left as it was; rerun with SELFEVAL_DEBUG=1 for the traceback", file=sys.stderr)
        return 1


def _year(text: str, data: Path) -> int:
    from .contract.sources import available_years, rel

    if not (len(text) == 4 and text.isascii() and text.isdigit()):
        raise DataError("--year", "", f"'{text}' is not a year", "give a four-digit fiscal year with the digits 0-9, e.g. --year 2021")
    year = int(text)
    years = available_years(data)
    if year not in years:
        have = ", ".join(map(str, years)) or "none"
        label = rel(data / str(year))
        raise DataError(label, "", f"no data for fiscal year {year}", f"years available: {have}; create {label}/ (see data/README.md)")
    return year


def _template(data: Path, year_text: str, from_text: str | None, out: str | None, force: bool) -> int:
    from .contract.load import load_year
    from .contract.sources import OPTIONAL, REQUIRED, rel
    from .contract.workbook_layout import WORKBOOK_NAME
    from .contract.workbook_template import write_template

    if not (len(year_text) == 4 and year_text.isascii() and year_text.isdigit()):
        raise DataError("--year", "", f"'{year_text}' is not a year", "give a four-digit fiscal year with the digits 0-9, e.g. --year 2022")
    year = int(year_text)
    folder = data / year_text
    target = Path(out).absolute() if out else folder / WORKBOOK_NAME
    if not out and folder.is_dir():
        others = sorted(p.name for p in folder.iterdir() if p.name in set(REQUIRED) | set(OPTIONAL))
        if others:
            raise DataError(
                rel(folder),
                "",
                f"already holds {', '.join(others)}; a year folder holds either those files or {WORKBOOK_NAME}",
                "write the workbook elsewhere with --out FILE (then move the YAML/CSV files out and the workbook in), or choose another --year",
            )
    source = load_year(data / str(_year(from_text, data))) if from_text else None
    write_template(target, year, source, overwrite=force)
    print(f"wrote {rel(target)}" + (f" (filled from {from_text}: update the dates, figures and texts for {year})" if source else ""))
    print(f"check it: python -m selfeval score --year {year}" + (f" --data {rel(data)}" if rel(data) != "data" else "") + f"   build: make book YEAR={year}")
    return 0


def _score(root: Path, data: Path, year: int) -> int:
    from .api import open_year
    from .figures import plain, score

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


def _check(data: Path, year: int, strict: bool) -> int:
    """The review checks (复核提示): each open finding on one line, then the accepted ones and a count."""
    from .api import open_year
    from .contract.sources import rel
    from .presentation.review import accepted_findings, open_findings, summary, year_findings

    ev = open_year(data, year)
    findings = year_findings(ev)
    pending = open_findings(findings)
    for f in pending:
        print(f"{f.severity}：{f.line()}")
    for f in accepted_findings(findings):
        print(f"已接受：{f.line()}（理由：{f.accepted}）")
    print(summary(year, findings))
    if pending and strict:
        error = DataError(
            rel(data / str(year)),
            "",
            f"复核提示{len(pending)}条待处理，--strict 不予通过",
            "逐条处理；确属如此的，在 review.yaml 中接受并写明理由（见 data/README.md“复核提示”）",
        )
        print(f"error: {error.line()}", file=sys.stderr)
        return 2
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
