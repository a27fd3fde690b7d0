"""Measure `selfeval preview`: from saving a file to the open page showing the change (reloaded by
the preview itself), in headless Chromium, in a throw-away copy of the project.

    .venv/bin/python bench/preview.py [--rounds N]

Three edits, each undone before the next: a heading in one chapter notebook (one notebook runs
again), a sentence of prose.yaml (every chapter runs again: each reads the year's data), and the
接通率 numerator in indicators.yaml (a figure every chapter's key covers). Prints wall seconds per
edit, the CPU seconds of the preview and everything it started (sampled), and the load average.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
from offline_browser import offline_chromium  # noqa: E402

MARK = "预览计时标记"


class TreeCpu:
    """CPU seconds of a process and all it starts, sampled (a finished child keeps its last sample)."""

    def __init__(self, pid: int):
        self.root = psutil.Process(pid)
        self.seen: dict[int, float] = {}
        self.stop = threading.Event()
        threading.Thread(target=self._run, daemon=True).start()

    def _run(self) -> None:
        while not self.stop.is_set():
            for p in [self.root, *self.root.children(recursive=True)]:
                try:
                    t = p.cpu_times()
                    self.seen[p.pid] = t.user + t.system
                except psutil.Error:
                    pass
            time.sleep(0.1)

    def total(self) -> float:
        return sum(self.seen.values())


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _text(page) -> str:
    try:
        return re.sub(r"\s+", "", page.inner_text("body", timeout=2000))
    except Exception:
        return ""


def _wait(page, needle: str, timeout: float = 600) -> float:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if needle in _text(page):
            return time.monotonic()
        time.sleep(0.02)
    raise SystemExit(f"not on the page within {timeout} s: {needle}")


def _edit_notebook(path: Path, old: str, new: str) -> None:
    nb = json.loads(path.read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        src = "".join(cell["source"])
        if cell["cell_type"] == "markdown" and old in src:
            cell["source"] = src.replace(old, new)
            break
    path.write_text(json.dumps(nb, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=1)
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="preview-bench-"))
    root = tmp / "project"
    root.mkdir()
    for name in ("data", "notebooks", "book"):
        shutil.copytree(ROOT / name, root / name)
    shutil.copyfile(ROOT / "_config.yml", root / "_config.yml")
    port = _free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "selfeval", "preview", "--year", "2021", "--root", str(root), "--port", str(port)],
        cwd=root,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    cpu = TreeCpu(proc.pid)
    lines: list[str] = []
    ready = threading.Event()

    def read() -> None:
        for line in proc.stdout:  # type: ignore[union-attr]
            lines.append(line)
            if "正在监视" in line:
                ready.set()

    threading.Thread(target=read, daemon=True).start()
    started = time.monotonic()
    if not ready.wait(900):
        raise SystemExit("".join(lines))
    print(f"first build (cold cache): {time.monotonic() - started:.1f} s wall, {cpu.total():.1f} CPU-s")
    nb = root / "notebooks" / "03b_measures.ipynb"
    prose = root / "data" / "2021" / "prose.yaml"
    indicators = root / "data" / "2021" / "indicators.yaml"

    def replace(path: Path, old: str, new: str) -> None:
        path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")

    def _goto(page, url: str) -> None:
        """Open ``url``; again when the preview's reload of the page open before (after the undo's
        rebuild) interrupts the navigation."""
        for attempt in range(3):
            try:
                page.goto(url)
                return
            except Exception as exc:
                if "interrupted by another navigation" not in str(exc) or attempt == 2:
                    raise
                time.sleep(0.5)

    edits = [
        ("heading in one notebook", "03b_measures", lambda: _edit_notebook(nb, "# 四、下一步改进措施", f"# 四、下一步改进措施{MARK}"), MARK),
        ("prose.yaml sentence", "03_problems", lambda: replace(prose, "需要在后续的工作中", f"需要在后续{MARK}的工作中"), MARK),
        ("figure in indicators.yaml", "02_evaluation", lambda: replace(indicators, "value: 10975138,", "value: 10000000,"), "绩效自评分值为97.00分"),
    ]
    originals = {p: p.read_bytes() for p in (nb, prose, indicators)}
    try:
        with offline_chromium() as browser:
            page = browser.new_page()
            for _round in range(args.rounds):
                for label, chapter, edit, needle in edits:
                    _goto(page, f"http://127.0.0.1:{port}/2021/html/executed/{chapter}.html")
                    _wait(page, "绩效" if chapter != "03b_measures" else "改进措施", 60)
                    time.sleep(1)
                    before, load = cpu.total(), os.getloadavg()[0]
                    saved = time.monotonic()
                    edit()
                    shown = _wait(page, needle)
                    print(f"{label}: save → reloaded page {shown - saved:.1f} s wall, ~{cpu.total() - before:.1f} CPU-s, load {load:.1f}")
                    built = sum("已重新生成" in line for line in lines)
                    for path, content in originals.items():  # undo, and let the preview rebuild the original
                        if path.read_bytes() != content:
                            path.write_bytes(content)
                    deadline = time.monotonic() + 600
                    while sum("已重新生成" in line for line in lines) <= built and time.monotonic() < deadline:
                        time.sleep(0.2)
    finally:
        cpu.stop.set()
        proc.send_signal(signal.SIGINT)
        proc.wait(60)
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
