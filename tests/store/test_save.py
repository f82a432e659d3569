"""Storage: validation before writing, content-addressed vintages, the current vintage, as-of lookups."""

from __future__ import annotations

import hashlib
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from registry.catalogue import series_info
from registry.groups import code_for_name, oecd_accession_years, oecd_members
from store.files import read_series, read_vintage
from store.frame import ValidationError, tidy_frame
from store.manifest import DataFileError, Provenance, read_manifest, vintage_as_of
from store.save import save_series


def frame(values: dict[tuple[str, int], float]) -> pd.DataFrame:
    rows = pd.DataFrame(
        [{"country_code": code, "year": year, "value": value} for (code, year), value in values.items()]
    )
    return tidy_frame(rows)


def provenance(released: str, label: str = "") -> Provenance:
    return Provenance(
        method="import",
        retrieved=f"{released}T00:00:00Z",
        released=released,
        released_basis="test",
        vintage_label=label or f"release {released}",
    )


def snapshot(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_save_writes_tidy_csv_and_manifest(tmp_path: Path) -> None:
    save_series(
        tmp_path,
        series_info("pay_gap"),
        frame({("KOR", 2022): 31.2, ("JPN", 2022): 21.3}),
        provenance("2024-01-01"),
    )
    assert (tmp_path / "pay_gap.csv").read_text().splitlines() == [
        "country_code,country,year,value",
        "JPN,Japan,2022,21.3",
        "KOR,South Korea,2022,31.2",
    ]
    entry = read_manifest(tmp_path)["series"]["pay_gap"]
    assert entry["rows"] == 2
    assert entry["sha256"] == hashlib.sha256((tmp_path / "pay_gap.csv").read_bytes()).hexdigest()
    assert entry["released"] == "2024-01-01"
    assert len(entry["vintages"]) == 1


def test_values_round_trip_exactly(tmp_path: Path) -> None:
    save_series(
        tmp_path, series_info("pay_gap"), frame({("KOR", 2024): 28.95367823}), provenance("2025-01-01")
    )
    save_series(tmp_path, series_info("births"), frame({("KOR", 2023): 236394.0}), provenance("2024-07-11"))
    assert read_series(tmp_path, series_info("pay_gap"))["value"].tolist() == [28.95367823]
    assert (tmp_path / "births.csv").read_text().splitlines()[1] == "KOR,South Korea,2023,236394"


def test_unchanged_save_adds_no_vintage(tmp_path: Path) -> None:
    data = frame({("KOR", 2022): 31.2})
    first = save_series(tmp_path, series_info("pay_gap"), data, provenance("2024-01-01"))
    second = save_series(tmp_path, series_info("pay_gap"), data, provenance("2024-06-01"))
    assert first.new_vintage and not second.new_vintage
    assert len(read_manifest(tmp_path)["series"]["pay_gap"]["vintages"]) == 1
    assert len(list((tmp_path / "vintages" / "pay_gap").iterdir())) == 1


def test_older_release_is_kept_but_not_current(tmp_path: Path) -> None:
    save_series(tmp_path, series_info("pay_gap"), frame({("KOR", 2023): 29.3}), provenance("2025-11-08"))
    result = save_series(
        tmp_path, series_info("pay_gap"), frame({("KOR", 2023): 31.5}), provenance("2022-02-18")
    )
    assert result.new_vintage and not result.became_current
    assert read_series(tmp_path, series_info("pay_gap"))["value"].tolist() == [29.3]
    vintages = read_manifest(tmp_path)["series"]["pay_gap"]["vintages"]
    assert [v["released"] for v in vintages] == ["2022-02-18", "2025-11-08"]


def test_vintage_as_of_picks_newest_release_on_or_before(tmp_path: Path) -> None:
    save_series(tmp_path, series_info("pay_gap"), frame({("KOR", 2020): 31.5}), provenance("2022-02-18"))
    save_series(tmp_path, series_info("pay_gap"), frame({("KOR", 2023): 29.3}), provenance("2025-11-08"))
    manifest = read_manifest(tmp_path)
    assert vintage_as_of(manifest, "pay_gap", date(2024, 9, 1))["released"] == "2022-02-18"
    assert vintage_as_of(manifest, "pay_gap", date(2025, 11, 8))["released"] == "2025-11-08"
    assert vintage_as_of(manifest, "pay_gap", date(2020, 1, 1)) is None
    old = vintage_as_of(manifest, "pay_gap", date(2024, 9, 1))
    assert read_vintage(tmp_path, series_info("pay_gap"), old)["value"].tolist() == [31.5]


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({("XXX", 2020): 10.0}, "not ISO3"),
        ({("OED", 2020): 10.0}, "not ISO3"),
        ({("KOR", 1800): 10.0}, "years outside"),
        ({("KOR", 2020): 140.0}, "plausible range"),
    ],
)
def test_invalid_frames_write_nothing(tmp_path: Path, values: dict, message: str) -> None:
    save_series(tmp_path, series_info("pay_gap"), frame({("KOR", 2022): 31.2}), provenance("2024-01-01"))
    before = snapshot(tmp_path)
    with pytest.raises(ValidationError, match=message):
        save_series(tmp_path, series_info("pay_gap"), frame(values), provenance("2025-01-01"))
    assert snapshot(tmp_path) == before


def test_duplicate_country_years_are_rejected(tmp_path: Path) -> None:
    data = pd.concat([frame({("KOR", 2022): 31.2}), frame({("KOR", 2022): 30.0})], ignore_index=True)
    with pytest.raises(ValidationError, match="duplicate country-years: KOR 2022"):
        save_series(tmp_path, series_info("pay_gap"), data, provenance("2024-01-01"))
    assert not (tmp_path / "pay_gap.csv").exists()


def test_missing_and_corrupt_files_give_readable_errors(tmp_path: Path) -> None:
    with pytest.raises(DataFileError, match=r"pay_gap is not in this snapshot.*python -m fetch pay_gap"):
        read_series(tmp_path, series_info("pay_gap"))
    save_series(tmp_path, series_info("pay_gap"), frame({("KOR", 2022): 31.2}), provenance("2024-01-01"))
    (tmp_path / "pay_gap.csv").unlink()
    with pytest.raises(DataFileError, match=r"pay_gap\.csv is missing.*git checkout.*fetch pay_gap"):
        read_series(tmp_path, series_info("pay_gap"))
    (tmp_path / "pay_gap.csv").write_text("country_code,country,year,value\nKOR,South Korea,twenty,1\n")
    with pytest.raises(DataFileError, match="not a valid series file"):
        read_series(tmp_path, series_info("pay_gap"))
    (tmp_path / "manifest.json").write_text("{not json")
    with pytest.raises(DataFileError, match=r"manifest\.json is not valid"):
        read_manifest(tmp_path)


def test_tampered_vintage_is_detected(tmp_path: Path) -> None:
    save_series(tmp_path, series_info("pay_gap"), frame({("KOR", 2022): 31.2}), provenance("2024-01-01"))
    vintage = read_manifest(tmp_path)["series"]["pay_gap"]["vintages"][0]
    (tmp_path / vintage["file"]).write_text("country_code,country,year,value\nKOR,South Korea,2022,99\n")
    with pytest.raises(DataFileError, match="does not match its sha256"):
        read_vintage(tmp_path, series_info("pay_gap"), vintage)


def test_oecd_membership_comes_with_accession_years() -> None:
    years = oecd_accession_years()
    assert years["KOR"] == 1996
    assert "KOR" in oecd_members(1996) and "KOR" not in oecd_members(1995)
    assert {"CRI", "LTU", "COL"} <= oecd_members(2021)
    assert "CRI" not in oecd_members(2020)


@pytest.mark.parametrize(
    ("name", "code"),
    [("Korea", "KOR"), ("UK", "GBR"), ("USA", "USA"), ("China*", "CHN"), ("Lithuania* **", "LTU")],
)
def test_publishers_country_names_map_to_codes(name: str, code: str) -> None:
    assert code_for_name(name) == code


def test_current_file_can_be_derived_from_several_vintages(tmp_path: Path) -> None:
    """A caller (e.g. a long history joined from releases) chooses the current file; the vintage is kept."""
    from store.integrity import check_folder

    old = frame({("KOR", 2000): 40.0, ("KOR", 2001): 39.0})
    new = frame({("KOR", 2001): 38.5, ("KOR", 2002): 38.0})
    save_series(tmp_path, series_info("pay_gap"), old, provenance("2020-01-01"))
    joined = pd.concat([old[old["year"] < 2001], new]).reset_index(drop=True)
    result = save_series(
        tmp_path,
        series_info("pay_gap"),
        new,
        provenance("2024-01-01"),
        current=joined,
        derived="2000 from the 2020 release",
    )
    entry = read_manifest(tmp_path)["series"]["pay_gap"]
    current = (tmp_path / "pay_gap.csv").read_bytes()
    assert entry["sha256"] == hashlib.sha256(current).hexdigest() != result.sha256
    assert entry["derived"] == "2000 from the 2020 release" and entry["rows"] == 3
    assert [v["released"] for v in entry["vintages"]] == ["2020-01-01", "2024-01-01"]
    assert read_series(tmp_path, series_info("pay_gap"))["year"].tolist() == [2000, 2001, 2002]
    assert check_folder(tmp_path, ["pay_gap"]) == []
