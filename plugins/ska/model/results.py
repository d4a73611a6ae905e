"""Results as a unit or a source gives them: a figure (counts, a value or a status) for total, girls, boys and
the catalogue's groups, and the municipality's official figures and reference series of the same shape
(a part of the model)."""

from __future__ import annotations

from dataclasses import dataclass

from ..domain import GROUPS


@dataclass(frozen=True)
class Figure:
    numerator: int | None = None
    denominator: int | None = None
    value: float | None = None
    status: str = ""


@dataclass(frozen=True)
class GroupFigure(Figure):
    """A figure for a population group from the catalogue (``PopulationGroup``), beside total, girls and boys."""

    group: str = ""


@dataclass(frozen=True)
class Correction:
    """Why a figure of a finished school year was changed afterwards (``ska granska`` asks for it)."""

    date: str
    reason: str


@dataclass(frozen=True)
class Result:
    indicator: str
    stage: str = ""
    window: str = ""
    source: str = ""
    total: Figure | None = None
    girls: Figure | None = None
    boys: Figure | None = None
    note: str = ""
    groups: tuple[GroupFigure, ...] = ()
    correction: Correction | None = None

    def figures(self) -> list[tuple[str, Figure]]:
        """(group, figure): total, girls and boys as given, then the catalogue's groups (``groups``)."""
        return [(g, getattr(self, g)) for g in GROUPS if getattr(self, g) is not None] + [(g.group, g) for g in self.groups]


SCOPES = ("own", "all")
"""What an official figure covers: the municipality's own schools, or all school owners in it."""


@dataclass(frozen=True)
class OfficialResult(Result):
    """A figure for the whole municipality as a source publishes it (Skolverket, Kolada): a result of the
    same shape as a unit's, with its ``source`` (required here) and ``scope`` (one of SCOPES). It is the
    municipality's official figure, never a unit's: analysis keeps it apart from the figures it computes."""

    scope: str = "own"


@dataclass(frozen=True)
class ReferenceResult(Result):
    """A reference series' figure (``ReferenceSeries``, e.g. riket): shown beside the municipality's, never in it."""
    series: str = ""
