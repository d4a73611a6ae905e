"""Typed options of the `ska` plugin in mkdocs.yml."""

from mkdocs.config import config_options as c
from mkdocs.config.base import Config


class SkaConfig(Config):
    validate = c.Type(bool, default=True)
    """Check content/ against schemas/ before building; invalid content stops the build."""
