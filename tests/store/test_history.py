"""Releases in the store: a long history spliced into the current file only, the same figures from
another publisher file kept as a vintage of its own, and where two releases overlap and agree."""

from __future__ import annotations

import hashlib
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from commands.fetch import main as fetch_main
from registry.catalogue import series_info
from store.diff import compare
from store.files import read_series, read_vintage
from store.frame import tidy_frame
from store.history import history_lines, join_year, row_releases
from store.manifest import Provenance, current_vintage, read_manifest, vintage_as_of
from store.save import save_series


def frame(values: dict[tuple[str, int], float]) -> pd.DataFrame:
    rows = pd.DataFrame([{"country_code": c, "year": y, "value": v} for (c, y), v in values.items()])
    return tidy_frame(rows)


def provenance(
    released: str, label: str, file_sha: str | None = None, notes: str = "", retrieved: str = ""
) -> Provenance:
    return Provenance(
        method="import",
        retrieved=retrieved or f"{released}T00:00:00Z",
        released=released,
        released_basis="test",
        vintage_label=label,
        source_file={"file": f"{label}.csv", "sha256": file_sha} if file_sha else None,
        notes=notes,
    )


OLD = {("KOR", 1985): 52.8, ("KOR", 2004): 40.0, ("KOR", 2005): 39.6,
       ("JPN", 1975): 30.0, ("JPN", 2006): 33.0, ("USA", 2004): 20.0}  # fmt: skip
OLDER = {("KOR", 1984): 55.0, ("JPN", 1970): 31.0, ("USA", 1990): 25.0, ("FRA", 1999): 10.0}
NEW = {
    ("KOR", 2005): 39.7,
    ("KOR", 2024): 29.0,
    ("JPN", 2005): 32.0,
    ("JPN", 2024): 21.0,
    ("USA", 2024): 17.0,
}


@pytest.fixture
def releases(tmp_path: Path) -> Path:
    save_series(tmp_path, series_info("pay_gap"), frame(OLDER), provenance("2017-10-17", "older"))
    save_series(tmp_path, series_info("pay_gap"), frame(OLD), provenance("2024-04-01", "early 2024"))
    save_series(tmp_path, series_info("pay_gap"), frame(NEW), provenance("2025-11-08", "2025 export"))
    return tmp_path


def test_current_file_takes_each_countrys_earlier_years_from_the_newest_earlier_release(
    releases: Path,
) -> None:
    current = read_series(releases, series_info("pay_gap")).set_index(["country_code", "year"])["value"]
    old, new = frame(OLD), frame(NEW)
    for (code, year), value in current.items():
        start = new.loc[new["country_code"] == code, "year"].min()
        source = new if year >= start else old
        expected = source[(source["country_code"] == code) & (source["year"] == year)]["value"]
        assert value == pytest.approx(float(expected.iloc[0])), (code, year)
    # all of a country's earlier years from one release: none from the 2017 one, which the 2024 one
    # replaced (KOR 1984, JPN 1970); USA's 1990 neither, since the 2024 release has USA 2004.
    assert ("KOR", 1984) not in current and ("JPN", 1970) not in current and ("USA", 1990) not in current
    assert "FRA" not in current.index.get_level_values(0)  # dropped by the current release: not brought back
    assert ("KOR", 2005) in current and current[("KOR", 2005)] == pytest.approx(NEW[("KOR", 2005)])


def test_vintages_stay_verbatim_and_the_manifest_says_which_years_came_from_where(releases: Path) -> None:
    manifest = read_manifest(releases)
    entry = manifest["series"]["pay_gap"]
    for vintage in entry["vintages"]:
        assert len(read_vintage(releases, series_info("pay_gap"), vintage)) == vintage["rows"]
    content = (releases / "pay_gap.csv").read_bytes()
    assert entry["sha256"] == hashlib.sha256(content).hexdigest() != current_vintage(entry)["sha256"]
    assert entry["current_vintage"] == current_vintage(entry)["sha256"]
    assert entry["rows"] == len(read_series(releases, series_info("pay_gap")))
    [spliced] = entry["history"]["spliced"]
    assert spliced["released"] == "2024-04-01"
    assert spliced["countries"] == {"JPN": "1975-1975", "KOR": "1985-2004", "USA": "2004-2004"}
    assert entry["history"]["base"]["released"] == "2025-11-08"
    assert join_year(entry, "KOR") == 2005 and join_year(entry, "FRA") is None
    assert any("South Korea 1985-2004" in line for line in history_lines(entry))
    # as-of lookups still return verbatim releases
    assert len(
        read_vintage(releases, series_info("pay_gap"), vintage_as_of(manifest, "pay_gap", date(2024, 9, 1)))
    ) == len(OLD)


def test_row_releases_name_each_rows_release(releases: Path) -> None:
    current = read_series(releases, series_info("pay_gap"))
    names = row_releases(current, read_manifest(releases)["series"]["pay_gap"])
    rows = current["country_code"] == "KOR"
    korea = dict(zip(current["year"][rows], names[rows], strict=True))
    assert korea[1985] == korea[2004] == "early 2024 (released 2024-04-01)"
    assert korea[2005] == korea[2024] == "2025 export (released 2025-11-08)"


def test_series_without_a_long_history_are_their_current_vintage(tmp_path: Path) -> None:
    save_series(
        tmp_path, series_info("fertility_rate"), frame({("KOR", 1990): 1.6}), provenance("2023-03-01", "a")
    )
    save_series(
        tmp_path, series_info("fertility_rate"), frame({("KOR", 2024): 0.75}), provenance("2026-07-13", "b")
    )
    entry = read_manifest(tmp_path)["series"]["fertility_rate"]
    assert read_series(tmp_path, series_info("fertility_rate"))["year"].tolist() == [2024]
    assert "history" not in entry and entry["sha256"] == current_vintage(entry)["sha256"]


def test_same_figures_from_another_file_is_a_vintage_of_its_own(tmp_path: Path) -> None:
    data = frame({("KOR", 2023): 56.038})
    save_series(tmp_path, series_info("lfp_female"), data, provenance("2023-06-29", "first", "a" * 64))
    save_series(tmp_path, series_info("lfp_female"), data, provenance("2024-02-21", "republished", "b" * 64))
    again = save_series(
        tmp_path, series_info("lfp_female"), data, provenance("2024-02-21", "republished", "b" * 64)
    )
    manifest = read_manifest(tmp_path)
    vintages = manifest["series"]["lfp_female"]["vintages"]
    assert [v["released"] for v in vintages] == ["2023-06-29", "2024-02-21"] and not again.new_vintage
    assert vintages[0]["file"] == vintages[1]["file"]  # one data file, two releases
    assert vintage_as_of(manifest, "lfp_female", date(2024, 9, 1))["label"] == "republished"
    assert len(list((tmp_path / "vintages" / "lfp_female").iterdir())) == 1


def test_a_better_copy_of_the_same_release_becomes_current_and_the_first_stays_listed(tmp_path: Path) -> None:
    data = frame({("KOR", 2025): 56.782})
    save_series(
        tmp_path,
        series_info("lfp_female"),
        data,
        provenance("2026-07-13", "copy", "a" * 64, "reassembled", "2026-08-01T00:00:00Z"),
    )
    save_series(
        tmp_path,
        series_info("lfp_female"),
        data,
        provenance("2026-07-13", "copy", "b" * 64, "unedited file", "2026-09-01T00:00:00Z"),
    )
    entry = read_manifest(tmp_path)["series"]["lfp_female"]
    assert [v["notes"] for v in entry["vintages"]] == ["reassembled", "unedited file"]
    assert current_vintage(entry)["notes"] == entry["notes"] == "unedited file"
    assert entry["source_file"]["sha256"] == "b" * 64


def test_overlap_counts_agreeing_and_revised_country_years() -> None:
    old = frame({("KOR", 2005): 39.6, ("KOR", 2006): 39.8, ("JPN", 2006): 33.0, ("USA", 1990): 25.0})
    new = frame({("KOR", 2005): 39.6 + 1e-9, ("KOR", 2006): 39.0, ("JPN", 2006): 33.0, ("USA", 2024): 17.0})
    diff = compare(old, new)
    assert len(diff.overlap) == 3 and len(diff.revised) == 1
    assert diff.overlap_summary() == (
        "overlap: 3 country-years in both (2 countries, 2005-2006): 2 agree (within rounding), 1 revised"
    )


def test_fetch_diff_prints_the_overlap_and_the_splice(
    releases: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert fetch_main(["diff", "pay_gap", "--data-dir", str(releases)]) == 0
    out = " ".join(capsys.readouterr().out.split())
    old, new = frame(OLD), frame(NEW)
    both = old.merge(new, on=["country_code", "year"])
    agree = int(((both["value_x"] - both["value_y"]).abs() <= 1e-6).sum())
    assert f"overlap: {len(both)} country-years in both" in out
    assert f"{agree} agree (within rounding), {len(both) - agree} revised" in out
    assert "from early 2024 (released 2024-04-01); South Korea 1985-2004" in out


def test_diff_picks_a_release_shared_by_several_files(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    same = frame({("KOR", 2021): 5.1})
    save_series(tmp_path, series_info("birth_rate"), same, provenance("2023-06-29", "June 2023", "a" * 64))
    save_series(
        tmp_path, series_info("birth_rate"), same, provenance("2024-02-21", "February 2024", "b" * 64)
    )
    save_series(
        tmp_path,
        series_info("birth_rate"),
        frame({("KOR", 2021): 5.1, ("KOR", 2022): 4.9}),
        provenance("2025-03-24", "2025"),
    )
    sha = read_manifest(tmp_path)["series"]["birth_rate"]["vintages"][0]["sha256"]
    assert fetch_main(["diff", "birth_rate", "--old", sha[:12], "--data-dir", str(tmp_path)]) == 0
    out = " ".join(capsys.readouterr().out.split())
    assert "old: 2024-02-21 · February 2024" in out and "1 added, 0 removed, 0 revised" in out
