"""Page models → Markdown pages (Jinja2 templates) and sanitised HTML."""

from __future__ import annotations

import html
import posixpath

import jinja2
import markupsafe
import nh3

from . import charts
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


def relative(from_src: str, to_src: str, use_directory_urls: bool = True) -> str:
    """A link from one generated page to another (or to a download), relative, as the site is published."""
    here = url_of(from_src, use_directory_urls)
    base = here if here.endswith("/") or not here else posixpath.dirname(here) + "/"
    target = url_of(to_src, use_directory_urls)
    rel = posixpath.relpath(target or ".", base or ".")
    return rel + "/" if target.endswith("/") and not rel.endswith("/") and rel != "." else (rel if rel != "." else "./")


_ENV.filters["text"] = lambda v: markupsafe.Markup(text(v or ""))  # Markdown source, escaped for HTML


def _linkers(page_src: str, use_directory_urls: bool) -> dict:
    """``link`` for Markdown links (source paths, which MkDocs checks and rewrites);
    ``href`` for links inside raw HTML (published URLs, which MkDocs leaves alone)."""
    base = posixpath.dirname(page_src) or "."
    return {
        "link": lambda target: posixpath.relpath(target, base),
        "href": lambda target: relative(page_src, target, use_directory_urls),
        "chart": charts.embed,
    }


def render(page: Page, use_directory_urls: bool = True) -> str:
    """One page model → the Markdown source of the page."""
    return _ENV.get_template(page.template).render(page=page, **_linkers(page.path, use_directory_urls), **page.context)


def render_start(context: dict, page_src: str, use_directory_urls: bool = True) -> str:
    return _ENV.get_template("start.md.j2").render(**_linkers(page_src, use_directory_urls), **context)


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
