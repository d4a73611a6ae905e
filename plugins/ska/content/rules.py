"""Rules a schema cannot express: references between files, years, counts, scales, dates, ids."""

from __future__ import annotations

import operator
from collections import Counter
from contextlib import contextmanager
from datetime import date
from pathlib import PurePosixPath

from ..domain import (INDICATORS, MUNICIPALITY_YEAR, PART, PART_YEAR, PROGRAMMES, SELF_ASSESSMENT, UNIT, UNIT_YEAR,
                      ends_before, first_day, running, school_year_bounds, school_year_of_date, school_year_of_folder)
from ..domain import school_year as year_label
from .files import Source
from .effect_rules import EffectRules
from .goal_rules import GoalRules
from .problems import WARNING, Problem, figure, probably_meant, written
from .part_rules import PartRules
from .recommendation_rules import RecommendationRules
from .reference_rules import ReferenceRules
from .result_rules import ResultRules
from .self_assessment_rules import SelfAssessmentRules
from .staff_rules import check_staff

# Ids that become a path segment of a generated page (views: enheter/<unit id>/, indikatorer/<indicator id>.md)
# must not be the name of a page the site generates there itself.
RESERVED_IDS = frozenset({"index"})


def folder_year(name: str) -> str | None:
    """"content/years/2024-25/units/x.yaml" → "2024/25"."""
    parts = PurePosixPath(name).parts
    return school_year_of_folder(parts[2]) if len(parts) > 3 and parts[:2] == ("content", "years") else None


def _date(value: object) -> date | None:
    """The first day of a date or month as written ("2018-09" → 2018-09-01); None if it is neither."""
    try:
        return first_day(value) if isinstance(value, str) else None
    except ValueError:
        return None


class Checker(ResultRules, GoalRules, EffectRules, SelfAssessmentRules, RecommendationRules, PartRules, ReferenceRules):
    """Runs every cross-file rule over the documents and collects Problems.

    A document may have parts its schema refused (``broken``: file name → the paths of its schema
    errors), so that one run reports every problem at once. Rules read only what passed: an item
    (a result, an improvement area, …) with a schema error anywhere in it is skipped (``each``), a
    problem at a place that holds or lies in a schema error is not reported twice (``add``), and a
    catalogue (indicators, programmes, goal areas) with errors does not judge other files'
    references. Whatever a skipped part holds, a rule never raises (``guard``)."""

    def __init__(self, documents: list[tuple[Source, dict]], broken: dict[str, set[tuple]] | None = None):
        self.documents = documents
        self.broken = {name: frozenset(paths) for name, paths in (broken or {}).items() if paths}
        self.problems: list[Problem] = []
        self.failures = 0  # rules that raised (on a refused part: quietly); a test keeps it at 0
        by_kind: dict[str, list[tuple[Source, dict]]] = {}
        for source, data in documents:
            by_kind.setdefault(source.kind, []).append((source, data))
        self.by_kind = by_kind
        self.units = {}
        for source, data in by_kind.get(UNIT, []):
            unit_id = data.get("id")
            if not isinstance(unit_id, str) or self.refused(source, ("id",)):
                unit_id = PurePosixPath(source.name).stem  # the file is named for its unit
            self.units[unit_id] = data
        self.indicators = self.catalogue(INDICATORS, "indicators")
        self.programmes = self.catalogue(PROGRAMMES, "programmes")
        self.population_groups = self.catalogue(INDICATORS, "groups")
        self.groups_judged = self.judged(INDICATORS)
        self.goal_areas = {  # not in a year of official figures only
            data["school_year"]: {area["id"] for area in data["goal_areas"]}
            for source, data in by_kind.get(MUNICIPALITY_YEAR, [])
            if "goal_areas" in data and not self.refused(source, ("goal_areas",)) and not self.refused(source, ("school_year",))
        }

    def catalogue(self, kind: str, key: str) -> dict:
        """Id → item from the files of ``kind``; if one has schema errors, the ids readable, each to None."""
        known: dict = {}
        for source, data in self.by_kind.get(kind, []):
            for item in data.get(key) if isinstance(data.get(key), list) else []:
                if isinstance(item, dict) and isinstance(item.get("id"), str):
                    known.setdefault(item["id"], None if source.name in self.broken else item)
        return known

    def judged(self, kind: str) -> bool:
        """Whether references to ``kind`` can be judged: none of its files has schema errors."""
        return not any(source.name in self.broken for source, _ in self.by_kind.get(kind, []))

    def refused(self, source: Source, path: tuple) -> bool:
        """Whether the schema refused the value at ``path``, a part of it, or something it lies in."""
        errors = self.broken.get(source.name, ())
        return any(e[:len(path)] == path or path[:len(e)] == e for e in errors)

    def each(self, source: Source, items: object, path: tuple) -> list[tuple[int, dict]]:
        """(index, item) for the items of the list at ``path`` that passed their schema."""
        errors = self.broken.get(source.name, ())
        if not isinstance(items, list) or any(path[:len(e)] == e for e in errors):
            return []
        return [(i, item) for i, item in enumerate(items)
                if isinstance(item, dict) and not (errors and self.refused(source, path + (i,)))]

    @contextmanager
    def guard(self, source: Source, path: tuple):
        """One item's or one file's rules: if they fail, the others still run, and no traceback reaches an editor."""
        try:
            yield
        except Exception as exc:  # noqa: BLE001
            self.failures += 1
            if source.name not in self.broken:  # else a value of the wrong type, which its schema problem names
                self.problems.append(Problem(
                    source.name, message=f"Reglerna mellan filerna kunde inte prövas här (internt fel: {type(exc).__name__}).",
                    hint="Kontrollera värdena mot redaktörsguiden; kvarstår felet, kontakta förvaltningens administratör.",
                    path=path))

    def add(self, source: Source, path: tuple, message: str, hint: str, title: str = "", severity: str = "error"):
        if source.name in self.broken and self.refused(source, path):
            return  # the schema's problem there already says what is wrong
        self.problems.append(Problem(source.name, message=message, hint=hint, field_title=title,
                                     path=path, severity=severity))

    def run(self, memo: dict | None = None) -> list[Problem]:
        """``memo``: a dict kept between runs (mkdocs serve). A unit-year file's problems depend
        only on it and on the other kinds of file, so while those are the very same objects,
        an unchanged unit-year file's problems are taken from the last run."""
        has_catalogue = INDICATORS in self.by_kind and self.judged(INDICATORS)
        context = [data for source, data in self.documents if source.kind != UNIT_YEAR]  # kept, so ids stay unique
        same = memo and len(memo["context"]) == len(context) and all(map(operator.is_, memo["context"], context))
        last = memo["files"] if same else {}
        files = {}
        for source, data in self.documents:
            if source.kind == UNIT_YEAR:
                broken = self.broken.get(source.name)
                kept = last.get(id(data))
                if kept and kept[0] is data and kept[1] == source and kept[3] == broken:
                    self.problems += kept[2]
                else:
                    before = len(self.problems)
                    with self.guard(source, ()):
                        self.check_unit_year(source, data, has_catalogue)
                    kept = (data, source, self.problems[before:], broken)
                files[id(data)] = kept
                continue
            with self.guard(source, ()):
                if source.kind == INDICATORS:
                    self.check_indicators(source, data)
                    self.check_group_catalogue(source, data)
                    self.check_reference_catalogue(source, data)
                elif source.kind == UNIT:
                    self.check_unit(source, data)
                    self.check_unit_part(source, data)
                elif source.kind == PART:
                    self.check_part(source, data)
                elif source.kind == PART_YEAR:
                    self.check_part_year(source, data, has_catalogue)
                elif source.kind == PROGRAMMES:
                    self.check_programmes(source, data)
                elif source.kind == SELF_ASSESSMENT:
                    self.check_self_assessment_catalogue(source, data)
                elif source.kind == MUNICIPALITY_YEAR:
                    self.check_municipality_year(source, data, has_catalogue)
        if memo is not None:
            memo.update(context=context, files=files)
        return self.problems

    # -- shared checks -------------------------------------------------------

    def unique(self, source: Source, items: object, path: tuple, what: str, key: str = "id") -> None:
        valid = self.each(source, items, path)
        counts = Counter(item.get(key) for _, item in valid)
        for i, item in valid:
            if counts[item.get(key)] > 1:
                self.add(source, path + (i, key), f"{what} ”{item.get(key)}” finns flera gånger.",
                         "Ändra id:t på den ena: samma id får bara finnas en gång i listan.", "Id")

    def not_reserved(self, source: Source, value: str, path: tuple, title: str, what: str) -> None:
        if isinstance(value, str) and value in RESERVED_IDS:
            self.add(source, path, f"Id:t ”{value}” används redan av sajten för en egen sida.",
                     f"Ge {what.lower()} ett annat id, t.ex. ett som beskriver {what.lower()} med ett eller två ord.", title)

    def in_order(self, source: Source, data: dict, path: tuple, fields: list[tuple[str, str]]) -> None:
        """Dates given in ``fields`` must not go backwards."""
        present = [(key, title, data[key]) for key, title in fields if _date(data.get(key))]
        for (k1, t1, d1), (k2, t2, d2) in zip(present, present[1:]):
            if ends_before(d2, d1):  # a month and a day in it are in order either way
                self.add(source, path + (k2,), f"”{t2}” ({d2}) är före ”{t1}” ({d1}).",
                         f"Kontrollera datumen: {t2.lower()} kan inte vara före {t1.lower()}.", t2)

    def indicator_refs(self, source: Source, refs: list, path: tuple, has_catalogue: bool) -> None:
        if not has_catalogue or not isinstance(refs, list) or self.refused(source, path):
            return
        for i, ref in enumerate(refs):
            if ref not in self.indicators:
                self.add(source, path + (i,), f"Indikatorn ”{ref}” finns inte i indikatorkatalogen.",
                         self.suggest(ref, self.indicators, "content/indicators.yaml"), "Indikator")

    @staticmethod
    def suggest(ref: str, known: dict, where: str) -> str:
        """A near spelling only when it is almost surely what was meant (see problems.probably_meant)."""
        close = probably_meant(ref, known)
        if close:
            return f"Menade du ”{close}”? Annars lägg till den i {where}."
        return f"Kontrollera stavningen mot id:na i {where}, där alla som finns står, eller lägg till den där."

    def year_matches(self, source: Source, data: dict) -> str | None:
        """The file's school year if it is one and agrees with its folder; else a problem (or its schema's) and None."""
        if self.refused(source, ("school_year",)):
            return None
        expected = folder_year(source.name)
        first = int(data["school_year"][:4])
        if year_label(first, int(data["school_year"][5:])) is None:
            right = year_label(first, (first + 1) % 100)
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
        for i, goal in self.each(source, data.get("goals"), ("goals",)):
            self.indicator_refs(source, goal.get("indicators"), ("goals", i, "indicators"), has_catalogue)
            self.check_goal_targets(source, goal, ("goals", i), has_catalogue)
        areas = self.goal_areas.get(school_year)
        for i, area in self.each(source, data.get("improvement_areas"), ("improvement_areas",)):
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
                self.check_effect_chain(source, action, path + ("actions", j), has_catalogue)
            self.check_effect_chain(source, area, path, has_catalogue)
        for i, inspection in self.each(source, data.get("inspections"), ("inspections",)):
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
        items = data.get("indicators")
        self.unique(source, items, ("indicators",), "Indikatorn")
        for i, item in self.each(source, items, ("indicators",)):
            path = ("indicators", i)
            self.not_reserved(source, item["id"], path + ("id",), "Indikatorns id", "Indikatorn")
            low, high = item["scale"]["min"], item["scale"]["max"]
            if low >= high:
                point = ", med punkt som decimaltecken" if "." in written(low) + written(high) else ""
                self.add(source, path + ("scale", "max"),
                         f"Skalans högsta värde är inte större än det lägsta (min: {figure(low)}, max: {figure(high)}).",
                         f"Rätta min och max, t.ex. scale: {{min: {written(min(low, high))}, max: {written(max(low, high))}}}"
                         f"{point}, om de har bytt plats.", "Högsta värde")
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
        self.not_reserved(source, data.get("id"), ("id",), "Enhetens id", "Enheten")
        if not self.refused(source, ("id",)) and data["id"] != stem:
            self.add(source, ("id",), f"Enhetens id är ”{data['id']}” men filen heter {stem}.yaml.",
                     f"Skriv id: {stem} eller byt namn på filen till {data['id']}.yaml.", "Enhetens id")
        self.in_order(source, data, (), [("opened", "Startade"), ("closed", "Stängde")])
        refs = [(("successor",), data["successor"])] if "successor" in data else []
        if isinstance(data.get("predecessors"), list):
            refs += [(("predecessors", i), ref) for i, ref in enumerate(data["predecessors"])]
        for path, ref in refs:
            if not isinstance(ref, str) or self.refused(source, path):
                continue
            if ref not in self.units:
                self.add(source, path, f"Enheten ”{ref}” finns inte i content/units/.",
                         self.suggest(ref, self.units, "content/units/"), "Enhet")
            elif ref == data["id"]:
                self.add(source, path, "Enheten hänvisar till sig själv.", "Ange en annan enhet.", "Enhet")
        if "successor" in data and "closed" not in data:
            self.add(source, ("successor",), "Enheten har en efterföljare men inget datum då den stängde.",
                     "Lägg till closed: med datumet då enheten gick upp i efterföljaren.", "Efterföljare")

    def check_programmes(self, source: Source, data: dict) -> None:
        items = data.get("programmes")
        self.unique(source, items, ("programmes",), "Programmet")
        for i, item in self.each(source, items, ("programmes",)):
            path = ("programmes", i)
            self.not_reserved(source, item["id"], path + ("id",), "Programmets id", "Programmet")
            self.in_order(source, item, path, [("start", "Start"), ("end", "Slut")])
            for j, ref in enumerate(item["units"]):
                if ref not in self.units:
                    self.add(source, path + ("units", j), f"Enheten ”{ref}” finns inte i content/units/.",
                             self.suggest(ref, self.units, "content/units/"), "Deltagande enheter")
            self.indicator_refs(source, item.get("indicators"), path + ("indicators",), self.judged(INDICATORS))
            self.check_effect_chain(source, item, path, self.judged(INDICATORS))

    def needs_input(self, source: Source, data: dict) -> None:
        """An empty value ("", [] or {}) is a place left to fill in, e.g. by ska new-year: a warning, not an error."""
        if source.kind == MUNICIPALITY_YEAR and isinstance(data.get("summary"), str) and not data["summary"].strip():
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
        school_year = self.year_matches(source, data)  # None: the rules that need it are skipped
        self.needs_input(source, data)
        self.check_results(source, data, school_year, has_catalogue, official=True)
        self.check_references(source, data, school_year, has_catalogue)
        with self.guard(source, ()):
            self.improvement_and_goals(source, data, school_year, has_catalogue)
        self.check_self_assessment(source, data)
        self.unique(source, data.get("goal_areas", []), ("goal_areas",), "Målområdet")
        areas = self.each(source, data.get("goal_areas"), ("goal_areas",))
        goal_ids = Counter(goal["id"] for _, area in areas for goal in area["goals"])
        for i, area in areas:
            for j, goal in enumerate(area["goals"]):
                if goal_ids[goal["id"]] > 1:
                    self.add(source, ("goal_areas", i, "goals", j, "id"), f"Målet ”{goal['id']}” finns flera gånger.",
                             "Ge varje mål ett eget id.", "Id")
                self.indicator_refs(source, goal.get("indicators"), ("goal_areas", i, "goals", j, "indicators"), has_catalogue)
                self.check_goal_targets(source, goal, ("goal_areas", i, "goals", j), has_catalogue)
        for i, item in self.each(source, data.get("complaints"), ("complaints",)):
            if item.get("justified", 0) > item["count"]:
                self.add(source, ("complaints", i, "justified"),
                         f"Fler befogade klagomål ({figure(item['justified'])}) än klagomål ({figure(item['count'])}).",
                         "Rätta antalen: befogade är en del av alla klagomål.", "Varav befogade")
        seen = set()
        for i, item in self.each(source, data.get("sick_leave"), ("sick_leave",)):
            if school_year and school_year_of_date(item["month"]) != school_year:
                self.add(source, ("sick_leave", i, "month"), f"Månaden {item['month']} hör inte till läsåret {school_year}.",
                         "Ange en månad från juli till juni inom läsåret.", "Månad")
            if (item["month"], item["group"]) in seen:
                self.add(source, ("sick_leave", i), f"Månaden {item['month']} finns två gånger för gruppen {item['group']}.",
                         "Ta bort dubbletten.", "Månad")
            seen.add((item["month"], item["group"]))
            if item.get("short_term", 0) > item["total"]:
                self.add(source, ("sick_leave", i, "short_term"), "Korttidssjukfrånvaron är större än den totala.",
                         "Korttidsfrånvaron är en del av den totala; rätta värdena.", "Korttidssjukfrånvaro (%)")
        check_staff(self, source, data, school_year)
        with self.guard(source, ("recommendations",)):
            self.check_recommendations(source, data, school_year, has_catalogue)
            self.check_recommendation_follow_up(source, data, school_year)
        for i, item in self.each(source, data.get("programme_follow_up"), ("programme_follow_up",)):
            if self.judged(PROGRAMMES) and item["programme"] not in self.programmes:
                self.add(source, ("programme_follow_up", i, "programme"),
                         f"Programmet ”{item['programme']}” finns inte i content/programmes.yaml.",
                         self.suggest(item["programme"], self.programmes, "content/programmes.yaml"), "Program")

    def check_unit_year(self, source: Source, data: dict, has_catalogue: bool) -> None:
        school_year = self.year_matches(source, data)  # None: the rules that need it are skipped
        self.needs_input(source, data)
        stem = PurePosixPath(source.name).stem
        unit_id = None if self.refused(source, ("unit",)) else data["unit"]
        if unit_id is not None and unit_id != stem:
            self.add(source, ("unit",), f"Enheten är ”{unit_id}” men filen heter {stem}.yaml.",
                     f"Skriv unit: {stem} eller byt namn på filen.", "Enhet")
        unit = self.units.get(unit_id)
        if unit_id is not None and unit is None:
            self.add(source, ("unit",), f"Enheten ”{unit_id}” finns inte i content/units/.",
                     self.suggest(unit_id, self.units, "content/units/"), "Enhet")
        elif unit is not None and school_year:
            start, end = school_year_bounds(school_year)
            opened, closed = (unit[k] if _date(unit.get(k)) else "" for k in ("opened", "closed"))
            if not running(opened, closed, start, end):
                span = " och ".join(filter(None, (opened and f"startade {opened}", closed and f"stängde {closed}")))
                self.add(source, ("unit",), f"Enheten var inte i drift läsåret {school_year} ({span}).",
                         "Ta bort filen eller rätta start- och stoppdatum i enhetens fil.", "Enhet")
        with self.guard(source, ()):
            self.improvement_and_goals(source, data, school_year, has_catalogue)
        self.check_self_assessment(source, data)
        self.check_results(source, data, school_year, has_catalogue)

def check(documents: list[tuple[Source, dict]], memo: dict | None = None,
          broken: dict[str, set[tuple]] | None = None) -> list[Problem]:
    """Cross-file rules over the documents (``broken``: the paths of each file's schema errors, see
    Checker; ``memo``: see Checker.run)."""
    return Checker(documents, broken).run(memo)
