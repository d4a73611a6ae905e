"""A school year's pages for the municipality: the summary a committee reads, and what changed since last year."""

from __future__ import annotations

from collections import defaultdict
from fractions import Fraction

from .. import formatting as fmt
from ..analysis import yeardiff
from ..domain import ALL_STAGES
from ..analysis.figures import mean as exact_mean
from ..domain import GROUPS
from ..labels import AREA_STATUS, AXIS_CATEGORIES, AXIS_VALUES, PERSPECTIVES, SCHOOL_FORMS, SICK_LEAVE_AXIS, STAFF_GROUPS
from ..model import Unit
from . import chart_texts, charts
from .pages import (Cell, Page, changes_path, coverage, download_path, form_path, indicator_path, unit_path,
                    unit_year_path, year_path)

SPREAD_ENDS = 10  # with more than twice this many units, a year summary shows the highest and lowest
HEATMAP_ROWS = 40  # with more units than this the self-assessment is a sortable table only


class YearViews:
    """A school year's pages for the municipality: the summary a committee reads, and what changed since last year. (a part of ``Views``)."""

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
                                 "official": self.official(year, indicator)})
                goals.append({"goal": goal, "rows": rows})
            goal_areas.append({"area": area, "goals": goals})
        units = self.active_units(year)
        return Page(year_path(year), f"Läsåret {year}", "year.md.j2", {
            "year": year, "last": last, "municipality": municipality, "goal_areas": goal_areas,
            "changes_path": changes_path(year), "officials": self.officials(year),
            "gender_rows": self.gender_rows(year), "spreads": self.spreads(year, units),
            "themes": self.themes(year, units), "heatmap": self.heatmap(year, units),
            "inspections": self.year_inspections(year, units), "complaints": self.complaints(municipality),
            "sick_leave": self.sick_leave(municipality), "programmes": self.programmes(year, municipality),
            "forms": [(SCHOOL_FORMS[f], form_path(year, f)) for f in SCHOOL_FORMS if self._units_in_form(year, f)],
            "downloads": [("CSV", download_path(year, "csv")), ("Excel", download_path(year, "xlsx"))],
            "units": len(units), "suppressed_title": self.suppressed_title,
            "analysis": [(PERSPECTIVES[k], getattr(municipality.analysis, k)) for k in PERSPECTIVES
                         if municipality and getattr(municipality.analysis, k)],
            "improvement_areas": self.improvement_areas(municipality.improvement_areas) if municipality else [],
            "self_assessment": self.self_assessment(municipality.self_assessment) if municipality else [],
        }, source=municipality.source if municipality else "", in_nav=True, nav_title=year)

    def year_changes(self, last: str, year: str) -> Page:
        """What moved since last year: new, closed and merged units and the largest movements across units."""
        diff = yeardiff.diff_municipality(self.content, self.results, last, year, top=5)
        units = [{"kind": "Ny" if c.kind == "new" else "Stängd", "unit": c.unit, "path": unit_path(c.unit.id),
                  "successor": (c.successor.name, unit_path(c.successor.id)) if c.successor else None,
                  "predecessors": [(p.name, unit_path(p.id)) for p in c.predecessors]} for c in diff.units]
        movements = []
        for m in diff.movements:
            ind = m.indicator
            rows = [{"unit": x.unit, "path": unit_year_path(x.unit.id, year),
                     "before": fmt.figure(x.change.before, ind.unit, ind.decimals),
                     "after": fmt.figure(x.change.after, ind.unit, ind.decimals),
                     "change": Cell(fmt.difference(x.change.delta, ind.unit, ind.decimals), x.change.delta)}
                    for x in m.largest]
            movements.append({"indicator": ind, "path": indicator_path(ind.id), "stage": m.stage,
                              "series_break": m.series_break, "rows": rows})
        return Page(changes_path(year), f"Förändringar {last} – {year}", "year_changes.md.j2", {
            "year": year, "last": last, "units": units, "movements": movements,
            "changes": self.changes(diff), "year_path": year_path(year)},
            source=self.content.municipality_years[year].source if year in self.content.municipality_years else "",
            in_nav=True, nav_title="Förändringar")

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

    def spreads(self, year: str, units: list[Unit]) -> list[dict]:
        """The spread across units for the goal indicators: a chart and a sortable table."""
        municipality = self.content.municipality_years.get(year)
        wanted = [i for a in (municipality.goal_areas if municipality else ()) for g in a.goals for i in g.indicators]
        out = []
        for ind_id in dict.fromkeys(wanted):
            indicator = self.content.indicators.get(ind_id)
            if indicator is None or indicator.aggregation == "none":
                continue
            rows = []
            for unit in units:
                figure = self.results.unit(unit.id, year, ind_id, ALL_STAGES)
                if figure is not None:
                    rows.append({"unit": unit, "path": unit_year_path(unit.id, year), "cell": self.cell(figure, indicator),
                                 "pupils": Cell(fmt.number(figure.denominator, 0), figure.denominator)
                                 if figure.denominator is not None and not figure.suppressed else Cell("–")})
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

    def heatmap(self, year: str, units: list[Unit]) -> dict | None:
        """Self-assessment: mean score per unit (rows) × strategy (columns); a chart only while it stays readable."""
        scores: dict[str, dict[str, tuple[Fraction, int]]] = defaultdict(dict)  # exact mean, decimals shown
        for unit in units:
            for strategy in self.content.unit_years[(unit.id, year)].self_assessment:
                vals = [v for c in strategy.criteria for v in c.scores.values()]
                if vals:
                    scores[unit.name][strategy.strategy] = (
                        exact_mean(vals), fmt.mean_decimals(map(fmt.written_decimals, vals)))
        if not scores:
            return None
        strategies = sorted({s for by_unit in scores.values() for s in by_unit})
        names = [u.name for u in units if u.name in scores]
        cells = [[scores[n].get(s) for s in strategies] for n in names]
        # cells: (text, colour level 1–5 (the mean rounded half-up), value to sort by)
        rows = [{"unit": n, "cells": [(fmt.number(c[0], c[1]), int(fmt.round_half_up(c[0], 0)), float(c[0]))
                                      if c is not None else ("–", "", None) for c in row]}
                for n, row in zip(names, cells)]
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
        labels = [fmt.long_date(m + "-01").split(" ", 1)[1] for m in months]
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
