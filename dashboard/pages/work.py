"""Work page: labour force participation of women and men (ILO modelled estimates via the World Bank)."""

from __future__ import annotations

import streamlit as st

from dashboard import pair


def render() -> None:
    st.title("Work: labour force participation")
    st.markdown(
        "Share of women and of men aged 15 and over who are in the labour force (working or looking for "
        "work), in %, ILO modelled estimates published by the World Bank. The gap is women's rate minus "
        "men's, in percentage points."
    )
    pair.render_pair("work")


if __name__ == "__main__":
    render()
