"""Bring data/ back to the state its manifest commits to, after a crash at any point of a save.

store.save writes a vintage, a pending current file, the manifest, then renames the pending file into
place. So after a crash: a pending file whose sha256 the manifest names is the committed current file
(rename it into place); any other pending file, temporary file or vintage file the manifest does not
list is debris of an uncommitted save (remove it); then datapackage.json is rewritten if it does not
describe the manifest (a crash before the save's last step). Run only while holding the data-folder lock.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from store.files import PENDING_SUFFIX, commit_rename, file_sha256, series_path
from store.manifest import DataFileError, expected_files, manifest_path, read_manifest
from store.package import PACKAGE, write_package

PENDING = re.compile(rf"^\.(?P<series>[\w-]+)\.csv\.(?P<sha16>[0-9a-f]{{16}}){re.escape(PENDING_SUFFIX)}$")
VINTAGE = re.compile(r"^[0-9a-f]{16}\.csv$")


@dataclass
class Recovery:
    completed: list[str] = field(default_factory=list)  # series whose committed save was finished
    removed: list[str] = field(default_factory=list)  # leftover files removed (relative paths)
    described: bool = False  # datapackage.json was rewritten to match the manifest

    def summary(self) -> str:
        parts = []
        if self.completed:
            parts.append(f"finished the interrupted save of {', '.join(self.completed)}")
        if self.removed:
            parts.append(f"removed {len(self.removed)} leftover file(s) of an interrupted run")
        if self.described:
            parts.append(f"rewrote {PACKAGE} to match the manifest and series/")
        return "; ".join(parts)


def recover(data_dir: Path) -> Recovery:
    """Finish committed saves and remove the debris of uncommitted ones; report what was done."""
    data_dir = Path(data_dir)
    result = Recovery()
    if not data_dir.is_dir():
        return result
    for tmp in sorted(data_dir.rglob(".*.tmp")):  # atomic_write's temporary files
        tmp.unlink(missing_ok=True)
        result.removed.append(str(tmp.relative_to(data_dir)))
    try:
        manifest = read_manifest(data_dir) if manifest_path(data_dir).exists() else None
    except DataFileError:
        manifest = None  # never delete anything on the word of an unreadable manifest
    entries = manifest["series"] if manifest else {}
    for pending in sorted(data_dir.glob(f".*{PENDING_SUFFIX}")):
        match = PENDING.match(pending.name)
        entry = entries.get(match.group("series")) if match else None
        sha = entry.get("sha256", "") if isinstance(entry, dict) else ""
        target = series_path(data_dir, match.group("series")) if match else None
        committed = match and sha.startswith(match.group("sha16")) and file_sha256(pending) == sha
        if committed and file_sha256(target) != sha:
            commit_rename(pending, target)
            result.completed.append(match.group("series"))
            continue
        pending.unlink(missing_ok=True)
        result.removed.append(pending.name)
    if manifest is not None:
        listed = set(expected_files(manifest))
        for vintage in sorted((data_dir / "vintages").glob("*/*.csv")):
            relpath = vintage.relative_to(data_dir).as_posix()
            if VINTAGE.match(vintage.name) and relpath not in listed:
                vintage.unlink()
                result.removed.append(relpath)
        result.described = write_package(data_dir, manifest)
    return result
