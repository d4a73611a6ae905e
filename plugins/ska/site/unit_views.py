"""A unit's pages: its plan and results for a school year, and its history over the years."""

from __future__ import annotations

from functools import partial

from .. import formatting as fmt
from ..analysis import textdiff, yeardiff
from ..domain import ALL_STAGES
from ..analysis.figures import mean as exact_mean
from ..domain import GROUPS
from ..labels import (ACTION_CHANGES, ACTION_STATUS, AREA_CHANGES, AREA_STATUS, AXIS_CATEGORIES, AXIS_VALUES, CHAIN_CHANGES,
                      EFFECT_STEPS, GOAL_CHANGES, INSPECTION_STATUS, PERSPECTIVES, SCHOOL_FORMS, VERDICTS)
from ..model import Strategy
from . import chart_texts, charts
from .area_views import AreaViews
from .effect_views import effect_chain
from .pages import Cell, Page, coverage, indicator_path, unit_download_path, unit_path, unit_year_path, year_path


def sentence_items(sentences, whole: str = "changed") -> list[dict]:
    """A text's sentence diff (textdiff) for a page: long unchanged runs folded, each changed sentence's
    words as (kind, text); a text ``whole`` "added" or "removed" is one item, announced once."""
    if whole in ("added", "removed"):
        return [{"kind": whole, "text": " ".join(s.text for s in sentences), "words": [], "count": 0}] \
            if sentences else []
    return [{"kind": s.kind, "text": s.text, "words": [(w.kind, w.text) for w in s.words], "count": s.count}
            for s in textdiff.fold(sentences)]


def action_time(action) -> str:
    """When an action happens, in words: its span and the months it recurs in, as far as they are given."""
    when = fmt.period(action.start, action.end)
    if action.months:
        when += ("; " if when else "") + "i " + fmt.months(action.months)
    return when


class UnitViews(AreaViews):
    """A unit's pages: its plan and results for a school year, and its history over the years. (a part of ``Views``)."""

    def result_rows(self, unit: str, year: str) -> list[dict]:
        """The unit-year results table, a row per indicator and stage: this year in total and by gender,
        last year, the change and the municipality alongside (totals)."""
        last = self.previous(year)
        plan = self.content.unit_years[(unit, year)]
        rows = []
        for result in plan.results:
            indicator = self.content.indicators.get(result.indicator)
            if indicator is None:
                continue
            key = (indicator.id, result.stage)
            now = {g: self.results.unit(unit, year, *key, g) for g in GROUPS}
            before = self.results.unit(unit, last, *key) if last else None
            # a row without a stage covers the unit's pupils of every stage: set it against the whole municipality
            town = self.results.municipality(year, indicator.id, result.stage or ALL_STAGES)
            several = len(self.stage_keys[indicator.id]) > 1
            rows.append({"indicator": indicator, "path": indicator_path(indicator.id), "stage": result.stage,
                         "stage_label": self.stage_label(result.stage, several),
                         # the municipality's figure a row without a stage is set against, in words
                         "municipality_stage": self.stage_label(ALL_STAGES) if several and not result.stage else "",
                         "window": result.window, "note": result.note, "source": result.source,
                         "correction": result.correction and {"date": fmt.long_date(result.correction.date),
                                                              "reason": result.correction.reason},
                         "now": [self.cell(now[g], indicator) if getattr(result, g) else Cell("–") for g in GROUPS],
                         "before": self.cell(before, indicator) if last else Cell("–"),
                         "change": self.change(indicator, now["total"], before, year, last),
                         "municipality": self.cell(town, indicator),
                         "municipality_coverage": coverage(town, indicator)})
        return rows

    def unit_year_page(self, unit_id: str, year: str) -> Page:
        plan = self.content.unit_years[(unit_id, year)]
        return Page(unit_year_path(unit_id, year), f"{self.content.units[unit_id].name} {year}", "unit_year.md.j2",
                    partial(self.unit_year_context, unit_id, year), source=plan.source)

    def unit_year_context(self, unit_id: str, year: str) -> dict:
        unit = self.content.units[unit_id]
        plan = self.content.unit_years[(unit_id, year)]
        rows = self.result_rows(unit_id, year)
        references = self.unit_year_references(year, rows)  # reference_views: a column per series
        # one chart: the unit's percent indicators this year against the municipality
        bars = [(r["indicator"], r["stage"]) for r in rows if r["indicator"].unit == "percent"]
        chart = None
        if bars:
            labels = [ind.label + (f" {s}" if s else "") for ind, s in bars]
            mine = [self.results.unit(unit_id, year, ind.id, s) for ind, s in bars]
            town = [self.results.municipality(year, ind.id, s or ALL_STAGES) for ind, s in bars]
            series = [charts.Series(unit.name, [self.figure_value(f) for f in mine]),
                      charts.Series("Kommunen", [self.figure_value(f) for f in town])]
            if any(v is not None for v in series[0].values):
                decimals = max(ind.decimals for ind, _ in bars)
                figure = charts.grouped_bars(
                    labels, series, "percent", decimals=decimals, value_title=AXIS_VALUES["percent"],
                    category_title=AXIS_CATEGORIES["indicator"], hidden_note=self.hidden_note,
                    hidden=self.hidden(labels, mine, unit.name) + self.hidden(labels, town, "Kommunen"))
                chart = self.chart(figure, chart_texts.against(labels, *series, "percent", decimals, "indikator",
                                                               "indikatorer"),
                                   chart_texts.source("units", [ind.source for ind, _ in bars]))
        years = self.unit_years[unit_id]
        i = years.index(year)
        goals = self.unit_goals(unit_id, year, self.previous(year), plan.goals)  # goal_views
        changes = self.changes(yeardiff.diff_unit(self.content, self.results, unit_id, years[i - 1], year)) if i > 0 else None
        return {
            "changes": changes,
            "unit": unit, "plan": plan, "year": year, "rows": rows, "results_chart": chart, **goals,
            "analysis": [(PERSPECTIVES[k], getattr(plan.analysis, k)) for k in PERSPECTIVES if getattr(plan.analysis, k)],
            "improvement_areas": self.with_before_after(unit_id, year, self.improvement_areas(plan.improvement_areas)),
            "self_assessment": self.self_assessment(plan.self_assessment),
            "inspections": self.inspections(plan.inspections),
            "forms": ", ".join(SCHOOL_FORMS[f] for f in unit.school_forms),
            "unit_path": unit_path(unit_id), "year_path": year_path(year), "part": self.part_link(unit, year),
            "previous": (years[i - 1], unit_year_path(unit_id, years[i - 1])) if i > 0 else None,
            "next": (years[i + 1], unit_year_path(unit_id, years[i + 1])) if i + 1 < len(years) else None,
            "has_suppressed": any(c.suppressed for r in rows for c in (*r["now"], r["before"], r["municipality"])),
            # the results' notes and sources, for footnotes under the results table
            "notes": [{"indicator": r["indicator"], "stage": r["stage"], "window": r["window"], "note": r["note"],
                       "source": r["source"]} for r in rows if r["note"] or r["source"]],
            "suppressed_title": self.suppressed_title,
            **self.unit_groups_context(unit_id, year), **references,
        }

    def changes(self, diff) -> dict:
        """A year-on-year diff (yeardiff) in words and formatted figures, for a "changes" section."""
        areas = []
        for change in diff.areas:
            actions = []
            for a in change.actions:
                text = a.action.description
                if a.kind == "moved":
                    text += f" ({action_time(a.before) or 'ingen tid'} → {action_time(a.after) or 'ingen tid'})"
                actions.append((ACTION_CHANGES[a.kind], text))
            if change.chain:
                steps = ", ".join(EFFECT_STEPS[s].lower() for s in change.chain_steps)
                actions.append((CHAIN_CHANGES[change.chain], steps or change.area.title))
            areas.append({"kind": AREA_CHANGES[change.kind], "title": change.area.title, "actions": actions})
        goals = [{"kind": GOAL_CHANGES[g.kind], "text": (g.after or g.before).text,
                  "sentences": sentence_items(g.sentences)} for g in diff.goals]
        analysis = [{"perspective": PERSPECTIVES[t.perspective], "kind": t.kind,
                     "sentences": sentence_items(t.sentences, whole=t.kind)} for t in diff.analysis]
        values = []
        for v in diff.values:
            ind = v.indicator
            change = Cell("seriebrott", None, "Definitionen ändrades mellan åren.") if v.delta is None else \
                Cell(fmt.difference(v.delta, ind.unit, ind.decimals), v.delta)
            values.append({"indicator": ind, "path": indicator_path(ind.id), "stage": v.stage, "group": self.content.group_name(v.group),
                           "before": Cell(fmt.figure(v.before, ind.unit, ind.decimals), v.before),
                           "after": Cell(fmt.figure(v.after, ind.unit, ind.decimals), v.after), "change": change})
        return {"from": diff.from_year, "to": diff.to_year, "areas": areas, "goals": goals,
                "analysis": analysis, "figures": values}

    def improvement_areas(self, areas) -> list[dict]:
        return [{"area": a, "status": AREA_STATUS.get(a.status, ""),
                 "indicators": [self.content.indicators[x] for x in a.indicators if x in self.content.indicators],
                 "chain": effect_chain(self.content, a.effect_chain),
                 "actions": [{"action": act, "status": ACTION_STATUS.get(act.status, ""),
                              "period": action_time(act), "chain": effect_chain(self.content, act.effect_chain)}
                             for act in a.actions]}
                for a in areas]

    def self_assessment(self, strategies: tuple[Strategy, ...]) -> list[dict]:
        """Per strategy: the scores per criterion and rater role, the means computed from them and, apart,
        the means a source published (never mixed with the computed ones). Names and texts from the catalogue."""
        catalogue = self.content.self_assessment
        order = [r.code for r in catalogue.roles]
        out = []
        for strategy in strategies:
            published = strategy.published_means.means if strategy.published_means else {}
            used = {r for c in strategy.criteria for r in c.scores} | set(published)
            roles = [r for r in order if r in used] + sorted(used - set(order))

            def as_written(value) -> str:  # a score as written (3 stays 3, 3.94 stays 3,94)
                return fmt.number(value, fmt.shown_decimals(fmt.SCORE_DECIMALS, fmt.written_decimals(value)))
            rows = [{"text": catalogue.criterion_text(c), "scores": [as_written(c.scores[r]) if r in c.scores else "–"
                                                                     for r in roles]}
                    for c in strategy.criteria]
            means = []  # exact, with SCORE_DECIMALS or finer
            for r in roles:
                vals = [c.scores[r] for c in strategy.criteria if r in c.scores]
                means.append(fmt.number(exact_mean(vals), fmt.mean_decimals(map(fmt.written_decimals, vals)))
                             if vals else "–")
            out.append({"strategy": catalogue.strategy_name(strategy.strategy),
                        "roles": [(r, catalogue.role(r).name, catalogue.role(r).meaning
                                   if catalogue.role(r).meaning.lower() != catalogue.role(r).name.lower() else "")
                                  for r in roles],
                        "rows": rows, "means": means,
                        "published": {"means": [as_written(published[r]) if r in published else "–" for r in roles],
                                      "source": strategy.published_means.source} if published else None})
        return out

    def inspections(self, inspections) -> list[dict]:
        return [{"inspection": i, "status": INSPECTION_STATUS[i.status],
                 "areas": [{"area": a, "verdict": VERDICTS[a.verdict]} for a in i.areas],
                 "dates": [(label, fmt.long_date(getattr(i, key))) for key, label in (
                     ("review_start", "Granskningen började"), ("review_end", "Granskningen slutade"),
                     ("decision_date", "Beslut"), ("report_deadline", "Sista dag för redovisning"),
                     ("report_submitted", "Redovisning inlämnad"), ("closed_date", "Avslutad")) if getattr(i, key)]}
                for i in inspections]

    def unit_page(self, unit_id: str) -> Page:
        unit = self.content.units[unit_id]
        return Page(unit_path(unit_id), unit.name, "unit.md.j2", partial(self.unit_context, unit_id), source=unit.source)

    def unit_context(self, unit_id: str) -> dict:
        unit = self.content.units[unit_id]
        years = self.unit_years[unit_id]
        pairs = list(dict.fromkeys((i, s) for y in years for i, s in self.indicator_results(unit_id, y)))
        table, figures = [], []
        for indicator, stage in pairs:
            unit_cells = [self.cell(self.results.unit(unit_id, y, indicator.id, stage), indicator) for y in self.years]
            towns = [self.results.municipality(y, indicator.id, stage or ALL_STAGES) for y in self.years]
            several = len(self.stage_keys[indicator.id]) > 1
            table.append({"indicator": indicator, "stage": stage, "path": indicator_path(indicator.id),
                          "stage_label": self.stage_label(stage, several),
                          "municipality_stage": self.stage_label(ALL_STAGES) if several and not stage else "",
                          "unit": unit_cells, "municipality": [self.cell(t, indicator) for t in towns],
                          "municipality_coverage": [coverage(t, indicator) for t in towns]})
            if len(figures) < 4 and indicator.aggregation != "none":
                mine = [self.results.unit(unit_id, y, indicator.id, stage) for y in self.years]
                unit_vals = [self.figure_value(f) for f in mine]
                if sum(v is not None for v in unit_vals) >= 2:
                    town_vals = [self.figure_value(t) for t in towns]
                    series = self.series(indicator, unit_vals, unit.name) + self.series(indicator, town_vals, "Kommunen")
                    figure = charts.series_over_years(
                        self.years, series, indicator.unit,
                        (indicator.scale.min, indicator.scale.max) if indicator.unit == "percent" else None,
                        decimals=indicator.decimals, value_title=AXIS_VALUES[indicator.unit],
                        category_title=AXIS_CATEGORIES["year"], hidden_note=self.hidden_note,
                        hidden=self.hidden(self.years, mine, unit.name) + self.hidden(self.years, towns, "Kommunen"))
                    figures.append({"title": indicator.label + (f" {stage}" if stage else ""), "figure": self.chart(
                        figure, chart_texts.series(self.years, series, indicator.unit, indicator.decimals),
                        chart_texts.source("units", [indicator.source]))})
        links = lambda ids: [(self.content.units[x].name, unit_path(x)) for x in ids if x in self.content.units]  # noqa: E731
        programmes = [p for p in self.content.programmes.values() if unit_id in p.units]
        return {
            "unit": unit, "forms": ", ".join(SCHOOL_FORMS[f] for f in unit.school_forms),
            "years": [(y, unit_year_path(unit_id, y)) for y in years], "all_years": self.years,
            "table": table, "figures": figures, "predecessors": links(unit.predecessors),
            "successor": links([unit.successor]) if unit.successor else [], "programmes": programmes,
            "threads": self.area_threads(unit_id),
            "opened": fmt.long_date(unit.opened), "closed": fmt.long_date(unit.closed), "part": self.part_link(unit),
            "former_names": [(n.name, fmt.long_date(n.until)) for n in unit.former_names],
            "suppressed_title": self.suppressed_title,
            "downloads": [("CSV", unit_download_path(unit_id, "csv"))],
        }
