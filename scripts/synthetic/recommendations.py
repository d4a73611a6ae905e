"""The owner's recommendations with id, owner, due date, links and status, and next year's follow-up of them."""

from __future__ import annotations

STRUCTURED_FROM_END = 1
"""This many years before the newest, and the newest, have structured recommendations (older years keep plain
texts, the form content had before recommendations got fields), so the newest year's summary follows up the
year before's, and ``ska new-year`` has the newest year's to follow up."""


def structured(start: int, improvement_areas: list[dict], newest: bool = False) -> list[dict]:
    """Three recommendations for the school year starting ``start``: one due within the year and one the next
    autumn (which next year's follow-up leaves ongoing, so it is overdue), one long-term. The newest year's are
    the ones seed 000 (Huddinge) makes for the coming year."""
    area = [improvement_areas[0]["id"]] if improvement_areas else []
    if newest:
        return [
            {"id": "mottagning-ak7", "text": "Årskurs 7: definiera ett mottagningsprogram (schema, mentorskap, "
             "lektionsstruktur) och följ det mot studiero, frånvaro och ämnesresultat under höstterminen.",
             "owner": "Grundskolechef", "due": f"{start + 1}-12", "status": "planned",
             "indicators": ["studiero", "franvaro"], "goals": ["studiero-ska-oka"]},
            {"id": "sva-matematik", "text": "Svenska som andraspråk och matematik: kollegialt lärande och "
             "sambedömning i utpekade skolor, med mätningar före och efter.", "owner": "Utbildningskontoret",
             "due": f"{start + 2}-06", "status": "ongoing", "indicators": ["minst-e-alla-amnen-ak9"],
             "goals": ["kunskapsresultat-ska-oka"]},
            {"id": "ledarskapets-forutsattningar", "text": "Ledarskapets förutsättningar: kvantifiera administrativ "
             "avlastning och rektorsnärvaro och relatera dem till lärmiljö och resultat.",
             "due": f"{start + 2}-06", "status": "planned", **({"improvement_areas": area} if area else {})},
        ]
    return [
        {"id": "insatser-registreras", "text": "Registrera varje insats med start, slut och omfattning och följ kedjan "
         "från resurs och aktivitet till förändrad undervisning och elevresultat.",
         "owner": "Utbildningskontoret", "due": f"{start + 1}-06", "status": "ongoing",
         "goals": ["kunskapsresultat-ska-oka"], **({"improvement_areas": area} if area else {})},
        {"id": "trygghet-ak7", "text": "Följ trygghet och studiero per kön och stadium, med särskild uppmärksamhet "
         "på årskurs 7.", "owner": "Grundskolechef", "due": f"{start + 1}-12-15", "status": "planned",
         "indicators": ["trygghet", "studiero"]},
        {"id": "behorighet-analys", "text": "Fördjupa analysen av skillnader i behörighet mellan skolor i relation "
         "till elevernas förutsättningar, till exempel med SALSA.", "owner": "Kvalitetsstrateg",
         "due": f"{start + 2}-06", "status": "planned",
         "indicators": ["behorighet-yrkes-ak9", "meritvarde-ak9"], "goals": ["behorighet-ska-oka"]},
    ]


def follow_up(last_start: int) -> list[dict]:
    """This year's status of the recommendations made the year before (``last_start``): one done, one still
    ongoing past its due date; the third is left out, so it shows with last year's status."""
    return [
        {"recommendation": "insatser-registreras", "status": "done",
         "comment": "Insatserna registreras sedan höstterminen i kommunens insatsregister."},
        {"recommendation": "trygghet-ak7", "status": "ongoing",
         "comment": "Enkäten redovisas per kön och stadium; analysen för årskurs 7 är inte klar."},
    ]
