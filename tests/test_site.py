"""Build the example site in a temporary project and check what a reader sees in the HTML."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from mkdocs.commands.build import build
from mkdocs.config import load_config

from ska import pipeline

REPO = Path(__file__).resolve().parent.parent
NBSP = "\u00a0"


def make_project(target: Path, content: Path = REPO / "content") -> Path:
    for name in ("docs", "schemas"):
        shutil.copytree(REPO / name, target / name)
    shutil.copytree(content, target / "content")
    shutil.copy(REPO / "mkdocs.yml", target / "mkdocs.yml")
    return target


def build_site(project: Path) -> Path:
    config = load_config(str(project / "mkdocs.yml"), site_dir=str(project / "site"), strict=True)
    build(config)
    return project / "site"


def read(site: Path, path: str) -> str:
    return (site / path).read_text("utf-8")


def text_of(html: str) -> str:
    """The visible text, roughly: tags removed, entities for spaces folded."""
    return re.sub(r"<[^>]+>", " ", html).replace("&nbsp;", NBSP)


@pytest.fixture(scope="module")
def example(tmp_path_factory) -> Path:
    project = make_project(tmp_path_factory.mktemp("example"))
    build_site(project)
    return project


@pytest.fixture(scope="module")
def content(example):
    return pipeline.build(example, use_cache=False).content


def test_every_page_type_exists(example, content):
    site = example / "site"
    latest = content.school_years[-1].replace("/", "-")
    unit = next(u for u, y in content.unit_years if y == content.school_years[-1])
    for path in ("index.html", "ar/index.html", f"ar/{latest}/index.html", "enheter/index.html",
                 f"enheter/{unit}/index.html", f"enheter/{unit}/{latest}/index.html",
                 "indikatorer/index.html", f"indikatorer/{next(iter(content.indicators))}/index.html",
                 f"ar/{latest}/resultat-{latest}.csv", f"ar/{latest}/resultat-{latest}.xlsx",
                 "assets/ska/plotly.min.js", "assets/ska/charts.js"):
        assert (site / path).is_file(), path


def test_start_page_shows_latest_year_at_a_glance(example, content):
    html = read(example / "site", "index.html")
    year = content.school_years[-1]
    assert f"Läsåret {year} i korthet" in html
    assert "ska-card" in html
    assert ("procentenheter" in html) or ("poäng" in html)


def test_year_summary_shows_goals_with_direction_in_words(example, content):
    year = content.school_years[-1]
    html = read(example / "site", f"ar/{year.replace('/', '-')}/index.html")
    assert "Mål och måluppfyllelse" in html
    assert re.search(r"(Ökade|Minskade|Oförändrat)(, (inte )?i önskad riktning)?", html)
    for heading in ("Resultat per stadium och kön", "Spridning mellan enheterna", "Inspektioner", "Klagomål",
                    "Personalens sjukfrånvaro", "Program och insatser", "Ladda ner"):
        assert heading in html, heading
    assert "ska-chart" in html and "data-figure" in html


def test_year_summary_follows_up_last_years_recommendations(example):
    """The newest year's summary has last year's recommendations, one row each: owner, due date, this year's
    status (or last year's, said so), overdue in words, and each linked indicator's figure in both years with
    the change and what each figure covers, as the goal tables show them."""
    from ska.domain import ALL_STAGES
    built = pipeline.build(example, use_cache=False)
    html = read(example / "site", "ar/2024-25/index.html")
    section = html.split('id="uppfoljning-av-forra-arets-rekommendationer"', 1)[1].split("</table>", 1)[0]
    # a recommendation's row, and under it, across the table, its indicators' figures
    rows, last = {}, ""
    for row in section.split("<tr")[2:]:
        if row.startswith(' class="ska-recommendation-figures"'):
            rows[last] += " " + " ".join(text_of(row).split())
        else:
            last = re.search(r"<td>(.*?)</td>", row, re.S)[1]
            rows[last] = " ".join(text_of(row).split())
    assert len(rows) == 3  # the three of 2023/24, one row each
    done, late, planned = (next(t for k, t in rows.items() if words in k)
                           for words in ("Registrera varje insats", "Följ trygghet", "Fördjupa analysen"))
    assert "Utbildningskontoret" in done and "juni 2024" in done and "Genomförd" in done and "Försenad" not in done
    assert "insatsregister" in done  # this year's comment
    assert "Rektors förutsättningar för pedagogiskt ledarskap" in done  # the linked improvement area, by name
    assert "Grundskolechef" in late and "15 december 2024" in late and "Pågår" in late
    assert "Försenad: inte genomförd, skulle vara klar 15 december 2024" in late
    assert "Planerad (enligt 2023/24)" in planned and "Försenad" not in planned  # due June 2025: not late
    assert "Försenade: 1." in text_of(html)
    current = text_of(html.split('id="rekommendationer"', 1)[1].split("</table>", 1)[0])
    assert "Årskurs 7: definiera ett mottagningsprogram" in current and "december 2025" in current
    assert "Grundskolechef" in current and "Planerad" in current and "Studiero" in current
    views, results = built.views, built.results
    for row, ind_id in ((late, "trygghet"), (late, "studiero"), (planned, "meritvarde-ak9")):
        indicator = built.content.indicators[ind_id]
        before, now = (results.municipality(y, ind_id, ALL_STAGES) for y in ("2023/24", "2024/25"))
        shown = " ".join(row.split())
        for year, figure in (("2023/24", before), ("2024/25", now)):
            cell = views.cell(figure, indicator)
            assert f"{year} {' '.join(cell.text.split())} {figure.units_covered} av {figure.units_reporting} enheter" \
                in shown  # and what the figure covers
        change = views.change(indicator, now, before, "2024/25", "2023/24")
        assert f"förändring {' '.join(change.text.split())}" in shown and change.sort is not None


def test_unit_year_page_shows_results_against_last_year_and_municipality(example, content):
    year = content.school_years[-1]
    unit = next(u for u, y in content.unit_years if y == year and content.unit_years[(u, y)].results)
    html = read(example / "site", f"enheter/{unit}/{year.replace('/', '-')}/index.html")
    assert "Föregående år" in html and "Kommunen" in html
    plan = content.unit_years[(unit, year)]
    if plan.improvement_areas:
        assert plan.improvement_areas[0].title.replace("&", "&amp;") in html


def test_edit_link_points_at_the_source_yaml(example, content):
    year = content.school_years[-1]
    unit = next(u for u, y in content.unit_years if y == year)
    html = read(example / "site", f"enheter/{unit}/{year.replace('/', '-')}/index.html")
    assert f"content/years/{year.replace('/', '-')}/units/{unit}.yaml" in html


def test_suppressed_group_shows_dots_and_is_marked_without_its_value_in_the_download(example, content):
    year = content.school_years[-1]
    hit = next(((u, r, g) for (u, y), plan in content.unit_years.items() if y == year
                for r in plan.results for g, f in r.figures() if f.status == "too_few"), None)
    assert hit, "the example content should have a suppressed group"
    unit, result, group = hit
    slug = year.replace("/", "-")
    html = read(example / "site", f"enheter/{unit}/{slug}/index.html")
    assert 'class="ska-suppressed"' in html and ">..</abbr>" in html
    rows = list(csv.DictReader(io.StringIO((example / "site" / f"ar/{slug}/resultat-{slug}.csv").read_bytes().decode("utf-8-sig")), delimiter=";"))
    names = {"total": "Totalt", "girls": "Flickor", "boys": "Pojkar"}
    assert rows, "the download has rows"
    hidden = [r for r in rows if r["Enhet"] == unit and r["Indikator"] == result.indicator
              and r["Stadium"] == result.stage and r["Grupp"] == names[group]]
    assert hidden, "a hidden figure is a row in the download, marked, not dropped"
    assert all(r["Status"] == ".." and r["Värde"] == r["Täljare"] == r["Nämnare"] == "" for r in hidden)


def test_no_request_to_another_host(example):
    """No page or style sheet loads anything from another host: no CDN, no web fonts, no link prefetched.

    Third-party bundles (Material's, plotly.min.js) carry URLs in strings that are
    never requested by our pages; the browser test records every request made.
    """
    offenders = []
    files = [p for p in (example / "site").rglob("*") if p.suffix in {".html", ".css"}]
    files += list((example / "site" / "assets" / "ska").glob("*.[cj]s*"))
    for path in files:
        if path.name == "plotly.min.js":
            continue
        text = path.read_text("utf-8", errors="replace")
        if path.suffix == ".js":
            offenders += [f"{path.name}: {m}" for m in re.findall(r"https?://[^\s\"']+", text)]
            continue
        # src= anywhere and <link href=> load something; <a href=> is a link a reader may follow (the
        # accessibility statement links to the supervising authority).
        for match in re.finditer(r"""(?:src|<link\b[^>]*?\bhref)\s*=\s*["'](?:https?:)?//([^/"']+)|url\(\s*["']?(?:https?:)?//([^/)"']+)|@import\s+["']?https?://""", text):
            host = (match.group(1) or match.group(2) or "").split(":")[0]
            if host not in {"localhost", "127.0.0.1", "git.example.invalid"}:
                offenders.append(f"{path.relative_to(example)}: {match.group(0)}")
    assert offenders == []


class Elements(HTMLParser):
    """Every start tag with its attributes, as a browser would build them."""

    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, {k: v or "" for k, v in attrs}))

    @classmethod
    def of(cls, html: str) -> list[tuple[str, dict]]:
        parser = cls()
        parser.feed(html)
        return parser.tags


def test_every_link_leads_to_a_page_and_anchor_that_exist(example):
    """Generated pages link by published URL (MkDocs does not check those): every local link resolves."""
    site = example / "site"
    pages = {path: Elements.of(path.read_text("utf-8")) for path in site.rglob("*.html")}
    ids = {path: {a["id"] for _, a in tags if "id" in a} for path, tags in pages.items()}
    broken = []
    for path, tags in pages.items():
        for tag, attrs in tags:
            link = attrs.get("href") or attrs.get("src") or ""
            if not link or re.match(r"[a-z]+:", link) or (tag == "link" and attrs.get("rel") == "canonical"):
                continue
            target, _, anchor = link.partition("#")
            base = site if target.startswith("/") else path.parent  # 404.html links from the site's root
            file = (base / target.lstrip("/")).resolve() if target else path
            if file.is_dir() or target.endswith("/"):
                file = file / "index.html"
            if not file.is_file():
                broken.append(f"{path.relative_to(site)}: {link}")
            elif anchor and file.suffix == ".html" and anchor not in ids.get(file, set()):
                broken.append(f"{path.relative_to(site)}: {link} (no id {anchor})")
    assert len(pages) > 100 and broken == []


def test_generated_pages_have_heading_anchors_and_a_table_of_contents(example, content):
    year = content.school_years[-1]
    unit = next(u for u, y in content.unit_years if y == year and content.unit_years[(u, y)].summary)
    html = read(example / "site", f"enheter/{unit}/{year.replace('/', '-')}/index.html")
    # as Python-Markdown's toc extension with permalink: true (mkdocs.yml) makes them
    assert '<h2 id="sammanfattning">Sammanfattning<a class="headerlink" href="#sammanfattning" ' \
           'title="Permanent link">¶</a></h2>' in html
    toc = html.split('md-nav--secondary', 1)[1].split("</nav>", 1)[0]
    assert 'href="#sammanfattning"' in toc and 'href="#resultat"' in toc
    start = read(example / "site", "index.html")
    assert f'href="#lasaret-{year.replace("/", "")}-i-korthet"' in start.split('md-nav--secondary', 1)[1]


def test_search_finds_what_editors_wrote_but_not_table_cells(example, content):
    year = content.school_years[-1]
    unit, plan = next((u, p) for (u, y), p in content.unit_years.items() if y == year and p.summary and p.results)
    index = json.loads(read(example / "site", "search/search_index.json"))
    page = [d for d in index["docs"] if d["location"].startswith(f"enheter/{unit}/{year.replace('/', '-')}/")]
    text = " ".join(d["text"] for d in page)
    assert " ".join(plan.summary.split()[:6]) in " ".join(text.split())
    assert "ska-num" not in json.dumps(page) and "data-figure" not in json.dumps(page)


EVIL = ('<script>alert(1)</script> Hej <img src=x onerror=alert(2)> '
        '[klicka](javascript:alert(3)) <a href="#" onclick="alert(4)">a</a>')


def test_script_in_text_never_reaches_the_page(tmp_path, content):
    """Nothing an editor writes runs: not in text (Markdown), not in names and tables (blocks)."""
    project = make_project(tmp_path)
    year = content.school_years[-1]
    unit = next(u for u, y in content.unit_years if y == year and content.unit_years[(u, y)].improvement_areas
                and content.unit_years[(u, y)].improvement_areas[0].actions)
    path = project / "content" / "years" / year.replace("/", "-") / "units" / f"{unit}.yaml"
    modeline, text = path.read_text("utf-8").split("\n", 1)
    data = yaml.safe_load(text)
    data["summary"] = EVIL
    area = data["improvement_areas"][0]
    area["title"] = area["background"] = area["actions"][0]["description"] = EVIL
    path.write_text(modeline + "\n" + yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    site = build_site(project)
    html = read(site, f"enheter/{unit}/{year.replace('/', '-')}/index.html")
    article = html.split("<article", 1)[1].split("</article>", 1)[0]
    tags = Elements.of("<article" + article)
    assert "script" not in {tag for tag, _ in tags} and "img" not in {tag for tag, _ in tags}
    assert not [(tag, a) for tag, attrs in tags for a in attrs if a.startswith("on")]
    assert not [attrs for _, attrs in tags if attrs.get("href", "").strip().lower().startswith("javascript:")]
    shown = "&lt;script&gt;alert(1)&lt;/script&gt;"  # as text: the reader sees what was written
    assert article.count(shown) >= 4  # summary, heading, background, the actions table
    assert f"<td>{shown}" in article


def test_seed004_municipality_page_shows_the_printed_total(tmp_path):
    project = make_project(tmp_path, REPO / "tests" / "fixtures" / "seed004" / "content")
    site = build_site(project)
    html = read(site, "ar/2017-18/index.html")
    assert f"85,9{NBSP}%" in text_of(html) or "85,9&nbsp;%" in html


@pytest.fixture(scope="module")
def diff_site(tmp_path_factory) -> Path:
    project = make_project(tmp_path_factory.mktemp("diff"), REPO / "tests" / "fixtures" / "diff" / "content")
    return build_site(project)


def test_unit_year_page_shows_changes_since_last_year(diff_site):
    html = read(diff_site, "enheter/eneskolan/2024-25/index.html").split("<article", 1)[1]
    section = text_of(html.split('id="forandringar-sedan-foregaende-ar"', 1)[1].split("<h2", 1)[0])
    assert "Nytt:" in section and "Matematik: resonemang och problemlösning" in section
    assert "Ny åtgärd: Gemensamma problemlösningslektioner" in section
    assert "Nytt mål:" in section and "Det genomsnittliga meritvärdet i årskurs 9 ska öka." in section


def test_year_changes_page_lists_units_and_largest_movements(diff_site):
    html = read(diff_site, "ar/2024-25/forandringar/index.html").split("<article", 1)[1]
    text = text_of(html)
    assert "Ny:" in text and "Ängsskolan" in text
    assert "Stängd:" in text and "Kvarnbacksskolan" in text and "gick upp i" in text and "Sjöviksskolan" in text
    movements = text.split("Största förändringarna mellan enheterna", 1)[1]
    assert movements.index("Eneskolan") < movements.index("Sjöviksskolan")
    assert f"+4,5{NBSP}procentenheter" in movements and f"+6,5{NBSP}poäng" in movements
    assert "seriebrott" in movements
    # the owner's analysis sentence by sentence: the rewritten sentence removed and added, its changed words bold
    assert '<strong class="ska-textdiff__word">men ligger fortfarande under</strong> målet.</del>' in html
    assert '<strong class="ska-textdiff__word">och närmar sig</strong> målet.</ins>' in html
    assert 'href="forandringar/"' in read(diff_site, "ar/2024-25/index.html")


def test_preview_builds_only_the_chosen_units(tmp_path, monkeypatch, content):
    project = make_project(tmp_path)
    year = content.school_years[-1]
    chosen, other = sorted(u for u, y in content.unit_years if y == year)[:2]
    monkeypatch.setenv("SKA_PREVIEW", chosen)
    site = build_site(project)
    slug = year.replace("/", "-")
    assert (site / f"enheter/{chosen}/{slug}/index.html").is_file()
    assert (site / f"ar/{slug}/index.html").is_file()
    assert not (site / f"enheter/{other}").exists()
    assert not (site / "indikatorer" / next(iter(content.indicators))).exists()


def test_last_changed_from_git_and_a_link_to_the_file_history(tmp_path, content):
    import subprocess

    project = make_project(tmp_path)
    git = ["git", "-c", "user.name=Test", "-c", "user.email=test@example.invalid"]
    subprocess.run(["git", "init", "-q"], cwd=project, check=True)
    subprocess.run(git + ["add", "-A"], cwd=project, check=True)
    subprocess.run(git + ["commit", "-q", "-m", "Innehåll", "--date", "2025-01-20T10:00:00"], cwd=project, check=True,
                   env={"GIT_COMMITTER_DATE": "2025-01-20T10:00:00", "PATH": "/usr/bin:/bin"})
    site = build_site(project)
    year = content.school_years[-1]
    unit = next(u for u, y in content.unit_years if y == year)
    html = read(site, f"enheter/{unit}/{year.replace('/', '-')}/index.html")
    source = f"content/years/{year.replace('/', '-')}/units/{unit}.yaml"
    assert "Senast ändrad 20 januari 2025" in html
    assert f'href="https://git.example.invalid/asby/kvalitetsarbete/commits/main/{source}"' in html


def test_without_git_the_site_builds_without_dates(example, content):
    unit = next(iter(content.units))
    assert "Senast ändrad" not in read(example / "site", f"enheter/{unit}/index.html")


def test_a_new_school_year_builds_strictly_and_shows_what_was_carried(tmp_path, content):
    from ska.workflow.rollover import start_year

    project = make_project(tmp_path)
    start_year(project, "2025/26")
    unit = next(u for u, y in content.unit_years if y == content.school_years[-1]
                and content.unit_years[(u, y)].improvement_areas)
    site = build_site(project)  # strict: the "needs input" warnings must not fail the build
    html = read(site, f"enheter/{unit}/2025-26/index.html")
    assert "Förändringar sedan föregående år" in html and "Fortsätter" in html
    assert (site / "ar/2025-26/forandringar/index.html").is_file()


def test_each_unit_has_its_own_download_over_all_its_years(example, content):
    site = example / "site"
    for unit in content.units:
        page = read(site, f"enheter/{unit}/index.html")
        assert f'href="resultat-{unit}.csv"' in page
        rows = list(csv.DictReader(io.StringIO((site / f"enheter/{unit}/resultat-{unit}.csv").read_bytes()
                                               .decode("utf-8-sig")), delimiter=";"))
        assert {r["Enhet"] for r in rows} <= {unit}
        years = {y for (u, y) in content.unit_years if u == unit}
        if any(plan.results for (u, _), plan in content.unit_years.items() if u == unit):
            assert {r["Läsår"] for r in rows} == {y for y in years
                                                  if content.unit_years[(unit, y)].results}, unit


def test_built_pages_have_no_blank_lines_outside_pre(example):
    """The theme's blank lines and indentation are taken out of every page, generated or written (render.compact)."""
    for path in ("index.html", "ar/2024-25/index.html", "redaktorer/index.html", "enheter/hagaskolan/2024-25/index.html"):
        html = read(example / "site", path)
        outside = re.sub(r"<(pre|textarea)\b.*?</\1\s*>", "<kept>", html, flags=re.S | re.I)
        assert not re.search(r"\n[ \t]*\n", outside), path
        assert not re.search(r"\n[ \t]+", outside), path  # nor indentation
    assert "<pre" in read(example / "site", "redaktorer/index.html")  # the guide's code blocks are still there
