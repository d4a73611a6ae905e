"""Population groups beyond total, girls and boys (the catalogue's ``groups``) on the pages that show results."""

from __future__ import annotations

from ..domain import ALL_STAGES
from ..labels import SCOPES
from .pages import coverage, indicator_path


class GroupViews:
    """Rows for the catalogue's groups where results have them; nothing where none has (a part of ``Views``)."""

    def group_catalogue(self, groups) -> list[dict]:
        """The catalogue entries of ``groups`` (ids), in catalogue order: name, description, relation in words."""
        return [{"name": g.name, "description": g.description, "excluded": g.excluded}
                for g in self.content.groups.values() if g.id in groups]

    def unit_groups_context(self, unit: str, year: str) -> dict:
        """What the unit-year page adds for catalogue groups (``_groups.j2``: ``unit_table``)."""
        rows = self.unit_group_rows(unit, year)
        return {"group_rows": rows, "group_catalogue": self.group_catalogue({r["group"] for r in rows}),
                "min_group": self.results.min_group,
                "groups_suppressed": any(c.suppressed for r in rows for c in (r["now"], r["municipality"]))}

    def unit_group_rows(self, unit: str, year: str) -> list[dict]:
        """A unit's figures for catalogue groups in ``year``: a row per result and group, with the unit's
        total beside it and the municipality's figure for the group (with what it covers)."""
        plan = self.content.unit_years[(unit, year)]
        rows = []
        for result in plan.results:
            indicator = self.content.indicators.get(result.indicator)
            if indicator is None or not result.groups:
                continue
            several = len(self.stage_keys[indicator.id]) > 1
            key = (unit, year, indicator.id, result.stage)
            total = self.results.unit(*key) if result.total is not None else None
            for item in sorted(result.groups, key=lambda g: self.content.group_order(g.group)):
                town = self.results.municipality(year, indicator.id, result.stage or ALL_STAGES, item.group)
                rows.append({"indicator": indicator, "path": indicator_path(indicator.id), "window": result.window,
                             "stage_label": self.stage_label(result.stage, several), "group": item.group,
                             "group_name": self.content.group_name(item.group),
                             "total": self.cell(total, indicator),
                             "now": self.cell(self.results.unit(*key, item.group), indicator),
                             "municipality": self.cell(town, indicator), "municipality_coverage": coverage(town, indicator),
                             "municipality_stage": self.stage_label(ALL_STAGES) if several and not result.stage else ""})
        return rows

    def year_group_rows(self, year: str) -> list[dict]:
        """The municipality's figures for catalogue groups in ``year``, a row per indicator, stage and group
        (catalogue orders), beside the total for the same stage: for the page of results by stage and gender."""
        order = {ind: n for n, ind in enumerate(self.content.indicators)}
        keys = sorted(((i, s, g) for y, i, s, g in self.results.towns
                       if y == year and i in order and g in self.content.groups),
                      key=lambda k: (order[k[0]], k[1] != ALL_STAGES, k[1], self.content.group_order(k[2])))
        stages = {i: {s for j, s, _ in keys if j == i and s != ALL_STAGES} for i, _, _ in keys}
        rows = []
        for ind_id, stage, group in keys:
            if stage == ALL_STAGES and len(stages[ind_id]) == 1:
                continue  # one stage alone: its pooled figure is the same
            indicator = self.content.indicators[ind_id]
            figs = [self.results.municipality(year, ind_id, stage, g) for g in (group, "total")]
            rows.append({"indicator": indicator, "path": indicator_path(ind_id),
                         "stage": self.stage_label(stage, len(stages[ind_id]) > 1), "group": self.content.group_name(group),
                         "cells": [self.cell(f, indicator) for f in figs], "coverage": [coverage(f, indicator) for f in figs]})
        return rows

    def municipality_group_rows(self, indicator, stage: str, years: list[str]) -> list[dict]:
        """The municipality's figures for catalogue groups, a row per group that some year has, as the
        indicator page's rows for total, girls and boys: ``group`` (the name), ``cells``, ``coverage``."""
        rows = []
        for group in self.content.groups:
            figs = [self.results.municipality(y, indicator.id, stage, group) for y in years]
            if all(f is None for f in figs):
                continue
            rows.append({"group": self.content.group_name(group), "cells": [self.cell(f, indicator) for f in figs],
                         "coverage": [coverage(f, indicator) for f in figs], "id": group})
        return rows

    def official_group_rows(self, indicator, stage: str | None, years: list[str]) -> list[dict]:
        """The municipality's official figures for catalogue groups (``stage``: the official figures' stage
        key on this part of the indicator page, None for none), each beside the group's figure from the units."""
        rows = []
        for year in years if stage is not None else ():
            for group in self.content.groups:
                found = self.results.official(year, indicator.id, stage, group)
                if found is None:
                    continue
                computed = self.results.municipality(year, indicator.id, stage, group)
                rows.append({"year": year, "group": self.content.group_name(group), "cell": self.cell(found.figure, indicator),
                             "source": found.source, "scope": SCOPES.get(found.scope, found.scope),
                             "computed": self.cell(computed, indicator), "coverage": coverage(computed, indicator)})
        return rows
