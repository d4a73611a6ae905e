"""The year summary's first screen ("I korthet"): key figures, goal fulfilment, and the largest
improvements and declines among the municipality's figures."""

from __future__ import annotations

from ..domain import ALL_STAGES
from ..labels import GOAL_BASELINE_RULE, GOAL_PROGRESS_RULE, GOAL_VERDICT_RULES, GOAL_VERDICTS
from ..model import Indicator, MunicipalityYear
from .pages import coverage, indicator_path

KEY_FIGURES = (6, 10)
"""How many key figures the first screen shows: at least (while there are figures), at most."""
MOVERS = 3
"""The largest improvements, and as many declines, on the first screen."""
BETTER, WORSE = "ska-trend--better", "ska-trend--worse"
"""``FigureViews.trend``'s verdicts: moved the intended way, or not; anything else cannot be judged."""


def scale_span(indicator: Indicator, year: str) -> float:
    """The width of an indicator's scale in ``year`` (its definition's maximum), to set changes and gaps of
    indicators in different units side by side; 0 for a scale without width."""
    version = indicator.version_for(year)
    top = version.scale_max if version and version.scale_max is not None else indicator.scale.max
    return max(0.0, top - indicator.scale.min)


class GlanceViews:
    """The year summary's first screen (a part of ``Views``)."""

    def key_figure(self, year: str, last: str | None, ind_id: str, direction: str) -> dict | None:
        """A key-figure card: the municipality's figure, its change since ``last`` (marked when the two
        years count different units) and the trend, what it covers and the official figure. None without
        a figure."""
        indicator = self.content.indicators[ind_id]
        now = self.results.municipality(year, ind_id, ALL_STAGES)
        if now is None:
            return None
        before = self.results.municipality(last, ind_id, ALL_STAGES) if last else None
        other_units = self.other_units(year, last, ind_id, ALL_STAGES)
        change = self.change(indicator, now, before, year, last, other_units)
        return {"indicator": indicator, "path": indicator_path(ind_id), "value": self.cell(now, indicator),
                "change": change, "trend": self.trend(indicator, direction, change.sort),
                "coverage": coverage(now, indicator), "other_units": other_units,
                "official": self.official(year, indicator)}

    def municipality_name(self, year: str) -> str:
        """The municipality's name as the year's file gives it, else as the newest file that gives one."""
        named = [m.municipality for _, m in sorted(self.content.municipality_years.items(), reverse=True)
                 if m.municipality]
        own = self.content.municipality_years.get(year)
        return own.municipality if own and own.municipality else (named[0] if named else "")

    def glance(self, year: str, last: str | None, municipality: MunicipalityYear | None,
               goal_areas: list[dict]) -> dict:
        """What the year summary's first screen shows (besides the links the template writes)."""
        goals = [(goal, area_index, goal_index) for area_index, area in enumerate(municipality.goal_areas
                                                                                  if municipality else ())
                 for goal_index, goal in enumerate(area.goals)]
        cards = [c for c in (self.key_figure(year, last, i, d) for i, d in self.key_indicators(year, goals)) if c]
        return {"municipality": self.municipality_name(year), "cards": cards,
                "goals": self.goal_fulfilment(goal_areas), "movers": self.movers(year, last, goals)}

    def key_indicators(self, year: str, goals: list[tuple]) -> list[tuple[str, str]]:
        """(indicator, the goal's direction) for the key figures: the first indicator with a figure of each
        goal, one goal of each goal area in turn so every area is seen, in the goals' order; other goal
        indicators while there are fewer than the least, then the catalogue's first indicators."""
        def has_figure(ind_id: str) -> bool:
            return ind_id in self.content.indicators and \
                self.results.municipality(year, ind_id, ALL_STAGES) is not None
        least, most = KEY_FIGURES
        firsts: dict[int, list] = {}  # goal area → (its goals' order, first indicator, direction)
        for goal, area_index, goal_index in goals:
            ind_id = next((i for i in goal.indicators if has_figure(i)), None)
            if ind_id is not None:
                firsts.setdefault(area_index, []).append(((area_index, goal_index), ind_id,
                                                          self.goal_direction(goal, ind_id)))
        chosen: dict[str, tuple] = {}  # indicator → (order, direction)
        for turn in range(max((len(v) for v in firsts.values()), default=0)):
            for area_index in sorted(firsts):
                if turn < len(firsts[area_index]) and len(chosen) < most:
                    order, ind_id, direction = firsts[area_index][turn]
                    chosen.setdefault(ind_id, (order, direction))
        for goal, area_index, goal_index in goals:
            for position, ind_id in enumerate(goal.indicators):
                if len(chosen) < least and has_figure(ind_id):
                    chosen.setdefault(ind_id, ((area_index, goal_index, position), self.goal_direction(goal, ind_id)))
        for ind_id in self.content.indicators:
            if len(chosen) < least and has_figure(ind_id):
                chosen.setdefault(ind_id, ((len(goals), len(chosen)), ""))
        return [(ind_id, direction) for ind_id, (_, direction) in sorted(chosen.items(), key=lambda c: c[1][0])]

    @staticmethod
    def goal_verdict(rows: list[dict]) -> str:
        """A goal judged from its rows in the goals table (``GOAL_VERDICT_RULES`` says how in words)."""
        verdicts = [r.get("verdict", r["trend"])["css"] for r in rows]  # goal_views: from the baseline if need be
        judged = [css == BETTER for css in verdicts if css in (BETTER, WORSE)]
        if not judged:
            return "unknown"
        return "met" if all(judged) else "partly" if any(judged) else "not_met"

    def goal_fulfilment(self, goal_areas: list[dict]) -> dict | None:
        """How many goals of each goal area were met, partly met, not met or cannot be judged. Each goal
        of ``goal_areas`` (the goals table) gets its ``verdict`` in words; ``marked``: goals judged on a
        change between years that count different units."""
        if not goal_areas:
            return None
        rows, marked = [], 0
        for area in goal_areas:
            counts = dict.fromkeys(GOAL_VERDICTS, 0)
            for goal in area["goals"]:
                verdict = self.goal_verdict(goal["rows"])
                goal["verdict"] = GOAL_VERDICTS[verdict]
                counts[verdict] += 1
                if any(r["other_units"] and r["change"].sort is not None and r["trend"]["css"] in (BETTER, WORSE)
                       for r in goal["rows"]):
                    marked += 1
            rows.append({"area": area["area"].name, "counts": list(counts.values()), "total": sum(counts.values())})
        totals = [sum(r["counts"][i] for r in rows) for i in range(len(GOAL_VERDICTS))]
        baseline = sum(1 for area in goal_areas for goal in area["goals"]
                       if any(r.get("basis") == "baseline" for r in goal["rows"]))
        targets = any(goal["goal"].targets for area in goal_areas for goal in area["goals"])
        return {"verdicts": list(GOAL_VERDICTS.values()), "rules": [
            f"{GOAL_VERDICTS[k]}: {rule}." for k, rule in GOAL_VERDICT_RULES.items()]
            + ([GOAL_BASELINE_RULE, GOAL_PROGRESS_RULE] if targets else []),
                "rows": rows, "totals": totals, "total": sum(totals), "marked": marked, "baseline": baseline}

    def movers(self, year: str, last: str | None, goals: list[tuple]) -> dict | None:
        """The municipality's figures that moved furthest the intended way, and against it, since ``last``:
        every indicator's total where both years have a figure on the same definition (a series break
        cannot be judged), measured against the indicator's scale so that points and percentages compare.
        A change between years that count different units keeps its mark."""
        if not last:
            return None
        directions: dict[str, str] = {}
        for goal, _, _ in goals:
            for ind_id in goal.indicators:
                directions.setdefault(ind_id, self.goal_direction(goal, ind_id))
        found = []
        for order, (ind_id, indicator) in enumerate(self.content.indicators.items()):
            if indicator.aggregation == "none":
                continue
            now = self.results.municipality(year, ind_id, ALL_STAGES)
            before = self.results.municipality(last, ind_id, ALL_STAGES)
            other_units = self.other_units(year, last, ind_id, ALL_STAGES)
            change = self.change(indicator, now, before, year, last, other_units)
            trend = self.trend(indicator, directions.get(ind_id, ""), change.sort)
            span = scale_span(indicator, year)
            if change.sort is None or trend["css"] not in (BETTER, WORSE) or not span:
                continue
            found.append((abs(change.sort) / span, order, trend["css"], {
                "indicator": indicator, "path": indicator_path(ind_id), "now": self.cell(now, indicator),
                "before": self.cell(before, indicator), "coverage": coverage(now, indicator),
                "before_coverage": coverage(before, indicator), "change": change, "trend": trend,
                "other_units": other_units}))
        found.sort(key=lambda f: (-f[0], f[1]))
        better = [row for _, _, css, row in found if css == BETTER][:MOVERS]
        worse = [row for _, _, css, row in found if css == WORSE][:MOVERS]
        return {"better": better, "worse": worse,
                "marked": next((r["other_units"] for r in better + worse if r["other_units"]), "")}
