"""School years and the dates of their terms."""

from __future__ import annotations

from datetime import date, timedelta


def school_year(start: int) -> str:
    """2024 → "2024/25"."""
    return f"{start}/{(start + 1) % 100:02d}"


def year_folder(start: int) -> str:
    """2024 → "2024-25"."""
    return f"{start}-{(start + 1) % 100:02d}"


def weekday_on_or_after(day: date, weekday: int) -> date:
    """The first ``weekday`` (0 = Monday) on or after ``day``."""
    return day + timedelta(days=(weekday - day.weekday()) % 7)


def workday(day: date) -> date:
    """The day itself, or the Monday after it if it falls on a weekend."""
    return day + timedelta(days=max(0, 7 - day.weekday()) if day.weekday() >= 5 else 0)


def term_start(start: int) -> date:
    """First day of the autumn term: the Monday between 14 and 20 August."""
    return weekday_on_or_after(date(start, 8, 14), 0)


def term_end(start: int) -> date:
    """Last day of the spring term: the Friday between 9 and 15 June."""
    return weekday_on_or_after(date(start + 1, 6, 9), 4)


def first_day(text: str) -> date:
    """A date or a month as written in content ("2023-08") → its first day."""
    return date.fromisoformat(text + "-01" if len(text) == 7 else text)


def last_day(text: str) -> date:
    """A date or a month as written in content ("2025-06") → its last day."""
    if len(text) != 7:
        return date.fromisoformat(text)
    day = first_day(text)
    return date(day.year + day.month // 12, day.month % 12 + 1, 1) - timedelta(days=1)


def year_end(start: int) -> date:
    """Last day of the school year (30 June)."""
    return date(start + 1, 6, 30)
