"""Property-based fuzzing of the whole path an editor's file takes: YAML → validation → site → downloads.

Two properties, each over random input that hypothesis shrinks to a minimal case when it fails:

* Any bytes or YAML-like text in any content file are either read or refused with Swedish
  problems that name a line; validation never raises, and no reader can crash the process.
* Hostile strings put into every free-text field of a valid project either fail validation
  cleanly, or build a site where no page runs an editor's script or event handler, no link
  carries a dangerous scheme, the search index holds no live markup, and no download has a
  formula cell.

Every hostile fragment carries the marker ``XSS``, so a script or attribute that came from
the content is told apart from the theme's own.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import zipfile
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from mkdocs.commands.build import build
from mkdocs.config import load_config

from ska.content import validate as validation
from ska.content.schemas import Schemas
from ska.content.validate import validate

REPO = Path(__file__).resolve().parent.parent


KINDS = {
    "unit": "content/units/eneskolan.yaml",
    "unit_year": "content/years/2024-25/units/eneskolan.yaml",
    "municipality_year": "content/years/2024-25/municipality.yaml",
    "indicators": "content/indicators.yaml",
    "programmes": "content/programmes.yaml",
}

# Pieces of YAML syntax and text that have broken readers before: indicators, flow brackets,
# anchors and tags, odd line breaks, BOMs and bidi controls mid-file, escapes, deep nesting.
YAML_PIECES = [
    "\n", "\n  ", "\n    ", "- ", "? ", ": ", "key: ", "id: ", "name: ", "results:", "indicators:",
    "[", "]", "{", "}", ",", "&a ", "*a", "!!int ", "!!python/object ", "!tag ", "<<: ", "|", ">",
    "'", '"', "\\0", "\\e", "\\x1b", "\\u202e", "#", " #", "---", "...", "%YAML 1.2", "1e400", ".nan",
    "0x1F", "1_000", "yes", "no", "~", "null", "2024/25", "9999/00", "\ufeff", "\u2028", "\x85",
    "\r", "\r\n", "\u202e", "\u200b", "å", "💥", "x" * 50, "- - - - - - - - ", "[[[[[[[[", "{a: {b: {c: ",
]
yaml_like = st.lists(st.sampled_from(YAML_PIECES) | st.text(max_size=8), max_size=40).map("".join)

# Fragments a hostile editor writes into a name or a text: script, event handlers, links that
# escape Markdown, formulas, terminal escapes, bidi controls, forged block markers, fences.
HOSTILE = [
    "<script>XSS()</script>", "<img src=x onerror=XSS()>", '"><svg onload=XSS()>', "' onmouseover='XSS()",
    "[klick](javascript:XSS())", "](https://evil.example/XSS) [", "<a href=\"javascript:XSS()\">a</a>",
    "<https://example.org/XSS>", "=HYPERLINK(\"https://evil.example\",\"XSS\")", "+XSS", "-XSS", "@XSS",
    "=1+1", "\x1b]0;XSS\x07", "\x1b[2J", "\u202eXSS", "<!--ska-block-0-->", "```", "~~~", "# XSS",
    "{ #resultat }", "&nbsp;", "&lt;script&gt;", "`a < b`", "*", "_", "|", "\\", "\n", "\n\n", "Åby",
    "data:text/html,XSS", "<iframe src=//evil.example>", "<style>*{}</style>", "<!--", "-->", "{{ x }}",
]
# Control and format characters are refused by validation (tests/bad_input/); leaving them out
# here lets most examples get through to a site build, where the other fragments are the danger.
_PRINTED = [h for h in HOSTILE if not any(ord(c) < 32 and c != "\n" or c == "\u202e" for c in h)]
hostile_text = st.lists(
    st.sampled_from(_PRINTED) | st.text(st.characters(blacklist_categories=("Cc", "Cs", "Cf")), min_size=1, max_size=6),
    min_size=1, max_size=6).map(lambda parts: "".join(parts).strip() or "XSS")

# Fields whose value is checked against a pattern, a list or a reference: a random string there
# is only a validation error. Everything else that is a string is free text (names, titles, texts).
CONSTRAINED = {
    "id", "unit", "indicator", "school_year", "school_forms", "grades", "opened", "closed", "start", "end",
    "status", "direction", "aggregation", "better", "kolada_kpi", "school_unit_code", "goal_area", "group",
    "month", "indicators", "date", "from", "units", "stage", "decided", "reviewed", "verdict", "role",
}


def test_schema_field_names_cover_the_fixture():
    """The list of constrained fields is not stale: every one of them is a property in schemas/."""
    names = set()
    for path in (REPO / "schemas").glob("*.json"):
        names |= set(re.findall(r'"([a-z_]+)"\s*:\s*\{', path.read_text("utf-8")))
    assert CONSTRAINED & names, "none of the constrained field names occurs in the schemas"


@pytest.fixture(scope="module")
def schemas() -> Schemas:
    return Schemas(REPO / "schemas")


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(kind=st.sampled_from(sorted(KINDS)), text=yaml_like, modeline=st.booleans())
def test_any_text_is_read_or_refused_in_swedish(schemas, kind, text, modeline):
    name = KINDS[kind]
    if modeline:
        depth = name.count("/")
        text = f"# yaml-language-server: $schema={'../' * depth}schemas/x.schema.json\n" + text
    data, problems = validation.check_file(name, kind, text.encode("utf-8", "surrogatepass"), schemas)
    for problem in problems:
        assert problem.file == name and problem.line >= 1 and problem.column >= 1, problem
        assert problem.message and problem.hint, problem
        assert not _english_fragment(problem.message + " " + problem.hint), problem
    assert (data is None) == any(p.is_error for p in problems)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(kind=st.sampled_from(sorted(KINDS)), raw=st.binary(max_size=300))
def test_any_bytes_are_read_or_refused(schemas, kind, raw):
    data, problems = validation.check_file(KINDS[kind], kind, raw, schemas)
    assert (data is None) == any(p.is_error for p in problems)
    assert all(p.message and p.hint for p in problems)


def _english_fragment(text: str) -> bool:
    """A parser's own words in a message meant for an editor."""
    return bool(re.search(r"\b(while (scanning|parsing)|expected|found|exceeded|invalid|Error\b|Traceback)", text))


# --- hostile strings in every free-text field, through a whole site build -------------------------


def _free_text_paths(data, path=()):
    """Every string in ``data`` that is free text: (path, value)."""
    if isinstance(data, dict):
        for key, value in data.items():
            if key not in CONSTRAINED or (isinstance(value, list) and value and isinstance(value[0], dict)):
                yield from _free_text_paths(value, path + (key,))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from _free_text_paths(value, path + (i,))
    elif isinstance(data, str):
        yield path, data


def _set(data, path, value):
    for part in path[:-1]:
        data = data[part]
    data[path[-1]] = value


# The example municipality's richest files of each kind: every field the format has is in one of them.
FUZZED = [
    "content/indicators.yaml", "content/programmes.yaml", "content/units/hagaskolan.yaml",
    "content/units/larkans-skola.yaml", "content/years/2024-25/municipality.yaml",
    "content/years/2024-25/units/hagaskolan.yaml", "content/years/2024-25/units/vallby-forskoleomrade.yaml",
]
DOCUMENTS = {name: yaml.safe_load((REPO / name).read_text("utf-8")) for name in FUZZED}
FIELDS = [(name, path) for name, doc in DOCUMENTS.items() for path, _ in _free_text_paths(doc)]


def test_every_kind_has_free_text_fields_to_fuzz():
    assert {name for name, _ in FIELDS} == set(FUZZED)
    keys = {path[-1] for _, path in FIELDS if isinstance(path[-1], str)}
    for key in ("name", "summary", "title", "background", "note", "text", "description", "window"):
        assert key in keys, key


class _Page(HTMLParser):
    """Scripts, event handlers and URLs on one page."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.scripts: list[str] = []
        self.handlers: list[str] = []
        self.urls: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name.startswith("on"):
                self.handlers.append(f"<{tag} {name}={value!r}>")
            if name in ("href", "src", "action", "formaction", "xlink:href", "data") and value:
                self.urls.append(value)
        if tag == "script":
            self._in_script = True
            self.scripts.append(dict(attrs).get("src") or "")

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False

    def handle_data(self, data):
        if self._in_script:
            self.scripts[-1] += data


_SAFE_URL = re.compile(r"^(?:https?:|mailto:|#|\.{0,2}/|[^:/?#]*(?:[/?#]|$))", re.I)


def _check_site(site: Path) -> None:
    for page in site.rglob("*.html"):
        parser = _Page()
        parser.feed(page.read_text("utf-8"))
        where = page.relative_to(site).as_posix()
        assert not [s for s in parser.scripts if "XSS" in s], f"{where}: a script from the content"
        assert not parser.handlers, f"{where}: event handler {parser.handlers[:1]}"
        bad = [u for u in parser.urls if not _SAFE_URL.match(u.strip())]
        assert not bad, f"{where}: dangerous link {bad[:1]}"
    index = (site / "search" / "search_index.json").read_text("utf-8")
    for doc in json.loads(index)["docs"]:
        for value in (doc.get("title", ""), doc.get("text", "")):
            assert not re.search(r"<\s*(script|img|svg|iframe|a\s)|<[a-z][^>]*\son\w+\s*=", value, re.I), value[:200]
    for path in site.rglob("*.xlsx"):
        with zipfile.ZipFile(path) as book:
            for member in book.namelist():
                if member.startswith("xl/worksheets/"):
                    assert b"<f>" not in book.read(member) and b"<f " not in book.read(member), path.name
    for path in site.rglob("*.csv"):
        for row in csv.reader(io.StringIO(path.read_bytes().decode("utf-8-sig")), delimiter=";"):
            for cell in row:
                if cell[:1] in ("=", "+", "-", "@", "\t", "\r"):
                    assert re.fullmatch(r"-?[\d\s\u00a0]+(,\d+)?", cell), f"{path.name}: {cell!r}"


@pytest.fixture(scope="module")
def workspace(tmp_path_factory) -> Path:
    """A copy of the example project; each example rewrites the fuzzed files in it."""
    project = tmp_path_factory.mktemp("fuzz") / "project"
    for name in ("docs", "schemas", "content"):
        shutil.copytree(REPO / name, project / name)
    shutil.copy(REPO / "mkdocs.yml", project / "mkdocs.yml")
    return project


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(chosen=st.lists(st.tuples(st.sampled_from(FIELDS), hostile_text), min_size=1, max_size=60))
def test_hostile_text_in_any_field_never_runs_or_becomes_a_formula(workspace, chosen):
    project = workspace
    shutil.rmtree(project / "site", ignore_errors=True)
    documents = json.loads(json.dumps(DOCUMENTS, default=str))
    for (name, path), value in chosen:
        _set(documents[name], path, value)
    for name, doc in documents.items():
        modeline = (REPO / name).read_text("utf-8").splitlines()[0]
        body = yaml.safe_dump(doc, allow_unicode=True, sort_keys=False, width=1000)
        (project / name).write_text(f"{modeline}\n{body}", encoding="utf-8")
    report = validate(project, use_cache=False)
    for problem in report.problems:
        assert problem.message and problem.hint and problem.line >= 1
    event("refused by validation" if not report.ok else "built")
    if not report.ok:
        return  # refused with clear problems: that is a safe outcome too
    config = load_config(str(project / "mkdocs.yml"), site_dir=str(project / "site"), strict=False)
    build(config)
    _check_site(project / "site")


def test_the_site_checker_sees_an_injected_script(tmp_path):
    """The checker above is not blind: a page with an editor's script, handler or formula fails it."""
    site = tmp_path / "site"
    (site / "search").mkdir(parents=True)
    (site / "search" / "search_index.json").write_text('{"docs": []}')
    for html in ("<script>XSS()</script>", '<img src=x onerror="x()">', '<a href="javascript:x()">a</a>'):
        (site / "index.html").write_text(html)
        with pytest.raises(AssertionError):
            _check_site(site)
    (site / "index.html").write_text("<p>ok</p>")
    (site / "r.csv").write_bytes("Enhet;Värde\n=HYPERLINK(1);3\n".encode("utf-8-sig"))
    with pytest.raises(AssertionError):
        _check_site(site)
