"""Dates to the month, facts left out rather than invented, and staff figures for whole years:
how they validate, compare, show on the site, and go through `ska new-year` and `ska diff`."""

from __future__ import annotations

import argparse
import re
import shutil
from datetime import date
from pathlib import Path

import pytest

from ska import formatting as fmt
from ska.content.validate import validate
from ska.domain import date_key, ends_before, first_day, last_day, running, school_year_of_date
from ska.workflow import diff as diff_text
from ska.workflow.rollover import CREATE, start_year

from conftest import write_project
from test_site import build_site, read, text_of

REPO = Path(__file__).resolve().parent.parent


# -- comparing days and months ---------------------------------------------------------------

def test_a_month_stands_for_each_of_its_days():
    assert (first_day("2018-09"), last_day("2018-09")) == (date(2018, 9, 1), date(2018, 9, 30))
    assert last_day("2024-02") == date(2024, 2, 29) and last_day("2018-12") == date(2018, 12, 31)
    assert first_day("2018-09-15") == last_day("2018-09-15") == date(2018, 9, 15)
    day = date(2018, 9, 15)
    assert running("2018-09", "", day, day)  # opened in September: open on the 15th
    assert not running("2018-10", "", day, day) and not running("", "2018-08", day, day)
    assert running("", "", day, day)  # an opening not known is not a reason to leave a unit out
    # as text "2019-07" sorts before "2019-07-01"; as a month it does not end before that day
    assert running("", "2019-07", date(2019, 7, 1), date(2020, 6, 30))


def test_an_end_is_before_its_start_only_when_no_day_of_it_can_be_later():
    assert ends_before("2018-08", "2018-09-02") and ends_before("2018-09-01", "2018-09-02")
    assert not ends_before("2018-09", "2018-09-20") and not ends_before("2018-09-20", "2018-09")
    assert sorted(["2018-10-01", "2018-09", "2018-09-30", "2018-09-01"], key=date_key) == \
        ["2018-09-01", "2018-09", "2018-09-30", "2018-10-01"]


def test_the_school_year_a_month_belongs_to():
    assert school_year_of_date("2019-06") == "2018/19" and school_year_of_date("2019-07") == "2019/20"
    assert school_year_of_date("2018-09-15") == "2018/19"


def test_months_in_words():
    assert fmt.long_date("2018-11") == "november 2018"
    assert fmt.long_date("2025-01-20") == "20 januari 2025"
    assert fmt.period("2018-09", "2021-06") == "september 2018 – juni 2021"
    assert fmt.period("2024-05-03", "") == "från 3 maj 2024" and fmt.period("", "2025-06") == "till juni 2025"
    assert fmt.period("", "") == "" and fmt.period("2025-06", "2025-06") == "juni 2025"
    assert fmt.months(["juni", "november", "mars"]) == "november, mars och juni"  # the school year's order


# -- validation ----------------------------------------------------------------------------------

def _edit(project: Path, name: str, old: str, new: str) -> None:
    path = project / name
    text = path.read_text("utf-8")
    assert old in text, (name, old)
    path.write_text(text.replace(old, new, 1), "utf-8")


UNIT_YEAR = "content/years/2024-25/units/eneskolan.yaml"


def test_months_and_unknown_facts_validate(project):
    _edit(project, "content/units/eneskolan.yaml", "area: Norra\n", "")
    _edit(project, "content/units/eneskolan.yaml", "opened: 1998-08-15\n", "")
    _edit(project, "content/units/norrskolan.yaml", "closed: 2023-06-30", "closed: 2023-06")
    # a month and a day within it are in order either way
    _edit(project, UNIT_YEAR, "start: 2024-08-19\n        end: 2025-06-13",
          "start: 2024-08-19\n        end: 2024-08\n        months: [november, mars, juni]")
    assert validate(project, use_cache=False).problems == []


def test_a_plan_for_a_year_the_unit_was_closed_by_month(project):
    _edit(project, "content/units/eneskolan.yaml", "opened: 1998-08-15", "opened: 1998-08\nclosed: 2024-06")
    problems = validate(project, use_cache=False).errors
    assert [p.file for p in problems] == [UNIT_YEAR]
    assert "inte i drift läsåret 2024/25 (startade 1998-08 och stängde 2024-06)" in problems[0].message


def test_a_unit_opened_in_a_month_of_the_year_may_have_a_plan_for_it(project):
    _edit(project, "content/units/eneskolan.yaml", "opened: 1998-08-15", "opened: 2025-06")
    assert validate(project, use_cache=False).errors == []
    _edit(project, "content/units/eneskolan.yaml", "opened: 2025-06", "opened: 2025-07")
    assert "startade 2025-07" in validate(project, use_cache=False).errors[0].message


STAFF = """\
staff:
  - measure: Sjukfrånvaro
    period: 2023/24
    unit: percent
    total: 6.8
    source: Huvudmannens sammanfattning 2024/25
  - measure: Sjukfrånvaro
    unit: percent
    total: 7.3
    women: 8.1
    men: 4.2
    source: Huvudmannens sammanfattning 2024/25
  - measure: Korttidssjukfrånvaro
    period: 2024
    unit: percent
    total: 3.2
    source: HR, personalbokslut 2024
"""


def _with_staff(project: Path, staff: str = STAFF, monthly: bool = True) -> None:
    path = project / "content/years/2024-25/municipality.yaml"
    text = path.read_text("utf-8")
    if not monthly:
        text = text[:text.index("sick_leave:")]
    path.write_text(text + staff, "utf-8")


def test_staff_figures_validate_and_their_mistakes_are_named(project):
    _with_staff(project)
    assert validate(project, use_cache=False).problems == []
    _with_staff(project, "  - {measure: Sjukfrånvaro, unit: percent, total: 130, source: HR}\n"
                         "  - {measure: Korttidssjukfrånvaro, period: 2024/26, unit: count, total: 2.5, source: HR}\n")
    messages = [(p.field_title, p.message) for p in validate(project, use_cache=False).errors]
    assert ("Mått", "Måttet ”Sjukfrånvaro” finns två gånger för 2024/25.") in messages
    assert ("Totalt", "En andel på 130 % är mer än 100 %.") in messages
    assert ("Period", "Läsåret 2024/26 finns inte: det andra året ska vara året efter det första.") in messages
    assert ("Totalt", "Ett antal (2,5) ska vara ett heltal.") in messages


# -- the site --------------------------------------------------------------------------------------

def _site(project: Path) -> Path:
    shutil.copytree(REPO / "docs", project / "docs")
    shutil.copy(REPO / "mkdocs.yml", project / "mkdocs.yml")
    return build_site(project)


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    project = write_project(tmp_path_factory.mktemp("dates") / "project")
    _edit(project, "content/units/eneskolan.yaml", "area: Norra\n", "")
    _edit(project, "content/units/eneskolan.yaml", "opened: 1998-08-15\n", "")
    _edit(project, UNIT_YEAR, "start: 2024-08-19\n        end: 2025-06-13",
          "start: 2024-11\n        end: 2025-06\n        months: [juni, november, mars]")
    (project / "content/programmes.yaml").write_text(
        "# yaml-language-server: $schema=../schemas/programmes.schema.json\nprogrammes:\n"
        "  - id: lasprogrammet\n    name: Läsprogrammet\n    start: 2018-09\n    end: 2025-06\n    units: [eneskolan]\n",
        "utf-8")
    _with_staff(project)
    return _site(project)


def test_a_fact_not_known_is_not_shown(site):
    unit = text_of(read(site, "enheter/eneskolan/index.html").split("<article", 1)[1])
    assert "Skolformer" in unit and "Startade" not in unit and "Område" not in unit
    year = text_of(read(site, "enheter/eneskolan/2024-25/index.html").split("<article", 1)[1])
    assert "Förskoleklass, Grundskola, Fritidshem · F-9 · Rektor" in " ".join(year.split())


def test_months_are_shown_as_months(site):
    year = " ".join(text_of(read(site, "enheter/eneskolan/2024-25/index.html")).split())
    assert "november 2024 – juni 2025; i november, mars och juni" in year
    summary = " ".join(text_of(read(site, "ar/2024-25/index.html")).split())
    assert "september 2018 – juni 2025" in summary
    assert not re.search(r"\b1 (september|november) 20", summary + year)  # no day made up


def test_annual_staff_figures_beside_the_monthly(site):
    html = read(site, "ar/2024-25/index.html")
    assert "Personalens sjukfrånvaro" in html  # the monthly chart stays
    table = html.split('id="tabell-personal-per-ar"', 1)[1].split("</table>", 1)[0]
    rows = [" ".join(text_of(r).split()) for r in table.split("<tr>")[2:]]
    assert rows == [
        "Sjukfrånvaro 2023/24 6,8 % – – – Huvudmannens sammanfattning 2024/25",
        "Sjukfrånvaro 2024/25 7,3 % 8,1 % 4,2 % +0,5 procentenheter Huvudmannens sammanfattning 2024/25",
        "Korttidssjukfrånvaro 2024 3,2 % – – – HR, personalbokslut 2024",
    ]


def test_annual_staff_figures_alone(tmp_path):
    project = write_project(tmp_path / "project")
    _with_staff(project, monthly=False)
    html = read(_site(project), "ar/2024-25/index.html")
    assert "Personal per år" in html and "7,3" in html
    assert "Personalens sjukfrånvaro" not in html


# -- ska new-year and ska diff -----------------------------------------------------------------------

def test_new_year_keeps_each_measures_latest_figure_to_compare_with(project):
    _with_staff(project)
    _edit(project, "content/units/eneskolan.yaml", "opened: 1998-08-15\n", "")
    _edit(project, UNIT_YEAR, "end: 2025-06-13", "end: 2026-06\n        months: [november, mars, juni]")
    plan = start_year(project, "2025/26")
    assert {f.name: f.action for f in plan.files}["content/years/2025-26/units/eneskolan.yaml"] == CREATE
    text = (project / "content/years/2025-26/municipality.yaml").read_text("utf-8")
    staff = text[text.index("staff:"):]
    assert "6.8" not in staff  # older than the year before: gone
    assert "period: 2024/25\n    unit: percent\n    total: 7.3" in staff
    assert "period: 2024\n    unit: percent\n    total: 3.2" in staff
    unit = (project / "content/years/2025-26/units/eneskolan.yaml").read_text("utf-8")
    assert "end: 2026-06\n        months: [november, mars, juni]" in unit
    assert validate(project, use_cache=False).errors == []


def test_new_year_makes_a_file_for_a_unit_whose_opening_is_not_known(project):
    (project / "content/units/nyskolan.yaml").write_text(
        "# yaml-language-server: $schema=../../schemas/unit.schema.json\nid: nyskolan\nname: Nyskolan\n"
        "school_forms: [grundskola]\n", "utf-8")
    _edit(project, "content/units/norrskolan.yaml", "closed: 2023-06-30", "closed: 2025-07")
    plan = {f.name: f for f in start_year(project, "2025/26").files}
    assert plan["content/years/2025-26/units/nyskolan.yaml"].note == "ingen fil förra läsåret"
    assert plan["content/years/2025-26/units/norrskolan.yaml"].action == CREATE  # closes in July 2025


def _diff(*argv: str) -> int:
    parser = argparse.ArgumentParser(prog="ska")
    diff_text.add_command(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    return args.run(args)


def test_diff_shows_the_staff_figures_and_moved_months(tmp_path, capsys):
    shutil.copytree(REPO / "tests/fixtures/diff/content", tmp_path / "content")
    shutil.copytree(REPO / "schemas", tmp_path / "schemas")
    path = tmp_path / "content/years/2024-25/municipality.yaml"
    path.write_text(path.read_text("utf-8") + STAFF.replace("2024/25", "2025"), "utf-8")
    assert validate(tmp_path, use_cache=False).errors == []
    assert _diff("diff", "2023/24", "2024/25", "--path", str(tmp_path)) == 0
    out = capsys.readouterr().out.replace("\u00a0", " ")
    section = out.split("Personal per år\n", 1)[1].split("\n\n", 1)[0].splitlines()
    assert section == ["~ Sjukfrånvaro, totalt: 6,8 % → 7,3 %", "+ Sjukfrånvaro, kvinnor: 8,1 %",
                       "+ Sjukfrånvaro, män: 4,2 %"]


def test_an_action_whose_months_change_has_moved_in_time():
    from ska.analysis.yeardiff import diff_actions
    from ska.model import Action
    before = Action("Uppföljning av läsningen.", start="2024-08", months=("november", "mars"))
    same = Action("Uppföljning av läsningen.", start="2024-08", months=("mars", "november"))
    moved = Action("Uppföljning av läsningen.", start="2024-08", months=("november", "mars", "juni"))
    assert diff_actions((before,), (same,)) == ()
    [change] = diff_actions((before,), (moved,))
    assert change.kind == "moved"
    assert diff_text._action_line(change) == ("~ Ny tid: Uppföljning av läsningen. (2024-08, i november och mars → "
                                              "2024-08, i november, mars och juni)")
