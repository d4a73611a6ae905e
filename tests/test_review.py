"""`ska granska`: the review summary of a pull request, on small git repositories made here (two commits each),
and `ska validate --bas` / `--format gitlab`."""

from __future__ import annotations

import json
import os
import tempfile
import re
import subprocess
from pathlib import Path

import pytest
from cmarkgfm.cmark import markdown_to_html_with_extensions

from conftest import VALID_CONTENT, write_project
from ska import cli
from ska.content.problems import ERROR, WARNING, Problem, format_gitlab
from ska.workflow.review_markdown import md

HOSTILE = "<img src=x onerror=alert(1)> | @octocat [klicka](https://evil.example) #1 !2 www.evil.example `x` *y*"

NEXT_YEAR = """\
unit: eneskolan
school_year: 2025/26
principal: Rektor
summary: Ett nytt läsår.
results:
  - indicator: behorighet-yrkesprogram
    window: VT 2026
    total: {numerator: 40, denominator: 64}
    girls: {numerator: 20, denominator: 32}
    boys: {numerator: 20, denominator: 32}
  - indicator: meritvarde-ak9
    window: VT 2026
    total: {value: 233.0}
analysis: {}
improvement_areas:
  - id: lasforstaelse
    title: Läsförståelse i alla ämnen
    goal_area: larande
    actions:
      - description: Kollegialt lärande om lässtrategier.
        owner: Förstelärare i svenska
        start: 2024-08-19
        end: 2025-06-13
        status: done
  - id: studiero
    title: Studiero på lektionerna
    actions:
      - description: Gemensamma lektionsstarter.
        start: 2025-08-18
        status: planned
"""

NEW_UNIT = f"""\
id: sodraskolan
name: "{HOSTILE.replace('"', "'")}"
school_forms: [grundskola]
grades: 7-9
opened: 2025-08-01
"""

NEW_UNIT_YEAR = """\
unit: sodraskolan
school_year: 2025/26
results:
  - indicator: behorighet-yrkesprogram
    window: VT 2026
    total: {numerator: 7, denominator: 8}
"""

MUNICIPALITY_NEXT = VALID_CONTENT["content/years/2024-25/municipality.yaml"].replace("2024/25", "2025/26").replace("2024-09", "2025-09") \
    .replace("# yaml-language-server: $schema=../../../schemas/municipality-year.schema.json\n", "")


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True, text=True).stdout.strip()


def commit(repo: Path, message: str, files: dict[str, str]) -> str:
    for name, text in files.items():
        (repo / name).parent.mkdir(parents=True, exist_ok=True)
        (repo / name).write_text(text, "utf-8")
    git(repo, "add", "-A")
    git(repo, "-c", "user.name=Test", "-c", "user.email=test@example.invalid", "commit", "-q", "-m", message)
    return git(repo, "rev-parse", "HEAD")


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A project in git: the valid fixture (2024/25) as the first commit."""
    root = write_project(tmp_path / "repo")
    git(root, "init", "-q")
    commit(root, "2024/25", {})
    return root


def review(repo: Path, *args: str, capsys) -> tuple[int, str]:
    code = cli.main(["granska", "--path", str(repo), *args])
    return code, capsys.readouterr().out


def html_of(markdown: str) -> str:
    return markdown_to_html_with_extensions(markdown, extensions=["table", "autolink", "strikethrough", "tagfilter"])


def new_year(repo: Path) -> str:
    return commit(repo, "2025/26", {
        "content/years/2025-26/units/eneskolan.yaml": NEXT_YEAR,
        "content/years/2025-26/municipality.yaml": MUNICIPALITY_NEXT,
        "content/units/sodraskolan.yaml": NEW_UNIT,
        "content/years/2025-26/units/sodraskolan.yaml": NEW_UNIT_YEAR,
    })


def test_a_new_school_year_and_a_new_unit(repo, capsys):
    base = git(repo, "rev-parse", "HEAD")
    head = new_year(repo)
    code, out = review(repo, "--bas", base, "--mot", head, "--förhandsvisning", "https://preview.example/pr-7/",
                       capsys=capsys)
    assert code == 0, out
    assert f"Jämför `{base[:12]}` (målgrenen) med `{head[:12]}`" in out
    # the new year of Eneskolan: figures old → new in procentenheter and points, against 2024/25
    assert "#### Eneskolan, läsåret 2025/26 (nytt läsår)" in out
    assert "Resultat jämfört med 2024/25:" in out
    assert "| Behörighet yrkesprogram | Totalt | 85,9\u00a0% | 62,5\u00a0% | −23,4\u00a0procentenheter |" in out
    assert "| 231,5 | 233,0 | +1,5\u00a0poäng |" in out
    assert "[Förhandsvisning](<https://preview.example/pr-7/enheter/eneskolan/2025-26/index.html>)" in out
    # improvement areas: one new, one carried with its action finished
    assert "- Nytt: Studiero på lektionerna" in out and "  - Ny åtgärd: Gemensamma lektionsstarter\\." in out
    assert "- Fortsätter: Läsförståelse i alla ämnen" in out
    assert "  - Avslutad åtgärd: Kollegialt lärande om lässtrategier\\." in out
    # flags: a large movement, a new small group, input still needed, the unit added
    assert re.search(r"📈 \*\*Stor förändring:\*\* Eneskolan 2025/26: Behörighet yrkesprogram, totalt 85,9\u00a0% → "
                     r"62,5\u00a0% \(−23,4\u00a0procentenheter\), mer än 10 % av indikatorns skala", out)
    assert "🔒 **Ny liten grupp:**" in out and "bygger på 8 elever, färre än 10" in out
    assert "✏️ **Behöver uppgifter:** Eneskolan 2025/26: Analysen för läsåret är inte skriven ännu\\." in out
    assert "➕ **Ny enhet:**" in out and "(`sodraskolan`)" in out
    assert "Historien skrivs om" not in out
    assert "### Andra ändrade filer\n\n- content\\/units\\/sodraskolan\\.yaml" in out  # the unit's own file
    # nothing of the hostile name works as Markdown or HTML on GitHub
    page = html_of(out)
    assert "<img" not in page and "<script" not in page
    assert all(href.startswith("https://preview.example/pr-7/") for href in re.findall(r'href="([^"]*)"', page))
    assert "@octocat" not in page and "#1 " not in page and "evil.example</a>" not in page
    for row in re.findall(r"<tr>(.*?)</tr>", page, re.S):
        assert row.count("<td") in (0, 5) and row.count("<th") in (0, 5), row


def test_a_threshold_of_thirty_percent_of_the_scale_lets_the_movement_pass(repo, capsys):
    base = git(repo, "rev-parse", "HEAD")
    head = new_year(repo)
    _, out = review(repo, "--bas", base, "--mot", head, "--gräns", "30", capsys=capsys)
    assert "Stor förändring" not in out
    assert "`enheter/eneskolan/2025-26/index.html`" in out  # no preview address: the page in the downloaded site
    _, out = review(repo, "--bas", base, "--mot", head, "--gräns", "7.5", capsys=capsys)
    assert "mer än 7,5 % av indikatorns skala" in out  # the threshold as given, not rounded to 8


def correct_last_year(repo: Path, correction: str = "") -> str:
    old = VALID_CONTENT["content/years/2024-25/units/eneskolan.yaml"]
    text = old.replace("    total: {value: 231.5}\n", "    total: {value: 229.0}\n" + correction)
    assert text != old
    return commit(repo, "rättelse", {"content/years/2024-25/units/eneskolan.yaml": text})


def test_a_changed_figure_of_a_finished_year_without_a_reason_is_flagged(repo, capsys):
    base = new_year(repo)
    head = correct_last_year(repo)
    code, out = review(repo, "--bas", base, "--mot", head, capsys=capsys)
    assert code == 0
    assert "#### Eneskolan, läsåret 2024/25 (ändrat, avslutat läsår)" in out
    assert ("⚠️ **Historien skrivs om:** Eneskolan 2024/25: Genomsnittligt meritvärde åk 9, totalt 231,5 → 229,0 "
            "(−2,5\u00a0poäng), utan angivet skäl.") in out
    assert "| Genomsnittligt meritvärde åk 9 | Totalt | 231,5 | 229,0 |  |" in out

    # ska validate --bas warns on the result's line, in the work tree as it is
    code = cli.main(["validate", str(repo), "--bas", base, "--no-cache"])
    text = capsys.readouterr().out
    assert code == 0
    line = VALID_CONTENT["content/years/2024-25/units/eneskolan.yaml"].splitlines().index("  - indicator: meritvarde-ak9")
    assert f"content/years/2024-25/units/eneskolan.yaml:{line + 1}:" in text
    assert "varning: ”Rättelse” (results[1]): Siffran för meritvarde-ak9, totalt har ändrats för läsåret 2024/25" in text
    assert "Gör så här: Lägg till correction:" in text


def test_a_correction_with_a_reason_is_shown_and_not_warned(repo, capsys):
    base = new_year(repo)
    reason = f"Skolverket rättade siffran {HOSTILE.replace(chr(34), '')}"
    head = correct_last_year(repo, f'    correction: {{date: 2025-10-02, reason: "{reason}"}}\n')
    code, out = review(repo, "--bas", base, "--mot", head, capsys=capsys)
    assert code == 0, out
    assert "📝 **Historien skrivs om:** Eneskolan 2024/25: Genomsnittligt meritvärde åk 9, totalt 231,5 → 229,0" in out
    assert f"Rättelse 2025\\-10\\-02: {md(reason)}" in out
    assert "utan angivet skäl" not in out
    page = html_of(out)
    assert "<img" not in page and "<a " not in page
    for row in re.findall(r"<tr>(.*?)</tr>", page, re.S):
        assert row.count("<td") in (0, 5), row
    assert cli.main(["validate", str(repo), "--bas", base, "--no-cache"]) == 0
    assert "Rättelse" not in capsys.readouterr().out


def test_unchanged_content_and_unknown_revisions(repo, capsys):
    code, out = review(repo, "--bas", "HEAD", "--mot", "HEAD", capsys=capsys)
    assert code == 0 and "Inget särskilt att se över." in out and "är detsamma i båda versionerna" in out
    code = cli.main(["granska", "--path", str(repo), "--bas", "finns-inte"])
    assert code == 2 and "”finns-inte” finns inte i git-arkivet" in capsys.readouterr().err
    code = cli.main(["granska", "--path", str(repo), "--bas", "HEAD", "--förhandsvisning", "javascript:alert(1)"])
    assert code == 2 and "ingen webbadress" in capsys.readouterr().err


def test_the_work_tree_is_never_touched(repo, capsys):
    base = git(repo, "rev-parse", "HEAD")
    head = new_year(repo)
    (repo / "content/years/2025-26/units/eneskolan.yaml").write_text("trasig: [\n", "utf-8")  # not committed
    code, out = review(repo, "--bas", base, "--mot", head, capsys=capsys)
    assert code == 0 and "Eneskolan, läsåret 2025/26" in out
    assert git(repo, "status", "--porcelain") == "M content/years/2025-26/units/eneskolan.yaml"
    code, out = review(repo, "--bas", base, "--mot", ".", capsys=capsys)  # the work tree as it is: its errors
    assert code == 1 and "❌ **Innehållet har fel**" in out


def test_md_escapes_everything_github_and_gitlab_would_read():
    out = md(HOSTILE + "\n# rubrik\u202e")
    assert "\n" not in out and "\u202e" not in out
    page = html_of(f"| a | b |\n|---|---|\n| {out} | z |\n")
    assert "<img" not in page and "<a " not in page and "<code>" not in page and "<em>" not in page
    assert page.count("<td>") == 2
    for reference in ("@octocat", "#1", "!2", "www.evil", "https://"):
        assert reference not in page


def test_gitlab_code_quality_report():
    problems = [Problem("content/a.yaml", 3, 5, "Fel <b>värde</b>.", "Skriv ett tal.", "Värde", ("results", 0), ERROR),
                Problem("content/a.yaml", 9, 1, "Inte ifyllt.", severity=WARNING),
                Problem("content/a.yaml", 12, 1, "Inte ifyllt.", severity=WARNING)]
    report = json.loads(format_gitlab(problems))
    assert report[0] == {
        "description": "”Värde” (results[0]): Fel <b>värde</b>. Gör så här: Skriv ett tal.",
        "check_name": "ska-fel", "fingerprint": report[0]["fingerprint"], "severity": "major",
        "location": {"path": "content/a.yaml", "lines": {"begin": 3}}}
    assert [r["severity"] for r in report] == ["major", "minor", "minor"]
    assert len({r["fingerprint"] for r in report}) == 3 and all(re.fullmatch("[0-9a-f]{64}", r["fingerprint"]) for r in report)
    assert json.loads(format_gitlab([])) == []


def test_validate_format_gitlab_prints_only_json(project, capsys):
    (project / "content/years/2024-25/units/eneskolan.yaml").write_text(
        VALID_CONTENT["content/years/2024-25/units/eneskolan.yaml"].replace("numerator: 55", "numerator: femtio"), "utf-8")
    code = cli.main(["validate", str(project), "--format", "gitlab", "--no-cache"])
    report = json.loads(capsys.readouterr().out)
    assert code == 1 and report and report[0]["location"]["path"] == "content/years/2024-25/units/eneskolan.yaml"
    assert report[0]["severity"] == "major" and report[0]["location"]["lines"]["begin"] > 1


def test_the_base_with_errors_is_said_and_everything_is_new(repo, capsys):
    broken = commit(repo, "trasig", {"content/years/2024-25/units/eneskolan.yaml": "unit: eneskolan\nschool_year: 1\n"})
    head = commit(repo, "lagad", {"content/years/2024-25/units/eneskolan.yaml":
                                  VALID_CONTENT["content/years/2024-25/units/eneskolan.yaml"]})
    code, out = review(repo, "--bas", broken, "--mot", head, capsys=capsys)
    assert code == 0 and "❗ **Målgrenens innehåll har fel** (1 fel)" in out
    assert "#### Eneskolan, läsåret 2024/25 (nytt läsår)" in out


def test_new_year_does_not_carry_a_correction(repo, capsys):
    correct_last_year(repo, "    correction: {date: 2025-10-02, reason: Rättad}\n")  # in the year new-year copies
    assert "correction" in (repo / "content/years/2024-25/units/eneskolan.yaml").read_text("utf-8")
    assert cli.main(["new-year", "2025/26", "--path", str(repo)]) == 0
    capsys.readouterr()
    made = (repo / "content/years/2025-26/units/eneskolan.yaml").read_text("utf-8")
    assert "results: []" in made and "correction" not in made


def test_an_official_figure_of_a_finished_year_rewritten(repo, capsys):
    municipality = "content/years/2024-25/municipality.yaml"
    official = ("results:\n  - indicator: behorighet-yrkesprogram\n    source: Skolverket\n    scope: own\n"
                "    total: {value: 84.2}\n")
    text = VALID_CONTENT[municipality] + official
    commit(repo, "officiell siffra", {municipality: text})
    base = new_year(repo)
    head = commit(repo, "ny officiell siffra", {municipality: text.replace("84.2", "86.0")})
    code, out = review(repo, "--bas", base, "--mot", head, capsys=capsys)
    assert code == 0
    assert "#### Kommunen, läsåret 2024/25 (ändrat, avslutat läsår)" in out
    assert ("⚠️ **Historien skrivs om:** Kommunen 2024/25: Behörighet yrkesprogram, totalt 84,2\u00a0% → 86,0\u00a0% "
            "(+1,8\u00a0procentenheter), utan angivet skäl.") in out
    assert "[Förhandsvisning]" not in out and "`ar/2024-25/index.html`" in out


def test_links_in_the_repository_are_not_followed(repo, capsys, tmp_path):
    base = git(repo, "rev-parse", "HEAD")
    secret = tmp_path / "hemlig.yaml"
    secret.write_text("unit: eneskolan\nschool_year: 2025/26\nsummary: HEMLIGT\n", "utf-8")
    (repo / "content/years/2025-26/units").mkdir(parents=True)
    os.symlink(secret, repo / "content/years/2025-26/units/eneskolan.yaml")
    os.symlink("../../../../../../etc", repo / "content/years/2025-26/units/ut")
    head = commit(repo, "länkar", {})
    code, out = review(repo, "--bas", base, "--mot", head, capsys=capsys)
    assert code == 0 and "HEMLIGT" not in out and "2025/26" not in out
    assert not list(Path(tempfile.gettempdir()).glob("ska-granska-*"))  # the snapshot is gone


def test_a_summary_too_long_for_githubs_job_summary_is_cut_at_a_section(repo, capsys):
    base = git(repo, "rev-parse", "HEAD")
    head = new_year(repo)
    _, whole = review(repo, "--bas", base, "--mot", head, capsys=capsys)
    _, cut = review(repo, "--bas", base, "--mot", head, "--högst", "2600", capsys=capsys)
    assert len(cut) < len(whole) and len(cut) <= 2600
    assert "#### Eneskolan, läsåret 2025/26 (nytt läsår)" in cut  # whole sections, in order, until one does not fit
    assert re.search(r"… och \d enheter och läsår till, som inte får plats här: kör `ska granska` själv\.", cut)


def test_a_unit_closed(repo, capsys):
    base = git(repo, "rev-parse", "HEAD")
    unit = VALID_CONTENT["content/units/eneskolan.yaml"].replace("opened: 1998-08-15\n", "opened: 1998-08-15\nclosed: 2025-06-30\n")
    head = commit(repo, "stängd", {"content/units/eneskolan.yaml": unit})
    code, out = review(repo, "--bas", base, "--mot", head, capsys=capsys)
    assert code == 0, out
    assert "➖ **Enhet stängd eller borttagen:** Eneskolan (`eneskolan`) 2025\\-06\\-30." in out
    assert "- content\\/units\\/eneskolan\\.yaml" in out
