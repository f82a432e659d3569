"""The association kind on small hand-built frames whose answer is known, its rules and its messages."""

from __future__ import annotations

import itertools
import math
from datetime import date
from pathlib import Path

import pytest
from scipy import stats

from claims.data import DataView
from claims.engine import check_claim
from claims.kinds import KINDS, coerce
from claims.kinds.association import CAVEAT
from claims.kinds.correlation import rank_correlation
from claims.loader import ClaimsFileError, parse_claims
from claims.model import Article, CheckSpec, Claim, ClaimsFile, Label
from claims.testing import save

ARTICLE = Article(title="Test article", published=date(2024, 9, 1))
OECD = ["KOR", "JPN", "FRA", "DEU", "USA", "SWE", "ITA", "ESP"]


def spec(**given: object) -> CheckSpec:
    params = {
        p.name: (coerce(p, given[p.name]) if p.name in given else p.default)
        for p in KINDS["association"].params
    }
    KINDS["association"].validate(params)
    return CheckSpec("association", params)


def judge(data_dir: Path, *checks: CheckSpec):
    claim = Claim(id="c", quote="q", checkable=True, checks=checks)
    return check_claim(claim, ClaimsFile(article=ARTICLE, claims=(claim,)), DataView(data_dir))


def figure(verdict, label: str):
    return next(f for f in verdict.figures if f.label == label)


def across(tmp_path: Path, x: list[float], y: list[float], year: int = 2023, **given: object):
    codes = OECD[: len(x)]
    save(tmp_path, "lfp_female", {c: {year: v} for c, v in zip(codes, x, strict=True)})
    save(tmp_path, "fertility_rate", {c: {year: v} for c, v in zip(codes, y, strict=True)})
    return judge(tmp_path, spec(x="lfp_female", y="fertility_rate", **{"direction": "negative", **given}))


# ------------------------------------------------------------------ across countries


def test_a_perfectly_reversed_pair_supports_a_negative_association(tmp_path: Path) -> None:
    verdict = across(tmp_path, [40, 45, 50, 55, 60, 65], [2.0, 1.8, 1.6, 1.4, 1.2, 1.0])
    assert verdict.label is Label.SUPPORTED
    assert figure(verdict, "spearman_rho").value == -1.0 and figure(verdict, "spearman_rho").n == 6
    assert "ρ = −1.00 (n = 6;" in verdict.evidence and "in 2023" in verdict.evidence
    # Korea has the lowest participation (6th highest) and the highest fertility (1st).
    assert (figure(verdict, "x").rank, figure(verdict, "y").rank) == (6, 1)
    assert (
        "South Korea (2023) ranked lowest of 6 on women's labour force participation (40.0%) and highest on"
        in (verdict.evidence)
    )


def test_a_perfect_monotone_pair_is_not_a_negative_association(tmp_path: Path) -> None:
    verdict = across(tmp_path, [40, 45, 50, 55, 60, 65], [1.0, 1.2, 1.4, 1.6, 1.8, 2.0])
    assert verdict.label is Label.NOT_SUPPORTED
    assert "not negative as claimed" in verdict.evidence
    positive = across(
        tmp_path, [40, 45, 50, 55, 60, 65], [1.0, 1.2, 1.4, 1.6, 1.8, 2.0], direction="positive"
    )
    assert positive.label is Label.SUPPORTED


def test_ties_use_average_ranks_as_scipy_does(tmp_path: Path) -> None:
    x, y = [40, 45, 45, 50, 55, 55, 60, 62], [1.9, 1.5, 1.7, 1.5, 1.2, 1.3, 1.0, 1.0]
    verdict = across(tmp_path, x, y)
    expected = stats.spearmanr(x, y)
    assert figure(verdict, "spearman_rho").value == pytest.approx(expected.statistic)
    assert figure(verdict, "p_value").value == pytest.approx(expected.pvalue)
    low, high = figure(verdict, "rho_interval_low").value, figure(verdict, "rho_interval_high").value
    # Fisher z with the Bonett-Wright standard error, written out independently here.
    z, se = math.atanh(expected.statistic), math.sqrt((1 + expected.statistic**2 / 2) / (len(x) - 3))
    assert (low, high) == (
        pytest.approx(math.tanh(z - 1.959964 * se)),
        pytest.approx(math.tanh(z + 1.959964 * se)),
    )
    assert verdict.label is (Label.SUPPORTED if high < 0 else Label.PARTLY)


def test_a_weak_association_of_the_claimed_sign_is_only_partly_supported(tmp_path: Path) -> None:
    verdict = across(tmp_path, [1, 2, 3, 4, 5, 6], [2, 1, 4, 3, 6, 5], direction="positive")
    rho = figure(verdict, "spearman_rho").value
    assert rho == pytest.approx(stats.spearmanr([1, 2, 3, 4, 5, 6], [2, 1, 4, 3, 6, 5]).statistic) and rho > 0
    assert figure(verdict, "rho_interval_low").value < 0 < figure(verdict, "rho_interval_high").value
    assert verdict.checks[0].label is Label.PARTLY
    assert verdict.label is Label.NOT_SUPPORTED  # an interval that includes 0 is no support for the claim
    assert "strong, not distinguishable from zero" in verdict.evidence


def test_too_few_countries_cannot_be_checked(tmp_path: Path) -> None:
    verdict = across(tmp_path, [40, 50, 60], [1.5, 1.2, 1.0])
    assert verdict.label is Label.CANNOT_CHECK
    assert "only 3 of the OECD members" in verdict.evidence and "at least 5 needed" in verdict.evidence


def test_a_measure_the_same_everywhere_cannot_be_checked(tmp_path: Path) -> None:
    verdict = across(tmp_path, [40, 45, 50, 55, 60, 65], [1.5] * 6)
    assert verdict.label is Label.CANNOT_CHECK and "same value in every country" in verdict.evidence
    assert "too few" not in verdict.evidence  # six is enough countries; it said "only 6 … too few"


def test_missing_years_move_to_the_latest_well_covered_year(tmp_path: Path) -> None:
    x = {c: {2022: 40.0 + i, 2023: 41.0 + i} for i, c in enumerate(OECD)}
    y = {c: {2022: 2.0 - i / 10} for i, c in enumerate(OECD)}
    y["KOR"][2023] = 0.7
    y["JPN"][2023] = 1.1
    save(tmp_path, "lfp_female", x)
    save(tmp_path, "fertility_rate", y)
    verdict = judge(tmp_path, spec(x="lfp_female", y="fertility_rate", direction="negative"))
    assert figure(verdict, "spearman_rho").year == 2022 and figure(verdict, "spearman_rho").n == 8
    assert any(
        "Only 2 of the 8 with data have both for 2023, so 2022 is used" in c for c in verdict.all_caveats
    )
    fixed = judge(tmp_path, spec(x="lfp_female", y="fertility_rate", direction="negative", year=2019))
    assert fixed.label is Label.CANNOT_CHECK and "in 2019 (pairs run 2022–2023)" in fixed.evidence


def test_a_ratio_pairs_each_survey_with_the_same_year(tmp_path: Path) -> None:
    years = dict(zip(OECD, [2014, 2016, 2010, 2013, 2019, 2010, 2014, 2003], strict=True))
    female = {c: {y: 200.0 + 20 * i} for i, (c, y) in enumerate(years.items())}
    save(tmp_path, "unpaid_care_female", female)
    save(tmp_path, "unpaid_care_male", {c: {y: 100.0} for c, y in years.items()})
    save(
        tmp_path,
        "fertility_rate",
        {c: {y: 2.0 - i / 10, 2024: 1.0} for i, (c, y) in enumerate(years.items())},
    )
    check = spec(
        x="unpaid_care_female/unpaid_care_male",
        y="fertility_rate",
        direction="negative",
        year="latest_each",
        max_age=10,
    )
    verdict = judge(tmp_path, check)
    assert verdict.label is Label.SUPPORTED  # ratio rises as fertility falls, survey year by survey year
    assert figure(verdict, "spearman_rho").n == 7  # ESP's 2003 survey is more than 10 years before 2019
    assert any("left out" in c and "ESP" in c for c in verdict.all_caveats)
    assert figure(verdict, "x").year == 2014 and figure(verdict, "x").value == pytest.approx(2.0)
    assert "the ratio of women's unpaid work to men's unpaid work" in verdict.evidence
    assert [s.series for s in verdict.sources] == ["unpaid_care_female", "unpaid_care_male", "fertility_rate"]


# ------------------------------------------------------------------ within one country


@pytest.mark.parametrize(
    ("lfp_end", "tfr_end", "expected"),
    [(56.0, 0.8, Label.SUPPORTED), (56.0, 1.8, Label.PARTLY), (45.0, 1.8, Label.NOT_SUPPORTED)],
)
def test_within_a_country_both_must_move_as_claimed(
    tmp_path: Path, lfp_end: float, tfr_end: float, expected: Label
) -> None:
    save(tmp_path, "lfp_female", {"KOR": {2004: 50.0, 2014: 52.0, 2024: lfp_end}})
    save(tmp_path, "fertility_rate", {"KOR": {2004: 1.2, 2014: 1.2, 2024: tfr_end}})
    check = spec(x="lfp_female", y="fertility_rate", direction="negative", form="within", years=20)
    verdict = judge(tmp_path, check)
    assert verdict.checks[0].label is expected
    assert verdict.label is Label.CANNOT_CHECK  # a co-trend alone cannot show an association
    assert verdict.checks[0].evidence.startswith("From 2004 to 2024 South Korea's women's labour force")
    assert figure(verdict, "x_start").value == 50.0 and figure(verdict, "y_end").value == tfr_end
    assert CAVEAT in verdict.all_caveats


def test_within_a_window_with_no_start_year_cannot_be_checked(tmp_path: Path) -> None:
    save(tmp_path, "lfp_female", {"KOR": {2016: 50.0, 2024: 56.0}})
    save(tmp_path, "fertility_rate", {"KOR": {2016: 1.2, 2024: 0.7}})
    check = spec(x="lfp_female", y="fertility_rate", direction="negative", form="within", years=20)
    verdict = judge(tmp_path, check)
    assert (
        verdict.checks[0].label is Label.CANNOT_CHECK
        and "start in 2016, too late for a 20-year window" in verdict.evidence
    )
    later = judge(
        tmp_path, spec(x="lfp_female", y="fertility_rate", direction="negative", form="within", years=10)
    )
    assert later.checks[0].label is Label.SUPPORTED  # 2014 missing: the window starts in 2016 (slack)
    assert "No pair for 2014, so the window starts in 2016." in later.all_caveats


# ------------------------------------------------------------------ rules, caveats, the claims file


def test_rules_state_the_statistic_and_thresholds() -> None:
    rule = KINDS["association"].rule
    text = rule(spec(x="lfp_female", y="fertility_rate", direction="negative").params)
    assert text.startswith("Supported if Spearman's rank correlation ρ between women's labour force")
    expected = ["is negative", "95% interval", "Fisher z", "excludes 0", "partly supported if ρ is negative"]
    expected += ["not supported if ρ is 0 or positive", "fewer than 5 countries", "80% of them"]
    for words in expected:
        assert words in text, words
    within = rule(
        spec(x="lfp_female", y="fertility_rate", direction="negative", form="within", years=30).params
    )
    assert within.startswith("Supported if, over the 30 years to the latest year with both, South Korea's")
    assert "participation rose and its fertility rate fell" in within and "only one of them" in within


def test_every_association_verdict_carries_the_caveat(tmp_path: Path) -> None:
    verdict = across(tmp_path, [40, 45, 50, 55, 60, 65], [2.0, 1.8, 1.6, 1.4, 1.2, 1.0])
    assert CAVEAT in verdict.all_caveats
    assert "neither cause nor its direction" in CAVEAT and "need not hold within one country" in CAVEAT
    assert any(
        c.startswith("Countries used (6, 2023): DEU, FRA, JPN, KOR, SWE, USA.") for c in verdict.all_caveats
    )


CLAIMS = """
[article]
title = "T"
published = 2024-09-01
[[claims]]
id = "a"
quote = "q"
[[claims.checks]]
kind = "association"
x = "{x}"
y = "fertility_rate"
direction = "negative"
{extra}
"""


@pytest.mark.parametrize(
    ("x", "extra", "message"),
    [
        ("unpaid_care_female/nope", "", "expected a series id"),
        ("lfp_female", 'form = "within"', "form = 'within' needs 'years'"),
        ("lfp_female", "years = 10", "apply to form = 'within' only"),
        ("lfp_female", "confidence = 95", "between 0 and 1"),
        ("fertility_rate", "", "'x' and 'y' are the same measure"),  # ρ = 1 by construction
        ("fertility_rate", 'form = "within"\nyears = 10', "'x' and 'y' are the same measure"),
    ],
)
def test_bad_association_fields_are_named(x: str, extra: str, message: str) -> None:
    with pytest.raises(ClaimsFileError, match=message):
        parse_claims(CLAIMS.format(x=x, extra=extra), "mine.toml")


def test_correlation_describes_itself() -> None:
    corr = rank_correlation([1, 2, 3, 4, 5], [5, 4, 3, 2, 1])
    assert corr is not None and corr.rho == -1.0 and corr.excludes_zero
    assert corr.describe().startswith("ρ = −1.00 (n = 5; 95% interval −1.00 to −1.00; p < 0.001")
    assert rank_correlation([1, 2, 3], [1, 2, 3]) is None


def test_a_year_short_of_the_coverage_is_named_as_such() -> None:
    """No year reaches the coverage: the best covered is used, and the caveat says how far short."""
    import pandas as pd

    from claims.kinds.common import latest_covered_year

    counts = pd.Series({2013: 5, 2014: 3, 2017: 1})
    caveats: list[str] = []
    assert latest_covered_year(counts, [2017, 2014, 2013], 33, 0.8, caveats) == 2013
    assert caveats == [
        "No year has 80% of the 33 with data; 2013 has the most, 5 of them (15%), so it is used; "
        'year = "latest_each" compares each one\'s latest figure instead.'
    ]
    assert latest_covered_year(counts, [2017, 2014, 2013], 5, 0.6, []) == 2014


def test_year_on_year_changes_decide_where_the_window_ends_cannot(tmp_path: Path) -> None:
    """Both measures trend (a co-trend), but in the years participation rose most fertility fell least:
    the year-on-year ρ, recomputed here with SciPy on the differences, is positive, not negative."""
    years = list(range(2010, 2021))
    lfp = [50.0 + i + (0.9 if i % 2 else 0.0) for i in range(len(years))]
    tfr = [1.6 - 0.05 * i + (0.03 if i % 2 else 0.0) for i in range(len(years))]
    save(tmp_path, "lfp_female", {"KOR": dict(zip(years, lfp, strict=True))})
    save(tmp_path, "fertility_rate", {"KOR": dict(zip(years, tfr, strict=True))})
    dx = [b - a for a, b in itertools.pairwise(lfp)]
    dy = [b - a for a, b in itertools.pairwise(tfr)]
    rho = stats.spearmanr(dx, dy).statistic
    yoy = spec(x="lfp_female", y="fertility_rate", direction="negative", form="year_on_year", years=10)
    within = spec(x="lfp_female", y="fertility_rate", direction="negative", form="within", years=10)
    verdict = judge(tmp_path, within, yoy)
    assert verdict.checks[0].label is Label.SUPPORTED and not verdict.checks[0].counts  # the co-trend
    assert verdict.checks[1].counts and figure(verdict, "spearman_rho").value == pytest.approx(rho)
    assert rho > 0 and verdict.checks[1].label is Label.NOT_SUPPORTED
    assert verdict.label is Label.NOT_SUPPORTED
    assert f"over {len(dx)} year-on-year changes from {years[0]} to {years[-1]}" in verdict.checks[1].evidence
    assert (
        "Spearman's rank correlation ρ between South Korea's year-on-year changes" in verdict.checks[1].rule
    )
