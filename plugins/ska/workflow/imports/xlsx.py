"""Read the first sheet of an Excel file (.xlsx) as rows of text, with the standard library only: an .xlsx is a zip
of XML files, and a statistics export needs nothing but its cells' values."""

from __future__ import annotations

import re
import zipfile
import zlib
from pathlib import Path
from xml.etree import ElementTree

from ..rollover import RolloverError

NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
MAX_UNPACKED = 100_000_000
MAX_ROWS = 1_048_576  # Excel's last row
COLUMN = re.compile(r"^([A-Z]{1,3})", re.ASCII)


def _column(ref: str) -> int:
    letters = COLUMN.match(ref or "")
    index = 0
    for char in letters.group(1) if letters else "":
        index = index * 26 + ord(char) - 64
    return index - 1


def _first_sheet(archive: zipfile.ZipFile) -> str:
    """The path of the workbook's first sheet inside the zip."""
    names = set(archive.namelist())
    try:
        book = ElementTree.fromstring(archive.read("xl/workbook.xml"))
        rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
        first = book.find("m:sheets/m:sheet", NS).get(REL)
        target = next(r.get("Target") for r in rels if r.get("Id") == first)
        path = target.lstrip("/") if target.startswith("/") else "xl/" + target
        if path in names:
            return path
    except (KeyError, AttributeError, StopIteration, ElementTree.ParseError):
        pass
    sheets = sorted(n for n in names if n.startswith("xl/worksheets/sheet") and n.endswith(".xml"))
    if not sheets:
        raise KeyError("sheet")
    return sheets[0]


def _text(node) -> str:
    return "".join(t.text or "" for t in node.iter(f"{{{NS['m']}}}t"))


def _number(text: str) -> str:
    """A number cell as Skolverket would print it, without float noise: 234.3, 38."""
    number = float(text)
    return str(int(number)) if number.is_integer() else repr(number)


def rows(path: Path) -> list[list[str]]:
    """The first sheet's rows, each a list of cell texts (empty cells as "")."""
    with path.open("rb") as file:  # a file that cannot be opened at all is said as such by the CLI
        try:
            with zipfile.ZipFile(file) as archive:
                if sum(info.file_size for info in archive.infolist()) > MAX_UNPACKED:
                    raise RolloverError(f"{path.name} är för stor för att vara en statistikfil från Skolverket.",
                                        "Ladda ner statistiken för er kommun och ett läsår i taget.")
                shared = []
                if "xl/sharedStrings.xml" in archive.namelist():
                    shared = [_text(si) for si in ElementTree.fromstring(archive.read("xl/sharedStrings.xml"))]
                sheet = ElementTree.fromstring(archive.read(_first_sheet(archive)))
            return _rows(sheet, shared, path.name)
        except (zipfile.BadZipFile, LookupError, ElementTree.ParseError, ValueError, RuntimeError, EOFError, zlib.error,
                OSError):
            # RuntimeError: an encrypted part or an unknown compression; zlib.error, EOFError: a damaged part;
            # OSError: an offset inside the zip that points before its start; LookupError: a part missing (KeyError) or
            # an XML part in an unknown encoding
            raise RolloverError(f"{path.name} går inte att läsa som en Excel-fil (.xlsx).",
                                "Öppna filen i Excel och spara den som Excel-arbetsbok (.xlsx) eller som CSV "
                                "(semikolonavgränsad), och kör importen igen.") from None


def _rows(sheet, shared: list[str], name: str) -> list[list[str]]:
    """The sheet's rows at their row numbers (Excel leaves empty rows out; the messages say Excel's row), each
    cell at its column (a cell without a reference follows the one before it). ValueError if a cell is broken."""
    out: list[list[str]] = []
    for row in sheet.iterfind("m:sheetData/m:row", NS):
        number = row.get("r", "")
        if number.isdigit() and len(out) + 1 < int(number) <= MAX_ROWS:
            out += [[] for _ in range(int(number) - 1 - len(out))]
        cells: dict[int, str] = {}
        column = -1
        for cell in row.iterfind("m:c", NS):
            kind, value = cell.get("t", "n"), cell.find("m:v", NS)
            column = _column(cell.get("r")) if cell.get("r") else column + 1
            if kind == "inlineStr":
                text = _text(cell)
            elif (value is None or value.text is None) and cell.find("m:f", NS) is not None:
                raise RolloverError(f"{name}: cellen {cell.get('r') or ''} har en formel men inget uträknat värde, så "
                                    "siffran går inte att läsa. Inget har importerats.",
                                    "Öppna filen i Excel och spara den (då räknas formlerna ut), eller ladda ner "
                                    "filen från Skolverket igen.")
            elif value is None or value.text is None:
                continue
            elif kind == "s":
                index = int(value.text)
                text = shared[index] if 0 <= index < len(shared) else ""
            elif kind == "n":
                try:
                    text = _number(value.text)
                except ValueError:
                    text = value.text
            else:
                text = value.text
            cells[column] = text
        if cells:
            width = max(cells) + 1
            out.append([cells.get(i, "") for i in range(width)])
        else:
            out.append([])
    return out
