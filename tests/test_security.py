"""Data stays data (issue 16): hostile values in every text field and hostile file names in the
year folder build an inert book.

One build carries every payload at once (builds take ~20 s): each text field of each data file
holds a value tagged with its own field name (``⟦project.name⟧ …``) followed by Jinja and MyST
syntax, directives and roles, raw HTML, ``</script>``, ``</style>`` + ``<link rel=attachment>``,
quotes, U+2028/U+2029, Markdown links and path traversal; the year folder holds hidden files
whose names are payloads, links to /etc/passwd and to a canary file outside the data root, and
a named pipe. A clean build of the same project is the reference for what our pages contain.

What is asserted:

* the build succeeds (the values are valid text) and the data reached the book (tags visible);
* no local file content in any output: neither /etc/passwd (``root:x:0:0``) nor the canary
  files, in the HTML, the JSON, the notebooks, the PDF text or the PDF's attachments; no
  ``passwd``/canary file copied into the book; no command output (``uid=``) and no evaluated
  template (``JJJJJJ``, ``ZZZZZZZ``);
* nothing fetched during the build: a canary HTTP server named in the payloads gets no request;
* in Chromium with every outside host blocked, on every page: no dialog, no request beyond
  what the clean book requests, no event-handler attribute or resource element the clean book
  lacks, the same scripts as the clean book (chart specs aside), and every chart drawn;
* Markdown images are refused in every text field (one line naming the field), links only
  to http(s)/mailto; an output folder that is, contains or lies inside the data is refused;
  a published year that is a link elsewhere is replaced, never followed.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import hashlib
import http.server
import json
import os
import re
import shutil
import subprocess
import sys
import threading
import typing
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlparse

import pytest
import yaml

from book_fixtures import ROOT, project_copy
from offline_browser import offline_chromium

pytestmark = pytest.mark.book


# --------------------------------------------------------------------------- payloads


def label_payload(tag: str, port: int, canary: Path) -> str:
    """A one-line hostile value (names, levels, units, labels): everything a template, MyST,
    HTML, CSS, JavaScript or a file path could act on, and nothing invisible (that is refused)."""
    return (
        f"⟦{tag}⟧ {{{{ cycler.__init__.__globals__.os.popen('id').read() }}}} "
        "{% for x in range(3) %}JJ{% endfor %} {# c #} "
        "<img src=x onerror=alert(1)> <svg onload=alert(11)> "
        "</script><script>alert(2)</script> "
        f"</style><link rel=attachment href=file:///etc/passwd><link rel=attachment href=file://{canary}><style>body{{}}</style> "
        f"<img src=http://127.0.0.1:{port}/label.png> "
        "\"'`\\ &amp; &lt; "
        "{download}`/etc/passwd` {eval-rst}`x` {sub-ref}`today` "
        f"[l](http://127.0.0.1:{port}/link) ![i](http://127.0.0.1:{port}/md.png) "
        f"../../../../../../../../etc/passwd {canary} javascript:alert(4)"
    )


def text_payload(tag: str, port: int, canary: Path) -> str:
    """A multi-line hostile prose value: the label payload without what prose rules refuse
    (a ``{{name}}`` that is no placeholder, a Markdown image, a non-http link), plus block-level
    MyST/reST directives, a multi-line ``{{ }}`` that is no placeholder, a real placeholder
    whose value is itself hostile, line and paragraph separators, and allowed links."""
    one_line = label_payload(tag, port, canary)
    one_line = one_line.replace("{{ cycler.__init__.__globals__.os.popen('id').read() }}", "{ {cycler} }")
    one_line = re.sub(r"!?\[[il]\]\([^)]*\)", "", one_line)
    deep = "../" * 12 + str(canary).lstrip("/")
    return (
        one_line
        + "\n\n```{literalinclude} /etc/passwd\n```\n\n"
        + f"```{{include}} {canary}\n```\n\n:::{{literalinclude}} {deep}\n:::\n\n"
        + "```{eval-rst}\n.. raw:: html\n\n   <script>alert(3)</script>\n\n.. include:: /etc/passwd\n```\n\n"
        + "{{\n'Z'*7\n}}\n\n"
        + "承建单位：{{contractor}}\u2028第二行\u2029第二段 "
        + f"<https://192.0.2.1/auto> [好](https://192.0.2.1/x) <mailto:a@example.cn> [本机](http://127.0.0.1:{port}/prose-link)\n\n"
        + "$$\n\\input{/etc/passwd}\n$$\n\n<iframe src=/etc/passwd></iframe>"
    )


def write_hostile_year(folder: Path, port: int, canary: Path, benign: bool = False) -> None:
    """A complete, valid year whose every text field is hostile (see the module docstring).

    ``benign``: the same year with plain text in every field: the reference build, which has
    the same chapters, tables and charts as the hostile one."""
    folder.mkdir(parents=True)
    L = functools.partial(label_payload, port=port, canary=canary)
    T = functools.partial(text_payload, port=port, canary=canary)
    if benign:
        L = lambda tag: f"⟦{tag}⟧ 普通文字"  # noqa: E731
        T = lambda tag: f"⟦{tag}⟧ 普通文字，承建单位为{{{{contractor}}}}。\n\n第二段 [链接](https://192.0.2.1/x)。"  # noqa: E731
    project = {
        "fiscal_year": 2021,
        "money_unit": "万元",
        "project": {
            "name": L("project.name"),
            "form_name": L("project.form_name"),
            "level": "二级",
            "category": L("project.category"),
            "department": L("project.department"),
            "implementer": L("project.implementer"),
            "unit_self_name": L("project.unit_self_name"),
            "region": L("project.region"),
            "goal": T("project.goal"),
            "goal_achieved": T("project.goal_achieved"),
            "report_date": dt.date(2022, 3, 1),
        },
        "contract": {
            "contractor": L("contract.contractor"),
            "supervisor": L("contract.supervisor"),
            "period": {"start": dt.date(2020, 1, 1), "end": dt.date(2022, 12, 31)},
            "year_period": {"start": dt.date(2021, 1, 1), "end": dt.date(2021, 12, 31)},
            "signed": L("contract.signed"),
            "contracted_volume": 12120000,
            "volume_unit": L("contract.volume_unit"),
        },
    }
    operations = {
        "service_volume": 28717436,
        "volume_unit": L("operations.volume_unit"),
        "seats": {"total": 567, "full_outsourced": 61, "half_outsourced": 506},
        "agents": 858,
        "lines": {"districts": 11, "departments": 40, "total": 91, "prior_year_total": 76, "merged_this_year": 15},
        "channels": [L("operations.channels[0]"), L("operations.channels[1]")],
        "service_hours": "7×24小时 " + L("operations.service_hours"),
        "assessment": {"monthly_indicators": 28, "annual_indicators": 33},
    }
    budget = {
        "weight": 10,
        "allocated": 13410.06,
        "rounding": "half_up",
        "categories": [{"name": L("budget.categories[0].name"), "amount": 10000}, {"name": L("budget.categories[1].name"), "amount": 3410.06}],
        "deviation_reason": T("budget.deviation_reason"),
        "improvement": T("budget.improvement"),
    }

    def common(tag: str, level1: str) -> dict:
        return {
            "name": L(f"{tag}.name"),
            "short_name": L(f"{tag}.short_name"),
            "level1": level1,
            "level2": L(f"{tag}.level2"),
            "deviation_reason": T(f"{tag}.deviation_reason"),
            "improvement": T(f"{tag}.improvement"),
            "evidence": T(f"{tag}.evidence"),
        }

    out1, out2 = L("indicators.level1 产出"), L("indicators.level1 效益")
    unit = L("indicators.answer_rate.count_unit")
    indicators = {
        "indicators": [
            {
                "id": "answer_rate",
                **common("answer_rate", out1),
                "formula": "ratio",
                "numerator": {"label": L("answer_rate.numerator.label"), "value": 1128000, "unit": unit},
                "denominator": {"label": L("answer_rate.denominator.label"), "value": 1200000, "unit": unit},
                "target": {"op": ">=", "value": 95, "unit": "%"},
                "weight": 30,
                "scoring": {"rule": "step_deduction", "points": Decimal("0.3"), "step": 1},
            },
            {
                "id": "first_contact",
                **common("first_contact", out1),
                "formula": "complement",
                "numerator": {"label": L("first_contact.numerator.label"), "value": 291666, "unit": L("first_contact.unit")},
                "denominator": {"label": L("first_contact.denominator.label"), "value": 24095656, "unit": L("first_contact.unit")},
                "target": {"op": ">=", "value": 90, "unit": "%"},
                "weight": 20,
            },
            {
                "id": "repair_days",
                **common("repair_days", out1),
                "formula": "value",
                "value": Decimal("2.5"),
                "decimals": 1,
                "target": {"op": "<=", "value": 2, "unit": L("repair_days.target.unit")},
                "weight": 10,
            },
            {
                "id": "lectures",
                **common("lectures", out2),
                "formula": "count",
                "value": 26,
                "target": {"op": "=", "value": 24, "unit": L("lectures.target.unit")},
                "weight": 15,
            },
            {
                "id": "timeliness",
                **common("timeliness", out2),
                "formula": "qualitative",
                "target": {"text": L("timeliness.target.text")},
                "reported_text": L("timeliness.reported_text"),
                "weight": 15,
                "scoring": {"rule": "qualitative", "band": "达成", "score": 14},
            },
        ]
    }
    prose_fields = [
        "unit_overview",
        "background",
        "implementation",
        "funds_management",
        "project_management",
        "performance_management",
        "conclusions_intro",
        "benefits",
        "benefits_closing",
        "spending",
        "problems",
    ]
    prose: dict = {name: T(f"prose.{name}") for name in prose_fields}
    for name in ("legal_basis", "conclusions", "measures"):
        prose[name] = [T(f"prose.{name}[0]"), T(f"prose.{name}[1]")]

    def dump(name: str, data: dict) -> None:
        text = yaml.safe_dump(json.loads(json.dumps(data, default=_plain)), allow_unicode=True, sort_keys=False, width=10_000)
        for key, value in _DATES.items():
            text = text.replace(f"'{key}'", value)
        (folder / name).write_text(text, encoding="utf-8")

    dump("project.yaml", project)
    dump("operations.yaml", operations)
    dump("budget.yaml", budget)
    dump("indicators.yaml", indicators)
    dump("prose.yaml", prose)
    review = {
        "fiscal_year": 2021,
        "intended": [
            {"file": "prose.yaml", "field": "background", "phrase": T("review.intended[0].phrase"), "reason": T("review.intended[0].reason")},
            {
                "file": "project.yaml",
                "field": L("review.intended[1].field"),
                "phrase": T("review.intended[1].phrase"),
                "reason": T("review.intended[1].reason"),
            },
        ],
    }
    dump("review.yaml", review)
    (folder / "funding.csv").write_text("source,budget,executed\nmunicipal,13410.06,13410.06\ntransfer,0,0\nother,0,0\n", encoding="utf-8")
    (folder / "monthly.csv").write_text("month,calls_offered,calls_answered\n" + "".join(f"{mo},100000,{94000}\n" for mo in range(1, 13)), encoding="utf-8")
    (folder / "capacity.yaml").write_text("aht_seconds: 300\npatience_seconds: 120\n", encoding="utf-8")


_DATES: dict[str, str] = {}


def _plain(value: object) -> object:
    """JSON stand-ins that YAML writes back as the exact number or date."""
    if isinstance(value, Decimal):
        return float(value) if value != value.to_integral_value() else int(value)
    if isinstance(value, dt.date):
        key = f"@date:{value.isoformat()}"
        _DATES[key] = value.isoformat()
        return key
    raise TypeError(value)


HOSTILE_NAMES = (
    ".{{ cycler.__init__.__globals__.os.popen('id').read() }}",
    ".<img src=x onerror=alert(5)>",
    ".{download}`passwd`",
    ".```{literalinclude} passwd",
    ".\"'`;$(id)",
)


def add_hostile_files(folder: Path, canary: Path, hidden_canary: str, readme_canary: str) -> None:
    """Hidden files the loader never reads (payload names, links out of the data root, a pipe)
    and a README.md; none of their contents may reach the book."""
    for name in HOSTILE_NAMES:
        (folder / name).write_text(hidden_canary, encoding="utf-8")
    os.symlink("/etc/passwd", folder / ".passwd")
    os.symlink(canary, folder / ".canary")
    os.mkfifo(folder / ".fifo")
    (folder / ".sub").mkdir()
    (folder / ".sub" / "notes.txt").write_text(hidden_canary, encoding="utf-8")
    (folder / "README.md").write_text(f"{readme_canary}\n\n```{{literalinclude}} /etc/passwd\n```\n<script>alert(9)</script>\n", encoding="utf-8")


# --------------------------------------------------------------------------- builds


class _Recorder(http.server.SimpleHTTPRequestHandler):
    hits: typing.ClassVar[list[str]] = []

    def do_GET(self):
        type(self).hits.append(self.path)
        self.send_response(404)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def canary_server():
    """An HTTP server on 127.0.0.1 that the payloads name: any request to it is a leak."""
    handler = type("Canary", (_Recorder,), {"hits": []})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server.server_address[1], handler.hits
    server.shutdown()


def cli(*args: str, cwd: Path, timeout: int = 400) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "selfeval", *args], cwd=cwd, capture_output=True, text=True, timeout=timeout)


@pytest.fixture(scope="module")
def hostile(tmp_path_factory, canary_server):
    """The hostile project, built (HTML + PDF) into its own output folder."""
    port, hits = canary_server
    base = tmp_path_factory.mktemp("hostile")
    secrets = {
        "outside": f"CANARY-OUTSIDE-{os.getpid()}-5d1e",
        "hidden": f"CANARY-HIDDEN-{os.getpid()}-77aa",
        "readme": f"CANARY-README-{os.getpid()}-0c3b",
    }
    canary = base / "outside" / "canary.txt"
    canary.parent.mkdir()
    canary.write_text(secrets["outside"] + "\n", encoding="utf-8")
    proj = project_copy(base / "proj")
    shutil.rmtree(proj / "data" / "2021")
    year = proj / "data" / "2021"
    write_hostile_year(year, port, canary)
    add_hostile_files(year, canary, secrets["hidden"], secrets["readme"])
    out = base / "public"
    before = len(hits)
    proc = cli("build", "--year", "2021", "--root", str(proj), "--out", str(out), cwd=base)
    return {"proc": proc, "proj": proj, "out": out, "secrets": secrets, "canary": canary, "build_hits": hits[before:], "port": port}


@pytest.fixture(scope="module")
def clean(tmp_path_factory):
    """The same year with plain text in every field: what our pages normally contain."""
    base = tmp_path_factory.mktemp("clean")
    proj = project_copy(base / "proj")
    shutil.rmtree(proj / "data" / "2021")
    write_hostile_year(proj / "data" / "2021", 9, base / "unused", benign=True)
    out = base / "public"
    proc = cli("build", "--year", "2021", "--no-pdf", "--root", str(proj), "--out", str(out), cwd=base)
    assert proc.returncode == 0, proc.stderr
    return {"proj": proj, "out": out}


def _built(hostile) -> Path:
    proc = hostile["proc"]
    assert proc.returncode == 0, f"the hostile (but valid) data must build: {proc.stderr.strip()}"
    return (hostile["out"] / "2021").resolve()


# --------------------------------------------------------------------------- the data is valid and covers every field


def test_every_text_field_carries_a_payload(tmp_path):
    """Guard for this suite: when the contract gains a text field, the payloads must cover it."""
    from selfeval.contract.load import load_year

    year = tmp_path / "data" / "2021"
    write_hostile_year(year, 9, tmp_path / "canary.txt")
    data = load_year(year)
    enums = {"%", ">=", "<=", "=", "一级", "二级", "万元", "元", "达成", "部分达成", "未达成", "half_up", "floor"}
    uncovered = []

    def walk(value, where: str) -> None:
        if isinstance(value, dict):
            for k, v in value.items():
                walk(v, f"{where}.{k}" if where else str(k))
        elif isinstance(value, list):
            for i, v in enumerate(value):
                walk(v, f"{where}[{i}]")
        elif isinstance(value, str) and value not in enums and not re.fullmatch(r"[a-z_]+(\.yaml|\.csv)?", value) and "⟦" not in value:
            uncovered.append(where)

    walk(data.model_dump(exclude={"folder", "capacity"}), "")
    assert uncovered == [], f"text fields without a payload: {uncovered}"


# --------------------------------------------------------------------------- the build


def test_hostile_values_build_and_reach_the_book(hostile):
    root = _built(hostile)
    assert hostile["proc"].stderr.strip() == "" or "提示：" in hostile["proc"].stderr
    page = (root / "html" / "intro.html").read_text(encoding="utf-8")
    assert "⟦project.name⟧" in page, "the project name (with its payload) must be printed, as text"
    form = (root / "html" / "executed" / "04_form.html").read_text(encoding="utf-8")
    for tag in ("⟦answer_rate.name⟧", "⟦indicators.level1 产出⟧", "⟦timeliness.reported_text⟧", "⟦project.goal⟧"):
        assert tag in form, tag


def test_prose_markup_is_shown_as_text(hostile):
    """Markup in analyst prose (here 单位基本情况) reaches the HTML escaped and the PDF as its characters."""
    root = _built(hostile)
    raw = (root / "html" / "executed" / "01_basic.html").read_text(encoding="utf-8")
    assert "⟦prose.unit_overview⟧" in raw
    assert "&lt;/script&gt;&lt;script&gt;alert(2)&lt;/script&gt;" in raw and "<script>alert(2)</script>" not in raw
    assert "&lt;img src=x onerror=alert(1)&gt;" in raw and "<img src=x" not in raw
    text = subprocess.run(["pdftotext", str(next(root.glob("*.pdf"))), "-"], capture_output=True, text=True, check=True).stdout.replace("\n", "")
    assert "</script><script>alert(2)</script>" in text and "<img src=x onerror=alert(1)>" in text


def _output_files(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file()]


def _forbidden(hostile) -> dict[str, bytes]:
    s = hostile["secrets"]
    return {
        "/etc/passwd": b"root:x:0:0",
        "outside canary": s["outside"].encode(),
        "hidden file": s["hidden"].encode(),
        "README.md": s["readme"].encode(),
        "output of id": b"uid=0(",
        "an evaluated Jinja loop": b"JJJJJJ",
        "an evaluated Jinja expression": b"ZZZZZZZ",
    }


def test_no_local_file_or_command_output_in_any_output_file(hostile):
    root = _built(hostile)
    found = []
    for path in [*_output_files(root), hostile["out"] / "index.html", hostile["out"] / "years.js"]:
        raw = path.read_bytes()
        for what, needle in _forbidden(hostile).items():
            if needle in raw:
                found.append(f"{what} in {path.relative_to(hostile['out'])}")
    assert found == [], found
    names = [p.name for p in root.rglob("*")]
    assert not any(n in ("passwd", "canary.txt") or n.startswith(".canary") for n in names), [n for n in names if "passwd" in n or "canary" in n]


def test_no_file_outside_the_data_files_is_read_into_the_output(hostile):
    """The year folder's links to /etc/passwd and to the canary, and its hidden files, are not
    inputs: not even their digests are published (a digest proves the build read the file)."""
    root = _built(hostile)
    digests = {
        "/etc/passwd": hashlib.sha256(Path("/etc/passwd").read_bytes()).hexdigest(),
        "the outside canary": hashlib.sha256(hostile["canary"].read_bytes()).hexdigest(),
        "a hidden file": hashlib.sha256(hostile["secrets"]["hidden"].encode()).hexdigest(),
    }
    found = [f"{what} (sha256) in {p.relative_to(root)}" for p in _output_files(root) for what, h in digests.items() if h.encode() in p.read_bytes()]
    assert found == [], found


def test_no_path_of_the_build_machine_in_the_output(hostile):
    """The project's location on the build machine (e.g. a home folder) is not published: the
    notebooks get the data folder relative to the project."""
    root = _built(hostile)
    where = str(hostile["proj"]).encode()
    found = [str(p.relative_to(root)) for p in _output_files(root) if where in p.read_bytes()]
    assert found == [], f"{where.decode()} appears in {found[:5]}"


def test_pdf_text_and_attachments_hold_no_local_file(hostile, tmp_path):
    root = _built(hostile)
    pdfs = list(root.glob("*.pdf"))
    assert len(pdfs) == 1, [p.name for p in root.iterdir()]
    pdf = pdfs[0]
    assert len(pdf.name.encode("utf-8")) <= 255 and "/" not in pdf.name
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "⟦project.name⟧" in text.replace("\n", "")
    for what, needle in _forbidden(hostile).items():
        assert needle.decode() not in text, f"{what} in the PDF text"
    listing = subprocess.run(["pdfdetach", "-list", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert listing.strip().startswith("0 embedded files"), listing
    subprocess.run(["pdfdetach", "-saveall", "-o", str(tmp_path), str(pdf)], capture_output=True, check=True)
    assert list(tmp_path.iterdir()) == []


def test_nothing_is_fetched_while_building(hostile):
    _built(hostile)
    assert hostile["build_hits"] == [], f"the build requested {hostile['build_hits']} from the canary server"


# --------------------------------------------------------------------------- the browser


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def _serve(root: Path):
    handler = functools.partial(_Quiet, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


@pytest.fixture(scope="module")
def browser():
    with offline_chromium() as b:
        yield b


_PAGE_FACTS = """() => {
  const attrs = [], loads = [];
  for (const e of document.querySelectorAll('*')) {
    for (const a of e.attributes) {
      const n = a.name.toLowerCase();
      if (n.startsWith('on')) attrs.push(e.tagName + ' ' + n + '=' + a.value);
      if ((n === 'href' || n === 'src' || n === 'action' || n === 'data' || n === 'srcdoc' || n === 'xlink:href')
          && /^\\s*(javascript|vbscript|data:text\\/html|file)/i.test(a.value)) attrs.push(e.tagName + ' ' + n + '=' + a.value);
    }
    if (['IMG', 'IFRAME', 'OBJECT', 'EMBED', 'LINK', 'BASE', 'FORM', 'FRAME', 'AUDIO', 'VIDEO', 'SOURCE'].includes(e.tagName) ||
        (e.tagName === 'META' && e.hasAttribute('http-equiv')))
      loads.push(e.tagName + ' ' + (e.getAttribute('src') || e.getAttribute('href') || e.getAttribute('action') || e.getAttribute('data') || e.getAttribute('content') || ''));
  }
  const scripts = Array.from(document.scripts).map(s => [s.getAttribute('src') || '', s.src ? '' : s.textContent]);
  return {attrs, loads, scripts, charts: document.querySelectorAll('.selfeval-chart').length};
}"""


def _skeleton(script: list[str]) -> str:
    """A script without the chart spec it carries (JSON parsed exactly, not by a pattern)."""
    src, text = script
    if src:
        return "src:" + re.sub(r"\?v=[0-9a-f]+$", "", src)
    marker = "var s="
    at = text.find(marker)
    if at >= 0:
        try:
            _, end = json.JSONDecoder().raw_decode(text, at + len(marker))
            return text[: at + len(marker)] + "<SPEC>" + text[end:]
        except ValueError:
            return "UNPARSABLE CHART SCRIPT: " + text
    return "inline:" + hashlib.sha256(text.encode()).hexdigest()


def _visit(browser, base: str, rel: str) -> dict:
    page = browser.new_page()
    facts: dict = {"requests": [], "dialogs": [], "errors": []}
    page.on("request", lambda r: facts["requests"].append(r.url))
    page.on("pageerror", lambda e: facts["errors"].append(str(e)))
    page.on("dialog", lambda d: (facts["dialogs"].append(d.message), d.dismiss()))
    page.goto(f"{base}/{rel}", wait_until="networkidle")
    got = page.evaluate(_PAGE_FACTS)
    if got["charts"]:
        with contextlib.suppress(Exception):  # counted below: a chart that never draws is reported, not raised here
            page.wait_for_function("n => document.querySelectorAll('.selfeval-chart svg.marks').length >= n", arg=got["charts"], timeout=15000)
    facts["drawn"] = page.evaluate("() => document.querySelectorAll('.selfeval-chart svg.marks').length")
    page.wait_for_timeout(300)
    page.close()
    facts.update(got)
    return facts


def _pages(root: Path) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*.html") if not p.relative_to(root).as_posix().startswith(("_static", "genindex")))


@pytest.mark.browser
def test_browser_runs_only_our_scripts_and_loads_only_our_files(hostile, clean, browser):
    root = _built(hostile) / "html"
    clean_root = (clean["out"] / "2021").resolve() / "html"
    assert _pages(root) == _pages(clean_root)
    servers = [_serve(root), _serve(clean_root)]
    try:
        base, clean_base = (f"http://127.0.0.1:{s.server_address[1]}" for s in servers)
        problems: list[str] = []
        for rel in _pages(root):
            got, ref = _visit(browser, base, rel), _visit(browser, clean_base, rel)
            if got["dialogs"]:
                problems.append(f"{rel}: dialog {got['dialogs']}")
            for url in got["requests"]:
                parsed = urlparse(url)
                if url.startswith("data:"):
                    continue
                if parsed.hostname != "127.0.0.1" or parsed.port != servers[0].server_address[1]:
                    problems.append(f"{rel}: request leaves the book: {url}")
            ours = {urlparse(u).path for u in ref["requests"] if not u.startswith("data:")}
            extra = {urlparse(u).path for u in got["requests"] if not u.startswith("data:")} - ours
            if extra:
                problems.append(f"{rel}: requests the clean book does not make: {sorted(extra)}")
            if sorted(set(got["attrs"]) - set(ref["attrs"])):
                problems.append(f"{rel}: event handlers or script URLs from data: {sorted(set(got['attrs']) - set(ref['attrs']))[:5]}")
            if sorted(set(got["loads"]) - set(ref["loads"])):
                problems.append(f"{rel}: resource elements from data: {sorted(set(got['loads']) - set(ref['loads']))[:5]}")
            if sorted(map(_skeleton, got["scripts"])) != sorted(map(_skeleton, ref["scripts"])):
                diff = set(map(_skeleton, got["scripts"])) ^ set(map(_skeleton, ref["scripts"]))
                problems.append(f"{rel}: scripts differ from the clean book's: {[d[:120] for d in diff][:4]}")
            if got["charts"] != ref["charts"] or got["drawn"] != got["charts"]:
                problems.append(f"{rel}: {got['drawn']} of {got['charts']} charts drawn (clean book: {ref['charts']})")
            if got["errors"]:
                problems.append(f"{rel}: page errors {got['errors'][:3]}")
        assert problems == [], "\n".join(problems)
    finally:
        for s in servers:
            s.shutdown()


# --------------------------------------------------------------------------- refused before anything is built


def _text_fields(year: Path) -> list[tuple[str, str, str]]:
    """(file, YAML path, label for the message) of every prose-like (Markdown) field of data/2021."""
    out = [
        ("project.yaml", "project.goal", "年度预期绩效目标（project.goal）"),
        ("indicators.yaml", "indicators.1.deviation_reason", "偏差原因（indicators[1].deviation_reason，指标 answer_rate）"),
        ("indicators.yaml", "indicators.1.improvement", "改进措施（indicators[1].improvement，指标 answer_rate）"),
    ]
    from selfeval.contract.labels import field_name
    from selfeval.contract.model import Prose

    for name, field in Prose.model_fields.items():
        path = f"{name}.0" if "list" in str(field.annotation) else name
        out.append(("prose.yaml", path, field_name("prose.yaml", (name, 0) if path.endswith(".0") else (name,))))
    return out


def _set(data: dict, path: str, value: str) -> None:
    keys = [int(k) if k.isdigit() else k for k in path.split(".")]
    target = data
    for k in keys[:-1]:
        target = target[k]
    if isinstance(target, list) and keys[-1] >= len(target):
        target.append(value)
    else:
        target[keys[-1]] = value


@pytest.mark.parametrize(
    "payload, problem",
    [
        ("见下图 ![图](http://192.0.2.1/x.png)", "含有 Markdown 图片（“http://192.0.2.1/x.png”）"),
        ("![图][p]\n\n[p]: ../../../../etc/passwd", "含有 Markdown 图片（“../../../../etc/passwd”）"),
        ("[点此](javascript:alert(1))", "含有指向“javascript:alert(1)”的链接"),
        ("[点此](file:///etc/passwd)", "含有指向“file:///etc/passwd”的链接"),
        ("[点此](../../../etc/passwd)", "含有指向“../../../etc/passwd”的链接"),
    ],
)
def test_markdown_images_and_non_web_links_are_refused_in_every_prose_field(tmp_path, payload, problem):
    """Every Markdown field refuses the payload with a one-line message naming it (in-process:
    the refusal happens when the year is loaded; one field is also run through the CLI below)."""
    from selfeval.contract.load import load_year
    from selfeval.contract.sources import read_yaml
    from selfeval.errors import DataError

    for file, path, label in _text_fields(ROOT / "data" / "2021"):
        year = tmp_path / path / "data" / "2021"
        shutil.copytree(ROOT / "data" / "2021", year)
        data = read_yaml(year / file)
        data = json.loads(json.dumps(data, default=str))
        _set(data, path, payload)
        (year / file).write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
        with pytest.raises(DataError) as err:
            load_year(year)
        msg = str(err.value)
        assert f"{file}：{label}：{problem}" in msg and "\n" not in msg and "——修改：" in msg, msg


def test_markdown_image_stops_the_cli_build_with_one_line(tmp_path):
    proj = project_copy(tmp_path / "proj")
    path = proj / "data" / "2021" / "prose.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("problems: 项目", "problems: >-\n  ![x](http://192.0.2.1/x.png)项目", 1), encoding="utf-8")
    proc = cli("build", "--year", "2021", "--root", str(proj), "--out", str(tmp_path / "public"), cwd=tmp_path)
    assert proc.returncode == 2 and proc.stderr.count("\n") == 1, proc.stderr
    assert "prose.yaml：存在的主要问题开头（problems）：含有 Markdown 图片" in proc.stderr
    assert not (tmp_path / "public" / "2021").exists()


def test_an_unknown_placeholder_in_prose_is_refused_not_evaluated(tmp_path):
    proj = project_copy(tmp_path / "proj")
    path = proj / "data" / "2021" / "prose.yaml"
    evil = "{{ cycler.__init__.__globals__.os.popen('id').read() }}"
    text = path.read_text(encoding="utf-8")
    line = next(x for x in text.splitlines() if x.startswith("problems:"))
    path.write_text(text.replace(line, f'problems: "{evil}"'), encoding="utf-8")
    proc = cli("build", "--year", "2021", "--root", str(proj), "--out", str(tmp_path / "public"), cwd=tmp_path)
    assert proc.returncode == 2 and proc.stderr.count("\n") == 1, proc.stderr
    assert "uid=" not in proc.stderr + proc.stdout


def _digest(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("where", ["data", "data/2021", "data/2021/out", ".", "notebooks", "book"])
def test_output_folder_in_or_around_the_inputs_is_refused(tmp_path, where):
    """`--out data` once deleted data/2021. Refused, with one line, nothing touched."""
    proj = project_copy(tmp_path / "proj")
    before = {name: _digest(proj / name) for name in ("data", "notebooks", "book")}
    proc = cli("build", "--year", "2021", "--root", str(proj), "--out", str(proj / where), cwd=tmp_path, timeout=120)
    assert proc.returncode != 0 and proc.stderr.count("\n") == 1 and "——修改：" in proc.stderr, proc.stderr
    assert proc.returncode == 2, f"a refused --out is a bad argument (exit 2), got {proc.returncode}: {proc.stderr}"
    assert {name: _digest(proj / name) for name in ("data", "notebooks", "book")} == before


def test_a_published_year_linked_elsewhere_is_replaced_not_followed(clean, tmp_path):
    """If public/2021 is a link to a folder outside public/, a build replaces the link and
    leaves that folder as it was (it once deleted it)."""
    elsewhere = tmp_path / "precious"
    elsewhere.mkdir()
    (elsewhere / "keep.txt").write_text("keep", encoding="utf-8")
    out = tmp_path / "public"
    out.mkdir()
    os.symlink(elsewhere, out / "2021")
    proc = cli("build", "--year", "2021", "--no-pdf", "--root", str(clean["proj"]), "--out", str(out), cwd=tmp_path)
    assert (elsewhere / "keep.txt").read_text(encoding="utf-8") == "keep" and sorted(p.name for p in elsewhere.iterdir()) == ["keep.txt"]
    assert proc.returncode == 0, proc.stderr
    assert (out / "2021").resolve() != elsewhere.resolve() and (out / "2021" / "html" / "index.html").exists()
