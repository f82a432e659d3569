"""What a series file holds, as validated models: the field list is written once, here.

A field added to ``SeriesInfo`` (with a default, if optional) is read from every series file, checked
for its type and shown in error messages' list of fields; nothing else needs to change.
"""

from __future__ import annotations

import itertools
import math
import re
from dataclasses import fields
from pathlib import Path
from typing import Annotated, Literal

from pydantic import (
    ConfigDict,
    Field,
    Strict,
    StringConstraints,
    TypeAdapter,
    ValidationInfo,
    model_validator,
)
from pydantic.dataclasses import dataclass
from pydantic_core import PydanticCustomError

from registry.publishers import Query, query_type
from registry.tomlfile import CUSTOM, MAX_TEXT

ID_PATTERN = re.compile(r"^[a-z][a-z0-9_]{0,63}$")
MAX_DECIMALS = 10  # digits shown after the point; more is a typo, not a precision


class RegistryError(ValueError):
    """A registry file that cannot be used; the message names the file, line and field."""


def rule(message: str, field: str = "", key: str = "") -> PydanticCustomError:
    """A broken project rule, reported with ``message`` as written: about ``field``, whose line is
    that of ``key`` (default: the field's own)."""
    return PydanticCustomError(CUSTOM, "{message}", {"message": message, "field": field, "key": key or field})


# TOML types as written: no "2" for 2, no 1 for true (a number is accepted where a float is asked).
Text = Annotated[str, Strict(), StringConstraints(max_length=MAX_TEXT)]
Whole = Annotated[int, Strict()]
Flag = Annotated[bool, Strict()]
Number = Annotated[float, Strict()]
CONFIG = ConfigDict(extra="forbid", validate_by_name=True, validate_by_alias=True)


@dataclass(frozen=True, config=CONFIG)
class SeriesInfo:
    """What a series is, as the app and the checks describe it (the top-level fields of its file)."""

    id: Text
    title: Text
    unit: Text
    short_unit: Text
    definition: Text
    source: Text  # where the title and definition were taken from
    publisher: Text
    dataset: Text
    indicator: Text
    licence: Text
    attribution: Text
    page: Text  # the dashboard page that shows it
    min_value: Number
    max_value: Number
    decimals: Whole
    integer: Flag = Field(False, alias="counts")  # counts of things (births), shown without decimals
    sex: Literal["female", "male"] | None = None  # for series that come in pairs
    pair: Text | None = None  # the other sex's series id
    long_history: Flag = False  # earlier releases' years are spliced into the current file
    survey: Flag = False  # one survey per country, each in its own year: charted by country (time use)
    gap: Flag = False  # a difference between women and men (or relative to men): it narrows or widens
    map_bins: tuple[Number, ...] = ()  # the map's colour bin edges, rising; empty: from the data

    def describe_value(self, value: float) -> str:
        """Format a value the way the publisher's unit reads (e.g. "29.0%", "230,028")."""
        if self.integer:
            return f"{value:,.0f}"
        text = f"{value:,.{self.decimals}f}"
        return f"{text}{self.short_unit}" if self.short_unit == "%" else f"{text} {self.short_unit}".rstrip()


@dataclass(frozen=True, config=CONFIG, kw_only=True)
class SeriesSpec(SeriesInfo):
    """One series file, validated: what the series is, and which publisher serves it."""

    fetch: query_type()  # type: ignore[valid-type]
    fallback: query_type() | None = None  # type: ignore[valid-type]  # e.g. OWID without the OECD's limit
    publisher_metadata: dict[Text, Text] = Field(default_factory=dict)  # the publisher's own words

    @model_validator(mode="after")
    def _consistent(self, info: ValidationInfo) -> SeriesSpec:
        path = Path((info.context or {}).get("path", f"{self.id}.toml"))
        if self.id != path.stem or not ID_PATTERN.match(self.id):
            raise rule(
                f"{self.id!r} must match the file name ({path.stem}) and be lowercase letters, digits and _",
                "id",
            )
        if not ID_PATTERN.match(self.page):
            raise rule(f"expected a page name such as 'explore', got {self.page!r}", "page")
        for name in ("min_value", "max_value"):
            if not math.isfinite(getattr(self, name)):
                raise rule(f"expected a finite number, got {getattr(self, name)!r}", name)
        if not 0 <= self.decimals <= MAX_DECIMALS:
            raise rule(f"expected 0 to {MAX_DECIMALS}, got {self.decimals!r}", "decimals")
        if self.min_value >= self.max_value:
            raise rule("must be above min_value", "max_value")
        if self.map_bins and not (
            len(self.map_bins) >= 2
            and all(math.isfinite(b) for b in self.map_bins)
            and all(a < b for a, b in itertools.pairwise(self.map_bins))
        ):
            raise rule("expected two or more rising numbers, such as [0, 10, 20]", "map_bins")
        if (self.sex is None) != (self.pair is None):
            message = "sex and pair come together (the women's and men's series name each other)"
            raise rule(message, "pair", "pair" if self.pair is not None else "sex")
        object.__setattr__(self, "_path", path)  # frozen: set once, here
        object.__setattr__(
            self, "_info", SeriesInfo(**{f.name: getattr(self, f.name) for f in fields(SeriesInfo)})
        )
        return self

    @property
    def path(self) -> Path:
        """The file the series was read from."""
        return self.__dict__["_path"]

    @property
    def info(self) -> SeriesInfo:
        """The top-level fields alone: a plain, hashable value the app caches on."""
        return self.__dict__["_info"]

    def query(self, publisher: str) -> Query | None:
        """The query for this publisher, whether it is the primary source or the fallback."""
        return next((q for q in (self.fetch, self.fallback) if q and q.publisher == publisher), None)


SERIES_FILE = TypeAdapter(SeriesSpec)


def field_names() -> list[str]:
    """The fields and tables of a series file, in order, as the file spells them."""
    return [spec.alias or name for name, spec in SeriesSpec.__pydantic_fields__.items()]
