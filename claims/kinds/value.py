"""``about_value`` and ``about_count``: a figure is about what the article says, within a tolerance."""

from __future__ import annotations

from typing import Any

from claims.kinds.base import COUNTRY_P, LATEST, SERIES_P, CheckKind, Context, Param
from claims.kinds.common import (
    country_rows,
    distance_text,
    fmt,
    grade,
    lower_title,
    pick_year,
    possessive,
    value_at,
    year_rule,
)
from claims.model import ChartData, CheckResult, Figure
from registry.catalogue import series_info
from registry.groups import country_name


def tolerance_of(params: dict[str, Any]) -> tuple[float, bool]:
    """(tolerance, relative): an absolute tolerance in the series' unit, or a percentage of the claim."""
    if params.get("tolerance") is not None:
        return params["tolerance"], False
    return params["tolerance_pct"] / 100.0, True


def rule_about(params: dict[str, Any]) -> str:
    series, claimed = params["series"], params["claimed"]
    tol, relative = tolerance_of(params)
    factor = params["partly_factor"]
    show = (lambda t: f"{t:.0%}") if relative else (lambda t: distance_text(series, t, False, claimed))
    return (
        f"Supported if {possessive(params['country'])} {lower_title(series)} "
        f"in {year_rule(params['year'])} is within {show(tol)} of the claimed {fmt(series, claimed)}; "
        f"partly supported if within {show(tol * factor)}; otherwise not supported."
    )


def describe_about(params: dict[str, Any]) -> str:
    series = params["series"]
    return (
        f"{possessive(params['country'])} {lower_title(series)} in {year_rule(params['year'])}, against "
        f"the claimed {fmt(series, params['claimed'])}"
    )


def run_about(ctx: Context, params: dict[str, Any]) -> CheckResult:
    series, country, claimed = params["series"], params["country"], params["claimed"]
    frame = ctx.view.frame(series)
    year = pick_year(ctx, frame, series, country, params["year"])
    value = value_at(frame, country, year)
    assert value is not None
    tol, relative = tolerance_of(params)
    diff = value - claimed
    distance = abs(diff) / abs(claimed) if relative else abs(diff)
    label = grade(distance, tol, params["partly_factor"])
    side = "above" if diff > 0 else "below"
    gap = "exactly" if diff == 0 else f"{distance_text(series, diff, relative, claimed)} {side}"
    evidence = (
        f"In {year} {possessive(country)} {lower_title(series)} was {fmt(series, value)}, "
        f"{gap} the claimed {fmt(series, claimed)}."
    )
    points = country_rows(frame, country)
    return CheckResult(
        kind="",
        label=label,
        evidence=evidence,
        rule="",
        finding=f"{lower_title(series)} {fmt(series, value)} in {year} (claimed: {fmt(series, claimed)})",
        figures=(Figure("value", series, country, country_name(country), year, value),),
        chart=ChartData(
            kind="timeline",
            points=points,
            country=country,
            series=series,
            reference=claimed,
            reference_label=f"claimed: {fmt(series, claimed)}",
            value_label=series_info(series).unit,
        ),
    )


def _about_params(year_required: bool, default_pct: float | None) -> tuple[Param, ...]:
    return (
        SERIES_P,
        COUNTRY_P,
        Param("year", "year", required=year_required, default="latest", choices=LATEST),
        Param("claimed", "number", required=True, doc="the figure the article gives"),
        Param("tolerance", "positive", doc="absolute tolerance in the series' unit"),
        Param("tolerance_pct", "positive", default=default_pct, doc="tolerance as % of the claimed figure"),
        Param("partly_factor", "positive", default=2.0, doc="partly supported within this many tolerances"),
    )


def _validate_about(params: dict[str, Any]) -> None:
    if params.get("tolerance") is None and params.get("tolerance_pct") is None:
        raise ValueError("give either 'tolerance' (in the series' unit) or 'tolerance_pct'")
    if params.get("tolerance") is not None and params.get("tolerance_pct") is not None:
        raise ValueError("give 'tolerance' or 'tolerance_pct', not both")


ABOUT_VALUE = CheckKind(
    "about_value",
    "A value is about X, within a stated tolerance.",
    _about_params(year_required=False, default_pct=None),
    run_about,
    rule_about,
    _validate_about,
    describe_about,
)
ABOUT_COUNT = CheckKind(
    "about_count",
    "A count in a given year is about X, within a stated percentage.",
    _about_params(year_required=True, default_pct=None),
    run_about,
    rule_about,
    _validate_about,
    describe_about,
)
