"""Rules for results, a unit's or the municipality's: known indicator and stage, counts that add up, values on
the indicator's scale and in agreement with their counts."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from ..domain import GROUPS
from ..formatting import round_half_up
from ..labels import GROUP_NAMES
from .files import Source
from .group_rules import GroupRules
from .problems import WARNING, figure, to_write, written


class ResultRules(GroupRules):
    """Rules for results, a unit's or the municipality's: known indicator and stage, counts that add up, values on (a part of ``Checker``)."""

    def check_results(self, source: Source, data: dict, school_year: str | None, has_catalogue: bool,
                      official: bool = False) -> None:
        """A unit's results, or (``official``) the municipality's official figures, by the same rules: each
        given once, for a known indicator, with counts that add up. An official figure is one per indicator
        and stage (the municipality's figures are kept per stage, whatever the measurement window)."""
        seen = {}
        for i, result in self.each(source, data.get("results"), ("results",)):
            path = ("results", i)
            with self.guard(source, path):
                self.check_result(source, result, path, school_year, has_catalogue, official, seen)

    def check_result(self, source: Source, result: dict, path: tuple, school_year: str | None, has_catalogue: bool,
                     official: bool, seen: dict) -> None:
        """One result (``seen``: the results before it in the file, by indicator, stage and window)."""
        key = (result["indicator"], result.get("stage")) + (() if official else (result.get("window"),))
        if key in seen:
            self.add(source, path + ("indicator",),
                     f"{'Den officiella siffran' if official else 'Resultatet'} för ”{result['indicator']}” "
                     f"finns redan (resultat nr {seen[key] + 1}).",
                     "Ta bort dubbletten eller ange olika stadium." if official else
                     "Ta bort dubbletten eller ange olika stadium eller mättillfälle.", "Indikator")
        seen[key] = path[-1]
        indicator = self.indicators.get(result["indicator"])
        if indicator is None:  # unknown, or its catalogue has schema errors
            if has_catalogue:
                self.add(source, path + ("indicator",), f"Indikatorn ”{result['indicator']}” finns inte i indikatorkatalogen.",
                         self.suggest(result["indicator"], self.indicators, "content/indicators.yaml"), "Indikator")
            return
        groups = [g for g in GROUPS if g in result]
        if not groups and not result.get("groups"):
            self.add(source, path, "Resultatet har inga siffror.",
                     "Lägg till total: (och gärna girls: och boys:) med täljare och nämnare eller ett värde.", "Resultat", WARNING)
        for group in groups:
            self.check_figures(source, result[group], path + (group,), indicator, school_year)
        self.groups_add_up(source, result, path)
        self.check_group_figures(source, result, path, indicator, school_year)

    def check_figures(self, source: Source, numbers: dict, path: tuple, indicator: dict, school_year: str | None,
                      title: str = "") -> None:
        """One group's figures: given, within the indicator's scale, and agreeing with its counts."""
        title = title or GROUP_NAMES[path[-1]]
        numerator, denominator, value = numbers.get("numerator"), numbers.get("denominator"), numbers.get("value")
        if "status" in numbers:
            if value is not None or numerator is not None:
                self.add(source, path + ("status",), "Värdet är markerat som skyddat eller saknat men har ändå siffror.",
                         "Ta bort siffrorna eller ta bort status; ett skyddat värde ska inte publiceras.", title)
            return
        if value is None and (numerator is None or denominator is None):
            self.add(source, path, "Siffran saknas: ange täljare och nämnare, ett värde, eller en status.",
                     "Skriv numerator: och denominator:, eller value:, eller status: too_few om gruppen är för liten.", title)
            return
        if numerator is not None and denominator is not None:
            if numerator > denominator:
                self.add(source, path + ("numerator",),
                         f"Täljaren ({figure(numerator)}) är större än nämnaren ({figure(denominator)}).",
                         "Täljaren räknar en del av nämnaren (t.ex. behöriga av alla elever); byt plats eller rätta.", "Täljare")
                return
            if indicator["aggregation"] == "ratio" and denominator > 0 and value is not None:
                self.value_matches_counts(source, path, numerator, denominator, value)
        scale_min, scale_max = indicator["scale"]["min"], indicator["scale"]["max"]
        for version in indicator.get("versions", []):  # without a school year, the widest scale it has had
            if "scale_max" in version and (version["from"] <= school_year if school_year else version["scale_max"] > scale_max):
                scale_max = version["scale_max"]
        if value is not None and not scale_min <= value <= scale_max:
            self.add(source, path + ("value",),
                     f"Värdet {figure(value)} ligger utanför indikatorns skala {figure(scale_min)}–{figure(scale_max)}.",
                     "Kontrollera värdet" + (f" (en andel skrivs i procent, t.ex. {to_write(85.9)})."
                                             if indicator["unit"] == "percent" else "."), "Värde")

    def value_matches_counts(self, source: Source, path: tuple, numerator: int, denominator: int, value: float) -> None:
        """A share given both as a value and as counts must be one figure: the value is the counts' share,
        rounded to the decimals it is written with (85.9 for 55 of 64 = 85.94 %, 86 also). Else the site
        would publish one figure with two meanings: an error."""
        share = Fraction(100 * numerator, denominator)
        decimals = max(0, -Decimal(written(value)).as_tuple().exponent)
        if abs(share - Fraction(Decimal(written(value)))) <= Fraction(1, 2 * 10 ** decimals):
            return
        rounded = round_half_up(share, max(decimals, 1))
        self.add(source, path + ("value",),
                 f"Värdet {figure(value)} stämmer inte med täljare och nämnare: {figure(numerator)} av "
                 f"{figure(denominator)} är {figure(rounded)}\u00a0%.",
                 f"Ett publicerat värde får bara betyda en sak. Ta bort value: (värdet räknas fram ur antalen), "
                 f"eller rätta antalen eller värdet, t.ex. value: {to_write(rounded)}.", "Värde")

    def groups_add_up(self, source: Source, result: dict, path: tuple) -> None:
        if not all(g in result for g in GROUPS):
            return
        for key, title in (("denominator", "Nämnare"), ("numerator", "Täljare")):
            total, girls, boys = (result[g].get(key) for g in GROUPS)
            if None not in (total, girls, boys) and girls + boys != total:
                self.add(source, path + ("total", key),
                         f"Flickor ({figure(girls)}) och pojkar ({figure(boys)}) blir {figure(girls + boys)}, "
                         f"men totalt står {figure(total)}.", "Rätta antalen så att flickor + pojkar = totalt.", title)
