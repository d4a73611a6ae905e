"""Page models: what each page shows, computed and formatted, ready for a template."""

from __future__ import annotations

from collections import defaultdict

from .. import formatting as fmt
from ..domain import ALL_STAGES
from ..analysis.results import Results
from ..domain import GROUPS, running, school_year_bounds
from ..labels import AGGREGATIONS, AXIS_CATEGORIES, AXIS_VALUES, BETTER, GROUP_NAMES, SCHOOL_FORMS, SCOPES, UNITS
from ..model import Content, Unit
from . import chart_texts, charts
from .change_views import ChangeViews
from .extra_downloads import staff_path
from .figure_views import FigureViews
from .goal_views import GoalViews
from .group_views import GroupViews
from .pages import (Cell, Page, Site, coverage, download_path, form_path, indicator_path, official_label,
                    unit_download_path, unit_path, unit_year_path, year_path)
from .part_views import PartViews
from .programme_views import ProgrammeViews, programme_path
from .recommendation_views import RecommendationViews
from .reference_views import ReferenceViews
from .unit_views import UnitViews
from .year_glance import GlanceViews
from .year_views import YearViews


class Views(YearViews, GlanceViews, GoalViews, UnitViews, GroupViews, FigureViews, RecommendationViews, PartViews,
            ProgrammeViews, ReferenceViews, ChangeViews):
    """Builds every page model from the content and its numbers."""

    def __init__(self, content: Content, results: Results):
        self.content = content
        self.results = results
        self.years = content.school_years
        self.suppressed_title = (f"Färre än {results.min_group} elever eller barn: "
                                 "siffran publiceras inte.")
        self._cells: dict[tuple, Cell] = {}  # the municipality's figures recur on every unit's pages
        # Indexes for the look-ups every page makes (scanning all plans per page is quadratic).
        self.unit_years: dict[str, list[str]] = defaultdict(list)
        self.year_units: dict[str, list[Unit]] = defaultdict(list)
        for unit, year in sorted(content.unit_years):
            self.unit_years[unit].append(year)
            if unit in content.units:
                self.year_units[year].append(content.units[unit])
        for units in self.year_units.values():
            units.sort(key=lambda u: u.name)
        self.reported: dict[str, set[tuple[str, str]]] = defaultdict(set)  # indicator → (unit, stage)
        self.reported_years: dict[str, set[str]] = defaultdict(set)  # indicator → years with data
        self.stage_keys: dict[str, set[str]] = defaultdict(set)  # indicator → stages given ("" for none)
        for unit, year, indicator, stage, _ in results.units:
            self.reported[indicator].add((unit, stage))
            self.reported_years[indicator].add(year)
            self.stage_keys[indicator].add(stage)

    # -- small helpers -----------------------------------------------------

    def active_units(self, year: str) -> list[Unit]:
        return self.year_units.get(year, [])

    # -- pages -------------------------------------------------------------

    def site(self, preview: set[str] | None = None) -> Site:
        """Every page model; with ``preview`` (unit ids) only those units' pages, the year summaries
        and the index pages, so an editor's preview rebuilds in a moment."""
        site = Site()
        site.pages += [self.years_index(), self.units_index(), self.indicators_index()]
        site.pages += self.part_pages() if not preview else [self.parts_index()]
        site.pages += self.programme_pages()
        years = self.years if not preview else sorted({y for u in preview for y in self.unit_years.get(u, [])})
        for year in years:
            site.pages.append(self.year_summary(year))
        units = sorted(self.content.units) if not preview else sorted(preview & set(self.content.units))
        for unit in units:
            site.pages.append(self.unit_page(unit))
            site.pages += [self.unit_year_page(unit, year) for year in self.unit_years.get(unit, [])]
        if preview:  # the year pages for what grows with the units and the downloads too: a preview stays quick
            return site
        for unit in units:  # CSV only: a workbook per unit adds some 10 s to a build of 600 units
            site.unit_downloads[unit_download_path(unit, "csv")] = unit
        for year in self.years:
            site.pages += self.year_details(year)
            site.pages += [page for form in SCHOOL_FORMS if (page := self.form_index(year, form))]
            site.downloads[download_path(year, "csv")] = year
            site.downloads[download_path(year, "xlsx")] = year
            if self.content.municipality_years.get(year) and self.content.municipality_years[year].staff:
                site.staff_downloads.update({staff_path(year, ext): year for ext in ("csv", "xlsx")})
        for last, year in zip(self.years, self.years[1:]):
            site.pages.append(self.year_changes(last, year))
        site.pages += [self.indicator_page(indicator) for indicator in self.content.indicators]
        return site

    def start(self) -> dict | None:
        """The latest school year at a glance (for the hand-written start page); None without content."""
        if not self.years:
            return None
        year = self.years[-1]
        last = self.previous(year)
        municipality = self.content.municipality_years.get(year)
        goal_indicators = []
        if municipality:
            for area in municipality.goal_areas:
                for goal in area.goals:
                    goal_indicators += [(i, goal.direction) for i in goal.indicators if i in self.content.indicators]
        if not goal_indicators:
            goal_indicators = [(i, "") for i in list(self.content.indicators)[:6]]
        cards = [c for c in (self.key_figure(year, last, i, d) for i, d in dict.fromkeys(goal_indicators)) if c]
        return {"year": year, "last": last, "cards": cards, "year_path": year_path(year),
                "years": [(y, year_path(y)) for y in reversed(self.years)],
                "units": len(self.active_units(year))}

    def years_index(self) -> Page:
        rows = []
        for year in reversed(self.years):
            forms = [(SCHOOL_FORMS[f], form_path(year, f)) for f in SCHOOL_FORMS if self._units_in_form(year, f)]
            rows.append({"year": year, "path": year_path(year), "units": len(self.active_units(year)), "forms": forms})
        return Page("ar/index.md", "Läsår", "years_index.md.j2", {"rows": rows}, in_nav=True)

    def _units_in_form(self, year: str, form: str) -> list[Unit]:
        return [u for u in self.active_units(year) if form in u.school_forms]

    def form_index(self, year: str, form: str) -> Page | None:
        units = self._units_in_form(year, form)
        if not units:
            return None
        key = [(i, s) for i, s in dict.fromkeys(
            (r.indicator, r.stage) for u in units for r in self.content.unit_years[(u.id, year)].results)
            if i in self.content.indicators][:4]
        columns = [(self.content.indicators[i], s) for i, s in key]
        rows = [{"unit": u, "path": unit_year_path(u.id, year),
                 "cells": [self.cell(self.results.unit(u.id, year, ind.id, s), ind) for ind, s in columns]}
                for u in units]
        title = f"{SCHOOL_FORMS[form]} {year}"
        return Page(form_path(year, form), title, "form_index.md.j2",
                    {"year": year, "form": SCHOOL_FORMS[form], "columns": columns, "rows": rows,
                     "year_path": year_path(year)}, in_nav=True, nav_title=SCHOOL_FORMS[form])

    def units_index(self) -> Page:
        by_form = defaultdict(list)
        for unit in sorted(self.content.units.values(), key=lambda u: u.name):
            by_form[unit.school_forms[0]].append({
                "unit": unit, "path": unit_path(unit.id),
                "forms": ", ".join(SCHOOL_FORMS[f] for f in unit.school_forms),
                "status": f"Stängd {fmt.long_date(unit.closed)}" if unit.closed else ""})
        groups = [(SCHOOL_FORMS[f], by_form[f]) for f in SCHOOL_FORMS if by_form[f]]
        return Page("enheter/index.md", "Enheter", "units_index.md.j2", {"groups": groups}, in_nav=True)

    def indicators_index(self) -> Page:
        rows = [{"indicator": ind, "path": indicator_path(ind.id)} for ind in self.content.indicators.values()]
        return Page("indikatorer/index.md", "Indikatorer", "indicators_index.md.j2", {"rows": rows}, in_nav=True)

    def indicator_page(self, indicator_id: str) -> Page:
        indicator = self.content.indicators[indicator_id]
        # the official figures' school years (also years before the site's units) and stage keys
        official_keys = {(y, s) for y, i, s, _ in self.results.officials if i == indicator_id}
        official_stages = {s for _, s in official_keys}
        references = self.reference_stages(indicator_id)  # reference_views: their years show in the charts too
        chart_years = sorted(set(self.years) | {y for y, _ in official_keys} | {y for ys in references.values() for y in ys})
        stages = sorted({stage for _, stage in self.reported[indicator_id]} | (official_stages - {ALL_STAGES}))
        if len(stages) > 1 and indicator.aggregation != "none":
            stages.insert(0, ALL_STAGES)  # the municipality as a whole first, as the goals count it
        if not stages and (official_stages or references):
            stages = [ALL_STAGES]
        unit_ids = sorted({unit for unit, _ in self.reported[indicator_id]},
                          key=lambda u: self.content.units[u].name if u in self.content.units else u)
        figures, tables = [], []
        for stage in stages:
            label = self.stage_label(stage, several=len(stages) > 1)
            series, hidden, official_sources = [], [], []
            for group in GROUPS:
                figs = [self.results.municipality(y, indicator_id, stage, group) for y in chart_years]
                series += self.series(indicator, [self.figure_value(f) for f in figs], GROUP_NAMES[group], chart_years)
                hidden += self.hidden(chart_years, figs, GROUP_NAMES[group])
            # the official figure of this part of the municipality: one table alone is the whole of it
            official_key = stage if stage in official_stages else (
                ALL_STAGES if len(stages) == 1 and ALL_STAGES in official_stages else None)
            official_rows = []
            if official_key is not None:
                found = {y: self.results.official(y, indicator_id, official_key) for y in chart_years}
                scopes = list(dict.fromkeys(o.scope for o in found.values() if o is not None))
                for scope in scopes:
                    mine = [o for o in found.values() if o is not None and o.scope == scope]
                    name = official_label(mine)
                    if len(scopes) > 1:  # one meaning per series: each scope its own line
                        name = name.replace("Officiell siffra", f"Officiell siffra, {SCOPES.get(scope, scope)}", 1)
                    figs = [o.figure if o is not None and o.scope == scope else None for o in found.values()]
                    series += self.series(indicator, [self.figure_value(f) for f in figs], name, chart_years, dash="dash")
                    hidden += self.hidden(chart_years, figs, name)
                    official_sources += [o.source.split(",")[0].strip() for o in mine]
                official_rows = [{"year": y, **row} for y in chart_years
                                 if (row := self.official(y, indicator, official_key)) is not None]
            reference_key = self.reference_key(indicator_id, stage, stages)
            lines, points, reference_sources = self.reference_lines(indicator, reference_key, chart_years)
            series, hidden = series + lines, hidden + points
            if any(v is not None for s in series for v in s.values):
                figure = charts.series_over_years(
                    chart_years, series, indicator.unit,
                    (indicator.scale.min, indicator.scale.max) if indicator.unit == "percent" else None,
                    decimals=indicator.decimals, value_title=AXIS_VALUES[indicator.unit],
                    category_title=AXIS_CATEGORIES["year"], hidden=hidden, hidden_note=self.hidden_note)
                figures.append({"stage": label, "stage_key": stage, "figure": self.chart(
                    figure, chart_texts.series(chart_years, series, indicator.unit, indicator.decimals),
                    self.with_references(chart_texts.source("units", [indicator.source], official_sources),
                                         reference_sources))})
            town = []
            for g in GROUPS:
                figs = [self.results.municipality(y, indicator_id, stage, g) for y in self.years]
                town.append({"group": GROUP_NAMES[g], "cells": [self.cell(f, indicator) for f in figs],
                             "coverage": [coverage(f, indicator) for f in figs]})
            town += self.municipality_group_rows(indicator, stage, self.years)
            units = [{"unit": self.content.units[u], "cells": [self.cell(self.results.unit(u, y, indicator_id, stage), indicator)
                                                               for y in self.years],
                      "paths": [unit_year_path(u, y) if (u, y) in self.content.unit_years else "" for y in self.years]}
                     for u in unit_ids if u in self.content.units
                     and any(self.results.unit(u, y, indicator_id, stage) is not None for y in self.years)]
            tables.append({"stage": label, "stage_key": stage, "municipality": town, "units": units,
                           "official": official_rows,
                           "official_groups": self.official_group_rows(indicator, official_key, chart_years),
                           "references": self.reference_rows(indicator, reference_key, chart_years)})
        # a break only between two definitions that both occur in the data (Indicator.version_for),
        # the official figures' years included
        in_data = dict.fromkeys(indicator.version_for(y) for y in sorted(
            self.reported_years[indicator_id] | {y for y, _ in official_keys}))
        breaks = [v for v in in_data if v is not None][1:]
        return Page(indicator_path(indicator_id), indicator.name, "indicator.md.j2", {
            "indicator": indicator, "years": self.years, "figures": figures, "tables": tables, "breaks": breaks,
            "unit_word": UNITS[indicator.unit], "aggregation": AGGREGATIONS[indicator.aggregation],
            "better": BETTER[indicator.better],
            "groups": self.group_catalogue({r["id"] for t in tables for r in t["municipality"] if "id" in r}),
            "suppressed_title": self.suppressed_title,
        }, source="content/indicators.yaml")

    def programmes(self, year: str, municipality) -> list[dict]:
        follow = {f.programme: f for f in (municipality.programme_follow_up if municipality else ())}
        start, end = school_year_bounds(year)
        out = []
        for p in self.content.programmes.values():
            if running(p.start, p.end, start, end):
                out.append({"programme": p, "follow_up": follow.get(p.id), "path": programme_path(p.id),
                            "units": [(self.content.units[u].name, unit_path(u)) for u in p.units if u in self.content.units],
                            "period": fmt.period(p.start, p.end),
                            "indicators": [(self.content.indicators[i], indicator_path(i)) for i in p.indicators if i in self.content.indicators]})
        return out
