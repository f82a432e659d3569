"""``python -m fetch add worldbank CODE --from Metadata_Indicator_*.csv``: offline, from the World Bank's
own metadata file in a bulk download (the real files in ../shared/data/raw/worldbank/)."""

from __future__ import annotations

import csv
import shutil
import tomllib
from pathlib import Path

import pytest

from commands.add_worldbank import unit_of
from commands.fetch import main
from registry import catalogue
from registry.seriesfile import parse_file


@pytest.fixture
def series_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    target = tmp_path / "series"
    shutil.copytree(catalogue.DEFAULT_SERIES_DIR, target)
    monkeypatch.setenv(catalogue.SERIES_DIR_VARIABLE, str(target))
    return target


def metadata_files(raw: Path) -> list[Path]:
    return sorted((raw / "worldbank").glob("Metadata_Indicator_*.csv"))


def publisher_row(path: Path) -> dict[str, str]:
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return next(csv.DictReader(handle))


def code_of(path: Path) -> str:
    return publisher_row(path)["INDICATOR_CODE"]


def test_every_real_metadata_file_gives_a_valid_registry_file(
    series_dir, raw_dir, capsys, monkeypatch
) -> None:
    files = metadata_files(raw_dir)
    assert len(files) >= 5
    for number, path in enumerate(files):
        row = publisher_row(path)
        series_id = f"added_{number}"
        assert main(["add", "worldbank", row["INDICATOR_CODE"], "--from", str(path), "--id", series_id]) == 0
        written = series_dir / f"{series_id}.toml"
        spec = parse_file(written)  # the registry's own validation, as for a hand-written file
        assert (spec.title, spec.definition) == (row["INDICATOR_NAME"], row["SOURCE_NOTE"])
        assert spec.fetch.params["indicator"] == row["INDICATOR_CODE"]
        assert spec.publisher_metadata["source_organization"] == row["SOURCE_ORGANIZATION"].strip()
        assert spec.fetch.params["source_id"] == 2  # the file name's _DS2_: World Development Indicators
        assert spec.dataset == "World Development Indicators"  # the data file's "Data Source" line
    assert "Wrote" in capsys.readouterr().out
    catalogue.load(series_dir)  # the whole folder still loads


def test_population_is_a_count_of_people(series_dir, raw_dir, capsys) -> None:
    path = raw_dir / "worldbank" / "Metadata_Indicator_API_SP.POP.TOTL_DS2_en_csv_v2_33112.csv"
    assert main(["add", "worldbank", "SP.POP.TOTL", "--from", str(path)]) == 0
    entry = tomllib.loads((series_dir / "sp_pop_totl.toml").read_text(encoding="utf-8"))
    assert (entry["unit"], entry["counts"], entry["decimals"], entry["min_value"]) == ("people", True, 0, 0.0)
    assert entry["title"] == publisher_row(path)["INDICATOR_NAME"]


def test_a_percentage_keeps_the_publishers_unit(series_dir, raw_dir, capsys) -> None:
    path = next(p for p in metadata_files(raw_dir) if "SL.TLF.CACT.FE.ZS" in p.name)
    assert main(["add", "worldbank", code_of(path), "--from", str(path), "--id", "lfp"]) == 0
    entry = tomllib.loads((series_dir / "lfp.toml").read_text(encoding="utf-8"))
    assert entry["unit"] == "% of female population ages 15+" and entry["unit"] in entry["title"]
    assert (entry["counts"], entry["min_value"], entry["max_value"]) == (False, 0.0, 100.0)


@pytest.mark.parametrize(
    "name, unit",
    [
        ("Population, total", "people"),
        ("Labor force, total", "people"),
        ("Number of infant deaths", "infant deaths"),
        ("Birth rate, crude (per 1,000 people)", "per 1,000 people"),
        ("GDP (current US$)", "current US$"),
    ],
)
def test_the_unit_comes_from_the_name(name: str, unit: str) -> None:
    assert unit_of(name, "") == unit


def test_a_file_for_another_indicator_is_refused(series_dir, raw_dir, capsys) -> None:
    path = next(p for p in metadata_files(raw_dir) if "SP.POP.TOTL" in p.name)
    assert main(["add", "worldbank", "SG.GEN.PARL.ZS", "--from", str(path)]) == 1
    out = " ".join(capsys.readouterr().out.split())
    assert "Not added: SG.GEN.PARL.ZS: the file describes indicator(s) SP.POP.TOTL, not SG.GEN.PARL.ZS" in out
    assert not (series_dir / "sg_gen_parl_zs.toml").exists()


@pytest.mark.parametrize(
    "content, message",
    [
        (b"Country Name,Country Code\nKorea,KOR\n", "not a World Bank Metadata_Indicator file"),
        (b"\xff\xfe\x00bad", "text is not valid UTF-8"),
        (b"", "not a World Bank Metadata_Indicator file"),
    ],
)
def test_a_file_that_is_not_metadata_writes_nothing(series_dir, tmp_path, capsys, content, message) -> None:
    path = tmp_path / "Metadata_Indicator_x.csv"
    path.write_bytes(content)
    before = sorted(series_dir.iterdir())
    assert main(["add", "worldbank", "SP.POP.TOTL", "--from", str(path)]) == 1
    assert message in " ".join(capsys.readouterr().out.split())
    assert sorted(series_dir.iterdir()) == before


def test_a_missing_file_or_folder_is_named(series_dir, tmp_path, capsys) -> None:
    assert main(["add", "worldbank", "SP.POP.TOTL", "--from", str(tmp_path / "absent.csv")]) == 1
    assert "no such file" in capsys.readouterr().out
    assert main(["add", "worldbank", "SP.POP.TOTL", "--from", str(tmp_path)]) == 1
    assert "not a file" in capsys.readouterr().out
