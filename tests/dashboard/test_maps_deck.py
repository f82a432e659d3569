"""Maps through time and the verdict summary, checked against the shipped data files."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import pytest

from claims.model import Label
from dashboard import maps, summary
from dashboard.theme import KOREA_COLOUR
from registry.groups import KOREA, oecd_members
from store.files import DEFAULT_DATA_DIR

needs_data = pytest.mark.skipif(
    not (DEFAULT_DATA_DIR / "manifest.json").exists(), reason="no shipped data snapshot"
)


@pytest.fixture(autouse=True)
def shipped_data(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DASHBOARD_DATA_DIR", str(DEFAULT_DATA_DIR))


def pay_gap_map(start: int) -> dict:
    frame = pd.read_csv(DEFAULT_DATA_DIR / "pay_gap.csv")
    return maps.map_figure(frame, ("test", start), "oecd", 0, start, "Gap", "%", "Source: test", "%")


@needs_data
def test_the_map_has_a_frame_per_year_on_one_colour_scale() -> None:
    published = pd.read_csv(DEFAULT_DATA_DIR / "pay_gap.csv")
    members = published[published["country_code"].isin(oecd_members())]
    start = int(members["year"].max()) - 1
    fig = pay_gap_map(start)
    go.Figure(**fig)  # valid against Plotly's schema (the app sends it unvalidated)
    assert [f["name"] for f in fig["frames"]] == [str(y) for y in sorted(members["year"].unique())]
    assert fig["layout"]["sliders"][0]["steps"][fig["layout"]["sliders"][0]["active"]]["label"] == str(start)
    low, high = members["value"].min(), members["value"].max()
    for frame in fig["frames"]:
        values, no_data, korea = frame["data"]
        assert (values["zmin"], values["zmax"]) == (low, high)
        year = int(frame["name"])
        reported = set(members.loc[members["year"] == year, "country_code"])
        assert set(values["locations"]) == reported
        assert set(no_data["locations"]) == set(oecd_members()) - reported  # drawn as "no data"
        assert no_data["name"] == "No data" and no_data["showlegend"]
        if KOREA in reported:  # outlined, its fill from the same scale as every other country's
            value = members.loc[(members["year"] == year) & (members["country_code"] == KOREA), "value"]
            assert korea["z"] == [value.item()]
            assert korea["colorscale"] == values["colorscale"] and korea["zmin"] == low
            assert korea["marker"]["line"]["color"] == KOREA_COLOUR
        assert str(year) in frame["layout"]["title"]["text"]


def test_summary_table_escapes_a_readers_claims_text() -> None:
    assert summary.escape("a | [x](javascript:alert(1)) *b*") == (
        r"a \| \[x\]\(javascript\:alert\(1\)\) \*b\*"
    )
    assert summary.anchor("Gap: 30%!") == "claim-gap-30"
    assert summary.badge(Label.PARTLY).startswith(":orange-badge[")
