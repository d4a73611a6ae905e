"""The owner's improvement areas measured (``analysis.area_effect``, ``site.owner_area_views``): the municipality's
areas as rows of the year summary's "Effekt av insatserna", a part's on its year page, each indicator's pooled
figure at the baseline against this year with the change, its 95 % interval and a hedged verdict."""

from __future__ import annotations

import math
import re
from fractions import Fraction
from pathlib import Path

import pytest

from ska import formatting as fmt
from ska import pipeline
from ska.analysis import area_effect
from ska.analysis.area_effect import BASIS_ACTION, BASIS_AREA, BASIS_CHAIN, BASIS_LAST, area_effects, change_interval
from ska.analysis.figures import Figure
from ska.domain import ALL_STAGES
from ska.model import Action, EffectStep, ImprovementArea, Indicator, Scale

from test_site import build_site, make_project, read, text_of

YEAR, SLUG = "2024/25", "2024-25"


# -- by hand ----------------------------------------------------------------------------------------------------

def test_the_change_and_its_interval_by_hand_and_by_the_library():
    """60 of 100 before, 75 of 120 after: the change is 75/120 − 60/100 = 2,5 procentenheter, and the Wald interval
    is the change ± 1,96 × √(p₀(1−p₀)/n₀ + p₁(1−p₁)/n₁), as statsmodels' own two-sample interval gives it."""
    from statsmodels.stats.proportion import confint_proportions_2indep

    estimate, low, high = change_interval((60, 100), (75, 120))
    p0, p1 = 0.6, 75 / 120
    assert estimate == pytest.approx(float(Fraction(75, 120) - Fraction(60, 100)), abs=1e-12)
    half = 1.959963984540054 * math.sqrt(p0 * (1 - p0) / 100 + p1 * (1 - p1) / 120)
    assert (low, high) == pytest.approx((p1 - p0 - half, p1 - p0 + half), abs=1e-9)
    library = confint_proportions_2indep(75, 120, 60, 100, method="wald")
    assert (low, high) == pytest.approx(tuple(float(x) for x in library), abs=1e-9)
    assert (fmt.number(100 * low), fmt.number(100 * high)) == ("−10,4", "15,4")


def share(n: int, d: int, units: int = 3) -> Figure:
    return Figure(Fraction(100 * n, d), n, d, units_covered=units, units_reporting=units)


RATIO = Indicator("andel", "Andel", "percent", Scale(0, 100), "higher", "", "", "ratio")
MEAN = Indicator("poang", "Poäng", "points", Scale(0, 340), "higher", "", "", "weighted_mean")
INDICATORS = {i.id: i for i in (RATIO, MEAN)}


def measured(area, figures: dict, base=("2023/24", BASIS_LAST)) -> dict:
    return {(e.indicator, e.baseline): e for e in area_effects(area, YEAR, base, lambda y, i: figures.get((y, i)),
                                                               INDICATORS)}


def test_verdicts_are_hedged_and_say_when_there_is_too_little():
    area = ImprovementArea("a", "A", indicators=("andel",))
    clear = measured(area, {("2023/24", "andel"): share(300, 1000), ("2024/25", "andel"): share(400, 1000)})
    [e] = clear.values()
    assert e.verdict == "clear" and e.low > 0 and e.basis == BASIS_LAST
    assert measured(area, {("2023/24", "andel"): share(30, 100), ("2024/25", "andel"): share(33, 100)}
                    )["andel", "2023/24"].verdict == "uncertain"
    hidden = Figure(None, None, None, True, "too_few")
    assert measured(area, {("2023/24", "andel"): hidden, ("2024/25", "andel"): share(33, 100)}
                    )["andel", "2023/24"].verdict == "too_few"
    assert measured(area, {("2024/25", "andel"): share(33, 100)})["andel", "2023/24"].verdict == "no_baseline"
    assert measured(area, {("2023/24", "andel"): share(0, 100), ("2024/25", "andel"): share(3, 100)}
                    )["andel", "2023/24"].verdict == "edge"
    points = ImprovementArea("b", "B", indicators=("poang",))
    e = measured(points, {("2023/24", "poang"): Figure(Fraction(220), None, 400, units_covered=4),
                          ("2024/25", "poang"): Figure(Fraction(225), None, 410, units_covered=4)})["poang", "2023/24"]
    assert e.verdict == "no_counts" and e.low is None
    from ska import labels
    assert set(labels.AREA_EFFECT_VERDICTS) >= {area_effect.CLEAR, area_effect.UNCERTAIN, area_effect.TOO_FEW,
                                                 area_effect.NO_BASELINE, area_effect.NO_COUNTS, area_effect.EDGE,
                                                 area_effect.NO_NOW, area_effect.SERIES_BREAK}
    assert not any(w in " ".join(labels.AREA_EFFECT_VERDICTS.values()).lower() for w in ("effekt", "orsak", "bevis"))


def test_baselines_the_chain_then_the_areas_start_then_last_year():
    """The chain's baseline (a window: its years' counts summed) wins; else the year before the area started (the
    caller's ``area_base``); an action's start gives its own indicators theirs; a baseline not before this year
    gives no line."""
    chain = (EffectStep("results", "Fler.", ("andel",), baseline="2020/21–2021/22"),)
    later = Action("Sedan.", start="2024-08", indicators=("poang",))
    area = ImprovementArea("a", "A", indicators=("andel",), actions=(later,), effect_chain=chain)
    figures = {("2020/21", "andel"): share(30, 100), ("2021/22", "andel"): share(50, 100),
               ("2024/25", "andel"): share(60, 100), ("2023/24", "poang"): Figure(Fraction(10), None, 50),
               ("2024/25", "poang"): Figure(Fraction(11), None, 50)}
    found = measured(area, figures, ("2022/23", BASIS_AREA))
    pooled = found["andel", "2020/21–2021/22"]
    assert pooled.basis == BASIS_CHAIN and pooled.before.value == Fraction(100 * 80, 200)
    assert (pooled.before.numerator, pooled.before.denominator) == (80, 200)
    assert found["poang", "2023/24"].basis == BASIS_ACTION
    missing_year = dict(figures)
    del missing_year["2021/22", "andel"]  # a window with a year not published: no baseline, nothing recomputed
    assert measured(area, missing_year, ("2022/23", BASIS_AREA))["andel", "2020/21–2021/22"].verdict == "no_baseline"
    plain = ImprovementArea("b", "B", indicators=("andel",))
    assert list(measured(plain, figures, ("2022/23", BASIS_AREA))) == [("andel", "2022/23")]
    ahead = ImprovementArea("c", "C", indicators=("andel",),
                            effect_chain=(EffectStep("results", "x", ("andel",), baseline="2024/25"),))
    assert measured(ahead, figures) == {}


def test_an_area_is_followed_by_its_id_across_the_owners_plans():
    plans = ["2021/22", "2022/23", "2023/24", "2024/25"]
    held = {"2022/23", "2023/24", "2024/25"}
    assert area_effect.area_start(plans, YEAR, held.__contains__) == "2022/23"
    assert area_effect.area_start(plans, YEAR, {"2021/22", "2023/24", "2024/25"}.__contains__) == "2023/24"
    assert area_effect.area_start(plans, YEAR, set(plans).__contains__) is None  # from the first plan: not known
    assert area_effect.area_start(["2022/23", "2024/25"], YEAR, lambda y: True) == "2024/25"  # a gap breaks the run


# -- on the site -------------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def example(tmp_path_factory) -> Path:
    project = make_project(tmp_path_factory.mktemp("areas"))
    build_site(project)
    return project


@pytest.fixture(scope="module")
def built(example):
    return pipeline.build(example, use_cache=False)


def flat(text: str) -> str:
    """Spaces as the page's text is compared: any run of white space (no-break spaces too) one space."""
    return " ".join(text.split())


def area_rows(site: Path, year: str) -> dict[str, list[list[str]]]:
    page = read(site, f"ar/{year.replace('/', '-')}/index.html")
    table = page.split('<table class="ska-table ska-effect-summary">', 1)[1].split("</table>", 1)[0]
    out = {}
    for body in re.findall(r'<tbody class="ska-effect-summary__area">(.*?)</tbody>', table, re.S):
        title = text_of(re.search(r'<th scope="rowgroup"[^>]*>(.*?)</th>', body, re.S)[1]).strip()
        out[title] = [[" ".join(text_of(c).split()) for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
                      for row in re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S)]
    return out


def expected_baseline(built, area, year: str) -> str:
    plans = built.content.municipality_years
    years = sorted(plans)
    start = area_effect.area_start(years, year, lambda y: any(a.id == area.id for a in plans[y].improvement_areas))
    from ska.domain import previous_school_year
    return previous_school_year(start) if start else years[years.index(year) - 1]


def test_the_summary_has_a_row_per_owner_area_and_indicator_from_the_pooled_figures(example, built):
    """Each of the municipality's areas after the programmes: per indicator the change between the municipality's
    published figures (all stages) at the baseline and this year, the interval from their counts, this year's
    pupils (units), and the baseline named."""
    rows = area_rows(example / "site", YEAR)
    areas = built.content.municipality_years[YEAR].improvement_areas
    assert list(rows) == [a.title for a in areas if a.indicators]
    checked = 0
    for area in areas:
        base = expected_baseline(built, area, YEAR)
        for ind_id in area.indicators:
            indicator = built.content.indicators[ind_id]
            [row] = [r for r in rows[area.title] if indicator.label in r[0].split("; ")]
            now = built.results.municipality(YEAR, ind_id, ALL_STAGES)
            before = built.results.municipality(base, ind_id, ALL_STAGES)
            assert row[3] == flat(f"{fmt.number(now.denominator, 0)} ({now.units_covered})")
            delta = fmt.rounded_difference(now.value, before.value, 1)
            _, low, high = change_interval((before.numerator, before.denominator), (now.numerator, now.denominator))
            assert row[2] == flat(f"{fmt.difference(delta, '', 1)} ({fmt.number(100 * low)} till "
                                  f"{fmt.number(100 * high)}) sedan {base}")
            assert row[1] == ("Ingen säker förändring" if low <= 0 <= high else "Tydlig förändring")
            checked += 1
    assert checked >= 4
    html = read(example / "site", f"ar/{SLUG}/index.html")
    assert "samma elever kan finnas med båda åren" in html


def test_the_programmes_are_one_compact_row_each(example, built):
    html = read(example / "site", f"ar/{SLUG}/index.html")
    section = html.split('id="program-och-insatser"', 1)[1].split("<h2", 1)[0]
    running = [p for p in built.content.programmes.values() if f"insatser/{p.id}/" in section]
    assert running and section.count("<tr>") == len(running) + 1
    for p in running:
        assert flat(p.description)[:60] not in flat(text_of(section))  # on the programme's page
        assert f'<td class="ska-num">{len(p.units)}</td>' in section
    assert "Kvalitativa effekter" not in section


def test_a_parts_areas_have_their_lines_before_and_after(example, built):
    """grundskolan's area on studiero: the part's pooled figures (all its units' published figures, all stages)
    last year and this year, what each covers, the change, the interval from the counts and the verdict."""
    from ska.site.views import Views
    views = Views(built.content, built.results)
    html = read(example / "site", f"delar/grundskolan/{SLUG}/index.html")
    text = flat(re.sub(r"<[^>]+>", "", html).replace("&nbsp;", " "))
    before, now = (views.part_figure("grundskolan", y, "studiero") for y in ("2023/24", YEAR))
    _, low, high = change_interval((before.numerator, before.denominator), (now.numerator, now.denominator))
    label = built.content.indicators["studiero"].label
    line = (f"{label}: {fmt.percent(before.value)} (2023/24; {fmt.number(before.denominator, 0)} svarande elever, "
            f"{before.units_covered} enheter; föregående läsår) → {fmt.percent(now.value)} ({YEAR}; "
            f"{fmt.number(now.denominator, 0)} svarande elever, {now.units_covered} enheter): "
            f"{fmt.difference(fmt.rounded_difference(now.value, before.value, 1), 'percent', 1)} "
            f"(95 % intervall {fmt.number(100 * low)} till {fmt.number(100 * high)}). "
            + ("Ingen säker förändring" if low <= 0 <= high else "Tydlig förändring"))
    assert flat(line) in text
    assert "Före och efter (delens siffror för alla stadier)" in text and "ungefärligt" in text


def test_too_few_pupils_give_no_figure_and_one_line(tmp_path):
    """With a threshold above every figure's pupils, each area's indicators share one line 'För få för att bedöma'
    without a number."""
    project = make_project(tmp_path / "few")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text("utf-8").replace("  - ska:\n", "  - ska:\n      min_group_size: 1000\n"), "utf-8")
    build_site(project)
    rows = area_rows(project / "site", YEAR)
    assert rows
    for title, lines in rows.items():
        for cells in lines:
            if cells[1] == "För få för att bedöma":
                assert cells[2:] == ["–", "–"], (title, cells)
        verdicts = [c[1] for c in lines]
        assert len(verdicts) == len(set(verdicts)), title  # one line per verdict without figures
    assert any(c[1] == "För få för att bedöma" for lines in rows.values() for c in lines)
