"""Generated pages are converted by cmark-gfm, not Python-Markdown: they must come out as MkDocs would make them."""

from __future__ import annotations

import re
from pathlib import Path

import markdown
import pytest

from ska import pipeline

from ska.site import markup, render

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
    html = render.text("Vi har:\n- läst\n- skrivit\n\nSe https://www.skolverket.se\n\n| a | b |\n|---|---|\n| 1 | 2 |", 2)
    assert "<p>Vi har:</p>\n<ul>\n<li>läst</li>" in html
    assert '<a href="https://www.skolverket.se">https://www.skolverket.se</a>' in html
    assert "<td>1</td>" in html


def test_editor_text_keeps_its_markdown_and_shows_html_as_text():
    html = render.text("`a < b` och <https://example.org> och A&nbsp;B\n\n<b>fet</b> <!--ska-block-0-->", 2)
    assert "<code>a &lt; b</code>" in html
    assert '<a href="https://example.org">https://example.org</a>' in html
    assert "A\u00a0B" in html or "A&nbsp;B" in html
    assert "&lt;b&gt;fet&lt;/b&gt; &lt;!--ska-block-0--&gt;" in html


def test_editor_text_links_only_to_allowed_schemes():
    html = render.text("[a](javascript:alert(1)) [b](data:text/html,x) [c](mailto:a@b.se) [d](../x/) "
                       '<a href="javascript:alert(2)">e</a> ![f](https://example.org/f.png)', 2)
    assert "javascript:" not in html.replace("&lt;a href", "") and "data:" not in html
    assert 'href="mailto:a@b.se"' in html and 'href="../x/"' in html


def test_editor_headings_sit_below_the_section_and_have_no_ids():
    html = render.text("# Ett\n\n## Två\n\n###### Sex", 2)
    assert html.startswith("<h3>Ett</h3>\n<h4>Två</h4>\n<h6>Sex</h6>")
    assert render.text("# Ett", 5) == "<h6>Ett</h6>\n"  # never below h6
    assert "id=" not in render.text("# Resultat { #resultat }", 1)


def test_an_unclosed_fence_ends_with_the_text():
    html = render.text("Text\n\n```\nkod", 2)
    assert html.endswith("<pre><code>kod\n</code></pre>\n")


def test_explicit_ids_come_from_the_template_only():
    """``{ #id }`` chooses a heading's id where a template writes it; a value that ends so stays text."""
    ours = markup.convert(f"## Rubrik {{ #vald }}\n\n## {render.plain('Namn { #resultat }')}\n\n## Resultat\n")
    assert '<h2 id="vald">Rubrik</h2>' in ours.html
    assert '<h2 id="namn-resultat">Namn { #resultat }</h2>' in ours.html
    assert '<h2 id="resultat">Resultat</h2>' in ours.html


def test_headings_are_parsed_in_linear_time():
    """A heading of 200 KB of spaces (and one ending in a broken ``{ #id``): the old pattern
    ``\\s*\\{\\s*#…\\s*\\}\\s*$`` tried every start in the run of spaces, about 2·10¹⁰ steps here,
    minutes of work. Linear, each takes milliseconds; the bound only guards against a hang."""
    import time

    spaces = " " * 200_000
    for page in (f"## a{spaces}b\n", f"## a{spaces}{{ #x\n", f"## a{spaces}{{{spaces}#x{spaces}}}{spaces}\n",
                 f"## {{{spaces}\n", f"# {'{ ' * 100_000}\n"):
        started = time.perf_counter()
        converted = markup.convert(page, markup.Headings(permalink=True))
        assert time.perf_counter() - started < 2, page[:20]
        assert converted.html.startswith("<h")
    # the one with a well-formed { #x } gets its id, spaces and all
    assert markup.convert(f"## a{spaces}{{{spaces}#x{spaces}}}{spaces}\n").html.startswith('<h2 id="x">a</h2>')


@pytest.fixture(scope="module")
def example_pages():
    return pipeline.build(REPO, use_cache=False).views.site().pages


def test_pages_rendered_in_worker_processes_equal_those_rendered_here(example_pages, monkeypatch):
    monkeypatch.setattr(render, "PARALLEL_FROM", 1)
    options = [{"headings": markup.Headings(permalink=True)} for _ in example_pages]
    here = [render.render(page, **o) for page, o in zip(example_pages, options)]
    there = render.render_all(example_pages, options, processes=2)
    assert len(there) == len(here) > 100
    assert [(r.html, r.blocks, r.ids) for r in there] == [(r.html, r.blocks, r.ids) for r in here]


def test_editor_images_come_from_the_site_itself():
    """An image in an editor's text never makes a reader's browser ask another host."""
    html = render.text("![a](https://evil.example/t.png) ![b](//evil.example/x.png) ![c](bilder/karta.png)", 2)
    assert "evil.example" not in html
    assert '<img src="bilder/karta.png" alt="c">' in html


def test_a_page_loses_its_blank_lines_and_indentation_but_never_inside_pre_or_textarea():
    from ska.site import render
    page = ("<html>\n  \n<body>\n\n\t\n  <p>a\n    b</p>\n \n<pre><code>x\n\n  \n  y</code></pre>\n\n"
            "<textarea>\n\n  t</textarea >\n  <script>\n\n    let a = 1;\n</script>\n\n</body></html>")
    assert render.compact(page) == ("<html>\n<body>\n<p>a\nb</p>\n<pre><code>x\n\n  \n  y</code></pre>\n"
                                    "<textarea>\n\n  t</textarea >\n<script>\nlet a = 1;\n</script>\n</body></html>")
    # the quick way, without pre or textarea
    assert render.compact("<p>\n\n  a\n\t b</p>\n  \n") == "<p>\na\nb</p>\n"
