"""Reference series on the site: dotted lines and a table on an indicator's page, a column per series on a
unit's year page, a table in the year summary and rows in the downloads; each figure labelled with its
series, source and window, and never counted in the municipality's figures."""

from __future__ import annotations

import csv
import html
import io
import json
import re
import shutil
from pathlib import Path

import pytest

from ska import pipeline
from ska.analysis.results import Results
from ska.domain import ALL_STAGES

from test_references import CATALOGUE, FIGURES, with_references
from test_site import REPO, build_site, read, text_of


def words(page: str) -> str:
    return re.sub(r"\s+", " ", text_of(page))


def charts(page: str) -> list[dict]:
    return [json.loads(html.unescape(m)) for m in re.findall(r'data-figure="([^"]*)"', page)]


def site_of(project: Path) -> Path:
    shutil.copytree(REPO / "docs", project / "docs")
    shutil.copy(REPO / "mkdocs.yml", project / "mkdocs.yml")
    return build_site(project)


@pytest.fixture
def site(project) -> Path:
    return site_of(with_references(project))


def test_the_indicator_page_draws_each_series_as_a_dotted_line_and_lists_it_with_source_and_window(site):
    page = read(site, "indikatorer/meritvarde-ak9/index.html")
    [figure] = charts(page)
    riket = [t for t in figure["data"] if t["name"].startswith("Riket")]
    assert [(t["name"], t["y"], t["line"]) for t in riket] == [("Riket (Kolada N15505)", [229.8], {"dash": "dot"})]
    assert "jämförelse: Riket: Kolada N15505." in words(page)
    text = words(page)
    assert ("Genomsnittligt meritvärde åk 9, jämförelseserier Läsår Jämförelseserie Totalt Flickor Pojkar "
            "Mättillfälle Källa 2024/25 Riket 229,8 240,1 219,9 VT 2025 Kolada N15505, hämtad 2025-10-01") in text
    # the other series has no figure for this indicator: not shown here
    assert "Liknande kommuner" not in text
    other = words(read(site, "indikatorer/behorighet-yrkesprogram/index.html"))
    assert "2024/25 Liknande kommuner 88,0 % 91,8 % 84,3 % Kolada N15419 Medelvärde för gruppen." in other


def test_the_unit_year_page_has_a_line_per_series_under_a_result_that_has_one(site):
    page = read(site, "enheter/eneskolan/2024-25/index.html")
    table = page[page.index('id="tabell-resultat"'):]
    table = table[:table.index("</table>")]
    merit = next(r for r in table.split("<tr>") if "meritvarde-ak9" in r)
    assert ('<span class="ska-result-note">Riket: 229,8 (Kolada N15505 · VT 2025)</span></td>' in merit)
    assert "Liknande kommuner" not in merit  # no figure of that series for this indicator
    eligible = next(r for r in table.split("<tr>") if "behorighet-yrkesprogram" in r)
    assert '<span class="ska-result-note">Liknande kommuner: 88,0\u00a0% (Kolada N15419)</span></td>' in eligible
    assert "Riket" not in eligible
    assert table.count("<th ") == 8  # no column more: the series are lines where they have a figure


def test_a_unit_year_page_without_reference_figures_is_as_before(project):
    before = read(site_of(project), "enheter/eneskolan/2024-25/index.html")
    assert "Jämförelseserie" not in before and "Riket" not in before


def test_the_year_summary_sets_the_series_beside_the_municipalitys_figure(site):
    text = words(read(site, "ar/2024-25/index.html"))
    section = text[text.index("Jämförelse med riket och andra kommuner"):]
    assert ("Indikator Kommunen (enheterna) Riket Liknande kommuner "
            "Behörighet yrkesprogram 85,9 % 1 av 1 enhet · 64 elever i åk 9 – 88,0 % Kolada N15419 "
            "Genomsnittligt meritvärde åk 9 –") in section
    assert "229,8 Kolada N15505 · VT 2025 –" in section


def test_a_year_without_reference_figures_has_no_comparison_section(project):
    append = project / "content/indicators.yaml"
    append.write_text(append.read_text("utf-8") + CATALOGUE, "utf-8")
    assert "Jämförelse med riket" not in read(site_of(project), "ar/2024-25/index.html")


def test_a_small_or_marked_reference_figure_is_suppressed_with_what_gives_it_back(project):
    with_references(project, figures=FIGURES.replace("girls: {value: 240.1}", "girls: {status: too_few}")
                    .replace("{numerator: 880, denominator: 1000}", "{numerator: 8, denominator: 9}")
                    .replace("{numerator: 450, denominator: 490}", "{numerator: 4, denominator: 4}")
                    .replace("{numerator: 430, denominator: 510}", "{numerator: 4, denominator: 5}"))
    results = Results(pipeline.build(project, use_cache=False).content)
    girls = results.reference("2024/25", "meritvarde-ak9", ALL_STAGES, "riket", "girls").figure
    boys = results.reference("2024/25", "meritvarde-ak9", ALL_STAGES, "riket", "boys").figure
    total = results.reference("2024/25", "meritvarde-ak9", ALL_STAGES, "riket").figure
    assert girls.suppressed and boys.suppressed and boys.value is None and not total.suppressed
    small = [results.reference("2024/25", "behorighet-yrkesprogram", ALL_STAGES, "liknande-kommuner", g).figure
             for g in ("total", "girls", "boys")]
    assert all(f.suppressed and f.value is None and f.numerator is None for f in small)
    page = read(site_of(project), "indikatorer/meritvarde-ak9/index.html")
    row = next(r for r in page.split("<tr>") if r.startswith('<th scope="row">2024/25</th><td>Riket</td>'))
    assert row.count('class="ska-suppressed"') == 2 and "219,9" not in page


def test_the_downloads_hold_the_reference_rows_with_their_source(site):
    data = (site / "ar" / "2024-25" / "resultat-2024-25.csv").read_bytes().decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(data), delimiter=";"))
    riket = [r for r in rows if r["Enhet"] == "riket (jämförelse)"]
    assert [(r["Enhetens namn"], r["Indikator"], r["Grupp"], r["Värde"]) for r in riket] == [
        ("Riket", "meritvarde-ak9", g, v) for g, v in (("Flickor", "240,1"), ("Pojkar", "219,9"), ("Totalt", "229,8"))]
    assert {r["Källa"] for r in riket} == {"Kolada N15505, hämtad 2025-10-01"}
    assert {r["Mättillfälle"] for r in riket} == {"VT 2025"} and {r["Stadium"] for r in riket} == {"alla stadier"}
    group = next(r for r in rows if r["Enhet"] == "liknande-kommuner (jämförelse)" and r["Grupp"] == "Totalt")
    assert (group["Täljare"], group["Nämnare"], group["Anmärkning"]) == ("880", "1000", "Medelvärde för gruppen.")
    town = next(r for r in rows if r["Enhet"] == "kommunen" and r["Indikator"] == "behorighet-yrkesprogram"
                and r["Grupp"] == "Totalt")
    assert town["Nämnare"] == "64"  # the computed figure stays the units' alone
