"""The example site built by MkDocs and by ProperDocs, the drop-in fork of MkDocs 1.x, has the same pages.

MkDocs 1.x is unmaintained and MkDocs 2.0 drops plugins; ProperDocs continues 1.x and runs the same
plugins and themes (README: "Om MkDocs eller Material ändras"). This test keeps that way out open:
it builds the example with both and compares every page's key content.

ProperDocs is installed from PyPI into its own virtual environment under the pytest cache, keyed by
its version, the Python version and the test environment. That environment holds ProperDocs alone
and reads every other package (Material, this project, pandas, …) from the environment the tests
run in, through a .pth file: the two builds differ in the generator and nothing else, and a repeated
run reuses it at once. (ProperDocs is its own module, `properdocs`; it coexists with `mkdocs` in one
environment, and when run as `properdocs` it answers every `import mkdocs…` of a plugin or theme.)

Where it cannot be installed (no network), the test is skipped, but in CI (the CI variable set) it fails.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import site
import subprocess
import sys
import time
from html.parser import HTMLParser
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent

# The ProperDocs release the example is checked with. To try a newer one before bumping this:
# SKA_PROPERDOCS_VERSION=1.6.8 python3 scripts/run.py test tests/test_generators.py
PROPERDOCS_VERSION = os.environ.get("SKA_PROPERDOCS_VERSION", "1.6.7")

INSTALL_TIMEOUT = 600
BUILD_TIMEOUT = 600


# -- ProperDocs in a cached environment on top of the test environment ---------------------------------

def _site_packages() -> list[str]:
    """The folders the running interpreter has its packages in (a venv's, or the system's and the user's)."""
    folders = list(site.getsitepackages())
    if site.ENABLE_USER_SITE and os.path.isdir(site.getusersitepackages()):
        folders.append(site.getusersitepackages())
    return [folder for folder in folders if os.path.isdir(folder)]


def _venv_python(venv: Path) -> Path:
    return venv / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def _purelib(python: Path) -> Path:
    out = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                         capture_output=True, text=True, check=True, timeout=60)
    return Path(out.stdout.strip())


def _install(venv: Path, under: list[str]) -> None:
    """A venv at ``venv`` with ProperDocs from PyPI, seeing the packages in ``under`` after its own."""
    shutil.rmtree(venv, ignore_errors=True)
    # No pip of its own: the test environment's pip (seen through the .pth) installs into it.
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)],
                   capture_output=True, text=True, check=True, timeout=120)
    python = _venv_python(venv)
    # addsitedir, not a bare path: the test environment's own .pth files (this project's editable
    # install among them) are read too.
    lines = "".join(f"import site; site.addsitedir({folder!r})\n" for folder in under)
    (_purelib(python) / "_ska_test_environment.pth").write_text(lines, "utf-8")
    subprocess.run([str(python), "-m", "pip", "install", "--disable-pip-version-check", "--no-input",
                    f"properdocs=={PROPERDOCS_VERSION}"],
                   capture_output=True, text=True, check=True, timeout=INSTALL_TIMEOUT)
    version = subprocess.run([str(python), "-c", "import properdocs; print(properdocs.__version__)"],
                             capture_output=True, text=True, check=True, timeout=60).stdout.strip()
    assert version == PROPERDOCS_VERSION, f"installed ProperDocs {version}, wanted {PROPERDOCS_VERSION}"


@pytest.fixture(scope="module")
def properdocs(request, tmp_path_factory) -> Path:
    """The Python of a venv that runs ``python -m properdocs`` with this project and Material."""
    under = _site_packages()
    key = hashlib.sha256("\n".join([PROPERDOCS_VERSION, sys.version, sys.prefix, *under]).encode()).hexdigest()[:12]
    cache = getattr(request.config, "cache", None)
    base = cache.mkdir("properdocs") if cache is not None else tmp_path_factory.mktemp("properdocs")
    venv = Path(base) / f"properdocs-{PROPERDOCS_VERSION}-{key}"
    ready = venv / "ska-ready"
    if not ready.is_file():
        started = time.perf_counter()
        try:
            _install(venv, under)
        except (OSError, subprocess.SubprocessError, AssertionError) as error:
            shutil.rmtree(venv, ignore_errors=True)
            output = "\n".join(filter(None, [getattr(error, "stdout", None), getattr(error, "stderr", None)]))
            message = (f"ProperDocs {PROPERDOCS_VERSION} could not be installed from PyPI into {venv}: {error}\n"
                       f"{output[-3000:]}")
            if os.environ.get("CI", "").lower() not in ("", "0", "false", "no"):
                pytest.fail("In CI the ProperDocs build must run, so PyPI must be reachable. " + message, pytrace=False)
            pytest.skip(message)
        print(f"ProperDocs {PROPERDOCS_VERSION} installed in {time.perf_counter() - started:.1f} s: {venv}")
        ready.write_text(PROPERDOCS_VERSION, "utf-8")
    return _venv_python(venv)


# -- the two builds --------------------------------------------------------------------------------------

def _project(target: Path) -> Path:
    for name in ("docs", "schemas", "content"):
        shutil.copytree(REPO / name, target / name)
    shutil.copy(REPO / "mkdocs.yml", target / "mkdocs.yml")
    return target


def _start_build(python: Path | str, generator: str, target: Path) -> tuple[subprocess.Popen, Path]:
    """``python -m <generator> build --strict`` of a fresh copy of the example, started."""
    project = _project(target)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}
    env.pop("SKA_PREVIEW", None)
    command = [str(python), "-m", generator, "build", "--strict", "--config-file", "mkdocs.yml",
               "--site-dir", str(project / "site")]
    return subprocess.Popen(command, cwd=project, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            text=True), project / "site"


@pytest.fixture(scope="module")
def sites(properdocs, tmp_path_factory) -> dict[str, tuple[Path, str]]:
    """Both builds, side by side (they take a core each): generator → (site folder, its log)."""
    started = time.perf_counter()
    running = {generator: _start_build(python, generator, tmp_path_factory.mktemp(generator))
               for generator, python in (("mkdocs", sys.executable), ("properdocs", properdocs))}
    built = {}
    for generator, (process, site_dir) in running.items():
        try:
            log, _ = process.communicate(timeout=BUILD_TIMEOUT)
        except subprocess.TimeoutExpired:
            process.kill()
            log, _ = process.communicate()
        built[generator] = (site_dir, log)
    for generator, (process, _) in running.items():
        assert process.returncode == 0, f"{generator} build failed:\n{built[generator][1][-5000:]}"
    print(f"MkDocs and ProperDocs builds: {time.perf_counter() - started:.1f} s")
    return built


# -- what a page shows -------------------------------------------------------------------------------------

class _Article(HTMLParser):
    """The key content of a page's main text (Material's <article>): headings, tables, charts, links, text."""

    HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.headings: list[tuple[str, str, str]] = []
        self.tables = self.rows = self.cells = 0
        self.figures: list[str] = []
        self.links: list[str] = []
        self.text: list[str] = []
        self._heading: tuple[str, str, list[str]] | None = None
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag in self.HEADINGS:
            self._heading = (tag, attributes.get("id") or "", [])
        elif tag == "table":
            self.tables += 1
        elif tag == "tr":
            self.rows += 1
        elif tag in ("td", "th"):
            self.cells += 1
        elif tag == "a" and attributes.get("href") is not None:
            self.links.append(attributes["href"])
        elif tag in ("script", "style"):
            self._skip += 1
        if "data-figure" in attributes:
            self.figures.append(attributes["data-figure"] or "")

    def handle_endtag(self, tag):
        if tag in self.HEADINGS and self._heading:
            level, anchor, words = self._heading
            self.headings.append((level, anchor, " ".join("".join(words).split())))
            self._heading = None
        elif tag in ("script", "style") and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if self._skip:
            return
        if self._heading:
            self._heading[2].append(data)
        self.text.append(data)


ARTICLE = re.compile(r'<article class="md-content__inner[^"]*">(.*)</article>', re.S)
TITLE = re.compile(r"<title>(.*?)</title>", re.S)


def key_content(html: str) -> dict[str, object]:
    """What must not depend on the generator. The generator's name and version (the <meta> tag)
    are outside the article and not looked at."""
    article = ARTICLE.search(html)
    parser = _Article()
    parser.feed(article.group(1) if article else "")
    parser.close()
    title = TITLE.search(html)
    return {
        "title": title.group(1).strip() if title else None,
        "h1": [text for level, _, text in parser.headings if level == "h1"],
        "headings": parser.headings,
        "tables": parser.tables,
        "table rows": parser.rows,
        "table cells": parser.cells,
        "charts": len(parser.figures),
        "chart data": hashlib.sha256("\n".join(parser.figures).encode()).hexdigest(),
        "links": parser.links,
        "text": " ".join("".join(parser.text).split()),
    }


def _files(site_dir: Path) -> set[str]:
    return {path.relative_to(site_dir).as_posix() for path in site_dir.rglob("*") if path.is_file()}


def _pages(site_dir: Path) -> set[str]:
    return {path for path in _files(site_dir) if path.endswith(".html")}


def _short(value: object, limit: int = 300) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[:limit] + "…"


def _difference(key: str, ours: object, theirs: object) -> str:
    """The two values of ``key``; for two texts, around where they first part."""
    if isinstance(ours, str) and isinstance(theirs, str):
        at = next((i for i, (a, b) in enumerate(zip(ours, theirs)) if a != b), min(len(ours), len(theirs)))
        ours, theirs = ours[max(0, at - 60):at + 60], theirs[max(0, at - 60):at + 60]
    return f"{key}: MkDocs {_short(ours)}, ProperDocs {_short(theirs)}"


# -- the comparison -----------------------------------------------------------------------------------------

def test_properdocs_ran_the_plugin(sites):
    (mkdocs_site, _), (proper_site, proper_log) = sites["mkdocs"], sites["properdocs"]
    generated = re.search(r"ska: Innehållet: (\d+) sidor genererade", proper_log)
    assert generated, f"the ska plugin did not run under ProperDocs:\n{proper_log[-3000:]}"
    assert int(generated.group(1)) > 50
    meta = re.compile(r'<meta name="generator" content="([^"]*)"')
    assert "ProperDocs" in meta.search((proper_site / "index.html").read_text("utf-8")).group(1)
    assert "ProperDocs" not in meta.search((mkdocs_site / "index.html").read_text("utf-8")).group(1)


def test_same_pages(sites):
    mkdocs_pages, proper_pages = _pages(sites["mkdocs"][0]), _pages(sites["properdocs"][0])
    assert len(mkdocs_pages) > 100
    assert len(proper_pages) == len(mkdocs_pages), (
        f"MkDocs built {len(mkdocs_pages)} pages, ProperDocs {len(proper_pages)}; "
        f"only MkDocs: {sorted(mkdocs_pages - proper_pages)[:20]}, only ProperDocs: {sorted(proper_pages - mkdocs_pages)[:20]}")
    assert proper_pages == mkdocs_pages


def test_same_other_files(sites):
    """Downloads (CSV, XLSX), the plugin's assets, the theme's assets, search index and sitemap."""
    mkdocs_files, proper_files = _files(sites["mkdocs"][0]), _files(sites["properdocs"][0])
    assert proper_files == mkdocs_files, (f"only MkDocs: {sorted(mkdocs_files - proper_files)[:20]}, "
                                          f"only ProperDocs: {sorted(proper_files - mkdocs_files)[:20]}")


def test_same_key_content_on_every_page(sites):
    mkdocs_site, proper_site = sites["mkdocs"][0], sites["properdocs"][0]
    differences = []
    for page in sorted(_pages(mkdocs_site) & _pages(proper_site)):
        ours = key_content((mkdocs_site / page).read_text("utf-8"))
        theirs = key_content((proper_site / page).read_text("utf-8"))
        differences += [f"{page}: {_difference(key, ours[key], theirs[key])}" for key in ours if ours[key] != theirs[key]]
    assert not differences, f"{len(differences)} differences, the first:\n" + "\n".join(differences[:20])


def test_pages_have_key_content(sites):
    """The comparison above compares something: the pages have titles, headings, tables and charts."""
    site_dir = sites["properdocs"][0]
    contents = {page: key_content((site_dir / page).read_text("utf-8")) for page in _pages(site_dir)}
    assert all(content["title"] for content in contents.values())
    assert sum(1 for content in contents.values() if content["h1"]) > 100
    assert sum(content["tables"] for content in contents.values()) > 50
    assert sum(content["charts"] for content in contents.values()) > 20


def test_same_search_index(sites):
    def entries(site_dir: Path) -> list[tuple[str, str]]:
        index = json.loads((site_dir / "search" / "search_index.json").read_text("utf-8"))
        return sorted((doc["location"], doc["title"]) for doc in index["docs"])

    mkdocs_entries, proper_entries = entries(sites["mkdocs"][0]), entries(sites["properdocs"][0])
    assert len(mkdocs_entries) > 100
    assert proper_entries == mkdocs_entries
