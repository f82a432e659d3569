"""A small, deterministic data/ folder for the dashboard tests, written through store.save.

Values are synthetic (smooth trends), not publisher figures: the tests check the app's behaviour,
not the numbers.
"""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

import pandas as pd
import pytest

from registry.catalogue import series_info
from registry.groups import country_name
from store.manifest import Provenance
from store.save import save_series

COUNTRIES = ["KOR", "JPN", "USA", "DEU", "FRA", "GBR", "SWE", "MEX", "BRA", "IND", "NGA", "CHN"]
BASE = {
    "pay_gap": (30.0, -0.6, 2.0, range(2005, 2024)),
    "fertility_rate": (3.5, -0.03, 0.15, range(1990, 2024)),
    "birth_rate": (25.0, -0.2, 1.0, range(1990, 2024)),
    "births": (900_000.0, -8_000.0, 40_000.0, range(1990, 2024)),
    "lfp_female": (50.0, 0.2, 2.0, range(1991, 2025)),
    "lfp_male": (75.0, -0.1, 1.0, range(1991, 2025)),
}
SURVEY_YEARS = {
    "KOR": 2014,
    "JPN": 2016,
    "USA": 2019,
    "DEU": 2013,
    "FRA": 2010,
    "GBR": 2015,
    "SWE": 2010,
    "MEX": 2019,
    "CHN": 2008,
    "IND": 2019,
}


def _frame(rows: list[tuple[str, int, float]]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=["country_code", "year", "value"])
    frame["country"] = frame["country_code"].map(country_name)
    frame["year"] = frame["year"].astype("int64")
    frame["value"] = frame["value"].astype("float64")
    return frame[["country_code", "country", "year", "value"]]


def series_frames(skip: tuple[str, ...] = ()) -> dict[str, pd.DataFrame]:
    frames: dict[str, pd.DataFrame] = {}
    for series_id, (start, slope, spread, years) in BASE.items():
        if series_id in skip:
            continue
        rows = []
        for i, code in enumerate(COUNTRIES):
            level = (
                start - spread * i if series_id != "pay_gap" or code == "KOR" else start / 2 - spread * i / 3
            )
            for year in years:
                no_pay_data = series_id == "pay_gap" and code in ("NGA", "IND", "CHN")
                if no_pay_data or (year == 2023 and code == "GBR"):
                    continue
                value = level + slope * (year - years.start)
                rows.append((code, year, round(value, 0 if series_id == "births" else 2)))
        frames[series_id] = _frame(rows)
    for sex, base in (("female", 240.0), ("male", 110.0)):
        series_id = f"unpaid_care_{sex}"
        if series_id not in skip:
            frames[series_id] = _frame(
                [(c, y, base + 7 * i) for i, (c, y) in enumerate(SURVEY_YEARS.items())]
            )
    for series_id, source in (("births_national", "births"), ("fertility_rate_national", "fertility_rate")):
        if series_id not in skip and source in frames:  # Korea only, a little apart from the source
            korea = frames[source][frames[source]["country_code"] == "KOR"].copy()
            korea["value"] = (korea["value"] * 0.97).round(0 if series_id == "births_national" else 3)
            frames[series_id] = korea.reset_index(drop=True)
    return frames


PRELIMINARY = {"births_national", "fertility_rate_national"}  # their last year, as KOSIS marks it


def build(data_dir: Path, skip: tuple[str, ...] = ()) -> Path:
    """Write every series (except ``skip``) and the manifest into ``data_dir``."""
    provenance = Provenance(
        method="import",
        retrieved="2025-01-15T10:00:00Z",
        released="2025-01-10",
        released_basis="test fixture",
        source_updated="2025-01-10",
        vintage_label="fixture 2025-01",
        urls=("https://example.invalid/fixture",),
    )
    for series_id, frame in series_frames(skip).items():
        marked = (int(frame["year"].max()),) if series_id in PRELIMINARY else ()
        save_series(data_dir, series_info(series_id), frame, replace(provenance, preliminary=marked))
    return data_dir


# --- pytest fixtures (registered through tests/conftest.py) -----------------------------------


@pytest.fixture(scope="session")
def fixture_data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture data/ folder, built once per test run: read it, or copy it to change it."""
    return build(tmp_path_factory.mktemp("fixture") / "data")


@pytest.fixture
def data_dir(fixture_data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """This test's own copy of the fixture data/ (it may damage it), the folder the app reads."""
    target = tmp_path / "data"
    shutil.copytree(fixture_data, target)
    monkeypatch.setenv("DASHBOARD_DATA_DIR", str(target))
    return target
