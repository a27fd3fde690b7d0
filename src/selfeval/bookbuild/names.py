"""File names made from free text (a project name in the PDF's name): sanitised and bounded.

A name from data never decides a path: only letters, digits and a few harmless marks
survive, the length is capped, and an empty result falls back to a fixed name.
"""

from __future__ import annotations

import re
import unicodedata

MAX_STEM = 60
_KEEP = set("-_（）()·")


def safe_stem(text: str, fallback: str = "report", limit: int = MAX_STEM) -> str:
    """``广州/12345<项目>`` → ``广州_12345_项目_``: letters and digits of any script, '-', '_', brackets."""
    out = []
    for ch in unicodedata.normalize("NFKC", text):
        cat = unicodedata.category(ch)
        out.append(ch if cat[0] in ("L", "N") or ch in _KEEP else "_")
    stem = re.sub(r"_+", "_", "".join(out)).strip("_.")
    return stem[:limit] or fallback


def report_file_stem(year: int, project_name: str) -> str:
    """``2021年12345政府服务热线人工坐席服务外包项目绩效自评报告`` (the reference's own title words)."""
    return f"{year}年{safe_stem(project_name, 'project')}绩效自评报告"


REVIEW_PAGE = "review"  # the 复核提示 page: review.ipynb → review.html, beside intro.html (outside the numbering)
