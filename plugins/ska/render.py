"""Page models → finished HTML for MkDocs (Jinja2 templates, then ``markup``), sanitised.

Tables and charts (``html_block``) are set aside as blocks, built here with every value
escaped, and put in after the search plugin has indexed the page: the index holds the
text, not thousands of table cells.
"""

from __future__ import annotations

import gc
import html
import multiprocessing
import os
import posixpath
import re
from dataclasses import dataclass, field

import jinja2
import markupsafe
import nh3

from . import charts, formatting as fmt, markup
from .views import Page

_ENV = jinja2.Environment(
    loader=jinja2.PackageLoader("ska", "templates"),
    autoescape=jinja2.select_autoescape(default=True, default_for_string=True),
    trim_blocks=True,
    lstrip_blocks=True,
    keep_trailing_newline=True,
    undefined=jinja2.StrictUndefined,
    auto_reload=False,
)


def text(value: str) -> str:
    """Editor text for a Markdown page: Markdown stays, any HTML is shown as text, never run."""
    return value.replace("&", "&amp;").replace("<", "&lt;").strip()


def url_of(src: str, use_directory_urls: bool = True) -> str:
    """``enheter/x/2024-25.md`` → ``enheter/x/2024-25/`` as MkDocs would publish it."""
    if not src.endswith(".md"):
        return src
    stem = src[:-3]
    if stem == "index" or stem.endswith("/index"):
        return stem[:-5]
    return stem + "/" if use_directory_urls else stem + ".html"


def relpath(target: str, base_dir: str) -> str:
    """``posixpath.relpath`` for site paths (both relative to the site root), without touching the file system."""
    t, b = [p for p in target.split("/") if p], [p for p in base_dir.split("/") if p]
    common = 0
    while common < min(len(t), len(b)) and t[common] == b[common]:
        common += 1
    return "/".join([".."] * (len(b) - common) + t[common:]) or "."


_ENV.filters["text"] = lambda v: markupsafe.Markup(text(v or ""))  # Markdown source, escaped for HTML
BLOCK = re.compile(r"<!--ska-block-(\d+)-->")


@dataclass
class Rendered:
    """A generated page as MkDocs gets it."""

    markdown: str = ""
    """What the template wrote: Markdown and HTML, with a marker where each block goes."""
    html: str = ""
    """The same converted and sanitised: what the search plugin indexes."""
    ids: set[str] = field(default_factory=set)
    """The ids on the page, which links from other pages may point at."""
    blocks: list[str] = field(default_factory=list)
    """Tables and charts, in the order of their markers."""

    def with_blocks(self, page_html: str) -> str:
        return BLOCK.sub(lambda m: self.blocks[int(m[1])], page_html)

    def inlined(self) -> str:
        """The page as one hand-written Markdown file would be (benchmark baseline, tests)."""
        return self.with_blocks(self.markdown)


@jinja2.pass_context
def _html_block(context, html: str) -> markupsafe.Markup:
    """Set a finished HTML block aside and leave a marker on a line of its own."""
    page: Rendered = context["rendered"]
    page.blocks.append(str(html).strip())
    return markupsafe.Markup(f"\n<!--ska-block-{len(page.blocks) - 1}-->\n")


_ENV.filters["html_block"] = _html_block


def _cell(c) -> str:
    sort = "" if c.sort is None else c.sort
    if c.suppressed:
        return f'<td class="ska-num" data-sort=""><abbr class="ska-suppressed" title="{escape(c.title)}">..</abbr></td>'
    title = f' title="{escape(c.title)}"' if c.title else ""
    return f'<td class="ska-num" data-sort="{sort}"{title}>{escape(c.text)}</td>'


def cells(*items) -> markupsafe.Markup:
    """Table cells for figures (each item a Cell or a list of them): sortable number, tooltip,
    ".." when suppressed. One call a row, in plain Python: pages have thousands of cells."""
    return markupsafe.Markup("".join(_cell(c) for item in items for c in (item if isinstance(item, list) else (item,))))


_ENV.globals["cells"] = cells


def _globals(page_src: str, use_directory_urls: bool) -> dict:
    here = url_of(page_src, use_directory_urls)
    base = here if here.endswith("/") else posixpath.dirname(here)

    def href(target: str) -> str:
        """A link to another page (its source path) or a download, relative, as the site is published."""
        url = url_of(target, use_directory_urls)
        rel = relpath(url, base)
        return "./" if rel == "." else rel + "/" if url.endswith("/") else rel

    return {"href": href, "chart": charts.embed}


def render(page: Page, use_directory_urls: bool = True, changed: str = "", history_url: str = "",
           headings: markup.Headings = markup.Headings()) -> Rendered:
    """One page model → its HTML and the blocks its markers stand for.

    ``changed`` (YYYY-MM-DD) and ``history_url`` add a "Senast ändrad" line for the page's source file."""
    rendered = Rendered()
    context = page.context() if callable(page.context) else page.context
    rendered.markdown = _ENV.get_template(page.template).render(
        page=page, rendered=rendered, **_globals(page.path, use_directory_urls), **context)
    if changed:
        rendered.markdown += _ENV.get_template("changed.md.j2").render(
            changed=fmt.long_date(changed), history_url=history_url, source=page.source, rendered=rendered)
    return _convert(rendered, headings)


PARALLEL_FROM = 200  # pages; below this a process pool costs more than it saves
_WORK: tuple[list[Page], list[dict]] = ([], [])  # set in the parent before forking workers


def _render_range(bounds: tuple[int, int]) -> list[Rendered]:
    pages, options = _WORK
    out = []
    for i in range(*bounds):
        rendered = render(pages[i], **options[i])
        rendered.markdown = ""  # MkDocs never needs it: spare the pipe
        out.append(rendered)
    return out


def render_all(pages: list[Page], options: list[dict], processes: int | None = None) -> list[Rendered]:
    """``render(page, **options)`` for each page and its options; a large site on all cores.

    Unit pages compute their models where they are rendered, so the workers (forked, so they
    share the content and its analysis) do nearly all of the plugin's per-page work."""
    global _WORK
    processes = processes or os.cpu_count() or 1
    if processes <= 1 or len(pages) < PARALLEL_FROM or "fork" not in multiprocessing.get_all_start_methods():
        return [render(page, **o) for page, o in zip(pages, options)]
    _WORK = (pages, options)
    size = max(1, len(pages) // (processes * 8))
    ranges = [(i, min(i + size, len(pages))) for i in range(0, len(pages), size)]
    try:
        # The parent may run with the collector paused; workers make (and should drop) Jinja's garbage cycles.
        with multiprocessing.get_context("fork").Pool(processes, initializer=gc.enable) as pool:
            return [rendered for chunk in pool.imap(_render_range, ranges) for rendered in chunk]
    finally:
        _WORK = ([], [])


def render_start(context: dict, page_src: str, use_directory_urls: bool = True,
                 headings: markup.Headings = markup.Headings()) -> Rendered:
    rendered = Rendered()
    rendered.markdown = _ENV.get_template("start.md.j2").render(
        rendered=rendered, **_globals(page_src, use_directory_urls), **context)
    return _convert(rendered, headings)


def _convert(rendered: Rendered, headings: markup.Headings) -> Rendered:
    converted = markup.convert(rendered.markdown, headings)
    rendered.html, rendered.ids = sanitise(converted.html), converted.ids
    return rendered


_TAGS = set(nh3.ALLOWED_TAGS) | {"table", "thead", "tbody", "tfoot", "tr", "th", "td", "caption", "figure",
                                 "figcaption", "details", "summary", "section", "nav", "span", "div", "abbr"}
_ATTRS = {
    "*": {"class", "id", "title", "role", "aria-label", "aria-hidden", "aria-describedby", "lang"},
    "a": {"href", "title"},
    "abbr": {"title"},
    "th": {"scope", "colspan", "rowspan", "data-sort", "aria-sort"},
    "td": {"colspan", "rowspan", "data-sort"},
    "div": {"data-figure"},
    "table": {"data-caption"},
}


def sanitise(page_html: str) -> str:
    """Allow only harmless tags and attributes: no script, no event handlers, no javascript: links.

    Comments stay: they mark where the blocks go (editors' text cannot make one, its ``<`` is escaped)."""
    return nh3.clean(page_html, tags=_TAGS, attributes=_ATTRS, url_schemes={"http", "https", "mailto"},
                     link_rel=None, strip_comments=False)


def escape(value: str) -> str:
    return html.escape(value, quote=True)
