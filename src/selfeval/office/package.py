"""Office files are zip packages: make them depend on their content only.

A writer stamps each zip entry with the current time (python-docx does); the same inputs must
give the same bytes (cache keys, reproducible publishing), so the entries are rewritten in
their original order with one fixed timestamp and fixed compression.
"""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

from ..evaluation.results import Evaluation

ZIP_TIME = (1980, 1, 1, 0, 0, 0)  # the earliest time a zip entry can carry


def document_date(ev: Evaluation) -> dt.datetime:
    """The date in a file's document properties: the report date when the data gives one, else
    1 January after the fiscal year (a report is never written before its year ends), so the
    properties change only with the data."""
    day = ev.data.project.report_date or dt.date(ev.year + 1, 1, 1)
    return dt.datetime.combine(day, dt.time())


def normalize_zip(path: Path) -> None:
    """Rewrite ``path`` with every entry stamped ZIP_TIME, in the original order, deflated."""
    with zipfile.ZipFile(path) as z:
        entries = [(info.filename, z.read(info)) for info in z.infolist()]
    tmp = path.with_name(path.name + ".zip-tmp")
    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as out:
        for name, data in entries:
            info = zipfile.ZipInfo(name, ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o600 << 16
            out.writestr(info, data)
    tmp.replace(path)
