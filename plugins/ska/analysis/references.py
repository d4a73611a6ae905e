"""Reference series' figures (riket, similar municipalities), kept apart from every figure of the municipality.

A reference figure is what a source publishes for another population than the municipality's: the
country, or a group of municipalities. It is never in the tidy table, an aggregate, a coverage count
or an official figure; it is only shown beside them, labelled with its series, source and window.

Suppression: a group the source marks ``too_few`` or ``rounded``, or one based on fewer than
``min_group`` pupils, is hidden, with the groups that would give it back (all if the total goes; both
genders if one goes), as for any result. The differences with the municipality's figures give nothing
back: a series covers another population than the site's units (the country's total less the
municipality's is the rest of the country, thousands of pupils).
"""

from __future__ import annotations

from typing import NamedTuple

import pandas as pd

from ..domain import ALL_STAGES
from ..model import Content
from .figures import HIDES, Figure, group_statuses, hidden_groups, published

COLUMNS = ["school_year", "indicator", "stage", "window", "group", "series", "source", "note",
           "numerator", "denominator", "value", "exact", "decimals", "status", "suppressed"]


class Reference(NamedTuple):
    """One reference figure with what it says about itself."""

    figure: Figure
    """Never a unit's: units_covered and units_reporting are 0."""
    source: str
    window: str = ""
    note: str = ""


def references(content: Content, min_group: int) -> dict[tuple, Reference]:
    """(year, indicator, stage key, series, group) → Reference; stage key ``ALL_STAGES`` where none is given.

    In the catalogue's order of series, then as written."""
    order = {series: n for n, series in enumerate(content.references)}
    out: dict[tuple, Reference] = {}
    for year, plan in content.municipality_years.items():
        for result in sorted(plan.references, key=lambda r: order.get(r.series, len(order))):
            indicator = content.indicators.get(result.indicator)
            ratio = indicator is not None and indicator.aggregation == "ratio"
            figures = result.figures()
            statuses = group_statuses(figures, min_group)
            hidden = hidden_groups(statuses, lambda s: s in HIDES)
            for group, fig in figures:
                if group in hidden:
                    figure = Figure(None, None, None, True, statuses[group] or "complement")
                else:
                    figure = published(fig, ratio, statuses[group])
                out[(year, result.indicator, result.stage or ALL_STAGES, result.series, group)] = Reference(
                    figure, result.source, result.window, result.note)
    return out


def table(items: dict[tuple, Reference]) -> pd.DataFrame:
    """The reference figures as a table (downloads, tests): one row per year, indicator, stage key, series and group."""
    rows = []
    for (year, indicator, stage, series, group), r in items.items():
        f = r.figure
        rows.append((year, indicator, stage, r.window, group, series, r.source, r.note, f.numerator, f.denominator,
                     None if f.value is None else float(f.value), f.value, f.decimals, f.status, f.suppressed))
    frame = pd.DataFrame(rows, columns=COLUMNS)
    for column in ("numerator", "denominator", "value"):
        frame[column] = frame[column].astype("float64")
    return frame
