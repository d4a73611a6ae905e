"""Which results a unit reports each year, and the model that draws them from its size and quality."""

from __future__ import annotations

import math
import random
from typing import TYPE_CHECKING

from .figures import MIN_GROUP, clamp, mean_result, ratio_figure, ratio_result, round_half_up, without_newcomers
from .text import INDICATORS
from .years import school_year

if TYPE_CHECKING:
    from .units import UnitSpec

# (indicator, stage) → mean, weight of unit quality, yearly noise, girls minus boys, trend per year, min, max
PARAMS: dict[tuple[str, str | None], tuple[float, float, float, float, float, float, float]] = {
    ("meritvarde-ak9", None): (226, 14, 4, 19, 1.0, 170, 290),
    ("behorighet-yrkes-ak9", None): (86.5, 4.5, 2, 3.5, 0.4, 60, 100),
    ("minst-e-alla-amnen-ak6", None): (80, 6, 3, 3, 0.3, 50, 100),
    ("nationella-prov-ma-ak6", None): (85, 5, 3, 0, 0.3, 55, 100),
    ("nationella-prov-sv-ak3", None): (79, 6, 3, 5, 0.2, 50, 100),
    ("trygghet", "F-3"): (90, 3, 2, 1, 0.2, 70, 99),
    ("trygghet", "4-6"): (86, 4, 2, 0, 0.2, 65, 98),
    ("trygghet", "7-9"): (80, 5, 2, -3, 0.3, 58, 96),
    ("trygghet", "gy 2"): (86, 3, 2, -1, 0.2, 65, 97),
    ("trygghet", None): (88, 3, 3, 0, 0.1, 65, 98),
    ("studiero", "F-3"): (73, 5, 3, 3, 0.4, 50, 92),
    ("studiero", "4-6"): (68, 5, 3, 2, 0.5, 48, 90),
    ("studiero", "7-9"): (63, 6, 3, -2, 0.6, 45, 88),
    ("studiero", "gy 2"): (71, 5, 3, 0, 0.3, 50, 90),
    ("nojdhet", "F-3"): (88, 3, 2, 1, 0.1, 68, 98),
    ("nojdhet", "4-6"): (82, 4, 2, 1, 0.2, 60, 96),
    ("nojdhet", "7-9"): (72, 6, 3, -2, 0.4, 50, 92),
    ("nojdhet", "gy 2"): (78, 5, 2, 0, 0.3, 55, 94),
    ("nojdhet", None): (86, 4, 3, 0, 0.1, 60, 98),
    ("inflytande", "4-6"): (72, 5, 3, 2, 0.3, 50, 92),
    ("inflytande", "7-9"): (60, 6, 3, 0, 0.5, 40, 85),
    ("inflytande", "gy 2"): (64, 5, 3, 1, 0.3, 45, 86),
    ("fritids-nojdhet", "F-3"): (86, 4, 2, 1, 0.2, 62, 98),
    ("fritids-nojdhet", "4-6"): (80, 5, 3, 0, 0.2, 55, 96),
    ("fritids-trygghet", "F-3"): (88, 3, 2, 0, 0.2, 68, 99),
    ("fritids-studiero", "F-3"): (64, 7, 4, 3, 0.5, 35, 90),
    ("forskola-sprak", "förskola"): (88, 3, 1.5, 3, 0.2, 72, 98),
    ("forskola-lek-samspel", "förskola"): (92, 2.5, 1.5, 3, 0.1, 78, 99),
    ("forskola-naturvetenskap-teknik", "förskola"): (90, 3, 1.5, 1, 0.2, 75, 99),
    ("forskola-matematik", "förskola"): (90, 3, 1.5, 1, 0.2, 75, 99),
    ("vardnadshavare-nojdhet-forskola", "förskola"): (90, 3, 2, 0, 0.1, 70, 99),
    ("vardnadshavare-trygghet-forskola", "förskola"): (93, 2, 1.5, 0, 0.1, 78, 99),
    ("gymnasie-examen", None): (71, 5, 2, 5, 0.4, 50, 92),
    ("hogskolebehorighet-gy", None): (60, 6, 2, 9, 0.3, 35, 85),
    ("behoriga-larare", None): (80, 6, 3, 0, 0.5, 55, 99),
    ("behoriga-forskollarare", None): (44, 8, 3, 0, 0.6, 20, 80),
    ("medarbetare-ledarskap", None): (76, 7, 5, 0, 0.5, 40, 97),
    ("medarbetare-trivsel", None): (80, 6, 4, 0, 0.4, 45, 97),
}

FRANVARO = {"F-3": 5.4, "F-6": 5.9, "7-9": 8.6, "F-9": 7.1, None: 8.8, "gy": 10.2}

# Results every unit of a kind reports, then optional ones from which each unit picks a fixed set.
CORE: dict[str, list[tuple[str, str | None]]] = {
    "forskola": [("forskola-maluppfyllelse", "förskola"), ("forskola-sprak", "förskola"),
                 ("forskola-matematik", "förskola"), ("vardnadshavare-nojdhet-forskola", "förskola"),
                 ("vardnadshavare-trygghet-forskola", "förskola"), ("behoriga-forskollarare", None),
                 ("medarbetare-trivsel", None)],
    "f6": [("minst-e-alla-amnen-ak6", None), ("nationella-prov-ma-ak6", None), ("trygghet", "F-3"),
           ("trygghet", "4-6"), ("studiero", "4-6"), ("nojdhet", "4-6"), ("franvaro", "F-6"),
           ("medarbetare-trivsel", None)],
    "f3": [("nationella-prov-sv-ak3", None), ("trygghet", "F-3"), ("studiero", "F-3"), ("nojdhet", "F-3"),
           ("fritids-nojdhet", "F-3"), ("fritids-trygghet", "F-3"), ("fritids-studiero", "F-3"),
           ("franvaro", "F-3"), ("medarbetare-trivsel", None)],
    "79": [("meritvarde-ak9", None), ("behorighet-yrkes-ak9", None), ("behorighet-hogskola-ak9", None),
           ("minst-e-alla-amnen-ak9", None), ("trygghet", "7-9"), ("studiero", "7-9"), ("nojdhet", "7-9"),
           ("franvaro", "7-9"), ("salsa-avvikelse", None)],
    "f9": [("meritvarde-ak9", None), ("behorighet-yrkes-ak9", None), ("behorighet-hogskola-ak9", None),
           ("minst-e-alla-amnen-ak9", None), ("minst-e-alla-amnen-ak6", None), ("trygghet", "F-3"),
           ("trygghet", "4-6"), ("trygghet", "7-9"), ("studiero", "7-9"), ("franvaro", "F-9")],
    "anpassad": [("trygghet", None), ("nojdhet", None), ("franvaro", None), ("medarbetare-trivsel", None)],
    "gy": [("gymnasie-examen", None), ("gy-betygspoang", None), ("hogskolebehorighet-gy", None),
           ("trygghet", "gy 2"), ("studiero", "gy 2"), ("nojdhet", "gy 2"), ("franvaro", "gy")],
}
OPTIONAL: dict[str, list[tuple[str, str | None]]] = {
    "forskola": [("forskola-lek-samspel", "förskola"), ("forskola-naturvetenskap-teknik", "förskola"),
                 ("medarbetare-ledarskap", None)],
    "f6": [("studiero", "F-3"), ("inflytande", "4-6"), ("nationella-prov-sv-ak3", None),
           ("fritids-nojdhet", "F-3"), ("behoriga-larare", None), ("medarbetare-ledarskap", None),
           ("nojdhet", "F-3")],
    "f3": [("behoriga-larare", None), ("medarbetare-ledarskap", None)],
    "79": [("inflytande", "7-9"), ("behoriga-larare", None), ("medarbetare-trivsel", None),
           ("medarbetare-ledarskap", None)],
    "f9": [("nationella-prov-ma-ak6", None), ("nojdhet", "7-9"), ("inflytande", "7-9"), ("studiero", "4-6"),
           ("behoriga-larare", None), ("medarbetare-trivsel", None)],
    "anpassad": [("behoriga-larare", None), ("medarbetare-ledarskap", None)],
    "gy": [("inflytande", "gy 2"), ("behoriga-larare", None), ("medarbetare-trivsel", None),
           ("medarbetare-ledarskap", None)],
}
SKOLENKATEN_STAGES = {"f6": ["åk 5"], "79": ["åk 8"], "f9": ["åk 5", "åk 8"], "gy": ["gy 2"]}
PRESCHOOL_AREAS = ["forskola-sprak", "forskola-lek-samspel", "forskola-naturvetenskap-teknik", "forskola-matematik"]
SURVEY_GRADES = {"F-3": 4, "4-6": 3, "7-9": 3, "gy 2": 1, None: 1}


def choose_extras(rng: random.Random, kind: str) -> tuple[str, ...]:
    """A unit's fixed pick of optional results, as "indicator@stage" strings."""
    options = OPTIONAL.get(kind, [])
    count = min(len(options), rng.choice([0, 1, 1, 2, 2, 3]))
    chosen = rng.sample(range(len(options)), count)
    return tuple(f"{options[i][0]}@{options[i][1] or ''}" for i in sorted(chosen))


def plan_for(unit: UnitSpec, start: int) -> list[tuple[str, str | None]]:
    """Which (indicator, stage) results a unit reports in a school year, in display order."""
    plan = list(CORE[unit.kind])
    for extra in unit.extras:
        indicator, stage = extra.split("@")
        plan.append((indicator, stage or None))
    if start % 2 == 0:  # Skolenkäten runs every other spring (VT 2023, VT 2025, …)
        plan += [("skolenkaten-trygghet", stage) for stage in SKOLENKATEN_STAGES.get(unit.kind, [])]
    return sorted(plan, key=lambda item: (_ORDER[item[0]], _STAGE_ORDER.get(item[1], 0)))


_ORDER = {item["id"]: i for i, item in enumerate(INDICATORS)}
_STAGE_ORDER = {stage: i for i, stage in enumerate(["förskola", "F-3", "4-6", "7-9", "F-6", "F-9", "åk 5", "åk 8", "gy 2"])}


def _split(rng: random.Random, total: int, girls_share: float = 0.49) -> tuple[int, int]:
    """``total`` pupils as (girls, boys), around ``girls_share`` girls."""
    girls = int(round(total * girls_share + rng.gauss(0, math.sqrt(max(total, 1)) * 0.35)))
    girls = min(max(girls, 0), total)
    return girls, total - girls


class ResultModel:
    """Draws one unit's results year by year from its size, quality and a slow municipal trend."""

    def __init__(self, unit: UnitSpec, rng: random.Random, first: int):
        self.unit = unit
        self.rng = rng
        self.first = first

    def level(self, indicator: str, stage: str | None, start: int) -> tuple[float, float, float, float]:
        """(girls' rate, boys' rate, low, high) for this unit and year."""
        mean, weight, noise, gap, trend, low, high = PARAMS[(indicator, stage)]
        base = mean + self.unit.quality * weight + trend * (start - 2022) + self.rng.gauss(0, noise)
        first, points = self.unit.uplift.get(indicator, (None, 0.0))
        if first is not None and start >= first:
            base += points
        return base + gap / 2, base - gap / 2, low, high

    def counts(self, rates: tuple[float, float], low: float, high: float, groups: tuple[int, int]) -> tuple:
        out = []
        for rate, n in zip(rates, groups):
            if n <= 0:
                out.append((0, 0))
                continue
            sampled = rate + self.rng.gauss(0, 100 * math.sqrt(max(rate * (100 - rate), 1) / 1e4 / n) * 0.5)
            share = clamp(sampled, low, high) / 100
            out.append((min(n, max(0, int(round(share * n)))), n))
        return tuple(out)

    def cohort(self, factor: float = 1.0) -> int:
        return max(1, int(round(self.unit.size * factor * (1 + self.rng.gauss(0, 0.07)))))

    def results(self, start: int) -> list[dict]:
        unit, rng = self.unit, self.rng
        spring = f"VT {start + 1}"
        autumn = f"HT {start}"
        out: list[dict] = []
        plan = plan_for(unit, start)
        planned = set(plan)
        ak9 = None
        for indicator, stage in plan:
            if indicator in ("behorighet-yrkes-ak9", "behorighet-hogskola-ak9", "minst-e-alla-amnen-ak9"):
                if ak9 is None:
                    ak9 = self.year9(start, spring)
                out.append(ak9[indicator])
            elif indicator == "meritvarde-ak9":
                if ak9 is None:
                    ak9 = self.year9(start, spring)
                out.append(ak9[indicator])
            elif indicator == "salsa-avvikelse":
                n = sum(f.get("denominator", 0) for f in [(ak9 or {}).get("meritvarde-ak9", {}).get("total", {})])
                value = round_half_up(clamp(unit.quality * 7 + rng.gauss(0, 4), -60, 60), 1)
                result = {"indicator": indicator, "window": spring}
                if n >= 15:
                    result["total"] = {"value": value}
                else:
                    result["total"] = {"status": "too_few"}
                    result["note"] = "SALSA beräknas inte för skolor med färre än 15 elever i årskurs 9."
                out.append(result)
            elif indicator == "franvaro":
                grades = {"F-3": 4, "F-6": 7, "7-9": 3, "F-9": 10, "gy": 3, None: 1}[stage]
                pupils = self.cohort(grades)
                girls, boys = _split(rng, pupils)
                base = FRANVARO[stage] - unit.quality * 0.6 + rng.gauss(0, 0.5) - 0.1 * (start - 2022)
                gap = 0.6 if stage in ("7-9", "F-9", "gy") else 0.2
                display_stage = None if stage in ("gy", None) else stage
                out.append(mean_result(indicator, display_stage, f"läsåret {school_year(start)}",
                                       ((girls, clamp(base + gap / 2, 1, 40)), (boys, clamp(base - gap / 2, 1, 40)))))
            elif indicator == "gy-betygspoang":
                examen = next((r for r in out if r["indicator"] == "gymnasie-examen"), None)
                if examen and "numerator" in examen.get("girls", {}):
                    girls, boys = examen["girls"]["numerator"], examen["boys"]["numerator"]
                else:
                    girls, boys = _split(rng, int(self.cohort() * 0.7), 0.5)
                base = 14.1 + unit.quality * 0.5 + rng.gauss(0, 0.2) + 0.05 * (start - 2022)
                out.append(mean_result(indicator, None, spring,
                                       ((girls, clamp(base + 0.4, 10, 20)), (boys, clamp(base - 0.4, 10, 20)))))
            elif indicator == "skolenkaten-trygghet":
                grade_pupils = self.cohort()
                respondents = _split(rng, int(grade_pupils * rng.uniform(0.7, 0.9)))
                base = 7.6 + unit.quality * 0.35 + rng.gauss(0, 0.2) - (0.6 if stage in ("åk 8", "åk 9") else 0)
                out.append(mean_result(indicator, stage, spring,
                                       ((respondents[0], clamp(base - 0.1, 0, 10)), (respondents[1], clamp(base + 0.1, 0, 10)))))
            elif indicator == "forskola-maluppfyllelse":
                out.extend(self.preschool(start, spring, planned))
            elif indicator in PRESCHOOL_AREAS:
                continue  # drawn together with forskola-maluppfyllelse
            elif indicator in ("behoriga-larare", "behoriga-forskollarare", "medarbetare-ledarskap", "medarbetare-trivsel"):
                out.append(self.staff(indicator, start, autumn if indicator.startswith("behoriga") else spring))
            else:
                out.append(self.pupils(indicator, stage, start, spring))
        return out

    def pupils(self, indicator: str, stage: str | None, start: int, window: str) -> dict:
        unit, rng = self.unit, self.rng
        girls_rate, boys_rate, low, high = self.level(indicator, stage, start)
        if indicator in ("trygghet", "studiero", "nojdhet", "inflytande") or indicator.startswith("fritids-"):
            grades = SURVEY_GRADES.get(stage, 1)
            if unit.kind == "anpassad":
                pupils = unit.size
            else:
                pupils = self.cohort(grades * (0.8 if indicator.startswith("fritids-") and stage == "4-6" else 1))
            if indicator.startswith("fritids-") and unit.kind != "f3":
                pupils = int(pupils * (0.75 if stage == "F-3" else 0.35))
            respondents = int(round(pupils * rng.uniform(0.72, 0.93) if unit.kind != "anpassad" else pupils * rng.uniform(0.85, 1)))
            groups = _split(rng, respondents)
            if rng.random() < 0.01 and unit.kind != "anpassad":
                result = {"indicator": indicator}
                if stage:
                    result["stage"] = stage
                result.update(window=window, total={"status": "missing"},
                              note="Enkäten genomfördes inte i den här gruppen detta läsår.")
                return result
            window = window if not indicator.startswith("fritids-") else f"HT {start}"
        else:  # grades and national tests in one year group
            groups = _split(rng, self.cohort())
            if indicator.startswith("nationella-prov"):
                groups = tuple(max(0, g - rng.randint(0, 2)) for g in groups)
        counts = self.counts((girls_rate, boys_rate), low, high, groups)
        return ratio_result(indicator, stage, window, counts)

    def year9(self, start: int, window: str) -> dict[str, dict]:
        """Merit value, eligibility and minst E for year 9, drawn together so they agree."""
        rng = self.rng
        groups = _split(rng, self.cohort())
        girls_rate, boys_rate, low, high = self.level("behorighet-yrkes-ak9", None, start)
        yrkes = self.counts((girls_rate, boys_rate), low, high, groups)
        hogskola = tuple((max(0, n - int(round(d * rng.uniform(0.005, 0.03)))), d) for n, d in yrkes)
        minst_e = tuple((max(0, n - int(round(d * rng.uniform(0.06, 0.10)))), d) for n, d in hogskola)
        merit_g, merit_b, m_low, m_high = self.level("meritvarde-ak9", None, start)
        shift = ((girls_rate + boys_rate) / 2 - 86.5) * 1.1
        merits = tuple(clamp(m + shift + rng.gauss(0, 40 / math.sqrt(max(d, 1))), m_low, m_high)
                       for m, (_, d) in zip((merit_g, merit_b), yrkes))
        return {
            "meritvarde-ak9": mean_result("meritvarde-ak9", None, window, ((groups[0], merits[0]), (groups[1], merits[1]))),
            "behorighet-yrkes-ak9": without_newcomers(
                ratio_result("behorighet-yrkes-ak9", None, window, yrkes, rounded_below=3)),
            "behorighet-hogskola-ak9": ratio_result("behorighet-hogskola-ak9", None, window, hogskola, rounded_below=3),
            "minst-e-alla-amnen-ak9": ratio_result("minst-e-alla-amnen-ak9", None, window, minst_e),
        }

    def preschool(self, start: int, window: str, planned: set) -> list[dict]:
        """Goal attainment per knowledge area (those planned) and the share reaching all of them."""
        rng = self.rng
        children = _split(rng, int(self.cohort() * 0.6), 0.49)
        shares, out = [], []
        for indicator in PRESCHOOL_AREAS:
            girls_rate, boys_rate, low, high = self.level(indicator, "förskola", start)
            counts = self.counts((girls_rate, boys_rate), low, high, children)
            shares.append(counts)
            if (indicator, "förskola") in planned:
                out.append(ratio_result(indicator, "förskola", window, counts))
        every = []  # reaching every area: somewhat below the weakest area
        for g in range(2):
            n = children[g]
            weakest = min(s[g][0] for s in shares)
            every.append((max(0, weakest - int(round(n * rng.uniform(0.02, 0.07)))), n))
        return [ratio_result("forskola-maluppfyllelse", "förskola", window, tuple(every))] + out

    def staff(self, indicator: str, start: int, window: str) -> dict:
        unit, rng = self.unit, self.rng
        rate, _, low, high = self.level(indicator, None, start)
        if unit.kind == "forskola":
            staff = max(4, int(unit.size / 5.2))
        elif unit.kind == "anpassad":
            staff = max(3, int(unit.size / (3.5 if indicator.startswith("behoriga") else 1.2)))
        else:
            grades = {"f6": 7, "f3": 4, "79": 3, "f9": 10, "gy": 3}[unit.kind]
            staff = max(3, int(unit.size * grades / 12))
        if indicator.startswith("medarbetare"):
            staff = int(round(staff * (1.3 if unit.kind not in ("forskola", "anpassad") else 1.0) * rng.uniform(0.75, 0.92)))
        share = clamp(rate + rng.gauss(0, 2), low, high) / 100
        numerator = min(staff, int(round(share * staff)))
        result = {"indicator": indicator, "window": window}
        if staff < MIN_GROUP:
            result["total"] = {"status": "too_few"}
            result["note"] = f"Färre än {MIN_GROUP} svarande; resultatet redovisas inte."
        else:
            result["total"] = ratio_figure(numerator, staff)
        return result
