"""Rules for an effect chain (of an improvement area, an action or a programme): its steps in the order
resources → activities → practice → results, each at most once; known indicators; a baseline of real
school years in order; follow-up school years after the baseline."""

from __future__ import annotations

from ..domain import parse_school_year
from ..labels import EFFECT_STEPS
from .files import Source
from .goal_rules import window

ORDER = list(EFFECT_STEPS)


class EffectRules:
    """Rules for effect chains (a part of ``Checker``)."""

    def check_effect_chain(self, source: Source, owner: dict, path: tuple, has_catalogue: bool) -> None:
        """The ``effect_chain`` of the area, action or programme ``owner`` at ``path`` (its steps that passed their schema)."""
        if "effect_chain" not in owner:
            return
        at = path + ("effect_chain",)
        steps = self.each(source, owner["effect_chain"], at)
        seen: dict[str, int] = {}
        for k, step in steps:
            here = at + (k,)
            with self.guard(source, here):
                name = step["step"]
                if name in seen:
                    self.add(source, here + ("step",), f"Steget {name} ({EFFECT_STEPS[name].lower()}) står mer än en "
                             "gång i effektkedjan.",
                             "Slå ihop dem till ett steg: varje steg (resources, activities, practice, results) "
                             "står högst en gång.", "Steg")
                elif seen and ORDER.index(name) < max(ORDER.index(s) for s in seen):
                    after = max(seen, key=ORDER.index)
                    self.add(source, here + ("step",), f"Steget {name} ({EFFECT_STEPS[name].lower()}) står efter "
                             f"{after} ({EFFECT_STEPS[after].lower()}) i effektkedjan.",
                             "Ordna stegen: resources, activities, practice, results (resurser → aktiviteter → "
                             "förändrad praktik → resultat).", "Steg")
                seen.setdefault(name, k)
                self.indicator_refs(source, step.get("indicators"), here + ("indicators",), has_catalogue)
                self.check_effect_years(source, step, here)

    def check_effect_years(self, source: Source, step: dict, at: tuple) -> None:
        last = None
        if "baseline" in step:
            first, last = window(step["baseline"])
            for year in dict.fromkeys((first, last)):
                if parse_school_year(year) is None:
                    self.add(source, at + ("baseline",), f"Läsåret {year} finns inte: det andra året ska vara året "
                             "efter det första.", "Skriv läsåret som ÅÅÅÅ/ÅÅ, t.ex. 2021/22, eller flera läsår som "
                             "2019/20–2021/22.", "Utgångsläge")
                    first = last = None
            if first and first > last:
                self.add(source, at + ("baseline",), f"Läsåren för utgångsläget står i fel ordning ({step['baseline']}).",
                         f"Skriv det tidigaste läsåret först: {last}–{first}.", "Utgångsläge")
                last = first
        for k, year in enumerate(step.get("follow_up", [])):
            if parse_school_year(year) is None:
                self.add(source, at + ("follow_up", k), f"Läsåret {year} finns inte: det andra året ska vara året "
                         "efter det första.", "Skriv uppföljningens läsår som ÅÅÅÅ/ÅÅ, t.ex. 2024/25.", "Uppföljning")
            elif last and year <= last:
                self.add(source, at + ("follow_up", k),
                         f"Uppföljningen {year} är inte efter utgångsläget ({step['baseline']}).",
                         "Följ upp läsår efter utgångsläget: rätta läsåret för uppföljningen eller utgångsläget.",
                         "Uppföljning")
