"""``selfeval build --all`` / ``--project P`` on a department's data: every project-year a task on
Dask, then the department's pages.

1. the data folder's projects are read and checked (ids, links, years: one-line errors before
   anything runs), the output folder is checked and locked (one department build at a time;
   each task also takes its project's own lock when it publishes);
2. the cluster: this machine's (default) or ``--scheduler``'s, whose workers must see the same
   folders and code (:mod:`.shared`);
3. one task per project-year (:mod:`.tasks`), the years of all projects interleaved so that two
   years of one project rarely wait for each other's lock; the console shows each end and the
   progress over all (:mod:`.progress`);
4. whatever failed — bad data, a failed step, a worker that died — is that project-year's
   one-line error; the others are published all the same. Then the landing page and the
   roll-ups are written (:mod:`.pages`), and the exit status says whether anything failed:
   0 all built, 2 only bad data, 1 a step or a worker failed.
"""

from __future__ import annotations

import sys
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path

from ..bookbuild import cache
from ..bookbuild.progress import log
from ..bookbuild.publish import OutputFolder
from ..contract.projects import ProjectFolder, department_projects, is_year_name
from ..contract.raw import rel
from ..errors import ERROR_MARK, DataError, one_line
from .progress import HEARTBEAT, Tracker, duration
from .tasks import EVENTS, Outcome, Task, run_task

LOG_DIR = Path("build") / "department"  # in the project checkout: the workers' and each task's log


@dataclass
class DepartmentOptions:
    root: Path
    data: Path
    public: Path
    projects: list[str] | None = None  # None: every project
    years: list[int] | None = None  # None: every year of each project
    force: bool = False
    pdf: bool = True
    strict: bool = False
    params: dict = field(default_factory=dict)
    scheduler: str | None = None
    workers: int | None = None

    @property
    def log_dir(self) -> Path:
        return self.root / LOG_DIR


def selected(opts: DepartmentOptions, projects: list[ProjectFolder]) -> list[ProjectFolder]:
    """The projects and years to build (each project with only the asked years it has)."""
    by_id = {p.id: p for p in projects}
    chosen = [by_id[p] for p in opts.projects] if opts.projects is not None else projects
    if opts.years is None:
        return chosen
    out = [replace(p, years=tuple(y for y in p.years if y in opts.years)) for p in chosen]
    if not any(p.years for p in out):
        asked = "、".join(map(str, opts.years))
        have = "、".join(sorted({str(y) for p in chosen for y in p.years}))
        raise DataError(rel(opts.data), "", f"所选项目没有{asked}年度的数据", f"现有年度：{have}")
    return [p for p in out if p.years]


def check_output(out: OutputFolder) -> None:
    """A department's output folder holds projects' folders, never a single project's published years."""
    out.check()
    years = sorted(p.name for p in out.public.iterdir() if is_year_name(p.name)) if out.public.is_dir() else []
    if years:
        raise DataError(
            str(out.public),
            "--out",
            f"已有单项目布局发布的年度 {years[0]}/，不能再发布多项目的报告",
            "换一个 --out；或先把该文件夹中的年度报告移走",
        )


def _crash_outcome(task: Task, exc: BaseException) -> Outcome:
    name = type(exc).__name__
    if name == "KilledWorker":
        problem = "生成时工作进程意外退出（换一个工作进程重试后仍然如此）"
        fix = f"多为内存不足或程序崩溃；查看工作进程的日志（本机集群：项目检出目录的 {LOG_DIR}/），修正后重新生成"
        return Outcome(task.project, task.year, "crashed", f"{ERROR_MARK}{task.name}：{problem}——修改：{fix}")
    return Outcome(task.project, task.year, "build", ERROR_MARK + one_line(f"{task.name}：意外错误 {name}：{exc}"))


def _threads(client) -> int:
    """Tasks the cluster runs at once now: the threads of its live workers (at least one)."""
    return max(1, sum(int(w.get("nthreads", 1)) for w in client.scheduler_info()["workers"].values()))


def run_tasks(client, tasks: list[Task], tracker: Tracker) -> list[Outcome]:
    """Run every task, collect every outcome (never an exception), printing progress.

    Tasks are handed to the scheduler only as threads free up, never queued behind one another on a
    worker: when a task kills its worker, Dask holds every task waiting on that worker suspect too,
    and after two such deaths would fail them all. So a crash takes down its own project-year, and
    nothing queued beside it.
    """
    from distributed import wait

    run = uuid.uuid4().hex[:8]
    queue = list(tasks)
    running: dict = {}
    outcomes: list[Outcome] = []
    while queue or running:
        while queue and len(running) < _threads(client):
            task = queue.pop(0)
            running[client.submit(run_task, task, key=f"selfeval-{task.project}-{task.year}-{run}", pure=False, retries=0)] = task
        try:
            done, _ = wait(list(running), timeout=HEARTBEAT, return_when="FIRST_COMPLETED")
        except TimeoutError:
            tracker.heartbeat()
            continue
        for future in sorted(done, key=lambda f: running[f].name):
            task = running.pop(future)
            try:
                outcome = future.result()
            except Exception as exc:  # the worker died (KilledWorker), or the task could not be sent
                outcome = _crash_outcome(task, exc)
            outcomes.append(outcome)
            tracker.finish(outcome)
            future.release()
    return outcomes


def _write_logs(log_dir: Path, outcomes: list[Outcome]) -> None:
    for o in outcomes:
        if o.log:
            path = log_dir / o.project / f"{o.year}.log"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(o.log, encoding="utf-8")


def exit_code(outcomes: list[Outcome]) -> int:
    failed = [o for o in outcomes if o.failed]
    if not failed:
        return 0
    return 2 if all(o.status == "data" for o in failed) else 1


def build_department(opts: DepartmentOptions) -> int:
    from .cluster import open_cluster  # Dask: ~1 s of imports, department builds only
    from .pages import write_pages
    from .shared import check_workers

    projects = department_projects(opts.data)
    chosen = selected(opts, projects)
    tasks = sorted(
        (
            Task(p.id, y, str(opts.root), str(opts.data), str(opts.public), opts.force, opts.pdf, opts.strict, dict(opts.params))
            for p in chosen
            for y in p.years
        ),
        key=lambda t: (t.year, t.project),
    )
    protected = [opts.data, opts.root / "notebooks", opts.root / "book", cache.PACKAGE, opts.root / ".cache", opts.root / "build"]
    out = OutputFolder(opts.public, protected=protected)
    check_output(out)
    started, since = time.monotonic(), time.time()
    with out.lock():
        for name in out.remove_leftovers():
            log(f"    已删除中断的生成留下的文件：{name}")
        log(f"[部门] {len(chosen)}个项目、{len(tasks)}个项目年度（数据 {rel(opts.data)}，发布到 {opts.public}）")
        with open_cluster(opts.scheduler, len(tasks), opts.log_dir, opts.workers) as (client, where):
            views = check_workers(client, opts.data, opts.public, opts.root)
            hosts = Counter(view["host"] for view in views.values())
            log(f"    {where}，工作进程{len(views)}个，分布在{len(hosts)}台主机")
            tracker = Tracker(len(tasks), slots=_threads(client))
            client.subscribe_topic(EVENTS, lambda event: tracker.start(str(event[1].get("task", ""))))
            try:
                outcomes = run_tasks(client, [replace(t, workers_per_host=dict(hosts), since=since) for t in tasks], tracker)
            finally:
                client.unsubscribe_topic(EVENTS)
        _write_logs(opts.log_dir, outcomes)
        log("[部门] 写入部门项目绩效自评汇总与部门整体支出绩效自评")
        pages = write_pages(out, projects, outcomes, pdf=opts.pdf)
    failed = [o for o in outcomes if o.failed]
    built = sum(o.status == "built" for o in outcomes)
    current = len(tasks) - built - len(failed)
    log(f"[部门] 完成：{len(tasks)}个项目年度，生成{built}个，已是最新{current}个，失败{len(failed)}个，用时 {duration(time.monotonic() - started)}")
    for o in failed:
        log(f"    失败：{o.project}/{o.year}：{o.error}")
    for year, (html, pdf) in sorted(pages.rollups.items()):
        log(f"部门整体支出绩效自评（{year}年度）：{html}" + (f"；PDF：{pdf}" if pdf else ""))
    log(f"部门项目绩效自评汇总：{pages.landing}")
    if failed:  # one line on stderr, as every failing command ends
        names = "、".join(f"{o.project}/{o.year}" for o in failed[:5]) + ("等" if len(failed) > 5 else "")
        print(f"{ERROR_MARK}{len(tasks)}个项目年度中{len(failed)}个未能生成：{names}——修改：按上面各行的提示改正后重新生成；其余的已发布", file=sys.stderr)
    return exit_code(outcomes)
