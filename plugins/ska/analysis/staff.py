"""Staff figures for whole years (sick leave for the year, turnover, …): each measure's periods in order,
and what changed between two school years."""

from __future__ import annotations

from dataclasses import dataclass

from ..model import MunicipalityYear, StaffFigure

STAFF_GROUPS = ("total", "women", "men")
"""The groups of staff an annual figure may be given for, in the order they are shown."""


def period_of(figure: StaffFigure, school_year: str) -> str:
    """The period a figure covers: as written, or else the school year of the file it is in."""
    return str(figure.period) if figure.period else school_year  # a calendar year may be read as a number


def period_key(period: str) -> tuple[int, int]:
    """Sort key for periods: "2023/24" (a school year) before "2024" (the calendar year it ends in)."""
    return int(period[:4]) + (1 if "/" in period else 0), 0 if "/" in period else 1


def measures(plan: MunicipalityYear) -> list[tuple[str, list[StaffFigure]]]:
    """Each measure, in the order first written, with its figures oldest period first."""
    found: dict[str, list[StaffFigure]] = {}
    for figure in plan.staff:
        found.setdefault(figure.measure, []).append(figure)
    return [(m, sorted(figures, key=lambda f: period_key(period_of(f, plan.school_year))))
            for m, figures in found.items()]


@dataclass(frozen=True)
class StaffChange:
    """One measure and group from one school year to the next; ``before`` None: new this year."""
    measure: str
    group: str
    unit: str
    before: float | None
    after: float


def _value(figure: StaffFigure, group: str) -> float | None:
    return getattr(figure, group)


def diff_staff(before: MunicipalityYear | None, after: MunicipalityYear) -> tuple[StaffChange, ...]:
    """The figures for ``after``'s own school year against ``before``'s: written in last year's file for its own
    year, or in this year's file with last year's period (a source that says "from 6,8 to 7,3 %")."""
    if before is None:
        return ()
    mine = {(f.measure, period_of(f, after.school_year)): f for f in after.staff}
    theirs = {(f.measure, period_of(f, before.school_year)): f for f in before.staff}
    out = []
    for (measure, period), figure in mine.items():
        if period != after.school_year:
            continue
        earlier = theirs.get((measure, before.school_year)) or mine.get((measure, before.school_year))
        if earlier is not None and earlier.unit != figure.unit:
            earlier = None
        for group in STAFF_GROUPS:
            now = _value(figure, group)
            then = _value(earlier, group) if earlier else None
            if now is not None and now != then:
                out.append(StaffChange(measure, group, figure.unit, then, now))
    return tuple(out)
