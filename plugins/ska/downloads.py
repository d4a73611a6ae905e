"""Per-year downloads of all results: CSV (UTF-8, Swedish Excel conventions) and XLSX."""

from __future__ import annotations

import io
import multiprocessing
from pathlib import Path
from typing import Callable

import pandas as pd
import xlsxwriter

from .analyse import Results
from .formatting import school_year_slug
from .labels import GROUP_NAMES
from .model import Content

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
    """An Excel workbook written row by row (pandas' Excel writer is several times slower)."""
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True})
    worksheet = workbook.add_worksheet(sheet)
    worksheet.write_row(0, 0, list(frame.columns), workbook.add_format({"bold": True}))
    rows = frame.astype(object).where(frame.notna(), None).itertuples(index=False, name=None)
    for number, row in enumerate(rows, 1):
        worksheet.write_row(number, 0, row)
    worksheet.freeze_panes(1, 0)
    workbook.close()
    return buffer.getvalue()


def write(frames: dict[str, tuple[pd.DataFrame, str]], folder: Path) -> None:
    """Write each download (path → frame and school year) under ``folder``."""
    for path, (frame, year) in frames.items():
        target = folder / path
        target.parent.mkdir(parents=True, exist_ok=True)
        data = to_csv(frame) if path.endswith(".csv") else to_xlsx(frame, school_year_slug(year))
        target.write_bytes(data)


def write_in_background(frames: dict[str, tuple[pd.DataFrame, str]], folder: Path) -> Callable[[], None]:
    """Start writing the downloads on the other core; the returned function waits until they are done.

    Writing workbooks is slow pure Python, and a site build otherwise uses one core."""
    if "fork" not in multiprocessing.get_all_start_methods():
        write(frames, folder)
        return lambda: None
    worker = multiprocessing.get_context("fork").Process(target=write, args=(frames, folder), daemon=True)
    worker.start()

    def wait() -> None:
        worker.join()
        if worker.exitcode != 0:
            write(frames, folder)  # the worker failed: do it here, so an error surfaces with its cause

    return wait
