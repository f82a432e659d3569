"""Reading and writing ``data/``: series files and every vintage kept, with the manifest as commit point.

Layout::

    data/<series>.csv                      the current file, which the app reads
    data/vintages/<series>/<sha16>.csv     every vintage ever saved, content-addressed
    data/manifest.json                     provenance of the current file and of each vintage

A save changes a series file, its vintage and its manifest entry together. It writes, each through
a temporary file and an atomic rename: (1) the new vintage (content-addressed, harmless on its own),
(2) the new current file beside its target as ``.<series>.csv.<sha16>.pending``, (3) the manifest,
which names the current file's sha256 and so commits the save, (4) the pending file renamed into
place. A crash before (3) leaves the old state plus stray files; after it, the new state with the
last rename to do. ``tidy.recovery.recover`` (run by every fetch under the data-folder lock) removes
the strays or does that rename, so a kill between any two writes leaves the old or the new state.
"""

from __future__ import annotations

import hashlib
import io
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from tidy.catalog import SERIES
from tidy.history import current_file, has_long_history
from tidy.manifest import (
    MANIFEST,
    SCHEMA_VERSION,
    DataFileError,
    Provenance,
    build_entry,
    current_vintage,
    list_vintages,
    manifest_bytes,
    newest_vintage,
    read_manifest,
    restore_hint,
    summary,
    vintage_as_of,
    vintage_relpath,
)
from tidy.schema import COLUMNS, ValidationError, format_value, validate
from tidy.shrink import check_older_release, check_shrink

__all__ = [
    "MANIFEST",
    "SCHEMA_VERSION",
    "DataFileError",
    "Provenance",
    "current_vintage",
    "list_vintages",
    "read_manifest",
    "restore_hint",
    "vintage_as_of",
    "vintage_relpath",
]

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


def parse_series_csv(content: bytes | str | Path, series_id: str, source: str) -> pd.DataFrame:
    """Read a tidy CSV and check it against the schema; errors name ``source``."""
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
        validate(frame, series_id)
    except (ValueError, KeyError, pd.errors.ParserError, ValidationError) as exc:
        raise DataFileError(
            f"{source} is not a valid series file ({exc}). {restore_hint(series_id)}"
        ) from exc
    return frame


def committed_pending(data_dir: Path, series_id: str, sha256: str | None) -> Path | None:
    """The pending file of a save the manifest committed but whose last rename did not happen."""
    pending = pending_path(data_dir, series_id, sha256) if sha256 else None
    return pending if pending is not None and file_sha256(pending) == sha256 else None


def read_series(data_dir: Path, series_id: str) -> pd.DataFrame:
    """The current file of a series; DataFileError if missing or corrupt.

    If a save was interrupted after its manifest write, the committed pending file is read instead,
    so readers see the new state before the next fetch puts it in place.
    """
    path = series_path(data_dir, series_id)
    pending = next(Path(data_dir).glob(f".{series_id}.csv.*{PENDING_SUFFIX}"), None)
    if pending is not None:  # rare: only after a crash, so the manifest is read only then
        sha = read_manifest(data_dir)["series"].get(series_id, {}).get("sha256")
        committed = committed_pending(data_dir, series_id, sha)
        if committed is not None and file_sha256(path) != sha:
            return parse_series_csv(committed.read_bytes(), series_id, str(committed))
    if not path.exists():
        if series_id not in read_manifest(data_dir)["series"]:
            raise DataFileError(
                f"{series_id} is not in this snapshot ({path.name} was never fetched into {path.parent}). "
                f"Fetch it with `python -m fetch {series_id}`."
            )
        raise DataFileError(f"{path} is missing. {restore_hint(series_id)}")
    return parse_series_csv(path.read_bytes(), series_id, str(path))


@dataclass(frozen=True)
class SaveResult:
    series_id: str
    sha256: str  # of the vintage saved
    new_vintage: bool
    became_current: bool  # the current file changed to this save's content
    previous: pd.DataFrame | None  # the current frame before this save, for a change summary


def _previous(data_dir: Path, series_id: str) -> pd.DataFrame | None:
    try:
        return read_series(data_dir, series_id) if series_path(data_dir, series_id).exists() else None
    except DataFileError:  # a corrupt current file: this save repairs it (as restore_hint promises)
        return None


def save_series(
    data_dir: Path,
    series_id: str,
    frame: pd.DataFrame,
    provenance: Provenance,
    *,
    current: pd.DataFrame | None = None,
    derived: str = "",
    shrink_limit: float | None = None,
) -> SaveResult:
    """Validate and store ``frame`` as a vintage; update the current file, all or nothing.

    The current file becomes ``current`` if given (a frame derived from several vintages, described
    by ``derived``), else the vintage with the newest release. With ``shrink_limit`` (a share, e.g.
    0.2), a current file that would lose Korea or more than that share of its rows or countries is
    refused (tidy.shrink.ShrinkError). An unchanged re-save (same bytes) writes nothing.
    """
    data_dir = Path(data_dir)
    validate(frame, series_id)
    content = serialise(frame)
    digest = sha256_bytes(content)
    manifest = read_manifest(data_dir)
    entry = manifest["series"].get(series_id, {})
    vintages: list[dict[str, Any]] = list(entry.get("vintages", []))
    previous = _previous(data_dir, series_id)

    # Same figures from another publisher file (a later release that changed nothing, or a better copy
    # of the same release) are another vintage sharing the data file; a re-fetch or re-import is not.
    source = (provenance.source_file or {}).get("sha256")
    known = next(
        (
            v
            for v in vintages
            if v.get("sha256") == digest and (v.get("source_file") or {}).get("sha256") == source
        ),
        None,
    )
    if known is None:
        vintages.append(
            {
                "sha256": digest,
                "file": vintage_relpath(series_id, digest),
                **summary(frame),
                **provenance.as_dict(),
            }
        )
    newest = newest_vintage(vintages)
    target = series_path(data_dir, series_id)
    if current is not None:
        validate(current, series_id)
        current_content, current_frame = serialise(current), current
    elif newest["sha256"] == digest:
        current_content, current_frame = content, frame
    else:  # an older release: the newest vintage stays current (read from the current file if it is that)
        on_disk = target.read_bytes() if file_sha256(target) == newest["sha256"] else None
        current_content = on_disk or vintage_bytes(data_dir, series_id, newest)
        current_frame = parse_series_csv(current_content, series_id, f"current vintage of {series_id}")
    extra: dict[str, Any] = {}
    # a long history splices earlier releases' years into the current file
    if current is None and has_long_history(series_id):
        current_content, extra = current_file(data_dir, series_id, newest, vintages, {digest: content})
        if extra:
            current_frame = parse_series_csv(current_content, series_id, f"current file of {series_id}")
    current_sha = sha256_bytes(current_content)
    if shrink_limit is not None and previous is not None and current_sha != entry.get("sha256"):
        check_shrink(series_id, previous, current_frame, shrink_limit)
    if shrink_limit is not None and known is None and newest["sha256"] != digest:
        check_older_release(series_id, current_frame, frame)

    new_entry = {**build_entry(series_id, current_sha, current_frame, newest, vintages, derived), **extra}
    if known is not None and entry == new_entry and file_sha256(target) == current_sha:
        return SaveResult(series_id, digest, False, False, previous)

    # (1) the vintage, (2) the pending current file, (3) the manifest: the commit, (4) the rename.
    vintage_file = data_dir / vintage_relpath(series_id, digest)
    if known is None or file_sha256(vintage_file) != digest:
        atomic_write(vintage_file, content)
    needs_current = file_sha256(target) != current_sha
    if needs_current:
        atomic_write(pending_path(data_dir, series_id, current_sha), current_content)
    manifest["schema_version"] = SCHEMA_VERSION
    manifest["series"][series_id] = new_entry
    write_manifest(data_dir, manifest)
    if needs_current:
        commit_rename(pending_path(data_dir, series_id, current_sha), target)
    return SaveResult(
        series_id=series_id,
        sha256=digest,
        new_vintage=known is None,
        became_current=newest["sha256"] == digest
        and entry.get("current_vintage", entry.get("sha256")) != digest,
        previous=previous,
    )


def vintage_bytes(data_dir: Path, series_id: str, vintage: dict[str, Any]) -> bytes:
    path = Path(data_dir) / vintage["file"]
    if not path.exists():
        raise DataFileError(f"{path} (a vintage of {series_id}) is missing. {restore_hint(series_id)}")
    content = path.read_bytes()
    if sha256_bytes(content) != vintage["sha256"]:
        raise DataFileError(f"{path} does not match its sha256 in the manifest. {restore_hint(series_id)}")
    return content


def read_vintage(data_dir: Path, series_id: str, vintage: dict[str, Any]) -> pd.DataFrame:
    return parse_series_csv(
        vintage_bytes(data_dir, series_id, vintage), series_id, str(Path(data_dir) / vintage["file"])
    )


def known_series() -> list[str]:
    return list(SERIES)
