"""`make lab` is private to the analyst who starts it (issue 27).

The lab's token opens a Python kernel as the analyst. It was passed on the server's command line,
which every local user can read in the process list, and the lab offered terminals. Here the lab
runs as `make lab` runs it (`selfeval lab` in a throw-away copy of the project), and while it
serves: no process's command line holds the token, the server's environment names only a file,
that file is gone, the lab's folder and log are the owner's only, terminals answer 404, and the
token (read from the address the command prints) still opens the lab.
"""

from __future__ import annotations

import os
import queue
import re
import signal
import socket
import stat
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from book_fixtures import project_copy


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def running_lab(root: Path) -> Iterator[tuple[int, str]]:
    """`selfeval lab` in ``root`` as `make lab ARGS="--port …"` runs it, without JUPYTER_* variables of
    the caller; yields (port, token) from the address it prints, then stops it with Ctrl-C and checks
    that it ends cleanly and no longer listens."""
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("JUPYTER_")}
    proc = subprocess.Popen(
        [sys.executable, "-m", "selfeval", "lab", "--root", str(root), "--port", str(port)],
        cwd=root,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(target=lambda: [lines.put(line) for line in proc.stdout], daemon=True).start()
    printed = ""
    deadline = time.monotonic() + 180
    while not (found := re.search(rf"http://127\.0\.0\.1:{port}/lab\?token=([0-9a-f]+)", printed)):
        try:
            printed += lines.get(timeout=1)
        except queue.Empty:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                pytest.fail(f"`selfeval lab` printed no address (exit {proc.poll()}): {printed}")
    yield port, found.group(1)
    proc.send_signal(signal.SIGINT)  # Ctrl-C: the command stops the server and its kernels
    assert proc.wait(timeout=60) == 0
    with socket.socket() as s:
        assert s.connect_ex(("127.0.0.1", port)) != 0, "the server still listens after Ctrl-C"


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    root = project_copy(tmp_path_factory.mktemp("lab") / "project")
    with running_lab(root) as (port, token):
        yield root, port, token


def _processes() -> list[tuple[int, bytes, bytes]]:
    """(pid, command line, environment) of every process this user can see."""
    out = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            cmdline = Path(f"/proc/{entry}/cmdline").read_bytes()
            try:
                environ = Path(f"/proc/{entry}/environ").read_bytes()
            except PermissionError:
                environ = b""
        except (FileNotFoundError, ProcessLookupError, PermissionError):
            continue
        out.append((int(entry), cmdline, environ))
    return out


def test_no_command_line_holds_the_token(lab):
    _, port, token = lab
    server = [pid for pid, cmdline, _ in _processes() if b"jupyterlab" in cmdline and f"--ServerApp.port={port}".encode() in cmdline]
    assert server, "the lab's server process was not found in /proc"
    holders = [(pid, cmdline.replace(b"\0", b" ")[:200]) for pid, cmdline, _ in _processes() if token.encode() in cmdline]
    assert holders == [], f"the token is on a command line: {holders}"


def test_the_server_reads_the_token_from_a_file_only_its_owner_could_read_and_then_gone(lab):
    root, port, token = lab
    for _, cmdline, environ in _processes():
        if f"--ServerApp.port={port}".encode() in cmdline:
            assert token.encode() not in environ, "the token is in the server's environment"
            assert f"JUPYTER_TOKEN_FILE={root / '.lab' / 'token'}".encode() in environ
    assert not (root / ".lab" / "token").exists(), "the token file is left on disk after the server read it"
    assert stat.S_IMODE((root / ".lab").stat().st_mode) == 0o700
    assert stat.S_IMODE((root / ".lab" / "lab.log").stat().st_mode) == 0o600


def test_terminals_are_disabled(lab):
    _, port, token = lab
    for method in ("GET", "POST"):
        request = urllib.request.Request(f"http://127.0.0.1:{port}/api/terminals?token={token}", method=method)
        with pytest.raises(urllib.error.HTTPError) as err:
            urllib.request.urlopen(request, timeout=10)
        assert err.value.code == 404, f"{method} /api/terminals answered {err.value.code}"


def test_the_printed_token_opens_the_lab_and_nothing_else_does(lab):
    _, port, token = lab
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/contents?token={token}", timeout=10) as resp:
        assert resp.status == 200
    with pytest.raises(urllib.error.HTTPError) as err:
        urllib.request.urlopen(f"http://127.0.0.1:{port}/api/contents?token=0{token[1:]}x", timeout=10)
    assert err.value.code == 403
