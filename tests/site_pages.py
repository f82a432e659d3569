"""Reading the built site's pages in tests: their visible text and the JSON in their script blocks."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.scripts: dict[str, str] = {}
        self.json_ld: list[str] = []
        self.meta: dict[str, str] = {}
        self._script: tuple[str, str] | None = None
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        named = {k: v or "" for k, v in attrs}
        if tag == "script":
            self._script = (named.get("id", ""), named.get("type", ""))
            self._buffer = []
        elif tag in ("style", "textarea"):
            self._skip += 1
        elif tag == "meta":
            key = named.get("property") or named.get("name")
            if key:
                self.meta[key] = named.get("content", "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._script is not None:
            body = "".join(self._buffer)
            if self._script[1] == "application/ld+json":
                self.json_ld.append(body)
            elif self._script[0]:
                self.scripts[self._script[0]] = body
            self._script = None
        elif tag in ("style", "textarea"):
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self._buffer.append(data)
        elif not self._skip:
            self.text.append(data)


def parse(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def text(path: Path) -> str:
    """What a reader sees (no scripts, styles or the embed code), with whitespace collapsed."""
    return squash(" ".join(parse(path).text))


def squash(value: str) -> str:
    return re.sub(r"\s+", " ", value).strip()


def figures(path: Path) -> dict[str, Any]:
    """Every chart's figure on the page, by its script's id."""
    return {key: json.loads(body) for key, body in parse(path).scripts.items()}
