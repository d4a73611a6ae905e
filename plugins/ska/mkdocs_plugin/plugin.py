"""The `ska` MkDocs plugin: validate content, then add the generated pages, assets and downloads."""

from __future__ import annotations

import functools
import gc
import html as html_module
import logging
import os
import tempfile
import time
from importlib import resources
from pathlib import Path

import jinja2
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.toc import get_toc
from mkdocs.utils import get_build_datetime

from .. import pipeline
from ..content.problems import format_text, printable
from ..content.schemas import Schemas
from ..site import downloads, guide, markup, render, statement
from ..site import pages
from ..site.part_views import PARTS_INDEX
from ..site.programme_views import PROGRAMMES_INDEX, programme_path
from ..workflow import history, report
from .config import WHERE, SkaConfig

log = get_plugin_logger(__name__)

ASSETS = "assets/ska"
THEME = Path(__file__).parent / "theme"
"""Material templates of the plugin's own: the search dialog and the edit button named for readers ("Redigera
källfilen"), and the search index fetched when the search is opened (main.html)."""
START_MARKER = "<!-- ska:oversikt -->"


def title_html(title: str) -> str:
    """A page title as MkDocs and Material print it: as HTML (nav, header, <title>, search index)."""
    return html_module.escape(str(title), quote=True)


def _spares_the_heap(method):
    """Run ``method`` without the garbage collector's passes, then freeze what it made.

    What the plugin builds (content, analysis, pages) stays until the build ends and makes
    next to no garbage cycles, yet full passes over that growing heap are a large part of a big
    build. Frozen, it is skipped by the passes MkDocs' work sets off. (A speed trick: it stays
    while scripts/benchmark_site.py shows it pays more than 5 % of a 600 × 5 build.)"""
    @functools.wraps(method)
    def run(*args, **kwargs):
        gc.disable()
        try:
            return method(*args, **kwargs)
        finally:
            gc.freeze()
            gc.enable()
    return run


def _only_when_enabled(cls):
    """With ``enabled: false`` in mkdocs.yml every event of ``cls`` returns None, which MkDocs reads
    as "left as it was": the plugin does nothing at all and the site is built from docs/ alone."""
    def guard(method):
        @functools.wraps(method)  # keeps the event's priority
        def event(self, *args, **kwargs):
            # .get: a plugin made outside MkDocs, as tests do, has an empty dict as its config (enabled)
            return method(self, *args, **kwargs) if self.config.get("enabled", True) else None
        return event
    for name, method in list(vars(cls).items()):
        if name.startswith("on_") and callable(method):
            setattr(cls, name, guard(method))
    return cls


class _KeptBytecode(jinja2.BytecodeCache):
    """The theme's compiled templates, kept between the builds of ``mkdocs serve``: MkDocs
    makes a new Jinja environment for every build, which compiles Material's 48 templates
    again. Jinja checks each template's source before it reuses the code."""

    def __init__(self):
        self.code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if bucket.key in self.code:
            bucket.bytecode_from_string(self.code[bucket.key])

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.code[bucket.key] = bucket.bytecode_to_string()


def _only_regular_files(files: Files, docs_dir: str) -> None:
    """Refuse any file in docs/ that is a link or not a regular file, or is reached through a link
    (docs/ itself, or a folder in it): the site publishes what is in the repository, never what a
    link points at."""
    docs_dir = os.path.abspath(docs_dir)
    # Where each file must really be: the real folder docs/ sits in, then docs/ and the file's own
    # path, with no link anywhere on the way (the project itself may lie under a linked folder).
    real_docs = os.path.join(os.path.realpath(os.path.dirname(docs_dir)), os.path.basename(docs_dir))
    for file in files:
        path = file.abs_src_path
        if file.generated_by or not path or os.path.commonpath([docs_dir, os.path.abspath(path)]) != docs_dir:
            continue  # the theme's files, the plugin's
        expected = os.path.join(real_docs, os.path.relpath(os.path.abspath(path), docs_dir))
        if os.path.islink(path) or not os.path.isfile(path) or os.path.realpath(path) != expected:
            raise PluginError(f"{printable(os.path.basename(docs_dir))}/{printable(file.src_uri)} är en länk eller "
                              "ingen vanlig fil och publiceras inte. Lägg en vanlig fil där i stället.")


def site_text(config) -> str:
    """site_name as text: themes write it into the page as HTML unescaped, so mkdocs.yml holds it as HTML
    (`ska init` writes & as &amp;); our templates escape what they are given, so it is unescaped once here."""
    return html_module.unescape(config.site_name)


@_only_when_enabled
class SkaPlugin(BasePlugin[SkaConfig]):
    serving = False
    validated: dict | None = None  # kept between the builds of mkdocs serve, see on_startup
    modelled: dict | None = None
    tidied: dict | None = None
    compiled: _KeptBytecode | None = None

    def on_startup(self, *, command, dirty):
        """Kept for every build of one ``mkdocs serve``: files checked and modelled once stay
        so, and so do the theme's compiled templates."""
        self.serving = command == "serve"
        self.validated, self.modelled, self.tidied = ({}, {}, {}) if self.serving else (None, None, None)
        self.compiled = _KeptBytecode() if self.serving else None

    @_spares_the_heap
    def on_config(self, config):
        self.project = Path(config.config_file_path).parent
        built = pipeline.build(self.project, min_group=self.config.min_group_size,
                               validated=self.validated, modelled=self.modelled, tidied=self.tidied)
        report = built.report
        # Content warnings (places left to fill in, a BOM, …) are shown but never fail a strict build:
        # a new school year is built and previewed while its plans are being written.
        for problem in report.problems:
            if not problem.is_error:
                log.info(format_text([problem]).splitlines()[0])  # format_text shows control characters escaped
        if not built.ok:
            raise PluginError("Innehållet har fel och sajten byggs inte. Rätta felen (kör ska validate):\n"
                              + format_text(report.errors))
        self.content, self.results, self.views = built.content, built.results, built.views
        preview = set(filter(None, os.environ.get("SKA_PREVIEW", ",".join(self.config.preview)).split(",")))
        unknown = preview - set(self.content.units)
        if unknown:
            raise PluginError(f"Förhandsgranskningen nämner enheter som inte finns: {printable(', '.join(sorted(unknown)))}. "
                              "Ange id:n från content/units/ i SKA_PREVIEW eller preview i mkdocs.yml.")
        started = time.perf_counter()
        self.site = self.views.site(preview or None)
        if not preview:  # the field reference reads every file for its examples
            self.site.pages.append(guide.page(Schemas(self.project / "schemas"), report.documents))
        if self.config.accessibility.contact:
            self.site.pages.append(statement.page(self._statement(config)))
        if preview:
            log.info("Förhandsgranskning: bara %s, årssammanställningarna och indexsidorna byggs.",
                     printable(", ".join(sorted(preview))))
            # links and nav entries to pages left out on purpose (the field reference too)
            config.validation.links.not_found = config.validation.nav.not_found = logging.DEBUG
        self.timings = {**built.timings, "views": built.timings["views"] + time.perf_counter() - started}
        self._plan_print(config)
        config.extra_javascript.append(f"{ASSETS}/charts.js")  # it loads plotly.min.js where a page has a chart
        config.extra_css.append(f"{ASSETS}/ska.css")
        config.theme.dirs.insert(1 if config.theme.custom_dir else 0, str(THEME))  # a custom_dir still wins
        if config.nav:
            config.nav = self._nav(config.nav)
        return config

    def _plan_print(self, config) -> None:
        """What the pages a reader prints (a year's summary and its other pages, unit-year pages) name on
        paper, and which summaries the build prints as PDF: with report_pdf, or SKA_REPORT_PDF=0/1. Not under
        mkdocs serve unless SKA_REPORT_PDF=1: a preview rebuilt on every change would wait for Chromium each time."""
        override = os.environ.get("SKA_REPORT_PDF", "").strip()
        self.report_pdf = {"0": False, "1": True}.get(override, self.config.report_pdf and not self.serving)
        if self.config.report_pdf and not self.report_pdf and self.serving:
            log.info("PDF:erna görs inte under mkdocs serve; sätt SKA_REPORT_PDF=1 för att göra dem.")
        if self.report_pdf:
            try:
                report.check_engine()
            except report.ReportError as exc:
                raise PluginError(f"{exc}\nEller stäng av PDF:en: ta bort `report_pdf: true` {WHERE}.") from None
        built = {page.path for page in self.site.pages}
        version = report.source_version(self.project)
        self.print_facts: dict[str, dict[str, str]] = {}
        self.reports: dict[str, str] = {}  # summary page → its PDF, both in the site
        def municipality(year: str) -> str:  # as the year's municipality file names it (content), else site_name
            return self.views.municipality_name(year) or site_text(config)

        for year in self.content.school_years:
            path = pages.year_path(year)
            if path in built:
                self.print_facts[path] = {
                    "running": f"{municipality(year)} · Läsåret {year}", "municipality": municipality(year), "year": year,
                    "committee": self.config.committee, "version": version, "site-url": config.site_url or ""}
                if self.report_pdf:
                    self.reports[path] = report.report_path(year)
            for detail in (pages.changes_path(year), pages.gender_path(year), pages.spread_path(year),
                           pages.themes_path(year), pages.self_assessment_path(year)):
                if detail in built:
                    self.print_facts[detail] = {"running": f"{municipality(year)} · Läsåret {year}"}
        for unit, year in self.content.unit_years:
            path = pages.unit_year_path(unit, year)
            if path in built:
                name = self.content.units[unit].name
                self.print_facts[path] = {"running": f"{municipality(year)} · {name} · Läsåret {year}"}
        newest = self.content.school_years[-1] if self.content.school_years else ""
        for programme in self.content.programmes.values():
            path = programme_path(programme.id)
            if path in built:
                self.print_facts[path] = {"running": f"{municipality(newest)} · Insats: {programme.name}"}

    def _statement(self, config) -> statement.Statement:
        options = self.config.accessibility
        if not options.reviewed:
            raise PluginError("Tillgänglighetsredogörelsen behöver datumet då sajten senast granskades. "
                              "Skriv till exempel `reviewed: 2026-12-01` under accessibility under ska i plugins "
                              "i mkdocs.yml.")
        return statement.Statement(
            organisation=options.organisation or site_text(config), site_name=site_text(config),
            contact=options.contact, status=options.status, reviewed=options.reviewed,
            known_gaps=tuple(options.known_gaps), phone=options.phone, response_time=options.response_time,
            method=options.method, published=options.published)

    def _nav(self, nav: list) -> list:
        """Expand the years entry: one section per school year (summary, changes, school forms), newest first;
        and the parts entry: one page per part of the organisation."""
        sections: dict[str, list] = {}
        for page in self.site.pages:
            if page.in_nav and page.path.startswith("ar/") and page.path != self.config.years_nav:
                sections.setdefault(page.path.split("/")[1], []).append(page)
        years = []
        for _, in_section in sorted(sections.items(), reverse=True):
            summary = next(p for p in in_section if p.path.endswith("/index.md"))
            others = [{title_html(p.nav_title): p.path} for p in in_section if p is not summary]
            years.append({title_html(summary.nav_title): [summary.path, *others]})
        parts = [{title_html(p.nav_title): p.path} for p in self.site.pages
                 if p.in_nav and p.path.startswith("delar/") and p.path != PARTS_INDEX]
        programmes = [{title_html(p.nav_title): p.path} for p in self.site.pages
                      if p.in_nav and p.path.startswith("insatser/") and p.path != PROGRAMMES_INDEX]
        out = []
        for item in nav:
            title, value = next(iter(item.items())) if isinstance(item, dict) else (None, item)
            if value == self.config.years_nav:
                item = {title or "Läsår": [value, *years]}
            elif value == PARTS_INDEX and parts:
                item = {title or "Verksamhetsdelar": [value, *parts]}
            elif value == PROGRAMMES_INDEX and programmes:
                item = {title or "Insatser": [value, *programmes]}
            out.append(item)
        return out

    def on_files(self, files: Files, config) -> Files:
        started = time.perf_counter()
        _only_regular_files(files, config.docs_dir)
        for file in files.documentation_pages():
            file.edit_uri = render.quote_path(f"{config.docs_dir.rsplit('/', 1)[-1]}/{file.src_uri}")
        self._add_pages(files, config)
        rendered = time.perf_counter()
        self.scratch = tempfile.TemporaryDirectory(prefix="ska-")
        frames = downloads.frames(self.results, self.content, self.site)
        downloads.write(frames, Path(self.scratch.name))
        for path in frames:
            files.append(File.generated(config, path, abs_src_path=str(Path(self.scratch.name) / path)))
        package = resources.files("ska.site")
        plotly_js = resources.files("plotly") / "package_data" / "plotly.min.js"
        files.append(File.generated(config, f"{ASSETS}/plotly.min.js", abs_src_path=str(plotly_js)))
        for name in ("charts.js", "ska.css"):
            files.append(File.generated(config, f"{ASSETS}/{name}", abs_src_path=str(package / "assets" / name)))
        self.timings.update(render=rendered - started, downloads=time.perf_counter() - rendered)
        log.info("Innehållet: %d sidor genererade (kontroll %.1f s, analys %.1f s, vyer %.1f s, rendering %.1f s, "
                 "nedladdningar %.1f s).", len(self.site.pages), self.timings["validate"], self.timings["analyse"],
                 self.timings["views"], self.timings["render"], self.timings["downloads"])
        return files

    @_spares_the_heap
    def _add_pages(self, files: Files, config) -> None:
        """Render every generated page (MkDocs gets its title now, its HTML in on_page_content)."""
        headings = self.headings = markup.Headings.from_config(config.mdx_configs)
        self.rendered: dict[str, render.Rendered] = {}
        self.titles: dict[str, str] = {}
        changed = history.last_changed(self.project)
        base = config.repo_url and self.config.history_uri and \
            f"{config.repo_url.rstrip('/')}/{self.config.history_uri.strip('/')}/"
        options = [{"use_directory_urls": config.use_directory_urls, "changed": changed.get(page.source, ""),
                    "history_url": f"{base}{render.quote_path(page.source)}" if base and page.source else "",
                    "data_changed": max((changed.get(f, "") for f in page.covers), default=""), "headings": headings}
                   for page in self.site.pages]
        for page, rendered in zip(self.site.pages, render.render_all(self.site.pages, options)):
            self.rendered[page.path] = rendered
            self.titles[page.path] = title_html(page.title)
            # a page the nav does not list (a unit's year, an indicator) is there on purpose: no INFO line for each
            file = File.generated(config, page.path, content="",
                                  inclusion=InclusionLevel.UNDEFINED if page.in_nav else InclusionLevel.NOT_IN_NAV)
            file.edit_uri = render.quote_path(page.source) if page.source else None  # MkDocs prints it in an href
            files.append(file)

    def on_page_markdown(self, markdown: str, page, config, files) -> str:
        if page.file.src_uri in self.titles:  # the title as HTML: MkDocs and Material print titles unescaped
            page.meta["title"] = self.titles[page.file.src_uri]
        if page.file.src_uri in self.print_facts:  # partials/actions.html: the print button, the PDF link
            page.meta["ska_print"] = True
            page.meta["ska_print_facts"] = self.print_facts[page.file.src_uri]
            if page.file.src_uri in self.reports:
                page.meta["ska_pdf"] = self.reports[page.file.src_uri]
        if START_MARKER in markdown:
            start = self.views.start()
            self.rendered[page.file.src_uri] = (
                render.render_start(start, page.file.src_uri, config.use_directory_urls, self.headings)
                if start else render.Rendered())
        return markdown

    def on_page_content(self, html: str, page, config, files) -> str:
        """A generated page's HTML, or the start page with its overview, and their table of contents."""
        rendered = self.rendered.get(page.file.src_uri)
        if page.file.src_uri not in self.titles:
            # A hand-written page gets the generated pages' sanitiser: raw HTML in docs/ is content too.
            html = render.sanitise(html)
            # Its title as HTML, from the front matter (text), or else from its heading (HTML already),
            # the nav or the file's name. Set as meta, which Material prints as is: a title it finds
            # elsewhere goes through striptags, which un-escapes it.
            title = page.meta.get("title")
            page.meta["title"] = title_html(title if title is not None else html_module.unescape(page.title or ""))
        if rendered is None:
            return html
        if START_MARKER in html:
            html = html.replace(START_MARKER, rendered.html)
            page.present_anchor_ids |= rendered.ids
        else:
            html = rendered.html
            page.present_anchor_ids = rendered.ids
        page.toc = get_toc(markup.toc_tokens(html, self.headings))
        return html

    @event_priority(-100)  # after the search plugin has indexed the page's text
    def on_page_context(self, context, page, config, nav):
        """Put the data blocks (tables, charts) into the page: built here with every value
        escaped, and kept out of the search index, which they would swell with table cells."""
        rendered = self.rendered.pop(page.file.src_uri, None)
        if rendered:
            page.content = rendered.with_blocks(page.content)
        return context

    @event_priority(-100)  # after other plugins have seen the page
    def on_post_page(self, output: str, page, config) -> str:
        if render.markers_left(output):
            raise PluginError(f"Sidan {printable(page.file.src_uri)} har en platsmarkering kvar som inte ersattes. "
                              "Det är ett fel i sajtens kod, inte i innehållet: meddela förvaltningens administratör.")
        if page.file.generated_by == "ska":
            page.content = None  # written: thousands of pages need not keep their HTML until the build ends
        return render.compact(output)

    def on_env(self, env, config, files):
        if self.compiled:
            env.bytecode_cache = self.compiled
        return env

    def on_post_build(self, config):
        self.scratch.cleanup()
        if self.reports:
            self._print_reports(config)
        if self.serving:
            gc.unfreeze()  # this build's content and pages may go: the next build makes its own

    def _print_reports(self, config) -> None:
        """Each year summary as a PDF beside it in the built site (workflow/report.py), in Chromium."""
        started = time.perf_counter()
        site = Path(config.site_dir)
        years = {self.print_facts[path]["year"]: site / pdf for path, pdf in self.reports.items()}
        try:
            # the build's date, in local time: today's, or SOURCE_DATE_EPOCH's for a reproducible build
            made = report.make(site, years, date=get_build_datetime().astimezone().date().isoformat())
        except report.ReportError as exc:
            raise PluginError(str(exc)) from None
        log.info("PDF: %d årssammanställningar (%s sidor) på %.1f s.", len(made),
                 ", ".join(str(n) for n in made.values()), time.perf_counter() - started)

    def on_serve(self, server, config, builder):
        for folder in ("content", "schemas"):
            server.watch(str(self.project / folder))
        return server
