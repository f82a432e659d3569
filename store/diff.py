"""What changed between two versions of a series: added, removed and revised country-years."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

KEYS = ["country_code", "year"]
# Publishers round the same figure to different decimals across exports (the OECD's 2022 export has
# 9, its 2025 export 8); differences this small are rounding, not revisions.
ROUNDING_TOLERANCE = 1e-6


@dataclass(frozen=True)
class SeriesDiff:
    added: pd.DataFrame  # country_code, country, year, value
    removed: pd.DataFrame  # country_code, country, year, value
    revised: pd.DataFrame  # country_code, country, year, old, new, change
    overlap: pd.DataFrame | None = None  # country_code, year of the country-years in both versions

    def overlap_summary(self) -> str:
        """Where the two versions overlap, and how many of those country-years agree."""
        if self.overlap is None or self.overlap.empty:
            return "the two versions share no country-year"
        both, revised = len(self.overlap), len(self.revised)
        years = f"{self.overlap['year'].min()}-{self.overlap['year'].max()}"
        return (
            f"overlap: {both} country-years in both ({self.overlap['country_code'].nunique()} countries, "
            f"{years}): {both - revised} agree (within rounding), {revised} revised"
        )

    @property
    def changed(self) -> int:
        return len(self.added) + len(self.removed) + len(self.revised)

    def summary(self) -> str:
        if not self.changed:
            return "no change"
        return f"{len(self.added)} added, {len(self.removed)} removed, {len(self.revised)} revised"


def compare(old: pd.DataFrame | None, new: pd.DataFrame, tolerance: float = ROUNDING_TOLERANCE) -> SeriesDiff:
    """Country-years added, removed and revised (by more than ``tolerance``) from old to new."""
    if old is None:
        old = new.iloc[0:0]
    merged = old.merge(new, on=KEYS, how="outer", suffixes=("_old", "_new"), indicator=True)
    merged["country"] = merged["country_new"].fillna(merged["country_old"])
    added = merged[merged["_merge"] == "right_only"].rename(columns={"value_new": "value"})
    removed = merged[merged["_merge"] == "left_only"].rename(columns={"value_old": "value"})
    both = merged[merged["_merge"] == "both"].rename(columns={"value_old": "old", "value_new": "new"})
    both = both.assign(change=both["new"] - both["old"])
    revised = both[both["change"].abs() > tolerance]
    revised = revised.reindex(revised["change"].abs().sort_values(ascending=False).index)
    columns = ["country_code", "country", "year", "value"]
    return SeriesDiff(
        added=added[columns].reset_index(drop=True),
        removed=removed[columns].reset_index(drop=True),
        revised=revised[["country_code", "country", "year", "old", "new", "change"]].reset_index(drop=True),
        overlap=both[KEYS].reset_index(drop=True),
    )
