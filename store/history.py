"""A series' long history: the current release, with the earlier years of each country spliced in
from the newest earlier release that has them.

Why: the OECD's 2025 Data Explorer release of the gender wage gap restarts every country in 2005,
while its data.oecd.org releases went back to 1970. Dropping those years would hide what the OECD
has published. Only ``data/<series>.csv`` (what the app and analysts read) is spliced; every vintage
in ``data/vintages/`` stays a verbatim release, and the manifest's ``history`` says which years came
from which release.

The rule, per country: the years before the current release's first year for that country come from
the newest earlier release that has any of them, all from that one release (no year-by-year mixing
of releases within a country, so a series the publisher replaced is not stitched back in piecemeal).
Countries absent from the current release are not brought back: the publisher dropped them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd

from registry.model import SeriesInfo
from store.files import parse_series_csv, vintage_bytes
from store.manifest import summary

RULE = (
    "years before the current release's first year for a country come from the newest earlier "
    "release that has any of them (all of that country's earlier years from that one release)"
)


def release_name(vintage: dict[str, Any]) -> str:
    """How a release is named to readers: its label and the date it was public by."""
    return f"{vintage['label']} (released {vintage['released']})"


def current_frame(
    data_dir: Path,
    info: SeriesInfo,
    current: dict[str, Any],
    vintages: list[dict[str, Any]],
    unsaved: dict[str, pd.DataFrame],
) -> tuple[pd.DataFrame, dict[str, Any]] | None:
    """A long history's ``data/<series>.csv`` and what its manifest entry adds (summary,
    ``current_vintage``, ``history``); None when no earlier release adds a year.

    ``unsaved`` maps sha256 to the frame of vintages not yet written (the save in progress). Saved
    vintages are read once per data file, unchecked: their bytes match the manifest's sha256, so
    they passed validation when they were saved.
    """
    frames = dict(unsaved)

    def frame_of(vintage: dict[str, Any]) -> pd.DataFrame:
        if vintage["sha256"] not in frames:
            content = vintage_bytes(data_dir, info.id, vintage)
            frames[vintage["sha256"]] = parse_series_csv(content, info, vintage["file"], check=False)
        return frames[vintage["sha256"]]

    order = (current["released"], current["retrieved"])
    earlier = [
        (v, frame_of(v))
        for v in vintages
        if (v["released"], v["retrieved"]) < order and v["sha256"] != current["sha256"]
    ]
    frame, history = splice(frame_of(current), current, earlier)
    if history is None:
        return None
    return frame, {**summary(frame), "current_vintage": current["sha256"], "history": history}


def splice(
    current: pd.DataFrame, current_vintage: dict[str, Any], earlier: list[tuple[dict[str, Any], pd.DataFrame]]
) -> tuple[pd.DataFrame, dict[str, Any] | None]:
    """The current release plus each country's earlier years, and the manifest's ``history`` record.

    ``earlier``: (vintage, frame) of releases older than the current one, in any order. Returns the
    current frame unchanged and None when no earlier release adds a year.
    """
    starts = current.groupby("country_code")["year"].min()
    ordered = sorted(earlier, key=lambda pair: (pair[0]["released"], pair[0]["retrieved"]), reverse=True)
    pieces, spliced = [current], []
    for code, start in starts.items():
        for vintage, frame in ordered:
            rows = frame[(frame["country_code"] == code) & (frame["year"] < start)]
            if rows.empty:
                continue
            pieces.append(rows)
            spliced.append((vintage, code, int(rows["year"].min()), int(rows["year"].max()), len(rows)))
            break
    if not spliced:
        return current, None
    frame = pd.concat(pieces, ignore_index=True).sort_values(["country_code", "year"], ignore_index=True)
    joins = {code: int(starts[code]) for _, code, *_ in spliced}
    return frame, _record(current_vintage, spliced, joins)


def _record(current_vintage: dict[str, Any], spliced: list[tuple], joins: dict[str, int]) -> dict[str, Any]:
    releases: dict[str, dict[str, Any]] = {}
    for vintage, code, first, last, rows in spliced:
        key = f"{vintage['sha256']}|{vintage['released']}|{vintage['retrieved']}"
        release = releases.setdefault(
            key,
            {
                "label": vintage["label"],
                "released": vintage["released"],
                "sha256": vintage["sha256"],
                "rows": 0,
                "year_min": first,
                "year_max": last,
                "countries": {},
            },
        )
        release["rows"] += rows
        release["year_min"] = min(release["year_min"], first)
        release["year_max"] = max(release["year_max"], last)
        release["countries"][code] = f"{first}-{last}"
    return {
        "rule": RULE,
        "base": {
            "label": current_vintage["label"],
            "released": current_vintage["released"],
            "sha256": current_vintage["sha256"],
            "first_year": dict(sorted(joins.items())),
        },
        "spliced": list(releases.values()),
    }


def row_releases(frame: pd.DataFrame, entry: dict[str, Any]) -> pd.Series:
    """For each row of the current file, the name of the release it came from (from the manifest)."""
    history = entry.get("history")
    base = release_name(entry) if "label" in entry else "current release"
    names = pd.Series(base, index=frame.index, dtype=object)
    if not history:
        return names
    for release in history["spliced"]:
        for code, span in release["countries"].items():
            first, last = (int(y) for y in span.split("-"))
            rows = (frame["country_code"] == code) & frame["year"].between(first, last)
            names[rows] = release_name(release)
    return names


def join_year(entry: dict[str, Any], country_code: str) -> int | None:
    """The first year of the current release for a country whose earlier years were spliced in."""
    return (entry.get("history") or {}).get("base", {}).get("first_year", {}).get(country_code)


def history_lines(entry: dict[str, Any]) -> list[str]:
    """Sentences saying which years of the current file came from which release."""
    history = entry.get("history")
    if not history:
        return []
    base = history["base"]
    lines = [
        f"{entry['file']} is {release_name(base)}, with each country's earlier years taken from the newest "
        "earlier release that has them:"
    ]
    for release in history["spliced"]:
        countries = release["countries"]
        korea = f"; South Korea {countries['KOR']}" if "KOR" in countries else ""
        lines.append(
            f"{release['rows']} country-years of {len(countries)} countries, {release['year_min']}-"
            f"{release['year_max']}, from {release_name(release)}{korea}"
        )
    return lines
