"""A series as published on a date (the release public that day, verbatim, with its provenance), and the
release index: checked against the shipped snapshot's releases, figures read from the vintage files."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pandas as pd
import pytest
from fetch_helpers import SHIPPED_DATA

from registry.catalogue import series_info
from store.files import read_series
from store.manifest import DataFileError, read_manifest
from store.releases import NoRelease, as_published, release_rows, source_of

SERIES = "pay_gap"  # four releases kept, from 2017 to 2025


def kept() -> list[dict]:
    """The series' releases, oldest first, as the manifest lists them."""
    vintages = read_manifest(SHIPPED_DATA)["series"][SERIES]["vintages"]
    return sorted(vintages, key=lambda v: v["released"])


def figures(vintage: dict) -> pd.DataFrame:
    """The release's figures straight from its vintage file, not through the store."""
    return pd.read_csv(SHIPPED_DATA / vintage["file"], keep_default_na=False, na_values={"value": [""]})


def korea(frame: pd.DataFrame) -> pd.Series:
    rows = frame[frame["country_code"] == "KOR"]
    return rows.set_index("year")["value"].sort_index()


def test_before_the_first_release_kept_nothing_was_published() -> None:
    first = date.fromisoformat(kept()[0]["released"])
    with pytest.raises(NoRelease) as raised:
        as_published(SERIES, first - timedelta(days=1), SHIPPED_DATA)
    assert f"the oldest kept was released {first}" in str(raised.value)
    assert isinstance(raised.value, DataFileError)  # every reader already says these plainly


def test_between_two_releases_the_older_one_is_read() -> None:
    older, newer = kept()[1], kept()[2]
    day = date.fromisoformat(newer["released"]) - timedelta(days=1)
    assert date.fromisoformat(older["released"]) <= day
    release = as_published(SERIES, day, SHIPPED_DATA)
    assert (release.released, release.sha256, release.on) == (older["released"], older["sha256"], day)
    assert release.source == older["source_file"]["file"]
    pd.testing.assert_series_equal(korea(release.frame), korea(figures(older)), check_dtype=False)
    assert len(release.frame) == older["rows"]


def test_on_a_release_day_that_release_is_read() -> None:
    newer = kept()[2]
    release = as_published(SERIES, newer["released"], SHIPPED_DATA)  # an ISO string works too
    assert release.sha256 == newer["sha256"]


def test_after_the_last_release_the_newest_is_read_verbatim() -> None:
    newest = kept()[-1]
    release = as_published(SERIES, date(2100, 1, 1), SHIPPED_DATA)
    assert release.sha256 == newest["sha256"]
    pd.testing.assert_series_equal(korea(release.frame), korea(figures(newest)), check_dtype=False)
    # the current file splices earlier releases' years in (long history); the release itself does not
    assert (
        korea(release.frame).index.min() > korea(read_series(SHIPPED_DATA, series_info(SERIES))).index.min()
    )


def test_without_a_date_the_current_file_is_read() -> None:
    release = as_published(SERIES, data_dir=SHIPPED_DATA)
    pd.testing.assert_frame_equal(release.frame, read_series(SHIPPED_DATA, series_info(SERIES)))
    assert release.on is None and "current file" in release.describe()


def test_the_data_folder_defaults_to_the_environment(monkeypatch, snapshot: Path) -> None:
    monkeypatch.setenv("DASHBOARD_DATA_DIR", str(snapshot))
    (snapshot / kept()[-1]["file"]).write_bytes(b"country_code,country,year,value\n")
    with pytest.raises(DataFileError, match="does not match its sha256"):
        as_published(SERIES, "2100-01-01")


@pytest.mark.parametrize("bad", ["2024-13-01", "yesterday", ""])
def test_a_date_that_is_not_one_is_refused(bad: str) -> None:
    with pytest.raises(ValueError, match="expected a date like 2024-09-01"):
        as_published(SERIES, bad, SHIPPED_DATA)


def test_an_unknown_series_is_a_data_error() -> None:
    with pytest.raises(DataFileError, match="unknown series 'nope'"):
        as_published("nope", "2024-01-01", SHIPPED_DATA)


def test_the_index_lists_every_release_once_with_its_source() -> None:
    manifest = read_manifest(SHIPPED_DATA)
    rows = release_rows(manifest)
    vintages = [v for entry in manifest["series"].values() for v in entry["vintages"]]
    assert len(rows) == len(vintages)
    assert sum(r["current"] for r in rows) == len(manifest["series"])  # one current release each
    for row in rows:
        vintage = next(
            v
            for v in manifest["series"][row["series"]]["vintages"]
            if v["sha256"] == row["sha256"] and source_of(v) == row["source"]
        )
        assert (row["released"], row["path"]) == (vintage["released"], vintage["file"])
        assert (SHIPPED_DATA / row["path"]).is_file()


def test_the_claim_checkers_when_written_reads_these_releases(capsys) -> None:
    """One way to read a series as of a date: "when written" names exactly the release as_published gives."""
    from commands.claims import main

    assert main(["--json", "--data-dir", str(SHIPPED_DATA)]) == 0
    report = json.loads(capsys.readouterr().out)
    published = report["article"]["published"]
    sources = [s for v in report["verdicts"] for s in v["then"]["sources"]]
    assert sources
    for source in sources:
        release = as_published(source["series"], published, SHIPPED_DATA)
        assert (source["sha256"], source["released"]) == (release.sha256, release.released)
