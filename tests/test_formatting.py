"""Swedish number formatting: half-up rounding from the decimals as written, once, and how many decimals."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, strategies as st

from ska import formatting as fmt

NBSP = "\u00a0"


@pytest.mark.parametrize("value, decimals, text", [
    (3.45, 1, "3,5"),                # a float is the decimal it was written as: a tie, rounded up
    (3.4499999999999997, 1, "3,4"),  # the float a binary sum of 3.6 3.5 3.3 3.4 gives: not a tie
    (Fraction(69, 20), 1, "3,5"),    # the exact mean of 3.6 3.5 3.3 3.4
    (3.15, 1, "3,2"),
    (-3.15, 1, "−3,2"),              # ties away from zero, as reports round
    (2.675, 2, "2,68"),              # binary 2.67499999… but written 2.675
    (0.5, 0, "1"),                   # not banker's rounding
    (2.5, 0, "3"),
    (-0.04, 1, "0,0"),               # never "−0,0"
    (1234567.891, 2, "1" + NBSP + "234" + NBSP + "567,89"),
    (192, 0, "192"),
    (Decimal("85.85"), 1, "85,9"),
    (np.float64(85.85), 1, "85,9"),
])
def test_number_rounds_half_up_from_the_decimal(value, decimals, text):
    assert fmt.number(value, decimals) == text


def test_percent_difference_and_missing():
    assert fmt.percent(Fraction(388800, 4541)) == "85,6" + NBSP + "%"
    assert fmt.difference(Fraction(-9), "percent", 1) == "−9,0" + NBSP + "procentenheter"
    assert fmt.difference(-0.04, "points", 2) == "−0,04" + NBSP + "poäng"
    assert fmt.difference(0.04, "index", 1) == "±0,0"
    assert fmt.number(None) == fmt.percent(float("nan")) == fmt.difference(None, "percent") == "–"


def test_rounded_difference_is_the_difference_of_the_printed_figures():
    assert fmt.rounded_difference(87.94, 87.65, 1) == Decimal("0.2")  # 87,9 − 87,7 (not 0,29 → 0,3)
    assert fmt.round_half_up(Fraction(69, 20), 1) == Decimal("3.5")


@pytest.mark.parametrize("value, written", [(192, 0), (192.0, 1), (3.94, 2), (3.5, 1), (1e-05, 5),
                                            (Decimal("3.40"), 2), (Fraction(1, 3), None)])
def test_written_decimals(value, written):
    assert fmt.written_decimals(value) == written


def test_shown_decimals_rule():
    # computed: the indicator's decimals
    assert fmt.shown_decimals(1, None) == 1
    # as written: neither lost (3,94 stays 3,94) nor invented (192 stays 192), at most MAX_DECIMALS
    assert fmt.number(3.94, fmt.shown_decimals(1, fmt.written_decimals(3.94))) == "3,94"
    assert fmt.number(192, fmt.shown_decimals(1, fmt.written_decimals(192))) == "192"
    assert fmt.shown_decimals(1, 5) == fmt.MAX_DECIMALS
    # a change between figures shown with different precision: the finer one
    assert fmt.change_decimals(2, 1) == 2
    # a mean of scores: one decimal (the scale's definition), finer only if the scores were written finer
    assert fmt.mean_decimals([0, 0, 0]) == fmt.SCORE_DECIMALS == 1
    assert fmt.mean_decimals([2, 1]) == 2


def test_count_words():
    assert fmt.count(1, "enhet", "enheter") == "1 enhet"
    assert fmt.count(2498, "elev", "elever") == "2" + NBSP + "498 elever"


@given(st.integers(-10**6, 10**6), st.integers(0, 2))
def test_a_written_tie_always_rounds_away_from_zero(units, decimals):
    # a number written with one more decimal than shown, ending in 5, is a tie
    text = f"{units}5"
    written = Decimal(text).scaleb(-(decimals + 1))
    as_float = float(written)
    expected = (abs(units) + 1) * (1 if units >= 0 else -1)
    assert fmt.round_half_up(as_float, decimals) == Decimal(expected).scaleb(-decimals)
    assert fmt.round_half_up(written, decimals) == Decimal(expected).scaleb(-decimals)
