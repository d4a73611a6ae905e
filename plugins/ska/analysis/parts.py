"""Figures for a part of the organisation (school form, function, area): its member units' published
figures pooled over all their stages, by the municipality's very rules (``results.combine``: only
published figures, exact, suppressed below the threshold, with coverage). A part is never a unit:
it has no figures of its own, only its units' pooled."""

from __future__ import annotations

from ..model import Content
from .figures import Figure
from .results import Results, _figures, combine

KEY = ["part", "school_year", "indicator", "group"]


def members(content: Content) -> dict[str, list[str]]:
    """Part id → the ids of the units that belong to it (every unit, closed ones too), by name."""
    out: dict[str, list[str]] = {part: [] for part in content.parts}
    for unit in sorted(content.units.values(), key=lambda u: u.name):
        if unit.part in out:
            out[unit.part].append(unit.id)
    return out


class PartFigures:
    """(part, year, indicator, group) → the part's Figure over all stages of its units; computed on first use."""

    def __init__(self, content: Content, results: Results):
        self.content = content
        self.results = results
        self._figures: dict[tuple, Figure] | None = None

    def get(self, part: str, year: str, indicator: str, group: str = "total") -> Figure | None:
        if self._figures is None:
            self._figures = self._compute()
        return self._figures.get((part, year, indicator, group))

    def year(self, year: str, group: str = "total") -> list[tuple[str, str, Figure]]:
        """Every (part, indicator, figure) of ``year`` for ``group``."""
        if self._figures is None:
            self._figures = self._compute()
        return [(p, i, f) for (p, y, i, g), f in self._figures.items() if y == year and g == group]

    def _compute(self) -> dict[tuple, Figure]:
        part_of = {unit.id: unit.part for unit in self.content.units.values() if unit.part in self.content.parts}
        rows = self.results.rows
        if not part_of or rows.empty:
            return {}
        part = rows["unit"].astype(object).map(part_of)
        rows = rows[part.notna()].assign(part=part[part.notna()])
        if rows.empty:
            return {}
        return _figures(combine(rows, KEY, self.results.min_group), KEY)
