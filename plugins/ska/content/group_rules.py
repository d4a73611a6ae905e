"""Rules for population groups beyond total, girls and boys: the catalogue's groups (``groups`` in the
indicator catalogue) and a result's figures for them (``groups`` in a result)."""

from __future__ import annotations

from collections import Counter

from ..domain import GROUPS
from ..labels import GROUP_NAMES
from .files import Source
from .problems import figure


class GroupRules:
    """Rules for the group catalogue and results' group figures (a part of ``Checker``)."""

    def check_group_catalogue(self, source: Source, data: dict) -> None:
        """The catalogue's groups: each id and name once, and never one of total, girls, boys (the site's own
        groups): pages and downloads tell groups apart by their names."""
        items = data.get("groups")
        self.unique(source, items, ("groups",), "Gruppen")
        names = Counter(item["name"].strip().casefold() for _, item in self.each(source, items, ("groups",)))
        for i, item in self.each(source, items, ("groups",)):
            name = item["name"].strip().casefold()
            if name in {n.casefold() for n in GROUP_NAMES.values()} or names[name] > 1:
                self.add(source, ("groups", i, "name"), f"Namnet ”{item['name']}” har redan en annan grupp.",
                         "Ge gruppen ett eget namn: sidorna och nedladdningarna skiljer grupperna åt med namnet.", "Namn")
            if item["id"] in GROUPS:
                self.add(source, ("groups", i, "id"), f"Id:t ”{item['id']}” är redan en av sajtens egna grupper.",
                         "Totalt, flickor och pojkar skrivs som total:, girls: och boys: i resultatet; "
                         "ge gruppen ett annat id, t.ex. ”exkl-nyanlanda”.", "Gruppens id")

    def check_group_figures(self, source: Source, result: dict, path: tuple, indicator: dict,
                            school_year: str | None) -> None:
        """A result's figures for catalogue groups: a known group, each once, figures as for any group,
        and never more pupils than the total (a group is a part of the total)."""
        items = self.each(source, result.get("groups"), path + ("groups",))
        counts = Counter(item["group"] for _, item in items)
        judged = self.groups_judged
        total = result.get("total") or {}
        for i, item in items:
            at = path + ("groups", i)
            group = item["group"]
            known = self.population_groups.get(group)
            if group not in self.population_groups:
                if judged:
                    self.add(source, at + ("group",), f"Gruppen ”{group}” finns inte i gruppkatalogen.",
                             self.suggest(group, self.population_groups, "groups: i content/indicators.yaml"), "Grupp")
                continue
            if counts[group] > 1:
                self.add(source, at + ("group",), f"Gruppen ”{group}” finns flera gånger i resultatet.",
                         "Ta bort dubbletten: en grupp har en siffra per resultat.", "Grupp")
            name = known["name"] if known else group
            self.check_figures(source, item, at, indicator, school_year, title=name)
            for key, title in (("denominator", "Nämnare"), ("numerator", "Täljare")):
                mine, whole = item.get(key), total.get(key)
                if mine is not None and whole is not None and mine > whole:
                    self.add(source, at + (key,),
                             f"Gruppen ”{name}” har fler ({figure(mine)}) än totalt ({figure(whole)}).",
                             "En grupp är en del av totalen; rätta antalen, eller kontrollera att siffran hör till "
                             "rätt resultat och grupp.", title)
