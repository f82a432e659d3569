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

Each judgement is kept twice: whole (the deck and the static site draw from each test's chart data)
and without the chart data (``front``), which is all the Claims page needs, as its cards' charts are
kept drawn: read without pandas, so a new server's first view of the front page does not wait 0.3 s
for it to import. This module imports nothing that needs pandas.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import pickle
import sys
from dataclasses import dataclass, replace
from importlib.metadata import version
from pathlib import Path
from typing import Any

from claims.loader import DEFAULT_CLAIMS
from claims.model import ClaimsFile, TimedVerdict, Verdict
from dashboard.memo import Shared
from registry.catalogue import current
from store.files import atomic_write

ROOT = Path(__file__).resolve().parent.parent
CACHE_VARIABLE = "DASHBOARD_CACHE_DIR"
# What a stored judgement was computed by: the claim checker, the store and registry it reads through,
# the series files, and the app that draws the card charts (any change to it: judged again, once).
CODE = ("claims", "store", "registry", "dashboard")  # the registry's series files: registry_version
FORMAT = 2  # bumped when ``Judged`` changes shape
PARTS = ("verdicts", "front")  # whole, and without chart data


@dataclass(frozen=True)
class Judged:
    """The claims file, every checkable claim's verdicts, and each card's evidence charts as (test
    index, figure dict)."""

    claims: ClaimsFile
    timed: tuple[TimedVerdict, ...]
    charts: tuple[tuple[tuple[int, dict[str, Any]], ...], ...]


def without_chart_data(judged: Judged) -> Judged:
    """``judged`` as the Claims page uses it: each test's chart data dropped (its chart is drawn)."""

    def bare(verdict: Verdict) -> Verdict:
        return replace(verdict, checks=tuple(replace(check, chart=None) for check in verdict.checks))

    timed = tuple(replace(t, then=bare(t.then), now=bare(t.now)) for t in judged.timed)
    return replace(judged, timed=timed)


def cache_dir() -> Path:
    return Path(os.environ.get(CACHE_VARIABLE) or ROOT / ".cache")


@functools.cache
def code_version() -> str:
    """sha256 of the judging code's files and the versions of Python and pandas (a pickle's readers)."""
    digest = hashlib.sha256(f"{FORMAT}|{sys.version}|{version('pandas')}".encode())
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


def digest(claims_text: str) -> str:
    return hashlib.sha256(claims_text.encode("utf-8")).hexdigest()


def store_key(claims_text: str, data_dir: Path) -> str:
    parts = f"{digest(claims_text)}|{data_version(data_dir)}|{code_version()}|{registry_version()}"
    return hashlib.sha256(parts.encode()).hexdigest()


def _path(key: str, part: str) -> Path:
    return cache_dir() / f"{part}-{key}.pickle"


def load(key: str, part: str = "verdicts") -> Judged | None:
    """A stored judgement (``part``: "verdicts", whole, or "front"); None when there is none or it
    cannot be read (then it is recomputed)."""
    try:
        judged = pickle.loads(_path(key, part).read_bytes())
    except Exception:  # missing, truncated, damaged, or pickled by other code: recompute, never a traceback
        return None
    return judged if isinstance(judged, Judged) else None


def save(key: str, judged: Judged) -> None:
    """Keep ``judged`` for the next process, whole and as the front page reads it; a cache that cannot
    be written is only slower."""
    for part, kept in zip(PARTS, (judged, without_chart_data(judged)), strict=True):
        with contextlib.suppress(OSError):
            atomic_write(_path(key, part), pickle.dumps(kept, protocol=pickle.HIGHEST_PROTOCOL))


def shipped_text() -> str:
    """The op-ed's claims file as it is now (OSError when it cannot be read): 6 kB, read per rerun."""
    return DEFAULT_CLAIMS.read_text(encoding="utf-8")


class _NotStored(LookupError):
    pass


def _read_front(key: str) -> Judged:
    front = load(key, "front")
    if front is None:
        raise _NotStored(key)  # left out of the memory: read once the page has judged and stored it
    return front


_FRONT: Shared[Judged] = Shared(4)  # by file: each cache folder its own


def stored_front(claims_text: str, data_dir: Path) -> Judged | None:
    """The op-ed's stored judgement without chart data, read from disk once per key; None for any
    other claims text (an upload), or when it is not stored yet (dashboard.verdicts judges it)."""
    try:
        if claims_text != shipped_text():
            return None
        key = store_key(claims_text, Path(data_dir))
        return _FRONT.get(_path(key, "front"), lambda: _read_front(key))
    except (OSError, _NotStored):
        return None
