"""``rank``: a country is first (highest or lowest) within a group, in a common or each latest year."""

from __future__ import annotations

from typing import Any

import pandas as pd

from claims.kinds.base import COUNTRY_P, GROUP_P, SERIES_P, CheckKind, Context, Param
from claims.kinds.common import (
    country_rows,
    fmt,
    latest_covered_year,
    lower_title,
    ordinal,
    pick_year,
    possessive,
    year_rule,
)
from claims.model import ChartData, CheckResult, Figure, Label
from registry.catalogue import series_info
from registry.groups import GROUPS, MIN_COVERAGE, country_name, members_phrase


def rule_rank(params: dict[str, Any]) -> str:
    position, within = params["position"], int(params["partly_within"])
    group = GROUPS[params["group"]]
    year = params["year"]
    if year == "latest_common":
        when = (
            f"in the latest year for which at least {params['min_coverage']:.0%} of the {group} with "
            "data have a figure"
        )
    elif year == "latest_each":
        when = f"using each country's latest figure (at most {params['max_age']} years older)"
    else:
        when = f"in {year_rule(year)}"
    return (
        f"Supported if {country_name(params['country'])} has the {position} {lower_title(params['series'])} "
        f"of the {group} with data, {when}; partly supported if tied for {position} or within the "
        f"{position} {within}; otherwise not supported."
    )


def describe_rank(params: dict[str, Any]) -> str:
    return (
        f"Whether {country_name(params['country'])} has the {params['position']} "
        f"{lower_title(params['series'])} of the {GROUPS[params['group']]}"
    )


def ranking_frame(ctx: Context, params: dict[str, Any]) -> tuple[pd.DataFrame, str, list[str]]:
    """One value per group country to rank, a phrase for the year(s) used, and caveats."""
    series, country, year_spec = params["series"], params["country"], params["year"]
    frame = ctx.view.frame(series)
    members = ctx.group(params["group"], set(frame["country_code"]), country)
    data = frame[frame["country_code"].isin(members)].dropna(subset=["value"])
    own = country_rows(data, country)
    if own.empty:
        pick_year(ctx, frame, series, country, "latest")  # raises the plain message
    with_data = set(data["country_code"])
    caveats: list[str] = []
    if year_spec == "latest_each":
        latest = data.sort_values("year").groupby("country_code").tail(1)
        oldest_allowed = int(own["year"].max()) - params["max_age"]
        too_old = latest[latest["year"] < oldest_allowed]
        chosen = latest[latest["year"] >= oldest_allowed]
        if len(too_old):
            caveats.append(
                f"{len(too_old)} with figures only before {oldest_allowed} are left out: "
                f"{', '.join(sorted(too_old['country_code']))}."
            )
        years = sorted(set(chosen["year"]))
        phrase = f"in {years[0]}" if len(years) == 1 else f"latest figures ({years[0]}–{years[-1]})"
        caveats.append("Each country's latest year is used, so years differ between countries.")
        return chosen, phrase, caveats
    if year_spec == "latest_common":
        counts = data.groupby("year")["country_code"].nunique()
        candidates = [int(y) for y in sorted(own["year"], reverse=True)]
        year = latest_covered_year(counts, candidates, len(with_data), params["min_coverage"], caveats)
        newest = int(own["year"].max())
        if year != newest:
            caveats.append(
                f"{country_name(country)} has a figure for {newest}, but only {int(counts[newest])} of the "
                f"{len(with_data)} with data do, so {year} is compared."
            )
    else:
        year = pick_year(ctx, frame, series, country, year_spec)
    chosen = data[data["year"] == year]
    missing = sorted(with_data - set(chosen["country_code"]))
    if missing:
        caveats.append(f"No {year} figure for {len(missing)} of them: {', '.join(missing)}.")
    return chosen, f"in {year}", caveats


def run_rank(ctx: Context, params: dict[str, Any]) -> CheckResult:
    series, country, position = params["series"], params["country"], params["position"]
    chosen, when, caveats = ranking_frame(ctx, params)
    highest = position == "highest"
    values = chosen.set_index("country_code")["value"]
    own = float(values[country])
    better = int((values > own).sum() if highest else (values < own).sum())
    tied = sorted(c for c in values.index if c != country and values[c] == own)
    rank, n = better + 1, len(values)
    if rank == 1 and not tied:
        label = Label.SUPPORTED
    elif rank <= params["partly_within"]:
        label = Label.PARTLY
    else:
        label = Label.NOT_SUPPORTED
    place = position if rank == 1 else f"{ordinal(rank)} {position}"
    tie_text = f" (tied with {', '.join(country_name(c) for c in tied)})" if tied else ""
    if n == 1:
        caveats.append(f"Only {country_name(country)} has data, so the ranking says nothing.")
        label = Label.CANNOT_CHECK
    evidence = (
        f"{when.capitalize()} {possessive(country)} {lower_title(series)} was {fmt(series, own)}, "
        f"the {place}{tie_text} of {members_phrase(params['group'], n)} with data"
    )
    figures = [
        Figure("rank", series, country, country_name(country), _year_of(chosen, country), own, rank, n)
    ]
    if rank > 1:
        leader = chosen.sort_values("value", ascending=not highest).iloc[0]
        evidence += f"; {leader['country']} was {position} at {fmt(series, leader['value'])}"
        figures.append(
            Figure(
                position,
                series,
                leader["country_code"],
                leader["country"],
                int(leader["year"]),
                float(leader["value"]),
                1,
                n,
            )
        )
    return CheckResult(
        kind="",
        label=label,
        evidence=evidence + ".",
        rule="",
        finding=f"{lower_title(series)} {fmt(series, own)} {when}, the {place}{tie_text} of "
        f"{members_phrase(params['group'], n)}",
        figures=tuple(figures),
        caveats=tuple(caveats),
        chart=ChartData(
            kind="ranking",
            points=chosen.sort_values("value", ascending=not highest).reset_index(drop=True),
            country=country,
            series=series,
            value_label=series_info(series).unit,
        ),
    )


def _year_of(frame: pd.DataFrame, country: str) -> int:
    return int(frame.loc[frame["country_code"] == country, "year"].iloc[0])


RANK = CheckKind(
    "rank",
    "A country ranks first (highest or lowest) within a group.",
    (
        SERIES_P,
        COUNTRY_P,
        GROUP_P,
        Param("position", "choice", required=True, choices=("highest", "lowest")),
        Param("year", "year", default="latest_common", choices=("latest_common", "latest_each")),
        Param(
            "min_coverage",
            "positive",
            default=MIN_COVERAGE,
            doc="share of the group a common year needs",
        ),
        Param("max_age", "int", default=5, doc="latest_each: oldest figure allowed, in years"),
        Param("partly_within", "int", default=3, doc="partly supported if ranked within this many"),
    ),
    run_rank,
    rule_rank,
    describe=describe_rank,
)
