"""The municipality's official figures (Skolverket, Kolada), kept apart from the figures computed from the units.

An official figure is what a source publishes for the whole municipality: for its own schools
(scope ``own``) or for all school owners in it (``all``), often for years before the site's
units. It is never a unit's figure: it is not in the tidy table, never counts in an aggregate
and never in a figure's coverage (its ``units_covered`` and ``units_reporting`` are 0).

Suppression follows the units' rules (see ``analyse``): a group marked ``too_few`` or ``rounded``
by the source, or based on fewer than ``min_group`` pupils, is suppressed, and so are the groups
that would give it back (all groups if the total goes; both genders if one goes). Two more rules
keep suppression under arithmetic, since the official figure less the computed one is what the
site left out (and, for scope ``all``, the schools not on it, which their sources publish):

* ``GIVES_BACK``: the computed group is itself suppressed, or leaves out exactly one unit whose
  figure is hidden (too few, "~100" or a complement). The difference would be that hidden group,
  whatever its size ("~100" hides a large group's few non-eligible pupils).
* ``SMALL_DIFFERENCE``: both give their pupils and differ by 1 to ``min_group`` − 1 pupils: the
  difference would be the figure of a small group (a unit left out, or a school not on the site).

Several hidden units left out together are not isolated by the difference (it is their sum, as
in the sources' own municipal totals); the official group is then published.
"""

from __future__ import annotations

from typing import NamedTuple

import pandas as pd

from ..model import Content, OfficialResult
from ..domain import ALL_STAGES
from .figures import COMPLEMENT, HIDES, Figure, hidden_groups, own_status, published, small_rests

SMALL_DIFFERENCE = "small_difference"
"""Status of an official group suppressed because it differs from the computed one by a small group."""
GIVES_BACK = "gives_back"
"""Status of an official group suppressed because, set against the computed one, it gives back a hidden group."""

COLUMNS = ["school_year", "indicator", "stage", "window", "group", "scope", "source", "note",
           "numerator", "denominator", "value", "exact", "decimals", "status", "suppressed"]


class Official(NamedTuple):
    """One official figure with what it says about itself."""

    figure: object
    """An ``analyse.Figure`` (never a unit: units_covered and units_reporting are 0)."""
    source: str
    scope: str
    window: str = ""
    note: str = ""


def stage_key(result: OfficialResult) -> str:
    """An official figure without a stage covers the whole municipality: the ``ALL_STAGES`` key."""
    return result.stage or ALL_STAGES


def officials(content: Content, towns: dict, min_group: int) -> dict[tuple, Official]:
    """(year, indicator, stage key, group) → Official, suppressed where the rules above say so.

    ``towns``: the computed municipal figures by the same key (``Results.towns``)."""

    out: dict[tuple, Official] = {}
    for year, plan in content.municipality_years.items():
        for result in plan.results:
            indicator = content.indicators.get(result.indicator)
            ratio = indicator is not None and indicator.aggregation == "ratio"
            stage = stage_key(result)
            figures = result.figures()
            statuses = {}
            rests = small_rests(figures, min_group)
            for group, fig in figures:
                status = own_status(fig, min_group) or (COMPLEMENT if group in rests else "")
                computed = towns.get((year, result.indicator, stage, group))
                if not status and computed is not None and (
                        computed.suppressed or computed.left_out_too_few + computed.left_out_suppressed == 1):
                    status = GIVES_BACK
                if not status and fig.denominator is not None and computed is not None \
                        and computed.denominator is not None \
                        and 0 < abs(fig.denominator - computed.denominator) < min_group:
                    status = SMALL_DIFFERENCE
                statuses[group] = status
            hidden = hidden_groups(statuses, lambda s: s in HIDES or s in (SMALL_DIFFERENCE, GIVES_BACK))
            for group, fig in figures:
                status = statuses[group] or (COMPLEMENT if group in hidden else "")
                if status:
                    figure = Figure(None, None, None, group in hidden, status)
                else:
                    figure = published(fig, ratio)
                out[(year, result.indicator, stage, group)] = Official(
                    figure, result.source, result.scope, result.window, result.note)
    return out


def table(items: dict[tuple, Official]) -> pd.DataFrame:
    """The official figures as a table (downloads, tests): one row per year, indicator, stage key and group."""
    rows = []
    for (year, indicator, stage, group), o in items.items():
        f = o.figure
        rows.append((year, indicator, stage, o.window, group, o.scope, o.source, o.note, f.numerator, f.denominator,
                     None if f.value is None else float(f.value), f.value, f.decimals, f.status, f.suppressed))
    frame = pd.DataFrame(rows, columns=COLUMNS)
    for column in ("numerator", "denominator", "value"):
        frame[column] = frame[column].astype("float64")
    return frame
