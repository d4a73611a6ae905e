"""The `ska` MkDocs plugin: validate the content at the start of every build."""

from __future__ import annotations

from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, get_plugin_logger

from ..problems import format_text
from ..validate import validate
from .config import SkaConfig

log = get_plugin_logger(__name__)


class SkaPlugin(BasePlugin[SkaConfig]):
    def on_config(self, config):
        self.project = Path(config.config_file_path).parent
        if not self.config.validate:
            return config
        report = validate(self.project)
        for problem in report.problems:
            if not problem.is_error:
                log.warning(format_text([problem]).splitlines()[0])
        if not report.ok:
            raise PluginError("Innehållet har fel och sajten byggs inte:\n" + format_text(report.errors))
        return config

    def on_serve(self, server, config, builder):
        for folder in ("content", "schemas"):
            server.watch(str(self.project / folder))
        return server
