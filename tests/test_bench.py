"""The benchmark notices (bench/run.py): a figure more than 20% worse than the last recorded one is
flagged, CPU seconds and memory included, and a recorded table carries its date and commit."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def bench():
    spec = importlib.util.spec_from_file_location("bench_run", ROOT / "bench" / "run.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_run"] = module
    spec.loader.exec_module(module)
    return module


RECORDED = {
    "date": "2026-12-05",
    "commit": "a" * 40,
    "figures": {"cold.cpu_s": 10.0, "cold.wall_s": 5.0, "cold.peak_mb": 500, "cold.executed": 7, "peer.ratio_wall": 4.0, "nothing_changed.wall_s": 0.1},
}


def test_a_figure_more_than_20_percent_worse_is_flagged_and_one_within_is_not(bench, capsys):
    now = {
        "cold.cpu_s": 12.1,  # 21% more CPU
        "cold.wall_s": 5.9,  # 18% more: within
        "cold.peak_mb": 650,  # 30% more memory
        "cold.executed": 8,  # one notebook more executed
        "peer.ratio_wall": 3.2,  # 25% less faster than the peer: worse
        "nothing_changed.wall_s": 0.13,  # 30% more, but 0.03 s: noise
    }
    assert bench.print_comparison(now, RECORDED) == 4
    out = {line.split()[0]: line for line in capsys.readouterr().out.splitlines() if line.strip()}
    assert "WORSE" in out["cold.cpu_s"] and "12.10" in out["cold.cpu_s"] and "10" in out["cold.cpu_s"]
    assert "WORSE" not in out["cold.wall_s"] and "WORSE" not in out["nothing_changed.wall_s"]
    assert "WORSE" in out["cold.peak_mb"] and "WORSE" in out["cold.executed"] and "WORSE" in out["peer.ratio_wall"]


def test_the_same_figures_are_not_flagged_and_targets_are_named(bench, capsys):
    assert bench.print_comparison(dict(RECORDED["figures"]), RECORDED) == 0
    out = capsys.readouterr().out
    assert "(2026-12-05 aaaaaaa)" in out
    assert "≤ 10: met" in out and "≥ 4×: met" in out


def test_a_recorded_table_carries_date_commit_load_and_the_compared_commits(bench, tmp_path, monkeypatch):
    record, report = tmp_path / "benchmark.json", tmp_path / "benchmark.md"
    report.write_text(f"# B\n\n{bench.TABLE_START}\nthe previous table\n{bench.TABLE_END}\n\nrest\n", encoding="utf-8")
    monkeypatch.setattr(bench, "RECORD", record)
    monkeypatch.setattr(bench, "REPORT", report)
    table = {
        **RECORDED,
        "dirty": False,
        "machine": "2 cores",
        "runs": 3,
        "load": {"start": [0.5, 0.4, 0.3], "end": [1.0, 0.6, 0.4]},
        "compare": {"c4ecad4": {"cold.cpu_s": 19.6}},
        "compare_commits": {"c4ecad4": "c4ecad4" + "0" * 33},
    }
    bench.write_record(table)
    bench.write_record({**table, "date": "2026-12-06"})
    assert [t["date"] for t in json.loads(record.read_text(encoding="utf-8"))["tables"]] == ["2026-12-05", "2026-12-06"]
    text = report.read_text(encoding="utf-8")
    assert "the previous table" not in text and text.endswith("\n\nrest\n")
    assert "Measured 2026-12-06 at commit aaaaaaa" in text and "load average [0.5, 0.4, 0.3]" in text and "c4ecad4: commit c4ecad400000" in text
    assert "| cold year: CPU s | 10 | 19.60 | ≤ 10 |" in text


def test_a_compared_commit_is_labelled_as_it_was_asked_for(bench):
    assert bench._label("c4ecad4", "c4ecad4d6f322dd2c3badebfad80270bddf6496d") == "c4ecad4"
    assert bench._label("main", "f0a82e5" + "0" * 33) == "main (f0a82e5)"


def test_the_step_breakdown_is_read_from_a_build_log(bench):
    log = "[1] load and check data/2021 ...\n    done in 0.20 s (CPU 0.15 s)\n[2] execute notebooks ...\n    x: executed in 1.0 s\n    done in 3.10 s (CPU 3.50 s)\n"
    assert bench.steps_of(log) == [("load and check data/2021", 0.2, 0.15), ("execute notebooks", 3.1, 3.5)]
    log = "[1] 读取并检查 data/2021…\n    完成，用时 0.20 秒（CPU 0.15 秒）\n[2] 执行笔记本…\n    2021 x.ipynb：执行完成，用时 1.0 秒\n    完成，用时 3.10 秒（CPU 3.50 秒）\n"
    assert bench.steps_of(log) == [("读取并检查 data/2021", 0.2, 0.15), ("执行笔记本", 3.1, 3.5)]
    assert bench.executed_chapters(log) == ["x"]
