"""selfeval: turn a project's yearly figures into its 项目支出绩效自评报告.

Pipeline: ``data/<year>`` → :mod:`selfeval.load` (validate into :mod:`selfeval.model`)
→ :mod:`selfeval.evaluate` (indicators, scores, derived figures, exact arithmetic)
→ :mod:`selfeval.narrate` (generated sentences) / :mod:`selfeval.tables` / :mod:`selfeval.charts`
→ notebooks executed by papermill → Jupyter Book (:mod:`selfeval.bookbuild`).
"""

__all__ = ["__version__"]
__version__ = "0.1.0"
