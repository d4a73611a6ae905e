"""Rules for parts of the organisation (school form, function, area): a part declared once, a unit's
part and a part's year file referring to a declared one, ids and years that agree with their files."""

from __future__ import annotations

from pathlib import PurePosixPath

from ..domain import PART
from .files import Source
from .problems import WARNING


class PartRules:
    """Rules for parts of the organisation (a part of ``Checker``)."""

    @property
    def parts(self) -> dict:
        """Declared parts: id → data (the file's name where its id is refused)."""
        known = getattr(self, "_parts", None)
        if known is None:
            known = self._parts = {}
            for source, data in self.by_kind.get(PART, []):
                part_id = data.get("id")
                if not isinstance(part_id, str) or self.refused(source, ("id",)):
                    part_id = PurePosixPath(source.name).stem
                known[part_id] = data
        return known

    def part_ref(self, source: Source, path: tuple, ref: object, title: str) -> None:
        if not isinstance(ref, str) or self.refused(source, path) or ref in self.parts:
            return
        self.add(source, path, f"Verksamhetsdelen ”{ref}” finns inte i content/parts/.",
                 self.suggest(ref, self.parts, "content/parts/"), title)

    def check_unit_part(self, source: Source, data: dict) -> None:
        if "part" in data:
            self.part_ref(source, ("part",), data["part"], "Verksamhetsdel")

    def check_part(self, source: Source, data: dict) -> None:
        stem = PurePosixPath(source.name).stem
        self.not_reserved(source, data.get("id"), ("id",), "Delens id", "Delen")
        if not self.refused(source, ("id",)) and data["id"] != stem:
            self.add(source, ("id",), f"Verksamhetsdelens id är ”{data['id']}” men filen heter {stem}.yaml.",
                     f"Skriv id: {stem} eller byt namn på filen till {data['id']}.yaml.", "Delens id")
        if data.get("id") in self.units and not self.refused(source, ("id",)):
            self.add(source, ("id",), f"Det finns också en enhet med id:t ”{data['id']}” i content/units/; "
                     "den räknas som en enhet i kommunens siffror.",
                     "Var enheten en ersättare för delen, ta bort den (och dess läsårsfiler) och skriv delens plan i "
                     "content/years/<läsår>/parts/. Är det en riktig enhet, ge delen ett annat id.", "Delens id",
                     WARNING)

    def check_part_year(self, source: Source, data: dict, has_catalogue: bool) -> None:
        school_year = self.year_matches(source, data)
        self.needs_input(source, data)
        if isinstance(data.get("summary"), str) and not data["summary"].strip():
            self.add(source, ("summary",), "Delens sammanfattning av läsåret är inte skriven ännu.",
                     "Skriv sammanfattningen efter summary:, t.ex. summary: | och texten indragen på raderna under.",
                     "Sammanfattning", WARNING)
        stem = PurePosixPath(source.name).stem
        part_id = None if self.refused(source, ("part",)) else data["part"]
        if part_id is not None and part_id != stem:
            self.add(source, ("part",), f"Verksamhetsdelen är ”{part_id}” men filen heter {stem}.yaml.",
                     f"Skriv part: {stem} eller byt namn på filen.", "Verksamhetsdel")
        elif part_id is not None and part_id not in self.parts:
            self.add(source, ("part",), f"Verksamhetsdelen ”{part_id}” har en plan för läsåret men finns inte i "
                     "content/parts/.", f"Lägg till content/parts/{part_id}.yaml med delens id, name och kind "
                     "(school_form, function eller area), eller rätta id:t.", "Verksamhetsdel")
        with self.guard(source, ()):
            self.improvement_and_goals(source, data, school_year, has_catalogue)
