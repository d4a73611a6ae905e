"""`ska diff`: what changed between 2023/24 and 2024/25 in the fixture in tests/fixtures/diff."""

from __future__ import annotations

import argparse
import shutil
from pathlib import Path

import pytest

from ska import pipeline
from ska import model

from ska.analysis import yeardiff
from ska.workflow import diff as diff_text
from ska.analysis.results import Results
from ska.model import Action, ImprovementArea
from ska.content.validate import validate
from ska.analysis.yeardiff import Segment

REPO = Path(__file__).resolve().parent.parent
FIXTURE = Path(__file__).parent / "fixtures" / "diff"

# Numbers are printed with no-break spaces ("86,5 %"); the comparison reads them as spaces.
EXPECTED_MUNICIPALITY = """\
Kommunen: förändringar från 2023/24 till 2024/25

Enheter
+ Ny enhet: Ängsskolan
− Kvarnbacksskolan har stängt och gått upp i Sjöviksskolan

Förbättringsområden
+ Nytt: Kompetensförsörjning
  + Ny åtgärd: Lärarlyftet i matematik för obehöriga lärare i årskurs 4–9. (2024-09-02 – 2026-06-12)
− Avslutat: Närvarofrämjande arbete
  − Genomförd: Gemensam rutin för att följa upp frånvaro varje vecka.
~ Fortsätter: Likvärdig bedömning
  ~ Ny tid: Sambedömning av nationella prov i årskurs 6 och 9. (2024-02-01 – 2024-06-14 → 2025-02-03 – 2025-06-13)

Mål
+ Nytt mål: Elevernas upplevelse av inflytande ska öka.
− Borttaget mål: Elevernas upplevelse av studiero ska öka.
~ Ändrat mål: Andelen elever som är behöriga till ett yrkesprogram ska öka. (målvärde 85,0 % → 88,0 %)
~ Ändrat mål: [-Meritvärdet-]{+Kunskapsresultaten+} i årskurs 9 ska [-bibehållas.-]{+öka.+} \
(riktning ska bibehållas → ska öka; indikatorer +Behörighet yrkesprogram)

Analys
~ Sammanfattande analys: Behörigheten till yrkesprogram ökar [-men ligger fortfarande under-]{+och närmar sig+} \
målet. Skillnaderna mellan skolorna är stora.
+ Organisation och ledarskap: Sammanslagningen av Kvarnbacksskolan och Sjöviksskolan har gett ett större lärarlag \
i årskurs 7–9.

Resultat för kommunen
~ Behörighet yrkesprogram, totalt: 81,8 % → 85,7 % (+3,9 procentenheter)
~ Behörighet yrkesprogram, flickor: 88,0 % → 92,3 % (+4,3 procentenheter)
~ Behörighet yrkesprogram, pojkar: 76,0 % → 80,8 % (+4,8 procentenheter)
~ Meritvärde åk 9, totalt: 220,6 → 228,5 (+7,9 poäng)
~ Trygghet 4-6, totalt: 88,0 % → 87,2 % (seriebrott)
~ Trygghet 7-9, totalt: 76,9 % → 76,0 % (seriebrott)

Rekommendationer
− Borttagen rekommendation: Redovisa sjukfrånvaron per kön.
~ Uppföljning: narvaro-rutin: Inför en gemensam rutin för frånvaro. (pågår → genomförd)
~ Uppföljning: likvardig-bedomning: Utöka sambedömningen till årskurs 3. (planerad → inte uppföljd)
~ Ändrad rekommendation: likvardig-bedomning: Utöka sambedömningen till årskurs 3. (ansvarig)
+ Ny rekommendation: inflytande: Mät elevernas inflytande i alla årskurser.

Största förändringar per enhet (totalt)
~ Behörighet yrkesprogram: Eneskolan 82,0 % → 86,5 % (+4,5 procentenheter)
~ Behörighet yrkesprogram: Sjöviksskolan 83,3 % → 85,0 % (+1,7 procentenheter)
~ Meritvärde åk 9: Eneskolan 224,5 → 231,0 (+6,5 poäng)
~ Meritvärde åk 9: Sjöviksskolan 220,8 → 226,3 (+5,5 poäng)
~ Trygghet 4-6: seriebrott, enheternas värden kan inte jämföras med förra läsåret
~ Trygghet 7-9: seriebrott, enheternas värden kan inte jämföras med förra läsåret
"""

EXPECTED_ENESKOLAN = """\
Eneskolan: förändringar från 2023/24 till 2024/25

Förbättringsområden
+ Nytt: Matematik: resonemang och problemlösning
  + Ny åtgärd: Gemensamma problemlösningslektioner en gång i veckan i årskurs 4–9. (2024-09-02 – 2025-06-13)
− Avslutat: Ökad närvaro i årskurs 7–9
− Avslutat: Studiero i klassrummet (finns inte med 2024/25)
~ Fortsätter: Läsförståelse i alla ämnen
  + Ny åtgärd: Bokcirklar med skolbiblioteket i årskurs 7–9. (2024-09-02 – 2025-05-30)
  − Genomförd: Läsloggar i årskurs 4–6.
  − Finns inte kvar: Lässtund 20 minuter varje dag i F–3.
  − Avbruten: Föräldraträffar om läsning hemma.
  ~ Ny tid: Kollegialt lärande om lässtrategier. (2023-08-21 – 2024-06-14 → 2023-08-21 – 2025-06-13)

Mål
+ Nytt mål: Det genomsnittliga meritvärdet i årskurs 9 ska öka.
− Borttaget mål: Alla elever ska läsa med flyt i slutet av årskurs 3.
~ Ändrat mål: Eleverna ska känna sig trygga i [-skolan.-]{+skolan, även på raster och i korridorerna.+}
~ Ändrat mål: Fler elever ska bli behöriga till ett yrkesprogram. (målvärde 85,0 % → 88,0 %)

Analys
~ Sammanfattande analys: … extra anpassningar i årskurs 7–9, [-men flickorna lyckas fortfarande bättre än pojkarna-]\
{+och skillnaden mellan flickor och pojkar har minskat+} i nästan alla ämnen. Studieron …
+ Organisation och ledarskap: Ett nytt arbetslag för årskurs 7–9 med gemensam planeringstid infördes i augusti.
− Likvärdighet och intersektionalitet: Pojkarna är behöriga i lägre grad än flickorna, särskilt elever som kommit \
till Sverige under de senaste fyra åren.

Resultat
~ Behörighet yrkesprogram, totalt: 82,0 % → 86,5 % (+4,5 procentenheter)
~ Behörighet yrkesprogram, flickor: 88,0 % → 92,3 % (+4,3 procentenheter)
~ Behörighet yrkesprogram, pojkar: 76,0 % → 80,8 % (+4,8 procentenheter)
~ Meritvärde åk 9, totalt: 224,5 → 231,0 (+6,5 poäng)
~ Trygghet 4-6, totalt: 88,0 % → 86,5 % (seriebrott)
~ Trygghet 7-9, totalt: 80,0 % → 79,7 % (seriebrott)
"""


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """The fixture's content next to a copy of the real schemas."""
    shutil.copytree(FIXTURE / "content", tmp_path / "content")
    shutil.copytree(REPO / "schemas", tmp_path / "schemas")
    return tmp_path


@pytest.fixture
def loaded(project: Path) -> tuple[model.Content, Results]:
    built = pipeline.build(project, use_cache=False)
    return built.content, built.results


def ska(*argv: str) -> int:
    """`ska …` with only the diff command registered, as cli.py registers it."""
    parser = argparse.ArgumentParser(prog="ska")
    diff_text.add_command(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    return args.run(args)


def assert_lines(actual: str, expected: str) -> None:
    actual_lines = actual.replace("\u00a0", " ").splitlines()
    expected_lines = expected.splitlines()
    for n, (got, want) in enumerate(zip(actual_lines, expected_lines), start=1):
        assert got == want, f"rad {n}"
    assert len(actual_lines) == len(expected_lines)


def test_fixture_validates_without_problems(project):
    assert validate(project, use_cache=False).problems == []


def test_municipality_diff_line_by_line(project, capsys):
    assert ska("diff", "2023/24", "2024/25", "--path", str(project)) == 0
    assert_lines(capsys.readouterr().out, EXPECTED_MUNICIPALITY)


def test_unit_diff_line_by_line_with_dashed_years(project, capsys):
    assert ska("diff", "2023-24", "2024-25", "--unit", "eneskolan", "--path", str(project)) == 0
    assert_lines(capsys.readouterr().out, EXPECTED_ENESKOLAN)


def test_the_sites_min_group_size_hides_the_groups_it_hides(project, capsys):
    """ska diff shows what the site shows: with min_group_size 30 in mkdocs.yml, the girls and the boys (fewer than
    30 each) are hidden there, so they are not told here either."""
    (project / "mkdocs.yml").write_text("site_name: X\nplugins:\n  - ska:\n      min_group_size: 30\n", "utf-8")
    assert ska("diff", "2023/24", "2024/25", "--unit", "eneskolan", "--path", str(project)) == 0
    out = capsys.readouterr().out
    assert "~ Behörighet yrkesprogram, totalt: 82,0\u00a0% → 86,5\u00a0%" in out
    assert "flickor" not in out.split("Resultat")[1] and "pojkar" not in out.split("Resultat")[1]


def test_series_break_is_not_given_a_number(loaded):
    content, results = loaded
    diff = yeardiff.diff_unit(content, results, "eneskolan", "2023/24", "2024/25")
    safety = [v for v in diff.values if v.indicator.id == "trygghet"]
    assert [v.stage for v in safety] == ["4-6", "7-9"]
    assert all(v.series_break and v.delta is None for v in safety)
    lines = [line for line in diff_text.format_text(diff).splitlines() if line.startswith("~ Trygghet")]
    assert len(lines) == 2
    assert all(line.endswith("(seriebrott)") and "procentenheter" not in line for line in lines)
    town = yeardiff.diff_municipality(content, results, "2023/24", "2024/25")
    assert [(m.stage, m.series_break, m.largest) for m in town.movements if m.indicator.id == "trygghet"] == [
        ("4-6", True, ()), ("7-9", True, ())]


def test_suppressed_groups_are_skipped(loaded):
    content, results = loaded
    diff = yeardiff.diff_unit(content, results, "sjoviksskolan", "2023/24", "2024/25")
    groups = {(v.indicator.id, v.group) for v in diff.values}
    # girls 2023/24: 9 pupils (too few); girls 2024/25 "~100" and boys ".." as Skolverket marks them
    assert ("behorighet-yrkes-ak9", "girls") not in groups
    assert ("behorighet-yrkes-ak9", "boys") not in groups
    # meritvärde girls are too few, so boys are hidden too: total − boys would give girls back
    assert ("meritvarde-ak9", "girls") not in groups and ("meritvarde-ak9", "boys") not in groups
    assert {("behorighet-yrkes-ak9", "total"), ("meritvarde-ak9", "total")} <= groups
    assert ".." not in diff_text.format_text(diff)


def test_word_diff_keeps_removes_and_adds_words():
    assert yeardiff.word_diff("Studieron ska öka i alla klasser under läsåret.",
                              "Studieron ska öka tydligt i alla klasser under\nhela läsåret.") == (
        Segment("kept", "Studieron ska öka"), Segment("added", "tydligt"),
        Segment("kept", "i alla klasser under"), Segment("added", "hela"), Segment("kept", "läsåret."))
    assert yeardiff.word_diff("Samma  text\nhär.", "Samma text här.") == (Segment("kept", "Samma text här."),)


def test_word_diff_folds_a_short_shared_word_into_the_change():
    # "och" is shared by chance; the rewrite reads as one removal and one addition
    assert yeardiff.word_diff("Läsningen ökar och skrivandet ökar.", "Läsningen minskar och räknandet står still.") == (
        Segment("kept", "Läsningen"), Segment("removed", "ökar och skrivandet ökar."),
        Segment("added", "minskar och räknandet står still."))


def test_actions_and_areas_finished_earlier_are_not_news():
    done = Action("Läsloggar i årskurs 4–6.", status="done")
    assert yeardiff.diff_actions((done,), ()) == ()
    closed = ImprovementArea("narvaro", "Ökad närvaro", status="closed")
    assert yeardiff.diff_areas((closed,), ()) == ()
    moved = Action("Läsloggar i årskurs 4–6.", start="2024-08-19", status="done")
    assert [c.kind for c in yeardiff.diff_actions((done,), (moved,))] == ["moved"]


def test_top_limits_the_movements(loaded):
    content, results = loaded
    diff = yeardiff.diff_municipality(content, results, "2023/24", "2024/25", top=1)
    merit = next(m for m in diff.movements if m.indicator.id == "meritvarde-ak9")
    assert [(m.unit.id, round(m.change.delta, 1)) for m in merit.largest] == [("eneskolan", 6.5)]


@pytest.mark.parametrize("argv, message", [
    (["--unit", "enskolan"], "Enheten ”enskolan” finns inte. Menade du ”eneskolan” (Eneskolan)?"),
    (["--unit", "kvarnbacksskolan"], "Kvarnbacksskolan har ingen kvalitetsplan för 2024/25. "
                                     "Enheten har gått upp i Sjöviksskolan (--unit sjoviksskolan)."),
    (["--unit", "Ängsskolan"], "Ängsskolan har ingen kvalitetsplan för 2023/24. Enheten startade 2024-08-19."),
])
def test_unit_errors(project, capsys, argv, message):
    assert ska("diff", "2023/24", "2024/25", "--path", str(project), *argv) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.strip() == message


@pytest.mark.parametrize("years, message", [
    (["2022/23", "2024/25"], "Läsåret 2022/23 finns inte i innehållet. Läsår som finns: 2023/24, 2024/25."),
    (["2023", "2024/25"], "”2023” är inte ett läsår. Skriv det som 2023/24 (eller 2023-24)."),
    (["2023/25", "2024/25"], "”2023/25” är inte ett läsår. Skriv det som 2023/24 (eller 2023-24)."),
    (["2024/25", "2023/24"], "FRÅN (2024/25) ska vara ett tidigare läsår än TILL (2023/24)."),
])
def test_year_errors(project, capsys, years, message):
    assert ska("diff", *years, "--path", str(project)) == 2
    assert capsys.readouterr().err.strip() == message


def test_not_a_project(tmp_path, capsys):
    assert ska("diff", "2023/24", "2024/25", "--path", str(tmp_path)) == 2
    assert "hittar ingen projektmapp" in capsys.readouterr().err


def test_content_with_errors_is_not_diffed(project, capsys):
    unit = project / "content" / "years" / "2024-25" / "units" / "eneskolan.yaml"
    unit.write_text(unit.read_text(encoding="utf-8").replace("target: 88", "target: hög"), encoding="utf-8")
    assert ska("diff", "2023/24", "2024/25", "--path", str(project)) == 2
    assert capsys.readouterr().err.strip() == "Innehållet har 1 fel. Kör ska validate och rätta dem först."


def test_a_goal_written_over_several_lines_is_one_line_in_the_terminal():
    before = (model.Goal("a", "Alla elever ska\nkänna sig trygga.\n"), model.Goal("b", "Gammalt\nmål."))
    after = (model.Goal("a", "Alla elever ska\nkänna sig trygga.", target=90.0), model.Goal("c", "Nytt\nmål.\n"))
    lines = [diff_text._goal_line(change) for change in yeardiff.diff_goals(before, after, {})]
    assert lines == ["+ Nytt mål: Nytt mål.", "− Borttaget mål: Gammalt mål.",
                     "~ Ändrat mål: Alla elever ska känna sig trygga. (målvärde inget → 90,0)"]


def test_a_goals_changed_baseline_and_target_are_reported_per_indicator(loaded):
    indicators = loaded[0].indicators
    target = model.GoalTarget("meritvarde-ak9", model.GoalBaseline(219.4, "2019/20–2021/22"),
                              model.GoalTargetValue(230, "2026/27"))
    before = (model.Goal("a", "Meritvärdet ska öka.", ("meritvarde-ak9", "trygghet"), "increase", targets=(target,)),
              model.Goal("b", "Tryggheten ska öka.", ("trygghet",)))
    after = (model.Goal("a", "Meritvärdet ska öka.", ("meritvarde-ak9", "trygghet"), "increase", targets=(
        model.GoalTarget("meritvarde-ak9", target.baseline, model.GoalTargetValue(235.5, "2027/28")),)),
             model.Goal("b", "Tryggheten ska öka.", ("trygghet",), targets=(
                 model.GoalTarget("trygghet", None, model.GoalTargetValue(90, "2026/27"), "increase"),)))
    changes = yeardiff.diff_goals(before, after, indicators)
    assert [c.fields for c in changes] == [("targets",), ("targets",)]
    lines = [diff_text._goal_line(c).replace("\u00a0", " ") for c in changes]
    merit_label, safety_label = indicators["meritvarde-ak9"].label, indicators["trygghet"].label
    assert lines == [
        f"~ Ändrat mål: Meritvärdet ska öka. ({merit_label}: utgångsvärde 219,4 (2019/20–2021/22), målvärde 230 "
        f"läsåret 2026/27 → utgångsvärde 219,4 (2019/20–2021/22), målvärde 235,5 läsåret 2027/28)",
        f"~ Ändrat mål: Tryggheten ska öka. ({safety_label}: inget utgångsvärde eller målvärde → målvärde 90 % "
        f"läsåret 2026/27, ska öka)"]
    assert yeardiff.diff_goals(before, before, indicators) == ()  # the same targets: no change
