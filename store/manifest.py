"""``data/manifest.json``: the provenance of every series and vintage, and the commit point of a save.

A save writes its files first and the manifest last; the manifest names the sha256 of each current
file, so whatever the manifest says is the state of data/ (see store.recovery for the roll-forward).
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from registry.model import SeriesInfo
from store import schema

if TYPE_CHECKING:  # frames are only described here: reading the manifest needs no pandas
    import pandas as pd

MANIFEST = "manifest.json"
SCHEMA_VERSION = 1
MAX_MANIFEST_BYTES = 50_000_000  # the shipped one is 60 kB for 10 series and 26 vintages


class DataFileError(Exception):
    """A file in data/ that is missing or unreadable; the message says how to restore it."""


def restore_hint(series_id: str | None = None) -> str:
    target = f" {series_id}" if series_id else ""
    return f"Restore it with `git checkout -- data/` or re-fetch it with `python -m fetch{target}`."


def manifest_path(data_dir: Path) -> Path:
    return Path(data_dir) / MANIFEST


def read_manifest(data_dir: Path) -> dict[str, Any]:
    """The manifest, or an empty one if none was written yet; DataFileError if unreadable, too large
    or not of the manifest's shape (store.schema), so no reader trusts a field of the wrong type."""
    path = manifest_path(data_dir)
    try:
        if not path.exists():
            return {"schema_version": SCHEMA_VERSION, "series": {}}
        with open(path, "rb") as handle:
            content = handle.read(MAX_MANIFEST_BYTES + 1)
        if len(content) > MAX_MANIFEST_BYTES:
            raise ValueError(f"larger than {MAX_MANIFEST_BYTES / 1e6:g} MB")
        manifest = json.loads(content.decode("utf-8"))
        schema.validate(manifest)
    except OSError as exc:  # a folder, no permission, an I/O error
        raise DataFileError(f"{path} cannot be read ({exc.strerror or exc}). {restore_hint()}") from exc
    except (ValueError, RecursionError) as exc:  # UnicodeDecodeError is a ValueError
        raise DataFileError(f"{path} is not valid ({exc}). {restore_hint()}") from exc
    return manifest


def manifest_bytes(manifest: dict[str, Any]) -> bytes:
    return (json.dumps(manifest, indent=2, ensure_ascii=False, sort_keys=False) + "\n").encode("utf-8")


@dataclass(frozen=True)
class Provenance:
    """Where one vintage came from. ``released`` is the date it was public by (ISO date)."""

    method: str  # "api" (fetched live) or "import" (parsed from a publisher's file)
    retrieved: str  # ISO timestamp of the fetch or import
    released: str  # ISO date: publisher's update date, or the earliest date known to be public
    released_basis: str  # why that date, e.g. "World Bank lastupdated" or "file committed on"
    source_updated: str | None = None  # the publisher's own last-updated date, if it gives one
    urls: tuple[str, ...] = ()
    source_file: dict[str, str] | None = None  # {"file", "repository", "path", "commit", "sha256"}
    vintage_label: str = ""
    notes: str = ""
    fallback: str | None = None  # set when a fallback source replaced the primary one
    preliminary: tuple[int, ...] = ()  # years the publisher marks as preliminary (e.g. KOSIS "2025 p)")

    def as_dict(self) -> dict[str, Any]:
        return {
            "method": self.method,
            "label": self.vintage_label,
            "released": self.released,
            "released_basis": self.released_basis,
            "source_updated": self.source_updated,
            "retrieved": self.retrieved,
            "urls": list(self.urls),
            "source_file": self.source_file,
            "notes": self.notes,
            "fallback": self.fallback,
            **({"preliminary": sorted(self.preliminary)} if self.preliminary else {}),
        }


SUMMARY_KEYS = ("rows", "countries", "year_min", "year_max")


def summary(frame: pd.DataFrame) -> dict[str, Any]:
    return {
        "rows": len(frame),
        "countries": int(frame["country_code"].nunique()),
        "year_min": int(frame["year"].min()),
        "year_max": int(frame["year"].max()),
    }


def vintage_relpath(series_id: str, sha256: str) -> str:
    return f"vintages/{series_id}/{sha256[:16]}.csv"


def released_on(vintage: dict[str, Any]) -> date | None:
    """A vintage's release date, or None when the manifest lacks a valid one (never a KeyError)."""
    try:
        return date.fromisoformat(str(vintage.get("released"))[:10])
    except ValueError:
        return None


def _order(vintage: dict[str, Any]) -> tuple[str, str]:
    return (str(vintage.get("released") or ""), str(vintage.get("retrieved") or ""))


def newest_vintage(vintages: list[dict[str, Any]]) -> dict[str, Any]:
    """The newest release wins; among equal release dates, the latest retrieval."""
    return max(vintages, key=_order)


def current_vintage(entry: dict[str, Any]) -> dict[str, Any]:
    """The vintage a series' current file shows (several vintages may share one data file)."""
    return newest_vintage(entry["vintages"])


def list_vintages(manifest: dict[str, Any], series_id: str) -> list[dict[str, Any]]:
    """Vintages of a series, oldest release first."""
    return list(manifest["series"].get(series_id, {}).get("vintages", []))


def vintage_as_of(manifest: dict[str, Any], series_id: str, as_of: date) -> dict[str, Any] | None:
    """The newest vintage released on or before ``as_of``, or None if none is that old (or dated)."""
    eligible = [
        v for v in list_vintages(manifest, series_id) if (day := released_on(v)) is not None and day <= as_of
    ]
    return newest_vintage(eligible) if eligible else None


def build_entry(
    info: SeriesInfo,
    sha256: str,
    current: pd.DataFrame,
    source: dict[str, Any],
    vintages: list[dict[str, Any]],
    derived: str = "",
) -> dict[str, Any]:
    """A series' manifest entry: catalogue info, the current file's sha256 and summary, the provenance
    of the vintage it comes from (``source``) and every vintage kept. ``derived`` says how the current
    file was computed when it is not a verbatim vintage."""
    series_id = info.id
    entry = {
        "title": info.title,
        "unit": info.unit,
        "definition": info.definition,
        "publisher": info.publisher,
        "dataset": info.dataset,
        "indicator": info.indicator,
        "licence": info.licence,
        "attribution": info.attribution,
        "file": f"{series_id}.csv",
        "sha256": sha256,
        **summary(current),
        **{k: v for k, v in source.items() if k not in ("sha256", "file", *SUMMARY_KEYS)},
        "vintages": sorted(vintages, key=_order),
    }
    if derived:
        entry["derived"] = derived
    return entry


def expected_files(manifest: dict[str, Any]) -> dict[str, str]:
    """Every file the manifest vouches for (relative path -> sha256): current files and vintages."""
    files: dict[str, str] = {}
    for series_id, entry in manifest["series"].items():
        if not isinstance(entry, dict):
            continue
        if entry.get("sha256"):
            files[f"{series_id}.csv"] = entry["sha256"]
        for vintage in entry.get("vintages", []):
            if isinstance(vintage, dict) and vintage.get("file") and vintage.get("sha256"):
                files[vintage["file"]] = vintage["sha256"]
    return files


def is_within(data_dir: Path, relpath: str) -> bool:
    """A manifest path that stays inside data/ (a hand-edited '../x' is never read or written)."""
    root = os.path.realpath(data_dir)
    return os.path.realpath(os.path.join(root, relpath)).startswith(root + os.sep)
