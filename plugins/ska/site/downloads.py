"""Downloads of all results, per school year and per unit: CSV (UTF-8, Swedish Excel conventions) and XLSX.

Every figure the site has for the year is a row, a suppressed one too: its status is ".." and its value
and counts are empty, as on the pages. The workbook's first sheet says what each column holds.

Names and ids come from the repository, which anyone who opens a pull request can edit, so no
text may become a formula or a link in a spreadsheet: the workbook stores every text as a
string, and the CSV quotes text and starts any text that a spreadsheet would read as a formula
with an apostrophe (OWASP's advice on CSV injection). Numbers stay numbers.
"""

from __future__ import annotations

import io
import math
import numbers
from decimal import Decimal
from pathlib import Path
from typing import Iterator

import pandas as pd
import xlsxwriter

from .. import formatting as fmt
from ..analysis.results import Results, exact_values
from ..content.problems import UNPRINTABLE
from ..domain import school_year_slug
from ..labels import SCOPES, STAGES, UNITS
from ..model import Content
from .extra_downloads import part_rows, staff_frame
from .pages import Site, coverage

COLUMNS = {
    "school_year": "Läsår", "unit": "Enhet", "unit_name": "Enhetens namn", "indicator": "Indikator",
    "indicator_name": "Indikatorns namn", "stage": "Stadium", "window": "Mättillfälle", "group": "Grupp",
    "value": "Värde", "measure": "Måttenhet", "status": "Status", "numerator": "Täljare", "denominator": "Nämnare",
    "covers": "Omfattar",
    "left_out": "Ingår inte", "source": "Källa", "note": "Anmärkning",
}
EXPLAINED = {
    "Läsår": "Läsåret siffran gäller, som 2024/25.",
    "Enhet": "Enhetens id, eller ”kommunen” för kommunens värde räknat från enheterna, ”kommunen (officiell)” "
             "för en officiell siffra (Skolverket, Kolada), seriens id följt av ”(jämförelse)” för en "
             "jämförelseserie som riket (den räknas aldrig in i kommunens värden) och verksamhetsdelens id följt av "
             "”(verksamhetsdel)” för en skolforms, funktions eller ett områdes värde: dess enheters siffror "
             "tillsammans över alla stadier, som på delens sida.",
    "Enhetens namn": "Enhetens namn.",
    "Indikator": "Indikatorns id.",
    "Indikatorns namn": "Indikatorns namn.",
    "Stadium": "Stadium eller årskurs, eller ”alla stadier” för kommunens eller en verksamhetsdels värde över alla "
               "stadier.",
    "Mättillfälle": "När mätningen gjordes, om enheten har angett det (till exempel VT 2025).",
    "Grupp": "Totalt, flickor eller pojkar.",
    "Värde": "Siffran, avrundad som på sajten (avrundning uppåt från 5). Tom när siffran är dold.",
    "Måttenhet": "Vad värdet mäts i: procent, poäng, index, skattning eller antal.",
    "Status": "”..” betyder att siffran är dold: den bygger på för få elever eller barn, eller skulle avslöja en "
              "dold siffra. Då är värde, täljare och nämnare tomma. Tom: siffran publiceras.",
    "Täljare": "Antalet som siffran räknas på (till exempel elever som nått målen), om det finns.",
    "Nämnare": "Antalet elever, barn eller svarande som siffran bygger på, om det finns.",
    "Omfattar": "Vad kommunens eller verksamhetsdelens värde omfattar: hur många enheter och elever det bygger på.",
    "Ingår inte": "Enheter som inte ingår i kommunens eller verksamhetsdelens värde, och varför.",
    "Källa": "Var siffran kommer ifrån, som enheten har angett den.",
    "Anmärkning": "Enhetens anmärkning till siffran.",
}
"""What each column of a download holds, in the workbook's first sheet."""
MUNICIPALITY = ("kommunen", "Kommunen")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")  # text starting so is a formula to a spreadsheet (OWASP)
TEXT_IS_TEXT = {"strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False}

Cell = str | int | float | None


def results_frame(results: Results, content: Content, year: str) -> pd.DataFrame:
    """The year's figures: each unit's, and the municipality's per stage and over all stages with what
    they cover. A suppressed figure is a row with status ".." and no value or counts; values are rounded
    half-up to the decimals the pages show them with, so a download says exactly what the site says."""
    indicators = content.indicators
    units = results.table[results.table["school_year"] == year].copy()
    units["exact"] = exact_values(units)
    units["decimals"] = [int(p) if p == p else None for p in units["places"].tolist()]
    units["unit_name"] = units["unit"].map({u.id: u.name for u in content.units.values()})
    notes = {(unit, r.indicator, r.stage, r.window): (r.source, r.note)
             for (unit, y), plan in content.unit_years.items() if y == year for r in plan.results}
    written = [notes.get(key, ("", "")) for key in zip(*(units[k].tolist() for k in ("unit", "indicator", "stage", "window")))]
    units["source"], units["note"] = [w[0] for w in written], [w[1] for w in written]
    towns = []
    by_stage = results.municipal[results.municipal["school_year"] == year]
    several = by_stage.groupby(["indicator", "group"], observed=True)["stage"].transform("nunique") > 1
    for table in (by_stage[several], results.pooled):  # one stage alone is its pooled figure: once is enough
        town = table[table["school_year"] == year].copy()
        town["decimals"] = None
        figures = [results.municipality(year, i, st, g) for i, st, g in zip(*(town[k].tolist() for k in ("indicator", "stage", "group")))]
        described = [coverage(f, indicators[i]) if i in indicators else None for f, i in zip(figures, town["indicator"].tolist())]
        town["covers"] = [d["text"] if d else "" for d in described]
        town["left_out"] = ["; ".join(d["left_out"]) if d else "" for d in described]
        towns.append(town)
    towns.append(official_rows(results, year))  # unit set, so the municipality's rows below leave them be
    towns.append(reference_rows(results, content, year))
    towns.append(part_rows(results, content, year))
    frame = pd.concat([units, *towns], ignore_index=True)
    hidden = frame["suppressed"].fillna(False).astype(bool)
    frame = frame[frame["exact"].notna() | hidden]
    hidden = hidden[frame.index]
    for column in ("exact", "numerator", "denominator"):  # nothing of a hidden figure leaves the site
        frame[column] = frame[column].astype(object).where(~hidden, None)
    frame["status"] = hidden.map({True: "..", False: ""})
    frame["measure"] = frame["indicator"].map({i.id: UNITS.get(i.unit, i.unit) for i in indicators.values()})
    is_town = frame["unit"].isna()
    frame.loc[is_town, "unit"], frame.loc[is_town, "unit_name"], frame.loc[is_town, "window"] = (*MUNICIPALITY, "")
    frame["stage"] = [STAGES.get(st, st) if town else st for st, town in zip(frame["stage"].tolist(), is_town.tolist())]
    frame["indicator_name"] = frame["indicator"].map({i.id: i.name for i in indicators.values()})
    frame["value"] = [None if v is None else
                      float(fmt.round_half_up(v, fmt.shown_decimals(indicators[i].decimals if i in indicators else 1,
                                                                    None if d is None or d != d else int(d))))
                      for v, i, d in zip(frame["exact"].tolist(), frame["indicator"].tolist(), frame["decimals"].tolist())]
    frame["group"] = frame["group"].map(content.group_name)
    for column in ("numerator", "denominator"):
        frame[column] = whole_numbers(frame[column])
    frame = frame[list(COLUMNS)].fillna({"covers": "", "left_out": "", "source": "", "note": "", "measure": ""})
    return frame.rename(columns=COLUMNS).sort_values(["Enhet", "Indikator", "Stadium", "Grupp"], kind="stable")



OFFICIAL = ("kommunen (officiell)", "Kommunen, officiell siffra")
"""Enhet and Enhetens namn of the municipality's official figures (beside the computed "kommunen")."""


def official_rows(results: Results, year: str) -> pd.DataFrame:
    """The year's official figures (``official``), with their source in Källa and their scope in Omfattar;
    a suppressed one stays a row (``suppressed``), which ``results_frame`` empties."""
    table = results.official_table
    rows = table[(table["school_year"] == year) & (table["suppressed"] | table["exact"].notna())].copy()
    rows["unit"], rows["unit_name"] = OFFICIAL
    rows["stage"] = [STAGES.get(s, s) for s in rows["stage"].tolist()]
    rows["covers"] = [SCOPES.get(s, s) for s in rows["scope"].tolist()]
    rows["left_out"] = ""
    return rows.drop(columns=["scope", "status"])


def reference_rows(results: Results, content: Content, year: str) -> pd.DataFrame:
    """The year's reference figures (``analysis.references``): Enhet is the series' id with "(jämförelse)", a
    name no unit id can have; its name in Enhetens namn, its source in Källa. A suppressed one stays a row."""
    table = results.reference_table
    rows = table[(table["school_year"] == year) & (table["suppressed"] | table["exact"].notna())].copy()
    rows["unit"] = [f"{s} (jämförelse)" for s in rows["series"].tolist()]
    rows["unit_name"] = [content.references[s].name if s in content.references else s for s in rows["series"].tolist()]
    rows["stage"] = [STAGES.get(s, s) for s in rows["stage"].tolist()]
    rows["covers"], rows["left_out"] = "", ""
    return rows.drop(columns=["series", "status"])


def whole_numbers(counts: pd.Series) -> pd.Series:
    """Counts as exact whole numbers of any size (Python ints: Int64 stops at 2**63); a missing count stays NaN."""
    whole = [int(count) if count.is_integer() else count for count in counts.astype(float)]
    return pd.Series(whole, index=counts.index, dtype=object)


def cell(value: object) -> Cell:
    """What a download holds for ``value``: text without control or bidi characters, a finite number, or
    None for an empty cell."""
    if isinstance(value, str):
        return UNPRINTABLE.sub("", value)
    if isinstance(value, numbers.Integral):
        return int(value)
    if isinstance(value, (numbers.Real, Decimal)):  # float, Fraction (exact aggregates), Decimal
        return float(value) if math.isfinite(value) else None
    return None if pd.isna(value) else cell(str(value))


def cells(frame: pd.DataFrame) -> Iterator[list[Cell]]:
    """The header, then each row, as plain cells."""
    yield [cell(name) for name in frame.columns]
    for row in frame.itertuples(index=False, name=None):
        yield [cell(value) for value in row]


def csv_field(value: Cell) -> str:
    """Text quoted (and defused if a spreadsheet would read it as a formula); numbers with a decimal comma."""
    if value is None:
        return ""
    if isinstance(value, str):
        text = "'" + value if value.startswith(FORMULA_START) else value
        return '"' + text.replace('"', '""') + '"'
    return str(value) if isinstance(value, int) else repr(value).replace(".", ",")


def to_csv(frame: pd.DataFrame) -> bytes:
    """Semicolon-separated with decimal comma and a BOM, so Swedish Excel opens it as it is."""
    return "".join(";".join(map(csv_field, row)) + "\r\n" for row in cells(frame)).encode("utf-8-sig")


def to_xlsx(frame: pd.DataFrame, sheet: str) -> bytes:
    """An Excel workbook written cell by cell (pandas' Excel writer is several times slower); text is always a
    string, never a formula, link or number."""
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"constant_memory": True, **TEXT_IS_TEXT})  # rows in order: less to keep
    bold = workbook.add_format({"bold": True})
    wrapped = workbook.add_format({"text_wrap": True, "valign": "top"})
    about = workbook.add_worksheet("Om filen")
    about.set_column(0, 0, 18)
    about.set_column(1, 1, 90)
    about.write_string(0, 0, "Kolumn", bold)
    about.write_string(0, 1, "Vad den innehåller", bold)
    explained = frame.attrs.get("explained", EXPLAINED)  # a download with columns of its own says so
    for number, name in enumerate(frame.columns, start=1):
        about.write_string(number, 0, name)
        about.write_string(number, 1, explained.get(name, ""), wrapped)
    worksheet = workbook.add_worksheet(sheet)
    for number, row in enumerate(cells(frame)):
        for column, value in enumerate(row):
            if isinstance(value, str):
                worksheet.write_string(number, column, value, bold if number == 0 else None)
            elif value is not None:
                worksheet.write_number(number, column, value)
    worksheet.freeze_panes(1, 0)
    workbook.close()
    return buffer.getvalue()


def frames(results: Results, content: Content, site: Site) -> dict[str, tuple[pd.DataFrame, str]]:
    """Every download of ``site`` (path → its rows and the name of its sheet): each school year's, and each
    unit's own rows over all its school years, cut from the same year frames."""
    years = sorted(set(site.downloads.values()) | (set(content.school_years) if site.unit_downloads else set()))
    by_year = {year: results_frame(results, content, year) for year in years}
    out = {path: (by_year[year], school_year_slug(year)) for path, year in site.downloads.items()}
    out.update({path: (staff_frame(content, year), school_year_slug(year)) for path, year in site.staff_downloads.items()})
    if site.unit_downloads:
        every = pd.concat(by_year.values(), ignore_index=True)
        own = dict(tuple(every.groupby("Enhet", sort=False)))
        empty = every.iloc[:0]
        out.update({path: (own.get(unit, empty), "resultat") for path, unit in site.unit_downloads.items()})
    return out


def write(frames: dict[str, tuple[pd.DataFrame, str]], folder: Path) -> None:
    """Write each download (path → frame and the name of its sheet) under ``folder``."""
    for path, (frame, sheet) in frames.items():
        target = folder / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(to_csv(frame) if path.endswith(".csv") else to_xlsx(frame, sheet))
