"""Shared fixtures: a tiny, valid project (schemas + content) in a temporary folder."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SCHEMAS = REPO / "schemas"

# The synthetic content generator is a tool in scripts/synthetic/, not part of the ska package.
if str(REPO / "scripts") not in sys.path:
    sys.path.insert(0, str(REPO / "scripts"))

# One content file per kind, as an editor would write them. Together they validate cleanly.
VALID_CONTENT = {
    "content/indicators.yaml": """\
# yaml-language-server: $schema=../schemas/indicators.schema.json
indicators:
  - id: behorighet-yrkesprogram
    name: Behöriga till yrkesprogram
    short_name: Behörighet yrkesprogram
    unit: percent
    scale: {min: 0, max: 100}
    decimals: 1
    better: higher
    definition: Andel elever i åk 9 som är behöriga till ett yrkesprogram på gymnasiet.
    source: Skolverket
    kolada_kpi: N15419
    school_forms: [grundskola]
    aggregation: ratio
    numerator: behöriga elever
    denominator: elever i åk 9
  - id: meritvarde-ak9
    name: Genomsnittligt meritvärde åk 9
    unit: points
    scale: {min: 0, max: 340}
    decimals: 1
    better: higher
    definition: Summan av de 17 bästa betygen, genomsnitt för eleverna i åk 9.
    source: Skolverket
    aggregation: weighted_mean
  - id: trygghet-index
    name: Trygghet (elevenkät)
    unit: index
    scale: {min: 0, max: 10}
    better: higher
    definition: Elevernas svar på frågorna om trygghet i den egna enkäten, som index 0–10.
    source: Egen elevenkät
    aggregation: mean
""",
    "content/units/eneskolan.yaml": """\
# yaml-language-server: $schema=../../schemas/unit.schema.json
id: eneskolan
name: Eneskolan
school_forms: [forskoleklass, grundskola, fritidshem]
grades: F-9
area: Norra
principal: Rektor
school_unit_code: "12345678"
opened: 1998-08-15
description: |
  Eneskolan ligger i Ene och har elever från förskoleklass till åk 9.
""",
    "content/units/norrskolan.yaml": """\
# yaml-language-server: $schema=../../schemas/unit.schema.json
id: norrskolan
name: Norrskolan
school_forms: [grundskola]
grades: 7-9
area: Norra
opened: 1975-08-20
closed: 2023-06-30
""",
    "content/years/2024-25/municipality.yaml": """\
# yaml-language-server: $schema=../../../schemas/municipality-year.schema.json
school_year: 2024/25
summary: Fler elever är behöriga till gymnasiet än förra året.
goal_areas:
  - id: larande
    name: Lärande
    goals:
      - id: fler-behoriga
        text: Andelen elever som är behöriga till gymnasiet ska öka.
        indicators: [behorighet-yrkesprogram]
        direction: increase
        target: 90
  - id: trygghet
    name: Normer och värden
    goals:
      - id: tryggare-elever
        text: Elevernas upplevelse av trygghet ska öka.
        indicators: [trygghet-index]
complaints:
  - category: Kränkande behandling
    count: 12
    justified: 3
sick_leave:
  - month: 2024-09
    group: total
    total: 6.4
    short_term: 2.9
""",
    "content/years/2024-25/units/eneskolan.yaml": """\
# yaml-language-server: $schema=../../../../schemas/unit-year.schema.json
unit: eneskolan
school_year: 2024/25
principal: Rektor
summary: Resultaten i åk 9 har förbättrats.
results:
  - indicator: behorighet-yrkesprogram
    window: VT 2025
    total: {numerator: 55, denominator: 64}
    girls: {numerator: 29, denominator: 32}
    boys: {numerator: 26, denominator: 32}
  - indicator: meritvarde-ak9
    window: VT 2025
    total: {value: 231.5}
improvement_areas:
  - id: lasforstaelse
    title: Läsförståelse i alla ämnen
    goal_area: larande
    actions:
      - description: Kollegialt lärande om lässtrategier.
        owner: Förstelärare i svenska
        start: 2024-08-19
        end: 2025-06-13
        status: ongoing
""",
}


def write_project(root: Path) -> Path:
    """A valid project at ``root``: a copy of the real schemas and the content above."""
    shutil.copytree(SCHEMAS, root / "schemas")
    for name, text in VALID_CONTENT.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A minimal valid project: schemas, indicators, two units, 2024/25 municipality and one unit-year file."""
    return write_project(tmp_path / "project")


# -- Debian's chromium, for the browser tests ----------------------------------------------------------

from accessibility_audit import CHROMIUM, CHROMIUM_ARGS  # noqa: E402 - scripts/ is on the path from here on

TIMEOUT_MS = 15_000


def unavailable(reason: str):
    """Skip on a developer's machine without a browser; in CI (CI set) the browser is required."""
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (CI is set, so the browser test must run: .ci/run installs chromium)")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def browser():
    """Debian's chromium, headless, driven by playwright (never a browser of playwright's own)."""
    if not CHROMIUM.exists():
        unavailable(f"{CHROMIUM} is missing (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        unavailable("playwright is not installed (pip install -e '.[test]')")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


# -- figures a test measured, printed after the results (pytest captures what tests print) ----------------

MEASURED = pytest.StashKey[list]()


def report_measurement(config: pytest.Config, text: str) -> None:
    """Print ``text`` in the summary at the end of the run, whether the tests pass or fail."""
    config.stash.setdefault(MEASURED, []).append(text)


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    for text in config.stash.get(MEASURED, []):
        terminalreporter.write_sep("-", "mätt")
        terminalreporter.write_line(text)
