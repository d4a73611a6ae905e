"""A hostile editor's strings in every field of a unit, an indicator and the municipality's year:
the built site shows them as text and runs nothing of theirs (DESIGN rule 7).

Every free string of ``abyskolan`` (its unit file and latest year), of its part of the organisation
(``grundskolan``: its declaration and latest plan), of one indicator and of the latest municipality
year file is replaced: short fields (names, titles, owners, notes) by NAME,
Markdown fields (summary, analysis, goals' follow-up …) by TEXT. Each page of the built site is
compared with the same page of a clean build.
"""

from __future__ import annotations

import json
import os
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from mkdocs.exceptions import Abort, PluginError

from ska.site import markup, render
from ska.mkdocs_plugin import plugin as ska_plugin

from test_site import build_site, make_project

REPO = Path(__file__).resolve().parent.parent
UNIT, YEAR, SLUG = "abyskolan", "2024/25", "2024-25"
LAST_SLUG = "2023-24"
INDICATOR = "trygghet"

NAME = ('Åby](https://evil.example/phish) [skolan <script>alert(1)</script><img src=x onerror=alert(2)> '
        '<a href="javascript:alert(3)">x</a> *fet* `kod` { #resultat } <!--ska-block-0--> &amp; 1)')
TEXT = ("# Rubrik\n\nInline `a < b`, <https://example.org> och A&nbsp;B. <script>alert(4)</script> "
        "<img src=x onerror=alert(5)> [klick](javascript:alert(6)) [data](data:text/html,x)\n\n"
        "<!--ska-block-0--> <!--ska-text-0-->\n\n```\nen kodrad som aldrig stängs")
GOAL = "# Ett mål som ser ut som en rubrik"

# Fields whose value is checked against a pattern, a list or a reference (as in test_fuzz):
# a hostile string there is only a validation error.
CONSTRAINED = {
    "id", "unit", "indicator", "school_year", "school_forms", "grades", "opened", "closed", "start", "end",
    "status", "direction", "aggregation", "better", "kolada_kpi", "school_unit_code", "goal_area", "group",
    "month", "indicators", "date", "from", "units", "stage", "decided", "reviewed", "verdict", "role",
    "window", "kind", "unit_type", "theme", "category", "scope", "kolada_ou", "predecessors", "successor",
    "programme", "programmes", "months", "period", "year", "strategy", "code", "recommendation", "due", "goals",
    "improvement_areas", "part", "relation", "step", "baseline", "series", "kolada_municipality",
}
LISTS_OF_YEARS = {"follow_up"}  # an effect chain step's follow-up school years (an area's follow_up is Markdown)
PART = "grundskolan"  # the part of the organisation abyskolan belongs to: its declaration and latest plan


def _markdown_fields() -> set[str]:
    """Field names the schemas mark as Markdown (``$ref`` to the long-text definition)."""
    names = {"priorities", "recommendations", "aims"}  # lists of Markdown items
    for path in (REPO / "schemas").glob("*.json"):
        names |= set(re.findall(r'"([a-z_]+)"\s*:\s*\{\s*"\$ref"\s*:\s*"[^"]*#/\$defs/markdown"', path.read_text("utf-8")))
    return names


def _hostile(data, markdown: set[str], key: str = ""):
    """``data`` with every free string replaced: Markdown fields by TEXT, goal texts by GOAL, others by NAME."""
    if isinstance(data, dict):
        return {k: _hostile(v, markdown, k) for k, v in data.items()}
    if isinstance(data, list):
        return data if key in LISTS_OF_YEARS else [_hostile(v, markdown, key) for v in data]
    if isinstance(data, str) and key not in CONSTRAINED:
        return GOAL if key == "text" else TEXT if key in markdown else NAME
    return data


def _chain_texts(data):
    """Every effect chain step's text (Markdown) as TEXT: ``_hostile`` gives a field named text the goal's GOAL."""
    if isinstance(data, dict):
        return {k: TEXT if k == "text" and "step" in data else _chain_texts(v) for k, v in data.items()}
    if isinstance(data, list):
        return [_chain_texts(v) for v in data]
    return data


FREE_TEXTS = {"window", "theme", "category", "kind", "scope"}
"""Names in CONSTRAINED that are free text in a unit's and the municipality's year file (but an official result's
scope, a choice)."""


def _free_texts(data, parent: str = "", numbers=None):
    """``data`` with each free text of FREE_TEXTS as NAME and a number (the windows stay distinct)."""
    numbers = [0] if numbers is None else numbers
    if isinstance(data, dict):
        out = {}
        for k, v in data.items():
            if k in FREE_TEXTS and isinstance(v, str) and not (k == "scope" and parent == "results" and "indicator" in data):
                out[k] = f"{NAME} {numbers[0]}"
                numbers[0] += 1
            else:
                out[k] = _free_texts(v, k, numbers)
        return out
    if isinstance(data, list):
        return [_free_texts(v, parent, numbers) for v in data]
    return data


def _rewrite(path: Path, change) -> None:
    modeline, text = path.read_text("utf-8").split("\n", 1)
    data = change(yaml.safe_load(text))
    path.write_text(modeline + "\n" + yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")


def _hostile_project(target: Path) -> Path:
    project = make_project(target)
    markdown = _markdown_fields()
    content = project / "content"

    def corrected(data):  # a result's correction (ska granska asks for it): its reason becomes NAME too
        for result in data.get("results", [])[:1]:
            result["correction"] = {"date": "2025-10-02", "reason": "Rättad"}
        return data

    for path in (content / "units" / f"{UNIT}.yaml", content / "years" / SLUG / "units" / f"{UNIT}.yaml",
                 content / "years" / SLUG / "municipality.yaml", content / "parts" / f"{PART}.yaml",
                 content / "years" / SLUG / "parts" / f"{PART}.yaml", content / "programmes.yaml"):
        _rewrite(path, lambda data: _chain_texts(_hostile(corrected(data), markdown)))

    def distinct_measures(data):  # each measure once per period: the hostile name, numbered
        for i, item in enumerate(data.get("staff", [])):
            item["measure"] = f"{NAME} {i}"
        data["references"][0]["note"] = NAME  # a reference figure's note (its source is NAME already)
        return data

    _rewrite(content / "years" / SLUG / "municipality.yaml", distinct_measures)
    # free texts whose names are a choice in other files (CONSTRAINED): a programme's and an action's scope,
    # a result's measurement window (numbered: a result is one per indicator, stage and window), an area's theme,
    # a complaint's category and an inspection's kind
    _rewrite(content / "programmes.yaml",
             lambda data: {**data, "programmes": [{**p, "scope": NAME} for p in data["programmes"]]})
    for path in (content / "years" / SLUG / "units" / f"{UNIT}.yaml", content / "years" / SLUG / "municipality.yaml"):
        _rewrite(path, _free_texts)

    def indicator(data):
        data["indicators"] = [_hostile(i, markdown) if i["id"] == INDICATOR else i for i in data["indicators"]]
        data["groups"] = [_hostile(g, markdown) if g["id"] == "exkl-nyanlanda" else g  # a catalogue group: names
                          for g in data.get("groups", [])]  # differ, so one is hostile
        data["references"] = [_hostile(r, markdown) if r["id"] == "riket" else r  # a reference series: name and
                              for r in data.get("references", [])]  # description (Markdown)
        return data

    def with_group(data):  # the unit's first result with counts gets a catalogue group (its rest is 0: shown)
        result = next(r for r in data["results"] if "numerator" in r.get("total", {}))
        result["groups"] = [{"group": "exkl-nyanlanda", **result["total"]}]
        return data

    _rewrite(content / "indicators.yaml", indicator)

    def catalogue(data):  # the roles' names and meanings, the first strategy's name and criteria (abyskolan's this year)
        data["roles"] = [_hostile(r, markdown) for r in data["roles"]]
        data["strategies"][0] = _hostile(data["strategies"][0], markdown)
        return data

    _rewrite(content / "self_assessment.yaml", catalogue)

    def recommendations(data):  # last year's, which the latest year's summary follows up
        data["recommendations"] = [{**r, "text": TEXT, "owner": NAME} if isinstance(r, dict) else TEXT
                                   for r in data["recommendations"]]
        return data

    _rewrite(content / "years" / LAST_SLUG / "municipality.yaml", recommendations)
    _rewrite(content / "years" / SLUG / "units" / f"{UNIT}.yaml", with_group)
    docs = project / "docs"
    (docs / "farlig.md").write_text(
        "---\ntitle: '<script>alert(7)</script>'\n---\n\n# Farlig sida\n\n<script>alert(8)</script>\n\n"
        '<div onclick="alert(9)">div</div>\n\nStycke { onclick="alert(10)" }\n\n[länk](javascript:alert(11))\n\n'
        "!!! note \"Obs\"\n    En ruta.\n", "utf-8")
    (docs / 'x"><img src=x onerror=alert(12)>.md').write_text("Text utan rubrik.\n", "utf-8")
    return project


class Page(HTMLParser):
    """A page as a browser would build it: tags, attributes, script texts and visible text."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.scripts: list[str] = []
        self.text: list[str] = []
        self.title = ""
        self._in: list[str] = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        attrs = {k: v or "" for k, v in attrs}
        self.tags.append((tag, attrs))
        if tag == "script":
            self.scripts.append("src=" + attrs["src"] if "src" in attrs else "")
        if tag not in ("br", "img", "input", "meta", "link", "hr"):
            self._in.append(tag)

    def handle_endtag(self, tag):
        if tag in self._in:
            while self._in.pop() != tag:
                pass

    def handle_data(self, data):
        if self._in and self._in[-1] == "script":
            if self.scripts and not self.scripts[-1]:
                self.scripts[-1] = "inline:" + re.sub(r'"base":\s*"[^"]*"', "", data.strip())[:200]
        elif self._in and self._in[-1] == "title":
            self.title += data
        else:
            self.text.append(data)

    @property
    def visible(self) -> str:
        return " ".join(" ".join(self.text).split())


def _pages(site: Path) -> dict[str, Page]:
    return {str(p.relative_to(site)): Page(p.read_text("utf-8")) for p in site.rglob("*.html")}


@pytest.fixture(scope="module")
def clean(tmp_path_factory) -> dict[str, Page]:
    return _pages(build_site(make_project(tmp_path_factory.mktemp("clean"))))


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> Path:
    return build_site(_hostile_project(tmp_path_factory.mktemp("hostile")))


@pytest.fixture(scope="module")
def pages(hostile) -> dict[str, Page]:
    return _pages(hostile)


def _dangerous(url: str) -> bool:
    url = re.sub(r"[\x00-\x20]", "", url).lower()
    return url.startswith(("javascript:", "data:", "vbscript:"))


def test_no_page_runs_anything_of_the_content(pages, clean):
    """Only the site's own scripts; no event handler, no dangerous link, nothing injected."""
    assert len(pages) > 100
    for path, page in pages.items():
        if path in clean:
            assert page.scripts == clean[path].scripts, path
        else:  # the hand-written hostile pages: the scripts every page has
            assert page.scripts == clean["om/index.html"].scripts, path
        for tag, attrs in page.tags:
            assert not [a for a in attrs if a.startswith("on")], (path, tag, attrs)
            assert not any(_dangerous(attrs.get(a, "")) for a in ("href", "src", "action", "formaction")), (path, attrs)
            assert "evil.example" not in attrs.get("href", ""), (path, attrs)
            assert tag not in ("iframe", "object", "embed") and attrs.get("src") != "x", (path, tag)


def test_names_are_text_wherever_they_are_printed(pages):
    """Title, header, nav, breadcrumbs, tables, headings: the name is shown as written."""
    unit_page, year_page = pages[f"enheter/{UNIT}/index.html"], pages[f"enheter/{UNIT}/{SLUG}/index.html"]
    for page in (unit_page, year_page):
        assert page.title.startswith(NAME), page.title
        assert page.visible.count(" ".join(NAME.split())) >= 2  # the header and the page's heading
    h1 = [t for t, _ in year_page.tags if t == "h1"]
    assert len(h1) == 1
    # the heading gets a slug of the name, not the { #resultat } it ends with: #resultat stays the section's
    ids = [a["id"] for _, a in year_page.tags if "id" in a]
    assert ids.count("resultat") == 1 and len(ids) == len(set(ids))
    summary = pages[f"ar/{SLUG}/index.html"]
    assert " ".join(NAME.split()) in summary.visible  # the unit's name in the year summary's tables
    assert pages[f"indikatorer/{INDICATOR}/index.html"].title.startswith(NAME)
    # the part of the organisation: its pages, the units' links to it, the roll-up and the nav
    shown = " ".join(NAME.split())
    for path in (f"delar/{PART}/index.html", f"delar/{PART}/{SLUG}/index.html"):
        assert pages[path].title.startswith(NAME), path
        assert pages[path].visible.count(shown) >= 2, path


def test_links_to_a_part_show_its_name_as_text(hostile):
    """The index of parts, the unit's pages and the year summary's roll-up link to the part by its name."""
    for path in ("delar/index.html", f"enheter/{UNIT}/index.html", f"enheter/{UNIT}/{SLUG}/index.html",
                 f"ar/{SLUG}/index.html"):
        html = (hostile / path).read_text("utf-8").split("<article", 1)[1]
        links = re.findall(rf'<a href="(?:[^"]*/)?{PART}/[^"]*">(.*?)</a>', html)
        assert links, path
        assert all(Page(link).visible.startswith(" ".join(NAME.split())) and not Page(link).tags for link in links), \
            (path, links)


def test_self_assessment_catalogue_and_sources_are_text(hostile, pages):
    """Role names and meanings (legend and abbr title), a strategy's name, a criterion's text and a published
    mean's source are shown as written, never as markup."""
    name = " ".join(NAME.split())
    unit_year, summary = pages[f"enheter/{UNIT}/{SLUG}/index.html"], pages[f"ar/{SLUG}/index.html"]
    scores = pages[f"ar/{SLUG}/sjalvskattning/index.html"]  # the owner level's criteria and published means
    for page in (unit_year, summary, scores):
        assert page.visible.count(name) >= 2 and GOAL in page.visible
        assert any(t == "abbr" and a.get("title", "").startswith(NAME) for t, a in page.tags)
    assert f"Publicerat medelvärde: källa {name}." in scores.visible
    for path in (f"ar/{SLUG}/index.html", f"ar/{SLUG}/sjalvskattning/index.html"):
        html = (hostile / path).read_text("utf-8")
        assert "<script>alert(1)" not in html and "&lt;script&gt;alert(1)" in html


def test_population_groups_names_and_descriptions_are_text(hostile, pages):
    """The catalogue's group names (NAME) and descriptions (TEXT) on the unit-year page and an indicator page."""
    shown = " ".join(NAME.split())
    page = pages[f"enheter/{UNIT}/{SLUG}/index.html"]
    assert "Andra elevgrupper" in page.visible and page.visible.count(shown) >= 4  # header, heading, table, list
    html = (hostile / f"enheter/{UNIT}/{SLUG}/index.html").read_text("utf-8")
    groups = html.split('id="tabell-grupper"', 1)[1].split('id="forbattringsomraden"', 1)[0]
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in groups and "<script>alert" not in groups
    assert "&lt;script&gt;alert(4)&lt;/script&gt;" in groups  # the description, Markdown on its own
    assert "<h4>Rubrik</h4>" in groups and "en kodrad som aldrig stängs" in groups
    indicator = next(p for p in pages if p.startswith("indikatorer/") and "Elevgrupper" in pages[p].visible)
    assert shown in pages[indicator].visible


def test_editor_text_is_markdown_on_its_own(hostile, pages):
    html = (hostile / f"enheter/{UNIT}/{SLUG}/index.html").read_text("utf-8")
    article = html.split("<article", 1)[1].split("</article>", 1)[0]
    page = pages[f"enheter/{UNIT}/{SLUG}/index.html"]
    # the summary's "# Rubrik" sits below ## Sammanfattning, without an id
    assert "<h3>Rubrik</h3>" in article and 'id="rubrik"' not in article
    assert "<code>a &lt; b</code>" in article
    assert '<a href="https://example.org">https://example.org</a>' in article
    summary = article.split('id="sammanfattning"', 1)[1].split('id="resultat"', 1)[0]
    assert ("A\u00a0B" in summary or "A&nbsp;B" in summary) and "&amp;nbsp;" not in summary
    # raw HTML and forged markers are shown as the text they are
    assert "&lt;script&gt;alert(4)&lt;/script&gt;" in article
    assert "&lt;!--ska-block-0--&gt;" in article and "&lt;!--ska-text-0--&gt;" in article
    assert "klick" in page.visible and "javascript" not in re.sub(r"<[^>]+>", "", article).split("klick")[0][-40:]
    # the unclosed fence ends with the summary: the results table and the sections after it are there
    assert 'id="resultat"' in article and 'class="ska-table ska-sortable"' in article.split('id="resultat"', 1)[1]
    assert "en kodrad som aldrig stängs" in article
    # a goal that starts with # is a goal, not a heading
    assert "<h1" not in article.split("</h1>", 1)[1]
    assert "# Ett mål som ser ut som en rubrik" in page.visible


def test_recommendations_and_their_follow_up_are_text(hostile, pages):
    """Last year's recommendations (text, owner) and this year's follow-up comments in the year summary's
    follow-up table: the owner shown as written, the texts as Markdown on their own, nothing run."""
    html = (hostile / f"ar/{SLUG}/index.html").read_text("utf-8")
    section = html.split('id="uppfoljning-av-forra-arets-rekommendationer"', 1)[1].split("</table>", 1)[0]
    shown = Page(section)
    assert shown.visible.count(" ".join(NAME.split())) >= 3  # each recommendation's owner
    assert "&lt;script&gt;alert(4)&lt;/script&gt;" in section and "<script" not in section
    assert "<code>a &lt; b</code>" in section and "en kodrad som aldrig stängs" in section
    assert "&lt;!--ska-text-0--&gt;" in section  # a forged marker is text (the follow-up comment's too)
    # the header and one row per recommendation (and its figures' row): an unclosed fence stays in its cell
    assert section.count("<tr") - section.count('<tr class="ska-recommendation-figures"') == 4
    assert not [t for t, _ in shown.tags if t in ("h1", "h2")]
def test_a_parts_plan_is_markdown_on_its_own(hostile):
    article = (hostile / f"delar/{PART}/{SLUG}/index.html").read_text("utf-8").split("<article", 1)[1]
    article = article.split("</article>", 1)[0]
    assert "<h3>Rubrik</h3>" in article and "&lt;script&gt;alert(4)&lt;/script&gt;" in article
    assert "&lt;!--ska-block-0--&gt;" in article
    assert 'id="tabell-delens-resultat"' in article  # the unclosed fence in the summary ends with it
    assert "# Ett mål som ser ut som en rubrik" in Page(article).visible


def test_search_index_holds_text_not_markup(hostile):
    index = json.loads((hostile / "search" / "search_index.json").read_text("utf-8"))
    docs = index["docs"]
    for doc in docs:  # Material shows title and text as HTML
        for field in ("title", "text"):
            shown = Page(doc[field])
            assert not [t for t, a in shown.tags if t in ("script", "img", "a", "iframe")], doc[field][:300]
            assert not [a for _, attrs in shown.tags for a in attrs if a.startswith("on")]
    unit = [d for d in docs if d["location"].startswith(f"enheter/{UNIT}/{SLUG}/")]
    text = " ".join(Page(d["title"] + " " + d["text"]).visible for d in unit)
    assert "Inline a < b" in text and "en kodrad som aldrig stängs" in text  # editors' text is searchable
    assert "<script>alert(1)</script>" in text  # the name, as text


def test_charts_show_names_as_text(hostile):
    """Plotly reads <a href>, <b> … in chart strings as markup: every name in a figure is escaped."""
    # the year summary and the pages it links to for the units' spread and self-assessment (their charts)
    figures = [json.loads(a["data-figure"]) for page in ("", "spridning/", "sjalvskattning/")
               for t, a in Page((hostile / f"ar/{SLUG}/{page}index.html").read_text("utf-8")).tags
               if "data-figure" in a]
    assert figures

    def strings(value, key=""):
        if isinstance(value, dict):
            for k, v in value.items():
                yield from strings(v, k)
        elif isinstance(value, list):
            for v in value:
                yield from strings(v, key)
        elif isinstance(value, str):
            yield key, value

    found = [s for f in figures for k, s in strings(f) if k not in ("hovertemplate", "texttemplate")]
    assert any("&lt;a href=" in s for s in found)
    assert not [s for s in found if "<" in s or ">" in s]


def test_hand_written_pages_are_sanitised(hostile, pages):
    page = pages["farlig/index.html"]
    assert page.title.startswith("<script>alert(7)</script>")
    assert "alert(8)" not in (hostile / "farlig/index.html").read_text("utf-8").split("<article", 1)[1]
    assert 'class="admonition note"' in (hostile / "farlig/index.html").read_text("utf-8")
    odd = next(p for p in pages if p.startswith('x"'))
    assert pages[odd].title.startswith('X"><img src=x onerror=alert(12)> - ')  # from the file's name


def test_edit_links_quote_the_file_path(pages):
    odd = next(p for p in pages if p.startswith('x"'))
    edits = [a["href"] for t, a in pages[odd].tags if t == "a" and a.get("rel") == "edit"]
    assert edits and all('"' not in e and "<" not in e for e in edits)
    assert edits[0].endswith("docs/x%22%3E%3Cimg%20src%3Dx%20onerror%3Dalert%2812%29%3E.md")


def test_a_link_in_docs_is_not_published(tmp_path):
    project = make_project(tmp_path)
    os.symlink("/etc/passwd", project / "docs" / "losen.md")
    with pytest.raises((PluginError, Abort)) as error:
        build_site(project)
    assert "/etc/passwd" not in str(error.value) and "root:" not in str(error.value)


def test_a_link_in_docs_is_refused_in_swedish(tmp_path):
    from mkdocs.config import load_config
    from mkdocs.structure.files import get_files

    project = make_project(tmp_path)
    (project / "docs" / "hemligt").symlink_to("/etc", target_is_directory=True)
    config = load_config(str(project / "mkdocs.yml"))
    with pytest.raises(PluginError, match="är en länk eller ingen vanlig fil") as error:
        ska_plugin._only_regular_files(get_files(config), config.docs_dir)
    assert "/etc" not in str(error.value).replace("docs/", "")


def test_docs_itself_as_a_link_is_not_published(tmp_path):
    """A pull request that replaces docs/ with a link to a folder outside the repository publishes nothing of it."""
    project = make_project(tmp_path)
    outside = tmp_path / "utanfor"
    (project / "docs").rename(outside)
    (outside / "hemlig.txt").write_text("HEMLIGT-VÄRDE", "utf-8")
    (project / "docs").symlink_to(outside, target_is_directory=True)
    with pytest.raises((PluginError, Abort)) as error:
        build_site(project)
    assert "utanfor" not in str(error.value) and "HEMLIGT" not in str(error.value)
    assert not any("HEMLIGT-VÄRDE" in p.read_text("utf-8", "replace") for p in (project / "site").rglob("*.txt")) \
        if (project / "site").exists() else True


def test_a_marker_left_in_a_page_fails_the_build():
    page = type("P", (), {"file": type("F", (), {"src_uri": "x.md", "generated_by": None})()})()
    with pytest.raises(PluginError, match="platsmarkering"):
        ska_plugin.SkaPlugin().on_post_page(f"<p><!--ska-text-{render.NONCE}-0--></p>", page=page, config={})


def test_log_messages_show_control_characters_escaped():
    assert ska_plugin.printable("Åby\x1b]0;titel\x07\x1b[2J\u202e\nrad") == "Åby\\x1b]0;titel\\x07\\x1b[2J\\u202e\\nrad"


def test_plain_values_are_never_markdown():
    for value in (NAME, "1. lista", "    kod", "===", "---", "- punkt", "> citat", "| a | b |", "a\n\n# b"):
        html = markup.convert(f"# Titel\n\n{render.plain(value)}\n\n- {render.plain(value)}\n").html
        assert "<a " not in html and "<ol" not in html and "<pre" not in html and "<blockquote" not in html
        assert "<script" not in html and "<h2" not in html and html.count("<li>") == 1, (value, html)


def test_annual_staff_figures_show_their_measure_and_source_as_text(hostile, pages):
    """The annual staff table's measure and source (free text) are escaped like every name."""
    html = (hostile / f"ar/{SLUG}/index.html").read_text("utf-8")
    table = html.split('id="tabell-personal-per-ar"', 1)[1].split("</table>", 1)[0]
    assert table.count("&lt;script&gt;alert(1)&lt;/script&gt;") >= 2  # a measure and its source, per row
    assert "<script" not in table and "<img" not in table and "<a " not in table


def test_effect_chains_and_programmes_are_text(hostile, pages):
    """An effect chain's step texts (Markdown on their own) and observations (text), on the unit-year page and
    on the programme pages; a programme's name, description, owner and aims, in the index and on its page."""
    shown = " ".join(NAME.split())
    article = (hostile / f"enheter/{UNIT}/{SLUG}/index.html").read_text("utf-8").split("<article", 1)[1]
    chain = article.split('class="ska-effect-chain"', 1)[1].split("</ol>", 1)[0]
    assert "&lt;script&gt;alert(4)&lt;/script&gt;" in chain and "<script" not in chain
    assert "<h4>Rubrik</h4>" in chain and "en kodrad som aldrig stängs" in chain  # below the area's ###
    assert "&lt;!--ska-text-0--&gt;" in chain and chain.count('class="ska-effect-chain__step"') == 4
    assert shown in Page(chain).visible  # an observation, as written
    programmes = [p for p in pages if p.startswith("insatser/") and p != "insatser/index.html"]
    assert len(programmes) == 3
    for path in programmes:
        page = pages[path]
        assert page.title.startswith(NAME) and page.visible.count(shown) >= 2, path
        html = (hostile / path).read_text("utf-8").split("<article", 1)[1].split("</article>", 1)[0]
        assert "<script" not in html and "&lt;script&gt;alert(4)&lt;/script&gt;" in html, path
        assert "<h2>Rubrik</h2>" in html, path  # the description's # Rubrik below the page's # heading
    index = (hostile / "insatser/index.html").read_text("utf-8").split("<article", 1)[1]
    assert index.count("&lt;script&gt;alert(1)&lt;/script&gt;") >= 3 and "<script>alert" not in index


def test_the_effect_section_shows_unit_and_indicator_names_as_text(hostile, pages):
    """The programme page's "Effekt": an indicator's name in a table heading and caption, the compared units'
    names in the sentence on who was compared (Åbyskolan is one of the others for Läsa för livet)."""
    for path in ("insatser/lasa-for-livet/index.html", "insatser/samverkan-for-basta-skola/index.html"):
        html = (hostile / path).read_text("utf-8")
        section = html.split('id="effekt"', 1)[1].split('id="uppfoljning-per-lasar"', 1)[0]
        assert "<script" not in section and "<img" not in section, path
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in section, path
        assert '<a href="https://evil.example' not in section, path


def test_reference_series_names_sources_notes_and_descriptions_are_text(hostile, pages):
    """A reference series' name (NAME) and description (TEXT) from the catalogue, a figure's source and note
    (NAME) from the latest year: on an indicator page, a unit-year page and the year summary."""
    shown = " ".join(NAME.split())
    indicator = (hostile / "indikatorer" / "meritvarde-ak9" / "index.html").read_text("utf-8")
    table = indicator[indicator.index('class="ska-table ska-references"'):]
    table = table[:table.index("</table>")]
    assert table.count("&lt;script&gt;alert(1)&lt;/script&gt;") >= 3 and "<script" not in table  # name, source, note
    described = indicator[indicator.index("</table>", indicator.index('class="ska-table ska-references"')):]
    assert "&lt;script&gt;alert(4)&lt;/script&gt;" in described and "<h4>Rubrik</h4>" in described  # under an h3
    assert shown in pages["indikatorer/meritvarde-ak9/index.html"].visible
    legend = [t["name"] for f in _charts(indicator) for t in f["data"]]  # plotly draws names as HTML: escaped
    assert any(n.startswith("Åby](https://evil.example/phish) [skolan &lt;script&gt;alert(1)") for n in legend)
    unit_year = pages[f"enheter/hagaskolan/{SLUG}/index.html"].visible
    assert f"{shown}: " in unit_year
    summary = (hostile / "ar" / SLUG / "index.html").read_text("utf-8")
    section = summary[summary.index('id="jamforelse-med-riket-och-andra-kommuner"'):]
    section = section[:section.index("<h2")]
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in section and "<script" not in section
    assert 'href="https://evil' not in section and "<strong>" not in section.split("<table", 1)[0]


def _charts(page: str) -> list[dict]:
    import html as html_module
    return [json.loads(html_module.unescape(m)) for m in re.findall(r'data-figure="([^"]*)"', page)]


def test_a_corrections_reason_is_text(hostile, pages):
    """A result's correction (ska granska asks for one when a finished year's figure changes): its reason, NAME
    here, beside the result on the unit-year page."""
    page = (hostile / f"enheter/{UNIT}/{SLUG}/index.html").read_text("utf-8")
    note = page.split('class="ska-result-note ska-correction">', 1)[1].split("</span>", 1)[0]
    assert note.startswith("Rättad 2 oktober 2025: ") and "&lt;script&gt;alert(1)&lt;/script&gt;" in note
    assert "<" not in note and "Rättad 2 oktober 2025: " + " ".join(NAME.split()) in pages[
        f"enheter/{UNIT}/{SLUG}/index.html"].visible


def test_improvement_areas_over_time_are_text(hostile, pages):
    """An area's title, its indicator's name and its follow-up and assessed effect (Markdown on their own) in the
    unit page's thread, and the indicator's name in the unit-year page's lines before and after."""
    shown = " ".join(NAME.split())
    unit = (hostile / f"enheter/{UNIT}/index.html").read_text("utf-8").split("<article", 1)[1].split("</article>", 1)[0]
    threads = unit.split('id="forbattringsomraden-over-aren"', 1)[1].split('id="resultat-over-tid"', 1)[0]
    assert "<script" not in threads and "<img" not in threads and '<a href="javascript' not in threads
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in threads and shown in Page(threads).visible
    assert "&lt;script&gt;alert(4)&lt;/script&gt;" in threads and "<h4>Rubrik</h4>" in threads  # under the area's ###
    assert "en kodrad som aldrig stängs" in threads and "&lt;!--ska-text-0--&gt;" in threads
    year = (hostile / f"enheter/{UNIT}/{SLUG}/index.html").read_text("utf-8").split("<article", 1)[1]
    lines = "".join(part.split("</ul>", 1)[0] for part in year.split('<ul class="ska-before-after">')[1:])
    assert f"indikatorer/{INDICATOR}/" in lines, "the hostile indicator is one an area targets"
    assert "<script" not in lines and "<img" not in lines and "&lt;script&gt;alert(1)&lt;/script&gt;" in lines


def test_the_effect_charts_and_the_year_summary_s_effect_lines_show_names_as_text(hostile, pages):
    """Programme names (the summary's "Effekt av insatserna" links them), the hostile indicator's short name in
    its line, and every string of the programme pages' effect charts: text, never markup."""
    html = (hostile / f"ar/{SLUG}/index.html").read_text("utf-8")
    section = html.split('id="effekt-av-insatserna"', 1)[1].split("</table>", 1)[0]
    assert "<script" not in section and "<img" not in section and '<a href="javascript' not in section
    assert '<a href="https://evil.example' not in section
    assert section.count("&lt;script&gt;alert(1)&lt;/script&gt;") >= 4  # three programmes and Trygghet
    assert section.count('href="../../insatser/') == 3
    visible = Page(section).visible
    assert "<script>alert(1)</script>" in visible  # as written, shown as text
    figures = []
    for path in ("insatser/lasa-for-livet/index.html", "insatser/samverkan-for-basta-skola/index.html"):
        page = Page((hostile / path).read_text("utf-8"))
        figures += [json.loads(a["data-figure"]) for _, a in page.tags if "data-figure" in a]
    assert len(figures) >= 3

    def strings(value):
        if isinstance(value, dict):
            for k, v in value.items():
                if k not in ("hovertemplate", "texttemplate"):
                    yield from strings(v)
        elif isinstance(value, list):
            for v in value:
                yield from strings(v)
        elif isinstance(value, str):
            yield value

    assert not [s for f in figures for s in strings(f) if "<" in s or ">" in s]


def test_owner_areas_measured_show_their_titles_as_text(hostile):
    """The municipality's areas in the year summary's "Effekt av insatserna" and the part's area with its lines
    before and after: a hostile title is text, with no tag of its own."""
    article = (hostile / f"ar/{SLUG}/index.html").read_text("utf-8").split("<article", 1)[1]
    table = article.split('<table class="ska-table ska-effect-summary">', 1)[1].split("</table>", 1)[0]
    titles = re.findall(r'<tbody class="ska-effect-summary__area">\s*<tr[^>]*><th scope="rowgroup"[^>]*>(.*?)</th>',
                        table, re.S)
    assert titles
    assert all(Page(t).visible == " ".join(NAME.split()) and not Page(t).tags for t in titles), titles
    part = (hostile / f"delar/{PART}/{SLUG}/index.html").read_text("utf-8").split("<article", 1)[1]
    block = part.split("<strong>Före och efter</strong>", 1)[1].split("</ul>", 1)[0]
    assert '<ul class="ska-before-after">' in block and "<script" not in block
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in part.split("<strong>Före och efter</strong>", 1)[0]


def test_the_years_changes_show_goals_recommendations_staff_and_parts_as_text(hostile, pages):
    """The changes page's goals, recommendations, staff measures and parts (their names in links) are text,
    and the staff download holds the measures as text."""
    html = (hostile / f"ar/{SLUG}/forandringar/index.html").read_text("utf-8").split("<article", 1)[1]
    for anchor, hostile_text in (("personal-per-ar", "alert(1)"), ("rekommendationer", "alert(4)"),
                                 ("verksamhetsdelar", "alert(1)"), ("mal", "Ett mål som ser ut som en rubrik")):
        part = html.split(f'id="{anchor}"', 1)[1].split("<h2", 1)[0]
        assert hostile_text in part, anchor
        assert "<script" not in part and "<img" not in part and 'href="https://evil' not in part, anchor
        assert not re.search(r"<h[1-6][^>]*>\s*Ett mål", part), anchor
    links = re.findall(rf'<a href="[^"]*delar/{PART}/{SLUG}/">(.*?)</a>', html)
    assert links and all(Page(link).visible.startswith(" ".join(NAME.split())) and not Page(link).tags
                         for link in links), links
    staff = (hostile / f"ar/{SLUG}/personal-{SLUG}.csv").read_bytes().decode("utf-8-sig")
    assert '"' + NAME.replace('"', '""') + ' 0"' in staff


def test_free_texts_named_like_choices_are_text(hostile, pages):
    """Free texts named like a choice elsewhere (FREE_TEXTS): a programme's scope on its page; a reference figure's
    measurement window in the indicator page's table, under the unit-year page's result and under the year
    summary's column; a result's window, an area's theme and an action's scope on the unit-year page."""
    shown, escaped = " ".join(NAME.split()), render.escape(NAME)
    for path in [p for p in pages if p.startswith("insatser/") and p != "insatser/index.html"]:
        facts = (hostile / path).read_text("utf-8").split('<dl class="ska-facts">', 1)[1].split("</dl>", 1)[0]
        assert "<dd>" + escaped + "</dd>" in facts, path
        assert f"Omfattning {shown}" in Page(facts).visible, path
    indicator = (hostile / "indikatorer" / "meritvarde-ak9" / "index.html").read_text("utf-8")
    table = indicator.split('class="ska-table ska-references"', 1)[1].split("</table>", 1)[0]
    assert re.search(r"<td>" + re.escape(escaped) + r" \d+</td>", table) and "<script" not in table
    assert re.search(re.escape(f"({shown} · {shown} ") + r"\d+\)", pages[f"enheter/hagaskolan/{SLUG}/index.html"].visible)
    summary = (hostile / "ar" / SLUG / "index.html").read_text("utf-8")
    section = summary.split('id="jamforelse-med-riket-och-andra-kommuner"', 1)[1].split("</table>", 1)[0]
    assert re.search(re.escape(f'<span class="ska-coverage">{escaped} · {escaped} ') + r"\d+</span>", section)
    assert "<script" not in section and "<img" not in section
    unit_year = (hostile / f"enheter/{UNIT}/{SLUG}/index.html").read_text("utf-8").split("<article", 1)[1]
    visible = Page(unit_year).visible
    assert re.search(re.escape(f"({shown} ") + r"\d+\)", visible)  # a result's window
    assert re.search(re.escape(f"Tema: {shown} ") + r"\d+", visible)  # an area's theme
    assert visible.count(shown) > 20 and "<script>alert" not in unit_year
