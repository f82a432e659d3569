"""World Bank client: v2 JSON parsing, pagination, aggregates, error envelopes, and bulk CSV imports."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fetch_helpers import (
    BULK,
    BULK_META,
    COUNTRY_PATH,
    DATABANK,
    FIXTURES,
    Reply,
    fetched,
    json_reply,
    serve_fertility,
    value,
    wb_indicator_path,
)

from fetch import worldbank, worldbank_formats
from fetch.errors import FetchError

TFRT = wb_indicator_path("SP.DYN.TFRT.IN")


# --- live API ------------------------------------------------------------------------------------


def test_fetch_parses_both_pages_and_drops_aggregates_and_nulls(session, publishers):
    fetched = worldbank.fetch("fertility_rate", session)
    frame = fetched.frame

    # Values as the World Bank's 2026-07-13 release publishes them, from both pages.
    assert value(frame, "KOR", 2023) == 0.721  # page 1
    assert value(frame, "KOR", 2024) == 0.748
    assert value(frame, "USA", 2020) == 1.6415  # page 2
    assert value(frame, "XKX", 2022) == 1.555  # Kosovo: a country with a user-assigned code
    assert list(frame.columns) == ["country_code", "country", "year", "value"]
    assert value(frame, "KOR", 2023) and frame.loc[frame["country_code"] == "KOR", "country"].iloc[0] == (
        "South Korea"
    )
    # Aggregates gone: OECD members, World, and the aggregate with an empty countryiso3code.
    assert set(frame["country_code"]) == {"JPN", "KOR", "USA", "XKX"}
    # 2025 is null for every economy in this release: no row, no NaN.
    assert 2025 not in set(frame["year"])
    assert len(frame) == 4 * 5
    assert frame["value"].notna().all()


def test_fetch_requests_every_page_with_the_pinned_source(session, publishers):
    fetched = worldbank.fetch("fertility_rate", session)
    requests = [r for r in publishers.requests if r.path == TFRT]
    assert [r.query["page"] for r in requests] == [["1"], ["2"]]
    assert all(r.query["source"] == ["2"] and r.query["format"] == ["json"] for r in requests)
    country = [r for r in publishers.requests if r.path == COUNTRY_PATH]
    assert [r.query["page"] for r in country] == [["1"], ["2"]]
    # Provenance: the publisher's update date and every URL requested.
    provenance = fetched.provenance
    assert provenance.source_updated == "2026-07-13"
    assert provenance.released == "2026-07-13"
    assert provenance.method == "api"
    assert sum("SP.DYN.TFRT.IN" in url and "page=" in url for url in provenance.urls) == 2
    assert sum("/country?" in url and "page=" in url for url in provenance.urls) == 2


def test_aggregates_come_from_the_country_list_region_na(session, publishers):
    aggregates, _ = worldbank.fetch_aggregates(session, "fertility_rate")
    assert aggregates == {"OED", "UMC", "WLD"}


def test_country_list_without_regions_is_an_error(session, publishers):
    header = {"page": 1, "pages": 1, "per_page": "50", "total": 1}
    body = json.dumps([header, [{"id": "KOR", "name": "Korea"}]])
    publishers.route(COUNTRY_PATH, Reply(body=body.encode()))
    with pytest.raises(FetchError, match="no region ids"):
        worldbank.fetch_aggregates(session, "fertility_rate")


def test_country_list_with_no_aggregates_is_an_error(session, publishers):
    page = json.loads((FIXTURES / "worldbank/country_page1.json").read_text())
    page[0].update(pages=1, total=2)
    page[1] = [row for row in page[1] if row["region"]["id"] != "NA"]
    publishers.route(COUNTRY_PATH, Reply(body=json.dumps(page).encode()))
    with pytest.raises(FetchError, match="names no aggregates"):
        worldbank.fetch_aggregates(session, "fertility_rate")


def test_older_release_keeps_its_own_values_and_date(session, publishers):
    serve_fertility(publishers, release="2023")
    fetched = worldbank.fetch("fertility_rate", session)
    # The 2023-03-01 release, before the World Bank revised Japan's and the US's 2020 figures.
    assert value(fetched.frame, "JPN", 2020) == 1.34
    assert value(fetched.frame, "USA", 2020) == 1.6375
    assert 2021 not in set(fetched.frame["year"])  # null in that release
    assert fetched.provenance.released == "2023-03-01"


@pytest.mark.parametrize(
    ("fixture", "expected"),
    [
        ("worldbank/error_120.json", "World Bank API error 120 Invalid value: The provided parameter value"),
        ("worldbank/error_175.json", "World Bank API error 175 Invalid format: The indicator was not found"),
    ],
)
def test_error_envelope_in_http_200_names_series_and_url(session, publishers, fixture, expected):
    publishers.route(TFRT, json_reply(fixture))
    with pytest.raises(FetchError) as caught:
        worldbank.fetch("fertility_rate", session)
    assert expected in str(caught.value)
    assert caught.value.series_id == "fertility_rate"
    assert "/country/all/indicator/SP.DYN.TFRT.IN" in caught.value.where


def test_page_count_short_of_total_is_an_error(session, publishers):
    page = json.loads((FIXTURES / "worldbank/SP.DYN.TFRT.IN_page1.json").read_text())
    page[0]["pages"] = 1  # claims one page, but total says 42 rows
    publishers.route(TFRT, Reply(body=json.dumps(page).encode()), page=1)
    with pytest.raises(FetchError, match="incomplete result: 25 rows of 42 announced"):
        worldbank.fetch("fertility_rate", session)


def test_rows_of_another_indicator_are_refused(session, publishers):
    page = json.loads((FIXTURES / "worldbank/SP.DYN.CBRT.IN.json").read_text())
    publishers.route(TFRT, Reply(body=json.dumps(page).encode()))
    with pytest.raises(FetchError, match=r"other indicators: \['SP.DYN.CBRT.IN'\]"):
        worldbank.fetch("fertility_rate", session)


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ('{"page": 1}', "expected \\[header, rows\\]"),
        ('[{"page": 1, "pages": 1}, {"not": "a list"}]', "rows are not a list"),
        ('[{"page": "one", "pages": 1}, []]', "unexpected header"),
    ],
)
def test_unexpected_shapes_are_errors(session, publishers, body, message):
    publishers.route(TFRT, Reply(body=body.encode()))
    with pytest.raises(FetchError, match=message):
        worldbank.fetch("fertility_rate", session)


def test_string_header_fields_are_read_as_numbers():
    body = json.loads((FIXTURES / "worldbank/SP.DYN.TFRT.IN_page2.json").read_text())
    # Older answers and the country list write some header numbers as strings (apis.md A.4).
    body[0] = {**body[0], "page": "2", "pages": "2", "per_page": "25"}
    header, rows = worldbank_formats.check_envelope(body, "fertility_rate", "u")
    assert header["page"] == 2 and header["pages"] == 2
    assert len(rows) == 17


# --- bulk downloads ------------------------------------------------------------------------------


def test_bulk_excerpt_with_bom_preamble_and_metadata():
    assert BULK.read_bytes().startswith(b"\xef\xbb\xbf")
    frame, details = fetched(worldbank.import_files("fertility_rate", [BULK, BULK_META]))
    assert details.provenance.source_updated == "2026-07-13"
    assert set(frame["country_code"]) == {"JPN", "KOR", "XKX"}  # OED and WLD have no Region
    assert value(frame, "KOR", 1960) == 5.994
    assert value(frame, "JPN", 1966) == 1.58
    assert value(frame, "KOR", 2024) == 0.748
    assert frame["year"].max() == 2024  # the 2025 column is empty


def test_bulk_import_needs_the_metadata_file():
    with pytest.raises(FetchError, match="Metadata_Country"):
        worldbank.import_files("fertility_rate", [BULK])


def test_bulk_file_of_another_indicator_is_refused():
    with pytest.raises(FetchError, match=r"holds indicator \['SP.DYN.TFRT.IN'\], expected SP.DYN.CBRT.IN"):
        worldbank.import_files("birth_rate", [BULK, BULK_META])


def test_metadata_without_region_column_is_refused(tmp_path):
    meta = tmp_path / "Metadata_Country_API_x.csv"
    meta.write_text('"Country Code","IncomeGroup"\n"KOR","High income"\n', encoding="utf-8")
    with pytest.raises(FetchError, match="no Region column"):
        worldbank.import_files("fertility_rate", [BULK, meta])


def test_not_a_bulk_csv(tmp_path):
    bad = tmp_path / "API_SP.DYN.TFRT.IN_fake.csv"
    bad.write_text('"Data Source","World Development Indicators",\n\n"Last Updated Date","2026-07-13",\n')
    with pytest.raises(FetchError, match='no "Country Name" header'):
        worldbank.import_files("fertility_rate", [bad, BULK_META])


def test_databank_export_with_footer_and_dots():
    frame, details = fetched(worldbank.import_files("lfp_male", [DATABANK, BULK_META]))
    assert details.provenance.source_updated == "2026-07-13"  # from the footer "Last Updated: 07/13/2026"
    assert details.provenance.vintage_label.startswith("World Bank DataBank export")
    assert set(frame["country_code"]) == {"AFG", "JPN", "KOR"}  # AFE and OED are aggregates
    assert value(frame, "KOR", 2025) == 72.002
    assert value(frame, "AFG", 1990) == 80.0
    assert frame["year"].min() == 1990  # ".." before 1990 is missing, not zero


def test_databank_export_of_another_series_is_refused():
    with pytest.raises(FetchError, match=r"holds series \['SL.TLF.CACT.MA.ZS'\], expected SL.TLF.CACT.FE.ZS"):
        worldbank.import_files("lfp_female", [DATABANK, BULK_META])


@pytest.mark.parametrize(
    ("series_id", "stem", "updated", "korea"),
    [
        ("fertility_rate", "API_SP.DYN.TFRT.IN_DS2_en_csv_v2_4901945", "2023-03-01", (2020, 0.837)),
        ("fertility_rate", "API_SP.DYN.TFRT.IN_DS2_EN_csv_v2_33381", "2026-07-13", (2023, 0.721)),
        ("birth_rate", "API_SP.DYN.CBRT.IN_DS2_en_csv_v2_13718", "2025-03-24", (2022, 4.9)),
        ("lfp_female", "API_SL.TLF.CACT.FE.ZS_DS2_en_csv_v2_13361", "2025-03-24", (2023, 56.038)),
    ],
)
def test_real_bulk_downloads(raw_dir: Path, series_id, stem, updated, korea):
    data = raw_dir / "worldbank" / f"{stem}.csv"
    meta = raw_dir / "worldbank" / f"Metadata_Country_{stem}.csv"
    frame, details = fetched(worldbank.import_files(series_id, [data, meta]))
    assert details.provenance.source_updated == updated
    assert value(frame, "KOR", korea[0]) == korea[1]
    codes = set(frame["country_code"])
    assert {"OED", "WLD", "EUU", "HIC", "EAS"}.isdisjoint(codes)
    assert 180 < len(codes) <= 217  # the World Bank's 217 economies, minus those with no data
