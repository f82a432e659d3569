"""SDMX-CSV as the OECD Data Explorer writes it (with or without label columns).

One row per observation: ``STRUCTURE,STRUCTURE_ID,...,<dimension codes>[,TIME_PERIOD],OBS_VALUE,...``
(``format=csvfilewithlabels``), or in the plain ``format=csv`` layout (SDMX-CSV 1.0),
``DATAFLOW,<dimension codes>[,TIME_PERIOD],OBS_VALUE,...``, whose DATAFLOW names the structure.
A dataflow without a time dimension (the OECD time-use dataflow, ``REF_AREA.MEASURE.SEX``) has no
``TIME_PERIOD`` column at all; its rows come back undated, for the caller to date.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import pandas as pd

from fetch.errors import FetchError
from fetch.markers import annual_only, numeric_values

HEADER_START = ["STRUCTURE", "STRUCTURE_ID"]
PLAIN_START = ["DATAFLOW"]  # the plain csv layout
LINE_OFFSET = 2  # a data row's index + 2 is its line in the file (one header line)


@dataclass(frozen=True)
class Dataflow:
    agency: str
    id: str
    version: str
    filters: dict[str, str]  # SDMX-CSV column -> code kept
    time_dimension: bool = True

    @property
    def ref(self) -> str:
        return f"{self.agency},{self.id},{self.version}"

    @property
    def structure_id(self) -> str:
        return f"{self.agency}:{self.id}({self.version})"


def is_sdmx_csv(header: list[str]) -> bool:
    return header[:2] == HEADER_START or header[:1] == PLAIN_START


def parse_sdmx_csv(
    text: str, flow: Dataflow, filters: dict[str, str], series_id: str, where: str
) -> tuple[pd.DataFrame, list[str]]:
    """Rows of one dataflow matching ``filters`` -> (country_code[, year], value) and notes.

    ``value`` is a float or NaN (missing markers); sub-annual periods are dropped and counted.
    """
    try:
        table = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    except (pd.errors.ParserError, ValueError) as exc:
        raise FetchError(series_id, where, f"unreadable SDMX-CSV ({exc})") from exc
    if "STRUCTURE_ID" not in table.columns and "DATAFLOW" in table.columns:  # the plain layout
        table = table.rename(columns={"DATAFLOW": "STRUCTURE_ID"})
    time = ("TIME_PERIOD",) if flow.time_dimension else ()
    required = ("STRUCTURE_ID", "REF_AREA", *time, "OBS_VALUE", *filters)
    missing = [c for c in required if c not in table.columns]
    if missing:
        raise FetchError(series_id, where, f"unexpected SDMX-CSV schema: missing columns {missing}")
    structures = set(table["STRUCTURE_ID"])
    if structures != {flow.structure_id}:
        raise FetchError(
            series_id, where, f"holds dataflow {sorted(structures)}, expected {flow.structure_id}"
        )
    for column, code in filters.items():
        table = table[table[column] == code]
    if table.empty:
        raise FetchError(series_id, where, f"no rows match {filters}")
    names = {"REF_AREA": "country_code", "TIME_PERIOD": "year", "OBS_VALUE": "value"}
    rows = table.rename(columns=names)[[names[c] for c in ("REF_AREA", *time, "OBS_VALUE")]]
    notes: list[str] = []
    if flow.time_dimension:
        rows, notes = annual_only(rows, series_id, where, LINE_OFFSET)
        rows = numeric_values(rows, series_id, where, LINE_OFFSET)
    else:
        rows = numeric_values(rows.assign(year="(no period)"), series_id, where, LINE_OFFSET)
        rows = rows.drop(columns="year")
    return rows, notes
