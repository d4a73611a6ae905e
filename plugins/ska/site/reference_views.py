"""Reference series (riket, similar municipalities) on the pages: dotted comparison lines in an indicator's
charts and a table under them, a column per series on a unit's year page and a table in the year summary.

Each figure is labelled with its series' name, its source and its measurement window, and is only ever set
beside the municipality's and the units' figures (``analysis.references``), never counted in them."""

from __future__ import annotations

from ..domain import ALL_STAGES, GROUPS
from ..model import Indicator
from .pages import Cell, coverage, indicator_path


def short_source(source: str) -> str:
    """"Kolada N15505, hämtad 2025-10-01" → "Kolada N15505": a source named once whatever day it was fetched."""
    return source.split(",")[0].strip()


def label(source: str, window: str) -> str:
    """What a reference figure is, under the number: "Kolada N15505 · VT 2025"."""
    return " · ".join(filter(None, (short_source(source), window)))


class ReferenceViews:
    """The reference series on indicator pages, unit-year pages and the year summary (a part of ``Views``)."""

    def reference_stages(self, indicator_id: str) -> dict[str, set[str]]:
        """Stage key → the school years with a reference figure for ``indicator_id``."""
        index = getattr(self, "_reference_index", None)
        if index is None:
            index = {}
            for year, indicator, stage, _, _ in self.results.references:
                index.setdefault(indicator, {}).setdefault(stage, set()).add(year)
            self._reference_index = index
        return index.get(indicator_id, {})

    def reference_key(self, indicator_id: str, stage: str, stages: list[str]) -> str | None:
        """The stage key of the reference figures shown with a table of ``stage`` (as for official figures:
        the same stage, or figures for all stages when the page has one table alone)."""
        known = self.reference_stages(indicator_id)
        if stage in known:
            return stage
        return ALL_STAGES if len(stages) == 1 and ALL_STAGES in known else None

    def _found(self, indicator: Indicator, key: str, series: str, years: list[str], group: str = "total") -> list:
        return [self.results.reference(y, indicator.id, key, series, group) for y in years]

    def reference_lines(self, indicator: Indicator, key: str | None, years: list[str]) -> tuple[list, list, list[str]]:
        """A dotted line per series for an indicator's chart (totals), the hidden points, and the sources in words."""
        lines, hidden, sources = [], [], []
        for series_id, series in (self.content.references.items() if key is not None else ()):
            found = self._found(indicator, key, series_id, years)
            shown = list(dict.fromkeys(short_source(r.source) for r in found if r is not None))
            if not shown:
                continue
            name = f"{series.name} ({' / '.join(shown)})"
            figures = [r.figure if r is not None else None for r in found]
            lines += self.series(indicator, [self.figure_value(f) for f in figures], name, years, dash="dot")
            hidden += self.hidden(years, figures, name)
            sources.append(f"{series.name}: {' / '.join(shown)}")
        return lines, hidden, sources

    @staticmethod
    def with_references(text: str, sources: list[str]) -> str:
        """A chart's "Källa:" line with the reference series' sources added."""
        return f"{text.removesuffix('.')}; jämförelse: {'; '.join(sources)}." if sources else text

    def reference_rows(self, indicator: Indicator, key: str | None, years: list[str]) -> dict | None:
        """The indicator page's table of reference figures: ``rows``, one per school year and series, and
        ``series``, the catalogue entries shown (their names and descriptions); None without any."""
        rows, shown = [], {}
        for year in years if key is not None else ():
            for series_id, series in self.content.references.items():
                found = {g: self.results.reference(year, indicator.id, key, series_id, g) for g in GROUPS}
                total = found["total"] or next((r for r in found.values() if r is not None), None)
                if total is None:
                    continue
                shown[series_id] = series
                rows.append({"year": year, "series": series.name, "window": total.window, "source": total.source,
                             "note": total.note, "cells": [self.cell(r.figure if r else None, indicator)
                                                           for r in found.values()]})
        return {"rows": rows, "series": [s for sid, s in self.content.references.items() if sid in shown]} \
            if rows else None

    def unit_year_references(self, year: str, rows: list[dict]) -> dict:
        """A line per series under a result on a unit's year page, only where the series has a figure for its
        indicator and stage this year (a page of many results stays small): each result row gets
        ``references``, a list of (series name, cell, source and window)."""
        for r in rows:
            stage = r["stage"] or ALL_STAGES
            found = [(s.name, self.results.reference(year, r["indicator"].id, stage, sid))
                     for sid, s in self.content.references.items()]
            r["references"] = [(name, self.cell(f.figure, r["indicator"]), label(f.source, f.window))
                               for name, f in found if f is not None]
        return {"references_suppressed": any(c.suppressed for r in rows for _, c, _ in r["references"])}

    def year_references(self, year: str) -> dict | None:
        """The year summary's comparison: a row per indicator and stage with reference figures this year, the
        municipality's figure computed from the units beside them, and a column per series."""
        order = {ind: n for n, ind in enumerate(self.content.indicators)}
        keys = sorted({(i, s) for y, i, s, _, g in self.results.references if y == year and g == "total" and i in order},
                      key=lambda k: (order[k[0]], k[1] != ALL_STAGES, k[1]))
        if not keys:
            return None
        used = [(sid, s) for sid, s in self.content.references.items()
                if any(self.results.reference(year, i, st, sid) for i, st in keys)]
        rows = []
        for ind_id, stage in keys:
            indicator = self.content.indicators[ind_id]
            town = self.results.municipality(year, ind_id, stage)
            found = [self.results.reference(year, ind_id, stage, sid) for sid, _ in used]
            rows.append({"indicator": indicator, "path": indicator_path(ind_id),
                         "stage": "" if stage == ALL_STAGES else stage,
                         "municipality": self.cell(town, indicator), "coverage": coverage(town, indicator),
                         "references": [(self.cell(f.figure, indicator), label(f.source, f.window)) if f else
                                        (Cell("–"), "") for f in found]})
        return {"series": [s for _, s in used], "rows": rows}
