"""The Chart tab of a survey series (time use): one bar (or women-and-men pair) per country, each
labelled with its own survey year, never placed on a time axis where surveys years apart would look
like a trend. The rows returned are exactly the bars drawn (the chart-data download).
"""

from __future__ import annotations

import pandas as pd

from dashboard.figure import Fig, layout
from dashboard.linechart import colour_of
from dashboard.maps import latest_surveys
from dashboard.markup import chart_text
from dashboard.theme import FEMALE_COLOUR, MALE_COLOUR, MUTED_COLOUR
from registry.groups import KOREA
from registry.model import SeriesInfo

AVERAGE = "OECD"
ROW_PX = 24


def survey_rows(frame: pd.DataFrame, group: str, average: bool) -> pd.DataFrame:
    """Each group member's latest survey, highest first, labelled "Country (year)"; the OECD average
    of those surveys (members only) as a last row labelled with the span of its survey years."""
    latest = latest_surveys(frame, group).sort_values("value", ascending=False)
    columns = [c for c in ("country_code", "country", "year", "value", "value_f", "value_m") if c in latest]
    rows = latest[columns].copy()
    rows["label"] = [f"{n} ({int(y)})" for n, y in zip(rows["country"], rows["year"], strict=True)]
    members = latest_surveys(frame, "oecd")
    if average and len(members):
        span = f"{members['year'].min()}–{members['year'].max()}"
        avg = {c: members[c].mean() for c in ("value", "value_f", "value_m") if c in members}
        extra = {"country_code": AVERAGE, "country": "OECD average", "year": pd.NA, **avg}
        extra["label"] = f"OECD average ({len(members)} surveys, {span})"
        rows = pd.concat([rows, pd.DataFrame([extra])], ignore_index=True)
    return rows.reset_index(drop=True)


def _colour(code: str, highlight: list[str]) -> str:
    if code in (KOREA, AVERAGE) or code in highlight:
        return colour_of(code, highlight)
    return MUTED_COLOUR


def _height(n: int) -> int:
    return max(300, ROW_PX * n + 120)


def _label(code: str, text: str) -> str:
    text = chart_text(text)
    return f"<b>{text}</b>" if code in (KOREA, AVERAGE) else text


def bar_figure(rows: pd.DataFrame, info: SeriesInfo, highlight: list[str], title: str, source: str) -> Fig:
    """Horizontal bars, highest at the top; South Korea, the reader's countries and the average coloured."""
    ordered = rows.iloc[::-1]
    codes = ordered["country_code"].tolist()
    trace = {
        "type": "bar",
        "orientation": "h",
        "x": ordered["value"].tolist(),
        "y": [_label(c, t) for c, t in zip(codes, ordered["label"], strict=True)],
        "marker": {"color": [_colour(c, highlight) for c in codes]},
        "text": [f"{v:,.{info.decimals}f}" for v in ordered["value"]],
        "textposition": "outside",  # beside the bar, level: never turned on its side in a short bar
        "textangle": 0,
        "cliponaxis": False,
        "hovertemplate": "%{y}: %{x:,." + str(info.decimals) + "f}<extra></extra>",
    }
    fig = {"data": [trace], "layout": layout(title, info.unit, source, _height(len(rows)), showlegend=False)}
    fig["layout"]["yaxis"] = {"automargin": True, "tickfont": {"size": 11}}
    high = max([*ordered["value"].tolist(), 0])
    fig["layout"]["xaxis"] = {
        "title": {"text": chart_text(info.short_unit)},
        "zeroline": True,
        "range": [min([*ordered["value"].tolist(), 0]) * 1.15, high * 1.15],  # room for the labels
    }
    return fig


def dumbbell_figure(rows: pd.DataFrame, female: SeriesInfo, title: str, subtitle: str, source: str) -> Fig:
    """Women's and men's values per country on one row, joined by a line; Korea's and the average bold."""
    ordered = rows.iloc[::-1]
    ys = [_label(c, t) for c, t in zip(ordered["country_code"], ordered["label"], strict=True)]
    link_x: list[float | None] = []
    link_y: list[str | None] = []
    for y, f, m in zip(ys, ordered["value_f"], ordered["value_m"], strict=True):
        link_x += [f, m, None]
        link_y += [y, y, None]
    fmt = "%{x:,." + str(female.decimals) + "f}"
    traces = [
        {"type": "scatter", "mode": "lines", "x": link_x, "y": link_y, "line": {"color": MUTED_COLOUR},
         "showlegend": False, "hoverinfo": "skip"},
        {"type": "scatter", "mode": "markers", "x": ordered["value_f"].tolist(), "y": ys, "name": "Women",
         "marker": {"color": FEMALE_COLOUR, "size": 11, "symbol": "circle"},
         "hovertemplate": "%{y}, women: " + fmt + "<extra></extra>"},
        {"type": "scatter", "mode": "markers", "x": ordered["value_m"].tolist(), "y": ys, "name": "Men",
         "marker": {"color": MALE_COLOUR, "size": 11, "symbol": "diamond"},
         "hovertemplate": "%{y}, men: " + fmt + "<extra></extra>"},
    ]  # fmt: skip
    fig = {"data": traces, "layout": layout(title, subtitle, source, _height(len(rows)))}
    fig["layout"]["yaxis"] = {"automargin": True, "tickfont": {"size": 11}}
    # each entry as wide as its text: the plot beside long country labels is too narrow on a phone
    # for two columns of a fraction of its width ("Wome◆ Men")
    fig["layout"]["legend"].update({"entrywidth": 0, "entrywidthmode": "pixels"})
    return fig
