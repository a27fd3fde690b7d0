"""Start-up check of a cluster: every worker sees the same data, output and project folders.

On an existing cluster (``--scheduler``) the workers may run on other machines. A task reads
``data/<project>/<year>/`` and publishes into ``public/<project>/`` by path, so both folders must
be shared, at the same path, by every worker and this machine; and the worker must run the same
code (the package, its notebooks and book). A worker that does not see them would fail every
task it takes, or worse publish where nobody looks. So before any task each worker reports, by
path: a token file with random content that this process wrote into the output folder (removed
after); the names, sizes and modification times of every file in the data folder (which may be
read-only), compared with this machine's; and the fingerprint of the code it runs. Anything wrong
is one line naming the worker, the folder and the fix.

A worker process that is a daemon (Dask's default) cannot start the processes a build needs
(notebook kernels in a process pool): that is checked too, with the setting that changes it.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import secrets
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from ..bookbuild.cache import source_fingerprint
from ..errors import DataError

TOKEN_PREFIX = ".selfeval-shared-"
TOKEN_SUFFIX = ".tmp"  # the output folder's clean-up removes a token a killed run left there
DOCS = "docs/scale.md“集群”"


def data_listing(data: str) -> str:
    """sha256 over the relative path, size and modification time of every file below ``data``
    (``stat`` only): two machines see the same data folder when they get the same digest."""
    h = hashlib.sha256()
    for folder, dirs, files in os.walk(data):
        dirs.sort()
        for name in sorted(files):
            path = os.path.join(folder, name)
            try:
                info = os.stat(path)
            except OSError:
                continue
            h.update(f"{os.path.relpath(path, data)}\0{info.st_size}\0{info.st_mtime_ns}\0".encode())
    return h.hexdigest()


def worker_view(token: tuple[str, str], data: str, listing: str, root: str, fingerprint: str) -> dict[str, Any]:
    """Run on each worker: what it sees of the client's folders (token: the output folder's (path, content))."""
    try:
        with open(token[0], encoding="ascii") as f:
            sees_public = f.read() == token[1]
    except OSError:
        sees_public = False
    has_project = (Path(root) / "book" / "chapters.yml").is_file()
    missing = [role for role, seen in (("data", os.path.isdir(data) and data_listing(data) == listing), ("public", sees_public)) if not seen]
    return {
        "host": socket.gethostname(),
        "missing": missing,
        "project": has_project,
        "same_code": has_project and source_fingerprint(Path(root)) == fingerprint,
        "daemon": bool(multiprocessing.current_process().daemon),
        "cores": os.cpu_count() or 1,
    }


@contextmanager
def _token(folder: Path) -> Iterator[tuple[str, str]]:
    folder.mkdir(parents=True, exist_ok=True)
    content = secrets.token_hex(16)
    path = folder / f"{TOKEN_PREFIX}{content[:8]}{TOKEN_SUFFIX}"
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o644)
    try:
        with os.fdopen(fd, "w", encoding="ascii") as f:
            f.write(content)
        yield str(path), content
    finally:
        path.unlink(missing_ok=True)


def check_workers(client: Any, data: Path, public: Path, root: Path) -> dict[str, dict[str, Any]]:
    """Every worker's view (address → :func:`worker_view`); a one-line DataError for the first worker
    that does not see a folder, runs other code, or cannot start the build's processes."""
    names = {"data": f"数据文件夹 {data}（文件与本机不同）", "public": f"输出文件夹 {public}（本机写入的检查文件它读不到）"}
    with _token(public) as token:
        views: dict[str, dict[str, Any]] = client.run(worker_view, token, str(data), data_listing(str(data)), str(root), source_fingerprint(root))
    if not views:
        raise DataError("--scheduler", "", "集群中没有工作进程", f"先启动 dask worker 连接到该调度器（见 {DOCS}）")
    for address, view in sorted(views.items()):
        where = f"工作进程 {address}（主机 {view['host']}）"
        if view["missing"]:
            folder = names[view["missing"][0]]
            raise DataError(
                "--scheduler",
                "",
                f"{where}看不到{folder}",
                f"数据文件夹和输出文件夹须放在共享存储上，在每台工作机和本机上路径相同（见 {DOCS}）",
            )
        if not view["project"]:
            raise DataError("--scheduler", "", f"{where}上没有项目文件夹 {root}（book/chapters.yml）", f"在每台工作机的同一路径检出同一版本的项目（见 {DOCS}）")
        if not view["same_code"]:
            raise DataError(
                "--scheduler",
                "",
                f"{where}运行的 selfeval 程序与本机不同",
                f"在每台工作机的 {root} 检出与本机相同的版本并安装（make setup），再重启 dask worker",
            )
        if view["daemon"]:
            raise DataError(
                "--scheduler",
                "",
                f"{where}是守护进程，不能启动生成报告所需的子进程",
                f"启动 dask worker 前设置环境变量 DASK_DISTRIBUTED__WORKER__DAEMON=False（见 {DOCS}）",
            )
    return views
