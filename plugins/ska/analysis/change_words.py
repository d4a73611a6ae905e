"""Swedish words for what changed between two school years, shared by `ska diff` (``workflow.diff``) and the
year's changes page (``site.change_views``), so that both say the same thing in the same words."""

from __future__ import annotations

from .. import formatting as fmt
from ..labels import DIRECTIONS, RECOMMENDATION_FIELDS, RECOMMENDATION_STATUS, STAFF_GROUPS
from ..model import Goal, GoalTarget, Indicator
from .recommendation_diff import RecommendationChange
from .staff import StaffChange
from .yeardiff import GoalChange


def goal_details(change: GoalChange) -> list[str]:
    """What changed in a goal besides its text: "målvärde 85 → 90", "riktning ska öka → ska minska",
    "indikatorer +Trygghet, −Studiero", and per indicator whose baseline or target changed
    "Meritvärde: utgångsvärde 219,4 (2021/22), målvärde 230 läsåret 2026/27 → …"."""
    if change.kind != "changed":
        return []
    before, after = change.before, change.after
    parts = []
    if "target" in change.fields:
        parts.append(f"målvärde {_target(before, change)} → {_target(after, change)}")
    if "direction" in change.fields:
        parts.append(f"riktning {_direction(before)} → {_direction(after)}")
    if "indicators" in change.fields:
        moved = [f"+{i.label}" for i in change.indicators_added] + [f"−{i.label}" for i in change.indicators_removed]
        parts.append("indikatorer " + (", ".join(moved) or "ändrade"))
    if "targets" in change.fields:
        for indicator in change.target_indicators:
            old, new = before.target_for(indicator.id), after.target_for(indicator.id)
            parts.append(f"{indicator.label}: {_goal_target(old, indicator)} → {_goal_target(new, indicator)}")
    return parts


def _target(goal: Goal, change: GoalChange) -> str:
    indicator = change.target_indicator
    if goal.target is None:
        return "inget"
    return fmt.figure(goal.target, indicator.unit, indicator.decimals) if indicator else fmt.number(goal.target)


def _goal_target(target: GoalTarget | None, indicator: Indicator) -> str:
    if target is None:
        return "inget utgångsvärde eller målvärde"

    def value(v: float) -> str:
        return fmt.figure(v, indicator.unit, fmt.shown_decimals(indicator.decimals, fmt.written_decimals(v)))
    words = []
    if target.baseline:
        words.append(f"utgångsvärde {value(target.baseline.value)} ({target.baseline.year})")
    if target.target:
        words.append(f"målvärde {value(target.target.value)} läsåret {target.target.year}")
    if target.direction:
        words.append(DIRECTIONS[target.direction])
    return ", ".join(words)


def _direction(goal: Goal) -> str:
    return DIRECTIONS.get(goal.direction, "ingen")


def staff_value(value: float | None, unit: str) -> str:
    """A staff figure as its source wrote it (7.3 → "7,3 %"), never with more precision; "–" for none."""
    if value is None:
        return "–"
    decimals = fmt.shown_decimals(1, fmt.written_decimals(value))
    return fmt.percent(value, decimals) if unit == "percent" else fmt.number(value, decimals)


def staff_what(change: StaffChange) -> str:
    """"Sjukfrånvaro, kvinnor"."""
    return f"{change.measure}, {STAFF_GROUPS[change.group].lower()}"


def recommendation_detail(change: RecommendationChange) -> str:
    """For a changed recommendation the fields that changed ("ansvarig, klart senast"); for one followed up its
    status then and now ("planerad → pågår"); else ""."""
    if change.kind == "changed":
        return ", ".join(RECOMMENDATION_FIELDS[f] for f in change.fields)
    if change.kind == "followed_up":
        before = RECOMMENDATION_STATUS.get(change.status_before, "ingen status").lower()
        after = RECOMMENDATION_STATUS[change.status_after].lower() if change.status_after else "inte uppföljd"
        return f"{before} → {after}"
    return ""
