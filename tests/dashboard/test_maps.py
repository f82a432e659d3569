"""The binned, animated map (dashboard/maps.py, dashboard/bins.py), checked against the shipped CSVs."""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest

from dashboard import bins, maps
from dashboard.downloads import static_figure
from dashboard.theme import KOREA_COLOUR, NO_DATA_COLOUR
from registry.catalogue import series_info
from registry.groups import KOREA, oecd_members
from store.files import DEFAULT_DATA_DIR

pytestmark = pytest.mark.skipif(
    not (DEFAULT_DATA_DIR / "manifest.json").exists(), reason="no shipped data snapshot"
)


def csv(series_id: str) -> pd.DataFrame:
    return pd.read_csv(DEFAULT_DATA_DIR / f"{series_id}.csv")


def colour_of(fig: dict, code: str) -> str:
    """The fill of ``code`` in the figure's first frame: the class trace that lists it."""
    found = [t for t in fig["data"][:-1] if code in t["locations"]]
    assert len(found) == 1, f"{code} is in {len(found)} class traces"
    return found[0]["colorscale"][0][1]


def test_korea_and_japan_differ_in_2023_and_bins_are_the_same_every_year() -> None:
    frame, info = csv("pay_gap"), series_info("pay_gap")
    fig = maps.map_figure(frame, info, "oecd", 2023, info.unit, "Source: test")
    go.Figure(**fig)  # valid against Plotly's schema (the app sends it unvalidated)
    assert colour_of(fig, KOREA) != colour_of(fig, "JPN")
    edges = np.asarray(info.map_bins)
    value = frame.set_index(["country_code", "year"])["value"]
    assert np.searchsorted(edges, value[(KOREA, 2023)]) != np.searchsorted(edges, value[("JPN", 2023)])
    names = [t["name"] for t in fig["data"]]
    for frame_ in fig["frames"]:  # the same classes (traces) in every year, so colours compare
        assert [t["name"] for t in frame_["data"]] == names
        year = int(frame_["name"])
        members = frame[(frame["year"] == year) & frame["country_code"].isin(oecd_members())]
        no_data = frame_["data"][-2]
        assert no_data["name"] == "No data" and no_data["colorscale"][0][1] == NO_DATA_COLOUR
        assert set(no_data["locations"]) == oecd_members() - set(members["country_code"])
        assert str(year) in frame_["layout"]["title"]["text"]
    outline = fig["data"][-1]
    assert outline["locations"] == [KOREA] and outline["marker"]["line"]["color"] == KOREA_COLOUR


def test_automatic_bins_are_quantiles_of_recent_years() -> None:
    frame, info = csv("fertility_rate"), series_info("fertility_rate")
    found = bins.bins_for(info, frame)
    recent = frame.loc[frame["year"] > frame["year"].max() - bins.RECENT_YEARS, "value"]
    expected = sorted({bins.round_edge(q) for q in recent.quantile([k / 6 for k in range(1, 6)])})
    assert list(found.edges) == expected
    assert len(found.labels) == len(found.colours) == len(set(found.colours))
    assert found.labels[0].startswith("< ") and found.labels[-1].startswith("≥ ")


def test_play_starts_at_the_chosen_year_and_a_button_returns_to_it() -> None:
    frame, info = csv("pay_gap"), series_info("pay_gap")
    fig = maps.map_figure(frame, info, "oecd", 2000, info.unit, "Source: test")
    play, _pause, back = fig["layout"]["updatemenus"][0]["buttons"]
    assert play["args"][0][0] == "2000" and play["args"][1]["fromcurrent"]
    assert back["args"][0] == ["2000"] and "2000" in back["label"]
    latest = int(fig["frames"][-1]["name"])
    at_end = maps.map_figure(frame, info, "oecd", latest, info.unit, "Source: test")
    assert at_end["layout"]["updatemenus"][0]["buttons"][0]["args"][0][0] == fig["frames"][0]["name"]


def test_survey_map_has_no_timeline_and_names_its_survey_years() -> None:
    frame, info = csv("unpaid_care_female"), series_info("unpaid_care_female")
    fig = maps.map_figure(frame, info, "oecd", 2016, info.unit, "Source: test")
    assert "frames" not in fig and "sliders" not in fig["layout"]
    members = frame[frame["country_code"].isin(oecd_members())]
    assert f"{members['year'].min()}–{members['year'].max()}" in fig["layout"]["title"]["text"]
    korea_year = int(frame.loc[frame["country_code"] == KOREA, "year"].iloc[0])
    assert f"South Korea ({korea_year})" in fig["data"][-1]["text"][0]


def test_the_image_of_a_map_has_no_controls() -> None:
    frame, info = csv("pay_gap"), series_info("pay_gap")
    fig = static_figure(maps.map_figure(frame, info, "oecd", 2023, info.unit, "Source: test"), "http://x/p")
    assert "frames" not in fig and not {"sliders", "updatemenus"} & set(fig["layout"])
    assert "http://x/p" in fig["layout"]["annotations"][0]["text"]
