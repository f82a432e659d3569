"""The building blocks of a measure page: controls bound to the URL, and the chart sections.

Pages compose these so every measure gets the same time series, ranking, map and table, with the
same provenance under each chart. Measures that come as women's and men's series add dashboard/pair.py.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd
import streamlit as st

from dashboard import charts
from dashboard.data import (
    OECD_AVERAGE_NOTE,
    SURVEY_AVERAGE_NOTE,
    Series,
    latest_survey_average,
    oecd_average,
    try_load,
    values_for_year,
)
from dashboard.maps import map_section
from dashboard.revisions import join_note
from dashboard.state import View, current_params, default_view, parse_view, sync_url
from dashboard.text import missing_sentence, plain, ranking_sentence, trend_sentence
from registry.groups import GROUPS, KOREA, country_name
from store.history import row_releases


def load_or_explain(series_id: str, *, stop: bool = True) -> Series | None:
    """The series, or a readable message naming the file and the fix (and stop the page if needed)."""
    loaded = try_load(series_id)
    if isinstance(loaded, Series):
        return loaded
    if stop:
        st.error(f"The {series_id} data cannot be shown: {plain(loaded)}")
        st.stop()
    st.warning(f"No {series_id} data in this snapshot: {plain(loaded)}", icon=":material/info:")
    return None


def view_controls(
    page: str,
    countries: Mapping[str, str],
    years: Sequence[int],
    extra: Mapping[str, Sequence[str]] | None = None,
    *,
    show_year: bool = True,
    year_label: str = "Year for ranking and map",
    default_year: int | None = None,
) -> View:
    """Countries, year and group widgets, seeded from the URL once and written back to it."""
    extra = extra or {}
    defaults = default_view(countries, years, extra, default_year)
    keys = {"countries": f"{page}_countries", "year": f"{page}_year", "group": f"{page}_group"}
    if keys["group"] not in st.session_state:
        view, notices = parse_view(current_params(), countries, years, extra, default_year)
        st.session_state[keys["countries"]] = view.countries
        st.session_state[keys["year"]] = view.year
        st.session_state[keys["group"]] = view.group
        for name, value in view.extra.items():
            st.session_state[f"{page}_{name}"] = value
        for notice in notices:
            st.info(f"{plain(notice)} The rest of the link was applied.", icon=":material/info:")
    if st.session_state.get(keys["year"]) not in years:
        st.session_state[keys["year"]] = defaults.year
    st.session_state[keys["countries"]] = [c for c in st.session_state[keys["countries"]] if c in countries]
    left, middle, right = st.columns([3, 1, 2])
    picked = left.multiselect(
        "Compare South Korea with",
        [c for c in countries if c != KOREA],
        key=keys["countries"],
        format_func=lambda c: countries.get(c, c),
        placeholder="Add countries",
    )
    year = None
    if show_year:  # a select box: a slider's value text fails contrast in the dark theme
        year = middle.selectbox(year_label, list(reversed(years)), key=keys["year"])
    group = right.radio(
        "Rank among", list(GROUPS), key=keys["group"], format_func=GROUPS.get, horizontal=True
    )
    view = View(list(picked), year, group, {name: st.session_state[f"{page}_{name}"] for name in extra})
    sync_url(view, defaults)
    return view


def lines_for(series: Series, picked: list[str]) -> list[tuple[str, str, pd.DataFrame]]:
    """Korea first, then the picked countries that have data."""
    frame = series.frame
    lines = []
    for code in [KOREA, *picked]:
        rows = frame[frame["country_code"] == code]
        if not rows.empty:
            lines.append((code, country_name(code), rows))
    return lines


def timeseries_section(
    series: Series, view: View, key: str, *, average: bool = True, points: bool = False
) -> None:
    average_of = latest_survey_average if points else oecd_average
    avg = average_of(series) if average else None
    info = series.info
    when = "by survey year" if points else "over time"
    title = f"{info.title}, {when}"
    fig = charts.time_series_figure(
        lines_for(series, view.countries),
        avg,
        title,
        info.unit,
        charts.source_line(series.sources),
        points=points,
    )
    join = join_note(series, fig)
    korea = series.frame[series.frame["country_code"] == KOREA]
    summary = trend_sentence(
        info.title, korea, avg if avg is not None else korea.iloc[0:0], info.describe_value
    )
    charts.show_chart(
        fig, key=f"{key}_ts", summary=summary, sources=series.sources, filename=f"{series.id}_over_time"
    )
    if average:
        st.caption(SURVEY_AVERAGE_NOTE if points else OECD_AVERAGE_NOTE)
    if join:
        st.caption(join)


def year_values(series: Series, view: View, tolerance: int | None = 0) -> pd.DataFrame:
    year = view.year if view.year is not None else series.latest_year
    return values_for_year(series, year, view.group, tolerance)


def ranking_section(series: Series, view: View, key: str, shown: pd.DataFrame) -> None:
    year = view.year if view.year is not None else series.latest_year
    if note := missing_sentence(series, year, view.group, len(shown)):
        st.warning(note, icon=":material/info:")
    if shown.empty:
        return
    top = shown if view.group == "oecd" or len(shown) <= 40 else top_and_korea(shown, 30)
    title = f"{series.info.title}, {year}: {GROUPS[view.group]}"
    fig = charts.ranking_figure(
        top, title, series.info.unit, charts.source_line(series.sources), series.info.describe_value
    )
    summary = ranking_sentence(series, shown, year, view.group)
    charts.show_chart(
        fig,
        key=f"{key}_rank",
        summary=summary,
        sources=series.sources,
        filename=f"{series.id}_{year}_ranking",
    )
    if len(top) < len(shown):
        st.caption(
            f"The chart shows the top 30 and South Korea; all {len(shown)} countries are in the table."
        )


def top_and_korea(shown: pd.DataFrame, n: int) -> pd.DataFrame:
    return shown[(shown.index < n) | (shown["country_code"] == KOREA)]


FLOAT_NOISE_DECIMALS = 9


def table_section(
    series: Series, shown: pd.DataFrame, view: View, key: str, extra_columns: dict[str, str]
) -> None:
    """The rows behind the ranking and map, exactly as downloaded."""
    info = series.info
    table = shown.reset_index(drop=True).copy()
    table.insert(0, "rank", range(1, len(table) + 1))
    columns = {
        "rank": "Rank",
        "country": "Country",
        "country_code": "Code",
        "year": "Year of data",
        "value": f"{info.title} ({info.unit})",
        **extra_columns,
    }
    if series.meta.get("history"):  # a long history: rows come from more than one release
        table["release"] = row_releases(table, series.meta).to_numpy()
        columns["release"] = "Release"
    table = table[[c for c in columns if c in table.columns]].rename(columns=columns)
    # The publisher's values, unrounded (9 decimals only clears float noise from computed gaps).
    for column in ("value", *extra_columns):
        table[columns[column]] = table[columns[column]].round(FLOAT_NOISE_DECIMALS)
    year = view.year if view.year is not None else series.latest_year
    charts.show_table(
        table,
        key=f"{key}_data",
        filename=f"{series.id}_{year}_{view.group}.csv",
        caption=f"Data behind the ranking and map: {GROUPS[view.group]}, {year}.",
    )


def render_single(
    series: Series,
    view: View,
    key: str,
    *,
    average: bool = True,
    points: bool = False,
    tolerance: int | None = 0,
) -> None:
    """Time series, ranking, map and table of one series."""
    timeseries_section(series, view, key, average=average, points=points)
    shown = year_values(series, view, tolerance)
    ranking_section(series, view, key, shown)
    map_section(series, view, key, shown, tolerance)
    table_section(series, shown, view, key, {})
