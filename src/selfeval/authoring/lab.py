"""``make lab``: JupyterLab on ``notebooks/``, offline, on 127.0.0.1, the project's Python as kernel.

Everything JupyterLab reads or writes lives in the project's ``.lab/`` folder (git-ignored),
not in the analyst's home, so the lab is the same on every machine:

- ``.lab/data/kernels/python3/kernel.json``: the one kernel, this interpreter (the project's
  venv with the package installed), named ``python3`` like the notebooks' kernelspec;
- ``.lab/config/custom/custom.css``: the book's stylesheet, so tables and prose look as in
  the book (JupyterLab's ``custom_css``);
- ``.lab/config/lab/``: settings and workspaces the analyst changes in the lab (news and
  update checks start switched off);
- ``.lab/lab.log``: the server's log (the terminal shows only the address).

Offline: no announcements feed, no update check, a read-only extension manager (no PyPI
queries). Charts draw with JupyterLab's own Vega (see :mod:`selfeval.presentation.chart_output`).

Private to the analyst who starts it: the access token is never on a command line (every local
user can read those in the process list, and the token opens a Python kernel as the analyst).
The server reads it from ``.lab/token``, a file only its owner can read (``JUPYTER_TOKEN_FILE``),
deleted as soon as the server answers; ``.lab/`` itself and the log (which prints the address)
are the owner's only. Terminals are off: analysts have a shell already, and a terminal is one
more way in.
Saving strips outputs and execution counts (:func:`selfeval.authoring.strip.pre_save_hook`),
so a saved notebook is ready to commit.
"""

from __future__ import annotations

import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from ..errors import BuildError

STATIC = Path(__file__).resolve().parents[1] / "presentation" / "static"
DEFAULT_PORT = 8888
READY_TIMEOUT = 120.0


@dataclass(frozen=True)
class Lab:
    """A configured (not yet started) lab: where, on which port, with which token."""

    root: Path
    port: int
    token: str

    @property
    def home(self) -> Path:
        return self.root / ".lab"

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/lab?token={self.token}"

    @property
    def log(self) -> Path:
        return self.home / "lab.log"

    @property
    def token_file(self) -> Path:
        return self.home / "token"

    def command(self) -> list[str]:
        # root: CI and these machines run as root; the server is on 127.0.0.1 with a token either way
        as_root = ["--ServerApp.allow_root=True"] if hasattr(os, "geteuid") and os.geteuid() == 0 else []
        return [
            sys.executable,
            "-m",
            "jupyterlab",
            *as_root,
            "--ServerApp.ip=127.0.0.1",
            f"--ServerApp.port={self.port}",
            "--ServerApp.port_retries=0",
            "--ServerApp.open_browser=False",
            f"--ServerApp.root_dir={self.root / 'notebooks'}",
            "--ServerApp.terminals_enabled=False",
            "--ContentsManager.pre_save_hook=selfeval.authoring.strip.pre_save_hook",
            "--LabApp.custom_css=True",
            "--LabApp.news_url=None",
            "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
            "--LabApp.extension_manager=readonly",
        ]

    def environment(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if k not in ("JUPYTER_CONFIG_PATH", "JUPYTER_RUNTIME_DIR", "SELFEVAL_DISPLAY")}
        env["JUPYTER_CONFIG_DIR"] = str(self.home / "config")
        env["JUPYTER_DATA_DIR"] = str(self.home / "data")
        # first on the data path, before the venv's and the user's: our python3 kernel wins
        env["JUPYTER_PATH"] = str(self.home / "data")
        env["JUPYTER_PLATFORM_DIRS"] = "1"
        env.pop("JUPYTER_TOKEN", None)  # only the file below: an inherited token would win over it
        env["JUPYTER_TOKEN_FILE"] = str(self.token_file)
        return env


def _private(path: Path, text: str) -> None:
    """Write ``path`` readable by its owner only (0600), replacing whatever was there without following a link."""
    if os.path.lexists(path):
        path.unlink()
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(text)


def configure(root: Path, port: int | None = None, token: str | None = None) -> Lab:
    """Write the lab's kernel and stylesheet under ``root/.lab`` (the owner's only) and pick a port and token."""
    if not (root / "notebooks").is_dir() or not (root / "book" / "chapters.yml").is_file():
        raise BuildError(f"{root}：不是项目文件夹（没有 notebooks/ 或 book/chapters.yml）——修改：在项目文件夹中运行 `make lab`")
    try:
        import jupyterlab  # noqa: F401
    except ImportError:
        raise BuildError(f"{sys.executable} 未安装 JupyterLab——修改：运行 `make lab`（它会把 requirements-lab.txt 安装到 .venv）") from None
    lab = Lab(root, port if port else free_port(), token or secrets.token_hex(24))
    lab.home.mkdir(mode=0o700, exist_ok=True)
    os.chmod(lab.home, 0o700)  # the token file, the log and the server's runtime files live here
    kernel_dir = lab.home / "data" / "kernels" / "python3"
    kernel_dir.mkdir(parents=True, exist_ok=True)
    spec = {
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "Python 3 (selfeval)",
        "language": "python",
        "metadata": {"debugger": True},
    }
    (kernel_dir / "kernel.json").write_text(json.dumps(spec, indent=1), encoding="utf-8")
    custom = lab.home / "config" / "custom"
    custom.mkdir(parents=True, exist_ok=True)
    css = (STATIC / "selfeval.css").read_text(encoding="utf-8") + (STATIC / "lab.css").read_text(encoding="utf-8")
    (custom / "custom.css").write_text(css, encoding="utf-8")
    # no "Would you like to get notified about official Jupyter news?" (it would fetch from the internet)
    notification = lab.home / "config" / "lab" / "user-settings" / "@jupyterlab" / "apputils-extension" / "notification.jupyterlab-settings"
    if not notification.exists():
        notification.parent.mkdir(parents=True, exist_ok=True)
        notification.write_text(json.dumps({"fetchNews": "false", "checkForUpdates": False}, indent=1), encoding="utf-8")
    return lab


def free_port(preferred: int = DEFAULT_PORT) -> int:
    """``preferred`` if nothing listens there, else a free port the system picks."""
    for candidate in (preferred, 0):
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
            try:
                s.bind(("127.0.0.1", candidate))
            except OSError:
                continue
            return s.getsockname()[1]
    raise BuildError("127.0.0.1 上没有空闲端口——修改：停止其他服务，或用 --port 指定端口")


def start(lab: Lab) -> subprocess.Popen:
    """Start the server in its own process group, its log in ``.lab/lab.log``; return once it answers."""
    lab.home.mkdir(mode=0o700, parents=True, exist_ok=True)
    _private(lab.token_file, lab.token)  # read by the server at start-up (JUPYTER_TOKEN_FILE), never on its command line
    _private(lab.log, "")  # the log prints the address with the token
    try:
        with open(lab.log, "wb") as log:  # the child keeps its own copy of the descriptor
            proc = subprocess.Popen(
                lab.command(), cwd=lab.root, env=lab.environment(), stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
            )
        deadline = time.monotonic() + READY_TIMEOUT
        status = f"http://127.0.0.1:{lab.port}/api/status?token={lab.token}"
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                tail = lab.log.read_text(encoding="utf-8", errors="replace").strip().splitlines()[-3:]
                raise BuildError(f"JupyterLab 启动时退出（退出码 {proc.returncode}）：{' | '.join(tail)}——完整日志：{lab.log}")
            try:
                with urllib.request.urlopen(status, timeout=2) as resp:
                    if resp.status == 200:
                        return proc
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            time.sleep(0.3)
        stop(proc)
        raise BuildError(f"JupyterLab 在 {READY_TIMEOUT:.0f} 秒内没有响应——完整日志：{lab.log}")
    finally:
        lab.token_file.unlink(missing_ok=True)  # the server has read it (or failed): no copy left on disk


def stop(proc: subprocess.Popen, timeout: float = 20.0) -> None:
    """SIGTERM (the server shuts its kernels down), then SIGKILL if it hangs."""
    if proc.poll() is not None:
        return
    os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()


def run(root: Path, port: int | None = None) -> int:
    """``selfeval lab``: start, print the address, serve until Ctrl-C."""
    lab = configure(root, port)
    print(f"正在启动 JupyterLab（notebooks/，内核：{sys.executable}）…", flush=True)
    proc = start(lab)
    print(
        "JupyterLab 已启动（离线，仅本机可访问）。在浏览器中打开：\n\n"
        f"    {lab.url}\n\n"
        f"保存笔记本时会清除其输出（便于提交）。服务器日志：{lab.log.relative_to(root)}。停止：Ctrl-C",
        flush=True,
    )

    def _stop_on(signum, frame):  # a closed terminal (SIGHUP) or `kill` (SIGTERM): no orphaned server
        raise KeyboardInterrupt

    for sig in (signal.SIGTERM, signal.SIGHUP, signal.SIGINT):
        signal.signal(sig, _stop_on)
    try:
        return proc.wait()
    except KeyboardInterrupt:
        print("正在停止 JupyterLab…", flush=True)
        stop(proc)
        return 0
