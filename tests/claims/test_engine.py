"""The published combination rule (claims.engine.RULES) on synthetic claims saved as real vintages: a
co-trend alone decides nothing, cross-country tests decide, and an uploaded file is judged the same way.

Every expected ρ and label is recomputed here from the figures written, with SciPy.
"""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from scipy import stats
from streamlit.testing.v1 import AppTest

from claims.engine import RULES, judge_over_time
from claims.loader import parse_claims
from claims.model import Label
from claims.testing import save
from claims.verdict_text import INDIVIDUALS

OECD = ["KOR", "JPN", "FRA", "DEU", "USA", "SWE", "ITA", "ESP"]
YEARS = (1994, 2024)
CO_TREND = """
[[claims.checks]]
kind = "association"
form = "within"
x = "lfp_female"
y = "fertility_rate"
direction = "negative"
years = 30
"""
ACROSS = """
[[claims.checks]]
kind = "association"
x = "{x}"
y = "fertility_rate"
direction = "negative"
group = "oecd"
"""
HEAD = """
[article]
title = "Why fewer children"
published = 2025-01-01
[[claims]]
id = "why"
quote = "rising participation is a reason women have fewer children"
"""


def claims_text(*checks: str) -> str:
    return HEAD + "".join(checks)


def write(tmp_path: Path, lfp: list[float], unpaid_ratio: list[float]) -> None:
    """Korea's participation rises and fertility falls (a co-trend); in 2024 each OECD member has
    participation ``lfp`` and women's/men's unpaid work ``unpaid_ratio``, fertility falling down the list."""
    fertility = [2.0 - 0.15 * i for i in range(len(OECD))]
    lfp_rows = {c: {YEARS[1]: v} for c, v in zip(OECD, lfp, strict=True)}
    lfp_rows["KOR"][YEARS[0]] = lfp[0] - 10
    tfr_rows = {c: {YEARS[1]: v} for c, v in zip(OECD, fertility, strict=True)}
    tfr_rows["KOR"][YEARS[0]] = fertility[0] + 1
    save(tmp_path, "lfp_female", lfp_rows)
    save(tmp_path, "fertility_rate", tfr_rows)
    save(tmp_path, "unpaid_care_male", {c: {YEARS[1]: 100.0} for c in OECD})
    save(
        tmp_path,
        "unpaid_care_female",
        {c: {YEARS[1]: 100.0 * r} for c, r in zip(OECD, unpaid_ratio, strict=True)},
    )


def expected_label(x: list[float]) -> Label:
    """The across rule for a claimed negative association, recomputed: ρ of x against fertility, its
    Fisher z interval with the Bonett–Wright standard error (README, "The association rule")."""
    rho = float(stats.spearmanr(x, [2.0 - 0.15 * i for i in range(len(OECD))]).statistic)
    if rho >= 0:
        return Label.NOT_SUPPORTED
    if rho <= -1 + 1e-12:
        return Label.SUPPORTED
    z, se = math.atanh(rho), math.sqrt((1 + rho**2 / 2) / (len(OECD) - 3))
    return Label.SUPPORTED if math.tanh(z + 1.959964 * se) < 0 else Label.PARTLY


RISING = [40.0 + 3 * i for i in range(len(OECD))]  # participation up as fertility falls: ρ = −1
FLAT = [50.0, 40.0, 55.0, 45.0, 52.0, 43.0, 51.0, 47.0]  # no pattern


def judge(tmp_path: Path, *checks: str):
    [timed] = judge_over_time(parse_claims(claims_text(*checks)), tmp_path)
    return timed.now


def test_a_co_trend_alone_decides_nothing(tmp_path: Path) -> None:
    write(tmp_path, RISING, [2.0] * len(OECD))
    verdict = judge(tmp_path, CO_TREND)
    [check] = verdict.checks
    assert check.label is Label.SUPPORTED and not check.counts  # both moved as claimed, yet not counted
    assert verdict.label is Label.CANNOT_CHECK
    assert "no test here can show an association" in verdict.evidence
    assert verdict.evidence.endswith(INDIVIDUALS)


def test_one_cross_country_test_supported_one_failed_is_partly_supported(tmp_path: Path) -> None:
    ratio = [2.0 + 0.1 * i for i in range(len(OECD))]  # more unequal where fertility is lower: ρ = −1
    write(tmp_path, FLAT, ratio)
    verdict = judge(
        tmp_path,
        CO_TREND,
        ACROSS.format(x="lfp_female"),
        ACROSS.format(x="unpaid_care_female/unpaid_care_male"),
    )
    _, participation, unpaid = verdict.checks
    assert participation.label is expected_label(FLAT) and participation.label is not Label.SUPPORTED
    assert unpaid.label is expected_label(ratio) is Label.SUPPORTED
    assert [c.counts for c in verdict.checks] == [False, True, True]
    assert verdict.label is Label.PARTLY
    assert verdict.evidence.startswith("Partly supported: 1 of the 2 tests that can show an association")


def test_both_cross_country_tests_failed_is_not_supported_whatever_the_co_trend(tmp_path: Path) -> None:
    falling = list(reversed(RISING))  # participation highest where fertility is highest: ρ = +1
    write(tmp_path, falling, [2.0, 2.4, 1.9, 2.2, 2.1, 2.3, 1.8, 2.5])
    verdict = judge(
        tmp_path,
        CO_TREND,
        ACROSS.format(x="lfp_female"),
        ACROSS.format(x="unpaid_care_female/unpaid_care_male"),
    )
    assert verdict.checks[0].label is Label.SUPPORTED  # Korea's co-trend holds
    assert all(c.label is not Label.SUPPORTED for c in verdict.checks[1:])
    assert verdict.label is Label.NOT_SUPPORTED
    assert "neither of the 2 tests that can show an association shows it" in verdict.evidence
    assert "The change over time is context only" in verdict.evidence


def test_a_right_sign_whose_interval_includes_zero_is_not_support(tmp_path: Path) -> None:
    weak = [50.0, 52.0, 49.0, 53.0, 51.0, 54.0, 50.5, 52.5]
    rho = stats.spearmanr(weak, [2.0 - 0.15 * i for i in range(len(OECD))]).statistic
    assert rho < 0 and expected_label(weak) is Label.PARTLY
    write(tmp_path, weak, [2.0] * len(OECD))
    verdict = judge(tmp_path, ACROSS.format(x="lfp_female"))
    assert verdict.checks[0].label is Label.PARTLY and verdict.label is Label.NOT_SUPPORTED


def test_claims_about_figures_keep_the_plain_rule(tmp_path: Path) -> None:
    """No association test: every test counts, partly where they disagree."""
    save(tmp_path, "pay_gap", {"KOR": {2023: 29.0}, "JPN": {2023: 30.5}})
    value = '[[claims.checks]]\nkind = "about_value"\nseries = "pay_gap"\nclaimed = 30\ntolerance = 3\n'
    rank = '[[claims.checks]]\nkind = "rank"\nseries = "pay_gap"\nposition = "highest"\n'
    verdict = judge(tmp_path, value, rank)
    assert [c.label for c in verdict.checks] == [Label.SUPPORTED, Label.PARTLY]
    assert all(c.counts for c in verdict.checks) and verdict.label is Label.PARTLY
    assert verdict.evidence.startswith("Of the 2 tests, 1 supports it and 1 partly supports it:")


def test_the_rule_is_published_with_the_verdicts() -> None:
    text = " ".join(RULES)
    for words in (
        "never counted",
        "across countries, or within one country year on year",
        "interval includes 0",
    ):
        assert words in text


def test_an_uploaded_file_is_judged_by_the_same_rule(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path, RISING, [2.0] * len(OECD))
    monkeypatch.setenv("DASHBOARD_DATA_DIR", str(tmp_path))

    def upload_app(text: str) -> None:
        from dashboard.pages.claims import show_claims

        show_claims(text, "mine.toml")

    at = AppTest.from_function(upload_app, args=(claims_text(CO_TREND),), default_timeout=60).run()
    assert not at.exception, [e.message for e in at.exception]
    markdown = " ".join(m.value for m in at.markdown)
    assert "Now: Cannot check" in markdown  # the co-trend's own row is "Supported", the claim is not
    assert ":green-badge[:material/check_circle: Supported] **Test 1.**" in markdown
    assert ":small[:gray[Context only, not counted" in markdown  # the row's note, under it
