"""The series registry: one TOML file per series in ``series/``, read and validated once per process.

A series is data, not code: its catalogue text (title, unit, definition, licence), the publisher's
query, the fallback, the plausible range and the page it belongs on all live in ``series/<id>.toml``
(the fields: registry/model.py). ``current()`` is the process's registry, a value the store, the
publisher modules, the claim checker and the app are given or ask for; a malformed file is refused
with a message naming the file, the line and the field (registry/seriesfile.py).
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator, Mapping
from functools import cached_property
from pathlib import Path
from typing import Any

from registry.model import RegistryError, SeriesInfo, SeriesSpec
from registry.seriesfile import parse_file

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SERIES_DIR = ROOT / "series"
SERIES_DIR_VARIABLE = "SERIES_DIR"  # another registry folder (tests, an analyst's own series)


def series_dir() -> Path:
    return Path(os.environ.get(SERIES_DIR_VARIABLE) or DEFAULT_SERIES_DIR)


def _check_pairs(specs: dict[str, SeriesSpec]) -> None:
    for spec in specs.values():
        info = spec.info
        if info.pair is None:
            continue
        other = specs.get(info.pair)
        if other is None or other.info.pair != info.id or other.info.sex == info.sex:
            raise RegistryError(
                f"{spec.path}: pair: {info.pair!r} must be a registry series of the other sex "
                f"whose pair is {info.id!r}"
            )


class Registry(Mapping[str, SeriesSpec]):
    """Every series of one registry folder, by id (file-name order): a value, passed down."""

    def __init__(self, directory: Path, specs: dict[str, SeriesSpec], stamp: tuple = ()) -> None:
        self.directory, self._specs, self.stamp = directory, specs, stamp

    def __getitem__(self, series_id: str) -> SeriesSpec:
        return self._specs[series_id]

    def __iter__(self) -> Iterator[str]:
        return iter(self._specs)

    def __len__(self) -> int:
        return len(self._specs)

    def __repr__(self) -> str:
        return f"Registry({self.directory}: {', '.join(self)})"

    @cached_property
    def version(self) -> str:
        """Which registry this is (its folder and its files' stamp) in a few characters: a cache key
        for what is derived from it, cheap to hash on every rerun."""
        return hashlib.sha256(repr((str(self.directory), self.stamp)).encode()).hexdigest()[:20]

    def spec(self, series_id: str) -> SeriesSpec:
        """The series' file, validated; KeyError naming the known series."""
        try:
            return self._specs[series_id]
        except KeyError:
            raise KeyError(f"unknown series {series_id!r}; known series: {', '.join(self)}") from None

    def info(self, series_id: str) -> SeriesInfo:
        """What the app and the checks say of the series (title, unit, range...)."""
        return self.spec(series_id).info

    @property
    def infos(self) -> dict[str, SeriesInfo]:
        return {series_id: spec.info for series_id, spec in self._specs.items()}

    def query(self, series_id: str, publisher: str) -> dict[str, Any]:
        """The series' query for this publisher (primary or fallback); KeyError if it has none."""
        found = self.spec(series_id).query(publisher)
        if found is None:
            raise KeyError(f"{series_id} has no {publisher} query in {self.spec(series_id).path}")
        return found.params


def _stamp(directory: Path) -> tuple:
    """Name, modification time and size of every registry file: a change means re-reading."""
    with os.scandir(directory) as entries:
        found = [(e.name, e.stat()) for e in entries if e.name.endswith(".toml") and e.is_file()]
    return tuple(sorted((name, st.st_mtime_ns, st.st_size) for name, st in found))


def load(directory: Path | None = None) -> Registry:
    """Read and validate every file of a registry folder (default: ``series/`` or $SERIES_DIR)."""
    directory = Path(directory or series_dir())
    try:
        stamp = _stamp(directory)
    except OSError as exc:
        raise RegistryError(f"{directory}: the series registry cannot be read ({exc})") from exc
    if not stamp:
        raise RegistryError(f"{directory}: no series files (*.toml) in the registry folder")
    specs = {spec.info.id: spec for spec in (parse_file(directory / name) for name, _, _ in stamp)}
    _check_pairs(specs)
    return Registry(directory, specs, stamp)


_loaded: dict[Path, Registry] = {}


def current(refresh: bool = False) -> Registry:
    """This process's registry, loaded on first use and then passed around as a value.

    Entry points (a command, each app run) pass ``refresh=True``: the folder is re-read only if a
    file changed (a series added with ``python -m fetch add``), else the loaded value is kept.
    """
    directory = series_dir()
    loaded = _loaded.get(directory)
    if loaded is None or (refresh and _stamp_or_none(directory) != loaded.stamp):
        loaded = _loaded[directory] = load(directory)
    return loaded


def _stamp_or_none(directory: Path) -> tuple | None:
    try:
        return _stamp(directory)
    except OSError:
        return None


def series_info(series_id: str) -> SeriesInfo:
    """The current registry's description of a series (``current().info``)."""
    return current().info(series_id)
