"""selfeval: turn a project's yearly figures into its 项目支出绩效自评报告.

Pipeline: ``data/<year>`` → :mod:`selfeval.load` (validate into :mod:`selfeval.model`)
→ :mod:`selfeval.evaluate` (indicators, scores, derived figures, exact arithmetic)
→ :mod:`selfeval.narrate` (generated sentences) / :mod:`selfeval.tables` / :mod:`selfeval.charts`
→ notebooks executed by papermill → Jupyter Book (:mod:`selfeval.bookbuild`).

Importing the package defers one costly import of a dependency (:mod:`selfeval.lazy_imports`).
"""

from .lazy_imports import defer_rfc3987_syntax

defer_rfc3987_syntax()  # before anything imports jsonschema: 1.2 s less in every process (see lazy_imports)

__all__ = ["__version__"]
__version__ = "0.1.0"
