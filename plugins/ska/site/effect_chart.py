"""A programme's effect over time as a chart: the participants' and the others' pooled shares in the years of
the "Effekt" table (the baseline, pooled over its window, then each follow-up year), each line over the one
set of units with published counts in every one of those years (``IndicatorEffect.trend``; see
``analysis.effect``: a line never moves because units joined or left), the baseline shaded and the programme's
start a vertical line, with the words around it (which units, what the marks are, the source). A group too
small to show is a ".." mark."""

from __future__ import annotations

from .. import formatting as fmt
from ..analysis.effect import IndicatorEffect
from ..model import Indicator
from ..domain import first_day, school_year_bounds, school_year_of_date
from ..labels import (AXIS_CATEGORIES, AXIS_VALUES, CHART_HIDDEN, EFFECT_CHART_FEWER, EFFECT_CHART_MARKS,
                      EFFECT_CHART_NO_START, EFFECT_CHART_PANEL, EFFECT_CHART_PUPILS, EFFECT_GROUPS)
from . import chart_texts, charts
from .effect_views import listing
from .pages import people

PARTICIPANTS, OTHERS = "Deltagarna", "De andra"
BASELINE_FILL = "rgba(128, 128, 128, 0.18)"  # reads on the light and the dark scheme alike
DECIMALS = 1  # as the table's cells (programme_views._cell: formatting.percent)


def start_position(categories: list[str], start: str) -> float | None:
    """Where the programme's start lies on a category axis of school years (category i spans i ± 0.5): within
    its school year by the share of the year gone; between categories when its year is not one; None before
    the first category's year or after the last's."""
    year = school_year_of_date(start)
    if year in categories:
        begins, ends = school_year_bounds(year)
        gone = (first_day(start) - begins).days / ((ends - begins).days + 1)
        return categories.index(year) - 0.5 + gone
    later = [i for i, c in enumerate(categories) if c[:7] > year]
    if not later or later[0] == 0:
        return None
    return later[0] - 0.5


def effect_chart(effect: IndicatorEffect, indicator: Indicator, start: str, hidden_note: str) -> charts.Chart | None:
    """The chart of one indicator's effect (None when the table has no share to draw)."""
    trend = effect.trend
    categories = [r.year for r in trend]
    mine = [None if r.participants.share is None else float(r.participants.share) for r in trend]
    theirs = [None if r.others.share is None else float(r.others.share) for r in trend]
    if not any(v is not None for v in mine + theirs):
        return None
    series = [charts.Series(PARTICIPANTS, mine)] + ([charts.Series(OTHERS, theirs)] if effect.others else [])
    hidden = [(r.year, name) for r in trend for name, pooled in ((PARTICIPANTS, r.participants),
                                                                        (OTHERS, r.others))
              if pooled.share is None and (pooled.units or pooled.left_out)]
    scale = (indicator.scale.min, indicator.scale.max)
    figure = charts.series_over_years(categories, series, "percent", scale, decimals=DECIMALS,
                                      value_title=AXIS_VALUES["percent"], category_title=AXIS_CATEGORIES["year"],
                                      hidden=hidden, hidden_note=hidden_note or CHART_HIDDEN)
    layout = figure["layout"]
    shapes = [{"type": "rect", "xref": "x", "yref": "paper", "x0": -0.5, "x1": 0.5, "y0": 0, "y1": 1,
               "fillcolor": BASELINE_FILL, "line": {"width": 0}, "layer": "below"}]
    notes = [{"x": 0, "xref": "x", "y": 1, "yref": "paper", "yanchor": "top", "showarrow": False,
              "text": "Utgångsläge"}]
    at = start_position(categories, start)
    if at is not None:
        shapes.append({"type": "line", "xref": "x", "yref": "paper", "x0": at, "x1": at, "y0": 0, "y1": 1,
                       "line": {"dash": "dash", "width": 2}})
        notes.append({"x": at, "xref": "x", "y": 1, "yref": "paper", "yanchor": "top", "xanchor": "left",
                      "showarrow": False, "text": "Start"})
    layout["shapes"] = shapes + layout.get("shapes", [])
    layout["annotations"] = layout.get("annotations", []) + notes
    words = (EFFECT_CHART_MARKS if at is not None else EFFECT_CHART_NO_START).format(
        baseline=categories[0], start=fmt.long_date(start))
    sizes = effect.trend_units
    words = EFFECT_CHART_PANEL.format(participants=fmt.count(sizes[0], "enhet", "enheter"),
                                      others=fmt.count(sizes[1], "enhet", "enheter")) + " " + words
    if any(r.participants.units > sizes[0] or r.others.units > sizes[1] for r in effect.rows[1:]):
        words += " " + EFFECT_CHART_FEWER
    words += " " + pupils(effect, indicator)
    summary = chart_texts.series(categories, series, "percent", DECIMALS)
    return charts.Chart(figure, f"{summary} {words}".strip(), chart_texts.source("units", [indicator.source], computed=False))


def pupils(effect: IndicatorEffect, indicator: Indicator) -> str:
    """What each point of the lines covers, in words: the pupils per school year in the chart's order (the
    baseline's as the table counts them), ".." for a hidden group, "–" for none: the chart's units may be fewer
    than a row's, so the table does not always hold them."""
    def counts(side: str) -> str:
        points = [getattr(r, side) for r in effect.trend]
        return listing([fmt.number(p.denominator, 0) if p.share is not None else
                        fmt.SUPPRESSED if p.units or p.left_out else "–" for p in points])
    groups = [f"{EFFECT_GROUPS[0]} {counts('participants')}"]
    groups += [f"{EFFECT_GROUPS[1]} {counts('others')}"] if effect.others else []
    who = people(indicator)
    return EFFECT_CHART_PUPILS.format(people=who[:1].upper() + who[1:], groups="; ".join(groups))
