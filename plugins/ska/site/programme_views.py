"""The programme pages (the "Insatser" section): an index of the programmes in content/programmes.yaml and a
page per programme with its purpose, period, scope, owner, aims, participating units, indicators, the
municipality's yearly follow-ups and its effect chain."""

from __future__ import annotations

from .. import formatting as fmt
from .effect_views import effect_chain
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
        }
        covers = tuple(sorted({self.content.municipality_years[f["year"]].source for f in follow_ups} - {""}))
        return Page(programme_path(programme_id), p.name, "programme.md.j2", context, source=SOURCE, covers=covers,
                    in_nav=True, nav_title=p.name)
