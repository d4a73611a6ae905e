"""The year summary's staff figures for whole years: a table of each measure's periods, as the sources give them."""

from __future__ import annotations

from .. import formatting as fmt
from ..analysis.staff import STAFF_GROUPS, measures, period_key, period_of
from ..labels import STAFF_GROUPS as GROUP_WORDS


def _shown(value: float | None, unit: str) -> str:
    """A figure as written (7.3 → "7,3 %", 12 → "12"), never with more precision than its source gives."""
    if value is None:
        return "–"
    decimals = fmt.shown_decimals(1, fmt.written_decimals(value))
    return fmt.percent(value, decimals) if unit == "percent" else fmt.number(value, decimals)


def annual(municipality, before=None) -> dict | None:
    """Rows per measure and period, with the change in the total from the period before (same measure, same
    unit): in this year's file, or else last year's own figure in ``before`` (last year's file), named in
    the change; None when the year has no annual staff figures."""
    if not municipality or not municipality.staff:
        return None
    groups = [g for g in STAFF_GROUPS if any(getattr(f, g) is not None for f in municipality.staff)]
    last = {m: (f[-1], period_of(f[-1], before.school_year)) for m, f in measures(before)} if before else {}
    rows = []
    for measure, figures in measures(municipality):
        previous, since = None, ""
        if measure in last and period_key(last[measure][1]) < period_key(period_of(figures[0], municipality.school_year)):
            previous, since = last[measure]
        for figure in figures:
            change = ""
            if previous is not None and previous.unit == figure.unit:
                decimals = fmt.change_decimals(*(fmt.shown_decimals(1, fmt.written_decimals(v))
                                                 for v in (previous.total, figure.total)))
                change = fmt.difference(fmt.rounded_difference(figure.total, previous.total, decimals),
                                        "percent" if figure.unit == "percent" else "", decimals)
                change += f" sedan {since}" if since else ""
            rows.append({"measure": measure, "period": period_of(figure, municipality.school_year),
                         "cells": [_shown(getattr(figure, g), figure.unit) for g in groups],
                         "change": change or "–", "source": figure.source})
            previous, since = figure, ""
    return {"groups": [GROUP_WORDS[g] for g in groups], "rows": rows}
