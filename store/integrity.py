"""Does data/ hold what its manifest says? Plain sentences for the app and the tests, never a traceback.

Checked: the manifest exists, reads and describes every series; each current file exists, matches
the manifest's sha256 and row count (a truncated CSV does neither); each vintage file listed exists
and matches; no leftovers of an interrupted run remain; datapackage.json describes what the manifest does.
"""

from __future__ import annotations

from pathlib import Path

from registry.catalogue import current
from store.files import PENDING_SUFFIX, committed_pending, file_sha256, series_path
from store.manifest import DataFileError, is_within, manifest_path, read_manifest
from store.package import package_problems

ENTRY_KEYS = ("sha256", "rows", "released", "vintages")


def _rows(path: Path) -> int | None:
    """Data rows in a CSV file (lines after the header); None if unreadable."""
    try:
        content = path.read_bytes()
    except OSError:
        return None
    lines = content.count(b"\n") + (0 if content.endswith(b"\n") or not content else 1)
    return max(lines - 1, 0)


def check_folder(data_dir: Path, series: list[str] | None = None) -> list[str]:
    """Every way ``data_dir`` differs from its manifest, one sentence each (empty: consistent)."""
    data_dir = Path(data_dir)
    if not manifest_path(data_dir).exists():
        return [f"{manifest_path(data_dir)} is missing: no series can be traced to its source."]
    try:
        manifest = read_manifest(data_dir)
    except DataFileError as exc:
        return [str(exc)]
    problems: list[str] = []
    for series_id in series or list(current()):
        try:
            problems += _series_problems(data_dir, manifest, series_id)
        except OSError as exc:  # unreadable (permissions, I/O): say so, never a traceback
            problems.append(f"{series_id}: cannot read its files ({exc}).")
    leftovers = [p.name for p in data_dir.glob(f".*{PENDING_SUFFIX}")] + [
        p.name for p in data_dir.rglob(".*.tmp")
    ]
    if leftovers:
        problems.append(
            f"{len(leftovers)} leftover file(s) of an interrupted fetch "
            f"({', '.join(sorted(leftovers)[:3])}); "
            "the next `python -m fetch` finishes or removes them."
        )
    return problems + package_problems(data_dir, manifest)


def _series_problems(data_dir: Path, manifest: dict, series_id: str) -> list[str]:
    entry = manifest["series"].get(series_id)
    path = series_path(data_dir, series_id)
    if not isinstance(entry, dict):
        return [f"{series_id}: {path.name} is not described in the manifest."] if path.exists() else []
    problems = []
    missing = [key for key in ENTRY_KEYS if key not in entry]
    if missing:
        problems.append(f"{series_id}: the manifest entry is incomplete (no {', '.join(missing)}).")
    sha = file_sha256(path)
    if committed_pending(data_dir, series_id, entry.get("sha256")) is not None:
        sha = entry["sha256"]  # an interrupted save: readers use the committed file (a leftover, below)
    if sha is None:
        problems.append(f"{series_id}: {path.name} is missing.")
    elif entry.get("sha256") and sha != entry["sha256"]:
        rows, expected = _rows(path), entry.get("rows")
        truncated = isinstance(expected, int) and rows is not None and rows < expected
        short = f" ({rows:,} rows, the manifest says {expected:,}: truncated?)" if truncated else ""
        problems.append(
            f"{series_id}: {path.name} differs from the file the manifest describes{short}; "
            "its numbers may not match the source shown."
        )
    for vintage in entry.get("vintages", []):
        relpath = vintage.get("file", "") if isinstance(vintage, dict) else ""
        if not relpath or not is_within(data_dir, relpath):
            problems.append(f"{series_id}: a vintage in the manifest has no valid file name.")
        elif file_sha256(data_dir / relpath) != vintage.get("sha256"):
            state = "missing" if not (data_dir / relpath).exists() else "does not match its sha256"
            problems.append(f"{series_id}: vintage {relpath} is {state}.")
    return problems
