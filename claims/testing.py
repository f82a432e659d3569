"""Helpers to build small data/ folders with dated vintages, for tests and demos.

They write through store.save.save_series, the same path the fetch pipeline uses, so tests
exercise real manifests and vintage files rather than hand-made ones.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from registry.catalogue import series_info
from store.frame import tidy_frame
from store.manifest import Provenance
from store.save import SaveResult, save_series


def frame_of(rows: dict[str, dict[int, float]] | list[tuple[str, int, float]]) -> pd.DataFrame:
    """A tidy frame from {country: {year: value}} or (country, year, value) rows."""
    if isinstance(rows, dict):
        rows = [(c, y, v) for c, years in rows.items() for y, v in years.items()]
    raw = pd.DataFrame(rows, columns=["country_code", "year", "value"])
    return tidy_frame(raw)


def save(
    data_dir: Path,
    series: str,
    rows: dict[str, dict[int, float]] | list[tuple[str, int, float]],
    released: str = "2024-01-01",
    label: str | None = None,
) -> SaveResult:
    """Save one vintage of ``series`` released on ``released`` (an ISO date)."""
    provenance = Provenance(
        method="import",
        retrieved=f"{released}T00:00:00+00:00",
        released=released,
        released_basis="test fixture",
        vintage_label=label or f"test {released}",
    )
    return save_series(Path(data_dir), series_info(series), frame_of(rows), provenance)
