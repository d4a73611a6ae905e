"""The chart of a programme's effect on its page: participants against the others over the years of the table
behind it, each line over the units present every year (the same numbers as the table's rows where a row's
units are those), the baseline shaded and the start marked (``site.effect_chart``)."""

from __future__ import annotations

import copy
import dataclasses
import html
import json
import re
from fractions import Fraction
from pathlib import Path

import plotly.graph_objects as go
import pytest

from ska import formatting as fmt
from ska import pipeline
from ska.analysis import effect
from ska.model import Indicator
from ska.site.effect_chart import effect_chart, start_position

from test_site import REPO, build_site, make_project, read, text_of


@pytest.mark.parametrize("start, categories, expected", [
    ("2023-07-01", ["2022/23", "2023/24", "2024/25"], 0.5),  # the first day of a school year: the boundary
    ("2023-08", ["2022/23", "2023/24", "2024/25"], 0.5 + 31 / 366),
    ("2024-01-08", ["2022/23", "2023/24", "2024/25"], 0.5 + 191 / 366),  # mid-year: within its year
    ("2022-08-15", ["2022/23", "2023/24"], -0.5 + 45 / 365),  # the chain's baseline is the first year
    ("2023-08", ["2021/22", "2024/25"], 0.5),  # its year is not a row: between the rows
    ("2023-08", ["2019/20–2021/22", "2023/24"], 0.5 + 31 / 366),
    ("2021-08", ["2022/23", "2023/24"], None),  # before the chart
    ("2025-08", ["2022/23", "2023/24"], None),  # after it
])
def test_the_start_lies_where_its_day_falls_in_its_school_year(start, categories, expected):
    at = start_position(categories, start)
    assert at == (None if expected is None else pytest.approx(expected))


def _pooled(n, d, units=3):
    return effect.Pooled(Fraction(100 * n, d), n, d, units, 0)


def _hidden(units=1):
    return effect.Pooled(None, None, None, units, 1)


@pytest.fixture(scope="module")
def indicator() -> Indicator:
    return pipeline.build(REPO, use_cache=False).content.indicators["minst-e-alla-amnen-ak6"]


def test_the_chart_draws_the_units_present_every_year_and_marks_a_hidden_group(indicator):
    trend = (effect.YearRow("2022/23", _pooled(40, 100), _pooled(50, 100)),
             effect.YearRow("2023/24", _hidden(), _pooled(51, 100)),
             effect.YearRow("2024/25", _pooled(41, 80), _pooled(1049, 2000)))
    rows = (trend[0], effect.YearRow("2024/25", _pooled(41, 80), _pooled(1049, 2000)))
    e = effect.IndicatorEffect("minst-e-alla-amnen-ak6", "", effect.UNCERTAIN, "2022/23", rows,
                               ("a", "b"), ("c", "d"), trend=trend, trend_units=(3, 3))
    chart = effect_chart(e, indicator, "2023-08", "dolt")
    figure = chart.figure
    go.Figure(copy.deepcopy(figure))  # plotly's own schema
    mine, theirs = figure["data"]
    assert mine["name"] == "Deltagarna" and theirs["name"] == "De andra"
    assert mine["y"] == [40, None, 51.25] and mine["text"] == ["40,0\xa0%", "", "51,3\xa0%"]  # half-up once
    assert theirs["text"] == ["50,0\xa0%", "51,0\xa0%", "52,5\xa0%"]  # 1049/2000 = 52,45 → 52,5
    marks = [a for a in figure["layout"]["annotations"] if a["text"] == ".."]
    assert [(a["x"], a["hovertext"]) for a in marks] == [("2023/24", "Deltagarna 2023/24: dolt")]
    rect, line = figure["layout"]["shapes"]
    assert (rect["type"], rect["x0"], rect["x1"]) == ("rect", -0.5, 0.5)
    assert line["type"] == "line" and line["x0"] == line["x1"] == pytest.approx(0.5 + 31 / 366)
    assert {a["text"] for a in figure["layout"]["annotations"]} == {"..", "Utgångsläge", "Start"}
    assert "Det skuggade fältet är utgångsläget (2022/23); den lodräta linjen är insatsens start, augusti 2023." \
        in chart.summary
    assert ("Diagrammet visar de enheter som har publicerade antal alla läsåren i tabellen: 3 enheter som deltar "
            "och 3 enheter som inte deltar.") in chart.summary
    assert "kan ha fler enheter" not in chart.summary
    # a comparison with more units than are present every year: the words say the table's rows may have more
    more = effect.YearRow("2024/25", effect.Pooled(Fraction(50), 60, 120, 4, 0), _pooled(1049, 2000))
    chart = effect_chart(dataclasses.replace(e, rows=(trend[0], more)), indicator, "2023-08", "dolt")
    assert "Tabellens rader kan ha fler enheter: varje jämförelse kräver bara siffror för sina två läsår." \
        in chart.summary


def test_no_chart_without_a_share_to_draw(indicator):
    rows = (effect.YearRow("2022/23", _hidden(), _hidden()), effect.YearRow("2023/24", _hidden(), _hidden()))
    e = effect.IndicatorEffect("minst-e-alla-amnen-ak6", "", effect.TOO_FEW, "2022/23", rows, ("a",), ("b",),
                               trend=rows)
    assert effect_chart(e, indicator, "2023-08", "") is None


# -- on the built example ---------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    return build_site(make_project(tmp_path_factory.mktemp("effect-chart")))


def _cells(row: str) -> list[str]:
    return [" ".join(text_of(c).split()) for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)]


def effect_blocks(page: str) -> list[dict]:
    """Each indicator of a programme page's "Effekt" section: its chart (figure) and its table's rows."""
    section = page[page.index('id="effekt"'):page.index('id="uppfoljning-per-lasar"')]
    out = []
    for block in re.split(r"<h3 ", section)[1:]:
        chart = re.search(r'<div class="ska-chart"[^>]*data-figure="([^"]*)"', block)
        table = re.search(r'<table class="ska-table ska-effect" id="([^"]+)">(.*?)</table>', block, re.S)
        link = re.search(r'<a href="#([^"]+)">Hoppa till tabellen med siffrorna</a>', block)
        rows = [_cells(r) for r in re.findall(r"<tr>(.*?)</tr>", table.group(2), re.S)[1:]] if table else []
        out.append({"figure": json.loads(html.unescape(chart.group(1))) if chart else None, "rows": rows,
                    "table_id": table.group(1) if table else "", "link": link.group(1) if link else "",
                    "text": " ".join(text_of(block).split())})
    return out


PANEL_CELL = re.compile(r"(.+?) → (.+?) \((\d+) enhet(?:er)?, ")
CHART_PUPILS = re.compile(r"per läsår i diagrammet: deltagarna ([^;.]+)(?:; de andra ([^.]+))?\.")
CHART_UNITS = re.compile(r"alla läsåren i tabellen: (\d+) enhet(?:er)? som deltar och (\d+) enhet(?:er)? som inte deltar")


@pytest.mark.parametrize("programme", ["lasa-for-livet", "narvarolyftet", "samverkan-for-basta-skola"])
def test_each_chart_shows_the_numbers_of_its_table_where_a_row_has_the_chart_s_units(site, programme):
    blocks = effect_blocks(read(site, f"insatser/{programme}/index.html"))
    charted = [b for b in blocks if b["figure"]]
    assert charted
    same = 0
    for b in charted:
        assert b["link"] == b["table_id"] != ""
        layout = b["figure"]["layout"]
        baseline = layout["xaxis"]["categoryarray"][0]
        assert layout["xaxis"]["categoryarray"] == [baseline] + [r[0] for r in b["rows"]]
        units = tuple(map(int, CHART_UNITS.search(b["text"]).groups()))
        hidden = {(a["x"], a["hovertext"].split(" ")[0]) for a in layout.get("annotations", []) if a["text"] == ".."}
        for trace, column, present in zip(b["figure"]["data"], (1, 2), units):
            shown = {x: " ".join(t.split()) for x, y, t in zip(trace["x"], trace["y"], trace["text"]) if y is not None}
            for row in b["rows"]:
                cell = PANEL_CELL.match(row[column])
                if cell is None or int(cell[3]) != present:
                    continue
                # the row's units are the chart's: the same two numbers, each rounded once, and the same pupils
                assert (cell[1], cell[2]) == (shown[baseline], shown[row[0]]), (b["text"][:60], row)
                pupils = re.search(r"(\d[\d ]*) → (\d[\d ]*) \S", row[column].replace("\xa0", " ")).groups()
                said = CHART_PUPILS.search(b["text"].replace("\xa0", " "))[column]
                charted = re.split(r", | och ", said)
                years = layout["xaxis"]["categoryarray"]
                assert (charted[0], charted[years.index(row[0])]) == pupils, (said, row)
                same += 1
            for year in layout["xaxis"]["categoryarray"]:
                if year not in shown and present:
                    assert (year, trace["name"].split(" ")[0]) in hidden
        if any(int(m[3]) > present for row in b["rows"] for m, present in
               zip((PANEL_CELL.match(c) for c in row[1:3]), units) if m):
            assert "Tabellens rader kan ha fler enheter" in b["text"]
        # the baseline shaded (the first year) and the start a vertical line, both named in words
        rect = layout["shapes"][0]
        assert rect["type"] == "rect" and (rect["x0"], rect["x1"]) == (-0.5, 0.5)
        assert "Det skuggade fältet är utgångsläget" in b["text"]
    assert same


def test_the_start_is_marked_where_the_programme_began(site):
    blocks = effect_blocks(read(site, "insatser/narvarolyftet/index.html"))
    b = next(b for b in blocks if b["figure"] and "årskurs 9" in b["text"])
    line = next(s for s in b["figure"]["layout"]["shapes"] if s["type"] == "line")
    assert b["figure"]["layout"]["xaxis"]["categoryarray"] == ["2022/23", "2023/24", "2024/25"]
    assert line["x0"] == pytest.approx(0.5 + 191 / 366, abs=1e-3)  # 8 januari 2024, mid-year
    assert "den lodräta linjen är insatsens start, 8 januari 2024" in b["text"]
    assert fmt.long_date("2024-01-08") == "8 januari 2024"


def test_the_chart_says_how_many_pupils_each_point_is_based_on(indicator):
    """A line's units are said in words; its pupils too, per school year in the chart's order (the baseline's as
    the table's cells count them), ".." where the group is hidden: the chart's units may be fewer than a row's, so
    the table does not always hold them."""
    trend = (effect.YearRow("2022/23", _pooled(40, 100), _pooled(50, 1200)),
             effect.YearRow("2023/24", _hidden(), _pooled(51, 100)),
             effect.YearRow("2024/25", _pooled(41, 80), _pooled(1049, 2000)))
    e = effect.IndicatorEffect("minst-e-alla-amnen-ak6", "", effect.UNCERTAIN, "2022/23", trend, ("a", "b"),
                               ("c", "d"), trend=trend, trend_units=(3, 3))
    summary = effect_chart(e, indicator, "2023-08", "dolt").summary.replace("\xa0", " ")
    assert indicator.denominator == "elever i årskurs 6"  # what the indicator's counts count, in its words
    assert "Elever i årskurs 6 per läsår i diagrammet: deltagarna 100, .. och 80; de andra 1 200, 100 och 2 000." \
        in summary
    alone = dataclasses.replace(e, others=())
    summary = effect_chart(alone, indicator, "2023-08", "dolt").summary.replace("\xa0", " ")
    assert "Elever i årskurs 6 per läsår i diagrammet: deltagarna 100, .. och 80." in summary


def _decimal(text: str):
    from decimal import Decimal
    return None if text in ("", "–", "..") else Decimal(text.split()[0].replace("\u2212", "-").replace("±", "")
                                                              .replace(",", "."))


@pytest.mark.parametrize("programme", ["lasa-for-livet", "samverkan-for-basta-skola"])
def test_each_change_is_the_difference_of_the_figures_its_row_shows(site, programme):
    """As every change on the site (formatting.rounded_difference): "80,6 % → 93,0 %" changed by +12,4, whatever
    the decimals behind; the difference in differences is the difference of the two changes shown, in the table,
    in the verdict and in the year summary's line."""
    checked = 0
    for b in effect_blocks(read(site, f"insatser/{programme}/index.html")):
        last = None
        for row in b["rows"]:
            shares = [PANEL_CELL.match(c) for c in row[1:3]]
            changes = [_decimal(c) for c in row[3:6]]
            for share, change in zip(shares, changes[:2]):
                if change is not None:
                    assert change == _decimal(share[2]) - _decimal(share[1]), row
                    checked += 1
            if changes[2] is not None:
                assert changes[2] == changes[0] - changes[1], row
                last = row
        if last is not None:
            assert f"deltagarnas förändring minus de andras är {last[5]}" in b["text"], last
    assert checked
