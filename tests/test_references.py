"""Reference series (riket, similar municipalities): a catalogue under ``references`` in indicators.yaml and
each year's figures under ``references`` in municipality.yaml; validated like official figures, kept apart
from the municipality's and the units' figures."""

from __future__ import annotations

from pathlib import Path

import pytest

from ska import model, pipeline
from ska.analysis.results import Results
from ska.content.validate import validate

INDICATORS = "content/indicators.yaml"
MUNICIPALITY = "content/years/2024-25/municipality.yaml"
MODELINE = "# yaml-language-server: $schema=../../../schemas/municipality-year.schema.json\n"

CATALOGUE = """\
references:
  - id: riket
    name: Riket
    description: Alla huvudmän i hela landet, enligt Skolverket via Kolada.
    kolada_municipality: "0000"
  - id: liknande-kommuner
    name: Liknande kommuner
    kolada_municipality: G33910
"""

FIGURES = """\
references:
  - series: riket
    indicator: meritvarde-ak9
    window: VT 2025
    source: Kolada N15505, hämtad 2025-10-01
    total: {value: 229.8}
    girls: {value: 240.1}
    boys: {value: 219.9}
  - series: liknande-kommuner
    indicator: behorighet-yrkesprogram
    source: Kolada N15419
    total: {numerator: 880, denominator: 1000}
    girls: {numerator: 450, denominator: 490}
    boys: {numerator: 430, denominator: 510}
    note: Medelvärde för gruppen.
"""


def append(project: Path, name: str, text: str) -> None:
    path = project / name
    path.write_text(path.read_text("utf-8") + text, encoding="utf-8")


def with_references(project: Path, catalogue: str = CATALOGUE, figures: str = FIGURES) -> Path:
    append(project, INDICATORS, catalogue)
    append(project, MUNICIPALITY, figures)
    return project


def content_of(project: Path) -> model.Content:
    built = pipeline.build(project, use_cache=False)
    assert built.ok, [(p.file, p.line, p.message) for p in built.report.errors]
    return built.content


def problems(project: Path) -> list:
    return validate(project, use_cache=False).problems


# -- the format and the model ---------------------------------------------------

def test_the_catalogue_and_a_years_reference_figures_are_read(project):
    content = content_of(with_references(project))
    assert list(content.references) == ["riket", "liknande-kommuner"]
    riket = content.references["riket"]
    assert (riket.name, riket.kolada_municipality) == ("Riket", "0000")
    assert riket.description.startswith("Alla huvudmän")
    figures = content.municipality_years["2024/25"].references
    assert [(r.series, r.indicator, r.source) for r in figures] == [
        ("riket", "meritvarde-ak9", "Kolada N15505, hämtad 2025-10-01"),
        ("liknande-kommuner", "behorighet-yrkesprogram", "Kolada N15419")]
    assert isinstance(figures[0], model.ReferenceResult) and figures[0].total.value == 229.8
    assert figures[0].window == "VT 2025" and figures[1].note == "Medelvärde för gruppen."
    assert figures[1].total.numerator == 880


def test_content_without_references_is_as_before(project):
    content = content_of(project)
    assert content.references == {} and content.municipality_years["2024/25"].references == ()


def test_a_reference_figure_never_enters_the_computed_figures_nor_the_official_ones(project):
    before = Results(content_of(project))
    after = Results(content_of(with_references(project)))
    assert after.table.equals(before.table)
    assert after.towns == before.towns
    assert after.official_table.equals(before.official_table)


@pytest.mark.parametrize("code, ok", [("0000", True), ("0126", True), ("G12", True), ("126", False),
                                      ("G", False), ("g33910", False), ("0000\n", False)])
def test_a_kolada_id_is_a_municipality_or_a_group(project, code, ok):
    with_references(project, CATALOGUE.replace('"0000"', f'"{code.encode("unicode_escape").decode()}"'), "")
    found = [p for p in problems(project) if p.severity == "error"]
    assert (not found) == ok, [p.message for p in found]
    if not ok:
        assert found[0].file == INDICATORS
        assert line_of(project, INDICATORS, found[0].line).startswith("kolada_municipality:")


def test_a_reference_figure_needs_its_series_and_source(project):
    with_references(project, figures=FIGURES.replace("    source: Kolada N15419\n", "")
                    .replace("  - series: riket\n    indicator", "  - indicator"))
    found = problems(project)
    assert sorted(p.message for p in found) == ["Fältet ”Jämförelseserie” (series) saknas.",
                                                 "Fältet ”Källa” (source) saknas."]
    assert all(p.file == MUNICIPALITY and p.line for p in found)


# -- the rules ---------------------------------------------------------------------

def only_problem(project: Path):
    found = problems(project)
    assert len(found) == 1, [(p.message, p.hint) for p in found]
    return found[0]


def line_of(project: Path, name: str, line: int) -> str:
    return (project / name).read_text("utf-8").splitlines()[line - 1].strip()


def test_an_unknown_series_is_named_with_what_to_do(project):
    with_references(project, figures=FIGURES.replace("series: riket", "series: riket2"))
    problem = only_problem(project)
    assert problem.file == MUNICIPALITY and problem.severity == "error"
    assert problem.message == "Jämförelseserien ”riket2” finns inte i indikatorkatalogen."
    assert "references: i content/indicators.yaml" in problem.hint and problem.field_title == "Jämförelseserie"
    assert line_of(project, MUNICIPALITY, problem.line) == "- series: riket2"


def test_a_series_without_a_catalogue_entry_is_a_problem(project):
    append(project, MUNICIPALITY, FIGURES)
    found = problems(project)
    assert sorted(p.message for p in found) == [
        "Jämförelseserien ”liknande-kommuner” finns inte i indikatorkatalogen.",
        "Jämförelseserien ”riket” finns inte i indikatorkatalogen."]
    assert all("references: i content/indicators.yaml" in p.hint for p in found)


def test_an_unknown_indicator_is_named(project):
    with_references(project, figures=FIGURES.replace("indicator: meritvarde-ak9", "indicator: meritvarde-ak99"))
    problem = only_problem(project)
    assert problem.message == "Indikatorn ”meritvarde-ak99” finns inte i indikatorkatalogen."
    assert "content/indicators.yaml" in problem.hint
    assert line_of(project, MUNICIPALITY, problem.line) == "indicator: meritvarde-ak99"


def test_a_series_has_one_figure_per_indicator_and_stage(project):
    twice = FIGURES + FIGURES.split("  - series: liknande-kommuner")[0].removeprefix("references:\n")
    with_references(project, figures=twice)
    problem = only_problem(project)
    assert problem.message == ("Jämförelseseriens ”riket” siffra för ”meritvarde-ak9” finns redan "
                               "(jämförelsesiffra nr 1).")
    assert "Ta bort dubbletten" in problem.hint and problem.line > 14
    # another stage, or another series, is another figure
    project_text = (project / MUNICIPALITY).read_text("utf-8")
    (project / MUNICIPALITY).write_text(project_text[:project_text.rindex("window: VT 2025")]
                                        + 'stage: "7-9"\n' + project_text[project_text.rindex("    source:"):],
                                        encoding="utf-8")
    assert problems(project) == []


def test_a_reference_figure_and_an_official_figure_for_the_same_indicator_are_both_allowed(project):
    with_references(project, figures=FIGURES + """\
results:
  - indicator: meritvarde-ak9
    source: Kolada N15505
    scope: own
    total: {value: 231.5}
""")
    assert problems(project) == []


@pytest.mark.parametrize("change, message, title", [
    (("{numerator: 880, denominator: 1000}", "{numerator: 1880, denominator: 1000}"),
     "Täljaren (1880) är större än nämnaren (1000).", "Täljare"),
    (("{numerator: 430, denominator: 510}", "{numerator: 430, denominator: 500}"),
     "Flickor (490) och pojkar (500) blir 990, men totalt står 1000.", "Nämnare"),
    (("total: {value: 229.8}", "total: {value: 2298}"), "Värdet 2298 ligger utanför indikatorns skala 0–340.", "Värde"),
    (("girls: {value: 240.1}", "girls: {status: too_few, value: 240.1}"),
     "Värdet är markerat som skyddat eller saknat men har ändå siffror.", "Flickor"),
])
def test_reference_figures_follow_the_rules_of_any_result(project, change, message, title):
    with_references(project, figures=FIGURES.replace(*change))
    found = problems(project)
    assert (message, title) in {(p.message, p.field_title) for p in found}, [p.message for p in found]
    assert all(p.file == MUNICIPALITY and p.line and p.hint for p in found)


def test_the_catalogue_names_each_series_once(project):
    with_references(project, CATALOGUE + """\
  - id: riket
    name: riket
    kolada_municipality: G33910
""", "")
    found = problems(project)
    assert {p.message for p in found} == {
        "Jämförelseserien ”riket” finns flera gånger.",
        "Namnet ”Riket” har redan en annan jämförelseserie.", "Namnet ”riket” har redan en annan jämförelseserie.",
        "Kolada-id:t ”G33910” står vid flera jämförelseserier."}
    assert all(p.file == INDICATORS and p.line and p.hint for p in found)


def test_a_year_of_reference_figures_alone_needs_official_figures_or_goal_areas(project):
    early = project / "content/years/2021-22/municipality.yaml"
    early.parent.mkdir(parents=True)
    early.write_text(MODELINE + "school_year: 2021/22\n" + FIGURES, encoding="utf-8")
    append(project, INDICATORS, CATALOGUE)
    [problem] = problems(project)
    assert problem.file == "content/years/2021-22/municipality.yaml" and "(goal_areas) saknas" in problem.message
    early.write_text(MODELINE + "school_year: 2021/22\n" + FIGURES + "results:\n  - indicator: meritvarde-ak9\n"
                     "    source: Kolada N15505\n    scope: own\n    total: {value: 228.4}\n", encoding="utf-8")
    assert problems(project) == []
    content = content_of(project)
    assert content.municipality_years["2021/22"].official_only and len(content.municipality_years["2021/22"].references) == 2
