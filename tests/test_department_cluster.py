"""The department build's machinery without a book: the start-up check that workers share the
folders and the code, the size of this machine's cluster, the console's progress and time left."""

from __future__ import annotations

from pathlib import Path

import pytest

from selfeval.department import shared
from selfeval.department.cluster import BOOK_MEMORY, machine_workers
from selfeval.department.progress import Tracker, duration
from selfeval.department.run import exit_code
from selfeval.department.tasks import Outcome, Task, public_paths
from selfeval.errors import DataError

ROOT = Path(__file__).resolve().parents[1]


class Worker:
    """A fake client whose one worker runs ``worker_view`` here, seeing the folders through ``sees``."""

    def __init__(self, sees=lambda token, data, listing: (token, data, listing), daemon: bool = False):
        self.sees, self.daemon, self.calls = sees, daemon, []

    def run(self, fn, token, data, listing, root, fingerprint):
        self.calls.append(token[0])
        assert Path(token[0]).is_file(), "the token exists while the workers look"
        view = fn(*self.sees(token, data, listing), root, fingerprint)
        return {"tcp://10.0.0.2:40000": {**view, "host": "worker-2", "daemon": self.daemon or view["daemon"]}}


@pytest.fixture
def folders(tmp_path):
    data, public = tmp_path / "data", tmp_path / "public"
    (data / "p1" / "2023").mkdir(parents=True)
    (data / "p1" / "2023" / "project.yaml").write_text("fiscal_year: 2023\n", encoding="utf-8")
    return data, public


def test_a_worker_that_sees_the_same_folders_and_code_passes(folders):
    data, public = folders
    client = Worker()
    views = shared.check_workers(client, data, public, ROOT)
    assert list(views) == ["tcp://10.0.0.2:40000"] and views["tcp://10.0.0.2:40000"]["missing"] == []
    assert not Path(client.calls[0]).exists(), "the token is removed after the check"
    assert Path(client.calls[0]).parent == public


@pytest.mark.parametrize(
    ("sees", "message"),
    [
        (
            lambda token, data, listing: ((token[0] + ".elsewhere", token[1]), data, listing),
            "输出文件夹 {public}（本机写入的检查文件它读不到）",
        ),
        (lambda token, data, listing: (token, data + "-copy", listing), "数据文件夹 {data}（文件与本机不同）"),
        (lambda token, data, listing: (token, data, "0" * 64), "数据文件夹 {data}（文件与本机不同）"),
    ],
)
def test_a_worker_that_does_not_see_a_folder_is_named_in_one_line(folders, sees, message):
    data, public = folders
    with pytest.raises(DataError) as err:
        shared.check_workers(Worker(sees), data, public, ROOT)
    line = str(err.value)
    assert line.startswith("--scheduler：工作进程 tcp://10.0.0.2:40000（主机 worker-2）看不到" + message.format(data=data, public=public))
    assert line.endswith("——修改：数据文件夹和输出文件夹须放在共享存储上，在每台工作机和本机上路径相同（见 docs/scale.md“集群”）")
    assert not list(public.glob(".selfeval-shared-*"))


def test_a_changed_data_file_changes_the_listing(folders):
    data, _ = folders
    before = shared.data_listing(str(data))
    (data / "p1" / "2023" / "project.yaml").write_text("fiscal_year: 2024\n", encoding="utf-8")
    assert shared.data_listing(str(data)) != before


def test_a_daemon_worker_is_told_how_to_start(folders):
    data, public = folders
    with pytest.raises(DataError) as err:
        shared.check_workers(Worker(daemon=True), data, public, ROOT)
    assert "是守护进程，不能启动生成报告所需的子进程——修改：启动 dask worker 前设置环境变量 DASK_DISTRIBUTED__WORKER__DAEMON=False" in str(err.value)


def test_other_code_or_no_project_on_a_worker_is_refused(folders, tmp_path):
    data, public = folders
    with pytest.raises(DataError) as err:
        shared.check_workers(Worker(), data, public, tmp_path / "no-checkout")
    assert "上没有项目文件夹" in str(err.value)


def test_this_machine_s_cluster_is_sized_to_cores_memory_and_tasks():
    assert machine_workers(40, cores=2, available=24 << 30) == 2
    assert machine_workers(1, cores=8, available=24 << 30) == 1
    assert machine_workers(40, cores=8, available=2 * BOOK_MEMORY + 1) == 2
    assert machine_workers(40, cores=8, available=0) == 1


def _outcome(status: str, seconds: float, project: str = "p1") -> Outcome:
    return Outcome(project, 2023, status, None if status in ("built", "current") else "错误：…", seconds)  # type: ignore[arg-type]


def test_progress_counts_and_time_left(capsys):
    now = [0.0]
    t = Tracker(5, slots=2, clock=lambda: now[0])
    t.start("p1/2023")
    t.start("p2/2023")
    assert t.text() == "进度：完成 0/5，进行中 2，失败 0，已用 0秒，预计剩余 计算中"
    now[0] = 1.0
    t.finish(_outcome("data", 1.0, "p2"))  # bad data ends at once: says nothing of the time the others need
    assert t.text().endswith("失败 1，已用 1秒，预计剩余 计算中")
    now[0] = 60.0
    t.finish(_outcome("built", 60.0))
    assert t.text() == "进度：完成 2/5，进行中 0，失败 1，已用 1分00秒，预计剩余 1分30秒"  # 60 s × 3 left ÷ 2 at once
    printed = capsys.readouterr().out
    assert "  数据有误：p2/2023（1秒）  错误：…" in printed and "  已生成：p1/2023（1分00秒）" in printed
    assert duration(3725) == "1小时02分"


def test_exit_status_says_what_failed():
    assert exit_code([_outcome("built", 1), _outcome("current", 1)]) == 0
    assert exit_code([_outcome("built", 1), _outcome("data", 1)]) == 2
    assert exit_code([_outcome("data", 1), _outcome("crashed", 1)]) == 1


def test_published_messages_name_no_path_of_the_building_machine(tmp_path):
    task = Task("p1", 2023, str(tmp_path / "proj"), str(tmp_path / "dept" / "data"), str(tmp_path / "dept" / "public"))
    line = f"{tmp_path}/dept/data/p1/2023/funding.csv：第2行；{tmp_path}/proj/build/2023/failed/01_basic.ipynb；{tmp_path}/dept/public/p1/.lock"
    assert public_paths(line, task) == "data/p1/2023/funding.csv：第2行；build/2023/failed/01_basic.ipynb；public/p1/.lock"
