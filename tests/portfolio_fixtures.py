"""The synthetic portfolio generator (scripts/synth_portfolio.py) as the tests use it: imported as a
module (it is a script, not part of the package), and a portfolio written into a folder."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[1]


def load_generator() -> ModuleType:
    if "synth_portfolio" in sys.modules:
        return sys.modules["synth_portfolio"]
    spec = importlib.util.spec_from_file_location("synth_portfolio", ROOT / "scripts" / "synth_portfolio.py")
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    sys.modules["synth_portfolio"] = mod  # dataclasses look their module up there
    spec.loader.exec_module(mod)
    return mod


def write_portfolio(out: Path, projects: int, years: int, seed: int, broken: int = 0, workbooks: str = "some"):
    """Generate and write ``out/<project>/<year>/``; returns the generator's Portfolio (its entries say what each year holds)."""
    sp = load_generator()
    pf = sp.generate(projects, years, seed, broken=broken, workbooks=workbooks)
    sp.write(pf, out, seed)
    return pf
