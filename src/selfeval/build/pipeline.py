"""``selfeval build``: data/<year> → papermill → Jupyter Book HTML → PDF → atomic publish.

Steps (each printed as it runs):
1. load and check the year's data (one-line DataError on bad input, nothing published);
2. check every notebook's ``parameters`` cell, then execute the notebooks with papermill,
   in parallel, reusing cached executions whose inputs are unchanged (:mod:`selfeval.cache`);
3. assemble the year's book folder (intro, executed notebooks, provenance appendix, static
   files) and run Jupyter Book for the HTML, then render the PDF (:mod:`selfeval.pdf`);
4. publish: only when everything succeeded, ``public/<year>`` is switched to the new build
   with one atomic rename of a symlink; a failed build leaves the last good book as it was.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
import uuid
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from threading import Lock
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from . import cache, plan, provenance
from ..errors import BuildError
from ..evaluation.results import Evaluation


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


def log(msg: str) -> None:
    print(msg, flush=True)


class Step:
    """Prints '[n] what ... 1.23 s' so the analyst sees progress and where time goes."""

    count = 0

    def __init__(self, what: str):
        Step.count += 1
        self.what, self.n = what, Step.count

    def __enter__(self) -> "Step":
        self.t = time.perf_counter()
        log(f"[{self.n}] {self.what} ...")
        return self

    def __exit__(self, *exc) -> None:
        if exc[0] is None:
            log(f"    done in {time.perf_counter() - self.t:.2f} s")


KERNEL_START_ATTEMPTS = 3


def _execute_one(job: tuple[str, str, dict, str]) -> tuple[str, float, str | None]:
    """Run one notebook with papermill in this worker process; return (name, seconds, error)."""
    src, out, params, cwd = job
    import papermill as pm

    # Kernels inherit this process's stderr; their transport chatter goes to a log, not the console.
    log_path = Path(out).with_suffix(".kernel.log")
    fd = os.open(log_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    os.dup2(fd, 2)
    os.close(fd)

    t = time.perf_counter()
    try:
        for attempt in range(1, KERNEL_START_ATTEMPTS + 1):
            try:
                pm.execute_notebook(src, out, parameters=params, cwd=cwd, progress_bar=False, log_output=False, kernel_name="python3", language="python", report_mode=False)
                break
            except RuntimeError as exc:
                # Two kernels starting at once can race for the same TCP ports (jupyter_client picks
                # free ports, then binds them later); the kernel then dies before it answers. That is
                # not the notebook's fault: start it again. A failing cell is never retried.
                if "Kernel died before replying" not in str(exc) or attempt == KERNEL_START_ATTEMPTS:
                    raise
    except pm.PapermillExecutionError as exc:
        src_line = exc.source.strip().splitlines()[-1] if exc.source.strip() else ""
        # papermill numbers cells of the executed copy, which has its injected-parameters cell;
        # the analyst needs the position in the source notebook, counted from 1 as in Jupyter.
        position = exc.cell_index + 1 - (1 if exc.cell_index > _injected_index(out) >= 0 else 0)
        evalue = str(exc.evalue).splitlines()[0] if exc.evalue else ""
        return out, time.perf_counter() - t, f"cell {position} (`{src_line[:80]}`): {exc.ename}: {evalue}"
    except Exception as exc:  # kernel died, bad notebook JSON, ...
        return out, time.perf_counter() - t, f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}"
    return out, time.perf_counter() - t, None


def _injected_index(path: str) -> int:
    import nbformat

    try:
        nb = nbformat.read(path, as_version=4)
    except Exception:
        return -1
    for i, c in enumerate(nb.cells):
        if "injected-parameters" in c.get("metadata", {}).get("tags", []):
            return i
    return -1


@dataclass
class Job:
    """One notebook of one year to execute (or to take from the cache)."""

    year: int
    chapter: plan.Chapter
    key: str
    target: Path
    params: dict


@dataclass
class YearBuild:
    opts: Options
    ev: Evaluation
    chapters: list[plan.Chapter]
    skipped: list[str]
    book_key: str
    build_id: str = field(default_factory=lambda: uuid.uuid4().hex[:12])
    executed: list[Path] = field(default_factory=list)
    jobs: list[Job] = field(default_factory=list)

    @property
    def workdir(self) -> Path:
        return self.opts.root / "build" / str(self.opts.year) / self.build_id

    @property
    def params(self) -> dict:
        return {"year": self.opts.year, "data_dir": str(self.opts.data_dir), **self.opts.params}


def prepare(opts: Options) -> YearBuild | None:
    """Load and check the year; None when the published book is already up to date."""
    from ..api import open_year

    ev = open_year(opts.data_dir, opts.year)
    from ..analyses.calls import check_year

    check_year(opts.data_dir, opts.year, opts.root / ".cache")  # call records: checked (or cached) before any notebook runs
    for w in ev.warnings:
        log(f"    warning: {w}")
    chapters_all = plan.read_plan(opts.root)
    chapters = plan.chapters_for(ev, chapters_all)
    skipped = [c.name for c in chapters_all if c not in chapters]
    params = {"year": opts.year, "data_dir": str(opts.data_dir), **opts.params}
    key = cache.book_key(opts.root, chapters, params, opts.data_dir, opts.year, opts.pdf)
    if not opts.force and cache.published_key(opts.public / str(opts.year)) == key:
        log(f"    {opts.year}: up to date: {opts.public / str(opts.year)}/ (nothing changed; --force rebuilds)")
        return None
    if skipped:
        log(f"    {opts.year}: left out for lack of data: {', '.join(skipped)}")
    return YearBuild(opts, ev, chapters, skipped, key)


def plan_jobs(yb: YearBuild) -> None:
    """Check parameters, take cache hits, and list what must run."""
    opts = yb.opts
    for ch in yb.chapters:
        plan.check_parameters(ch.notebook, yb.params, opts.root)
    executed_dir = yb.workdir / "executed"
    executed_dir.mkdir(parents=True, exist_ok=True)
    for ch in yb.chapters:
        key = cache.notebook_key(opts.root, ch.notebook, yb.params, opts.data_dir, opts.year)
        target = executed_dir / ch.notebook.name
        hit = None if opts.force else cache.lookup(opts.root, key)
        if hit is not None:
            shutil.copyfile(hit, target)
            log(f"    {opts.year} {ch.notebook.name}: cached (key {key[:10]})")
        else:
            yb.jobs.append(Job(opts.year, ch, key, target, yb.params))
        yb.executed.append(target)


def run_jobs(jobs: list[Job], root: Path, workers: int) -> None:
    """Execute notebooks of every year together, one kernel each, ``workers`` at a time."""
    if not jobs:
        return
    log(f"    executing {len(jobs)} notebook(s), {min(workers, len(jobs))} at a time")
    work = [(str(j.chapter.notebook), str(j.target), j.params, str(root)) for j in jobs]
    with ProcessPoolExecutor(max_workers=min(workers, len(work))) as pool:
        outcomes = list(pool.map(_execute_one, work))
    failures = []
    for job, (_, secs, err) in zip(jobs, outcomes):
        if err:
            failures.append((job, err))
            log(f"    {job.year} {job.chapter.notebook.name}: FAILED after {secs:.1f} s")
        else:
            cache.store(root, job.key, job.target)
            log(f"    {job.year} {job.chapter.notebook.name}: executed in {secs:.1f} s")
    if failures:
        job, err = failures[0]
        failed_dir = root / "build" / str(job.year) / "failed"
        failed_dir.mkdir(parents=True, exist_ok=True)
        kept = failed_dir / job.target.name
        if job.target.exists():
            shutil.copyfile(job.target, kept)
        rel = job.chapter.notebook.relative_to(root)
        more = f" (and {len(failures) - 1} more notebook(s))" if len(failures) > 1 else ""
        raise BuildError(f"notebook {rel} failed at {err}{more} — executed notebook kept at {kept.relative_to(root)}")


def assemble(opts: Options, ev: Evaluation, executed: list[Path], workdir: Path, man: dict) -> Path:
    """Write the year's Jupyter Book folder: intro, toc, config, provenance, static files."""
    from . import assets
    from ..presentation import narrate, render

    src = workdir / "book"
    if src.exists():
        shutil.rmtree(src)
    (src / "executed").mkdir(parents=True)
    for nb in executed:
        shutil.copyfile(nb, src / "executed" / nb.name)
    assets.install_static(src / "_static", ev, opts.root / ".cache")
    facts = narrate.facts(ev)
    title = narrate.report_title(ev)
    intro = (opts.root / "book" / "intro.md").read_text(encoding="utf-8")
    intro = intro.replace("{{title}}", render.esc(title)).replace("{{cover_html}}", cover_html(ev)).replace("{{fiscal_year}}", facts["fiscal_year"])
    (src / "intro.md").write_text(intro, encoding="utf-8")
    (src / "provenance.md").write_text(provenance.appendix_md(man, [p.name for p in executed], ev.warnings), encoding="utf-8")
    toc = {"format": "jb-book", "root": "intro", "chapters": [{"file": f"executed/{p.stem}"} for p in executed] + [{"file": "provenance"}]}
    (src / "_toc.yml").write_text(yaml.safe_dump(toc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    config = yaml.safe_load((opts.root / "_config.yml").read_text(encoding="utf-8"))
    config["title"] = title
    # html.extra_footer would be lost: our sphinx html_theme_options replace Jupyter Book's
    config["sphinx"]["config"]["html_theme_options"]["extra_footer"] = provenance.footer_html(man)
    (src / "_config.yml").write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return src


def cover_html(ev: Evaluation) -> str:
    from ..numbers import money, score
    from ..presentation.render import esc

    d = ev.data
    rows = [
        ("项目名称", d.project.name),
        ("评价年度", f"{ev.year}年度"),
        ("主管部门", d.project.department),
        ("实施单位", d.project.implementer),
        ("年度预算数", f"{money(ev.budget.budget)}万元"),
        ("预算执行率", f"{ev.budget.rate}%"),
        ("指标达标", f"{len(ev.met)}/{len(ev.items)}"),
    ]
    body = "".join(f"<tr><th>{esc(k)}</th><td>{esc(v)}</td></tr>" for k, v in rows)
    return (
        f'<div class="cover-box"><table>{body}<tr><th>自评总分</th><td><span class="cover-score">{score(ev.total)}</span> 分（{esc(ev.grade)}）</td></tr></table></div>'
    )


def jupyter_book(src: Path) -> Path:
    exe = Path(sys.executable).with_name("jupyter-book")
    cmd = [str(exe), "build", str(src), "--path-output", str(src), "--config", str(src / "_config.yml"), "--toc", str(src / "_toc.yml"), "--quiet"]
    proc = subprocess.run(cmd, capture_output=True, text=True)
    out_dir = src / "_build" / "html"
    problems = [l for l in (proc.stdout + proc.stderr).splitlines() if "WARNING" in l or "ERROR" in l]
    if proc.returncode != 0 or problems or not (out_dir / "index.html").exists():
        detail = problems[0] if problems else (proc.stderr.strip().splitlines() or ["no output"])[-1]
        log_file = src.parent / "jupyter-book.log"
        log_file.write_text(proc.stdout + proc.stderr, encoding="utf-8")
        raise BuildError(f"Jupyter Book failed: {detail} — full log: {log_file}")
    return out_dir


def publish(opts: Options, stage: Path) -> Path:
    """Switch public/<year> to ``stage`` atomically (symlink replaced by rename)."""
    link = opts.public / str(opts.year)
    tmp = opts.public / f".{opts.year}.link-{uuid.uuid4().hex[:8]}"
    os.symlink(os.path.relpath(stage, opts.public), tmp)
    old = os.path.realpath(link) if link.is_symlink() else None
    if link.exists() and not link.is_symlink():
        shutil.rmtree(link)
    os.replace(tmp, link)
    if old and Path(old) != stage.resolve():
        shutil.rmtree(old, ignore_errors=True)
    _clean_partials(opts.public, opts.year)
    write_landing(opts.public)
    return link


_LANDING = Lock()


def write_landing(public: Path) -> None:
    with _LANDING:
        _write_landing(public)


def _clean_partials(public: Path, year: int) -> None:
    """Leftovers of builds of this year that were killed halfway."""
    for stale in (public / ".releases").glob(f"{year}-*.partial"):
        shutil.rmtree(stale, ignore_errors=True)


def _write_landing(public: Path) -> None:
    from ..presentation.render import esc

    items = []
    for link in sorted((p for p in public.iterdir() if p.name.isdigit()), reverse=True):
        man_path = link / "manifest.json"
        if not man_path.exists():
            continue
        man = json.loads(man_path.read_text(encoding="utf-8"))
        pdf = f' · <a href="{link.name}/{esc(man["pdf"])}">PDF</a>' if man.get("pdf") else ""
        items.append(
            f'<li><a href="{link.name}/html/index.html">{esc(man["title"])}</a>{pdf} '
            f'<span class="meta">总分 {esc(man["total"])}（{esc(man["grade"])}） · 构建于 {esc(man["built_at"])}</span></li>'
        )
    page = (
        '<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>项目支出绩效自评报告</title>'
        "<style>body{font-family:'Noto Sans CJK SC',sans-serif;max-width:760px;margin:3em auto;line-height:1.8}"
        ".meta{color:#666;font-size:.9em}</style></head><body><h1>项目支出绩效自评报告</h1><ul>"
        + "".join(items)
        + "</ul></body></html>"
    )
    tmp = public / ".index.html.tmp"
    tmp.write_text(page, encoding="utf-8")
    os.replace(tmp, public / "index.html")


def finish(yb: YearBuild) -> Path:
    """Assemble, Jupyter Book, PDF, then publish atomically. Returns the published folder."""
    opts, ev = yb.opts, yb.ev
    opts.public.mkdir(parents=True, exist_ok=True)
    stage = opts.public / ".releases" / f"{opts.year}-{yb.build_id}.partial"
    stage.mkdir(parents=True)
    try:
        inputs = sorted(p for p in (opts.data_dir / str(opts.year)).iterdir() if p.is_file())
        man = provenance.manifest(opts.root, inputs, opts.year, yb.build_id)
        with Step(f"{opts.year}: assemble and build HTML (Jupyter Book)"):
            src = assemble(opts, ev, yb.executed, yb.workdir, man)
            html_dir = jupyter_book(src)
            shutil.copytree(html_dir, stage / "html")
            shutil.copytree(src / "executed", stage / "notebooks")
        pdf_name = None
        if opts.pdf:
            with Step(f"{opts.year}: render PDF"):
                from . import pdf

                pdf_name = f"{ev.year}年{ev.data.project.name}绩效自评报告.pdf"
                pdf.write_pdf(ev, yb.executed, man, stage / pdf_name)
        from ..presentation.narrate import report_title

        man.update(title=report_title(ev), total=str(ev.total), grade=ev.grade, pdf=pdf_name, book_key=yb.book_key, warnings=ev.warnings)
        (stage / "manifest.json").write_text(json.dumps(man, ensure_ascii=False, indent=2), encoding="utf-8")
        final = stage.with_suffix("")
        os.replace(stage, final)
        with Step(f"{opts.year}: publish"):
            link = publish(opts, final)
        shutil.rmtree(yb.workdir, ignore_errors=True)
    except BaseException:
        shutil.rmtree(stage, ignore_errors=True)
        raise
    log(f"HTML: {link}/html/index.html")
    if pdf_name:
        log(f"PDF:  {link}/{pdf_name}")
    return link


def _finish_or_error(yb: YearBuild) -> Path | BaseException:
    try:
        return finish(yb)
    except Exception as exc:  # reported per year by build_years
        if isinstance(exc, (BuildError,)) or type(exc).__name__ == "DataError":
            return exc
        return BuildError(f"unexpected {type(exc).__name__}: {exc}")


def build_years(all_opts: list[Options]) -> list[Path]:
    """Build several years: notebooks of all years execute together, then each book is
    assembled and published on its own (a year is published only if all of it succeeded)."""
    Step.count = 0
    t0 = time.perf_counter()
    years = [o.year for o in all_opts]
    with Step(f"load and check data/{', data/'.join(map(str, years))}"):
        builds = [b for b in (prepare(o) for o in all_opts) if b is not None]
    done = [o.public / str(o.year) for o in all_opts if o.year not in {b.opts.year for b in builds}]
    if builds:
        with Step("execute notebooks"):
            for b in builds:
                plan_jobs(b)
            run_jobs([j for b in builds for j in b.jobs], all_opts[0].root, all_opts[0].jobs)
        from .assets import vega_bundle

        vega_bundle(all_opts[0].root / ".cache")  # once, before the years are assembled side by side
        workers = min(len(builds), all_opts[0].jobs)
        with ThreadPoolExecutor(max_workers=workers) as pool:
            outcomes = list(pool.map(_finish_or_error, builds))
        failed = [(b, exc) for b, exc in zip(builds, outcomes) if isinstance(exc, BaseException)]
        done += [p for p in outcomes if isinstance(p, Path)]
        if failed:
            b, exc = failed[0]
            others = [str(x.opts.year) for x, p in zip(builds, outcomes) if isinstance(p, Path)]
            note = f"; published: {', '.join(others)}" if others else ""
            raise BuildError(f"{b.opts.year}: {exc} (that year's published book was left as it was{note})")
        log(f"built {', '.join(str(b.opts.year) for b in builds)} in {time.perf_counter() - t0:.1f} s")
    log(f"all years: {all_opts[0].public}/index.html")
    return done


def build(opts: Options) -> Path:
    """Build one year; returns the published folder. Raises DataError/BuildError."""
    return build_years([opts])[0]
