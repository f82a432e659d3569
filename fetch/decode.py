"""Bytes to text and JSON for every reader, live or file: errors name the place, nothing is dropped.

Publishers serve UTF-8 (with or without a byte-order mark). Undecodable bytes are an error naming
the URL or file and the position, never replacement characters that would turn ``KOR`` into
something the country filter silently drops. JSON nested too deeply for the parser is an error too,
not a ``RecursionError`` that would end the whole run. Line-based text (CSV) is refused before it is
parsed when a line is longer than its publisher's ``max_line_kb``: pandas holds a whole line at a time
in several copies, so one 60 MB line took gigabytes.
"""

from __future__ import annotations

import json
import re
from typing import Any

from fetch.errors import FetchError
from registry.publishers import Publisher

_CHARSET = re.compile(r"charset\s*=\s*\"?([\w.:-]+)", re.IGNORECASE)


def check_lines(content: bytes, series_id: str, where: str, publisher: Publisher) -> None:
    """FetchError naming the first line longer than the publisher's ``max_line_kb``."""
    limit = int(publisher.max_line_kb * 1000)
    start, number = 0, 1
    while start < len(content):
        end = content.find(b"\n", start)
        end = len(content) if end < 0 else end
        if end - start > limit:
            raise FetchError(
                series_id,
                where,
                f"line {number:,} is longer than {publisher.max_line_kb:g} kB ({publisher.name}'s "
                "max_line_kb in registry/publishers.toml); not parsed",
            )
        start, number = end + 1, number + 1


def decode_text(
    content: bytes, series_id: str, where: str, content_type: str = "", lines: Publisher | None = None
) -> str:
    """UTF-8 (or the charset the server declares), strictly; FetchError naming the byte, line, column.

    ``lines``: line-based text (CSV) of this publisher, each line checked against its cap first.
    """
    if lines is not None:
        check_lines(content, series_id, where, lines)
    declared = _CHARSET.search(content_type or "")
    encoding = declared.group(1).lower() if declared else "utf-8"
    if encoding.replace("-", "").replace("_", "") in ("utf8", "utf8sig"):
        encoding = "utf-8"  # not utf-8-sig: its error positions would not count the byte-order mark
    try:
        return content.decode(encoding).removeprefix("\ufeff")
    except LookupError as exc:
        raise FetchError(series_id, where, f"unknown character set {encoding!r}") from exc
    except UnicodeDecodeError as exc:
        line = content.count(b"\n", 0, exc.start) + 1
        column = exc.start - (content.rfind(b"\n", 0, exc.start) + 1) + 1
        near = content[max(0, exc.start - 24) : exc.start + 8]
        raise FetchError(
            series_id,
            where,
            f"text is not valid {encoding.upper()} at byte {exc.start:,} "
            f"(line {line}, column {column}, near {near!r}); nothing was imported",
        ) from exc


def load_json(text: str, series_id: str, where: str) -> Any:
    """Parsed JSON; FetchError for invalid, truncated or too deeply nested text."""
    try:
        return json.loads(text)
    except RecursionError as exc:
        raise FetchError(series_id, where, "JSON nested too deeply to parse (e.g. [[[[...]]]])") from exc
    except ValueError as exc:
        raise FetchError(series_id, where, f"invalid or truncated JSON ({exc})") from exc
