"""Reference series through the editor's workflow: ``ska new-year`` does not carry a year's reference figures
(they are that year's: the country's, a group's), and ``ska diff`` and the "Förändringar" page leave them out
(they are no change in the municipality)."""

from __future__ import annotations

from pathlib import Path

import pytest

from ska import pipeline
from ska.content.load import parse
from ska.content.validate import validate
from ska.site.render import render
from ska.site.views import Views
from ska.workflow import diff
from ska.workflow.rollover import CREATE, start_year

from test_site import make_project

OLD, NEW = "content/years/2024-25/municipality.yaml", "content/years/2025-26/municipality.yaml"


@pytest.fixture(scope="module")
def example(tmp_path_factory) -> Path:
    return make_project(tmp_path_factory.mktemp("references") / "project")


def read(path: Path) -> dict:
    return parse(path.read_text("utf-8"), path.name)[0]


def test_the_example_has_reference_figures_in_both_years_and_they_differ(example):
    """The premise of the tests below: riket's figures change between the two years."""
    figures = {year: {(r["series"], r["indicator"]): r["total"]["value"]
                      for r in read(example / f"content/years/{year}/municipality.yaml")["references"]}
               for year in ("2023-24", "2024-25")}
    assert figures["2023-24"].keys() == figures["2024-25"].keys()
    assert figures["2023-24"][("riket", "meritvarde-ak9")] != figures["2024-25"][("riket", "meritvarde-ak9")]


def test_a_new_year_does_not_carry_the_reference_figures(tmp_path):
    project = make_project(tmp_path / "project")
    plan = start_year(project, "2025/26")
    municipality = next(f for f in plan.having(CREATE) if f.name == NEW)
    assert "Jämförelseserier [references]" in municipality.dropped
    assert "references" not in read(project / NEW) and read(project / OLD)["references"]
    assert "references:" in (project / "content/indicators.yaml").read_text("utf-8")  # the catalogue stays
    assert validate(project, use_cache=False).errors == []


def test_ska_diff_leaves_the_reference_series_out(example):
    text = diff.format_text(diff.run("2023/24", "2024/25", None, example))
    assert "Meritvärde" in text  # the municipality's own figures are there
    assert "Riket" not in text and "Liknande kommuner" not in text and "jämförelse" not in text.lower()


def test_the_changes_page_leaves_the_reference_series_out(example):
    built = pipeline.build(example, use_cache=False)
    page = render(Views(built.content, built.results).year_changes("2023/24", "2024/25"))
    shown = page.markdown + "".join(page.blocks)
    assert "Meritvärde" in shown
    assert "Riket" not in shown and "Liknande kommuner" not in shown
