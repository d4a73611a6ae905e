"""Did it work? A programme's participants against comparable units that do not take part.

For each programme (``content/programmes.yaml``) and each indicator it targets that is a share of
counts (aggregation ``ratio``), per stage as reported:

* **Groups.** Participants are the programme's units; the others are the units outside it whose
  school forms meet the comparable forms (the indicator's school forms among the participants', or
  the participants' own if the indicator names none) and that report the same indicator and stage.
* **Years and direction.** When the programme's effect chain speaks of the indicator (``chain_step``: the
  step that names it, ``results`` first; else a ``results`` step that names no indicator), its baseline
  (a school year, or a window pooled as one), its follow-up years and its expected direction are used;
  what it leaves out falls back to the default: the school year before the one the programme starts in
  (a start in the middle of a school year counts from that school year), each later school year with
  data, and the indicator's own direction ("maintain" keeps the indicator's too).
* **A fixed set of units per comparison (a balanced panel).** Each comparison, the baseline against one
  later year, uses in each group only the units with published counts (``reason`` "") for the indicator and
  stage in both: in every year of a baseline window in which the indicator is reported at that stage (a
  year nobody reports, e.g. a survey given every other year, asks nothing of a unit), and in the later year.
  So a change cannot come from units joining or leaving. The group's other units reporting the indicator in
  one of those years are left out and counted per group and comparison (``Left``): ``suppressed`` when one
  of their figures in those years is hidden (too few pupils, protected), else ``no_figure`` (not reported
  that year, marked missing, or without counts). The page's table shows, per comparison, each group's
  panel share in the baseline → in the later year (and pupils in both), so the change in a row can be read
  off that row; ``rows[0]`` (the baseline as every reporting unit published it) stays in the analysis (it
  says the baseline has data, before any follow-up year) but is not shown beside the panels, since two
  baseline figures in one table would be read as one. The interval is computed on the panel's counts.
* **Pooling** with the site's own rules (``results.combine`` on ``results.prepare``'d rows): only published
  unit figures are summed, so no pooled figure can give a suppressed one back, and a panel's figure is a
  sum over a subset of the very published figures the all-units figure sums: what separates the two (a unit
  that joined, one suppressed in the other year) is itself a sum of published unit figures, never a
  suppressed one (``tests/leaks.py`` puts the panels' sums into its solver). A pooled figure below
  ``MIN_GROUP`` pupils is suppressed by ``combine`` (it cannot happen with published units, but it holds).
  A group below ``MIN_GROUP`` pupils or with fewer than two units in the panel is "too few".
* **The chart's series** (``trend``) is the one set of units with published counts in every year of the
  table (window years and follow-up years), so that a line moving between two years never moves because the
  units changed; where that set is smaller than a comparison's panel the page says so. We chose this over
  drawing every year's all-units figure next to a panel table: a committee member reads the lines' rise as
  the change, and all-units lines could rise where the table's fixed units did not.
* **Difference in differences**: (participants after − before) − (others after − before), in
  procentenheter, with a 95 % interval from a binomial GLM with identity link on the four cells'
  counts (statsmodels; imported only when there is something to compute). Exact shares are
  Fractions; rounding for display is in ``formatting``.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from fractions import Fraction
from weakref import WeakKeyDictionary

from ..domain import MIN_GROUP, previous_school_year, school_year_of_date
from ..model import Content, EffectStep, Programme
from .figures import SUPPRESSED as SUPPRESSED_REASON, TOO_FEW as TOO_FEW_REASON
from .results import Results, combine

# Verdicts (codes; words in labels.EFFECT_VERDICTS)
CLEAR, WRONG_WAY, UNCERTAIN, TOO_FEW, NO_OTHERS, NO_COUNTS, NO_DATA, EDGE, NOT_YET = (
    "clear", "wrong_way", "uncertain", "too_few", "no_others", "no_counts", "no_data", "edge", "not_yet")
MIN_UNITS = 2
BETTER_OF_DIRECTION = {"increase": "higher", "decrease": "lower"}


@dataclass(frozen=True)
class Pooled:
    """One group's pooled figure in one school year, and what it covers."""
    share: Fraction | None  # percent; None when too few or nothing reported
    numerator: int | None
    denominator: int | None
    units: int  # units counted
    left_out: int  # units reporting whose figure is not published (too few pupils, protected, missing)

    @property
    def usable(self) -> bool:
        return self.share is not None and self.units >= MIN_UNITS


@dataclass(frozen=True)
class Left:
    """Units of a group left out of a comparison's panel, by reason."""
    no_figure: int = 0  # no published counts in one of the years: not reported, marked missing, no counts
    suppressed: int = 0  # a figure hidden in one of the years: too few pupils or protected

    @property
    def total(self) -> int:
        return self.no_figure + self.suppressed


@dataclass(frozen=True)
class YearRow:
    """The baseline row (``rows[0]``: every unit reporting, as published that year) or a comparison: the
    panel's figures in the later year (``participants``, ``others``) and in the baseline (``*_before``)."""
    year: str
    participants: Pooled
    others: Pooled
    change_participants: Fraction | None = None  # procentenheter, exact
    change_others: Fraction | None = None
    did: Fraction | None = None
    low: float | None = None  # 95 % interval of ``did``, procentenheter
    high: float | None = None
    participants_before: Pooled | None = None  # the panel in the baseline (None on the baseline row)
    others_before: Pooled | None = None
    left_participants: Left = Left()
    left_others: Left = Left()


@dataclass(frozen=True)
class IndicatorEffect:
    indicator: str
    stage: str
    verdict: str
    baseline: str = ""
    rows: tuple[YearRow, ...] = ()
    participants: tuple[str, ...] = ()  # unit ids reporting the indicator
    others: tuple[str, ...] = ()
    forms: tuple[str, ...] = ()  # the school forms compared
    better: str = "higher"
    plan: Plan | None = None
    trend: tuple[YearRow, ...] = ()  # the chart: per year of the table, the units present in all of them
    trend_units: tuple[int, int] = (0, 0)  # how many units that is (participants, others)


@dataclass(frozen=True)
class Plan:
    """What an indicator's effect is measured against: the baseline window (first, last school year), the
    follow-up years (() = every later year with data) and which way is better, each with where it comes
    from: ``step`` is the chain's step that gave the baseline and follow-up ("" = the default), and
    ``direction_from_chain`` whether the chain gave the direction."""
    window: tuple[str, str]
    follow_up: tuple[str, ...] = ()
    better: str = "higher"
    step: str = ""
    direction_from_chain: bool = False

    @property
    def label(self) -> str:
        """"2022/23", or "2019/20–2021/22" for a window (the table's first row)."""
        first, last = self.window
        return first if first == last else f"{first}–{last}"


def baseline_year(programme: Programme) -> str:
    """The school year before the one the programme starts in."""
    return previous_school_year(school_year_of_date(programme.start))


def chain_step(programme: Programme, indicator: str) -> EffectStep | None:
    """The step of the programme's effect chain that speaks of ``indicator``: the ``results`` step or else the
    last step that names it; without one, a ``results`` step that names no indicator (it speaks of all)."""
    naming = [s for s in programme.effect_chain if indicator in s.indicators]
    if naming:
        return next((s for s in naming if s.step == "results"), naming[-1])
    return next((s for s in programme.effect_chain if s.step == "results" and not s.indicators), None)


def plan(programme: Programme, indicator_id: str, better: str) -> Plan:
    """The baseline, follow-up years and direction for one indicator of the programme (see the module)."""
    step = chain_step(programme, indicator_id)
    chained = step is not None and step.baseline_years is not None
    window = step.baseline_years if chained else (baseline_year(programme),) * 2
    chain_better = BETTER_OF_DIRECTION.get(step.direction if step else "")
    return Plan(tuple(window), tuple(sorted(step.follow_up)) if chained else (), chain_better or better,
                step.step if chained else "", chain_better is not None)


def saturated_interval(counts: list[tuple[int, int]], design: list[list[float]], term: int,
                       level: float = 0.95) -> tuple[float, float, float]:
    """(estimate, low, high) of coefficient ``term``, as a proportion, in a binomial GLM with identity link on
    the (numerator, denominator) of each row of ``design``: saturated, so the estimate is exactly the difference
    it stands for, with its Wald interval from statsmodels."""
    import warnings

    import numpy as np  # lazily, with statsmodels: the site build pays nothing without something to measure
    import statsmodels.api as sm

    endog = np.array([[n, d - n] for n, d in counts], dtype=float)
    family = sm.families.Binomial(link=sm.families.links.Identity())
    with warnings.catch_warnings():  # identity link, saturated model: its known and harmless warnings
        warnings.simplefilter("ignore")
        fit = sm.GLM(endog, np.array(design, dtype=float), family=family).fit()
        low, high = fit.conf_int(alpha=1 - level)[term]
    return float(fit.params[term]), float(low), float(high)


def did_interval(cells: dict[tuple[int, int], tuple[int, int]], level: float = 0.95) -> tuple[float, float, float]:
    """(estimate, low, high) of the difference in differences, as proportions, from the four cells'
    (numerator, denominator) keyed by (participant, after) ∈ {0, 1}²: the interaction term of a saturated
    model (the difference of the shares' changes)."""
    keys = sorted(cells)
    return saturated_interval([cells[k] for k in keys], [[1, g, t, g * t] for g, t in keys], 3, level)


def _pooled(frame, years: list[str], min_group: int) -> dict[str, Pooled]:
    out = {}
    if len(frame):
        table = combine(frame, ["school_year"], min_group)
        for row in table.itertuples():
            share = None if row.exact is None or row.exact != row.exact else Fraction(row.exact)
            left = int(row.left_out_too_few + row.left_out_suppressed + row.left_out_missing + row.left_out_no_counts)
            out[row.school_year] = Pooled(share, None if share is None else int(row.numerator),
                                          None if share is None else int(row.denominator), int(row.units_covered), left)
    return {y: out.get(y, Pooled(None, None, None, 0, 0)) for y in years}


_MEMOS: WeakKeyDictionary = WeakKeyDictionary()  # Results → its pooled baselines and comparisons, once each


def _remember(memo: dict, key: tuple, compute):
    if key not in memo:
        memo[key] = compute()
    return memo[key]


def indicator_effects(content: Content, results: Results, programme: Programme,
                      min_group: int = MIN_GROUP, until: str | None = None) -> list[IndicatorEffect]:
    """The effect analysis of one programme, one entry per (indicator, stage); ``until``: only school years up
    to it (a year's summary says what was known that year)."""
    out = []
    members = set(programme.units)
    rows = results.rows
    try:
        memo = _MEMOS.setdefault(results, {})
    except TypeError:  # a stand-in for Results (in a test) that cannot be weakly referred to: no memo
        memo = {}
    for indicator_id in programme.indicators:
        indicator = content.indicators.get(indicator_id)
        if indicator is None:
            continue
        measured = plan(programme, indicator_id, indicator.better)
        base, (first, last) = measured.label, measured.window
        if indicator.aggregation != "ratio":
            out.append(IndicatorEffect(indicator_id, "", NO_COUNTS, base, better=measured.better, plan=measured))
            continue
        reported = rows[(rows["indicator"] == indicator_id) & (rows["group"] == "total")]
        # the stages the participants report in any year, so that each is there whichever years are looked at
        stages = sorted({str(s) for s, u in zip(reported["stage"].tolist(), reported["unit"].tolist()) if u in members})
        school_years = reported["school_year"].astype(str)
        mine = reported[(school_years >= first) & ((school_years <= until) if until else True)]
        # the baseline window's years are pooled as one (its label); then the follow-up years
        mine = mine.assign(year_as_reported=mine["school_year"].astype(str),
                           school_year=[base if y <= last else y for y in mine["school_year"].astype(str)])
        if measured.follow_up:
            mine = mine[mine["school_year"].isin((base, *measured.follow_up))]
        member_forms = {f for u in members if u in content.units for f in content.units[u].school_forms}
        forms = (set(indicator.school_forms) & member_forms) if indicator.school_forms else member_forms
        comparable = {u for u, unit in content.units.items()
                      if u not in members and forms & set(unit.school_forms)}
        for stage in stages:
            here = mine[mine["stage"] == stage]
            unit_col = here["unit"].astype(str)
            part_rows, other_rows = here[unit_col.isin(members)], here[unit_col.isin(comparable)]
            years = sorted(set(here["school_year"].astype(str)))
            years = [base] + [y for y in years if y != base]
            common = dict(indicator=indicator_id, stage=stage, baseline=base, forms=tuple(sorted(forms)),
                          participants=tuple(sorted(set(part_rows["unit"].astype(str)))),
                          others=tuple(sorted(set(other_rows["unit"].astype(str)))), better=measured.better,
                          plan=measured)
            if base not in set(here["school_year"]):
                out.append(IndicatorEffect(verdict=NO_DATA, **common))
                continue
            window = sorted(set(here.loc[here["school_year"] == base, "year_as_reported"]))
            # a group's pooled baseline and each comparison depend on its rows of those years only, so the year
            # summaries (``until``) and the programme page share them (``memo``)
            key = (frozenset(members), frozenset(comparable), indicator_id, stage, base, min_group)
            p, o = (_remember(memo, (*key, side), lambda f=frame: _pooled(f[f["school_year"] == base], [base],
                                                                          min_group)[base])
                    for side, frame in (("p", part_rows), ("o", other_rows)))
            table = [YearRow(base, p, o)]
            for year in years[1:]:
                reported = window + [year]
                (p0, p1, left_p), (o0, o1, left_o) = (
                    _remember(memo, (*key, side, year), lambda f=frame: _panel(f, base, year, reported, min_group))
                    for side, frame in (("p", part_rows), ("o", other_rows)))
                row = YearRow(year, p1, o1, participants_before=p0, others_before=o0,
                              left_participants=left_p, left_others=left_o)
                if p0.usable and p1.usable:
                    row = _with_changes(row, p0, o0)
                table.append(row)
            # the chart's series, for the programme page (a year's summary has no chart)
            trend, sizes = _trend(part_rows, other_rows, years, window + years[1:], min_group) if not until else ((), ())
            if not len(other_rows):
                verdict = NO_OTHERS
            elif len(table) == 1:
                verdict = NOT_YET
            else:
                verdict = _verdict(table[-1], measured.better)
            out.append(IndicatorEffect(verdict=verdict, rows=tuple(table), trend=trend, trend_units=sizes, **common))
    return out


def _present(frame, years: list[str]) -> set[str]:
    """The units with published counts (reason "") in each of ``years`` (as reported)."""
    counted = frame[frame["reason"] == ""]
    found = [set(counted.loc[counted["year_as_reported"] == y, "unit"].astype(str)) for y in years]
    return set.intersection(*found) if found else set()


def _panel(frame, base: str, year: str, reported: list[str], min_group: int) -> tuple[Pooled, Pooled, Left]:
    """One group's comparison of ``base`` with ``year`` on the units present in all of ``reported`` (the
    baseline window's years and ``year``): (before, after, left out)."""
    present = _present(frame, reported)
    these = frame[frame["year_as_reported"].isin(reported)]
    units = these["unit"].astype(str)
    hidden = set(units[these["reason"].isin([TOO_FEW_REASON, SUPPRESSED_REASON])])
    absent = set(units) - present
    pooled = _pooled(these[units.isin(present)], [base, year], min_group)
    return pooled[base], pooled[year], Left(len(absent - hidden), len(absent & hidden))


def _trend(part_rows, other_rows, years: list[str], reported: list[str], min_group: int):
    """The chart's series: each year of the table pooled over the units present in every one of them."""
    pooled, sizes = [], []
    for frame in (part_rows, other_rows):
        present = _present(frame, reported)
        pooled.append(_pooled(frame[frame["unit"].astype(str).isin(present)], years, min_group))
        sizes.append(len(present))
    return tuple(YearRow(y, pooled[0][y], pooled[1][y]) for y in years), tuple(sizes)


def _with_changes(row: YearRow, p0: Pooled, o0: Pooled) -> YearRow:
    """The row with the changes from the panel's baseline (``p0``, ``o0``), the difference and its interval."""
    p1, o1 = row.participants, row.others
    change_p = p1.share - p0.share
    if not (o0.usable and o1.usable):
        return replace(row, change_participants=change_p)
    change_o = o1.share - o0.share
    changed = replace(row, change_participants=change_p, change_others=change_o, did=change_p - change_o)
    cells = {(1, 0): (p0.numerator, p0.denominator), (1, 1): (p1.numerator, p1.denominator),
             (0, 0): (o0.numerator, o0.denominator), (0, 1): (o1.numerator, o1.denominator)}
    if any(n == 0 or n == d for n, d in cells.values()):  # a share of 0 or 100 %: a Wald interval would shrink to
        return changed  # nothing and look certain
    _, low, high = did_interval(cells)
    return replace(changed, low=100 * low, high=100 * high)


def _verdict(last: YearRow | None, better: str) -> str:
    if last is None or last.did is None:
        return TOO_FEW
    if last.low is None:
        return EDGE
    if last.low != last.low or last.high != last.high or (last.low <= 0 <= last.high):
        return UNCERTAIN
    up = last.low > 0
    return WRONG_WAY if (better == "lower" and up) or (better == "higher" and not up) else CLEAR
