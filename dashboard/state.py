"""The view in the URL: parse ``st.query_params`` into a valid view, and write the view back.

A shared link must reproduce the view, and a hand-edited or stale link must never break the page:
anything unparseable falls back to the default and is reported in one gentle sentence.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field

import streamlit as st

from tidy.groups import GROUPS

# Parameters any page may carry (presentation mode, Streamlit's own embed options).
GLOBAL_PARAMS = frozenset({"present", "slide", "page", "embed", "embed_options"})
DEFAULT_COUNTRIES = ("JPN", "USA", "DEU")


@dataclass
class View:
    countries: list[str]
    year: int | None
    group: str
    extra: dict[str, str] = field(default_factory=dict)

    def as_params(self, defaults: View) -> dict[str, str]:
        """Only what differs from the defaults, so links stay short but reproduce the view."""
        params: dict[str, str] = {}
        if self.countries != defaults.countries:
            params["countries"] = ",".join(self.countries)
        if self.year is not None and self.year != defaults.year:
            params["year"] = str(self.year)
        if self.group != defaults.group:
            params["group"] = self.group
        params.update({k: v for k, v in self.extra.items() if v != defaults.extra.get(k)})
        return params


def default_view(
    countries: Collection[str],
    years: Sequence[int],
    extra: Mapping[str, Sequence[str]],
    default_year: int | None = None,
) -> View:
    picks = [c for c in DEFAULT_COUNTRIES if c in countries]
    year = default_year if default_year in years else (max(years) if years else None)
    return View(picks, year, "oecd", {k: v[0] for k, v in extra.items() if v})


def parse_view(
    params: Mapping[str, str],
    countries: Collection[str],
    years: Sequence[int],
    extra: Mapping[str, Sequence[str]] | None = None,
    default_year: int | None = None,
) -> tuple[View, list[str]]:
    """A valid view from URL parameters, plus notices for anything that was ignored."""
    extra = dict(extra or {})
    view = default_view(countries, years, extra, default_year)
    notices: list[str] = []
    if "countries" in params:
        codes = [c.strip().upper() for c in params["countries"].split(",") if c.strip()]
        unknown = [c for c in codes if c not in countries]
        view.countries = list(dict.fromkeys(c for c in codes if c in countries and c != "KOR"))
        if unknown:
            notices.append(f"No data for country code(s) {', '.join(unknown[:5])}: left out.")
    if "year" in params:
        raw = params["year"].strip()
        if raw.isdigit() and int(raw) in years:
            view.year = int(raw)
        else:
            notices.append(f"No data for year “{raw[:12]}”; showing {view.year} instead.")
    if "group" in params:
        if params["group"] in GROUPS:
            view.group = params["group"]
        else:
            notices.append(f"Unknown group “{params['group'][:20]}”; showing OECD members.")
    for key, choices in extra.items():
        if key in params:
            if params[key] in choices:
                view.extra[key] = params[key]
            else:
                notices.append(f"Unknown {key} “{params[key][:20]}”; showing {view.extra[key]}.")
    unknown_keys = sorted(set(params) - {"countries", "year", "group", *extra, *GLOBAL_PARAMS})
    if unknown_keys:
        notices.append(f"Ignored unknown link parameter(s): {', '.join(k[:20] for k in unknown_keys[:5])}.")
    return view, notices


def current_params() -> dict[str, str]:
    """The URL's parameters, last value wins for repeated keys."""
    return {key: st.query_params[key] for key in st.query_params}


def sync_url(view: View, defaults: View) -> None:
    """Write the view to the URL (keeping presentation parameters) if it changed."""
    keep = {k: v for k, v in current_params().items() if k in GLOBAL_PARAMS - {"page"}}
    wanted = {**keep, **view.as_params(defaults)}
    if wanted != current_params():
        st.query_params.from_dict(wanted)
