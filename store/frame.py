"""The tidy frame every series file holds (``country_code,country,year,value``), and its validation.

Validation runs before anything is written, so a bad response never replaces good data.
"""

from __future__ import annotations

import math

import pandas as pd

from registry.groups import country_name, is_country
from registry.model import SeriesInfo

COLUMNS = ["country_code", "country", "year", "value"]
MIN_YEAR = 1900
MAX_YEAR = 2100


class ValidationError(ValueError):
    """A series frame that breaks the tidy schema; the message says which rows and why."""


def _numbers(column: pd.Series, name: str, dtype: str) -> pd.Series:
    """Numbers, or a ValidationError (not a bare ValueError that would crash a whole fetch run)."""
    try:
        return pd.to_numeric(column, errors="raise").astype(dtype)
    except (ValueError, TypeError) as exc:
        raise ValidationError(f"{name} column holds something that is not a number: {exc}") from exc


def tidy_frame(rows: pd.DataFrame) -> pd.DataFrame:
    """Normalise parsed rows to the schema: canonical names, int years, float values, sorted."""
    frame = rows.loc[:, ["country_code", "year", "value"]].copy()
    frame["country_code"] = frame["country_code"].astype(str).str.strip()
    frame["country"] = frame["country_code"].map(country_name)
    frame["year"] = _numbers(frame["year"], "year", "int64")
    frame["value"] = _numbers(frame["value"], "value", "float64")
    frame = frame.dropna(subset=["value"])
    return frame.loc[:, COLUMNS].sort_values(["country_code", "year"]).reset_index(drop=True)


def _sample(values: pd.Series, limit: int = 5) -> str:
    shown = ", ".join(str(v) for v in values.head(limit))
    more = f" (and {len(values) - limit} more)" if len(values) > limit else ""
    return shown + more


def validate(frame: pd.DataFrame, info: SeriesInfo, *, min_rows: int = 1) -> None:
    """Raise ValidationError unless ``frame`` is a plausible tidy frame for the series ``info`` describes."""
    series_id = info.id
    if list(frame.columns) != COLUMNS:
        raise ValidationError(f"{series_id}: columns {list(frame.columns)}, expected {COLUMNS}")
    if len(frame) < min_rows:
        raise ValidationError(f"{series_id}: {len(frame)} rows, expected at least {min_rows}")
    if not pd.api.types.is_integer_dtype(frame["year"]):
        raise ValidationError(f"{series_id}: year column is {frame['year'].dtype}, expected integers")
    if not pd.api.types.is_float_dtype(frame["value"]):
        raise ValidationError(f"{series_id}: value column is {frame['value'].dtype}, expected numbers")
    bad_codes = frame.loc[~frame["country_code"].map(is_country), "country_code"].drop_duplicates()
    if len(bad_codes):
        raise ValidationError(f"{series_id}: not ISO3 country codes: {_sample(bad_codes)}")
    bad_years = frame.loc[~frame["year"].between(MIN_YEAR, MAX_YEAR), "year"].drop_duplicates()
    if len(bad_years):
        raise ValidationError(f"{series_id}: years outside {MIN_YEAR}-{MAX_YEAR}: {_sample(bad_years)}")
    values = frame["value"]
    if values.isna().any() or not values.map(math.isfinite).all():
        raise ValidationError(f"{series_id}: missing or infinite values")
    outside = frame[~values.between(info.min_value, info.max_value)]
    if len(outside):
        where = _sample(
            outside["country_code"] + " " + outside["year"].astype(str) + "=" + outside["value"].astype(str)
        )
        raise ValidationError(
            f"{series_id}: values outside the plausible range {info.min_value:g} to "
            f"{info.max_value:g} {info.unit}: {where}"
        )
    duplicated = frame[frame.duplicated(["country_code", "year"], keep=False)]
    if len(duplicated):
        where = _sample((duplicated["country_code"] + " " + duplicated["year"].astype(str)).drop_duplicates())
        raise ValidationError(f"{series_id}: duplicate country-years: {where}")


def format_value(value: float) -> str:
    """Write a value so it reads back exactly: integers without ".0", floats round-trip."""
    return str(int(value)) if float(value).is_integer() else repr(float(value))
