"""What changed between two school years, for one unit or the whole municipality, and the `ska diff` command."""

from __future__ import annotations

import argparse
import difflib
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from . import formatting as fmt
from . import model
from .analyse import Results
from .model import (GROUPS, Action, Analysis, Content, Goal, ImprovementArea, Indicator, MunicipalityYear, Unit,
                    UnitYear)
from .problems import printable
from .rules import school_year_bounds
from .validate import validate
from .labels import ACTION_STATUS, GROUP_NAMES, PERSPECTIVES

FINISHED = ("done", "cancelled")  # action statuses that end an action
GOAL_FIELDS = ("text", "target", "direction", "indicators")
DIRECTIONS = {"increase": "ska öka", "decrease": "ska minska", "maintain": "ska bibehållas"}
MIN_KEPT = 3  # shorter unchanged runs between two changes are shown as part of the change
CONTEXT = 5  # unchanged words shown on each side of a change in the terminal
YEAR = re.compile(r"^(\d{4})[/-](\d{2})$", re.ASCII)  # ASCII: "２０２３/２４" is not a school year


# -- the changes -------------------------------------------------------------

@dataclass(frozen=True)
class Segment:
    """A run of words in a word diff: ``kind`` is "kept", "removed" or "added"."""

    kind: str
    text: str


@dataclass(frozen=True)
class ActionChange:
    """``kind``: "added", "finished" (done or cancelled; gone if ``after`` is None) or "moved" (new start or end)."""

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

    @property
    def area(self) -> ImprovementArea:
        return self.after or self.before


@dataclass(frozen=True)
class GoalChange:
    """``kind``: "added", "removed" or "changed"; ``fields`` names what changed, ``text`` is the word diff of the text.

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

    @property
    def goal(self) -> Goal:
        return self.after or self.before


@dataclass(frozen=True)
class TextChange:
    """An analysis perspective (a key of ``labels.PERSPECTIVES``) that was "added", "removed" or "changed"."""

    perspective: str
    kind: str
    segments: tuple[Segment, ...]


@dataclass(frozen=True)
class ValueChange:
    """A published figure in both years; ``delta`` (in the indicator's unit) is None at a series break."""

    indicator: Indicator
    stage: str
    group: str
    before: float
    after: float
    delta: float | None

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


# -- computing them ----------------------------------------------------------

def word_diff(before: str, after: str) -> tuple[Segment, ...]:
    """Words kept, removed and added; whitespace (line breaks too) counts as one space.

    A run of fewer than MIN_KEPT unchanged words between two changes (an "i" or "och" that
    two rewritten sentences happen to share) is folded into the change, so a rewrite reads
    as one removal and one addition.
    """
    a, b = before.split(), after.split()
    opcodes = difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
    out: list[Segment] = []
    removed: list[str] = []
    added: list[str] = []
    for n, (op, i1, i2, j1, j2) in enumerate(opcodes):
        if op == "equal" and (n in (0, len(opcodes) - 1) or i2 - i1 >= MIN_KEPT):
            out += [Segment(kind, " ".join(words)) for kind, words in (("removed", removed), ("added", added)) if words]
            removed, added = [], []
            out.append(Segment("kept", " ".join(a[i1:i2])))
        else:
            removed += a[i1:i2]
            added += b[j1:j2]
    out += [Segment(kind, " ".join(words)) for kind, words in (("removed", removed), ("added", added)) if words]
    return tuple(out)


def _words(text: str) -> str:
    return " ".join(text.split())


def diff_actions(before: tuple[Action, ...], after: tuple[Action, ...]) -> tuple[ActionChange, ...]:
    """Actions are the same action when their descriptions match (ignoring line breaks)."""
    old = {_words(a.description): a for a in before}
    new = {_words(a.description): a for a in after}
    added = [ActionChange("added", None, a) for key, a in new.items() if key not in old]
    finished = [ActionChange("finished", b, new.get(key)) for key, b in old.items()
                if b.status not in FINISHED and (key not in new or new[key].status in FINISHED)]
    moved = [ActionChange("moved", old[key], a) for key, a in new.items()
             if key in old and (a.start, a.end) != (old[key].start, old[key].end)]
    return tuple(added + finished + moved)


def diff_areas(before: tuple[ImprovementArea, ...], after: tuple[ImprovementArea, ...]) -> tuple[AreaChange, ...]:
    """Added, then closed, then carried on; an area already closed the year before is not news."""
    old = {a.id: a for a in before}
    new = {a.id: a for a in after}
    added = [AreaChange("added", None, a, diff_actions((), a.actions)) for a in after if a.id not in old]
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
            carried.append(AreaChange("carried", b, a, diff_actions(b.actions, a.actions)))
    return tuple(added + closed + carried)


def diff_goals(before: tuple[Goal, ...], after: tuple[Goal, ...],
               indicators: dict[str, Indicator]) -> tuple[GoalChange, ...]:
    """Added, removed, then changed (same id; text, target, direction or indicators differ)."""
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
                tuple(indicators[i] for i in b.indicators if i not in a.indicators and i in indicators)))
    return tuple(added + removed + changed)


def _goal_field(goal: Goal, name: str):
    value = getattr(goal, name)
    return frozenset(value) if name == "indicators" else _words(value) if name == "text" else value


def diff_analysis(before: Analysis, after: Analysis) -> tuple[TextChange, ...]:
    out = []
    for key in PERSPECTIVES:
        old, new = _words(getattr(before, key)), _words(getattr(after, key))
        if old == new:
            continue
        kind = "added" if not old else "removed" if not new else "changed"
        out.append(TextChange(key, kind, word_diff(old, new)))
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
    keys = sorted({k for k in keys if k[0] in position}, key=lambda k: (position[k[0]], k[1], GROUPS.index(k[2])))
    changes = (_value_change(indicators[i], s, g, look(from_year, i, s, g), look(to_year, i, s, g),
                             from_year, to_year) for i, s, g in keys)
    return tuple(c for c in changes if c)


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
                                   from_year, to_year))


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
        movements(content, results, from_year, to_year, top))


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

def format_text(diff: UnitDiff | MunicipalityDiff) -> str:
    """Readable Swedish, one line per change under headings: + added, − removed or ended, ~ changed.

    Names and texts come from the repository, so each line is made printable."""
    if isinstance(diff, UnitDiff):
        title = f"{diff.unit.name}: förändringar från {diff.from_year} till {diff.to_year}"
        sections = []
    else:
        title = f"Kommunen: förändringar från {diff.from_year} till {diff.to_year}"
        sections = [("Enheter", [_unit_line(c, diff.to_year) for c in diff.units])]
    sections += [
        ("Förbättringsområden", [line for c in diff.areas for line in _area_lines(c, diff.to_year)]),
        ("Mål", [_goal_line(c) for c in diff.goals]),
        ("Analys", [_text_line(c) for c in diff.analysis]),
        ("Resultat" if isinstance(diff, UnitDiff) else "Resultat för kommunen", [_value_line(v) for v in diff.values]),
    ]
    if isinstance(diff, MunicipalityDiff):
        sections.append(("Största förändringar per enhet (totalt)",
                         [line for m in diff.movements for line in _movement_lines(m)]))
    lines = [title]
    for heading, body in sections:
        if body:
            lines += ["", heading, *body]
    if len(lines) == 1:
        lines += ["", "Inga förändringar."]
    return "\n".join(map(printable, lines))


def _unit_line(change: UnitChange, to_year: str) -> str:
    unit = change.unit
    if change.kind == "new":
        before = f" (ersätter {_names(change.predecessors)})" if change.predecessors else ""
        return f"+ Ny enhet: {unit.name}{before}"
    if change.successor:
        return f"− {unit.name} har stängt och gått upp i {change.successor.name}"
    return f"− {unit.name} har stängt" if unit.closed else f"− {unit.name} har ingen plan för {to_year}"


def _names(units: tuple[Unit, ...]) -> str:
    names = [u.name for u in units]
    return " och ".join([", ".join(names[:-1]), names[-1]] if len(names) > 1 else names)


def _area_lines(change: AreaChange, to_year: str) -> list[str]:
    title = change.area.title
    if change.kind == "added":
        head = f"+ Nytt: {title}"
    elif change.kind == "closed":
        head = f"− Avslutat: {title}" + ("" if change.after else f" (finns inte med {to_year})")
    else:
        head = f"~ Fortsätter: {title}"
    return [head, *("  " + _action_line(a) for a in change.actions)]


def _period(action: Action) -> str:
    return " – ".join(x for x in (action.start, action.end) if x) or "ingen tid angiven"


def _action_line(change: ActionChange) -> str:
    text = _words(change.action.description)
    if change.kind == "added":
        return f"+ Ny åtgärd: {text} ({_period(change.after)})"
    if change.kind == "finished":
        how = ACTION_STATUS[change.after.status] if change.after else "Finns inte kvar"
        return f"− {how}: {text}"
    return f"~ Ny tid: {text} ({_period(change.before)} → {_period(change.after)})"


def _goal_line(change: GoalChange) -> str:
    if change.kind == "added":
        return f"+ Nytt mål: {_words(change.goal.text)}"
    if change.kind == "removed":
        return f"− Borttaget mål: {_words(change.goal.text)}"
    before, after = change.before, change.after
    text = _segments(change.text) if change.text else _words(after.text)
    parts = []
    if "target" in change.fields:
        parts.append(f"målvärde {_target(before, change)} → {_target(after, change)}")
    if "direction" in change.fields:
        parts.append(f"riktning {_direction(before)} → {_direction(after)}")
    if "indicators" in change.fields:
        moved = [f"+{i.label}" for i in change.indicators_added] + [f"−{i.label}" for i in change.indicators_removed]
        parts.append("indikatorer " + (", ".join(moved) or "ändrade"))
    return f"~ Ändrat mål: {text}" + (f" ({'; '.join(parts)})" if parts else "")


def _target(goal: Goal, change: GoalChange) -> str:
    indicator = change.target_indicator
    if goal.target is None:
        return "inget"
    return fmt.figure(goal.target, indicator.unit, indicator.decimals) if indicator else fmt.number(goal.target)


def _direction(goal: Goal) -> str:
    return DIRECTIONS.get(goal.direction, "ingen")


def _text_line(change: TextChange) -> str:
    label = PERSPECTIVES[change.perspective]
    if change.kind == "added":
        return f"+ {label}: {change.segments[0].text}"
    if change.kind == "removed":
        return f"− {label}: {change.segments[0].text}"
    return f"~ {label}: {_segments(change.segments)}"


def _segments(segments: tuple[Segment, ...]) -> str:
    """[-removed-]{+added+}, long unchanged runs cut to CONTEXT words either side of a change."""
    out = ""
    last = len(segments) - 1
    for n, segment in enumerate(segments):
        if segment.kind == "removed":
            part = f"[-{segment.text}-]"
        elif segment.kind == "added":
            part = f"{{+{segment.text}+}}"
        else:
            words = segment.text.split()
            head, tail = (0 if n == 0 else CONTEXT), (0 if n == last else CONTEXT)
            if len(words) > head + tail + 1:
                words = words[:head] + ["…"] + words[len(words) - tail:]
            part = " ".join(words)
        glued = segment.kind == "added" and n > 0 and segments[n - 1].kind == "removed"
        out += part if not out or glued else " " + part
    return out


def _label(indicator: Indicator, stage: str, group: str = "") -> str:
    name = indicator.label + (f" {stage}" if stage else "")
    return f"{name}, {GROUP_NAMES[group].lower()}" if group else name


def _values(change: ValueChange) -> str:
    ind = change.indicator
    delta = "seriebrott" if change.series_break else fmt.difference(change.delta, ind.unit, ind.decimals)
    before, after = (fmt.figure(v, ind.unit, ind.decimals) for v in (change.before, change.after))
    return f"{before} → {after} ({delta})"


def _value_line(change: ValueChange) -> str:
    return f"~ {_label(change.indicator, change.stage, change.group)}: {_values(change)}"


def _movement_lines(group: Movements) -> list[str]:
    label = _label(group.indicator, group.stage)
    if group.series_break:
        return [f"~ {label}: seriebrott, enheternas värden kan inte jämföras med förra läsåret"]
    return [f"~ {label}: {m.unit.name} {_values(m.change)}" for m in group.largest]


# -- the command ------------------------------------------------------------

class DiffError(Exception):
    """A mistake in the command line, told to the user in Swedish without a traceback."""


def add_command(subparsers) -> None:
    """Register `ska diff` on the `ska` parser's subparsers."""
    diff = subparsers.add_parser("diff", help="visa vad som ändrats mellan två läsår", description=(
        "Visar vad som ändrats mellan två läsår: förbättringsområden (nya, avslutade, fortsatta), åtgärder "
        "(nya, genomförda, med ny tid), mål, analysens text ord för ord och resultaten med förändringen i "
        "procentenheter eller poäng. Skyddade siffror jämförs inte, och vid seriebrott står ”seriebrott” i "
        "stället för en förändring. Utan --unit visas hela kommunen: nya och stängda enheter och de enheter "
        "vars resultat ändrats mest."))
    diff.add_argument("from_year", metavar="FRÅN", help="läsåret att jämföra från, t.ex. 2023/24 (eller 2023-24)")
    diff.add_argument("to_year", metavar="TILL", help="läsåret att jämföra med, t.ex. 2024/25 (eller 2024-25)")
    diff.add_argument("--unit", metavar="ID", help="visa en enhet, med id som i content/units/ (t.ex. eneskolan)")
    diff.add_argument("--path", default=".", metavar="SÖKVÄG", help="projektets mapp (standard: .)")
    diff.add_argument("--top", type=int, default=3, metavar="N",
                      help="antal enheter med störst förändring per indikator (standard: 3)")
    diff.set_defaults(run=cmd_diff)


def cmd_diff(args: argparse.Namespace) -> int:
    try:
        print(format_text(run(args.from_year, args.to_year, args.unit, Path(args.path), args.top)))
    except DiffError as error:
        print(printable(str(error)), file=sys.stderr)
        return 2
    return 0


def run(from_year: str, to_year: str, unit: str | None, path: Path, top: int = 3) -> UnitDiff | MunicipalityDiff:
    """Load and check the project at ``path`` and diff the two years; DiffError explains what is wrong."""
    from .cli import find_project, no_project  # here, not at the top: cli imports this module

    from_year, to_year = school_year(from_year), school_year(to_year)
    if from_year >= to_year:
        raise DiffError(f"FRÅN ({from_year}) ska vara ett tidigare läsår än TILL ({to_year}).")
    if top < 1:
        raise DiffError("--top ska vara minst 1.")
    project = find_project(path if path.is_dir() else path.parent) if path.exists() else None
    if project is None:
        raise DiffError(no_project(str(path)))
    report = validate(project)
    if not report.ok:
        raise DiffError(f"Innehållet har {len(report.errors)} fel. Kör ska validate och rätta dem först.")
    content = model.from_documents(report.documents)
    for year in (from_year, to_year):
        if year not in content.school_years:
            raise DiffError(f"Läsåret {year} finns inte i innehållet. Läsår som finns: "
                            f"{', '.join(content.school_years) or 'inga'}.")
    results = Results(content)
    if unit is None:
        return diff_municipality(content, results, from_year, to_year, top)
    unit = find_unit(content, unit)
    for year in (from_year, to_year):
        if (unit, year) not in content.unit_years:
            raise DiffError(missing_plan(content, content.units[unit], year))
    return diff_unit(content, results, unit, from_year, to_year)


def school_year(text: str) -> str:
    """"2023/24" or "2023-24" → "2023/24"; DiffError for anything else."""
    match = YEAR.match(text.strip())
    if not match or (int(match.group(1)) + 1) % 100 != int(match.group(2)):
        raise DiffError(f"”{text}” är inte ett läsår. Skriv det som 2023/24 (eller 2023-24).")
    return fmt.school_year(text.strip())


def find_unit(content: Content, wanted: str) -> str:
    """The unit id for an id or a name (any case); DiffError with the nearest match otherwise."""
    if wanted in content.units:
        return wanted
    names = {u.name.lower(): u.id for u in content.units.values()}
    if wanted.lower() in names:
        return names[wanted.lower()]
    close = difflib.get_close_matches(wanted.lower(), list(content.units) + list(names), n=1, cutoff=0.6)
    if close:
        unit = content.units[names.get(close[0], close[0])]
        hint = f"Menade du ”{unit.id}” ({unit.name})?"
    else:
        hint = "Enheternas id är filnamnen i content/units/, utan .yaml."
    raise DiffError(f"Enheten ”{wanted}” finns inte. {hint}")


def missing_plan(content: Content, unit: Unit, year: str) -> str:
    message = f"{unit.name} har ingen kvalitetsplan för {year}."
    if unit.successor and unit.successor in content.units:
        message += f" Enheten har gått upp i {content.units[unit.successor].name} (--unit {unit.successor})."
    elif unit.opened > school_year_bounds(year)[1].isoformat():
        message += f" Enheten startade {unit.opened}."
    return message
