"""Read a saved Kolada API v3 response: data per municipality (``/v3/data/kpi/{kpi}/municipality/{id}``) and per
organisational unit (``/v3/oudata/kpi/{kpi}/ou/{ou}``).

A response is ``{"values": [...], "count": n, "next_url": ...}``; an item ``{"kpi": "N15505", "municipality":
"0181" | "ou": "V15E…", "period": 2024, "values": [{"gender": "T"|"K"|"M", "count": n, "status": "",
"value": 238.0, "isdeleted": false}]}``. ``count`` in a value is how many values Kolada's figure is made of
(e.g. municipalities in a group), not a number of pupils, so it never becomes a denominator.

Kolada's period is the calendar year of the spring term the figure is from: period 2024 is the school year
2023/24, measured VT 2024 (grades, merit values, eligibility)."""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from pathlib import Path

from ..rollover import RolloverError
from .apply import OFFICIAL, REFERENCE, UNIT_RESULT, Catalogue, Incoming, Parsed

GENDERS = {"T": "total", "K": "girls", "M": "boys"}
MUNICIPALITY = re.compile(r"^(\d{4}|G\d+)$", re.ASCII)
OU_MUNICIPALITY = re.compile(r"^V\d{2}E(\d{4})", re.ASCII)
MISSING_STATUSES = {"", "saknas", "missing"}
FEW_STATUSES = {"..", "för få", "few"}
MAX_BYTES = 50_000_000


def municipality_code(catalogue: Catalogue) -> str | None:
    """The municipality's Kolada id, read from its units' OU ids (V15E + the municipality's code + a number),
    if they all agree."""
    codes = Counter(m.group(1) for u in catalogue.units.values() if (m := OU_MUNICIPALITY.match(u.get("kolada_ou", ""))))
    return next(iter(codes)) if len(codes) == 1 else None


def load(path: Path, notes: list[str] | None = None) -> list[dict]:
    """The items of a saved response (or of a list of pages); a clear Swedish error for anything else. A page
    with a ``next_url`` is not the whole answer: that is said in ``notes``."""
    with path.open("rb") as file:
        raw = file.read(MAX_BYTES + 1)  # never more: a wrong file may be a film
    name = path.name
    if len(raw) > MAX_BYTES:
        raise RolloverError(f"{name} är för stor (över {MAX_BYTES // 1_000_000} MB) för att vara ett svar från Kolada.",
                            "Hämta ett nyckeltal i taget, för ett år eller några få år.")
    text = raw.decode("utf-8-sig", errors="replace").lstrip()
    if text[:1] == "<":
        title = re.search(r"<title[^>]*>(.*?)</title>", text, re.S | re.I)
        said = f" (sidan heter ”{title.group(1).strip()[:80]}”)" if title else ""
        raise RolloverError(f"{name} är en webbsida (HTML){said}, inte ett svar från Kolada i JSON.",
                            "Webbläsaren sparade troligen en felsida. Öppna adressen igen och kontrollera att svaret "
                            "börjar med {\"values\": …, eller hämta med ska hämta kolada.")
    try:
        data = json.loads(text)
    except (ValueError, RecursionError) as exc:  # RecursionError: brackets nested too deep
        line = getattr(exc, "lineno", 1)
        raise RolloverError(f"{name} är inte giltig JSON (fel på rad {line}); filen är troligen avbruten eller ändrad.",
                            "Hämta svaret från Kolada igen och spara det utan att ändra i det.") from None
    pages = data if isinstance(data, list) else [data]
    items: list[dict] = []
    for page in pages:
        if not isinstance(page, dict) or not isinstance(page.get("values"), list):
            raise RolloverError(f"{name} är JSON men inte ett svar från Koladas API v3: ”values” saknas.",
                                "Spara svaret från /v3/data/kpi/… eller /v3/oudata/kpi/… som det är, eller hämta "
                                "med ska hämta kolada.")
        items += page["values"]
        if page.get("next_url") and notes is not None:
            notes.append("Filen är bara en del av Koladas svar (next_url pekar på nästa sida); de andra sidorna "
                         "kommer inte med. Hämta hela svaret med ska hämta kolada.")
    return items


def reader(path: Path, municipality: str = "", scope: str = ""):
    """A reader for apply.run: the saved response at ``path`` as results for units, official figures for the
    municipality (``municipality``: its Kolada id; else read from the units' OU ids) and reference series."""

    def read(catalogue: Catalogue) -> Parsed:
        parsed = Parsed(f"Kolada ({path.name})")
        items = load(path, parsed.notes)
        own = municipality or municipality_code(catalogue) or ""
        problems: list[str] = []
        for number, item in enumerate(items, 1):
            _item(item, number, catalogue, own, scope, parsed, problems)
        if problems:
            raise RolloverError(f"{path.name} kan inte importeras, så inget har skrivits: " + "; ".join(problems) + ".",
                                _hint(problems))
        if not parsed.items and not parsed.skipped:
            raise RolloverError(f"{path.name} innehåller inga värden.",
                                "Kontrollera nyckeltal, kommun eller enhet och år i adressen du hämtade från.")
        return parsed

    return read


def _hint(problems: list[str]) -> str:
    hints = []
    if any("nyckeltalet" in p for p in problems):
        hints.append("skriv nyckeltalets id som kolada_kpi: på rätt indikator i content/indicators.yaml")
    if any("enheten" in p for p in problems):
        hints.append("skriv enhetens Kolada-id som kolada_ou: i dess fil i content/units/")
    if any("kommunen" in p for p in problems):
        hints.append("ange er kommuns kod med --kommun, eller lägg till en jämförelseserie med kolada_municipality: "
                     "under references: i content/indicators.yaml")
    said = "; ".join(hints)  # the CLI puts "Gör så här:" before the hint
    return (said[:1].upper() + said[1:] + ". Kör sedan importen igen.") if hints else \
        "Hämta svaret från Kolada igen och kör importen igen."


def _item(item: object, number: int, catalogue: Catalogue, own: str, scope: str, parsed: Parsed,
          problems: list[str]) -> None:
    """One item of the response: which indicator, which unit, municipality or series, which year."""
    if not isinstance(item, dict):
        problems.append(f"värde nr {number} är inte ett objekt med kpi, period och values")
        return
    kpi, period, values = item.get("kpi"), item.get("period"), item.get("values")
    if not isinstance(kpi, str) or not isinstance(period, int) or not isinstance(values, list) or not 1990 < period < 2101:
        problems.append(f"värde nr {number} saknar kpi, period (ett år) eller values")
        return
    indicators = catalogue.indicator_for("kolada_kpi", kpi)
    if not indicators:
        problems.append(f"nyckeltalet {kpi} finns inte hos någon indikator (kolada_kpi)")
        return
    if len(indicators) > 1:
        problems.append(f"nyckeltalet {kpi} står hos flera indikatorer: {', '.join(indicators)}")
        return
    origin = f"{kpi}, {item.get('ou') or item.get('municipality')}, {period}"
    if "ou" in item:
        unit = catalogue.unit_for("kolada_ou", str(item["ou"]))
        if unit is None:
            problems.append(f"enheten {item['ou']} ({kpi}, {period}) finns inte i content/units/ (kolada_ou)")
            return
        place, owner, scope_here = UNIT_RESULT, unit, ""
    else:
        code = str(item.get("municipality", ""))
        series = next((r["id"] for r in catalogue.references if r.get("kolada_municipality") == code), None)
        if code and code == own:
            place, owner, scope_here = OFFICIAL, "", scope
        elif series is not None:
            place, owner, scope_here = REFERENCE, series, ""
        else:
            known = f"er kommun är {own}" if own else "er kommuns id går inte att läsa ur enheternas kolada_ou"
            problems.append(f"kommunen {code or '(saknas)'} ({kpi}, {period}) är varken er kommun ({known}) "
                            "eller en jämförelseserie i content/indicators.yaml")
            return
    figures = _figures(values, origin, parsed)
    if figures:
        parsed.items.append(Incoming(f"{period - 1}/{period % 100:02d}", place, owner, indicators[0], f"VT {period}",
                                     f"Kolada {kpi}", figures, origin, scope_here))


def _figures(values: list, origin: str, parsed: Parsed) -> dict:
    """The values per gender as the content's figures: a number as a value, a missing or protected one as a
    status; one Kolada marks as deleted, or with a status the content has no word for, is left out and said."""
    out = {}
    for value in values:
        if not isinstance(value, dict) or not isinstance(value.get("gender"), str) or value["gender"] not in GENDERS:
            parsed.skipped.append(f"{origin}: ett värde utan kön T, K eller M")
            continue
        group = GENDERS[value["gender"]]
        before = out.get(group)
        status = value.get("status")
        status = "" if status is None else str(status).strip()
        number = value.get("value")
        if value.get("isdeleted"):
            parsed.skipped.append(f"{origin}, {value['gender']}: värdet är borttaget i Kolada (isdeleted)")
        elif isinstance(number, (int, float)) and not isinstance(number, bool) and math.isfinite(number) and not status:
            out[group] = {"value": number}
        elif number is None and status.lower() in MISSING_STATUSES:
            out[group] = {"status": "missing"}
        elif number is None and status.lower() in FEW_STATUSES:
            out[group] = {"status": "too_few"}
        elif number is not None and not status:  # text ("234.3"), true, NaN, Infinity: said as what it is
            parsed.skipped.append(f"{origin}, {value['gender']}: värdet ”{str(number)[:40]}” är inget tal; skriv in "
                                  "siffran för hand")
        else:
            parsed.skipped.append(f"{origin}, {value['gender']}: Kolada-statusen ”{status}” (värde {number}) har "
                                  "ingen motsvarighet bland innehållets statusar; skriv in siffran för hand")
        if before is not None and out[group] != before:  # the last would win unsaid
            raise RolloverError(f"{origin}: könet {value['gender']} står två gånger med olika värden. Inget har "
                                "importerats.", "Hämta svaret från Kolada igen och importera det utan att ändra i det.")
    return out
