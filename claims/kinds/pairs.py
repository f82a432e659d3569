"""Pairs of measures for the association check: a measure is a series or a ratio of two
("unpaid_care_female/unpaid_care_male"); a cross-section takes one pair per group member.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from claims.data import MissingData
from claims.kinds.base import Context
from claims.kinds.common import distance_text, fmt, latest_covered_year, lower_title
from claims.kinds.ratio import ratio_frame
from claims.model import ChartData
from registry.catalogue import series_info
from registry.groups import GROUPS

COLUMNS = ["country_code", "country", "year", "x", "y"]
CAVEAT = (
    "An association shows neither cause nor its direction: the two may move together because of a "
    "third factor, or either may drive the other. A pattern across countries need not hold within "
    "one country over time, and the reverse."
)


def phrase(measure: str) -> str:
    if "/" in measure:
        num, den = measure.split("/")
        return f"the ratio of {lower_title(num)} to {lower_title(den)}"
    return lower_title(measure)


def path_chart(own: pd.DataFrame, start: int, end: int, country: str, x: str, y: str) -> ChartData:
    """One country's path through the pair ``x``, ``y`` over ``start``–``end``: the within-country
    tests' chart."""
    return ChartData(
        kind="paths",
        points=own[own["year"].between(start, end)].reset_index(drop=True),
        country=country,
        series=y.split("/")[0],
        value_label=title(y),
        x_label=title(x),
    )


def title(measure: str) -> str:
    if "/" in measure:
        num, den = measure.split("/")
        return f"{series_info(num).title} ÷ {series_info(den).title.lower()}"
    info = series_info(measure)
    return f"{info.title} ({info.short_unit})"


def show(measure: str, value: float) -> str:
    return f"{value:.2f}" if "/" in measure else fmt(measure, value)


def change_text(measure: str, change: float) -> str:
    sign = "+" if change >= 0 else "−"
    size = f"{abs(change):.2f}" if "/" in measure else distance_text(measure, change, False, 1.0)
    return sign + size


def measure_frame(ctx: Context, measure: str) -> pd.DataFrame:
    if "/" in measure:
        num, den = measure.split("/")
        return ratio_frame(ctx, {"numerator": num, "denominator": den})
    return ctx.view.frame(measure)


def pairs(ctx: Context, params: dict[str, Any]) -> pd.DataFrame:
    """country_code, country, year, x, y for every country-year with both measures."""
    x, y = measure_frame(ctx, params["x"]), measure_frame(ctx, params["y"])
    both = x[["country_code", "country", "year", "value"]].merge(
        y[["country_code", "year", "value"]], on=["country_code", "year"], suffixes=("_x", "_y")
    )
    both = both.rename(columns={"value_x": "x", "value_y": "y"}).dropna(subset=["x", "y"])
    return both[COLUMNS].sort_values(["country_code", "year"]).reset_index(drop=True)


def no_pairs(ctx: Context, params: dict[str, Any], where: str) -> MissingData:
    return MissingData(
        f"{ctx.data_phrase.capitalize()} have no year with both {phrase(params['x'])} and "
        f"{phrase(params['y'])} for {where}."
    )


# ---------------------------------------------------------------- across countries


def cross_section(
    ctx: Context, params: dict[str, Any], both: pd.DataFrame
) -> tuple[pd.DataFrame, str, list[str]]:
    """One (x, y) pair per group member, a phrase for the year(s) used, and caveats."""
    group, country, spec = params["group"], params["country"], params["year"]
    members = ctx.group(group, set(both["country_code"]), country)
    data = both[both["country_code"].isin(members)]
    if data.empty:
        raise no_pairs(ctx, params, f"any of the {GROUPS[group]}")
    with_data = set(data["country_code"])
    caveats: list[str] = []
    if spec == "latest_each":
        latest = data.groupby("country_code").tail(1)
        oldest = int(latest["year"].max()) - params["max_age"]
        too_old = latest[latest["year"] < oldest]
        if len(too_old):
            caveats.append(
                f"{len(too_old)} with a pair only before {oldest} are left out: "
                f"{', '.join(sorted(too_old['country_code']))}."
            )
        chosen = latest[latest["year"] >= oldest]
        years = sorted(set(chosen["year"]))
        caveats.append(
            "Each country's latest year with both measures is used, so years differ between countries."
        )
        when = (
            f"in {years[0]}"
            if len(years) == 1
            else f"in each one's latest year with both ({years[0]}–{years[-1]})"
        )
        return chosen, when, caveats
    counts = data.groupby("year")["country_code"].nunique()
    if spec == "latest_common":
        ordered = [int(y) for y in sorted(counts.index, reverse=True)]
        year = latest_covered_year(counts, ordered, len(with_data), params["min_coverage"], caveats)
        newest = ordered[0]
        if year != newest:
            caveats.append(
                f"Only {int(counts[newest])} of the {len(with_data)} with data have both for {newest}, "
                f"so {year} is used."
            )
    else:
        year = ctx.resolve_year(spec)
        if year not in counts.index:
            raise MissingData(
                f"{ctx.data_phrase.capitalize()} have no country with both {phrase(params['x'])} and "
                f"{phrase(params['y'])} in {year} (pairs run {int(min(counts.index))}–"
                f"{int(max(counts.index))})."
            )
    chosen = data[data["year"] == year]
    missing = sorted(with_data - set(chosen["country_code"]))
    if missing:
        caveats.append(f"No {year} pair for {len(missing)} of them: {', '.join(missing)}.")
    return chosen, f"in {year}", caveats
