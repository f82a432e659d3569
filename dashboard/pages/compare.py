"""Compare page: one measure against another across countries, for a chosen year."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import charts, measure
from dashboard.data import Series, try_load, values_for_year
from dashboard.text import in_sentence
from tidy.catalog import series_info
from tidy.groups import GROUPS, KOREA

CANDIDATES = ("fertility_rate", "lfp_female", "pay_gap", "birth_rate", "unpaid_care_female", "lfp_male")
SURVEY = {"unpaid_care_female", "unpaid_care_male"}


def _values(series: Series, year: int, group: str) -> pd.DataFrame:
    """Values for the year; survey series take each country's latest survey up to that year."""
    tolerance = None if series.id in SURVEY else 0
    return values_for_year(series, year, group, tolerance)[["country_code", "country", "year", "value"]]


def render() -> None:
    st.title("Compare measures")
    loaded = {s: try_load(s) for s in CANDIDATES}
    available = [s for s, v in loaded.items() if isinstance(v, Series)]
    for series_id, problem in loaded.items():
        if not isinstance(problem, Series):
            st.caption(f"{series_info(series_id).title} is not available: {problem}")
    if len(available) < 2:
        st.error("Comparing needs at least two series in data/. Restore them with `python -m fetch`.")
        st.stop()
    x_id = st.session_state.get("compare_x") or st.query_params.get("x", available[0])
    y_id = st.session_state.get("compare_y") or st.query_params.get("y", available[1])
    x = loaded[x_id] if x_id in available else loaded[available[0]]
    y = (
        loaded[y_id]
        if y_id in available and y_id != x.id
        else loaded[next(a for a in available if a != x.id)]
    )
    years = sorted(set(x.years) & set(y.years)) or sorted(set(x.years) | set(y.years))
    extra = {
        "x": [x.id, *[a for a in available if a != x.id]],
        "y": [y.id, *[a for a in available if a != y.id]],
    }
    view = measure.view_controls(
        "compare", {**x.countries, **y.countries}, years, extra, slider=True, year_label="Year"
    )
    left, right = st.columns(2)
    left.selectbox("Horizontal axis", available, key="compare_x", format_func=lambda s: series_info(s).title)
    right.selectbox("Vertical axis", available, key="compare_y", format_func=lambda s: series_info(s).title)
    year = view.year or years[-1]
    both = (
        _values(x, year, view.group)
        .merge(_values(y, year, view.group), on=["country_code", "country"], suffixes=("_x", "_y"))
        .rename(columns={"value_x": "x", "value_y": "y"})
    )
    if both.empty:
        st.warning(
            f"No country has both {in_sentence(x.info.title)} and {in_sentence(y.info.title)} for {year}."
        )
        return
    title = f"{y.info.title} against {in_sentence(x.info.title)}, {year}"
    fig = charts.scatter_figure(
        both,
        f"{x.info.title} ({x.info.unit})",
        f"{y.info.title} ({y.info.unit})",
        title,
        GROUPS[view.group],
        charts.source_line([x, y]),
        highlight=view.countries,
    )
    corr = both["x"].corr(both["y"]) if len(both) > 2 else float("nan")
    korea = both[both["country_code"] == KOREA]
    where = (
        f"South Korea: {x.info.describe_value(korea['x'].iloc[0])} and "
        f"{y.info.describe_value(korea['y'].iloc[0])}"
        if not korea.empty
        else f"South Korea has no pair of values for {year}"
    )
    summary = f"{len(both)} countries with both measures in {year}; correlation {corr:.2f}. {where}."
    charts.show_chart(fig, key="compare_scatter", summary=summary, sources=[x, y], filename=f"compare_{year}")
    if x.id in SURVEY or y.id in SURVEY:
        st.caption(
            "Time-use values are each country's latest survey up to the chosen year (see Year columns)."
        )
    table = both.rename(
        columns={
            "country": "Country",
            "country_code": "Code",
            "year_x": f"Year ({x.info.title})",
            "x": f"{x.info.title} ({x.info.unit})",
            "year_y": f"Year ({y.info.title})",
            "y": f"{y.info.title} ({y.info.unit})",
        }
    )
    charts.show_table(
        table,
        key="compare",
        filename=f"compare_{x.id}_{y.id}_{year}.csv",
        caption=f"Data behind the chart: {GROUPS[view.group]}, {year}.",
    )


if __name__ == "__main__":
    render()
