"""What changed between two school years, for one unit or the whole municipality (the data; ``workflow.diff``
prints it and runs `ska diff`)."""

from __future__ import annotations

import dataclasses

from collections.abc import Callable
from dataclasses import dataclass

from .. import formatting as fmt
from ..labels import EFFECT_STEPS, PERSPECTIVES
from ..model import (Action, Analysis, Content, EffectStep, Goal, ImprovementArea, Indicator, MunicipalityYear, Unit,
                     UnitYear)
from .recommendation_diff import RecommendationChange, diff_recommendations
from .results import Results
from .staff import StaffChange, diff_staff
from .score_diff import ScoreChange, score_changes
from .textdiff import Segment, Sentence, sentence_diff, word_diff

FINISHED = ("done", "cancelled")  # action statuses that end an action
GOAL_FIELDS = ("text", "target", "direction", "indicators", "targets")


# -- the changes -------------------------------------------------------------

@dataclass(frozen=True)
class ActionChange:
    """``kind``: "added", "finished" (done or cancelled; gone if ``after`` is None), "moved" (new start or end)
    or "chain" (its effect chain added, changed or removed)."""

    kind: str
    before: Action | None
    after: Action | None

    @property
    def action(self) -> Action:
        return self.after or self.before


@dataclass(frozen=True)
class AreaChange:
    """``kind``: "added", "closed" (status closed; gone if ``after`` is None) or "carried" (same id both years)."""

    kind: str
    before: ImprovementArea | None
    after: ImprovementArea | None
    actions: tuple[ActionChange, ...] = ()
    chain: str = ""
    """What happened to the area's effect chain: "added", "changed", "removed" or "" (nothing)."""
    chain_steps: tuple[str, ...] = ()
    """The steps (resources, activities, practice, results) that are new or changed."""

    @property
    def area(self) -> ImprovementArea:
        return self.after or self.before


@dataclass(frozen=True)
class GoalChange:
    """``kind``: "added", "removed" or "changed"; ``fields`` names what changed, ``text`` is the word diff of the
    text and ``sentences`` its sentence diff (textdiff).

    ``target_indicator`` gives the target its unit (the goal's first indicator); ``indicators_added``
    and ``indicators_removed`` are the catalogue entries behind a change of indicators.
    """

    kind: str
    before: Goal | None
    after: Goal | None
    fields: tuple[str, ...] = ()
    text: tuple[Segment, ...] = ()
    target_indicator: Indicator | None = None
    indicators_added: tuple[Indicator, ...] = ()
    indicators_removed: tuple[Indicator, ...] = ()
    sentences: tuple[Sentence, ...] = ()
    target_indicators: tuple[Indicator, ...] = ()
    """The catalogue entries of the indicators whose baseline or target (``Goal.targets``) changed."""

    @property
    def goal(self) -> Goal:
        return self.after or self.before


@dataclass(frozen=True)
class TextChange:
    """An analysis perspective (a key of ``labels.PERSPECTIVES``) that was "added", "removed" or "changed":
    its word diff (``segments``) and its sentence diff (``sentences``, textdiff)."""

    perspective: str
    kind: str
    segments: tuple[Segment, ...]
    sentences: tuple[Sentence, ...] = ()


@dataclass(frozen=True)
class ValueChange:
    """A published figure in both years; ``delta`` (in the indicator's unit) is None at a series break."""

    indicator: Indicator
    stage: str
    group: str
    before: float
    after: float
    delta: float | None
    group_name: str = ""
    """The group's name for readers (``Content.group_name``): "Totalt", "Flickor", … or a catalogue group's."""

    @property
    def series_break(self) -> bool:
        return self.delta is None


@dataclass(frozen=True)
class UnitChange:
    """A unit that is "new" (a plan this year, none the year before) or "closed" (the reverse)."""

    kind: str
    unit: Unit
    successor: Unit | None = None
    predecessors: tuple[Unit, ...] = ()


@dataclass(frozen=True)
class Movement:
    unit: Unit
    change: ValueChange


@dataclass(frozen=True)
class Movements:
    """The units whose total moved most for one indicator and stage; none listed at a series break."""

    indicator: Indicator
    stage: str
    series_break: bool
    largest: tuple[Movement, ...]


@dataclass(frozen=True)
class UnitDiff:
    unit: Unit
    from_year: str
    to_year: str
    areas: tuple[AreaChange, ...]
    goals: tuple[GoalChange, ...]
    analysis: tuple[TextChange, ...]
    values: tuple[ValueChange, ...]
    scores: tuple[ScoreChange, ...] = ()  # self-assessment means that moved


@dataclass(frozen=True)
class MunicipalityDiff:
    from_year: str
    to_year: str
    units: tuple[UnitChange, ...]
    areas: tuple[AreaChange, ...]
    goals: tuple[GoalChange, ...]
    analysis: tuple[TextChange, ...]
    values: tuple[ValueChange, ...]
    movements: tuple[Movements, ...]
    staff: tuple[StaffChange, ...] = ()
    scores: tuple[ScoreChange, ...] = ()  # the owner level's self-assessment means that moved
    recommendations: tuple[RecommendationChange, ...] = ()


# -- computing them ----------------------------------------------------------

def one_line(text: str) -> str:
    return " ".join(text.split())


def diff_actions(before: tuple[Action, ...], after: tuple[Action, ...]) -> tuple[ActionChange, ...]:
    """Actions are the same action when their descriptions match (ignoring line breaks)."""
    old = {one_line(a.description): a for a in before}
    new = {one_line(a.description): a for a in after}
    added = [ActionChange("added", None, a) for key, a in new.items() if key not in old]
    finished = [ActionChange("finished", b, new.get(key)) for key, b in old.items()
                if b.status not in FINISHED and (key not in new or new[key].status in FINISHED)]
    moved = [ActionChange("moved", old[key], a) for key, a in new.items()
             if key in old and (a.start, a.end, set(a.months)) != (old[key].start, old[key].end, set(old[key].months))]
    chain = [ActionChange("chain", old[key], a) for key, a in new.items()
             if key in old and diff_chain(old[key].effect_chain, a.effect_chain)[0]]
    return tuple(added + finished + moved + chain)


def diff_chain(before: tuple[EffectStep, ...], after: tuple[EffectStep, ...]) -> tuple[str, tuple[str, ...]]:
    """("added" | "changed" | "removed" | "", the steps new or changed) between two effect chains."""
    if not before and not after:
        return "", ()
    old, new = {s.step: s for s in before}, {s.step: s for s in after}
    steps = tuple(k for k in EFFECT_STEPS if k in new and old.get(k) != new[k])
    if not before:
        return "added", steps
    if not after:
        return "removed", ()
    return ("changed", steps) if steps or set(old) - set(new) else ("", ())


def diff_areas(before: tuple[ImprovementArea, ...], after: tuple[ImprovementArea, ...]) -> tuple[AreaChange, ...]:
    """Added, then closed, then carried on; an area already closed the year before is not news."""
    old = {a.id: a for a in before}
    new = {a.id: a for a in after}
    added = [AreaChange("added", None, a, diff_actions((), a.actions), *diff_chain((), a.effect_chain))
             for a in after if a.id not in old]
    closed, carried = [], []
    for b in before:
        a = new.get(b.id)
        if a is None:
            if b.status != "closed":
                closed.append(AreaChange("closed", b, None))
        elif a.status == "closed":
            if b.status != "closed":
                closed.append(AreaChange("closed", b, a, diff_actions(b.actions, a.actions)))
        else:
            carried.append(AreaChange("carried", b, a, diff_actions(b.actions, a.actions),
                                      *diff_chain(b.effect_chain, a.effect_chain)))
    return tuple(added + closed + carried)


def diff_goals(before: tuple[Goal, ...], after: tuple[Goal, ...],
               indicators: dict[str, Indicator]) -> tuple[GoalChange, ...]:
    """Added, removed, then changed (same id; text, target, direction, indicators or baselines and targets differ)."""
    old = {g.id: g for g in before}
    new = {g.id: g for g in after}
    added = [GoalChange("added", None, g) for g in after if g.id not in old]
    removed = [GoalChange("removed", g, None) for g in before if g.id not in new]
    changed = []
    for a in after:
        b = old.get(a.id)
        if b is None:
            continue
        fields = tuple(f for f in GOAL_FIELDS if _goal_field(b, f) != _goal_field(a, f))
        if fields:
            changed.append(GoalChange(
                "changed", b, a, fields, word_diff(b.text, a.text) if "text" in fields else (),
                next((indicators[i] for i in a.indicators + b.indicators if i in indicators), None),
                tuple(indicators[i] for i in a.indicators if i not in b.indicators and i in indicators),
                tuple(indicators[i] for i in b.indicators if i not in a.indicators and i in indicators),
                sentence_diff(b.text, a.text) if "text" in fields else (),
                tuple(indicators[i] for i in _targets_changed(b, a) if i in indicators)))
    return tuple(added + removed + changed)


def _targets_changed(before: Goal, after: Goal) -> list[str]:
    """The indicators whose baseline, target or direction (``Goal.targets``) differ between two years."""
    ids = dict.fromkeys(t.indicator for t in before.targets + after.targets)
    return [i for i in ids if before.target_for(i) != after.target_for(i)]


def _goal_field(goal: Goal, name: str):
    value = getattr(goal, name)
    if name == "targets":
        return frozenset(value)
    return frozenset(value) if name == "indicators" else one_line(value) if name == "text" else value


def diff_analysis(before: Analysis, after: Analysis) -> tuple[TextChange, ...]:
    out = []
    for key in PERSPECTIVES:
        old, new = one_line(getattr(before, key)), one_line(getattr(after, key))
        if old == new:
            continue
        kind = "added" if not old else "removed" if not new else "changed"
        out.append(TextChange(key, kind, word_diff(old, new),
                              sentence_diff(getattr(before, key), getattr(after, key))))
    return tuple(out)


def _value_change(indicator: Indicator, stage: str, group: str, before: tuple | None,
                  after: tuple | None, from_year: str, to_year: str) -> ValueChange | None:
    """None unless both figures are published (a suppressed figure is never compared)."""
    if before is None or after is None or before[3] or after[3] or before[0] is None or after[0] is None:
        return None
    delta = fmt.rounded_difference(after[0], before[0], indicator.decimals) \
        if indicator.comparable(from_year, to_year) else None
    return ValueChange(indicator, stage, group, before[0], after[0], delta)


def _value_changes(content: Content, keys, look: Callable[..., tuple | None],
                   from_year: str, to_year: str) -> tuple[ValueChange, ...]:
    """The published figures for ``keys`` (indicator, stage, group) in both years: catalogue order, stage, group."""
    indicators = content.indicators
    position = {i: n for n, i in enumerate(indicators)}
    keys = sorted({k for k in keys if k[0] in position}, key=lambda k: (position[k[0]], k[1], content.group_order(k[2])))
    changes = (_value_change(indicators[i], s, g, look(from_year, i, s, g), look(to_year, i, s, g),
                             from_year, to_year) for i, s, g in keys)
    return tuple(dataclasses.replace(c, group_name=content.group_name(c.group)) for c in changes if c)


def diff_unit(content: Content, results: Results, unit: str, from_year: str, to_year: str) -> UnitDiff:
    """Changes in one unit's plan and figures; a missing plan counts as an empty one."""
    before = content.unit_years.get((unit, from_year)) or UnitYear(unit, from_year)
    after = content.unit_years.get((unit, to_year)) or UnitYear(unit, to_year)
    keys = [(r.indicator, r.stage, g) for r in after.results for g, _ in r.figures()]
    return UnitDiff(content.units[unit], from_year, to_year,
                    diff_areas(before.improvement_areas, after.improvement_areas),
                    diff_goals(before.goals, after.goals, content.indicators),
                    diff_analysis(before.analysis, after.analysis),
                    _value_changes(content, keys, lambda *key: results.unit(unit, *key),
                                   from_year, to_year),
                    score_changes(content.self_assessment, before.self_assessment, after.self_assessment))


def diff_municipality(content: Content, results: Results, from_year: str, to_year: str,
                      top: int = 3) -> MunicipalityDiff:
    """The owner's plan and totals, units that opened or closed, and the ``top`` largest movements per indicator."""
    before = content.municipality_years.get(from_year) or MunicipalityYear(from_year)
    after = content.municipality_years.get(to_year) or MunicipalityYear(to_year)
    # the stages the units report, not the pooled all-stages figure that goals use
    keys = [(i, s, g) for _, y, i, s, g in results.units if y == to_year]
    return MunicipalityDiff(
        from_year, to_year, unit_changes(content, from_year, to_year),
        diff_areas(before.improvement_areas, after.improvement_areas),
        diff_goals(*(tuple(g for area in plan.goal_areas for g in area.goals) for plan in (before, after)),
                   content.indicators),
        diff_analysis(before.analysis, after.analysis),
        _value_changes(content, keys, results.municipality, from_year, to_year),
        movements(content, results, from_year, to_year, top),
        diff_staff(content.municipality_years.get(from_year), after),
        score_changes(content.self_assessment, before.self_assessment, after.self_assessment),
        diff_recommendations(before, after))


def unit_changes(content: Content, from_year: str, to_year: str) -> tuple[UnitChange, ...]:
    """Units with a plan in ``to_year`` but not in ``from_year`` (new) and the reverse (closed), by name."""
    def units(year: str) -> set[str]:
        return {u for u, y in content.unit_years if y == year and u in content.units}

    def by_name(ids: set[str]) -> list[Unit]:
        return sorted((content.units[i] for i in ids), key=lambda u: u.name)

    old, new = units(from_year), units(to_year)
    added = [UnitChange("new", u, predecessors=tuple(content.units[p] for p in u.predecessors if p in content.units))
             for u in by_name(new - old)]
    closed = [UnitChange("closed", u, successor=content.units.get(u.successor)) for u in by_name(old - new)]
    return tuple(added + closed)


def movements(content: Content, results: Results, from_year: str, to_year: str, top: int = 3) -> tuple[Movements, ...]:
    """Per indicator and stage, the ``top`` units with the largest absolute change in the total group."""
    found: dict[tuple[str, str], list[Movement]] = {}
    reported: dict[str, list[tuple[str, str, str]]] = {}
    for u, y, i, s, g in results.units:
        if y == to_year and g == "total":
            reported.setdefault(u, []).append((i, s, g))
    for unit in sorted({u for u, y in content.unit_years if y == to_year and u in content.units}):
        keys = reported.get(unit, [])
        for change in _value_changes(content, keys, lambda *key: results.unit(unit, *key), from_year, to_year):
            found.setdefault((change.indicator.id, change.stage), []).append(Movement(content.units[unit], change))
    out = []
    for key in sorted(found, key=lambda k: (list(content.indicators).index(k[0]), k[1])):
        indicator = content.indicators[key[0]]
        if found[key][0].change.series_break:
            out.append(Movements(indicator, key[1], True, ()))
            continue
        moved = [m for m in found[key] if fmt.round_half_up(m.change.delta, indicator.decimals) != 0]
        moved.sort(key=lambda m: (-abs(m.change.delta), m.unit.name))
        if moved:
            out.append(Movements(indicator, key[1], False, tuple(moved[:top])))
    return tuple(out)


# -- the terminal ------------------------------------------------------------
