"""What a committee member sees beside each figure: what a municipal figure covers, a change
between years counted on different units, and a result's note and source (built sites)."""

from __future__ import annotations

import html as html_module
import re
from pathlib import Path

import pytest
import yaml

from ska import pipeline
from ska.domain import ALL_STAGES
from ska.site.views import coverage
from test_site import REPO, build_site, make_project, read

COVERS = re.compile(r"\d+ av \d+ enhet(er)?")
MARK = 'class="ska-mark"'
OTHER_UNITS = "Förändringen jämförs med ett år med andra enheter"


def slug(year: str) -> str:
    return year.replace("/", "-")


def unescaped(page: str) -> str:
    """The page's HTML with character references read (numbers keep their no-break spaces)."""
    return html_module.unescape(page)


def analysed(project: Path):
    built = pipeline.build(project, use_cache=False)
    return built.content, built.results


@pytest.fixture(scope="module")
def example(tmp_path_factory):
    project = make_project(tmp_path_factory.mktemp("figures"))
    site = build_site(project)
    return site, *analysed(project)


def goal_tables(page: str) -> list[str]:
    return re.findall(r'<table class="ska-table ska-goals">.*?</table>(?:</div>)?(?:\s*<p class="ska-coverage-note">.*?</p>)?',
                      page, re.S)


# -- what a municipal figure covers ---------------------------------------------------------

def test_start_page_cards_say_how_many_units_each_figure_covers(example):
    site, content, results = example
    page = unescaped(read(site, "index.html"))
    cards = re.findall(r'<div class="ska-card">(.*?)</div>', page, re.S)
    assert cards
    year = content.school_years[-1]
    for card in cards:
        assert 'class="ska-card__coverage"' in card, card
        assert COVERS.search(card), card
    # the first card's words, from the analysis
    first = next(i for a in content.municipality_years[year].goal_areas for g in a.goals for i in g.indicators)
    expected = coverage(results.municipality(year, first, ALL_STAGES), content.indicators[first])
    assert expected["text"] in re.sub(r"<[^>]+>", "", cards[0])


def test_year_summary_goal_table_shows_coverage_under_both_years(example):
    site, content, results = example
    year, last = content.school_years[-1], content.school_years[-2]
    tables = goal_tables(unescaped(read(site, f"ar/{slug(year)}/index.html")))
    assert tables
    text = re.sub(r"<[^>]+>", "", "".join(tables))
    for area in content.municipality_years[year].goal_areas:
        for goal in area.goals:
            for ind in goal.indicators:
                indicator = content.indicators[ind]
                for y in (year, last):
                    cov = coverage(results.municipality(y, ind, ALL_STAGES), indicator)
                    if cov:
                        assert cov["text"] in text, (y, ind)
                        for line in cov["left_out"]:
                            assert line in text, (y, ind, line)


def test_left_out_units_are_named_with_their_reason_in_visible_text(example):
    site, content, _ = example
    page = unescaped(read(site, f"ar/{slug(content.school_years[-1])}/index.html"))
    reasons = re.findall(r'<span class="ska-coverage ska-coverage--left-out">([^<]*)</span>', page)
    assert reasons, "the example has a goal figure with units left out"
    assert all(r.endswith("och ingår inte") for r in reasons)


def test_year_gender_table_and_spread_show_coverage(example):
    """On the year's pages for results by stage and gender and for the spread, and in the spread's
    overview on the year summary."""
    site, content, _ = example
    year = slug(content.school_years[-1])
    page = unescaped(read(site, f"ar/{year}/kon/index.html"))
    gender = page.split("<article", 1)[1].split("</table>", 1)[0]
    rows = re.findall(r"<tr><td>.*?</tr>", gender, re.S)
    assert rows
    for row in rows:  # Totalt, Flickor, Pojkar each say what they cover
        assert len(COVERS.findall(row)) >= 1, row
    spread = unescaped(read(site, f"ar/{year}/spridning/index.html")).split("<article", 1)[1]
    assert re.search(r'Kommunen: <strong>[^<]+</strong> <span class="ska-coverage-inline">\(\d+ av \d+ enhet', spread)
    summary = unescaped(read(site, f"ar/{year}/index.html"))
    overview = summary.split('id="spridning-mellan-enheterna"', 1)[1].split("</table>", 1)[0]
    rows = re.findall(r"<tr><td>.*?</tr>", overview, re.S)
    assert rows and all(COVERS.search(row) for row in rows)  # the municipality's figure in each row


def test_indicator_page_shows_coverage_of_the_municipality_each_year(example):
    site, content, results = example
    ind = next(i for i, indicator in content.indicators.items() if indicator.aggregation != "none"
               and all(results.municipality(y, i, ALL_STAGES) for y in content.school_years))
    page = unescaped(read(site, f"indikatorer/{ind}/index.html"))
    table = page.split("kommunen</caption>", 1)[1].split("</table>", 1)[0]
    total = re.search(r'<tr><th scope="row">Totalt</th>(.*?)</tr>', table, re.S).group(1)
    cells = total.split("<td")[1:]
    assert len(cells) == len(content.school_years)
    for y, cell in zip(content.school_years, cells):
        cov = coverage(results.municipality(y, ind, ALL_STAGES), content.indicators[ind])
        assert cov["text"] in re.sub(r"<[^>]+>", "", cell), y


# -- notes, sources and stages on a unit's page -----------------------------------------------

def test_unit_year_page_shows_the_result_note_beside_the_figure(example):
    site, content, _ = example
    (unit, year), result = next(((key, r) for key, plan in sorted(content.unit_years.items())
                                 for r in plan.results if r.note), (None, None))
    assert result, "the example content has a result with a note"
    page = unescaped(read(site, f"enheter/{unit}/{slug(year)}/index.html"))
    row = next(r for r in re.findall(r"<tr>.*?</tr>", page, re.S) if f"/indikatorer/{result.indicator}/" in r
               and result.note in r)
    assert f'<span class="ska-result-note">{result.note}</span>' in row
    assert "ska-coverage" in row  # the municipality's figure beside it says what it covers


def test_a_unit_without_a_stage_reads_against_all_stages(example):
    site, content, results = example
    hit = next(((u, y, r) for (u, y), plan in sorted(content.unit_years.items()) for r in plan.results
                if not r.stage and any(other.stage for p in content.unit_years.values() for other in p.results
                                       if other.indicator == r.indicator)), None)
    if hit is None:
        pytest.skip("no unit in the example reports without a stage where others give one")
    unit, year, result = hit
    page = unescaped(read(site, f"enheter/{unit}/{slug(year)}/index.html"))
    row = next(r for r in re.findall(r"<tr>.*?</tr>", page, re.S) if f"/indikatorer/{result.indicator}/" in r)
    assert "<td>utan angivet stadium</td>" in row
    assert '<span class="ska-coverage">alla stadier · ' in row


def test_print_keeps_coverage_and_notes():
    css = (REPO / "plugins/ska/site/assets/ska.css").read_text("utf-8")
    hidden = re.search(r"@media print \{\s*([^{]*)\{\s*display: none !important;", css).group(1)
    for name in ("ska-coverage", "ska-result-note", "ska-coverage-note", "ska-mark"):
        assert name not in hidden


def _luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _contrast(a: str, b: str) -> float:
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def test_muted_text_is_readable_in_both_palettes():
    css = (REPO / "plugins/ska/site/assets/ska.css").read_text("utf-8")
    light, dark = re.findall(r"--ska-muted: (#[0-9a-f]{6});", css)
    # Material's page backgrounds: white, and slate (hsl(225 15% 14%)) with a hovered row a shade lighter
    assert _contrast(light, "#ffffff") >= 4.5 and _contrast(light, "#f6f6f6") >= 4.5
    assert _contrast(dark, "#1e2129") >= 4.5 and _contrast(dark, "#25282f") >= 4.5


# -- a change between years counted on different units; a result's source ----------------------

@pytest.fixture(scope="module")
def changed(tmp_path_factory):
    """The example with one unit's figure for a goal indicator taken out of the latest year (so the
    change is counted on different units) and a source added to another unit's result."""
    project = make_project(tmp_path_factory.mktemp("changed"))
    content, results = analysed(project)
    year, last = content.school_years[-1], content.school_years[-2]
    goals = [i for a in content.municipality_years[year].goal_areas for g in a.goals for i in g.indicators]
    ind = next(i for i in goals if content.indicators[i].aggregation != "none"
               and results.same_units(year, last, i, ALL_STAGES)
               and sum(1 for (u, y), p in content.unit_years.items() if y == year
                       for r in p.results if r.indicator == i) >= 3)
    units = sorted(u for (u, y), p in content.unit_years.items() if y == year
                   for r in p.results if r.indicator == ind)
    dropped, sourced = units[0], units[1]
    _edit(project, year, dropped, lambda results_: [r for r in results_ if r["indicator"] != ind])
    source = "Egen uppföljning av rektorn, juni"

    def add_source(results_):
        for r in results_:
            if r["indicator"] == ind:
                r["source"] = source
        return results_
    _edit(project, year, sourced, add_source)
    site = build_site(project)
    return site, year, ind, content.indicators[ind], sourced, source


def _edit(project: Path, year: str, unit: str, change) -> None:
    path = project / "content" / "years" / slug(year) / "units" / f"{unit}.yaml"
    text = path.read_text("utf-8")
    modeline = text.splitlines()[0] if text.startswith("#") else ""
    data = yaml.safe_load(text)
    data["results"] = change(data["results"])
    path.write_text(modeline + "\n" + yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")


def test_a_change_on_different_units_is_marked_on_the_start_page(changed):
    site, year, ind, indicator, _, _ = changed
    page = unescaped(read(site, "index.html"))
    card = next(c for c in re.findall(r'<div class="ska-card">(.*?)</div>', page, re.S) if f"/{ind}/" in c)
    assert MARK in card
    assert f"{OTHER_UNITS}." in re.sub(r"<[^>]+>", "", card)  # visible, not only in the title


def test_a_change_on_different_units_is_marked_in_the_year_summary(changed):
    site, year, ind, indicator, _, _ = changed
    page = unescaped(read(site, f"ar/{slug(year)}/index.html"))
    table = next(t for t in goal_tables(page) if f"/indikatorer/{ind}/" in t)
    row = next(r for r in re.findall(r"<tr>.*?</tr>", table, re.S) if f"/indikatorer/{ind}/" in r)
    assert MARK in row
    note = re.search(r'<p class="ska-coverage-note">(.*?)</p>', table, re.S)
    assert note and OTHER_UNITS in note.group(1)


def test_a_result_source_is_shown_beside_the_figure(changed):
    site, year, ind, _, unit, source = changed
    page = unescaped(read(site, f"enheter/{unit}/{slug(year)}/index.html"))
    row = next(r for r in re.findall(r"<tr>.*?</tr>", page, re.S) if f"/indikatorer/{ind}/" in r)
    assert f"Källa: {source}" in row
