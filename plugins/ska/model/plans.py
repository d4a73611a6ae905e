"""The parts a plan is made of, at every level (unit, part of the organisation, municipality): goals with
their baselines and targets, analysis, improvement and development areas with their actions,
self-assessment, inspections."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..content.goal_rules import window


@dataclass(frozen=True)
class GoalBaseline:
    """Where an indicator stood when the goal was set, in a school year or a window ("2019/20–2021/22")."""
    value: float
    year: str

    @property
    def years(self) -> tuple[str, str]:
        """(first, last) school year of the baseline; the same twice for a single year."""
        return window(self.year)


@dataclass(frozen=True)
class GoalTargetValue:
    """The value an indicator is to reach and the school year by which it is to be reached."""
    value: float
    year: str


@dataclass(frozen=True)
class GoalTarget:
    """A goal's baseline and target for one of its indicators; ``direction`` "" means the goal's."""
    indicator: str
    baseline: GoalBaseline | None = None
    target: GoalTargetValue | None = None
    direction: str = ""


@dataclass(frozen=True)
class Goal:
    id: str
    text: str
    indicators: tuple[str, ...] = ()
    direction: str = ""
    target: float | None = None
    targets: tuple[GoalTarget, ...] = ()

    def target_for(self, indicator: str) -> GoalTarget | None:
        """The baseline and target given for ``indicator``, if any."""
        return next((t for t in self.targets if t.indicator == indicator), None)


@dataclass(frozen=True)
class Analysis:
    summary: str = ""
    comparative: str = ""
    organisation: str = ""
    resources: str = ""
    methods: str = ""
    equity: str = ""


@dataclass(frozen=True)
class EffectStep:
    """A step of an effect chain (resources → activities → practice → results): what is to happen, what
    measures it (catalogue indicators, other observations), the expected direction, the baseline school
    year or window and the school years it is followed up."""
    step: str
    text: str
    indicators: tuple[str, ...] = ()
    observations: tuple[str, ...] = ()
    direction: str = ""
    baseline: str = ""
    follow_up: tuple[str, ...] = ()

    @property
    def baseline_years(self) -> tuple[str, str] | None:
        """(first, last) school year of the baseline; None without one."""
        return window(self.baseline) if self.baseline else None


@dataclass(frozen=True)
class Action:
    description: str
    owner: str = ""
    start: str = ""
    end: str = ""
    scope: str = ""
    indicators: tuple[str, ...] = ()
    status: str = ""
    months: tuple[str, ...] = ()
    effect_chain: tuple[EffectStep, ...] = ()


@dataclass(frozen=True)
class ImprovementArea:
    id: str
    title: str
    theme: str = ""
    goal_area: str = ""
    background: str = ""
    expected_effects: str = ""
    actions: tuple[Action, ...] = ()
    follow_up: str = ""
    effect_assessment: str = ""
    indicators: tuple[str, ...] = ()
    status: str = ""
    effect_chain: tuple[EffectStep, ...] = ()


@dataclass(frozen=True)
class DevelopmentArea:
    id: str
    title: str
    desired_quality: str = ""
    actions_taken: str = ""
    result: str = ""
    future_needs: str = ""


@dataclass(frozen=True)
class Criterion:
    text: str = ""
    scores: dict = field(default_factory=dict)
    id: str = ""  # the catalogue criterion's id (its text is shown); "" for a criterion written as text


@dataclass(frozen=True)
class PublishedMeans:
    """Means per rater role as a source published them: shown as such, never used in a computation."""

    means: dict
    source: str


@dataclass(frozen=True)
class Strategy:
    strategy: str  # the catalogue strategy's id or name; without a catalogue, the strategy's name
    criteria: tuple[Criterion, ...] = ()
    published_means: PublishedMeans | None = None


@dataclass(frozen=True)
class InspectionArea:
    name: str
    verdict: str
    legal_references: tuple[str, ...] = ()
    finding: str = ""
    measures: str = ""


@dataclass(frozen=True)
class Inspection:
    id: str
    authority: str
    kind: str
    status: str
    case_number: str = ""
    review_start: str = ""
    review_end: str = ""
    decision_date: str = ""
    report_deadline: str = ""
    report_submitted: str = ""
    closed_date: str = ""
    areas: tuple[InspectionArea, ...] = ()
