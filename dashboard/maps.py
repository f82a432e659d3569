"""World maps in binned colours that keep their meaning across years, with a timeline from the chosen year.

Every year is drawn with the same bins (dashboard/bins.py): one trace per colour class, so the legend
lists the classes, then "No data" (members of the group without a figure that year) and South Korea,
outlined. The timeline (one Plotly animation frame per year) plays in the browser from the year the
reader chose, and a button returns to that year. Survey series get one map of each country's latest
survey, no timeline: the hover names each country's survey year. ``static_map`` is the same map
without the timeline, for images.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from dashboard import figure
from dashboard.bins import Bins, bins_for
from dashboard.figure import Fig, wrap
from dashboard.markup import DOT, chart_text
from dashboard.text import number
from dashboard.theme import KOREA_COLOUR, NO_DATA_COLOUR, OUTSIDE_GROUP_COLOUR
from registry.groups import GROUPS, KOREA, country_codes, country_names, group_members
from registry.model import SeriesInfo

PLOT = 340  # px of map; a phone's width makes it shorter, never wider than the screen
FRAME_MS = 600
LEGEND_PER_ROW = 3  # fixed-width legend entries: the rows needed are known here, at any screen width
LEGEND_ROW_PX = 24
CONTROLS_PX = 84  # the buttons' row and the slider under the legend
YEAR_TITLE_PX = 40  # on screen the timeline's map is titled with the year it shows
# Where the map looks (grapher's ``region=``): on a phone the world is a strip 150 px tall, a region
# fills the map's height. (longitudes, latitudes) seen; the projection keeps their proportions.
REGIONS = {
    "World": ((-180, 180), (-58, 85)),
    "Europe": ((-25, 45), (34, 71)),
    "Asia": ((25, 150), (-11, 56)),
    "East Asia": ((95, 150), (18, 50)),
    "North America": ((-170, -50), (7, 75)),
    "South America": ((-85, -32), (-56, 14)),
    "Africa": ((-20, 55), (-36, 38)),
    "Oceania": ((110, 180), (-48, 0)),
}
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


def yearly_values(frame: pd.DataFrame, group: str) -> dict[int, pd.DataFrame]:
    """Each year's map: every group member's value for that year."""
    rows = frame[frame["country_code"].isin(group_members(group, set(frame["country_code"])))]
    return {int(y): rows[rows["year"] == y] for y in sorted(rows["year"].unique())}


def latest_surveys(frame: pd.DataFrame, group: str) -> pd.DataFrame:
    """Each group member's latest survey."""
    rows = frame[frame["country_code"].isin(group_members(group, set(frame["country_code"])))]
    return rows.sort_values("year").drop_duplicates("country_code", keep="last")


def _choropleth(codes: list[str], colour: str, name: str, hover: list[str], **extra: Any) -> dict:
    return {
        "type": "choropleth",
        "locationmode": "ISO-3",
        "locations": codes,
        "z": [0] * len(codes),
        "text": hover,
        "colorscale": [[0, colour], [1, colour]],
        "zmin": 0,
        "zmax": 1,
        "showscale": False,
        "marker": {"line": {"color": "#FFFFFF", "width": 0.3}},
        "hovertemplate": "%{text}<extra></extra>",
        "name": chart_text(name),
        "legendgroup": name,
        "showlegend": True,
        **extra,
    }


def traces(shown: pd.DataFrame, universe: list[str], bins: Bins, info: SeriesInfo) -> list[dict]:
    """One trace per colour class (empty ones too: every frame has the same traces), no data, Korea."""
    names = country_names()
    classes = bins.classify(shown["value"])
    hover = [
        chart_text(f"{n} ({y}): {number(info, v)}")
        for n, y, v in zip(shown["country"], shown["year"], shown["value"], strict=True)
    ]
    out = []
    for index, (name, colour) in enumerate(zip(bins.labels, bins.colours, strict=True)):
        picked = classes == index
        codes = shown["country_code"][picked].tolist()
        out.append(_choropleth(codes, colour, name, [h for h, p in zip(hover, picked, strict=True) if p]))
    missing = [c for c in universe if c not in set(shown["country_code"])]
    out.append(
        _choropleth(missing, NO_DATA_COLOUR, "No data", [f"{names.get(c, c)}: no data" for c in missing])
    )
    korea = [i for i, c in enumerate(shown["country_code"]) if c == KOREA]
    colour = bins.colours[classes[korea[0]]] if korea else NO_DATA_COLOUR
    outline = _choropleth(
        [KOREA], colour, "South Korea", [hover[korea[0]] if korea else "South Korea: no data"]
    )
    outline["marker"] = {"line": {"color": KOREA_COLOUR, "width": 1.5}}
    out.append(outline)
    return out


def _controls(years: list[int], start: int, legend_px: int) -> dict[str, Any]:
    """Play (from the chosen year; from the first when that is the last), Pause, a button back to the
    chosen year, and a year slider labelled every few years so the labels never overprint."""
    still = {"mode": "immediate", "frame": {"duration": 0, "redraw": True}, "transition": {"duration": 0}}
    every = max(1, -(-len(years) // 6))
    steps = [
        {"method": "animate", "label": str(y) if i % every == 0 or y == years[-1] else "",
         "args": [[str(y)], still], "value": str(y)}
        for i, y in enumerate(years)
    ]  # fmt: skip
    play_from = start if start != years[-1] else years[0]
    playing = {"frame": {"duration": FRAME_MS, "redraw": True}, "transition": {"duration": 0}}
    buttons = [
        {"label": "▶ Play", "method": "animate",
         "args": [[str(y) for y in years if y >= play_from], {**playing, "fromcurrent": True}]},
        {"label": "❚❚ Pause", "method": "animate", "args": [[None], still]},
        {"label": f"↺ {start}", "method": "animate", "args": [[str(start)], still]},
    ]  # fmt: skip
    return {
        "sliders": [
            {
                "active": years.index(start),
                "steps": steps,
                "x": 0,
                "len": 1,
                "y": -(legend_px + 40) / PLOT,
                "yanchor": "top",
                "pad": {"t": 0, "b": 0, "l": 8, "r": 8},
                "currentvalue": {"visible": False},
                "font": {"size": 10},
            }
        ],
        "updatemenus": [
            {
                "type": "buttons",
                "direction": "left",
                "showactive": False,
                "x": 0,
                "y": -(legend_px + 6) / PLOT,
                "xanchor": "left",
                "yanchor": "top",
                "pad": {"t": 0, "r": 4},
                "font": {"size": 11},
                "buttons": buttons,
            }
        ],
    }


def _legend_px(bins: Bins) -> int:
    """The legend's height: the colour classes, "No data" and South Korea, in rows of fixed width."""
    return LEGEND_ROW_PX * -(-(len(bins.labels) + 2) // LEGEND_PER_ROW)


def _layout(title: str, subtitle: str, source: str, bins: Bins, controls: bool) -> dict[str, Any]:
    """Title, the map, then (below it, in this order) the legend, the timeline and the source line."""
    out = figure.layout(title, subtitle, source, geo=GEO)
    legend_px = _legend_px(bins)
    below = legend_px + (CONTROLS_PX if controls else 0)
    source_px = 14 * (wrap(source, figure.SOURCE_CHARS).count("<br>") + 1)
    top = out["margin"]["t"]
    out["height"] = top + PLOT + below + source_px + 16
    out["margin"] = {"l": 4, "r": 4, "t": top, "b": below + source_px + 16}
    out["annotations"][0].update({"y": 0, "yanchor": "top", "yshift": -(below + 8)})
    out["showlegend"] = True
    kept = YEAR_TITLE_PX if controls else figure.SCREEN_TOP  # on screen: the year, or nothing
    out["meta"] = {"screen": {"top": top - kept, "bottom": source_px + 8}}
    if controls:  # an image has no timeline: its band goes (dashboard/downloads.py)
        out["meta"]["controls_px"] = CONTROLS_PX
    out["legend"] = {
        "orientation": "h",
        "x": 0,
        "y": 0,
        "yanchor": "top",
        "entrywidth": 1 / LEGEND_PER_ROW,
        "entrywidthmode": "fraction",
        "traceorder": "normal",
        "font": {"size": 11},
        "bgcolor": "rgba(0,0,0,0)",
    }
    return out


def map_figure(
    frame: pd.DataFrame, info: SeriesInfo, group: str, start: int | None, subtitle: str, source: str
) -> Fig:
    """The map of ``frame`` for ``group``: animated from year ``start``, or (start None) each
    country's latest survey. Titles name the year shown, or the span of survey years."""
    bins = bins_for(info, frame)
    universe = sorted(group_members(group, country_codes() | set(frame["country_code"])))
    where = GROUPS[group]
    if start is None or info.survey:
        latest = latest_surveys(frame, group)
        span = f"{latest['year'].min()}–{latest['year'].max()}" if len(latest) else ""
        title = f"{info.title}: each country's latest survey ({span})"
        layout = _layout(title, f"{subtitle}{DOT}{where}", source, bins, controls=False)
        return {"data": traces(latest, universe, bins, info), "layout": layout}
    by_year = yearly_values(frame, group)
    years = list(by_year)
    start = start if start in by_year else years[-1]
    heading = {y: f"{info.title}, {y}" for y in years}
    layout = _layout(heading[start], f"{subtitle}{DOT}{where}", source, bins, controls=True)
    layout.update(_controls(years, start, _legend_px(bins)))
    layout["meta"]["screen"]["title"] = str(start)
    frames = [
        {
            "name": str(y),
            "data": traces(by_year[y], universe, bins, info),
            "layout": {"title": {"text": wrap(heading[y])}},
        }
        for y in years
    ]
    return {"data": frames[years.index(start)]["data"], "layout": layout, "frames": frames}


def zoom(fig: Fig, region: str) -> Fig:
    """The map seen over one region (the same data, legend and timeline)."""
    lon, lat = REGIONS.get(region, REGIONS["World"])
    geo = {**fig["layout"]["geo"], "lonaxis": {"range": list(lon)}, "lataxis": {"range": list(lat)}}
    return {**fig, "layout": {**fig["layout"], "geo": geo}}
