"""A department built through a real Dask cluster: ``dask scheduler`` and two ``dask worker``
processes on 127.0.0.1, driven by ``selfeval build --all --scheduler …`` (the real CLI).

The portfolio: project p1 with 2022 and 2023 (its 2023 book compares with its own 2022), p2 with
2023, and crash-test/2023, whose task ends its worker process (``SELFEVAL_FAULT_TASK``, as a
segfault or an OOM kill would) on whichever worker takes it. Then p2's data is broken and p2 is
built again on its own (``--project``). Three books are built, once, for every test here.

What is checked against the books themselves (their printed cover and 自评表 pages, not the
manifests the department pages read): each landing-page row, and each roll-up figure recomputed
here with this file's own arithmetic; then that a crashed worker and bad data each stop only their
project-year, whose row shows the one-line error, whose last good book stays published byte for
byte, and that the exit status says so.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from pathlib import Path
from urllib.parse import unquote

import pytest
from bs4 import BeautifulSoup

from book_fixtures import html_text, project_copy, tree_digest
from portfolio_fixtures import write_portfolio

pytestmark = pytest.mark.book

DASK = Path(sys.executable).with_name("dask")
CRASH = "crash-test"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _start(cmd: list[str], log: Path, **env: str) -> subprocess.Popen:
    handle = open(log, "w")  # noqa: SIM115 (closed with the process)
    return subprocess.Popen(cmd, stdout=handle, stderr=subprocess.STDOUT, env={**os.environ, **env}, start_new_session=True)


@pytest.fixture(scope="module")
def scheduler(tmp_path_factory):
    """A scheduler and two workers of the installed Dask, as an operator would start them."""
    from distributed import Client

    base = tmp_path_factory.mktemp("cluster")
    address = f"tcp://127.0.0.1:{_free_port()}"
    procs = [
        _start(
            [str(DASK), "scheduler", "--host", "127.0.0.1", "--port", address.rsplit(":", 1)[1], "--no-dashboard"],
            base / "scheduler.log",
            DASK_DISTRIBUTED__SCHEDULER__ALLOWED_FAILURES="1",  # a task that kills two workers has failed
        )
    ]
    try:
        for n in (1, 2):
            procs.append(
                _start(
                    [
                        str(DASK),
                        "worker",
                        address,
                        "--host",
                        "127.0.0.1",
                        "--nthreads",
                        "1",
                        "--no-dashboard",
                        "--name",
                        f"w{n}",
                        "--local-directory",
                        str(base / f"w{n}"),
                    ],
                    base / f"worker{n}.log",
                    DASK_DISTRIBUTED__WORKER__DAEMON="False",  # docs/scale.md: a build starts processes of its own
                    SELFEVAL_FAULT_TASK=f"{CRASH}/2023",
                )
            )
        with Client(address, timeout=60) as client:
            client.wait_for_workers(2, timeout=120)
        yield address
    finally:
        for p in procs:
            if p.poll() is None:
                os.killpg(p.pid, signal.SIGTERM)
        for p in procs:
            try:
                p.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(p.pid, signal.SIGKILL)
                p.wait()


def _build(base: Path, address: str, *args: str) -> subprocess.CompletedProcess:
    cmd = [sys.executable, "-m", "selfeval", "build", *args, "--scheduler", address, "--data", str(base / "data"), "--out", str(base / "public")]
    return subprocess.run([*cmd, "--root", str(base / "proj")], cwd=base, capture_output=True, text=True, timeout=900)


@pytest.fixture(scope="module")
def department(tmp_path_factory, scheduler):
    """Run 1: --all (p1 2022+2023, p2 2023, the crash); run 2: p2 broken, --project p2. Their results and the state in between."""
    base = tmp_path_factory.mktemp("department")
    project_copy(base / "proj")
    data = base / "data"
    write_portfolio(data, 2, 2, seed=3, workbooks="none")
    p1, p2 = sorted(p.name for p in data.iterdir())
    shutil.rmtree(data / p2 / "2022")
    shutil.copytree(data / p2 / "2023", data / CRASH / "2023")
    first = _build(base, scheduler, "--all")
    public = base / "public"
    landing1 = (public / "index.html").read_text(encoding="utf-8")
    rollup1 = (public / "rollup-2023.html").read_text(encoding="utf-8")
    pdf1 = subprocess.run(["pdftotext", "-layout", str(public / "2023年度部门整体支出绩效自评.pdf"), "-"], capture_output=True, text=True).stdout
    p2_book = (os.readlink(public / p2 / "2023"), tree_digest(public / p2 / "2023"))
    funding = data / p2 / "2023" / "funding.csv"
    lines = funding.read_text(encoding="utf-8").splitlines()
    cells = lines[1].split(",")
    cells[1] = "十二万"  # a budget written in words: bad data
    funding.write_text("\n".join([lines[0], ",".join(cells), *lines[2:]]) + "\n", encoding="utf-8")
    second = _build(base, scheduler, "--project", p2)
    return {"base": base, "p1": p1, "p2": p2, "first": first, "second": second, "landing1": landing1, "rollup1": rollup1, "pdf1": pdf1, "p2_book": p2_book}


# --------------------------------------------------------------------------- what a book prints


def _book(public: Path, project: str, year: int) -> dict:
    """The figures a book prints: its cover (intro page) and its 自评表 page's funding block."""
    cover = html_text(public / project / str(year) / "html" / "intro.html")
    form = html_text(public / project / str(year) / "html" / "executed" / "04_form.html")
    unit, budget, executed = re.search(r"项目资金 （(万元|元)） .*? 总额 ([\d,.]+) ([\d,.]+)", form).groups()
    total, tail = re.search(r"自评总分 ([\d.]+) 分（([^）]*)）", cover).groups()
    scaled = re.search(r"折合百分制([\d.]+)分", tail)

    def wan(text: str) -> Fraction:
        return Fraction(Decimal(text.replace(",", ""))) / (10000 if unit == "元" else 1)

    return {
        "budget": wan(budget),
        "executed": wan(executed),
        "rate": re.search(r"预算执行率 ([\d.]+%)", cover).group(1),
        "total": total,
        "scaled": Decimal(scaled.group(1) if scaled else total),
        "grade": tail.rsplit("，", 1)[-1],
        "met": re.search(r"指标达标 (\d+/\d+)", cover).group(1),
    }


def _rows(page: str) -> dict[tuple[str, int], list[str]]:
    soup = BeautifulSoup(page, "html.parser")
    out = {}
    for tr in soup.select("table#projects tbody tr"):
        cells = [td.get_text(" ", strip=True) for td in tr.find_all("td")]
        project = tr.find("span", class_="pid").get_text()
        out[(project, int(tr["data-year"]))] = cells
    return out


def _half_up(x: Fraction) -> str:
    return str((Decimal(x.numerator) / Decimal(x.denominator)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


# --------------------------------------------------------------------------- run 1


def test_every_project_year_ran_and_the_crash_was_only_its_own(department):
    first, p1, p2 = department["first"], department["p1"], department["p2"]
    assert first.returncode == 1, first.stderr  # a worker died: the status says something failed
    # one line on stderr: Dask's own warnings go to its log, the console shows the progress
    assert first.stderr == f"错误：4个项目年度中1个未能生成：{CRASH}/2023——修改：按上面各行的提示改正后重新生成；其余的已发布\n"
    out = first.stdout
    assert "进度：完成 4/4，进行中 0，失败 1" in out
    assert f"  工作进程退出：{CRASH}/2023" in out and "生成时工作进程意外退出（换一个工作进程重试后仍然如此）" in out
    for name in (f"{p1}/2022", f"{p1}/2023", f"{p2}/2023"):
        assert f"  已生成：{name}" in out
    assert "集群 tcp://127.0.0.1:" in out and "工作进程2个，分布在1台主机" in out
    public = department["base"] / "public"
    for project, year in ((p1, 2022), (p1, 2023), (p2, 2023)):
        folder = public / project / str(year)
        assert folder.is_symlink() and (folder / "html" / "index.html").is_file()
        assert [len(list(folder.glob(f"*{ext}"))) for ext in (".pdf", ".docx", ".xlsx")] == [1, 1, 1]
    assert not (public / CRASH / "2023").exists()


def test_each_project_keeps_its_own_years_and_comparison(department):
    public, p1, p2 = department["base"] / "public", department["p1"], department["p2"]
    years = (public / p1 / "years.js").read_text(encoding="utf-8")
    assert '"year": 2022' in years and '"year": 2023' in years
    assert '"year": 2022' not in (public / p2 / "years.js").read_text(encoding="utf-8")
    compare = public / p1 / "2023" / "html" / "executed" / "05_compare.html"
    assert "本章将2023年度与2022年度逐项对比" in html_text(compare)
    assert not (public / p2 / "2023" / "html" / "executed" / "05_compare.html").exists()


def test_each_project_landing_page_links_up_to_the_department_page(department):
    public = department["base"] / "public"
    for project in (department["p1"], department["p2"]):
        index = (public / project / "index.html").read_text(encoding="utf-8")
        assert '<nav class="up"><a href="../index.html">← 部门项目绩效自评汇总</a></nav>' in index, project
    assert (public / "index.html").exists()  # what the link opens


def test_landing_rows_agree_with_the_books(department):
    public, p1, p2 = department["base"] / "public", department["p1"], department["p2"]
    rows = _rows(department["landing1"])
    assert set(rows) == {(p1, 2022), (p1, 2023), (p2, 2023), (CRASH, 2023)}
    books = {key: _book(public, *key) for key in ((p1, 2022), (p1, 2023), (p2, 2023))}
    unit = _unit(*(b[k] for b in books.values() for k in ("budget", "executed")))
    assert f"年度预算数 （{unit}）" in html_text_of(department["landing1"])
    for key, book in books.items():
        cells = rows[key]
        budget, executed, rate, total, grade, met = cells[3], cells[4], cells[5], cells[6].split("（")[0].strip(), cells[7], cells[8]
        assert (budget, executed) == (_money(book["budget"], unit), _money(book["executed"], unit))
        assert (rate, total, grade, met) == (book["rate"], book["total"], book["grade"], book["met"])
        row = next(
            tr
            for tr in BeautifulSoup(department["landing1"], "html.parser").select("tbody tr")
            if tr.find("span", class_="pid").get_text() == key[0] and tr["data-year"] == str(key[1])
        )
        hrefs = [a["href"] for a in row.select("td.links a")]
        assert [h.rsplit(".", 1)[-1] for h in hrefs] == ["html", "pdf", "xlsx", "docx", "html"]
        assert all((public / unquote(h)).is_file() for h in hrefs)
    crash = rows[(CRASH, 2023)]
    assert crash[3] == "—" and "生成时工作进程退出" in crash[11] and "错误：crash-test/2023：生成时工作进程意外退出" in crash[11]
    assert str(department["base"]) not in department["landing1"], "no path of the building machine on the page"


def test_rollup_agrees_with_the_books(department):
    public, p1, p2 = department["base"] / "public", department["p1"], department["p2"]
    books = [_book(public, p, 2023) for p in (p1, p2)]
    budget, executed = sum(b["budget"] for b in books), sum(b["executed"] for b in books)
    weighted = sum(b["budget"] * Fraction(b["scaled"]) for b in books) / budget
    text = html_text_of(department["rollup1"])
    before = _book(public, p1, 2022)
    assert "纳入汇总的项目数 2个 1个 增加1个" in text
    unit = _unit(*(b[k] for b in (*books, before) for k in ("budget", "executed")))
    assert f"年度预算数合计（{unit}） {_money(budget, unit)} {_money(before['budget'], unit)}" in text
    assert f"预算完成数合计（{unit}） {_money(executed, unit)} {_money(before['executed'], unit)}" in text
    assert f"总体预算执行率 {_half_up(executed / budget * 100)}%" in text
    assert f"预算加权平均得分（分） {_half_up(weighted)} {before['scaled']}" in text
    for grade in ("优", "良", "中", "差"):
        n = sum(b["grade"] == grade for b in books)
        assert re.search(rf"{grade}（[^）]*） {n}个", text)
    assert f"{CRASH}（2023年度）：错误：{CRASH}/2023：生成时工作进程意外退出" in text
    printed = department["pdf1"]
    assert "2023年度部门整体支出绩效自评" in printed and _money(budget, unit) in printed and f"{CRASH}（2023年度）" in printed


def html_text_of(page: str) -> str:
    return re.sub(r"\s+", " ", BeautifulSoup(page, "html.parser").get_text(" "))


def _unit(*amounts: Fraction) -> str:
    """万元 when every amount (in 万元) is whole 分 there; else the page prints 元 (issue 21: no data dump)."""
    return "万元" if all((a * 100).denominator == 1 for a in amounts) else "元"


def _money(x: Fraction, unit: str) -> str:
    """An amount as a reviewer types it: 2 decimals, thousands separators, exact."""
    cents = x * (10000 if unit == "元" else 1) * 100
    assert cents.denominator == 1, (x, unit)
    return f"{Decimal(cents.numerator) / 100:,.2f}"


# --------------------------------------------------------------------------- run 2: bad data of one project


def test_bad_data_leaves_the_last_good_book_and_shows_its_error(department):
    second, public, p1, p2 = department["second"], department["base"] / "public", department["p1"], department["p2"]
    assert second.returncode == 2, second.stderr  # only bad data failed
    assert f"  数据有误：{p2}/2023" in second.stdout
    error = f"错误：data/{p2}/2023/funding.csv：第2行，年度预算数（budget）：“十二万”不是数字"
    assert error in second.stdout
    link, digest = department["p2_book"]
    assert os.readlink(public / p2 / "2023") == link and tree_digest(public / p2 / "2023") == digest
    rows = _rows((public / "index.html").read_text(encoding="utf-8"))
    assert error in rows[(p2, 2023)][11] and "下列数字与链接为上次成功生成的报告" in rows[(p2, 2023)][11]
    assert "生成时工作进程退出" in rows[(CRASH, 2023)][11], "another project's last error is kept"
    assert rows[(p1, 2023)][11] == "已生成" and rows[(p2, 2023)][6].split("（")[0].strip() == _book(public, p2, 2023)["total"]
    rollup = html_text_of((public / "rollup-2023.html").read_text(encoding="utf-8"))
    assert "纳入汇总的项目数 1个" in rollup and f"{p2}（2023年度）：{error}" in rollup
