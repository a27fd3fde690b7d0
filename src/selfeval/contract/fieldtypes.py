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

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, model_validator

from .. import markdown_config
from ..errors import FIX_SEPARATOR as FIX
from ..errors import visible
from ..markdown_config import LINK_SCHEMES

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


_NAMES = {
    0x200B: "零宽空格",
    0x200C: "零宽不连字",
    0x200D: "零宽连字",
    0x2060: "字连接符",
    0xFEFF: "字节顺序标记",
    0x00AD: "软连字符",
    0x2028: "行分隔符",
    0x2029: "段分隔符",
    0x0085: "下一行符",
    0x202E: "从右到左覆盖符",
    0x202D: "从左到右覆盖符",
    0x200E: "从左到右标记",
    0x200F: "从右到左标记",
    0x3164: "韩文填充符",
    0x115F: "韩文初声填充符",
    0x1160: "韩文中声填充符",
    0xFFA0: "半角韩文填充符",
    0x034F: "组合字形连接符",
}
_CATEGORIES = {"Nd": "数字", "Cc": "控制字符", "Cf": "格式字符", "Zs": "空白字符", "Zl": "行分隔符", "Zp": "段分隔符", "Co": "私用区字符", "Cn": "未分配的字符"}


def code_point(ch: str) -> str:
    """``U+200B（零宽空格）``: the code point and what it is, in Chinese (its Unicode name is English)."""
    name = _NAMES.get(ord(ch)) or _CATEGORIES.get(unicodedata.category(ch), "字符")
    return f"U+{ord(ch):04X}（{name}）"


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
            kind = "双向控制字符" if ord(ch) in _BIDI else "不可见字符"
            raise ValueError(
                f"第{pos + 1}个字符是{kind}{code_point(ch)}：“{visible(_excerpt(text, pos))}”{FIX}"
                "删除它（在该处重新输入文字：这类字符来自从网页、Word 或 Excel 复制的内容）"
            )


def check_markdown(text: str) -> None:
    """Raise ValueError for a Markdown image, or a link to anything but http(s) or mailto.

    Prose is Markdown (data/README.md): an image would make every reader's browser, and
    WeasyPrint while building, fetch a URL or read a file elsewhere on the disk; a relative or
    ``javascript:`` link would lead the reader out of the book. The renderer shows both as
    plain text anyway; refusing them here tells the analyst, naming the field.
    """
    if "[" not in text and "<" not in text:
        return
    for block in markdown_config.parse(text):
        for tok in block.children or []:
            if tok.type == "image":
                raise ValueError(
                    f"含有 Markdown 图片（“{visible(str(tok.attrGet('src') or ''))}”）：报告不从网络或磁盘加载任何内容"
                    f"{FIX}删除图片（可改为链接 [文字](https://…)，读者点击打开）"
                )
            if tok.type == "link_open":
                href = str(tok.attrGet("href") or "")
                if not href.strip().lower().startswith(LINK_SCHEMES):
                    raise ValueError(f"含有指向“{visible(href)}”的链接：链接只能指向 http://、https:// 或 mailto: 地址{FIX}写完整的 https://… 地址，或删除链接")


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
            raise ValueError(f"第{pos + 1}个字符是换行（{code_point(ch)}）{FIX}写在一行内")
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
        raise ValueError(f"{'yes/true' if value else 'no/false'}是“是/否”值，不是数字{FIX}用阿拉伯数字填写")
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
            raise ValueError(f"第 {pos + 1} 个字符是其他文字的数字 U+{ord(ch):04X}：数字只能用 0-9{FIX}用阿拉伯数字 0-9 书写（中文输入法的全角０-９也可以）")
    return text


def _digits(value: Any) -> Any:
    return ascii_digits(value) if isinstance(value, str) else value


def _whole(value: int) -> int:
    if abs(value) > MAX_COUNT:
        raise ValueError(f"{value}超过允许的最大整数（{MAX_COUNT:,} = 10^12）{FIX}核对该数（是否输错或多了位数？）")
    return value


def _number(value: Decimal) -> Decimal:
    if not value.is_finite():
        raise ValueError(f"“{value}”不是有限的数{FIX}用阿拉伯数字填写，如 95 或 13410.06")
    if value.copy_abs() > MAX_AMOUNT:  # copy_abs: abs() rounds in the context and overflows on 1E+999999999
        raise ValueError(f"{value}超过允许的最大数（10^15）{FIX}核对该数及其单位（是否输错、多了位数或用了指数？）")
    exponent = value.as_tuple().exponent
    if isinstance(exponent, int) and -exponent > MAX_DECIMAL_PLACES:
        raise ValueError(f"{value}有{-exponent}位小数，超过{MAX_DECIMAL_PLACES}位{FIX}保留至多{MAX_DECIMAL_PLACES}位小数")
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
        raise ValueError(f"为空{FIX}填写目标运算符（≥、= 或 ≤）、目标值和目标单位，如 {_NUMERIC_EXAMPLE}")
    if isinstance(value, (str, int, Decimal, float)) and not isinstance(value, bool):
        text = visible(str(value).strip())
        number = _numeric_text(text)
        if number is not None:
            unit = '"%"' if text.endswith("%") else "件"
            fix = f'分别填写目标运算符（≥、= 或 ≤）、目标值和目标单位：target: {{op: ">=", value: {number}, unit: {unit}}}'
        else:
            fix = f"填写 {_NUMERIC_EXAMPLE}；文字目标（如 {{text: {text}}}）需要计算公式“定性”（qualitative）"
        raise ValueError(f"应为“字段: 值”的映射（填的是“{text}”）{FIX}{fix}")
    return value


def qualitative_target_hint(value: Any) -> None:
    """A qualitative target written as bare text (``target: 及时``) is told to write ``{text: 及时}``."""
    if value is None:
        raise ValueError(f"目标（target）为空{FIX}填写预期状态：target: {{text: 及时}}")
    if isinstance(value, (str, int, Decimal, float)) and not isinstance(value, bool):
        text = visible(str(value).strip())
        raise ValueError(f"目标（target）应为“字段: 值”的映射（填的是“{text}”）{FIX}写成 target: {{text: {text}}}")


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
