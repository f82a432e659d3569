"""Pay gap page: OECD gender wage gap, Korea against OECD members over time, by year and on a map."""

from __future__ import annotations

import streamlit as st

from dashboard import measure


def render() -> None:
    st.title("Gender pay gap")
    series = measure.load_or_explain("pay_gap")
    st.markdown(f"{series.info.definition} A positive gap means women earn less than men.")
    view = measure.view_controls("pay_gap", series.countries, series.years, default_year=series.default_year)
    measure.render_single(series, view, "pay_gap")


if __name__ == "__main__":
    render()
