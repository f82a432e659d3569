"""Shared chart builders and the frame every chart is shown in (summary, provenance, downloads).

Figures are built as plain dicts (fast to build, no per-trace validation on each rerun) and every
figure carries its own title and source line, so the PNG from Plotly's toolbar is self-citing.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd
import streamlit as st

from dashboard.csv_export import csv_bytes
from dashboard.data import Series
from dashboard.figure import Fig, Prebuilt, layout, legend_room, wrap
from dashboard.linechart import year_ticks
from dashboard.markup import chart_text, plain
from dashboard.provenance import image_source_line, provenance_text
from dashboard.theme import (
    FEMALE_COLOUR,
    KOREA_COLOUR,
    MALE_COLOUR,
    MUTED_COLOUR,
    OECD_AVERAGE_COLOUR,
    OTHER_COLOURS,
)
from registry.groups import KOREA

TOPOJSON_DIR = Path(__file__).resolve().parent.parent / "static" / "topojson"
TOPOJSON_URL = "app/static/topojson/"  # relative, so it works under any base URL path

AXIS_TITLE_CHARS = 34  # a vertical axis title's line: about a 350 px plot's height at 14 px


def topojson_available() -> bool:
    return (TOPOJSON_DIR / "world_110m.json").is_file()


def plot_config(filename: str) -> dict[str, Any]:
    """Plotly config: PNG export with the title and source inside, and map outlines served locally."""
    config: dict[str, Any] = {
        "displaylogo": False,
        "modeBarButtonsToRemove": ["lasso2d", "select2d"],
        "toImageButtonOptions": {"format": "png", "filename": filename, "scale": 2, "width": 1100},
    }
    if topojson_available():
        config["topojsonURL"] = TOPOJSON_URL
    return config


def country_colour(code: str, index: int) -> str:
    if code == KOREA:
        return KOREA_COLOUR
    palette = [c for c in OTHER_COLOURS if c != KOREA_COLOUR]
    return palette[index % len(palette)]


def line_trace(
    frame: pd.DataFrame,
    name: str,
    colour: str,
    *,
    dash: str = "solid",
    width: float = 2.0,
    points: bool = False,
) -> dict[str, Any]:
    """One country's (or the average's) series; ``points`` draws markers only (survey data)."""
    custom = frame["n"].tolist() if "n" in frame else None
    name = chart_text(name)
    hover = (
        f"{name}<br>%{{x}}: %{{y:,.2f}}"
        + ("<br>%{customdata} countries" if custom else "")
        + "<extra></extra>"
    )
    return {
        "type": "scatter",
        "mode": "markers" if points else "lines+markers",
        "x": frame["year"].tolist(),
        "y": frame["value"].tolist(),
        "name": name,
        "line": {"color": colour, "dash": dash, "width": width},
        "marker": {"color": colour, "size": 11 if points else 4, "symbol": "circle"},
        "customdata": custom,
        "hovertemplate": hover,
    }


def time_series_figure(
    lines: list[tuple[str, str, pd.DataFrame]],
    average: pd.DataFrame | None,
    title: str,
    subtitle: str,
    source: str,
    points: bool = False,
) -> Fig:
    """Lines per country (Korea bold, in its own colour) plus the OECD average dashed."""
    traces = []
    for index, (code, name, frame) in enumerate(lines):
        traces.append(
            line_trace(
                frame, name, country_colour(code, index), width=3.5 if code == KOREA else 1.8, points=points
            )
        )
    if average is not None and not average.empty:
        traces.append(line_trace(average, "OECD average", OECD_AVERAGE_COLOUR, dash="dash"))
    years = [y for t in traces for y in t["x"]]
    fig = {"data": traces, "layout": layout(title, subtitle, source)}
    if years:
        fig["layout"]["xaxis"] = year_ticks(int(min(years)), int(max(years)))
    return fig


def mark_join(fig: Fig, year: int, first_year: int, before: str, after: str) -> Fig:
    """Shade the years that come from an earlier release and draw a line where the current one starts.

    The two labels sit on two rows inside the plot (the earlier release's under the current one's),
    so they never overprint each other or the title, whatever the screen's width; years outside the
    chart's range are not marked.
    """
    span = fig["layout"].get("xaxis", {}).get("range")
    if span and not span[0] < year - 0.5 < span[1]:
        return fig
    edge = year - 0.5
    left = max(first_year - 0.5, span[0]) if span else first_year - 0.5
    fig["layout"]["shapes"] = [
        *fig["layout"].get("shapes", []),
        {"type": "rect", "xref": "x", "yref": "paper", "x0": left, "x1": edge, "y0": 0, "y1": 1,
         "fillcolor": MUTED_COLOUR, "opacity": 0.12, "line": {"width": 0}, "layer": "below"},
        {"type": "line", "xref": "x", "yref": "paper", "x0": edge, "x1": edge, "y0": 0, "y1": 1,
         "line": {"color": MUTED_COLOUR, "width": 1.5, "dash": "dot"}},
    ]  # fmt: skip
    for text, x, anchor, shift, row in (
        (f"{chart_text(after)} →", edge, "left", 4, 0),
        (f"← {chart_text(before)}", left, "left", 4, 1),
    ):
        fig["layout"]["annotations"].append(
            {"text": text, "xref": "x", "yref": "paper", "x": x, "y": 1, "xanchor": anchor,
             "xshift": shift, "yshift": -16 * row, "yanchor": "top", "showarrow": False,
             "font": {"size": 11, "color": "#555555"}, "bgcolor": "rgba(255,255,255,0.7)"}
        )  # fmt: skip
    return fig


def ranking_figure(ranked: pd.DataFrame, title: str, subtitle: str, source: str, fmt: Callable) -> Fig:
    """Horizontal bars, highest at the top, Korea in its colour and every other country muted."""
    ordered = ranked.iloc[::-1]
    colours = [KOREA_COLOUR if c == KOREA else MUTED_COLOUR for c in ordered["country_code"]]
    trace = {
        "type": "bar",
        "orientation": "h",
        "x": ordered["value"].tolist(),
        "y": [chart_text(c) for c in ordered["country"]],
        "marker": {"color": colours},
        "text": [chart_text(fmt(v)) for v in ordered["value"]],
        "textposition": "auto",
        "hovertemplate": "%{y}: %{text}<extra></extra>",
    }
    height = max(320, 22 * len(ordered) + 190)
    return {"data": [trace], "layout": layout(title, subtitle, source, height, showlegend=False)}


def dumbbell_figure(pairs: pd.DataFrame, title: str, subtitle: str, source: str, labels: list[str]) -> Fig:
    """Women's and men's values per country on one row each, joined by a line (Korea's label bold)."""
    ordered = pairs.iloc[::-1]
    ys = [
        f"<b>{chart_text(n)}</b>" if c == KOREA else chart_text(n)
        for c, n in zip(ordered["country_code"], labels[::-1], strict=True)
    ]
    link_x: list[float | None] = []
    link_y: list[str | None] = []
    for y, f, m in zip(ys, ordered["value_f"], ordered["value_m"], strict=True):
        link_x += [f, m, None]
        link_y += [y, y, None]
    traces = [
        {
            "type": "scatter",
            "mode": "lines",
            "x": link_x,
            "y": link_y,
            "line": {"color": MUTED_COLOUR},
            "showlegend": False,
            "hoverinfo": "skip",
        },
        {
            "type": "scatter",
            "mode": "markers",
            "x": ordered["value_f"].tolist(),
            "y": ys,
            "name": "Women",
            "marker": {"color": FEMALE_COLOUR, "size": 11, "symbol": "circle"},
        },
        {
            "type": "scatter",
            "mode": "markers",
            "x": ordered["value_m"].tolist(),
            "y": ys,
            "name": "Men",
            "marker": {"color": MALE_COLOUR, "size": 11, "symbol": "diamond"},
        },
    ]
    height = max(320, 22 * len(ordered) + 190)
    return {"data": traces, "layout": layout(title, subtitle, source, height)}


def scatter_figure(
    both: pd.DataFrame,
    x_title: str,
    y_title: str,
    title: str,
    subtitle: str,
    source: str,
    highlight: list[str] | None = None,
) -> Fig:
    """One dot per country, Korea highlighted; Korea and the user's countries labelled."""
    labelled = {KOREA, *(highlight or [])}
    colours = [KOREA_COLOUR if c == KOREA else OTHER_COLOURS[0] for c in both["country_code"]]
    sizes = [16 if c == KOREA else 9 for c in both["country_code"]]
    trace = {
        "type": "scatter",
        "mode": "markers+text",
        "x": both["x"].tolist(),
        "y": both["y"].tolist(),
        "text": [c if c in labelled else "" for c in both["country_code"]],
        "textposition": "top center",
        "customdata": [chart_text(c) for c in both["country"]],
        "marker": {"color": colours, "size": sizes, "opacity": 0.85},
        "hovertemplate": "%{customdata}<br>x: %{x:,.2f}<br>y: %{y:,.2f}<extra></extra>",
    }
    # Axis titles are whole series titles with units: wrapped, so a long one is never cut at the
    # plot's edge (the vertical one runs along a plot about 350 px tall).
    y_text = wrap(y_title, AXIS_TITLE_CHARS)
    extra = {
        "xaxis": {"title": {"text": wrap(x_title, 2 * AXIS_TITLE_CHARS)}, "automargin": True},
        "yaxis": {"title": {"text": y_text}, "automargin": True},
        "showlegend": False,
    }
    fig = {"data": [trace], "layout": layout(title, subtitle, source, 520, **extra)}
    fig["layout"]["margin"] = {**fig["layout"]["margin"], "l": 52 + 18 * (y_text.count("<br>") + 1), "t": 90}
    return fig


def show_chart(
    fig: Fig, *, key: str, summary: str, sources: list[Series], filename: str, summary_visible: bool = True
) -> None:
    """The chart, then its one-sentence summary (also its accessible description) and provenance."""
    fig = legend_room(fig)
    st.plotly_chart(Prebuilt(fig), key=key, config=plot_config(filename), alt=summary, width="stretch")
    if summary_visible:
        st.markdown(f"**{plain(summary)}**")  # names from data files: shown as typed
    st.caption(provenance_text(sources))


def source_line(sources: list[Series]) -> str:
    return image_source_line(sources)


def show_table(frame: pd.DataFrame, *, key: str, filename: str, caption: str) -> None:
    """The table behind the view and a CSV of exactly those rows and columns."""
    st.caption(caption)
    st.dataframe(frame, hide_index=True, key=f"{key}_table", height=min(420, 35 * len(frame) + 40))
    st.download_button(
        "Download this table (CSV)",
        csv_bytes(frame),
        file_name=filename,
        mime="text/csv",
        key=f"{key}_csv",
        on_click="ignore",
    )


def value_axis(values: list[float], decimals: int) -> dict[str, Any]:
    """A y axis that spans at least ten steps of the series' last decimal, so figures equal at the
    published precision (215.008937 and 215.00894, both "215") draw as one level, not a revision."""
    low, high = min(values), max(values)
    floor = 10 * 10.0**-decimals
    if high - low >= floor:
        return {"tickformat": f",.{decimals}f"}
    middle = (low + high) / 2
    return {"range": [middle - floor / 2, middle + floor / 2], "tickformat": f",.{decimals}f"}
