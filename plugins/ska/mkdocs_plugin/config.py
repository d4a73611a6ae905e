"""Typed options of the `ska` plugin in mkdocs.yml."""

from mkdocs.config import config_options as c
from mkdocs.config.base import Config


class SkaConfig(Config):
    min_group_size = c.Type(int, default=10)
    """Figures based on fewer pupils than this are shown as ".." and never published."""

    years_nav = c.Type(str, default="ar/index.md")
    """The nav entry under which each school year's summary and school-form pages are listed."""

    preview = c.ListOfItems(c.Type(str), default=[])
    """Unit ids: build only their pages, the year summaries and the index pages (an editor's quick
    preview). The environment variable SKA_PREVIEW=id,id overrides it."""

    history_uri = c.Type(str, default="commits/main/")
    """Joined with repo_url and a content file's path to link to that file's history
    (GitHub: commits/main/; GitLab: -/commits/main/). Empty: no link."""
