"""The `ska import` and `ska hämta` commands: their Swedish help, and what each runs."""

from __future__ import annotations

import argparse
import math
from pathlib import Path

from ...content.validate import validate
from ..rollover import RolloverError
from . import apply, fetch, kolada, skolverket

COMMON = ("Siffrorna skrivs in i läsårets filer i content/years/ med kommentarer och ordning kvar. En siffra som "
          "redan står och skiljer sig skrivs bara över med --replace. Resultatet kontrolleras som med ska validate "
          "innan något skrivs; blir något fel skrivs ingenting. Avslutas med kod 0 om det gick bra och 1 om något "
          "hindrade.")


def _source(args: argparse.Namespace) -> Path:
    path = Path(args.file)
    if path.exists() and not path.is_file():  # a folder, a named pipe (reading it would wait forever), a device
        raise RolloverError(f"{args.file}: är ingen vanlig fil (utan t.ex. en mapp eller en namngiven pipa).",
                            "Ange sökvägen till filen du sparade, t.ex. ska import kolada Hämtningar/kolada.json")
    if not path.is_file():
        raise RolloverError(f"{args.file}: filen finns inte.", "Ange sökvägen till filen du sparade, t.ex. "
                            "ska import kolada Hämtningar/kolada.json")
    return path


def add_commands(sub, changing) -> None:
    """Register `ska import kolada|skolverket` and `ska hämta kolada`; ``changing(args, change)`` is the CLI's way
    to run a change and tell the editor what happened."""
    command = sub.add_parser("import", help="läs in resultat från Kolada eller Skolverket", description=(
        "Läser in resultat från en fil du sparat från Kolada (JSON) eller Skolverket (CSV eller Excel). " + COMMON))
    which = command.add_subparsers(dest="source", metavar="KÄLLA", required=True)
    k = which.add_parser("kolada", help="ett sparat svar från Koladas API v3 (JSON)", description=(
        "Läser ett svar från Koladas API v3: per kommun (/v3/data/kpi/…/municipality/…) eller per enhet "
        "(/v3/oudata/kpi/…/ou/…). Nyckeltalet kopplas till indikatorn med samma kolada_kpi, enheten till "
        "enheten med samma kolada_ou, er kommun till kommunens officiella siffror och riket (0000) eller en "
        "jämförelsegrupp till jämförelseserierna (references: i content/indicators.yaml). Period 2025 blir "
        "läsåret 2024/25, mättillfälle VT 2025. " + COMMON))
    k.add_argument("file", metavar="FIL", help="JSON-filen, t.ex. kolada.json")
    k.add_argument("--kommun", default="", metavar="KOD", help="er kommuns kod i Kolada, t.ex. 0181 (standard: "
                   "läses ur enheternas kolada_ou)")
    k.add_argument("--omfattning", choices=["own", "all"], default="",
                   help="vad kommunens siffror omfattar när de är nya: own (kommunens egna skolor) eller all "
                        "(alla huvudmän i kommunen)")
    s = which.add_parser("skolverket", help="Skolverkets statistikfil per skolenhet (CSV eller Excel)", description=(
        "Läser Skolverkets statistik per skolenhet: CSV (semikolon, decimalkomma, UTF-8 eller Windows-1252) eller "
        "Excel (.xlsx). Raden kopplas till enheten med samma skolenhetskod (school_unit_code), kolumnerna till "
        "indikatorerna med samma skolverket_column; kolumnerna Antal elever blir nämnare. Markeringarna blir "
        "status, aldrig tal: . saknas, .. för få elever, ~100 avrundat, - inget betyg. Skolor med en annan "
        "huvudman än kommunen hoppas över. " + COMMON))
    s.add_argument("file", metavar="FIL", help="CSV- eller Excel-filen, t.ex. slutbetyg-ak9.csv")
    s.add_argument("--lasar", default="", metavar="ÅÅÅÅ/ÅÅ",
                   help="läsåret siffrorna gäller, om filen inte säger det, t.ex. 2024/25")
    for p in (k, s):
        p.add_argument("--dry-run", action="store_true", help="visa vad som skulle ändras, utan att skriva något")
        p.add_argument("--replace", action="store_true", help="skriv över siffror som redan står och skiljer sig")
        p.add_argument("--path", default=".", metavar="SÖKVÄG", help="projektets mapp (standard: .)")
    k.set_defaults(run=lambda args: changing(args, lambda project: apply.run(
        project, kolada.reader(_source(args), args.kommun, args.omfattning), args.replace, args.dry_run)))
    s.set_defaults(run=lambda args: changing(args, lambda project: apply.run(
        project, skolverket.reader(_source(args), args.lasar), args.replace, args.dry_run)))

    get = sub.add_parser("hämta", help="hämta siffror från Kolada till en fil (kräver internet)", description=(
        "Hämtar nyckeltal från Koladas API v3 till en JSON-fil att importera med ska import kolada. Bara det här "
        "kommandot använder internet; sajten och importen gör det aldrig."))
    where = get.add_subparsers(dest="where", metavar="KÄLLA", required=True)
    g = where.add_parser("kolada", help="Koladas API v3", description=(
        "Hämtar varje nyckeltal för varje år och kommun eller enhet, sida för sida (next_url), med en paus "
        "mellan anropen, och sparar allt i en fil. Exempel: ska hämta kolada --kpi N15505 --ar 2025 --kommun 0181 "
        "--kommun 0000 --enheter --ut kolada.json"))
    g.add_argument("--kpi", action="append", required=True, metavar="ID", help="nyckeltalets id, t.ex. N15505 (flera går)")
    g.add_argument("--ar", action="append", required=True, type=int, metavar="ÅR",
                   help="Koladas år, t.ex. 2025 för läsåret 2024/25 (flera går)")
    g.add_argument("--kommun", action="append", default=[], metavar="KOD",
                   help="kommun eller grupp, t.ex. 0181, 0000 (riket) eller G33910 (flera går)")
    g.add_argument("--ou", action="append", default=[], metavar="ID", help="en enhets Kolada-id (flera går)")
    g.add_argument("--enheter", action="store_true", help="alla enheter med kolada_ou i content/units/")
    g.add_argument("--ut", required=True, metavar="FIL", help="filen att spara, t.ex. kolada.json")
    g.add_argument("--paus", type=float, default=fetch.PAUSE, metavar="SEKUNDER",
                   help=f"paus mellan anropen (standard: {fetch.PAUSE:g})")
    g.add_argument("--path", default=".", metavar="SÖKVÄG", help="projektets mapp (standard: .)")
    g.set_defaults(run=lambda args: changing(args, lambda project: fetch.fetch(
        Path(args.ut), args.kpi, args.ar, args.kommun, args.ou + (_ous(project) if args.enheter else []),
        pause=_pause(args.paus))))


def _pause(seconds: float) -> float:
    """--paus within what sleep() takes: at least 0.2 s, at most an hour; nan or inf (argparse takes them) is the
    default."""
    return min(max(seconds, 0.2), 3600.0) if math.isfinite(seconds) else fetch.PAUSE


def _ous(project: Path) -> list[str]:
    """Every unit's Kolada id, from content/units/."""
    units = apply.catalogue_of(validate(project, use_cache=False).documents).units.values()
    return sorted({data["kolada_ou"] for data in units if data.get("kolada_ou")})
