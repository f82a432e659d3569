"""Reading and writing ``data/``: series files, the manifest and every vintage kept.

Layout::

    data/<series>.csv                      the current vintage, which the app reads
    data/vintages/<series>/<sha16>.csv     every vintage ever saved, content-addressed
    data/manifest.json                     provenance of the current file and of each vintage

Every write goes to a temporary file in the same folder and is renamed into place after
validation, so a failed run never leaves a half-written or unvalidated file behind.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import tempfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd

from tidy.catalog import SERIES, series_info
from tidy.schema import COLUMNS, ValidationError, format_value, validate

DEFAULT_DATA_DIR = Path(__file__).resolve().parent.parent / "data"
MANIFEST = "manifest.json"
SCHEMA_VERSION = 1


class DataFileError(Exception):
    """A file in data/ that is missing or unreadable; the message says how to restore it."""


def data_dir_from_env() -> Path:
    """The data folder: ``$DASHBOARD_DATA_DIR`` if set (tests, other snapshots), else ``data/``."""
    return Path(os.environ.get("DASHBOARD_DATA_DIR", DEFAULT_DATA_DIR))


def series_path(data_dir: Path, series_id: str) -> Path:
    return Path(data_dir) / f"{series_id}.csv"


def restore_hint(series_id: str | None = None) -> str:
    target = f" {series_id}" if series_id else ""
    return f"Restore it with `git checkout -- data/` or re-fetch it with `python -m fetch{target}`."


def sha256_bytes(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def atomic_write(path: Path, content: bytes) -> None:
    """Write ``content`` to ``path`` through a temporary file and an atomic rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        os.chmod(tmp_name, 0o644)  # mkstemp creates 0600; data files are for everyone to read
        with os.fdopen(fd, "wb") as handle:
            handle.write(content)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp_name, path)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise


def serialise(frame: pd.DataFrame) -> bytes:
    out = frame.loc[:, COLUMNS].copy()
    out["value"] = out["value"].map(format_value)
    buffer = io.StringIO()
    out.to_csv(buffer, index=False, lineterminator="\n")
    return buffer.getvalue().encode("utf-8")


def parse_series_csv(content: bytes | str | Path, series_id: str, source: str) -> pd.DataFrame:
    """Read a tidy CSV and check it against the schema; errors name ``source``."""
    try:
        handle = io.BytesIO(content) if isinstance(content, bytes) else content
        frame = pd.read_csv(
            handle,
            dtype={"country_code": str, "country": str, "year": "int64", "value": "float64"},
            keep_default_na=False,
            na_values={"value": [""]},
        )
        validate(frame, series_id)
    except (ValueError, KeyError, pd.errors.ParserError, ValidationError) as exc:
        raise DataFileError(
            f"{source} is not a valid series file ({exc}). {restore_hint(series_id)}"
        ) from exc
    return frame


def read_series(data_dir: Path, series_id: str) -> pd.DataFrame:
    """The current vintage of a series; DataFileError if missing or corrupt."""
    path = series_path(data_dir, series_id)
    if not path.exists():
        if series_id not in read_manifest(data_dir)["series"]:
            raise DataFileError(
                f"{series_id} is not in this snapshot ({path.name} was never fetched into {path.parent}). "
                f"Fetch it with `python -m fetch {series_id}`."
            )
        raise DataFileError(f"{path} is missing. {restore_hint(series_id)}")
    return parse_series_csv(path.read_bytes(), series_id, str(path))


def read_manifest(data_dir: Path) -> dict[str, Any]:
    """The manifest, or an empty one if none was written yet; DataFileError if corrupt."""
    path = Path(data_dir) / MANIFEST
    if not path.exists():
        return {"schema_version": SCHEMA_VERSION, "series": {}}
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(manifest, dict) or not isinstance(manifest.get("series"), dict):
            raise ValueError("no 'series' object")
    except (ValueError, UnicodeDecodeError) as exc:
        raise DataFileError(f"{path} is not valid ({exc}). {restore_hint()}") from exc
    return manifest


def write_manifest(data_dir: Path, manifest: dict[str, Any]) -> None:
    text = json.dumps(manifest, indent=2, ensure_ascii=False, sort_keys=False) + "\n"
    atomic_write(Path(data_dir) / MANIFEST, text.encode("utf-8"))


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


@dataclass(frozen=True)
class SaveResult:
    series_id: str
    sha256: str
    new_vintage: bool
    became_current: bool
    previous: pd.DataFrame | None  # the current frame before this save, for a change summary


def vintage_relpath(series_id: str, sha256: str) -> str:
    return f"vintages/{series_id}/{sha256[:16]}.csv"


_SUMMARY_KEYS = ("rows", "countries", "year_min", "year_max")


def _summary(frame: pd.DataFrame) -> dict[str, Any]:
    return {
        "rows": len(frame),
        "countries": int(frame["country_code"].nunique()),
        "year_min": int(frame["year"].min()),
        "year_max": int(frame["year"].max()),
    }


def _current_vintage(vintages: list[dict[str, Any]]) -> dict[str, Any]:
    """The newest release wins; among equal release dates, the latest retrieval."""
    return max(vintages, key=lambda v: (v["released"], v["retrieved"]))


def save_series(data_dir: Path, series_id: str, frame: pd.DataFrame, provenance: Provenance) -> SaveResult:
    """Validate and store a new vintage; make it current if it is the newest release.

    An unchanged re-fetch (same bytes) adds no vintage. Nothing is written if validation fails.
    """
    data_dir = Path(data_dir)
    validate(frame, series_id)
    content = serialise(frame)
    digest = sha256_bytes(content)
    manifest = read_manifest(data_dir)
    entry = manifest["series"].get(series_id, {})
    vintages: list[dict[str, Any]] = list(entry.get("vintages", []))
    try:
        previous = read_series(data_dir, series_id) if series_path(data_dir, series_id).exists() else None
    except DataFileError:  # a corrupt current file: this save repairs it (as restore_hint promises)
        previous = None

    known = next((v for v in vintages if v["sha256"] == digest), None)
    if known is None:
        relpath = vintage_relpath(series_id, digest)
        atomic_write(data_dir / relpath, content)
        vintages.append({"sha256": digest, "file": relpath, **_summary(frame), **provenance.as_dict()})
    current = _current_vintage(vintages)
    old_sha = entry.get("sha256")
    if current["sha256"] != old_sha or previous is None:
        atomic_write(series_path(data_dir, series_id), (data_dir / current["file"]).read_bytes())
    manifest["schema_version"] = SCHEMA_VERSION
    manifest["series"][series_id] = _entry(series_id, current, vintages)
    write_manifest(data_dir, manifest)
    return SaveResult(
        series_id=series_id,
        sha256=digest,
        new_vintage=known is None,
        became_current=current["sha256"] == digest and old_sha != digest,
        previous=previous,
    )


def _entry(series_id: str, current: dict[str, Any], vintages: list[dict[str, Any]]) -> dict[str, Any]:
    info = series_info(series_id)
    return {
        "title": info.title,
        "unit": info.unit,
        "definition": info.definition,
        "publisher": info.publisher,
        "dataset": info.dataset,
        "indicator": info.indicator,
        "licence": info.licence,
        "attribution": info.attribution,
        "file": f"{series_id}.csv",
        "sha256": current["sha256"],
        **{key: current[key] for key in _SUMMARY_KEYS},
        **{k: v for k, v in current.items() if k not in ("sha256", "file", *_SUMMARY_KEYS)},
        "vintages": sorted(vintages, key=lambda v: (v["released"], v["retrieved"])),
    }


def list_vintages(manifest: dict[str, Any], series_id: str) -> list[dict[str, Any]]:
    """Vintages of a series, oldest release first."""
    return list(manifest["series"].get(series_id, {}).get("vintages", []))


def vintage_as_of(manifest: dict[str, Any], series_id: str, as_of: date) -> dict[str, Any] | None:
    """The newest vintage released on or before ``as_of``, or None if none is that old."""
    eligible = [v for v in list_vintages(manifest, series_id) if date.fromisoformat(v["released"]) <= as_of]
    return _current_vintage(eligible) if eligible else None


def read_vintage(data_dir: Path, series_id: str, vintage: dict[str, Any]) -> pd.DataFrame:
    path = Path(data_dir) / vintage["file"]
    if not path.exists():
        raise DataFileError(f"{path} (a vintage of {series_id}) is missing. {restore_hint(series_id)}")
    content = path.read_bytes()
    if sha256_bytes(content) != vintage["sha256"]:
        raise DataFileError(f"{path} does not match its sha256 in the manifest. {restore_hint(series_id)}")
    return parse_series_csv(content, series_id, str(path))


def known_series() -> list[str]:
    return list(SERIES)
