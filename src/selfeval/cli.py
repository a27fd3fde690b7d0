"""Command line: ``python -m selfeval build --year 2021`` (wrapped by ``make book``).

Exit codes: 0 ok, 2 bad data or arguments (one-line message), 1 a build step failed.

Everything printed here (help, progress, errors) is Chinese: analysts and reviewers read it.
Each subcommand is a small function in :data:`COMMANDS`; :func:`main` parses, finds the
project and dispatches, and turns any error into one line.

The working directory does not matter. The project checkout (``book/chapters.yml``,
``_config.yml``, ``notebooks/``; it also holds ``build/`` and ``.cache/``) is ``--root`` if given,
else the folder that holds ``--data`` when that folder is a checkout, else the checkout this
package was imported from; ``--data`` and ``--out`` default to its ``data/`` and ``public/``.
Paths given on the command line are read relative to the working directory, as any command
reads them, and handed to the build as absolute paths.

A data folder holds one project (``data/<year>/``) or a department's projects
(``data/<project>/<year>/``, :mod:`selfeval.contract.projects`). ``--project P`` names one of a
department's projects; ``build --all`` builds every project and year (on Dask,
:mod:`selfeval.department`), or every year of a single project.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from pathlib import Path

from .authoring import commands as authoring
from .errors import ERROR_MARK, QUESTION_MARK, WARNING_MARK, BuildError, DataError, one_line

PACKAGE_PROJECT = Path(__file__).resolve().parents[2]  # src/selfeval/cli.py → the checkout (editable install or PYTHONPATH=src)
DATA_HELP = "数据文件夹（默认：项目的 data/）"
ROOT_HELP = "项目检出目录：notebooks、book、build/ 与 .cache/（默认：由 --data 推断，否则为本检出目录）"
PROJECT_ID_HELP = "多项目数据文件夹（data/<项目标识>/<年度>/）中的项目标识，如 jishan-health"


def _is_project(folder: Path) -> bool:
    return (folder / "book" / "chapters.yml").is_file() and (folder / "_config.yml").is_file()


def project_root(data: Path | None, project: Path | None = None) -> Path:
    """The project whose notebooks and book build the data: --root; else --data's parent if it is a project;
    else the working directory if it is one; else the package's checkout (so the CLI works from any folder)."""
    if project is not None:
        if not _is_project(project):
            raise DataError("--root", "", f"{project} 中没有 book/chapters.yml 和 _config.yml", "指定一个项目检出目录")
        return project
    if data is not None and _is_project(data.parent):
        return data.parent
    if _is_project(Path.cwd()):
        return Path.cwd().absolute()
    if _is_project(PACKAGE_PROJECT):
        return PACKAGE_PROJECT
    where = f"{data.parent}（--data 所在的文件夹）" if data is not None else "所安装的程序包"
    raise DataError("--data", "", f"在{where}中找不到项目（book/chapters.yml 和 _config.yml）", "用 --data <项目>/data 指定，或运行项目检出目录中的 selfeval")


def _param(text: str) -> tuple[str, object]:
    name, sep, value = text.partition("=")
    if not sep or not name:
        raise argparse.ArgumentTypeError(f"“{text}”不是 名称=值 的形式")
    import yaml

    return name, yaml.safe_load(value)


# --------------------------------------------------------------------------- the parser


class _ChineseParser(argparse.ArgumentParser):
    """argparse with its own words in Chinese (usage, options, errors), so `--help` reads as one language."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(2, f"{ERROR_MARK}{self.prog}{'：'}{_argparse_words(message)}——修改：运行 {self.prog} --help 查看用法\n")

    def format_help(self) -> str:
        return _argparse_words(super().format_help())

    def format_usage(self) -> str:
        return _argparse_words(super().format_usage())


_ARGPARSE_WORDS = (
    ("usage: ", "用法："),
    ("命令:", "命令："),
    ("positional arguments:", "位置参数："),
    ("options:", "选项："),
    ("show this help message and exit", "显示本帮助并退出"),
    ("the following arguments are required: ", "缺少必需的参数："),
    ("unrecognized arguments: ", "无法识别的参数："),
    ("invalid choice: ", "无效的选择："),
    ("(choose from ", "（可选："),
    ("argument ", "参数 "),
    ("expected one argument", "需要一个值"),
    ("invalid int value: ", "不是整数："),
)


def _argparse_words(text: str) -> str:
    for en, zh in _ARGPARSE_WORDS:
        text = text.replace(en, zh)
    return text


def _common(parser: argparse.ArgumentParser, root: bool = True, project: bool = True) -> None:
    parser.add_argument("--data", default=None, metavar="文件夹", help=DATA_HELP)
    if root:
        parser.add_argument("--root", default=None, metavar="文件夹", help=ROOT_HELP)
    if project:
        parser.add_argument("--project", default=None, metavar="项目标识", help=PROJECT_ID_HELP)


def parser() -> argparse.ArgumentParser:
    p = _ChineseParser(prog="selfeval", description="项目支出绩效自评报告生成工具：由 data/<年度>/ 的数据生成报告（网页、PDF、Word、Excel）")
    sub = p.add_subparsers(dest="cmd", required=True, title="命令", metavar="<命令>")
    b = sub.add_parser(
        "build",
        help="生成并发布一个或多个年度的报告（网页、PDF、Word、Excel）；多项目时生成部门汇总",
        description=(
            "生成并发布年度报告；多项目数据文件夹（data/<项目标识>/<年度>/）用 --all 或 --project，"
            "在 Dask 上逐个项目年度生成，再写部门项目绩效自评汇总和部门整体支出绩效自评"
        ),
    )
    b.add_argument("--year", action="append", default=None, metavar="年度", help="财政年度；可重复以生成多个年度")
    b.add_argument("--all", action="store_true", help="全部项目的全部年度（单项目：全部年度）；与 --year 同用时为全部项目的这些年度")
    _common(b, project=False)
    b.add_argument("--project", action="append", default=None, metavar="项目标识", help=PROJECT_ID_HELP + "；可重复；不写 --year 时为该项目的全部年度")
    b.add_argument(
        "--scheduler", default=None, metavar="tcp://主机:端口", help="使用已有的 Dask 集群（数据和输出文件夹须共享，见 docs/scale.md）；默认在本机启动"
    )
    b.add_argument("--workers", type=int, default=None, metavar="个数", help="本机集群的工作进程数（默认：按 CPU 核数和内存）")
    b.add_argument("--out", default=None, metavar="文件夹", help="报告发布到的文件夹（默认：项目的 public/）")
    b.add_argument("--force", action="store_true", help="忽略缓存，全部重新生成")
    b.add_argument("--no-pdf", action="store_true", help="只生成网页，不生成 PDF")
    b.add_argument("--jobs", type=int, default=None, metavar="个数", help="同时执行的笔记本数（默认：CPU 核数）")
    b.add_argument("-p", "--param", action="append", type=_param, default=[], metavar="名称=值", help="额外的笔记本参数 名称=值")
    b.add_argument("--strict", action="store_true", help="有待处理的复核提示时不予发布（退出码 2）")
    s = sub.add_parser("score", help="校验一个年度的数据并打印得分表", description="校验一个年度的数据并打印得分表，或第一个错误")
    s.add_argument("--year", required=True, metavar="年度", help="财政年度")
    _common(s)
    c = sub.add_parser(
        "check", help="复核提示：逐条列出审核要点检查发现的问题（位置、问题、修改办法），以及与上年相同的数字", description="审核要点检查（复核提示）"
    )
    c.add_argument("--year", required=True, metavar="年度", help="财政年度")
    _common(c, root=False)
    c.add_argument("--strict", action="store_true", help="有待处理的复核提示时以退出码 2 结束")
    t = sub.add_parser("template", help="生成待填写的年度工作簿 自评数据.xlsx（可由上一年度结转）", description="生成年度工作簿 自评数据.xlsx")
    t.add_argument("--year", required=True, metavar="年度", help="工作簿所属的财政年度")
    t.add_argument("--from", dest="from_year", metavar="年度", help="由该年度的数据结转：期间与文字顺延，上年数字作为参考列出，待填单元格标出")
    _common(t, root=False)
    t.add_argument("--out", metavar="文件", help="将工作簿写到此处，而不是 DATA/年度/自评数据.xlsx")
    t.add_argument("--force", action="store_true", help="覆盖已有的工作簿")
    k = sub.add_parser("calls", help="检查年度话单（data/<年度>/calls/）并打印报告由其得出的内容", description="检查年度话单")
    k.add_argument("--year", required=True, metavar="年度", help="财政年度")
    _common(k, root=False)
    v = sub.add_parser("preview", help="生成年度报告并在本机预览；数据、笔记本或 book/ 改动后自动重新生成并刷新页面", description="实时预览年度报告")
    v.add_argument("--year", required=True, metavar="年度", help="财政年度")
    _common(v)
    v.add_argument("--port", type=int, default=None, metavar="端口", help="端口（默认：8000，被占用时另选空闲端口）")
    authoring.add_parsers(sub)
    return p


# --------------------------------------------------------------------------- the commands


def _year(text: str, data: Path) -> int:
    from .contract.sources import available_years, rel

    year = _year_number(text)
    years = available_years(data)
    if year not in years:
        have = "、".join(map(str, years)) or "无"
        label = rel(data / str(year))
        raise DataError(label, "", f"没有{year}年度的数据", f"现有年度：{have}；新建 {label}/（见 data/README.md）")
    return year


def _year_number(text: str) -> int:
    if not (len(text) == 4 and text.isascii() and text.isdigit()):
        raise DataError("--year", "", f"“{text}”不是年度", "用阿拉伯数字0-9写四位财政年度，如 --year 2021")
    return int(text)


def _project_id(text: str) -> str:
    """A --project value: a project id; a path (the option's meaning before department layouts) says what to use instead."""
    from .contract.projects import ID_RULE, check_project_id

    if "/" in text or text in (".", ".."):
        raise DataError(
            "--project", "", f"“{text}”是文件夹路径，不是项目标识", f"项目检出目录（notebooks、book）用 --root 指定；--project 是项目标识：{ID_RULE}"
        )
    return check_project_id(text)


def _data_of(args: argparse.Namespace, data: Path) -> Path:
    """The year folders' parent for a one-project command: ``data/<project>`` with --project, else ``data``
    (a department's data folder then asks for --project)."""
    from .contract.projects import department_projects, layout, project_data
    from .contract.sources import rel

    project = getattr(args, "project", None)
    if project is not None:
        return project_data(data, _project_id(project))
    if layout(data) == "department":
        have = "、".join(p.id for p in department_projects(data)[:10])
        raise DataError(rel(data), "", "是多项目布局（<项目标识>/<年度>/），须指明项目", f"加上 --project <项目标识>（现有：{have}）")
    return data


def _build(args: argparse.Namespace, root: Path, data: Path) -> int:
    from .bookbuild.pipeline import Options, build_years
    from .contract.projects import layout
    from .contract.sources import available_years

    public = Path(args.out).absolute() if args.out else root / "public"
    if layout(data) == "department":
        return _build_department(args, root, data, public)
    if args.project:
        _project_id(args.project[0])
        raise DataError(
            "--project", "", f"{data} 是单项目布局（<年度>/），没有项目 {args.project[0]}", "去掉 --project；多项目的布局见 data/README.md“多个项目”"
        )
    if not args.year and not args.all:
        raise DataError("--year", "", "没有指定年度", "用 --year 年度 指定（可重复），或 --all 生成全部年度")
    years = [_year(y, data) for y in args.year] if args.year else available_years(data)
    if not years:
        raise DataError(str(data), "", "没有年度数据", "新建 <年度>/（见 data/README.md）")
    all_opts = []
    for year in dict.fromkeys(years):
        opts = Options(root=root, year=year, data_dir=data, public=public, force=args.force, pdf=not args.no_pdf, params=dict(args.param), strict=args.strict)
        if args.jobs:
            opts.jobs = args.jobs
        all_opts.append(opts)
    build_years(all_opts)
    return 0


def _build_department(args: argparse.Namespace, root: Path, data: Path, public: Path) -> int:
    from .contract.projects import department_projects, project_data
    from .contract.sources import rel
    from .department.run import DepartmentOptions, build_department

    if not args.all and not args.project:
        have = "、".join(p.id for p in department_projects(data)[:10])
        raise DataError(
            rel(data), "", "是多项目布局（<项目标识>/<年度>/），须指明生成哪些项目", f"用 --all 生成全部项目，或 --project <项目标识>（现有：{have}）"
        )
    projects = [project_data(data, _project_id(p)).name for p in dict.fromkeys(args.project)] if args.project else None
    years = [_year_number(y) for y in dict.fromkeys(args.year)] if args.year else None
    opts = DepartmentOptions(
        root=root,
        data=data,
        public=public,
        projects=projects,
        years=years,
        force=args.force,
        pdf=not args.no_pdf,
        strict=args.strict,
        params=dict(args.param),
        scheduler=args.scheduler,
        workers=args.workers,
    )
    return build_department(opts)


def _template(args: argparse.Namespace, root: Path, data: Path) -> int:
    from .contract.rollforward import write_year_template

    data = _data_of(args, data)
    year = _year_number(args.year)
    source_year = _year(args.from_year, data) if args.from_year else None
    for line in write_year_template(data, year, source_year, args.out, args.force):
        print(line)
    return 0


def _score(args: argparse.Namespace, root: Path, data: Path) -> int:
    from .api import open_year
    from .figures import plain, score

    data = _data_of(args, data)
    ev = open_year(data, _year(args.year, data))
    print(f"{ev.year}年度 {ev.data.project.name}")
    print(f"  预算完成率 {ev.budget.rate}%  分值 {plain(ev.budget.weight)}  得分 {score(ev.budget.score)}")
    for it in ev.form_items():
        mark = "达标" if it.met else "未达标"
        print(f"  {it.indicator.name}  {it.value.reported_text}  {mark}  分值 {plain(it.indicator.weight)}  得分 {score(it.score.score)}")
    for k, v in ev.subtotals.items():
        print(f"  {k}小计 {score(v)}")
    print(f"  总分 {score(ev.total)}  等级 {ev.grade}")
    for w in ev.warnings:
        print(f"  {WARNING_MARK}{w}")
    return 0


def _check(args: argparse.Namespace, root: Path, data: Path) -> int:
    """The review checks (复核提示): each open finding on one line, the accepted ones, the questions, a count."""
    from .api import open_year
    from .contract.rollforward import same_as_last_year
    from .contract.sources import rel
    from .presentation.review import accepted_findings, open_findings, summary, year_findings

    data = _data_of(args, data)
    year = _year(args.year, data)
    ev = open_year(data, year)
    findings = year_findings(ev)
    pending = open_findings(findings)
    for f in pending:
        print(f"{f.severity}：{f.line()}")
    for f in accepted_findings(findings):
        print(f"已接受：{f.line()}（理由：{f.accepted}）")
    questions = same_as_last_year(data, ev.data)  # a question to confirm, never an error (not counted by --strict)
    for line in questions:
        print(f"{QUESTION_MARK}{line}")
    print(summary(year, findings) + (f"；{len(questions)}个数字与上年相同，请确认" if questions else ""))
    if pending and args.strict:
        problem = DataError(
            rel(data / str(year)),
            "",
            f"复核提示{len(pending)}条待处理，--strict 不予通过",
            "逐条处理；确属如此的，在 review.yaml（复核记录）中接受并写明理由（见 data/README.md“复核提示”）",
        )
        print(f"{ERROR_MARK}{problem}", file=sys.stderr)
        return 2
    return 0


def _calls(args: argparse.Namespace, root: Path, data: Path) -> int:
    """The build's own code path: check (or take from the cache) the records, then print the derived table."""
    from .analyses import calls
    from .api import open_year
    from .presentation.calls_text import text_report

    data = _data_of(args, data)
    year = _year(args.year, data)
    ev = open_year(data, year)
    records = calls.check_year(data, year, root / ".cache")
    analysis = calls.analyse(ev.data, records)
    if analysis is None:
        print(f"{year}年度：没有话单（{calls.folder_of(data, year)}/ 不存在）；报告使用年度计数和测算假设")
        return 0
    print("\n".join(text_report(analysis)))
    return 0


def _preview(args: argparse.Namespace, root: Path, data: Path) -> int:
    from .authoring.preview import run_preview

    data = _data_of(args, data)
    return run_preview(root, data, _year(args.year, data), args.port)


def _authoring(args: argparse.Namespace, root: Path, data: Path) -> int:
    return authoring.run(args, root)


Command = Callable[[argparse.Namespace, Path, Path], int]
COMMANDS: dict[str, Command] = {
    "build": _build,
    "score": _score,
    "check": _check,
    "template": _template,
    "calls": _calls,
    "preview": _preview,
    **dict.fromkeys(authoring.NAMES, _authoring),
}


# --------------------------------------------------------------------------- main


def _locate(args: argparse.Namespace) -> tuple[Path, Path]:
    """(project, data folder) from --project and --data."""
    given = Path(args.data).absolute() if getattr(args, "data", None) else None
    folder = getattr(args, "root", None)
    root = project_root(given, Path(folder).absolute() if folder else None)
    return root, given or root / "data"


INTERRUPTED = 130  # the exit status of a command stopped by Ctrl-C (128 + SIGINT), as shells give it


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        root, data = _locate(args)
        return COMMANDS[args.cmd](args, root, data)
    except DataError as exc:
        print(f"{ERROR_MARK}{one_line(str(exc))}", file=sys.stderr)
        return 2
    except BuildError as exc:
        print(f"{ERROR_MARK}{one_line(str(exc))}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(f"{ERROR_MARK}已中断——已发布的报告保持原样", file=sys.stderr)
        return INTERRUPTED
    except BrokenPipeError:  # `selfeval calls | head`: the reader has what it wanted; a closed pipe is a normal end
        from .bookbuild.progress import quiet_stdout

        quiet_stdout()
        return 0
    except Exception as exc:  # a bug, not bad input: still one line, traceback on request
        if os.environ.get("SELFEVAL_DEBUG"):
            raise
        detail = one_line(f"意外错误 {type(exc).__name__}：{exc}", 400)
        print(f"{ERROR_MARK}{detail}——已发布的报告保持原样；设置 SELFEVAL_DEBUG=1 重新运行可看到调用栈", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
