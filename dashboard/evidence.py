"""Compact evidence charts for claim cards: Korea highlighted, the claimed figure drawn in.

Built from the ChartData each check returns, so the chart shows exactly the points the verdict
used. Figures are plain dicts (cheap to build on every rerun), like dashboard.charts. Measures,
labels and names come from registry and claims files: each goes through ``chart_text``.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from claims.changes import is_revision
from claims.model import ChartData, CheckResult, TimedVerdict
from dashboard.markup import chart_text
from dashboard.text import in_sentence
from dashboard.theme import CLAIM_COLOUR, KOREA_COLOUR, MUTED_COLOUR
from registry.groups import country_name

HEIGHT = 260
RANKING_ROWS = 12  # bars shown: the top of the ranking, plus the subject country if lower
Fig = dict[str, Any]


def _layout(title: str, y_title: str, detail: str = "", **extra: Any) -> dict[str, Any]:
    """A compact layout; ``detail`` is a smaller second title line (years, countries, releases)."""
    title, y_title, detail = chart_text(title), chart_text(y_title), chart_text(detail)
    text = f"{title}<br><sup>{detail}</sup>" if detail else title
    return {
        "title": {"text": text, "font": {"size": 13}, "x": 0, "xanchor": "left"},
        "height": HEIGHT,
        "margin": {"l": 10, "r": 10, "t": 48 if detail else 36, "b": 10},
        "showlegend": False,
        "yaxis": {"title": {"text": y_title, "font": {"size": 11}}, "automargin": True},
        "xaxis": {"automargin": True},
        **extra,
    }


def _reference_line(value: float, label: str) -> tuple[dict[str, Any], dict[str, Any]]:
    shape = {
        "type": "line",
        "xref": "paper",
        "x0": 0,
        "x1": 1,
        "y0": value,
        "y1": value,
        "line": {"color": CLAIM_COLOUR, "dash": "dash", "width": 2},
    }
    note = {
        "xref": "paper",
        "x": 0,
        "y": value,
        "text": chart_text(label),
        "showarrow": False,
        "yanchor": "bottom",
        "xanchor": "left",
        "font": {"color": CLAIM_COLOUR, "size": 11},
    }
    return shape, note


def _line(rows: pd.DataFrame, name: str, colour: str, width: int, **style: Any) -> dict[str, Any]:
    """One scatter trace of a country's (year, value) rows."""
    markers = style.pop("markers", False)
    name = chart_text(name)
    trace = {
        "type": "scatter",
        "mode": "lines+markers" if markers else "lines",
        "x": rows["year"].tolist(),
        "y": rows["value"].tolist(),
        "name": name,
        "line": {"color": colour, "width": width, **({"dash": style.pop("dash")} if "dash" in style else {})},
        "hovertemplate": f"{name}, %{{x}}: %{{y}}<extra></extra>",
        **style,
    }
    if markers:
        trace["marker"] = {"size": 4}
    return trace


def revised_years(chart: ChartData, earlier: ChartData) -> list[int]:
    """Years the subject country's figure differs between the two releases (not rounding)."""
    now = chart.points.set_index("year")["value"]
    then = earlier.points.set_index("year")["value"]
    shared = now.index.intersection(then.index)
    return sorted(int(y) for y in shared if is_revision(float(then[y]), float(now[y])))


def timeline(chart: ChartData, earlier: ChartData | None = None) -> Fig:
    """The country's series over time, the claimed figure as a dashed line; the release public when
    written is drawn dotted only where it differs, and the title says which it is."""
    points = chart.points.sort_values("year")
    traces: list[dict[str, Any]] = []
    detail = ""
    if earlier is not None and not earlier.points.empty:
        revised = revised_years(chart, earlier)
        if revised:
            traces.append(
                _line(earlier.points.sort_values("year"), "data when written", MUTED_COLOUR, 2, dash="dot")
            )
            years = f"{len(revised)} year{'s' if len(revised) > 1 else ''}"
            detail = f"newest data (solid); when written (dotted), revised in {years}"
        else:
            last = int(earlier.points["year"].max())
            detail = f"when written: the same figures, up to {last}"
    traces.append(_line(points, country_name(chart.country), KOREA_COLOUR, 3, markers=True))
    extra: dict[str, Any] = {}
    if chart.reference is not None:
        shape, note = _reference_line(chart.reference, chart.reference_label)
        extra = {"shapes": [shape], "annotations": [note]}
    title = f"{country_name(chart.country)}: {in_sentence(chart.measure)}"
    return {"data": traces, "layout": _layout(title, chart.value_label, detail, **extra)}


def ranking(chart: ChartData) -> Fig:
    """Horizontal bars in ranking order, the subject country in vermillion and the rest grey."""
    points = chart.points.reset_index(drop=True)
    shown = points.head(RANKING_ROWS)
    if chart.country not in set(shown["country_code"]):
        shown = pd.concat([shown.head(RANKING_ROWS - 1), points[points["country_code"] == chart.country]])
    colours = [KOREA_COLOUR if c == chart.country else MUTED_COLOUR for c in shown["country_code"]]
    years = sorted(set(points["year"]))  # every country ranked, not only the bars shown
    year_text = str(years[0]) if len(years) == 1 else f"{years[0]}–{years[-1]}"
    trace = {
        "type": "bar",
        "orientation": "h",
        "x": shown["value"].tolist(),
        "y": [chart_text(c) for c in shown["country"]],
        "marker": {"color": colours},
        "customdata": shown["year"].tolist(),
        "hovertemplate": "%{y} (%{customdata}): %{x}<extra></extra>",
    }
    extra: dict[str, Any] = {
        "yaxis": {"autorange": "reversed", "automargin": True, "tickfont": {"size": 10}},
        "xaxis": {"title": {"text": chart_text(chart.value_label), "font": {"size": 11}}},
    }
    if chart.reference is not None:
        line = {"color": CLAIM_COLOUR, "dash": "dash", "width": 2}
        x = chart.reference
        extra["shapes"] = [
            {"type": "line", "yref": "paper", "y0": 0, "y1": 1, "x0": x, "x1": x, "line": line}
        ]
    more = len(points) - len(shown)
    detail = f"{len(points)} countries, {year_text}" + (f"; top {len(shown)} shown" if more > 0 else "")
    layout = _layout(chart.measure, "", detail, **extra)
    layout["height"] = max(HEIGHT, 22 * len(shown) + 60)
    return {"data": [trace], "layout": layout}


def trend(chart: ChartData, earlier: ChartData | None = None) -> Fig:
    """The country's line over the window against thin grey lines for the comparison group."""
    points = chart.points.sort_values("year")
    traces = [
        _line(rows, rows["country"].iloc[0], MUTED_COLOUR, 1, opacity=0.6)
        for code, rows in points.groupby("country_code")
        if code != chart.country
    ]
    own = points[points["country_code"] == chart.country]
    traces.append(_line(own, country_name(chart.country), KOREA_COLOUR, 3, markers=True))
    years = f"{int(points['year'].min())}–{int(points['year'].max())}" if len(points) else ""
    detail = f"{country_name(chart.country)} (vermillion) against the comparison group, {years}"
    return {"data": traces, "layout": _layout(chart.measure, chart.value_label, detail)}


def path_trace(path: pd.DataFrame, country: str) -> dict[str, Any]:
    """A country's path over the years as a connected scatter (columns year, x, y, sorted by year):
    a dotted vermillion line, the first and last years labelled."""
    ends = {int(path["year"].iloc[0]), int(path["year"].iloc[-1])}
    name = chart_text(country_name(country))
    return {
        "type": "scatter",
        "mode": "lines+markers+text",
        "x": path["x"].tolist(),
        "y": path["y"].tolist(),
        "text": [str(y) if y in ends else "" for y in path["year"]],
        "textposition": "top right",
        "textfont": {"color": KOREA_COLOUR},
        "line": {"color": KOREA_COLOUR, "width": 1.5, "dash": "dot"},
        "marker": {"color": KOREA_COLOUR, "size": 5},
        "customdata": path["year"].tolist(),
        "hovertemplate": f"{name}, %{{customdata}}<br>x: %{{x:,.2f}}<br>y: %{{y:,.2f}}<extra></extra>",
        "name": f"{name} over time",
    }


def scatter(chart: ChartData) -> Fig:
    """The cross-section, one dot per country, with the subject country's own path over the years."""
    points = chart.points
    others = points[points["country_code"] != chart.country]
    own = points[points["country_code"] == chart.country]
    name = country_name(chart.country)
    shown = chart_text(name)
    traces: list[dict[str, Any]] = [
        {
            "type": "scatter",
            "mode": "markers",
            "x": others["x"].tolist(),
            "y": others["y"].tolist(),
            "customdata": [
                chart_text(f"{c} ({y})") for c, y in zip(others["country"], others["year"], strict=True)
            ],
            "marker": {"color": MUTED_COLOUR, "size": 8, "opacity": 0.8},
            "hovertemplate": "%{customdata}: %{x:.2f}, %{y:.2f}<extra></extra>",
        }
    ]
    path = chart.path if chart.path is not None else own.iloc[0:0]
    if len(path) > 1:
        traces.append(path_trace(path.sort_values("year"), chart.country))
    if not own.empty:
        traces.append(
            {
                "type": "scatter",
                "mode": "markers+text",
                "x": own["x"].tolist(),
                "y": own["y"].tolist(),
                "text": [shown],
                "textposition": "bottom center",
                "textfont": {"color": KOREA_COLOUR},
                "marker": {"color": KOREA_COLOUR, "size": 13, "line": {"color": "white", "width": 1}},
                "customdata": own["year"].tolist(),
                "hovertemplate": f"{shown} (%{{customdata}}): %{{x:.2f}}, %{{y:.2f}}<extra></extra>",
            }
        )
    years = sorted(set(points["year"]))
    when = str(years[0]) if len(years) == 1 else f"{years[0]}–{years[-1]}"
    detail = ""
    if len(path) > 1:
        detail = f"{name}'s path {int(path['year'].iloc[0])}–{int(path['year'].iloc[-1])} (dotted)"
    elif len(path) == 1:
        detail = f"{name} has both only in {int(path['year'].iloc[0])}, so no path"
    layout = _layout(f"{len(points)} countries, {when}", chart.value_label, detail)
    layout["xaxis"] = {"title": {"text": chart_text(chart.x_label), "font": {"size": 11}}, "automargin": True}
    layout["height"] = HEIGHT + 60
    return {"data": traces, "layout": layout}


def paths(chart: ChartData) -> Fig:
    """Both measures of one country over the window, in two panels sharing the years."""
    rows = chart.points.sort_values("year")
    name = country_name(chart.country)
    traces = []
    for column, label, axis in (("x", chart.x_label, "y"), ("y", chart.value_label, "y2")):
        trace = _line(rows.assign(value=rows[column]), label, KOREA_COLOUR, 3, markers=True)
        traces.append({**trace, "xaxis": "x", "yaxis": axis})
    layout = _layout(f"{name}, {int(rows['year'].min())}–{int(rows['year'].max())}", "")
    layout["yaxis"] = {"domain": [0.58, 0.92], "automargin": True}
    layout["yaxis2"] = {"domain": [0, 0.34], "automargin": True}
    layout["xaxis"] = {"anchor": "y2", "automargin": True}
    layout["annotations"] = [  # each panel's measure above it: axis titles would not fit
        {"text": chart_text(text), "xref": "paper", "yref": "paper", "x": 0, "y": y, "showarrow": False,
         "xanchor": "left", "yanchor": "bottom", "font": {"size": 11}}
        for text, y in ((chart.x_label, 0.93), (chart.value_label, 0.35))
    ]  # fmt: skip
    layout["height"] = HEIGHT + 80
    return {"data": traces, "layout": layout}


def _same_points(a: ChartData, b: ChartData) -> bool:
    columns = ["country_code", "year", "x", "y"] if "x" in a.points else ["country_code", "year", "value"]
    left = a.points[columns].sort_values(columns[:2]).reset_index(drop=True)
    right = b.points[columns].sort_values(columns[:2]).reset_index(drop=True)
    return left.equals(right)


def evidence_figure(result: CheckResult, earlier: CheckResult | None = None) -> Fig | None:
    """The chart for one check, or None when the check had no data to draw."""
    chart = result.chart
    if chart is None or chart.points.empty:
        return None
    before = earlier.chart if earlier is not None and earlier.chart is not None else None
    if before is not None and (before.kind != chart.kind or _same_points(before, chart)):
        before = None  # nothing to overlay: a different chart, or the same figures
    if chart.kind == "scatter":
        return scatter(chart)
    if chart.kind == "paths":
        return paths(chart)
    if chart.kind == "timeline":
        return timeline(chart, before)
    if chart.kind == "ranking":
        return ranking(chart)
    return trend(chart)


def claim_figures(timed: TimedVerdict) -> list[tuple[int, Fig]]:
    """A claim card's charts: (test number from 0, figure) for every test with data to draw, each
    with the release public when written drawn in where it differs."""
    drawn = [(i, evidence_figure(r, timed.then.checks[i])) for i, r in enumerate(timed.now.checks)]
    return [(i, f) for i, f in drawn if f is not None]
