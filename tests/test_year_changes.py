"""The year's "Förändringar" page says what `ska diff` says, each change linked to its page; the year's
downloads hold the parts' pooled figures (as their pages show them) and the staff figures per year."""

from __future__ import annotations

import re

import leaks
import pytest
from ska import pipeline
from ska.analysis.part_diff import diff_part
from ska.analysis.yeardiff import diff_municipality
from ska.workflow import diff as diff_text
from test_site import NBSP, build_site, make_project, read, text_of

YEAR, LAST, SLUG = "2024/25", "2023/24", "2024-25"
PAGE = f"ar/{SLUG}/forandringar/index.html"


@pytest.fixture(scope="module")
def example(tmp_path_factory):
    project = make_project(tmp_path_factory.mktemp("changes"))
    site = build_site(project)
    built = pipeline.build(project, use_cache=False)
    return site, built.content, built.results


def article(site, path: str) -> str:
    return read(site, path).split("<article", 1)[1].split("</article>", 1)[0]


def words(html: str) -> str:
    return " ".join(text_of(html).replace(NBSP, " ").split())


def section(html: str, anchor: str) -> str:
    return html.split(f'id="{anchor}"', 1)[1].split("<h2", 1)[0]


def ids(site, path: str) -> set[str]:
    return set(re.findall(r'id="([^"]+)"', read(site, path)))


def test_every_kind_of_change_ska_diff_prints_is_on_the_page(example):
    site, content, results = example
    html = article(site, PAGE)
    diff = diff_municipality(content, results, LAST, YEAR)
    printed = diff_text.format_text(diff).replace(NBSP, " ")
    # the owner's goal whose target changed, with the target before and after, as ska diff says it
    [goal] = [g for g in diff.goals if "targets" in g.fields]
    details = printed.split("~ Ändrat mål: ", 1)[1].split("\n", 1)[0].split(" (", 1)[1].rstrip(")")
    assert "målvärde 86,5 % läsåret 2025/26 → " in details and "målvärde 88,0 % läsåret 2026/27" in details
    goals = section(html, "mal")
    assert goal.after.text in words(goals) and details in words(goals)
    # the owner level's self-assessment: each mean that moved, before and after
    scores = words(section(html, "huvudmannanivans-sjalvskattning"))
    assert diff.scores
    for line in printed.split("Huvudmannanivåns självskattning", 1)[1].split("\n\n", 1)[0].splitlines()[1:]:
        strategy, role = re.match(r"~ (.+?), (\w+) \(", line).groups()
        before, after, change = re.search(r": (\S+) → (\S+) \((\S+)\)$", line).groups()
        assert f"{strategy} {role} {before} {after} {change}" in scores, line
    # recommendations: new, followed up (status then and now)
    recs = words(section(html, "rekommendationer"))
    kinds = {c.kind for c in diff.recommendations}
    assert {"added", "followed_up"} <= kinds
    for c in diff.recommendations:
        assert c.recommendation.id in recs
    assert "Uppföljd: insatser-registreras: " in recs and "(pågår → genomförd)" in recs
    assert "Ny: mottagning-ak7: " in recs
    # staff figures per year, before and after
    staff = words(section(html, "personal-per-ar"))
    assert diff.staff
    for c in diff.staff:
        line = diff_text._staff_line(c).replace(NBSP, " ")
        what, values = line[2:].split(": ", 1)
        assert f"{what} {values.replace(' → ', ' ')}" in staff, line


def test_each_parts_changes_are_there_with_a_link_to_its_year(example):
    site, content, results = example
    html = article(site, PAGE)
    parts = section(html, "verksamhetsdelar")
    shown = 0
    for part in content.parts.values():
        diff = diff_part(content, results, part.id, LAST, YEAR)
        if not (diff.areas or diff.goals or diff.analysis or diff.values or diff.scores):
            assert f'delar/{part.id}/' not in parts
            continue
        shown += 1
        assert f'<a href="../../../delar/{part.id}/{SLUG}/">{part.name}</a>' in parts
        own = parts.split(f'delar/{part.id}/{SLUG}/', 1)[1].split("<h3", 1)[0]
        for area in diff.areas:
            assert area.area.title in own
        for goal in diff.goals:
            assert goal.goal.text in own
        # the part's pooled totals as ska diff --part prints them
        for value in (v for v in diff.values if v.group == "total"):
            line = diff_text._value_line(value).replace(NBSP, " ")
            before, after, change = re.search(r": (.+?) → (.+?) \((.+)\)$", line).groups()
            row = f"{value.indicator.label} alla stadier Totalt {before} "
            assert row in words(own) and f" {after} " in words(own) and f" {change}" in words(own), row
    assert shown >= 2, "the example changes the plans of two parts"
    assert "Ny åtgärd: Gemensamma lektionsstarter i alla årskurser" in words(parts)


def test_each_change_links_to_a_page_and_an_anchor_that_exist(example):
    site, _, _ = example
    html = article(site, PAGE)
    year_ids = ids(site, f"ar/{SLUG}/index.html")
    links = re.findall(r'href="\.\./#([^"]+)"', html)
    assert {"huvudmannanivans-skattning", "personal-per-ar", "rekommendationer",
            "uppfoljning-av-forra-arets-rekommendationer", "mal-och-maluppfyllelse"} <= set(links)
    assert set(links) <= year_ids
    for path in set(re.findall(r'href="\.\./\.\./\.\./(delar/[^"#]+/)"', html)):
        assert (site / path / "index.html").is_file(), path


def test_the_changes_page_is_in_the_accessibility_audit():
    from conftest import REPO
    assert '"forandringar/index.html"' in (REPO / "scripts" / "accessibility_audit.py").read_text("utf-8")


# -- the downloads ---------------------------------------------------------------------------------

def test_the_years_download_has_each_parts_figures_as_its_page_shows_them(example):
    site, content, _ = example
    for ext, reader in (("csv", leaks.read_csv), ("xlsx", leaks.read_xlsx)):
        rows = [r for r in reader(site / "ar" / SLUG / f"resultat-{SLUG}.{ext}") if r["Enhet"].endswith(leaks.PART)]
        assert {r["Enhet"].removesuffix(leaks.PART) for r in rows} == {"forskolan", "grundskolan", "gymnasiet"}
        for part in ("forskolan", "grundskolan", "gymnasiet"):
            page = article(site, f"delar/{part}/{SLUG}/index.html")
            mine = [r for r in rows if r["Enhet"] == part + leaks.PART]
            assert mine and all(r["Enhetens namn"] == content.parts[part].name for r in mine)
            assert all(r["Stadium"] == "alla stadier" and r["Grupp"] == "Totalt" for r in mine)
            for r in mine:
                row = page.split(f'indikatorer/{r["Indikator"]}/"', 1)[1].split("</tr>", 1)[0]
                value = float(r["Värde"]) if ext == "xlsx" else float(r["Värde"].replace(",", "."))
                shown = leaks.number(text_of(row.split("<td", 2)[1].split(">", 1)[1]).strip())
                assert shown is not None and abs(float(shown[0]) - value) < 1e-9, (part, r["Indikator"])
                assert r["Omfattar"] and r["Omfattar"].replace(NBSP, " ") in words(row), (part, r["Indikator"])


def test_the_staff_figures_per_year_are_a_download_of_their_own(example):
    site, content, _ = example
    year_page = read(site, f"ar/{SLUG}/index.html")
    assert f'href="personal-{SLUG}.csv"' in year_page and f'href="personal-{SLUG}.xlsx"' in year_page
    table = year_page.split('id="tabell-personal-per-ar"', 1)[1].split("</table>", 1)[0]
    plan = content.municipality_years[YEAR]
    for ext, reader in (("csv", leaks.read_csv), ("xlsx", lambda p: leaks.read_xlsx(p))):
        rows = reader(site / "ar" / SLUG / f"personal-{SLUG}.{ext}")
        assert len(rows) == sum(1 for f in plan.staff for g in ("total", "women", "men") if getattr(f, g) is not None)
        assert {r["Mått"] for r in rows} == {f.measure for f in plan.staff}
        for r in rows:
            value = float(r["Värde"]) if ext == "xlsx" else float(r["Värde"].replace(",", "."))
            text = f"{value:.1f}".replace(".", ",")
            line = table.split(f">{r['Mått']}<", 1)[1].split("</tr>", 1)[0]
            assert text in line, r  # the figure as the summary's table shows it
            assert r["Källa"] and r["Källa"] in line and r["Måttenhet"] == "procent"
        assert {r["Grupp"] for r in rows} == {"Totalt", "Kvinnor", "Män"}
    assert not (site / "ar" / "2019-20" / "personal-2019-20.csv").exists(), "a year without staff figures has none"


def test_a_changed_and_a_removed_recommendation_are_named_with_what_changed(tmp_path):
    """The example's recommendations are new or followed up; one kept with a new owner is "changed", and one
    written as text alone (never followed up) that is gone is "removed", linked to last year's summary."""
    import yaml
    from ska.site import render
    project = make_project(tmp_path)
    years = project / "content" / "years"

    def rewrite(path, change):
        modeline, text = path.read_text("utf-8").split("\n", 1)
        path.write_text(modeline + "\n" + yaml.safe_dump(change(yaml.safe_load(text)), allow_unicode=True,
                                                         sort_keys=False), "utf-8")
    last = yaml.safe_load((years / "2023-24" / "municipality.yaml").read_text("utf-8").split("\n", 1)[1])
    kept = {k: v for k, v in last["recommendations"][0].items() if k not in ("improvement_areas", "goals")}
    kept["owner"] = "Förvaltningens kvalitetsstrateg"
    rewrite(years / "2024-25" / "municipality.yaml", lambda d: {**d, "recommendations": d["recommendations"] + [kept]})
    rewrite(years / "2023-24" / "municipality.yaml",
            lambda d: {**d, "recommendations": d["recommendations"] + ["Följ upp **läsningen** i åk 1."]})
    built = pipeline.build(project, use_cache=False)
    assert built.ok, [str(p) for p in built.report.errors]
    rendered = render.render(built.views.year_changes(LAST, YEAR))
    html = rendered.with_blocks(rendered.html)
    recs = words(section(html, "rekommendationer"))
    assert f"Ändrad: {kept['id']}: " in recs and "(ansvarig, mål, förbättringsområden)" in recs
    assert "Borttagen: Följ upp **läsningen** i åk 1." in recs
    assert '<a href="../../2023-24/#rekommendationer">Följ upp' in html
    printed = diff_text.format_text(diff_municipality(built.content, built.results, LAST, YEAR))
    assert f"~ Ändrad rekommendation: {kept['id']}: " in printed
    assert "− Borttagen rekommendation: Följ upp" in printed


def test_the_pooled_figures_before_and_after_say_what_they_cover(example):
    """The municipality's and each part's figures on the changes page are pooled from the units: each, in both
    years, says how many units and pupils it covers (as the year summary and the part's page say), so a change that
    comes from units joining or leaving can be seen."""
    from ska.site import render
    from ska.site.pages import coverage, people
    site, content, results = example
    html = article(site, PAGE)
    from ska.analysis.parts import PartFigures
    figures = PartFigures(content, results)
    owner = section(html, "huvudmannens-plan-och-kommunens-resultat")
    parts = section(html, "verksamhetsdelar")
    diff = diff_municipality(content, results, LAST, YEAR)
    shown = [(owner, v.stage, v, lambda y, v=v: results.municipality(y, v.indicator.id, v.stage, v.group))
             for v in diff.values]
    for part in content.parts.values():
        own = parts.split(f'delar/{part.id}/{SLUG}/', 1)[1].split("<h3", 1)[0] if f'delar/{part.id}/{SLUG}/' in parts \
            else ""
        shown += [(own, "alla stadier", v, lambda y, v=v, p=part.id: figures.get(p, y, v.indicator.id))
                  for v in diff_part(content, results, part.id, LAST, YEAR).values if v.group == "total"]
    assert len({s for s, _, _, _ in shown}) >= 3, "the municipality's figures and two parts'"
    for where, stage, value, figure in shown:
        covered = [words(str(render.coverage(coverage(figure(y), value.indicator)))) for y in (LAST, YEAR)]
        assert all(" enhet" in c and f" {people(value.indicator)}" in c for c in covered), covered
        row = next(r for r in where.split("<tr")[1:] if f'indikatorer/{value.indicator.id}/"' in r
                   and f"<td>{value.group_name}</td>" in r and f"<td>{stage}</td>" in r)
        cells = words(row)
        assert f"{covered[0]} " in cells and f"{covered[1]} " in cells, (cells, covered)
