"""The `ska` command: validate content, start a school year, show changes, print a year's report as PDF."""

from __future__ import annotations

import argparse
import datetime
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from . import formatting as fmt
from .content.problems import format_github, format_gitlab, format_text, printable, sort_problems
from .content.validate import validate
from .domain import parse_school_year
from .pipeline import find_project, no_project
from .labels import PART_KINDS, SCHOOL_FORMS
from .workflow import diff, report, review_command, scaffold
from .workflow import init as init_project
from .workflow.imports import commands as imports
from .workflow.rollover import RolloverError, format_plan, start_year

# `ska rapport` builds the site as scripts/run.py does: MkDocs' own command, in a process of its own (so
# nothing here imports a site generator; a port changes this line). SKA_REPORT_PDF=0: the build itself
# makes no PDF even if mkdocs.yml asks for them; this command prints the one it was asked for.
BUILD_SITE = ["-m", "mkdocs", "build", "--strict", "--quiet"]


def complain(message: str) -> None:
    """Tell the user what went wrong, on stderr; ``message`` may quote content, so it is made printable."""
    print(printable(message), file=sys.stderr)


def cmd_validate(args: argparse.Namespace) -> int:
    target = Path(args.path)
    if not target.exists():
        complain(f"{args.path}: finns inte. Ange projektets mapp eller en fil i content/.")
        return 2
    project = find_project(target if target.is_dir() else target.parent)
    if project is None:
        complain(no_project(args.path))
        return 2
    report = validate(project, use_cache=not args.no_cache)
    problems = report.problems
    if args.base:  # figures of finished school years changed since the base revision, without a correction
        try:
            problems = sort_problems([*problems, *review_command.history_warnings(project, args.base)])
        except review_command.ReviewError as exc:
            complain(str(exc))
            return 2
    if target.resolve() != project:
        prefix = target.resolve().relative_to(project).as_posix()
        problems = sort_problems(p for p in problems if p.file == prefix or p.file.startswith(prefix.rstrip("/") + "/"))
    out = {"github": format_github, "gitlab": format_gitlab}.get(args.format, format_text)(problems)
    print(out)
    return 1 if any(p.is_error for p in problems) else 0


def _changing(args: argparse.Namespace, change) -> int:
    """Run ``change(project)`` (it writes content files and returns what to print); a RolloverError is said in
    Swedish, with the problems it names, and nothing is written."""
    target = Path(args.path)
    project = find_project(target) if target.is_dir() else None
    if project is None:
        complain(no_project(args.path))
        return 1
    try:
        print("\n".join(map(printable, change(project).split("\n"))))  # line by line: the lines stay lines
    except RolloverError as exc:
        complain(exc.message)
        if exc.problems:
            print(format_text(exc.problems), file=sys.stderr)
        if exc.hint:
            complain(f"Gör så här: {exc.hint}")
        return 1
    return 0


def cmd_new_year(args: argparse.Namespace) -> int:
    return _changing(args, lambda project: format_plan(start_year(project, args.year, args.unit, args.dry_run)))


def cmd_new(args: argparse.Namespace) -> int:
    unit = args.what == "enhet"

    def create(project: Path) -> str:
        if unit:
            files, _ = scaffold.new_unit(project, args.id, args.name, args.school_forms, args.grades or "", args.year,
                                         args.dry_run)
        else:
            files, _ = scaffold.new_part(project, args.id, args.name, args.kind, args.year, args.dry_run)
        lines = ["Provkörning: inget har skrivits." if args.dry_run else "Skapade:"]
        lines += [f"  {f.name} ({f.note})" for f in files]
        if args.dry_run:
            return "\n".join([*lines, "", *(f"--- {f.name} ---\n{f.text}" for f in files)])
        return "\n".join([*lines, "", "Så här går du vidare:",
                          f"  1. Öppna {files[0].name} och fyll i det du vet "
                          + ("(område, rektor, skolenhetskod)." if unit else "(beskrivning, skolformer)."),
                          f"  2. Öppna {files[1].name} och skriv in årets "
                          + ("resultat, mål och plan." if unit else "mål och plan."),
                          f"  3. Kör ska validate {files[1].name}"])

    return _changing(args, create)


def build_site(project: Path, site: Path) -> bool:
    """Build the project's site into ``site`` with MkDocs (its messages go to the terminal); True if it worked."""
    config = project / "mkdocs.yml"
    if not config.is_file():
        complain(f"{project}: här finns ingen mkdocs.yml, så sajten kan inte byggas. Ange projektets mapp med "
                 "--path, eller en redan byggd sajt med --sajt.")
        return False
    print("Bygger sajten …", flush=True)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SKA_REPORT_PDF": "0"}
    command = [sys.executable, *BUILD_SITE, "--config-file", str(config), "--site-dir", str(site)]
    if subprocess.run(command, cwd=project, env=env, check=False).returncode != 0:
        complain("Sajten kunde inte byggas, så ingen PDF gjordes. Rätta felen ovan (ska validate visar fel i "
                 "innehållet) och försök igen.")
        return False
    return True


def iso_date(text: str) -> str:
    """--datum: a date written YYYY-MM-DD."""
    try:
        return datetime.date.fromisoformat(text).isoformat()
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text} är inget datum; skriv det som ÅÅÅÅ-MM-DD, t.ex. 2025-09-15") from None


def cmd_report(args: argparse.Namespace) -> int:
    year = parse_school_year(args.year)
    if year is None:
        complain(f"{args.year} är inget läsår. Skriv läsåret som 2024/25.")
        return 2
    try:
        report.check_engine()  # before a build that may take a while
    except report.ReportError as exc:
        for line in str(exc).splitlines():  # the message's own lines (how to install), each made printable
            complain(line)
        return 1
    out = Path(args.out) if args.out else Path(Path(report.report_path(year)).name)
    with tempfile.TemporaryDirectory(prefix="ska-rapport-") as scratch:
        if args.site:
            site = Path(args.site)
        else:
            project = find_project(Path(args.path))
            if project is None:
                complain(no_project(args.path))
                return 1
            site = Path(scratch) / "site"
            if not build_site(project, site):
                return 1
        try:
            pages = report.make(site, {year: out}, committee=args.committee or "", date=args.date or "")[year]
        except report.ReportError as exc:
            for line in str(exc).splitlines():
                complain(line)
            return 1
    print(f"Rapporten för läsåret {year} finns i {printable(str(out))} ({fmt.count(pages, 'sida', 'sidor')}).")
    return 0


def add_report_command(sub) -> None:
    """Register `ska rapport` on the `ska` parser's subparsers."""
    command = sub.add_parser("rapport", help="gör läsårets sammanställning som PDF till nämnden", description=(
        "Gör läsårets sammanställning till en PDF för nämndens handlingar: ett försättsblad (kommun, nämnd, "
        "läsår, datum och innehållets version i git), en innehållsförteckning med sidnummer, sedan sidan "
        "med diagram och tabeller. PDF:en är taggad för skärmläsare och har bokmärken. Sajten byggs först "
        "(med projektets mkdocs.yml), om du inte anger en redan byggd sajt med --sajt. Kräver Chromium och "
        "playwright: pip install -e '.[pdf]' och apt-get install chromium. Avslutas med kod 0 om PDF:en "
        "gjordes och 1 om något hindrade."))
    command.add_argument("year", metavar="ÅÅÅÅ/ÅÅ", help="läsåret, t.ex. 2024/25")
    command.add_argument("--ut", dest="out", metavar="FIL",
                         help="PDF-filen att skriva (standard: kvalitetsrapport-ÅÅÅÅ-ÅÅ.pdf i mappen du står i)")
    command.add_argument("--sajt", dest="site", metavar="MAPP",
                         help="en redan byggd sajt (t.ex. site/) att skriva ut i stället för att bygga den")
    command.add_argument("--namnd", dest="committee", metavar="NAMN",
                         help="nämnden på försättsbladet (standard: committee i mkdocs.yml, annars "
                              "Barn- och utbildningsnämnden)")
    command.add_argument("--datum", dest="date", type=iso_date, metavar="ÅÅÅÅ-MM-DD",
                         help="datumet på försättsbladet och sidorna (standard: i dag)")
    command.add_argument("--path", default=".", metavar="SÖKVÄG", help="projektets mapp (standard: .)")
    command.set_defaults(run=cmd_report)


def parser() -> argparse.ArgumentParser:
    main = argparse.ArgumentParser(
        prog="ska",
        description="Verktyg för det systematiska kvalitetsarbetet: kontrollera innehållet innan du skickar en pull request.",
    )
    sub = main.add_subparsers(dest="command", metavar="KOMMANDO", required=True)
    check = sub.add_parser("validate", help="kontrollera innehållsfilerna", description=(
        "Kontrollerar alla filer i content/ mot scheman och regler. Alla problem visas på en gång, "
        "med fil, rad och fält. Avslutas med kod 0 om allt är rätt och 1 om något fel hittades."))
    check.add_argument("path", nargs="?", default=".", metavar="SÖKVÄG",
                       help="projektets mapp, eller en fil eller mapp i content/ att visa problem för (standard: .)")
    check.add_argument("--format", choices=["text", "github", "gitlab"], default="text",
                       help="text för terminalen, github för kommentarer direkt på raderna i en pull request, "
                            "gitlab för GitLabs kodkvalitetsrapport (JSON) i en merge request")
    check.add_argument("--bas", dest="base", metavar="VERSION",
                       help="varna också för siffror för avslutade läsår som ändrats sedan den här versionen i git "
                            "(t.ex. origin/main) utan rättelse (correction)")
    check.add_argument("--no-cache", action="store_true", help="läs om alla filer i stället för att använda cachen")
    check.set_defaults(run=cmd_validate)
    year = sub.add_parser("new-year", help="starta ett nytt läsår utifrån det förra", description=(
        "Skapar filerna för ett nytt läsår i content/years/ utifrån läsåret före. Det som fortsätter förs över "
        "(mål, utvecklingsområden, förbättringsområden som inte är avslutade, inspektioner som pågår); resultat, "
        "analys och sammanfattning lämnas tomma att fylla i. Filer som redan finns ändras aldrig, så kommandot "
        "kan köras igen. Avslutas med kod 0 om det gick bra och 1 om något hindrade."))
    year.add_argument("year", metavar="ÅÅÅÅ/ÅÅ", help="det nya läsåret, t.ex. 2025/26")
    year.add_argument("--unit", action="append", metavar="ID",
                      help="skapa bara filen för den här enheten (kan anges flera gånger); kommunens fil skapas inte då")
    year.add_argument("--dry-run", action="store_true",
                      help="visa vad som skulle skapas och vad som förs över, utan att skriva något")
    year.add_argument("--path", default=".", metavar="SÖKVÄG", help="projektets mapp (standard: .)")
    year.set_defaults(run=cmd_new_year)
    new = sub.add_parser("ny", help="skapa filerna för något nytt: en enhet eller en del av organisationen", description=(
        "Skapar nya innehållsfiler med svenska kommentarer om vad som ska stå var. Filerna är giltiga direkt "
        "och kontrolleras mot scheman och regler innan de skrivs; en fil som redan finns ändras aldrig."))
    what = new.add_subparsers(dest="what", metavar="VAD", required=True)
    unit = what.add_parser("enhet", help="en ny enhet: dess fil och dess fil för ett läsår", description=(
        "Skapar content/units/<id>.yaml (enhetens stabila uppgifter) och content/years/<läsår>/units/<id>.yaml "
        "(resultat och plan för läsåret). Avslutas med kod 0 om filerna skapades och 1 om något hindrade."))
    unit.add_argument("id", metavar="ID", help="enhetens id, som också blir filernas namn, t.ex. eneskolan")
    unit.add_argument("--namn", dest="name", required=True, metavar="NAMN", help="enhetens namn, t.ex. \"Eneskolan\"")
    unit.add_argument("--skolform", dest="school_forms", action="append", required=True, choices=list(SCHOOL_FORMS),
                      metavar="SKOLFORM", help="en skolform på enheten (kan anges flera gånger): "
                                               + ", ".join(SCHOOL_FORMS))
    unit.add_argument("--arskurser", dest="grades", metavar="SPANN", help="årskurserna, t.ex. F-6 eller 7-9")
    unit.add_argument("--lasar", dest="year", metavar="ÅÅÅÅ/ÅÅ",
                      help="läsåret för enhetens första plan (standard: det senaste läsåret i content/years/)")
    unit.add_argument("--dry-run", action="store_true", help="visa filerna utan att skriva dem")
    unit.add_argument("--path", default=".", metavar="SÖKVÄG", help="projektets mapp (standard: .)")
    unit.set_defaults(run=cmd_new)
    part = what.add_parser("del", help="en ny del av organisationen: dess fil och dess plan för ett läsår", description=(
        "Skapar content/parts/<id>.yaml (en skolform, funktion eller ett område, t.ex. Grundskolan eller "
        "Resurscentrum) och content/years/<läsår>/parts/<id>.yaml (delens plan för läsåret). En del räknas aldrig "
        "som en enhet. Avslutas med kod 0 om filerna skapades och 1 om något hindrade."))
    part.add_argument("id", metavar="ID", help="delens id, som också blir filernas namn, t.ex. grundskolan")
    part.add_argument("--namn", dest="name", required=True, metavar="NAMN", help="delens namn, t.ex. \"Grundskolan\"")
    part.add_argument("--slag", dest="kind", required=True, choices=list(PART_KINDS), metavar="SLAG",
                      help="school_form (skolform), function (funktion) eller area (område)")
    part.add_argument("--lasar", dest="year", metavar="ÅÅÅÅ/ÅÅ",
                      help="läsåret för delens första plan (standard: det senaste läsåret i content/years/)")
    part.add_argument("--dry-run", action="store_true", help="visa filerna utan att skriva dem")
    part.add_argument("--path", default=".", metavar="SÖKVÄG", help="projektets mapp (standard: .)")
    part.set_defaults(run=cmd_new)
    diff.add_command(sub)
    review_command.add_command(sub)
    add_report_command(sub)
    imports.add_commands(sub, _changing)
    init_project.add_commands(sub)
    return main


# argparse's own words, in Swedish: editors read the help and the usage errors too.
_ARGPARSE_SV = {
    "usage: ": "användning: ",
    "options": "flaggor",
    "positional arguments": "argument",
    "show this help message and exit": "visa den här hjälpen och avsluta",
    "the following arguments are required: %s": "de här argumenten saknas: %s",
    "unrecognized arguments: %s": "okända argument: %s",
    "invalid choice: %(value)r (choose from %(choices)s)": "ogiltigt val: %(value)r (välj bland %(choices)s)",
    "%(prog)s: error: %(message)s\n": "%(prog)s: fel: %(message)s\n",
    "expected one argument": "ett värde behövs",
    "argument %(argument_name)s: %(message)s": "argumentet %(argument_name)s: %(message)s",
    "invalid %(type)s value: %(value)r": "ogiltigt värde (%(type)s): %(value)r",
}


def main(argv: list[str] | None = None) -> int:
    argparse._ = lambda text: _ARGPARSE_SV.get(text, text)  # argparse looks its texts up through _()
    args = parser().parse_args(argv)
    try:
        return args.run(args)
    except KeyboardInterrupt:
        complain("Avbrutet.")
        return 130
    except OSError as exc:  # a file that cannot be read or written: no traceback for an editor
        complain(f"{exc.filename or 'En fil'}: {exc.strerror or exc}. Kontrollera att filen finns och att du får läsa "
                 "och skriva i projektets mapp.")
        return 1


if __name__ == "__main__":
    sys.exit(main())
