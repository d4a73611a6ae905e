"""The year's "Förändringar" page: everything `ska diff` knows between two school years (``analysis.yeardiff``,
``part_diff``, ``score_diff``, ``recommendation_diff``, ``staff``), in the same words (``analysis.change_words``),
each change linked to the page where it lives."""

from __future__ import annotations

from .. import formatting as fmt
from ..analysis import yeardiff
from ..analysis.change_words import goal_details, recommendation_detail, staff_value, staff_what
from ..analysis.part_diff import diff_part
from ..analysis.yeardiff import one_line
from ..labels import PART_KINDS
from .pages import Cell, Page, changes_path, coverage, indicator_path, unit_path, unit_year_path, year_path
from .part_views import part_year_path

RECOMMENDATION_CHANGES = {"added": "Ny", "removed": "Borttagen", "changed": "Ändrad", "followed_up": "Uppföljd"}
"""What happened to a recommendation between two school years, as the changes page says it."""
GOALS = "#mal-och-maluppfyllelse"
RECOMMENDATIONS = "#rekommendationer"
FOLLOW_UP = "#uppfoljning-av-forra-arets-rekommendationer"
OWNER_SCORES = "#huvudmannanivans-skattning"
STAFF = "#personal-per-ar"
"""Anchors of the year summary's sections (year.md.j2's headings) that the changes link to."""


class ChangeViews:
    """What changed since last year, for the municipality, its owner level and its parts (a part of ``Views``)."""

    def year_changes(self, last: str, year: str) -> Page:
        """New, closed and merged units; the owner's plan, self-assessment, recommendations and staff figures;
        each part's plan and pooled figures; and the largest movements across units."""
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
        plans = self.content.municipality_years
        return Page(changes_path(year), f"Förändringar {last} – {year}", "year_changes.md.j2", {
            "year": year, "last": last, "units": units, "movements": movements,
            "changes": self.plan_changes(diff, lambda y, v: self.results.municipality(y, v.indicator.id, v.stage,
                                                                                      v.group)),
            "year_path": year_path(year), "last_path": year_path(last),
            "goals_path": year_path(year if year in plans and plans[year].goal_areas else last), "goals_anchor": GOALS,
            "scores": self.score_rows(diff.scores),
            "scores_path": year_path(year if year in plans and plans[year].self_assessment else last),
            "scores_anchor": OWNER_SCORES,
            "recommendations": self.recommendation_rows(diff.recommendations, last, year),
            "staff": [{"what": staff_what(c), "before": staff_value(c.before, c.unit),
                       "after": staff_value(c.after, c.unit)} for c in diff.staff],
            "staff_path": year_path(year), "staff_anchor": STAFF, "parts": self.part_changes(last, year)},
            source=plans[year].source if year in plans else "", in_nav=True, nav_title="Förändringar")

    def plan_changes(self, diff, figure, totals_only: bool = False) -> dict:
        """``changes`` (unit_views) with each changed goal's baseline, target, direction and indicators in words,
        and each pooled figure with what it covers in both years (``figure(year, value change)`` → its Figure);
        with ``totals_only`` only the total group's figures, over all stages."""
        changes = self.changes(diff)
        for shown, change in zip(changes["goals"], diff.goals):
            shown["details"] = "; ".join(goal_details(change))
        for shown, v in zip(changes["figures"], diff.values):
            shown["before_covers"], shown["after_covers"] = (coverage(figure(y, v), v.indicator)
                                                             for y in (diff.from_year, diff.to_year))
        if totals_only:
            changes["figures"] = [dict(f, stage="alla stadier") for f, v in zip(changes["figures"], diff.values)
                                  if v.group == "total"]
        return changes

    def score_rows(self, scores) -> list[dict]:
        """The self-assessment means (per strategy and rater role) that moved, as shown and with the change."""
        rows = []
        for c in scores:
            before, after = (Cell(fmt.number(v, c.decimals), float(v)) if v is not None else Cell("–")
                             for v in (c.before, c.after))
            change = Cell("–") if c.before is None or c.after is None else Cell(
                fmt.difference(fmt.rounded_difference(c.after, c.before, c.decimals), "score", c.decimals),
                float(c.after - c.before))
            rows.append({"strategy": c.strategy, "role": c.role, "role_name": c.role_name,
                         "before": before, "after": after, "change": change})
        return rows

    @staticmethod
    def recommendation_rows(changes, last: str, year: str) -> list[dict]:
        """Each recommendation new, removed, changed or followed up, linked to where the summary shows it."""
        rows = []
        for c in changes:
            rec = c.recommendation
            rows.append({"kind": RECOMMENDATION_CHANGES[c.kind], "id": rec.id, "text": one_line(rec.text),
                         "detail": recommendation_detail(c), "path": year_path(last if c.kind == "removed" else year),
                         "anchor": FOLLOW_UP if c.kind == "followed_up" else RECOMMENDATIONS})
        return rows

    def part_changes(self, last: str, year: str) -> list[dict]:
        """Each part with a page this year or last whose plan, self-assessment or pooled figures changed."""
        out = []
        for part in sorted(self.content.parts.values(), key=lambda p: (list(PART_KINDS).index(p.kind), p.name)):
            years = self.part_years(part.id)
            if year not in years and last not in years:
                continue
            diff = diff_part(self.content, self.results, part.id, last, year)
            changes = self.plan_changes(diff, lambda y, v, p=part.id: self.part_figure(p, y, v.indicator.id, v.group),
                                        totals_only=True)
            scores = self.score_rows(diff.scores)
            if not (changes["areas"] or changes["goals"] or changes["analysis"] or changes["figures"] or scores):
                continue
            out.append({"part": part, "kind": PART_KINDS[part.kind], "changes": changes, "scores": scores,
                        "path": part_year_path(part.id, year if year in years else last)})
        return out
