"""End to end: `selfeval build --year 2021` → HTML book and PDF showing the reference figures.

The books are the session's shared ones (tests/book_fixtures.py): data/2021 built from nothing
(``book2021``), the fixture years (``years_site``), and the other projects built once here."""

from __future__ import annotations

import json
import re
import shutil
import subprocess

import pytest

from book_fixtures import ROOT, html_text, run_build

pytestmark = pytest.mark.book


def page(book, name):
    return html_text(book / "html" / "executed" / f"{name}.html")


def test_build_reports_steps_and_paths(book2021):
    proc = book2021
    assert "[1] 读取并检查 data/2021" in proc.stdout
    assert "网页：" in proc.stdout and "PDF：" in proc.stdout


def test_indicator_table_figures(book2021):
    text = page(book2021.folder, "01_basic")
    for figure in ("94.07%", "99.99%", "98.79%", "97.52%", "13,410.06"):
        assert figure in text, figure
    assert "总呼入数11666777次，总接通数10975138次，月度话务接通率为94.07%" in text
    assert "“月度话务接通率”完成值略低于全年指标目标" in text


def test_evaluation_chapter(book2021):
    text = page(book2021.folder, "02_evaluation")
    assert "绩效自评分值为99.70分" in text
    assert "产出指标（话务平台可用率、对群众办理结果不满意的回访率、工单转派及时率、月度话务接通率）49.70分" in text
    assert "自评等级为“优”" in text


def test_problems_chapter_generated_from_results(book2021):
    text = page(book2021.folder, "03_problems")
    assert "“月度话务接通率”未达到目标值（完成值94.07%，目标≥95%）" in text
    assert "达到合同约定服务量（1212万件）的2.37倍" in text
    assert "将从四方面改进" in page(book2021.folder, "03b_measures")


def test_form_page(book2021):
    text = page(book2021.folder, "04_form")
    assert "11.70" in text and "99.70" in text and "13,410.06" in text
    assert "计1档，即本指标需扣减0.30分" in text


def test_volume_appendix(book2021):
    text = page(book2021.folder, "a1_volume")
    assert "2.37倍" in text and "2871.7436" in text
    assert "仅有2021年一个年度的服务量数据，暂无法计算同比增长。" in text  # only 2021 in data/
    # one year: a sentence instead of a chart of one bar
    assert "只有2021年一个年度，无历年变化可比，不另作图。" in text and "chart-volume" not in text


def test_code_hidden_and_no_outside_resources(book2021):
    html_dir = book2021.html
    pages = sorted(html_dir.rglob("*.html"))
    chapters = {p.stem for p in book2021.notebooks}
    assert chapters and {p.stem for p in pages} >= {"intro", "provenance", "search", *chapters}  # every page is looked at
    found = []
    for f in pages:
        raw = f.read_text(encoding="utf-8")
        if "open_year(" in raw:
            found.append(f"code in {f.name}")
        if re.search(r'(src|href)="(https?:)?//(?!localhost)', raw.replace('href="https://', 'href-ext="')):
            found.append(f"outside link in {f.name}")
        if re.search(r'<(script|link|img)[^>]+(src|href)="(https?:)?//', raw):
            found.append(f"outside resource in {f.name}")
    assert found == []
    # the code is there, in the executed notebooks: only the pages leave it out
    cells = json.loads(book2021.notebooks[0].read_text(encoding="utf-8"))["cells"]
    assert any("open_year(" in "".join(c["source"]) for c in cells)


def test_provenance(book2021):
    man = json.loads((book2021.folder / "manifest.json").read_text(encoding="utf-8"))
    assert man["fiscal_year"] == 2021 and man["total"] == "99.70" and man["grade"] == "优"
    assert set(man["inputs"]) >= {"data/2021/project.yaml", "data/2021/indicators.yaml", "data/2021/funding.csv"}
    text = html_text(book2021.folder / "html" / "provenance.html")
    assert man["inputs"]["data/2021/indicators.yaml"] in text
    assert "构建时间" in text and man["git_commit"][:12] in text
    # executed notebooks are downloadable for auditors
    raw = (book2021.folder / "html" / "provenance.html").read_text(encoding="utf-8")
    links = re.findall(r'<a href="([^"]+\.ipynb)" download>', raw)
    targets = {(book2021.folder / "html" / link).resolve() for link in links}
    assert {p.name for p in targets} >= {"01_basic.ipynb", "04_form.ipynb"}
    assert all(p.is_file() and p.parent == (book2021.folder / "notebooks").resolve() for p in targets), targets


def test_landing_page_lists_year(book2021):
    index = (book2021.public / "index.html").read_text(encoding="utf-8")
    assert 'href="2021/html/index.html"' in index and "99.70" in index
    assert 'href="../index.html"' not in index and "部门项目绩效自评汇总" not in index  # one project's own folder: no department above it


def _pdf(book):
    return next(book.glob("*.pdf"))


def test_pdf_text_and_fonts(book2021):
    pdf = _pdf(book2021.folder)
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    for title in ("一、基本情况", "二、综合评价分析", "三、存在的主要问题", "四、下一步改进措施", "项目支出绩效自评表", "目", "录"):
        assert title in text, title
    for figure in ("94.07%", "99.99%", "11.70", "99.70", "13,410.06"):
        assert figure in text, figure
    assert "Contents" not in text and "Chapter" not in text
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert re.search(r"CJK.*CID.*yes\s+yes\s+yes", fonts), fonts
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
    assert 8 <= pages <= 40, pages
    assert "A4" in info or "595.28 x 841.89" in info


def test_nothing_changed_rebuild_is_a_noop(book2021):
    out = book2021.public
    proc = run_build(out, "--year", "2021", cwd=book2021.project)  # the shared book's own project: nothing to do
    assert proc.returncode == 0, proc.stderr
    assert "已是最新" in proc.stdout
    # still says where the books are
    assert f"网页：{out / '2021'}/html/index.html" in proc.stdout
    assert re.search(rf"PDF：{re.escape(str(out / '2021'))}/.+\.pdf", proc.stdout), proc.stdout


FIXTURES = ROOT / "tests" / "fixtures"


def test_volume_growth_over_several_years(years_site):
    """Synthetic years 2019–2021 (tests/fixtures/years, the session's shared site); 2021 carries a monthly series."""
    text = page(years_site.folder, "a1_volume")
    assert "2020年服务量较2019年增长66.67%（2000万件，上年1200万件）" in text
    assert "2021年服务量较2020年增长43.59%（2871.7436万件，上年2000万件）" in text
    assert "2019年至2021年，服务量累计增长至2.39倍" in text


def test_monthly_series_named_in_text(years_site):
    text = page(years_site.folder, "a2_capacity")
    assert "2021年1月、2月、7月、8月、12月接通率低于95%目标（最低为8月，90.40%），其余7个月达标" in text
    assert 'id="chart-monthly"' in (years_site.folder / "html" / "executed" / "a2_capacity.html").read_text(encoding="utf-8")


def test_single_year_says_what_it_cannot_do(book2021):
    text = page(book2021.folder, "a2_capacity")
    assert "chart-monthly" not in (book2021.folder / "html" / "executed" / "a2_capacity.html").read_text(encoding="utf-8")
    assert "2021年未提供分月话务数据，本报告不作逐月接通率分析。" in text
    assert "按占用率不超过85%（假设）计，忙时需在岗282人" in text
    # no bare verdict from assumed inputs (issue 15): the model is a sensitivity that says where it flips
    assert "按全年日均话务量需话务员约818人（现有858人）" in text and "比实际858人少40人" not in text
    assert "以下为话务员需求的敏感性分析，而非人手是否充足的结论" in text and "平均处理时长超过315秒（假设300秒）" in text
    assert "仅有2021年一年的服务量数据，无法估计增长趋势，不作下一年度服务量预测" in text


@pytest.fixture(scope="module")
def other_project(shared_books):
    book = shared_books.book("other", "--year", "2023", "--no-pdf", data=FIXTURES / "other")
    return book.folder, book


def test_non_hotline_project_leaves_out_what_it_lacks(other_project):
    book, proc = other_project
    assert "因缺少数据而略去：05_compare、a1_volume、a2_capacity" in proc.stdout  # no earlier year, no volume, no answer rate
    pages = {p.stem for p in (book / "html" / "executed").glob("*.html")}
    assert pages == {"01_basic", "02_evaluation", "03_problems", "03b_measures", "04_form"}
    form = page(book, "04_form")
    assert "92.75" in form and "9.75" in form and "487,500.00" in form and "单位：元" in form  # money in the data's own unit
    assert "基本及时" in form
    assert "“讲座按计划完成及时性”评价为“基本及时”，部分达成全年指标目标" in page(book, "01_basic")
    evaluation = page(book, "02_evaluation")
    assert "服务量" not in evaluation and "每席" not in evaluation


def test_build_record_is_an_html_page_outside_the_report(book2021):
    """构建信息 is not report content: not in the PDF (see test_pdf_layout), not in the book's
    table of contents or page sequence, but one click away from every page's footer."""
    html = book2021.folder / "html"
    text = subprocess.run(["pdftotext", str(_pdf(book2021.folder)), "-"], capture_output=True, text=True, check=True).stdout
    assert "构建信息" not in text and "数据来源" not in text
    for page in [html / "intro.html", *sorted((html / "executed").glob("*.html"))]:
        raw = page.read_text(encoding="utf-8")
        nav = raw[raw.index('<nav class="bd-links') : raw.index("</nav>", raw.index('<nav class="bd-links'))]
        assert "provenance" not in nav, page
        footer = re.search(r'<p class="selfeval-provenance"><a href="([^"]+)">构建信息</a>', raw)
        assert footer and (page.parent / footer.group(1)).resolve() == (html / "provenance.html").resolve(), page
        assert "sha256" not in raw.lower() and ".ipynb" not in html_text(page), page
    assert "构建编号" in html_text(html / "provenance.html")


@pytest.fixture(scope="module")
def archive_book(shared_books):
    return shared_books.book("archive", "--year", "2024", data=FIXTURES / "archive").folder


def test_blank_sections_keep_numbering_with_pending(archive_book):
    """A section left blank keeps its heading and shows 【待补充】 (a finding of 章节未填写), never a silent 无。"""
    text = page(archive_book, "01_basic")
    assert re.search(r"1\.项目单位基本情况\W*某市档案馆负责馆藏档案的保管和利用。", text)
    for n, heading in ((2, "项目实施背景"), (3, "主要依据"), (4, "实施年度、实施范围、实施程序")):
        assert re.search(rf"{n}\.{heading}\W*【待补充】", text), heading
    assert re.search(r"（三）项目管理情况\W*【待补充】", text)
    assert "针对上述问题，我馆将加快数字化加工进度，按月通报完成情况。" in page(archive_book, "03b_measures")
    pdf = subprocess.run(["pdftotext", str(_pdf(archive_book)), "-"], capture_output=True, text=True, check=True).stdout.replace("\n", "")
    assert "431,234.50" in pdf and "86.25%" in pdf and "【待补充】" in pdf
    from docx import Document

    docx = next(archive_book.glob("*.docx"))
    words = "\n".join(p.text for p in Document(str(docx)).paragraphs)
    assert "【待补充】" in words  # Word shows the gap as the HTML does


def test_review_page_outside_the_report(archive_book):
    """复核提示: an orphan HTML page linked from the cover, counted on the landing card, never in the PDF or Word."""
    html = archive_book / "html"
    review = html_text(html / "review.html")
    assert (
        "2024年度：复核提示12条待处理" in review and "【预算执行缺原因】" in review and "archive/2024/budget.yaml：执行偏差原因（deviation_reason）" in review
    )
    intro = (html / "intro.html").read_text(encoding="utf-8")
    assert '<p class="cover-review"><a href="review.html">复核提示：12条待处理</a></p>' in intro
    for page_file in [html / "intro.html", *sorted((html / "executed").glob("*.html"))]:
        raw = page_file.read_text(encoding="utf-8")
        nav = raw[raw.index('<nav class="bd-links') : raw.index("</nav>", raw.index('<nav class="bd-links'))]
        assert "review" not in nav, page_file
    pdf = subprocess.run(["pdftotext", str(_pdf(archive_book)), "-"], capture_output=True, text=True, check=True).stdout
    assert "复核提示" not in pdf and "审核要点" not in pdf
    from docx import Document

    docx = Document(str(next(archive_book.glob("*.docx"))))
    assert not any("复核提示" in p.text for p in docx.paragraphs)
    landing = (archive_book.parent / "index.html").read_text(encoding="utf-8")
    assert '<dt>复核提示</dt><dd><a href="2024/html/review.html">12条待处理</a></dd>' in landing
    record = html_text(html / "provenance.html")
    assert "archive/2024/budget.yaml" in record and "/tmp" not in record and "2024年度：复核提示12条待处理，见 复核提示 页。" in record


def test_strict_build_fails_on_warnings_and_publishes_nothing(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data" / "2021", data / "2022")
    path = data / "2022" / "project.yaml"
    path.write_text(
        path.read_text(encoding="utf-8")
        .replace("fiscal_year: 2021", "fiscal_year: 2022")
        .replace("2021-01-01, end: 2021-12-31", "2022-01-01, end: 2022-12-31"),
        encoding="utf-8",
    )
    proc = run_build(tmp_path / "public", "--year", "2022", "--strict", data=data)
    assert proc.returncode == 2, proc.stdout
    assert proc.stderr.count("\n") == 1 and "复核提示20条待处理，--strict 不予发布" in proc.stderr and "——修改：" in proc.stderr
    assert "问题：" in proc.stdout and "写的是2021年，不是本报告的2022年度" in proc.stdout
    assert not (tmp_path / "public" / "2022").exists()


def test_release_has_the_form_workbook_and_the_word_report_linked(book2021):
    book = book2021.folder
    man = json.loads((book / "manifest.json").read_text(encoding="utf-8"))
    assert man["xlsx"].endswith("-自评表.xlsx") and man["docx"].endswith(".docx")
    from urllib.parse import unquote

    raw = (book / "html" / "intro.html").read_text(encoding="utf-8")
    links = {unquote(h) for h in re.findall(r'<a href="\.\./([^"]+)" download>', raw)}
    assert links == {man["pdf"], man["xlsx"], man["docx"]}
    assert all((book / name).is_file() for name in links)
    from openpyxl import load_workbook

    ws = load_workbook(book / man["xlsx"], data_only=True).active
    values = [c.value for row in ws.iter_rows() for c in row if c.value is not None]
    assert 99.7 in [float(v) for v in values if isinstance(v, (int, float))]  # the value stored with the 总分 formula
    # the 自评表's page offers the .xlsx beside the form; the published notebook stays as executed
    form = (book / "html" / "executed" / "04_form.html").read_text(encoding="utf-8")
    assert {unquote(h) for h in re.findall(r'<a href="\.\./\.\./([^"]+)" download>', form)} == {man["xlsx"]}
    assert "selfeval-downloads" not in (book / "notebooks" / "04_form.ipynb").read_text(encoding="utf-8")
