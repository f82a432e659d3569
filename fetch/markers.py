"""Cells every publisher parser reads the same way: missing-value markers and time periods.

Publishers write a missing observation in many ways (SDMX-CSV ``NaN``, World Bank DataBank ``..``,
Eurostat ``:``, empty cells...): those are missing values, never errors. Anything else that is not a
number is an error naming the row. Periods finer than a year (``2023-Q1``, ``2023M01``...) are
dropped and counted, so the summary and the manifest can say how many.
"""

from __future__ import annotations

import math
import re

import pandas as pd

from fetch.errors import FetchError

# Compared after stripping spaces and lower-casing.
MISSING_MARKERS = frozenset(
    {"", "nan", "na", "n/a", "n.a.", "..", "...", "-", "--", ":", "null", "none", "#n/a", "…"}
)
ANNUAL = re.compile(r"(\d{4})(?:-A1?|A)?")
# SDMX (2023-Q1, 2023-M01, 2023-S1, 2023-W01, 2023-D001), ISO (2023-01, 2023-01-15) and
# World Bank API (2023Q1, 2023M01) periods shorter than a year.
SUB_ANNUAL = re.compile(
    r"\d{4}-?(?:Q[1-4]|S[12]|H[12]|T[1-3]|B[1-6]|M\d{1,2}|W\d{1,2}|D\d{1,3}|\d{2}(?:-\d{2})?)",
    re.IGNORECASE,
)


def is_missing(cell: object) -> bool:
    if cell is None:
        return True
    if isinstance(cell, float):
        return math.isnan(cell)
    return isinstance(cell, str) and cell.strip().lower() in MISSING_MARKERS


def _where(rows: pd.DataFrame, index: object, line_offset: int | None) -> str:
    row = rows.loc[index]
    place = f"{row['country_code']} {row['year']}"
    return f"line {int(index) + line_offset} ({place})" if line_offset is not None else place


def numeric_values(
    rows: pd.DataFrame, series_id: str, where: str, line_offset: int | None = None
) -> pd.DataFrame:
    """``value`` as floats: known missing markers become NaN; any other non-number is an error.

    ``line_offset`` turns a row's index into its line in the file (2 for a CSV read with one header
    line), so the message can say where to look.
    """
    numbers: list[float] = []
    for index, cell in rows["value"].items():
        if is_missing(cell):
            numbers.append(math.nan)
            continue
        try:
            number = float(cell.strip() if isinstance(cell, str) else cell)
        except (TypeError, ValueError):
            number = math.nan
        if isinstance(cell, bool) or math.isnan(number) or math.isinf(number):
            raise FetchError(
                series_id,
                where,
                f"{_where(rows, index, line_offset)}: value {cell!r} is neither a number nor a known "
                f"missing-value marker ({', '.join(repr(m) for m in sorted(MISSING_MARKERS))})",
            )
        numbers.append(number)
    return rows.assign(value=pd.Series(numbers, index=rows.index, dtype="float64"))


def annual_only(
    rows: pd.DataFrame, series_id: str, where: str, line_offset: int | None = None
) -> tuple[pd.DataFrame, list[str]]:
    """Keep annual rows (``year`` becomes the four digits); drop sub-annual ones and say how many.

    A period that is neither a year nor a known shorter period is an error naming the row.
    """
    periods = rows["year"].astype(str).str.strip()
    annual = periods.str.fullmatch(ANNUAL.pattern)
    sub_annual = ~annual & periods.str.fullmatch(SUB_ANNUAL.pattern, case=False)
    unknown = rows[~annual & ~sub_annual]
    if len(unknown):
        index = unknown.index[0]
        raise FetchError(
            series_id,
            where,
            f"{_where(rows, index, line_offset)}: period {periods[index]!r} is not a year "
            f"(nor a quarter, month, half-year or week)",
        )
    notes = []
    dropped = periods[sub_annual]
    if len(dropped):
        examples = ", ".join(sorted(set(dropped))[:3])
        notes.append(f"dropped {len(dropped)} rows with periods shorter than a year (e.g. {examples})")
    kept = rows[annual].assign(year=periods[annual].str.slice(0, 4))
    return kept, notes
