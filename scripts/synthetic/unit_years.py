"""A unit's plan for each school year it is active: results, goals, analysis, improvement work."""

from __future__ import annotations

import math
import random
from datetime import date, timedelta

from .figures import TOO_FEW, clamp, find, round_half_up, total_value
from .inspections import unit_inspection
from .municipality import Municipality
from .results import ResultModel
from .text import (DEVELOPMENT_TEXTS, GOAL_TEXT, IMPROVEMENT_BY_ID, IMPROVEMENT_POOL, INDICATOR_BY_ID, PHRASE,
                   STRATEGIES, UNIT_ANALYSIS)
from .units import UnitSpec
from .wording import describe, gender_gap, join
from .years import school_year, term_end, term_start

HEADLINE = {"forskola": "forskola-maluppfyllelse", "f6": "minst-e-alla-amnen-ak6", "f3": "nationella-prov-sv-ak3",
            "79": "meritvarde-ak9", "f9": "meritvarde-ak9", "anpassad": "trygghet", "gy": "gymnasie-examen"}
"""The result a unit's summary starts with, by kind."""


def _group(kind: str) -> str:
    """The group of kinds whose texts a unit draws from: "forskola", "gy" or "school"."""
    return "forskola" if kind == "forskola" else "gy" if kind == "gy" else "school"


class UnitYears:
    """Builds one unit's plan for every school year it is active, carrying history from year to year."""

    def __init__(self, unit: UnitSpec, municipality: Municipality):
        self.unit = unit
        self.municipality = municipality
        self.rng = random.Random(f"{municipality.seed}:{unit.id}")
        self.model = ResultModel(unit, self.rng, municipality.first)
        self.years = [y for y in municipality.years if unit.active(y)]
        self.history: dict[tuple[str, str | None], float] = {}
        self.area_plan = self._plan_areas()

    def _plan_areas(self) -> dict[int, list[str]]:
        pool = [a["id"] for a in IMPROVEMENT_POOL if self.unit.kind in a["kinds"]]
        plan: dict[int, list[str]] = {}
        current: list[str] = []
        age: dict[str, int] = {}
        for year in self.years:
            kept = [a for a in current if age[a] < 3 and self.rng.random() < 0.6]
            fresh = [a for a in pool if a not in current]
            self.rng.shuffle(fresh)
            target = self.rng.choice([1, 1, 1, 1, 2, 2, 3]) if len(pool) > 1 else 1
            current = (kept + fresh)[:max(target, min(len(kept), 2))]
            for area in current:
                age[area] = age.get(area, 0) + 1 if area in kept else 1
            plan[year] = current
        return plan

    def documents(self) -> dict[int, dict]:
        return {year: self.document(year) for year in self.years}

    def document(self, start: int) -> dict:
        unit, rng = self.unit, self.rng
        results = self.model.results(start)
        data: dict = {"unit": unit.id, "school_year": school_year(start), "principal": unit.principals[start]}
        data["summary"] = self.summary(start, results)
        data["results"] = results
        goals = self.goals(start, results)
        if goals:
            data["goals"] = goals
        data["analysis"] = self.analysis(start, results)
        data["improvement_areas"] = [self.improvement_area(area, start, results) for area in self.area_plan[start]]
        if rng.random() < 0.4:
            data["development_areas"] = [self.development_area(start)]
        data["self_assessment"] = self.self_assessment(start)
        if rng.random() < self.municipality.inspection_rate:
            data["inspections"] = [unit_inspection(rng, unit, start, self.municipality.report_date)]
        for result in results:
            value = total_value(result)
            if value is not None:
                self.history[(result["indicator"], result.get("stage"))] = value
            else:
                self.history.pop((result["indicator"], result.get("stage")), None)
        return data

    def previous(self, result: dict) -> float | None:
        return self.history.get((result["indicator"], result.get("stage")))

    def summary(self, start: int, results: list[dict]) -> str:
        unit, rng = self.unit, self.rng
        group = _group(unit.kind)
        focus = rng.choice(UNIT_ANALYSIS["focus"][group])
        areas = [IMPROVEMENT_BY_ID[a]["title"].lower() for a in self.area_plan[start]]
        parts = [f"Läsåret {school_year(start)} präglades av {focus}."]
        headline = find(results, HEADLINE[unit.kind])
        if headline:
            parts.append(describe(headline, self.previous(headline)))
        parts.append(f"Förbättringsarbetet har handlat om {join(areas)}.")
        programmes = self.municipality.programmes_for(unit.id, start)
        if programmes:
            parts.append(f"Enheten deltar i {join([p['name'] for p in programmes])}.")
        if unit.opened >= date(start, 7, 1):
            parts.append("Det var enhetens första läsår.")
        if start in unit.notes:
            parts.append(unit.notes[start])
        return " ".join(parts)

    def goals(self, start: int, results: list[dict]) -> list[dict]:
        goals, seen = [], set()
        for area in self.area_plan[start]:
            for indicator in IMPROVEMENT_BY_ID[area]["indicators"]:
                result = find(results, indicator)
                if result is None or indicator in seen or indicator not in GOAL_TEXT:
                    continue
                seen.add(indicator)
                goal = {"id": f"{indicator}-ska-{'minska' if indicator == 'franvaro' else 'oka'}",
                        "text": GOAL_TEXT[indicator], "indicators": [indicator]}
                value = total_value(result)
                if indicator == "franvaro":
                    goal["direction"] = "decrease"
                    if value is not None:
                        goal["target"] = round_half_up(max(value - 1, 1), 0)
                else:
                    goal["direction"] = "increase"
                    if value is not None and INDICATOR_BY_ID[indicator]["unit"] == "percent":
                        goal["target"] = float(min(98, math.ceil(value + self.rng.choice([2, 3, 5]))))
                goals.append(goal)
                break
        return goals[:1]

    def analysis(self, start: int, results: list[dict]) -> dict:
        unit, rng = self.unit, self.rng
        group = _group(unit.kind)
        comparisons = []
        for result in results:
            previous = self.previous(result)
            if previous is not None and total_value(result) is not None and result["indicator"] in PHRASE:
                comparisons.append((abs(total_value(result) - previous), result, previous))
        comparisons.sort(key=lambda item: -item[0])
        comparative = " ".join(describe(result, previous) for _, result, previous in comparisons[:rng.choice([1, 2])])
        if not comparative:
            comparative = ("Det finns inga resultat från föregående läsår att jämföra med, så årets resultat blir "
                           "utgångsläget för kommande uppföljningar.")
        organisation = rng.choice(UNIT_ANALYSIS["organisation"][group])
        if start > self.municipality.first and unit.principals.get(start - 1, unit.principals[start]) != unit.principals[start]:
            organisation = (f"Enheten fick en ny {'förskolechef' if group == 'forskola' else 'rektor'} inför läsåret, "
                            "vilket gjorde att delar av utvecklingsarbetet kom igång senare än planerat. " + organisation)
        staff = find(results, "behoriga-forskollarare" if group == "forskola" else "behoriga-larare")
        resources = rng.choice(UNIT_ANALYSIS["resources"][group])
        if staff and total_value(staff) is not None:
            resources = describe(staff, self.previous(staff)) + " " + resources
        gap = gender_gap(find(results, HEADLINE[unit.kind]))
        equity = " ".join(x for x in (gap, rng.choice(UNIT_ANALYSIS["equity"][group])) if x)
        if gap is None and any(r.get("girls") == TOO_FEW and r.get("total") != TOO_FEW for r in results):
            equity = ("Resultaten per kön redovisas inte för alla indikatorer eftersom grupperna är mindre än tio elever. "
                      + equity)
        analysis = {
            "summary": rng.choice(UNIT_ANALYSIS["summaries"]),
            "comparative": comparative,
            "organisation": organisation,
            "resources": resources,
            "methods": rng.choice(UNIT_ANALYSIS["methods"][group]),
            "equity": equity,
        }
        # Plans rarely write every perspective every year: keep one of organisation, resources and methods.
        kept = "organisation" if organisation.startswith("Enheten fick en ny") else rng.choice(
            ["organisation", "resources", "methods"])
        for key in ("organisation", "resources", "methods"):
            if key != kept:
                del analysis[key]
        return analysis

    def improvement_area(self, area_id: str, start: int, results: list[dict]) -> dict:
        rng = self.rng
        template = IMPROVEMENT_BY_ID[area_id]
        indicators = [i for i in template["indicators"] if find(results, i)] or [template["indicators"][0]]
        indicators = [i for i in indicators if i in INDICATOR_BY_ID][:2]
        final = start == self.years[-1]
        if final and start == self.municipality.last and self.unit.closed is None:
            status = "open"
        elif not final and area_id in self.area_plan.get(start + 1, []):
            status = "continued"
        else:
            status = "closed"
        area: dict = {"id": area_id, "title": template["title"], "theme": template["theme"],
                      "goal_area": template["goal_area"], "background": template["background"],
                      "expected_effects": template["expected_effects"]}
        actions = []
        count = min(len(template["actions"]), rng.choice([1, 1, 1, 2]))
        for i, planned in enumerate(template["actions"][:count]):
            begins = term_start(start) + timedelta(days=rng.choice([0, 0, 7, 14, 21]))
            ends = date(start, 12, 20) if rng.random() < 0.25 else term_end(start)
            action: dict = {"description": planned["description"], "owner": planned["owner"],
                            "start": begins.isoformat(), "end": ends.isoformat(), "scope": planned["scope"]}
            if rng.random() < 0.3:
                action["indicators"] = indicators[:1]
            if status == "open":
                action["status"] = "ongoing" if i == 0 or rng.random() < 0.6 else "planned"
            else:
                action["status"] = "cancelled" if rng.random() < 0.06 else "done"
            actions.append(action)
        area["actions"] = actions
        area["follow_up"] = template["follow_up"]
        if "effect_chain" in template:
            area["effect_chain"] = self.effect_chain(template["effect_chain"], area_id, start, indicators)
        if status != "open":
            area["effect_assessment"] = self.effect(indicators, results, status)
        area["indicators"] = indicators
        area["status"] = status
        return area

    def effect_chain(self, steps: list[dict], area_id: str, start: int, indicators: list[str]) -> list[dict]:
        """The template's chain, the same every year of the area: its results measured by the area's indicators
        against the school year before the area began, followed up in its first two years."""
        first = start
        while area_id in self.area_plan.get(first - 1, []):
            first -= 1
        chain = []
        for step in steps:
            out = {key: step[key] for key in ("step", "text") if key in step}
            if step["step"] == "results":
                out["indicators"] = indicators[:1]
            out.update((key, step[key]) for key in ("observations", "direction") if key in step)
            if step["step"] in ("practice", "results"):
                out.update(baseline=school_year(first - 1), follow_up=[school_year(first), school_year(first + 1)])
            chain.append(out)
        return chain

    def effect(self, indicators: list[str], results: list[dict], status: str) -> str:
        sentences = []
        for indicator in indicators:
            result = find(results, indicator)
            if result is None:
                continue
            previous = self.previous(result)
            value = total_value(result)
            sentences.append(describe(result, previous))
            if previous is not None and value is not None:
                better = INDICATOR_BY_ID[indicator]["better"]
                improved = (value > previous) if better == "higher" else (value < previous)
                sentences.append("Resultatet pekar i önskad riktning." if improved
                                 else "Resultatet har ännu inte förbättrats.")
            break
        sentences.append("Området fortsätter nästa läsår med justerade åtgärder." if status == "continued"
                         else "Området avslutas och arbetssätten ingår nu i den ordinarie verksamheten.")
        return " ".join(sentences)

    def development_area(self, start: int) -> dict:
        rng = self.rng
        strategy = STRATEGIES[(start + len(self.unit.id)) % len(STRATEGIES)]
        texts = DEVELOPMENT_TEXTS[strategy["id"]]
        return {"id": strategy["id"], "title": strategy["title"], "desired_quality": texts["desired"][0],
                "actions_taken": rng.choice(texts["actions"]), "result": rng.choice(texts["results"]),
                "future_needs": rng.choice(texts["future"])}

    def self_assessment(self, start: int) -> list[dict]:
        """One of the four strategies each year (in turn), scored by the principal or preschool head."""
        rng = self.rng
        role = "FL" if self.unit.kind == "forskola" else "R"
        offset = start % len(STRATEGIES)
        out = []
        for strategy in STRATEGIES[offset:offset + 1]:
            base = 3.0 + self.unit.quality * 0.4 + 0.2 * (start - self.municipality.first)
            out.append({"strategy": strategy["id"], "criteria": [
                {"id": criterion["id"], "scores": {role: int(clamp(round(base + rng.gauss(0, 0.6)), 1, 5))}}
                for criterion in strategy["criteria"]]})
        return out
