"""A newcomer's first unit: `ska ny enhet`, and the editor guide's walkthrough "Din första enhet" run
step by step, as written, on a copy of the example project."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
import yaml

from ska import cli
from ska.content.validate import validate
from ska.workflow import scaffold
from ska.workflow.rollover import RolloverError
from test_site import build_site, make_project, read, text_of

REPO = Path(__file__).resolve().parent.parent
GUIDE = REPO / "docs" / "redaktorer.md"
BLOCK = re.compile(r"```(\w+)\n(.*?)```", re.S)
REPLACE = re.compile(r"Ersätt raden som börjar med `([^`]+)` i `([^`]+)` med:\s*$")


def walkthrough() -> list[tuple[str, str, str]]:
    """The section's code blocks in order: (language, code, the paragraph just before it)."""
    text = GUIDE.read_text("utf-8")
    section = text.split("\n## Din första enhet\n", 1)[1].split("\n## ", 1)[0]
    steps, last = [], 0
    for match in BLOCK.finditer(section):
        before = section[last:match.start()].strip().split("\n\n")[-1]
        steps.append((match[1], match[2], " ".join(before.split())))
        last = match.end()
    return steps


def run(args: list[str], capsys) -> tuple[int, str]:
    code = cli.main(args)
    out = capsys.readouterr()
    return code, out.out + out.err


@pytest.fixture
def project(tmp_path, monkeypatch):
    root = make_project(tmp_path / "kommun")
    monkeypatch.chdir(root)
    return root


def test_din_forsta_enhet_step_by_step_gives_a_valid_unit_on_the_site(project, capsys):
    steps = walkthrough()
    assert [lang for lang, _, _ in steps] == ["sh", "yaml", "yaml", "sh"], "the walkthrough changed: update this test"
    outputs = []
    for lang, code, before in steps:
        if lang == "sh":
            for line in code.strip().splitlines():
                words = shlex.split(line)
                assert words[0] == "ska", line
                code_, out = run(words[1:], capsys)
                assert code_ == 0, f"{line}\n{out}"
                outputs.append(out)
        else:
            instruction = REPLACE.search(before)
            assert instruction, f"a YAML block without 'Ersätt raden som börjar med `…` i `…` med:' before it: {before!r}"
            start, name = instruction.groups()
            path = project / name
            lines = path.read_text("utf-8").split("\n")
            assert sum(line.startswith(start) for line in lines) == 1, f"{name}: no one line starts with {start!r}"
            path.write_text("\n".join(code.rstrip("\n") if line.startswith(start) else line for line in lines), "utf-8")
    assert outputs[-1].strip() == "Inga problem hittades."
    # what the reader sees: the unit, its area, its result
    site = build_site(project)
    unit = text_of(read(site, "enheter/eneskolan/index.html"))
    assert "Eneskolan" in unit and "Norra" in unit
    assert "Startade" not in unit  # left out, not invented
    year = text_of(read(site, "enheter/eneskolan/2024-25/index.html"))
    assert "89,1\u00a0%" in year  # 41 of 46


def test_the_new_files_validate_at_once_and_say_what_goes_where(project, capsys):
    code, out = run(["ny", "enhet", "nya-skolan", "--namn", "Nya skolan", "--skolform", "forskola"], capsys)
    assert code == 0, out
    unit = project / "content/units/nya-skolan.yaml"
    year = project / "content/years/2024-25/units/nya-skolan.yaml"
    assert f"  {unit.relative_to(project)}" in out and f"ska validate {year.relative_to(project)}" in out
    assert unit.read_text("utf-8").startswith("# yaml-language-server: $schema=../../schemas/unit.schema.json\n")
    assert year.read_text("utf-8").startswith("# yaml-language-server: $schema=../../../../schemas/unit-year.schema.json\n")
    assert [p for p in validate(project, use_cache=False).problems if p.is_error] == []
    # the indicators listed are the preschool's, not the compulsory school's
    listing = year.read_text("utf-8").split("# Indikatorer för enhetens skolformer:\n", 1)[1].split("\n\n", 1)[0]
    listed = re.findall(r"^#   ([a-z0-9-]+): ", listing, re.M)
    forms = {i["id"]: i.get("school_forms", []) for i in yaml.safe_load((project / "content/indicators.yaml").read_text("utf-8"))["indicators"]}
    assert listed and all(not forms[i] or "forskola" in forms[i] for i in listed)
    assert "meritvarde-ak9" not in listed


def test_a_hostile_name_is_written_as_text_and_shown_as_text(project, capsys):
    name = 'Ene"skolan\' <script>alert(1)</script> # {x: [1]} &amp; \\n'
    code, out = run(["ny", "enhet", "ene", "--namn", name, "--skolform", "grundskola"], capsys)
    assert code == 0, out
    assert yaml.safe_load((project / "content/units/ene.yaml").read_text("utf-8"))["name"] == name
    page = read(build_site(project), "enheter/ene/index.html")
    assert "<script>alert(1)" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page


@pytest.mark.parametrize("args, said", [
    (["Ene_skolan", "--namn", "E", "--skolform", "grundskola"], "kan inte vara en enhets id"),
    (["hagaskolan", "--namn", "E", "--skolform", "grundskola"], "content/units/hagaskolan.yaml finns redan"),
    (["ene", "--namn", "E", "--skolform", "grundskola", "--lasar", "2030/31"], "Läsåret 2030/31 finns inte"),
    (["ene", "--namn", "E", "--skolform", "grundskola", "--lasar", "2030/32"], "är inte ett läsår"),
    (["ene", "--namn", "", "--skolform", "grundskola"], "skulle få fel"),
])
def test_what_cannot_be_done_is_said_in_swedish_and_nothing_is_written(project, capsys, args, said):
    before = sorted(p for p in (project / "content").rglob("*"))
    code, out = run(["ny", "enhet", *args], capsys)
    assert code == 1 and said in out and "Traceback" not in out
    assert sorted(p for p in (project / "content").rglob("*")) == before


def test_a_dry_run_shows_the_files_and_writes_nothing(project, capsys):
    code, out = run(["ny", "enhet", "ene", "--namn", "Ene", "--skolform", "grundskola", "--dry-run"], capsys)
    assert code == 0 and "Provkörning: inget har skrivits.\n" in out and "\nunit: ene\n" in out
    assert not (project / "content/units/ene.yaml").exists()


def test_an_existing_file_is_never_overwritten(project):
    year = project / "content/years/2024-25/units/ene.yaml"
    year.write_text("# mitt utkast\n", "utf-8")
    with pytest.raises(RolloverError, match="finns redan"):
        scaffold.new_unit(project, "ene", "Ene", ["grundskola"])
    assert year.read_text("utf-8") == "# mitt utkast\n"
    assert not (project / "content/units/ene.yaml").exists()


def test_a_new_part_of_the_organisation_validates_at_once_and_shows_on_the_site(project, capsys):
    code, out = run(["ny", "del", "fritids", "--namn", "Fritidshemmen", "--slag", "school_form"], capsys)
    assert code == 0, out
    part, plan = project / "content/parts/fritids.yaml", project / "content/years/2024-25/parts/fritids.yaml"
    assert part.read_text("utf-8").startswith("# yaml-language-server: $schema=../../schemas/part.schema.json\n")
    assert plan.read_text("utf-8").startswith("# yaml-language-server: $schema=../../../../schemas/part-year.schema.json\n")
    assert [p for p in validate(project, use_cache=False).problems if p.is_error] == []
    site = build_site(project)
    assert "Fritidshemmen" in text_of(read(site, "delar/fritids/index.html"))
    assert "Fritidshemmen" in text_of(read(site, "delar/fritids/2024-25/index.html"))
    code, out = run(["ny", "del", "fritids", "--namn", "X", "--slag", "function"], capsys)
    assert code == 1 and "content/parts/fritids.yaml finns redan" in out
    with pytest.raises(SystemExit) as stopped:
        cli.main(["ny", "del", "ny-del", "--namn", "X", "--slag", "skolform"])
    assert stopped.value.code == 2 and "ogiltigt val: 'skolform'" in capsys.readouterr().err  # in Swedish
