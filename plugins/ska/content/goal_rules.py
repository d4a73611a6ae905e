"""Rules for a goal's baselines and targets per indicator: a known indicator of the goal, school years in order, a
target on the side of the baseline that the direction asks for, values on the indicator's scale."""

from __future__ import annotations

from collections import Counter

from ..domain import parse_school_year
from ..labels import DIRECTIONS
from .files import Source
from .problems import figure

WANTED = {"higher": "increase", "lower": "decrease"}
"""The direction an indicator's ``better`` implies when neither the target nor its goal gives one."""


def window(text: str) -> tuple[str, str]:
    """"2019/20–2021/22" → ("2019/20", "2021/22"); "2021/22" → ("2021/22", "2021/22")."""
    parts = [p.strip() for p in text.replace("–", "-").split("-")]
    return parts[0], parts[-1]


class GoalRules:
    """Rules for a goal's baselines and targets (a part of ``Checker``)."""

    def check_goal_targets(self, source: Source, goal: dict, path: tuple, has_catalogue: bool) -> None:
        """The ``targets`` of the goal at ``path`` (its items that passed their schema)."""
        items = self.each(source, goal.get("targets"), path + ("targets",))
        counts = Counter(item["indicator"] for _, item in items)
        own = goal.get("indicators") if isinstance(goal.get("indicators"), list) else []
        for k, item in items:
            at = path + ("targets", k)
            with self.guard(source, at):
                self.check_goal_target(source, goal, item, at, own, has_catalogue, counts[item["indicator"]] > 1)

    def check_goal_target(self, source: Source, goal: dict, item: dict, at: tuple, own: list,
                          has_catalogue: bool, repeated: bool) -> None:
        ref = item["indicator"]
        catalogued = self.indicators.get(ref) if has_catalogue else None
        if repeated:
            self.add(source, at + ("indicator",), f"Indikatorn ”{ref}” har mer än ett utgångsvärde och målvärde i målet.",
                     "Slå ihop dem: en indikator har ett utgångsvärde och ett målvärde per mål.", "Indikator")
        if has_catalogue and ref not in self.indicators:
            self.add(source, at + ("indicator",), f"Indikatorn ”{ref}” finns inte i indikatorkatalogen.",
                     self.suggest(ref, self.indicators, "content/indicators.yaml"), "Indikator")
        elif ref not in own:
            listed = f"Målets indikatorer är: {', '.join(own)}." if own else "Målet har inga indikatorer än."
            self.add(source, at + ("indicator",), f"Indikatorn ”{ref}” följer inte upp målet: den står inte under indicators.",
                     f"Lägg till {ref} under målets indicators, eller välj en av målets indikatorer. {listed}", "Indikator")
        baseline, target = item.get("baseline"), item.get("target")
        if baseline is None and target is None:
            self.add(source, at, f"Indikatorn ”{ref}” har varken utgångsvärde eller målvärde.",
                     "Lägg till baseline: {value: …, year: …} och/eller target: {value: …, year: …}, "
                     "eller ta bort raden.", "Utgångsvärde och målvärde")
            return
        first = last = None
        if baseline is not None:
            first, last = window(baseline["year"])
            for year in dict.fromkeys((first, last)):
                if parse_school_year(year) is None:
                    self.add(source, at + ("baseline", "year"), f"Läsåret {year} finns inte: det andra året ska vara året efter det första.",
                             "Skriv läsåret som ÅÅÅÅ/ÅÅ, t.ex. 2021/22, eller flera läsår som 2019/20–2021/22.", "Läsår")
                    first = last = None
            if first and first > last:
                self.add(source, at + ("baseline", "year"), f"Läsåren för utgångsvärdet står i fel ordning ({baseline['year']}).",
                         f"Skriv det tidigaste läsåret först: {last}–{first}.", "Läsår")
        if target is not None and parse_school_year(target["year"]) is None:
            self.add(source, at + ("target", "year"), f"Läsåret {target['year']} finns inte: det andra året ska vara året efter det första.",
                     "Skriv läsåret då målvärdet ska vara nått som ÅÅÅÅ/ÅÅ, t.ex. 2026/27.", "Läsår")
        elif target is not None and last and last >= target["year"]:
            self.add(source, at + ("target", "year"),
                     f"Målvärdets läsår ({target['year']}) är inte efter utgångsvärdets ({baseline['year']}).",
                     "Målvärdet ska nås efter läsåret som utgångsvärdet gäller: rätta något av läsåren.", "Läsår")
        if catalogued:
            self.on_scale(source, catalogued, item, at)
        direction = item.get("direction") or goal.get("direction") or \
            (WANTED.get(catalogued.get("better", "")) if catalogued else None)
        if baseline is None or target is None or direction not in ("increase", "decrease"):
            return
        low, high = baseline["value"], target["value"]
        if (direction == "increase" and high <= low) or (direction == "decrease" and high >= low):
            side = "större" if direction == "increase" else "mindre"
            self.add(source, at + ("target", "value"),
                     f"Målvärdet ({figure(high)}) är inte {side} än utgångsvärdet ({figure(low)}), men indikatorn "
                     f"{DIRECTIONS[direction]}.",
                     f"Rätta målvärdet eller utgångsvärdet, eller ange rätt riktning med direction: "
                     f"{'decrease' if direction == 'increase' else 'increase'}.", "Värde")

    def on_scale(self, source: Source, indicator: dict, item: dict, at: tuple) -> None:
        """Baseline and target values on the indicator's scale (the widest of its definitions)."""
        scale = indicator.get("scale") or {}
        low = scale.get("min")
        high = max([scale.get("max"), *(v.get("scale_max") for v in indicator.get("versions", []))],
                   key=lambda x: -float("inf") if x is None else x)
        if low is None or high is None:
            return
        for key, what in (("baseline", "Utgångsvärdet"), ("target", "Målvärdet")):
            value = (item.get(key) or {}).get("value")
            if value is not None and not low <= value <= high:
                self.add(source, at + (key, "value"),
                         f"{what} {figure(value)} ligger utanför indikatorns skala ({figure(low)}–{figure(high)}).",
                         "Skriv värdet i indikatorns enhet, t.ex. 72.0 för 72,0 %, med punkt som decimaltecken.", "Värde")
