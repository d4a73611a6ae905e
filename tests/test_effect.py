"""The effect of a programme: participants against comparable units that do not take part
(``analysis.effect``), and its "Effekt" section on the programme page."""

from __future__ import annotations

import dataclasses
import math
from fractions import Fraction
from pathlib import Path

import pytest
import yaml

from ska import formatting as fmt
from ska import pipeline
from ska.analysis import effect
from ska.analysis.effect import baseline_year, chain_step, did_interval, indicator_effects
from ska.model import EffectStep

from test_site import REPO, build_site, make_project, read, text_of


def test_difference_in_differences_by_hand():
    # participants 40 of 100 → 60 of 100; the others 50 of 100 → 52 of 100
    cells = {(1, 0): (40, 100), (1, 1): (60, 100), (0, 0): (50, 100), (0, 1): (52, 100)}
    shares = {k: Fraction(n, d) for k, (n, d) in cells.items()}
    by_hand = (shares[1, 1] - shares[1, 0]) - (shares[0, 1] - shares[0, 0])
    assert by_hand == Fraction(18, 100)
    estimate, low, high = did_interval(cells)
    assert estimate == pytest.approx(float(by_hand), abs=1e-9)
    assert low < estimate < high
    assert estimate - low == pytest.approx(high - estimate, abs=1e-9)  # identity link: symmetric
    # the Wald interval of four independent shares, which a saturated identity-link GLM gives
    se = math.sqrt(sum(p * (1 - p) / 100 for p in map(float, shares.values())))
    assert (low, high) == pytest.approx((0.18 - 1.959964 * se, 0.18 + 1.959964 * se), abs=1e-5)
    assert (fmt.number(100 * low), fmt.number(100 * high)) == ("−1,4", "37,4")


def test_a_share_of_0_or_100_percent_gives_no_interval_and_no_verdict_of_a_difference():
    """A Wald interval shrinks to nothing at 0 % or 100 % and would look certain: none is shown."""
    p0, o0 = effect.Pooled(Fraction(0), 0, 40, 3, 0), effect.Pooled(Fraction(50), 30, 60, 4, 0)  # percent
    p1, o1 = effect.Pooled(Fraction(50), 20, 40, 3, 0), effect.Pooled(Fraction(50), 30, 60, 4, 0)
    row = effect._with_changes(effect.YearRow("2024/25", p1, o1), p0, o0)
    assert row.did == 50 and row.low is None and row.high is None
    assert effect._verdict(row, "higher") == effect.EDGE


@pytest.fixture(scope="module")
def built():
    return pipeline.build(REPO, use_cache=False)


def _programme(built, programme_id, **changes):
    return dataclasses.replace(built.content.programmes[programme_id], **changes)


def _effect(built, programme, indicator, min_group=10):
    return next(e for e in indicator_effects(built.content, built.results, programme, min_group)
                if e.indicator == indicator)


def _pooled_by_hand(built, units, year, indicator):
    """Numerator and denominator summed straight from the units' published figures."""
    n = d = 0
    for u in units:
        figure = built.results.unit(u, year, indicator, "")
        if figure is not None and not figure.suppressed and figure.denominator:
            n, d = n + figure.numerator, d + figure.denominator
    return n, d


def _published(built, unit, year, indicator):
    figure = built.results.unit(unit, year, indicator, "")
    return figure is not None and not figure.suppressed and bool(figure.denominator)


def test_the_example_programme_compares_the_same_units_in_both_years(built):
    p = built.content.programmes["lasa-for-livet"]
    ind = "minst-e-alla-amnen-ak6"
    e = _effect(built, p, ind)
    assert e.baseline == "2022/23" and e.participants and e.others
    assert not set(e.participants) & set(e.others)
    # Solängsskolan takes part and reports from 2023/24 only: it joins after the baseline and is left out
    assert "solangsskolan" in e.participants and not _published(built, "solangsskolan", "2022/23", ind)
    assert _published(built, "solangsskolan", "2023/24", ind)
    assert e.rows[0].participants.units == 3  # the baseline as published: the three that reported it
    for row in e.rows[1:]:
        for units, before, after, left in ((e.participants, row.participants_before, row.participants,
                                            row.left_participants),
                                           (e.others, row.others_before, row.others, row.left_others)):
            panel = [u for u in units if _published(built, u, "2022/23", ind) and _published(built, u, row.year, ind)]
            assert (before.numerator, before.denominator) == _pooled_by_hand(built, panel, "2022/23", ind)
            assert (after.numerator, after.denominator) == _pooled_by_hand(built, panel, row.year, ind)
            assert before.units == after.units == len(panel)
            assert left == effect.Left(no_figure=len(units) - len(panel))
        assert "solangsskolan" not in [u for u in e.participants if _published(built, u, "2022/23", ind)]
        assert row.left_participants == effect.Left(no_figure=1)
        # the year's all-units figure would have counted Solängsskolan: the panel's is smaller by exactly it
        everyone = _pooled_by_hand(built, e.participants, row.year, ind)
        joined = built.results.unit("solangsskolan", row.year, ind, "")
        assert everyone == (row.participants.numerator + joined.numerator, row.participants.denominator + joined.denominator)
    last = e.rows[-1]
    share = lambda pooled: Fraction(100 * pooled.numerator, pooled.denominator)  # noqa: E731
    by_hand = ((share(last.participants) - share(last.participants_before))
               - (share(last.others) - share(last.others_before)))
    assert last.did == by_hand
    cells = {(1, 0): (last.participants_before.numerator, last.participants_before.denominator),
             (1, 1): (last.participants.numerator, last.participants.denominator),
             (0, 0): (last.others_before.numerator, last.others_before.denominator),
             (0, 1): (last.others.numerator, last.others.denominator)}
    _, low, high = did_interval(cells)  # the interval is the panel's, from its counts
    assert (last.low, last.high) == (100 * low, 100 * high) and last.low < float(by_hand) < last.high


# -- a panel worked by hand ------------------------------------------------------------------------------

def _panel_results(rows):
    """Results-like: the prepared rows of a tidy table written by hand (unit, year, numerator, denominator,
    status), one ratio indicator "ind" without a stage."""
    import pandas as pd
    from types import SimpleNamespace
    from ska.analysis.results import COLUMNS, prepare

    table = []
    for unit, year, n, d, status in rows:
        hidden = bool(status)
        table.append((unit, year, "ind", "", "", "total", None if hidden else n, None if hidden else d,
                      None if hidden else 100 * n / d, status, hidden, None, None))
    frame = pd.DataFrame(table, columns=COLUMNS).astype(
        {"numerator": "float64", "denominator": "float64", "value": "float64", "places": "float64"})
    for c in ("unit", "school_year", "indicator", "stage", "window", "group", "status"):
        frame[c] = frame[c].astype(str)
    indicator = SimpleNamespace(aggregation="ratio", better="higher", school_forms=(), label="ind", name="ind")
    school = SimpleNamespace(school_forms=("grundskola",))
    content = SimpleNamespace(indicators={"ind": indicator}, units={u: school for u in "abcdwxyz"})
    return content, SimpleNamespace(rows=prepare(frame, content.indicators))


def _hand_programme(**changes):
    from types import SimpleNamespace
    fields = dict(units=("a", "b", "c", "d"), indicators=("ind",), start="2023-08", end="", effect_chain=())
    return SimpleNamespace(**{**fields, **changes})


HAND = [
    # participants a, b (both years); c joins in 2023/24; d has the baseline only
    ("a", "2022/23", 20, 40, ""), ("a", "2023/24", 30, 40, ""),
    ("b", "2022/23", 30, 50, ""), ("b", "2023/24", 35, 50, ""),
    ("c", "2023/24", 45, 50, ""),
    ("d", "2022/23", 12, 20, ""),
    # the others x, y (both years); w too few pupils in 2023/24 (suppressed); z no counts in the baseline
    ("x", "2022/23", 25, 50, ""), ("x", "2023/24", 27, 50, ""),
    ("y", "2022/23", 30, 60, ""), ("y", "2023/24", 33, 60, ""),
    ("w", "2022/23", 20, 30, ""), ("w", "2023/24", 0, 0, "too_few"),
    ("z", "2022/23", 0, 0, "missing"), ("z", "2023/24", 40, 50, ""),
]


def test_a_panel_worked_by_hand_leaves_out_a_unit_that_joins_and_one_missing_a_year():
    content, results = _panel_results(HAND)
    [e] = indicator_effects(content, results, _hand_programme(), 10)
    assert e.participants == ("a", "b", "c", "d") and e.others == ("w", "x", "y", "z")
    base, row = e.rows
    # the baseline as published: a, b and d; x, y and w
    assert (base.participants.numerator, base.participants.denominator, base.participants.units) == (62, 110, 3)
    # the comparison: a and b only (c has no baseline, d no 2023/24); x and y only (w hidden, z no baseline)
    assert (row.participants_before.numerator, row.participants_before.denominator) == (50, 90)
    assert (row.participants.numerator, row.participants.denominator, row.participants.units) == (65, 90, 2)
    assert (row.others_before.numerator, row.others_before.denominator) == (55, 110)
    assert (row.others.numerator, row.others.denominator, row.others.units) == (60, 110, 2)
    assert row.left_participants == effect.Left(no_figure=2)
    assert row.left_others == effect.Left(no_figure=1, suppressed=1)
    # participants 50/90 → 65/90: +16,67; the others 55/110 → 60/110: +4,55; the difference 100 · 4/33
    assert row.change_participants == Fraction(100 * 15, 90) and row.change_others == Fraction(100 * 5, 110)
    assert row.did == Fraction(400, 33) and fmt.difference(row.did, "percent") == "+12,1\xa0procentenheter"
    # all units in 2023/24 would have said 110/140 for the participants: c's joining would have looked like a rise
    shares = [Fraction(n, d) for n, d in ((50, 90), (65, 90), (55, 110), (60, 110))]
    se = math.sqrt(sum(float(p * (1 - p)) / d for p, d in zip(shares, (90, 90, 110, 110))))
    assert (row.low, row.high) == pytest.approx((100 * (4 / 33 - 1.959964 * se), 100 * (4 / 33 + 1.959964 * se)),
                                                abs=1e-3)
    assert e.verdict == effect.UNCERTAIN and row.low < 0 < row.high
    # the chart's units are those present in every year of the table: here the same as the comparison's
    assert e.trend_units == (2, 2)
    assert [(r.participants.numerator, r.participants.denominator) for r in e.trend] == [(50, 90), (65, 90)]


def test_a_unit_without_the_baseline_is_left_out_of_every_comparison():
    rows = HAND + [("a", "2024/25", 32, 40, ""), ("b", "2024/25", 36, 50, ""), ("c", "2024/25", 46, 50, ""),
                   ("d", "2024/25", 14, 20, ""), ("x", "2024/25", 28, 50, ""), ("y", "2024/25", 34, 60, ""),
                   ("w", "2024/25", 21, 30, ""), ("z", "2024/25", 41, 50, "")]
    content, results = _panel_results(rows)
    [e] = indicator_effects(content, results, _hand_programme(), 10)
    _, then, now = e.rows
    assert then.left_participants == effect.Left(no_figure=2)  # c without the baseline, d without 2023/24
    assert now.left_participants == effect.Left(no_figure=1)  # c: d is back, c never has the baseline
    assert (now.participants_before.denominator, now.participants.denominator) == (110, 110)  # a, b and d
    assert now.left_others == effect.Left(no_figure=1)  # z; w is back in 2024/25
    assert (now.others_before.denominator, now.others.denominator) == (140, 140)
    # the chart: only the units present in all three years (a, b; x, y)
    assert e.trend_units == (2, 2) and [r.participants.denominator for r in e.trend] == [90, 90, 90]


def test_a_window_baseline_asks_a_unit_for_every_year_of_it_in_which_the_indicator_was_reported():
    rows = HAND + [("a", "2021/22", 19, 40, ""), ("b", "2021/22", 29, 50, ""), ("x", "2021/22", 24, 50, ""),
                   ("y", "2021/22", 29, 60, "")]
    step = EffectStep(step="results", text="t", indicators=("ind",), baseline="2021/22–2022/23", follow_up=("2023/24",))
    content, results = _panel_results([r for r in rows if r[0] != "y" or r[1] != "2021/22"])
    [e] = indicator_effects(content, results, _hand_programme(effect_chain=(step,)), 10)
    row = e.rows[-1]
    assert e.baseline == "2021/22–2022/23"
    assert (row.participants_before.numerator, row.participants_before.denominator) == (19 + 20 + 29 + 30, 180)
    assert row.others.units == 1 and row.left_others == effect.Left(no_figure=2, suppressed=1)  # y lacks 2021/22
    # a year of the window in which nobody reported (a survey every other year) asks nothing of the units
    step = dataclasses.replace(step, baseline="2020/21–2022/23")
    content, results = _panel_results(HAND)
    [e] = indicator_effects(content, results, _hand_programme(effect_chain=(step,)), 10)
    assert e.rows[-1].participants.units == 2 and e.rows[-1].participants_before.denominator == 90


def test_an_empty_comparison_group(built):
    p = built.content.programmes["lasa-for-livet"]
    everyone = tuple(u for u, unit in built.content.units.items() if "grundskola" in unit.school_forms)
    e = _effect(built, dataclasses.replace(p, units=everyone), "minst-e-alla-amnen-ak6")
    assert e.verdict == effect.NO_OTHERS and e.others == ()
    assert all(r.others.share is None and r.did is None for r in e.rows)


def test_too_few_pupils_in_a_group_is_too_few_to_judge(built):
    p = built.content.programmes["lasa-for-livet"]
    e = _effect(built, p, "minst-e-alla-amnen-ak6", min_group=10_000)
    assert e.verdict == effect.TOO_FEW
    assert all(r.participants.share is None and r.did is None for r in e.rows)


def test_one_unit_is_too_few_to_judge(built):
    e = _effect(built, built.content.programmes["lasa-for-livet"], "nationella-prov-sv-ak3")
    assert e.verdict == effect.TOO_FEW
    assert e.rows[0].participants.units == 1 and e.rows[-1].did is None


def test_an_indicator_without_counts_is_not_guessed(built):
    p = _programme(built, "lasa-for-livet", indicators=("meritvarde-ak9",))
    [e] = indicator_effects(built.content, built.results, p)
    assert e.verdict == effect.NO_COUNTS and e.rows == ()


@pytest.mark.parametrize("start, baseline", [
    ("2023-08", "2022/23"), ("2023-07-01", "2022/23"), ("2024-01-08", "2022/23"), ("2024-06-30", "2022/23"),
    ("2023-06-30", "2021/22")])
def test_a_programme_starting_mid_year_counts_from_the_school_year_it_starts_in(built, start, baseline):
    p = _programme(built, "lasa-for-livet", start=start, effect_chain=())  # no chain: the default baseline
    assert baseline_year(p) == baseline
    e = _effect(built, p, "minst-e-alla-amnen-ak6")
    assert e.baseline == baseline
    if baseline == "2022/23":
        assert e.rows[0].year == "2022/23" and e.verdict != effect.NO_DATA
    else:
        assert e.verdict == effect.NO_DATA and e.rows == ()


def _unit_year(project: Path, unit: str, year: str) -> Path:
    return next(project.glob(f"content/years/{year.replace('/', '-')}/**/{unit}.yaml"))


def test_a_suppressed_unit_is_left_out_and_the_page_says_so(tmp_path, built):
    project = make_project(tmp_path / "p")
    path = _unit_year(project, "vallbyskolan", "2023/24")
    data = yaml.safe_load(path.read_text("utf-8"))
    result = next(r for r in data["results"] if r["indicator"] == "minst-e-alla-amnen-ak6")
    n, d = result["total"]["numerator"], result["total"]["denominator"]
    result.update(total={"status": "too_few"}, girls={"status": "too_few"}, boys={"status": "too_few"})
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    changed = pipeline.build(project, use_cache=False)
    assert changed.ok
    p = changed.content.programmes["lasa-for-livet"]
    before = next(r for r in _effect(built, p, "minst-e-alla-amnen-ak6").rows if r.year == "2023/24")
    after = next(r for r in _effect(changed, p, "minst-e-alla-amnen-ak6").rows if r.year == "2023/24")
    assert after.participants.units == before.participants.units - 1
    assert after.left_participants == effect.Left(no_figure=1, suppressed=1)  # Solängsskolan joins; Vallbyskolan hidden
    assert after.participants.denominator == before.participants.denominator - d
    assert after.participants.numerator == before.participants.numerator - n
    base = changed.results.unit("vallbyskolan", "2022/23", "minst-e-alla-amnen-ak6", "")
    assert after.participants_before.denominator == before.participants_before.denominator - base.denominator
    untouched = [next(r for r in _effect(b, p, "minst-e-alla-amnen-ak6").rows if r.year == "2024/25")
                 for b in (built, changed)]
    assert untouched[0] == untouched[1]  # the other comparison keeps Vallbyskolan
    site = build_site(project)
    page = " ".join(text_of(read(site, "insatser/lasa-for-livet/index.html")).split())
    assert "Kolumnen Ej med säger hur många enheter i varje grupp som lämnats utanför och varför" in page
    shown = (f"2023/24 {fmt.percent(after.participants_before.share)} → {fmt.percent(after.participants.share)} "
             f"(2 enheter, {fmt.number(after.participants_before.denominator, 0)} → "
             f"{fmt.number(after.participants.denominator, 0)} elever)")
    assert " ".join(shown.split()) in page  # 2023/24 without Vallbyskolan (hidden) and Solängsskolan (joined)
    assert "deltagarna: 1 utan siffra, 1 dold" in page


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    return build_site(make_project(tmp_path_factory.mktemp("effect")))


def _section(site: Path, programme: str) -> str:
    html = read(site, f"insatser/{programme}/index.html")
    return " ".join(text_of(html[html.index('id="effekt"'):html.index('id="uppfoljning-per-lasar"')]).split())


def test_the_example_shows_every_verdict_on_the_programme_pages(site, built):
    reading, attendance, together = (_section(site, p) for p in
                                     ("lasa-for-livet", "narvarolyftet", "samverkan-for-basta-skola"))
    assert "Skillnaden i förändring är deltagarnas förändring minus de andras" in reading
    assert "bevisar inte att insatsen gav effekt" in reading
    assert "Bedömning: Tydlig skillnad: deltagarna förändrades mer i önskad riktning" in reading
    assert "Bedömning: För få för att bedöma" in reading
    assert "Bedömning: Ingen säker skillnad" in attendance
    assert "Bedömning: Inga jämförbara enheter utan insatsen" in attendance
    assert "Bedömning: Kan inte bedömas: indikatorn saknar antal" in attendance
    assert "Bedömning: Kan inte bedömas: inga resultat för utgångsläget" in together
    assert "Bedömning: Tydlig skillnad" not in attendance
    # Samverkan's chain gives studiero a baseline of its own (its first survey), its results the year before
    assert ("Elevernas upplevelse av studiero (7-9) ¶ Utgångsläge: läsåret 2022/23, som effektkedjan anger "
            "(steget förändrad praktik).") in together
    assert "Bedömning: Tydlig skillnad" in together
    assert "Utgångsläge: läsåret 2021/22, som effektkedjan anger (steget resultat)." in together
    assert ("Utgångsläge: läsåret 2022/23, läsåret före det läsår insatsen startar (effektkedjan anger inget "
            "utgångsläge för indikatorn).") in attendance
    assert "Önskad riktning: högre är bättre (indikatorns egen; effektkedjan anger ingen ökning eller minskning)." \
        in attendance
    # the table shows the analysis, each share rounded once and each change that of the shares shown (as every
    # change on the site), the difference in differences that of the changes shown
    from ska.site.programme_views import shown_changes
    e = _effect(built, built.content.programmes["lasa-for-livet"], "minst-e-alla-amnen-ak6")
    assert e.verdict == effect.CLEAR
    for r in e.rows[1:]:
        mine, theirs, did = shown_changes(r)
        cells = (f"{r.year} {fmt.percent(r.participants_before.share)} → {fmt.percent(r.participants.share)} "
                 f"({fmt.count(r.participants.units, 'enhet', 'enheter')}, {fmt.number(r.participants_before.denominator, 0)}"
                 f" → {fmt.count(r.participants.denominator, 'elev', 'elever')}) {fmt.percent(r.others_before.share)} → "
                 f"{fmt.percent(r.others.share)} ({fmt.count(r.others.units, 'enhet', 'enheter')}, "
                 f"{fmt.number(r.others_before.denominator, 0)} → {fmt.count(r.others.denominator, 'elev', 'elever')}) "
                 f"{fmt.difference(mine, 'percent')} {fmt.difference(theirs, 'percent')} "
                 f"{fmt.difference(did, 'percent')} {fmt.number(r.low)} till {fmt.number(r.high)} "
                 "deltagarna: 1 utan siffra")  # Solängsskolan, which joined after the baseline
        assert " ".join(cells.split()) in reading
        assert r.low > 0 and r.did == (r.change_participants - r.change_others)
        assert mine == fmt.rounded_difference(r.participants.share, r.participants_before.share, 1)
    assert "(utgångsläge)" not in reading  # each row has its own baseline figure, for its own units
    assert ("Varje rad jämför samma enheter i utgångsläget (2022/23) och uppföljningsåret: bara enheter med "
            "publicerade antal båda åren räknas") in reading
    assert "Varje jämförelse räknas på samma enheter båda åren" in reading  # the method text
    assert "de andra: 1 dold" in reading  # the year-3 test: a comparable unit with too few pupils
    names = [built.content.units[u].name for u in e.participants]
    assert f"Jämförda: 4 enheter ({', '.join(names)}) som deltar" in reading


# -- the effect chain's own baseline, follow-up years and direction ----------------------------------------

def _results_step(**fields):
    return EffectStep(step="results", text="Fler elever når målen.", **fields)


def test_the_chain_s_baseline_follow_up_and_direction_are_used(built):
    step = _results_step(indicators=("minst-e-alla-amnen-ak6",), direction="decrease", baseline="2022/23",
                         follow_up=("2024/25",))
    p = _programme(built, "lasa-for-livet", start="2023-06-30", effect_chain=(step,))
    assert baseline_year(p) == "2021/22"  # the default would have no data
    e = _effect(built, p, "minst-e-alla-amnen-ak6")
    assert e.baseline == "2022/23" and e.plan.step == "results" and e.plan.direction_from_chain
    assert [r.year for r in e.rows] == ["2022/23", "2024/25"]  # 2023/24 is not a follow-up year
    assert e.better == "lower" and e.verdict == effect.WRONG_WAY  # the rise is against the chain's direction
    default = _effect(built, _programme(built, "lasa-for-livet", effect_chain=()), "minst-e-alla-amnen-ak6")
    assert [r.year for r in default.rows] == ["2022/23", "2023/24", "2024/25"] and default.plan.step == ""
    assert default.better == "higher" and not default.plan.direction_from_chain and default.verdict == effect.CLEAR
    assert e.rows[-1].did == default.rows[-1].did


def test_the_step_that_names_the_indicator_wins_and_a_general_results_step_speaks_for_the_rest(built):
    practice = EffectStep(step="practice", text="t", indicators=("minst-e-alla-amnen-ak6",), baseline="2022/23")
    general = _results_step(baseline="2021/22")
    naming = _results_step(indicators=("nationella-prov-sv-ak3",), baseline="2021/22")
    p = _programme(built, "lasa-for-livet", effect_chain=(practice, general))
    assert chain_step(p, "minst-e-alla-amnen-ak6") is practice and chain_step(p, "nationella-prov-sv-ak3") is general
    p = _programme(built, "lasa-for-livet", effect_chain=(practice, naming))
    assert chain_step(p, "minst-e-alla-amnen-ak6") is practice
    p = _programme(built, "lasa-for-livet", effect_chain=(naming,))
    assert chain_step(p, "minst-e-alla-amnen-ak6") is None  # the results step speaks of another indicator
    assert _effect(built, p, "minst-e-alla-amnen-ak6").plan.step == ""


def test_a_baseline_window_is_pooled_as_one(built):
    step = _results_step(indicators=("minst-e-alla-amnen-ak6",), baseline="2022/23–2023/24", follow_up=("2024/25",))
    e = _effect(built, _programme(built, "lasa-for-livet", effect_chain=(step,)), "minst-e-alla-amnen-ak6")
    assert [r.year for r in e.rows] == ["2022/23–2023/24", "2024/25"]
    base = e.rows[0]
    by_hand = [_pooled_by_hand(built, e.participants, y, "minst-e-alla-amnen-ak6") for y in ("2022/23", "2023/24")]
    assert (base.participants.numerator, base.participants.denominator) == tuple(map(sum, zip(*by_hand)))
    assert base.participants.units == len(e.participants)  # units, not unit-years


def test_a_summary_of_a_year_before_any_follow_up_says_it_cannot_be_judged_yet(built):
    p = built.content.programmes["lasa-for-livet"]
    e = _effect(built, dataclasses.replace(p), "minst-e-alla-amnen-ak6")
    [early] = [x for x in indicator_effects(built.content, built.results, p, 10, until="2022/23")
               if x.indicator == "minst-e-alla-amnen-ak6"]
    assert early.verdict == effect.NOT_YET and [r.year for r in early.rows] == ["2022/23"]
    [then] = [x for x in indicator_effects(built.content, built.results, p, 10, until="2023/24")
              if x.indicator == "minst-e-alla-amnen-ak6"]
    assert [r.year for r in then.rows] == ["2022/23", "2023/24"] and then.rows[-1] == e.rows[1]
