"""Plotly figures as plain dicts (no template, no plotly import) and their HTML embedding.

A chart is an image for a reader (``role="img"``): every axis has a title with its unit, bars start
at zero, and a suppressed figure is a marked gap ("..", with the reason on hover) whose value is
nowhere in the figure. The words around a chart (summary, source) come from ``chart_texts``."""

from __future__ import annotations

import html
import json
import math
from dataclasses import dataclass
from typing import Any

from .. import formatting

# Heatmap ramp for self-assessment 1–5 (ColorBrewer Blues); ska.css uses the same colours.
HEAT_COLOURS = ("#eff3ff", "#bdd7e7", "#6baed6", "#2171b5", "#08519c")
# Marker per definition version, so a series break also shows without colour.
SEGMENT_SYMBOLS = ("circle", "diamond", "square", "triangle-up")
ROW_HEIGHT = 28  # px per bar or heatmap row; such charts grow with their rows
BARGAP = 0.2  # plotly's default gap between groups of bars, set explicitly: the ".." marks are placed by it
PAD = 0.15  # an auto-ranged value axis reaches this share of the values' span beyond them


@dataclass(frozen=True)
class Series:
    """One named series; ``segment`` names its definition version (e.g. "17 ämnen"); ``dash`` draws its
    line dashed ("dash", "dot"), so a series of another kind (the official figure beside the computed
    ones) shows without colour."""

    name: str
    values: list[float | None]
    segment: str = ""
    dash: str = ""


@dataclass(frozen=True)
class Chart:
    """A figure and the words a page writes around it: ``summary``, one sentence on what to take away;
    ``source``, where the figures come from; ``note``, e.g. that the value axis does not start at zero."""

    figure: dict
    summary: str = ""
    source: str = ""
    note: str = ""


def _plain(text: str) -> str:
    """Escape text that plotly.js would otherwise read as its HTML subset (content is data, not code)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _labels(values: list[float | None], unit: str, decimals: int) -> list[str]:
    """Swedish hover labels, empty where a value is missing or suppressed."""
    return ["" if v is None else formatting.figure(v, unit, decimals) for v in values]


def _titled(axis: dict, title: str) -> dict:
    """The axis with its title (what its values or categories are, with the unit), if one is given."""
    if title:
        axis["title"] = {"text": _plain(title)}
    return axis


def _value_axis(unit: str, title: str, value_range: tuple[float, float] | None = None) -> dict:
    """A value axis titled with its unit; percent axes get ``ticksuffix " %"`` (non-breaking space).
    Without a range it starts at zero (bars: their length is the value)."""
    axis: dict[str, Any] = {"range": list(value_range)} if value_range else {"rangemode": "tozero"}
    if unit == "percent":
        axis["ticksuffix"] = formatting.NBSP + "%"
    return _titled(axis, title)


def _category_axis(categories: list[str], title: str) -> dict:
    """A category axis that keeps the given order even where a category has no value."""
    return _titled({"type": "category", "categoryorder": "array", "categoryarray": [_plain(c) for c in categories]},
                   title)


def _line_range(values: list[float]) -> tuple[float, float]:
    """A value axis range for lines: the values with some room, from zero when zero is about that near.

    A line shows change, so its axis may start above zero (the page then says so, see
    ``from_zero``); set here rather than left to plotly, so that what the page says is what is drawn."""
    low, high = min(values), max(values)
    room = (high - low) * PAD or abs(high) * PAD or 1
    start = low - room
    return (0 if low >= 0 and start <= room else start, high + room)


def from_zero(figure: dict) -> bool:
    """Whether a figure's value axis reaches down to zero (true for a figure without one, a heatmap)."""
    values = [a for a in (figure["layout"].get(k, {}) for k in ("xaxis", "yaxis")) if a.get("type") != "category"]
    return all(a.get("rangemode") == "tozero" or a.get("range", [1])[0] <= 0 for a in values)


def _hidden_mark(x: Any, y: Any, where: str, note: str, **place: Any) -> dict:
    """A ".." where a suppressed figure would be, its reason on hover; never its value."""
    return {"x": x, "y": y, "text": formatting.SUPPRESSED, "showarrow": False,
            "hovertext": _plain(f"{where}: {note}" if note else where), **place}


def _present(values: list[float | None]) -> list[int]:
    """Indexes of values that are present."""
    return [i for i, v in enumerate(values) if v is not None]


def series_over_years(
    years: list[str],
    series: list[Series],
    unit: str,
    y_range: tuple[float, float] | None = None,
    *,
    decimals: int = 1,
    value_title: str = "",
    category_title: str = "",
    hidden: list[tuple[str, str]] = (),
    hidden_note: str = "",
) -> dict:
    """Lines with markers over school years; each definition version is its own trace, never joined.

    Without ``y_range`` the value axis fits the values (``_line_range``). ``hidden``: (year, series
    name) of each suppressed figure, marked ".." at that year with ``hidden_note`` on hover."""
    segments: dict[str, list[str]] = {}
    for s in series:
        if s.segment not in segments.setdefault(s.name, []):
            segments[s.name].append(s.segment)
    traces: list[dict] = []
    breaks: set[float] = set()
    last_index: dict[str, int] = {}
    for s in series:
        present = _present(s.values)
        if not present:
            continue
        first, last = present[0], present[-1]
        if s.name in last_index:  # a new definition version starts: mark the break between them
            breaks.add((last_index[s.name] + first) / 2)
        last_index[s.name] = last
        several = len(segments[s.name]) > 1
        name = f"{s.name} ({s.segment})" if several and s.segment else s.name
        symbol = SEGMENT_SYMBOLS[segments[s.name].index(s.segment) % len(SEGMENT_SYMBOLS)]
        values = s.values[first : last + 1]
        trace = {
            "type": "scatter",
            "mode": "lines+markers",
            "name": _plain(name),
            "legendgroup": _plain(s.name),
            "x": [_plain(y) for y in years[first : last + 1]],
            "y": values,
            "text": _labels(values, unit, decimals),
            "hovertemplate": "%{text}",
            "connectgaps": False,
            "marker": {"symbol": symbol},
        }
        if s.dash:
            trace["line"] = {"dash": s.dash}
        traces.append(trace)
    present = [v for s in series for v in s.values if v is not None]
    if y_range is None and present:
        y_range = _line_range(present)
    layout: dict[str, Any] = {
        "xaxis": _category_axis(years, category_title),
        "yaxis": _value_axis(unit, value_title, y_range),
        "hovermode": "x unified",
        "showlegend": len(traces) > 1,
    }
    by_year: dict[str, list[str]] = {}
    for year, name in hidden:
        by_year.setdefault(year, []).append(name)
    if by_year:
        layout["annotations"] = [
            _hidden_mark(_plain(year), 0, f"{', '.join(names)} {year}", hidden_note, xref="x", yref="paper",
                         yanchor="bottom")
            for year, names in by_year.items()]
    if breaks:
        layout["shapes"] = [
            {"type": "line", "xref": "x", "yref": "paper", "x0": x, "x1": x, "y0": 0, "y1": 1, "line": {"dash": "dot", "width": 1}}
            for x in sorted(breaks)
        ]
    return {"data": traces, "layout": layout}


def spread(
    labels: list[str],
    values: list[float],
    unit: str,
    reference: float | None,
    reference_label: str,
    *,
    decimals: int = 1,
    value_title: str = "",
    category_title: str = "",
    hidden: list[str] = (),
    hidden_note: str = "",
) -> dict:
    """Horizontal bars of units sorted by value (highest on top) with the municipality as a reference line.

    ``hidden``: units whose figure is suppressed; each has its row (at the bottom) with no bar and a ".."."""
    pairs = [(None, label) for label in sorted(hidden, reverse=True)] + sorted(zip(values, labels))
    ordered = [v for v, _ in pairs]
    layout: dict[str, Any] = {
        "xaxis": _value_axis(unit, value_title),
        "yaxis": _titled({"type": "category", "automargin": True}, category_title),
        "hovermode": "closest",
        "showlegend": False,
        "height": 80 + ROW_HEIGHT * len(pairs),
    }
    if hidden:
        layout["annotations"] = [_hidden_mark(0, _plain(label), label, hidden_note, xref="x", yref="y",
                                              xanchor="left") for label in sorted(hidden, reverse=True)]
    if reference is not None:
        layout["shapes"] = [
            {"type": "line", "xref": "x", "yref": "paper", "x0": reference, "x1": reference, "y0": 0, "y1": 1, "line": {"dash": "dash", "width": 2}}
        ]
        layout["annotations"] = layout.get("annotations", []) + [{
            "x": reference, "xref": "x", "y": 1, "yref": "paper", "yanchor": "bottom", "showarrow": False,
            "text": _plain(f"{reference_label} {formatting.figure(reference, unit, decimals)}"),
        }]
        layout["margin"] = {"t": 28}
    return {
        "data": [{
            "type": "bar",
            "orientation": "h",
            "x": ordered,
            "y": [_plain(label) for _, label in pairs],
            "text": _labels(ordered, unit, decimals),
            "textposition": "inside",
            "insidetextanchor": "start",
            "cliponaxis": False,
            "hovertemplate": "%{y}: %{text}<extra></extra>",
        }],
        "layout": layout,
    }


def heatmap(
    x: list[str],
    y: list[str],
    z: list[list[float | None]],
    zmin: float = 1,
    zmax: float = 5,
    *,
    decimals: int = 1,
    x_title: str = "",
    y_title: str = "",
) -> dict:
    """Self-assessment grid (rows ``y`` × columns ``x``) with the number written in every cell."""
    steps = len(HEAT_COLOURS) - 1
    return {
        "data": [{
            "type": "heatmap",
            "x": [_plain(c) for c in x],
            "y": [_plain(r) for r in y],
            "z": z,
            "zmin": zmin,
            "zmax": zmax,
            "colorscale": [[i / steps, c] for i, c in enumerate(HEAT_COLOURS)],
            "showscale": False,
            "xgap": 2,
            "ygap": 2,
            "hoverongaps": False,
            "text": [["" if v is None else formatting.number(v, decimals) for v in row] for row in z],
            "texttemplate": "%{text}",
            "hovertemplate": "%{y}<br>%{x}: %{text}<extra></extra>",
        }],
        "layout": {
            "xaxis": _titled({"type": "category", "side": "top", "automargin": True}, x_title),
            "yaxis": _titled({"type": "category", "autorange": "reversed", "automargin": True}, y_title),
            "hovermode": "closest",
            "showlegend": False,
            "height": 100 + ROW_HEIGHT * len(y),
        },
    }


def grouped_bars(categories: list[str], series: list[Series], unit: str, *, decimals: int = 1,
                 value_title: str = "", category_title: str = "", hidden: list[tuple[str, str]] = (),
                 hidden_note: str = "") -> dict:
    """Bars from zero per category, one colour per series (a unit against the municipality, sick leave per
    month). ``hidden``: (category, series name) of each suppressed figure, marked ".." where its bar would be."""
    x = [_plain(c) for c in categories]
    names = [s.name for s in series]
    slot = (1 - BARGAP) / max(len(series), 1)  # a group's width on the axis (1 per category) shared by its bars
    marks = [_hidden_mark(categories.index(c) - (1 - BARGAP) / 2 + slot * (names.index(n) + 0.5), 0, f"{n}, {c}",
                          hidden_note, xref="x", yref="y", yanchor="bottom")
             for c, n in hidden if c in categories and n in names]
    figure = {
        "data": [
            {
                "type": "bar",
                "name": _plain(s.name),
                "legendgroup": _plain(s.name),
                "x": x,
                "y": list(s.values),
                "text": _labels(s.values, unit, decimals),
                "textposition": "none",
                "hovertemplate": "%{text}",
            }
            for s in series
        ],
        "layout": {
            "xaxis": _category_axis(categories, category_title),
            "yaxis": _value_axis(unit, value_title),
            "barmode": "group",
            "bargap": BARGAP,
            "hovermode": "x unified",
            "showlegend": len(series) > 1,
        },
    }
    if marks:
        figure["layout"]["annotations"] = marks
    return figure


def _compact(value: Any) -> Any:
    """Round floats to 4 significant digits (whole numbers lose ``.0``); NaN and infinity become null."""
    kind = type(value)
    if kind is dict:
        return {k: _compact(v) for k, v in value.items()}
    if kind is list or kind is tuple:
        return [_compact(v) for v in value]
    if isinstance(value, float):  # numpy's too
        if not math.isfinite(value):
            return None
        rounded = float(f"{value:.4g}")
        return int(rounded) if rounded.is_integer() else rounded
    return value


def figure_json(figure: dict) -> str:
    """The figure as compact JSON, floats rounded to 4 significant digits."""
    return json.dumps(_compact(figure), separators=(",", ":"), ensure_ascii=False, allow_nan=False)


def embed(figure: dict, label: str) -> str:
    """A chart placeholder for charts.js; the data sits in a ``data-`` attribute (survives instant navigation, not indexed)."""
    return (
        f'<div class="ska-chart" role="img" aria-label="{html.escape(label, quote=True)}" '
        f'data-figure="{html.escape(figure_json(figure), quote=True)}"></div>'
    )
