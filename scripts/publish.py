#!/usr/bin/env python3
"""Publish the site on a plain web server: each build in a folder of its own, the live site a symlink switched in
one step, so readers see the old site or the new one, never half of one.

    /srv/ska/
      current -> versioner/20250915T101500Z     (the web server's document root)
      versioner/20250915T101500Z/                (a complete build, with .ska-publicering.json)
      versioner/20250914T080000Z/                (kept to go back to; the oldest beyond --behall are removed)

    python3 scripts/publish.py bygg --rot /srv/ska              # bygg här och publicera om bygget lyckas
    python3 scripts/publish.py markera site/                    # i CI, efter ett lyckat bygge: skriv manifestet
    python3 scripts/publish.py byt --rot /srv/ska --version X   # efter rsync till versioner/X: kontrollera och byt
    python3 scripts/publish.py tillbaka --rot /srv/ska          # tillbaka till versionen före

Only the standard library is used, so this runs on a web server with nothing but Python 3.11+. A failed or
partial build is never switched to: ``bygg`` builds into ``versioner/<namn>.bygger`` and removes it if the build
fails; ``byt`` refuses a folder whose files do not match its manifest (e.g. an rsync that stopped half-way) or
that holds a link (the web server would follow it out of the release).
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Callable

MANIFEST = ".ska-publicering.json"
RELEASES = "versioner"
CURRENT = "current"
KEEP = 5
BUILDING = ".bygger"


class PublishError(Exception):
    """What stops publishing, in Swedish; the published site is as it was."""


def shown(path: Path) -> str:
    """A path as it may be printed: a character that is not printable (a control character) as its escape."""
    return "".join(c if c.isprintable() else ascii(c)[1:-1] for c in str(path))


def files_of(folder: Path) -> list[str]:
    """Every file under ``folder`` except the manifest, as sorted relative paths. PublishError for a link or anything
    else that is not a regular file or folder: a build has none, and a web server would follow a link out of the
    release (rsync -a copies links as links)."""
    found = []
    for base, dirs, names in os.walk(folder):
        for name in [*dirs, *names]:
            path = Path(base, name)
            if path.is_symlink() or not (path.is_dir() if name in dirs else path.is_file()):
                raise PublishError(f"{shown(path)}: är en länk eller ingen vanlig fil, och en byggd sajt har bara "
                                   "vanliga filer och mappar. Bygg sajten igen och kopiera den utan länkar.")
        found += [Path(base, name).relative_to(folder).as_posix() for name in names]
    return sorted(f for f in found if f != MANIFEST)


def mark(site: Path) -> dict:
    """Write the manifest of a complete build into ``site``: how many files and bytes it has."""
    if not (site / "index.html").is_file():
        raise PublishError(f"{site}: här finns ingen index.html, så det är ingen byggd sajt.")
    names = files_of(site)
    manifest = {"files": len(names), "bytes": sum((site / n).stat().st_size for n in names),
                "built": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds")}
    (site / MANIFEST).write_text(json.dumps(manifest), "utf-8")
    return manifest


def check(release: Path) -> None:
    """PublishError unless ``release`` is a complete build: its files as its manifest says."""
    names = files_of(release)  # first: the manifest itself is not read through a link
    try:
        manifest = json.loads((release / MANIFEST).read_text("utf-8"))
        if not isinstance(manifest, dict):
            raise ValueError(manifest)
    except (OSError, ValueError):
        raise PublishError(f"{release}: manifestet {MANIFEST} saknas eller är trasigt, så bygget är inte "
                           "markerat som klart. Kör publish.py markera på den byggda sajten innan den kopieras.") from None
    size = sum((release / n).stat().st_size for n in names)
    if (len(names), size) != (manifest.get("files"), manifest.get("bytes")) or "index.html" not in names:
        raise PublishError(f"{release}: har {len(names)} filer ({size} byte) men bygget hade {manifest.get('files')} "
                           f"({manifest.get('bytes')} byte). Kopieringen blev inte klar; kopiera igen.")


def new_name(root: Path) -> str:
    """A release name that sorts by time: 20250915T101500Z (with -2, -3 … if taken). Its folder
    ``versioner/<name>.bygger`` is made here, in one step, so that two builds at once never share one."""
    stamp = datetime.datetime.now(datetime.timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    name, n = stamp, 1
    while True:
        try:
            if not (root / RELEASES / name).exists():
                (root / RELEASES / (name + BUILDING)).mkdir()
                return name
        except FileExistsError:
            pass
        n += 1
        name = f"{stamp}-{n}"


def switch(root: Path, name: str, keep: int = KEEP) -> Path:
    """Point ``root/current`` at ``versioner/<name>`` in one step (a new link renamed over the old one), then
    remove the oldest complete releases beyond ``keep``. The release must be complete (``check``)."""
    if not name or "/" in name or name.startswith(".") or name.endswith(BUILDING):
        raise PublishError(f"”{name}” är inget versionsnamn; ange mappens namn under {RELEASES}/.")
    release = root / RELEASES / name
    if not release.is_dir() or release.is_symlink():
        raise PublishError(f"{release}: finns inte. Kopiera den byggda sajten dit först.")
    check(release)
    live = root / CURRENT
    if live.exists() and not live.is_symlink():
        raise PublishError(f"{live}: är en vanlig mapp, inte en länk. Flytta den till {RELEASES}/ en gång, så kan "
                           "länken bytas i fortsättningen.")
    link = root / f".{CURRENT}.{os.getpid()}"
    if link.is_symlink() or link.exists():
        link.unlink()
    os.symlink(Path(RELEASES) / name, link, target_is_directory=True)
    os.replace(link, live)  # rename(2): atomic, readers see the old target or the new one
    prune(root, keep)
    return release


def releases(root: Path) -> list[str]:
    """Complete-looking releases (no .bygger), oldest first."""
    folder = root / RELEASES
    if not folder.is_dir():
        return []
    return sorted(p.name for p in folder.iterdir() if p.is_dir() and not p.is_symlink()
                  and not p.name.endswith(BUILDING) and not p.name.startswith("."))


def live_name(root: Path) -> str:
    live = root / CURRENT
    return Path(os.readlink(live)).name if live.is_symlink() else ""


def prune(root: Path, keep: int) -> None:
    """Remove the oldest releases beyond ``keep``; never the live one."""
    live = live_name(root)
    old = [n for n in releases(root) if n != live]
    for name in old[:max(0, len(old) - max(keep - 1, 0))]:
        shutil.rmtree(root / RELEASES / name, ignore_errors=True)


def build_release(root: Path, build: Callable[[Path], int], keep: int = KEEP) -> Path:
    """Let ``build`` write the site into a new folder under ``root/versioner``; switch to it only if it returns 0
    and the folder is a site. Otherwise the folder is removed and the live site is as it was."""
    (root / RELEASES).mkdir(parents=True, exist_ok=True)
    name = new_name(root)
    partial = root / RELEASES / (name + BUILDING)
    try:
        code = build(partial)
        if code != 0:
            raise PublishError(f"Bygget misslyckades (kod {code}); den publicerade sajten är som förut.")
        mark(partial)
        partial.rename(root / RELEASES / name)
        return switch(root, name, keep)
    finally:
        shutil.rmtree(partial, ignore_errors=True)


def back(root: Path) -> Path:
    """Switch to the release before the live one."""
    names, live = releases(root), live_name(root)
    earlier = [n for n in names if n < live]
    if not earlier:
        raise PublishError("Det finns ingen tidigare version att gå tillbaka till.")
    return switch(root, earlier[-1], keep=len(names))


def mkdocs(project: Path, python: str) -> Callable[[Path], int]:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return lambda folder: subprocess.run(
        [python, "-m", "mkdocs", "build", "--strict", "--site-dir", str(folder.resolve())], cwd=project, env=env).returncode


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="publish.py", description=(
        "Publicerar sajten på en vanlig webbserver: varje bygge i en egen mapp, och länken current byts i ett "
        "steg först när bygget är helt. Ett misslyckat bygge lämnar den publicerade sajten som den var."))
    sub = parser.add_subparsers(dest="command", required=True, metavar="KOMMANDO")
    build = sub.add_parser("bygg", help="bygg sajten i en ny mapp och publicera den om bygget lyckas")
    build.add_argument("--projekt", default=".", help="projektets mapp med mkdocs.yml (standard: .)")
    build.add_argument("--python", default=sys.executable, help="Python med mkdocs och ska installerade")
    marked = sub.add_parser("markera", help="skriv manifestet i en byggd sajt (i CI, efter ett lyckat bygge)")
    marked.add_argument("site", metavar="MAPP")
    swap = sub.add_parser("byt", help="kontrollera en kopierad version och publicera den")
    swap.add_argument("--version", required=True, help=f"mappens namn under {RELEASES}/")
    earlier = sub.add_parser("tillbaka", help="publicera versionen före den som är publicerad nu")
    for command in (build, swap, earlier):
        command.add_argument("--rot", required=True, type=Path, help="publiceringens mapp (med current och versioner/)")
    for command in (build, swap):
        command.add_argument("--behall", type=int, default=KEEP, help=f"antal versioner att behålla (standard: {KEEP})")
    args = parser.parse_args(argv)
    try:
        if args.command == "markera":
            done = mark(Path(args.site))
            print(f"Markerad som klar: {done['files']} filer.")
            return 0
        if args.command == "bygg":
            release = build_release(args.rot, mkdocs(Path(args.projekt), args.python), args.behall)
        elif args.command == "byt":
            release = switch(args.rot, args.version, args.behall)
        else:
            release = back(args.rot)
    except (PublishError, OSError) as exc:
        print(str(exc) if isinstance(exc, PublishError) else f"{exc.filename or ''}: {exc.strerror or exc}",
              file=sys.stderr)
        return 1
    print(f"Publicerad: {release}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
