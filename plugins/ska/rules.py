"""Rules a schema cannot express: references between files, years, counts, scales, dates, ids."""

from __future__ import annotations

import difflib
import operator
import re
from collections import Counter
from datetime import date
from pathlib import PurePosixPath

from .load import INDICATORS, MUNICIPALITY_YEAR, PROGRAMMES, UNIT, UNIT_YEAR, Source, school_year_of_folder
from .load import school_year as load_school_year
from .problems import WARNING, Problem

GROUPS = {"total": "Totalt", "girls": "Flickor", "boys": "Pojkar"}
SCHOOL_YEAR = re.compile(r"([0-9]{4})/([0-9]{2})")


# Ids that become a path segment of a generated page (views: enheter/<unit id>/, indikatorer/<indicator id>.md)
# must not be the name of a page the site generates there itself.
RESERVED_IDS = frozenset({"index"})


def school_year_bounds(school_year: str) -> tuple[date, date]:
    """"2024/25" → (2024-07-01, 2025-06-30); ValueError for anything but a school year 1900/01–2100/01."""
    match = SCHOOL_YEAR.fullmatch(school_year) if isinstance(school_year, str) else None
    if not match or not load_school_year(int(match.group(1)), int(match.group(2))):
        raise ValueError(f"inget läsår: {school_year!r}")
    start = int(match.group(1))
    return date(start, 7, 1), date(start + 1, 6, 30)


def folder_year(name: str) -> str | None:
    """"content/years/2024-25/units/x.yaml" → "2024/25"."""
    parts = PurePosixPath(name).parts
    return school_year_of_folder(parts[2]) if len(parts) > 3 and parts[:2] == ("content", "years") else None


def _date(value: object) -> date | None:
    try:
        return date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


class Checker:
    """Runs every cross-file rule over schema-valid documents and collects Problems."""

    def __init__(self, documents: list[tuple[Source, dict]]):
        self.documents = documents
        self.problems: list[Problem] = []
        by_kind: dict[str, list[tuple[Source, dict]]] = {}
        for source, data in documents:
            by_kind.setdefault(source.kind, []).append((source, data))
        self.by_kind = by_kind
        self.units = {data["id"]: data for _, data in by_kind.get(UNIT, [])}
        self.indicators = {}
        for _, data in by_kind.get(INDICATORS, []):
            for item in data["indicators"]:
                self.indicators.setdefault(item["id"], item)
        self.programmes = {}
        for _, data in by_kind.get(PROGRAMMES, []):
            for item in data["programmes"]:
                self.programmes.setdefault(item["id"], item)
        self.goal_areas = {
            data["school_year"]: {area["id"] for area in data["goal_areas"]}
            for _, data in by_kind.get(MUNICIPALITY_YEAR, [])
        }

    def add(self, source: Source, path: tuple, message: str, hint: str, title: str = "", severity: str = "error"):
        self.problems.append(Problem(source.name, message=message, hint=hint, field_title=title,
                                     path=path, severity=severity))

    def run(self, memo: dict | None = None) -> list[Problem]:
        """``memo``: a dict kept between runs (mkdocs serve). A unit-year file's problems depend
        only on it and on the other kinds of file, so while those are the very same objects,
        an unchanged unit-year file's problems are taken from the last run."""
        has_catalogue = INDICATORS in self.by_kind
        context = [data for source, data in self.documents if source.kind != UNIT_YEAR]  # kept, so ids stay unique
        same = memo and len(memo["context"]) == len(context) and all(map(operator.is_, memo["context"], context))
        last = memo["files"] if same else {}
        files = {}
        for source, data in self.documents:
            if source.kind == INDICATORS:
                self.check_indicators(source, data)
            elif source.kind == UNIT:
                self.check_unit(source, data)
            elif source.kind == PROGRAMMES:
                self.check_programmes(source, data)
            elif source.kind == UNIT_YEAR:
                kept = last.get(id(data))
                if kept and kept[0] is data and kept[1] == source:
                    self.problems += kept[2]
                else:
                    before = len(self.problems)
                    self.check_unit_year(source, data, has_catalogue)
                    kept = (data, source, self.problems[before:])
                files[id(data)] = kept
            elif source.kind == MUNICIPALITY_YEAR:
                self.check_municipality_year(source, data, has_catalogue)
        if memo is not None:
            memo.update(context=context, files=files)
        return self.problems

    # -- shared checks -------------------------------------------------------

    def unique(self, source: Source, items: list[dict], path: tuple, what: str, key: str = "id") -> None:
        counts = Counter(item.get(key) for item in items)
        for i, item in enumerate(items):
            if counts[item.get(key)] > 1:
                self.add(source, path + (i, key), f"{what} ”{item.get(key)}” finns flera gånger.",
                         "Ändra id:t på den ena: samma id får bara finnas en gång i listan.", "Id")

    def not_reserved(self, source: Source, value: str, path: tuple, title: str, what: str) -> None:
        if value in RESERVED_IDS:
            self.add(source, path, f"Id:t ”{value}” används redan av sajten för en egen sida.",
                     f"Ge {what.lower()} ett annat id, t.ex. ett som beskriver {what.lower()} med ett eller två ord.", title)

    def in_order(self, source: Source, data: dict, path: tuple, fields: list[tuple[str, str]]) -> None:
        """Dates given in ``fields`` must not go backwards."""
        present = [(key, title, _date(data.get(key))) for key, title in fields if _date(data.get(key))]
        for (k1, t1, d1), (k2, t2, d2) in zip(present, present[1:]):
            if d2 < d1:
                self.add(source, path + (k2,), f"”{t2}” ({d2}) är före ”{t1}” ({d1}).",
                         f"Kontrollera datumen: {t2.lower()} kan inte vara före {t1.lower()}.", t2)

    def indicator_refs(self, source: Source, refs: list, path: tuple, has_catalogue: bool) -> None:
        if not has_catalogue:
            return
        for i, ref in enumerate(refs or []):
            if ref not in self.indicators:
                self.add(source, path + (i,), f"Indikatorn ”{ref}” finns inte i indikatorkatalogen.",
                         self.suggest(ref, self.indicators, "content/indicators.yaml"), "Indikator")

    @staticmethod
    def suggest(ref: str, known: dict, where: str) -> str:
        # 0.8: a slip of a letter or two; ids that only share a common ending (…skolan) are not suggested.
        close = difflib.get_close_matches(ref, list(known), n=1, cutoff=0.8)
        if close:
            return f"Menade du ”{close[0]}”? Annars lägg till den i {where}."
        return f"Kontrollera stavningen eller lägg till den i {where}."

    def year_matches(self, source: Source, data: dict) -> str | None:
        """The file's school year if it is one and agrees with its folder; else a problem and None."""
        expected = folder_year(source.name)
        first = int(data["school_year"][:4])
        if load_school_year(first, int(data["school_year"][5:])) is None:
            right = load_school_year(first, (first + 1) % 100)
            self.add(source, ("school_year",),
                     f"Läsåret {data['school_year']} finns inte: det andra året ska vara året efter det första.",
                     f"Skriv school_year: {right}." if right else "Skriv läsåret som ÅÅÅÅ/ÅÅ, t.ex. 2024/25.", "Läsår")
            return None
        if expected and data["school_year"] != expected:
            self.add(source, ("school_year",),
                     f"Läsåret är {data['school_year']} men filen ligger i mappen för {expected}.",
                     f"Skriv school_year: {expected} eller flytta filen till rätt läsårsmapp.", "Läsår")
        return data["school_year"]

    def improvement_and_goals(self, source: Source, data: dict, school_year: str, has_catalogue: bool) -> None:
        for key, what in (("goals", "Målet"), ("improvement_areas", "Förbättringsområdet"),
                          ("development_areas", "Utvecklingsområdet"), ("inspections", "Inspektionen")):
            self.unique(source, data.get(key, []), (key,), what)
        for i, goal in enumerate(data.get("goals", [])):
            self.indicator_refs(source, goal.get("indicators"), ("goals", i, "indicators"), has_catalogue)
        areas = self.goal_areas.get(school_year)
        for i, area in enumerate(data.get("improvement_areas", [])):
            path = ("improvement_areas", i)
            if "effect_assessment" in area and not area["effect_assessment"].strip():
                self.add(source, path + ("effect_assessment",),
                         f"Effekten av förbättringsområdet ”{area['title']}” är inte bedömd ännu.",
                         "Skriv i effect_assessment: vad arbetet har lett till, när årets resultat finns.",
                         "Bedömd effekt", WARNING)
            self.indicator_refs(source, area.get("indicators"), path + ("indicators",), has_catalogue)
            if areas is not None and area.get("goal_area") and area["goal_area"] not in areas:
                self.add(source, path + ("goal_area",),
                         f"Målområdet ”{area['goal_area']}” finns inte i kommunens fil för {school_year}.",
                         f"Välj ett av: {', '.join(sorted(areas))}.", "Målområde")
            for j, action in enumerate(area.get("actions", [])):
                self.indicator_refs(source, action.get("indicators"), path + ("actions", j, "indicators"), has_catalogue)
                self.in_order(source, action, path + ("actions", j), [("start", "Start"), ("end", "Slut")])
        for i, inspection in enumerate(data.get("inspections", [])):
            path = ("inspections", i)
            self.in_order(source, inspection, path, [
                ("review_start", "Granskningen började"), ("review_end", "Granskningen slutade"),
                ("decision_date", "Beslutsdatum"), ("report_deadline", "Sista dag för redovisning")])
            self.in_order(source, inspection, path, [("decision_date", "Beslutsdatum"), ("report_submitted", "Redovisning inlämnad")])
            self.in_order(source, inspection, path, [("decision_date", "Beslutsdatum"), ("closed_date", "Avslutad")])
            if inspection["status"] == "closed" and "closed_date" not in inspection:
                self.add(source, path + ("status",), "Inspektionen är avslutad men datum för avslut saknas.",
                         "Lägg till closed_date: med datumet då myndigheten avslutade ärendet.", "Status", WARNING)

    # -- one kind of file each ---------------------------------------------

    def check_indicators(self, source: Source, data: dict) -> None:
        items = data["indicators"]
        self.unique(source, items, ("indicators",), "Indikatorn")
        for i, item in enumerate(items):
            path = ("indicators", i)
            self.not_reserved(source, item["id"], path + ("id",), "Indikatorns id", "Indikatorn")
            low, high = item["scale"]["min"], item["scale"]["max"]
            if low >= high:
                self.add(source, path + ("scale", "max"),
                         f"Skalans högsta värde är inte större än det lägsta (min: {low}, max: {high}).",
                         f"Rätta min och max, t.ex. scale: {{min: {min(low, high)}, max: {max(low, high)}}} om de har bytt plats.",
                         "Högsta värde")
            versions = item.get("versions", [])
            self.unique(source, versions, path + ("versions",), "Versionen")
            starts = [v["from"] for v in versions]
            if starts != sorted(starts):
                self.add(source, path + ("versions",), "Definitionsversionerna står inte i tidsordning.",
                         "Sortera versionerna efter läsåret de gäller från, äldst först.", "Definitionsversioner")
            if item["aggregation"] == "ratio" and item["unit"] != "percent":
                self.add(source, path + ("aggregation",), "Sammanräkning ”ratio” ger en andel men enheten är inte percent.",
                         "Ändra enheten till percent eller välj en annan sammanräkning.", "Sammanräkning")

    def check_unit(self, source: Source, data: dict) -> None:
        stem = PurePosixPath(source.name).stem
        self.not_reserved(source, data["id"], ("id",), "Enhetens id", "Enheten")
        if data["id"] != stem:
            self.add(source, ("id",), f"Enhetens id är ”{data['id']}” men filen heter {stem}.yaml.",
                     f"Skriv id: {stem} eller byt namn på filen till {data['id']}.yaml.", "Enhetens id")
        self.in_order(source, data, (), [("opened", "Startade"), ("closed", "Stängde")])
        refs = [(("successor",), data["successor"])] if "successor" in data else []
        refs += [(("predecessors", i), ref) for i, ref in enumerate(data.get("predecessors", []))]
        for path, ref in refs:
            if ref not in self.units:
                self.add(source, path, f"Enheten ”{ref}” finns inte i content/units/.",
                         self.suggest(ref, self.units, "content/units/"), "Enhet")
            elif ref == data["id"]:
                self.add(source, path, "Enheten hänvisar till sig själv.", "Ange en annan enhet.", "Enhet")
        if "successor" in data and "closed" not in data:
            self.add(source, ("successor",), "Enheten har en efterföljare men inget datum då den stängde.",
                     "Lägg till closed: med datumet då enheten gick upp i efterföljaren.", "Efterföljare")

    def check_programmes(self, source: Source, data: dict) -> None:
        items = data["programmes"]
        self.unique(source, items, ("programmes",), "Programmet")
        for i, item in enumerate(items):
            path = ("programmes", i)
            self.in_order(source, item, path, [("start", "Start"), ("end", "Slut")])
            for j, ref in enumerate(item["units"]):
                if ref not in self.units:
                    self.add(source, path + ("units", j), f"Enheten ”{ref}” finns inte i content/units/.",
                             self.suggest(ref, self.units, "content/units/"), "Deltagande enheter")
            self.indicator_refs(source, item.get("indicators"), path + ("indicators",), True)

    def needs_input(self, source: Source, data: dict) -> None:
        """An empty value ("", [] or {}) is a place left to fill in, e.g. by ska new-year: a warning, not an error."""
        if source.kind == MUNICIPALITY_YEAR and "summary" in data and not data["summary"].strip():
            self.add(source, ("summary",), "Huvudmannens sammanfattning av läsåret är inte skriven ännu.",
                     "Skriv sammanfattningen efter summary:, t.ex. summary: | och texten indragen på raderna under.",
                     "Sammanfattning", WARNING)
        if "results" in data and not data["results"]:
            self.add(source, ("results",), "Resultaten för läsåret är inte ifyllda ännu.",
                     "Fyll i results: med årets resultat, ett per indikator (se förra läsårets fil), i stället för [].",
                     "Resultat", WARNING)
        if "analysis" in data and not data["analysis"]:
            self.add(source, ("analysis",), "Analysen för läsåret är inte skriven ännu.",
                     "Skriv analysen i stället för {}: perspektiven på egna rader under analysis:, indragna två steg, "
                     "t.ex. summary:, comparative:, organisation:, resources:, methods: och equity:.",
                     "Analys", WARNING)

    def check_municipality_year(self, source: Source, data: dict, has_catalogue: bool) -> None:
        school_year = self.year_matches(source, data)
        if school_year is None:
            return
        self.needs_input(source, data)
        self.unique(source, data["goal_areas"], ("goal_areas",), "Målområdet")
        goal_ids = Counter(goal["id"] for area in data["goal_areas"] for goal in area["goals"])
        for i, area in enumerate(data["goal_areas"]):
            for j, goal in enumerate(area["goals"]):
                if goal_ids[goal["id"]] > 1:
                    self.add(source, ("goal_areas", i, "goals", j, "id"), f"Målet ”{goal['id']}” finns flera gånger.",
                             "Ge varje mål ett eget id.", "Id")
                self.indicator_refs(source, goal.get("indicators"), ("goal_areas", i, "goals", j, "indicators"), has_catalogue)
        self.improvement_and_goals(source, data, school_year, has_catalogue)
        for i, item in enumerate(data.get("complaints", [])):
            if item.get("justified", 0) > item["count"]:
                self.add(source, ("complaints", i, "justified"),
                         f"Fler befogade klagomål ({item['justified']}) än klagomål ({item['count']}).",
                         "Rätta antalen: befogade är en del av alla klagomål.", "Varav befogade")
        start, end = school_year_bounds(school_year)
        seen = set()
        for i, item in enumerate(data.get("sick_leave", [])):
            month = date.fromisoformat(item["month"] + "-01")
            if not start <= month <= end:
                self.add(source, ("sick_leave", i, "month"), f"Månaden {item['month']} hör inte till läsåret {school_year}.",
                         "Ange en månad från juli till juni inom läsåret.", "Månad")
            if (item["month"], item["group"]) in seen:
                self.add(source, ("sick_leave", i), f"Månaden {item['month']} finns två gånger för gruppen {item['group']}.",
                         "Ta bort dubbletten.", "Månad")
            seen.add((item["month"], item["group"]))
            if item.get("short_term", 0) > item["total"]:
                self.add(source, ("sick_leave", i, "short_term"), "Korttidssjukfrånvaron är större än den totala.",
                         "Korttidsfrånvaron är en del av den totala; rätta värdena.", "Korttidssjukfrånvaro (%)")
        for i, item in enumerate(data.get("programme_follow_up", [])):
            if item["programme"] not in self.programmes:
                self.add(source, ("programme_follow_up", i, "programme"),
                         f"Programmet ”{item['programme']}” finns inte i content/programmes.yaml.",
                         self.suggest(item["programme"], self.programmes, "content/programmes.yaml"), "Program")

    def check_unit_year(self, source: Source, data: dict, has_catalogue: bool) -> None:
        school_year = self.year_matches(source, data)
        if school_year is None:
            return
        self.needs_input(source, data)
        stem = PurePosixPath(source.name).stem
        if data["unit"] != stem:
            self.add(source, ("unit",), f"Enheten är ”{data['unit']}” men filen heter {stem}.yaml.",
                     f"Skriv unit: {stem} eller byt namn på filen.", "Enhet")
        unit = self.units.get(data["unit"])
        if unit is None:
            self.add(source, ("unit",), f"Enheten ”{data['unit']}” finns inte i content/units/.",
                     self.suggest(data["unit"], self.units, "content/units/"), "Enhet")
        else:
            start, end = school_year_bounds(school_year)
            opened, closed = _date(unit["opened"]), _date(unit.get("closed"))
            if (opened and opened > end) or (closed and closed < start):
                span = f"startade {unit['opened']}" + (f" och stängde {unit['closed']}" if closed else "")
                self.add(source, ("unit",), f"Enheten var inte i drift läsåret {school_year} ({span}).",
                         "Ta bort filen eller rätta start- och stoppdatum i enhetens fil.", "Enhet")
        self.improvement_and_goals(source, data, school_year, has_catalogue)
        seen = {}
        for i, result in enumerate(data.get("results", [])):
            path = ("results", i)
            key = (result["indicator"], result.get("stage"), result.get("window"))
            if key in seen:
                self.add(source, path + ("indicator",),
                         f"Resultatet för ”{result['indicator']}” finns redan (resultat nr {seen[key] + 1}).",
                         "Ta bort dubbletten eller ange olika stadium eller mättillfälle.", "Indikator")
            seen[key] = i
            indicator = self.indicators.get(result["indicator"])
            if indicator is None:
                if has_catalogue:
                    self.add(source, path + ("indicator",), f"Indikatorn ”{result['indicator']}” finns inte i indikatorkatalogen.",
                             self.suggest(result["indicator"], self.indicators, "content/indicators.yaml"), "Indikator")
                continue
            self.check_result(source, result, path, indicator, school_year)

    def check_result(self, source: Source, result: dict, path: tuple, indicator: dict, school_year: str) -> None:
        groups = [g for g in GROUPS if g in result]
        if not groups:
            self.add(source, path, "Resultatet har inga siffror.",
                     "Lägg till total: (och gärna girls: och boys:) med täljare och nämnare eller ett värde.", "Resultat", WARNING)
        scale_min, scale_max = indicator["scale"]["min"], indicator["scale"]["max"]
        for version in indicator.get("versions", []):
            if version["from"] <= school_year and "scale_max" in version:
                scale_max = version["scale_max"]
        for group in groups:
            figure, gpath, title = result[group], path + (group,), GROUPS[group]
            numerator, denominator, value = figure.get("numerator"), figure.get("denominator"), figure.get("value")
            if "status" in figure:
                if value is not None or numerator is not None:
                    self.add(source, gpath + ("status",), "Värdet är markerat som skyddat eller saknat men har ändå siffror.",
                             "Ta bort siffrorna eller ta bort status; ett skyddat värde ska inte publiceras.", title)
                continue
            if value is None and (numerator is None or denominator is None):
                self.add(source, gpath, "Siffran saknas: ange täljare och nämnare, ett värde, eller en status.",
                         "Skriv numerator: och denominator:, eller value:, eller status: too_few om gruppen är för liten.", title)
                continue
            if numerator is not None and denominator is not None:
                if numerator > denominator:
                    self.add(source, gpath + ("numerator",), f"Täljaren ({numerator}) är större än nämnaren ({denominator}).",
                             "Täljaren räknar en del av nämnaren (t.ex. behöriga av alla elever); byt plats eller rätta.", "Täljare")
                    continue
                if indicator["aggregation"] == "ratio" and denominator > 0 and value is not None:
                    computed = 100 * numerator / denominator
                    if abs(computed - value) > 0.1 + 1e-9:
                        self.add(source, gpath + ("value",),
                                 f"Värdet {value} stämmer inte med täljare/nämnare ({computed:.1f}).",
                                 "Ta bort value: (det räknas fram ur antalen) eller rätta antalen.", "Värde", WARNING)
            if value is not None and not scale_min <= value <= scale_max:
                self.add(source, gpath + ("value",), f"Värdet {value} ligger utanför indikatorns skala {scale_min}–{scale_max}.",
                         "Kontrollera värdet" + (" (en andel skrivs i procent, t.ex. 85.9)." if indicator["unit"] == "percent" else "."), "Värde")
        self.groups_add_up(source, result, path)

    def groups_add_up(self, source: Source, result: dict, path: tuple) -> None:
        if not all(g in result for g in GROUPS):
            return
        for key, title in (("denominator", "Nämnare"), ("numerator", "Täljare")):
            total, girls, boys = (result[g].get(key) for g in GROUPS)
            if None not in (total, girls, boys) and girls + boys != total:
                self.add(source, path + ("total", key),
                         f"Flickor ({girls}) och pojkar ({boys}) blir {girls + boys}, men totalt står {total}.",
                         "Rätta antalen så att flickor + pojkar = totalt.", title)


def check(documents: list[tuple[Source, dict]], memo: dict | None = None) -> list[Problem]:
    """Cross-file rules over documents that have passed their schema (``memo``: see Checker.run)."""
    return Checker(documents).run(memo)
