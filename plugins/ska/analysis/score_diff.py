"""Self-assessment between two school years: per strategy and rater role, the mean the site computes from the
scores (never a published mean), as it was and as it is."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from .. import formatting as fmt
from ..model import Strategy
from ..model.self_assessment import SelfAssessmentCatalogue
from .figures import mean


@dataclass(frozen=True)
class ScoreChange:
    """A strategy's mean score by one role: ``before`` or ``after`` None when it was not scored that year."""

    strategy: str
    role: str
    role_name: str
    before: Fraction | None
    after: Fraction | None
    decimals: int


def _means(catalogue: SelfAssessmentCatalogue, strategies: tuple[Strategy, ...]) -> dict:
    """(strategy name, role) → (exact mean, the decimals its scores were written with)."""
    scores: dict[tuple[str, str], list] = {}
    for strategy in strategies:
        name = catalogue.strategy_name(strategy.strategy)
        for criterion in strategy.criteria:
            for role, value in criterion.scores.items():
                scores.setdefault((name, role), []).append(value)
    return {key: (mean(values), fmt.mean_decimals(map(fmt.written_decimals, values))) for key, values in scores.items()}


def score_changes(catalogue: SelfAssessmentCatalogue, before: tuple[Strategy, ...],
                  after: tuple[Strategy, ...]) -> tuple[ScoreChange, ...]:
    """Each strategy and role scored in either year whose mean, as shown, is not the same in both."""
    old, new = _means(catalogue, before), _means(catalogue, after)
    order = {r.code: i for i, r in enumerate(catalogue.roles)}
    out = []
    for key in sorted(old.keys() | new.keys(), key=lambda k: (k[0], order.get(k[1], len(order)), k[1])):
        (a, da), (b, db) = old.get(key, (None, 0)), new.get(key, (None, 0))
        decimals = max(da, db)
        if a is not None and b is not None and fmt.rounded_difference(b, a, decimals) == 0:
            continue
        out.append(ScoreChange(key[0], key[1], catalogue.role(key[1]).name, a, b, decimals))
    return tuple(out)
