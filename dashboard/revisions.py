"""Releases as a reader sees them: how South Korea's figures moved from release to release (one line per
release kept in data/vintages), and where a long history joins the current release on a chart.

Publishers revise: the OECD restates past wage gaps, the UN re-estimates every year's births in each
World Population Prospects. A reader who saw one figure in 2022 and another now should see why.
Releases that republished the same figures (several vintages sharing one data file) are one line.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path
from typing import Any

import pandas as pd
import streamlit as st

from dashboard.charts import Fig, layout, mark_join, plot_config, value_axis
from dashboard.data import Series
from dashboard.figure import Prebuilt
from dashboard.markup import chart_text, plain
from dashboard.text import in_sentence
from dashboard.theme import KOREA_COLOUR, MUTED_COLOUR
from registry.catalogue import series_info
from registry.groups import KOREA
from registry.model import SeriesInfo
from store.diff import ROUNDING_TOLERANCE
from store.files import data_dir_from_env, read_vintage
from store.history import join_year, release_name
from store.manifest import DataFileError

LEGEND_CHARS = 48  # a legend entry that fits a phone's width; the full name is in the hover


@dataclass(frozen=True)
class Release:
    """One release's figures for Korea; ``names`` lists every release that published them."""

    names: tuple[str, ...]
    released: str
    korea: pd.Series  # value by year

    @property
    def name(self) -> str:
        same = f"; the same figures since {self.released}" if len(self.names) > 1 else ""
        return f"{self.names[-1]}{same}"


def release_label(vintage: dict[str, Any]) -> str:
    """The vintage's label, with its release date unless the label already says it."""
    label, released = vintage["label"], vintage["released"]
    return label if released in label else f"{label}, released {released}"


@st.cache_data(show_spinner=False, max_entries=64)
def _korea(data_dir: str, series_id: str, vintage: dict[str, Any]) -> pd.Series:
    frame = read_vintage(Path(data_dir), series_info(series_id), vintage)
    return frame[frame["country_code"] == KOREA].set_index("year")["value"].sort_index()


def releases(series_id: str, entry: dict[str, Any]) -> list[Release]:
    """Korea's figures in each distinct release of a series, oldest first; DataFileError if one is damaged."""
    data_dir = str(data_dir_from_env())
    groups: dict[str, list[dict[str, Any]]] = {}
    for vintage in entry.get("vintages", []):  # oldest release first
        groups.setdefault(vintage["sha256"], []).append(vintage)
    out = []
    for same in groups.values():
        names = tuple(dict.fromkeys(release_label(v) for v in same))
        korea = _korea(data_dir, series_id, same[0])
        if not korea.empty:
            out.append(Release(names, same[0]["released"], korea))
    return sorted(out, key=lambda r: r.released)


def largest_revision(
    releases: list[Release], decimals: int = 6
) -> tuple[int, float, float, Release, Release] | None:
    """(year, old, new, older release, newer release) of the largest change between consecutive releases
    that shows at ``decimals`` (the publishers round the same figure differently across releases)."""
    best = None
    threshold = max(ROUNDING_TOLERANCE, 0.5 * 10**-decimals)
    for older, newer in pairwise(releases):
        common = older.korea.index.intersection(newer.korea.index)
        change = (newer.korea[common] - older.korea[common]).abs()
        change = change[change >= threshold]
        if change.empty:
            continue
        year = int(change.idxmax())
        if best is None or change.max() > abs(best[2] - best[1]):
            best = (year, float(older.korea[year]), float(newer.korea[year]), older, newer)
    return best


def caption(info: SeriesInfo, releases: list[Release]) -> str:
    """What the chart shows, in words: how many releases, and the largest revision of a year's figure."""
    first, last = releases[0], releases[-1]
    text = (
        f"South Korea's {in_sentence(info.title)} in {len(releases)} releases kept here, from "
        f"{first.released} to {last.released}; each line is one release."
    )
    shared = set.intersection(*(set(r.korea.index) for r in releases))
    if shared:
        year = max(shared)
        values = [info.describe_value(r.korea[year]) for r in releases]
        said = f"{values[0]} in each" if len(set(values)) == 1 else " → ".join(values)
        text += f" {year}, the latest year every release has: {said}."
    revision = largest_revision(releases, info.decimals)
    if revision is None:
        added = set(last.korea.index) - set(first.korea.index)
        more = "; newer ones only added years" if added else ""
        return f"{text} None of South Korea's figures was revised between releases{more}."
    year, old, new, older, newer = revision
    return (
        f"{text} The largest revision: {year}, {info.describe_value(old)} in the release of "
        f"{older.released}, {info.describe_value(new)} in the release of {newer.released}."
    )


def figure(info: SeriesInfo, releases: list[Release], source: str) -> Fig:
    """One line per release; the newest bold in Korea's colour, older ones lighter."""
    traces = []
    for index, release in enumerate(releases):
        newest = index == len(releases) - 1
        legend = release.name  # a long one shortened, its date first so the date stays
        if len(legend) > LEGEND_CHARS:
            legend = textwrap.shorten(f"{release.released}: {legend}", LEGEND_CHARS, placeholder=" …")
        traces.append(
            {
                "type": "scatter",
                "mode": "lines+markers",
                "x": release.korea.index.tolist(),
                "y": release.korea.tolist(),
                "name": chart_text(legend),
                "line": {"color": KOREA_COLOUR if newest else MUTED_COLOUR, "width": 3 if newest else 1.5,
                         "dash": "solid" if newest else ["dot", "dash", "dashdot", "longdash"][index % 4]},
                "marker": {"size": 4},
                "hovertemplate": f"{chart_text(release.name)}<br>%{{x}}: %{{y:,.3f}}<extra></extra>",
            }
        )  # fmt: skip
    title = f"South Korea's {info.title[:1].lower()}{info.title[1:]}, release by release"
    fig = {"data": traces, "layout": layout(title, info.unit, source, height=420)}
    fig["layout"]["yaxis"] = value_axis([v for r in releases for v in r.korea.tolist()], info.decimals)
    fig["layout"]["legend"] = {"orientation": "v", "yanchor": "top", "y": -0.15, "x": 0}
    fig["layout"]["xaxis"] = {**fig["layout"].get("xaxis", {}), "tickformat": "d"}  # years, not 2013.5
    # the unit's own precision: publishers' rounding (215.008937 vs 215.00894) is not a change to draw
    fig["layout"]["yaxis"] = {**fig["layout"].get("yaxis", {}), "tickformat": f",.{info.decimals}f"}
    fig["layout"]["margin"] = {**fig["layout"]["margin"], "b": 110 + 22 * len(releases)}
    fig["layout"]["annotations"][0]["yshift"] = -95 - 22 * len(releases)
    return fig


@dataclass(frozen=True)
class RevisionEntry:
    """One series' entry in the revisions section: a chart (or none), its caption, or a warning."""

    series_id: str
    title: str
    text: str
    fig: Fig | None = None
    warning: bool = False


def revision_entries(manifest: dict[str, Any], titles: dict[str, SeriesInfo]) -> list[RevisionEntry]:
    """What the section shows, series by series (computed once per manifest: dashboard/views.py)."""
    out = []
    for series_id, info in titles.items():
        entry = manifest["series"].get(series_id)
        if not entry or len({v["sha256"] for v in entry.get("vintages", [])}) < 2:
            continue
        try:
            found = releases(series_id, entry)
        except DataFileError as exc:
            out.append(
                RevisionEntry(series_id, info.title, f"a release cannot be read ({exc})", warning=True)
            )
            continue
        if len(found) < 2:
            continue
        source = f"Source: {entry.get('publisher', info.publisher)}, releases of {info.dataset}"
        text = caption(info, found)
        if all(len(r.korea) < 2 for r in found):  # one survey year per release: no line to draw
            out.append(RevisionEntry(series_id, info.title, text))
        else:
            out.append(RevisionEntry(series_id, info.title, text, figure(info, found, source)))
    return out


def revisions_section(entries: list[RevisionEntry]) -> None:
    """A small chart per series with several releases, with a caption that says what moved."""
    st.subheader("Revisions: South Korea's figures, release by release")
    st.markdown(
        "Publishers revise past figures and add new years. Each chart draws every release of a series "
        "kept in this snapshot; the bold line is the newest. Releases that republished the same figures "
        "are one line."
    )
    for shown in entries:
        if shown.warning:
            st.warning(f"{plain(shown.title)}: {plain(shown.text)}")
            continue
        if shown.fig is None:
            st.markdown(f"**{plain(shown.title)}**")
        else:
            st.plotly_chart(
                Prebuilt(shown.fig), key=f"revisions_{shown.series_id}", alt=shown.text, width="stretch",
                config=plot_config(f"{shown.series_id}_revisions"),
            )  # fmt: skip
        st.caption(plain(shown.text))
    if not [e for e in entries if not e.warning]:
        st.info("No series has more than one release in this snapshot yet.")


def join_note(series: Series, fig: Fig) -> str:
    """Mark where a long history joins the current release (South Korea's join) and say so in words."""
    history = series.meta.get("history")
    year = join_year(series.meta, KOREA) if history else None
    if year is None:
        return ""
    base, older = history["base"], history["spliced"][0]
    mark_join(
        fig, year, older["year_min"], f"release of {older['released']}", f"release of {base['released']}"
    )
    return (
        f"Shaded: years before each country's first year in the current release ({release_name(base)}; "
        f"South Korea from {year}) come from {', '.join(release_name(r) for r in history['spliced'])}. "
        "The table names the release of each row; Data & sources lists which years came from where."
    )
