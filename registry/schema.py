"""The registry's schema: which fields a series file has, of which type, and each publisher's query.

Checked field by field so a malformed file is refused with its file, line and field named
(``registry.catalogue`` reads the files and builds the series from what passes).
"""

from __future__ import annotations

import math
import re
from pathlib import Path
from typing import Any

ID_PATTERN = re.compile(r"^[a-z][a-z0-9_]{0,63}$")
RESERVED_IDS = ("add", "diff")  # `python -m fetch add|diff` are commands: such a series could not be fetched
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


class SourceFile:
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


def check_query(file: SourceFile, raw: Any, table: str) -> tuple[str, dict[str, Any]]:
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
    return publisher, {k: v for k, v in raw.items() if k != "publisher"}


def check_fields(file: SourceFile, raw: dict[str, Any]) -> None:
    """Every top-level field and table present when required, of its type and within its bounds."""
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
    if raw["id"] != file.path.stem or not ID_PATTERN.match(raw["id"]):
        raise file.fail(
            "id",
            f"{raw['id']!r} must match the file name ({file.path.stem}) "
            "and be lowercase letters, digits and _",
            key="id",
        )
    if raw["id"] in RESERVED_IDS:
        raise file.fail("id", f"{raw['id']!r} is a `python -m fetch` command; pick another id", key="id")
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
