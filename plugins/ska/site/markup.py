"""Markdown → HTML for generated pages, by cmark-gfm (GitHub's Markdown, in C).

It adds what MkDocs' toc extension would: heading ids, permalinks and the table of
contents, with the toc options from mkdocs.yml. Python-Markdown is the slowest step of a
MkDocs build (scripts/benchmark_site.py measures it against this); MkDocs keeps it for the
hand-written pages in docs/.

Two kinds of Markdown, converted apart:

- A page's own Markdown (``convert``) comes from the templates: it may hold raw HTML
  (``CMARK_OPT_UNSAFE``) and choose a heading's id (``## Title { #anchor }``). Every value
  in it was escaped by ``render.plain``, so neither can come from the content.
- An editor's text (``editor_html``) is one document on its own, as GitHub reads it: an
  unclosed code fence ends with the text, not with the page. Raw HTML in it is shown as
  the text it is, never passed on; its headings sit below the page's (see ``editor_html``).

Every step here is linear in the length of its input: content is untrusted, and a
quadratic pattern on a long line is a build that never ends.
"""

from __future__ import annotations

import functools
import html
import re
from dataclasses import dataclass
from typing import Callable

from cmarkgfm.cmark import Options, markdown_to_html, markdown_to_html_with_extensions
from markdown.extensions import toc
from markdown.util import parseBoolValue

_HEADING = re.compile(r"<h([1-6])>(.*?)</h\1>", re.S)
_EXPLICIT_ID = re.compile(r"\{[ \t]*#([\w-]+)[ \t]*\}")
"""``## Title { #anchor }``: attr_list's way of choosing a heading's id (matched only at a known
``{``, see ``_explicit_ids``: a pattern searched along a line of spaces is quadratic)."""
_ID_MARK = "<!--ska-heading-id:"
"""Stands for ``{ #anchor }`` through cmark: a comment, which no escaped value can contain."""
_IDS = re.compile(r"""\sid=["']([^"']+)["']""")
_TOC_HEADING = re.compile(r"""<h([1-6]) id="([^"]+)"[^>]*>(.*?)</h\1>""", re.S)


@dataclass(frozen=True)
class Headings:
    """How headings get their ids, links and place in the table of contents: the toc
    extension's options (all but ``baselevel`` and the ``[TOC]`` marker)."""

    slugify: Callable[[str, str], str] = toc.slugify
    separator: str = "-"
    permalink: bool | str = False
    permalink_class: str = "headerlink"
    permalink_title: str = "Permanent link"
    permalink_leading: bool = False
    anchorlink: bool = False
    anchorlink_class: str = "toclink"
    toc_depth: tuple[int, int] = (1, 6)

    @classmethod
    def from_config(cls, mdx_configs: dict) -> Headings:
        """The options mkdocs.yml gives ``toc`` (its defaults where it gives none), read as the
        toc extension reads them."""
        options = toc.TocExtension(**(mdx_configs or {}).get("toc", {})).getConfigs()
        permalink = parseBoolValue(options["permalink"], False)  # a bool or a symbol
        if permalink is None:
            permalink = options["permalink"]
        depth = options["toc_depth"]
        top, bottom = map(int, depth.split("-")) if isinstance(depth, str) and "-" in depth else (1, int(depth))
        return cls(options["slugify"], options["separator"], permalink, options["permalink_class"],
                   options["permalink_title"], bool(parseBoolValue(options["permalink_leading"], False)),
                   bool(parseBoolValue(options["anchorlink"])), options["anchorlink_class"], (top, bottom))


@dataclass
class Converted:
    html: str
    ids: set[str]
    """Every id on the page: what links from other pages may point at."""


def _explicit_ids(markdown: str) -> tuple[str, set[str]]:
    """``## Title { #anchor }`` in the page's Markdown → the title and a marker cmark passes on.

    Found in the source, where only a template can write ``{`` (``render.plain`` writes a
    value's as ``&#123;``): a name ending in ``{ #resultat }`` stays text."""
    if "{" not in markdown:
        return markdown, set()
    lines, ids = markdown.split("\n"), set()
    for i, line in enumerate(lines):
        if not line.startswith("#"):
            continue
        line = line.rstrip()
        start = line.rfind("{")
        explicit = _EXPLICIT_ID.fullmatch(line, start) if start > 0 and line.endswith("}") else None
        if explicit:
            lines[i] = f"{line[:start].rstrip()} {_ID_MARK}{explicit[1]}-->"
            ids.add(explicit[1])
    return "\n".join(lines), ids


def convert(markdown: str, headings: Headings = Headings()) -> Converted:
    """A page's own Markdown (from the templates) → HTML with heading ids, permalinks and their ids."""
    markdown, explicit_ids = _explicit_ids(markdown)
    page = markdown_to_html(markdown, Options.CMARK_OPT_UNSAFE)
    ids = set(_IDS.findall(page)) | explicit_ids
    counters: dict[str, int] = {}
    symbol = "&para;" if headings.permalink is True else headings.permalink

    def heading(match: re.Match) -> str:
        level, inner = match[1], match[2]
        mark = inner.rfind(_ID_MARK) if inner.endswith("-->") else -1
        if mark >= 0:
            inner, id_ = inner[:mark].rstrip(), inner[mark + len(_ID_MARK):-3]
        else:
            id_ = toc.unique(_slug(headings.slugify, headings.separator, inner), ids, counters)
        if headings.anchorlink:
            inner = f'<a class="{headings.anchorlink_class}" href="#{id_}">{inner}</a>'
        if symbol:
            title = f' title="{headings.permalink_title}"' if headings.permalink_title else ""
            link = f'<a class="{headings.permalink_class}" href="#{id_}"{title}>{symbol}</a>'
            inner = link + inner if headings.permalink_leading else inner + link
        return f'<h{level} id="{id_}">{inner}</h{level}>'

    return Converted(_HEADING.sub(heading, page), ids)


_RAW_HTML = "<!-- raw HTML omitted -->"
"""What cmark writes, in safe mode, where the Markdown held raw HTML."""
_EDITOR_EXTENSIONS = ["table", "autolink", "strikethrough"]
"""GitHub's, but for tagfilter (raw HTML never passes anyway) and task lists (no form fields)."""
_EDITOR_HEADING = re.compile(r"<(/?)h([1-6])>")
_DANGEROUS_URL = re.compile(r'( (?:href|src)=")(?!data:image/(?:png|gif|jpeg|webp))(?:javascript|vbscript|file|data):[^"]*"',
                            re.I)
"""A link cmark empties in safe mode (its ``_scan_dangerous_url``), as it writes it in unsafe mode."""


def editor_html(text: str, level: int) -> str:
    """An editor's Markdown → HTML, on its own: raw HTML is shown as text, headings demoted.

    ``level`` is the level of the heading the text sits under: the text's ``#`` becomes one
    level below it, and so on, at most ``<h6>``. The headings get no id, so they can neither
    take nor collide with the page's anchors. Not sanitised here (``render`` does that).

    Raw HTML is shown as text rather than dropped: the reader sees what the editor wrote
    (``<b>`` reads as ``<b>``) and the editor sees at once that HTML is not used. cmark marks
    where raw HTML stood in safe mode; the same text converted in unsafe mode holds that
    HTML in the same places, and between them the two outputs are the same (once links to
    dangerous schemes, which safe mode empties, are emptied in both)."""
    safe = markdown_to_html_with_extensions(text, Options.CMARK_OPT_DEFAULT, _EDITOR_EXTENSIONS)
    if _RAW_HTML in safe:
        unsafe = markdown_to_html_with_extensions(text, Options.CMARK_OPT_UNSAFE, _EDITOR_EXTENSIONS)
        safe = _raw_html_as_text(safe, _DANGEROUS_URL.sub(r'\1"', unsafe))
    return _EDITOR_HEADING.sub(lambda m: f"<{m[1]}h{min(6, level + int(m[2]))}>", safe)


def _raw_html_as_text(safe: str, unsafe: str) -> str:
    """``safe`` with each raw-HTML mark replaced by the escaped HTML that ``unsafe`` holds there.

    Everything kept is either cmark's safe output or escaped text, whatever the input: should
    a raw chunk itself contain the safe output that follows it, it is split at another place
    but still only shown as text."""
    pieces = safe.split(_RAW_HTML)
    out, at = [pieces[0]], len(pieces[0])
    for i, piece in enumerate(pieces[1:], 2):
        end = unsafe.find(piece, at) if i < len(pieces) else len(unsafe) - len(piece)  # the last piece ends it
        if end < at:  # cannot happen with cmark's two renderings; never guess at HTML
            end = at
        out += [html.escape(unsafe[at:end], quote=False), piece]
        at = end + len(piece)
    return "".join(out)


@functools.lru_cache(maxsize=4096)  # the same headings recur on thousands of pages
def _slug(slugify: Callable[[str, str], str], separator: str, inner: str) -> str:
    return slugify(html.unescape(toc.strip_tags(inner)), separator)


def toc_tokens(page: str, headings: Headings = Headings()) -> list[dict]:
    """The page's table of contents from its headings with ids, as Python-Markdown's toc
    extension gives it (for ``mkdocs.structure.toc.get_toc``)."""
    top, bottom = headings.toc_depth
    flat = []
    for level, id_, inner in _TOC_HEADING.findall(page):
        if not top <= int(level) <= bottom:
            continue
        permalink, anchorlink = _links(headings.permalink_class, headings.anchorlink_class)
        inner = permalink.sub("", inner).strip()
        anchor = anchorlink.fullmatch(inner) if headings.anchorlink else None
        inner = anchor[1] if anchor else inner
        flat.append({"level": int(level), "id": html.unescape(id_), "name": toc.strip_tags(inner),
                     "html": inner, "data-toc-label": ""})
    return toc.nest_toc_tokens(flat)


@functools.lru_cache
def _links(permalink_class: str, anchorlink_class: str) -> tuple[re.Pattern, re.Pattern]:
    """What ``convert`` (or the toc extension) adds to a heading: the permalink, the anchor link."""
    return (re.compile(rf"""<a class="{re.escape(permalink_class)}" href="#[^"]*"[^>]*>.*?</a>""", re.S),
            re.compile(rf"""<a class="{re.escape(anchorlink_class)}" href="#[^"]*">(.*)</a>""", re.S))
