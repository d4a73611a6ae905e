"""The accessibility statement (tillganglighet/): built from mkdocs.yml, after Digg's model, every field escaped."""

from __future__ import annotations

import datetime

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort

from test_plugin_options import options, site_project
from test_site import text_of

HOSTILE = '<script>alert(1)</script><img src=x onerror=alert(2)>](https://evil.example/) "x\' { #id }'

FULL = f"""accessibility:
  organisation: "Åby kommun {HOSTILE.replace('"', '')}"
  contact: tillganglighet@aby.example
  phone: 0123-45 67 89
  response_time: inom tre arbetsdagar
  status: delvis
  known_gaps:
    - "Kartan saknar textalternativ {HOSTILE.replace('"', '')}"
    - Gamla PDF-filer är inte taggade.
  method: Vi har granskat sajten med axe-core.
  reviewed: 2026-11-30
  published: 2025-08-15
"""


def built(tmp_path, plugin_options: str):
    project = site_project(tmp_path, plugin_options)
    config = load_config(str(project / "mkdocs.yml"), site_dir=str(project / "site"))
    build(config)
    return project / "site"


def test_the_statement_says_what_diggs_model_asks(tmp_path):
    page = (built(tmp_path, FULL) / "tillganglighet" / "index.html").read_text("utf-8")
    text = " ".join(text_of(page).split())
    assert "<h1" in page and "Tillgänglighetsredogörelse" in text
    assert "Webbplatsen är delvis förenlig med lagen (2018:1937) om tillgänglighet till digital offentlig service, " \
           "på grund av de brister som beskrivs nedan." in text
    assert 'href="mailto:tillganglighet@aby.example"' in page
    assert "Telefon: 0123-45 67 89" in text and "Du får svar inom tre arbetsdagar." in text
    assert "Gamla PDF-filer är inte taggade." in text
    assert 'href="https://www.digg.se/tdosanmalan"' in page  # the supervising authority
    assert "Senaste bedömningen gjordes den 30 november 2026." in text
    assert "Webbplatsen publicerades den 15 augusti 2025." in text


def test_every_field_is_text_never_markup(tmp_path):
    page = (built(tmp_path, FULL) / "tillganglighet" / "index.html").read_text("utf-8")
    assert "<script>alert" not in page and "<img src=x" not in page and 'href="https://evil.example' not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert 'id="id"' not in page


def test_without_a_contact_there_is_no_statement(tmp_path):
    assert not (built(tmp_path, "") / "tillganglighet").exists()


def test_a_statement_needs_the_date_of_its_review(tmp_path, caplog):
    with pytest.raises(Abort):
        built(tmp_path, "accessibility:\n  contact: a@b.example\n")
    assert "Skriv till exempel `reviewed: 2026-12-01` under accessibility under ska" in caplog.text


@pytest.mark.parametrize(("given", "message"), [
    ({"status": "nästan"}, "status (hur väl sajten uppfyller lagen om tillgänglighet till digital offentlig service) "
                           "ska vara ett av helt, delvis, inte, men är text: nästan"),
    ({"reviewed": "1 december"}, "reviewed (när sajten senast granskades) ska vara ett datum som ÅÅÅÅ-MM-DD"),
    ({"known_gaps": "en brist"}, "known_gaps (kända brister) ska vara en lista med text"),
])
def test_wrong_values_get_a_swedish_message(given, message):
    _, errors = options(accessibility=given)
    assert any(message in e for e in errors), errors


def test_a_yaml_date_is_taken():
    config, errors = options(accessibility={"contact": "a@b.example", "reviewed": datetime.date(2026, 12, 1)})
    assert errors == [] and config.accessibility.reviewed == "2026-12-01"
