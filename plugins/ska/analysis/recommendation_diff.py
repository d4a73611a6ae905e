"""What changed in the municipality's recommendations between two school years: new ones, ones gone, ones
changed, and (from one year to the next) each of last year's followed up with its status then and now."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from ..domain import previous_school_year
from ..model import MunicipalityYear, Recommendation


@dataclass(frozen=True)
class RecommendationChange:
    """``kind``: "added" (new in the later year), "removed" (gone, not followed up), "changed" (the same id
    in both years, ``fields`` differ) or "followed_up" (last year's, with its ``status_before`` as written
    then and ``status_after`` from this year's follow-up, "" if it has none)."""

    kind: str
    recommendation: Recommendation
    fields: tuple[str, ...] = ()
    status_before: str = ""
    status_after: str = ""


def _key(rec: Recommendation) -> str:
    return rec.id or rec.text.strip()  # a recommendation written as text alone is known by its text


def diff_recommendations(before: MunicipalityYear, after: MunicipalityYear) -> tuple[RecommendationChange, ...]:
    old = {_key(r): r for r in before.recommendations}
    new = {_key(r): r for r in after.recommendations}
    next_year = previous_school_year(after.school_year) == before.school_year
    updates = {f.recommendation: f.status for f in after.recommendation_follow_up}
    changes = []
    for key, rec in old.items():
        if next_year and rec.id:
            changes.append(RecommendationChange("followed_up", rec, status_before=rec.status,
                                                status_after=updates.get(rec.id, "")))
        if key in new:
            fields = tuple(f.name for f in dataclasses.fields(Recommendation)
                           if getattr(rec, f.name) != getattr(new[key], f.name))
            if fields:
                changes.append(RecommendationChange("changed", new[key], fields))
        elif not (next_year and rec.id):
            changes.append(RecommendationChange("removed", rec))
    changes += [RecommendationChange("added", rec) for key, rec in new.items() if key not in old]
    return tuple(changes)
