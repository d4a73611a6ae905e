"""The municipality's official figures (Skolverket, Kolada): written in municipality.yaml under
``results`` with a source and a scope, shown beside the figure computed from the units, never
counted as a unit, charted over the years (also before the site's units) and downloadable."""

from __future__ import annotations

import csv
import html
import io
import json
import re
from pathlib import Path

import pytest

from ska import pipeline
from ska import model
from ska.analysis.results import Results
from ska.domain import ALL_STAGES
from ska.analysis.official import SMALL_DIFFERENCE
from ska.content.validate import validate
from ska.site.views import Views, coverage

from test_site import build_site, make_project, read, text_of

MUNICIPALITY = "content/years/2024-25/municipality.yaml"
EARLY = "content/years/2021-22/municipality.yaml"
MODELINE = "# yaml-language-server: $schema=../../../schemas/municipality-year.schema.json\n"

OFFICIAL = """\
results:
  - indicator: behorighet-yrkesprogram
    window: VT 2025
    source: Skolverket, 2025-09-30
    scope: all
    total: {numerator: 75, denominator: 88}
    girls: {value: 88.1}
    boys: {value: 82.6}
    note: Omfattar även en fristående skola.
  - indicator: meritvarde-ak9
    source: Kolada N15505
    scope: own
    total: {value: 231.5}
"""


def add_to_municipality(project: Path, text: str) -> None:
    path = project / MUNICIPALITY
    path.write_text(path.read_text("utf-8") + text, encoding="utf-8")


def write(project: Path, name: str, text: str) -> None:
    path = project / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def content_of(project: Path) -> model.Content:
    built = pipeline.build(project, use_cache=False)
    assert built.ok, [(p.file, p.line, p.message) for p in built.report.errors]
    return built.content


def errors(project: Path) -> list:
    return validate(project, use_cache=False).errors


# -- the format ---------------------------------------------------------------

def test_official_results_and_a_year_of_official_figures_only_are_valid(project):
    add_to_municipality(project, OFFICIAL)
    write(project, EARLY, MODELINE + """\
school_year: 2021/22
results:
  - indicator: meritvarde-ak9
    source: Kolada N15505
    scope: own
    total: {denominator: 60, value: 228.4}
  - indicator: behorighet-yrkesprogram
    source: Skolverket
    scope: all
    total: {status: too_few}
""")
    content = content_of(project)
    official = content.municipality_years["2024/25"].results
    assert [(r.indicator, r.source, r.scope) for r in official] == [
        ("behorighet-yrkesprogram", "Skolverket, 2025-09-30", "all"), ("meritvarde-ak9", "Kolada N15505", "own")]
    assert isinstance(official[0], model.OfficialResult) and official[0].total.numerator == 75
    # a year of official figures only is not a year of the site's quality work, but it is an official year
    assert content.municipality_years["2021/22"].official_only
    assert content.school_years == ["2024/25"]
    assert content.official_years == ["2021/22", "2024/25"]


@pytest.mark.parametrize("missing, title", [("source", "Källa"), ("scope", "Omfattning")])
def test_an_official_figure_without_source_or_scope_is_a_clear_problem(project, missing, title):
    text = OFFICIAL.replace("    source: Kolada N15505\n" if missing == "source" else "    scope: own\n", "")
    add_to_municipality(project, text)
    found = errors(project)
    assert len(found) == 1, [p.message for p in found]
    problem = found[0]
    assert problem.file == MUNICIPALITY
    assert problem.message == f"Fältet ”{title}” ({missing}) saknas."
    assert f"{missing}:" in problem.hint
    lines = (project / MUNICIPALITY).read_text("utf-8").splitlines()
    assert lines[problem.line - 1].strip() == "- indicator: meritvarde-ak9"  # the official figure it belongs to


def test_a_year_without_goal_areas_needs_official_figures(project):
    write(project, EARLY, MODELINE + "school_year: 2021/22\nsummary: Före sajten.\n")
    [problem] = errors(project)
    assert problem.file == EARLY and "(goal_areas) saknas" in problem.message and problem.line


def test_an_unknown_scope_names_the_allowed_ones(project):
    add_to_municipality(project, OFFICIAL.replace("scope: all", "scope: kommunen"))
    [problem] = errors(project)
    assert "own, all" in problem.message and "kommunens egna skolor" in problem.hint


@pytest.mark.parametrize("change, message", [
    (("indicator: meritvarde-ak9", "indicator: meritvarde-ak99"), "finns inte i indikatorkatalogen"),
    (("{numerator: 75, denominator: 88}", "{numerator: 95, denominator: 88}"), "Täljaren (95) är större än nämnaren (88)"),
    (("    girls: {value: 88.1}\n    boys: {value: 82.6}\n",
      "    girls: {numerator: 40, denominator: 40}\n    boys: {numerator: 35, denominator: 40}\n"),
     "Flickor (40) och pojkar (40) blir 80, men totalt står 88"),
    (("    source: Kolada N15505\n", "    stage: åk 10\n    source: Kolada N15505\n"), "inte ett tillåtet värde"),
    (("  - indicator: meritvarde-ak9\n", "  - indicator: behorighet-yrkesprogram\n"), "Den officiella siffran för"),
])
def test_official_figures_follow_the_units_rules(project, change, message):
    add_to_municipality(project, OFFICIAL.replace(*change))
    found = errors(project)
    assert any(message in p.message for p in found), [p.message for p in found]
    assert all(p.file == MUNICIPALITY and p.line for p in found)


# -- the numbers -----------------------------------------------------------------

def test_an_official_figure_never_counts_as_a_unit_nor_in_coverage(project):
    before = Results(content_of(project))
    add_to_municipality(project, OFFICIAL)
    content = content_of(project)
    results = Results(content)
    # the computed figures, their coverage and the tidy table are exactly as without official figures
    assert results.towns == before.towns
    assert results.table.equals(before.table)
    computed = results.municipality("2024/25", "behorighet-yrkesprogram", ALL_STAGES)
    assert computed.units_covered == 1 and computed.denominator == 64
    official = results.official("2024/25", "behorighet-yrkesprogram", ALL_STAGES)
    assert official.source == "Skolverket, 2025-09-30" and official.scope == "all"
    assert official.figure.denominator == 88 and official.figure.value * 88 == 75 * 100
    assert official.figure.units_covered == 0 and official.figure.units_reporting == 0
    assert coverage(official.figure, content.indicators["behorighet-yrkesprogram"]) is None
    # given without counts, as written (88.1, one decimal)
    girls = results.official("2024/25", "behorighet-yrkesprogram", ALL_STAGES, "girls").figure
    assert (float(girls.value), girls.decimals) == (88.1, 1)
    assert set(results.official_table["school_year"]) == {"2024/25"}
    assert "kommunen (officiell)" not in set(results.table["unit"])


def test_official_figures_are_suppressed_like_the_units(project):
    add_to_municipality(project, OFFICIAL.replace("total: {numerator: 75, denominator: 88}", "total: {status: too_few}")
                        .replace("total: {value: 231.5}", "total: {denominator: 8, value: 231.5}"))
    results = Results(content_of(project))
    total = results.official("2024/25", "behorighet-yrkesprogram", ALL_STAGES).figure
    assert total.suppressed and total.value is None and total.status == "too_few"
    girls = results.official("2024/25", "behorighet-yrkesprogram", ALL_STAGES, "girls").figure
    assert girls.suppressed and girls.value is None  # girls + boys would give the total back
    small = results.official("2024/25", "meritvarde-ak9", ALL_STAGES).figure
    assert small.suppressed and small.status == "too_few" and small.denominator is None


def test_an_official_figure_a_few_pupils_from_the_computed_one_is_suppressed(project):
    # 64 pupils on the site, 70 in the official figure: subtracting would give 6 pupils' figure back
    add_to_municipality(project, OFFICIAL.replace("{numerator: 75, denominator: 88}", "{numerator: 60, denominator: 70}"))
    results = Results(content_of(project))
    official = results.official("2024/25", "behorighet-yrkesprogram", ALL_STAGES).figure
    assert official.suppressed and official.status == SMALL_DIFFERENCE and official.numerator is None
    assert results.official("2024/25", "behorighet-yrkesprogram", ALL_STAGES, "girls").figure.suppressed
    assert results.official_table.query("suppressed")["exact"].isna().all()


def test_the_difference_is_explained_in_words(project):
    add_to_municipality(project, OFFICIAL)
    content = content_of(project)
    views = Views(content, Results(content))
    shown = views.official("2024/25", content.indicators["behorighet-yrkesprogram"])
    assert shown["cell"].text == "85,2\u00a0%" and shown["computed"].text == "85,9\u00a0%"
    assert shown["source"] == "Skolverket, 2025-09-30" and shown["scope"] == "alla huvudmän i kommunen"
    assert shown["differs"] and shown["coverage"]["text"].startswith("1 av 1 enhet")
    assert shown["explanation"].startswith("Den officiella siffran omfattar alla huvudmän i kommunen")
    assert "enheterna på sajten ger 85,9\u00a0% (1 av 1 enhet" in shown["explanation"]
    assert "bygger på 88 elever i åk 9, enheternas på 64" in shown["explanation"]
    none = views.official("2024/25", content.indicators["meritvarde-ak9"])  # the unit gives a value, no pupils
    assert not none["differs"] and none["explanation"] == (
        "Enheterna på sajten ger ingen siffra för kommunen (1 enhet saknar antal och ingår inte).")
    page = views.year_summary("2024/25").context
    assert [o["indicator"].id for o in page["officials"]] == ["behorighet-yrkesprogram", "meritvarde-ak9"]
    row = next(r for a in page["goal_areas"] for g in a["goals"] for r in g["rows"])
    assert row["official"]["source"] == "Skolverket, 2025-09-30"


def test_figures_that_differ_only_by_rounding_agree(project):
    # 55 of 64 is 85.9375 %: the source's 85.9 is the same figure, rounded
    add_to_municipality(project, OFFICIAL.replace("total: {numerator: 75, denominator: 88}", "total: {value: 85.9}")
                        .replace("scope: all", "scope: own"))
    content = content_of(project)
    shown = Views(content, Results(content)).official("2024/25", content.indicators["behorighet-yrkesprogram"])
    assert not shown["differs"] and shown["explanation"] == (
        "Den officiella siffran och siffran från enheterna på sajten stämmer överens.")
    assert shown["cell"].text == shown["computed"].text == "85,9\u00a0%"


# -- the example site -----------------------------------------------------------

@pytest.fixture(scope="module")
def example(tmp_path_factory) -> Path:
    project = make_project(tmp_path_factory.mktemp("official"))
    build_site(project)
    return project


def words(html_text: str) -> str:
    """The visible text with runs of white space (non-breaking too) as one space."""
    return re.sub(r"\s+", " ", text_of(html_text))


def official_section(example: Path, year: str) -> str:
    page = read(example / "site", f"ar/{year}/index.html")
    section = words(page[page.index('id="kommunens-officiella-siffror"'):])
    return section[:section.index("Resultat per stadium och kön")]


def test_year_page_shows_the_official_figure_with_its_source_beside_the_computed_one(example):
    section = official_section(example, "2024-25")
    assert "Meritvärde åk 9 (VT 2025) 228,0 Kolada N15505 kommunens egna skolor 228,0 6 av 6 enheter" in section
    assert "stämmer överens" in section
    row = section[section.index("Behörighet yrkesprogram"):]
    assert re.search(r"Behörighet yrkesprogram \(VT 2025\) \d+,\d % Skolverket, 2025-09-30 alla huvudmän i kommunen "
                     r"\d+,\d % 6 av 6 enheter", row)
    assert "Den officiella siffran omfattar alla huvudmän i kommunen, även fristående skolor" in row
    assert "enheterna på sajten ger" in row and "Skillnad: +" in row
    assert "Den officiella siffran bygger på 481 elever i årskurs 9, enheternas på 433." in row
    assert "Åsby friskola" in row


def test_an_official_figure_that_would_give_back_a_hidden_unit_shows_dots_and_why(example):
    # 2023/24: Hagaskolan's eligibility is "~100" and the only unit left out of the computed figure, so the
    # official figure less the computed one would be Hagaskolan's hidden counts
    row = official_section(example, "2023-24")
    row = row[row.index("Behörighet yrkesprogram"):]
    assert row.startswith("Behörighet yrkesprogram (VT 2024) .. Skolverket, 2024-09-30")
    assert "skillnaden mellan de två skulle ge tillbaka den" in row


def test_start_page_names_the_official_figures(example):
    page = words(read(example / "site", "index.html"))
    assert "Kommunens officiella siffror 2024/25:" in page and "(Kolada N15505; kommunens egna skolor)" in page


def charts(page: str) -> list[dict]:
    return [json.loads(html.unescape(m)) for m in re.findall(r'data-figure="([^"]*)"', page)]


def test_indicator_chart_has_the_official_series_with_the_years_before_the_site(example):
    page = read(example / "site", "indikatorer/meritvarde-ak9/index.html")
    [figure] = charts(page)
    official = [t for t in figure["data"] if t["name"].startswith("Officiell siffra")]
    assert [t["name"] for t in official] == ["Officiell siffra (Kolada N15505)"]
    assert official[0]["x"] == ["2019/20", "2020/21", "2021/22", "2022/23", "2023/24", "2024/25"]
    assert official[0]["y"][:3] == [219.6, 217.9, 220.8] and official[0]["line"] == {"dash": "dash"}
    totals = next(t for t in figure["data"] if t["name"] == "Totalt")
    assert totals["x"][0] == "2022/23"  # the computed series starts with the site's units
    assert figure["layout"]["xaxis"]["categoryarray"][0] == "2019/20"
    assert "shapes" not in figure["layout"]  # one definition (17 ämnen) in all these years: no series break
    text = words(page)
    assert "2019/20 219,6 Kolada N15505 kommunens egna skolor – Läsåret 2019/20 är från innan enheterna" in text
    # the years before the site are no year pages of their own
    assert not (example / "site" / "ar" / "2019-20").exists()


def test_downloads_hold_the_official_rows(example):
    data = (example / "site" / "ar" / "2024-25" / "resultat-2024-25.csv").read_bytes().decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(data), delimiter=";"))
    official = [r for r in rows if r["Enhet"] == "kommunen (officiell)"]
    assert {(r["Indikator"], r["Grupp"]) for r in official} == {
        (i, g) for i in ("meritvarde-ak9", "behorighet-yrkes-ak9") for g in ("Totalt", "Flickor", "Pojkar")} | {
        ("behorighet-yrkes-ak9", "Exklusive nyanlända")}  # a catalogue group the source publishes
    merit = next(r for r in official if r["Indikator"] == "meritvarde-ak9" and r["Grupp"] == "Totalt")
    assert merit["Källa"] == "Kolada N15505" and merit["Omfattar"] == "kommunens egna skolor"
    assert merit["Värde"] == "228,0" and merit["Stadium"] == "alla stadier" and merit["Mättillfälle"] == "VT 2025"
    eligible = next(r for r in official if r["Indikator"] == "behorighet-yrkes-ak9" and r["Grupp"] == "Totalt")
    assert eligible["Källa"] == "Skolverket, 2025-09-30" and eligible["Omfattar"] == "alla huvudmän i kommunen"
    computed = next(r for r in rows if r["Enhet"] == "kommunen" and r["Indikator"] == "behorighet-yrkes-ak9"
                    and r["Grupp"] == "Totalt")
    assert eligible["Nämnare"] != computed["Nämnare"]  # official and computed side by side, never merged
