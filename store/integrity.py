"""Does data/ hold what its manifest says? Plain sentences for the app and the tests, never a traceback.

Checked: the manifest exists, reads and describes every series; each current file exists, matches
the manifest's sha256 and row count (a truncated CSV does neither); each vintage file listed exists
and matches; no leftovers of an interrupted run remain; datapackage.json describes what the manifest
does. A save in progress is no problem: its files are read as the manifest commits them (a committed
pending file stands for its target), the check is repeated when the manifest was replaced while it
ran (when saves commit through every repeat, only series whose entry stayed put are reported),
and pending files and the descriptor (rewritten last) count only when no run holds the lock.
"""

from __future__ import annotations

from pathlib import Path

from registry.catalogue import current
from store.files import committed_content, file_sha256, manifest_stamp, series_path
from store.lock import writer_active
from store.manifest import DataFileError, is_within, manifest_path, read_manifest
from store.package import package_problems
from store.recovery import leftovers

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
    for _ in range(5):  # again if a save committed meanwhile: only a lasting difference is one
        stamp = manifest_stamp(data_dir)
        manifest, problems = _problems(data_dir, series)
        if not problems or manifest_stamp(data_dir) == stamp:
            return [text for _, text in problems]
    # Saves committed during every check: keep only what a commit cannot explain, the series whose
    # entry the manifest on disk still holds as it was read (a file left damaged under a steady entry).
    latest = _manifest_or_none(data_dir)
    if manifest is None or latest is None:
        return []
    steady = {key for key, entry in manifest["series"].items() if latest["series"].get(key) == entry}
    return [text for series_id, text in problems if series_id in steady]


def _manifest_or_none(data_dir: Path) -> dict | None:
    try:
        return read_manifest(data_dir)
    except (OSError, DataFileError):
        return None


def _problems(data_dir: Path, series: list[str] | None) -> tuple[dict | None, list[tuple[str, str]]]:
    """The manifest read and each problem with the series it is about ("" for the folder's own)."""
    if not data_dir.is_dir():
        return None, [("", f"{data_dir} is not a folder: no series can be read.")]
    if not manifest_path(data_dir).exists():
        return None, [("", f"{manifest_path(data_dir)} is missing: no series can be traced to its source.")]
    try:
        manifest = read_manifest(data_dir)
    except DataFileError as exc:
        return None, [("", str(exc))]
    problems: list[tuple[str, str]] = []
    for series_id in series or list(current()):
        try:
            problems += [(series_id, text) for text in _series_problems(data_dir, manifest, series_id)]
        except (OSError, DataFileError) as exc:  # unreadable, or a link out: say so, never a traceback
            problems.append((series_id, f"{series_id}: cannot read its files ({exc})."))
    if writer_active(data_dir):  # a run is writing: its pending files and descriptor are in progress
        return manifest, problems
    found = [p.name for p in leftovers(data_dir)]
    if found:
        problems.append(
            (
                "",
                f"{len(found)} leftover file(s) of an interrupted fetch ({', '.join(sorted(found)[:3])}); "
                "the next `python -m fetch` finishes or removes them.",
            )
        )
    return manifest, problems + [("", text) for text in package_problems(data_dir, manifest)]


def _series_problems(data_dir: Path, manifest: dict, series_id: str) -> list[str]:
    entry = manifest["series"].get(series_id)
    path = series_path(data_dir, series_id)
    if not isinstance(entry, dict):
        return [f"{series_id}: {path.name} is not described in the manifest."] if path.exists() else []
    problems = []
    missing = [key for key in ENTRY_KEYS if key not in entry]
    if missing:
        problems.append(f"{series_id}: the manifest entry is incomplete (no {', '.join(missing)}).")
    sha = entry.get("sha256")
    if sha and committed_content(data_dir, path.name, sha) is not None:
        pass  # the file the manifest commits to (or its committed pending copy)
    elif not path.exists():
        problems.append(f"{series_id}: {path.name} is missing.")
    elif not path.is_file():
        problems.append(f"{series_id}: {path.name} is a folder or other non-file, not a data file.")
    elif sha:
        rows, expected = _rows(path), entry.get("rows")
        truncated = isinstance(expected, int) and rows is not None and rows < expected
        short = f" ({rows:,} rows, the manifest says {expected:,}: truncated?)" if truncated else ""
        problems.append(
            f"{series_id}: {path.name} differs from the file the manifest describes{short}; "
            "its numbers may not match the source shown."
        )
    for vintage in entry.get("vintages", []):
        relpath = vintage["file"]
        if not is_within(data_dir, relpath):
            problems.append(f"{series_id}: vintage {relpath} leads out of the data folder.")
        elif committed_content(data_dir, relpath, vintage["sha256"]) is None:
            state = "missing" if file_sha256(data_dir / relpath) is None else "does not match its sha256"
            problems.append(f"{series_id}: vintage {relpath} is {state}.")
    return problems
