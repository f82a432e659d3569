"""The types a claims file's fields have, each with the sentence a wrong value gets.

claims/model.py declares the file's fields with these types (a field added there is read, checked and
named in messages with nothing else to change); claims/loader.py turns the first error into
"file, line N: claim #1 ('id').field: what is wrong".
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime
from typing import Annotated, Any
from urllib.parse import urlsplit

from pydantic import BeforeValidator, ConfigDict
from pydantic_core import PydanticCustomError

from registry.tomlfile import CUSTOM, MAX_TEXT

ID_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
PAGE_PATTERN = re.compile(r"^[a-z_]{1,40}$")
FILE_CONFIG = ConfigDict(extra="forbid")  # an unknown field is named, with a guess at the one meant


def rule(message: str, field: str = "", index: int | None = None, key: str = "") -> PydanticCustomError:
    """A value the claims file may not have, with the sentence that says so: ``field`` names a part
    of the value (a parameter of check ``index``), ``key`` the line to point at (default: the field's)."""
    context = {"message": message, "field": field, "index": index, "key": key}
    return PydanticCustomError(CUSTOM, "{message}", context)


def checked(test: Callable[[Any], bool], expected: str, show: bool = True) -> BeforeValidator:
    """A field type's check: ``expected`` (e.g. "text") names what ``test`` accepts."""

    def check(value: Any) -> Any:
        if not test(value):
            raise rule(f"expected {expected}, got {value!r}" if show else f"expected {expected}")
        return value

    return BeforeValidator(check)


def is_web_url(value: Any) -> bool:
    """An absolute http(s) address (a claims file's article url; Google needs one for a review)."""
    if not isinstance(value, str):
        return False
    parts = urlsplit(value)
    return parts.scheme in ("http", "https") and bool(parts.netloc) and not any(c.isspace() for c in value)


def _date(value: Any) -> date:
    if isinstance(value, datetime):
        return value.date()
    if not isinstance(value, date):
        raise rule(f"expected a TOML date such as 2024-09-01, got {value!r}")
    return value


def _url(value: Any) -> str:
    if not isinstance(value, str):
        raise rule("expected text")
    if value and not is_web_url(value):
        raise rule(f"expected an http(s) address, got {value[:60]!r}")
    return value


def _page(value: Any) -> str:
    if not isinstance(value, str):
        raise rule("expected text")
    if value and not PAGE_PATTERN.match(value):
        raise rule(f"expected a dashboard page name such as 'pay_gap', got {value!r}")
    return value


def _is_text(value: Any) -> bool:
    return isinstance(value, str)


def _capped(value: Any) -> Any:
    """Text, or every sentence of a list, within MAX_TEXT characters (the op-ed's longest is 240)."""
    for text in value if isinstance(value, list | tuple) else [value]:
        if isinstance(text, str) and len(text) > MAX_TEXT:
            raise rule(f"{len(text):,} characters; a text field may hold at most {MAX_TEXT:,}")
    return value


CAPPED = BeforeValidator(_capped)  # listed last: runs before the type's own check


def _is_words(value: Any) -> bool:
    return isinstance(value, str) and bool(value.strip())


Text = Annotated[str, checked(_is_text, "text", show=False), CAPPED]
Title = Annotated[str, checked(_is_words, "the article's title as text", show=False), CAPPED]
Quote = Annotated[str, checked(_is_words, "the exact quote from the article", show=False), CAPPED]
Flag = Annotated[bool, checked(lambda v: isinstance(v, bool), "true or false")]
Sentences = Annotated[
    tuple[str, ...],
    checked(
        lambda v: isinstance(v, list | tuple) and all(map(_is_text, v)), "a list of sentences", show=False
    ),
    CAPPED,
]
ClaimId = Annotated[
    str,
    checked(
        lambda v: isinstance(v, str) and bool(ID_PATTERN.match(v)),
        "an id of letters, digits, '-', '_' or '.'",
    ),
]
TomlDate = Annotated[date, BeforeValidator(_date)]
WebUrl = Annotated[str, BeforeValidator(_url)]
PageName = Annotated[str, BeforeValidator(_page)]
