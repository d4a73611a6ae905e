"""Read content files safely: find them, read only regular files, decode the text, parse YAML.

One reader decides what every file means: PyYAML's C parser (libyaml) with a resolver of
our own (YAML 1.2 core rules: ``yes``/``no``/``on`` and bare dates stay text) and a small
node walker instead of PyYAML's constructor. The walker refuses duplicate keys, tags other
than the core ones and aliases, so loading can never build a Python object or expand an
alias bomb, and it knows every value's line for the messages.

The repository is untrusted (a pull request can add anything), so:

- ``discover`` lists only regular files and folders, never following a symbolic link;
  a link, FIFO, socket, device, a folder where a file belongs or a year folder not named
  ``YYYY-YY`` is a problem that names the entry, never what it points to.
- ``read_file`` opens with O_NOFOLLOW | O_NONBLOCK, checks that it opened a regular file
  and its size before reading, and reads at most MAX_BYTES + 1 bytes.
- ``nesting_problem`` bounds how deep lists and fields nest before the composer (which
  recurses natively) sees the text.
- ``decode`` refuses control characters, line breaks YAML 1.1 and 1.2 read differently
  (NEL, LS, PS) and a byte order mark (U+FEFF) after the start; CR line endings become LF,
  so libyaml's lines and ours agree.
- Invisible format characters (bidi controls U+202A–U+202E, U+2066–U+2069, U+061C, zero-width
  and direction marks U+200B–U+200F, U+2060–U+2064, soft hyphen U+00AD) can make a name or
  id look like another: in a key or any value they are errors, except in running Markdown
  text, where they are warnings (they come with text pasted from Word or the web). Control
  characters that a double-quoted escape (``"\\0"``) puts into a value are errors too.
"""

from __future__ import annotations

import math
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import yaml

from .problems import WARNING, Problem

MAX_BYTES = 1_000_000
MAX_DEPTH = 200  # lists and fields inside each other; real content files have fewer than 15 levels

UNIT = "unit"
UNIT_YEAR = "unit_year"
MUNICIPALITY_YEAR = "municipality_year"
INDICATORS = "indicators"
PROGRAMMES = "programmes"

SCHEMA_FILES = {
    UNIT: "unit.schema.json",
    UNIT_YEAR: "unit-year.schema.json",
    MUNICIPALITY_YEAR: "municipality-year.schema.json",
    INDICATORS: "indicators.schema.json",
    PROGRAMMES: "programmes.schema.json",
}

FIRST_YEAR, LAST_YEAR = 1900, 2100  # school years start within these
YEAR_DIR = re.compile(r"([0-9]{4})-([0-9]{2})")  # use fullmatch, or better school_year_of_folder
MODELINE = re.compile(r"#[ \t]*yaml-language-server:[ \t]*\$schema=(\S+)")  # on the first line


def school_year(first: int, second: int) -> str | None:
    """(2024, 25) → "2024/25"; None unless the years follow each other within FIRST_YEAR–LAST_YEAR."""
    if FIRST_YEAR <= first <= LAST_YEAR and second == (first + 1) % 100:
        return f"{first}/{second:02d}"
    return None


def school_year_of_folder(name: str) -> str | None:
    """"2024-25" → "2024/25"; None for any other folder name."""
    match = YEAR_DIR.fullmatch(name)
    return school_year(int(match.group(1)), int(match.group(2))) if match else None


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
    for name, kind in (("indicators.yaml", INDICATORS), ("programmes.yaml", PROGRAMMES)):
        if name in top_entries:
            add(top_entries[name], f"{top}/{name}", kind)
    for entry in folder(top_entries.get("units"), f"{top}/units"):
        add(entry, f"{top}/units/{entry.name}", UNIT)
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
            else:
                problems.append(_entry_problem(entry, name) or Problem(
                    name, 1, 1, "Filen ligger på fel ställe och läses inte.",
                    "Lägg kommunens fil som years/<läsår>/municipality.yaml och "
                    "enheternas som years/<läsår>/units/<enhetens id>.yaml.",
                ))
    return sources, problems


def folder_problem(path: Path, name: str) -> Problem | None:
    """Why the folder ``path`` (content/ or schemas/ itself) cannot be read, or None."""
    entry = _lstat_entry(path)
    if entry is None:
        return Problem(name, 1, 1, f"Mappen {name} saknas i {shown(str(path.parent))}.",
                       "Kör kommandot i projektets mapp, eller ange sökvägen till den.")
    return _entry_problem(entry, name, is_dir_expected=True)


class LoadFailure(Exception):
    """The file cannot be read as content at all; ``problem`` says why."""

    def __init__(self, problem: Problem):
        super().__init__(problem.message)
        self.problem = problem


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


def _position(text: str, offset: int) -> tuple[int, int]:
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
        line, column = _position(text, bad.start())
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
_INVISIBLE = re.compile("[\u00ad\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069]")
_SUSPECT = re.compile(f"[{_CONTROL}{_BREAKS}\u00ad\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069]")
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


class _Resolver(yaml.resolver.BaseResolver):
    """YAML 1.2 core schema: only true/false are booleans; dates and yes/no stay text."""


_Resolver.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))
_Resolver.add_implicit_resolver(
    "tag:yaml.org,2002:int", re.compile(r"^[-+]?[0-9]+$"), list("-+0123456789"))
_Resolver.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$"),
    list("-+0123456789."))
_Resolver.add_implicit_resolver(
    "tag:yaml.org,2002:null", re.compile(r"^(?:~|null|Null|NULL|)$"), ["~", "n", "N", ""])


try:
    from yaml.cyaml import CParser as _Base
except ImportError:  # PyYAML built without libyaml: same result, slower
    class _Base(yaml.reader.Reader, yaml.scanner.Scanner, yaml.parser.Parser, yaml.composer.Composer):
        def __init__(self, stream):
            yaml.reader.Reader.__init__(self, stream)
            yaml.scanner.Scanner.__init__(self)
            yaml.parser.Parser.__init__(self)
            yaml.composer.Composer.__init__(self)


class _Parser(_Base, _Resolver):
    def __init__(self, stream):
        _Base.__init__(self, stream)
        _Resolver.__init__(self)

    # The C parser calls these for every node; content files use no path resolvers,
    # so the lean versions below do the same work as PyYAML's at a fraction of the cost.
    def descend_resolver(self, current_node, current_index):
        pass

    def ascend_resolver(self):
        pass

    def resolve(self, kind, value, implicit):
        # Quoted scalars are text; plain ones get their YAML 1.2 type in _plain (once, in the builder).
        # An explicit tag (!!str 1) never comes here, so it is kept apart from a plain scalar.
        if kind is yaml.ScalarNode:
            return _PLAIN if implicit[0] else _STR
        return _SEQ if kind is yaml.SequenceNode else _MAP


# " #1", " #åk9": a comment right after a plain value, with no space after # (deliberate comments have one).
_HASHTAG = re.compile(r"^(\s+)#[^\s#!]")
_YAML11_BOOL = re.compile(r"^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF)$")
_STR = "tag:yaml.org,2002:str"
_PLAIN = "tag:ska,2026:plain"  # a plain scalar without a tag: typed by _plain
_SCALARS = {
    _STR: str,
    "tag:yaml.org,2002:int": int,
    "tag:yaml.org,2002:float": float,
    "tag:yaml.org,2002:bool": lambda v: v in ("true", "True", "TRUE"),
    "tag:yaml.org,2002:null": lambda v: None,
}
_TYPE_WORDS = {"tag:yaml.org,2002:int": "ett heltal", "tag:yaml.org,2002:float": "ett tal",
               "tag:yaml.org,2002:bool": "true eller false", "tag:yaml.org,2002:null": "ett tomt värde"}
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"
_IMPLICIT = _Resolver.yaml_implicit_resolvers
_CORE = {tag: regexp for resolvers in _IMPLICIT.values() for tag, regexp in resolvers}  # what each core tag accepts
_TAG_HINT = ("Ta bort taggen (ordet som börjar med !) och skriv bara värdet; ska ! stå i texten, "
             "sätt citattecken runt den.")


def _plain(value: str):
    """A plain (unquoted) scalar typed by the YAML 1.2 core rules: true/false, numbers, null, else text."""
    for tag, regexp in _IMPLICIT.get(value[:1], ()):
        if regexp.fullmatch(value):
            return _SCALARS[tag](value)
    return value


# A line that starts with this many spaces and -, ?, : indicators may be deeply nested (see nesting_problem).
_RUN = 24
_DEEP_LINE = re.compile("\n[ \t?:-]{%d}" % _RUN)
_DEEP_START = re.compile("[ \t?:-]{%d}" % _RUN)
_OTHER_BREAKS = ("\r", "\x85", "\u2028", "\u2029")  # line breaks to libyaml besides \n


def nesting_problem(text: str, name: str) -> Problem | None:
    """A problem if lists and fields nest more than MAX_DEPTH levels deep, found before the composer
    (which recurses natively) and our walker (which recurses in Python) see the text.

    A cheap bound first: block collections nest only by indentation, at most two to a column (a
    list may stand at its field's column), so a document whose lines start with fewer than _RUN
    spaces and - ? : indicators has at most 2 × _RUN block levels, and flow collections add at most
    one level per [ or {. Only a text beyond that bound is measured exactly, by counting libyaml's
    events (its parser keeps its own stack and does not recurse)."""
    if (text.count("[") + text.count("{") <= MAX_DEPTH - 2 * _RUN and not _DEEP_LINE.search(text)
            and not _DEEP_START.match(text) and not any(mark in text for mark in _OTHER_BREAKS)):
        return None
    parser = _Parser(text)
    depth = 0
    try:
        while parser.check_event():
            event = parser.get_event()
            if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
                depth += 1
                if depth > MAX_DEPTH:
                    return _too_deep(name, event.start_mark.line + 1, event.start_mark.column + 1)
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    except yaml.YAMLError:
        return None  # compose explains the syntax error
    finally:
        parser.dispose()
    return None


def _too_deep(name: str, line: int, column: int) -> Problem:
    return Problem(name, line, column, f"Listor och fält ligger i fler än {MAX_DEPTH} nivåer i varandra här; "
                   "ingen innehållsfil behöver fler än ett tiotal.",
                   f"Kontrollera indraget, strecken (- ) och parenteserna [ ] och {{ }} på rad {line} och raderna ovanför.")


def compose(text: str, name: str) -> yaml.Node:
    """YAML text to a node tree; a syntax error or too deep nesting becomes a Problem with its position."""
    deep = nesting_problem(text, name)
    if deep:
        raise LoadFailure(deep)
    parser = _Parser(text)
    try:
        node = parser.get_single_node()
    except yaml.MarkedYAMLError as exc:
        raise LoadFailure(syntax_problem(exc, name, text)) from None
    except yaml.reader.ReaderError as exc:  # a character YAML does not allow; decode() catches the usual ones
        offset = max(0, min(exc.position, len(text)))
        line, column = _position(text, offset)
        code = exc.character if isinstance(exc.character, int) else ord(exc.character)
        raise LoadFailure(Problem(
            name, line, column, f"Raden innehåller ett tecken som inte är tillåtet i YAML (U+{code:04X}).",
            "Radera tecknet och spara filen.")) from None
    finally:
        parser.dispose()
    if node is None:
        raise LoadFailure(Problem(name, 1, 1, "Filen är tom.", "Fyll i filen eller ta bort den."))
    return node


def parse(text: str, name: str, running_text: Callable[[tuple], bool] | None = None) -> tuple[object, list[Problem]]:
    """YAML text to plain data (dict, list, str, int, float, bool, None) and problems found on the way.

    Raises LoadFailure for the first thing that makes the file unreadable. The problems returned
    are warnings, and errors for characters no value may hold (see the module docstring);
    ``running_text(path)`` says which values are running Markdown text, where invisible format
    characters are only warned about."""
    node = compose(text, name)
    problems: list[Problem] = []
    check_aliases = "&" in text or "*" in text
    check_chars = "\\" in text or _INVISIBLE.search(text) is not None  # escapes, or the characters themselves
    source_lines = text.split("\n") if "#" in text else []
    seen: set[int] = set()

    def fail(n: yaml.Node, message: str, hint: str, path: tuple) -> LoadFailure:
        return LoadFailure(Problem(
            name, n.start_mark.line + 1, n.start_mark.column + 1, message, hint, path=path))

    def once(n: yaml.Node, path: tuple) -> None:
        if id(n) in seen:
            # Point at the first * as written; the node itself only knows where its & is.
            mark, at = _first_alias(text) or (n.start_mark, path)
            raise LoadFailure(Problem(
                name, mark.line + 1, mark.column + 1,
                "Filen använder ankare och alias (& och *), vilket inte är tillåtet i innehållsfiler.",
                "Skriv ut värdet i stället för att hänvisa till det med *.", path=at))
        seen.add(id(n))

    def characters(n: yaml.ScalarNode, path: tuple, is_key: bool) -> None:
        bad = _SUSPECT.search(n.value)
        if not bad:
            return
        char = bad.group()
        offset = text.find(char, n.start_mark.index, n.end_mark.index)
        line, column = _position(text, offset) if offset >= 0 else (n.start_mark.line + 1, n.start_mark.column + 1)
        if not _INVISIBLE.match(char):
            problems.append(Problem(
                name, line, column, f"Texten innehåller ett styrtecken (U+{ord(char):04X}) som är skrivet med en "
                "\\-kod inom citattecken.",
                "Ta bort koden (t.ex. \\0 eller \\x07) ur texten; styrtecken hör inte hemma i innehållet.", path=path))
            return
        warn = not is_key and running_text is not None and running_text(path)
        problems.append(Problem(
            name, line, column, f"Texten innehåller ett osynligt tecken (U+{ord(char):04X}) som kan ändra hur texten "
            "visas, t.ex. vända textriktningen eller få två olika namn att se likadana ut.",
            "Radera tecknet (ställ markören där och skriv om texten runt det); det kommer ofta med när text "
            "klistras in från Word eller en webbsida.", path=path, severity=WARNING if warn else "error"))

    def scalar(n: yaml.ScalarNode, path: tuple):
        tag, value = n.tag, n.value
        if check_chars:
            characters(n, path, False)
        if tag == _PLAIN:
            if source_lines and n.end_mark.line < len(source_lines):
                rest = source_lines[n.end_mark.line][n.end_mark.column:]
                cut = _HASHTAG.match(rest)
                if cut:
                    problems.append(Problem(
                        name, n.end_mark.line + 1, n.end_mark.column + len(cut.group(1)) + 1,
                        f"Det som står efter # läses som en kommentar och kommer inte med: ”{rest.strip()}”.",
                        "Sätt citattecken runt hela texten om # ska vara med, t.ex. summary: \"Vi är #1 i kommunen\".",
                        path=path, severity=WARNING))
            if _YAML11_BOOL.match(value):
                problems.append(Problem(
                    name, n.start_mark.line + 1, n.start_mark.column + 1,
                    f"”{value}” läses som texten ”{value}”, inte som ja/nej.",
                    f"Skriv \"{value}\" med citattecken om det är text som avses; annars skriv ut det du menar.",
                    path=path, severity=WARNING))
            convert = _plain
        elif tag == _STR:
            return value
        elif tag in _CORE:
            if not _CORE[tag].fullmatch(value):
                raise fail(n, f"”{_short(value)}” kan inte läsas som {_TYPE_WORDS[tag]}, som taggen {_shown_tag(tag)} säger.",
                           _TAG_HINT, path)
            convert = _SCALARS[tag]
        else:
            raise fail(n, f"Taggen {_shown_tag(tag)} är inte tillåten i innehållsfiler.", _TAG_HINT, path)
        try:
            result = convert(value)
            if result.__class__ is float and not math.isfinite(result):
                raise ValueError(value)
        except ValueError:  # 1e400 or a number of thousands of digits: nothing anyone counts
            raise fail(n, f"Talet {_short(value)} är för stort.",
                       "Kontrollera talet; är det en text, sätt citattecken runt den.", path) from None
        return result

    def build(n: yaml.Node, path: tuple):
        if check_aliases:
            once(n, path)
        if isinstance(n, yaml.ScalarNode):
            return scalar(n, path)
        tag = n.tag
        if tag == _MAP:
            result = {}
            lines = {}
            for key_node, value_node in n.value:
                if check_aliases:
                    once(key_node, path)
                if not isinstance(key_node, yaml.ScalarNode):
                    raise fail(key_node, "En nyckel måste vara ett ord, inte en lista eller ett block.",
                               "Kontrollera indraget på raden och raden ovanför.", path)
                if key_node.tag not in (_PLAIN, _STR):
                    raise fail(key_node, f"Taggen {_shown_tag(key_node.tag)} är inte tillåten i innehållsfiler.",
                               _TAG_HINT, path)
                key = key_node.value
                if check_chars:
                    characters(key_node, path + (key,), True)
                if key == "<<":
                    raise fail(key_node, "Sammanslagning med << är inte tillåten i innehållsfiler.",
                               "Skriv ut fälten i stället.", path)
                if key in result:
                    raise fail(key_node, f"Nyckeln ”{_short(key)}” finns två gånger (första gången på rad {lines[key]}).",
                               "Ta bort eller slå ihop den ena; annars försvinner det som står på det första stället.",
                               path + (key,))
                lines[key] = key_node.start_mark.line + 1
                result[key] = build(value_node, path + (key,))
            return result
        if tag == _SEQ:
            return [build(item, path + (i,)) for i, item in enumerate(n.value)]
        raise fail(n, f"Taggen {_shown_tag(tag)} är inte tillåten i innehållsfiler.", _TAG_HINT, path)

    return build(node, ()), problems


def _short(text: str) -> str:
    return text if len(text) <= 60 else text[:57] + "…"


def _first_alias(text: str) -> tuple[yaml.Mark, tuple] | None:
    """Where the first alias (*name) is written, and the path it stands at; None if there is none."""
    parser = _Parser(text)
    stack: list[list] = []  # per open collection: [path, is_mapping, nodes seen inside, last key]

    def here() -> tuple:
        if not stack:
            return ()
        path, is_mapping, count, key = stack[-1]
        if is_mapping:
            return path + (key,) if count % 2 else path
        return path + (count,)

    def done() -> None:
        if stack:
            stack[-1][2] += 1

    try:
        while parser.check_event():
            event = parser.get_event()
            if isinstance(event, yaml.AliasEvent):
                return event.start_mark, here()
            if isinstance(event, yaml.ScalarEvent):
                if stack and stack[-1][1] and stack[-1][2] % 2 == 0:
                    stack[-1][3] = event.value
                done()
            elif isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
                stack.append([here(), isinstance(event, yaml.MappingStartEvent), 0, None])
            elif isinstance(event, yaml.CollectionEndEvent):
                stack.pop()
                done()
    except yaml.YAMLError:
        return None
    finally:
        parser.dispose()
    return None


def _shown_tag(tag: str) -> str:
    """``tag:yaml.org,2002:python/object`` → ``!!python/object``, as it was written in the file."""
    return "!!" + tag.removeprefix("tag:yaml.org,2002:") if tag.startswith("tag:yaml.org,2002:") else tag


def syntax_problem(exc: yaml.MarkedYAMLError, name: str, text: str = "") -> Problem:
    """A YAML syntax error in words, with the most likely fix."""
    mark = exc.problem_mark or exc.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    problem = exc.problem or ""
    context = exc.context or ""
    start = exc.context_mark
    lines = text.split("\n")
    before = lines[line - 1][: column - 1].rstrip() if 0 < line <= len(lines) else ""
    if "while scanning a quoted scalar" in context and start:
        # Point at the opening quote, not at the end of the file where the parser gave up.
        line, column = start.line + 1, start.column + 1
        message = "Ett citattecken är inte avslutat: texten fortsätter ända till filens slut."
        hint = "Avsluta texten med samma sorts citattecken som den börjar med (\" eller ') på samma rad."
    elif "but found another document" in problem:
        message = "Raden --- delar filen i två dokument; en innehållsfil får bara ha ett."
        hint = "Ta bort raden --- (och flytta det som står under den till rätt ställe i filen)."
    elif ("while scanning an alias" in context or "while scanning an anchor" in context) and start:
        line, column = start.line + 1, start.column + 1
        message = "Ett värde som börjar med * eller & läses som en hänvisning i YAML, inte som text."
        hint = "Sätt citattecken runt hela texten, t.ex. summary: \"**Fler** elever är behöriga.\""
    elif ("while parsing a flow sequence" in context or "while parsing a flow mapping" in context) and start:
        line, column = start.line + 1, start.column + 1
        pair, what = ("[ ]", "listan") if "sequence" in context else ("{ }", "gruppen av fält")
        message = f"En parentes {pair[0]} är inte avslutad med {pair[-1]} på samma rad (eller saknar ett kommatecken)."
        hint = f"Skriv hela {what} på en rad inom {pair}, med kommatecken mellan värdena."
    elif "mapping values are not allowed" in problem and re.fullmatch(r"[A-Za-z_][\w-]*", before):
        # "key: value" at the left edge after a line of plain text: that line is not "key: value".
        above = [n for n in range(line - 1, 0, -1) if lines[n - 1].strip() and not lines[n - 1].lstrip().startswith("#")]
        line, column = (above[0], 1) if above else (line, 1)
        message = "Raden är inte skriven som nyckel: värde, så raden under den kan inte läsas."
        hint = "Skriv raden som t.ex. summary: <texten>, eller gör den till en kommentar genom att sätta # först."
    elif "mapping values are not allowed" in problem and re.fullmatch(r"\s+[A-Za-z_][\w-]*", before):
        # "key: value" on a line of its own: it is indented further than its neighbours, so
        # YAML reads it as the continuation of the value above.
        column = len(before) - len(before.lstrip()) + 1
        message = "Raden är indragen längre än fälten ovanför och läses därför som en fortsättning på värdet ovanför."
        hint = ("Rada upp raden med de andra fälten på samma nivå (samma antal mellanslag). Är raden en fortsättning "
                "på texten ovanför, sätt citattecken runt hela texten.")
    elif "mapping values are not allowed" in problem:
        message = "Ett kolon följt av mellanslag mitt i ett värde gör att raden inte kan läsas."
        hint = "Sätt citattecken runt texten, t.ex. title: \"Mål: fler behöriga\", eller kontrollera indraget."
    elif "could not find expected ':'" in problem or "could not find expected" in problem:
        message = "Raden kunde inte läsas: ett kolon saknas eller en text med citattecken är inte avslutad."
        hint = "Kontrollera att varje rad är skriven som nyckel: värde och att citattecken kommer i par."
    elif "while scanning a tag" in context and start:
        line, column = start.line + 1, start.column + 1
        message = "Ett värde som börjar med ! läses som en tagg i YAML, inte som text."
        hint = "Sätt citattecken runt hela texten, t.ex. note: \"!OBS preliminära siffror\"."
    elif "while scanning a directive" in context and start:
        line, column = start.line + 1, start.column + 1
        message = "En rad som börjar med % läses som ett direktiv i YAML."
        hint = "Ta bort % i början av raden; ska % stå i en text, sätt citattecken runt texten."
    elif "while scanning a block scalar" in context:
        message = "Efter | eller > får inget annat stå på samma rad."
        hint = "Börja texten på nästa rad, indragen två mellanslag mer än fältet, t.ex.\nsummary: |\n  Året har varit bra."
    elif "block sequence entries are not allowed" in problem:
        message = "Ett ”- ” (en rad i en lista) kan inte stå direkt efter kolonet på samma rad."
        hint = ("Skriv varje värde på en egen rad under fältet, indragen och med ”- ” först, eller på en rad inom [ ], "
                "t.ex. school_forms: [grundskola, fritidshem]. Är strecket en del av texten, sätt citattecken runt den.")
    elif "did not find expected <document start>" in problem:
        message = "Raden kan inte stå här: det som står ovanför är inte skrivet som nyckel: värde (eller filen har en rad med ...)."
        hint = "Kontrollera raderna ovanför: varje rad ska vara nyckel: värde, en rad i en lista eller en kommentar med # först."
    elif "did not find expected node content" in problem or "found unexpected ':'" in problem:
        message = "Ett tecken som , : [ ] { } står där ett värde väntades."
        hint = "Kontrollera parenteser och kommatecken på raden; sätt citattecken runt text som innehåller sådana tecken."
    elif "did not find expected key" in problem and before.endswith(("]", "}")):
        message = "Texten fortsätter efter en avslutande parentes ] eller }."
        hint = ("Ett värde som börjar med [ eller { måste sluta med ] eller }. Ska det vara text, sätt citattecken "
                "runt hela texten.")
    elif "did not find expected key" in problem and before.endswith(('"', "'")):
        message = "Texten fortsätter efter ett avslutande citattecken."
        hint = ("Ett värde som börjar med citattecken måste sluta med det. Sätt citattecken runt hela texten, "
                "t.ex. title: '\"Läsa\" – skriva – räkna', eller skriv ett apostrof-tecken som ''.")
    elif "did not find expected key" in problem or "did not find expected '-'" in problem:
        message = "Indraget stämmer inte med raderna ovanför."
        hint = "Rada upp raden med de andra fälten på samma nivå (samma antal mellanslag)."
    elif "found character '\\t'" in problem:
        message = "Raden innehåller ett tabbtecken; YAML tillåter bara mellanslag för indrag."
        hint = "Byt tabben mot mellanslag."
    elif "found undefined alias" in problem or "found undefined anchor" in problem:
        message = "Ett * hänvisar till något som inte finns."
        hint = "Sätt citattecken runt texten om * ska stå som ett tecken."
    elif "found character" in problem and "cannot start any token" in problem:
        message = "Ett tecken i början av värdet kan inte stå där utan citattecken (t.ex. @ eller `)."
        hint = "Sätt citattecken runt hela texten."
    elif "quoted scalar" in context and ("escape" in problem or "hexdecimal" in problem):
        message = "Ett bakstreck \\ inom dubbla citattecken inleder en kod (t.ex. \\n), men koden här finns inte."
        hint = ("Skriv \\\\ för ett bakstreck, eller sätt enkla citattecken ('…') runt texten i stället: "
                "där betyder \\ ingenting särskilt.")
    elif "nesting depth" in problem:  # libyaml's own limit, met while it looks ahead for a key
        return _too_deep(name, line, column)
    else:  # never the parser's own (English) words: an editor could not act on them
        message = "YAML-filen kunde inte läsas på den här raden."
        hint = "Kontrollera indrag, kolon och citattecken på raden och raden ovanför."
    return Problem(name, line, column, message, hint)


def modeline_problem(text: str, source: Source) -> Problem | None:
    """Each file starts with the yaml-language-server modeline that gives editors autocompletion."""
    expected = SCHEMA_FILES[source.kind]
    match = MODELINE.match(text)
    if match and match.group(1).endswith("schemas/" + expected):
        return None
    depth = source.name.count("/")
    modeline = f"# yaml-language-server: $schema={'../' * depth}schemas/{expected}"
    return Problem(
        source.name, 1, 1,
        "Första raden ska tala om vilket schema filen följer, så att editorn kan ge förslag och hjälptexter.",
        f"Skriv den här raden först i filen: {modeline}",
        severity=WARNING,
    )


def positions(text: str) -> dict[tuple, tuple[int, int]]:
    """Map every path in the document to (line, column) of its value, and ``path + ("<key>",)`` to its key."""
    index: dict[tuple, tuple[int, int]] = {}
    try:
        node = compose(text, "")
    except LoadFailure:
        return index

    seen: set[int] = set()

    def walk(n: yaml.Node, path: tuple) -> None:
        if id(n) in seen:  # an alias: its anchor was already indexed
            return
        seen.add(id(n))
        index.setdefault(path, (n.start_mark.line + 1, n.start_mark.column + 1))
        if isinstance(n, yaml.MappingNode):
            for key_node, value_node in n.value:
                if isinstance(key_node, yaml.ScalarNode):
                    key_path = path + (key_node.value,)
                    index.setdefault(key_path + ("<key>",), (key_node.start_mark.line + 1, key_node.start_mark.column + 1))
                    walk(value_node, key_path)
        elif isinstance(n, yaml.SequenceNode):
            for i, item in enumerate(n.value):
                walk(item, path + (i,))

    walk(node, ())
    return index


def locate(index: dict[tuple, tuple[int, int]], path: tuple, key: bool = False) -> tuple[int, int]:
    """The position of ``path`` or, if it is missing from the file, of its nearest parent."""
    if key and path + ("<key>",) in index:
        return index[path + ("<key>",)]
    while path:
        if path in index:
            return index[path]
        path = path[:-1]
    return index.get((), (1, 1))
