"""The series registry: one TOML file per series in ``series/``, read and validated before any use.

A series is data, not code: its catalogue text (title, unit, definition, licence), the publisher's
query, the fallback, the plausible range and the page it belongs on all live in ``series/<id>.toml``.
Everything else (``tidy.catalog``, ``fetch.sources``, the publisher modules, the app) reads this.
A malformed file is refused with a message naming the file, the line and the field.
"""

from __future__ import annotations

import math
import os
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SERIES_DIR = ROOT / "series"
SERIES_DIR_VARIABLE = "SERIES_DIR"  # another registry folder (tests, an analyst's own series)
ID_PATTERN = re.compile(r"^[a-z][a-z0-9_]{0,63}$")
MAX_DECIMALS = 10  # digits shown after the point; more is a typo, not a precision

# The query each publisher needs: field -> (type, required). Only these publishers have fetch code.
PUBLISHERS: dict[str, dict[str, tuple[type, bool]]] = {
    "worldbank": {"indicator": (str, True), "source_id": (int, True)},
    "oecd": {
        "agency": (str, True),
        "dataflow": (str, True),
        "version": (str, True),
        "filters": (dict, True),
        "time_dimension": (bool, False),  # false: rows carry no period (dated by fetch.time_use)
    },
    "owid": {"slug": (str, True), "column_includes": (list, True), "column_excludes": (list, False)},
    "kosis": {"org_id": (str, True), "table": (str, True), "item": (str, True)},
}
SEXES = ("female", "male")

# Top-level fields: name -> (type, required). ``float`` also accepts integers.
FIELDS: dict[str, tuple[type, bool]] = {
    "id": (str, True),
    "title": (str, True),
    "unit": (str, True),
    "short_unit": (str, True),
    "definition": (str, True),
    "source": (str, True),  # where the title and definition were taken from
    "publisher": (str, True),
    "dataset": (str, True),
    "indicator": (str, True),
    "licence": (str, True),
    "attribution": (str, True),
    "page": (str, True),
    "min_value": (float, True),
    "max_value": (float, True),
    "decimals": (int, True),
    "counts": (bool, False),
    "sex": (str, False),
    "pair": (str, False),
    "long_history": (bool, False),  # earlier releases' years are spliced into the current file
}
TABLES = {"fetch": True, "fallback": False, "publisher_metadata": False}


class RegistryError(ValueError):
    """A registry file that cannot be used; the message names the file, line and field."""


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
    long_history: bool = False  # see tidy/history.py

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


class _File:
    """One file's text, to name the line of a field in error messages."""

    def __init__(self, path: Path, text: str) -> None:
        self.path, self.lines = path, text.splitlines()

    def line_of(self, key: str, table: str | None) -> int | None:
        """The line of ``key = ...`` inside ``[table]`` (or at the top level when table is None)."""
        current = None
        pattern = re.compile(rf"^\s*{re.escape(key)}\s*=")
        for number, line in enumerate(self.lines, 1):
            header = re.match(r"^\s*\[([^\]]+)\]", line)
            if header:
                current = header.group(1).strip()
            elif current == table and pattern.match(line):
                return number
        return None

    def fail(
        self, field_name: str, message: str, table: str | None = None, key: str | None = None
    ) -> RegistryError:
        line = self.line_of(key, table) if key else None
        if line is None and table:
            line = self.line_of_table(table)
        at = f", line {line}" if line else ""
        return RegistryError(f"{self.path}{at}: {field_name}: {message}")

    def line_of_table(self, table: str) -> int | None:
        header = re.compile(rf"^\s*\[{re.escape(table)}\]")
        return next((i + 1 for i, line in enumerate(self.lines) if header.match(line)), None)


def _typed(value: Any, kind: type) -> bool:
    if kind is float:
        return isinstance(value, int | float) and not isinstance(value, bool)
    if kind is int:
        return isinstance(value, int) and not isinstance(value, bool)
    return isinstance(value, kind)


TYPE_NAMES = {str: "a string", int: "a whole number", float: "a number", bool: "true or false"}
TYPE_NAMES.update({dict: "a table", list: "a list"})


def _query(file: _File, raw: Any, table: str) -> Query:
    if not isinstance(raw, dict):
        raise file.fail(table, 'expected a table such as [fetch] with publisher = "worldbank"', key=table)
    publisher = raw.get("publisher")
    if publisher not in PUBLISHERS:
        known = ", ".join(PUBLISHERS)
        raise file.fail(
            f"{table}.publisher", f"unknown publisher {publisher!r}; known: {known}", table, "publisher"
        )
    schema = PUBLISHERS[publisher]
    unknown = sorted(set(raw) - set(schema) - {"publisher"})
    if unknown:
        raise file.fail(
            f"{table}.{unknown[0]}",
            f"not a {publisher} query field; expected {', '.join(schema)}",
            table,
            unknown[0],
        )
    for name, (kind, required) in schema.items():
        if name not in raw:
            if required:
                raise file.fail(
                    f"{table}.{name}", f"missing (a {publisher} query needs {', '.join(schema)})", table
                )
            continue
        value = raw[name]
        if not _typed(value, kind) or (kind is list and not all(isinstance(v, str) for v in value)):
            raise file.fail(f"{table}.{name}", f"expected {TYPE_NAMES[kind]}, got {value!r}", table, name)
        if kind is dict and not all(isinstance(v, str) for v in value.values()):
            raise file.fail(f"{table}.{name}", "expected a table of codes (strings)", table, name)
    params = {k: v for k, v in raw.items() if k != "publisher"}
    return Query(publisher, params)


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
    file = _File(path, text)
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise RegistryError(f"{path}: TOML syntax error: {exc}") from exc
    except RecursionError:  # tomllib recurses once per nested array or inline table
        raise RegistryError(f"{path}: arrays or tables nested too deeply to read") from None
    unknown = sorted(k for k in raw if k not in FIELDS and k not in TABLES)
    if unknown:
        raise file.fail(
            unknown[0], f"unknown field; expected {', '.join([*FIELDS, *TABLES])}", key=unknown[0]
        )
    for name, (kind, required) in FIELDS.items():
        if name not in raw:
            if required:
                raise file.fail(name, "missing (required field)")
            continue
        if not _typed(raw[name], kind):
            raise file.fail(name, f"expected {TYPE_NAMES[kind]}, got {raw[name]!r}", key=name)
    for table, required in TABLES.items():
        if required and table not in raw:
            raise file.fail(f"[{table}]", "missing (required table: which publisher serves the series)")
    if raw["id"] != path.stem or not ID_PATTERN.match(raw["id"]):
        raise file.fail(
            "id",
            f"{raw['id']!r} must match the file name ({path.stem}) and be lowercase letters, digits and _",
            key="id",
        )
    if not ID_PATTERN.match(raw["page"]):
        raise file.fail("page", f"expected a page name such as 'explore', got {raw['page']!r}", key="page")
    for name in ("min_value", "max_value"):
        if not math.isfinite(raw[name]):
            raise file.fail(name, f"expected a finite number, got {raw[name]!r}", key=name)
    if not 0 <= raw["decimals"] <= MAX_DECIMALS:
        raise file.fail("decimals", f"expected 0 to {MAX_DECIMALS}, got {raw['decimals']!r}", key="decimals")
    if raw["min_value"] >= raw["max_value"]:
        raise file.fail("max_value", "must be above min_value", key="max_value")
    if raw.get("sex") is not None and raw["sex"] not in SEXES:
        raise file.fail("sex", f"expected one of {', '.join(SEXES)}, got {raw['sex']!r}", key="sex")
    if ("sex" in raw) != ("pair" in raw):
        raise file.fail(
            "pair",
            "sex and pair come together (the women's and men's series name each other)",
            key="pair" if "pair" in raw else "sex",
        )
    metadata = raw.get("publisher_metadata", {})
    if not isinstance(metadata, dict) or not all(isinstance(v, str) for v in metadata.values()):
        raise file.fail("publisher_metadata", "expected a table of strings", "publisher_metadata")
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
    fallback = _query(file, raw["fallback"], "fallback") if "fallback" in raw else None
    return SeriesSpec(info, _query(file, raw["fetch"], "fetch"), fallback, path, dict(metadata))


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


_cache: dict[str, tuple[tuple, dict[str, SeriesSpec]]] = {}


def _stamp(directory: Path) -> tuple:
    """Name, modification time and size of every registry file: a change means re-reading."""
    with os.scandir(directory) as entries:
        found = [(e.name, e.stat()) for e in entries if e.name.endswith(".toml") and e.is_file()]
    return tuple(sorted((name, st.st_mtime_ns, st.st_size) for name, st in found))


def load(directory: Path | None = None) -> dict[str, SeriesSpec]:
    """Every series in the registry folder, by id (file-name order); re-read when a file changes."""
    directory = Path(directory or series_dir())
    try:
        stamp = _stamp(directory)
    except OSError as exc:
        raise RegistryError(f"{directory}: the series registry cannot be read ({exc})") from exc
    cached = _cache.get(str(directory))
    if cached and cached[0] == stamp:
        return cached[1]
    if not stamp:
        raise RegistryError(f"{directory}: no series files (*.toml) in the registry folder")
    specs = {spec.info.id: spec for spec in (parse_file(directory / name) for name, _, _ in stamp)}
    _check_pairs(specs)
    _cache[str(directory)] = (stamp, specs)
    return specs


def spec(series_id: str) -> SeriesSpec:
    specs = load()
    try:
        return specs[series_id]
    except KeyError:
        raise KeyError(f"unknown series {series_id!r}; known series: {', '.join(specs)}") from None


def query(series_id: str, publisher: str) -> dict[str, Any]:
    """The series' query parameters for this publisher (primary or fallback); KeyError if it has none."""
    found = spec(series_id).query(publisher)
    if found is None:
        raise KeyError(f"{series_id} has no {publisher} query in {spec(series_id).path}")
    return found.params
