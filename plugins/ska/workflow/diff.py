"""`ska diff`: what changed between two school years, as text for the terminal."""

from __future__ import annotations

import argparse
import difflib
import sys
from pathlib import Path

from .. import formatting as fmt
from ..analysis.change_words import goal_details, recommendation_detail, staff_value, staff_what
from ..analysis.part_diff import PartDiff, diff_part
from ..analysis.recommendation_diff import RecommendationChange
from ..analysis.score_diff import ScoreChange
from ..analysis.staff import StaffChange
from ..analysis.yeardiff import (ActionChange, AreaChange, GoalChange, Movements, MunicipalityDiff, Segment, TextChange,
                                 UnitChange, UnitDiff, ValueChange, diff_municipality, diff_unit, one_line)
from ..content.problems import printable
from ..domain import ALL_STAGES, first_day, parse_school_year, school_year_bounds
from ..labels import (ACTION_STATUS, CHAIN_CHANGES, EFFECT_STEPS, GROUP_NAMES, PERSPECTIVES)
from ..model import Action, Content, Indicator, Unit
from ..pipeline import build, find_project, no_project
from .site_options import min_group_size

CONTEXT = 5  # unchanged words shown on each side of a change in the terminal


def format_text(diff: UnitDiff | MunicipalityDiff | PartDiff) -> str:
    """Readable Swedish, one line per change under headings: + added, − removed or ended, ~ changed.

    Names and texts come from the repository, so each line is made printable."""
    if isinstance(diff, UnitDiff):
        title = f"{diff.unit.name}: förändringar från {diff.from_year} till {diff.to_year}"
        sections = []
    elif isinstance(diff, PartDiff):
        title = f"{diff.part.name}: förändringar från {diff.from_year} till {diff.to_year}"
        sections = []
    else:
        title = f"Kommunen: förändringar från {diff.from_year} till {diff.to_year}"
        sections = [("Enheter", [_unit_line(c, diff.to_year) for c in diff.units])]
    sections += [
        ("Förbättringsområden", [line for c in diff.areas for line in _area_lines(c, diff.to_year)]),
        ("Mål", [_goal_line(c) for c in diff.goals]),
        ("Analys", [_text_line(c) for c in diff.analysis]),
        ({UnitDiff: "Resultat", PartDiff: "Resultat för delens enheter tillsammans"}.get(type(diff), "Resultat för kommunen"),
         [_value_line(v) for v in diff.values]),
        ("Huvudmannanivåns självskattning (medelvärde per strategi och bedömarroll)" if isinstance(diff, MunicipalityDiff)
         else "Självskattning (medelvärde per strategi och bedömarroll)", [_score_line(c) for c in diff.scores]),
    ]
    if isinstance(diff, MunicipalityDiff):
        sections.append(("Personal per år", [_staff_line(c) for c in diff.staff]))
        sections.append(("Rekommendationer", [_recommendation_line(c) for c in diff.recommendations]))
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


def _staff_line(change: StaffChange) -> str:
    if change.before is None:
        return f"+ {staff_what(change)}: {staff_value(change.after, change.unit)}"
    return f"~ {staff_what(change)}: {staff_value(change.before, change.unit)} → {staff_value(change.after, change.unit)}"


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
    return [head, *("  " + _action_line(a) for a in change.actions), *(["  " + _chain_line(change)] if change.chain else [])]


def _chain_line(change: AreaChange) -> str:
    """The area's effect chain: added, changed (which steps) or removed."""
    sign = {"added": "+", "changed": "~", "removed": "−"}[change.chain]
    steps = ", ".join(EFFECT_STEPS[s].lower() for s in change.chain_steps)
    return f"{sign} {CHAIN_CHANGES[change.chain]}" + (f": {steps}" if steps else "")


def _period(action: Action) -> str:
    when = " – ".join(x for x in (action.start, action.end) if x)
    if action.months:
        when += (", " if when else "") + "i " + fmt.months(action.months)
    return when or "ingen tid angiven"


def _action_line(change: ActionChange) -> str:
    text = one_line(change.action.description)
    if change.kind == "added":
        return f"+ Ny åtgärd: {text} ({_period(change.after)})"
    if change.kind == "finished":
        how = ACTION_STATUS[change.after.status] if change.after else "Finns inte kvar"
        return f"− {how}: {text}"
    if change.kind == "chain":
        return f"~ Ändrad effektkedja: {text}"
    return f"~ Ny tid: {text} ({_period(change.before)} → {_period(change.after)})"


def _goal_line(change: GoalChange) -> str:
    if change.kind == "added":
        return f"+ Nytt mål: {one_line(change.goal.text)}"
    if change.kind == "removed":
        return f"− Borttaget mål: {one_line(change.goal.text)}"
    text = _segments(change.text) if change.text else one_line(change.after.text)
    parts = goal_details(change)
    return f"~ Ändrat mål: {text}" + (f" ({'; '.join(parts)})" if parts else "")


def _recommendation_line(change: RecommendationChange) -> str:
    rec = change.recommendation
    name = f"{rec.id}: {one_line(rec.text)}" if rec.id else one_line(rec.text)
    if change.kind == "added":
        return f"+ Ny rekommendation: {name}"
    if change.kind == "removed":
        return f"− Borttagen rekommendation: {name}"
    if change.kind == "changed":
        return f"~ Ändrad rekommendation: {name} ({recommendation_detail(change)})"
    return f"~ Uppföljning: {name} ({recommendation_detail(change)})"


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


def _label(indicator: Indicator, stage: str, group: str = "", group_name: str = "") -> str:
    name = indicator.label + (f" {stage}" if stage and stage != ALL_STAGES else "")
    if group in GROUP_NAMES:
        return f"{name}, {GROUP_NAMES[group].lower()}"
    return f"{name}, {group_name or group}" if group else name


def _values(change: ValueChange) -> str:
    ind = change.indicator
    delta = "seriebrott" if change.series_break else fmt.difference(change.delta, ind.unit, ind.decimals)
    before, after = (fmt.figure(v, ind.unit, ind.decimals) for v in (change.before, change.after))
    return f"{before} → {after} ({delta})"


def _value_line(change: ValueChange) -> str:
    return f"~ {_label(change.indicator, change.stage, change.group, change.group_name)}: {_values(change)}"


def _score_line(change: ScoreChange) -> str:
    label = f"{change.strategy}, {change.role} ({change.role_name})" if change.role_name != change.role else \
        f"{change.strategy}, {change.role}"
    before, after = (fmt.number(v, change.decimals) for v in (change.before, change.after))
    if change.before is None:
        return f"+ {label}: {after} (inte skattad förra läsåret)"
    if change.after is None:
        return f"− {label}: {before} (inte skattad i år)"
    delta = fmt.difference(fmt.rounded_difference(change.after, change.before, change.decimals), "score", change.decimals)
    return f"~ {label}: {before} → {after} ({delta})"


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
    diff.add_argument("--part", metavar="ID", help="visa en verksamhetsdel (skolform, funktion eller område), med id "
                      "som i content/parts/ (t.ex. grundskolan): dess plan och dess enheters siffror tillsammans")
    diff.add_argument("--path", default=".", metavar="SÖKVÄG", help="projektets mapp (standard: .)")
    diff.add_argument("--top", type=int, default=3, metavar="N",
                      help="antal enheter med störst förändring per indikator (standard: 3)")
    diff.set_defaults(run=cmd_diff)


def cmd_diff(args: argparse.Namespace) -> int:
    try:
        print(format_text(run(args.from_year, args.to_year, args.unit, Path(args.path), args.top, args.part)))
    except DiffError as error:
        print(printable(str(error)), file=sys.stderr)
        return 2
    return 0


def run(from_year: str, to_year: str, unit: str | None, path: Path, top: int = 3,
        part: str | None = None) -> UnitDiff | MunicipalityDiff | PartDiff:
    """Load and check the project at ``path`` and diff the two years; DiffError explains what is wrong."""
    from_year, to_year = school_year(from_year), school_year(to_year)
    if from_year >= to_year:
        raise DiffError(f"FRÅN ({from_year}) ska vara ett tidigare läsår än TILL ({to_year}).")
    if top < 1:
        raise DiffError("--top ska vara minst 1.")
    project = find_project(path if path.is_dir() else path.parent) if path.exists() else None
    if project is None:
        raise DiffError(no_project(str(path)))
    built = build(project, min_group=min_group_size(project))  # the groups the site hides
    if not built.ok:
        raise DiffError(f"Innehållet har {len(built.report.errors)} fel. Kör ska validate och rätta dem först.")
    content, results = built.content, built.results
    for year in (from_year, to_year):
        if year not in content.school_years:
            raise DiffError(f"Läsåret {year} finns inte i innehållet. Läsår som finns: "
                            f"{', '.join(content.school_years) or 'inga'}.")
    if part is not None:
        if unit is not None:
            raise DiffError("Ange antingen --unit eller --part, inte båda.")
        return diff_part(content, results, find_part(content, part), from_year, to_year)
    if unit is None:
        return diff_municipality(content, results, from_year, to_year, top)
    unit = find_unit(content, unit)
    for year in (from_year, to_year):
        if (unit, year) not in content.unit_years:
            raise DiffError(missing_plan(content, content.units[unit], year))
    return diff_unit(content, results, unit, from_year, to_year)


def school_year(text: str) -> str:
    """"2023/24" or "2023-24" → "2023/24"; DiffError for anything else."""
    year = parse_school_year(text.strip())
    if year is None:
        raise DiffError(f"”{text}” är inte ett läsår. Skriv det som 2023/24 (eller 2023-24).")
    return year


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


def find_part(content: Content, wanted: str) -> str:
    """The part id for an id or a name (any case); DiffError with the nearest match otherwise."""
    names = {p.name.lower(): p.id for p in content.parts.values()}
    found = wanted if wanted in content.parts else names.get(wanted.lower())
    if found:
        return found
    close = difflib.get_close_matches(wanted.lower(), list(content.parts) + list(names), n=1, cutoff=0.6)
    hint = f"Menade du ”{names.get(close[0], close[0])}”?" if close else \
        "Verksamhetsdelarnas id är filnamnen i content/parts/, utan .yaml."
    raise DiffError(f"Verksamhetsdelen ”{wanted}” finns inte. {hint}")


def missing_plan(content: Content, unit: Unit, year: str) -> str:
    message = f"{unit.name} har ingen kvalitetsplan för {year}."
    if unit.successor and unit.successor in content.units:
        message += f" Enheten har gått upp i {content.units[unit.successor].name} (--unit {unit.successor})."
    elif unit.opened and first_day(unit.opened) > school_year_bounds(year)[1]:
        message += f" Enheten startade {unit.opened}."
    return message
