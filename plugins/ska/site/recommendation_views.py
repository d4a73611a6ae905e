"""The follow-up of last school year's recommendations in a year's summary: one row per recommendation with
its owner, due date, status this year (overdue said plainly) and its indicators' figures for both years."""

from __future__ import annotations

import calendar
from datetime import date

from .. import formatting as fmt
from ..domain import ALL_STAGES, previous_school_year, school_year_bounds
from ..labels import RECOMMENDATION_STATUS
from ..model import MunicipalityYear, Recommendation
from .pages import coverage, indicator_path

FINISHED = ("done", "cancelled")


def due_end(due: str) -> date:
    """The last day a recommendation may be done: the date, or a month's last day."""
    if len(due) == 10:
        return date.fromisoformat(due)
    y, m = int(due[:4]), int(due[5:7])
    return date(y, m, calendar.monthrange(y, m)[1])


def due_text(due: str) -> str:
    """"2025-06" → "juni 2025", "2025-06-15" → "15 juni 2025"."""
    return fmt.long_date(due)


class RecommendationViews:
    """The follow-up of last year's recommendations (a part of ``Views``)."""

    def recommendation_follow_up(self, year: str, today: date | None = None) -> dict | None:
        """Last year's recommendations followed up in ``year``'s summary, or None without any.

        The status is this year's follow-up entry (``recommendation_follow_up`` in this year's file) if
        there is one, else the one written last year. A recommendation is overdue when it is not done
        or cancelled and its due date has passed by the end of this school year, or by today while the
        year is still running: the summary never calls late what is not late yet."""
        last = previous_school_year(year)
        before = self.content.municipality_years.get(last) if last else None
        if before is None or not before.recommendations:
            return None
        now = self.content.municipality_years.get(year)
        updates = {f.recommendation: f for f in (now.recommendation_follow_up if now else ())}
        on = min(today or date.today(), school_year_bounds(year)[1])
        rows = [self._followed_up(r, before, updates.get(r.id) if r.id else None, year, last, on)
                for r in before.recommendations]
        marked = next((f["other_units"] for r in rows for f in r["figures"]
                       if f["other_units"] and f["change"].sort is not None), "")
        return {"last": last, "rows": rows, "on": fmt.long_date(on.isoformat()),
                "overdue": sum(1 for r in rows if r["overdue"]), "marked": marked}

    def recommendations(self, municipality: MunicipalityYear) -> dict | None:
        """This year's recommendations: ``structured`` when any has fields (a table), else a list of texts."""
        if not municipality.recommendations:
            return None
        rows = [self._described(r, municipality) for r in municipality.recommendations]
        return {"rows": rows, "structured": any(r.id for r in municipality.recommendations)}

    def _described(self, rec: Recommendation, municipality: MunicipalityYear) -> dict:
        goals = {g.id: g.text for area in municipality.goal_areas for g in area.goals}
        areas = {a.id: a.title for a in municipality.improvement_areas}
        return {"recommendation": rec, "status": RECOMMENDATION_STATUS.get(rec.status, ""), "due": due_text(rec.due),
                "links": [goals[g] for g in rec.goals if g in goals]
                + [areas[a] for a in rec.improvement_areas if a in areas],
                "indicators": [(self.content.indicators[i], indicator_path(i)) for i in rec.indicators
                               if i in self.content.indicators]}

    def _followed_up(self, rec: Recommendation, before: MunicipalityYear, update, year: str, last: str,
                     on: date) -> dict:
        status = update.status if update else rec.status
        overdue = bool(rec.due) and status not in FINISHED and due_end(rec.due) < on
        if not rec.id:
            said = "Följs inte upp (rekommendationen har inget id)"
        elif not status:
            said = "Ingen status angiven"
        else:
            said = RECOMMENDATION_STATUS[status] + ("" if update else f" (enligt {last})")
        return {
            **self._described(rec, before), "status": said, "overdue": overdue, "comment": update.comment if update else "",
            "figures": [self._recommendation_figure(ind_id, year, last) for ind_id in rec.indicators
                        if ind_id in self.content.indicators],
        }

    def _recommendation_figure(self, ind_id: str, year: str, last: str) -> dict:
        """An indicator's municipal figure in both years, the change and what each covers: the same
        figures, in the same words, as the summary's goal tables."""
        indicator = self.content.indicators[ind_id]
        now = self.results.municipality(year, ind_id, ALL_STAGES)
        before = self.results.municipality(last, ind_id, ALL_STAGES)
        other_units = self.other_units(year, last, ind_id, ALL_STAGES)
        return {"indicator": indicator, "path": indicator_path(ind_id),
                "now": self.cell(now, indicator), "before": self.cell(before, indicator),
                "change": self.change(indicator, now, before, year, last, other_units), "other_units": other_units,
                "coverage": coverage(now, indicator), "before_coverage": coverage(before, indicator)}
