"""Problems found in content: what an editor is told, and the two ways of printing it."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Iterable

ERROR = "error"
WARNING = "warning"

# Characters that must never reach a terminal or a CI log as they are: C0 controls (escape
# sequences start with ESC, and a line break could forge a line), DEL, C1 controls, and the
# bidi marks, embeddings, overrides and isolates that reorder what a reader sees, and the
# invisible format characters (zero-width spaces and joiners, word joiner, BOM) that hide text.
UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")


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
