"""OECD client: SDMX-CSV parsing and filtering, schema changes, and the OECD's older export formats."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from fetch_helpers import FIXTURES, SDMX_CSV, TIME_USE_PATH, WAGE_GAP_PATH, Reply, fetched, value

from fetch import oecd, time_use
from fetch.errors import FetchError

WAGE_GAP = (FIXTURES / "oecd/gender_wage_gap.csv").read_text(encoding="utf-8")


def edit_csv(text: str, *, drop: str | None = None, replace: tuple[str, str, str] | None = None) -> str:
    """The fixture with one column dropped, or one column's value replaced everywhere."""
    rows = list(csv.reader(io.StringIO(text)))
    header = rows[0]
    if drop is not None:
        index = header.index(drop)
        rows = [row[:index] + row[index + 1 :] for row in rows]
    if replace is not None:
        column, old, new = replace
        index = header.index(column)
        for row in rows[1:]:
            row[index] = row[index].replace(old, new)
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue()


# --- live API ------------------------------------------------------------------------------------


def test_wage_gap_keeps_median_rows_of_countries_only(session, publishers):
    fetched = oecd.fetch("pay_gap", session)
    frame = fetched.frame
    # MEDIAN rows, values exactly as the OECD export has them.
    assert value(frame, "KOR", 2022) == 31.24208428
    assert value(frame, "KOR", 2023) == 29.3008641
    assert value(frame, "JPN", 2023) == 22.04213938
    assert value(frame, "USA", 2022) == 16.98440208
    # MEAN (29.33355374), D1 (7.333021952) and D9 rows for the same country-years are dropped...
    assert len(frame[(frame["country_code"] == "KOR") & (frame["year"] == 2023)]) == 1
    # ...and so are the OECD and EU27 aggregates; India (not a member) is a country and stays.
    assert set(frame["country_code"]) == {"IND", "JPN", "KOR", "USA"}
    assert len(frame) == 9


def test_wage_gap_request_pins_the_dataflow_version(session, publishers):
    fetched = oecd.fetch("pay_gap", session)
    [request] = [r for r in publishers.requests if r.path == WAGE_GAP_PATH]
    assert request.query["format"] == ["csvfilewithlabels"]
    assert "DSD_EARNINGS@GENDER_WAGE_GAP,1.1/all" in fetched.provenance.urls[0]
    assert "format=csvfilewithlabels" in fetched.provenance.urls[0]


TIME_USE = (FIXTURES / "oecd/time_use.csv").read_text(encoding="utf-8")


def unpaid_work(text: str, sex: str) -> dict[str, float]:
    """REF_AREA -> OBS_VALUE of the UPW rows for one sex, read straight from an SDMX-CSV text."""
    rows = csv.DictReader(io.StringIO(text))
    return {r["REF_AREA"]: float(r["OBS_VALUE"]) for r in rows if r["MEASURE"] == "UPW" and r["SEX"] == sex}


@pytest.mark.parametrize(("series_id", "sex"), [("unpaid_care_female", "F"), ("unpaid_care_male", "M")])
def test_time_use_without_time_period_is_dated_by_the_survey_year_table(session, publishers, series_id, sex):
    fetched = oecd.fetch(series_id, session)
    frame = fetched.frame
    answer = unpaid_work(TIME_USE, sex)
    table, _ = time_use.load_reference()
    years = table[table["sex"] == sex].set_index("country_code")["year"]
    # The workbook has each country's value, so its survey year applies to every one.
    for code, minutes in answer.items():
        assert value(frame, code, int(years[code])) == minutes
    assert set(frame["country_code"]) == set(answer)  # no PAW or total-sex rows
    assert fetched.warnings == ()
    assert "oecd_time_use_survey_years.csv" in fetched.provenance.notes


def test_time_use_a_value_the_workbook_lacks_is_left_out_and_named(session, publishers):
    """A later survey (a value the workbook does not have) or a country it lacks cannot be dated."""
    answer = unpaid_work(TIME_USE, "F")
    rows = list(csv.reader(io.StringIO(TIME_USE)))
    header = rows[0]
    for row in rows[1:]:
        if (row[header.index("REF_AREA")], row[header.index("MEASURE")], row[header.index("SEX")]) == (
            "JPN",
            "UPW",
            "F",
        ):
            row[header.index("OBS_VALUE")] = "199.5"  # a figure the workbook does not have
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    changed = edit_csv(out.getvalue(), replace=("REF_AREA", "BGR", "ISL"))  # Iceland: not in the workbook
    publishers.route(TIME_USE_PATH, Reply(body=changed.encode(), content_type=SDMX_CSV))
    fetched = oecd.fetch("unpaid_care_female", session)
    [warning] = fetched.warnings
    assert "left out 2 countries" in warning and "ISL (not in the workbook)" in warning
    assert "JPN (199.5 here" in warning and warning in fetched.provenance.notes
    assert set(fetched.frame["country_code"]) == set(answer) - {"JPN", "BGR"}


@pytest.mark.parametrize("column", ["AGGREGATION_OPERATION", "OBS_VALUE", "REF_AREA", "STRUCTURE_ID"])
def test_missing_column_is_a_schema_error(session, publishers, column):
    publishers.route(
        WAGE_GAP_PATH, Reply(body=edit_csv(WAGE_GAP, drop=column).encode(), content_type=SDMX_CSV)
    )
    with pytest.raises(FetchError, match=rf"unexpected SDMX-CSV schema: missing columns \['{column}'\]"):
        oecd.fetch("pay_gap", session)


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("GENDER_WAGE_GAP(1.1)", "GENDER_WAGE_GAP(2.0)"),  # a new version with structural changes
        ("DSD_EARNINGS@GENDER_WAGE_GAP(1.1)", "DSD_EARNINGS@AV_AN_WAGE(1.0)"),  # another dataflow
    ],
)
def test_other_dataflow_or_version_is_refused(session, publishers, old, new):
    body = edit_csv(WAGE_GAP, replace=("STRUCTURE_ID", old, new))
    publishers.route(WAGE_GAP_PATH, Reply(body=body.encode(), content_type=SDMX_CSV))
    with pytest.raises(
        FetchError, match=r"holds dataflow .*expected OECD.ELS.SAE:DSD_EARNINGS@GENDER_WAGE_GAP\(1.1\)"
    ):
        oecd.fetch("pay_gap", session)


def test_no_median_rows_is_an_error(session, publishers):
    body = edit_csv(WAGE_GAP, replace=("AGGREGATION_OPERATION", "MEDIAN", "MEAN"))
    publishers.route(WAGE_GAP_PATH, Reply(body=body.encode(), content_type=SDMX_CSV))
    with pytest.raises(FetchError, match="no rows match"):
        oecd.fetch("pay_gap", session)


def test_time_use_schema_change_is_an_error(session, publishers):
    body = edit_csv(TIME_USE, drop="SEX")
    publishers.route(TIME_USE_PATH, Reply(body=body.encode(), content_type=SDMX_CSV))
    with pytest.raises(FetchError, match=r"missing columns \['SEX'\]"):
        oecd.fetch("unpaid_care_female", session)


# --- files ---------------------------------------------------------------------------------------


def test_import_data_explorer_export():
    frame, details = fetched(oecd.import_files("pay_gap", [FIXTURES / "oecd/gender_wage_gap.csv"]))
    assert value(frame, "KOR", 2020) == 31.48475223
    assert "DSD_EARNINGS@GENDER_WAGE_GAP(1.1)" in details.provenance.vintage_label


def test_import_dp_live_export_keeps_employees_and_countries():
    frame, details = fetched(oecd.import_files("pay_gap", [FIXTURES / "oecd/DP_LIVE_excerpt.csv"]))
    assert value(frame, "KOR", 2019) == 32.480444715
    assert value(frame, "JPN", 2020) == 22.518568535
    assert set(frame["country_code"]) == {"JPN", "KOR"}  # OECD and EU27 dropped
    assert "WAGEGAP" in details.provenance.vintage_label


def test_dp_live_of_another_indicator_is_refused(tmp_path):
    text = (
        (FIXTURES / "oecd/DP_LIVE_excerpt.csv").read_text(encoding="utf-8-sig").replace("WAGEGAP", "EMPRATE")
    )
    path = tmp_path / "DP_LIVE_1.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(FetchError, match=r"holds indicator \['EMPRATE'\], expected WAGEGAP"):
        oecd.import_files("pay_gap", [path])


def test_unrecognised_oecd_file(tmp_path):
    path = tmp_path / "other.csv"
    path.write_text("A,B,C\n1,2,3\n", encoding="utf-8")
    with pytest.raises(FetchError, match="not an OECD layout for pay_gap"):
        oecd.import_files("pay_gap", [path])


@pytest.mark.parametrize(
    ("text", "year"), [("2014", 2014), ("2009/10", 2009), ("2014/2015", 2014), (" 2013", 2013)]
)
def test_first_survey_year(text, year):
    assert time_use.first_survey_year(text) == year


def test_real_data_explorer_export(raw_dir: Path):
    frame, _ = fetched(oecd.import_files("pay_gap", [raw_dir / "oecd/oecd_wage_gap.csv"]))
    assert value(frame, "KOR", 2023) == 29.3008641
    assert {"OECD", "EU27", "EU19OECD"}.isdisjoint(frame["country_code"])
    assert not frame.duplicated(["country_code", "year"]).any()  # only one aggregation operation kept
    assert frame["country_code"].nunique() == 47


def test_real_dp_live_export(raw_dir: Path):
    frame, _ = fetched(oecd.import_files("pay_gap", [raw_dir / "oecd/DP_LIVE_18022022014344236.csv"]))
    assert value(frame, "KOR", 2016) == 36.666666667
    assert value(frame, "USA", 2020) == 17.652495379  # EMPLOYEE, not SELFEMPLOYED (41.80)
    assert {"OECD", "EU27"}.isdisjoint(frame["country_code"])


@pytest.mark.parametrize(
    ("series_id", "korea", "estonia"),
    [("unpaid_care_female", 215.00894, 249.21239), ("unpaid_care_male", 48.994484, 160.16359)],
)
def test_real_time_use_export_dated_by_the_workbook(raw_dir: Path, series_id, korea, estonia):
    paths = [raw_dir / "oecd/TIME_USE_25102019220748242.csv", raw_dir / "oecd/OECD_1564_TUSupdatePortal.xlsx"]
    frame, details = fetched(oecd.import_files(series_id, paths))
    assert value(frame, "KOR", 2014) == korea  # workbook: Korea surveyed in 2014
    assert value(frame, "EST", 2009) == estonia  # workbook: "2009/10"
    assert details.provenance.source_file["companions"][0]["file"] == "OECD_1564_TUSupdatePortal.xlsx"
    assert "OECD" not in set(frame["country_code"])


def test_time_use_export_is_dated_by_the_workbook_it_came_with(raw_dir: Path):
    """The 2019 export with the 2019 workbook: every country dated. Without it, the project's table
    (the 2026 workbook) dates only the countries whose figure it still has, and names the others."""
    path = raw_dir / "oecd/TIME_USE_25102019220748242.csv"
    workbook = raw_dir / "oecd/OECD_1564_TUSupdatePortal.xlsx"
    with_workbook, details = fetched(oecd.import_files("unpaid_care_female", [path, workbook]))
    assert list(details.warnings) == []  # every country of the 2019 export is in the 2019 workbook
    frame, details = fetched(oecd.import_files("unpaid_care_female", [path]))
    assert "oecd_time_use_survey_years.csv" in details.provenance.notes
    merged = frame.merge(with_workbook, on=["country_code", "value"])
    assert len(merged) == len(frame)  # the same figures (India's survey is "1998/99" in 2026, 1999 in 2019)
    [warning] = details.warnings
    left = set(with_workbook["country_code"]) - set(frame["country_code"])
    assert left and all(f"{code} (" in warning for code in left)
