"""The one way a TOML file's validation error is told: "file, line N: field: what is wrong".

Series files and claims files are both validated by pydantic models; this module turns the first
error of a ``ValidationError`` into a ``Problem`` (where in the data, what kind, the value found) and
finds the line of a key in the text, so each loader only says how its fields are named.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

# What a value should have been, by pydantic's error type, in the words the messages use.
EXPECTED = {
    "string_type": "a string",
    "int_type": "a whole number",
    "float_type": "a number",
    "bool_type": "true or false",
    "dict_type": "a table",
    "model_type": "a table",
    "dataclass_type": "a table",
    "list_type": "a list",
    "tuple_type": "a list",
}
CUSTOM = "custom"  # the error type of a project rule (PydanticCustomError), whose message is final
UNKNOWN_FIELD = ("extra_forbidden", "unexpected_keyword_argument")  # of a model, of a dataclass


@dataclass(frozen=True)
class Problem:
    """One validation error: where in the parsed file (``loc``), its pydantic type and the value."""

    loc: tuple[str | int, ...]
    kind: str
    value: Any
    message: str
    context: dict[str, Any] = field(default_factory=dict)

    @property
    def expected(self) -> str | None:
        """ "a whole number" for a value of the wrong type, else None."""
        return EXPECTED.get(self.kind)


def first_problem(exc: ValidationError) -> Problem:
    """The error to report: an unknown field first (most often a typo, which also makes the field
    it was meant to be missing), else the first pydantic found (fields go in the order written)."""
    errors = exc.errors(include_url=False)
    error = next((e for e in errors if e["type"] in UNKNOWN_FIELD), errors[0])
    return Problem(
        tuple(error["loc"]), error["type"], error.get("input"), error["msg"], error.get("ctx") or {}
    )


def located(source: str, line: int | None, where: str, message: str) -> str:
    """ "file, line N: field: message" (the line left out when it cannot be found)."""
    return f"{source}{f', line {line}' if line else ''}: {where}: {message}"


class TomlLines:
    """A TOML file's lines, to find where a key or a table is written."""

    def __init__(self, text: str) -> None:
        self.lines = text.splitlines()

    def key_in_table(self, key: str, table: str | None = None) -> int | None:
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

    def table(self, table: str) -> int | None:
        header = re.compile(rf"^\s*\[{re.escape(table)}\]")
        return next((i + 1 for i, line in enumerate(self.lines) if header.match(line)), None)

    def key_after(self, key: str, after: str | None = None) -> int | None:
        """The line of ``key = ...``, searching from the line holding ``id = "<after>"``."""
        start = 0
        if after:
            quoted = re.compile(rf"""^\s*id\s*=\s*["']{re.escape(after)}["']""")
            start = next((i for i, line in enumerate(self.lines) if quoted.match(line)), 0)
        pattern = re.compile(rf"^\s*{re.escape(key)}\s*=")
        return next((n + 1 for n in range(start, len(self.lines)) if pattern.match(self.lines[n])), None)
