"""Swedish words for the codes used in content files (school forms, statuses, verdicts, perspectives)."""

from .domain import ALL_STAGES

SCHOOL_FORMS = {
    "forskola": "Förskola",
    "forskoleklass": "Förskoleklass",
    "grundskola": "Grundskola",
    "anpassad-grundskola": "Anpassad grundskola",
    "fritidshem": "Fritidshem",
    "gymnasieskola": "Gymnasieskola",
    "anpassad-gymnasieskola": "Anpassad gymnasieskola",
}
GROUP_NAMES = {"total": "Totalt", "girls": "Flickor", "boys": "Pojkar"}
SCOPES = {"own": "kommunens egna skolor", "all": "alla huvudmän i kommunen"}
"""Whom an official municipality figure covers."""
DIRECTIONS = {"increase": "ska öka", "decrease": "ska minska", "maintain": "ska bibehållas"}
EFFECT_STEPS = {"resources": "Resurser", "activities": "Aktiviteter", "practice": "Förändrad praktik", "results": "Resultat"}
"""The steps of an effect chain, in their order."""
VERDICTS = {
    "pending": "Inte bedömt ännu",
    "no_remarks": "Inga anmärkningar",
    "development_needed": "Utvecklingsområde",
    "sufficient_measures": "Tillräckliga åtgärder vidtagna",
    "work_begun": "Arbete påbörjat",
    "deficiency": "Brist, krav på åtgärd",
    "injunction": "Föreläggande",
}
INSPECTION_STATUS = {"open": "Pågår", "awaiting_report": "Väntar på redovisning",
                     "follow_up": "Uppföljning pågår", "closed": "Avslutad"}
AREA_STATUS = {"open": "Pågår", "continued": "Fortsätter", "closed": "Avslutat"}
ACTION_STATUS = {"planned": "Planerad", "ongoing": "Pågår", "done": "Genomförd", "cancelled": "Avbruten"}
RECOMMENDATION_STATUS = ACTION_STATUS  # the same words: an editor learns one set
RECOMMENDATION_FIELDS = {"text": "text", "id": "id", "owner": "ansvarig", "due": "klart senast", "status": "status",
                         "indicators": "indikatorer", "goals": "mål", "improvement_areas": "förbättringsområden"}
PERSPECTIVES = {
    "summary": "Sammanfattande analys",
    "comparative": "Historiskt och jämförande perspektiv",
    "organisation": "Organisation och ledarskap",
    "resources": "Resurser och kompetens",
    "methods": "Metoder och forskning",
    "equity": "Likvärdighet och intersektionalitet",
}
ROLES = (
    ("U", "Utbildningsdirektör", "utbildningsdirektören"),
    ("VC", "Verksamhetschef", "verksamhetschefer"),
    ("R", "Rektor", "rektorer"),
    ("FL", "Förskolans ledningsgrupper", "förskolans ledningsgrupper eller liknande"),
)
"""Self-assessment rater roles (code, name, meaning) when content/ has no catalogue (seed 004's words)."""
UNITS = {"percent": "procent", "points": "poäng", "index": "index", "score": "skattning", "count": "antal"}
"""An indicator's unit in words."""
AGGREGATIONS = {
    "ratio": "summan av täljarna delad med summan av nämnarna (inte ett medelvärde av enheternas andelar)",
    "weighted_mean": "medelvärde vägt med antalet elever",
    "mean": "enkelt medelvärde",
    "none": "räknas inte samman för kommunen",
}
"""How an indicator's figures are added up for the municipality, in words."""
BETTER = {"higher": "Högre är bättre", "lower": "Lägre är bättre", "neutral": "Varken högre eller lägre är bättre"}
STAFF_GROUPS = {"total": "Totalt", "women": "Kvinnor", "men": "Män"}
"""Groups of staff (sick leave)."""
ACTION_CHANGES = {"added": "Ny åtgärd", "finished": "Avslutad åtgärd", "moved": "Flyttad i tid",
                  "chain": "Åtgärdens effektkedja ändrad"}
AREA_CHANGES = {"added": "Nytt", "closed": "Avslutat", "carried": "Fortsätter"}
CHAIN_CHANGES = {"added": "Ny effektkedja", "changed": "Ändrad effektkedja", "removed": "Borttagen effektkedja"}
GOAL_CHANGES = {"added": "Nytt mål", "removed": "Borttaget mål", "changed": "Ändrat mål"}
"""What happened to an action, an improvement area or a goal between two school years."""
STAGES = {ALL_STAGES: "alla stadier", "": "utan angivet stadium"}
"""The two stage keys that are not a stage as written: all stages pooled, and no stage given."""
AXIS_VALUES = {"percent": "Andel (%)", "points": "Poäng", "index": "Index", "score": "Skattning", "count": "Antal"}
"""A chart's value axis, titled by the indicator's unit."""
AXIS_CATEGORIES = {"year": "Läsår", "month": "Månad", "unit": "Enhet", "indicator": "Indikator",
                   "strategy": "Strategi"}
"""A chart's category axis, titled by what its categories are."""
QUANTITIES = {"percent": "andelen", "points": "värdet", "index": "indexet", "score": "skattningen",
              "count": "antalet"}
"""What a chart's summary sentence calls an indicator's value ("andelen steg från …")."""
CHART_SOURCES = {
    "units": "enheternas egna resultat i kvalitetsarbetet",
    "computed": "kommunens värde är räknat från enheternas",
    "self_assessment": "enheternas självskattning i kvalitetsarbetet",
    "sick_leave": "kommunens egen redovisning av personalens sjukfrånvaro",
}
"""Where a chart's figures come from, for the "Källa:" line under it."""
CHART_NOT_FROM_ZERO = "Obs: den lodräta axeln börjar inte på noll."
CHART_HIDDEN = "dolt"
"""A chart's hover text for a suppressed figure starts so; the reason follows (``Views.suppressed_title``)."""
SICK_LEAVE_AXIS = "Sjukfrånvaro (%)"
"""The value axis of the staff's sick leave per month."""
GOAL_VERDICTS = {"met": "Uppnått", "partly": "Delvis uppnått", "not_met": "Inte uppnått", "unknown": "Kan inte bedömas"}
"""A goal at the end of the school year, judged from its indicators' changes (the goals table's Bedömning)."""
GOAL_VERDICT_RULES = {
    "met": "alla indikatorer som kan bedömas har gått i önskad riktning",
    "partly": "några men inte alla indikatorer som kan bedömas har gått i önskad riktning",
    "not_met": "ingen indikator som kan bedömas har gått i önskad riktning",
    "unknown": "ingen indikator kan bedömas (inget värde för ett av åren, seriebrott eller ingen indikator kopplad)",
}
"""How each goal verdict is reached, in words (under the count on the year summary)."""
GOAL_BASELINE_RULE = ("Ett mål med utgångsvärde: saknas en jämförelse med föregående läsår (första läsåret, inget "
                      "värde det året eller seriebrott), bedöms indikatorn på förändringen från utgångsvärdet i "
                      "stället, om utgångsvärdet gäller ett tidigare läsår och samma definition.")
GOAL_PROGRESS_RULE = ("Andelen av vägen mot målvärdet: förändringen från utgångsvärdet till årets värde delad med "
                      "steget från utgångsvärdet till målvärdet, räknat på värdena som de visas. Målvärdet är nått när "
                      "årets värde har nått det i önskad riktning.")
"""How a goal's baseline enters its verdict, and how progress toward its target is counted, in words."""
YEAR_DETAILS = {
    "gender": ("Resultat per stadium och kön", "Stadium och kön"),
    "spread": ("Spridning mellan enheterna", "Spridning"),
    "themes": ("Enheternas förbättringsområden per tema", "Förbättringsområden per tema"),
    "self_assessment": ("Självskattning per enhet och strategi", "Självskattning"),
}
"""The year summary's detail pages, which grow with the number of units: (heading, name in the nav)."""

PART_KINDS = {"school_form": "Skolform", "function": "Funktion", "area": "Område"}
"""What a part of the organisation is (``content/parts/``), in words."""
