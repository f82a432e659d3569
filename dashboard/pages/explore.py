"""Explore page: any registry series (series/*.toml), even one just added, charted like a measure page.

The series is in the link (``/explore?series=ID``); an unknown id, or a series not yet fetched into
data/, gets a sentence saying so and what to do, never an error.
"""

from __future__ import annotations

import streamlit as st

from dashboard import measure
from dashboard.data import Series, try_load
from dashboard.markup import plain
from dashboard.routes import link, page_of
from registry.catalogue import current

KEY = "explore_series"


def _requested(ids: list[str]) -> str:
    """The series from the widget, else the link; an unknown id falls back to the first, with a notice."""
    wanted = st.session_state.get(KEY) or st.query_params.get("series")
    if wanted and wanted not in ids:
        st.info(
            f"No series “{plain(str(wanted)[:40])}” in the registry (series/*.toml); "
            f"showing {plain(current().info(ids[0]).title)}. "
            "Add one with `python -m fetch add worldbank CODE`.",
            icon=":material/info:",
        )
        wanted = None
    series_id = wanted or ids[0]
    if st.query_params.get("series", ids[0]) != series_id:
        st.query_params["series"] = series_id  # the link names the series before the view is read from it
    return series_id


def _picker(ids: list[str]) -> None:
    st.selectbox("Series", ids, key=KEY, format_func=lambda s: f"{current().info(s).title} ({s})")


def render() -> None:
    st.title("Explore a series")
    ids = list(current())
    series_id = _requested(ids)
    loaded = try_load(series_id)
    if not isinstance(loaded, Series):
        st.session_state.setdefault(KEY, series_id)
        _picker(ids)
        st.warning(
            f"{plain(current().info(series_id).title)} (`{series_id}`) is in the registry but not in data/: "
            f"{plain(loaded)} Fetch it with `python -m fetch {series_id}`.",
            icon=":material/info:",
        )
        return
    info = loaded.info
    st.session_state.setdefault(KEY, series_id)
    _picker(ids)
    st.markdown(plain(info.definition))
    page = page_of(info.page)
    if page is not None and page.route != "explore":
        link(page, f"This series has its own page: {page.title}")
    if info.integer:
        st.caption("Counts are not averaged across countries: no OECD average is drawn.")
    measure.render_frames("explore", [measure.single(loaded)], known=["series"])


if __name__ == "__main__":
    render()
