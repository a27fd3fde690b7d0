"""``selfeval preview --year Y`` (``make preview``): build the year, serve it on 127.0.0.1, and
rebuild and reload the open page whenever the analyst saves a data file, a notebook or book/.

Watching is watchfiles (inotify; a burst of saves becomes one change set), serving is
:mod:`.preview_server` (tornado). The build is the ordinary pipeline — the same code, checks
and content cache as ``make book`` — with HTML only: the preview publishes into
``.preview/`` (its own ``public`` tree), never into ``public/``, so a half-finished edit
never replaces the published book, and it skips the PDF, the .xlsx and the .docx, which a page
does not show. A bad edit is reported on the page and in the console as the one-line error the
CLI prints; the last good book stays on the page. Changes saved during a build are built next.
"""

from __future__ import annotations

import asyncio
import signal
import time
from collections.abc import Iterable
from pathlib import Path

from ..errors import ERROR_MARK, BuildError, DataError, one_line
from .lab import free_port
from .preview_server import Events, application

DEFAULT_PORT = 8000
PREVIEW_FOLDER = ".preview"  # the preview's own public tree, beside build/ (which the build cleans) and public/ (published books)
IGNORED_PREFIXES = ("~$", ".", "#")  # Excel's lock file of an open workbook, hidden and editor temporary files
IGNORED_SUFFIXES = ("~", ".swp", ".tmp", ".partial", ".kernel.log")
IGNORED_PARTS = (".ipynb_checkpoints", "__pycache__")


def watched(root: Path, data: Path, year: int) -> list[Path]:
    """The year's data folder and the earlier years' (the comparison and the volume history read them), notebooks/, book/, _config.yml."""
    from ..contract.sources import available_years

    years = [data / str(y) for y in available_years(data) if y <= year]
    return [p for p in (*years, root / "notebooks", root / "book", root / "_config.yml") if p.exists()]


def watching_line(root: Path, data: Path) -> str:
    """What the console says is watched: the data folder given (not always data/) and the project's chapters."""
    from ..contract.sources import rel

    folders = [rel(data), rel(root / "notebooks"), rel(root / "book")]
    return f"正在监视 {folders[0]}/、{folders[1]}/ 与 {folders[2]}/ 的改动；保存后自动重新生成并刷新页面。停止：Ctrl-C"


def relevant(path: str) -> bool:
    """A change worth a rebuild: not a lock, hidden, temporary or checkpoint file."""
    p = Path(path)
    if any(part in IGNORED_PARTS for part in p.parts):
        return False
    return not p.name.startswith(IGNORED_PREFIXES) and not p.name.endswith(IGNORED_SUFFIXES)


class Preview:
    """Builds the year on request, one build at a time, and tells the pages."""

    def __init__(self, root: Path, data: Path, year: int, out: Path, events: Events):
        self.root, self.data, self.year, self.out, self.events = root, data, year, out, events
        self.pending = asyncio.Event()
        self.built = 0  # books published so far (the first one included)

    def build(self) -> str | None:
        """One build (in a worker thread); the one-line error, or None when the book was published."""
        from ..bookbuild.pipeline import Options, build_years

        try:
            build_years([Options(root=self.root, year=self.year, data_dir=self.data, public=self.out, pdf=False, office=False)])
        except (DataError, BuildError) as exc:
            return one_line(str(exc))
        except Exception as exc:  # a bug: still one line, the preview goes on
            return one_line(f"意外错误 {type(exc).__name__}：{exc}")
        return None

    async def run_builds(self) -> None:
        loop = asyncio.get_running_loop()
        while True:
            await self.pending.wait()
            self.pending.clear()
            started = time.perf_counter()
            self.events.send("building", "正在重新生成…")
            error = await loop.run_in_executor(None, self.build)
            if error is not None:
                print(f"{ERROR_MARK}{error}", flush=True)
                print("（页面仍显示上一次生成成功的报告；改正后保存即重新生成）", flush=True)
                self.events.send("error", f"{ERROR_MARK}{error}")
            else:
                self.built += 1
                print(f"已重新生成，用时 {time.perf_counter() - started:.1f} 秒；页面已刷新", flush=True)
                self.events.send("reload")

    async def watch(self, paths: Iterable[Path]) -> None:
        from watchfiles import awatch  # the preview only

        async for changes in awatch(*paths, watch_filter=lambda _change, path: relevant(path), debounce=1600, step=50):
            names = sorted({Path(p).name for _, p in changes})
            print(f"已保存：{'、'.join(names)}", flush=True)
            self.pending.set()


async def _serve(root: Path, data: Path, year: int, port: int, out: Path) -> None:
    events = Events()
    preview = Preview(root, data, year, out, events)
    app = application(out, year, events)
    server = app.listen(port, address="127.0.0.1")
    print(f"预览地址（仅本机）：http://127.0.0.1:{port}/{year}/html/index.html", flush=True)
    print(f"正在生成{year}年度报告（仅网页）…", flush=True)
    error = await asyncio.get_running_loop().run_in_executor(None, preview.build)
    if error is not None:
        print(f"{ERROR_MARK}{error}", flush=True)
        events.send("error", f"{ERROR_MARK}{error}")
    print(watching_line(root, data), flush=True)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        loop.add_signal_handler(sig, stop.set)
    tasks = [asyncio.create_task(preview.run_builds()), asyncio.create_task(preview.watch(watched(root, data, year)))]
    await stop.wait()
    print("正在停止预览…", flush=True)
    for task in tasks:
        task.cancel()
    server.stop()
    await asyncio.gather(*tasks, return_exceptions=True)


def run_preview(root: Path, data: Path, year: int, port: int | None = None) -> int:
    """Serve until Ctrl-C; 0 on a normal stop."""
    out = root / PREVIEW_FOLDER
    asyncio.run(_serve(root, data, year, port or free_port(DEFAULT_PORT), out))
    return 0
