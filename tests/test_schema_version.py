"""The schemas record the content format's version: the same in every schema, and stated in the README and
the editor guide, so a change of version is a change people are told about."""

from __future__ import annotations

import json
import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
KEY = "x-ska-version"


def versions() -> dict[str, str]:
    return {path.name: json.loads(path.read_text("utf-8")).get(KEY) for path in sorted((REPO / "schemas").glob("*.json"))}


def test_every_schema_has_the_same_version():
    found = versions()
    assert len(found) >= 6 and None not in found.values(), found
    assert len(set(found.values())) == 1, f"scheman med olika version: {found}"
    assert re.fullmatch(r"[1-9][0-9]*\.[0-9]+", next(iter(found.values())))


def test_the_version_is_stated_and_explained_where_people_read():
    version = next(iter(versions().values()))
    readme = (REPO / "README.md").read_text("utf-8")
    guide = (REPO / "docs" / "redaktorer.md").read_text("utf-8")
    assert f"ska-format {version}" in readme and f"ska-format {version}" in guide
    assert f"| {version} |" in readme  # a row saying what changed in this version
    assert "Första siffran" in readme and "Andra siffran" in readme


def test_the_version_is_an_annotation_the_validator_ignores(project):
    from ska.content.validate import validate
    assert validate(project, use_cache=False).problems == []
