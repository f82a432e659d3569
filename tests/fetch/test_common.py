"""A release holds only estimates: years after its date are projections, dropped and counted (the UN's
World Population Prospects 2019, released in June 2019, gives a 2020 figure in its estimates column)."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from commands.fetch import main
from registry.catalogue import series_info
from registry.groups import is_country
from store.files import DEFAULT_DATA_DIR, read_vintage
from store.manifest import read_manifest

WPP2019 = "births/number-of-births-per-year_wpp2019.csv"
RELEASED = "2019-06-17"  # the WPP 2019 release date, as scripts/build_snapshot.sh passes it


def raw_after_release(path: Path) -> pd.DataFrame:
    """The raw file's country rows with an estimate for a year after the release's."""
    raw = pd.read_csv(path)
    estimates = next(c for c in raw.columns if c.startswith("Estimates"))
    later = raw[(raw["Year"] > int(RELEASED[:4])) & raw[estimates].notna()]
    return later[later["Code"].fillna("").map(is_country)]


def test_an_import_drops_years_after_its_release_and_counts_them(raw_dir: Path, tmp_path, capsys) -> None:
    later = raw_after_release(raw_dir / WPP2019)
    assert len(later)  # the file does hold such years
    data = tmp_path / "data"
    args = ["births", "--from", str(raw_dir / WPP2019), "--data-dir", str(data), "--released", RELEASED]
    assert main([*args, "--origin", "z-marco/wp:number-of-births-per-year.csv@" + "0" * 40]) == 0
    frame = pd.read_csv(data / "births.csv")
    assert frame["year"].max() == int(RELEASED[:4])
    notes = json.loads((data / "manifest.json").read_text(encoding="utf-8"))["series"]["births"]["notes"]
    years = sorted(set(later["Year"]))
    span = str(years[0]) if len(years) == 1 else f"{years[0]}–{years[-1]}"
    assert f"dropped {len(later):,} rows for {span}, after the release date ({RELEASED})" in notes
    assert "projections" in capsys.readouterr().out


@pytest.mark.skipif(not (DEFAULT_DATA_DIR / "manifest.json").exists(), reason="no shipped data snapshot")
def test_no_release_in_the_snapshot_holds_a_year_after_its_date() -> None:
    manifest = read_manifest(DEFAULT_DATA_DIR)
    for series, entry in manifest["series"].items():
        for vintage in entry["vintages"]:
            if vintage.get("released"):
                frame = read_vintage(DEFAULT_DATA_DIR, series_info(series), vintage)
                assert frame["year"].max() <= int(vintage["released"][:4]), (series, vintage["label"])
