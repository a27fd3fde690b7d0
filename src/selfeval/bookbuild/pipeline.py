"""``selfeval build``: plan → execute → assemble → publish, for one or more fiscal years.

1. plan: load and check the year and every earlier year (one-line DataError, nothing
   published), check each notebook's ``parameters`` cell, take cached executions;
2. execute: the remaining notebooks of all years, in parallel (:mod:`.execute`);
3. assemble: the year's Jupyter Book folder (:mod:`.assemble`), the HTML (:mod:`.jupyterbook`)
   and the PDF (:mod:`.pdf`) into a partial release;
4. publish: the release replaces the year's book atomically (:mod:`.publish`), then the
   landing page is rewritten. A failure anywhere leaves the published book as it was.
"""

from __future__ import annotations

import json
import os
import shutil
import time
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import BuildError, DataError
from . import cache, children, faults, stamp
from .progress import Progress, log
from .publish import OutputFolder

if TYPE_CHECKING:
    from ..evaluation.results import Evaluation
    from ..presentation.finding import Finding
    from . import plan
    from .execute import Job, KernelAhead
    from .jupyterbook import JupyterBook
    from .pdf import PdfProcess

# Modules are imported where they are needed: loading a year (pydantic models: 0.3 s) where a
# year is loaded, and executing and writing a book (papermill, WeasyPrint, python-docx: ~1.5 s)
# where a book is built, so that `make book` with nothing changed (answered by the stamp,
# :mod:`.stamp`) imports neither and takes about 0.1 s.

DEFAULT_CELL_TIMEOUT = 600


@dataclass
class Options:
    root: Path
    year: int
    data_dir: Path
    public: Path
    force: bool = False
    pdf: bool = True
    jobs: int = max(1, os.cpu_count() or 1)
    params: dict = field(default_factory=dict)
    cell_timeout: int = DEFAULT_CELL_TIMEOUT
    strict: bool = False  # any warning fails the build
    office: bool = True  # the .xlsx form and the .docx report (the preview leaves them out)
    in_department: bool = False  # one project of a department (public/<project>/): its landing page links up to the department's

    @property
    def cache_dir(self) -> Path:
        return self.root / ".cache"


def data_param(opts: Options) -> str:
    """The data folder as notebooks get it (they run in the project folder): relative to the
    project when inside it, so no machine path reaches the published notebooks or the cache keys."""
    data = Path(opts.data_dir)
    root = Path(opts.root)
    if data.is_absolute() and root.is_absolute() and data.is_relative_to(root):
        return data.relative_to(root).as_posix()
    return str(data)


@dataclass
class YearBuild:
    opts: Options
    ev: Evaluation
    chapters: list[plan.Chapter]
    skipped: list[str]
    book_key: str
    findings: list[Finding]  # 复核提示: every review finding, accepted ones with their reason
    build_id: str = field(default_factory=lambda: uuid.uuid4().hex[:12])
    executed: list[Path] = field(default_factory=list)
    jobs: list[Job] = field(default_factory=list)
    html: JupyterBook | None = None  # processes started ahead (:class:`Ahead`), while the notebooks run
    pdf: PdfProcess | None = None
    kernels: list[KernelAhead] = field(default_factory=list)  # chapter kernels started ahead (:func:`_kernels_ahead`), until run_jobs takes them

    def stop_processes(self) -> None:
        for process in (*self.kernels, self.html, self.pdf):
            if process is not None:
                process.stop()

    @property
    def warnings(self) -> list[str]:
        """The open findings as lines: the manifest and the PDF's document properties record them."""
        from ..presentation.review import open_findings

        return [f.line() for f in open_findings(self.findings)]

    @property
    def workdir(self) -> Path:
        return workdir_of(self.opts, self.build_id)

    @property
    def params(self) -> dict:
        return year_params(self.opts)


def workdir_of(opts: Options, build_id: str) -> Path:
    """A year build's work folder (removed when it ends; a killed build's by the next, :func:`_remove_dead_workdirs`)."""
    return opts.root / "build" / str(opts.year) / build_id


def year_params(opts: Options) -> dict:
    """The parameters every chapter of the year gets."""
    return {"year": opts.year, "data_dir": data_param(opts), **opts.params}


# --------------------------------------------------------------------------- plan


def _stamp_options(opts: Options) -> dict:
    """The build options a book's key covers (and --strict, which can refuse a book the key accepts)."""
    return {"data": str(opts.data_dir), "params": opts.params, "pdf": opts.pdf, "office": opts.office, "strict": opts.strict}


def stamped(opts: Options) -> bool:
    """Up to date by the stamp (:mod:`.stamp`): nothing loaded. Repeats the published book's warnings."""
    if opts.force or not stamp.up_to_date(opts.root, opts.data_dir, opts.year, opts.public, _stamp_options(opts), opts.cache_dir):
        return False
    for w in cache.published_warnings(opts.public / str(opts.year)):
        log(f"    复核提示：{w}")
    log(f"    {opts.year}：已是最新（没有改动；--force 可强制重新生成）")
    return True


def prepare(opts: Options, kernel_wanted: bool = True) -> YearBuild | None:
    """Load and check the year (and every earlier year, which the appendices read); None when up to date.

    The year's Jupyter Book process starts before its data is loaded (its import is the longest
    wait of a build with no notebook to run), except for a year with call records: it and the PDF
    process start once the records are aggregated, whose peak of memory (DuckDB) they would add to
    (started before the data is loaded too, the PDF process made both a cold build and a prose
    edit slower: 6.17 s against 5.78 s, 3.21 s against 3.00 s).
    The chapter kernels (one per lane) start too, when a chapter will run (``kernel_wanted``: the
    build has none started yet; :func:`_kernels_ahead`): before the data is loaded when a chapter
    that every year runs is not cached (a cold build, a data or code edit), as the Jupyter Book
    process does; else once the data is loaded and the year's chapters are known. With kernels, the
    PDF process starts later (:func:`_execute_and_publish`). A refused year stops what it started."""
    calls = _has_call_records(opts)
    early = None if calls else _jupyter_book(opts)
    build_id = uuid.uuid4().hex[:12]
    kernels: list[KernelAhead] = []
    try:
        if kernel_wanted and not calls:
            kernels = _kernels_ahead(opts, None, build_id)
        ev = _loaded(opts)
        if kernel_wanted and not kernels:
            kernels = _kernels_ahead(opts, ev, build_id)
    except BaseException:
        for process in (*kernels, early):
            if process is not None:
                process.stop()
        shutil.rmtree(workdir_of(opts, build_id), ignore_errors=True)
        raise
    ahead = Ahead.start(opts, early, pdf=not kernels)  # with kernels: once they are ready, or once one has ended
    ahead.kernels = kernels
    try:
        yb = _reviewed_and_keyed(opts, ev, build_id)
    except BaseException:
        ahead.stop()
        shutil.rmtree(workdir_of(opts, build_id), ignore_errors=True)
        raise
    if yb is None:
        ahead.stop()
        shutil.rmtree(workdir_of(opts, build_id), ignore_errors=True)
    else:
        yb.html, yb.pdf, yb.kernels = ahead.html, ahead.pdf, ahead.kernels
    return yb


def _kernels_ahead(opts: Options, ev: Evaluation | None, build_id: str) -> list[KernelAhead]:
    """The chapter kernels (one per lane, :func:`.execute.lanes_for`) started now, when a chapter of
    the year is not in the cache (a data edit, a code edit, a cold build; not a Markdown-only edit):
    they start and import the package while this process loads, checks and plans
    (:class:`.execute.KernelAhead`).

    ``ev`` None: before the data is loaded, so only the chapters that every year runs (no
    ``requires``) are looked at, and anything unexpected (a data file the loader will refuse, a
    broken chapters.yml) means no kernel yet: the loader and the plan report it, as without one."""
    from . import plan

    params = year_params(opts)
    try:
        chapters = plan.read_plan(opts.root)
        chapters = [c for c in chapters if c.requires is None] if ev is None else plan.chapters_for(ev, chapters)
        keys = [cache.notebook_key(opts.root, ch.notebook, params, opts.data_dir, opts.year) for ch in chapters]
    except Exception:
        if ev is not None:
            raise
        return []
    if not chapters or (not opts.force and all(cache.cached(opts.cache_dir, key) for key in keys)):
        return []
    from .execute import KernelAhead, kernel_env, lanes_for
    from .kernels import chapter_imports

    workdir = workdir_of(opts, build_id)
    workdir.mkdir(parents=True, exist_ok=True)
    (workdir / "pid").write_text(str(os.getpid()), encoding="ascii")
    warm = chapter_imports([ch.notebook for ch in chapters])
    return [KernelAhead(opts.root, kernel_env(), workdir, warm) for _ in range(lanes_for(len(chapters), kernel_slots(opts)))]


def kernel_slots(opts: Options) -> int:
    """Kernels at once for the year: ``--jobs`` (the cores), but one for a year with call records:
    DuckDB in this process and the records' analysis in each kernel add ~50 MB to each, and with
    two kernels the peak of 11.67 M records' first build was 625 MB (the target is 600)."""
    return 1 if _has_call_records(opts) else opts.jobs


def _has_call_records(opts: Options) -> bool:
    """Whether the year's calls/ folder holds a file (names only; the loader checks and reports the rest)."""
    from ..contract.sources import CALLS_DIR

    try:
        return any(not p.name.startswith(".") for p in (Path(opts.data_dir) / str(opts.year) / CALLS_DIR).iterdir())
    except OSError:  # none, not a folder, unreadable
        return False


def _loaded(opts: Options) -> Evaluation:
    """The year and every earlier year loaded and checked, and its call records aggregated (or cached)."""
    from ..analyses.calls import check_year
    from ..contract.sources import available_years
    from ..presentation.checked_year import checked_year

    ev = checked_year(opts.data_dir, opts.year)
    for earlier in available_years(opts.data_dir):
        if earlier < opts.year:
            checked_year(opts.data_dir, earlier)
    check_year(opts.data_dir, opts.year, opts.cache_dir)  # call records: checked (or cached) before any notebook runs
    return ev


def _reviewed_and_keyed(opts: Options, ev: Evaluation, build_id: str) -> YearBuild | None:
    """The review findings (--strict refuses a year with open ones) and the book's key (None when the published book has it)."""
    from ..contract.sources import rel
    from ..presentation.review import open_findings, summary, year_findings
    from . import plan

    findings = year_findings(ev)
    pending = open_findings(findings)
    for f in pending:
        log(f"    {f.severity}：{f.line()}")
    data_arg = f" --data {rel(opts.data_dir)}" if rel(opts.data_dir) != "data" else ""  # the command as the analyst would type it
    log(f"    {summary(opts.year, findings)}（selfeval check --year {opts.year}{data_arg} 列出全部；书中“复核提示”页）")
    if pending and opts.strict:
        raise DataError(
            rel(Path(opts.data_dir) / str(opts.year)),
            "",
            f"复核提示{len(pending)}条待处理，--strict 不予发布",
            "逐条处理；确属如此的，在 review.yaml（复核记录）中接受并写明理由（见 data/README.md“复核提示”）",
        )
    chapters_all = plan.read_plan(opts.root)
    chapters = plan.chapters_for(ev, chapters_all)
    skipped = [c.name for c in chapters_all if c not in chapters]
    key = cache.book_key(opts.root, chapters_all, year_params(opts), opts.data_dir, opts.year, opts.pdf)  # all listed chapters: known before loading
    if not opts.force and cache.published_key(opts.public / str(opts.year)) == key:
        log(f"    {opts.year}：已是最新（没有改动；--force 可强制重新生成）")
        stamp.write(opts.root, opts.data_dir, opts.year, opts.public, _stamp_options(opts), opts.cache_dir, key)
        return None
    if skipped:
        log(f"    {opts.year}：因缺少数据而略去：{'、'.join(skipped)}")
    return YearBuild(opts, ev, chapters, skipped, key, findings, build_id)


def plan_jobs(yb: YearBuild) -> None:
    """Take verified cache hits; check the parameters of what must run (before any kernel starts) and list it.

    A cached execution had its parameters checked when it ran: its key covers the same code and parameters."""
    from . import plan

    opts = yb.opts
    executed_dir = yb.workdir / "executed"
    executed_dir.mkdir(parents=True, exist_ok=True)
    (yb.workdir / "pid").write_text(str(os.getpid()), encoding="ascii")
    for ch in yb.chapters:
        key = cache.notebook_key(opts.root, ch.notebook, yb.params, opts.data_dir, opts.year)
        target = executed_dir / ch.notebook.name
        hit, damaged = (None, False) if opts.force else cache.lookup(opts.cache_dir, key)
        if damaged:
            log(f"    {opts.year} {ch.notebook.name}：缓存的执行结果已损坏，已删除并重新执行")
        if hit is not None and cache.reuse(hit, ch.notebook, target):
            log(f"    {opts.year} {ch.notebook.name}：使用缓存（{key[:10]}）")
        else:
            from .execute import Job

            plan.check_parameters(ch.notebook, yb.params, opts.root)
            yb.jobs.append(Job(opts.year, ch, key, target, yb.params, opts.cell_timeout))
        yb.executed.append(target)


# --------------------------------------------------------------------------- assemble and publish


def finish(yb: YearBuild, out: OutputFolder, progress: Progress) -> Path:
    """Assemble, Jupyter Book, PDF, Excel and Word, then publish atomically. Returns the published folder."""
    from ..contract.sources import input_files
    from ..presentation.book_pages import Downloads
    from ..presentation.narrate import report_title
    from . import provenance
    from .assemble import assemble
    from .names import report_file_stem

    opts, ev = yb.opts, yb.ev
    stem = report_file_stem(ev.year, ev.data.project.name)
    xlsx, docx = (f"{stem}-自评表.xlsx", f"{stem}.docx") if opts.office else (None, None)
    files = Downloads(pdf=f"{stem}.pdf" if opts.pdf else None, xlsx=xlsx, docx=docx)
    stage = out.new_release(opts.year, yb.build_id)
    try:
        inputs = input_files(opts.data_dir / str(opts.year))  # the data files only: no hidden file, no link out of the data root
        man = provenance.manifest(opts.root, inputs, opts.year, yb.build_id, opts.cache_dir, opts.data_dir)
        made = "、".join(["网页", *(["PDF"] if files.pdf else []), *(["自评表和报告"] if xlsx and docx else [])])
        with progress.step(f"{opts.year}：生成{made}"):  # the HTML and the PDF in their processes, at once
            from .pdf import PdfProcess, document

            html = yb.html or _jupyter_book(opts)
            rendering = (yb.pdf or PdfProcess()) if files.pdf else None
            try:
                if rendering is not None and files.pdf:  # first: the longest of the three
                    printed = yb.workdir / "print.html"
                    printed.write_text(document(ev, yb.executed, man, yb.warnings), encoding="utf-8")
                    rendering.render(printed, stage / files.pdf)
                html.build(assemble(opts.root, ev, yb.executed, yb.workdir, man, opts.cache_dir, yb.findings, files))
                if xlsx and docx:
                    from ..office.form_xlsx import write_form_xlsx
                    from ..office.report_docx import write_report_docx

                    write_form_xlsx(ev, stage / xlsx)
                    write_report_docx(ev, yb.executed, stage / docx)
                if rendering is not None:
                    rendering.wait()
                    faults.point("after-pdf")
                html_dir = html.wait()
            finally:
                html.stop()
                if rendering is not None:
                    rendering.stop()
            shutil.copytree(html_dir, stage / "html")
            (stage / "notebooks").mkdir()
            for nb in yb.executed:  # the executed notebooks as run (the book's copies carry page furniture)
                shutil.copyfile(nb, stage / "notebooks" / nb.name)
        faults.point("after-html")
        from . import yearlist

        man.update(
            title=report_title(ev),
            total=str(ev.total),
            grade=ev.grade,
            pdf=files.pdf,
            xlsx=files.xlsx,
            docx=files.docx,
            book_key=yb.book_key,
            warnings=yb.warnings,
        )
        man.update(review=review_counts(yb.findings))
        man.update(yearlist.manifest_fields(ev, stage / "html"))  # the landing card, trend points and pages for the year switchers
        (stage / "manifest.json").write_text(json.dumps(man, ensure_ascii=False, indent=2), encoding="utf-8")
        if children.stopping.is_set():  # SIGTERM or Ctrl-C while this year was being finished
            raise BuildError("已中断")
        with progress.step(f"{opts.year}：发布"):
            link = out.publish(opts.year, stage)
        stamp.write(opts.root, opts.data_dir, opts.year, opts.public, _stamp_options(opts), opts.cache_dir, yb.book_key)
    except BaseException:
        out.discard(stage)
        raise
    finally:
        shutil.rmtree(yb.workdir, ignore_errors=True)
    log(f"网页：{link}/html/index.html")
    if files.pdf:
        log(f"PDF：{link}/{files.pdf}")
    else:
        log(f"PDF：本次未生成（--no-pdf；{opts.year}年度先前的 PDF 不再发布）")
    if files.xlsx and files.docx:
        log(f"自评表（Excel）：{link}/{files.xlsx}")
        log(f"报告（Word）：{link}/{files.docx}")
    return link


def review_counts(findings: list[Finding]) -> dict:
    """The 复核提示 counts a landing card shows: open and accepted findings; and the open ones by
    审核要点, which a department's roll-up adds up over its projects."""
    from ..presentation.review import open_findings

    pending = open_findings(findings)
    by_check: dict[str, int] = {}
    for f in pending:
        by_check[f.check] = by_check.get(f.check, 0) + 1
    return {"open": len(pending), "accepted": len(findings) - len(pending), "open_checks": by_check}


def _finish_or_error(args: tuple[YearBuild, OutputFolder, Progress]) -> Path | BaseException:
    try:
        return finish(*args)
    except (BuildError, DataError) as exc:  # reported per year by build_years
        return exc
    except Exception as exc:
        return BuildError(f"意外错误 {type(exc).__name__}：{exc}")


def _remove_dead_workdirs(root: Path) -> None:
    """build/<year>/<id> folders of builds that were killed (their pid is gone)."""
    for pidfile in (root / "build").glob("*/*/pid"):
        try:
            os.kill(int(pidfile.read_text(encoding="ascii")), 0)
            alive = True
        except (ValueError, OSError):
            alive = False
        if not alive:
            shutil.rmtree(pidfile.parent, ignore_errors=True)


@contextmanager
def _chart_cache(opts: Options) -> Iterator[None]:
    """Chart images drawn once per distinct input (:mod:`selfeval.presentation.chart_images`), for this
    process and the kernels it starts, while the build runs; with --force, only those drawn by this build."""
    from ..presentation.chart_images import CACHE_ENV, SINCE_ENV

    before = {name: os.environ.pop(name, None) for name in (CACHE_ENV, SINCE_ENV)}
    os.environ[CACHE_ENV] = str(opts.cache_dir / "charts")
    if opts.force:
        os.environ[SINCE_ENV] = str(time.time_ns())
    try:
        yield
    finally:
        for name, value in before.items():
            os.environ.pop(name, None)
            if value is not None:
                os.environ[name] = value


def _jupyter_book(opts: Options) -> JupyterBook:
    from .jupyterbook import JupyterBook

    return JupyterBook(opts.root / "_config.yml")


def _import_writers(office: bool, cache_dir: Path) -> None:
    """What writes a book here (~0.5 s of imports), imported while the kernels run the chapters,
    and the vega bundle the books ship (made in 1.7 s when neither this project nor this Python
    environment has it yet)."""
    from . import assemble, assets, pdf  # noqa: F401

    if office:
        from ..office import form_xlsx, report_docx  # noqa: F401
    assets.vega_bundle(cache_dir)


def _draw_charts(job: Job, office_years: set[int]) -> None:
    """A chapter's chart pictures for the Word report, drawn as soon as the chapter is executed
    (not for a year built without its Word report: the preview)."""
    if job.year in office_years:
        from ..office.report_docx import draw_charts

        draw_charts(job.target)


@dataclass
class Ahead:
    """A year's Jupyter Book and PDF processes, started as soon as its data is loaded and valid
    (:func:`prepare`): they import (Jupyter Book and Sphinx 1.2 s of CPU, WeasyPrint 0.6 s) while
    this process checks the rest and runs the notebooks, so that even a build with no notebook to
    run (a prose edit) finds them ready; and the chapter kernel started ahead, if any. A year that
    turns out to be up to date, or refused, stops them."""

    html: JupyterBook
    pdf: PdfProcess | None
    kernels: list[KernelAhead] = field(default_factory=list)

    @classmethod
    def start(cls, opts: Options, html: JupyterBook | None = None, pdf: bool = True) -> Ahead:
        """The year's processes; ``html``: its Jupyter Book process when already started."""
        from .pdf import PdfProcess

        return cls(html or _jupyter_book(opts), PdfProcess() if opts.pdf and pdf else None)

    def stop(self) -> None:
        for process in (*self.kernels, self.html, self.pdf):
            if process is not None:
                process.stop()


def _execute_and_publish(builds: list[YearBuild], out: OutputFolder, progress: Progress) -> list[Path]:
    """The notebooks of every year together, then each year's book on its own (side by side).

    Meanwhile: each year's Jupyter Book and PDF processes (started ahead) import; this process
    imports what writes the books and draws the Word report's charts as chapters finish."""
    first = builds[0].opts
    with progress.step("执行笔记本"):
        for b in builds:
            plan_jobs(b)
        from .execute import run_jobs

        jobs = [j for b in builds for j in b.jobs]
        office = {b.opts.year for b in builds if b.opts.office}
        failed_dir = lambda y: first.root / "build" / str(y) / "failed"  # noqa: E731
        ahead = [k for b in builds for k in b.kernels]

        def start_pdf() -> None:
            from .pdf import PdfProcess

            for b in builds:
                if b.opts.pdf and b.pdf is None:
                    b.pdf = PdfProcess()

        def meanwhile() -> None:
            """While the chapters run: the PDF processes not started yet (:func:`prepare`), once
            the kernel has started (their import would slow its start, the most crowded second of
            a cold build); with two kernels or more, once one of them has ended (:func:`run_jobs`'s
            ``on_lane_end``: with both kernels and the PDF process, the peak of memory passed
            600 MB). Then the writers' imports."""
            if len(ahead) == 1:
                ahead[0].ready.wait()
            if len(ahead) <= 1:
                start_pdf()
            _import_writers(bool(office), first.cache_dir)

        for b in builds:
            b.kernels = []  # run_jobs runs them, or stops them
        on_done = lambda job: _draw_charts(job, office)  # noqa: E731
        slots = min(kernel_slots(b.opts) for b in builds)
        run_jobs(jobs, first.root, first.cache_dir, failed_dir, slots, meanwhile, on_done, ahead, on_lane_end=start_pdf)
    faults.point("after-execute")
    from . import assets

    assets.vega_bundle(first.cache_dir)  # once, before the years are assembled side by side (made meanwhile unless it failed)
    with ThreadPoolExecutor(max_workers=min(len(builds), first.jobs)) as pool:
        outcomes = list(pool.map(_finish_or_error, [(b, out, progress) for b in builds]))
    failed = [(b, exc) for b, exc in zip(builds, outcomes) if isinstance(exc, BaseException)]
    if any(isinstance(p, Path) for p in outcomes):
        out.write_landing()
    if failed:
        b, exc = failed[0]
        others = [str(x.opts.year) for x, p in zip(builds, outcomes) if isinstance(p, Path)]
        note = f"；已发布：{'、'.join(others)}" if others else ""
        if isinstance(exc, DataError):
            raise exc
        raise BuildError(f"{b.opts.year}：{exc}（该年度已发布的报告保持原样{note}）")
    log(f"已生成 {'、'.join(str(b.opts.year) for b in builds)}，用时 {progress.elapsed():.1f} 秒（CPU {progress.cpu():.1f} 秒）")
    return [p for p in outcomes if isinstance(p, Path)]


def build_years(all_opts: list[Options]) -> list[Path]:
    """Build several years: notebooks of all years execute together, then each book is
    assembled and published on its own (a year is published only if all of it succeeded)."""
    first = all_opts[0]
    progress = Progress()
    # the inputs and sources, and the build's own cache and work folders (which it cleans up: an output there would be deleted)
    protected = [first.data_dir, first.root / "notebooks", first.root / "book", cache.PACKAGE, first.cache_dir, first.root / "build"]
    out = OutputFolder(first.public, protected=protected, in_department=first.in_department)
    out.check()
    with children.signals_end_children(), out.lock():
        for name in out.remove_leftovers():
            log(f"    已删除中断的生成留下的文件：{name}")
        cache.remove_stale_temporaries(first.cache_dir)
        _remove_dead_workdirs(first.root)
        from ..contract.sources import rel

        builds: list[YearBuild] = []
        try:
            with _chart_cache(first):  # (a kernel started ahead gets it too)
                with progress.step(f"读取并检查 {'、'.join(rel(o.data_dir / str(o.year)) for o in all_opts)}"):  # the folders given, not data/
                    for o in all_opts:
                        b = None if stamped(o) else prepare(o, kernel_wanted=not any(x.kernels for x in builds))
                        if b is not None:
                            builds.append(b)
                faults.point("after-load")
                done = [out.public / str(o.year) for o in all_opts if o.year not in {b.opts.year for b in builds}]
                if builds:
                    done += _execute_and_publish(builds, out, progress)
            if not builds:
                for o in all_opts:  # nothing to do: still say where the books are
                    log(f"网页：{out.public / str(o.year)}/html/index.html")
                    for pdf in sorted((out.public / str(o.year)).glob("*.pdf")):
                        log(f"PDF：{pdf}")
        finally:
            for b in builds:  # (already stopped once the books are made; here when another year was refused)
                b.stop_processes()
        if not (out.public / "index.html").exists() or not (out.public / "years.js").exists():
            out.write_landing()
    log(f"全部年度：{out.public}/index.html")
    return done
