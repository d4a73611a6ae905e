"""Swedish presentation of numbers, shares, differences, dates and school years, in one place (Babel)."""

from __future__ import annotations

import math
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from functools import lru_cache
from typing import Iterable, Union

from babel.dates import format_date
from babel.numbers import get_decimal_symbol, get_minus_sign_symbol

LOCALE = "sv_SE"
NBSP = "\u00a0"
SUPPRESSED = ".."
MAX_DECIMALS = 2
"""Most decimals ever shown (the schema's maximum for an indicator's ``decimals``)."""
SCORE_DECIMALS = 1
"""Decimals of a self-assessment mean: the 1–5 scale is published with one (seed 004: "3,7")."""

Number = Union[int, float, Decimal, Fraction]


# -- rounding -------------------------------------------------------------------
#
# Figures reach this module exact (a Fraction from counts, a Decimal, an int) or as a float
# read from YAML. A float is taken as the decimal it prints as: ``repr`` gives the shortest
# decimal that reads back as the same float, which is what an editor wrote (3.45, not the
# binary 3.4500000000000001776…). Rounding is half-up, ties away from zero, as Swedish reports
# round (3,15 → 3,2; −3,15 → −3,2), and it happens here only, once, when a figure is shown.

def _scaled(value: Number, decimals: int) -> int:
    """``value × 10^decimals`` rounded half-up (ties away from zero) to an integer, exactly.

    In integers (a Fraction's numerator and denominator) or in decimal (a float as it prints):
    never through a new Fraction, which a page with thousands of figures would pay for."""
    if isinstance(value, Fraction):
        numerator, denominator = value.numerator * 10 ** decimals, value.denominator
    elif isinstance(value, (float, Decimal)):
        exact = Decimal(repr(float(value))) if isinstance(value, float) else value
        if not exact.is_finite():
            raise ValueError(f"not a finite number: {value!r}")
        return int(exact.scaleb(decimals).to_integral_value(rounding=ROUND_HALF_UP))
    else:
        return int(value) * 10 ** decimals
    whole, rest = divmod(abs(numerator), denominator)
    if 2 * rest >= denominator:
        whole += 1
    return -whole if numerator < 0 else whole


def round_half_up(value: Number, decimals: int = 1) -> Decimal:
    """Round as Swedish reports do: 3,15 → 3,2 (not banker's rounding, not binary noise); exact."""
    return Decimal(_scaled(value, decimals)).scaleb(-decimals)


def rounded_difference(after: Number, before: Number, decimals: int = 1) -> Decimal:
    """The change between two figures as printed: 87,6 % → 87,9 % is +0,3, whatever the decimals behind."""
    return Decimal(_scaled(after, decimals) - _scaled(before, decimals)).scaleb(-decimals)


# -- how many decimals -------------------------------------------------------------

def written_decimals(value: Number) -> int | None:
    """How many decimals a number was written with: ``192`` → 0, ``192.0`` → 1, ``3.94`` → 2;
    None for a computed Fraction (it has no written form)."""
    if isinstance(value, Fraction):
        return None
    if isinstance(value, float):
        value = Decimal(repr(float(value)))
    if isinstance(value, Decimal):
        return max(0, -int(value.as_tuple().exponent)) if value.is_finite() else None
    return 0


def shown_decimals(indicator_decimals: int, written: int | None = None) -> int:
    """The decimals a figure is shown with. The rule:

    * A **computed** figure (a share from counts, a mean, an aggregate; ``written`` None) has its
      indicator's ``decimals``: a table of shares reads alike.
    * A figure **as written** by an editor (a value without counts) keeps the precision it was
      written with, up to ``MAX_DECIMALS``: a score written 3.94 is shown 3,94 (not 3,9, which
      loses what the source says) and 192 is shown 192 (not 192,0, which claims a precision the
      source does not have). Beyond ``MAX_DECIMALS`` it is rounded half-up.
    * A **change** between two figures is shown with the finer of their two precisions
      (:func:`change_decimals`), so that "3,94 → 3,90" is "−0,04", not "±0,0".
    """
    if written is None:
        return indicator_decimals
    return min(written, MAX_DECIMALS)


def change_decimals(*decimals: int) -> int:
    """Decimals of a difference between figures shown with ``decimals`` each: the finest of them."""
    return max(decimals)


def mean_decimals(written: Iterable[int | None], at_least: int = SCORE_DECIMALS) -> int:
    """Decimals of a mean of written numbers (self-assessment scores): ``at_least`` (the scale's own
    definition), more if the numbers themselves were written finer, never over ``MAX_DECIMALS``."""
    return min(max([at_least, *(d for d in written if d is not None)]), MAX_DECIMALS)


# -- text -----------------------------------------------------------------------------

# The locale's symbols, read once from Babel's CLDR data; formatting itself is then plain string
# work (Babel's format_decimal is slow for the thousands of calls a build makes).
_DECIMAL = get_decimal_symbol(LOCALE)
_GROUP = NBSP  # CLDR's sv group separator is a (narrow) no-break space; a plain NBSP prints everywhere
_MINUS = get_minus_sign_symbol(LOCALE)


def _missing(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


@lru_cache(maxsize=1 << 16, typed=True)  # a site formats the same figures on many pages
def number(value: Number | None, decimals: int = 1) -> str:
    """``1234.56`` → ``"1 234,6"`` (no-break space between thousands, decimal comma, never "−0,0")."""
    if _missing(value):
        return "–"
    scaled = _scaled(value, decimals)
    digits = str(abs(scaled)).rjust(decimals + 1, "0")
    whole, fraction = (digits[:-decimals], digits[-decimals:]) if decimals else (digits, "")
    text = f"{int(whole):,}".replace(",", _GROUP) + (_DECIMAL + fraction if decimals else "")
    return _MINUS + text if scaled < 0 else text


def percent(value: Number | None, decimals: int = 1) -> str:
    """``85.85`` (already in percent) → ``"85,9 %"`` with a non-breaking space."""
    if _missing(value):
        return "–"
    return f"{number(value, decimals)}{NBSP}%"


def difference(value: Number | None, unit: str, decimals: int = 1) -> str:
    """A change with its sign and unit: ``+2,3 procentenheter``, ``−4,0 poäng``, ``±0,0``."""
    if _missing(value):
        return "–"
    scaled = _scaled(value, decimals)
    sign = "+" if scaled > 0 else "−" if scaled < 0 else "±"
    words = {"percent": "procentenheter", "points": "poäng"}.get(unit, "")
    text = f"{sign}{number(Fraction(abs(scaled), 10 ** decimals), decimals)}"
    return f"{text}{NBSP}{words}" if words else text


def figure(value: Number | None, unit: str, decimals: int = 1) -> str:
    """A value in its indicator's unit."""
    return percent(value, decimals) if unit == "percent" else number(value, decimals)


def count(n: int, singular: str, plural: str) -> str:
    """``1 enhet``, ``2 498 elever``: a whole number with its noun."""
    return f"{number(n, 0)} {singular if n == 1 else plural}"


def long_date(iso: str) -> str:
    """``"2025-01-20"`` → ``"20 januari 2025"``."""
    return format_date(date.fromisoformat(iso), format="long", locale=LOCALE) if iso else ""


def month(iso: str) -> str:
    """``"2025-06"`` → ``"juni 2025"``."""
    return format_date(date.fromisoformat(iso + "-01"), format="LLLL y", locale=LOCALE) if iso else ""
