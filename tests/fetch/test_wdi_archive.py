"""The WDI Database Archives (source 57): past releases fetched live, replayed from recorded answers."""

from __future__ import annotations

import json
from datetime import date

import pytest
from fetch_helpers import FIXTURES, WB_PREFIX, Reply, json_reply, value

from commands.fetch import main
from fetch import wdi_archive
from fetch.errors import FetchError
from registry.catalogue import series_info
from store.files import read_series, read_vintage
from store.manifest import read_manifest

VERSIONS_PATH = f"{WB_PREFIX}/sources/57/version"
TFRT = "SP.DYN.TFRT.IN"


def years_segment(first: int, last: int) -> str:
    return ";".join(f"YR{y}" for y in range(first, last + 1))


def data_path(release: str, years: str, indicator: str = TFRT) -> str:
    return f"{WB_PREFIX}/sources/57/country/all/series/{indicator}/version/{release}/time/{years}"


def serve_release(server, release: str) -> str:
    """The three recorded pages of one release, at the URL the client asks (1960 to the release year)."""
    path = data_path(release, years_segment(1960, int(release[:4])))
    for page in (1, 2, 3):
        server.route(path, json_reply(f"wdi_archive/{TFRT}_{release}_page{page}.json"), page=page)
    return path


@pytest.fixture
def archive(publishers):
    publishers.route(VERSIONS_PATH, json_reply("wdi_archive/versions.json"))
    return publishers


def fixture_rows(release: str) -> list[dict]:
    rows = []
    for page in (1, 2, 3):
        rows += json.loads((FIXTURES / f"wdi_archive/{TFRT}_{release}_page{page}.json").read_text())[
            "source"
        ]["data"]
    return rows


def recorded_value(release: str, code: str, year: int) -> float | None:
    """A value as the recorded pages hold it, found by the served code (independent of the parser)."""
    for row in fixture_rows(release):
        concepts = {v["concept"]: v["id"] for v in row["variable"]}
        if concepts["Country"] == code and concepts["Time"] == f"YR{year}":
            return row["value"]
    raise AssertionError(f"{code} {year} not in the fixture")


# --- the list of releases ------------------------------------------------------------------------


def test_release_list_is_read_by_id_not_label(session, archive):
    releases, _ = wdi_archive.list_releases(session, "fertility_rate")
    body = json.loads((FIXTURES / "wdi_archive/versions.json").read_text())
    assert len(releases) == body["total"]
    assert [r.id for r in releases] == sorted(r.id for r in releases)
    # 199309 is labelled "1994 Sep" in the archive: its date comes from the id.
    odd = next(r for r in releases if r.id == "199309")
    assert odd.label == "1994 Sep" and odd.public_by == date(1993, 9, 30)


@pytest.mark.parametrize(
    ("as_of", "expected"),
    [
        ("2024-09-01", "202407"),  # 202409 only counts from 2024-09-30
        ("2024-09-30", "202409"),
        ("2024-07-30", "202405"),  # the day within July is unknown: not before the 31st
        ("2017-04-15", "201703"),  # labelled "2017 Apr", but its id says March
    ],
)
def test_release_as_of_counts_from_the_last_day_of_its_month(session, archive, as_of, expected):
    releases, _ = wdi_archive.list_releases(session, "fertility_rate")
    assert wdi_archive.release_as_of(releases, date.fromisoformat(as_of), "fertility_rate").id == expected


def test_no_release_before_the_first(session, archive):
    releases, _ = wdi_archive.list_releases(session, "fertility_rate")
    with pytest.raises(FetchError, match="no WDI release was public by 1989-04-29"):
        wdi_archive.release_as_of(releases, date(1989, 4, 29), "fertility_rate")


def test_year_chunks_cover_every_year_once_within_the_limit():
    chunks = wdi_archive.year_chunks(1960, 2024, limit=100)
    assert len(chunks) > 1 and all(len(c) <= 100 for c in chunks)
    assert ";".join(chunks) == years_segment(1960, 2024)
    assert wdi_archive.year_chunks(1960, 2024) == [years_segment(1960, 2024)]


# --- one release of one series -------------------------------------------------------------------


def test_release_parses_every_page_maps_legacy_codes_and_drops_aggregates(tmp_path, archive):
    path = serve_release(archive, "202403")
    assert main(["fertility_rate", "--release", "2024-03", "--data-dir", str(tmp_path)]) == 0
    assert archive.hits(path) == 3  # three pages
    frame = read_series(tmp_path, series_info("fertility_rate"))
    assert value(frame, "KOR", 2020) == recorded_value("202403", "KOR", 2020)
    # Romania is served under its pre-ISO code ROM: stored as ROU.
    assert value(frame, "ROU", 2019) == recorded_value("202403", "ROM", 2019)
    assert "ROM" not in set(frame["country_code"])
    assert not {"AFE", "WLD", "ADO", "AND"} & set(frame["country_code"])  # aggregates; Andorra all null
    assert frame["value"].notna().all()
    nulls = [(c, y) for c in ("KOR", "JPN") for y in (2022, 2023) if recorded_value("202403", c, y) is None]
    assert nulls and all(frame[(frame.country_code == c) & (frame.year == y)].empty for c, y in nulls)
    entry = read_manifest(tmp_path)["series"]["fertility_rate"]
    assert entry["released"] == "2024-03-31"
    assert entry["label"] == "World Bank WDI release 2024-03 (WDI Database Archives)"
    assert sum("/version/202403/" in url for url in entry["urls"]) == 3


def test_legacy_code_beside_its_iso_code_keeps_the_iso_row():
    """The recorded 202407 answer (NY.GDP.PCAP.KD) has Andorra as ADO (null) and AND; with a value
    given to the ADO rows, the AND rows must still win."""
    body = json.loads((FIXTURES / "wdi_archive/NY.GDP.PCAP.KD_202407.json").read_text())
    rows = body["source"]["data"]
    for row in rows:
        if row["variable"][0]["id"] == "ADO":
            row["value"] = 1.0
    release = wdi_archive.Release("202407", "2024 Jul")
    frame = wdi_archive.parse_rows(rows, "NY.GDP.PCAP.KD", release, "fertility_rate", "fixture")
    andorra = frame[frame["country_code"] == "AND"].set_index("year")["value"]
    originals = {int(r["variable"][1]["value"]): r["value"] for r in rows if r["variable"][0]["id"] == "AND"}
    assert andorra.to_dict() == originals
    assert "ADO" not in set(frame["country_code"])


def test_done_when_as_of_picks_the_july_2024_release_as_an_older_vintage(snapshot, archive):
    serve_release(archive, "202407")
    before = read_manifest(snapshot)["series"]["fertility_rate"]
    assert main(["fertility_rate", "--as-of", "2024-09-01", "--data-dir", str(snapshot)]) == 0
    entry = read_manifest(snapshot)["series"]["fertility_rate"]
    assert entry["sha256"] == before["sha256"]  # not current: the snapshot holds a newer release
    vintage = next(v for v in entry["vintages"] if v["released"] == "2024-07-31")
    assert "202407" in vintage["label"].replace("-", "")
    frame = read_vintage(snapshot, series_info("fertility_rate"), vintage)
    assert value(frame, "JPN", 2021) == recorded_value("202407", "JPN", 2021)


def test_release_the_archive_lacks_is_a_clear_message(tmp_path, archive, capsys):
    path = data_path("202403", years_segment(1960, 2024))
    xml = (FIXTURES / "wdi_archive/error_160.xml").read_bytes()
    archive.route(path, Reply(body=xml, content_type="application/xml; charset=utf-8"))
    assert main(["fertility_rate", "--release", "2024-03", "--data-dir", str(tmp_path)]) == 1
    out = " ".join(capsys.readouterr().out.split())
    assert "WDI release 2024-03 does not hold SP.DYN.TFRT.IN" in out
    assert "Data not found" in out
    assert not (tmp_path / "fertility_rate.csv").exists()


def test_release_not_in_the_archive_names_the_nearest(tmp_path, archive, capsys):
    assert main(["fertility_rate", "--release", "2024-08", "--data-dir", str(tmp_path)]) == 1
    out = " ".join(capsys.readouterr().out.split())
    assert "release 2024-08 is not in the archive; nearest: 2024-07, 2024-09" in out


def test_long_year_lists_are_split_into_several_requests(tmp_path, archive, monkeypatch):
    monkeypatch.setattr(wdi_archive, "MAX_TIME_SEGMENT", 200)
    rows = fixture_rows("202403")
    chunks = wdi_archive.year_chunks(1960, 2024, 200)
    for chunk in chunks:  # each request answers with the recorded rows of its own years
        wanted = set(chunk.split(";"))
        part = [r for r in rows if r["variable"][1]["id"] in wanted]
        body = {
            "page": 1,
            "pages": 1,
            "per_page": 5000,
            "total": len(part),
            "source": {"id": "57", "data": part},
        }
        archive.route(data_path("202403", chunk), Reply(body=json.dumps(body).encode()))
    assert main(["fertility_rate", "--release", "2024-03", "--data-dir", str(tmp_path)]) == 0
    assert sum(archive.hits(data_path("202403", c)) for c in chunks) == len(chunks) > 1
    frame = read_series(tmp_path, series_info("fertility_rate"))
    assert value(frame, "USA", 2018) == recorded_value("202403", "USA", 2018)


def test_missing_page_is_an_error(tmp_path, archive):
    path = serve_release(archive, "202403")
    archive.route(path, Reply(404, b"no page", "text/plain"), page=3)
    assert main(["fertility_rate", "--release", "2024-03", "--data-dir", str(tmp_path)]) == 1


@pytest.mark.parametrize("series_id", ["pay_gap", "births", "unpaid_care_female"])
def test_series_without_an_archive_names_the_import(tmp_path, archive, capsys, series_id):
    assert main([series_id, "--as-of", "2024-09-01", "--data-dir", str(tmp_path)]) == 1
    out = " ".join(capsys.readouterr().out.split())
    assert f"python -m fetch {series_id} --from FILE" in out
    assert archive.hits(VERSIONS_PATH) == 0


@pytest.mark.parametrize(
    "argv",
    [
        ["fertility_rate", "--release", "2024-07", "--as-of", "2024-09-01"],
        ["--as-of", "2024-09-01"],
    ],
)
def test_conflicting_options_are_refused(tmp_path, argv):
    assert main([*argv, "--data-dir", str(tmp_path)]) == 2


def test_bad_release_month_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as exited:
        main(["fertility_rate", "--release", "July 2024"])
    assert exited.value.code == 2
    assert "expected a release month like 2024-07" in capsys.readouterr().err
