"""The JSON Schemas in schemas/: load them, check documents fast, explain failures in Swedish."""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import jsonschema
import jsonschema_rs
import referencing

from ..domain import SCHEMA_FILES, school_year
from .files import read_file
from .problems import WRITE_POINT, LoadFailure, Problem, figure, probably_meant, to_write, written

COMMON = "common.schema.json"
_EXTERNAL_REF = re.compile(r'"' + re.escape(COMMON) + r"#/\$defs/")


_NOTHING_TO_RETRIEVE = referencing.Registry()  # python-jsonschema would otherwise fetch a remote $ref


def _never_retrieve(uri: str):
    raise ValueError(f"{uri}: schemas never read anything outside themselves")


def _local_references_only(schema: object, name: str, raw: str) -> None:
    """Refuse a ``$ref`` that points outside the schemas (a file, a web address): a pull request's own schemas
    must not make a build read files or reach the network. Only ``#…`` (and common.schema.json's, inlined)."""
    stack = [schema]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            for key in ("$ref", "$dynamicRef"):
                ref = node.get(key)
                if ref is not None and not (isinstance(ref, str) and ref.startswith("#")):
                    shown = json.dumps(ref, ensure_ascii=False)[:120]
                    at = raw.find(shown[1:-1]) if isinstance(ref, str) else -1
                    raise LoadFailure(Problem(
                        f"schemas/{name}", raw.count("\n", 0, at) + 1 if at >= 0 else 1, 1,
                        f"{key} {shown} pekar utanför schemana: ett schema får bara hänvisa inom sig själv "
                        f"(#/$defs/…) och till {COMMON}#/$defs/….",
                        "Ta tillbaka verktygets scheman med ska scheman, eller flytta definitionen till $defs."))
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)


@dataclass
class Schemas:
    """All schemas of a project, bundled (``common.schema.json`` inlined) and compiled."""

    folder: Path

    @cached_property
    def raw(self) -> dict[str, str]:
        names = set(SCHEMA_FILES.values()) | {COMMON}
        return {name: read_file(self.folder / name, f"schemas/{name}").decode("utf-8") for name in sorted(names)}

    @cached_property
    def fingerprint(self) -> str:
        return hashlib.sha1("".join(self.raw.values()).encode()).hexdigest()

    @cached_property
    def bundled(self) -> dict[str, dict]:
        common = json.loads(self.raw[COMMON])
        _local_references_only(common, COMMON, self.raw[COMMON])
        common_defs = common["$defs"]
        out = {}
        for kind, name in SCHEMA_FILES.items():
            schema = json.loads(_EXTERNAL_REF.sub('"#/$defs/', self.raw[name]))
            _local_references_only(schema, name, self.raw[name])
            schema["$defs"] = {**common_defs, **schema.get("$defs", {})}
            out[kind] = schema
        return out

    @cached_property
    def fast(self) -> dict[str, object]:
        return {kind: jsonschema_rs.validator_for(s, validate_formats=True, retriever=_never_retrieve)
                for kind, s in self.bundled.items()}

    @cached_property
    def detailed(self) -> dict[str, jsonschema.Draft202012Validator]:
        checker = jsonschema.Draft202012Validator.FORMAT_CHECKER
        return {kind: jsonschema.Draft202012Validator(s, format_checker=checker, registry=_NOTHING_TO_RETRIEVE)
                for kind, s in self.bundled.items()}

    def is_valid(self, kind: str, data: object) -> bool:
        return self.fast[kind].is_valid(data)

    def problems(self, kind: str, data: object, name: str) -> list[Problem]:
        """Every schema violation of ``data`` as a Problem (positions filled in later)."""
        schema = self.bundled[kind]
        seen, out = set(), []
        for error in self.detailed[kind].iter_errors(data):
            for problem in explain(error, schema, name):
                key = (problem.path, problem.message)
                if key not in seen:
                    seen.add(key)
                    out.append(problem)
        return _one_per_place(out)

    def is_running_text(self, kind: str, path: tuple) -> bool:
        """Whether the value at ``path`` is running Markdown text (the ``markdown`` definition)."""
        if not path:
            return False
        parent = subschema_at(self.bundled[kind], path[:-1])
        here = parent.get("items", {}) if isinstance(path[-1], int) else parent.get("properties", {}).get(path[-1], {})
        # A recommendation may be its Markdown text alone (municipality-year.schema.json).
        return here.get("$ref") in ("#/$defs/markdown", "#/$defs/recommendation")

    def title(self, kind: str, path: tuple) -> str:
        """The Swedish title of the field at ``path`` ("" if the path is not in the schema)."""
        path = tuple(p for p in path if p != "<key>")
        return subschema_at(self.bundled[kind], path).get("title", "")


def deref(root: dict, schema: dict) -> dict:
    while "$ref" in schema:
        ref = schema["$ref"]
        target = root
        for part in ref.removeprefix("#/").split("/"):
            target = target[part]
        schema = {**target, **{k: v for k, v in schema.items() if k != "$ref"}}
    return schema


def subschema_at(root: dict, path: tuple) -> dict:
    """The schema that describes the value at ``path`` (titles from the referring property win)."""
    schema = deref(root, root)
    for part in path:
        if isinstance(part, int):
            schema = schema.get("items", {})
        else:
            schema = schema.get("properties", {}).get(part, {})
        schema = deref(root, schema)
    return schema


TYPE_WORDS = {
    "string": "text",
    "number": "ett tal",
    "integer": "ett heltal",
    "array": "en lista (rader som börjar med -)",
    "object": "fält skrivna som nyckel: värde på egna rader",
    "boolean": "true eller false",
    "null": "inget värde",
}

COMMA_NUMBER = re.compile(r"^\s*[-+]?[0-9 ]+(?:[,.][0-9]+)?\s*%?\s*$")


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _uncap(text: str) -> str:
    """First letter lower case, the rest (e.g. ”ÅÅÅÅ-MM-DD”) kept."""
    return text[:1].lower() + text[1:]


def _cap(text: str) -> str:
    """First letter upper case; unlike str.capitalize the rest (e.g. ”Läsförståelse Åk 7”) is kept."""
    return text[:1].upper() + text[1:]


_SWEDISH_LETTERS = str.maketrans({"å": "a", "ä": "a", "ö": "o", "é": "e", "ü": "u"})


def slug(text: str) -> str:
    """A valid id made from what an editor wrote: ”Läsförståelse Åk 7” → ”lasforstaelse-ak-7”."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower().translate(_SWEDISH_LETTERS)).strip("-")[:60].strip("-")


def _pattern_hint(root: dict, pattern: str, value: object, here: dict) -> str:
    """What to write instead, for the patterns an editor meets most often."""
    defs = root.get("$defs", {})
    text = value if isinstance(value, str) else ""
    if pattern == defs.get("id", {}).get("pattern"):
        suggestion = slug(text)
        example = f" Skriv t.ex. {suggestion}" if suggestion else ""
        return f"Ett id får bara ha små bokstäver a–z (utan å, ä, ö), siffror och bindestreck.{example}"
    if pattern == defs.get("school_year", {}).get("pattern"):
        match = re.fullmatch(r"\s*([0-9]{4})\s*[-/–]\s*([0-9]{2}|[0-9]{4})\s*", text)
        suggestion = (match and school_year(int(match.group(1)), int(match.group(2)[-2:]))) or "2024/25"
        return f"Skriv läsåret med snedstreck och två siffror för det andra året, t.ex. {suggestion}"
    if pattern == defs.get("month", {}).get("pattern"):
        match = re.match(r"^\s*(\d{4})-(\d{1,2})\s*$", text)
        if match and 1 <= int(match.group(2)) <= 12:
            return f"Skriv månaden som ÅÅÅÅ-MM med två siffror för månaden: {match.group(1)}-{int(match.group(2)):02d}"
        return "Skriv månaden som ÅÅÅÅ-MM, t.ex. 2025-03."
    return here.get("description", "Rätta värdet.")


def _date_hint(value: object) -> str:
    hint = "Skriv datumet som ÅÅÅÅ-MM-DD med en månad 01–12 och en dag som finns i månaden, t.ex. 2025-01-20."
    text = value if isinstance(value, str) else ""
    match = re.match(r"^\s*(\d{1,2})[/.](\d{1,2})[ ./-](\d{4})\s*$", text)
    if match:
        day, month, year = (int(g) for g in match.groups())
        hint += f" Menade du {year}-{month:02d}-{day:02d}?"
    match = re.match(r"^\s*(\d{4})-(\d{2})-(\d{2})\s*$", text)
    if match and int(match.group(2)) > 12 and 1 <= int(match.group(3)) <= 12:
        year, month, day = match.groups()
        hint += f" Har dag och månad bytt plats? Menade du {year}-{day}-{month}?"
    return hint


_MONTHS = ("jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec")


def _date_or_month_hint(value: object) -> str:
    """What to write for a field that takes a day or a month: the day's hint, or the month meant."""
    text = value.strip().lower() if isinstance(value, str) else ""
    match = re.fullmatch(r"([a-zåäö]+)\.? +(\d{4})", text) or re.fullmatch(r"(\d{4})-(\d{1,2})", text)
    if match and match.group(1).isdigit():
        month = int(match.group(2))
        if 1 <= month <= 12:
            return f"Skriv månaden som ÅÅÅÅ-MM med två siffror för månaden: {match.group(1)}-{month:02d}"
    elif match and match.group(1)[:3] in _MONTHS:
        return (f"Skriv månaden med siffror, ÅÅÅÅ-MM: {match.group(2)}-{_MONTHS.index(match.group(1)[:3]) + 1:02d}")
    return _date_hint(value) + " Är bara månaden känd, skriv ÅÅÅÅ-MM, t.ex. 2025-01."


def _enum_guess(value: object, allowed: list[str], description: str) -> str | None:
    """The allowed value an editor probably meant: a near spelling, or the Swedish word in the description."""
    close = probably_meant(value, allowed)
    if close:
        return close
    if isinstance(value, str) and value.strip():
        word = value.strip().lower()
        started = [code for code in allowed if len(word) >= 3 and code.startswith(word)]
        if len(started) == 1:  # an abbreviation: nov → november
            return started[0]
        for code, gloss in re.findall(r"([a-z_]+) \(([^)]*)\)", description or ""):
            if code in allowed and any(word == part.strip().lower() for part in re.split(r"[,;]", gloss)):
                return code
    return None


def _home_of(key: str, root: dict, path: tuple, here: dict) -> str | None:
    """Where a misplaced field belongs, if it is a field one level in or one level out (an indentation slip)."""
    inner = [name for name, sub in here.get("properties", {}).items()
             if key in deref(root, sub).get("properties", {})]
    if inner:
        names = inner[0] if len(inner) == 1 else ", ".join(inner[:-1]) + " eller " + inner[-1]
        return (f"Fältet hör hemma under {names}: dra in raden så att den står under {inner[0]}: "
                f"med två mellanslag mer indrag, i linje med fälten där.")
    outer = path[:-2] if path and isinstance(path[-1], int) else path[:-1]
    if path and key in subschema_at(root, outer).get("properties", {}):
        return "Fältet hör hemma en nivå ut: minska indraget så att raden står i linje med fälten ovanför den gruppen."
    return None


_ESCAPES = {"\n": "\\n", "\t": "\\t", "\r": "\\r"}


def describe(value: object) -> str:
    """A value as an editor would recognise it."""
    if value is None:
        return "ett tomt värde"
    if isinstance(value, bool):
        return f"{str(value).lower()} (ja/nej-värde)"
    if isinstance(value, (int, float)):
        return f"talet {figure(value)}"
    if isinstance(value, str):
        shown = value if len(value) <= 60 else value[:57] + "…"
        if not shown.isprintable():  # a line break or an invisible character: show where it is
            shown = "".join(c if c.isprintable() else _ESCAPES.get(c, f"\\u{ord(c):04x}") for c in shown)
        return f"texten ”{shown}”"
    if isinstance(value, list):
        return "en lista"
    return "en grupp av fält"


def explain(error: jsonschema.ValidationError, root: dict, name: str) -> list[Problem]:
    """One jsonschema error → Problems in Swedish: what was expected, what was found, what to do."""
    path = tuple(error.absolute_path)
    kind = error.validator
    value = error.instance
    here = subschema_at(root, path)
    title = here.get("title", "")

    def problem(message: str, hint: str, at: tuple = path, field_title: str = title) -> Problem:
        return Problem(name, message=message, hint=hint, field_title=field_title, path=at)

    if kind == "additionalProperties":
        known = sorted(here.get("properties", {}))
        out = []
        for key in sorted(set(value) - set(known)):
            message = f"Fältet ”{key}” finns inte här."
            close = probably_meant(key, known)
            home = _home_of(key, root, path, here)
            if home:
                hint = home
            elif close:
                hint = f"Menade du ”{close}”? Rätta stavningen."
            elif COMMA_NUMBER.match(key) and value[key] is None and any(
                    isinstance(v, (int, float)) and not isinstance(v, bool) for v in value.values()):
                # {value: 85,9} reads as value: 85 and a field "9" without a value
                message = (f"”{key}” ser ut att vara decimalerna i ett tal skrivet med decimalkomma; "
                           "inom { } läses kommat som en avgränsare mellan fält.")
                hint = "Skriv punkt som decimaltecken och inget procenttecken, t.ex. value: 85.9"
            elif COMMA_NUMBER.match(key):
                hint = (f"Ett fält heter ett ord, inte ett tal: rätta fältets namn eller ta bort raden. "
                        f"Fält som finns här: {', '.join(known)}.")
            else:
                hint = f"Ta bort fältet eller flytta det. Fält som finns här: {', '.join(known)}."
            out.append(problem(message, hint, path + (key, "<key>"), title if path else ""))
        return out
    if kind == "required":
        out = []
        for key in error.validator_value:
            if key not in value:
                sub = subschema_at(root, path + (key,))
                sub_title = sub.get("title", key)
                out.append(problem(
                    f"Fältet ”{sub_title}” ({key}) saknas.",
                    f"Lägg till {key}: med {_uncap(sub.get('description', 'ett värde').rstrip('.'))}.",
                    path + (key,), sub_title))
        return out
    if kind == "type":
        expected = error.validator_value
        expected = expected if isinstance(expected, list) else [expected]
        wanted = " eller ".join(TYPE_WORDS.get(t, t) for t in expected)
        message = f"Här ska det stå {wanted}, men det står {describe(value)}."
        if value is None:
            hint = "Fyll i ett värde efter kolonet eller ta bort raden."
        elif {"number", "integer"} & set(expected) and isinstance(value, str) and _is_number(value):
            hint = f"Skriv talet utan citattecken: {value.strip()}" + (f" ({WRITE_POINT})" if "." in value else "")
        elif {"number", "integer"} & set(expected) and isinstance(value, str) and COMMA_NUMBER.match(value):
            cleaned = value.replace("%", "").replace(" ", "").replace(",", ".")
            hint = f"Skriv bara talet med punkt som decimaltecken, utan procenttecken: {cleaned}"
        elif {"number", "integer"} & set(expected) and isinstance(value, str):
            hint = f"Skriv bara talet med siffror, utan ord eller tecken runt det. {here.get('description', '')}".strip()
        elif "string" in expected and isinstance(value, (bool, int, float)):
            hint = f"Sätt citattecken runt värdet: \"{written(value) if not isinstance(value, bool) else str(value).lower()}\"."
        elif "string" in expected and isinstance(value, list):
            hint = ("Skriv texten direkt efter kolonet, utan ”- ” framför. Behövs flera rader: skriv | efter kolonet "
                    "och texten på raderna under, indragen.")
        elif "string" in expected and isinstance(value, dict):
            hint = ("Skriv texten direkt efter kolonet. Innehåller texten ett kolon, sätt citattecken runt den; "
                    "står fälten under fel rubrik, kontrollera indraget.")
        elif "array" in expected:
            hint = "Skriv varje värde på en egen rad som börjar med ”- ”, indragen under fältet."
        elif "object" in expected:
            hint = "Skriv fälten på egna rader, indragna under raden ovanför."
        else:
            hint = here.get("description", "Rätta värdet.")
        return [problem(message, hint)]
    if kind == "enum":
        allowed = [str(v) for v in error.validator_value]
        guess = _enum_guess(value, allowed, here.get("description", ""))
        hint = f"Menade du ”{guess}”? " if guess else ""
        return [problem(f"{_cap(describe(value))} är inte ett tillåtet värde här. Tillåtna värden: {', '.join(allowed)}.",
                        hint + (here.get("description") or "Välj ett av de tillåtna värdena."))]
    if kind == "anyOf" and any(isinstance(s, dict) and s.get("format") == "date" for s in error.validator_value):
        return [problem(f"{_cap(describe(value))} är inget giltigt datum eller månad.", _date_or_month_hint(value))]
    if kind in ("pattern", "format"):
        if here.get("format") == "date" or error.validator_value == "date":
            return [problem(f"{_cap(describe(value))} är inget giltigt datum.", _date_hint(value))]
        return [problem(f"{_cap(describe(value))} har inte rätt form.",
                        _pattern_hint(root, error.validator_value if kind == "pattern" else "", value, here))]
    if kind in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
        word = "minst" if "inimum" in kind else "högst"
        if "minimum" in here and "maximum" in here:
            hint = f"Skriv ett värde från {to_write(here['minimum'])} till {to_write(here['maximum'])}."
        else:
            hint = f"Skriv ett värde som är {word} {to_write(error.validator_value)}."
        return [problem(f"Värdet {figure(value)} är utanför det tillåtna; det ska vara {word} {figure(error.validator_value)}.",
                        f"{hint} {here.get('description', '')}".strip())]
    if kind == "minItems":
        return [problem(f"Listan behöver minst {error.validator_value} rad(er).",
                        "Lägg till en rad som börjar med ”- ” under fältet.")]
    if kind == "minLength":
        return [problem("Texten är tom.", "Skriv en text eller ta bort fältet.")]
    if kind == "maxLength":
        return [problem(f"Texten är för lång ({len(value)} tecken; högst {error.validator_value}).",
                        "Korta texten, eller använd ett fält för löptext.")]
    if kind == "uniqueItems":
        return [problem("Samma värde står flera gånger i listan.", "Ta bort dubbletten.")]
    if kind == "minProperties":
        return [problem("Minst ett fält behöver fyllas i här.", here.get("description", ""))]
    return [problem(f"Värdet stämmer inte med formatet ({error.message}).", here.get("description", ""))]


def _one_per_place(problems: list[Problem]) -> list[Problem]:
    """A value that breaks two rules at once (pattern and format) is reported once."""
    out, places = [], set()
    for p in problems:
        key = p.path if not p.path or p.path[-1] != "<key>" else p.path + (p.message,)
        if p.message.startswith("Fältet ") and p.message.endswith("saknas."):
            key = p.path + (p.message,)
        if key in places:
            continue
        places.add(key)
        out.append(p)
    return out
