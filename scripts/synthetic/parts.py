"""Parts of the organisation (content/parts/ and years/<läsår>/parts/): the school forms the units belong to,
and a function without units that has a plan of its own for the newest school year."""

from __future__ import annotations

from .emit import md
from .years import school_year, year_folder

# id → name, kind, school forms, description
PARTS = {
    "forskolan": ("Förskolan", "school_form", ("forskola",),
                  "Kommunens förskoleområden, under förskolechefernas gemensamma ledningsgrupp."),
    "grundskolan": ("Grundskolan", "school_form",
                    ("forskoleklass", "grundskola", "fritidshem", "anpassad-grundskola"),
                    "Kommunens grundskolor med förskoleklass och fritidshem, och den anpassade grundskolan."),
    "gymnasiet": ("Gymnasiet", "school_form", ("gymnasieskola",), "Kommunens gymnasieskolor."),
    "resurscentrum": ("Resurscentrum", "function", (),
                      "Elevhälsans specialister, modersmålsundervisningen och studiehandledningen, som arbetar "
                      "på uppdrag av alla enheter. Resurscentrum är ingen enhet och har inga egna resultat."),
}
PART_OF_KIND = {"forskola": "forskolan", "f6": "grundskolan", "f3": "grundskolan", "79": "grundskolan",
                "f9": "grundskolan", "anpassad": "grundskolan", "gy": "gymnasiet"}
"""A unit's part, by its kind (``units.KINDS``)."""


def part_document(part_id: str) -> dict:
    name, kind, forms, description = PARTS[part_id]
    data = {"id": part_id, "name": name, "kind": kind}
    if forms:
        data["school_forms"] = list(forms)
    data["description"] = md(description)
    return data


def plans(year: int) -> dict[str, dict]:
    """The parts' own plans for school year ``year``: Grundskolan's and Resurscentrum's."""
    label = school_year(year)
    return {
        "grundskolan": {
            "part": "grundskolan", "school_year": label,
            "summary": md("Grundskolans rektorer har under läsåret arbetat vidare med studiero och med "
                          "stödet till elever som inte når kunskapskraven. Resultaten i årskurs 9 ligger "
                          "kvar på förra årets nivå."),
            "goals": [{"id": "grundskolan-behorighet", "text": "Fler elever ska vara behöriga till ett yrkesprogram.",
                       "indicators": ["behorighet-yrkes-ak9"], "direction": "increase"}],
            "analysis": {"summary": md("Skillnaderna mellan skolorna är större än skillnaderna mellan åren; "
                                       "de skolor som arbetat längst med studiero har de jämnaste resultaten.")},
            "improvement_areas": [{
                "id": "grundskolan-studiero", "title": "Studiero i alla klassrum", "theme": "Studiero",
                "background": md("Elevenkäten visar att studieron skiljer sig mycket mellan skolorna."),
                "actions": [{"description": "Gemensamma lektionsstarter i alla årskurser", "owner": "Rektorerna",
                             "start": f"{year}-08-15", "end": f"{year + 1}-06-15", "status": "ongoing"}],
                "indicators": ["studiero"], "status": "open"}],
        },
        "resurscentrum": {
            "part": "resurscentrum", "school_year": label,
            "summary": md("Resurscentrum har stöttat skolorna med elevhälsans specialister, modersmål och "
                          "studiehandledning. Efterfrågan på studiehandledning har ökat under året."),
            "analysis": {"resources": md("Väntetiden till specialpedagog har ökat under våren, eftersom två "
                                         "tjänster var vakanta.")},
            "improvement_areas": [{
                "id": "resurscentrum-vantetid", "title": "Kortare väntetid till elevhälsans specialister",
                "theme": "Elevhälsa",
                "actions": [{"description": "Gemensam kö och veckovis fördelning av ärenden",
                             "owner": "Chef för resurscentrum", "start": f"{year}-09-01", "status": "ongoing"}],
                "status": "open"}],
            "development_areas": [{"id": "resurscentrum-tidiga-insatser", "title": "Tidiga insatser",
                                   "desired_quality": md("Alla elever får stöd i tid, innan svårigheterna vuxit.")}],
        },
    }


def add_parts(docs: dict[str, tuple[str, dict]], units: list, last: int) -> None:
    """Give each unit document its part (after its grades, the schema's order), declare the parts that have
    units and Resurscentrum, and write the parts' own plans for school year ``last``."""
    part_of = {unit.id: PART_OF_KIND.get(unit.kind) for unit in units}
    used = set()
    for path, (kind, data) in list(docs.items()):
        part = part_of.get(data.get("id")) if kind == "unit" else None
        if part:
            items = list(data.items())
            keys = [k for k, _ in items]
            at = keys.index("grades" if "grades" in keys else "school_forms") + 1
            docs[path] = (kind, dict(items[:at] + [("part", part)] + items[at:]))
            used.add(part)
    for part_id in PARTS:
        if part_id in used or PARTS[part_id][1] == "function":
            docs[f"parts/{part_id}.yaml"] = ("part", part_document(part_id))
    for part_id, plan in plans(last).items():
        if f"parts/{part_id}.yaml" in docs:
            docs[f"years/{year_folder(last)}/parts/{part_id}.yaml"] = ("part_year", plan)
