"""The view in the URL: parse ``st.query_params`` into a valid view, and write the view back.

A shared link must reproduce the view, and a hand-edited or stale link must never break the page:
anything unparseable falls back to the default and is reported in one gentle sentence. A key may
repeat (``?countries=JPN&countries=USA``): lists are merged, and for a single value the notice says
which one was used.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field

import streamlit as st

from registry.groups import GROUPS

# Parameters any page may carry (presentation mode, Streamlit's own embed options).
GLOBAL_PARAMS = frozenset({"present", "slide", "page", "embed", "embed_options"})
DEFAULT_COUNTRIES = ("JPN", "USA", "DEU")
# URL parameter values: one string, or every value of a repeated key.
Params = Mapping[str, str | Sequence[str]]


def parse_number(raw: str, max_digits: int = 4) -> int | None:
    """A whole number written in ASCII digits, at most ``max_digits`` long; None for anything else.

    ``str.isdigit`` accepts '²' and other Unicode digits that ``int`` rejects, and ``int`` refuses
    strings past Python's digit limit, so links are read with this instead.
    """
    text = raw.strip()
    if not re.fullmatch(rf"[0-9]{{1,{max_digits}}}", text):
        return None
    return int(text)


def values_of(params: Params, key: str) -> list[str]:
    value = params.get(key, [])
    return [value] if isinstance(value, str) else list(value)


def single_value(params: Params, key: str, notices: list[str]) -> str:
    """The last value of ``key`` (as a browser's form would send it); a notice if it repeats."""
    values = values_of(params, key)
    if len(values) > 1:
        notices.append(f"The link gives {key} {len(values)} times; used the last, “{values[-1][:20]}”.")
    return values[-1]


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
    params: Params,
    countries: Collection[str],
    years: Sequence[int],
    extra: Mapping[str, Sequence[str]] | None = None,
    default_year: int | None = None,
    known: Collection[str] = (),
) -> tuple[View, list[str]]:
    """A valid view from URL parameters, plus notices for anything that was ignored.

    ``known`` are parameters read elsewhere (each chart frame's tab, years and toggles), and with
    ``years`` empty the year is one of them.
    """
    extra = dict(extra or {})
    view = default_view(countries, years, extra, default_year)
    notices: list[str] = []
    if "countries" in params:
        listed = ",".join(values_of(params, "countries"))
        codes = list(dict.fromkeys(c.strip().upper() for c in listed.split(",") if c.strip()))
        unknown = [c for c in codes if c not in countries]
        view.countries = [c for c in codes if c in countries and c != "KOR"]
        if unknown:
            notices.append(f"No data for country code(s) {', '.join(c[:12] for c in unknown[:5])}: left out.")
    if "year" in params and years:
        raw = single_value(params, "year", notices)
        year = parse_number(raw)
        if year in years:
            view.year = year
        else:
            notices.append(f"No data for year “{raw.strip()[:12]}”; showing {view.year} instead.")
    if "group" in params:
        group = single_value(params, "group", notices)
        if group in GROUPS:
            view.group = group
        else:
            notices.append(f"Unknown group “{group[:20]}”; showing OECD members.")
    for key, choices in extra.items():
        if key in params:
            value = single_value(params, key, notices)
            if value in choices:
                view.extra[key] = value
            else:
                notices.append(f"Unknown {key} “{value[:20]}”; showing {view.extra[key]}.")
    unknown_keys = sorted(set(params) - {"countries", "year", "group", *extra, *GLOBAL_PARAMS, *known})
    if unknown_keys:
        notices.append(f"Ignored unknown link parameter(s): {', '.join(k[:20] for k in unknown_keys[:5])}.")
    return view, notices


def current_params() -> dict[str, list[str]]:
    """The URL's parameters, every value of a repeated key."""
    return {key: st.query_params.get_all(key) for key in st.query_params}


def sync_url(view: View, defaults: View) -> None:
    """Write the view to the URL if it changed, leaving the frames' and presentation parameters."""
    managed = {"countries", "group", *view.extra, *(["year"] if view.year is not None else [])}
    sync_params(view.as_params(defaults), managed)


FRAME_PARAMS = ("tab", "time", "year", "region", "change", "log")


def parse_time(raw: str, years: Sequence[int]) -> tuple[int, int] | None:
    """Grapher's ``time=``: "1990..2020", "1990..", "..2020", "2020", "earliest..latest"; None if invalid."""
    first, last = years[0], years[-1]
    words = {"earliest": first, "latest": last, "": None}
    start_text, dots, end_text = raw.strip().partition("..")
    if not dots:
        end_text = start_text

    def year(text: str, default: int) -> int | None:
        if text in words:
            return words[text] if words[text] is not None else default
        return parse_number(text)

    start, end = year(start_text, first), year(end_text, last)
    if start is None or end is None or start > end or end < first or start > last:
        return None
    return max(start, first), min(end, last)


def time_param(start: int, end: int) -> str:
    return f"{start}..{end}"


def sync_params(wanted: Mapping[str, str], managed: Collection[str]) -> None:
    """Write ``wanted`` to the URL and drop the other ``managed`` keys, touching no other parameter
    (tabs bind their own, and a bound parameter cannot be set from here)."""
    for key in managed:
        value = wanted.get(key)
        if value is None:
            if key in st.query_params:
                del st.query_params[key]
        elif st.query_params.get_all(key) != [value]:
            st.query_params[key] = value
