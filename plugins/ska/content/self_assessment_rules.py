"""Rules for self-assessment (normalläge): the catalogue's codes and ids are unique, and a unit's or the
municipality's assessment uses only the catalogue's roles, strategies and criteria (without a catalogue:
the default roles, and strategies and criteria as free text)."""

from __future__ import annotations

from collections import Counter

from ..domain import SELF_ASSESSMENT, same_text
from ..labels import ROLES
from .files import Source

CATALOGUE = "content/self_assessment.yaml"


class SelfAssessmentRules:
    """Rules for self-assessment: a unit's or the municipality's assessment against the catalogue (a part of ``Checker``)."""

    def self_assessment_catalogue(self) -> dict | None:
        """The catalogue as written, if there is one and it passed its schema (else None: nothing is judged
        against it, and the default roles are not either, since the file means to name others)."""
        files = self.by_kind.get(SELF_ASSESSMENT, [])
        if not files or not self.judged(SELF_ASSESSMENT):
            return None
        return files[0][1]

    def check_self_assessment_catalogue(self, source: Source, data: dict) -> None:
        self.unique(source, data.get("roles"), ("roles",), "Rollen", key="code")
        self.unique(source, data.get("strategies"), ("strategies",), "Strategin")
        strategies = self.each(source, data.get("strategies"), ("strategies",))
        names = Counter(" ".join(s["name"].split()) for _, s in strategies)
        ids = {s["id"] for _, s in strategies}
        criteria = Counter(c["id"] for _, s in strategies for c in s["criteria"])
        for i, strategy in strategies:
            name = " ".join(strategy["name"].split())
            if names[name] > 1 or (name in ids and name != strategy["id"]):
                self.add(source, ("strategies", i, "name"), f"Strategin ”{name}” har samma namn som en annan "
                         "strategi eller som en annan strategis id, så en skattning som skriver namnet kan inte "
                         "hänvisas till rätt strategi.", "Ge varje strategi ett eget namn.", "Namn")
            for j, criterion in enumerate(strategy["criteria"]):
                if criteria[criterion["id"]] > 1:
                    self.add(source, ("strategies", i, "criteria", j, "id"),
                             f"Kriteriet ”{criterion['id']}” finns flera gånger i katalogen.",
                             "Ge varje kriterium ett eget id, i hela filen: skattningarna hänvisar till kriteriet "
                             "med id:t.", "Kriteriets id")

    def check_self_assessment(self, source: Source, data: dict) -> None:
        """A unit's or the municipality's self-assessment against the catalogue (or the default roles)."""
        if not data.get("self_assessment") or (SELF_ASSESSMENT in self.by_kind and not self.judged(SELF_ASSESSMENT)):
            return
        catalogue = self.self_assessment_catalogue()
        roles = [r["code"] for r in catalogue["roles"]] if catalogue else [code for code, _, _ in ROLES]
        items = data["self_assessment"] if isinstance(data["self_assessment"], list) else []
        for i, item in enumerate(items):  # role codes even where a score has a schema error: all problems at once
            path = ("self_assessment", i)
            with self.guard(source, path):
                criteria = item.get("criteria") if isinstance(item, dict) else None
                for j, criterion in enumerate(criteria if isinstance(criteria, list) else []):
                    if isinstance(criterion, dict) and isinstance(criterion.get("scores"), dict):
                        self._roles(source, criterion["scores"], path + ("criteria", j, "scores"), roles,
                                    catalogue is not None)
                published = item.get("published_means") if isinstance(item, dict) else None
                means = published.get("means") if isinstance(published, dict) else None
                if isinstance(means, dict):
                    self._roles(source, means, path + ("published_means", "means"), roles, catalogue is not None)
        for i, item in self.each(source, data.get("self_assessment"), ("self_assessment",)):
            path = ("self_assessment", i)
            with self.guard(source, path):
                strategy = self._strategy(source, item, path, catalogue)
                seen: set[str] = set()
                for j, criterion in enumerate(item["criteria"]):
                    self._criterion(source, criterion, path + ("criteria", j), strategy, catalogue, seen)

    def _strategy(self, source: Source, item: dict, path: tuple, catalogue: dict | None) -> dict | None:
        if catalogue is None:
            return None
        ref = item["strategy"]
        known = catalogue["strategies"]
        found = next((s for s in known if s["id"] == ref), None) or next(
            (s for s in known if same_text(s["name"], ref)), None)
        if found is None:
            choices = "; ".join(f"{s['id']} ({' '.join(s['name'].split())})" for s in known)
            self.add(source, path + ("strategy",), f"Strategin ”{' '.join(ref.split())}” finns inte i {CATALOGUE}.",
                     f"Skriv strategins id eller namn som det står i katalogen: {choices}. Är det en ny strategi, "
                     f"lägg först till den i {CATALOGUE}.", "Strategi")
        return found

    def _criterion(self, source: Source, criterion: dict, path: tuple, strategy: dict | None,
                   catalogue: dict | None, seen: set[str]) -> None:
        ref, text = criterion.get("id"), criterion.get("text")
        if ref is None and text is None:
            self.add(source, path, "Kriteriet har varken id eller text, så det går inte att veta vad som skattats.",
                     f"Skriv id: med kriteriets id i {CATALOGUE}, eller text: med kriteriet i ord.", "Kriterium")
            return
        if catalogue is None:
            if ref is not None:
                self.add(source, path + ("id",), f"Kriteriet har id:t ”{ref}”, men det finns ingen katalog "
                         f"({CATALOGUE}) att hämta kriteriet från.",
                         f"Skriv kriteriet i ord med text: i stället, eller lägg till {CATALOGUE} med kriteriet.",
                         "Kriteriets id")
            return
        if strategy is None:
            return  # the strategy's problem is reported
        criteria = strategy["criteria"]
        ids = ", ".join(c["id"] for c in criteria)
        if ref is not None:
            found = next((c for c in criteria if c["id"] == ref), None)
            if found is None:
                other = next((s for s in catalogue["strategies"] for c in s["criteria"] if c["id"] == ref), None)
                hint = (f"Kriteriet hör till strategin ”{other['name']}”: flytta det dit eller välj ett av "
                        f"strategins egna kriterier: {ids}." if other else
                        f"Välj ett av strategins kriterier: {ids}, eller lägg till kriteriet i {CATALOGUE}.")
                self.add(source, path + ("id",), f"Kriteriet ”{ref}” finns inte under strategin "
                         f"”{strategy['name']}” i {CATALOGUE}.", hint, "Kriteriets id")
                return
            if text is not None and not same_text(text, found["text"]):
                self.add(source, path + ("text",), f"Texten stämmer inte med kriteriet ”{ref}” i {CATALOGUE}.",
                         "Ta bort text: (sajten visar katalogens text) eller rätta id:t.", "Kriterium")
        else:
            found = next((c for c in criteria if same_text(c["text"], text)), None)
            if found is None:
                self.add(source, path + ("text",), f"Kriteriet finns inte under strategin ”{strategy['name']}” "
                         f"i {CATALOGUE} (texten är inte någon av strategins kriterier).",
                         f"Skriv id: med kriteriets id i stället för texten: {ids}. Är det ett nytt kriterium, "
                         f"lägg först till det i {CATALOGUE}.", "Kriterium")
                return
        if found["id"] in seen:
            self.add(source, path, f"Kriteriet ”{found['id']}” skattas två gånger under samma strategi.",
                     "Ta bort den ena skattningen.", "Kriterium")
        seen.add(found["id"])

    def _roles(self, source: Source, scores: dict, path: tuple, roles: list[str], catalogue: bool) -> None:
        for code in scores:
            if code in roles:
                continue
            if isinstance(code, str) and code.strip().upper() in roles:
                self.add(source, path + (code, "<key>"), f"Bedömarrollen ”{code}” är skriven med fel bokstäver.",
                         f"Skriv koden som i listan över roller: {code.strip().upper()}.", "Bedömarroll")
                continue
            if catalogue:
                self.add(source, path + (code, "<key>"), f"Bedömarrollen ”{code}” finns inte i {CATALOGUE}.",
                         f"Använd en av rollerna där: {', '.join(sorted(roles))}, eller lägg till rollen i "
                         f"{CATALOGUE} (kod, namn och vad rollen står för).", "Bedömarroll")
            else:
                self.add(source, path + (code, "<key>"), f"Bedömarrollen ”{code}” finns inte: utan {CATALOGUE} "
                         "gäller rollerna U, VC, R och FL.",
                         f"Använd en av rollerna {', '.join(sorted(roles))}. Andra roller (t.ex. L och M) går att "
                         f"använda när de står i {CATALOGUE}.", "Bedömarroll")
