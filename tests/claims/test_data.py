"""What the snapshot lacks, said as such: "release not kept" (with the command that fetches the release)
where the publisher's series existed by the date, "cannot check" where none of its figures could have."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from claims.data import DataView, MissingData
from claims.engine import check_claims
from claims.loader import parse_claims
from claims.model import Label
from claims.testing import save

WRITTEN = date(2024, 9, 1)
CLAIM = """
[article]
title = "T"
published = 2024-09-01
[[claims]]
id = "c"
quote = "q"
[[claims.checks]]
kind = "about_value"
series = "{series}"
claimed = 1
tolerance = 1
"""


def missing(data_dir: Path, series: str, as_of: date | None = WRITTEN) -> MissingData:
    with pytest.raises(MissingData) as raised:
        DataView(data_dir, as_of).frame(series)
    return raised.value


def verdict_label(data_dir: Path, series: str) -> Label:
    [verdict] = check_claims(parse_claims(CLAIM.format(series=series)), data_dir, WRITTEN)
    return verdict.label


def test_a_world_bank_release_not_kept_names_the_archive_command(tmp_path: Path) -> None:
    save(tmp_path, "fertility_rate", {"KOR": {1990: 1.6, 2024: 0.75}}, "2025-12-19")
    exc = missing(tmp_path, "fertility_rate")
    assert exc.release_not_kept
    assert "has figures back to 1990" in str(exc)
    assert "`python -m fetch fertility_rate --as-of 2024-09-01`" in str(exc)
    assert verdict_label(tmp_path, "fertility_rate") is Label.NOT_KEPT


def test_a_publisher_without_an_archive_gets_the_import_command(tmp_path: Path) -> None:
    save(tmp_path, "births_national", {"KOR": {1970: 1_006_645, 2025: 254_500}}, "2026-03-27")
    exc = missing(tmp_path, "births_national")
    assert exc.release_not_kept
    assert "keeps no archive of past releases" in str(exc)
    assert "python -m fetch births_national --from FILE" in str(exc) and "--released YYYY-MM-DD" in str(exc)


def test_no_figure_that_could_have_been_public_is_cannot_check(tmp_path: Path) -> None:
    """The oldest release kept starts in the date's year: none of its figures can have been out by then."""
    save(tmp_path, "pay_gap", {"KOR": {WRITTEN.year: 29.0}}, "2025-11-08")
    exc = missing(tmp_path, "pay_gap")
    assert not exc.release_not_kept
    assert f"its figures start in {WRITTEN.year}" in str(exc) and "python -m fetch" not in str(exc)
    assert verdict_label(tmp_path, "pay_gap") is Label.CANNOT_CHECK


@pytest.mark.parametrize("as_of", [None, WRITTEN])
def test_a_series_absent_from_the_snapshot_is_a_release_not_kept(tmp_path: Path, as_of: date | None) -> None:
    save(tmp_path, "pay_gap", {"KOR": {2020: 31.0}}, "2022-02-18")
    exc = missing(tmp_path, "lfp_female", as_of)
    assert exc.release_not_kept and "is not in this data snapshot" in str(exc)
    assert "python -m fetch lfp_female" in str(exc)


def test_a_damaged_file_is_not_called_missing(tmp_path: Path) -> None:
    save(tmp_path, "pay_gap", {"KOR": {2020: 31.0}}, "2022-02-18")
    (tmp_path / "pay_gap.csv").write_text("not,a,series\n", encoding="utf-8")
    exc = missing(tmp_path, "pay_gap", None)
    assert not exc.release_not_kept and "cannot be read" in str(exc)
