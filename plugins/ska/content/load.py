"""YAML text → plain data, by one reader, with every value's position for the messages.

One reader decides what every file means: PyYAML's C parser (libyaml) with a resolver of
our own (YAML 1.2 core rules: ``yes``/``no``/``on`` and bare dates stay text) and a small
node walker instead of PyYAML's constructor. The walker refuses duplicate keys, tags other
than the core ones and aliases, so loading can never build a Python object or expand an
alias bomb, and it knows every value's line for the messages.

- ``nesting_problem`` bounds how deep lists and fields nest before the composer (which
  recurses natively) sees the text.
- Invisible format characters (bidi controls U+202A–U+202E, U+2066–U+2069, U+061C, zero-width
  and direction marks U+200B–U+200F, U+2060–U+2064, soft hyphen U+00AD) can make a name or
  id look like another: in a key or any value they are errors, except in running Markdown
  text, where they are warnings (they come with text pasted from Word or the web). Control
  characters that a double-quoted escape (``"\\0"``) puts into a value are errors too.
"""

from __future__ import annotations

import math
import re
from typing import Callable

import yaml

from ..domain import MODELINE, SCHEMA_FILES, modeline
from .files import INVISIBLE, SUSPECT, Source, position
from .problems import WARNING, LoadFailure, Problem
from .syntax import MAX_DEPTH, syntax_problem, too_deep


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
                    return too_deep(name, event.start_mark.line + 1, event.start_mark.column + 1)
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    except yaml.YAMLError:
        return None  # compose explains the syntax error
    finally:
        parser.dispose()
    return None


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
        line, column = position(text, offset)
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
    check_chars = "\\" in text or INVISIBLE.search(text) is not None  # escapes, or the characters themselves
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
        bad = SUSPECT.search(n.value)
        if not bad:
            return
        char = bad.group()
        offset = text.find(char, n.start_mark.index, n.end_mark.index)
        line, column = position(text, offset) if offset >= 0 else (n.start_mark.line + 1, n.start_mark.column + 1)
        if not INVISIBLE.match(char):
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


def modeline_problem(text: str, source: Source) -> Problem | None:
    """Each file starts with the yaml-language-server modeline that gives editors autocompletion."""
    expected = SCHEMA_FILES[source.kind]
    match = MODELINE.match(text)
    if match and match.group(1).endswith("schemas/" + expected):
        return None
    return Problem(
        source.name, 1, 1,
        "Första raden ska tala om vilket schema filen följer, så att editorn kan ge förslag och hjälptexter.",
        f"Skriv den här raden först i filen: {modeline(source.name, source.kind)}",
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
