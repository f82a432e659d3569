"""Measures that come as women's and men's series (work, unpaid care): both lines, their gap, and
the gap charted like any other measure (ranking as a dumbbell, map and table).

Built on the single-series sections of dashboard.measure.
"""

from __future__ import annotations

from dataclasses import replace

import streamlit as st

from dashboard import views
from dashboard.data import Series, pair_frame
from dashboard.indicator import Indicator
from dashboard.markup import plain
from dashboard.measure import load_or_explain, render_frames, single
from dashboard.text import in_sentence

# Each women-and-men page's series, the gap's topic and its units: the page and the static site read them.
PAIRS = {
    "work": ("lfp_female", "lfp_male", "labour force participation", "percentage points", "pp"),
    "unpaid_care": ("unpaid_care_female", "unpaid_care_male", "unpaid work", "minutes per day", "min/day"),
}


def gap_series(female: Series, male: Series, topic: str, unit: str, short_unit: str) -> Series:
    """Women minus men as a series of its own, so it gets the same charts as any measure."""
    pairs = pair_frame(female, male)
    frame = pairs[["country_code", "country", "year", "gap", "value_f", "value_m"]].rename(
        columns={"gap": "value"}
    )
    span = female.info.max_value
    info = replace(
        female.info,
        id=f"{topic}_gap",
        title=f"Gap in {topic} (women minus men)",
        unit=unit,
        short_unit=short_unit,
        min_value=-span,
        max_value=span,
        sex=None,
        pair=None,
        gap=True,
        map_bins=(),
    )
    return Series(info.id, frame, info, female.meta, female.key, (female, male))


def pair_indicators(page: str, female: Series, male: Series) -> list[Indicator]:
    """The page's frames: the gap, then women's and men's lines (one gap series per data version,
    shared by every viewer, so what it derives is computed once)."""
    _, _, topic, unit, short_unit = PAIRS[page]

    def compute() -> list[Indicator]:
        gap = gap_series(female, male, topic, unit, short_unit)
        return [Indicator(f"{page}_gap", gap), Indicator(f"{page}_women_men", gap, kind="women_men")]

    return views.cached(f"{page}:pair", views.version(female, male), (), compute)


def render_pair(page: str) -> None:
    """A page for a measure that comes as women's and men's series: the gap's frame, then both.

    If one of the pair is missing from data/, the page says so and shows the one it has.
    """
    female_id, male_id = PAIRS[page][:2]
    female = load_or_explain(female_id, stop=False)
    male = load_or_explain(male_id, stop=False)
    if female is None or male is None:
        available = female or male
        if available is None:
            st.stop()
        st.warning(
            f"Only {plain(in_sentence(available.info.title))} is in data/, so women and men cannot be "
            "compared and no gap is shown.",
            icon=":material/info:",
        )
        render_frames(page, [single(available)])
        return
    render_frames(page, pair_indicators(page, female, male))
