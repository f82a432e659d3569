"""Every sentence the dashboard writes about data: findings, chart and map titles, numbers with units.

Pure functions of data (no Streamlit), so a page, its slide in the classroom deck and a static page
say the same thing: years, units and countries always come from the rows described (a survey's
own year, never a map's), gaps "narrow" or "widen", rates are in % and their differences in
percentage points, and negative numbers carry one minus sign (−, as the charts draw it).
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING

import pandas as pd

from claims.kinds.common import ordinal
from registry.groups import GROUPS, KOREA, MEMBER, country_name, members_phrase
from registry.model import SeriesInfo

if TYPE_CHECKING:
    from dashboard.data import Series

MINUS = "\u2212"  # the minus sign Plotly draws on axes and in hovers


def in_sentence(title: str) -> str:
    """A series title inside a sentence: only its first letter lowered, so "UN" or "OECD" stay."""
    return title[:1].lower() + title[1:]


def number(info: SeriesInfo, value: float) -> str:
    """A value as the series' unit reads ("29.3%", "230,028", "−15.2 pp"), with the true minus sign."""
    text = info.describe_value(float(value))
    return MINUS + text[1:] if text.startswith("-") else text


def is_rate(info: SeriesInfo) -> bool:
    return info.short_unit == "%"


def difference(info: SeriesInfo, change: float) -> str:
    """The size of a change between two values: percentage points for a rate, else the unit."""
    size = abs(float(change))
    if is_rate(info):
        return f"{size:,.{info.decimals}f} percentage points"
    return number(info, size)


def rank_phrase(rank: int, total: int) -> str:
    """'the highest', '3rd highest', 'the lowest', '2nd lowest' of ``total``."""
    if rank == 1:
        return "the highest"
    if rank == total:
        return "the lowest"
    if rank <= total / 2:
        return f"the {ordinal(rank)} highest"
    return f"the {ordinal(total - rank + 1)} lowest"


def group_phrase(group: str, n: int) -> str:
    return f"{members_phrase(group, n)} with data"


def year_span(years: pd.Series, words: bool = False) -> str:
    """The years a set of rows comes from: "2014", "1999–2016", or (``words``) "from 1999 to 2016"."""
    low, high = int(years.min()), int(years.max())
    if low == high:
        return f"in {low}" if words else str(low)
    return f"from {low} to {high}" if words else f"{low}–{high}"


def movement(info: SeriesInfo, first: float, last: float) -> str:
    """The verb for a move from ``first`` to ``last``: a gap narrows or widens, a level rises or falls."""
    if first == last:
        return "did not change"
    if info.gap:
        if first * last < 0:
            return "reversed"
        return "narrowed" if abs(last) < abs(first) else "widened"
    return "rose" if last > first else "fell"


def change_sentence(
    info: SeriesInfo, korea: pd.DataFrame, average: pd.DataFrame | None, start: int, end: int
) -> str:
    """How South Korea's line (and the OECD average) moved between the first and last years shown."""
    what = in_sentence(info.title)
    shown = korea[(korea["year"] >= start) & (korea["year"] <= end)].sort_values("year")
    if shown.empty:
        return f"No {what} figure for South Korea between {start} and {end}."
    first, last = shown.iloc[0], shown.iloc[-1]
    if len(shown) == 1:
        text = f"South Korea's {what} was {number(info, last['value'])} in {int(last['year'])}"
    else:
        verb = movement(info, first["value"], last["value"])
        text = (
            f"South Korea's {what} {verb} from {number(info, first['value'])} in {int(first['year'])} "
            f"to {number(info, last['value'])} in {int(last['year'])}"
        )
        if verb != "did not change":
            text += f", a change of {difference(info, last['value'] - first['value'])}"
    if average is not None:
        avg = average[(average["year"] >= start) & (average["year"] <= end)].sort_values("year")
        if len(avg) >= 2:
            a, b = avg.iloc[0], avg.iloc[-1]
            verb = movement(info, a["value"], b["value"])
            text += (
                f"; the OECD average {verb} from {number(info, a['value'])} in {int(a['year'])} "
                f"to {number(info, b['value'])} in {int(b['year'])}"
            )
    return text + "."


def ranking_sentence(series: Series, ranked: pd.DataFrame, year: int, group: str) -> str:
    """Where Korea stands among the shown countries in ``year`` (or why it cannot be said)."""
    info = series.info
    what = in_sentence(info.title)
    if ranked.empty:
        return f"No {what} data for {GROUPS[group]} in {year}."
    top = ranked.iloc[0]
    codes = list(ranked["country_code"])
    if KOREA not in codes:
        return (
            f"No {what} figure for South Korea in {year}; {top['country']} has the highest "
            f"({number(info, top['value'])}) of {group_phrase(group, len(codes))}."
        )
    rank = codes.index(KOREA) + 1
    row = ranked.iloc[rank - 1]
    value = number(info, float(row["value"]))
    # Survey data: each country's latest survey, so Korea's figure is from its own survey's year.
    when = int(row["year"]) if "year" in ranked else year
    if len(codes) == 1:
        return f"In {when}, South Korea's {what} was {value}; no other {MEMBER[group]} has a figure."
    text = (
        f"In {when}, South Korea's {what} was {value}, {rank_phrase(rank, len(codes))} "
        f"of {group_phrase(group, len(codes))}"
    )
    if "year" in ranked and ranked["year"].nunique() > 1:
        text += f" (each country's latest figure, {ranked['year'].min()}–{ranked['year'].max()})"
    return text + "."


def survey_sentence(info: SeriesInfo, latest: pd.DataFrame, group: str) -> str:
    """Korea's value from its own survey year, ranked among each country's latest survey."""
    what = in_sentence(info.title)
    if latest.empty:
        return f"No survey of {what} for {GROUPS[group]}."
    ranked = latest.sort_values("value", ascending=False).reset_index(drop=True)
    codes = list(ranked["country_code"])
    n, span = len(codes), year_span(ranked["year"], words=True)
    if KOREA not in codes:
        return f"No survey of {what} for South Korea; {n} countries have one (surveys {span})."
    rank = codes.index(KOREA) + 1
    row = ranked.iloc[rank - 1]
    if n == 1:
        return (
            f"In its {int(row['year'])} survey, South Korea's {what} was {number(info, row['value'])}; "
            f"no other {MEMBER[group]} has a survey."
        )
    return (
        f"In its {int(row['year'])} survey, South Korea's {what} was {number(info, row['value'])}, "
        f"{rank_phrase(rank, n)} of the latest surveys of {members_phrase(group, n)} (surveys {span})."
    )


def map_sentence(info: SeriesInfo, shown: pd.DataFrame, group: str, year: int | None) -> str:
    """What the map shows: whose values, from which years, the extremes and South Korea's."""
    what = in_sentence(info.title)
    if shown.empty:
        return f"No {what} data to map."
    when = (
        f"in {year}"
        if year is not None
        else f"from each country's latest survey ({year_span(shown['year'])})"
    )
    ranked = shown.sort_values("value", ascending=False)
    high, low = ranked.iloc[0], ranked.iloc[-1]
    text = (
        f"Map of {what} {when} for {group_phrase(group, len(ranked))}: highest {high['country']} "
        f"({number(info, high['value'])}), lowest {low['country']} ({number(info, low['value'])})"
    )
    korea = ranked[ranked["country_code"] == KOREA]
    if korea.empty:
        return text + "; no figure for South Korea."
    row = korea.iloc[0]
    own = f" ({int(row['year'])} survey)" if year is None else ""
    return text + f"; South Korea{own}, outlined: {number(info, row['value'])}."


def women_men_sentence(female: SeriesInfo, male: SeriesInfo, korea: pd.DataFrame, survey: bool) -> str:
    """South Korea's latest year with both values: women's, men's and the gap between them.

    ``korea`` has ``year``, ``value_f`` and ``value_m`` (women's and men's values that year).
    """
    both = korea.dropna(subset=["value_f", "value_m"]).sort_values("year")
    if both.empty:
        return "No year with figures for both South Korean women and men."
    row = both.iloc[-1]
    when = f"In its {int(row['year'])} survey" if survey else f"In {int(row['year'])}"
    gap = row["value_f"] - row["value_m"]
    side = "above" if gap > 0 else "below"
    tail = "the same as men's" if gap == 0 else f"{difference(female, gap)} {side} men's"
    return (
        f"{when}, South Korea's figure was {number(female, row['value_f'])} for women and "
        f"{number(male, row['value_m'])} for men: women's {tail}."
    )


def national_sentence(
    national: SeriesInfo, international: SeriesInfo, table: pd.DataFrame, other: str, vintage: str
) -> str:
    """The latest year both have a final national figure, and how far apart the two are.

    ``table`` has ``year``, ``value_national``, ``value_international``, ``difference``,
    ``difference_pct`` and ``status`` (dashboard.national.comparison).
    """
    both = table.dropna(subset=["value_national", "value_international"])
    final = both[both["status"] == "final"]
    if final.empty:
        return "Statistics Korea's and the international figures share no final year."
    row = final.iloc[-1]
    diff = float(row["difference"])
    digits = max(national.decimals, international.decimals)  # one precision: 0.748 and 0.748, not 0.75
    national, international = (replace(i, decimals=digits) for i in (national, international))
    if diff == 0:
        gap = "the same"
    else:
        words = ("more", "fewer") if national.integer else ("higher", "lower")
        gap = f"{abs(row['difference_pct']):.1f}% {words[0] if diff > 0 else words[1]}"
    return (
        f"In {int(row['year'])} Statistics Korea's figure was {number(national, row['value_national'])}; "
        f"the {other} ({vintage}) was {number(international, row['value_international'])}, {gap}."
    )


def unbroken_spans(text: str) -> str:
    """Year spans ("1960–2025") held together by word joiners, so a heading never ends a line on
    "1960–" with "2025" below."""
    return re.sub(r"(\d{4})–(\d{4})", "\\1\u2060–\u2060\\2", text)


def chart_title(info: SeriesInfo, start: int, end: int) -> str:
    return f"{info.title}, {start}–{end}" if start != end else f"{info.title}, {start}"


def survey_title(info: SeriesInfo, years: pd.Series) -> str:
    """A survey chart's or map's title: the span of the survey years it draws, never one year."""
    return f"{info.title}, latest survey per country ({year_span(years)})"


def pair_unit(female: SeriesInfo, male: SeriesInfo) -> str:
    """The unit of women's and men's values drawn together: each a share of its own sex's population
    ("% of population ages 15+ of the same sex"), never one sex's unit for both."""
    if female.unit == male.unit:
        return female.unit
    words = list(zip(female.unit.split(), male.unit.split(), strict=False))
    kept = [a for a, b in words if a == b]
    if len(words) == len(female.unit.split()) == len(male.unit.split()) and len(kept) == len(words) - 1:
        return " ".join(kept) + " of the same sex"
    return f"women: {female.unit}; men: {male.unit}"


def change_unit(info: SeriesInfo, start: int, relative: bool) -> str:
    """The axis unit of a 'change since the start' chart."""
    if relative:
        return f"% change since {start}"
    unit = "percentage points" if is_rate(info) else info.unit
    return f"change since {start}, {unit}"


def missing_sentence(series: Series, year: int, group: str, shown: int) -> str | None:
    """Say in words which countries of the group lack data for the year, if any."""
    publisher = series.info.publisher.split(" (")[0]
    if shown == 0:
        return f"No {publisher} data for {year} yet for {GROUPS[group]}."
    if series.latest_year > year:
        return None
    lacking = sorted(
        set(series.frame.loc[series.frame["year"] == series.latest_year - 1, "country_code"])
        - set(series.frame.loc[series.frame["year"] == year, "country_code"])
    )
    if group == "oecd":
        from registry.groups import oecd_members

        lacking = [c for c in lacking if c in oecd_members()]
    if not lacking:
        return None
    names = ", ".join(country_name(c) for c in lacking[:8]) + (" and others" if len(lacking) > 8 else "")
    return f"No {publisher} data for {year} yet for {names}."
