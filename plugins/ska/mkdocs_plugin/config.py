"""Typed options of the `ska` plugin in mkdocs.yml, each checked with a Swedish message for the editor."""

from __future__ import annotations

import datetime

from mkdocs.config import config_options as c
from mkdocs.config.base import Config, ValidationError

from ..content.problems import printable
from ..domain import MIN_GROUP

# Where every message sends the reader. MkDocs puts "Plugin 'ska' option '<name>':" in front of it.
WHERE = "under ska i plugins i mkdocs.yml"

MIN_GROUP_SIZE = (1, 1000)


def kind_of(value: object) -> str:
    """What a YAML value is, in words: what an editor sees in the file rather than a Python type."""
    if value is None:
        return "tomt"
    if isinstance(value, bool):
        return "sant eller falskt"
    if isinstance(value, int):
        return "ett heltal"
    if isinstance(value, float):
        return "ett decimaltal"
    if isinstance(value, str):
        return "text"
    if isinstance(value, (list, tuple)):
        return "en lista"
    if isinstance(value, dict):
        return "fält med värden"
    return "ett värde av fel slag"


def shown(value: object, limit: int = 60) -> str:
    """``value`` as an editor wrote it, short and safe to print in a terminal."""
    if isinstance(value, bool):
        return "true" if value else "false"
    text = printable(value if isinstance(value, str) else repr(value))
    return text if len(text) <= limit else text[: limit - 1] + "…"


class _Option(c.BaseConfigOption):
    """An option whose errors name it and show the line to write, in Swedish."""

    def __init__(self, default: object, example: str, meaning: str = ""):
        super().__init__()
        self.default, self.example, self.meaning = default, example, meaning

    def wrong(self, value: object, expected: str, what: str = "") -> ValidationError:
        meaning = f" ({self.meaning})" if self.meaning else ""
        got = what or (kind_of(value) if value is None else f"{kind_of(value)}: {shown(value)}")
        return ValidationError(f"{self._name}{meaning} ska vara {expected}, men är {got}. "
                               f"Skriv till exempel `{self.example}` {WHERE}.")


class Switch(_Option):
    """true or false (YAML reads yes/no/on/off as booleans too)."""

    def run_validation(self, value: object) -> bool:
        if not isinstance(value, bool):
            raise self.wrong(value, "true eller false")
        return value


class WholeNumber(_Option):
    """An integer from ``minimum`` to ``maximum``, both included; not a decimal, text or true/false."""

    def __init__(self, minimum: int, maximum: int, default: int, example: str, meaning: str = ""):
        super().__init__(default, example, meaning)
        self.minimum, self.maximum = minimum, maximum

    def run_validation(self, value: object) -> int:
        expected = f"ett heltal från {self.minimum} till {self.maximum}"
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.wrong(value, expected)
        if not self.minimum <= value <= self.maximum:
            raise self.wrong(value, expected, str(value))
        return value


class Text(_Option):
    """One text."""

    def run_validation(self, value: object) -> str:
        if not isinstance(value, str):
            raise self.wrong(value, "text")
        return value


class OneOf(_Option):
    """One of a few words."""

    def __init__(self, choices: tuple[str, ...], default: str, example: str, meaning: str = ""):
        super().__init__(default, example, meaning)
        self.choices = choices

    def run_validation(self, value: object) -> str:
        if value not in self.choices:
            raise self.wrong(value, "ett av " + ", ".join(self.choices))
        return value


class Date(_Option):
    """A date written YYYY-MM-DD (YAML reads it as a date; quoted, it is text), kept as that text."""

    def run_validation(self, value: object) -> str:
        if isinstance(value, datetime.date):
            return value.isoformat()
        try:
            return datetime.date.fromisoformat(value).isoformat() if isinstance(value, str) and value else value
        except ValueError:
            raise self.wrong(value, "ett datum som ÅÅÅÅ-MM-DD") from None


class TextList(_Option):
    """A list of texts (ids); empty by default, and when left empty in the file."""

    def __init__(self, example: str, meaning: str = ""):
        super().__init__([], example, meaning)

    def run_validation(self, value: object) -> list[str]:
        if value is None:
            return []
        if not isinstance(value, list):
            raise self.wrong(value, "en lista med text")
        for item in value:
            if not isinstance(item, str):
                raise self.wrong(item, "en lista med text", f"en lista där en post är {kind_of(item)}: {shown(item)}")
        return list(value)


class AccessibilityConfig(Config):
    """The accessibility statement's facts (site/statement.py). Without ``contact`` no statement is made."""

    organisation = Text(default="", example="organisation: Åsby kommun", meaning="vem som står bakom sajten")
    contact = Text(default="", example="contact: tillganglighet@asby.example",
                   meaning="e-post eller webbadress dit läsare rapporterar brister")
    phone = Text(default="", example="phone: 0123-456 00")
    response_time = Text(default="", example="response_time: inom fem arbetsdagar")
    status = OneOf(("helt", "delvis", "inte"), default="delvis", example="status: delvis",
                   meaning="hur väl sajten uppfyller lagen om tillgänglighet till digital offentlig service")
    known_gaps = TextList(example="known_gaps: [Diagrammen saknar mönster för den som inte ser färger.]",
                          meaning="kända brister")
    method = Text(default="", example="method: Vi har granskat sajten själva med axe-core och för hand.")
    reviewed = Date(default="", example="reviewed: 2026-12-01", meaning="när sajten senast granskades")
    published = Date(default="", example="published: 2025-08-15", meaning="när sajten publicerades")


class SkaConfig(Config):
    enabled = Switch(default=True, example="enabled: false")
    """false: the plugin does nothing at all; the site is built from docs/ alone, as plain MkDocs would."""

    min_group_size = WholeNumber(*MIN_GROUP_SIZE, default=MIN_GROUP, example=f"min_group_size: {MIN_GROUP}",
                                 meaning="minsta antal elever bakom en siffra som publiceras")
    """Figures based on fewer pupils than this are shown as ".." and never published."""

    years_nav = Text(default="ar/index.md", example="years_nav: ar/index.md")
    """The nav entry under which each school year's summary and school-form pages are listed."""

    preview = TextList(example="preview: [eneskolan]", meaning="enheter att förhandsgranska")
    """Unit ids: build only their pages, the year summaries and the index pages (an editor's quick
    preview). The environment variable SKA_PREVIEW=id,id overrides it."""

    history_uri = Text(default="commits/main/", example="history_uri: -/commits/main/")
    """Joined with repo_url and a content file's path to link to that file's history
    (GitHub: commits/main/; GitLab: -/commits/main/). Empty: no link."""

    accessibility = c.SubConfig(AccessibilityConfig)
    """The accessibility statement (tillganglighet/): DOS-lagen asks every public site for one."""

    committee = Text(default="Barn- och utbildningsnämnden", example="committee: Barn- och utbildningsnämnden",
                     meaning="nämnden som får rapporten")
    """The committee named on the PDF report's cover (workflow/report.py)."""

    report_pdf = Switch(default=False, example="report_pdf: true")
    """true: the build also prints each year summary as a PDF for the committee's papers, beside the page
    (ar/<year>/kvalitetsrapport-<year>.pdf), and the summary links it. It needs Chromium and playwright
    (pip install -e '.[pdf]', apt-get install chromium). The environment variable SKA_REPORT_PDF=0 or 1
    overrides it (`ska rapport` builds with 0: it prints the one report it was asked for)."""
