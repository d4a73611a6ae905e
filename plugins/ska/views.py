"""Page models: what each page shows, computed and formatted, ready for a template."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from functools import partial
from fractions import Fraction
from typing import Callable

from . import charts, formatting as fmt, yeardiff
from .labels import (ACTION_STATUS, AREA_STATUS, GROUP_NAMES, INSPECTION_STATUS, PERSPECTIVES, ROLES,
                     SCHOOL_FORMS, VERDICTS)
from .analyse import ALL_STAGES, Figure, Results, mean as exact_mean
from .model import GROUPS, Content, Indicator, Strategy, Unit
from .rules import school_year_bounds



SPREAD_ENDS = 10  # with more than twice this many units, a year summary shows the highest and lowest
HEATMAP_ROWS = 40  # with more units than this the self-assessment is a sortable table only


@dataclass(frozen=True)
class Cell:
    """One formatted figure: its text, a numeric key for sorting, a tooltip."""

    text: str
    sort: float | None = None
    title: str = ""
    suppressed: bool = False


@dataclass(frozen=True)
class Page:
    """A generated page: where it goes, what it is called, which template draws it, from which file."""

    path: str
    title: str
    template: str
    context: dict | Callable[[], dict]
    """What the template shows. Unit pages, most of the site, give a function that computes it:
    it runs where the page is rendered, on all cores (``render.render_all``)."""
    source: str = ""
    in_nav: bool = False
    nav_title: str = ""


@dataclass
class Site:
    pages: list[Page] = field(default_factory=list)
    downloads: dict[str, str] = field(default_factory=dict)  # path → school year


def unit_year_path(unit: str, year: str) -> str:
    return f"enheter/{unit}/{fmt.school_year_slug(year)}.md"


def unit_path(unit: str) -> str:
    return f"enheter/{unit}/index.md"


def year_path(year: str) -> str:
    return f"ar/{fmt.school_year_slug(year)}/index.md"


def form_path(year: str, form: str) -> str:
    return f"ar/{fmt.school_year_slug(year)}/{form}.md"


def changes_path(year: str) -> str:
    return f"ar/{fmt.school_year_slug(year)}/forandringar.md"


def indicator_path(indicator: str) -> str:
    return f"indikatorer/{indicator}.md"


def download_path(year: str, ext: str) -> str:
    slug = fmt.school_year_slug(year)
    return f"ar/{slug}/resultat-{slug}.{ext}"


def people(indicator: Indicator) -> str:
    """What an indicator's denominator counts, in words: its own (e.g. "svarande elever"), else
    "barn" for preschool indicators and "elever" for the rest."""
    if indicator.denominator:
        return indicator.denominator
    return "barn" if indicator.school_forms and set(indicator.school_forms) == {"forskola"} else "elever"


def coverage(figure: Figure | None, indicator: Indicator) -> dict | None:
    """What a municipal figure covers, in words: ``text`` "24 av 26 enheter · 2 498 elever",
    ``left_out`` ("2 enheter saknar antal och ingår inte", …), ``complete`` (no unit left
    out) and ``title`` (all of it on one line, for a tooltip). None without a figure."""
    if figure is None or not figure.units_reporting:
        return None
    text = f"{fmt.number(figure.units_covered, 0)} av {fmt.count(figure.units_reporting, 'enhet', 'enheter')}"
    if figure.denominator is not None and not figure.suppressed:
        text += f" · {fmt.number(figure.denominator, 0)} {people(indicator)}"
    left_out = [f"{fmt.count(n, 'enhet', 'enheter')} {words} och ingår inte" for n, words in (
        (figure.left_out_no_counts, "saknar antal"),
        # One reason for both: which of a hidden pair was the small one is itself a hidden fact.
        (figure.left_out_too_few + figure.left_out_suppressed,
         f"har dolda siffror (för få {people(indicator)})"),
        (figure.left_out_missing, "saknar värde")) if n]
    return {"text": text, "left_out": left_out, "complete": not left_out, "title": " · ".join([text, *left_out])}


SCOPE_WORDS = {"own": "kommunens egna skolor", "all": "alla huvudmän i kommunen"}
"""What an official figure covers (``OfficialResult.scope``), in words."""


def official_label(officials: list) -> str:
    """The name of an official series in a chart: "Officiell siffra (Kolada N15505)"; sources that differ
    only in their date after a comma ("Skolverket, 2024-09-30") are named once ("Skolverket")."""
    sources = list(dict.fromkeys(o.source.split(",")[0].strip() for o in officials))
    return f"Officiell siffra ({' / '.join(sources)})" if sources else "Officiell siffra"


class Views:
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

    def cell(self, figure: Figure | None, indicator: Indicator) -> Cell:
        key = (figure, indicator.id)
        if key not in self._cells:
            self._cells[key] = self._cell(figure, indicator)
        return self._cells[key]

    def _cell(self, figure: Figure | None, indicator: Indicator) -> Cell:
        if figure is None:
            return Cell("–", None, "Inget värde redovisat.")
        if figure.suppressed:
            return Cell(fmt.SUPPRESSED, None, self.suppressed_title, True)
        if figure.value is None:
            return Cell("–", None, "Inget värde redovisat.")
        title = ""
        if figure.numerator is not None and figure.denominator is not None:
            title = f"{fmt.number(figure.numerator, 0)} av {fmt.number(figure.denominator, 0)}"
        decimals = self.decimals(figure, indicator)
        return Cell(fmt.figure(figure.value, indicator.unit, decimals),
                    float(fmt.round_half_up(figure.value, decimals)), title)

    @staticmethod
    def decimals(figure: Figure, indicator: Indicator) -> int:
        """Decimals the figure is shown with (``formatting.shown_decimals`` says the rule)."""
        return fmt.shown_decimals(indicator.decimals, figure.decimals)

    def other_units(self, year: str, last: str | None, indicator: str, stage: str, group: str = "total") -> str:
        """"jämförs med ett år med andra enheter" when the municipality's figures of two years count
        different units (or stages), else ""."""
        if not last or self.results.same_units(year, last, indicator, stage, group):
            return ""
        return "jämförs med ett år med andra enheter"

    def previous(self, year: str) -> str | None:
        i = self.years.index(year)
        return self.years[i - 1] if i > 0 else None

    def change(self, indicator: Indicator, now: Figure | None, before: Figure | None,
               year: str, last: str | None, other_units: str = "") -> Cell:
        """The change as printed (the difference of the two shown figures); ``other_units`` (see
        :meth:`other_units`) becomes the cell's title."""
        if not last or not now or not before or now.suppressed or before.suppressed \
                or now.value is None or before.value is None:
            return Cell("–")
        if not indicator.comparable(year, last):
            return Cell("seriebrott", None, "Definitionen ändrades mellan åren; värdena kan inte jämföras.")
        decimals = fmt.change_decimals(self.decimals(now, indicator), self.decimals(before, indicator))
        delta = fmt.rounded_difference(now.value, before.value, decimals)
        title = f"{other_units[0].upper()}{other_units[1:]}." if other_units else ""
        return Cell(fmt.difference(delta, indicator.unit, decimals), float(delta), title)

    def trend(self, indicator: Indicator, direction: str, delta: float | None) -> dict:
        """Did it move the intended way? Words and a symbol, never colour alone."""
        if delta is None:
            return {"symbol": "", "text": "Kan inte bedömas", "css": "ska-trend--same"}
        rounded = delta  # already the change as printed (see change)
        wanted = direction or {"higher": "increase", "lower": "decrease"}.get(indicator.better, "")
        if rounded == 0:
            moved, symbol = "Oförändrat", "◆"
        elif rounded > 0:
            moved, symbol = "Ökade", "▲"
        else:
            moved, symbol = "Minskade", "▼"
        good = (wanted == "increase" and rounded > 0) or (wanted == "decrease" and rounded < 0) or (
            wanted == "maintain" and rounded == 0)
        verdict = "i önskad riktning" if good else ("inte i önskad riktning" if wanted else "")
        return {"symbol": symbol, "text": f"{moved}, {verdict}" if verdict else moved,
                "css": "ska-trend--better" if good else "ska-trend--worse" if wanted else "ska-trend--same"}

    def series(self, indicator: Indicator, values: list[float | None], name: str,
               years: list[str] | None = None, dash: str = "") -> list[charts.Series]:
        """One series per definition version, so a series break is never joined by a line. ``years``:
        the school years of ``values`` (the site's years unless given, e.g. with the official series')."""
        out: list[charts.Series] = []
        segments = [indicator.version_for(y) for y in (self.years if years is None else years)]
        for version in dict.fromkeys(segments):
            vals = [v if seg == version else None for v, seg in zip(values, segments)]
            if any(v is not None for v in vals):
                out.append(charts.Series(name, vals, f"från {version.from_}" if version else "", dash))
        return out

    def official(self, year: str, indicator: Indicator, stage: str = ALL_STAGES) -> dict | None:
        """The municipality's official figure for ``year`` (if one is given) beside the figure computed
        from the units, with what each covers and, where they differ beyond rounding, why in words.

        ``cell`` (the official figure), ``source``, ``scope`` (in words), ``window``, ``note``,
        ``computed`` (Cell) and ``coverage`` (views.coverage of the computed figure), ``differs``
        and ``explanation`` (sentences, never empty)."""
        found = self.results.official(year, indicator.id, stage)
        if found is None:
            return None
        official, computed = found.figure, self.results.municipality(year, indicator.id, stage)
        covers = coverage(computed, indicator)
        people_word = people(indicator)
        differs = False
        if official.suppressed:
            explanation = ("Den officiella siffran visas inte: den skiljer sig från siffran från enheterna på "
                           f"sajten med färre än {self.results.min_group} {people_word}, och då skulle en "
                           "skyddad siffra gå att räkna fram." if official.status == "small_difference" else
                           "Den officiella siffran visas inte: siffran från enheterna på sajten är skyddad eller "
                           "lämnar ute en enhet med skyddade siffror, och skillnaden mellan de två skulle ge "
                           "tillbaka den." if official.status == "gives_back" else
                           f"Den officiella siffran bygger på för få {people_word} för att redovisas.")
        elif official.value is None:
            explanation = "Källan redovisar ingen siffra."
        elif computed is None and year not in self.years:
            explanation = f"Läsåret {year} är från innan enheterna fanns på sajten: det finns bara den officiella siffran."
        elif computed is None:
            explanation = f"Enheterna på sajten har ingen siffra för läsåret {year}."
        elif computed.suppressed:
            explanation = f"Siffran från enheterna på sajten bygger på för få {people_word} för att redovisas."
        elif computed.value is None:
            explanation = "Enheterna på sajten ger ingen siffra för kommunen" + (
                f" ({'; '.join(covers['left_out'])})." if covers and covers["left_out"] else ".")
        else:
            explanation, differs = self._official_difference(found, computed, indicator, covers)
        return {"cell": self.cell(official, indicator), "source": found.source,
                "scope": SCOPE_WORDS.get(found.scope, found.scope), "window": found.window, "note": found.note,
                "computed": self.cell(computed, indicator), "coverage": covers, "differs": differs,
                "explanation": explanation}

    def _official_difference(self, found, computed: Figure, indicator: Indicator, covers: dict | None
                             ) -> tuple[str, bool]:
        """Whether an official and a computed figure differ beyond rounding, and why, in words.

        Beyond rounding: by more than half a unit in the last decimal the official figure is given
        with (its written decimals, or the indicator's when it is computed from counts)."""
        official = found.figure
        places = official.decimals if official.decimals is not None else indicator.decimals
        if abs(official.value - computed.value) * 2 * 10 ** places <= 1:
            return "Den officiella siffran och siffran från enheterna på sajten stämmer överens.", False
        shown = self.cell(computed, indicator).text
        decimals = fmt.change_decimals(self.decimals(official, indicator), self.decimals(computed, indicator))
        delta = fmt.difference(fmt.rounded_difference(official.value, computed.value, decimals), indicator.unit,
                               decimals)
        scope = ("Den officiella siffran omfattar alla huvudmän i kommunen, även fristående skolor som inte finns "
                 "på sajten" if found.scope == "all" else
                 f"Den officiella siffran omfattar alla {people(indicator)} i kommunens egna skolor")
        sentences = [f"{scope}; enheterna på sajten ger {shown} ({covers['text'] if covers else 'inga enheter'}). "
                     f"Skillnad: {delta}."]
        if covers and covers["left_out"]:
            sentences.append(f"I siffran från enheterna ingår inte allt: {'; '.join(covers['left_out'])}.")
        if official.denominator is not None and computed.denominator is not None \
                and official.denominator != computed.denominator:
            sentences.append(f"Den officiella siffran bygger på {fmt.number(official.denominator, 0)} "
                             f"{people(indicator)}, enheternas på {fmt.number(computed.denominator, 0)}.")
        if found.scope == "own" and (not covers or covers["complete"]):
            sentences.append("Alla kommunens enheter på sajten ingår, så källan räknar på ett annat underlag "
                             "eller vid en annan tidpunkt (t.ex. elever som flyttat under läsåret).")
        return " ".join(sentences), True

    def officials(self, year: str) -> list[dict]:
        """Every official figure of ``year`` (totals), in catalogue order, beside the computed one."""
        order = {ind: n for n, ind in enumerate(self.content.indicators)}
        keys = sorted({(i, s) for y, i, s, g in self.results.officials if y == year and i in order},
                      key=lambda k: (order[k[0]], k[1] != ALL_STAGES, k[1]))
        out = []
        for ind_id, stage in keys:
            indicator = self.content.indicators[ind_id]
            row = self.official(year, indicator, stage)
            if row is not None:
                out.append({**row, "indicator": indicator, "path": indicator_path(ind_id),
                            "stage": "" if stage == ALL_STAGES else stage})
        return out

    def figure_value(self, figure: Figure | None) -> float | None:
        """A published figure's value for a chart (its labels come from formatting), else None."""
        if figure is None or figure.suppressed or figure.value is None:
            return None
        return float(figure.value)

    def indicator_results(self, unit: str, year: str) -> list[tuple[Indicator, str]]:
        plan = self.content.unit_years.get((unit, year))
        if plan is None:
            return []
        keys = dict.fromkeys((r.indicator, r.stage) for r in plan.results if r.indicator in self.content.indicators)
        return [(self.content.indicators[i], s) for i, s in keys]

    def active_units(self, year: str) -> list[Unit]:
        return self.year_units.get(year, [])

    # -- pages -------------------------------------------------------------

    def site(self, preview: set[str] | None = None) -> Site:
        """Every page model; with ``preview`` (unit ids) only those units' pages, the year summaries
        and the index pages, so an editor's preview rebuilds in a moment."""
        site = Site()
        site.pages += [self.years_index(), self.units_index(), self.indicators_index()]
        years = self.years if not preview else sorted({y for u in preview for y in self.unit_years.get(u, [])})
        for year in years:
            site.pages.append(self.year_summary(year))
        units = sorted(self.content.units) if not preview else sorted(preview & set(self.content.units))
        for unit in units:
            site.pages.append(self.unit_page(unit))
            site.pages += [self.unit_year_page(unit, year) for year in self.unit_years.get(unit, [])]
        if preview:
            return site
        for year in self.years:
            site.pages += [page for form in SCHOOL_FORMS if (page := self.form_index(year, form))]
            site.downloads[download_path(year, "csv")] = year
            site.downloads[download_path(year, "xlsx")] = year
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
        cards = []
        for ind_id, direction in dict.fromkeys(goal_indicators):
            indicator = self.content.indicators[ind_id]
            now = self.results.municipality(year, ind_id, ALL_STAGES)
            before = self.results.municipality(last, ind_id, ALL_STAGES) if last else None
            if now is None:
                continue
            other_units = self.other_units(year, last, ind_id, ALL_STAGES)
            change = self.change(indicator, now, before, year, last, other_units)
            cards.append({"indicator": indicator, "path": indicator_path(ind_id), "value": self.cell(now, indicator),
                          "change": change, "trend": self.trend(indicator, direction, change.sort),
                          "coverage": coverage(now, indicator), "other_units": other_units,
                          "official": self.official(year, indicator)})
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
                "status": f"Stängd {unit.closed}" if unit.closed else ""})
        groups = [(SCHOOL_FORMS[f], by_form[f]) for f in SCHOOL_FORMS if by_form[f]]
        return Page("enheter/index.md", "Enheter", "units_index.md.j2", {"groups": groups}, in_nav=True)

    def indicators_index(self) -> Page:
        rows = [{"indicator": ind, "path": indicator_path(ind.id)} for ind in self.content.indicators.values()]
        return Page("indikatorer/index.md", "Indikatorer", "indicators_index.md.j2", {"rows": rows}, in_nav=True)

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
        # one chart: the unit's percent indicators this year against the municipality
        bars = [(r["indicator"], r["stage"]) for r in rows if r["indicator"].unit == "percent"]
        chart = None
        if bars:
            labels = [ind.label + (f" {s}" if s else "") for ind, s in bars]
            unit_vals = [self.figure_value(self.results.unit(unit_id, year, ind.id, s)) for ind, s in bars]
            town_vals = [self.figure_value(self.results.municipality(year, ind.id, s or ALL_STAGES)) for ind, s in bars]
            if any(v is not None for v in unit_vals):
                chart = charts.grouped_bars(labels, [charts.Series(unit.name, unit_vals),
                                                     charts.Series("Kommunen", town_vals)], "percent")
        years = self.unit_years[unit_id]
        i = years.index(year)
        goals = [{"goal": g, "indicators": [self.content.indicators[x] for x in g.indicators if x in self.content.indicators]}
                 for g in plan.goals]
        changes = self.changes(yeardiff.diff_unit(self.content, self.results, unit_id, years[i - 1], year)) if i > 0 else None
        return {
            "changes": changes,
            "unit": unit, "plan": plan, "year": year, "rows": rows, "results_chart": chart, "goals": goals,
            "analysis": [(PERSPECTIVES[k], getattr(plan.analysis, k)) for k in PERSPECTIVES if getattr(plan.analysis, k)],
            "improvement_areas": self.improvement_areas(plan.improvement_areas),
            "self_assessment": self.self_assessment(plan.self_assessment),
            "inspections": self.inspections(plan.inspections),
            "forms": ", ".join(SCHOOL_FORMS[f] for f in unit.school_forms),
            "unit_path": unit_path(unit_id), "year_path": year_path(year),
            "previous": (years[i - 1], unit_year_path(unit_id, years[i - 1])) if i > 0 else None,
            "next": (years[i + 1], unit_year_path(unit_id, years[i + 1])) if i + 1 < len(years) else None,
            "has_suppressed": any(c.suppressed for r in rows for c in (*r["now"], r["before"], r["municipality"])),
            # the results' notes and sources, for footnotes under the results table
            "notes": [{"indicator": r["indicator"], "stage": r["stage"], "window": r["window"], "note": r["note"],
                       "source": r["source"]} for r in rows if r["note"] or r["source"]],
            "suppressed_title": self.suppressed_title,
        }

    def changes(self, diff) -> dict:
        """A year-on-year diff (yeardiff) in words and formatted figures, for a "changes" section."""
        action_words = {"added": "Ny åtgärd", "finished": "Avslutad åtgärd", "moved": "Flyttad i tid"}
        area_words = {"added": "Nytt", "closed": "Avslutat", "carried": "Fortsätter"}
        areas = []
        for change in diff.areas:
            actions = []
            for a in change.actions:
                text = a.action.description
                if a.kind == "moved":
                    text += f" ({' – '.join(filter(None, (a.before.start, a.before.end)))} → {' – '.join(filter(None, (a.after.start, a.after.end)))})"
                actions.append((action_words[a.kind], text))
            areas.append({"kind": area_words[change.kind], "title": change.area.title, "actions": actions})
        goal_words = {"added": "Nytt mål", "removed": "Borttaget mål", "changed": "Ändrat mål"}
        goals = [{"kind": goal_words[g.kind], "text": (g.after or g.before).text,
                  "segments": [(seg.kind, seg.text) for seg in g.text]} for g in diff.goals]
        analysis = [{"perspective": PERSPECTIVES[t.perspective], "kind": t.kind,
                     "segments": [(seg.kind, seg.text) for seg in t.segments]} for t in diff.analysis]
        values = []
        for v in diff.values:
            ind = v.indicator
            change = Cell("seriebrott", None, "Definitionen ändrades mellan åren.") if v.delta is None else \
                Cell(fmt.difference(v.delta, ind.unit, ind.decimals), v.delta)
            values.append({"indicator": ind, "path": indicator_path(ind.id), "stage": v.stage, "group": GROUP_NAMES[v.group],
                           "before": Cell(fmt.figure(v.before, ind.unit, ind.decimals), v.before),
                           "after": Cell(fmt.figure(v.after, ind.unit, ind.decimals), v.after), "change": change})
        return {"from": diff.from_year, "to": diff.to_year, "areas": areas, "goals": goals,
                "analysis": analysis, "figures": values}

    def improvement_areas(self, areas) -> list[dict]:
        return [{"area": a, "status": AREA_STATUS.get(a.status, ""),
                 "indicators": [self.content.indicators[x] for x in a.indicators if x in self.content.indicators],
                 "actions": [{"action": act, "status": ACTION_STATUS.get(act.status, ""),
                              "period": " – ".join(x for x in (act.start, act.end) if x)} for act in a.actions]}
                for a in areas]

    def self_assessment(self, strategies: tuple[Strategy, ...]) -> list[dict]:
        out = []
        for strategy in strategies:
            roles = [r for r in ROLES if any(r in c.scores for c in strategy.criteria)]
            # a score as written (3 stays 3, 3.94 stays 3,94); a mean exact, with SCORE_DECIMALS or finer
            rows = [{"text": c.text, "scores": [fmt.number(c.scores[r], fmt.shown_decimals(
                fmt.SCORE_DECIMALS, fmt.written_decimals(c.scores[r]))) if r in c.scores else "–" for r in roles]}
                    for c in strategy.criteria]
            means = []
            for r in roles:
                vals = [c.scores[r] for c in strategy.criteria if r in c.scores]
                means.append(fmt.number(exact_mean(vals), fmt.mean_decimals(map(fmt.written_decimals, vals))))
            out.append({"strategy": strategy.strategy, "roles": [(r, ROLES[r]) for r in roles], "rows": rows, "means": means})
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
                unit_vals = [self.figure_value(self.results.unit(unit_id, y, indicator.id, stage)) for y in self.years]
                if sum(v is not None for v in unit_vals) >= 2:
                    town_vals = [self.figure_value(self.results.municipality(y, indicator.id, stage or ALL_STAGES))
                                 for y in self.years]
                    figures.append({"title": indicator.label + (f" {stage}" if stage else ""), "figure": charts.series_over_years(
                        self.years, self.series(indicator, unit_vals, unit.name) + self.series(indicator, town_vals, "Kommunen"),
                        indicator.unit, (indicator.scale.min, indicator.scale.max) if indicator.unit == "percent" else None,
                        decimals=indicator.decimals)})
        links = lambda ids: [(self.content.units[x].name, unit_path(x)) for x in ids if x in self.content.units]  # noqa: E731
        programmes = [p for p in self.content.programmes.values() if unit_id in p.units]
        return {
            "unit": unit, "forms": ", ".join(SCHOOL_FORMS[f] for f in unit.school_forms),
            "years": [(y, unit_year_path(unit_id, y)) for y in years], "all_years": self.years,
            "table": table, "figures": figures, "predecessors": links(unit.predecessors),
            "successor": links([unit.successor]) if unit.successor else [], "programmes": programmes,
            "opened": fmt.long_date(unit.opened), "closed": fmt.long_date(unit.closed),
            "former_names": [(n.name, fmt.long_date(n.until)) for n in unit.former_names],
            "suppressed_title": self.suppressed_title,
        }

    def indicator_page(self, indicator_id: str) -> Page:
        indicator = self.content.indicators[indicator_id]
        # the official figures' school years (also years before the site's units) and stage keys
        official_keys = {(y, s) for y, i, s, _ in self.results.officials if i == indicator_id}
        official_stages = {s for _, s in official_keys}
        chart_years = sorted(set(self.years) | {y for y, _ in official_keys})
        stages = sorted({stage for _, stage in self.reported[indicator_id]} | (official_stages - {ALL_STAGES}))
        if len(stages) > 1 and indicator.aggregation != "none":
            stages.insert(0, ALL_STAGES)  # the municipality as a whole first, as the goals count it
        if not stages and official_stages:
            stages = [ALL_STAGES]
        unit_ids = sorted({unit for unit, _ in self.reported[indicator_id]},
                          key=lambda u: self.content.units[u].name if u in self.content.units else u)
        figures, tables = [], []
        for stage in stages:
            label = self.stage_label(stage, several=len(stages) > 1)
            series = []
            for group in GROUPS:
                vals = [self.figure_value(self.results.municipality(y, indicator_id, stage, group)) for y in chart_years]
                series += self.series(indicator, vals, GROUP_NAMES[group], chart_years)
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
                        name = name.replace("Officiell siffra", f"Officiell siffra, {SCOPE_WORDS.get(scope, scope)}", 1)
                    vals = [self.figure_value(o.figure) if o is not None and o.scope == scope else None
                            for o in found.values()]
                    series += self.series(indicator, vals, name, chart_years, dash="dash")
                official_rows = [{"year": y, **row} for y in chart_years
                                 if (row := self.official(y, indicator, official_key)) is not None]
            if any(v is not None for s in series for v in s.values):
                figures.append({"stage": label, "stage_key": stage, "figure": charts.series_over_years(
                    chart_years, series, indicator.unit,
                    (indicator.scale.min, indicator.scale.max) if indicator.unit == "percent" else None,
                    decimals=indicator.decimals)})
            town = []
            for g in GROUPS:
                figs = [self.results.municipality(y, indicator_id, stage, g) for y in self.years]
                town.append({"group": GROUP_NAMES[g], "cells": [self.cell(f, indicator) for f in figs],
                             "coverage": [coverage(f, indicator) for f in figs]})
            units = [{"unit": self.content.units[u], "cells": [self.cell(self.results.unit(u, y, indicator_id, stage), indicator)
                                                               for y in self.years],
                      "paths": [unit_year_path(u, y) if (u, y) in self.content.unit_years else "" for y in self.years]}
                     for u in unit_ids if u in self.content.units
                     and any(self.results.unit(u, y, indicator_id, stage) is not None for y in self.years)]
            tables.append({"stage": label, "stage_key": stage, "municipality": town, "units": units,
                           "official": official_rows})
        # a break only between two definitions that both occur in the data (Indicator.version_for),
        # the official figures' years included
        in_data = dict.fromkeys(indicator.version_for(y) for y in sorted(
            self.reported_years[indicator_id] | {y for y, _ in official_keys}))
        breaks = [v for v in in_data if v is not None][1:]
        return Page(indicator_path(indicator_id), indicator.name, "indicator.md.j2", {
            "indicator": indicator, "years": self.years, "figures": figures, "tables": tables, "breaks": breaks,
            "unit_word": {"percent": "procent", "points": "poäng", "index": "index", "score": "skattning",
                          "count": "antal"}[indicator.unit],
            "aggregation": {"ratio": "summan av täljarna delad med summan av nämnarna (inte ett medelvärde av enheternas andelar)",
                            "weighted_mean": "medelvärde vägt med antalet elever", "mean": "enkelt medelvärde",
                            "none": "räknas inte samman för kommunen"}[indicator.aggregation],
            "better": {"higher": "Högre är bättre", "lower": "Lägre är bättre", "neutral": "Varken högre eller lägre är bättre"}[indicator.better],
            "suppressed_title": self.suppressed_title,
        }, source="content/indicators.yaml")

    @staticmethod
    def stage_label(stage: str, several: bool = True) -> str:
        """A stage key in words: ``ALL_STAGES`` "alla stadier"; no stage given "utan angivet stadium"
        where other stages are shown beside it (else nothing); a stage as it is."""
        if stage == ALL_STAGES:
            return "alla stadier"
        return stage or ("utan angivet stadium" if several else "")

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
            if len(ranked) > 2 * SPREAD_ENDS:  # a large municipality: the ends of the spread, all units on the indicator page
                rows = ranked[:SPREAD_ENDS] + ranked[-SPREAD_ENDS:]
                ranked = rows
            town = self.results.municipality(year, ind_id, ALL_STAGES)
            figure = charts.spread([r["unit"].name for r in ranked], [r["cell"].sort for r in ranked], indicator.unit,
                                   self.figure_value(town), "Kommunen", decimals=indicator.decimals)
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
        figure = charts.heatmap(strategies, names, z, decimals=decimals) if len(names) <= HEATMAP_ROWS else None
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
        names = {"total": "Totalt", "women": "Kvinnor", "men": "Män"}
        value = {(s.month, s.group): s for s in municipality.sick_leave}
        labels = [fmt.long_date(m + "-01").split(" ", 1)[1] for m in months]
        series = [charts.Series(names[g], [value[(m, g)].total if (m, g) in value else None for m in months]) for g in groups]
        rows = [{"month": label, "cells": [fmt.percent(value[(m, g)].total) if (m, g) in value else "–" for g in groups],
                 "short": fmt.percent(value[(m, "total")].short_term) if (m, "total") in value and value[(m, "total")].short_term is not None else "–"}
                for m, label in zip(months, labels)]
        return {"figure": charts.grouped_bars(labels, series, "percent"), "groups": [names[g] for g in groups], "rows": rows}

    def programmes(self, year: str, municipality) -> list[dict]:
        follow = {f.programme: f for f in (municipality.programme_follow_up if municipality else ())}
        start, end = (d.isoformat() for d in school_year_bounds(year))
        out = []
        for p in self.content.programmes.values():
            if p.start <= end and (not p.end or p.end >= start):
                out.append({"programme": p, "follow_up": follow.get(p.id),
                            "units": [(self.content.units[u].name, unit_path(u)) for u in p.units if u in self.content.units],
                            "period": " – ".join(fmt.long_date(d) for d in (p.start, p.end) if d),
                            "indicators": [(self.content.indicators[i], indicator_path(i)) for i in p.indicators if i in self.content.indicators]})
        return out
