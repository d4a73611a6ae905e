"""Result figures: rounding, ratio and mean results with small groups suppressed, and sums over units."""

from __future__ import annotations

from typing import Iterable

from ska import formatting

from .text import INDICATOR_BY_ID

TOO_FEW = {"status": "too_few"}
MIN_GROUP = 10


def round_half_up(value: float, decimals: int = 1) -> float:
    """Round as Swedish reports do (3.15 → 3.2), as a float for YAML."""
    return float(formatting.round_half_up(value, decimals))


def clamp(value: float, low: float, high: float) -> float:
    """``value`` kept within ``low``..``high``."""
    return min(max(value, low), high)


def ratio_figure(numerator: int, denominator: int, with_value: bool = False) -> dict:
    """Counts of a ratio figure; the percentage is derived from them, so ``value`` is optional."""
    figure = {"numerator": numerator, "denominator": denominator}
    if with_value:
        figure["value"] = round_half_up(100 * numerator / denominator, 1)
    return figure


def ratio_result(indicator: str, stage: str | None, window: str, counts: tuple[tuple[int, int], tuple[int, int]],
                 rounded_below: int = 0) -> dict:
    """A result from girls' and boys' (numerator, denominator); small groups get status too_few, never a 0.

    ``rounded_below`` > 0 marks a group where fewer than that many are outside the numerator
    as rounded (Skolverket's "~100"); the other gender is then suppressed as well.
    """
    (gn, gd), (bn, bd) = counts
    result: dict = {"indicator": indicator}
    if stage:
        result["stage"] = stage
    result["window"] = window
    total_n, total_d = gn + bn, gd + bd
    if total_d < MIN_GROUP:
        result.update(total=dict(TOO_FEW), girls=dict(TOO_FEW), boys=dict(TOO_FEW))
        result["note"] = f"Färre än {MIN_GROUP} i gruppen; siffrorna redovisas inte."
        return result
    if rounded_below and total_d - total_n < rounded_below:
        result["total"] = {"status": "rounded"}
    else:
        result["total"] = ratio_figure(total_n, total_d)
    if gd < MIN_GROUP or bd < MIN_GROUP:
        result["girls"], result["boys"] = dict(TOO_FEW), dict(TOO_FEW)
        result["note"] = f"Flickor och pojkar redovisas inte var för sig: färre än {MIN_GROUP} i en av grupperna."
    elif rounded_below and (gd - gn < rounded_below or bd - bn < rounded_below):
        result["girls"], result["boys"] = {"status": "rounded"}, {"status": "rounded"}
        result["note"] = "Avrundat (~100): färre än tre elever i en av grupperna saknar behörighet."
    else:
        result["girls"], result["boys"] = ratio_figure(gn, gd), ratio_figure(bn, bd)
    return result


def mean_result(indicator: str, stage: str | None, window: str, groups: tuple[tuple[int, float], tuple[int, float]],
                decimals: int = 1) -> dict:
    """A weighted-mean result from girls' and boys' (count, value); the total is their weighted mean."""
    (gd, gv), (bd, bv) = groups
    result: dict = {"indicator": indicator}
    if stage:
        result["stage"] = stage
    result["window"] = window
    total = gd + bd
    if total < MIN_GROUP:
        result.update(total=dict(TOO_FEW), girls=dict(TOO_FEW), boys=dict(TOO_FEW))
        result["note"] = f"Färre än {MIN_GROUP} i gruppen; siffrorna redovisas inte."
        return result
    result["total"] = {"denominator": total, "value": round_half_up((gd * gv + bd * bv) / total, decimals)}
    if gd < MIN_GROUP or bd < MIN_GROUP:
        result["girls"], result["boys"] = dict(TOO_FEW), dict(TOO_FEW)
        result["note"] = f"Flickor och pojkar redovisas inte var för sig: färre än {MIN_GROUP} i en av grupperna."
    else:
        result["girls"] = {"denominator": gd, "value": round_half_up(gv, decimals)}
        result["boys"] = {"denominator": bd, "value": round_half_up(bv, decimals)}
    return result


def figure_value(figure: dict | None) -> float | None:
    """A figure's value: given, or computed from its counts; None if suppressed or missing."""
    if not figure or "status" in figure:
        return None
    if "value" in figure:
        return figure["value"]
    if figure.get("denominator"):
        return round_half_up(100 * figure.get("numerator", 0) / figure["denominator"], 1)
    return None


def total_value(result: dict) -> float | None:
    """The value of a result's total figure, if shown."""
    return figure_value(result.get("total"))


def find(results: list[dict], indicator: str, stage: str | None = None) -> dict | None:
    """The first result for ``indicator`` (and ``stage``, if given)."""
    for result in results:
        if result["indicator"] == indicator and (stage is None or result.get("stage") == stage):
            return result
    return None


def aggregate(results: Iterable[dict]) -> dict[tuple[str, str | None], dict[str, tuple[float, int]]]:
    """Municipality figures from unit results: sums of counts for ratios, weighted means otherwise.

    Returns (indicator, stage) → group → (value, denominator); suppressed figures are left out.
    """
    sums: dict[tuple, dict[str, list[float]]] = {}
    for result in results:
        indicator = INDICATOR_BY_ID.get(result["indicator"])
        if indicator is None or indicator["aggregation"] not in ("ratio", "weighted_mean"):
            continue
        key = (result["indicator"], result.get("stage"))
        for group in ("total", "girls", "boys"):
            figure = result.get(group)
            if not figure or "status" in figure or "denominator" not in figure:
                continue
            acc = sums.setdefault(key, {}).setdefault(group, [0.0, 0, 0.0])
            if indicator["aggregation"] == "ratio" and "numerator" in figure:
                acc[0] += figure["numerator"]
                acc[1] += figure["denominator"]
            elif indicator["aggregation"] == "weighted_mean" and "value" in figure:
                acc[1] += figure["denominator"]
                acc[2] += figure["value"] * figure["denominator"]
    out: dict[tuple, dict[str, tuple[float, int]]] = {}
    for key, groups in sums.items():
        ratio = INDICATOR_BY_ID[key[0]]["aggregation"] == "ratio"
        for group, (num, den, weighted) in groups.items():
            if den:
                out.setdefault(key, {})[group] = (100 * num / den if ratio else weighted / den, int(den))
    return out



def without_newcomers(result: dict) -> dict:
    """``result`` (a ratio result) with the catalogue group "exklusive nyanlända" where its total has counts.

    Drawn without the random generator (so the rest of the content stays as it was): 8 to 16
    newcomers, about half of them counted in the numerator. Where fewer than ``MIN_GROUP`` are left out,
    the group is the total less a small group, and the site suppresses it (secondary suppression)."""
    total = result.get("total") or {}
    n, d = total.get("numerator"), total.get("denominator")
    if n is None or d is None:
        return result
    left_out = 8 + d % 9
    counted = min(left_out, n, max(left_out // 2, left_out - (d - n) + 3))
    if d - left_out < MIN_GROUP or left_out - counted > d - n:
        return result
    gn, gd = n - counted, d - left_out
    figure = {"status": "rounded"} if gd - gn < 3 else ratio_figure(gn, gd)  # "~100", as the total's rule
    return {**result, "groups": [{"group": "exkl-nyanlanda", **figure}]}
