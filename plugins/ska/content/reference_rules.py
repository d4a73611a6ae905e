"""Rules for reference series (riket, similar municipalities): the catalogue (``references`` in the indicator
catalogue) and a year's figures for them (``references`` in a municipality year file)."""

from __future__ import annotations

from collections import Counter
from functools import cached_property

from ..domain import INDICATORS
from .files import Source


class ReferenceRules:
    """Rules for the reference series and their figures (a part of ``Checker``)."""

    @cached_property
    def reference_series(self) -> dict:
        """Series id → catalogue item (None if the catalogue has schema errors)."""
        return self.catalogue(INDICATORS, "references")

    def check_reference_catalogue(self, source: Source, data: dict) -> None:
        """Each series' id, name and Kolada id once: pages and downloads tell the series apart by their names,
        and an import finds a series by its Kolada id."""
        items = data.get("references")
        self.unique(source, items, ("references",), "Jämförelseserien")
        valid = self.each(source, items, ("references",))
        names = Counter(item["name"].strip().casefold() for _, item in valid)
        kolada = Counter(item.get("kolada_municipality") for _, item in valid)
        for i, item in valid:
            if names[item["name"].strip().casefold()] > 1:
                self.add(source, ("references", i, "name"), f"Namnet ”{item['name']}” har redan en annan jämförelseserie.",
                         "Ge serien ett eget namn: sidorna och nedladdningarna skiljer serierna åt med namnet.", "Namn")
            code = item.get("kolada_municipality")
            if code is not None and kolada[code] > 1:
                self.add(source, ("references", i, "kolada_municipality"),
                         f"Kolada-id:t ”{code}” står vid flera jämförelseserier.",
                         "Ge varje serie sitt eget Kolada-id, eller ta bort det från den serie som inte hämtas från Kolada.",
                         "Kolada-id")

    def check_references(self, source: Source, data: dict, school_year: str | None, has_catalogue: bool) -> None:
        """A year's reference figures: a known series and indicator, one per series, indicator and stage, and
        figures by the rules of any result (counts that add up, values on the indicator's scale)."""
        seen: dict[tuple, int] = {}
        for i, item in self.each(source, data.get("references"), ("references",)):
            path = ("references", i)
            with self.guard(source, path):
                series = item["series"]
                if has_catalogue and series not in self.reference_series:
                    self.add(source, path + ("series",), f"Jämförelseserien ”{series}” finns inte i indikatorkatalogen.",
                             self.suggest(series, self.reference_series, "references: i content/indicators.yaml"),
                             "Jämförelseserie")
                key = (series, item["indicator"], item.get("stage"))
                if key in seen:
                    self.add(source, path + ("indicator",),
                             f"Jämförelseseriens ”{series}” siffra för ”{item['indicator']}” finns redan "
                             f"(jämförelsesiffra nr {seen[key] + 1}).",
                             "Ta bort dubbletten eller ange olika stadium: en serie har en siffra per indikator och "
                             "stadium och läsår.", "Indikator")
                seen.setdefault(key, i)
                self.check_result(source, item, path, school_year, has_catalogue, True, {})
