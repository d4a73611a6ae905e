"""Reading YAML: the quick reader (yaml-rs) never reads a file differently from the careful one.

``load.parse`` lets yaml-rs read what it can and hands everything else to the careful
reader (PyYAML with YAML 1.2 core rules), which is the reference. These tests read the
same texts both ways and demand the same data, the same warnings and the same problems.
"""

from __future__ import annotations

import itertools
import random
from pathlib import Path

import pytest

from ska import load, synthetic
from ska.load import LoadFailure, parse, parse_carefully

REPO = Path(__file__).resolve().parents[1]

# Plain scalars where YAML readers are known to disagree: number forms, special floats,
# YAML 1.1 words, dates and times, and text that looks like them.
SCALARS = """
0 -0 +0 007 00 1 +1 -1 ++1 +-1 99999999999999999999 -99999999999999999999 1_000 1__0 _1 1_ 0.1_2
0x1F 0X1f 0x 0xG 0o17 0o8 0o 0b101 0B1 1. .5 +.5 -.5 . 1e3 1E3 1e+3 1.5e-3 1e 12e .e3 1.e3 0e0 1e999
1.2.3 .inf -.inf +.inf .Inf .INF .nan .NaN .NAN inf nan 1,5 3,14 0,5 1:20 12:30:45 2024-01-01
2024-01-01T10:00:00 2024-1-1 true True TRUE tRue false False FALSE yes Yes YES no No NO on On ON off Off
OFF y Y n N null Null NULL nUll ~ a b ab 100% 50,5% 12 st ca 3 åk9 -- +- e_1 x_1 0_0
""".split()

CONTEXTS = ("k: {}\n", "k: [{}]\n", "k:\n  - {}\n", "{}: v\n", "k: {{a: {}}}\n", "k:\n  a: {}\n  b: 1\n")

# Every way of writing text, the continuation and chomping rules where readers differ most.
TEXTS = [
    "k: |\n  rad ett\n  rad två\n",
    "k: |-\n  utan radbrytning\n",
    "k: |+\n  med alla radbrytningar\n\n\n",
    "k: >\n  veckad\n  text\n\n  nytt stycke\n",
    "k: >-\n  veckad\n    indragen\n  text\n",
    "k: |2\n    två extra\n",
    "k: vanlig text\n  som fortsätter\n  på flera rader\n",
    "k: 'enkla ''citat'' här'\n",
    'k: "dubbla \\"citat\\" \\t \\u00e5 \\x41 \\\\"\n',
    'k: "rad\n  bryts\n\n  här"\n',
    "k: text med slutmellanslag   \n",
    "k: Åsa Öberg — ”citat” och ’apostrof’ … 😀\n",
    "k: rad\r\nl: windows\r\n",
    "k:\n",
    "k: ''\n",
    "k: []\nl: {}\n",
    "k: - inte en lista\n",
    "k:\n- a\n- b\n",
    "? k\n: v\n",
    "---\nk: v\n",
    "---\nk: v\n...\n",
    "k: v\n---\nl: w\n",
    "- bara\n- en lista\n",
    "bara text\n",
    "k: [a, b\n",
    "k: 'oavslutad\n",
    "k: v\nk: w\n",
    "k: v # kommentar\n",
    "k: v #1\n",
    "# kommentar\nk: v\n",
    "k: &a v\nl: *a\n",
    "k: *a\n",
    "k: !!str 1\n",
    "k: !egen v\n",
    "k: Bra jobbat!\n",
    "k: Lärande & bedömning\n",
    "k: **fet** text\n",
    "k: \"**fet** text\"\n",
    "k: a: b\n",
    "k: a:b\n",
    "k: 'a' b\n",
    "%YAML 1.2\n---\nk: v\n",
    "k: v\n  l: w\n",
    "  k: v\nl: w\n",
    "k: @v\n",
    "k: `v`\n",
    "k: {a: 1, a: 2}\n",
    "k: " + "[" * 300 + "]" * 300 + "\n",
    # libyaml's YAML 1.1 habits: a merge key, NEL/LS/PS as line breaks, "?a" as a key in [ ] or { }
    "k:\n  <<: {a: 1}\n  b: 2\n",
    "k: a\x85b\n",
    "k: a\x85  b\n",
    "k: >\n  a\x85  b\n",
    "k: a\u2028b\n",
    "k: |\n  a\u2028b\n  c\n",
    "k: a\u2029b\n",
    'k: "a\u2028b"\n',
    "k: [?a]\n",
    "k: [a,\n  ?b]\n",
    "k: [a,\r\n  ?b]\r\n",
    "k: {?a: b}\n",
    "k: [ ? a : b ]\n",
    # flow text, escapes, block scalar indicators, odd spacing
    "k: [a:b]\n", "k: {a:b}\n", 'k: {"a":b}\n', "k: [a, b, ]\n", "k: [a, [b, c]]\n", "k: [a\n  , b]\n", "k: [a?]\n",
    'k: "a\\/b"\n', 'k: "\\q"\n', 'k: "\\x07"\n', 'k: "a\\Nb\\_c\\Ld\\Pe"\n', 'k: "x\\\n  y"\n',
    "k: >+\n  a\n\n", "k: >2-\n   a\n", "k: |1\n  a\n", "k: |\n\n  a\n", "k: >\n\n  a\n\n\n  b\n\n",
    "k: a\n  # c\n  b\n", "k: a#b\n", "k: a\n\n\n  b\n", "k: a\n \n  b\n", "k: a\xa0\n", "k: \xa0a\n",
    "k: a\u3000b\n", "k: a\rb\n", "k: a\r\n  b\r\n", "k: |\r\n  a\r\n  b\r\n", "k: a\n...\n", "k: a\n---\n",
    "k: ~a\n", "k: <<\n", "k : v\n", "k:v\n", '"k": v\n', "k: " + "x" * 1100 + "\n", "x" * 1100 + ": v\n",
]


def read_both(text: str):
    def attempt(reader):
        try:
            return reader(text, "f.yaml")
        except LoadFailure as failure:
            return failure.problem
    return attempt(parse), attempt(parse_carefully)


@pytest.mark.parametrize("scalar", SCALARS)
def test_scalars_are_typed_alike_in_every_position(scalar):
    for context in CONTEXTS:
        text = context.format(scalar)
        quick, careful = read_both(text)
        assert repr(quick) == repr(careful), text


@pytest.mark.parametrize("text", TEXTS)
def test_texts_are_read_alike(text):
    quick, careful = read_both(text)
    assert repr(quick) == repr(careful), text


def content_files() -> list[Path]:
    return sorted((REPO / "content").rglob("*.yaml")) + sorted((REPO / "tests" / "bad_input").glob("*.yaml"))


def test_shipped_content_and_bad_input_are_read_alike():
    for path in content_files():
        text = path.read_text("utf-8", errors="replace")
        quick, careful = read_both(text)
        assert repr(quick) == repr(careful), path.name


def test_synthetic_content_is_read_alike_and_quickly(tmp_path):
    synthetic.generate(tmp_path, units=30, years=3, seed=7)
    paths = sorted(tmp_path.rglob("*.yaml"))
    quick_ones = 0
    for path in paths:
        text = path.read_text("utf-8")
        quick, careful = read_both(text)
        assert repr(quick) == repr(careful), path.name
        quick_ones += load._quick_read(text) is not None
    # The point of the quick reader: ordinary files never need the careful one.
    assert quick_ones == len(paths)


@pytest.mark.parametrize("scalar, context", list(itertools.product(["yes", "on", "N"], CONTEXTS[:3])))
def test_yaml11_words_still_get_their_warning(scalar, context):
    data, warnings = parse(context.format(scalar), "f.yaml")
    assert [w.message for w in warnings] == [f"”{scalar}” läses som texten ”{scalar}”, inte som ja/nej."]


def test_absurdly_deep_nesting_is_a_problem_not_a_crash():
    with pytest.raises(LoadFailure) as failure:
        parse("k:\n  " + "- " * 1500 + "x\n", "f.yaml")
    assert "fler nivåer" in failure.value.problem.message


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


def test_random_documents_are_read_alike():
    rng = random.Random(2026)
    quick_ones = 0
    for _ in range(3000):
        text = "".join(f"{rng.choice(KEYS)}:{random_node(rng, 0, 0)}\n" for _ in range(rng.randint(1, 4)))
        quick, careful = read_both(text)
        assert repr(quick) == repr(careful), text
        quick_ones += load._quick_read(text) is not None
    assert quick_ones > 300  # enough of them reach yaml-rs for the comparison to mean something
