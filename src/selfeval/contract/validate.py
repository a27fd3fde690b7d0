"""Pydantic validation errors → one line an analyst can act on (file, field, problem, fix).

pydantic reports every problem with a machine location and an English message; this module
picks the one error that explains the others (a misspelt field over the 'missing' it causes,
the union branch the value was meant for), words it, and names the position through the
source's ``where`` (a YAML path, a CSV row and column, a workbook cell).
"""

from __future__ import annotations

import difflib
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from pydantic import BaseModel, ValidationError

from ..errors import FIX_SEPARATOR, DataError
from .model import FORMULA_TAGS, SCORING_TAGS, TARGET_MODELS
from .workbook_layout import RULES

# the scoring rules as the workbook's drop-down names them: 按比例（proportional）、…或定性评分（qualitative）
_RULE_NAMES = [f"{c.label.split(' ')[0]}（{c.code}）" for c in RULES]
_RULE_CHOICES = "、".join(_RULE_NAMES[:-1]) + "或" + _RULE_NAMES[-1]

NUMBER_FIX = "用阿拉伯数字填写，如 95 或 13410.06"
DATE_FIX = "按 YYYY-MM-DD 填写日期，如 2022-01-01"
README = "（见 data/README.md）"
_FIXES = {
    "missing": f"填写该项{README}",
    "extra_forbidden": "删除它或改正拼写（字段名见 data/README.md）",
    "decimal_parsing": NUMBER_FIX,
    "decimal_type": NUMBER_FIX,
    "int_parsing": "用阿拉伯数字0-9填写整数",
    "int_type": "用阿拉伯数字0-9填写整数",
    "int_from_float": "填写整数，不带小数",
    "greater_than_equal": "计数和金额不能为负，填写实际数值",
    "greater_than": "填写大于0的数",
    "less_than_equal": "填写允许范围内的值",
    "literal_error": "填写允许的值之一",
    "union_tag_invalid": f"填写{_RULE_CHOICES}",
    "union_tag_not_found": f"填写评分规则（rule）：{_RULE_CHOICES}",
    "float_parsing": NUMBER_FIX,
    "finite_number": NUMBER_FIX,
    "dict_type": "写成“字段: 值”的映射",
    "less_than": "填写较小的值",
    "date_from_datetime_parsing": DATE_FIX,
    "date_parsing": DATE_FIX,
    "date_type": DATE_FIX,
    "string_type": "填写文字",
    "string_too_short": "填写内容",
    "too_short": "至少填写一项",
    "list_type": "写成列表（每行以“- ”开头）",
    "model_type": "写成“字段: 值”的映射",
    "string_pattern_mismatch": "只用小写字母、数字和下划线，字母开头（如 answer_rate）",
    "decimal_max_places": "保留至多10位小数",
    "decimal_max_digits": "核对该数",
}

# a key written with nothing after it (``contract:``, ``name:``) reaches these as None: "is empty"
_EMPTY_TYPES = ("model_type", "dict_type", "model_attributes_type", "list_type", "string_type", "decimal_type", "int_type", "date_type", "union_tag_not_found")

# names pydantic puts into a location for the branch of a union it tried; not fields
BRANCH_NAMES = (*SCORING_TAGS, *TARGET_MODELS)
_VAGUE = ("union_tag_invalid", "model_type", "model_attributes_type")


def _is_branch_at(loc: tuple, i: int) -> bool:
    """Whether ``loc[i]`` names a union branch: a scoring rule, a model name, or an indicator's
    formula right after its list position (``indicators[1].ratio.target`` means ``indicators[1].target``)."""
    item = loc[i]
    if not isinstance(item, str):
        return False
    if item in BRANCH_NAMES or "[" in item:  # "qualitative" is both a scoring rule and a formula
        return True
    return item in FORMULA_TAGS and i > 0 and isinstance(loc[i - 1], int)


def field_loc(loc: tuple) -> tuple:
    """The location without union branch names: what the analyst wrote."""
    return tuple(item for i, item in enumerate(loc) if not _is_branch_at(loc, i))


_TAG_NAMES = {"rule": "评分规则（rule）", "formula": "计算公式（formula）"}


def _shown(value: Any) -> str:
    """A value as the analyst wrote it: text in Chinese quotation marks (“-5” from a CSV), numbers plain (-5, not Decimal('-5'))."""
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, str):
        return f"“{value}”"
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    return repr(value)


def _problem(e: dict) -> str:
    """What is wrong, in the analyst's words (the location is printed separately)."""
    etype, ctx, msg = e["type"], e.get("ctx") or {}, e["msg"]
    got = e.get("input")
    if etype == "value_error":
        return msg.removeprefix("Value error, ")
    if got is None and "input" in e and etype in _EMPTY_TYPES:
        return "为空"
    if etype == "string_type" and isinstance(got, (int, Decimal, float)):
        return f"是数字{got}，不是文字"
    if etype == "literal_error":
        return f"{_shown(got)}不是允许的值"
    if etype == "extra_forbidden":
        return "不是已知的字段"
    if etype == "missing":
        return "缺少该项"
    if etype == "union_tag_not_found":
        discriminator = str(ctx.get("discriminator", "rule")).strip("'")
        return f"缺少{_TAG_NAMES.get(discriminator, discriminator)}"
    if etype == "union_tag_invalid":
        if "formula" in str(ctx.get("discriminator")):
            return f"“{ctx.get('tag')}”不是允许的计算公式"
        return f"“{ctx.get('tag')}”不是已知的评分规则"
    if etype in ("decimal_parsing", "decimal_type", "float_parsing", "float_type"):
        return f"{_shown(got)}不是数字"
    if etype in ("int_parsing", "int_type", "int_from_float"):
        return f"{_shown(got)}不是整数"
    if etype == "finite_number":
        return f"{_shown(got)}不是有限的数"
    if etype in ("greater_than_equal", "greater_than", "less_than_equal", "less_than"):
        sign = {"greater_than_equal": "≥", "greater_than": ">", "less_than_equal": "≤", "less_than": "<"}[etype]
        bound = next(iter(ctx.values()), "?")
        return f"应 {sign} {bound}（填的是{_shown(got)}）"
    if etype in ("model_type", "dict_type", "model_attributes_type"):
        return f"应为“字段: 值”的映射（填的是{_shown(got)}）"
    if etype == "too_short":
        return f"至少要有一项（填的是{_shown(got)}）"
    if etype == "string_pattern_mismatch":
        return f"{_shown(got)}不符合格式：小写字母开头，只含小写字母、数字和下划线"
    if etype == "string_too_short":
        return "为空"
    if "input" in e and not isinstance(got, dict):
        return f"{msg}（填的是{_shown(got)}）"
    return msg


def _fix(e: dict) -> str:
    etype, ctx = e["type"], e.get("ctx") or {}
    if "input" in e and e["input"] is None and etype in _EMPTY_TYPES:
        return f"填写内容，或删除这一行{README}"
    if etype == "string_type" and isinstance(e.get("input"), (int, Decimal, float)):
        return f"如果是文字，加上引号：'{e['input']}'"
    if etype == "literal_error":
        return f"填写{_expected(str(ctx.get('expected', '')))}" if ctx.get("expected") else "填写允许的值之一"
    if etype in ("union_tag_invalid", "union_tag_not_found") and "formula" in str(ctx.get("discriminator")):
        return "填写 " + "、".join(t for t in FORMULA_TAGS) + "（见 data/README.md“Formulas”）"
    if etype == "greater_than_equal" and str(ctx.get("ge")) != "0":
        return f"填写不小于{ctx.get('ge')}的值"
    if etype == "less_than_equal":
        return f"填写不大于{ctx.get('le')}的值"
    return _FIXES.get(etype, "") or f"改正该值{README}"


def _expected(text: str) -> str:
    """pydantic's "'a', 'b' or 'c'" as “a”、“b”或“c”."""
    parts = [p.strip().strip("'") for p in text.replace(" or ", ", ").split(",") if p.strip()]
    quoted = [f"“{p}”" for p in parts]
    return quoted[0] if len(quoted) == 1 else "、".join(quoted[:-1]) + "或" + quoted[-1]


def validate(cls: type[BaseModel], data: Any, file: str, where: Callable[[tuple], str]) -> Any:
    """``cls.model_validate(data)``, or a DataError naming ``file`` and ``where(location)``."""
    try:
        return cls.model_validate(data)
    except ValidationError as exc:
        errors = _real_problems([dict(e) for e in exc.errors()])
        first = _pick(errors)
        loc = field_loc(first["loc"])
        if first["type"] in ("union_tag_invalid", "union_tag_not_found") and "formula" in str((first.get("ctx") or {}).get("discriminator")):
            loc = (*loc, "formula")  # pydantic reports the tag at the item; the analyst wrote it in 'formula'
        position = where(loc)
        problem, fix = _problem(first), _fix(first)
        if first["type"] == "value_error":
            problem, _, own_fix = problem.partition(FIX_SEPARATOR) if FIX_SEPARATOR in problem else problem.partition("; ")
            fix = own_fix or fix
        elif first["type"] == "extra_forbidden":
            guess = _misspelt(first, errors)
            if guess is not None:
                errors = [e for e in errors if e is not guess]
                fix = f"是否应为“{guess['loc'][-1]}”？改正拼写（字段名见 data/README.md）"
        more = f"（另有{len(errors) - 1}处问题）" if len(errors) > 1 else ""
        raise DataError(file, position, problem + more, fix) from None


def _real_problems(errors: list[dict]) -> list[dict]:
    """Drop the errors of union branches the value was evidently not meant for.

    ``target: {op: ">>", value: 95, unit: "%"}`` fails as Target (bad op) *and* as
    QualitativeTarget (no text, three unknown fields); only the branch with the fewest
    errors is the analyst's intent, the others are noise.
    """
    groups: dict[tuple, dict[str, list[dict]]] = {}
    for e in errors:
        loc = e["loc"]
        pos = next((i for i in range(len(loc)) if _is_branch_at(loc, i)), None)
        if pos is not None:
            groups.setdefault(tuple(loc[:pos]), {}).setdefault(str(loc[pos]), []).append(e)
    dropped: set[int] = set()
    for branches in groups.values():
        if len(branches) > 1:
            best = min(branches.values(), key=len)  # first-seen wins a tie
            dropped.update(id(e) for errs in branches.values() if errs is not best for e in errs)
    return [e for e in errors if id(e) not in dropped] or errors


def _pick(errors: list[dict]) -> dict:
    """The error to report: a specific one over a vague union/type one; a misspelt field
    over the 'missing' it causes (``wieght`` explains why ``weight`` is missing)."""
    specific = [e for e in errors if e["type"] not in _VAGUE] or errors
    for e in specific:
        if e["type"] == "extra_forbidden":
            return e
    return specific[0]


def _misspelt(extra: dict, errors: list[dict]) -> dict | None:
    """The 'missing' sibling field that an unknown field is probably a misspelling of."""
    parent, name = tuple(extra["loc"][:-1]), str(extra["loc"][-1])
    missing = {str(e["loc"][-1]): e for e in errors if e["type"] == "missing" and tuple(e["loc"][:-1]) == parent}
    close = difflib.get_close_matches(name, list(missing), n=1, cutoff=0.6)
    return missing[close[0]] if close else None
