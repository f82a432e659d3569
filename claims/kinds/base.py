"""What every check kind shares: its parameters (validated from claims files) and its context.

A kind declares its parameters as ``Param``s; the loader coerces claims-file values with
``coerce`` so a bad value gets a message saying what was expected.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from claims.data import DataView
from claims.model import Article, CheckResult, Evidence
from registry.catalogue import current
from registry.groups import GROUPS, group_members, is_country

YEAR_PATTERN = re.compile(r"^published\s*(?:([+-])\s*(\d{1,3}))?$")  # the data span 1900-2100
LOOSE_YEAR = re.compile(r"^published\s*[+-]\s*\d+$")
MAX_WHOLE = 1_000  # a whole-number parameter: more than there are countries or years


# ---------------------------------------------------------------- parameters


@dataclass(frozen=True)
class Param:
    """One parameter of a check kind: its type ("series", "country", "number", ...) and default."""

    name: str
    type: str
    required: bool = False
    default: Any = None
    choices: tuple[str, ...] = ()
    doc: str = ""


def coerce(param: Param, value: Any) -> Any:
    """Check a parameter value from a claims file; raise ValueError with what was expected."""
    kind = param.type
    if kind == "series":
        if not isinstance(value, str) or value not in current():
            raise ValueError(f"expected a series id ({', '.join(current())}), got {value!r}")
        return value
    if kind == "measure":
        return _coerce_measure(value)
    if kind == "country":
        if not isinstance(value, str) or not is_country(value.upper()):
            raise ValueError(f"expected an ISO 3166 alpha-3 country code such as 'KOR', got {value!r}")
        return value.upper()
    if kind == "group":
        if value not in GROUPS:
            raise ValueError(f"expected a country group ({', '.join(GROUPS)}), got {value!r}")
        return value
    if kind == "choice":
        if value not in param.choices:
            raise ValueError(f"expected one of {', '.join(param.choices)}, got {value!r}")
        return value
    if kind in ("number", "positive"):
        if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
            raise ValueError(f"expected a number, got {value!r}")
        if kind == "positive" and value <= 0:
            raise ValueError(f"expected a number above 0, got {value!r}")
        return float(value)
    if kind == "int":
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_WHOLE:
            raise ValueError(f"expected a whole number from 1 to {MAX_WHOLE:,}, got {value!r}")
        return value
    if kind == "year":
        return _coerce_year(value, param.choices)
    raise AssertionError(f"unknown parameter type {kind}")


def _coerce_measure(value: Any) -> str:
    """A series id, or a ratio of two written "numerator/denominator"."""
    parts = value.split("/") if isinstance(value, str) else []
    if not 1 <= len(parts) <= 2 or any(part.strip() not in current() for part in parts):
        raise ValueError(
            f"expected a series id ({', '.join(current())}) or a ratio of two such as "
            f"'unpaid_care_female/unpaid_care_male', got {value!r}"
        )
    return "/".join(part.strip() for part in parts)


def _coerce_year(value: Any, words: tuple[str, ...]) -> Any:
    if isinstance(value, int) and not isinstance(value, bool) and 1900 <= value <= 2100:
        return value
    if isinstance(value, str) and (value in words or YEAR_PATTERN.match(value.strip())):
        return value.strip()
    if isinstance(value, str) and LOOSE_YEAR.match(value.strip()):
        digits = sum(c.isdigit() for c in value)
        raise ValueError(f"the years after 'published' may have at most 3 digits, got {digits:,}")
    allowed = ", ".join([*(repr(w) for w in words), "a year such as 2023", "'published-1'"])
    raise ValueError(f"expected {allowed}, got {value!r}")


# ---------------------------------------------------------------- context


@dataclass
class Context:
    """What a check may read: the data as of a date, and the article it judges."""

    view: DataView
    article: Article

    @property
    def published_year(self) -> int:
        return self.article.published.year

    def resolve_year(self, spec: Any) -> int | None:
        """A fixed year, a year relative to the article ("published-1"), or None for 'latest'."""
        if isinstance(spec, int):
            return spec
        match = YEAR_PATTERN.match(str(spec))
        if not match:
            return None
        sign, offset = match.groups()
        delta = int(offset or 0) * (-1 if sign == "-" else 1)
        return self.published_year + delta

    def group(self, group: str, codes: set[str], country: str) -> set[str]:
        """Group members (membership as of the article's year), always with the subject country."""
        return group_members(group, set(codes), year=self.published_year) | {country}

    @property
    def data_phrase(self) -> str:
        return f"the data published by {self.view.as_of}" if self.view.as_of else "the data"


@dataclass(frozen=True)
class CheckKind:
    name: str
    summary: str
    params: tuple[Param, ...]
    run: Callable[[Context, dict[str, Any]], CheckResult]
    rule: Callable[[dict[str, Any]], str]
    validate: Callable[[dict[str, Any]], None] = lambda params: None
    describe: Callable[[dict[str, Any]], str] = lambda params: ""  # what is tested, in a few words
    shows: Callable[[dict[str, Any]], Evidence] = lambda params: Evidence.FIGURE  # for the combination rule


SERIES_P = Param("series", "series", required=True, doc="series id in data/")
COUNTRY_P = Param("country", "country", default="KOR", doc="ISO3 code of the subject country")
GROUP_P = Param("group", "group", default="oecd", doc="comparison group: oecd or all")
LATEST = ("latest",)
