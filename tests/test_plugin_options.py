"""The `ska` plugin's options in mkdocs.yml: defaults, checked ranges with Swedish messages, and `enabled`."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort, ConfigurationError, PluginError

from ska.mkdocs_plugin.config import SkaConfig

from conftest import write_project
from test_site import make_project


def options(**given) -> tuple[SkaConfig, list[str]]:
    """The plugin's config from ``given`` as mkdocs.yml would hold it, and its error messages."""
    config = SkaConfig()
    config.load_dict(given)
    errors, _ = config.validate()
    return config, [f"{key}: {error}" for key, error in errors]


def site_project(root: Path, plugin_options: str = "", content_ok: bool = True) -> Path:
    """A small project (conftest's content, a docs/ page) whose mkdocs.yml gives ska ``plugin_options``."""
    project = write_project(root)
    (project / "docs").mkdir()
    (project / "docs" / "index.md").write_text("# Start\n\nHandskriven startsida.\n", "utf-8")
    (project / "docs" / "om.md").write_text("# Om sajten\n\nHandskriven sida.\n", "utf-8")
    if not content_ok:  # a mistake an editor could make: the build must stop on it while ska is on
        unit = project / "content" / "units" / "eneskolan.yaml"
        unit.write_text(unit.read_text("utf-8").replace("school_forms:", "school_form:"), "utf-8")
    ska = "  - ska\n" if not plugin_options else "  - ska:\n" + "".join(
        f"      {line}\n" for line in plugin_options.splitlines())
    (project / "mkdocs.yml").write_text(
        "site_name: Prov\nsite_url: http://localhost/\ntheme:\n  name: material\n  language: sv\n  font: false\n"
        f"plugins:\n  - search\n{ska}", "utf-8")
    return project


# -- defaults and accepted values ---------------------------------------------------------------------

def test_defaults():
    config, errors = options()
    assert errors == []
    assert config.enabled is True
    assert config.min_group_size == 10
    assert config.preview == [] and config.years_nav == "ar/index.md" and config.history_uri == "commits/main/"


@pytest.mark.parametrize("value", [1, 5, 10, 1000])
def test_min_group_size_from_1_to_1000_is_taken(value):
    config, errors = options(min_group_size=value)
    assert errors == [] and config.min_group_size == value


def test_an_empty_preview_is_no_preview():
    config, errors = options(preview=None)
    assert errors == [] and config.preview == []


def test_defaults_are_not_shared_between_builds():
    first, _ = options()
    first.preview.append("eneskolan")
    assert options()[0].preview == []


# -- wrong values: one Swedish message that names the option, says what it should be and where ----------

@pytest.mark.parametrize("value, shown", [
    (0, "men är 0"),
    (-3, "men är -3"),
    (1001, "men är 1001"),
    ("10", "men är text: 10"),
    ("tio", "men är text: tio"),
    (10.5, "men är ett decimaltal: 10.5"),
    (10.0, "men är ett decimaltal: 10.0"),
    (True, "men är sant eller falskt: true"),
    (None, "men är tomt"),
    ([10], "men är en lista: [10]"),
])
def test_min_group_size_out_of_range_or_not_a_whole_number(value, shown):
    _, errors = options(min_group_size=value)
    assert len(errors) == 1
    message = errors[0]
    assert message.startswith("min_group_size: min_group_size (minsta antal elever bakom en siffra som publiceras)")
    assert "ska vara ett heltal från 1 till 1000" in message
    assert shown in message
    assert "Skriv till exempel `min_group_size: 10` under ska i plugins i mkdocs.yml." in message


@pytest.mark.parametrize("given, expected", [
    ({"enabled": "nej"}, "enabled ska vara true eller false, men är text: nej."),
    ({"enabled": 0}, "enabled ska vara true eller false, men är ett heltal: 0."),
    ({"preview": "eneskolan"}, "ska vara en lista med text, men är text: eneskolan."),
    ({"preview": ["eneskolan", 7]}, "men är en lista där en post är ett heltal: 7."),
    ({"years_nav": 3}, "years_nav ska vara text, men är ett heltal: 3."),
    ({"history_uri": ["commits"]}, "history_uri ska vara text, men är en lista: ['commits']."),
])
def test_other_options_of_the_wrong_kind(given, expected):
    _, errors = options(**given)
    assert len(errors) == 1 and expected in errors[0]


def test_a_message_shows_control_characters_escaped():
    _, errors = options(min_group_size="\x1b[2J\u202etio")
    assert "\x1b" not in errors[0] and "\u202e" not in errors[0]
    assert "\\x1b[2J\\u202etio" in errors[0]


def test_a_long_value_is_cut_short():
    _, errors = options(min_group_size="x" * 500)
    assert "x" * 59 + "…" in errors[0] and "x" * 60 not in errors[0]


def test_mkdocs_stops_on_a_wrong_value_with_the_swedish_message(tmp_path, caplog):
    project = site_project(tmp_path / "p", "min_group_size: 0")
    with caplog.at_level(logging.ERROR), pytest.raises((Abort, ConfigurationError)):
        load_config(str(project / "mkdocs.yml"))
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "Plugin 'ska' option 'min_group_size': min_group_size (minsta antal elever" in logged
    assert "ska vara ett heltal från 1 till 1000, men är 0" in logged


# -- enabled: false -------------------------------------------------------------------------------------

def built(project: Path, strict: bool = False) -> Path:
    build(load_config(str(project / "mkdocs.yml"), site_dir=str(project / "site"), strict=strict))
    return project / "site"


def pages(site: Path) -> set[str]:
    return {str(path.relative_to(site)) for path in site.rglob("*.html")}


def test_disabled_plugin_does_nothing_and_the_site_is_docs_alone(tmp_path, caplog):
    project = site_project(tmp_path / "p", "enabled: false\nmin_group_size: 5")
    with caplog.at_level(logging.INFO):
        site = built(project, strict=True)
    assert pages(site) == {"index.html", "om/index.html", "404.html"}
    assert not (site / "assets" / "ska").exists()
    assert "assets/ska/" not in (site / "index.html").read_text("utf-8")
    assert not [r for r in caplog.records if r.name.startswith("mkdocs.plugins.ska")], "the plugin logged"


def test_disabled_plugin_does_not_even_check_the_content(tmp_path, caplog):
    """An editor's mistake stops the build while the plugin is on, and is not looked at while it is off."""
    with caplog.at_level(logging.ERROR), pytest.raises((PluginError, Abort)):
        built(site_project(tmp_path / "on", content_ok=False))
    assert "Innehållet har fel" in caplog.text
    site = built(site_project(tmp_path / "off", "enabled: false", content_ok=False), strict=True)
    assert pages(site) == {"index.html", "om/index.html", "404.html"}


def test_a_build_lists_no_generated_page_as_missing_from_the_nav(tmp_path, caplog):
    """MkDocs names every page the nav does not list; the generated pages off the nav are so on purpose."""
    with caplog.at_level(logging.INFO):
        site = built(make_project(tmp_path / "p"), strict=True)  # the example, whose mkdocs.yml has a nav
    assert "enheter/hagaskolan/2024-25/index.html" in pages(site)  # built, though not in the nav
    assert "not included in the" not in caplog.text and len(caplog.records) < 10, caplog.text


def test_enabled_plugin_adds_its_pages(tmp_path):
    site = built(site_project(tmp_path / "p", "enabled: true"), strict=True)
    assert {"index.html", "om/index.html"} < pages(site)
    assert "enheter/eneskolan/index.html" in pages(site)
    assert (site / "assets" / "ska" / "charts.js").is_file()
