"""Each check kind on small frames saved as real vintages: ties, missing years, one country, NaN."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from claims.data import DataView
from claims.engine import check_claim, combine, join_evidence
from claims.kinds import KINDS, Param, coerce
from claims.model import Article, CheckResult, CheckSpec, Claim, ClaimsFile, Label
from claims.testing import save

ARTICLE = Article(title="Test article", published=date(2024, 9, 1))


def spec(kind: str, **given: object) -> CheckSpec:
    """A CheckSpec with defaults filled in, as the loader would build it."""
    params = {
        p.name: (coerce(p, given[p.name]) if p.name in given else p.default) for p in KINDS[kind].params
    }
    return CheckSpec(kind, params)


def judge(data_dir: Path, *checks: CheckSpec, as_of: date | None = None):
    claim = Claim(id="c", quote="q", checkable=True, checks=checks)
    claims = ClaimsFile(article=ARTICLE, claims=(claim,))
    return check_claim(claim, claims, DataView(data_dir, as_of))


# ------------------------------------------------------------------ about_value / about_count


@pytest.mark.parametrize(
    ("value", "expected"),
    [(29.0, Label.SUPPORTED), (33.0, Label.SUPPORTED), (35.0, Label.PARTLY), (40.0, Label.NOT_SUPPORTED)],
)
def test_about_value_grades_by_tolerance(tmp_path: Path, value: float, expected: Label) -> None:
    save(tmp_path, "pay_gap", {"KOR": {2020: 10.0, 2023: value}, "JPN": {2023: 20.0}})
    verdict = judge(tmp_path, spec("about_value", series="pay_gap", claimed=30, tolerance=3))
    assert verdict.label is expected
    assert verdict.figures[0].year == 2023 and verdict.figures[0].value == value
    assert "2023" in verdict.evidence and "30.0%" in verdict.evidence


def test_about_count_relative_tolerance_and_year_before_publication(tmp_path: Path) -> None:
    save(tmp_path, "births", {"KOR": {2022: 300_000, 2023: 236_000, 2024: 100_000}})
    verdict = judge(
        tmp_path, spec("about_count", series="births", year="published-1", claimed=227_000, tolerance_pct=5)
    )
    assert verdict.label is Label.SUPPORTED  # 2023 used, not the latest year 2024
    assert verdict.figures[0].year == 2023
    assert "4.0% above" in verdict.evidence


def test_data_ending_before_the_claimed_year_is_said_plainly(tmp_path: Path) -> None:
    save(tmp_path, "births", {"KOR": {2020: 270_000, 2021: 260_000}})
    verdict = judge(
        tmp_path, spec("about_count", series="births", year="published-1", claimed=227_000, tolerance_pct=5)
    )
    assert verdict.label is Label.CANNOT_CHECK
    assert "end in 2021, before the year the claim refers to (2023); re-fetch to check" in verdict.evidence


def test_country_missing_from_series_cannot_be_checked(tmp_path: Path) -> None:
    save(tmp_path, "pay_gap", {"JPN": {2023: 20.0}})
    verdict = judge(tmp_path, spec("about_value", series="pay_gap", claimed=30, tolerance=3))
    assert verdict.label is Label.CANNOT_CHECK
    assert "no gender wage gap figure for South Korea" in verdict.evidence


def test_a_series_missing_from_the_snapshot_is_a_release_not_kept(tmp_path: Path) -> None:
    """The publisher has the data; this snapshot lacks them: not "cannot check", and the command says how."""
    verdict = judge(tmp_path, spec("trend", series="lfp_male", years=10))
    assert verdict.label is Label.NOT_KEPT and not verdict.label.judged
    assert "python -m fetch lfp_male" in verdict.evidence


# ------------------------------------------------------------------ rank

RANK_ROWS = {
    "KOR": {2021: 31.0, 2022: 31.0, 2023: 29.0},
    "JPN": {2021: 22.0, 2022: 21.0, 2023: 21.0},
    "USA": {2021: 17.0, 2022: 17.0},
    "DEU": {2021: 14.0, 2022: 15.0},
    "FRA": {2021: 12.0, 2022: 12.0},
    "IND": {2022: 40.0},  # not an OECD member: never ranked against
}


def test_rank_latest_common_year_skips_a_sparsely_reported_year(tmp_path: Path) -> None:
    save(tmp_path, "pay_gap", RANK_ROWS)
    verdict = judge(tmp_path, spec("rank", series="pay_gap", position="highest"))
    assert verdict.label is Label.SUPPORTED
    figure = verdict.figures[0]
    assert (figure.year, figure.rank, figure.n) == (2022, 1, 5)
    assert "the highest of 5 OECD members with data" in verdict.evidence
    assert any("only 2 of the 5 with data do, so 2022 is compared" in c for c in verdict.all_caveats)


def test_rank_all_countries_includes_non_members(tmp_path: Path) -> None:
    save(tmp_path, "pay_gap", RANK_ROWS)
    verdict = judge(tmp_path, spec("rank", series="pay_gap", position="highest", group="all", year=2022))
    assert verdict.label is Label.PARTLY
    assert verdict.figures[0].rank == 2
    assert "India was highest at 40.0%" in verdict.evidence


def test_rank_tie_for_first_is_partly_supported(tmp_path: Path) -> None:
    save(tmp_path, "pay_gap", {"KOR": {2022: 31.0}, "JPN": {2022: 31.0}, "USA": {2022: 17.0}})
    verdict = judge(tmp_path, spec("rank", series="pay_gap", position="highest"))
    assert verdict.label is Label.PARTLY
    assert verdict.figures[0].rank == 1
    assert "tied with Japan" in verdict.evidence


def test_rank_lowest_and_outside_top_three(tmp_path: Path) -> None:
    rows = {c: {2022: v} for c, v in {"KOR": 1.5, "JPN": 1.2, "ITA": 1.2, "ESP": 1.1, "USA": 1.6}.items()}
    save(tmp_path, "fertility_rate", rows)
    verdict = judge(tmp_path, spec("rank", series="fertility_rate", position="lowest"))
    assert verdict.label is Label.NOT_SUPPORTED
    assert verdict.figures[0].rank == 4
    assert "Spain was lowest" in verdict.evidence


def test_rank_one_country_only_cannot_say_anything(tmp_path: Path) -> None:
    save(tmp_path, "fertility_rate", {"KOR": {2022: 0.8}})
    verdict = judge(tmp_path, spec("rank", series="fertility_rate", position="lowest"))
    assert verdict.label is Label.CANNOT_CHECK
    assert any("Only South Korea has data" in c for c in verdict.all_caveats)


def test_rank_latest_each_uses_each_countrys_latest_figure(tmp_path: Path) -> None:
    save(tmp_path, "unpaid_care_female", {"KOR": {2014: 215}, "JPN": {2016: 224}, "USA": {2005: 300}})
    verdict = judge(
        tmp_path, spec("rank", series="unpaid_care_female", position="highest", year="latest_each")
    )
    assert verdict.figures[0].n == 2  # the USA's 2005 figure is more than 5 years older than Korea's
    assert verdict.label is Label.PARTLY
    assert any("USA" in c for c in verdict.all_caveats)


def test_nan_values_are_not_ranked(tmp_path: Path) -> None:
    """tidy drops NaN rows on save, so a NaN never counts as a country with data."""
    frame = pd.DataFrame({"country_code": ["KOR", "JPN"], "year": [2022, 2022], "value": [0.8, float("nan")]})
    save(tmp_path, "fertility_rate", list(frame.itertuples(index=False, name=None)))
    verdict = judge(tmp_path, spec("rank", series="fertility_rate", position="lowest"))
    assert verdict.figures[0].n == 1


# ------------------------------------------------------------------ trend


def lfp_rows() -> dict[str, dict[int, float]]:
    return {
        "KOR": {1993: 47.0, 2003: 49.0, 2013: 50.0, 2023: 56.0},
        "JPN": {1993: 50.0, 2003: 49.0, 2013: 48.0, 2023: 54.0},
        "USA": {1993: 58.0, 2003: 59.0, 2013: 57.0, 2023: 56.0},
    }


def test_trend_up_counts_group_members_moving_the_same_way(tmp_path: Path) -> None:
    save(tmp_path, "lfp_female", lfp_rows())
    verdict = judge(tmp_path, spec("trend", series="lfp_female", years=10, group="oecd"))
    assert verdict.label is Label.SUPPORTED
    assert [f.year for f in verdict.figures] == [2013, 2023]
    assert "1 of the other 2 OECD members with data also rose" in verdict.evidence


def test_trend_down_claim_is_not_supported_by_a_rise(tmp_path: Path) -> None:
    save(tmp_path, "lfp_female", lfp_rows())
    verdict = judge(tmp_path, spec("trend", series="lfp_female", years=30, direction="down"))
    assert verdict.label is Label.NOT_SUPPORTED


def test_trend_flat_within_min_change_is_partly(tmp_path: Path) -> None:
    save(tmp_path, "lfp_female", {"KOR": {2013: 50.0, 2023: 50.4}})
    verdict = judge(tmp_path, spec("trend", series="lfp_female", years=10, min_change=0.5))
    assert verdict.label is Label.PARTLY


def test_trend_window_longer_than_data_cannot_be_checked(tmp_path: Path) -> None:
    save(tmp_path, "lfp_female", {"KOR": {2013: 50.0, 2023: 56.0}})
    verdict = judge(tmp_path, spec("trend", series="lfp_female", years=30))
    assert verdict.label is Label.CANNOT_CHECK
    assert "start in 2013, too late for a 30-year window ending in 2023" in verdict.evidence


def test_trend_missing_start_year_uses_next_year_within_slack(tmp_path: Path) -> None:
    save(tmp_path, "lfp_female", {"KOR": {2014: 50.0, 2023: 56.0}})
    verdict = judge(tmp_path, spec("trend", series="lfp_female", years=10))
    assert verdict.figures[0].year == 2014
    assert any("No figure for 2013" in c for c in verdict.all_caveats)


# ------------------------------------------------------------------ ratio


@pytest.mark.parametrize(
    ("men", "expected"), [(49.0, Label.SUPPORTED), (160.0, Label.PARTLY), (215.0, Label.NOT_SUPPORTED)]
)
def test_ratio_thresholds(tmp_path: Path, men: float, expected: Label) -> None:
    save(tmp_path, "unpaid_care_female", {"KOR": {2014: 215.0}, "JPN": {2016: 224.0}})
    save(tmp_path, "unpaid_care_male", {"KOR": {2014: men}, "JPN": {2016: 41.0}})
    check = spec("ratio", numerator="unpaid_care_female", denominator="unpaid_care_male",
                 supported_at=1.5, partly_at=1.1, group="oecd")  # fmt: skip
    verdict = judge(tmp_path, check)
    assert verdict.label is expected
    ratio = next(f for f in verdict.figures if f.label == "ratio")
    assert ratio.value == pytest.approx(215.0 / men)
    assert ratio.n == 2


def test_ratio_without_a_common_year_cannot_be_checked(tmp_path: Path) -> None:
    save(tmp_path, "unpaid_care_female", {"KOR": {2014: 215.0}})
    save(tmp_path, "unpaid_care_male", {"KOR": {2009: 49.0}})
    check = spec("ratio", numerator="unpaid_care_female", denominator="unpaid_care_male", supported_at=1.5)
    assert judge(tmp_path, check).label is Label.CANNOT_CHECK


# ------------------------------------------------------------------ combining and parameters


def result(label: Label) -> CheckResult:
    return CheckResult(kind="x", label=label, evidence="e", rule="r")


@pytest.mark.parametrize(
    ("labels", "expected"),
    [
        ([Label.SUPPORTED, Label.SUPPORTED], Label.SUPPORTED),
        ([Label.SUPPORTED, Label.NOT_SUPPORTED], Label.PARTLY),
        ([Label.NOT_SUPPORTED, Label.NOT_SUPPORTED], Label.NOT_SUPPORTED),
        ([Label.SUPPORTED, Label.CANNOT_CHECK], Label.SUPPORTED),
        ([Label.CANNOT_CHECK, Label.CANNOT_CHECK], Label.CANNOT_CHECK),
        ([Label.PARTLY], Label.PARTLY),
    ],
)
def test_combine(labels: list[Label], expected: Label) -> None:
    assert combine([result(label) for label in labels]) is expected


def test_every_rule_names_its_thresholds() -> None:
    rank = spec("rank", series="pay_gap", position="highest")
    assert "80%" in KINDS["rank"].rule(rank.params) and "highest 3" in KINDS["rank"].rule(rank.params)
    about = spec("about_value", series="pay_gap", claimed=30, tolerance=3)
    assert "3.0 percentage points" in KINDS["about_value"].rule(about.params)


def test_coerce_rejects_bad_values() -> None:
    with pytest.raises(ValueError, match="ISO 3166"):
        coerce(Param("country", "country"), "Korea")
    with pytest.raises(ValueError, match="published-1"):
        coerce(Param("year", "year", choices=("latest",)), "last year")
    with pytest.raises(ValueError, match="a number"):
        coerce(Param("claimed", "number"), True)


def test_evidence_of_several_tests_says_a_shared_opening_once() -> None:
    oecd = "In 2024 Korea's rate was 0.75, the lowest of 38 OECD members with data."
    world = "In 2024 Korea's rate was 0.75, the lowest of 193 UN member states with data."
    assert join_evidence([oecd, world]) == (
        "In 2024 Korea's rate was 0.75, the lowest of 38 OECD members with data "
        "and the lowest of 193 UN member states with data."
    )
    other_year = "In 2023 Korea's rate was 0.72, the lowest of 38 OECD members with data."
    assert join_evidence([oecd, other_year]) == f"{oecd} {other_year}"
    assert join_evidence([oecd, oecd]) == oecd


def test_trend_group_share_needs_most_of_the_group_to_move_alike(tmp_path: Path) -> None:
    falling = {"KOR": {2000: 1.5, 2020: 0.8}, "JPN": {2000: 1.4, 2020: 1.2}}
    rising = {code: {2000: 1.5, 2020: 1.9} for code in ("FRA", "USA", "SWE")}
    save(tmp_path, "fertility_rate", {**falling, **rising})
    check = spec("trend", series="fertility_rate", group="oecd", direction="down", years=20, group_share=0.5)
    verdict = judge(tmp_path, check)
    assert verdict.label is Label.PARTLY  # Korea fell, but only 1 of the other 4 did
    assert "1 of the other 4 OECD members with data also fell" in verdict.evidence
    assert "more than 50% of the other OECD members" in verdict.checks[0].rule
    save(tmp_path / "most", "fertility_rate", {**falling, "FRA": {2000: 1.9, 2020: 1.7}})
    assert judge(tmp_path / "most", check).label is Label.SUPPORTED  # both others fell
