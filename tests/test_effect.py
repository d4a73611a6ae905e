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


def test_the_example_programme_is_computed_from_the_units_published_counts(built):
    p = built.content.programmes["lasa-for-livet"]
    e = _effect(built, p, "minst-e-alla-amnen-ak6")
    assert e.baseline == "2022/23" and e.participants and e.others
    assert not set(e.participants) & set(e.others)
    base, last = e.rows[0], e.rows[-1]
    for row in (base, last):
        assert (row.participants.numerator, row.participants.denominator) == _pooled_by_hand(
            built, e.participants, row.year, "minst-e-alla-amnen-ak6")
        assert (row.others.numerator, row.others.denominator) == _pooled_by_hand(
            built, e.others, row.year, "minst-e-alla-amnen-ak6")
    share = lambda pooled: Fraction(100 * pooled.numerator, pooled.denominator)  # noqa: E731
    by_hand = (share(last.participants) - share(base.participants)) - (share(last.others) - share(base.others))
    assert last.did == by_hand
    assert last.low < float(by_hand) < last.high


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
    assert after.participants.left_out == before.participants.left_out + 1
    assert after.participants.denominator == before.participants.denominator - d
    assert after.participants.numerator == before.participants.numerator - n
    site = build_site(project)
    page = " ".join(text_of(read(site, "insatser/lasa-for-livet/index.html")).split())
    assert "saknar publicerad siffra (för få elever eller skyddad) är inte med i andelarna" in page
    shown = f"{fmt.percent(after.participants.share)} (3 enheter, {fmt.number(before.participants.denominator - d, 0)} elever)"
    assert " ".join(shown.split()) in page  # 2023/24 without Vallbyskolan


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
    # the table shows the analysis, each number rounded once
    e = _effect(built, built.content.programmes["lasa-for-livet"], "minst-e-alla-amnen-ak6")
    assert e.verdict == effect.CLEAR
    for r in e.rows[1:]:
        cells = (f"{r.year} {fmt.percent(r.participants.share)} ({fmt.count(r.participants.units, 'enhet', 'enheter')}, "
                 f"{fmt.count(r.participants.denominator, 'elev', 'elever')}) {fmt.percent(r.others.share)} "
                 f"({fmt.count(r.others.units, 'enhet', 'enheter')}, {fmt.count(r.others.denominator, 'elev', 'elever')}) "
                 f"{fmt.difference(r.change_participants, 'percent')} {fmt.difference(r.change_others, 'percent')} "
                 f"{fmt.difference(r.did, 'percent')} {fmt.number(r.low)} till {fmt.number(r.high)}")
        assert " ".join(cells.split()) in reading
        assert r.low > 0 and r.did == (r.change_participants - r.change_others)
    assert " ".join(f"{e.rows[0].year} (utgångsläge) {fmt.percent(e.rows[0].participants.share)}".split()) in reading
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
