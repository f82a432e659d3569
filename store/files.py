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
import stat
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from registry.model import SeriesInfo
from store.manifest import MANIFEST, DataFileError, manifest_bytes, read_manifest, restore_hint

if TYPE_CHECKING:
    import pandas as pd

DEFAULT_DATA_DIR = Path(__file__).resolve().parent.parent / "data"
PENDING_SUFFIX = ".pending"
MAX_DATA_FILE_MB = 200.0  # one series file or vintage; the largest shipped is 0.6 MB


def data_dir_from_env() -> Path:
    """The data folder: ``$DASHBOARD_DATA_DIR`` if set (tests, other snapshots), else ``data/``."""
    return Path(os.environ.get("DASHBOARD_DATA_DIR", DEFAULT_DATA_DIR))


def series_path(data_dir: Path, series_id: str) -> Path:
    return Path(data_dir) / f"{series_id}.csv"


def pending_path(target: Path, sha256: str) -> Path:
    """Where a save puts ``target``'s new content until the manifest has committed it."""
    return target.with_name(f".{target.name}.{sha256[:16]}{PENDING_SUFFIX}")


def sha256_bytes(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def inside(data_dir: Path, path: Path) -> Path:
    """``path`` itself, if it stays inside the data folder once every link is followed; otherwise
    DataFileError: nothing outside the folder is ever read, written or removed through a link."""
    root = os.path.realpath(data_dir)
    real = os.path.realpath(path)
    if real != root and not real.startswith(root + os.sep):
        raise DataFileError(
            f"{path} leads out of the data folder (to {real}); it was neither read nor written. "
            "Replace the link with the file or folder itself."
        )
    return path


def read_data_file(data_dir: Path, path: Path) -> bytes:
    """A file of the data folder, read whole: DataFileError if it leads out of the folder, is not a
    file (a folder, a device) or is larger than MAX_DATA_FILE_MB; FileNotFoundError if absent."""
    inside(data_dir, path)
    found = os.stat(path)  # before opening: a named pipe would block the open
    if not stat.S_ISREG(found.st_mode):
        kind = "a folder" if stat.S_ISDIR(found.st_mode) else "not a regular file"
        raise DataFileError(f"{path} is {kind}, not a data file. {restore_hint()}")
    limit = int(MAX_DATA_FILE_MB * 1e6)
    with open(path, "rb") as handle:
        content = handle.read(limit + 1)
    if len(content) > limit:
        raise DataFileError(f"{path} is larger than {MAX_DATA_FILE_MB:g} MB; not read. {restore_hint()}")
    return content


def cannot_read(path: Path, exc: OSError, series_id: str | None = None) -> DataFileError:
    """A file of the data folder the system would not read (permissions, I/O), as a sentence."""
    return DataFileError(f"{path} cannot be read ({exc.strerror or exc}). {restore_hint(series_id)}")


def file_sha256(path: Path) -> str | None:
    """sha256 of a regular file, or None if there is none (absent, a folder, a dangling link)."""
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):
            return None
        with open(path, "rb") as handle:
            return hashlib.file_digest(handle, "sha256").hexdigest()
    except (FileNotFoundError, NotADirectoryError):
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


def place_for(data_dir: Path, path: Path) -> Path:
    """``path`` if a file may be written there: inside the data folder and not a folder or other
    non-file already (a rename onto it would fail after the commit); DataFileError otherwise."""
    inside(data_dir, path)
    if path.exists() and not path.is_file():
        raise DataFileError(f"{path} is a folder or other non-file; nothing was written. Move it away.")
    return path


def write_in(data_dir: Path, path: Path, content: bytes) -> None:
    """``atomic_write`` of a file of the data folder, refused if its place leads out of the folder."""
    atomic_write(place_for(data_dir, path), content)


def write_manifest(data_dir: Path, manifest: dict[str, Any]) -> None:
    write_in(data_dir, Path(data_dir) / MANIFEST, manifest_bytes(manifest))


def serialise(frame: pd.DataFrame) -> bytes:
    from store.frame import COLUMNS, format_value  # pandas: see parse_series_csv

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
    # pandas is imported by the functions that read or write a frame, not with the module: the front
    # page's first view finds data/ and the stored verdicts without it (0.3 s of a cold start here)
    import pandas as pd

    from store.frame import ValidationError, validate

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


def committed_content(data_dir: Path, relpath: str, sha256: str | None) -> bytes | None:
    """The bytes the manifest commits ``relpath`` to (its sha256): the file itself, or the pending
    file of a save whose last rename has not happened yet; None when neither matches.

    The file is tried again after the pending one: the rename may have happened in between.
    """
    target = Path(data_dir) / relpath
    pending = pending_path(target, sha256) if sha256 else None
    for path in (target, pending, target):
        if path is None:
            continue
        try:
            content = read_data_file(data_dir, path)
        except (FileNotFoundError, NotADirectoryError):  # absent, or the folder is not one
            continue
        if sha256_bytes(content) == sha256:
            return content
    return None


def manifest_stamp(data_dir: Path) -> tuple[int, int, int] | None:
    """Which manifest is on disk (inode, time, size): every commit replaces it by a rename."""
    try:
        found = os.stat(Path(data_dir) / MANIFEST)
    except OSError:
        return None
    return (found.st_ino, found.st_mtime_ns, found.st_size)


def read_snapshot(data_dir: Path, info: SeriesInfo) -> tuple[pd.DataFrame, dict[str, Any]]:
    """A series' current rows and its manifest entry as one committed state, even while saves
    commit: the entry is read, then the bytes it commits to (the file, or its committed pending copy);
    if neither matches, again, as long as the manifest was replaced meanwhile. A file that still
    differs from its entry is a real inconsistency (read as it is; ``store.integrity`` names it)."""
    for _ in range(10):  # bytes matching the entry are its state, however many commits go by
        stamp = manifest_stamp(data_dir)
        entry = read_manifest(data_dir)["series"].get(info.id, {})
        content = committed_content(data_dir, f"{info.id}.csv", entry.get("sha256"))
        if content is not None or manifest_stamp(data_dir) == stamp:
            break
    if content is None:
        return read_series(data_dir, info), entry
    return parse_series_csv(content, info, str(series_path(data_dir, info.id))), entry


def read_series(data_dir: Path, info: SeriesInfo) -> pd.DataFrame:
    """The current file of a series; DataFileError if missing or corrupt.

    If a save was interrupted after its manifest write, the committed pending file is read instead,
    so readers see the new state before the next fetch puts it in place.
    """
    series_id = info.id
    path = series_path(data_dir, series_id)
    if next(Path(data_dir).glob(f".{path.name}.*{PENDING_SUFFIX}"), None) is not None:
        sha = read_manifest(data_dir)["series"].get(series_id, {}).get("sha256")  # rare: after a crash
        content = committed_content(data_dir, path.name, sha)
        if content is not None:
            return parse_series_csv(content, info, str(path))
    try:
        content = read_data_file(data_dir, path)
    except FileNotFoundError:
        if series_id not in read_manifest(data_dir)["series"]:
            raise DataFileError(
                f"{series_id} is not in this snapshot ({path.name} was never fetched into {path.parent}). "
                f"Fetch it with `python -m fetch {series_id}`."
            ) from None
        raise DataFileError(f"{path} is missing. {restore_hint(series_id)}") from None
    except OSError as exc:
        raise cannot_read(path, exc, series_id) from exc
    return parse_series_csv(content, info, str(path))


def vintage_bytes(data_dir: Path, series_id: str, vintage: dict[str, Any]) -> bytes:
    """A vintage's bytes, checked against its sha256 (a committed save's pending copy if need be)."""
    path = Path(data_dir) / vintage["file"]
    try:
        content = committed_content(data_dir, vintage["file"], vintage["sha256"])
    except OSError as exc:
        raise cannot_read(path, exc, series_id) from exc
    if content is not None:
        return content
    if not path.exists():
        raise DataFileError(f"{path} (a vintage of {series_id}) is missing. {restore_hint(series_id)}")
    raise DataFileError(f"{path} does not match its sha256 in the manifest. {restore_hint(series_id)}")


def read_vintage(data_dir: Path, info: SeriesInfo, vintage: dict[str, Any]) -> pd.DataFrame:
    content = vintage_bytes(data_dir, info.id, vintage)
    return parse_series_csv(content, info, str(Path(data_dir) / vintage["file"]))
