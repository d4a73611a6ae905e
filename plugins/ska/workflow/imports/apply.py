"""Write imported figures into the year files, round-trip: add what is new, keep what agrees, replace what differs
only when asked; check the result like any content and write every file or none."""

from __future__ import annotations

import io
import os
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError

from ...content import files, rules
from ...content.files import Source
from ...content.problems import ERROR, LoadFailure, Problem, figure, printable, sort_problems
from ...content.schemas import Schemas
from ...content.validate import check_file, place, validate
from ...domain import GROUPS, INDICATORS, MUNICIPALITY_YEAR, UNIT, UNIT_YEAR, school_year_slug
from ...labels import GROUP_NAMES
from .. import yaml_edit
from ..rollover import RolloverError

UNIT_RESULT, OFFICIAL, REFERENCE = "unit", "official", "reference"
LIST_KEY = {UNIT_RESULT: "results", OFFICIAL: "results", REFERENCE: "references"}
ITEM_DEF = {UNIT_RESULT: (UNIT_YEAR, "result"), OFFICIAL: (MUNICIPALITY_YEAR, "official_result"),
            REFERENCE: (MUNICIPALITY_YEAR, "reference_result")}
STATUS_WORDS = {"too_few": "för få (..)", "missing": "saknas (.)", "rounded": "avrundat (~100)",
                "no_grade": "inget betyg (-)"}


@dataclass(frozen=True)
class Incoming:
    """One result read from an import file: where it goes and its figures per group (total, girls, boys)."""

    school_year: str
    place: str  # UNIT_RESULT, OFFICIAL or REFERENCE
    owner: str  # the unit's id, the reference series' id, or "" for the municipality's own figure
    indicator: str
    window: str
    source: str
    figures: dict
    origin: str  # where in the import file, for the report
    scope: str = ""  # OFFICIAL: own or all


@dataclass
class Parsed:
    """What an import file holds: the results to write and what was left out (with why), in Swedish."""

    what: str
    items: list[Incoming] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


@dataclass
class Outcome:
    """What the import did (or, in a dry run, would do), line by line in Swedish."""

    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    same: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    files: list[str] = field(default_factory=list)


@dataclass
class _File:
    name: str
    kind: str
    doc: CommentedMap
    windows: bool
    changed: bool = False


def file_for(item: Incoming) -> tuple[str, str]:
    """The content file an incoming result belongs in, and its kind."""
    year = f"content/years/{school_year_slug(item.school_year)}/"
    if item.place == UNIT_RESULT:
        return f"{year}units/{item.owner}.yaml", UNIT_YEAR
    return f"{year}municipality.yaml", MUNICIPALITY_YEAR


@dataclass
class Catalogue:
    """What an import maps to: the units (by id), the indicators (by id) and the reference series."""

    units: dict[str, dict]
    indicators: dict[str, dict]
    references: list[dict]

    def indicator_for(self, key: str, value: str) -> list[str]:
        """The ids of the indicators whose ``key`` (kolada_kpi, skolverket_column) is ``value``."""
        return [i for i, data in self.indicators.items() if data.get(key) == value]

    def unit_for(self, key: str, value: str) -> str | None:
        """The id of the unit whose ``key`` (kolada_ou, school_unit_code) is ``value``; refused if several have it."""
        units = [u for u, data in self.units.items() if data.get(key) == value]
        if len(units) > 1:
            raise RolloverError(f"{key}: {value} står hos flera enheter ({', '.join(units)}), så importen vet inte "
                                "vilken siffrorna gäller. Inget har importerats.",
                                f"Skriv {key} bara hos den enhet det gäller, i content/units/, och kör importen igen.")
        return units[0] if units else None


def catalogue_of(documents: list[tuple[Source, dict]]) -> Catalogue:
    units = {data["id"]: data for source, data in documents if source.kind == UNIT}
    indicators, references = {}, []
    for source, data in documents:
        if source.kind == INDICATORS:
            indicators = {i["id"]: i for i in data.get("indicators", [])}
            references = [r for r in data.get("references", []) if isinstance(r, dict)]
    return Catalogue(units, indicators, references)


def run(project: Path, reader, replace: bool = False, dry_run: bool = False) -> str:
    """Read an import file with ``reader(catalogue)`` (it returns a Parsed), merge the results into the project's
    year files and write them (unless ``dry_run``); the report in Swedish.

    Raises RolloverError, with nothing written, if the file cannot be read, a year or file is missing or the
    result would not validate."""
    project = Path(project)
    report = validate(project, use_cache=False)
    broken = [p for p in report.errors if p.file == "content/indicators.yaml" or p.file.startswith("content/units/")]
    if broken:
        raise RolloverError("Indikatorkatalogen eller enheternas filer har fel, så inget har importerats.",
                            "Rätta felen ovan (ska validate visar dem också) och kör importen igen.",
                            sort_problems(broken))
    parsed = reader(catalogue_of(report.documents))
    _check_twice(parsed.items)
    _check_targets(project, parsed.items)
    schemas = Schemas(project / "schemas")
    opened: dict[str, _File] = {}
    outcome = Outcome()
    outcome.skipped += parsed.skipped
    for item in parsed.items:
        name, kind = file_for(item)
        if name not in opened:
            opened[name] = _load(project, name, kind, report.errors)
        _merge(opened[name], item, replace, outcome, schemas)
    texts = {f.name: (f.kind, _dump(f)) for f in opened.values() if f.changed}
    errors = [p for p in check_changed(texts, report.documents, schemas) if p.severity == ERROR]
    if errors:
        raise RolloverError("Efter importen skulle innehållet ha fel, så inget har skrivits.",
                            "Läs felen ovan: rätta filen du importerar från eller innehållet (ska validate visar "
                            "innehållets fel) och kör kommandot igen.", errors)
    outcome.files = sorted(texts)
    if not dry_run:
        write_all(project, {name: text for name, (_, text) in texts.items()})
    return format_outcome(parsed, outcome, dry_run, replace)


def _check_targets(project: Path, items: list[Incoming]) -> None:
    """Every school year and file the import writes to must exist: said all at once, with what to do."""
    years = sorted({i.school_year for i in items if not (project / "content/years" / school_year_slug(i.school_year)).is_dir()})
    if years:
        raise RolloverError(f"Läsåret {', '.join(years)} finns inte i content/years/, så inget har importerats.",
                            f"Starta läsåret först, t.ex. med ska new-year {years[0]} (eller skapa mappen "
                            f"content/years/{school_year_slug(years[0])}/), och kör sedan importen igen.")
    names = sorted({file_for(i)[0] for i in items})
    odd = [name for name in names if os.path.lexists(project / name) and not _regular(project, name)]
    if odd:
        raise RolloverError("Filerna som siffrorna ska skrivas i är en länk, en mapp eller något annat än en vanlig "
                            "fil, så inget har importerats: " + ", ".join(odd) + ".",
                            "Lägg läsårets filer som vanliga filer i content/years/ (ska validate visar vilka) och kör "
                            "sedan importen igen.")
    missing = [name for name in names if not _regular(project, name)]
    if missing:
        raise RolloverError("Filerna som siffrorna ska skrivas i finns inte, så inget har importerats: "
                            + ", ".join(missing) + ".",
                            "Skapa läsårets filer först (ska new-year ÅÅÅÅ/ÅÅ för ett nytt läsår, ska ny enhet för "
                            "en ny enhet) och kör sedan importen igen.")


def _regular(project: Path, name: str) -> bool:
    """True if ``name`` is a regular file reached without a link on the way (a link would be read through and
    then replaced by a copy of what it points at)."""
    path = project
    for part in name.split("/"):
        path = path / part
        if path.is_symlink():
            return False
    return path.is_file()


def _check_twice(items: list[Incoming]) -> None:
    """The import file must not give the same figure twice with different numbers (the last would win)."""
    seen: dict[tuple, Incoming] = {}
    for item in items:
        key = (file_for(item)[0], item.place, item.owner, item.indicator, "" if item.place == OFFICIAL else item.window)
        first = seen.setdefault(key, item)
        for group in GROUPS:
            if first is not item and group in first.figures and group in item.figures \
                    and first.figures[group] != item.figures[group]:
                raise RolloverError(
                    f"{item.indicator} ({item.owner or 'kommunen'}, {item.school_year}) står två gånger i importfilen "
                    f"med olika siffror för {GROUP_NAMES[group].lower()}: {describe(first.figures[group])} "
                    f"({first.origin}) "
                    f"och {describe(item.figures[group])} ({item.origin}). Inget har importerats.",
                    "Kontrollera vilken siffra som gäller och ta bort den andra ur filen, eller ladda ner filen igen.")


def _load(project: Path, name: str, kind: str, errors: list[Problem]) -> _File:
    """The file, round-trip; refused (with its errors from ``errors``) if it cannot be read, or if a list the
    import adds to holds something else, which adding would throw away."""
    fix = f"Rätta filen (ska validate {name} visar felen) och kör importen igen."
    try:
        text, _ = files.decode((project / name).read_bytes(), name)
        doc = yaml_edit.round_trip().load(text.replace("\r\n", "\n"))
    except (LoadFailure, YAMLError, RecursionError):
        raise RolloverError(f"{name} kan inte läsas, så inget har importerats.", fix,
                            [p for p in errors if p.file == name]) from None
    windows = "\r\n" in text
    if not isinstance(doc, CommentedMap):
        raise RolloverError(f"{name} är inte en lista med fält och värden, så inget har importerats.", fix)
    wrong = [key for key in sorted(set(LIST_KEY.values()))
             if doc.get(key) is not None and not isinstance(doc[key], list)]
    if wrong:
        raise RolloverError(f"{name}: {wrong[0]}: är ingen lista, så importen skulle skriva över det som står där. "
                            "Inget har importerats.", fix)
    return _File(name, kind, doc, windows)


def _dump(f: _File) -> str:
    out = io.StringIO()
    yaml_edit.round_trip().dump(f.doc, out)
    return out.getvalue().replace("\n", "\r\n") if f.windows else out.getvalue()


def _flow(figures: dict) -> CommentedMap:
    node = CommentedMap(figures)
    node.fa.set_flow_style()
    return node


def _entries(f: _File, key: str, schemas: Schemas) -> CommentedSeq:
    """The file's list under ``key``, made (block style, in the schema's order) if it is missing or empty."""
    seq = f.doc.get(key)
    if isinstance(seq, CommentedSeq) and len(seq):
        return seq
    seq = CommentedSeq()
    yaml_edit.put(f.doc, key, seq, list(schemas.bundled[f.kind]["properties"]))
    return seq


def _matches(entry: object, item: Incoming) -> bool:
    """The entry already there for the same figure: same indicator (and series), no stage; a unit's result
    also in the same measurement window, or in none."""
    if not isinstance(entry, dict) or entry.get("indicator") != item.indicator or entry.get("stage") is not None:
        return False
    if item.place == REFERENCE:
        return entry.get("series") == item.owner
    return item.place == OFFICIAL or entry.get("window") in (None, item.window)


def _merge(f: _File, item: Incoming, replace: bool, out: Outcome, schemas: Schemas) -> None:
    kind, definition = ITEM_DEF[item.place]
    order = list(schemas.bundled[kind].get("$defs", {}).get(definition, {}).get("properties", {}))
    seq = f.doc.get(LIST_KEY[item.place])
    entry = next((e for e in seq if _matches(e, item)), None) if isinstance(seq, list) else None
    where = f"{f.name}: {item.indicator}" + (f" ({item.owner})" if item.place == REFERENCE else "") \
        + (f", {item.window}" if item.window else "")
    if entry is None:
        if item.place == OFFICIAL and not item.scope:
            raise RolloverError(
                f"{item.origin}: kommunens egen siffra för {item.indicator} ska in i {f.name}, men filen säger inte "
                "om den gäller kommunens egna skolor eller alla huvudmän i kommunen. Inget har importerats.",
                "Kör kommandot igen med --omfattning own (kommunens egna skolor) eller --omfattning all "
                "(alla huvudmän i kommunen); se nyckeltalets beskrivning i Kolada.")
        entry = CommentedMap()
        if item.place == REFERENCE:
            entry["series"] = item.owner
        entry["indicator"] = item.indicator
        if item.window:
            entry["window"] = item.window
        entry["source"] = item.source
        if item.place == OFFICIAL:
            entry["scope"] = item.scope
        for group in GROUPS:
            if group in item.figures:
                entry[group] = _flow(item.figures[group])
        _entries(f, LIST_KEY[item.place], schemas).append(entry)
        f.changed = True
        out.added.append(f"{where}: {_groups(item.figures)}")
        return
    changed = []
    for group in GROUPS:
        if group not in item.figures:
            continue
        new, old = item.figures[group], entry.get(group)
        if old is None:
            yaml_edit.put(entry, group, _flow(new), order)
            out.added.append(f"{where}: {GROUP_NAMES[group].lower()} {describe(new)}")
            f.changed = True
        elif agrees(old, new):
            out.same.append(f"{where}: {GROUP_NAMES[group].lower()} {describe(new)}")
        elif replace:
            yaml_edit.replace(entry, group, _flow(new))
            changed.append(group)
            out.changed.append(f"{where}: {GROUP_NAMES[group].lower()} {describe(old)} → {describe(new)}")
        else:
            out.skipped.append(f"{where}: {GROUP_NAMES[group].lower()} står som {describe(old)}, importfilen har "
                               f"{describe(new)}; kör med --replace för att skriva över")
    if changed:
        yaml_edit.put(entry, "source", item.source, order)
        f.changed = True


def _groups(figures: dict) -> str:
    return ", ".join(f"{GROUP_NAMES[g].lower()} {describe(figures[g])}" for g in GROUPS if g in figures)


def describe(numbers: object) -> str:
    """A figure in words for the report: "värde 234,3 (nämnare 38)", "för få (..)"."""
    if not isinstance(numbers, dict):
        return str(numbers)
    if "status" in numbers:
        status = numbers["status"]
        return STATUS_WORDS.get(status, status) if isinstance(status, str) else str(status)
    parts = [f"värde {_shown(numbers['value'])}"] if "value" in numbers else []
    if "numerator" in numbers:
        parts.append(f"täljare {_shown(numbers['numerator'])}")
    if "denominator" in numbers:
        parts.append(f"nämnare {_shown(numbers['denominator'])}")
    return parts[0] + (f" ({', '.join(parts[1:])})" if len(parts) > 1 else "") if parts else "(tomt)"


def _shown(number: object) -> str:
    """A number of a figure for the report; one written as text ("234,3") is quoted, so it does not read as a number."""
    return figure(number) if isinstance(number, (int, float)) and not isinstance(number, bool) else f"”{number}”"


def agrees(old: object, new: dict) -> bool:
    """True if the figure already written says what the imported one says (the import may give less, e.g. no
    counts, or a share the written counts round to). A figure written wrong (text, a list) is not the same."""
    if not isinstance(old, dict):
        return False
    try:
        return _agrees(old, new)
    except (ArithmeticError, TypeError, ValueError):  # e.g. value: "234,3", numerator: "33"
        return False


def _agrees(old: dict, new: dict) -> bool:
    if "status" in new or "status" in old:
        return old.get("status") == new.get("status")
    for key in ("numerator", "denominator"):
        if key in new and key in old and old[key] != new[key]:
            return False
    if "value" not in new:
        return True
    if "value" in old:
        return Decimal(str(old["value"])) == Decimal(str(new["value"]))
    numerator, denominator = old.get("numerator"), old.get("denominator")
    if numerator is None or not denominator:
        return False
    value = Decimal(str(new["value"]))
    decimals = max(0, -value.as_tuple().exponent)
    return abs(Fraction(100 * numerator, denominator) - Fraction(value)) <= Fraction(1, 2 * 10 ** decimals)


def check_changed(texts: dict[str, tuple[str, str]], documents: list[tuple[Source, dict]],
                  schemas: Schemas) -> list[Problem]:
    """The problems the changed files would have, against the schemas and the rules with the rest of the content."""
    problems: list[Problem] = []
    planned = []
    for name, (kind, text) in texts.items():
        data, found = check_file(name, kind, text.encode("utf-8"), schemas)
        problems += found
        if data is not None:
            planned.append((Source(Path(name), name, kind), data))
    others = [(source, data) for source, data in documents if source.name not in texts]
    cross = [p for p in rules.check(others + planned) if p.file in texts]
    for name, (_, text) in texts.items():
        problems += place([p for p in cross if p.file == name], text)
    return sort_problems(problems)


def write_all(project: Path, texts: dict[str, str]) -> None:
    """Write every file or none: each goes to a temporary file first; if one cannot be written or moved into
    place, the files already replaced get their old text back."""
    old: dict[Path, bytes] = {}
    temporary: list[Path] = []
    try:
        staged = []
        for name, text in texts.items():
            path = project / name
            tmp = path.with_name(f".{path.name}.{os.getpid()}.import.tmp")
            temporary.append(tmp)
            tmp.unlink(missing_ok=True)  # a link left there is removed, never written through
            tmp.write_bytes(text.encode("utf-8"))
            staged.append((tmp, path))
        for tmp, path in staged:
            old[path] = path.read_bytes()
            os.replace(tmp, path)
    except BaseException as exc:  # Ctrl-C between two files too: the ones already replaced get their old text
        for path, raw in old.items():
            path.write_bytes(raw)
        if not isinstance(exc, OSError):
            raise
        raise RolloverError(f"Filerna kunde inte skrivas ({exc.strerror or exc}); inget av importen har sparats.",
                            "Kontrollera att projektmappen går att skriva i och kör kommandot igen.") from None
    finally:
        for tmp in temporary:
            tmp.unlink(missing_ok=True)


def format_outcome(parsed: Parsed, out: Outcome, dry_run: bool, replace: bool) -> str:
    """The report: what was added, changed, already there and left out. Lines quote the repository and the
    import file, so each is made printable."""
    lines = ["Provkörning: inget har skrivits." if dry_run else "", f"Import från {parsed.what}."]
    lines += [f"  {note}" for note in parsed.notes]
    verb = "Skulle" if dry_run else ""
    for heading, items in ((f"{verb} lägga till" if dry_run else "Lade till", out.added),
                           (f"{verb} ändra" if dry_run else "Ändrade", out.changed),
                           ("Fanns redan med samma siffra", out.same),
                           ("Hoppades över", out.skipped)):
        lines += ["", f"{heading} ({len(items)}):"] + ([f"  {i}" for i in items] or ["  (inga)"])
    if out.files:
        lines += ["", ("Filer som skulle ändras: " if dry_run else "Ändrade filer: ") + ", ".join(out.files)]
    if out.skipped and not replace and any("--replace" in s for s in out.skipped):
        lines += ["", "Siffror som skiljer sig skrevs inte över. Kontrollera dem och kör med --replace om "
                      "importfilens siffror ska gälla."]
    if out.files and not dry_run:
        lines += ["", "Kör ska validate och granska ändringarna (git diff) innan du checkar in dem."]
    return "\n".join(printable(line) for line in lines if line is not None).lstrip("\n")
