"""Read content files safely: find them, decode the text, parse YAML into plain data.

Most files are read by yaml-rs (YAML 1.2, in Rust) in a fraction of the time. Anything
it could read differently, refuses, or that deserves a warning goes to the careful
reader: PyYAML's C parser with a resolver of our own (YAML 1.2 core rules: ``yes``/``no``/
``on`` and bare dates stay text) and a small node walker instead of PyYAML's constructor.
The walker refuses duplicate keys, tags and aliases, so loading can never build a Python
object or expand an alias bomb, and it knows every value's line for the messages.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

import yaml
import yaml_rs

from .problems import WARNING, Problem

MAX_BYTES = 1_000_000

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

YEAR_DIR = re.compile(r"^(\d{4})-(\d{2})$")
MODELINE = re.compile(r"#[ \t]*yaml-language-server:[ \t]*\$schema=(\S+)")  # on the first line


@dataclass(frozen=True)
class Source:
    """A content file: where it is (relative to the content root's parent) and what kind it is."""

    path: Path
    name: str
    kind: str


def discover(content: Path) -> tuple[list[Source], list[Problem]]:
    """Every content file under ``content/``, with its kind; stray files are problems."""
    sources, problems = [], []

    def add(path: Path, name: str, kind: str) -> None:
        if path.suffix == ".yaml":
            sources.append(Source(path, name, kind))
        else:
            problems.append(Problem(name, 1, 1, "Filen har inte ändelsen .yaml och läses inte.",
                                    "Byt namn på filen så att den slutar på .yaml."))

    top = content.name
    for name, kind in (("indicators.yaml", INDICATORS), ("programmes.yaml", PROGRAMMES)):
        if (content / name).is_file():
            add(content / name, f"{top}/{name}", kind)
    for path in sorted((content / "units").glob("*")):
        add(path, f"{top}/units/{path.name}", UNIT)
    for year_dir in sorted((content / "years").glob("*")):
        inside = []  # (parts, relative path) of every file in the year's folder, in path order
        for folder, _, files in os.walk(year_dir):
            here = Path(folder).relative_to(year_dir).as_posix()
            for file in files:
                relative = file if here == "." else f"{here}/{file}"
                inside.append((tuple(relative.split("/")), relative))
        for _, relative in sorted(inside):
            path, name = year_dir / relative, f"{top}/years/{year_dir.name}/{relative}"
            if relative == "municipality.yaml":
                add(path, name, MUNICIPALITY_YEAR)
            elif relative.startswith("units/") and relative.count("/") == 1:
                add(path, name, UNIT_YEAR)
            else:
                problems.append(Problem(
                    name, 1, 1, "Filen ligger på fel ställe och läses inte.",
                    "Lägg kommunens fil som years/<läsår>/municipality.yaml och "
                    "enheternas som years/<läsår>/units/<enhetens id>.yaml.",
                ))
    return sources, problems


class LoadFailure(Exception):
    """The file cannot be read as content at all; ``problem`` says why."""

    def __init__(self, problem: Problem):
        super().__init__(problem.message)
        self.problem = problem


def decode(raw: bytes, name: str) -> tuple[str, list[Problem]]:
    """Bytes to text, refusing what an editor's program may have saved by mistake."""
    warnings = []

    def fail(message: str, hint: str, line: int = 1) -> LoadFailure:
        return LoadFailure(Problem(name, line, 1, message, hint))

    if len(raw) > MAX_BYTES:
        raise fail(
            f"Filen är {len(raw) // 1000} kB; en innehållsfil får vara högst {MAX_BYTES // 1000} kB.",
            "Kontrollera att det är rätt fil. Dela upp innehållet eller ta bort inklistrade bilder och tabeller.",
        )
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
    if not _CONTENT_LINE.search(text):
        raise fail("Filen är tom.", "Fyll i filen eller ta bort den.")
    # A control character is never printable ASCII: look among the few other bytes first.
    bad = _CONTROL.search(raw.translate(None, _PRINTABLE_ASCII).decode("utf-8")) and _CONTROL.search(text)
    if bad:
        line = text.count("\n", 0, bad.start()) + 1
        column = bad.start() - (text.rfind("\n", 0, bad.start()) + 1) + 1
        raise LoadFailure(Problem(
            name, line, column,
            f"Raden innehåller ett osynligt styrtecken (U+{ord(bad.group()):04X}), troligen inklistrat från Word eller en webbsida.",
            "Radera tecknet (ställ markören där och skriv om texten runt det) och spara filen.",
        ))
    if "\t" in text:
        for number, line in enumerate(text.splitlines(), 1):
            if "\t" in line:
                raise LoadFailure(Problem(
                    name, number, line.index("\t") + 1,
                    "Raden innehåller ett tabbtecken; YAML tillåter bara mellanslag för indrag.",
                    "Byt tabben mot mellanslag (i VS Code: Indrag med mellanslag).",
                ))
    return text, warnings


# Characters YAML refuses (C0/C1 controls other than tab and line breaks, DEL, lone surrogates, U+FFFE/F).
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")
_PRINTABLE_ASCII = bytes(range(0x20, 0x7F)) + b"\t\n\r"
_CONTENT_LINE = re.compile(r"^\s*[^\s#]", re.MULTILINE)  # a line with more than a comment


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
        # Every scalar is text here; plain ones get their YAML 1.2 type in _plain (once, in the builder).
        return _STR if kind is yaml.ScalarNode else _SEQ if kind is yaml.SequenceNode else _MAP


# " #1", " #åk9": a comment right after a plain value, with no space after # (deliberate comments have one).
_HASHTAG = re.compile(r"^(\s+)#[^\s#!]")
_YAML11_BOOL = re.compile(r"^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF)$")
_STR = "tag:yaml.org,2002:str"
_SCALARS = {
    _STR: str,
    "tag:yaml.org,2002:int": int,
    "tag:yaml.org,2002:float": float,
    "tag:yaml.org,2002:bool": lambda v: v in ("true", "True", "TRUE"),
    "tag:yaml.org,2002:null": lambda v: None,
}
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"
_IMPLICIT = _Resolver.yaml_implicit_resolvers
_YAML11_WORDS = frozenset("y Y yes Yes YES n N no No NO on On ON off Off OFF".split())
_INDICATORS = frozenset("|>:?@`%")  # what no plain value may start with (- is checked by both readers alike)


def _plain(value: str):
    """A plain (unquoted) scalar typed by the YAML 1.2 core rules: true/false, numbers, null, else text."""
    for tag, regexp in _IMPLICIT.get(value[:1], ()):
        if regexp.match(value):
            return _SCALARS[tag](value)
    return value


# Numbers that yaml-rs types but the YAML 1.2 core rules above leave as text: 0x1F, 0o17,
# 0b1, 1_000, _1, 1e_3, .inf, .nan. Three searches that start with a literal are far
# quicker than one combined pattern. A false alarm only costs speed.
_NUMBER_FORMS = tuple(re.compile(pattern).search for pattern in (
    r"0[xXoObB]", r"_(?<![^\W\d]_)|_(?<=\d[eE]_)", r"\.(?:inf|Inf|INF|nan|NaN|NAN)"))


# Where libyaml follows YAML 1.1 or reads flow text its own way: NEL, LS and PS are line
# breaks there, "?a" in [ ] or { } is a key, and "a:" right before , ] or } is an error.
_YAML11_BREAKS = ("\x85", "\u2028", "\u2029")
_FLOW_QUESTION = re.compile(r"[\[{,][ \r\n]*\?")
_FLOW_COLON = re.compile(r":[,\]}]")


def _needs_care(text: str) -> bool:
    """Anchors (&), tags (!), a comment right after a value ( #), a merge key (<<), a number
    form or a libyaml reading above: things only the careful reader reads our way or warns about."""
    return ("&" in text or "!" in text or " #" in text or "<<" in text
            or any(search(text) for search in _NUMBER_FORMS)
            or any(mark in text for mark in _YAML11_BREAKS)
            or ("?" in text and _FLOW_QUESTION.search(text) is not None)
            or _FLOW_COLON.search(text) is not None)


def _quick_read(text: str) -> dict | None:
    """The document read by yaml-rs (saphyr, in Rust), if it is a mapping the careful reader
    would read the same way and has nothing to warn about; else None."""
    if _needs_care(text):
        return None
    try:
        data = yaml_rs.loads(text, parse_datetime=False)
    except Exception:  # noqa: BLE001 - whatever yaml-rs refuses, the careful reader explains
        return None
    # Not a mapping, or several documents: the careful reader says what is wrong.
    return data if data.__class__ is dict and _ordinary(data) else None


def _ordinary(collection: dict | list) -> bool:
    """Every key is text (not 1, true or null), no value is a YAML 1.1 word such as yes or
    on (which the careful reader warns about if it was written without quotes), and no value
    is one where yaml-rs is laxer or reads differently: starting with an indicator such as
    | or > (yaml-rs takes [|a] as text), or only white space (a block scalar of blank lines)."""
    if collection.__class__ is dict:
        for key in collection:
            if key.__class__ is not str or key[:1] in _INDICATORS:
                return False
        values = collection.values()
    else:
        values = collection
    for value in values:
        cls = value.__class__
        if cls is str:
            if value in _YAML11_WORDS or value[:1] in _INDICATORS or (value and value.isspace()):
                return False
        elif (cls is dict or cls is list) and not _ordinary(value):
            return False
    return True


def compose(text: str, name: str) -> yaml.Node:
    """YAML text to a node tree; a syntax error becomes a Problem with its position."""
    parser = _Parser(text)
    try:
        node = parser.get_single_node()
    except yaml.MarkedYAMLError as exc:
        raise LoadFailure(syntax_problem(exc, name, text)) from None
    except yaml.reader.ReaderError as exc:  # a character YAML does not allow; decode() catches the usual ones
        offset = max(0, min(exc.position, len(text)))
        line = text.count("\n", 0, offset) + 1
        column = offset - (text.rfind("\n", 0, offset) + 1) + 1
        code = exc.character if isinstance(exc.character, int) else ord(exc.character)
        raise LoadFailure(Problem(
            name, line, column, f"Raden innehåller ett tecken som inte är tillåtet i YAML (U+{code:04X}).",
            "Radera tecknet och spara filen.")) from None
    finally:
        parser.dispose()
    if node is None:
        raise LoadFailure(Problem(name, 1, 1, "Filen är tom.", "Fyll i filen eller ta bort den."))
    return node


def parse(text: str, name: str) -> tuple[object, list[Problem]]:
    """YAML text to plain data (dict, list, str, int, float, bool, None) and warnings."""
    try:
        data = _quick_read(text)
        return (data, []) if data is not None else parse_carefully(text, name)
    except RecursionError:
        raise LoadFailure(Problem(
            name, 1, 1, "Filen har fler nivåer av listor och fält i varandra än någon innehållsfil har.",
            "Kontrollera indraget och strecken (- ) i filen: inget fält ligger mer än några nivåer in.")) from None


def parse_carefully(text: str, name: str) -> tuple[object, list[Problem]]:
    """``parse`` without yaml-rs: slower, and the reference for what every file means."""
    node = compose(text, name)
    warnings: list[Problem] = []
    check_aliases = "&" in text or "*" in text
    source_lines = text.splitlines() if "#" in text else []
    seen: set[int] = set()

    def fail(n: yaml.Node, message: str, hint: str, path: tuple) -> LoadFailure:
        return LoadFailure(Problem(
            name, n.start_mark.line + 1, n.start_mark.column + 1, message, hint, path=path))

    def build(n: yaml.Node, path: tuple):
        if check_aliases:
            if id(n) in seen:
                # Point at the first * as written; the node itself only knows where its & is.
                mark, at = _first_alias(text) or (n.start_mark, path)
                raise LoadFailure(Problem(
                    name, mark.line + 1, mark.column + 1,
                    "Filen använder ankare och alias (& och *), vilket inte är tillåtet i innehållsfiler.",
                    "Skriv ut värdet i stället för att hänvisa till det med *.", path=at))
            seen.add(id(n))
        tag = n.tag
        if isinstance(n, yaml.ScalarNode):
            convert = _SCALARS.get(tag)
            if convert is None:
                raise fail(n, f"Taggen {_shown_tag(tag)} är inte tillåten i innehållsfiler.",
                           "Ta bort taggen (ordet som börjar med !) och skriv bara värdet; ska ! stå i texten, sätt citattecken runt den.", path)
            if not n.style and n.end_mark.line < len(source_lines):
                rest = source_lines[n.end_mark.line][n.end_mark.column:]
                cut = _HASHTAG.match(rest)
                if cut:
                    warnings.append(Problem(
                        name, n.end_mark.line + 1, n.end_mark.column + len(cut.group(1)) + 1,
                        f"Det som står efter # läses som en kommentar och kommer inte med: ”{rest.strip()}”.",
                        "Sätt citattecken runt hela texten om # ska vara med, t.ex. summary: \"Vi är #1 i kommunen\".",
                        path=path, severity=WARNING))
            if tag == _STR and not n.style and _YAML11_BOOL.match(n.value):
                warnings.append(Problem(
                    name, n.start_mark.line + 1, n.start_mark.column + 1,
                    f"”{n.value}” läses som texten ”{n.value}”, inte som ja/nej.",
                    f"Skriv \"{n.value}\" med citattecken om det är text som avses; annars skriv ut det du menar.",
                    path=path, severity=WARNING))
            return _plain(n.value) if tag == _STR and not n.style else convert(n.value)
        if tag == _MAP:
            result = {}
            lines = {}
            for key_node, value_node in n.value:
                if not isinstance(key_node, yaml.ScalarNode):
                    raise fail(key_node, "En nyckel måste vara ett ord, inte en lista eller ett block.",
                               "Kontrollera indraget på raden och raden ovanför.", path)
                key = key_node.value
                if key == "<<":
                    raise fail(key_node, "Sammanslagning med << är inte tillåten i innehållsfiler.",
                               "Skriv ut fälten i stället.", path)
                if key in result:
                    raise fail(key_node, f"Nyckeln ”{key}” finns två gånger (första gången på rad {lines[key]}).",
                               "Ta bort eller slå ihop den ena; annars försvinner det som står på det första stället.",
                               path + (key,))
                lines[key] = key_node.start_mark.line + 1
                result[key] = build(value_node, path + (key,))
            return result
        if tag == _SEQ:
            return [build(item, path + (i,)) for i, item in enumerate(n.value)]
        raise fail(n, f"Taggen {_shown_tag(tag)} är inte tillåten i innehållsfiler.",
                   "Ta bort taggen (ordet som börjar med !) och skriv bara värdet; ska ! stå i texten, sätt citattecken runt den.", path)

    return build(node, ()), warnings


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
    lines = text.splitlines()
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
    else:
        message = f"YAML-filen kunde inte läsas på den här raden ({problem or context})."
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
