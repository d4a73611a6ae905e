"""What changed in a part of the organisation between two school years: its own plan (improvement areas,
goals, analysis) and its units' pooled figures (``parts``), by the rules of ``yeardiff``."""

from __future__ import annotations

from dataclasses import dataclass

from ..domain import ALL_STAGES, GROUPS
from ..model import Content, Part, PartYear
from .parts import PartFigures
from .results import Results
from .score_diff import ScoreChange, score_changes
from .yeardiff import AreaChange, GoalChange, TextChange, ValueChange, _value_changes, diff_analysis, diff_areas, diff_goals


@dataclass(frozen=True)
class PartDiff:
    part: Part
    from_year: str
    to_year: str
    areas: tuple[AreaChange, ...]
    goals: tuple[GoalChange, ...]
    analysis: tuple[TextChange, ...]
    values: tuple[ValueChange, ...]
    scores: tuple[ScoreChange, ...] = ()  # the part's self-assessment means that moved


def diff_part(content: Content, results: Results, part: str, from_year: str, to_year: str) -> PartDiff:
    """Changes in one part's plan and pooled figures; a missing plan counts as an empty one."""
    before = content.part_years.get((part, from_year)) or PartYear(part, from_year)
    after = content.part_years.get((part, to_year)) or PartYear(part, to_year)
    figures = PartFigures(content, results)
    keys = [(i, ALL_STAGES, g) for i in content.indicators for g in GROUPS
            if figures.get(part, to_year, i, g) is not None]
    return PartDiff(content.parts[part], from_year, to_year,
                    diff_areas(before.improvement_areas, after.improvement_areas),
                    diff_goals(before.goals, after.goals, content.indicators),
                    diff_analysis(before.analysis, after.analysis),
                    _value_changes(content, keys, lambda year, i, s, g: figures.get(part, year, i, g),
                                   from_year, to_year),
                    score_changes(content.self_assessment, before.self_assessment, after.self_assessment))
