"""Births & fertility page: the fertility rate, the crude birth rate and the number of births, a frame
each, with Statistics Korea's own figures for Korea after the measure they belong to.

An old link's ``measure=ID`` puts that measure's frame first.
"""

from __future__ import annotations

import streamlit as st

from dashboard import measure
from dashboard.indicator import Indicator
from dashboard.national import NATIONAL, SHORT_NAMES

MEASURES = ("fertility_rate", "birth_rate", "births")


def indicators(first: str | None = None) -> list[Indicator]:
    """Each measure's frame, Statistics Korea's after the measure it belongs to; ``first`` leads."""
    order = sorted(MEASURES, key=lambda m: m != first)
    out = []
    for series_id in order:
        series = measure.load_or_explain(series_id, stop=False)
        if series is None:
            continue
        out.append(measure.single(series))
        if series_id in NATIONAL and (korea := measure.load_or_explain(NATIONAL[series_id], stop=False)):
            out.append(Indicator(korea.id, series, "national", korea, SHORT_NAMES[series_id], False))
    return out


def render() -> None:
    st.title("Births & fertility")
    frames = indicators(st.query_params.get("measure"))
    if not frames:
        st.stop()
    st.caption(
        "Counts of births are not averaged across countries: their chart draws no OECD average. "
        "Statistics Korea's registered figures for South Korea follow the international series."
    )
    measure.render_frames("births", frames, known=["measure"])


if __name__ == "__main__":
    render()
