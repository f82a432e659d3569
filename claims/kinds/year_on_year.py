"""The association check's year-on-year form: within one country, did the years in which one measure
rose more (or fell less) tend to be the years in which the other moved as claimed?

Two measures that both trend over a window move together whatever links them, so the window's start
and end (the ``within`` form) cannot show an association; the year-on-year changes can, because the
shared trend drops out. ρ and its interval are the same statistics as across countries
(claims.kinds.correlation), over the consecutive years with both measures.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from claims.data import MissingData
from claims.kinds.base import Context
from claims.kinds.common import possessive, year_rule
from claims.kinds.correlation import INTERVAL, MIN_N, rank_correlation, sign_and_interval, signed
from claims.kinds.pairs import CAVEAT, no_pairs, pairs, path_chart, phrase
from claims.model import CheckResult, Figure, Label
from registry.groups import country_name


def rule_year_on_year(params: dict[str, Any]) -> str:
    sign, other = ("positive", "negative") if params["direction"] == "positive" else ("negative", "positive")
    end = "the latest year with both" if params["end"] == "latest" else year_rule(params["end"])
    return (
        f"Supported if, over the {params['years']} years to {end}, Spearman's rank correlation ρ between "
        f"{possessive(params['country'])} year-on-year changes in {phrase(params['x'])} and in "
        f"{phrase(params['y'])} is {sign} and its {params['confidence']:.0%} {INTERVAL} excludes 0; "
        f"partly supported if ρ is {sign} but the interval includes 0; not supported if ρ is 0 or {other}. "
        f"With fewer than {params['min_n']} changes it cannot be checked."
    )


def changes(own: pd.DataFrame, start: int, end: int) -> pd.DataFrame:
    """year, x, y: each measure's change from the year before, for consecutive years in the window."""
    window = own[own["year"].between(start, end)].sort_values("year").reset_index(drop=True)
    steps = window[["year", "x", "y"]].diff()
    steps["year"] = window["year"]
    return steps[window["year"].diff() == 1].reset_index(drop=True)


def run_year_on_year(ctx: Context, params: dict[str, Any]) -> CheckResult:
    x, y, country, years = params["x"], params["y"], params["country"], params["years"]
    own = pairs(ctx, params)
    own = own[own["country_code"] == country]
    if own.empty:
        raise no_pairs(ctx, params, country_name(country))
    wanted = ctx.resolve_year(params["end"])
    end = int(own["year"].max()) if wanted is None else wanted
    start = end - years
    steps = changes(own, start, end)
    corr = rank_correlation(steps["x"], steps["y"], params["confidence"])
    n = len(steps)
    if n < max(params["min_n"], MIN_N) or corr is None:
        raise MissingData(
            f"{ctx.data_phrase.capitalize()} give {possessive(country)} {phrase(x)} and {phrase(y)} for "
            f"only {n} consecutive-year changes from {start} to {end} (or one measure never changed), too "
            f"few for a rank correlation (at least {max(params['min_n'], MIN_N)} needed)."
        )
    agrees = corr.rho * (1 if params["direction"] == "positive" else -1) > 0
    label = (Label.SUPPORTED if corr.excludes_zero else Label.PARTLY) if agrees else Label.NOT_SUPPORTED
    verdict = f"in the claimed {params['direction']} direction" if agrees else "not as claimed"
    certainty = "" if corr.excludes_zero else ", not distinguishable from zero"
    first, last = int(steps["year"].min()) - 1, int(steps["year"].max())
    evidence = (
        f"Within {country_name(country)}, over {n} year-on-year changes from {first} to {last}, the rank "
        f"correlation between the change in {phrase(x)} and the change in {phrase(y)} was "
        f"{corr.strength}{certainty}: {corr.describe()}, {verdict}."
    )
    figures = tuple(
        Figure(name, f"Δ{x} ~ Δ{y}", country, country_name(country), last, value, None, n)
        for name, value in (
            ("spearman_rho", corr.rho),
            ("rho_interval_low", corr.low),
            ("rho_interval_high", corr.high),
            ("p_value", corr.p_value),
        )
    )
    return CheckResult(
        kind="",
        label=label,
        evidence=evidence,
        rule="",
        finding=f"ρ = {signed(corr.rho)} over {n} yearly changes, {first}–{last}: "
        + sign_and_interval(corr, agrees),
        figures=figures,
        caveats=(CAVEAT,),
        chart=path_chart(own, first, last, country, x, y),
    )
