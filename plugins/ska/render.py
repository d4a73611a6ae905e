"""Page models → Markdown pages (Jinja2 templates) and sanitised HTML."""

from __future__ import annotations

import html
import posixpath

import jinja2
import markupsafe
import nh3

from . import charts, formatting as fmt
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


def relative(from_src: str, to_src: str, use_directory_urls: bool = True) -> str:
    """A link from one generated page to another (or to a download), relative, as the site is published."""
    here = url_of(from_src, use_directory_urls)
    base = here if here.endswith("/") else posixpath.dirname(here)
    target = url_of(to_src, use_directory_urls)
    rel = relpath(target, base)
    if rel == ".":
        return "./"
    return rel + "/" if target.endswith("/") else rel


_ENV.filters["text"] = lambda v: markupsafe.Markup(text(v or ""))  # Markdown source, escaped for HTML
BLOCK = "<!--ska-block-{}-->"


@jinja2.pass_context
def _html_block(context, html: str) -> markupsafe.Markup:
    """Set a finished HTML block aside and leave a marker: Python-Markdown never parses it
    (on a data-heavy page that parsing is most of MkDocs' work); ``insert_blocks`` puts it back."""
    blocks = context["blocks"]
    blocks.append(str(html).strip())
    return markupsafe.Markup("\n" + BLOCK.format(len(blocks) - 1) + "\n")


_ENV.filters["html_block"] = _html_block


def cell(c) -> markupsafe.Markup:
    """A table cell for a figure: sortable number, tooltip, ".." when suppressed.

    Plain Python rather than a Jinja macro: pages have thousands of cells."""
    sort = "" if c.sort is None else c.sort
    if c.suppressed:
        inner = f'<abbr class="ska-suppressed" title="{escape(c.title)}">..</abbr>'
        return markupsafe.Markup(f'<td class="ska-num" data-sort="">{inner}</td>')
    title = f' title="{escape(c.title)}"' if c.title else ""
    return markupsafe.Markup(f'<td class="ska-num" data-sort="{sort}"{title}>{escape(c.text)}</td>')


_ENV.globals["cell"] = cell


def insert_blocks(page_html: str, blocks: list[str]) -> str:
    """Put the HTML blocks set aside by ``html_block`` back where their markers stand."""
    for i, block in enumerate(blocks):
        page_html = page_html.replace(BLOCK.format(i), block, 1)
    return page_html


def _linkers(page_src: str, use_directory_urls: bool) -> dict:
    """``link`` for Markdown links (source paths, which MkDocs checks and rewrites);
    ``href`` for links inside raw HTML (published URLs, which MkDocs leaves alone)."""
    base = posixpath.dirname(page_src)
    return {
        "link": lambda target: relpath(target, base),
        "href": lambda target: relative(page_src, target, use_directory_urls),
        "chart": charts.embed,
    }


def render(page: Page, use_directory_urls: bool = True, changed: str = "", history_url: str = "") -> tuple[str, list[str]]:
    """One page model → the page's Markdown source and the HTML blocks its markers stand for.

    ``changed`` (YYYY-MM-DD) and ``history_url`` add a "Senast ändrad" line for the page's source file."""
    blocks: list[str] = []
    markdown = _ENV.get_template(page.template).render(
        page=page, blocks=blocks, **_linkers(page.path, use_directory_urls), **page.context)
    if changed:
        markdown += _ENV.get_template("changed.md.j2").render(
            changed=fmt.long_date(changed), history_url=history_url, source=page.source, blocks=blocks)
    return markdown, blocks


def render_start(context: dict, page_src: str, use_directory_urls: bool = True) -> tuple[str, list[str]]:
    blocks: list[str] = []
    markdown = _ENV.get_template("start.md.j2").render(
        blocks=blocks, **_linkers(page_src, use_directory_urls), **context)
    return markdown, blocks


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
    """Allow only harmless tags and attributes: no script, no event handlers, no javascript: links."""
    return nh3.clean(page_html, tags=_TAGS, attributes=_ATTRS, url_schemes={"http", "https", "mailto"},
                     link_rel=None, strip_comments=True)


def escape(value: str) -> str:
    return html.escape(value, quote=True)
