"""Effect chains and the programme pages ("Insatser"), as a reader sees them in the built site.

One build of the example, with two additions to its latest municipality file: an effect chain on its first
improvement area (three of the four steps) and one on an action of it, so the year summary shows both."""

from __future__ import annotations

import re

import pytest
import yaml

from ska import pipeline
from ska.analysis import yeardiff
from ska.model import Action, EffectStep, ImprovementArea
from ska.workflow import diff as diff_text

from test_site import build_site, make_project, text_of

SLUG, YEAR = "2024-25", "2024/25"
AREA_CHAIN = [
    {"step": "resources", "text": "Två samordnare på halvtid.", "observations": ["Tidrapporter"]},
    {"step": "practice", "text": "Personalen följer upp tryggheten **varje månad**.",
     "indicators": ["trygghet", "studiero"], "direction": "increase", "baseline": "2021/22-2022/23",
     "follow_up": ["2024/25", "2023/24"]},
    {"step": "results", "text": "Fler elever känner sig trygga.", "indicators": ["trygghet"],
     "direction": "increase", "baseline": "2022/23", "follow_up": ["2025/26"]},
]
ACTION_CHAIN = [{"step": "activities", "text": "Enkät till personalen varje termin.", "direction": "maintain"}]


def _add_chains(project) -> None:
    path = project / "content" / "years" / SLUG / "municipality.yaml"
    modeline, text = path.read_text("utf-8").split("\n", 1)
    data = yaml.safe_load(text)
    area = data["improvement_areas"][0]
    area["effect_chain"] = AREA_CHAIN
    area["actions"][0]["effect_chain"] = ACTION_CHAIN
    path.write_text(modeline + "\n" + yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    project = make_project(tmp_path_factory.mktemp("programmes"))
    _add_chains(project)
    return build_site(project)


@pytest.fixture(scope="module")
def content(site):
    return pipeline.build(site.parent, use_cache=False).content


def article(site, path: str) -> str:
    return (site / path).read_text("utf-8").split("<article", 1)[1].split("</article>", 1)[0]


def steps_of(html: str) -> list[str]:
    """The visible text of each step of the first effect chain in ``html``."""
    chain = html.split('class="ska-effect-chain"', 1)[1].split("</ol>", 1)[0]
    return [re.sub(r" ([.,:])", r"\1", " ".join(text_of(li).split()))
            for li in chain.split('<li class="ska-effect-chain__step">')[1:]]


def test_the_year_summary_shows_an_areas_chain_as_an_ordered_list_of_four_steps(site, content):
    html = article(site, f"ar/{SLUG}/index.html")
    area = content.municipality_years[YEAR].improvement_areas[0]
    assert f"Effektkedja: {area.title}" in text_of(html)
    chain = html.split('class="ska-effect-chain"', 1)[1].split("</ol>", 1)[0]
    assert '<ol class="ska-effect-chain__steps">' in chain and chain.count("<li class=\"ska-effect-chain__step\"") == 4
    resources, activities, practice, results = steps_of(html)
    assert resources.startswith("Resurser Två samordnare på halvtid.") and "Mäts med: Tidrapporter" in resources
    assert activities == "Aktiviteter: inte beskrivet"  # the step the chain leaves out is seen as a gap
    assert practice.startswith("Förändrad praktik Personalen följer upp tryggheten varje månad.")
    assert "<strong>varje månad</strong>" in chain  # the step's text is Markdown
    names = content.indicators["trygghet"].name, content.indicators["studiero"].name
    assert f"Mäts med: {names[0]}, {names[1]}" in practice
    assert "Förväntad riktning: ska öka" in practice
    assert "Utgångsläge: läsåren 2021/22–2022/23" in practice  # the window in words, with an en dash
    assert "Följs upp läsåren 2023/24 och 2024/25" in practice  # in order, whatever order they were written in
    assert "Utgångsläge: läsåret 2022/23" in results and "Följs upp läsåret 2025/26" in results
    links = re.findall(r'<a href="([^"]+)">([^<]+)</a>', chain)
    assert ("../../indikatorer/trygghet/", names[0]) in links and ("../../indikatorer/studiero/", names[1]) in links


def test_an_actions_chain_is_shown_after_the_actions_table(site, content):
    html = article(site, f"ar/{SLUG}/index.html")
    area = content.municipality_years[YEAR].improvement_areas[0]
    action = " ".join(area.actions[0].description.split())
    label = f"Effektkedja för åtgärden: {action}"
    assert label in " ".join(text_of(html).split())
    after_table = html.split(f"Åtgärder: {area.title}", 1)[1]
    steps = steps_of(after_table)
    assert steps[1].startswith("Aktiviteter Enkät till personalen varje termin.")
    assert "Förväntad riktning: ska bibehållas" in steps[1]
    assert [s for i, s in enumerate(steps) if i != 1] == [
        "Resurser: inte beskrivet", "Förändrad praktik: inte beskrivet", "Resultat: inte beskrivet"]


def test_a_unit_year_page_shows_its_areas_chain(site, content):
    unit, year = next((u, y) for (u, y), plan in sorted(content.unit_years.items())
                      if any(a.effect_chain for a in plan.improvement_areas))
    html = article(site, f"enheter/{unit}/{year.replace('/', '-')}/index.html")
    steps = steps_of(html)
    assert [s.split(" ", 1)[0] for s in steps] == ["Resurser", "Aktiviteter", "Förändrad", "Resultat"]
    assert "Utgångsläge: läsåret" in steps[3] and "Följs upp läsåren" in steps[3]


def test_programme_index_lists_every_programme_in_the_nav_section_insatser(site, content):
    html = (site / "insatser/index.html").read_text("utf-8")
    body = article(site, "insatser/index.html")
    for p in content.programmes.values():
        assert f'<a href="{p.id}/">{p.name}</a>' in body
    assert "<h1" in body and "Insatser" in text_of(body.split("</h1>", 1)[0])
    nav = html.split('class="md-nav md-nav--primary', 1)[1].split('class="md-nav md-nav--secondary', 1)[0]
    assert "Insatser" in text_of(nav)
    for p in content.programmes.values():  # the section's pages in the nav, by name
        assert re.search(rf'href="{p.id}/"[^>]*class="md-nav__link', nav), p.id


def test_a_programme_page_shows_its_facts_units_indicators_follow_ups_and_chain(site, content):
    p = content.programmes["samverkan-for-basta-skola"]
    html = article(site, f"insatser/{p.id}/index.html")
    text = " ".join(text_of(html).split())
    assert "Period 15 augusti 2022 – 30 juni 2025" in text
    assert f"Omfattning {p.scope}" in text and f"Huvudman för insatsen {p.owner}" in text
    assert "Deltagande enheter 5" in text
    for aim in p.aims:
        assert aim in text
    for unit in p.units:
        assert f'<a href="../../enheter/{unit}/">{content.units[unit].name}</a>' in html
    for ind in p.indicators:
        assert f'<a href="../../indikatorer/{ind}/">{content.indicators[ind].name}</a>' in html
    follow_ups = [(y, f) for y, m in content.municipality_years.items() for f in m.programme_follow_up
                  if f.programme == p.id]
    assert follow_ups
    for year, f in follow_ups:
        assert f'<h3 id="{year.replace("/", "")}">{year}' in html
        assert " ".join(f.assessment.split()) in text
        assert f'<a href="../../ar/{year.replace("/", "-")}/">Läsårets sammanställning {year}</a>' in html
    steps = steps_of(html)
    assert [s.split(" ", 1)[0] for s in steps] == ["Resurser", "Aktiviteter", "Förändrad", "Resultat"]
    assert "Utgångsläge: läsåret 2022/23 Följs upp läsåren 2023/24 och 2024/25" in steps[2]  # its own baseline
    assert "Utgångsläge: läsåret 2021/22" in steps[3]
    # the headings in order, none skipped: the chain's texts stand under ## Effektkedja
    levels = [int(h) for h in re.findall(r"<h([1-6])", html)]
    assert all(b <= a + 1 for a, b in zip(levels, levels[1:])), levels


def test_a_programme_page_prints_with_a_running_header(site, content):
    p = content.programmes["narvarolyftet"]
    html = (site / f"insatser/{p.id}/index.html").read_text("utf-8")
    assert "data-ska-print" in html
    facts = re.search(r'<div class="ska-print-facts" hidden([^>]*)>', html)[1]
    assert f'data-running="Åsby kommun · Insats: {p.name}"' in facts


def test_the_year_summary_links_each_programme_to_its_page_and_stays_short(site, content):
    html = article(site, f"ar/{SLUG}/index.html")
    section = html.split('id="program-och-insatser"', 1)[1].split("<h2", 1)[0]
    running = [p for p in content.programmes.values() if p.id in section]
    assert running
    for p in running:
        assert f'<a href="../../insatser/{p.id}/">{p.name}</a>' in section
    assert "ska-effect-chain" not in section  # the chain is on the programme's page, not in the printed summary


def test_a_unit_page_links_its_programmes(site, content):
    html = article(site, "enheter/centralskolan/index.html")
    for p in content.programmes.values():
        if "centralskolan" in p.units:
            assert f'<a href="../../insatser/{p.id}/">{p.name}</a>' in html


# -- ska diff ---------------------------------------------------------------------------------------------

def _area(chain=(), status="continued") -> ImprovementArea:
    return ImprovementArea("studiero", "Studiero", status=status, effect_chain=tuple(chain))


def test_diff_reports_an_effect_chain_added_changed_and_removed():
    resources = EffectStep("resources", "En samordnare.")
    results = EffectStep("results", "Fler trygga.", ("trygghet",), direction="increase", baseline="2022/23",
                         follow_up=("2024/25",))
    moved = EffectStep("results", "Fler trygga.", ("trygghet",), direction="increase", baseline="2022/23",
                       follow_up=("2024/25", "2025/26"))
    lines = []
    for before, after in (((), (resources, results)), ((resources, results), (resources, moved)),
                          ((resources, results), ()), ((resources, results), (resources, results)),
                          ((resources, results), (results,))):
        [change] = yeardiff.diff_areas((_area(before),), (_area(after),))
        lines.append(diff_text._area_lines(change, "2025/26"))
    assert lines == [
        ["~ Fortsätter: Studiero", "  + Ny effektkedja: resurser, resultat"],
        ["~ Fortsätter: Studiero", "  ~ Ändrad effektkedja: resultat"],
        ["~ Fortsätter: Studiero", "  − Borttagen effektkedja"],
        ["~ Fortsätter: Studiero"],  # the same chain: nothing to say
        ["~ Fortsätter: Studiero", "  ~ Ändrad effektkedja"],  # a step taken out
    ]
    [added] = yeardiff.diff_areas((), (_area((results,), "open"),))
    assert diff_text._area_lines(added, "2025/26") == ["+ Nytt: Studiero", "  + Ny effektkedja: resultat"]


def test_the_years_changes_name_an_areas_new_chain(site, content):
    """The site's list of changes since last year (as ska diff): the area that got a chain this year."""
    html = article(site, f"ar/{SLUG}/forandringar/index.html")
    area = content.municipality_years[YEAR].improvement_areas[0]
    item = html.split(area.title, 1)[1].split("</ul>", 1)[0]  # the area's list of changes
    assert "Ny effektkedja: resurser, förändrad praktik, resultat" in " ".join(text_of(item).split())


def test_diff_reports_an_actions_changed_effect_chain():
    step = EffectStep("activities", "Handledning varje vecka.")
    before = Action("Handledning för lärarna.", effect_chain=(step,))
    for after, lines in ((Action("Handledning för lärarna.", effect_chain=(step,)), []),
                         (Action("Handledning för lärarna.", effect_chain=(EffectStep("activities", "Varannan vecka."),)),
                          ["~ Ändrad effektkedja: Handledning för lärarna."]),
                         (Action("Handledning för lärarna."), ["~ Ändrad effektkedja: Handledning för lärarna."])):
        assert [diff_text._action_line(c) for c in yeardiff.diff_actions((before,), (after,))] == lines
