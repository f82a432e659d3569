"""``association``: two measures go together, across the countries of a group or within one country.

Across countries: Spearman's ρ over the group's members in one year (or each country's latest
pair), with its interval and p-value (claims.kinds.correlation); within a country: whether both
measures moved the claimed ways over a window (a co-trend: corroboration only, see claims.engine),
or year on year (claims.kinds.year_on_year). Either measure may be a ratio of two series
("unpaid_care_female/unpaid_care_male"). An association is never read as a cause.
"""

from __future__ import annotations

from typing import Any

from claims.data import MissingData
from claims.kinds.base import COUNTRY_P, GROUP_P, LATEST, CheckKind, Context, Param
from claims.kinds.common import ordinal, possessive, year_rule
from claims.kinds.correlation import INTERVAL, MIN_N, rank_correlation, sign_and_interval, signed
from claims.kinds.pairs import (
    CAVEAT,
    change_text,
    cross_section,
    no_pairs,
    pairs,
    path_chart,
    phrase,
    show,
    title,
)
from claims.kinds.year_on_year import rule_year_on_year, run_year_on_year
from claims.model import ChartData, CheckResult, Evidence, Figure, Label
from registry.groups import GROUPS, MIN_COVERAGE, country_name

# ---------------------------------------------------------------- across countries


def rule_across(params: dict[str, Any]) -> str:
    year = params["year"]
    if year == "latest_common":
        when = f", in the latest year in which at least {params['min_coverage']:.0%} of them have both,"
    elif year == "latest_each":
        when = f" (each in its latest year with both, at most {params['max_age']} years before the newest)"
    else:
        when = f" in {year_rule(year)}"
    sign, other = _signs(params["direction"])
    return (
        f"Supported if Spearman's rank correlation ρ between {phrase(params['x'])} and "
        f"{phrase(params['y'])}, across the {GROUPS[params['group']]} with data on both{when} is {sign} "
        f"and its {params['confidence']:.0%} {INTERVAL} excludes 0; partly supported if ρ is {sign} but "
        f"the interval includes 0; not supported if ρ is 0 or {other}. ρ and its two-sided p-value are "
        f"SciPy's; with fewer than {params['min_n']} countries it cannot be checked."
    )


def run_across(ctx: Context, params: dict[str, Any]) -> CheckResult:
    x, y, country, group = params["x"], params["y"], params["country"], params["group"]
    both = pairs(ctx, params)
    chosen, when, caveats = cross_section(ctx, params, both)
    n = len(chosen)
    corr = rank_correlation(chosen["x"], chosen["y"], params["confidence"])
    if n < params["min_n"] or corr is None:
        if n >= params["min_n"]:
            raise MissingData(
                f"{when.capitalize()} {n} of the {GROUPS[group]} have both {phrase(x)} and {phrase(y)}, "
                "but one of the measures has the same value in every country, so they have no rank "
                "correlation."
            )
        raise MissingData(
            f"{when.capitalize()} only {n} of the {GROUPS[group]} have both {phrase(x)} and {phrase(y)}, "
            f"too few for a rank correlation (at least {max(params['min_n'], MIN_N)} needed)."
        )
    agrees = corr.rho * (1 if params["direction"] == "positive" else -1) > 0  # the claimed sign
    label = (Label.SUPPORTED if corr.excludes_zero else Label.PARTLY) if agrees else Label.NOT_SUPPORTED
    verdict = (
        f"in the claimed {params['direction']} direction"
        if agrees
        else f"not {params['direction']} as claimed"
    )
    certainty = "" if corr.excludes_zero else ", not distinguishable from zero"
    evidence = (
        f"Across {n} {GROUPS[group]} {when}, the rank correlation between {phrase(x)} and {phrase(y)} "
        f"was {corr.strength}{certainty}: {corr.describe()}, {verdict}"
    )
    finding = f"ρ = {signed(corr.rho)} across {n} {GROUPS[group]} {when}: {sign_and_interval(corr, agrees)}"
    year = int(chosen["year"].iloc[0]) if chosen["year"].nunique() == 1 else None
    figures = [
        Figure("spearman_rho", f"{x} ~ {y}", "", GROUPS[group], year, corr.rho, None, n),
        Figure("rho_interval_low", f"{x} ~ {y}", "", GROUPS[group], year, corr.low, None, n),
        Figure("rho_interval_high", f"{x} ~ {y}", "", GROUPS[group], year, corr.high, None, n),
        Figure("p_value", f"{x} ~ {y}", "", GROUPS[group], year, corr.p_value, None, n),
    ]
    own = chosen[chosen["country_code"] == country]
    if own.empty:
        evidence += f"; {country_name(country)} has no pair {when}"
    else:
        row = own.iloc[0]
        ranks = {m: int((chosen[m] > row[m]).sum()) + 1 for m in ("x", "y")}
        place = {
            m: "highest" if r == 1 else "lowest" if r == n else f"{ordinal(r)} highest"
            for m, r in ranks.items()
        }
        evidence += (
            f". {country_name(country)} ({row['year']}) ranked {place['x']} of {n} on "
            f"{phrase(x)} ({show(x, row['x'])}) and {place['y']} on {phrase(y)} ({show(y, row['y'])})"
        )
        for m, measure in (("x", x), ("y", y)):
            figures.append(
                Figure(
                    m, measure, country, country_name(country), int(row["year"]), float(row[m]), ranks[m], n
                )
            )
    used = chosen.sort_values("country_code")
    names = used["country_code"] if year else used["country_code"] + " " + used["year"].astype(str)
    caveats.append(f"Countries used ({n}{f', {year}' if year else ''}): {', '.join(names)}.")
    caveats.append(CAVEAT)
    path = both[both["country_code"] == country]
    return CheckResult(
        kind="",
        label=label,
        evidence=evidence + ".",
        rule="",
        finding=finding,
        figures=tuple(figures),
        caveats=tuple(caveats),
        chart=ChartData(
            kind="scatter",
            points=chosen.reset_index(drop=True),
            country=country,
            series=y.split("/")[0],
            value_label=title(y),
            x_label=title(x),
            path=path.reset_index(drop=True),
        ),
    )


# ---------------------------------------------------------------- within one country


def _signs(direction: str) -> tuple[str, str]:
    return ("positive", "negative") if direction == "positive" else ("negative", "positive")


def _moves(params: dict[str, Any]) -> tuple[str, str]:
    """The claimed direction of x and of y ("up"/"down")."""
    x_way = params["x_direction"] or "up"
    same = params["direction"] == "positive"
    return x_way, x_way if same else ("down" if x_way == "up" else "up")


def owned(measure: str) -> str:
    """The measure after a possessive: "South Korea's ratio of ...", not "South Korea's the ratio"."""
    return phrase(measure).removeprefix("the ")


def rule_within(params: dict[str, Any]) -> str:
    x_way, y_way = _moves(params)
    verb = {"up": "rose", "down": "fell"}
    end = "the latest year with both" if params["end"] == "latest" else year_rule(params["end"])
    return (
        f"Supported if, over the {params['years']} years to {end}, {possessive(params['country'])} "
        f"{owned(params['x'])} {verb[x_way]} and its "
        f"{owned(params['y'])} {verb[y_way]} (a {params['direction']} association over time); partly "
        "supported if only one of them moved as claimed; not supported if neither did."
    )


def run_within(ctx: Context, params: dict[str, Any]) -> CheckResult:
    x, y, country, years = params["x"], params["y"], params["country"], params["years"]
    both = pairs(ctx, params)
    own = both[both["country_code"] == country]
    if own.empty:
        raise no_pairs(ctx, params, country_name(country))
    have = set(int(v) for v in own["year"])
    wanted = ctx.resolve_year(params["end"])
    end = max(have) if wanted is None else wanted
    if end not in have:
        raise MissingData(
            f"{ctx.data_phrase.capitalize()} have no {end} figure with both {phrase(x)} and {phrase(y)} for "
            f"{country_name(country)} (pairs run {min(have)}–{max(have)})."
        )
    starts = [v for v in sorted(have) if end - years <= v <= end - years + params["slack"]]
    if not starts:
        raise MissingData(
            f"{possessive(country)} pairs of {phrase(x)} and {phrase(y)} in {ctx.data_phrase} start in "
            f"{min(have)}, too late for a {years}-year window ending in {end}."
        )
    start = starts[0]
    first, last = own[own["year"] == start].iloc[0], own[own["year"] == end].iloc[0]
    claimed = dict(zip(("x", "y"), _moves(params), strict=True))
    moved = {m: (last[m] - first[m]) * (1 if claimed[m] == "up" else -1) > 0 for m in ("x", "y")}
    count = sum(moved.values())
    label = Label.SUPPORTED if count == 2 else Label.PARTLY if count == 1 else Label.NOT_SUPPORTED

    def went(m: str, measure: str) -> str:
        change = last[m] - first[m]
        verb = "rose" if change > 0 else "fell" if change < 0 else "did not change"
        return (
            f"{owned(measure)} {verb} from {show(measure, first[m])} to {show(measure, last[m])} "
            f"({change_text(measure, change)})"
        )

    outcome = {2: "both as claimed", 1: "only one as claimed", 0: "neither as claimed"}[count]
    evidence = (
        f"From {start} to {end} {possessive(country)} {went('x', x)} and its {went('y', y)}: {outcome}."
    )
    figures = tuple(
        Figure(f"{m}_{when}", measure, country, country_name(country), int(row["year"]), float(row[m]))
        for m, measure in (("x", x), ("y", y))
        for when, row in (("start", first), ("end", last))
    )
    caveats = [CAVEAT]
    if start != end - years:
        caveats.insert(0, f"No pair for {end - years}, so the window starts in {start}.")
    return CheckResult(
        kind="",
        label=label,
        evidence=evidence,
        rule="",
        finding=f"{owned(x)} {change_text(x, last['x'] - first['x'])} and {owned(y)} "
        f"{change_text(y, last['y'] - first['y'])}, {start}–{end}",
        figures=figures,
        caveats=tuple(caveats),
        chart=path_chart(own, start, end, country, x, y),
    )


# ---------------------------------------------------------------- the kind

FORMS = {
    "across": (rule_across, run_across),
    "within": (rule_within, run_within),
    "year_on_year": (rule_year_on_year, run_year_on_year),
}


def rule(params: dict[str, Any]) -> str:
    return FORMS[params["form"]][0](params)


def run(ctx: Context, params: dict[str, Any]) -> CheckResult:
    return FORMS[params["form"]][1](ctx, params)


def describe(params: dict[str, Any]) -> str:
    x, y = phrase(params["x"]), phrase(params["y"])
    if params["form"] == "across":
        return f"Across the {GROUPS[params['group']]}: {x} against {y}"
    if params["form"] == "within":
        return f"Within {country_name(params['country'])}: {x} and {y} over {params['years']} years"
    return f"Within {country_name(params['country'])}, year on year: changes in {x} against changes in {y}"


def shows(params: dict[str, Any]) -> Evidence:
    """Two measures that both trend over a window move together whatever links them: corroboration."""
    return Evidence.CO_TREND if params["form"] == "within" else Evidence.ASSOCIATION


def validate(params: dict[str, Any]) -> None:
    if params["x"] == params["y"]:
        raise ValueError(f"'x' and 'y' are the same measure ({params['x']}); an association needs two")
    if params["form"] != "across" and params["years"] is None:
        raise ValueError(f"form = '{params['form']}' needs 'years' (the window length)")
    if params["form"] == "across" and (params["years"] is not None or params["x_direction"] is not None):
        raise ValueError(
            "'years' and 'x_direction' apply to form = 'within' only ('years' also to 'year_on_year')"
        )
    if params["form"] == "year_on_year" and params["x_direction"] is not None:
        raise ValueError("'x_direction' applies to form = 'within' only")
    if not 0 < params["confidence"] < 1:
        raise ValueError(f"'confidence' must be between 0 and 1, such as 0.95, got {params['confidence']:g}")
    if params["min_n"] < MIN_N:
        raise ValueError(f"'min_n' must be at least {MIN_N}")


ASSOCIATION = CheckKind(
    "association",
    "Two measures go together (positively or negatively), across countries or within one over time.",
    (
        Param("x", "measure", required=True, doc="series id, or a ratio 'numerator/denominator'"),
        Param("y", "measure", required=True, doc="series id, or a ratio 'numerator/denominator'"),
        Param("direction", "choice", required=True, choices=("positive", "negative")),
        Param("form", "choice", default="across", choices=tuple(FORMS)),
        COUNTRY_P,
        GROUP_P,
        Param("year", "year", default="latest_common", choices=("latest_common", "latest_each")),
        Param("min_coverage", "positive", default=MIN_COVERAGE, doc="share of the group a common year needs"),
        Param("max_age", "int", default=5, doc="latest_each: oldest pair allowed, years before the newest"),
        Param("min_n", "int", default=5, doc="fewest countries for a rank correlation"),
        Param("confidence", "positive", default=0.95, doc="level of the interval for ρ"),
        Param("years", "int", doc="within: window length in years"),
        Param("end", "year", default="latest", choices=LATEST),
        Param("slack", "int", default=2, doc="within: start year may be this many years later if missing"),
        Param("x_direction", "choice", choices=("up", "down"), doc="within: how x moved (default up)"),
    ),
    run,
    rule,
    validate,
    describe,
    shows,
)
