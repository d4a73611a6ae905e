"""Suppression holds under arithmetic on the built site (DESIGN rules 8 and 9).

Each case builds a site from small content, harvests every number it publishes (page text and
tables, tooltips, ``data-sort``, chart data, the CSV and XLSX downloads, year summaries and
indicator pages; see ``leaks.py``) and tries to solve for each suppressed count from those numbers
and the sums a reader knows. It must find none. A planted leak shows that it would.
"""

from __future__ import annotations

import csv
import io
import random
import shutil
from pathlib import Path

import pytest
import yaml

import leaks
import leaks_panels
import synthetic
from test_site import build_site, make_project

MIN_GROUP = 10


def site_of(project: Path) -> leaks.Site:
    build_site(project)
    content, results = leaks.load(project)
    return leaks.Site(project / "site", content, results)


def rewrite(content: Path, year: str, unit: str, results: list[dict]) -> None:
    """Replace a unit's results for a school year, keeping the file's modeline and everything else."""
    path = content / "years" / year.replace("/", "-") / "units" / f"{unit}.yaml"
    text = path.read_text("utf-8")
    modeline, _, body = text.partition("\n")
    doc = yaml.safe_load(body)
    doc["results"] = results
    path.write_text(modeline + "\n" + yaml.safe_dump(doc, allow_unicode=True, sort_keys=False, width=1000), "utf-8")


def schools(content: Path, year: str) -> list[str]:
    """Units with a results file in ``year`` that are grundskolor (the indicators below are theirs)."""
    out = []
    for path in sorted((content / "years" / year.replace("/", "-") / "units").glob("*.yaml")):
        unit = yaml.safe_load((content / "units" / path.name).read_text("utf-8"))
        if "grundskola" in unit["school_forms"]:
            out.append(path.stem)
    return out


def years_of(content: Path) -> list[str]:
    return sorted(p.name.replace("-", "/") for p in (content / "years").iterdir())


def counts(n: int, d: int) -> dict:
    return {"numerator": n, "denominator": d}


# -- content ---------------------------------------------------------------------------------------

def crafted(project: Path) -> dict:
    """Deliberately small groups beside published ones; returns the names of the two schools used."""
    synthetic.generate(project, units=4, years=2, seed=3)
    content = project / "content"
    last, first = years_of(content)[-1], years_of(content)[0]
    a, b = schools(content, last)[:2]
    rewrite(content, last, a, [
        # girls 5 of 9 beside total 15 of 21: girls too few, boys (10 of 12) go too
        {"indicator": "minst-e-alla-amnen-ak6", "window": "VT", "total": counts(15, 21), "girls": counts(5, 9),
         "boys": counts(10, 12)},
        # value-only groups under a small total
        {"indicator": "nationella-prov-ma-ak6", "window": "VT", "total": counts(6, 8), "girls": {"value": 80.0},
         "boys": {"value": 70.0}},
        # a unit with stages: one stage published, the other with a hidden group
        # a catalogue group 4 pupils short of its total: the rest is a small group, so the group goes
        {"indicator": "trygghet", "stage": "F-3", "window": "VT", "total": counts(30, 40), "girls": counts(12, 20),
         "boys": counts(18, 20), "groups": [{"group": "exkl-nyanlanda", **counts(28, 36)}]},
        {"indicator": "trygghet", "stage": "4-6", "window": "VT", "total": counts(14, 19), "girls": counts(4, 7),
         "boys": counts(10, 12)},
        # a weighted mean with a small group
        {"indicator": "franvaro", "stage": "F-6", "window": "läsåret", "total": {"denominator": 21, "value": 5.4},
         "girls": {"denominator": 9, "value": 6.0}, "boys": {"denominator": 12, "value": 5.0}},
        # value-only groups under a large total: published
        {"indicator": "nojdhet", "stage": "4-6", "window": "VT", "total": counts(40, 50), "girls": {"value": 85.0},
         "boys": {"value": 75.0}},
        # a small total alone
        {"indicator": "medarbetare-trivsel", "window": "VT", "total": counts(8, 9)},
    ])
    rewrite(content, last, b, [
        {"indicator": "minst-e-alla-amnen-ak6", "window": "VT", "total": counts(30, 40), "girls": counts(15, 20),
         "boys": counts(15, 20)},
        {"indicator": "nationella-prov-ma-ak6", "window": "VT", "total": counts(20, 25), "girls": counts(10, 12),
         "boys": counts(10, 13)},
        # a unit without a stage
        {"indicator": "trygghet", "window": "VT", "total": counts(25, 30), "girls": counts(12, 14),
         "boys": counts(13, 16)},
        {"indicator": "franvaro", "stage": "F-6", "window": "läsåret", "total": {"denominator": 30, "value": 4.0},
         "girls": {"denominator": 15, "value": 4.0}, "boys": {"denominator": 15, "value": 4.0}},
        # girls "~100" (rounded): boys 13 of 14 go too
        {"indicator": "studiero", "stage": "4-6", "window": "VT", "total": counts(28, 30), "girls": {"status": "rounded"},
         "boys": counts(13, 14)},
        # a catalogue group with a large rest: published, beside a hidden one
        {"indicator": "nojdhet", "stage": "4-6", "window": "VT", "total": counts(20, 26), "girls": counts(10, 13),
         "boys": counts(10, 13), "groups": [{"group": "sva", **counts(10, 13)}, {"group": "exkl-nyanlanda", **counts(19, 24)}]},
    ])
    # the year before: the same school with both genders hidden, beside a published one
    rewrite(content, first, a, [
        {"indicator": "minst-e-alla-amnen-ak6", "window": "VT", "total": counts(14, 20), "girls": counts(6, 8),
         "boys": counts(8, 12)},
        {"indicator": "trygghet", "stage": "4-6", "window": "VT", "total": counts(15, 20), "girls": counts(9, 11),
         "boys": counts(6, 9)},
    ])
    rewrite(content, first, b, [
        {"indicator": "minst-e-alla-amnen-ak6", "window": "VT", "total": counts(28, 40), "girls": counts(14, 20),
         "boys": counts(14, 20)},
        {"indicator": "trygghet", "window": "VT", "total": counts(20, 30), "girls": counts(10, 15),
         "boys": counts(10, 15)},
    ])
    return {"a": a, "b": b, "year": last}


def randomised(project: Path, seed: int) -> None:
    """Synthetic content whose schools' results are redrawn with small groups written as counts
    (so the site, not the editor, has to suppress them), value-only groups and stages at random."""
    synthetic.generate(project, units=4, years=2, seed=seed)
    content = project / "content"
    rng = random.Random(seed)

    def group():
        d = rng.randint(1, 25)
        return rng.randint(0, d), d

    for year in years_of(content):
        for unit in schools(content, year):
            results = []
            for indicator, stages in (("minst-e-alla-amnen-ak6", [None]), ("trygghet", [None, "F-3", "4-6"]),
                                      ("nojdhet", ["4-6"])):
                for stage in rng.sample(stages, rng.randint(1, len(stages))):
                    (gn, gd), (bn, bd) = group(), group()
                    result = {"indicator": indicator, "window": "VT", "total": counts(gn + bn, gd + bd)}
                    if stage:
                        result["stage"] = stage
                    if rng.random() < 0.5:  # a catalogue group, its rest 0 to 14 pupils
                        total_n, total_d = gn + bn, gd + bd
                        d = max(0, total_d - rng.randint(0, 14))
                        n = rng.randint(max(0, total_n - (total_d - d)), min(total_n, d))
                        result["groups"] = [{"group": rng.choice(["exkl-nyanlanda", "sva"]), **counts(n, d)}]
                    kind = rng.random()
                    if kind < 0.7:
                        result["girls"], result["boys"] = counts(gn, gd), counts(bn, bd)
                    elif kind < 0.85:
                        result["girls"] = {"value": round(100 * gn / gd, 1)}
                        result["boys"] = {"value": round(100 * bn / bd, 1)}
                    results.append(result)
            gd, bd = rng.randint(1, 25), rng.randint(1, 25)
            gv, bv = rng.randint(10, 90) / 10, rng.randint(10, 90) / 10
            results.append({"indicator": "franvaro", "stage": "F-6", "window": "läsåret",
                            "total": {"denominator": gd + bd, "value": round((gd * gv + bd * bv) / (gd + bd), 1)},
                            "girls": {"denominator": gd, "value": gv}, "boys": {"denominator": bd, "value": bv}})
            rewrite(content, year, unit, results)


# -- the check -------------------------------------------------------------------------------------

def check(site: leaks.Site) -> tuple[leaks.Harvest, leaks.Solution, list[str]]:
    """Harvest and solve; every problem found, in words."""
    h = leaks.harvest(site)
    hidden = leaks.hidden_keys(site)
    problems = (leaks.mismatches(site, h, hidden) + leaks.keyed_leaks(h, hidden)
                + leaks.small_pairs(h, MIN_GROUP) + leaks.own_page_pairs(site, h, hidden) + leaks.unseen(site, h)
                + leaks.published_small_rests(site, h, MIN_GROUP) + leaks_panels.problems(site, h))
    solution = leaks.solve(site, h)
    problems += [f"a reader can work out {parts} of suppressed {key}" for key, parts in solution.leaks.items()]
    return h, solution, problems


@pytest.fixture(scope="module")
def crafted_site(tmp_path_factory):
    project = tmp_path_factory.mktemp("crafted")
    names = crafted(project / "source")
    make_project(project / "p", project / "source" / "content")
    return site_of(project / "p"), names


def test_small_groups_on_a_crafted_site_cannot_be_worked_out(crafted_site):
    site, names = crafted_site
    a, year = names["a"], names["year"]
    h, solution, problems = check(site)
    assert problems == []
    hidden = solution.hidden
    # what the content sets up is what the site hides ...
    for stage, group in (("", "girls"), ("", "boys")):
        assert (a, year, "minst-e-alla-amnen-ak6", stage, group) in hidden
    assert all((a, year, "nationella-prov-ma-ak6", "", g) in hidden for g in ("total", "girls", "boys"))
    assert (a, year, "trygghet", "4-6", "boys") in hidden and (names["b"], year, "studiero", "4-6", "boys") in hidden
    assert (a, year, "franvaro", "F-6", "girls") in hidden
    # ... while the harvest sees the figures around them: the total beside them, on the page and in both downloads
    total = h.numbers((a, year, "minst-e-alla-amnen-ak6", "", "total"))
    assert {v for v, _, _ in total["n"]} == {15} and {v for v, _, _ in total["d"]} == {21}
    places = {w.split("#")[0].split(":")[0] for w in (x[2] for x in total["d"])}
    assert {f"enheter/{a}/{year.replace('/', '-')}/index.html", f"ar/{year.replace('/', '-')}/resultat-{year.replace('/', '-')}.csv",
            f"ar/{year.replace('/', '-')}/resultat-{year.replace('/', '-')}.xlsx"} <= places
    # the municipality's total includes the school whose girls are hidden; its girls do not
    town = leaks.MUNICIPALITY, year, "minst-e-alla-amnen-ak6", leaks.ALL_STAGES
    results = site.results
    assert (a, "") in results.covered(*town[1:], "total") and (a, "") not in results.covered(*town[1:], "girls")
    assert {v for v, _, _ in h.keyed[((*town, "total"), "n")]} == {results.municipality(*town[1:], "total").numerator}
    assert {v for v, _, _ in h.keyed[((*town, "girls"), "n")]} == {results.municipality(*town[1:], "girls").numerator}
    # a catalogue group whose rest is small is hidden, and so is its rest; one whose rest is large is published
    group = (a, year, "trygghet", "F-3", "exkl-nyanlanda")
    assert group in hidden and leaks.rest_key(group) in hidden
    assert {v for v, _, _ in h.numbers((names["b"], year, "nojdhet", "4-6", "sva"))["d"]} == {13}
    assert (names["b"], year, "nojdhet", "4-6", "exkl-nyanlanda") in hidden  # 26 − 24 = 2 pupils
    assert any("groups" in w for w in h.displays[group])
    town_group = (leaks.MUNICIPALITY, year, "nojdhet", "4-6", "sva")
    assert {w.split("#")[0] for w in h.displays[town_group]} >= {
        f"ar/{year.replace('/', '-')}/kon/index.html", "indikatorer/nojdhet/index.html"}
    # the suppressed figures are shown as "..", on the unit-year page at least
    assert any("results" in w for w in h.displays[(a, year, "minst-e-alla-amnen-ak6", "", "girls")])


@pytest.mark.parametrize("seed", [1, 2, 5])
def test_synthetic_sites_leak_nothing(tmp_path, seed):
    synthetic.generate(tmp_path / "source", units=4, years=2, seed=seed)
    site = site_of(make_project(tmp_path / "p", tmp_path / "source" / "content"))
    h, solution, problems = check(site)
    assert problems == []
    assert len(h.keyed) > 100


@pytest.mark.parametrize("seed", [11, 12, 13, 14])
def test_random_small_groups_leak_nothing(tmp_path, seed):
    randomised(tmp_path / "source", seed)
    site = site_of(make_project(tmp_path / "p", tmp_path / "source" / "content"))
    h, solution, problems = check(site)
    assert problems == []
    assert solution.hidden, "the random content should hide something"
    # the sums are in place: were one hidden gender published, the other would follow from the total
    pairs = [(k, (*k[:4], "boys")) for k in solution.hidden if k[4] == "girls" and (*k[:4], "total") not in solution.hidden
             and (*k[:4], "boys") in solution.hidden and leaks.rule(site, k[2]) == "ratio"]
    assert pairs, "the random content should hide a gender beside a published total"
    for girls, boys in pairs[:3]:
        planted = leaks.solve(site, h, extra_known={(boys, "n"), (boys, "d")})
        assert set(planted.leaks[girls]) == {"n", "d", "v"}


# -- the checker finds a planted leak ----------------------------------------------------------------

def planted(crafted_site, tmp_path) -> tuple[leaks.Site, dict]:
    site, names = crafted_site
    copy = tmp_path / "site"
    shutil.copytree(site.root, copy)
    return leaks.Site(copy, site.content, site.results), names


def test_the_checker_finds_boys_published_in_the_download(crafted_site, tmp_path):
    site, names = planted(crafted_site, tmp_path)
    a, year = names["a"], names["year"]
    slug = year.replace("/", "-")
    path = site.root / "ar" / slug / f"resultat-{slug}.csv"
    rows = leaks.read_csv(path)
    row = dict(next(r for r in rows if r["Enhet"] == a and r["Indikator"] == "minst-e-alla-amnen-ak6"))
    row.update({"Grupp": "Pojkar", "Täljare": "10", "Nämnare": "12", "Värde": "83,3"})
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), delimiter=";")
    writer.writeheader()
    writer.writerows(rows + [row])
    path.write_bytes(out.getvalue().encode("utf-8-sig"))
    h, solution, problems = check(site)
    girls, boys = ((a, year, "minst-e-alla-amnen-ak6", "", g) for g in ("girls", "boys"))
    assert any(f"for suppressed {boys}" in p for p in problems)
    # total − boys gives the girls back: 15 − 10 of 21 − 12
    assert set(solution.leaks[girls]) == {"n", "d", "v"}
    assert set(solution.leaks[boys]) == {"n", "d", "v"}


def test_the_checker_finds_a_group_whose_rest_is_small_published_in_the_download(crafted_site, tmp_path):
    """The group 28 of 36 beside its total 30 of 40 gives the rest back: 2 of 4."""
    site, names = planted(crafted_site, tmp_path)
    a, year = names["a"], names["year"]
    slug = year.replace("/", "-")
    path = site.root / "ar" / slug / f"resultat-{slug}.csv"
    rows = leaks.read_csv(path)
    row = dict(next(r for r in rows if r["Enhet"] == a and r["Indikator"] == "trygghet" and r["Stadium"] == "F-3"
                    and r["Grupp"] == "Exklusive nyanlända"))
    assert row["Nämnare"] == "" and row["Värde"] == ""
    row.update({"Täljare": "28", "Nämnare": "36", "Värde": "77,8"})
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), delimiter=";")
    writer.writeheader()
    writer.writerows(rows + [row])
    path.write_bytes(out.getvalue().encode("utf-8-sig"))
    h, solution, problems = check(site)
    group = (a, year, "trygghet", "F-3", "exkl-nyanlanda")
    assert any(f"for suppressed {group}" in p for p in problems)
    assert any("the rest is 4" in p for p in problems)
    assert set(solution.leaks[leaks.rest_key(group)]) == {"n", "d", "v"}


def test_the_checker_finds_a_tooltip_on_a_page(crafted_site, tmp_path):
    site, names = planted(crafted_site, tmp_path)
    a, year = names["a"], names["year"]
    page = site.root / "enheter" / a / year.replace("/", "-") / "index.html"
    html = page.read_text("utf-8")
    row = next(line for line in html.splitlines() if "indikatorer/trygghet/" in line and "<td>4-6</td>" in line)
    cells = row.split("</td>")
    pojkar = 4  # Indikator, Stadium, year, Flickor, Pojkar
    assert ">..</abbr>" in cells[pojkar]
    cells[pojkar] = '<td class="ska-num" data-sort="83.3" title="10 av 12">83,3\u00a0%'
    page.write_text(html.replace(row, "</td>".join(cells)), "utf-8")
    h, solution, problems = check(site)
    girls = (a, year, "trygghet", "4-6", "girls")
    assert any("trygghet" in p and "boys" in p and "index.html#results" in p for p in problems)
    assert set(solution.leaks[girls]) == {"n", "d", "v"}  # 14 − 10 of 19 − 12


def test_the_checker_finds_an_aggregate_that_is_not_what_it_covers(crafted_site, tmp_path):
    """The municipality's girls made to include the hidden girls (+ 5 of 9): not the sum of the
    figures it says it covers."""
    site, names = planted(crafted_site, tmp_path)
    year = names["year"]
    slug = year.replace("/", "-")
    path = site.root / "ar" / slug / f"resultat-{slug}.csv"
    text = path.read_bytes().decode("utf-8-sig")
    rows = leaks.read_csv(path)
    row = next(r for r in rows if r["Enhet"] == leaks.MUNICIPALITY and r["Indikator"] == "minst-e-alla-amnen-ak6"
               and r["Grupp"] == "Flickor")
    n, d = int(row["Täljare"]), int(row["Nämnare"])
    line = next(ln for ln in text.splitlines() if '"kommunen"' in ln and '"minst-e-alla-amnen-ak6"' in ln and '"Flickor"' in ln
                and '"alla stadier"' in ln)
    assert f";{n};{d};" in line
    path.write_bytes(text.replace(line, line.replace(f";{n};{d};", f";{n + 5};{d + 9};")).encode("utf-8-sig"))
    _, _, problems = check(site)
    assert any("minst-e-alla-amnen-ak6" in p and "but the figure is" in p for p in problems)


def test_the_solver_alone():
    equations = [{"girls": 1, "boys": 1}, {"boys": 1}]
    assert leaks.determined(equations) == {"girls", "boys"}
    assert leaks.determined(equations[:1]) == set()
    # a municipal sum over two schools' hidden girls fixes neither
    assert leaks.determined([{"a": 1, "b": 1}, {"a": 1, "b": 1, "c": 1}]) == {"c"}


def test_the_checker_finds_a_site_built_with_a_lower_threshold(crafted_site, tmp_path):
    """Built to publish groups of 5 or more, checked against the rule of 10: girls 5 of 9 is out."""
    _, names = crafted_site
    crafted(tmp_path / "source")
    project = make_project(tmp_path / "p", tmp_path / "source" / "content")
    config = (project / "mkdocs.yml").read_text("utf-8")
    assert "  - ska:\n" in config
    (project / "mkdocs.yml").write_text(config.replace("  - ska:\n", "  - ska:\n      min_group_size: 5\n"), "utf-8")
    site = site_of(project)
    h, solution, problems = check(site)
    a, year = names["a"], names["year"]
    girls = (a, year, "minst-e-alla-amnen-ak6", "", "girls")
    assert any(f"for suppressed {girls}" in p for p in problems)
    assert any("tooltip 5 av 9" in p for p in problems)
    assert set(solution.leaks[girls]) == {"n", "d", "v"}


# -- a leak the linear solver cannot see: the reasons an aggregate gives ---------------------------------

def test_left_out_reasons_do_not_say_which_gender_is_small(tmp_path):
    """Girls too few beside boys 7 of 10 and a total of 7 of 10: both genders are "..". If the municipal
    figures say the girls were left out as too few and the boys as protected, a reader knows the boys are
    at least 10, so all 10 of the total, and 7 of 10 is back."""
    names = crafted(tmp_path / "source")
    a, year = names["a"], names["year"]
    rewrite(tmp_path / "source" / "content", year, a, [
        {"indicator": "minst-e-alla-amnen-ak6", "window": "VT", "total": counts(7, 10), "girls": {"status": "too_few"},
         "boys": counts(7, 10)}])
    site = site_of(make_project(tmp_path / "p", tmp_path / "source" / "content"))
    assert (a, year, "minst-e-alla-amnen-ak6", "", "boys") in leaks.hidden_keys(site)
    slug = year.replace("/", "-")
    rows = leaks.read_csv(site.root / "ar" / slug / f"resultat-{slug}.csv")
    reasons = {r["Grupp"]: r["Ingår inte"] for r in rows if r["Enhet"] == leaks.MUNICIPALITY
               and r["Indikator"] == "minst-e-alla-amnen-ak6" and r["Stadium"] == "alla stadier"}
    assert reasons["Flickor"] == reasons["Pojkar"], reasons


def test_the_solver_uses_what_an_aggregate_covers(crafted_site, monkeypatch):
    """Were the municipality's girls to count the school whose girls are hidden, the other schools'
    published girls would give them back: the sums a reader knows are in the solver."""
    site, names = crafted_site
    a, year = names["a"], names["year"]
    covered = site.results.covered

    def with_hidden_girls(y, i, s, g="total", unit=None):
        pairs = covered(y, i, s, g, unit)
        if (y, i, g, unit) == (year, "minst-e-alla-amnen-ak6", "girls", None):
            pairs = pairs | {(a, "")}
        return pairs

    monkeypatch.setattr(site.results, "covered", with_hidden_girls)
    solution = leaks.solve(site, leaks.harvest(site))
    assert set(solution.leaks[(a, year, "minst-e-alla-amnen-ak6", "", "girls")]) == {"n", "d", "v"}


# -- official figures beside the computed ones -------------------------------------------------------------

def add_official(content: Path, year: str, results: list[dict]) -> None:
    path = content / "years" / year.replace("/", "-") / "municipality.yaml"
    modeline, _, body = path.read_text("utf-8").partition("\n")
    doc = yaml.safe_load(body)
    doc["results"] = doc.get("results", []) + results
    path.write_text(modeline + "\n" + yaml.safe_dump(doc, allow_unicode=True, sort_keys=False, width=1000), "utf-8")


def own_schools(content: Path, year: str, indicator: str, stage: str | None) -> dict | None:
    """The official figure for the municipality's own schools as a source would count it: every unit's
    pupils, suppressed ones too (None if some unit gives no counts)."""
    sums = {g: [0, 0] for g in ("total", "girls", "boys")}
    for path in (content / "years" / year.replace("/", "-") / "units").glob("*.yaml"):
        for r in yaml.safe_load(path.read_text("utf-8").partition("\n")[2]).get("results", []):
            if r["indicator"] != indicator or (stage is not None and r.get("stage") != stage):
                continue
            for g in sums:
                if "denominator" not in r.get(g, {}) or "numerator" not in r[g]:
                    return None
                sums[g][0] += r[g]["numerator"]
                sums[g][1] += r[g]["denominator"]
    return {"indicator": indicator, **({"stage": stage} if stage else {}), "window": "VT", "source": "Skolverket",
            "scope": "own", **{g: counts(*nd) for g, nd in sums.items()}}


@pytest.mark.parametrize("beside", [False, True], ids=["alone", "beside-a-published-school"])
def test_official_figures_give_back_nothing(tmp_path, beside):
    """The official figure less the one computed from the units is what the site left out: a hidden
    group when it is the only one left out. School b's girls are "~100" (15 of 16, say) and its boys
    (13 of 14) go with them; b is the only school with studiero 4-6 (``alone``) or school a has it too,
    published (15 of 20 and 15 of 20)."""
    names = crafted(tmp_path / "source")
    content = tmp_path / "source" / "content"
    a, b, year = names["a"], names["b"], names["year"]
    hidden_girls, hidden_boys = (15, 16), (13, 14)
    if beside:
        path = content / "years" / year.replace("/", "-") / "units" / f"{a}.yaml"
        results = yaml.safe_load(path.read_text("utf-8").partition("\n")[2])["results"]
        rewrite(content, year, a, results + [{"indicator": "studiero", "stage": "4-6", "window": "VT",
                                              "total": counts(30, 40), "girls": counts(15, 20), "boys": counts(15, 20)}])
    others = (15, 20) if beside else (0, 0)
    officials = [{"indicator": "studiero", "stage": "4-6", "window": "VT", "source": "Skolverket", "scope": "own",
                  "total": counts(28 + 2 * others[0], 30 + 2 * others[1]),
                  "girls": counts(hidden_girls[0] + others[0], hidden_girls[1] + others[1]),
                  "boys": counts(hidden_boys[0] + others[0], hidden_boys[1] + others[1])}]
    for indicator, stage in (("trygghet", "4-6"), ("minst-e-alla-amnen-ak6", None)):
        official = own_schools(content, year, indicator, stage)
        if official is not None:
            officials.append(official)
    add_official(content, year, officials)
    site = site_of(make_project(tmp_path / "p", content))
    assert (b, year, "studiero", "4-6", "girls") in leaks.hidden_keys(site)
    h, solution, problems = check(site)
    assert problems == []


# -- a programme's panels: each comparison's fixed units, and its chart's ------------------------------------

@pytest.fixture(scope="module")
def example_site(tmp_path_factory):
    return site_of(make_project(tmp_path_factory.mktemp("example-panels") / "p"))


def test_the_programme_pages_panels_are_sums_of_published_figures_and_give_nothing_back(example_site):
    """A panel leaves out a unit that joined or whose figure is hidden; what separates it from the year's
    all-units figure is then published unit figures only, never a suppressed one."""
    site = example_site
    h, solution, problems = check(site)
    assert problems == []
    # the harvest read the panels of the tables: Läsa för livet's year 6, and the year-3 test beside a hidden unit
    tables = {(p, t) for p, t, _, _ in h.panels}
    assert ("lasa-for-livet", "tabell-effekt-2") in tables and ("lasa-for-livet", "tabell-effekt-1") in tables
    found, _ = leaks_panels.panels(site)
    assert any(k in solution.hidden for k in site.results.units
               if k[2] == "nationella-prov-sv-ak3" and k[4] == "total"), "the example hides a comparable unit"
    assert all((p.key, "n") in solution.known for p in found if p.shown)


def test_the_checker_finds_a_panel_that_covers_a_hidden_figure(example_site, monkeypatch):
    """Planted: a panel that pooled a hidden figure with a published one would give the hidden one back, since a
    reader can subtract the published one: the checker says so, and the solver works it out."""
    site = example_site
    hidden = next(k for k in leaks.hidden_keys(site) if k[2] == "nationella-prov-sv-ak3" and k[4] == "total")
    beside = next(k for k, f in site.results.units.items()
                  if k[1:] == hidden[1:] and not f.suppressed and f.numerator is not None)
    real = leaks_panels.panels
    # (the solver needs only which figures a sum covers, not its numbers)
    bad = leaks_panels.Panel(("insats planted", hidden[1], hidden[2], hidden[3], "others after"), (beside, hidden),
                             0, 0, ())
    monkeypatch.setattr(leaks_panels, "panels", lambda s: (real(s)[0] + [bad], real(s)[1]))
    h = leaks.harvest(site)
    assert any("covers suppressed" in p for p in leaks_panels.problems(site, h))
    assert set(leaks.solve(site, h).leaks[hidden]) >= {"n", "d"}


@pytest.mark.parametrize("seed", [2])
def test_the_parts_rows_of_the_download_are_harvested_and_are_sums_of_what_they_cover(tmp_path, seed):
    """Each part's pooled figures in the year's downloads are keyed (counts and value, from the CSV and the
    workbook), match the figures the part pages show, and enter the solver as the sum of the unit figures they
    pool: a part's pupils in Omfattar are the pupils of the units it says it covers."""
    synthetic.generate(tmp_path / "source", units=4, years=2, seed=seed)
    site = site_of(make_project(tmp_path / "p", tmp_path / "source" / "content"))
    h = leaks.harvest(site)
    keyed = {(k, p): v for (k, p), v in h.keyed.items() if k[0].endswith(leaks.PART)}
    assert keyed, "the synthetic municipality has parts"
    assert {w.split(":")[0].rsplit(".", 1)[1] for vals in keyed.values() for _, _, w in vals} == {"csv", "xlsx"}
    assert {p for _, p in keyed} >= {"n", "d", "v"}
    hidden = leaks.hidden_keys(site)
    assert not [m for m in leaks.mismatches(site, h, hidden) if leaks.PART in m]
    aggregates = leaks.part_aggregates(site)
    assert aggregates
    for key, covered in aggregates:
        fig = leaks.figure_of(site, key)
        units = {u for u, _ in covered}
        assert fig.units_covered == len(units), key
        if fig.denominator is not None:
            assert fig.denominator == sum(leaks.figure_of(site, (u, *key[1:3], s, "total")).denominator
                                          for u, s in covered), key
