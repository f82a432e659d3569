"""One frame per indicator, as Our World in Data's grapher: Chart · Map · Table · Sources · Download.

The open tab, the years shown, the map's year and the toggles are in the link: the page's first frame
uses grapher's own names (``tab=Map&time=1990..2020&year=2015``), each further frame the same names
after its id (``births_tab=Map``). Only the open tab is computed (tabs bound to the URL rerun on a
switch), and what is the same for every viewer (maps, images) is cached.
"""

from __future__ import annotations

import json
from urllib.parse import urlencode

import streamlit as st

from dashboard import downloads, indicator, tables
from dashboard.data import OECD_AVERAGE_NOTE, SURVEY_AVERAGE_NOTE
from dashboard.figure import Fig, Prebuilt
from dashboard.indicator import CHART, DOWNLOAD, MAP, SOURCES, TABLE, Indicator, Shown
from dashboard.linechart import ChartView
from dashboard.national import WHY_THEY_DIFFER, preliminary_years
from dashboard.provenance import indicator_url, provenance_text
from dashboard.revisions import join_note
from dashboard.state import FRAME_PARAMS, current_params, parse_number, parse_time, sync_params, time_param
from dashboard.text import plain
from tidy.history import history_lines

TOPOJSON_URL = "app/static/topojson/"  # relative, so it works under any base URL path


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
            st.session_state[f"{key}_time"] = span
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
    for name in ("change", "log"):
        st.session_state[f"{key}_{name}"] = params.get(f"{pre}{name}", ["0"])[-1] == "1"
    wanted = params.get(f"{pre}tab", [""])[-1]
    label = next((t for t in ind.tabs if t.lower() == wanted.lower()), None)
    if label and label != wanted:
        st.session_state[f"{pre}tab"] = label  # grapher's lowercase ``tab=map`` opens Map too


def _prepare(ind: Indicator) -> None:
    """Before any widget of the frame exists: values a link or another series left invalid are reset."""
    key, years = f"frame_{ind.id}", ind.years
    span = st.session_state.get(f"{key}_time")
    if not (isinstance(span, list | tuple) and len(span) == 2 and span[0] in years and span[1] in years):
        st.session_state[f"{key}_time"] = (years[0], years[-1])
    if st.session_state.get(f"{key}_year") not in ind.series.years:
        st.session_state[f"{key}_year"] = ind.series.default_year


def chart_view(ind: Indicator) -> ChartView | None:
    """The Chart tab's years and toggles, from session state (the widgets write them there)."""
    if ind.survey:
        return None
    key = f"frame_{ind.id}"
    start, end = st.session_state[f"{key}_time"]
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
    for name in ("change", "log"):
        if st.session_state.get(f"{key}_{name}"):
            wanted[f"{pre}{name}"] = "1"
    sync_params(wanted, [f"{pre}{n}" for n in FRAME_PARAMS if n != "tab"])


def _chart_controls(ind: Indicator) -> None:
    key, years = f"frame_{ind.id}", ind.years
    if ind.survey or len(years) < 2:
        return
    left, right = st.columns([3, 2], vertical_alignment="bottom")
    left.select_slider("Years shown", years, key=f"{key}_time", persist_state="page")
    with right.container(horizontal=True):
        st.toggle("Change since start", key=f"{key}_change", persist_state="page")
        if ind.can_log():
            st.toggle("Log scale", key=f"{key}_log", persist_state="page")


def _year_control(ind: Indicator) -> None:
    if map_year(ind) is not None:
        years = list(reversed(ind.series.years))
        st.selectbox("Year", years, key=f"frame_{ind.id}_year", persist_state="page", width=160)


def show_figure(shown: Shown, key: str, filename: str, citation: str) -> None:
    """The figure, the sentence that says what it shows (also its accessible description) and a
    one-line citation."""
    st.plotly_chart(
        Prebuilt(shown.fig), key=key, config=plot_config(filename), alt=shown.summary, width="stretch"
    )
    st.markdown(f"**{plain(shown.summary)}**")
    st.caption(plain(citation))


@st.cache_data(show_spinner=False, max_entries=64)
def _map(_ind: Indicator, cache_id: tuple, group: str, year: int | None) -> Fig:
    """Built once per data version, group and year: the same for every viewer."""
    return indicator.build_map(_ind, group, year)


def map_of(ind: Indicator, group: str, year: int | None) -> Fig:
    series = ind.series
    cache_id = (ind.id, series.key, tuple(p.key for p in series.parents))
    return _map(ind, cache_id, group, year)


def _chart_tab(ind: Indicator, countries: list[str], group: str) -> None:
    _chart_controls(ind)
    shown = indicator.chart(ind, countries, group, chart_view(ind))
    if ind.kind == "line" and not ind.survey:
        join_note(ind.series, shown.fig)  # shades the years from an earlier release (said in Sources)
    show_figure(shown, f"{ind.id}_chart", f"{ind.id}_chart", ind.citation())


def _map_tab(ind: Indicator, countries: list[str], group: str) -> None:
    _year_control(ind)
    year = map_year(ind)
    shown = indicator.world_map(ind, group, year, map_of(ind, group, year))
    show_figure(shown, f"{ind.id}_map", f"{ind.id}_map", ind.citation())


def _table_tab(ind: Indicator, countries: list[str], group: str) -> None:
    _year_control(ind)
    shown = indicator.table(ind, group, map_year(ind))
    st.markdown(f"**{plain(shown.summary)}**")
    config = {
        "Country": st.column_config.TextColumn(pinned=True),
        "Code": st.column_config.TextColumn(width="small"),
    }
    style = tables.styled(shown.rows, tables.decimals_of(shown.rows, ind.series))
    height = min(420, 35 * len(shown.rows) + 40)
    st.dataframe(style, hide_index=True, key=f"{ind.id}_table", height=height, column_config=config)


def _sources_tab(ind: Indicator, countries: list[str], group: str) -> None:
    for series in ind.sources:
        info = series.info
        url = indicator_url(series.id)
        name = plain(series.meta.get("dataset", info.dataset))
        st.markdown(f"**{plain(info.title)}** ({plain(info.unit)}). {plain(info.definition)}")
        if url:
            st.markdown(f"Publisher's page: [{name}]({url})")
    st.markdown(provenance_text(ind.sources))
    st.caption(f"Cite as: {plain(ind.citation().removeprefix('Source: '))}")
    if ind.average and ind.kind != "national" and not ind.series.info.integer:
        st.caption(SURVEY_AVERAGE_NOTE if ind.survey else OECD_AVERAGE_NOTE)
    if ind.kind == "line" and (note := join_note(ind.series, {"layout": {"annotations": []}})):
        st.caption(plain(note))
    for line in history_lines(ind.series.meta):
        st.caption(plain(line))
    if ind.kind == "national":
        st.markdown(WHY_THEY_DIFFER.get(ind.series.id, ""))
        if marked := sorted(preliminary_years(ind.national)):
            years = ", ".join(map(str, marked))
            st.caption(
                f"Statistics Korea marks {years} as preliminary: revised once that year's registrations "
                "are final."
            )


def page_url() -> str:
    """This view's address, for the footer of a downloaded image."""
    base = str(st.context.url or "").split("?")[0]
    query = urlencode([(k, v) for k, values in current_params().items() for v in values])
    return base + ("?" + query if query else "")


@st.cache_data(show_spinner=False, max_entries=32)
def _image(fig_json: str, fmt: str) -> bytes:
    return downloads.image(json.loads(fig_json), fmt)


def _image_buttons(fig: Fig, name: str, key: str, url: str) -> None:
    payload = json.dumps(downloads.static_figure(fig, url))
    for fmt in ("png", "svg"):
        st.download_button(
            f"{name} ({fmt.upper()})",
            lambda fmt=fmt: _image(payload, fmt),
            file_name=f"{key}.{fmt}",
            mime="image/png" if fmt == "png" else "image/svg+xml",
            key=f"{key}_{fmt}",
            on_click="ignore",
            icon=":material/image:",
        )


def _download_tab(ind: Indicator, countries: list[str], group: str) -> None:
    url = page_url()
    shown = indicator.chart(ind, countries, group, chart_view(ind))
    unit = ind.series.info.unit if ind.kind != "women_men" else ind.series.parents[0].info.unit
    with st.container(horizontal=True):
        st.download_button(
            "Chart data (CSV)", downloads.chart_csv(shown.rows, unit), file_name=f"{ind.id}_chart.csv",
            mime="text/csv", key=f"{ind.id}_chart_csv", on_click="ignore", icon=":material/table:",
        )  # fmt: skip
        st.download_button(
            "Full data and metadata (zip)", lambda: downloads.series_zip(ind.series, url),
            file_name=f"{ind.series.id}.zip", mime="application/zip", key=f"{ind.id}_zip",
            on_click="ignore", icon=":material/folder_zip:",
        )  # fmt: skip
    st.caption("Chart data: the rows drawn on the Chart tab, for the countries and years shown.")
    with st.container(horizontal=True):
        if downloads.browser_available():
            _image_buttons(shown.fig, "Chart image", f"{ind.id}_chart", url)
            if MAP in ind.tabs:
                year = map_year(ind)
                _image_buttons(map_of(ind, group, year), "Map image", f"{ind.id}_map", url)
        else:
            st.caption("Images need Chromium on the server: `sudo apt-get install -y chromium`.")
    pandas_line, r_line = downloads.snippets(ind.series.id)
    st.caption("Load the zip's data in one line:")
    st.code(pandas_line, language="python")
    st.code(r_line, language="r")


TABS = {CHART: _chart_tab, MAP: _map_tab, TABLE: _table_tab, SOURCES: _sources_tab, DOWNLOAD: _download_tab}


def render(ind: Indicator, first: bool, countries: list[str], group: str) -> None:
    """The frame: its title, the tabs (the open one bound to the link) and the open tab's content."""
    pre = prefix(ind, first)
    _seed(ind, pre)
    _prepare(ind)
    with st.container(border=True, key=f"frame_{ind.id}"):
        st.subheader(plain(ind.title), anchor=ind.id)
        tabs = st.tabs(list(ind.tabs), key=f"{pre}tab", bind="query-params")
        for label, tab in zip(ind.tabs, tabs, strict=True):
            if tab.open is not False:
                with tab:
                    TABS[label](ind, countries, group)
    _sync(ind, pre)
