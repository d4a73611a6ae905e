"""What the commands read from the site's configuration (mkdocs.yml) without MkDocs, so that a command shows and
hides figures as the site does."""

from __future__ import annotations

from pathlib import Path

import yaml

from ..content.files import read_file
from ..content.problems import LoadFailure
from ..domain import MIN_GROUP


class _Loader(yaml.SafeLoader):
    """mkdocs.yml as data: a tag MkDocs or an extension reads (!ENV, !!python/name:…) is read as nothing."""


_Loader.add_multi_constructor("", lambda loader, suffix, node: None)


def min_group_size(project: Path) -> int:
    """The site's ``min_group_size`` (the ska plugin's option in mkdocs.yml), so that a command shows and hides a
    figure as the site does; MIN_GROUP when mkdocs.yml does not say or cannot be read (nor can the site be built)."""
    try:
        config = yaml.load(read_file(project / "mkdocs.yml", "mkdocs.yml"), _Loader)
    except (LoadFailure, yaml.YAMLError):
        return MIN_GROUP
    plugins = config.get("plugins") if isinstance(config, dict) else None
    if isinstance(plugins, list):
        plugins = {k: v for p in plugins if isinstance(p, dict) for k, v in p.items()}
    options = plugins.get("ska") if isinstance(plugins, dict) else None
    value = options.get("min_group_size") if isinstance(options, dict) else None
    return value if type(value) is int and value >= 1 else MIN_GROUP  # one out of range stops the site's build
