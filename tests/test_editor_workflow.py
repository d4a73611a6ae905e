"""The editor's workflow: CI, pre-commit and VS Code files, the field reference page, and the ten common mistakes."""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from mkdocs.commands.build import build
from mkdocs.config import load_config

from conftest import write_project
from ska.site import guide, render
from ska.content import files, load
from ska.domain import SCHEMA_FILES, UNIT
from ska.mkdocs_plugin.plugin import SkaPlugin
from ska.content.problems import ERROR, WARNING, format_github
from ska.content.schemas import Schemas
from ska.content.validate import validate

REPO = Path(__file__).resolve().parent.parent
CI = REPO / ".github" / "workflows" / "ci.yml"
GUIDE_DOC = REPO / "docs" / "redaktorer.md"
OFFLINE = {"HTTP_PROXY": "http://127.0.0.1:9", "HTTPS_PROXY": "http://127.0.0.1:9", "NO_PROXY": ""}


# -- CI, pre-commit, VS Code ------------------------------------------------------------------------

def check_workflow(path: Path) -> subprocess.CompletedProcess:
    """check-jsonschema against its vendored GitHub workflow schema; any network use would fail (bad proxy)."""
    env = {**os.environ, **OFFLINE, **{k.lower(): v for k, v in OFFLINE.items()}}
    return subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.github-workflows", str(path)],
        capture_output=True, text=True, env=env, timeout=120)


def test_ci_workflow_is_a_valid_github_workflow(tmp_path):
    result = check_workflow(CI)
    assert result.returncode == 0, result.stdout + result.stderr

    broken = tmp_path / "broken.yml"  # the check is real: a job without runs-on is refused
    broken.write_text("on: push\njobs:\n  x:\n    steps:\n      - run: echo\n", "utf-8")
    assert check_workflow(broken).returncode != 0


def test_ci_workflow_runs_the_editor_checks():
    workflow = yaml.safe_load(CI.read_text("utf-8"))
    triggers = workflow.get("on", workflow.get(True))  # YAML 1.1 reads the key on as true
    assert "pull_request" in triggers and triggers["push"]["branches"] == ["main"]
    job = workflow["jobs"]["kontroll"]  # publicera (GitHub Pages) follows it: tests/test_review_ci.py
    assert "3.11" in json.dumps(job.get("container", "")) + json.dumps(job["steps"])
    commands = [step.get("run", "") for step in job["steps"]]
    order = ['pip install --quiet -e ".[test]"', "ska validate --format github", "mkdocs build --strict",
             "apt-get install -y -qq --no-install-recommends chromium", "python3 scripts/run.py test"]
    found = [next(i for i, run in enumerate(commands) if wanted in run) for wanted in order]
    assert found == sorted(found), commands
    assert "python3 scripts/run.py test" in (REPO / "README.md").read_text("utf-8")


@pytest.mark.parametrize("name, language", [(".pre-commit-config.yaml", "system"), (".pre-commit-hooks.yaml", "python")])
def test_pre_commit_hook_runs_ska_validate(name, language):
    data = yaml.safe_load((REPO / name).read_text("utf-8"))
    hooks = data if isinstance(data, list) else [h for repo in data["repos"] if repo["repo"] == "local" for h in repo["hooks"]]
    (hook,) = [h for h in hooks if h["id"] == "ska-validate"]
    assert hook["entry"] == "ska validate" and hook["language"] == language and hook["pass_filenames"] is False
    files = re.compile(hook["files"])
    assert files.search("content/years/2024-25/units/eneskolan.yaml") and files.search("schemas/unit.schema.json")
    assert not files.search("docs/index.md") and not files.search("plugins/ska/cli.py")


def test_vscode_settings_map_every_content_file_to_its_schema():
    assert "redhat.vscode-yaml" in json.loads((REPO / ".vscode" / "extensions.json").read_text("utf-8"))["recommendations"]
    settings = json.loads((REPO / ".vscode" / "settings.json").read_text("utf-8"))
    assert settings["yaml.validate"] and settings["yaml.hover"] and settings["yaml.completion"]
    assert settings["[yaml]"]["editor.insertSpaces"] is True and settings["[yaml]"]["editor.tabSize"] == 2
    assert settings["files.encoding"] == "utf8"

    schemas = {Path(schema).name: glob for schema, glob in settings["yaml.schemas"].items()}
    assert set(schemas) == set(SCHEMA_FILES.values())
    for schema in settings["yaml.schemas"]:
        assert (REPO / schema).is_file(), schema
    sources, problems = files.discover(REPO / "content")
    assert sources and not problems
    for source in sources:
        matching = [name for name, glob in schemas.items() if source.path in REPO.glob(glob)]
        assert matching == [SCHEMA_FILES[source.kind]], source.name
    for glob in schemas.values():
        assert any(REPO.glob(glob)), f"{glob} matchar ingen fil i content/"


# -- the field reference ------------------------------------------------------------------------------

def deref(root: dict, schema: dict) -> dict:
    while "$ref" in schema:
        target = root["$defs"][schema["$ref"].rsplit("/", 1)[-1]]
        schema = {**target, **{k: v for k, v in schema.items() if k != "$ref"}}
    return schema


def schema_fields(root: dict, schema: dict, prefix: str = "") -> dict[str, tuple[dict, bool]]:
    """Every property below ``schema`` as path → (its schema, required?), walked on its own."""
    out = {}
    for key, sub in schema.get("properties", {}).items():
        sub, path = deref(root, sub), f"{prefix}{key}"
        # required, or required unless another field is given (if/then: a year of official figures only)
        out[path] = (sub, key in schema.get("required", ()) or key in schema.get("then", {}).get("required", ()))
        if sub.get("type") == "array":
            out.update(schema_fields(root, deref(root, sub.get("items", {})), path + "[]."))
        out.update(schema_fields(root, sub, path + "."))
    return out


@pytest.fixture(scope="module")
def shipped() -> list:
    report = validate(REPO, use_cache=False)
    assert report.ok, [p.message for p in report.errors]
    return report.documents


@pytest.fixture(scope="module")
def guide_page(shipped):
    return guide.page(Schemas(REPO / "schemas"), shipped)


def all_fields(page) -> dict[tuple[str, str], guide.Field]:
    return {(k.kind, f.path): f for k in page.context["kinds"] for s in k.sections for f in s.fields}


def test_guide_lists_every_schema_property_of_every_kind(guide_page):
    schemas = Schemas(REPO / "schemas")
    kinds = guide_page.context["kinds"]
    assert [k.kind for k in kinds] == list(SCHEMA_FILES)
    listed = all_fields(guide_page)
    expected = {(kind, path): value for kind in SCHEMA_FILES
                for path, value in schema_fields(schemas.bundled[kind], schemas.bundled[kind]).items()}
    assert set(listed) == set(expected)
    assert len(listed) > 200
    for key, (sub, required) in expected.items():
        f = listed[key]
        assert f.title == sub["title"] and f.description == sub["description"], key
        assert f.required == required, key
        assert list(f.allowed) == sub.get("enum", sub.get("items", {}).get("enum", [])), key
        assert f.type, key
    anchors = [f.anchor for f in listed.values()] + [s.anchor for k in kinds for s in k.sections]
    assert len(anchors) == len(set(anchors))


def test_guide_types_are_swedish_words(guide_page):
    fields = all_fields(guide_page)
    assert fields["unit_year", "results[].total.numerator"].type == "heltal"
    assert fields["unit_year", "results[].total.value"].type.startswith("tal")
    assert fields["unit", "opened"].type == "datum ÅÅÅÅ-MM-DD eller månad ÅÅÅÅ-MM"
    assert fields["unit_year", "goals[].id"].type.startswith("id")
    assert fields["municipality_year", "staff[].period"].type == "läsår ÅÅÅÅ/ÅÅ eller år ÅÅÅÅ"
    assert fields["unit_year", "school_year"].type == "läsår ÅÅÅÅ/ÅÅ"
    assert fields["municipality_year", "sick_leave[].month"].type == "månad ÅÅÅÅ-MM"
    assert fields["unit_year", "results"].type == "lista: grupp av fält"
    assert fields["programmes", "programmes[].units"].type == "lista: id (a–z, 0–9 och -)"
    assert fields["unit_year", "summary"].type == "löptext (Markdown)"
    assert fields["unit_year", "analysis"].inner == "unit_year-analysis-falt"
    assert fields["unit_year", "self_assessment[].criteria[].scores.R"].limits == ("från 1 till 5",)
    assert "too_few" in fields["unit_year", "results[].girls.status"].allowed


def values_at(documents: list, kind: str, path: str) -> list:
    values = [data for source, data in documents if source.kind == kind]
    for part in path.split("."):
        key, is_list = part.removesuffix("[]"), part.endswith("[]")
        values = [v[key] for v in values if isinstance(v, dict) and key in v]
        if is_list:
            values = [item for v in values for item in v]
    return values


def test_guide_examples_come_from_the_shipped_content(guide_page, shipped):
    used = 0
    for (kind, path), f in all_fields(guide_page).items():
        if f.inner:
            assert f.example == "", path
            continue
        values = values_at(shipped, kind, path)
        if values:
            used += 1
            shown = {guide.flow(v) for v in values} | {guide.flow(v[:1]) for v in values if isinstance(v, list)}
            assert f.example in shown, (kind, path, f.example)
    assert used > 150
    assert all_fields(guide_page)["unit", "school_unit_code"].example.startswith('"')  # 8 digits need quotes


@pytest.mark.parametrize("with_content", [True, False], ids=["shipped-content", "schemas-only"])
def test_guide_examples_are_valid(with_content, shipped):
    """Every example, real or made from the schema, passes the check; so does each kind's smallest file."""
    schemas = Schemas(REPO / "schemas")
    page = guide.page(schemas, shipped if with_content else ())
    empty = set()
    for k in page.context["kinds"]:
        data, warnings = load.parse(k.skeleton, k.location)
        assert not warnings and schemas.is_valid(k.kind, data), k.skeleton
        assert k.skeleton.startswith(k.modeline + "\n")
        for s in k.sections:
            for f in s.fields:
                if f.inner or not f.example:
                    empty |= set() if f.inner else {(k.kind, f.path)}
                    continue
                if not f.example.endswith("…") and not f.example.endswith('…"'):
                    value = load.parse(f"{f.key}: {f.example}", "")[0][f.key]
                    sub = schema_fields(schemas.bundled[k.kind], schemas.bundled[k.kind])[f.path][0]
                    checked = guide.validator(schemas.bundled[k.kind], sub)
                    assert checked.is_valid(value) or isinstance(value, list), (k.kind, f.path, f.example)
    # Every field has an example, from the content or from its schema description.
    assert empty == set()


def test_guide_locations_are_where_files_are_read(tmp_path):
    content = tmp_path / "content"
    for kind, location in guide.LOCATIONS.items():
        path = tmp_path / location.replace("<enhetens id>", "eneskolan").replace("<ÅÅÅÅ-ÅÅ>", "2024-25")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x: 1\n", "utf-8")
    sources, problems = files.discover(content)
    assert not problems
    assert sorted(s.kind for s in sources) == sorted(guide.LOCATIONS)
    for source in sources:
        depth = source.name.count("/")
        assert guide.describe_kind(source.kind, Schemas(REPO / "schemas").bundled[source.kind], {}).modeline == \
            f"# yaml-language-server: $schema={'../' * depth}schemas/{SCHEMA_FILES[source.kind]}"


def test_guide_anchor_of_a_problem_path():
    assert guide.anchor("unit_year", ("results", 2, "total", "numerater", "<key>")) == "unit_year-results-total-numerater"
    assert guide.link("unit", ("opened",)) == "redaktorer/falt.md#unit-opened"
    assert guide.dotted(("results", 2, "total")) == "results[].total"


def publish(page) -> tuple[str, str, str]:
    """The page's Markdown source, the same with its HTML blocks, and the HTML a reader gets."""
    rendered = render.render(page)
    return rendered.markdown, rendered.inlined(), rendered.with_blocks(rendered.html)


def test_guide_renders_every_field_with_its_anchor(guide_page):
    source, full, published = publish(guide_page)
    assert source.startswith(f"# {guide.TITLE}\n")
    assert '<a href="../">Så uppdaterar du innehållet</a>' in published  # the editors' guide, as published
    text = html.unescape(full)
    for k in guide_page.context["kinds"]:
        assert f"## {k.title} {{ #{k.anchor} }}" in source and f'id="{k.anchor}"' in published
        assert k.location in text and k.skeleton in text
        for s in k.sections:
            assert f'id="{s.anchor}"' in published, s.anchor
            for f in s.fields:
                assert f.title in text, f.path
                assert f'<tr id="{f.anchor}">' in published, f.anchor
                assert f"{f.key}: {f.example}" in text or not f.example
    assert "<script" not in published


def test_guide_escapes_what_editors_wrote():
    documents = [(files.Source(Path("x"), "content/units/x.yaml", UNIT),
                  {"id": "x", "name": "<script>alert(1)</script> & Co", "description": "**fet** <b>"})]
    _, full, published = publish(guide.page(Schemas(REPO / "schemas"), documents))
    assert "<script>" not in full and "<b>" not in full
    assert "<script>" not in published and "<b>" not in published
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co" in published


def test_site_with_the_guide_builds_strictly(tmp_path, monkeypatch):
    """docs/redaktorer.md and the generated reference link to each other; mkdocs build --strict accepts both."""
    project = write_project(tmp_path / "project")
    shutil.copytree(REPO / "docs", project / "docs")
    shutil.copy(REPO / "mkdocs.yml", project / "mkdocs.yml")
    on_config = SkaPlugin.on_config

    def with_guide(plugin: SkaPlugin, config):  # until (or whether or not) the plugin adds the page itself
        config = on_config(plugin, config)
        if not any(p.path == guide.PATH for p in plugin.site.pages):
            plugin.site.pages.append(guide.page(Schemas(project / "schemas"), []))
        return config

    monkeypatch.setattr(SkaPlugin, "on_config", with_guide)
    build(load_config(str(project / "mkdocs.yml"), site_dir=str(project / "site"), strict=True))
    reference = (project / "site" / "redaktorer" / "falt" / "index.html").read_text("utf-8")
    assert 'id="unit_year-results-total-value"' in reference and "Fälten i innehållsfilerna" in reference
    howto = (project / "site" / "redaktorer" / "index.html").read_text("utf-8")
    assert 'href="falt/"' in howto
    index = json.loads((project / "site" / "search" / "search_index.json").read_text("utf-8"))
    searchable = " ".join(d["text"] for d in index["docs"] if d["location"].startswith("redaktorer/falt/"))
    assert "numerator" in searchable and "Täljare" in searchable  # an editor can search for a field


# -- docs/redaktorer.md and the ten common mistakes -----------------------------------------------------

UNIT_YEAR_FILE = "content/years/2024-25/units/eneskolan.yaml"
UNIT_YEAR_HEAD = "# yaml-language-server: $schema=../../../../schemas/unit-year.schema.json\nunit: eneskolan\nschool_year: 2024/25\n"
ACTION = "improvement_areas:\n  - id: lasforstaelse\n    title: Läsförståelse\n    actions:\n      - description: Kollegialt lärande.\n"


@dataclass(frozen=True)
class Mistake:
    number: int  # the heading "### N." in docs/redaktorer.md
    name: str
    text: str
    line: int
    message: str
    hint: str
    file: str = UNIT_YEAR_FILE
    severity: str = ERROR
    encoding: str = "utf-8"


MISTAKES = [
    Mistake(1, "indentation", UNIT_YEAR_HEAD + ACTION + "         owner: Förstelärare i svenska\n", 9,
            "Raden är indragen längre än fälten ovanför", "Rada upp raden med de andra fälten på samma nivå"),
    Mistake(1, "indentation_field_one_level_out",
            UNIT_YEAR_HEAD + "results:\n  - indicator: meritvarde-ak9\n    total:\n      numerator: 55\n    denominator: 64\n",
            8, "Fältet ”denominator” finns inte här.", "Fältet hör hemma under total, girls eller boys: dra in raden"),
    Mistake(2, "colon_in_text", UNIT_YEAR_HEAD + "goals:\n  - id: fler-behoriga\n    text: Mål: fler elever ska vara behöriga.\n",
            6, "Ett kolon följt av mellanslag mitt i ett värde", "Sätt citattecken runt texten"),
    Mistake(3, "misspelt_key",
            UNIT_YEAR_HEAD + "results:\n  - indicator: meritvarde-ak9\n    total:\n      numerater: 55\n      denominator: 64\n",
            7, "Fältet ”numerater” finns inte här.", "Menade du ”numerator”?"),
    Mistake(4, "percent_as_on_paper", UNIT_YEAR_HEAD + "results:\n  - indicator: meritvarde-ak9\n    total:\n      value: 85,9 %\n",
            7, "Här ska det stå ett tal, men det står texten ”85,9 %”.", "utan procenttecken: 85.9"),
    Mistake(5, "unknown_unit_id", UNIT_YEAR_HEAD.replace("unit: eneskolan", "unit: eneskolen"), 2,
            "Enheten ”eneskolen” finns inte i content/units/.", "Menade du ”eneskolan”?",
            file="content/years/2024-25/units/eneskolen.yaml"),
    Mistake(6, "tab", UNIT_YEAR_HEAD + "results:\n  - indicator: meritvarde-ak9\n\ttotal: {value: 231.5}\n", 6,
            "Raden innehåller ett tabbtecken", "Byt tabben mot mellanslag"),
    Mistake(7, "date_month_13", UNIT_YEAR_HEAD + ACTION + "        start: 2025-13-01\n", 9,
            "Texten ”2025-13-01” är inget giltigt datum eller månad.", "Har dag och månad bytt plats? Menade du 2025-01-13?"),
    Mistake(7, "date_day_first", UNIT_YEAR_HEAD + ACTION + "        end: 20/1 2025\n", 9,
            "Texten ”20/1 2025” är inget giltigt datum eller månad.", "Menade du 2025-01-20?"),
    Mistake(8, "yes_no_answer", UNIT_YEAR_HEAD + ACTION + "        status: ja\n", 9,
            "Texten ”ja” är inte ett tillåtet värde här. Tillåtna värden: planned, ongoing, done, cancelled.",
            "done (genomförd)"),
    Mistake(8, "yes_no_word_unquoted",
            "# yaml-language-server: $schema=../../schemas/unit.schema.json\n"
            "id: eneskolan\nname: Eneskolan\nschool_forms: [grundskola]\narea: NO\nopened: 1998-08-15\n", 5,
            "”NO” läses som texten ”NO”, inte som ja/nej.", "citattecken", file="content/units/eneskolan.yaml",
            severity=WARNING),
    Mistake(9, "duplicate_key", UNIT_YEAR_HEAD + "results:\n  - indicator: meritvarde-ak9\n    window: VT 2025\n    window: HT 2024\n",
            7, "Nyckeln ”window” finns två gånger", "Ta bort eller slå ihop den ena"),
    Mistake(10, "saved_as_windows_1252", UNIT_YEAR_HEAD + "summary: Resultaten i åk 9 har förbättrats.\n", 4,
            "Filen är inte sparad som UTF-8 (troligen Windows-1252", "Spara om filen med teckenkodningen UTF-8",
            encoding="cp1252"),
]


def test_the_ten_mistakes_are_all_covered():
    assert sorted({m.number for m in MISTAKES}) == list(range(1, 11))
    headings = re.findall(r"(?m)^### (\d+)\. ", GUIDE_DOC.read_text("utf-8"))
    assert headings == [str(n) for n in range(1, 11)]


@pytest.mark.parametrize("mistake", MISTAKES, ids=[m.name for m in MISTAKES])
def test_common_mistake_says_what_to_change(mistake, project):
    target = project / mistake.file
    if mistake.file != UNIT_YEAR_FILE and "years" in mistake.file:
        (project / UNIT_YEAR_FILE).unlink()  # the misnamed file takes the place of the right one
    target.write_bytes(mistake.text.encode(mistake.encoding))

    report = validate(project, use_cache=False)
    found = [p for p in report.problems if p.file == mistake.file and mistake.message in p.message]
    assert found, "\n".join(f"{p.file}:{p.line}: {p.message} | {p.hint}" for p in report.problems)
    problem = found[0]
    assert (problem.line, problem.severity) == (mistake.line, mistake.severity)
    assert mistake.hint in problem.hint
    assert [p for p in report.errors if p.file != mistake.file] == []
    label = "error" if mistake.severity == ERROR else "warning"
    assert f"::{label} file={mistake.file},line={mistake.line}," in format_github(report.problems)

    # The guide quotes what the check says, so an editor recognises the message.
    words = " ".join(GUIDE_DOC.read_text("utf-8").split())
    section = words.split(f"### {mistake.number}. ", 1)[1].split("### ", 1)[0]
    assert mistake.message in section or mistake.hint in section, mistake.name


def test_guide_doc_covers_the_workflow():
    text = GUIDE_DOC.read_text("utf-8")
    for needed in ("redhat.vscode-yaml", "ska validate", "ska new-year 2025/26", "ska diff 2024/25 2025/26 --unit",
                   "pull request", "](redaktorer/falt.md)", "Files changed", "Ctrl+Mellanslag"):
        assert needed.lower() in text.lower(), needed
    for field in re.findall(r"`([a-z_]+): ", text):  # every field the guide shows is a real one
        assert any(field in schema for schema in Schemas(REPO / "schemas").raw.values()), field


def test_pull_request_template_has_the_editor_checklist():
    text = (REPO / ".github" / "pull_request_template.md").read_text("utf-8")
    items = re.findall(r"(?m)^- \[ \] (.+)$", text)
    for word in ("Rätt läsår", "Rätt enhet", "Validerat", "Förhandsgranskat", "Inga personuppgifter", "Små grupper"):
        assert any(item.startswith(word) for item in items), word
