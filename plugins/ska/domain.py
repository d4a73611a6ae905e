"""The domain's codes and constants, in one home: file kinds, groups, the privacy threshold, school years.

Every layer imports from here (content, model, analysis, site, workflow); nothing here imports
from the package. Swedish words for these codes are in ``labels``; numbers in ``formatting``.
"""

from __future__ import annotations

import re
from datetime import date

# -- content files --------------------------------------------------------------------------

UNIT = "unit"
UNIT_YEAR = "unit_year"
MUNICIPALITY_YEAR = "municipality_year"
INDICATORS = "indicators"
PROGRAMMES = "programmes"
PART = "part"
PART_YEAR = "part_year"

SCHEMA_FILES = {
    UNIT: "unit.schema.json",
    UNIT_YEAR: "unit-year.schema.json",
    MUNICIPALITY_YEAR: "municipality-year.schema.json",
    INDICATORS: "indicators.schema.json",
    PROGRAMMES: "programmes.schema.json",
    PART: "part.schema.json",
    PART_YEAR: "part-year.schema.json",
}

MODELINE = re.compile(r"#[ \t]*yaml-language-server:[ \t]*\$schema=(\S+)")
"""The first line of every content file, which gives editors autocompletion (see ``modeline``)."""


def modeline(name: str, kind: str) -> str:
    """The first line for the content file ``name`` (relative to the project, e.g.
    ``content/units/x.yaml``) of ``kind``: its schema, relative to the file."""
    return f"# yaml-language-server: $schema={'../' * name.count('/')}schemas/{SCHEMA_FILES[kind]}"


# -- figures ----------------------------------------------------------------------------------

GROUPS = ("total", "girls", "boys")
"""The groups a result is given for, in the order they are shown."""

ALL_STAGES = "*"
"""Stage key of a figure pooled over all stages. Not a valid stage in content (the schema lists
them), so it can never be confused with "no stage given" (``""``)."""

MIN_GROUP = 10
"""Figures based on fewer pupils (children, answers) are not published: the default of the
plugin's ``min_group_size`` (Skolverket's practice)."""


# -- school years -----------------------------------------------------------------------------

FIRST_YEAR, LAST_YEAR = 1900, 2100
"""A school year starts within these years."""

_LABEL = re.compile(r"([0-9]{4})/([0-9]{2})")
_FOLDER = re.compile(r"([0-9]{4})-([0-9]{2})")


def school_year(first: int, second: int) -> str | None:
    """(2024, 25) → "2024/25"; None unless the years follow each other within FIRST_YEAR–LAST_YEAR."""
    if FIRST_YEAR <= first <= LAST_YEAR and second == (first + 1) % 100:
        return f"{first}/{second:02d}"
    return None


def parse_school_year(text: object) -> str | None:
    """"2024/25" or "2024-25" (ASCII digits only) → "2024/25"; None for anything else."""
    if not isinstance(text, str):
        return None
    match = _LABEL.fullmatch(text) or _FOLDER.fullmatch(text)
    return school_year(int(match.group(1)), int(match.group(2))) if match else None


def school_year_of_folder(name: str) -> str | None:
    """"2024-25" → "2024/25"; None for any other folder name."""
    match = _FOLDER.fullmatch(name)
    return school_year(int(match.group(1)), int(match.group(2))) if match else None


def school_year_slug(label: str) -> str:
    """"2024/25" → "2024-25" (folder and URL form)."""
    return label.replace("/", "-")


def school_year_bounds(label: str) -> tuple[date, date]:
    """"2024/25" → (2024-07-01, 2025-06-30); ValueError for anything but a school year."""
    year = parse_school_year(label) if isinstance(label, str) and "/" in label else None
    if year is None:
        raise ValueError(f"inget läsår: {label!r}")
    start = int(year[:4])
    return date(start, 7, 1), date(start + 1, 6, 30)
