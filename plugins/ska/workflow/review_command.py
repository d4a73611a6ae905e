"""`ska granska`: the review summary of a pull request as Markdown (the command; review.py compares, review_markdown
writes)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..content.problems import printable
from ..pipeline import find_project, no_project
from .review import THRESHOLD, ReviewError, changed_files, compare, history_problems, note_other_files, revisions
from .review_markdown import checked_url, format_markdown
from .site_options import min_group_size


def run(args: argparse.Namespace) -> int:
    project = find_project(Path(args.path))
    if project is None:
        print(printable(no_project(args.path)), file=sys.stderr)
        return 2
    try:
        preview = checked_url(args.preview) if args.preview else ""
        artifact = checked_url(args.artifact) if args.artifact else ""
    except ValueError as exc:
        print(printable(f"{exc}: ingen webbadress. Ange en adress som börjar med https:// eller http://."),
              file=sys.stderr)
        return 2
    try:
        min_group = min_group_size(project)
        with revisions(project, args.base, args.head, min_group) as (base, head, old, new):
            review = compare(old, new, base, head, args.threshold, min_group)
            note_other_files(review, changed_files(project, base, head))
    except ReviewError as exc:
        print(printable(str(exc)), file=sys.stderr)
        return 2
    text = format_markdown(review, preview, artifact, args.limit)
    if args.out:
        Path(args.out).write_text(text, "utf-8")
    else:
        sys.stdout.write(text)
    return 1 if any(f.kind == "invalid" for f in review.flags) else 0


def add_command(sub) -> None:
    """Register `ska granska` on the `ska` parser's subparsers."""
    command = sub.add_parser("granska", help="sammanfatta vad en pull request ändrar i innehållet", description=(
        "Jämför innehållet i två versioner i git (målgrenen och ändringen) och skriver en sammanfattning i "
        "Markdown för den som granskar: per enhet och läsår ändrade siffror (före → efter), förbättringsområden "
        "och åtgärder, mål och text, och det som behöver ses över: siffror för avslutade läsår som ändrats "
        "(med eller utan rättelse), stora förändringar sedan förra läsåret, nya små grupper, uppgifter som "
        "saknas och enheter som tillkommit eller stängt. Arbetskopian ändras aldrig. Avslutas med kod 0 om "
        "sammanfattningen skrevs, 1 om innehållet har fel och 2 om något hindrade."))
    command.add_argument("--bas", dest="base", default="origin/main", metavar="VERSION",
                         help="versionen att jämföra med, t.ex. målgrenen (standard: origin/main)")
    command.add_argument("--mot", dest="head", default="HEAD", metavar="VERSION",
                         help="ändringens version (standard: HEAD); . betyder arbetskopian som den är")
    command.add_argument("--förhandsvisning", "--forhandsvisning", dest="preview", metavar="URL",
                         help="adressen där den byggda sajten kan ses; sidorna länkas dit")
    command.add_argument("--artefakt", dest="artifact", metavar="URL",
                         help="adressen där den byggda sajten kan laddas ner (t.ex. CI:s artefakt)")
    command.add_argument("--gräns", "--grans", dest="threshold", type=float, default=THRESHOLD, metavar="PROCENT",
                         help="visa en siffra som rört sig mer än så här stor andel av indikatorns skala sedan "
                              f"förra läsåret (standard: {THRESHOLD:g})")
    command.add_argument("--ut", dest="out", metavar="FIL", help="skriv sammanfattningen till filen i stället")
    command.add_argument("--högst", "--hogst", dest="limit", type=int, metavar="TECKEN",
                         help="högst så många tecken: det som inte får plats utelämnas, och det sägs (GitHub tar "
                              "högst 1 MiB i ett jobbs sammanfattning)")
    command.add_argument("--path", default=".", metavar="SÖKVÄG", help="projektets mapp (standard: .)")
    command.set_defaults(run=run)


def history_warnings(project: Path, base: str) -> list:
    """`ska validate --bas`: warnings for figures of finished years changed in the work tree since ``base``
    without a correction; ReviewError if ``base`` cannot be read."""
    min_group = min_group_size(project)
    with revisions(project, base, ".", min_group) as (_, _, old, new):
        return history_problems(compare(old, new, min_group=min_group), project)
