"""What a slide's chart shows, before it is drawn: Korea, the OECD average, the others, the unit.

A chart for a room, not a dashboard: Korea highlighted, the OECD average as the one comparison line,
every other country grey and unlabelled, the unit once (on the axis, taken from the series registry;
a ratio of two series is "×"), a claimed figure or a rule's threshold drawn and named as such.
Drawn by dashboard/slide_draw.py, for the PDF and for presentation mode alike.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from registry.catalogue import series_info
from registry.groups import KOREA, country_name, oecd_members

MAX_BARS = 40  # every country's name fits at this many columns; a longer ranking shows its first ones


@dataclass(frozen=True)
class Axis:
    """A value axis: its title (the unit) and how its values are written."""

    label: str
    decimals: int
    suffix: str = ""  # "×" for a ratio: written after every value shown
    counts: bool = False  # whole numbers with thousands separators, no offset ("1e6")

    def format(self, value: float) -> str:
        if self.counts:
            return f"{value:,.0f}"
        return f"{value:,.{self.decimals}f}{self.suffix}".replace("-", "−")


@dataclass(frozen=True)
class Reference:
    """A horizontal line at a claimed figure or at a rule's threshold, with what it is."""

    value: float
    label: str  # "Claimed: 30.0%" or "Rule: supported at 1.5×"


@dataclass(frozen=True)
class Ranking:
    """Countries as columns in rank order, left to right; every column named."""

    names: tuple[str, ...]
    values: tuple[float, ...]
    korea: int | None  # Korea's column, if it is shown
    axis: Axis
    average: float | None = None  # the OECD members' mean, drawn across
    average_label: str = "OECD average"
    reference: Reference | None = None
    total: int = 0  # countries ranked, when only the first MAX_BARS are drawn


@dataclass(frozen=True)
class Line:
    years: tuple[int, ...]
    values: tuple[float, ...]
    role: str  # "korea", "average" or "other" (grey, unlabelled)
    label: str = ""


@dataclass(frozen=True)
class Lines:
    """Values over the years: Korea, the OECD average and the others in grey."""

    lines: tuple[Line, ...]
    axis: Axis
    reference: Reference | None = None
    points: bool = False  # survey data: dots, not a line through years without a survey


@dataclass(frozen=True)
class Dots:
    """One dot per country (x against y), Korea named; the OECD averages as dashed lines."""

    x: tuple[float, ...]
    y: tuple[float, ...]
    korea: int | None
    x_axis: Axis
    y_axis: Axis
    average: tuple[float, float] | None = None
    average_label: str = "OECD average"


@dataclass(frozen=True)
class Panels:
    """Charts stacked above one another, sharing the years (a country's two measures over time)."""

    charts: tuple[Lines, ...]


SlideChart = Ranking | Lines | Dots | Panels


def series_axis(series_id: str) -> Axis:
    """A series' own unit, as the registry writes it."""
    info = series_info(series_id)
    return Axis(info.unit, info.decimals, counts=info.integer)


def ratio_axis(numerator: str, denominator: str) -> Axis:
    """Women's value divided by men's: a ratio, never the series' own unit."""
    num, den = series_info(numerator).title, series_info(denominator).title
    return Axis(f"{num} ÷ {den[:1].lower() + den[1:]} (×)", 2, "×")


def named_axis(name: str) -> Axis:
    """A measure named in a check ("a" or "a/b") with its unit, for a scatter's two axes."""
    if "/" in name:
        return ratio_axis(*name.split("/", 1))
    info = series_info(name)
    return Axis(f"{info.title} ({info.unit})", info.decimals, counts=info.integer)


def gap_unit(series_id: str) -> tuple[str, str]:
    """The unit and short unit of women's value minus men's: a difference of two rates in % is in
    percentage points; minutes minus minutes are minutes."""
    info = series_info(series_id)
    if info.short_unit == "%":
        return "percentage points", "pp"
    return info.unit, info.short_unit


def _oecd_mean(frame: pd.DataFrame, column: str = "value") -> float | None:
    rows = frame[frame["country_code"].isin(oecd_members())][column]
    return float(rows.mean()) if len(rows) else None


def average_label(frame: pd.DataFrame) -> str:
    """ "OECD average", or "OECD average (18 members)" when only some members have data."""
    members = int(frame["country_code"].isin(oecd_members()).sum())
    return "OECD average" if members >= len(oecd_members()) else f"OECD average ({members} members)"


def ranking(
    ranked: pd.DataFrame,
    axis: Axis,
    reference: Reference | None = None,
    survey: bool = False,
    country: str = KOREA,
) -> Ranking:
    """Columns in the frame's order; a long ranking keeps its first columns and always ``country``.

    ``survey``: each country's value is from its own survey year, so the year follows its name.
    """
    shown = ranked.reset_index(drop=True)
    if len(shown) > MAX_BARS:
        head = shown.head(MAX_BARS)
        if country not in set(head["country_code"]):
            head = pd.concat([shown.head(MAX_BARS - 1), shown[shown["country_code"] == country]])
        shown = head.reset_index(drop=True)
    names = [
        f"{name} ({year})" if survey else name
        for name, year in zip(shown["country"], shown["year"], strict=True)
    ]
    codes = list(shown["country_code"])
    return Ranking(
        tuple(names),
        tuple(float(v) for v in shown["value"]),
        codes.index(country) if country in codes else None,
        axis,
        _oecd_mean(ranked),
        average_label(ranked),
        reference,
        len(ranked) if len(ranked) > len(shown) else 0,
    )


def _line(frame: pd.DataFrame, role: str, label: str = "") -> Line:
    rows = frame.dropna(subset=["value"]).sort_values("year")
    return Line(tuple(int(y) for y in rows["year"]), tuple(float(v) for v in rows["value"]), role, label)


def lines(
    frame: pd.DataFrame,
    axis: Axis,
    average: pd.DataFrame | None = None,
    reference: Reference | None = None,
    others: pd.DataFrame | None = None,
    country: str = KOREA,
) -> Lines:
    """``country`` over the years (rows of ``frame``), the OECD average and ``others``' rows in grey."""
    drawn = []
    if others is not None:
        rest = others[others["country_code"] != country]
        drawn = [_line(rows, "other") for _, rows in rest.groupby("country_code")]
    if average is not None and len(average):
        drawn.append(_line(average, "average", "OECD average"))
    own = frame[frame["country_code"] == country]
    if len(own):
        drawn.append(_line(own, "korea", country_name(country)))
    return Lines(tuple(drawn), axis, reference)


def dots(points: pd.DataFrame, x_axis: Axis, y_axis: Axis) -> Dots:
    """A cross-section (columns country_code, x, y), the averages over the OECD members among them."""
    codes = list(points["country_code"])
    mean_x, mean_y = _oecd_mean(points, "x"), _oecd_mean(points, "y")
    average = (mean_x, mean_y) if mean_x is not None and mean_y is not None else None
    return Dots(
        tuple(float(v) for v in points["x"]),
        tuple(float(v) for v in points["y"]),
        codes.index(KOREA) if KOREA in codes else None,
        x_axis,
        y_axis,
        average,
        average_label(points),
    )


def finite(values: tuple[float, ...]) -> list[float]:
    return [v for v in values if not math.isnan(v)]
