"""Problems found in content: what an editor is told, and the ways of printing it (terminal, GitHub, GitLab)."""

from __future__ import annotations

import hashlib
import json
import math
import re
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Iterable

from ..formatting import round_half_up

ERROR = "error"
WARNING = "warning"

# Characters that must never reach a terminal or a CI log as they are: C0 controls (escape
# sequences start with ESC, and a line break could forge a line), DEL, C1 controls, and the
# bidi marks, embeddings, overrides and isolates that reorder what a reader sees, and the
# invisible format characters (zero-width spaces and joiners, word joiner, BOM) that hide text.
# \ud800-\udfff: a lone surrogate (JSON can write one as "\\ud800") cannot even be encoded for the terminal
UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u2069"
                         "\ud800-\udfff\ufeff]")


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with one file, in words an editor understands.

    ``path`` is where in the document the problem sits (keys and list
    indexes); ``line`` and ``column`` (1-based) are filled in from it when the
    problem is reported, unless the reader already knew them.
    """

    file: str
    line: int = 0
    column: int = 0
    message: str = field(default="", compare=False)
    hint: str = field(default="", compare=False)
    field_title: str = field(default="", compare=False)
    path: tuple = field(default=(), compare=False)
    severity: str = field(default=ERROR, compare=False)

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR

    def at(self, line: int, column: int) -> "Problem":
        return replace(self, line=line, column=column)

    @property
    def where(self) -> str:
        """The field in words and its path, e.g. «"Nämnare" (results[2].total.denominator)»."""
        parts = []
        if self.field_title:
            parts.append(f"”{self.field_title}”")
        if self.path:
            parts.append(f"({format_path(self.path)})")
        return " ".join(parts)


class LoadFailure(Exception):
    """The file cannot be read as content at all; ``problem`` says why."""

    def __init__(self, problem: Problem):
        super().__init__(problem.message)
        self.problem = problem


def format_path(path: Iterable) -> str:
    """``("results", 2, "total")`` → ``results[2].total``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def printable(text: str) -> str:
    """``text`` safe to print: each unprintable character shown as its escape, e.g. ``\\x1b`` or ``\\u202e``."""
    return UNPRINTABLE.sub(lambda match: ascii(match.group())[1:-1], str(text))


def printable_lines(text: str, indent: str) -> list[str]:
    """``text`` line by line, printable, with every line after the first indented so none reads as a new entry."""
    first, *rest = str(text).split("\n")
    return [printable(first), *(indent + printable(line) for line in rest)]


# -- numbers in what an editor is told --------------------------------------------
#
# A figure shown in a message has a decimal comma, as everywhere in Swedish ("85,9"). A number the
# editor is told to *write* in a file keeps its point, since YAML reads 85,9 as text: such a hint
# says so in words (WRITE_POINT). The site's own formatting (formatting.py, Babel) is not imported
# here, so that checking content needs nothing of the site.

WRITE_POINT = "med punkt som decimaltecken i filen"


def _decimal(value: int | float | Decimal) -> Decimal:
    """A float as the decimal it prints as (85.9, not 85.900000000000005684…)."""
    if isinstance(value, Decimal):
        return value
    return Decimal(repr(float(value))) if isinstance(value, float) else Decimal(int(value))


def _is_number(value: object) -> bool:
    return isinstance(value, (int, float, Decimal)) and not isinstance(value, bool) and math.isfinite(value)


def written(value: object) -> str:
    """A number as it is written in YAML: ``85.9``, ``64``, ``0.00001`` (never ``1e-05``)."""
    return format(_decimal(value), "f") if _is_number(value) else str(value)


def figure(value: object, decimals: int | None = None) -> str:
    """A number shown to an editor: ``85.9`` → ``"85,9"``, ``-2.5`` → ``"-2,5"``; ``decimals`` rounds half-up."""
    if not _is_number(value):
        return str(value)
    exact = _decimal(value) if decimals is None else round_half_up(value, decimals)
    return format(exact, "f").replace(".", ",")


def to_write(value: object) -> str:
    """A number an editor is told to write: ``"85.9 (med punkt som decimaltecken i filen)"``, ``"64"``."""
    text = written(value)
    return f"{text} ({WRITE_POINT})" if "." in text else text


# -- "did you mean" ----------------------------------------------------------------


def _edits(a: str, b: str) -> int:
    """Letters to add, drop, change or swap (two neighbours) to turn ``a`` into ``b``."""
    before, row = None, list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            cost = min(row[j] + 1, current[j - 1] + 1, row[j - 1] + (ca != cb))
            if before is not None and i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                cost = min(cost, before[j - 2] + 1)
            current.append(cost)
        before, row = row, current
    return row[-1]


_NUMBERS = re.compile(r"[0-9]+")
_PARTS = re.compile(r"[-_ ]+")


def probably_meant(word: object, candidates: Iterable[object]) -> str | None:
    """The one candidate an editor almost surely meant by ``word``, else None.

    Suggested only for a slip of the keyboard: one letter added, dropped, changed or two swapped
    (two in names of 16 letters or more), with the same numbers (åk 6 is not åk 9), no whole
    part of an id changed (behorighet-es-ak9 is not behorighet-yrkes-ak9), never for codes of one
    or two letters (rater roles U, VC, R, FL), and only when a single candidate fits."""
    if not isinstance(word, str) or len(word.strip()) < 3:
        return None
    typed = word.strip().lower()
    found = []
    for candidate in candidates:
        if not isinstance(candidate, str) or len(candidate) < 3 or candidate == word:
            continue
        known = candidate.lower()
        if _NUMBERS.findall(known) != _NUMBERS.findall(typed):
            continue
        limit = 1 if max(len(known), len(typed)) < 16 else 2
        if _edits(typed, known) > limit:
            continue
        parts, typed_parts = _PARTS.split(known), _PARTS.split(typed)
        if len(parts) == len(typed_parts) and any(
                _edits(a, b) * 2 >= max(len(a), len(b)) for a, b in zip(typed_parts, parts) if a != b):
            continue  # a whole part of the name is different, not misspelt
        found.append(candidate)
    return found[0] if len(found) == 1 else None


def sort_problems(problems: Iterable[Problem]) -> list[Problem]:
    return sorted(problems, key=lambda p: (p.file, p.line, p.column, p.message))


def format_text(problems: list[Problem]) -> str:
    """Plain text for a terminal: one block per problem, then a count."""
    lines = []
    for p in problems:
        label = "fel" if p.is_error else "varning"
        head = f"{p.file}:{p.line}:{p.column}: {label}:"
        if p.where:
            head += f" {p.where}:"
        lines += printable_lines(f"{head} {p.message}", "    ")
        if p.hint:
            lines += printable_lines(f"    Gör så här: {p.hint}", "        ")
    lines.append(summary_line(problems))
    return "\n".join(lines)


def format_github(problems: list[Problem]) -> str:
    """Workflow commands that GitHub (and Forgejo/Gitea) show inline on the changed lines."""

    def escape(text: str) -> str:
        return printable(text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))

    def escape_property(text: str) -> str:
        return escape(text).replace(":", "%3A").replace(",", "%2C")

    lines = []
    for p in problems:
        kind = "error" if p.is_error else "warning"
        title = escape_property(p.field_title or "Innehåll")
        body = p.message + (f" Gör så här: {p.hint}" if p.hint else "")
        lines.append(
            f"::{kind} file={escape_property(p.file)},line={p.line},col={p.column},"
            f"title={title}::{escape(body)}"
        )
    lines.append(summary_line(problems))
    return "\n".join(lines)


def summary_line(problems: list[Problem]) -> str:
    errors = sum(p.is_error for p in problems)
    warnings = len(problems) - errors
    if not problems:
        return "Inga problem hittades."
    return f"{errors} fel och {warnings} varningar."


GITLAB_SEVERITY = {ERROR: "major", WARNING: "minor"}


def format_gitlab(problems: list[Problem]) -> str:
    """GitLab's Code Quality report (JSON), which GitLab shows in the merge request and beside the changed lines.

    The fingerprint names the problem, not its line (file, field path, message), so that GitLab can tell a
    problem that is still there from one that is new; two alike in one file are told apart by their order."""
    seen: dict[str, int] = {}
    issues = []
    for p in problems:
        key = "\0".join((p.file, format_path(p.path), p.message))
        seen[key] = seen.get(key, 0) + 1
        body = p.message + (f" Gör så här: {p.hint}" if p.hint else "")
        issues.append({
            "description": printable(f"{p.where}: {body}" if p.where else body),
            "check_name": "ska-" + ("fel" if p.is_error else "varning"),
            "fingerprint": hashlib.sha256(f"{key}\0{seen[key]}".encode("utf-8")).hexdigest(),
            "severity": GITLAB_SEVERITY.get(p.severity, "info"),
            "location": {"path": p.file, "lines": {"begin": max(1, p.line)}},
        })
    return json.dumps(issues, ensure_ascii=False, indent=2)
