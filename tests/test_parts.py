"""Parts of the organisation (school form, function, area) between unit and municipality: their pages, the
units' links to them, their figures pooled from their units, the year summary's roll-up through them, and
that a part is never counted as a unit (built example site, asserted on its HTML)."""

from __future__ import annotations

import csv
import dataclasses
import html as html_module
import io
import re
import shutil
import sys
from fractions import Fraction
from pathlib import Path

import pytest

from ska import cli, formatting as fmt, pipeline
from ska.analysis.results import Results
from ska.content import files
from ska.domain import MIN_GROUP
from ska.site import render
from test_site import REPO, build_site, make_project, read

sys.path.insert(0, str(REPO / "scripts"))
import synthetic  # noqa: E402

YEAR, SLUG, LAST = "2024/25", "2024-25", "2023/24"


def words(html: str) -> str:
    return re.sub(r"\s+", " ", html_module.unescape(re.sub(r"<[^>]+>", " ", html))).replace("\u00b6", "").strip()


def article(site: Path, path: str) -> str:
    return read(site, path).split("<article", 1)[1].split("</article>", 1)[0]


def section(html: str, anchor: str) -> str:
    return html.split(f'id="{anchor}"', 1)[1].split("<h2", 1)[0]


@pytest.fixture(scope="module")
def example(tmp_path_factory):
    project = make_project(tmp_path_factory.mktemp("parts"))
    site = build_site(project)
    built = pipeline.build(project, use_cache=False)
    return {"project": project, "site": site, "content": built.content, "results": built.results,
            "views": built.views}


def members(content, part: str) -> list[str]:
    return sorted(u.id for u in content.units.values() if u.part == part)


def test_the_example_has_school_forms_with_units_and_a_function_with_its_own_plan(example):
    content = example["content"]
    assert {p.kind for p in content.parts.values()} >= {"school_form", "function"}
    assert members(content, "forskolan") and members(content, "grundskolan")
    assert content.parts["resurscentrum"].kind == "function" and not members(content, "resurscentrum")
    assert ("resurscentrum", YEAR) in content.part_years and ("grundskolan", YEAR) in content.part_years


def test_a_page_per_part_with_its_units_and_school_years(example):
    site, content = example["site"], example["content"]
    index = article(site, "delar/index.html")
    for part in content.parts.values():
        assert f'href="{part.id}/"' in index and part.name in index
    page = article(site, "delar/grundskolan/index.html")
    assert "Skolform" in words(page)
    for unit in members(content, "grundskolan"):
        assert f'href="../../enheter/{unit}/"' in page, unit
    for year in content.school_years:
        assert f'href="{year.replace("/", "-")}/"' in page
    function = words(article(site, "delar/resurscentrum/index.html"))
    assert "Funktion" in function and "Ingen enhet hör till delen." in function
    assert (site / f"delar/resurscentrum/{SLUG}/index.html").is_file()
    assert not (site / "delar/resurscentrum/2023-24").exists()  # no plan and no units that year


def test_units_link_to_their_part_and_the_nav_has_the_parts(example):
    site, content = example["site"], example["content"]
    unit = members(content, "grundskolan")[0]
    assert 'href="../../delar/grundskolan/"' in article(site, f"enheter/{unit}/index.html")
    assert 'href="../../../delar/grundskolan/2024-25/"' in article(site, f"enheter/{unit}/{SLUG}/index.html")
    assert 'href="delar/" class="md-nav__link"' in read(site, "index.html")  # the section in the nav
    nav = read(site, "delar/index.html").split("<article", 1)[0]  # opened on its own page (the nav is pruned)
    for part in content.parts.values():
        assert f'href="{part.id}/" class="md-nav__link"' in nav


def test_a_parts_year_page_shows_its_plan(example):
    site, content = example["site"], example["content"]
    plan = content.part_years[("resurscentrum", YEAR)]
    page = words(article(site, f"delar/resurscentrum/{SLUG}/index.html"))
    assert plan.summary.split(".")[0] in page
    assert plan.improvement_areas[0].title in page and plan.development_areas[0].title in page
    assert "Resultat" not in page  # a function without units has no figures
    grund = content.part_years[("grundskolan", YEAR)]
    page = words(article(site, f"delar/grundskolan/{SLUG}/index.html"))
    assert grund.goals[0].text in page and grund.improvement_areas[0].title in page


def _pooled(content, part: str, year: str, indicator: str) -> tuple[Fraction, int, int, int]:
    """The part's figure worked out by hand from its units' files: the published totals' counts summed."""
    numerator = denominator = covered = reporting = 0
    for unit in members(content, part):
        plan = content.unit_years.get((unit, year))
        rows = [r for r in (plan.results if plan else ()) if r.indicator == indicator and r.total]
        reporting += bool(rows)
        counted = False
        for r in rows:
            t = r.total
            if not t.status and t.numerator is not None and t.denominator is not None and t.denominator >= MIN_GROUP:
                numerator, denominator, counted = numerator + t.numerator, denominator + t.denominator, True
        covered += counted
    return Fraction(100 * numerator, denominator), denominator, covered, reporting


def test_a_parts_figures_are_its_units_figures_pooled_with_what_they_cover(example):
    site, content = example["site"], example["content"]
    indicator = content.indicators["behorighet-yrkes-ak9"]
    value, pupils, covered, reporting = _pooled(content, "grundskolan", YEAR, indicator.id)
    assert 0 < covered <= reporting
    row = next(r for r in article(site, f"delar/grundskolan/{SLUG}/index.html").split("<tr>")
               if f">{indicator.label}<" in r)
    text = words(row)
    expected = fmt.figure(value, "percent", indicator.decimals).replace("\xa0", " ")
    assert text.split(indicator.label, 1)[1].strip().startswith(expected), text
    assert f"{covered} av {reporting} enheter · {fmt.number(pupils, 0)} " in text


def test_the_year_summary_rolls_up_through_the_parts(example):
    site, content, views = example["site"], example["content"], example["views"]
    page = article(site, f"ar/{SLUG}/index.html")
    rollup = section(page, "verksamhetsdelar")
    rows = rollup.split("<tbody>", 1)[1].split("</tbody>", 1)[0].split("<tr>")[1:]
    assert len(rows) == len(content.parts)  # one row per part, never per unit
    for row in rows:
        part = next(p for p in content.parts.values() if f'href="../../delar/{p.id}/{SLUG}/"' in row)
        units = len([u for u in members(content, part.id) if (u, YEAR) in content.unit_years])
        assert f'<td class="ska-num">{units}</td>' in row, part.id
    grund = next(r for r in rows if "delar/grundskolan/" in r)
    indicator = content.indicators["behorighet-yrkes-ak9"]  # Grundskolan's own goal comes first
    value, pupils, covered, reporting = _pooled(content, "grundskolan", YEAR, indicator.id)
    assert words(grund).split("Nyckeltal", 1)[-1].find(indicator.label) < words(grund).find("Meritvärde")
    shown = fmt.figure(value, "percent", indicator.decimals).replace("\xa0", " ")
    assert f"{indicator.label} : {shown} {covered} av {reporting} enheter" in words(grund)
    assert words(next(r for r in rows if "delar/resurscentrum/" in r)).endswith("0 –")
    assert views.part_rollup(YEAR)  # the same rows the page shows


def test_a_part_is_never_counted_as_a_unit(example):
    site, content, results = example["site"], example["content"], example["results"]
    assert not set(content.parts) & set(content.units)
    units = len([u for (u, y) in content.unit_years if y == YEAR])
    glance = words(article(site, f"ar/{SLUG}/index.html").split("</dl>", 1)[0])
    assert f"Enheter {units} ·" in glance
    assert "Resurscentrum" not in words(article(site, "enheter/index.html"))
    rows = list(csv.DictReader(io.StringIO((site / f"ar/{SLUG}/resultat-{SLUG}.csv").read_bytes()
                                           .decode("utf-8-sig")), delimiter=";"))
    references = {f"{series} (jämförelse)" for series in content.references}
    parts = {f"{part} (verksamhetsdel)" for part in content.parts}  # a part's pooled figures: marked, never a unit
    assert {r["Enhet"] for r in rows} - {"kommunen", "kommunen (officiell)"} - references - parts <= set(content.units)
    assert {r["Enhet"] for r in rows} & parts
    # the municipality's figures are the same with or without the parts
    without = dataclasses.replace(
        content, parts={}, part_years={},
        units={k: dataclasses.replace(u, part="") for k, u in content.units.items()})
    assert Results(without).towns == results.towns


def test_a_file_in_a_subfolder_of_a_parts_folder_is_in_the_wrong_place(tmp_path):
    content = tmp_path / "content"
    (content / "years" / SLUG / "parts" / "extra").mkdir(parents=True)
    (content / "years" / SLUG / "parts" / "extra" / "x.yaml").write_text("part: x\n", "utf-8")
    (content / "parts" / "sub").mkdir(parents=True)
    sources, problems = files.discover(content)
    assert not sources
    messages = {(p.file, p.message) for p in problems}
    assert (f"content/years/{SLUG}/parts/extra/x.yaml", "Filen ligger på fel ställe och läses inte.") in messages
    assert any(p.file == "content/parts/sub" and "mapp där det ska finnas en fil" in p.message for p in problems)


def test_ska_diff_part_shows_a_parts_changes(example, capsys):
    code = cli.main(["diff", LAST, YEAR, "--part", "grundskolan", "--path", str(example["project"])])
    out = capsys.readouterr().out
    assert code == 0
    assert out.startswith(f"Grundskolan: förändringar från {LAST} till {YEAR}")
    plan = example["content"].part_years[("grundskolan", YEAR)]
    assert f"+ Nytt: {plan.improvement_areas[0].title}" in out and f"+ Nytt mål: {plan.goals[0].text}" in out
    assert "Resultat för delens enheter tillsammans" in out and "Meritvärde åk 9, totalt:" in out
    assert cli.main(["diff", LAST, YEAR, "--part", "grundskola", "--path", str(example["project"])]) == 2
    assert "Menade du ”grundskolan”?" in capsys.readouterr().err


def test_the_roll_up_stays_small_at_600_units(tmp_path):
    """One row per part, whatever the number of units: the year summary stays ≤ 150 kB at 600 units
    (its article here; the theme's header and nav come on top)."""
    root = tmp_path / "big"
    synthetic.generate(root, units=600, years=2)
    synthetic.copy_schemas(REPO / "schemas", root)
    built = pipeline.build(root, use_cache=False)
    assert built.ok
    year = built.content.school_years[-1]
    rendered = render.render(built.views.year_summary(year))
    page = rendered.with_blocks(rendered.html)
    rollup = section(page, "verksamhetsdelar")
    assert rollup.count("<tr>") == 1 + len(built.content.parts)
    assert len(rollup.encode()) < 8_000
    assert len(page.encode()) <= 120_000
    shutil.rmtree(root)


def test_seed004s_functions_have_their_own_plans_without_stand_in_units(tmp_path):
    """Södertälje's resource centre and education office (seed 004) as parts: their plans on their pages and
    in the year summary, and the municipality's total still the thirteen schools'."""
    project = make_project(tmp_path, REPO / "tests" / "fixtures" / "seed004" / "content")
    site = build_site(project)
    page = words(article(site, "delar/utbildningskontoret/2017-18/index.html"))
    for title in ("Hållbar arbetshälsa", "Attraktiv arbetsgivare", "Skolvalsrutiner", "Likvärdig IT"):
        assert title in page
    assert "Att stödja, utveckla och utmana utan att ta över" in words(
        article(site, "delar/resurscentrum/2017-18/index.html"))
    summary = article(site, "ar/2017-18/index.html")
    rollup = words(section(summary, "verksamhetsdelar"))
    assert "Resurscentrum Funktion 0 –" in rollup and "Utbildningskontoret Funktion 0 –" in rollup
    assert "13 av 13 enheter" in words(summary)
    assert "Resurscentrum" not in words(article(site, "enheter/index.html"))


def test_a_parts_figures_are_sums_of_published_unit_figures_only(example):
    """Every ratio figure of every part is the sum of its units' published figures' counts, so it tells a
    reader nothing the unit pages do not (suppression holds under arithmetic, as for the municipality)."""
    content, results = example["content"], example["results"]
    published: dict[tuple, list] = {}
    for (unit, year, ind, _, group) in results.units:
        figure = results.units[(unit, year, ind, _, group)]
        part = content.units[unit].part
        if part and not figure.suppressed and figure.numerator is not None and figure.denominator is not None:
            published.setdefault((part, year, ind, group), []).append((unit, figure))
    checked = 0
    for part in content.parts:
        for year in content.school_years:
            for ind in (i for i, x in content.indicators.items() if x.aggregation == "ratio"):
                for group in ("total", "girls", "boys"):
                    fig = example["views"].part_figure(part, year, ind, group)
                    if fig is None or fig.suppressed:
                        continue
                    rows = published.get((part, year, ind, group), [])
                    assert fig.numerator == sum(f.numerator for _, f in rows), (part, year, ind, group)
                    assert fig.denominator == sum(f.denominator for _, f in rows), (part, year, ind, group)
                    assert fig.units_covered == len({u for u, _ in rows}), (part, year, ind, group)
                    checked += 1
    assert checked > 50


def test_a_part_beside_its_old_stand_in_unit_is_a_warning(tmp_path):
    """A municipality moving from a stand-in unit to a part is told that the unit still counts as one."""
    from ska.content.validate import validate

    project = make_project(tmp_path)
    unit = project / "content" / "units" / "abyskolan.yaml"
    (project / "content" / "parts" / "abyskolan.yaml").write_text(
        "# yaml-language-server: $schema=../../schemas/part.schema.json\n"
        "id: abyskolan\nname: Åbyskolan som del\nkind: area\n", "utf-8")
    assert unit.is_file()
    report = validate(project, use_cache=False)
    assert report.ok
    found = [p for p in report.problems if p.file == "content/parts/abyskolan.yaml"]
    assert [p.severity for p in found] == ["warning"]
    assert "räknas som en enhet" in found[0].message and "ta bort den" in found[0].hint
