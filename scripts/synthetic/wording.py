"""Swedish numbers and sentences about results, for the running text of generated plans."""

from __future__ import annotations

from ska import formatting

from .figures import figure_value, total_value
from .text import INDICATOR_BY_ID, PHRASE, STAGE_WORDS


def sv_number(value: float, decimals: int = 1) -> str:
    """Swedish number for running text in content files (plain spaces, not the site's no-break spaces)."""
    return formatting.number(value, decimals).replace(formatting.NBSP, " ")


def sv_percent(value: float, decimals: int = 1) -> str:
    """Swedish percentage for running text, e.g. "66,3 %"."""
    return formatting.percent(value, decimals).replace(formatting.NBSP, " ")


def sv_change(diff: float, unit: str, decimals: int = 1) -> str:
    """A signed change in words, e.g. "+2,3 procentenheter"."""
    sign = "+" if diff > 0 else "−" if diff < 0 else "±"
    return f"{sign}{sv_number(abs(diff), decimals)} {unit}"


def describe(result: dict, previous: float | None) -> str:
    """"Andelen elever som upplever studiero i årskurs 4–6 var 66,3 % (62,0 % föregående läsår)." """
    indicator = result["indicator"]
    words, unit_words = PHRASE.get(indicator, (INDICATOR_BY_ID[indicator]["name"].lower(), "enheter"))
    words += " " + STAGE_WORDS[result["stage"]] if result.get("stage") in STAGE_WORDS else ""
    value = total_value(result)
    if value is None:
        return f"{words[0].upper()}{words[1:]} redovisas inte i år eftersom gruppen är för liten."
    is_points = INDICATOR_BY_ID[indicator]["unit"] != "percent"
    shown = sv_number(value) + " poäng" if is_points else sv_percent(value)
    text = f"{words[0].upper()}{words[1:]} var {shown}"
    if previous is None:
        return text + "."
    old = sv_number(previous) + " poäng" if is_points else sv_percent(previous)
    diff = value - previous
    if abs(diff) < 0.05:
        return text + ", samma som föregående läsår."
    return text + f" jämfört med {old} föregående läsår ({sv_change(diff, unit_words)})."


def gender_gap(result: dict | None) -> str | None:
    """A sentence on the gap between girls and boys, or None if either is not shown."""
    girls, boys = figure_value((result or {}).get("girls")), figure_value((result or {}).get("boys"))
    if girls is None or boys is None:
        return None
    indicator = result["indicator"]
    unit_words = PHRASE.get(indicator, ("", "procentenheter"))[1]
    words = PHRASE.get(indicator, (INDICATOR_BY_ID[indicator]["name"].lower(), ""))[0]
    diff = girls - boys
    if abs(diff) < 1:
        return f"Skillnaden mellan flickor och pojkar är liten när det gäller {words}."
    higher, lower = ("flickorna", "pojkarna") if diff > 0 else ("pojkarna", "flickorna")
    return (f"När det gäller {words} ligger {higher} {sv_number(abs(diff))} {unit_words} högre än {lower} "
            f"({sv_number(max(girls, boys))} mot {sv_number(min(girls, boys))}).")


def join(items: list[str]) -> str:
    """["a", "b", "c"] → "a, b och c"."""
    items = list(items)
    if not items:
        return ""
    if len(items) == 1:
        return items[0]
    return ", ".join(items[:-1]) + " och " + items[-1]
