"""Exact rounding and Chinese report formatting.

Every rate, comparison and rounding in the product goes through Decimal here so that
a reviewer with a calculator gets the same digits as the book. Floats appear only in charts.

Formatting never prints a negative zero ("-0.00": a value of -0, or -0.001 rounded) and
never fails on a large value: it works in a local Decimal context wide enough for the digits
(the contract bounds what reaches it, see :mod:`selfeval.contract.fieldtypes`).
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal, localcontext
from fractions import Fraction

HUNDRED = Decimal(100)
TEN_THOUSAND = Decimal(10000)


def round_fraction(value: Fraction | Decimal | int, places: int = 2, mode: str = "half_up") -> Decimal:
    """Round an exact value to ``places`` decimals.

    ``half_up``: 11.625 → 11.63 (government convention, not banker's rounding).
    ``floor``: toward zero for the non-negative values used here; 99.997 → 99.99, so a
    reported rate never overstates what was achieved.
    """
    frac = Fraction(value) if not isinstance(value, Fraction) else value
    scale = 10**places
    scaled = frac * scale
    if mode == "floor":
        whole = scaled.numerator // scaled.denominator
    elif mode == "half_up":
        sign = -1 if scaled < 0 else 1
        magnitude = abs(scaled)
        whole = sign * int((magnitude + Fraction(1, 2)).__floor__())
    else:  # validated in the model; kept as a guard for direct callers
        raise ValueError(f"unknown rounding mode {mode!r}; use 'half_up' or 'floor'")
    with localcontext() as ctx:
        ctx.prec = max(28, len(str(abs(whole))) + places + 2)
        return _no_negative_zero((Decimal(whole) / Decimal(scale)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_DOWN))


def _no_negative_zero(d: Decimal) -> Decimal:
    """-0 and -0.00 are 0 and 0.00: a sign on zero is never printed."""
    return d.copy_abs() if d == 0 else d


def _quantize(value: Decimal | int, places: int, rounding: str) -> Decimal:
    """``value`` to ``places`` decimals in a context wide enough for every digit (no InvalidOperation)."""
    d = Decimal(value)
    with localcontext() as ctx:
        ctx.prec = max(28, d.adjusted() + places + 3)
        return _no_negative_zero(d.quantize(Decimal(1).scaleb(-places), rounding=rounding))


def percent(share: Fraction | Decimal | int, places: int = 2) -> Decimal:
    """A share as the percentage the book prints, half-up: 0.09 → 9.00, Fraction(1, 3) → 33.33."""
    return round_fraction(Fraction(share) * 100, places, "half_up")


def stored_share(percentage: Decimal) -> Decimal:
    """A percentage as a spreadsheet stores it, formatted 0.00%: 94.07 → 0.9407 (exact)."""
    return percentage / HUNDRED


def in_wan(value: int | Decimal) -> Decimal:
    """A count or amount in 万, exact: 28717436 → 2871.7436 (for tables and, as floats, for charts)."""
    return Decimal(value) / TEN_THOUSAND


def q2(value: Decimal | Fraction | int) -> Decimal:
    """Half-up to 2 decimals: the form's precision for scores and money."""
    return round_fraction(value, 2, "half_up")


def plain(value: Decimal | int) -> str:
    """A Decimal without exponent or trailing zeros: 95 → '95', 99.990 → '99.99'."""
    d = _no_negative_zero(Decimal(value))
    if d == d.to_integral_value():
        return str(_quantize(d, 0, ROUND_HALF_UP))
    with localcontext() as ctx:
        ctx.prec = max(28, len(d.as_tuple().digits) + 2)
        return format(d.normalize(), "f")


def fixed(value: Decimal, places: int = 2, grouping: bool = False) -> str:
    """Fixed decimals, optional thousands separators: 13410.06 → '13,410.06'."""
    d = _quantize(value, places, ROUND_HALF_UP)
    return format(d, ",f" if grouping else "f")


def pct(value: Decimal, places: int = 2) -> str:
    """A reported percentage: 94.07 → '94.07%'."""
    return fixed(value, places) + "%"


def count(value: int) -> str:
    """Counts as the reference prints them in tables: digits without separators."""
    return str(int(value))


def grouped(value: int | Decimal) -> str:
    """Counts with thousands separators, for messages and the terminal (the report itself prints
    counts without separators, as the reference does: :func:`count`, :func:`plain`): 2949950 → '2,949,950'."""
    d = _no_negative_zero(Decimal(value))
    if d == d.to_integral_value():
        return f"{int(d):,}"
    with localcontext() as ctx:
        ctx.prec = max(28, len(d.as_tuple().digits) + 2)
        return format(d.normalize(), ",f")


def wan(value: int | Decimal) -> str:
    """A count in 万, exact (no rounding): 28717436 → '2871.7436'; 12120000 → '1212'."""
    return plain(in_wan(value))


def month_label(month: int) -> str:
    """A month as the report names it: 1 → '1月'."""
    return f"{month}月"


def hour_label(hour: int) -> str:
    """An hour of day as the report names it: 8 → '8时' (the hour from 8:00 to 9:00)."""
    return f"{hour}时"


def money(value: Decimal) -> str:
    """Money in 万元 with separators, exact: at least 2 decimals, more when the amount has them.

    '13,410.06'; 431,234.50元 → '43.12345' (万元), so that every rate printed beside the
    amounts can be recomputed from them with a calculator. Never rounded.
    """
    d = Decimal(value)
    exponent = d.normalize().as_tuple().exponent
    places = max(2, -exponent) if isinstance(exponent, int) else 2
    return format(_quantize(d, places, ROUND_HALF_UP), ",f")  # exact: places cover every digit


def amount(value: Decimal, unit: str) -> str:
    """Money as the report prints it: in the data's own unit, with 2 decimals and separators.

    ``value`` is in 万元 (how the evaluation computes); ``unit`` is the data's ``money_unit``.
    13410.06 (万元) → '13,410.06'; 21.54576 (万元) of a year kept in 元 → '215,457.60'. The
    contract refuses an amount with more than 2 decimals in its own unit, so nothing is rounded
    and every printed rate can be recomputed from the printed amounts (data/README.md, "Money").
    """
    return fixed(value * TEN_THOUSAND if unit == "元" else value, 2, grouping=True)


def money_unit_of(values: Iterable[Decimal]) -> str:
    """The unit a table of amounts (kept in 万元) prints in: 万元 when every amount has at most 2
    decimals there, else 元 (exact with 2 decimals, since no amount has more than 2 in its own unit).

    A department mixes projects kept in 元 and in 万元: 12,957.67元 is 1.295767万元, which would
    print like a data dump beside 242.77; in 元 every amount prints exactly with 2 decimals, so every
    printed sum adds up and every rate can be recomputed from the printed amounts.
    """
    return "万元" if all(_places(Decimal(v)) <= 2 for v in values) else "元"


def _places(d: Decimal) -> int:
    """The decimals a value needs (trailing zeros do not count), read from its digits: no context, no rounding."""
    _sign, digits, exponent = d.as_tuple()
    if not isinstance(exponent, int) or exponent >= 0:
        return 0
    needed = len(digits)
    while needed and digits[needed - 1] == 0:
        needed -= 1
    return max(0, needed - (len(digits) + exponent))


def score(value: Decimal) -> str:
    """Scores always with 2 decimals, as on the 自评表: '11.70', '99.70'."""
    return fixed(value, 2)


def to_wan(amount: Decimal, unit: str) -> Decimal:
    """Amounts are shown in 万元; data in 元 is converted exactly."""
    return in_wan(amount) if unit == "元" else amount
