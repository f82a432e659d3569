"""Unpaid care page: minutes a day of unpaid work by women and men, from each country's time-use survey."""

from __future__ import annotations

import streamlit as st

from dashboard import pair


def render() -> None:
    st.title("Unpaid care and domestic work")
    st.markdown(
        "Minutes a day that women and men aged 15-64 spend on unpaid work: housework, caring for household "
        "members, shopping and related travel (OECD Time Use Database). Each country has one survey, run in "
        "its own year, so countries are compared survey by survey, each labelled with its year, never on "
        "a time axis. The gap is women's minutes minus men's."
    )
    pair.render_pair("unpaid_care")


if __name__ == "__main__":
    render()
