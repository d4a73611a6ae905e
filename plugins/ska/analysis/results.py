"""The numbers: one tidy table of all results, suppression that holds under arithmetic, and
municipal figures computed exactly from counts, each knowing which units it covers.

Rules, in the order the code applies them:

* **Exact numbers.** A value an editor wrote is read as the decimal they wrote (see
  :func:`as_written`); a share is the exact fraction of its counts. Sums and means are exact
  (Python integers and :class:`~fractions.Fraction`); nothing is rounded here. Rounding for
  display is half-up, once, in ``formatting``.
* **Suppression at the unit** (:func:`tidy`). A group is suppressed when it is marked so in the
  source (``too_few``, ``rounded``) or has fewer than ``min_group`` pupils. If the total is
  suppressed, all its groups go (girls + boys would give it back); if one gender group is
  suppressed, the other goes too (total − boys would give girls back; Skolverket: "the other
  gender is then also suppressed"). A group given as a value without counts follows its total's
  size. A figure marked ``missing`` or ``no_grade`` simply has no value: it hides nothing.
* **Catalogue groups** (``groups`` of a result, e.g. "exklusive nyanlända") are parts of the total:
  one goes with its total, and goes alone when the total less the group is 1 to ``min_group`` − 1
  pupils (``figures.small_rests``: that rest would be a small group anyone can subtract their way
  to). The total stays. The same holds for each aggregate (:func:`_suppress_rests`).
* **Aggregates only from published figures** (:func:`aggregate`). A municipal figure, and a
  unit's figure over all its stages, is a sum over published unit figures only, so everything
  it says can already be added up from what is published: it cannot give back a suppressed
  group, whatever other published figure it is set against. What was left out is counted, by
  reason, in the figure's coverage. As a safety net an aggregate whose own denominator is below
  ``min_group`` is suppressed too, and then its complement as above.
* **One meaning per key.** Stage ``""`` is "no stage given" (a unit's rows without a stage);
  :data:`ALL_STAGES` is "every stage pooled", including rows without a stage. A figure for the
  municipality as a whole is asked for with ``ALL_STAGES``.
* **Official figures apart.** The municipality's official figures (``municipality.yaml``'s
  ``results``, see ``official``) are never in the tidy table, an aggregate or a coverage count;
  :meth:`Results.official` gives them beside the computed :meth:`Results.municipality`.
"""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction

import numpy as np
import pandas as pd

from ..domain import MIN_GROUP
from ..model import Content, Indicator
from . import official
from . import references as reference_series
from ..domain import ALL_STAGES
from ..domain import GROUPS
from .figures import (COMPLEMENT, HIDES, MISSING, NO_COUNTS, REASONS, SUPPRESSED, TOO_FEW, Figure, _written,
                      group_statuses, hidden_groups)

KEYS = ["school_year", "indicator", "stage", "window", "group"]
COLUMNS = ["unit", *KEYS, "numerator", "denominator", "value", "status", "suppressed", "mantissa", "places"]


# -- the tidy table ----------------------------------------------------------

def tidy(content: Content, min_group: int = MIN_GROUP, memo: dict | None = None) -> pd.DataFrame:
    """unit × year × indicator × stage × window × group → numerator, denominator, value.

    ``value`` (a float, for charts) is computed from the counts for ratio indicators, else taken
    as written; a written value is also kept exactly as ``mantissa`` / 10^``places`` (``places``
    = decimals as written), for exact sums (:func:`exact_values` gives the exact values). A
    suppressed figure (see the module's rules) keeps its row (pages show "..") but loses its
    numbers, so it can never reach an aggregate, a chart or a download.

    ``memo``, a dict kept between calls (mkdocs serve): the rows of a plan that is the very same
    object as last time (the model reuses unchanged files' plans), under the same rules, are not made again.
    """
    rules = (frozenset(i for i, ind in content.indicators.items() if ind.aggregation == "ratio"), min_group)
    fresh: dict[int, tuple] = {}
    rows = []
    for (unit, school_year), plan in content.unit_years.items():
        hit = memo.get(id(plan)) if memo is not None else None
        if hit is None or hit[0] is not plan or hit[1] != rules:
            hit = (plan, rules, _plan_rows(unit, school_year, plan, *rules))
        fresh[id(plan)] = hit
        rows += hit[2]
    if memo is not None:
        memo.clear()
        memo.update(fresh)
    columns = dict(zip(COLUMNS, map(list, zip(*rows)))) if rows else {c: [] for c in COLUMNS}
    dtypes = {"numerator": "float64", "denominator": "float64", "value": "float64", "suppressed": bool,
              "mantissa": object, "places": "float64"}  # a mantissa may pass 2^53: Python ints, exact
    return pd.DataFrame({c: pd.Series(columns[c], dtype=dtypes.get(c, "str")) for c in COLUMNS})



def _plan_rows(unit: str, school_year: str, plan, ratios: frozenset[str], min_group: int) -> list[tuple]:
    """One unit-year's rows of the tidy table (``ratios``: the indicators whose value is computed from counts)."""
    rows = []
    for result in plan.results:
        ratio = result.indicator in ratios
        figures = result.figures()
        statuses = group_statuses(figures, min_group)
        private = hidden_groups(statuses, HIDES.__contains__)
        for group, fig in figures:
            status = statuses[group] or (COMPLEMENT if group in private else "")
            key = (unit, school_year, result.indicator, result.stage, result.window, group)
            if status:
                rows.append((*key, None, None, None, status, group in private, None, None))
                continue
            numerator, denominator, number, mantissa, places = fig.numerator, fig.denominator, None, None, None
            if ratio and numerator is not None and denominator:
                number = 100 * numerator / denominator
            elif fig.value is not None:
                number = float(fig.value)
                mantissa, places = _written(fig.value)
            rows.append((*key, numerator, denominator, number, "", False, mantissa, places))
    return rows

# -- aggregates ----------------------------------------------------------------

def _reasons(table: pd.DataFrame, rules: pd.Series) -> pd.Series:
    """Per row: "" if it counts in an aggregate under its indicator's rule, else why not."""
    has_counts = table["numerator"].notna() & table["denominator"].notna()
    has_value = table["value"].notna()
    usable = np.select([rules == "ratio", rules == "weighted_mean", rules == "mean"],
                       [has_counts, has_value & table["denominator"].notna(), has_value], default=False)
    status = table["status"]
    return pd.Series(np.select(
        [status.isin(["too_few"]), status.isin(["rounded", COMPLEMENT]), status != "", usable],
        [TOO_FEW, SUPPRESSED, MISSING, ""], default=NO_COUNTS), index=table.index)


def prepare(table: pd.DataFrame, indicators: dict[str, Indicator]) -> pd.DataFrame:
    """The rows that aggregates are made of (indicators with a rule other than ``none``), each
    with its ``rule`` and ``reason`` (why it is left out, "" if it counts)."""
    rules = table["indicator"].map({i: ind.aggregation for i, ind in indicators.items()}).fillna("none")
    keep = rules != "none"
    rows = table[keep].copy()
    rows["rule"] = rules[keep]
    rows["reason"] = _reasons(rows, rows["rule"])
    for key in ("unit", "school_year", "indicator", "stage", "group", "reason"):  # grouped on many times:
        rows[key] = rows[key].astype("category")  # factorised once
    return rows


def aggregate(table: pd.DataFrame, indicators: dict[str, Indicator], min_group: int = MIN_GROUP,
              by: tuple[str, ...] = ("school_year", "indicator", "stage", "group")) -> pd.DataFrame:
    """Municipality figures per ``by`` from the tidy table: :func:`combine` on :func:`prepare`'d
    rows, with ``units`` (the units counted) as well."""
    out = combine(prepare(table, indicators), list(by), min_group)
    return out.assign(units=out["units_covered"])


def combine(rows: pd.DataFrame, by: list[str], min_group: int = MIN_GROUP) -> pd.DataFrame:
    """Figures per ``by`` from prepared unit rows (:func:`prepare`), with their coverage.

    ratio: sum of numerators / sum of denominators; weighted_mean: values weighted by their
    denominators; mean: plain mean of values (a value without counts counts here). Never a mean
    of percentages unless the indicator says ``mean``. Exact: columns ``value`` (Fraction),
    ``numerator`` and ``denominator`` (int) are objects.
    """
    out = rows.drop_duplicates(by).loc[:, by + ["rule"]].set_index(by)
    counted = rows[rows["reason"] == ""].copy()
    counted["n"] = counted["numerator"].where(counted["rule"] == "ratio")
    counted["d"] = counted["denominator"].where(counted["rule"] != "mean")
    counted["d_mean"] = counted["denominator"].where(counted["rule"] == "mean")
    # Written values as integers at one common scale, so that their sums are exact; Python ints
    # in object columns (pandas sums them as ints), zero where a row has no written value.
    written = (counted["mantissa"].notna() & (counted["rule"] != "ratio")).tolist()
    places = int(counted["places"][written].max()) if any(written) else 0
    scale = 10 ** places
    s = [int(m) * 10 ** (places - int(p)) if w else 0
         for w, m, p in zip(written, counted["mantissa"].tolist(), counted["places"].tolist())]
    counted["s"] = pd.Series(s, index=counted.index, dtype=object)
    counted["sd"] = pd.Series([x * int(d) if w and d == d else 0 for w, x, d in zip(
        written, s, counted["denominator"].tolist())], index=counted.index, dtype=object)
    counted["k"] = np.array(written, dtype="int64")
    groups = counted.groupby(by, sort=False, dropna=False)
    sums = groups[["n", "d", "d_mean"]].sum(min_count=1)
    sums[["s", "sd", "k"]] = groups[["s", "sd", "k"]].sum()
    sums["d_all"] = groups["denominator"].count() == groups.size()
    out = out.join(sums)
    values, numerators, denominators = [], [], []
    for rule, n, d, d_mean, s, sd, k, d_all in zip(out["rule"], out["n"], out["d"], out["d_mean"], out["s"],
                                                  out["sd"], out["k"], out["d_all"]):
        value = numerator = denominator = None
        if rule == "ratio" and d == d and d:
            numerator, denominator = int(n), int(d)
            value = Fraction(100 * numerator, denominator)
        elif rule == "weighted_mean" and d == d and d:
            denominator = int(d)
            value = Fraction(sd, scale * denominator)
        elif rule == "mean" and k == k and k:
            value = Fraction(s, scale * int(k))
            denominator = int(d_mean) if d_all is True and d_mean == d_mean else None
        values.append(value)
        numerators.append(numerator)
        denominators.append(denominator)
    out = out.loc[:, ["rule"]].assign(exact=values, numerator=numerators, denominator=denominators)
    out = _suppress_small(out.join(_coverage(rows, by)).reset_index(), by, min_group)
    # like the tidy table: float value (charts, downloads), float counts (exact below 2^53)
    out["value"] = [None if v is None else float(v) for v in out["exact"].tolist()]
    for column in ("value", "numerator", "denominator"):
        out[column] = out[column].astype("float64")
    return out


def _coverage(rows: pd.DataFrame, by: list[str]) -> pd.DataFrame:
    """Per ``by``: units reporting, units counted and units left out per reason.

    Units, not rows: in a figure over all stages, a unit with one stage counted and another
    suppressed is counted as covered and as left out."""
    units = rows.drop_duplicates(by + ["unit", "reason"])
    per_reason = units.groupby(by + ["reason"], sort=False, dropna=False).size().unstack("reason", fill_value=0)
    per_reason = per_reason.reindex(columns=["", *REASONS], fill_value=0)
    per_reason.columns = ["units_covered", *(f"left_out_{r}" for r in REASONS)]
    reporting = rows.drop_duplicates(by + ["unit"]).groupby(by, sort=False, dropna=False).size()
    return per_reason.assign(units_reporting=reporting)


def _suppress_small(out: pd.DataFrame, by: list[str], min_group: int) -> pd.DataFrame:
    """Suppress aggregates below ``min_group`` and those that would give one back (as for units)."""
    size = pd.to_numeric(out["denominator"], errors="coerce")
    nothing = out["exact"].isna() & (out["left_out_too_few"] + out["left_out_suppressed"] > 0)
    small = (size < min_group) | nothing
    out["status"] = np.where(small, "too_few", "")
    base = [k for k in by if k != "group"]
    if base and "group" in by:
        gender = out["group"].isin(["girls", "boys"])
        by_base = lambda flags: flags.groupby([out[k] for k in base], sort=False).transform("any")  # noqa: E731
        total_small = by_base(small & (out["group"] == "total"))
        gender_small = by_base(small & gender)
        out.loc[~small & gender & (total_small | gender_small), "status"] = COMPLEMENT
        _suppress_rests(out, base, small, min_group)
    out["suppressed"] = out["status"] != ""
    out.loc[out["suppressed"], ["exact", "numerator", "denominator"]] = None
    return out


def _suppress_rests(out: pd.DataFrame, base: list[str], small: pd.Series, min_group: int) -> None:
    """A catalogue group's aggregate goes with its total (if the total is small) and when the total
    less the group is a small group (1 to ``min_group`` − 1 pupils; see ``figures.small_rests``)."""
    other = ~out["group"].isin(GROUPS)
    if not other.any():
        return
    keys = [out[k] for k in base]
    is_total = out["group"] == "total"
    total_small = small.where(is_total, False).groupby(keys, sort=False).transform("any")
    size = pd.to_numeric(out["denominator"], errors="coerce")
    total_size = size.where(is_total).groupby(keys, sort=False).transform("max")
    rest = total_size - size
    hide = other & ~small & (total_small | ((rest > 0) & (rest < min_group)))
    out.loc[hide, "status"] = COMPLEMENT


def exact_values(table: pd.DataFrame) -> list[Fraction | None]:
    """The exact value of each row of the tidy table (or a part of it): percent from the counts
    where the row's float ``value`` was computed from them, else the value as written."""
    out = []
    for n, d, number, m, p in zip(table["numerator"].tolist(), table["denominator"].tolist(), table["value"].tolist(),
                                  table["mantissa"].tolist(), table["places"].tolist()):
        if m is not None and m == m:
            out.append(Fraction(int(m), 10 ** int(p)))
        elif number == number and n == n and d == d and d:
            out.append(Fraction(100 * int(n), int(d)))
        else:
            out.append(None)
    return out


def _figures(frame: pd.DataFrame, keys: list[str]) -> dict[tuple, Figure]:
    """key columns → Figure for aggregates, whole columns at a time."""
    def numbers(name):
        return [None if v is None or (type(v) is float and v != v) else v for v in frame[name].tolist()]

    def counts(name):
        return [None if v is None else int(v) for v in numbers(name)]

    figures = map(Figure._make, zip(
        numbers("exact"), counts("numerator"), counts("denominator"), frame["suppressed"].tolist(),
        frame["status"].tolist(), [None] * len(frame),
        *(frame[c].astype("int64").tolist() for c in ("units_covered", "units_reporting",
                                                      *(f"left_out_{r}" for r in REASONS)))))
    return dict(zip(zip(*(frame[k].tolist() for k in keys)), figures))


class UnitFigures(Mapping):
    """(unit, year, indicator, stage, group) → the unit's Figure, built on first look-up.

    A large site has 100 000 unit figures and a page looks up a few dozen; building them all
    up front (an exact Fraction each) was most of the analysis."""

    def __init__(self, table: pd.DataFrame):
        keys = zip(*(table[k].tolist() for k in ("unit", "school_year", "indicator", "stage", "group")))
        self._row = {key: i for i, key in enumerate(keys)}
        self._columns = [table[c].tolist() for c in ("numerator", "denominator", "value", "mantissa", "places",
                                                     "status", "suppressed")]
        self._built: dict[tuple, Figure] = {}

    def __getitem__(self, key: tuple) -> Figure:
        figure = self._built.get(key)
        if figure is None:
            figure = self._built[key] = self._figure(self._row[key])
        return figure

    def get(self, key: tuple, default=None):
        return self[key] if key in self._row else default

    def __contains__(self, key) -> bool:
        return key in self._row

    def __iter__(self):
        return iter(self._row)

    def __len__(self) -> int:
        return len(self._row)

    def _figure(self, i: int) -> Figure:
        n, d, number, m, p, status, suppressed = (c[i] for c in self._columns)
        n = None if n != n else int(n)
        d = None if d != d else int(d)
        value = decimals = None
        if m is not None and m == m:  # as written
            value, decimals = Fraction(int(m), 10 ** int(p)), int(p)
        elif number == number and n is not None and d:  # computed from the counts (ratio)
            value = Fraction(100 * n, d)
        return Figure(value, n, d, bool(suppressed), status, decimals, int(value is not None), 1)


class Results:
    """The tidy table and every aggregate, indexed for the pages' look-ups.

    ``units``: (unit, year, indicator, stage, group) → a unit's own Figure, stage as given ("" if
    none). ``towns``: (year, indicator, stage, group) → the municipality's Figure per stage as
    given and over ``ALL_STAGES``. As tables (float ``value``, exact ``exact``, coverage columns):
    ``municipal`` per stage as given, ``pooled`` over all stages (``stage`` is ``ALL_STAGES``).
    ``officials``: (year, indicator, stage, group) → the municipality's official figure (``official``),
    stage ``ALL_STAGES`` where the source gives none; ``official_table`` the same as a table.
    """

    def __init__(self, content: Content, min_group: int = MIN_GROUP, memo: dict | None = None):
        self.min_group = min_group
        self.indicators = content.indicators
        self.table = tidy(content, min_group, memo)  # ``memo``: see tidy
        self.rows = prepare(self.table, content.indicators)
        self.units = UnitFigures(self.table)
        by_stage = combine(self.rows, ["school_year", "indicator", "stage", "group"], min_group)
        pooled = combine(self.rows, ["school_year", "indicator", "group"], min_group)
        pooled.insert(2, "stage", ALL_STAGES)
        self.municipal, self.pooled = by_stage, pooled
        self.towns = _figures(pd.concat([by_stage, pooled], ignore_index=True),
                              ["school_year", "indicator", "stage", "group"])
        # A unit's figure over all its stages: pooled where it has several rows, else its only row.
        unit_key = ["unit", "school_year", "indicator", "group"]
        size = self.table.groupby(unit_key, sort=False)["stage"].transform("size")
        several = size.loc[self.rows.index] > 1
        self.unit_pooled = _figures(combine(self.rows[several], unit_key, min_group), unit_key)
        one = self.table[size == 1]
        self._only_stage = dict(zip(zip(*(one[k].tolist() for k in unit_key)), one["stage"].tolist()))
        self._included: dict | None = None
        self.officials = official.officials(content, self.towns, min_group)
        self.official_table = official.table(self.officials)
        self.references = reference_series.references(content, min_group)  # never in any figure above
        self.reference_table = reference_series.table(self.references)

    def official(self, year: str, indicator: str, stage: str, group: str = "total"):
        """The municipality's official figure (an ``official.Official``: figure, source, scope, window,
        note) or None. ``ALL_STAGES`` for one given without a stage (the municipality as a whole)."""
        return self.officials.get((year, indicator, stage, group))

    def reference(self, year: str, indicator: str, stage: str, series: str, group: str = "total"):
        """A reference series' figure (a ``references.Reference``: figure, source, window, note) or None."""
        return self.references.get((year, indicator, stage, series, group))

    def unit(self, unit: str, year: str, indicator: str, stage: str, group: str = "total") -> Figure | None:
        """A unit's figure, or None if not reported. ``stage``: as given ("" for none) or ``ALL_STAGES``."""
        if stage != ALL_STAGES:
            return self.units.get((unit, year, indicator, stage, group))
        pooled = self.unit_pooled.get((unit, year, indicator, group))
        if pooled is not None:
            return pooled
        stage = self._only_stage.get((unit, year, indicator, group))
        return None if stage is None else self.units[(unit, year, indicator, stage, group)]

    def municipality(self, year: str, indicator: str, stage: str, group: str = "total") -> Figure | None:
        """The municipality's figure from the units' published figures. ``ALL_STAGES`` for the
        municipality as a whole; a stage (or "" for rows without one) for that part of it."""
        return self.towns.get((year, indicator, stage, group))

    def covered(self, year: str, indicator: str, stage: str, group: str = "total",
                unit: str | None = None) -> frozenset[tuple[str, str]]:
        """The (unit, stage) figures counted in the municipality's figure, or with ``unit`` in that
        unit's own figure over ``ALL_STAGES``; empty if the figure is suppressed or missing."""
        if self._included is None:
            counted = self.rows[self.rows["reason"] == ""]
            index: dict[tuple, set] = {}
            for y, i, s, g, u in zip(*(counted[k].tolist() for k in ("school_year", "indicator", "stage",
                                                                      "group", "unit"))):
                index.setdefault((y, i, s, g), set()).add((u, s))
                index.setdefault((y, i, ALL_STAGES, g), set()).add((u, s))
            self._included = {k: frozenset(v) for k, v in index.items()}
        figure = self.municipality(year, indicator, stage, group) if unit is None else \
            self.unit(unit, year, indicator, stage, group)
        if figure is None or figure.suppressed:
            return frozenset()
        pairs = self._included.get((year, indicator, stage, group), frozenset())
        return pairs if unit is None else frozenset(p for p in pairs if p[0] == unit)

    def same_units(self, year: str, other: str, indicator: str, stage: str, group: str = "total") -> bool:
        """True if the municipality's figures in two years count the same units (and stages)."""
        return self.covered(year, indicator, stage, group) == self.covered(other, indicator, stage, group)
