"""Paper and PDF: the year summary printed from a reader's browser, and the report for the committee.

The example site is built once with ``report_pdf: true`` in a git repository of its own (the cover names
the commit), which prints each year summary to a PDF beside it (workflow/report.py, Debian's chromium).
poppler-utils (pdfinfo, pdftotext) reads the PDF as a reader's tools do; pypdf reads its structure.
Then the summary is printed as a reader's browser prints it (print media, no cover). Last, the `ska
rapport` command, and what it and the build say when the engine is missing.
"""

from __future__ import annotations

import builtins
import datetime
import logging
import re
import shutil
import subprocess
import sys
from html import unescape
from pathlib import Path

import pytest
from conftest import report_measurement, unavailable
from ska import cli
from ska import formatting as fmt
from ska.workflow import report
from test_browser import example_content
from test_plugin_options import built, options, site_project
from test_site import build_site, make_project

YEAR = "2024/25"
BUILT = datetime.datetime(2025, 9, 30, 12, tzinfo=datetime.timezone.utc)  # the example's build (SOURCE_DATE_EPOCH)
BUILT_ON = "30 september 2025"
HEADER = f"Åsby kommun · Läsåret {YEAR} · {BUILT_ON}"
PAGES_TARGET = 12  # A4 pages for the example's summary printed from the browser (issue 14)


def need_poppler() -> None:
    if not shutil.which("pdftotext") or not shutil.which("pdfinfo"):
        unavailable("poppler-utils is missing (apt-get install poppler-utils)")


def need_engine() -> None:
    try:
        report.check_engine()
    except report.ReportError as exc:
        unavailable(str(exc))


def pages_of(pdf: Path, layout: bool = False) -> list[str]:
    """The text of each page (pdftotext separates pages with a form feed)."""
    out = subprocess.run(["pdftotext", *(["-layout"] if layout else []), str(pdf), "-"], capture_output=True,
                         text=True, check=True).stdout
    return out.split("\f")[:-1]


def info(pdf: Path) -> dict[str, str]:
    out = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    return {key.strip(): value.strip() for key, _, value in (line.partition(":") for line in out.splitlines())}


def text_of(html: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def article(html: str) -> str:
    return html[html.index("<article"):html.index("</article>")]


def headings(html: str, levels: str = "1-6") -> list[str]:
    """The page's headings in order, without the permalink sign."""
    found = re.findall(rf"<h([{levels}])[^>]*>(.*?)</h\1>", article(html), flags=re.DOTALL)
    return [text_of(re.sub(r'<a class="headerlink".*?</a>', "", inner)) for _, inner in found]


def figures_with_alt(pdf: Path) -> list[str]:
    """The alt text of every outermost Figure in the PDF's structure tree, in order. (Chromium tags plotly's
    SVG layers as figures inside the chart's; a reader's tools read the outer one's alt text instead.)"""
    from pypdf import PdfReader

    found = []

    def walk(node):
        node = node.get_object()
        if isinstance(node, list):
            for child in node:
                walk(child)
        elif isinstance(node, dict):
            if node.get("/S") == "/Figure":
                found.append(str(node.get("/Alt", "")))
            elif "/K" in node:
                walk(node["/K"])

    walk(PdfReader(str(pdf)).trailer["/Root"]["/StructTreeRoot"])
    return found


# -- the example site, built with its PDFs ---------------------------------------------------------------

@pytest.fixture(scope="module")
def example(tmp_path_factory):
    need_poppler()
    need_engine()
    tmp = tmp_path_factory.mktemp("report")
    project = make_project(tmp / "project", example_content(tmp / "generated"))
    config = project / "mkdocs.yml"
    config.write_text(config.read_text("utf-8").replace("  - ska:\n", "  - ska:\n      report_pdf: true\n", 1), "utf-8")
    git = ["git", "-c", "user.name=Test", "-c", "user.email=test@example.invalid"]
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "Innehållet"]):
        subprocess.run([*git, *args], cwd=project, check=True, capture_output=True)
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=project, check=True, capture_output=True,
                            text=True).stdout.strip()
    with pytest.MonkeyPatch.context() as patch:  # the PDF's date is the build's, pinned: no race with midnight
        patch.setenv("SOURCE_DATE_EPOCH", str(int(BUILT.timestamp())))
        site = build_site(project)
    slug = YEAR.replace("/", "-")
    return {"project": project, "site": site, "commit": commit, "pdf": site / report.report_path(YEAR),
            "html": (site / f"ar/{slug}/index.html").read_text("utf-8")}


@pytest.fixture(scope="module")
def pdf_pages(example) -> list[str]:
    return pages_of(example["pdf"])


def test_each_year_summary_gets_its_pdf_and_links_it(example):
    site = example["site"]
    for summary in sorted(site.glob("ar/*/index.html")):
        slug = summary.parent.name
        pdf = summary.parent / f"kvalitetsrapport-{slug}.pdf"
        assert pdf.is_file() and pdf.read_bytes().startswith(b"%PDF"), pdf
        link = re.search(rf'<a href="kvalitetsrapport-{slug}\.pdf" class="[^"]*ska-action[^"]*" download>(.*?)</a>',
                         summary.read_text("utf-8"), flags=re.DOTALL)
        assert link and text_of(link.group(1)) == "Ladda ner som PDF"


def test_the_pdf_is_tagged_titled_and_in_swedish(example):
    from pypdf import PdfReader

    meta = info(example["pdf"])
    assert meta["Tagged"] == "yes"
    assert meta["Title"] == f"Systematiskt kvalitetsarbete läsåret {YEAR} – Åsby kommun"
    assert PdfReader(str(example["pdf"])).trailer["/Root"]["/Lang"] == "sv"
    assert meta["Page size"].endswith("(A4)")


def test_the_cover_names_municipality_committee_year_date_and_version(example, pdf_pages):
    cover = " ".join(pdf_pages[0].split())
    for words in ("Åsby kommun", "Systematiskt kvalitetsarbete", f"Läsåret {YEAR}", "Till Barn- och utbildningsnämnden",
                  f"Läsår {YEAR}", f"Datum {BUILT_ON}", f"Version {example['commit']}"):
        assert words in cover
    assert "Sida" not in cover and HEADER not in cover  # the cover has no header or page number


def test_every_other_page_has_the_header_and_its_number(pdf_pages):
    total = len(pdf_pages)
    for number, text in enumerate(pdf_pages[1:], start=2):
        assert HEADER in text, f"page {number} has no running header"
        assert f"Sida {number} av {total}" in text, f"page {number} has no page number"


def test_the_contents_list_each_section_with_the_page_it_starts_on(example, pdf_pages):
    sections = headings(example["html"], "2")
    contents = pages_of(example["pdf"], layout=True)[1]
    listed = [(title, int(page)) for title, page in re.findall(r"(?m)^\s*(\S.*?\S)\s{2,}(\d+)\s*$", contents)]
    assert "Innehåll" in contents and [title for title, _ in listed] == sections
    for title, page in listed:
        assert title in " ".join(pdf_pages[page - 1].split()), f"{title} is not on page {page}"


def test_the_headings_come_out_in_order_and_as_bookmarks(example, pdf_pages):
    from pypdf import PdfReader

    text = " ".join(" ".join(pdf_pages[2:]).split())  # after the cover and the contents
    at = 0
    for title in headings(example["html"], "2-4"):
        found = text.find(title, at)
        assert found >= 0, f"{title!r} is missing or out of order"
        at = found + len(title)
    reader = PdfReader(str(example["pdf"]))

    def titles(items):
        for item in items:
            yield from titles(item) if isinstance(item, list) else [item.title]

    assert list(titles(reader.outline)) == [f"Läsåret {YEAR}", "Innehåll", *headings(example["html"], "2-6")]


def test_every_chart_is_in_the_pdf_as_a_figure_with_its_alt_text_and_words(example, pdf_pages):
    html = article(example["html"])
    labels = [unescape(label) for label in re.findall(r'<div class="ska-chart" role="img" aria-label="([^"]*)"', html)]
    assert labels, "the example's summary has no chart to check"
    assert figures_with_alt(example["pdf"]) == labels
    # each chart's summary on the page with the chart (pdftotext may read a line's end after the chart's words)
    for summary in re.findall(r'<p class="ska-figure__summary">(.*?)</p>', html, flags=re.DOTALL):
        words = text_of(summary).split()
        page = next((p for p in pdf_pages if " ".join(words[:6]) in " ".join(p.split())), "")
        assert set(words) <= set(page.split()), summary
    # vector graphics: the charts are drawn, not pictures of them
    images = subprocess.run(["pdfimages", "-list", str(example["pdf"])], capture_output=True, text=True,
                            check=True).stdout
    assert len(images.strip().splitlines()) <= 2, images  # the header lines only


def test_links_lead_to_the_published_site_never_to_the_printing_machine(example):
    from pypdf import PdfReader

    uris = [annot.get_object()["/A"]["/URI"] for page in PdfReader(str(example["pdf"])).pages
            for annot in page.get("/Annots") or [] if "/URI" in annot.get_object().get("/A", {})]
    assert uris and all(uri.startswith("http://localhost:8000/") for uri in uris)
    assert b"127.0.0.1" not in example["pdf"].read_bytes()


def test_print_buttons_on_a_years_pages_and_unit_years_only(example):
    site = example["site"]
    unit_year = next(site.glob("enheter/*/2024-25/index.html")).read_text("utf-8")
    details = [(site / "ar/2024-25" / name / "index.html").read_text("utf-8")
               for name in ("forandringar", "kon", "spridning", "teman", "sjalvskattning")]
    for html in (example["html"], unit_year, *details):
        assert re.search(r'<button type="button" class="md-content__button ska-action" data-ska-print hidden>',
                         html)
        assert 'data-running="Åsby kommun · ' in html
    for html in (unit_year, *details):
        assert "Ladda ner som PDF" not in html
    for other in ("index.html", "ar/index.html", "enheter/index.html"):
        assert "data-ska-print" not in (site / other).read_text("utf-8"), other


# -- printed from a reader's browser ---------------------------------------------------------------------

@pytest.fixture(scope="module")
def served(example):
    with report.serve(example["site"]) as base:
        yield base


@pytest.fixture
def tab(example, browser, served):  # example first: the build's own playwright must be done before this one
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme="dark", locale="sv-SE")
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    yield page
    assert page.errors == []
    context.close()


def open_summary(tab, served):
    tab.goto(f"{served}ar/{YEAR.replace('/', '-')}/", wait_until="load")
    tab.wait_for_function("() => [...document.querySelectorAll('.ska-chart')].every((el) => el.querySelector('.main-svg'))")


def test_the_print_button_is_a_button_that_prints_and_is_not_printed(tab, served):
    open_summary(tab, served)
    button = tab.locator("button[data-ska-print]")
    assert button.is_visible() and button.inner_text().strip() == "Skriv ut"
    tab.evaluate("() => { window.print = () => { window.printed = (window.printed || 0) + 1; }; }")
    button.focus()
    tab.keyboard.press("Enter")
    assert tab.evaluate("window.printed") == 1
    tab.emulate_media(media="print")
    assert not button.is_visible()


def test_charts_are_drawn_for_paper_even_if_never_shown(tab, served):
    open_summary(tab, served)
    result = tab.evaluate("""() => {
      const width = (el) => el.querySelector('.main-svg').getBoundingClientRect().width;
      const shown = document.querySelector('.ska-chart');
      const screen = width(shown);
      // a chart in a collapsed block that was never drawn
      const block = Object.assign(document.createElement('details'), { className: 'ska-data' });
      const hidden = Object.assign(document.createElement('div'), { className: 'ska-chart' });
      hidden.dataset.figure = shown.dataset.figure;
      block.append(document.createElement('summary'), hidden);
      shown.closest('.ska-figure').after(block);
      window.dispatchEvent(new Event('beforeprint'));
      const probe = Object.assign(document.createElement('div'), { style: 'width: var(--ska-print-width)' });
      document.body.append(probe);
      const paper = Math.floor(probe.getBoundingClientRect().width);
      const printed = { shown: width(shown), hidden: hidden.querySelector('.main-svg') && width(hidden), open: block.open,
                        tick: getComputedStyle(shown.querySelector('.xtick text, .ytick text')).fill };
      window.dispatchEvent(new Event('afterprint'));
      return { screen, paper, printed, after: width(shown), closed: !block.open };
    }""")
    assert result["printed"]["shown"] == result["paper"] == result["printed"]["hidden"] != result["screen"]
    assert result["printed"]["open"] and result["closed"] and result["after"] == result["screen"]
    assert result["printed"]["tick"] == "rgb(0, 0, 0)"  # the light palette on paper, though the screen is dark


def test_the_printed_summary(example, tab, served, pytestconfig, tmp_path):
    before = datetime.date.today()
    open_summary(tab, served)
    tab.set_viewport_size({"width": 680, "height": 900})  # the printed text's width (--ska-print-width)
    tab.emulate_media(media="print")
    tab.wait_for_function("document.documentElement.dataset.skaPrint === 'ready'")
    wider = tab.evaluate("""() => [...document.querySelectorAll('.md-content *')]
      .filter((el) => el.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
      .map((el) => el.tagName + '.' + el.className)""")
    assert wider == [], "wider than the page: Chromium would shrink the whole page to fit"
    pdf = tmp_path / "printed.pdf"
    pdf.write_bytes(tab.pdf(**report.PRINT))
    printed = pages_of(pdf)
    # printed from the browser, the header has the day of printing: the one it began or ended on
    days = {fmt.long_date(day.isoformat()) for day in (before, datetime.date.today())}
    report_measurement(pytestconfig, f"Årssammanställningen {YEAR} utskriven från webbläsaren: {len(printed)} A4-sidor "
                                     f"(mål: högst {PAGES_TARGET}); som PDF med försättsblad och innehåll: "
                                     f"{info(example['pdf'])['Pages']} sidor.")
    assert len(printed) <= PAGES_TARGET
    text = " ".join(" ".join(printed).split())
    for number, page in enumerate(printed, start=1):
        assert any(f"Åsby kommun · Läsåret {YEAR} · {day}" in page for day in days), f"page {number}"
        assert f"Sida {number} av {len(printed)}" in page, f"page {number}"
    for chrome in ("Skriv ut", "Ladda ner som PDF", "Hoppa till tabellen", "Redigera källfilen", "Sök", "Gå till innehållet"):
        assert chrome not in text, chrome
    # a heading is never the last thing on a page
    titles = set(headings(example["html"], "2-4"))
    for number, page in enumerate(printed[:-1], start=1):
        lines = [line.strip() for line in page.splitlines() if line.strip() and not line.strip().startswith("Sida ")]
        assert lines[-1] not in titles, f"page {number} ends with the heading {lines[-1]!r}"


# -- the command, and the engine missing -----------------------------------------------------------------

def ska(*args: str) -> subprocess.CompletedProcess:
    """The `ska` command in a process of its own (this one may have a browser open through playwright)."""
    return subprocess.run([sys.executable, "-m", "ska.cli", *args], capture_output=True, text=True, timeout=600,
                          check=False)


def test_ska_rapport_from_a_built_site_with_committee_and_date(example, tmp_path):
    out = tmp_path / "handlingar" / "rapport.pdf"
    said = ska("rapport", "2024-25", "--sajt", str(example["site"]), "--ut", str(out), "--namnd", "Kommunstyrelsen",
               "--datum", "2025-09-15")
    assert said.returncode == 0, said.stderr
    pages = pages_of(out)
    assert f"Rapporten för läsåret {YEAR} finns i {out} ({len(pages)} sidor)." in said.stdout
    cover = " ".join(pages[0].split())
    assert "Till Kommunstyrelsen" in cover and "Datum 15 september 2025" in cover
    assert f"Åsby kommun · Läsåret {YEAR} · 15 september 2025" in pages[1]


def test_ska_rapport_builds_the_site_first(tmp_path):
    need_poppler()
    need_engine()
    small = site_project(tmp_path / "p")
    out = tmp_path / "rapport.pdf"
    said = ska("rapport", YEAR, "--path", str(small), "--ut", str(out))
    assert said.returncode == 0, said.stderr
    assert said.stdout.startswith("Bygger sajten …\n") and not (small / "site").exists()
    assert info(out)["Tagged"] == "yes" and f"Läsåret {YEAR}" in pages_of(out)[0]


def test_ska_rapport_says_which_year_has_no_summary(example, tmp_path, capsys):
    assert cli.main(["rapport", "2015/16", "--sajt", str(example["site"]), "--ut", str(tmp_path / "x.pdf")]) == 1
    assert "sajten har ingen sammanställning för läsåret 2015/16" in capsys.readouterr().err
    assert not (tmp_path / "x.pdf").exists()


@pytest.fixture
def no_playwright(monkeypatch):
    """As if the `[pdf]` extra were not installed: importing playwright fails."""
    real = builtins.__import__

    def imports(name, *args, **kwargs):
        if name == "playwright" or name.startswith("playwright."):
            raise ImportError(f"No module named {name!r}")
        return real(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", imports)


def test_without_the_engine_the_command_says_how_to_install_it(no_playwright, project, capsys):
    code = cli.main(["rapport", YEAR, "--path", str(project)])
    err = capsys.readouterr().err
    assert code == 1
    assert "Python-paketet playwright" in err and "saknas" in err
    assert "pip install -e '.[pdf]'" in err and "apt-get install chromium" in err
    assert "Traceback" not in err and "\\n" not in err


def test_without_the_engine_a_build_with_report_pdf_stops_in_swedish(no_playwright, tmp_path, caplog):
    from mkdocs.exceptions import Abort, PluginError

    with caplog.at_level(logging.ERROR), pytest.raises((PluginError, Abort)):
        built(site_project(tmp_path / "p", "report_pdf: true"))
    assert "pip install -e '.[pdf]'" in caplog.text and "ta bort `report_pdf: true`" in caplog.text


def test_report_pdf_is_off_by_default_and_a_switch():
    config, errors = options()
    assert errors == [] and config.report_pdf is False and config.committee == "Barn- och utbildningsnämnden"
    _, errors = options(report_pdf="ja")
    assert errors == [("report_pdf: report_pdf ska vara true eller false, men är text: ja. Skriv till exempel "
                       "`report_pdf: true` under ska i plugins i mkdocs.yml.")]
    _, errors = options(committee=["BUN"])
    assert "committee (nämnden som får rapporten) ska vara text" in errors[0]


def test_the_pdf_command_is_listed_in_swedish(capsys):
    with pytest.raises(SystemExit):
        cli.main(["rapport", "--help"])
    out = capsys.readouterr().out
    assert "användning: ska rapport" in out and "--sajt MAPP" in out and "pip install -e '.[pdf]'" in out

