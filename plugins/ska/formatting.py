"""Swedish presentation of numbers, shares, differences, dates and school years, in one place (Babel)."""

from __future__ import annotations

import math
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache

from babel.dates import format_date
from babel.numbers import get_decimal_symbol, get_minus_sign_symbol

LOCALE = "sv_SE"
NBSP = "\u00a0"
SUPPRESSED = ".."


def _scaled(value: float, decimals: int) -> int:
    """``value × 10^decimals`` rounded half-up to an integer, exactly as written in decimal."""
    scaled = value * 10 ** decimals
    floor = math.floor(scaled)
    if abs(scaled - floor - 0.5) > 1e-6:  # clearly not a tie: binary noise cannot change the result
        return floor + (scaled - floor > 0.5)
    exact = Decimal(repr(float(value))).scaleb(decimals)  # a tie, or nearly: decide in decimal
    return int(exact.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def round_half_up(value: float, decimals: int = 1) -> float:
    """Round as Swedish reports do: 3,15 → 3,2 (not banker's rounding, not binary noise)."""
    return _scaled(value, decimals) / 10 ** decimals


def rounded_difference(after: float, before: float, decimals: int = 1) -> float:
    """The change between two figures as printed: 87,6 % → 87,9 % is +0,3, whatever the decimals behind."""
    return (_scaled(after, decimals) - _scaled(before, decimals)) / 10 ** decimals


# The locale's symbols, read once from Babel's CLDR data; formatting itself is then a
# plain f-string (Babel's format_decimal costs ~85 µs a call, thousands of calls a build).
_DECIMAL = get_decimal_symbol(LOCALE)
_GROUP = NBSP  # CLDR's sv group separator is a (narrow) no-break space; a plain NBSP prints everywhere
_MINUS = get_minus_sign_symbol(LOCALE)


@lru_cache(maxsize=1 << 16)  # a site formats the same figures on many pages
def number(value: float | None, decimals: int = 1) -> str:
    """``1234.56`` → ``"1 234,6"`` (no-break space between thousands, decimal comma)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    rounded = round_half_up(value, decimals) + 0.0  # + 0.0 turns −0.0 into 0.0: never "−0,0"
    text = f"{rounded:,.{decimals}f}"
    return text.replace(",", _GROUP).replace(".", _DECIMAL).replace("-", _MINUS)


def percent(value: float | None, decimals: int = 1) -> str:
    """``85.85`` (already in percent) → ``"85,9 %"`` with a non-breaking space."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    return f"{number(value, decimals)}{NBSP}%"


def difference(value: float | None, unit: str, decimals: int = 1) -> str:
    """A change with its sign and unit: ``+2,3 procentenheter``, ``−4,0 poäng``."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    rounded = round_half_up(value, decimals)
    sign = "+" if rounded > 0 else "−" if rounded < 0 else "±"
    words = {"percent": "procentenheter", "points": "poäng"}.get(unit, "")
    text = f"{sign}{number(abs(float(rounded)), decimals)}"
    return f"{text}{NBSP}{words}" if words else text


def figure(value: float | None, unit: str, decimals: int = 1) -> str:
    """A value in its indicator's unit."""
    return percent(value, decimals) if unit == "percent" else number(value, decimals)


def school_year(folder_or_label: str) -> str:
    """``"2024-25"`` or ``"2024/25"`` → ``"2024/25"``."""
    return folder_or_label.replace("-", "/")


def school_year_slug(label: str) -> str:
    """``"2024/25"`` → ``"2024-25"`` (folder and URL form)."""
    return label.replace("/", "-")


def long_date(iso: str) -> str:
    """``"2025-01-20"`` → ``"20 januari 2025"``."""
    return format_date(date.fromisoformat(iso), format="long", locale=LOCALE) if iso else ""
