"""Pay gap page: the OECD gender wage gap in one frame (chart, map, table, sources, download)."""

from __future__ import annotations

import streamlit as st

from dashboard import measure
from dashboard.markup import plain


def render() -> None:
    st.title("Gender pay gap")
    series = measure.load_or_explain("pay_gap")
    st.markdown(f"{plain(series.info.definition)} A positive gap means women earn less than men.")
    measure.render_frames("pay_gap", [measure.single(series)])


if __name__ == "__main__":
    render()
