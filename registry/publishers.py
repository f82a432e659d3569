"""The publishers as data (``registry/publishers.toml``): name, base URL and its variable, query
fields, file layouts. The query fields become the models a series file's ``[fetch]`` is checked with.
"""

from __future__ import annotations

import os
import tomllib
from functools import cache
from pathlib import Path
from typing import Annotated, Any, Literal, Union

from pydantic import BaseModel, ConfigDict, Discriminator, Tag, create_model

PUBLISHERS_FILE = Path(__file__).resolve().with_name("publishers.toml")
# The words publishers.toml types a query field with, and the Python type each means.
QUERY_TYPES: dict[str, Any] = {
    "text": str,
    "whole number": int,
    "true or false": bool,
    "table of codes": dict[str, str],
    "list of words": list[str],
}
OPTIONAL = ", optional"


class Query(BaseModel):
    """Which publisher serves a series and what to ask it for (a ``[fetch]`` or ``[fallback]`` table)."""

    model_config = ConfigDict(strict=True, extra="forbid", frozen=True)
    publisher: str

    @property
    def params(self) -> dict[str, Any]:
        """The query fields the series file sets (optional ones left out are absent)."""
        return self.model_dump(exclude={"publisher"}, exclude_unset=True)


class Publisher(BaseModel):
    """One table of publishers.toml."""

    model_config = ConfigDict(strict=True, extra="forbid", frozen=True)
    id: str
    name: str
    base_url: str
    base_url_variable: str
    query: dict[str, str]
    layouts: str
    max_answer_mb: float  # an answer or file, decompressed
    max_line_kb: float  # a line of CSV text
    companions: dict[str, str] = {}

    def url(self) -> str:
        """The base URL: the environment variable's value if set (a mirror or proxy), else the default."""
        return os.environ.get(self.base_url_variable, self.base_url).rstrip("/")

    @property
    def query_fields(self) -> list[str]:
        return list(self.query)

    def query_model(self) -> type[Query]:
        fields: dict[str, Any] = {"publisher": (Literal[self.id], ...)}
        for name, words in self.query.items():
            kind = QUERY_TYPES[words.removesuffix(OPTIONAL)]
            fields[name] = (kind | None, None) if words.endswith(OPTIONAL) else (kind, ...)
        return create_model(f"{self.id}_query", __base__=Query, **fields)


@cache
def publishers() -> dict[str, Publisher]:
    """Every publisher, by id, in the file's order (read once per process)."""
    raw = tomllib.loads(PUBLISHERS_FILE.read_text(encoding="utf-8"))
    found = {key: Publisher(id=key, **table) for key, table in raw.items()}
    for publisher in found.values():
        unknown = {words.removesuffix(OPTIONAL) for words in publisher.query.values()} - set(QUERY_TYPES)
        if unknown:
            raise ValueError(f"{PUBLISHERS_FILE}: [{publisher.id}] query types {sorted(unknown)} unknown")
    return found


def publisher(key: str) -> Publisher:
    return publishers()[key]


def _tag(value: Any) -> str | None:
    """Which publisher a query table names (None when it is not a table or names none)."""
    return value.get("publisher") if isinstance(value, dict) else getattr(value, "publisher", None)


@cache
def query_type() -> Any:
    """The type of a ``[fetch]`` table: one model per publisher, picked by its ``publisher`` field."""
    models = tuple(Annotated[p.query_model(), Tag(key)] for key, p in publishers().items())
    return Annotated[Union[models], Discriminator(_tag)]  # noqa: UP007 (a union of a tuple of types)
