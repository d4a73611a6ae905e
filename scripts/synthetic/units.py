"""Units: their kinds, names, hidden traits, openings and mergers, and content/units/<id>.yaml."""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field
from datetime import date

from .results import choose_extras
from .text import UNIT_NAMES
from .years import school_year, term_start, year_end

_FIRST, _SECOND = UNIT_NAMES["first"], UNIT_NAMES["second"]  # parts of unit names
_GIVEN, _FAMILY = UNIT_NAMES["given"], UNIT_NAMES["family"]
_AREAS = UNIT_NAMES["areas"]


@dataclass(frozen=True)
class Kind:
    """A type of unit: school forms, grades, typical size and which results it reports."""

    key: str
    forms: tuple[str, ...]
    grades: str | None
    label: str
    size: tuple[int, int]
    small: tuple[int, int]
    kolada: str


KINDS = {
    "forskola": Kind("forskola", ("forskola",), None, "förskoleområde", (70, 240), (24, 40), "V11E"),
    "f6": Kind("f6", ("forskoleklass", "grundskola", "fritidshem"), "F-6", "F–6-skola", (35, 75), (7, 15), "V15E"),
    "f3": Kind("f3", ("forskoleklass", "grundskola", "fritidshem"), "F-3", "F–3-skola med stort fritidshem",
               (40, 80), (8, 15), "V15E"),
    "79": Kind("79", ("grundskola",), "7-9", "högstadieskola", (70, 140), (14, 22), "V15E"),
    "f9": Kind("f9", ("forskoleklass", "grundskola", "fritidshem"), "F-9", "F–9-skola", (35, 80), (9, 16), "V15E"),
    "anpassad": Kind("anpassad", ("anpassad-grundskola", "fritidshem"), "1-9", "anpassad grundskola", (16, 32), (12, 16), "V15E"),
    "gy": Kind("gy", ("gymnasieskola",), "gy 1-3", "gymnasieskola", (120, 260), (60, 90), "V17E"),
}

# The mix of kinds in a generated municipality; small trees get one of each first.
KIND_CYCLE = ["f6", "forskola", "79", "f9", "forskola", "f3", "anpassad", "f6", "forskola", "gy",
              "f6", "forskola", "f9", "forskola", "f6", "79", "forskola", "f6", "forskola", "f9"]
SMALL_EVERY = 7  # every seventh unit is a small one whose gender groups fall under 10


def slug(text: str) -> str:
    """"Ängsbacka förskoleområde" → "angsbacka-forskoleomrade"."""
    table = str.maketrans({"å": "a", "ä": "a", "ö": "o", "é": "e", "ü": "u", "–": "-"})
    text = text.lower().translate(table)
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")[:60].strip("-")


@dataclass
class UnitSpec:
    """A unit and the hidden traits that drive its generated results."""

    id: str
    name: str
    kind: str
    area: str
    opened: date
    size: int
    quality: float
    principals: dict[int, str]
    school_unit_code: str
    kolada_ou: str
    closed: date | None = None
    successor: str | None = None
    predecessors: list[str] = field(default_factory=list)
    former_names: list[dict] = field(default_factory=list)
    description: str = ""
    extras: tuple[str, ...] = ()
    notes: dict[int, str] = field(default_factory=dict)
    unknown: tuple[str, ...] = ()
    uplift: dict[str, tuple[int, float]] = field(default_factory=dict)
    """A programme's made-up effect: indicator → (first school year it shows, percentage points added)."""
    """Facts the sources do not give ("opened", "area"): left out of the unit's file rather than invented."""

    @property
    def small(self) -> bool:
        return self.size < KINDS[self.kind].size[0]

    def active(self, start: int) -> bool:
        """Whether the unit runs during school year ``start``/``start + 1``."""
        return self.opened <= year_end(start) and (self.closed is None or self.closed >= date(start, 7, 1))


def person(rng: random.Random) -> str:
    """A made-up principal's name."""
    return f"{rng.choice(_GIVEN)} {rng.choice(_FAMILY)}"


def unit_name(first: str, second: str, kind: str) -> str:
    """A Swedish unit name from two name parts, e.g. "Ekbackens förskoleområde", "Ekbacksskolan"."""
    stem = first + second
    if kind == "forskola":
        genitive = stem if stem.endswith(("s", "x", "z")) else stem + "s"
        return f"{genitive} förskoleområde"
    if stem.endswith(("backe", "hage")):
        stem = stem[:-1] + "s"
    elif not stem.endswith(("s", "a", "e", "o", "y", "å", "ä", "ö")):
        stem += "s"
    if kind == "gy":
        return f"{stem}gymnasiet"
    if kind == "anpassad":
        return f"{stem}skolan, anpassad grundskola"
    return f"{stem}skolan"


def make_units(rng: random.Random, count: int, first: int, last: int, code: str = "2999") -> list[UnitSpec]:
    """``count`` units of mixed kinds; a few open or close (merging into another) during the years."""
    units: list[UnitSpec] = []
    names: set[str] = set()
    pairs = [(a, b) for a in _FIRST for b in _SECOND]
    rng.shuffle(pairs)
    pair_iter = iter(pairs)
    codes = rng.sample(range(10_000_000, 99_999_999), count)
    for i in range(count):
        kind = KIND_CYCLE[i % len(KIND_CYCLE)] if i < 40 else rng.choice(KIND_CYCLE)
        spec = KINDS[kind]
        while True:
            try:
                a, b = next(pair_iter)
                name = unit_name(a, b, kind)
            except StopIteration:
                name = f"{unit_name(rng.choice(_FIRST), rng.choice(_SECOND), kind)} {len(names) + 1}"
            if slug(name) not in names:
                break
        names.add(slug(name))
        small = i % SMALL_EVERY == SMALL_EVERY - 1 or kind == "anpassad" and rng.random() < 0.5
        size = rng.randint(*(spec.small if small else spec.size))
        opened = term_start(rng.randint(1955, first - 3))
        principals = {}
        current = person(rng)
        for year in range(first, last + 1):
            if year > first and rng.random() < 0.15:
                current = person(rng)
            principals[year] = current
        units.append(UnitSpec(
            id=slug(name), name=name, kind=kind, area=rng.choice(_AREAS), opened=opened, size=size,
            quality=rng.gauss(0, 1), principals=principals, school_unit_code=str(codes[i]),
            kolada_ou=f"{spec.kolada}{code}{i + 1:05d}", extras=choose_extras(rng, kind),
        ))
    open_and_close(rng, units, first, last)
    for unit in units:
        unit.description = unit_description(rng, unit)
    return units


def open_and_close(rng: random.Random, units: list[UnitSpec], first: int, last: int) -> None:
    """Every 25th unit opens during the period; every 25th (offset) closes and merges into a unit of its kind."""
    if last <= first:
        return
    for i, unit in enumerate(units):
        if i % 25 == 12:
            unit.opened = term_start(rng.randint(first + 1, last))
    for i, unit in enumerate(units):
        if i % 25 != 20:
            continue
        year = rng.randint(first, last - 1)
        candidates = [u for u in units if u is not unit and u.kind == unit.kind and u.closed is None
                      and not u.successor and u.opened <= term_start(year) and not u.predecessors]
        if not candidates:
            continue
        successor = rng.choice(candidates)
        unit.closed = year_end(year)
        unit.successor = successor.id
        successor.predecessors.append(unit.id)
        unit.notes[year] = f"Sista läsåret: enheten gick upp i {successor.name} den 1 juli {year + 1}."
        successor.notes[year + 1] = f"Från läsåret {school_year(year + 1)} ingår även {unit.name}."


def unit_description(rng: random.Random, unit: UnitSpec) -> str:
    """A sentence or two on what the unit is, where, and how many pupils or children it has."""
    kind = KINDS[unit.kind]
    pupils = _approx_pupils(unit)
    where = f"i området {unit.area}" if unit.area != "Landsbygden" else "på landsbygden"
    if unit.kind == "forskola":
        return (f"{unit.name} består av {max(2, unit.size // 45)} förskolor {where} med sammanlagt cirka "
                f"{pupils} barn i åldrarna 1–5 år.")
    if unit.kind == "gy":
        return (f"{unit.name} är en gymnasieskola med cirka {pupils} elever på högskoleförberedande program "
                "och yrkesprogram.")
    if unit.kind == "anpassad":
        return (f"{unit.name} tar emot elever i årskurs 1–9 som läser enligt anpassad grundskolas läroplan. "
                f"Skolan har cirka {pupils} elever och ett eget fritidshem.")
    extra = {"f3": " Fritidshemmet är stort och de flesta elever går där före och efter skoldagen.",
             "79": " Eleverna kommer från flera F–6-skolor i närområdet."}.get(unit.kind, "")
    return f"{unit.name} är en {kind.label} {where} med cirka {pupils} elever.{extra}"


def _approx_pupils(unit: UnitSpec) -> int:
    grades = {"forskola": 1, "f6": 7, "f3": 4, "79": 3, "f9": 10, "anpassad": 1, "gy": 3}[unit.kind]
    return int(round(unit.size * grades, -1 if unit.size * grades >= 50 else 0))


def unit_document(unit: UnitSpec) -> dict:
    """The content of content/units/<id>.yaml."""
    kind = KINDS[unit.kind]
    data: dict = {"id": unit.id, "name": unit.name, "school_forms": list(kind.forms)}
    if kind.grades:
        data["grades"] = kind.grades
    if "area" not in unit.unknown:
        data["area"] = unit.area
    last = max(unit.principals)
    data["principal"] = unit.principals[last]
    if unit.kind != "forskola":
        data["school_unit_code"] = unit.school_unit_code
    data["kolada_ou"] = unit.kolada_ou
    if "opened" not in unit.unknown:
        data["opened"] = unit.opened.isoformat()
    if unit.closed:
        data["closed"] = unit.closed.isoformat()
    if unit.predecessors:
        data["predecessors"] = list(unit.predecessors)
    if unit.successor:
        data["successor"] = unit.successor
    if unit.former_names:
        data["former_names"] = unit.former_names
    if unit.description:
        data["description"] = unit.description
    return data
