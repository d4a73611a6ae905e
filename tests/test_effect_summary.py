"""The year summary's "Effekt av insatserna" (``site.effect_summary``): one line per programme and indicator
running that year, as the programme page's table shows it with the years up to that one."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ska import formatting as fmt
from ska import pipeline
from ska.analysis import effect
from ska.analysis.effect import indicator_effects

from test_effect_chart import effect_blocks
from test_site import REPO, build_site, make_project, read, text_of


@pytest.fixture(scope="module")
def built():
    return pipeline.build(REPO, use_cache=False)


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    return build_site(make_project(tmp_path_factory.mktemp("effect-summary")))


def section(site: Path, year: str) -> str:
    page = read(site, f"ar/{year.replace('/', '-')}/index.html")
    if 'id="effekt-av-insatserna"' not in page:
        return ""
    start = page.index('id="effekt-av-insatserna"')
    return page[start:page.index("</table>", start)]


def lines(site: Path, year: str) -> dict[str, list[str]]:
    """Programme name → the section's lines (cells joined), and the links of the programmes."""
    out: dict[str, list[str]] = {}
    for body in re.findall(r"<tbody>(.*?)</tbody>", section(site, year), re.S):
        name = text_of(re.search(r'<th scope="rowgroup"[^>]*>(.*?)</th>', body, re.S).group(1)).strip()
        out[name] = [" ".join(text_of(re.sub(r'<th scope="rowgroup".*?</th>', "", row, flags=re.S)).split())
                     for row in re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S)]
    return out


def test_each_running_programme_has_a_line_per_indicator_linking_to_its_page(site, built):
    for year in built.content.school_years:
        found = lines(site, year)
        html = section(site, year)
        start, end = (f"{year[:4]}-07-01", f"{int(year[:4]) + 1}-06-30")
        running = [p for p in built.content.programmes.values()
                   if p.start[:10] <= end and (not p.end or p.end >= start)]
        assert list(found) == [p.name for p in running], year
        for p in running:
            assert f'href="../../insatser/{p.id}/#effekt"' in html
            indicators = {e.indicator for e in indicator_effects(built.content, built.results, p, 10, until=year)}
            named = " ".join(found[p.name])
            assert all(built.content.indicators[i].label in named for i in indicators), (year, p.name)


def test_a_line_shows_the_verdict_the_difference_with_its_interval_and_both_groups_as_the_programme_page(
        site, built):
    page = effect_blocks(read(site, "insatser/lasa-for-livet/index.html"))
    table = next(b for b in page if b["text"].startswith('id="andel-elever-i-arskurs-6'))["rows"]
    for year in ("2023/24", "2024/25"):
        [line] = [x for x in lines(site, year)["Läsa för livet"] if x.startswith("Minst E alla ämnen åk 6")]
        row = next(r for r in table if r[0] == year)  # Uppföljningsår, Deltagarna, De andra, …, Skillnad, intervall
        # each group's panel: "before → after (units, pupils before → after)"; the line gives the year's side
        participants, others = (re.match(r".* \((\d+) enhet(?:er)?, [\d ]+ → ([\d ]+) elever\)", " ".join(c.split()))
                                for c in row[1:3])
        did = row[5].replace(" procentenheter", "")
        expected = (f"Minst E alla ämnen åk 6 Tydlig skillnad {did} ({row[6]}) "
                    f"{participants[2]} ({participants[1]}) mot {others[2]} ({others[1]})")
        assert line == " ".join(expected.split()), year


def test_verdicts_without_figures_are_short_and_share_a_line(site):
    together = lines(site, "2024/25")["Samverkan för bästa skola"]
    assert ("Minst E alla ämnen åk 9; Minst E alla ämnen åk 6; Måluppfyllelse förskola (förskola); "
            "Trygghet (4-6, 7-9, F-3) Utgångsläge saknas – –") in together
    assert any(x.startswith("Studiero (7-9) Tydlig skillnad +8,3 (0,1 till 16,5)") for x in together)
    assert any(x.startswith("Studiero (4-6) För få för att bedöma – ") for x in together)
    attendance = lines(site, "2024/25")["Närvarolyftet"]
    assert "Frånvaro Indikatorn saknar antal – –" in attendance
    assert any(x.startswith("Examen inom 3 år Ingen att jämföra med – ") and x.endswith("mot –") for x in attendance)
    # the first year of Samverkan's chain for studiero is its baseline: nothing to follow up yet
    assert "Studiero (4-6, 7-9) Inget uppföljningsår än – –" in lines(site, "2022/23")["Samverkan för bästa skola"]
    text = " ".join(text_of(section(site, "2024/25")).split())
    assert "En tydlig skillnad bevisar inte effekt." in text and "i procentenheter" in text


def test_a_year_summary_says_only_what_was_known_that_year(built):
    p = built.content.programmes["lasa-for-livet"]
    then = next(e for e in indicator_effects(built.content, built.results, p, 10, until="2023/24")
                if e.indicator == "minst-e-alla-amnen-ak6")
    now = next(e for e in indicator_effects(built.content, built.results, p, 10)
               if e.indicator == "minst-e-alla-amnen-ak6")
    assert then.rows[-1].year == "2023/24" and now.rows[-1].year == "2024/25"
    assert then.verdict == now.verdict == effect.CLEAR
    assert fmt.difference(then.rows[-1].did, "", 1) != fmt.difference(now.rows[-1].did, "", 1)
