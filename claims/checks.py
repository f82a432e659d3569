"""The check kinds: how each kind of claim is tested, with its rule written out for the reader.

Each kind declares its parameters (the loader validates claims files against them) and a
``run`` function that turns data into a CheckResult. Rules are sentences built from the same
parameters the code compares against, so the rule shown in the UI is the rule applied.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

import pandas as pd

from claims.data import DataView, MissingData, series_phrase
from claims.model import Article, ChartData, CheckResult, CheckSpec, Figure, Label
from tidy.catalog import SERIES, series_info
from tidy.groups import GROUPS, MIN_COVERAGE, country_name, group_members, is_country

YEAR_PATTERN = re.compile(r"^published\s*(?:([+-])\s*(\d+))?$")


# ---------------------------------------------------------------- parameters


@dataclass(frozen=True)
class Param:
    """One parameter of a check kind: its type ("series", "country", "number", ...) and default."""

    name: str
    type: str
    required: bool = False
    default: Any = None
    choices: tuple[str, ...] = ()
    doc: str = ""


def coerce(param: Param, value: Any) -> Any:
    """Check a parameter value from a claims file; raise ValueError with what was expected."""
    kind = param.type
    if kind == "series":
        if not isinstance(value, str) or value not in SERIES:
            raise ValueError(f"expected a series id ({', '.join(SERIES)}), got {value!r}")
        return value
    if kind == "country":
        if not isinstance(value, str) or not is_country(value.upper()):
            raise ValueError(f"expected an ISO 3166 alpha-3 country code such as 'KOR', got {value!r}")
        return value.upper()
    if kind == "group":
        if value not in GROUPS:
            raise ValueError(f"expected a country group ({', '.join(GROUPS)}), got {value!r}")
        return value
    if kind == "choice":
        if value not in param.choices:
            raise ValueError(f"expected one of {', '.join(param.choices)}, got {value!r}")
        return value
    if kind in ("number", "positive"):
        if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
            raise ValueError(f"expected a number, got {value!r}")
        if kind == "positive" and value <= 0:
            raise ValueError(f"expected a number above 0, got {value!r}")
        return float(value)
    if kind == "int":
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise ValueError(f"expected a whole number of at least 1, got {value!r}")
        return value
    if kind == "year":
        return _coerce_year(value, param.choices)
    raise AssertionError(f"unknown parameter type {kind}")


def _coerce_year(value: Any, words: tuple[str, ...]) -> Any:
    if isinstance(value, int) and not isinstance(value, bool) and 1900 <= value <= 2100:
        return value
    if isinstance(value, str) and (value in words or YEAR_PATTERN.match(value.strip())):
        return value.strip()
    allowed = ", ".join([*(repr(w) for w in words), "a year such as 2023", "'published-1'"])
    raise ValueError(f"expected {allowed}, got {value!r}")


# ---------------------------------------------------------------- context


@dataclass
class Context:
    """What a check may read: the data as of a date, and the article it judges."""

    view: DataView
    article: Article

    @property
    def published_year(self) -> int:
        return self.article.published.year

    def resolve_year(self, spec: Any) -> int | None:
        """A fixed year, a year relative to the article ("published-1"), or None for 'latest'."""
        if isinstance(spec, int):
            return spec
        match = YEAR_PATTERN.match(str(spec))
        if not match:
            return None
        sign, offset = match.groups()
        delta = int(offset or 0) * (-1 if sign == "-" else 1)
        return self.published_year + delta

    def group(self, group: str, codes: set[str], country: str) -> set[str]:
        """Group members (membership as of the article's year), always with the subject country."""
        return group_members(group, set(codes), year=self.published_year) | {country}

    @property
    def data_phrase(self) -> str:
        return f"the data published by {self.view.as_of}" if self.view.as_of else "the data"


# ---------------------------------------------------------------- helpers


def fmt(series: str, value: float) -> str:
    return series_info(series).describe_value(value)


lower_title = series_phrase


def possessive(code: str) -> str:
    name = country_name(code)
    return f"{name}'" if name.endswith("s") else f"{name}'s"


def ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def group_phrase(group: str, n: int) -> str:
    return f"{n} countries" if group == "all" else f"{n} {GROUPS[group]}"


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


# ---------------------------------------------------------------- about_value / about_count


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


# ---------------------------------------------------------------- rank


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
        need = params["min_coverage"] * len(with_data)
        year = next((y for y in candidates if counts.get(y, 0) >= need), None)
        if year is None:  # no year is well covered: take the best covered, the latest among ties
            year = max(candidates, key=lambda y: (counts.get(y, 0), y))
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
        f"the {place}{tie_text} of {group_phrase(params['group'], n)} with data"
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


# ---------------------------------------------------------------- trend


def rule_trend(params: dict[str, Any]) -> str:
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
            evidence += f"; {same} of the other {group_phrase(group, len(wide))} with data also {direction}"
        window = window[window["country_code"].isin(members | {country})]
    return CheckResult(
        kind="",
        label=label,
        evidence=evidence + ".",
        rule="",
        figures=(
            Figure("start", series, country, country_name(country), start, v0),
            Figure("end", series, country, country_name(country), end, v1),
        ),
        caveats=tuple(caveats),
        chart=ChartData(
            kind="trend", points=window, country=country, series=series, value_label=series_info(series).unit
        ),
    )


# ---------------------------------------------------------------- ratio


def rule_ratio(params: dict[str, Any]) -> str:
    return (
        f"Supported if, for {country_name(params['country'])} in {year_rule(params['year'])}, "
        f"{lower_title(params['numerator'])} divided by {lower_title(params['denominator'])} is at least "
        f"{params['supported_at']:g}; partly supported if it is above {params['partly_at']:g}; "
        "otherwise not supported."
    )


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
        evidence += f", the {place} of {group_phrase(group, len(latest))} with data"
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


# ---------------------------------------------------------------- registry


@dataclass(frozen=True)
class CheckKind:
    name: str
    summary: str
    params: tuple[Param, ...]
    run: Callable[[Context, dict[str, Any]], CheckResult]
    rule: Callable[[dict[str, Any]], str]
    validate: Callable[[dict[str, Any]], None] = lambda params: None


SERIES_P = Param("series", "series", required=True, doc="series id in data/")
COUNTRY_P = Param("country", "country", default="KOR", doc="ISO3 code of the subject country")
GROUP_P = Param("group", "group", default="oecd", doc="comparison group: oecd or all")
LATEST = ("latest",)


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


def _validate_ratio(params: dict[str, Any]) -> None:
    if params["supported_at"] < params["partly_at"]:
        raise ValueError("'supported_at' must be at least 'partly_at'")


KINDS: dict[str, CheckKind] = {
    kind.name: kind
    for kind in [
        CheckKind(
            "about_value",
            "A value is about X, within a stated tolerance.",
            _about_params(year_required=False, default_pct=None),
            run_about,
            rule_about,
            _validate_about,
        ),
        CheckKind(
            "about_count",
            "A count in a given year is about X, within a stated percentage.",
            _about_params(year_required=True, default_pct=None),
            run_about,
            rule_about,
            _validate_about,
        ),
        CheckKind(
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
        ),
        CheckKind(
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
            ),
            run_trend,
            rule_trend,
        ),
        CheckKind(
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
        ),
    ]
}


def run_check(spec: CheckSpec, view: DataView, article: Article) -> CheckResult:
    """Run one check; missing data becomes a "cannot check" result that says why."""
    kind = KINDS[spec.kind]
    ctx = Context(view=view, article=article)
    rule = kind.rule(spec.params)
    series = spec.series
    try:
        result = kind.run(ctx, spec.params)
    except MissingData as exc:
        sources = tuple(view.source(s) for s in series if _readable(view, s))
        caveats = (exc.detail,) if exc.detail else ()
        return CheckResult(spec.kind, Label.CANNOT_CHECK, str(exc), rule, caveats=caveats, sources=sources)
    sources = tuple(view.source(s) for s in series)
    return CheckResult(
        kind=spec.kind,
        label=result.label,
        evidence=result.evidence,
        rule=rule,
        figures=result.figures,
        caveats=result.caveats,
        sources=sources,
        chart=result.chart,
    )


def _readable(view: DataView, series: str) -> bool:
    try:
        view.frame(series)
    except MissingData:
        return False
    return True


def as_of_date(text: str) -> date:
    """Parse an ISO date for --as-of, with a message that says the expected form."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"expected a date like 2024-09-01, got {text!r}") from None
