"""The year summary's "Effekt av insatserna": for each programme running in the school year, one short line per
indicator it targets: the verdict in plain Swedish, the difference in differences in procentenheter with its
95 % interval, and both groups' sizes, as the programme page shows them with the years up to this one (so a
year's summary says what was known that year). Indicators and stages whose verdict comes without a figure (the
same verdict) share one line, so the printed summary stays short."""

from __future__ import annotations

from .. import formatting as fmt
from ..analysis.effect import indicator_effects
from ..domain import running, school_year_bounds
from ..labels import EFFECT_VERDICTS_SHORT, STAGES
from .programme_views import programme_path, shown_changes


def _size(pooled) -> str:
    """A group's pupils (units) as the programme page's table shows them: ".." where its share is not shown."""
    if pooled.share is None:
        return fmt.SUPPRESSED if pooled.units or pooled.left_out else "–"
    return f"{fmt.number(pooled.denominator, 0)} ({fmt.number(pooled.units, 0)})"


def effect_summary(content, results, year: str) -> list[dict]:
    """Per programme running in ``year`` (in the catalogue's order): its name, page and lines."""
    start, end = school_year_bounds(year)
    out = []
    for programme in content.programmes.values():
        if not running(programme.start, programme.end, start, end):
            continue
        lines: list[dict] = []
        for e in indicator_effects(content, results, programme, results.min_group, until=year):
            indicator = content.indicators[e.indicator]
            stage = STAGES.get(e.stage, e.stage) if e.stage else ""
            last = next((r for r in reversed(e.rows[1:]) if r.did is not None), None)
            shown = e.rows[-1] if len(e.rows) > 1 else None
            if last is None and shown is None:  # nothing but a verdict: indicators (and stages) with it share a line
                same = next((x for x in lines if x["code"] == e.verdict and not x["sizes"]), None)
                if same is not None:
                    named = next((i for i in same["indicators"] if i["id"] == e.indicator), None)
                    if named is None:
                        same["indicators"].append({"id": e.indicator, "name": indicator.label, "stages": []})
                        named = same["indicators"][-1]
                    named["stages"] += [stage] if stage else []
                    continue
            difference = ""
            if last is not None:
                difference = fmt.difference(shown_changes(last)[2], "", 1) + (
                    f" ({fmt.number(last.low)} till {fmt.number(last.high)})" if last.low is not None else "")
                if last.year != year:
                    difference += f", {last.year}"
            row = last or shown
            lines.append({"indicators": [{"id": e.indicator, "name": indicator.label, "stages": [stage] if stage else []}],
                          "code": e.verdict, "verdict": EFFECT_VERDICTS_SHORT[e.verdict], "difference": difference,
                          "sizes": (f"{_size(row.participants)} mot {_size(row.others)}" if row else "")})
        if lines:
            out.append({"programme": programme, "path": programme_path(programme.id), "lines": lines})
    return out
