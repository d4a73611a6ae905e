"""Per-year downloads of all results: CSV (UTF-8, Swedish Excel conventions) and XLSX."""

from __future__ import annotations

import io

import pandas as pd

from .analyse import Results
from .model import Content

GROUP_NAMES = {"total": "Totalt", "girls": "Flickor", "boys": "Pojkar"}
COLUMNS = {
    "school_year": "Läsår", "unit": "Enhet", "unit_name": "Enhetens namn", "indicator": "Indikator",
    "indicator_name": "Indikatorns namn", "stage": "Stadium", "window": "Mättillfälle", "group": "Grupp",
    "numerator": "Täljare", "denominator": "Nämnare", "value": "Värde",
}


def results_frame(results: Results, content: Content, year: str) -> pd.DataFrame:
    """The year's published unit figures and the municipality's; suppressed figures are left out."""
    units = results.table[(results.table["school_year"] == year) & ~results.table["suppressed"]].copy()
    units["unit_name"] = units["unit"].map({u.id: u.name for u in content.units.values()})
    town = results.municipal[(results.municipal["school_year"] == year) & ~results.municipal["suppressed"]].copy()
    town["unit"], town["unit_name"], town["window"] = "kommunen", "Kommunen", ""
    frame = pd.concat([units, town], ignore_index=True)
    frame = frame[frame["value"].notna()]
    frame["indicator_name"] = frame["indicator"].map({i.id: i.name for i in content.indicators.values()})
    frame["group"] = frame["group"].map(GROUP_NAMES)
    frame["value"] = frame["value"].round(2)
    for column in ("numerator", "denominator"):
        frame[column] = frame[column].astype("Int64")
    return frame[list(COLUMNS)].rename(columns=COLUMNS).sort_values(["Enhet", "Indikator", "Stadium", "Grupp"])


def to_csv(frame: pd.DataFrame) -> bytes:
    """Semicolon-separated with decimal comma and a BOM, so Swedish Excel opens it as it is."""
    return frame.to_csv(index=False, sep=";", decimal=",").encode("utf-8-sig")


def to_xlsx(frame: pd.DataFrame, sheet: str) -> bytes:
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        frame.to_excel(writer, index=False, sheet_name=sheet)
    return buffer.getvalue()
