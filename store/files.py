"""The files of ``data/``: where each lives, how it is read and checked, how it is written atomically.

Layout::

    data/<series>.csv                      the current file, which the app reads
    data/vintages/<series>/<sha16>.csv     every vintage ever saved, content-addressed
    data/manifest.json                     provenance of the current file and of each vintage

Writes go through a temporary file and an atomic rename (see store.save for the order of a save).
"""

from __future__ import annotations

import hashlib
import io
import os
import tempfile
from pathlib import Path
from typing import Any

import pandas as pd

from registry.model import SeriesInfo
from store.frame import COLUMNS, ValidationError, format_value, validate
from store.manifest import MANIFEST, DataFileError, manifest_bytes, read_manifest, restore_hint

DEFAULT_DATA_DIR = Path(__file__).resolve().parent.parent / "data"
PENDING_SUFFIX = ".pending"


def data_dir_from_env() -> Path:
    """The data folder: ``$DASHBOARD_DATA_DIR`` if set (tests, other snapshots), else ``data/``."""
    return Path(os.environ.get("DASHBOARD_DATA_DIR", DEFAULT_DATA_DIR))


def series_path(data_dir: Path, series_id: str) -> Path:
    return Path(data_dir) / f"{series_id}.csv"


def pending_path(data_dir: Path, series_id: str, sha256: str) -> Path:
    return Path(data_dir) / f".{series_id}.csv.{sha256[:16]}{PENDING_SUFFIX}"


def sha256_bytes(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def file_sha256(path: Path) -> str | None:
    """sha256 of a file, or None if it does not exist."""
    try:
        return sha256_bytes(Path(path).read_bytes())
    except FileNotFoundError:
        return None


def commit_rename(source: Path | str, target: Path | str) -> None:
    """The one rename every write ends with (tests inject crashes here)."""
    os.replace(source, target)


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
        commit_rename(tmp_name, path)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise


def write_manifest(data_dir: Path, manifest: dict[str, Any]) -> None:
    atomic_write(Path(data_dir) / MANIFEST, manifest_bytes(manifest))


def serialise(frame: pd.DataFrame) -> bytes:
    out = frame.loc[:, COLUMNS].copy()
    out["value"] = out["value"].map(format_value)
    buffer = io.StringIO()
    out.to_csv(buffer, index=False, lineterminator="\n")
    return buffer.getvalue().encode("utf-8")


def parse_series_csv(
    content: bytes | str | Path, info: SeriesInfo, source: str, *, check: bool = True
) -> pd.DataFrame:
    """Read a tidy CSV and check it against the schema; errors name ``source``.

    ``check=False`` skips the range and code checks, for a vintage whose bytes match the sha256 the
    manifest holds: it was validated when it was saved.
    """
    series_id = info.id
    try:
        handle = io.BytesIO(content) if isinstance(content, bytes) else content
        frame = pd.read_csv(
            handle,
            dtype={"country_code": str, "country": str, "year": "int64", "value": "float64"},
            keep_default_na=False,
            na_values={"value": [""]},
            encoding="utf-8",
            encoding_errors="strict",
        )
        if check:
            validate(frame, info)
    except (ValueError, KeyError, pd.errors.ParserError, ValidationError) as exc:
        raise DataFileError(
            f"{source} is not a valid series file ({exc}). {restore_hint(series_id)}"
        ) from exc
    return frame


def committed_pending(data_dir: Path, series_id: str, sha256: str | None) -> Path | None:
    """The pending file of a save the manifest committed but whose last rename did not happen."""
    pending = pending_path(data_dir, series_id, sha256) if sha256 else None
    return pending if pending is not None and file_sha256(pending) == sha256 else None


def read_series(data_dir: Path, info: SeriesInfo) -> pd.DataFrame:
    """The current file of a series; DataFileError if missing or corrupt.

    If a save was interrupted after its manifest write, the committed pending file is read instead,
    so readers see the new state before the next fetch puts it in place.
    """
    series_id = info.id
    path = series_path(data_dir, series_id)
    pending = next(Path(data_dir).glob(f".{series_id}.csv.*{PENDING_SUFFIX}"), None)
    if pending is not None:  # rare: only after a crash, so the manifest is read only then
        sha = read_manifest(data_dir)["series"].get(series_id, {}).get("sha256")
        committed = committed_pending(data_dir, series_id, sha)
        if committed is not None and file_sha256(path) != sha:
            return parse_series_csv(committed.read_bytes(), info, str(committed))
    if not path.exists():
        if series_id not in read_manifest(data_dir)["series"]:
            raise DataFileError(
                f"{series_id} is not in this snapshot ({path.name} was never fetched into {path.parent}). "
                f"Fetch it with `python -m fetch {series_id}`."
            )
        raise DataFileError(f"{path} is missing. {restore_hint(series_id)}")
    return parse_series_csv(path.read_bytes(), info, str(path))


def vintage_bytes(data_dir: Path, series_id: str, vintage: dict[str, Any]) -> bytes:
    path = Path(data_dir) / vintage["file"]
    if not path.exists():
        raise DataFileError(f"{path} (a vintage of {series_id}) is missing. {restore_hint(series_id)}")
    content = path.read_bytes()
    if sha256_bytes(content) != vintage["sha256"]:
        raise DataFileError(f"{path} does not match its sha256 in the manifest. {restore_hint(series_id)}")
    return content


def read_vintage(data_dir: Path, info: SeriesInfo, vintage: dict[str, Any]) -> pd.DataFrame:
    content = vintage_bytes(data_dir, info.id, vintage)
    return parse_series_csv(content, info, str(Path(data_dir) / vintage["file"]))
