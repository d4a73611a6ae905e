"""Starting a new school year: what is carried, what is left to fill in, comments kept, nothing overwritten."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from ska import cli
from ska.content.load import parse
from ska.content.problems import WARNING
from ska.workflow.rollover import CREATE, EXISTS, SKIP, Plan, RolloverError, parse_school_year, start_year
from ska.content.validate import validate

REPO = Path(__file__).resolve().parents[1]
OLD = "content/years/2024-25"
NEW = "content/years/2025-26"

AREA_COMMENT = "    # Redaktören: åtgärderna stäms av med arbetslaget i augusti.\n"
DEVELOPMENT_COMMENT = "    # Redaktören: förvaltningens formulering, ändra inte.\n"
HEADING_COMMENT = "# Redaktören: utvecklingsområdena gäller hela perioden 2024–2027.\n"


def copy_example(root: Path) -> Path:
    """A copy of the example project, with editors' comments in the 2024/25 municipality file."""
    shutil.copytree(REPO / "content", root / "content")
    shutil.copytree(REPO / "schemas", root / "schemas")
    path = root / OLD / "municipality.yaml"
    text = path.read_text("utf-8")
    text = text.replace("    expected_effects: >-\n      Huvudmannen kan jämföra",
                        AREA_COMMENT + "    expected_effects: >-\n      Huvudmannen kan jämföra", 1)
    first_action = "    actions_taken: Förstelärarna har lett"
    text = text.replace(first_action, DEVELOPMENT_COMMENT + first_action, 1)
    text = text.replace("\ndevelopment_areas:\n", "\n" + HEADING_COMMENT + "development_areas:\n", 1)
    assert text.count("# Redaktören") == 3
    path.write_text(text, encoding="utf-8")
    return root


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return copy_example(tmp_path / "project")


@pytest.fixture(scope="module")
def rolled(tmp_path_factory) -> tuple[Path, Plan]:
    """The example rolled over to 2025/26 once, for the tests that only read the result."""
    root = copy_example(tmp_path_factory.mktemp("rolled") / "project")
    return root, start_year(root, "2025/26")


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted((root / "content").rglob("*")) if p.is_file()}


def block(text: str, key: str) -> str:
    """The lines of a top-level block, from ``key:`` up to the next top-level key."""
    lines = text.splitlines(keepends=True)
    start = lines.index(f"{key}:\n")
    end = next((i for i in range(start + 1, len(lines)) if lines[i][:1].isalpha()), len(lines))
    return "".join(lines[start:end])


def read(path: Path) -> dict:
    return parse(path.read_text("utf-8"), path.name)[0]


# -- the new tree -----------------------------------------------------------------


def test_new_year_validates_and_needs_input_are_warnings(rolled):
    project, plan = rolled
    assert plan.previous_year == "2024/25"
    created = {f.name for f in plan.having(CREATE)}
    assert f"{NEW}/municipality.yaml" in created
    assert len(created) == 1 + len(list((project / OLD / "units").glob("*.yaml"))) \
        + len(list((project / OLD / "parts").glob("*.yaml")))

    report = validate(project, use_cache=False)
    assert report.errors == []
    new_problems = [p for p in report.problems if p.file.startswith(NEW)]
    assert new_problems and all(p.severity == WARNING for p in new_problems)
    assert {(p.file, p.line) for p in new_problems} == {(p.file, p.line) for p in plan.needs_input}
    messages = {p.message for p in new_problems}
    assert "Resultaten för läsåret är inte ifyllda ännu." in messages
    assert "Analysen för läsåret är inte skriven ännu." in messages
    assert "Huvudmannens sammanfattning av läsåret är inte skriven ännu." in messages
    assert any(m.startswith("Effekten av förbättringsområdet") for m in messages)
    assert all(p.hint for p in new_problems)
    assert not [p for p in report.problems if not p.file.startswith(NEW)]  # the old years are untouched


def test_a_part_of_the_organisation_is_rolled_over_like_a_unit(rolled):
    project, plan = rolled
    old = read(project / OLD / "parts" / "grundskolan.yaml")
    new = read(project / NEW / "parts" / "grundskolan.yaml")
    assert f"{NEW}/parts/grundskolan.yaml" in {f.name for f in plan.having(CREATE)}
    assert new["part"] == "grundskolan" and new["school_year"] == "2025/26"
    assert new["goals"] == old["goals"]  # carried
    assert new["summary"] == "" and new["analysis"] == {}  # left to fill in
    assert [a["id"] for a in new["improvement_areas"]] == [a["id"] for a in old["improvement_areas"]]
    assert new["improvement_areas"][0]["effect_assessment"] == ""
    assert "self_assessment" not in new
    messages = {(p.file, p.message) for p in plan.needs_input}
    assert (f"{NEW}/parts/grundskolan.yaml", "Delens sammanfattning av läsåret är inte skriven ännu.") in messages
    # a part's year file that is already there is left alone
    again = start_year(project, "2025/26", dry_run=True)
    assert f"{NEW}/parts/grundskolan.yaml" in {f.name for f in again.having(EXISTS)}


def test_what_is_carried_and_what_is_left_empty(rolled):
    project, _ = rolled
    old_unit = read(project / OLD / "units" / "larkans-skola.yaml")
    unit = read(project / NEW / "units" / "larkans-skola.yaml")
    assert unit["school_year"] == "2025/26"
    assert unit["results"] == [] and unit["analysis"] == {} and unit["summary"] == ""
    assert "self_assessment" not in unit
    assert unit["goals"] == old_unit["goals"]
    assert unit["principal"] == old_unit["principal"]
    assert unit["development_areas"] == old_unit["development_areas"]
    assert unit["inspections"] == [i for i in old_unit["inspections"] if i["status"] != "closed"]
    for old, new in zip(old_unit["improvement_areas"], unit["improvement_areas"]):
        assert new["status"] == "open" and new["effect_assessment"] == ""
        assert new["actions"] == [a for a in old["actions"] if a.get("status") not in ("done", "cancelled")]
        assert {k: v for k, v in new.items() if k not in ("status", "effect_assessment", "actions")} == {
            k: v for k, v in old.items() if k not in ("status", "effect_assessment", "actions")}

    old_municipality = read(project / OLD / "municipality.yaml")
    municipality = read(project / NEW / "municipality.yaml")
    for key in ("goal_areas", "priorities", "development_areas", "inspections"):
        assert municipality[key] == old_municipality[key]
    for key, empty in (("summary", ""), ("analysis", {}), ("complaints", []), ("sick_leave", []),
                       ("programme_follow_up", []), ("recommendations", [])):
        assert municipality[key] == empty
    assert "self_assessment" not in municipality and "leadership_turnover" not in municipality


def test_closed_areas_finished_actions_and_closed_inspections_are_not_carried(project):
    path = project / OLD / "units" / "abyskolan.yaml"
    text = path.read_text("utf-8")
    text = text.replace("        status: ongoing", "        status: done", 1)  # lasforstaelse's first action
    text = text.replace("    status: open\nself_assessment:", "    status: closed\nself_assessment:")  # trygghet-raster
    path.write_text(text, encoding="utf-8")
    plan = start_year(project, "2025/26")
    new = read(project / NEW / "units" / "abyskolan.yaml")
    assert [a["id"] for a in new["improvement_areas"]] == ["lasforstaelse", "arbetsbelastning"]
    assert [a["owner"] for a in new["improvement_areas"][0]["actions"]] == ["Speciallärare"]
    dropped = next(f for f in plan.files if f.name.endswith("/abyskolan.yaml")).dropped
    assert any("trygghet-raster" in item for item in dropped)
    assert "inspections" not in read(project / NEW / "units" / "sjovallsskolan.yaml")  # its only one was closed


# -- comments, order and quoting -------------------------------------------------------


def test_comments_and_carried_blocks_are_kept_byte_for_byte(rolled):
    project, _ = rolled
    old = (project / OLD / "municipality.yaml").read_text("utf-8")
    new = (project / NEW / "municipality.yaml").read_text("utf-8")
    assert new.splitlines()[0] == "# yaml-language-server: $schema=../../../schemas/municipality-year.schema.json"
    for comment in (AREA_COMMENT, DEVELOPMENT_COMMENT, HEADING_COMMENT):
        assert comment in new
    # The comment sits where the editor put it: between the same two lines as before.
    before, after = old.split(AREA_COMMENT)
    assert before.splitlines()[-1] + "\n" + AREA_COMMENT + after.splitlines()[0] in new
    assert HEADING_COMMENT + "development_areas:\n" in new
    for key in ("development_areas", "goal_areas", "priorities", "inspections"):
        assert block(new, key) == block(old, key), key
    # Within a carried improvement area only the effect assessment changes: left empty for this year.
    old_area, new_area = block(old, "improvement_areas"), block(new, "improvement_areas")
    removed = [line for line in old_area.splitlines() if line not in new_area.splitlines()]
    added = [line for line in new_area.splitlines() if line not in old_area.splitlines()]
    assert set(removed) == set()
    assert set(added) == {'    effect_assessment: ""'}


def test_every_unchanged_line_of_a_unit_file_is_kept(rolled):
    project, _ = rolled
    old = (project / OLD / "units" / "abyskolan.yaml").read_text("utf-8")
    new = (project / NEW / "units" / "abyskolan.yaml").read_text("utf-8")
    for key in ("goals", "improvement_areas"):
        kept = block(old, key).splitlines()
        changed = ('    effect_assessment: ""',)
        assert [line for line in block(new, key).splitlines() if line not in changed] == kept
    assert new.startswith("# yaml-language-server: $schema=../../../../schemas/unit-year.schema.json\nunit: abyskolan\n"
                          "school_year: 2025/26\nprincipal: Jonas Hedlund\nsummary: \"\"\nresults: []\n")


def test_comments_around_what_is_removed(project):
    """A comment heading what stays is kept; one inside (or heading) what is removed goes with it."""
    path = project / OLD / "units" / "abyskolan.yaml"
    text = path.read_text("utf-8")
    text = text.replace("results:\n", "# Målen och resultaten följs upp i maj.\nresults:\n", 1)
    text = text.replace("    window: VT 2025\n", "    # Resultaten kommer från Skolverket.\n    window: VT 2025\n", 1)
    text = text.replace("goals:\n", "# Målen är beslutade av nämnden.\ngoals:\n", 1)
    text = text.replace("self_assessment:\n", "# Självskattningen gjordes i maj.\nself_assessment:\n", 1)
    text += "# Slut på filen.\n"
    path.write_text(text, encoding="utf-8")
    start_year(project, "2025/26")
    new = (project / NEW / "units" / "abyskolan.yaml").read_text("utf-8")
    assert "# Målen och resultaten följs upp i maj.\nresults: []\n# Målen är beslutade av nämnden.\ngoals:\n" in new
    assert "Resultaten kommer från Skolverket" not in new
    assert "Självskattningen gjordes i maj" not in new
    assert new.endswith("    status: open\n# Slut på filen.\n")
    assert validate(project, use_cache=False).errors == []


# -- running again, dry run, one unit, units that close or open -------------------------


def test_second_run_creates_nothing_and_keeps_edits(project):
    start_year(project, "2025/26")
    edited = project / NEW / "units" / "abyskolan.yaml"
    edited.write_bytes(edited.read_bytes().replace(b'summary: ""', "summary: Redaktören har skrivit.".encode()))
    before = tree(project)
    plan = start_year(project, "2025/26")
    assert plan.having(CREATE) == []
    assert {f.action for f in plan.files} == {EXISTS}
    assert tree(project) == before


def test_missing_file_is_added_on_a_second_run(project):
    start_year(project, "2025/26")
    (project / NEW / "units" / "hagaskolan.yaml").unlink()
    plan = start_year(project, "2025/26")
    assert [f.name for f in plan.having(CREATE)] == [f"{NEW}/units/hagaskolan.yaml"]


def test_dry_run_writes_nothing(project):
    before = tree(project)
    plan = start_year(project, "2025/26", dry_run=True)
    assert tree(project) == before
    assert not (project / NEW).exists()
    assert not (project / ".cache").exists()
    assert len(plan.having(CREATE)) == 29  # the municipality, 26 units and 2 parts of the organisation
    abyskolan = next(f for f in plan.files if f.name.endswith("/abyskolan.yaml"))
    assert any("improvement_areas" in item for item in abyskolan.carried)
    assert any("results" in item for item in abyskolan.fresh)
    assert any("self_assessment" in item for item in abyskolan.dropped)


def test_one_unit_only(project):
    plan = start_year(project, "2025/26", units=["abyskolan"])
    assert [f.name for f in plan.files] == [f"{NEW}/units/abyskolan.yaml"]
    assert sorted(p.relative_to(project / NEW).as_posix() for p in (project / NEW).rglob("*.yaml")) == ["units/abyskolan.yaml"]


def test_closed_unit_is_skipped_and_opened_unit_gets_a_minimal_file(project):
    path = project / "content" / "units" / "norrby-skola.yaml"
    text = path.read_text("utf-8")  # a unit whose opening the sources do not give
    assert "opened:" not in text
    path.write_text(text.replace("\ndescription:", "\nclosed: 2025-06-30\ndescription:", 1), encoding="utf-8")
    (project / "content" / "units" / "nyskolan.yaml").write_text(
        "# yaml-language-server: $schema=../../schemas/unit.schema.json\nid: nyskolan\nname: Nyskolan\n"
        "school_forms: [grundskola]\ngrades: F-6\narea: Norra\nopened: 2025-08-18\n", encoding="utf-8")
    plan = start_year(project, "2025/26")
    by_name = {f.name: f for f in plan.files}
    skipped = by_name[f"{NEW}/units/norrby-skola.yaml"]
    assert skipped.action == SKIP and "2025-06-30" in skipped.note
    assert not (project / NEW / "units" / "norrby-skola.yaml").exists()
    assert by_name[f"{NEW}/units/nyskolan.yaml"].note == "ny enhet"
    assert (project / NEW / "units" / "nyskolan.yaml").read_text("utf-8") == (
        "# yaml-language-server: $schema=../../../../schemas/unit-year.schema.json\n"
        "unit: nyskolan\nschool_year: 2025/26\nresults: []\n")
    assert "lillans-skola" not in " ".join(by_name)  # closed before 2024/25: not even mentioned
    assert validate(project, use_cache=False).errors == []


def test_nothing_is_written_when_last_year_has_an_error(project):
    path = project / OLD / "units" / "hagaskolan.yaml"
    path.write_text(path.read_text("utf-8").replace("school_year: 2024/25", "school_year: 2024-25"), encoding="utf-8")
    with pytest.raises(RolloverError) as failure:
        start_year(project, "2025/26")
    assert failure.value.problems and failure.value.problems[0].file == f"{OLD}/units/hagaskolan.yaml"
    assert not (project / NEW).exists()
    plan = start_year(project, "2025/26", units=["abyskolan"])  # another unit's file is not needed
    assert len(plan.having(CREATE)) == 1


def test_a_failed_write_leaves_nothing_behind(project, monkeypatch):
    import ska.workflow.rollover as rollover

    real, calls = rollover.os.replace, []

    def flaky(src, dst):
        calls.append(dst)
        if len(calls) == 5:
            raise OSError(28, "No space left on device")
        real(src, dst)

    monkeypatch.setattr(rollover.os, "replace", flaky)
    with pytest.raises(RolloverError, match="inget av det nya läsåret har sparats"):
        start_year(project, "2025/26")
    assert not [p for p in (project / NEW).rglob("*") if p.is_file()]


# -- the school year as written -------------------------------------------------------


@pytest.mark.parametrize("written, suggestion", [
    ("2025-2026", "2025/26"), ("2025-26", "2025/26"), ("2025/2026", "2025/26"), ("2025", "2025/26"),
    ("2025/27", "2025/26"), ("läsåret", "2025/26")])
def test_wrongly_written_year(written, suggestion):
    with pytest.raises(RolloverError) as failure:
        parse_school_year(written)
    assert suggestion in failure.value.hint


def test_year_1999_2000():
    assert parse_school_year(" 1999/00 ") == "1999/00"


# -- the command line ---------------------------------------------------------------


def test_cli_new_year(project, capsys):
    assert cli.main(["new-year", "2025/26", "--path", str(project), "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "Provkörning: inget har skrivits." in out and "Skulle skapa 29 filer:" in out
    assert "Förs över:" in out and "Töms för årets uppgifter:" in out and "Tas inte med:" in out
    assert not (project / NEW).exists()

    assert cli.main(["new-year", "2025/26", "--path", str(project)]) == 0
    out = capsys.readouterr().out
    assert "Skapade 29 filer:" in out and f"{NEW}/units/abyskolan.yaml" in out
    assert "Att fylla i (" in out and "Resultaten för läsåret är inte ifyllda ännu." in out

    assert cli.main(["new-year", "2025/26", "--path", str(project), "--unit", "abyskolan"]) == 0
    out = capsys.readouterr().out
    assert "Skapade 0 filer:" in out and "Finns redan och ändrades inte:" in out


@pytest.mark.parametrize("args, message", [
    (["2025-2026"], "Skriv 2025/26"),
    (["2027/28"], "Läsåret före 2027/28 (2026/27) finns inte"),
    (["2025/26", "--unit", "abyskola"], "Menade du ”abyskolan”?"),
])
def test_cli_problems(project, capsys, args, message):
    assert cli.main(["new-year", *args, "--path", str(project)]) == 1
    out = capsys.readouterr()
    assert message in out.err
    assert "Traceback" not in out.out + out.err
    assert not (project / NEW).exists()


def test_cli_outside_a_project(tmp_path, capsys):
    assert cli.main(["new-year", "2025/26", "--path", str(tmp_path)]) == 1
    assert "hittar ingen projektmapp" in capsys.readouterr().err


def test_windows_line_endings_are_kept(project, tmp_path):
    lf = copy_example(tmp_path / "lf")
    start_year(lf, "2025/26", units=["abyskolan"])
    path = project / OLD / "units" / "abyskolan.yaml"
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    start_year(project, "2025/26", units=["abyskolan"])
    new = (project / NEW / "units" / "abyskolan.yaml").read_bytes()
    assert new == (lf / NEW / "units" / "abyskolan.yaml").read_bytes().replace(b"\n", b"\r\n")


def test_goals_keep_their_baselines_and_targets_as_written(rolled):
    """A goal's baselines and targets are for several years: carried unchanged, written as the editor wrote them."""
    project, _ = rolled
    old_text = (project / OLD / "units" / "hagaskolan.yaml").read_text("utf-8")
    new_text = (project / NEW / "units" / "hagaskolan.yaml").read_text("utf-8")
    assert "        baseline: {value: 60.0, year: 2021/22}\n        target: {value: 70, year: 2025/26}\n" in old_text
    assert block(new_text, "goals") == block(old_text, "goals")
    assert read(project / NEW / "units" / "hagaskolan.yaml")["goals"][0]["targets"] == [
        {"indicator": "inflytande", "baseline": {"value": 60.0, "year": "2021/22"},
         "target": {"value": 70, "year": "2025/26"}}]
    municipality = read(project / NEW / "municipality.yaml")
    merit = municipality["goal_areas"][0]["goals"][0]["targets"][0]
    assert merit["baseline"] == {"value": 219.4, "year": "2019/20–2021/22"}
def test_last_years_recommendations_are_followed_up_not_repeated(project):
    """The new year does not take over last year's recommendations as its own; it gets a follow-up entry for each
    one with an id that is not done or cancelled, with last year's status to bring up to date. Last year's
    follow-up (of the year before) is not carried."""
    path = project / OLD / "municipality.yaml"
    text = path.read_text("utf-8")
    assert "recommendation_follow_up:" in text
    structured = ("recommendations:\n"
                  "  - Bara en text, utan id.\n"
                  "  - id: klar\n    text: Genomförd redan.\n    status: done\n"
                  "  - id: pagar\n    text: Pågår fortfarande.\n    owner: Grundskolechef\n    due: 2025-12\n"
                  "    status: ongoing\n    indicators: [meritvarde-ak9]\n"
                  "  - id: utan-status\n    text: Ingen status skriven.\n"
                  "  - id: planerad\n    text: Inte påbörjad.\n    status: planned\n")
    path.write_text(text.replace(block(text, "recommendations"), structured), encoding="utf-8")
    plan = start_year(project, "2025/26")
    new = read(project / NEW / "municipality.yaml")
    assert new["recommendations"] == []
    assert new["recommendation_follow_up"] == [{"recommendation": "pagar", "status": "ongoing"},
                                               {"recommendation": "planerad", "status": "planned"}]
    fresh = next(f for f in plan.files if f.name.endswith("municipality.yaml")).fresh
    assert any("recommendation_follow_up" in line and "pagar, planerad" in line for line in fresh)
    assert not [p for p in validate(project, use_cache=False).errors]


def test_the_examples_recommendations_come_back_as_a_follow_up(rolled):
    project, _ = rolled
    old = read(project / OLD / "municipality.yaml")
    expected = [{"recommendation": r["id"], "status": r["status"]} for r in old["recommendations"]
                if r["status"] not in ("done", "cancelled")]
    assert expected and read(project / NEW / "municipality.yaml")["recommendation_follow_up"] == expected
    assert old["recommendation_follow_up"] != expected  # 2024/25's own follow-up (of 2023/24) is not carried


def test_an_improvement_areas_effect_chain_is_carried_with_it(rolled):
    """An area carried to the new year keeps its effect chain as written (its baseline and follow-up years are
    for several years), and the new file validates."""
    project, _ = rolled
    old_text = (project / OLD / "units" / "abyskolan.yaml").read_text("utf-8")
    new_text = (project / NEW / "units" / "abyskolan.yaml").read_text("utf-8")
    old_area = next(a for a in read(project / OLD / "units" / "abyskolan.yaml")["improvement_areas"]
                    if a["id"] == "lasforstaelse")
    new_area = next(a for a in read(project / NEW / "units" / "abyskolan.yaml")["improvement_areas"]
                    if a["id"] == "lasforstaelse")
    assert [s["step"] for s in old_area["effect_chain"]] == ["resources", "activities", "practice", "results"]
    assert new_area["effect_chain"] == old_area["effect_chain"]
    start = old_text.index("    effect_chain:\n")
    chain = old_text[start:old_text.index("\n    status: open", start)]
    assert chain.count("\n") > 10
    assert chain in new_text  # line for line, as the editor wrote it
    assert not [p for p in validate(project, use_cache=False).errors if "abyskolan" in p.file]
