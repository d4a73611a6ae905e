"""The programme pages (the "Insatser" section): an index of the programmes in content/programmes.yaml and a
page per programme with its purpose, period, scope, owner, aims, participating units, indicators, the
municipality's yearly follow-ups and its effect chain."""

from __future__ import annotations

from .. import formatting as fmt
from .. import labels
from .effect_chart import effect_chart
from .effect_views import effect_chain, listing
from .pages import Page, indicator_path, unit_path, year_path

PROGRAMMES_INDEX = "insatser/index.md"
SOURCE = "content/programmes.yaml"


def programme_path(programme: str) -> str:
    return f"insatser/{programme}.md"


class ProgrammeViews:
    """The pages of the programmes (a part of ``Views``)."""

    def programme_pages(self) -> list[Page]:
        return [self.programmes_index(), *(self.programme_page(p) for p in self.content.programmes)]

    def programmes_index(self) -> Page:
        rows = [{"programme": p, "path": programme_path(p.id), "period": fmt.period(p.start, p.end),
                 "units": fmt.count(len(p.units), "enhet", "enheter"),
                 "chain": "Ja" if p.effect_chain else "Nej"}
                for p in sorted(self.content.programmes.values(), key=lambda p: (p.start, p.name))]
        return Page(PROGRAMMES_INDEX, "Insatser", "programmes_index.md.j2", {"rows": rows}, source=SOURCE,
                    in_nav=True)

    def programme_page(self, programme_id: str) -> Page:
        p = self.content.programmes[programme_id]
        follow_ups = []
        for year, municipality in sorted(self.content.municipality_years.items(), reverse=True):
            for item in municipality.programme_follow_up:
                if item.programme == programme_id:
                    follow_ups.append({"year": year, "follow_up": item,
                                       "path": year_path(year) if year in self.years else ""})
        units = [{"name": self.content.units[u].name, "path": unit_path(u)} if u in self.content.units
                 else {"name": u, "path": ""} for u in p.units]
        context = {
            "programme": p, "period": fmt.period(p.start, p.end), "index_path": PROGRAMMES_INDEX,
            "units": units,
            "indicators": [(self.content.indicators[i].name, indicator_path(i)) for i in p.indicators
                           if i in self.content.indicators],
            "follow_ups": follow_ups, "chain": effect_chain(self.content, p.effect_chain),
            "effects": effect_section(self.content, self.results, p, self.hidden_note),
            "effect_method": labels.EFFECT_METHOD,
        }
        covers = tuple(sorted({self.content.municipality_years[f["year"]].source for f in follow_ups} - {""}))
        return Page(programme_path(programme_id), p.name, "programme.md.j2", context, source=SOURCE, covers=covers,
                    in_nav=True, nav_title=p.name)


def _cell(pooled) -> str:
    """A group's pooled share with what it covers, or ".." when too few."""
    if pooled.share is None:
        return ".." if pooled.units or pooled.left_out else "–"
    return (f"{fmt.percent(pooled.share)} ({fmt.count(pooled.units, 'enhet', 'enheter')}, "
            f"{fmt.count(pooled.denominator, 'elev', 'elever')})")


def _panel_cell(before, after) -> str:
    """A group's panel in one comparison: "52,0 % → 60,0 % (3 enheter, 120 → 118 elever)", ".." where either
    year's figure is not shown, "–" where no unit is in it."""
    if before.share is None or after.share is None:
        return ".." if before.units or after.units or before.left_out or after.left_out else "–"
    return (f"{fmt.percent(before.share)} → {fmt.percent(after.share)} ({fmt.count(after.units, 'enhet', 'enheter')}, "
            f"{fmt.number(before.denominator, 0)} → {fmt.count(after.denominator, 'elev', 'elever')})")


def shown_changes(row) -> tuple:
    """A comparison's changes as printed, as every change on the site (``formatting.rounded_difference``): each
    group's the difference of the two shares its cell shows ("80,6 % → 93,0 %" is +12,4), and the difference in
    differences that of the two changes shown; None where the analysis has none. The interval stays the
    analysis's, from the counts."""
    def change(before, after, exact):
        return None if exact is None else fmt.rounded_difference(after.share, before.share, 1)
    mine = change(row.participants_before, row.participants, row.change_participants)
    theirs = change(row.others_before, row.others, row.change_others)
    return mine, theirs, None if row.did is None or mine is None or theirs is None else mine - theirs


def _left_cell(row) -> str:
    """Units left out of a comparison per group and why: "deltagarna: 1 utan siffra; de andra: 2 dolda"."""
    parts = []
    for group, left in ((labels.EFFECT_GROUPS[0], row.left_participants), (labels.EFFECT_GROUPS[1], row.left_others)):
        reasons = [f"{fmt.number(left.no_figure, 0)} {labels.EFFECT_LEFT_REASONS[0]}"] if left.no_figure else []
        reasons += [f"{fmt.number(left.suppressed, 0)} {labels.EFFECT_LEFT_REASONS[1 if left.suppressed == 1 else 2]}"] \
            if left.suppressed else []
        if reasons:
            parts.append(f"{group}: {', '.join(reasons)}")
    return "; ".join(parts) or "inga"


def measured_with(e) -> list[str]:
    """Which baseline, follow-up years and direction an indicator's effect is measured with, and whence."""
    plan = e.plan
    baseline = f"läsåret {plan.label}" if plan.window[0] == plan.window[1] else f"läsåren {plan.label}"
    if plan.step:
        out = [labels.EFFECT_BASELINE_CHAIN.format(baseline=baseline, step=labels.EFFECT_STEPS[plan.step].lower())]
        if plan.follow_up:
            years = list(plan.follow_up)
            words = f"läsåret {years[0]}" if len(years) == 1 else f"läsåren {listing(years)}"
            out.append(labels.EFFECT_FOLLOW_UP_CHAIN.format(years=words))
    else:
        out = [labels.EFFECT_BASELINE_DEFAULT.format(baseline=baseline)]
    direction = (labels.DIRECTIONS[{"higher": "increase", "lower": "decrease"}[plan.better]]
                 if plan.direction_from_chain else labels.BETTER.get(plan.better, "").lower())
    if direction:
        out.append(labels.EFFECT_DIRECTION[plan.direction_from_chain].format(direction=direction))
    return out


def effect_section(content, results, programme, hidden_note: str = "") -> list[dict]:
    """The "Effekt" section: per indicator (and stage) the programme targets, what it is measured with, the
    chart and the table behind it, and the verdict."""
    from ..analysis.effect import indicator_effects

    out = []
    for number, e in enumerate(indicator_effects(content, results, programme, results.min_group), start=1):
        indicator = content.indicators[e.indicator]
        rows = [{"year": r.year, "participants": _panel_cell(r.participants_before, r.participants),
                 "others": _panel_cell(r.others_before, r.others),
                 **dict(zip(("change_participants", "change_others", "did"),
                            (fmt.difference(c, "percent") for c in shown_changes(r)))),
                 "interval": "" if r.low is None else f"{fmt.number(r.low)} till {fmt.number(r.high)}",
                 "left_out": _left_cell(r)} for r in e.rows[1:]]
        explained = labels.EFFECT_EXPLAINED[e.verdict].format(min_group=results.min_group, baseline=e.baseline)
        verdict = f"{labels.EFFECT_VERDICTS[e.verdict]}: {explained}"
        last = next((r for r in reversed(e.rows) if r.did is not None), None)
        if last is not None and last.low is None:
            verdict += " " + labels.EFFECT_LAST_WITHOUT_INTERVAL.format(
                year=last.year, did=fmt.difference(shown_changes(last)[2], "percent"))
        elif last is not None:
            verdict += " " + labels.EFFECT_LAST.format(
                year=last.year, did=fmt.difference(shown_changes(last)[2], "percent"), low=fmt.number(last.low),
                high=fmt.number(last.high))
        stage = f" ({labels.STAGES.get(e.stage, e.stage)})" if e.stage else ""
        names = lambda ids: ", ".join(content.units[u].name for u in ids if u in content.units)  # noqa: E731
        compared = ""
        if e.rows:
            compared = labels.EFFECT_COMPARED.format(
                participants=fmt.count(len(e.participants), "enhet", "enheter") + f" ({names(e.participants)})",
                others=fmt.count(len(e.others), "enhet", "enheter") + (f" ({names(e.others)})" if e.others else ""),
                forms=", ".join(labels.SCHOOL_FORMS.get(f, f).lower() for f in e.forms), stage=stage)
        out.append({"name": indicator.name + stage, "verdict_code": e.verdict, "verdict": verdict, "rows": rows,
                    "compared": compared, "measured": measured_with(e) if e.plan else [],
                    "chart": effect_chart(e, indicator, programme.start, hidden_note) if e.trend else None,
                    "table_id": f"tabell-effekt-{number}", "baseline": e.baseline,
                    "panel": labels.EFFECT_PANEL.format(baseline=e.baseline)})
    return out
