"""The CSV behind every table download: RFC 4180 quoting and no cell a spreadsheet would run.

A cell that starts like a formula (``=``, ``+``, ``-``, ``@``, their full-width forms, or a tab or
carriage return), even after leading spaces or invisible characters, gets an apostrophe in front,
as OWASP advises for CSV injection. Text cells only: numbers stay numbers, negative ones included.
Every field holding a delimiter, a quote or any line break (a bare carriage return too) is quoted,
so no cell can spill into the next one.
"""

from __future__ import annotations

import csv
import io
import math
import unicodedata
from typing import Any

import pandas as pd

FORMULA_STARTS = ("=", "+", "-", "@", "＝", "＋", "－", "＠")
CONTROL_STARTS = ("\t", "\r", "\n")


def _visible(value: str) -> str:
    """The text from its first character that shows: past spaces and every invisible format
    character (Unicode category Cf: zero-width spaces, soft hyphen, direction marks, ...), in any mix."""
    start = 0
    while start < len(value) and (value[start].isspace() or unicodedata.category(value[start]) == "Cf"):
        start += 1
    return value[start:]


def safe_cell(value: Any) -> Any:
    """The value as written to the CSV: missing values empty, risky text prefixed with an apostrophe."""
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return ""
    if not isinstance(value, str):
        return value
    if value.startswith(CONTROL_STARTS) or _visible(value).startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """UTF-8 CSV of the frame with its header, every cell through ``safe_cell``."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    writer.writerow([safe_cell(str(c)) for c in frame.columns])
    for row in frame.itertuples(index=False, name=None):
        writer.writerow([safe_cell(v) for v in row])
    return buffer.getvalue().encode("utf-8")
