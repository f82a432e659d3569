"""Births & fertility page: fertility rate, crude birth rate and the number of births, one at a time.

For the number of births and the fertility rate, Statistics Korea's own figures for Korea follow.
"""

from __future__ import annotations

import streamlit as st

from dashboard import measure, national
from registry.catalogue import series_info

MEASURES = ("fertility_rate", "birth_rate", "births")


def render() -> None:
    st.title("Births & fertility")
    picked = st.session_state.get("births_measure") or st.query_params.get("measure", MEASURES[0])
    series_id = picked if picked in MEASURES else MEASURES[0]
    series = measure.load_or_explain(series_id)
    view = measure.view_controls(
        "births", series.countries, series.years, {"measure": MEASURES}, default_year=series.default_year
    )
    st.radio(
        "Measure", MEASURES, key="births_measure", horizontal=True, format_func=lambda s: series_info(s).title
    )
    st.markdown(series.info.definition)
    counts = series.info.integer
    if counts:
        st.caption("Counts of births are not averaged across countries: no OECD average is drawn.")
    measure.render_single(series, view, "births", average=not counts)
    if series_id in national.NATIONAL:  # Statistics Korea's own figure for Korea, beside this one
        korea = measure.load_or_explain(national.NATIONAL[series_id], stop=False)
        if korea is not None:
            national.section(series, korea, "births")


if __name__ == "__main__":
    render()
