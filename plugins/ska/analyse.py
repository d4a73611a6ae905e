"""The numbers: one tidy table of all results, suppression of small groups, aggregates from counts."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .model import Content, Indicator

MIN_GROUP = 10
KEYS = ["school_year", "indicator", "stage", "window", "group"]
COLUMNS = ["unit", *KEYS, "numerator", "denominator", "value", "status", "suppressed"]


def tidy(content: Content, min_group: int = MIN_GROUP) -> pd.DataFrame:
    """unit × year × indicator × stage × group → numerator, denominator, value.

    ``value`` is computed from the counts for ratio indicators. A figure marked
    suppressed in the source, or based on fewer than ``min_group`` pupils, keeps
    its row (pages show "..") but loses its numbers, so it can never reach an
    average, a chart or a download.
    """
    rows = []
    for (unit, school_year), plan in content.unit_years.items():
        for result in plan.results:
            indicator = content.indicators.get(result.indicator)
            ratio = indicator is not None and indicator.aggregation == "ratio"
            for group, fig in result.figures():
                numerator, denominator, value, status = fig.numerator, fig.denominator, fig.value, fig.status
                if ratio and numerator is not None and denominator:
                    value = 100 * numerator / denominator
                if not status and denominator is not None and denominator < min_group:
                    status = "too_few"
                if status:
                    numerator = denominator = value = None
                rows.append((unit, school_year, result.indicator, result.stage, result.window, group,
                             numerator, denominator, value, status, bool(status)))
    table = pd.DataFrame.from_records(rows, columns=COLUMNS)
    for column in ("numerator", "denominator", "value"):
        table[column] = table[column].astype("float64")
    return table


def aggregate(table: pd.DataFrame, indicators: dict[str, Indicator], min_group: int = MIN_GROUP,
              by: tuple[str, ...] = ("school_year", "indicator", "stage", "group")) -> pd.DataFrame:
    """Municipality figures per ``by`` from the units' published figures.

    ratio: sum of numerators / sum of denominators; weighted_mean: values weighted
    by their denominators; mean: plain mean of values; none: not aggregated.
    Never a mean of percentages unless the indicator says ``mean``.
    """
    by = list(by)
    rule = table["indicator"].map({i: ind.aggregation for i, ind in indicators.items()}).fillna("none")
    usable = table[~table["suppressed"] & (rule != "none")].copy()
    usable["rule"] = rule[usable.index]
    counted = usable["numerator"].notna() & usable["denominator"].notna()
    weighted = usable["value"].notna() & usable["denominator"].notna()
    usable["n_ratio"] = np.where(counted & (usable["rule"] == "ratio"), usable["numerator"], np.nan)
    usable["d_ratio"] = np.where(counted & (usable["rule"] == "ratio"), usable["denominator"], np.nan)
    usable["weighted_sum"] = np.where(weighted & (usable["rule"] == "weighted_mean"),
                                      usable["value"] * usable["denominator"], np.nan)
    usable["weight"] = np.where(weighted & (usable["rule"] == "weighted_mean"), usable["denominator"], np.nan)
    usable["plain"] = np.where(usable["rule"] == "mean", usable["value"], np.nan)
    groups = usable.groupby(by, dropna=False, sort=True)
    sums = groups[["n_ratio", "d_ratio", "weighted_sum", "weight"]].sum(min_count=1)  # NaN where nothing counted
    grouped = sums.rename(columns={"n_ratio": "numerator", "d_ratio": "denominator"}).assign(
        rule=groups["rule"].first(), plain=groups["plain"].mean(), units=groups["unit"].nunique()).reset_index()
    value = np.select(
        [grouped["rule"] == "ratio", grouped["rule"] == "weighted_mean", grouped["rule"] == "mean"],
        [100 * grouped["numerator"] / grouped["denominator"], grouped["weighted_sum"] / grouped["weight"],
         grouped["plain"]],
        default=np.nan,
    )
    grouped["value"] = value
    grouped.loc[grouped["rule"] == "weighted_mean", "denominator"] = grouped["weight"]
    size = grouped["denominator"]
    grouped["suppressed"] = size.notna() & (size < min_group)
    grouped.loc[grouped["suppressed"], ["numerator", "denominator", "value"]] = np.nan
    return grouped[by + ["numerator", "denominator", "value", "units", "suppressed"]]


class Results:
    """The tidy table and the municipality aggregates, indexed for the pages' look-ups."""

    def __init__(self, content: Content, min_group: int = MIN_GROUP):
        self.min_group = min_group
        self.table = tidy(content, min_group)
        self.municipal = aggregate(self.table, content.indicators, min_group)
        self.units = _figures(self.table, ["unit", "school_year", "indicator", "stage", "group"])
        self.towns = _figures(self.municipal, ["school_year", "indicator", "stage", "group"])
        # All stages pooled (e.g. trygghet F-3, 4-6 and 7-9 together), for goals that name no stage.
        pooled = aggregate(self.table, content.indicators, min_group, by=("school_year", "indicator", "group"))
        pooled.insert(2, "stage", "")
        for key, figure in _figures(pooled, ["school_year", "indicator", "stage", "group"]).items():
            self.towns.setdefault(key, figure)

    def unit(self, unit: str, year: str, indicator: str, stage: str = "", group: str = "total") -> tuple | None:
        """(value, numerator, denominator, suppressed) for one unit, or None if not reported."""
        return self.units.get((unit, year, indicator, stage, group))

    def municipality(self, year: str, indicator: str, stage: str = "", group: str = "total") -> tuple | None:
        return self.towns.get((year, indicator, stage, group))


def _figures(table: pd.DataFrame, keys: list[str]) -> dict[tuple, tuple]:
    """key columns → (value, numerator, denominator, suppressed), None for a missing number.

    Whole columns at a time: row by row, this was most of the analysis on a large municipality."""
    numbers = [[None if v != v else v for v in table[c].astype("float64").tolist()]
               for c in ("value", "numerator", "denominator")]
    suppressed = [bool(s) for s in table["suppressed"].tolist()]
    return dict(zip(zip(*(table[k].tolist() for k in keys)), zip(*numbers, suppressed)))
