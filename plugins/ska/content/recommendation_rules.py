"""Rules for the municipality's recommendations and next year's follow-up of them: unique ids, links to
known indicators, goals and improvement areas, real due dates, a follow-up only of last year's ones."""

from __future__ import annotations

from collections import Counter
from datetime import date
from functools import cached_property

from ..domain import MUNICIPALITY_YEAR, previous_school_year
from .files import Source


def real_due(value: str) -> bool:
    """Whether a due date written ÅÅÅÅ-MM or ÅÅÅÅ-MM-DD (the schema's pattern) is a day or month that exists."""
    try:
        date.fromisoformat(value if len(value) == 10 else value + "-01")
    except ValueError:
        return False
    return True


class RecommendationRules:
    """Rules for recommendations and their follow-up (a part of ``Checker``)."""

    @cached_property
    def recommendation_ids(self) -> dict[str, set[str] | None]:
        """School year → the ids of the municipality's recommendations (None: that file's recommendations
        have schema errors, so references to them are not judged)."""
        known = {}
        for source, data in self.by_kind.get(MUNICIPALITY_YEAR, []):
            if self.refused(source, ("school_year",)) or not isinstance(data.get("school_year"), str):
                continue
            items = data.get("recommendations", [])
            known[data["school_year"]] = None if self.refused(source, ("recommendations",)) else {
                item["id"] for item in items if isinstance(item, dict) and isinstance(item.get("id"), str)}
        return known

    def check_recommendations(self, source: Source, data: dict, year: str | None, has_catalogue: bool) -> None:
        items = self.each(source, data.get("recommendations"), ("recommendations",))  # those with fields
        counts = Counter(item["id"] for _, item in items)
        goals = None if self.refused(source, ("goal_areas",)) else {
            goal["id"] for area in data.get("goal_areas", []) for goal in area["goals"]}
        areas = None if self.refused(source, ("improvement_areas",)) else {
            area["id"] for area in data.get("improvement_areas", [])}
        for i, item in items:
            path = ("recommendations", i)
            if counts[item["id"]] > 1:
                self.add(source, path + ("id",), f"Rekommendationen ”{item['id']}” finns flera gånger.",
                         "Ge varje rekommendation ett eget id: nästa läsårs uppföljning hänvisar till det.",
                         "Rekommendationens id")
            if "due" in item and not real_due(item["due"]):
                self.add(source, path + ("due",), f"Datumet ”{item['due']}” finns inte.",
                         "Skriv en månad som finns (ÅÅÅÅ-MM, t.ex. 2025-06) eller ett datum som finns (ÅÅÅÅ-MM-DD).",
                         "Klart senast")
            self.indicator_refs(source, item.get("indicators"), path + ("indicators",), has_catalogue)
            for key, known, what, title, where in (
                    ("goals", goals, "Målet", "Mål", "goal_areas"),
                    ("improvement_areas", areas, "Förbättringsområdet", "Förbättringsområden", "improvement_areas")):
                if known is None:
                    continue
                for j, ref in enumerate(item.get(key, [])):
                    if ref not in known:
                        choices = f"Id:n som finns: {', '.join(sorted(known))}." if known else \
                            f"Filen har inga under {where}; lägg till dem där eller ta bort {key}:."
                        self.add(source, path + (key, j),
                                 f"{what} ”{ref}” finns inte under {where} i den här filen.",
                                 f"Kontrollera stavningen. {choices}", title)

    def check_recommendation_follow_up(self, source: Source, data: dict, year: str | None) -> None:
        if not year or "recommendation_follow_up" not in data:
            return
        last = previous_school_year(year)
        known = self.recommendation_ids.get(last)
        if last not in self.recommendation_ids:
            self.add(source, ("recommendation_follow_up",),
                     f"Det finns ingen fil för läsåret {last} (content/years/{last.replace('/', '-')}/municipality.yaml) "
                     "med rekommendationer att följa upp.",
                     "Ta bort recommendation_follow_up: eller lägg till förra läsårets fil.",
                     "Uppföljning av förra årets rekommendationer")
            return
        seen = set()
        for i, item in self.each(source, data.get("recommendation_follow_up"), ("recommendation_follow_up",)):
            path = ("recommendation_follow_up", i, "recommendation")
            ref = item["recommendation"]
            if ref in seen:
                self.add(source, path, f"Rekommendationen ”{ref}” följs upp flera gånger.",
                         "Ta bort den ena raden: en rekommendation har en status i år.", "Rekommendation")
            seen.add(ref)
            if known is not None and ref not in known:
                self.add(source, path, f"Rekommendationen ”{ref}” finns inte i filen för {last}.",
                         self.suggest(ref, dict.fromkeys(known),
                                      f"content/years/{last.replace('/', '-')}/municipality.yaml (id: under recommendations)"),
                         "Rekommendation")
