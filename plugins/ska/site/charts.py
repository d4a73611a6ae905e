"""Plotly figures as plain dicts (no template, no plotly import) and their HTML embedding."""

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


@dataclass(frozen=True)
class Series:
    """One named series; ``segment`` names its definition version (e.g. "17 ämnen"); ``dash`` draws its
    line dashed ("dash", "dot"), so a series of another kind (the official figure beside the computed
    ones) shows without colour."""

    name: str
    values: list[float | None]
    segment: str = ""
    dash: str = ""


def _plain(text: str) -> str:
    """Escape text that plotly.js would otherwise read as its HTML subset (content is data, not code)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _labels(values: list[float | None], unit: str, decimals: int) -> list[str]:
    """Swedish hover labels, empty where a value is missing or suppressed."""
    return ["" if v is None else formatting.figure(v, unit, decimals) for v in values]


def _value_axis(unit: str, value_range: tuple[float, float] | None = None) -> dict:
    """A value axis; percent axes get ``ticksuffix " %"`` (non-breaking space)."""
    axis: dict[str, Any] = {"range": list(value_range)} if value_range else {}
    if unit == "percent":
        axis["ticksuffix"] = formatting.NBSP + "%"
    return axis


def _category_axis(categories: list[str]) -> dict:
    """A category axis that keeps the given order even where a category has no value."""
    return {"type": "category", "categoryorder": "array", "categoryarray": [_plain(c) for c in categories]}


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
) -> dict:
    """Lines with markers over school years; each definition version is its own trace, never joined."""
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
    layout: dict[str, Any] = {
        "xaxis": _category_axis(years),
        "yaxis": _value_axis(unit, y_range),
        "hovermode": "x unified",
        "showlegend": len(traces) > 1,
    }
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
) -> dict:
    """Horizontal bars of units sorted by value (highest on top) with the municipality as a reference line."""
    pairs = sorted(zip(values, labels))
    ordered = [v for v, _ in pairs]
    layout: dict[str, Any] = {
        "xaxis": _value_axis(unit),
        "yaxis": {"type": "category", "automargin": True},
        "hovermode": "closest",
        "showlegend": False,
        "height": 60 + ROW_HEIGHT * len(pairs),
    }
    if reference is not None:
        layout["shapes"] = [
            {"type": "line", "xref": "x", "yref": "paper", "x0": reference, "x1": reference, "y0": 0, "y1": 1, "line": {"dash": "dash", "width": 2}}
        ]
        layout["annotations"] = [{
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
            "xaxis": {"type": "category", "side": "top", "automargin": True},
            "yaxis": {"type": "category", "autorange": "reversed", "automargin": True},
            "hovermode": "closest",
            "showlegend": False,
            "height": 100 + ROW_HEIGHT * len(y),
        },
    }


def grouped_bars(categories: list[str], series: list[Series], unit: str, *, decimals: int = 1) -> dict:
    """Bars per category, one colour per series (girls/boys per stage, sick leave per month)."""
    x = [_plain(c) for c in categories]
    return {
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
            "xaxis": _category_axis(categories),
            "yaxis": _value_axis(unit),
            "barmode": "group",
            "hovermode": "x unified",
            "showlegend": len(series) > 1,
        },
    }


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
