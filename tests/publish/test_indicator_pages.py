"""A page per indicator: the app's frame (its chart, map, table, sentences and files) for each measure."""

from __future__ import annotations

import io
import json
import zipfile

import pandas as pd
from plotly.utils import PlotlyJSONEncoder
from site_pages import figures, squash, text

from dashboard import downloads, indicator
from dashboard.figure import on_screen
from dashboard.linechart import ChartView
from publish.indicator_pages import GROUP, site_indicators
from store.files import data_dir_from_env


def as_json(value):
    return json.loads(json.dumps(value, cls=PlotlyJSONEncoder))


def test_every_measure_pages_frame_has_a_page_listed_in_the_index(built_site) -> None:
    listed = text(built_site.root / "indicators" / "index.html")
    frames = site_indicators()
    assert {ind.id for _, ind in frames} >= {"pay_gap", "fertility_rate", "work_gap", "unpaid_care_gap"}
    for page, ind in frames:
        assert (built_site.root / "indicators" / f"{ind.id}.html").is_file()
        assert page.title in listed


def test_each_page_draws_and_says_what_the_apps_frame_does(built_site) -> None:
    for _, ind in site_indicators():
        path = built_site.root / "indicators" / f"{ind.id}.html"
        view = None if ind.survey else ChartView(ind.years[0], ind.years[-1], False, False)
        chart = indicator.chart(ind, [], GROUP, view)
        shown = figures(path)
        assert shown["figure-chart"] == as_json(on_screen(chart.fig)), ind.id
        page = text(path)
        assert squash(chart.summary) in page, ind.id
        year = None if ind.survey or ind.kind == "national" else ind.series.default_year
        table = indicator.table(ind, GROUP, year)
        assert squash(table.summary) in page, ind.id
        assert squash(ind.citation()) in page
        if ind.id == "pay_gap":  # one map (each costs a timeline of every year)
            world = indicator.world_map(ind, GROUP, year, indicator.build_map(ind, GROUP, year))
            assert shown["figure-map"] == as_json(on_screen(world.fig)), ind.id
            assert squash(world.summary) in page


def test_the_table_lists_each_countrys_value_as_the_app_formats_it(built_site) -> None:
    (ind,) = [ind for _, ind in site_indicators() if ind.id == "pay_gap"]
    year = ind.series.default_year
    published = pd.read_csv(data_dir_from_env() / "pay_gap.csv")
    rows = published[(published["year"] == year) & (published["country_code"] == "KOR")]
    page = text(built_site.root / "indicators" / "pay_gap.html")
    value = f"{rows['value'].iloc[0]:,.{ind.series.info.decimals}f}"
    assert f"South Korea {value} {year}" in page


def test_the_downloads_are_the_apps_files_with_the_publishers_figures(built_site) -> None:
    (ind,) = [ind for _, ind in site_indicators() if ind.id == "pay_gap"]
    chart = indicator.chart(ind, [], GROUP, ChartView(ind.years[0], ind.years[-1], False, False))
    offered = (built_site.root / "data" / "pay_gap_chart.csv").read_bytes()
    assert offered == downloads.chart_csv(chart.rows, ind.series.info.unit)
    with zipfile.ZipFile(built_site.root / "data" / "pay_gap.zip") as archive:
        table = pd.read_csv(io.BytesIO(archive.read("pay_gap.csv")))
        meta = json.loads(archive.read("pay_gap.metadata.json"))
    published = pd.read_csv(data_dir_from_env() / "pay_gap.csv")
    key = ["country_code", "year"]
    merged = table.merge(published, on=key, suffixes=("", "_published"))
    assert len(merged) == len(published) == len(table)
    assert (merged["value"] == merged["value_published"]).all()
    assert meta["release"] and meta["citation"]
