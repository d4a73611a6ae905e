"""`ska init`: a new municipality's site project, ready to validate and build; and `ska scheman`.

The new project's files come from ``project_template/`` (package data: files ending ``.j2`` are rendered with
values already escaped for where each lands; ``dot-x`` becomes ``.x``), its schemas, the readers' pages
``om.md`` and ``ordlista.md`` and the indicator catalogue from what the package ships (``shipped``), and its one example unit from
``scaffold.new_unit``, as an editor's would be. Everything is written into a fresh folder beside the target
(inside it, if it is an empty folder that exists), validated there, and moved into place: on any error nothing is
left behind.

The project keeps a copy of the package's schemas in ``schemas/`` rather than a reference to them: the
validator, the editor's autocompletion (each file's ``yaml-language-server`` line and .vscode/settings.json)
and the site's field reference all read them from the project's folder, offline, and a new version of the
format reaches the project as a diff in a pull request (``ska scheman``) rather than unseen with an upgrade.
"""

from __future__ import annotations

import datetime
import importlib.metadata
import io
import json
import os
import re
import shlex
import shutil
import sys
import tomllib
from pathlib import Path

import jinja2

from .. import domain
from ..content.problems import ERROR, format_text, printable
from ..content.validate import validate
from ..domain import MUNICIPALITY_YEAR, SCHEMA_FILES, modeline, school_year_slug
from ..pipeline import find_project, no_project
from . import scaffold, yaml_edit
from .rollover import RolloverError

PACKAGE = Path(__file__).resolve().parent.parent
TEMPLATE = Path(__file__).resolve().parent / "project_template"
SHIPPED_DOCS = ("om.md", "ordlista.md")
COUNTRY = "0000"  # Kolada's code for the whole country (riket)
EXAMPLE_UNIT = ("exempelskolan", "Exempelskolan", ["forskoleklass", "grundskola", "fritidshem"], "F-6")
MAX_NAME = 200
PLACEHOLDER_CONTACT = "tillganglighet@example.invalid"
DISTRIBUTION = "ska-sajt"


def shipped(relative: str) -> Path:
    """A file the package ships from the repository's top level (``schemas/…``, ``docs/…``): in an installed
    package the copy setup.py made in ``ska/shipped/``; in a source checkout the file itself."""
    installed = PACKAGE / "shipped" / relative
    return installed if installed.exists() else PACKAGE.parent.parent / relative


def catalogue() -> str:
    """The indicator catalogue the package ships (the repository's own, so it never drifts), with only the
    reference series every municipality shares (riket): a comparison group is one municipality's choice."""
    text = shipped("content/indicators.yaml").read_text("utf-8")
    yaml = yaml_edit.round_trip()
    doc = yaml.load(text)
    if "references" in doc:
        yaml_edit.keep_items(doc, "references", lambda series: series.get("kolada_municipality") == COUNTRY)
    out = io.StringIO()
    yaml.dump(doc, out)
    return out.getvalue()


def version() -> str:
    """The installed version of the tool, to pin in the new project's requirements.txt."""
    try:
        return importlib.metadata.version(DISTRIBUTION)
    except importlib.metadata.PackageNotFoundError:  # run from a checkout without installing it: its version
        return tomllib.loads((PACKAGE.parent.parent / "pyproject.toml").read_text("utf-8"))["project"]["version"]


# -- the municipality's name, escaped for every place it lands ------------------------------------


def clean_name(name: str) -> str:
    """The name on one line (any run of white space, line breaks too, is one space); refused, in Swedish, if
    it is empty, too long or holds characters that cannot be shown."""
    one_line = " ".join(str(name).split())
    if not one_line:
        raise RolloverError("Kommunens namn är tomt.", 'Ange namnet med --kommun, t.ex. --kommun "Exempel kommun".')
    if len(one_line) > MAX_NAME:
        raise RolloverError(f"Kommunens namn är längre än {MAX_NAME} tecken.", "Ange ett kortare namn med --kommun.")
    if not one_line.isprintable():
        raise RolloverError("Kommunens namn innehåller tecken som inte kan visas (t.ex. styrtecken).",
                            "Skriv namnet med vanliga bokstäver, siffror och skiljetecken.")
    return one_line


def clean_contact(contact: str) -> str:
    """The contact on one line, refused like a name that cannot be shown (what YAML cannot hold, e.g. a control
    character or a byte that is not UTF-8, would leave a project that does not build); empty is the placeholder."""
    one_line = " ".join(str(contact).split())
    if len(one_line) > MAX_NAME or not one_line.isprintable():
        raise RolloverError(f"Kontakten är längre än {MAX_NAME} tecken eller innehåller tecken som inte kan visas.",
                            "Ange en e-postadress eller en webbadress med --kontakt, t.ex. "
                            "--kontakt tillganglighet@kommun.se.")
    return one_line


def yaml_text(text: str) -> str:
    """A YAML double-quoted scalar (a JSON string is one): nothing in ``text`` can end it or start a tag."""
    return json.dumps(text, ensure_ascii=False)


MARKDOWN_SPECIAL = re.compile(r"[!\"#$%&'()*+\-.:<=>@\[\\\]^_`{|}~]")


def markdown_text(text: str) -> str:
    """``text`` as literal Markdown for Python-Markdown (the site) and cmark-gfm (the README on GitHub, GitLab):
    every ASCII punctuation character that could be syntax, HTML's too, as a numeric character reference, which
    CommonMark never reads as syntax; ``:`` and ``.`` too, since GitHub makes a link of https://… and www.… by
    itself. A backslash escape would not do: GitHub shows it inside such a link, and ``&\\#x27;`` as text."""
    return MARKDOWN_SPECIAL.sub(lambda match: f"&#{ord(match.group())};", text)


HTML_SPECIAL = {"<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#x27;"}


def html_yaml_text(text: str) -> str:
    """For mkdocs.yml's site_name and copyright, which the theme writes into the page as HTML unescaped (and in
    one tooltip escaped once more): <, >, quotes and an & that could start a character reference as HTML, then
    a YAML string. "Åre & Berg" stays as it is, so even that tooltip reads right."""
    escaped = re.sub(r"&(?=[#A-Za-z0-9])", "&amp;", text)
    return yaml_text(re.sub("[<>\"']", lambda m: HTML_SPECIAL[m.group()], escaped))


# -- the project --------------------------------------------------------------------------------


def create(target: Path, municipality: str, school_year: str | None = None, today: datetime.date | None = None,
           contact: str = "") -> list[str]:
    """Make a new project in ``target`` (which must not exist or be an empty folder) for ``municipality``,
    with an example unit in ``school_year`` (default: the school year of ``today``). Return the files made,
    relative to ``target``. Raise RolloverError, in Swedish, if that cannot be done; then nothing is written."""
    target = Path(target).absolute()
    name, contact = clean_name(municipality), clean_contact(contact)
    today = today or datetime.date.today()
    year = scaffold.parse_school_year(school_year) if school_year is not None else domain.school_year_of_date(today.isoformat())
    _refuse_taken(target)
    # Made beside a new target; inside an (empty) folder that exists, whose parent may be read-only or another
    # file system (a mount point, a container's volume), where a rename from beside it would fail.
    fresh = target / f".ska-init-{os.getpid()}" if target.is_dir() else \
        target.with_name(f".{target.name}.init-{os.getpid()}")
    shutil.rmtree(fresh, ignore_errors=True)  # left by a run with this process id that was killed
    missing = [folder for folder in target.parents if not folder.exists()]  # made here, removed on failure
    done = False
    try:
        fresh.mkdir(parents=True)
        _write_skeleton(fresh, name, year, today, contact)
        scaffold.new_unit(fresh, *EXAMPLE_UNIT, school_year=year)
        report = validate(fresh, use_cache=False)
        errors = [p for p in report.problems if p.severity == ERROR]
        if errors:  # the template and the package disagree: a bug, said plainly rather than a broken project
            raise RolloverError("Det nya projektet skulle inte bli giltigt, så inget har skrivits:\n"
                                + format_text(errors), "Rapportera felet till verktygets utvecklare.")
        made = sorted(p.relative_to(fresh).as_posix() for p in fresh.rglob("*") if p.is_file())
        _refuse_taken(target, fresh)
        _move(fresh, target)
        done = True
        return made
    except OSError as exc:
        where = f"{exc.filename}: " if exc.filename else ""
        raise RolloverError(f"Projektet kunde inte skrivas ({where}{exc.strerror or exc}); inget har sparats.",
                            "Kontrollera att mappen går att skriva i och kör kommandot igen.") from None
    finally:
        shutil.rmtree(fresh, ignore_errors=True)
        for folder in [] if done else missing:  # deepest first
            try:
                folder.rmdir()
            except OSError:
                break


def _move(fresh: Path, target: Path) -> None:
    """Put the new project in place: the folder renamed to ``target``; or, if ``target`` is an (empty) folder
    that exists, e.g. the one the editor stands in, each entry moved into it, and taken out again if one fails."""
    if not target.exists():
        os.rename(fresh, target)
        return
    moved: list[Path] = []
    try:
        for entry in sorted(fresh.iterdir()):
            os.rename(entry, target / entry.name)
            moved.append(target / entry.name)
    except BaseException:  # Ctrl-C too: never half a project
        for path in moved:
            shutil.rmtree(path) if path.is_dir() else path.unlink()
        raise


def _refuse_taken(target: Path, fresh: Path | None = None) -> None:
    if target.is_symlink() or (target.exists() and not target.is_dir()):
        raise RolloverError(f"{target} finns redan och är ingen mapp; inget har skrivits.",
                            "Ange en ny mapp, som ska init skapar.")
    there = sorted(entry.name for entry in target.iterdir() if entry != fresh) if target.is_dir() else []
    if there:  # named, since a hidden one (.git, or a run's that was killed) is not seen with ls
        shown = ", ".join(there[:3]) + (f" och {len(there) - 3} till" if len(there) > 3 else "")
        raise RolloverError(f"Mappen {target} är inte tom (den innehåller {shown}); inget har skrivits.",
                            "ska init skriver bara i en ny eller tom mapp. Ange en ny mapp.")


def _write_skeleton(project: Path, name: str, year: str, today: datetime.date, contact: str) -> None:
    """Everything but the example unit: template files, schemas, shipped pages and the year's plan."""
    env = jinja2.Environment(undefined=jinja2.StrictUndefined, autoescape=False, keep_trailing_newline=True)
    values = {
        "site_name": html_yaml_text(f"Kvalitetsarbete i {name}"),
        "copyright": html_yaml_text(name),
        "organisation": yaml_text(name),
        "contact": yaml_text(contact or PLACEHOLDER_CONTACT),
        "today": today.isoformat(),
        "name_md": markdown_text(name),
        "version": version(),
    }
    for source in sorted(TEMPLATE.rglob("*")):
        if not source.is_file() or "__pycache__" in source.parts:
            continue
        relative = "/".join(("." + part[4:]) if part.startswith("dot-") else part
                            for part in source.relative_to(TEMPLATE).parts)
        text = source.read_text("utf-8")
        if relative.endswith(".j2"):
            relative, text = relative[:-3], env.from_string(text).render(values)
        _write(project / relative, text)
    for file in sorted(set(SCHEMA_FILES.values()) | {"common.schema.json"}):
        _write(project / "schemas" / file, shipped(f"schemas/{file}").read_text("utf-8"))
    for page in SHIPPED_DOCS:
        _write(project / "docs" / page, shipped(f"docs/{page}").read_text("utf-8"))
    _write(project / "content/indicators.yaml", catalogue())
    plan = f"content/years/{school_year_slug(year)}/municipality.yaml"
    _write(project / plan, _municipality_year(plan, name, year))
    (project / "content/units").mkdir(parents=True, exist_ok=True)


def _municipality_year(file: str, name: str, year: str) -> str:
    lines = [
        modeline(file, MUNICIPALITY_YEAR),
        f"# Huvudmannens plan för läsåret {year}: mål, prioriteringar och sammanfattning. Vad varje fält",
        "# betyder står i redaktörsguiden under Fälten i innehållsfilerna. Ta bort # framför en rad för att",
        "# använda den.",
        f"school_year: {year}",
        f"municipality: {yaml_text(name)}",
        "# summary: >-",
        "#   Kort sammanfattning av läsåret.",
        "goal_areas:",
        "  - id: larande",
        "    name: Lärande",
        "    description: Barnens och elevernas kunskapsutveckling och måluppfyllelse.",
        "    goals:",
        "      - id: kunskapsresultaten-ska-oka",
        "        text: Andelen elever med minst E i alla ämnen ska öka.",
        "        indicators: [minst-e-alla-amnen-ak6]",
        "        direction: increase",
    ]
    return "\n".join(lines) + "\n"


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode("utf-8"))


# -- ska scheman: the package's schemas into an existing project -------------------------------------


def update_schemas(project: Path) -> list[str]:
    """Write the package's schemas over ``project/schemas/``; return the files that changed. Each is written
    whole (a temporary file renamed into place), so none is left half-written; never through a link, so nothing
    outside the project is written. Raise RolloverError, in Swedish, if one cannot be written."""
    folder = project / "schemas"
    if folder.is_symlink() or not folder.is_dir():
        raise RolloverError(f"{folder} är en länk eller ingen mapp; inga scheman har skrivits.",
                            "Gör schemas/ till en vanlig mapp i projektet och kör ska scheman igen.")
    changed: list[str] = []
    for file in sorted(set(SCHEMA_FILES.values()) | {"common.schema.json"}):
        text = shipped(f"schemas/{file}").read_bytes()
        path = folder / file
        if path.is_file() and not path.is_symlink() and path.read_bytes() == text:
            continue
        tmp, made = folder / f".{file}.{os.getpid()}.tmp", False
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o644)
            made = True
            with os.fdopen(fd, "wb") as out:
                out.write(text)
            os.replace(tmp, path)
            made = False
        except OSError as exc:
            before = f" Ändrade innan dess: {', '.join(changed)}." if changed else ""
            raise RolloverError(f"schemas/{file} kunde inte skrivas ({exc.strerror or exc}).{before}",
                                "Kontrollera att filen är en vanlig fil som går att skriva och kör ska scheman "
                                "igen.") from None
        finally:
            if made:  # not renamed into place (an error, or Ctrl-C)
                tmp.unlink(missing_ok=True)
        changed.append(f"schemas/{file}")
    return changed


# -- the commands --------------------------------------------------------------------------------


def add_commands(subparsers) -> None:
    """Register `ska init` and `ska scheman` on the `ska` parser's subparsers."""
    init = subparsers.add_parser("init", help="skapa en ny kommuns sajt: ett projekt som går att bygga direkt",
                                 description=(
        "Skapar ett nytt projekt för en kommuns sajt i MAPP: mkdocs.yml med kommunens namn, sidorna i docs/ "
        "(start, för redaktörer, om sajten, ordlista; tillgänglighetsredogörelsen görs ur mkdocs.yml), "
        "content/ med indikatorkatalogen, en tom fil för insatser, kommunens plan och en exempelskola för ett "
        "läsår, formatets scheman i schemas/, CI för GitHub och GitLab (kontroll, sammanfattning för granskaren, "
        "förhandsvisning och publicering med Pages), pre-commit, inställningar för VS Code, en "
        "mall för pull requests, requirements.txt med verktygets version och en README för redaktörerna. "
        "Projektet kontrolleras innan det skrivs. MAPP ska vara ny eller tom: en mapp som har innehåll rörs aldrig, "
        "och blir något fel skrivs ingenting. Avslutas med kod 0 om projektet skapades och 1 om något hindrade."))
    init.add_argument("folder", metavar="MAPP", help="mappen att skapa projektet i (ny eller tom)")
    init.add_argument("--kommun", dest="municipality", required=True, metavar="NAMN",
                      help='kommunens (huvudmannens) namn som det ska stå på sajten, t.ex. "Exempel kommun"')
    init.add_argument("--lasar", dest="year", metavar="ÅÅÅÅ/ÅÅ",
                      help="läsåret för exempelskolan och kommunens plan (standard: läsåret i dag)")
    init.add_argument("--kontakt", dest="contact", metavar="ADRESS",
                      help="e-post eller webbadress för tillgänglighetsredogörelsen (kan ändras i mkdocs.yml)")
    init.set_defaults(run=cmd_init)
    schemas = subparsers.add_parser("scheman", help="hämta verktygets scheman till projektets schemas/",
                                    description=(
        "Skriver den installerade versionens scheman till projektets schemas/, t.ex. efter att verktyget "
        "uppgraderats i requirements.txt. Visar vilka filer som ändrades; granska ändringen med git diff. "
        "Avslutas med kod 0 om det gick bra och 1 om något hindrade."))
    schemas.add_argument("--path", default=".", metavar="SÖKVÄG", help="projektets mapp (standard: .)")
    schemas.set_defaults(run=cmd_schemas)


def _complain(message: str, hint: str = "") -> int:
    for line in [*message.split("\n"), *([f"Gör så här: {hint}"] if hint else [])]:
        print(printable(line), file=sys.stderr)
    return 1


def cmd_init(args) -> int:
    try:
        made = create(Path(args.folder), args.municipality, args.year, contact=args.contact or "")
    except RolloverError as exc:
        return _complain(exc.message, exc.hint)
    folder = printable(args.folder)
    print(f"Skapade projektet i {folder} ({len(made)} filer). Så här går du vidare:")
    print(f"  cd {printable(shlex.quote(args.folder))}")  # a folder with a space is one word to the shell
    print("  python3 -m venv .venv && .venv/bin/pip install -r requirements.txt")
    print("  (finns ska-sajt inte i ert paketindex: installera från hjulet, se Kom igång i projektets README.md)")
    print("  .venv/bin/ska validate")
    print("  .venv/bin/mkdocs serve --livereload")
    if not args.contact:
        print(f"Kontakten i tillgänglighetsredogörelsen är en platshållare ({PLACEHOLDER_CONTACT}): skriv in er "
              "egen under accessibility i mkdocs.yml.")
    print("README.md i projektet säger vad som ska ändras innan sajten publiceras.")
    return 0


def cmd_schemas(args) -> int:
    project = find_project(Path(args.path))
    if project is None:
        return _complain(no_project(args.path))
    try:
        changed = update_schemas(project)
    except RolloverError as exc:
        return _complain(exc.message, exc.hint)
    print("Schemana är redan desamma som verktygets." if not changed else
          "Ändrade: " + ", ".join(changed) + ". Kör ska validate och granska ändringen med git diff.")
    return 0
