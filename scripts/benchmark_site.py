#!/usr/bin/env python3
"""Measure full site builds on synthetic content, against a plain-Markdown baseline.

    .venv/bin/python scripts/benchmark_site.py [--sizes 100,600,2000] [--years 5] [--runs 2] [--keep DIR] [--quick]

For each size (units × school years) the script generates a project, then builds it
``--runs`` times with the `ska` plugin and as many times without it, every build in a
fresh ``mkdocs build`` process, and prints medians: wall time, the plugin's phases
(from its log line), MkDocs' own share, peak memory (largest resident set of the build
process or any of its workers, from ``wait4``), page sizes, site and search-index size.

Baseline: the plugin is loaded once in a helper process (``_dump``) to produce what it
would hand MkDocs, and every generated page is written to a copy's docs/ as plain
Markdown, the editors' texts as they wrote them and the HTML blocks inlined (the start
page's overview too), together with the
downloads and assets. That copy is built with the same mkdocs.yml minus the `ska`
plugin, with the nav as the plugin expands it and the same extra CSS/JS. So both sites
have the same pages; the baseline lets Python-Markdown parse the texts and HTML blocks and
lets search index them, which is what a site without the plugin would do.

Plugin builds start without the validation cache (project/.cache/ska), as a build from
a fresh checkout does. Validation is also timed on its own (``_validate`` helper):
YAML reading alone, full validation without cache, and with a warm cache. Finally
``mkdocs serve`` runs on the 100-unit tree, with SKA_PREVIEW set to one unit and without
it, and on the 600-unit tree with SKA_PREVIEW only; one unit-year file is changed and
restored; the rebuild time runs from MkDocs' "Building documentation" to its "Reloading
browsers" (the "built in" line is not printed twice with the same figure).

Not a test: shared machines are noisy, so this prints figures and the targets beside them.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
MARK = ".benchmark-site"
"""File in a project folder this script made; only such a folder is ever replaced."""
BUILT = re.compile(r"Documentation built in ([\d.]+) seconds")
BUILDING, RELOADED = re.compile("Building documentation"), re.compile("Reloading browsers")
SKA_LINE = re.compile(r"ska: Innehållet: (\d+) sidor genererade \(([^)]*)\)")
PHASE = re.compile(r"([^\s,]+) ([\d.]+) s")
UNIT_YEAR_PAGE = re.compile(r"^enheter/[^/]+/\d{4}-\d{2}/index\.html$")
SHARED = ("search", "assets")
SERVE_SIZE = 100
PREVIEW_LARGE = 600
MB = 1024 * 1024


# ---------------------------------------------------------------------------
# Helpers run in their own process: python benchmark_site.py _dump|_validate ...
# ---------------------------------------------------------------------------


def dump_baseline(project: Path, out: Path) -> None:
    """Write ``out`` (docs/ and mkdocs.yml): the plugin's pages as plain Markdown, no plugin."""
    import yaml
    from mkdocs.config import load_config
    from mkdocs.structure.files import get_files

    from ska.mkdocs_plugin.plugin import START_MARKER
    from ska.site import render

    config = load_config(str(project / "mkdocs.yml"))
    plugin = config.plugins["ska"]
    config.plugins.on_startup(command="build", dirty=False)
    config = config.plugins.on_config(config)
    files = config.plugins.on_files(get_files(config), config=config)
    docs = out / "docs"
    shutil.copytree(project / "docs", docs)
    for page in plugin.site.pages:
        target = docs / page.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(render.render(page, config.use_directory_urls).inlined(), encoding="utf-8")
    for file in files:  # downloads and assets
        target = docs / file.src_uri
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(file.abs_src_path, target)
    start = docs / "index.md"
    text = start.read_text(encoding="utf-8")
    if START_MARKER in text:
        context = plugin.views.start()
        overview = render.render_start(context, "index.md").inlined() if context else ""
        start.write_text(text.replace(START_MARKER, overview), encoding="utf-8")
    config.plugins.on_post_build(config=config)

    raw = yaml.safe_load((project / "mkdocs.yml").read_text(encoding="utf-8"))
    raw["plugins"] = [p for p in raw.get("plugins", []) if (next(iter(p)) if isinstance(p, dict) else p) != "ska"]
    raw["nav"] = config.nav
    raw["extra_css"] = [str(getattr(x, "path", x)) for x in config.extra_css]
    raw["extra_javascript"] = [str(getattr(x, "path", x)) for x in config.extra_javascript]
    (out / "mkdocs.yml").write_text(yaml.safe_dump(raw, allow_unicode=True, sort_keys=False), encoding="utf-8")


def time_validation(project: Path, runs: int) -> dict:
    """Median seconds: YAML reading alone, validation without cache, with a warm cache."""
    from ska.content import files, load
    from ska.content.validate import validate

    def timed(action) -> float:
        started = time.perf_counter()
        action()
        return time.perf_counter() - started

    def read_all() -> None:
        sources, _ = files.discover(project / "content")
        for source in sources:
            text, _ = files.decode(source.path.read_bytes(), source.name)
            load.parse(text, source.name)

    errors = len(validate(project, use_cache=False).errors)  # also warms imports and schema compilation
    read = [timed(read_all) for _ in range(runs)]
    cold = [timed(lambda: validate(project, use_cache=False)) for _ in range(runs)]
    validate(project)  # fill the cache
    warm = [timed(lambda: validate(project)) for _ in range(runs)]
    return {"read": statistics.median(read), "cold": statistics.median(cold), "cold_all": cold,
            "warm": statistics.median(warm), "warm_all": warm, "errors": errors,
            "files": len(list((project / "content" / "years").glob("*/units/*.yaml")))}


def helper(argv: list[str]) -> int:
    if argv[0] == "_dump":
        dump_baseline(Path(argv[1]), Path(argv[2]))
    else:
        print(json.dumps(time_validation(Path(argv[1]), int(argv[2]))))
    return 0


# ---------------------------------------------------------------------------
# Measuring
# ---------------------------------------------------------------------------


@dataclass
class Build:
    wall: float  # the whole process, start to exit
    built: float  # MkDocs' "Documentation built in"
    peak_mb: float
    phases: dict[str, float] = field(default_factory=dict)  # the plugin's, as it logs them
    generated: int = 0


@dataclass
class SiteStats:
    pages: int
    page_median: float
    page_max: int
    unit_year_median: float
    unit_year_max: int
    total: int
    search: int


def env(preview: str | None = None) -> dict[str, str]:
    out = {k: v for k, v in os.environ.items() if k != "SKA_PREVIEW"}
    out.update(NO_MKDOCS_2_WARNING="1", PYTHONUNBUFFERED="1")
    if preview:
        out["SKA_PREVIEW"] = preview
    return out


def run_build(project: Path) -> Build:
    """One ``mkdocs build`` in a fresh process; its own peak memory from wait4."""
    shutil.rmtree(project / ".cache", ignore_errors=True)
    with tempfile.TemporaryFile("w+", encoding="utf-8") as log:
        started = time.perf_counter()
        proc = subprocess.Popen([sys.executable, "-m", "mkdocs", "build", "-f", "mkdocs.yml"], cwd=project,
                                env=env(), stdout=subprocess.DEVNULL, stderr=log)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(status)
        log.seek(0)
        text = log.read()
    if proc.returncode != 0 or not BUILT.search(text):
        raise SystemExit(f"Bygget i {project} misslyckades (kod {proc.returncode}):\n{text[-3000:]}")
    build = Build(wall, float(BUILT.search(text).group(1)), usage.ru_maxrss / 1024)
    if match := SKA_LINE.search(text):
        build.generated = int(match.group(1))
        build.phases = {name: float(value) for name, value in PHASE.findall(match.group(2))}
    return build


def run_helper(*args: str) -> str:
    done = subprocess.run([sys.executable, __file__, *args], env=env(), capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"Hjälpsteget {args[0]} misslyckades:\n{done.stderr[-3000:]}")
    return done.stdout


def site_stats(site: Path) -> SiteStats:
    pages = [p for p in site.rglob("index.html") if p.relative_to(site).parts[0] not in SHARED]
    sizes = [p.stat().st_size for p in pages]
    unit_years = [p.stat().st_size for p in pages if UNIT_YEAR_PAGE.match(p.relative_to(site).as_posix())] or [0]
    search = site / "search" / "search_index.json"
    return SiteStats(len(pages), statistics.median(sizes), max(sizes), statistics.median(unit_years),
                     max(unit_years), sum(p.stat().st_size for p in site.rglob("*") if p.is_file()),
                     search.stat().st_size if search.exists() else 0)


def make_project(folder: Path, units: int, years: int, seed: int) -> Path:
    import synthetic  # scripts/synthetic/, beside this script

    if folder.exists():
        if any(folder.iterdir()) and not (folder / MARK).exists():
            raise SystemExit(f"{folder} finns redan och skapades inte av det här skriptet; välj en annan mapp.")
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    (folder / MARK).write_text("Skapad av scripts/benchmark_site.py; skrivs över vid nästa körning.\n")
    synthetic.generate(folder / "content", units, years, seed)
    synthetic.copy_schemas(REPO / "schemas", folder)
    shutil.copytree(REPO / "docs", folder / "docs")
    shutil.copyfile(REPO / "mkdocs.yml", folder / "mkdocs.yml")
    return folder


@dataclass
class Serve:
    rebuilds: list[float]  # from "Building documentation" to "Reloading browsers", each rebuild
    waits: list[float]  # from the change until the rebuild was done
    generated: int  # pages the plugin generated in the rebuild


def measure_serve(project: Path, preview: str | None, unit_year: Path, runs: int) -> Serve:
    """Start ``mkdocs serve``, change ``unit_year`` and restore it ``runs`` times, time each rebuild."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    proc = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--livereload", "-a", f"127.0.0.1:{port}",
                             "-f", "mkdocs.yml"], cwd=project, env=env(preview), stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True, start_new_session=True)
    lines: list[tuple[float, str]] = []
    threading.Thread(target=lambda: [lines.append((time.perf_counter(), line)) for line in proc.stderr],
                     daemon=True).start()

    def wait_for(pattern: re.Pattern, after: int, limit: float) -> tuple[float, re.Match]:
        deadline = time.perf_counter() + limit
        while time.perf_counter() < deadline:
            for at, line in lines[after:]:
                if match := pattern.search(line):
                    return at, match
            if proc.poll() is not None:
                break
            time.sleep(0.05)
        raise TimeoutError(f"mkdocs serve: väntade förgäves på {pattern.pattern!r}:\n"
                           + "".join(line for _, line in lines[-20:]))

    original = unit_year.read_bytes()
    result = Serve([], [], 0)
    try:
        wait_for(re.compile("Serving on"), 0, 180)
        urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=30).read()
        for _ in range(runs):
            for content in (original + "\n# mätning av ombyggnad\n".encode(), original):
                after = len(lines)
                changed = time.perf_counter()
                unit_year.write_bytes(content)
                # MkDocs logs "built in" only once per distinct figure (its DuplicateFilter), so
                # a rebuild is timed from "Building documentation" to "Reloading browsers".
                started, _ = wait_for(BUILDING, after, 60)
                done, _ = wait_for(RELOADED, after, 60)
                result.rebuilds.append(done - started)
                result.waits.append(done - changed)
                generated = [SKA_LINE.search(line) for _, line in lines[after:]]
                result.generated = next((int(m.group(1)) for m in generated if m), 0)
                time.sleep(1)  # let the watcher settle before the next change
    finally:
        unit_year.write_bytes(original)
        for sig, wait in ((signal.SIGTERM, 10), (signal.SIGKILL, 10)):
            try:
                os.killpg(proc.pid, sig)
                proc.wait(wait)
                break
            except (ProcessLookupError, subprocess.TimeoutExpired):
                continue
    return result


# ---------------------------------------------------------------------------
# Reporting
# ---------------------------------------------------------------------------


@dataclass
class SizeResult:
    units: int
    plugin: list[Build]
    baseline: list[Build]
    stats: SiteStats
    base_stats: SiteStats
    validation: dict

    def median(self, builds: list[Build], attr: str) -> float:
        return statistics.median(getattr(b, attr) for b in builds)

    def phase(self, name: str) -> float:
        return statistics.median(b.phases.get(name, 0.0) for b in self.plugin)

    @property
    def ratio(self) -> float:
        return self.median(self.plugin, "wall") / self.median(self.baseline, "wall")

    @property
    def per_page(self) -> float:
        return self.median(self.plugin, "wall") / self.stats.pages


def kb(n: float) -> str:
    return f"{n / 1000:.0f} kB"


def print_size(r: SizeResult, years: int) -> None:
    p, b = r.plugin, r.baseline
    names = list(p[0].phases)
    own = statistics.median(sum(x.phases.values()) for x in p)
    print(f"\n== {r.units} enheter × {years} läsår: {r.validation['files']} enhetsfiler, "
          f"{p[0].generated} genererade sidor, {r.stats.pages} HTML-sidor ==")
    rows = [
        ("Byggtid totalt (processen)", f"{r.median(p, 'wall'):.1f} s", f"{r.median(b, 'wall'):.1f} s"),
        ("  start, import, konfiguration", f"{r.median(p, 'wall') - r.median(p, 'built'):.1f} s",
         f"{r.median(b, 'wall') - r.median(b, 'built'):.1f} s"),
        ("  MkDocs 'built in' (allt nedan)", f"{r.median(p, 'built'):.1f} s", f"{r.median(b, 'built'):.1f} s"),
        *((f"    ska: {name}", f"{r.phase(name):.1f} s", "–") for name in names),
        ("    MkDocs: Markdown, tema, sök, skrivning", f"{r.median(p, 'built') - own:.1f} s",
         f"{r.median(b, 'built'):.1f} s"),
        ("Tid per HTML-sida", f"{r.per_page * 1000:.1f} ms",
         f"{r.median(b, 'wall') / r.base_stats.pages * 1000:.1f} ms"),
        ("Minnestopp (största processen)", f"{r.median(p, 'peak_mb'):.0f} MB", f"{r.median(b, 'peak_mb'):.0f} MB"),
        ("HTML per sida, median / max", f"{kb(r.stats.page_median)} / {kb(r.stats.page_max)}",
         f"{kb(r.base_stats.page_median)} / {kb(r.base_stats.page_max)}"),
        ("  enhetens årssida, median / max", f"{kb(r.stats.unit_year_median)} / {kb(r.stats.unit_year_max)}",
         f"{kb(r.base_stats.unit_year_median)} / {kb(r.base_stats.unit_year_max)}"),
        ("Sajtens storlek", f"{r.stats.total / MB:.0f} MB", f"{r.base_stats.total / MB:.0f} MB"),
        ("Sökindex", f"{r.stats.search / MB:.1f} MB", f"{r.base_stats.search / MB:.1f} MB"),
    ]
    print(f"{'':44}{'med ska':>18}{'utan ska':>18}")
    for label, with_ska, without in rows:
        print(f"{label:44}{with_ska:>18}{without:>18}")
    print(f"Kvot med/utan ska (total byggtid): {r.ratio:.2f}")
    print("Alla byggtider med ska: " + ", ".join(f"{x.wall:.1f}" for x in p)
          + " s; utan ska: " + ", ".join(f"{x.wall:.1f}" for x in b) + " s")
    v = r.validation
    print(f"Kontroll separat: inläsning av YAML {v['read']:.2f} s, kontroll utan cache "
          f"{v['cold']:.2f} s (alla: {', '.join(f'{t:.2f}' for t in v['cold_all'])}), med varm cache "
          f"{v['warm']:.2f} s (alla: {', '.join(f'{t:.2f}' for t in v['warm_all'])}); fel: {v['errors']}")


def verdict(ok: bool | None) -> str:
    return "–" if ok is None else ("håller" if ok else "håller inte")


def print_targets(results: dict[int, SizeResult], serve: dict[str, Serve]) -> None:
    print("\n== Mål ==")
    lines: list[tuple[str, str, bool | None]] = []
    small, large = results[min(results)], results[max(results)]
    if len(results) > 1:
        factor = large.per_page / small.per_page
        lines.append((f"tid per sida vid {large.units} ≤ 1,3 × vid {small.units}",
                      f"{large.per_page * 1000:.1f} ms mot {small.per_page * 1000:.1f} ms ({factor:.2f}×)",
                      factor <= 1.3))
    for r in results.values():
        lines.append((f"kvot med/utan ska ≤ 1,3 vid {r.units}", f"{r.ratio:.2f}", r.ratio <= 1.3))
    r600 = results.get(600)
    lines.append(("600 × 5: fullt bygge ≤ 45 s", f"{r600.median(r600.plugin, 'wall'):.1f} s" if r600 else "",
                  r600.median(r600.plugin, "wall") <= 45 if r600 else None))
    lines.append(("600 × 5: minnestopp ≤ 1 GB", f"{r600.median(r600.plugin, 'peak_mb'):.0f} MB" if r600 else "",
                  r600.median(r600.plugin, "peak_mb") <= 1024 if r600 else None))
    lines.append(("600 × 5: enhetens årssida ≤ 60 kB HTML (max)", kb(r600.stats.unit_year_max) if r600 else "",
                  r600.stats.unit_year_max <= 60_000 if r600 else None))
    nearest = min(results.values(), key=lambda r: abs(r.validation["files"] - 3000))
    near = abs(nearest.validation["files"] - 3000) <= 600  # else the figure is shown, not judged
    lines.append(("kontroll av 3 000 enhetsfiler ≤ 3 s (utan cache)",
                  f"{nearest.validation['cold']:.2f} s för {nearest.validation['files']} filer",
                  nearest.validation["cold"] <= 3 if near else None))
    for label, s in (serve or {"med förhandsvisning (SKA_PREVIEW)": Serve([], [], 0)}).items():
        figure = (f"{statistics.median(s.rebuilds):.1f} s ({s.generated} sidor; till klar "
                  f"{statistics.median(s.waits):.1f} s)") if s.rebuilds else ""
        target = "förhandsvisning" in label
        lines.append((f"ombyggnad i mkdocs serve {label}" + (" ≤ 2 s" if target else ""), figure,
                      statistics.median(s.rebuilds) <= 2 if s.rebuilds and target else None))
    for label, figure, ok in lines:
        print(f"{label:56}{figure or 'ej mätt':>40}  {verdict(ok) if figure else ''}")


# ---------------------------------------------------------------------------


def parser() -> argparse.ArgumentParser:
    main = argparse.ArgumentParser(
        prog="benchmark_site.py",
        description=("Bygger sajten på påhittat innehåll i flera storlekar, med och utan ska-tillägget, "
                     "och skriver ut byggtider per steg, minnestopp, sidstorlekar och målen bredvid siffrorna."))
    main.add_argument("--sizes", default="100,600,2000", metavar="N,N,...",
                      help="antal enheter per mätning, kommaseparerat (standard: 100,600,2000)")
    main.add_argument("--years", type=int, default=5, metavar="Y", help="antal läsår (standard: 5)")
    main.add_argument("--runs", type=int, default=2, metavar="R",
                      help="antal byggen per storlek och variant; medianen skrivs ut (standard: 2)")
    main.add_argument("--seed", type=int, default=1, metavar="S", help="slumpfrö för innehållet (standard: 1)")
    main.add_argument("--keep", type=Path, metavar="MAPP",
                      help="skriv projekten hit och behåll dem (annars en tillfällig mapp som tas bort)")
    main.add_argument("--quick", action="store_true",
                      help="snabbkoll av skriptet: storlekarna 20 och 100, ett bygge var")
    return main


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] in ("_dump", "_validate"):
        return helper(argv)
    args = parser().parse_args(argv)
    sizes = [20, 100] if args.quick else sorted({int(s) for s in args.sizes.split(",")})
    runs = 1 if args.quick else max(1, args.runs)
    # mkdocs serve on the 100-unit tree (or a smaller one); a larger tree takes too long to start,
    # except in preview, which is also measured on a large municipality (PREVIEW_LARGE units)
    serve_size = SERVE_SIZE if SERVE_SIZE in sizes else min(s for s in [*sizes, SERVE_SIZE] if s <= SERVE_SIZE)
    root = args.keep or Path(tempfile.mkdtemp(prefix="ska-benchmark-"))
    print(f"Storlekar {', '.join(map(str, sizes))} enheter × {args.years} läsår, {runs} bygge(n) per variant; "
          f"{os.cpu_count()} kärnor, Python {sys.version.split()[0]}, projekten i {root}")
    results: dict[int, SizeResult] = {}
    serve: dict[str, Serve] = {}
    try:
        for units in sizes:
            print(f"\n{units} enheter × {args.years} läsår: genererar innehåll …", flush=True)
            project = make_project(root / f"enheter-{units}", units, args.years, args.seed)
            baseline = root / f"enheter-{units}-utan-ska"
            shutil.rmtree(baseline, ignore_errors=True)
            baseline.mkdir(parents=True)
            (baseline / MARK).write_text("Skapad av scripts/benchmark_site.py.\n")
            validation = json.loads(run_helper("_validate", str(project), str(runs)))
            run_helper("_dump", str(project), str(baseline))
            plugin_builds, base_builds = [], []
            for number in range(runs):  # alternate, so drift on a shared machine hits both alike
                print(f"  bygge {number + 1}/{runs} med och utan ska …", flush=True)
                plugin_builds.append(run_build(project))
                base_builds.append(run_build(baseline))
            results[units] = SizeResult(units, plugin_builds, base_builds, site_stats(project / "site"),
                                        site_stats(baseline / "site"), validation)
            print_size(results[units], args.years)
            if units in (serve_size, PREVIEW_LARGE):
                years = sorted((project / "content" / "years").iterdir())
                unit_year = sorted((years[-1] / "units").glob("*.yaml"))[0]
                variants = [(f"med förhandsvisning (SKA_PREVIEW), {units} enheter", unit_year.stem)]
                if units == serve_size:
                    variants.append((f"hela sajten, {units} enheter", None))
                for label, preview in variants:
                    print(f"  mkdocs serve {label}, ändrar {unit_year.relative_to(project)} …", flush=True)
                    try:
                        serve[label] = measure_serve(project, preview, unit_year, runs)
                    except (TimeoutError, OSError) as error:
                        print(f"  misslyckades: {error}")
                        serve[label] = Serve([], [], 0)
            if not args.keep:
                shutil.rmtree(project)
                shutil.rmtree(baseline)
        print_targets(results, serve)
    finally:
        if not args.keep:
            shutil.rmtree(root, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
