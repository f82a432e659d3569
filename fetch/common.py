"""What every publisher module returns, and small helpers they share."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd

from tidy.schema import tidy_frame
from tidy.store import Provenance


@dataclass(frozen=True)
class Fetched:
    """Tidy rows for one series plus where they came from."""

    series_id: str
    frame: pd.DataFrame
    provenance: Provenance
    # What the user must hear about this result (rows dropped and why); also in provenance.notes.
    warnings: tuple[str, ...] = ()


def now_iso() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def today_iso() -> str:
    return datetime.now(UTC).date().isoformat()


def file_sha256(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def countries_only(rows: pd.DataFrame, aggregates: set[str] | frozenset[str] = frozenset()) -> pd.DataFrame:
    """Drop aggregates (regions, income groups, OECD/EU averages) so only countries remain."""
    from tidy.groups import is_country

    keep = rows["country_code"].map(is_country) & ~rows["country_code"].isin(aggregates)
    return rows[keep]


def to_tidy(rows: pd.DataFrame, aggregates: set[str] | frozenset[str] = frozenset()) -> pd.DataFrame:
    """Countries only, missing values dropped, in the tidy schema (values already numbers or NaN)."""
    rows = rows[rows["value"].notna()]
    return tidy_frame(countries_only(rows, aggregates))


def fetched_live(
    series_id: str,
    frame: pd.DataFrame,
    urls: tuple[str, ...],
    label: str,
    updated: str | None = None,
    updated_by: str = "",
    notes: str = "",
    warnings: tuple[str, ...] | list[str] = (),
) -> Fetched:
    """A live fetch's result: released on the publisher's update date, or else on the retrieval date."""
    retrieved = now_iso()
    return Fetched(
        series_id,
        frame,
        Provenance(
            method="api",
            retrieved=retrieved,
            released=updated or retrieved[:10],
            released_basis=updated_by if updated else "retrieval date (the response carries no release date)",
            source_updated=updated,
            urls=urls,
            vintage_label=label,
            notes=join_notes(notes, *warnings),
        ),
        tuple(warnings),
    )


def join_notes(*notes: str) -> str:
    return "; ".join(note for note in notes if note)


def estimates_only(fetched: Fetched) -> Fetched:
    """A release holds estimates for the years up to its date; a later year's figure (WPP 2019, released
    in June 2019, gives 2020) is a projection: dropped, and counted in the warnings and notes."""
    released = fetched.provenance.released
    if not released:
        return fetched
    frame = fetched.frame
    later = frame[frame["year"] > int(released[:4])]
    if later.empty:
        return fetched
    years = sorted(int(y) for y in set(later["year"]))
    span = str(years[0]) if len(years) == 1 else f"{years[0]}–{years[-1]}"
    note = (
        f"dropped {len(later):,} rows for {span}, after the release date ({released}): projections, "
        "not estimates"
    )
    provenance = replace(fetched.provenance, notes=join_notes(fetched.provenance.notes, note))
    return replace(
        fetched, frame=frame.drop(later.index), provenance=provenance, warnings=(*fetched.warnings, note)
    )
