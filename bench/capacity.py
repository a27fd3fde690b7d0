"""Benchmark of the capacity model's bounded search (prints numbers; not a test).

    .venv/bin/python bench/capacity.py

The staffing search of :mod:`selfeval.analyses.erlang` is bounded (50,000 agents on duty in
one hour) and must finish in seconds anywhere inside that bound. Each scenario scales the 2021
answer-rate counts of a copy of ``data/2021`` and times ``capacity_for_year`` (the whole model:
every operating hour, the headcount, the break-even handle time and the curve):

- the 2021 data (×1), ×10 and ×100 the counts (before the bound, ×10 took 6.5 s and ×100 more
  than 10 minutes: the occupancy cap was met by adding one agent at a time);
- ×150 with an hourly profile of 24 different hours and 3600 s patience (the slowest case found);
- ×1000 the counts, and an occupancy_cap of 1e-9: refused when the year is loaded.
"""

from __future__ import annotations

import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from selfeval.analyses.capacity import capacity_for_year  # noqa: E402
from selfeval.contract.load import load_year  # noqa: E402
from selfeval.errors import DataError  # noqa: E402

ANSWERED, OFFERED = 10975138, 11666777


def year_with(tmp: Path, factor: int, capacity: str = "") -> Path:
    year = tmp / "data" / "2021"
    shutil.copytree(ROOT / "data" / "2021", year)
    path = year / "indicators.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace(f"value: {ANSWERED}", f"value: {ANSWERED * factor}").replace(f"value: {OFFERED}", f"value: {OFFERED * factor}")
    path.write_text(text, encoding="utf-8")
    if capacity:
        (year / "capacity.yaml").write_text(capacity, encoding="utf-8")
    return year


def scenario(name: str, factor: int, capacity: str = "") -> None:
    with tempfile.TemporaryDirectory() as tmp:
        year = year_with(Path(tmp), factor, capacity)
        t = time.perf_counter()
        try:
            r = capacity_for_year(load_year(year))
        except DataError as exc:
            print(f"{name:<44} refused at load in {time.perf_counter() - t:5.2f} s: {str(exc)[:90]}…")
            return
        secs = time.perf_counter() - t
        assert r is not None
        print(f"{name:<44} {secs:6.2f} s  busy-hour load {r.busy_hour_load:>9} Erl, on duty {r.busy_agents:>6}, headcount {r.required_headcount:>6}")


def main() -> None:
    random.seed(2)
    profile = ", ".join(str(random.randint(50, 100)) for _ in range(24))
    scenario("2021 data (x1)", 1)
    scenario("counts x10", 10)
    scenario("counts x100", 100)
    scenario("counts x150, 24-hour profile, patience 3600 s", 150, f"patience_seconds: 3600\nhourly_profile: [{profile}]\n")
    scenario("counts x1000", 1000)
    scenario("occupancy_cap 1e-9", 1, "occupancy_cap: 0.000000001\n")


if __name__ == "__main__":
    main()
