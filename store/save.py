"""The one save path: a vintage, the current file and the manifest entry together, all or nothing.

A save writes, each through a temporary file and an atomic rename: (1) the new vintage and (2) the
new current file, each beside its place as ``.<name>.<sha16>.pending``, (3) the manifest, which
names both sha256s and so commits the save, (4) the pending files renamed into place, (5)
``datapackage.json`` rewritten from the manifest. A crash before (3) leaves the old state plus
pending files; after it, the new state with renames (and the descriptor) to do.
``store.recovery.recover`` (run by every fetch under the data-folder lock) removes the uncommitted
pending files or does those renames, so a kill between any two writes leaves the old or the new
state; readers meanwhile read a committed pending file in place of its target. A file in vintages/
is only ever written under its final name once committed, so one the manifest does not list is never
debris: it is kept (store.folder re-lists it).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pandas as pd

from registry.model import SeriesInfo
from store import files  # its writes by module name: tests inject crashes into them
from store.diff import compare
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
from store.history import current_frame
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
from store.package import PACKAGE, write_package
from store.shrink import check_older_release, check_shrink


@dataclass(frozen=True)
class SaveResult:
    """What a save did, in the words a run reports it with."""

    series_id: str
    sha256: str  # of the vintage saved
    new_vintage: bool
    became_current: bool  # the current file changed to this save's content
    previous: pd.DataFrame | None  # the current frame before this save
    changes: str = ""  # what changed in the current file: "new series", "2 added, 0 removed, 1 revised"...
    notice: str = ""  # something the user must hear (a release date given for a file already held)


def _previous(data_dir: Path, info: SeriesInfo) -> pd.DataFrame | None:
    try:
        return read_series(data_dir, info) if series_path(data_dir, info.id).exists() else None
    except DataFileError:  # a corrupt current file: this save repairs it (as restore_hint promises)
        return None


def _changes(
    previous: pd.DataFrame | None, current: pd.DataFrame, older: bool, new_vintage: bool, released: str
) -> str:
    """What changed in the file the app reads (a long history keeps its earlier years)."""
    if older:  # an older release than the current vintage (unchanged or not)
        return "kept as an older vintage"
    if previous is None:
        return "new series"
    changes = compare(previous, current).summary()
    if new_vintage and changes == "no change":  # another file of the same figures
        return f"same figures as before, now from this release ({released})"
    return changes


def _held_notice(known: dict[str, Any] | None, provenance: Provenance) -> str:
    """The same file again: say which stored release it already is, if the date given differs."""
    if known is None or known.get("released") == provenance.released:
        return ""
    return (
        f"already held as the release of {known.get('released')}; the date {provenance.released} "
        "was not applied (re-import into a fresh folder to change it)"
    )


def save_series(
    data_dir: Path,
    info: SeriesInfo,
    frame: pd.DataFrame,
    provenance: Provenance,
    *,
    current: pd.DataFrame | None = None,
    derived: str = "",
    shrink_limit: float | None = None,
) -> SaveResult:
    """Validate and store ``frame`` as a vintage; update the current file, all or nothing.

    The one entry point every write of data/ goes through. The current file becomes ``current`` if
    given (a frame derived from several vintages, described by ``derived``), else the vintage with
    the newest release (with earlier releases' years spliced in for a long history). With
    ``shrink_limit`` (a share, e.g. 0.2), a current file that would lose Korea or more than that
    share of its rows or countries is refused (store.shrink.ShrinkError). An unchanged re-save
    (same bytes) writes nothing. ``frame`` is validated once and never read back from disk.
    """
    data_dir, series_id = Path(data_dir), info.id
    validate(frame, info)
    content = serialise(frame)
    digest = sha256_bytes(content)
    manifest = read_manifest(data_dir)
    entry = manifest["series"].get(series_id, {})
    vintages: list[dict[str, Any]] = list(entry.get("vintages", []))
    previous = _previous(data_dir, info)

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
    older = newest["sha256"] != digest
    target = series_path(data_dir, series_id)
    on_disk = file_sha256(target)
    extra: dict[str, Any] = {}
    if current is not None:
        validate(current, info)
        now = current
    elif not older:
        now = frame
    elif on_disk == newest["sha256"] and previous is not None:  # the current file is the newest vintage
        now = previous
    else:  # an older release: the newest vintage stays current (its bytes match the manifest: unchecked)
        now = parse_series_csv(vintage_bytes(data_dir, series_id, newest), info, newest["file"], check=False)
    if current is None and info.long_history:  # earlier releases' years spliced into the current file
        spliced = current_frame(data_dir, info, newest, vintages, {digest: frame})
        if spliced is not None:
            now, extra = spliced
    now_content = content if now is frame else serialise(now)
    now_sha = sha256_bytes(now_content)
    if shrink_limit is not None and previous is not None and now_sha != entry.get("sha256"):
        check_shrink(series_id, previous, now, shrink_limit)
    if shrink_limit is not None and known is None and older:
        check_older_release(series_id, now, frame)

    new_entry = {**build_entry(info, now_sha, now, newest, vintages, derived), **extra}
    result = SaveResult(
        series_id=series_id,
        sha256=digest,
        new_vintage=known is None,
        became_current=not older and entry.get("current_vintage", entry.get("sha256")) != digest,
        previous=previous,
        changes=_changes(previous, now, older, known is None, newest.get("released", "")),
        notice=_held_notice(known, provenance),
    )
    if known is not None and entry == new_entry and on_disk == now_sha:
        return SaveResult(series_id, digest, False, False, previous, result.changes, result.notice)

    # (1) the new vintage and (2) the new current file, each as a pending file beside its place,
    # (3) the manifest: the commit, (4) the renames into place.
    vintage_file = data_dir / vintage_relpath(series_id, digest)
    moves = [(vintage_file, digest, content)] if file_sha256(vintage_file) != digest else []
    if on_disk != now_sha:
        moves.append((target, now_sha, now_content))
    for place, _, _ in moves:  # every place checked before anything is written
        files.place_for(data_dir, place)
    for place, sha, data in moves:
        files.write_in(data_dir, pending_path(place, sha), data)
    manifest["schema_version"] = SCHEMA_VERSION
    manifest["series"][series_id] = new_entry
    files.write_manifest(data_dir, manifest)
    for place, sha, _ in moves:
        files.commit_rename(pending_path(place, sha), place)
    return _described(data_dir, manifest, result)


def _described(data_dir: Path, manifest: dict[str, Any], result: SaveResult) -> SaveResult:
    """(5) data/datapackage.json from the committed manifest; the save stands if this write fails."""
    try:
        write_package(data_dir, manifest)
    except OSError as exc:
        notice = f"{PACKAGE} was not rewritten ({exc}); the next `python -m fetch` rewrites it"
        return replace(result, notice="; ".join(filter(None, [result.notice, notice])))
    return result
