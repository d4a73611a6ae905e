"""All problems at once: the rules between files read the valid parts of a file with schema errors;
numbers in messages have a decimal comma; "Menade du" only when it is almost surely what was meant.

The single-file cases are in tests/bad_input/ (all_at_once_*, value_contradicts_counts); what the
corpus cannot say (no suggestion, no problem, no crash, what reaches the model) is tested here."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
from conftest import VALID_CONTENT

from ska.content import rules
from ska.content.files import Source
from ska.content.load import parse
from ska.content.problems import figure, probably_meant, to_write, written
from ska.content.schemas import Schemas, _enum_guess, describe
from ska.content.validate import refused, validate

UNIT_YEAR = "content/years/2024-25/units/eneskolan.yaml"
MODELINE = "# yaml-language-server: $schema=../../../../schemas/unit-year.schema.json\n"


def write(project: Path, name: str, text: str) -> None:
    (project / name).write_text(text, encoding="utf-8")


def unit_year(results: str, extra: str = "") -> str:
    return f"{MODELINE}unit: eneskolan\nschool_year: 2024/25\n{extra}results:\n{results}"


def messages(report, name: str = UNIT_YEAR) -> list[str]:
    return [p.message for p in report.problems if p.file == name]


# -- every problem in one run ----------------------------------------------------


def test_schema_error_in_one_result_and_rule_in_another(project):
    write(project, UNIT_YEAR, unit_year(
        "  - indicator: behorighet-yrkesprogram\n    window: VT 2024\n    total: {value: \"85,9\"}\n"
        "  - indicator: behorighet-yrkesprogram\n    window: VT 2025\n    total: {numerator: 64, denominator: 55}\n"))
    report = validate(project, use_cache=False)
    found = messages(report)
    assert len(report.errors) == 2, found
    assert any("texten ”85,9”" in m for m in found)
    assert any("Täljaren (64) är större än nämnaren (55)" in m for m in found)
    # The model only gets files without errors.
    assert UNIT_YEAR not in {source.name for source, _ in report.documents}
    assert len(report.documents) == 4


def test_error_only_in_summary_still_checks_results(project):
    write(project, UNIT_YEAR, unit_year(
        "  - indicator: behorighet-yrkesprogram\n    total: {numerator: 55, denominator: 64}\n"
        "    girls: {numerator: 29, denominator: 32}\n    boys: {numerator: 26, denominator: 31}\n"
        "  - indicator: okand-indikator\n    total: {value: 3}\n",
        extra="summary:\n  - En rad.\n  - En till.\n"))
    report = validate(project, use_cache=False)
    found = messages(report)
    assert len(report.errors) == 3, found
    assert any("det står en lista" in m for m in found)
    assert any("blir 63, men totalt står 64" in m for m in found)
    assert any("”okand-indikator” finns inte i indikatorkatalogen" in m for m in found)


def test_item_with_schema_error_is_not_reported_twice(project):
    """A misspelt field in one result: the schema says so; the rules do not add "the figure is missing"."""
    write(project, UNIT_YEAR, unit_year(
        "  - indicator: behorighet-yrkesprogram\n    total: {numerater: 55, denominator: 64}\n"))
    report = validate(project, use_cache=False)
    assert len(report.errors) == 1, messages(report)
    assert "”numerater” finns inte här" in report.errors[0].message


def test_broken_school_year_still_checks_results(project):
    write(project, UNIT_YEAR, f"{MODELINE}unit: eneskolan\nschool_year: 2024\nresults:\n"
                              "  - indicator: behorighet-yrkesprogram\n    total: {numerator: 64, denominator: 55}\n")
    report = validate(project, use_cache=False)
    found = messages(report)
    assert len(report.errors) == 2, found
    assert any("större än nämnaren" in m for m in found)


def test_catalogue_with_errors_does_not_judge_other_files(project):
    """One indicator in the catalogue lacks its scale: its own file is checked, the references to it are not."""
    text = (project / "content/indicators.yaml").read_text("utf-8")
    write(project, "content/indicators.yaml", text.replace("    scale: {min: 0, max: 340}\n", "", 1))
    report = validate(project, use_cache=False)
    assert {p.file for p in report.problems} == {"content/indicators.yaml"}, messages(report, "content/indicators.yaml")
    assert len(report.documents) == 4


def test_cached_and_remembered_runs_report_the_same(project):
    write(project, UNIT_YEAR, unit_year(
        "  - indicator: behorighet-yrkesprogram\n    window: VT 2024\n    total: {value: \"85,9\"}\n"
        "  - indicator: behorighet-yrkesprogram\n    window: VT 2025\n    total: {numerator: 64, denominator: 55}\n"))
    runs = [validate(project, use_cache=True), validate(project, use_cache=True)]
    memory: dict = {}
    runs += [validate(project, use_cache=False, memory=memory), validate(project, use_cache=False, memory=memory)]
    shown = [[(p, p.message, p.hint) for p in run.problems] for run in runs]
    assert all(s == shown[0] for s in shown) and len(shown[0]) == 2


# -- never a traceback, whatever a refused part holds ------------------------------

WRONG = [None, "text", 7, 2.5, True, [], [1, "a"], {}, {"x": 1}]


def paths_of(value, path=()):
    yield path
    if isinstance(value, dict):
        for key, sub in value.items():
            yield from paths_of(sub, path + (key,))
    elif isinstance(value, list):
        for i, sub in enumerate(value):
            yield from paths_of(sub, path + (i,))


def replaced(data, path, new):
    data = copy.deepcopy(data)
    *parents, last = path
    target = data
    for part in parents:
        target = target[part]
    target[last] = new
    return data


def test_rules_never_fail_on_wrong_types():
    """Every value of every valid file replaced by each wrong type: the rules never raise, never report
    an internal error, and never report at a place the schema already refused."""
    schemas = Schemas(Path(__file__).resolve().parent.parent / "schemas")
    kinds = {"content/indicators.yaml": "indicators", "content/units/eneskolan.yaml": "unit",
             "content/units/norrskolan.yaml": "unit", "content/years/2024-25/municipality.yaml": "municipality_year",
             UNIT_YEAR: "unit_year"}
    documents = [(Source(Path(name), name, kinds[name]), parse(text, name)[0]) for name, text in VALID_CONTENT.items()]
    checked = 0
    for index, (source, data) in enumerate(documents):
        for path in list(paths_of(data))[1:]:
            for new in WRONG:
                changed = replaced(data, path, new)
                problems = schemas.problems(source.kind, changed, source.name)
                broken = refused(problems) if problems else set()
                docs = documents[:index] + [(source, changed)] + documents[index + 1:]
                checker = rules.Checker(docs, {source.name: broken} if broken else None)
                found = checker.run()
                assert checker.failures == 0, (source.name, path, new)  # skipped, not caught
                checked += 1
                for p in found:
                    assert "internt fel" not in p.message, (source.name, path, new, p)
                    if p.file == source.name:
                        assert not any(e[:len(p.path)] == p.path or p.path[:len(e)] == e for e in broken), \
                            (source.name, path, new, p)
    assert checked > 500


# -- numbers with a decimal comma ----------------------------------------------------


def test_numbers_in_messages_have_a_decimal_comma():
    assert figure(85.9) == "85,9" and figure(64) == "64" and figure(-2.5) == "-2,5"
    assert figure(1e-05) == "0,00001" and figure(85.95, 1) == "86,0" and figure(100 * 55 / 64, 1) == "85,9"
    assert written(85.9) == "85.9" and to_write(85.9) == "85.9 (med punkt som decimaltecken i filen)"
    assert to_write(100) == "100"
    assert describe(85.9) == "talet 85,9"


def test_value_outside_range_in_schema_message(project):
    municipality = project / "content/years/2024-25/municipality.yaml"
    text = municipality.read_text("utf-8")
    municipality.write_text(text.replace("total: 6.4", "total: 106.5"), encoding="utf-8")
    report = validate(project, use_cache=False)
    assert any("Värdet 106,5" in p.message for p in report.problems), [p.message for p in report.problems]
    assert not any("106.5" in p.message for p in report.problems)


@pytest.mark.parametrize("value, ok", [
    (85.9, True), (86, True), (85.94, True), (85.938, True), (85.9375, True),
    (85.8, False), (85.93, False), (86.0, False), (80, False),
])
def test_value_and_counts_agree_within_rounding(project, value, ok):
    """55 of 64 is 85.9375 %: a value agrees if it is that share rounded to the decimals it is written with."""
    write(project, UNIT_YEAR, unit_year(
        f"  - indicator: behorighet-yrkesprogram\n    total: {{numerator: 55, denominator: 64, value: {value}}}\n"))
    report = validate(project, use_cache=False)
    if ok:
        assert report.problems == [], messages(report)
    else:
        assert len(report.errors) == 1, messages(report)
        problem = report.errors[0]
        assert problem.message.startswith(f"Värdet {figure(value)} stämmer inte med täljare och nämnare: 55 av 64 är 85,9")
        assert "value: 85.9" in problem.hint and "med punkt som decimaltecken i filen" in problem.hint


# -- "Menade du" only when meant -------------------------------------------------------

IDS = ["behorighet-yrkes-ak9", "behorighet-hogskola-ak9", "behorighet-yrkes-ak6", "meritvarde-ak9", "trygghet-index"]


@pytest.mark.parametrize("typed, meant", [
    ("behorighet-yrkse-ak9", "behorighet-yrkes-ak9"),  # two letters swapped
    ("behorighet-yrke-ak9", "behorighet-yrkes-ak9"),  # one dropped
    ("meritvarde-ak-9", "meritvarde-ak9"),
    ("Trygghet-index", "trygghet-index"),
    ("behorighet-hogskoola-ak9", "behorighet-hogskola-ak9"),
    ("behorighet-es-ak9", None),  # a whole part is different: another measure
    ("behorighet-yrkes-ak8", None),  # another year
    ("behorighet-yrkes", None),
    ("meritvarde-ak6", None),
    ("behorighet-yrk-ak9", "behorighet-yrkes-ak9"),  # two letters short in a long id: still a slip
    ("behorighet-y-ak9", None),
])
def test_probably_meant_ids(typed, meant):
    assert probably_meant(typed, IDS) == meant


@pytest.mark.parametrize("typed, candidates, meant", [
    ("numerater", ["numerator", "denominator", "value", "status"], "numerator"),
    ("eneskolen", ["eneskolan", "norrskolan"], "eneskolan"),
    ("åk9", ["åk 8", "åk 9", "gy 3"], "åk 9"),
    ("V", ["U", "VC", "R", "FL"], None),  # rater roles: codes of one or two letters
    ("Vc", ["U", "VC", "R", "FL"], None),
    ("RR", ["U", "VC", "R", "FL"], None),
    ("skolan", ["eneskolan", "norrskolan"], None),
    ("ak", ["ak6", "ak9"], None),
    ("abc-x", ["abc-y", "abc-z"], None),  # not one clear candidate
])
def test_probably_meant_other(typed, candidates, meant):
    assert probably_meant(typed, candidates) == meant


CATALOGUE_ADDITION = """\
  - id: behorighet-yrkes-ak9
    name: Behöriga till yrkesprogram åk 9
    unit: percent
    scale: {min: 0, max: 100}
    better: higher
    definition: Andel behöriga.
    source: Skolverket
    aggregation: ratio
  - id: behorighet-hogskola-ak9
    name: Behöriga till högskoleförberedande program åk 9
    unit: percent
    scale: {min: 0, max: 100}
    better: higher
    definition: Andel behöriga.
    source: Skolverket
    aggregation: ratio
"""


@pytest.mark.parametrize("typed, suggested", [
    ("behorighet-yrkse-ak9", "behorighet-yrkes-ak9"),
    ("behorighet-es-ak9", None),
])
def test_unknown_indicator_suggestion(project, typed, suggested):
    path = project / "content/indicators.yaml"
    path.write_text(path.read_text("utf-8") + CATALOGUE_ADDITION, encoding="utf-8")
    write(project, UNIT_YEAR, unit_year(f"  - indicator: {typed}\n    total: {{value: 85.9}}\n"))
    report = validate(project, use_cache=False)
    assert len(report.errors) == 1, messages(report)
    hint = report.errors[0].hint
    if suggested:
        assert f"Menade du ”{suggested}”?" in hint
    else:
        assert "Menade du" not in hint
        assert "content/indicators.yaml" in hint and "Kontrollera stavningen" in hint


def test_unknown_rater_role_has_no_suggestion(project):
    write(project, UNIT_YEAR, f"{MODELINE}unit: eneskolan\nschool_year: 2024/25\nself_assessment:\n"
                              "  - strategy: Pedagogisk ledning\n    criteria:\n      - text: Rektor leder arbetet.\n"
                              "        scores: {V: 3, R: 4}\n")
    report = validate(project, use_cache=False)
    assert len(report.errors) == 1, messages(report)
    problem = report.errors[0]
    assert "Bedömarrollen ”V” finns inte" in problem.message and problem.line == 8
    assert "Menade du" not in problem.hint and "FL, R, U, VC" in problem.hint


def test_enum_suggestions_stay_for_slips():
    assert _enum_guess("åk9", ["åk 8", "åk 9"], "") == "åk 9"
    assert _enum_guess("ongoign", ["planned", "ongoing", "done"], "") == "ongoing"
    assert _enum_guess("åk 10", ["åk 1", "åk 9"], "") is None
    assert _enum_guess("klar", ["planned", "ongoing", "done"], "") is None


REPO = Path(__file__).resolve().parent.parent
RICH = ["content/programmes.yaml", "content/years/2024-25/municipality.yaml",
        "content/years/2024-25/units/larkans-skola.yaml", "content/units/abyskolan.yaml",
        "content/self_assessment.yaml"]


def test_rules_never_fail_on_wrong_types_in_shipped_content():
    """The same over the richer shipped files (inspections, sick leave, programmes, successors…),
    each place given one of the wrong values in turn, so the test stays quick."""
    report = validate(REPO, use_cache=False)
    schemas = Schemas(REPO / "schemas")
    documents = [(s, d) for s, d in report.documents if s.kind in ("indicators", "unit", "programmes") or s.name in RICH]
    targets = [(i, s, d) for i, (s, d) in enumerate(documents) if s.name in RICH]
    assert len(targets) == len(RICH)
    checked = 0
    for index, source, data in targets:
        for k, path in enumerate(list(paths_of(data))[1:]):
            for new in (WRONG[k % len(WRONG)],):
                changed = replaced(data, path, new)
                broken = refused(schemas.problems(source.kind, changed, source.name))
                docs = documents[:index] + [(source, changed)] + documents[index + 1:]
                checker = rules.Checker(docs, {source.name: broken} if broken else None)
                checker.run()
                assert checker.failures == 0, (source.name, path, new)
                checked += 1
    assert checked > 500
