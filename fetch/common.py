"""What every publisher module returns, and small helpers they share."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pandas as pd

from fetch.errors import FetchError
from registry.groups import is_country
from store.frame import tidy_frame
from store.manifest import Provenance


@dataclass(frozen=True)
class Fetched:
    """Tidy rows for one series plus where they came from."""

    series_id: str
    frame: pd.DataFrame
    provenance: Provenance
    # What the user must hear about this result (rows dropped and why); also in provenance.notes.
    warnings: tuple[str, ...] = ()


# Where a file was published or found: a commit of a public repository.
ORIGIN = re.compile(r"^(?P<repository>[\w.-]+/[\w.-]+):(?P<path>.+)@(?P<commit>[0-9a-f]{40})$")
ORIGIN_FORM = "owner/repo:path@<40-hex commit>"


def parse_origin(text: str) -> dict[str, str] | None:
    """``owner/repo:path@commit`` -> {"repository", "path", "commit"}; None if it is not one."""
    match = ORIGIN.match(text)
    return match.groupdict() if match else None


def now_iso() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def today_iso() -> str:
    return datetime.now(UTC).date().isoformat()


def file_sha256(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def countries_only(rows: pd.DataFrame, aggregates: set[str] | frozenset[str] = frozenset()) -> pd.DataFrame:
    """Drop aggregates (regions, income groups, OECD/EU averages) so only countries remain."""
    codes = rows["country_code"]
    keep = codes.map(is_country).astype(bool) & ~codes.isin(aggregates)  # bool even when empty
    return rows[keep]


def check_values(series_id: str, frame: pd.DataFrame, where: str, notes: Sequence[str] = ()) -> None:
    """An answer or file that leaves no values is an error for its series, never an empty save."""
    if frame.empty:
        why = "; ".join(notes) or "every row was a missing value or an aggregate"
        raise FetchError(series_id, where, f"the answer holds no values for {series_id} ({why})")


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
    check_values(series_id, frame, urls[-1] if urls else "", warnings)
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


def fetched_file(
    series_id: str,
    frame: pd.DataFrame,
    path: Path,
    label: str,
    updated: str | None = None,
    notes: str = "",
    warnings: tuple[str, ...] | list[str] = (),
    companions: tuple[Path, ...] | list[Path] = (),
    preliminary: tuple[int, ...] | list[int] = (),
) -> Fetched:
    """A file import's result: released on the publisher's update date in the file, if it gives one
    (``python -m fetch --released`` dates the others); ``companions`` helped read ``path``."""
    check_values(series_id, frame, str(path), warnings)
    source_file: dict[str, Any] = {"file": Path(path).name, "sha256": file_sha256(path)}
    if companions:
        source_file["companions"] = [{"file": Path(c).name, "sha256": file_sha256(c)} for c in companions]
    return Fetched(
        series_id,
        frame,
        Provenance(
            method="import",
            retrieved=now_iso(),
            released=updated or "",
            released_basis="publisher's update date in the file" if updated else "",
            source_updated=updated,
            source_file=source_file,
            vintage_label=label,
            notes=join_notes(notes, *warnings),
            preliminary=tuple(preliminary),
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
