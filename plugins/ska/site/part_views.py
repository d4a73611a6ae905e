"""A part of the organisation's pages (school form, function, area): the part with its units and school
years, its plan for a school year with its units' figures pooled, and the roll-up of every part in the
municipality's year summary. A part is never counted as a unit; its figures are its units' pooled
(``analysis.parts``)."""

from __future__ import annotations

from functools import partial

from .. import formatting as fmt
from ..analysis.parts import PartFigures, members
from ..domain import ALL_STAGES, school_year_slug
from ..labels import PART_KINDS, PERSPECTIVES, SCHOOL_FORMS
from ..model import Indicator
from .owner_area_views import OwnerAreaViews
from .pages import Cell, Page, coverage, indicator_path, unit_path, unit_year_path, year_path

PARTS_INDEX = "delar/index.md"
KEY_FIGURES = 4  # the year summary's roll-up and a part's unit table show this many indicators


def part_path(part: str) -> str:
    return f"delar/{part}/index.md"


def part_year_path(part: str, year: str) -> str:
    return f"delar/{part}/{school_year_slug(year)}.md"


class PartViews(OwnerAreaViews):
    """The pages of the parts of the organisation (a part of ``Views``)."""

    @property
    def part_units(self) -> dict[str, list[str]]:
        if getattr(self, "_part_units", None) is None:
            self._part_units = members(self.content)
            self._part_figures = PartFigures(self.content, self.results)
        return self._part_units

    def part_figure(self, part: str, year: str, indicator: str, group: str = "total"):
        self.part_units  # noqa: B018 - sets up the figures
        return self._part_figures.get(part, year, indicator, group)

    def part_link(self, unit, year: str = "") -> tuple[str, str] | None:
        """(name, path) of the part a unit belongs to, its year page for ``year`` if it has one; else None."""
        part = self.content.parts.get(unit.part)
        if part is None:
            return None
        return part.name, part_year_path(part.id, year) if year in self.part_years(part.id) else part_path(part.id)

    def part_years(self, part: str) -> list[str]:
        """School years with the part's own plan or a plan of one of its units (worked out once per part:
        every unit page asks)."""
        known = self.__dict__.setdefault("_part_years", {})
        if part not in known:
            units = set(self.part_units.get(part, ()))
            known[part] = [y for y in self.years if (part, y) in self.content.part_years
                           or any((u, y) in self.content.unit_years for u in units)]
        return known[part]

    def part_active_units(self, part: str, year: str) -> list:
        units = set(self.part_units.get(part, ()))
        return [u for u in self.active_units(year) if u.id in units]

    def part_pages(self) -> list[Page]:
        pages = [self.parts_index()]
        for part in sorted(self.content.parts):
            pages.append(self.part_page(part))
            pages += [self.part_year_page(part, year) for year in self.part_years(part)]
        return pages

    def parts_index(self) -> Page:
        rows = [{"part": p, "kind": PART_KINDS[p.kind], "path": part_path(p.id),
                 "units": fmt.count(len(self.part_units[p.id]), "enhet", "enheter")}
                for p in sorted(self.content.parts.values(), key=lambda p: (list(PART_KINDS).index(p.kind), p.name))]
        return Page(PARTS_INDEX, "Verksamhetsdelar", "parts_index.md.j2", {"rows": rows}, in_nav=True)

    def part_page(self, part_id: str) -> Page:
        part = self.content.parts[part_id]
        units = [self.content.units[u] for u in self.part_units[part_id]]
        context = {"part": part, "kind": PART_KINDS[part.kind],
                   "forms": ", ".join(SCHOOL_FORMS[f] for f in part.school_forms),
                   "units": [{"unit": u, "path": unit_path(u.id), "status": f"Stängd {fmt.long_date(u.closed)}"
                              if u.closed else ""} for u in units],
                   "years": [(y, part_year_path(part_id, y)) for y in reversed(self.part_years(part_id))],
                   "index_path": PARTS_INDEX}
        return Page(part_path(part_id), part.name, "part.md.j2", context, source=part.source,
                    in_nav=True, nav_title=part.name)

    def part_indicators(self, part: str, year: str) -> list[Indicator]:
        """The indicators with a pooled figure for the part in ``year``, in the catalogue's order."""
        return [ind for ind in self.content.indicators.values() if ind.aggregation != "none"
                and self.part_figure(part, year, ind.id) is not None]

    def part_year_page(self, part_id: str, year: str) -> Page:
        plan = self.content.part_years.get((part_id, year))
        units = self.part_active_units(part_id, year)
        return Page(part_year_path(part_id, year), f"{self.content.parts[part_id].name} {year}", "part_year.md.j2",
                    partial(self.part_year_context, part_id, year), source=plan.source if plan else "",
                    covers=tuple(self.content.unit_years[u.id, year].source for u in units
                                 if (u.id, year) in self.content.unit_years))

    def part_year_context(self, part_id: str, year: str) -> dict:
        part = self.content.parts[part_id]
        plan = self.content.part_years.get((part_id, year))
        last = self.previous(year)
        figures = []
        for ind in self.part_indicators(part_id, year):
            now = self.part_figure(part_id, year, ind.id)
            before = self.part_figure(part_id, last, ind.id) if last else None
            town = self.results.municipality(year, ind.id, ALL_STAGES)
            figures.append({"indicator": ind, "path": indicator_path(ind.id), "now": self.cell(now, ind),
                            "coverage": coverage(now, ind), "before": self.cell(before, ind) if last else Cell("–"),
                            "before_coverage": coverage(before, ind), "municipality": self.cell(town, ind),
                            "municipality_coverage": coverage(town, ind)})
        columns = [row["indicator"] for row in figures[:KEY_FIGURES]]
        units = [{"unit": u, "path": unit_year_path(u.id, year) if (u.id, year) in self.content.unit_years else unit_path(u.id),
                  "cells": [self.cell(self.results.unit(u.id, year, ind.id, ALL_STAGES), ind) for ind in columns]}
                 for u in self.part_active_units(part_id, year)]
        goals = [{"goal": g, "indicators": [self.content.indicators[x] for x in g.indicators
                                            if x in self.content.indicators]} for g in (plan.goals if plan else ())]
        return {
            "part": part, "kind": PART_KINDS[part.kind], "year": year, "last": last, "plan": plan,
            "part_path": part_path(part_id), "year_path": year_path(year), "figures": figures,
            "columns": columns, "units": units, "goals": goals,
            "units_text": fmt.count(len(units), "enhet", "enheter") + " med plan detta läsår" if units else "inga enheter",
            "analysis": [(PERSPECTIVES[k], getattr(plan.analysis, k)) for k in PERSPECTIVES
                         if plan and getattr(plan.analysis, k)],
            "improvement_areas": self.part_area_effects(part_id, year, self.improvement_areas(plan.improvement_areas))
            if plan else [],
            "self_assessment": self.self_assessment(plan.self_assessment) if plan else [],
            "has_suppressed": any(c.suppressed for r in figures for c in (r["now"], r["before"], r["municipality"]))
            or any(c.suppressed for r in units for c in r["cells"]),
            "suppressed_title": self.suppressed_title,
        }

    def part_rollup(self, year: str) -> list[dict]:
        """The year summary's section on the parts: one row per part with a plan or a unit that year, its
        number of units and up to KEY_FIGURES figures pooled over its units, with what each covers (the
        part's own goals' indicators first, then the municipality's), linked to the part's year page."""
        municipality = self.content.municipality_years.get(year)
        town_goals = [i for area in (municipality.goal_areas if municipality else ())
                      for goal in area.goals for i in goal.indicators]
        rows = []
        for p in sorted(self.content.parts.values(), key=lambda p: (list(PART_KINDS).index(p.kind), p.name)):
            if year not in self.part_years(p.id):
                continue
            plan = self.content.part_years.get((p.id, year))
            own = [i for goal in (plan.goals if plan else ()) for i in goal.indicators]
            have = {ind.id: ind for ind in self.part_indicators(p.id, year)}
            chosen = [have[i] for i in dict.fromkeys([*own, *town_goals, *have]) if i in have][:KEY_FIGURES]
            figures = []
            for ind in chosen:
                figure = self.part_figure(p.id, year, ind.id)
                figures.append({"indicator": ind, "path": indicator_path(ind.id), "cell": self.cell(figure, ind),
                                "coverage": coverage(figure, ind)})
            rows.append({"part": p, "kind": PART_KINDS[p.kind], "path": part_year_path(p.id, year),
                         "units": len(self.part_active_units(p.id, year)), "figures": figures})
        return rows
