"""Open the built example site in headless Chromium and check what a reader's browser does with it.

The site is built in a temporary project and served from 127.0.0.1; Debian's chromium is driven by
playwright (never a browser of playwright's own). The tests share one page and run in file order,
like one reader's visit: summary page → unit-year page → back → palette → the summary's link to the results
by stage and gender → sorting there; the last test
checks that the whole visit logged no error and asked no other host for anything.
"""

from __future__ import annotations

import functools
import os
import re
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from conftest import TIMEOUT_MS
from test_site import REPO, build_site, make_project

# -- the site, built and served ------------------------------------------------------------------

class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the signature is http.server's
        pass


def example_content(tmp: Path) -> Path:
    """The shipped example content, or synthetic content of the same shape while it is not there yet."""
    if any((REPO / "content" / "units").glob("*.yaml")):
        return REPO / "content"
    import synthetic

    synthetic.generate(tmp / "content", units=8, years=3, seed=1)
    return tmp / "content"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """Build the example site with site_url set to the served address and serve it in a thread."""
    tmp = tmp_path_factory.mktemp("browser")
    project = make_project(tmp / "project", example_content(tmp / "generated"))
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(project / "site")))
    base = f"http://127.0.0.1:{httpd.server_address[1]}/"
    config = project / "mkdocs.yml"
    # Instant navigation only follows links inside site_url, so it must be the address served here.
    config.write_text(re.sub(r"(?m)^site_url:.*$", f"site_url: {base}", config.read_text("utf-8")), "utf-8")
    site = build_site(project)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield {"base": base, "site": site}
    httpd.shutdown()
    httpd.server_close()
    thread.join(timeout=5)


@pytest.fixture(scope="module")
def latest(server) -> str:
    """The latest school year's folder under ar/, e.g. "2024-25"."""
    years = sorted(p.name for p in (server["site"] / "ar").iterdir() if re.fullmatch(r"\d{4}-\d{2}", p.name))
    assert years, "the site has no year summary pages"
    return years[-1]


@pytest.fixture(scope="module")
def summary(server, latest) -> str:
    """The address of the latest year's summary page."""
    return f"{server['base']}ar/{latest}/"


# -- the browser ---------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def browser_log():
    """Everything the browser reported during the visit: console errors, page errors, request URLs."""
    return {"console": [], "pageerror": [], "requests": []}


@pytest.fixture(scope="module")
def page(browser, server, browser_log):
    """One tab for the whole visit, logging console errors, page errors and every request."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme="light",
                                  locale="sv-SE")
    context.set_default_timeout(TIMEOUT_MS)
    context.on("request", lambda request: browser_log["requests"].append(request.url))
    page = context.new_page()
    page.on("console", lambda msg: msg.type == "error" and browser_log["console"].append(
        f"{msg.text} ({msg.location.get('url', '')})"))
    page.on("pageerror", lambda error: browser_log["pageerror"].append(str(error)))
    yield page
    context.close()


# -- helpers -------------------------------------------------------------------------------------

# True once every chart on the current page has been drawn by plotly with a visible width.
ALL_CHARTS_DRAWN = """() => {
  const charts = [...document.querySelectorAll('.ska-chart')];
  return charts.length > 0 && charts.every((el) => {
    const svg = el.querySelector('.main-svg');
    return el.classList.contains('js-plotly-plot') && svg && svg.getBoundingClientRect().width > 0;
  });
}"""


# The colour of a chart's axis labels (the layout's font colour, which follows the palette).
AXIS_TEXT_COLOUR = """(el) => {
  const text = el.querySelector('.xtick text') || el.querySelector('.ytick text');
  return text ? getComputedStyle(text).fill : null;
}"""


def wait_until(page, expression: str, arg=None, *, failure: str) -> None:
    """Wait until the JavaScript ``expression`` (a function of ``arg``) is true; fail with ``failure`` if never."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    try:
        page.wait_for_function(expression, arg=arg, timeout=TIMEOUT_MS)
    except PlaywrightTimeout:
        pytest.fail(f"{failure} (waited {TIMEOUT_MS // 1000} s on {page.url})")


def wait_for_charts(page) -> list[dict]:
    """Wait until every chart on the page is drawn; return each chart's svg width and axis text colour."""
    wait_until(page, ALL_CHARTS_DRAWN, failure="not every .ska-chart was drawn by plotly")
    return page.evaluate(f"""() => [...document.querySelectorAll('.ska-chart')].map((el) => ({{
      width: el.querySelector('.main-svg').getBoundingClientRect().width,
      text: ({AXIS_TEXT_COLOUR})(el),
    }}))""")


def click_link_to(page, url: str) -> None:
    """Click (as a reader would) the first visible link in the page content that leads to ``url``."""
    index = page.evaluate("""(url) => [...document.querySelectorAll('article a[href]')]
      .findIndex((a) => a.href === url && a.offsetParent !== null)""", url)
    assert index >= 0, f"no visible link to {url} in the page content"
    page.locator("article a[href]").nth(index).click()


def instant_navigation(page, click) -> None:
    """Run ``click`` and wait for the new page; assert it came by instant navigation (same document)."""
    page.evaluate("""() => {
      window.__marker = 1;
      document.querySelectorAll('.ska-chart').forEach((el) => el.setAttribute('data-old-page', ''));
    }""")
    before = page.url
    click()
    wait_until(page, "(before) => location.href !== before && !document.querySelector('[data-old-page]')", before,
               failure="clicking the link did not lead to another page")
    assert page.evaluate("window.__marker") == 1, "the link caused a full page load, not instant navigation"


def ensure_at(page, url: str) -> None:
    """Go to ``url`` unless the visit is already there (when a test runs on its own)."""
    if page.url != url:
        page.goto(url, wait_until="load")


def snapshot(page, name: str) -> None:
    """Save a full-page screenshot when SKA_SCREENSHOTS names a folder (for a person to look at)."""
    folder = os.environ.get("SKA_SCREENSHOTS")
    if folder:
        page.screenshot(path=str(Path(folder) / f"shot-{name}.png"), full_page=True)


# -- the visit -----------------------------------------------------------------------------------

def test_summary_page_draws_its_charts(page, summary):
    page.goto(summary, wait_until="load")
    charts = wait_for_charts(page)
    assert charts and all(chart["width"] > 0 for chart in charts)
    snapshot(page, "summary")


def test_unit_link_navigates_instantly_and_draws(page, summary, latest):
    ensure_at(page, summary)
    link = page.locator(f'table.ska-sortable a[href*="enheter/"][href$="/{latest}/"]').first
    target = link.evaluate("(a) => a.href")
    instant_navigation(page, link.click)
    assert page.url == target
    assert re.search(rf"/enheter/[^/]+/{latest}/$", page.url)
    charts = wait_for_charts(page)
    assert all(chart["width"] > 0 for chart in charts)
    snapshot(page, "unit")


def test_back_to_summary_draws_again(page, server, summary, latest):
    if not re.search(rf"/enheter/[^/]+/{latest}/$", page.url):
        unit = sorted((server["site"] / "enheter").glob(f"*/{latest}/index.html"))[0].parent
        page.goto(f"{server['base']}{unit.relative_to(server['site']).as_posix()}/", wait_until="load")
    instant_navigation(page, lambda: click_link_to(page, summary))
    assert page.url == summary
    charts = wait_for_charts(page)
    assert all(chart["width"] > 0 for chart in charts)


def test_palette_toggle_rethemes_the_charts(page, summary):
    ensure_at(page, summary)
    before = wait_for_charts(page)
    assert before[0]["text"], "the first chart has no axis labels to compare"
    scheme = page.evaluate("document.body.dataset.mdColorScheme")
    page.locator('label[for="__palette_1"]').click()
    wait_until(page, "(scheme) => document.body.dataset.mdColorScheme !== scheme", scheme,
               failure="the palette toggle did not change the colour scheme")
    # Redrawn in the new scheme: the axis text colour of the first chart changes.
    wait_until(page, f"(colour) => ({AXIS_TEXT_COLOUR})(document.querySelector('.ska-chart')) !== colour",
               before[0]["text"], failure="the charts were not re-themed after the palette changed")
    after = wait_for_charts(page)
    assert len(after) == len(before)
    assert all(chart["width"] > 0 for chart in after)
    assert after[0]["text"] != before[0]["text"]


def test_summary_links_to_its_gender_page(page, summary):
    ensure_at(page, summary)
    instant_navigation(page, lambda: click_link_to(page, f"{summary}kon/"))
    assert page.url == f"{summary}kon/"


def test_clicking_a_header_sorts_the_table(page, summary):
    ensure_at(page, f"{summary}kon/")  # the results by stage and gender: the table with the most numbers
    # The first sortable table whose numeric column is not already in ascending order.
    found = page.evaluate("""() => {
      const tables = [...document.querySelectorAll('table.ska-sortable')];
      for (const [t, table] of tables.entries()) {
        const header = table.tHead.rows[table.tHead.rows.length - 1];
        for (const th of header.cells) {
          const keys = [...table.tBodies[0].rows].map((r) => r.cells[th.cellIndex]?.dataset.sort)
            .filter((k) => k !== undefined && k !== '').map(Number);
          if (keys.length > 1 && keys.some((k, i) => i > 0 && k < keys[i - 1])) return [t, th.cellIndex];
        }
      }
      return null;
    }""")
    assert found, "no sortable table with an unsorted numeric column on the gender page"
    table = page.locator("table.ska-sortable").nth(found[0])
    header = table.locator("thead tr").last.locator("th").nth(found[1])

    def column() -> list[float]:
        keys = table.locator("tbody tr").evaluate_all(
            "(rows, i) => rows.map((r) => r.cells[i].dataset.sort)", found[1])
        return [float(k) for k in keys if k]

    before = column()
    assert before != sorted(before)
    header.locator("button.ska-sort").click()
    assert header.get_attribute("aria-sort") == "ascending"
    assert column() == sorted(before)
    header.locator("button.ska-sort").click()
    assert header.get_attribute("aria-sort") == "descending"
    assert column() == sorted(before, reverse=True)


def test_visit_logged_no_error_and_stayed_on_the_local_server(page, server, browser_log):
    if not browser_log["requests"]:  # run on its own: make a visit worth checking
        page.goto(server["base"], wait_until="load")
    local = urlsplit(server["base"]).netloc
    foreign = [url for url in browser_log["requests"]
               if not url.startswith(("data:", "blob:")) and urlsplit(url).netloc != local]
    assert foreign == []
    errors = [text for text in browser_log["console"] if not re.search(r"favicon\.(ico|png)", text)]
    assert errors == []
    assert browser_log["pageerror"] == []
