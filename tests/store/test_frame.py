"""Validation before anything is written: the tidy schema's checks; a refused frame writes nothing."""

from __future__ import annotations

import math
import re

import pandas as pd
import pytest
from fetch_helpers import tree_hashes

from registry.catalogue import series_info
from store.frame import ValidationError, tidy_frame, validate
from store.manifest import Provenance
from store.save import save_series

# Korea, Japan and the US in the World Bank's 2026-07-13 release (tests/fixtures/worldbank).
FERTILITY = [("KOR", 2023, 0.721), ("KOR", 2024, 0.748), ("JPN", 2023, 1.2), ("USA", 2023, 1.6165)]


def frame(rows=FERTILITY) -> pd.DataFrame:
    return tidy_frame(pd.DataFrame(rows, columns=["country_code", "year", "value"]))


def test_tidy_frame_normalises_names_types_and_order():
    tidy = tidy_frame(
        pd.DataFrame(
            {
                "country_code": [" USA", "KOR", "KOR"],
                "year": ["2023", "2024", "2023"],
                "value": ["1.6165", "0.748", "0.721"],
            }
        )
    )
    assert list(tidy.columns) == ["country_code", "country", "year", "value"]
    assert tidy.values.tolist() == [
        ["KOR", "South Korea", 2023, 0.721],
        ["KOR", "South Korea", 2024, 0.748],
        ["USA", "United States", 2023, 1.6165],
    ]
    assert str(tidy["year"].dtype) == "int64" and str(tidy["value"].dtype) == "float64"
    validate(tidy, series_info("fertility_rate"))


def test_tidy_frame_drops_missing_values():
    tidy = tidy_frame(
        pd.DataFrame({"country_code": ["KOR", "KOR"], "year": [2024, 2025], "value": [0.748, None]})
    )
    assert tidy["year"].tolist() == [2024]


@pytest.mark.parametrize(
    ("column", "bad", "message"),
    [
        ("value", "n/a", "value column holds something that is not a number"),
        ("year", "2020M01", "year column"),
    ],
)
def test_text_where_numbers_belong_is_a_validation_error(column, bad, message):
    rows = pd.DataFrame({"country_code": ["KOR"], "year": ["2023"], "value": ["0.721"]})
    rows[column] = bad
    with pytest.raises(ValidationError, match=message):
        tidy_frame(rows)


def _with(frame_: pd.DataFrame, **changes) -> pd.DataFrame:
    """The frame with its first row (JPN 2023, sorted first) changed."""
    out = frame_.copy()
    for column, value in changes.items():
        out.loc[0, column] = value
    return out


@pytest.mark.parametrize(
    ("series_id", "edit", "message"),
    [
        ("fertility_rate", lambda f: _with(f, country_code="OED"), "not ISO3 country codes: OED"),
        ("fertility_rate", lambda f: _with(f, country_code="KR"), "not ISO3 country codes: KR"),
        ("fertility_rate", lambda f: _with(f, country_code="WLD"), "not ISO3 country codes: WLD"),
        ("fertility_rate", lambda f: _with(f, year=1850), "years outside 1900-2100: 1850"),
        ("fertility_rate", lambda f: _with(f, year=2123), "years outside 1900-2100: 2123"),
        (
            "fertility_rate",
            lambda f: _with(f, value=72.1),
            "outside the plausible range 0 to 10 births per woman: JPN 2023=72.1",
        ),
        ("fertility_rate", lambda f: _with(f, value=-0.721), "outside the plausible range"),
        ("lfp_female", lambda f: _with(f, value=156.038), "outside the plausible range 0 to 100"),
        ("fertility_rate", lambda f: _with(f, value=math.nan), "missing or infinite values"),
        ("fertility_rate", lambda f: _with(f, value=math.inf), "missing or infinite values"),
        (
            "fertility_rate",
            lambda f: pd.concat([f, f.iloc[[0]]], ignore_index=True),
            "duplicate country-years: JPN 2023",
        ),
        ("fertility_rate", lambda f: f.iloc[0:0], "0 rows, expected at least 1"),
        ("fertility_rate", lambda f: f.drop(columns="country"), "columns"),
        ("fertility_rate", lambda f: f.assign(year=f["year"].astype(float)), "year column is float64"),
        ("fertility_rate", lambda f: f.assign(value=f["value"].astype(str)), "value column is"),
    ],
    ids=[
        "OECD aggregate",
        "ISO2 code",
        "World",
        "year too early",
        "year too late",
        "fertility 72",
        "negative",
        "participation over 100%",
        "NaN",
        "inf",
        "duplicate",
        "empty",
        "missing column",
        "float years",
        "text values",
    ],
)
def test_validate_refuses(series_id, edit, message):
    with pytest.raises(ValidationError, match=re.escape(message)):
        validate(edit(frame()), series_info(series_id))


def test_negative_pay_gap_is_plausible():
    # Women earning more than men happens (negative gap); the pay gap's range is -100..100.
    validate(frame([("KOR", 2023, -3.5)]), series_info("pay_gap"))
    with pytest.raises(ValidationError):
        validate(frame([("KOR", 2023, -3.5)]), series_info("fertility_rate"))


def test_refused_frame_writes_nothing(snapshot):
    before = tree_hashes(snapshot)
    bad = _with(frame(), value=72.1)
    provenance = Provenance(
        method="api", retrieved="2026-11-26T00:00:00Z", released="2026-07-13", released_basis="x"
    )
    with pytest.raises(ValidationError):
        save_series(snapshot, series_info("fertility_rate"), bad, provenance)
    assert tree_hashes(snapshot) == before
