"""How figures are shown on every page: formatted cells, changes and trends, series for charts, and the
municipality's official figure beside the computed one."""

from __future__ import annotations

from .. import formatting as fmt
from ..analysis.figures import Figure
from ..domain import ALL_STAGES
from ..labels import CHART_HIDDEN, CHART_NOT_FROM_ZERO, SCOPES, STAGES
from ..model import Indicator
from . import charts
from .pages import Cell, coverage, indicator_path, people


class FigureViews:
    """How figures are shown on every page: formatted cells, changes and trends, series for charts, and the (a part of ``Views``)."""

    def cell(self, figure: Figure | None, indicator: Indicator) -> Cell:
        key = (figure, indicator.id)
        if key not in self._cells:
            self._cells[key] = self._cell(figure, indicator)
        return self._cells[key]

    def _cell(self, figure: Figure | None, indicator: Indicator) -> Cell:
        if figure is None:
            return Cell("–", None, "Inget värde redovisat.")
        if figure.suppressed:
            return Cell(fmt.SUPPRESSED, None, self.suppressed_title, True)
        if figure.value is None:
            return Cell("–", None, "Inget värde redovisat.")
        title = ""
        if figure.numerator is not None and figure.denominator is not None:
            title = f"{fmt.number(figure.numerator, 0)} av {fmt.number(figure.denominator, 0)}"
        return Cell(fmt.figure(figure.value, indicator.unit, self.decimals(figure, indicator)),
                    self.shown_value(figure, indicator), title)

    def shown_value(self, figure: Figure | None, indicator: Indicator) -> float | None:
        """The figure as its cell shows it (rounded half-up once), which its cell sorts by; None if none is shown."""
        if figure is None or figure.suppressed or figure.value is None:
            return None
        return float(fmt.round_half_up(figure.value, self.decimals(figure, indicator)))

    @staticmethod
    def decimals(figure: Figure, indicator: Indicator) -> int:
        """Decimals the figure is shown with (``formatting.shown_decimals`` says the rule)."""
        return fmt.shown_decimals(indicator.decimals, figure.decimals)

    def other_units(self, year: str, last: str | None, indicator: str, stage: str, group: str = "total") -> str:
        """"jämförs med ett år med andra enheter" when the municipality's figures of two years count
        different units (or stages), else ""."""
        if not last or self.results.same_units(year, last, indicator, stage, group):
            return ""
        return "jämförs med ett år med andra enheter"

    def previous(self, year: str) -> str | None:
        i = self.years.index(year)
        return self.years[i - 1] if i > 0 else None

    def change(self, indicator: Indicator, now: Figure | None, before: Figure | None,
               year: str, last: str | None, other_units: str = "") -> Cell:
        """The change as printed (the difference of the two shown figures); ``other_units`` (see
        :meth:`other_units`) becomes the cell's title."""
        if not last or not now or not before or now.suppressed or before.suppressed \
                or now.value is None or before.value is None:
            return Cell("–")
        if not indicator.comparable(year, last):
            return Cell("seriebrott", None, "Definitionen ändrades mellan åren; värdena kan inte jämföras.")
        decimals = fmt.change_decimals(self.decimals(now, indicator), self.decimals(before, indicator))
        delta = fmt.rounded_difference(now.value, before.value, decimals)
        title = f"{other_units[0].upper()}{other_units[1:]}." if other_units else ""
        return Cell(fmt.difference(delta, indicator.unit, decimals), float(delta), title)

    def trend(self, indicator: Indicator, direction: str, delta: float | None) -> dict:
        """Did it move the intended way? Words and a symbol, never colour alone."""
        if delta is None:
            return {"symbol": "", "text": "Kan inte bedömas", "css": "ska-trend--same"}
        rounded = delta  # already the change as printed (see change)
        wanted = direction or {"higher": "increase", "lower": "decrease"}.get(indicator.better, "")
        if rounded == 0:
            moved, symbol = "Oförändrat", "◆"
        elif rounded > 0:
            moved, symbol = "Ökade", "▲"
        else:
            moved, symbol = "Minskade", "▼"
        good = (wanted == "increase" and rounded > 0) or (wanted == "decrease" and rounded < 0) or (
            wanted == "maintain" and rounded == 0)
        verdict = "i önskad riktning" if good else ("inte i önskad riktning" if wanted else "")
        return {"symbol": symbol, "text": f"{moved}, {verdict}" if verdict else moved,
                "css": "ska-trend--better" if good else "ska-trend--worse" if wanted else "ska-trend--same"}

    def series(self, indicator: Indicator, values: list[float | None], name: str,
               years: list[str] | None = None, dash: str = "") -> list[charts.Series]:
        """One series per definition version, so a series break is never joined by a line. ``years``:
        the school years of ``values`` (the site's years unless given, e.g. with the official series')."""
        out: list[charts.Series] = []
        segments = [indicator.version_for(y) for y in (self.years if years is None else years)]
        for version in dict.fromkeys(segments):
            vals = [v if seg == version else None for v, seg in zip(values, segments)]
            if any(v is not None for v in vals):
                out.append(charts.Series(name, vals, f"från {version.from_}" if version else "", dash))
        return out

    def official(self, year: str, indicator: Indicator, stage: str = ALL_STAGES) -> dict | None:
        """The municipality's official figure for ``year`` (if one is given) beside the figure computed
        from the units, with what each covers and, where they differ beyond rounding, why in words.

        ``cell`` (the official figure), ``source``, ``scope`` (in words), ``window``, ``note``,
        ``computed`` (Cell) and ``coverage`` (views.coverage of the computed figure), ``differs``
        and ``explanation`` (sentences, never empty)."""
        found = self.results.official(year, indicator.id, stage)
        if found is None:
            return None
        official, computed = found.figure, self.results.municipality(year, indicator.id, stage)
        covers = coverage(computed, indicator)
        people_word = people(indicator)
        differs = False
        if official.suppressed:
            explanation = ("Den officiella siffran visas inte: den skiljer sig från siffran från enheterna på "
                           f"sajten med färre än {self.results.min_group} {people_word}, och då skulle en "
                           "skyddad siffra gå att räkna fram." if official.status == "small_difference" else
                           "Den officiella siffran visas inte: siffran från enheterna på sajten är skyddad eller "
                           "lämnar ute en enhet med skyddade siffror, och skillnaden mellan de två skulle ge "
                           "tillbaka den." if official.status == "gives_back" else
                           f"Den officiella siffran bygger på för få {people_word} för att redovisas.")
        elif official.value is None:
            explanation = "Källan redovisar ingen siffra."
        elif computed is None and year not in self.years:
            explanation = f"Läsåret {year} är från innan enheterna fanns på sajten: det finns bara den officiella siffran."
        elif computed is None:
            explanation = f"Enheterna på sajten har ingen siffra för läsåret {year}."
        elif computed.suppressed:
            explanation = f"Siffran från enheterna på sajten bygger på för få {people_word} för att redovisas."
        elif computed.value is None:
            explanation = "Enheterna på sajten ger ingen siffra för kommunen" + (
                f" ({'; '.join(covers['left_out'])})." if covers and covers["left_out"] else ".")
        else:
            explanation, differs = self._official_difference(found, computed, indicator, covers)
        return {"cell": self.cell(official, indicator), "source": found.source,
                "scope": SCOPES.get(found.scope, found.scope), "window": found.window, "note": found.note,
                "computed": self.cell(computed, indicator), "coverage": covers, "differs": differs,
                "explanation": explanation}

    def _official_difference(self, found, computed: Figure, indicator: Indicator, covers: dict | None
                             ) -> tuple[str, bool]:
        """Whether an official and a computed figure differ beyond rounding, and why, in words.

        Beyond rounding: by more than half a unit in the last decimal the official figure is given
        with (its written decimals, or the indicator's when it is computed from counts)."""
        official = found.figure
        places = official.decimals if official.decimals is not None else indicator.decimals
        if abs(official.value - computed.value) * 2 * 10 ** places <= 1:
            return "Den officiella siffran och siffran från enheterna på sajten stämmer överens.", False
        shown = self.cell(computed, indicator).text
        decimals = fmt.change_decimals(self.decimals(official, indicator), self.decimals(computed, indicator))
        delta = fmt.difference(fmt.rounded_difference(official.value, computed.value, decimals), indicator.unit,
                               decimals)
        scope = ("Den officiella siffran omfattar alla huvudmän i kommunen, även fristående skolor som inte finns "
                 "på sajten" if found.scope == "all" else
                 f"Den officiella siffran omfattar alla {people(indicator)} i kommunens egna skolor")
        sentences = [f"{scope}; enheterna på sajten ger {shown} ({covers['text'] if covers else 'inga enheter'}). "
                     f"Skillnad: {delta}."]
        if covers and covers["left_out"]:
            sentences.append(f"I siffran från enheterna ingår inte allt: {'; '.join(covers['left_out'])}.")
        if official.denominator is not None and computed.denominator is not None \
                and official.denominator != computed.denominator:
            sentences.append(f"Den officiella siffran bygger på {fmt.number(official.denominator, 0)} "
                             f"{people(indicator)}, enheternas på {fmt.number(computed.denominator, 0)}.")
        if found.scope == "own" and (not covers or covers["complete"]):
            sentences.append("Alla kommunens enheter på sajten ingår, så källan räknar på ett annat underlag "
                             "eller vid en annan tidpunkt (t.ex. elever som flyttat under läsåret).")
        return " ".join(sentences), True

    def officials(self, year: str) -> list[dict]:
        """Every official figure of ``year`` (totals), in catalogue order, beside the computed one."""
        order = {ind: n for n, ind in enumerate(self.content.indicators)}
        keys = sorted({(i, s) for y, i, s, g in self.results.officials if y == year and i in order},
                      key=lambda k: (order[k[0]], k[1] != ALL_STAGES, k[1]))
        out = []
        for ind_id, stage in keys:
            indicator = self.content.indicators[ind_id]
            row = self.official(year, indicator, stage)
            if row is not None:
                out.append({**row, "indicator": indicator, "path": indicator_path(ind_id),
                            "stage": "" if stage == ALL_STAGES else stage})
        return out

    def figure_value(self, figure: Figure | None) -> float | None:
        """A published figure's value for a chart (its labels come from formatting), else None."""
        if figure is None or figure.suppressed or figure.value is None:
            return None
        return float(figure.value)

    @staticmethod
    def hidden(categories: list[str], figures: list[Figure | None], name: str) -> list[tuple[str, str]]:
        """(category, series name) of each suppressed figure, for a chart to mark ".." there (its value stays out)."""
        return [(c, name) for c, f in zip(categories, figures) if f is not None and f.suppressed]

    @property
    def hidden_note(self) -> str:
        """A chart's hover text on a suppressed figure's "..": the same reason the tables give."""
        return f"{CHART_HIDDEN}. {self.suppressed_title}"

    @staticmethod
    def chart(figure: dict, summary: str, source: str) -> charts.Chart:
        """A figure with its summary and source, and a note when its value axis does not start at zero."""
        return charts.Chart(figure, summary, source, "" if charts.from_zero(figure) else CHART_NOT_FROM_ZERO)

    def indicator_results(self, unit: str, year: str) -> list[tuple[Indicator, str]]:
        plan = self.content.unit_years.get((unit, year))
        if plan is None:
            return []
        keys = dict.fromkeys((r.indicator, r.stage) for r in plan.results if r.indicator in self.content.indicators)
        return [(self.content.indicators[i], s) for i, s in keys]

    @staticmethod
    def stage_label(stage: str, several: bool = True) -> str:
        """A stage key in words: ``ALL_STAGES`` "alla stadier"; no stage given "utan angivet stadium"
        where other stages are shown beside it (else nothing); a stage as it is."""
        if stage == ALL_STAGES:
            return STAGES[ALL_STAGES]
        return stage or (STAGES[""] if several else "")
