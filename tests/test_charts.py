"""Chart figures are valid plotly, show breaks and gaps honestly, and embed safely and small; a reader
gets axis titles with units, bars from zero, ".." where a figure is hidden (never its value), a summary
in words, the source, and a link to the table with the numbers."""

from __future__ import annotations

import copy
import re
import json
from html.parser import HTMLParser
from pathlib import Path

import plotly.graph_objects as go
import pytest
import yaml

import leaks
from ska import formatting
from ska.site import chart_texts, charts
from ska.site.charts import Series

ASSETS = Path(charts.__file__).parent / "assets"
YEARS = ["2019/20", "2020/21", "2021/22", "2022/23", "2023/24", "2024/25"]
NBSP = "\u00a0"


def girls_and_boys() -> dict:
    """A realistic percent chart: two series over six years, one suppressed value each."""
    return charts.series_over_years(
        YEARS,
        [Series("Flickor", [88.2, None, 90.13, 87.5, 89.0, 91.2]), Series("Pojkar", [80.1, 82.3, 81.0, None, 83.33, 84.9])],
        "percent",
        (0, 100),
    )


def merit_with_break() -> dict:
    """Merit value whose definition changed from 16 to 17 subjects in 2022/23."""
    return charts.series_over_years(
        YEARS,
        [
            Series("Meritvärde", [220.5, 223.1, 225.0, None, None, None], "16 ämnen"),
            Series("Meritvärde", [None, None, None, 231.2, 229.8, 233.4], "17 ämnen"),
        ],
        "points",
        None,
    )


def all_figures() -> dict[str, dict]:
    return {
        "lines": girls_and_boys(),
        "break": merit_with_break(),
        "spread": charts.spread(["Björkskolan", "Åskolan", "Ekskolan & Co"], [85.85, 72.1, 90.0], "percent", 83.2, "Kommunen"),
        "spread without reference": charts.spread(["A", "B"], [210.0, 230.5], "points", None, ""),
        "heatmap": charts.heatmap(["Läsning", "Studiero"], ["Björkskolan", "Åskolan"], [[3, 4.5], [None, 2]]),
        "bars": charts.grouped_bars(
            ["Åk 3", "Åk 6", "Åk 9"], [Series("Flickor", [91.0, 88.4, None]), Series("Pojkar", [87.0, 85.5, 80.2])], "percent"
        ),
        "months": charts.grouped_bars(["jan", "feb", "mar"], [Series("Sjukfrånvaro", [5.2, 6.1, 4.8])], "percent"),
        "spread with hidden": spread_with_hidden(),
        "bars with hidden": bars_with_hidden(),
        "lines with hidden": charts.series_over_years(
            YEARS[:3], [Series("Flickor", [88.2, None, 90.1]), Series("Pojkar", [80.1, None, 81.0])], "percent", (0, 100),
            value_title="Andel (%)", category_title="Läsår", hidden=[("2020/21", "Flickor"), ("2020/21", "Pojkar")],
            hidden_note=HIDDEN_NOTE),
    }


HIDDEN_NOTE = "dolt. Färre än 10 elever eller barn: siffran publiceras inte."


def spread_with_hidden() -> dict:
    return charts.spread(["Björkskolan", "Åskolan"], [85.85, 72.1], "percent", 80.0, "Kommunen",
                         value_title="Andel (%)", category_title="Enhet", hidden=["Ekskolan", "Almskolan"],
                         hidden_note=HIDDEN_NOTE)


def bars_with_hidden() -> dict:
    return charts.grouped_bars(["Trygghet", "Studiero", "Nöjdhet"],
                               [Series("Åskolan", [91.0, None, 70.0]), Series("Kommunen", [88.4, 80.2, 75.0])],
                               "percent", value_title="Andel (%)", category_title="Indikator",
                               hidden=[("Studiero", "Åskolan")], hidden_note=HIDDEN_NOTE)


def embedded_figure(html: str) -> tuple[dict[str, str], dict]:
    """Parse embed() output like a browser: the div's attributes and its data-figure JSON."""
    found: list[dict[str, str]] = []

    class Parser(HTMLParser):
        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            found.append({"tag": tag, **{k: v or "" for k, v in attrs}})

    Parser().feed(html)
    assert len(found) == 1 and found[0]["tag"] == "div"
    return found[0], json.loads(found[0]["data-figure"])


def points(trace: dict) -> set[str]:
    """The x values where a trace has a value."""
    return {x for x, y in zip(trace["x"], trace["y"]) if y is not None}


@pytest.mark.parametrize("name", list(all_figures()))
def test_every_figure_passes_plotlys_own_schema(name: str) -> None:
    figure = all_figures()[name]
    go.Figure(copy.deepcopy(figure))  # validates every property; raises on anything unknown or mistyped
    assert "template" not in figure["layout"] and "title" not in figure["layout"]


def test_the_schema_check_does_catch_mistakes() -> None:
    with pytest.raises(ValueError):
        go.Figure({"data": [{"type": "scatter", "mode": "lines+markers", "connectgap": False}]})


@pytest.mark.parametrize("name", list(all_figures()))
def test_the_compacted_json_still_passes_the_schema(name: str) -> None:
    go.Figure(json.loads(charts.figure_json(all_figures()[name])))


def test_a_series_break_is_two_traces_in_one_colour_group_never_joined() -> None:
    old, new = merit_with_break()["data"]
    assert old["legendgroup"] == new["legendgroup"] == "Meritvärde"
    assert not points(old) & points(new)
    assert old["name"] == "Meritvärde (16 ämnen)" and new["name"] == "Meritvärde (17 ämnen)"
    assert old["marker"]["symbol"] != new["marker"]["symbol"]  # visible without colour too
    (line,) = merit_with_break()["layout"]["shapes"]
    assert line["x0"] == line["x1"] == 2.5  # between 2021/22 and 2022/23


def test_the_year_axis_keeps_every_school_year_in_order() -> None:
    axis = merit_with_break()["layout"]["xaxis"]
    assert axis["type"] == "category" and axis["categoryarray"] == YEARS


def test_a_suppressed_value_stays_a_gap() -> None:
    girls = girls_and_boys()["data"][0]
    assert girls["y"][1] is None and girls["text"][1] == ""
    assert girls["connectgaps"] is False
    assert "lines" in girls["mode"] and "markers" in girls["mode"]


def test_an_unbroken_series_has_one_trace_named_plainly() -> None:
    figure = charts.series_over_years(YEARS[:3], [Series("Andel", [1.0, 2.0, 3.0])], "percent", None)
    (trace,) = figure["data"]
    assert trace["name"] == "Andel" and "shapes" not in figure["layout"]
    assert figure["layout"]["showlegend"] is False


def test_hover_shows_swedish_numbers() -> None:
    assert girls_and_boys()["data"][0]["text"][2] == f"90,1{NBSP}%"
    assert merit_with_break()["data"][1]["text"][0] == "231,2"
    assert charts.heatmap(["a"], ["b"], [[4.5]])["data"][0]["text"] == [["4,5"]]
    for figure in all_figures().values():
        for trace in figure["data"]:
            assert "%{text}" in trace["hovertemplate"]


@pytest.mark.parametrize("name", ["lines", "bars", "months"])
def test_percent_value_axes_have_the_suffix(name: str) -> None:
    assert all_figures()[name]["layout"]["yaxis"]["ticksuffix"] == f"{NBSP}%"


def test_other_units_have_no_suffix() -> None:
    assert "ticksuffix" not in merit_with_break()["layout"]["yaxis"]


def test_spread_sorts_highest_on_top_and_draws_the_reference() -> None:
    figure = all_figures()["spread"]
    bars = figure["data"][0]
    assert bars["orientation"] == "h"
    assert bars["x"] == [72.1, 85.85, 90.0]  # plotly draws the first category at the bottom
    assert bars["y"] == ["Åskolan", "Björkskolan", "Ekskolan &amp; Co"]  # plotly reads labels as HTML
    (line,) = figure["layout"]["shapes"]
    assert line["x0"] == line["x1"] == 83.2
    assert figure["layout"]["annotations"][0]["text"] == f"Kommunen 83,2{NBSP}%"
    assert "shapes" not in all_figures()["spread without reference"]["layout"]


def test_heatmap_writes_the_number_in_every_cell() -> None:
    trace = all_figures()["heatmap"]["data"][0]
    assert trace["texttemplate"] == "%{text}"
    assert trace["text"] == [["3,0", "4,5"], ["", "2,0"]]
    assert (trace["zmin"], trace["zmax"]) == (1, 5)


def test_grouped_bars_group_by_category() -> None:
    figure = all_figures()["bars"]
    assert figure["layout"]["barmode"] == "group"
    assert [t["name"] for t in figure["data"]] == ["Flickor", "Pojkar"]
    assert figure["data"][0]["y"][2] is None


def test_content_text_cannot_become_markup_in_plotly() -> None:
    figure = charts.series_over_years(["2024/25"], [Series("<b>x</b>", [1.0])], "points", None)
    assert figure["data"][0]["name"] == "&lt;b&gt;x&lt;/b&gt;"


@pytest.mark.parametrize("name", list(all_figures()))
def test_embed_round_trips_through_an_html_parser(name: str) -> None:
    figure = all_figures()[name]
    label = 'Andel "behöriga" <elever> & lärare'
    html = charts.embed(figure, label)
    attrs, parsed = embedded_figure(html)
    assert attrs["class"] == "ska-chart" and attrs["role"] == "img" and attrs["aria-label"] == label
    assert parsed == json.loads(charts.figure_json(figure))
    assert "<script" not in html.lower()
    assert html.count("<") == 2  # the div's own tags, nothing from the data


def test_embed_cannot_be_broken_out_of() -> None:
    figure = charts.series_over_years(["2024/25"], [Series('"></div><script>alert(1)</script>', [1.0])], "points", None)
    html = charts.embed(figure, "</div><script>")
    assert "<script" not in html.lower()
    embedded_figure(html)


def test_json_is_compact_and_rounded() -> None:
    text = charts.figure_json({"data": [{"y": [1 / 3, 2.0, 123456.7, float("nan")]}], "layout": {}})
    assert text == '{"data":[{"y":[0.3333,2,123500,null]}],"layout":{}}'


def test_a_realistic_figure_is_under_2_kb() -> None:
    for figure in (girls_and_boys(), merit_with_break()):
        assert len(charts.figure_json(figure).encode()) < 2048


def test_charts_js_makes_no_external_requests_and_follows_instant_navigation() -> None:
    script = (ASSETS / "charts.js").read_text(encoding="utf-8")
    assert "http://" not in script and "https://" not in script
    assert "document$" in script and "DOMContentLoaded" in script
    assert "data-md-color-scheme" in script and "Plotly.purge" in script
    assert 'separators: ", "' in script


def test_css_has_print_styles_and_no_external_requests() -> None:
    css = (ASSETS / "ska.css").read_text(encoding="utf-8")
    assert "@media print" in css and "@import" not in css
    assert "http://" not in css and "https://" not in css


# -- for a reader: axes, zero, hidden figures ---------------------------------------------------------

def test_axes_have_titles_with_their_units() -> None:
    spread = spread_with_hidden()["layout"]
    assert spread["xaxis"]["title"]["text"] == "Andel (%)" and spread["yaxis"]["title"]["text"] == "Enhet"
    bars = bars_with_hidden()["layout"]
    assert bars["yaxis"]["title"]["text"] == "Andel (%)" and bars["xaxis"]["title"]["text"] == "Indikator"
    merit = charts.series_over_years(YEARS, [Series("Meritvärde", [220.5, 223.1, None, None, 229.8, 233.4])], "points",
                                     value_title="Poäng", category_title="Läsår")["layout"]
    assert merit["yaxis"]["title"]["text"] == "Poäng" and merit["xaxis"]["title"]["text"] == "Läsår"
    heat = charts.heatmap(["Läsning"], ["Åskolan"], [[3.0]], x_title="Strategi", y_title="Enhet")["layout"]
    assert heat["xaxis"]["title"]["text"] == "Strategi" and heat["yaxis"]["title"]["text"] == "Enhet"


@pytest.mark.parametrize("name", ["spread", "spread without reference", "bars", "months", "spread with hidden",
                                  "bars with hidden"])
def test_bars_start_at_zero(name: str) -> None:
    figure = all_figures()[name]
    layout = figure["layout"]
    axis = layout["xaxis"] if figure["data"][0].get("orientation") == "h" else layout["yaxis"]
    assert axis["rangemode"] == "tozero" and "range" not in axis
    assert charts.from_zero(figure)


def test_a_line_axis_that_does_not_reach_zero_is_known() -> None:
    """Merit values near 220 get an axis fitted to them; the page then says it does not start at zero."""
    merit = merit_with_break()
    low, high = merit["layout"]["yaxis"]["range"]
    assert 200 < low < 220.5 and 233.4 < high < 240
    assert not charts.from_zero(merit)
    assert charts.from_zero(girls_and_boys())  # a percent scale 0–100
    near_zero = charts.series_over_years(YEARS[:2], [Series("Index", [0.4, 3.0])], "index")
    assert near_zero["layout"]["yaxis"]["range"][0] == 0 and charts.from_zero(near_zero)


def test_a_hidden_unit_keeps_its_row_with_dots_and_no_value() -> None:
    figure = spread_with_hidden()
    bars = figure["data"][0]
    assert bars["y"] == ["Ekskolan", "Almskolan", "Åskolan", "Björkskolan"]  # hidden at the bottom, by name
    assert bars["x"] == [None, None, 72.1, 85.85] and bars["text"][:2] == ["", ""]
    marks = [a for a in figure["layout"]["annotations"] if a["text"] == ".."]
    assert [(m["x"], m["y"]) for m in marks] == [(0, "Ekskolan"), (0, "Almskolan")]
    assert marks[0]["hovertext"] == f"Ekskolan: {HIDDEN_NOTE}"


def test_a_hidden_bar_is_marked_where_it_would_stand() -> None:
    figure = bars_with_hidden()
    (mark,) = figure["layout"]["annotations"]
    assert mark["text"] == ".." and mark["hovertext"] == f"Åskolan, Studiero: {HIDDEN_NOTE}"
    # category 1, first of two bars in a group 0.8 wide: centred at 1 − 0.4 + 0.2
    assert mark["x"] == pytest.approx(0.8) and mark["y"] == 0 and figure["layout"]["bargap"] == charts.BARGAP
    assert figure["data"][0]["y"][1] is None and figure["data"][0]["text"][1] == ""


def test_hidden_points_on_a_line_are_marked_once_per_year() -> None:
    figure = all_figures()["lines with hidden"]
    (mark,) = figure["layout"]["annotations"]
    assert mark["x"] == "2020/21" and mark["text"] == ".."
    assert mark["hovertext"] == f"Flickor, Pojkar 2020/21: {HIDDEN_NOTE}"


def test_hover_text_cannot_become_markup() -> None:
    figure = charts.spread(["A"], [1.0], "percent", None, "", hidden=["<b>x</b>"], hidden_note=HIDDEN_NOTE)
    assert figure["layout"]["annotations"][0]["hovertext"].startswith("&lt;b&gt;x&lt;/b&gt;")


# -- the words around a chart ---------------------------------------------------------------------------

def test_spread_summary_names_the_ends_and_the_municipality() -> None:
    text = chart_texts.spread(["Åskolan", "Björkskolan", "Ekskolan"], [61.04, 85.25, 70.0], "percent", 1, 74.25, 2)
    assert text == (f"Högst: Björkskolan (85,3{NBSP}%), lägst: Åskolan (61,0{NBSP}%); kommunen 74,3{NBSP}%; "
                    "2 enheter har dolda värden.")
    tied = chart_texts.spread(["A", "B", "C"], [222.2, 237.4, 222.24], "points", 1, None)
    assert tied == "Högst: B (237,4), lägst: A och C (222,2)."


def test_series_summary_compares_within_one_definition_as_printed() -> None:
    lines = [Series("Totalt", [80.0, None, 85.2]), Series("Flickor", [82.0, 84.0, 88.04]),
             Series("Pojkar", [78.0, 80.0, None])]
    assert chart_texts.series(YEARS[:3], lines, "percent", 1) == (
        f"Totalt: från 2019/20 till 2021/22 steg andelen från 80,0{NBSP}% till 85,2{NBSP}%; "
        f"2021/22: flickor 88,0{NBSP}%.")
    fell = chart_texts.series(YEARS[:2], [Series("Åskolan", [230.0, 226.1])], "points", 1)
    assert fell == "Åskolan: från 2019/20 till 2020/21 sjönk värdet från 230,0 till 226,1."
    same = chart_texts.series(YEARS[:2], [Series("Åskolan", [80.04, 79.96])], "percent", 1)
    assert same == f"Åskolan: andelen var 80,0{NBSP}% både 2019/20 och 2020/21."
    broken = [Series("Meritvärde", [220.5, 223.1, 225.0, None, None, None], "från 2019/20"),
              Series("Meritvärde", [None, None, None, 231.2, 229.8, 233.4], "från 2022/23")]
    assert chart_texts.series(YEARS, broken, "points", 1) == (
        "Meritvärde: från 2022/23 till 2024/25 steg värdet från 231,2 till 233,4 "
        "(jämfört inom samma definition, från 2022/23).")


def test_bars_summary_sets_the_unit_against_the_municipality() -> None:
    categories = ["Trygghet", "Studiero", "Nöjdhet", "Inflytande"]
    mine = Series("Åskolan", [91.0, None, 70.0, 80.04])
    town = Series("Kommunen", [88.4, 80.2, 75.0, 79.96])
    assert chart_texts.against(categories, mine, town, "percent", 1, "indikator", "indikatorer") == (
        "Åskolan ligger över kommunen i 1 indikator, under i 1 och lika i 1.")
    one = chart_texts.against(categories[:1], mine, town, "percent", 1, "indikator", "indikatorer")
    assert one == f"Åskolan ligger över kommunen i Trygghet: 91,0{NBSP}% mot 88,4{NBSP}%."


def test_month_and_grid_summaries() -> None:
    months = chart_texts.extremes(["jan", "feb", "mar"], Series("Totalt", [5.2, 6.1, 4.8]), "percent", 1,
                                  "Sjukfrånvaron (totalt)")
    assert months == f"Sjukfrånvaron (totalt) var högst i feb (6,1{NBSP}%) och lägst i mar (4,8{NBSP}%)."
    grid = chart_texts.grid(["Läsning", "Studiero"], ["Åskolan", "Björkskolan"], [[3.0, 4.5], [None, 2.0]], 1)
    assert grid == "Högst medelvärde: Studiero på Åskolan (4,5); lägst: Studiero på Björkskolan (2,0)."


def test_a_summary_never_names_a_hidden_figure() -> None:
    """Hidden figures reach the words as None (``Views.figure_value``), like a gap: nothing to name."""
    lines = [Series("Åskolan", [None, 70.0, 75.0]), Series("Kommunen", [80.0, None, 81.0])]
    text = chart_texts.series(YEARS[:3], lines, "percent", 1)
    assert text == f"Åskolan: från 2020/21 till 2021/22 steg andelen från 70,0{NBSP}% till 75,0{NBSP}%; 2021/22: kommunen 81,0{NBSP}%."


def test_source_line_says_whose_figures() -> None:
    assert chart_texts.source("units", ["Skolverket", "Skolverket", "Kommunens elevenkät"], ["Kolada N15505"]) == (
        "Källa: enheternas egna resultat i kvalitetsarbetet (uppgifter från Skolverket och Kommunens elevenkät); "
        "kommunens värde är räknat från enheternas; officiell siffra: Kolada N15505.")
    assert chart_texts.source("sick_leave") == "Källa: kommunens egen redovisning av personalens sjukfrånvaro."


def test_charts_js_draws_an_image_without_controls_and_loads_plotly_itself() -> None:
    script = (ASSETS / "charts.js").read_text(encoding="utf-8")
    assert "displayModeBar: false" in script and "toImage" not in script
    assert "itemclick: false" in script
    assert "document.currentScript" in script and '"plotly.min.js"' in script


# -- on the built example site ------------------------------------------------------------------------

HIDDEN = ("centralskolan", "2024/25", "minst-e-alla-amnen-ak9", 3, 7)
"""A unit, year and goal indicator whose figure the example site is built to hide: 3 of 7 pupils (42,9 %)."""


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The example site, with one unit's figure in a year summary's spread hidden by the site (counts
    below the threshold), and the content and figures it was built from."""
    from test_site import build_site, make_project

    project = make_project(tmp_path_factory.mktemp("charts"))
    unit, year, indicator, n, d = HIDDEN
    path = project / "content" / "years" / year.replace("/", "-") / "units" / f"{unit}.yaml"
    modeline, _, body = path.read_text("utf-8").partition("\n")
    doc = yaml.safe_load(body)
    (result,) = [r for r in doc["results"] if r["indicator"] == indicator and not r.get("stage")]
    result["total"] = {"numerator": n, "denominator": d}
    result.pop("girls", None), result.pop("boys", None)
    path.write_text(modeline + "\n" + yaml.safe_dump(doc, allow_unicode=True, sort_keys=False, width=1000), "utf-8")
    site = build_site(project)
    content, results = leaks.load(project)
    return site, content, results


def pages(site: Path) -> dict[str, str]:
    return {p.relative_to(site).as_posix(): p.read_text("utf-8") for p in site.rglob("*.html")}


def figures_of(page: str) -> list[dict]:
    """Each .ska-figure on a page: its summary, chart (attributes, figure), source line and link target."""
    root = leaks.parse_html(page)
    ids = {n.attrs["id"]: n.tag for n in root.walk() if n.attrs.get("id")}
    out = []
    for node in (n for n in root.walk() if "ska-figure" in n.classes()):
        parts = {cls: n for n in node.walk() for cls in n.classes() & {
            "ska-figure__summary", "ska-figure__source", "ska-figure__link", "ska-chart"}}
        chart = parts["ska-chart"]
        link = parts["ska-figure__link"].find_all("a")[0].attrs["href"] if "ska-figure__link" in parts else ""
        out.append({"summary": parts["ska-figure__summary"].text() if "ska-figure__summary" in parts else "",
                    "source": parts["ska-figure__source"].text() if "ska-figure__source" in parts else "",
                    "attrs": chart.attrs, "figure": json.loads(chart.attrs["data-figure"]),
                    "link": link, "target": ids.get(link[1:]) if link.startswith("#") else None, "node": node})
    return out


def test_plotly_is_only_loaded_by_charts_js_where_a_page_has_a_chart(built):
    site, _, _ = built
    for path, page in pages(site).items():
        scripts = re.findall(r'<script[^>]*src="([^"]*)"', page)
        assert not [s for s in scripts if "plotly" in s], path  # never a <script> of its own
        assert [s for s in scripts if s.endswith("assets/ska/charts.js")], path
    assert (site / "assets" / "ska" / "plotly.min.js").is_file()  # what charts.js asks for


def test_every_chart_has_words_a_source_and_a_link_to_its_table(built):
    site, _, _ = built
    seen = 0
    for path, page in pages(site).items():
        for f in figures_of(page):
            seen += 1
            where = f"{path}: {f['attrs']['aria-label']}"
            assert f["attrs"]["role"] == "img" and len(f["attrs"]["aria-label"]) < 200, where
            assert f["summary"].strip().endswith("."), where
            assert f["source"].startswith("Källa: "), where
            assert f["target"] == "table", f"{where}: {f['link']} is not a table on the page"
            layout = f["figure"]["layout"]
            assert layout["xaxis"]["title"]["text"] and layout["yaxis"]["title"]["text"], where
            if any(t["type"] == "bar" for t in f["figure"]["data"]):
                assert charts.from_zero(f["figure"]), where
            if not charts.from_zero(f["figure"]):
                assert f["source"].endswith("Obs: den lodräta axeln börjar inte på noll."), where
    assert seen > 20


def test_a_line_of_merit_values_says_its_axis_does_not_start_at_zero(built):
    site, content, _ = built
    merit = next(i for i in content.indicators.values() if i.unit == "points")
    (first, *_) = figures_of((site / "indikatorer" / merit.id / "index.html").read_text("utf-8"))
    assert first["figure"]["layout"]["yaxis"]["title"]["text"] == "Poäng"
    assert first["figure"]["layout"]["xaxis"]["title"]["text"] == "Läsår"
    assert "Obs: den lodräta axeln börjar inte på noll." in first["source"]


def test_a_hidden_unit_in_a_spread_is_dots_without_its_value(built):
    site, content, results = built
    unit, year, indicator, n, d = HIDDEN
    assert results.unit(unit, year, indicator, "").suppressed
    name, ind = content.units[unit].name, content.indicators[indicator]
    page = (site / "ar" / year.replace("/", "-") / "spridning" / "index.html").read_text("utf-8")  # the year's spread page
    (f,) = [f for f in figures_of(page) if f["attrs"]["aria-label"].startswith(f"Diagram: {ind.name} per enhet")]
    bars = f["figure"]["data"][0]
    i = bars["y"].index(name)
    assert i == 0 and bars["x"][i] is None and bars["text"][i] == ""  # its row, at the bottom, with no bar
    (mark,) = [a for a in f["figure"]["layout"]["annotations"] if a["text"] == ".."]
    assert (mark["x"], mark["y"]) == (0, name)
    assert mark["hovertext"] == f"{name}: dolt. Färre än {results.min_group} elever eller barn: siffran publiceras inte."
    assert f["summary"].endswith("; 1 enhet har dolda värden.") and name not in f["summary"]
    # the hidden figure is nowhere in the chart's data, its words or the table's cells
    value = 100 * n / d
    data = f["attrs"]["data-figure"]
    for shown in (f"{value:.4g}", f"{value:.3g}", formatting.number(value, 1), formatting.number(value, 0)):
        assert shown not in data and shown not in f["summary"], shown
    table = next(n for n in leaks.parse_html(page).walk() if n.attrs.get("id") == f["link"][1:])
    row = next(tr for tr in table.find_all("tr") if name in tr.text())
    assert row.find_all("td")[1].text().strip() == ".."


def test_spread_summary_agrees_with_its_table(built):
    site, content, _ = built
    year = content.school_years[-1]
    page = (site / "ar" / year.replace("/", "-") / "spridning" / "index.html").read_text("utf-8")
    root = leaks.parse_html(page)
    checked = 0
    for f in figures_of(page):
        if f["figure"]["data"][0].get("orientation") != "h":
            continue
        table = next(n for n in root.walk() if n.attrs.get("id") == f["link"][1:])
        rows = [(tr.find_all("a")[0].text(), td) for tr in table.find_all("tbody")[0].find_all("tr")
                for td in tr.find_all("td")[1:2] if td.attrs.get("data-sort")]
        best = max(rows, key=lambda r: float(r[1].attrs["data-sort"]))
        worst = min(rows, key=lambda r: float(r[1].attrs["data-sort"]))
        for name, td in (best, worst):
            assert f"{name}" in f["summary"] and f"({td.text().strip()})" in f["summary"], f["summary"]
        checked += 1
    assert checked


def test_a_page_without_charts_says_nothing_of_them(built):
    site, _, _ = built
    page = (site / "enheter" / "index.html").read_text("utf-8")
    assert "ska-chart" not in page and "ska-figure" not in page
