"""What a figure is: its value as written or computed exactly, and what it covers; the keys and
statuses that give figures one meaning (``domain.ALL_STAGES`` is not "no stage given")."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from fractions import Fraction
from typing import NamedTuple

import numpy as np

from ..domain import GROUPS


PRIVATE = frozenset({"too_few", "rounded"})
"""Source statuses that hide a figure for privacy (".." and "~100"). ``missing`` (".") and
``no_grade`` ("-") say there is no figure; they hide nothing, so they suppress nothing else."""
COMPLEMENT = "complement"
"""Status of a group suppressed only because a group it adds up with is suppressed."""

# Why a unit figure is not in an aggregate (the coverage counters of a Figure).
NO_COUNTS, TOO_FEW, SUPPRESSED, MISSING = "no_counts", "too_few", "suppressed", "missing"
REASONS = (NO_COUNTS, TOO_FEW, SUPPRESSED, MISSING)


class Figure(NamedTuple):
    """One published (or suppressed) figure: a unit's, or an aggregate with what it covers.

    A named tuple rather than a frozen dataclass: one is built for every row of a table that
    has 100 000 rows on a large site, and a tuple is several times cheaper to build. The first
    four fields keep the shape ``(value, numerator, denominator, suppressed)`` that older
    callers index.
    """

    value: Fraction | None
    """Exact: percent for ratio indicators (100 × numerator / denominator), else the indicator's unit."""
    numerator: int | None = None
    denominator: int | None = None
    """Pupils (or children, answers, staff) the figure is based on; for an aggregate, their sum."""
    suppressed: bool = False
    status: str = ""
    """Why there is no value: a source status, ``too_few`` or ``complement``; "" if published."""
    decimals: int | None = None
    """Decimals as the editor wrote the value; None when the value is computed (then the indicator's)."""
    units_covered: int = 0
    """Units whose figures are in this figure (a unit's own figure: 1 if published)."""
    units_reporting: int = 0
    """Units with a figure for this key (year, indicator, stage, group), counted or not."""
    left_out_no_counts: int = 0
    """Units left out because their figure lacks the counts the aggregation needs (e.g. a value only, for a ratio)."""
    left_out_too_few: int = 0
    """Units left out because their figure is based on too few pupils."""
    left_out_suppressed: int = 0
    """Units left out because their figure is protected for another reason (marked "~100", or the complement of a small group)."""
    left_out_missing: int = 0
    """Units left out because their figure is marked missing or without grades."""

    @property
    def left_out(self) -> int:
        return (self.left_out_no_counts + self.left_out_too_few + self.left_out_suppressed
                + self.left_out_missing)


# -- numbers as written ------------------------------------------------------

def as_written(value: int | float | Decimal | Fraction) -> tuple[Fraction, int | None]:
    """The exact value an editor wrote and how many decimals they wrote (None for a Fraction).

    YAML gives a float for ``3.45``; ``repr`` of a float is the shortest decimal that reads back
    as the same float, which is the decimal that was written (for anything written with fewer
    than 16 significant digits). So ``Decimal(repr(x))`` recovers ``3.45`` exactly, where
    ``Decimal(x)`` would give the binary approximation 3.4500000000000001776…. An integer
    (``192``) has no decimals; ``192.0`` has one.
    """
    if isinstance(value, Fraction):
        return value, None
    mantissa, places = _written(value)
    return Fraction(mantissa, 10 ** places), places


def published(fig, ratio: bool, status: str = "") -> Figure:
    """A figure as a source published it (an official or a reference figure, never pooled): the share from its
    counts when the indicator is a ratio and both are given, else its value as written, else no value."""
    value, decimals = None, None
    if ratio and fig.numerator is not None and fig.denominator:
        value = Fraction(100 * fig.numerator, fig.denominator)
    elif fig.value is not None:
        value, decimals = as_written(fig.value)
    return Figure(value, fig.numerator, fig.denominator, False, status, decimals)


def _written(value: int | float | Decimal) -> tuple[int, int]:
    """A number as written, as ``(mantissa, places)``: value = mantissa / 10^places (see :func:`as_written`)."""
    if isinstance(value, (bool, np.bool_)):
        raise TypeError("a truth value is not a number")
    if isinstance(value, (int, np.integer)):
        return int(value), 0
    if not isinstance(value, Decimal):
        text = repr(float(value))
        whole, dot, fraction = text.partition(".")
        if dot and fraction.isdigit():  # the plain form: "3.94", "-0.5", "192.0"
            return int(whole + fraction), len(fraction)
        value = Decimal(text)  # the exponent form ("1e-05"), or inf/nan
    if not value.is_finite():
        raise ValueError(f"not a finite number: {value!r}")
    sign, digits, exponent = value.as_tuple()
    mantissa = int("".join(map(str, digits)) or "0") * (-1 if sign else 1)
    return (mantissa, -exponent) if exponent < 0 else (mantissa * 10 ** exponent, 0)


def exact(value: int | float | Decimal | Fraction) -> Fraction:
    """The exact value of a number as written (see :func:`as_written`)."""
    return as_written(value)[0]


def mean(values: Iterable[int | float | Decimal | Fraction]) -> Fraction | None:
    """The exact mean of numbers as written: 3.6, 3.5, 3.3 and 3.4 give exactly 3.45. None if empty."""
    numbers = [exact(v) for v in values]
    return sum(numbers, Fraction(0)) / len(numbers) if numbers else None


# -- suppression of one result's groups -----------------------------------------------------

def own_status(figure, min_group: int) -> str:
    """A group's own reason to hide: its status in the source, or ``too_few`` below ``min_group``."""
    if not figure.status and figure.denominator is not None and figure.denominator < min_group:
        return "too_few"
    return figure.status


def hidden_groups(statuses: dict[str, str], hides) -> set[str]:
    """The groups of one result to hide, given each group's own status and which statuses hide
    (``hides``): those, all groups if the total goes (girls + boys would give it back), and both
    genders if one goes (the total less one gender gives the other back)."""
    hidden = {group for group, status in statuses.items() if hides(status)}
    if "total" in hidden:
        hidden |= set(statuses)
    if hidden & {"girls", "boys"}:
        hidden |= {"girls", "boys"} & set(statuses)
    return hidden


def small_rests(figures, min_group: int) -> set[str]:
    """The catalogue groups (beyond total, girls, boys) of one result whose rest, the total less the
    group, is a small group: 1 to ``min_group`` − 1 pupils. A catalogue group is a part of the total
    (``model.PopulationGroup``), so publishing both would let a reader subtract their way to the rest;
    such a group is hidden (status ``complement``), the total stays. A rest of 0 is no group at all."""
    sizes = {group: figure.denominator for group, figure in figures}
    total = sizes.get("total")
    if total is None:
        return set()
    return {group for group, size in sizes.items()
            if group not in GROUPS and size is not None and 0 < total - size < min_group}


def group_statuses(figures, min_group: int) -> dict[str, str]:
    """Each group's own reason to hide (:func:`own_status`), and ``complement`` for a catalogue group
    whose rest is small (:func:`small_rests`)."""
    statuses = {group: own_status(figure, min_group) for group, figure in figures}
    for group in small_rests(figures, min_group):
        statuses[group] = statuses[group] or COMPLEMENT
    return statuses


HIDES = PRIVATE | {COMPLEMENT}
"""Statuses a result's group is hidden for (a group's own, before :func:`hidden_groups` adds those that give it back)."""
