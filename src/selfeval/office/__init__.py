"""What the unit files besides the book: the 自评表 as .xlsx and the whole report as .docx.

``write_form_xlsx(ev, target)`` and ``write_report_docx(ev, executed_notebooks, target)``;
both are deterministic (fixed zip timestamps and document properties, stable entry order).
"""

from .form_xlsx import write_form_xlsx
from .report_docx import write_report_docx

__all__ = ["write_form_xlsx", "write_report_docx"]
