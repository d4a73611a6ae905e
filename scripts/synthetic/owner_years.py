"""The owner's file for each school year, summed up from the units' plans of that year."""

from __future__ import annotations

import random
from datetime import date

from .emit import md
from .figures import aggregate, clamp, round_half_up
from .inspections import owner_inspection
from .municipality import Municipality, programme_active
from . import recommendations
from .text import (COMPLAINT_CATEGORIES, DEVELOPMENT_TEXTS, GOAL_AREAS, MUNICIPAL_AREAS, OWNER_ANALYSIS, PRIORITIES,
                   PROGRAMME_FOLLOW_UP, RECOMMENDATIONS, STRATEGIES)
from .units import UnitSpec
from .wording import describe, gender_gap, join
from .years import first_day, last_day, school_year, year_end

SEASON = {8: 0.8, 9: 0.95, 10: 1.0, 11: 1.05, 12: 1.1, 1: 1.15, 2: 1.2, 3: 1.1, 4: 1.0, 5: 0.95, 6: 0.85}
"""Relative sick leave per month (August–June), higher in winter."""


def _agg_sentence(agg: dict, previous: dict, key: tuple[str, str | None]) -> str | None:
    if key not in agg or "total" not in agg[key]:
        return None
    fake = {"indicator": key[0], "total": {"value": round_half_up(agg[key]["total"][0])}}
    if key[1]:
        fake["stage"] = key[1]
    old = previous.get(key, {}).get("total")
    return describe(fake, round_half_up(old[0]) if old else None)


class MunicipalityYears:
    """Builds the owner's file for each school year from the units' plans of that year."""

    def __init__(self, municipality: Municipality):
        self.municipality = municipality
        self.areas_open: list[str] = []

    def document(self, start: int, unit_years: dict[str, dict], previous_years: dict[str, dict]) -> dict:
        m = self.municipality
        rng = random.Random(f"{m.seed}:huvudman:{start}")
        results = [r for doc in unit_years.values() for r in doc.get("results", [])]
        agg = aggregate(results)
        prev = aggregate(r for doc in previous_years.values() for r in doc.get("results", []))
        active = [u for u in m.units if u.active(start)]
        turnover = sum(1 for u in active if start - 1 in u.principals and u.principals[start - 1] != u.principals[start])
        data: dict = {"school_year": school_year(start)}
        if m.name:
            data["municipality"] = m.name
        data["summary"] = self.summary(start, agg, prev, active, unit_years)
        data["goal_areas"] = [
            {"id": area["id"], "name": area["name"], "description": area["description"], "goals": [
                {"id": goal["id"], "text": goal["text"], "indicators": goal["indicators"], "direction": goal["direction"],
                 **({"target": float(goal["target"])} if "target" in goal else {})}
                for goal in area["goals"]]}
            for area in GOAL_AREAS]
        data["priorities"] = [PRIORITIES[(start + i) % len(PRIORITIES)] for i in range(3)]
        data["recommendations"] = [RECOMMENDATIONS[(start + i) % len(RECOMMENDATIONS)] for i in range(2)]
        data["analysis"] = self.analysis(start, agg, prev, turnover, rng)
        data["improvement_areas"] = self.improvement_areas(start, rng, agg, prev)
        if m.last - recommendations.STRUCTURED_FROM_END <= start:
            data["recommendations"] = recommendations.structured(start, data["improvement_areas"], start == m.last)
        data["development_areas"] = [
            {"id": strategy["id"], "title": strategy["title"],
             "desired_quality": DEVELOPMENT_TEXTS[strategy["id"]]["desired"][0],
             "actions_taken": rng.choice(DEVELOPMENT_TEXTS[strategy["id"]]["actions"]),
             "result": rng.choice(DEVELOPMENT_TEXTS[strategy["id"]]["results"]),
             "future_needs": rng.choice(DEVELOPMENT_TEXTS[strategy["id"]]["future"])}
            for strategy in STRATEGIES]
        data["self_assessment"] = [
            {"strategy": strategy["id"], "criteria": [
                {"id": criterion["id"], "scores": {"U": round_half_up(clamp(3.2 + 0.15 * (start - m.first) + rng.gauss(0, 0.3), 1, 5)),
                                          "VC": round_half_up(clamp(3.3 + 0.15 * (start - m.first) + rng.gauss(0, 0.3), 1, 5))}}
                for criterion in strategy["criteria"]]}
            for strategy in STRATEGIES]
        if rng.random() < 0.35 or (start == m.last - 1 and m.last > m.first):
            data["inspections"] = [owner_inspection(rng, start, m.report_date)]
        data["complaints"] = self.complaints(len(active), rng)
        monthly = self.sick_leave(start, rng)
        if start > m.first:  # the first year's source gives the year's figures only, not each month
            data["sick_leave"] = monthly
        data["staff"] = self.staff(start, monthly)
        data["leadership_turnover"] = turnover
        follow_up = [self.programme_follow_up(p, start) for p in m.programmes if programme_active(p, start)]
        if follow_up:
            data["programme_follow_up"] = follow_up
        if m.last - recommendations.STRUCTURED_FROM_END < start <= m.last and start > m.first:
            data["recommendation_follow_up"] = recommendations.follow_up(start - 1)
        return data

    def summary(self, start: int, agg: dict, prev: dict, active: list[UnitSpec], unit_years: dict) -> str:
        m = self.municipality
        kinds = {}
        for unit in active:
            kinds[unit.kind] = kinds.get(unit.kind, 0) + 1
        counts = []
        for kind, word in (("forskola", "förskoleområden"), ("f6", "F–6-skolor"), ("f3", "F–3-skolor"),
                           ("f9", "F–9-skolor"), ("79", "högstadieskolor"), ("anpassad", "anpassade grundskolor"),
                           ("gy", "gymnasieskolor")):
            if kinds.get(kind):
                counts.append(f"{kinds[kind]} {word if kinds[kind] > 1 else _singular(word)}")
        first = (f"Sammanställningen omfattar {len(active)} enheter: {join(counts)}. Den bygger på enheternas "
                 "kvalitetsplaner och resultat; andelar är räknade på summan av enheternas antal.")
        figures = [s for s in (_agg_sentence(agg, prev, ("meritvarde-ak9", None)),
                               _agg_sentence(agg, prev, ("behorighet-yrkes-ak9", None)),
                               _agg_sentence(agg, prev, ("minst-e-alla-amnen-ak6", None)),
                               _agg_sentence(agg, prev, ("trygghet", "7-9")),
                               _agg_sentence(agg, prev, ("forskola-maluppfyllelse", "förskola"))) if s]
        changes = []
        for unit in m.units:
            if unit.opened and date(start, 7, 1) <= unit.opened <= year_end(start):
                changes.append(f"{unit.name} öppnade {unit.opened.isoformat()}.")
            if unit.closed and unit.closed == year_end(start):
                successor = next((u.name for u in m.units if u.id == unit.successor), unit.successor)
                changes.append(f"{unit.name} stängde vid läsårets slut och gick upp i {successor}.")
        return md(first, " ".join(figures), " ".join(changes))

    def analysis(self, start: int, agg: dict, prev: dict, turnover: int, rng: random.Random) -> dict:
        comparative = " ".join(s for s in (
            _agg_sentence(agg, prev, ("minst-e-alla-amnen-ak9", None)),
            _agg_sentence(agg, prev, ("studiero", "7-9")),
            _agg_sentence(agg, prev, ("franvaro", "7-9")),
        ) if s) or "Det finns inga jämförbara resultat från föregående läsår."
        gaps = [g for g in (gender_gap(_agg_result(agg, "meritvarde-ak9", None)),
                            gender_gap(_agg_result(agg, "trygghet", "7-9"))) if g]
        return {
            "summary": OWNER_ANALYSIS["summary"],
            "comparative": comparative,
            "organisation": (f"Under läsåret bytte {turnover} {'enhet' if turnover == 1 else 'enheter'} rektor eller "
                             "förskolechef. Enheter med låg omsättning i ledningen har bättre förutsättningar för "
                             "undervisningsutveckling, lektionsbesök och sambedömning."),
            "resources": rng.choice(OWNER_ANALYSIS["resources"]),
            "methods": rng.choice(OWNER_ANALYSIS["methods"]),
            "equity": " ".join(gaps + [OWNER_ANALYSIS["equity"]]),
        }

    def improvement_areas(self, start: int, rng: random.Random, agg: dict, prev: dict) -> list[dict]:
        m = self.municipality
        if not self.areas_open:
            self.areas_open = [a["id"] for a in rng.sample(MUNICIPAL_AREAS, 3)]
        current = list(self.areas_open)
        ending = [a for a in current if rng.random() < 0.3] if start < m.last else []
        out = []
        for area_id in current:
            template = next(a for a in MUNICIPAL_AREAS if a["id"] == area_id)
            status = "open" if start == m.last else ("closed" if area_id in ending else "continued")
            area = {key: template[key] for key in ("id", "title", "theme", "goal_area", "background", "expected_effects")}
            area["actions"] = [
                {"description": action["description"], "owner": action["owner"],
                 "start": f"{start}-08", "end": f"{start + 1}-06",  # the owner's plan gives months, not days
                 **({"months": action["months"]} if "months" in action else {}),
                 "scope": action["scope"], "status": "ongoing" if status == "open" else "done"}
                for action in template["actions"]]
            area["follow_up"] = template["follow_up"]
            if status != "open":
                sentence = _agg_sentence(agg, prev, (template["indicators"][0], None)) or ""
                area["effect_assessment"] = (sentence + " " + ("Arbetet fortsätter nästa läsår." if status == "continued"
                                                               else "Området avslutas som förbättringsområde.")).strip()
            area["indicators"] = template["indicators"]
            area["status"] = status
            out.append(area)
        remaining = [a["id"] for a in MUNICIPAL_AREAS if a["id"] not in current]
        self.areas_open = [a for a in current if a not in ending] + remaining[:len(ending)]
        return out

    @staticmethod
    def complaints(units: int, rng: random.Random) -> list[dict]:
        total = max(3, int(round(units * rng.uniform(1.0, 1.6))))
        out = []
        for category in COMPLAINT_CATEGORIES:
            count = max(0, int(round(total * category["share"] + rng.gauss(0, 1))))
            justified = min(count, max(0, int(round(count * category["justified"] + rng.gauss(0, 0.5)))))
            out.append({"category": category["category"], "count": count, "justified": justified})
        return out

    def sick_leave(self, start: int, rng: random.Random) -> list[dict]:
        drift = 0.15 * (start - 2022)
        women_base, men_base = 7.2 + drift + rng.gauss(0, 0.2), 4.4 + rng.gauss(0, 0.2)
        out = []
        for month in (8, 9, 10, 11, 12, 1, 2, 3, 4, 5, 6):
            year = start if month >= 7 else start + 1
            season = SEASON[month]
            women = clamp(women_base * season + rng.gauss(0, 0.25), 1, 30)
            men = clamp(men_base * season + rng.gauss(0, 0.3), 0.5, 30)
            total = 0.78 * women + 0.22 * men
            for group, value in (("total", total), ("women", women), ("men", men)):
                short = value * clamp(0.42 * season + rng.gauss(0, 0.03), 0.2, 0.8)
                out.append({"month": f"{year}-{month:02d}", "group": group, "total": round_half_up(value),
                            "short_term": round_half_up(min(short, value))})
        return out

    def staff(self, start: int, monthly: list[dict]) -> list[dict]:
        """Staff figures for the whole year, as an HR department reports them: sick leave (the months' mean),
        short-term sick leave and staff turnover; the first year also gives the year before, to compare with."""
        rng = random.Random(f"{self.municipality.seed}:personal:{start}")
        source = f"HR-avdelningen, personalbokslut {start + 1}"

        def mean(group: str, key: str = "total") -> float:
            values = [m[key] for m in monthly if m["group"] == group]
            return round_half_up(sum(values) / len(values))

        out = [{"measure": "Sjukfrånvaro", "unit": "percent", "total": mean("total"), "women": mean("women"),
                "men": mean("men"), "source": source},
               {"measure": "Korttidssjukfrånvaro", "unit": "percent", "total": mean("total", "short_term"),
                "source": source},
               {"measure": "Personalomsättning", "unit": "percent",
                "total": round_half_up(11.5 + rng.gauss(0, 1.2)), "source": source}]
        if start == self.municipality.first:
            before = out[0]
            out.insert(0, {"measure": "Sjukfrånvaro", "period": school_year(start - 1), "unit": "percent",
                           "total": round_half_up(before["total"] - 0.5 + rng.gauss(0, 0.1)), "source": source})
        return out

    def programme_follow_up(self, programme: dict, start: int) -> dict:
        begins = first_day(programme["start"])
        index = start - (begins.year if begins.month >= 7 else begins.year - 1)
        ends = programme.get("end")
        last_year = bool(ends and last_day(ends) <= year_end(start))
        texts = PROGRAMME_FOLLOW_UP.get(programme["id"], PROGRAMME_FOLLOW_UP["default"])
        stage = "first" if index <= 0 else "last" if last_year else "middle"
        assessment, qualitative = texts[stage]["assessment"], texts[stage]["qualitative_effects"]
        return {"programme": programme["id"], "assessment": assessment, "qualitative_effects": qualitative}


def _singular(word: str) -> str:
    return {"förskoleområden": "förskoleområde", "F–6-skolor": "F–6-skola", "F–3-skolor": "F–3-skola",
            "F–9-skolor": "F–9-skola", "högstadieskolor": "högstadieskola",
            "anpassade grundskolor": "anpassad grundskola", "gymnasieskolor": "gymnasieskola"}[word]


def _agg_result(agg: dict, indicator: str, stage: str | None) -> dict | None:
    groups = agg.get((indicator, stage))
    if not groups or not {"girls", "boys"} <= set(groups):
        return None
    result = {"indicator": indicator}
    for group in ("girls", "boys"):
        result[group] = {"value": round_half_up(groups[group][0])}
    return result
