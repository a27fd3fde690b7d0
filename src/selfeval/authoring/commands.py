"""The analyst's subcommands of ``python -m selfeval``: lab, new-chapter, strip.

Kept here so that :mod:`selfeval.cli` only registers and dispatches them.
"""

from __future__ import annotations

import argparse
from pathlib import Path

NAMES = ("lab", "new-chapter", "strip")


def add_parsers(sub: argparse._SubParsersAction) -> None:
    lab = sub.add_parser("lab", help="在 notebooks/ 上打开 JupyterLab（离线，仅本机 127.0.0.1；打印访问地址）", description="打开 JupyterLab 编辑各章")
    lab.add_argument("--port", type=int, default=None, metavar="端口", help="端口（默认：8888，被占用时另选空闲端口）")
    new = sub.add_parser("new-chapter", help="按模板新建一章笔记本，并加入 book/chapters.yml", description="新建一章")
    new.add_argument("title", metavar="标题", help='章标题，如 "专题分析：话务量高峰"')
    new.add_argument("--name", default=None, metavar="名称", help="文件名部分（ASCII；默认取自标题，否则为 special）：notebooks/NN_<name>.ipynb")
    strip = sub.add_parser("strip", help="清除笔记本的输出、执行计数和编辑器元数据（保留 nbval 核对的输出）", description="清理笔记本以便提交")
    strip.add_argument("paths", nargs="*", default=["notebooks"], metavar="路径", help="笔记本或文件夹（默认：notebooks）")
    strip.add_argument("--check", action="store_true", help="不做修改；有笔记本未清理时以退出码 1 结束")
    for parser in (lab, new):
        parser.add_argument("--root", default=None, metavar="文件夹", help="项目检出目录（默认：本检出目录）")


def run(args: argparse.Namespace, root: Path) -> int:
    if args.cmd == "lab":
        from .lab import run as run_lab

        return run_lab(root, args.port)
    if args.cmd == "new-chapter":
        from .new_chapter import new_chapter

        path = new_chapter(root, args.title, args.name)
        rel = path.relative_to(root)
        print(f"已写入 {rel}，并加入 book/chapters.yml（附录之前）")
        print(f"下一步：用 `make lab` 打开它编写分析，再运行 `make book`（或 nbval：pytest {rel}）")
        return 0
    from . import strip

    files = strip.notebooks([Path(p) for p in args.paths])
    if args.check:
        dirty = [f for f in files if not strip.is_clean(f)]
        for f in dirty:
            print(f"未清理：{f}——修改：make strip")
        return 1 if dirty else 0
    changed = [f for f in files if strip.clean_file(f)]
    for f in changed:
        print(f"已清理 {f}")
    print(f"检查了{len(files)}个笔记本，清理了{len(changed)}个")
    return 0
