"""``python -m fetch SERIES --from FILE``: a publisher's file imported, dated, its origin recorded;
errors write nothing; one file is validated once and never read back."""

from __future__ import annotations

import hashlib
import json
import sys

import pandas as pd
import pytest
from fetch_helpers import (
    BULK,
    BULK_META,
    FIXTURES,
    value,
)

from commands.fetch import main
from fetch import worldbank
from fetch.errors import FetchError
from store.files import serialise
from store.manifest import read_manifest


def read(data_dir, series_id) -> pd.DataFrame:
    return pd.read_csv(data_dir / f"{series_id}.csv")


def manifest(data_dir) -> dict:
    return json.loads((data_dir / "manifest.json").read_text(encoding="utf-8"))


# --- importing publishers' files -----------------------------------------------------------------

ORIGIN = "owner/repo:data/API_SP.DYN.TFRT.IN.csv@" + "a" * 40


def test_import_bulk_file_records_its_origin(tmp_path):
    args = ["fertility_rate", "--from", str(BULK), "--from", str(BULK_META), "--origin", ORIGIN]
    assert main([*args, "--data-dir", str(tmp_path)]) == 0
    entry = manifest(tmp_path)["series"]["fertility_rate"]
    assert entry["method"] == "import"
    assert entry["released"] == "2026-07-13"  # "Last Updated Date" in the file's preamble
    source = entry["source_file"]
    assert source["file"] == BULK.name
    assert source["sha256"] == hashlib.sha256(BULK.read_bytes()).hexdigest()
    assert (source["repository"], source["path"], source["commit"]) == (
        "owner/repo",
        "data/API_SP.DYN.TFRT.IN.csv",
        "a" * 40,
    )
    assert value(read(tmp_path, "fertility_rate"), "KOR", 1960) == 5.994


def test_import_errors_write_nothing(tmp_path, capsys):
    assert main(["fertility_rate", "--from", str(tmp_path / "nope.csv"), "--data-dir", str(tmp_path)]) == 1
    assert "no such file" in capsys.readouterr().out
    bad_origin = ["--from", str(BULK), "--from", str(BULK_META), "--origin", "not-an-origin"]
    assert main(["fertility_rate", *bad_origin, "--data-dir", str(tmp_path)]) == 1
    assert "--origin must look like owner/repo:path@" in capsys.readouterr().out
    # An OWID grapher CSV carries no update date of its own.
    assert (
        main(
            [
                "births",
                "--from",
                str(FIXTURES / "owid/number-of-births-per-year.csv"),
                "--data-dir",
                str(tmp_path),
            ]
        )
        == 1
    )
    assert "pass --released YYYY-MM-DD" in capsys.readouterr().out
    assert sorted(p.name for p in tmp_path.iterdir()) == []


def test_import_dated_by_released(tmp_path):
    args = [
        "births",
        "--from",
        str(FIXTURES / "owid/number-of-births-per-year.csv"),
        "--released",
        "2024-07-11",
    ]
    assert main([*args, "--released-basis", "WPP 2024 release date", "--data-dir", str(tmp_path)]) == 0
    entry = manifest(tmp_path)["series"]["births"]
    assert (entry["released"], entry["released_basis"]) == ("2024-07-11", "WPP 2024 release date")


SAVED = [FIXTURES / f"worldbank/{name}.json" for name in ("SP.DYN.TFRT.IN_page1", "SP.DYN.TFRT.IN_page2")]
COUNTRIES = [FIXTURES / f"worldbank/country_page{page}.json" for page in (1, 2)]


def test_import_saved_api_responses(tmp_path):
    args = [f"--from={path}" for path in (*SAVED, *COUNTRIES)]
    assert main(["fertility_rate", *args, "--data-dir", str(tmp_path)]) == 0
    frame = read(tmp_path, "fertility_rate")
    assert value(frame, "KOR", 2024) == 0.748
    assert set(frame["country_code"]) == {"JPN", "KOR", "USA", "XKX"}
    assert manifest(tmp_path)["series"]["fertility_rate"]["released"] == "2026-07-13"


def test_saved_responses_take_aggregates_from_every_country_page(monkeypatch):
    seen = {}

    def spy(rows, aggregates=frozenset()):
        seen["aggregates"] = set(aggregates)
        return rows

    monkeypatch.setattr(worldbank, "to_tidy", spy)
    worldbank.import_files("fertility_rate", [*SAVED, *COUNTRIES])
    assert seen["aggregates"] == {"OED", "UMC", "WLD"}  # OED, UMC on page 1; WLD on page 2


@pytest.mark.parametrize(
    ("paths", "message"),
    [
        ([SAVED[0], *COUNTRIES], "data: 25 rows of 42 announced"),
        ([*SAVED, COUNTRIES[0]], "country list: 4 rows of 7 announced"),
        (SAVED, "also pass the saved /v2/country response"),
    ],
)
def test_saved_responses_must_be_complete(paths, message):
    with pytest.raises(FetchError, match=message):
        worldbank.import_files("fertility_rate", paths)


# --- importing one file: validated once, parsed once ---------------------------------------------


def calls_to(monkeypatch, function) -> list[tuple]:
    """Every call of ``function`` from now on, wherever the project imported it by name."""
    calls: list[tuple] = []

    def spy(*args, **kwargs):
        calls.append(args)
        return function(*args, **kwargs)

    for module in [m for n, m in sys.modules.items() if n.split(".")[0] in ("commands", "fetch", "store")]:
        for name, held in list(vars(module).items()):
            if held is function:
                monkeypatch.setattr(module, name, spy)
    return calls


@pytest.mark.parametrize("series_id", ["fertility_rate", "pay_gap"])
def test_importing_one_file_validates_and_parses_it_once(snapshot, monkeypatch, series_id) -> None:
    """The imported frame is validated once and never read back; the publisher's file is parsed once."""
    import store.files
    import store.frame
    from fetch.sources import adapter, importer_for

    paths = [BULK, BULK_META] if series_id == "fertility_rate" else [FIXTURES / "oecd/gender_wage_gap.csv"]
    imported: list[pd.DataFrame] = []
    reader = adapter(importer_for(series_id, paths))
    real_import = reader.import_files

    def import_files(*args):
        result = real_import(*args)
        imported.append(result.frame)
        return result

    monkeypatch.setattr(reader, "import_files", import_files)
    validated = calls_to(monkeypatch, store.frame.validate)
    parsed = calls_to(monkeypatch, store.files.parse_series_csv)
    args = [series_id, *(arg for path in paths for arg in ("--from", str(path))), "--released", "2026-01-02"]
    assert main([*args, "--accept-shrink", "--data-dir", str(snapshot)]) == 0
    frame = imported[-1]
    assert sum(call[0] is frame for call in validated) == 1
    content = serialise(frame)
    assert not [call for call in parsed if call[0] == content]  # the new vintage is never read back
    releases = len(read_manifest(snapshot)["series"][series_id]["vintages"])
    assert len(parsed) <= releases  # the previous current file, and earlier releases a long history splices
