"""Reference series for the synthetic municipality: the country (riket) and a comparison group of similar
municipalities (``references`` in the indicator catalogue), with their figures for a few of Skolverket's
indicators each school year, as Kolada publishes them: a value per gender, no counts."""

from __future__ import annotations

import random

SERIES: list[dict] = [
    {"id": "riket", "name": "Riket",
     "description": "Alla huvudmän i hela landet, kommunala och fristående, enligt Skolverkets statistik via Kolada.",
     "kolada_municipality": "0000"},
    {"id": "liknande-kommuner", "name": "Liknande kommuner",
     "description": "Kommuner som liknar kommunen i förutsättningar för grundskolan (Koladas jämförelsegrupp), "
                    "ett genomsnitt för gruppen.",
     "kolada_municipality": "G33910"},
]
"""The catalogue's reference series (content/indicators.yaml's ``references``)."""

# (series, indicator) → source, the total's level in the first school year, its drift per year, and how far
# girls and boys lie above and below the total
FIGURES = {
    ("riket", "meritvarde-ak9"): ("Kolada N15505", 221.0, 1.6, 11.2),
    ("riket", "behorighet-yrkes-ak9"): ("Skolverket via Kolada", 85.8, -0.2, 1.9),
    ("liknande-kommuner", "meritvarde-ak9"): ("Kolada N15505", 217.5, 1.3, 10.4),
    ("liknande-kommuner", "behorighet-yrkes-ak9"): ("Skolverket via Kolada", 84.1, 0.1, 2.3),
}
FIRST = 2019
"""The school year (its first calendar year) the levels in FIGURES are for."""


def reference_figures(start: int, indicators: tuple[str, ...] | None = None) -> list[dict]:
    """The reference series' figures for the school year starting in ``start`` (only ``indicators`` if given):
    the same whatever the municipality, as the country's are."""
    out = []
    for (series, indicator), (source, level, drift, gap) in FIGURES.items():
        if indicators is not None and indicator not in indicators:
            continue
        rng = random.Random(f"referens:{series}:{indicator}:{start}")
        total = level + drift * (start - FIRST) + rng.uniform(-0.6, 0.6)
        spread = gap + rng.uniform(-0.4, 0.4)
        out.append({"series": series, "indicator": indicator, "window": f"VT {start + 1}", "source": source,
                    "total": {"value": round(total, 1)}, "girls": {"value": round(total + spread, 1)},
                    "boys": {"value": round(total - spread, 1)}})
    return out


def with_references(data: dict, start: int) -> dict:
    """A municipality year document with its reference figures after its goal areas (the schema's order)."""
    items = list(data.items())
    at = [k for k, _ in items].index("goal_areas") + 1 if "goal_areas" in data else len(items)
    return dict(items[:at] + [("references", reference_figures(start))] + items[at:])
