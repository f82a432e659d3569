"""Our World in Data client: grapher CSV + metadata, the value column, aggregates, imports."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fetch_helpers import BIRTHS_CSV_PATH, BIRTHS_META_PATH, FIXTURES, GAP_META_PATH, Reply, fetched, value

from fetch import owid
from fetch.errors import FetchError

BIRTHS_META = json.loads((FIXTURES / "owid/number-of-births-per-year.metadata.json").read_text())
ESTIMATES = "births__sex_all__age_all__variant_estimates"


def test_births_keeps_estimates_of_countries(session, publishers):
    fetched = owid.fetch("births", session)
    frame = fetched.frame
    assert value(frame, "KOR", 2023) == 236394
    assert value(frame, "JPN", 2021) == 810611
    # Kosovo's OWID_KOS becomes XKX; World (OWID_WRL) and regions with an empty code are dropped.
    assert value(frame, "XKX", 2022) == 21088
    assert set(frame["country_code"]) == {"JPN", "KOR", "XKX"}
    # 2024 has only the medium-variant projection (240,982 for Korea): not an estimate, not kept.
    assert frame["year"].max() == 2023
    assert len(frame) == 9


def test_births_provenance_from_metadata(session, publishers):
    provenance = owid.fetch("births", session).provenance
    assert provenance.source_updated == "2024-07-11"  # columns[...].lastUpdated
    assert provenance.released == "2024-07-11"
    assert ESTIMATES in provenance.notes
    assert "UN, World Population Prospects (2024)" in provenance.vintage_label
    assert provenance.urls[0].split("?")[0].endswith("/grapher/number-of-births-per-year.metadata.json")
    assert "useColumnShortNames=true" in provenance.urls[1]
    assert [r.path for r in publishers.requests] == [BIRTHS_META_PATH, BIRTHS_CSV_PATH]  # metadata first


def test_metadata_without_the_expected_column_is_an_error(session, publishers):
    meta = json.loads(json.dumps(BIRTHS_META))
    del meta["columns"][ESTIMATES]  # e.g. OWID renamed the estimates column
    publishers.route(BIRTHS_META_PATH, Reply(body=json.dumps(meta).encode()))
    with pytest.raises(FetchError, match="cannot pick one value column for births") as caught:
        owid.fetch("births", session)
    assert "number-of-births-per-year.csv" in caught.value.where


def test_metadata_without_columns_is_an_error(session, publishers):
    publishers.route(BIRTHS_META_PATH, Reply(body=b'{"chart": {"title": "Number of births per year"}}'))
    with pytest.raises(FetchError, match="no 'columns' object"):
        owid.fetch("births", session)


def test_csv_renamed_column_is_caught_by_metadata(session, publishers):
    text = (FIXTURES / "owid/number-of-births-per-year.csv").read_text(encoding="utf-8")
    renamed = text.replace(ESTIMATES, "births__sex_all__age_all__variant_estimates_v2", 1)
    publishers.route(BIRTHS_CSV_PATH, Reply(body=renamed.encode(), content_type="text/csv"))
    with pytest.raises(FetchError, match="cannot pick one value column"):
        owid.fetch("births", session)


def test_csv_with_day_instead_of_year_is_an_error(session, publishers):
    text = (FIXTURES / "owid/number-of-births-per-year.csv").read_text(encoding="utf-8")
    publishers.route(BIRTHS_CSV_PATH, Reply(body=text.replace(",year,", ",day,", 1).encode()))
    with pytest.raises(FetchError, match="not a grapher CSV"):
        owid.fetch("births", session)


def test_pay_gap_copy_from_long_name_metadata(session, publishers):
    fetched = owid.fetch("pay_gap", session)
    assert value(fetched.frame, "KOR", 2016) == 36.7
    assert value(fetched.frame, "USA", 2015) == 18.9
    assert fetched.provenance.source_updated == "2017-10-17"
    assert "Gender wage gap (OECD 2017)" in fetched.provenance.notes


def test_pay_gap_metadata_naming_another_column(session, publishers):
    meta = {"columns": {"Gender gap in average wages (ILO)": {"shortName": "gender_gap_ilo"}}}
    publishers.route(GAP_META_PATH, Reply(body=json.dumps(meta).encode()))
    with pytest.raises(FetchError, match="cannot pick one value column for pay_gap"):
        owid.fetch("pay_gap", session)


# --- files ---------------------------------------------------------------------------------------


def test_import_grapher_csv_with_metadata():
    paths = [
        FIXTURES / "owid/number-of-births-per-year.csv",
        FIXTURES / "owid/number-of-births-per-year.metadata.json",
    ]
    frame, details = fetched(owid.import_files("births", paths))
    assert value(frame, "KOR", 2022) == 256588
    assert details.provenance.source_updated == "2024-07-11"


def test_grapher_layout_is_recognised_by_content():
    assert owid.layout(FIXTURES / "owid/number-of-births-per-year.csv") == "grapher"
    assert owid.layout(FIXTURES / "owid/gender-wage-gap-oecd.csv") == "grapher"
    assert owid.layout(FIXTURES / "owid/gender-wage-gap-oecd.metadata.json") == "metadata"
    assert owid.layout(FIXTURES / "oecd/gender_wage_gap.csv") is None


@pytest.mark.parametrize(
    ("name", "korea_2019"),
    [
        ("number-of-births-per-year_wpp2019.csv", 366900),  # "(thousands)" in the title, persons in cells
        ("number-of-births-per-year_wpp2022.csv", 306304),
        ("births-and-deaths-projected-to-2100.csv", 295280),  # not the deaths estimate (307,997)
    ],
)
def test_real_births_files_pick_the_estimates_column(raw_dir: Path, name, korea_2019):
    frame, details = fetched(owid.import_files("births", [raw_dir / "births" / name]))
    assert value(frame, "KOR", 2019) == korea_2019
    assert "estimates" in details.provenance.notes.lower()
    assert not {"OWID_WRL", ""} & set(frame["country_code"])


def test_real_pay_gap_copy(raw_dir: Path):
    frame, _ = fetched(owid.import_files("pay_gap", [raw_dir / "owid/gender-wage-gap-oecd.csv"]))
    assert value(frame, "KOR", 2016) == 36.7
    assert len(frame) == 636
