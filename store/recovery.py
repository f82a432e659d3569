"""Bring data/ back to the state its manifest commits to, after a crash at any point of a save.

store.save writes each new file as a pending file beside its place, then the manifest, then renames
the pending files into place. So after a crash: a pending file whose sha256 the manifest names for
its place is committed (rename it into place); any other pending file, and any temporary file, is
debris of an uncommitted save (remove it): both are told by their names. Nothing else is ever removed:
a vintage the manifest does not list (its entry lost, or the manifest replaced) is kept and reported
(store.folder re-lists it). Nothing outside the folder is touched: a link leading out is skipped and
named. Then datapackage.json is rewritten if it does not describe the manifest (a crash before
the save's last step). Run only while holding the data-folder lock.
"""

from __future__ import annotations

import contextlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from store.files import PENDING_SUFFIX, commit_rename, file_sha256, inside
from store.manifest import DataFileError, expected_files, manifest_path, read_manifest
from store.package import PACKAGE, write_package

PENDING = re.compile(rf"^\.(?P<name>.+)\.(?P<sha16>[0-9a-f]{{16}}){re.escape(PENDING_SUFFIX)}$")


@dataclass
class Recovery:
    completed: list[str] = field(default_factory=list)  # files whose committed save was finished
    removed: list[str] = field(default_factory=list)  # leftover files removed (relative paths)
    skipped: list[str] = field(default_factory=list)  # what was left alone, and why
    described: bool = False  # datapackage.json was rewritten to match the manifest

    def summary(self) -> str:
        parts = []
        if self.completed:
            parts.append(f"finished the interrupted save of {', '.join(self.completed)}")
        if self.removed:
            parts.append(f"removed {len(self.removed)} leftover file(s) of an interrupted run")
        parts += self.skipped
        if self.described:
            parts.append(f"rewrote {PACKAGE} to match the manifest and series/")
        return "; ".join(parts)


def leftovers(data_dir: Path) -> list[Path]:
    """Temporary and pending files of the folder and of each vintages/<series>/ (links not followed)."""
    folders = [data_dir, data_dir / "vintages"]
    vintages = data_dir / "vintages"
    if vintages.is_dir() and not vintages.is_symlink():
        folders += sorted(p for p in vintages.iterdir() if p.is_dir())
    return sorted(
        path
        for folder in folders
        if folder.is_dir()
        for path in folder.iterdir()
        if path.name.startswith(".") and path.name.endswith((".tmp", PENDING_SUFFIX))
    )


def recover(data_dir: Path) -> Recovery:
    """Finish committed saves and remove the debris of uncommitted ones; report what was done."""
    data_dir = Path(data_dir)
    result = Recovery()
    if not data_dir.is_dir():
        return result
    manifest: dict[str, Any] | None = None
    with contextlib.suppress(DataFileError):  # if damaged, whether a pending file was committed
        manifest = read_manifest(data_dir)  # cannot be known: all are kept
    damaged = manifest is None
    committed = expected_files(manifest) if manifest is not None else {}
    for path in leftovers(data_dir):
        relpath = path.relative_to(data_dir).as_posix()
        try:
            inside(data_dir, path)
        except DataFileError:
            result.skipped.append(f"left {relpath} alone: it is a link out of the folder")
            continue
        match = PENDING.match(path.name)
        if match and damaged:
            continue
        target = path.with_name(match.group("name")) if match else None
        sha = committed.get(target.relative_to(data_dir).as_posix(), "") if target else ""
        if target and sha.startswith(match.group("sha16")) and file_sha256(path) == sha:
            if file_sha256(target) == sha:
                pass  # already in place: the pending copy is a leftover
            elif target.exists() and not target.is_file():
                result.skipped.append(f"left {relpath} pending: {target.name} is a folder or other non-file")
                continue
            else:
                commit_rename(path, target)
                result.completed.append(target.relative_to(data_dir).as_posix())
                continue
        path.unlink(missing_ok=True)
        result.removed.append(relpath)
    if manifest is not None and manifest_path(data_dir).exists():
        result.described = write_package(data_dir, manifest)
    return result
