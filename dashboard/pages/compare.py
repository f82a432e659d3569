"""Compare page: one measure against another across countries for a chosen year, with Spearman's ρ
and its uncertainty (the association check's own statistics), South Korea's path over the years,
and a link to the op-ed claim that tests the pair.
"""

from __future__ import annotations

from dataclasses import replace

import pandas as pd
import streamlit as st

from claims.kinds.correlation import rank_correlation
from claims.loader import DEFAULT_CLAIMS, ClaimsFileError, load_claims
from claims.model import Claim
from dashboard import charts, measure, views
from dashboard.data import Series, pair_frame, try_load, values_for_year
from dashboard.evidence import path_trace
from dashboard.markup import plain
from dashboard.text import in_sentence
from registry.catalogue import series_info
from registry.groups import GROUPS, KOREA

CANDIDATES = ("fertility_rate", "lfp_female", "pay_gap", "birth_rate", "unpaid_care_female", "lfp_male")
RATIO = "unpaid_care_ratio"  # women's unpaid work divided by men's, as the claims file writes it:
CLAIM_MEASURES = {RATIO: "unpaid_care_female/unpaid_care_male"}
SURVEY = {"unpaid_care_female", "unpaid_care_male", RATIO}


def _ratio_series() -> Series | str:
    """Women's unpaid work ÷ men's, a derived series so it is compared like any other."""
    female, male = try_load("unpaid_care_female"), try_load("unpaid_care_male")
    if not isinstance(female, Series):
        return female
    if not isinstance(male, Series):
        return male
    return views.cached(f"{RATIO}:series", views.version(female, male), (), lambda: _ratio(female, male))


def _ratio(female: Series, male: Series) -> Series:
    pairs = pair_frame(female, male)
    frame = pairs[pairs["value_m"] > 0][["country_code", "country", "year", "ratio"]]
    info = replace(
        female.info,
        id=RATIO,
        title="Unpaid work, women ÷ men",
        unit="women's minutes per day ÷ men's",
        short_unit="×",
        decimals=2,
        min_value=0.0,
        max_value=float("inf"),
        sex=None,
        pair=None,
    )
    return Series(
        RATIO, frame.rename(columns={"ratio": "value"}), info, female.meta, female.key, (female, male)
    )


def _values(series: Series, year: int, group: str) -> pd.DataFrame:
    """Values for the year; survey series take each country's latest survey up to that year."""
    tolerance = None if series.id in SURVEY else 0
    return values_for_year(series, year, group, tolerance)[["country_code", "country", "year", "value"]]


def korea_path(x: Series, y: Series) -> pd.DataFrame:
    """South Korea's (x, y) in every year with both, oldest first."""
    own = [s.frame[s.frame["country_code"] == KOREA][["year", "value"]] for s in (x, y)]
    return (
        own[0]
        .merge(own[1], on="year", suffixes=("_x", "_y"))
        .rename(columns={"value_x": "x", "value_y": "y"})
        .sort_values("year")
    )


def correlation_sentence(both: pd.DataFrame, year: int) -> str:
    corr = rank_correlation(both["x"], both["y"])
    if corr is None:
        n = len(both)
        return f"{n} countries with both measures in {year}: too few (or too alike) for a rank correlation."
    certainty = "" if corr.excludes_zero else ", not distinguishable from zero"
    return (
        f"{len(both)} countries with both measures in {year}. Spearman's rank correlation "
        f"{corr.describe()}: {corr.strength}{certainty}."
    )


def claims_testing(x_id: str, y_id: str) -> list[Claim]:
    """The op-ed's claims with an association check on this pair of measures (either way round),
    read once per version of the claims file."""
    try:
        stat = DEFAULT_CLAIMS.stat()
        stamp = (stat.st_mtime_ns, stat.st_size)
    except OSError:
        stamp = None
    return views.cached("compare:claims", (stamp,), (x_id, y_id), lambda: _claims_testing(x_id, y_id))


def _claims_testing(x_id: str, y_id: str) -> list[Claim]:
    try:
        claims = load_claims(DEFAULT_CLAIMS)
    except ClaimsFileError:
        return []
    wanted = {CLAIM_MEASURES.get(x_id, x_id), CLAIM_MEASURES.get(y_id, y_id)}
    return [
        claim
        for claim in claims.checkable
        if any(c.kind == "association" and {c.params["x"], c.params["y"]} == wanted for c in claim.checks)
    ]


def claim_link(claim: Claim) -> None:
    """A link to the claim's card on the Claims page (shown first there); markdown outside the app."""
    quote = claim.quote if len(claim.quote) <= 90 else claim.quote[:87].rsplit(" ", 1)[0] + "…"
    # The quote as wrapping text and a short link: a page link's label never wraps, so a long one
    # was cut at the column's edge ("…against this pa").
    st.markdown(f"The op-ed's claim “{plain(quote)}” is checked against this pair.")
    label = "See its verdict on the Claims page"
    try:
        from dashboard.pages.claims import render

        page = st.Page(render, title="Claims", url_path="claims")
        st.page_link(page, label=label, icon=":material/fact_check:", query_params={"claim": claim.id})
    except Exception:  # no st.navigation registered (tests, a single-page run): plain link
        st.markdown(f"[{label} →](/claims?claim={claim.id})")


def scatter_view(
    x: Series, y: Series, year: int, group: str, highlight: list[str], show_path: bool
) -> tuple[dict, str, pd.DataFrame, pd.DataFrame] | None:
    """The scatter, its sentence, the pairs it draws and Korea's path (None: no country has both)."""
    both = (
        _values(x, year, group)
        .merge(_values(y, year, group), on=["country_code", "country"], suffixes=("_x", "_y"))
        .rename(columns={"value_x": "x", "value_y": "y"})
    )
    if both.empty:
        return None
    title = f"{y.info.title} against {in_sentence(x.info.title)}, {year}"
    fig = charts.scatter_figure(
        both,
        f"{x.info.title} ({x.info.unit})",
        f"{y.info.title} ({y.info.unit})",
        title,
        GROUPS[group],
        charts.source_line([*x.sources, *y.sources]),
        highlight=highlight,
    )
    path = korea_path(x, y)
    if show_path and len(path) > 1:
        fig["data"].insert(0, path_trace(path, KOREA))
    korea = both[both["country_code"] == KOREA]
    where = (
        f"South Korea: {x.info.describe_value(korea['x'].iloc[0])} and "
        f"{y.info.describe_value(korea['y'].iloc[0])}"
        if not korea.empty
        else f"South Korea has no pair of values for {year}"
    )
    return fig, f"{correlation_sentence(both, year)} {where}.", both, path


def render() -> None:
    st.title("Compare measures")
    loaded: dict[str, Series | str] = {s: try_load(s) for s in CANDIDATES}
    loaded[RATIO] = _ratio_series()
    available = [s for s, v in loaded.items() if isinstance(v, Series)]
    for series_id, problem in loaded.items():
        if not isinstance(problem, Series):
            name = "Unpaid work, women ÷ men" if series_id == RATIO else series_info(series_id).title
            st.caption(f"{plain(name)} is not available: {plain(problem)}")
    if len(available) < 2:
        st.error("Comparing needs at least two series in data/. Restore them with `python -m fetch`.")
        st.stop()
    x_id = st.session_state.get("compare_x") or st.query_params.get("x", available[0])
    y_id = st.session_state.get("compare_y") or st.query_params.get("y", available[1])
    x = loaded[x_id] if x_id in available else loaded[available[0]]
    y = (
        loaded[y_id]
        if y_id in available and y_id != x.id
        else loaded[next(a for a in available if a != x.id)]
    )
    assert isinstance(x, Series) and isinstance(y, Series)
    if y_id == x.id:  # a link or the pickers gave both axes one series: the plot would show another
        st.info(
            f"Both axes asked for {plain(in_sentence(x.info.title))}; a comparison needs two series, so "
            f"the vertical axis shows {plain(in_sentence(y.info.title))}.",
            icon=":material/info:",
        )
        st.session_state["compare_y"] = y.id  # the picker names the series drawn
        if "y" in st.query_params:
            del st.query_params["y"]  # and so does the link
    years = sorted(set(x.years) & set(y.years)) or sorted(set(x.years) | set(y.years))
    extra = {
        "x": [x.id, *[a for a in available if a != x.id]],
        "y": [y.id, *[a for a in available if a != y.id]],
    }
    view = measure.view_controls("compare", {**x.countries, **y.countries}, years, extra, year_label="Year")
    left, right = st.columns(2)
    left.selectbox("Horizontal axis", available, key="compare_x", format_func=lambda s: loaded[s].info.title)
    right.selectbox("Vertical axis", available, key="compare_y", format_func=lambda s: loaded[s].info.title)
    show_path = st.toggle(
        "Draw South Korea's path over the years",
        value=True,
        key="compare_path",
        help="Korea's own pairs of values year by year, joined in order: the pattern within one country "
        "need not match the pattern across countries.",
    )
    year = view.year or years[-1]
    choices = (x.id, y.id, year, view.group, tuple(view.countries), show_path)
    scatter = views.cached(
        "compare:scatter", views.version(x, y), choices,
        lambda: scatter_view(x, y, year, view.group, view.countries, show_path),
    )  # fmt: skip
    if scatter is None:
        st.warning(
            f"No country has both {plain(in_sentence(x.info.title))} and "
            f"{plain(in_sentence(y.info.title))} for {year}."
        )
        return
    fig, summary, both, path = scatter
    sources = [*x.sources, *y.sources]
    charts.show_chart(
        fig, key="compare_scatter", summary=summary, sources=sources, filename=f"compare_{year}"
    )
    if show_path and len(path) > 1:
        st.caption(
            f"Dotted line: South Korea's own path, {int(path['year'].iloc[0])}–{int(path['year'].iloc[-1])}. "
            "An association shows neither cause nor its direction, and a pattern across countries need "
            "not hold within one country (and the reverse)."
        )
    elif show_path:
        st.caption("South Korea has only one year with both measures, so it has no path to draw.")
    if x.id in SURVEY or y.id in SURVEY:
        st.caption(
            "Time-use values are each country's latest survey up to the chosen year (see Year columns); "
            "the claim check pairs each survey with the other measure in the survey's own year."
        )
    for claim in claims_testing(x.id, y.id):
        claim_link(claim)
    table = both.rename(
        columns={
            "country": "Country",
            "country_code": "Code",
            "year_x": f"Year ({x.info.title})",
            "x": f"{x.info.title} ({x.info.unit})",
            "year_y": f"Year ({y.info.title})",
            "y": f"{y.info.title} ({y.info.unit})",
        }
    )
    charts.show_table(
        table,
        key="compare",
        filename=f"compare_{x.id}_{y.id}_{year}.csv",
        caption=f"Data behind the chart: {GROUPS[view.group]}, {year}.",
    )


if __name__ == "__main__":
    render()
