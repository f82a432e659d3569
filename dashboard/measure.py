"""The building blocks of a measure page: the page's controls bound to the URL, then one frame per
indicator (dashboard/frame.py). Measures that come as women's and men's series use dashboard/pair.py.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import streamlit as st

from dashboard import frame
from dashboard.data import Series, try_load
from dashboard.indicator import Indicator
from dashboard.markup import plain
from dashboard.state import View, current_params, default_view, parse_view, sync_url
from registry.groups import GROUPS, KOREA


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
    year_label: str = "Year",
    default_year: int | None = None,
    known: Sequence[str] = (),
) -> View:
    """Countries, year and group widgets, seeded from the URL once and written back to it.

    ``known``: the link parameters the page's frames read themselves.
    """
    extra = extra or {}
    years = years if show_year else []
    defaults = default_view(countries, years, extra, default_year)
    keys = {"countries": f"{page}_countries", "year": f"{page}_year", "group": f"{page}_group"}
    if keys["group"] not in st.session_state:
        view, notices = parse_view(current_params(), countries, years, extra, default_year, known)
        st.session_state[keys["countries"]] = view.countries
        st.session_state[keys["year"]] = view.year
        st.session_state[keys["group"]] = view.group
        for name, value in view.extra.items():
            st.session_state[f"{page}_{name}"] = value
        for notice in notices:
            st.info(f"{plain(notice)} The rest of the link was applied.", icon=":material/info:")
    if show_year and st.session_state.get(keys["year"]) not in years:
        st.session_state[keys["year"]] = defaults.year
    st.session_state[keys["countries"]] = [c for c in st.session_state[keys["countries"]] if c in countries]
    if show_year:
        left, middle, right = st.columns([3, 1, 2])
    else:
        left, right = st.columns([3, 2])
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


def countries_of(indicators: Sequence[Indicator]) -> dict[str, str]:
    """Every country any of the page's frames has, by name."""
    names: dict[str, str] = {}
    for ind in indicators:
        names.update(ind.series.countries)
    return dict(sorted(names.items(), key=lambda item: item[1]))


def render_frames(
    page: str,
    indicators: Sequence[Indicator],
    extra: Mapping[str, Sequence[str]] | None = None,
    known: Sequence[str] = (),
) -> View:
    """The page's controls (countries, group), then each indicator's frame in turn."""
    params = [*frame.link_params(list(indicators)), *known]
    view = view_controls(page, countries_of(indicators), [], extra, show_year=False, known=params)
    for index, ind in enumerate(indicators):
        frame.render(ind, index == 0, view.countries, view.group)
    return view


def single(series: Series) -> Indicator:
    """A series' own frame; counts (births) get no OECD average."""
    return Indicator(series.id, series, average=not series.info.integer)
