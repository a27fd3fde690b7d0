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
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..analyses.calls import check_year
from ..contract.sources import available_years, input_files, rel
from ..errors import BuildError, DataError
from ..evaluation.results import Evaluation
from ..presentation.book_pages import Downloads
from ..presentation.checked_year import checked_year
from ..presentation.finding import Finding
from ..presentation.narrate import report_title
from ..presentation.review import open_findings, summary, year_findings
from . import assets, cache, faults, plan, provenance
from .names import report_file_stem
from .progress import Progress, log
from .publish import OutputFolder

if TYPE_CHECKING:
    from .execute import Job

# The modules that execute and write a book (nbformat, WeasyPrint, python-docx, altair: ~2.5 s
# of imports) are imported where a book is built, so `make book` with nothing changed stays fast.

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

    @property
    def warnings(self) -> list[str]:
        """The open findings as lines: the manifest and the PDF's document properties record them."""
        return [f.line() for f in open_findings(self.findings)]

    @property
    def workdir(self) -> Path:
        return self.opts.root / "build" / str(self.opts.year) / self.build_id

    @property
    def params(self) -> dict:
        return {"year": self.opts.year, "data_dir": data_param(self.opts), **self.opts.params}


# --------------------------------------------------------------------------- plan


def prepare(opts: Options) -> YearBuild | None:
    """Load and check the year (and every earlier year, which the appendices read); None when up to date."""
    ev = checked_year(opts.data_dir, opts.year)
    for earlier in available_years(opts.data_dir):
        if earlier < opts.year:
            checked_year(opts.data_dir, earlier)
    check_year(opts.data_dir, opts.year, opts.cache_dir)  # call records: checked (or cached) before any notebook runs
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
    params = {"year": opts.year, "data_dir": data_param(opts), **opts.params}
    key = cache.book_key(opts.root, chapters, params, opts.data_dir, opts.year, opts.pdf)
    if not opts.force and cache.published_key(opts.public / str(opts.year)) == key:
        log(f"    {opts.year}：已是最新（没有改动；--force 可强制重新生成）")
        return None
    if skipped:
        log(f"    {opts.year}：因缺少数据而略去：{'、'.join(skipped)}")
    return YearBuild(opts, ev, chapters, skipped, key, findings)


def plan_jobs(yb: YearBuild) -> None:
    """Check parameters, take verified cache hits, and list what must run."""
    opts = yb.opts
    for ch in yb.chapters:
        plan.check_parameters(ch.notebook, yb.params, opts.root)
    executed_dir = yb.workdir / "executed"
    executed_dir.mkdir(parents=True, exist_ok=True)
    (yb.workdir / "pid").write_text(str(os.getpid()), encoding="ascii")
    for ch in yb.chapters:
        key = cache.notebook_key(opts.root, ch.notebook, yb.params, opts.data_dir, opts.year)
        target = executed_dir / ch.notebook.name
        hit, damaged = (None, False) if opts.force else cache.lookup(opts.cache_dir, key)
        if damaged:
            log(f"    {opts.year} {ch.notebook.name}：缓存的执行结果已损坏，已删除并重新执行")
        if hit is not None:
            shutil.copyfile(hit, target)
            log(f"    {opts.year} {ch.notebook.name}：使用缓存（{key[:10]}）")
        else:
            from .execute import Job

            yb.jobs.append(Job(opts.year, ch, key, target, yb.params, opts.cell_timeout))
        yb.executed.append(target)


# --------------------------------------------------------------------------- assemble and publish


def finish(yb: YearBuild, out: OutputFolder, progress: Progress) -> Path:
    """Assemble, Jupyter Book, PDF, Excel and Word, then publish atomically. Returns the published folder."""
    from ..office.form_xlsx import write_form_xlsx
    from ..office.report_docx import write_report_docx
    from . import yearlist
    from .assemble import assemble
    from .jupyterbook import build_html
    from .pdf import write_pdf

    opts, ev = yb.opts, yb.ev
    stem = report_file_stem(ev.year, ev.data.project.name)
    xlsx, docx = (f"{stem}-自评表.xlsx", f"{stem}.docx") if opts.office else (None, None)
    files = Downloads(pdf=f"{stem}.pdf" if opts.pdf else None, xlsx=xlsx, docx=docx)
    stage = out.new_release(opts.year, yb.build_id)
    try:
        inputs = input_files(opts.data_dir / str(opts.year))  # the data files only: no hidden file, no link out of the data root
        man = provenance.manifest(opts.root, inputs, opts.year, yb.build_id, opts.cache_dir, opts.data_dir)
        with progress.step(f"{opts.year}：组装并生成网页（Jupyter Book）"):
            src = assemble(opts.root, ev, yb.executed, yb.workdir, man, opts.cache_dir, yb.findings, files)
            html_dir = build_html(src)
            shutil.copytree(html_dir, stage / "html")
            (stage / "notebooks").mkdir()
            for nb in yb.executed:  # the executed notebooks as run (the book's copies carry page furniture)
                shutil.copyfile(nb, stage / "notebooks" / nb.name)
        faults.point("after-html")
        if files.pdf:
            with progress.step(f"{opts.year}：生成 PDF"):
                write_pdf(ev, yb.executed, man, stage / files.pdf, yb.warnings)
            faults.point("after-pdf")
        if xlsx and docx:
            with progress.step(f"{opts.year}：生成自评表（.xlsx）和报告（.docx）"):
                write_form_xlsx(ev, stage / xlsx)
                write_report_docx(ev, yb.executed, stage / docx)
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
        with progress.step(f"{opts.year}：发布"):
            link = out.publish(opts.year, stage)
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


def build_years(all_opts: list[Options]) -> list[Path]:
    """Build several years: notebooks of all years execute together, then each book is
    assembled and published on its own (a year is published only if all of it succeeded)."""
    first = all_opts[0]
    progress = Progress()
    # the inputs and sources, and the build's own cache and work folders (which it cleans up: an output there would be deleted)
    protected = [first.data_dir, first.root / "notebooks", first.root / "book", cache.PACKAGE, first.cache_dir, first.root / "build"]
    out = OutputFolder(first.public, protected=protected)
    out.check()
    with out.lock():
        for name in out.remove_leftovers():
            log(f"    已删除中断的生成留下的文件：{name}")
        cache.remove_stale_temporaries(first.cache_dir)
        _remove_dead_workdirs(first.root)
        with progress.step(f"读取并检查 {'、'.join(rel(o.data_dir / str(o.year)) for o in all_opts)}"):  # the folders given, not data/
            builds = [b for b in (prepare(o) for o in all_opts) if b is not None]
        faults.point("after-load")
        done = [out.public / str(o.year) for o in all_opts if o.year not in {b.opts.year for b in builds}]
        if builds:
            with progress.step("执行笔记本"):
                for b in builds:
                    plan_jobs(b)
                from .execute import run_jobs

                run_jobs([j for b in builds for j in b.jobs], first.root, first.cache_dir, lambda y: first.root / "build" / str(y) / "failed", first.jobs)
            faults.point("after-execute")
            assets.vega_bundle(first.cache_dir)  # once, before the years are assembled side by side
            with ThreadPoolExecutor(max_workers=min(len(builds), first.jobs)) as pool:
                outcomes = list(pool.map(_finish_or_error, [(b, out, progress) for b in builds]))
            failed = [(b, exc) for b, exc in zip(builds, outcomes) if isinstance(exc, BaseException)]
            done += [p for p in outcomes if isinstance(p, Path)]
            if any(isinstance(p, Path) for p in outcomes):
                out.write_landing()
            if failed:
                b, exc = failed[0]
                others = [str(x.opts.year) for x, p in zip(builds, outcomes) if isinstance(p, Path)]
                note = f"；已发布：{'、'.join(others)}" if others else ""
                if isinstance(exc, DataError):
                    raise exc
                raise BuildError(f"{b.opts.year}：{exc}（该年度已发布的报告保持原样{note}）")
            log(f"已生成 {'、'.join(str(b.opts.year) for b in builds)}，用时 {progress.elapsed():.1f} 秒")
        else:
            for o in all_opts:  # nothing to do: still say where the books are
                log(f"网页：{out.public / str(o.year)}/html/index.html")
                for pdf in sorted((out.public / str(o.year)).glob("*.pdf")):
                    log(f"PDF：{pdf}")
        if not (out.public / "index.html").exists() or not (out.public / "years.js").exists():
            out.write_landing()
    log(f"全部年度：{out.public}/index.html")
    return done
