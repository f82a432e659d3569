"""World maps that move through time: one Plotly animation frame per year, played in the browser.

Every year is drawn on one fixed colour scale (the minimum and maximum over all years), so colours
compare across the slider; members of the group with no figure that year are drawn as "no data"
(a grey layer with a legend entry), and Korea is outlined, its fill taken from the scale like every
other country's. Playing and sliding happen in the browser (no rerun per year); the page's year
control, kept in the URL, picks the year the map opens on.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from dashboard import charts, figure
from dashboard.data import Series
from dashboard.figure import Fig, wrap
from dashboard.state import View
from dashboard.text import in_sentence
from dashboard.theme import KOREA_COLOUR, NO_DATA_COLOUR, OUTSIDE_GROUP_COLOUR
from registry.groups import GROUPS, KOREA, country_codes, country_names, group_members

SCALE = "Viridis"  # colour-blind safe and never grey, so "no data" (grey) cannot be read as a value
HEIGHT = 650
FRAME_MS = 700


def yearly_values(frame: pd.DataFrame, group: str, tolerance: int | None) -> dict[int, pd.DataFrame]:
    """Each year's map: every group member's value for that year (or its latest within ``tolerance``)."""
    rows = frame[frame["country_code"].isin(group_members(group, set(frame["country_code"])))]
    rows = rows.sort_values("year")
    out = {}
    for year in sorted(int(y) for y in rows["year"].unique()):
        lower = -10_000 if tolerance is None else year - tolerance
        window = rows[(rows["year"] <= year) & (rows["year"] >= lower)]
        out[year] = window.drop_duplicates("country_code", keep="last")
    return out


def _traces(shown: pd.DataFrame, universe: list[str], zrange: tuple[float, float], colorbar: str) -> list:
    """Values on the scale, the group's countries without a value in grey, and Korea's outline."""
    names = country_names()
    zmin, zmax = zrange
    have = set(shown["country_code"])
    missing = [c for c in universe if c not in have]
    scale = {"colorscale": SCALE, "zmin": zmin, "zmax": zmax, "zauto": False}
    values = {
        "type": "choropleth",
        "locationmode": "ISO-3",
        "locations": shown["country_code"].tolist(),
        "z": shown["value"].tolist(),
        "text": [f"{n} ({y})" for n, y in zip(shown["country"], shown["year"], strict=True)],
        "marker": {"line": {"color": "#FFFFFF", "width": 0.3}},
        "colorbar": {
            "title": {"text": colorbar},
            "orientation": "h",
            "y": -0.02,
            "yanchor": "top",
            "len": 0.7,
        },
        "hovertemplate": "%{text}: %{z:,.2f}<extra></extra>",
        "showlegend": False,
        **scale,
    }
    no_data = {
        "type": "choropleth",
        "locationmode": "ISO-3",
        "locations": missing,
        "z": [0] * len(missing),
        "text": [names.get(c, c) for c in missing],
        "colorscale": [[0, NO_DATA_COLOUR], [1, NO_DATA_COLOUR]],
        "showscale": False,
        "marker": {"line": {"color": "#FFFFFF", "width": 0.3}},
        "hovertemplate": "%{text}: no data<extra></extra>",
        "name": "No data",
        "showlegend": True,
    }
    korea = shown[shown["country_code"] == KOREA]
    outline = {
        **values,
        "locations": korea["country_code"].tolist(),
        "z": korea["value"].tolist(),
        "text": ["South Korea"] * len(korea),
        "showscale": False,
        "marker": {"line": {"color": KOREA_COLOUR, "width": 2}},
        "name": "South Korea (outlined)",
        "showlegend": True,
    }
    return [values, no_data, outline]


def _controls(years: list[int], start: int) -> dict[str, Any]:
    """A year slider and a play/pause button, both animating in the browser."""
    still = {"mode": "immediate", "frame": {"duration": 0, "redraw": True}, "transition": {"duration": 0}}
    steps = [{"method": "animate", "label": str(y), "args": [[str(y)], still]} for y in years]
    playing = {
        "frame": {"duration": FRAME_MS, "redraw": True},
        "transition": {"duration": 0},
        "fromcurrent": True,
    }
    buttons = [
        {"label": "▶ Play", "method": "animate", "args": [None, playing]},
        {"label": "❚❚ Pause", "method": "animate", "args": [[None], still]},
    ]
    return {
        "sliders": [
            {
                "active": years.index(start),
                "steps": steps,
                "x": 0,
                "len": 1,
                "y": -0.36,
                "yanchor": "top",
                "pad": {"t": 0, "b": 0},
                "currentvalue": {"prefix": "Year: ", "font": {"size": 13}},
            }
        ],
        "updatemenus": [
            {
                "type": "buttons",
                "direction": "left",
                "showactive": False,
                "x": 0,
                "y": -0.22,
                "xanchor": "left",
                "yanchor": "top",
                "pad": {"t": 0, "r": 8},
                "buttons": buttons,
            }
        ],
    }


@st.cache_data(show_spinner=False, max_entries=64)
def map_figure(
    _frame: pd.DataFrame,
    cache_id: tuple,
    group: str,
    tolerance: int | None,
    start: int,
    title: str,
    subtitle: str,
    source: str,
    colorbar: str,
) -> Fig:
    """The animated map, built once per data version, group and start year (the same for every viewer).

    ``cache_id`` identifies ``_frame`` (a series' sha256-based key); ``title`` gets ", YEAR: GROUP".
    """
    del cache_id  # only the cache key
    by_year = yearly_values(_frame, group, tolerance)
    years = list(by_year)
    start = start if start in by_year else years[-1]
    universe = sorted(group_members(group, country_codes() | set(_frame["country_code"])))
    everything = pd.concat(by_year.values())
    zrange = (float(everything["value"].min()), float(everything["value"].max()))
    heading = {y: f"{title}, {y}: {GROUPS[group]}" for y in years}
    layout = figure.layout(heading[start], subtitle, source, HEIGHT, geo=GEO)
    layout["margin"] = {**layout["margin"], "b": 240 + (layout["margin"]["b"] - 110)}
    layout["annotations"][0]["yshift"] -= 140
    layout["legend"] = {"x": 0, "y": 0.02, "yanchor": "bottom", "bgcolor": "rgba(0,0,0,0)"}
    layout.update(_controls(years, start))
    frames = [
        {
            "name": str(y),
            "data": _traces(by_year[y], universe, zrange, colorbar),
            "layout": {"title": {"text": wrap(heading[y])}},
        }
        for y in years
    ]
    return {"data": _traces(by_year[start], universe, zrange, colorbar), "layout": layout, "frames": frames}


GEO = {
    "projection": {"type": "natural earth"},
    "lonaxis": {"range": [-180, 180]},
    "lataxis": {"range": [-58, 85]},
    "showframe": False,
    "showcoastlines": False,
    "showcountries": True,
    "countrycolor": "#FFFFFF",
    "showland": True,
    "landcolor": OUTSIDE_GROUP_COLOUR,
    "bgcolor": "rgba(0,0,0,0)",
}


def map_section(series: Series, view: View, key: str, shown: pd.DataFrame, tolerance: int | None = 0) -> None:
    """The map opening on the view's year, its one-sentence summary and provenance."""
    if shown.empty:
        return
    year = view.year if view.year is not None else series.latest_year
    info = series.info
    cache_id = (series.id, series.key, tuple(p.key for p in series.parents))
    fig = map_figure(
        series.frame,
        cache_id,
        view.group,
        tolerance,
        year,
        info.title,
        info.unit,
        charts.source_line(series.sources),
        info.short_unit,
    )
    high, low = shown.iloc[0], shown.iloc[-1]
    summary = (
        f"World map of {in_sentence(info.title)} in {year} for {len(shown)} countries: "
        f"highest {high['country']} "
        f"({info.describe_value(high['value'])}), lowest {low['country']} "
        f"({info.describe_value(low['value'])}); South Korea outlined; press play to move through the years."
    )
    charts.show_chart(
        fig, key=f"{key}_map", summary=summary, sources=series.sources, filename=f"{series.id}_{year}_map"
    )
    if not charts.topojson_available():
        st.caption(
            "Map outlines are not installed locally, so the map needs the internet: run "
            "`python -m dashboard.assets` to serve them from this app."
        )
