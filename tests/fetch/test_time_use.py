"""OECD time use: the real Data Explorer answer (no TIME_PERIOD) dated by the survey-year table."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pandas as pd
import pytest
from fetch_helpers import SDMX_CSV, TIME_USE_PATH, Reply, value

from commands.fetch import main
from fetch import oecd, time_use
from fetch.errors import FetchError

REAL = "oecd/time_use_oecd.csv"
WORKBOOK = "oecd/OECD_1564_TUSupdatePortal.xlsx"
SERIES_SEX = [("unpaid_care_female", "F"), ("unpaid_care_male", "M")]


def upw(path: Path, sex: str) -> dict[str, float]:
    rows = csv.DictReader(io.StringIO(path.read_text(encoding="utf-8")))
    return {r["REF_AREA"]: float(r["OBS_VALUE"]) for r in rows if r["MEASURE"] == "UPW" and r["SEX"] == sex}


def test_reference_table_is_the_workbook_imported(raw_dir: Path, tmp_path):
    """The committed table is what the command writes from the workbook: generated, never typed."""
    recorded = json.loads(time_use.PROVENANCE.read_text(encoding="utf-8"))
    origin = "{repository}:{path}@{commit}".format(**recorded["source_file"])
    time_use.write_reference(raw_dir / WORKBOOK, origin, tmp_path)
    assert (tmp_path / time_use.TABLE.name).read_bytes() == time_use.TABLE.read_bytes()
    assert (tmp_path / time_use.PROVENANCE.name).read_bytes() == time_use.PROVENANCE.read_bytes()


def test_reference_table_dates_korea_by_its_2014_survey():
    table, source = time_use.load_reference()
    korea = table[table["country_code"] == "KOR"]
    assert set(korea["survey_year"]) == {"2014"} and set(korea["year"]) == {2014}
    assert "OECD_1564_TUSupdatePortal.xlsx" in source and "@" in source


def test_not_the_workbook_is_a_clear_error(tmp_path):
    bad = tmp_path / "book.xlsx"
    bad.write_bytes(b"not a zip")
    with pytest.raises(FetchError, match=r"not a readable \.xlsx workbook"):
        time_use.read_workbook(bad)


@pytest.mark.parametrize(("series_id", "sex"), SERIES_SEX)
def test_real_answer_served_live(raw_dir: Path, session, publishers, series_id, sex):
    publishers.route(TIME_USE_PATH, Reply(body=(raw_dir / REAL).read_bytes(), content_type=SDMX_CSV))
    fetched = oecd.fetch(series_id, session)
    frame = fetched.frame
    answer = upw(raw_dir / REAL, sex)
    assert value(frame, "KOR", 2014) == answer["KOR"]
    assert frame["value"].tolist() == [answer[c] for c in frame["country_code"]]  # values unchanged
    # Every country of the answer is either dated or named as left out.
    [warning] = fetched.warnings
    named = {c for c in answer if f"{c} (" in warning}
    assert named.isdisjoint(frame["country_code"])
    assert named | set(frame["country_code"]) == set(answer)
    assert f"left out {len(named)} countries" in warning
    assert {"BGR", "HRV"} <= named  # not in the workbook at all


def test_import_real_file_as_the_current_release(raw_dir: Path, tmp_path, capsys, monkeypatch):
    """The build_snapshot.sh steps: the 2019 export, then the real download as the newer release."""
    monkeypatch.setenv("COLUMNS", "300")
    data = tmp_path / "data"
    series = ["unpaid_care_female", "unpaid_care_male"]
    old = ["--from", str(raw_dir / "oecd/TIME_USE_25102019220748242.csv"), "--from", str(raw_dir / WORKBOOK)]
    assert main([*series, *old, "--data-dir", str(data), "--released", "2019-10-25"]) == 0
    args = ["--from", str(raw_dir / REAL), "--data-dir", str(data), "--released", "2026-07-23"]
    args += ["--released-basis", "committed to its repository on this date, so downloaded by then"]
    assert main([*series, *args]) == 1  # 12 countries the workbook cannot date: refused as a shrink
    assert "12 countries would be lost" in capsys.readouterr().out
    assert main([*series, *args, "--accept-shrink"]) == 0
    out = capsys.readouterr().out
    manifest = json.loads((data / "manifest.json").read_text(encoding="utf-8"))
    for series_id, sex in SERIES_SEX:
        entry = manifest["series"][series_id]
        current = next(v for v in entry["vintages"] if v["sha256"] == entry["sha256"])
        assert current["released"] == "2026-07-23"
        assert "left out" in current["notes"] and "BGR (not in the workbook)" in current["notes"]
        assert sorted(v["released"] for v in entry["vintages"]) == ["2019-10-25", "2026-07-23"]
        frame = pd.read_csv(data / f"{series_id}.csv")
        assert value(frame, "KOR", 2014) == upw(raw_dir / REAL, sex)["KOR"]
        assert f"{series_id}: left out" in out  # the summary says what was left out
