"""`ska init`: a new municipality's project validates and builds at once, says the name it was given (escaped
wherever it lands), never writes into a folder with content, and writes nothing when something fails."""

from __future__ import annotations

import datetime
import html
import re
from pathlib import Path

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
                                  "&amp;", "&#60;", "[a](b)", "a & b"])
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


def test_a_failing_move_into_an_empty_folder_takes_back_what_it_moved(tmp_path, monkeypatch):
    (tmp_path / "tom").mkdir()
    real, moves = init.os.rename, []

    def rename(src, dst):
        moves.append(dst)
        if len(moves) == 4:
            raise OSError(13, "Permission denied")
        real(src, dst)

    monkeypatch.setattr(init.os, "rename", rename)
    with pytest.raises(RolloverError):
        init.create(tmp_path / "tom", "Exempel kommun", "2025/26", today=TODAY)
    assert list((tmp_path / "tom").iterdir()) == [] and sorted(p.name for p in tmp_path.iterdir()) == ["tom"]


def test_the_contact_given_is_the_statements(tmp_path, capsys):
    assert run("init", str(tmp_path / "p"), "--kommun", "Exempel kommun", "--kontakt", "tdos@exempel.se") == 0
    assert "platshållare" not in capsys.readouterr().out
    config = yaml.safe_load((tmp_path / "p/mkdocs.yml").read_text("utf-8"))
    assert config["plugins"][1]["ska"]["accessibility"]["contact"] == "tdos@exempel.se"


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
