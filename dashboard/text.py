"""Sentences the dashboard writes: findings, chart summaries, provenance and missing-data notes.

The same sentence serves as the chart's visible summary, its accessible description and, in
presentation mode, the slide title, so they can never disagree.
"""

from __future__ import annotations

import re

import pandas as pd

from claims.kinds.common import ordinal
from dashboard.data import Series
from registry.groups import GROUPS, KOREA, country_name

# Characters that start Markdown links and images, emphasis, code, headings, tables, raw HTML,
# LaTeX ($), Streamlit's directives (:red[...]) and GFM's bare autolinks (https:, a@b, www.);
# escaped, each shows as itself.
MARKUP = re.compile(r"([\\`*_{}\[\]()<>#!|~$:@])|(?<![\w.])(www)\.", re.IGNORECASE)


def plain(text: object) -> str:
    """Text from a user or a data file, escaped so ``st.markdown`` and friends show it as typed.

    A quote holding ``![x](https://…)`` would otherwise become an image the browser fetches.
    """
    return MARKUP.sub(lambda m: f"\\{m[1]}" if m[1] else f"{m[2]}\\.", str(text))


def in_sentence(title: str) -> str:
    """A series title inside a sentence: only its first letter lowered, so "UN" or "OECD" stay."""
    return title[:1].lower() + title[1:]


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
    return f"{n} {GROUPS[group] if group != 'all' else 'countries'} with data"


def ranking_sentence(series: Series, ranked: pd.DataFrame, year: int, group: str) -> str:
    """Where Korea stands among the shown countries in ``year`` (or why it cannot be said)."""
    what = in_sentence(series.info.title)
    if ranked.empty:
        return f"No {what} data for {GROUPS[group]} in {year}."
    top = ranked.iloc[0]
    codes = list(ranked["country_code"])
    if KOREA not in codes:
        return (
            f"No {what} figure for South Korea in {year}; {top['country']} has the highest "
            f"({series.info.describe_value(top['value'])}) of {group_phrase(group, len(codes))}."
        )
    rank = codes.index(KOREA) + 1
    row = ranked.iloc[rank - 1]
    value = series.info.describe_value(float(row["value"]))
    # Survey data: each country's latest survey, so Korea's figure is from its own survey's year.
    when = int(row["year"]) if "year" in ranked else year
    text = (
        f"In {when}, South Korea's {what} was {value}, {rank_phrase(rank, len(codes))} "
        f"of {group_phrase(group, len(codes))}"
    )
    if "year" in ranked and ranked["year"].nunique() > 1:
        text += f" (each country's latest figure, {ranked['year'].min()}–{ranked['year'].max()})"
    return text + "."


def trend_sentence(series_title: str, korea: pd.DataFrame, average: pd.DataFrame, fmt) -> str:
    """How Korea's line and the OECD average moved over the years shown."""
    if korea.empty:
        return f"No {in_sentence(series_title)} data for South Korea."
    first, last = korea.iloc[0], korea.iloc[-1]
    if len(korea) == 1:
        text = f"South Korea's {in_sentence(series_title)} was {fmt(last['value'])} in {int(last['year'])}"
        if len(average):
            text += f"; the OECD average was {fmt(average.iloc[-1]['value'])}"
        return text + "."
    verb = (
        "rose" if last["value"] > first["value"] else "fell" if last["value"] < first["value"] else "stayed"
    )
    if "gap" in series_title.lower():  # a gap narrows or widens, whichever side it is on
        size = abs(last["value"]) - abs(first["value"])
        verb = "widened" if size > 0 else "narrowed" if size < 0 else "stayed"
    text = (
        f"South Korea's {in_sentence(series_title)} {verb} "
        f"from {fmt(first['value'])} in {int(first['year'])} "
        f"to {fmt(last['value'])} in {int(last['year'])}"
    )
    avg = average[average["year"].isin([first["year"], last["year"]])]
    if len(avg) == 2:
        text += f"; the OECD average went from {fmt(avg.iloc[0]['value'])} to {fmt(avg.iloc[1]['value'])}"
    return text + "."


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


def vintage_text(series: Series) -> str:
    meta = series.meta
    label = meta.get("label") or f"data to {meta.get('year_max', series.latest_year)}"
    released = meta.get("source_updated") or meta.get("released")
    text = f"{label}, released {released}" if released else label
    for release in (meta.get("history") or {}).get("spliced", []):  # a long history: earlier years
        text += (
            f"; earlier years (to {release['year_max']}) from {release['label']}, "
            f"released {release['released']}"
        )
    return text


def provenance_text(series_list: list[Series]) -> str:
    """Source, dataset, indicator, licence, vintage and retrieval date of each series in a chart."""
    parts = []
    for s in series_list:
        meta, info = s.meta, s.info
        retrieved = str(meta.get("retrieved", "unknown"))[:10]
        how = (
            "imported from the publisher's file" if meta.get("method") == "import" else "fetched from the API"
        )
        indicator = str(meta.get("indicator", info.indicator)).replace("`", "'")  # in a code span
        parts.append(  # manifest text is data: shown as typed, never as Markdown
            f"**Source:** {plain(meta.get('publisher', info.publisher))} — "
            f"{plain(meta.get('dataset', info.dataset))}; indicator `{indicator}`. "
            f"**Licence:** {plain(meta.get('licence', info.licence))}. "
            f"**Vintage:** {plain(vintage_text(s))}; retrieved {plain(retrieved)} ({how})."
        )
    return "  \n".join(parts)


def image_source_line(series_list: list[Series]) -> str:
    """The one-line citation drawn inside the chart, so a downloaded PNG carries its source.

    Series of one dataset (women's and men's rates) are cited once, naming both indicators, so the
    line fits under the chart.
    """
    groups: dict[tuple[str, str, str], list[str]] = {}
    for s in series_list:
        head, _, code = s.info.attribution.rpartition(", ")
        if not head or code != s.info.indicator:
            head, code = s.info.attribution, ""
        released = str(s.meta.get("released", ""))[:10]
        for release in (s.meta.get("history") or {}).get("spliced", []):  # a long history's earlier years
            released += f" (to {release['year_max']}: release of {release['released']})"
        codes = groups.setdefault((head, s.info.licence, released), [])
        if code and code not in codes:
            codes.append(code)
    cites = []
    for (head, licence, released), codes in groups.items():
        named = f"{head}, {' and '.join(codes)}" if codes else head
        cites.append(f"{named} ({licence}){', release of ' + released if released else ''}")
    return "Source: " + "; ".join(cites)
