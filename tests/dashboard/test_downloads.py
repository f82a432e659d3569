"""The Download tab's payloads (dashboard/downloads.py): chart rows as drawn, the data zip, images."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pandas as pd
import pytest

from dashboard import downloads, indicator
from dashboard.data import load_series
from dashboard.linechart import ChartView
from registry.groups import KOREA
from store.files import DEFAULT_DATA_DIR

pytestmark = pytest.mark.skipif(
    not (DEFAULT_DATA_DIR / "manifest.json").exists(), reason="no shipped data snapshot"
)
META_FIELDS = {"title", "unit", "definition", "publisher", "licence", "citation", "release", "sha256"}


@pytest.fixture(autouse=True)
def shipped_data(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DASHBOARD_DATA_DIR", str(DEFAULT_DATA_DIR))


def test_chart_data_rows_are_exactly_what_is_drawn() -> None:
    series = load_series("pay_gap")
    ind = indicator.Indicator("pay_gap", series)
    shown = indicator.chart(ind, ["JPN", "SWE"], "oecd", ChartView(2005, 2020))
    rows = pd.read_csv(io.BytesIO(downloads.chart_csv(shown.rows, series.info.unit)))
    drawn = [(t["name"], x, y) for t in shown.fig["data"] for x, y in zip(t["x"], t["y"], strict=True)]
    listed = list(zip(rows["line"], rows["year"], rows[f"value ({series.info.unit})"], strict=True))
    assert listed == drawn
    assert rows["year"].between(2005, 2020).all()
    published = pd.read_csv(DEFAULT_DATA_DIR / "pay_gap.csv")
    korea = published[(published["country_code"] == KOREA) & published["year"].between(2005, 2020)]
    assert (
        rows.loc[rows["country_code"] == KOREA, f"value ({series.info.unit})"].tolist()
        == korea["value"].tolist()
    )


def test_change_since_start_of_a_rate_is_in_points() -> None:
    series = load_series("pay_gap")
    shown = indicator.chart(
        indicator.Indicator("pay_gap", series), [], "oecd", ChartView(2010, 2020, change=True)
    )
    korea = shown.rows[shown.rows["country_code"] == KOREA]
    published = pd.read_csv(DEFAULT_DATA_DIR / "pay_gap.csv").query("country_code == 'KOR'").set_index("year")
    assert korea["value"].iloc[-1] == pytest.approx(
        published.loc[2020, "value"] - published.loc[2010, "value"]
    )
    assert "percentage points" in shown.fig["layout"]["title"]["subtitle"]["text"]


def test_the_zip_has_the_csv_metadata_and_readme() -> None:
    series = load_series("pay_gap")
    archive = zipfile.ZipFile(io.BytesIO(downloads.series_zip(series, "http://localhost/pay_gap")))
    assert sorted(archive.namelist()) == ["README.md", "pay_gap.csv", "pay_gap.metadata.json"]
    data = pd.read_csv(archive.open("pay_gap.csv"))
    assert len(data) == len(pd.read_csv(DEFAULT_DATA_DIR / "pay_gap.csv"))
    meta = json.loads(archive.read("pay_gap.metadata.json"))
    assert set(meta) >= META_FIELDS and meta["sha256"] == series.meta["sha256"]
    assert meta["publisher_page"].startswith("https://data-explorer.oecd.org/")
    readme = archive.read("README.md").decode()
    assert "Cite as:" in readme and series.info.licence in readme and "../" not in readme


def test_a_gap_zip_holds_women_men_and_both_sources() -> None:
    from dashboard.pair import gap_series

    gap = gap_series(load_series("lfp_female"), load_series("lfp_male"), "work", "percentage points", "pp")
    archive = zipfile.ZipFile(io.BytesIO(downloads.series_zip(gap, None)))
    data = pd.read_csv(archive.open(f"{gap.id}.csv"))
    assert {"women", "men", "gap (women minus men)"} <= set(data.columns)
    assert (data["gap (women minus men)"] - (data["women"] - data["men"])).abs().max() < 1e-9
    assert len(json.loads(archive.read(f"{gap.id}.metadata.json"))["series"]) == 2


def test_snippets_are_one_line_each() -> None:
    pandas_line, r_line = downloads.snippets("pay_gap")
    assert "\n" not in pandas_line + r_line and 'unz("pay_gap.zip", "pay_gap.csv")' in r_line


@pytest.mark.skipif(not downloads.browser_available(), reason="no Chromium for Kaleido")
def test_a_png_and_an_svg_are_drawn_offline(tmp_path: Path) -> None:
    series = load_series("pay_gap")
    ind = indicator.Indicator("pay_gap", series)
    fig = downloads.static_figure(indicator.build_map(ind, "oecd", 2023), "http://localhost/pay_gap?tab=Map")
    png = downloads.image(fig, "png")
    assert png.startswith(b"\x89PNG")
    svg = downloads.image(fig, "svg").decode()
    assert "Gender wage gap, 2023" in svg and "http://localhost/pay_gap?tab=Map" in svg
    assert "Play" not in svg and "slider" not in svg  # no timeline controls in the image


def test_a_tab_not_ready_is_tried_once_more_and_other_failures_are_a_message(monkeypatch) -> None:
    """Kaleido's race (its script not yet in the tab) gets one more try; a second failure, or any
    other, is an ImageError naming what failed, never a traceback."""
    import kaleido

    calls: list[int] = []

    def draw(*failures: Exception):
        def calc_fig_sync(*args, **kwargs) -> bytes:
            calls.append(1)
            if len(calls) <= len(failures):
                raise failures[len(calls) - 1]
            return b"\x89PNG drawn"

        return calc_fig_sync

    monkeypatch.setattr(downloads, "_start", lambda: None)
    race = RuntimeError("ReferenceError: kaleido_scopes is not defined")
    monkeypatch.setattr(kaleido, "calc_fig_sync", draw(race))
    assert downloads.image({"layout": {"height": 400}}, "png") == b"\x89PNG drawn" and len(calls) == 2
    for failures in [(race, race), (TimeoutError("90 s"),)]:
        calls.clear()
        monkeypatch.setattr(kaleido, "calc_fig_sync", draw(*failures))
        with pytest.raises(downloads.ImageError, match=type(failures[-1]).__name__):
            downloads.image({"layout": {"height": 400}}, "png")
        assert len(calls) == len(failures)


SLIDER_BORDER = (0xBE, 0xC8, 0xD9)  # Plotly's default border of the timeline's slider and buttons


def _pixels_like(png: bytes, rgb: tuple[int, int, int]) -> int:
    import numpy as np
    from PIL import Image

    image = np.asarray(Image.open(io.BytesIO(png)).convert("RGB")).astype(int)
    return int((np.abs(image - np.array(rgb)).max(axis=2) <= 3).sum())


@pytest.mark.skipif(not downloads.browser_available(), reason="no Chromium for Kaleido")
def test_the_map_png_has_no_timeline_in_its_pixels() -> None:
    """The PNG is the map without its timeline's band: its size says so, and the colour of the
    slider's and buttons' borders, plentiful when the same map is drawn with them, is absent."""
    import copy

    from PIL import Image

    series = load_series("pay_gap")
    fig = indicator.build_map(indicator.Indicator("pay_gap", series), "oecd", 2023)
    static = downloads.static_figure(fig, "http://localhost/pay_gap?tab=Map")
    png = downloads.image(static, "png")
    band = fig["layout"]["meta"]["controls_px"]
    assert Image.open(io.BytesIO(png)).size == (2 * downloads.IMAGE_WIDTH, 2 * static["layout"]["height"])
    assert static["layout"]["height"] == fig["layout"]["height"] + downloads.LINK_PX - band
    with_controls = copy.deepcopy(static)  # the same image with the timeline put back
    layout = with_controls["layout"]
    layout.update(sliders=fig["layout"]["sliders"], updatemenus=fig["layout"]["updatemenus"])
    layout["height"] += band
    layout["margin"]["b"] += band
    layout["annotations"][0]["yshift"] -= band
    drawn = _pixels_like(downloads.image(with_controls, "png"), SLIDER_BORDER)
    assert drawn > 2000 and _pixels_like(png, SLIDER_BORDER) < drawn / 50
