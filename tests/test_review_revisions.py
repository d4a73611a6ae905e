"""`ska granska` reads each revision as it is committed: what the head's own .gitattributes say about exporting
(``export-ignore``, ``export-subst``) changes nothing, and a revision without content is said, not a traceback; and
every text from the content stays plain text in the summary."""

from __future__ import annotations

import re

from ska import cli
from ska.workflow.review import Review
from ska.workflow.review_markdown import format_markdown, md
from test_review import (HOSTILE, MUNICIPALITY_NEXT, NEW_UNIT, NEW_UNIT_YEAR, NEXT_YEAR, VALID_CONTENT,  # noqa: F401
                         commit, correct_last_year, git, html_of, new_year, repo, review)

UNIT_YEAR = "content/years/2024-25/units/eneskolan.yaml"


def test_the_heads_gitattributes_cannot_hide_a_rewritten_figure(repo, capsys):  # noqa: F811
    base = new_year(repo)
    correct_last_year(repo)  # a figure of the finished 2024/25 changed without a reason
    unit = VALID_CONTENT["content/units/eneskolan.yaml"].replace("name: Eneskolan", 'name: "Eneskolan $Format:%H$"')
    head = commit(repo, "dölj", {".gitattributes": f"{UNIT_YEAR} export-ignore\ncontent/units/* export-subst\n",
                                 "content/units/eneskolan.yaml": unit})
    code, out = review(repo, "--bas", base, "--mot", head, capsys=capsys)
    assert code == 0, out
    # the file export-ignore would leave out is read, and the name is as committed ($Format:%H$ not filled in)
    assert f"⚠️ **Historien skrivs om:** {md('Eneskolan $Format:%H$')} 2024/25:" in out
    assert "231,5 → 229,0" in out and "(borttaget)" not in out


def test_a_head_without_content_is_said(repo, capsys):  # noqa: F811
    base = git(repo, "rev-parse", "HEAD")
    git(repo, "rm", "-rq", "content")
    head = commit(repo, "inget innehåll", {})
    git(repo, "checkout", base, "--", "content")  # the work tree has a project; the revision --mot names has not
    code = cli.main(["granska", "--path", str(repo), "--bas", base, "--mot", head])
    out, err = capsys.readouterr()
    assert code == 2 and out == ""
    assert f"Versionen {head[:12]} har inget innehåll att granska" in err


def test_hostile_titles_goals_actions_and_indicator_names_stay_plain_text(repo, capsys):  # noqa: F811
    """Besides unit names and reasons (test_review): every other text a section shows, in lists and table cells."""
    base = git(repo, "rev-parse", "HEAD")
    new_year(repo)
    bad = HOSTILE.replace('"', "'")
    indicators = VALID_CONTENT["content/indicators.yaml"].replace(
        "short_name: Behörighet yrkesprogram", f'short_name: "{bad}"')
    year = (repo / "content/years/2025-26/units/eneskolan.yaml").read_text("utf-8").replace(
        "title: Studiero på lektionerna", f'title: "{bad}"').replace(
        "description: Gemensamma lektionsstarter.", f'description: "{bad}"')
    municipality = (repo / "content/years/2025-26/municipality.yaml").read_text("utf-8").replace(
        "text: Andelen elever som är behöriga till gymnasiet ska öka.", f'text: "{bad}"')
    assert bad in year and year.count(bad) == 2 and bad in municipality and bad in indicators
    head = commit(repo, "fientligt", {"content/indicators.yaml": indicators,
                                      "content/years/2025-26/units/eneskolan.yaml": year,
                                      "content/years/2025-26/municipality.yaml": municipality})
    code, out = review(repo, "--bas", base, "--mot", head, capsys=capsys)
    assert code == 0, out
    assert f"- Nytt: {md(bad)}" in out and f"  - Ny åtgärd: {md(bad)}" in out and f"| {md(bad)} | Totalt |" in out
    assert "- Ändrat mål:" in out and out.count(md(bad)) >= 5
    page = html_of(out)
    assert "<img" not in page and "<a " not in page and "<code>x" not in page and "<em>" not in page
    for row in re.findall(r"<tr>(.*?)</tr>", page, re.S):
        assert row.count("<td") in (0, 5) and row.count("<th") in (0, 5), row


def test_a_project_outside_git_is_told_so(project, capsys):
    """Not "the branch is missing, fetch it": there is no git repository to fetch into."""
    for argv in (["granska", "--path", str(project)], ["validate", str(project), "--bas", "origin/main"]):
        assert cli.main(argv) == 2
        out, err = capsys.readouterr()
        assert f"{project}: är inget git-arkiv" in err and "Hämta grenen" not in err and out == ""


def test_a_revision_that_looks_like_an_option_never_reaches_git_as_one(repo, capsys, tmp_path):  # noqa: F811
    out_file = tmp_path / "ut.txt"
    for argv in (["granska", "--path", str(repo), f"--bas=--output={out_file}"],
                 ["granska", "--path", str(repo), "--bas", "HEAD", "--mot=-p"],
                 ["validate", str(repo), "--bas=--all"]):
        assert cli.main(argv) == 2, argv
        out, err = capsys.readouterr()
        assert "är ingen version i git. Ange en gren" in err and out == "", argv
    assert not out_file.exists()


MKDOCS_MIN_5 = """\
site_name: Test
markdown_extensions:
  - pymdownx.emoji:
      emoji_index: !!python/name:material.extensions.emoji.twemoji
plugins:
  - search
  - ska:
      min_group_size: 5
"""


def test_the_sites_min_group_size_is_the_reviews(repo, capsys):  # noqa: F811
    """With min_group_size 5 in mkdocs.yml the site publishes a figure on 8 pupils: changing it in a finished year
    is history rewritten, in the summary and in ska validate --bas, as for any published figure."""
    unit = NEW_UNIT.replace("opened: 2025-08-01", "opened: 2020-08-01")
    small = NEW_UNIT_YEAR.replace("2025/26", "2024/25").replace("VT 2026", "VT 2025")
    commit(repo, "liten enhet", {"mkdocs.yml": MKDOCS_MIN_5, "content/units/sodraskolan.yaml": unit,
                                 "content/years/2024-25/units/sodraskolan.yaml": small})
    base = commit(repo, "2025/26", {"content/years/2025-26/units/eneskolan.yaml": NEXT_YEAR,
                                    "content/years/2025-26/municipality.yaml": MUNICIPALITY_NEXT})
    head = commit(repo, "rättad", {"content/years/2024-25/units/sodraskolan.yaml": small.replace("numerator: 7",
                                                                                                 "numerator: 6")})
    code, out = review(repo, "--bas", base, "--mot", head, capsys=capsys)
    assert code == 0, out
    assert ("Behörighet yrkesprogram, totalt 87,5\u00a0% → 75,0\u00a0% (−12,5\u00a0procentenheter), utan angivet "
            "skäl") in out
    assert cli.main(["validate", str(repo), "--bas", base, "--no-cache"]) == 0
    assert "Siffran för behorighet-yrkesprogram, totalt har ändrats för läsåret 2024/25" in capsys.readouterr().out


def test_more_other_files_than_are_listed_are_counted():
    names = [f"content/units/enhet-{n}.yaml" for n in range(250)]
    out = format_markdown(Review("a" * 40, "b" * 40, other_files=names))
    assert md(names[199]) in out and md(names[200]) not in out
    assert "- … och 50 till." in out


def test_figures_of_a_finished_year_gone_with_their_indicator_are_history_rewritten(repo, capsys):  # noqa: F811
    """An indicator taken out of the catalogue with all its results: its published figures of a finished year are
    gone from the site, which is history rewritten like any other change."""
    base = new_year(repo)
    indicators = VALID_CONTENT["content/indicators.yaml"]
    start, end = indicators.index("  - id: meritvarde-ak9"), indicators.index("  - id: trygghet-index")
    merit = "  - indicator: meritvarde-ak9\n    window: VT 2025\n    total: {value: 231.5}\n"
    last = VALID_CONTENT[UNIT_YEAR]
    head = commit(repo, "utan meritvärde", {
        "content/indicators.yaml": indicators[:start] + indicators[end:],
        UNIT_YEAR: last.replace(merit, ""),
        "content/years/2025-26/units/eneskolan.yaml": NEXT_YEAR.replace(
            merit.replace("2025", "2026").replace("231.5", "233.0"), "")})
    assert merit in last and "meritvarde" not in git(repo, "show", f"{head}:content/years/2025-26/units/eneskolan.yaml")
    code, out = review(repo, "--bas", base, "--mot", head, capsys=capsys)
    assert code == 0, out
    assert ("⚠️ **Historien skrivs om:** Eneskolan 2024/25: Genomsnittligt meritvärde åk 9, totalt 231,5 → ingen "
            "siffra, utan angivet skäl.") in out
    assert cli.main(["validate", str(repo), "--bas", base, "--no-cache"]) == 0
    assert re.search(f"{UNIT_YEAR}:[0-9]+:1: varning: ”Rättelse”: Siffran för meritvarde-ak9, totalt har ändrats för "
                     "läsåret 2024/25", capsys.readouterr().out)


def test_a_finished_years_plan_taken_away_is_history_rewritten(repo, capsys):  # noqa: F811
    base = new_year(repo)
    git(repo, "rm", "-q", UNIT_YEAR, "content/years/2024-25/municipality.yaml")
    head = commit(repo, "borttagna", {})
    code, out = review(repo, "--bas", base, "--mot", head, capsys=capsys)
    assert code == 0, out
    for who in ("Eneskolan", "Kommunen"):
        assert (f"⚠️ **Historien skrivs om:** {who} 2024/25: planen är borttagen, och läsåret är avslutat: dess sidor "
                "och siffror försvinner från sajten.") in out
    assert "#### Eneskolan, läsåret 2024/25 (borttaget, avslutat läsår)" in out
