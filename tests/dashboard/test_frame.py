"""The frame's tabs and its view in the link (dashboard/frame.py), page by page, in AppTest."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from dashboard_fixture import build
from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parents[2] / "app.py")
FRAME_PAGES = ["pay_gap", "births", "work", "unpaid_care", "explore"]


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    build(tmp_path / "data")
    monkeypatch.setenv("DASHBOARD_DATA_DIR", str(tmp_path / "data"))
    return tmp_path / "data"


def open_page(page: str, params: dict[str, str] | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=90)
    for key, value in (params or {}).items():
        at.query_params[key] = value
    at.run()
    at.switch_page(f"dashboard/pages/{page}.py").run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def spec(at: AppTest, index: int = 0) -> dict:
    return json.loads(at.get("plotly_chart")[index].proto.spec)


@pytest.mark.parametrize("page", FRAME_PAGES)
def test_every_frame_has_its_tabs_and_only_the_open_one_runs(data_dir: Path, page: str) -> None:
    at = open_page(page)
    labels = [t.label for t in at.tabs]
    assert labels[:2] == ["Chart", "Map"] and {"Table", "Sources", "Download"} <= set(labels)
    at = open_page(page, {"tab": "map"})  # grapher's lowercase link opens the Map tab too
    assert any(t.get("type") == "choropleth" for t in spec(at)["data"])


def test_time_range_change_and_year_come_from_the_link(data_dir: Path) -> None:
    at = open_page("pay_gap", {"time": "2008..2015", "change": "1"})
    fig = spec(at)
    years = {x for t in fig["data"] for x in t["x"]}
    assert min(years) == 2008 and max(years) == 2015
    headings = [m.value for m in at.markdown if m.value.startswith("####")]
    assert headings[0] == "#### Gender wage gap, 2008\u2060–\u20602015"  # one title: the frame's heading...
    assert any(c.value.startswith("change since 2008") for c in at.caption)  # ...its unit under it
    assert not fig["layout"]["title"]["text"] and "subtitle" not in fig["layout"]["title"]  # not twice
    assert fig["layout"]["xaxis"]["tickformat"] == "d"  # whole years on the axis
    at = open_page("pay_gap", {"tab": "Table", "year": "2012"})
    assert set(at.dataframe[0].value["Year"]) == {2012}


def test_changing_the_view_writes_the_link(data_dir: Path) -> None:
    at = open_page("pay_gap")
    years = [int(y) for y in at.selectbox(key="frame_pay_gap_start").options]
    at.selectbox(key="frame_pay_gap_start").set_value(years[1]).run()
    at.selectbox(key="frame_pay_gap_end").set_value(years[-2]).run()
    assert at.query_params["time"] == f"{years[1]}..{years[-2]}"
    heading = next(m.value for m in at.markdown if m.value.startswith("####"))
    assert heading == f"#### Gender wage gap, {years[1]}\u2060–\u2060{years[-2]}"  # never broken at the –
    at.selectbox(key="frame_pay_gap_start").set_value(years[-1]).run()  # past the end: both move
    assert at.query_params["time"] == f"{years[-1]}..{years[-1]}"
    at.selectbox(key="frame_pay_gap_start").set_value(years[0]).run()
    at.selectbox(key="frame_pay_gap_end").set_value(years[-1]).run()
    assert "time" not in at.query_params  # all the years: the link's default
    at.toggle(key="frame_pay_gap_change").set_value(True).run()
    assert at.query_params["change"] == "1"
    at.toggle(key="frame_pay_gap_change").set_value(False).run()
    assert "change" not in at.query_params


def test_a_bad_time_in_the_link_falls_back_with_a_notice(data_dir: Path) -> None:
    at = open_page("pay_gap", {"time": "3000..x"})
    assert any("No data for years" in i.value for i in at.info)
    assert spec(at)["data"]


def test_second_frames_take_their_own_link_parameters(data_dir: Path) -> None:
    at = open_page("births", {"births_tab": "Table", "births_year": "2000"})
    table = at.dataframe[0].value
    assert set(table["Year"]) == {2000} and "Value (births)" in table.columns


def test_survey_frames_have_no_time_axis(data_dir: Path) -> None:
    at = open_page("unpaid_care")
    assert not [b for b in at.selectbox if b.label in ("From", "To")]  # one survey per country
    bars = spec(at)["data"][0]
    assert bars["type"] == "bar" and any("(2014)" in y for y in bars["y"])


def test_table_shows_decimals_and_a_dash_for_missing() -> None:
    import pandas as pd

    from dashboard.tables import styled

    html = styled(pd.DataFrame({"Value (%)": [29.30086, None]}), {"Value (%)": 1}).to_html()
    assert "29.3<" in html and "—" in html and "29.30086" not in html


def test_the_map_region_comes_from_the_link_and_goes_back_to_it(data_dir: Path) -> None:
    at = open_page("pay_gap", {"tab": "Map", "region": "east asia"})  # any case, a space or "_"
    geo = spec(at)["layout"]["geo"]
    assert geo["lonaxis"]["range"][0] > 90 and geo["lataxis"]["range"][1] < 60
    assert at.selectbox(key="frame_pay_gap_region").value == "East Asia"
    assert at.query_params["region"] == "East Asia"
    at.selectbox(key="frame_pay_gap_region").set_value("World").run()
    assert "region" not in at.query_params
    assert spec(at)["layout"]["geo"]["lonaxis"]["range"] == [-180, 180]


def test_an_unknown_tab_or_region_falls_back_with_a_notice(data_dir: Path) -> None:
    at = open_page("pay_gap", {"tab": "<script>", "region": "Atlantis"})
    notices = " ".join(i.value for i in at.info)
    assert "No tab “\\<script\\>” here; showing Chart." in notices  # escaped: shown as typed
    assert "No map region “Atlantis”; showing the world." in notices


def test_a_log_scale_stays_out_of_the_link_where_none_is_offered(data_dir: Path) -> None:
    at = open_page("pay_gap", {"change": "1", "log": "1"})  # a gap: no log scale
    assert at.query_params["change"] == "1" and "log" not in at.query_params
