"""The fixtures follow real recorded answers (tests/fixtures/README.md names each source)."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pandas as pd
import pytest
from fetch_helpers import FIXTURES

from fetch import owid
from fetch.common import to_tidy
from fetch.worldbank_formats import check_envelope, parse_api_rows

WB_RECORDED = FIXTURES / "worldbank/recorded_SP.POP.TOTL_excerpt.json"
WB_FIXTURES = ["SP.DYN.TFRT.IN_page1.json", "SP.DYN.TFRT.IN_page2.json", "SP.DYN.CBRT.IN.json"]
OWID_META = FIXTURES / "owid/recorded_co-emissions-per-capita.metadata.json"
OWID_CSV = FIXTURES / "owid/recorded_co-emissions-per-capita_excerpt.csv"


def test_world_bank_recorded_answer_parses():
    body = json.loads(WB_RECORDED.read_text(encoding="utf-8"))
    header, rows = check_envelope(body, "population", str(WB_RECORDED))
    raw, notes = parse_api_rows(rows, "SP.POP.TOTL", "population", str(WB_RECORDED))
    assert notes == []
    assert raw["value"].tolist() == [float(r["value"]) for r in rows]
    frame = to_tidy(raw, {"AFE", "WLD", "EMU"})
    assert set(frame["country_code"]) == {"CHI", "JPN", "USA"}
    assert header["lastupdated"] == "2026-07-01"


@pytest.mark.parametrize("name", WB_FIXTURES)
def test_world_bank_fixtures_have_the_recorded_layout(name):
    recorded_header, recorded_rows = json.loads(WB_RECORDED.read_text(encoding="utf-8"))
    header, rows = json.loads((FIXTURES / "worldbank" / name).read_text(encoding="utf-8"))
    assert list(header) == list(recorded_header)
    assert {k: type(v) for k, v in header.items()} == {k: type(v) for k, v in recorded_header.items()}
    assert all(list(row) == list(recorded_rows[0]) for row in rows)


def test_owid_recorded_metadata_names_the_csv_column():
    """A recorded answer with ``useColumnShortNames=false``: the CSV header is the titleShort."""
    metadata = json.loads(OWID_META.read_text(encoding="utf-8"))
    table = pd.read_csv(OWID_CSV)
    [value_column] = [c for c in table.columns if c not in ("Entity", "Code", "Year")]
    assert value_column in owid.column_names(metadata)
    assert (
        owid._provenance_dates(metadata)
        == metadata["columns"][next(iter(metadata["columns"]))]["lastUpdated"]
    )


@pytest.mark.parametrize("name", ["number-of-births-per-year", "gender-wage-gap-oecd"])
def test_owid_fixture_metadata_uses_recorded_fields(name):
    recorded = json.loads(OWID_META.read_text(encoding="utf-8"))
    recorded_fields = set(next(iter(recorded["columns"].values())))
    fixture = json.loads((FIXTURES / f"owid/{name}.metadata.json").read_text(encoding="utf-8"))
    assert set(fixture["chart"]) <= set(recorded["chart"])
    for meta in fixture["columns"].values():
        assert set(meta) <= recorded_fields


@pytest.mark.parametrize(
    ("fixture", "real"),
    [("oecd/gender_wage_gap.csv", "oecd/oecd_wage_gap.csv"), ("oecd/time_use.csv", "oecd/time_use_oecd.csv")],
)
def test_oecd_fixtures_are_whole_lines_of_real_downloads(raw_dir: Path, fixture, real):
    real_lines = set((raw_dir / real).read_bytes().splitlines())
    lines = (FIXTURES / fixture).read_bytes().splitlines()
    assert lines[0] == (raw_dir / real).read_bytes().splitlines()[0]  # the header, unchanged
    assert set(lines) <= real_lines


def test_recorded_owid_csv_excerpt_reads_as_a_grapher_csv():
    assert owid.layout(OWID_CSV) == "grapher"
    assert pd.read_csv(io.StringIO(OWID_CSV.read_text(encoding="utf-8")))["Code"].str.len().min() == 3
