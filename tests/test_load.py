"""Reading YAML: the one reader (libyaml + our walker) and what it makes of every way of writing a value.

Content is read by one reader only, so these tests pin its behaviour down: YAML 1.2 core
typing in every position, each style of text, what is refused and with which words, and
properties over random documents (never anything but data or a LoadFailure in Swedish;
JSON, a subset of YAML, reads back exactly).
"""

from __future__ import annotations

import itertools
import json
import random
from pathlib import Path

import pytest

import synthetic
from ska.content.files import decode
from ska.content.load import parse
from ska.content.problems import LoadFailure
from ska.content.syntax import MAX_DEPTH

REPO = Path(__file__).resolve().parents[1]

# Plain scalars where YAML readers are known to disagree, and what ours makes of them:
# YAML 1.2 core rules, with hex/octal/binary, underscores and .inf/.nan kept as text.
SCALARS = {
    "0": 0, "-0": 0, "+0": 0, "007": 7, "00": 0, "1": 1, "+1": 1, "-1": -1, "++1": "++1", "+-1": "+-1",
    "99999999999999999999": 99999999999999999999, "-99999999999999999999": -99999999999999999999,
    "1_000": "1_000", "1__0": "1__0", "_1": "_1", "1_": "1_", "0.1_2": "0.1_2", "0_0": "0_0", "e_1": "e_1",
    "0x1F": "0x1F", "0X1f": "0X1f", "0x": "0x", "0xG": "0xG", "0o17": "0o17", "0o8": "0o8", "0b101": "0b101",
    "1.": 1.0, ".5": 0.5, "+.5": 0.5, "-.5": -0.5, ".": ".", "1e3": 1000.0, "1E3": 1000.0, "1e+3": 1000.0,
    "1.5e-3": 0.0015, "1e": "1e", "12e": "12e", ".e3": ".e3", "1.e3": 1000.0, "0e0": 0.0, "1.2.3": "1.2.3",
    ".inf": ".inf", "-.inf": "-.inf", "+.inf": "+.inf", ".Inf": ".Inf", ".INF": ".INF", ".nan": ".nan",
    ".NaN": ".NaN", ".NAN": ".NAN", "inf": "inf", "nan": "nan",
    "1,5": "1,5", "3,14": "3,14", "1:20": "1:20", "12:30:45": "12:30:45", "2024-01-01": "2024-01-01",
    "2024-01-01T10:00:00": "2024-01-01T10:00:00", "2024-1-1": "2024-1-1",
    "true": True, "True": True, "TRUE": True, "tRue": "tRue", "false": False, "False": False, "FALSE": False,
    "yes": "yes", "No": "No", "ON": "ON", "off": "off", "y": "y", "N": "N",
    "null": None, "Null": None, "NULL": None, "nUll": "nUll", "~": None,
    "a": "a", "100%": "100%", "50,5%": "50,5%", "12 st": "12 st", "åk9": "åk9", "--": "--", "+-": "+-",
}

# The same scalar in every position: the value (or the key) found at the end of ``where``.
CONTEXTS = {
    "k: {}\n": ("k",), "k: [{}]\n": ("k", 0), "k:\n  - {}\n": ("k", 0),
    "k: {{a: {}}}\n": ("k", "a"), "k:\n  a: {}\n  b: 1\n": ("k", "a"),
}


def read(text: str):
    """The data, or the problem's (line, column, message) if the text is refused."""
    try:
        return parse(text, "f.yaml")[0]
    except LoadFailure as failure:
        return failure.problem.line, failure.problem.column, failure.problem.message


@pytest.mark.parametrize("scalar", SCALARS)
def test_scalars_are_typed_alike_in_every_position(scalar):
    expected = SCALARS[scalar]
    for context, where in CONTEXTS.items():
        if "," in scalar and "{}" in context.replace("{{", "").replace("[{}]", "{}") and ("[" in context or "{{" in context):
            continue  # a comma ends a value inside [ ] and { }
        value = read(context.format(scalar))
        for part in where:
            value = value[part]
        assert repr(value) == repr(expected), context.format(scalar)
    assert read(f"{scalar}: v\n") == {scalar: "v"}  # a key is always text


@pytest.mark.parametrize("scalar", ["1e400", "-1e999", "9" * 5000])
def test_numbers_beyond_any_count_are_refused(scalar):
    line, column, message = read(f"k: {scalar}\n")
    assert (line, column) == (1, 4) and "för stort" in message


# Every way of writing text, and what it reads as: the styles, chomping, flow collections.
TEXTS = {
    "k: |\n  rad ett\n  rad två\n": {"k": "rad ett\nrad två\n"},
    "k: |-\n  utan radbrytning\n": {"k": "utan radbrytning"},
    "k: |+\n  med alla radbrytningar\n\n\n": {"k": "med alla radbrytningar\n\n\n"},
    "k: >\n  veckad\n  text\n\n  nytt stycke\n": {"k": "veckad text\nnytt stycke\n"},
    "k: >-\n  veckad\n    indragen\n  text\n": {"k": "veckad\n  indragen\ntext"},
    "k: |2\n    två extra\n": {"k": "  två extra\n"},
    "k: vanlig text\n  som fortsätter\n  på flera rader\n": {"k": "vanlig text som fortsätter på flera rader"},
    "k: 'enkla ''citat'' här'\n": {"k": "enkla 'citat' här"},
    'k: "dubbla \\"citat\\" \\t \\u00e5 \\x41 \\\\"\n': {"k": 'dubbla "citat" \t å A \\'},
    'k: "rad\n  bryts\n\n  här"\n': {"k": "rad bryts\nhär"},
    "k: text med slutmellanslag   \n": {"k": "text med slutmellanslag"},
    "k: Åsa Öberg — ”citat” och ’apostrof’ … 😀\n": {"k": "Åsa Öberg — ”citat” och ’apostrof’ … 😀"},
    "k: rad\r\nl: windows\r\n": {"k": "rad", "l": "windows"},
    "k: a\r\n  b\r\n": {"k": "a b"},
    "k:\n": {"k": None}, "k: ''\n": {"k": ""}, "k: []\nl: {}\n": {"k": [], "l": {}},
    "k:\n- a\n- b\n": {"k": ["a", "b"]}, "? k\n: v\n": {"k": "v"},
    "---\nk: v\n...\n": {"k": "v"}, "%YAML 1.2\n---\nk: v\n": {"k": "v"},
    "k: v # kommentar\n": {"k": "v"}, "k: a#b\n": {"k": "a#b"}, "k: a:b\n": {"k": "a:b"},
    "k: !!str 1\n": {"k": "1"}, 'k: !!int "12"\n': {"k": 12}, "k: !!float 1\n": {"k": 1.0},
    "k: Bra jobbat!\n": {"k": "Bra jobbat!"}, "k: Lärande & bedömning\n": {"k": "Lärande & bedömning"},
    'k: "**fet** text"\n': {"k": "**fet** text"}, "k: ~a\n": {"k": "~a"}, "k: <<\n": {"k": "<<"},
    "k: [?a]\n": {"k": [{"a": None}]}, "k: {?a: b}\n": {"k": {"a": "b"}}, "k: [ ? a : b ]\n": {"k": [{"a": "b"}]},
    "k: [a:b]\n": {"k": ["a:b"]}, "k: {a:b}\n": {"k": {"a:b": None}}, 'k: {"a":b}\n': {"k": {"a": "b"}},
    "k: [a, b, ]\n": {"k": ["a", "b"]}, "k: [a\n  , b]\n": {"k": ["a", "b"]}, "k: [a?]\n": {"k": ["a?"]},
    'k: "a\\/b"\n': {"k": "a/b"}, 'k: "x\\\n  y"\n': {"k": "xy"},
    "k: >+\n  a\n\n": {"k": "a\n\n"}, "k: >2-\n   a\n": {"k": " a"}, "k: |\n\n  a\n": {"k": "\na\n"},
    "k: a\n\n\n  b\n": {"k": "a\n\nb"}, "k: a\xa0\n": {"k": "a\xa0"}, "k: a\u3000b\n": {"k": "a\u3000b"},
    "k : v\n": {"k": "v"}, '"k": v\n': {"k": "v"}, "- bara\n- en lista\n": ["bara", "en lista"],
}

# What is refused, where, and a piece of the Swedish words for it.
REFUSED = {
    "k: - inte en lista\n": (1, 4, "kan inte stå direkt efter kolonet"),
    "k: v\n---\nl: w\n": (2, 1, "två dokument"),
    "k: [a, b\n": (1, 4, "parentes [ är inte avslutad"),
    "k: 'oavslutad\n": (1, 4, "citattecken är inte avslutat"),
    "k: v\nk: w\n": (2, 1, "finns två gånger"),
    "k: {a: 1, a: 2}\n": (1, 11, "finns två gånger"),
    "k: &a v\nl: *a\n": (2, 4, "ankare och alias"),
    "a: &k school_year\n*k : 2024/25\n": (2, 1, "ankare och alias"),  # an alias as a key
    "k: *a\n": (1, 4, "hänvisar till något som inte finns"),
    "k: !egen v\n": (1, 4, "Taggen !egen"),
    "k: !!python/object:os.system x\n": (1, 4, "Taggen !!python/object:os.system"),
    "k: !!int abc\n": (1, 4, "”abc” kan inte läsas som ett heltal"),
    "k: !!float .inf\n": (1, 4, "kan inte läsas som ett tal"),
    "k: !!null x\n": (1, 4, "kan inte läsas som ett tomt värde"),
    "k: **fet** text\n": (1, 4, "hänvisning"),
    "k: a: b\n": (1, 5, "kolon följt av mellanslag"),
    "k: 'a' b\n": (1, 8, "fortsätter efter ett avslutande citattecken"),
    "k: v\n  l: w\n": (2, 3, "indragen längre"),
    "k: @v\n": (1, 4, "utan citattecken"),
    "k:\n  <<: {a: 1}\n  b: 2\n": (2, 3, "Sammanslagning med <<"),
    'k: "\\q"\n': (1, 5, "koden här finns inte"),
    'k: "\\uZZZZ"\n': (1, 7, "koden här finns inte"),
    "k: a\n  # c\n  b\n": (3, 3, "Indraget stämmer inte"),
}


@pytest.mark.parametrize("text", TEXTS)
def test_texts_are_read_as_written(text):
    assert read(text) == TEXTS[text]


@pytest.mark.parametrize("text", REFUSED)
def test_what_is_refused_is_said_in_swedish_at_its_place(text):
    line, column, fragment = REFUSED[text]
    found = read(text)
    assert isinstance(found, tuple), found
    assert found[:2] == (line, column) and fragment in found[2], found


@pytest.mark.parametrize("text, code", [('k: "a\\0b"\n', "U+0000"), ('k: "\\x07"\n', "U+0007"),
                                        ('k: "a\\Nb"\n', "U+0085"), ('k: "a\\Lb"\n', "U+2028"),
                                        ('k: "\\u202e"\n', "U+202E")])
def test_characters_from_escapes_are_errors(text, code):
    data, problems = parse(text, "f.yaml")
    assert [(p.severity, p.line, p.column) for p in problems] == [("error", 1, 4)]
    assert code in problems[0].message


@pytest.mark.parametrize("char", ["\u202e", "\u2066", "\u200b", "\u200f", "\u2060", "\u00ad", "\u061c"])
def test_invisible_characters_are_errors_except_in_running_text(char):
    text = f"id: abc\nname: Öst{char}skolan\nsummary: |\n  Ett år\n  med {char}text\n"
    data, problems = parse(text, "f.yaml", running_text=lambda path: path == ("summary",))
    found = [(p.severity, p.line, p.column, p.path) for p in problems]
    assert found == [("error", 2, 10, ("name",)), ("warning", 5, 7, ("summary",))]
    assert f"U+{ord(char):04X}" in problems[0].message
    _, problems = parse(f"a{char}b: 1\n", "f.yaml")
    assert [(p.severity, p.line, p.column) for p in problems] == [("error", 1, 2)]


@pytest.mark.parametrize("raw, line, column, words", [
    (b"k: a\xef\xbb\xbfb\n", 1, 5, "BOM-tecken"),              # U+FEFF mid-file
    (b"k: a\n\nl: b\xe2\x80\xa8c\n", 3, 5, "radbrytning"),   # U+2028
    (b"k: a\nl: b\xc2\x85c\n", 2, 5, "radbrytning"),           # NEL
    (b"k: a\x00\n", 1, 5, "styrtecken (U+0000)"),
])
def test_decode_refuses_characters_read_differently(raw, line, column, words):
    with pytest.raises(LoadFailure) as failure:
        decode(raw, "f.yaml")
    problem = failure.value.problem
    assert (problem.line, problem.column) == (line, column) and words in problem.message


def test_cr_line_endings_are_line_breaks():
    text, _ = decode(b"# kommentar\rk: a\rl: [b,\r  c]\r", "f.yaml")
    assert parse(text, "f.yaml")[0] == {"k": "a", "l": ["b", "c"]}
    assert decode(b"k: a\r\n", "f.yaml")[0] == "k: a\r\n"  # CRLF is kept for tools that rewrite files


@pytest.mark.parametrize("text", [
    "- " * 12_000 + "x\n",
    "k: " + "[" * 12_000 + "\n",
    "k: " + "{a: " * 12_000 + "\n",
    "".join(" " * i + "a:\n" for i in range(1_400)),
    "k:\n" + "".join(" " * (2 * i) + "- a:\n" for i in range(400)),
])
def test_absurdly_deep_nesting_is_a_problem_not_a_crash(text):
    """If a native parser were driven into a stack overflow, the test run itself would die."""
    found = read(text)
    assert isinstance(found, tuple) and f"fler än {MAX_DEPTH} nivåer" in found[2], found


def test_nesting_as_deep_as_real_content_is_read():
    text = "k:\n" + "".join(" " * (2 * i) + "- a:\n" for i in range(30)) + " " * 60 + "b: [[[[1]]]]\n"
    assert isinstance(read(text), dict)


@pytest.mark.parametrize("scalar, context", list(itertools.product(["yes", "on", "N"], list(CONTEXTS)[:3])))
def test_yaml11_words_still_get_their_warning(scalar, context):
    data, warnings = parse(context.format(scalar), "f.yaml")
    assert [w.message for w in warnings] == [f"”{scalar}” läses som texten ”{scalar}”, inte som ja/nej."]


def test_a_hashtag_after_a_value_is_warned_about():
    data, warnings = parse("k: v #1\n", "f.yaml")
    assert data == {"k": "v"} and [(w.severity, w.line, w.column) for w in warnings] == [("warning", 1, 6)]


def test_shipped_and_synthetic_content_reads_without_problems(tmp_path):
    synthetic.generate(tmp_path, units=10, years=2, seed=7)
    for path in sorted((REPO / "content").rglob("*.yaml")) + sorted(tmp_path.rglob("*.yaml")):
        text, _ = decode(path.read_bytes(), path.name)
        data, problems = parse(text, path.name)
        assert isinstance(data, dict) and not [p for p in problems if p.is_error], path.name


# Pieces an editor's file is made of, for random documents: words with the characters
# that matter in YAML, in every style of scalar, nested in block and flow collections.
# Blank lines in block scalars, and lines that start with spaces, come with them.
WORDS = ["mål", "Åsa", "85,9 %", "a: b", "a:b", "a #b", "a# b", "- a", "-a", "? a", "?a", ":a", "a:", "[a]", "{a}",
         "a, b", "'a'", '"a"', "it's", "x\\y", "@a", "`a`", "%a", "|a", ">a", "*a", "a*", "~", "", " a", "a ", "—",
         "…", "”a”", "😀", "\u00a0", "1", "1.5", "-2", "1e3", "true", "null", "yes", "No", "2024-01-01", "12:30"]
KEYS = ["title", "id", "mål", "a b", "1", "true", "'q'", '"dq"', "k-1", "k_2"]


def random_scalar(rng: random.Random, indent: int) -> str:
    words = " ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 4)))
    style = rng.randrange(6)
    if style == 0:
        return words
    if style == 1:
        return "'" + words.replace("'", "''") + "'"
    if style == 2:
        return '"' + words.replace("\\", "\\\\").replace('"', '\\"') + '"'
    pad = " " * (indent + 2)
    lines = [pad + " ".join(rng.choice(WORDS) for _ in range(rng.randint(0, 3))) for _ in range(rng.randint(1, 3))]
    return rng.choice(["|", ">", "|-", ">-", "|+"]) + "\n" + "\n".join(lines)


def random_node(rng: random.Random, indent: int, depth: int) -> str:
    kind = rng.randrange(5) if depth < 3 else 0
    pad = " " * (indent + 2)
    if kind == 0:
        return " " + random_scalar(rng, indent)
    if kind == 1:
        return " [" + ", ".join(rng.choice(WORDS) for _ in range(rng.randint(0, 3))) + "]"
    if kind == 2:
        return " {" + ", ".join(f"{rng.choice(WORDS)}: {rng.choice(WORDS)}" for _ in range(rng.randint(0, 2))) + "}"
    if kind == 3:
        return "".join(f"\n{pad}-{random_node(rng, indent + 2, depth + 1)}" for _ in range(rng.randint(1, 3)))
    return "".join(f"\n{pad}{rng.choice(KEYS)}:{random_node(rng, indent + 2, depth + 1)}" for _ in range(rng.randint(1, 3)))


def test_random_documents_give_data_or_a_swedish_problem():
    rng = random.Random(2026)
    english = ("found", "expected", "while ", "scanning", "parsing")
    read_ones = 0
    for _ in range(3000):
        text = "".join(f"{rng.choice(KEYS)}:{random_node(rng, 0, 0)}\n" for _ in range(rng.randint(1, 4)))
        found = read(text)
        if isinstance(found, tuple):
            line, column, message = found
            assert line >= 1 and column >= 1 and not any(word in message for word in english), (text, message)
        else:
            read_ones += 1
    assert read_ones > 500  # most of them are read, so the property means something


def test_json_reads_back_exactly():
    """JSON is YAML: whatever the reader returns, written as JSON, reads back the same."""
    rng = random.Random(7)
    for _ in range(2000):
        text = "".join(f"{rng.choice(KEYS)}:{random_node(rng, 0, 0)}\n" for _ in range(rng.randint(1, 4)))
        data = read(text)
        if isinstance(data, tuple):
            continue
        assert read(json.dumps(data, ensure_ascii=False)) == data, text
