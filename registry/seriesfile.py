"""Reading one series file (``series/<id>.toml``) into a SeriesSpec, or a RegistryError naming the
file, the line and the field. The fields and their checks are the models' (registry/model.py); this
module only says how each kind of error reads.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import ValidationError

from registry.model import SERIES_FILE, RegistryError, SeriesSpec, field_names
from registry.publishers import publishers
from registry.tomlfile import (
    CUSTOM,
    UNKNOWN_FIELD,
    Problem,
    TomlLines,
    first_problem,
    located,
    shown,
    toml_text,
    too_long,
)

QUERY_TABLES = ("fetch", "fallback")


MAX_BYTES = 100_000  # a series file; the largest real one is 2 kB


def parse_file(path: Path) -> SeriesSpec:
    """One registry file -> SeriesSpec, or RegistryError naming the file, line and field."""
    try:
        with open(path, "rb") as handle:
            content = handle.read(MAX_BYTES + 1)
        if len(content) > MAX_BYTES:
            size = f"{path.stat().st_size / 1e6:,.1f} MB"
            raise RegistryError(
                f"{path}: {size}; a series file may hold at most {MAX_BYTES / 1e3:g} kB (not read)"
            )
        text = content.decode("utf-8")
    except OSError as exc:
        raise RegistryError(f"{path}: cannot be read ({exc})") from exc
    except UnicodeDecodeError as exc:
        line = content.count(b"\n", 0, exc.start) + 1
        raise RegistryError(f"{path}, line {line}: not UTF-8 text (byte {exc.start:,})") from exc
    return parse_text(text, path)


def parse_text(text: str, path: Path) -> SeriesSpec:
    """The text of a registry file that is (or will be) at ``path``."""
    try:
        raw = toml_text(text, str(path))
    except ValueError as exc:
        raise RegistryError(str(exc)) from None
    try:
        return SERIES_FILE.validate_python(raw, context={"path": path})
    except ValidationError as exc:
        raise RegistryError(_message(first_problem(exc), path, TomlLines(text), raw)) from None


def _message(problem: Problem, path: Path, lines: TomlLines, raw: dict[str, Any]) -> str:
    loc = [str(part) for part in problem.loc]
    name = loc[0] if loc else str(problem.context.get("field", ""))
    if name in QUERY_TABLES:
        return _query_message(problem, loc, path, lines, raw)
    if problem.kind == CUSTOM:
        key = str(problem.context.get("key") or name)
        return located(str(path), lines.key_in_table(key), name, problem.message)
    if name == "publisher_metadata":
        return located(str(path), lines.table(name), name, "expected a table of strings")
    if problem.kind == "missing":
        return located(str(path), None, name, "missing (required field)")
    if long := too_long(problem):
        return located(str(path), lines.key_in_table(name), name, long)
    if problem.kind in UNKNOWN_FIELD:
        expected = f"unknown field; expected {', '.join(field_names())}"
        return located(str(path), lines.key_in_table(name), name, expected)
    if problem.kind == "literal_error":
        expected = problem.context.get("expected", "").replace("'", "").replace(" or ", ", ")
        message = f"expected one of {expected}, got {shown(problem.value)}"
        return located(str(path), lines.key_in_table(name), name, message)
    message = f"expected {problem.expected or 'something else'}, got {shown(problem.value)}"
    return located(str(path), lines.key_in_table(name), name, message)


def _query_message(
    problem: Problem, loc: list[str], path: Path, lines: TomlLines, raw: dict[str, Any]
) -> str:
    """An error inside ``[fetch]`` or ``[fallback]``: its loc is (table, publisher, field, ...)."""
    table = loc[0]
    if problem.kind == "missing" and len(loc) == 1:
        message = "missing (required table: which publisher serves the series)"
        return located(str(path), None, f"[{table}]", message)
    if problem.kind in ("union_tag_invalid", "union_tag_not_found"):
        if not isinstance(problem.value, dict):
            message = 'expected a table such as [fetch] with publisher = "worldbank"'
            return located(str(path), lines.key_in_table(table), table, message)
        publisher = problem.value.get("publisher")
        message = f"unknown publisher {publisher!r}; known: {', '.join(publishers())}"
        line = lines.key_in_table("publisher", table)
        return located(str(path), line or lines.table(table), f"{table}.publisher", message)
    publisher, name = loc[1], loc[2]
    fields = ", ".join(publishers()[publisher].query_fields)
    where = f"{table}.{name}"
    if problem.kind == "missing":
        message = f"missing (a {publisher} query needs {fields})"
        return located(str(path), lines.table(table), where, message)
    line = lines.key_in_table(name, table) or lines.table(table)
    if problem.kind == "extra_forbidden":
        return located(str(path), line, where, f"not a {publisher} query field; expected {fields}")
    if len(loc) > 3:  # an item of a list or table field: the message quotes the whole field
        if loc[3].isdigit():
            return located(str(path), line, where, f"expected a list, got {shown(raw[table][name])}")
        return located(str(path), line, where, "expected a table of codes (strings)")
    return located(str(path), line, where, f"expected {problem.expected}, got {shown(problem.value)}")
