"""The municipality as generated: its years, units and programmes, and content/programmes.yaml."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date

from .text import PROGRAMMES
from .units import UnitSpec
from .years import first_day, last_day, term_start, year_end


@dataclass
class Municipality:
    """Everything generated for one owner: years, units, programmes and the seed."""

    first: int
    last: int
    units: list[UnitSpec]
    programmes: list[dict]
    seed: int | str = 0
    inspection_rate: float = 0.04
    name: str = ""
    """Written in each school year's municipality file when given."""

    @property
    def years(self) -> range:
        return range(self.first, self.last + 1)

    @property
    def report_date(self) -> date:
        """The day the latest plans were written: used to decide inspection statuses."""
        return date(self.last + 1, 9, 15)

    def programmes_for(self, unit_id: str, start: int) -> list[dict]:
        return [p for p in self.programmes if unit_id in p["units"] and programme_active(p, start)]


def programme_active(programme: dict, start: int) -> bool:
    """Whether a programme runs during school year ``start``/``start + 1``."""
    begins = first_day(programme["start"])
    ends = last_day(programme["end"]) if programme.get("end") else date.max
    return begins <= year_end(start) and ends >= date(start, 7, 1)


def _programme(programme_id: str, begins: date, ends: date | None, units: list[str]) -> dict:
    text = PROGRAMMES[programme_id]
    out = {"id": programme_id, "name": text["name"], "description": text["description"], "owner": text["owner"],
           "start": begins.isoformat()}
    if ends:
        out["end"] = ends.isoformat()
    out.update(scope=text["scope"], units=units, aims=list(text["aims"]), indicators=list(text["indicators"]),
               evaluation=text["evaluation"])
    return out


def make_programmes(rng: random.Random, units: list[UnitSpec], first: int, last: int) -> list[dict]:
    """Programmes that span several units and years, drawn from units active during them."""

    def pick(kinds: tuple[str, ...], begins: date, ends: date | None, count: int) -> list[str]:
        fits = [u.id for u in units if u.kind in kinds and u.opened <= begins and (u.closed is None or (ends and u.closed >= ends))]
        return sorted(rng.sample(fits, min(count, len(fits))))

    out = []
    begins, ends = term_start(first), year_end(min(last, first + 2))
    chosen = pick(("forskola", "f6", "f9", "79"), begins, ends, max(3, len(units) // 12))
    if chosen:
        out.append(_programme("samverkan-for-basta-skola", begins, ends, chosen))
    if last > first:
        begins = term_start(last - 1)
        chosen = pick(("f6", "f3", "f9"), begins, None, max(2, len(units) // 15))
        if chosen:
            out.append(_programme("lasa-for-livet", begins, None, chosen))
    return out


def programmes_document(programmes: list[dict]) -> dict:
    """The content of content/programmes.yaml."""
    return {"programmes": programmes}
