"""A data folder of one project (data/<year>/) or of a department (data/<project>/<year>/): told apart,
never mixed, project ids checked as untrusted names; the commands' one-line answers (no book built)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from book_fixtures import cli_in_process
from selfeval.bookbuild.publish import OutputFolder
from selfeval.contract.projects import ID_RULE, check_project_id, department_projects, id_problem, layout, project_data
from selfeval.department.run import check_output
from selfeval.errors import DataError

ROOT = Path(__file__).resolve().parents[1]
YEAR = ROOT / "data" / "2021"


def _project(data: Path, name: str, year: str = "2021") -> Path:
    shutil.copytree(YEAR, data / name / year)
    return data / name


@pytest.mark.parametrize("good", ["jishan-health", "a", "p1", "12345", "x-1-y", "a" * 64])
def test_good_project_ids(good):
    assert id_problem(good) is None and check_project_id(good) == good


@pytest.mark.parametrize(
    "bad",
    ["..", ".", ".hidden", "Jishan", "a_b", "a--b", "-a", "a-", "2021", "a" * 65, "ａｂ", "a\u200bb", "a b", "a/b", "项目", "", "a.b"],
)
def test_bad_project_ids_are_refused_in_one_line(bad):
    assert id_problem(bad) is not None
    with pytest.raises(DataError) as err:
        check_project_id(bad)
    line = str(err.value)
    assert "\n" not in line and line.startswith("--project：") and ID_RULE in line


def test_the_single_layout_stays_and_ignores_stray_folders(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(YEAR, data / "2021")
    for name in ("¹", "２０２０", "notes", ".git"):
        (data / name).mkdir()
    (data / "README.md").write_text("说明", encoding="utf-8")
    assert layout(data) == "single"


def test_a_department_lists_its_projects_and_years(tmp_path):
    data = tmp_path / "data"
    _project(data, "b-roads", "2022")
    _project(data, "b-roads", "2023")
    _project(data, "a-health")
    (data / ".hidden").mkdir()
    (data / "README.md").write_text("说明", encoding="utf-8")
    assert layout(data) == "department"
    assert [(p.id, p.years) for p in department_projects(data)] == [("a-health", (2021,)), ("b-roads", (2022, 2023))]
    assert project_data(data, "b-roads") == data / "b-roads"


def test_mixing_the_layouts_is_refused_in_one_line(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    data = tmp_path / "data"
    shutil.copytree(YEAR, data / "2021")
    _project(data, "p1", "2022")
    with pytest.raises(DataError) as err:
        layout(data)
    assert str(err.value) == (
        "data/p1：是项目文件夹（其中有年度文件夹 2022/），而数据文件夹中还有单项目布局的年度文件夹 2021/：两种布局不能混用"
        "——修改：单项目：只保留 data/<年度>/；多项目：把 2021/ 移入项目文件夹 data/<项目标识>/2021/（见 data/README.md“多个项目”）"
    )


@pytest.mark.parametrize(
    ("name", "problem"),
    [("Bad_Name", "文件夹名“Bad_Name”不是有效的项目标识"), ("UPPER", "文件夹名“UPPER”不是有效的项目标识"), ("empty", "项目文件夹中没有年度文件夹")],
)
def test_a_bad_project_folder_is_named(tmp_path, monkeypatch, name, problem):
    monkeypatch.chdir(tmp_path)
    data = tmp_path / "data"
    _project(data, "good")
    (data / name).mkdir()
    with pytest.raises(DataError) as err:
        department_projects(data)
    assert str(err.value).startswith(f"data/{name}：{problem}——修改：")


def test_a_project_linked_out_of_the_data_folder_is_refused_one_inside_is_read(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    data = tmp_path / "data"
    _project(data, "good")
    elsewhere = _project(tmp_path / "elsewhere", "secret")
    os.symlink(data / "good", data / "alias")
    assert [p.id for p in department_projects(data)] == ["alias", "good"]
    os.symlink(elsewhere, data / "outside")
    with pytest.raises(DataError) as err:
        department_projects(data)
    assert str(err.value).startswith(f"data/outside：是指向数据文件夹 {data} 之外的 {elsewhere} 的链接——修改：")


def test_a_department_output_folder_refuses_published_single_years(tmp_path):
    public = tmp_path / "public"
    (public / ".releases" / "2021-abc").mkdir(parents=True)
    os.symlink(".releases/2021-abc", public / "2021")
    with pytest.raises(DataError) as err:
        check_output(OutputFolder(public, protected=[tmp_path / "data"]))
    assert "已有单项目布局发布的年度 2021/" in str(err.value) and "换一个 --out" in str(err.value)


# --------------------------------------------------------------------------- the commands


@pytest.fixture
def department(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    data = tmp_path / "data"
    _project(data, "p1")
    _project(data, "p2")
    return data


def test_score_and_check_take_a_project(department, capsys):
    done = cli_in_process(capsys, "score", "--data", str(department), "--project", "p2", "--year", "2021")
    assert done.returncode == 0 and "总分 99.70  等级 优" in done.stdout
    done = cli_in_process(capsys, "check", "--data", str(department), "--project", "p1", "--year", "2021")
    assert done.returncode == 0 and "2021年度：" in done.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["score", "--year", "2021"], "错误：data：是多项目布局（<项目标识>/<年度>/），须指明项目——修改：加上 --project <项目标识>（现有：p1、p2）"),
        (
            ["score", "--year", "2021", "--project", "p3"],
            "错误：data/p3：没有这个项目——修改：现有项目：p1、p2；新建 data/p3/<年度>/（见 data/README.md“多个项目”）",
        ),
        (["build", "--year", "2021"], "须指明生成哪些项目——修改：用 --all 生成全部项目，或 --project <项目标识>（现有：p1、p2）"),
        (["build", "--project", "../p1"], "错误：--project：“../p1”是文件夹路径，不是项目标识——修改：项目检出目录（notebooks、book）用 --root 指定"),
        (["build", "--project", "P1"], "错误：--project：“P1”不是有效的项目标识——修改：项目标识只能用小写英文字母a-z"),
        (["build", "--project", "p1", "--year", "2019"], "错误：data：所选项目没有2019年度的数据——修改：现有年度：2021"),
    ],
)
def test_department_commands_answer_in_one_line(department, capsys, args, message):
    done = cli_in_process(capsys, *args, "--data", str(department))
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and message in done.stderr, done.stderr


def test_build_refuses_mixed_layouts_before_starting_anything(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    data = tmp_path / "data"
    shutil.copytree(YEAR, data / "2021")
    _project(data, "p1")
    done = cli_in_process(capsys, "build", "--all", "--data", str(data), "--out", str(tmp_path / "public"))
    assert done.returncode == 2 and "两种布局不能混用" in done.stderr and done.stderr.count("\n") == 1
    assert not (tmp_path / "public").exists()


def test_project_on_a_single_layout_is_refused(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    data = tmp_path / "data"
    shutil.copytree(YEAR, data / "2021")
    done = cli_in_process(capsys, "build", "--project", "p1", "--data", str(data))
    assert done.returncode == 2 and "是单项目布局（<年度>/），没有项目 p1" in done.stderr
    done = cli_in_process(capsys, "score", "--project", "p1", "--year", "2021", "--data", str(data))
    assert done.returncode == 2 and "是单项目布局（data/<年度>/），没有项目 p1" in done.stderr


def test_build_on_a_single_layout_asks_for_a_year_or_all(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    data = tmp_path / "data"
    data.mkdir()
    done = cli_in_process(capsys, "build", "--data", str(data))
    assert done.returncode == 2 and "错误：--year：没有指定年度——修改：用 --year 年度 指定（可重复），或 --all 生成全部年度" in done.stderr
    done = cli_in_process(capsys, "build", "--all", "--data", str(data))
    assert done.returncode == 2 and "没有年度数据——修改：新建 <年度>/（见 data/README.md）" in done.stderr
