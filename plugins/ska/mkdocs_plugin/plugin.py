"""The `ska` MkDocs plugin: validate content, then add the generated pages, assets and downloads."""

from __future__ import annotations

import logging
import os
import tempfile
import time
from importlib import resources
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files

from .. import downloads, guide, history, model, render
from ..analyse import Results
from ..problems import format_text
from ..schemas import Schemas
from ..validate import validate
from ..views import Views
from .config import SkaConfig

log = get_plugin_logger(__name__)

ASSETS = "assets/ska"
START_MARKER = "<!-- ska:oversikt -->"


class SkaPlugin(BasePlugin[SkaConfig]):
    def on_config(self, config):
        started = time.perf_counter()
        self.project = Path(config.config_file_path).parent
        report = validate(self.project)
        # Content warnings (places left to fill in, a BOM, …) are shown but never fail a strict build:
        # a new school year is built and previewed while its plans are being written.
        for problem in report.problems:
            if not problem.is_error:
                log.info(format_text([problem]).splitlines()[0])
        if not report.ok:
            raise PluginError("Innehållet har fel och sajten byggs inte. Rätta felen (kör ska validate):\n"
                              + format_text(report.errors))
        validated = time.perf_counter()
        self.content = model.from_documents(report.documents)
        self.results = Results(self.content, self.config.min_group_size)
        analysed = time.perf_counter()
        self.views = Views(self.content, self.results)
        preview = set(filter(None, os.environ.get("SKA_PREVIEW", ",".join(self.config.preview)).split(",")))
        unknown = preview - set(self.content.units)
        if unknown:
            raise PluginError(f"Förhandsgranskningen nämner enheter som inte finns: {', '.join(sorted(unknown))}. "
                              "Ange id:n från content/units/ i SKA_PREVIEW eller preview i mkdocs.yml.")
        self.site = self.views.site(preview or None)
        self.site.pages.append(guide.page(Schemas(self.project / "schemas"), report.documents))
        if preview:
            log.info("Förhandsgranskning: bara %s, årssammanställningarna och indexsidorna byggs.", ", ".join(sorted(preview)))
            config.validation.links.not_found = logging.DEBUG  # links to pages left out on purpose
        self.timings = {"validate": validated - started, "analyse": analysed - validated,
                        "views": time.perf_counter() - analysed}
        config.extra_javascript += [f"{ASSETS}/plotly.min.js", f"{ASSETS}/charts.js"]
        config.extra_css.append(f"{ASSETS}/ska.css")
        if config.nav:
            config.nav = self._nav(config.nav)
        return config

    def _nav(self, nav: list) -> list:
        """Expand the years entry: one section per school year (summary, changes, school forms), newest first."""
        sections: dict[str, list] = {}
        for page in self.site.pages:
            if page.in_nav and page.path.startswith("ar/") and page.path != self.config.years_nav:
                sections.setdefault(page.path.split("/")[1], []).append(page)
        years = []
        for _, pages in sorted(sections.items(), reverse=True):
            summary = next(p for p in pages if p.path.endswith("/index.md"))
            others = [{p.nav_title: p.path} for p in pages if p is not summary]
            years.append({summary.nav_title: [summary.path, *others]})
        out = []
        for item in nav:
            title, value = next(iter(item.items())) if isinstance(item, dict) else (None, item)
            out.append({title or "Läsår": [value, *years]} if value == self.config.years_nav else item)
        return out

    def on_files(self, files: Files, config) -> Files:
        started = time.perf_counter()
        for file in files.documentation_pages():
            file.edit_uri = f"{config.docs_dir.rsplit('/', 1)[-1]}/{file.src_uri}"
        use_dirs = config.use_directory_urls
        self.blocks: dict[str, list[str]] = {}
        changed = history.last_changed(self.project)
        base = config.repo_url and self.config.history_uri and \
            f"{config.repo_url.rstrip('/')}/{self.config.history_uri.strip('/')}/"
        for page in self.site.pages:
            markdown, self.blocks[page.path] = render.render(
                page, use_dirs, changed.get(page.source, ""), f"{base}{page.source}" if base and page.source else "")
            file = File.generated(config, page.path, content=markdown)
            file.edit_uri = page.source or None
            files.append(file)
        self.scratch = tempfile.TemporaryDirectory(prefix="ska-")
        frames = {path: (downloads.results_frame(self.results, self.content, year), year)
                  for path, year in self.site.downloads.items()}
        self.downloads_done = downloads.write_in_background(frames, Path(self.scratch.name))
        for path in frames:
            files.append(File.generated(config, path, abs_src_path=str(Path(self.scratch.name) / path)))
        package = resources.files("ska")
        plotly_js = resources.files("plotly") / "package_data" / "plotly.min.js"
        files.append(File.generated(config, f"{ASSETS}/plotly.min.js", abs_src_path=str(plotly_js)))
        for name in ("charts.js", "ska.css"):
            files.append(File.generated(config, f"{ASSETS}/{name}", abs_src_path=str(package / "assets" / name)))
        self.timings["render"] = time.perf_counter() - started
        log.info("Innehållet: %d sidor genererade (kontroll %.1f s, analys %.1f s, vyer %.1f s, rendering %.1f s).",
                 len(self.site.pages), self.timings["validate"], self.timings["analyse"], self.timings["views"],
                 self.timings["render"])
        return files

    def on_page_markdown(self, markdown: str, page, config, files) -> str:
        if START_MARKER in markdown:
            start = self.views.start()
            overview, self.blocks[page.file.src_uri] = (
                render.render_start(start, page.file.src_uri, config.use_directory_urls) if start else ("", []))
            markdown = markdown.replace(START_MARKER, overview)
        return markdown

    @event_priority(-100)  # after the search plugin has indexed the page's text
    def on_page_context(self, context, page, config, nav):
        """Put the data blocks (tables, charts) back into the page, then sanitise it all.

        Search indexes headings and text, not thousands of table cells: that keeps the
        index small and spares the search plugin most of its HTML parsing."""
        blocks = self.blocks.pop(page.file.src_uri, None)
        if blocks is not None:
            page.content = render.sanitise(render.insert_blocks(page.content, blocks))
        return context

    def on_env(self, env, config, files):
        self.downloads_done()  # MkDocs copies the download files right after this event
        return env

    def on_post_build(self, config):
        self.scratch.cleanup()

    def on_serve(self, server, config, builder):
        for folder in ("content", "schemas"):
            server.watch(str(self.project / folder))
        return server
