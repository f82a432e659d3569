"""The op-ed's verdicts and card charts kept on disk, computed once per data version for every viewer
and every new server process.

A stored judgement is keyed by the sha256 of every data file (the current series, their vintages and
the manifest), of the claims text, of the code that judges and draws (``code_version``) and of the
registry's series files (``registry_version``: titles and units are in verdicts), so a
re-fetch, an edited claims file or new code is a new key, never a stale answer. Files go to
``$DASHBOARD_CACHE_DIR`` (default ``.cache/`` in the project, git-ignored), written atomically; a file
that cannot be read (damaged, written by other library versions) is ignored and recomputed.
Only the shipped claims file is stored: an upload stays in memory, so uploads cannot fill the disk.
The files are pickles, read only from the project's own cache folder (as trusted as its code).
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import pickle
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from claims.model import TimedVerdict
from registry.catalogue import current
from store.files import atomic_write

ROOT = Path(__file__).resolve().parent.parent
CACHE_VARIABLE = "DASHBOARD_CACHE_DIR"
# What a stored judgement was computed by: the claim checker, the store and registry it reads through,
# the series files, and the app that draws the card charts (any change to it: judged again, once).
CODE = ("claims", "store", "registry", "dashboard")  # the registry's series files: registry_version
FORMAT = 1  # bumped when ``Judged`` changes shape


@dataclass(frozen=True)
class Judged:
    """Every checkable claim's verdicts, and each card's evidence charts as (test index, figure dict)."""

    timed: tuple[TimedVerdict, ...]
    charts: tuple[tuple[tuple[int, dict[str, Any]], ...], ...]


def cache_dir() -> Path:
    return Path(os.environ.get(CACHE_VARIABLE) or ROOT / ".cache")


@functools.cache
def code_version() -> str:
    """sha256 of the judging code's files and the versions of Python and pandas (a pickle's readers)."""
    import pandas

    digest = hashlib.sha256(f"{FORMAT}|{sys.version}|{pandas.__version__}".encode())
    for name in CODE:
        base = ROOT / name
        files = sorted(base.rglob("*")) if base.is_dir() else [base]
        for path in files:
            if path.suffix in {".py", ".toml"} and path.is_file():
                digest.update(str(path.relative_to(ROOT)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def _data_files(data_dir: Path) -> list[tuple[str, os.stat_result]]:
    """The files a verdict can read, by path within data/, with their stat: every file under data/
    except hidden ones (leftovers, caches). os.walk, not pathlib: this runs on every rerun."""
    found = []
    for folder, dirs, files in os.walk(data_dir):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        relative = os.path.relpath(folder, data_dir)
        for name in files:
            path = os.path.join(folder, name)
            if not name.startswith(".") and os.path.isfile(path):
                found.append((name if relative == "." else f"{relative}/{name}", os.stat(path)))
    return sorted(found, key=lambda item: item[0])


@functools.lru_cache(maxsize=256)
def _file_sha256(path: Path, mtime_ns: int, size: int) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def data_version(data_dir: Path) -> str:
    """sha256 over each data file's name and sha256 (each file hashed once per modification)."""
    digest = hashlib.sha256()
    for name, stat in _data_files(Path(data_dir)):
        sha = _file_sha256(Path(data_dir) / name, stat.st_mtime_ns, stat.st_size)
        digest.update(f"{name}:{sha}\n".encode())
    return digest.hexdigest()


@functools.lru_cache(maxsize=8)
def _registry_files(directory: str, version: str) -> str:
    digest = hashlib.sha256()
    for path in sorted(Path(directory).glob("*.toml")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def registry_version() -> str:
    """sha256 of the registry's series files (titles, units, ranges: what verdicts say), read once
    per change of the folder, wherever $SERIES_DIR puts it."""
    registry = current()
    return _registry_files(str(registry.directory), registry.version)


def store_key(claims_text: str, data_dir: Path) -> str:
    text = hashlib.sha256(claims_text.encode("utf-8")).hexdigest()
    parts = f"{text}|{data_version(data_dir)}|{code_version()}|{registry_version()}"
    return hashlib.sha256(parts.encode()).hexdigest()


def _path(key: str) -> Path:
    return cache_dir() / f"verdicts-{key}.pickle"


def load(key: str) -> Judged | None:
    """The stored judgement; None when there is none or it cannot be read (then it is recomputed)."""
    try:
        judged = pickle.loads(_path(key).read_bytes())
    except Exception:  # missing, truncated, damaged, or pickled by other code: recompute, never a traceback
        return None
    return judged if isinstance(judged, Judged) else None


def save(key: str, judged: Judged) -> None:
    """Keep ``judged`` for the next process; a cache that cannot be written is only slower."""
    with contextlib.suppress(OSError):
        atomic_write(_path(key), pickle.dumps(judged, protocol=pickle.HIGHEST_PROTOCOL))
