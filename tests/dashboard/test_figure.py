"""The figure frame (dashboard/figure.py): what a page draws of a figure (``on_screen``) against what an
image keeps, on a line chart and an animated map built from the shipped CSVs."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import pytest

from dashboard import figure, maps
from dashboard.figure import on_screen, titles
from dashboard.linechart import ChartView, line_figure, series_lines
from registry.catalogue import series_info
from store.files import DEFAULT_DATA_DIR

pytestmark = pytest.mark.skipif(
    not (DEFAULT_DATA_DIR / "manifest.json").exists(), reason="no shipped data snapshot"
)
SOURCE = "Source: OECD, Gender wage gap (indicator), OECD Data Explorer (CC BY 4.0), release of 2025-11-08"


def plot_height(layout: dict) -> int:
    return layout["height"] - layout["margin"]["t"] - layout["margin"]["b"]


def line_chart(countries: list[str]) -> dict:
    frame = pd.read_csv(DEFAULT_DATA_DIR / "pay_gap.csv")
    names = dict(zip(frame["country_code"], frame["country"], strict=False))
    rows = series_lines(frame, countries, names, None)
    title = "Gender wage gap & the <b>tag</b> a reader might type, 2005–2020"
    return line_figure(rows, 1, ChartView(2005, 2020), title, "% of men's median earnings", SOURCE)


@pytest.mark.parametrize("countries", [[], ["JPN", "USA", "DEU", "FRA", "SWE"]])
def test_a_chart_on_screen_drops_its_title_and_source_and_keeps_its_plot(countries: list[str]) -> None:
    fig = line_chart(countries)
    shown = on_screen(fig)
    assert not shown["layout"]["title"]["text"] and "subtitle" not in shown["layout"]["title"]
    assert all(a["text"] != fig["layout"]["annotations"][0]["text"] for a in shown["layout"]["annotations"])
    assert plot_height(shown["layout"]) == plot_height(fig["layout"])  # the same plot, less around it
    assert shown["layout"]["height"] < fig["layout"]["height"] - 100
    legend_rows = -(-len(fig["data"]) // figure.LEGEND_COLUMNS)
    legend_below = 0.12 * plot_height(fig["layout"]) + figure.LEGEND_ROW_PX * legend_rows
    assert shown["layout"]["margin"]["b"] >= legend_below  # the legend still fits under the plot
    assert "meta" not in shown["layout"]
    go.Figure(shown)  # still a valid figure
    assert fig["layout"]["annotations"][0]["text"].startswith("Source:")  # the image's copy is intact


def test_the_heading_reads_the_title_as_typed() -> None:
    title, subtitle = titles(line_chart([]))
    assert title == "Gender wage gap & the <b>tag</b> a reader might type, 2005–2020"
    assert subtitle == "% of men's median earnings"


def test_an_animated_map_on_screen_is_titled_with_the_year_each_frame_shows() -> None:
    frame, info = pd.read_csv(DEFAULT_DATA_DIR / "pay_gap.csv"), series_info("pay_gap")
    fig = maps.map_figure(frame, info, "oecd", 2015, info.unit, SOURCE)
    shown = on_screen(fig)
    assert shown["layout"]["title"]["text"] == "2015"
    assert {f["layout"]["title"]["text"] for f in shown["frames"]} == {f["name"] for f in fig["frames"]}
    assert plot_height(shown["layout"]) == plot_height(fig["layout"])
    assert shown["layout"]["sliders"] == fig["layout"]["sliders"]  # the timeline stays on screen
    assert len(shown["layout"]["annotations"]) == len(fig["layout"]["annotations"]) - 1
    go.Figure(shown)


def test_a_region_zooms_the_map_and_nothing_else() -> None:
    frame, info = pd.read_csv(DEFAULT_DATA_DIR / "pay_gap.csv"), series_info("pay_gap")
    fig = maps.map_figure(frame, info, "oecd", 2023, info.unit, SOURCE)
    zoomed = maps.zoom(fig, "East Asia")
    lon, lat = maps.REGIONS["East Asia"]
    assert zoomed["layout"]["geo"]["lonaxis"]["range"] == list(lon) and 127 in range(*lon)
    assert zoomed["layout"]["geo"]["lataxis"]["range"] == list(lat) and 37 in range(*lat)
    assert zoomed["data"] is fig["data"] and fig["layout"]["geo"]["lonaxis"]["range"] == [-180, 180]
