"""The `ska` MkDocs plugin: validate content, then add the generated pages, assets and downloads."""

from __future__ import annotations

import time
from importlib import resources
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, get_plugin_logger
from mkdocs.structure.files import File, Files

from .. import downloads, model, render
from ..analyse import Results
from ..problems import format_text
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
        for problem in report.problems:
            if not problem.is_error:
                log.warning(format_text([problem]).splitlines()[0])
        if not report.ok:
            raise PluginError("Innehållet har fel och sajten byggs inte. Rätta felen (kör ska validate):\n"
                              + format_text(report.errors))
        validated = time.perf_counter()
        self.content = model.from_documents(report.documents)
        self.results = Results(self.content, self.config.min_group_size)
        analysed = time.perf_counter()
        self.views = Views(self.content, self.results)
        self.site = self.views.site()
        self.timings = {"validate": validated - started, "analyse": analysed - validated}
        config.extra_javascript += [f"{ASSETS}/plotly.min.js", f"{ASSETS}/charts.js"]
        config.extra_css.append(f"{ASSETS}/ska.css")
        if config.nav:
            config.nav = self._nav(config.nav)
        return config

    def _nav(self, nav: list) -> list:
        """Expand the years entry into one section per school year (summary + school-form pages)."""
        sections = {}
        for page in self.site.pages:
            if page.in_nav and page.path.startswith("ar/") and page.path != self.config.years_nav:
                year_dir = page.path.split("/")[1]
                sections.setdefault(year_dir, []).append(page)
        years = [{pages[0].title.removeprefix("Läsåret "): [p.path if p.path.endswith("index.md") else {p.title.rsplit(" ", 1)[0]: p.path} for p in pages]}
                 for _, pages in sorted(sections.items(), reverse=True)]
        out = []
        for item in nav:
            title, value = next(iter(item.items())) if isinstance(item, dict) else (None, item)
            if value == self.config.years_nav:
                out.append({title or "Läsår": [value, *years]})
            else:
                out.append(item)
        return out

    def on_files(self, files: Files, config) -> Files:
        started = time.perf_counter()
        for file in files.documentation_pages():
            file.edit_uri = f"{config.docs_dir.rsplit('/', 1)[-1]}/{file.src_uri}"
        use_dirs = config.use_directory_urls
        for page in self.site.pages:
            file = File.generated(config, page.path, content=render.render(page, use_dirs))
            file.edit_uri = page.source or None
            files.append(file)
        self.generated = {page.path for page in self.site.pages}
        for path, year in self.site.downloads.items():
            frame = downloads.results_frame(self.results, self.content, year)
            data = downloads.to_csv(frame) if path.endswith(".csv") else downloads.to_xlsx(frame, year.replace("/", "-"))
            files.append(File.generated(config, path, content=data))
        package = resources.files("ska")
        plotly_js = resources.files("plotly") / "package_data" / "plotly.min.js"
        files.append(File.generated(config, f"{ASSETS}/plotly.min.js", abs_src_path=str(plotly_js)))
        for name in ("charts.js", "ska.css"):
            files.append(File.generated(config, f"{ASSETS}/{name}", abs_src_path=str(package / "assets" / name)))
        self.timings["render"] = time.perf_counter() - started
        log.info("Innehållet: %d sidor genererade (kontroll %.1f s, analys %.1f s, rendering %.1f s).",
                 len(self.site.pages), self.timings["validate"], self.timings["analyse"], self.timings["render"])
        return files

    def on_page_markdown(self, markdown: str, page, config, files) -> str:
        if START_MARKER in markdown:
            start = self.views.start()
            overview = render.render_start(start, page.file.src_uri, config.use_directory_urls) if start else ""
            markdown = markdown.replace(START_MARKER, overview)
        return markdown

    def on_page_content(self, html: str, page, config, files) -> str:
        if page.file.src_uri in self.generated:
            return render.sanitise(html)
        return html

    def on_serve(self, server, config, builder):
        for folder in ("content", "schemas"):
            server.watch(str(self.project / folder))
        return server
