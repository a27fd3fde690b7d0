"""Which numbers in an analyst's text are years.

A four-digit number from 1950 to 2099 is a year only where the text says so: followed by 年
(2019年, 2019年度, 2019年底), in a date (2019-12-31, 2019/1/1, 2019.1), or in a list or range of
years that ends in 年 (2020-2022年, 2019、2020年). Anywhere else it is a figure: 不少于2010万亩,
2019元, 2020人, 2021件 name amounts, and 120190 or 2019.5万亩 are longer numbers. Reading every
such number as a year flagged 2010万亩 as "another year" in the review and would shift it when a
target rolls forward.

Two users: the review check 非本年度年份 (presentation/textcheck.py), and the comparison of two
years (analyses/compare.py), which must tell a deadline that merely moved on with the fiscal year
(2022年12月底前 → 2023年12月底前) from a changed one. Every pattern is bounded (texts are data).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

_Y = r"(?:19[5-9][0-9]|20[0-9]{2})"
_START = r"(?<![0-9０-９])(?<![0-9][.．])"  # not the tail of a longer number or of a decimal
# a year before 年, or several joined by a range or list mark and closed by 年 (2020-2022年, 2019、2020年)
_CHAIN = re.compile(rf"{_START}{_Y}(?:\s{{0,2}}[-–—~～至到、/和及与]\s{{0,2}}{_Y}){{0,5}}\s{{0,2}}年")
_ONE = re.compile(_Y)
# a date: year, month (1-12) and an optional day, joined by - / or . ; a dot date is not a decimal before a unit
_MONTH, _DAY = r"(?:0?[1-9]|1[0-2])", r"(?:[0-3]?[0-9])"
_DATE = re.compile(rf"{_START}({_Y})(?:-{_MONTH}(?:-{_DAY})?|/{_MONTH}(?:/{_DAY})?|\.{_MONTH}(?:\.{_DAY})?)(?![0-9])")
_UNIT_AFTER = re.compile(r"\s{0,2}(?:[万亿千百%％‰元亩人件户吨次个项名台套座处米克升页场天小时分倍]|公里|平方|立方)")


def year_spans(text: str) -> Iterator[tuple[int, int, int]]:
    """(start, end, year) of every year the text names, in order; each span is the four digits."""
    found: dict[int, int] = {}
    for m in _CHAIN.finditer(text):
        for y in _ONE.finditer(m.group(0)):
            found[m.start() + y.start()] = int(y.group(0))
    for m in _DATE.finditer(text):
        if text[m.start(1) + 4] == "." and _UNIT_AFTER.match(text, m.end()):
            continue  # 2019.5万亩: a decimal before its unit, not May 2019
        found.setdefault(m.start(1), int(m.group(1)))
    for start in sorted(found):
        yield start, start + 4, found[start]


def rolled_forward(before: str, after: str, years: int) -> bool:
    """True when ``after`` is ``before`` with only its years moved on by ``years`` (at least one):
    2022年12月底前 → 2023年12月底前 for one year. Any other change, in the words or a year moved by
    another amount, is False; so are two equal texts (nothing rolled)."""
    a, b = list(year_spans(before)), list(year_spans(after))
    if len(a) != len(b) or before == after:
        return False
    moved = False
    pos_a = pos_b = 0
    for (sa, ea, ya), (sb, eb, yb) in zip(a, b):
        if before[pos_a:sa] != after[pos_b:sb] or yb not in (ya, ya + years):
            return False
        moved = moved or yb != ya
        pos_a, pos_b = ea, eb
    return moved and before[pos_a:] == after[pos_b:]
