"""Improvement areas followed over time: on a unit-year page, each area's target indicators before and after
(the baseline against this year), and on the unit page, an area carried from year to year as one thread.

An area is the same area across years when it has the same ``id`` in the unit's plans (``ska new-year``
carries it with its id). Every figure is the unit's own published figure over all its stages (the goals
table's), so a suppressed figure stays suppressed and no difference is shown against it."""

from __future__ import annotations

from .. import formatting as fmt
from ..analysis.area_effect import BASIS_AREA, BASIS_LAST, area_start, baselines, chain_indicators, window_figure
from ..analysis.figures import Figure
from ..domain import ALL_STAGES, previous_school_year
from ..content.goal_rules import window
from ..labels import AREA_STATUS
from ..model import ImprovementArea, Indicator
from .pages import Cell, indicator_path, people, unit_year_path


class AreaViews:
    """Improvement areas' indicators before and after, and areas as threads over the years (a part of ``Views``)."""

    def area_start(self, unit_id: str, year: str, area_id: str) -> str | None:
        """The first school year of the unbroken run of the unit's plans up to ``year`` holding the area; None
        when the run reaches back to the unit's first plan on the site (when it began is then not known)."""
        return area_start(self.unit_years[unit_id], year, lambda y: any(
            a.id == area_id for a in self.content.unit_years[(unit_id, y)].improvement_areas))

    def before_after(self, unit_id: str, year: str, area: ImprovementArea) -> dict:
        """What the area and its actions target, per (indicator, baseline): ``lines`` with the baseline figure,
        this year's and the change, each figure with its school year and the pupils it covers; ``missing``
        (indicator, path, baseline) where the unit has no figure for the baseline. The baseline: the effect chain's
        (the step measuring the indicator, else the chain's first stated; for an action, its own chain's, else
        the area chain's step measuring the indicator), else the school year before the area (or the action) started, else last year; none that is not before ``year``. {} when there is nothing
        to show."""
        start = self.area_start(unit_id, year, area.id)
        area_base = (previous_school_year(start), BASIS_AREA) if start else (self.previous(year), BASIS_LAST)
        wanted = baselines(area, area_base)
        lines, missing = [], []
        for (ind_id, base), basis in wanted.items():
            indicator = self.content.indicators.get(ind_id)
            if indicator is None or not base:
                continue
            first, last = window(base)
            if last >= year:  # a baseline not before this year (a chain's, an action to start later): no before
                continue
            now = self.results.unit(unit_id, year, ind_id, ALL_STAGES)
            before = window_figure(lambda y, i: self.results.unit(unit_id, y, i, ALL_STAGES), indicator, first, last)
            if before is None:  # nothing to set this year against: named in one short line
                missing.append((indicator, indicator_path(ind_id), base))
                continue
            change = self.change(indicator, now, before, year, last)
            if change.sort is not None and not indicator.comparable(year, first):
                change = Cell("seriebrott", None, "Definitionen ändrades mellan åren; värdena kan inte jämföras.")
            lines.append({"indicator": indicator, "path": indicator_path(ind_id), "basis": basis, "year": base,
                          "before": self.cell(before, indicator), "before_covers": self.covers(before, indicator),
                          "now": self.cell(now, indicator), "now_covers": self.covers(now, indicator),
                          "change": change})
        return {"lines": lines, "missing": missing} if lines or missing else {}

    @staticmethod
    def covers(figure: Figure | None, indicator: Indicator) -> str:
        """The pupils a published unit figure covers ("118 elever"); "" otherwise."""
        if figure is None or figure.suppressed or figure.value is None or not figure.denominator:
            return ""
        return f"{fmt.number(figure.denominator, 0)} {people(indicator)}"

    def with_before_after(self, unit_id: str, year: str, items: list[dict]) -> list[dict]:
        """``UnitViews.improvement_areas`` items with ``before_after`` (``lines`` and ``missing``) and ``year``;
        the area's list of indicators is left out when the lines name (and link) every one of them."""
        for item in items:
            shown = item["before_after"] = self.before_after(unit_id, year, item["area"])
            named = {r["indicator"].id for r in shown.get("lines", ())} | {i.id for i, _, _ in shown.get("missing", ())}
            if all(ind.id in named for ind in item["indicators"]):
                item["indicators"] = []
            item["year"] = year
        return items

    def area_threads(self, unit_id: str) -> list[dict]:
        """Each improvement area of the unit's plans, by id, over the years it ran: per year its status, its
        actions' statuses, follow-up and assessed effect; and its indicators' figures from the year before it
        first ran (when the site has it) to its last year."""
        runs: dict[str, list] = {}
        for y in self.unit_years[unit_id]:
            for area in self.content.unit_years[(unit_id, y)].improvement_areas:
                runs.setdefault(area.id, []).append((y, area))
        out = []
        for area_id, run in runs.items():
            years = [y for y, _ in run]
            before = previous_school_year(years[0])
            shown = ([before] if before in self.years else []) + [y for y in self.years if years[0] <= y <= years[-1]]
            ids = dict.fromkeys(i for _, a in run for i in (*a.indicators, *chain_indicators(a.effect_chain),
                                                            *(x for act in a.actions for x in
                                                              (*act.indicators, *chain_indicators(act.effect_chain)))))
            indicators = [self.content.indicators[i] for i in ids if i in self.content.indicators]
            rows = [{"indicator": ind, "path": indicator_path(ind.id),
                     "cells": [self.cell(self.results.unit(unit_id, y, ind.id, ALL_STAGES), ind) for y in shown]}
                    for ind in indicators]
            out.append({"id": area_id, "title": run[-1][1].title,
                        "titles": [t for t in dict.fromkeys(a.title for _, a in run) if t != run[-1][1].title],
                        "span": years[0] if len(years) == 1 else f"{years[0]}–{years[-1]}", "count": len(years),
                        "years": [{"year": y, "path": unit_year_path(unit_id, y),
                                   "status": AREA_STATUS.get(a.status, "") or "–", "actions": action_counts(a),
                                   # carried over unchanged (as new-year does): said in a few words, not repeated
                                   "same_follow_up": i > 0 and bool(a.follow_up) and a.follow_up == run[i - 1][1].follow_up,
                                   "follow_up": a.follow_up, "effect": a.effect_assessment}
                                  for i, (y, a) in enumerate(run)],
                        "shown": shown, "rows": rows})
        out.sort(key=lambda t: (-t["count"], t["title"]))
        return out


ACTION_COUNTS = {"planned": ("planerad", "planerade"), "ongoing": ("pågår", "pågår"),
                 "done": ("genomförd", "genomförda"), "cancelled": ("avbruten", "avbrutna"), "": ("utan status", "utan status")}


def action_counts(area: ImprovementArea) -> str:
    """"3 åtgärder: 2 pågår, 1 genomförd" ("" without actions)."""
    if not area.actions:
        return ""
    counts = dict.fromkeys(ACTION_COUNTS, 0)
    for action in area.actions:
        counts[action.status if action.status in counts else ""] += 1
    parts = [f"{n} {ACTION_COUNTS[k][n > 1]}" for k, n in counts.items() if n]
    return f"{fmt.count(len(area.actions), 'åtgärd', 'åtgärder')}: {', '.join(parts)}"

