"""Charts in a reader's browser: plotly.js only where a page has a chart (also after instant navigation),
an image that takes no focus, and a keyboard path from a chart to its table.

Reuses ``test_browser``'s site, server and browser (built again for this module); each test here opens
its own tab, so that what one page loaded does not hide what another would.
"""

from __future__ import annotations

import re

import pytest

from test_browser import (ALL_CHARTS_DRAWN, TIMEOUT_MS, click_link_to, instant_navigation,  # noqa: F401
                          latest, server, summary, wait_until)

PLOTLY = re.compile(r"/assets/ska/plotly\.min\.js$")


@pytest.fixture
def tab(browser, server):  # noqa: F811 - the fixture imported above
    """A fresh tab that records every request and error."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme="light", locale="sv-SE")
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    page.requests, page.errors = [], []
    page.on("request", lambda request: page.requests.append(request.url))
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    page.on("console", lambda msg: msg.type == "error" and page.errors.append(msg.text))
    yield page
    assert page.errors == []
    context.close()


def plotly_requests(page) -> list[str]:
    return [url for url in page.requests if PLOTLY.search(url)]


def test_a_page_without_charts_does_not_load_plotly(tab, server):  # noqa: F811
    tab.goto(f"{server['base']}ar/", wait_until="load")
    tab.wait_for_timeout(300)
    assert tab.evaluate("document.querySelector('.ska-chart')") is None
    assert tab.evaluate("typeof Plotly") == "undefined"
    assert plotly_requests(tab) == []


def test_charts_draw_after_instant_navigation_from_a_page_without_charts(tab, server, summary):  # noqa: F811
    tab.goto(f"{server['base']}ar/", wait_until="load")
    instant_navigation(tab, lambda: click_link_to(tab, summary))
    assert tab.url == summary
    wait_until(tab, ALL_CHARTS_DRAWN, failure="the charts were not drawn after instant navigation")
    assert len(plotly_requests(tab)) == 1
    assert tab.evaluate("document.querySelectorAll('script[src$=\"plotly.min.js\"]').length") == 1
    # and on: a unit's page draws with the plotly.js already there, asking for it no more
    link = tab.locator(f'table.ska-sortable a[href*="enheter/"][href$="/{summary.rstrip("/").rsplit("/", 1)[1]}/"]').first
    instant_navigation(tab, link.click)
    wait_until(tab, ALL_CHARTS_DRAWN, failure="the charts were not drawn on the next page")
    assert len(plotly_requests(tab)) == 1


def test_nothing_inside_a_chart_takes_focus(tab, summary):  # noqa: F811
    tab.goto(summary, wait_until="load")
    wait_until(tab, ALL_CHARTS_DRAWN, failure="the charts were not drawn")
    found = tab.evaluate("""() => [...document.querySelectorAll('[role="img"]')].map((img) => ({
      inside: img.querySelectorAll('*').length,
      focusable: [...img.querySelectorAll('*')].filter((el) => el.tabIndex >= 0
        || el.matches('a[href], button, input, select, textarea, [contenteditable], [tabindex]:not([tabindex="-1"])'))
        .map((el) => el.outerHTML.slice(0, 80)),
      modebar: img.querySelectorAll('.modebar, .modebar-btn').length,
    }))""")
    assert found and all(chart["inside"] > 50 for chart in found)  # drawn, so there was something to check
    assert [chart["focusable"] for chart in found if chart["focusable"]] == []
    assert all(chart["modebar"] == 0 for chart in found)
    # from the words above the first chart, the next Tab stop is past the chart: its link to the table
    tab.evaluate("""() => {
      const summary = document.querySelector('.ska-figure__summary');
      summary.tabIndex = -1;
      summary.focus();
    }""")
    tab.keyboard.press("Tab")
    assert tab.evaluate("document.activeElement.closest('.ska-figure__link') !== null")


def test_the_link_to_the_table_opens_a_collapsed_table(tab, summary):  # noqa: F811
    tab.goto(summary, wait_until="load")
    wait_until(tab, ALL_CHARTS_DRAWN, failure="the charts were not drawn")
    # a table collapsed in <details class="ska-data">, as a page may show one
    target = tab.evaluate("""() => {
      const link = document.querySelector('.ska-figure__link a');
      const table = document.getElementById(decodeURIComponent(link.hash.slice(1)));
      const details = document.createElement('details');
      details.className = 'ska-data';
      details.innerHTML = '<summary>Siffrorna</summary>';
      table.replaceWith(details);
      details.append(table);
      return table.id;
    }""")
    # Material's instant navigation may fetch the page again for the link and put in a fresh copy (without the
    # details made here): then charts.js opens what the address points at on the new page (init).
    tab.locator(".ska-figure__link a").first.focus()
    tab.keyboard.press("Enter")
    wait_until(tab, "(id) => location.hash === '#' + id", target, failure="following the link did not reach the table")
    wait_until(tab, "(id) => { const d = document.getElementById(id)?.closest('details'); return !d || d.open; }",
               target, failure="the collapsed table was not opened")
    # the same table collapsed again, reached by its address (hashchange) without instant navigation
    tab.evaluate("""(id) => {
      history.replaceState(null, '', '#');
      const table = document.getElementById(id);
      const details = document.createElement('details');
      details.className = 'ska-data';
      details.innerHTML = '<summary>Siffrorna</summary>';
      table.replaceWith(details);
      details.append(table);
      location.hash = id;
    }""", target)
    # (a fresh copy from instant navigation may still arrive, late on a loaded machine: then nothing is collapsed)
    wait_until(tab, "(id) => { const d = document.getElementById(id)?.closest('details'); return !d || d.open; }",
               target, failure="the collapsed table was not opened when the address pointed at it")
    wait_until(tab, """(id) => {
      const box = document.getElementById(id).getBoundingClientRect();
      return box.height > 0 && box.top < innerHeight && box.bottom > 0;
    }""", target, failure="the table is not in view")


def test_a_hidden_figure_says_why_on_hover(tab, summary):  # noqa: F811
    tab.goto(summary + "spridning/", wait_until="load")  # the spread per unit, where hidden units are ".."
    wait_until(tab, ALL_CHARTS_DRAWN, failure="the charts were not drawn")
    marks = tab.locator(".ska-chart .annotation").filter(has_text=re.compile(r"^\.\.$"))
    if not marks.count():
        pytest.fail("the example's spread charts should show a hidden unit as '..'")
    marks.first.scroll_into_view_if_needed()
    marks.first.hover()
    wait_until(tab, "() => [...document.querySelectorAll('.hoverlayer')].some((layer) => /dolt\\. Färre än \\d+/.test(layer.textContent))",
               failure="hovering a '..' did not say why the figure is hidden")
