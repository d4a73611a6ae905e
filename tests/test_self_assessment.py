"""Self-assessment (normalläge) from a catalogue: content/self_assessment.yaml names the rater roles and
the strategies with their criteria; a unit's or the municipality's assessment may use only those. Without
the file, the four roles of old apply and criteria are free text. Published means are stored with their
source and shown apart from the means the site computes."""

from __future__ import annotations

import re

from fractions import Fraction
from pathlib import Path

import pytest

from ska import model
from ska.analysis.score_diff import score_changes
from ska.workflow import rollover
from ska.workflow.diff import format_text, run
from ska.content.validate import validate

from test_site import build_site, make_project, read, text_of

UNIT_YEAR = "content/years/2024-25/units/eneskolan.yaml"
MUNICIPALITY = "content/years/2024-25/municipality.yaml"
CATALOGUE = "content/self_assessment.yaml"

CATALOGUE_TEXT = """\
# yaml-language-server: $schema=../schemas/self-assessment.schema.json
source: Kvalitetsplaner 2018/19
roles:
  - code: VC
    name: Verksamhetschef
    meaning: verksamhetschefer
  - code: R
    name: Rektor
  - code: L
    name: Skolledningen
    meaning: skolledningen i Lärande och hälsa
  - code: M
    name: Medarbetarna
    meaning: medarbetarna i Lärande och hälsa
strategies:
  - id: pedagogisk-ledning
    name: Pedagogisk ledning
    criteria:
      - id: pl-1
        text: Ledningen är i ord och handling tydlig med mål och verksamhetsidé.
      - id: pl-2
        text: Ledningen leder och driver ett systematiskt kvalitetsarbete.
  - id: larande-organisation
    name: Lärande organisation
    criteria:
      - id: lo-1
        text: I organisationen finns en ansvarskultur.
"""


def assessment(body: str) -> str:
    """The fixture's unit-year file with ``body`` as its self-assessment."""
    return ("# yaml-language-server: $schema=../../../../schemas/unit-year.schema.json\n"
            f"unit: eneskolan\nschool_year: 2024/25\nself_assessment:\n{body}")


def problems(project: Path, name: str = UNIT_YEAR) -> list:
    return [p for p in validate(project, use_cache=False).errors if p.file == name]


def one(project: Path, name: str = UNIT_YEAR):
    found = problems(project, name)
    assert len(found) == 1, [p.message for p in found]
    return found[0]


@pytest.fixture
def catalogued(project: Path) -> Path:
    (project / CATALOGUE).write_text(CATALOGUE_TEXT, "utf-8")
    return project


# -- without a catalogue: today's content stays valid ------------------------------------------------


def test_without_catalogue_free_text_and_the_four_roles_stay_valid(project):
    (project / UNIT_YEAR).write_text(assessment(
        "  - strategy: Pedagogisk ledning\n    criteria:\n"
        "      - text: Rektor leder arbetet.\n        scores: {U: 3, VC: 3.5, R: 4, FL: 2}\n"), "utf-8")
    assert problems(project) == []
    content = model.from_documents(validate(project, use_cache=False).documents)
    assert [r.code for r in content.self_assessment.roles] == ["U", "VC", "R", "FL"]
    assert content.self_assessment.role("FL").meaning == "förskolans ledningsgrupper eller liknande"


def test_without_catalogue_other_roles_and_criterion_ids_are_refused(project):
    (project / UNIT_YEAR).write_text(assessment(
        "  - strategy: Pedagogisk ledning\n    criteria:\n"
        "      - text: Rektor leder arbetet.\n        scores: {L: 3}\n"
        "      - id: pl-1\n        scores: {R: 3}\n"), "utf-8")
    found = {p.message: p for p in problems(project)}
    assert len(found) == 2, list(found)
    role = next(p for m, p in found.items() if "”L”" in m)
    assert (role.line, role.field_title) == (8, "Bedömarroll")
    assert "content/self_assessment.yaml" in role.hint and "U, VC, R och FL" in role.message
    criterion = next(p for m, p in found.items() if "pl-1" in m)
    assert criterion.line == 9 and "ingen katalog" in criterion.message


# -- with a catalogue ------------------------------------------------------------------------------


def test_catalogue_roles_strategies_and_criteria_by_id_or_text_are_valid(catalogued):
    (catalogued / UNIT_YEAR).write_text(assessment(
        "  - strategy: pedagogisk-ledning\n    criteria:\n"
        "      - id: pl-1\n        scores: {L: 4, M: 2.9}\n"
        "      - text: |\n          Ledningen leder och driver\n          ett systematiskt kvalitetsarbete.\n"
        "        scores: {L: 4.3, M: 3}\n"
        "  - strategy: Lärande organisation\n    criteria:\n      - id: lo-1\n        scores: {R: 3}\n"), "utf-8")
    assert problems(catalogued) == []
    assert validate(catalogued, use_cache=False).errors == []


def test_unknown_role_in_the_catalogue_is_an_error_with_line_and_what_to_do(catalogued):
    (catalogued / UNIT_YEAR).write_text(assessment(
        "  - strategy: pedagogisk-ledning\n    criteria:\n      - id: pl-1\n        scores: {FL: 3}\n"), "utf-8")
    problem = one(catalogued)
    assert problem.message == "Bedömarrollen ”FL” finns inte i content/self_assessment.yaml."
    assert problem.line == 8 and "L, M, R, VC" in problem.hint and "lägg till rollen" in problem.hint


def test_unknown_strategy_and_criterion(catalogued):
    (catalogued / UNIT_YEAR).write_text(assessment(
        "  - strategy: Kvalitet i lärandet\n    criteria:\n      - id: pl-1\n        scores: {R: 3}\n"
        "  - strategy: pedagogisk-ledning\n    criteria:\n"
        "      - id: pl-9\n        scores: {R: 3}\n"
        "      - id: lo-1\n        scores: {R: 3}\n"
        "      - text: Ett kriterium som inte finns.\n        scores: {R: 3}\n"), "utf-8")
    found = sorted(problems(catalogued), key=lambda p: p.line)
    assert [p.line for p in found] == [5, 11, 13, 15], [p.message for p in found]
    strategy, missing, elsewhere, text = found
    assert "Strategin ”Kvalitet i lärandet” finns inte" in strategy.message
    assert "pedagogisk-ledning (Pedagogisk ledning)" in strategy.hint
    assert "Kriteriet ”pl-9” finns inte under strategin ”Pedagogisk ledning”" in missing.message
    assert "pl-1, pl-2" in missing.hint
    assert "hör till strategin ”Lärande organisation”" in elsewhere.hint
    assert text.field_title == "Kriterium" and "Skriv id:" in text.hint


def test_published_means_roles_are_checked_too(catalogued):
    (catalogued / MUNICIPALITY).write_text((catalogued / MUNICIPALITY).read_text("utf-8") + (
        "self_assessment:\n  - strategy: pedagogisk-ledning\n    criteria:\n"
        "      - id: pl-1\n        scores: {VC: 3.5}\n"
        "    published_means:\n      means: {VC: 3.5, U: 3.7}\n      source: Kvalitetsrapport 2024/25\n"), "utf-8")
    problem = one(catalogued, MUNICIPALITY)
    assert "”U”" in problem.message and problem.path[-3:] == ("published_means", "means", "U") and problem.line == 34


def test_a_published_mean_needs_its_source(catalogued):
    (catalogued / UNIT_YEAR).write_text(assessment(
        "  - strategy: pedagogisk-ledning\n    criteria:\n      - id: pl-1\n        scores: {R: 3}\n"
        "    published_means:\n      means: {R: 3.4}\n"), "utf-8")
    assert "source" in one(catalogued).message


def test_catalogue_ids_are_unique(catalogued):
    (catalogued / CATALOGUE).write_text(CATALOGUE_TEXT.replace("id: lo-1", "id: pl-2").replace(
        "  - code: M\n", "  - code: L\n"), "utf-8")
    found = problems(catalogued, CATALOGUE)
    assert any("Kriteriet ”pl-2” finns flera gånger" in p.message for p in found)
    assert any("Rollen ”L” finns flera gånger" in p.message for p in found)


def test_a_broken_catalogue_judges_no_assessment(catalogued):
    (catalogued / CATALOGUE).write_text(CATALOGUE_TEXT.replace("  - code: VC\n", "  - code: vc\n"), "utf-8")
    (catalogued / UNIT_YEAR).write_text(assessment(
        "  - strategy: nagot-annat\n    criteria:\n      - id: x-1\n        scores: {Q: 3}\n"), "utf-8")
    report = validate(catalogued, use_cache=False)
    assert [p.file for p in report.errors] == [CATALOGUE]


# -- on the site ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    """The example (its catalogue has seed 004's six roles; the municipality has published means) with one
    unit scored by role codes the catalogue names and a strategy referred to by name, not id."""
    project = make_project(tmp_path_factory.mktemp("normallage"))
    path = project / "content/years/2024-25/units/larkans-skola.yaml"
    path.write_text(path.read_text("utf-8").replace("strategy: pedagogisk-ledning", "strategy: Pedagogisk ledning"),
                    "utf-8")
    return build_site(project)


def test_unit_page_shows_role_names_and_meanings_from_the_catalogue(site):
    html = read(site, "enheter/larkans-skola/2024-25/index.html")
    assert '<abbr title="Skolledningen">L</abbr>' in html and '<abbr title="Medarbetarna">M</abbr>' in html
    legend = html.split('<dl class="ska-roles">', 1)[1].split("</dl>", 1)[0]
    assert "<dt>L</dt><dd>Skolledningen</dd>" in legend and "<dt>M</dt><dd>Medarbetarna</dd>" in legend
    # the criterion referred to by id is shown with the catalogue's text
    assert "<td>Ledningen är i ord och handling tydlig med mål och verksamhetsidé" in html
    preschool = read(site, "enheter/bjorkhagens-forskoleomrade/2024-25/index.html")
    assert '<abbr title="Förskolans ledningsgrupp: förskolans ledningsgrupper eller liknande">FL</abbr>' in preschool
    assert "Förskolechef" not in preschool


def test_published_means_are_labelled_with_their_source_and_kept_apart(site):
    # each criterion and the published means are on the self-assessment page; the year summary has the
    # computed means, one row per strategy, and says where the rest is
    html = read(site, "ar/2024-25/sjalvskattning/index.html").split('id="huvudmannanivans-skattning"', 1)[1]
    table = html.split("<caption>Pedagogisk ledning</caption>", 1)[1].split("</table>", 1)[0]
    computed, published = table.split("<tfoot>", 1)[1].split("</tr>")[:2]
    assert "Medelvärde (räknat ur skattningarna)" in computed
    assert '<tr class="ska-published"><th scope="row">Publicerat medelvärde</th>' in published
    after = html.split("<caption>Pedagogisk ledning</caption>", 1)[1].split("</table>", 1)[1][:300]
    assert "Publicerat medelvärde: källa Åsby kommuns kvalitetsrapport 2024/25, avsnittet Normalläge." in after
    assert "Sajten räknar inte om det" in text_of(html)
    summary = read(site, "ar/2024-25/index.html").split('id="huvudmannanivans-skattning"', 1)[1].split("</table>", 1)[0]
    row = summary.split('<th scope="row">Pedagogisk ledning</th>', 1)[1].split("</tr>", 1)[0]
    assert re.findall(r"<td>([^<]*)</td>", row) == re.findall(r"<td>([^<]*)</td>", computed)
    assert "Publicerat" not in summary and "sjalvskattning/#huvudmannanivans-skattning" in summary
    # the units' pages have no published means, and the heatmap never shows one
    assert "Publicerat medelvärde" not in read(site, "enheter/larkans-skola/2024-25/index.html")
    heatmap = read(site, "ar/2024-25/sjalvskattning/index.html").split('id="tabell-sjalvskattning"', 1)[1]
    assert "Publicerat" not in heatmap.split("</table>", 1)[0]


def test_self_assessment_page_names_the_roles_and_merges_a_strategy_by_id_and_name(site):
    html = read(site, "ar/2024-25/sjalvskattning/index.html")
    legend = html.split('<dl class="ska-roles">', 1)[1].split("</dl>", 1)[0]
    assert "<dt>R</dt><dd>Rektor (rektorerna)</dd>" in legend and "<dt>L</dt><dd>Skolledningen</dd>" in legend
    head = html.split('id="tabell-sjalvskattning"', 1)[1].split("</thead>", 1)[0]
    assert head.count(">Pedagogisk ledning<") == 1 and "pedagogisk-ledning" not in head


# -- ska diff and ska new-year ----------------------------------------------------------------------


def test_diff_shows_the_computed_means_per_strategy_and_role(site):
    project = site.parent
    unit = format_text(run("2023/24", "2024/25", "larkans-skola", project))
    part = unit.split("Självskattning (medelvärde per strategi och bedömarroll)\n", 1)[1].split("\n\n", 1)[0]
    assert "+ Pedagogisk ledning, L (Skolledningen): 3,5 (inte skattad förra läsåret)" in part.splitlines()
    assert "− Kvalitet i undervisningen, M (Medarbetarna): 3,3 (inte skattad i år)" in part.splitlines()
    town = format_text(run("2023/24", "2024/25", None, project))
    part = town.split("Huvudmannanivåns självskattning (medelvärde per strategi och bedömarroll)\n", 1)[1]
    assert "~ Pedagogisk ledning, U (Utbildningsdirektör): 3,2 → 3,6 (+0,4)" in part.split("\n\n", 1)[0].splitlines()
    assert "Publicerat" not in town


def test_a_mean_that_shows_the_same_is_not_listed():
    def scored(*values):
        return (model.Strategy("pedagogisk-ledning", tuple(model.Criterion(id=f"pl-{i}", scores={"R": v})
                                                          for i, v in enumerate(values, 1))),)
    catalogue = model.SelfAssessmentCatalogue()
    assert [c.decimals for c in score_changes(catalogue, scored(3.4), scored(3.44))] == [2]  # 3,40 → 3,44
    assert score_changes(catalogue, scored(3, 4), scored(3.5)) == ()  # 3,5 → 3,5
    moved = score_changes(catalogue, scored(3, 4), scored(3.6))
    assert [(c.strategy, c.role, c.role_name, c.before, c.after) for c in moved] == [
        ("pedagogisk-ledning", "R", "Rektor", Fraction(7, 2), Fraction(18, 5))]


def test_new_year_leaves_the_self_assessment_to_be_made_and_the_catalogue_in_place(tmp_path):
    project = make_project(tmp_path / "p")
    rollover.start_year(project, "2025/26")
    new = project / "content/years/2025-26/units/larkans-skola.yaml"
    assert new.exists() and "self_assessment" not in new.read_text("utf-8")
    assert (project / CATALOGUE).read_text("utf-8") == (Path(__file__).parents[1] / CATALOGUE).read_text("utf-8")
    assert validate(project, use_cache=False).errors == []


def test_role_codes_are_checked_where_a_score_is_wrong_too(project):
    (project / UNIT_YEAR).write_text(assessment(
        "  - strategy: Pedagogisk ledning\n    criteria:\n"
        "      - text: Rektor leder arbetet.\n        scores: {r: 3, R: 6}\n"), "utf-8")
    found = {p.field_title: p for p in problems(project)}
    assert set(found) == {"Bedömarroll", "Rektor (R)"}, [p.message for p in found.values()]
    assert found["Bedömarroll"].hint == "Skriv koden som i listan över roller: R."


def test_seed004_owner_level_shows_its_computed_and_its_printed_means_apart(tmp_path):
    """Seed 004 printed 3,4 for Mål- och resultatstyrning (VC) where its four scores give 3,45: both are
    shown, each for what it is."""
    site = build_site(make_project(tmp_path, Path(__file__).parent / "fixtures" / "seed004" / "content"))
    html = read(site, "ar/2017-18/index.html")
    table = html.split("<caption>Mål- och resultatstyrning</caption>", 1)[1].split("</table>", 1)[0]
    foot = table.split("<tfoot>", 1)[1]
    assert "Medelvärde (räknat ur skattningarna)</th><td>3,4</td><td>3,5</td>" in foot
    assert "Publicerat medelvärde</th><td>3,4</td><td>3,4</td>" in foot
    assert '<abbr title="Verksamhetschef: verksamhetschefer">VC</abbr>' in table
