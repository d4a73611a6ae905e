"""A year summary as a PDF for the committee's papers: a built site's page printed by Chromium.

Chromium (Debian's, driven by playwright) prints the page as a reader's browser prints it: ska.css's print
rules, the charts drawn for paper by charts.js (plotly's SVG, so vector graphics), tables as tables. Before
printing, a cover (municipality, committee, school year, date, the content's git version) and a table of
contents take the place of the page's heading. The PDF is tagged (structure for screen readers, charts with
their alt text), has the page's language (sv), a title and bookmarks. It is printed twice: the first print
tells on which page each section starts (its named destinations, read with pypdf), the second carries
those numbers in the contents.

Chromium, playwright and pypdf are an optional install (the `[pdf]` extra and Debian's chromium): a
site can be built without them, and ``check_engine`` says in Swedish how to add them. Nothing here knows
the site generator: it reads a built site folder, whoever built it.
"""

from __future__ import annotations

import datetime
import functools
import io
import os
import shutil
import subprocess
import threading
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from .. import formatting as fmt
from ..domain import school_year_slug
from ..site.pages import year_path

# How the project starts Chromium (the tests and scripts/accessibility_audit.py too): headless, no sandbox
# (CI runs as root), nothing fetched from other hosts.
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
TIMEOUT_MS = 60_000
PRINT = {"format": "A4", "prefer_css_page_size": True, "print_background": True, "tagged": True, "outline": True}
"""page.pdf's options: ska.css's @page (A4, margins, header and page number) and the colours it asks for; a
tagged PDF with bookmarks from the headings. Chromium's own header and footer stay off: the page has its own."""
PASSES = 3  # prints at most, until the contents' page numbers agree with the print


class ReportError(Exception):
    """Why no PDF was made, in Swedish, for whoever asked for it."""


def report_path(year: str) -> str:
    """Where a year's PDF lies in the site, beside its summary: ``ar/2024-25/kvalitetsrapport-2024-25.pdf``."""
    return f"{year_path(year).rpartition('/')[0]}/kvalitetsrapport-{school_year_slug(year)}.pdf"


def summary_file(year: str) -> str:
    """The year summary's HTML file in a built site (with or without directory URLs): ``ar/2024-25/index.html``."""
    return year_path(year).removesuffix(".md") + ".html"


def chromium() -> Path | None:
    """The chromium to print with: SKA_CHROMIUM if set, else chromium (or chromium-browser) on the PATH."""
    named = os.environ.get("SKA_CHROMIUM")
    if named:
        return Path(named) if Path(named).is_file() else None
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    return Path(found) if found else None


def check_engine() -> Path:
    """The chromium to print with, once playwright and pypdf are there too; ReportError saying how to
    install what is missing otherwise."""
    missing = []
    for module, words in (("playwright.sync_api", "Python-paketet playwright"), ("pypdf", "Python-paketet pypdf")):
        try:
            __import__(module)
        except ImportError:
            missing.append(words)
    browser = chromium()
    if browser is None:
        missing.append("webbläsaren Chromium")
    if missing:
        listed = " och ".join([", ".join(missing[:-1]), missing[-1]] if len(missing) > 1 else missing)
        raise ReportError(
            f"PDF:en skrivs ut av webbläsaren Chromium genom Python-paketen playwright och pypdf, men {listed} "
            "saknas. Installera det som saknas och försök igen:\n"
            "    pip install -e '.[pdf]'        (i projektets mapp, i dess Python-miljö)\n"
            "    apt-get install chromium       (som root, eller med sudo)")
    return browser


def source_version(project: Path) -> str:
    """The content's version for the cover: git's short commit hash, with a note when content/ or schemas/
    has changes that are not committed; "" without git."""
    def git(*args: str) -> str:
        return subprocess.run(["git", *args], cwd=project, capture_output=True, text=True, check=True,
                              timeout=60).stdout.strip()

    try:
        commit = git("rev-parse", "--short", "HEAD")
        changed = git("status", "--porcelain", "--", "content", "schemas")
    except (OSError, subprocess.SubprocessError):
        return ""
    return f"{commit} med ändringar som inte är incheckade" if changed else commit


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # the signature is http.server's
        pass


@contextmanager
def serve(folder: Path):
    """Serve ``folder`` on 127.0.0.1 (a free port) while the block runs; yields its address. Over http, not
    file://: the page's scripts load plotly.js and the page as a browser on the intranet would."""
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(folder)))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)


def make(site: Path, jobs: dict[str, Path], *, committee: str = "", date: str = "") -> dict[str, int]:
    """Print the summary of each school year in ``jobs`` (year → PDF file) from the built ``site``; the
    number of pages of each. ``committee`` and ``date`` (YYYY-MM-DD) override the page's committee and
    today. ReportError, in Swedish, when it cannot."""
    browser_path = check_engine()
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import sync_playwright

    date = date or datetime.date.today().isoformat()
    for year in jobs:
        if not (Path(site) / summary_file(year)).is_file():
            raise ReportError(f"{site}: sajten har ingen sammanställning för läsåret {year} "
                              f"({summary_file(year)} saknas). Bygg sajten först, med innehållet för det läsåret.")
    pages = {}
    try:
        with serve(Path(site)) as base, sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(browser_path), args=CHROMIUM_ARGS,
                                                 headless=True)
            try:
                for year, out in jobs.items():
                    pages[year] = _print(browser, base, year, Path(out), committee, date)
            finally:
                browser.close()
    except PlaywrightError as exc:
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise ReportError(f"Chromium kunde inte skriva ut sammanställningen: {reason}") from None
    return pages


def _print(browser, base: str, year: str, out: Path, committee: str, date: str) -> int:
    """One summary printed to ``out``; its number of pages."""
    from pypdf import PdfReader

    context = browser.new_context(locale="sv-SE", viewport={"width": 1280, "height": 900}, color_scheme="light")
    context.set_default_timeout(TIMEOUT_MS)
    # Nothing leaves the machine: the served site is all the page may ask for.
    context.route("**/*", lambda route: route.continue_() if route.request.url.startswith(base) else route.abort())
    try:
        page = context.new_page()
        page.goto(base + summary_file(year), wait_until="load")
        page.evaluate(_PREPARE, {"committee": committee, "date": date, "longDate": fmt.long_date(date), "year": year})
        page.emulate_media(media="print")  # charts.js draws the charts for paper
        page.wait_for_function("document.documentElement.dataset.skaPrint === 'ready'")
        numbers: dict[str, int] = {}
        for _ in range(PASSES):
            data = page.pdf(**PRINT)
            reader = PdfReader(io.BytesIO(data))
            found = {str(name).removeprefix("/"): reader.get_destination_page_number(dest) + 1  # names are /id
                     for name, dest in reader.named_destinations.items()}
            if found == numbers:
                break
            numbers = found
            page.evaluate(_NUMBER, numbers)
    finally:
        context.close()
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(data)
    return len(reader.pages)


# The page made into a report, in the browser: every text is set as text (never parsed as HTML). Returns
# nothing; the contents get their page numbers from _NUMBER.
_PREPARE = """(args) => {
  const make = (tag, props = {}, ...children) => {
    const node = Object.assign(document.createElement(tag), props);
    node.append(...children);
    return node;
  };
  const facts = document.querySelector(".ska-print-facts");
  const data = facts ? facts.dataset : {};
  if (facts) facts.dataset.date = args.date; // the running header's date (charts.js)
  const article = document.querySelector(".md-content__inner");
  const heading = article.querySelector("h1");
  const year = data.year || args.year;
  const owner = data.municipality || "";
  document.title = `Systematiskt kvalitetsarbete läsåret ${year}` + (owner ? ` – ${owner}` : "");

  // Links to the site's other pages lead to the published site (its site_url), never to this machine.
  const site = data.siteUrl ? new URL(data.siteUrl, location.href) : null;
  for (const link of article.querySelectorAll("a[href]")) {
    const url = new URL(link.getAttribute("href"), location.href);
    if (url.origin !== location.origin) continue;
    if (url.pathname === location.pathname && url.hash && document.getElementById(decodeURIComponent(url.hash.slice(1)))) {
      link.setAttribute("href", url.hash);
    } else if (site) {
      link.setAttribute("href", new URL(url.pathname.slice(1) + url.search + url.hash, site).href);
    } else {
      link.replaceWith(make("span", {}, ...link.childNodes));
    }
  }

  // The cover, page 1, has neither the running header nor a page number (ska.css's @page gives them).
  document.head.append(make("style", { textContent: "@page :first { @top-left { content: none } @bottom-right { content: none } }" }));
  // A table's sort buttons are its header text on paper (and not form fields in the PDF's structure).
  for (const button of article.querySelectorAll("button.ska-sort")) button.replaceWith(...button.childNodes);

  const cover = make("section", { className: "ska-report-cover" });
  if (owner) cover.append(make("p", { className: "ska-report-cover__owner", textContent: owner }));
  cover.append(make("p", { className: "ska-report-cover__kind", textContent: "Systematiskt kvalitetsarbete" }));
  heading.replaceWith(cover);
  cover.append(heading);
  const list = make("dl");
  for (const [term, value] of [["Till", args.committee || data.committee || ""], ["Läsår", year],
                               ["Datum", args.longDate], ["Version", data.version || ""]]) {
    if (value) list.append(make("dt", { textContent: term }), make("dd", { textContent: value }));
  }
  cover.append(list);

  const contents = make("ol");
  for (const section of article.querySelectorAll("h2[id]")) {
    const title = section.cloneNode(true);
    title.querySelectorAll(".headerlink").forEach((node) => node.remove());
    const link = make("a", { href: `#${section.id}` },
      make("span", { className: "ska-report-toc__title", textContent: title.textContent.trim() }),
      make("span", { className: "ska-report-toc__page", textContent: "00" }));
    link.dataset.target = section.id;
    contents.append(make("li", {}, link));
  }
  const toc = make("nav", { className: "ska-report-toc" }, make("h2", { id: "ska-innehall", textContent: "Innehåll" }), contents);
  toc.setAttribute("aria-labelledby", "ska-innehall");
  cover.after(toc);
}"""

_NUMBER = """(numbers) => {
  for (const link of document.querySelectorAll(".ska-report-toc a[data-target]")) {
    link.querySelector(".ska-report-toc__page").textContent = numbers[link.dataset.target] ?? "";
  }
}"""
