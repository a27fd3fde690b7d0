"""The preview's web server: the book as published, plus a reload script and an event stream.

Why tornado: it is already installed and pinned (JupyterLab's server runs on it), it serves
static files with the checks a file server needs (no path outside the folder), and it streams
server-sent events; livereload would bring a second copy of what watchfiles does and its own
protocol, sphinx-autobuild runs sphinx-build itself instead of this project's pipeline.

The book's files are never changed: an HTML page gets ``<script src="/__preview/reload.js">``
before ``</body>`` as it is sent. Events (``text/event-stream``): ``building`` (a rebuild
started), ``reload`` (a new book is published), ``error`` (the rebuild failed: its one-line
message; the last good book stays), ``ok``. A page that connects gets the current state.
Served on 127.0.0.1 only; nothing is fetched from outside.
"""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path

import tornado.web

STATIC = Path(__file__).resolve().parent / "preview_static"
SCRIPT = b'<script src="/__preview/reload.js"></script>'


class Events:
    """The latest state and the open event streams."""

    def __init__(self) -> None:
        self.state: tuple[str, str] = ("ok", "")
        self.queues: set[asyncio.Queue[tuple[str, str]]] = set()

    def send(self, event: str, text: str = "") -> None:
        if event != "reload":
            self.state = (event, text)
        else:
            self.state = ("ok", "")
        for q in list(self.queues):
            q.put_nowait((event, text))


class EventStream(tornado.web.RequestHandler):
    def initialize(self, events: Events) -> None:
        self.events = events

    async def get(self) -> None:
        self.set_header("Content-Type", "text/event-stream; charset=utf-8")
        self.set_header("Cache-Control", "no-store")
        queue: asyncio.Queue[tuple[str, str]] = asyncio.Queue()
        self.events.queues.add(queue)
        try:
            queue.put_nowait(self.events.state)
            while True:
                event, text = await queue.get()
                lines = "".join(f"data: {line}\n" for line in (text.splitlines() or [""]))
                self.write(f"event: {event}\n{lines}\n")
                await self.flush()
        except tornado.iostream.StreamClosedError:
            pass
        finally:
            self.events.queues.discard(queue)


class BookFiles(tornado.web.StaticFileHandler):
    """The published files; HTML pages with the reload script added on the way out."""

    def get_content_size(self) -> int:
        if self._is_page():
            return len(self._page())
        return super().get_content_size()

    def _is_page(self) -> bool:
        return self.absolute_path is not None and self.absolute_path.endswith(".html")

    def _page(self) -> bytes:
        cached = getattr(self, "_page_bytes", None)
        if cached is None:
            raw = Path(str(self.absolute_path)).read_bytes()
            at = raw.rfind(b"</body>")
            cached = raw[:at] + SCRIPT + raw[at:] if at >= 0 else raw + SCRIPT
            self._page_bytes = cached
        return cached

    async def get(self, path: str, include_body: bool = True) -> None:
        self.path = self.parse_url_path(path)
        absolute = self.get_absolute_path(self.root, self.path)
        self.absolute_path = self.validate_absolute_path(self.root, absolute)
        if self.absolute_path is None:
            return
        if not self._is_page():
            self.absolute_path = None
            await super().get(path, include_body)
            return
        self.set_header("Content-Type", "text/html; charset=utf-8")
        self.set_header("Cache-Control", "no-store")
        if include_body:
            self.write(self._page())

    def set_extra_headers(self, path: str) -> None:
        self.set_header("Cache-Control", "no-store")  # a rebuilt book is always fetched again


def application(public: Path, year: int, events: Events) -> tornado.web.Application:
    logging.getLogger("tornado.access").setLevel(logging.ERROR)  # the console is the analyst's: no English request log (a missing favicon)
    return tornado.web.Application(
        [
            (r"/", tornado.web.RedirectHandler, {"url": f"/{year}/html/index.html"}),
            (r"/__preview/events", EventStream, {"events": events}),
            (r"/__preview/(reload\.js)", tornado.web.StaticFileHandler, {"path": str(STATIC)}),
            (r"/(.*)", BookFiles, {"path": str(public), "default_filename": "index.html"}),
        ],
        compress_response=False,
    )
