"""The one way a TOML file's validation error is told: "file, line N: field: what is wrong".

Series files and claims files are both validated by pydantic models; this module turns the first
error of a ``ValidationError`` into a ``Problem`` (where in the data, what kind, the value found) and
finds the line of a key in the text, so each loader only says how its fields are named.
"""

from __future__ import annotations

import re
import tomllib
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


MAX_DIGITS = 4300  # Python's own cap on the digits of a number read from text (sys.int_info)
MAX_TEXT = 10_000  # characters of one text field (the longest real one, a series' source, is 278)


def toml_text(text: str, source: str) -> dict[str, Any]:
    """The parsed TOML text, or ValueError with the sentence that says why not: a syntax error
    (tomllib's line and column), nesting too deep, or a number too long to read (its line)."""
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ValueError(f"{source}: TOML syntax error: {exc}") from None
    except RecursionError:
        raise ValueError(
            f"{source}: arrays or inline tables are nested too deeply (hundreds of levels) to read"
        ) from None
    except ValueError:  # int() refuses a number with more than MAX_DIGITS digits
        long = re.search(rf"\d{{{MAX_DIGITS + 1},}}", text)
        line = text.count("\n", 0, long.start()) + 1 if long else None
        digits = f"{len(long.group()):,} digits" if long else "too many digits"
        message = f"a number of {digits}; a number may have at most {MAX_DIGITS:,}"
        raise ValueError(located(source, line, "value", message)) from None


def shown(value: Any, limit: int = 60) -> str:
    """A value quoted back in a message, shortened: a 50 MB title is not printed."""
    text = repr(value)
    return text if len(text) <= limit else f"{text[: limit - 1]}… ({len(str(value)):,} characters)"


def too_long(problem: Problem) -> str | None:
    """The sentence for a text field over its cap, or None for any other problem."""
    if problem.kind != "string_too_long":
        return None
    limit = problem.context.get("max_length", MAX_TEXT)
    return f"{len(str(problem.value)):,} characters; a text field may hold at most {limit:,}"


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
