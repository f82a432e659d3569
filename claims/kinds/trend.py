"""``trend``: a value rose (or fell) over a window of years, and how many of a group moved alike."""

from __future__ import annotations

from typing import Any

from claims.data import MissingData
from claims.kinds.base import COUNTRY_P, LATEST, SERIES_P, CheckKind, Context, Param
from claims.kinds.common import (
    distance_text,
    fmt,
    lower_title,
    pick_year,
    possessive,
    value_at,
    year_rule,
)
from claims.model import ChartData, CheckResult, Evidence, Figure, Label
from registry.catalogue import series_info
from registry.groups import GROUPS, country_name, members_phrase


def rule_trend(params: dict[str, Any]) -> str:
    return _rule_own(params) + _rule_share(params)


def _rule_share(params: dict[str, Any]) -> str:
    if params.get("group_share") is None:
        return ""
    verb = "risen" if params["direction"] == "up" else "fallen"
    return (
        f" To be supported, more than {params['group_share']:.0%} of the other {GROUPS[params['group']]} "
        f"with data must also have {verb} over the window; otherwise it is at most partly supported."
    )


def _rule_own(params: dict[str, Any]) -> str:
    verb, other = ("rose", "fell") if params["direction"] == "up" else ("fell", "rose")
    subject = f"{possessive(params['country'])} {lower_title(params['series'])}"
    window = f"over the {params['years']} years to {year_rule(params['end'])}"
    if not params["min_change"]:
        return (
            f"Supported if {subject} {verb} {window}; partly supported if it did not change; "
            f"not supported if it {other}."
        )
    by = distance_text(params["series"], params["min_change"], False, 1.0)
    return (
        f"Supported if {subject} {verb} by more than {by} {window}; partly supported if it moved by no more "
        f"than that; not supported if it {other} by more."
    )


def describe_trend(params: dict[str, Any]) -> str:
    verb = "rose" if params["direction"] == "up" else "fell"
    also = f", and how many other {GROUPS[params['group']]} did" if params.get("group") else ""
    return (
        f"Whether {possessive(params['country'])} {lower_title(params['series'])} {verb} over "
        f"{params['years']} years{also}"
    )


def run_trend(ctx: Context, params: dict[str, Any]) -> CheckResult:
    series, country, years = params["series"], params["country"], params["years"]
    frame = ctx.view.frame(series)
    end = pick_year(ctx, frame, series, country, params["end"])
    own = ctx.view.rows(series, country)
    start_candidates = own[(own["year"] >= end - years) & (own["year"] <= end - years + params["slack"])]
    if start_candidates.empty:
        first = int(own["year"].min())
        raise MissingData(
            f"{possessive(country)} {lower_title(series)} figures in {ctx.data_phrase} start in {first}, "
            f"too late for a {years}-year window ending in {end}."
        )
    start = int(start_candidates["year"].min())
    v0, v1 = value_at(frame, country, start), value_at(frame, country, end)
    assert v0 is not None and v1 is not None
    change = v1 - v0
    sign = 1 if params["direction"] == "up" else -1
    if sign * change > params["min_change"]:
        label = Label.SUPPORTED
    elif abs(change) <= params["min_change"]:
        label = Label.PARTLY
    else:
        label = Label.NOT_SUPPORTED
    verb = "rose" if change > 0 else "fell" if change < 0 else "did not change"
    evidence = (
        f"{possessive(country)} {lower_title(series)} {verb} from {fmt(series, v0)} in {start} to "
        f"{fmt(series, v1)} in {end} ({'+' if change >= 0 else '−'}"
        f"{distance_text(series, change, False, 1.0)})"
    )
    finding = (
        f"{lower_title(series)} {'+' if change >= 0 else '−'}{distance_text(series, change, False, 1.0)} "
        f"from {start} to {end}"
    )
    caveats = []
    if start != end - years:
        caveats.append(f"No figure for {end - years}, so the window starts in {start}.")
    window = frame[frame["year"].between(start, end)]
    group = params.get("group")
    if group:
        members = ctx.group(group, set(frame["country_code"]), country) - {country}
        wide = window[window["year"].isin([start, end])].pivot_table(
            index="country_code", columns="year", values="value"
        )
        wide = wide.reindex(index=sorted(members & set(wide.index))).dropna()
        if start in wide.columns and end in wide.columns:
            moved = wide[end] - wide[start]
            same = int((sign * moved > 0).sum())
            direction = "rose" if sign > 0 else "fell"
            evidence += f"; {same} of the other {members_phrase(group, len(wide))} with data also {direction}"
            finding += f" ({same} of {len(wide)} others also {direction})"
            share = params.get("group_share")
            if share is not None and label is Label.SUPPORTED and same <= share * len(wide):
                label = Label.PARTLY
        window = window[window["country_code"].isin(members | {country})]
    return CheckResult(
        kind="",
        label=label,
        evidence=evidence + ".",
        rule="",
        finding=finding,
        figures=(
            Figure("start", series, country, country_name(country), start, v0),
            Figure("end", series, country, country_name(country), end, v1),
        ),
        caveats=tuple(caveats),
        chart=ChartData(
            kind="trend", points=window, country=country, series=series, value_label=series_info(series).unit
        ),
    )


def _validate_trend(params: dict[str, Any]) -> None:
    share = params.get("group_share")
    if share is not None and (share >= 1 or not params.get("group")):
        raise ValueError("'group_share' needs a 'group' and a share below 1, such as 0.5")


TREND = CheckKind(
    "trend",
    "A value rose (or fell) over a window of years.",
    (
        SERIES_P,
        COUNTRY_P,
        Param("group", "group", doc="also count how many of this group moved the same way"),
        Param("direction", "choice", default="up", choices=("up", "down")),
        Param("years", "int", required=True, doc="window length in years"),
        Param("end", "year", default="latest", choices=LATEST),
        Param("min_change", "number", default=0.0, doc="smallest change that counts, in the unit"),
        Param("slack", "int", default=2, doc="start year may be this many years later if missing"),
        Param(
            "group_share", "positive", doc="supported only if more than this share of the group moved alike"
        ),
    ),
    run_trend,
    rule_trend,
    _validate_trend,
    describe_trend,
    lambda params: Evidence.TREND,
)
