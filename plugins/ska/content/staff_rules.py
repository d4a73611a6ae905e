"""Rules for a year's annual staff figures that the schema cannot express: periods, duplicates, percentages."""

from __future__ import annotations

from ..domain import parse_school_year
from .problems import figure

TITLES = {"total": "Totalt", "women": "Kvinnor", "men": "Män"}


def check_staff(checker, source, data: dict, school_year: str | None) -> None:
    """Each measure once per period; a school year that exists; a percentage no more than 100."""
    seen = set()
    for i, item in checker.each(source, data.get("staff"), ("staff",)):
        path = ("staff", i)
        period = str(item["period"]) if "period" in item else school_year  # a calendar year may be written bare: 2024
        if "/" in str(item.get("period", "")) and parse_school_year(item["period"]) is None:
            checker.add(source, path + ("period",), f"Läsåret {item['period']} finns inte: det andra året ska vara året efter det första.",
                        "Skriv läsåret som ÅÅÅÅ/ÅÅ, t.ex. 2023/24, eller kalenderåret som ÅÅÅÅ, t.ex. 2024.", "Period")
        if period and (item["measure"], period) in seen:
            checker.add(source, path, f"Måttet ”{item['measure']}” finns två gånger för {period}.",
                        "Ta bort dubbletten, eller ange period: för den siffra som gäller ett annat år.", "Mått")
        seen.add((item["measure"], period))
        if item["unit"] == "percent":
            for group, title in TITLES.items():
                if item.get(group, 0) > 100:
                    checker.add(source, path + (group,), f"En andel på {figure(item[group])} % är mer än 100 %.",
                                "Skriv andelen i procent, t.ex. 7.3 för 7,3 %.", title)
        if item["unit"] == "count":
            for group, title in TITLES.items():
                if group in item and item[group] != int(item[group]):
                    checker.add(source, path + (group,), f"Ett antal ({figure(item[group])}) ska vara ett heltal.",
                                "Skriv ett heltal, eller välj unit: number för ett tal med decimaler.", title)
