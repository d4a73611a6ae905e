"""The year summary a committee reads (built example site, asserted on its HTML): "I korthet" first (the
municipality, the year, the date of the data, the downloads, goal fulfilment, key figures, what moved
most), then the goal areas; what grows with the number of units, and the results by stage and gender, on
the year's own pages, linked from the summary and the nav, in a preview build too."""

from __future__ import annotations

import dataclasses
import html as html_module
import re
import subprocess

import pytest

import leaks
from ska import pipeline
from ska.domain import ALL_STAGES
from ska.site.views import Views
from ska.site.year_glance import GlanceViews, scale_span
from test_site import build_site, make_project, read

COVERS = re.compile(r"\d+ av \d+ enhet(er)?")
DETAILS = ("kon", "spridning", "teman", "sjalvskattning")
VERDICTS = ["Uppnått", "Delvis uppnått", "Inte uppnått", "Kan inte bedömas"]


def slug(year: str) -> str:
    return year.replace("/", "-")


def words(node_or_html) -> str:
    text = node_or_html.text() if isinstance(node_or_html, leaks.Node) else re.sub(r"<[^>]+>", " ", node_or_html)
    return re.sub(r"\s+", " ", html_module.unescape(text)).replace("\u00b6", "").strip()


def article(page: str) -> leaks.Node:
    return next(n for n in leaks.parse_html(page).walk() if n.tag == "article")


def section(page: str, anchor: str) -> str:
    """The HTML of the h2 section with id ``anchor``, up to the next h2."""
    return page.split(f'id="{anchor}"', 1)[1].split("<h2", 1)[0]


@pytest.fixture(scope="module")
def example(tmp_path_factory):
    """The example, committed to git on a known day (the date of the data), built."""
    project = make_project(tmp_path_factory.mktemp("year-summary"))
    git = ["git", "-c", "user.name=Test", "-c", "user.email=test@example.invalid"]
    env = {"GIT_COMMITTER_DATE": "2025-06-10T10:00:00", "PATH": "/usr/bin:/bin"}
    subprocess.run(["git", "init", "-q"], cwd=project, check=True)
    subprocess.run(git + ["add", "-A"], cwd=project, check=True)
    subprocess.run(git + ["commit", "-q", "-m", "Innehåll", "--date", "2025-06-10T10:00:00"], cwd=project,
                   check=True, env=env)
    # later, one unit's file of the newest year changes, and a file of an earlier year changes later still
    for folder, day in (("2024-25", "2025-09-01"), ("2023-24", "2025-10-01")):
        unit_year = sorted((project / "content/years" / folder / "units").glob("*.yaml"))[0]
        unit_year.write_text(unit_year.read_text("utf-8") + "# rättad\n", "utf-8")
        dated = {**env, "GIT_COMMITTER_DATE": f"{day}T10:00:00"}
        subprocess.run(git + ["commit", "-q", "-am", "Rättad", "--date", f"{day}T10:00:00"], cwd=project,
                       check=True, env=dated)
    site = build_site(project)
    built = pipeline.build(project, use_cache=False)
    year = built.content.school_years[-1]
    return {"site": site, "content": built.content, "results": built.results, "views": built.views, "year": year,
            "last": built.content.school_years[-2], "page": read(site, f"ar/{slug(year)}/index.html")}


# -- I korthet first -----------------------------------------------------------------------------

def test_i_korthet_comes_first_then_the_goal_areas(example):
    root = article(example["page"])
    h2 = [words(n) for n in root.walk() if n.tag == "h2"]
    assert h2[:2] == ["I korthet", "Mål och måluppfyllelse"]
    glance = section(example["page"], "i-korthet")
    h3 = [words(h) for h in re.findall(r"<h3[^>]*>.*?</h3>", glance, re.S)]
    assert h3 == ["Måluppfyllelse", "Nyckeltal", "Störst förbättring och försämring"]


def test_i_korthet_names_the_municipality_year_units_date_of_data_and_the_downloads(example):
    page, year, last = example["page"], example["year"], example["last"]
    facts = leaks.parse_html(section(page, "i-korthet")).find_all("dl")[0]
    terms = [n for n in facts.children if isinstance(n, leaks.Node)]
    shown = {words(dt): (words(dd), dd) for dt, dd in zip(terms[::2], terms[1::2])}
    assert [t.tag for t in terms[::2]] == ["dt"] * len(shown) and [t.tag for t in terms[1::2]] == ["dd"] * len(shown)
    assert shown["Kommun"][0] == "Åsby kommun"  # content/years/…/municipality.yaml: municipality
    assert shown["Läsår"][0] == f"{year}, jämfört med {last}"
    assert shown["Enheter"][0].startswith(f"{len(example['views'].active_units(year))} · per skolform:")
    # the date of the data: the newest change, in git, of the files of the year the page is made from
    assert shown["Underlag"][0].endswith("för läsåret, senast ändrade 1 september 2025")
    # the one download section, moved up: its old anchor, both files, nowhere else on the page
    downloads = [a.attrs["href"] for a in shown["Ladda ner"][1].find_all("a")]
    assert downloads == [f"resultat-{slug(year)}.csv", f"resultat-{slug(year)}.xlsx",  # and the staff figures per year
                         f"personal-{slug(year)}.csv", f"personal-{slug(year)}.xlsx"]
    assert 'id="ladda-ner"' in page and page.count(f'href="resultat-{slug(year)}.csv"') == 1
    assert "ska-suppressed" in str(shown["Dolda siffror"][1].find_all("abbr")[0].attrs["class"])
    # where to read more: the changes since last year and the detail pages
    more = [a.attrs["href"] for a in shown["Mer om läsåret"][1].find_all("a")]
    assert more == ["forandringar/", *(f"{d}/" for d in DETAILS)]


def test_key_figures_have_their_change_and_what_they_cover(example):
    glance = section(example["page"], "i-korthet")
    cards = re.findall(r'<div class="ska-card">(.*?)</div>', glance, re.S)
    assert 6 <= len(cards) <= 10
    content, year = example["content"], example["year"]
    areas = {ind: area.id for area in content.municipality_years[year].goal_areas for g in area.goals
             for ind in g.indicators}
    shown = [re.search(r"indikatorer/([^/]+)/", c)[1] for c in cards]
    assert len(set(shown)) == len(shown)
    assert {areas[i] for i in shown} == {a.id for a in content.municipality_years[year].goal_areas}  # every area
    goals = section(example["page"], "mal-och-maluppfyllelse")
    for card, ind in zip(cards, shown):
        assert 'class="ska-card__coverage"' in card and COVERS.search(card), card
        assert re.search(r'class="ska-card__change">[^<]*(procentenheter|poäng|–|seriebrott)', card), card
        assert 'class="ska-trend' in card
        value = words(re.search(r'class="ska-card__value">(.*?)</p>', card, re.S)[1])
        row = next(r for r in re.findall(r"<tr>.*?</tr>", goals, re.S) if f"/indikatorer/{ind}/" in r)
        assert value in words(row)  # the same figure as in the goals table


def _goals_table_verdicts(page: str) -> dict[str, list[str]]:
    """Goal area → each goal's verdict worked out from the goals table's Bedömning column."""
    out = {}
    goals = section(page, "mal-och-maluppfyllelse")
    for area, table in re.findall(r"<h3[^>]*>(.*?)</h3>.*?(<table class=\"ska-table ska-goals\">.*?</table>)",
                                  goals, re.S):
        verdicts = []
        for tr in re.findall(r"<tr[ >].*?</tr>", table, re.S)[1:]:
            trend = re.search(r'ska-trend--(better|worse|same)', tr)
            if "ska-goal-verdict" in tr:  # a goal's row, heading its indicators' rows
                verdicts.append([])
            if trend:
                verdicts[-1].append(trend[1])
        out[words(area)] = ["Kan inte bedömas" if not [t for t in v if t != "same"] else
                            "Uppnått" if all(t == "better" for t in v if t != "same") else
                            "Inte uppnått" if all(t == "worse" for t in v if t != "same") else "Delvis uppnått"
                            for v in verdicts]
    return out


def test_goal_fulfilment_counts_the_goals_tables_verdicts(example):
    page, content, year = example["page"], example["content"], example["year"]
    expected = _goals_table_verdicts(page)
    areas = content.municipality_years[year].goal_areas
    assert list(expected) == [a.name for a in areas]
    assert [len(v) for v in expected.values()] == [len(a.goals) for a in areas]
    # each goal's verdict is written under it in the goals table
    shown = re.findall(r'<span class="ska-goal-verdict">Bedömning: ([^<]+)</span>',
                       section(page, "mal-och-maluppfyllelse"))
    assert shown == [v for vs in expected.values() for v in vs]
    # ... and counted in I korthet, per goal area and in all
    table = section(page, "i-korthet").split('class="ska-table ska-goal-count"', 1)[1].split("</table>", 1)[0]
    rows = {words(th): [int(words(td)) for td in re.findall(r"<td[^>]*>.*?</td>", tr, re.S)]
            for tr, th in ((tr, re.search(r"<th[^>]*>(.*?)</th>", tr, re.S)[1])
                           for tr in re.findall(r"<tr>.*?</tr>", table, re.S)[1:])}
    totals = [0] * 4
    for area, verdicts in expected.items():
        counts = [verdicts.count(v) for v in VERDICTS]
        assert rows[area] == counts + [len(verdicts)], area
        totals = [a + b for a, b in zip(totals, counts)]
    assert rows["Alla målområden"] == totals + [sum(len(a.goals) for a in areas)]
    assert sum(totals) == 12 and totals[0] and totals[2]  # the example has goals met and goals not met
    sentence = "Av 12 mål: " + ", ".join(f"{v.lower()} {n}" for v, n in zip(VERDICTS, totals)) + "."
    assert sentence in words(section(page, "i-korthet"))


def test_the_first_year_judges_only_the_goals_with_a_baseline(example):
    first = example["content"].school_years[0]
    page = read(example["site"], f"ar/{slug(first)}/index.html")
    glance = section(page, "i-korthet")
    assert (f"{first} är det första läsåret på sajten, så bara mål med ett utgångsvärde från ett tidigare läsår "
            "kan bedömas, på förändringen från utgångsvärdet.") in words(glance)
    assert "Störst förbättring" not in glance  # nothing to compare with year on year
    # the five goals with a baseline are judged on it, the seven others cannot be judged
    assert "Av 12 mål: uppnått 5, delvis uppnått 0, inte uppnått 0, kan inte bedömas 7." in words(glance)
    assert _goals_table_verdicts(page)["Lärande"] == ["Uppnått", "Uppnått", "Kan inte bedömas",
                                                      "Kan inte bedömas", "Uppnått"]
    goals = words(section(page, "mal-och-maluppfyllelse"))
    assert ("Från 219,4 (2019/20–2021/22) till 226,1 (2022/23), målvärde 230 läsåret 2026/27: 63 % av vägen. "
            "226,1") in goals
    assert "Ökade sedan utgångsvärdet (2019/20–2021/22), i önskad riktning" in goals
    assert ("Från 85,0 % (2021/22) till 86,7 % (2022/23), målvärde 86,5 % läsåret 2025/26: målvärdet är nått."
            in goals)
    rules = words(glance.split('class="ska-goal-rules"', 1)[1].split("</ul>", 1)[0])
    assert "bedöms indikatorn på förändringen från utgångsvärdet i stället" in rules
    assert "Andelen av vägen mot målvärdet" in rules


def test_the_first_year_without_baselines_says_its_goals_cannot_be_judged_yet(example):
    views = example["views"]
    first = example["content"].school_years[0]
    years = dict(example["content"].municipality_years)
    bare = tuple(dataclasses.replace(area, goals=tuple(dataclasses.replace(g, targets=()) for g in area.goals))
                 for area in years[first].goal_areas)
    years[first] = dataclasses.replace(years[first], goal_areas=bare)
    page = Views(dataclasses.replace(example["content"], municipality_years=years), views.results).year_summary(first)
    assert page.context["glance"]["goals"]["baseline"] == 0  # the template then says they cannot be judged yet
    assert not any(r["progress"] for area in page.context["goal_areas"] for g in area["goals"] for r in g["rows"])


def test_a_goal_shows_progress_toward_its_target_and_is_judged_year_on_year_when_it_can(example):
    page, last = example["page"], example["last"]
    goals = section(page, "mal-och-maluppfyllelse")
    row = next(r for r in re.findall(r"<tr>.*?</tr>", goals, re.S) if "/indikatorer/meritvarde-ak9/" in r)
    assert ("Från 219,4 (2019/20–2021/22) till 228,0 (2024/25), målvärde 230 läsåret 2026/27: 81 % av vägen."
            in words(row))
    assert "Ökade, i önskad riktning" in words(row) and "sedan utgångsvärdet" not in words(row)  # a previous year
    franvaro = next(r for r in re.findall(r"<tr>.*?</tr>", goals, re.S) if "/indikatorer/franvaro/" in r)
    assert "Från 7,4 % (2021/22) till 6,7 % (2024/25), målvärde 6,0 % läsåret 2025/26: 50 % av vägen." in words(franvaro)
    assert last and "ska-goal-progress" in goals


def test_a_units_goal_shows_progress_and_its_verdict(example):
    content = example["content"]
    first = content.school_years[0]
    page = read(example["site"], f"enheter/hagaskolan/{slug(first)}/index.html")
    goals = words(section(page, "mal"))
    assert "Elevernas upplevelse av inflytande och delaktighet ska öka. Bedömning: Uppnått" in goals
    assert "Från 60,0 % (2021/22) till 61,5 % (2022/23), målvärde 70 % läsåret 2025/26: 15 % av vägen." in goals
    assert "Ökade sedan utgångsvärdet (2021/22), i önskad riktning" in goals
    assert "saknas en jämförelse med föregående läsår" in goals
    latest = words(section(read(example["site"], f"enheter/hagaskolan/{slug(example['year'])}/index.html"), "mal"))
    assert "Bedömning: Inte uppnått" in latest and "Minskade, inte i önskad riktning" in latest
    assert "till 63,1 % (2024/25), målvärde 70 % läsåret 2025/26: 31 % av vägen." in latest


def test_largest_improvements_and_declines(example):
    views, content, results = example["views"], example["content"], example["results"]
    year, last = example["year"], example["last"]
    directions = {}
    for area in content.municipality_years[year].goal_areas:
        for goal in area.goals:
            for ind in goal.indicators:
                directions.setdefault(ind, goal.direction)
    moved = {"better": [], "worse": []}
    for order, (ind, indicator) in enumerate(content.indicators.items()):
        if indicator.aggregation == "none":
            continue
        now, before = (results.municipality(y, ind, ALL_STAGES) for y in (year, last))
        change = views.change(indicator, now, before, year, last, views.other_units(year, last, ind, ALL_STAGES))
        css = views.trend(indicator, directions.get(ind, ""), change.sort)["css"].removeprefix("ska-trend--")
        if change.sort is not None and css in moved:
            assert indicator.comparable(year, last)  # a series break has no change to rank
            span = indicator.scale.max - indicator.scale.min
            moved[css].append((-abs(change.sort) / span, order, ind, change))
    glance = section(example["page"], "i-korthet")
    for caption, key in ((f"Störst förbättring sedan {last}", "better"), (f"Störst försämring sedan {last}", "worse")):
        table = glance.split(f"<caption>{caption}</caption>", 1)[1].split("</table>", 1)[0]
        rows = re.findall(r"<tr>.*?</tr>", table, re.S)[1:]
        expected = sorted(moved[key])[:3]
        assert [re.search(r"indikatorer/([^/]+)/", r)[1] for r in rows] == [e[2] for e in expected]
        for row, (_, _, ind, change) in zip(rows, expected):
            assert words(change.text) in words(row) and f"ska-trend--{key}" in row
            marked = bool(views.other_units(year, last, ind, ALL_STAGES))
            assert ('class="ska-mark"' in row) == marked  # a change on other units keeps its "*"
            assert len(COVERS.findall(row)) == 2  # both years' figures say what they cover
    if 'class="ska-mark"' in glance.split("Störst förbättring", 1)[1]:
        assert "Förändringen jämförs med ett år med andra enheter" in glance


# -- the year's pages for what grows with the units ---------------------------------------------------

def test_detail_pages_exist_for_every_year_and_are_linked_and_in_the_nav(example):
    site = example["site"]
    for year in example["content"].school_years:
        page = read(site, f"ar/{slug(year)}/index.html")
        nav = page.split("<article", 1)[0]
        for detail in DETAILS:
            built = read(site, f"ar/{slug(year)}/{detail}/index.html")
            assert f'href="{detail}/"' in article_html(page), (year, detail)  # from the summary
            assert f'href="{detail}/"' in nav, (year, detail)  # in the year's nav section
            assert 'href="../"' in article_html(built) and f"Läsåret {year} i kommunen" in built  # and back


def article_html(page: str) -> str:
    return page.split("<article", 1)[1].split("</article>", 1)[0]


def test_what_grows_with_the_units_moved_off_the_summary(example):
    page, site, year, views = example["page"], example["site"], example["year"], example["views"]
    body = article_html(page)
    # the summary: no spread chart or table of every unit, no heatmap, no theme by theme, no gender table
    assert "per enhet " + year not in body and "tabell-spridning-" not in body and "tabell-sjalvskattning" not in body
    assert "<th scope=\"col\">Skillnad</th>" not in body
    themes = views.themes(year, views.active_units(year))
    assert not any(f">{t['theme']} ({len(t['entries'])})<" in body for t in themes)
    # ... in short instead, each with its link
    spread = section(page, "spridning-mellan-enheterna")
    overview = views.spread_overview(year, views.active_units(year))
    assert len(re.findall(r"<tr><td>", spread)) == len(overview["largest"]) == 3 and 'href="spridning/"' in spread
    # the widest, against the indicator's scale, of all the goal indicators
    spreads = views.spreads(year, views.active_units(year))
    assert overview["indicators"] == f"{len(spreads)} målindikatorer" and len(spreads) > 3
    width = {s["indicator"].id: (max(values) - min(values)) / scale_span(s["indicator"], year)
             for s in spreads if (values := [r["cell"].sort for r in s["rows"] if r["cell"].sort is not None])}
    shown = [s["indicator"].id for s in overview["largest"]]
    assert shown == sorted(width, key=lambda i: -width[i])[:3]
    for end in overview["largest"]:  # its ends are the spread page's lowest and highest, as shown there
        values = [r["cell"] for s in spreads if s["indicator"] is end["indicator"] for r in s["rows"]
                  if r["cell"].sort is not None]
        assert (end["low"]["cell"], end["high"]["cell"]) == (min(values, key=lambda c: c.sort),
                                                              max(values, key=lambda c: c.sort))
    assert f"{len(themes)} teman" in words(section(page, "enheternas-forbattringsomraden-per-tema"))
    assert 'href="sjalvskattning/"' in section(page, "sjalvskattning-per-enhet-och-strategi")
    assert 'href="kon/"' in section(page, "resultat-per-stadium-och-kon")
    # the detail pages hold what moved
    spread_page = read(site, f"ar/{slug(year)}/spridning/index.html")
    for row in overview["largest"]:
        ind = row["indicator"]
        assert f'id="tabell-spridning-{ind.id}"' in spread_page
        assert f"Diagram: {ind.name} per enhet {year}" in spread_page
    themes_page = words(article_html(read(site, f"ar/{slug(year)}/teman/index.html")))
    for t in themes:
        assert f"{t['theme']} ({len(t['entries'])})" in themes_page
        assert all(e["area"].title in themes_page for e in t["entries"])
    scores = read(site, f"ar/{slug(year)}/sjalvskattning/index.html")
    assert 'id="tabell-sjalvskattning"' in scores
    assert len(re.findall(r'<th scope="row"><a href="../../../enheter/', scores)) == len(
        views.unit_scores(year, views.active_units(year)))
    assert "<th scope=\"col\">Skillnad</th>" in read(site, f"ar/{slug(year)}/kon/index.html")


def test_a_preview_builds_the_year_summary_without_its_detail_pages(tmp_path, monkeypatch, example):
    """A preview stays quick (scripts/benchmark_site.py: ≤ 2 s at 600 units): the year pages for what grows
    with the units are left out, like the school forms' pages, and the strict build still passes."""
    year = example["year"]
    unit = sorted(u for u, y in example["content"].unit_years if y == year)[0]
    monkeypatch.setenv("SKA_PREVIEW", unit)
    site = build_site(make_project(tmp_path))  # strict: links to pages left out of a preview are not warnings
    summary = read(site, f"ar/{slug(year)}/index.html")
    assert "I korthet" in summary
    for detail in DETAILS:
        assert not (site / f"ar/{slug(year)}/{detail}").exists() and f'href="{detail}/"' in summary
    assert not (site / f"ar/{slug(year)}/grundskola").exists()  # the school forms' pages stay out of a preview


# -- the rules, on their own --------------------------------------------------------------------------

def _row(css: str, other_units: str = "") -> dict:
    return {"trend": {"css": f"ska-trend--{css}"}, "other_units": other_units}


@pytest.mark.parametrize("trends, verdict", [
    (["better", "better", "same"], "met"),
    (["better", "worse"], "partly"),
    (["worse", "same"], "not_met"),
    (["same", "same"], "unknown"),
    ([], "unknown"),  # no indicator
])
def test_a_goal_is_judged_by_the_indicators_that_can_be_judged(trends, verdict):
    assert GlanceViews.goal_verdict([_row(t) for t in trends]) == verdict


def test_the_municipality_is_named_from_the_newest_file_that_names_it(example):
    content, results, year = example["content"], example["results"], example["year"]
    years = dict(content.municipality_years)
    years[year] = dataclasses.replace(years[year], municipality="")
    years[example["last"]] = dataclasses.replace(years[example["last"]], municipality="Nya Åsby kommun")
    views = Views(dataclasses.replace(content, municipality_years=years), results)
    assert views.municipality_name(year) == "Nya Åsby kommun"
    assert views.municipality_name(content.school_years[0]) == "Åsby kommun"


def test_a_staff_figure_is_compared_with_last_years_file(example):
    """This year's file has this year's figure only; the change is from last year's own figure, said so."""
    table = example["page"].split('id="tabell-personal-per-ar"', 1)[1].split("</table>", 1)[0]
    rows = [words(r) for r in table.split("<tr>")[2:]]
    last = example["content"].municipality_years[example["last"]]
    before = next(f for f in last.staff if f.measure == "Sjukfrånvaro" and not f.period)
    assert before.total == 6.9  # the example: 6,9 % in 2023/24 and in 2024/25
    assert rows[0].startswith("Sjukfrånvaro 2024/25 6,9 %") and f"±0,0 procentenheter sedan {example['last']}" in rows[0]
