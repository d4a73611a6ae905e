"""Rows for the downloads beyond the units' and the municipality's results: each part of the organisation's
pooled figures (rows in the year's results download, beside the municipality's), and the staff figures per
year (a download of their own, since they are not pupils' results: no indicator, counts or stage, groups of
women and men, and periods that may be calendar years). Written by ``downloads``, defused as it defuses."""

from __future__ import annotations

import pandas as pd

from ..analysis.parts import PartFigures
from ..analysis.results import Results
from ..analysis.staff import STAFF_GROUPS, period_of
from ..domain import school_year_slug
from ..labels import STAFF_GROUPS as GROUP_WORDS
from ..model import Content
from .pages import coverage

PART = " (verksamhetsdel)"
"""The end of a part's Enhet in the results download ("grundskolan (verksamhetsdel)"): no unit id has a space."""
STAFF_UNITS = {"percent": "procent", "count": "antal", "number": "tal"}
STAFF_EXPLAINED = {
    "Läsår": "Läsåret vars fil (kommunens plan för läsåret) siffran står i, som 2024/25.",
    "Period": "Perioden siffran gäller: läsåret, eller ett annat läsår eller kalenderår som källan jämför "
              "med.",
    "Mått": "Vad som mäts, med källans ord (till exempel sjukfrånvaro eller personalomsättning).",
    "Grupp": "Vilken personal siffran gäller: Totalt (all personal källan räknar), Kvinnor eller Män.",
    "Värde": "Siffran som källan anger den, med källans decimaler. Den gäller kommunens personal som källan "
             "redovisar den (se Källa), inte elever: den är inte räknad från enheterna och döljs aldrig.",
    "Måttenhet": "Vad värdet mäts i: procent, antal eller tal (till exempel årsarbetare).",
    "Källa": "Var siffran kommer ifrån, som kommunens plan anger den.",
}
"""What each column of the staff download holds, in the workbook's first sheet."""


def staff_path(year: str, ext: str) -> str:
    slug = school_year_slug(year)
    return f"ar/{slug}/personal-{slug}.{ext}"


def staff_frame(content: Content, year: str) -> pd.DataFrame:
    """The staff figures per year in ``year``'s plan, one row per measure, period and group, as written."""
    plan = content.municipality_years.get(year)
    rows = [{"Läsår": year, "Period": period_of(f, year), "Mått": f.measure, "Grupp": GROUP_WORDS[g],
             "Värde": getattr(f, g), "Måttenhet": STAFF_UNITS.get(f.unit, f.unit), "Källa": f.source}
            for f in (plan.staff if plan else ()) for g in STAFF_GROUPS if getattr(f, g) is not None]
    frame = pd.DataFrame(rows, columns=list(STAFF_EXPLAINED))
    frame.attrs["explained"] = STAFF_EXPLAINED
    return frame


def part_rows(results: Results, content: Content, year: str) -> pd.DataFrame:
    """Each part's figures for ``year`` as its page shows them (the total group): its units' published figures
    pooled over all their stages (``analysis.parts``), with what each covers; a suppressed one stays a row, which
    ``downloads.results_frame`` empties. Enhet is the part's id with PART, its name in Enhetens namn."""
    rows = []
    for part, ind, figure in PartFigures(content, results).year(year):
        if part not in content.parts or ind not in content.indicators:
            continue
        indicator = content.indicators[ind]
        if indicator.aggregation == "none" or (figure.value is None and not figure.suppressed):
            continue
        described = coverage(figure, indicator)
        rows.append({"school_year": year, "unit": part + PART, "unit_name": content.parts[part].name,
                     "indicator": ind, "stage": "alla stadier", "group": "total", "window": "",
                     "exact": figure.value, "numerator": figure.numerator, "denominator": figure.denominator,
                     "suppressed": figure.suppressed, "decimals": None,
                     "covers": described["text"] if described else "",
                     "left_out": "; ".join(described["left_out"]) if described else "", "source": "", "note": ""})
    return pd.DataFrame(rows, columns=["school_year", "unit", "unit_name", "indicator", "stage", "group", "window",
                                       "exact", "numerator", "denominator", "suppressed", "decimals", "covers",
                                       "left_out", "source", "note"])
