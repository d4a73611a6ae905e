"""The programme pages' effect figures for ``leaks.py``: each comparison's fixed set of units (a panel) and the
chart's, as figures a reader can set against the rest of the site.

A panel's figure is a sum of unit figures, like the municipality's; the page says how many units it has, not
which, and the reader modelled here is told which (the units with published counts in both years, worked
out here apart from ``analysis.effect``). :func:`harvest_programme` reads each "Effekt" table's cells
("52,0 % → 60,0 % (3 enheter, 120 → 118 elever)"); :func:`panels` gives, per figure the analysis publishes,
the unit figures it covers and its counts; :func:`problems` says where the page, the analysis and the
independent count disagree, or a panel covers a suppressed figure; :func:`equations` puts the figures the
page shows into the solver as known sums.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ska.analysis.effect import indicator_effects

CELL = re.compile(r"^(\S+) % → (\S+) % \((\d+) enhet(?:er)?, ([\d ]+) → ([\d ]+) elever\)$")


@dataclass(frozen=True)
class Panel:
    key: tuple  # (entity, school year, indicator, stage, group): a figure of no unit, in the solver's terms
    covered: tuple  # the unit figures' keys it sums
    numerator: int
    denominator: int
    shown: tuple  # (programme, table id, year, column) of the page's cell, () for the chart


def _spaces(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").replace("\u202f", " ").split())


def harvest_programme(page, programme: str) -> None:
    """The "Effekt" tables of a programme page: (programme, table id, year, column) → (units, before, after)."""
    for table in page.article.find_all("table"):
        if "ska-effect" not in table.classes():
            continue
        for tr in table.find_all("tr")[1:]:
            cells = [c for c in tr.children if getattr(c, "tag", "") in ("th", "td")]
            year = _spaces(cells[0].text())
            for column, cell in zip(("participants", "others"), cells[1:3]):
                m = CELL.match(_spaces(cell.text()))
                if m:
                    page.used.add(id(cell))
                    page.h.panels[(programme, table.attrs.get("id", ""), year, column)] = (
                        int(m[3]), int(m[4].replace(" ", "")), int(m[5].replace(" ", "")))


def _published(site, unit: str, year: str, ind: str, stage: str) -> bool:
    fig = site.results.units.get((unit, year, ind, stage, "total"))
    return fig is not None and not fig.suppressed and fig.numerator is not None and bool(fig.denominator)


def _reported(site, years: list[str], ind: str, stage: str) -> list[str]:
    """The years in which any unit reports the indicator at the stage."""
    return [y for y in years if any(k[1:] == (y, ind, stage, "total") for k in site.results.units)]


def _sum(site, units, years, ind, stage) -> tuple[tuple, int, int]:
    keys = tuple((u, y, ind, stage, "total") for u in sorted(units) for y in years)
    figs = [site.results.units[k] for k in keys]
    return keys, sum(int(f.numerator) for f in figs), sum(int(f.denominator) for f in figs)


def panels(site) -> tuple[list[Panel], list[str]]:
    """Every panel figure the programme pages publish, counted apart from the analysis; and the disagreements."""
    out, problems = [], []
    results = site.results
    for programme in site.content.programmes.values():
        effects = indicator_effects(site.content, results, programme, results.min_group)
        for number, e in enumerate(effects, start=1):
            if not e.rows:
                continue
            first, last = e.plan.window
            window = _reported(site, [y for y in site.years if first <= y <= last], e.indicator, e.stage)
            name = f"insats {programme.id} {number}"
            for row in e.rows[1:]:
                for column, units, before, after in (
                        ("participants", e.participants, row.participants_before, row.participants),
                        ("others", e.others, row.others_before, row.others)):
                    present = {u for u in units if all(_published(site, u, y, e.indicator, e.stage)
                                                        for y in [*window, row.year])}
                    for when, years, pooled in (("before", window, before), ("after", [row.year], after)):
                        if pooled.share is None:
                            continue
                        covered, n, d = _sum(site, present, years, e.indicator, e.stage)
                        if (n, d, len(present)) != (pooled.numerator, pooled.denominator, pooled.units):
                            problems.append(f"{name} {row.year} {column} {when}: the analysis says "
                                            f"{pooled.numerator} av {pooled.denominator} ({pooled.units} units), "
                                            f"its units published {n} av {d} ({len(present)})")
                        key = (name, years[0], e.indicator, e.stage, f"{column} {when} {row.year}")
                        out.append(Panel(key, covered, n, d, (programme.id, f"tabell-effekt-{number}", row.year, column)))
            every = [*window, *(r.year for r in e.rows[1:])]
            for column, units, index in (("participants", e.participants, 0), ("others", e.others, 1)):
                present = {u for u in units if all(_published(site, u, y, e.indicator, e.stage) for y in every)}
                if len(present) != e.trend_units[index]:
                    problems.append(f"{name} chart {column}: {e.trend_units[index]} units, present every year: "
                                    f"{len(present)}")
                for point in e.trend:
                    pooled = (point.participants, point.others)[index]
                    if pooled.share is None:
                        continue
                    years = window if point.year == e.baseline else [point.year]
                    covered, n, d = _sum(site, present, years, e.indicator, e.stage)
                    if (n, d) != (pooled.numerator, pooled.denominator):
                        problems.append(f"{name} chart {column} {point.year}: {pooled.numerator} av "
                                        f"{pooled.denominator}, its units published {n} av {d}")
                    out.append(Panel((name, years[0], e.indicator, e.stage, f"{column} chart {point.year}"),
                                     covered, n, d, ()))
    return out, problems


def problems(site, h) -> list[str]:
    """A panel that covers a suppressed figure, disagrees with its units or with its page; a page's panel cell
    that is no panel of the analysis."""
    found, out = panels(site)
    shown = {}
    for p in found:
        out += [f"{p.key}: covers suppressed {k}" for k in p.covered if site.results.units[k].suppressed]
        if p.shown:
            shown.setdefault(p.shown, {})[p.key[4].split(" ")[1]] = p
    for where, (units, before, after) in h.panels.items():
        mine = shown.get(where, {})
        if set(mine) != {"before", "after"}:
            out.append(f"{where}: a panel cell the analysis does not publish")
        elif (before, after) != (mine["before"].denominator, mine["after"].denominator):
            out.append(f"{where}: the page says {before} → {after} pupils, the analysis "
                       f"{mine['before'].denominator} → {mine['after'].denominator}")
    out += [f"{where}: a panel the page does not show" for where in shown if where not in h.panels]
    return out


def equations(site, h) -> tuple[list[tuple[tuple, dict]], set]:
    """The panel figures as sums a reader knows: (block, {unknown: coefficient}) rows, and the known parts."""
    rows, known = [], set()
    for p in panels(site)[0]:
        if p.shown and p.shown not in h.panels:
            continue  # not on the page
        for part in ("n", "d"):
            row = {(p.key, part): 1}
            for k in p.covered:
                row[(k, part)] = row.get((k, part), 0) - 1
            rows.append(((p.key[1], p.key[2]), row))
            known.add((p.key, part))
    return rows, known
