"""``python -m fetch archive``: the OECD Time Use workbook's archive sheets saved as vintages, in the
order scripts/build_snapshot.sh imports the time-use releases (the files are the real raw ones)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pandas as pd

from commands.fetch import main
from store.manifest import current_vintage

LABELLED = "oecd/time_use_oecd.csv"
PLAIN = "oecd/time_use_oecd_csvfile.csv"
WORKBOOK = "oecd/OECD-time-use-database-updates.xlsx"
OLD_WORKBOOK = "oecd/OECD_1564_TUSupdatePortal.xlsx"
SERIES_SEX = [("unpaid_care_female", "F"), ("unpaid_care_male", "M")]


def upw(path: Path, sex: str) -> dict[str, float]:
    """The answer's unpaid work (UPW) minutes per country for one sex, read from the raw file."""
    rows = csv.DictReader(io.StringIO(path.read_text(encoding="utf-8")))
    return {r["REF_AREA"]: float(r["OBS_VALUE"]) for r in rows if r["MEASURE"] == "UPW" and r["SEX"] == sex}


def test_import_real_files_as_build_snapshot_does(raw_dir: Path, tmp_path, capsys, monkeypatch):
    """The 2019 export, the workbook's dated archives, then the answer in both layouts; the labelled
    one, the newest release, is current and every country in it is dated."""
    monkeypatch.setenv("COLUMNS", "300")
    data = tmp_path / "data"
    series = [s for s, _ in SERIES_SEX]
    old = [
        "--from",
        str(raw_dir / "oecd/TIME_USE_25102019220748242.csv"),
        "--from",
        str(raw_dir / OLD_WORKBOOK),
    ]
    assert main([*series, *old, "--data-dir", str(data), "--released", "2019-10-25"]) == 0
    origin = "nik-sugav/global-time-use-explorer:data/sources/oecd/raw/x.xlsx@" + "0" * 40
    assert (
        main(
            [
                "archive",
                *series,
                "--from",
                str(raw_dir / WORKBOOK),
                "--origin",
                origin,
                "--data-dir",
                str(data),
            ]
        )
        == 0
    )
    assert (
        main([*series, "--from", str(raw_dir / PLAIN), "--data-dir", str(data), "--released", "2026-07-02"])
        == 0
    )
    assert (
        main(
            [*series, "--from", str(raw_dir / LABELLED), "--data-dir", str(data), "--released", "2026-07-23"]
        )
        == 0
    )
    out = capsys.readouterr().out
    assert "Archive 2018: matches no update" in out  # predates the log: named, not imported
    manifest = json.loads((data / "manifest.json").read_text(encoding="utf-8"))
    for series_id, sex in SERIES_SEX:
        entry = manifest["series"][series_id]
        current = current_vintage(entry)
        assert current["released"] == "2026-07-23" and "left out" not in current["notes"]
        labels = [v["label"] for v in entry["vintages"]]
        assert sum("'Archive 2025'" in label for label in labels) == 1
        assert sum("'Archive 2023'" in label for label in labels) == 1
        frame = pd.read_csv(data / f"{series_id}.csv")
        assert set(frame["country_code"]) == set(upw(raw_dir / LABELLED, sex))
