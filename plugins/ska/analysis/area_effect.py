"""Did it move? An owner's improvement area (the municipality's, or a part's) measured on its indicators.

For each indicator an area targets (its own, its actions', its effect chains' steps'):

* **Baseline.** The effect chain's (the step measuring the indicator, else the chain's first stated one; for an
  action its own chain's, else the area chain's step measuring it), else the school year before the area (or
  the action) started, else last year. An area is the same area across years when it has the same ``id`` in
  the owner's plans (``ska new-year`` carries it with its id); when its run reaches back to the owner's first
  plan, when it began is not known and last year is used. A baseline not before this year gives no line.
* **Figures.** The owner's pooled figure over all stages as the site publishes it (``Results.municipality``,
  a part's ``PartFigures``): only published unit figures are summed, with their coverage. A baseline window
  is the sum of its years' published pooled counts, only when every year of it is published with counts.
* **Change** this year against the baseline in procentenheter (or points), as the site prints a change; for a
  share with counts a 95 % interval from a binomial GLM with identity link on the two years' counts
  (statsmodels). The same pupils may be counted in both years, and the units may differ between the years, so
  the interval is approximate.
* **Verdict** in hedged words (``labels.AREA_EFFECT_VERDICTS``): a clear change, none certain, too few (a
  figure hidden), no baseline, no counts; never that the area caused it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction

from ..content.goal_rules import window
from ..domain import previous_school_year, school_year_of_date
from ..model import EffectStep, ImprovementArea, Indicator
from .effect import saturated_interval
from .figures import Figure

# Why a baseline is the one it is, in words (one per line on a page)
BASIS_CHAIN, BASIS_AREA, BASIS_ACTION, BASIS_LAST = (
    "enligt effektkedjan", "läsåret före området började", "läsåret före åtgärden började", "föregående läsår")

# Verdicts (codes; words in labels.AREA_EFFECT_VERDICTS)
CLEAR, UNCERTAIN, TOO_FEW, NO_BASELINE, NO_NOW, NO_COUNTS, EDGE, SERIES_BREAK = (
    "clear", "uncertain", "too_few", "no_baseline", "no_now", "no_counts", "edge", "series_break")

Lookup = Callable[[str, str], "Figure | None"]  # (school year, indicator) → the owner's pooled figure


@dataclass(frozen=True)
class AreaEffect:
    """One indicator of an area: the baseline (a school year or a window) and why, the two figures, the 95 %
    interval of the change (procentenheter; None without counts) and the verdict's code."""
    indicator: str
    baseline: str
    basis: str
    before: Figure | None
    now: Figure | None
    verdict: str
    low: float | None = None
    high: float | None = None


def chain_baseline(chain: tuple[EffectStep, ...], indicator: str, any_step: bool = True) -> str:
    """The baseline a chain gives ``indicator``: the step measuring it's, else (``any_step``) the chain's first
    stated one; "" without."""
    stated = [s for s in chain if s.baseline]
    own = [s for s in stated if indicator in s.indicators]
    found = own or (stated if any_step else [])
    return found[0].baseline if found else ""


def chain_indicators(chain: tuple[EffectStep, ...]) -> list[str]:
    return [i for s in chain for i in s.indicators]


def baselines(area: ImprovementArea, area_base: tuple[str, str]) -> dict[tuple[str, str], str]:
    """(indicator, baseline) → basis for everything the area and its actions target, first given wins;
    ``area_base``: (school year, basis) when no chain says otherwise (baseline "" when there is none)."""
    wanted: dict[tuple[str, str], str] = {}
    targets = [(area.indicators, area.effect_chain, area_base)]
    for action in area.actions:
        own = (previous_school_year(school_year_of_date(action.start)), BASIS_ACTION) if action.start else area_base
        targets.append((action.indicators, action.effect_chain, own))
    for indicators, chain, (fallback, why) in targets:
        for ind in dict.fromkeys([*indicators, *chain_indicators(chain)]):
            # an action's own chain; the area's only where one of its steps measures the indicator
            base = chain_baseline(chain, ind) or chain_baseline(area.effect_chain, ind, any_step=False)
            key = (ind, base) if base else (ind, fallback or "")
            wanted.setdefault(key, BASIS_CHAIN if base else why)
    return wanted


def area_start(plans: list[str], year: str, holds: Callable[[str], bool]) -> str | None:
    """The first school year of the unbroken run of the owner's plans (``plans``: its school years, in order)
    up to ``year`` holding the area (``holds``); None when the run reaches back to the first plan (when it began
    is then not known)."""
    i = plans.index(year)
    while i > 0 and plans[i - 1] == previous_school_year(plans[i]) and holds(plans[i - 1]):
        i -= 1
    return plans[i] if i > 0 else None


def window_figure(lookup: Lookup, indicator: Indicator, first: str, last: str) -> Figure | None:
    """The owner's figure for a window of school years, its published counts summed; only when every year of it
    is published with counts (a share), else None: nothing hidden can be recomputed."""
    if first == last:
        return lookup(first, indicator.id)
    num = den = units = 0
    year = first
    while year <= last:
        f = lookup(year, indicator.id)
        if indicator.aggregation != "ratio" or f is None or f.suppressed or f.numerator is None or not f.denominator:
            return None
        num, den, units = num + f.numerator, den + f.denominator, max(units, f.units_covered)
        year = next_school_year(year)
    return Figure(Fraction(100 * num, den), num, den, units_covered=units, units_reporting=units)


def change_interval(before: tuple[int, int], now: tuple[int, int], level: float = 0.95) -> tuple[float, float, float]:
    """(estimate, low, high) of the change between two shares, as proportions, from (numerator, denominator)
    of each year: the year term of a saturated model (exactly the change)."""
    return saturated_interval([before, now], [[1, 0], [1, 1]], 1, level)


def _hidden(f: Figure | None) -> bool:
    return f is not None and (f.suppressed or f.value is None)


def judge(indicator: Indicator, before: Figure | None, now: Figure | None, baseline_last: str,
          year: str) -> tuple[str, float | None, float | None]:
    """The verdict's code and the 95 % interval of the change (procentenheter) for two figures."""
    if _hidden(before) or _hidden(now):
        return TOO_FEW, None, None
    if before is None:
        return NO_BASELINE, None, None
    if now is None:
        return NO_NOW, None, None
    if not indicator.comparable(year, baseline_last):
        return SERIES_BREAK, None, None
    counts = [(f.numerator, f.denominator) for f in (before, now)]
    if indicator.aggregation != "ratio" or any(n is None or not d for n, d in counts):
        return NO_COUNTS, None, None
    if any(n == 0 or n == d for n, d in counts):  # a share of 0 or 100 %: a Wald interval would shrink to nothing
        return EDGE, None, None
    _, low, high = change_interval(*counts)
    low, high = 100 * low, 100 * high
    return (UNCERTAIN if low <= 0 <= high else CLEAR), low, high


def area_effects(area: ImprovementArea, year: str, area_base: tuple[str, str], lookup: Lookup,
                 indicators: dict[str, Indicator]) -> list[AreaEffect]:
    """Each (indicator, baseline) the area targets, measured (see the module); ``area_base`` as ``baselines``."""
    out = []
    for (ind_id, base), basis in baselines(area, area_base).items():
        indicator = indicators.get(ind_id)
        if indicator is None or not base:
            continue
        first, last = window(base)
        if last >= year:  # a baseline not before this year (a chain's, an action to start later): no before
            continue
        before = window_figure(lookup, indicator, first, last)
        now = lookup(year, ind_id)
        verdict, low, high = judge(indicator, before, now, last, year)
        out.append(AreaEffect(ind_id, base, basis, before, now, verdict, low, high))
    return out


def next_school_year(label: str) -> str:
    """"2023/24" → "2024/25"."""
    first = int(label[:4]) + 1
    return f"{first}/{(first + 1) % 100:02d}"
