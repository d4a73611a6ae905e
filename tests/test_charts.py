"""Chart figures are valid plotly, show breaks and gaps honestly, and embed safely and small."""

from __future__ import annotations

import copy
import json
from html.parser import HTMLParser
from pathlib import Path

import plotly.graph_objects as go
import pytest

from ska.site import charts
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
    }


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
