"""The importers against hostile and broken files: every kind of malformed input gives a Swedish message and
leaves every file as it was; what the file says reaches the terminal escaped; ids go into Kolada's addresses
as one quoted path segment; a link, a folder or a named pipe is never read through or waited on."""

from __future__ import annotations

import copy
import io
import json
import os
import re
import shutil
import subprocess
import sys
import urllib.request
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_imports import CSV, FIXTURES, REPO, YEAR, Recorded, page, run, tree, write

from ska.workflow.imports import apply, fetch, kolada, skolverket, xlsx
from ska.workflow.rollover import RolloverError

KOLADA = json.loads((FIXTURES / "kolada-ou-N15505.json").read_text("utf-8"))
XLSX = (FIXTURES / "skolverket-ak9.xlsx").read_bytes()
HAGA = "Hagaskolan;16852660;Åsby;2999;Kommunal;Åsby kommun;38;20;18;"
LINE = next(line for line in CSV.splitlines() if line.startswith(HAGA))


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of the example project."""
    root = tmp_path / "project"
    shutil.copytree(REPO / "content", root / "content")
    shutil.copytree(REPO / "schemas", root / "schemas")
    return root


def kolada_with(change) -> str:
    data = copy.deepcopy(KOLADA)
    change(data)
    return json.dumps(data)


def refused(project: Path, source: str, path: Path, *message: str) -> str:
    """Run the import (with --replace, so nothing is kept back by choice): refused in Swedish, nothing written."""
    before = tree(project)
    code, out, err = run(project, "import", source, str(path), "--replace")
    assert code == 1, out
    assert "Traceback" not in err and "Gör så här:" in err
    for part in message:
        assert part in err
    assert tree(project) == before
    return err


# -- Kolada: JSON of the wrong shape at any level --------------------------------------------


@pytest.mark.parametrize("name, data, message", [
    ("kon-som-lista.json", kolada_with(lambda d: d["values"][0]["values"][0].update(gender=["T"])),
     "N15505, V15E299900025, 2025: ett värde utan kön T, K eller M"),  # said as left out, never a TypeError
    ("djup.json", "[" * 100_000 + "]" * 100_000, "är inte giltig JSON"),
])
def test_kolada_json_of_any_shape_is_said_in_swedish(project, tmp_path, name, data, message):
    before = tree(project)
    code, out, err = run(project, "import", "kolada", str(write(tmp_path, name, data)), "--dry-run")
    assert "Traceback" not in err
    assert message in out + err
    assert tree(project) == before


def test_a_kolada_hint_says_what_to_do_once(project, tmp_path):
    err = refused(project, "kolada", write(tmp_path, "okant.json", kolada_with(
        lambda d: d["values"][0].update(kpi="N99999"))), "nyckeltalet N99999")
    assert "Gör så här: Gör så här:" not in err
    assert "Gör så här: Skriv nyckeltalets id som kolada_kpi:" in err


def test_the_same_figure_twice_with_different_numbers_is_refused(project, tmp_path):
    twice = kolada_with(lambda d: d["values"].append(
        {**d["values"][0], "values": [{**d["values"][0]["values"][0], "value": 200.0}]}))
    refused(project, "kolada", write(tmp_path, "dubbel.json", twice), "står två gånger i importfilen",
            "värde 234,3", "värde 200,0")
    gender = kolada_with(lambda d: d["values"][0]["values"].append({**d["values"][0]["values"][0], "value": 1.0}))
    refused(project, "kolada", write(tmp_path, "kon.json", gender), "N15505, V15E299900025, 2025: könet T står två "
            "gånger med olika värden")
    same = kolada_with(lambda d: d["values"].append(copy.deepcopy(d["values"][0])))
    code, out, err = run(project, "import", "kolada", str(write(tmp_path, "samma.json", same)), "--dry-run")
    assert code == 0, err  # the same figure twice says one thing


@pytest.mark.parametrize("value, said", [("234.3", "värdet ”234.3” är inget tal"), ("NaN", "värdet ”nan” är inget tal"),
                                         ("Infinity", "värdet ”inf” är inget tal"), ("1e400", "värdet ”inf” är inget tal")])
def test_a_kolada_value_that_is_no_number_is_left_out_and_said_as_such(project, tmp_path, value, said):
    """Was said as an unknown status (a number written as text) or taken as a number (NaN, Infinity)."""
    data = kolada_with(lambda d: d["values"][0]["values"][0].update(value="VALUE"))
    path = write(tmp_path, "text.json", data.replace('"VALUE"', value if value != "234.3" else '"234.3"'))
    code, out, err = run(project, "import", "kolada", str(path), "--replace")
    assert code == 0, err
    assert f"N15505, V15E299900025, 2025, T: {said}; skriv in siffran för hand" in out


def test_a_code_on_two_units_or_a_column_on_two_indicators_is_refused(project, tmp_path):
    """The figures went silently to the first unit, or to the last indicator, with that code or column."""
    unit = project / "content/units/centralskolan.yaml"
    unit.write_text(unit.read_text("utf-8").replace('"28162289"', '"16852660"'), "utf-8")
    refused(project, "skolverket", FIXTURES / "skolverket-ak9.csv", "school_unit_code: 16852660 står hos flera enheter "
            "(centralskolan, hagaskolan)")
    unit.write_text(unit.read_text("utf-8").replace('"16852660"', '"28162289"'), "utf-8")
    catalogue = project / "content/indicators.yaml"
    text = catalogue.read_text("utf-8")
    column = "    skolverket_column: Andel (%) med lägst betyget E i alla ämnen\n"
    assert column in text
    catalogue.write_text(text.replace(column, "    skolverket_column: Genomsnittligt meritvärde (17 ämnen)\n"), "utf-8")
    refused(project, "skolverket", FIXTURES / "skolverket-ak9.csv",
            "indikatorerna meritvarde-ak9, minst-e-alla-amnen-ak9 har samma skolverket_column")


def test_a_lone_surrogate_in_the_file_is_printed_escaped_not_a_crash(project, tmp_path):
    """JSON may write a lone surrogate (\\ud800), which no terminal encoding can print: it is shown escaped."""
    path = write(tmp_path, "surrogat.json", kolada_with(
        lambda d: d["values"][0]["values"][0].update(status="SURROGATE")).replace("SURROGATE", "\\ud800\\u001b[2J"))
    done = subprocess.run([sys.executable, "-m", "ska.cli", "import", "kolada", str(path), "--dry-run", "--path",
                           str(project)], capture_output=True, timeout=120,
                          env={**os.environ, "PYTHONIOENCODING": "utf-8",
                               "PYTHONPATH": os.pathsep.join([str(REPO / "plugins"), os.environ.get("PYTHONPATH", "")])})
    out = done.stdout.decode("utf-8")
    assert done.returncode == 0, done.stderr.decode("utf-8", "replace")
    assert "Kolada-statusen ”\\ud800\\x1b[2J”" in out and "\x1b" not in out


# -- Skolverket: CSV and Excel ----------------------------------------------------------------


@pytest.mark.parametrize("name, data, message", [
    ("halv-elev.csv", CSV.replace(HAGA, HAGA.replace(";38;", ";38,7;")), "”38,7” är inget antal elever"),
    ("negativ.csv", CSV.replace(HAGA, HAGA.replace(";38;", ";-38;")), "”-38” är inget antal elever"),
    ("citat.csv", CSV.replace("Hagaskolan;", '"Hagaskolan;', 1), 'ett citattecken (") öppnas men stängs inte'),
    ("avbruten.csv", CSV.split("Centralskolan")[0], "ingen rad med en skolenhetskod"),
    ("lang-cell.csv", CSV.replace("Hagaskolan;", "Haga" + "x" * 200_000 + ";"), "rad 8: en cell är orimligt lång"),
    ("utf16.csv", b"\xff\xfe" + "Skolenhetskod;Antal\n".encode("utf-16-le") + b"\x00\xd8", "UTF-16"),
    ("nollor.csv", CSV.replace(HAGA, HAGA.replace("16852660", "6852660")), "rad 8: skolenhetskoden 6852660 har 7 siffror"),
    ("dubbel.csv", CSV.replace(LINE, LINE + "\n" + LINE.replace(";236,0;", ";200,0;")),
     "står två gånger i importfilen"),
])
def test_broken_skolverket_csv_is_refused_in_swedish(project, tmp_path, name, data, message):
    refused(project, "skolverket", write(tmp_path, name, data), message)


def test_a_school_year_the_file_contradicts_is_refused(project, tmp_path):
    """--lasar 2023/24 on a file of 2024/25 wrote its figures into 2023/24's files."""
    path = write(tmp_path, "ak9.csv", CSV)
    before = tree(project)
    code, _, err = run(project, "import", "skolverket", str(path), "--lasar", "2023/24", "--replace")
    assert code == 1 and "ak9.csv säger läsåret 2024/25, men --lasar säger 2023/24" in err and tree(project) == before
    code, out, err = run(project, "import", "skolverket", str(path), "--lasar", "2024/25", "--dry-run")
    assert code == 0 and "Läsåret 2024/25." in out, err


def test_a_count_of_pupils_is_never_cut_to_a_whole_number(project, tmp_path):
    """38,7 pupils was read as a denominator of 38 and, as that agreed with the file, reported as the same."""
    path = write(tmp_path, "halv-elev.csv", CSV.replace(HAGA, HAGA.replace(";38;", ";38,7;")))
    code, out, err = run(project, "import", "skolverket", str(path), "--dry-run")
    assert code == 1 and "nämnare 38)" not in out


def xlsx_with(change) -> bytes:
    """The recorded Excel file with each part changed by ``change(name, data)``."""
    source, out = zipfile.ZipFile(io.BytesIO(XLSX)), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info.filename, change(info.filename, source.read(info.filename)))
    return out.getvalue()


def sheet(change):
    return xlsx_with(lambda name, data: change(data) if name.startswith("xl/worksheets/") else data)


def damaged() -> bytes:
    raw = bytearray(XLSX)
    info = zipfile.ZipFile(io.BytesIO(XLSX)).getinfo("xl/worksheets/sheet1.xml")
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    for i in range(start + 20, start + 60):
        raw[i] ^= 0x55
    return bytes(raw)


@pytest.mark.parametrize("name, data, message", [
    ("delad-text.xlsx", sheet(lambda d: d.replace(b't="s"><v>', b't="s"><v>x', 1)), "går inte att läsa som en Excel-fil"),
    ("skadad.xlsx", damaged(), "går inte att läsa som en Excel-fil"),
    ("kodning.xlsx", xlsx_with(lambda name, data: data.replace(b'encoding="UTF-8"', b'encoding="UT9"') if "shared" in name
                               else data), "går inte att läsa som en Excel-fil"),
    ("forskjuten.xlsx", XLSX[:6208] + b"\x00\x1f" + XLSX[6210:], "går inte att läsa som en Excel-fil"),  # found by fuzzing
    ("annan-zip.xlsx", (lambda b: (zipfile.ZipFile(b, "w").close(), b.getvalue())[1])(io.BytesIO()),
     "går inte att läsa som en Excel-fil"),
    ("tomt-blad.xlsx", sheet(lambda d: re.sub(rb"<sheetData>.*</sheetData>", b"<sheetData/>", d, flags=re.S)),
     "har ingen kolumn Skolenhetskod"),
    ("oraknad.xlsx", sheet(lambda d: d.replace(b'<c r="J7"><v>236</v>', b'<c r="J7"><f>SUM(J6:J6)</f>')),
     "cellen J7 har en formel men inget uträknat värde"),  # was read as an empty cell: the figure left out unsaid
    ("formel.xlsx", sheet(lambda d: d.replace(b'<c r="J7"><v>236</v>', b'<c r="J7" t="e"><f>1/0</f><v>#DIV/0!</v>')),
     "rad 7, kolumnen ”genomsnittligt meritvärde (17 ämnen)” (total): ”#DIV/0!” är varken ett tal"),
])
def test_broken_excel_files_are_refused_in_swedish(project, tmp_path, name, data, message):
    refused(project, "skolverket", write(tmp_path, name, data), message)


def test_excel_rows_are_numbered_as_excel_numbers_them_and_cells_without_a_reference_are_read(project, tmp_path):
    """Excel leaves an empty row out of the file: the rows after it keep their numbers (Hagaskolan is on row 7)."""
    rows = xlsx.rows(write(tmp_path, "a.xlsx", XLSX))
    assert rows[3] == [] and rows[6][:2] == ["Hagaskolan", "16852660"]
    without = xlsx.rows(write(tmp_path, "b.xlsx", sheet(lambda d: re.sub(rb' r="[A-Z]+\d+"', b"", d))))
    assert without[6][:2] == ["Hagaskolan", "16852660"] and without[6][9] == "236"


# -- the files themselves: links, folders, named pipes ----------------------------------------


@pytest.mark.parametrize("make", ["folder", "fifo"])
def test_an_import_file_that_is_a_folder_or_a_named_pipe_is_said_and_never_waited_on(project, tmp_path, make):
    path = tmp_path / "kolada.json"
    path.mkdir() if make == "folder" else os.mkfifo(path)
    code, _, err = run(project, "import", "kolada", str(path))
    assert code == 1 and "är ingen vanlig fil" in err


def test_a_year_file_that_is_a_link_is_not_read_through_or_replaced(project, tmp_path):
    target = project / YEAR / "units/hagaskolan.yaml"
    outside = tmp_path / "utanfor.yaml"
    outside.write_bytes(target.read_bytes())
    target.unlink()
    target.symlink_to(outside)
    before = outside.read_bytes()
    refused(project, "kolada", FIXTURES / "kolada-ou-N15505.json", "en länk", "units/hagaskolan.yaml")
    assert target.is_symlink() and outside.read_bytes() == before


@pytest.mark.parametrize("change, message", [
    (lambda text: (text + "id: [inte stängd\n").encode("utf-8"), "kan inte läsas"),
    (lambda text: text.encode("utf-16"), "kan inte läsas"),
    (lambda text: (text[:text.index("results:")] + "results: Resultaten skrivs in efter mötet.\n").encode("utf-8"),
     "results: är ingen lista"),
])
def test_a_year_file_that_cannot_be_read_or_merged_into_is_refused_and_kept(project, change, message):
    """A year file with a syntax error or the wrong encoding gave a traceback; one whose results: was text had
    the text replaced by the imported results, and the editor's words were lost."""
    path = project / YEAR / "units/hagaskolan.yaml"
    path.write_bytes(change(path.read_text("utf-8")))
    refused(project, "kolada", FIXTURES / "kolada-ou-N15505.json", "units/hagaskolan.yaml", message)


def test_the_temporary_file_of_an_import_is_never_written_through_a_link(project, tmp_path):
    elsewhere = tmp_path / "annan.txt"
    elsewhere.write_text("orörd", "utf-8")
    (project / YEAR / f"units/.sjovallsskolan.yaml.{os.getpid()}.import.tmp").symlink_to(elsewhere)
    code, _, err = run(project, "import", "kolada", str(FIXTURES / "kolada-ou-N15505.json"), "--replace")
    assert code == 0, err
    assert elsewhere.read_text("utf-8") == "orörd" and "value: 223.0}" in (project / YEAR / "units/sjovallsskolan.yaml").read_text("utf-8")


@pytest.mark.parametrize("written, said", [
    ('{value: "234,3"}', "står som värde ”234,3”, importfilen har värde 234,3"),
    ("{value: true}", "står som värde ”True”"),
    ('{numerator: "33", denominator: 38}', "står som täljare ”33” (nämnare 38)"),
    ('{numerator: 33, denominator: "x"}', "står som täljare 33 (nämnare ”x”)"),
    ("{status: [1]}", "står som [1]"),
])
def test_a_figure_written_wrong_in_a_year_file_is_said_and_can_be_replaced(project, written, said):
    """A figure of the wrong type in the year file (an editor's "234,3" in quotes) crashed the comparison."""
    path = project / YEAR / "units/hagaskolan.yaml"
    text = path.read_text("utf-8")
    assert "    total: {denominator: 38, value: 234.3}\n" in text
    path.write_text(text.replace("    total: {denominator: 38, value: 234.3}\n", f"    total: {written}\n", 1), "utf-8")
    code, out, err = run(project, "import", "kolada", str(FIXTURES / "kolada-ou-N15505.json"), "--dry-run")
    assert code == 0, err
    assert f"hagaskolan.yaml: meritvarde-ak9, VT 2025: totalt {said}" in out
    code, out, err = run(project, "import", "kolada", str(FIXTURES / "kolada-ou-N15505.json"), "--replace")
    assert code == 0, err
    assert "    total: {value: 234.3}\n" in path.read_text("utf-8")


def test_ctrl_c_between_two_files_puts_back_the_files_already_written(project, monkeypatch):
    before = tree(project)
    real, calls = os.replace, []

    def interrupted(src, dst):
        calls.append(dst)
        if len(calls) == 2:
            raise KeyboardInterrupt
        return real(src, dst)

    monkeypatch.setattr(os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        apply.run(project, skolverket.reader(FIXTURES / "skolverket-ak9.csv"), replace=True)
    assert len(calls) == 2 and tree(project) == before and not list(project.rglob("*.tmp"))


# -- ska hämta: what goes into an address -----------------------------------------------------


def test_ids_go_into_kolada_addresses_as_one_quoted_segment():
    url = fetch.data_url("../../v2/x?y#z", 2025, municipality="0000/../..")
    assert url == ("https://api.kolada.se/v3/data/kpi/%2E%2E%2F%2E%2E%2Fv2%2Fx%3Fy%23z/municipality/"
                   "0000%2F%2E%2E%2F%2E%2E/year/2025")
    assert fetch.data_url("N15505", 2025, ou="V15E/../x").endswith("/ou/V15E%2F%2E%2E%2Fx/year/2025")


@pytest.mark.parametrize("next_url", [5, ["https://api.kolada.se/v3/x"], "https://api.kolada.se:x/v3/x",
                                      "https://[api.kolada.se/v3/x"])
def test_a_next_url_that_is_no_address_is_refused_in_swedish(tmp_path, next_url):
    url = fetch.data_url("N15505", 2025, municipality="0000")
    out = tmp_path / "kolada.json"
    answer = json.dumps({"values": [], "next_url": next_url}).encode()
    with pytest.raises(RolloverError, match="går inte till Koladas API"):
        fetch.fetch(out, ["N15505"], [2025], ["0000"], [], opener=Recorded({url: answer}), sleep=lambda s: None)
    assert not out.exists()


def test_a_redirect_away_from_kolada_is_refused():
    handler = fetch._KoladaOnly()
    request = urllib.request.Request(fetch.data_url("N15505", 2025, municipality="0000"))
    with pytest.raises(RolloverError, match="som inte är Koladas API"):
        handler.redirect_request(request, None, 302, "Found", {}, "http://evil.example/v3/x")
    assert handler.redirect_request(request, None, 302, "Found", {}, "https://api.kolada.se/v3/y").full_url == \
        "https://api.kolada.se/v3/y"


@pytest.mark.parametrize("given, used", [("nan", fetch.PAUSE), ("inf", fetch.PAUSE), ("1e300", 3600.0), ("-1", 0.2),
                                         ("2.5", 2.5)])
def test_a_pause_sleep_cannot_take_is_not_passed_on(project, monkeypatch, given, used):
    """--paus nan or inf (argparse takes them) crashed time.sleep with a traceback after the first request."""
    asked = {}
    monkeypatch.setattr(fetch, "fetch", lambda *args, pause, **kwargs: asked.update(pause=pause) or "ok")
    code, _, err = run(project, "hämta", "kolada", "--kpi", "N15505", "--ar", "2025", "--kommun", "0000", "--ut",
                       "k.json", "--paus", given)
    assert code == 0, err
    assert asked["pause"] == used


def test_a_deeply_nested_answer_from_kolada_is_refused_in_swedish(tmp_path):
    url = fetch.data_url("N15505", 2025, municipality="0000")
    with pytest.raises(RolloverError, match="inte ett svar från Koladas API v3"):
        fetch.fetch(tmp_path / "k.json", ["N15505"], [2025], ["0000"], [],
                    opener=Recorded({url: b"[" * 100_000 + b"]" * 100_000}), sleep=lambda s: None)


def test_the_fetched_file_is_never_written_through_a_link_or_left_half_written(tmp_path, monkeypatch):
    url = fetch.data_url("N15505", 2025, municipality="0000")
    elsewhere = tmp_path / "annan.txt"
    elsewhere.write_text("orörd", "utf-8")
    (tmp_path / ".kolada.json.part").symlink_to(elsewhere)
    out = tmp_path / "kolada.json"
    fetch.fetch(out, ["N15505"], [2025], ["0000"], [], opener=Recorded({url: page([], None)}), sleep=lambda s: None)
    assert elsewhere.read_text("utf-8") == "orörd" and json.loads(out.read_text("utf-8"))["count"] == 0
    assert not out.is_symlink() and not (tmp_path / ".kolada.json.part").exists()

    def full(*args, **kwargs):
        raise OSError(28, "No space left on device")
    monkeypatch.setattr(os, "link", full)
    monkeypatch.setattr(Path, "replace", full)
    with pytest.raises(OSError):
        fetch.fetch(tmp_path / "ny.json", ["N15505"], [2025], ["0000"], [], opener=Recorded({url: page([], None)}),
                    sleep=lambda s: None)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["annan.txt", "kolada.json"]


def test_a_file_made_at_the_fetched_files_name_during_the_fetch_is_not_overwritten(tmp_path):
    url, out = fetch.data_url("N15505", 2025, municipality="0000"), tmp_path / "kolada.json"

    class Slow(Recorded):  # the editor saves another file under the same name while the fetch runs
        def open(self, request, timeout=None):
            out.write_text("redaktörens fil", "utf-8")
            return super().open(request, timeout)

    with pytest.raises(RolloverError, match="skapades medan hämtningen pågick"):
        fetch.fetch(out, ["N15505"], [2025], ["0000"], [], opener=Slow({url: page([], None)}), sleep=lambda s: None)
    assert out.read_text("utf-8") == "redaktörens fil" and sorted(p.name for p in tmp_path.iterdir()) == ["kolada.json"]


# -- fuzz: the readers raise nothing but a Swedish RolloverError -------------------------------

CATALOGUE = apply.Catalogue(
    {"haga": {"id": "haga", "kolada_ou": "V15E299900025", "school_unit_code": "16852660"}},
    {"meritvarde-ak9": {"id": "meritvarde-ak9", "kolada_kpi": "N15505",
                        "skolverket_column": "Genomsnittligt meritvärde (17 ämnen)"}},
    [{"id": "riket", "kolada_municipality": "0000"}])

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=6)
    | st.sampled_from(["T", "K", "M", "N15505", "V15E299900025", "0000", "..", "", "2999"]) | st.just(2025),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(
        st.sampled_from(["values", "kpi", "ou", "municipality", "period", "gender", "status", "value", "isdeleted",
                         "next_url", "count"]), inner, max_size=6),
    max_leaves=25)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=json_values)
def test_fuzz_kolada_reader_raises_only_swedish_errors(tmp_path, data):
    path = tmp_path / "k.json"
    path.write_text(json.dumps(data), "utf-8")
    try:
        kolada.reader(path, "2999", "own")(CATALOGUE)
    except RolloverError as exc:
        assert exc.message and exc.hint


CELLS = ["Skolenhetskod", "16852660", "Genomsnittligt meritvärde (17 ämnen)", "Antal elever", "Totalt", "Flickor",
         "läsåret 2024/25", "..", ".", "~100", "-", "1,5", "38", "-3", "1e400", '"', "\x1b[31m", "\ud800", "", " "]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(st.lists(st.sampled_from(CELLS) | st.text(max_size=5), max_size=8), max_size=8),
       delimiter=st.sampled_from([";", ",", "\t"]), encoding=st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "utf-16"]))
def test_fuzz_skolverket_csv_reader_raises_only_swedish_errors(tmp_path, rows, delimiter, encoding):
    text = "\n".join(delimiter.join(row) for row in rows)
    path = tmp_path / "s.csv"
    path.write_bytes(text.encode(encoding, errors="replace") if encoding != "utf-8" else
                     text.encode("utf-8", errors="surrogatepass"))
    try:
        skolverket.reader(path)(CATALOGUE)
    except RolloverError as exc:
        assert exc.message and exc.hint


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(where=st.integers(0, len(XLSX) - 1), junk=st.binary(min_size=1, max_size=40))
def test_fuzz_excel_reader_raises_only_swedish_errors(tmp_path, where, junk):
    path = tmp_path / "s.xlsx"
    path.write_bytes(XLSX[:where] + junk + XLSX[where + len(junk):])
    try:
        skolverket.reader(path)(CATALOGUE)
    except RolloverError as exc:
        assert exc.message and exc.hint
