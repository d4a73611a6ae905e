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

EFFECT_VERDICTS = {
    "clear": "Tydlig skillnad",
    "wrong_way": "Tydlig skillnad åt fel håll",
    "uncertain": "Ingen säker skillnad",
    "too_few": "För få för att bedöma",
    "no_others": "Inga jämförbara enheter utan insatsen",
    "no_counts": "Kan inte bedömas: indikatorn saknar antal",
    "no_data": "Kan inte bedömas: inga resultat för utgångsläget",
    "edge": "Kan inte bedömas: en andel är 0 % eller 100 %",
    "not_yet": "Kan inte bedömas än: inga resultat efter utgångsläget",
}
"""A programme's effect per indicator (``analysis.effect``), as a verdict's first words."""
EFFECT_VERDICTS_SHORT = {**EFFECT_VERDICTS, "no_others": "Ingen att jämföra med", "no_counts": "Indikatorn saknar antal",
                         "no_data": "Utgångsläge saknas", "edge": "Andel 0 % eller 100 %",
                         "not_yet": "Inget uppföljningsår än"}
"""The verdicts in the year summary's one line per indicator."""
EFFECT_EXPLAINED = {
    "clear": "deltagarna förändrades mer i önskad riktning än de andra, och intervallet utesluter noll. Det talar för "
             "att insatsen kan ha bidragit, men bevisar inte att den gjorde det.",
    "wrong_way": "de andra förändrades mer i önskad riktning än deltagarna, och intervallet utesluter noll.",
    "uncertain": "skillnaden i förändring är så liten att den kan bero på slumpen: intervallet omfattar noll.",
    "too_few": "någon av grupperna har för få elever (färre än {min_group}) eller färre än två enheter med "
               "publicerade siffror båda åren.",
    "no_others": "alla jämförbara enheter deltar i insatsen, så det finns ingen att jämföra med.",
    "no_counts": "indikatorn anges inte som antal av antal, så ingen andel och inget intervall kan räknas fram.",
    "no_data": "sajten har inga resultat från {baseline}.",
    "not_yet": "det finns ännu inga resultat för ett uppföljningsår efter utgångsläget ({baseline}).",
    "edge": "när en grupps andel är 0 % eller 100 % ett av åren går osäkerheten inte att räkna fram på ett "
            "tillförlitligt sätt, så inget intervall visas och ingen skillnad bedöms.",
}
"""The reason for each effect verdict, after "Bedömning: <verdict>:"."""
EFFECT_METHOD = (
    "Deltagarnas andel jämförs med andelen hos jämförbara enheter som inte deltar: samma skolform, samma "
    "indikator och samma stadium. Utgångsläget och uppföljningsåren är de som insatsens effektkedja anger för "
    "indikatorn; anger den inga är utgångsläget läsåret före det läsår insatsen startar och varje senare läsår "
    "följs upp. För varje uppföljningsår räknas förändringen från utgångsläget i båda grupperna. Skillnaden i förändring är deltagarnas förändring minus "
    "de andras: den visar om deltagarna utvecklades annorlunda än de som inte deltog. Intervallet (95 %) visar hur "
    "osäker skillnaden är utifrån antalet elever. Även en tydlig skillnad bevisar inte att insatsen gav effekt: "
    "enheterna kan skilja sig åt på andra sätt. Varje jämförelse räknas på samma enheter båda åren: de som har "
    "publicerade antal både i utgångsläget (ett fönster av flera läsår: vart och ett av dem där indikatorn "
    "rapporterades) och i uppföljningsåret. Enheter utan publicerad siffra ett av åren, eller med för få elever, "
    "räknas inte med, och tabellen säger hur många de är.")
"""How the effect of a programme is computed, in plain words (the programme page)."""
AREA_EFFECT_VERDICTS = {
    "clear": "Tydlig förändring",
    "uncertain": "Ingen säker förändring",
    "too_few": "För få för att bedöma",
    "no_baseline": "Utgångsläge saknas",
    "no_now": "Ingen siffra i år",
    "no_counts": "Indikatorn saknar antal",
    "edge": "Andel 0 % eller 100 %",
    "series_break": "Seriebrott",
}
"""An owner's improvement area per indicator (``analysis.area_effect``): the verdict's words."""
AREA_EFFECT_METHOD = (
    "Förbättringsområdenas siffror är {whose} siffra för alla stadier, räknad från enheternas publicerade siffror, i "
    "utgångsläget och i år; enheterna kan vara olika de två åren. Utgångsläget är effektkedjans, annars läsåret före "
    "området började, annars föregående läsår. Intervallet (95 %) räknas från antalen elever; samma elever kan "
    "finnas med båda åren, så det är ungefärligt. En tydlig förändring visar inte att området orsakade den.")
"""How an owner's improvement area is measured, in plain words (a part's year page)."""
EFFECT_LAST = ("Senaste läsåret, {year}: deltagarnas förändring minus de andras är {did} (95 % intervall {low} till "
               "{high}).")
EFFECT_LAST_WITHOUT_INTERVAL = "Senaste läsåret, {year}: deltagarnas förändring minus de andras är {did}."
EFFECT_COMPARED = ("Jämförda: {participants} som deltar och rapporterar indikatorn{stage} mot {others} i samma "
                   "skolform ({forms}) som inte deltar men rapporterar samma indikator{stage}.")
EFFECT_BASELINE_CHAIN = "Utgångsläge: {baseline}, som effektkedjan anger (steget {step})."
EFFECT_BASELINE_DEFAULT = ("Utgångsläge: {baseline}, läsåret före det läsår insatsen startar (effektkedjan anger "
                           "inget utgångsläge för indikatorn).")
EFFECT_FOLLOW_UP_CHAIN = "Uppföljning: {years}, som effektkedjan anger."
EFFECT_DIRECTION = {True: "Förväntad riktning: {direction}, som effektkedjan anger.",
                    False: "Önskad riktning: {direction} (indikatorns egen; effektkedjan anger ingen ökning eller minskning)."}
EFFECT_CHART_MARKS = ("Det skuggade fältet är utgångsläget ({baseline}); den lodräta linjen är insatsens start, "
                      "{start}.")
EFFECT_CHART_NO_START = "Det skuggade fältet är utgångsläget ({baseline})."
"""Which baseline, follow-up years and direction an effect is measured with, and where they come from."""
EFFECT_GROUPS = ("deltagarna", "de andra")
EFFECT_LEFT_REASONS = ("utan siffra", "dold", "dolda")
"""Why a unit is not in a comparison: no published figure one of the years (not reported, missing, no counts), or
its figure hidden (too few pupils or protected); the second and third are one and several."""
EFFECT_PANEL = ("Varje rad jämför samma enheter i utgångsläget ({baseline}) och uppföljningsåret: bara enheter med "
                "publicerade antal båda åren räknas, så att en förändring inte beror på att enheter kommit till eller "
                "fallit bort. Kolumnen Ej med säger hur många enheter i varje grupp som lämnats utanför och varför: "
                "utan siffra (indikatorn inte rapporterad eller utan antal ett av åren) eller dold (för få elever "
                "eller skyddad).")
EFFECT_CHART_PANEL = ("Diagrammet visar de enheter som har publicerade antal alla läsåren i tabellen: {participants} "
                      "som deltar och {others} som inte deltar.")
EFFECT_CHART_FEWER = "Tabellens rader kan ha fler enheter: varje jämförelse kräver bara siffror för sina två läsår."
EFFECT_CHART_PUPILS = "{people} per läsår i diagrammet: {groups}."
"""The pupils each point of an effect chart's lines is based on ("deltagarna 191, 185 och 178; de andra …")."""
