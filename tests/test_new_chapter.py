"""`selfeval new-chapter`: a notebook from the template, registered before the appendices, clashes refused."""

from __future__ import annotations

import json

import pytest
import yaml

from book_fixtures import ROOT, project_copy
from selfeval.authoring import strip
from selfeval.authoring.new_chapter import insert_chapter
from selfeval.bookbuild import plan
from selfeval.cli import main


@pytest.fixture
def project(tmp_path, monkeypatch):
    root = project_copy(tmp_path / "project")
    monkeypatch.chdir(root)
    return root


def test_new_chapter_writes_the_template_and_registers_it(project, capsys):
    before = (project / "book" / "chapters.yml").read_text(encoding="utf-8")
    assert main(["new-chapter", "专题分析：话务量高峰"]) == 0
    assert "已写入 notebooks/06_special.ipynb" in capsys.readouterr().out
    path = project / "notebooks" / "06_special.ipynb"
    after = (project / "book" / "chapters.yml").read_text(encoding="utf-8")
    # one line added, before the first appendix (附录一), every comment kept
    assert after.replace("  - notebook: notebooks/06_special.ipynb\n", "", 1) == before
    assert after.index("06_special") < after.index("a1_volume") and after.index("05_compare") < after.index("06_special")
    names = [c.name for c in plan.read_plan(project)]
    assert names == ["01_basic", "02_evaluation", "03_problems", "03b_measures", "04_form", "05_compare", "06_special", "a1_volume", "a2_capacity"]

    nb = json.loads(path.read_text(encoding="utf-8"))
    params, imports, heading = nb["cells"][:3]
    assert params["metadata"]["tags"] == ["parameters"]
    assert "".join(params["source"]) == 'year: int = 2021\ndata_dir: str = "../data"  # relative to notebooks/; the build passes its own'
    assert "ev = open_year(data_dir, year)" in "".join(imports["source"]) and "from selfeval.analyses import frames" in "".join(imports["source"])
    assert heading["cell_type"] == "markdown" and "".join(heading["source"]) == "# 专题分析：话务量高峰"
    assert strip.is_clean(path)
    plan.check_parameters(path, {"year": 2021, "data_dir": "data"}, project)  # what the build checks first


def test_ascii_words_of_the_title_name_the_file(project):
    assert main(["new-chapter", "Peak hours 分析"]) == 0
    assert main(["new-chapter", "专题分析：投诉", "--name", "complaints"]) == 0
    assert (project / "notebooks" / "06_peak_hours.ipynb").exists() and (project / "notebooks" / "07_complaints.ipynb").exists()
    order = [c.name for c in plan.read_plan(project)]
    assert order.index("06_peak_hours") < order.index("07_complaints") < order.index("a1_volume")


@pytest.mark.parametrize(
    ("title", "extra", "message"),
    [
        ("一、基本情况", [], "已是 notebooks/01_basic.ipynb 的标题"),
        ("附录一　服务量增长分析", [], "已是 notebooks/a1_volume.ipynb 的标题"),
        ("专题{{ cycler.__init__ }}", [], "这些字符在标题中表示标记"),
        ("<script>x</script>", [], "这些字符在标题中表示标记"),
        ("专题\n分析", [], "换行"),
        ("专题\u2028分析", [], "标题含有换行或控制字符（U+2028（行分隔符））"),
        ("专题\u2029分析", [], "（U+2029（段分隔符））"),
        ("专题\u3164分析", [], "（U+3164（韩文填充符））"),
        ("   ", [], "标题为空"),
        ("专题分析：投诉", ["--name", "../../etc"], "不是安全的文件名"),
        ("专题分析：投诉", ["--name", "Complaints"], "不是安全的文件名"),
    ],
)
def test_bad_titles_and_names_are_refused(project, capsys, title, extra, message):
    before = sorted(p.name for p in (project / "notebooks").iterdir())
    yml = (project / "book" / "chapters.yml").read_text(encoding="utf-8")
    assert main(["new-chapter", title, *extra]) == 2
    err = capsys.readouterr().err
    assert err.startswith("错误：new-chapter：") and message in err and err.count("\n") == 1
    assert sorted(p.name for p in (project / "notebooks").iterdir()) == before
    assert (project / "book" / "chapters.yml").read_text(encoding="utf-8") == yml


def test_the_same_title_twice_is_refused(project, capsys):
    assert main(["new-chapter", "专题分析：话务量高峰"]) == 0
    assert main(["new-chapter", "专题分析： 话务量高峰 "]) == 2  # spaces and full/half width do not make it another title
    assert "已是 notebooks/06_special.ipynb 的标题" in capsys.readouterr().err
    assert main(["new-chapter", "专题分析：其他", "--name", "special"]) == 0  # numbered anew: 06_special
    assert (project / "notebooks" / "06_special.ipynb").exists()


def test_insert_keeps_comments_with_the_appendix():
    text = "chapters:\n  - notebook: notebooks/01.ipynb\n  # appendices\n  - notebook: notebooks/a1.ipynb\n    requires: x\n"
    out = insert_chapter(text, "notebooks/05.ipynb", "notebooks/a1.ipynb")
    assert (
        out
        == "chapters:\n  - notebook: notebooks/01.ipynb\n  - notebook: notebooks/05.ipynb\n  # appendices\n  - notebook: notebooks/a1.ipynb\n    requires: x\n"
    )
    end = insert_chapter("chapters:\n  - notebook: notebooks/01.ipynb", "notebooks/05.ipynb", None)
    assert yaml.safe_load(end)["chapters"] == [{"notebook": "notebooks/01.ipynb"}, {"notebook": "notebooks/05.ipynb"}]


def test_repo_chapters_file_is_untouched():
    """The tests above work on copies."""
    text = (ROOT / "book" / "chapters.yml").read_text(encoding="utf-8")
    assert "06_special" not in text and not (ROOT / "notebooks" / "06_special.ipynb").exists()
