"""Write the shipped example content in content/: the fictional Åsby kommun, school years 2022/23–2024/25,
with the municipality's official figures for meritvärde from 2019/20 and for eligibility from 2022/23, and the reference
series riket and liknande kommuner (scripts/synthetic/references.py) for both, meritvärde from 2019/20."""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

try:
    import ska  # noqa: F401  (the generator uses its number formatting)
except ImportError:  # run from a checkout without the package installed
    sys.path.insert(0, str(REPO / "plugins"))

import synthetic as syn  # scripts/synthetic/, beside this script
from ska import formatting  # noqa: E402

FIRST, LAST = 2022, 2024
SEED = "asby"
MUNICIPALITY_CODE = "2999"  # fictional; real Swedish municipality codes never start with 29

# id, name, kind, area, opened, pupils per grade (children for preschool areas), quality, principal per year
UNITS: list[tuple[str, str, str, str, str, int, float, tuple[str, str, str]]] = [
    ("bjorkhagens-forskoleomrade", "Björkhagens förskoleområde", "forskola", "Norra", "1978-08-21", 180, 0.3,
     ("Maria Holm", "Maria Holm", "Maria Holm")),
    ("ekbackens-forskoleomrade", "Ekbackens förskoleområde", "forskola", "Södra", "1985-08-19", 150, -0.9,
     ("Leila Hassan", "Leila Hassan", "Leila Hassan")),
    ("lindangens-forskoleomrade", "Lindängens förskoleområde", "forskola", "Centrum", "1972-08-14", 210, -0.5,
     ("Karin Sjöberg", "Petra Nyström", "Petra Nyström")),
    ("solgardens-forskoleomrade", "Solgårdens förskoleområde", "forskola", "Västerby", "1991-08-19", 130, 0.6,
     ("Johanna Berg", "Johanna Berg", "Johanna Berg")),
    ("tallmons-forskoleomrade", "Tallmons förskoleområde", "forskola", "Landsbygden", "1988-08-15", 30, 0.2,
     ("Elin Åberg", "Elin Åberg", "Elin Åberg")),
    ("vallby-forskoleomrade", "Vallby förskoleområde", "forskola", "Östra", "1969-08-18", 160, 0.0,
     ("Sofia Lundgren", "Sofia Lundgren", "Camilla Ek")),
    ("angsbacka-forskoleomrade", "Ängsbacka förskoleområde", "forskola", "Södra", "2001-08-20", 120, 0.4,
     ("Hanna Wikström", "Hanna Wikström", "Hanna Wikström")),
    ("kyrkbyns-forskoleomrade", "Kyrkbyns förskoleområde", "forskola", "Landsbygden", "1983-08-15", 34, 0.1,
     ("Elin Åberg", "Elin Åberg", "Elin Åberg")),
    ("bjorkhagsskolan", "Björkhagsskolan", "f6", "Norra", "1976-08-16", 60, 0.5,
     ("Anders Lindberg", "Anders Lindberg", "Anders Lindberg")),
    ("ekbackeskolan", "Ekbackeskolan", "f6", "Södra", "1984-08-20", 55, -1.0,
     ("Samir Ali", "Samir Ali", "Ida Forsberg")),
    ("lindangsskolan", "Lindängsskolan", "f6", "Centrum", "1962-08-20", 68, -0.3,
     ("Lena Persson", "Lena Persson", "Lena Persson")),
    ("solangsskolan", "Solängsskolan", "f6", "Västerby", "2023-08-14", 44, 0.3,
     ("Magnus Engström", "Magnus Engström", "Magnus Engström")),
    ("kvarnbacksskolan", "Kvarnbäcksskolan", "f6", "Södra", "1986-08-18", 42, -0.2,
     ("Nadia Mohammed", "Nadia Mohammed", "Nadia Mohammed")),
    ("vallbyskolan", "Vallbyskolan", "f6", "Östra", "1968-08-19", 58, 0.0,
     ("Per Olsson", "Per Olsson", "Per Olsson")),
    ("furulundsskolan", "Furulundsskolan", "f6", "Norra", "1995-08-21", 50, 0.8,
     ("Helena Gustafsson", "Helena Gustafsson", "Helena Gustafsson")),
    ("abyskolan", "Åbyskolan", "f6", "Landsbygden", "1958-08-18", 20, 0.2,
     ("Jonas Hedlund", "Jonas Hedlund", "Jonas Hedlund")),
    ("norrby-skola", "Norrby skola", "f6", "Landsbygden", "1949-08-22", 11, 0.4,
     ("Jonas Hedlund", "Jonas Hedlund", "Jonas Hedlund")),
    ("tallbackens-skola", "Tallbackens skola", "f3", "Centrum", "1990-08-20", 66, 0.1,
     ("Sara Pettersson", "Sara Pettersson", "Sara Pettersson")),
    ("lillans-skola", "Lillåns skola", "f3", "Landsbygden", "1952-08-18", 8, 0.0,
     ("Jonas Hedlund", "Jonas Hedlund", "Jonas Hedlund")),
    ("centralskolan", "Centralskolan", "79", "Centrum", "1965-08-16", 118, -0.6,
     ("Fredrik Karlsson", "Mira Öberg", "Mira Öberg")),
    ("norrskolan", "Norrskolan", "79", "Norra", "1972-08-21", 96, 0.6,
     ("Johan Eriksson", "Johan Eriksson", "Johan Eriksson")),
    ("sjovallsskolan", "Sjövallsskolan", "79", "Södra", "1980-08-18", 84, -0.2,
     ("Linda Nilsson", "Linda Nilsson", "Daniel Svensson")),
    ("vasterbyskolan", "Västerbyskolan", "f9", "Västerby", "1999-08-16", 54, -0.4,
     ("Ahmed Hassan", "Ahmed Hassan", "Ahmed Hassan")),
    ("ostra-skolan", "Östra skolan", "f9", "Östra", "1961-08-21", 48, 0.1,
     ("Eva Larsson", "Eva Larsson", "Eva Larsson")),
    ("hagaskolan", "Hagaskolan", "f9", "Södra", "1974-08-19", 40, 0.3,
     ("Peter Jonsson", "Peter Jonsson", "Peter Jonsson")),
    ("larkans-skola", "Lärkans skola", "anpassad", "Centrum", "1994-08-15", 22, 0.0,
     ("Anna Sandberg", "Anna Sandberg", "Anna Sandberg")),
    ("asby-gymnasium", "Åsby gymnasium", "gy", "Centrum", "1971-08-16", 205, 0.0,
     ("Mikael Andersson", "Mikael Andersson", "Mikael Andersson")),
]

DESCRIPTIONS = {
    "tallbackens-skola": "Tallbackens skola har förskoleklass och årskurs 1–3 med ett stort fritidshem: nästan alla "
                         "elever går på fritids före och efter skoldagen, och fritidshemmets lärare undervisar också "
                         "under skoldagen.",
    "solangsskolan": "Solängsskolan öppnade i augusti 2023 i det nya bostadsområdet Solängen i Västerby. Skolan "
                     "byggs ut ett år i taget och har ett eget fritidshem.",
    "lillans-skola": "Lillåns skola var en liten byskola med förskoleklass och årskurs 1–3. Den gick upp i "
                     "Åbyskolan den 1 juli 2024.",
    "abyskolan": "Åbyskolan är en F–6-skola på landsbygden. Sedan den 1 juli 2024 ingår även eleverna från Lillåns skola.",
    "norrby-skola": "Norrby skola är kommunens minsta F–6-skola, med åldersblandade klasser och omkring 80 elever. "
                    "Rektor delas med Åbyskolan.",
    "larkans-skola": "Lärkans skola är kommunens anpassade grundskola för årskurs 1–9, med eget fritidshem och "
                     "träningsskola.",
    "hagaskolan": "Hagaskolan är en F–9-skola i Södra. Skolan hette Hagalundsskolan fram till sommaren 2023.",
    "asby-gymnasium": "Åsby gymnasium har fem högskoleförberedande program och sex yrkesprogram samt "
                      "introduktionsprogram.",
}

NOTES = {
    ("solangsskolan", 2023): "Skolan öppnade den 14 augusti 2023 med förskoleklass till årskurs 4.",
    ("lillans-skola", 2023): "Det här var skolans sista läsår. Från den 1 juli 2024 går eleverna på Åbyskolan.",
    ("abyskolan", 2024): "Från läsåret 2024/25 ingår Lillåns skola i Åbyskolan.",
    ("hagaskolan", 2023): "Skolan bytte namn från Hagalundsskolan till Hagaskolan inför läsåret.",
    ("ekbackens-forskoleomrade", 2022): "Förskoleområdet deltar från i år i Samverkan för bästa skola.",
}

INTRO = {
    2022: "Åsby kommun är huvudman för förskolor, grundskolor, anpassad grundskola och en gymnasieskola. Läsåret "
          "2022/23 var det första med de fyra målområdena lärande, normer och värden, ledarskap och arbetsmiljö, "
          "och det första året i Samverkan för bästa skola.",
    2023: "Läsåret 2023/24 öppnade Solängsskolan i Västerby, och Skolinspektionen genomförde en planerad "
          "kvalitetsgranskning av huvudmannen. Arbetet med studiero och trygghet i årskurs 7 har fortsatt.",
    2024: "Läsåret 2024/25 var det sista i Samverkan för bästa skola och i Närvarolyftet. Lillåns skola har gått "
          "upp i Åbyskolan, och Läsa för livet har gått in på sitt andra år.",
}
ANALYSIS_SUMMARY = {
    2022: "Efter pandemiåren har frånvaron minskat men ligger fortfarande högre än före 2020. Kunskapsresultaten i "
          "årskurs 9 är stabila, medan studieron i årskurs 7–9 är det tydligaste utvecklingsområdet.",
    2023: "Resultaten har i huvudsak förbättrats. Skillnaderna mellan skolorna är fortsatt stora, och de skolor som "
          "deltar i Samverkan för bästa skola har byggt strukturer som ännu inte syns fullt ut i resultaten.",
    2024: "Resultaten i årskurs 9 är de bästa under perioden, men studieron och elevernas inflytande i årskurs 7–9 "
          "ligger kvar på en för låg nivå. Kedjan från insats till resultat behöver följas upp tydligare.",
}

PROGRAMMES = [
    {
        "id": "samverkan-for-basta-skola", "name": "Samverkan för bästa skola",
        "description": "Skolverkets riktade insats för förskolor och skolor med låga resultat och svåra förutsättningar. "
                       "Åsby kommun deltog 2022–2025 med två förskoleområden och tre skolor, med stöd av ett lärosäte.",
        "owner": "Barn- och utbildningsförvaltningen tillsammans med Skolverket",
        "start": "2022-08-15", "end": "2025-06-30",
        "scope": "Processtöd från lärosäte 40 timmar per enhet och termin; en utvecklingsledare på heltid",
        "units": ["centralskolan", "ekbackens-forskoleomrade", "ekbackeskolan", "lindangens-forskoleomrade",
                  "vasterbyskolan"],
        "aims": ["Höjd kvalitet i undervisningen och ökad måluppfyllelse.",
                 "Ett systematiskt kvalitetsarbete som når från huvudman till undervisning.",
                 "Tryggare lärmiljöer med fler elever som upplever studiero."],
        "indicators": ["minst-e-alla-amnen-ak9", "minst-e-alla-amnen-ak6", "forskola-maluppfyllelse", "studiero", "trygghet"],
        "evaluation": "Varje enhet följer kedjan resurs → aktivitet → förändrad undervisning → elevresultat: "
                      "lektionsobservationer varje termin, enkäter med fasta mätfönster (februari) och resultaten i "
                      "indikatorerna jämförs med läsåret 2021/22 som utgångsläge; studieron med den första "
                      "enkäten, i februari 2023.",
        "effect_chain": [
            {"step": "resources", "text": "Processtöd från ett lärosäte, 40 timmar per enhet och termin, och en "
                                          "utvecklingsledare på heltid."},
            {"step": "activities", "text": "Enheterna kartlägger sitt utgångsläge och arbetar med kollegialt lärande "
                                           "i fasta forum, med lektionsbesök av rektor och lärosätet.",
             "observations": ["Lektionsobservationer varje termin", "Lärosätets processtödsrapporter"]},
            {"step": "practice", "text": "Undervisningen ger studiero och tydliga genomgångar; lärarna analyserar "
                                         "resultaten tillsammans.",
             "indicators": ["studiero"], "observations": ["Lektionsobservationer varje termin"],
             # its own baseline: the first survey in the programme's first February, not the year before it
             "direction": "increase", "baseline": "2022/23", "follow_up": ["2023/24", "2024/25"]},
            {"step": "results", "text": "Fler elever når minst E i alla ämnen och känner sig trygga i skolan.",
             "indicators": ["minst-e-alla-amnen-ak9", "minst-e-alla-amnen-ak6", "trygghet"],
             "direction": "increase", "baseline": "2021/22", "follow_up": ["2023/24", "2024/25"]},
        ],
    },
    {
        "id": "lasa-for-livet", "name": "Läsa för livet",
        "description": "Kommunens satsning på läsning och läsförståelse i förskoleklass till årskurs 6, med "
                       "skolbibliotekarier och läsombud i varje arbetslag.",
        "owner": "Barn- och utbildningsförvaltningen", "start": "2023-08",
        "scope": "En skolbibliotekarie på halvtid per skola och två läsombud per skola",
        "units": ["bjorkhagsskolan", "lindangsskolan", "solangsskolan", "tallbackens-skola", "vallbyskolan"],
        "aims": ["Fler elever läser med god förståelse när de lämnar årskurs 6."],
        "indicators": ["nationella-prov-sv-ak3", "minst-e-alla-amnen-ak6"],
        "evaluation": "Läsförståelsetest i årskurs 2 och 5 varje höst och vår, jämfört med läsåret före starten.",
        "effect_chain": [
            {"step": "resources", "text": "En skolbibliotekarie på halvtid per skola och två läsombud per skola."},
            {"step": "activities", "text": "Högläsning och boksamtal varje vecka; läsombuden leder arbetslagens "
                                           "samtal om lässtrategier.",
             "observations": ["Skolbibliotekariernas loggböcker"]},
            {"step": "practice", "text": "Läsförståelse undervisas i alla ämnen, inte bara i svenska.",
             "observations": ["Läsförståelsetest i årskurs 2 och 5 varje höst och vår"], "direction": "increase",
             "baseline": "2022/23", "follow_up": ["2023/24", "2024/25"]},
            {"step": "results", "text": "Fler elever klarar de nationella proven i svenska och når minst E i alla "
                                        "ämnen i årskurs 6.",
             "indicators": ["nationella-prov-sv-ak3", "minst-e-alla-amnen-ak6"], "direction": "increase",
             "baseline": "2022/23", "follow_up": ["2023/24", "2024/25"]},
        ],
    },
    {
        "id": "narvarolyftet", "name": "Närvarolyftet",
        "description": "Gemensam modell för att främja närvaro och fånga upp elever med begynnande frånvaro.",
        "owner": "Centrala elevhälsan", "start": "2024-01-08", "end": "2025-06-13",
        "scope": "En närvarosamordnare och handledning för elevhälsoteamen",
        "units": ["asby-gymnasium", "centralskolan", "ostra-skolan", "sjovallsskolan"],
        "aims": ["Lägre frånvaro och tidigare insatser vid begynnande frånvaro."],
        "indicators": ["franvaro", "minst-e-alla-amnen-ak9", "gymnasie-examen"],
        "evaluation": "Frånvaron följs upp varje månad och jämförs med samma månad året före starten.",
        "effect_chain": [
            {"step": "resources", "text": "En närvarosamordnare och handledning för elevhälsoteamen."},
            {"step": "activities", "text": "Elevhälsoteamen går igenom frånvaron varje månad och kontaktar "
                                           "vårdnadshavare redan vid begynnande frånvaro.",
             "observations": ["Elevhälsoteamens protokoll"]},
            {"step": "results", "text": "Lägre frånvaro bland eleverna.", "indicators": ["franvaro"],
             "direction": "decrease", "baseline": "2022/23", "follow_up": ["2023/24", "2024/25"]},
        ],
    },
]


def units() -> list[syn.UnitSpec]:
    rng = random.Random(f"{SEED}:enheter")
    codes = rng.sample(range(10_000_000, 99_999_999), len(UNITS))
    out = []
    for i, (unit_id, name, kind, area, opened, size, quality, principals) in enumerate(UNITS):
        spec = syn.UnitSpec(
            id=unit_id, name=name, kind=kind, area=area, opened=date.fromisoformat(opened), size=size,
            quality=quality, principals=dict(zip(range(FIRST, LAST + 1), principals)),
            school_unit_code=str(codes[i]), kolada_ou=f"{syn.KINDS[kind].kolada}{MUNICIPALITY_CODE}{i + 1:05d}",
            extras=syn.choose_extras(rng, kind))
        out.append(spec)
    by_id = {u.id: u for u in out}
    by_id["lillans-skola"].closed = date(2024, 6, 30)
    by_id["lillans-skola"].successor = "abyskolan"
    by_id["abyskolan"].predecessors = ["lillans-skola"]
    by_id["norrby-skola"].unknown = ("opened",)  # the sources do not say when it opened
    by_id["larkans-skola"].unknown = ("area",)  # it takes pupils from the whole municipality
    by_id["hagaskolan"].former_names = [{"name": "Hagalundsskolan", "until": "2023-06-30"}]
    for unit_id in PROGRAMMES[1]["units"]:  # Läsa för livet lifts year 6 clearly: the site's "tydlig skillnad"
        by_id[unit_id].uplift["minst-e-alla-amnen-ak6"] = (2023, 12.0)
    for (unit_id, year), note in NOTES.items():
        by_id[unit_id].notes[year] = note
    for unit in out:
        unit.description = DESCRIPTIONS.get(unit.id) or syn.unit_description(rng, unit)
    return out


def unit_inspections() -> dict[tuple[str, int], dict]:
    """Inspections of single units, hand-written: one closed with an injunction, one awaiting a report."""
    return {
        ("centralskolan", 2023): {
            "id": "si-2023-regelbunden-tillsyn", "authority": "Skolinspektionen", "kind": "Regelbunden tillsyn",
            "case_number": "2023:6412", "review_start": "2023-10-10", "review_end": "2023-10-12",
            "decision_date": "2023-11-27", "report_deadline": "2024-03-29", "report_submitted": "2024-03-25",
            "closed_date": "2024-05-13", "status": "closed",
            "areas": [
                {"name": "Extra anpassningar och särskilt stöd",
                 "legal_references": ["3 kap. 5 § skollagen", "3 kap. 7–12 §§ skollagen"], "verdict": "injunction",
                 "finding": "Elever som riskerar att inte nå kunskapskraven får inte extra anpassningar i tid, och "
                            "utredningar om särskilt stöd påbörjas sent.",
                 "measures": "Ny rutin för extra anpassningar och utredning av särskilt stöd; speciallärare har "
                             "schemalagts i varje arbetslag och elevhälsoteamet följer upp varje vecka."},
                {"name": "Åtgärder mot kränkande behandling",
                 "legal_references": ["6 kap. 7 § skollagen", "6 kap. 10 § skollagen"], "verdict": "deficiency",
                 "finding": "Anmälningar om kränkande behandling utreds inte alltid skyndsamt.",
                 "measures": "Anmälningarna registreras digitalt och rektor följer upp utredningstiden varje månad."},
                {"name": "Trygghet och studiero", "legal_references": ["5 kap. 3 § skollagen"],
                 "verdict": "no_remarks", "finding": "Skolan arbetar aktivt och systematiskt med trygghet och studiero."},
            ],
        },
        ("larkans-skola", 2024): {
            "id": "si-2025-regelbunden-tillsyn", "authority": "Skolinspektionen", "kind": "Regelbunden tillsyn",
            "case_number": "2025:1187", "review_start": "2025-02-04", "review_end": "2025-02-05",
            "decision_date": "2025-03-17", "report_deadline": "2025-09-30", "status": "awaiting_report",
            "areas": [
                {"name": "Legitimerade och behöriga lärare", "legal_references": ["2 kap. 13 § skollagen"],
                 "verdict": "deficiency",
                 "finding": "Flera elever undervisas av lärare som saknar behörighet för anpassad grundskola."},
                {"name": "Undervisning och lärande", "legal_references": ["1 kap. 4 § skollagen", "3 kap. 3 § skollagen"],
                 "verdict": "development_needed",
                 "finding": "Undervisningen är väl strukturerad men uppföljningen av elevernas kunskapsutveckling behöver utvecklas."},
                {"name": "Trygghet och studiero", "legal_references": ["5 kap. 3 § skollagen"], "verdict": "no_remarks",
                 "finding": "Trygghetsarbetet är välorganiserat och eleverna känner sig trygga."},
            ],
        },
        ("sjovallsskolan", 2024): {
            "id": "si-2024-anmalningsarende", "authority": "Skolinspektionen", "kind": "Anmälningsärende",
            "case_number": "2024:8830", "review_start": "2024-11-04", "review_end": "2024-11-04",
            "decision_date": "2025-01-15", "report_deadline": "2025-04-15", "report_submitted": "2025-04-10",
            "closed_date": "2025-05-26", "status": "closed",
            "areas": [
                {"name": "Åtgärder mot kränkande behandling",
                 "legal_references": ["6 kap. 7 § skollagen", "6 kap. 10 § skollagen"], "verdict": "deficiency",
                 "finding": "Skolan har inte utrett en anmäld kränkning skyndsamt och inte vidtagit tillräckliga "
                            "åtgärder för att förhindra fortsatta kränkningar.",
                 "measures": "Rutinen för anmälan och utredning av kränkande behandling har förtydligats och all "
                             "personal har fått utbildning i den."},
            ],
        },
        ("ekbackens-forskoleomrade", 2022): {
            "id": "si-2023-kvalitetsgranskning", "authority": "Skolinspektionen",
            "kind": "Kvalitetsgranskning: undervisning i förskolan", "case_number": "2023:0954",
            "review_start": "2023-02-07", "review_end": "2023-02-09", "decision_date": "2023-03-20",
            "report_deadline": "2023-09-29", "report_submitted": "2023-09-25", "closed_date": "2023-11-06",
            "status": "closed",
            "areas": [
                {"name": "Undervisning och lärande", "legal_references": ["1 kap. 3 § skollagen", "2 kap. 9 § skollagen"],
                 "verdict": "development_needed",
                 "finding": "Undervisningen är inte tillräckligt målinriktad, och förskollärarnas ansvar för den behöver tydliggöras.",
                 "measures": "Förskollärarna har fått planeringstid och en gemensam mall för att planera och följa upp undervisningen."},
            ],
        },
    }


def owner_inspections(report_date: date) -> dict[int, list[dict]]:
    """The owner's inspections: a quality review in 2023/24 (closed after follow-up) and one still open."""
    closed = syn.owner_inspection(random.Random(f"{SEED}:granskning"), 2023, report_date)
    closed["case_number"] = "2023:7735"
    return {
        2022: [],
        2023: [closed],
        2024: [{
            "id": "si-2025-tematisk-granskning", "authority": "Skolinspektionen",
            "kind": "Tematisk kvalitetsgranskning: huvudmannens styrning av anpassad grundskola",
            "case_number": "2025:2290", "review_start": "2025-05-20", "review_end": "2025-05-22", "status": "open",
        }],
    }


# The municipality's official figures (municipality.yaml, results). Meritvärde in year 9 as Kolada
# publishes it for the municipality's own schools: from the units' figures in the site's years, and
# official-only years before the site's units (denominator, value; girls, boys), so its indicator page
# shows a longer official series.
OFFICIAL_MERIT_SOURCE = "Kolada N15505"
OFFICIAL_MERIT_EARLY = {
    2019: ((498, 219.6), (241, 231.2), (257, 208.7)),
    2020: ((503, 217.9), (249, 228.4), (254, 207.6)),
    2021: ((511, 220.8), (250, 232.5), (261, 209.6)),
}
# Eligibility for a vocational programme as Skolverket publishes it for all school owners in the
# municipality: the municipality's schools and Åsby friskola, an independent school not on the site
# (total: eligible, pupils; girls and boys as shares, as the source gives them).
INDEPENDENT_SCHOOL = {2022: ((38, 44), (21, 23), (17, 21)), 2023: ((41, 47), (24, 26), (17, 21)),
                      2024: ((43, 48), (22, 24), (21, 24))}
OFFICIAL_ELIGIBILITY_DATE = {2022: "2023-09-29", 2023: "2024-09-30", 2024: "2025-09-30"}


def _one_decimal(value: Fraction) -> float:
    """A share or mean as the sources publish it: one decimal, rounded half-up."""
    return float((Decimal(value.numerator) / Decimal(value.denominator)).quantize(Decimal("0.1"), ROUND_HALF_UP))


def official_results(docs: dict[str, tuple[str, dict]], year: int) -> list[dict]:
    """The year's official figures, made from the units' results the way the sources count them."""
    results: dict[str, list[dict]] = {}
    pupils_of = {}  # unit → pupils in year 9 (from its meritvärde figure)
    for path, (_, data) in docs.items():
        if path.startswith(f"years/{syn.year_folder(year)}/units/"):
            for result in data.get("results", []):
                results.setdefault(result["indicator"], []).append({**result, "unit": data["unit"]})
                if result["indicator"] == "meritvarde-ak9":
                    pupils_of[data["unit"]] = result["total"]["denominator"]
    window = f"VT {year + 1}"
    merit = {}
    for group in ("total", "girls", "boys"):
        figures = [r[group] for r in results["meritvarde-ak9"] if "value" in r.get(group, {})]
        pupils = sum(f["denominator"] for f in figures)
        merit[group] = {"denominator": pupils,
                        "value": _one_decimal(sum(Fraction(str(f["value"])) * f["denominator"] for f in figures) / pupils)}
    # Eligibility: every pupil in year 9, also at schools whose own figure is protected ("~100": their
    # pupils from the meritvärde figure, all but one eligible), and the independent school's.
    eligible = pupils = 0
    for result in results["behorighet-yrkes-ak9"]:
        total = result["total"]
        if "numerator" in total:
            eligible, pupils = eligible + total["numerator"], pupils + total["denominator"]
        else:
            eligible, pupils = eligible + pupils_of[result["unit"]] - 1, pupils + pupils_of[result["unit"]]
    (own_n, own_d), girls, boys = INDEPENDENT_SCHOOL[year]
    shares = {}
    for group, (n, d) in (("girls", girls), ("boys", boys)):
        figures = [r[group] for r in results["behorighet-yrkes-ak9"] if "numerator" in r.get(group, {})]
        shares[group] = {"value": _one_decimal(Fraction(100 * (n + sum(f["numerator"] for f in figures)),
                                                        d + sum(f["denominator"] for f in figures)))}
    # Eligibility without newcomers: the units' groups with counts and the independent school's pupils
    # less two newcomers, one of them eligible; Skolverket publishes it as a share only.
    newcomers = [g for r in results["behorighet-yrkes-ak9"] for g in r.get("groups", [])
                 if g["group"] == "exkl-nyanlanda" and "numerator" in g]
    without = {"group": "exkl-nyanlanda", "value": _one_decimal(Fraction(
        100 * (own_n - 1 + sum(g["numerator"] for g in newcomers)), own_d - 2 + sum(g["denominator"] for g in newcomers)))}
    return [
        {"indicator": "meritvarde-ak9", "window": window, "source": OFFICIAL_MERIT_SOURCE, "scope": "own", **merit},
        {"indicator": "behorighet-yrkes-ak9", "window": window,
         "source": f"Skolverket, {OFFICIAL_ELIGIBILITY_DATE[year]}", "scope": "all",
         "total": {"numerator": eligible + own_n, "denominator": pupils + own_d}, **shares, "groups": [without],
         "note": "Omfattar även Åsby friskola, en fristående skola som inte finns på sajten."},
    ]


def early_official_years() -> dict[str, tuple[str, dict]]:
    """Municipality year files from before the site's units: official figures only."""
    docs = {}
    for year, ((d, v), (gd, gv), (bd, bv)) in OFFICIAL_MERIT_EARLY.items():
        docs[f"years/{syn.year_folder(year)}/municipality.yaml"] = ("municipality_year", {
            "school_year": f"{year}/{(year + 1) % 100:02d}",
            "results": [{"indicator": "meritvarde-ak9", "window": f"VT {year + 1}", "source": OFFICIAL_MERIT_SOURCE,
                         "scope": "own", "total": {"denominator": d, "value": v},
                         "girls": {"denominator": gd, "value": gv}, "boys": {"denominator": bd, "value": bv}}],
            "references": syn.reference_figures(year, ("meritvarde-ak9",)),  # the country's before the site too
        })
    return docs


# Baselines and targets per indicator (a goal's ``targets``) for some of the municipality's goals and for one
# unit's goal, the same every year, as a plan sets them for several years. Meritvärde's baseline is the mean
# of the official figures of the three years before the site's units (OFFICIAL_MERIT_EARLY); the others are
# from the municipality's own follow-up of 2021/22, before the site.
def _merit_baseline() -> float:
    values = [Fraction(str(total[1])) for total, _, _ in OFFICIAL_MERIT_EARLY.values()]
    return _one_decimal(sum(values) / len(values))


def _years(first: int, last: int) -> str:
    return f"{syn.school_year(first)}–{syn.school_year(last)}"


OWNER_GOAL_TARGETS = {
    "kunskapsresultat-ska-oka": [
        {"indicator": "meritvarde-ak9", "baseline": {"value": _merit_baseline(), "year": _years(2019, 2021)},
         "target": {"value": 230, "year": syn.school_year(2026)}}],
    "behorighet-ska-oka": [
        {"indicator": "behorighet-yrkes-ak9", "baseline": {"value": 84.5, "year": syn.school_year(2021)},
         "target": {"value": 90, "year": syn.school_year(2026)}}],
    "franvaro-ska-minska": [
        {"indicator": "franvaro", "baseline": {"value": 7.4, "year": syn.school_year(2021)},
         "target": {"value": 6.0, "year": syn.school_year(2025)}}],
    "trygghet-ska-oka": [
        {"indicator": "trygghet", "baseline": {"value": 85.0, "year": syn.school_year(2021)},
         "target": {"value": 86.5, "year": syn.school_year(2025)}}],
    "studiero-ska-oka": [
        {"indicator": "studiero", "baseline": {"value": 64.0, "year": syn.school_year(2021)},
         "target": {"value": 70, "year": syn.school_year(2026)}}],
}
OWNER_GOAL_TARGETS_CHANGED = {LAST: {"trygghet-ska-oka": [
    {"indicator": "trygghet", "baseline": {"value": 85.0, "year": syn.school_year(2021)},
     "target": {"value": 88.0, "year": syn.school_year(2026)}}]}}
"""Targets the owner changed in a year: the newest raises the safety target it has reached and moves it on a year
(the year's changes page and `ska diff` show it)."""
UNIT_GOAL_TARGETS = {
    "hagaskolan": {"inflytande-ska-oka": [
        {"indicator": "inflytande", "baseline": {"value": 60.0, "year": syn.school_year(2021)},
         "target": {"value": 70, "year": syn.school_year(2025)}}]},
}
TEAM_ASSESSED = "larkans-skola"
"""A unit where the school's leadership (L) and its staff (M) score the criteria, as seed 004's Lärande och hälsa."""


def team_assessment(docs: dict[str, tuple[str, dict]]) -> None:
    """Lärkans skola's self-assessment by the leadership (L) and the staff (M) instead of the principal (R)."""
    rng = random.Random(f"{SEED}:normallage")
    for year in range(FIRST, LAST + 1):
        _, data = docs.get(f"years/{syn.year_folder(year)}/units/{TEAM_ASSESSED}.yaml", (None, {}))
        for strategy in data.get("self_assessment", []):
            for criterion in strategy["criteria"]:
                score = criterion["scores"].pop("R")
                criterion["scores"] = {"L": score, "M": max(1, min(5, score - rng.choice((0, 1, 1))))}


def published_means(docs: dict[str, tuple[str, dict]]) -> None:
    """The municipality's self-assessment with the means per strategy and role as its report printed them."""
    for year in range(FIRST, LAST + 1):
        _, data = docs[f"years/{syn.year_folder(year)}/municipality.yaml"]
        for strategy in data["self_assessment"]:
            roles = dict.fromkeys(r for c in strategy["criteria"] for r in c["scores"])
            means = {r: float(formatting.round_half_up(sum(Fraction(str(c["scores"][r])) for c in strategy["criteria"])
                                                   / len(strategy["criteria"]), 1)) for r in roles}
            strategy["published_means"] = {
                "means": means, "source": f"Åsby kommuns kvalitetsrapport {year}/{(year + 1) % 100:02d}, "
                                          "avsnittet Normalläge"}


def build() -> dict[str, tuple[str, dict]]:
    """Every content file of the example, as path under content/ → (kind, data)."""
    municipality = syn.Municipality(FIRST, LAST, units(), PROGRAMMES, SEED, inspection_rate=0.0, name="Åsby kommun")
    docs = syn.documents(municipality)
    for (unit_id, year), inspection in unit_inspections().items():
        kind, data = docs[f"years/{syn.year_folder(year)}/units/{unit_id}.yaml"]
        data["inspections"] = [inspection]
    for year, inspections in owner_inspections(municipality.report_date).items():
        _, data = docs[f"years/{syn.year_folder(year)}/municipality.yaml"]
        data["summary"] = syn.wrap_markdown(INTRO[year]) + "\n\n" + data["summary"]
        data["analysis"]["summary"] = ANALYSIS_SUMMARY[year]
        data.pop("inspections", None)
        if inspections:
            # keep the schema's key order: inspections come before complaints
            items = list(data.items())
            at = [k for k, _ in items].index("complaints")
            data.clear()
            data.update(items[:at] + [("inspections", inspections)] + items[at:])
    for year in range(FIRST, LAST + 1):  # the official figures come after the goal areas, as in the schema
        _, data = docs[f"years/{syn.year_folder(year)}/municipality.yaml"]
        items = list(data.items())
        at = [k for k, _ in items].index("goal_areas") + 1
        data.clear()
        data.update(items[:at] + [("results", official_results(docs, year))] + items[at:])
        for area in data["goal_areas"]:
            syn.set_targets(area["goals"], {**OWNER_GOAL_TARGETS, **OWNER_GOAL_TARGETS_CHANGED.get(year, {})})
        for unit_id, targets in UNIT_GOAL_TARGETS.items():
            _, unit_year = docs[f"years/{syn.year_folder(year)}/units/{unit_id}.yaml"]
            syn.set_targets(unit_year.get("goals", []), targets)
    team_assessment(docs)
    published_means(docs)
    return {**early_official_years(), **docs}


def write(content: Path, docs: dict[str, tuple[str, dict]]) -> list[str]:
    """Write the files and remove YAML files in content/ that the example no longer has."""
    syn.write_documents(content, docs)
    removed = []
    for path in sorted(content.rglob("*.yaml")):
        relative = path.relative_to(content).as_posix()
        if relative not in docs:
            path.unlink()
            removed.append(relative)
    return removed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="make_example_content.py",
        description="Skriver exempelinnehållet i content/ för den påhittade Åsby kommun (läsåren 2022/23–2024/25).")
    parser.add_argument("--check", action="store_true",
                        help="skriv inget; avsluta med kod 1 om content/ skiljer sig från det skriptet skulle skriva")
    parser.add_argument("--content", type=Path, default=REPO / "content", metavar="MAPP",
                        help="mappen som innehållet skrivs till (standard: content/ i projektet)")
    args = parser.parse_args(argv)
    docs = build()
    if args.check:
        with tempfile.TemporaryDirectory() as tmp:
            syn.write_documents(Path(tmp), docs)
            expected = {p.relative_to(tmp).as_posix(): p.read_bytes() for p in Path(tmp).rglob("*.yaml")}
        actual = {p.relative_to(args.content).as_posix(): p.read_bytes() for p in args.content.rglob("*.yaml")}
        differ = sorted(k for k in expected.keys() | actual.keys() if expected.get(k) != actual.get(k))
        for name in differ:
            print(f"skiljer sig: content/{name}")
        print("Exempelinnehållet är aktuellt." if not differ else f"{len(differ)} filer skiljer sig.")
        return 1 if differ else 0
    removed = write(args.content, docs)
    print(f"Skrev {len(docs)} filer till {args.content}/.")
    for name in removed:
        print(f"Tog bort {name} (finns inte längre i exemplet).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
