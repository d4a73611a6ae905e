#!/usr/bin/env python3
"""Check a built site with axe-core in headless Chromium and measure what each page type transfers.

    python scripts/accessibility_audit.py site/          # every page type, light and dark, desktop and 390 px
    python scripts/accessibility_audit.py site/ --json   # the same as JSON

Serves the folder on 127.0.0.1, opens one page of each type (start, year summary, changes, school
form, unit, unit-year, indicator, programme, editor guide, field reference, 404, …) in Debian's
chromium through playwright, runs axe-core (from the PyPI package axe-playwright-python, which
ships axe.min.js; nothing is fetched from a CDN) and prints the violations per rule and impact, and
the bytes each page type transfers on a first view with an empty cache (raw and gzip-compressed, as a
web server that compresses would send them). tests/test_accessibility.py asserts on the same figures.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from ska.workflow.report import CHROMIUM_ARGS, serve  # how the package starts Chromium and serves a site

CHROMIUM = Path("/usr/bin/chromium")
VIEWPORTS = {"dator": {"width": 1366, "height": 900}, "mobil": {"width": 390, "height": 844}}
SCHEMES = ("light", "dark")
TIMEOUT_MS = 20_000
BLOCKING = ("serious", "critical")


def axe_script() -> Path:
    """axe.min.js from the axe-playwright-python package (a test dependency in pyproject.toml)."""
    return Path(str(resources.files("axe_playwright_python") / "axe.min.js"))


def page_types(site: Path) -> dict[str, str]:
    """One address (relative to the site's root) per page type the site has; a type it lacks is left out."""
    def first(pattern: str, where: Path = site) -> str | None:
        found = sorted(p.parent for p in where.glob(pattern) if p.name == "index.html")
        return f"{found[0].relative_to(site).as_posix()}/" if found else None

    years = sorted(p.name for p in (site / "ar").glob("*") if re.fullmatch(r"\d{4}-\d{2}", p.name))
    latest = years[-1] if years else None
    units = sorted(p for p in (site / "enheter").glob("*/index.html"))
    # the unit with the most school years, and its latest year
    unit = max(units, key=lambda p: (len(list(p.parent.glob("*/index.html"))), p.parent.name)).parent if units else None
    candidates = {
        "start": "",
        "läsår": "ar/",
        "årssammanställning": f"ar/{latest}/" if latest else None,
        "förändringar": first("forandringar/index.html", site / "ar" / latest) if latest else None,
        # the year summary's pages for its details
        "stadium och kön": first("kon/index.html", site / "ar" / latest) if latest else None,
        "spridning": first("spridning/index.html", site / "ar" / latest) if latest else None,
        "teman": first("teman/index.html", site / "ar" / latest) if latest else None,
        "självskattning": first("sjalvskattning/index.html", site / "ar" / latest) if latest else None,
        "skolform": first("grundskola/index.html", site / "ar" / latest) if latest else None,
        "enheter": "enheter/",
        "enhet": f"{unit.relative_to(site).as_posix()}/" if unit else None,
        "enhetens år": first(f"{latest}/index.html", unit) if unit and latest else None,
        "indikatorer": "indikatorer/",
        "indikator": _chart_page(site, "indikatorer"),
        # the programmes ("Insatser"): the index and a programme with its effect chain
        "insatser": first("insatser/index.html"),
        "insats": first("insatser/*/index.html"),
        # parts of the organisation: the index, a part, and a part's school year (the one with the most units)
        "verksamhetsdelar": first("delar/index.html"),
        "verksamhetsdel": first("delar/*/index.html"),
        "verksamhetsdelens år": first(f"delar/*/{latest}/index.html") if latest else None,
        "redaktörer": "redaktorer/",
        "fältreferens": "redaktorer/falt/",
        "tillgänglighet": first("tillganglighet/index.html"),
        "404": "404.html",
    }
    return {name: path for name, path in candidates.items()
            if path is not None and ((site / path / "index.html").is_file() or (site / path).is_file())}


def _chart_page(site: Path, folder: str) -> str | None:
    for page in sorted((site / folder).glob("*/index.html")):
        if 'class="ska-chart' in page.read_text("utf-8"):
            return f"{page.parent.relative_to(site).as_posix()}/"
    return None


@dataclass
class Audit:
    """What axe found, per page type and setting, and what each page type transferred."""

    violations: list[dict] = field(default_factory=list)  # {page, scheme, viewport, rule, impact, nodes, help, targets}
    transfer: dict[str, dict] = field(default_factory=dict)  # page type → {requests, bytes, gzip, scripts}

    def blocking(self) -> list[dict]:
        return [v for v in self.violations if v["impact"] in BLOCKING]

    def per_rule(self) -> dict[tuple[str, str], int]:
        counts: Counter = Counter()
        for v in self.violations:
            counts[(v["rule"], v["impact"])] += v["nodes"]
        return dict(counts)


def _wait_until_drawn(page) -> None:
    """Charts are drawn by script once plotly has loaded; wait for them, as a reader would."""
    page.wait_for_function(
        "() => [...document.querySelectorAll('.ska-chart')].every(el => el.querySelector('svg'))",
        timeout=TIMEOUT_MS)


def run(site: Path, base: str, *, browser, only: set[str] | None = None) -> Audit:
    """Audit every page type of the site served at ``base`` with an open playwright ``browser``."""
    script = axe_script()
    audit = Audit()
    types = {k: v for k, v in page_types(site).items() if not only or k in only}
    for name, path in types.items():
        for scheme in SCHEMES:
            for viewport_name, viewport in VIEWPORTS.items():
                context = browser.new_context(viewport=viewport, color_scheme=scheme, locale="sv-SE")
                context.set_default_timeout(TIMEOUT_MS)
                responses: list | None = None
                if scheme == SCHEMES[0] and viewport_name == "dator":  # the page's weight, measured once
                    responses = []
                    context.on("response", lambda response: responses.append(response))
                page = context.new_page()
                page.goto(base + path, wait_until="networkidle" if responses is not None else "load")
                _wait_until_drawn(page)
                page.add_script_tag(path=str(script))
                result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
                for v in result["violations"]:
                    audit.violations.append({
                        "page": name, "scheme": scheme, "viewport": viewport_name, "rule": v["id"],
                        "impact": v["impact"], "nodes": len(v["nodes"]), "help": v["help"],
                        "targets": [" ".join(map(str, n["target"])) for n in v["nodes"][:3]]})
                if responses is not None:
                    audit.transfer[name] = _transfer(responses)
                context.close()
    return audit


def _transfer(responses) -> dict:
    """Bytes the page's first view transferred with an empty cache: as served, and gzip-compressed."""
    raw = packed = 0
    scripts = []
    for response in responses:
        try:
            body = response.body()
        except Exception:  # a redirect or an aborted request has no body
            continue
        raw += len(body)
        packed += len(gzip.compress(body, 6)) if len(body) > 1024 else len(body)
        if response.url.endswith(".js"):
            scripts.append(response.url.rsplit("/", 1)[-1])
    return {"requests": len(responses), "bytes": raw, "gzip": packed, "scripts": scripts}


def report(audit: Audit) -> str:
    """The audit as text: violations per rule and impact, where they are, and bytes per page type."""
    lines = ["axe-core: överträdelser per regel (noder, alla sidtyper × ljust/mörkt × dator/mobil)"]
    if not audit.violations:
        lines.append("  inga")
    for (rule, impact), nodes in sorted(audit.per_rule().items(), key=lambda kv: (-BLOCKING.count(kv[0][1]), kv[0])):
        where = defaultdict(set)
        for v in audit.violations:
            if v["rule"] == rule:
                where[v["page"]].add(f"{v['scheme']}/{v['viewport']}")
        lines.append(f"  {rule:32} {impact:9} {nodes:5}  " + ", ".join(sorted(where)))
    lines.append("")
    lines.append("Överfört vid första visningen, tom cache (sidtyp: förfrågningar, byte, gzip)")
    for name, t in audit.transfer.items():
        chart = " (med plotly.js)" if any(s.startswith("plotly") for s in t["scripts"]) else ""
        lines.append(f"  {name:20} {t['requests']:3}  {t['bytes']:>10,}  {t['gzip']:>9,}{chart}".replace(",", " "))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Granska en byggd sajt med axe-core i Chromium och mät sidvikten.")
    parser.add_argument("site", type=Path, help="mappen med den byggda sajten (site/)")
    parser.add_argument("--json", action="store_true", help="skriv resultatet som JSON")
    parser.add_argument("--only", action="append", help="bara denna sidtyp (kan upprepas)")
    args = parser.parse_args(argv)
    if not CHROMIUM.exists():
        sys.exit(f"{CHROMIUM} saknas: installera Debians chromium (apt-get install chromium).")
    from playwright.sync_api import sync_playwright

    with serve(args.site) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        audit = run(args.site, base, browser=browser, only=set(args.only or ()))
        browser.close()
    print(json.dumps({"violations": audit.violations, "transfer": audit.transfer}, ensure_ascii=False, indent=1)
          if args.json else report(audit))
    return 1 if audit.blocking() else 0


if __name__ == "__main__":
    sys.exit(main())
