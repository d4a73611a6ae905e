"""The self-assessment catalogue (content/self_assessment.yaml) as typed objects: rater roles, strategies and
their criteria, and how an assessment's references are looked up in it (a part of the model)."""

from __future__ import annotations

from dataclasses import dataclass

from ..domain import same_text
from ..labels import ROLES


@dataclass(frozen=True)
class RaterRole:
    code: str
    name: str
    meaning: str = ""


@dataclass(frozen=True)
class CatalogueCriterion:
    id: str
    text: str


@dataclass(frozen=True)
class CatalogueStrategy:
    id: str
    name: str
    criteria: tuple[CatalogueCriterion, ...] = ()
    description: str = ""


@dataclass(frozen=True)
class SelfAssessmentCatalogue:
    """content/self_assessment.yaml: the rater roles and the strategies with their criteria. Without the
    file, ROLES and no strategies: then strategies and criteria are free text."""

    roles: tuple[RaterRole, ...] = tuple(RaterRole(*role) for role in ROLES)
    strategies: tuple[CatalogueStrategy, ...] = ()
    source: str = ""

    def role(self, code: str) -> RaterRole:
        return next((r for r in self.roles if r.code == code), RaterRole(code, code))

    def strategy(self, ref: str) -> CatalogueStrategy | None:
        """The strategy an assessment names, by id or by name (None without a catalogue entry)."""
        return next((s for s in self.strategies if s.id == ref), None) or next(
            (s for s in self.strategies if same_text(s.name, ref)), None)

    def strategy_name(self, ref: str) -> str:
        found = self.strategy(ref)
        return found.name if found else ref

    def criterion_text(self, criterion) -> str:
        """What a criterion says: the catalogue's text for an id, else the text as written."""
        for strategy in self.strategies:
            for known in strategy.criteria:
                if known.id == criterion.id:
                    return known.text
        return criterion.text
