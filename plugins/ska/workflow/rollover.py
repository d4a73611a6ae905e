"""Start a new school year: new year files made from last year's, carrying forward what continues."""

from __future__ import annotations

import difflib
import io
import os
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import DoubleQuotedScalarString

from ..analysis import staff
from ..content import files, rules
from ..content.files import Source
from ..content.problems import ERROR, Problem, format_path, printable, sort_problems
from ..content.schemas import Schemas
from ..content.validate import check_file, place, validate
from ..domain import (FIRST_YEAR, LAST_YEAR, MODELINE, MUNICIPALITY_YEAR, PART_YEAR, UNIT, UNIT_YEAR, first_day,
                      modeline, running, school_year_bounds, school_year_of_folder, school_year_slug)
from ..domain import parse_school_year as known_school_year
from . import yaml_edit

SCHOOL_YEAR = re.compile(r"^(\d{4})/(\d{2})$", re.ASCII)

# What happens to each top-level field at the turn of the year. Fields not listed are not carried.
CARRY, FRESH, DROP, OPEN = "carry", "fresh", "drop", "open"
COMPARE = "compare"  # last year's own figures stay, with their period written out, to compare the new ones with
FIELDS = {
    UNIT_YEAR: {
        "unit": CARRY, "principal": CARRY, "goals": CARRY, "development_areas": CARRY,
        "summary": FRESH, "results": FRESH, "analysis": FRESH,
        "self_assessment": DROP,
        "improvement_areas": OPEN, "inspections": OPEN,
    },
    MUNICIPALITY_YEAR: {
        "municipality": CARRY, "goal_areas": CARRY, "priorities": CARRY, "development_areas": CARRY,
        "summary": FRESH, "recommendations": FRESH, "analysis": FRESH, "complaints": FRESH,
        "sick_leave": FRESH, "programme_follow_up": FRESH, "staff": COMPARE,
        "recommendation_follow_up": DROP,  # last year's follow-up of the year before; see _follow_up
        "self_assessment": DROP, "leadership_turnover": DROP,
        "references": DROP,  # the reference series' figures are each year's own (riket's, a group's): none carried
        "improvement_areas": OPEN, "inspections": OPEN,
    },
    PART_YEAR: {  # a part of the organisation's plan: like a unit's, without results
        "part": CARRY, "goals": CARRY, "development_areas": CARRY,
        "summary": FRESH, "analysis": FRESH,
        "self_assessment": DROP,
        "improvement_areas": OPEN,
    },
}
FINISHED_ACTIONS = ("done", "cancelled")

CREATE, EXISTS, SKIP = "create", "exists", "skip"


class RolloverError(Exception):
    """The year cannot be started; ``message`` and ``hint`` say why in Swedish, ``problems`` list file errors."""

    def __init__(self, message: str, hint: str = "", problems: list[Problem] | None = None):
        super().__init__(message)
        self.message, self.hint, self.problems = message, hint, problems or []


@dataclass
class FilePlan:
    """One file of the new year: created (from ``source``, last year's file), already there or skipped."""

    name: str
    kind: str
    action: str
    note: str = ""
    source: str = ""
    carried: list[str] = field(default_factory=list)
    fresh: list[str] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)
    text: str = field(default="", repr=False)


@dataclass
class Plan:
    """What starting the year does (or, in a dry run, would do)."""

    school_year: str
    previous_year: str
    files: list[FilePlan]
    needs_input: list[Problem]
    dry_run: bool

    def having(self, action: str) -> list[FilePlan]:
        return [f for f in self.files if f.action == action]


def parse_school_year(text: str) -> str:
    """"2025/26" as written; anything else is a RolloverError that suggests the right form."""
    text = text.strip()
    if "/" in text and known_school_year(text):
        return text
    match = SCHOOL_YEAR.match(text)  # for the hint below
    first = re.search(r"\d{4}", text)
    if first and not FIRST_YEAR <= int(first.group()) <= LAST_YEAR:  # a hint to write it so would be refused too
        raise RolloverError(f"”{text}” är inte ett läsår: ett läsår börjar mellan år {FIRST_YEAR} och {LAST_YEAR}.",
                            "Skriv läsåret som ÅÅÅÅ/ÅÅ, t.ex. 2025/26.")
    if match:
        start = int(match.group(1))
        raise RolloverError(f"”{text}” är inte ett läsår: ett läsår slutar året efter att det börjar.",
                            f"Skriv {start}/{(start + 1) % 100:02d}.")
    years = re.findall(r"\d{4}", text)
    if years:
        start = int(years[0])
        right = f"{start}/{(start + 1) % 100:02d}"
        raise RolloverError(f"Läsåret ”{text}” är inte skrivet som ÅÅÅÅ/ÅÅ.",
                            f"Skriv {right} (året då läsåret börjar, snedstreck och de två sista siffrorna "
                            "i året då det slutar).")
    raise RolloverError(f"”{text}” är inte ett läsår.", "Skriv läsåret som ÅÅÅÅ/ÅÅ, t.ex. 2025/26.")


def start_year(project: Path, new_year: str, units: list[str] | None = None, dry_run: bool = False) -> Plan:
    """Create content/years/<new_year>/ from the year before; raise RolloverError if that cannot be done."""
    project = Path(project)
    new_year = parse_school_year(new_year)
    previous = _previous(project, new_year)
    report = validate(project, use_cache=False)
    errors: dict[str, list[Problem]] = {}
    for p in report.errors:
        errors.setdefault(p.file, []).append(p)
    _stop_on([p for name, found in errors.items() if name.startswith("content/units/") for p in found], previous)
    registry = {data["id"]: data for source, data in report.documents if source.kind == UNIT}
    old, new = f"content/years/{school_year_slug(previous)}/", f"content/years/{school_year_slug(new_year)}/"
    last_year = {path.stem for path in (project / old / "units").glob("*.yaml")}
    start, end = school_year_bounds(new_year)

    files: list[FilePlan] = []
    if units is None:
        name = new + "municipality.yaml"
        if (project / name).exists():
            files.append(FilePlan(name, MUNICIPALITY_YEAR, EXISTS))
        elif (project / old / "municipality.yaml").is_file():
            files.append(FilePlan(name, MUNICIPALITY_YEAR, CREATE, source=old + "municipality.yaml"))
        else:
            files.append(FilePlan(name, MUNICIPALITY_YEAR, SKIP, f"kommunens fil för {previous} saknas; skriv den för hand"))
        files += _part_files(project, old, new)
    for unit_id in _unit_ids(units, registry, last_year, start, end):
        name, unit = f"{new}units/{unit_id}.yaml", registry.get(unit_id)
        if (project / name).exists():
            files.append(FilePlan(name, UNIT_YEAR, EXISTS))
        elif unit is None:
            files.append(FilePlan(name, UNIT_YEAR, SKIP, "enheten finns inte i content/units/"))
        elif not running("", unit.get("closed", ""), start, end):
            files.append(FilePlan(name, UNIT_YEAR, SKIP, f"enheten stängde {unit['closed']}"))
        elif not running(unit.get("opened", ""), "", start, end):
            files.append(FilePlan(name, UNIT_YEAR, SKIP, f"enheten startar {unit['opened']}, efter läsåret"))
        elif unit_id in last_year:
            files.append(FilePlan(name, UNIT_YEAR, CREATE, source=f"{old}units/{unit_id}.yaml"))
        else:  # an opening not known is not news
            note = "ny enhet" if unit.get("opened") and first_day(unit["opened"]) >= start else "ingen fil förra läsåret"
            files.append(_new_unit(name, unit_id, new_year, note))

    _stop_on([p for f in files if f.source for p in errors.get(f.source, [])], previous)
    schemas = Schemas(project / "schemas")
    for plan in files:
        if plan.source:
            _roll_file(project, plan, new_year, schemas)
    found = check_new(files, report.documents, schemas)
    errors = [p for p in found if p.severity == ERROR]
    if errors:
        raise RolloverError("De nya filerna skulle få fel, så inget har skrivits.",
                            "Felen kommer från förra läsårets filer: rätta dem där och kör kommandot igen.", errors)
    plan = Plan(new_year, previous, files, found, dry_run)
    if not dry_run:
        write_new(project, plan.having(CREATE))
    return plan


def _previous(project: Path, new_year: str) -> str:
    """The school year before ``new_year``, whose folder must exist."""
    start = int(new_year[:4])
    previous = f"{start - 1}/{start % 100:02d}"
    years = project / "content" / "years"
    if not (years / school_year_slug(previous)).is_dir():
        existing = sorted(p.name for p in years.glob("*") if school_year_of_folder(p.name)) if years.is_dir() else []
        latest = f" Det senaste läsåret är {existing[-1].replace('-', '/')}." if existing else ""
        raise RolloverError(f"Läsåret före {new_year} ({previous}) finns inte i content/years/.{latest}",
                            f"Ett nytt läsår görs utifrån året före, så mappen content/years/{school_year_slug(previous)}/ behövs. "
                            "Kontrollera läsåret; läsåren startas ett i taget och i tur och ordning.")
    return previous


def _stop_on(errors: list[Problem], previous: str) -> None:
    if errors:
        raise RolloverError(f"Filer som det nya läsåret görs av (enheterna eller läsåret {previous}) har fel, "
                            "så inget har skrivits.",
                            "Rätta felen ovan (ska validate visar dem också) och kör kommandot igen.", sort_problems(errors))


def _unit_ids(requested: list[str] | None, registry: dict, last_year: set[str], start: date, end: date) -> list[str]:
    """The units to make files for: last year's and those running in the new year (an opening not known
    counts as running), or the ones asked for."""
    now = {uid for uid, u in registry.items() if running(u.get("opened", ""), u.get("closed", ""), start, end)}
    if requested is None:
        return sorted(set(last_year) | now)
    known = set(registry) | set(last_year)
    for uid in requested:
        if uid not in known:
            close = difflib.get_close_matches(uid, sorted(known), n=1, cutoff=0.8)
            hint = f"Menade du ”{close[0]}”?" if close else "Ange enhetens id som i content/units/ (filens namn utan .yaml)."
            raise RolloverError(f"Enheten ”{uid}” finns inte.", hint)
    return list(dict.fromkeys(requested))


def _part_files(project: Path, old: str, new: str) -> list[FilePlan]:
    """Last year's plans of the parts of the organisation (years/<läsår>/parts/), each made anew from its own."""
    out = []
    for path in sorted((project / old / "parts").glob("*.yaml")):
        name = f"{new}parts/{path.name}"
        if (project / name).exists():
            out.append(FilePlan(name, PART_YEAR, EXISTS))
        else:
            out.append(FilePlan(name, PART_YEAR, CREATE, source=f"{old}parts/{path.name}"))
    return out


def _new_unit(name: str, unit_id: str, school_year: str, note: str) -> FilePlan:
    text = f"{modeline(name, UNIT_YEAR)}\nunit: {unit_id}\nschool_year: {school_year}\nresults: []\n"
    return FilePlan(name, UNIT_YEAR, CREATE, note, fresh=["Resultat [results]"], text=text)


# -- one file: last year's document, round-tripped with its comments ----------------


def _roll_file(project: Path, plan: FilePlan, new_year: str, schemas: Schemas) -> None:
    """Fill in ``plan.text`` from its source, last year's file."""
    text, _ = files.decode((project / plan.source).read_bytes(), plan.source)
    windows = "\r\n" in text
    yaml = yaml_edit.round_trip()
    doc = yaml.load(text.replace("\r\n", "\n"))
    _roll(doc, plan.kind, new_year, schemas, plan)
    out = io.StringIO()
    yaml.dump(doc, out)
    new_text = out.getvalue()
    if not MODELINE.match(new_text):
        new_text = modeline(plan.name, plan.kind) + "\n" + new_text
    plan.text = new_text.replace("\n", "\r\n") if windows else new_text


def _roll(doc: CommentedMap, kind: str, new_year: str, schemas: Schemas, plan: FilePlan) -> None:
    """Turn last year's document into this year's in place; note what was carried, emptied and left out."""
    order = list(schemas.bundled[kind]["properties"])
    fields = FIELDS[kind]
    old_year = str(doc.get("school_year", ""))
    yaml_edit.put(doc, "school_year", new_year, order)
    if kind == UNIT_YEAR:
        yaml_edit.put(doc, "results", yaml_edit.emptied([]), order)
    follow_up = _follow_up(doc) if kind == MUNICIPALITY_YEAR else None
    for key in list(doc):
        if key in ("school_year", "unit", "part"):
            continue
        what, title = fields.get(key), f"{schemas.title(kind, (key,)) or key} [{key}]"
        if what == CARRY:
            count = f": {len(doc[key])}" if isinstance(doc[key], list) else ""
            plan.carried.append(title + count)
        elif what == FRESH:
            yaml_edit.replace(doc, key, yaml_edit.emptied(doc[key]))
            plan.fresh.append(title)
        elif what == OPEN:
            _open_items(doc, key, title, kind, schemas, plan)
        elif what == COMPARE:
            _compare_with(doc, key, title, old_year, schemas, plan)
        else:
            yaml_edit.remove(doc, key)
            plan.dropped.append(title)
    if follow_up:
        yaml_edit.put(doc, "recommendation_follow_up", follow_up, order)
        ids = ", ".join(item["recommendation"] for item in follow_up)
        plan.fresh.append(f"{schemas.title(kind, ('recommendation_follow_up',))} [recommendation_follow_up]: "
                          f"{ids}; skriv årets status")


def _follow_up(doc: CommentedMap) -> CommentedSeq:
    """The new year follows up last year's recommendations (not last year's as this year's): one entry for each
    with an id and a status that is not done or cancelled, with that status, for the editor to bring up to date.
    One without a status gets no entry (none is made up); the summary then shows it as without status."""
    items = doc.get("recommendations")
    follow_up = CommentedSeq()
    for item in items if isinstance(items, list) else []:
        if isinstance(item, dict) and "id" in item and item.get("status", "done") not in FINISHED_ACTIONS:
            follow_up.append(CommentedMap([("recommendation", item["id"]), ("status", item["status"])]))
    return follow_up


def _open_items(doc: CommentedMap, key: str, title: str, kind: str, schemas: Schemas, plan: FilePlan) -> None:
    """Keep the improvement areas and inspections that are not closed; areas go on as "open" in the new year."""
    items = doc[key]
    closed = [item.get("id") for item in items if item.get("status") == "closed"]
    yaml_edit.keep_items(doc, key, lambda item: item.get("status") != "closed")
    if closed:
        plan.dropped.append(f"{title}, avslutade: {', '.join(map(str, closed))}")
    if not items:
        yaml_edit.remove(doc, key)
        return
    plan.carried.append(f"{title}: {', '.join(str(item.get('id')) for item in items)}")
    if key != "improvement_areas":
        return
    order = list(schemas.bundled[kind]["$defs"]["improvement_area"]["properties"])
    finished, emptied = 0, []
    for area in items:
        yaml_edit.put(area, "status", "open", order)
        yaml_edit.put(area, "effect_assessment", DoubleQuotedScalarString(""), order)
        if "actions" in area:
            before = len(area["actions"])
            yaml_edit.keep_items(area, "actions", lambda action: action.get("status") not in FINISHED_ACTIONS)
            finished += before - len(area["actions"])
            if not area["actions"]:
                emptied.append(str(area.get("id")))
    plan.fresh.append(f"Bedömd effekt [effect_assessment] i {', '.join(str(a.get('id')) for a in items)}")
    if emptied:
        plan.fresh.append(f"Åtgärder [actions] i {', '.join(emptied)}: alla var genomförda eller avbrutna")
    if finished:
        plan.dropped.append(f"Genomförda eller avbrutna åtgärder: {finished}")


def _compare_with(doc: CommentedMap, key: str, title: str, old_year: str, schemas: Schemas, plan: FilePlan) -> None:
    """Annual staff figures: each measure's latest figure stays, its period written out (last year's school
    year, unless it says otherwise), so the new year's figures are shown beside it; older ones go."""
    items = doc[key]
    period = {id(item): str(item.get("period", old_year)) for item in items}
    latest = {}
    for item in items:
        best = latest.get(item.get("measure"))
        if best is None or staff.period_key(period[id(item)]) > staff.period_key(period[id(best)]):
            latest[item.get("measure")] = item
    kept = {id(item) for item in latest.values()}
    yaml_edit.keep_items(doc, key, lambda item: id(item) in kept)
    order = list(schemas.bundled[MUNICIPALITY_YEAR]["$defs"]["staff_figure"]["properties"])
    for item in items:
        if "period" not in item:
            yaml_edit.put(item, "period", old_year, order)
    if items:
        plan.carried.append(f"{title}: {', '.join(sorted({period[id(i)] for i in items}))}, att jämföra med")
    plan.fresh.append(f"{title}: siffrorna för {doc['school_year']}")


# -- checking the whole plan, then writing it ------------------------------------


def check_new(files: list[FilePlan], documents: list[tuple[Source, dict]], schemas: Schemas) -> list[Problem]:
    """The problems the files to be created would have, against the schema and the rules with the rest of
    the content: errors stop the caller; warnings say what to fill in."""
    problems: list[Problem] = []
    planned: list[tuple[Source, dict]] = []
    texts = {}
    for plan in (f for f in files if f.action == CREATE):
        data, found = check_file(plan.name, plan.kind, plan.text.encode("utf-8"), schemas)
        problems += found
        texts[plan.name] = plan.text
        if data is not None:
            planned.append((Source(Path(plan.name), plan.name, plan.kind), data))
    cross = [p for p in rules.check(documents + planned) if p.file in texts]
    for name, text in texts.items():
        problems += place([p for p in cross if p.file == name], text)
    return sort_problems(problems)


def write_new(project: Path, files: list[FilePlan], what: str = "av det nya läsåret") -> None:
    """Write each new file atomically; if one cannot be written, remove the ones already written."""
    written: list[Path] = []
    tmp: Path | None = None
    try:
        for plan in files:
            path = project / plan.name
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
            tmp.write_bytes(plan.text.encode("utf-8"))
            if path.exists():
                raise FileExistsError(f"{plan.name} skapades under tiden")
            os.replace(tmp, path)
            written.append(path)
            tmp = None
    except OSError as exc:
        if tmp is not None:
            tmp.unlink(missing_ok=True)
        for path in written:
            path.unlink(missing_ok=True)
        raise RolloverError(f"Filerna kunde inte skrivas ({exc.strerror or exc}); inget {what} har sparats.",
                            "Kontrollera att projektmappen går att skriva i och kör kommandot igen.") from None


# -- what the editor is told ------------------------------------------------------


def format_plan(plan: Plan) -> str:
    """The plan in Swedish: files created (with what they hold in a dry run), skipped, and what to fill in.

    File names and notes come from the repository, so each line is made printable."""
    lines = []
    if plan.dry_run:
        lines.append("Provkörning: inget har skrivits.")
    lines.append(f"Nytt läsår {plan.school_year} utifrån {plan.previous_year}.")
    created = plan.having(CREATE)
    lines.append("")
    lines.append(f"{'Skulle skapa' if plan.dry_run else 'Skapade'} {len(created)} {'fil' if len(created) == 1 else 'filer'}:")
    for f in created:
        lines.append(f"  {f.name}" + (f" ({f.note})" if f.note else ""))
        if plan.dry_run:
            for label, items in (("Förs över", f.carried), ("Töms för årets uppgifter", f.fresh),
                                 ("Tas inte med", f.dropped)):
                if items:
                    lines.append(f"      {label}: " + "; ".join(items) + ".")
    if not created:
        lines.append("  (inga)")
    for action, heading in ((EXISTS, "Finns redan och ändrades inte"), (SKIP, "Hoppades över")):
        group = plan.having(action)
        if group:
            lines.append("")
            lines.append(f"{heading}:")
            lines += [f"  {f.name}" + (f": {f.note}" if action == SKIP else "") for f in group]
    if plan.needs_input:
        lines.append("")
        lines.append(f"Att fylla i ({len(plan.needs_input)}):")
        for p in plan.needs_input:
            where = f" ({format_path(p.path)})" if p.path else ""
            lines.append(f"  {p.file}:{p.line}:{p.column}:{where} {p.message}")
    if created and not plan.dry_run:
        lines.append("")
        lines.append("Fyll i det som saknas och kör sedan ska validate.")
    return "\n".join(map(printable, lines))
