"""The owner's improvement areas measured (``analysis.area_effect``): the municipality's areas as rows of the year
summary's "Effekt av insatserna" after the programmes', and a part's areas on its year page with a line per
indicator before and after (as a unit-year page's), the change's 95 % interval and a hedged verdict. Every
figure is the owner's pooled figure over all stages as the site publishes it, with what it covers."""

from __future__ import annotations

from .. import formatting as fmt
from ..analysis.area_effect import BASIS_AREA, BASIS_LAST, AreaEffect, area_effects, area_start
from ..analysis.figures import Figure
from ..content.goal_rules import window
from ..domain import ALL_STAGES, previous_school_year
from ..labels import AREA_EFFECT_METHOD, AREA_EFFECT_VERDICTS
from ..model import ImprovementArea, Indicator
from .pages import Cell, indicator_path, people

MUNICIPALITY_SCOPE = "kommunens"
PART_SCOPE = "delens"


class OwnerAreaViews:
    """The owner's improvement areas measured (a part of ``Views``)."""

    def owner_effects(self, plans: dict, year: str, area: ImprovementArea, lookup) -> list[AreaEffect]:
        """``plans``: school year → the owner's plan (the municipality's or a part's) holding ``improvement_areas``."""
        years = sorted(plans)
        start = area_start(years, year, lambda y: any(a.id == area.id for a in plans[y].improvement_areas))
        base = (previous_school_year(start), BASIS_AREA) if start else (self.previous(year) or "", BASIS_LAST)
        return area_effects(area, year, base, lookup, self.content.indicators)

    def _municipal(self, year: str, indicator: str) -> Figure | None:
        return self.results.municipality(year, indicator, ALL_STAGES)

    def municipal_area_effects(self, year: str) -> list[dict]:
        """The year summary's rows: per municipality area (in the file's order) its title and lines in
        ``effect_summary``'s shape; indicators with the same verdict and no figure share a line."""
        plans = self.content.municipality_years
        out = []
        for area in (plans[year].improvement_areas if year in plans else ()):
            lines: list[dict] = []
            for e in self.owner_effects(plans, year, area, self._municipal):
                indicator = self.content.indicators[e.indicator]
                named = {"id": e.indicator, "name": indicator.label, "stages": []}
                change = self.change(indicator, e.now, e.before, year, window(e.baseline)[1])
                if change.sort is None or e.verdict in ("too_few", "series_break"):
                    same = next((x for x in lines if x["code"] == e.verdict and not x["difference"]), None)
                    if same is not None:
                        same["indicators"].append(named)
                        continue
                    lines.append({"indicators": [named], "code": e.verdict, "verdict": AREA_EFFECT_VERDICTS[e.verdict],
                                  "difference": "", "sizes": ""})
                    continue
                unit = "" if indicator.unit == "percent" else indicator.unit
                decimals = fmt.change_decimals(self.decimals(e.now, indicator), self.decimals(e.before, indicator))
                difference = fmt.difference(change.sort, unit, decimals)
                if e.low is not None:
                    difference += f" ({fmt.number(e.low)} till {fmt.number(e.high)})"
                lines.append({"indicators": [named], "code": e.verdict, "verdict": AREA_EFFECT_VERDICTS[e.verdict],
                              "difference": f"{difference} sedan {e.baseline}", "sizes": sizes(e.now)})
            if lines:
                out.append({"area": area, "lines": lines})
        return out

    def part_area_effects(self, part_id: str, year: str, items: list[dict]) -> list[dict]:
        """``improvement_areas`` items of a part's year page with ``before_after`` (as a unit-year page's, with
        each line's interval and verdict, and whose figures they are) and ``year``."""
        plans = {y: p for (part, y), p in self.content.part_years.items() if part == part_id}
        lookup = lambda y, i: self.part_figure(part_id, y, i)  # noqa: E731
        first = True
        for item in items:
            lines, missing = [], []
            for e in self.owner_effects(plans, year, item["area"], lookup):
                indicator = self.content.indicators[e.indicator]
                if e.verdict == "no_baseline":
                    missing.append((indicator, indicator_path(e.indicator), e.baseline))
                    continue
                change = self.change(indicator, e.now, e.before, year, window(e.baseline)[1])
                if e.verdict == "series_break":
                    change = Cell("seriebrott", None, "Definitionen ändrades mellan åren; värdena kan inte jämföras.")
                lines.append({"indicator": indicator, "path": indicator_path(e.indicator), "basis": e.basis,
                              "year": e.baseline, "before": self.cell(e.before, indicator),
                              "before_covers": covers(e.before, indicator), "now": self.cell(e.now, indicator),
                              "now_covers": covers(e.now, indicator), "change": change,
                              "interval": f"95 % intervall {fmt.number(e.low)} till {fmt.number(e.high)}"
                              if e.low is not None else "",
                              "verdict": AREA_EFFECT_VERDICTS[e.verdict]})
            item["before_after"] = {"lines": lines, "missing": missing, "scope": "delens siffror för alla stadier",
                                    "method": AREA_EFFECT_METHOD.format(whose=PART_SCOPE) if first else ""} \
                if lines or missing else {}
            first = first and not (lines or missing)
            named = {r["indicator"].id for r in lines} | {i.id for i, _, _ in missing}
            if item["indicators"] and all(ind.id in named for ind in item["indicators"]):
                item["indicators"] = []  # the lines name (and link) every one of them
            item["year"] = year
        return items


def sizes(figure: Figure | None) -> str:
    """Pupils (units) a pooled figure covers, as the programmes' rows show a group: "1 234 (12)"."""
    if figure is None or figure.suppressed or figure.value is None or figure.denominator is None:
        return ""
    return f"{fmt.number(figure.denominator, 0)} ({fmt.number(figure.units_covered, 0)})"


def covers(figure: Figure | None, indicator: Indicator) -> str:
    """What a pooled figure covers in a line: "1 234 elever, 12 enheter"; "" without a figure."""
    if figure is None or figure.suppressed or figure.value is None or not figure.denominator:
        return ""
    return f"{fmt.number(figure.denominator, 0)} {people(indicator)}, {fmt.count(figure.units_covered, 'enhet', 'enheter')}"
