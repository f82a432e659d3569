"""One frame per indicator, as Our World in Data's grapher: Chart · Map · Table · Sources · Download.

A frame has one title, its heading: the open tab's title (with its years) and unit, so the figure on
screen drops its own (dashboard/figure.py ``on_screen``; images keep them). The open tab, the years
shown, the map's year and region and the toggles are in the link: the page's first frame uses
grapher's own names (``tab=Map&time=1990..2020&year=2015&region=Europe``), each further frame the
same names after its id (``births_tab=Map``). Only the open tab is computed (tabs bound to the URL
rerun on a switch), and each tab's figure, rows and sentence are computed once per view and data
version (dashboard/views.py), so a rerun recomputes nothing. The Sources and Download tabs live in
dashboard/tabs.py.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import streamlit as st

from dashboard import indicator, tables, tabs, views
from dashboard.figure import Prebuilt, on_screen, titles
from dashboard.indicator import CHART, DOWNLOAD, MAP, SOURCES, TABLE, Indicator, Shown
from dashboard.linechart import ChartView
from dashboard.maps import REGIONS, zoom
from dashboard.markup import plain
from dashboard.revisions import join_note
from dashboard.state import FRAME_PARAMS, current_params, parse_number, parse_time, sync_params, time_param
from dashboard.text import unbroken_spans

TOPOJSON_URL = "app/static/topojson/"  # relative, so it works under any base URL path
COUNTRY_PX = 140  # the table's country column


def prefix(ind: Indicator, first: bool) -> str:
    return "" if first else f"{ind.id}_"


def link_params(indicators: list[Indicator]) -> list[str]:
    """Every link parameter the page's frames read (so none is reported as unknown)."""
    return [prefix(ind, i == 0) + name for i, ind in enumerate(indicators) for name in FRAME_PARAMS]


def plot_config(filename: str) -> dict:
    """No toolbar over the title (images are in the Download tab); map outlines served locally."""
    from dashboard.charts import topojson_available

    config = {"displayModeBar": False, "responsive": True, "toImageButtonOptions": {"filename": filename}}
    if topojson_available():
        config["topojsonURL"] = TOPOJSON_URL
    return config


def _seed(ind: Indicator, pre: str) -> None:
    """Read the frame's view from the link once per visit; anything unreadable falls back, said once."""
    key = f"frame_{ind.id}"
    if f"{key}_seeded" in st.session_state:
        return
    st.session_state[f"{key}_seeded"] = True
    params, years = current_params(), ind.years
    if f"{pre}time" in params:
        raw = params[f"{pre}time"][-1]
        span = parse_time(raw, years)
        if span is None:
            st.info(
                f"No data for years “{plain(raw[:20])}”; showing {years[0]}–{years[-1]}.",
                icon=":material/info:",
            )
        else:
            st.session_state[f"{key}_start"], st.session_state[f"{key}_end"] = span
    if f"{pre}year" in params:
        raw = params[f"{pre}year"][-1]
        if parse_number(raw) in ind.series.years:
            st.session_state[f"{key}_year"] = parse_number(raw)
        else:
            shown = ind.series.default_year
            st.info(
                f"No data for year “{plain(raw.strip()[:12])}”; showing {shown} instead.",
                icon=":material/info:",
            )
    if f"{pre}region" in params:
        raw = params[f"{pre}region"][-1]
        region = next((r for r in REGIONS if r.lower() == raw.strip().lower().replace("_", " ")), None)
        if region is None:
            st.info(f"No map region “{plain(raw[:20])}”; showing the world.", icon=":material/info:")
        st.session_state[f"{key}_region"] = region or "World"
    for name in ("change", "log"):
        st.session_state[f"{key}_{name}"] = params.get(f"{pre}{name}", ["0"])[-1] == "1"
    wanted = params.get(f"{pre}tab", [""])[-1]
    label = next((t for t in ind.tabs if t.lower() == wanted.lower()), None)
    if label and label != wanted:
        st.session_state[f"{pre}tab"] = label  # grapher's lowercase ``tab=map`` opens Map too
    elif wanted and label is None:
        st.info(f"No tab “{plain(wanted[:20])}” here; showing {ind.tabs[0]}.", icon=":material/info:")


def _prepare(ind: Indicator) -> None:
    """Before any widget of the frame exists: values a link or another series left invalid are reset."""
    key, years = f"frame_{ind.id}", ind.years
    for end, default in (("start", years[0]), ("end", years[-1])):
        if st.session_state.get(f"{key}_{end}") not in years:
            st.session_state[f"{key}_{end}"] = default
    if st.session_state.get(f"{key}_year") not in ind.series.years:
        st.session_state[f"{key}_year"] = ind.series.default_year
    if st.session_state.get(f"{key}_region") not in REGIONS:
        st.session_state[f"{key}_region"] = "World"


def chart_view(ind: Indicator) -> ChartView | None:
    """The Chart tab's years and toggles, from session state (the widgets write them there)."""
    if ind.survey:
        return None
    key = f"frame_{ind.id}"
    start, end = st.session_state[f"{key}_start"], st.session_state[f"{key}_end"]
    change, log = (bool(st.session_state.get(f"{key}_{name}")) for name in ("change", "log"))
    return ChartView(int(start), int(end), change, log and ind.can_log())


def map_year(ind: Indicator) -> int | None:
    """The Map and Table tabs' year (None for survey series: each country's latest survey)."""
    if ind.survey or ind.kind == "national":
        return None
    return int(st.session_state[f"frame_{ind.id}_year"])


def _sync(ind: Indicator, pre: str) -> None:
    key, years, wanted = f"frame_{ind.id}", ind.years, {}
    view = chart_view(ind)
    if view is not None and (view.start, view.end) != (years[0], years[-1]):
        wanted[f"{pre}time"] = time_param(view.start, view.end)
    year = map_year(ind)
    if year is not None and year != ind.series.default_year:
        wanted[f"{pre}year"] = str(year)
    if (region := st.session_state[f"{key}_region"]) != "World":
        wanted[f"{pre}region"] = region
    if view is not None and view.change:
        wanted[f"{pre}change"] = "1"
    if view is not None and view.log:  # only where a log scale is offered
        wanted[f"{pre}log"] = "1"
    sync_params(wanted, [f"{pre}{n}" for n in FRAME_PARAMS if n != "tab"])


def _chart_controls(ind: Indicator) -> None:
    key, years = f"frame_{ind.id}", ind.years
    if ind.survey or len(years) < 2:
        return
    # The years shown as two select boxes, not a range slider: a slider's value labels are drawn in
    # the primary colour, which fails contrast on the dark theme (axe-core), as on the page's Year.
    with st.container(horizontal=True, vertical_alignment="bottom"):
        for end, label in (("start", "From"), ("end", "To")):
            st.selectbox(
                label, years, key=f"{key}_{end}", on_change=_keep_order, args=(key, end),
                persist_state="page", width=105,
            )  # fmt: skip
        st.toggle("Change since start", key=f"{key}_change", persist_state="page")
        if ind.can_log():
            st.toggle("Log scale", key=f"{key}_log", persist_state="page")


def _keep_order(key: str, moved: str) -> None:
    """A start after the end (or an end before the start) takes the other with it."""
    start, end = st.session_state[f"{key}_start"], st.session_state[f"{key}_end"]
    if start > end:
        st.session_state[f"{key}_{'end' if moved == 'start' else 'start'}"] = st.session_state[
            f"{key}_{moved}"
        ]


def _year_control(ind: Indicator, region: bool = False) -> None:
    """The Map's and Table's year (none for a survey series) and, on the Map, the region it shows."""
    with st.container(horizontal=True):
        if map_year(ind) is not None:
            years = list(reversed(ind.series.years))
            st.selectbox("Year", years, key=f"frame_{ind.id}_year", persist_state="page", width=120)
        if region:
            key = f"frame_{ind.id}_region"
            st.selectbox("Region", list(REGIONS), key=key, persist_state="page", width=170)


Heading = tuple[str, str]  # the frame's title and the caption under it (the unit)


def show_figure(shown: Shown, key: str, filename: str, citation: str) -> Heading:
    """The figure (its title and unit go to the frame's heading), the sentence that says what it
    shows (also its accessible description) and a one-line citation."""
    st.plotly_chart(
        Prebuilt(on_screen(shown.fig)), key=key, config=plot_config(filename), alt=shown.summary,
        width="stretch",
    )  # fmt: skip
    st.markdown(plain(shown.summary))
    st.caption(plain(citation))
    return titles(shown.fig)


def _cached(ind: Indicator, tab: str, choices: tuple, compute: Callable[[], Shown]) -> Shown:
    """The tab's figure, rows and sentence, once per view (dashboard/views.py)."""
    what = f"{ind.id}:{ind.kind}:{ind.average}:{tab}"
    return views.cached(what, views.version(ind.series, ind.national), choices, compute)


def map_shown(ind: Indicator, group: str, year: int | None) -> Shown:
    """The map for the group and year, over the region the reader chose."""

    def compute() -> Shown:
        return indicator.world_map(ind, group, year, indicator.build_map(ind, group, year))

    shown = _cached(ind, MAP, (group, year), compute)
    return replace(shown, fig=zoom(shown.fig, st.session_state[f"frame_{ind.id}_region"]))


def chart_shown(ind: Indicator, countries: list[str], group: str) -> Shown:
    """The Chart tab's figure, rows and sentence (the chart image and data download the same)."""
    view = chart_view(ind)

    def compute() -> Shown:
        shown = indicator.chart(ind, countries, group, view)
        if ind.kind == "line" and not ind.survey:
            join_note(ind.series, shown.fig)  # shades the years from an earlier release (said in Sources)
        return shown

    return _cached(ind, CHART, (tuple(countries), group, view), compute)


def _chart_tab(ind: Indicator, countries: list[str], group: str, pre: str) -> Heading:
    _chart_controls(ind)
    shown = chart_shown(ind, countries, group)
    return show_figure(shown, f"{ind.id}_chart", f"{ind.id}_chart", ind.citation())


def _map_tab(ind: Indicator, countries: list[str], group: str, pre: str) -> Heading:
    _year_control(ind, region=True)
    year = map_year(ind)
    shown = map_shown(ind, group, year)
    title, subtitle = show_figure(shown, f"{ind.id}_map", f"{ind.id}_map", ind.citation())
    return (ind.title, subtitle) if year is not None else (title, subtitle)  # the map names its year


def _table_tab(ind: Indicator, countries: list[str], group: str, pre: str) -> Heading:
    _year_control(ind)
    year = map_year(ind)
    shown = _cached(ind, TABLE, (group, year), lambda: indicator.table(ind, group, year))
    st.markdown(plain(shown.summary))
    config = {
        # a fixed width, so a long name ("Saint Vincent and the Grenadines") never pushes the value
        # off a phone's screen; the value comes next
        "Country": st.column_config.TextColumn(pinned=True, width=COUNTRY_PX),
        "Code": st.column_config.TextColumn(width="small"),
    }
    style = tables.styled(shown.rows, tables.decimals_of(shown.rows, ind.series))
    height = min(420, 35 * len(shown.rows) + 40)
    st.dataframe(style, hide_index=True, key=f"{ind.id}_table", height=height, column_config=config)
    return shown.heading


def _sources_tab(ind: Indicator, countries: list[str], group: str, pre: str) -> Heading:
    tabs.sources(ind)
    return ind.title, ""


def _download_tab(ind: Indicator, countries: list[str], group: str, pre: str) -> Heading:
    map_fig = map_shown(ind, group, map_year(ind)).fig if MAP in ind.tabs else None
    tabs.download(ind, chart_shown(ind, countries, group), map_fig, f"{pre}tab")
    return ind.title, ""


TABS = {CHART: _chart_tab, MAP: _map_tab, TABLE: _table_tab, SOURCES: _sources_tab, DOWNLOAD: _download_tab}


def render(ind: Indicator, first: bool, countries: list[str], group: str) -> None:
    """The frame: one heading (the open tab's title, as its figure would have it, and the unit), the
    tabs (the open one bound to the link) and the open tab's content."""
    pre = prefix(ind, first)
    _seed(ind, pre)
    _prepare(ind)
    with st.container(border=True, key=f"frame_{ind.id}"):
        heading = st.container()
        opened = st.tabs(list(ind.tabs), key=f"{pre}tab", bind="query-params")
        title, subtitle = ind.title, ""
        for label, tab in zip(ind.tabs, opened, strict=True):
            if tab.open is not False:
                with tab:
                    title, subtitle = TABS[label](ind, countries, group, pre)
        with heading:
            st.markdown(f"#### {plain(unbroken_spans(title))}")
            if subtitle:
                st.caption(plain(subtitle))
    _sync(ind, pre)
