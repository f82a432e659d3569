"""AppTest: a reader sees the releases. Data & sources charts South Korea's figures release by release;
the pay-gap chart marks where the long history joins the current release, and its table names the
release of each row. Expected texts are recomputed from the fixture's frames."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
import pytest
from app_harness import open_app
from dashboard_fixture import series_frames
from streamlit.testing.v1 import AppTest

from registry.catalogue import series_info
from store.manifest import Provenance
from store.save import save_series


def older_release(frame: pd.DataFrame, first_year: int, revise: float) -> pd.DataFrame:
    """An earlier release: the same countries back to ``first_year``, Korea's 2010 figure revised later."""
    earlier = []
    for code, rows in frame.groupby("country_code"):
        start = rows.sort_values("year").iloc[0]
        earlier += [
            (code, start["country"], year, start["value"]) for year in range(first_year, start["year"])
        ]
    old = pd.concat([pd.DataFrame(earlier, columns=frame.columns), frame], ignore_index=True)
    korea_2010 = (old["country_code"] == "KOR") & (old["year"] == 2010)
    old.loc[korea_2010, "value"] += revise
    return old.astype({"year": "int64", "value": "float64"})


def save(data_dir: Path, series_id: str, frame: pd.DataFrame, released: str, label: str) -> None:
    provenance = Provenance("import", f"{released}T00:00:00Z", released, "test", vintage_label=label)
    save_series(data_dir, series_info(series_id), frame, provenance)


@pytest.fixture
def data_dir(data_dir: Path) -> Path:
    """The fixture data/ with an earlier release of the pay gap and of births."""
    frames = series_frames()
    save(data_dir, "pay_gap", older_release(frames["pay_gap"], 1995, 1.5), "2024-04-01", "early 2024 export")
    save(data_dir, "births", older_release(frames["births"], 1990, 12_000.0), "2022-07-11", "WPP 2022")
    return data_dir


def open_page(page: str, params: dict[str, str] | None = None) -> AppTest:
    at = open_app(page, params)
    assert not at.exception, [e.message for e in at.exception]
    return at


def test_sources_page_charts_each_series_release_by_release(data_dir: Path) -> None:
    at = open_page("sources")
    charts = {c.proto.id: json.loads(c.proto.spec) for c in at.get("plotly_chart")}
    for spec in charts.values():  # long titles wrap (<br>) to fit a phone
        spec["layout"]["title"]["text"] = spec["layout"]["title"]["text"].replace("<br>", " ")
    specs = [s for s in charts.values() if "release by release" in s["layout"]["title"]["text"]]
    for spec in specs:
        go.Figure(spec)  # valid against Plotly's schema (the app sends it unvalidated)
    titles = sorted(s["layout"]["title"]["text"] for s in specs)
    assert titles == [
        "South Korea's gender wage gap, release by release",
        "South Korea's number of births (UN estimates), release by release",
    ]  # only the series with several releases
    pay = next(s for s in specs if "wage gap" in s["layout"]["title"]["text"])
    assert [t["name"] for t in pay["data"]] == [
        "early 2024 export, released 2024-04-01",
        "fixture 2025-01, released 2025-01-10",
    ]
    captions = re.sub(r"\\(.)", r"\1", " ".join(c.value for c in at.caption))  # as shown: escapes read
    info = series_info("pay_gap")
    korea = series_frames()["pay_gap"].query("country_code == 'KOR'").set_index("year")["value"]
    new, old = korea[2010], korea[2010] + 1.5
    assert (
        f"The largest revision: 2010, {info.describe_value(old)} in the release of 2024-04-01, "
        f"{info.describe_value(new)} in the release of 2025-01-10." in captions
    )
    assert (
        "South Korea's number of births (UN estimates) in 2 releases kept here, from 2022-07-11 to 2025-01-10"
        in captions
    )


def test_pay_gap_chart_marks_the_join_and_the_table_names_each_rows_release(data_dir: Path) -> None:
    at = open_page("pay_gap")
    first = int(series_frames()["pay_gap"].query("country_code == 'KOR'")["year"].min())
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    lines = [s for s in spec["layout"]["shapes"] if s["type"] == "line"]
    assert [s["x0"] for s in lines] == [first - 0.5]
    notes = " ".join(a["text"] for a in spec["layout"]["annotations"]).replace("<br>", " ")
    assert "← release of 2024-04-01" in notes and "release of 2025-01-10 →" in notes
    citation = " ".join(c.value for c in at.caption).replace("\\", "")  # the line under the chart
    assert f"release of 2025-01-10 (to {first - 1}: release of 2024-04-01)" in citation  # and the PNG's
    at = open_page("pay_gap", {"tab": "Sources"})
    captions = " ".join(c.value for c in at.caption).replace("\\", "")
    assert f"South Korea from {first}) come from early 2024 export (released 2024-04-01)" in captions
    at = open_page("pay_gap", {"tab": "Table"})
    table = at.dataframe[0].value
    assert set(table["Release"]) == {"fixture 2025-01 (released 2025-01-10)"}  # the default year: current
    at.session_state["frame_pay_gap_year"] = 2000
    at.run()
    table = at.dataframe[0].value
    assert set(table["Release"]) == {"early 2024 export (released 2024-04-01)"}
