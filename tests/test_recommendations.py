"""Recommendations with fields and their follow-up the next year: the model, the overdue rule, the rules."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from ska import pipeline
from ska.content.validate import validate
from ska.model import MunicipalityYear, Recommendation, build

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def views():
    built = pipeline.build(REPO, use_cache=False)
    assert built.ok
    return built.views


def test_a_recommendation_written_as_text_alone_is_still_one():
    year = build(MunicipalityYear, {"school_year": "2024/25", "recommendations": [
        "Bara text.", {"id": "a", "text": "Med fält.", "due": "2025-06", "indicators": ["x"]}]})
    assert year.recommendations == (Recommendation("Bara text."),
                                    Recommendation("Med fält.", id="a", due="2025-06", indicators=("x",)))


def test_overdue_only_once_the_due_date_has_passed(views):
    """Due 15 December 2024 and still ongoing: not late in November 2024, late in January 2025 and at the end
    of the school year; a month as due date runs to the month's last day."""
    def late(today):
        rows = views.recommendation_follow_up("2024/25", today)["rows"]
        return [r["recommendation"].id for r in rows if r["overdue"]]

    assert late(date(2024, 11, 1)) == []
    assert late(date(2025, 1, 10)) == ["trygghet-ak7"]
    assert late(date(2030, 1, 1)) == ["trygghet-ak7"]  # after the year: as at its end (30 June 2025)
    assert views.recommendation_follow_up("2024/25", date(2030, 1, 1))["on"] == "30 juni 2025"


def test_statuses_this_years_or_last_years_said_so(views):
    rows = {r["recommendation"].id: r for r in views.recommendation_follow_up("2024/25", date(2030, 1, 1))["rows"]}
    assert rows["insatser-registreras"]["status"] == "Genomförd"
    assert rows["trygghet-ak7"]["status"] == "Pågår"
    assert rows["behorighet-analys"]["status"] == "Planerad (enligt 2023/24)"
    assert rows["trygghet-ak7"]["due"] == "15 december 2024" and rows["behorighet-analys"]["due"] == "juni 2025"


def test_no_follow_up_section_without_last_years_recommendations(views):
    assert views.recommendation_follow_up("2020/21") is None  # 2019/20 holds official figures only


def test_a_follow_up_needs_last_years_file(project):
    (project / "content/years/2025-26").mkdir(parents=True)
    (project / "content/years/2025-26/municipality.yaml").write_text(
        "school_year: 2025/26\ngoal_areas:\n  - id: a\n    name: A\n    goals: []\n"
        "recommendation_follow_up:\n  - recommendation: x\n    status: done\n", "utf-8")
    (project / "content/years/2024-25/municipality.yaml").rename(project / "gone.yaml")
    problems = [p for p in validate(project, use_cache=False).errors if "2025-26" in p.file]
    assert [(p.line, p.field_title) for p in problems] == [(7, "Uppföljning av förra årets rekommendationer")]  # its list
    assert "Det finns ingen fil för läsåret 2024/25" in problems[0].message
    assert "Ta bort recommendation_follow_up" in problems[0].hint


def test_a_text_alone_is_still_running_text(project):
    """An invisible character in a recommendation written as text alone is a warning, as in any running text
    (it was before recommendations got fields); in its owner, a one-line field, it is an error."""
    path = project / "content/years/2024-25/municipality.yaml"
    path.write_text(path.read_text("utf-8") + "recommendations:\n  - \"Följ upp\\u200b läsningen.\"\n"
                    "  - id: a\n    text: \"Med\\u200b fält.\"\n    owner: \"Rek\\u200btor\"\n", "utf-8")
    problems = [p for p in validate(project, use_cache=False).problems if p.file.endswith("municipality.yaml")]
    assert sorted((p.line, p.severity) for p in problems) == [(29, "warning"), (31, "warning"), (32, "error")]
