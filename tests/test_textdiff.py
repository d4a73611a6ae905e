"""Changed texts sentence by sentence: splitting Swedish prose, the sentence diff, and how a built page shows it."""

from __future__ import annotations

import re

import pytest
import yaml
from ska.analysis.textdiff import Segment, Sentence, fold, sentence_diff, split_sentences
from test_site import REPO, build_site, make_project, read

CSS = REPO / "plugins" / "ska" / "site" / "assets" / "ska.css"


# -- splitting -----------------------------------------------------------------------------------

@pytest.mark.parametrize("text, sentences", [
    ("Läsningen ökar. Skrivandet står still! Varför? Vi vet inte…  Nu räknar vi.",
     ("Läsningen ökar.", "Skrivandet står still!", "Varför?", "Vi vet inte…", "Nu räknar vi.")),
    # abbreviations, also before a capital or a figure
    ("Vi arbetar t.ex. med högläsning. Bl.a. Skolverket och ca. 20 lärare deltar, dvs. Alla i lag 4–6.",
     ("Vi arbetar t.ex. med högläsning.", "Bl.a. Skolverket och ca. 20 lärare deltar, dvs. Alla i lag 4–6.")),
    ("Arbetet pågår fr.o.m. Augusti. Det gäller s.k. Språkutvecklande arbetssätt.",
     ("Arbetet pågår fr.o.m. Augusti.", "Det gäller s.k. Språkutvecklande arbetssätt.")),
    # decimals, with a comma or a point, and a time
    ("Meritvärdet steg med 2,5 poäng till 231,0. Andelen ökade 2.5 procentenheter kl. 8.30 i dag.",
     ("Meritvärdet steg med 2,5 poäng till 231,0.", "Andelen ökade 2.5 procentenheter kl. 8.30 i dag.")),
    # a lower-case word after a full stop does not start a sentence; a grade letter or a year ends one
    ("Målet nås ca. varannan termin. Alla ska nå minst E. 2024 var ett bra år.",
     ("Målet nås ca. varannan termin.", "Alla ska nå minst E.", "2024 var ett bra år.")),
    # "m.m." and "osv." close a sentence as often as not: before a capital they end it
    ("Vi läser, skriver m.m. Nästa år fortsätter vi osv. Klart.",
     ("Vi läser, skriver m.m.", "Nästa år fortsätter vi osv.", "Klart.")),
    # closing quotes and brackets stay with their sentence
    ('Eleverna sa "Det är lugnt." (Enkäten visar samma sak.) Vi fortsätter.',
     ('Eleverna sa "Det är lugnt."', "(Enkäten visar samma sak.)", "Vi fortsätter.")),
    # paragraphs, list items and headings; other line breaks are spaces
    (("Första stycket\nfortsätter här. Och slutar\n\nAndra stycket.\n- en punkt\n- en till. Med mer\n"
      "1. Numrerad\n## Rubrik\nText under"),
     ("Första stycket fortsätter här.", "Och slutar", "Andra stycket.", "en punkt", "en till.", "Med mer",
      "1. Numrerad", "Rubrik", "Text under")),
    ("", ()),
    ("   \n\n ", ()),
])
def test_split_sentences(text, sentences):
    assert split_sentences(text) == sentences


# -- the diff ------------------------------------------------------------------------------------

def test_sentence_diff_marks_removed_added_and_kept_sentences_in_reading_order():
    before = "Läsningen ökar. Studieron är låg. Närvaron är hög."
    after = "Läsningen ökar. Närvaron är hög. Skolbiblioteket har fått nya böcker."
    assert sentence_diff(before, after) == (
        Sentence("kept", "Läsningen ökar."), Sentence("removed", "Studieron är låg."),
        Sentence("kept", "Närvaron är hög."), Sentence("added", "Skolbiblioteket har fått nya böcker."))


def test_a_rewritten_sentence_stands_next_to_its_new_version_with_the_changed_words():
    before = "Behörigheten ökar men ligger fortfarande under målet. Skillnaderna är stora."
    after = "Skillnaden mot riket har minskat. Behörigheten ökar och närmar sig målet. Skillnaderna är stora."
    assert sentence_diff(before, after) == (
        Sentence("added", "Skillnaden mot riket har minskat."),
        Sentence("removed", "Behörigheten ökar men ligger fortfarande under målet.", (
            Segment("kept", "Behörigheten ökar"), Segment("removed", "men ligger fortfarande under"),
            Segment("kept", "målet."))),
        Sentence("added", "Behörigheten ökar och närmar sig målet.", (
            Segment("kept", "Behörigheten ökar"), Segment("added", "och närmar sig"), Segment("kept", "målet."))),
        Sentence("kept", "Skillnaderna är stora."))


def test_unlike_sentences_are_not_paired_and_whitespace_is_no_change():
    assert sentence_diff("Läsningen ökar.", "Studieron har blivit bättre i alla klasser.") == (
        Sentence("removed", "Läsningen ökar."), Sentence("added", "Studieron har blivit bättre i alla klasser."))
    assert sentence_diff("Samma  text\när kvar.", "Samma text är kvar.") == (
        Sentence("kept", "Samma text är kvar."),)
    assert sentence_diff("", "Ny text.") == (Sentence("added", "Ny text."),)


def test_fold_keeps_one_sentence_around_each_change_and_counts_the_rest():
    kept = [Sentence("kept", f"Mening {n}.") for n in range(1, 8)]
    changed = Sentence("added", "Ny mening.")
    assert fold((*kept[:4], changed, *kept[4:])) == (
        Sentence("folded", "", count=3), kept[3], changed, kept[4], Sentence("folded", "", count=2))
    # a single sentence is never folded: it is shown instead
    assert fold((kept[0], kept[1], changed)) == (kept[0], kept[1], changed)
    assert fold((changed, kept[0], kept[1], kept[2], changed)) == (changed, kept[0], kept[1], kept[2], changed)


# -- on the built page ---------------------------------------------------------------------------

KEPT = ("Eleverna läser mer än förut, t.ex. i skolbiblioteket.", "Studieron i årskurs 7–9 behöver förbättras.")
REMOVED = "Pojkarna lyckas sämre än flickorna i 2,5 ämnen."
ADDED = "Skolbiblioteket har öppet varje rast."
HOSTILE = "Enkäten <script>alert(1)</script> visar & bekräftar trygghet."


@pytest.fixture(scope="module")
def diff_page(tmp_path_factory) -> str:
    """Eneskolan 2024/25 in tests/fixtures/diff, its summary rewritten: a sentence removed, one added
    (with a script in it) and two kept, against the same kept sentences the year before."""
    project = make_project(tmp_path_factory.mktemp("textdiff"), REPO / "tests" / "fixtures" / "diff" / "content")
    for year, summary in (("2023-24", [KEPT[0], REMOVED, KEPT[1]]), ("2024-25", [KEPT[0], ADDED, KEPT[1], HOSTILE])):
        path = project / "content" / "years" / year / "units" / "eneskolan.yaml"
        plan = yaml.safe_load(path.read_text("utf-8"))
        plan["analysis"]["summary"] = " ".join(summary)
        path.write_text(yaml.safe_dump(plan, allow_unicode=True, sort_keys=False), "utf-8")
    html = read(build_site(project), "enheter/eneskolan/2024-25/index.html").split("<article", 1)[1]
    return html.split('id="forandringar-sedan-foregaende-ar"', 1)[1].split("<h2", 1)[0]


def _summary(section: str) -> str:
    return section.split("<dt>Sammanfattande analys</dt>", 1)[1].split("</dd>", 1)[0]


def test_removed_and_added_sentences_are_del_and_ins_with_hidden_prefixes(diff_page):
    summary = _summary(diff_page)
    hidden = '<span class="ska-visually-hidden">{}: </span>'
    assert f"<del>{hidden.format('Borttaget')}{REMOVED}</del>" in summary
    assert f"<ins>{hidden.format('Tillagt')}{ADDED}</ins>" in summary
    # the visible sign is for the eye only: the hidden prefix says it to a screen reader
    assert summary.count('<span class="ska-textdiff__sign" aria-hidden="true">−</span>') == 1
    assert summary.count('<span class="ska-textdiff__sign" aria-hidden="true">+</span>') == 2


def test_unchanged_sentences_are_not_marked(diff_page):
    items = re.findall(r"<li class=\"([^\"]+)\">(.*?)</li>", _summary(diff_page), re.DOTALL)
    for sentence in KEPT:
        assert ("ska-textdiff__kept", sentence) in items
    kept = [body for kind, body in items if kind == "ska-textdiff__kept"]
    assert not any(tag in body for body in kept for tag in ("<del", "<ins", "Borttaget", "Tillagt"))


def test_a_script_in_a_changed_sentence_stays_text(diff_page):
    summary = _summary(diff_page)
    assert "<script" not in diff_page
    assert "Enkäten &lt;script&gt;alert(1)&lt;/script&gt; visar &amp; bekräftar trygghet." in summary
    assert summary.count("Tillagt: ") == 2


def test_the_page_explains_the_signs(diff_page):
    assert "Ändrade texter visas mening för mening" in diff_page


# -- the stylesheet ------------------------------------------------------------------------------

def _luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _contrast(a: str, b: str) -> float:
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def _over(colour: str, alpha: float, background: str) -> str:
    """``colour`` at opacity ``alpha`` over ``background``, as the eye sees it."""
    mixed = (round(int(colour[i:i + 2], 16) * alpha + int(background[i:i + 2], 16) * (1 - alpha)) for i in (1, 3, 5))
    return "#" + "".join(f"{c:02x}" for c in mixed)


def test_marks_are_readable_in_both_palettes_and_on_paper():
    css = CSS.read_text("utf-8")
    values = {}
    for name in ("removed", "removed-bg", "added", "added-bg"):
        values[name] = re.findall(rf"--ska-{name}: (#[0-9a-f]{{6}});", css)
    light, dark, paper = ({k: v[n] for k, v in values.items()} for n in range(3))
    # Material's body text: 87 % black (light), hsl(225 15% 90%) at 82 % (slate), black on paper (ours);
    # slate's page is hsl(225 15% 14%)
    for palette, text, page in ((light, ("#000000", 0.87), "#ffffff"), (paper, ("#000000", 1), "#ffffff"),
                                (dark, ("#e2e4e9", 0.82), "#1e2129")):
        for kind in ("removed", "added"):
            assert _contrast(_over(*text, palette[f"{kind}-bg"]), palette[f"{kind}-bg"]) >= 4.5
            assert _contrast(palette[kind], palette[f"{kind}-bg"]) >= 4.5
            assert _contrast(palette[kind], page) >= 4.5


def test_hidden_prefixes_are_clipped_and_never_printed():
    css = CSS.read_text("utf-8")
    rule = re.search(r"\n\.ska-visually-hidden \{([^}]*)\}", css).group(1)
    assert "clip: rect(0, 0, 0, 0)" in rule and "position: absolute" in rule and "overflow: hidden" in rule
    printed = [block for block in css.split("@media print")[1:] if ".ska-visually-hidden" in block.split("\n}\n")[0]]
    assert printed and "display: none !important" in printed[0].split(".ska-visually-hidden", 1)[1]
    assert "print-color-adjust: exact" in css.split("ska-textdiff", 1)[1]
    assert "text-decoration: line-through" in css
