"""Countries and country groups, from country_converter's maintained table.

OECD membership with accession years comes from that library's data file, not from memory.
The table is read directly because the library's own class does not load under pandas 3.
"""

from __future__ import annotations

import importlib.resources
import re
from functools import cache

import pandas as pd

KOREA = "KOR"


@cache
def _country_table() -> pd.DataFrame:
    path = importlib.resources.files("country_converter") / "country_data.tsv"
    with path.open(encoding="utf-8") as handle:
        table = pd.read_csv(handle, sep="\t", keep_default_na=False, dtype=str)
    return table.set_index("ISO3")


@cache
def country_codes() -> frozenset[str]:
    """ISO 3166 alpha-3 codes, plus the user-assigned codes publishers use (XKX, CHI)."""
    return frozenset(_country_table().index)


def is_country(code: str) -> bool:
    return code in country_codes()


@cache
def country_names() -> dict[str, str]:
    return _country_table()["name_short"].to_dict()


def country_name(code: str) -> str:
    return country_names().get(code, code)


@cache
def _name_patterns() -> list[tuple[str, re.Pattern[str]]]:
    table = _country_table()
    return [(code, re.compile(pattern, re.IGNORECASE)) for code, pattern in table["regex"].items() if pattern]


def code_for_name(name: str) -> str | None:
    """ISO3 code for a country name as publishers write it ("Korea", "UK", "China*"), or None."""
    cleaned = name.replace("*", "").strip()
    matches = {code for code, pattern in _name_patterns() if pattern.search(cleaned)}
    return matches.pop() if len(matches) == 1 else None


@cache
def oecd_accession_years() -> dict[str, int]:
    column = _country_table()["OECD"]
    return {code: int(year) for code, year in column.items() if year}


def oecd_members(year: int | None = None) -> frozenset[str]:
    """OECD members, or those that had joined by the end of ``year``."""
    years = oecd_accession_years()
    return frozenset(code for code, joined in years.items() if year is None or joined <= year)


@cache
def un_members() -> frozenset[str]:
    """UN member states, so a "lowest in the world" ranking can leave out territories (HKG, MAC)."""
    column = _country_table()["UNmember"]
    return frozenset(code for code, joined in column.items() if joined)


# A year counts as covered for a group when at least this share of its members report: averages and
# rankings over fewer move with who reports, not with the countries (EU members report the wage gap
# every four years). Used by the dashboard's OECD averages and default years and by the claim checker.
MIN_COVERAGE = 0.8

GROUPS = {"oecd": "OECD members", "un": "UN member states", "all": "All countries"}
MEMBER = {"oecd": "OECD member", "un": "UN member state", "all": "country"}  # one of a group


def members_phrase(group: str, n: int) -> str:
    """How many of a group, in a sentence: "1 OECD member", "38 OECD members", "190 countries"."""
    if n == 1:
        return f"1 {MEMBER[group]}"
    return f"{n} countries" if group == "all" else f"{n} {GROUPS[group]}"


def group_members(group: str, codes: set[str] | frozenset[str], year: int | None = None) -> set[str]:
    """Restrict ``codes`` to a named group ("oecd", "un" or "all")."""
    if group == "oecd":
        return set(codes) & oecd_members(year)
    if group == "un":
        return set(codes) & un_members()
    if group == "all":
        return set(codes)
    raise ValueError(f"unknown group {group!r}; known groups: {', '.join(GROUPS)}")
