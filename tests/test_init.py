"""`ska init`: a new municipality's project validates and builds at once, says the name it was given (escaped
wherever it lands), never writes into a folder with content, and writes nothing when something fails."""

from __future__ import annotations

import datetime
import errno
import html
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import cmarkgfm
import markdown
import pytest
import yaml

from ska import cli
from ska.content.validate import validate
from ska.workflow import init
from ska.workflow.rollover import RolloverError
from test_site import build_site, read

REPO = Path(__file__).resolve().parent.parent
HOSTILE = 'Åre & "Berg" <script>alert(1)</script> {{ 7*7 }} {% if %} %} : # *fet* [länk](javascript:x) \\ `k` ~ |'
TODAY = datetime.date(2026, 12, 1)


def run(*argv: str) -> int:
    return cli.main(list(argv))


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    target = tmp_path_factory.mktemp("init") / "kommun"
    init.create(target, HOSTILE + "\n  kommun", "2025/26", today=TODAY)
    return target


@pytest.fixture(scope="module")
def site(project) -> Path:
    return build_site(project)


NAME = HOSTILE + " kommun"  # the line break and the spaces after it are one space


def test_the_new_project_has_every_part_the_issue_names(project):
    for name in ("mkdocs.yml", "README.md", "requirements.txt", ".gitignore", ".pre-commit-config.yaml",
                 ".github/workflows/kontroll.yml", ".github/pull_request_template.md", ".vscode/settings.json",
                 ".vscode/extensions.json", "docs/index.md", "docs/om.md", "docs/ordlista.md", "docs/redaktorer.md",
                 "content/indicators.yaml", "content/programmes.yaml", "content/years/2025-26/municipality.yaml",
                 "content/units/exempelskolan.yaml", "content/years/2025-26/units/exempelskolan.yaml",
                 "schemas/common.schema.json", "schemas/unit-year.schema.json"):
        assert (project / name).is_file(), name
    assert yaml.safe_load((project / "content/programmes.yaml").read_text("utf-8")) == {"programmes": []}
    assert (project / "schemas/unit.schema.json").read_bytes() == (REPO / "schemas/unit.schema.json").read_bytes()
    assert re.fullmatch(r"(?s).*^ska-sajt==\d+\.\d+\.\d+\S*$.*", (project / "requirements.txt").read_text(), re.M)
    assert "{{" not in (project / "README.md").read_text("utf-8").replace(r"\{\{", "")  # every template rendered
    assert not list(project.parent.glob(".*init-*")), "the scratch folder is gone"


def test_the_catalogue_is_the_tools_own_with_only_the_country_to_compare_with(project):
    """The shipped catalogue, never a copy that drifts: every indicator as the tool's example has it (with its
    Skolverket column for the importer), the population groups, and riket; the example's comparison group is
    one municipality's choice and is left out."""
    ours = yaml.safe_load((REPO / "content/indicators.yaml").read_text("utf-8"))
    theirs = yaml.safe_load((project / "content/indicators.yaml").read_text("utf-8"))
    assert theirs["indicators"] == ours["indicators"] and theirs["groups"] == ours["groups"]
    assert any("skolverket_column" in i for i in theirs["indicators"])
    assert [s["kolada_municipality"] for s in ours["references"]] == ["0000", "G33910"]
    assert theirs["references"] == ours["references"][:1]
    assert (project / "content/indicators.yaml").read_text("utf-8").startswith("# yaml-language-server: $schema=")


def test_it_validates_with_no_errors(project):
    problems = validate(project, use_cache=False).problems
    assert not [p for p in problems if p.is_error], problems
    assert run("validate", str(project)) == 0


def test_the_name_lands_unchanged_in_every_yaml_file(project):
    config = yaml.safe_load((project / "mkdocs.yml").read_text("utf-8"))
    assert html.unescape(config["site_name"]) == f"Kvalitetsarbete i {NAME}"  # the theme writes it as HTML
    assert "<" not in config["site_name"] and "<" not in config["copyright"]
    assert config["plugins"][1]["ska"]["accessibility"]["organisation"] == NAME
    plan = yaml.safe_load((project / "content/years/2025-26/municipality.yaml").read_text("utf-8"))
    assert plan["municipality"] == NAME


def test_the_start_page_heading_is_the_name_as_text(project):
    page = markdown.markdown((project / "docs/index.md").read_text("utf-8"), extensions=["attr_list", "tables", "toc"])
    heading = re.search(r"<h1[^>]*>(.*?)</h1>", page).group(1)
    assert "<" not in heading and html.unescape(heading) == f"Kvalitetsarbete i {NAME}"


def test_the_built_site_shows_the_name_escaped_everywhere(site):
    start = read(site, "index.html")
    assert "<script>alert" not in "".join(p.read_text("utf-8") for p in site.rglob("*.html"))
    title = re.search(r"<title>(.*?)</title>", start).group(1)
    assert html.unescape(title) == f"Start - Kvalitetsarbete i {NAME}"
    heading = re.search(r"<h1[^>]*>(.*?)<a class=\"headerlink\"", start, re.S).group(1)
    assert html.unescape(heading.strip()) == f"Kvalitetsarbete i {NAME}"
    statement = read(site, "tillganglighet/index.html")
    assert f"står bakom webbplatsen Kvalitetsarbete i {html.escape(NAME, quote=False)}" in \
        statement.replace("&#34;", '"').replace("&quot;", '"')  # once escaped, never twice (&amp;amp;)
    year = read(site, "ar/2025-26/index.html")
    assert f'data-municipality="{html.escape(NAME)}"'.replace("&#x27;", "&#39;") in \
        year.replace("&#34;", "&quot;")
    assert "Exempelskolan" in read(site, "enheter/exempelskolan/index.html")


def test_an_ampersand_in_a_real_name_reads_right_everywhere(tmp_path):
    """site_name is HTML for the theme; an & that cannot start a character reference stays as it is, so no page
    (not even the theme's tooltip, which escapes site_name again) shows "&amp;amp;"."""
    init.create(tmp_path / "p", "Åre & Berg kommun", "2025/26", today=TODAY)
    site = build_site(tmp_path / "p")
    for page in ("index.html", "tillganglighet/index.html", "ar/2025-26/index.html"):
        text = read(site, page)
        assert "&amp;amp;" not in text and "Åre &amp; Berg kommun" in text, page
    assert "<title>Start - Kvalitetsarbete i Åre & Berg kommun</title>" in read(site, "index.html")


@pytest.mark.parametrize("name", ["a: b", "x\ny", "<b>fet</b>", "{{ x }}", "%}", "'", '"', "- lista", "#", "!tag",
                                  "&amp;", "&#60;", "[a](b)", "a & b", "d'Ore", "~~s~~ $x$", "https://a.se www.b.se",
                                  "&a *a"])
def test_each_hostile_name_round_trips_through_yaml_and_markdown(tmp_path, name):
    target = tmp_path / "p"
    init.create(target, name, "2025/26", today=TODAY)
    expected = " ".join(name.split())
    config = yaml.safe_load((target / "mkdocs.yml").read_text("utf-8"))
    assert html.unescape(config["site_name"]) == f"Kvalitetsarbete i {expected}"
    assert config["plugins"][1]["ska"]["accessibility"]["organisation"] == expected
    page = markdown.markdown((target / "docs/index.md").read_text("utf-8"), extensions=["attr_list", "tables"])
    assert html.unescape(re.search(r"<h1[^>]*>(.*?)</h1>", page).group(1)) == f"Kvalitetsarbete i {expected}"
    readme = markdown.markdown((target / "README.md").read_text("utf-8"))
    assert html.unescape(re.search(r"<h1[^>]*>(.*?)</h1>", readme).group(1)) == f"Kvalitetsarbete i {expected}"
    on_github = cmarkgfm.github_flavored_markdown_to_html((target / "README.md").read_text("utf-8"))
    heading = re.search(r"<h1>(.*?)</h1>", on_github, re.S).group(1)
    sentence = re.search(r"kvalitetsarbetet i (.*?): varje enhets", on_github, re.S).group(1)
    assert "<" not in heading and html.unescape(heading) == f"Kvalitetsarbete i {expected}"
    assert "<" not in sentence and html.unescape(sentence) == expected


@pytest.mark.parametrize("name,says", [("", "tomt"), ("   \n ", "tomt"), ("Åre\x1b[31m", "styrtecken"),
                                       ("Åre\u202ekommun", "styrtecken"), ("x" * 201, "längre än 200")])
def test_a_name_that_cannot_be_shown_is_refused_in_swedish(tmp_path, capsys, name, says):
    assert run("init", str(tmp_path / "p"), "--kommun", name) == 1
    err = capsys.readouterr().err
    assert says in err and "Gör så här:" in err and "\x1b" not in err and "Traceback" not in err
    assert not (tmp_path / "p").exists()


def test_never_writes_into_a_folder_with_content(tmp_path, capsys):
    target = tmp_path / "p"
    target.mkdir()
    (target / "anteckning.txt").write_text("min")
    assert run("init", str(target), "--kommun", "Exempel kommun") == 1
    assert "inte tom" in capsys.readouterr().err
    assert [p.name for p in target.iterdir()] == ["anteckning.txt"]
    (tmp_path / "fil").write_text("x")
    assert run("init", str(tmp_path / "fil"), "--kommun", "Exempel kommun") == 1
    assert (tmp_path / "fil").read_text() == "x"


def test_an_empty_folder_is_filled_also_the_one_you_stand_in(tmp_path, monkeypatch, capsys):
    (tmp_path / "tom").mkdir()
    monkeypatch.chdir(tmp_path / "tom")
    assert run("init", ".", "--kommun", "Exempel kommun", "--lasar", "2025/26") == 0
    out = capsys.readouterr().out
    assert "Skapade projektet" in out and "platshållare" in out
    assert "installera från hjulet" in out  # ska-sajt is in no public index: the next step alone would fail
    assert (tmp_path / "tom/mkdocs.yml").is_file() and (tmp_path / "tom/content/units/exempelskolan.yaml").is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["tom"]  # no scratch folder beside it


def test_a_failure_half_way_leaves_nothing(tmp_path, monkeypatch, capsys):
    calls = []

    def failing(path, text):
        calls.append(path)
        if len(calls) == 12:
            raise OSError(28, "No space left on device")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, "utf-8")

    monkeypatch.setattr(init, "_write", failing)
    assert run("init", str(tmp_path / "ny/mapp/p"), "--kommun", "Exempel kommun") == 1
    assert "inget har sparats" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == [], "not even the folders it would have made"


@pytest.mark.parametrize("stop, raised", [(OSError(13, "Permission denied"), RolloverError),
                                         (KeyboardInterrupt(), KeyboardInterrupt)])
def test_a_move_into_an_empty_folder_that_fails_or_is_interrupted_takes_back_what_it_moved(stop, raised, tmp_path,
                                                                                           monkeypatch):
    (tmp_path / "tom").mkdir()
    real, moves = init.os.rename, []

    def rename(src, dst):
        moves.append(dst)
        if len(moves) == 4:
            raise stop
        real(src, dst)

    monkeypatch.setattr(init.os, "rename", rename)
    with pytest.raises(raised):
        init.create(tmp_path / "tom", "Exempel kommun", "2025/26", today=TODAY)
    assert list((tmp_path / "tom").iterdir()) == [] and sorted(p.name for p in tmp_path.iterdir()) == ["tom"]


def taken_targets(root: Path) -> dict[str, Path]:
    """Targets ska init must refuse, each beside a folder it must not write into (``root/inne``)."""
    (root / "tom").mkdir()
    (root / "full").mkdir()
    (root / "full/anteckning.txt").write_text("min")
    (root / "dold").mkdir()
    (root / "dold/.git").mkdir()
    os.mkfifo(root / "ror")
    for link, to in (("till-tom", "tom"), ("till-full", "full"), ("till-inget", "inget")):
        (root / link).symlink_to(to)
    return {name: root / name for name in ("till-tom", "till-full", "till-inget", "ror", "dold")}


def test_a_link_a_pipe_or_a_folder_with_hidden_files_is_refused_and_left_as_it_was(tmp_path, capsys):
    """A link is never followed (not even to an empty folder: the project would land elsewhere), nor a pipe
    opened; a folder holding only hidden files (a .git) has content. Nothing is written anywhere."""
    targets = taken_targets(tmp_path)
    before = sorted((p.relative_to(tmp_path), p.is_symlink()) for p in tmp_path.rglob("*"))
    for name, target in targets.items():
        assert run("init", str(target), "--kommun", "Exempel kommun") == 1, name
        err = capsys.readouterr().err
        assert ("ingen mapp" in err or "inte tom" in err) and "Gör så här:" in err and "Traceback" not in err, name
    after = sorted((p.relative_to(tmp_path), p.is_symlink()) for p in tmp_path.rglob("*"))
    assert after == before and not list((tmp_path / "tom").iterdir()) and not list(tmp_path.glob(".*"))
    assert sorted(p.name for p in (tmp_path / "dold").iterdir()) == [".git"]
    assert run("init", str(tmp_path / "dold"), "--kommun", "Exempel kommun") == 1
    assert "inte tom (den innehåller .git)" in capsys.readouterr().err  # a hidden entry is named: ls shows none


def test_an_empty_folder_on_another_file_system_or_under_a_read_only_parent_is_filled(tmp_path, monkeypatch):
    """A mount point (a container's volume) or one's own empty folder under a parent one may not write in:
    the project is made inside the folder, since a rename across file systems fails and beside it is no room."""
    target = tmp_path / "volym"
    target.mkdir()
    real_rename, real_mkdir = init.os.rename, Path.mkdir

    def rename(src, dst):
        if target not in Path(src).parents:
            raise OSError(errno.EXDEV, "Invalid cross-device link", str(src))
        real_rename(src, dst)

    def mkdir(self, *args, **kwargs):
        if self.parent == tmp_path:
            raise PermissionError(errno.EACCES, "Permission denied", str(self))
        return real_mkdir(self, *args, **kwargs)

    monkeypatch.setattr(init.os, "rename", rename)
    monkeypatch.setattr(Path, "mkdir", mkdir)
    init.create(target, "Exempel kommun", "2025/26", today=TODAY)
    assert (target / "mkdocs.yml").is_file() and (target / "content/units/exempelskolan.yaml").is_file()
    assert not [p.name for p in target.iterdir() if "init" in p.name] and list(tmp_path.iterdir()) == [target]


@pytest.mark.parametrize("year", ["", " ", "2025/27", "2025-26", "1800/01", "99999/00", "2101/02", "läsår", "-1"])
def test_a_malformed_school_year_is_refused_with_a_hint_that_works(tmp_path, capsys, year):
    """Given but empty is not "today's"; and a hint never suggests a year that is refused in its turn."""
    assert run("init", str(tmp_path / "p"), "--kommun", "Exempel kommun", "--lasar", year) == 1
    err = capsys.readouterr().err
    assert "läsår" in err and "Gör så här:" in err and "Traceback" not in err
    for suggested in re.findall(r"\d{4}/\d{2}", err.split("Gör så här:")[1]):
        assert run("init", str(tmp_path / "prov"), "--kommun", "Exempel kommun", "--lasar", suggested) == 0, err
        capsys.readouterr()
        break
    assert not (tmp_path / "p").exists()


def test_the_next_step_names_a_folder_with_a_space_as_one_word(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert run("init", "mina sajter/p", "--kommun", "Exempel kommun", "--lasar", "2025/26") == 0
    assert "\n  cd 'mina sajter/p'\n" in capsys.readouterr().out


def test_the_contact_given_is_the_statements(tmp_path, capsys):
    assert run("init", str(tmp_path / "p"), "--kommun", "Exempel kommun", "--kontakt", "tdos@exempel.se") == 0
    assert "platshållare" not in capsys.readouterr().out
    config = yaml.safe_load((tmp_path / "p/mkdocs.yml").read_text("utf-8"))
    assert config["plugins"][1]["ska"]["accessibility"]["contact"] == "tdos@exempel.se"


@pytest.mark.parametrize("contact", ["a\x7f@exempel.se", "a\x9b@exempel.se", "a\udcff@exempel.se", "a\u202e@exempel.se",
                                     "a@" + "x" * 200 + ".se"])
def test_a_contact_yaml_cannot_hold_is_refused_in_swedish(tmp_path, capsys, contact):
    """What PyYAML refuses in mkdocs.yml (C1 and DEL control characters), a byte from the command line that is
    not UTF-8 (a lone surrogate): refused before anything is written, never a project that does not build."""
    assert run("init", str(tmp_path / "p"), "--kommun", "Exempel kommun", "--kontakt", contact) == 1
    err = capsys.readouterr().err
    assert "Kontakten" in err and "Gör så här:" in err and "Traceback" not in err
    assert list(tmp_path.iterdir()) == []


def test_a_contact_on_two_lines_is_one_and_the_config_reads(tmp_path):
    init.create(tmp_path / "p", "Exempel kommun", "2025/26", today=TODAY, contact=' a@b.se\n "x" #y ')
    config = yaml.safe_load((tmp_path / "p/mkdocs.yml").read_text("utf-8"))
    assert config["plugins"][1]["ska"]["accessibility"]["contact"] == 'a@b.se "x" #y'


def test_run_from_a_checkout_the_project_pins_the_checkouts_version(tmp_path, monkeypatch):
    """Not a version written twice (pyproject.toml and the code), which drifts when one is bumped."""
    def not_installed(name):
        raise init.importlib.metadata.PackageNotFoundError(name)

    (tmp_path / "plugins/ska").mkdir(parents=True)
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "ska-sajt"\nversion = "9.8.7"\n')
    monkeypatch.setattr(init.importlib.metadata, "version", not_installed)
    monkeypatch.setattr(init, "PACKAGE", tmp_path / "plugins/ska")
    assert init.version() == "9.8.7"


def test_the_school_year_defaults_to_todays(tmp_path):
    init.create(tmp_path / "p", "Exempel kommun", today=datetime.date(2027, 3, 1))
    assert (tmp_path / "p/content/years/2026-27/units/exempelskolan.yaml").is_file()


def test_ska_scheman_brings_the_packages_schemas_and_says_which_changed(project, tmp_path, capsys):
    target = tmp_path / "p"
    init.create(target, "Exempel kommun", "2025/26", today=TODAY)
    (target / "schemas/unit.schema.json").write_text("{}")
    assert run("scheman", "--path", str(target)) == 0
    assert "schemas/unit.schema.json" in capsys.readouterr().out
    assert (target / "schemas/unit.schema.json").read_bytes() == (REPO / "schemas/unit.schema.json").read_bytes()
    assert run("scheman", "--path", str(target)) == 0
    assert "redan desamma" in capsys.readouterr().out


def test_ska_scheman_never_writes_through_a_link_nor_leaves_a_temporary_file(tmp_path, capsys):
    """A project's schemas/ that is a link (to a folder outside it) is refused, not written through; a schema
    that cannot be replaced (a folder in its place) is named, with what changed before it, and no temporary
    file is left behind."""
    target, outside = tmp_path / "p", tmp_path / "utanfor"
    init.create(target, "Exempel kommun", "2025/26", today=TODAY)
    outside.mkdir()
    (target / "schemas").rename(target / "egna")
    (target / "schemas").symlink_to(outside)
    assert run("scheman", "--path", str(target)) == 1
    err = capsys.readouterr().err
    assert "länk" in err and "Gör så här:" in err and list(outside.iterdir()) == []
    (target / "schemas").unlink()
    (target / "egna").rename(target / "schemas")
    (target / "schemas/common.schema.json").write_text("{}")
    (target / "schemas/unit.schema.json").unlink()
    (target / "schemas/unit.schema.json").mkdir()
    assert run("scheman", "--path", str(target)) == 1
    err = capsys.readouterr().err
    assert "schemas/unit.schema.json kunde inte skrivas" in err and "schemas/common.schema.json" in err
    assert "Traceback" not in err and not [p.name for p in (target / "schemas").iterdir() if p.name.startswith(".")]
    assert (target / "schemas/common.schema.json").read_bytes() == (REPO / "schemas/common.schema.json").read_bytes()


def test_help_is_swedish(capsys):
    with pytest.raises(SystemExit):
        run("init", "--help")
    out = capsys.readouterr().out
    assert "användning: ska init" in out and "--kommun NAMN" in out and "tom" in out


def test_the_template_ships_as_package_data():
    """Every template file is matched by pyproject's package-data globs (a file they miss is not in the wheel)."""
    text = (REPO / "pyproject.toml").read_text("utf-8")
    globs = re.search(r'"ska.workflow" = \[(.*?)\]', text).group(1)
    patterns = re.findall(r'"([^"]+)"', globs)
    template = init.TEMPLATE.parent
    for file in init.TEMPLATE.rglob("*"):
        if file.is_file() and "__pycache__" not in file.parts:
            assert any(file.relative_to(template).match(p) and len(file.relative_to(template).parts) == p.count("/") + 1
                       for p in patterns), file



def test_the_pages_every_new_project_gets_say_nothing_of_the_example_municipality():
    """docs/om.md and docs/ordlista.md ship to every new project (setup.py): no Åsby, none of its units."""
    example = ["Åsby", "asby", *(path.stem for path in (REPO / "content/units").glob("*.yaml"))]
    for page in init.SHIPPED_DOCS:
        text = init.shipped(f"docs/{page}").read_text("utf-8")
        assert not [word for word in example if word in text], page


# -- the new project's CI: the same path from review to publishing as this repository's --------------------


CI_FILES = {".github/workflows/kontroll.yml": "dot-github/workflows/kontroll.yml",
            ".gitlab-ci.yml": "dot-gitlab-ci.yml"}


def ci_files(project: Path) -> tuple[Path, Path]:
    return tuple(project / made for made in CI_FILES)


def test_both_ci_files_are_valid_against_their_published_schemas(project):
    from test_editor_workflow import check_workflow
    from test_review_ci import check_gitlab

    github, gitlab = ci_files(project)
    for result in (check_workflow(github), check_gitlab(gitlab)):
        assert result.returncode == 0, result.stdout + result.stderr


def test_the_ci_files_never_hold_the_municipalitys_name(project):
    """Copied, not rendered: nothing of the name can land in a workflow's expressions or its shell lines."""
    for made, source in CI_FILES.items():
        text = (project / made).read_text("utf-8")
        assert not [part for part in ("Åre", "Berg", "<script", "alert", "7*7", "javascript") if part in text], made
        assert text == (init.TEMPLATE / source).read_text("utf-8"), made


def run_lines(job: dict) -> str:
    return "\n".join(job.get("script", []) + [s.get("run", "") for s in job.get("steps", [])])


def test_github_reviews_previews_and_publishes_only_a_whole_site(project):
    workflow = yaml.safe_load(ci_files(project)[0].read_text("utf-8"))
    check, publish = workflow["jobs"]["kontroll"], workflow["jobs"]["publicera"]
    steps, in_pr = check["steps"], "github.event_name == 'pull_request'"
    assert steps[0]["uses"].startswith("actions/checkout@") and steps[0]["with"]["fetch-depth"] == 0
    assert "pip install --quiet -r requirements.txt" in run_lines(check) and "[test]" not in run_lines(check)
    assert 'ska validate --format github --bas "origin/$BASE_REF"' in run_lines(check)
    assert check["env"]["BASE_REF"] == "${{ github.base_ref }}"
    assert "mkdocs build --strict --site-dir site.tmp" in run_lines(check)
    upload = next(s for s in steps if s.get("uses", "").startswith("actions/upload-artifact@"))
    assert upload["id"] == "forhandsvisning" and upload["with"]["path"] == "site/" and upload["if"] == in_pr
    review = next(s for s in steps if "ska granska" in s.get("run", ""))
    assert review["if"] == in_pr
    assert review["env"]["ARTIFACT_URL"] == "${{ steps.forhandsvisning.outputs.artifact-url }}"
    assert '--bas "origin/$BASE_REF" --mot HEAD --artefakt "$ARTIFACT_URL"' in review["run"]
    assert 'cat granskning.md >> "$GITHUB_STEP_SUMMARY"' in review["run"]
    # the pages artifact is the check's last step, on main only; publishing needs the whole check
    assert steps[-1]["uses"].startswith("actions/upload-pages-artifact@") and "refs/heads/main" in steps[-1]["if"]
    assert steps[-1]["with"]["path"] == "site/" and steps.index(review) < len(steps) - 1
    assert publish["needs"] == "kontroll" and publish["if"] == steps[-1]["if"]
    assert "github.event_name == 'push'" in publish["if"] and "refs/heads/main" in publish["if"]
    assert publish["permissions"] == {"pages": "write", "id-token": "write"} and workflow["permissions"] == {
        "contents": "read"}
    assert [s["uses"].split("@")[0] for s in publish["steps"]] == ["actions/deploy-pages"]
    assert publish["environment"]["name"] == "github-pages"


def test_gitlab_does_what_the_github_workflow_does(project):
    ci = yaml.safe_load(ci_files(project)[1].read_text("utf-8"))
    check, build, review, pages = (ci[name] for name in ("kontrollera", "bygg", "granska", "pages"))
    assert set(ci) - {"workflow", "stages", "variables", "default"} == {"kontrollera", "bygg", "granska", "pages"}
    assert ci["variables"]["GIT_DEPTH"] == "0"
    assert "python3 -m pip install --quiet -r requirements.txt" in ci["default"]["before_script"]
    assert 'ska validate --format gitlab ${BAS:+--bas "$BAS"}' in run_lines(check)
    assert check["artifacts"]["reports"]["codequality"] == "gl-code-quality-report.json"
    assert check["artifacts"]["when"] == "always"
    assert "mkdocs build --strict --site-dir site.tmp" in run_lines(build) and build["artifacts"]["paths"] == ["site/"]
    assert build["artifacts"]["expose_as"] and build["environment"]["url"].endswith("/artifacts/file/site/index.html")
    in_mr = [{"if": '$CI_PIPELINE_SOURCE == "merge_request_event"'}]
    assert "ska granska" in run_lines(review) and review["rules"] == in_mr and review["needs"] == ["bygg"]
    assert review["artifacts"]["paths"] == ["granskning.md"] and review["artifacts"]["expose_as"]
    assert set(pages["needs"]) == {"kontrollera", "bygg"} and pages["stage"] == ci["stages"][-1]
    assert pages["artifacts"]["paths"] == ["public"] and "cp -a site public" in run_lines(pages)
    assert pages["rules"] == [{"if": '$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH && $PAGES != "nej"'}]


def git(cwd: Path, *argv: str) -> str:
    done = subprocess.run(["git", "-c", "user.name=Redaktör", "-c", "user.email=r@example.invalid", *argv], cwd=cwd,
                          capture_output=True, text=True, check=True)
    return done.stdout


def shell(lines: list[str], cwd: Path, env: dict) -> subprocess.CompletedProcess:
    """The lines in one bash -e, as the runners run a step or a job's before_script and script; ska and mkdocs
    are this interpreter's (with this checkout's code first on the path), as pip install -r requirements.txt
    would give."""
    path = f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"
    full = {**os.environ, **env, "PATH": path, "NO_MKDOCS_2_WARNING": "1",
            "PYTHONPATH": os.pathsep.join([str(REPO / "plugins"), os.environ.get("PYTHONPATH", "")])}
    return subprocess.run(["bash", "-e", "-c", "\n".join(lines)], cwd=cwd, env=full, capture_output=True, text=True,
                          timeout=300)


@pytest.fixture(scope="module")
def pull_request(tmp_path_factory) -> Path:
    """A new project on main in an "origin", and a clone where an editor's branch enters the example school's
    first result: what a pull request or merge request brings to CI."""
    root = tmp_path_factory.mktemp("pr")
    init.create(root / "origin", "Exempel kommun", "2025/26", today=TODAY)
    git(root / "origin", "init", "-q", "-b", "main")
    git(root / "origin", "add", "-A")
    git(root / "origin", "commit", "-q", "-m", "Ny sajt")
    git(root, "clone", "-q", str(root / "origin"), "work")
    work = root / "work"
    git(work, "checkout", "-q", "-b", "trygghet")
    plan = work / "content/years/2025-26/units/exempelskolan.yaml"
    plan.write_text(plan.read_text("utf-8").replace(
        "results: []", "results:\n  - indicator: trygghet\n    window: VT 2026\n"
                       "    total: {numerator: 40, denominator: 50}", 1), "utf-8")
    git(work, "commit", "-q", "-a", "-m", "Trygghet VT 2026")
    return work


def runnable(lines: list[str]) -> list[str]:
    return [line for line in lines if "pip install" not in line]  # the tool is this checkout's


def test_the_github_steps_work_in_a_new_project(pull_request, tmp_path):
    workflow = yaml.safe_load(ci_files(pull_request)[0].read_text("utf-8"))
    summary = tmp_path / "summary.md"
    env = {"BASE_REF": "main", "ARTIFACT_URL": "https://github.example/k/actions/runs/1/artifacts/2",
           "GITHUB_STEP_SUMMARY": str(summary)}
    done = shell(runnable([s["run"] for s in workflow["jobs"]["kontroll"]["steps"] if "run" in s]), pull_request, env)
    assert done.returncode == 0, done.stdout + done.stderr
    assert (pull_request / "site/enheter/exempelskolan/2025-26/index.html").is_file()
    assert not (pull_request / "site.tmp").exists()
    review = summary.read_text("utf-8")
    assert "## Granskning av innehållet" in review
    assert "(https://github.example/k/actions/runs/1/artifacts/2)" in review
    assert re.search(r"\| Trygghet \| Totalt \| ingen siffra \| 80,0\xa0% \|", review), review


def test_the_gitlab_jobs_work_in_a_new_project(pull_request):
    ci = yaml.safe_load(ci_files(pull_request)[1].read_text("utf-8"))
    env = {"CI_MERGE_REQUEST_TARGET_BRANCH_NAME": "main", "CI_PROJECT_URL": "https://gitlab.example/k",
           "BYGG_JOB_ID": "7"}
    for job in ("kontrollera", "bygg", "granska"):
        done = shell(runnable(ci["default"]["before_script"] + ci[job]["script"]), pull_request, env)
        assert done.returncode == 0, job + done.stdout + done.stderr
    assert json.loads((pull_request / "gl-code-quality-report.json").read_text("utf-8")) == []
    assert (pull_request / "site/index.html").is_file() and "BYGG_JOB_ID=" in (pull_request / "bygg.env").read_text()
    review = (pull_request / "granskning.md").read_text("utf-8")
    assert "(https://gitlab.example/k/-/jobs/7/artifacts/download)" in review
    assert "https://gitlab.example/k/-/jobs/7/artifacts/file/site/enheter/exempelskolan/2025-26/" in review
    assert "Trygghet" in review and "80,0\xa0%" in review
