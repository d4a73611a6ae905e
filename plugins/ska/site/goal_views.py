"""A goal's indicators measured against the goal's baseline and target: progress from the baseline toward the
target in words, and the verdict that falls back on the baseline when there is no previous year to compare."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from .. import formatting as fmt
from ..analysis.figures import Figure
from ..domain import ALL_STAGES
from ..labels import DIRECTIONS, GOAL_BASELINE_RULE, GOAL_PROGRESS_RULE, GOAL_VERDICT_RULES, GOAL_VERDICTS
from ..model import Goal, GoalTarget, Indicator
from .pages import Cell, indicator_path


def _exact(value: float) -> Fraction:
    """A value as written in YAML (72.0, 80), exactly."""
    return Fraction(Decimal(repr(float(value))))


class GoalViews:
    """Goals against their baselines and targets (a part of ``Views``)."""

    def goal_direction(self, goal: Goal, ind_id: str) -> str:
        """The direction an indicator of ``goal`` is to move: its target's, else the goal's."""
        target = goal.target_for(ind_id)
        return (target.direction if target else "") or goal.direction

    def written(self, value: float, indicator: Indicator) -> str:
        """A baseline or target value as written (``formatting.shown_decimals``), in the indicator's unit."""
        return fmt.figure(value, indicator.unit, fmt.shown_decimals(indicator.decimals, fmt.written_decimals(value)))

    def goal_progress(self, goal: Goal, indicator: Indicator, year: str, now: Figure | None, change: Cell) -> dict:
        """What a goals-table row adds for the goal's baseline and target: ``trend`` (the year-on-year one,
        in the target's direction), ``verdict`` (the trend the goal is judged on: year on year, or from the
        baseline when there is no previous year's figure to compare), ``basis`` ("baseline" when judged
        from it) and ``progress`` (a sentence; "" without a baseline or target)."""
        target = goal.target_for(indicator.id)
        direction = self.goal_direction(goal, indicator.id)
        trend = self.trend(indicator, direction, change.sort)
        out = {"trend": trend, "verdict": trend, "basis": "", "progress": ""}
        if target is None:
            return out
        shown = now is not None and not now.suppressed and now.value is not None
        decimals = self.decimals(now, indicator) if shown else indicator.decimals
        delta = self.from_baseline(target, indicator, year, now) if shown else None
        if delta is not None and change.sort is None:
            moved = self.trend(indicator, direction, float(delta))
            head, _, tail = moved["text"].partition(", ")
            out.update(verdict={**moved, "text": f"{head} sedan utgångsvärdet ({target.baseline.year})" + (f", {tail}" if tail else "")},
                       basis="baseline")
        out["progress"] = self.progress_text(target, indicator, direction, year,
                                             fmt.figure(now.value, indicator.unit, decimals) if shown else "",
                                             delta, decimals, now if shown else None)
        return out

    def from_baseline(self, target: GoalTarget, indicator: Indicator, year: str, now: Figure) -> Decimal | None:
        """The change from the baseline to ``now`` as printed (the shown figures' difference); None without a
        baseline from an earlier year, or across a series break."""
        baseline = target.baseline
        if baseline is None:
            return None
        first, last = baseline.years
        if last >= year or not (indicator.comparable(year, first) and indicator.comparable(year, last)):
            return None
        written = fmt.shown_decimals(indicator.decimals, fmt.written_decimals(baseline.value))
        decimals = fmt.change_decimals(self.decimals(now, indicator), written)
        return fmt.rounded_difference(now.value, baseline.value, decimals)

    def progress_text(self, target: GoalTarget, indicator: Indicator, direction: str, year: str, now: str,
                      delta: Decimal | None, decimals: int, figure: Figure | None) -> str:
        """"Från 72,0 % (2021/22) till 76,9 % (2024/25), målvärde 80 % läsåret 2026/27: 61 % av vägen." and
        the shorter forms when a part is missing (the rule in words: ``labels.GOAL_PROGRESS_RULE``)."""
        baseline, goal = target.baseline, target.target
        aim = f"målvärde {self.written(goal.value, indicator)} läsåret {goal.year}" if goal else ""
        if direction == "maintain" and goal:
            aim = f"målvärde {self.written(goal.value, indicator)} ({DIRECTIONS['maintain']}) läsåret {goal.year}"
        if baseline is None:
            reached = figure is not None and self.reached(direction, figure, goal, indicator, decimals)
            now_part = f"; {now} ({year})" if now else ""
            return f"{aim[0].upper()}{aim[1:]}{now_part}" + (": målvärdet är nått." if reached else ".")
        start = f"{self.written(baseline.value, indicator)} ({baseline.year})"
        if delta is None:
            why = ""
            first, last = baseline.years
            if now and last < year and not (indicator.comparable(year, first) and indicator.comparable(year, last)):
                why = " Definitionen har ändrats sedan utgångsvärdet (seriebrott), så värdena kan inte jämföras."
            return f"Utgångsvärde {start}" + (f", {aim}" if aim else "") + "." + why
        text = f"Från {start} till {now} ({year})" + (f", {aim}" if aim else "")
        if goal is None or direction == "maintain":
            return text + "."
        span = _exact(goal.value) - _exact(baseline.value)
        if not span:
            return text + "."
        share = Fraction(delta) / span
        if share >= 1:
            return text + ": målvärdet är nått."
        if share < 0:
            return text + ": längre från målvärdet än vid utgångsvärdet."
        percent = min(fmt.round_half_up(share * 100, 0), Decimal(99))  # "100 %" only once it is reached
        return text + f": {fmt.percent(percent, 0)} av vägen."

    @staticmethod
    def reached(direction: str, figure: Figure, goal, indicator: Indicator, decimals: int) -> bool:
        """Whether the shown figure has reached the target value, in the direction the goal asks for."""
        if goal is None or direction not in ("increase", "decrease"):
            return False
        shown = fmt.round_half_up(figure.value, decimals)
        value = Decimal(repr(float(goal.value)))
        return shown >= value if direction == "increase" else shown <= value

    def unit_goals(self, unit_id: str, year: str, last: str | None, goals) -> dict:
        """A unit-year page's goals (``goals``), each with a row per indicator: the unit's figure over all its
        stages this year and last, the change, the trend and the progress toward the goal's target; and the
        goal's verdict. ``goal_rules``: how the verdicts are reached, in words; ``goal_targets``: whether a goal
        has a baseline or target; ``previous_year``: ``last``."""
        out = []
        for goal in goals:
            rows = []
            for ind_id in goal.indicators:
                indicator = self.content.indicators.get(ind_id)
                if indicator is None:
                    continue
                now = self.results.unit(unit_id, year, ind_id, ALL_STAGES)
                before = self.results.unit(unit_id, last, ind_id, ALL_STAGES) if last else None
                change = self.change(indicator, now, before, year, last)
                rows.append({"indicator": indicator, "path": indicator_path(ind_id), "now": self.cell(now, indicator),
                             "before": self.cell(before, indicator) if last else Cell("–"), "change": change,
                             "other_units": "", **self.goal_progress(goal, indicator, year, now, change)})
            out.append({"goal": goal, "rows": rows, "indicators": [r["indicator"] for r in rows],
                        "verdict": self.goal_verdict_words(rows)})
        rules = [f"{GOAL_VERDICTS[k]}: {rule}." for k, rule in GOAL_VERDICT_RULES.items()]
        targets = any(goal.targets for goal in goals)
        if targets:
            rules += [GOAL_BASELINE_RULE, GOAL_PROGRESS_RULE]
        return {"goals": out, "goal_rules": rules if out else [], "goal_targets": targets, "previous_year": last}

    def goal_verdict_words(self, rows: list[dict]) -> str:
        """The goal's verdict in words (``GlanceViews.goal_verdict`` judges)."""
        return GOAL_VERDICTS[self.goal_verdict(rows)]
