"""Constrained field types of the data contract: what a number or a text may be.

Why a module of its own: every file of a year (and any other reader, such as a workbook's)
is validated against the same rules, and the rules are about *kinds* of value rather than
about one field:

* **Numbers are never booleans.** YAML 1.1 reads ``yes``/``on`` as true, and pydantic would
  turn true into 1 (``decimals: yes`` → 1). A boolean, from YAML or a spreadsheet cell, is
  refused in every numeric field.
* **Numbers are bounded** (:data:`MAX_COUNT`, :data:`MAX_AMOUNT`, :data:`MAX_DECIMAL_PLACES`),
  so that exact arithmetic and formatting stay exact and fast: 1e27 or 1e-1000000 is a typo,
  not a budget, and would otherwise fail deep inside Decimal (``InvalidOperation``) or build
  million-digit fractions. ``-0`` is read as 0, so nothing prints "-0.00".
* **Text has no invisible characters.** A zero-width space, a BOM, a control character or a
  bidirectional override cannot be seen by the analyst or the reviewer, yet it makes
  ``产出指标`` and ``产出​指标`` two different groups, or reorders what a reviewer reads
  (CVE-2021-42574). Such text is refused with the code point named, never silently cleaned:
  the analyst must know that the cell held something else. Text is normalised to Unicode NFC
  (canonically equal spellings are one spelling), and a one-line :data:`Label` loses the
  spaces at its ends, as YAML and the CSV reader already do for unquoted values.
* **Text fits the office files.** Unicode noncharacters (U+FFFE, U+FFFF, U+FDD0–U+FDEF, …),
  which XML 1.0 (and so .docx and .xlsx) cannot hold or which break the chart renderer, are
  refused like invisible characters; and a text is at most :data:`MAX_TEXT` characters, the
  most one .xlsx cell holds, so nothing is ever cut when the 自评表 is written.
* **Digits are 0-9** (:func:`ascii_digits`, one rule for YAML, CSV and the workbook): full-width
  ０-９ and ． typed in Chinese input mode are read as the digits they show; a digit of any other
  script (Arabic-Indic ١٣, Devanagari, superscripts …) is refused with the field named.

Messages are ``problem`` + :data:`~selfeval.errors.FIX_SEPARATOR` + ``fix``, which
:mod:`selfeval.contract.validate` splits; data quoted in them is passed through
:func:`~selfeval.errors.visible` first, so it can hold neither the separator nor an invisible character.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from decimal import Decimal
from typing import Annotated, Any

from markdown_it import MarkdownIt
from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, model_validator

from ..errors import FIX_SEPARATOR as FIX
from ..errors import visible

# --------------------------------------------------------------------------- bounds

MAX_COUNT = 10**12  # counts (calls, volumes, agents, seats…): a trillion
MAX_AMOUNT = Decimal(10) ** 15  # amounts and other decimals, in the file's unit: 10^15
MAX_DECIMAL_PLACES = 10  # 万元 to 0.01 元 needs 6; more is a typo or a float artefact
MAX_TEXT = 32_767  # characters of one text field: what one .xlsx cell holds (Excel's and WPS's limit)

# --------------------------------------------------------------------------- invisible characters

# Unicode Default_Ignorable_Code_Point (DerivedCoreProperties.txt): code points that render as
# nothing. Together with the control (Cc) and format (Cf) categories this is "invisible".
_IGNORABLE = (
    (0x00AD, 0x00AD),
    (0x034F, 0x034F),
    (0x061C, 0x061C),
    (0x115F, 0x1160),
    (0x17B4, 0x17B5),
    (0x180B, 0x180F),
    (0x200B, 0x200F),
    (0x202A, 0x202E),
    (0x2060, 0x206F),
    (0x3164, 0x3164),
    (0xFE00, 0xFE0F),
    (0xFEFF, 0xFEFF),
    (0xFFA0, 0xFFA0),
    (0x1BCA0, 0x1BCA3),
    (0x1D173, 0x1D17A),
    (0xE0000, 0xE0FFF),
)
_BIDI = {0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A)}
LINE_BREAKS = "\n\r\x0b\x0c\x85\u2028\u2029"


def is_invisible(ch: str, allow: str = "\n\t") -> bool:
    """A character a reader cannot see: control, format, default-ignorable (``allow`` excepted)."""
    if ch in allow:
        return False
    code = ord(ch)
    if unicodedata.category(ch) in ("Cc", "Cf", "Cs"):
        return True
    return any(lo <= code <= hi for lo, hi in _IGNORABLE)


def code_point(ch: str) -> str:
    """``U+200B ZERO WIDTH SPACE``; control characters have no name, so they are called so."""
    name = unicodedata.name(ch, "")
    if not name:
        name = "control character" if unicodedata.category(ch) == "Cc" else "unnamed character"
    return f"U+{ord(ch):04X} {name}"


def _excerpt(text: str, pos: int, width: int = 8) -> str:
    start, end = max(0, pos - width), min(len(text), pos + width + 1)
    return ("…" if start else "") + text[start:end] + ("…" if end < len(text) else "")


def is_noncharacter(ch: str) -> bool:
    """A Unicode noncharacter (U+FDD0–U+FDEF and the last two code points of every plane: U+FFFE,
    U+FFFF, U+1FFFE …). XML 1.0 cannot hold U+FFFE/U+FFFF, so python-docx refuses them after a whole
    build, and the chart renderer aborts the kernel on them; none is ever meant to be in a text."""
    code = ord(ch)
    return 0xFDD0 <= code <= 0xFDEF or (code & 0xFFFE) == 0xFFFE


def check_visible(text: str, allow: str = "\n\t") -> None:
    """Raise ValueError naming the first invisible character (or noncharacter) of ``text``."""
    for pos, ch in enumerate(text):
        if is_noncharacter(ch):
            raise ValueError(
                f"第 {pos + 1} 个字符是 Unicode 非字符 U+{ord(ch):04X}（'{visible(_excerpt(text, pos))}'），"
                f"Word、Excel 文件（XML）不能容纳，也不是可见的文字{FIX}删除它（重新输入这段文字；它多来自损坏的文本或编码转换）"
            )
        if is_invisible(ch, allow):
            kind = "a bidirectional control" if ord(ch) in _BIDI else "an invisible character"
            raise ValueError(
                f"contains {code_point(ch)}, {kind}, at position {pos + 1} ('{visible(_excerpt(text, pos))}'){FIX}"
                "delete it (retype the text there: such characters come from copying out of web pages, Word or Excel)"
            )


LINK_SCHEMES = ("http://", "https://", "mailto:")


def _markdown_parser() -> Any:

    md = MarkdownIt("commonmark", {"html": False})
    md.validateLink = lambda url: True  # type: ignore[method-assign]  # see every link, whatever its target, to judge it here
    return md


def check_markdown(text: str) -> None:
    """Raise ValueError for a Markdown image, or a link to anything but http(s) or mailto.

    Prose is Markdown (data/README.md): an image would make every reader's browser, and
    WeasyPrint while building, fetch a URL or read a file elsewhere on the disk; a relative or
    ``javascript:`` link would lead the reader out of the book. The renderer shows both as
    plain text anyway; refusing them here tells the analyst, naming the field.
    """
    if "[" not in text and "<" not in text:
        return
    for block in _markdown_parser().parse(text):
        for tok in block.children or []:
            if tok.type == "image":
                raise ValueError(
                    f"contains a Markdown image ('{visible(tok.attrGet('src') or '')}'): the book loads nothing from the network or the disk"
                    f"{FIX}remove the image (a link [text](https://…) lets a reader open it)"
                )
            if tok.type == "link_open":
                href = str(tok.attrGet("href") or "")
                if not href.strip().lower().startswith(LINK_SCHEMES):
                    raise ValueError(
                        f"contains a link to '{visible(href)}': links may only go to http://, https:// or mailto: addresses"
                        f"{FIX}write the full https://… address, or remove the link"
                    )


def check_length(text: str) -> None:
    """Raise ValueError for a text longer than :data:`MAX_TEXT`: the .xlsx 自评表 would cut it."""
    if len(text) > MAX_TEXT:
        raise ValueError(
            f"有 {len(text):,} 个字符，超过 {MAX_TEXT:,}（Excel 一个单元格的上限；自评表的 .xlsx 不截断文字）{FIX}缩短这段文字，把细节放到报告正文的其他部分"
        )


def _text(value: str) -> str:
    value = unicodedata.normalize("NFC", value)
    check_length(value)
    check_visible(value)
    check_markdown(value)
    return value


def _strip(value: Any) -> Any:
    return value.strip() if isinstance(value, str) else value


def _label(value: str) -> str:
    value = unicodedata.normalize("NFC", value)
    check_length(value)
    for pos, ch in enumerate(value):
        if ch in LINE_BREAKS:
            raise ValueError(f"contains a line break ({code_point(ch)}) at position {pos + 1}{FIX}write it on one line")
    check_visible(value, allow="\t")
    return value


Text = Annotated[str, AfterValidator(_text)]
"""Prose: several lines allowed (and U+2028/U+2029), no invisible characters, NFC; Markdown
without images and with links only to http(s) or mailto."""

Label = Annotated[str, BeforeValidator(_strip), AfterValidator(_label)]
"""A name, level, unit or other one-line value: no line break, no invisible character, no spaces at the ends."""

# --------------------------------------------------------------------------- numbers


def _no_bool(value: Any) -> Any:
    if isinstance(value, bool):
        raise ValueError(f"{'yes/true' if value else 'no/false'} is a yes/no value, not a number{FIX}write a number with digits")
    return value


FULL_WIDTH_DIGITS = str.maketrans("０１２３４５６７８９．", "0123456789.")  # U+FF10–U+FF19 and U+FF0E, as NFKC reads them


def ascii_digits(text: str) -> str:
    """``text`` with full-width digits ０-９ and the full-width full stop ． as 0-9 and '.'; ValueError
    (problem, fix) naming the first digit of any other script.

    Why: Chinese input mode types full-width digits, and a reader sees １２ as 12, so they are read
    as the number they show. A digit of another script (١٣٤١٠ Arabic-Indic, ١ looks like 1 and ٠
    like a dot; Devanagari; ² superscript) is not what anyone typing this report means, and Python
    and pydantic would silently read several of them as numbers: they are refused, named.
    """
    text = text.translate(FULL_WIDTH_DIGITS)
    for pos, ch in enumerate(text):
        if ch.isdigit() and not ch.isascii():
            raise ValueError(
                f"含有其他文字的数字 {code_point(ch)}（第 {pos + 1} 个字符）：数字只能用 0-9{FIX}用阿拉伯数字 0-9 书写（中文输入法的全角０-９也可以）"
            )
    return text


def _digits(value: Any) -> Any:
    return ascii_digits(value) if isinstance(value, str) else value


def _whole(value: int) -> int:
    if abs(value) > MAX_COUNT:
        raise ValueError(f"{value} is beyond the largest whole number accepted ({MAX_COUNT:,} = 10^12); check the figure (a typo or extra digits?)")
    return value


def _number(value: Decimal) -> Decimal:
    if not value.is_finite():
        raise ValueError(f"'{value}' is not a finite number{FIX}write a number with digits, e.g. 95 or 13410.06")
    if value.copy_abs() > MAX_AMOUNT:  # copy_abs: abs() rounds in the context and overflows on 1E+999999999
        raise ValueError(f"{value} is beyond the largest number accepted (10^15){FIX}check the figure and its unit (a typo, extra digits or an exponent?)")
    exponent = value.as_tuple().exponent
    if isinstance(exponent, int) and -exponent > MAX_DECIMAL_PLACES:
        raise ValueError(f"{value} has {-exponent} decimal places, more than {MAX_DECIMAL_PLACES}{FIX}round it to at most {MAX_DECIMAL_PLACES} decimals")
    if value == 0:
        return value.copy_abs()  # -0 is 0: nothing prints "-0.00"
    return value


Int = Annotated[int, BeforeValidator(_digits), BeforeValidator(_no_bool), AfterValidator(_whole)]
"""A whole number (never a boolean), at most 10^12 in size."""

Count = Int
"""A count of calls, cases, agents…: a whole number; give ``ge=0`` on the field."""

Number = Annotated[Decimal, BeforeValidator(_digits), BeforeValidator(_no_bool), AfterValidator(_number)]
"""An exact decimal (never a boolean, never a float's binary approximation), |x| ≤ 10^15, ≤ 10 decimals, -0 read as 0."""

Amount = Number
"""Money in the file's ``money_unit``; give ``ge=0`` on the field."""

Date = Annotated[dt.date, BeforeValidator(_digits)]
"""A date (YYYY-MM-DD); written as text, its digits follow the rule of numbers (full-width read, others refused)."""

# --------------------------------------------------------------------------- mappings


class FieldMapping(BaseModel):
    """Base of every mapping in the data files: unknown fields are errors (typo protection),
    and a key with nothing after it (``contract:`` whose lines were all deleted) is an empty
    mapping, so the message names the field that is missing inside it rather than saying the
    mapping is "None"."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    @model_validator(mode="before")
    @classmethod
    def _empty_is_empty_mapping(cls, data: Any) -> Any:
        return {} if data is None else data


_NUMERIC_EXAMPLE = 'target: {op: ">=", value: 95, unit: "%"}'


def _numeric_text(text: str) -> str | None:
    number = text.rstrip("%").strip()
    try:
        Decimal(number)
    except ArithmeticError:
        return None
    return number


def numeric_target_hint(value: Any) -> Any:
    """A numeric indicator's target written as bare text (``target: 95%``) gets the mapping it meant."""
    if value is None:
        raise ValueError(f"is empty{FIX}write {_NUMERIC_EXAMPLE} (≥, = or ≤, the value and its unit)")
    if isinstance(value, (str, int, Decimal, float)) and not isinstance(value, bool):
        text = visible(str(value).strip())
        number = _numeric_text(text)
        if number is not None:
            unit = '"%"' if text.endswith("%") else "件"
            fix = f'write target: {{op: ">=", value: {number}, unit: {unit}}} (≥, = or ≤, the value and its unit)'
        else:
            fix = f"write {_NUMERIC_EXAMPLE}; a text target such as {{text: {text}}} needs formula: qualitative"
        raise ValueError(f"must be a mapping of field: value (got {text!r}){FIX}{fix}")
    return value


def qualitative_target_hint(value: Any) -> None:
    """A qualitative target written as bare text (``target: 及时``) is told to write ``{text: 及时}``."""
    if value is None:
        raise ValueError(f"target: is empty{FIX}write target: {{text: 及时}} (the expected state)")
    if isinstance(value, (str, int, Decimal, float)) and not isinstance(value, bool):
        text = visible(str(value).strip())
        raise ValueError(f"target: must be a mapping of field: value (got {text!r}){FIX}write target: {{text: {text}}}")


__all__ = [
    "LINE_BREAKS",
    "MAX_AMOUNT",
    "MAX_COUNT",
    "MAX_DECIMAL_PLACES",
    "MAX_TEXT",
    "Amount",
    "Count",
    "Date",
    "FieldMapping",
    "Int",
    "Label",
    "Number",
    "Text",
    "ascii_digits",
    "check_length",
    "check_visible",
    "code_point",
    "is_invisible",
    "is_noncharacter",
    "numeric_target_hint",
    "qualitative_target_hint",
]
