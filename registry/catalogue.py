"""The series registry: one TOML file per series in ``series/``, read and validated before any use.

A series is data, not code: its catalogue text (title, unit, definition, licence), the publisher's
query, the fallback, the plausible range and the page it belongs on all live in ``series/<id>.toml``.
Everything else (the store, the publisher modules, the claim checker, the app) reads this.
A malformed file is refused with a message naming the file, the line and the field
(the checks are in ``registry.schema``).
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from registry.schema import RegistryError, SourceFile, check_fields, check_query

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SERIES_DIR = ROOT / "series"
SERIES_DIR_VARIABLE = "SERIES_DIR"  # another registry folder (tests, an analyst's own series)


@dataclass(frozen=True)
class SeriesInfo:
    """What a series is, as the app and the checks describe it."""

    id: str
    title: str
    unit: str
    short_unit: str
    definition: str
    publisher: str
    dataset: str
    indicator: str
    licence: str
    attribution: str
    min_value: float
    max_value: float
    decimals: int
    integer: bool = False
    sex: str | None = None  # "female"/"male" for series that come in pairs
    pair: str | None = None  # the other sex's series id
    page: str = "explore"  # the dashboard page that shows it
    long_history: bool = False  # see store/history.py

    def describe_value(self, value: float) -> str:
        """Format a value the way the publisher's unit reads (e.g. "29.0%", "230,028")."""
        if self.integer:
            return f"{value:,.0f}"
        text = f"{value:,.{self.decimals}f}"
        return f"{text}{self.short_unit}" if self.short_unit == "%" else f"{text} {self.short_unit}".rstrip()


@dataclass(frozen=True)
class Query:
    """Which publisher serves the series and what to ask it for."""

    publisher: str
    params: dict[str, Any]


@dataclass(frozen=True)
class SeriesSpec:
    """One registry file, validated."""

    info: SeriesInfo
    fetch: Query
    fallback: Query | None
    path: Path
    publisher_metadata: dict[str, str] = field(default_factory=dict)

    def query(self, publisher: str) -> Query | None:
        """The query for this publisher, whether it is the primary source or the fallback."""
        return next((q for q in (self.fetch, self.fallback) if q and q.publisher == publisher), None)


def series_dir() -> Path:
    return Path(os.environ.get(SERIES_DIR_VARIABLE) or DEFAULT_SERIES_DIR)


def parse_file(path: Path) -> SeriesSpec:
    """One registry file -> SeriesSpec, or RegistryError naming the file, line and field."""
    try:
        content = path.read_bytes()
        text = content.decode("utf-8")
    except OSError as exc:
        raise RegistryError(f"{path}: cannot be read ({exc})") from exc
    except UnicodeDecodeError as exc:
        line = content.count(b"\n", 0, exc.start) + 1
        raise RegistryError(f"{path}, line {line}: not UTF-8 text (byte {exc.start:,})") from exc
    return parse_text(text, path)


def parse_text(text: str, path: Path) -> SeriesSpec:
    """The text of a registry file that is (or will be) at ``path``."""
    file = SourceFile(path, text)
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise RegistryError(f"{path}: TOML syntax error: {exc}") from exc
    except RecursionError:  # tomllib recurses once per nested array or inline table
        raise RegistryError(f"{path}: arrays or tables nested too deeply to read") from None
    check_fields(file, raw)
    info = SeriesInfo(
        id=raw["id"],
        title=raw["title"],
        unit=raw["unit"],
        short_unit=raw["short_unit"],
        definition=raw["definition"],
        publisher=raw["publisher"],
        dataset=raw["dataset"],
        indicator=raw["indicator"],
        licence=raw["licence"],
        attribution=raw["attribution"],
        min_value=float(raw["min_value"]),
        max_value=float(raw["max_value"]),
        decimals=raw["decimals"],
        integer=raw.get("counts", False),
        sex=raw.get("sex"),
        pair=raw.get("pair"),
        page=raw["page"],
        long_history=raw.get("long_history", False),
    )
    fallback = Query(*check_query(file, raw["fallback"], "fallback")) if "fallback" in raw else None
    fetch = Query(*check_query(file, raw["fetch"], "fetch"))
    return SeriesSpec(info, fetch, fallback, path, dict(raw.get("publisher_metadata", {})))


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
