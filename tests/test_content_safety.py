"""What the bad-input corpus cannot express: links, special files, folder names and the cache.

A pull request can add anything to the repository. Whatever it adds, ``ska validate``
answers with Swedish problems (file, line, hint), never a traceback, never reads outside
the repository, never prints what a link points to, and never trusts a cache it did not write.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import time
from pathlib import Path

import pytest

from ska import cli
from ska.content.problems import Problem
from ska.content.validate import CACHE_FILE, validate

SECRET = "HEMLIGT-VÄRDE"
UNIT_YEAR = "content/years/2024-25/units/eneskolan.yaml"


@pytest.fixture
def secret(tmp_path) -> Path:
    """A file and a folder outside the project, as a link could point at them."""
    outside = tmp_path / "utanfor"
    (outside / "mapp").mkdir(parents=True)
    (outside / "hemlig.yaml").write_text(f"id: x\nname: {SECRET}\n", "utf-8")
    (outside / "mapp" / "hemlig.yaml").write_text(f"unit: x\nsummary: {SECRET}\n", "utf-8")
    return outside


def run_validate(project: Path, capsys, *extra: str) -> tuple[int, str]:
    code = cli.main(["validate", str(project), "--no-cache", *extra])
    out = capsys.readouterr()
    assert "Traceback" not in out.out + out.err
    return code, out.out + out.err


def problems_for(project: Path, name: str) -> list[Problem]:
    report = validate(project, use_cache=False)
    found = [p for p in report.problems if p.file == name]
    for p in found:
        assert p.line >= 1 and p.column >= 1 and p.message and p.hint, p
    return found


@pytest.mark.parametrize("kind", ["file", "folder", "dangling", "loop"])
def test_a_link_is_refused_and_never_followed(kind, project, secret, capsys):
    link = project / "content/units/lankad.yaml"
    if kind == "file":
        link.symlink_to(secret / "hemlig.yaml")
    elif kind == "folder":
        link.symlink_to(secret / "mapp")
    elif kind == "dangling":
        link.symlink_to(secret / "finns-inte.yaml")
    else:
        link.symlink_to(link)
    found = problems_for(project, "content/units/lankad.yaml")
    assert [p.is_error for p in found] == [True] and "symbolisk länk" in found[0].message
    code, out = run_validate(project, capsys)
    assert code == 1
    assert SECRET not in out and str(secret) not in out and "utanfor" not in out


@pytest.mark.parametrize("where", ["content/units", "content/years", "content/years/2024-25",
                                   "content/years/2024-25/units", "content/indicators.yaml",
                                   "content/years/2024-25/units/eneskolan.yaml"])
def test_a_linked_folder_or_file_in_the_tree_is_refused(where, project, secret, capsys):
    target = project / where
    if target.is_dir():
        shutil.rmtree(target)
        target.symlink_to(secret / "mapp")
    else:
        target.unlink()
        target.symlink_to(secret / "hemlig.yaml")
    found = problems_for(project, where)
    assert found and "symbolisk länk" in found[0].message
    code, out = run_validate(project, capsys)
    assert code == 1 and SECRET not in out and "utanfor" not in out


@pytest.mark.parametrize("folder", ["content", "schemas"])
def test_a_linked_content_or_schemas_folder_is_refused(folder, project, tmp_path, capsys):
    moved = tmp_path / f"flyttad-{folder}"
    shutil.move(project / folder, moved)
    (project / folder).symlink_to(moved)
    report = validate(project, use_cache=False)
    assert [p.file for p in report.problems] == [f"{folder}/"] and "symbolisk länk" in report.problems[0].message
    code, out = run_validate(project, capsys)
    assert code == 1 and "flyttad" not in out


@pytest.mark.parametrize("where", ["file", "http"])
def test_a_schema_that_points_outside_itself_is_refused_unread(where, project, secret, capsys):
    """A pull request's own schemas must not make validation (or the build) read a file or reach the network."""
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen()
        server.setblocking(False)
        ref = (secret / "hemlig.yaml").as_uri() if where == "file" else f"http://127.0.0.1:{server.getsockname()[1]}/x.json"
        schema = project / "schemas/unit.schema.json"
        text = schema.read_text("utf-8")
        name = '"common.schema.json#/$defs/text", "title": "Namn"'
        line = text[:text.index(name)].count("\n") + 1  # the name's line: the $ref is there
        schema.write_text(text.replace(name, f'"{ref}", "title": "Namn"', 1), "utf-8")
        assert ref in schema.read_text("utf-8")
        report = validate(project, use_cache=False)
        with pytest.raises(BlockingIOError):
            server.accept()  # nobody called
    assert [(p.file, p.line) for p in report.problems] == [("schemas/unit.schema.json", line)]
    assert "pekar utanför schemana" in report.problems[0].message and "ska scheman" in report.problems[0].hint
    code, out = run_validate(project, capsys)
    assert code == 1 and SECRET not in out and "pekar utanför schemana" in out


def test_a_fifo_is_refused_at_once(project, capsys):
    os.mkfifo(project / UNIT_YEAR.replace("eneskolan", "ror"))
    started = time.perf_counter()
    found = problems_for(project, UNIT_YEAR.replace("eneskolan", "ror"))
    assert time.perf_counter() - started < 5
    assert found and "ingen vanlig fil" in found[0].message
    assert run_validate(project, capsys)[0] == 1


def test_a_fifo_that_appears_after_discovery_is_not_waited_for(project, monkeypatch):
    """Between listing and reading, a file may be replaced: reading itself refuses what is not a regular file."""
    from ska.content import files

    path = project / UNIT_YEAR
    listed = files.discover

    def discover_then_swap(content):
        found = listed(content)
        path.unlink()
        os.mkfifo(path)
        return found

    monkeypatch.setattr(files, "discover", discover_then_swap)
    started = time.perf_counter()
    report = validate(project, use_cache=False)
    assert time.perf_counter() - started < 5
    assert any(p.file == UNIT_YEAR and "ingen vanlig fil" in p.message for p in report.problems)


def test_a_socket_is_refused(project):
    import socket

    name = "content/units/s.yaml"
    with socket.socket(socket.AF_UNIX) as sock:
        sock.bind(str(project / name))
        found = problems_for(project, name)
    assert found and "ingen vanlig fil" in found[0].message


def test_a_folder_named_yaml_is_refused(project):
    (project / "content/units/mapp.yaml").mkdir()
    (project / "content/years/2024-25/units/mapp.yaml").mkdir()
    for name in ("content/units/mapp.yaml", "content/years/2024-25/units/mapp.yaml"):
        found = problems_for(project, name)
        assert found and "mapp där det ska finnas en fil" in found[0].message


@pytest.mark.parametrize("folder", ["2024-25.bak", "2024-25 kopia", 'x"><img src=x onerror=alert(1)>', "2025-27",
                                    "9999-00", "0000-01", "٢٠٢٤-٢٥", "2024-25\n"])
def test_a_year_folder_must_be_a_school_year(folder, project, capsys):
    copy = project / "content/years" / folder
    shutil.copytree(project / "content/years/2024-25", copy)
    (copy / "units/eneskolan.yaml").write_text(
        (copy / "units/eneskolan.yaml").read_text("utf-8").replace("summary:", "summary: KOPIAN\nx:"), "utf-8")
    report = validate(project, use_cache=False)
    assert not any("KOPIAN" in str(data) for _, data in report.documents)  # never read, never replaces the live year
    problems = [p for p in report.problems if p.file.startswith("content/years/") and "2024-25/" not in p.file]
    assert len(problems) == 1 and problems[0].is_error and problems[0].hint, problems
    assert "läsår" in problems[0].message or "inte kan visas" in problems[0].message
    assert run_validate(project, capsys)[0] == 1


def test_a_file_name_that_cannot_be_shown_is_refused(project, capsys):
    weird = os.fsencode(project / "content/units") + b"/\xff\x1b[31m.yaml"
    with open(weird, "w") as handle:
        handle.write("id: x\n")
    report = validate(project, use_cache=False)
    found = [p for p in report.problems if "inte kan visas" in p.message]
    assert len(found) == 1 and "\x1b" not in found[0].file
    code, out = run_validate(project, capsys)
    assert code == 1 and "\x1b" not in out


def test_a_huge_file_is_refused_before_it_is_read(project):
    path = project / UNIT_YEAR
    with open(path, "ab") as handle:
        handle.truncate(50_000_000)  # sparse: 50 MB that cost nothing to make, and must not be read
    found = problems_for(project, UNIT_YEAR)
    assert found and "50000 kB" in found[0].message


def test_an_unreadable_file_is_a_problem(project):
    if os.geteuid() == 0:
        pytest.skip("root reads every file")
    (project / UNIT_YEAR).chmod(0)
    found = problems_for(project, UNIT_YEAR)
    assert found and "kunde inte öppnas" in found[0].message


# -- the cache -------------------------------------------------------------------


def test_the_cache_is_plain_json_and_round_trips_every_problem(project):
    text = (project / UNIT_YEAR).read_text("utf-8")
    (project / UNIT_YEAR).write_text(text + "mål: yes\nmål2: [1, 2]\n", "utf-8")
    first = validate(project)
    saved = json.loads((project / CACHE_FILE).read_text("utf-8"))
    assert set(saved) == {"version", "stamp", "entries"}
    second = validate(project)
    assert first.problems and [p.__dict__ for p in first.problems] == [p.__dict__ for p in second.problems]
    assert first.documents == second.documents
    assert not (project / ".cache/ska/validate.pickle").exists()


@pytest.mark.parametrize("forged", ["[]", "{}", "not json", '{"version": 1, "stamp": "x", "entries": []}', "NaN"])
def test_a_cache_of_the_wrong_shape_is_ignored(forged, project):
    clean = validate(project)
    (project / CACHE_FILE).write_text(forged, "utf-8")
    assert validate(project).problems == clean.problems


def test_a_forged_cache_entry_is_ignored(project):
    validate(project)
    saved = json.loads((project / CACHE_FILE).read_text("utf-8"))
    for entry in saved["entries"].values():
        entry[3] = [["x", "1", 1, "m", "h", "", [], "error"]]  # a line that is not a number
    (project / CACHE_FILE).write_text(json.dumps(saved), "utf-8")
    assert validate(project).problems == []


def test_a_cache_tracked_by_git_is_never_trusted(project):
    if shutil.which("git") is None:
        pytest.skip("git saknas")
    (project / UNIT_YEAR).write_text((project / UNIT_YEAR).read_text("utf-8") + "extra: 1\n", "utf-8")
    assert not validate(project).ok
    saved = json.loads((project / CACHE_FILE).read_text("utf-8"))
    for entry in saved["entries"].values():
        entry[2], entry[3] = entry[2] or {"unit": "eneskolan"}, []  # "no problems": what a pull request would claim
    (project / CACHE_FILE).write_text(json.dumps(saved), "utf-8")
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@t"]
    subprocess.run([*git, "init", "-q"], cwd=project, check=True)
    subprocess.run([*git, "add", "-f", CACHE_FILE.as_posix()], cwd=project, check=True)
    assert not validate(project).ok  # the tracked cache is ignored: the error is found again


def test_a_linked_cache_is_never_followed(project, tmp_path):
    elsewhere = tmp_path / "annan"
    elsewhere.mkdir()
    (project / ".cache").mkdir()
    (project / ".cache/ska").symlink_to(elsewhere)
    validate(project)
    assert list(elsewhere.iterdir()) == []  # nothing written through the link
    shutil.rmtree(project / ".cache")
    (project / CACHE_FILE).parent.mkdir(parents=True)
    (project / CACHE_FILE).symlink_to(elsewhere / "validate.json")
    validate(project)
    assert not (elsewhere / "validate.json").exists()
