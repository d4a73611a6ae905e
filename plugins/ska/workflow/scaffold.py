"""`ska ny enhet` and `ska ny del`: a new unit's, or part of the organisation's, two files, valid at once,
with Swedish comments that say what goes where.

The declaration (content/units/<id>.yaml, content/parts/<id>.yaml) holds what stays the same; the file for a
school year (content/years/<ÅÅÅÅ-ÅÅ>/units/<id>.yaml, …/parts/<id>.yaml) the plan, and for a unit its
results. Both are checked against the schemas and the rules with the rest of the content before anything
is written, and nothing that exists is overwritten.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from ..content.problems import ERROR, Problem
from ..content.schemas import Schemas
from ..content.validate import validate
from ..domain import INDICATORS, PART, PART_YEAR, UNIT, UNIT_YEAR, modeline, school_year_of_folder, school_year_slug
from ..labels import PART_KINDS, SCHOOL_FORMS
from .rollover import CREATE, FilePlan, RolloverError, check_new, parse_school_year, write_new

ID = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*", re.ASCII)
MAX_ID = 60  # the schema's maxLength for an id


def quoted(text: str) -> str:
    """A YAML double-quoted scalar (a JSON string is one) for a value typed on the command line."""
    return json.dumps(text, ensure_ascii=False)


def new_unit(project: Path, unit_id: str, name: str, school_forms: list[str], grades: str = "",
             school_year: str | None = None, dry_run: bool = False) -> tuple[list[FilePlan], list[Problem]]:
    """Plan (and unless ``dry_run``, write) a new unit's file and its file for ``school_year`` (default:
    the newest school year in content/years/); also return what the new files still need filled in.
    Raise RolloverError, in Swedish, if that cannot be done."""
    unknown = [f for f in school_forms if f not in SCHOOL_FORMS]
    if unknown or not school_forms:
        raise RolloverError(f"Okänd skolform: {', '.join(unknown)}." if unknown else "Ange minst en skolform.",
                            "Välj bland " + ", ".join(SCHOOL_FORMS) + " (--skolform kan anges flera gånger).")
    project, report, school_year, folder = _start(project, unit_id, "en enhets", "eneskolan eller norra-forskoleomradet",
                                                  school_year)
    unit_name, year_name = f"content/units/{unit_id}.yaml", f"content/years/{folder}/units/{unit_id}.yaml"
    indicators = [item for source, data in report.documents if source.kind == INDICATORS
                  for item in data.get("indicators", [])
                  if not item.get("school_forms") or set(item["school_forms"]) & set(school_forms)]
    files = [FilePlan(unit_name, UNIT, CREATE, "enhetens stabila uppgifter",
                      text=_unit_text(unit_name, unit_id, name, school_forms, grades)),
             FilePlan(year_name, UNIT_YEAR, CREATE, f"resultat och plan för läsåret {school_year}",
                      text=_unit_year_text(year_name, unit_id, name, school_year, indicators))]
    return files, _check_and_write(project, report, files, "enhetens", dry_run)


def new_part(project: Path, part_id: str, name: str, kind: str, school_year: str | None = None,
             dry_run: bool = False) -> tuple[list[FilePlan], list[Problem]]:
    """As ``new_unit``, for a part of the organisation (a school form, a function or an area): its
    declaration and its plan for ``school_year``."""
    if kind not in PART_KINDS:
        raise RolloverError(f"Okänt slag av del: {kind}.", "Välj bland " + ", ".join(PART_KINDS) + ".")
    project, report, school_year, folder = _start(project, part_id, "en dels", "grundskolan eller resurscentrum",
                                                  school_year)
    part_name, year_name = f"content/parts/{part_id}.yaml", f"content/years/{folder}/parts/{part_id}.yaml"
    files = [FilePlan(part_name, PART, CREATE, "delens stabila uppgifter",
                      text=_part_text(part_name, part_id, name, kind)),
             FilePlan(year_name, PART_YEAR, CREATE, f"delens plan för läsåret {school_year}",
                      text=_part_year_text(year_name, part_id, name, school_year))]
    return files, _check_and_write(project, report, files, "delens", dry_run)


def _start(project: Path, new_id: str, whose: str, example: str, school_year: str | None):
    """Check the id, validate the content and settle the school year (default: the newest)."""
    project = Path(project)
    if not ID.fullmatch(new_id) or len(new_id) > MAX_ID:
        raise RolloverError(f"”{new_id}” kan inte vara {whose} id.",
                            f"Skriv id:t med små bokstäver a–z, siffror och bindestreck, t.ex. {example} "
                            "(å, ä och ö skrivs a, a och o).")
    report = validate(project, use_cache=False)
    if school_year is None:
        years = sorted(filter(None, map(school_year_of_folder, (p.name for p in (project / "content/years").glob("*")))))
        if not years:
            raise RolloverError("Det finns inget läsår i content/years/ att lägga enheten i.",
                                "Ange läsåret med --lasar, t.ex. --lasar 2025/26.")
        school_year = years[-1]
    school_year = parse_school_year(school_year)
    folder = school_year_slug(school_year)
    if not (project / "content/years" / folder).is_dir():
        raise RolloverError(f"Läsåret {school_year} finns inte i content/years/.",
                            f"Starta läsåret först med ska new-year {school_year}, eller välj ett läsår som finns.")
    return project, report, school_year, folder


def _check_and_write(project: Path, report, files: list[FilePlan], whose: str, dry_run: bool) -> list[Problem]:
    """Refuse files that exist or would have errors; write the rest unless ``dry_run``; return the warnings."""
    taken = [f.name for f in files if (project / f.name).exists() or (project / f.name).is_symlink()]
    if taken:
        raise RolloverError(f"{taken[0]} finns redan; inget har skrivits.",
                            "Välj ett annat id, eller öppna den befintliga filen och ändra i den.")
    found = check_new(files, report.documents, Schemas(project / "schemas"))
    errors = [p for p in found if p.severity == ERROR]
    if errors:
        raise RolloverError(f"{whose.capitalize()} filer skulle få fel, så inget har skrivits.",
                            "Kontrollera det du angav och kör kommandot igen.", errors)
    if not dry_run:
        write_new(project, files, f"av {whose} filer")
    return found


def _unit_text(file: str, unit_id: str, name: str, school_forms: list[str], grades: str) -> str:
    lines = [
        modeline(file, UNIT),
        "# Enhetens stabila uppgifter, som inte ändras från år till år. Vad varje fält betyder står i",
        "# redaktörsguiden under Fälten i innehållsfilerna. Ta bort # framför en rad för att använda den.",
        f"id: {unit_id}  # samma som filens namn",
        f"name: {quoted(name)}",
        f"school_forms: [{', '.join(school_forms)}]",
        f"grades: {quoted(grades)}  # årskurserna" if grades else
        "# grades: F-6  # årskurserna, t.ex. F-6, 7-9 eller F-9; utelämnas för förskola",
        "# part: grundskolan  # verksamhetsdelen enheten hör till (id i content/parts/)",
        "# area: Norra  # geografiskt område eller rektorsområde",
        "# principal: Rektor  # ansvarig chef, titel eller namn",
        '# school_unit_code: "12345678"  # Skolverkets skolenhetskod, 8 siffror inom citattecken',
        "# opened: 2010-08  # då enheten startade (ÅÅÅÅ-MM eller ÅÅÅÅ-MM-DD); utelämna det om du inte vet",
        "# description: >-",
        "#   Ett par meningar om enheten.",
    ]
    return "\n".join(lines) + "\n"


def _unit_year_text(file: str, unit_id: str, name: str, school_year: str, indicators: list[dict]) -> str:
    example = next((i["id"] for i in indicators), "indikatorns-id")
    lines = [
        modeline(file, UNIT_YEAR),
        f"# {name}: resultat, analys och plan för läsåret {school_year}. Fyll i uppifrån och kör sedan",
        "# ska validate. Ta bort # framför en rad för att använda den.",
        f"unit: {unit_id}",
        f"school_year: {school_year}",
        "# principal: Rektor  # rektor eller förskolechef detta läsår",
        "# summary: >-",
        "#   Kort sammanfattning av läsåret: vad gick bra, vad behöver bli bättre?",
        "",
        "# Resultat: ett per indikator (och stadium). Antal skrivs som täljare och nämnare, så räknas andelen ut;",
        "# ett värde som inte får visas skrivs som status, t.ex. {status: too_few}, aldrig som 0.",
        "results: []",
        "#   - indicator: " + example + "  # id ur content/indicators.yaml",
        "#     window: VT 2025  # när det mättes",
        "#     total: {numerator: 55, denominator: 64}",
        "#     girls: {numerator: 30, denominator: 33}",
        "#     boys: {numerator: 25, denominator: 31}",
    ]
    if indicators:
        lines.append("# Indikatorer för enhetens skolformer:")
        lines += [f"#   {i['id']}: {i.get('short_name') or i['name']}" for i in indicators]
    lines += [
        "",
        "# Mål: vad enheten vill uppnå, med indikatorerna som följer upp det.",
        "# goals:",
        "#   - id: trygghet",
        "#     text: Elevernas upplevelse av trygghet ska öka.",
        f"#     indicators: [{example}]",
        "",
        "# Analys: varför blev resultaten som de blev?",
        "# analysis:",
        "#   summary: >-",
        "#     Sammanfattande analys.",
        "",
        "# Förbättringsområden: vad enheten ska göra bättre, med åtgärder och uppföljning.",
        "# improvement_areas:",
        "#   - id: studiero",
        "#     title: Studiero i klassrummet",
        "#     background: Varför området är viktigt.",
        "#     actions:",
        "#       - description: Gemensamma lektionsstarter.",
        "#         owner: Rektor",
    ]
    return "\n".join(lines) + "\n"


def _part_text(file: str, part_id: str, name: str, kind: str) -> str:
    lines = [
        modeline(file, PART),
        "# En del av organisationen: en skolform, en funktion eller ett område. Den räknas aldrig som en enhet;",
        "# en enhet hör till delen med part: " + part_id + " i sin fil i content/units/.",
        f"id: {part_id}  # samma som filens namn",
        f"name: {quoted(name)}",
        f"kind: {kind}  # school_form (skolform), function (funktion) eller area (område)",
        "# school_forms: [grundskola]  # skolformerna, för en del som är en skolform",
        "# description: >-",
        "#   Ett par meningar om vad delen omfattar.",
    ]
    return "\n".join(lines) + "\n"


def _part_year_text(file: str, part_id: str, name: str, school_year: str) -> str:
    lines = [
        modeline(file, PART_YEAR),
        f"# {name}: plan för läsåret {school_year}. Resultat skrivs inte här: delens siffror räknas fram ur",
        "# dess enheters. Ta bort # framför en rad för att använda den.",
        f"part: {part_id}",
        f"school_year: {school_year}",
        "# summary: >-",
        "#   Kort sammanfattning av läsåret för delen.",
        "# goals:",
        "#   - id: likvardighet",
        "#     text: Skillnaderna mellan enheterna ska minska.",
        "# analysis:",
        "#   summary: >-",
        "#     Sammanfattande analys.",
        "# improvement_areas:",
        "#   - id: samverkan",
        "#     title: Samverkan med enheterna",
    ]
    return "\n".join(lines) + "\n"

