"""`selfeval preview` as an analyst uses it: the book opens in Chromium (every outside host
blocked), a saved data file rebuilds the book and the open page reloads by itself with the new
figure; a bad edit shows its one-line error on the page and in the console while the last good
book stays; the published public/ is never written. Runs in a throw-away copy of the project."""

from __future__ import annotations

import queue
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from urllib.parse import urlparse

import pytest

from offline_browser import offline_chromium

pytestmark = pytest.mark.browser

OLD, NEW = "value: 10975138,", "value: 10000000,"  # the 接通率 numerator (answer_rate) in indicators.yaml


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Console:
    """The preview's console output, read as it comes."""

    def __init__(self, proc: subprocess.Popen):
        self.lines: queue.Queue[str] = queue.Queue()
        self.seen: list[str] = []
        threading.Thread(target=lambda: [self.lines.put(line) for line in proc.stdout], daemon=True).start()
        self.proc = proc

    def wait_for(self, text: str, timeout: float) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=1)
            except queue.Empty:
                if self.proc.poll() is not None:
                    break
                continue
            self.seen.append(line)
            if text in line:
                return line
        raise AssertionError(f"the preview did not print {text!r} within {timeout:.0f} s: {''.join(self.seen)[-2000:]}")


def _page_text(page) -> str:
    try:
        return re.sub(r"\s+", "", page.inner_text("body", timeout=2000))
    except Exception:  # the page is reloading
        return ""


def _wait_text(page, pattern: str, timeout: float) -> re.Match:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = re.search(pattern, _page_text(page))
        if found:
            return found
        time.sleep(0.05)
    raise AssertionError(f"{pattern!r} not on the page within {timeout:.0f} s: {_page_text(page)[:300]}")


def test_saved_edits_reload_the_open_page(tmp_path, warm_project):
    root = warm_project(tmp_path / "project")  # the first build takes the session's notebooks; the edit re-executes them
    port = _free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "selfeval", "preview", "--year", "2021", "--root", str(root), "--port", str(port)],
        cwd=root,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    console = Console(proc)
    try:
        console.wait_for(f"http://127.0.0.1:{port}/2021/html/index.html", 60)
        console.wait_for("正在监视", 600)
        assert not any(line.startswith("错误：") for line in console.seen), "".join(console.seen)  # the first build succeeded
        indicators = root / "data" / "2021" / "indicators.yaml"
        committed = indicators.read_text(encoding="utf-8")
        outside: list[str] = []
        with offline_chromium() as browser:
            page = browser.new_page()
            page.on("request", lambda r: outside.append(r.url) if urlparse(r.url).hostname not in ("127.0.0.1", None) else None)
            page.goto(f"http://127.0.0.1:{port}/2021/html/executed/02_evaluation.html")
            assert _wait_text(page, r"绩效自评分值为([\d.]+)分", 30).group(1) == "99.70"
            page.evaluate("window.__beforeTheEdit = true")  # gone once the page has reloaded

            saved = time.monotonic()
            indicators.write_text(committed.replace(OLD, NEW), encoding="utf-8")  # what saving in an editor does
            assert _wait_text(page, r"绩效自评分值为(97\.00)分", 600)  # no manual reload
            print(f"save → reloaded page with the new figure: {time.monotonic() - saved:.1f} s")
            assert page.evaluate("window.__beforeTheEdit === undefined"), "the page did not reload"

            indicators.write_text(committed.replace(OLD, "value: 九十五,"), encoding="utf-8")  # a bad edit
            banner = page.locator("#selfeval-preview-banner[data-kind=error]")
            banner.wait_for(timeout=600_000)
            message = banner.inner_text()
            assert message.startswith("错误：") and "indicators.yaml" in message and "——修改：" in message, message
            assert "\n" not in message
            assert "绩效自评分值为97.00分" in _page_text(page)  # the last good book stays visible
            console.wait_for("错误：", 60)

            indicators.write_text(committed, encoding="utf-8")  # corrected
            assert _wait_text(page, r"绩效自评分值为(99\.70)分", 600)
            assert page.locator("#selfeval-preview-banner").count() == 0
            assert outside == []
        assert not (root / "public").exists()  # the preview never publishes into public/
        pages = list((root / ".preview" / "2021" / "html").rglob("*.html"))
        assert pages and not any("reload.js" in p.read_text(encoding="utf-8") for p in pages)  # injected when served, never written
    finally:
        proc.send_signal(signal.SIGINT)  # Ctrl-C
        code = proc.wait(timeout=60)
    assert code == 0
    with socket.socket() as s:
        assert s.connect_ex(("127.0.0.1", port)) != 0, "the server still listens after Ctrl-C"
