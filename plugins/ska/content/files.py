"""Content files, read safely: find them (only regular files and folders, never a link), read them
(regular files only, size checked first) and decode their text.

The repository is untrusted (a pull request can add anything), so:

- ``discover`` lists only regular files and folders, never following a symbolic link;
  a link, FIFO, socket, device, a folder where a file belongs or a year folder not named
  ``YYYY-YY`` is a problem that names the entry, never what it points to.
- ``read_file`` opens with O_NOFOLLOW | O_NONBLOCK, checks that it opened a regular file
  and its size before reading, and reads at most MAX_BYTES + 1 bytes.
- ``decode`` refuses control characters, line breaks YAML 1.1 and 1.2 read differently
  (NEL, LS, PS) and a byte order mark (U+FEFF) after the start; CR line endings become LF,
  so libyaml's lines and ours agree.
"""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path

from ..domain import (INDICATORS, MUNICIPALITY_YEAR, PART, PART_YEAR, PROGRAMMES, SELF_ASSESSMENT, UNIT, UNIT_YEAR,
                      school_year_of_folder)
from .problems import WARNING, LoadFailure, Problem

MAX_BYTES = 1_000_000


@dataclass(frozen=True)
class Source:
    """A content file: where it is (relative to the content root's parent) and what kind it is."""

    path: Path
    name: str
    kind: str


def shown(name: str) -> str:
    """A file or folder name as it may be printed: characters that cannot be shown as \\uXXXX."""
    if name.isprintable():
        return name
    return "".join(c if c.isprintable() else f"\\u{ord(c):04x}" for c in name)


def _entry_problem(entry: os.DirEntry | None, name: str, is_dir_expected: bool = False) -> Problem | None:
    """Why ``entry`` cannot be read as content (a link, not a regular file or folder), or None."""
    try:
        link = entry.is_symlink()
        folder = entry.is_dir(follow_symlinks=False)
        regular = entry.is_file(follow_symlinks=False)
    except OSError:
        link = folder = regular = False
    if not name.isprintable():
        return Problem(shown(name), 1, 1, "Namnet innehåller tecken som inte kan visas (osynliga tecken eller "
                       "en felaktig teckenkodning) och läses inte.",
                       "Byt namn så att det bara har vanliga bokstäver, siffror, bindestreck och .yaml.")
    if link:
        return Problem(name, 1, 1, "Det här är en symbolisk länk (genväg), inte en fil eller mapp, och läses inte.",
                       "Ta bort länken och lägg innehållet som en vanlig fil i arkivet: content/ får bara "
                       "innehålla vanliga filer och mappar.")
    if is_dir_expected and not folder:
        return Problem(name, 1, 1, "Här ska det finnas en mapp, men det är en fil.",
                       "Ta bort filen eller byt namn på den; mappen ska innehålla läsårets filer.")
    if not is_dir_expected and folder:
        return Problem(name, 1, 1, "Det här är en mapp där det ska finnas en fil, och den läses inte.",
                       "Ta bort mappen eller flytta innehållet; en innehållsfil är en vanlig fil som slutar på .yaml.")
    if not folder and not regular:
        return Problem(name, 1, 1, "Det här är ingen vanlig fil (utan t.ex. en namngiven pipa eller en enhetsfil) "
                       "och läses inte.", "Ta bort den: content/ får bara innehålla vanliga filer och mappar.")
    return None


def _entries(folder: Path, name: str, problems: list[Problem]) -> list[os.DirEntry]:
    try:
        with os.scandir(folder) as it:
            return sorted(it, key=lambda e: e.name)
    except OSError:
        problems.append(Problem(name, 1, 1, "Mappen kunde inte läsas.",
                                "Kontrollera att mappen finns och att du har behörighet att läsa den."))
        return []


def _lstat_entry(path: Path) -> os.DirEntry | None:
    """The DirEntry of ``path`` in its parent folder, or None if there is none."""
    try:
        with os.scandir(path.parent) as it:
            return next((e for e in it if e.name == path.name), None)
    except OSError:
        return None


def discover(content: Path) -> tuple[list[Source], list[Problem]]:
    """Every content file under ``content/``, with its kind; stray or unreadable entries are problems."""
    sources: list[Source] = []
    problems: list[Problem] = []

    def add(entry: os.DirEntry, name: str, kind: str) -> None:
        problem = _entry_problem(entry, name)
        if problem:
            problems.append(problem)
        elif entry.name.endswith(".yaml"):
            sources.append(Source(Path(entry.path), name, kind))
        else:
            problems.append(Problem(name, 1, 1, "Filen har inte ändelsen .yaml och läses inte.",
                                    "Byt namn på filen så att den slutar på .yaml."))

    def folder(entry: os.DirEntry | None, name: str) -> list[os.DirEntry]:
        if entry is None:
            return []
        problem = _entry_problem(entry, name, is_dir_expected=True)
        if problem:
            problems.append(problem)
            return []
        return _entries(Path(entry.path), name, problems)

    top = content.name
    top_entries = {e.name: e for e in _entries(content, top, problems)}
    for name, kind in (("indicators.yaml", INDICATORS), ("programmes.yaml", PROGRAMMES),
                       ("self_assessment.yaml", SELF_ASSESSMENT)):
        if name in top_entries:
            add(top_entries[name], f"{top}/{name}", kind)
    for entry in folder(top_entries.get("units"), f"{top}/units"):
        add(entry, f"{top}/units/{entry.name}", UNIT)
    for entry in folder(top_entries.get("parts"), f"{top}/parts"):
        add(entry, f"{top}/parts/{entry.name}", PART)
    for year in folder(top_entries.get("years"), f"{top}/years"):
        year_name = f"{top}/years/{year.name}"
        if not year.is_dir(follow_symlinks=False) or year.is_symlink() or not year.name.isprintable():
            problems.append(_entry_problem(year, year_name, is_dir_expected=True) or Problem(
                year_name, 1, 1, "Filen ligger på fel ställe och läses inte.",
                "Lägg kommunens fil som years/<läsår>/municipality.yaml och enheternas som "
                "years/<läsår>/units/<enhetens id>.yaml."))
            continue
        if school_year_of_folder(year.name) is None:
            problems.append(Problem(
                year_name, 1, 1, f"Mappen ”{year.name}” är inget läsår och läses inte: en läsårsmapp heter "
                "ÅÅÅÅ-ÅÅ efter läsåret, med två år som följer på varandra (t.ex. 2024-25).",
                "Byt namn på mappen till läsårets namn, t.ex. 2024-25. En kopia eller säkerhetskopia "
                "(t.ex. 2024-25.bak) hör inte hemma i content/: ta bort den."))
            continue
        inside = []  # (parts, relative path, entry) of every file in the year's folder, in path order
        stack = [("", year)]
        while stack:
            here, directory = stack.pop()
            for entry in _entries(Path(directory.path), f"{year_name}/{here}".rstrip("/"), problems):
                relative = f"{here}{entry.name}"
                if entry.is_dir(follow_symlinks=False) and not entry.is_symlink() and entry.name.isprintable() \
                        and not entry.name.endswith(".yaml"):
                    stack.append((relative + "/", entry))
                else:
                    inside.append((tuple(relative.split("/")), relative, entry))
        for _, relative, entry in sorted(inside, key=lambda item: item[0]):
            name = f"{year_name}/{relative}"
            if relative == "municipality.yaml":
                add(entry, name, MUNICIPALITY_YEAR)
            elif relative.startswith("units/") and relative.count("/") == 1:
                add(entry, name, UNIT_YEAR)
            elif relative.startswith("parts/") and relative.count("/") == 1:
                add(entry, name, PART_YEAR)
            else:
                problems.append(_entry_problem(entry, name) or Problem(
                    name, 1, 1, "Filen ligger på fel ställe och läses inte.",
                    "Lägg kommunens fil som years/<läsår>/municipality.yaml, "
                    "enheternas som years/<läsår>/units/<enhetens id>.yaml och verksamhetsdelarnas "
                    "som years/<läsår>/parts/<delens id>.yaml.",
                ))
    return sources, problems


def folder_problem(path: Path, name: str) -> Problem | None:
    """Why the folder ``path`` (content/ or schemas/ itself) cannot be read, or None."""
    entry = _lstat_entry(path)
    if entry is None:
        return Problem(name, 1, 1, f"Mappen {name} saknas i {shown(str(path.parent))}.",
                       "Kör kommandot i projektets mapp, eller ange sökvägen till den.")
    return _entry_problem(entry, name, is_dir_expected=True)


def _too_big(name: str, size: int) -> LoadFailure:
    return LoadFailure(Problem(
        name, 1, 1, f"Filen är {size // 1000} kB; en innehållsfil får vara högst {MAX_BYTES // 1000} kB.",
        "Kontrollera att det är rätt fil. Dela upp innehållet eller ta bort inklistrade bilder och tabeller."))


def read_file(path: Path, name: str, limit: int = MAX_BYTES) -> bytes:
    """The bytes of a regular file, never following a link; refused if larger than ``limit``."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        raise LoadFailure(Problem(name, 1, 1, "Filen kunde inte öppnas (den är en länk, saknas eller får inte läsas).",
                                  "Lägg innehållet som en vanlig fil i arkivet och kontrollera att den går att läsa.")) from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise LoadFailure(Problem(name, 1, 1, "Det här är ingen vanlig fil och läses inte.",
                                      "Ta bort den: content/ får bara innehålla vanliga filer och mappar."))
        if info.st_size > limit:
            raise _too_big(name, info.st_size)
        chunks, left = [], limit + 1  # the file may grow while it is read
        while left > 0:
            chunk = os.read(fd, left)
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
        return b"".join(chunks)
    except OSError:
        raise LoadFailure(Problem(name, 1, 1, "Filen kunde inte läsas.",
                                  "Kontrollera att filen går att läsa och försök igen.")) from None
    finally:
        os.close(fd)


def position(text: str, offset: int) -> tuple[int, int]:
    """(line, column), both from 1, of ``offset`` in ``text`` (lines end with \\n only)."""
    return text.count("\n", 0, offset) + 1, offset - (text.rfind("\n", 0, offset) + 1) + 1


def decode(raw: bytes, name: str) -> tuple[str, list[Problem]]:
    """Bytes to text, refusing what an editor's program may have saved by mistake."""
    warnings = []

    def fail(message: str, hint: str, line: int = 1) -> LoadFailure:
        return LoadFailure(Problem(name, line, 1, message, hint))

    if len(raw) > MAX_BYTES:
        raise _too_big(name, len(raw))
    head = raw[:200]
    if raw[:2] in (b"\xff\xfe", b"\xfe\xff") or (len(head) > 1 and head.count(b"\x00") * 4 >= len(head)):
        raise fail(
            "Filen är sparad som UTF-16 (Unicode), inte som UTF-8.",
            "Spara om filen med teckenkodningen UTF-8 (i VS Code: klicka på ”UTF-16” nere till höger → Spara med kodning → UTF-8).",
        )
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
        warnings.append(Problem(
            name, 1, 1, "Filen börjar med ett osynligt BOM-tecken.",
            "Spara filen som ”UTF-8” utan BOM (i VS Code: klicka på ”UTF-8 with BOM” nere till höger).",
            severity=WARNING,
        ))
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        line_start = raw.rfind(b"\n", 0, exc.start) + 1
        column = len(raw[line_start: exc.start].decode("utf-8", "replace")) + 1
        raise LoadFailure(Problem(
            name, line, column,
            "Filen är inte sparad som UTF-8 (troligen Windows-1252 eller ISO-8859-1); tecken som å, ä och ö blir fel.",
            "Spara om filen med teckenkodningen UTF-8 (i VS Code: Spara med kodning → UTF-8).",
        )) from None
    if "\r" in text and text.count("\r") != text.count("\r\n"):
        # A CR alone is a line break to YAML but not to us: make it LF, so lines are counted alike.
        # CRLF stays (a rewritten file keeps the editor's line endings); YAML reads both the same.
        text = _LONE_CR.sub("\n", text)
    if not _CONTENT_LINE.search(text):
        raise fail("Filen är tom.", "Fyll i filen eller ta bort den.")
    # None of these is printable ASCII: look among the few other bytes first.
    bad = _REFUSED.search(raw.translate(None, _PRINTABLE_ASCII).decode("utf-8", "replace")) and _REFUSED.search(text)
    if bad:
        line, column = position(text, bad.start())
        raise LoadFailure(Problem(name, line, column, *_refused_words(bad.group())))
    if "\t" in text:
        for number, line in enumerate(text.split("\n"), 1):
            if "\t" in line:
                raise LoadFailure(Problem(
                    name, number, line.index("\t") + 1,
                    "Raden innehåller ett tabbtecken; YAML tillåter bara mellanslag för indrag.",
                    "Byt tabben mot mellanslag (i VS Code: Indrag med mellanslag).",
                ))
    return text, warnings


# Characters YAML refuses (C0/C1 controls other than tab and line breaks, DEL, lone surrogates, U+FFFE/F).
_CONTROL = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff"
# Line breaks to libyaml (YAML 1.1) but not to YAML 1.2 or an editor, and a byte order mark mid-file.
_BREAKS = "\x85\u2028\u2029\ufeff"
_REFUSED = re.compile(f"[{_CONTROL}{_BREAKS}]")
# Invisible format characters: bidi controls and marks, zero-width characters, soft hyphen.
INVISIBLE = re.compile("[\u00ad\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069]")
SUSPECT = re.compile(f"[{_CONTROL}{_BREAKS}\u00ad\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069]")
_LONE_CR = re.compile("\r(?!\n)")
_PRINTABLE_ASCII = bytes(range(0x20, 0x7F)) + b"\t\n\r"
_CONTENT_LINE = re.compile(r"^\s*[^\s#]", re.MULTILINE)  # a line with more than a comment


def _refused_words(char: str) -> tuple[str, str]:
    """Message and hint for a character no content may hold."""
    code = f"U+{ord(char):04X}"
    if char == "\ufeff":
        return (f"Raden innehåller ett osynligt BOM-tecken ({code}) mitt i filen, troligen inklistrat från en annan fil.",
                "Radera tecknet (ställ markören där och skriv om texten runt det) och spara filen.")
    if char in "\x85\u2028\u2029":
        return (f"Raden innehåller en osynlig radbrytning ({code}), troligen inklistrad från Word eller en webbsida; "
                "den läses olika av olika program.",
                "Radera tecknet och gör en vanlig radbrytning med Enter om det ska vara en ny rad.")
    return (f"Raden innehåller ett osynligt styrtecken ({code}), troligen inklistrat från Word eller en webbsida.",
            "Radera tecknet (ställ markören där och skriv om texten runt det) och spara filen.")
