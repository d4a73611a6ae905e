"""What the page models are made of: a page, a formatted figure, the site's addresses, and the
shared words for what a municipal figure covers."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from .. import formatting as fmt
from ..analysis.figures import Figure
from ..domain import school_year_slug
from ..model import Indicator


@dataclass(frozen=True)
class Cell:
    """One formatted figure: its text, a numeric key for sorting, a tooltip."""

    text: str
    sort: float | None = None
    title: str = ""
    suppressed: bool = False


@dataclass(frozen=True)
class Page:
    """A generated page: where it goes, what it is called, which template draws it, from which file."""

    path: str
    title: str
    template: str
    context: dict | Callable[[], dict]
    """What the template shows. Unit pages, most of the site, give a function that computes it:
    it runs where the page is rendered, on all cores (``render.render_all``)."""
    source: str = ""
    covers: tuple[str, ...] = ()
    """Content files the page's figures come from, beside ``source``: the newest change among them is
    the date of its data."""
    in_nav: bool = False
    nav_title: str = ""


@dataclass
class Site:
    pages: list[Page] = field(default_factory=list)
    downloads: dict[str, str] = field(default_factory=dict)  # path → school year
    unit_downloads: dict[str, str] = field(default_factory=dict)  # path → unit id (all its school years)
    staff_downloads: dict[str, str] = field(default_factory=dict)  # path → school year (extra_downloads)


def unit_year_path(unit: str, year: str) -> str:
    return f"enheter/{unit}/{school_year_slug(year)}.md"


def unit_path(unit: str) -> str:
    return f"enheter/{unit}/index.md"


def year_path(year: str) -> str:
    return f"ar/{school_year_slug(year)}/index.md"


def form_path(year: str, form: str) -> str:
    return f"ar/{school_year_slug(year)}/{form}.md"


def changes_path(year: str) -> str:
    return f"ar/{school_year_slug(year)}/forandringar.md"


def gender_path(year: str) -> str:
    """Results of a school year by stage and gender."""
    return f"ar/{school_year_slug(year)}/kon.md"


def spread_path(year: str) -> str:
    """The spread across units of a school year (charts and tables of every unit)."""
    return f"ar/{school_year_slug(year)}/spridning.md"


def themes_path(year: str) -> str:
    """The units' improvement areas of a school year, by theme."""
    return f"ar/{school_year_slug(year)}/teman.md"


def self_assessment_path(year: str) -> str:
    """The units' self-assessment of a school year, per unit and strategy."""
    return f"ar/{school_year_slug(year)}/sjalvskattning.md"


def indicator_path(indicator: str) -> str:
    return f"indikatorer/{indicator}.md"


def download_path(year: str, ext: str) -> str:
    slug = school_year_slug(year)
    return f"ar/{slug}/resultat-{slug}.{ext}"


def unit_download_path(unit: str, ext: str) -> str:
    return f"enheter/{unit}/resultat-{unit}.{ext}"


def people(indicator: Indicator) -> str:
    """What an indicator's denominator counts, in words: its own (e.g. "svarande elever"), else
    "barn" for preschool indicators and "elever" for the rest."""
    if indicator.denominator:
        return indicator.denominator
    return "barn" if indicator.school_forms and set(indicator.school_forms) == {"forskola"} else "elever"


def coverage(figure: Figure | None, indicator: Indicator) -> dict | None:
    """What a municipal figure covers, in words: ``text`` "24 av 26 enheter · 2 498 elever",
    ``left_out`` ("2 enheter saknar antal och ingår inte", …), ``complete`` (no unit left
    out) and ``title`` (all of it on one line, for a tooltip). None without a figure."""
    if figure is None or not figure.units_reporting:
        return None
    text = f"{fmt.number(figure.units_covered, 0)} av {fmt.count(figure.units_reporting, 'enhet', 'enheter')}"
    if figure.denominator is not None and not figure.suppressed:
        text += f" · {fmt.number(figure.denominator, 0)} {people(indicator)}"
    left_out = [f"{fmt.count(n, 'enhet', 'enheter')} {words} och ingår inte" for n, words in (
        (figure.left_out_no_counts, "saknar antal"),
        # One reason for both: which of a hidden pair was the small one is itself a hidden fact.
        (figure.left_out_too_few + figure.left_out_suppressed,
         f"har dolda siffror (för få {people(indicator)})"),
        (figure.left_out_missing, "saknar värde")) if n]
    return {"text": text, "left_out": left_out, "complete": not left_out, "title": " · ".join([text, *left_out])}


"""What an official figure covers (``OfficialResult.scope``), in words."""


def official_label(officials: list) -> str:
    """The name of an official series in a chart: "Officiell siffra (Kolada N15505)"; sources that differ
    only in their date after a comma ("Skolverket, 2024-09-30") are named once ("Skolverket")."""
    sources = list(dict.fromkeys(o.source.split(",")[0].strip() for o in officials))
    return f"Officiell siffra ({' / '.join(sources)})" if sources else "Officiell siffra"
