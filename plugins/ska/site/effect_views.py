"""An effect chain as a reader sees it: the four steps resources → activities → practice → results in their
order, each with its text, what measures it (indicators linked to their pages, observations), the expected
direction, and the baseline and follow-up school years in words. A step the chain does not describe is
shown as not described, so a gap in the chain is seen."""

from __future__ import annotations

from ..labels import DIRECTIONS, EFFECT_STEPS
from ..model import EffectStep
from .pages import indicator_path


def listing(words: list[str]) -> str:
    """["a", "b", "c"] → "a, b och c"."""
    return " och ".join([", ".join(words[:-1]), words[-1]] if len(words) > 1 else words)


def baseline_words(step: EffectStep) -> str:
    """"läsåret 2021/22", "läsåren 2019/20–2021/22", or "" without a baseline."""
    years = step.baseline_years
    if years is None:
        return ""
    first, last = years
    return f"läsåret {first}" if first == last else f"läsåren {first}–{last}"


def follow_up_words(step: EffectStep) -> str:
    """"läsåret 2024/25", "läsåren 2023/24 och 2024/25", or "" without follow-up years."""
    years = sorted(step.follow_up)
    if not years:
        return ""
    return f"läsåret {years[0]}" if len(years) == 1 else f"läsåren {listing(years)}"


def effect_chain(content, steps: tuple[EffectStep, ...]) -> list[dict]:
    """The chain for a page: all four steps in order ([] when there is no chain)."""
    if not steps:
        return []
    given = {s.step: s for s in steps}
    out = []
    for key, label in EFFECT_STEPS.items():
        step = given.get(key)
        if step is None:
            out.append({"key": key, "label": label, "step": None})
            continue
        out.append({
            "key": key, "label": label, "step": step,
            "indicators": [(content.indicators[i].name, indicator_path(i)) if i in content.indicators else (i, "")
                           for i in step.indicators],
            "observations": step.observations,
            "direction": DIRECTIONS.get(step.direction, ""),
            "baseline": baseline_words(step), "follow_up": follow_up_words(step),
        })
    return out
