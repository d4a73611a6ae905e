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
SELF_ASSESSMENT = "self_assessment"
"""The self-assessment catalogue (content/self_assessment.yaml): rater roles, strategies, criteria."""
PART = "part"
PART_YEAR = "part_year"

SCHEMA_FILES = {
    UNIT: "unit.schema.json",
    UNIT_YEAR: "unit-year.schema.json",
    MUNICIPALITY_YEAR: "municipality-year.schema.json",
    INDICATORS: "indicators.schema.json",
    PROGRAMMES: "programmes.schema.json",
    SELF_ASSESSMENT: "self-assessment.schema.json",
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


def same_text(a: object, b: object) -> bool:
    """Whether two texts are the same but for spaces and line breaks (a criterion copied from a PDF)."""
    return isinstance(a, str) and isinstance(b, str) and a.split() == b.split()


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


def previous_school_year(label: str) -> str | None:
    """"2024/25" → "2023/24"."""
    first = int(label[:4])
    return school_year(first - 1, first % 100)


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


# -- dates to the day or to the month -------------------------------------------------------------
#
# Where a source gives only the month ("from September 2018"), content may say "2018-09" instead of
# inventing a day. Such a value stands for every day of its month: whatever compares or sorts dates
# does so through these functions, never on the strings (as text, "2019-07" sorts before "2019-07-01").

MONTHS = ("januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september", "oktober",
          "november", "december")
"""The months by name, as an action's recurring ``months`` are written (content's codes are these words)."""


def school_year_order(month: str) -> int:
    """Where a month (by name) falls in a school year, which starts in July: juli → 0, juni → 11."""
    return (MONTHS.index(month) - 6) % 12


def is_month(value: object) -> bool:
    """Whether ``value`` is a month as written in content ("2018-09"), not a day."""
    return isinstance(value, str) and len(value) == 7


def first_day(value: str) -> date:
    """The first day a date or month may mean: "2018-09" → 2018-09-01; "2018-09-15" → itself."""
    return date.fromisoformat(value + "-01" if is_month(value) else value)


def last_day(value: str) -> date:
    """The last day a date or month may mean: "2018-09" → 2018-09-30; "2018-09-15" → itself."""
    if not is_month(value):
        return date.fromisoformat(value)
    start = first_day(value)
    following = date(start.year + start.month // 12, start.month % 12 + 1, 1)
    return date.fromordinal(following.toordinal() - 1)


def date_key(value: str) -> tuple[date, date]:
    """Sort key for dates and months together: by first day, a day before the month that holds it."""
    return first_day(value), last_day(value)


def ends_before(later: str, earlier: str) -> bool:
    """Whether ``later`` certainly lies before ``earlier`` (each a day or a month): an end before its
    start. "2018-09" and "2018-09-20" overlap, so neither is before the other."""
    return last_day(later) < first_day(earlier)


def running(opened: str, closed: str, start: date, end: date) -> bool:
    """Whether something that opened ``opened`` and closed ``closed`` (a day, a month or "" for not known
    or still running) was running at some time from ``start`` to ``end``: a unit opened "2018-09" is
    running on 2018-09-15, and one whose opening is not known is taken to have been running."""
    return (not opened or first_day(opened) <= end) and (not closed or last_day(closed) >= start)


def school_year_of_date(value: str) -> str:
    """The school year a day or a month lies in (a month never straddles two: they turn on 1 July)."""
    day = first_day(value)
    first = day.year if day.month >= 7 else day.year - 1
    return f"{first}/{(first + 1) % 100:02d}"
