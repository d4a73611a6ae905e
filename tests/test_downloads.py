"""The downloads hold data, never code: no text becomes a formula or a link, and any count is written."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from decimal import Decimal
from fractions import Fraction
from xml.etree import ElementTree

import numpy as np
import pandas as pd
import pytest

from ska import model, pipeline

from ska.site import downloads
from ska.analysis.results import Results
from ska.model import Content, Indicator, Result, Scale, Unit, UnitYear

from conftest import REPO

HOSTILE = [
    '=HYPERLINK("https://evil.invalid","Klicka här")',
    "+1+1", "-1+1", "@SUM(A1:A2)", "\t=1+1", "\r=1+1", "=1+1;=2+2", 'a"b', "https://evil.invalid",
    "1e5", "\x00\x1b]0;titel\x07\x1b[2Jnamn\x9b\u202egnp.exe", "=cmd|' /C calc'!A0",
]
NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
SPREADSHEET_FORMULA = re.compile(r"^[=+\-@\t\r]")


def hostile_frame() -> pd.DataFrame:
    """Every text column holds the hostile strings, next to ordinary counts and values."""
    rows = len(HOSTILE)
    frame = pd.DataFrame({name: [HOSTILE[(n + shift) % rows] for n in range(rows)]
                          for shift, name in enumerate(downloads.COLUMNS.values())})
    frame["Täljare"] = pd.array([n if n % 3 else None for n in range(rows)], dtype="Int64")
    frame["Nämnare"] = pd.array(list(range(10, 10 + rows)), dtype="Int64")
    frame["Värde"] = [-1.5 if n == 0 else float("nan") if n == 1 else n / 4 for n in range(rows)]
    return frame


def cleaned(text: str) -> str:
    return downloads.UNPRINTABLE.sub("", text)


def sheet_cells(data: bytes, number: int = 2) -> list[dict[str, tuple[str | None, str]]]:
    """Each row of the workbook's sheet ``number`` (1: what the columns mean, 2: the figures) as column
    letter → (cell type, text), a text cell's type "s" whether it is a shared or an inline string; the
    sheet has no formula or link."""
    with zipfile.ZipFile(io.BytesIO(data)) as book:
        names = book.namelist()
        sheet = ElementTree.fromstring(book.read(f"xl/worksheets/sheet{number}.xml"))
        strings = ElementTree.fromstring(book.read("xl/sharedStrings.xml")) if "xl/sharedStrings.xml" in names else None
        links = [book.read(name) for name in names if name.endswith(".rels") and b"hyperlink" in book.read(name)]
    assert not links and not [name for name in names if "externalLink" in name or "calcChain" in name]
    assert sheet.find(".//m:f", NS) is None, "no cell holds a formula"
    assert sheet.find(".//m:hyperlinks", NS) is None, "no cell is a link"
    shared = [] if strings is None else \
        ["".join(t.text or "" for t in si.iterfind(".//m:t", NS)) for si in strings.iterfind("m:si", NS)]

    def value(c: ElementTree.Element) -> tuple[str | None, str]:
        if c.get("t") == "inlineStr":
            return "s", "".join(t.text or "" for t in c.iterfind(".//m:t", NS))
        text = c.findtext("m:v", namespaces=NS)
        return c.get("t"), shared[int(text)] if c.get("t") == "s" else text

    return [{c.get("r").rstrip("0123456789"): value(c) for c in row.iterfind("m:c", NS)}
            for row in sheet.iterfind(".//m:row", NS)]


def test_xlsx_stores_hostile_text_as_plain_strings():
    frame = hostile_frame()
    rows = sheet_cells(downloads.to_xlsx(frame, "2024-25"))
    letter = {name: "ABCDEFGHIJKLMNOPQRSTUVWXYZ"[i] for i, name in enumerate(frame.columns)}
    numbers = {letter[name] for name in ("Täljare", "Nämnare", "Värde")}
    assert [rows[0][letter[name]] for name in frame.columns] == [("s", name) for name in frame.columns]
    texts = [(letter[name], name) for name in frame.columns if letter[name] not in numbers]
    for number, row in enumerate(rows[1:]):
        for column, name in texts:
            assert row[column] == ("s", cleaned(frame[name].iloc[number])), name
        assert all(kind is None for column, (kind, _) in row.items() if column in numbers), "numbers are numbers"
    assert rows[1][letter["Värde"]] == (None, "-1.5"), "a negative number is a number"
    assert letter["Täljare"] not in rows[1] and letter["Värde"] not in rows[2], "a missing value is an empty cell"


def test_csv_text_cannot_start_a_formula():
    frame = hostile_frame()
    text = downloads.to_csv(frame).decode("utf-8-sig")
    assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]", text)
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))
    assert rows[0] == list(frame.columns)
    assert len(rows) == len(frame) + 1 and all(len(row) == len(frame.columns) for row in rows)
    for row in rows[1:]:
        for value in row:
            assert not SPREADSHEET_FORMULA.match(value) or re.fullmatch(r"-\d+(,\d+)?", value), value
    first = dict(zip(frame.columns, rows[1]))
    assert first["Läsår"] == "'" + HOSTILE[0] and first["Värde"] == "-1,5"
    assert dict(zip(frame.columns, rows[2]))["Värde"] == "", "a missing value is an empty field"
    assert "\"'=HYPERLINK(\"\"https://evil.invalid\"\",\"\"Klicka här\"\")\"" in text, "text is quoted"
    assert ";10;" in text.splitlines()[1] + ";", "numbers are not quoted"


def test_csv_keeps_ordinary_text_and_numbers():
    frame = pd.DataFrame({"Enhet": ["Åbyskolan", "F-3"], "Täljare": pd.array([12, None], dtype="Int64"),
                          "Värde": [83.33, 5.0]})
    assert downloads.to_csv(frame) == '\ufeff"Enhet";"Täljare";"Värde"\r\n"Åbyskolan";12;83,33\r\n"F-3";;5,0\r\n'.encode()


def real(count: int):
    """Real results for a unit named like a formula whose total is ``count`` of 2 × ``count`` pupils
    (girls given by value only), and the municipality's figure over it."""
    indicator = Indicator("trivsel", "Trivsel", "percent", Scale(0, 100), "higher", "Definition.", "Källa", "ratio")
    unit = Unit("=enhet", "@namn", ("grundskola",), "Norr", "2000-08-01")
    result = Result("trivsel", "", "VT 2025", total=model.Figure(count, 2 * count),
                    girls=model.Figure(None, count, 50.0), boys=model.Figure(count // 2, count))
    content = Content({"trivsel": indicator}, {unit.id: unit}, {}, {},
                      {(unit.id, "2024/25"): UnitYear(unit.id, "2024/25", results=(result,))})
    return Results(content), content


@pytest.mark.parametrize("count", [12, 999_999_999])
def test_counts_up_to_the_schemas_bound_are_written_exactly(count):
    frame = downloads.results_frame(*real(count), "2024/25")
    rows = list(csv.reader(io.StringIO(downloads.to_csv(frame).decode("utf-8-sig")), delimiter=";"))
    header = rows[0]
    got = [dict(zip(header, row)) for row in rows[1:]]
    by_group = {(r["Enhet"], r["Grupp"]): (r["Täljare"], r["Nämnare"], r["Värde"]) for r in got}
    whole, double = str(count), str(2 * count)
    assert by_group[("'=enhet", "Totalt")] == (whole, double, "50,0")
    assert by_group[("'=enhet", "Flickor")] == ("", whole, "50,0")
    assert by_group[("kommunen", "Totalt")] == (whole, double, "50,0")
    assert {r["Enhetens namn"] for r in got} == {"'@namn", "Kommunen"}
    sheet_cells(downloads.to_xlsx(frame, "2024-25"))


@pytest.mark.parametrize("count", [10**19, 10**300, 2**64])
def test_counts_beyond_the_bound_never_crash_a_download(count):
    """Validation refuses such counts; should one reach the downloads anyway, they are still written."""
    frame = downloads.results_frame(*real(count), "2024/25")
    assert downloads.to_csv(frame) and sheet_cells(downloads.to_xlsx(frame, "2024-25"))


def test_write_puts_each_download_in_place(tmp_path):
    frame = hostile_frame()
    downloads.write({"ar/2024-25/resultat.csv": (frame, "2024-25"), "ar/2024-25/resultat.xlsx": (frame, "2024-25")},
                    tmp_path)
    assert (tmp_path / "ar/2024-25/resultat.csv").read_bytes() == downloads.to_csv(frame)
    sheet_cells((tmp_path / "ar/2024-25/resultat.xlsx").read_bytes())


@pytest.mark.parametrize("value, shown", [
    (Fraction(1, 3), "0,3333333333333333"), (Decimal("2.50"), "2,5"), (float("inf"), ""), (pd.NA, ""), (None, ""),
    (np.int64(-7), "-7"), (np.float64(83.33), "83,33"), (10**30, "1" + "0" * 30),
])
def test_every_kind_of_number_becomes_a_number_or_an_empty_cell(value, shown):
    frame = pd.DataFrame({"Värde": pd.Series([value], dtype=object)})
    assert downloads.to_csv(frame).decode("utf-8-sig").splitlines() == ['"Värde"', shown]


def test_the_workbook_says_first_what_each_column_holds():
    frame = hostile_frame()
    about = sheet_cells(downloads.to_xlsx(frame, "2024-25"), number=1)
    assert about[0]["A"] == ("s", "Kolumn")
    explained = {row["A"][1]: row.get("B", (None, ""))[1] for row in about[1:]}
    assert list(explained) == list(frame.columns)
    for name in downloads.COLUMNS.values():
        assert downloads.EXPLAINED[name], f"{name} is not explained"


@pytest.fixture(scope="module")
def example_results():
    built = pipeline.build(REPO)
    return built.results, built.content


def test_a_hidden_figure_is_a_row_marked_with_nothing_of_its_value(example_results):
    results, content = example_results
    frame = downloads.results_frame(results, content, "2024/25")
    hidden = frame[frame["Status"] == ".."]
    assert len(hidden), "the example has hidden figures"
    assert hidden[["Värde", "Täljare", "Nämnare"]].isna().all().all()
    shown = frame[frame["Status"] == ""]
    assert shown["Värde"].notna().all()
    assert set(frame["Måttenhet"]) <= {"procent", "poäng", "index", "skattning", "antal"}
    # every suppressed unit figure of the year is there, none dropped
    table = results.table
    suppressed = table[(table["school_year"] == "2024/25") & table["suppressed"]]
    units = ~hidden["Enhet"].str.startswith("kommunen") & ~hidden["Enhet"].str.endswith(" (verksamhetsdel)")
    assert len(hidden[units]) == len(suppressed)


def test_staff_and_part_rows_hold_hostile_names_as_text(example_results):
    """The staff download's measures and sources and the parts' names in the results download are the
    repository's text: defused in the CSV, strings in the workbook, with the staff download's own columns
    explained."""
    import dataclasses
    from ska.site import extra_downloads
    results, content = example_results
    plan = content.municipality_years["2024/25"]
    staff = tuple(dataclasses.replace(f, measure=HOSTILE[i % len(HOSTILE)], source=HOSTILE[(i + 1) % len(HOSTILE)])
                  for i, f in enumerate(plan.staff))
    parts = {p: dataclasses.replace(part, name=HOSTILE[i]) for i, (p, part) in enumerate(content.parts.items())}
    hostile = dataclasses.replace(content, parts=parts, municipality_years={
        **content.municipality_years, "2024/25": dataclasses.replace(plan, staff=staff)})
    frames = {"staff": extra_downloads.staff_frame(hostile, "2024/25"),
              "results": downloads.results_frame(results, hostile, "2024/25")}
    assert set(frames["staff"]["Mått"]) == {f.measure for f in staff}
    named = frames["results"][frames["results"]["Enhet"].str.endswith(extra_downloads.PART)]
    assert set(named["Enhetens namn"]) == {parts[p].name for p in ("forskolan", "grundskolan", "gymnasiet")}
    for name, frame in frames.items():
        rows = list(csv.reader(io.StringIO(downloads.to_csv(frame).decode("utf-8-sig"), newline=""), delimiter=";"))
        for row in rows[1:]:
            for value in row:
                assert not SPREADSHEET_FORMULA.match(value) or re.fullmatch(r"-\d+(,\d+)?", value), (name, value)
        texts = {v for row in rows[1:] for v in row}
        assert "'" + '=HYPERLINK("https://evil.invalid","Klicka här")' in texts, name
        book = downloads.to_xlsx(frame, "2024-25")
        cells = sheet_cells(book)
        strings = {text for row in cells[1:] for kind, text in row.values() if kind == "s"}
        assert '=HYPERLINK("https://evil.invalid","Klicka här")' in strings, name
    about = sheet_cells(downloads.to_xlsx(frames["staff"], "2024-25"), number=1)
    explained = {row["A"][1]: row.get("B", (None, ""))[1] for row in about[1:]}
    assert list(explained) == list(extra_downloads.STAFF_EXPLAINED) and all(explained.values())
    assert "inte elever" in explained["Värde"]
