"""WCAG 2.1 AA on every page type, as axe-core sees it in Debian's chromium, and what each page weighs.

The example site is built and served; scripts/accessibility_audit.py opens one page of each type in
light and dark palettes, at desktop width and at 390 px, and runs axe-core (shipped by the PyPI package
axe-playwright-python, never fetched from a CDN). Serious and critical violations fail the test; all
violations and the bytes per page type are printed in the test output.
"""

from __future__ import annotations

import re

import pytest

import accessibility_audit as audit_tool
from conftest import report_measurement
from test_browser import example_content
from test_site import build_site, make_project

PAGE_BUDGET = 150_000  # bytes, gzip: a page without a chart on a first view


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("a11y")
    site = build_site(make_project(tmp / "project", example_content(tmp / "generated")))
    with audit_tool.serve(site) as base:
        yield site, base


@pytest.fixture(scope="module")
def audit(served, browser, pytestconfig):
    site, base = served
    result = audit_tool.run(site, base, browser=browser)
    # printed whether the tests pass or not: moderate and minor findings are worth reading too
    report_measurement(pytestconfig, audit_tool.report(result))
    return result


def test_every_page_type_is_audited(served, audit):
    site, _ = served
    audited = {v for v in audit.transfer}
    expected = {"start", "årssammanställning", "förändringar", "skolform", "enhet", "enhetens år", "indikator",
                "redaktörer", "fältreferens", "404", "tillgänglighet",
                "stadium och kön", "spridning", "teman", "självskattning",
                "verksamhetsdelar", "verksamhetsdel", "verksamhetsdelens år", "insatser", "insats"}
    assert expected <= audited, f"page types not audited: {expected - audited}"


def test_no_serious_or_critical_violations(audit):
    blocking = audit.blocking()
    assert not blocking, "axe-core found serious or critical violations:\n" + "\n".join(
        f"  {v['rule']} ({v['impact']}) on {v['page']}, {v['scheme']}/{v['viewport']}: {v['help']} — "
        + "; ".join(v["targets"]) for v in blocking)


def test_a_page_without_a_chart_is_light(audit):
    for name, transfer in audit.transfer.items():
        plotly = any(s.startswith("plotly") for s in transfer["scripts"])
        if not plotly:
            assert transfer["gzip"] <= PAGE_BUDGET, f"{name} transfers {transfer['gzip']} bytes (gzip) on a first view"


def test_plotly_loads_only_where_a_chart_is(served, audit):
    site, _ = served
    for name, path in audit_tool.page_types(site).items():
        html = (site / path / "index.html" if not path.endswith(".html") else site / path).read_text("utf-8")
        has_chart = 'class="ska-chart' in html
        loaded = any(s.startswith("plotly") for s in audit.transfer[name]["scripts"])
        assert loaded == has_chart, f"{name}: plotly.js loaded {loaded}, chart on the page {has_chart}"
        assert "plotly.min.js" not in html, f"{name} names plotly.min.js in its HTML: charts.js loads it"


def test_search_index_waits_until_the_search_is_opened(served, browser):
    """The search index (the heaviest file at hundreds of units) is fetched when a reader opens the search,
    and the search then finds what it should."""
    site, base = served
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="sv-SE")
    requests: list[str] = []
    context.on("request", lambda request: requests.append(request.url))
    page = context.new_page()
    page.goto(base, wait_until="networkidle")
    assert not [u for u in requests if "search_index" in u], "the search index was fetched before the search was opened"
    page.keyboard.press("s")  # Material's shortcut: focus the search field
    page.wait_for_function("() => document.activeElement?.matches('[data-md-component=search-query]')")
    unit_name = re.search(r"<h1[^>]*>(.*?)<", (site / "enheter/abyskolan/index.html").read_text("utf-8"))[1]
    page.keyboard.type(unit_name.split()[0])
    page.wait_for_selector(".md-search-result__item", timeout=15_000)
    assert [u for u in requests if u.endswith("search/search_index.json")]
    assert unit_name.split()[0].lower() in page.inner_text(".md-search-result__list").lower()
    context.close()


def test_every_table_scrolls_in_a_region_a_keyboard_reaches(served):
    """A generated table sits in div.ska-scroll (tabindex 0), which scrolls it sideways with a shadow as cue."""
    site, _ = served
    bare = []
    for page in site.rglob("*.html"):
        html = page.read_text("utf-8")
        wrapped = len(re.findall(r'<div class="ska-scroll"[^>]*tabindex="0"[^>]*>\s*<table class="ska-table', html))
        if wrapped != html.count('<table class="ska-table'):
            bare.append(page.relative_to(site).as_posix())
    assert not bare, f"tables outside a scroll region: {bare[:5]}"


def test_focus_is_visible_on_links_and_tables(served, browser):
    """Tabbing to a link in the text and to a table that scrolls shows an outline."""
    site, base = served
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="sv-SE")
    page = context.new_page()
    page.goto(base + audit_tool.page_types(site)["enhetens år"], wait_until="load")
    region = page.locator(".ska-scroll:has(#tabell-resultat)")
    region.focus()
    outline = region.evaluate("el => getComputedStyle(el).outlineStyle + ' ' + getComputedStyle(el).outlineWidth")
    assert outline.startswith("solid") and not outline.endswith(" 0px"), outline
    assert region.evaluate("el => el.scrollWidth > el.clientWidth"), "the results table fits at 390 px: nothing to check"
    first = page.locator(".ska-scroll tbody tr td:first-child, .ska-scroll tbody tr th:first-child").first
    assert first.evaluate("el => getComputedStyle(el).position") == "sticky"
    context.close()
