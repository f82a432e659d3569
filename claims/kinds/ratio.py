"""``ratio``: one series divided by another (e.g. women's over men's unpaid work) above a threshold."""

from __future__ import annotations

from typing import Any

import pandas as pd

from claims.data import MissingData
from claims.kinds.base import COUNTRY_P, LATEST, CheckKind, Context, Param
from claims.kinds.common import country_rows, fmt, lower_title, ordinal, pick_year, year_rule
from claims.model import ChartData, CheckResult, Figure, Label
from registry.catalogue import series_info
from registry.groups import country_name, members_phrase


def rule_ratio(params: dict[str, Any]) -> str:
    return (
        f"Supported if, for {country_name(params['country'])} in {year_rule(params['year'])}, "
        f"{lower_title(params['numerator'])} divided by {lower_title(params['denominator'])} is at least "
        f"{params['supported_at']:g}; partly supported if it is above {params['partly_at']:g}; "
        "otherwise not supported."
    )


def describe_ratio(params: dict[str, Any]) -> str:
    text = (
        f"{lower_title(params['numerator'])} ÷ {lower_title(params['denominator'])} in "
        f"{country_name(params['country'])}, against {params['supported_at']:g}"
    )
    return text[:1].upper() + text[1:]


def ratio_frame(ctx: Context, params: dict[str, Any]) -> pd.DataFrame:
    """country_code, country, year, value (the ratio) for every country-year with both series."""
    num, den = ctx.view.frame(params["numerator"]), ctx.view.frame(params["denominator"])
    both = num.merge(den, on=["country_code", "country", "year"], suffixes=("_num", "_den"))
    both = both[(both["value_den"] > 0) & both["value_num"].notna()]
    return both.assign(value=both["value_num"] / both["value_den"])


def run_ratio(ctx: Context, params: dict[str, Any]) -> CheckResult:
    country, num, den = params["country"], params["numerator"], params["denominator"]
    ratios = ratio_frame(ctx, params)
    if country_rows(ratios, country).empty:
        raise MissingData(
            f"{ctx.data_phrase.capitalize()} have no year with both {lower_title(num)} and "
            f"{lower_title(den)} for {country_name(country)}."
        )
    year = pick_year(ctx, ratios, num, country, params["year"])
    row = ratios[(ratios["country_code"] == country) & (ratios["year"] == year)].iloc[0]
    ratio = float(row["value"])
    if ratio >= params["supported_at"]:
        label = Label.SUPPORTED
    elif ratio > params["partly_at"]:
        label = Label.PARTLY
    else:
        label = Label.NOT_SUPPORTED
    evidence = (
        f"In {year}, {lower_title(num)} in {country_name(country)} was {fmt(num, row['value_num'])} and "
        f"{lower_title(den)} {fmt(den, row['value_den'])}, a ratio of {ratio:.2f}"
    )
    figures = [
        Figure(num, num, country, country_name(country), year, float(row["value_num"])),
        Figure(den, den, country, country_name(country), year, float(row["value_den"])),
    ]
    points = country_rows(ratios, country)
    finding = f"ratio {ratio:.2f} in {year}"
    caveats: list[str] = []
    group = params.get("group")
    if group:
        members = ctx.group(group, set(ratios["country_code"]), country)
        latest = (
            ratios[ratios["country_code"].isin(members)].sort_values("year").groupby("country_code").tail(1)
        )
        latest = latest[latest["country_code"] != country]
        latest = pd.concat([latest, row.to_frame().T]).astype({"year": "int64", "value": "float64"})
        rank = int((latest["value"] > ratio).sum()) + 1
        place = "highest" if rank == 1 else f"{ordinal(rank)} highest"
        evidence += f", the {place} of {members_phrase(group, len(latest))} with data"
        finding += f", the {place} of {members_phrase(group, len(latest))}"
        caveats.append("The comparison uses each country's latest year, so survey years differ.")
        figures.append(
            Figure("ratio", f"{num}/{den}", country, country_name(country), year, ratio, rank, len(latest))
        )
        points = latest.sort_values("value", ascending=False).reset_index(drop=True)
    else:
        figures.append(Figure("ratio", f"{num}/{den}", country, country_name(country), year, ratio))
    return CheckResult(
        kind="",
        label=label,
        evidence=evidence + ".",
        rule="",
        finding=finding,
        figures=tuple(figures),
        caveats=tuple(caveats),
        chart=ChartData(
            kind="ranking" if group else "timeline",
            points=points[["country_code", "country", "year", "value"]],
            country=country,
            series=num,
            reference=params["supported_at"],
            reference_label=f"supported at {params['supported_at']:g}×",
            value_label=f"{series_info(num).title} ÷ {series_info(den).title.lower()}",
        ),
    )


def _validate_ratio(params: dict[str, Any]) -> None:
    if params["supported_at"] < params["partly_at"]:
        raise ValueError("'supported_at' must be at least 'partly_at'")


RATIO = CheckKind(
    "ratio",
    "One series divided by another is above a threshold.",
    (
        Param("numerator", "series", required=True),
        Param("denominator", "series", required=True),
        COUNTRY_P,
        Param("group", "group", doc="also rank the ratio within this group"),
        Param("year", "year", default="latest", choices=LATEST),
        Param("supported_at", "positive", required=True, doc="supported at or above this ratio"),
        Param("partly_at", "positive", default=1.0, doc="partly supported above this ratio"),
    ),
    run_ratio,
    rule_ratio,
    _validate_ratio,
    describe_ratio,
)
