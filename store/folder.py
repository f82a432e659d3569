"""A data folder as a run finds it: writable or not, its manifest present or lost, and the data files
the manifest does not list.

No file is deleted because the manifest does not list it: a vintage whose entry was lost (or whose
manifest was deleted) is a release that may not be fetchable again. Such files are kept, named by
``python -m fetch --check`` and the run's summary, and ``relist`` lists them again from their own
content: each is parsed and validated against its series, and listed undated (its provenance was
lost), so it never becomes current over a dated release. A missing manifest beside data files is
refused, never silently replaced by a new one listing only what the next fetch brings.
"""

from __future__ import annotations

import os
import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from registry.model import SeriesInfo
from store import files
from store.files import inside, parse_series_csv, read_data_file, series_path, sha256_bytes
from store.manifest import (
    SCHEMA_VERSION,
    DataFileError,
    build_entry,
    expected_files,
    manifest_path,
    newest_vintage,
    read_manifest,
    summary,
    vintage_relpath,
)
from store.package import write_package

VINTAGE_NAME = re.compile(r"^[0-9a-f]{16}\.csv$")
SERIES_NAME = re.compile(r"^[a-z][a-z0-9_]{0,63}\.csv$")
RELIST = "python -m fetch --relist"


def writable_problem(data_dir: Path) -> str | None:
    """Why a run could not write ``data_dir`` (read-only, not a folder), or None. Root ignores file
    modes, so the system is asked (``os.access``), which also knows read-only mounts."""
    data_dir = Path(data_dir)
    if data_dir.exists() and not data_dir.is_dir():
        return f"{data_dir} is a file, not a folder, so nothing was written into it."
    existing = next(p for p in (data_dir, *data_dir.parents) if p.exists())
    if not os.access(existing, os.W_OK | os.X_OK):
        return f"{existing} is read-only, so nothing was written into it."
    return None


def data_files(data_dir: Path) -> list[str]:
    """The data files in the folder (relative paths): current files and vintages, links not followed
    out of the folder."""
    data_dir = Path(data_dir)
    found = [p.name for p in data_dir.glob("*.csv") if SERIES_NAME.match(p.name)]
    vintages = data_dir / "vintages"
    for folder in sorted(vintages.iterdir()) if vintages.is_dir() else []:
        try:
            inside(data_dir, folder)
        except DataFileError:
            continue
        if folder.is_dir():
            names = [p.name for p in folder.iterdir() if VINTAGE_NAME.match(p.name)]
            found += [f"vintages/{folder.name}/{name}" for name in names]
    return sorted(found)


def check_manifest(data_dir: Path) -> dict[str, Any]:
    """The manifest a run may write to: DataFileError if it is damaged, or missing while the folder
    holds data files (a new one would list only what this run brings)."""
    manifest = read_manifest(data_dir)
    found = data_files(data_dir)
    if not manifest_path(data_dir).exists() and found:
        raise DataFileError(
            f"{manifest_path(data_dir)} is missing but the folder holds {len(found)} data file(s) "
            f"({', '.join(found[:3])}{', …' if len(found) > 3 else ''}); nothing was written. Restore "
            f"it (`git checkout -- data/manifest.json`), or rebuild it from the files with `{RELIST}` "
            "(their provenance is lost)."
        )
    return manifest


def unlisted(data_dir: Path) -> list[str]:
    """Data files the manifest does not list (relative paths); the manifest must read."""
    listed = set(expected_files(read_manifest(data_dir)))
    return [path for path in data_files(data_dir) if path not in listed]


def unlisted_notice(data_dir: Path) -> str:
    """One sentence about the files the manifest does not list, or "" (never an exception)."""
    try:
        found = unlisted(data_dir)
    except (DataFileError, OSError):
        return ""
    if not found:
        return ""
    shown = ", ".join(found[:3]) + (", …" if len(found) > 3 else "")
    return (
        f"{len(found)} data file(s) in {data_dir} are not listed in the manifest ({shown}); they were "
        f"kept. `{RELIST}` lists them again from their content."
    )


def _relisted(data_dir: Path, relpath: str, content: bytes, frame: Any) -> dict[str, Any]:
    stamp = datetime.fromtimestamp((Path(data_dir) / relpath).stat().st_mtime, UTC)
    return {
        "sha256": sha256_bytes(content),
        "file": relpath,
        **summary(frame),
        "method": "relisted",
        "label": f"re-listed from {relpath}",
        "released": "",
        "released_basis": "unknown: the manifest had lost this file; re-listed from its content",
        "source_updated": None,
        "retrieved": stamp.replace(microsecond=0).isoformat().replace("+00:00", "Z"),
        "urls": [],
        "source_file": None,
        "notes": "provenance lost; the date is the file's modification time",
        "fallback": None,
    }


def relist(data_dir: Path, infos: dict[str, SeriesInfo]) -> list[str]:
    """List the unlisted data files of the series in ``infos`` again; what was done, one sentence each.

    Vintages are added undated to their series' entry; a series with no entry gets one whose current
    file is the one on disk (or, with none, the latest vintage by its file's time, written in place).
    """
    data_dir = Path(data_dir)
    manifest = read_manifest(data_dir)
    done: list[str] = []
    by_series: dict[str, list[str]] = {}
    for relpath in unlisted(data_dir):
        series_id = relpath.split("/")[1] if relpath.startswith("vintages/") else relpath[:-4]
        by_series.setdefault(series_id, []).append(relpath)
    for series_id, paths in by_series.items():
        info = infos.get(series_id)
        if info is None:
            done.append(f"{series_id}: not in the registry, so its files cannot be checked; left unlisted")
            continue
        entry = manifest["series"].get(series_id)
        vintages = list(entry["vintages"]) if entry else []
        current: tuple[bytes, Any] | None = None
        for relpath in paths:
            try:
                content = read_data_file(data_dir, data_dir / relpath)
                frame = parse_series_csv(content, info, relpath)
            except (DataFileError, OSError) as exc:
                done.append(f"{relpath}: not re-listed ({exc})")
                continue
            if relpath.startswith("vintages/"):
                if not sha256_bytes(content).startswith(Path(relpath).stem):
                    done.append(f"{relpath}: not re-listed (its content does not match its name)")
                    continue
                vintages.append(_relisted(data_dir, relpath, content, frame))
                done.append(f"{relpath}: re-listed as an undated vintage of {series_id}")
            else:
                current = (content, frame)
        if entry is not None:
            manifest["series"][series_id] = {**entry, "vintages": vintages}
            continue
        if current is not None and not vintages:  # a current file alone: kept as its own vintage
            relpath = vintage_relpath(series_id, sha256_bytes(current[0]))
            files.write_in(data_dir, data_dir / relpath, current[0])
            vintages.append(_relisted(data_dir, relpath, *current))
        if not vintages:
            continue
        matching = [v for v in vintages if current and v["sha256"] == sha256_bytes(current[0])]
        source = matching[0] if matching else newest_vintage(vintages)
        content = current[0] if current else read_data_file(data_dir, data_dir / source["file"])
        frame = current[1] if current else parse_series_csv(content, info, source["file"])
        if current is None:
            files.write_in(data_dir, series_path(data_dir, series_id), content)
        derived = "" if matching or current is None else "re-listed: the current file is none of its vintages"
        entry = build_entry(info, sha256_bytes(content), frame, source, vintages, derived)
        manifest["series"][series_id] = entry
        done.append(f"{series_id}: a new manifest entry, its current file {series_id}.csv")
    if done:
        manifest["schema_version"] = SCHEMA_VERSION
        files.write_manifest(data_dir, manifest)
        write_package(data_dir, manifest)  # as every manifest write ends
    return done
