"""A school year's pages for the municipality: the summary a committee reads, the pages it links to for the
details (results by stage and gender, and what grows with the number of units: spread, themes,
self-assessment); what changed since last year is ``change_views``."""

from __future__ import annotations

import functools
from collections import Counter, defaultdict
from fractions import Fraction

from .. import formatting as fmt
from ..domain import ALL_STAGES
from ..analysis.figures import mean as exact_mean
from ..domain import GROUPS
from ..labels import (AREA_STATUS, AXIS_CATEGORIES, AXIS_VALUES, PERSPECTIVES, SCHOOL_FORMS, SICK_LEAVE_AXIS,
                      STAFF_GROUPS, YEAR_DETAILS)
from ..model import Indicator, Unit
from . import chart_texts, charts, staff_views
from .pages import (Cell, Page, changes_path, coverage, download_path, form_path, gender_path, indicator_path,
                    self_assessment_path, spread_path, themes_path, unit_year_path, year_path)
from .effect_summary import effect_summary
from .extra_downloads import staff_path
from .year_glance import scale_span

SPREAD_ENDS = 10  # with more than twice this many units, the spread page shows the highest and lowest
HEATMAP_ROWS = 40  # with more units than this the self-assessment is a sortable table only
THEMES_NAMED = 8  # the year summary names this many themes, the largest; all are on the themes page
GAPS_NAMED = 3  # the year summary names this many of the largest gaps between girls and boys
SPREADS_NAMED = 3  # ... and this many of the goal indicators whose units lie furthest apart


class YearViews:
    """A school year's pages for the municipality: the summary a committee reads, and its detail pages
    (a part of ``Views``)."""

    def year_summary(self, year: str) -> Page:
        municipality = self.content.municipality_years.get(year)
        last = self.previous(year)
        goal_areas = []
        for area in (municipality.goal_areas if municipality else ()):
            goals = []
            for goal in area.goals:
                rows = []
                for ind_id in goal.indicators:
                    indicator = self.content.indicators.get(ind_id)
                    if indicator is None:
                        continue
                    now = self.results.municipality(year, ind_id, ALL_STAGES)
                    before = self.results.municipality(last, ind_id, ALL_STAGES) if last else None
                    other_units = self.other_units(year, last, ind_id, ALL_STAGES)
                    change = self.change(indicator, now, before, year, last, other_units)
                    rows.append({"indicator": indicator, "path": indicator_path(ind_id), "now": self.cell(now, indicator),
                                 "before": self.cell(before, indicator) if last else Cell("–"), "change": change,
                                 "trend": self.trend(indicator, goal.direction, change.sort),
                                 "coverage": coverage(now, indicator),
                                 "before_coverage": coverage(before, indicator), "other_units": other_units,
                                 "official": self.official(year, indicator),
                                 **self.goal_progress(goal, indicator, year, now, change)})  # goal_views
                goals.append({"goal": goal, "rows": rows})
            goal_areas.append({"area": area, "goals": goals})
        units = self.active_units(year)
        gaps, spreads, themes, scores = self.detail_overviews(year, units)
        owner_scores = self.self_assessment(municipality.self_assessment) if municipality else []
        return Page(year_path(year), f"Läsåret {year}", "year.md.j2", {
            "year": year, "last": last, "municipality": municipality,
            "glance": self.glance(year, last, municipality, goal_areas), "goal_areas": goal_areas,
            "changes_path": changes_path(year), "officials": self.officials(year),
            "references": self.year_references(year),  # reference_views
            "gender": gaps, "spreads": spreads, "themes": themes, "heatmap": scores,
            "details": self.detail_links(year, gaps, spreads, themes, scores),
            "inspections": self.year_inspections(year, units), "complaints": self.complaints(municipality),
            "sick_leave": self.sick_leave(municipality), "programmes": self.programmes(year, municipality),
            "effects": effect_summary(self.content, self.results, year),
            "area_effects": self.municipal_area_effects(year),  # owner_area_views
            "staff": staff_views.annual(municipality, self.content.municipality_years.get(last) if last else None),
            "forms": [(SCHOOL_FORMS[f], form_path(year, f)) for f in SCHOOL_FORMS if self._units_in_form(year, f)],
            "downloads": [("CSV", download_path(year, "csv")), ("Excel", download_path(year, "xlsx"))] + (
                [("Personal per år, CSV", staff_path(year, "csv")), ("Personal per år, Excel", staff_path(year, "xlsx"))]
                if municipality and municipality.staff else []),
            "units": len(units), "suppressed_title": self.suppressed_title, "parts": self.part_rollup(year),
            "analysis": [(PERSPECTIVES[k], getattr(municipality.analysis, k)) for k in PERSPECTIVES
                         if municipality and getattr(municipality.analysis, k)],
            "improvement_areas": self.improvement_areas(municipality.improvement_areas) if municipality else [],
            "self_assessment": owner_scores, "owner_means": self.owner_means(owner_scores),
            "recommendation_follow_up": self.recommendation_follow_up(year),
            "recommendations": self.recommendations(municipality) if municipality else None,
        }, source=municipality.source if municipality else "", in_nav=True, nav_title=year,
           covers=(*([municipality.source] if municipality else []),
                   *(self.content.unit_years[unit.id, year].source for unit in units
                     if (unit.id, year) in self.content.unit_years)))

    # -- the pages for what grows with the number of units -----------------------

    def detail_overviews(self, year: str, units: list[Unit]) -> tuple:
        """What the year summary says of each detail page (``YEAR_DETAILS``' order): the largest gaps between
        girls and boys, the spread's ends, the themes, the self-assessment; each empty when its page is not made."""
        return (self.gender_overview(year, self.gender_rows(year)), self.spread_overview(year, units),
                self.themes_overview(self.themes(year, units)), self.scores_overview(self.unit_scores(year, units)))

    @staticmethod
    def detail_links(year: str, *overviews) -> dict[str, dict]:
        """The year's detail pages that have something to show (``detail_overviews``), in the nav's order:
        key → heading, name in the nav, path."""
        paths = {"gender": gender_path(year), "spread": spread_path(year), "themes": themes_path(year),
                 "self_assessment": self_assessment_path(year)}
        return {key: {"heading": YEAR_DETAILS[key][0], "nav": YEAR_DETAILS[key][1], "path": paths[key]}
                for key, shown in zip(YEAR_DETAILS, overviews) if shown}

    def year_details(self, year: str) -> list[Page]:
        """The year summary's detail pages, each computed where it is rendered (``Page.context``)."""
        templates = {"gender": ("year_gender.md.j2", self._gender_page),
                     "spread": ("year_spread.md.j2", self._spread_page),
                     "themes": ("year_themes.md.j2", self._themes_page),
                     "self_assessment": ("year_self_assessment.md.j2", self._self_assessment_page)}
        links = self.detail_links(year, *self.detail_overviews(year, self.active_units(year)))
        return [Page(link["path"], f"{link['heading']} {year}", templates[key][0],
                     functools.partial(templates[key][1], year), in_nav=True, nav_title=link["nav"])
                for key, link in links.items()]

    def _detail_context(self, year: str, key: str) -> dict:
        return {"year": year, "heading": YEAR_DETAILS[key][0], "year_path": year_path(year),
                "units": len(self.active_units(year)), "suppressed_title": self.suppressed_title}

    def _gender_page(self, year: str) -> dict:
        return {**self._detail_context(year, "gender"), "gender_rows": self.gender_rows(year),
                "group_rows": self.year_group_rows(year), "min_group": self.results.min_group}

    def _spread_page(self, year: str) -> dict:
        return {**self._detail_context(year, "spread"), "spreads": self.spreads(year, self.active_units(year))}

    def _themes_page(self, year: str) -> dict:
        return {**self._detail_context(year, "themes"), "themes": self.themes(year, self.active_units(year))}

    def _self_assessment_page(self, year: str) -> dict:
        municipality = self.content.municipality_years.get(year)
        units = self.active_units(year)
        catalogue = self.content.self_assessment
        used = {r for u in units for s in self.content.unit_years[(u.id, year)].self_assessment
                for c in s.criteria for r in c.scores}
        roles = [(r.code, r.name, r.meaning if r.meaning.lower() != r.name.lower() else "")
                 for r in catalogue.roles if r.code in used]
        return {**self._detail_context(year, "self_assessment"), "roles": roles,
                "heatmap": self.heatmap(year, units, self.unit_scores(year, units)),
                "owner": self.self_assessment(municipality.self_assessment) if municipality else []}

    @staticmethod
    def owner_means(strategies: list[dict]) -> dict | None:
        """The owner level's computed mean per strategy and rater role (``self_assessment``'s), one row per
        strategy, for the year summary; each criterion's scores are on the self-assessment page."""
        if not strategies:
            return None
        roles = list({role[0]: role for s in strategies for role in s["roles"]}.values())
        return {"roles": roles, "rows": [
            {"strategy": s["strategy"], "means": [dict(zip((r[0] for r in s["roles"]), s["means"])).get(code, "–")
                                                  for code, _, _ in roles]} for s in strategies]}

    def spread_overview(self, year: str, units: list[Unit]) -> dict | None:
        """The goal indicators whose units lie furthest apart, measured against the indicator's scale (so that
        points and percentages compare): the municipality's figure and the lowest and highest unit of each
        (the spread page has every indicator and unit); a unit is named when it alone has that figure."""
        out = []
        for ind_id, indicator in self.spread_indicators(year):
            # the values as shown, and cells only for the two ends: a preview builds this for every year
            figures = [(unit, f) for unit in units
                       if (f := self.results.unit(unit.id, year, ind_id, ALL_STAGES)) is not None]
            ranked = [(shown, unit, f) for unit, f in figures if (shown := self.shown_value(f, indicator)) is not None]
            if len(ranked) < 2:
                continue
            town = self.results.municipality(year, ind_id, ALL_STAGES)
            ends = []
            for value in (min(r[0] for r in ranked), max(r[0] for r in ranked)):
                at = [(unit, f) for shown, unit, f in ranked if shown == value]
                ends.append({"cell": self.cell(at[0][1], indicator), "unit": at[0][0] if len(at) == 1 else None,
                             "path": unit_year_path(at[0][0].id, year), "count": len(at), "value": value})
            out.append({"indicator": indicator, "path": indicator_path(ind_id),
                        "municipality": self.cell(town, indicator), "coverage": coverage(town, indicator),
                        "low": ends[0], "high": ends[1],
                        "units": len(ranked), "total": len(figures),
                        "width": (ends[1]["value"] - ends[0]["value"]) / (scale_span(indicator, year) or 1)})
        if not out:
            return None
        widest = sorted(out, key=lambda s: -s["width"])[:SPREADS_NAMED]
        return {"indicators": fmt.count(len(out), "målindikator", "målindikatorer"),
                "largest": widest}

    @staticmethod
    def gender_overview(year: str, rows: list[dict]) -> dict | None:
        """The largest gaps between girls and boys (``gender_rows``), measured against the indicator's scale so
        that points and percentages compare; a row whose groups leave out small units keeps its mark."""
        if not rows:
            return None
        gaps = sorted(((abs(r["gap"].sort) / span, n, r) for n, r in enumerate(rows)
                       if r["gap"].sort is not None and (span := scale_span(r["indicator"], year))),
                      key=lambda g: (-g[0], g[1]))
        indicators = len({r["indicator"].id for r in rows})
        return {"indicators": fmt.count(indicators, "indikator", "indikatorer"),
                "largest": [r for _, _, r in gaps[:GAPS_NAMED]]}

    @staticmethod
    def themes_overview(themes: list[dict]) -> dict | None:
        """How many improvement areas and units, and the largest themes (``themes``: by size, largest first)."""
        if not themes:
            return None
        units = {e["unit"].id for t in themes for e in t["entries"]}
        return {"units": fmt.count(len(units), "enhet", "enheter"),
                "areas": fmt.count(sum(len(t["entries"]) for t in themes), "förbättringsområde", "förbättringsområden"),
                "themes": fmt.count(len(themes), "tema", "teman"), "more": max(0, len(themes) - THEMES_NAMED),
                "named": [(t["theme"], fmt.number(len(t["entries"]), 0)) for t in themes[:THEMES_NAMED]]}

    @staticmethod
    def scores_overview(scores: dict) -> dict | None:
        """Per strategy, how many units' mean self-assessment lies at each level 1–5 (the mean rounded
        half-up, as the colours of the table on the self-assessment page)."""
        if not scores:
            return None
        levels: dict[str, Counter] = defaultdict(Counter)
        for by_strategy in scores.values():
            for strategy, (mean, _) in by_strategy.items():
                levels[strategy][int(fmt.round_half_up(mean, 0))] += 1
        return {"units": fmt.count(len(scores), "enhet", "enheter"), "rows": [
            {"strategy": s, "units": sum(levels[s].values()), "levels": [levels[s][n] for n in range(1, 6)]}
            for s in sorted(levels)]}

    def gender_rows(self, year: str) -> list[dict]:
        """Key results by stage and gender, with the gap in procentenheter (or points)."""
        order = {ind: n for n, ind in enumerate(self.content.indicators)}
        stages: dict[str, set[str]] = defaultdict(set)
        for y, ind, stage, group in self.results.towns:
            if y == year and group == "girls" and ind in order and stage != ALL_STAGES:
                stages[ind].add(stage)
        keys = []
        for ind in sorted(stages, key=order.get):
            # all stages together only where there is more than one stage key (a stage, or none given) to add up
            keys += [(ind, s) for s in ([ALL_STAGES] if len(stages[ind]) > 1 else []) + sorted(stages[ind])]
        rows = []
        for ind_id, stage in keys:
            indicator = self.content.indicators[ind_id]
            figs = {g: self.results.municipality(year, ind_id, stage, g) for g in GROUPS}
            girls, boys = (f.value if f is not None and not f.suppressed else None for f in (figs["girls"], figs["boys"]))
            gap = Cell("–")
            if girls is not None and boys is not None:
                delta = fmt.rounded_difference(girls, boys, indicator.decimals)
                gap = Cell(fmt.difference(delta, indicator.unit, indicator.decimals), float(delta))
            sizes = [f.denominator if f else None for f in figs.values()]
            incomplete = None not in sizes and sizes[1] + sizes[2] < sizes[0]
            rows.append({"indicator": indicator, "path": indicator_path(ind_id),
                         "stage": self.stage_label(stage, several=len(stages[ind_id]) > 1),
                         "cells": [self.cell(figs[g], indicator) for g in GROUPS], "gap": gap, "partial": incomplete,
                         "coverage": [coverage(figs[g], indicator) for g in GROUPS]})
        return rows

    def spread_indicators(self, year: str) -> list[tuple[str, Indicator]]:
        """The goal indicators of ``year`` that add up for the municipality: those whose spread is shown."""
        municipality = self.content.municipality_years.get(year)
        wanted = [i for a in (municipality.goal_areas if municipality else ()) for g in a.goals for i in g.indicators]
        return [(i, self.content.indicators[i]) for i in dict.fromkeys(wanted)
                if i in self.content.indicators and self.content.indicators[i].aggregation != "none"]

    def spread_rows(self, year: str, units: list[Unit], ind_id: str, indicator: Indicator) -> list[dict]:
        """Each unit with a figure for the indicator (all stages): the figure and how many it counts."""
        rows = []
        for unit in units:
            figure = self.results.unit(unit.id, year, ind_id, ALL_STAGES)
            if figure is not None:
                rows.append({"unit": unit, "path": unit_year_path(unit.id, year), "cell": self.cell(figure, indicator),
                             "pupils": Cell(fmt.number(figure.denominator, 0), figure.denominator)
                             if figure.denominator is not None and not figure.suppressed else Cell("–")})
        return rows

    def spreads(self, year: str, units: list[Unit]) -> list[dict]:
        """The spread across units for the goal indicators: a chart and a sortable table."""
        out = []
        for ind_id, indicator in self.spread_indicators(year):
            rows = self.spread_rows(year, units, ind_id, indicator)
            ranked = sorted((r for r in rows if r["cell"].sort is not None), key=lambda r: -r["cell"].sort)
            if len(ranked) < 2:
                continue
            total = len(rows)
            # units whose figure is suppressed keep their row in the chart, marked ".." without a bar
            hidden = [r["unit"].name for r in rows if r["cell"].suppressed]
            if len(ranked) > 2 * SPREAD_ENDS:  # a large municipality: the ends of the spread, all units on the indicator page
                rows = ranked[:SPREAD_ENDS] + ranked[-SPREAD_ENDS:]
                ranked, hidden = rows, []
            town = self.results.municipality(year, ind_id, ALL_STAGES)
            reference = self.figure_value(town)
            names, values = [r["unit"].name for r in ranked], [r["cell"].sort for r in ranked]
            figure = charts.spread(names, values, indicator.unit, reference, "Kommunen", decimals=indicator.decimals,
                                   value_title=AXIS_VALUES[indicator.unit], category_title=AXIS_CATEGORIES["unit"],
                                   hidden=hidden, hidden_note=self.hidden_note)
            figure = self.chart(figure, chart_texts.spread(names, values, indicator.unit, indicator.decimals,
                                                           reference, len(hidden)),
                                chart_texts.source("units", [indicator.source]))
            out.append({"indicator": indicator, "path": indicator_path(ind_id), "rows": rows, "figure": figure,
                        "municipality": self.cell(town, indicator), "coverage": coverage(town, indicator),
                        "total": total,
                        "ends": SPREAD_ENDS if len(rows) < total else 0})
        return out

    def themes(self, year: str, units: list[Unit]) -> list[dict]:
        grouped = defaultdict(list)
        for unit in units:
            for area in self.content.unit_years[(unit.id, year)].improvement_areas:
                grouped[area.theme or "Övrigt"].append({"unit": unit, "area": area, "path": unit_year_path(unit.id, year),
                                                        "status": AREA_STATUS.get(area.status, "")})
        return [{"theme": t, "entries": grouped[t]} for t in sorted(grouped, key=lambda t: (-len(grouped[t]), t))]

    def unit_scores(self, year: str, units: list[Unit]) -> dict[str, dict[str, tuple[Fraction, int]]]:
        """Each unit's self-assessment (unit id → strategy → exact mean score, decimals it is shown with)."""
        scores: dict[str, dict[str, tuple[Fraction, int]]] = defaultdict(dict)
        for unit in units:
            for strategy in self.content.unit_years[(unit.id, year)].self_assessment:
                vals = [v for c in strategy.criteria for v in c.scores.values()]
                if vals:
                    scores[unit.id][self.content.self_assessment.strategy_name(strategy.strategy)] = (
                        exact_mean(vals), fmt.mean_decimals(map(fmt.written_decimals, vals)))
        return scores

    def heatmap(self, year: str, units: list[Unit], scores: dict[str, dict[str, tuple[Fraction, int]]]) -> dict | None:
        """Self-assessment: mean score per unit (rows) × strategy (columns); a chart only while it stays readable."""
        if not scores:
            return None
        strategies = sorted({s for by_unit in scores.values() for s in by_unit})
        shown = [u for u in units if u.id in scores]
        names = [u.name for u in shown]
        cells = [[scores[u.id].get(s) for s in strategies] for u in shown]
        # cells: (text, colour level 1–5 (the mean rounded half-up), value to sort by)
        rows = [{"unit": u.name, "path": unit_year_path(u.id, year),
                 "cells": [(fmt.number(c[0], c[1]), int(fmt.round_half_up(c[0], 0)), float(c[0]))
                           if c is not None else ("–", "", None) for c in row]}
                for u, row in zip(shown, cells)]
        z = [[float(c[0]) if c is not None else None for c in row] for row in cells]
        decimals = max(c[1] for row in cells for c in row if c is not None)
        figure = None
        if len(names) <= HEATMAP_ROWS:
            figure = self.chart(charts.heatmap(strategies, names, z, decimals=decimals,
                                               x_title=AXIS_CATEGORIES["strategy"], y_title=AXIS_CATEGORIES["unit"]),
                                chart_texts.grid(strategies, names, z, decimals),
                                chart_texts.source("self_assessment"))
        return {"figure": figure, "strategies": strategies, "rows": rows}

    def year_inspections(self, year: str, units: list[Unit]) -> list[dict]:
        municipality = self.content.municipality_years.get(year)
        out = [{"who": "Huvudmannen", "path": "", **v} for v in self.inspections(municipality.inspections if municipality else ())]
        for unit in units:
            for v in self.inspections(self.content.unit_years[(unit.id, year)].inspections):
                out.append({"who": unit.name, "path": unit_year_path(unit.id, year), **v})
        return out

    def complaints(self, municipality) -> dict | None:
        if not municipality or not municipality.complaints:
            return None
        rows = [{"category": c.category, "count": fmt.number(c.count, 0),
                 "justified": fmt.number(c.justified, 0) if c.justified is not None else "–",
                 "share": fmt.percent(Fraction(100 * c.justified, c.count)) if c.justified is not None and c.count else "–"}
                for c in municipality.complaints]
        total = sum(c.count for c in municipality.complaints)
        justified = sum(c.justified or 0 for c in municipality.complaints)
        return {"rows": rows, "total": fmt.number(total, 0), "justified": fmt.number(justified, 0),
                "share": fmt.percent(Fraction(100 * justified, total)) if total else "–"}

    def sick_leave(self, municipality) -> dict | None:
        if not municipality or not municipality.sick_leave:
            return None
        months = sorted({s.month for s in municipality.sick_leave})
        groups = [g for g in ("total", "women", "men") if any(s.group == g for s in municipality.sick_leave)]
        value = {(s.month, s.group): s for s in municipality.sick_leave}
        labels = [fmt.long_date(m) for m in months]
        series = [charts.Series(STAFF_GROUPS[g], [value[(m, g)].total if (m, g) in value else None for m in months]) for g in groups]
        rows = [{"month": label, "cells": [fmt.percent(value[(m, g)].total) if (m, g) in value else "–" for g in groups],
                 "short": fmt.percent(value[(m, "total")].short_term) if (m, "total") in value and value[(m, "total")].short_term is not None else "–"}
                for m, label in zip(months, labels)]
        figure = charts.grouped_bars(labels, series, "percent", value_title=SICK_LEAVE_AXIS,
                                     category_title=AXIS_CATEGORIES["month"])
        chart = self.chart(figure, chart_texts.extremes(labels, series[0], "percent", 1,
                                                        f"Sjukfrånvaron ({series[0].name.lower()})"),
                           chart_texts.source("sick_leave"))
        return {"figure": chart, "groups": [STAFF_GROUPS[g] for g in groups], "rows": rows}
