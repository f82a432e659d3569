"""Publisher formats every parser shares: missing-value markers, sub-annual periods, DataBank's two
layouts, recognising a file by its content, and a fallback that says why the primary source failed."""

from __future__ import annotations

import csv
import io
import json

import pytest
from fetch_helpers import (
    BULK_META,
    DATABANK,
    FIXTURES,
    GAP_CSV_PATH,
    SDMX_CSV,
    WAGE_GAP_PATH,
    Reply,
    fetched,
    fixture_bytes,
    value,
    wb_indicator_path,
)

from commands.fetch import main
from fetch import oecd, owid, worldbank
from fetch.errors import FetchError
from fetch.markers import MISSING_MARKERS
from fetch.sources import importer_for

WAGE_GAP = (FIXTURES / "oecd/gender_wage_gap.csv").read_text(encoding="utf-8")
# What publishers write for a missing observation: SDMX-CSV NaN, DataBank "..", Eurostat ":", ...
MARKERS = ["NaN", "nan", "", " ", "..", "NA", "n/a", "N/A", "-", ":", "null"]


def sdmx_rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


def write_rows(rows: list[list[str]]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue()


def wage_gap_with(edit) -> bytes:
    """The wage-gap fixture with ``edit(header_index, rows)`` applied."""
    rows = sdmx_rows(WAGE_GAP)
    edit({name: i for i, name in enumerate(rows[0])}, rows)
    return write_rows(rows).encode()


def korea_median(col, row, year="2023") -> bool:
    return (
        row[col["REF_AREA"]] == "KOR"
        and row[col["AGGREGATION_OPERATION"]] == "MEDIAN"
        and (row[col["TIME_PERIOD"]] == year)
    )


# --- missing-value markers ---------------------------------------------------------------------


def test_markers_cover_what_publishers_write():
    assert {m.strip().lower() for m in MARKERS} <= MISSING_MARKERS


@pytest.mark.parametrize("marker", MARKERS)
def test_sdmx_missing_marker_is_a_missing_value(session, publishers, marker):
    def blank(col, rows):
        for row in rows[1:]:
            if korea_median(col, row):
                row[col["OBS_VALUE"]] = marker

    publishers.route(WAGE_GAP_PATH, Reply(body=wage_gap_with(blank), content_type=SDMX_CSV))
    frame = oecd.fetch("pay_gap", session).frame
    assert 2023 not in set(frame.loc[frame["country_code"] == "KOR", "year"])
    assert value(frame, "KOR", 2022) == 31.24208428  # the other rows are kept


def test_sdmx_non_number_is_an_error_naming_the_line(session, publishers):
    def spoil(col, rows):
        for row in rows[1:]:
            if korea_median(col, row):
                row[col["OBS_VALUE"]] = "29,3"

    body = wage_gap_with(spoil)
    line = next(
        i for i, text in enumerate(body.decode().splitlines(), 1) if ",29,3" in text or '"29,3"' in text
    )
    publishers.route(WAGE_GAP_PATH, Reply(body=body, content_type=SDMX_CSV))
    with pytest.raises(FetchError, match=rf"line {line} \(KOR 2023\): value '29,3' is neither a number"):
        oecd.fetch("pay_gap", session)


@pytest.mark.parametrize("marker", ["..", "NaN", "", "n/a"])
def test_databank_and_dp_live_markers(tmp_path, marker):
    text = DATABANK.read_bytes().decode().replace(",72.002\r\n", f",{marker}\r\n")  # KOR 2025
    path = tmp_path / "databank.csv"
    path.write_bytes(text.encode())
    frame, _ = fetched(worldbank.import_files("lfp_male", [path, BULK_META]))
    assert 2025 not in set(frame.loc[frame["country_code"] == "KOR", "year"])
    dp = (FIXTURES / "oecd/DP_LIVE_excerpt.csv").read_text(encoding="utf-8-sig")
    dp_path = tmp_path / "DP_LIVE_1.csv"
    dp_path.write_text(dp.replace(",32.480444715,", f",{marker},"), encoding="utf-8")
    frame, _ = fetched(oecd.import_files("pay_gap", [dp_path]))
    assert 2019 not in set(frame.loc[frame["country_code"] == "KOR", "year"])


@pytest.mark.parametrize(("cell", "missing"), [("NaN", True), ("", True), ("about 236k", False)])
def test_owid_markers(cell, missing):
    text = fixture_bytes("owid/number-of-births-per-year.csv").decode().replace("236394", cell)
    if not missing:
        with pytest.raises(FetchError, match=r"line 16 \(KOR 2023\): value 'about 236k'"):
            owid.parse_grapher_csv(text, "births", "births.csv")
        return
    rows, _, _ = owid.parse_grapher_csv(text, "births", "births.csv")
    assert rows[(rows["country_code"] == "KOR") & (rows["year"] == "2023")]["value"].isna().all()


def test_world_bank_api_value_that_is_not_a_number(session, publishers):
    body = json.loads(fixture_bytes("worldbank/SP.DYN.CBRT.IN.json"))
    korea = next(r for r in body[1] if r["countryiso3code"] == "KOR" and r["value"] is not None)
    korea["value"] = "4,9"
    publishers.route(wb_indicator_path("SP.DYN.CBRT.IN"), Reply(body=json.dumps(body).encode()))
    with pytest.raises(FetchError, match=rf"KOR {korea['date']}: value '4,9' is neither a number"):
        worldbank.fetch("birth_rate", session)


# --- sub-annual periods ----------------------------------------------------------------------------

SUB_ANNUAL = ["2023-Q1", "2023-01", "2023-M01", "2023-S1", "2023-W01"]


def test_sdmx_sub_annual_rows_are_dropped_and_counted(session, publishers):
    baseline = oecd.fetch("pay_gap", session).frame

    def add_periods(col, rows):
        korea = next(row for row in rows[1:] if korea_median(col, row))
        for period in SUB_ANNUAL:
            rows.append([*korea[: col["TIME_PERIOD"]], period, *korea[col["TIME_PERIOD"] + 1 :]])

    publishers.route(WAGE_GAP_PATH, Reply(body=wage_gap_with(add_periods), content_type=SDMX_CSV))
    fetched = oecd.fetch("pay_gap", session)
    assert fetched.frame.equals(baseline)  # annual rows kept, nothing else
    assert fetched.warnings == (
        f"dropped {len(SUB_ANNUAL)} rows with periods shorter than a year (e.g. 2023-01, 2023-M01, 2023-Q1)",
    )
    assert fetched.warnings[0] in fetched.provenance.notes


def test_unknown_period_is_an_error_naming_the_row(session, publishers):
    def spoil(col, rows):
        for row in rows[1:]:
            if korea_median(col, row):
                row[col["TIME_PERIOD"]] = "FY23"

    publishers.route(WAGE_GAP_PATH, Reply(body=wage_gap_with(spoil), content_type=SDMX_CSV))
    with pytest.raises(FetchError, match=r"\(KOR FY23\): period 'FY23' is not a year"):
        oecd.fetch("pay_gap", session)


def test_world_bank_monthly_and_quarterly_rows_are_counted_in_summary_and_manifest(
    publishers, tmp_path, capsys, monkeypatch
):
    monkeypatch.setenv("COLUMNS", "300")
    body = json.loads(fixture_bytes("worldbank/SP.DYN.CBRT.IN.json"))
    extra = [{**body[1][0], "date": date} for date in ("2023Q1", "2023M01", "2023M02")]
    body[1].extend(extra)
    body[0]["total"] += len(extra)
    publishers.route(wb_indicator_path("SP.DYN.CBRT.IN"), Reply(body=json.dumps(body).encode()))
    assert main(["birth_rate", "--data-dir", str(tmp_path)]) == 0
    note = "dropped 3 rows with periods shorter than a year (e.g. 2023M01, 2023M02, 2023Q1)"
    assert f"birth_rate: {note}" in capsys.readouterr().out
    entry = json.loads((tmp_path / "manifest.json").read_text())["series"]["birth_rate"]
    assert note in entry["notes"]


# --- DataBank layouts and recognising files ----------------------------------------------------


def series_first(tmp_path, year_suffix: bool):
    """The DataBank fixture rewritten as DataBank's other layout: series columns first."""
    rows = sdmx_rows(DATABANK.read_text(encoding="utf-8"))
    order = [2, 3, 0, 1, *range(4, len(rows[0]))]
    # Data rows change column order; the footer ("Last Updated: ...") stays in the first column.
    rows = [[row[i] if i < len(row) else "" for i in order] if row and row[1] else row for row in rows]
    if year_suffix:
        rows[0] = [f"{c} [YR{c}]" if c.isdigit() else c for c in rows[0]]
    path = tmp_path / "Data.csv"
    path.write_text(write_rows(rows), encoding="utf-8")
    return path


@pytest.mark.parametrize("year_suffix", [False, True])
def test_databank_series_first_layout_imports_like_country_first(tmp_path, year_suffix):
    expected, expected_details = fetched(worldbank.import_files("lfp_male", [DATABANK, BULK_META]))
    path = series_first(tmp_path, year_suffix)
    assert importer_for("lfp_male", [path, BULK_META]) == "worldbank"
    frame, details = fetched(worldbank.import_files("lfp_male", [path, BULK_META]))
    assert frame.equals(expected)
    assert details.provenance.source_updated == expected_details.provenance.source_updated == "2026-07-13"


def test_databank_quarterly_columns_are_dropped_and_counted(tmp_path):
    rows = sdmx_rows(DATABANK.read_bytes().decode())
    expected, _ = fetched(worldbank.import_files("lfp_male", [DATABANK, BULK_META]))
    rows[0] += ["2025Q1 [2025Q1]", "2025Q2 [2025Q2]"]
    data_rows = [row for row in rows[1:] if len(row) > 1 and row[1]]
    for row in rows[1:]:
        row += ["71.9", ".."] if row in data_rows else ["", ""]
    path = tmp_path / "quarterly.csv"
    path.write_text(write_rows(rows), encoding="utf-8")
    frame, details = fetched(worldbank.import_files("lfp_male", [path, BULK_META]))
    assert frame.equals(expected)
    count = 2 * len(data_rows)
    [warning] = list(details.warnings)
    assert warning.startswith(f"dropped {count} values in 2 columns of periods shorter than a year")
    assert "(e.g. 2025Q1 [2025Q1], 2025Q2 [2025Q2])" in warning


def test_databank_series_first_through_the_cli(tmp_path, capsys):
    path = series_first(tmp_path, True)
    data = tmp_path / "data"
    assert main(["lfp_male", "--from", str(path), "--from", str(BULK_META), "--data-dir", str(data)]) == 0
    assert "OECD import" not in capsys.readouterr().out


@pytest.mark.parametrize(
    ("relpath", "publisher"),
    [
        ("oecd/gender_wage_gap.csv", "oecd"),
        ("oecd/time_use.csv", "oecd"),
        ("oecd/DP_LIVE_excerpt.csv", "oecd"),
        ("owid/gender-wage-gap-oecd.csv", "owid"),
        ("worldbank/API_SP.DYN.TFRT.IN_DS2_EN_csv_v2_excerpt.csv", "worldbank"),
    ],
)
def test_files_are_recognised_by_content_not_name(tmp_path, relpath, publisher):
    renamed = tmp_path / "download (3).txt"
    renamed.write_bytes(fixture_bytes(relpath))
    assert importer_for("pay_gap", [renamed]) == publisher


def test_unrecognised_file_names_the_layouts_tried(tmp_path):
    path = tmp_path / "mystery.csv"
    path.write_text("Land,Jahr,Wert\nKOR,2023,29.3\n", encoding="utf-8")
    with pytest.raises(FetchError) as error:
        importer_for("pay_gap", [path])
    message = str(error.value)
    for tried in (
        "World Bank (bulk download",
        "DataBank export",
        "OECD (Data Explorer SDMX-CSV",
        "grapher CSV",
    ):
        assert tried in message
    assert "mystery.csv" in message


# --- fallbacks explain themselves --------------------------------------------------------------


def test_fallback_gives_the_primary_failure_in_summary_and_manifest(
    publishers, tmp_path, capsys, monkeypatch
):
    monkeypatch.setenv("COLUMNS", "300")

    def spoil(col, rows):
        for row in rows[1:]:
            row[col["TIME_PERIOD"]] = "FY" + row[col["TIME_PERIOD"]][2:]

    publishers.route(WAGE_GAP_PATH, Reply(body=wage_gap_with(spoil), content_type=SDMX_CSV))
    assert main(["pay_gap", "--data-dir", str(tmp_path)]) == 0
    assert publishers.hits(GAP_CSV_PATH) == 1
    out = capsys.readouterr().out
    assert "pay_gap via fallback: primary source failed: pay_gap: line" in out
    assert "is not a year" in out
    entry = json.loads((tmp_path / "manifest.json").read_text())["series"]["pay_gap"]
    assert "is not a year" in entry["fallback"] and "DSD_EARNINGS@GENDER_WAGE_GAP" in entry["fallback"]
