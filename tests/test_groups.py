"""Population groups beyond total, girls and boys: the catalogue, results' group figures, their
validation, suppression (a group whose rest is small goes too) and where the site shows them."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from ska import pipeline
from ska.analysis.figures import COMPLEMENT
from ska.content.validate import validate
from test_site import build_site, read, text_of

CATALOGUE = """\
groups:
  - id: exkl-nyanlanda
    name: Exklusive nyanlända
    relation: total_minus
    excluded: nyanlända elever
    description: Alla elever utom de som kommit till Sverige de senaste fyra åren.
  - id: sva
    name: Elever med svenska som andraspråk
    relation: subset
"""


def with_catalogue(project: Path, catalogue: str = CATALOGUE) -> Path:
    path = project / "content" / "indicators.yaml"
    path.write_text(path.read_text("utf-8") + catalogue, "utf-8")
    return project


def unit_year(project: Path, groups: str, total: str = "{numerator: 55, denominator: 64}", genders: bool = False) -> Path:
    """The fixture's unit-year file with the yrkesprogram result's total and ``groups`` (YAML lines under it),
    and its girls and boys only with ``genders``."""
    path = project / "content" / "years" / "2024-25" / "units" / "eneskolan.yaml"
    text = path.read_text("utf-8")
    text = text.replace("    total: {numerator: 55, denominator: 64}\n", f"    total: {total}\n    groups:\n{groups}", 1)
    if not genders:
        text = text.replace("    girls: {numerator: 29, denominator: 32}\n    boys: {numerator: 26, denominator: 32}\n", "")
    path.write_text(text, "utf-8")
    return path


def problems(project: Path) -> list:
    return validate(project, use_cache=False).problems


# -- validation ---------------------------------------------------------------------------------------

def test_a_catalogue_group_with_counts_is_valid(project):
    with_catalogue(project)
    unit_year(project, "      - {group: exkl-nyanlanda, numerator: 50, denominator: 52}\n")
    assert problems(project) == []


def test_an_unknown_group_is_named_with_file_line_and_field(project):
    with_catalogue(project)
    path = unit_year(project, "      - {group: exkl-nyanlanda, numerator: 50, denominator: 52}\n"
                              "      - {group: exkl-nyanlande, numerator: 5, denominator: 12}\n")
    [problem] = problems(project)
    assert problem.file == "content/years/2024-25/units/eneskolan.yaml"
    assert problem.line == path.read_text("utf-8").splitlines().index(
        "      - {group: exkl-nyanlande, numerator: 5, denominator: 12}") + 1
    assert problem.field_title == "Grupp"
    assert "”exkl-nyanlande” finns inte i gruppkatalogen" in problem.message
    assert "Menade du ”exkl-nyanlanda”" in problem.hint


def test_a_group_larger_than_the_total_is_an_error(project):
    with_catalogue(project)
    unit_year(project, "      - {group: sva, numerator: 56, denominator: 70}\n")
    found = {(p.field_title, p.message) for p in problems(project)}
    assert ("Nämnare", "Gruppen ”Elever med svenska som andraspråk” har fler (70) än totalt (64).") in found
    assert ("Täljare", "Gruppen ”Elever med svenska som andraspråk” har fler (56) än totalt (55).") in found


def test_a_group_twice_in_one_result_and_a_group_without_figures(project):
    with_catalogue(project)
    unit_year(project, "      - {group: sva, numerator: 5, denominator: 20}\n      - {group: sva}\n")
    messages = [p.message for p in problems(project)]
    assert any("finns flera gånger i resultatet" in m for m in messages)
    assert any(m.startswith("Siffran saknas") for m in messages)


def test_the_catalogue_may_not_reuse_the_sites_own_groups(project):
    with_catalogue(project, CATALOGUE + "  - {id: girls, name: Flickor igen, relation: subset}\n  - {id: sva, name: X, relation: subset}\n")
    found = [(p.field_title, p.message) for p in problems(project)]
    assert ("Gruppens id", "Id:t ”girls” är redan en av sajtens egna grupper.") in found
    assert ("Id", "Gruppen ”sva” finns flera gånger.") in found
    assert ("Namn", "Namnet ”Flickor igen” har redan en annan grupp.") not in found


def test_a_group_name_must_tell_the_group_apart(project):
    with_catalogue(project, CATALOGUE + "  - {id: flickor, name: flickor, relation: subset}\n"
                                        "  - {id: sva2, name: Elever med svenska som andraspråk, relation: subset}\n")
    found = [(p.field_title, p.message) for p in problems(project)]
    assert ("Namn", "Namnet ”flickor” har redan en annan grupp.") in found
    assert found.count(("Namn", "Namnet ”Elever med svenska som andraspråk” har redan en annan grupp.")) == 2


def test_the_relation_to_the_total_is_required(project):
    with_catalogue(project, "groups:\n  - {id: sva, name: Svenska som andraspråk}\n")
    [problem] = problems(project)
    assert problem.file == "content/indicators.yaml" and "relation" in problem.message + problem.hint


# -- suppression --------------------------------------------------------------------------------------

def results_of(project: Path):
    built = pipeline.build(project, use_cache=False)
    assert built.ok, built.report.problems
    return built.results


@pytest.mark.parametrize("left_out, hidden", [(0, False), (1, True), (9, True), (10, False)])
def test_a_group_whose_rest_is_small_is_suppressed_and_the_total_stays(project, left_out, hidden):
    with_catalogue(project)
    unit_year(project, f"      - {{group: exkl-nyanlanda, numerator: {55 - left_out // 2}, denominator: {64 - left_out}}}\n")
    results = results_of(project)
    group = results.unit("eneskolan", "2024/25", "behorighet-yrkesprogram", "", "exkl-nyanlanda")
    total = results.unit("eneskolan", "2024/25", "behorighet-yrkesprogram", "")
    assert not total.suppressed and total.numerator == 55
    assert group.suppressed is hidden
    assert (group.status == COMPLEMENT) is hidden
    town = results.municipality("2024/25", "behorighet-yrkesprogram", "*", "exkl-nyanlanda")
    assert town.suppressed is hidden  # built only from published unit figures
    if hidden:
        assert town.left_out_suppressed == 1 and group.numerator is None and group.denominator is None


def test_a_group_goes_with_its_total(project):
    with_catalogue(project)
    unit_year(project, "      - {group: exkl-nyanlanda, numerator: 50, denominator: 52}\n", total="{status: too_few}")
    group = results_of(project).unit("eneskolan", "2024/25", "behorighet-yrkesprogram", "", "exkl-nyanlanda")
    assert group.suppressed and group.status == COMPLEMENT


def test_the_municipalitys_group_goes_when_its_rest_over_the_units_is_small(project):
    """Two units, each group published beside its total; the municipality's total less its group is
    small only when the units' figures are pooled: one unit's group counts, the other's total is missing."""
    with_catalogue(project)
    unit_year(project, "      - {group: sva, numerator: 20, denominator: 30}\n")
    other = project / "content" / "years" / "2024-25" / "units" / "norrskolan.yaml"
    other.write_text(other.parent.joinpath("eneskolan.yaml").read_text("utf-8")
                     .replace("unit: eneskolan", "unit: norrskolan")
                     .replace("total: {numerator: 55, denominator: 64}", "total: {status: missing}")
                     .replace("{group: sva, numerator: 20, denominator: 30}", "{group: sva, numerator: 20, denominator: 30}"),
                     "utf-8")
    (project / "content" / "units" / "norrskolan.yaml").write_text(
        (project / "content" / "units" / "norrskolan.yaml").read_text("utf-8").replace("closed: 2023-06-30\n", ""), "utf-8")
    results = results_of(project)
    town_total = results.municipality("2024/25", "behorighet-yrkesprogram", "*")
    town_group = results.municipality("2024/25", "behorighet-yrkesprogram", "*", "sva")
    assert town_total.denominator == 64  # one unit's total, the other's is missing
    # the group over both units: 60 pupils, 4 fewer than the total: a small rest, so it goes
    assert town_group.suppressed and town_group.status == COMPLEMENT


def test_an_official_group_whose_rest_is_small_is_suppressed(project):
    with_catalogue(project)
    path = project / "content" / "years" / "2024-25" / "municipality.yaml"
    path.write_text(path.read_text("utf-8") + """\
results:
  - indicator: behorighet-yrkesprogram
    source: Skolverket
    scope: all
    total: {numerator: 900, denominator: 1000}
    groups:
      - {group: exkl-nyanlanda, numerator: 895, denominator: 995}
      - {group: sva, numerator: 100, denominator: 150}
""", "utf-8")
    results = results_of(project)
    small = results.official("2024/25", "behorighet-yrkesprogram", "*", "exkl-nyanlanda").figure
    large = results.official("2024/25", "behorighet-yrkesprogram", "*", "sva").figure
    assert small.suppressed and small.status == COMPLEMENT
    assert not large.suppressed and large.denominator == 150
    assert not results.official("2024/25", "behorighet-yrkesprogram", "*").figure.suppressed


# -- the site -----------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def site(tmp_path_factory):
    from conftest import write_project
    project = with_catalogue(write_project(tmp_path_factory.mktemp("groups") / "project"))
    unit_year(project, "      - {group: exkl-nyanlanda, numerator: 50, denominator: 52}\n"
                       "      - {group: sva, numerator: 5, denominator: 20}\n", genders=True)
    path = project / "content" / "years" / "2024-25" / "units" / "eneskolan.yaml"
    # a second result whose group's rest is small: shown as ".."
    path.write_text(path.read_text("utf-8").replace("  - indicator: meritvarde-ak9\n    window: VT 2025\n    total: {value: 231.5}\n",
                                                    "  - indicator: meritvarde-ak9\n    window: VT 2025\n"
                                                    "    total: {denominator: 64, value: 231.5}\n"
                                                    "    groups:\n      - {group: exkl-nyanlanda, denominator: 60, value: 235.0}\n"),
                    "utf-8")
    municipality = project / "content" / "years" / "2024-25" / "municipality.yaml"
    municipality.write_text(municipality.read_text("utf-8") + """\
results:
  - indicator: behorighet-yrkesprogram
    source: Skolverket, 2025-09-30
    scope: all
    total: {numerator: 900, denominator: 1000}
    groups:
      - {group: exkl-nyanlanda, value: 91.2}
      - {group: sva, numerator: 895, denominator: 995}
""", "utf-8")
    for name in ("mkdocs.yml", "docs"):
        source = Path(__file__).resolve().parent.parent / name
        if source.is_dir():
            import shutil
            shutil.copytree(source, project / name)
        else:
            (project / name).write_text(source.read_text("utf-8"), "utf-8")
    return build_site(project)


def test_the_unit_year_page_shows_groups_with_their_names_and_the_municipality(site):
    html = read(site, "enheter/eneskolan/2024-25/index.html")
    text = text_of(html)
    assert "Andra elevgrupper" in text
    assert "Exklusive nyanlända" in text and "Elever med svenska som andraspråk" in text
    assert 'title="50 av 52"' in html and 'title="5 av 20"' in html
    assert "96,2" in text  # 50 of 52 = 96.15…, rounded half-up once
    assert "1 av 1 enhet" in text  # the municipality's figure for the group says what it covers
    # the merit value without newcomers leaves out 4 pupils: suppressed, the total stays
    row = next(r for r in html.split("<tr>") if "meritvarde-ak9" in r and "Exklusive nyanlända" in r)
    assert 'class="ska-suppressed"' in row and "235" not in row and "231,5" in row
    assert "(räknas inte: nyanlända elever)" in text


def test_a_unit_year_without_groups_shows_nothing_of_them(site):
    html = read(site, "enheter/norrskolan/index.html") if (site / "enheter/norrskolan/index.html").exists() else ""
    assert "Andra elevgrupper" not in html
    assert "Andra elevgrupper" not in read(site, "indikatorer/trygghet-index/index.html")
    assert "Elevgrupper" not in read(site, "indikatorer/trygghet-index/index.html")


def test_the_indicator_page_shows_the_municipalitys_group_rows_and_the_catalogue(site):
    html = read(site, "indikatorer/behorighet-yrkesprogram/index.html")
    text = text_of(html)
    assert "Elevgrupper" in text and "Alla elever utom de som kommit till Sverige de senaste fyra åren." in text
    row = next(r for r in html.split("<tr>") if "Exklusive nyanlända" in r and "ska-num" in r)
    assert 'title="50 av 52"' in row and "1 av 1 enhet" in text_of(row)


def test_the_download_names_the_group(site):
    rows = list(csv.DictReader(io.StringIO((site / "ar/2024-25/resultat-2024-25.csv").read_text("utf-8-sig")),
                               delimiter=";"))
    groups = {r["Grupp"] for r in rows}
    assert {"Totalt", "Exklusive nyanlända", "Elever med svenska som andraspråk"} <= groups
    merit = [r for r in rows if r["Indikator"] == "meritvarde-ak9" and r["Grupp"] == "Exklusive nyanlända"]
    assert merit and all(r["Värde"] == "" and r["Nämnare"] == "" for r in merit)


# -- a new year and the year diff ---------------------------------------------------------------------

def test_a_new_year_starts_with_empty_results_and_keeps_the_catalogue(project):
    from ska.workflow.rollover import start_year
    with_catalogue(project)
    unit_year(project, "      - {group: exkl-nyanlanda, numerator: 50, denominator: 52}\n")
    catalogue = (project / "content" / "indicators.yaml").read_bytes()
    start_year(project, "2025/26")
    new = (project / "content" / "years" / "2025-26" / "units" / "eneskolan.yaml").read_text("utf-8")
    assert "results: []" in new and "exkl-nyanlanda" not in new
    assert (project / "content" / "indicators.yaml").read_bytes() == catalogue
    assert [p for p in problems(project) if p.is_error] == []


def test_the_year_diff_names_a_group_by_its_catalogue_name(project):
    from ska.workflow import diff
    with_catalogue(project)
    unit_year(project, "      - {group: exkl-nyanlanda, numerator: 50, denominator: 52}\n"
                       "      - {group: sva, numerator: 5, denominator: 20}\n")
    new = project / "content" / "years" / "2024-25" / "units" / "eneskolan.yaml"
    old = project / "content" / "years" / "2023-24" / "units" / "eneskolan.yaml"
    old.parent.mkdir(parents=True)
    old.write_text(new.read_text("utf-8").replace("2024/25", "2023/24")
                   .replace("numerator: 50, denominator: 52", "numerator: 45, denominator: 50")
                   .replace("{group: sva, numerator: 5, denominator: 20}", "{group: sva, status: too_few}"), "utf-8")
    text = diff.format_text(diff.run("2023/24", "2024/25", "eneskolan", project)).replace("\u00a0", " ")
    assert "~ Behörighet yrkesprogram, Exklusive nyanlända: 90,0 % → 96,2 % (+6,2 procentenheter)" in text
    assert "andraspråk" not in text  # suppressed the year before: never compared
    town = diff.format_text(diff.run("2023/24", "2024/25", None, project)).replace("\u00a0", " ")
    assert "~ Behörighet yrkesprogram, Exklusive nyanlända: 90,0 % → 96,2 %" in town


def test_the_years_page_of_results_by_stage_and_gender_shows_the_municipalitys_groups(site):
    html = read(site, "ar/2024-25/kon/index.html")
    tables = html.split("ska-group-rows", 1)
    assert len(tables) == 2 and "Andra elevgrupper" in text_of(tables[0])
    rows = tables[1].split("</table>", 1)[0]
    assert "Exklusive nyanlända" in rows and 'title="50 av 52"' in rows and 'title="55 av 64"' in rows
    merit = next(r for r in rows.split("<tr>") if "meritvarde-ak9" in r)
    assert 'class="ska-suppressed"' in merit and "235" not in merit


def test_the_indicator_page_shows_official_group_figures_beside_the_units(site):
    html = read(site, "indikatorer/behorighet-yrkesprogram/index.html")
    table = html.split("ska-official-groups", 1)[1].split("</table>", 1)[0]
    rows = {r.split("</td>", 1)[0].rsplit(">", 1)[-1]: r for r in table.split("<tr>")[2:]}
    assert set(rows) == {"Exklusive nyanlända", "Elever med svenska som andraspråk"}
    assert "91,2" in rows["Exklusive nyanlända"] and "Skolverket, 2025-09-30" in rows["Exklusive nyanlända"]
    assert 'title="50 av 52"' in rows["Exklusive nyanlända"]  # the group's figure from the units beside it
    # 995 of the official 1 000 pupils: the rest, 5 pupils, would be a small group: not shown
    assert 'class="ska-suppressed"' in rows["Elever med svenska som andraspråk"] and "895" not in table
