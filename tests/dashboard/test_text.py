"""Each kind of generated sentence (dashboard/text.py) against figures recomputed from the shipped CSVs."""

from __future__ import annotations

import pandas as pd
import pytest

from dashboard import text
from dashboard.maps import latest_surveys
from registry.catalogue import series_info
from registry.groups import KOREA, oecd_members
from store.files import DEFAULT_DATA_DIR

pytestmark = pytest.mark.skipif(
    not (DEFAULT_DATA_DIR / "manifest.json").exists(), reason="no shipped data snapshot"
)


def csv(series_id: str) -> pd.DataFrame:
    return pd.read_csv(DEFAULT_DATA_DIR / f"{series_id}.csv")


def korea(frame: pd.DataFrame) -> pd.DataFrame:
    return frame[frame["country_code"] == KOREA].sort_values("year")


def gap_info():
    from dataclasses import replace

    return replace(
        series_info("lfp_female"), title="Gap", unit="percentage points", short_unit="pp", gap=True
    )


def test_a_shrinking_gap_narrowed_in_points_with_one_minus_sign() -> None:
    f, m = csv("lfp_female"), csv("lfp_male")
    both = korea(f).merge(korea(m), on="year", suffixes=("_f", "_m"))
    gap = both.assign(value=both["value_f"] - both["value_m"])[["year", "value"]]
    first, last = gap.iloc[0], gap.iloc[-1]
    assert abs(last["value"]) < abs(first["value"])  # the data: the gap shrank
    sentence = text.change_sentence(gap_info(), gap, None, int(first["year"]), int(last["year"]))
    change = abs(last["value"] - first["value"])
    assert " narrowed from " in sentence and " rose " not in sentence
    assert f"{text.MINUS}{abs(first['value']):.1f} pp in {int(first['year'])}" in sentence
    assert f"a change of {change:.1f} pp" in sentence and "-" not in sentence.replace("women-", "")


def test_a_rate_moves_in_percent_and_changes_in_percentage_points() -> None:
    frame, info = csv("lfp_female"), series_info("lfp_female")
    rows = korea(frame)
    first, last = rows.iloc[0], rows.iloc[-1]
    sentence = text.change_sentence(info, rows, None, int(first["year"]), int(last["year"]))
    verb = "rose" if last["value"] > first["value"] else "fell"
    assert f"{verb} from {first['value']:.1f}% in {int(first['year'])} to {last['value']:.1f}%" in sentence
    assert f"a change of {abs(last['value'] - first['value']):.1f} percentage points" in sentence


def test_the_pay_gap_narrowed_within_the_years_shown() -> None:
    frame, info = csv("pay_gap"), series_info("pay_gap")
    rows = korea(frame)
    shown = rows[(rows["year"] >= 2005) & (rows["year"] <= 2023)]
    sentence = text.change_sentence(info, rows, None, 2005, 2023)
    verb = "narrowed" if abs(shown["value"].iloc[-1]) < abs(shown["value"].iloc[0]) else "widened"
    assert sentence.startswith(
        f"South Korea's gender wage gap {verb} from {shown['value'].iloc[0]:.1f}% in 2005"
    )


def test_a_survey_sentence_takes_koreas_own_survey_year() -> None:
    frame, info = csv("unpaid_care_female"), series_info("unpaid_care_female")
    latest = latest_surveys(frame, "oecd")
    row = latest[latest["country_code"] == KOREA].iloc[0]
    ranked = list(latest.sort_values("value", ascending=False)["country_code"])
    sentence = text.survey_sentence(info, latest, "oecd")
    assert sentence.startswith(f"In its {int(row['year'])} survey, South Korea's unpaid work, women was")
    assert f"{row['value']:.0f} min/day" in sentence
    assert text.rank_phrase(ranked.index(KOREA) + 1, len(ranked)) in sentence
    assert f"surveys from {latest['year'].min()} to {latest['year'].max()}" in sentence
    assert str(latest["year"].max()) not in sentence.split(",")[0]  # never the map's latest year


def test_the_map_sentence_names_koreas_survey_year_and_the_span() -> None:
    frame, info = csv("unpaid_care_male"), series_info("unpaid_care_male")
    latest = latest_surveys(frame, "oecd")
    korea_year = int(latest.loc[latest["country_code"] == KOREA, "year"].iloc[0])
    sentence = text.map_sentence(info, latest, "oecd", None)
    assert f"latest survey ({latest['year'].min()}–{latest['year'].max()})" in sentence
    assert f"South Korea ({korea_year} survey)" in sentence


def test_women_and_men_and_the_gap_between_them() -> None:
    f, m = korea(csv("lfp_female")), korea(csv("lfp_male"))
    both = f.merge(m, on="year", suffixes=("_f", "_m"))
    row = both.iloc[-1]
    sentence = text.women_men_sentence(series_info("lfp_female"), series_info("lfp_male"), both, survey=False)
    gap = row["value_f"] - row["value_m"]
    assert sentence.startswith(
        f"In {int(row['year'])}, South Korea's figure was {row['value_f']:.1f}% for women"
    )
    assert f"{abs(gap):.1f} percentage points {'below' if gap < 0 else 'above'} men's" in sentence


def test_ranking_sentence_counts_the_members_with_data() -> None:
    from dashboard.data import Series

    frame, info = csv("pay_gap"), series_info("pay_gap")
    year = frame[frame["country_code"].isin(oecd_members())].groupby("year").size().idxmax()
    rows = frame[(frame["year"] == year) & frame["country_code"].isin(oecd_members())]
    rows = rows.sort_values("value", ascending=False).reset_index(drop=True)
    series = Series("pay_gap", frame, info, {}, ("", "", None, (0, 0)))
    sentence = text.ranking_sentence(series, rows, int(year), "oecd")
    rank = list(rows["country_code"]).index(KOREA) + 1
    assert f"{text.rank_phrase(rank, len(rows))} of {len(rows)} OECD members with data" in sentence


def test_korea_alone_in_its_group_is_not_ranked_among_one() -> None:
    """A year or a survey where South Korea is the only member with a figure (a series just added, or
    a group that hardly reports) says so, not "the highest of 1 OECD members"."""
    from dashboard.data import Series

    frame, info = csv("pay_gap"), series_info("pay_gap")
    alone = korea(frame).tail(1).reset_index(drop=True)
    year = int(alone["year"].iloc[0])
    series = Series("pay_gap", frame, info, {}, ("", "", None, (0, 0)))
    sentence = text.ranking_sentence(series, alone, year, "oecd")
    assert sentence.endswith("; no other OECD member has a figure.") and f"In {year}," in sentence
    survey = text.survey_sentence(info, alone, "un")
    assert survey.startswith(f"In its {year} survey,") and survey.endswith(
        "no other UN member state has a survey."
    )
    assert " of 1 " not in sentence + survey


@pytest.mark.parametrize(
    ("first", "last", "gap", "verb"),
    [(-24.0, -15.0, True, "narrowed"), (10.0, 12.0, True, "widened"), (5.0, -3.0, True, "reversed"),
     (1.0, 2.0, False, "rose"), (2.0, 1.0, False, "fell"), (2.0, 2.0, False, "did not change")],
)  # fmt: skip
def test_movement_words(first: float, last: float, gap: bool, verb: str) -> None:
    from dataclasses import replace

    assert text.movement(replace(series_info("pay_gap"), gap=gap), first, last) == verb


def test_national_sentence_compares_the_latest_final_year() -> None:
    from dashboard.data import Series
    from dashboard.national import comparison

    def series(series_id: str) -> Series:
        return Series(series_id, csv(series_id), series_info(series_id), {}, ("", "", None, (0, 0)))

    table = comparison(series("births"), series("births_national"))
    final = table.dropna(subset=["value_national", "value_international"]).iloc[-1]
    sentence = text.national_sentence(
        series_info("births_national"), series_info("births"), table, "UN estimate", "WPP"
    )
    assert f"In {int(final['year'])} Statistics Korea's figure was {final['value_national']:,.0f}" in sentence


def test_two_figures_of_one_sentence_share_a_precision() -> None:
    """Statistics Korea's fertility rate has three decimals, the World Bank's two: both with three, so
    equal figures never read "0.748 ... 0.75, the same"."""
    from dashboard.data import Series
    from dashboard.national import comparison

    def series(series_id: str) -> Series:
        return Series(series_id, csv(series_id), series_info(series_id), {}, ("", "", None, (0, 0)))

    table = comparison(series("fertility_rate"), series("fertility_rate_national"))
    final = table[table["status"] == "final"].dropna(subset=["value_international"]).iloc[-1]
    sentence = text.national_sentence(
        series_info("fertility_rate_national"), series_info("fertility_rate"), table, "World Bank", "WDI"
    )
    digits = max(series_info(s).decimals for s in ("fertility_rate", "fertility_rate_national"))
    for column in ("value_national", "value_international"):
        assert f"was {final[column]:.{digits}f} births per woman" in sentence


def test_women_and_men_drawn_together_name_a_unit_true_of_both() -> None:
    female, male = series_info("lfp_female"), series_info("lfp_male")
    assert female.unit != male.unit  # the data: each a share of its own sex
    unit = text.pair_unit(female, male)
    assert "female" not in unit and "male" not in unit and unit.endswith("of the same sex")
    same = series_info("unpaid_care_female")
    assert text.pair_unit(same, series_info("unpaid_care_male")) == same.unit
