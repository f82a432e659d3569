"""Helpers the check kinds share: wording (possessives, ordinals, years) and reading frames."""

from __future__ import annotations

from typing import Any

import pandas as pd

from claims.data import MissingData, series_phrase
from claims.kinds.base import YEAR_PATTERN, Context
from claims.model import Label
from registry.catalogue import series_info
from registry.groups import country_name


def fmt(series: str, value: float) -> str:
    return series_info(series).describe_value(value)


lower_title = series_phrase


def possessive(code: str) -> str:
    name = country_name(code)
    return f"{name}'" if name.endswith("s") else f"{name}'s"


def ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def country_rows(frame: pd.DataFrame, country: str) -> pd.DataFrame:
    return frame[frame["country_code"] == country].dropna(subset=["value"]).sort_values("year")


def value_at(frame: pd.DataFrame, country: str, year: int) -> float | None:
    rows = frame[(frame["country_code"] == country) & (frame["year"] == year)]["value"].dropna()
    return float(rows.iloc[0]) if len(rows) else None


def pick_year(ctx: Context, frame: pd.DataFrame, series: str, country: str, spec: Any) -> int:
    """The year a claim refers to, or MissingData saying plainly why it has no figure."""
    view_frame = frame is ctx.view.frame(series)  # rows of the view's own frames are cached
    rows = ctx.view.rows(series, country) if view_frame else country_rows(frame, country)
    if rows.empty:
        raise MissingData(
            f"{ctx.data_phrase.capitalize()} have no {lower_title(series)} figure for "
            f"{country_name(country)}."
        )
    wanted = ctx.resolve_year(spec)
    if wanted is None:
        return int(rows["year"].max())
    if wanted in set(rows["year"]):
        return wanted
    series_end = int(frame["year"].max())
    if series_end < wanted:
        raise MissingData(
            f"{ctx.data_phrase.capitalize()} end in {series_end}, before the year the claim refers to "
            f"({wanted}); re-fetch to check."
        )
    raise MissingData(
        f"{ctx.data_phrase.capitalize()} have no {lower_title(series)} figure for {country_name(country)} "
        f"in {wanted} (its figures end in {int(rows['year'].max())})."
    )


def latest_covered_year(
    counts: pd.Series, candidates: list[int], total: int, min_coverage: float, caveats: list[str]
) -> int:
    """The latest of ``candidates`` in which at least ``min_coverage`` of the ``total`` countries with
    data report (``counts``: countries per year). If no year is that well covered, the best covered
    (the latest among ties), with a caveat saying how far short it falls."""
    need = min_coverage * total
    year = next((y for y in candidates if counts.get(y, 0) >= need), None)
    if year is None:
        year = max(candidates, key=lambda y: (counts.get(y, 0), y))
        caveats.append(
            f"No year has {min_coverage:.0%} of the {total} with data; {year} has the most, "
            f"{int(counts.get(year, 0))} of them ({counts.get(year, 0) / total:.0%}), so it is used; "
            'year = "latest_each" compares each one\'s latest figure instead.'
        )
    return int(year)


def year_rule(spec: Any) -> str:
    if spec in ("latest", None):
        return "the latest year with data"
    if isinstance(spec, int):
        return str(spec)
    match = YEAR_PATTERN.match(str(spec))
    sign, offset = match.groups() if match else (None, None)
    if not offset:
        return "the article's year"
    if offset == "1":
        return f"the year {'before' if sign == '-' else 'after'} the article's"
    return f"{offset} years {'before' if sign == '-' else 'after'} the article's year"


def distance_text(series: str, diff: float, relative: bool, reference: float) -> str:
    if relative:
        return f"{abs(diff) / abs(reference):.1%}"
    info = series_info(series)
    if info.short_unit == "%":
        return f"{abs(diff):.{info.decimals}f} percentage points"
    return fmt(series, abs(diff))


def grade(distance: float, tolerance: float, partly_factor: float) -> Label:
    if distance <= tolerance:
        return Label.SUPPORTED
    if distance <= tolerance * partly_factor:
        return Label.PARTLY
    return Label.NOT_SUPPORTED
