"""The one save path: a vintage, the current file and the manifest entry together, all or nothing.

A save writes, each through a temporary file and an atomic rename: (1) the new vintage
(content-addressed, harmless on its own), (2) the new current file beside its target as
``.<series>.csv.<sha16>.pending``, (3) the manifest, which names the current file's sha256 and so
commits the save, (4) the pending file renamed into place. A crash before (3) leaves the old state
plus stray files; after it, the new state with the last rename to do. ``store.recovery.recover``
(run by every fetch under the data-folder lock) removes the strays or does that rename, so a kill
between any two writes leaves the old or the new state.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from store import files  # its writes by module name: tests inject crashes into them
from store.files import (
    file_sha256,
    parse_series_csv,
    pending_path,
    read_series,
    serialise,
    series_path,
    sha256_bytes,
    vintage_bytes,
)
from store.frame import validate
from store.history import current_file, has_long_history
from store.manifest import (
    SCHEMA_VERSION,
    DataFileError,
    Provenance,
    build_entry,
    newest_vintage,
    read_manifest,
    summary,
    vintage_relpath,
)
from store.shrink import check_older_release, check_shrink


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
    refused (store.shrink.ShrinkError). An unchanged re-save (same bytes) writes nothing.
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
        files.atomic_write(vintage_file, content)
    needs_current = file_sha256(target) != current_sha
    if needs_current:
        files.atomic_write(pending_path(data_dir, series_id, current_sha), current_content)
    manifest["schema_version"] = SCHEMA_VERSION
    manifest["series"][series_id] = new_entry
    files.write_manifest(data_dir, manifest)
    if needs_current:
        files.commit_rename(pending_path(data_dir, series_id, current_sha), target)
    return SaveResult(
        series_id=series_id,
        sha256=digest,
        new_vintage=known is None,
        became_current=newest["sha256"] == digest
        and entry.get("current_vintage", entry.get("sha256")) != digest,
        previous=previous,
    )
