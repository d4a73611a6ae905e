"""The bad-input corpus: one file per editor mistake, each must give one clear problem in Swedish.

Each file in tests/bad_input/ is a small content file with exactly one mistake. Its first
comment lines (after the modeline, if the file has one) say what is expected:

    # mistake: what the editor did wrong, in words (required)
    # kind: unit | unit_year | municipality_year | indicators | programmes | self_assessment | part | part_year (required)
    # file: where the test puts it, relative to the project (default: one per kind, below)
    # bytes: how the text becomes bytes: utf-8 (default), utf-8-bom, windows-1252, utf-16, utf-16-le,
    #        empty (a 0-byte file), huge (the last line repeated until the file is over 1 MB) or
#        cr (every line ending a CR alone, as classic Mac programs saved)
    # severity: error (default) or warning
    # expect-line: the line the problem points at (required)
    # expect-column: the column (where it is meaningful)
    # expect-field: the field's Swedish title, or a fragment of its path such as
    #               results[0].total.denominator; "-" for a problem with the whole file (required)
    # expect-path: a fragment the problem's path must contain (optional, beside expect-field)
    # expect-message: a piece of the message (required)
    # expect-hint: a piece of the hint (optional; the hint must never be empty)
    # expect-errors: how many errors the file gets in all (default 1 for an error case)

Control pictures in a case (␀, ␋, … U+2400–U+241F) are written as the control characters
they stand for, so cases with invisible characters stay readable.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from ska import cli
from ska.content.problems import ERROR, WARNING, Problem, format_path
from ska.content.validate import validate

CASES = Path(__file__).parent / "bad_input"

DEFAULT_FILE = {
    "unit": "content/units/vastskolan.yaml",
    "unit_year": "content/years/2024-25/units/eneskolan.yaml",
    "municipality_year": "content/years/2024-25/municipality.yaml",
    "indicators": "content/indicators.yaml",
    "programmes": "content/programmes.yaml",
    "self_assessment": "content/self_assessment.yaml",
    "part": "content/parts/grundskolan.yaml",
    "part_year": "content/years/2024-25/parts/grundskolan.yaml",
}
KEYS = {"mistake", "kind", "file", "bytes", "severity", "expect-line", "expect-column", "expect-field",
        "expect-path", "expect-message", "expect-hint", "expect-errors"}
REQUIRED = {"mistake", "kind", "expect-line", "expect-field", "expect-message"}
BYTES = {"utf-8", "utf-8-bom", "windows-1252", "utf-16", "utf-16-le", "empty", "huge", "cr"}
HEADER_LINE = re.compile(r"^#\s*([a-z][a-z-]*):\s?(.*?)\s*$")
MODELINE = "yaml-language-server"
SECONDS = 5.0  # every case, even the alias bomb and the huge file, must be checked at once

# Mistakes the corpus must always cover (the file names are the mistakes).
MUST_HAVE = {
    "duplicate_key", "tab_indentation", "windows_1252", "utf16", "utf8_bom", "empty_file", "only_comments",
    "alias_bomb", "huge_file", "invalid_date", "yes_no_as_text", "true_as_text", "misspelt_key",
    "list_instead_of_text", "text_instead_of_number", "percent_in_value", "decimal_comma_in_flow",
    "missing_required_field", "wrong_indentation", "colon_in_text", "unclosed_quote", "python_object_tag",
    "custom_tag", "numerator_greater_than_denominator", "girls_and_boys_not_total", "value_outside_scale",
    "unknown_indicator", "unknown_unit", "school_year_wrong_folder", "unit_not_active",
    "duplicate_improvement_area_id", "action_end_before_start", "inspection_decision_before_review",
    "invalid_verdict", "self_assessment_score_6", "school_year_long_form", "file_in_wrong_place",
    "missing_modeline", "id_not_a_slug", "programme_unknown_unit", "unit_file_name_not_id",
    "sick_leave_month_outside_year", "justified_more_than_complaints",
    # what a hostile or careless pull request can do: each class refused in words, never a crash
    "bom_mid_file", "line_separator_in_text", "cr_line_endings", "int_tag_on_text", "unknown_escape",
    "number_as_key", "alias_as_key", "nul_escape", "id_ends_with_newline", "school_year_not_consecutive",
    "school_year_out_of_range", "number_too_large", "count_too_large", "deep_nesting", "bidi_in_name",
    "invisible_in_running_text", "reserved_id",
    # parts of the organisation (school form, function, area)
    "unit_unknown_part", "part_year_without_part", "part_unknown_kind", "part_file_name_not_id",
    "part_year_with_results",
    # effect chains of improvement areas, actions and programmes
    "effect_chain_unknown_indicator", "effect_chain_follow_up_before_baseline", "effect_chain_step_out_of_order",
    "effect_chain_step_repeated",
}


@dataclass(frozen=True)
class Case:
    name: str
    text: str
    header: dict[str, str]

    @property
    def kind(self) -> str:
        return self.header["kind"]

    @property
    def target(self) -> str:
        return self.header.get("file", DEFAULT_FILE[self.kind])

    @property
    def severity(self) -> str:
        return self.header.get("severity", ERROR)

    def raw(self) -> bytes:
        """The file's bytes: control pictures made real, then encoded as the case says."""
        text = re.sub("[\u2400-\u241f]", lambda m: chr(ord(m.group()) - 0x2400), self.text)
        how = self.header.get("bytes", "utf-8")
        if how == "empty":
            return b""
        if how == "utf-8-bom":
            return b"\xef\xbb\xbf" + text.encode("utf-8")
        if how == "windows-1252":
            return text.encode("cp1252")
        if how == "utf-16":
            return text.encode("utf-16")  # with its byte order mark, as Notepad saves it
        if how == "utf-16-le":
            return text.encode("utf-16-le")  # without one
        if how == "cr":
            return text.replace("\n", "\r").encode("utf-8")
        if how == "huge":
            last = text.rstrip("\n").rsplit("\n", 1)[-1] + "\n"
            return (text + last * (1_100_000 // len(last) + 1)).encode("utf-8")
        return text.encode("utf-8")


def read_case(path: Path) -> Case:
    text = path.read_text("utf-8")
    header: dict[str, str] = {}
    for line in text.splitlines():  # the header ends at the first line that is not "# key: value"
        match = HEADER_LINE.match(line)
        if not match:
            break
        if match.group(1) == MODELINE:
            continue
        key, value = match.groups()
        assert key in KEYS, f"{path.name}: okänd rubrik ”{key}” (kända: {', '.join(sorted(KEYS))})"
        header[key] = value
    missing = REQUIRED - set(header)
    assert not missing, f"{path.name}: rubriker saknas: {', '.join(sorted(missing))}"
    assert header["kind"] in DEFAULT_FILE, f"{path.name}: okänd kind ”{header['kind']}”"
    assert header.get("bytes", "utf-8") in BYTES, f"{path.name}: okänd bytes ”{header['bytes']}”"
    assert header.get("severity", ERROR) in (ERROR, WARNING), f"{path.name}: okänd severity"
    return Case(path.stem, text, header)


ALL_CASES = sorted(CASES.glob("*.yaml"))


def show(problems: list[Problem]) -> str:
    return "\n".join(
        f"  {p.severity} {p.file}:{p.line}:{p.column} [{p.field_title}] ({format_path(p.path)}) {p.message} | {p.hint}"
        for p in problems) or "  (inga problem)"


def matches(case: Case, p: Problem) -> bool:
    h = case.header
    if p.file != case.target or p.severity != case.severity:
        return False
    if p.line != int(h["expect-line"]):
        return False
    if "expect-column" in h and p.column != int(h["expect-column"]):
        return False
    field = h["expect-field"]
    if field == "-":
        if p.field_title or p.path:
            return False
    elif field != p.field_title and field not in format_path(p.path):
        return False
    if "expect-path" in h and h["expect-path"] not in format_path(p.path):
        return False
    if h["expect-message"] not in p.message:
        return False
    return "expect-hint" not in h or h["expect-hint"] in p.hint


def drop(project: Path, case: Case) -> Path:
    path = project / case.target
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(case.raw())
    return path


# -- the corpus itself --------------------------------------------------------


def test_corpus_covers_the_known_mistakes():
    names = {path.stem for path in ALL_CASES}
    assert len(names) >= 35
    assert not MUST_HAVE - names, f"fall saknas: {sorted(MUST_HAVE - names)}"
    for path in ALL_CASES:
        read_case(path)


def test_clean_project_validates(project):
    report = validate(project, use_cache=False)
    assert report.problems == [], show(report.problems)
    assert len(report.documents) == 5


@pytest.mark.parametrize("path", ALL_CASES, ids=[p.stem for p in ALL_CASES])
def test_bad_input(path, project, tmp_path, monkeypatch):
    case = read_case(path)
    drop(project, case)
    monkeypatch.chdir(tmp_path)
    before = sorted(tmp_path.iterdir())

    started = time.perf_counter()
    report = validate(project, use_cache=False)  # must not raise, whatever the file holds
    elapsed = time.perf_counter() - started

    assert elapsed < SECONDS, f"{case.name}: kontrollen tog {elapsed:.1f} s"
    assert sorted(tmp_path.iterdir()) == before, f"{case.name}: kontrollen skapade filer (kördes något?)"
    found = [p for p in report.problems if matches(case, p)]
    assert found, (f"{case.name}: inget problem som väntat ({case.header['mistake']})\n"
                   f"väntat: {case.target}:{case.header['expect-line']}:{case.header.get('expect-column', '*')} "
                   f"[{case.header['expect-field']}] ”{case.header['expect-message']}”\nfick:\n{show(report.problems)}")
    for p in found:
        assert p.hint.strip(), f"{case.name}: problemet saknar en ledtråd om vad man ska göra"

    # Every problem reported is in words for an editor: placed, explained, never a swallowed exception.
    for p in report.problems:
        assert p.line >= 1 and p.column >= 1, show([p])
        assert p.message and p.hint, show([p])
        assert "kunde inte kontrolleras" not in p.message, f"{case.name}: undantag i kontrollen\n{show([p])}"
        assert "Traceback" not in p.message + p.hint

    # The mistake stays in its own file and gives as many errors as the case says (one, usually).
    errors = [p for p in report.problems if p.is_error]
    elsewhere = [p for p in errors if p.file != case.target]
    assert not elsewhere, f"{case.name}: fel i andra filer\n{show(elsewhere)}"
    expected_errors = int(case.header.get("expect-errors", 1 if case.severity == ERROR else 0))
    assert len(errors) == expected_errors, f"{case.name}: {len(errors)} fel, väntat {expected_errors}\n{show(errors)}"


TEXT_CASES = [p for p in ALL_CASES if read_case(p).header.get("bytes", "utf-8") == "utf-8"]


@pytest.mark.parametrize("path", TEXT_CASES, ids=[p.stem for p in TEXT_CASES])
def test_bad_input_with_windows_line_endings(path, project):
    """Editors on Windows save CRLF: the same mistake gives the same line, column and message."""
    case = read_case(path)
    target = project / case.target
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(case.raw().replace(b"\n", b"\r\n"))
    report = validate(project, use_cache=False)
    assert any(matches(case, p) for p in report.problems), show(report.problems)


def test_cached_run_reports_the_same(project):
    """A second run answers from the cache; the problems must be the same, positions included."""
    drop(project, read_case(CASES / "duplicate_key.yaml"))
    drop(project, read_case(CASES / "yes_no_as_text.yaml"))
    first = validate(project, use_cache=True)
    second = validate(project, use_cache=True)
    assert len(first.problems) == 2
    assert [(p, p.message, p.hint, p.field_title, p.severity) for p in first.problems] == [
        (p, p.message, p.hint, p.field_title, p.severity) for p in second.problems]


# -- the command line -----------------------------------------------------------

CLI_CASES = ["numerator_greater_than_denominator", "unclosed_quote", "utf16"]


@pytest.mark.parametrize("name", CLI_CASES)
def test_cli_reports_bad_input(name, project, capsys):
    case = read_case(CASES / f"{name}.yaml")
    drop(project, case)
    line = case.header["expect-line"]

    code = cli.main(["validate", str(project), "--no-cache"])
    out = capsys.readouterr()
    assert code == 1
    assert f"{case.target}:{line}:" in out.out
    assert ": fel:" in out.out and "Gör så här:" in out.out
    assert "Traceback" not in out.out + out.err

    code = cli.main(["validate", str(project), "--no-cache", "--format", "github"])
    out = capsys.readouterr()
    assert code == 1
    assert f"::error file={case.target},line={line},col=" in out.out
    assert "Traceback" not in out.out + out.err


def test_cli_on_clean_project(project, capsys):
    code = cli.main(["validate", str(project), "--no-cache"])
    out = capsys.readouterr()
    assert code == 0, out.out
    assert "Inga problem hittades." in out.out
    assert "Traceback" not in out.out + out.err

    code = cli.main(["validate", str(project), "--no-cache", "--format", "github"])
    out = capsys.readouterr()
    assert code == 0
    assert "::error" not in out.out
