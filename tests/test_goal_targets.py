"""A goal's baseline and target per indicator: what the built site says of progress toward the target and of
the verdict (from the baseline when there is no previous year), and the mistakes validation names."""

from __future__ import annotations

import html
import re

import pytest
import yaml

from conftest import VALID_CONTENT, write_project
from ska import pipeline
from ska.content.validate import validate
from test_site import build_site, make_project, read

MUNICIPALITY = "content/years/2024-25/municipality.yaml"
UNIT_YEAR = "content/years/2024-25/units/eneskolan.yaml"


def words(page: str) -> str:
    return plain(re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", page))).replace("\u00b6", "").strip())


def plain(text: str) -> str:
    """No-break spaces (before %, in numbers) as plain spaces, to compare with what a test writes."""
    return text.replace("\u00a0", " ")


def edit(project, name: str, change) -> None:
    """Load a content file, let ``change`` alter the data, write it back."""
    path = project / name
    data = yaml.safe_load(path.read_text("utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")


def municipality_goal(data: dict, **fields) -> None:
    data["goal_areas"][0]["goals"][0].update(fields)


def unit_goal(**goal):
    def change(data: dict) -> None:
        data["goals"] = [{"id": "hogre-meritvarde", "text": "Meritvärdet ska öka.", "indicators": ["meritvarde-ak9"],
                          "direction": "increase", **goal}]
    return change


BASELINE_AND_TARGET = [{"indicator": "behorighet-yrkesprogram", "baseline": {"value": 80.0, "year": "2021/22"},
                        "target": {"value": 90, "year": "2026/27"}}]


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """The tiny project (one school year, the site's first) with a baseline and target on a municipality goal and
    a unit goal whose baseline is from the year itself and a second with a target only."""
    content = write_project(tmp_path_factory.mktemp("content"))
    edit(content, MUNICIPALITY, lambda d: municipality_goal(d, targets=BASELINE_AND_TARGET))

    def goals(data):
        data["goals"] = [
            {"id": "hogre-meritvarde", "text": "Meritvärdet ska öka.", "indicators": ["meritvarde-ak9"],
             "direction": "increase", "targets": [{"indicator": "meritvarde-ak9", "target": {"value": 240, "year": "2026/27"}}]},
            {"id": "fler-behoriga", "text": "Fler ska vara behöriga.", "indicators": ["behorighet-yrkesprogram"],
             "targets": [{"indicator": "behorighet-yrkesprogram", "baseline": {"value": 84.0, "year": "2024/25"},
                          "target": {"value": 88.5, "year": "2025/26"}, "direction": "increase"}]}]
    edit(content, UNIT_YEAR, goals)
    project = make_project(tmp_path_factory.mktemp("site"), content / "content")
    built = build_site(project)
    return {"year": read(built, "ar/2024-25/index.html"), "unit": read(built, "enheter/eneskolan/2024-25/index.html")}


def test_the_year_summary_shows_progress_from_the_baseline_and_judges_the_goal_on_it(site):
    page = words(site["year"])
    # 55 of 64 = 85,9375 %, shown 85,9 %: (85,9 − 80,0) / (90 − 80) of the way
    assert "Från 80,0 % (2021/22) till 85,9 % (2024/25), målvärde 90 % läsåret 2026/27: 59 % av vägen." in page
    assert "Ökade sedan utgångsvärdet (2021/22), i önskad riktning" in page
    assert "Andelen elever som är behöriga till gymnasiet ska öka. Bedömning: Uppnått" in page
    # the other goal has no baseline: it cannot be judged in the site's first year
    assert "Elevernas upplevelse av trygghet ska öka. Bedömning: Kan inte bedömas" in page
    assert "Av 2 mål: uppnått 1, delvis uppnått 0, inte uppnått 0, kan inte bedömas 1." in page


def test_a_units_goals_say_what_they_can_and_cannot_be_judged_on(site):
    page = words(site["unit"])
    assert "Målvärde 240 läsåret 2026/27; 231,5 (2024/25)." in page  # a target without a baseline
    assert "Meritvärdet ska öka. Bedömning: Kan inte bedömas" in page
    # a baseline from the year itself is where the goal starts, not something to judge the year on
    assert "Utgångsvärde 84,0 % (2024/25), målvärde 88,5 % läsåret 2025/26." in page
    assert "Fler ska vara behöriga. Bedömning: Kan inte bedömas" in page


def views_of(project):
    built = pipeline.build(project, use_cache=False)
    assert not [p for p in built.report.problems if p.severity == "error"], built.report.problems
    return built.views


def goal_row(views, year: str = "2024/25") -> dict:
    return views.year_summary(year).context["goal_areas"][0]["goals"][0]["rows"][0]


def test_a_target_passed_in_the_direction_wanted_is_reached(project):
    edit(project, MUNICIPALITY, lambda d: municipality_goal(d, targets=[{
        "indicator": "behorighet-yrkesprogram", "baseline": {"value": 80.0, "year": "2022/23"},
        "target": {"value": 85.5, "year": "2025/26"}}]))
    row = goal_row(views_of(project))
    assert plain(row["progress"]) == "Från 80,0 % (2022/23) till 85,9 % (2024/25), målvärde 85,5 % läsåret 2025/26: målvärdet är nått."


def test_a_decrease_below_the_baseline_is_progress_and_a_rise_is_not(project):
    edit(project, MUNICIPALITY, lambda d: municipality_goal(d, direction="decrease", targets=[{
        "indicator": "behorighet-yrkesprogram", "baseline": {"value": 84.9, "year": "2023/24"},
        "target": {"value": 80, "year": "2026/27"}}]))
    row = goal_row(views_of(project))
    assert row["progress"].endswith(": längre från målvärdet än vid utgångsvärdet.")
    assert row["verdict"]["text"] == "Ökade sedan utgångsvärdet (2023/24), inte i önskad riktning"
    assert row["verdict"]["css"] == "ska-trend--worse"


def test_a_level_to_keep_has_no_share_of_the_way(project):
    edit(project, MUNICIPALITY, lambda d: municipality_goal(d, direction="maintain", targets=[{
        "indicator": "behorighet-yrkesprogram", "baseline": {"value": 85.9, "year": "2023/24"},
        "target": {"value": 86, "year": "2026/27"}}]))
    row = goal_row(views_of(project))
    assert plain(row["progress"]) == ("Från 85,9 % (2023/24) till 85,9 % (2024/25), målvärde 86 % (ska bibehållas) "
                                      "läsåret 2026/27.")
    assert row["verdict"]["text"] == "Oförändrat sedan utgångsvärdet (2023/24), i önskad riktning"


def test_no_progress_across_a_series_break(project):
    def versions(data):
        data["indicators"][0]["versions"] = [
            {"id": "gammal", "from": "2013/14", "description": "Definitionen till och med 2022/23."},
            {"id": "ny", "from": "2023/24", "description": "Ny definition från 2023/24."}]
    edit(project, "content/indicators.yaml", versions)
    edit(project, MUNICIPALITY, lambda d: municipality_goal(d, targets=BASELINE_AND_TARGET))
    row = goal_row(views_of(project))
    assert plain(row["progress"]) == ("Utgångsvärde 80,0 % (2021/22), målvärde 90 % läsåret 2026/27. Definitionen har "
                               "ändrats sedan utgångsvärdet (seriebrott), så värdena kan inte jämföras.")
    assert row["verdict"]["text"] == "Kan inte bedömas" and row["basis"] == ""


def test_no_progress_from_a_suppressed_figure(project):
    def few(data):
        data["results"][0].update(total={"numerator": 7, "denominator": 8})
        for group in ("girls", "boys"):
            data["results"][0].pop(group)
    edit(project, UNIT_YEAR, few)
    edit(project, MUNICIPALITY, lambda d: municipality_goal(d, targets=BASELINE_AND_TARGET))
    row = goal_row(views_of(project))
    assert row["now"].suppressed
    assert plain(row["progress"]) == "Utgångsvärde 80,0 % (2021/22), målvärde 90 % läsåret 2026/27."
    assert row["verdict"]["text"] == "Kan inte bedömas"


# -- validation ---------------------------------------------------------------------------------------------

def problems_of(project) -> list:
    return [p for p in validate(project, use_cache=False).problems if p.severity == "error"]


@pytest.mark.parametrize("targets, field, message", [
    ([{"indicator": "meritvarde-ak9"}], "Utgångsvärde och målvärde", "har varken utgångsvärde eller målvärde"),
    ([{"indicator": "meritvarde-ak9", "target": {"value": 240, "year": "2026/27"}},
      {"indicator": "meritvarde-ak9", "target": {"value": 250, "year": "2027/28"}}],
     "Indikator", "har mer än ett utgångsvärde och målvärde i målet"),
    ([{"indicator": "meritvarde", "target": {"value": 240, "year": "2026/27"}}],
     "Indikator", "Indikatorn ”meritvarde” finns inte i indikatorkatalogen"),
    ([{"indicator": "meritvarde-ak9", "target": {"value": 400, "year": "2026/27"}}],
     "Värde", "Målvärdet 400 ligger utanför indikatorns skala (0–340)"),
    ([{"indicator": "meritvarde-ak9", "baseline": {"value": 220, "year": "2021/23"}}],
     "Läsår", "Läsåret 2021/23 finns inte"),
    ([{"indicator": "meritvarde-ak9", "baseline": {"value": 220, "year": "2021/22"},
       "target": {"value": 240, "year": "2026/27"}, "direction": "decrease"}],
     "Värde", "Målvärdet (240) är inte mindre än utgångsvärdet (220), men indikatorn ska minska"),
    ([{"indicator": "meritvarde-ak9", "baseline": {"value": 220, "year": "2021"}}], "Läsår", "2021"),
])
def test_validation_names_the_mistake_in_a_units_goal(project, targets, field, message):
    edit(project, UNIT_YEAR, unit_goal(targets=targets))
    problems = problems_of(project)
    assert problems
    for problem in problems:  # a repeated indicator: each of the two
        assert problem.file == UNIT_YEAR and problem.line and problem.field_title == field, problem
        assert message in problem.message and problem.hint
        assert problem.path[:3] == ("goals", 0, "targets")


def test_a_baseline_only_a_target_only_and_the_older_single_target_are_valid(project):
    edit(project, UNIT_YEAR, unit_goal(target=240, targets=[
        {"indicator": "meritvarde-ak9", "baseline": {"value": 220.5, "year": "2019/20-2021/22"}}]))
    edit(project, MUNICIPALITY, lambda d: municipality_goal(d, targets=[
        {"indicator": "behorighet-yrkesprogram", "target": {"value": 90, "year": "2026/27"}}]))
    assert problems_of(project) == []
    assert VALID_CONTENT  # the fixture's content is the clean base every case edits
