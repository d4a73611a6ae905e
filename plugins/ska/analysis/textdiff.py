"""What changed in a free text between two years: word by word (the terminal) and sentence by sentence (the site).

A plan's texts are Swedish prose (Markdown); ``split_sentences`` cuts them where a reader
sees a sentence end, not at "t.ex." or "bl.a." or inside "2.5". ``sentence_diff`` marks
each sentence kept, removed or added, pairs a rewritten sentence with its new version
(its changed words marked too) and ``fold`` shortens long runs of unchanged sentences.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

MIN_KEPT = 3  # shorter unchanged runs between two changes are shown as part of the change
SIMILAR = 0.4  # difflib ratio of their words from which a removed and an added sentence are one rewritten sentence
CONTEXT = 1  # unchanged sentences shown next to a change; longer runs are folded


@dataclass(frozen=True)
class Segment:
    """A run of words in a word diff: ``kind`` is "kept", "removed" or "added"."""

    kind: str
    text: str


@dataclass(frozen=True)
class Sentence:
    """A sentence in a sentence diff: ``kind`` is "kept", "removed" or "added", or "folded" for
    ``count`` unchanged sentences left out (``text`` is then empty).

    A removed sentence rewritten into an added one carries its ``words``: the kept words and
    the ones that differ from the other version ("removed" in the old one, "added" in the new).
    """

    kind: str
    text: str
    words: tuple[Segment, ...] = ()
    count: int = 0


def word_diff(before: str, after: str) -> tuple[Segment, ...]:
    """Words kept, removed and added; whitespace (line breaks too) counts as one space.

    A run of fewer than MIN_KEPT unchanged words between two changes (an "i" or "och" that
    two rewritten sentences happen to share) is folded into the change, so a rewrite reads
    as one removal and one addition.
    """
    a, b = before.split(), after.split()
    opcodes = difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
    out: list[Segment] = []
    removed: list[str] = []
    added: list[str] = []
    for n, (op, i1, i2, j1, j2) in enumerate(opcodes):
        if op == "equal" and (n in (0, len(opcodes) - 1) or i2 - i1 >= MIN_KEPT):
            out += [Segment(kind, " ".join(words)) for kind, words in (("removed", removed), ("added", added)) if words]
            removed, added = [], []
            out.append(Segment("kept", " ".join(a[i1:i2])))
        else:
            removed += a[i1:i2]
            added += b[j1:j2]
    out += [Segment(kind, " ".join(words)) for kind, words in (("removed", removed), ("added", added)) if words]
    return tuple(out)


# -- sentences ---------------------------------------------------------------

# Abbreviations a sentence does not end at, even before a capital or a figure ("t.ex. Skolverket",
# "ca. 20 elever"). Any short letters-and-dots word ("bl.a.", "fr.o.m.", "d.v.s.") counts too,
# except the few that usually close a list at the end of a sentence ("m.m.", "osv.").
ABBREVIATIONS = frozenset({"ca.", "dvs.", "resp.", "jfr.", "kl.", "nr.", "st.", "ev.", "inkl.", "exkl.", "enl.",
                           "obs.", "tex.", "pga.", "sk.", "fd.", "prof.", "doc.", "mån.", "tis.",
                           "ons.", "tors.", "fre.", "lör.", "sön.", "jan.", "feb.", "aug.", "sept.", "okt.",
                           "nov.", "dec."})
SENTENCE_ENDING = frozenset({"m.m.", "mm.", "m.fl.", "mfl.", "o.s.v.", "osv.", "etc.", "o.dyl.", "o.likn."})
_DOTTED = re.compile(r"[a-zåäöé]{1,4}(\.[a-zåäöé]{1,4})+\.")
_END = re.compile(r"[.!?…]+[\"”’»)\]]*\s+")  # end punctuation, closing quotes or brackets, then space
_OPENERS = "\"”“«'‘(["
_ITEM = re.compile(r"[ \t]*(?:[-*+]|\d{1,3}[.)])[ \t]")  # a line that starts a Markdown list item
_HEADING = re.compile(r"[ \t]{0,3}#{1,6}(?:[ \t]|$)")
_BULLET = re.compile(r"^(?:[-*+][ \t]+|#+[ \t]*)")


def split_sentences(text: str) -> tuple[str, ...]:
    """The sentences of ``text``, each on one line (runs of whitespace as one space).

    Paragraphs (a blank line), list items and headings always start a new sentence, without
    their bullet or "#"; other line breaks are spaces, as in Markdown. Within a paragraph a
    sentence ends at ".", "!", "?" or "…" (and any closing quote or bracket) followed by a
    space and a capital letter, a figure or an opening quote or bracket, but not after an
    abbreviation ("t.ex.", "bl.a.") or a lone number ("1."). Decimals ("2,5", "2.5") never split.
    """
    out: list[str] = []
    for paragraph in re.split(r"\n[ \t]*\n", text.replace("\r\n", "\n").replace("\r", "\n")):
        for block in _blocks(paragraph.split("\n")):
            block = _BULLET.sub("", " ".join(block.split()))
            out += _sentences(block + " ") if block else []
    return tuple(out)


def _blocks(lines: list[str]) -> list[str]:
    """A paragraph's lines joined into blocks: a list item or a heading starts one, a heading is one line."""
    blocks: list[str] = []
    heading = False
    for line in lines:
        if not blocks or heading or _ITEM.match(line) or _HEADING.match(line):
            blocks.append(line)
        else:
            blocks[-1] += " " + line
        heading = bool(_HEADING.match(line))
    return blocks


def _sentences(block: str) -> list[str]:
    out, start = [], 0
    for end in _END.finditer(block):
        rest = block[end.end():]
        if rest and not (rest[0].isupper() or rest[0].isdigit() or rest[0] in _OPENERS):
            continue
        sentence = block[start:end.end()].strip()
        if _ends_in_abbreviation(sentence) or not any(c.isalpha() for c in sentence):
            continue
        out.append(sentence)
        start = end.end()
    last = block[start:].strip()
    return out + [last] if last else out


def _ends_in_abbreviation(sentence: str) -> bool:
    word = sentence.rsplit(None, 1)[-1].lstrip(_OPENERS).lower()
    if not word.endswith(".") or word in SENTENCE_ENDING:
        return False
    return word in ABBREVIATIONS or bool(_DOTTED.fullmatch(word))


def sentence_diff(before: str, after: str) -> tuple[Sentence, ...]:
    """The sentences of both texts in reading order: kept, removed (where they stood) and added.

    Sentences are compared with their whitespace made single spaces. Where a changed stretch
    has a removed sentence much like an added one (SIMILAR), the two stand together, old
    before new, with the words that differ marked in each.
    """
    a, b = split_sentences(before), split_sentences(after)
    out: list[Sentence] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            out += [Sentence("kept", s) for s in a[i1:i2]]
        else:
            out += _rewritten(a[i1:i2], b[j1:j2])
    return tuple(out)


def _rewritten(old: tuple[str, ...], new: tuple[str, ...]) -> list[Sentence]:
    out: list[Sentence] = []
    j = 0
    for sentence in old:
        scores = [(_likeness(sentence, new[k]), -k) for k in range(j, len(new))]
        best = max(scores, default=(0.0, 0))
        if best[0] < SIMILAR:
            out.append(Sentence("removed", sentence))
            continue
        k = -best[1]
        out += [Sentence("added", s) for s in new[j:k]]
        words = word_diff(sentence, new[k])
        if not any(w.kind == "kept" for w in words):
            words = ()
        out += [Sentence("removed", sentence, tuple(w for w in words if w.kind != "added")),
                Sentence("added", new[k], tuple(w for w in words if w.kind != "removed"))]
        j = k + 1
    return out + [Sentence("added", s) for s in new[j:]]


def _likeness(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, a.split(), b.split(), autojunk=False).ratio()


def fold(sentences: tuple[Sentence, ...], context: int = CONTEXT) -> tuple[Sentence, ...]:
    """Runs of unchanged sentences cut to ``context`` next to each change; what is left out
    becomes one "folded" sentence that counts them (never a single one: it is shown instead)."""
    out: list[Sentence] = []
    n = 0
    while n < len(sentences):
        if sentences[n].kind != "kept":
            out.append(sentences[n])
            n += 1
            continue
        end = n
        while end < len(sentences) and sentences[end].kind == "kept":
            end += 1
        head = context if n > 0 else 0  # after a change
        tail = context if end < len(sentences) else 0  # before a change
        if end - n - head - tail >= 2:
            out += [*sentences[n:n + head], Sentence("folded", "", count=end - n - head - tail),
                    *sentences[end - tail:end]]
        else:
            out += sentences[n:end]
        n = end
    return tuple(out)
