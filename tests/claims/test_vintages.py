"""Verdicts over time: when written vs now from two vintages, --as-of, and the CLI's change report."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from claims.engine import check_claims, judge_over_time
from claims.loader import parse_claims
from claims.model import Label
from claims.testing import save
from commands.claims import main

CLAIMS = """
[article]
title = "Test article"
published = 2024-09-01

[[claims]]
id = "gap-highest"
quote = "the highest gap"
[[claims.checks]]
kind = "rank"
series = "pay_gap"
position = "highest"

[[claims]]
id = "ctx"
quote = "not data"
checkable = false
"""


@pytest.fixture
def two_vintages(tmp_path: Path) -> Path:
    """Korea highest in the 2022 release; a 2025 revision puts Japan above it."""
    save(tmp_path, "pay_gap", {"KOR": {2021: 31.0}, "JPN": {2021: 22.0}, "USA": {2021: 17.0}}, "2022-02-18")
    save(tmp_path, "pay_gap", {"KOR": {2021: 31.0, 2023: 29.0}, "JPN": {2021: 22.0, 2023: 30.0},
                               "USA": {2021: 17.0, 2023: 16.0}}, "2025-11-08")  # fmt: skip
    return tmp_path


def test_when_written_and_now_differ(two_vintages: Path) -> None:
    [timed] = judge_over_time(parse_claims(CLAIMS), two_vintages)
    assert timed.then.label is Label.SUPPORTED and timed.now.label is Label.PARTLY
    assert timed.then.sources[0].released == "2022-02-18"
    assert timed.now.sources[0].released == "2025-11-08"
    assert (
        "With the data published by 2024-09-01 (here: test 2022-02-18) the claim was supported"
        in timed.summary
    )
    assert "with the newest data it is partly supported" in timed.summary


def test_as_of_before_the_oldest_vintage_says_no_data_that_old(two_vintages: Path) -> None:
    [verdict] = check_claims(parse_claims(CLAIMS), two_vintages, as_of=date(2020, 1, 1))
    assert verdict.label is Label.CANNOT_CHECK  # its figures start in 2021: none can have been out in 2020
    assert "the oldest release kept here was released 2022-02-18, after 2020-01-01" in verdict.evidence


def test_as_of_picks_the_vintage_public_on_that_date(two_vintages: Path) -> None:
    [verdict] = check_claims(parse_claims(CLAIMS), two_vintages, as_of=date(2025, 11, 8))
    assert verdict.label is Label.PARTLY


def test_unchanged_verdicts_have_no_change_sentence(tmp_path: Path) -> None:
    save(tmp_path, "pay_gap", {"KOR": {2021: 31.0}, "JPN": {2021: 22.0}}, "2022-02-18")
    [timed] = judge_over_time(parse_claims(CLAIMS), tmp_path)
    assert not timed.differs and timed.summary == ""


def test_cli_json_prints_both_verdicts(
    two_vintages: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    claims = tmp_path / "claims.toml"
    claims.write_text(CLAIMS, encoding="utf-8")
    assert main(["--claims", str(claims), "--data-dir", str(two_vintages), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    [verdict] = out["verdicts"]
    assert (verdict["then"]["verdict"], verdict["now"]["verdict"]) == ("supported", "partly supported")
    assert out["context"] == [{"id": "ctx", "quote": "not data", "note": ""}]


def test_cli_as_of_option(two_vintages: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    claims = tmp_path / "claims.toml"
    claims.write_text(CLAIMS, encoding="utf-8")
    assert (
        main(["--claims", str(claims), "--data-dir", str(two_vintages), "--json", "--as-of", "2019-05-01"])
        == 0
    )
    [verdict] = json.loads(capsys.readouterr().out)["verdicts"]
    assert verdict["then_label"] == "as of 2019-05-01"
    assert verdict["then"]["verdict"] == "cannot check"


def test_cli_reports_changes_after_a_refetch(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    claims = tmp_path / "claims.toml"
    claims.write_text(CLAIMS, encoding="utf-8")
    data = tmp_path / "data"
    save(data, "pay_gap", {"KOR": {2021: 31.0}, "JPN": {2021: 22.0}}, "2022-02-18")
    args = ["--claims", str(claims), "--data-dir", str(data), "--save"]
    assert main(args) == 0
    assert "Changed since the last run" not in capsys.readouterr().out
    assert (data / "verdicts.json").exists()
    save(data, "pay_gap", {"KOR": {2021: 31.0, 2023: 20.0}, "JPN": {2021: 22.0, 2023: 25.0}}, "2025-11-08")
    assert main(args) == 0
    out = capsys.readouterr().out
    assert "Changed since the last run" in out
    assert "gap-highest (newest data): supported → partly supported" in " ".join(out.split())
    assert main(args) == 0
    assert "Changed since the last run" not in capsys.readouterr().out


def test_cli_claims_file_error_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    claims = tmp_path / "bad.toml"
    claims.write_text("[article\n", encoding="utf-8")
    assert main(["--claims", str(claims), "--data-dir", str(tmp_path)]) == 2
    assert "line 1" in capsys.readouterr().err
