"""Improvement areas followed over time: on a unit-year page each area's target indicators before and after,
and on the unit page an area carried from year to year (same id) as one thread, with its indicators."""

from __future__ import annotations

import re
from fractions import Fraction
from pathlib import Path

import pytest
import yaml

from ska import formatting as fmt
from ska import pipeline
from ska.domain import MIN_GROUP

from test_site import build_site, make_project, read, text_of

LINE = re.compile(r'<li><a href="[^"]*indikatorer/([^/"]+)/">[^<]*</a>: (.*?) \((\d{4}/\d{2}(?:–\d{4}/\d{2})?); (.*?)\) → '
                  r'(.*?) \((\d{4}/\d{2})(?:; (.*?))?\): (.*?)</li>')


@pytest.fixture(scope="module")
def example(tmp_path_factory) -> Path:
    project = make_project(tmp_path_factory.mktemp("threads"))
    build_site(project)
    return project


@pytest.fixture(scope="module")
def content(example):
    return pipeline.build(example, use_cache=False).content


def slug(year: str) -> str:
    return year.replace("/", "-")


def lines_of(html: str) -> list[tuple]:
    return [m.groups() for part in html.split('<ul class="ska-before-after">')[1:]
            for m in LINE.finditer(part.split("</ul>", 1)[0])]


def own_figure(content, unit: str, year: str, indicator: str) -> tuple[Fraction, int] | None:
    """The unit's share over all its stages worked out from its file, when every stage's total is given as counts
    of at least MIN_GROUP pupils (the simple case, independent of the site's pooling); else None."""
    plan = content.unit_years.get((unit, year))
    totals = [r.total for r in plan.results if r.indicator == indicator] if plan else []
    if not totals or any(t is None or t.status or t.numerator is None or t.denominator is None
                         or t.denominator < MIN_GROUP for t in totals):
        return None
    num, den = sum(t.numerator for t in totals), sum(t.denominator for t in totals)
    return Fraction(100 * num, den), den


def test_before_and_after_are_the_units_own_figures(example, content):
    """Every line on every unit-year page: the baseline's and this year's figures are the unit's figures worked out
    from its files (shares, counts summed over its stages), with the pupils each covers, and the change is the
    difference of the two figures as printed, in procentenheter."""
    checked = 0
    for (unit, year), plan in content.unit_years.items():
        if not plan.improvement_areas:
            continue
        html = read(example / "site", f"enheter/{unit}/{slug(year)}/index.html")
        for ind_id, before, base, before_note, now, now_year, now_note, change in lines_of(html):
            indicator = content.indicators[ind_id]
            assert now_year == year
            if indicator.unit != "percent" or "–" in base:
                continue
            then, here = own_figure(content, unit, base, ind_id), own_figure(content, unit, year, ind_id)
            if then is None or here is None:
                continue
            decimals = indicator.decimals
            assert before == fmt.figure(then[0], "percent", decimals).replace(fmt.NBSP, "&nbsp;") or \
                before == fmt.figure(then[0], "percent", decimals), (unit, year, ind_id)
            assert now.replace("&nbsp;", fmt.NBSP) == fmt.figure(here[0], "percent", decimals)
            assert before_note.startswith(f"{fmt.number(then[1], 0)} ") and now_note.startswith(f"{fmt.number(here[1], 0)} ")
            delta = fmt.rounded_difference(here[0], then[0], decimals)
            assert change.replace("&nbsp;", fmt.NBSP) == fmt.difference(delta, "percent", decimals)
            assert "procentenheter" in change or "±" in change
            checked += 1
    assert checked >= 10


def test_the_baseline_follows_the_chain_then_the_start_then_last_year(example):
    """Ekbackeskolan's area "arbetsbelastning" began in 2023/24: its baseline in 2024/25 is 2022/23 ("läsåret
    före området började"); its action starting in 2024/25 is set against 2023/24. Åbyskolan's chain states
    2022/23. Hagaskolan's areas run from its first plan on the site: last year."""
    site = example / "site"
    ekbacke = [(ind, base, note.split("; ")[-1]) for ind, _, base, note, *_ in
               lines_of(read(site, "enheter/ekbackeskolan/2024-25/index.html"))]
    assert ("medarbetare-trivsel", "2022/23", "läsåret före området började") in ekbacke
    assert ("medarbetare-trivsel", "2023/24", "läsåret före åtgärden började") in ekbacke
    haga = lines_of(read(site, "enheter/hagaskolan/2024-25/index.html"))
    assert haga and all(base == "2023/24" and note.endswith("föregående läsår") for _, _, base, note, *_ in haga)
    aby = read(site, "enheter/abyskolan/2024-25/index.html")
    assert any(base == "2022/23" and note.endswith("enligt effektkedjan") for _, _, base, note, *_ in lines_of(aby))


def test_a_baseline_without_a_figure_is_named_not_shown(example):
    """Furulundsskolan's chain sets its baseline in 2021/22, before the unit's figures on the site: said in one line."""
    html = read(example / "site", "enheter/furulundsskolan/2024-25/index.html")
    assert re.search(r"Ingen siffra för utgångsläget: [^.]*\(2021/22\)", text_of(html))


def test_an_area_carried_for_three_years_is_one_thread_on_the_unit_page(example, content):
    """Hagaskolan's "elevinflytande" runs 2022/23–2024/25: one section with each year's status and actions, and
    its indicators' unit figures in each of those years (the same as on the unit-year pages)."""
    html = read(example / "site", "enheter/hagaskolan/index.html")
    section = html.split('id="forbattringsomraden-over-aren"', 1)[1].split('id="resultat-over-tid"', 1)[0]
    thread = section.split('id="elevernas-inflytande-i-undervisningen"', 1)[1].split("<h3", 1)[0]
    assert "Läsåren 2022/23–2024/25 (3 läsår)" in text_of(thread)
    assert section.count('id="elevernas-inflytande-i-undervisningen"') == 1  # one thread, not one per year
    rows = re.findall(r'<tr><th scope="row"><a href="([^"]+)">(\d{4}/\d{2})</a></th><td>([^<]*)</td>', thread)
    assert [(y, s) for _, y, s in rows] == [("2022/23", "Fortsätter"), ("2023/24", "Fortsätter"), ("2024/25", "Pågår")]
    figures = thread.split("ska-thread-figures", 1)[1]
    head = re.findall(r'<th scope="col">(\d{4}/\d{2})</th>', figures)
    assert head[-3:] == ["2022/23", "2023/24", "2024/25"]
    row = figures.split('indikatorer/inflytande/', 1)[1].split("</tr>", 1)[0]
    shown = [c.replace("&nbsp;", fmt.NBSP) for c in re.findall(r'<td class="ska-num"[^>]*>([^<]*)</td>', row)]
    for year, text in zip(head, shown):
        mine = own_figure(content, "hagaskolan", year, "inflytande")
        if mine is not None:
            assert text == fmt.figure(mine[0], "percent", content.indicators["inflytande"].decimals), year


def test_an_area_renamed_on_the_way_is_still_one_thread(tmp_path):
    """The thread is the id: a new title is shown beside the latest one."""
    project = make_project(tmp_path)
    path = project / "content/years/2023-24/units/hagaskolan.yaml"
    modeline, body = path.read_text("utf-8").split("\n", 1)
    doc = yaml.safe_load(body)
    doc["improvement_areas"][0]["title"] = "Inflytande, det gamla namnet"
    path.write_text(modeline + "\n" + yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), "utf-8")
    site = build_site(project)
    html = read(site, "enheter/hagaskolan/index.html")
    assert "Tidigare rubrik: Inflytande, det gamla namnet" in text_of(html)
    assert html.count("(3 läsår)") >= 1


def hide_inflytande(project: Path, slug: str) -> None:
    """Hagaskolan's "Inflytande" in school year ``slug`` with too few pupils (4 of 7), and no gender figures."""
    path = project / f"content/years/{slug}/units/hagaskolan.yaml"
    modeline, body = path.read_text("utf-8").split("\n", 1)
    doc = yaml.safe_load(body)
    for result in doc["results"]:
        if result["indicator"] == "inflytande":
            result["total"] = {"numerator": 4, "denominator": 7}
            result.pop("girls", None), result.pop("boys", None), result.pop("groups", None)
    path.write_text(modeline + "\n" + yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), "utf-8")


def test_a_suppressed_figure_stays_suppressed_before_and_after(tmp_path):
    """Hagaskolan's "Inflytande" last year with too few pupils: the baseline shows "..", no change and no count."""
    project = make_project(tmp_path)
    hide_inflytande(project, "2023-24")
    site = build_site(project)
    html = read(site, "enheter/hagaskolan/2024-25/index.html")
    block = html.split('<ul class="ska-before-after">', 1)[1].split("</ul>", 1)[0]
    line = next(li for li in block.split("<li>") if "indikatorer/inflytande/" in li)
    assert 'class="ska-suppressed"' in line and "..</abbr> (2023/24; föregående läsår)" in line
    assert line.rstrip().endswith(": –</li>") and " 7 " not in text_of(line) and "4 av 7" not in line
    unit_page = read(site, "enheter/hagaskolan/index.html")
    thread = unit_page.split('id="elevernas-inflytande-i-undervisningen"', 1)[1].split("<h3", 1)[0]
    row = thread.split("indikatorer/inflytande/", 1)[1].split("</tr>", 1)[0]
    assert 'class="ska-suppressed"' in row and 'title="4 av 7"' not in row


def with_window(project: Path, hide_a_year: bool) -> None:
    """Hagaskolan's area "elevinflytande" in 2024/25 with a chain whose baseline is 2022/23–2023/24 for Inflytande;
    with ``hide_a_year``, Inflytande 2022/23 with too few pupils."""
    path = project / "content/years/2024-25/units/hagaskolan.yaml"
    modeline, body = path.read_text("utf-8").split("\n", 1)
    doc = yaml.safe_load(body)
    area = next(a for a in doc["improvement_areas"] if a["id"] == "elevinflytande")
    area["effect_chain"] = [{"step": "results", "text": "Fler elever upplever inflytande.", "indicators": ["inflytande"],
                             "direction": "increase", "baseline": "2022/23–2023/24"}]
    path.write_text(modeline + "\n" + yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), "utf-8")
    if hide_a_year:
        hide_inflytande(project, "2022-23")


@pytest.mark.parametrize("hide_a_year", [False, True])
def test_a_baseline_of_several_years_is_pooled_from_counts_only_when_each_is_published(tmp_path, hide_a_year):
    """A chain's baseline window: the unit's counts of those years summed, with the pupils they cover; with a year
    suppressed nothing is pooled (the pooled figure less the published year would give the hidden one back)."""
    project = make_project(tmp_path)
    with_window(project, hide_a_year)
    site = build_site(project)
    html = read(site, "enheter/hagaskolan/2024-25/index.html")
    content = pipeline.build(project, use_cache=False).content
    lines = {(ind, base): (before, note) for ind, before, base, note, *_ in lines_of(html)}
    if hide_a_year:
        assert ("inflytande", "2022/23–2023/24") not in lines
        assert "Ingen siffra för utgångsläget: Inflytande (2022/23–2023/24)." in " ".join(text_of(html).split())
        return
    parts = [own_figure(content, "hagaskolan", y, "inflytande") for y in ("2022/23", "2023/24")]
    num = sum(share * den / 100 for share, den in parts)
    den = sum(den for _, den in parts)
    before, note = lines[("inflytande", "2022/23–2023/24")]
    assert before.replace("&nbsp;", fmt.NBSP) == fmt.figure(100 * num / den, "percent", 1)
    assert note == f"{den} svarande elever; enligt effektkedjan"


def test_which_baseline_each_indicator_gets(example):
    """The rules on one area, through the page model: a chain's own step first, then the chain's first stated
    baseline, an action's start, the area's start; a baseline that is not before the year gives no line."""
    from dataclasses import replace

    from ska.model import Action, EffectStep

    views = pipeline.build(example, use_cache=False).views
    area = next(a for a in views.content.unit_years[("ekbackeskolan", "2024/25")].improvement_areas
                if a.id == "arbetsbelastning")
    chain = (EffectStep("practice", "", indicators=("nojdhet",), baseline="2022/23"),
             EffectStep("results", "", indicators=("inflytande",)))
    actions = (Action("Börjar i år", start="2024-08-19", indicators=("trygghet",)),
               Action("Börjar nästa läsår", start="2025-08-18", indicators=("studiero",)),
               Action("Utan start", indicators=("medarbetare-trivsel",)))
    shown = views.before_after("ekbackeskolan", "2024/25", replace(area, effect_chain=chain, actions=actions))
    got = {r["indicator"].id: (r["year"], r["basis"]) for r in shown["lines"]}
    got |= {i.id: (base, "") for i, _, base in shown["missing"]}  # no figure for the baseline: named, no basis
    assert got["nojdhet"] == ("2022/23", "enligt effektkedjan")
    assert got["inflytande"][0] == "2022/23"  # the chain's first stated baseline
    assert got["trygghet"] == ("2023/24", "läsåret före åtgärden började")  # the area's chain names no baseline for it
    assert got["medarbetare-trivsel"] == ("2022/23", "enligt effektkedjan")  # the area's own: its chain's first
    assert "studiero" not in got  # its baseline, 2024/25, is not before the year
    plain = views.before_after("ekbackeskolan", "2024/25", replace(area, effect_chain=(), actions=actions[2:]))
    assert [(r["indicator"].id, r["year"], r["basis"]) for r in plain["lines"]] == [
        ("medarbetare-trivsel", "2022/23", "läsåret före området började")]  # began 2023/24; the action has no start
    haga = views.content.unit_years[("hagaskolan", "2024/25")].improvement_areas[0]
    lines = views.before_after("hagaskolan", "2024/25", replace(haga, effect_chain=(), actions=()))["lines"]
    assert lines and all(r["basis"] == "föregående läsår" for r in lines)  # in the unit's first plan: not known


def test_a_follow_up_carried_over_unchanged_is_not_repeated(example, content):
    """Hagaskolan's "elevinflytande" has the same follow-up text every year: written out once, then "som läsåret före"."""
    html = read(example / "site", "enheter/hagaskolan/index.html")
    thread = html.split('id="elevernas-inflytande-i-undervisningen"', 1)[1].split("<h3", 1)[0]
    plans = [content.unit_years[("hagaskolan", y)] for y in ("2022/23", "2023/24", "2024/25")]
    texts = [next(a for a in p.improvement_areas if a.id == "elevinflytande").follow_up for p in plans]
    assert texts[0] and texts.count(texts[0]) == 3
    assert thread.count(" ".join(texts[0].split()[:6])) == 1 and thread.count("som läsåret före.") == 2
