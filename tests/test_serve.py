"""mkdocs serve builds again on every save: what did not change is neither checked, modelled nor tabled again."""

from __future__ import annotations

from mkdocs.commands.build import build
from mkdocs.config import load_config

from ska import model
from ska.analysis.results import tidy
from ska.content.validate import CACHE_FILE, validate
from test_site import make_project

UNIT_YEAR = "content/years/2024-25/units/abyskolan.yaml"


def test_a_rebuild_reuses_unchanged_files_and_still_finds_errors(tmp_path):
    project = make_project(tmp_path)
    memory, memo = {}, {}
    first = validate(project, memory=memory)
    before = model.from_documents(first.documents, memo)
    (project / CACHE_FILE).unlink()  # from now on the memory stands in for the cache file

    path = project / UNIT_YEAR
    path.write_text(path.read_text("utf-8") + "\n# sparad igen\n", "utf-8")
    second = validate(project, memory=memory)
    after = model.from_documents(second.documents, memo)
    assert not (project / CACHE_FILE).exists()
    assert second.problems == first.problems and after == before
    changed = ("abyskolan", "2024/25")
    assert after.unit_years[changed] is not before.unit_years[changed]  # read again, built again
    assert all(after.unit_years[k] is v for k, v in before.unit_years.items() if k != changed)
    assert all(after.units[k] is v for k, v in before.units.items())

    path.write_text(path.read_text("utf-8").replace("school_year: 2024/25", "school_year: 2023/24"), "utf-8")
    third = validate(project, memory=memory)
    assert [p.file for p in third.errors] == [UNIT_YEAR]


def test_a_rebuilds_table_reuses_unchanged_plans_rows_and_equals_a_fresh_one(tmp_path):
    project = make_project(tmp_path)
    memory, memo, tidied = {}, {}, {}
    tidy(model.from_documents(validate(project, memory=memory).documents, memo), memo=tidied)
    kept = {key: rows for key, (_, _, rows) in tidied.items()}

    path = project / UNIT_YEAR  # one figure changed: that plan's rows are made again, the others kept
    text = path.read_text("utf-8")
    assert "{numerator: 52, denominator: 62}" in text
    path.write_text(text.replace("{numerator: 52, denominator: 62}", "{numerator: 53, denominator: 62}", 1), "utf-8")
    content = model.from_documents(validate(project, memory=memory).documents, memo)
    again = tidy(content, memo=tidied)
    assert again.equals(tidy(content))
    changed = content.unit_years[("abyskolan", "2024/25")]
    assert [key for key, (_, _, rows) in tidied.items() if rows is not kept.get(key)] == [id(changed)]
    assert 53 in again.loc[(again["unit"] == "abyskolan") & (again["school_year"] == "2024/25"), "numerator"].tolist()

    catalogue = project / "content/indicators.yaml"  # a rule changed: every plan's rows are made again
    catalogue.write_text(catalogue.read_text("utf-8").replace("aggregation: ratio", "aggregation: none", 1), "utf-8")
    content = model.from_documents(validate(project, memory=memory).documents, memo)
    assert tidy(content, memo=tidied).equals(tidy(content))
    assert all(rows is not kept.get(key) for key, (_, _, rows) in tidied.items())


def test_a_changed_unit_file_checks_its_unchanged_year_files_again(tmp_path):
    project = make_project(tmp_path)
    memory = {}
    assert validate(project, memory=memory).ok
    unit = project / "content/units/abyskolan.yaml"
    unit.write_text(unit.read_text("utf-8").replace("opened: 1958-08-18", "opened: 2024-08-18"), "utf-8")
    report = validate(project, memory=memory)
    # The year files did not change, but the unit now opened after two of their school years.
    assert sorted(p.file for p in report.errors) == [
        "content/years/2022-23/units/abyskolan.yaml", "content/years/2023-24/units/abyskolan.yaml"]
    assert all("inte i drift" in p.message for p in report.errors)


def test_builds_in_one_serve_session_give_the_same_site(tmp_path, monkeypatch):
    project = make_project(tmp_path)
    monkeypatch.chdir(project)
    pages = []
    for number in range(2):
        config = load_config("mkdocs.yml", site_dir=str(project / f"site{number}"))
        if number == 0:
            config.plugins.on_startup(command="serve", dirty=False)
        plugin = config.plugins["ska"]
        build(config, serve_url="http://127.0.0.1:8000/")
        pages.append({p.relative_to(project / f"site{number}"): p.read_bytes()
                      for p in (project / f"site{number}").rglob("*.html")})
    assert plugin.validated and plugin.modelled and plugin.tidied  # the same plugin object, kept between builds
    assert len(plugin.compiled.code) > 10  # the theme's templates, compiled by the first build for the next
    assert pages[0].keys() == pages[1].keys() and len(pages[0]) > 100
    assert [k for k in pages[0] if pages[0][k] != pages[1][k]] == []
