"""`ska import kolada|skolverket` and `ska hämta kolada`: recorded files in, the example's year files changed round-trip,
every file or none, and clear Swedish errors for the files an editor may save by mistake."""

from __future__ import annotations

import ast
import io
import json
import re
import os
import shutil
import urllib.error
from pathlib import Path

import pytest
import yaml

from ska.cli import main
from ska.content.validate import validate
from ska.workflow.imports import apply, fetch, kolada, skolverket
from ska.workflow.rollover import RolloverError

REPO = Path(__file__).resolve().parent.parent
FIXTURES = REPO / "tests" / "fixtures" / "imports"
YEAR = "content/years/2024-25"
COMMENT = "    # Redaktören: siffran rättad efter samtal med rektor.\n"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of the example project, with an editor's comment in Hagaskolan's 2024/25 file."""
    root = tmp_path / "project"
    shutil.copytree(REPO / "content", root / "content")
    shutil.copytree(REPO / "schemas", root / "schemas")
    path = root / YEAR / "units/hagaskolan.yaml"
    text = path.read_text("utf-8")
    path.write_text(text.replace("  - indicator: behorighet-yrkes-ak9\n", COMMENT + "  - indicator: behorighet-yrkes-ak9\n", 1),
                    "utf-8")
    return root


def without_references(project: Path) -> Path:
    """The project without the year files' reference figures (the catalogue of series stays), so an import of
    riket and the comparison group writes them anew."""
    catalogue = (project / "content/indicators.yaml").read_text("utf-8")
    assert 'kolada_municipality: "0000"' in catalogue and "kolada_municipality: G33910" in catalogue
    for path in (project / "content/years").glob("*/municipality.yaml"):
        path.write_text(re.sub(r"^references:\n(?:[ #].*\n|\n)*", "", path.read_text("utf-8"), flags=re.M), "utf-8")
    return project


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted((root / "content").rglob("*")) if p.is_file()}


def results(project: Path, unit: str) -> dict:
    data = yaml.safe_load((project / YEAR / f"units/{unit}.yaml").read_text("utf-8"))
    return {r["indicator"]: r for r in data["results"] if "stage" not in r}


def run(project: Path, *args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    import contextlib
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main([*args, "--path", str(project)])
    return code, out.getvalue(), err.getvalue()


# -- Skolverket ---------------------------------------------------------------------------


def test_skolverket_csv_brings_every_marker_in_as_a_status_and_keeps_what_differs(project):
    before = tree(project)
    code, out, err = run(project, "import", "skolverket", str(FIXTURES / "skolverket-ak9.csv"))
    assert code == 0, err
    larkan = results(project, "larkans-skola")
    assert larkan["meritvarde-ak9"]["total"] == {"status": "too_few"}  # ..
    assert larkan["behorighet-hogskola-ak9"]["girls"] == {"status": "missing"}  # .
    assert larkan["minst-e-alla-amnen-ak9"]["boys"] == {"status": "no_grade"}  # -
    assert larkan["meritvarde-ak9"]["window"] == "VT 2025" and larkan["meritvarde-ak9"]["source"] == "Skolverket"
    haga = results(project, "hagaskolan")
    assert haga["behorighet-yrkes-ak9"]["girls"] == {"status": "rounded"}  # ~100, as written already
    assert haga["meritvarde-ak9"]["total"] == {"denominator": 38, "value": 234.3}  # 236,0 in the file: not replaced
    assert "Lade till (4)" in out and "Hoppades över (2)" in out
    assert "totalt står som värde 234,3 (nämnare 38), importfilen har värde 236,0 (nämnare 38); kör med --replace" in out
    assert "huvudmannen är enskild, inte kommunen" in out
    assert "\x1b" not in out and "\\x1b[31m" in out  # a name from the file is printed escaped
    changed = {name for name, raw in tree(project).items() if before[name] != raw}
    assert changed == {f"{YEAR}/units/larkans-skola.yaml"}
    assert not validate(project, use_cache=False).errors


def test_replace_overwrites_a_differing_figure_and_keeps_comments_and_order(project):
    original = (project / YEAR / "units/hagaskolan.yaml").read_text("utf-8")
    code, out, _ = run(project, "import", "skolverket", str(FIXTURES / "skolverket-ak9.csv"), "--replace")
    assert code == 0
    text = (project / YEAR / "units/hagaskolan.yaml").read_text("utf-8")
    assert "    total: {denominator: 38, value: 236.0}\n" in text
    assert COMMENT in text
    assert "Ändrade (1)" in out and "värde 234,3 (nämnare 38) → värde 236,0 (nämnare 38)" in out
    # only the figure and its source changed; every other line as it was
    removed = set(original.splitlines()) - set(text.splitlines())
    added = set(text.splitlines()) - set(original.splitlines())
    assert removed == {"    total: {denominator: 38, value: 234.3}"}
    assert added == {"    total: {denominator: 38, value: 236.0}", "    source: Skolverket"}


@pytest.mark.parametrize("name", ["skolverket-ak9-windows-1252.csv", "skolverket-ak9.xlsx"])
def test_windows_1252_and_excel_give_the_same_figures_as_utf8(project, tmp_path, name):
    other = tmp_path / "other"
    shutil.copytree(project, other)
    assert run(project, "import", "skolverket", str(FIXTURES / "skolverket-ak9.csv"), "--replace")[0] == 0
    code, out, _ = run(other, "import", "skolverket", str(FIXTURES / name), "--replace")
    assert code == 0
    if name.endswith(".csv"):
        assert tree(other) == tree(project)
    else:  # Excel keeps 236,0 as the number 236: the same figure, written without its decimal
        assert {k: yaml.safe_load(v) for k, v in tree(other).items() if k.endswith(".yaml")} == \
            {k: yaml.safe_load(v) for k, v in tree(project).items() if k.endswith(".yaml")}
    assert ("lästes så" in out) == name.endswith("1252.csv")


def test_dry_run_writes_nothing(project):
    before = tree(project)
    code, out, _ = run(project, "import", "skolverket", str(FIXTURES / "skolverket-ak9.csv"), "--dry-run", "--replace")
    assert code == 0 and out.startswith("Provkörning: inget har skrivits.")
    assert "Skulle lägga till (4)" in out and "Skulle ändra (1)" in out
    assert tree(project) == before


def write(tmp_path: Path, name: str, data: bytes | str) -> Path:
    path = tmp_path / name
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return path


CSV = (FIXTURES / "skolverket-ak9.csv").read_text("utf-8")


@pytest.mark.parametrize("name, data, message", [
    ("fel-kolumner.csv", "Slutbetyg läsåret 2024/25\nSkola;Kod;Antal\nHagaskolan;16852660;38\n",
     "har ingen kolumn Skolenhetskod"),
    ("annan-statistik.csv", CSV.replace("Genomsnittligt meritvärde", "Medelvärde").replace("Andel (%)", "Procent"),
     "har ingen kolumn som en indikator hämtar från Skolverket"),
    ("trasig.csv", CSV.encode("utf-8").replace("Lärkans".encode(), b"L\x81rkans").replace("ä".encode(), b"\xe4"),
     "varken är UTF-8 eller Windows-1252"),
    ("sparad-om.csv", CSV.encode("utf-8").decode("cp1252").encode("utf-8"), "står som ”Ã¥”"),
    ("okand-skola.csv", CSV.replace("16852660", "12121212"), "skolenhetskoden 12121212 (Hagaskolan)"),
    ("utan-lasar.csv", CSV.replace(", läsåret 2024/25", ""), "säger inte vilket läsår"),
    ("framtida.csv", CSV.replace("2024/25", "2031/32"), "Läsåret 2031/32 finns inte i content/years/"),
    ("markering.csv", CSV.replace("222,2;230,6", "222,2;*"), "”*” är varken ett tal eller någon av Skolverkets"),
    ("webbsida.csv", "<html><body>Sidan finns inte</body></html>", "är en webbsida (HTML)"),
    ("skala.csv", CSV.replace("236,0", "436,0"), "utanför indikatorns skala"),
])
def test_bad_skolverket_files_are_refused_in_swedish_and_nothing_is_written(project, tmp_path, name, data, message):
    before = tree(project)
    code, out, err = run(project, "import", "skolverket", str(write(tmp_path, name, data)), "--replace")
    assert code == 1
    assert message in err
    assert "Gör så här:" in err and "Traceback" not in err
    assert tree(project) == before


def test_a_school_year_can_be_given_when_the_file_does_not_say_it(project, tmp_path):
    path = write(tmp_path, "utan-lasar.csv", CSV.replace(", läsåret 2024/25", ""))
    code, out, err = run(project, "import", "skolverket", str(path), "--lasar", "2024/25")
    assert code == 0, err
    assert "Läsåret 2024/25." in out


# -- Kolada -------------------------------------------------------------------------------


def test_kolada_unit_values_deleted_and_unknown_statuses_are_skipped_and_said(project):
    code, out, err = run(project, "import", "kolada", str(FIXTURES / "kolada-ou-N15505.json"))
    assert code == 0, err
    assert "V15E299900020, 2025, M: värdet är borttaget i Kolada (isdeleted)" in out
    assert "Kolada-statusen ”X” (värde 237.3) har ingen motsvarighet" in out
    assert "pojkar står som värde 216,6 (nämnare 43), importfilen har saknas (.); kör med --replace" in out
    assert "Fanns redan med samma siffra (8)" in out and "Lade till (0)" in out
    code, out, _ = run(project, "import", "kolada", str(FIXTURES / "kolada-ou-N15505.json"), "--replace")
    sjovall = results(project, "sjovallsskolan")["meritvarde-ak9"]
    assert sjovall["total"] == {"value": 223.0} and sjovall["boys"] == {"status": "missing"}
    assert sjovall["girls"] == {"denominator": 40, "value": 228.9}  # the same figure: left as written
    assert sjovall["source"] == "Kolada N15505"
    assert results(project, "centralskolan")["meritvarde-ak9"]["boys"] == {"denominator": 58, "value": 213.2}
    assert not validate(project, use_cache=False).errors


def test_kolada_country_and_group_become_reference_series(project):
    without_references(project)
    code, out, err = run(project, "import", "kolada", str(FIXTURES / "kolada-kommun-N15505.json"))
    assert code == 0, err
    text = (project / YEAR / "municipality.yaml").read_text("utf-8")
    assert ("references:\n"
            "  - series: riket\n"
            "    indicator: meritvarde-ak9\n"
            "    window: VT 2025\n"
            "    source: Kolada N15505\n"
            "    total: {value: 229.8}\n"
            "    girls: {value: 240.1}\n"
            "    boys: {value: 219.9}\n"
            "  - series: liknande-kommuner\n") in text
    assert "Fanns redan med samma siffra (3)" in out  # the municipality's own figures, as written
    assert not validate(project, use_cache=False).errors
    before = tree(project)
    code, out, _ = run(project, "import", "kolada", str(FIXTURES / "kolada-kommun-N15505.json"))
    assert code == 0 and tree(project) == before and "Fanns redan med samma siffra (9)" in out


def response(*items: dict) -> str:
    return json.dumps({"values": list(items), "count": len(items), "next_url": None})


def item(period: int = 2025, kpi: str = "N15505", value: float = 230.5, **where) -> dict:
    where = where or {"ou": "V15E299900025"}
    return {"kpi": kpi, **where, "period": period,
            "values": [{"gender": "T", "count": 1, "status": "", "value": value, "isdeleted": False}]}


def test_a_new_official_figure_needs_its_scope(project, tmp_path):
    catalogue = project / "content/indicators.yaml"
    column = "    skolverket_column: >-\n"
    catalogue.write_text(catalogue.read_text("utf-8").replace(column, "    kolada_kpi: N15436\n" + column, 1), "utf-8")
    path = write(tmp_path, "kommun-2023.json", response(item(2023, "N15436", 85.1, municipality="2999")))
    before = tree(project)
    code, _, err = run(project, "import", "kolada", str(path))
    assert code == 1 and "--omfattning own" in err and tree(project) == before
    code, out, err = run(project, "import", "kolada", str(path), "--omfattning", "own")
    assert code == 0, err
    data = yaml.safe_load((project / "content/years/2022-23/municipality.yaml").read_text("utf-8"))
    assert data["results"][-1] == {"indicator": "behorighet-hogskola-ak9", "window": "VT 2023",
                                   "source": "Kolada N15436", "scope": "own", "total": {"value": 85.1}}


@pytest.mark.parametrize("name, data, message", [
    ("felsida.json", (FIXTURES / "kolada-felsida.json").read_text("utf-8"),
     "är en webbsida (HTML) (sidan heter ”502 Bad Gateway”), inte ett svar från Kolada"),
    ("avbruten.json", response(item())[:-30], "är inte giltig JSON"),
    ("annat.json", json.dumps({"data": []}), "”values” saknas"),
    ("okant-nyckeltal.json", response(item(kpi="N99999")), "nyckeltalet N99999 finns inte hos någon indikator"),
    ("okand-enhet.json", response(item(ou="V15E299900099")), "enheten V15E299900099 (N15505, 2025) finns inte"),
    ("annan-kommun.json", response(item(municipality="0181")), "kommunen 0181 (N15505, 2025) är varken er kommun (er "
                                                               "kommun är 2999) eller en jämförelseserie"),
    ("okand-jamforelse.json", response(item(municipality="G99999")), "kommunen G99999"),
    ("framtida.json", response(item(2031)), "Läsåret 2030/31 finns inte i content/years/"),
    ("tom.json", response(), "innehåller inga värden"),
])
def test_bad_kolada_files_are_refused_in_swedish_and_nothing_is_written(project, tmp_path, name, data, message):
    before = tree(project)
    code, out, err = run(project, "import", "kolada", str(write(tmp_path, name, data)))
    assert code == 1
    assert message in err
    assert "Gör så här:" in err and "Traceback" not in err
    assert tree(project) == before


def test_a_file_that_does_not_exist(project):
    code, _, err = run(project, "import", "kolada", "finns-inte.json")
    assert code == 1 and "finns-inte.json: filen finns inte." in err


# -- all or nothing -------------------------------------------------------------------------


def test_a_failed_write_puts_back_the_files_already_written(project, monkeypatch):
    before = tree(project)
    real = os.replace
    calls = []

    def flaky(src, dst):
        calls.append(dst)
        if len(calls) == 2:
            raise OSError(28, "No space left on device")
        return real(src, dst)

    monkeypatch.setattr(os, "replace", flaky)
    with pytest.raises(RolloverError, match="inget av importen har sparats"):
        apply.run(project, skolverket.reader(FIXTURES / "skolverket-ak9.csv"), replace=True)
    assert len(calls) == 2
    assert tree(project) == before
    assert not list(project.rglob("*.tmp"))


def test_an_invalid_result_is_refused_with_the_problems_and_nothing_is_written(project, tmp_path):
    before = tree(project)
    path = write(tmp_path, "skala.json", response(item() | {"values": [{"gender": "T", "value": 400.0, "status": ""}]}))
    with pytest.raises(RolloverError) as caught:
        apply.run(project, kolada.reader(path), replace=True)
    assert "Efter importen skulle innehållet ha fel" in caught.value.message
    assert [p.file for p in caught.value.problems] == [f"{YEAR}/units/hagaskolan.yaml"]
    assert tree(project) == before


def test_windows_line_endings_are_kept(project):
    path = project / YEAR / "units/sjovallsskolan.yaml"
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    apply.run(project, kolada.reader(FIXTURES / "kolada-ou-N15505.json"), replace=True)
    raw = path.read_bytes()
    assert b"total: {value: 223.0}\r\n" in raw and raw.count(b"\n") == raw.count(b"\r\n")


# -- fetching -------------------------------------------------------------------------------


class Recorded:
    """An opener that answers from recorded responses, by address, and remembers what was asked."""

    def __init__(self, responses: dict[str, bytes | int]):
        self.responses, self.asked = responses, []

    def open(self, request, timeout=None):
        self.asked.append(request.full_url)
        answer = self.responses[request.full_url]
        if isinstance(answer, int):
            raise urllib.error.HTTPError(request.full_url, answer, "error", {}, None)
        return io.BytesIO(answer)


def page(items: list[dict], next_url: str | None) -> bytes:
    return json.dumps({"values": items, "count": len(items), "next_url": next_url}).encode()


def test_fetch_pages_through_next_url_and_waits_between_requests(project, tmp_path):
    first = fetch.data_url("N15505", 2025, ou="V15E299900025")
    second = first + "?page=2&per_page=1"
    country = fetch.data_url("N15505", 2025, municipality="0000")
    recorded = json.loads((FIXTURES / "kolada-ou-N15505.json").read_text("utf-8"))["values"]
    opener = Recorded({first: page(recorded[:1], second), second: page(recorded[1:2], None),
                       country: page([item(municipality="0000")], None)})
    waits = []
    out = tmp_path / "kolada.json"
    said = fetch.fetch(out, ["N15505"], [2025], ["0000"], ["V15E299900025"], opener=opener, pause=1.5,
                       sleep=waits.append)
    assert opener.asked == [country, first, second]
    assert waits == [1.5, 1.5]  # before every request but the first
    saved = json.loads(out.read_text("utf-8"))
    assert saved["count"] == 3 and saved["next_url"] is None
    assert "Hämtade 3 värden" in said and "ska import kolada" in said
    assert first == "https://api.kolada.se/v3/oudata/kpi/N15505/ou/V15E299900025/year/2025"
    assert country == "https://api.kolada.se/v3/data/kpi/N15505/municipality/0000/year/2025"
    code, out_text, err = run(without_references(project), "import", "kolada", str(out), "--dry-run")
    assert code == 0, err


@pytest.mark.parametrize("answer, message", [
    (page([], "https://evil.example/v3/steal"), "går inte till Koladas API"),
    (page([], "http://api.kolada.se/v3/data?page=2"), "går inte till Koladas API"),
    (b"<html>Underhall</html>", "inte ett svar från Koladas API v3"),
    (503, "Kolada svarade med fel 503"),
])
def test_fetch_refuses_what_is_not_kolada(tmp_path, answer, message):
    url = fetch.data_url("N15505", 2025, municipality="0000")
    out = tmp_path / "kolada.json"
    with pytest.raises(RolloverError, match=message):
        fetch.fetch(out, ["N15505"], [2025], ["0000"], [], opener=Recorded({url: answer}), sleep=lambda s: None)
    assert not out.exists()


def test_only_the_fetch_command_can_reach_the_network():
    package = REPO / "plugins" / "ska"
    network = {"urllib.request", "http.client", "socket", "requests", "httpx", "urllib3"}
    users = set()
    for path in package.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else \
                [node.module or ""] if isinstance(node, ast.ImportFrom) else []
            if any(n.split(".")[0] in {"socket", "requests", "httpx", "urllib3"} or n in network for n in names):
                users.add(path.relative_to(package).as_posix())
    assert users == {"workflow/imports/fetch.py"}


def test_reader_modules_are_usable_without_the_cli(project):
    parsed = skolverket.reader(FIXTURES / "skolverket-ak9.xlsx")(apply.catalogue_of(validate(project).documents))
    assert {i.owner for i in parsed.items} == {"centralskolan", "hagaskolan", "larkans-skola"}


def test_the_editor_guide_gives_commands_that_exist():
    guide = (REPO / "docs" / "redaktorer.md").read_text("utf-8")
    section = guide[guide.index("## Hämta och importera resultat"):guide.index("## Din första enhet")]
    commands = [line.split()[1:] for line in section.splitlines() if line.startswith(".venv/bin/ska ")]
    assert {tuple(c[:2]) for c in commands} == {("hämta", "kolada"), ("import", "kolada"), ("import", "skolverket")}
    from ska.cli import parser
    for command in commands:
        args = parser().parse_args(command)
        assert callable(args.run)


def unreferenced(row: str) -> str:
    """A result row's text without the lines under its name that give the reference series (Riket: 229,8 (…))."""
    return re.sub(r"(Riket|Liknande kommuner): [^()]*\([^()]*\) ", "", row)


def test_imported_figures_are_shown_on_the_unit_pages(tmp_path, monkeypatch):
    """What a reader sees after an import: the protected figures as dots, never as numbers, and the replaced
    figure."""
    from test_site import build_site, make_project, read, text_of

    project = without_references(make_project(tmp_path / "site-project"))
    assert run(project, "import", "skolverket", str(FIXTURES / "skolverket-ak9.csv"), "--replace")[0] == 0
    assert run(project, "import", "kolada", str(FIXTURES / "kolada-kommun-N15505.json"))[0] == 0
    monkeypatch.setenv("SKA_PREVIEW", "larkans-skola,hagaskolan")
    site = build_site(project)
    larkan = text_of(read(site, "enheter/larkans-skola/2024-25/index.html"))
    merit = unreferenced(" ".join(larkan[larkan.index("Meritvärde åk 9"):].split()))
    assert merit.startswith("Meritvärde åk 9 (VT 2025) Källa: Skolverket .. .. .. ")  # total, girls, boys
    haga = text_of(read(site, "enheter/hagaskolan/2024-25/index.html"))
    row = unreferenced(" ".join(haga[haga.index("Meritvärde åk 9", haga.index("Resultat 2024/25")):].split()))[:80]
    assert "236,0" in row and "234,3" not in row


def test_utf16_tab_separated_text_from_excel_is_read_too(project, tmp_path):
    path = write(tmp_path, "unicode-text.txt", CSV.replace(";", "\t").encode("utf-16"))
    code, out, err = run(project, "import", "skolverket", str(path), "--dry-run")
    assert code == 0, err
    assert "Skulle lägga till (4)" in out


def test_a_missing_unit_year_file_is_said_and_nothing_is_written(project):
    (project / YEAR / "units/larkans-skola.yaml").unlink()
    before = tree(project)
    code, _, err = run(project, "import", "skolverket", str(FIXTURES / "skolverket-ak9.csv"), "--replace")
    assert code == 1
    assert f"Filerna som siffrorna ska skrivas i finns inte, så inget har importerats: {YEAR}/units/larkans-skola.yaml" in err
    assert "ska ny enhet" in err and tree(project) == before


def test_a_page_of_a_longer_answer_is_imported_and_said(project, tmp_path):
    data = json.loads(response(item()))
    data["next_url"] = "https://api.kolada.se/v3/oudata/kpi/N15505/ou/V15E299900025?page=2"
    code, out, _ = run(project, "import", "kolada", str(write(tmp_path, "sida1.json", json.dumps(data))), "--dry-run")
    assert code == 0 and "Filen är bara en del av Koladas svar" in out


def test_a_new_years_empty_results_get_the_imported_ones_in_block_style(project, tmp_path):
    from ska.workflow.rollover import start_year

    start_year(project, "2025/26", ["hagaskolan"])
    path = write(tmp_path, "2026.json", response(item(2026)))
    code, out, err = run(project, "import", "kolada", str(path))
    assert code == 0, err
    text = (project / "content/years/2025-26/units/hagaskolan.yaml").read_text("utf-8")
    assert ("results:\n  - indicator: meritvarde-ak9\n    window: VT 2026\n    source: Kolada N15505\n"
            "    total: {value: 230.5}\n") in text
    assert not [p for p in validate(project, use_cache=False).errors]
