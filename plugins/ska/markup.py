"""Markdown → HTML for generated pages, by cmark-gfm (GitHub's Markdown, in C).

It adds what MkDocs' toc extension would: heading ids, permalinks and the table of
contents, with the toc options from mkdocs.yml. Python-Markdown is the slowest step of a
MkDocs build (7 ms for a unit-year page, against 0.2 ms here); MkDocs keeps it for the
hand-written pages in docs/.

Template text may hold raw HTML (``CMARK_OPT_UNSAFE``); editors' text never does, it is
escaped before it reaches a template (``render.text``), and pages are sanitised after.
"""

from __future__ import annotations

import functools
import html
import re
from dataclasses import dataclass
from typing import Callable

import cmarkgfm
from cmarkgfm.cmark import Options
from markdown.extensions import toc
from markdown.util import parseBoolValue

_HEADING = re.compile(r"<h([1-6])>(.*?)</h\1>", re.S)
_EXPLICIT_ID = re.compile(r"\s*\{\s*#([\w-]+)\s*\}\s*$")
"""``## Title { #anchor }``: attr_list's way of choosing a heading's id."""
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


def convert(markdown: str, headings: Headings = Headings()) -> Converted:
    page = cmarkgfm.github_flavored_markdown_to_html(markdown, options=Options.CMARK_OPT_UNSAFE)
    ids = set(_IDS.findall(page))
    ids.update(m[1] for m in (_EXPLICIT_ID.search(h[2]) for h in _HEADING.finditer(page)) if m)
    counters: dict[str, int] = {}
    symbol = "&para;" if headings.permalink is True else headings.permalink

    def heading(match: re.Match) -> str:
        level, inner = match[1], match[2]
        explicit = _EXPLICIT_ID.search(inner)
        if explicit:
            inner, id_ = inner[:explicit.start()], explicit[1]
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
