"""A frame's two tabs without a figure of their own: Sources (what the series is, who publishes it,
which release, how to cite it) and Download (the chart's rows, the full data with metadata, images of
the chart and the map, one-line loading snippets). dashboard/frame.py opens them.
"""

from __future__ import annotations

import json
from urllib.parse import urlencode

import streamlit as st

from dashboard import downloads
from dashboard.data import OECD_AVERAGE_NOTE, SURVEY_AVERAGE_NOTE
from dashboard.figure import Fig
from dashboard.indicator import Indicator, Shown
from dashboard.markup import plain
from dashboard.national import WHY_THEY_DIFFER, preliminary_years
from dashboard.provenance import indicator_url, provenance_text
from dashboard.revisions import join_note
from dashboard.state import current_params
from dashboard.text import pair_unit
from store.history import history_lines

Line = tuple[str, str]  # ("markdown" or "caption", Markdown whose data-derived text went through plain)


def source_lines(ind: Indicator) -> list[Line]:
    """Each series' title, unit, definition and publisher's page; provenance; how to cite; notes.

    Pure, so the static site (publish/) says the same as the Sources tab."""
    out: list[Line] = []
    for series in ind.sources:
        info = series.info
        url = indicator_url(series.id)
        name = plain(series.meta.get("dataset", info.dataset))
        out.append(("markdown", f"**{plain(info.title)}** ({plain(info.unit)}). {plain(info.definition)}"))
        if url:
            out.append(("markdown", f"Publisher's page: [{name}]({url})"))
    out.append(("markdown", provenance_text(ind.sources)))
    out.append(("caption", f"Cite as: {plain(ind.citation().removeprefix('Source: '))}"))
    if ind.average and ind.kind != "national" and not ind.series.info.integer:
        out.append(("caption", SURVEY_AVERAGE_NOTE if ind.survey else OECD_AVERAGE_NOTE))
    if ind.kind == "line" and (note := join_note(ind.series, {"layout": {"annotations": []}})):
        out.append(("caption", plain(note)))
    out += [("caption", plain(line)) for line in history_lines(ind.series.meta)]
    if ind.kind == "national":
        out.append(("markdown", WHY_THEY_DIFFER.get(ind.series.id, "")))
        if marked := sorted(preliminary_years(ind.national)):
            years = ", ".join(map(str, marked))
            out.append(
                (
                    "caption",
                    f"Statistics Korea marks {years} as preliminary: revised once that year's "
                    "registrations are final.",
                )
            )
    return out


def sources(ind: Indicator) -> None:
    """The Sources tab: ``source_lines`` as Markdown and captions."""
    for kind, text in source_lines(ind):
        if text:
            (st.caption if kind == "caption" else st.markdown)(text)


def page_url(tab_param: str = "", tab: str | None = None) -> str:
    """This view's address, for a download's metadata and an image's footer; ``tab``: the link opens
    that tab (the view the image shows), not the Download tab it was saved from."""
    base = str(st.context.url or "").split("?")[0]
    params = {k: v for k, v in current_params().items() if k != tab_param}
    if tab_param and tab:
        params[tab_param] = [tab]
    query = urlencode([(k, v) for k, values in params.items() for v in values], safe=",")  # JPN,USA
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


def download(ind: Indicator, chart: Shown, map_fig: Fig | None, tab_param: str) -> None:
    """The chart's rows as drawn, the full series with metadata, images, loading snippets.
    ``tab_param``: the frame's tab parameter in the link."""
    url = page_url(tab_param)
    unit = ind.series.info.unit
    if ind.kind == "women_men":
        unit = pair_unit(*(s.info for s in ind.series.parents))
    with st.container(horizontal=True):
        st.download_button(
            "Chart data (CSV)", downloads.chart_csv(chart.rows, unit), file_name=f"{ind.id}_chart.csv",
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
            _image_buttons(chart.fig, "Chart image", f"{ind.id}_chart", page_url(tab_param))
            if map_fig is not None:
                _image_buttons(map_fig, "Map image", f"{ind.id}_map", page_url(tab_param, "Map"))
        else:
            st.caption("Images need Chromium on the server: `sudo apt-get install -y chromium`.")
    pandas_line, r_line = downloads.snippets(ind.series.id)
    st.caption("Load the zip's data in one line:")
    st.code(pandas_line, language="python", wrap_lines=True)
    st.code(r_line, language="r", wrap_lines=True)
