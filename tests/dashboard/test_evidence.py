"""Claim-card charts say only what they draw: the measure in the title, the years of every country ranked,
and "when written (dotted)" only where a dotted line differs from the newest release."""

from __future__ import annotations

import pandas as pd
import pytest

from claims.engine import judge_over_time
from claims.loader import DEFAULT_CLAIMS, load_claims
from claims.model import ChartData
from dashboard.evidence import ranking, timeline
from registry.catalogue import series_info
from store.files import DEFAULT_DATA_DIR


def korea(values: dict[int, float]) -> ChartData:
    points = pd.DataFrame(
        {
            "country_code": "KOR",
            "country": "South Korea",
            "year": list(values),
            "value": list(values.values()),
        }
    )
    return ChartData(kind="timeline", points=points, country="KOR", series="pay_gap", value_label="%")


def title(fig: dict) -> str:
    return fig["layout"]["title"]["text"]


def test_no_dotted_line_is_promised_where_the_releases_agree() -> None:
    then, now = korea({2020: 31.5, 2021: 31.1}), korea({2020: 31.5, 2021: 31.1, 2022: 31.2})
    fig = timeline(now, then)
    assert len(fig["data"]) == 1 and "dotted" not in title(fig)
    assert "when written: the same figures, up to 2021" in title(fig)


def test_a_revised_release_is_drawn_dotted_and_said_so() -> None:
    then, now = korea({2020: 31.5, 2021: 33.0}), korea({2020: 31.5, 2021: 31.1})
    fig = timeline(now, then)
    assert [t["line"].get("dash") for t in fig["data"]] == ["dot", None]
    assert "when written (dotted), revised in 1 year" in title(fig)


def test_a_ranking_titles_the_years_of_every_country_not_only_the_bars_shown() -> None:
    years = [*range(2000, 2014), 2016]  # the last-ranked country's survey is the newest
    points = pd.DataFrame(
        {
            "country_code": [f"C{i:02d}" for i in range(len(years))],
            "country": [f"Country {i}" for i in range(len(years))],
            "year": years,
            "value": sorted(range(len(years)), reverse=True),
        }
    )
    fig = ranking(ChartData(kind="ranking", points=points, country="C00", series="pay_gap"))
    assert f"{len(years)} countries, {min(years)}–{max(years)}" in title(fig)
    assert title(fig).startswith(series_info("pay_gap").title)


@pytest.mark.skipif(not (DEFAULT_DATA_DIR / "manifest.json").exists(), reason="no shipped data snapshot")
def test_the_births_card_titles_name_each_measure() -> None:
    from dashboard.evidence import evidence_figure

    claims = load_claims(DEFAULT_CLAIMS)
    [timed] = [t for t in judge_over_time(claims, DEFAULT_DATA_DIR) if t.claim.id == "births-227000"]
    figures = [
        evidence_figure(now, then) for now, then in zip(timed.now.checks, timed.then.checks, strict=True)
    ]
    titles = [title(f) for f in figures if f is not None]
    assert len(titles) == len(set(titles)) == 2
    for text, check in zip(titles, timed.now.checks, strict=True):
        assert series_info(check.sources[0].series).title.lower() in text.lower()
