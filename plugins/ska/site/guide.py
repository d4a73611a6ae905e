"""The editors' field reference (redaktorer/falt.md): every field of every file kind, read from the schemas."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Iterable

import jsonschema

from ..content import load
from ..content.files import Source
from ..content.problems import LoadFailure, format_path
from ..content.schemas import Schemas, deref
from ..domain import (INDICATORS, MUNICIPALITY_YEAR, PART, PART_YEAR, PROGRAMMES, SCHEMA_FILES, SELF_ASSESSMENT, UNIT,
                      UNIT_YEAR, modeline)
from .pages import Page

PATH = "redaktorer/falt.md"
TITLE = "Fälten i innehållsfilerna"

# Where each kind of file lives (files.discover finds them there; a test keeps the two in step).
LOCATIONS = {
    UNIT: "content/units/<enhetens id>.yaml",
    UNIT_YEAR: "content/years/<ÅÅÅÅ-ÅÅ>/units/<enhetens id>.yaml",
    MUNICIPALITY_YEAR: "content/years/<ÅÅÅÅ-ÅÅ>/municipality.yaml",
    INDICATORS: "content/indicators.yaml",
    PROGRAMMES: "content/programmes.yaml",
    SELF_ASSESSMENT: "content/self_assessment.yaml",
    PART: "content/parts/<delens id>.yaml",
    PART_YEAR: "content/years/<ÅÅÅÅ-ÅÅ>/parts/<delens id>.yaml",
}

# Type words for the shared building blocks in common.schema.json, then for plain JSON types.
DEF_TYPES = {
    "id": "id (a–z, 0–9 och -)",
    "date": "datum ÅÅÅÅ-MM-DD",
    "month": "månad ÅÅÅÅ-MM",
    "date_or_month": "datum ÅÅÅÅ-MM-DD eller månad ÅÅÅÅ-MM",
    "staff_period": "läsår ÅÅÅÅ/ÅÅ eller år ÅÅÅÅ",
    "school_year": "läsår ÅÅÅÅ/ÅÅ",
    "text": "text (en rad)",
    "markdown": "löptext (Markdown)",
    "recommendation": "löptext (Markdown) eller grupp av fält",
}
TYPES = {
    "string": "text",
    "number": "tal (punkt som decimaltecken)",
    "integer": "heltal",
    "boolean": "true eller false",
    "object": "grupp av fält",
    "array": "lista",
}
EXAMPLE_LENGTH = 70  # characters of an example text before it is cut with …


@dataclass(frozen=True)
class Field:
    """One field: where it sits, what it means, what may be written and an example line."""

    path: str
    key: str
    title: str
    description: str
    type: str
    required: bool
    allowed: tuple[str, ...]
    limits: tuple[str, ...]
    example: str
    anchor: str
    inner: str = ""  # anchor of the section listing the fields inside this one


@dataclass(frozen=True)
class Section:
    """The fields of one object: the file itself (path "") or a group such as results[].total."""

    path: str
    title: str
    description: str
    anchor: str
    fields: tuple[Field, ...]


@dataclass(frozen=True)
class Kind:
    """One kind of content file: its schema's title, where it lives, its first line and its fields."""

    kind: str
    title: str
    description: str
    location: str
    modeline: str
    anchor: str
    sections: tuple[Section, ...]
    skeleton: str = ""  # the smallest valid file: the modeline and the required fields


def anchor(kind: str, path: Iterable = ()) -> str:
    """The id of a field's row: ``("unit_year", ("results", 2, "total"))`` → ``unit_year-results-total``."""
    return "-".join([kind, *(p for p in path if isinstance(p, str) and p != "<key>")])


def link(kind: str, path: Iterable = ()) -> str:
    """A link from any page's source to a field's row, e.g. for a validation message."""
    return f"{PATH}#{anchor(kind, path)}"


def dotted(path: tuple) -> str:
    """``("results", 0, "total")`` → ``results[].total``."""
    return re.sub(r"\[\d+\]", "[]", format_path(path))


def page(schemas: Schemas, documents: Iterable[tuple[Source, dict]] = ()) -> Page:
    """The field reference page; examples come from ``documents`` (validated content) where a field occurs."""
    found = examples(documents)
    kinds = [describe_kind(kind, schemas.bundled[kind], found) for kind in SCHEMA_FILES]
    return Page(path=PATH, title=TITLE, template="guide.md.j2", context={"kinds": kinds}, in_nav=False)


def describe_kind(kind: str, root: dict, found: dict) -> Kind:
    location = LOCATIONS[kind]
    first_line = modeline(location, kind)
    parts = tuple(sections(kind, root, root, (), found))
    by_anchor = {s.anchor: s for s in parts}
    skeleton = "\n".join([first_line, *_skeleton(parts[0], by_anchor, "", "")]) + "\n"
    return Kind(kind, root.get("title", kind), root.get("description", ""), location, first_line,
                anchor(kind), parts, skeleton)


def _skeleton(section: Section, by_anchor: dict[str, Section], first: str, rest: str) -> list[str]:
    """YAML lines for the required fields of ``section`` (or its first field if none is required)."""
    lines: list[str] = []
    for f in [f for f in section.fields if f.required] or list(section.fields[:1]):
        pad = rest if lines else first
        if not f.inner:
            lines.append(f"{pad}{f.key}: {f.example}")
            continue
        inner, indent = by_anchor[f.inner], " " * len(rest)
        lines.append(f"{pad}{f.key}:")
        if inner.path.endswith("[]"):
            lines += _skeleton(inner, by_anchor, indent + "  - ", indent + "    ")
        else:
            lines += _skeleton(inner, by_anchor, indent + "  ", indent + "  ")
    return lines


def sections(kind: str, root: dict, schema: dict, path: tuple, found: dict) -> list[Section]:
    """The object at ``path`` and, after it, every object inside it (depth first)."""
    own: list[Field] = []
    inner: list[Section] = []
    # a field required unless another is given (if/then: goal_areas, unless a year holds only official results)
    required = set(schema.get("required", ())) | set(schema.get("then", {}).get("required", ()))
    for key, raw in schema.get("properties", {}).items():
        here = path + (key,)
        sub = deref(root, raw)
        items = deref(root, sub["items"]) if "items" in sub else {}
        obj, obj_path = (items, here + (0,)) if _may_be(items, "object") else (sub, here)
        nested = _may_be(obj, "object") and "properties" in obj
        if nested:
            inner += sections(kind, root, {**obj, "title": obj.get("title") or sub.get("title", key)}, obj_path, found)
        own.append(Field(
            path=dotted(here), key=key, title=sub.get("title", key), description=sub.get("description", ""),
            type=type_words(raw, sub, items), required=key in required,
            allowed=tuple(str(v) for v in sub.get("enum", items.get("enum", ()))),
            limits=limits(sub), example="" if nested else example(root, raw, found.get((kind, here)), key, found),
            anchor=anchor(kind, here), inner=anchor(kind, obj_path) + "-falt" if nested else ""))
    title = "" if not path else schema.get("title", "")
    section = Section(dotted(path), title, "" if not path else schema.get("description", ""),
                      anchor(kind, path) + "-falt" if path else anchor(kind), tuple(own))
    return [section, *inner]


def _may_be(schema: dict, kind: str) -> bool:
    """Whether the schema's type is ``kind`` or a list that holds it (a recommendation: text or fields)."""
    types = schema.get("type")
    return kind in types if isinstance(types, list) else types == kind


def _def_name(raw: dict) -> str:
    return raw.get("$ref", "").rsplit("/", 1)[-1]


def type_words(raw: dict, sub: dict, items: dict) -> str:
    """The field's type in Swedish words: text, tal, heltal, lista: id, datum ÅÅÅÅ-MM-DD …"""
    if sub.get("type") == "array":
        item_raw = sub.get("items", {})
        return f"lista: {type_words(item_raw, items, {})}" if items else TYPES["array"]
    if _def_name(raw) in DEF_TYPES:
        return DEF_TYPES[_def_name(raw)]
    if sub.get("format") == "date":
        return DEF_TYPES["date"]
    if "enum" in sub:
        return "ett av de tillåtna värdena"
    types = sub.get("type", "")
    return " eller ".join(TYPES.get(t, t) for t in types) if isinstance(types, list) else TYPES.get(types, "värde")


def limits(sub: dict) -> tuple[str, ...]:
    """The schema's limits on a value, in words."""
    out = []
    low, high = sub.get("minimum"), sub.get("maximum")
    if low is not None and high is not None:
        out.append(f"från {low} till {high}")
    elif low is not None:
        out.append(f"minst {low}")
    elif high is not None:
        out.append(f"högst {high}")
    if "maxLength" in sub:
        out.append(f"högst {sub['maxLength']:,} tecken".replace(",", " "))
    if sub.get("minItems"):
        out.append(f"minst {sub['minItems']} rad" + ("er" if sub["minItems"] > 1 else ""))
    if sub.get("uniqueItems"):
        out.append("varje värde bara en gång")
    if sub.get("minProperties"):
        out.append("minst ett av fälten")
    return tuple(out)


# -- examples -------------------------------------------------------------------

def examples(documents: Iterable[tuple[Source, dict]]) -> dict[tuple[str, tuple], object]:
    """A value for each (kind, path) that occurs in the documents; list items share index 0."""
    found: dict[tuple[str, tuple], object] = {}

    def walk(kind: str, value: object, path: tuple) -> None:
        old = found.get((kind, path))
        shorter = isinstance(old, str) and isinstance(value, str) and len(value) < len(old) > EXAMPLE_LENGTH
        if old is None or shorter:  # the first value, or a shorter text than a long first one
            found[(kind, path)] = value
        if isinstance(value, dict):
            for key, item in value.items():
                walk(kind, item, path + (key,))
        elif isinstance(value, list):
            for item in value:
                walk(kind, item, path + (0,))

    for source, data in documents:
        walk(source.kind, data, ())
    return found


def example(root: dict, raw: dict, value: object, key: str, found: dict) -> str:
    """What to write after the colon: the real value if there is one, else one valid against the schema."""
    if value is None:
        sub = deref(root, raw)
        valid = validator(root, sub).is_valid
        quoted = re.findall(r'"([^"]+)"', sub.get("description", ""))
        same_key = (v for (_, p), v in found.items() if p[-1:] == (key,))
        value = next((v for v in [*quoted, *same_key] if valid(v)), None)
    if value is None:
        value = synthesize(root, raw)
    shown = flow(value)
    if len(shown) > EXAMPLE_LENGTH + 10 and isinstance(value, list):
        shown = flow(value[:1])
    return shown


def validator(root: dict, sub: dict) -> jsonschema.Draft202012Validator:
    """A validator for ``sub``, a part of the bundled schema ``root`` (its $refs resolve against root)."""
    return jsonschema.Draft202012Validator(
        {**sub, "$defs": root.get("$defs", {})}, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)


def synthesize(root: dict, raw: dict, hints: tuple[str, ...] = (), title: str = "") -> object:
    """A value valid against ``raw``: its first allowed value, else one picked from the descriptions' examples."""
    sub = deref(root, raw)
    title = title or sub.get("title", "")
    if "enum" in sub:
        return sub["enum"][0]
    if sub.get("type") == "array":
        item = synthesize(root, sub.get("items", {}), (sub.get("description", ""), *hints), title)
        return [] if item is None else [item]
    shared = deref(root, {"$ref": raw["$ref"]}) if "$ref" in raw else {}
    texts = [sub.get("description", ""), *hints, shared.get("description", "")]
    candidates: list[object] = [q for t in texts for q in re.findall(r'"([^"]+)"', t)]
    candidates += [p for t in texts for p in re.findall(r"t\.ex\. ([^\"]+?)(?:\.\s|\.$|[,;)]|$)", t)]
    candidates += [w.strip(".,;:()") for t in texts for w in t.split() if re.search(r"\d", w)]
    candidates += [float(n) if "." in n else int(n) for t in texts for n in re.findall(r"(?<![\w-])\d+(?:\.\d+)?(?![\w-])", t)]
    candidates += [sub.get("minimum", 0), title]
    valid = validator(root, sub).is_valid
    return next((c for c in candidates if c != "" and valid(c)), None)


def flow(value: object, inside: bool = False) -> str:
    """A value as a YAML editor writes it on one line: bare where that reads back the same, else quoted."""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, list):
        return "[" + ", ".join(flow(v, True) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {flow(v, True)}" for k, v in value.items()) + "}"
    if value is None:
        return ""
    text = " ".join(str(value).split())
    if len(text) > EXAMPLE_LENGTH:
        text = text[:EXAMPLE_LENGTH].rsplit(" ", 1)[0] + " …"
    return text if _reads_back(text, inside) else json.dumps(text, ensure_ascii=False)


def _reads_back(text: str, inside: bool) -> bool:
    """True if ``text`` written without quotes is read as this same text, with no warning."""
    line = f"x: [{text}]" if inside else f"x: {text}"
    try:
        data, warnings = load.parse(line, "")
    except LoadFailure:
        return False
    return not warnings and data == {"x": [text] if inside else text}
