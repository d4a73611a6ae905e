"""Typed, immutable objects built from validated documents: Unit, UnitYear, Indicator, …

The classes mirror the schemas one to one (same snake_case names), so a field
added to a schema is added here with its type and nothing else changes.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from dataclasses import dataclass, field
from functools import cache
from typing import Callable

from ..content.load import Source
from ..domain import GROUPS, INDICATORS, MUNICIPALITY_YEAR, PART, PART_YEAR, PROGRAMMES, SELF_ASSESSMENT, UNIT, UNIT_YEAR
from ..labels import GROUP_NAMES
from .self_assessment import SelfAssessmentCatalogue
from .references import ReferenceSeries
from .results import (SCOPES, Correction, Figure, GroupFigure, OfficialResult, ReferenceResult,  # noqa: F401
                      Result)
# the parts of plans, imported from here like every class of the model
from .plans import (Action, Analysis, Criterion, DevelopmentArea, EffectStep, Goal, GoalBaseline,  # noqa: F401
                    GoalTarget, GoalTargetValue, ImprovementArea, Inspection, InspectionArea, PublishedMeans, Strategy)


def build(cls, data: dict):
    """Build dataclass ``cls`` from a validated mapping, recursing into nested dataclasses."""
    return cls(**{name: convert(data[name]) for name, convert in _plan(cls) if name in data})


@cache
def _plan(cls) -> tuple[tuple[str, Callable], ...]:
    """Each field of ``cls`` with the function that converts its YAML value (worked out once per class)."""
    hints = typing.get_type_hints(cls)
    return tuple((f.name, _converter(hints[f.name])) for f in dataclasses.fields(cls) if f.init)


def _identity(value):
    return value


@cache
def _converter(kind) -> Callable:
    origin = typing.get_origin(kind)
    if origin in (typing.Union, types.UnionType):
        inner = _converter(next(a for a in typing.get_args(kind) if a is not type(None)))
        return lambda value: None if value is None else inner(value)
    if origin is tuple:
        item = _converter(typing.get_args(kind)[0])
        return tuple if item is _identity else lambda value: tuple(map(item, value))
    if origin is dict:
        return dict
    if kind is Recommendation:  # its text alone, or its fields
        return recommendation
    if dataclasses.is_dataclass(kind):
        return lambda value: build(kind, value)
    return _identity


# -- indicators ---------------------------------------------------------------

@dataclass(frozen=True)
class Scale:
    min: float
    max: float


@dataclass(frozen=True)
class Version:
    id: str
    from_: str = ""
    description: str = ""
    scale_max: float | None = None


@dataclass(frozen=True)
class Indicator:
    id: str
    name: str
    unit: str
    scale: Scale
    better: str
    definition: str
    source: str
    aggregation: str
    short_name: str = ""
    decimals: int = 1
    kolada_kpi: str = ""
    school_forms: tuple[str, ...] = ()
    numerator: str = ""
    denominator: str = ""
    versions: tuple[Version, ...] = ()

    @property
    def label(self) -> str:
        return self.short_name or self.name

    def comparable(self, a: str, b: str) -> bool:
        """False if a definition change lies between school years ``a`` and ``b`` (a series break)."""
        return self.version_for(a) == self.version_for(b)

    def version_for(self, school_year: str) -> Version | None:
        """The definition in force in ``school_year`` (None if the indicator has no versions).

        A year before the first version's ``from`` belongs to the first version: the catalogue
        records when a definition changed, and data from before its first recorded definition
        was measured the only way known. So a series break only ever lies between two versions
        that both occur in the data, never before the first."""
        current = self.versions[0] if self.versions else None
        for version in self.versions:
            if version.from_ <= school_year:
                current = version
        return current


@dataclass(frozen=True)
class PopulationGroup:
    """A group beyond total, girls, boys (``groups`` in indicators.yaml): a part of the total, ``subset`` or
    ``total_minus`` (the total less ``excluded``); the total less the group is a group too (figures.small_rests)."""

    id: str
    name: str
    relation: str
    description: str = ""
    excluded: str = ""


# -- units ----------------------------------------------------------------------

@dataclass(frozen=True)
class FormerName:
    name: str
    until: str


@dataclass(frozen=True)
class Unit:
    id: str
    name: str
    school_forms: tuple[str, ...]
    area: str = ""  # "" when not known: nothing is shown
    opened: str = ""  # a day, a month (ÅÅÅÅ-MM) or "" when not known; compare through domain.running
    grades: str = ""
    principal: str = ""
    school_unit_code: str = ""
    kolada_ou: str = ""
    closed: str = ""
    predecessors: tuple[str, ...] = ()
    successor: str = ""
    former_names: tuple[FormerName, ...] = ()
    description: str = ""
    source: str = ""
    part: str = ""


# -- unit year -----------------------------------------------------------------

@dataclass(frozen=True)
class UnitYear:
    unit: str
    school_year: str
    principal: str = ""
    summary: str = ""
    results: tuple[Result, ...] = ()
    goals: tuple[Goal, ...] = ()
    analysis: Analysis = Analysis()
    improvement_areas: tuple[ImprovementArea, ...] = ()
    development_areas: tuple[DevelopmentArea, ...] = ()
    self_assessment: tuple[Strategy, ...] = ()
    inspections: tuple[Inspection, ...] = ()
    source: str = ""


# -- municipality year and programmes -------------------------------------

@dataclass(frozen=True)
class GoalArea:
    id: str
    name: str
    description: str = ""
    goals: tuple[Goal, ...] = ()


@dataclass(frozen=True)
class Complaint:
    category: str
    count: int
    justified: int | None = None


@dataclass(frozen=True)
class SickLeave:
    month: str
    group: str
    total: float
    short_term: float | None = None


@dataclass(frozen=True)
class StaffFigure:
    """A staff measure for a whole year as the source gives it (``period``: "" for the file's school year)."""
    measure: str
    unit: str
    total: float
    source: str
    period: str | int = ""  # a calendar year written bare (2024) is read as a number
    women: float | None = None
    men: float | None = None


@dataclass(frozen=True)
class ProgrammeFollowUp:
    programme: str
    assessment: str
    qualitative_effects: str = ""


@dataclass(frozen=True)
class Recommendation:
    """A recommendation; one written as text alone has only ``text`` (no id: it is not followed up)."""
    text: str
    id: str = ""
    owner: str = ""
    due: str = ""
    status: str = ""
    indicators: tuple[str, ...] = ()
    goals: tuple[str, ...] = ()
    improvement_areas: tuple[str, ...] = ()


def recommendation(value: str | dict) -> Recommendation:
    return Recommendation(text=value) if isinstance(value, str) else build(Recommendation, value)


@dataclass(frozen=True)
class RecommendationFollowUp:
    recommendation: str
    status: str
    comment: str = ""


@dataclass(frozen=True)
class MunicipalityYear:
    school_year: str
    municipality: str = ""
    goal_areas: tuple[GoalArea, ...] = ()
    results: tuple[OfficialResult, ...] = ()
    references: tuple[ReferenceResult, ...] = ()
    summary: str = ""
    priorities: tuple[str, ...] = ()
    recommendations: tuple[Recommendation, ...] = ()
    recommendation_follow_up: tuple[RecommendationFollowUp, ...] = ()
    analysis: Analysis = Analysis()
    improvement_areas: tuple[ImprovementArea, ...] = ()
    development_areas: tuple[DevelopmentArea, ...] = ()
    self_assessment: tuple[Strategy, ...] = ()
    inspections: tuple[Inspection, ...] = ()
    complaints: tuple[Complaint, ...] = ()
    sick_leave: tuple[SickLeave, ...] = ()
    staff: tuple[StaffFigure, ...] = ()
    leadership_turnover: int | None = None
    programme_follow_up: tuple[ProgrammeFollowUp, ...] = ()
    source: str = ""

    @property
    def official_only(self) -> bool:
        """A year that holds only official figures (from before the site's units): no goal areas."""
        return not self.goal_areas


@dataclass(frozen=True)
class Programme:
    id: str
    name: str
    start: str
    units: tuple[str, ...]
    description: str = ""
    owner: str = ""
    end: str = ""
    scope: str = ""
    aims: tuple[str, ...] = ()
    indicators: tuple[str, ...] = ()
    evaluation: str = ""
    effect_chain: tuple[EffectStep, ...] = ()


# -- parts of the organisation (school form, function, area) ---------------

@dataclass(frozen=True)
class Part:
    """A part of the organisation between unit and municipality; never counted as a unit."""

    id: str
    name: str
    kind: str
    school_forms: tuple[str, ...] = ()
    description: str = ""
    source: str = ""


@dataclass(frozen=True)
class PartYear:
    """A part's own plan for a school year: the plan sections of a unit's year, without results."""

    part: str
    school_year: str
    summary: str = ""
    goals: tuple[Goal, ...] = ()
    analysis: Analysis = Analysis()
    improvement_areas: tuple[ImprovementArea, ...] = ()
    development_areas: tuple[DevelopmentArea, ...] = ()
    self_assessment: tuple[Strategy, ...] = ()
    source: str = ""


# -- the whole content ------------------------------------------------------

@dataclass(frozen=True)
class Content:
    """Everything in content/, indexed the way pages look it up."""

    indicators: dict[str, Indicator]
    units: dict[str, Unit]
    programmes: dict[str, Programme]
    municipality_years: dict[str, MunicipalityYear]
    unit_years: dict[tuple[str, str], UnitYear]
    self_assessment: SelfAssessmentCatalogue = SelfAssessmentCatalogue()  # content/self_assessment.yaml
    parts: dict[str, Part] = field(default_factory=dict)
    part_years: dict[tuple[str, str], PartYear] = field(default_factory=dict)
    groups: dict[str, PopulationGroup] = field(default_factory=dict)
    """The catalogue's population groups beyond total, girls and boys, in catalogue order."""
    references: dict[str, ReferenceSeries] = field(default_factory=dict)  # the catalogue's reference series

    def group_name(self, group: str) -> str:
        """A group's name for readers: "Totalt", "Flickor", "Pojkar" or the catalogue's name."""
        found = self.groups.get(group)
        return found.name if found is not None else GROUP_NAMES.get(group, group)

    def group_order(self, group: str) -> int:
        """Where a group is shown: total, girls, boys, then the catalogue's groups in catalogue order."""
        return ([*GROUPS, *self.groups] + [group]).index(group)

    @property
    def school_years(self) -> list[str]:
        """The site's school years: those with a unit's plan or the municipality's plan. A year with
        official figures only (:attr:`MunicipalityYear.official_only`, no unit) is not one: its figures
        show in the official series (:attr:`official_years`), not as a year of quality work."""
        years = {y for y, m in self.municipality_years.items() if not m.official_only}
        return sorted(years | {year for _, year in self.unit_years} | {year for _, year in self.part_years})

    @property
    def official_years(self) -> list[str]:
        """School years with official figures for the municipality, including years before the site's units."""
        return sorted(y for y, m in self.municipality_years.items() if m.results)


def from_documents(documents: list[tuple[Source, dict]], memo: dict | None = None) -> Content:
    """Validated documents → Content. Sources are remembered for edit links.

    ``memo``, a dict kept between calls (mkdocs serve), reuses the objects built from the
    very same document objects the last time (validation hands back unchanged files as they were)."""
    fresh: dict[int, tuple[dict, object]] = {}

    def built(cls, data: dict, source: Source):
        hit = memo.get(id(data)) if memo is not None else None
        if hit is None or hit[0] is not data:
            hit = (data, build(cls, {**data, "source": source.name}))
        fresh[id(data)] = hit
        return hit[1]

    indicators, units, programmes, years, unit_years, parts, part_years, groups = {}, {}, {}, {}, {}, {}, {}, {}
    catalogue, series = SelfAssessmentCatalogue(), {}
    for source, data in documents:
        if source.kind == INDICATORS:
            for item in data.get("groups", []):
                groups[item["id"]] = build(PopulationGroup, item)
            series.update((item["id"], build(ReferenceSeries, item)) for item in data.get("references", []))
            for item in data["indicators"]:
                item = {**item, "versions": [{**v, "from_": v["from"]} for v in item.get("versions", [])]}
                indicators[item["id"]] = build(Indicator, item)
        elif source.kind == PROGRAMMES:
            for item in data["programmes"]:
                programmes[item["id"]] = build(Programme, item)
        elif source.kind == SELF_ASSESSMENT:
            catalogue = build(SelfAssessmentCatalogue, data)
        elif source.kind == UNIT:
            units[data["id"]] = built(Unit, data, source)
        elif source.kind == MUNICIPALITY_YEAR:
            years[data["school_year"]] = built(MunicipalityYear, data, source)
        elif source.kind == UNIT_YEAR:
            unit_years[(data["unit"], data["school_year"])] = built(UnitYear, data, source)
        elif source.kind == PART:
            parts[data["id"]] = built(Part, data, source)
        elif source.kind == PART_YEAR:
            part_years[(data["part"], data["school_year"])] = built(PartYear, data, source)
    if memo is not None:
        memo.clear()
        memo.update(fresh)
    return Content(indicators, units, programmes, years, unit_years, catalogue, parts, part_years, groups, series)
