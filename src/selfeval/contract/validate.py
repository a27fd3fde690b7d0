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

_FIXES = {
    "missing": "add this field (see data/README.md)",
    "extra_forbidden": "remove it or correct its spelling (see data/README.md for the field names)",
    "decimal_parsing": "write a number with digits, e.g. 95 or 13410.06",
    "decimal_type": "write a number with digits, e.g. 95 or 13410.06",
    "int_parsing": "write a whole number with the digits 0-9",
    "int_type": "write a whole number with the digits 0-9",
    "int_from_float": "write a whole number, without decimals",
    "greater_than_equal": "counts and amounts cannot be negative; enter the real figure",
    "greater_than": "enter a positive figure",
    "less_than_equal": "enter a value within the allowed range",
    "literal_error": "use one of the allowed values",
    "union_tag_invalid": f"use one of: {', '.join(SCORING_TAGS)}",
    "union_tag_not_found": f"add rule: {', '.join(SCORING_TAGS[:-1])} or {SCORING_TAGS[-1]}",
    "float_parsing": "write a number with digits, e.g. 95 or 13410.06",
    "finite_number": "write a number with digits, e.g. 95 or 13410.06",
    "dict_type": "write a mapping of field: value",
    "less_than": "enter a smaller value",
    "date_from_datetime_parsing": "write a date as YYYY-MM-DD",
    "date_parsing": "write a date as YYYY-MM-DD",
    "date_type": "write a date as YYYY-MM-DD",
    "string_type": "write text",
    "string_too_short": "fill it in",
    "too_short": "add at least one entry",
    "list_type": "write a list (lines starting with '- ')",
    "model_type": "write a mapping of field: value",
    "string_pattern_mismatch": "use lower-case letters, digits and _ (e.g. answer_rate)",
    "decimal_max_places": "round it to at most 10 decimals",
    "decimal_max_digits": "check the figure",
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


def _shown(value: Any) -> str:
    """A value as the analyst wrote it: text quoted ('-5' from a CSV), numbers plain (-5, not Decimal('-5'))."""
    if isinstance(value, Decimal):
        return format(value, "f")
    return repr(value)


def _problem(e: dict) -> str:
    """What is wrong, in the analyst's words (the location is printed separately)."""
    etype, ctx, msg = e["type"], e.get("ctx") or {}, e["msg"]
    got = e.get("input")
    if etype == "value_error":
        return msg.removeprefix("Value error, ")
    if got is None and "input" in e and etype in _EMPTY_TYPES:
        return "is empty"
    if etype == "string_type" and isinstance(got, (int, Decimal, float)):
        return f"is the number {got}, not text"
    if etype == "literal_error":
        return f"{got!r} is not allowed"
    if etype == "extra_forbidden":
        return "is not a known field"
    if etype == "missing":
        return "is missing"
    if etype == "union_tag_not_found":
        return f"has no {ctx.get('discriminator', 'rule')}"
    if etype == "union_tag_invalid":
        if "formula" in str(ctx.get("discriminator")):
            return f"{ctx.get('tag')!r} is not allowed"
        return f"rule {ctx.get('tag')!r} is not a known scoring rule"
    if etype in ("decimal_parsing", "decimal_type", "float_parsing", "float_type"):
        return f"{_shown(got)} is not a number"
    if etype in ("int_parsing", "int_type", "int_from_float"):
        return f"{_shown(got)} is not a whole number"
    if etype == "finite_number":
        return f"{_shown(got)} is not a finite number"
    if etype in ("greater_than_equal", "greater_than", "less_than_equal", "less_than"):
        sign = {"greater_than_equal": "≥", "greater_than": ">", "less_than_equal": "≤", "less_than": "<"}[etype]
        bound = next(iter(ctx.values()), "?")
        return f"must be {sign} {bound} (got {_shown(got)})"
    if etype in ("model_type", "dict_type", "model_attributes_type"):
        return f"must be a mapping of field: value (got {got!r})"
    if "input" in e and not isinstance(got, dict):
        return f"{msg} (got {got!r})"
    return msg


def _fix(e: dict) -> str:
    etype, ctx = e["type"], e.get("ctx") or {}
    if "input" in e and e["input"] is None and etype in _EMPTY_TYPES:
        return "fill it in, or remove the line (see data/README.md)"
    if etype == "string_type" and isinstance(e.get("input"), (int, Decimal, float)):
        return f"put it in quotes if it is text: '{e['input']}'"
    if etype == "literal_error":
        return f"use one of {ctx.get('expected', 'the allowed values')}"
    if etype in ("union_tag_invalid", "union_tag_not_found") and "formula" in str(ctx.get("discriminator")):
        return "use one of " + ", ".join(repr(t) for t in FORMULA_TAGS) + " (see data/README.md, Formulas)"
    if etype == "greater_than_equal" and str(ctx.get("ge")) != "0":
        return f"enter a value of at least {ctx.get('ge')}"
    if etype == "less_than_equal":
        return f"enter a value of at most {ctx.get('le')}"
    return _FIXES.get(etype, "") or "correct the value (see data/README.md)"


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
                fix = f"did you mean '{guess['loc'][-1]}'? correct the spelling (see data/README.md for the field names)"
        more = f" (and {len(errors) - 1} more problem(s))" if len(errors) > 1 else ""
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
