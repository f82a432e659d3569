"""Measures that come as women's and men's series (work, unpaid care): both lines, their gap, and
the gap charted like any other measure (ranking as a dumbbell, map and table).

Built on the single-series sections of dashboard.measure.
"""

from __future__ import annotations

from dataclasses import replace

import pandas as pd
import streamlit as st

from dashboard import charts
from dashboard.data import Series, latest_survey_average, oecd_average, pair_frame
from dashboard.maps import map_section
from dashboard.measure import (
    load_or_explain,
    render_single,
    table_section,
    timeseries_section,
    view_controls,
    year_values,
)
from dashboard.state import View
from dashboard.text import in_sentence, missing_sentence, ranking_sentence
from registry.groups import KOREA


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
        title=f"Gap in {topic}, women minus men",
        unit=unit,
        short_unit=short_unit,
        min_value=-span,
        max_value=span,
        sex=None,
        pair=None,
    )
    return Series(info.id, frame, info, female.meta, female.key, (female, male))


def pair_unit(female: Series, male: Series) -> str:
    """One unit line for a women-and-men chart ("% of population ages 15+, each sex")."""
    if female.info.unit == male.info.unit:
        return female.info.unit
    return f"{female.info.unit.replace('female ', '')}, each sex"


def women_men_section(female: Series, male: Series, key: str, *, points: bool = False) -> None:
    """South Korea's and the OECD average's values for women and men, side by side over time."""
    lines = []
    for who, s in (("women", female), ("men", male)):
        korea = s.frame[s.frame["country_code"] == KOREA]
        lines.append((KOREA, f"South Korea, {who}", korea))
        lines.append(("AVG", f"OECD average, {who}", (latest_survey_average if points else oecd_average)(s)))
    fig = charts.pair_figure(
        lines,
        f"{female.info.title.split(',')[0]}: women and men",
        pair_unit(female, male),
        charts.source_line([female, male]),
        points,
    )
    k_f, k_m = lines[0][2], lines[2][2]
    if k_f.empty or k_m.empty:
        summary = "No data for South Korea for both women and men."
    else:
        last_f, last_m = k_f.iloc[-1], k_m[k_m["year"] == k_f.iloc[-1]["year"]]
        m_text = (
            female.info.describe_value(float(last_m["value"].iloc[0])) if not last_m.empty else "no figure"
        )
        summary = (
            f"In {int(last_f['year'])}, the figure for South Korean women was "
            f"{female.info.describe_value(last_f['value'])} against {m_text} for men."
        )
    charts.show_chart(
        fig, key=f"{key}_wm", summary=summary, sources=[female, male], filename=f"{key}_women_men"
    )


def dumbbell_section(gap: Series, view: View, key: str, shown: pd.DataFrame, survey: bool) -> None:
    """Women and men side by side for each country in the chosen year (or latest survey)."""
    if shown.empty:
        return
    labels = [f"{n} ({y})" if survey else n for n, y in zip(shown["country"], shown["year"], strict=True)]
    when = "latest survey" if survey else str(view.year)
    title = f"{gap.info.title.split(',')[0].replace('Gap in ', '').capitalize()}: women and men, {when}"
    fig = charts.dumbbell_figure(
        shown, title, gap.info.unit.split(" (")[0], charts.source_line(gap.sources), labels
    )
    summary = ranking_sentence(gap, shown, view.year or gap.latest_year, view.group)
    charts.show_chart(
        fig, key=f"{key}_dumbbell", summary=summary, sources=gap.sources, filename=f"{key}_women_men_{when}"
    )


def render_pair(
    page: str, female_id: str, male_id: str, topic: str, unit: str, short_unit: str, *, survey: bool = False
) -> None:
    """A page for a measure that comes as women's and men's series: both, their gap, and the gap's map.

    If one of the pair is missing from data/, the page says so and shows the one it has.
    """
    female = load_or_explain(female_id, stop=False)
    male = load_or_explain(male_id, stop=False)
    if female is None or male is None:
        available = female or male
        if available is None:
            st.stop()
        st.warning(
            f"Only {in_sentence(available.info.title)} is in data/, so women and men cannot be compared "
            "and no gap is shown.",
            icon=":material/info:",
        )
        view = view_controls(
            page,
            available.countries,
            available.years,
            show_year=not survey,
            default_year=available.default_year,
        )
        render_single(available, view, page, points=survey, tolerance=None if survey else 0)
        return
    gap = gap_series(female, male, topic, unit, short_unit)
    view = view_controls(page, gap.countries, gap.years, show_year=not survey, default_year=gap.default_year)
    women_men_section(female, male, page, points=survey)
    tolerance = None if survey else 0
    timeseries_section(gap, view, f"{page}_gap", points=survey)
    shown = year_values(gap, view, tolerance)
    if not survey and (note := missing_sentence(gap, view.year or gap.latest_year, view.group, len(shown))):
        st.warning(note, icon=":material/info:")
    dumbbell_section(gap, view, page, shown, survey)
    map_section(gap, view, f"{page}_gap", shown, tolerance)
    extra = {"value_f": f"Women ({female.info.unit})", "value_m": f"Men ({male.info.unit})"}
    table_section(gap, shown, view, page, extra)
