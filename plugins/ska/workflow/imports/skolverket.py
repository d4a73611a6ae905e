"""Read Skolverket's statistics files per school unit: CSV (semicolon-separated, a few lines of text before the
header, decimal comma; UTF-8 or, saved from Excel, Windows-1252) or XLSX, one row per skolenhetskod.

Each indicator with ``skolverket_column`` takes its figures from the columns with that heading, one per group
(Totalt, Flickor, Pojkar: in the heading, or on a second header row under it); the first "Antal elever" columns
are the denominators. Skolverket's markers become the content's statuses, never numbers: ``.`` missing, ``..`` too
few pupils (too_few), ``~100`` rounded because few were not eligible (rounded), ``-`` no grade (no_grade)."""

from __future__ import annotations

import csv
import re
from decimal import Decimal, InvalidOperation
from pathlib import Path

from ...domain import parse_school_year
from ..rollover import RolloverError
from . import xlsx
from .apply import UNIT_RESULT, Catalogue, Incoming, Parsed

MARKERS = {".": "missing", "..": "too_few", "~100": "rounded", "-": "no_grade", "–": "no_grade"}
GENDERS = {"totalt": "total", "flickor": "girls", "pojkar": "boys", "samtliga": "total"}
HEADED = re.compile(r"^(.*?)[\s,:]*[(\[]?\s*(totalt|flickor|pojkar|samtliga)\s*[)\]]?$", re.I)
NUMBER = re.compile(r"^[-−]?(\d{1,3}( \d{3})+|\d+)([,.]\d+)?$")
YEAR = re.compile(r"(\d{4})/(\d{2})")
MOJIBAKE = re.compile("Ã[¥¤¶…„–©]")
MAX_BYTES = 20_000_000


def _norm(text: str) -> str:
    """A heading compared as words: case, hyphenation and spacing do not count."""
    return " ".join(text.replace("\u00ad", "").replace("-\n", "").replace("\u00a0", " ").split()).casefold()


def decode(raw: bytes, name: str, notes: list[str]) -> str:
    """The file's text: UTF-8 (with or without BOM), UTF-16 with BOM (Excel's "Unicode text"), or Windows-1252
    (Excel's "CSV"), said in ``notes``; anything else is refused with what to do."""
    if raw[:2] in (b"\xff\xfe", b"\xfe\xff"):
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError:
            raise RolloverError(f"{name} är sparad som Unicode-text (UTF-16) men är avbruten eller trasig. Inget har "
                                "importerats.", "Ladda ner filen från Skolverket igen.") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = raw.decode("cp1252")
        except UnicodeDecodeError:
            raise RolloverError(f"{name} har en teckenkodning som varken är UTF-8 eller Windows-1252, så å, ä och ö "
                                "kan inte läsas rätt. Inget har importerats.",
                                "Öppna filen i Excel och spara den som ”CSV UTF-8 (kommaavgränsad)”, eller ladda ner "
                                "den från Skolverket igen.") from None
        notes.append("Filen var sparad som Windows-1252 (Excels vanliga CSV) och lästes så.")
    if MOJIBAKE.search(text):
        raise RolloverError(f"{name} har sparats om med fel teckenkodning: å, ä och ö står som ”Ã¥”, ”Ã¤” och ”Ã¶”. "
                            "Inget har importerats.",
                            "Ladda ner filen från Skolverket igen och importera den utan att öppna och spara den.")
    return text


def csv_rows(path: Path, notes: list[str]) -> list[list[str]]:
    with path.open("rb") as file:
        raw = file.read(MAX_BYTES + 1)  # never more: a wrong file may be a film
    if len(raw) > MAX_BYTES:
        raise RolloverError(f"{path.name} är för stor för att vara en statistikfil från Skolverket.",
                            "Ladda ner statistiken för er kommun och ett läsår i taget.")
    if raw.lstrip()[:1] == b"<":
        raise RolloverError(f"{path.name} är en webbsida (HTML), inte en statistikfil.",
                            "Ladda ner filen igen med Skolverkets knapp för CSV eller Excel.")
    lines = decode(raw, path.name, notes).splitlines()
    header = next((line for line in lines if "skolenhetskod" in _norm(line).replace("-", "")), lines[0] if lines else "")
    delimiter = max(";\t,", key=header.count)
    reader = csv.reader(lines, delimiter=delimiter, strict=True)
    try:
        return list(reader)
    except csv.Error as exc:  # a quote never closed (the rest of the file would be one cell), or a cell too long
        what = "en cell är orimligt lång" if "field larger" in str(exc) else \
            "ett citattecken (\") öppnas men stängs inte, så raderna efter det går inte att läsa"
        raise RolloverError(f"{path.name}, rad {reader.line_num}: {what}. Inget har importerats.",
                            "Ladda ner filen från Skolverket igen, eller rätta raden så att citattecknen går jämnt "
                            "upp.") from None


def _columns(rows: list[list[str]], name: str) -> tuple[int, list[tuple[str, str | None]], int]:
    """The header row's index, each column's (heading, group or None) and the first data row's index."""
    for index, row in enumerate(rows):
        if any(_norm(cell).replace("-", "").replace(" ", "") == "skolenhetskod" for cell in row):
            break
    else:
        seen = next((row for row in rows if any(c.strip() for c in row)), [])
        raise RolloverError(f"{name} har ingen kolumn Skolenhetskod, så det är inte Skolverkets statistik per "
                            f"skolenhet. Första raden med text: ”{'; '.join(c for c in seen if c)[:200]}”. "
                            "Inget har importerats.",
                            "Ladda ner statistiken per skolenhet (inte per kommun eller huvudman) som CSV eller Excel.")
    heads = [_norm(c) for c in rows[index]]
    below = [_norm(c) for c in rows[index + 1]] if index + 1 < len(rows) else []
    if any(c in GENDERS for c in below):  # headings on two rows: the measure above, its groups below
        columns, last = [], ""
        for i in range(max(len(heads), len(below))):
            head = heads[i] if i < len(heads) else ""
            last = head or last
            group = GENDERS.get(below[i]) if i < len(below) else None
            columns.append((last if group else head, group))
        return index, columns, index + 2
    columns = []
    for head in heads:
        match = HEADED.match(head)
        columns.append((_norm(match.group(1)), GENDERS[match.group(2).casefold()]) if match else (head, None))
    return index, columns, index + 1


def _cell(text: str, where: str) -> dict | Decimal | None:
    """A cell: None if empty, a status for a marker, else a number (decimal comma or point)."""
    text = text.replace("\u00a0", " ").strip()
    if not text:
        return None
    if text in MARKERS or re.fullmatch(r"~\s*100", text):
        return {"status": MARKERS.get(text, "rounded")}
    if NUMBER.match(text):
        try:
            return Decimal(text.replace(" ", "").replace(",", ".").replace("−", "-"))
        except InvalidOperation:
            pass
    raise RolloverError(f"{where}: ”{text[:40]}” är varken ett tal eller någon av Skolverkets markeringar "
                        "(. saknas, .. för få elever, ~100 avrundat, - inget betyg). Inget har importerats.",
                        "Kontrollera att filen är oförändrad från Skolverket; rätta eller ta bort cellen.")


def _count(text: str, where: str) -> dict | Decimal | None:
    """A count of pupils: a cell that, when a number, is a whole number, 0 or more (38,7 pupils is refused,
    never cut to 38)."""
    value = _cell(text, where)
    if isinstance(value, Decimal) and (value < 0 or value != value.to_integral_value()):
        raise RolloverError(f"{where}: ”{text.strip()[:40]}” är inget antal elever (ett helt tal, 0 eller större). "
                            "Inget har importerats.",
                            "Kontrollera att filen är oförändrad från Skolverket; rätta eller ta bort cellen.")
    return value


def _number(value: Decimal) -> int | float:
    """The number as written: 238 stays an integer, 81,0 and 85,9 stay decimals."""
    return int(value) if value.as_tuple().exponent >= 0 else float(value)


def reader(path: Path, school_year: str = ""):
    """A reader for apply.run: Skolverket's file at ``path`` as results for the units with its skolenhetskoder."""

    def read(catalogue: Catalogue) -> Parsed:
        parsed = Parsed(f"Skolverket ({path.name})")
        rows = xlsx.rows(path) if path.suffix.casefold() == ".xlsx" else csv_rows(path, parsed.notes)
        header, columns, first = _columns(rows, path.name)
        year = _school_year(rows[:header], school_year, path.name)
        parsed.notes.append(f"Läsåret {year}.")
        wanted, shared = {}, {}
        for i, d in catalogue.indicators.items():
            if d.get("skolverket_column"):
                shared.setdefault(_norm(d["skolverket_column"]), []).append(i)
                wanted[_norm(d["skolverket_column"])] = i
        found = {head for head, group in columns if group and head in wanted}
        twice = [", ".join(shared[head]) for head in sorted(found) if len(shared[head]) > 1]
        if twice:
            raise RolloverError(f"{path.name}: indikatorerna {twice[0]} har samma skolverket_column, så importen vet "
                                "inte vilken av dem kolumnen gäller. Inget har importerats.",
                                "Skriv kolumnens rubrik som skolverket_column: bara på den indikator den gäller, i "
                                "content/indicators.yaml, och kör importen igen.")
        if not found:
            listed = sorted({head for head, group in columns if group}) or [h for h, _ in columns if h]
            raise RolloverError(
                f"{path.name} har ingen kolumn som en indikator hämtar från Skolverket. Kolumnerna i filen: "
                + "; ".join(listed[:12]) + ". Inget har importerats.",
                "Skriv kolumnens rubrik (utan Totalt, Flickor och Pojkar) som skolverket_column: på indikatorn i "
                "content/indicators.yaml, eller ladda ner rätt fil från Skolverket.")
        parsed.notes.append("Indikatorer: " + ", ".join(sorted(wanted[h] for h in found)) + ".")
        code = next(i for i, (head, _) in enumerate(columns) if head.replace("-", "").replace(" ", "") == "skolenhetskod")
        kind = next((i for i, (head, _) in enumerate(columns) if "typ av huvudman" in head), None)
        school = next((i for i, (head, _) in enumerate(columns) if head in ("skola", "skolenhet", "skolenhetens namn")), None)
        counts = next((head for head, group in columns if group and head.startswith("antal elever")), None)
        unknown, schools = [], 0
        for number, row in enumerate(rows[first:], first + 1):
            cell = row[code].strip() if code < len(row) else ""
            if re.fullmatch(r"\d{1,7}", cell, re.ASCII):  # Excel drops a code's leading zeros: never skipped unsaid
                raise RolloverError(f"{path.name}, rad {number}: skolenhetskoden {cell} har {len(cell)} siffror, "
                                    "inte 8; troligen har Excel tagit bort nollorna i början. Inget har importerats.",
                                    "Ladda ner filen från Skolverket igen och importera den utan att öppna och spara "
                                    "den i Excel, eller importera Excel-filen (.xlsx) direkt.")
            if not re.fullmatch(r"\d{8}", cell, re.ASCII):
                continue  # an empty row, a sum or a footnote
            schools += 1
            label = f"{cell} ({row[school].strip()})" if school is not None and school < len(row) else cell
            if kind is not None and kind < len(row) and not row[kind].strip().casefold().startswith("kommun"):
                parsed.skipped.append(f"rad {number}: {label}: huvudmannen är {row[kind].strip().lower()}, inte kommunen")
                continue
            unit = catalogue.unit_for("school_unit_code", cell)
            if unit is None:
                unknown.append(f"rad {number}: skolenhetskoden {label}")
                continue
            denominators = {g: _count(row[i], f"rad {number}, kolumnen ”{h}” ({g})") for i, (h, g) in enumerate(columns)
                            if h == counts and g and i < len(row)}
            for head in sorted(found):
                figures = {}
                for i, (h, group) in enumerate(columns):
                    if h != head or not group or i >= len(row):
                        continue
                    value = _cell(row[i], f"rad {number}, kolumnen ”{h}” ({group})")
                    if isinstance(value, dict):
                        figures[group] = value
                    elif value is not None:
                        count = denominators.get(group)
                        figures[group] = ({"denominator": int(count)} if isinstance(count, Decimal) else {}) \
                            | {"value": _number(value)}
                if figures:
                    parsed.items.append(Incoming(year, UNIT_RESULT, unit, wanted[head], f"VT {int(year[:4]) + 1}",
                                                 "Skolverket", figures, f"rad {number}"))
        if not schools:
            raise RolloverError(f"{path.name} har rubrikerna men ingen rad med en skolenhetskod (åtta siffror), så "
                                "filen är troligen avbruten. Inget har importerats.",
                                "Ladda ner statistiken från Skolverket igen och kör importen igen.")
        if unknown:
            raise RolloverError(f"{path.name}: skolenhetskoder som inte finns hos någon enhet i content/units/, så "
                                "inget har importerats: " + "; ".join(unknown) + ".",
                                "Skriv skolenhetskoden som school_unit_code: \"12345678\" i enhetens fil i "
                                "content/units/, eller ta bort raden ur filen om skolan inte hör till sajten.")
        return parsed

    return read


def _school_year(preamble: list[list[str]], given: str, name: str) -> str:
    """The school year: as given (--lasar), else as the lines before the header say it (”läsåret 2023/24”); a
    --lasar the file contradicts is refused, so figures never go into another year than the file's."""
    text = " ".join(" ".join(row) for row in preamble)
    said = next((year for match in YEAR.finditer(text) if (year := parse_school_year(match.group(0)))), None)
    if given:
        year = parse_school_year(given.strip())
        if year is None:
            raise RolloverError(f"--lasar {given}: är inget läsår.", "Skriv läsåret som 2024/25.")
        if said and said != year:
            raise RolloverError(f"{name} säger läsåret {said}, men --lasar säger {year}. Inget har importerats.",
                                f"Kontrollera att det är rätt fil; kör utan --lasar (eller med --lasar {said}).")
        return year
    if said:
        return said
    raise RolloverError(f"{name} säger inte vilket läsår siffrorna gäller (inget ”läsåret 2024/25” före rubrikerna).",
                        "Ange läsåret med --lasar, t.ex. --lasar 2024/25, och kör importen igen.")
