"""Generated pages are converted by cmark-gfm, not Python-Markdown: they must come out as MkDocs would make them."""

from __future__ import annotations

import re
from pathlib import Path

import markdown
import pytest

from ska import markup, model, render
from ska.analyse import Results
from ska.validate import validate
from ska.views import Views

REPO = Path(__file__).resolve().parent.parent

PAGE = """# Åsby skola 2024/25

## Analys

Text med **fetstil** och en [länk](https://www.skolverket.se).

### Analys

## Analys

## Resultat & mål

## Fält i <code>results</code> { #unit_year-results }

## Läsåret 2024/25 i korthet
"""


def test_heading_ids_and_table_of_contents_as_python_markdown_makes_them():
    options = {"toc": {"permalink": True}}
    md = markdown.Markdown(extensions=["toc", "attr_list"], extension_configs=options)
    theirs = md.convert(PAGE)
    ours = markup.convert(PAGE, markup.Headings.from_config(options))
    ids = re.compile(r'<h\d id="([^"]+)"')
    assert ids.findall(ours.html) == ids.findall(theirs) == [
        "asby-skola-202425", "analys", "analys_1", "analys_2", "resultat-mal", "unit_year-results",
        "lasaret-202425-i-korthet"]
    assert '<a class="headerlink" href="#analys_1" title="Permanent link">&para;</a></h3>' in ours.html

    def shape(tokens):
        return [(t["level"], t["id"], t["name"], shape(t["children"])) for t in tokens]

    assert shape(markup.toc_tokens(ours.html)) == shape(md.toc_tokens)
    assert shape(markup.toc_tokens(theirs)) == shape(md.toc_tokens)  # the start page: Python-Markdown's own HTML
    assert {"analys", "unit_year-results"} <= ours.ids


@pytest.mark.parametrize("options", [
    {"permalink": "#", "permalink_leading": True},
    {"anchorlink": True, "anchorlink_class": "ankare"},
    {"anchorlink": True, "permalink": True, "permalink_class": "lank", "permalink_title": ""},
    {"toc_depth": 2},
    {"toc_depth": "2-3", "permalink": True},
])
def test_other_toc_options_as_python_markdown_applies_them(options):
    md = markdown.Markdown(extensions=["toc", "attr_list"], extension_configs={"toc": options})
    theirs = md.convert(PAGE)
    headings = markup.Headings.from_config({"toc": options})
    ours = markup.convert(PAGE, headings)
    heading = re.compile(r"<h\d.*?</h\d>", re.S)
    assert heading.findall(ours.html) == heading.findall(theirs)

    def shape(tokens):
        return [(t["level"], t["id"], t["name"], t["html"], shape(t["children"])) for t in tokens]

    assert shape(markup.toc_tokens(ours.html, headings)) == shape(md.toc_tokens)


def test_toc_options_from_mkdocs_yml():
    headings = markup.Headings.from_config({"toc": {"permalink": "#", "permalink_title": "Länk hit"}})
    html = markup.convert("## Mål\n", headings).html
    assert html == '<h2 id="mal">Mål<a class="headerlink" href="#mal" title="Länk hit">#</a></h2>\n'
    assert markup.convert("## Mål\n", markup.Headings.from_config({})).html == '<h2 id="mal">Mål</h2>\n'


def test_editor_text_is_read_as_on_github():
    """Editors see their text as GitHub shows Markdown: a list right under a line, bare links, tables."""
    text = render.text("Vi har:\n- läst\n- skrivit\n\nSe https://www.skolverket.se\n\n| a | b |\n|---|---|\n| 1 | 2 |")
    html = markup.convert(text).html
    assert "<p>Vi har:</p>\n<ul>\n<li>läst</li>" in html
    assert '<a href="https://www.skolverket.se">https://www.skolverket.se</a>' in html
    assert "<td>1</td>" in html


@pytest.fixture(scope="module")
def example_pages():
    content = model.from_documents(validate(REPO, use_cache=False).documents)
    return Views(content, Results(content)).site().pages


def test_pages_rendered_in_worker_processes_equal_those_rendered_here(example_pages, monkeypatch):
    monkeypatch.setattr(render, "PARALLEL_FROM", 1)
    options = [{"headings": markup.Headings(permalink=True)} for _ in example_pages]
    here = [render.render(page, **o) for page, o in zip(example_pages, options)]
    there = render.render_all(example_pages, options, processes=2)
    assert len(there) == len(here) > 100
    assert [(r.html, r.blocks, r.ids) for r in there] == [(r.html, r.blocks, r.ids) for r in here]
