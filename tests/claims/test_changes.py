"""When written against now, country-year by country-year: "revised" only where the same figure changed;
countries that joined or left a comparison, and later years, are told as what they are."""

from __future__ import annotations

from pathlib import Path

from claims.changes import compare
from claims.engine import judge_over_time
from claims.loader import parse_claims
from claims.testing import save

RANK = """
[article]
title = "T"
published = 2024-09-01
[[claims]]
id = "highest"
quote = "the highest gap"
[[claims.checks]]
kind = "rank"
series = "pay_gap"
position = "highest"
year = 2021
"""
THEN = {"KOR": {2021: 31.0}, "JPN": {2021: 22.0}, "USA": {2021: 17.0}, "MEX": {2021: 12.0}}


def test_a_change_of_coverage_is_not_called_a_revision(tmp_path: Path) -> None:
    """The newer release drops the United States and Mexico and adds Germany; nothing is revised."""
    save(tmp_path, "pay_gap", THEN, "2022-02-18")
    now = {"KOR": {2021: 31.0}, "JPN": {2021: 22.0}, "DEU": {2021: 18.0}}
    save(tmp_path, "pay_gap", now, "2025-11-08")
    [timed] = judge_over_time(parse_claims(RANK), tmp_path)
    change = compare(timed.then.checks[0], timed.now.checks[0])
    assert change is not None
    assert (change.joined, change.left, change.revised) == (("DEU",), ("MEX", "USA"), ())
    assert change.shared == len(set(THEN) & set(now))  # the country-years in both, recomputed
    summary = timed.summary
    assert "Revised" not in summary and "revised data" not in summary.lower()
    assert (
        "the comparison covers 3 countries now, 4 then (joined: Germany; left: Mexico, United States)"
        in summary
    )
    assert "none of the 2 figures the test read in both releases was revised" in summary


def test_a_revised_figure_is_named_with_its_old_and_new_value(tmp_path: Path) -> None:
    save(tmp_path, "pay_gap", THEN, "2022-02-18")
    revised = {**THEN, "KOR": {2021: 30.0}}
    save(tmp_path, "pay_gap", revised, "2025-11-08")
    [timed] = judge_over_time(parse_claims(RANK), tmp_path)
    change = compare(timed.then.checks[0], timed.now.checks[0])
    assert change is not None and not (change.joined or change.left)
    moved = [(c, y) for c in THEN for y in THEN[c] if revised[c][y] != THEN[c][y]]
    assert [(r.country_code, r.year) for r in change.revised] == moved
    assert "1 of the 4 figures the test read in both releases was revised" in timed.summary
    assert "(South Korea 2021: 31.0% → 30.0%)" in timed.summary


def test_a_revision_elsewhere_names_one_and_says_koreas_were_not(tmp_path: Path) -> None:
    save(tmp_path, "pay_gap", THEN, "2022-02-18")
    save(tmp_path, "pay_gap", {**THEN, "JPN": {2021: 32.0}}, "2025-11-08")  # Japan now above Korea
    [timed] = judge_over_time(parse_claims(RANK), tmp_path)
    assert "(none of South Korea's; e.g. Japan 2021: 22.0% → 32.0%)" in timed.summary


def test_later_years_are_said_as_such(tmp_path: Path) -> None:
    latest = RANK.replace("year = 2021\n", "")
    save(tmp_path, "pay_gap", THEN, "2022-02-18")
    save(
        tmp_path, "pay_gap", {c: {**years, 2023: years[2021] - 1} for c, years in THEN.items()}, "2025-11-08"
    )
    [timed] = judge_over_time(parse_claims(latest), tmp_path)
    assert "the years read are 2023 now, 2021 then" in timed.summary
    assert "joined" not in timed.summary and "left" not in timed.summary


def test_unchanged_data_give_no_change_sentence(tmp_path: Path) -> None:
    save(tmp_path, "pay_gap", THEN, "2022-02-18")
    save(tmp_path, "pay_gap", THEN, "2025-11-08")
    [timed] = judge_over_time(parse_claims(RANK), tmp_path)
    assert timed.summary == ""
