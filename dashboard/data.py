"""Cached access to data/ for the dashboard: series frames, the manifest and derived views.

Each series is read once per content version: the cache key is the manifest's identity (a commit
replaces it) plus the file's size and modification time, so a re-fetch or a damaged file is picked up
on the next rerun while an unchanged snapshot is never re-parsed; rows and entry are read together.
The Series object itself is shared by every viewer, not copied per rerun (pandas' copy-on-write keeps
a shared frame unchanged by whatever is derived from it), so what it derives (years, names, the OECD
average) is computed once per version.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

import pandas as pd
import streamlit as st

from dashboard.integrity import stat_key
from dashboard.memo import Shared
from registry.catalogue import current, series_info
from registry.groups import GROUPS, KOREA, MIN_COVERAGE, country_name, group_members, oecd_members
from registry.model import SeriesInfo
from store.files import data_dir_from_env, manifest_stamp, read_snapshot, series_path
from store.manifest import DataFileError, read_manifest

__all__ = ["GROUPS", "KOREA", "DataFileError", "Series", "load_manifest", "load_series"]


SnapshotKey = tuple[str, str, tuple[int, int, int] | None, tuple[int, int]]


@dataclass(frozen=True)
class Series:
    """One series as the pages use it: rows, catalogue info and its manifest entry."""

    id: str
    frame: pd.DataFrame
    info: SeriesInfo
    meta: dict[str, Any]
    key: SnapshotKey  # the cache key of ``frame``
    parents: tuple[Series, ...] = ()  # for derived series (a gap): the series it is computed from

    @property
    def sources(self) -> list[Series]:
        """The series whose provenance a chart of this one must cite."""
        return list(self.parents) or [self]

    @cached_property
    def years(self) -> list[int]:
        return sorted(int(y) for y in self.frame["year"].unique())

    @cached_property
    def latest_year(self) -> int:
        return int(self.frame["year"].max())

    @cached_property
    def default_year(self) -> int:
        """The latest year most OECD members report: the very latest is often thin (13 of 38 for the gap)."""
        members = oecd_members()
        counts = self.frame[self.frame["country_code"].isin(members)].groupby("year").size()
        covered = counts[counts >= MIN_AVERAGE_COVERAGE * len(members)]
        return int(covered.index.max()) if len(covered) else self.latest_year

    @cached_property
    def oecd_average(self) -> pd.DataFrame:
        """Computed once per Series object (see ``oecd_average``)."""
        return _average_of(self.frame)

    @cached_property
    def countries(self) -> dict[str, str]:
        """Country code -> name, sorted by name."""
        pairs = self.frame.drop_duplicates("country_code").sort_values("country")
        return dict(zip(pairs["country_code"], pairs["country"], strict=True))


@st.cache_data(show_spinner=False, max_entries=8)
def _manifest(data_dir: str, stat: tuple[int, int]) -> dict[str, Any]:
    return read_manifest(Path(data_dir))


_SERIES: Shared[Series] = Shared(64)


def _series(key: SnapshotKey) -> Series:
    """The series' rows and manifest entry as one committed state (store.files.read_snapshot), its
    country names from the country table as the import wrote them; one object per version of the
    file and of the registry (load_series keys it by both), shared by every viewer.

    Charts draw names as Plotly's pseudo-HTML, so a name edited into the file (``<a href=…>``)
    would become a link; the validated ISO3 code, not the file's text, decides the name.
    """
    data_dir, series_id = key[0], key[1]  # the rest of the SnapshotKey: which file version
    info = series_info(series_id)
    frame, entry = read_snapshot(Path(data_dir), info)
    names = frame["country_code"].map(country_name).astype(frame["country"].dtype)
    return Series(series_id, frame.assign(country=names), info, entry, key)


def manifest_version() -> tuple:
    """Which manifest is on disk (a commit replaces it), for caches of what is derived from it."""
    data_dir = data_dir_from_env()
    return (str(data_dir), manifest_stamp(data_dir), stat_key(data_dir / "manifest.json"))


def data_key() -> str:
    """What verdicts and the deck depend on besides the claims: every current series' sha256 and the
    registry they are read with (a title or plausible range edited in series/*.toml changes them)."""
    from claims.data import cache_key

    return f"{cache_key(load_manifest())}|{current().version}"


def load_manifest() -> dict[str, Any]:
    data_dir = data_dir_from_env()
    return _manifest(str(data_dir), stat_key(data_dir / "manifest.json"))


def load_series(series_id: str) -> Series:
    """The series with its provenance, read together (a save committing meanwhile never pairs one
    release's rows with another's entry); DataFileError (a readable message) if missing or corrupt.

    Cached per version: the manifest's identity (every commit replaces it) and the file's."""
    data_dir = data_dir_from_env()
    key = (str(data_dir), series_id, manifest_stamp(data_dir), stat_key(series_path(data_dir, series_id)))
    return _SERIES.get((*key, current().version), lambda: _series(key))


def try_load(series_id: str) -> Series | str:
    """The series, or the readable reason it cannot be shown."""
    try:
        return load_series(series_id)
    except DataFileError as exc:
        return str(exc)


MIN_AVERAGE_COVERAGE = MIN_COVERAGE  # years where fewer members report are left out


def _average_of(frame: pd.DataFrame) -> pd.DataFrame:
    members = oecd_members()
    rows = frame[frame["country_code"].isin(members)]
    out = rows.groupby("year")["value"].agg(value="mean", n="count").reset_index()
    out = out[out["n"] >= MIN_AVERAGE_COVERAGE * len(members)]
    return out.astype({"year": "int64", "n": "int64"}).reset_index(drop=True)


def oecd_average(series: Series) -> pd.DataFrame:
    """Unweighted mean of today's OECD members with data each year, with how many (``n``)."""
    return series.oecd_average


def latest_survey_average(series: Series) -> pd.DataFrame:
    """For survey data: the mean of each OECD member's latest survey, as a flat line across the years."""
    latest = values_for_year(series, series.latest_year, "oecd", None)
    years = series.frame["year"]
    value = float(latest["value"].mean()) if len(latest) else float("nan")
    return pd.DataFrame(
        {"year": [int(years.min()), int(years.max())], "value": [value] * 2, "n": [len(latest)] * 2}
    )


SURVEY_AVERAGE_NOTE = (
    "OECD average: unweighted mean of each current OECD member's latest survey (surveys from different "
    "years), drawn as a flat dashed line; the count is shown on hover."
)
OECD_AVERAGE_NOTE = (
    "OECD average: unweighted mean of the current OECD members that have data for that year, "
    f"computed here from the country rows, drawn only for years in which at least "
    f"{MIN_AVERAGE_COVERAGE:.0%} of members report (the count is shown on hover)."
)


def in_group(frame: pd.DataFrame, group: str) -> pd.DataFrame:
    return frame[frame["country_code"].isin(group_members(group, set(frame["country_code"])))]


def values_for_year(series: Series, year: int, group: str, tolerance: int | None = 0) -> pd.DataFrame:
    """Each country's value for ``year`` (or the latest within ``tolerance`` years before it).

    ``tolerance=None`` takes each country's latest observation at or before the year (survey data).
    The ``year`` column keeps the year the value is really from, so tables can say so.
    """
    frame = in_group(series.frame, group)
    lower = -10_000 if tolerance is None else year - tolerance
    window = frame[(frame["year"] <= year) & (frame["year"] >= lower)]
    latest = window.sort_values("year").drop_duplicates("country_code", keep="last")
    return latest.sort_values("value", ascending=False).reset_index(drop=True)


def pair_frame(female: Series, male: Series) -> pd.DataFrame:
    """Women's and men's values side by side, with the gap (women minus men) and the ratio."""
    merged = female.frame.merge(
        male.frame[["country_code", "year", "value"]], on=["country_code", "year"], suffixes=("_f", "_m")
    )
    merged["gap"] = merged["value_f"] - merged["value_m"]
    merged["ratio"] = merged["value_f"] / merged["value_m"]
    return merged
