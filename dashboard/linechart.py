"""The Chart tab of a time series: the rows drawn (the chart-data download is exactly these) and the figure.

Lines for South Korea, the reader's countries and the OECD average between a start and an end year,
optionally as the change since the start year (in percentage points for a rate, in % for other
positive levels) or on a log scale; years are whole numbers on the axis.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from dashboard.figure import Fig, layout, legend_room
from dashboard.markup import chart_text
from dashboard.text import is_rate
from dashboard.theme import KOREA_COLOUR, OECD_AVERAGE_COLOUR, OTHER_COLOURS
from registry.groups import KOREA
from registry.model import SeriesInfo

AVERAGE = "OECD"  # the country code the rows give the OECD average
INTERNATIONAL = "INT"  # ... and an international series drawn beside Statistics Korea's
ROW_COLUMNS = ["line", "country_code", "sex", "year", "value"]


@dataclass(frozen=True)
class ChartView:
    """What the reader chose on the Chart tab (all of it in the link)."""

    start: int
    end: int
    change: bool = False
    log: bool = False


def relative_change(info: SeriesInfo, frame: pd.DataFrame) -> bool:
    """Change since the start in % (True) for positive levels; in points or the unit for rates and gaps."""
    return not (is_rate(info) or info.gap) and bool((frame["value"] > 0).all())


def log_allowed(info: SeriesInfo, frame: pd.DataFrame) -> bool:
    """A log scale means something for positive levels spanning a wide range (births, fertility)."""
    values = frame["value"]
    return not info.gap and len(values) > 0 and bool((values > 0).all()) and values.max() >= 3 * values.min()


def series_lines(
    frame: pd.DataFrame,
    countries: list[str],
    names: dict[str, str],
    average: pd.DataFrame | None,
    sex: str = "",
) -> pd.DataFrame:
    """Rows for South Korea, then the picked countries, then the OECD average (``AVERAGE``)."""
    parts = []
    suffix = f", {sex}" if sex else ""
    for code in [KOREA, *[c for c in countries if c != KOREA]]:
        rows = frame.loc[frame["country_code"] == code, ["year", "value"]]
        if not rows.empty:
            parts.append(rows.assign(line=names.get(code, code) + suffix, country_code=code, sex=sex))
    if average is not None and not average.empty:
        parts.append(
            average[["year", "value"]].assign(line=f"OECD average{suffix}", country_code=AVERAGE, sex=sex)
        )
    if not parts:
        return pd.DataFrame(columns=ROW_COLUMNS)
    return pd.concat(parts, ignore_index=True)[ROW_COLUMNS]


def chart_rows(lines: pd.DataFrame, view: ChartView, relative: bool) -> pd.DataFrame:
    """The rows drawn: each line within the years shown, as the change since its first year if asked."""
    order = {name: i for i, name in enumerate(dict.fromkeys(lines["line"]))}  # Korea first, as given
    shown = lines[(lines["year"] >= view.start) & (lines["year"] <= view.end)]
    shown = shown.sort_values(["line", "year"], key=lambda c: c.map(order) if c.name == "line" else c)
    shown = shown.astype({"year": "int64", "value": "float64"}).reset_index(drop=True)
    if not view.change or shown.empty:
        return shown
    base = shown.groupby("line", sort=False)["value"].transform("first")
    change = 100 * (shown["value"] / base - 1) if relative else shown["value"] - base
    return shown.assign(value=change)


def year_ticks(start: int, end: int) -> dict:
    """Whole years on the axis: a step of 1, 2, 5, 10 or 20 years, never 2,013.5."""
    span = max(end - start, 1)
    step = next((s for s in (1, 2, 5, 10, 20) if span / s <= 8), 25)
    return {"tickformat": "d", "dtick": step, "tick0": 0, "range": [start - 0.5, end + 0.5]}


def colour_of(code: str, order: list[str]) -> str:
    if code == KOREA:
        return KOREA_COLOUR
    if code in (AVERAGE, INTERNATIONAL):
        return OECD_AVERAGE_COLOUR
    palette = [c for c in OTHER_COLOURS if c != KOREA_COLOUR]
    return palette[order.index(code) % len(palette)]


def line_figure(
    rows: pd.DataFrame, decimals: int, view: ChartView, title: str, subtitle: str, source: str
) -> Fig:
    """One trace per line of ``rows``: Korea bold, the average dashed, men dotted beside women."""
    others = [c for c in dict.fromkeys(rows["country_code"]) if c not in (KOREA, AVERAGE, INTERNATIONAL)]
    digits = decimals if not view.change else max(decimals, 1)
    traces = []
    for name, line in rows.groupby("line", sort=False):
        code, sex = line["country_code"].iloc[0], line["sex"].iloc[0]
        dash = "dash" if code in (AVERAGE, INTERNATIONAL) else "dot" if sex == "men" else "solid"
        traces.append(
            {
                "type": "scatter",
                "mode": "lines+markers" if len(line) < 40 else "lines",
                "x": line["year"].tolist(),
                "y": line["value"].tolist(),
                "name": chart_text(name),
                "line": {
                    "color": colour_of(code, others),
                    "dash": dash,
                    "width": 3.5 if code == KOREA else 2,
                },
                "marker": {"size": 4},
                "hovertemplate": f"{chart_text(name)}<br>%{{x}}: %{{y:,.{digits}f}}<extra></extra>",
            }
        )
    fig = {"data": traces, "layout": layout(title, subtitle, source)}
    fig["layout"]["xaxis"] = year_ticks(view.start, view.end)
    fig["layout"]["yaxis"] = {
        "type": "log" if view.log and not view.change else "linear",
        "zeroline": view.change,
    }
    fig["layout"]["separators"] = ".,"
    fig["layout"]["hoverlabel"] = {"namelength": -1}
    return legend_room(fig)
