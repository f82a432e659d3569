"""What every adapter's result goes through: a release holds only estimates (years after its date are
projections, dropped and counted: the UN's World Population Prospects 2019, released in June 2019,
gives a 2020 figure in its estimates column), and an answer or file that leaves no values is an error
for that series only, naming the series, the URL or file and why, the data folder byte-identical."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pandas as pd
import pytest
from fetch_helpers import (
    FIXTURES,
    SDMX_CSV,
    TIME_USE_PATH,
    Reply,
    fixture_bytes,
    tree_hashes,
    wb_indicator_path,
)

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


# --- an answer with no values ---------------------------------------------------------------------


def _all_null_worldbank() -> bytes:
    header, rows = json.loads(fixture_bytes("worldbank/SP.DYN.CBRT.IN.json"))
    return json.dumps([header, [{**row, "value": None} for row in rows]]).encode()


def _undatable_time_use() -> bytes:
    """Every unpaid-work value differs from the survey workbook's, so no country can be dated."""
    table = list(csv.reader(io.StringIO(fixture_bytes("oecd/time_use.csv").decode())))
    at = table[0].index("OBS_VALUE")
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(
        [table[0]] + [[*r[:at], "1234.5", *r[at + 1 :]] for r in table[1:]]
    )
    return out.getvalue().encode()


@pytest.mark.parametrize(
    ("series", "path", "reply", "why"),
    [
        (
            "birth_rate",
            wb_indicator_path("SP.DYN.CBRT.IN"),
            Reply(body=_all_null_worldbank()),
            "missing value",
        ),
        (
            "unpaid_care_female",
            TIME_USE_PATH,
            Reply(body=_undatable_time_use(), content_type=SDMX_CSV),
            "survey year is unknown",
        ),
    ],
    ids=["World Bank all null", "time use undatable"],
)
def test_an_answer_with_no_values_fails_that_series_only(
    series, path, reply, why, publishers, snapshot, capsys
):
    publishers.route(path, reply)
    before = tree_hashes(snapshot)
    assert main([series, "births", "--data-dir", str(snapshot), "--accept-shrink"]) == 1
    out = " ".join(capsys.readouterr().out.split())
    assert f"{series} failed: {series}: the answer holds no values for {series} (" in out
    assert why in out and path.rsplit("/", 1)[-1] in out
    assert "Traceback" not in out and f"1 failed: {series}" in out  # births still fetched
    after = tree_hashes(snapshot)
    assert {k: v for k, v in after.items() if series in k} == {k: v for k, v in before.items() if series in k}
    manifest = json.loads((snapshot / "manifest.json").read_text())["series"][series]
    assert (
        manifest == json.loads((FIXTURES.parent.parent / "data/manifest.json").read_text())["series"][series]
    )


def test_a_file_with_no_values_is_refused_naming_it(tmp_path, capsys):
    empty = tmp_path / "SP.DYN.CBRT.IN.json"
    empty.write_bytes(_all_null_worldbank())
    args = ["birth_rate", "--from", str(empty), "--data-dir", str(tmp_path / "d")]
    for page in (1, 2):
        args += ["--from", str(FIXTURES / f"worldbank/country_page{page}.json")]
    assert main(args) == 1
    out = " ".join(capsys.readouterr().out.split())
    assert "the answer holds no values for birth_rate" in out and str(empty) in out
    assert not (tmp_path / "d" / "manifest.json").exists()
