"""Swedish words for the codes used in content files (school forms, statuses, verdicts, perspectives)."""

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
PERSPECTIVES = {
    "summary": "Sammanfattande analys",
    "comparative": "Historiskt och jämförande perspektiv",
    "organisation": "Organisation och ledarskap",
    "resources": "Resurser och kompetens",
    "methods": "Metoder och forskning",
    "equity": "Likvärdighet och intersektionalitet",
}
ROLES = {"U": "Utbildningsdirektör", "VC": "Verksamhetschef", "R": "Rektor", "FL": "Förskolechef"}
