"""Nothing from the repository reaches a terminal or a CI log as a control character: it is shown escaped.

Anyone who can open a pull request can put escape sequences (which retitle a terminal, clear it or
hide text), other control characters and bidi overrides (which reorder what a reader sees) into
file names and content; every print path shows them as ``\\x1b`` or ``\\u202e`` instead.
"""

from __future__ import annotations

import re
import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from ska import pipeline
from ska import cli

from ska.analysis import yeardiff
from ska.workflow import diff as diff_text
from ska.content.problems import Problem, format_github, format_text, printable
from ska.workflow.rollover import CREATE, SKIP, FilePlan, Plan, format_plan

REPO = Path(__file__).resolve().parent.parent
HOSTILE = "\x1b]0;titel\x07\x1b[2J\x00\r\t\x7f\x9b\u202e\u2066\u2069\u200f\u2028"
HOSTILE_SHOWN = r"\x1b]0;titel\x07\x1b[2J\x00\r\t\x7f\x9b\u202e\u2066\u2069\u200f\u2028"
# C0 controls but the line break, DEL, C1 controls, bidi marks, embeddings, overrides and isolates, line separators
UNSAFE = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def assert_printable(text: str) -> None:
    assert not UNSAFE.findall(text), f"unescaped: {UNSAFE.findall(text)!r} in {text!r}"


def run(capsys, *argv: str) -> tuple[int, str]:
    """``ska argv…`` → exit code and everything it printed (stdout and stderr), checked to be printable."""
    code = cli.main(list(argv))
    captured = capsys.readouterr()
    assert_printable(captured.out)
    assert_printable(captured.err)
    return code, captured.out + captured.err


def test_printable_shows_each_control_character_escaped():
    assert printable(HOSTILE) == HOSTILE_SHOWN
    assert printable("Åbyskolan – 5\u00a0% → ”bra”") == "Åbyskolan – 5\u00a0% → ”bra”"
    assert printable("rad ett\nrad två") == r"rad ett\nrad två"


def hostile_problem(severity: str = "error") -> Problem:
    return Problem(file=f"content/units/{HOSTILE}.yaml", line=3, column=5, message=f"Namnet ”{HOSTILE}” är fel.\n0 fel.",
                   hint=f"Skriv {HOSTILE}.\nsummary: |\n  Text.", field_title=f"Namn{HOSTILE}",
                   path=("units", 0, HOSTILE), severity=severity)


def test_text_format_escapes_everything_from_content():
    out = format_text([hostile_problem(), hostile_problem("warning")])
    assert_printable(out)
    assert HOSTILE_SHOWN in out
    lines = out.splitlines()
    assert lines[-1] == "1 fel och 1 varningar."
    # a line break in a message or hint continues it, indented: it cannot forge a problem or a summary
    assert all(line.startswith(("content/units/", "    ")) for line in lines[:-1])
    assert "        summary: |" in lines and "          Text." in lines


def test_github_format_escapes_workflow_commands_and_control_characters():
    problem = Problem(file="content/a,b:c.yaml", line=1, column=2, message="50 %\r\n::error::falsk", field_title="T:i,tel")
    assert format_github([problem]).splitlines()[0] == \
        "::error file=content/a%2Cb%3Ac.yaml,line=1,col=2,title=T%3Ai%2Ctel::50 %25%0D%0A::error::falsk"
    out = format_github([hostile_problem(), hostile_problem("warning")])
    assert_printable(out)
    lines = out.splitlines()
    assert len(lines) == 3 and lines[0].startswith("::error file=") and lines[1].startswith("::warning file=")
    assert HOSTILE_SHOWN not in out  # a carriage return is a workflow-command escape (%0D), not a backslash one
    assert printable(HOSTILE.replace("\r", "%0D")) in out


def test_validate_prints_hostile_file_names_and_content_escaped(project, capsys):
    (project / "content" / "units" / f"{HOSTILE.replace(chr(0), '')}.yaml").write_text(
        'id: "\\e]0;x\\a"\nname: "\\e[2J\\u202e"\n', encoding="utf-8")
    unit = project / "content" / "units" / "eneskolan.yaml"
    unit.write_text(unit.read_text("utf-8").replace("name: Eneskolan", 'name: "Ene\\e]0;x\\askolan\\u202e"'), "utf-8")
    for argv in ([], ["--format", "github"]):
        code, out = run(capsys, "validate", *argv, str(project))
        assert code == 1 and "units/" in out


def test_a_hostile_path_on_the_command_line_is_escaped(tmp_path, capsys):
    code, out = run(capsys, "validate", str(tmp_path / HOSTILE.replace("\x00", "")))
    assert code == 2 and "finns inte" in out
    code, out = run(capsys, "new-year", "2025/26", "--path", str(tmp_path / "\x1b[2J"))
    assert code == 1 and r"\x1b[2J" in out


@pytest.fixture
def diff_project(tmp_path: Path) -> Path:
    shutil.copytree(REPO / "tests" / "fixtures" / "diff" / "content", tmp_path / "content")
    shutil.copytree(REPO / "schemas", tmp_path / "schemas")
    return tmp_path


def test_diff_prints_names_and_texts_escaped(diff_project, capsys):
    built = pipeline.build(diff_project, use_cache=False)
    content, results = built.content, built.results
    diff = yeardiff.diff_municipality(content, results, "2023/24", "2024/25")
    diff = replace(diff, units=tuple(replace(c, unit=replace(c.unit, name=HOSTILE)) for c in diff.units),
                   areas=tuple(replace(a, after=replace(a.after, title=HOSTILE)) if a.after else a for a in diff.areas))
    out = diff_text.format_text(diff)
    assert_printable(out)
    assert f"+ Ny enhet: {HOSTILE_SHOWN}" in out and f"+ Nytt: {HOSTILE_SHOWN}" in out

    unit = yeardiff.diff_unit(content, results, "eneskolan", "2023/24", "2024/25")
    out = diff_text.format_text(replace(unit, unit=replace(unit.unit, name=HOSTILE)))
    assert_printable(out)
    assert out.startswith(f"{HOSTILE_SHOWN}: förändringar")


@pytest.mark.parametrize("argv", [
    ["--unit", HOSTILE.replace("\x00", "")],
    ["--unit", "eneskolan", "--top", "1"],
])
def test_diff_command_output_is_printable(diff_project, capsys, argv):
    code, out = run(capsys, "diff", "2023/24", "2024/25", "--path", str(diff_project), *argv)
    assert out


@pytest.mark.parametrize("years, message", [
    (["9999/00", "2024/25"], "”9999/00” är inte ett läsår."),
    (["2024/25", "9999/00"], "”9999/00” är inte ett läsår."),
    (["0000/01", "2024/25"], "”0000/01” är inte ett läsår."),
    (["2024/25", "2019/20"], "FRÅN (2024/25) ska vara ett tidigare läsår än TILL (2019/20)."),
    (["2010/11", "2024/25"], "Läsåret 2010/11 finns inte i innehållet."),
    (["２０２３/２４", "2024/25"], "”２０２３/２４” är inte ett läsår."),
    (["\x1b[2J", "2024/25"], r"”\x1b[2J” är inte ett läsår."),
])
def test_odd_school_years_are_explained_not_a_traceback(diff_project, capsys, years, message):
    code, out = run(capsys, "diff", *years, "--path", str(diff_project))
    assert code == 2 and out.startswith(message)


def test_new_year_plan_escapes_file_names_and_notes():
    plan = Plan("2025/26", "2024/25", [
        FilePlan(f"content/years/2025-26/units/{HOSTILE}.yaml", "unit_year", CREATE, note=HOSTILE,
                 carried=[HOSTILE], fresh=[HOSTILE], dropped=[HOSTILE]),
        FilePlan(f"content/years/2025-26/units/{HOSTILE}2.yaml", "unit_year", SKIP, note=HOSTILE),
    ], [hostile_problem("warning")], dry_run=True)
    out = format_plan(plan)
    assert_printable(out)
    assert f"  content/years/2025-26/units/{HOSTILE_SHOWN}.yaml ({HOSTILE_SHOWN})" in out.splitlines()


def test_new_year_errors_are_escaped(project, capsys):
    code, out = run(capsys, "new-year", "2025/26", "--unit", HOSTILE.replace("\x00", ""), "--dry-run",
                    "--path", str(project))
    assert code == 1 and r"\x1b]0;titel\x07" in out
